#!/bin/sh
# Installs the Debian packages qupiya needs to build, run and test, and only
# those that are missing; then the npm packages of the browser tests
# (tests/web: playwright-core, with `npm ci`) when they are missing. Safe to
# run again: with everything present it does nothing and needs no network.
# Needs root (or sudo) only when installing Debian packages. The browser
# tests use Debian's chromium; no browser is ever downloaded by npm.
# postgresql-15 is only the server programs the tests start in a throwaway
# cluster (scripts/pg-cluster.sh); the Debian package's own cluster is not
# used (create it or not: the tests never touch it).
set -eu

PKGS="build-essential cmake pkg-config
libmicrohttpd-dev libjansson-dev libsodium-dev libssl-dev libsqlite3-dev sqlite3
libseccomp-dev clang libclang-rt-14-dev
libpq-dev postgresql-15
python3 curl openssl chromium"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
# Node.js and npm for the browser tests: Debian's nodejs and npm, unless a
# node/npm is already installed (another packaging of Node.js, whose npm
# the Debian npm package would conflict with).
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"

web_deps() {
	web="$(dirname "$0")/../tests/web"
	if [ -d "$web" ] && { [ ! -d "$web/node_modules/playwright-core" ] || [ ! -d "$web/node_modules/@axe-core/playwright" ]; }; then
		echo "install-deps: npm ci in tests/web"
		(cd "$web" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
	fi
}

if [ -z "$missing" ]; then
	web_deps
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
web_deps
