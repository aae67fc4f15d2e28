# Re-running is safe: issuer issue keeps the SHA-256 of each assessment
# file's bytes and refuses a file it has issued before, naming the
# certificate (exit 2, nothing issued), unless --again says a second
# certificate is meant; --skip-issued skips such files and prints their
# numbers, so a batch that was killed can simply be run again. And a
# registry of schema version 2 gains the digests' column when opened.
source "$(dirname "$0")/../lib.sh"
make_body
issue() { "$ISSUER" issue --db reg.db --key auditor.key --approve-key head.key --date 2026-11-25 "$@"; }
certificates() { sqlite3 reg.db "SELECT count(*) FROM certificates"; }
cp "$DATA/five-star.json" a.json
cp "$DATA/four-star.json" b.json
cp "$DATA/three-star.json" c.json

expect_status 0 "a first issue" issue a.json
A=$(cat "$WORK/last.out")
check "the registry keeps the file's SHA-256 (as sha256sum computes it)" \
    test "$(sqlite3 reg.db "SELECT assessment_sha256 FROM certificates WHERE number = '$A'")" \
         = "$(sha256sum <a.json | cut -d' ' -f1)"
dump >before.sql
expect_status 2 "the same file again is refused" issue a.json
expect_message "a.json was already issued as $A \(the same file, SHA-256 [0-9a-f]{16}\.\.\.\); --again issues another certificate, --skip-issued skips it" \
    "the refusal names the certificate and both ways on"
check "nothing was issued, and nothing logged" bash -c "$(declare -f dump); dump | cmp -s - before.sql"
expect_status 2 "a batch with one issued file is refused whole" issue b.json a.json
check "so the other file was not issued either" bash -c "$(declare -f dump); dump | cmp -s - before.sql"
cp a.json copy-of-a.json
expect_status 2 "the same bytes under another name are refused" issue copy-of-a.json
expect_message "copy-of-a.json was already issued as $A" "by its bytes, not its name"
printf '\n' >>copy-of-a.json
expect_status 0 "one byte more is another file, and is issued" issue copy-of-a.json
expect_status 0 "--again issues a second certificate on purpose" issue --again a.json
AGAIN=$(cat "$WORK/last.out")
check "with a new number ($AGAIN)" test "$AGAIN" != "$A"
expect_status 2 "after that, the refusal still names the first" issue a.json
expect_message "already issued as $A " "the first certificate"
expect_status 2 "a file given twice in one batch is refused" issue b.json b.json
check "and nothing issued" test "$(sqlite3 reg.db "SELECT count(*) FROM certificates WHERE holder_uscc = (SELECT holder_uscc FROM certificates WHERE number = '$A') AND number NOT IN ('$A', '$AGAIN')")" -eq 1
expect_status 2 "--again and --skip-issued together" issue --again --skip-issued a.json
expect_message "contradict each other" "is a usage error"

# --skip-issued: issued files are skipped, their numbers printed in order.
count=$(certificates)
expect_status 0 "--skip-issued with one issued and one new file" issue --skip-issued a.json c.json
check "prints the issued file's number first" test "$(sed -n 1p "$WORK/last.out")" = "$A"
C=$(sed -n 2p "$WORK/last.out")
check "then the new certificate's" test "$(sqlite3 reg.db "SELECT assessment_sha256 FROM certificates WHERE number = '$C'")" \
    = "$(sha256sum <c.json | cut -d' ' -f1)"
check "issuing only the new one" test "$(certificates)" -eq $((count + 1))
check "and says on stderr what it skipped" grep -qx "issuer: a.json was already issued as $A: skipped" "$WORK/last.err"
expect_status 0 "--skip-issued with a new file twice" issue --skip-issued b.json b.json
check "issues it once and prints that number twice" \
    bash -c "[[ \$(sort -u '$WORK/last.out' | wc -l) -eq 1 && \$(wc -l <'$WORK/last.out') -eq 2 ]]"

# A batch killed after its first calls committed: run again as it was,
# with --skip-issued, it completes and every file is issued exactly once.
python3 "$ROOT/tests/make-assessments.py" "$DATA/five-star.json" 30 batch
files=(batch/*.json)
issue "${files[@]:0:12}" >first-part.txt
expect_status 2 "re-running the whole batch as it was is refused" issue "${files[@]}"
expect_status 0 "re-running it with --skip-issued completes it" issue --skip-issued "${files[@]}"
check "the first 12 numbers are those issued before" \
    bash -c "head -12 '$WORK/last.out' | cmp -s - first-part.txt"
check "30 numbers, all different" test "$(sort -u "$WORK/last.out" | wc -l)" -eq 30
check "each file issued exactly once" \
    test "$(sqlite3 reg.db "SELECT count(DISTINCT assessment_sha256) FROM certificates WHERE holder_name LIKE '基准测试企业%'")" -eq 30 \
    -a "$(sqlite3 reg.db "SELECT count(*) FROM certificates WHERE holder_name LIKE '基准测试企业%'")" -eq 30
expect_status 0 "and once more changes nothing" issue --skip-issued "${files[@]}"
check "the same numbers" test "$(sqlite3 reg.db "SELECT count(*) FROM certificates WHERE holder_name LIKE '基准测试企业%'")" -eq 30
expect_status 0 "the audit chain verifies" "$ISSUER" audit verify --db reg.db

# Schema version 3 (no digests) is brought to the current version when opened: its
# certificates keep a NULL digest, new ones get theirs.
source "$ROOT/tests/old-registry.sh"
mkdir v3 && cd v3
make_body
"$ISSUER" issue --db reg.db --key auditor.key --approve-key head.key --date 2026-11-25 "$DATA/five-star.json" >/dev/null
registry_version_3 reg.db reg-v3.db && mv reg-v3.db reg.db
expect_status 0 "a version 3 registry opens" "$ISSUER" list --db reg.db
check "and is now version $SCHEMA_VERSION" \
    test "$(sqlite3 reg.db 'SELECT schema_version FROM body')" -eq $SCHEMA_VERSION
check "the audit log names the steps" \
    test "$(sqlite3 reg.db "SELECT group_concat(details, ' | ') FROM audit_log WHERE action = 'migrate'")" \
         = "$(steps_from 3 ' | ')"
check "its certificate has no digest" test "$(sqlite3 reg.db 'SELECT count(*) FROM certificates WHERE assessment_sha256 IS NULL')" -eq 1
expect_status 0 "a new issue records its digest" "$ISSUER" issue --db reg.db --key auditor.key --date 2026-11-26 "$DATA/four-star.json"
expect_status 2 "and is refused the second time" "$ISSUER" issue --db reg.db --key auditor.key --date 2026-11-26 "$DATA/four-star.json"
expect_status 0 "the audit chain verifies after the migration" "$ISSUER" audit verify --db reg.db
