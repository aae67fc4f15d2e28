# verify.cgi behind a real web server (lighttpd on 127.0.0.1 only): every
# outcome a person can meet, the same JSON as `verifier --json`, each kind
# of bad input, a holder name that tries HTML, the headers, broken
# configurations, and no memory errors or leaks under valgrind.
# tests/cli/nginx.sh runs it again behind nginx (WEB_SERVER, web-lib.sh).
source "$(dirname "$0")/../lib.sh"
source "$ROOT/tests/web-lib.sh"
make_web_body

# A second body (same id, its own keys): its QR codes are not genuine for
# ours, and its publication cannot vouch for our certificates.
mkdir other
(cd other && make_body && issue_on "$(shanghai_day '-10 days')" "$DATA/five-star.json" >number \
    && "$ISSUER" publish --db reg.db --key head.key --out pub >/dev/null)
OTHER_QUERY=$(cd other && qr_query "$(cat number)")

# A publication whose record of VALID was swapped for SUSPENDED's: no
# longer the record the shard index lists.
cp -r pub pub-altered
swapped=$(find -L pub-altered/current -name "$VALID.record.*")
cp "$(find -L pub-altered/current -name "$SUSPENDED.record.*")" "$swapped"
check "pub-altered holds another record under $VALID" \
    bash -c "[[ -f '$swapped' ]] && ! cmp -s '$swapped' '${swapped/pub-altered/pub}'"
# And one that lost its signed manifest: no status for anything.
cp -r pub pub-nomanifest
rm pub-nomanifest/current/manifest.jws

# A trust store that no longer trusts the lead auditor's key: records the
# publication lists are still judged by their keys, not only by its digests.
python3 -c "
import json; t = json.load(open('trust.json'))
t['keys'] = [k for k in t['keys'] if k['role'] != 'auditor']
json.dump(t, open('trust-no-auditor.json', 'w'), ensure_ascii=False)"

mkdir -p www/mismatch www/broken www/missing www/english www/altered www/nopub www/noauditor
for dir in www www/mismatch www/broken www/missing www/english www/altered www/nopub \
           www/noauditor; do
    ln -s "$CGI" "$dir/verify.cgi"
done
echo "static" >www/static.txt
printf 'trust = %s/trust.json\npublication = %s/other/pub\n' "$WORK" "$WORK" >mismatch.conf
printf 'trust = trust.json\npublication = pub\ncolour = red\n' >broken.conf
printf 'trust = trust.json\npublication = pub\nlang_default = en\nresult_max_age = 5\n' >english.conf
printf 'trust = %s/trust.json\npublication = %s/pub-altered\n' "$WORK" "$WORK" >altered.conf
printf 'trust = %s/trust.json\npublication = %s/pub-nomanifest\n' "$WORK" "$WORK" >nopub.conf
printf 'trust = %s/trust-no-auditor.json\npublication = %s/pub\n' "$WORK" "$WORK" >noauditor.conf
WEB_CONFIGS="mismatch broken missing english altered nopub noauditor"
web_start "$WORK/www" || exit 1

# fetch PATH [CURL-ARGS...]: the status in $CODE, headers.txt, body.txt
# (none when nothing came back: curl would leave the last one in place).
fetch() {
    local path=$1; shift
    rm -f body.txt headers.txt
    CODE=$(curl -s -o body.txt -D headers.txt -w '%{http_code}' "$@" "$WEB_URL/$path")
}
expect_code() { # expect_code CODE DESCRIPTION PATH [CURL-ARGS...]
    local want=$1 what=$2; shift 2
    fetch "$@"
    if [[ $CODE == "$want" ]]; then pass "$what (HTTP $want)"
    else failed "$what: HTTP $CODE, wanted $want: $(head -c 200 body.txt 2>/dev/null)"; fi
}
body_has() { check "$2" grep -qF -- "$1" body.txt; }
body_lacks() { check "$2" bash -c "test -s body.txt && ! grep -qF -- \"\$0\" body.txt" "$1"; }
header_has() { check "$2" grep -qiE -- "$1" headers.txt; }

# outcome NAME QUERY RESULT WORD SYMBOL HOLDER USCC: one result page.
outcome() {
    local name=$1 query=$2 result=$3 word=$4 symbol=$5 holder=$6 uscc=$7
    expect_code 200 "$name: answered" "verify.cgi?$query"
    body_has "class=\"banner s-$result\"" "$name: $result banner"
    body_has "<p class=\"word\">$word<" "$name: the banner says $word"
    body_has ">$symbol</span>" "$name: the banner shows $symbol"
    body_has "<p class=\"name\">$holder</p>" "$name: holder name in large type"
    body_has "<p class=\"uscc\">$uscc</p>" "$name: credit code in large type"
    body_has "请与纸质证书逐字核对" "$name: compare with the paper"
    body_has "状态发布于" "$name: when the status was published"
    header_has '^Cache-Control: public, max-age=60' "$name: a result may be cached briefly"
}
CHENGDU=成都天府家电服务有限公司 CHENGDU_CODE=91510100MA61R2AB3N
HANGZHOU=杭州云帆电子科技有限公司 HANGZHOU_CODE=91330106MA2H4KQ5XT
GUANGZHOU=广州珠江汽车配件有限公司 GUANGZHOU_CODE=91440101MA5CXY7L2F

# Every outcome, from the QR code (c=) and from the number (no=).
while read -r var result word symbol holder code; do
    number=${!var}
    outcome "$var QR" "$(qr_query "$number")" "$result" "$word" "$symbol" "${!holder}" "${!code}"
    outcome "$var number" "no=$number" "$result" "$word" "$symbol" "${!holder}" "${!code}"
done <<'TABLE'
VALID valid 有效 ✓ CHENGDU CHENGDU_CODE
SUSPENDED suspended 暂停 ! HANGZHOU HANGZHOU_CODE
REVOKED revoked 撤销 ✕ GUANGZHOU GUANGZHOU_CODE
WITHDRAWN withdrawn 注销 ✕ CHENGDU CHENGDU_CODE
EXPIRED expired 过期 ✕ HANGZHOU HANGZHOU_CODE
OVERDUE overdue 监督逾期 ! GUANGZHOU GUANGZHOU_CODE
NOT_YET not_yet_valid 尚未生效 … HANGZHOU HANGZHOU_CODE
TABLE
# A genuine claim the publication does not carry (issued after it) is
# genuine by its own signature.
outcome "UNPUBLISHED QR" "$(qr_query "$UNPUBLISHED")" status_unknown 状态未知 "?" "$CHENGDU" \
    "$CHENGDU_CODE"
body_has "is not in the publication" "status unknown says why"
expect_code 200 "our QR code without the signed manifest" "nopub/verify.cgi?$(qr_query "$VALID")"
body_has 'class="banner s-status_unknown"' "no manifest: genuine, status unknown"
body_has "<p class=\"name\">$CHENGDU</p>" "no manifest: the holder is shown"
# The record beside the status is not the one the index lists: the claim
# is checked by its own signature, and the swapped record is not shown; the
# log no longer backs the record the claim belongs to, so the status is
# unknown.
expect_code 200 "our QR code beside a swapped record" "altered/verify.cgi?$(qr_query "$VALID")"
body_has 'class="banner s-status_unknown"' "a swapped record: the genuine claim's status is unknown"
body_has "the record is not the one the publication lists" "a swapped record: says why"
body_has "<p class=\"name\">$CHENGDU</p>" "a swapped record: the claim's holder is shown"
body_lacks "$HANGZHOU" "a swapped record: not the other certificate's holder"
expect_code 200 "our QR code against another body's publication" \
    "mismatch/verify.cgi?$(qr_query "$VALID")"
body_has 'class="banner s-status_unknown"' "a publication we cannot trust: status unknown"
body_has "is not in the trust store" "and the page says why"

fetch "verify.cgi?no=$VALID"
body_has "家用电器的售后服务" "the scope is shown"
body_has "★★★★★" "the grade as stars"
body_has "五星级" "the grade's name"
body_has "测试认证中心 (CB-TEST)" "the issuing body"
body_has "下次应于此日前" "the next surveillance date"
fetch "verify.cgi?no=$SUSPENDED"
body_has "不再符合认证要求 — 投诉处理不符合要求" "a suspension shows its reason code and reason"
body_has "暂停 自 $(shanghai_day)" "and its date"
fetch "verify.cgi?$(qr_query "$REVOKED")"
body_has "提供虚假材料" "a QR result shows the revocation reason"
body_has "汽车配件的售后服务" "a QR result shows the scope from the published record"

# Not genuine: a changed signature, a changed payload, another body's key.
python3 - "$(qr_query "$VALID")" <<'PY' >tampered.txt
import base64, json, sys
query = sys.argv[1]
head, payload, signature = query[2:].split(".")
flip = "B" if signature[20] != "B" else "C"
print("c=" + ".".join([head, payload, signature[:20] + flip + signature[21:]]))
claim = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
claim["h"] = "假冒公司"
forged = base64.urlsafe_b64encode(json.dumps(claim, ensure_ascii=False).encode()).decode().rstrip("=")
print("c=" + ".".join([head, forged, signature]))
PY
# And VALID's very claim, published with its record, signed again with a
# key that is not the body's: the published record must not vouch for it.
claim=$(qr_query "$VALID")
signing_input=${claim#c=}
signing_input=${signing_input%.*}
openssl genpkey -algorithm ed25519 -out stranger.pem 2>/dev/null
printf '%s' "$signing_input" >signing-input.txt
stranger=$(openssl pkeyutl -sign -inkey stranger.pem -rawin -in signing-input.txt \
           | base64 -w0 | tr '+/' '-_' | tr -d '=')
echo "c=$signing_input.$stranger" >>tampered.txt
for query in "$(sed -n 1p tampered.txt)" "$(sed -n 2p tampered.txt)" "$(sed -n 3p tampered.txt)" \
             "$OTHER_QUERY"; do
    expect_code 200 "a forged QR code is answered" "verify.cgi?$query"
    body_has 'class="banner s-not_genuine"' "forged QR code: not genuine banner"
    body_has "<p class=\"word\">无效<" "forged QR code: 无效"
    body_lacks 'class="holder"' "forged QR code: no holder shown"
    body_lacks "假冒公司" "forged QR code: the forged name is not shown"
done

# The same JSON as verifier --json --status, by format=json or Accept.
check_json() { # check_json DESCRIPTION EXPECTED-COMMAND... (body.txt holds the answer)
    local what=$1; shift
    "$@" >expected.json 2>/dev/null
    check "$what" cmp -s expected.json body.txt
}
for var in VALID SUSPENDED REVOKED WITHDRAWN EXPIRED OVERDUE NOT_YET UNPUBLISHED; do
    number=${!var}
    fetch "verify.cgi?$(qr_query "$number")&format=json"
    check_json "$var: QR JSON equals verifier --json --qr" \
        "$VERIFIER" --trust trust.json --status pub --json --qr "$("$ISSUER" qr --db reg.db "$number")"
done
header_has '^Content-Type: application/json; charset=utf-8' "JSON has its content type"
fetch "noauditor/verify.cgi?no=$VALID&format=json"
check "a listed record whose auditor key is no longer trusted is not genuine" \
    grep -q '"result": "not_genuine"' body.txt
check_json "and its JSON equals verifier --json" \
    bash -c "\"$ISSUER\" export --db reg.db $VALID -o valid.json && \"$VERIFIER\" --trust trust-no-auditor.json --status pub --json valid.json"
for var in VALID SUSPENDED REVOKED WITHDRAWN EXPIRED OVERDUE NOT_YET; do
    "$ISSUER" export --db reg.db "${!var}" -o record.json
    fetch "verify.cgi?no=${!var}" -H "Accept: application/json"
    check_json "$var: number JSON (Accept) equals verifier --json" \
        "$VERIFIER" --trust trust.json --status pub --json record.json
done
for line in 1 3; do
    fetch "verify.cgi?$(sed -n ${line}p tampered.txt)&format=json"
    check_json "not genuine ($line): JSON equals verifier --json" \
        "$VERIFIER" --trust trust.json --status pub --json --qr "https://verify.example.cn/v?$(sed -n ${line}p tampered.txt)"
done
for config in altered nopub; do
    fetch "$config/verify.cgi?$(qr_query "$VALID")&format=json"
    check_json "VALID, publication $config: QR JSON equals verifier --json --qr" \
        "$VERIFIER" --trust trust.json --status "$(sed -n 's/^publication = //p' $config.conf)" \
        --json --qr "$("$ISSUER" qr --db reg.db "$VALID")"
done
fetch "verify.cgi?no=$VALID" -H "Accept: text/html,application/xhtml+xml,*/*;q=0.8"
check "a browser's Accept gets HTML" grep -q '^<!DOCTYPE html>' body.txt

# A holder name that is HTML is shown as text.
for query in "no=$XSS" "$(qr_query "$XSS")"; do
    expect_code 200 "a holder named <script>" "verify.cgi?$query"
    body_has '&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;amp;有限公司' "the name is escaped"
    body_lacks '<script' "no script element reaches the page"
done

# Headers of a result page.
fetch "verify.cgi?no=$VALID"
header_has '^Content-Type: text/html; charset=utf-8' "HTML with its charset"
header_has "^Content-Security-Policy: default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; form-action 'self'" \
    "a CSP without script"
header_has '^X-Content-Type-Options: nosniff' "nosniff"
header_has '^Referrer-Policy: no-referrer' "no Referer"
style_hash=$(python3 -c '
import base64, hashlib, re, sys
css = re.search(r"<style>(.*?)</style>", open("body.txt", encoding="utf-8").read(), re.S).group(1)
print(base64.b64encode(hashlib.sha256(css.encode()).digest()).decode())')
check "the CSP hash is the page's style block" grep -qF "style-src 'sha256-$style_hash'" headers.txt
check "nothing loaded from elsewhere" bash -c "! grep -Eq '(src|href|action)=\"(https?:)?//' body.txt"
fetch "verify.cgi?no=$VALID" -I
check "HEAD: headers only" bash -c "! grep -q DOCTYPE body.txt"
header_has '^Content-Length: [1-9]' "HEAD: with the length of the page"

# The search form.
expect_code 200 "no parameters: the search form" "verify.cgi"
body_has '<form method="get" action="">' "a form"
body_has '查询结果能证明什么' "what the check proves"
expect_code 200 "the form in English" "verify.cgi?lang=en"
body_has 'What this check proves' "English text"
expect_code 200 "Accept-Language prefers English" "verify.cgi" -H "Accept-Language: en-GB,en;q=0.9,zh;q=0.5"
body_has '<html lang="en">' "English by Accept-Language"
expect_code 200 "Accept-Language prefers Chinese" "verify.cgi" -H "Accept-Language: zh-CN,en;q=0.5"
body_has '<html lang="zh-CN">' "Chinese by Accept-Language"
expect_code 200 "lang= wins over Accept-Language" "verify.cgi?lang=zh" -H "Accept-Language: en"
body_has '<html lang="zh-CN">' "Chinese by lang=zh"
fetch "verify.cgi?no=$SUSPENDED&lang=en"
body_has '<p class="word">Suspended<' "an English result"
body_has 'href="?lang=zh&amp;no='"$SUSPENDED"'"' "a link to the same result in Chinese"

# Bad input: a clear 400 or 404 page, never cached, never a crash.
long=$(printf 'A%.0s' $(seq 5000))
while read -r code problem query; do
    expect_code "$code" "bad input $query" "verify.cgi?${query//LONG/$long}"
    header_has '^Cache-Control: no-store' "bad input $query: not cached"
    body_has 'class="problem"' "bad input $query: a problem page"
    fetch "verify.cgi?${query//LONG/$long}" -H "Accept: application/json"
    check "bad input $query: JSON error $problem" grep -q "\"error\": \"$problem\"" body.txt
done <<'TABLE'
400 query_too_long no=LONG
400 malformed_claim c=abc
400 malformed_claim c=a.b.c
400 malformed_claim c=
400 unknown_parameter foo=1
400 unknown_parameter no
400 repeated_parameter no=TEST-2026-000001&no=TEST-2026-000002
400 conflicting_parameters no=TEST-2026-000001&c=a.b.c
400 bad_percent_encoding no=%ZZ
400 bad_percent_encoding no=TEST%4
400 bad_percent_encoding no=TEST%00
400 bad_utf8 no=%FF%FE
400 bad_utf8 no=TEST%0A
400 empty_parameter no=
400 empty_parameter no=+++
400 bad_value lang=fr
400 bad_value format=xml
400 not_a_number no=../../../etc/passwd
400 not_a_number no=..%2F..%2F..%2Fetc%2Fpasswd
400 not_a_number no=TEST-2026-000001%2F..%2F..%2Fcurrent
400 not_a_number no=%E6%B5%8B%E8%AF%95
404 not_found no=TEST-2026-999999
404 not_found no=current
TABLE
expect_code 404 "an unpublished number" "verify.cgi?no=$UNPUBLISHED"
body_has '未找到该证书' "not found, in Chinese"
body_has "value=\"$UNPUBLISHED\"" "the form keeps what was typed"
expect_code 404 "not found in English" "verify.cgi?no=$UNPUBLISHED&lang=en"
body_has 'No such certificate' "not found, in English"
expect_code 400 "a refusal in JSON by format=json" "verify.cgi?no=%ZZ&format=json"
check "the refusal is JSON" grep -q '"error": "bad_percent_encoding"' body.txt
expect_code 400 "a refusal in English by lang=en" "verify.cgi?no=%ZZ&lang=en"
body_has 'This request cannot be understood' "English refusal"
expect_code 400 "a refusal in English by Accept-Language" "verify.cgi?foo=1" -H "Accept-Language: en"
body_has 'This request cannot be understood' "English refusal by Accept-Language"
expect_code 200 "spaces around a typed number are ignored" "verify.cgi?no=+$VALID+"
expect_code 405 "POST is refused" "verify.cgi" -X POST -d "no=$VALID"
header_has '^Allow: GET, HEAD' "405 says what is allowed"

# Broken configurations: 503 and one clear line in the server's error log.
expect_code 503 "an unknown configuration key" "broken/verify.cgi?no=$VALID"
header_has '^Cache-Control: no-store' "503 is not cached"
body_has '查询服务暂时不可用' "503 page in Chinese"
check "the error log names the unknown key" grep -q 'verify.cgi: .*broken.conf:3: unknown key "colour"' "$WEB_ERROR_LOG"
expect_code 503 "a missing configuration file" "missing/verify.cgi"
check "the error log names the missing file" grep -q 'verify.cgi: configuration .*missing.conf: No such file' "$WEB_ERROR_LOG"
expect_code 200 "lang_default = en" "english/verify.cgi?no=$VALID"
body_has '<html lang="en">' "English by default when so configured"
header_has '^Cache-Control: public, max-age=5' "result_max_age sets the cache lifetime"
expect_code 200 "the static file beside it" "static.txt"

# The same program under FastCGI (lighttpd keeps two processes of it):
# the same bytes as CGI, request after request, without growing.
for answer in "200 $(qr_query "$VALID")" "200 no=$SUSPENDED" "200 no=$REVOKED&lang=en" \
              "200 $(qr_query "$XSS")&format=json" "400 no=%ZZ" "404 no=TEST-2026-999999"; do
    query=${answer#* }
    fetch "verify.cgi?$query"
    [[ -s body.txt ]] && mv body.txt cgi-body.txt
    expect_code "${answer%% *}" "FastCGI answers $query" "fcgi/verify?$query"
    check "FastCGI gives the same page as CGI for $query" cmp -s cgi-body.txt body.txt
    rm -f cgi-body.txt
done
fastcgi_processes() { # "PID RESIDENT-kB" for each FastCGI process of verify.cgi
    local pid
    for pid in $(web_fastcgi_pids); do
        echo "$pid $(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")"
    done
}
pids() { awk '{ print $1 }' <<<"$1" | xargs; }
resident() { awk '{ total += $2 } END { print total + 0 }' <<<"$1"; }
# wrk_counts REPORT...: the requests wrk made, and its errors (socket
# errors and answers over 399), summed over its reports.
wrk_counts() {
    awk '/ requests in / { requests += $1 }
         /Socket errors:/ { gsub(/,/, ""); errors += $4 + $6 + $8 + $10 }
         /Non-2xx or 3xx responses:/ { errors += $NF }
         END { print requests + 0, errors + 0 }' "$@"
}
wrk -t1 -c4 -d2s "$WEB_URL/fcgi/verify?$(qr_query "$VALID")" >wrk-warm-up.txt
before=$(fastcgi_processes)
wrk -t1 -c4 -d3s "$WEB_URL/fcgi/verify?$(qr_query "$VALID")" >wrk.txt
wrk -t1 -c4 -d2s "$WEB_URL/fcgi/verify?no=$SUSPENDED&lang=en" >>wrk.txt
after=$(fastcgi_processes)
read -r requests errors < <(wrk_counts wrk-warm-up.txt wrk.txt)
check "FastCGI served thousands of requests ($requests) with no error ($errors)" \
    test "$requests" -ge 1000 -a "$errors" -eq 0
check "the server keeps the two FastCGI processes of verify.cgi (pids $(pids "$before"))" \
    test "$(grep -c . <<<"$before")" -eq 2
check "the same processes served every request: none ended (pids $(pids "$after"))" \
    test -n "$before" -a "$(pids "$before")" = "$(pids "$after")"
# (A sanitizer build holds freed memory back on purpose.)
nm "$CGI" >symbols.txt 2>&1
sanitized=$(grep -c __asan_init symbols.txt)
[[ $sanitized -gt 0 ]] || check "FastCGI memory does not grow with requests ($(resident "$before") kB, then $(resident "$after") kB)" \
    test -n "$before" -a "$(resident "$after")" -le $(($(resident "$before") + 256))

# The rest is about the program, not the server: checked in the lighttpd run.
[[ $WEB_SERVER == lighttpd ]] || exit 0

# What verify.cgi is built from: no PDF, QR or SQLite code, no signing,
# and (but for a sanitizer build) no shared library to load per request.
# Each "none of" needs nm to have listed the symbols, main among them.
lacks_symbols() { grep -q ' T main$' symbols.txt && ! grep -Eq -- "$1" symbols.txt; }
check "verify.cgi holds no libharu, libqrencode or SQLite code" \
    lacks_symbols ' (HPDF_|QRcode_|sqlite3_)'
[[ $sanitized -gt 0 ]] || check "verify.cgi is linked statically, with no shared library" \
    bash -c "file -L '$CGI' | grep -q 'statically linked' && ! readelf -d '$CGI' | grep -q NEEDED"
check "verify.cgi has none of the issuer's signing, key or registry code" \
    lacks_symbols ' T (keyfile_|signer_|registry_|issue_certificate)'

# Memory: each kind of answer under valgrind, run as the server would
# (not for a sanitizer build, which checks itself and cannot run under it).
[[ $sanitized -gt 0 ]] && exit 0
# valgrind cannot check the static verify.cgi (it could not replace its
# malloc, and would see no heap at all): it checks verify-memcheck.cgi, the
# same objects linked with a shared libc (Makefile, VERIFY_CGI_STATIC).
MEMCHECK_CGI="$ROOT/$BIN/verify-memcheck.cgi"
check "verify-memcheck.cgi is built (make test builds it)" test -x "$MEMCHECK_CGI"
under_valgrind() { # under_valgrind DESCRIPTION QUERY [CONFIG]
    env REQUEST_METHOD=GET QUERY_STRING="$2" STARMARK_CONFIG="${3:-$WORK/verify.conf}" \
        valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
        "$MEMCHECK_CGI" >/dev/null 2>valgrind.err
    local status=$?
    if [[ $status -eq 0 ]]; then pass "valgrind: $1"
    else failed "valgrind: $1: exit $status: $(head -c 300 valgrind.err)"; fi
}
under_valgrind "the form" ""
under_valgrind "a valid QR code" "$(qr_query "$VALID")"
under_valgrind "a suspended number" "no=$SUSPENDED&lang=en"
under_valgrind "a forged QR code" "$(sed -n 2p tampered.txt)"
under_valgrind "a re-signed QR code" "$(sed -n 3p tampered.txt)"
under_valgrind "a QR code beside a swapped record" "$(qr_query "$VALID")" "$WORK/altered.conf"
under_valgrind "JSON" "no=$REVOKED&format=json"
under_valgrind "a bad query" "no=%ZZ&c=x"
under_valgrind "an unknown number" "no=TEST-2026-999999"
under_valgrind "a broken configuration" "no=$VALID" "$WORK/broken.conf"
