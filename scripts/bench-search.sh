#!/usr/bin/env bash
# The staff search benchmark of `make bench`: a synthetic district of
# PORTAL_BENCH_STUDENTS students (1,000,000 by default) bulk-loaded into a fresh
# embedded database, then ID, username-prefix and name-prefix searches of a
# district admin and of a teacher, one at a time, as the server runs them.
# Prints p50 and p99 per search kind (target p99 ≤ 10 ms) and fails when a
# search plan scans the students table. Loading the district takes a few
# minutes; `make test` never runs it (go test runs no benchmarks without -bench).
#   PORTAL_BENCH_STUDENTS=20000 scripts/bench-search.sh     (a quick look)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
GO=${GO:-go}
export PORTAL_BENCH_STUDENTS=${PORTAL_BENCH_STUDENTS:-1000000}
exec "$GO" test -count=1 -run '^$' -bench '^BenchmarkStaffSearch$' -benchtime 1000x -timeout 60m \
  ./backend/internal/postgres/
