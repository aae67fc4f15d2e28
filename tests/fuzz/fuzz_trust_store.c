/*
 * fuzz_trust_store.c: what the targets share at run time: the trust store
 * tests/fuzz/trust.json, loaded once for the targets that verify signatures
 * (FUZZ_TRUST overrides the path), and in-memory input files.
 */
#define _GNU_SOURCE
#include "fuzz.h"

#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

int fuzz_memory_file(const uint8_t *data, size_t size, char path[64])
{
    int fd = memfd_create("fuzz-input", 0);
    if (fd < 0)
        return -1;
    if (write(fd, data, size) != (ssize_t)size) {
        close(fd);
        return -1;
    }
    snprintf(path, 64, "/proc/self/fd/%d", fd);
    return fd;
}

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
