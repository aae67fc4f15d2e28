#!/usr/bin/env bash
# SM2 figures (issue 12), printed beside their reference from one run:
#   - issue + approve of COUNT assessments in one call, with SM2 keys for
#     both signatures (no target)
#   - one verifier process over the COUNT exported records (--batch), per
#     CPU second as tests/bench.sh counts Ed25519, beside `openssl speed
#     sm2` verify/s / 2 (a record has two signatures): target >= 70%
# Run alone (tests/bench-sm2.sh) or from make bench.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
COUNT=${BENCH_COUNT:-10000}
OUT="${BENCH_DIR:-/tmp/starmark-bench}/sm2"
rm -rf "$OUT" && mkdir -p "$OUT/assessments" "$OUT/records" && cd "$OUT"
export STARMARK_PASSPHRASE=bench
ISSUER="$ROOT/bin/issuer"
VERIFIER="$ROOT/bin/verifier"
now() { date +%s.%N; }

source "$ROOT/tests/body.sh"
make_body CB-BENCH BENCH "基准测试认证中心" sm2 sm2
python3 "$ROOT/tests/make-assessments.py" "$ROOT/tests/data/five-star.json" "$COUNT" assessments

start=$(now)
"$ISSUER" issue --db reg.db --key auditor.key --approve-key head.key --date 2026-11-25 \
    assessments/*.json >numbers.txt
end=$(now)
issue_rate=$(echo "scale=1; $(wc -l <numbers.txt) / ($end - $start)" | bc)

"$ISSUER" export --db reg.db --all --out-dir records >/dev/null
source "$ROOT/tests/bench-verify.sh"
measure_verify "$COUNT" sm2 "SM2 (CurveSM2)"
ceiling=$(echo "scale=1; $openssl_verify / 2" | bc)
share=$(echo "scale=1; 100 * $verify_rate / $ceiling" | bc)

printf '\n%-44s %12s   %s\n' "measure (SM2 keys)" "result" "reference (same run)"
printf '%-44s %12s   %s\n' "issue + approve, one call of $COUNT" "$issue_rate/s" "(no target; two SM2 signatures and one SQLite row each)"
printf '%-44s %12s   %s\n' "SM2 records verified, one verifier process" "$verify_rate/s" "per CPU second, best of 3; ceiling $ceiling/s = openssl speed sm2 $openssl_verify verify/s (best of 3) / 2"
printf '%-44s %11s%%   %s\n' "share of the ceiling" "$share" "target >= 70%"
awk -v s="$share" 'BEGIN { exit !(s >= 70) }' && echo "SM2 verify target met" || echo "SM2 verify target NOT met"
