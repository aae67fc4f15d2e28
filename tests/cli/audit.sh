# The audit log's hash chain: each kind of tampering, done directly on the
# SQLite file, is caught and the first bad entry named (exit 1).
source "$(dirname "$0")/../lib.sh"
make_body
"$ISSUER" issue --db reg.db --key auditor.key --approve-key head.key --date 2026-11-25 \
    "$DATA/five-star.json" "$DATA/four-star.json" >/dev/null
"$ISSUER" suspend --db reg.db TEST-2026-000001 --reason x --code nonconformity --date 2026-11-26 >/dev/null
"$ISSUER" publish --db reg.db --key head.key --out pub >/dev/null
"$ISSUER" reinstate --db reg.db TEST-2026-000001 --reason y --code corrected --date 2026-11-27 >/dev/null
expect_status 0 "an untouched chain verifies" "$ISSUER" audit verify --db reg.db
check "it counts the entries" grep -Eq "audit log OK: [0-9]+ entries" last.out
cp reg.db pristine.db

tampered() { # tampered NAME PATTERN SQL: the chain check must fail and say PATTERN
    cp pristine.db reg.db
    sqlite3 reg.db "$3"
    expect_status 1 "caught: $1" "$ISSUER" audit verify --db reg.db
    expect_message "$2" "names the entry: $1"
}
tampered "an edited entry" "entry 5 .* was edited" \
    "UPDATE audit_log SET details = 'nothing happened' WHERE sequence = 5"
tampered "an edited time" "entry 4 .* was edited" \
    "UPDATE audit_log SET at = '2020-01-01T00:00:00+08:00' WHERE sequence = 4"
tampered "a deleted entry" "entry 5 is missing \(deleted\)" "DELETE FROM audit_log WHERE sequence = 5"
# A forged entry slipped in after entry 3, with a hash computed correctly:
# it fits behind entry 3, but the next one no longer follows it.
cp pristine.db reg.db
python3 - <<'PY'
import hashlib, json, sqlite3
db = sqlite3.connect("reg.db")
db.execute("UPDATE audit_log SET sequence = -sequence WHERE sequence >= 4")
db.execute("UPDATE audit_log SET sequence = -sequence + 1 WHERE sequence < 0")
at, previous = db.execute("SELECT at, hash FROM audit_log WHERE sequence = 3").fetchone()
fields = [4, at, "revoke", "TEST-2026-000002", None, "forged", previous]
digest = hashlib.sha256(json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()
db.execute("INSERT INTO audit_log VALUES (4, ?, 'revoke', 'TEST-2026-000002', NULL, 'forged', ?, ?)",
           (at, previous, digest))
db.commit()
PY
expect_status 1 "caught: an inserted entry" "$ISSUER" audit verify --db reg.db
expect_message "entry 5 does not follow entry 4" "names the entry: an inserted entry"
tampered "two entries swapped" "entry 4 does not follow entry 3" "
    UPDATE audit_log SET sequence = 100 WHERE sequence = 4;
    UPDATE audit_log SET sequence = 4 WHERE sequence = 5;
    UPDATE audit_log SET sequence = 5 WHERE sequence = 100;"

# Someone who edits an entry and recomputes every later hash gets a chain
# that holds together, but no longer the one the publication signed.
cp pristine.db reg.db
sqlite3 reg.db "UPDATE audit_log SET details = 'rewritten history' WHERE sequence = 3"
python3 - <<'PY'
import hashlib, json, sqlite3
db = sqlite3.connect("reg.db")
rows = db.execute("SELECT sequence, at, action, number, kid, details FROM audit_log ORDER BY sequence").fetchall()
previous = "0" * 64
for sequence, at, action, number, kid, details in rows:
    text = json.dumps([sequence, at, action, number, kid, details, previous], ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(text.encode()).hexdigest()
    db.execute("UPDATE audit_log SET previous_hash = ?, hash = ? WHERE sequence = ?", (previous, digest, sequence))
    previous = digest
db.commit()
PY
expect_status 1 "caught: a rewritten chain with recomputed hashes" "$ISSUER" audit verify --db reg.db
expect_message "differs from what publication 1 signed" "the signed chain head exposes it"

cp pristine.db reg.db
expect_status 0 "the signed heads check against the published trust store" \
    "$ISSUER" audit verify --db reg.db --trust trust.json
"$ISSUER" keygen --role head --name 冒名 --out stranger >/dev/null
python3 - <<'PY'
import json
trust = json.load(open("trust.json"))
stranger = json.load(open("stranger.pub.jwk"))
trust["keys"] = [k for k in trust["keys"] if k["role"] != "head"] + [
    {"jwk": stranger, "role": "head", "not_before": None, "not_after": None}]
json.dump(trust, open("stranger-trust.json", "w"), ensure_ascii=False)
PY
expect_status 1 "heads not signed by a trusted head key are caught" \
    "$ISSUER" audit verify --db reg.db --trust stranger-trust.json
expect_message "not signed by a head key" "it names the unsigned head"
