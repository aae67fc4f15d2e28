# From paper to phone: render a certificate PDF, read its QR code with a
# real scanner (zbarimg), open the link in headless Chromium against the
# local verify.cgi, check what the page says, and take screenshots at phone
# and desktop size into tests/out/screenshots/ (git-ignored) to look at:
# each of its size, showing its status in both languages and its banner in
# the status's colour (tests/screenshot_facts.py reads the PNG).
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
# screenshot NAME WIDTHxHEIGHT URL SELECTOR WORD...: one load of URL gives
# $SHOTS/NAME.png and the page's DOM in NAME.html. The PNG must be
# WIDTHxHEIGHT pixels; each WORD must be the whole text of an element of
# the page (a status shows its word in both languages); and the background
# colour the page's stylesheet gives SELECTOR (a status banner's .s-STATE,
# a refusal's .problem; - for none) must fill at least 5% of the screenshot.
screenshot() {
    local name=$1 size=$2 url=$3 selector=$4 word facts; shift 4
    rm -f "$SHOTS/$name.png" "$name.html"
    chrome --screenshot="$SHOTS/$name.png" --window-size="${size/x/,}" --dump-dom "$url" >"$name.html"
    facts=$(/usr/bin/python3 "$ROOT/tests/screenshot_facts.py" "$SHOTS/$name.png" 2>&1)
    check "screenshot $name is $size pixels ($facts)" test "$facts" = "$size"
    for word in "$@"; do
        check "$name: the page says $word" grep -qF ">$word<" "$name.html"
    done
    [[ $selector == - ]] && return
    facts=$(/usr/bin/python3 "$ROOT/tests/screenshot_facts.py" "$SHOTS/$name.png" "$name.html" \
            "$selector" 2>&1)
    check "$name: the screenshot shows $selector's colour ($facts)" \
        /usr/bin/python3 -c 'import sys; sys.exit(float(sys.argv[1].split()[-1]) < 0.05)' "$facts"
}

expect_status 0 "render the valid certificate's PDF" \
    "$ISSUER" render --db reg.db "$VALID" -o certificate.pdf
pdftoppm -r 150 -png certificate.pdf page
scanned=$(zbarimg --raw page-1.png 2>/dev/null | head -1)
check "zbarimg reads the QR code" grep -q '?c=' <<<"$scanned"
check "the QR code is the certificate's link" test "$scanned" = "$("$ISSUER" qr --db reg.db "$VALID")"
# The printed link names the body's server; the test server stands in for it.
local_url="$WEB_URL/verify.cgi?${scanned#*\?}"

screenshot valid-phone 360x740 "$local_url" .s-valid 有效 Valid
check "Chromium shows the page" grep -q '<main>' valid-phone.html
check "the page names the holder" grep -q '成都天府家电服务有限公司' valid-phone.html
check "the page shows the credit code" grep -q '91510100MA61R2AB3N' valid-phone.html
check "the page shows five stars" grep -q '★★★★★' valid-phone.html
screenshot valid-desktop 1280x900 "$local_url" .s-valid 有效 Valid
screenshot suspended-phone-en 360x740 "$WEB_URL/verify.cgi?no=$SUSPENDED&lang=en" .s-suspended \
    Suspended 暂停
screenshot revoked-phone 360x740 "$WEB_URL/verify.cgi?$(qr_query "$REVOKED")" .s-revoked 撤销 Revoked
screenshot overdue-phone 360x740 "$WEB_URL/verify.cgi?no=$OVERDUE" .s-overdue \
    监督逾期 "Surveillance overdue"
screenshot unknown-phone 360x740 "$WEB_URL/verify.cgi?$(qr_query "$UNPUBLISHED")" .s-status_unknown \
    状态未知 "Status unknown"
# One character of the signature changed.
forged="$WEB_URL/verify.cgi?$(python3 -c 'import sys; q = sys.argv[1]; i = len(q) - 13
print(q[:i] + ("A" if q[i] != "A" else "B") + q[i + 1:])' "$(qr_query "$VALID")")"
screenshot forged-phone 360x740 "$forged" .s-not_genuine 无效 "Not genuine"
screenshot form-phone 360x740 "$WEB_URL/verify.cgi" - 查询证书 查询结果能证明什么
screenshot not-found-phone 360x740 "$WEB_URL/verify.cgi?no=TEST-2026-999999" .problem 未找到该证书
screenshot xss-phone 360x740 "$WEB_URL/verify.cgi?no=$XSS" .s-valid 有效 Valid
check "a holder named <script> stays text in the browser" \
    grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' xss-phone.html
