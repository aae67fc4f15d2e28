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
#include "trust.h"

enum verify_result {
    RESULT_VALID,
    RESULT_NOT_GENUINE,
    RESULT_EXPIRED,
    RESULT_NOT_YET_VALID,
};

struct verification {
    enum verify_result result;
    int decoded;                    /* certificate is filled in */
    struct certificate certificate;
    char auditor_kid[KID_LENGTH + 1], head_kid[KID_LENGTH + 1];
    struct date checked_on;
    char reason[512];               /* why it is not genuine, or a note */
};

/* Verifies a record (General JSON JWS) against the trust store on date at.
 * Always fills out->result; returns the exit status that result maps to. */
int record_verify(const char *text, size_t length, const struct trust_store *trust,
                  struct date at, struct verification *out);

/* As record_verify, for a record that the body's current publication lists
 * by its SHA-256 (publication_record_listed): every check but the Ed25519
 * arithmetic, for which the publication's own signature, by a trusted head
 * key of the same body, stands in. Keys, roles, windows and names are
 * judged as record_verify judges them, so both give the same answer. */
int record_verify_listed(const char *text, size_t length, const struct trust_store *trust,
                         struct date at, struct verification *out);
void verification_free(struct verification *verification);

const char *verify_result_name(enum verify_result result);   /* "valid", ... */
int verify_result_exit_status(enum verify_result result);

/* The --json form: {"result": ..., "reason": ..., "certificate": {...}}. */
json_t *verification_to_json(const struct verification *verification);

#endif
