#!/usr/bin/env bash
# The View Report benchmark of `make bench`: one school of PORTAL_BENCH_ROSTER students
# (100,000 by default) bulk-loaded into a fresh embedded database, then the roster read
# alone and exported as CSV and as XLSX, as the server exports it (query, stream, audit),
# to the last byte. Prints the time of an export (targets: CSV ≤ 1 s, XLSX ≤ 2 s) and the
# peak Go heap and resident set while exporting (target ≤ 150 MB); fails when a file
# misses a student or the resident set passes the target. Then the same for the Student
# Accounts report of a school that size (classes of 25, three quarters of the rows opening a
# sealed default password).
#   PORTAL_BENCH_ROSTER=10000 scripts/bench-roster.sh     (a quick look)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
GO=${GO:-go}
export PORTAL_BENCH_ROSTER=${PORTAL_BENCH_ROSTER:-100000}
exec "$GO" test -count=1 -run '^$' -bench '^Benchmark(RosterExport|StudentAccountsExport)$' -benchtime 5x -timeout 20m \
  ./backend/internal/postgres/
