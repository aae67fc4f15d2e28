/*
 * pdf_signature.h: checking the electronic seal of a certificate PDF, the
 * PAdES signature the issuer appends (docs/e-seal.md).
 *
 * A sealed PDF is whole only when its last signature covers every byte of
 * the file but the signature value itself: a byte changed anywhere, or an
 * update appended after sealing, makes it not genuine. The signature must
 * verify over those bytes, and its certificate must chain to a seal CA the
 * trust store names, valid at the signing time the signature claims
 * (trust_decide_seal). Shared by the verifier and anything else that
 * checks PDFs, through check.c.
 */
#ifndef STARMARK_PDF_SIGNATURE_H
#define STARMARK_PDF_SIGNATURE_H

#include <jansson.h>
#include <stddef.h>
#include "trust.h"
#include "util.h"

#define PDF_SEAL_SUBJECT_SIZE 256

struct pdf_seal {
    int checked;                         /* pdf_seal_check ran (check.c runs it only
                                            once the record is genuine) */
    int present;                         /* the file carries a signature */
    int valid;                           /* ... whole, and by a trusted seal */
    char signer[PDF_SEAL_SUBJECT_SIZE];  /* the seal certificate's subject (RFC 2253) */
    char signed_at[32];                  /* /M as "2026-12-03 19:45:23 +08:00" */
};

/* Checks the seal of pdf. 0 when the file carries none (out->present 0) or
 * a valid one; -1 with err saying why it is not genuine. out is always
 * filled as far as the check got (signer and signed_at once known). */
int pdf_seal_check(const char *pdf, size_t length, const struct trust_store *trust,
                   struct pdf_seal *out, struct error *err);

/* The --json form: {"present": ..., "signer": ..., "signed_at": ...}. */
json_t *pdf_seal_to_json(const struct pdf_seal *seal);

#endif
