#!/usr/bin/env bash
# PDF figures, printed beside their targets, from one run: `issuer render
# --all` over 1,000 certificates on one core (target: at least 20 PDFs/s)
# and the bytes per PDF (target: under 200 KB).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
COUNT=${BENCH_RENDER_COUNT:-1000}
OUT="${BENCH_DIR:-/tmp/starmark-bench}/render"
ISSUER="$ROOT/bin/issuer"
export STARMARK_PASSPHRASE=bench
rm -rf "$OUT" && mkdir -p "$OUT/pdf" && cd "$OUT"
source "$ROOT/tests/body.sh"
make_body CB-BENCH BENCH "基准测试认证中心"
python3 "$ROOT/tests/make-assessments.py" "$ROOT/tests/data/five-star.json" "$COUNT" assessments
"$ISSUER" issue --db reg.db --key auditor.key --approve-key head.key --date 2026-11-25 \
    assessments/*.json >/dev/null

start=$(date +%s.%N)
taskset -c 0 "$ISSUER" render --db reg.db --all --out-dir pdf >/dev/null   # one core
end=$(date +%s.%N)
rendered=$(ls pdf | wc -l)
rate=$(echo "scale=1; $rendered / ($end - $start)" | bc)
bytes=$(( $(du -cb pdf/*.pdf | tail -1 | cut -f1) / rendered ))

printf '\n%-44s %12s   %s\n' "PDF certificates" "result" "target"
printf '%-44s %10s/s   %s\n' "render --all, $rendered certificates, one core" "$rate" ">= 20 PDFs/s"
printf '%-44s %10s B   %s\n' "bytes per PDF (mean)" "$bytes" "< 200,000"
