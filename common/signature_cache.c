/*
 * signature_cache.c: an open-addressed table of verified signatures. The
 * digests are SHA-256, so their first bytes already spread the slots.
 */
#include "signature_cache.h"

#include <string.h>
#include <openssl/evp.h>

#include "jwk.h"
#include "util.h"

struct entry {
    unsigned char digest[SIGNATURE_DIGEST_SIZE];
    char kid[KID_LENGTH + 1];    /* "" for an empty slot */
};

struct signature_cache {
    struct entry *entries;
    size_t slots, count;         /* slots: a power of two, twice the capacity */
};

struct signature_cache *signature_cache_new(size_t capacity)
{
    struct signature_cache *cache = xcalloc(1, sizeof *cache);
    cache->slots = 16;
    while (cache->slots < 2 * capacity)
        cache->slots *= 2;
    cache->entries = xcalloc(cache->slots, sizeof *cache->entries);
    return cache;
}

void signature_cache_free(struct signature_cache *cache)
{
    if (!cache)
        return;
    free(cache->entries);
    free(cache);
}

void signature_cache_clear(struct signature_cache *cache)
{
    if (!cache)
        return;
    memset(cache->entries, 0, cache->slots * sizeof *cache->entries);
    cache->count = 0;
}

void signature_digest(const void *message, size_t message_length, const unsigned char *signature,
                      size_t signature_length, unsigned char out[SIGNATURE_DIGEST_SIZE])
{
    /* The message's length first, so no two (message, signature) pairs
     * hash the same bytes. */
    unsigned char length[8];
    for (int i = 0; i < 8; i++)
        length[i] = (unsigned char)((unsigned long long)message_length >> (56 - 8 * i));
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    unsigned int size = 0;
    if (!context || EVP_DigestInit_ex(context, EVP_sha256(), NULL) != 1
        || EVP_DigestUpdate(context, length, sizeof length) != 1
        || EVP_DigestUpdate(context, message, message_length) != 1
        || EVP_DigestUpdate(context, signature, signature_length) != 1
        || EVP_DigestFinal_ex(context, out, &size) != 1)
        die(EXIT_NOT_GENUINE, "SHA-256 failed");
    EVP_MD_CTX_free(context);
}

/* The slot holding digest, or the empty slot where it would go. */
static struct entry *find_slot(const struct signature_cache *cache,
                               const unsigned char digest[SIGNATURE_DIGEST_SIZE])
{
    size_t slot = ((size_t)digest[0] | (size_t)digest[1] << 8 | (size_t)digest[2] << 16
                   | (size_t)digest[3] << 24) & (cache->slots - 1);
    while (cache->entries[slot].kid[0]
           && memcmp(cache->entries[slot].digest, digest, SIGNATURE_DIGEST_SIZE) != 0)
        slot = (slot + 1) & (cache->slots - 1);
    return &cache->entries[slot];
}

int signature_cache_has(const struct signature_cache *cache,
                        const unsigned char digest[SIGNATURE_DIGEST_SIZE], const char *kid)
{
    if (!cache)
        return 0;
    const struct entry *entry = find_slot(cache, digest);
    return entry->kid[0] && strcmp(entry->kid, kid) == 0;
}

void signature_cache_add(struct signature_cache *cache,
                         const unsigned char digest[SIGNATURE_DIGEST_SIZE], const char *kid)
{
    if (!cache || strlen(kid) != KID_LENGTH)
        return;
    if (2 * (cache->count + 1) > cache->slots)
        signature_cache_clear(cache); /* full: forgetting costs only arithmetic */
    struct entry *entry = find_slot(cache, digest);
    if (!entry->kid[0])
        cache->count++;
    memcpy(entry->digest, digest, SIGNATURE_DIGEST_SIZE);
    memcpy(entry->kid, kid, KID_LENGTH + 1);
}

size_t signature_cache_count(const struct signature_cache *cache)
{
    return cache ? cache->count : 0;
}
