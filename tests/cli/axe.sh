# The verification page against axe-core (WCAG 2.0 A/AA, WCAG 2.1 AA and
# best practices) in Debian's headless Chromium: every kind of page a
# person can meet (a valid certificate, each status, not genuine, status
# unknown, 400, 404, 503 and the search form), in Chinese and in English,
# with zero violations allowed. Screenshots go to tests/out/screenshots/.
source "$(dirname "$0")/../lib.sh"
source "$ROOT/tests/web-lib.sh"
make_web_body
mkdir -p www/broken
ln -s "$CGI" www/verify.cgi
ln -s "$CGI" www/broken/verify.cgi
printf 'trust = trust.json\npublication = pub\ncolour = red\n' >broken.conf
WEB_CONFIGS=broken
web_start "$WORK/www" || exit 1
SHOTS="$ROOT/tests/out/screenshots"
mkdir -p "$SHOTS"

# One character of the signature changed: not genuine.
forged=$(python3 -c 'import sys; q = sys.argv[1]; i = len(q) - 13
print(q[:i] + ("A" if q[i] != "A" else "B") + q[i + 1:])' "$(qr_query "$VALID")")
pages=()
for lang in zh en; do
    while read -r name query; do
        pages+=("$name-$lang=$WEB_URL/$query&lang=$lang")
    done <<TABLE
valid verify.cgi?$(qr_query "$VALID")
valid-number verify.cgi?no=$VALID
suspended verify.cgi?no=$SUSPENDED
revoked verify.cgi?$(qr_query "$REVOKED")
withdrawn verify.cgi?no=$WITHDRAWN
expired verify.cgi?no=$EXPIRED
overdue verify.cgi?no=$OVERDUE
not-yet-valid verify.cgi?no=$NOT_YET
status-unknown verify.cgi?$(qr_query "$UNPUBLISHED")
not-genuine verify.cgi?$forged
escaped-holder verify.cgi?no=$XSS
bad-request verify.cgi?no=%ZZ
not-found verify.cgi?no=TEST-2026-999999
unavailable broken/verify.cgi?no=$VALID
form verify.cgi?x=1
TABLE
done
# The form is the page without parameters; x=1 above only carried lang.
pages=("${pages[@]/verify.cgi?x=1&/verify.cgi?}")

# The check can fail: the valid page with its language, its main landmark
# and the colour of its banner text taken away.
curl -s "$WEB_URL/verify.cgi?no=$VALID" \
    | sed -e 's/<html lang="zh-CN">/<html>/' -e 's/<main>/<div>/' -e 's|</main>|</div>|' \
          -e 's/\.banner{\([^}]*\)color:#fff/.banner{\1color:#777/' >spoiled.html
pages+=("spoiled-page=file://$WORK/spoiled.html")

timeout 300 node "$ROOT/tests/axe.mjs" --shots "$SHOTS" "${pages[@]}" >axe.out 2>axe.err
status=$?
cat axe.out
check "axe looked at every page (${#pages[@]})" test "$(grep -c '^\(not \)\{0,1\}ok - axe: ' axe.out)" -eq "${#pages[@]}"
[[ $status -eq 0 ]] || failed "axe.mjs exited with status $status: $(tail -3 axe.err)"
