# Interoperability with jose, an independent JOSE implementation: jose
# verifies what starmark signs and starmark verifies what jose signs. This
# script issues the certificate; the checks are in tests/interop.mjs.
TEST_NAME=interop
source "$(dirname "$0")/../lib.sh"

ISSUED=2026-11-25
make_body
number=$("$ISSUER" issue --db reg.db --key auditor.key --approve-key head.key --date $ISSUED \
         "$DATA/five-star.json") \
    && "$ISSUER" export --db reg.db "$number" -o record.json >/dev/null \
    || { failed "issue and export a certificate for the interop checks"; exit 1; }

# $VERIFIER unquoted: under STARMARK_VALGRIND it is several words.
node "$ROOT/tests/interop.mjs" --record "$WORK/record.json" --trust "$WORK/trust.json" \
    --assessment "$DATA/five-star.json" --number "$number" --issue-date $ISSUED \
    --auditor-pub "$WORK/auditor.pub.jwk" --head-pub "$WORK/head.pub.jwk" \
    --auditor-key "$WORK/auditor.key" --head-key "$WORK/head.key" --work "$WORK" \
    -- $VERIFIER \
    || failed "tests/interop.mjs stopped with status $?"
