#!/usr/bin/env bash
# tests/fuzz/run.sh SECONDS TARGET...: replays every kept regression input
# (tests/fuzz/regressions/TARGET/), then fuzzes each target for SECONDS from
# its seeds. A crash leaves its input in tests/out/fuzz/TARGET/ and fails;
# fix the bug, then keep that input under regressions/ so it stays fixed.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
seconds=$1; shift
failures=0
for target in "$@"; do
    binary="build-fuzz/fuzz_$target"
    out="tests/out/fuzz/$target"
    rm -rf "$out" && mkdir -p "$out/corpus"
    regressions="tests/fuzz/regressions/$target"
    if [[ -d $regressions ]] && ! "$binary" -runs=0 "$regressions" >"$out/regressions.log" 2>&1; then
        echo "not ok - fuzz $target: a kept regression input fails again (see $out/regressions.log)"
        failures=$((failures + 1))
        continue
    fi
    # -timeout: an input that takes over 10 s counts as a hang.
    seeds="tests/fuzz/seeds/$target"
    [[ -d $seeds ]] || seeds=""
    if "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$out/" "$out/corpus" $seeds >"$out/fuzz.log" 2>&1; then
        runs=$(grep -o 'Done [0-9]* runs' "$out/fuzz.log" | grep -o '[0-9]*')
        echo "ok - fuzz $target: ${runs:-?} runs in ${seconds}s, no crash"
    else
        echo "not ok - fuzz $target: crash or hang, input in $out/ (log: $out/fuzz.log)"
        failures=$((failures + 1))
    fi
done
echo "$(($# - failures)) passed, $failures failed"
[[ $failures -eq 0 ]]
