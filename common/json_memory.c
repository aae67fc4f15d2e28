/*
 * json_memory.c: jansson's small blocks, kept for the next document.
 *
 * Verifying a record builds and frees about 250 jansson values (the
 * payload, the two protected headers, the QR claim), most of them a few
 * dozen bytes. glibc's per-thread cache keeps only 7 freed blocks of each
 * size, so the rest went through malloc's slower bins, and every larger
 * allocation (the record's text, the decoded payload) first consolidated
 * them again: a quarter of the verifier's time outside the signature
 * checks. Here jansson's freed blocks wait, by size, for the next value.
 *
 * Every block is still a malloc block (rounded up to its size class), so
 * code may free what jansson returns (json_dumps) with free(). Only
 * jansson's own frees come back here. The programs are single-threaded.
 */
#include "json_memory.h"

#include <malloc.h>
#include <stdlib.h>
#include <jansson.h>

#define GRAIN 16
#define CLASSES 33                /* blocks of 16 to 512 bytes */
#define KEPT_PER_CLASS 256        /* about 2 MB held at most, far more than a record needs */

static void *kept[CLASSES][KEPT_PER_CLASS];
static size_t kept_count[CLASSES];

static size_t size_class(size_t size)
{
    size_t class = (size + GRAIN - 1) / GRAIN;
    return class ? class : 1;
}

static void *json_memory_malloc(size_t size)
{
    size_t class = size_class(size);
    if (class >= CLASSES)
        return malloc(size);
    if (kept_count[class])
        return kept[class][--kept_count[class]];
    return malloc(class * GRAIN);
}

/* malloc_usable_size is at least what was asked for, so a block asked for
 * as class * GRAIN lands back in class (or a larger one it can serve). */
static void json_memory_free(void *block)
{
    if (!block)
        return;
    size_t class = malloc_usable_size(block) / GRAIN;
    if (class < CLASSES && kept_count[class] < KEPT_PER_CLASS) {
        kept[class][kept_count[class]++] = block;
        return;
    }
    free(block);
}

static void json_memory_release(void)
{
    for (size_t class = 0; class < CLASSES; class++)
        while (kept_count[class])
            free(kept[class][--kept_count[class]]);
}

/* Under AddressSanitizer a freed value must stay poisoned, so that a use
 * after json_decref is reported instead of reading a reused block. */
#ifdef __SANITIZE_ADDRESS__
#define UNDER_ADDRESS_SANITIZER 1
#else
#define UNDER_ADDRESS_SANITIZER 0
#endif

void json_memory_install(void)
{
    if (UNDER_ADDRESS_SANITIZER)
        return;
    json_set_alloc_funcs(json_memory_malloc, json_memory_free);
    atexit(json_memory_release);
}
