# Installing: the programs' --version and help; make install into a scratch
# DESTDIR, and what it wrote; the installed programs run with the source
# tree out of reach (tests/install-lib.sh: a private mount namespace where
# the tree is an empty folder and the scratch install is /usr/local): a PDF
# rendered from the installed template and verified, the man pages, the
# systemd units (systemd-analyze verify, the timer's hour, the service's
# commands run as written); the shipped lighttpd example; and make
# uninstall, which removes exactly what install wrote.
source "$(dirname "$0")/../lib.sh"
source "$ROOT/tests/install-lib.sh"
source "$ROOT/tests/web-lib.sh"
VERSION=$(cat "$ROOT/VERSION")

# --version and help, from the build.
for program in issuer verifier verify.cgi; do
    expect_status 0 "$program --version" "$ROOT/$BIN/$program" --version
    check "$program --version prints $VERSION from VERSION" \
        grep -qx "$program (starmark) $VERSION" "$WORK/last.out"
done
expect_status 0 "a web server's request with --version in the arguments (RFC 3875 4.4)" \
    env REQUEST_METHOD=GET QUERY_STRING=--version STARMARK_CONFIG="$WORK/none.conf" "$CGI" --version
check "is answered as a request, not with the version" \
    bash -c "grep -q '^Status: 400' '$WORK/last.out' && ! grep -q '(starmark)' '$WORK/last.out'"
expect_status 0 "issuer help" "$ISSUER" help
commands=$(sed -n 's/^  \([a-z]*\) .*/\1/p' "$WORK/last.out")
table=$(grep -c '^    {"[a-z]*", cmd_' "$ROOT/issuer/main.c")
check "issuer help lists the commands of issuer/main.c's table ($(wc -w <<<"$commands") of $table)" \
    test "$(wc -w <<<"$commands")" -eq "$table" -a "$table" -gt 10
for command in $commands; do
    "$ISSUER" "$command" --help >help.out 2>help.err
    check "issuer $command --help prints its usage and exits 0" \
        bash -c "[[ $? -eq 0 && ! -s help.err ]] && grep -q '^usage: issuer $command ' help.out"
    "$ISSUER" help "$command" >help-again.out 2>&1
    check "issuer help $command says the same" cmp -s help.out help-again.out
done
"$ISSUER" help issue >help.out
check "issuer help issue names --again and --skip-issued" grep -qF -- "[--again | --skip-issued]" help.out
expect_status 2 "issuer help of an unknown command" "$ISSUER" help frobnicate
expect_message 'unknown command "frobnicate"' "it names the command"

# make demo installs what the demo needs and none of the test tools.
"$ROOT/tests/setup.sh" --list demo >demo-packages.txt
check "make demo's packages hold none of the test tools" \
    bash -c "! grep -qxE 'chromium|clang|valgrind|wrk|lighttpd|nginx|lintian|qpdf' demo-packages.txt"
check "but the build, the fonts, poppler and zbar" \
    bash -c "grep -qx libhpdf-dev demo-packages.txt && grep -qx fonts-arphic-uming demo-packages.txt \
             && grep -qx poppler-utils demo-packages.txt && grep -qx zbar-tools demo-packages.txt"

# make install into a scratch DESTDIR that already holds another program.
STAGE="$WORK/stage"
USR_LOCAL="$STAGE/usr/local"
mkdir -p "$USR_LOCAL/bin" "$USR_LOCAL/share/man/man1"
echo "another program" >"$USR_LOCAL/bin/other-tool"
echo "another page" | gzip >"$USR_LOCAL/share/man/man1/other-tool.1.gz"
make_in_tree() {
    make --no-print-directory -C "$ROOT" BIN="$BIN" BUILD="${BIN/bin/build}" DESTDIR="$STAGE" \
        PREFIX=/usr/local "$@"
}
expect_status 0 "make install DESTDIR=... PREFIX=/usr/local" make_in_tree install
(cd "$STAGE" && find . -type f | sort) >installed.txt
cat >expected.txt <<'LIST'
./usr/local/bin/issuer
./usr/local/bin/other-tool
./usr/local/bin/verifier
./usr/local/lib/starmark/verify.cgi
./usr/local/lib/systemd/system/starmark-daily.service
./usr/local/lib/systemd/system/starmark-daily.timer
./usr/local/share/man/man1/issuer.1.gz
./usr/local/share/man/man1/other-tool.1.gz
./usr/local/share/man/man1/verifier.1.gz
./usr/local/share/starmark/examples/daily.conf
./usr/local/share/starmark/examples/lighttpd.conf
./usr/local/share/starmark/examples/nginx-cgi.conf
./usr/local/share/starmark/examples/nginx-fastcgi.conf
./usr/local/share/starmark/examples/verify.conf
./usr/local/share/starmark/templates/default.json
LIST
check "it installs the programs, man pages, template, examples and units" cmp -s expected.txt installed.txt
for program in bin/issuer bin/verifier lib/starmark/verify.cgi; do
    check "$program is the build's, mode 755" \
        bash -c "cmp -s '$USR_LOCAL/$program' '$ROOT/$BIN/${program##*/}' && [[ \$(stat -c %a '$USR_LOCAL/$program') == 755 ]]"
done
for page in issuer verifier; do
    check "$page.1.gz is docs/man/$page.1, compressed" \
        bash -c "zcat '$USR_LOCAL/share/man/man1/$page.1.gz' | cmp -s - '$ROOT/docs/man/$page.1'"
done
check "data files are mode 644" \
    bash -c "! find '$USR_LOCAL/share/starmark' '$USR_LOCAL/lib/systemd' -type f ! -perm 644 | grep -q ."
check "the units and examples name the installed paths" \
    bash -c "grep -qx 'ExecStart=/usr/local/bin/issuer sweep --db \${STARMARK_DB}' '$USR_LOCAL/lib/systemd/system/starmark-daily.service' \
             && grep -q '/usr/local/lib/starmark/verify.cgi' '$USR_LOCAL/share/starmark/examples/nginx-cgi.conf' \
             && ! grep -rq '@[A-Z]*DIR@' '$USR_LOCAL/share/starmark' '$USR_LOCAL/lib/systemd'"

# A body to work on, made with the build's issuer.
(cd "$WORK/run" 2>/dev/null || mkdir -p "$WORK/run" && cd "$WORK/run" && make_body \
    && "$ISSUER" issue --db reg.db --key auditor.key --approve-key head.key \
        --date "$(TZ=Asia/Shanghai date -d '-10 days' +%F)" "$DATA/five-star.json" >number)
NUMBER=$(cat "$WORK/run/number")
out_of_tree() { without_tree --usr-local "$USR_LOCAL" "$@"; }

# The installed programs, with the tree out of reach.
expect_status 0 "out of the tree: the tree is not there" out_of_tree test ! -e "$ROOT/Makefile"
expect_status 0 "out of the tree: the installed issuer runs" out_of_tree /usr/local/bin/issuer --version
check "and prints $VERSION" grep -qx "issuer (starmark) $VERSION" "$WORK/last.out"
expect_status 0 "out of the tree: the installed issuer renders a PDF" \
    out_of_tree /usr/local/bin/issuer render --db reg.db "$NUMBER" -o installed.pdf
check "the PDF names the holder" bash -c "pdftotext '$WORK/run/installed.pdf' - | grep -q 成都天府家电服务有限公司"
expect_status 0 "out of the tree: the installed verifier finds the PDF genuine" \
    out_of_tree /usr/local/bin/verifier --trust trust.json installed.pdf
expect_status 2 "out of the tree, without the installed template, render fails" \
    out_of_tree bash -c 'mount -t tmpfs none /usr/local/share/starmark/templates &&
                         exec /usr/local/bin/issuer render --db reg.db "$0" -o none.pdf' "$NUMBER"
expect_message "/usr/local/share/starmark/templates/default.json" \
    "and names where it looked: the installed DATADIR"
expect_status 0 "out of the tree: man finds the installed page" out_of_tree man -w issuer
check "in /usr/local/share/man" grep -qx /usr/local/share/man/man1/issuer.1.gz "$WORK/last.out"
for page in issuer verifier; do
    expect_status 0 "out of the tree: man $page renders" \
        out_of_tree env MANWIDTH=80 man --warnings "$page"
    check "without a groff warning" test ! -s "$WORK/last.err"
done

# The systemd units. systemd does not run here (nor in CI): the units are
# checked by systemd-analyze, and the service's commands run as it would.
UNITS=/usr/local/lib/systemd/system
expect_status 0 "systemd-analyze verify accepts the units" \
    out_of_tree systemd-analyze verify "$UNITS/starmark-daily.service" "$UNITS/starmark-daily.timer"
check "and has nothing to say about them" test ! -s "$WORK/last.err"
calendar=$(sed -n 's/^OnCalendar=//p' "$USR_LOCAL/lib/systemd/system/starmark-daily.timer")
check "the timer fires at 00:05 Beijing time ($calendar)" \
    bash -c "TZ=Asia/Shanghai systemd-analyze calendar '$calendar' | grep -q 'Next elapse: .* 00:05:00 CST'"
check "which is 16:05 UTC" \
    bash -c "TZ=UTC systemd-analyze calendar '$calendar' | grep -q 'Next elapse: .* 16:05:00 UTC'"
# The example daily.conf, pointed at the body; the passphrase as the
# credential systemd would hand over (%d, its credentials folder).
sed -e "s|/var/lib/starmark/registry.db|/tmp/run/reg.db|" -e "s|/var/lib/starmark/head.key|/tmp/run/head.key|" \
    -e "s|/var/lib/starmark/log.key|/tmp/run/log.key|" \
    -e "s|/srv/starmark/status|/tmp/run/public|" "$USR_LOCAL/share/starmark/examples/daily.conf" \
    >"$WORK/run/daily.conf"
mkdir -p "$WORK/run/credentials"
printf '%s\n' "$STARMARK_PASSPHRASE" >"$WORK/run/credentials/head-passphrase"
cat >"$WORK/run/service.sh" <<'SCRIPT'
# As systemd runs starmark-daily.service: EnvironmentFile, Environment (with
# %d, the credentials folder), then each ExecStart in order, the first
# failure ending the run with its status.
unit=/usr/local/lib/systemd/system/starmark-daily.service
unset STARMARK_PASSPHRASE
set -a
source daily.conf
eval "$(sed -n 's|^Environment=||p' "$unit" | sed 's|%d|/tmp/run/credentials|g')"
set +a
while read -r command; do
    eval "$command" || exit
done < <(sed -n 's/^ExecStart=//p' "$unit")
SCRIPT
expect_status 0 "the service's commands: the sweep, then the publication" out_of_tree bash service.sh
check "the sweep ran" grep -q '^sweep on ' "$WORK/last.out"
check "then the publication" grep -q '^published serial 1 to /tmp/run/public' "$WORK/last.out"
check "valid for 36 hours" /usr/bin/python3 -c '
import base64, datetime, json, sys
payload = open(sys.argv[1]).read().split(".")[1]
m = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
span = datetime.datetime.fromisoformat(m["next_update"]) - datetime.datetime.fromisoformat(m["issued_at"])
sys.exit(span != datetime.timedelta(hours=36))' "$WORK/run/public/current/manifest.jws"
printf 'wrong\n' >"$WORK/run/credentials/head-passphrase"
expect_status 2 "with a wrong passphrase credential the service fails" out_of_tree bash service.sh
check "at the publication, saying why" grep -q 'head.key: wrong passphrase' "$WORK/last.err"

# The shipped lighttpd example: lighttpd starts verify.cgi under FastCGI.
"$ISSUER" publish --db "$WORK/run/reg.db" --key "$WORK/run/head.key" --out "$WORK/run/pub" >/dev/null
printf 'trust = %s/run/trust.json\npublication = %s/run/pub\n' "$WORK" "$WORK" >verify.conf
sed -e "s|@CGIDIR@/verify.cgi|$CGI|" -e "s|/run/lighttpd/starmark-verify.socket|$WORK/lighttpd.socket|" \
    -e "s|/etc/starmark/verify.conf|$WORK/verify.conf|" "$ROOT/deploy/lighttpd.conf" >example-lighttpd.conf
mkdir -p www
port=$(free_port)
cat >lighttpd-example.conf <<CONF
server.document-root = "$WORK/www"
server.bind = "127.0.0.1"
server.port = $port
server.errorlog = "$WORK/lighttpd-error.log"
include "$WORK/example-lighttpd.conf"
CONF
check "deploy/lighttpd.conf: lighttpd accepts it" lighttpd -tt -f lighttpd-example.conf
lighttpd_start "$WORK/lighttpd-example.conf"
WEB_URL="http://127.0.0.1:$port"
wait_for_web "$WEB_URL/" lighttpd || exit 1
check "deploy/lighttpd.conf: /verify answers a certificate number" \
    bash -c "curl -s '$WEB_URL/verify?no=$NUMBER' | grep -q 'class=\"banner s-valid\"'"
web_stop

# make uninstall removes exactly what install wrote.
expect_status 0 "make uninstall" make_in_tree uninstall
check "it removes every file install wrote, and only those" \
    test "$(cd "$STAGE" && find . -type f | sort | tr '\n' ' ')" \
         = "./usr/local/bin/other-tool ./usr/local/share/man/man1/other-tool.1.gz "
check "and starmark's own folders" test ! -e "$USR_LOCAL/share/starmark" -a ! -e "$USR_LOCAL/lib/starmark"
