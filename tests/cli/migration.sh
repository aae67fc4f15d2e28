# Schema migrations of the registry: a real version-2 registry (filled by
# real commands, then given version 2's keys table: tests/old-registry.sh)
# is brought to the current version in one transaction when a command
# opens it; the keys table loses its CHECK on the role and keeps its rows
# and the references to it; a migration that cannot finish changes nothing.
# A version-5 registry gets the transparency log: every record issued
# becomes an entry, and the next publish puts every status response in it.
source "$(dirname "$0")/../lib.sh"
source "$ROOT/tests/old-registry.sh"
make_body
A=$("$ISSUER" issue --db reg.db --key auditor.key --approve-key head.key --date 2026-11-25 \
        "$DATA/five-star.json")
"$ISSUER" issue --db reg.db --key auditor.key --date 2026-11-25 "$DATA/four-star.json" >/dev/null
"$ISSUER" suspend --db reg.db "$A" --reason "投诉处理不符合要求" --code nonconformity \
    --date 2027-01-10 >/dev/null
"$ISSUER" publish --db reg.db --key head.key --out pub >/dev/null
registry_version_2 reg.db v2.db
keys_of() { sqlite3 "$1" "SELECT * FROM keys ORDER BY kid"; }
add_log_key() { sqlite3 "$1" "INSERT INTO keys VALUES ('log-kid', 'log', 'x', '{}', NULL, NULL, 'now')"; }
migrations() { sqlite3 "$1" "SELECT count(*) FROM audit_log WHERE action = 'migrate'"; }

# The fixture is what version 2 wrote: its keys table refuses a role it
# does not name.
cp v2.db fixture.db
check "the version-2 fixture refuses a key of role log" bash -c "! sqlite3 fixture.db \"INSERT INTO keys VALUES ('k', 'log', 'x', '{}', NULL, NULL, 'now')\""
check "the version-2 fixture is version 2" test "$(sqlite3 v2.db 'SELECT schema_version FROM body')" -eq 2

keys_before=$(keys_of v2.db)
expect_status 0 "a command opens a version-2 registry" "$ISSUER" list --db v2.db
check "it lists the certificates as before" grep -q "$A .*suspended" last.out
check "the registry is now version $SCHEMA_VERSION" \
    test "$(sqlite3 v2.db 'SELECT schema_version FROM body')" -eq $SCHEMA_VERSION
check "the steps are the audit log's last entries" \
    test "$(sqlite3 v2.db "SELECT group_concat(entry, ' / ') FROM (SELECT * FROM (SELECT sequence, action || '|' || details AS entry FROM audit_log ORDER BY sequence DESC LIMIT $((SCHEMA_VERSION - 2))) ORDER BY sequence)")" \
         = "migrate|$(steps_from 2 ' / migrate|')"
check "every key is kept, field for field" test "$keys_before" = "$(keys_of v2.db)"
check "the keys table no longer judges the role" \
    bash -c "! sqlite3 v2.db \"SELECT sql FROM sqlite_master WHERE name = 'keys'\" | grep -q CHECK"
cp v2.db log-role.db
check "a key of role log can be stored now" add_log_key log-role.db
schema_objects() { sqlite3 "$1" "SELECT type, name, tbl_name FROM sqlite_master ORDER BY type, name"; }
check "its tables and indexes are those of a new registry, none left over" \
    test "$(schema_objects v2.db)" = "$(schema_objects reg.db)"
check "every reference to a key still holds" test -z "$(sqlite3 v2.db 'PRAGMA foreign_key_check')"
check "the file is intact" test "$(sqlite3 v2.db 'PRAGMA integrity_check')" = ok
check "the certificates still reference the keys table" \
    bash -c "! sqlite3 v2.db \"PRAGMA foreign_keys = ON; UPDATE certificates SET auditor_kid = 'nobody' WHERE number = '$A'\""
expect_status 0 "the audit chain and the signed heads verify after it" "$ISSUER" audit verify --db v2.db
"$ISSUER" list --db v2.db >/dev/null
check "a second opening migrates nothing" test "$(migrations v2.db)" -eq $((SCHEMA_VERSION - 2))

# Commands that open the same version-2 registry at once migrate it once:
# each reads the version again once it holds the write lock. Here they all
# read version 2 while another connection holds that lock, then queue.
registry_version_2 reg.db shared.db
sqlite3 shared.db "BEGIN IMMEDIATE;" ".shell sleep 2" "COMMIT;" &
sleep 0.5
for i in 1 2 3 4; do "$ISSUER" list --db shared.db >/dev/null 2>"open.$i.err" & done
wait
check "four commands opening it at once all succeed" test -z "$(cat open.*.err)"
check "and it was migrated once (a step each)" test "$(migrations shared.db)" -eq $((SCHEMA_VERSION - 2))

# The migrated registry works on: the keys sign, a new key registers.
expect_status 0 "it issues with its migrated keys" \
    "$ISSUER" issue --db v2.db --key auditor.key --approve-key head.key --date 2027-02-01 \
    "$DATA/three-star.json"
B=$(tail -1 last.out)
"$ISSUER" export --db v2.db "$B" -o "$B.json"
expect_status 0 "what it issues is genuine" "$VERIFIER" --trust trust.json --at 2027-02-01 "$B.json"
"$ISSUER" keygen --role auditor --name 王芳 --out second >/dev/null
expect_status 0 "a key registers in it" "$ISSUER" trust add --db v2.db --trust trust.json second.pub.jwk
expect_status 0 "its history reads" "$ISSUER" history --db v2.db "$A"
check "with the suspension" grep -q "suspended .*投诉处理不符合要求" last.out

# A step that cannot finish changes nothing: here a certificate names an
# auditor key that is no longer in the keys table, which the rebuilt table
# would not hold.
registry_version_2 reg.db broken.db
sqlite3 broken.db "DELETE FROM keys WHERE role = 'auditor'"
before=$(sqlite3 broken.db .dump)
expect_status 2 "a version-2 registry whose keys do not hold is refused" "$ISSUER" list --db broken.db
expect_message "broken.db: cannot migrate the registry from schema version 2 to $SCHEMA_VERSION \(nothing was changed\): row [0-9]+ of certificates names a keys row that does not exist" \
    "it says why, and that nothing was changed"
check "the refused registry is unchanged" test "$before" = "$(sqlite3 broken.db .dump)"
check "it is still version 2 with no migration logged" \
    test "$(sqlite3 broken.db 'SELECT schema_version FROM body')/$(migrations broken.db)" = 2/0

# Version 5 to 6: the transparency log. Its origin comes from the verify
# URL's host; every issued record becomes an entry, in the order of
# approval (the pending conclusion does not); what was published is
# forgotten, so the next publish signs every response, into the log.
registry_version_5 reg.db v5.db
expect_status 0 "a command opens a version-5 registry" "$ISSUER" list --db v5.db
check "it is now the current version" test "$(sqlite3 v5.db 'SELECT schema_version FROM body')" -eq $SCHEMA_VERSION
check "the step 5 to 6 is logged" \
    test "$(sqlite3 v5.db "SELECT details FROM audit_log WHERE action = 'migrate'")" \
         = "schema version 5 to 6 (the transparency log)"
check "the log's origin is the verify URL's host and /log" \
    test "$(sqlite3 v5.db 'SELECT log_origin FROM body')" = "verify.example.cn/log"
check "the issued record is the log's one entry, its bytes the record's" \
    test "$(sqlite3 v5.db "SELECT position, kind, number, entry = (SELECT record FROM certificates WHERE number = '$A') FROM log_entries")" = "0|record|$A|1"
check "nothing is published any more" test "$(sqlite3 v5.db 'SELECT count(*) FROM published')" -eq 0
check "its tables and indexes are those of a new registry" \
    test "$(schema_objects v5.db)" = "$(schema_objects reg.db)"
"$ISSUER" log key --db v5.db log.key >/dev/null
expect_status 0 "it publishes, with its log" "$ISSUER" publish --db v5.db --key head.key --out pub5
check "every response is signed again, into the log" grep -q "1 certificates, 1 status responses signed, .*log of 2 entries" last.out
"$ISSUER" export --db v5.db "$A" -o "$A.json"
expect_status 4 "a verifier reads the status through the log" \
    "$VERIFIER" --trust trust.json --status pub5 "$A.json"
check "entries are never changed" bash -c "! sqlite3 v5.db \"UPDATE log_entries SET entry = 'x'\""
check "nor removed" bash -c "! sqlite3 v5.db 'DELETE FROM log_entries'"
