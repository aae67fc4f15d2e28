/* fuzz_record.c: record verification, what `verifier RECORD` runs on files from anyone. */
#include "fuzz.h"
#include "verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct verification v;
    struct date at = {2027, 6, 1};
    record_verify((const char *)data, size, fuzz_trust(), at, &v);
    json_decref(verification_to_json(&v));
    verification_free(&v);
    return 0;
}
