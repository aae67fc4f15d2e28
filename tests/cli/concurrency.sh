# Several issuers at once on one registry: every certificate gets its own
# number, none is lost, and the registry stays whole.
source "$(dirname "$0")/../lib.sh"
make_body
processes=8
per_process=20
files=()
for ((i = 0; i < per_process; i++)); do files+=("$DATA/five-star.json"); done
pids=()
for ((p = 0; p < processes; p++)); do
    "$ISSUER" issue --db reg.db --key auditor.key --approve-key head.key --date 2026-11-25 \
        --again "${files[@]}" >"numbers.$p" 2>"errors.$p" &
    pids+=($!)
done
succeeded=0
for pid in "${pids[@]}"; do wait "$pid" && succeeded=$((succeeded + 1)); done
total=$((processes * per_process))
cat numbers.* >all-numbers
check "every process succeeded ($succeeded of $processes)" test "$succeeded" -eq "$processes"
check "and none wrote an error" bash -c "! grep -q . errors.*"
check "$total numbers printed" test "$(wc -l <all-numbers)" -eq "$total"
check "no number was given twice" test "$(sort -u all-numbers | wc -l)" -eq "$total"
check "the registry holds $total issued certificates" \
    test "$(sqlite3 reg.db "SELECT count(*) FROM certificates WHERE status = 'valid'")" -eq "$total"
check "serials run 1..$total without gaps" \
    test "$(sort all-numbers | tail -1)" = "$(printf 'TEST-2026-%06d' "$total")"
check "SQLite integrity check passes" test "$(sqlite3 reg.db 'PRAGMA integrity_check')" = ok
check "every issued record verifies" bash -c "
    for n in \$(cat all-numbers); do
        '$ROOT/$BIN/issuer' export --db reg.db \$n -o r.json &&
        '$ROOT/$BIN/verifier' --trust trust.json --at 2026-12-01 --quiet r.json || exit 1
    done"
