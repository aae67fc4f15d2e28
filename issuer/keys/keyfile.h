/*
 * keyfile.h: private signing keys on disk (issuer only).
 *
 * A key file is PKCS#8 PEM, encrypted with AES-256 under a passphrase unless
 * the user said --no-passphrase, and mode 0600. Its public half is a JWK file
 * beside it (BASE.pub.jwk) that names the role and the person.
 */
#ifndef STARMARK_KEYFILE_H
#define STARMARK_KEYFILE_H

#include <openssl/evp.h>
#include "jwk.h"
#include "util.h"

/* Writes BASE.key and BASE.pub.jwk with a new key of algorithm; refuses
 * to replace either. */
int keyfile_generate(const char *base, const struct algorithm *algorithm, const char *role,
                     const char *name, int with_passphrase, char kid_out[KID_LENGTH + 1],
                     struct error *err);

/* Loads a private key, refusing files readable by group or others, asking
 * for the passphrase (STARMARK_PASSPHRASE or the terminal) when encrypted. */
EVP_PKEY *keyfile_load(const char *path, struct error *err);

#endif
