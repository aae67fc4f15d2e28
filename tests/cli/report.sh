# The monthly report to the regulator (issuer report, docs/regulator-report.md).
# One month, March 2025, holds issues, a suspension and its reinstatement, a
# revocation, a withdrawal, a surveillance that regrades (the old certificate
# superseded), a surveillance that does not, an expiry the sweep recorded and
# one it has not yet. The workbook is read back with openpyxl and every cell
# compared (tests/report_check.py), the CSV beside it; then reproducibility,
# later events, and bad input.
source "$(dirname "$0")/../lib.sh"
make_body CNCA-R-2002-001 SMD 示范认证中心
export WORK

# assessment FILE BASE END_DATE [PYTHON]: tests/data/BASE.json audited up to END_DATE.
assessment() {
    python3 "$ROOT/tests/mutate.py" "$DATA/$2.json" "$1" "d['audit']['end_date'] = '$3'; ${4:-}"
}
issue() { "$ISSUER" issue --db reg.db --key auditor.key --approve-key head.key --date "$1" "$2" | tail -1; }
change() { "$ISSUER" "$@" >/dev/null || echo "not ok - setting up: $*"; }
report() { "$ISSUER" report --db reg.db "$@"; }

assessment f.json four-star 2022-03-05
assessment g.json three-star 2022-03-20 "d['holder'].update(name='武汉长江家电维修有限公司', uscc='91420100MA4K2X1R09')"
assessment d.json five-star 2024-03-15 "d['holder'].update(name='南京紫金售后服务有限公司', uscc='91320100MA1N2B3C40')"
assessment regrade.json five-star 2025-03-15 "d['holder'].update(name='南京紫金售后服务有限公司', uscc='91320100MA1N2B3C40'); d['scores'].update(org_structure=4, staffing=4, resources=4)"
# A holder whose name a spreadsheet would take for a formula.
assessment h.json four-star 2024-04-05 "d['holder'].update(name='=HYPERLINK(\"http://x.cn\",\"点此\")', uscc='91610100MA6U5R4T39')"
# A credit code of digits only: it must stay text, all 18 digits.
assessment c.json three-star 2024-05-05 "d['holder'].update(name='上海浦江电器服务有限公司', uscc='913101151234567012', address='上海市浦东新区世纪大道100号')"
assessment b.json four-star 2024-05-25
assessment i.json three-star 2024-07-25 "d['holder'].update(name='西安古城电器服务有限公司', uscc='91610100MA6W7X8Y9M')"
assessment a.json five-star 2025-03-01

# In date order, as a body would record them.
F=$(issue 2022-03-10 f.json)                      # valid until 2025-03-09: swept on 2025-03-12
G=$(issue 2022-03-25 g.json)                      # valid until 2025-03-24: not swept in March
change surveil --db reg.db --key auditor.key "$G" --date 2023-03-20 --result pass
change surveil --db reg.db --key auditor.key "$G" --date 2024-03-20 --result pass
D=$(issue 2024-03-20 d.json)
H=$(issue 2024-04-10 h.json)
C=$(issue 2024-05-10 c.json)
B=$(issue 2024-06-01 b.json)
I=$(issue 2024-08-01 i.json)                      # nothing happens to it in March
change suspend --db reg.db "$B" --code nonconformity --reason "投诉处理不符合要求" --date 2025-02-20
A=$(issue 2025-03-03 a.json)
change withdraw --db reg.db "$C" --code holder_request --reason "获证组织申请注销" --date 2025-03-05
change suspend --db reg.db "$A" --code nonconformity --reason "维修记录不完整" --date 2025-03-10 --key head.key
change sweep --db reg.db --at 2025-03-12
change revoke --db reg.db "$B" --code misuse_of_mark --reason "冒用认证标志" --date 2025-03-15
"$ISSUER" surveil --db reg.db --key auditor.key "$D" --date 2025-03-18 --result pass \
    --assessment regrade.json --approve-key head.key >surveil.out
E=$(sed -n 's/.* superseded by \([A-Z0-9-]*\) .*/\1/p' surveil.out)
change reinstate --db reg.db "$A" --code corrected --reason "整改完成，复查通过" --date 2025-03-20
change surveil --db reg.db --key auditor.key "$H" --date 2025-03-25 --result pass
"$ISSUER" issue --db reg.db --key auditor.key --date 2025-03-28 "$DATA/five-star.json" >/dev/null  # pending
export A B C D E F G H I
check "the scenario numbered its certificates" test "$F $G $D $H $C $B $I $A $E" = \
    "SMD-2022-000001 SMD-2022-000002 SMD-2024-000001 SMD-2024-000002 SMD-2024-000003 SMD-2024-000004 SMD-2024-000005 SMD-2025-000001 SMD-2025-000002"
check "the regrade superseded D" test "$(sqlite3 reg.db "SELECT superseded_by FROM certificates WHERE number = '$D'")" = "$E"
check "G is still valid in the registry: its expiry is not swept" test "$(sqlite3 reg.db "SELECT status FROM certificates WHERE number = '$G'")" = valid

# The workbook, every cell.
expect_status 0 "the March report as a workbook" report --month 2025-03 -o march.xlsx
check "it says what it wrote" grep -qx "march.xlsx: 8 certificates and 7 status changes, 2025-03 as of 2025-03-31" last.out
/usr/bin/python3 "$ROOT/tests/report_check.py" workbook march.xlsx
expect_status 0 "with --english" report --month 2025-03 -o english.xlsx --english
/usr/bin/python3 "$ROOT/tests/report_check.py" workbook english.xlsx --english
expect_status 0 "with --all" report --month 2025-03 -o all.xlsx --all
check "--all: 9 certificates, the pending one and the ones issued later not among them" grep -q "all.xlsx: 9 certificates" last.out
/usr/bin/python3 "$ROOT/tests/report_check.py" workbook all.xlsx --all

# The CSV: the same rows.
expect_status 0 "the March report as CSV" report --month 2025-03 -o march.csv
check "it says what it wrote" grep -qx "march.csv: 8 certificates, 2025-03 as of 2025-03-31" last.out
/usr/bin/python3 "$ROOT/tests/report_check.py" csv march.csv
expect_status 0 "the changes as CSV" report --month 2025-03 -o changes.csv --changes
check "it says what it wrote" grep -qx "changes.csv: 7 status changes, 2025-03 as of 2025-03-31" last.out
/usr/bin/python3 "$ROOT/tests/report_check.py" csv changes.csv --changes
expect_status 0 "the CSV with --english --all" report --month 2025-03 -o all.csv --english --all
/usr/bin/python3 "$ROOT/tests/report_check.py" csv all.csv --english --all

# Reproducible: the same registry and month, the same bytes (a second later).
sleep 1
report --month 2025-03 -o again.csv >/dev/null && report --month 2025-03 -o again.xlsx >/dev/null
check "the CSV is byte-identical when made again" cmp march.csv again.csv
check "the workbook is byte-identical when made again" cmp march.xlsx again.xlsx

# Later events change nothing in March, and neither does the sweep recording
# G's expiry: the report had already counted it.
assessment j.json three-star 2025-03-30
J=$(issue 2025-04-02 j.json)
change suspend --db reg.db "$A" --code nonconformity --reason "再次投诉" --date 2025-04-05
report --month 2025-03 -o later.csv >/dev/null
check "events of April leave the March report as it was" cmp march.csv later.csv
expect_status 0 "the sweep of 2025-04-01" "$ISSUER" sweep --db reg.db --at 2025-04-01
check "it records G's expiry, and nothing else" grep -qx "$G expired (valid until 2025-03-24)" last.out
check "one change" grep -q "1 change$" last.out
report --month 2025-03 -o swept.csv >/dev/null && report --month 2025-03 -o swept.xlsx >/dev/null
check "the CSV is the same after the sweep recorded the expiry" cmp march.csv swept.csv
check "so is the workbook" cmp march.xlsx swept.xlsx
report --month 2025-04 -o april.csv >/dev/null
check "April: A suspended again, J issued" test "$(cut -d, -f3,14 april.csv | tail -n +2 | tr -d '\r' | tr '\n' ' ')" = "$A,暂停 $J,有效 "
report --month 2025-02 -o february.csv --changes >/dev/null
check "February: only B's suspension" test "$(tail -n +2 february.csv | tr -d '\r')" = \
    "$B,2025-02-20,有效,暂停,nonconformity,不再符合认证要求：投诉处理不符合要求"
this_month=$(TZ=Asia/Shanghai date +%Y-%m)
expect_status 0 "the month in progress" report --month "$this_month" -o now.csv
check "is reported as of today" grep -q "as of $(TZ=Asia/Shanghai date +%Y-%m-%d)$" last.out

# Bad input: exit 2, one line, and no file (nor a temporary one) written.
next_month=$(date -d "$(TZ=Asia/Shanghai date +%Y-%m-15) +1 month" +%Y-%m)
refused() { # refused NAME PATTERN OUTPUT ARGS...
    local name=$1 pattern=$2 output=$3; shift 3
    expect_status 2 "refused: $name" "$ISSUER" report "$@"
    expect_message "$pattern" "the message for $name"
    check "no file written for $name" bash -c "! ls '$output' '$output'.tmp.* 2>/dev/null | grep -q ."
}
refused "month 13" '^issuer: --month "2026-13" is not a month YYYY-MM$' bad.xlsx \
    --db reg.db --month 2026-13 -o bad.xlsx
refused "a one-digit month" '^issuer: --month "2026-1" is not a month YYYY-MM$' bad.csv \
    --db reg.db --month 2026-1 -o bad.csv
refused "a date for a month" '--month "2025-03-01" is not a month' bad.csv \
    --db reg.db --month 2025-03-01 -o bad.csv
refused "next month" "^issuer: --month $next_month has not begun: today is " bad.xlsx \
    --db reg.db --month "$next_month" -o bad.xlsx
refused "a missing registry" "registry missing.db does not exist" bad.xlsx \
    --db missing.db --month 2025-03 -o bad.xlsx
refused "no --month" "report needs --month and -o" bad.xlsx --db reg.db -o bad.xlsx
refused "another format" 'the report is FILE.xlsx or FILE.csv' bad.pdf \
    --db reg.db --month 2025-03 -o bad.pdf
refused "--changes with a workbook" "--changes goes with -o FILE.csv" bad.xlsx \
    --db reg.db --month 2025-03 -o bad.xlsx --changes
refused "--changes with --all" "--all lists certificates: it does not go with --changes" bad.csv \
    --db reg.db --month 2025-03 -o bad.csv --changes --all
refused "a folder that does not exist" "^issuer: nowhere/bad.xlsx: No such file or directory$" \
    nowhere/bad.xlsx --db reg.db --month 2025-03 -o nowhere/bad.xlsx
refused "a CSV in a folder that does not exist" "^issuer: nowhere/bad.csv: No such file or directory$" \
    nowhere/bad.csv --db reg.db --month 2025-03 -o nowhere/bad.csv
cp march.xlsx kept.xlsx
expect_status 2 "a refused run over an existing report" report --month 2026-13 -o kept.xlsx
check "leaves it as it was" cmp march.xlsx kept.xlsx
