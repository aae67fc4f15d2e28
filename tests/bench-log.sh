#!/usr/bin/env bash
# make bench, transparency-log part, beside its targets, from one run:
#   - an inclusion proof made from a 100,000-certificate log's tiles and
#     checked, as a status lookup makes it          (target: under 1 ms)
#   - a ready proof checked, as verifier --proof checks one (no target)
#   - verifier log audit: entries checked per CPU second (no target)
# The full and incremental publishes that write the log are timed by
# tests/bench-publish.sh (targets 60 s and 1 s), whose 100,000-certificate
# publication this reuses when it is there; else it makes its own.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
COUNT=${BENCH_LOG_COUNT:-100000}
PROOFS=${BENCH_PROOFS:-2000}
BENCH_DIR=${BENCH_DIR:-/tmp/starmark-bench}
ISSUER="$ROOT/bin/issuer"
VERIFIER="$ROOT/bin/verifier"
export STARMARK_PASSPHRASE=bench
source "$ROOT/tests/body.sh"

DIR="$BENCH_DIR/publish/large"
if [[ ! -f $DIR/pub/log/checkpoint || $COUNT -ne 100000 ]]; then
    DIR="$BENCH_DIR/log"
    rm -rf "$DIR" && mkdir -p "$DIR/assessments" && cd "$DIR"
    make_body CB-BENCH BENCH "基准测试认证中心"
    python3 "$ROOT/tests/make-assessments.py" "$ROOT/tests/data/five-star.json" "$COUNT" assessments
    find assessments -name '*.json' | sort | xargs -n 10000 \
        "$ISSUER" issue --db reg.db --key auditor.key --approve-key head.key --date 2026-11-25 \
        >numbers.txt
    "$ISSUER" publish --db reg.db --key head.key --out pub >/dev/null
fi
cd "$DIR"
read -r size proved checked < <("$ROOT/bin/bench-tlog" pub/log "$PROOFS")
TIMEFORMAT='%R %U %S'
times=$( { time "$VERIFIER" log audit pub/log --trust trust.json >audit.txt; } 2>&1 )
read -r wall user system <<<"$times"
grep -q "; consistent$" audit.txt || { echo "bench: the audit did not find the log consistent" >&2; exit 1; }
audit_rate=$(echo "scale=0; $size / ($user + $system)" | bc)
wall_rate=$(echo "scale=0; $size / $wall" | bc)

printf '\n%-52s %12s   %s\n' "transparency log ($size entries)" "result" "target"
printf '%-52s %10.1fus   %s\n' "inclusion proof from the tiles, made and checked" "$proved" "< 1000 us"
printf '%-52s %10.2fus   %s\n' "a ready inclusion proof checked" "$checked" ""
printf '%-52s %11s/s   %s\n' "verifier log audit, entries per CPU second" "$audit_rate" "(no target)"
printf '%-52s %11s/s   %s\n' "the same, per second of wall-clock time" "$wall_rate" "(other load counts here)"
awk -v p="$proved" 'BEGIN { exit !(p < 1000) }' && echo "inclusion proof target met" \
    || echo "inclusion proof target NOT met"
