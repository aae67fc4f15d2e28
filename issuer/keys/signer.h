/*
 * signer.h: making JWS signatures with a private key (issuer only).
 */
#ifndef STARMARK_SIGNER_H
#define STARMARK_SIGNER_H

#include <jansson.h>
#include <openssl/evp.h>

/* Signs "BASE64URL(header).payload_b64" and returns a General JSON
 * signature object {"protected": ..., "signature": ...}. The header's "alg"
 * comes first, set from the key. */
json_t *signer_sign(EVP_PKEY *key, json_t *header, const char *payload_b64);

/* The compact form "header.payload.signature" over a payload. */
char *signer_sign_compact(EVP_PKEY *key, json_t *header, const char *payload_b64);

#endif
