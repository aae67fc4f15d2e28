#!/usr/bin/env bash
# Runs every test: the C unit tests, then each tests/cli/*.sh. Every check
# prints "ok - ..." or "not ok - ..."; this script counts them, shows the
# failures, and ends with the line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=${STARMARK_BIN:-bin}
mkdir -p tests/out
# Each suite works in a fresh scratch folder tests/out/NAME.XXXXXX; those
# of runs over an hour old go (not younger ones: another run may be going).
find tests/out -mindepth 1 -maxdepth 1 -type d -name '*.??????' -mmin +60 -exec rm -rf {} +
log=tests/out/run.log
: >"$log"

run_suite() {
    local name=$1; shift
    local output status started=$SECONDS
    output=$("$@" 2>&1)
    status=$?
    printf '%s\n' "$output" >>"$log"
    local passed failed
    passed=$(grep -c '^ok - ' <<<"$output")
    failed=$(grep -c '^not ok - ' <<<"$output")
    # A suite that died without saying why counts as one failure; so does
    # one that printed no check at all, whatever its exit status.
    local problem=
    if [[ $status -ne 0 && $failed -eq 0 ]]; then
        problem="exited with status $status"
        printf '%s\n' "$output" | tail -5
    elif [[ $passed -eq 0 && $failed -eq 0 ]]; then
        problem="printed no check"
    fi
    if [[ -n $problem ]]; then
        echo "not ok - $name $problem" >>"$log"
        output+=$'\n'"not ok - $name $problem"
        failed=1
    fi
    printf '%-28s %4d passed, %d failed  (%d s)\n' "$name" "$passed" "$failed" \
        $((SECONDS - started))
    grep '^not ok - ' <<<"$output" | sed 's/^/    /'
    total_passed=$((total_passed + passed))
    total_failed=$((total_failed + failed))
}

# STARMARK_SUITES="unit keys ..." runs only those suites; STARMARK_SKIP
# names suites a pass leaves to another (make test-asan leaves the Debian
# package, built with its own compiler flags, to make test).
wanted() {
    [[ -z ${STARMARK_SUITES:-} || " $STARMARK_SUITES " == *" $1 "* ]] \
        && [[ " ${STARMARK_SKIP:-} " != *" $1 "* ]]
}

total_passed=0
total_failed=0
if ! wanted unit; then
    :
elif [[ -n ${STARMARK_VALGRIND:-} ]]; then
    run_suite unit valgrind -q --error-exitcode=99 --leak-check=full \
        --errors-for-leak-kinds=definite,indirect "$BIN/unit-tests"
else
    run_suite unit "$BIN/unit-tests"
fi
for suite in tests/cli/*.sh; do
    name=$(basename "$suite" .sh)
    wanted "$name" || continue
    run_suite "$name" env STARMARK_BIN="$BIN" TEST_NAME="$name" bash "$suite"
done
# A suite asked for by a name that has none runs no check: a failure too.
for name in ${STARMARK_SUITES:-}; do
    if [[ $name != unit && ! -f tests/cli/$name.sh ]]; then
        echo "not ok - there is no suite $name" | tee -a "$log"
        total_failed=$((total_failed + 1))
    fi
done
echo "$total_passed passed, $total_failed failed"
[[ $total_failed -eq 0 ]]
