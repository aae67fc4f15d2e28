/*
 * verify.h: deciding whether a certificate record is genuine and current.
 *
 * Shared by the verifier CLI and the web endpoint so that both give the same
 * answer for the same bytes, in the same words.
 */
#ifndef STARMARK_VERIFY_H
#define STARMARK_VERIFY_H

#include <jansson.h>
#include "record.h"
#include "signature_cache.h"
#include "trust.h"
#include "verdict.h"

/* How to judge a signed object: against which trust store, on which day,
 * with which memory of signatures verified before. Borrowed, not owned. */
struct verify_context {
    const struct trust_store *trust;
    struct date at;
    struct signature_cache *cache;  /* may be NULL */
    int vouched;                    /* the bytes are what a signed publication lists
                                       (check.c): every rule applies, the arithmetic
                                       is spared (trust.h) */
};

/* Who signed, as the trust decision found. */
struct signer_seen {
    char kid[KID_LENGTH + 1];
    const char *alg;                /* the algorithm's JWS name; static */
};

struct verification {
    struct verdict verdict;         /* valid, not_genuine, expired or not_yet_valid */
    struct date checked_on;
    int decoded;                    /* certificate is filled in (only when genuine) */
    struct certificate certificate;
    struct signer_seen auditor, head;
};

/* Verifies a record (General JSON JWS). Always fills out; returns the exit
 * status its outcome maps to. */
int record_verify(const char *text, size_t length, const struct verify_context *context,
                  struct verification *out);
void verification_free(struct verification *verification);

/* The --json form: {"result": ..., "reason": ..., "certificate": {...},
 * "signed_by": {"auditor": KID, "head": KID, "algorithms": {"auditor": ALG,
 * "head": ALG}}}, ALG a JWS "alg" (algorithm.h). */
json_t *verification_to_json(const struct verification *verification);

#endif
