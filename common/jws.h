/*
 * jws.h: JSON Web Signatures (RFC 7515), General JSON and compact forms.
 *
 * Only what starmark needs: every header is protected (an unprotected
 * "header" member is refused, since nobody signed it), "crit" is refused,
 * and base64url must be canonical. Checking what a header says (alg, kid,
 * role) is left to the caller, which knows what to expect, and whether a
 * signature verifies is the trust decision's (trust.h).
 */
#ifndef STARMARK_JWS_H
#define STARMARK_JWS_H

#include <jansson.h>
#include "jws_json.h"
#include "util.h"


struct jws_signature {
    char *protected_b64;
    json_t *header;              /* the decoded protected header */
    unsigned char *signature;
    size_t signature_length;
};

struct jws {
    char *payload_b64;
    unsigned char *payload;      /* decoded, NUL-terminated */
    size_t payload_length;
    struct jws_signature signatures[JWS_MAX_SIGNATURES];
    size_t signature_count;
};

/* text must already be bounded in size by the caller. */
int jws_parse_general(const char *text, size_t length, struct jws *out, struct error *err);
int jws_parse_compact(const char *text, size_t length, struct jws *out, struct error *err);
void jws_free(struct jws *jws);

/* "protected.payload": the bytes each signature covers. */
char *jws_signing_input(const char *protected_b64, const char *payload_b64);

/* The header member as a string, or NULL. */
const char *jws_header_string(const struct jws_signature *signature, const char *name);

#endif
