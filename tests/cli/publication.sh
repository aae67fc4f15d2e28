# Publication and status: every verifier outcome from a real scenario, stale
# and tampered publications, incremental and atomic publishing.
source "$(dirname "$0")/../lib.sh"
make_body
days_ago() { date -d "$(date -u -d '+8 hours' +%F) -$1 days" +%F; }
TODAY=$(days_ago 0)
issue() { "$ISSUER" issue --db reg.db --key auditor.key --approve-key head.key --date "$1" --again "$2" | tail -1; }
early() { python3 "$ROOT/tests/mutate.py" "$DATA/$1" "$2" "d['audit']['end_date'] = '2020-01-01'"; }
early five-star.json five.json
early four-star.json four.json
early three-star.json three.json

VALID=$(issue "$(days_ago 10)" five.json)
SUSPENDED=$(issue "$(days_ago 10)" four.json)
REVOKED=$(issue "$(days_ago 10)" three.json)
WITHDRAWN=$(issue "$(days_ago 10)" five.json)
OVERDUE=$(issue "$(days_ago 400)" four.json)       # its first surveillance fell due 35 days ago
EXPIRED=$(issue "$(days_ago 1200)" three.json)     # three years ended about 100 days ago
"$ISSUER" surveil --db reg.db --key auditor.key "$EXPIRED" --date "$(days_ago 900)" --result pass >/dev/null
"$ISSUER" surveil --db reg.db --key auditor.key "$EXPIRED" --date "$(days_ago 500)" --result pass >/dev/null
"$ISSUER" suspend --db reg.db "$SUSPENDED" --reason "投诉处理不符合要求" --code nonconformity >/dev/null
"$ISSUER" revoke --db reg.db "$REVOKED" --reason "提供虚假材料" --code fraud >/dev/null
"$ISSUER" withdraw --db reg.db "$WITHDRAWN" --reason "获证组织申请注销" --code holder_request >/dev/null
"$ISSUER" sweep --db reg.db --at "$(days_ago 50)" >/dev/null  # expires EXPIRED, before OVERDUE falls due
for n in $VALID $SUSPENDED $REVOKED $WITHDRAWN $OVERDUE $EXPIRED; do
    "$ISSUER" export --db reg.db "$n" -o "$n.json"
done

expect_status 0 "publish" "$ISSUER" publish --db reg.db --key head.key --out pub
check "the first publish is full" grep -q "(full): 6 certificates, 6 status responses signed" last.out
outcome() { # outcome STATUS NAME NUMBER PATTERN: verifier --status exits STATUS and says PATTERN
    expect_status "$1" "$2" "$VERIFIER" --trust trust.json --status pub "$3.json"
    check "$2: the output says $4" grep -q "$4" last.out
}
outcome 0 "valid" "$VALID" "有效 Valid since"
outcome 4 "suspended" "$SUSPENDED" "暂停 Suspended since $TODAY"
check "the suspension reason is shown" grep -q "投诉处理不符合要求" last.out
outcome 5 "revoked" "$REVOKED" "撤销 Revoked since $TODAY"
outcome 5 "withdrawn" "$WITHDRAWN" "注销 Withdrawn since $TODAY"
outcome 6 "surveillance overdue" "$OVERDUE" "监督逾期 Surveillance overdue"
outcome 3 "expired" "$EXPIRED" "过期 Expired"
check "every result says when it was published" grep -q "Published    $TODAY" last.out
expect_status 4 "--json on a suspended record" "$VERIFIER" --trust trust.json --status pub --json "$SUSPENDED.json"
check "--json result suspended, status checked" \
    bash -c "grep -q '\"result\": \"suspended\"' last.out && grep -q '\"status_checked\": true' last.out && grep -q '\"reason_code\": \"nonconformity\"' last.out"
"$ISSUER" qr --db reg.db "$REVOKED" >qr.txt
expect_status 5 "a scanned QR of a revoked certificate" "$VERIFIER" --trust trust.json --status pub --qr "$(cat qr.txt)"

# Status unknown, each for a real reason.
expect_status 7 "the publication read after its next_update" \
    "$VERIFIER" --trust trust.json --status pub --at "$(date -d "$TODAY +2 days" +%F)" "$VALID.json"
check "stale is said plainly" grep -q "stale" last.out
expect_status 7 "no publication at all" "$VERIFIER" --trust trust.json --status nowhere "$VALID.json"
shard_of() { python3 -c "import hashlib, sys; d = hashlib.sha256(sys.argv[1].encode()).digest(); print('%03x' % ((d[0] << 2 | d[1] >> 6) & 0x3ff))" "$1"; }
# tamper NAME FILE PYTHON PATTERN: a copy of the publication with FILE
# (below current/) changed by PYTHON (on `text`) is status unknown, saying PATTERN.
tamper() {
    rm -rf pub-tampered && cp -rL pub pub-tampered
    python3 - "pub-tampered/current/$2" "$3" <<'PY2'
import sys
path, change = sys.argv[1], sys.argv[2]
text = open(path).read()
exec(change)
open(path, "w").write(text)
PY2
    expect_status 7 "$1" "$VERIFIER" --trust trust.json --status pub-tampered "$VALID.json"
    check "$1: named" grep -q "$4" last.out
}
shard=$(shard_of "$VALID")
tamper "a forged manifest signature" manifest.jws \
    'h, p, s = text.split("."); text = ".".join([h, p, ("A" if s[0] != "A" else "B") + s[1:]])' \
    "does not verify"
tamper "an edited line in the table of shards" shards.txt \
    "text = text.replace('\n$shard ', '\n$shard AAA', 1)" \
    "shards.txt is not the one the publication lists"
tamper "an edited shard index" "certs/$shard/index.txt" \
    "text = text.replace('$VALID 1 ', '$VALID 2 ', 1)" \
    "the shard's index is not the one the publication lists"
tamper "a status response swapped for another's" "certs/$shard/$VALID.status.jws" \
    "text = open('pub/current/certs/$(shard_of "$SUSPENDED")/$SUSPENDED.status.jws').read()" \
    "the status response is not the one the publication lists"
expect_status 7 "a certificate issued after the publication" bash -c \
    "n=\$('$ROOT/$BIN/issuer' issue --db reg.db --key auditor.key --approve-key head.key --again five.json) && '$ROOT/$BIN/issuer' export --db reg.db \$n -o late.json && '$ROOT/$BIN/verifier' --trust trust.json --status pub late.json"

# An incremental publish after one change rewrites only what changed.
old_response=$(readlink -f "pub/current/certs/$(shard_of "$SUSPENDED")")/$SUSPENDED.status.jws
cp "$old_response" old-suspended.status.jws
"$ISSUER" reinstate --db reg.db "$SUSPENDED" --reason "整改完成" --code corrected >/dev/null
expect_status 0 "incremental publish" "$ISSUER" publish --db reg.db --key head.key --out pub
check "it signs the one changed response (and the new certificate)" grep -q "(incremental): 7 certificates, 2 status responses signed" last.out
outcome 0 "reinstated and republished" "$SUSPENDED" "有效 Valid since $TODAY"
current=$(readlink -f "pub/current/certs/$(shard_of "$SUSPENDED")")
cp -r pub pub-replayed
chmod -R u+w pub-replayed
replayed=$(readlink -f "pub-replayed/current/certs/$(shard_of "$SUSPENDED")")/$SUSPENDED.status.jws
rm -f "$replayed" && cp old-suspended.status.jws "$replayed"
expect_status 7 "an old status response served after the list moved on" \
    "$VERIFIER" --trust trust.json --status pub-replayed "$SUSPENDED.json"
check "it is called older than the list" grep -q "older than the list" last.out

# Atomic publication: a reader looping through repeated publishes only ever
# sees a whole generation (valid or suspended), never status unknown.
(
    for round in 1 2 3 4 5 6; do
        "$ISSUER" suspend --db reg.db "$VALID" --reason "round $round" --code nonconformity >/dev/null
        "$ISSUER" publish --db reg.db --key head.key --out pub >/dev/null
        "$ISSUER" reinstate --db reg.db "$VALID" --reason "round $round" --code corrected >/dev/null
        "$ISSUER" publish --db reg.db --key head.key --out pub >/dev/null
    done
    touch publishing-done
) &
seen=""
while [[ ! -e publishing-done ]]; do
    "$VERIFIER" --trust trust.json --status pub --quiet "$VALID.json"
    seen="$seen $?"
done
wait
check "the reader saw only valid (0) and suspended (4) while publishing" \
    bash -c "echo '$seen' | tr ' ' '\n' | grep -v '^$' | grep -qv '^[04]$' && exit 1 || exit 0"
check "the reader ran during the publishes" test "$(echo $seen | wc -w)" -gt 3
check "old generations are collected (3 kept)" test "$(ls pub/gen | wc -l)" -eq 3

# The public notice.
check "notice.html lists the suspended, revoked and withdrawn" \
    bash -c "grep -q '$REVOKED' pub/current/notice.html && grep -q '$WITHDRAWN' pub/current/notice.html && grep -q '撤销 Revoked' pub/current/notice.html"
check "notice.json is JSON with the same entries" python3 -c "
import json; d = json.load(open('pub/current/notice.json'))
assert {e['number'] for e in d['entries']} >= {'$REVOKED', '$WITHDRAWN'}, d"
check "the status list is a signed JWS naming every certificate not plainly valid" node -e "
const jose = require('$ROOT/tests/node_modules/jose');
const fs = require('fs');
const jwk = JSON.parse(fs.readFileSync('head.pub.jwk'));
jose.importJWK(jwk, 'EdDSA').then(key => jose.compactVerify(fs.readFileSync('pub/current/status-list.jws', 'utf8').trim(), key))
  .then(r => { const list = JSON.parse(new TextDecoder().decode(r.payload));
    const listed = new Set(list.entries.map(e => e.number));
    for (const n of ['$REVOKED', '$WITHDRAWN', '$EXPIRED', '$OVERDUE']) if (!listed.has(n)) process.exit(1);
    if (listed.has('$SUSPENDED')) process.exit(1); })
  .catch(() => process.exit(1));"

expect_status 7 "--at before the publication was made" \
    "$VERIFIER" --trust trust.json --status pub --at "$(days_ago 1)" "$VALID.json"
check "it says the publication is from after that day" grep -q "from after the moment asked about" last.out

# A publish to a new directory is full; the incremental publishes after it
# must still list every unchanged certificate correctly.
expect_status 0 "a publish to another directory" "$ISSUER" publish --db reg.db --key head.key --out pub2
check "it is full" grep -q "(full)" last.out
"$ISSUER" suspend --db reg.db "$VALID" --reason "after the move" --code nonconformity >/dev/null
expect_status 0 "then an incremental publish there" "$ISSUER" publish --db reg.db --key head.key --out pub2
check "it is incremental" grep -q "(incremental)" last.out
expect_status 5 "an unchanged certificate is still known after the move" \
    "$VERIFIER" --trust trust.json --status pub2 "$REVOKED.json"
expect_status 4 "and the changed one shows its change" \
    "$VERIFIER" --trust trust.json --status pub2 "$VALID.json"

# A registry of schema version 1 (shard indexes signed in each generation)
# is brought to the current version when opened; its next publish signs
# everything anew, in the new layout, and the audit log says so, once for
# each step (tests/cli/migration.sh looks at the steps one by one). Its log key
# (a role version 1 did not know) is registered again after the migration,
# and it publishes to a directory of its own: pub2's log, published from
# reg.db, is ahead of this copy's, which has its records again but none of
# the responses reg.db logged (a publish there would refuse to fork it).
source "$ROOT/tests/old-registry.sh"
registry_version_1 reg.db reg-v1.db
"$ISSUER" list --db reg-v1.db >/dev/null
"$ISSUER" trust add --db reg-v1.db --trust trust-v1.json log.pub.jwk >/dev/null
"$ISSUER" log key --db reg-v1.db log.key >/dev/null
expect_status 0 "a publish from a version 1 registry" \
    "$ISSUER" publish --db reg-v1.db --key head.key --out pub-v1
check "it signs everything anew" grep -q "7 certificates, 7 status responses signed" last.out
check "the registry is now version $SCHEMA_VERSION" \
    test "$(sqlite3 reg-v1.db 'SELECT schema_version FROM body')" -eq $SCHEMA_VERSION
check "each migration step is in the audit log" \
    test "$(sqlite3 reg-v1.db "SELECT group_concat(details, ' | ') FROM audit_log WHERE action = 'migrate'")" \
         = "$(steps_from 1 ' | ')"
expect_status 0 "the audit chain verifies after the migration" "$ISSUER" audit verify --db reg-v1.db
expect_status 5 "the republished status is read" "$VERIFIER" --trust trust.json --status pub-v1 "$REVOKED.json"
later=$((SCHEMA_VERSION + 1))
cp reg.db reg-later.db
sqlite3 reg-later.db "UPDATE body SET schema_version = $later"
expect_status 2 "a registry of a later schema version" "$ISSUER" list --db reg-later.db
expect_message "not a starmark registry of schema version $SCHEMA_VERSION" "it names the version it reads"
check "a later version is left as it was" \
    test "$(sqlite3 reg-later.db 'SELECT schema_version FROM body')" -eq $later
