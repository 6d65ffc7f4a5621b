#!/usr/bin/env bash
# The OneRoster import benchmark of `make bench`: a synthetic district of
# PORTAL_BENCH_IMPORT_STUDENTS students (1,000,000 by default: 60,000 teachers, 200,000
# classes, 6,000,000 enrolments) written as a OneRoster set to a temporary folder, checked
# (roster.Check alone, time and memory), imported into an empty district of a fresh embedded
# database, then imported again unchanged. Prints each time with its target (first import
# ≤ 120 s, unchanged re-import ≤ 60 s) and the peak heap and resident set (≤ 500 MB).
#   PORTAL_BENCH_IMPORT_STUDENTS=20000 scripts/bench-import.sh     (a quick look; make bench-smoke)
#   PORTAL_BENCH_IMPORT_TRACE=1 ...                                (the time of each step)
#   PORTAL_BENCH_IMPORT_CHECK_ONLY=1 ...                           (the check alone)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
GO=${GO:-go}
export PORTAL_BENCH_IMPORT_STUDENTS=${PORTAL_BENCH_IMPORT_STUDENTS:-1000000}
exec "$GO" test -count=1 -run '^$' -bench '^BenchmarkRosterImport$' -benchtime 1x -timeout 60m -v \
  ./backend/internal/postgres/
