# PDF certificates through the CLI: `issuer issue --approve-key` then
# `issuer render`, read back the way a buyer's tools would (pdftotext,
# pdffonts, pdftoppm + zbarimg), the QR code's size, its claim tampered
# member by member (`verifier --qr`), the PDF itself verified and then
# altered, stripped and spliced (`verifier CERT.pdf`), rendering from an
# exported record, and `issuer render --all`. tests/cli/render.sh checks the
# renderer alone with made-up records.
source "$(dirname "$0")/../lib.sh"
make_body
AT=(--at 2026-12-01)
MAX_BYTES=204800

# ---- assessments ----

# Each holder gets its own valid credit code, so that a credit code read
# back can only have come from its own certificate.
python3 - "$DATA" <<'PY'
import json, sys

alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

def uscc(first17):
    check = 31 - sum(alphabet.index(c) * w for c, w in zip(first17, weights)) % 31
    return first17 + alphabet[0 if check == 31 else check]

base = json.load(open(sys.argv[1] + "/four-star.json", encoding="utf-8"))

def write(path, name, code, scope=None, **scores):
    d = json.loads(json.dumps(base))
    d["holder"]["name"] = name
    d["holder"]["uscc"] = uscc(code)
    if scope:
        d["scope"] = scope
    d["scores"].update(scores)
    json.dump(d, open(path, "w", encoding="utf-8"), ensure_ascii=False, indent=2)

name20 = "北京中关村海淀科技园电子设备维修有限公司"
name60 = ("广东省深圳市南山区粤海街道高新技术产业园区华信达电子信息科技股份有限公司"
          "第一分公司暨华南地区售后服务与客户支持中心（筹）")
scope300 = ("家用电器（空调器、电冰箱、洗衣机、热水器、厨房电器）的销售、配送、安装、调试、"
            "维修保养、退换货及顾客投诉处理等售后服务；计算机、通信设备及其零部件的技术支持、"
            "上门维修、以旧换新、废旧产品回收处置；智能家居系统的安装指导、远程诊断、软件升级"
            "和用户培训服务；消费电子产品（手机、平板电脑、智能手表、无线耳机）的延保服务、"
            "意外损坏保修、门店及上门取送修服务；售后服务网点管理、备件供应保障、客服热线与"
            "在线客服、服务质量监督检查与持续改进；服务内容还包括产品使用培训、节能改造咨询、"
            "旧机评估与以旧换新补贴申领协助等增值服务项目；覆盖广东、广西、福建、海南、湖南、"
            "江西六省区三百余个城市及其所辖县镇和乡村地区。")
assert (len(name20), len(name60), len(scope300)) == (20, 60, 300)
# 达标级: 93.5 points less 6 and 8 is 79.5, inside 70-79.9.
write("compliant.json", "南京金陵家用电器维修服务有限公司", "91320102MA1MXK3P2",
      customer_relations=6, complaints=5)
write("name20.json", name20, "91110108MA01RJ7Q4")
write("long.json", name60, "91440300MA5G0Y8T7", scope300)
write("rare.json", "𠮷野家餐饮管理（上海）有限公司", "91310115MA1K4Q2B3")
PY
check "the assessments are written" test -s compliant.json -a -s long.json

issue() { # issue FILE: issues and approves one assessment; prints its number
    "$ISSUER" issue --db reg.db --key auditor.key --approve-key head.key --date 2026-11-25 "$1"
}
declare -A number
for kind in compliant three-star four-star five-star name20 long; do
    file=$kind.json
    [[ -e $file ]] || file=$DATA/$kind.json
    number[$kind]=$(issue "$file" 2>"$WORK/last.err")
    check "$kind is issued: ${number[$kind]}" test -n "${number[$kind]}"
done
grades=(compliant three-star four-star five-star)

# What each certificate must show: from its assessment and `issuer list`.
expected() { # expected KIND FIELD
    local file=$1.json
    [[ -e $file ]] || file=$DATA/$1.json
    case $2 in
        name) python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["holder"]["name"])' "$file" ;;
        uscc) python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["holder"]["uscc"])' "$file" ;;
        scope) python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["scope"])' "$file" ;;
        issue) "$ISSUER" list --db reg.db | awk -v n="${number[$1]}" '$1 == n { print $4 }' ;;
        expiry) "$ISSUER" list --db reg.db | awk -v n="${number[$1]}" '$1 == n { print $5 }' ;;
    esac
}

# ---- rendering every grade ----

all_fonts_embedded() { # the emb column of every font pdffonts lists says yes
    pdffonts "$1" 2>/dev/null | awk 'NR > 2 && $(NF-4) != "yes" { bad = 1 } END { exit bad || NR < 3 }'
}
# FILE TEXT: an empty TEXT (an expected value not found) is never there.
line_is() { [[ -n $2 ]] && grep -qxF -- "$2" "$1"; }      # a line of the file is exactly TEXT
has() { [[ -n $2 ]] && grep -qF -- "$2" "$1"; }           # the file holds TEXT
lacks() { [[ -n $2 ]] && ! grep -qF -- "$2" "$1"; }       # the file does not hold TEXT
joined_has() { [[ -n $2 ]] && tr -d '\n' <"$1" | grep -F -- "$2" >/dev/null; } # with line breaks dropped

check_pdf() { # check_pdf KIND: texts, size, fonts, QR, verification
    local kind=$1 n=${number[$1]} pdf=${number[$1]}.pdf bytes field value
    expect_status 0 "$kind renders" "$ISSUER" render --db reg.db "$n"
    check "$kind: written as $pdf, as printed" grep -qxF "$pdf" last.out
    pdftotext -enc UTF-8 "$pdf" "$kind.txt" 2>/dev/null
    for field in name uscc scope issue expiry; do
        value=$(expected "$kind" "$field")
        if [[ $kind == long && ($field == name || $field == scope) ]]; then
            check "$kind: $field (${#value} characters, wrapped) reads back exactly" joined_has "$kind.txt" "$value"
        else
            check "$kind: $field reads back exactly: $value" line_is "$kind.txt" "$value"
        fi
    done
    check "$kind: certificate number reads back: $n" grep -qE "Certificate No\. +$n\$" "$kind.txt"
    bytes=$(wc -c <"$pdf")
    check "$kind: $bytes bytes, under $MAX_BYTES" test "$bytes" -lt "$MAX_BYTES"
    check "$kind: every font embedded" all_fonts_embedded "$pdf"

    "$ISSUER" qr --db reg.db "$n" >"$kind.url"
    rm -f "$kind"-*.png
    pdftoppm -r 150 -png "$pdf" "$kind" 2>/dev/null
    zbarimg --raw -q "$kind"-*1.png 2>/dev/null >"$kind.scanned"
    check "$kind: the QR at 150 dpi decodes to issuer qr's output byte for byte" cmp -s "$kind.scanned" "$kind.url"
    expect_status 0 "$kind: verifier --qr accepts the scanned text" \
        "$VERIFIER" --trust trust.json "${AT[@]}" --qr "$(cat "$kind.scanned")"
    check "$kind: verifier --qr shows the holder name" has last.out "$(expected "$kind" name)"
    check "$kind: verifier --qr shows the credit code" has last.out "$(expected "$kind" uscc)"
    expect_status 0 "$kind: verifier accepts the PDF" "$VERIFIER" --trust trust.json "${AT[@]}" "$pdf"
    check "$kind: verifier shows the PDF's holder" has last.out "$(expected "$kind" name)"
}

for kind in "${grades[@]}" name20 long; do
    check_pdf "$kind"
done
check "the grades print their names" bash -c "grep -q 达标级 compliant.txt && grep -q 三星级 three-star.txt \
    && grep -q 四星级 four-star.txt && grep -q 五星级 five-star.txt"
expect_status 0 "a scanned text is read from standard input (--qr -)" \
    bash -c "'$ROOT/$BIN/verifier' --trust trust.json ${AT[*]} --qr - <four-star.scanned"

# ---- the QR code's size ----

qr_version() { # qr_version KIND: the version issuer qr --info reports
    "$ISSUER" qr --db reg.db --info "${number[$1]}" | awk '{ print $2 }'
}
info=$("$ISSUER" qr --db reg.db --info "${number[four-star]}")
check "issuer qr --info: $info" bash -c "[[ '$info' =~ ^version\ [0-9]+\ modules\ [0-9]+\ level\ M\ bytes\ [0-9]+$ ]]"
check "issuer qr --info: modules are 17 + 4 x version" \
    bash -c "awk '{ exit !(\$4 == 17 + 4 * \$2) }' <<<'$info'"
check "issuer qr --info: bytes are the URL's" \
    bash -c "awk -v n=\$(tr -d '\n' <four-star.url | wc -c) '{ exit !(\$8 == n) }' <<<'$info'"
version=$(qr_version name20)
check "a 20-character holder name fits QR version 15 at level M (version $version)" test "$version" -le 15
version=$(qr_version long)
check "a 60-character holder name fits QR version 20 at level M (version $version)" test "$version" -le 20

# ---- the QR claim tampered ----

# tamper URL WHAT: the URL with one part of its claim changed, the rest kept
# byte for byte: a payload member (n b h c g i e), the header, or the signature.
tamper() {
    python3 - "$1" "$2" <<'PY'
import base64, json, sys

url, what = sys.argv[1], sys.argv[2]
base, claim = url.split("?c=")
header, payload, signature = claim.split(".")
decode = lambda s: base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))
encode = lambda b: base64.urlsafe_b64encode(b).decode().rstrip("=")
dump = lambda d: json.dumps(d, ensure_ascii=False, separators=(",", ":")).encode()
members = json.loads(decode(payload))
others = {"n": "TEST-2026-000999", "b": "CB-OTHER", "h": "假冒电子科技有限公司",
          "c": "91330106MA2H4KQ5XT", "g": "five_star", "i": "2026-11-01", "e": "2039-11-24"}
if what == "same":
    payload = encode(dump(members))
elif what in others:
    if members[what] == others[what]:
        others[what] = "91510100MA61R2AB3N" if what == "c" else "four_star"
    members[what] = others[what]
    payload = encode(dump(members))
elif what == "extra":
    members["x"] = "1"
    payload = encode(dump(members))
elif what == "header-kid":
    header = encode(b'{"alg":"EdDSA","kid":"x"}')
elif what == "header-none":
    header = encode(b'{"alg":"none"}')
elif what == "signature":
    middle = len(signature) // 2
    signature = signature[:middle] + ("A" if signature[middle] != "A" else "B") + signature[middle + 1:]
elif what == "signature-bits":
    # The last character carries 2 bits and 4 unused ones: changing only
    # those must be refused too (canonical base64url).
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    last = alphabet.index(signature[-1])
    signature = signature[:-1] + alphabet[last ^ 1]
elif what == "signature-short":
    signature = signature[:-2]
elif what == "no-signature":
    signature = ""
print(base + "?c=" + ".".join([header, payload, signature]))
PY
}

url=$(cat four-star.url)
check "re-encoding the claim unchanged gives it back byte for byte" test "$(tamper "$url" same)" = "$url"
expect_status 0 "the untampered claim verifies" "$VERIFIER" --trust trust.json "${AT[@]}" --qr "$url"
for what in n b h c g i e extra header-kid header-none signature signature-bits signature-short no-signature; do
    forged=$(tamper "$url" "$what")
    check "claim tampered ($what) differs from the original" test "$forged" != "$url"
    expect_status 1 "claim tampered ($what) is not genuine" "$VERIFIER" --trust trust.json "${AT[@]}" --qr "$forged"
done

# ---- the PDF altered, stripped and spliced ----

A=${number[four-star]}.pdf B=${number[five-star]}.pdf
"$ISSUER" export --db reg.db "${number[four-star]}" -o four-star.record.json
"$ISSUER" export --db reg.db "${number[five-star]}" -o five-star.record.json
edit() { python3 "$ROOT/tests/pdf_edit.py" "$@"; }

edit record "$A" same-record.pdf four-star.record.json
expect_status 0 "an incremental update that re-attaches the same record still verifies" \
    "$VERIFIER" --trust trust.json "${AT[@]}" same-record.pdf
edit url "$A" same-link.pdf "$(cat four-star.url)"
expect_status 0 "an incremental update that keeps the same QR link still verifies" \
    "$VERIFIER" --trust trust.json "${AT[@]}" same-link.pdf

edit flip "$A" flipped.pdf
check "flipping a byte of the record keeps the file's length" test "$(wc -c <flipped.pdf)" -eq "$(wc -c <"$A")"
check "flipping a byte of the record changes one byte" \
    bash -c "test \$(cmp -l '$A' flipped.pdf | wc -l) -eq 1"
expect_status 1 "a byte changed inside the embedded record: not genuine" \
    "$VERIFIER" --trust trust.json "${AT[@]}" flipped.pdf
check "the refusal names the failing signature" grep -q "does not verify" last.out

edit remove "$A" removed.pdf
expect_status 1 "the record removed (incremental update): not genuine" \
    "$VERIFIER" --trust trust.json "${AT[@]}" removed.pdf
check "the refusal says there is no record" grep -q "holds 0 starmark records" last.out
qpdf --remove-attachment=starmark-record.json "$A" qpdf-removed.pdf 2>/dev/null
expect_status 1 "the record removed by qpdf --remove-attachment: not genuine" \
    "$VERIFIER" --trust trust.json "${AT[@]}" qpdf-removed.pdf

edit record "$A" spliced.pdf five-star.record.json
expect_status 1 "another certificate's record spliced into the PDF: not genuine" \
    "$VERIFIER" --trust trust.json "${AT[@]}" spliced.pdf
check "the refusal says the QR link is not the record's" grep -q "not the claim of the record" last.out
"$ISSUER" render five-star.record.json -o other.pdf >/dev/null
pdfdetach -save 1 -o other.attachment other.pdf >/dev/null 2>&1
edit record "$A" spliced2.pdf other.attachment
expect_status 1 "the record taken out of another rendered PDF and spliced in: not genuine" \
    "$VERIFIER" --trust trust.json "${AT[@]}" spliced2.pdf

edit url "$A" relinked.pdf "$(cat five-star.url)"
expect_status 1 "the QR link pointed at another certificate's claim: not genuine" \
    "$VERIFIER" --trust trust.json "${AT[@]}" relinked.pdf
check "the refusal says the QR link is not the record's" grep -q "not the claim of the record" last.out
edit url "$A" nolink.pdf "https://verify.example.cn/v"
expect_status 1 "a QR link without a claim: not genuine" "$VERIFIER" --trust trust.json "${AT[@]}" nolink.pdf

# Both the record and the link taken from B make a file that is B's in
# everything the verifier reads: it says so, with B's holder, and the paper
# (A's page) must be compared with that.
edit record "$A" both.tmp.pdf five-star.record.json
edit url both.tmp.pdf both.pdf "$(cat five-star.url)"
expect_status 0 "record and link both from another certificate verify as that certificate" \
    "$VERIFIER" --trust trust.json "${AT[@]}" both.pdf
check "... and the verifier shows that certificate's holder" has last.out "$(expected five-star name)"
check "... not the page's" lacks last.out "$(expected four-star name)"

# ---- from an exported record ----

expect_status 0 "issuer render RECORD.json -o x.pdf" "$ISSUER" render four-star.record.json -o x.pdf
expect_status 0 "the PDF rendered from the exported record verifies" \
    "$VERIFIER" --trust trust.json "${AT[@]}" x.pdf
pdfdetach -save 1 -o x.attachment x.pdf >/dev/null 2>&1
check "its attachment is the exported record byte for byte" cmp -s x.attachment four-star.record.json
pdftoppm -r 150 -png x.pdf x 2>/dev/null
check "its QR decodes to issuer qr's output" cmp -s <(zbarimg --raw -q x-*1.png 2>/dev/null) four-star.url
pdftotext -enc UTF-8 x.pdf x.txt 2>/dev/null
check "its text is the registry rendering's" cmp -s x.txt four-star.txt
expect_status 2 "rendering a record file needs -o" "$ISSUER" render four-star.record.json
expect_message "needs -o OUT.pdf" "the missing -o is said"
printf '{"payload":"e30","signatures":[]}' >bad.record.json
expect_status 2 "a file that is no record is refused" "$ISSUER" render bad.record.json -o bad.pdf
check "... and nothing is written" test ! -e bad.pdf

# ---- --all ----

# A certificate waiting for approval has no record and is not printed.
"$ISSUER" issue --db reg.db --key auditor.key --date 2026-11-25 --again "$DATA/three-star.json" >pending.number
approved=$("$ISSUER" list --db reg.db | awk 'NR > 1 && $3 != "pending"' | wc -l)
mkdir all
expect_status 0 "issuer render --all --out-dir" "$ISSUER" render --db reg.db --all --out-dir all
check "--all says how many: $(cat last.out)" grep -qx "$approved certificates rendered to all" last.out
check "--all writes one PDF per issued certificate, named by number" \
    bash -c "diff <(ls all) <('$ROOT/$BIN/issuer' list --db reg.db | awk 'NR > 1 && \$3 != \"pending\" { print \$1 \".pdf\" }' | sort)"
check "--all skips the pending certificate" test -s pending.number -a ! -e "all/$(cat pending.number).pdf"
check "--all's PDFs verify" bash -c "for f in all/*.pdf; do '$ROOT/$BIN/verifier' --trust trust.json ${AT[*]} --quiet \$f || exit 1; done"
check "--all's PDF of a certificate carries that certificate's record" \
    bash -c "pdfdetach -save 1 -o all.attachment 'all/$A' >/dev/null 2>&1 && cmp -s all.attachment four-star.record.json"

# ---- a character no font can print ----

# 𠮷 (U+20BB7) is outside the Basic Multilingual Plane, which libharu
# cannot draw. issue accepts it today; render must refuse it in one line
# naming the character and the field, and write nothing.
rare=$(issue rare.json 2>"$WORK/last.err")
if [[ -z $rare ]]; then
    expect_message "U\+20BB7" "issue refuses the holder name 𠮷 at once"
else
    expect_status 2 "render refuses a holder name with 𠮷" "$ISSUER" render --db reg.db "$rare" -o rare.pdf
    expect_message "^issuer: $rare: holder name: cannot print \"𠮷\" \(U\+20BB7\)" \
        "the refusal is one line naming the certificate, the field and the character"
    check "nothing is written" test ! -e rare.pdf
    mkdir all2
    expect_status 2 "--all stops at the certificate it cannot print" \
        "$ISSUER" render --db reg.db --all --out-dir all2
    expect_message "$rare: holder name" "--all names the certificate it cannot print"
    check "--all writes no PDF for it" test ! -e "all2/$rare.pdf"
fi
