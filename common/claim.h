/*
 * claim.h: the short signed claim inside a certificate's QR code.
 *
 * A QR code holds a few hundred bytes, far less than the full record, so at
 * approval the head also signs a compact JWS of what a person at a tender
 * must compare with the paper: number, body, holder name and credit code,
 * grade, issue and expiry dates (docs/qr-claim.md). It verifies
 * offline against the same trust store as the record.
 */
#ifndef STARMARK_CLAIM_H
#define STARMARK_CLAIM_H

#include <jansson.h>
#include "date.h"
#include "record.h"
#include "trust.h"
#include "verify.h"

#define MAX_QR_TEXT_BYTES (64 * 1024)

struct claim {
    char *number, *body_id, *holder_name, *holder_uscc, *grade_id;
    const char *standard;              /* of the scheme whose grade it is */
    const struct scheme_grade *grade;
    struct date issue_date, expiry_date;
};

struct claim_verification {
    enum verify_result result;
    int decoded;
    struct claim claim;
    char head_kid[KID_LENGTH + 1];
    struct date checked_on;
    char reason[512];
};

/* The claim's payload for an approved certificate, members in order. */
json_t *claim_payload(const struct certificate *certificate);

/* Finds the compact JWS in a scanned text: "URL?c=JWS" or the bare JWS. */
int claim_extract(const char *text, size_t length, char **jws, struct error *err);

/* Decodes a compact claim WITHOUT checking its signature: for a claim
 * inside a record's decision, which the head's signature already covers. */
int claim_decode(const char *compact, struct claim *out, struct error *err);
void claim_free(struct claim *claim);

/* Verifies a scanned text; returns the exit status its result maps to. */
int claim_verify(const char *text, size_t length, const struct trust_store *trust,
                 struct date at, struct claim_verification *out);
/* Fills out as claim_verify does for a genuine claim, for a claim whose
 * signature is vouched for otherwise (verifier/web/cgi_check.c: the body
 * published it in a record it lists): takes claim over, and judges its
 * dates on at as claim_verify does. */
void claim_accept(struct claim *claim, const char *head_kid, struct date at,
                  struct claim_verification *out);
void claim_verification_free(struct claim_verification *verification);
json_t *claim_verification_to_json(const struct claim_verification *verification);

/* 0 when the claim says the same as the record, else -1 naming the field. */
int claim_matches_certificate(const struct claim *claim, const struct certificate *c,
                              struct error *err);

#endif
