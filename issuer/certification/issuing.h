/*
 * issuing.h: signing conclusions and decisions into the registry.
 */
#ifndef STARMARK_ISSUING_H
#define STARMARK_ISSUING_H

#include <jansson.h>
#include <openssl/evp.h>
#include "record.h"
#include "registry.h"

/* A loaded private key and what the registry knows of it: its public
 * half, role, holder and window. */
struct signer {
    EVP_PKEY *key;
    struct trusted_key trusted;
};

/* Loads a key, which must be registered (in role, unless role is NULL) and
 * trusted on the date; exits 2 with a message otherwise. */
void load_signer(const char *path, const char *role, struct registry *registry,
                 struct date on, struct signer *out);
void free_signer(struct signer *signer);

/* Numbers c, signs its conclusion with the auditor's key and stores it
 * pending, with the SHA-256 of the assessment file it came from (or NULL);
 * with head, approves it too (issued on the date on). The caller holds the
 * transaction. */
int issue_certificate(struct registry *registry, struct certificate *c,
                      const char *assessment_sha256, const struct signer *auditor,
                      const struct signer *head, struct date on, struct error *err);

/* Signs the decision (issue date, expiry, surveillance schedule) and the QR
 * claim, and stores the record. The caller holds the transaction. */
int approve_certificate(struct registry *registry, struct certificate *c,
                        const char *payload_b64, json_t *auditor_signature,
                        const struct signer *head, struct date issue, struct error *err);

#endif
