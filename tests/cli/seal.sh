# The electronic seal (docs/e-seal.md): PDFs sealed with a P-256 and an
# RSA-2048 certificate from `issuer seal demo-ca`, read by the tools a buyer
# has: poppler's pdfsig with an NSS database trusting the test CA (its exit
# status is 0 even for a bad signature, so its lines are grepped), `openssl
# cms -verify -cades` over the bytes the /ByteRange covers, qpdf, pdftotext,
# pdftoppm + zbarimg; then `verifier` on sealed, changed, appended-to,
# unsigned and foreign-sealed files; the refusals at render; the registry
# setting and the trust store's seal_cas.
source "$(dirname "$0")/../lib.sh"
make_body
AT=(--at 2026-12-01)
SUBJECT="/C=CN/O=测试认证中心/CN=测试认证中心电子印章"
edit() { /usr/bin/python3 "$ROOT/tests/pdf_edit.py" "$@"; }

NUMBER=$("$ISSUER" issue --db reg.db --key auditor.key --approve-key head.key --date 2026-11-25 \
         "$DATA/five-star.json")
HOLDER=$(sed -n 's/.*"name": "\(.*\)".*/\1/p' "$DATA/five-star.json" | head -1)
check "a certificate to seal ($NUMBER)" test -n "$NUMBER"

# ---- the demo CA and the seal certificates ----

expect_status 0 "seal demo-ca, P-256" "$ISSUER" seal demo-ca --out p256 --subject "$SUBJECT"
expect_status 0 "seal demo-ca, RSA-2048" "$ISSUER" seal demo-ca --out rsa2048 \
    --subject "$SUBJECT" --algorithm rsa2048
check "the keys are 0600 and encrypted" test "$(stat -c %a p256/seal.key p256/ca.key | sort -u)" = 600 \
    -a "$(grep -c 'BEGIN ENCRYPTED' p256/seal.key)" = 1
check "the seal certificate is ECDSA P-256" sh -c 'openssl x509 -in p256/seal.crt -noout -text | grep -q "NIST CURVE: P-256"'
check "the RSA seal certificate has 2048 bits" sh -c 'openssl x509 -in rsa2048/seal.crt -noout -text | grep -q "(2048 bit)"'
check "the seal certificate has no extended key usage" \
    sh -c '! openssl x509 -in p256/seal.crt -noout -ext extendedKeyUsage | grep -q Usage'
check "it chains to its CA" openssl verify -CAfile p256/ca.crt p256/seal.crt
cp p256/seal.crt seal-before.crt
expect_status 2 "demo-ca never overwrites a CA" "$ISSUER" seal demo-ca --out p256
check "and changes nothing" cmp -s p256/seal.crt seal-before.crt

mkdir nss
certutil -N -d sql:nss --empty-password >/dev/null 2>&1
certutil -A -d sql:nss -n p256 -t "CT,C,C" -a -i p256/ca.crt
certutil -A -d sql:nss -n rsa2048 -t "CT,C,C" -a -i rsa2048/ca.crt
check "an NSS database trusts both test CAs" sh -c 'certutil -L -d sql:nss | grep -q rsa2048'

# Red pixels inside the template's seal box (78, 145, 36 x 36 mm) at 50 dpi.
red_in_seal_box() {
    pdftoppm -r 50 -x 154 -y 286 -W 70 -H 70 "$1" box 2>/dev/null
    /usr/bin/python3 - box-1.ppm <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
header, pixels = data.split(b"\n", 3)[:3], data.split(b"\n", 3)[3]
print(sum(1 for i in range(0, len(pixels) - 2, 3)
          if pixels[i] > 150 and pixels[i + 1] < 90 and pixels[i + 2] < 90))
PY
}

# The ByteRange's bytes and the CMS, for openssl.
extract_signature() {
    /usr/bin/python3 - "$1" <<'PY'
import re, sys
pdf = open(sys.argv[1], "rb").read()
a, b, c, d = map(int, re.findall(rb"/ByteRange\s*\[\s*(\d+) (\d+) (\d+) (\d+)\s*\]", pdf)[-1])
open("covered.bin", "wb").write(pdf[a:a + b] + pdf[c:c + d])
open("seal.der", "wb").write(bytes.fromhex(pdf[b + 1:c - 1].decode()).rstrip(b"\0"))
PY
}

# ---- a sealed PDF, each key type ----

for kind in p256 rsa2048; do
    pdf=$kind.pdf
    expect_status 0 "render --seal-key --seal-cert ($kind)" "$ISSUER" render --db reg.db "$NUMBER" \
        -o "$pdf" --seal-key $kind/seal.key --seal-cert $kind/seal.crt
    pdfsig -nssdir sql:nss "$pdf" >$kind.sig 2>&1
    check "pdfsig ($kind): Signature is Valid." grep -q "Signature Validation: Signature is Valid." $kind.sig
    check "pdfsig ($kind): Certificate is Trusted." grep -q "Certificate Validation: Certificate is Trusted." $kind.sig
    check "pdfsig ($kind): Total document signed" grep -qx "  - Total document signed" $kind.sig
    check "pdfsig ($kind): ETSI.CAdES.detached, SHA-256, the seal's name" \
        sh -c "grep -q 'Signature Type: ETSI.CAdES.detached' $kind.sig && grep -q 'Hash Algorithm: SHA-256' $kind.sig && grep -q 'Common Name: 测试认证中心电子印章' $kind.sig"
    check "qpdf --check ($kind)" sh -c "qpdf --check $pdf >/dev/null 2>&1"
    check "pdfinfo ($kind): an AcroForm" sh -c "pdfinfo $pdf | grep -q 'Form: *AcroForm'"
    pdftotext -enc UTF-8 "$pdf" $kind.txt 2>/dev/null
    check "pdftotext ($kind) still finds the holder and the number" \
        sh -c "grep -q '$HOLDER' $kind.txt && grep -q '$NUMBER' $kind.txt"
    pdftoppm -r 150 -png "$pdf" $kind-page 2>/dev/null
    check "zbarimg ($kind) still reads the QR code at 150 dpi" \
        sh -c "zbarimg --raw -q $kind-page-1.png | grep -qx '$("$ISSUER" qr --db reg.db "$NUMBER")'"
    extract_signature "$pdf"
    check "openssl cms -verify -cades ($kind) over the ByteRange's bytes" \
        openssl cms -verify -binary -inform DER -in seal.der -content covered.bin \
        -CAfile $kind/ca.crt -cades -purpose any -out /dev/null
    openssl cms -cmsout -print -inform DER -in seal.der \
        | sed -n '/signedAttrs:/,/signatureAlgorithm:/p' | grep -o 'object: [A-Za-z0-9-]*' >$kind.attrs
    check "the signed attributes ($kind) are exactly contentType, messageDigest, signingCertificateV2" \
        test "$(tr '\n' ' ' <$kind.attrs)" = "object: contentType object: messageDigest object: id-smime-aa-signingCertificateV2 "
    expect_status 0 "verifier ($kind): genuine, with --seal-ca" "$VERIFIER" --trust trust.json "${AT[@]}" \
        --seal-ca $kind/ca.crt "$pdf"
    check "it names the seal's subject and signing time" \
        sh -c "grep -q 'Sealed by    CN=测试认证中心电子印章,O=测试认证中心,C=CN' last.out && grep -Eq 'on 20[0-9-]{8} [0-9:]{8} \+08:00; the file is unchanged since' last.out"
done

expect_status 0 "verifier --json on a sealed PDF" "$VERIFIER" --trust trust.json "${AT[@]}" \
    --seal-ca p256/ca.crt --json p256.pdf
check "--json: seal present, valid, signer and time" /usr/bin/python3 -c '
import json, sys
s = json.load(open("last.out"))["seal"]
assert s["present"] and s["valid"] and s["signer"].startswith("CN=测试认证中心电子印章")
assert s["signed_at"].endswith("+08:00")'

# What a person sees: the stamp in the seal box on the sealed page only.
"$ISSUER" render --db reg.db "$NUMBER" -o unsealed.pdf >/dev/null
check "the sealed page shows the red stamp in the seal box" test "$(red_in_seal_box p256.pdf)" -gt 300
check "the unsealed page has no stamp there" test "$(red_in_seal_box unsealed.pdf)" -lt 20

# ---- changed after sealing ----

edit producer p256.pdf producer.pdf
pdfsig -nssdir sql:nss producer.pdf >producer.sig 2>&1
check "pdfsig: one changed byte in the signed range is a Digest Mismatch" \
    grep -q "Signature Validation: Digest Mismatch." producer.sig
expect_status 1 "verifier: the same file is not genuine" "$VERIFIER" --trust trust.json "${AT[@]}" \
    --seal-ca p256/ca.crt producer.pdf
check "it says the PDF was changed after it was sealed" \
    grep -q "changed after it was sealed: its bytes do not match the seal's signature" last.out

edit url p256.pdf appended.pdf "$("$ISSUER" qr --db reg.db "$NUMBER")"
pdfsig -nssdir sql:nss appended.pdf >appended.sig 2>&1
check "pdfsig: an appended update is Not total document signed" \
    grep -qx "  - Not total document signed" appended.sig
expect_status 0 "the appended update leaves the record and its QR link as they were" \
    "$VERIFIER" --trust trust.json "${AT[@]}" unsealed.pdf
expect_status 1 "verifier: a sealed PDF with an appended update is not genuine" \
    "$VERIFIER" --trust trust.json "${AT[@]}" --seal-ca p256/ca.crt appended.pdf
check "it says so" grep -q "changed after it was sealed: the seal covers" last.out

edit flip p256.pdf flipped.pdf
expect_status 1 "a sealed PDF whose record was changed is not genuine by its record" \
    "$VERIFIER" --trust trust.json "${AT[@]}" --seal-ca p256/ca.crt --json flipped.pdf
check "--json then says nothing of the seal, which was not reached" /usr/bin/python3 -c '
import json; assert "seal" not in json.load(open("last.out"))'

edit unsign p256.pdf unsigned.pdf
expect_status 1 "an update that frees the signature still shows the seal, and that it was changed" \
    "$VERIFIER" --trust trust.json "${AT[@]}" --seal-ca p256/ca.crt unsigned.pdf

head -c $(( $(grep -abo '%%EOF' p256.pdf | head -1 | cut -d: -f1) + 6 )) p256.pdf >cut.pdf
expect_status 0 "the update cut off: the file as libharu wrote it, genuine by its record" \
    "$VERIFIER" --trust trust.json "${AT[@]}" --seal-ca p256/ca.crt cut.pdf
check "and it carries no seal, nor its stamp" \
    sh -c "grep -q 'Seal         NONE' last.out && test $(red_in_seal_box cut.pdf) -lt 20"

# The same bytes signed again by openssl into the same hole: with -cades
# (signing-certificate-v2) the verifier accepts it, without it the CMS
# does not bind its certificate and is refused.
resign() { # resign OUT [-cades]
    extract_signature p256.pdf
    openssl cms -sign -binary -outform DER -in covered.bin -signer p256/seal.crt \
        -inkey p256/seal.key -passin env:STARMARK_PASSPHRASE -md sha256 -nosmimecap \
        -out resigned.der ${2:-}
    /usr/bin/python3 - p256.pdf "$1" <<'PY'
import re, sys
pdf = bytearray(open(sys.argv[1], "rb").read())
a, b, c, d = map(int, re.findall(rb"/ByteRange\s*\[\s*(\d+) (\d+) (\d+) (\d+)\s*\]", pdf)[-1])
value = open("resigned.der", "rb").read().hex().upper().encode()
pdf[b + 1:c - 1] = value + b"0" * (c - 1 - b - 1 - len(value))
open(sys.argv[2], "wb").write(pdf)
PY
}
resign cades.pdf -cades
expect_status 0 "openssl's own CAdES signature in the hole verifies" "$VERIFIER" --trust trust.json \
    "${AT[@]}" --seal-ca p256/ca.crt cades.pdf
resign plain.pdf
expect_status 1 "a CMS without signing-certificate-v2 is not genuine" "$VERIFIER" --trust trust.json \
    "${AT[@]}" --seal-ca p256/ca.crt plain.pdf
check "it says the attribute is missing" grep -q "signing-certificate attribute is missing" last.out

# ---- whose seal ----

"$ISSUER" seal demo-ca --out other --no-passphrase >/dev/null
expect_status 1 "a seal CA the verifier does not trust: not genuine" "$VERIFIER" --trust trust.json \
    "${AT[@]}" --seal-ca other/ca.crt p256.pdf
check "it says the seal does not chain to a trusted seal CA" \
    grep -q "seal is not trusted: the seal certificate does not chain to a trusted seal CA" last.out
expect_status 1 "no seal CA at all: not genuine" "$VERIFIER" --trust trust.json "${AT[@]}" p256.pdf
check "it says how to name one" grep -q "no seal CA is trusted (give --seal-ca CA.pem" last.out
pdfsig unsealed.pdf >unsealed.sig 2>&1
check "pdfsig: the unsealed PDF has no signature" grep -q "does not contain any signatures" unsealed.sig
expect_status 0 "verifier: an unsealed PDF verifies by its record" "$VERIFIER" --trust trust.json \
    "${AT[@]}" unsealed.pdf
check "and says it carries no seal" grep -q "Seal         NONE: this PDF carries no electronic seal" last.out
expect_status 0 "--json on an unsealed PDF" "$VERIFIER" --trust trust.json "${AT[@]}" --json unsealed.pdf
check "--json: seal present false" /usr/bin/python3 -c '
import json; assert json.load(open("last.out"))["seal"] == {"present": False}'

# ---- the trust store carries seal CAs ----

cp trust.json trust-before.json
expect_status 0 "trust add --seal-ca" "$ISSUER" trust add --db reg.db --trust trust.json --seal-ca p256/ca.crt
expect_status 0 "the trust store's seal CA suffices" "$VERIFIER" --trust trust.json "${AT[@]}" p256.pdf
expect_status 2 "the same CA twice is refused" "$ISSUER" trust add --db reg.db --trust trust.json \
    --seal-ca p256/ca.crt
expect_message "already trusted" "saying so"
check "the refusal left the trust store as it was" test "$(grep -c BEGIN trust.json)" -eq 1
check "the audit log records it" sh -c "sqlite3 reg.db \"SELECT details FROM audit_log WHERE action = 'seal CA trusted'\" | grep -q p256/ca.crt"
/usr/bin/python3 -c '
import json; t = json.load(open("trust.json")); t["seal_cas"] = ["not a certificate"]
json.dump(t, open("bad-trust.json", "w"))'
expect_status 2 "a trust store whose seal_cas holds no certificate is refused" \
    "$VERIFIER" --trust bad-trust.json "${AT[@]}" unsealed.pdf
expect_message "seal_cas\[0\]: not a PEM certificate" "naming the entry"
expect_status 0 "an old trust store without seal_cas is still valid" "$VERIFIER" --trust trust-before.json \
    "${AT[@]}" unsealed.pdf

# ---- refusals at render: nothing written ----

"$ISSUER" seal demo-ca --out expired --not-before 2020-01-01 --not-after 2020-12-31 >/dev/null
expect_status 2 "a seal certificate expired at signing time is refused" "$ISSUER" render --db reg.db \
    "$NUMBER" -o expired.pdf --seal-key expired/seal.key --seal-cert expired/seal.crt
expect_message "the seal certificate is not valid on .* \(it is valid from 2020-01-01 to 2020-12-31\)" "naming its dates"
check "and nothing is written" test ! -e expired.pdf
expect_status 2 "a key that is not the certificate's is refused" "$ISSUER" render --db reg.db \
    "$NUMBER" -o mismatch.pdf --seal-key rsa2048/seal.key --seal-cert p256/seal.crt
expect_message "the seal key is not the key of p256/seal.crt" "saying so"
check "and nothing is written" test ! -e mismatch.pdf
expect_status 2 "an Ed25519 key is refused" "$ISSUER" render --db reg.db "$NUMBER" -o ed.pdf \
    --seal-key head.key --seal-cert p256/seal.crt
expect_message "must be ECDSA P-256 or RSA" "saying which keys PDF readers check"
expect_status 2 "--seal-key without --seal-cert" "$ISSUER" render --db reg.db "$NUMBER" -o x.pdf \
    --seal-key p256/seal.key
expect_message "go together" "saying so"

# ---- the registry setting and render --all ----

expect_status 0 "seal use" "$ISSUER" seal use --db reg.db --seal-key p256/seal.key --seal-cert p256/seal.crt
check "the audit log records it" sh -c "sqlite3 reg.db \"SELECT count(*) FROM audit_log WHERE action = 'seal configured'\" | grep -qx 1"
"$ISSUER" issue --db reg.db --key auditor.key --approve-key head.key --date 2026-11-25 \
    "$DATA/four-star.json" "$DATA/three-star.json" >/dev/null
mkdir all
expect_status 0 "render --all seals with the registry's setting" "$ISSUER" render --db reg.db --all --out-dir all
sealed=0
for pdf in all/*.pdf; do
    pdfsig -nssdir sql:nss "$pdf" 2>&1 | grep -q "Signature is Valid." \
        && "$VERIFIER" --trust trust.json "${AT[@]}" "$pdf" >/dev/null && sealed=$((sealed + 1))
done
check "every one of the 3 PDFs is sealed, valid and genuine ($sealed)" test "$sealed" -eq 3
expect_status 2 "seal use refuses an expired certificate" "$ISSUER" seal use --db reg.db \
    --seal-key expired/seal.key --seal-cert expired/seal.crt
check "and keeps the setting it had" sh -c "sqlite3 reg.db 'SELECT certificate_path FROM seal' | grep -q p256/seal.crt"

# ---- an invisible seal ----

/usr/bin/python3 - "$ROOT/templates/default.json" <<'PY'
import json, sys
t = json.load(open(sys.argv[1], encoding="utf-8"))
t["seal"] = {"visible": False}
json.dump(t, open("invisible.json", "w", encoding="utf-8"), ensure_ascii=False)
PY
expect_status 0 "a template with an invisible seal" "$ISSUER" render --db reg.db "$NUMBER" \
    -o invisible.pdf --template "$WORK/invisible.json"
check "pdfsig: valid and whole" sh -c 'pdfsig -nssdir sql:nss invisible.pdf | grep -q "Total document signed"'
check "no stamp on the page" test "$(red_in_seal_box invisible.pdf)" -lt 20

# ---- a sealed PDF carrying its log proof ----

"$ISSUER" publish --db reg.db --key head.key --out pub >/dev/null
expect_status 0 "render after a publish, sealed" "$ISSUER" render --db reg.db "$NUMBER" -o logged.pdf \
    --seal-key p256/seal.key --seal-cert p256/seal.crt
check "the PDF carries the log proof" sh -c 'qpdf --list-attachments logged.pdf | grep -q "^starmark-record.tlog-proof "'
pdfsig -nssdir sql:nss logged.pdf >logged.sig 2>&1
check "pdfsig: valid, and the whole document signed, proof included" \
    sh -c "grep -q 'Signature Validation: Signature is Valid.' logged.sig && grep -qx '  - Total document signed' logged.sig"
expect_status 0 "verifier: sealed, and the record proven in the log" "$VERIFIER" --trust trust.json \
    "${AT[@]}" logged.pdf
check "it shows the seal and the proof" \
    sh -c "grep -q 'the file is unchanged since' last.out && grep -q 'Proof        the record is entry 0 of the log' last.out"
qpdf --show-attachment=starmark-record.tlog-proof logged.pdf | sed 's/^index 0$/index 1/' >index1.tlog-proof
edit proof logged.pdf logged-changed.pdf index1.tlog-proof
expect_status 1 "a proof replaced after sealing: not genuine, the seal no longer covers the file" \
    "$VERIFIER" --trust trust.json "${AT[@]}" logged-changed.pdf
check "saying the PDF was changed after it was sealed" grep -q "the PDF was changed after it was sealed" last.out

# ---- seal request ----

expect_status 0 "seal request creates the key and a CSR" "$ISSUER" seal request --key req.key \
    --subject "$SUBJECT" --out req.csr
check "the CSR verifies and names the subject" \
    sh -c 'openssl req -in req.csr -noout -verify 2>&1 | grep -q "verify OK" && openssl req -in req.csr -noout -subject -nameopt utf8 | grep -q "CN=测试认证中心电子印章"'
check "the key is 0600 and encrypted" test "$(stat -c %a req.key)" = 600 -a "$(grep -c 'BEGIN ENCRYPTED' req.key)" = 1
expect_status 0 "a second request reuses the key" "$ISSUER" seal request --key req.key \
    --subject "$SUBJECT" --out req2.csr
check "both requests carry the same key" test "$(openssl req -in req.csr -noout -pubkey)" = "$(openssl req -in req2.csr -noout -pubkey)"
expect_status 2 "it never overwrites a request" "$ISSUER" seal request --key req.key \
    --subject "$SUBJECT" --out req.csr
expect_status 2 "a malformed subject is refused" "$ISSUER" seal request --key new.key \
    --subject "CN=no slash" --out new.csr
check "and no key is left behind" test ! -e new.key
