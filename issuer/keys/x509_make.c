/*
 * x509_make.c: certificate requests and demo certificates (x509_make.h).
 */
#define _DEFAULT_SOURCE /* strsep */
#include "x509_make.h"

#include <string.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include "keyfile.h"

#define MAX_NAME_PARTS 16

X509_NAME *x509_name_parse(const char *text, struct error *err)
{
    if (text[0] != '/' || !utf8_is_clean(text, 0) || strlen(text) > 1024) {
        fail(err, "--subject \"%s\" must look like /C=CN/O=BODY/CN=NAME", text);
        return NULL;
    }
    X509_NAME *name = X509_NAME_new();
    char *copy = xstrdup(text + 1), *cursor = copy, *part;
    int parts = 0, ok = 1;
    while (ok && (part = strsep(&cursor, "/")) != NULL) {
        char *equals = strchr(part, '=');
        ok = equals && equals != part && equals[1] && ++parts <= MAX_NAME_PARTS;
        if (ok) {
            *equals = '\0';
            ok = X509_NAME_add_entry_by_txt(name, part, MBSTRING_UTF8,
                                            (const unsigned char *)equals + 1, -1, -1, 0) == 1;
        }
    }
    free(copy);
    if (!ok) {
        X509_NAME_free(name);
        fail(err, "--subject \"%s\": each part must be KEY=VALUE with a known KEY (C, O, OU, "
             "CN, ...) and a value without '/'", text);
        return NULL;
    }
    return name;
}

char *x509_request_pem(EVP_PKEY *key, X509_NAME *subject, struct error *err)
{
    X509_REQ *request = X509_REQ_new();
    BIO *memory = BIO_new(BIO_s_mem());
    int ok = request && X509_REQ_set_version(request, 0) && X509_REQ_set_subject_name(request,
                                                                                       subject)
             && X509_REQ_set_pubkey(request, key) && X509_REQ_sign(request, key, EVP_sha256()) > 0
             && PEM_write_bio_X509_REQ(memory, request);
    X509_REQ_free(request);
    if (!ok) {
        BIO_free(memory);
        fail(err, "OpenSSL could not make the certificate request");
        return NULL;
    }
    return keyfile_pem_text(memory, NULL);
}

static int add_extension(X509 *certificate, X509V3_CTX *context, int nid, const char *value)
{
    X509_EXTENSION *extension = X509V3_EXT_nconf_nid(NULL, context, nid, value);
    int ok = extension && X509_add_ext(certificate, extension, -1);
    X509_EXTENSION_free(extension);
    return ok;
}

/* What a CA's and a seal's certificates may do. */
static int add_extensions(X509 *certificate, X509 *issuer, int ca)
{
    X509V3_CTX context;
    X509V3_set_ctx(&context, issuer ? issuer : certificate, certificate, NULL, NULL, 0);
    return add_extension(certificate, &context, NID_basic_constraints,
                         ca ? "critical,CA:TRUE" : "critical,CA:FALSE")
           && add_extension(certificate, &context, NID_key_usage,
                            ca ? "critical,keyCertSign,cRLSign"
                               : "critical,digitalSignature,nonRepudiation")
           && add_extension(certificate, &context, NID_subject_key_identifier, "hash")
           && add_extension(certificate, &context, NID_authority_key_identifier,
                            "keyid:always");
}

static int random_serial(X509 *certificate)
{
    unsigned char bytes[16];
    if (RAND_bytes(bytes, sizeof bytes) != 1)
        return 0;
    bytes[0] &= 0x7F; /* positive */
    BIGNUM *number = BN_bin2bn(bytes, sizeof bytes, NULL);
    int ok = number && BN_to_ASN1_INTEGER(number, X509_get_serialNumber(certificate));
    BN_free(number);
    return ok;
}

X509 *x509_certificate_make(EVP_PKEY *key, X509_NAME *subject, EVP_PKEY *issuer_key,
                            X509 *issuer, long long not_before, long long not_after, int ca,
                            struct error *err)
{
    X509 *certificate = X509_new();
    int ok = certificate && X509_set_version(certificate, 2) && random_serial(certificate)
             && X509_set_subject_name(certificate, subject)
             && X509_set_issuer_name(certificate, issuer ? X509_get_subject_name(issuer)
                                                         : subject)
             && ASN1_TIME_set(X509_getm_notBefore(certificate), (time_t)not_before)
             && ASN1_TIME_set(X509_getm_notAfter(certificate), (time_t)not_after)
             && X509_set_pubkey(certificate, key) && add_extensions(certificate, issuer, ca)
             && X509_sign(certificate, issuer_key ? issuer_key : key, EVP_sha256()) > 0;
    if (!ok) {
        X509_free(certificate);
        fail(err, "OpenSSL could not make the %s certificate", ca ? "CA" : "seal");
        return NULL;
    }
    return certificate;
}

char *x509_certificate_pem(X509 *certificate)
{
    BIO *memory = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(memory, certificate);
    return keyfile_pem_text(memory, NULL);
}
