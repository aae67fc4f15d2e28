/*
 * signer.h: making signatures with a private key (issuer only): JWS, and
 * the plain signatures of signed notes (a log's checkpoint, a witness's
 * cosignature).
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

#define SIGNER_MAX_SIGNATURE 512

/* Signs the message's bytes as they are (Ed25519 over the whole message,
 * as signed notes require) into signature; returns its length. */
size_t signer_sign_message(EVP_PKEY *key, const void *message, size_t length,
                           unsigned char signature[SIGNER_MAX_SIGNATURE]);

#endif
