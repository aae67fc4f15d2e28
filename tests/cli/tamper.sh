# The tamper matrix: no alteration of an issued record may verify. This
# script issues the certificate and makes a second body with other keys; the
# cases are built and judged in tests/tamper.mjs.
TEST_NAME=tamper
source "$(dirname "$0")/../lib.sh"

make_body
number=$("$ISSUER" issue --db reg.db --key auditor.key --approve-key head.key --date 2026-11-25 \
         "$DATA/five-star.json") \
    && "$ISSUER" export --db reg.db "$number" -o record.json >/dev/null \
    && mkdir other && (cd other && make_body) \
    || { failed "issue a certificate and make a second body for the tamper matrix"; exit 1; }

# $VERIFIER unquoted: under STARMARK_VALGRIND it is several words.
node "$ROOT/tests/tamper.mjs" --record "$WORK/record.json" --trust "$WORK/trust.json" \
    --other-trust "$WORK/other/trust.json" --auditor-key "$WORK/auditor.key" \
    --head-key "$WORK/head.key" --work "$WORK" \
    -- $VERIFIER \
    || failed "tests/tamper.mjs stopped with status $?"
