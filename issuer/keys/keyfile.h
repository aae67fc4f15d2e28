/*
 * keyfile.h: private signing keys on disk (issuer only).
 *
 * A key file is PKCS#8 PEM, encrypted with AES-256 under a passphrase unless
 * the user said --no-passphrase, and mode 0600. Its public half is a JWK file
 * beside it (BASE.pub.jwk) that names the role and the person.
 */
#ifndef STARMARK_KEYFILE_H
#define STARMARK_KEYFILE_H

#include <openssl/bio.h>
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

/* The same for a key of any algorithm OpenSSL reads (the seal's X.509 key,
 * docs/e-seal.md): the caller judges the algorithm. */
EVP_PKEY *keyfile_load_private(const char *path, struct error *err);

/* The PEM text a memory BIO holds, NUL-terminated, for the caller to free;
 * *length (unless NULL) its length. Frees the BIO. Keys here, certificate
 * requests and certificates in x509_make.c. */
char *keyfile_pem_text(BIO *memory, size_t *length);

/* Writes key to path alone (no JWK), under the same rules as
 * keyfile_generate: mode 0600, encrypted under a passphrase asked twice
 * unless with_passphrase is 0, never over an existing file. */
int keyfile_write_private(const char *path, EVP_PKEY *key, int with_passphrase,
                          struct error *err);

#endif
