/*
 * signature_cache.h: the signatures a long-running process has already
 * verified, so that it does the arithmetic once per signature, not once per
 * request (verify.cgi under FastCGI, docs/web-endpoint.md).
 *
 * An entry is the SHA-256 of the signed bytes and the signature together,
 * with the kid of the trusted key that verified them. It remembers
 * arithmetic, never a decision: trust_decide() still judges the key's role,
 * algorithm and window on every use, so a key closed since is refused
 * however often its signature was checked before. A kid names one key (it
 * is the key's thumbprint), so an entry cannot be claimed by another key.
 *
 * The cache owns its memory; a process makes one with signature_cache_new
 * and may clear it at any time (it does when the publication it reads
 * changes generation). A NULL cache is allowed everywhere and remembers
 * nothing (the command-line verifier).
 */
#ifndef STARMARK_SIGNATURE_CACHE_H
#define STARMARK_SIGNATURE_CACHE_H

#include <stddef.h>

#define SIGNATURE_DIGEST_SIZE 32

struct signature_cache;

/* Room for capacity signatures; when it is full it starts afresh. */
struct signature_cache *signature_cache_new(size_t capacity);
void signature_cache_free(struct signature_cache *cache);
void signature_cache_clear(struct signature_cache *cache);

/* The digest an entry is filed under. */
void signature_digest(const void *message, size_t message_length, const unsigned char *signature,
                      size_t signature_length, unsigned char out[SIGNATURE_DIGEST_SIZE]);

/* 1 when the key kid verified these bytes before. */
int signature_cache_has(const struct signature_cache *cache,
                        const unsigned char digest[SIGNATURE_DIGEST_SIZE], const char *kid);
void signature_cache_add(struct signature_cache *cache,
                         const unsigned char digest[SIGNATURE_DIGEST_SIZE], const char *kid);
/* Entries now held, for tests and benchmarks. */
size_t signature_cache_count(const struct signature_cache *cache);

#endif
