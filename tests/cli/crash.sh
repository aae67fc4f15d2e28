# Crash safety: `issuer issue --approve-key` and `issuer publish` killed with
# SIGKILL at random moments, 100 times each. Afterwards the registry is
# whole, the audit chain verifies, no number was used twice, no approved
# certificate is lost, and the publication is wholly one generation whose
# transparency log only grows.
source "$(dirname "$0")/../lib.sh"
make_body
RUNS=${CRASH_RUNS:-100}
# Random delays, reproducible from the seed printed here.
seed=${CRASH_SEED:-$RANDOM}
RANDOM=$seed
echo "# crash.sh seed $seed"

# How long COMMAND... takes uninterrupted, in milliseconds.
duration_ms() {
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    echo $(((end - start) / 1000000 + 1))
}

# kill_at_random OUT SPAN_MS COMMAND...: start the command, SIGKILL it at a
# random moment within 2 x SPAN_MS (so about half of the runs finish first).
kill_at_random() {
    local out=$1 span=$2
    shift 2
    "$@" >"$out.out" 2>/dev/null &
    local pid=$!
    local delay=$((RANDOM % (span * 2 + 1)))
    sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    echo $? >"$out.status"
}

files=("$DATA/five-star.json" "$DATA/four-star.json" "$DATA/three-star.json")
issue_span=$(duration_ms "$ISSUER" issue --db reg.db --key auditor.key --approve-key head.key \
    --date 2026-11-25 "${files[@]}")
completed=0
for ((run = 1; run <= RUNS; run++)); do
    kill_at_random "issue.$run" "$issue_span" "$ISSUER" issue --db reg.db --key auditor.key --approve-key head.key \
        --date 2026-11-25 --again "${files[@]}"
    if [[ $(cat "issue.$run.status") -eq 0 ]]; then
        cat "issue.$run.out" >>approved.txt
        completed=$((completed + 1))
    fi
done
touch approved.txt
echo "# $completed of $RUNS issue runs finished before the kill (a run takes ${issue_span} ms)"
check "some runs were killed and some finished" test "$completed" -gt 0 -a "$completed" -lt "$RUNS"
check "SQLite integrity check passes after $RUNS kills" test "$(sqlite3 reg.db 'PRAGMA integrity_check')" = ok
expect_status 0 "the audit chain verifies after the kills" "$ISSUER" audit verify --db reg.db
check "no certificate number was used twice" \
    test "$(sqlite3 reg.db 'SELECT count(*) - count(DISTINCT number) FROM certificates')" -eq 0
check "every certificate a finished run printed ($(wc -l <approved.txt), 3 a run) is issued" bash -c "
    test \$(wc -l <approved.txt) -eq $((completed * 3)) || exit 1
    for n in \$(cat approved.txt); do
        test \"\$(sqlite3 reg.db \"SELECT status FROM certificates WHERE number = '\$n'\")\" = valid || exit 1
    done"
check "nothing half-written: every certificate has its record, all or nothing" \
    test "$(sqlite3 reg.db "SELECT count(*) FROM certificates WHERE status = 'valid' AND (record IS NULL OR qr_claim IS NULL)")" -eq 0
check "each killed transaction left no trace: calls landed whole (3 at a time)" \
    test $(( $(sqlite3 reg.db 'SELECT count(*) FROM certificates') % 3 )) -eq 0

# The publication: a reader must always find one whole generation, and a
# log that only ever grows: the reader keeps the newest checkpoint it saw
# (--log-state), so a fork or a rollback made by a killed publish would be
# status unknown. (Each publish goes live only after its registry commit.)
mkdir -p log-state
number=$(sqlite3 reg.db "SELECT number FROM certificates ORDER BY number LIMIT 1")
"$ISSUER" export --db reg.db "$number" -o record.json
publish_span=$(duration_ms "$ISSUER" publish --db reg.db --key head.key --out pub)
whole=0
for ((run = 1; run <= RUNS; run++)); do
    if ((run % 2)); then action=suspend; code=nonconformity; else action=reinstate; code=corrected; fi
    "$ISSUER" "$action" --db reg.db "$number" --reason "run $run" --code "$code" >/dev/null 2>&1
    kill_at_random "publish.$run" "$publish_span" "$ISSUER" publish --db reg.db --key head.key --out pub
    "$VERIFIER" --trust trust.json --status pub --log-state log-state --quiet record.json
    status=$?
    shards=$(wc -l <pub/current/shards.txt)
    [[ ($status -eq 0 || $status -eq 4) && $shards -eq 1025 && -s pub/current/manifest.jws ]] \
        && whole=$((whole + 1))
done
check "after each of $RUNS killed publishes the live publication was whole ($whole)" test "$whole" -eq "$RUNS"
expect_status 0 "a publish after all the kills succeeds" "$ISSUER" publish --db reg.db --key head.key --out pub
check "the reader never saw the log roll back or fork" test -z "$(ls log-state/*.refused 2>/dev/null)"
expect_status 0 "and it follows the log on" \
    "$VERIFIER" --trust trust.json --status pub --log-state log-state --quiet record.json
expect_status 0 "the audit chain still verifies, publications included" "$ISSUER" audit verify --db reg.db
check "SQLite integrity check passes after the publish kills" test "$(sqlite3 reg.db 'PRAGMA integrity_check')" = ok
