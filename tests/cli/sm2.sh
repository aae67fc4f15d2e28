# SM2 with SM3 beside Ed25519: `issuer keygen --alg sm2`, bodies all on
# SM2 and mixed, every signed thing (record, QR claim, PDF, manifest, status
# response, web page) verified, each SM2 signature checked by two
# independent implementations (the openssl command line from the public
# JWK alone, and sm-crypto in tests/sm2.mjs), keys whose x or y starts with
# a zero byte, and the refusals: malformed keys and JWKs, signatures of the
# wrong length, in DER, with another signer ID, under the other
# algorithm's name.
source "$(dirname "$0")/../lib.sh"
source "$ROOT/tests/web-lib.sh"
AT=(--at 2026-12-01)
SIGNER_ID=1234567812345678

# ---- keygen --alg ----

"$ISSUER" init --db reg.db --body-id CB-TEST --body-name 测试认证中心 --prefix TEST \
    --verify-url https://verify.example.cn/v >/dev/null
expect_status 0 "keygen --alg sm2 writes an SM2 key" \
    "$ISSUER" keygen --role auditor --name 李明 --out sm2 --alg sm2
check "keygen says the key is sm2" grep -q "^auditor key [A-Za-z0-9_-]\{11\} (sm2) for 李明" last.out
check "the SM2 key file is mode 0600" test "$(stat -c %a sm2.key)" = 600
check "the SM2 key is AES-256 encrypted PKCS#8" \
    bash -c "grep -q 'BEGIN ENCRYPTED PRIVATE KEY' sm2.key && openssl asn1parse -in sm2.key | grep -q aes-256"
check "openssl reads it as a key on the curve SM2" bash -c \
    "openssl pkey -in sm2.key -passin env:STARMARK_PASSPHRASE -noout -text | grep -q 'ASN1 OID: SM2'"
# The JWK, read with Python alone: members, 32-byte coordinates, and the
# kid recomputed from RFC 7638's members crv, kty, x, y.
jwk_facts() {
    python3 - "$1" <<'PY'
import base64, hashlib, json, sys
jwk = json.load(open(sys.argv[1]))
raw = lambda text: base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
members = {k: jwk[k] for k in ("crv", "kty", "x", "y") if k in jwk}
thumbprint = hashlib.sha256(json.dumps(members, separators=(",", ":")).encode()).digest()
kid = base64.urlsafe_b64encode(thumbprint[:8]).decode().rstrip("=")
print(jwk["kty"], jwk["crv"], jwk["alg"], len(raw(jwk["x"])), len(raw(jwk.get("y", ""))),
      "kid-ok" if kid == jwk["kid"] else "kid-WRONG", sorted(jwk))
PY
}
check "the SM2 JWK: EC, SM2, SM2SM3, x and y of 32 bytes, its kid the RFC 7638 thumbprint" \
    test "$(jwk_facts sm2.pub.jwk)" = \
    "EC SM2 SM2SM3 32 32 kid-ok ['alg', 'crv', 'kid', 'kty', 'name', 'role', 'use', 'x', 'y']"
expect_status 0 "keygen without --alg" "$ISSUER" keygen --role head --name 张伟 --out plain
check "keygen without --alg makes an Ed25519 key (OKP, no y)" \
    test "$(jwk_facts plain.pub.jwk)" = \
    "OKP Ed25519 EdDSA 32 0 kid-ok ['alg', 'crv', 'kid', 'kty', 'name', 'role', 'use', 'x']"
expect_status 2 "keygen --alg rsa is refused" "$ISSUER" keygen --role head --name 张伟 --out rsa --alg rsa
expect_message '^issuer: --alg must be ed25519 or sm2, not "rsa"$' "the refusal names the choices"
check "no key file after a refused --alg" test ! -e rsa.key
expect_status 0 "trust add accepts an SM2 JWK" \
    "$ISSUER" trust add --db reg.db --trust trust.json sm2.pub.jwk

# ---- malformed key files: issuer exit 2, one line ----

# sm2_key_pem HEX-D [HEX-PUBLIC]: an SEC 1 ECPrivateKey on the curve SM2,
# made by openssl from the numbers alone, as PKCS#8 PEM on standard output.
sm2_key_pem() {
    {
        printf 'asn1=SEQUENCE:key\n[key]\nversion=INTEGER:1\n'
        printf 'private=FORMAT:HEX,OCTETSTRING:%s\n' "$1"
        printf 'parameters=EXPLICIT:0,OID:1.2.156.10197.1.301\n'
        [[ -n ${2:-} ]] && printf 'public=EXPLICIT:1,FORMAT:HEX,BITSTRING:%s\n' "$2"
    } >key.cnf
    openssl asn1parse -genconf key.cnf -out key.der -noout && openssl pkey -inform DER -in key.der
}
SM2_ORDER=FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123
mapfile -t zero < <(python3 -c "
import json; k = json.load(open('$ROOT/tests/sm2-leading-zero-keys.json'))['keys']
print(k[0]['private']); print(k[0]['public']); print(k[1]['private']); print(k[1]['public'])")
sm2_key_pem "$(printf '0%.0s' {1..64})" >key-zero.pem
sm2_key_pem "$SM2_ORDER" >key-order.pem
# Another key's private number under the registered key's public point: a
# file that would sign with one key while it names another.
registered_point=$(openssl pkey -in sm2.key -passin env:STARMARK_PASSPHRASE -pubout -outform DER \
                   | tail -c 65 | od -An -tx1 | tr -d ' \n')
sm2_key_pem "${zero[0]}" "$registered_point" >key-mismatch.pem
head -c 150 sm2.key >key-truncated.pem
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out key-p256.pem 2>/dev/null
chmod 600 key-*.pem
for case in "zero:a private key of 0:a malformed sm2 private key" \
            "order:a private key equal to the group order:a malformed sm2 private key" \
            "mismatch:the registered key's public point and another private key:a malformed sm2 private key" \
            "truncated:a truncated PEM:wrong passphrase|not a PEM private key" \
            "p256:a P-256 key:not a key of a supported algorithm \(ed25519 or sm2\)"; do
    IFS=: read -r file what pattern <<<"$case"
    expect_status 2 "issuer refuses an SM2 key file with $what" \
        "$ISSUER" issue --db reg.db --key "key-$file.pem" "$DATA/five-star.json"
    expect_message "^issuer: key-$file.pem: ($pattern)" "the refusal of $what is one line"
done

# ---- SM2 JWKs that are not keys: trust add and the verifier refuse them ----

# bad_jwk NAME PYTHON: sm2.pub.jwk changed by PYTHON (on the dict j), kid kept.
bad_jwk() {
    python3 - "$2" >"$1.jwk" <<'PY'
import base64, json, sys
j = json.load(open("sm2.pub.jwk"))
raw = lambda text: bytearray(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
b64 = lambda data: base64.urlsafe_b64encode(bytes(data)).decode().rstrip("=")
exec(sys.argv[1])
print(json.dumps(j, ensure_ascii=False))
PY
}
bad_jwk off-curve "y = raw(j['y']); y[31] ^= 1; j['y'] = b64(y)"
bad_jwk short-x "j['x'] = b64(raw(j['x'])[1:])"
bad_jwk long-y "j['y'] = b64(b'\\0' + raw(j['y']))"
bad_jwk no-y "del j['y']"
bad_jwk alg-eddsa "j['alg'] = 'EdDSA'"
bad_jwk p256 "j['crv'] = 'P-256'"
bad_jwk x-above-p "j['x'] = b64(b'\\xff' * 32)"
for case in "off-curve:a point off the curve:\(x, y\) is not a point on the SM2 curve" \
            "short-x:a 31-byte x:\"x\" is not 32 bytes of base64url \(an SM2 coordinate\)" \
            "long-y:a 33-byte y:\"y\" is not 32 bytes of base64url \(an SM2 coordinate\)" \
            "no-y:no y:missing field \"y\"" \
            "alg-eddsa:alg EdDSA on an SM2 key:\"alg\" must be \"SM2SM3\"" \
            "p256:crv P-256:kty \"EC\" with crv \"P-256\" is not a key starmark accepts" \
            "x-above-p:x beyond the field:\(x, y\) is not a point on the SM2 curve"; do
    IFS=: read -r file what pattern <<<"$case"
    expect_status 2 "trust add refuses an SM2 JWK with $what" \
        "$ISSUER" trust add --db reg.db --trust bad-trust.json "$file.jwk"
    expect_message "$pattern" "the refusal of $what names it"
    python3 -c "
import json, sys; t = json.load(open('trust.json')); t['keys'][0]['jwk'] = json.load(open('$file.jwk'))
json.dump(t, open('trust-$file.json', 'w'), ensure_ascii=False)"
    expect_status 2 "the verifier refuses a trust store holding an SM2 JWK with $what" \
        "$VERIFIER" --trust "trust-$file.json" "$DATA/five-star.json"
    expect_message "^verifier: trust store trust-$file.json: keys\[0\]: JWK: .*$pattern" \
        "the verifier's refusal of $what names the key and the fault"
done
check "no trust store was written by the refused trust adds" test ! -e bad-trust.json

# ---- bodies: all SM2, mixed both ways, all Ed25519 (for comparison) ----

# body DIR AUDITOR-ALG HEAD-ALG: a body in DIR with one certificate, issued
# 2026-11-25, exported to DIR/record.json, rendered to DIR/certificate.pdf,
# its QR URL in DIR/qr.url, published to DIR/pub; the number in DIR/number.
body() {
    mkdir "$WORK/$1" && cd "$WORK/$1" || return 1
    make_body CB-TEST TEST 测试认证中心 "$2" "$3"
    local number
    number=$("$ISSUER" issue --db reg.db --key auditor.key --approve-key head.key \
             --date 2026-11-25 "$DATA/five-star.json") \
        && echo "$number" >number \
        && "$ISSUER" export --db reg.db "$number" -o record.json >/dev/null \
        && "$ISSUER" render --db reg.db "$number" -o certificate.pdf >/dev/null \
        && "$ISSUER" qr --db reg.db "$number" >qr.url \
        && "$ISSUER" publish --db reg.db --key head.key --out pub >/dev/null
    local status=$?
    cd "$WORK"
    return $status
}
for spec in "sm2 sm2 sm2" "mixed sm2 ed25519" "reverse ed25519 sm2" "ed ed25519 ed25519"; do
    read -r dir auditor_alg head_alg <<<"$spec"
    check "$dir body: auditor $auditor_alg, head $head_alg: issue, render, QR, publish" \
        body "$dir" "$auditor_alg" "$head_alg"
done

# The algorithm each key signed with, as the CLI and --json say.
for spec in "sm2 SM2SM3 SM2SM3" "mixed SM2SM3 EdDSA" "reverse EdDSA SM2SM3"; do
    read -r dir auditor_alg head_alg <<<"$spec"
    cd "$WORK/$dir"
    auditor_kid=$(python3 -c "import json; print(json.load(open('auditor.pub.jwk'))['kid'])")
    head_kid=$(python3 -c "import json; print(json.load(open('head.pub.jwk'))['kid'])")
    expect_status 0 "$dir: the record verifies" "$VERIFIER" --trust trust.json "${AT[@]}" record.json
    check "$dir: the CLI names each key's algorithm" grep -qF \
        "Signed by    lead auditor key $auditor_kid ($auditor_alg), head key $head_kid ($head_alg)" \
        "$WORK/last.out"
    "$VERIFIER" --trust trust.json "${AT[@]}" --json record.json >answer.json
    check "$dir: --json signed_by names both algorithms" test "$(python3 -c "
import json; print(json.load(open('answer.json'))['signed_by'])")" = \
        "{'auditor': '$auditor_kid', 'head': '$head_kid', 'algorithms': {'auditor': '$auditor_alg', 'head': '$head_alg'}}"
    expect_status 0 "$dir: the QR code verifies" \
        "$VERIFIER" --trust trust.json "${AT[@]}" --qr "$(cat qr.url)"
    check "$dir: the QR answer names the head key's algorithm" \
        grep -qF "Signed by    head key $head_kid ($head_alg) of body CB-TEST" "$WORK/last.out"
    "$VERIFIER" --trust trust.json "${AT[@]}" --json --qr "$(cat qr.url)" >answer.json
    check "$dir: the QR --json signed_by names the head's algorithm" test "$(python3 -c "
import json; print(json.load(open('answer.json'))['signed_by'])")" = \
        "{'head': '$head_kid', 'algorithms': {'head': '$head_alg'}}"
    expect_status 0 "$dir: the PDF verifies" "$VERIFIER" --trust trust.json "${AT[@]}" certificate.pdf
    check "$dir: the PDF's record names both algorithms" grep -qF "($auditor_alg), head key" "$WORK/last.out"
    expect_status 0 "$dir: with the publication, the record is valid" \
        "$VERIFIER" --trust trust.json --status pub record.json
    expect_status 0 "$dir: with the publication, the QR code is valid" \
        "$VERIFIER" --trust trust.json --status pub --qr "$(cat qr.url)"
    check "$dir: the audit log's hash chain holds" \
        "$ISSUER" audit verify --db reg.db --trust trust.json
    cd "$WORK"
done

# The QR claim's header and size: {"alg":"SM2SM3"} costs 2 characters more
# than {"alg":"EdDSA"}, the 64-byte signature the same.
claim_header() { python3 -c "
import base64, sys; h = sys.argv[1].split('?c=')[-1].split('.')[0]
print(base64.urlsafe_b64decode(h + '=' * (-len(h) % 4)).decode())" "$(cat "$1")"; }
check "the SM2 head's QR claim header is exactly {\"alg\":\"SM2SM3\"}" \
    test "$(claim_header sm2/qr.url)" = '{"alg":"SM2SM3"}'
sm2_length=$(tr -d '\n' <sm2/qr.url | wc -c)
ed_length=$(tr -d '\n' <ed/qr.url | wc -c)
check "the SM2 QR URL ($sm2_length bytes) is the Ed25519 one ($ed_length) plus 2" \
    test "$sm2_length" -eq $((ed_length + 2))
(cd sm2 && python3 "$ROOT/tests/mutate.py" "$DATA/four-star.json" name20.json \
    "d['holder']['name'] = '北京中关村海淀科技园电子设备维修有限公司'" \
    && "$ISSUER" issue --db reg.db --key auditor.key --approve-key head.key --date 2026-11-25 \
        name20.json >name20.number)
version=$(cd sm2 && "$ISSUER" qr --db reg.db --info "$(cat name20.number)" | awk '{ print $2 }')
check "an SM2 claim with a 20-character holder name fits QR version 15 at level M (version $version)" \
    test "${version:-99}" -le 15

# A suspension published with the SM2 head key reaches the verifier.
cd sm2
"$ISSUER" suspend --db reg.db "$(cat number)" --code nonconformity --reason "投诉处理不符合要求" >/dev/null
"$ISSUER" publish --db reg.db --key head.key --out pub >/dev/null
expect_status 4 "an SM2-signed publication says suspended" \
    "$VERIFIER" --trust trust.json --status pub record.json
check "the SM2 manifest's header names SM2SM3" test "$(claim_header pub/current/manifest.jws)" = \
    "{\"alg\":\"SM2SM3\",\"kid\":\"$(python3 -c "import json; print(json.load(open('head.pub.jwk'))['kid'])")\",\"typ\":\"starmark-manifest+jws\"}"
cd "$WORK"

# ---- verify.cgi behind lighttpd: the SM2 body's QR code and record ----

mkdir www && ln -s "$CGI" www/verify.cgi
printf 'trust = %s/mixed/trust.json\npublication = %s/mixed/pub\n' "$WORK" "$WORK" >verify.conf
web_start "$WORK/www" || exit 1
mixed_number=$(cat mixed/number)
curl -s -o web-qr.json "$WEB_URL/verify.cgi?$(sed 's/^.*?//' mixed/qr.url)&format=json"
"$VERIFIER" --trust mixed/trust.json --status mixed/pub --json --qr "$(cat mixed/qr.url)" >cli-qr.json
check "verify.cgi: the mixed body's QR JSON equals verifier --json --qr" cmp -s cli-qr.json web-qr.json
check "verify.cgi: the QR answer is valid" grep -q '"result": "valid"' web-qr.json
curl -s -o web-record.json "$WEB_URL/verify.cgi?no=$mixed_number&format=json"
"$VERIFIER" --trust mixed/trust.json --status mixed/pub --json mixed/record.json >cli-record.json
check "verify.cgi: the mixed record's JSON equals verifier --json" cmp -s cli-record.json web-record.json
check "verify.cgi: and names SM2SM3 for the auditor, EdDSA for the head" \
    grep -qz '"algorithms": {[^}]*"auditor": "SM2SM3",[^}]*"head": "EdDSA"' web-record.json
web_stop

# ---- keys whose x or y starts with a zero byte (tests/sm2-leading-zero-keys.json) ----

mkdir zero && cd zero
"$ISSUER" init --db reg.db --body-id CB-TEST --body-name 测试认证中心 --prefix TEST \
    --verify-url https://verify.example.cn/v >/dev/null
# The key files from the numbers (openssl), the JWKs from the numbers
# (Python), so that starmark's own JWK code is checked, not trusted.
sm2_key_pem "${zero[0]}" "${zero[1]}" >auditor.key
sm2_key_pem "${zero[2]}" "${zero[3]}" >head.key
chmod 600 auditor.key head.key
for spec in "auditor 李明 ${zero[1]}" "head 张伟 ${zero[3]}"; do
    read -r role name point <<<"$spec"
    python3 - "$role" "$name" "$point" >"$role.pub.jwk" <<'PY'
import base64, hashlib, json, sys
role, name, point = sys.argv[1], sys.argv[2], bytes.fromhex(sys.argv[3])
b64 = lambda data: base64.urlsafe_b64encode(data).decode().rstrip("=")
members = {"crv": "SM2", "kty": "EC", "x": b64(point[1:33]), "y": b64(point[33:])}
thumbprint = hashlib.sha256(json.dumps(members, separators=(",", ":")).encode()).digest()
print(json.dumps({**members, "kid": b64(thumbprint[:8]), "use": "sig", "alg": "SM2SM3",
                  "role": role, "name": name}, ensure_ascii=False))
PY
    expect_status 0 "trust add takes the $role key with a leading zero byte, its kid computed apart" \
        "$ISSUER" trust add --db reg.db --trust trust.json "$role.pub.jwk"
done
check "the auditor's x and the head's y start with 00, and so in base64url with A, then A to P" \
    bash -c "[[ ${zero[1]:2:2} == 00 && ${zero[3]:66:2} == 00 ]] \
             && grep -q '\"x\": \"A[A-P]' auditor.pub.jwk && grep -q '\"y\": \"A[A-P]' head.pub.jwk"
number=$("$ISSUER" issue --db reg.db --key auditor.key --approve-key head.key --date 2026-11-25 \
         "$DATA/five-star.json") && "$ISSUER" export --db reg.db "$number" -o record.json >/dev/null
expect_status 0 "a record signed by the two leading-zero keys verifies" \
    "$VERIFIER" --trust trust.json "${AT[@]}" record.json
cd "$WORK"

# ---- the openssl command line checks every SM2 signature from the JWK alone ----

# openssl_verifies JWK FILE INDEX: signature INDEX (0, 1; 0 for a compact
# JWS) of the record or compact JWS in FILE, checked by openssl pkeyutl
# with the public key made from the JWK's x and y, the signature turned
# from r || s into DER, the signer ID given: docs/keys-and-trust.md's recipe.
openssl_verifies() {
    python3 - "$@" <<'PY' || return 1
import base64, json, sys
jwk, path, index = json.load(open(sys.argv[1])), sys.argv[2], int(sys.argv[3])
raw = lambda text: base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
text = open(path).read().strip()
if text.startswith("{"):
    record = json.loads(text)
    entry = record["signatures"][index]
    protected, payload, signature = entry["protected"], record["payload"], entry["signature"]
else:
    protected, payload, signature = text.split("?c=")[-1].split(".")
open("input.txt", "w").write(protected + "." + payload)
r, s = raw(signature)[:32].hex(), raw(signature)[32:].hex()
open("signature.cnf", "w").write(f"asn1=SEQUENCE:sig\n[sig]\nr=INTEGER:0x{r}\ns=INTEGER:0x{s}\n")
point = "04" + raw(jwk["x"]).hex() + raw(jwk["y"]).hex()
open("key.cnf", "w").write("asn1=SEQUENCE:spki\n[spki]\nalgorithm=SEQUENCE:alg\n"
                           f"key=FORMAT:HEX,BITSTRING:{point}\n[alg]\noid=OID:id-ecPublicKey\n"
                           "curve=OID:1.2.156.10197.1.301\n")
PY
    openssl asn1parse -genconf key.cnf -noout -out key.der \
        && openssl pkey -pubin -inform DER -in key.der -out key.pem \
        && openssl asn1parse -genconf signature.cnf -noout -out signature.der \
        && openssl pkeyutl -verify -pubin -inkey key.pem -rawin -digest sm3 \
            -pkeyopt distid:${OPENSSL_DISTID-$SIGNER_ID} -in input.txt -sigfile signature.der \
            >/dev/null 2>&1
}
role_index() { python3 -c "
import base64, json, sys
for i, e in enumerate(json.load(open(sys.argv[1]))['signatures']):
    h = json.loads(base64.urlsafe_b64decode(e['protected'] + '=' * (-len(e['protected']) % 4)))
    if h['role'] == sys.argv[2]: print(i)" "$1" "$2"; }
for spec in "sm2 auditor" "sm2 head" "mixed auditor" "reverse head" "zero auditor" "zero head"; do
    read -r dir role <<<"$spec"
    check "openssl pkeyutl verifies the $dir record's $role signature (distid $SIGNER_ID)" \
        openssl_verifies "$dir/$role.pub.jwk" "$dir/record.json" "$(role_index "$dir/record.json" "$role")"
done
check "openssl pkeyutl verifies the SM2 QR claim" openssl_verifies sm2/head.pub.jwk sm2/qr.url 0
check "openssl pkeyutl verifies the SM2 manifest" \
    openssl_verifies sm2/head.pub.jwk sm2/pub/current/manifest.jws 0
refused_without_distid() { ! OPENSSL_DISTID= openssl_verifies "$@"; }
check "openssl pkeyutl refuses the SM2 record's auditor signature with an empty distid" \
    refused_without_distid sm2/auditor.pub.jwk sm2/record.json "$(role_index sm2/record.json auditor)"

# ---- sm-crypto, both ways (tests/sm2.mjs) ----

status_response=$(find -L sm2/pub/current/certs -name '*.status.jws' | head -1)
# $VERIFIER unquoted: under STARMARK_VALGRIND it is several words.
node "$ROOT/tests/sm2.mjs" --trust "$WORK/sm2/trust.json" --record "$WORK/sm2/record.json" \
    --mixed-record "$WORK/mixed/record.json" --mixed-auditor-pub "$WORK/mixed/auditor.pub.jwk" \
    --claim "$WORK/sm2/qr.url" --manifest "$WORK/sm2/pub/current/manifest.jws" \
    --status-response "$WORK/$status_response" \
    --auditor-pub "$WORK/sm2/auditor.pub.jwk" --head-pub "$WORK/sm2/head.pub.jwk" \
    --auditor-key "$WORK/sm2/auditor.key" --head-key "$WORK/sm2/head.key" \
    --zero-record "$WORK/zero/record.json" --zero-auditor-pub "$WORK/zero/auditor.pub.jwk" \
    --zero-head-pub "$WORK/zero/head.pub.jwk" --work "$WORK" \
    -- $VERIFIER \
    || failed "tests/sm2.mjs stopped with status $?"
