#!/usr/bin/env bash
# Installs the Debian packages and the npm packages starmark needs, when
# they are missing. As root it runs apt-get itself; otherwise it prints the
# one command to run and stops.
#
#   tests/setup.sh demo    what `make demo` needs: the build, the fonts the
#                          certificate uses, poppler and zbar for its PDF
#                          and QR steps, and node for its forger
#   tests/setup.sh         (make test, CI) that, and every tool the tests,
#                          the fuzzing and the benches use
#   tests/setup.sh --list [demo]   only print the packages
set -euo pipefail
cd "$(dirname "$0")/.."

list_only=
[[ ${1:-} == --list ]] && { list_only=1; shift; }
purpose=${1:-test}

# Building: the compiler and the libraries' headers (debian/control's
# Build-Depends say the same).
demo_packages=(gcc make pkg-config libssl-dev libjansson-dev libhpdf-dev libqrencode-dev
               libsqlite3-dev libfcgi-dev libxlsxwriter-dev
               fonts-arphic-gbsn00lp fonts-arphic-uming fonts-dejavu-core
               poppler-utils zbar-tools)
# The tests, the fuzzing and the benches: real tools and servers.
test_packages=(bc sqlite3 openssl file qpdf libnss3-tools lighttpd curl valgrind wrk chromium python3
               python3-openpyxl clang libclang-rt-14-dev
               nginx fcgiwrap spawn-fcgi golang-go golang-golang-x-mod-dev
               dpkg-dev debhelper fakeroot lintian systemd man-db bsdutils util-linux)

packages=("${demo_packages[@]}")
[[ $purpose == demo ]] || packages+=("${test_packages[@]}")
# Node.js may come from another package source with npm inside it, where
# Debian's npm package would conflict: ask for them only when absent.
command -v node >/dev/null || packages+=(nodejs)
[[ $purpose == demo ]] || command -v npm >/dev/null || packages+=(npm)

if [[ -n $list_only ]]; then
    printf '%s\n' "${packages[@]}"
    exit 0
fi

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

# The tests' npm packages, pinned in tests/package.json and installed beside
# the tests (git-ignored): jose and sm-crypto (independent JOSE and SM2
# implementations), axe-core and playwright-core (the accessibility checks).
if [[ $purpose != demo ]] && ! (cd tests && npm ls --depth=0 >/dev/null 2>&1); then
    (cd tests && npm install --no-audit --no-fund --silent >/dev/null)
fi
