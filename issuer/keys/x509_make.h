/*
 * x509_make.h: the X.509 pieces of the electronic seal (docs/e-seal.md):
 * a certificate request for a CA, and the certificates of a demo CA.
 *
 * A seal certificate gets keyUsage digitalSignature and nonRepudiation and
 * no extendedKeyUsage: NSS (poppler's pdfsig) refuses a certificate whose
 * only EKU is documentSigning (PADES-NOTES.md).
 */
#ifndef STARMARK_X509_MAKE_H
#define STARMARK_X509_MAKE_H

#include <openssl/evp.h>
#include <openssl/x509.h>
#include "util.h"

/* "/C=CN/O=示范认证中心/CN=示范认证中心电子印章": UTF-8, each part
 * KEY=VALUE with a known KEY and a value without '/'. NULL with err. */
X509_NAME *x509_name_parse(const char *text, struct error *err);

/* A PKCS#10 request for key, self-signed with SHA-256, as PEM text (the
 * caller frees it). */
char *x509_request_pem(EVP_PKEY *key, X509_NAME *subject, struct error *err);

/* A certificate for key and subject, signed with issuer_key as issuer
 * (both NULL: self-signed), valid from not_before to not_after (seconds
 * since 1970). ca: a CA's, else a seal's. NULL with err. */
X509 *x509_certificate_make(EVP_PKEY *key, X509_NAME *subject, EVP_PKEY *issuer_key,
                            X509 *issuer, long long not_before, long long not_after, int ca,
                            struct error *err);

/* The certificate as PEM text (the caller frees it). */
char *x509_certificate_pem(X509 *certificate);

#endif
