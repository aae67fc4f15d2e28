# Assessment refusals: each bad assessment is refused with exit 2, a
# one-line message naming what is wrong, and the registry unchanged.
source "$(dirname "$0")/../lib.sh"
make_body
GOOD="$DATA/five-star.json"
mutate() { python3 "$ROOT/tests/mutate.py" "$GOOD" "$1" "$2"; }

refuse() { # refuse NAME PATTERN FILE...: issue must fail, say PATTERN, change nothing
    local name=$1 pattern=$2; shift 2
    local before; before=$(dump)
    expect_status 2 "refused: $name" "$ISSUER" issue --db reg.db --key auditor.key "$@"
    expect_message "$pattern" "message for $name"
    check "registry unchanged after: $name" test "$before" = "$(dump)"
}

case_mutation() { # case_mutation NAME PATTERN STATEMENT
    mutate "case.json" "$3"
    refuse "$1" "$2" case.json
}

case_mutation "unknown indicator" 'unknown indicator "speed"' "d['scores']['speed'] = 3"
case_mutation "missing indicator" 'missing indicator "complaints"' "del d['scores']['complaints']"
case_mutation "points above maximum" 'scores.repair: 7.5 is above the maximum 7' "d['scores']['repair'] = 7.5"
case_mutation "negative points" 'scores.repair is negative' "d['scores']['repair'] = -1"
case_mutation "two decimals" 'scores.repair: .*more than one decimal' "d['scores']['repair'] = 6.55"
case_mutation "points for an excluded indicator" 'points given for an excluded indicator' "d['excluded'] = ['repair']"
case_mutation "unknown excluded indicator" 'excluded: unknown indicator "speed"' "d['excluded'] = ['speed']"
case_mutation "indicator excluded twice" 'listed twice' "del d['scores']['repair']; d['excluded'] = ['repair', 'repair']"
case_mutation "credit code check" 'holder.uscc "91350100M000100Y4Z" fails the GB 32100 check .the check character should be 3.' "d['holder']['uscc'] = '91350100M000100Y4Z'"
case_mutation "lower-case credit code" 'lower-case' "d['holder']['uscc'] = '91512081ma62k0260e'"
case_mutation "short credit code" 'must be 18 characters' "d['holder']['uscc'] = '91512081MA62K0260'"
case_mutation "not a real date" 'audit.end_date "2026-02-30" is not a real date' "d['audit']['end_date'] = '2026-02-30'"
case_mutation "date in another format" 'audit.end_date "2026/11/20"' "d['audit']['end_date'] = '2026/11/20'"
case_mutation "unknown top-level field" 'unknown field "remarks"' "d['remarks'] = 'x'"
case_mutation "unknown holder field" 'holder: unknown field "phone"' "d['holder']['phone'] = '123'"
case_mutation "missing holder name" 'holder: missing field "name"' "del d['holder']['name']"
case_mutation "empty holder name" 'holder.name must not be empty' "d['holder']['name'] = ' '"
case_mutation "control character in name" 'holder.name has control characters' "d['holder']['name'] = 'A\u0007B'"
case_mutation "points as a string" 'scores.repair must be a number' "d['scores']['repair'] = '6'"
case_mutation "unknown standard" 'standard "GB/T 9999-2000" is not a known scheme' "d['standard'] = 'GB/T 9999-2000'"
case_mutation "score below 70" 'assessment fails: score 69.0 is below 70.0' \
    "d['scores'] = {k: 0 for k in d['scores']}; d['scores'].update(customer_relations=12, complaints=13, repair=7, org_structure=6, staffing=6, resources=6, norms=6, supervision=5, improvement=5, service_culture=3)"
case_mutation "five special deductions" '5 special deductions' "d['special_deductions'] = [{'reason': 'r%d' % i} for i in range(5)]"
case_mutation "two special bonuses" 'special_bonus must be an object' "d['special_bonus'] = [{'reason': 'a'}, {'reason': 'b'}]"
case_mutation "special deduction without reason" 'special_deductions\[0\]: missing field "reason"' "d['special_deductions'] = [{}]"
case_mutation "holder name over 100 characters" 'holder.name is longer than 100' "d['holder']['name'] = '公' * 101"
case_mutation "auditors not a list" 'audit.auditors must be an array' "d['audit']['auditors'] = '李明'"

printf '{"scope": "a", "scope": "b"}' >dup.json
refuse "duplicate JSON keys" 'duplicate object key' dup.json
printf '{"holder": ' >broken.json
refuse "truncated JSON" 'broken.json: line' broken.json
head -c 1100000 /dev/zero | tr '\0' ' ' >big.json
refuse "assessment over 1 MiB" 'larger than 1048576 bytes' big.json
refuse "missing file" 'nothing.json: No such file' nothing.json
mutate bad.json "d['scores']['repair'] = 9"
refuse "a bad file among good ones issues nothing" 'bad.json' "$GOOD" bad.json "$DATA/four-star.json"

# What is accepted: grading, numbering, pending, approval.
expect_status 0 "a good assessment is issued" "$ISSUER" issue --db reg.db --key auditor.key --date 2026-11-25 "$GOOD"
check "numbers are PREFIX-YYYY-NNNNNN" grep -qx "TEST-2026-000001" last.out
expect_status 2 "a pending conclusion has no record to export" "$ISSUER" export --db reg.db TEST-2026-000001
expect_message "pending approval" "pending message"
check "list shows it pending" bash -c "'$ISSUER' list --db reg.db | grep -q 'TEST-2026-000001.*pending'"
expect_status 2 "approval before the audit ended is refused" \
    "$ISSUER" approve --db reg.db --key head.key --date 2026-11-19 TEST-2026-000001
expect_message "before the audit ended" "audit-end message"
expect_status 0 "the head approves" "$ISSUER" approve --db reg.db --key head.key --date 2026-11-26 TEST-2026-000001
check "approval prints issue and expiry" grep -q "issued 2026-11-26, valid until 2029-11-25" last.out
expect_status 2 "approving twice is refused" "$ISSUER" approve --db reg.db --key head.key TEST-2026-000001
expect_message "not pending approval \(status valid\)" "approve-twice message"
expect_status 0 "one call issues and approves several" \
    "$ISSUER" issue --db reg.db --key auditor.key --approve-key head.key --date 2027-01-04 \
    "$DATA/four-star.json" "$DATA/three-star.json"
check "the serial restarts each year" bash -c "head -1 last.out | grep -qx TEST-2027-000001 && tail -1 last.out | grep -qx TEST-2027-000002"
expect_status 0 "a leap-day issue" \
    "$ISSUER" issue --db reg.db --key auditor.key --approve-key head.key --date 2028-02-29 \
    --again "$GOOD"
"$ISSUER" show --db reg.db TEST-2028-000001 >show.txt
check "leap-day certificate expires 2031-02-28" grep -q "2028-02-29 to 2031-02-28" show.txt
check "its surveillance falls back to 28 February" \
    bash -c "grep -q 'Surveillance 1 due by 2029-02-28' show.txt && grep -q 'Surveillance 2 due by 2030-02-28' show.txt"
check "show prints the grade with stars" grep -q "五星级 ★★★★★" show.txt
