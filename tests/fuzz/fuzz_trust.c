/* fuzz_trust.c: the trust store, including the JWKs inside it. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct trust_store store;
    struct error err;
    if (trust_parse((const char *)data, size, "fuzz", &store, &err) == 0)
        trust_free(&store);
    return 0;
}
