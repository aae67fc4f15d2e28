/*
 * fuzz_trust_store.c: loads tests/fuzz/trust.json once for the targets
 * that verify signatures (FUZZ_TRUST overrides the path).
 */
#include "fuzz.h"

#include <stdio.h>

const struct trust_store *fuzz_trust(void)
{
    static struct trust_store store;
    static int loaded;
    if (!loaded) {
        const char *path = getenv("FUZZ_TRUST") ? getenv("FUZZ_TRUST") : "tests/fuzz/trust.json";
        struct error err;
        if (trust_load(path, &store, &err) != 0) {
            fprintf(stderr, "fuzz: %s\n", err.message);
            abort();
        }
        loaded = 1;
    }
    return &store;
}
