# The verifier CLI: outcomes and exit statuses, output for people and --json,
# and that it carries no private-key code and links no PDF, QR or SQLite code.
source "$(dirname "$0")/../lib.sh"
make_body
"$ISSUER" issue --db reg.db --key auditor.key --approve-key head.key --date 2026-11-25 \
    "$DATA/four-star.json" >/dev/null
"$ISSUER" export --db reg.db TEST-2026-000001 -o record.json

expect_status 0 "a fresh record is valid" "$VERIFIER" --trust trust.json --at 2026-12-01 record.json
check "the summary names holder, credit code and grade" \
    bash -c "grep -q 杭州云帆电子科技有限公司 last.out && grep -q 91330106MA2H4KQ5XT last.out && grep -q '四星级 ★★★★☆' last.out"
check "the summary says the status was not checked" grep -q "NOT CHECKED" last.out
expect_status 0 "valid on its issue date" "$VERIFIER" --trust trust.json --at 2026-11-25 record.json
expect_status 0 "valid on its last day" "$VERIFIER" --trust trust.json --at 2029-11-24 record.json
expect_status 3 "expired the day after" "$VERIFIER" --trust trust.json --at 2029-11-25 record.json
check "expiry is said plainly" grep -q "EXPIRED" last.out
expect_status 3 "not yet valid before issue" "$VERIFIER" --trust trust.json --at 2026-11-24 record.json
expect_status 0 "reads the record from standard input" \
    bash -c "'$ROOT/$BIN/verifier' --trust trust.json --at 2026-12-01 - <record.json"
expect_status 0 "--json" "$VERIFIER" --trust trust.json --at 2026-12-01 --json record.json
check "--json has a stable result field" grep -q '"result": "valid"' last.out
check "--json says the status was not checked" grep -q '"status_checked": false' last.out
expect_status 3 "--json on an expired record" "$VERIFIER" --trust trust.json --at 2030-01-01 --json record.json
check "--json result expired" grep -q '"result": "expired"' last.out
expect_status 0 "--quiet prints nothing" "$VERIFIER" --trust trust.json --at 2026-12-01 --quiet record.json
check "--quiet output is empty" test ! -s last.out
expect_status 0 "STARMARK_TRUST names the trust store" \
    env STARMARK_TRUST=trust.json "$ROOT/$BIN/verifier" --at 2026-12-01 record.json

sed 's/杭州云帆/杭州云帐/' record.json >edited.json
expect_status 0 "a record re-encoded with an edit is still JSON" python3 -c "import json; json.load(open('edited.json'))"
python3 - <<'PY'
import base64, json
r = json.load(open("record.json"))
pad = lambda s: s + "=" * (-len(s) % 4)
payload = json.loads(base64.urlsafe_b64decode(pad(r["payload"])))
payload["holder"]["name"] = "假冒公司"
r["payload"] = base64.urlsafe_b64encode(json.dumps(payload, ensure_ascii=False).encode()).decode().rstrip("=")
json.dump(r, open("forged.json", "w"))
PY
expect_status 1 "a forged holder name is not genuine" "$VERIFIER" --trust trust.json forged.json
check "the refusal says which signature failed" grep -Eq "signature by key .* does not verify" last.out
check "a forged record shows no holder data" bash -c "! grep -q 假冒公司 last.out"
expect_status 1 "--json on a forged record" "$VERIFIER" --trust trust.json --json forged.json
check "--json result not_genuine with a reason" \
    bash -c "grep -q '\"result\": \"not_genuine\"' last.out && grep -q '\"reason\"' last.out"

expect_status 2 "a missing record file" "$VERIFIER" --trust trust.json nothing.json
expect_message "nothing.json: No such file" "missing-file message"
expect_status 2 "a missing trust store" "$VERIFIER" --trust none.json record.json
expect_status 2 "a bad --at" "$VERIFIER" --trust trust.json --at 2026-02-30 record.json
expect_message "--at \"2026-02-30\" is not a real date" "bad --at message"
expect_status 2 "an unknown option" "$VERIFIER" --trust trust.json --colour record.json
expect_message "unknown option --colour" "unknown-option message"
printf '{"format":"starmark-trust/1","body":{"id":"X","name":"X"},"keys":[],"keys":[]}' >dup-trust.json
expect_status 2 "a trust store with duplicate keys is refused" "$VERIFIER" --trust dup-trust.json record.json
printf '{"format":"starmark-trust/1","body":{"id":"X","name":"X"},"keys":[],"extra":1}' >extra-trust.json
expect_status 2 "a trust store with an unknown field is refused" "$VERIFIER" --trust extra-trust.json record.json
expect_message 'unknown field "extra"' "unknown trust field is named"
head -c 300000 /dev/zero | tr '\0' ' ' >huge.json
expect_status 2 "a record over 256 KiB is refused before parsing" "$VERIFIER" --trust trust.json huge.json
expect_message "huge.json: larger than 262144 bytes" "size refusal message"

# The batch mode used by make bench.
mkdir batch && cp record.json batch/a.json && cp record.json batch/b.json && cp forged.json batch/c.json
expect_status 1 "--batch counts and flags the forged one" "$VERIFIER" --trust trust.json --at 2026-12-01 --batch batch
check "--batch summary" grep -q "2 valid, 1 not genuine" last.out
# Regular files share one buffer; a link is read as any file; a cut record
# read after whole ones must not borrow their bytes.
ln -s a.json batch/link.json && head -c 1000 record.json >batch/cut.json
expect_status 1 "--batch reads links and cut records too" "$VERIFIER" --trust trust.json --at 2026-12-01 --batch batch
check "--batch summary with a link and a cut record" grep -q "3 valid, 2 not genuine" last.out
check "the cut record is named" grep -q "batch/cut.json: not genuine" last.err
mkdir odd && mkfifo odd/fifo.json
expect_status 2 "--batch refuses a FIFO instead of waiting on it" timeout 10 "$VERIFIER" --trust trust.json --batch odd
expect_message "odd/fifo.json: not a regular file" "the FIFO is named"
rm odd/fifo.json && cp huge.json odd/huge.json
expect_status 2 "--batch refuses a file over 256 KiB" "$VERIFIER" --trust trust.json --batch odd
expect_message "odd/huge.json: larger than 262144 bytes" "the big file is named"

# What the verifier is built from. Each "no" needs ldd and nm to have
# listed what it does link and hold: OpenSSL, and the verifying call.
ldd "$ROOT/$BIN/verifier" >libraries.txt 2>&1
nm "$ROOT/$BIN/verifier" >symbols.txt 2>&1
check "the verifier links no libharu, libqrencode or SQLite" \
    bash -c "grep -q libcrypto libraries.txt && ! grep -Eq 'hpdf|qrencode|sqlite' libraries.txt"
# (It reads PEM certificates, the seal CAs: public, not keys.)
check "the verifier has no signing or key-loading code" \
    bash -c "grep -q EVP_DigestVerify symbols.txt \
             && ! grep -Eq 'EVP_DigestSign|PEM_read_bio_PrivateKey|PEM_read_PrivateKey|d2i_PrivateKey|d2i_AutoPrivateKey|keyfile_|signer_|CMS_sign@|CMS_add1_signer' symbols.txt"
check "the only PEM it reads are certificates" \
    bash -c "test \"\$(grep -o 'PEM_read[A-Za-z0-9_]*' symbols.txt | sort -u)\" = PEM_read_bio_X509"

# A certificate PDF: the record inside verifies, and its QR link must be the
# record's own verification URL, not a look-alike host with the same claim.
"$ISSUER" render --db reg.db TEST-2026-000001 -o certificate.pdf >/dev/null
expect_status 0 "the certificate PDF verifies" "$VERIFIER" --trust trust.json --at 2026-12-01 certificate.pdf
python3 - <<'PY'
data = open("certificate.pdf", "rb").read()
lookalike = data.replace(b"verify.example.cn", b"verify.examp1e.cn")
assert lookalike != data
open("lookalike.pdf", "wb").write(lookalike)
PY
expect_status 1 "a QR link to a look-alike host is not genuine" "$VERIFIER" --trust trust.json --at 2026-12-01 lookalike.pdf
check "it says where the QR points" grep -q "points somewhere other than" last.out
STARMARK_DB=reg.db "$ISSUER" export TEST-2026-000001 -o exported.json
expect_status 0 "render from an exported record even with STARMARK_DB set" \
    env STARMARK_DB=reg.db "$ROOT/$BIN/issuer" render exported.json -o from-record.pdf
