# Sourced by tests/bench.sh and tests/bench-sm2.sh, in a folder holding
# trust.json and records/ (COUNT exported records).
#
# measure_verify COUNT ALGORITHM LABEL: three rounds, in turns, of one
# `verifier --batch records` (records per CPU second, user and system:
# reading the files is part of the work) and `openssl speed -seconds 2
# ALGORITHM` (the verify/s on its LABEL line; openssl counts CPU time too).
# Each keeps its best round: on this shared machine either rate can lose
# 15% to a neighbour in one round, and the ratio should not depend on
# which one was unlucky. Sets verify_rate, wall_rate and openssl_verify.
greater() { echo "if ($1 > $2) $1 else $2" | bc; }

measure_verify() {
    local count=$1 algorithm=$2 label=$3 round times wall user system speed
    local TIMEFORMAT='%R %U %S'
    verify_rate=0 wall_rate=0 openssl_verify=0
    for round in 1 2 3; do
        times=$( { time "$VERIFIER" --trust trust.json --at 2026-12-01 --batch records >batch.txt; } 2>&1 )
        read -r wall user system <<<"$times"
        grep -q "^$count valid, 0 not genuine" batch.txt \
            || { echo "bench: not every record verified" >&2; exit 1; }
        verify_rate=$(greater "$verify_rate" "$(echo "scale=1; $count / ($user + $system)" | bc)")
        wall_rate=$(greater "$wall_rate" "$(echo "scale=1; $count / $wall" | bc)")
        speed=$(openssl speed -seconds 2 "$algorithm" 2>/dev/null \
            | awk -v label="$label" 'index($0, label) {print $NF}' | tail -1)
        openssl_verify=$(greater "$openssl_verify" "$speed")
    done
}
