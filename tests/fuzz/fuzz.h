/*
 * fuzz.h: what the libFuzzer targets in tests/fuzz/ share. Each target
 * feeds one parser the bytes libFuzzer makes up; `make fuzz` builds them
 * with clang's fuzzer, AddressSanitizer and UBSan and runs each for
 * FUZZ_SECONDS over its seeds in tests/fuzz/seeds/NAME/.
 */
#ifndef STARMARK_FUZZ_H
#define STARMARK_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "trust.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as a NUL-terminated string (for parsers that take one). */
static inline char *fuzz_string(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    return text;
}

/* For loaders that read a path: writes the input to an in-memory file and
 * puts its /proc path in path (64 bytes). Returns the descriptor to close
 * afterwards, or -1. */
int fuzz_memory_file(const uint8_t *data, size_t size, char path[64]);

/* The trust store of the body that made the seeds (tests/fuzz/trust.json),
 * so inputs built from real records get past the key lookup. */
const struct trust_store *fuzz_trust(void);

#endif
