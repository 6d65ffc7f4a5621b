#!/usr/bin/env bash
# Makes sure Debian's OpenLDAP server (slapd) and its tools (slapadd, ldap-utils) are
# installed: the directory write-back tests start a real slapd of their own on a free
# 127.0.0.1 port from a temporary config folder. The package's own postinst asks nothing
# when DEBIAN_FRONTEND=noninteractive; if it starts a system slapd on port 389, that one is
# not used by the tests.
set -euo pipefail
path=${SLAPD_PATH:-/usr/sbin/slapd}
[ -x "$path" ] && [ -x "$(dirname "$path")/slapadd" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing slapd and ldap-utils from Debian's packages..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slapd ldap-utils >/dev/null
  exit 0
fi
echo "The directory tests need OpenLDAP's slapd at $path." >&2
echo "Install it (Debian/Ubuntu: sudo apt-get install -y slapd ldap-utils) or set SLAPD_PATH." >&2
exit 1
