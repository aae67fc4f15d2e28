# The lifecycle: every legal transition and the refused ones, surveillance,
# the daily sweep on fixed dates, and a regrade that supersedes.
source "$(dirname "$0")/../lib.sh"
make_body
issue() { "$ISSUER" issue --db reg.db --key auditor.key --approve-key head.key --date "$1" --again "$2" | tail -1; }
status_of() { sqlite3 reg.db "SELECT status FROM certificates WHERE number = '$1'"; }
A=$(issue 2026-11-25 "$DATA/five-star.json")
B=$(issue 2026-11-25 "$DATA/four-star.json")
C=$(issue 2026-11-25 "$DATA/three-star.json")

# Legal transitions.
expect_status 0 "valid -> suspended" "$ISSUER" suspend --db reg.db "$A" --reason "投诉处理不符合要求" --code nonconformity --date 2027-01-10
check "status is suspended" test "$(status_of "$A")" = suspended
expect_status 0 "suspended -> valid (reinstate)" "$ISSUER" reinstate --db reg.db "$A" --reason "整改完成" --code corrected --date 2027-02-01
check "status is valid again" test "$(status_of "$A")" = valid
expect_status 0 "valid -> revoked" "$ISSUER" revoke --db reg.db "$C" --reason "提供虚假材料" --code fraud --date 2027-02-02
expect_status 0 "valid -> suspended -> withdrawn" bash -c "'$ROOT/$BIN/issuer' suspend --db reg.db $B --reason x --date 2027-03-01 >/dev/null && '$ROOT/$BIN/issuer' withdraw --db reg.db $B --reason '停业' --code business_closed --date 2027-03-02"
check "withdrawn" test "$(status_of "$B")" = withdrawn

# Refused transitions: exit 2, the registry unchanged.
refuse() { # refuse NAME PATTERN COMMAND...: exit 2, one clear line, nothing changed
    local name=$1 pattern=$2; shift 2
    local before; before=$(dump)
    expect_status 2 "refused: $name" "$@"
    expect_message "$pattern" "message for $name"
    check "registry unchanged after: $name" test "$before" = "$(dump)"
}
refuse "reinstating a revoked certificate" "is revoked: it cannot be reinstated" \
    "$ISSUER" reinstate --db reg.db "$C" --reason x --date 2027-03-05
refuse "suspending a revoked certificate" "is revoked: it cannot be suspended" \
    "$ISSUER" suspend --db reg.db "$C" --reason x --date 2027-03-05
refuse "withdrawing a withdrawn certificate" "is withdrawn: it cannot be withdrawn" \
    "$ISSUER" withdraw --db reg.db "$B" --reason x --date 2027-03-05
refuse "reinstating a valid certificate" "is valid: it cannot be reinstated" \
    "$ISSUER" reinstate --db reg.db "$A" --reason x --date 2027-03-05
refuse "a date before the last event" "2027-01-31 is before the certificate's last event \(2027-02-01\)" \
    "$ISSUER" suspend --db reg.db "$A" --reason x --date 2027-01-31
refuse "a reason code of another command" "--code fraud is not a reason code for suspend" \
    "$ISSUER" suspend --db reg.db "$A" --reason x --code fraud --date 2027-03-05
refuse "an unknown reason code" "--code whatever is not a reason code for withdraw" \
    "$ISSUER" withdraw --db reg.db "$A" --reason x --code whatever --date 2027-03-05
refuse "no reason" "needs a CERTNO and --reason" "$ISSUER" suspend --db reg.db "$A"
refuse "an unknown certificate" "no certificate TEST-2026-999999" \
    "$ISSUER" suspend --db reg.db TEST-2026-999999 --reason x
refuse "suspending after expiry" "expired on 2029-11-24: it cannot be suspended" \
    "$ISSUER" suspend --db reg.db "$A" --reason x --date 2029-12-01
P=$("$ISSUER" issue --db reg.db --key auditor.key --date 2026-11-25 --again "$DATA/five-star.json")
refuse "suspending a pending conclusion" "pending approval" "$ISSUER" suspend --db reg.db "$P" --reason x

# Surveillance: a pass schedules the next one from its own date.
expect_status 0 "surveillance pass" "$ISSUER" surveil --db reg.db --key auditor.key "$A" --date 2027-10-20 --result pass
check "the next surveillance is due 12 months after this one" grep -q "next surveillance due 2028-10-20" last.out
refuse "surveillance with the head's key" "registered as head, not auditor" \
    "$ISSUER" surveil --db reg.db --key head.key "$A" --date 2027-10-21 --result pass
refuse "a result that is neither pass nor fail" "--result must be pass or fail" \
    "$ISSUER" surveil --db reg.db --key auditor.key "$A" --date 2027-10-21 --result maybe

# The sweep on fixed dates (grace 0 days, maximum suspension 6 months).
sweep() { "$ISSUER" sweep --db reg.db --at "$1"; }
D=$(issue 2026-11-25 "$DATA/four-star.json")       # surveillance due 2027-11-25, never done
expect_status 0 "sweep on the due date" sweep 2027-11-25
check "not overdue on its due date" test "$(status_of "$D")" = valid
expect_status 0 "sweep the day after" sweep 2027-11-26
check "overdue surveillance suspends" test "$(status_of "$D")" = suspended
check "the sweep says what it did" grep -q "$D suspended: surveillance due 2027-11-25 was not carried out" last.out
expect_status 0 "the same sweep again" sweep 2027-11-26
check "running it twice changes nothing the second time" grep -q "0 changes" last.out
expect_status 0 "sweep at six months of suspension" sweep 2028-05-26
check "not yet revoked at exactly six months" test "$(status_of "$D")" = suspended
expect_status 0 "sweep a day later" sweep 2028-05-27
check "a suspension over six months is revoked" test "$(status_of "$D")" = revoked
check "revocation reason is suspension_expired" \
    test "$(sqlite3 reg.db "SELECT status_code FROM certificates WHERE number = '$D'")" = suspension_expired

python3 "$ROOT/tests/mutate.py" "$DATA/three-star.json" old.json "d['audit']['end_date'] = '2023-11-20'"
G=$(issue 2023-12-01 old.json)
for day in 2024-11-20 2025-11-19; do
    "$ISSUER" surveil --db reg.db --key auditor.key "$G" --date "$day" --result pass >/dev/null
done
check "early passes move the surveillances but add none: both done, none open" test "$(sqlite3 reg.db \
    "SELECT count(*) FROM surveillance WHERE number = '$G' AND done_date IS NULL")" = 0
refuse "a third surveillance in a 3-year certificate" "no surveillance is due before expiry" \
    "$ISSUER" surveil --db reg.db --key auditor.key "$G" --date 2026-11-18 --result pass
expect_status 0 "sweep a year after the last surveillance" sweep 2026-11-20
check "no surveillance falls due just before expiry" test "$(status_of "$G")" = valid
expect_status 0 "sweep on the last day of validity" sweep 2026-11-30
check "valid on its last day" test "$(status_of "$G")" = valid
expect_status 0 "sweep the day after expiry" sweep 2026-12-01
check "expired" test "$(status_of "$G")" = expired
check "expired since the day after its last day" \
    test "$(sqlite3 reg.db "SELECT status_since FROM certificates WHERE number = '$G'")" = 2026-12-01
refuse "suspending an expired certificate" "is expired: it cannot be suspended" \
    "$ISSUER" suspend --db reg.db "$G" --reason x --date 2026-12-02

# A failed surveillance suspends; a later pass lifts that suspension.
H=$(issue 2026-11-25 "$DATA/five-star.json")
expect_status 0 "surveillance fail" "$ISSUER" surveil --db reg.db --key auditor.key "$H" --date 2027-11-01 --result fail --reason "维修记录不完整"
check "a failed surveillance suspends" test "$(status_of "$H")" = suspended
expect_status 0 "a new surveillance passes" "$ISSUER" surveil --db reg.db --key auditor.key "$H" --date 2027-12-01 --result pass
check "the pass lifts the surveillance suspension" test "$(status_of "$H")" = valid
check "the follow-up pass is recorded against the failed year, not the next" \
    test "$(sqlite3 reg.db "SELECT group_concat(due_date || '=' || coalesce(result, 'open'), ' ')
        FROM (SELECT * FROM surveillance WHERE number = '$H' ORDER BY sequence)")" = \
    "2027-11-25=fail 2027-11-25=pass 2028-12-01=open"

# A surveillance whose assessment changes the grade issues a superseding certificate.
python3 "$ROOT/tests/mutate.py" "$DATA/five-star.json" regrade.json \
    "d['audit']['end_date'] = '2027-11-20'; d['scores'].update(org_structure=4, staffing=4, resources=4)"
refuse "a regrade without the head's key" "give --approve-key" \
    "$ISSUER" surveil --db reg.db --key auditor.key "$A" --date 2027-11-25 --result pass --assessment regrade.json
expect_status 0 "a regrade through surveillance" "$ISSUER" surveil --db reg.db --key auditor.key "$A" \
    --date 2027-11-25 --result pass --assessment regrade.json --approve-key head.key
NEW=$(sed -n 's/.* superseded by \([A-Z0-9-]*\) .*/\1/p' last.out)
check "a new certificate is named" test -n "$NEW"
check "the old one is withdrawn as superseded" \
    test "$(sqlite3 reg.db "SELECT status || ' ' || status_code FROM certificates WHERE number = '$A'")" = "withdrawn superseded"
"$ISSUER" export --db reg.db "$NEW" -o new.json
expect_status 0 "the superseding certificate verifies" "$VERIFIER" --trust trust.json --at 2027-12-01 new.json
check "it names what it supersedes and its new grade" \
    bash -c "grep -q 'Supersedes   $A' last.out && grep -q '四星级' last.out"
python3 "$ROOT/tests/mutate.py" "$DATA/four-star.json" other.json "d['audit']['end_date'] = '2027-11-20'"
refuse "a regrade for another company" "the assessment is for credit code" \
    "$ISSUER" surveil --db reg.db --key auditor.key "$H" --date 2027-12-02 --result pass --assessment other.json --approve-key head.key

# History shows every event.
expect_status 0 "history" "$ISSUER" history --db reg.db "$A"
check "history lists issue, suspension, reinstatement, surveillance and withdrawal" \
    bash -c "grep -q 'issued' last.out && grep -q 'suspended .*nonconformity' last.out && grep -q 'reinstated' last.out && grep -q 'surveillance passed' last.out && grep -q 'withdrawn .*superseded' last.out"
expect_status 0 "the audit chain is intact after all this" "$ISSUER" audit verify --db reg.db

# Who did it: with --key a status change names its operator's key.
K=$(issue 2026-11-25 "$DATA/five-star.json")
expect_status 0 "a suspension signed off with the head's key" "$ISSUER" suspend --db reg.db "$K" \
    --reason "客户投诉" --code nonconformity --date 2026-12-01 --key head.key
head_kid=$(python3 -c "import json; print(json.load(open('head.pub.jwk'))['kid'])")
check "history names the operator's key" bash -c "'$ROOT/$BIN/issuer' history --db reg.db $K | grep -q 'by key $head_kid'"
refuse "a failed surveillance with a regrade assessment" "go with --result pass" \
    "$ISSUER" surveil --db reg.db --key auditor.key "$K" --date 2027-11-01 --result fail --assessment regrade.json
