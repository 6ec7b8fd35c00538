#!/bin/sh
# Installs the Debian packages qupiya needs to build, run and test, and only
# those that are missing. Safe to run again: with everything present it does
# nothing and needs no network. Needs root (or sudo) only when installing.
set -eu

PKGS="build-essential cmake pkg-config
libmicrohttpd-dev libjansson-dev libsodium-dev libsqlite3-dev sqlite3
python3 curl"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	exit 0
fi

echo "install-deps: installing:$missing"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO="sudo"
	else
		echo "install-deps: need root to install:$missing" >&2
		exit 1
	fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
