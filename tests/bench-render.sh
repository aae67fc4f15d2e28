#!/usr/bin/env bash
# PDF figures, printed beside their targets, from one run: `issuer render
# --all` over 1,000 certificates on one core (target: at least 20 PDFs/s)
# and the bytes per PDF (target: under 200 KB); then the same certificates
# sealed (docs/e-seal.md, a P-256 seal from `issuer seal demo-ca`): what
# sealing costs beside rendering (target: under 10%) and adds per PDF.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
COUNT=${BENCH_RENDER_COUNT:-1000}
OUT="${BENCH_DIR:-/tmp/starmark-bench}/render"
ISSUER="$ROOT/bin/issuer"
export STARMARK_PASSPHRASE=bench
rm -rf "$OUT" && mkdir -p "$OUT/pdf" "$OUT/sealed" && cd "$OUT"
source "$ROOT/tests/body.sh"
make_body CB-BENCH BENCH "基准测试认证中心"
python3 "$ROOT/tests/make-assessments.py" "$ROOT/tests/data/five-star.json" "$COUNT" assessments
"$ISSUER" issue --db reg.db --key auditor.key --approve-key head.key --date 2026-11-25 \
    assessments/*.json >/dev/null
"$ISSUER" seal demo-ca --out seal --subject "/C=CN/O=基准测试认证中心/CN=基准测试认证中心电子印章" >/dev/null

# render_all DIR [SEAL OPTIONS]: CPU seconds (user and system) of render
# --all on one core: other load on the shared machine stays out of the
# comparison, as in tests/bench.sh.
render_all() {
    local directory=$1; shift
    local TIMEFORMAT='%U + %S' times
    # (render's own notes, e.g. that no log proof was embedded, are not timings)
    times=$( { time taskset -c 0 "$ISSUER" render --db reg.db --all --out-dir "$directory" "$@" \
               >/dev/null 2>/dev/null; } 2>&1 )
    echo "$times" | bc
}
mean_bytes() { echo $(( $(du -cb "$1"/*.pdf | tail -1 | cut -f1) / $(ls "$1" | wc -l) )); }

plain=$(render_all pdf)
sealed=$(render_all sealed --seal-key seal/seal.key --seal-cert seal/seal.crt)
rendered=$(ls pdf | wc -l)
[[ $(ls sealed | wc -l) -eq $rendered ]] || { echo "bench: not every PDF was sealed" >&2; exit 1; }
rate=$(echo "scale=1; $rendered / $plain" | bc)
sealed_rate=$(echo "scale=1; $rendered / $sealed" | bc)
share=$(echo "scale=1; 100 * ($sealed - $plain) / $plain" | bc)
bytes=$(mean_bytes pdf)
added=$(( $(mean_bytes sealed) - bytes ))

printf '\n%-44s %12s   %s\n' "PDF certificates" "result" "target"
printf '%-44s %10s/s   %s\n' "render --all, $rendered certificates, per CPU s" "$rate" ">= 20 PDFs/s"
printf '%-44s %10s B   %s\n' "bytes per PDF (mean)" "$bytes" "< 200,000"
printf '%-44s %10s/s   %s\n' "the same, sealed (P-256)" "$sealed_rate" "(same run)"
printf '%-44s %11s%%   %s\n' "sealing's cost beside rendering" "$share" "< 10%"
printf '%-44s %10s B   %s\n' "bytes the seal adds per PDF (mean)" "$added" "(no target)"
