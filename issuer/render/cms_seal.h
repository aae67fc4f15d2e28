/*
 * cms_seal.h: the body's seal signer (an X.509 certificate and its key) and
 * the CMS SignedData it puts in a sealed PDF (docs/e-seal.md).
 *
 * The signature is PAdES baseline B-B: detached over the bytes the PDF's
 * /ByteRange covers, SHA-256, the signer's certificate and chain included,
 * and exactly three signed attributes: content-type, message-digest and
 * signing-certificate-v2. The signing time is the PDF's /M, never a CMS
 * attribute (PAdES B-B forbids one).
 */
#ifndef STARMARK_CMS_SEAL_H
#define STARMARK_CMS_SEAL_H

#include <stddef.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include "util.h"

#define SEAL_MAX_CERTIFICATE_BYTES (256 * 1024)

struct seal_signer {
    EVP_PKEY *key;
    X509 *certificate;
    STACK_OF(X509) *chain;      /* the CAs above it, as given; may be empty */
    long long signing_time;     /* seconds since 1970: the /M of what it seals */
};

/* 0 when key is of a kind PDF readers check: ECDSA P-256, or RSA of 2048
 * bits or more; -1 with err otherwise. */
int seal_key_check(EVP_PKEY *key, struct error *err);

/* Takes key (the signer owns it from then on, even when this fails), reads
 * the PEM certificate and the optional PEM chain, and checks that the key
 * is ECDSA P-256 or RSA of 2048 bits or more, that it is the certificate's
 * key, and that the certificate is valid at signing_time. -1 with err
 * naming the file and what is wrong. */
int seal_signer_init(struct seal_signer *out, EVP_PKEY *key, const char *certificate_path,
                     const char *chain_path, long long signing_time, struct error *err);
void seal_signer_free(struct seal_signer *signer);

/* At most this many bytes of DER come out of cms_seal_sign. */
size_t cms_seal_max_size(const struct seal_signer *signer);

/* The DER CMS over the concatenation of the two parts; *der (the caller
 * frees it with free()) and its length. */
int cms_seal_sign(const struct seal_signer *signer, const unsigned char *first,
                  size_t first_length, const unsigned char *second, size_t second_length,
                  unsigned char **der, size_t *der_length, struct error *err);

#endif
