/* fuzz_claim.c: a scanned QR text: URL, compact JWS and claim (`verifier --qr`). */
#include "claim.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct claim_verification v;
    struct verify_context context = {fuzz_trust(), {2027, 6, 1}, NULL, 0};
    claim_verify((const char *)data, size, &context, &v);
    json_decref(claim_verification_to_json(&v));
    claim_verification_free(&v);
    return 0;
}
