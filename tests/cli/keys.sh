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
