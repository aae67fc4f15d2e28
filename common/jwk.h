/*
 * jwk.h: public keys as JSON Web Keys (RFC 7517) and their key ids.
 *
 * A kid is the first 8 bytes of the RFC 7638 thumbprint (SHA-256 of the
 * key's defining members), base64url: 11 characters that name the key
 * itself, so a kid can never be claimed by another key.
 */
#ifndef STARMARK_JWK_H
#define STARMARK_JWK_H

#include <jansson.h>
#include <openssl/evp.h>
#include "algorithm.h"
#include "util.h"

#define KID_LENGTH 11

struct public_key {
    const struct algorithm *algorithm;
    EVP_PKEY *key;
    EVP_MD_CTX *verifier;       /* key set up for verifying, copied per check */
    char kid[KID_LENGTH + 1];
    char role[16];              /* "auditor", "head", "log": see trust.c's role table */
    char *name;                 /* the person the key belongs to */
};

/* Computes the kid of a key into kid (KID_LENGTH + 1 bytes). */
void jwk_kid(EVP_PKEY *key, char kid[KID_LENGTH + 1]);

/* The public JWK starmark writes: key members, kid, use, alg, role, name. */
json_t *jwk_from_key(EVP_PKEY *key, const char *role, const char *name);

/* Parses a public JWK strictly: its kty and crv choose the algorithm
 * (algorithm.h), whose key members it must have, and an "alg" must agree;
 * a "kid" that is not the key's own is an error, as are private members
 * ("d"). */
int jwk_parse_public(const json_t *jwk, struct public_key *out, struct error *err);
void public_key_free(struct public_key *key);

#endif
