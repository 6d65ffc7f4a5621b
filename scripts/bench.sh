#!/usr/bin/env bash
# Runs the benchmarks against the real server (bin/portal, built by
# `make build-go`; `make bench` builds it first). Builds the bench command,
# which starts the server with a fresh temporary database and the demo
# district, prints every figure with its target, writes bench-results.json in
# the repository root and stops the server. Flags go to the bench command:
#   scripts/bench.sh -duration 20s        (see: scripts/bench.sh -h)
#   scripts/bench.sh -profile x.pprof     CPU profile of the sign-ins (make bench)
#   scripts/bench.sh -smoke               a few seconds, for make test
# A missed target still exits 0; only a failure to measure exits non-zero.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
GO=${GO:-go}
server=${PORTAL_BENCH_SERVER:-bin/portal}
if [ ! -x "$server" ]; then
  echo "bench: no server binary at $server: run 'make build-go' first (or 'make bench')" >&2
  exit 1
fi
"$GO" build -o bin/portal-bench ./backend/cmd/portal-bench
# The burst opens one connection per simultaneous sign-in on both sides.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
exec bin/portal-bench -server "$server" "$@"
