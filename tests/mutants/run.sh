#!/usr/bin/env bash
# make mutants: plants each fault of tests/mutants/mutants.txt, one at a
# time, in a copy of the source tree (the checkout is never touched),
# builds, runs the suites the fault names, and reports whether the suite
# caught it. Every mutant must be caught; the last line says how many were.
# Slow (a build and a few suites per mutant), so not part of `make test`;
# MUTANTS_CHECK_TABLE=1 only checks that every fault can still be planted.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
COPY=$(mktemp -d /tmp/starmark-mutants.XXXXXX)
trap 'rm -rf "$COPY"' EXIT
(cd "$ROOT" && git ls-files -z | xargs -0 cp --parents -t "$COPY")
ln -s "$ROOT/tests/node_modules" "$COPY/tests/node_modules"
cd "$COPY"
# A fault may well leave a variable unused: warnings stay warnings here.
make -s EXTRA_CFLAGS=-Wno-error all bin/unit-tests bin/render-harness bin/verify-memcheck.cgi \
    >/dev/null 2>&1 || { echo "mutants: the unmutated copy does not build" >&2; exit 2; }

# plant FILE FROM TO: replaces the one line FROM with TO (at FROM's
# indentation); fails if FROM is not there exactly once (the table is out
# of date).
plant() {
    /usr/bin/python3 - "$1" "$2" "$3" <<'PY'
import sys
path, old, new = sys.argv[1:]
lines = open(path).read().split('\n')
hits = [i for i, line in enumerate(lines) if line == old]
if len(hits) != 1:
    sys.exit(f"{path}: the line occurs {len(hits)} times: {old!r}")
indent = old[:len(old) - len(old.lstrip())]
lines[hits[0]] = indent + new.lstrip()
open(path, 'w').write('\n'.join(lines))
PY
}

caught=0 total=0 table=()
run_mutant() {
    local name=$1 file=$2 from=$3 to=$4 suites=$5
    total=$((total + 1))
    cp "$file" "$file.orig"
    local verdict
    if ! plant "$file" "$from" "$to"; then
        verdict="TABLE OUT OF DATE"
    elif [[ -n ${MUTANTS_CHECK_TABLE:-} ]]; then
        verdict="plants"
        caught=$((caught + 1))
    elif ! make -s EXTRA_CFLAGS=-Wno-error all bin/unit-tests bin/verify-memcheck.cgi \
                >/dev/null 2>&1; then
        verdict="does not build"
    else
        local output failed
        output=$(STARMARK_SUITES="$suites" tests/run.sh 2>&1 | tail -1)
        failed=$(sed -n 's/.* \([0-9]*\) failed$/\1/p' <<<"$output")
        if [[ ${failed:-0} -gt 0 ]]; then
            verdict="caught ($failed failed)"
            caught=$((caught + 1))
        else
            verdict="NOT CAUGHT"
        fi
    fi
    mv "$file.orig" "$file"
    touch "$file"
    table+=("$(printf '%-62s %-24s %s' "$name" "$suites" "$verdict")")
    printf '%s\n' "${table[-1]}"
}

name='' file='' from='' to='' suites=''
while IFS= read -r line || [[ -n $line ]]; do
    case $line in
        '#'*) ;;
        'name: '*) name=${line#name: } ;;
        'file: '*) file=${line#file: } ;;
        'from: '*) from=${line#from: } ;;
        'to: '*) to=${line#to: } ;;
        'suites: '*) suites=${line#suites: }
                     run_mutant "$name" "$file" "$from" "$to" "$suites" ;;
    esac
done <"$ROOT/tests/mutants/mutants.txt"
echo "$caught of $total mutants caught"
[[ $caught -eq $total ]]
