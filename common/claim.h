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
#include "jws.h"
#include "record.h"
#include "verify.h"

#define MAX_QR_TEXT_BYTES (64 * 1024)

struct claim {
    char *number, *body_id, *holder_name, *holder_uscc, *grade_id;
    const char *standard;              /* of the scheme whose grade it is */
    const struct scheme_grade *grade;
    struct date issue_date, expiry_date;
};

/* A scanned text, read once: the compact JWS it holds, parsed, and the
 * claim in its payload. Owns all three. */
struct scanned_claim {
    char *compact;
    struct jws jws;
    int decoded;                       /* claim is filled in */
    struct claim claim;
    char problem[VERDICT_REASON_SIZE]; /* why the payload is no claim, when not decoded */
};

struct claim_verification {
    struct verdict verdict;            /* valid, not_genuine, expired or not_yet_valid */
    struct date checked_on;
    int decoded;                       /* claim is filled in (only when genuine) */
    struct claim claim;
    struct signer_seen head;
};

/* The claim's payload for an approved certificate, members in order. */
json_t *claim_payload(const struct certificate *certificate);

/* Finds the compact JWS in a scanned text: "URL?c=JWS" or the bare JWS. */
int claim_extract(const char *text, size_t length, char **jws, struct error *err);

/* Reads a scanned text: 0 when it holds a compact JWS (whose payload may
 * still be no claim: out->decoded says), -1 with err when it holds none. */
int claim_read(const char *text, size_t length, struct scanned_claim *out, struct error *err);
void scanned_claim_free(struct scanned_claim *scanned);

/* Judges a read claim: signed by a head key trusted on its issue date (by
 * expected_kid's key when the caller knows it, see trust_question), for the
 * trust store's body, and in force on context->at. Takes the claim over
 * from scanned. Returns the exit status its outcome maps to. */
int claim_judge(struct scanned_claim *scanned, const struct verify_context *context,
                const char *expected_kid, struct claim_verification *out);

/* claim_read and claim_judge in one, for a text nobody read yet. */
int claim_verify(const char *text, size_t length, const struct verify_context *context,
                 struct claim_verification *out);

/* Decodes a compact claim WITHOUT checking its signature: for a claim
 * inside a record's decision, which the head's signature already covers. */
int claim_decode(const char *compact, struct claim *out, struct error *err);
void claim_free(struct claim *claim);

void claim_verification_free(struct claim_verification *verification);
json_t *claim_verification_to_json(const struct claim_verification *verification);

/* 0 when the claim says the same as the record, else -1 naming the field. */
int claim_matches_certificate(const struct claim *claim, const struct certificate *c,
                              struct error *err);

#endif
