# The tamper matrix: no alteration of an issued record may verify. For each
# pair of key algorithms (both Ed25519, both SM2, and mixed: an SM2 auditor
# with an Ed25519 head) this script issues a certificate and makes a second
# body with other keys; the cases are built and judged in tests/tamper.mjs.
TEST_NAME=tamper
source "$(dirname "$0")/../lib.sh"

for algorithms in "ed25519 ed25519" "sm2 sm2" "sm2 ed25519"; do
    read -r auditor_alg head_alg <<<"$algorithms"
    label="$auditor_alg+$head_alg"
    mkdir "$WORK/$label" && cd "$WORK/$label" || exit 1
    make_body CB-TEST TEST 测试认证中心 "$auditor_alg" "$head_alg"
    number=$("$ISSUER" issue --db reg.db --key auditor.key --approve-key head.key \
             --date 2026-11-25 "$DATA/five-star.json") \
        && "$ISSUER" export --db reg.db "$number" -o record.json >/dev/null \
        && mkdir other && (cd other && make_body CB-TEST TEST 测试认证中心 "$auditor_alg" "$head_alg") \
        || { failed "$label: issue a certificate and make a second body for the tamper matrix"; continue; }
    # $VERIFIER unquoted: under STARMARK_VALGRIND it is several words.
    node "$ROOT/tests/tamper.mjs" --label "$label" --record "$PWD/record.json" \
        --trust "$PWD/trust.json" --other-trust "$PWD/other/trust.json" \
        --auditor-key "$PWD/auditor.key" --head-key "$PWD/head.key" --work "$PWD" \
        -- $VERIFIER \
        || failed "$label: tests/tamper.mjs stopped with status $?"
done
