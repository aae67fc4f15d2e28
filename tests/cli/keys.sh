# Keys and the trust store: files, modes, encryption, refusals.
source "$(dirname "$0")/../lib.sh"

"$ISSUER" init --db reg.db --body-id CB-TEST --body-name "测试认证中心" --prefix TEST \
    --verify-url https://verify.example.cn/v >/dev/null
expect_status 0 "keygen writes an auditor key" \
    "$ISSUER" keygen --role auditor --name 李明 --out auditor
check "key file is mode 0600" test "$(stat -c %a auditor.key)" = 600
check "key is encrypted PKCS#8" grep -q "BEGIN ENCRYPTED PRIVATE KEY" auditor.key
check "key is AES-256 encrypted" bash -c "openssl asn1parse -in auditor.key | grep -q aes-256"
check "public JWK names role, name, kid, use" \
    bash -c "grep -q '\"role\": \"auditor\"' auditor.pub.jwk && grep -q '\"use\": \"sig\"' auditor.pub.jwk && grep -q '\"kid\"' auditor.pub.jwk && grep -q '李明' auditor.pub.jwk"
check "kid is 11 characters" \
    bash -c "grep -Eq '\"kid\": \"[A-Za-z0-9_-]{11}\"' auditor.pub.jwk"

before=$(sha256sum auditor.key auditor.pub.jwk)
expect_status 2 "keygen refuses to overwrite" \
    "$ISSUER" keygen --role auditor --name 李明 --out auditor
expect_message "already exists" "overwrite refusal names the file"
check "the existing key is untouched" test "$before" = "$(sha256sum auditor.key auditor.pub.jwk)"

expect_status 0 "keygen --no-passphrase" \
    "$ISSUER" keygen --role head --name 张伟 --out head --no-passphrase
check "unencrypted key only when asked" grep -q "BEGIN PRIVATE KEY" head.key
expect_status 2 "unknown role refused" "$ISSUER" keygen --role boss --name X --out boss
expect_status 2 "empty passphrase refused" \
    env STARMARK_PASSPHRASE= "$ISSUER" keygen --role auditor --name X --out empty
check "no key file left after a refused keygen" test ! -e empty.key

expect_status 0 "trust add auditor" \
    "$ISSUER" trust add --db reg.db --trust trust.json auditor.pub.jwk
check "trust file created with the body from the registry" \
    bash -c "grep -q '\"id\": \"CB-TEST\"' trust.json && grep -q 'starmark-trust/1' trust.json"
expect_status 0 "trust add head with a window" \
    "$ISSUER" trust add --db reg.db --trust trust.json head.pub.jwk \
    --not-before 2026-01-01 --not-after 2030-12-31
check "window written to the trust file" grep -q '"not_after": "2030-12-31"' trust.json
expect_status 2 "a key registered twice is refused" \
    "$ISSUER" trust add --db reg.db --trust trust.json head.pub.jwk
expect_message "already registered" "duplicate key message"
expect_status 2 "a bad --not-after is refused" \
    "$ISSUER" trust add --db reg.db --trust trust.json auditor.pub.jwk --not-after 2026-02-30

# Using keys: permissions and passphrases.
"$ISSUER" keygen --role auditor --name 李明 --out open >/dev/null
chmod 644 open.key
"$ISSUER" trust add --db reg.db --trust trust.json open.pub.jwk >/dev/null
expect_status 2 "a group/world-readable key is refused" \
    "$ISSUER" issue --db reg.db --key open.key "$DATA/five-star.json"
expect_message "chmod 600 open.key" "the refusal names the chmod to run"
expect_status 2 "wrong passphrase refused" \
    env STARMARK_PASSPHRASE=wrong "$ISSUER" issue --db reg.db --key auditor.key "$DATA/five-star.json"
expect_message "auditor.key: wrong passphrase" "wrong passphrase is one clear line"
expect_status 2 "a key of the wrong role cannot issue" \
    "$ISSUER" issue --db reg.db --key head.key "$DATA/five-star.json"
expect_message "registered as head, not auditor" "wrong-role message"
"$ISSUER" keygen --role auditor --name 李明 --out stranger >/dev/null
expect_status 2 "an unregistered key cannot issue" \
    "$ISSUER" issue --db reg.db --key stranger.key "$DATA/five-star.json"
expect_message "not registered" "unregistered-key message"
"$ISSUER" keygen --role auditor --name 王芳 --out wang >/dev/null
"$ISSUER" trust add --db reg.db --trust trust.json wang.pub.jwk >/dev/null
expect_status 2 "only the lead auditor's key signs the conclusion" \
    "$ISSUER" issue --db reg.db --key wang.key "$DATA/five-star.json"
expect_message "lead_auditor is \"李明\"" "lead auditor mismatch message"
expect_status 2 "a head key outside its window cannot approve" \
    "$ISSUER" issue --db reg.db --key auditor.key --approve-key head.key --date 2031-01-05 \
    "$DATA/five-star.json"
expect_message "not trusted on 2031-01-05" "window refusal names the date"

# Closing a key's trust window: `issuer trust close`, registry and trust
# store in one step. Two records by 李明: one inside the window that will
# remain, one issued after the last day it will get.
kid_of() { python3 -c "import json, sys; print(json.load(open(sys.argv[1]))['kid'])" "$1"; }
AUDITOR_KID=$(kid_of auditor.pub.jwk)
HEAD_KID=$(kid_of head.pub.jwk)
WANG_KID=$(kid_of wang.pub.jwk)
early=$("$ISSUER" issue --db reg.db --key auditor.key --approve-key head.key --date 2027-03-01 \
        "$DATA/five-star.json")
late=$("$ISSUER" issue --db reg.db --key auditor.key --approve-key head.key --date 2027-07-01 \
       --again "$DATA/five-star.json")
"$ISSUER" export --db reg.db "$early" -o early.json
"$ISSUER" export --db reg.db "$late" -o late.json
expect_status 0 "a record signed inside the open window verifies" \
    "$VERIFIER" --trust trust.json --at 2027-07-02 late.json

# refuses PATTERN DESCRIPTION COMMAND...: exit 2, one line matching PATTERN,
# and the registry and trust store byte for byte as they were.
refuses() {
    local pattern=$1 what=$2; shift 2
    local before
    before=$(dump; sha256sum trust.json)
    expect_status 2 "trust close refuses $what" "$@"
    expect_message "$pattern" "trust close names what is wrong: $what"
    check "trust close changes nothing: $what" test "$before" = "$(dump; sha256sum trust.json)"
}
close() { "$ISSUER" trust close --db reg.db --trust trust.json "$@"; }

"$ISSUER" keygen --role auditor --name 赵六 --out lone >/dev/null
"$ISSUER" trust add --db reg.db --trust lone-trust.json lone.pub.jwk >/dev/null
printf '{"format":"starmark-trust/1","body":{"id":"OTHER","name":"x"},"keys":[]}' >other-trust.json
refuses "^issuer: key NoSuchKey00 is not registered" "an unknown kid" \
    close NoSuchKey00 --last-day 2027-06-30
refuses "key $(kid_of lone.pub.jwk) is not in the trust store trust.json" \
    "a kid registered but not in this trust store" \
    close "$(kid_of lone.pub.jwk)" --last-day 2027-06-30
refuses '--last-day "2027-02-30" is not a real date' "an impossible date" \
    close "$AUDITOR_KID" --last-day 2027-02-30
refuses '--last-day "2027-6-30" is not a real date' "a date not YYYY-MM-DD" \
    close "$AUDITOR_KID" --last-day 2027-6-30
refuses "needs a KID and --last-day" "no --last-day" close "$AUDITOR_KID"
refuses "before key $HEAD_KID's first day 2026-01-01" "a last day before not_before" \
    close "$HEAD_KID" --last-day 2025-12-31
refuses "other-trust.json is the trust store of another body" "another body's trust store" \
    "$ISSUER" trust close --db reg.db --trust other-trust.json "$AUDITOR_KID" \
    --last-day 2027-06-30
refuses "never reopens or lengthens" "lengthening a closed window" \
    close "$HEAD_KID" --last-day 2031-01-01
refuses "--reason must be 1 to 200 characters" "a reason on two lines" \
    close "$AUDITOR_KID" --last-day 2027-06-30 --reason $'left\nthe body'
# A trust store whose temporary file cannot be created (its name would be
# too long): the registry must be rolled back, whatever the permissions.
long=$(printf 't%.0s' {1..246}).json
cp trust.json "$long"
before=$(dump; sha256sum "$long")
expect_status 2 "a trust store that cannot be written is refused" \
    "$ISSUER" trust close --db reg.db --trust "$long" "$AUDITOR_KID" --last-day 2027-06-30
expect_message "File name too long" "the write failure is one line"
check "a failed write leaves registry and trust store unchanged" \
    test "$before" = "$(dump; sha256sum "$long")"
rm -f "$long"

cp trust.json trust-before.json
expect_status 0 "trust close ends 李明's window on 2027-06-30" \
    close "$AUDITOR_KID" --last-day 2027-06-30 --reason "离职"
check "it says until when the key is trusted" grep -q \
    "^key $AUDITOR_KID (auditor 李明) is trusted until 2027-06-30 (inclusive); records it signs after that day will not verify$" \
    last.out
check "the registry has the last day" \
    test "$(sqlite3 reg.db "SELECT not_after FROM keys WHERE kid = '$AUDITOR_KID'")" = 2027-06-30
check "the trust store changed in that one line, the other entries not at all" \
    test "$(diff trust-before.json trust.json | grep '^[<>]')" = \
    "$(printf '<       "not_after": null\n>       "not_after": "2027-06-30"')"
expect_status 0 "the record signed inside the window still verifies" \
    "$VERIFIER" --trust trust.json --at 2027-07-02 early.json
expect_status 1 "a record signed after the last day no longer verifies" \
    "$VERIFIER" --trust trust.json --at 2027-07-02 late.json
check "it says the key is not trusted on that date" \
    grep -q "key $AUDITOR_KID (role auditor) is trusted only from the start to 2027-06-30, not on the issue date 2027-07-01" \
    last.out last.err
expect_status 2 "the closed key cannot issue after its last day" \
    "$ISSUER" issue --db reg.db --key auditor.key --date 2027-07-01 "$DATA/five-star.json"
expect_message "not trusted on 2027-07-01" "the issue refusal names the date"
check "the audit log has the entry" test \
    "$(sqlite3 reg.db "SELECT action, kid, details FROM audit_log ORDER BY sequence DESC LIMIT 1")" = \
    "key window closed|$AUDITOR_KID|auditor key of 李明 trusted until 2027-06-30 (was no end) in trust.json; reason: 离职"
expect_status 0 "the audit log still verifies" "$ISSUER" audit verify --db reg.db --trust trust.json
refuses "window already ends on 2027-06-30, before --last-day 2027-12-31.*never reopens" \
    "reopening a closed window" close "$AUDITOR_KID" --last-day 2027-12-31
before=$(dump; sha256sum trust.json)
expect_status 0 "closing again on the same day is a no-op" \
    close "$AUDITOR_KID" --last-day 2027-06-30
check "the no-op says so" grep -q "was already trusted until 2027-06-30 (inclusive); nothing changed" last.out
check "the no-op changes nothing" test "$before" = "$(dump; sha256sum trust.json)"
expect_status 0 "a window may be shortened further" close "$AUDITOR_KID" --last-day 2027-05-31
expect_status 0 "...and the earlier record still verifies" \
    "$VERIFIER" --trust trust.json --at 2027-07-02 early.json

# Registry and trust store disagreeing: refused, except the state a crash
# between writing the trust store and the commit leaves, which is completed.
cp trust.json trust-agreed.json
sqlite3 reg.db "UPDATE keys SET not_before = '2026-05-01' WHERE kid = '$WANG_KID'"
refuses "disagree about key $WANG_KID: trust.json has not_before no start, the registry 2026-05-01" \
    "registry and trust store disagreeing" \
    close "$WANG_KID" --last-day 2027-06-30
sqlite3 reg.db "UPDATE keys SET not_before = NULL WHERE kid = '$WANG_KID'"
sqlite3 reg.db "UPDATE keys SET name = '王小芳' WHERE kid = '$WANG_KID'"
refuses "trust.json has it as auditor 王芳, the registry as auditor 王小芳" \
    "registry and trust store naming the key's holder differently" \
    close "$WANG_KID" --last-day 2027-06-30
sqlite3 reg.db "UPDATE keys SET name = '王芳' WHERE kid = '$WANG_KID'"
python3 - "$WANG_KID" <<'PY'
import json, sys
trust = json.load(open("trust.json"))
for entry in trust["keys"]:
    if entry["jwk"]["kid"] == sys.argv[1]:
        entry["not_after"] = "2027-01-31"
json.dump(trust, open("trust.json", "w"), ensure_ascii=False, indent=2)
PY
refuses "trust.json has not_after 2027-01-31, the registry no end.*--last-day 2027-01-31" \
    "a different day after an interrupted close" close "$WANG_KID" --last-day 2027-06-30
expect_status 0 "the same day completes an interrupted close" \
    close "$WANG_KID" --last-day 2027-01-31
check "the registry is completed" \
    test "$(sqlite3 reg.db "SELECT not_after FROM keys WHERE kid = '$WANG_KID'")" = 2027-01-31
check "the audit log says it completed an interrupted close" \
    grep -q "completing an interrupted close" <(sqlite3 reg.db "SELECT details FROM audit_log")
expect_status 0 "the audit log verifies after it all" "$ISSUER" audit verify --db reg.db
