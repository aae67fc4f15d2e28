# From paper to phone: render a certificate PDF, read its QR code with a
# real scanner (zbarimg), open the link in headless Chromium against the
# local verify.cgi, check what the page says, and take screenshots at phone
# and desktop size into tests/out/screenshots/ (git-ignored) to look at.
source "$(dirname "$0")/../lib.sh"
source "$ROOT/tests/web-lib.sh"
make_web_body
mkdir www && ln -s "$CGI" www/verify.cgi
web_start "$WORK/www" || exit 1
SHOTS="$ROOT/tests/out/screenshots"
mkdir -p "$SHOTS"

# chrome OUTPUT-OPTION URL: a fresh profile each time, nothing from the net,
# and a phone set to Chinese (Accept-Language: zh-CN).
chrome() {
    rm -rf "$WORK/profile"
    timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run --disable-quic \
        --hide-scrollbars --accept-lang=zh-CN --user-data-dir="$WORK/profile" "$@" 2>/dev/null
}
screenshot() { # screenshot NAME WIDTHxHEIGHT URL
    rm -f "$SHOTS/$1.png"
    chrome --screenshot="$SHOTS/$1.png" --window-size="${2/x/,}" "$3" >/dev/null
    check "screenshot $1 ($2)" test -s "$SHOTS/$1.png"
}

expect_status 0 "render the valid certificate's PDF" \
    "$ISSUER" render --db reg.db "$VALID" -o certificate.pdf
pdftoppm -r 150 -png certificate.pdf page
scanned=$(zbarimg --raw page-1.png 2>/dev/null | head -1)
check "zbarimg reads the QR code" grep -q '?c=' <<<"$scanned"
check "the QR code is the certificate's link" test "$scanned" = "$("$ISSUER" qr --db reg.db "$VALID")"
# The printed link names the body's server; the test server stands in for it.
local_url="$WEB_URL/verify.cgi?${scanned#*\?}"

chrome --dump-dom "$local_url" >dom.html
check "Chromium shows the page" grep -q '<main>' dom.html
check "the page says 有效 (valid)" grep -q '<p class="word">有效' dom.html
check "the page names the holder" grep -q '成都天府家电服务有限公司' dom.html
check "the page shows the credit code" grep -q '91510100MA61R2AB3N' dom.html
check "the page shows five stars" grep -q '★★★★★' dom.html
screenshot valid-phone 360x740 "$local_url"
screenshot valid-desktop 1280x900 "$local_url"

chrome --dump-dom "$WEB_URL/verify.cgi?no=$SUSPENDED&lang=en" >dom.html
check "an English page says Suspended" grep -q '<p class="word">Suspended' dom.html
screenshot suspended-phone-en 360x740 "$WEB_URL/verify.cgi?no=$SUSPENDED&lang=en"
screenshot revoked-phone 360x740 "$WEB_URL/verify.cgi?$(qr_query "$REVOKED")"
screenshot overdue-phone 360x740 "$WEB_URL/verify.cgi?no=$OVERDUE"
screenshot unknown-phone 360x740 "$WEB_URL/verify.cgi?$(qr_query "$UNPUBLISHED")"
# One character of the signature changed.
forged="$WEB_URL/verify.cgi?$(python3 -c 'import sys; q = sys.argv[1]; i = len(q) - 13
print(q[:i] + ("A" if q[i] != "A" else "B") + q[i + 1:])' "$(qr_query "$VALID")")"
chrome --dump-dom "$forged" >dom.html
check "a forged QR code says 无效 (not genuine)" grep -q '<p class="word">无效' dom.html
screenshot forged-phone 360x740 "$forged"
screenshot form-phone 360x740 "$WEB_URL/verify.cgi"
screenshot not-found-phone 360x740 "$WEB_URL/verify.cgi?no=TEST-2026-999999"
screenshot xss-phone 360x740 "$WEB_URL/verify.cgi?no=$XSS"
chrome --dump-dom "$WEB_URL/verify.cgi?no=$XSS" >dom.html
check "a holder named <script> stays text in the browser" \
    grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' dom.html
