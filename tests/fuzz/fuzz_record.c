/* fuzz_record.c: record verification, what `verifier RECORD` runs on files from anyone. */
#include "fuzz.h"
#include "verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct verification v;
    struct verify_context context = {fuzz_trust(), {2027, 6, 1}, NULL, 0};
    record_verify((const char *)data, size, &context, &v);
    json_decref(verification_to_json(&v));
    verification_free(&v);
    return 0;
}
