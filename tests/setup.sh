#!/usr/bin/env bash
# Installs the Debian packages and the npm package the build, the demo and
# the tests need, when they are missing. As root it runs apt-get itself;
# otherwise it prints the one command to run and stops.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(gcc make bc pkg-config libssl-dev libjansson-dev libhpdf-dev libqrencode-dev
          libsqlite3-dev sqlite3 openssl file fonts-arphic-gbsn00lp fonts-arphic-uming
          fonts-dejavu-core poppler-utils qpdf zbar-tools lighttpd curl valgrind
          libfcgi-dev wrk chromium python3 clang libclang-rt-14-dev libxlsxwriter-dev
          python3-openpyxl golang-go golang-golang-x-mod-dev)

# Node.js may come from another package source with npm inside it, where
# Debian's npm package would conflict: ask for them only when absent.
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
        || missing+=("$package")
done

if ((${#missing[@]})); then
    if [[ $(id -u) -ne 0 ]]; then
        echo "starmark needs these Debian packages; run as root:" >&2
        echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
        exit 2
    fi
    echo "installing: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The independent JOSE implementation for the interoperability tests,
# installed beside the tests (git-ignored), pinned in tests/package.json.
if [[ ! -d tests/node_modules/jose ]]; then
    (cd tests && npm install --no-audit --no-fund --silent >/dev/null)
fi
