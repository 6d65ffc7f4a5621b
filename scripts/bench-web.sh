#!/usr/bin/env bash
# The web benchmarks of `make bench`: the initial JavaScript of the built SPA
# (gzip, ≤ 150 KB) and Lighthouse on the sign-in and account pages
# (performance ≥ 0.95, accessibility 1). Needs bin/portal and frontend/dist
# (`make build`; `make bench` builds both). Starts the real server with the
# demo district, a fresh temporary data folder and free loopback ports, waits
# for /readyz, runs scripts/bench-web/bench-web.mjs against it, writes
# bench-web-results.json (and the Lighthouse reports in bench-web-reports/) in
# the repository root and stops the server. Lighthouse (pinned in
# scripts/bench-web/package-lock.json) is installed there with `npm ci` when
# missing; it drives the machine's Chromium (CHROME_PATH, default
# /usr/bin/chromium), never a downloaded one. Flags go to the Node script:
#   scripts/bench-web.sh --runs 5 --no-desktop --only js|lighthouse
# A missed target still exits 0; only a failure to measure exits non-zero.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
NPM=${NPM:-npm}
server=${PORTAL_BENCH_SERVER:-bin/portal}
dist=${PORTAL_BENCH_WEB_DIR:-frontend/dist}
tool=scripts/bench-web

if [ ! -x "$server" ]; then
  echo "bench-web: no server binary at $server: run 'make build' first (or 'make bench')" >&2
  exit 1
fi
if [ ! -f "$dist/index.html" ]; then
  echo "bench-web: no $dist/index.html: build the SPA first ('make build' or 'cd frontend && npm run build')" >&2
  exit 1
fi
dist=$(cd "$dist" && pwd)
export CHROME_PATH=${CHROME_PATH:-${CHROMIUM_PATH:-/usr/bin/chromium}}
CHROMIUM_PATH=$CHROME_PATH scripts/ensure-chromium.sh

if [ ! -f "$tool/node_modules/.installed" ] || [ "$tool/package-lock.json" -nt "$tool/node_modules/.installed" ]; then
  echo "bench-web: installing Lighthouse into $tool/node_modules (npm ci)..." >&2
  (cd "$tool" && "$NPM" ci --no-audit --no-fund >&2)
  touch "$tool/node_modules/.installed"
fi

read -r port mailport < <(node -e '
  const net = require("node:net");
  const one = () => new Promise((ok) => { const s = net.createServer(); s.listen(0, "127.0.0.1", () => ok(s)); });
  Promise.all([one(), one()]).then((ss) => { console.log(ss.map((s) => s.address().port).join(" ")); ss.forEach((s) => s.close()); });')

tmp=$(mktemp -d "${TMPDIR:-/tmp}/portal-bench-web-XXXXXX")
# The embedded PostgreSQL runs as an unprivileged user when we are root.
chmod 755 "$tmp"
pid=
stop() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap stop EXIT
trap 'exit 130' INT TERM

base="http://127.0.0.1:$port"
(
  # Like portal-bench: the server runs with its defaults, whatever this shell
  # says about another database, mail relay or hash cost.
  for v in $(compgen -e); do
    case $v in
      PORTAL_PG_BIN_DIR) ;;
      PORTAL_* | SMTP_* | MAIL_FROM* | DATABASE_URL | LOG_LEVEL) unset "$v" ;;
    esac
  done
  export PORTAL_DEMO=1 PORTAL_ADDR="127.0.0.1:$port" PORTAL_DATA_DIR="$tmp/data" \
    PORTAL_MAIL_CATCHER_ADDR="127.0.0.1:$mailport" PORTAL_WEB_DIR="$dist"
  exec "$server" serve
) >"$tmp/server.out" 2>"$tmp/server.log" &
pid=$!

deadline=$((SECONDS + ${PORTAL_BENCH_READY_TIMEOUT:-120}))
until curl -fsS -o /dev/null --max-time 2 "$base/readyz" 2>/dev/null; do
  if ! kill -0 "$pid" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
    echo "bench-web: the server at $base did not become ready:" >&2
    tail -n 30 "$tmp/server.log" >&2 || true
    exit 1
  fi
  sleep 0.2
done
echo "bench-web: portal $base (pid $pid), SPA from $dist, Chromium $CHROME_PATH"

# The family dashboard is measured with the demo child linked: her student ID is in the
# banner's access-code line (the server prints it once ready).
child=
for _ in $(seq 100); do
  child=$(sed -n 's/^ *access code  *\([0-9]\{9\}\)  *RVRK-7P9Q-X2MH.*/\1/p' "$tmp/server.out" | head -n 1)
  [ -n "$child" ] && break
  sleep 0.1
done
if [ -z "$child" ]; then
  echo "bench-web: the server's banner lists no demo access code:" >&2
  cat "$tmp/server.out" >&2
  exit 1
fi

rm -rf bench-web-reports
node "$tool/bench-web.mjs" --base "$base" --dist "$dist" --demo-child "$child" \
  --out bench-web-results.json --reports bench-web-reports "$@"
