/*
 * algorithm.h: the signature algorithms starmark knows, as a table.
 *
 *   JWS "alg"  key (--alg)  JWK                     signature (JWS bytes)
 *   EdDSA      ed25519      OKP Ed25519: x          64: R || S (RFC 8032)
 *   SM2SM3     sm2          EC SM2: x, y (32 each)  64: r || s, each 32 bytes
 *                                                   big-endian (not DER)
 *
 * Ed25519 is RFC 8037. SM2SM3 is SM2 (GB/T 32918) with SM3, the signer ID
 * 1234567812345678 of GB/T 35276, over the JWS signing input: no JOSE
 * registry names it, so starmark's profile pins it (docs/keys-and-trust.md).
 * Each entry says how its public key looks as a JWK, how to verify with it,
 * and how its JWS signature bytes map to OpenSSL's; the signing half is in
 * issuer/keys/signer.c. trust.c's trust_decide() is the one caller that
 * decides with it.
 */
#ifndef STARMARK_ALGORITHM_H
#define STARMARK_ALGORITHM_H

#include <jansson.h>
#include <openssl/evp.h>
#include "util.h"

/* Room for a signature in OpenSSL's encoding (SM2's DER is at most 72). */
#define MAX_OPENSSL_SIGNATURE 128

struct algorithm {
    const char *jose_name;      /* the JWS "alg" */
    const char *key_name;       /* issuer keygen --alg */
    const char *openssl_name;   /* for EVP_PKEY_is_a and key generation */
    const char *digest;         /* NULL when the algorithm hashes itself */
    const char *kty, *crv;      /* the JWK's key type and curve */
    /* The JWK members that define the key (RFC 7638 thumbprint members),
     * in lexicographic order, NULL-terminated. */
    const char *const *jwk_members;
    size_t signature_length;    /* of the JWS signature value, in bytes */
    const char *signature_form; /* what those bytes are, for messages */
    /* The public key from a JWK's key members, or NULL with err set. */
    EVP_PKEY *(*public_from_jwk)(const json_t *jwk, struct error *err);
    /* The jwk_members of key as an object, in that order. */
    json_t *(*public_to_jwk)(EVP_PKEY *key);
    /* Extra set-up of a signing or verifying context (SM2's ID), or NULL. */
    int (*prepare)(EVP_PKEY_CTX *context);
    /* The signature_length bytes of a JWS signature in OpenSSL's encoding
     * (out holds MAX_OPENSSL_SIGNATURE) and back (out holds
     * signature_length); each returns the length written, 0 on failure.
     * NULL when the two encodings are the same. */
    size_t (*signature_to_openssl)(const unsigned char *jws, unsigned char *out);
    size_t (*signature_from_openssl)(const unsigned char *openssl, size_t length,
                                     unsigned char *out);
};

const struct algorithm *algorithm_by_jose_name(const char *name);
const struct algorithm *algorithm_by_key_name(const char *name);
/* The algorithm of a JWK's kty and crv (either may be NULL), or NULL. */
const struct algorithm *algorithm_by_jwk_type(const char *kty, const char *crv);
const struct algorithm *algorithm_for_key(const EVP_PKEY *key);
/* "ed25519 or sm2": the --alg names, for messages. Static storage. */
const char *algorithm_key_names(void);

/* A verification context for key, set up once to be copied for each
 * check; NULL when OpenSSL refuses. Free with EVP_MD_CTX_free. */
EVP_MD_CTX *algorithm_verifier_new(const struct algorithm *algorithm, EVP_PKEY *key);
/* 0 when signature (in its JWS encoding) is a valid signature of message by
 * key, -1 otherwise. prepared is key's algorithm_verifier_new, or NULL. */
int algorithm_verify(const struct algorithm *algorithm, EVP_PKEY *key,
                     const EVP_MD_CTX *prepared, const void *message, size_t message_length,
                     const unsigned char *signature, size_t signature_length);

#endif
