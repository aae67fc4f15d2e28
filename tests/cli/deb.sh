# The Debian package: make deb builds starmark_VERSION_ARCH.deb with
# dpkg-buildpackage (from a copy of the tree, into a scratch folder here);
# its version is VERSION's; dpkg-deb -c lists what it installs; lintian
# finds no error. Then, as root (CI is), it is installed for real: working
# commands, man pages, the units (verified; the timer not enabled), the
# system user, a PDF rendered and a page answered by the installed programs
# with the source tree out of reach; and purged again.
source "$(dirname "$0")/../lib.sh"
source "$ROOT/tests/install-lib.sh"
VERSION=$(cat "$ROOT/VERSION")
ARCH=$(dpkg --print-architecture)
DEB="$WORK/dist/starmark_${VERSION}_$ARCH.deb"

check "debian/changelog's version is VERSION ($VERSION)" \
    test "$(cd "$ROOT" && dpkg-parsechangelog -S Version)" = "$VERSION"
expect_status 0 "make deb" make --no-print-directory -C "$ROOT" deb BUILD="$WORK/build" DIST="$WORK/dist"
check "it builds starmark_${VERSION}_$ARCH.deb" test -s "$DEB"
check "whose version is VERSION" test "$(dpkg-deb -f "$DEB" Version)" = "$VERSION"
check "its dependencies name the fonts the template uses" \
    bash -c "dpkg-deb -f '$DEB' Depends | grep -q fonts-arphic-gbsn00lp"
dpkg-deb -c "$DEB" | awk '{print $6}' >contents.txt
for path in ./usr/bin/issuer ./usr/bin/verifier ./usr/lib/starmark/verify.cgi \
            ./usr/share/man/man1/issuer.1.gz ./usr/share/man/man1/verifier.1.gz \
            ./usr/share/starmark/templates/default.json ./usr/share/starmark/examples/nginx-fastcgi.conf \
            ./lib/systemd/system/starmark-daily.service ./lib/systemd/system/starmark-daily.timer \
            ./usr/share/doc/starmark/copyright; do
    check "dpkg-deb -c lists $path" grep -qx "$path" contents.txt
done
check "docs/install.md is among its documents" grep -Eqx '\./usr/share/doc/starmark/install\.md(\.gz)?' contents.txt
check "and nothing of the source tree, the build or the tests" \
    bash -c "! grep -Eq '^\./(tests|build|bin|debian|deploy)/|\.[oc]$' contents.txt"
# lintian exits non-zero on an error; warnings are listed, not fatal.
lintian --fail-on error "$DEB" >lintian.txt 2>&1
lintian_status=$?
check "lintian finds no error ($(grep -c '^W:' lintian.txt) warnings)" \
    bash -c "[[ $lintian_status -eq 0 ]] && ! grep -q '^E:' lintian.txt"
grep '^[EW]:' lintian.txt | sed 's/^/# /'

# Installing it, for real (root only; one test run at a time machine-wide).
if [[ $(id -u) -ne 0 ]]; then
    failed "installing the package needs root"
    exit 0
fi
exec 9>/run/lock/starmark-deb-test.lock
flock 9
installed_before=$(dpkg-query -W -f='${Status}' starmark 2>/dev/null | grep -c "install ok installed")
expect_status 0 "dpkg -i installs it" dpkg -i "$DEB"
check "the commands are on the PATH" bash -c "[[ \$(command -v issuer) == /usr/bin/issuer && \$(command -v verifier) == /usr/bin/verifier ]]"
expect_status 0 "issuer --version" issuer --version
check "it prints $VERSION" grep -qx "issuer (starmark) $VERSION" "$WORK/last.out"
expect_status 0 "/usr/lib/starmark/verify.cgi --version" /usr/lib/starmark/verify.cgi --version
check "man finds issuer(1) and verifier(1)" \
    bash -c "[[ \$(man -w issuer) == /usr/share/man/man1/issuer.1.gz && \$(man -w verifier) == /usr/share/man/man1/verifier.1.gz ]]"
check "the package made the starmark system user" \
    bash -c "getent passwd starmark | grep -q ':/var/lib/starmark:'"
expect_status 0 "systemd-analyze verify accepts the installed units" \
    systemd-analyze verify /lib/systemd/system/starmark-daily.service /lib/systemd/system/starmark-daily.timer
check "and has nothing to say about them" test ! -s "$WORK/last.err"
check "the timer is not enabled before daily.conf exists" \
    test ! -e /etc/systemd/system/timers.target.wants/starmark-daily.timer

# The installed programs, with the tree out of reach.
(cd "$WORK/run" 2>/dev/null || mkdir -p "$WORK/run" && cd "$WORK/run" && make_body \
    && "$ISSUER" issue --db reg.db --key auditor.key --approve-key head.key \
        --date "$(TZ=Asia/Shanghai date -d '-10 days' +%F)" "$DATA/five-star.json" >number)
NUMBER=$(cat "$WORK/run/number")
# Published from inside the namespace, so the registry remembers a
# publication (and its log) that render can reach there.
expect_status 0 "out of the tree: /usr/bin/issuer publishes" \
    without_tree issuer publish --db reg.db --key head.key --log-key log.key --out pub
expect_status 0 "out of the tree: /usr/bin/issuer renders a PDF with /usr/share/starmark's template" \
    without_tree issuer render --db reg.db "$NUMBER" -o packaged.pdf
expect_status 0 "out of the tree: /usr/bin/verifier finds it genuine" \
    without_tree verifier --trust trust.json packaged.pdf
printf 'trust = trust.json\npublication = pub\n' >"$WORK/run/verify.conf"
expect_status 0 "out of the tree: the installed verify.cgi answers a request" \
    without_tree env REQUEST_METHOD=GET QUERY_STRING="no=$NUMBER" \
        STARMARK_CONFIG=/tmp/run/verify.conf /usr/lib/starmark/verify.cgi
check "with the valid page" grep -q 'class="banner s-valid"' "$WORK/last.out"

if [[ $installed_before -eq 1 ]]; then
    echo "# a starmark package was installed before this test: it is left installed (this version)"
    exit 0
fi
expect_status 0 "dpkg --purge removes it" dpkg --purge starmark
check "and its files" test ! -e /usr/bin/issuer -a ! -e /usr/lib/starmark -a ! -e /usr/share/starmark \
    -a ! -e /lib/systemd/system/starmark-daily.timer
