/*
 * algorithm.h: the signature algorithms starmark knows, as a table.
 *
 * Ed25519 ("EdDSA", RFC 8037) is the one in use. Each entry says how its
 * public key looks as a JWK and how to verify with it; adding SM2 with SM3
 * is one more entry (and its signing half in issuer/keys/signer.c), not a rewrite.
 */
#ifndef STARMARK_ALGORITHM_H
#define STARMARK_ALGORITHM_H

#include <jansson.h>
#include <openssl/evp.h>
#include "util.h"

struct algorithm {
    const char *jose_name;      /* the JWS "alg" */
    const char *openssl_name;   /* for EVP_PKEY_is_a and key generation */
    const char *digest;         /* NULL when the algorithm hashes itself */
    /* The public key from a JWK's key members, or NULL with err set. */
    EVP_PKEY *(*public_from_jwk)(const json_t *jwk, struct error *err);
    /* The JWK members that define the key (RFC 7638 thumbprint members),
     * in lexicographic order. */
    json_t *(*public_to_jwk)(EVP_PKEY *key);
    /* Extra set-up of a signing or verifying context (e.g. SM2's ID), or NULL. */
    int (*prepare)(EVP_PKEY_CTX *context);
};

const struct algorithm *algorithm_by_jose_name(const char *name);
const struct algorithm *algorithm_for_key(const EVP_PKEY *key);

/* 0 when signature is a valid signature of message by key, -1 otherwise. */
int algorithm_verify(const struct algorithm *algorithm, EVP_PKEY *key,
                     const void *message, size_t message_length,
                     const unsigned char *signature, size_t signature_length);

#endif
