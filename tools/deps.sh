#!/bin/sh
# Checks that the Debian packages flopcost builds with are installed.
# As root it installs the missing ones; otherwise it prints the exact command.
missing=""
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
  echo "flopcost: installing missing Debian packages:$missing"
  (apt-get install -y -q $missing || { apt-get update -q && apt-get install -y -q $missing; }) >/dev/null
  exit $?
fi
echo "flopcost: missing Debian packages. Install them with:" >&2
echo "  sudo apt-get install -y$missing" >&2
exit 1
