/*
 * cms_seal.c: the seal signer and its CMS SignedData (cms_seal.h).
 *
 * OpenSSL's CMS_SignerInfo_sign() always adds a signing-time attribute,
 * which PAdES B-B forbids, and the template OpenSSL encodes the signed
 * attributes with (CMS_Attributes_Sign) is not exported. So the signer
 * info is built with CMS_PARTIAL, the two remaining attributes are added
 * by hand, the attributes are DER-encoded here as RFC 5652 5.4 says (a SET
 * OF in DER order, under the universal SET tag), and that encoding is
 * signed with EVP_DigestSign. Measured in PADES-NOTES.md: pdfsig and
 * `openssl cms -verify -cades` accept the result.
 */
#include "cms_seal.h"

#include <string.h>
#include <time.h>
#include <openssl/asn1t.h>
#include <openssl/cms.h>
#include <openssl/core_names.h>
#include <openssl/pem.h>

#include "date.h"

#define MIN_RSA_BITS 2048
#define CMS_OVERHEAD 1024 /* attributes, algorithm identifiers, structure */

typedef STACK_OF(X509_ATTRIBUTE) SEAL_SIGNED_ATTRIBUTES;
DECLARE_ASN1_ITEM(SEAL_SIGNED_ATTRIBUTES)
ASN1_ITEM_TEMPLATE(SEAL_SIGNED_ATTRIBUTES) =
    ASN1_EX_TEMPLATE_TYPE(ASN1_TFLG_SET_ORDER, 0, SealSignedAttributes, X509_ATTRIBUTE)
ASN1_ITEM_TEMPLATE_END(SEAL_SIGNED_ATTRIBUTES)

/* ---- the signer ---- */

int seal_key_check(EVP_PKEY *key, struct error *err)
{
    char curve[32] = "";
    if (EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA) {
        if (EVP_PKEY_get_bits(key) < MIN_RSA_BITS)
            return fail(err, "the seal key is RSA of %d bits; at least %d are needed",
                        EVP_PKEY_get_bits(key), MIN_RSA_BITS);
    } else if (EVP_PKEY_get_base_id(key) != EVP_PKEY_EC
               || !EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, curve,
                                                  sizeof curve, NULL)
               || strcmp(curve, "prime256v1") != 0) {
        return fail(err, "the seal key must be ECDSA P-256 or RSA of %d bits or more (PDF "
                    "readers check no other)", MIN_RSA_BITS);
    }
    return 0;
}

/* The day of an X.509 time in Asia/Shanghai, as every starmark date. */
static void format_time(const ASN1_TIME *time, char out[11])
{
    struct tm utc;
    if (ASN1_TIME_to_tm(time, &utc) != 1) {
        snprintf(out, 11, "?");
        return;
    }
    long days = date_to_days((struct date){utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday});
    long long seconds = (long long)days * 86400 + utc.tm_hour * 3600 + utc.tm_min * 60
                        + utc.tm_sec;
    date_format(timestamp_date(seconds), out);
}

static int check_validity(X509 *certificate, long long at, const char *path, struct error *err)
{
    time_t moment = (time_t)at;
    if (X509_cmp_time(X509_get0_notBefore(certificate), &moment) < 0
        && X509_cmp_time(X509_get0_notAfter(certificate), &moment) > 0)
        return 0;
    char day[11], from[11], to[11];
    date_format(timestamp_date(at), day);
    format_time(X509_get0_notBefore(certificate), from);
    format_time(X509_get0_notAfter(certificate), to);
    return fail(err, "%s: the seal certificate is not valid on %s (it is valid from %s to %s)",
                path, day, from, to);
}

/* Every PEM certificate in the file, at least one. */
static STACK_OF(X509) *read_certificates(const char *path, struct error *err)
{
    size_t length;
    char *pem = read_file_bounded(path, SEAL_MAX_CERTIFICATE_BYTES, &length, err);
    if (!pem)
        return NULL;
    BIO *memory = BIO_new_mem_buf(pem, (int)length);
    STACK_OF(X509) *certificates = sk_X509_new_null();
    X509 *certificate;
    while ((certificate = PEM_read_bio_X509(memory, NULL, NULL, NULL)))
        sk_X509_push(certificates, certificate);
    BIO_free(memory);
    free(pem);
    if (sk_X509_num(certificates) == 0) {
        sk_X509_free(certificates);
        fail(err, "%s: holds no PEM certificate", path);
        return NULL;
    }
    return certificates;
}

int seal_signer_init(struct seal_signer *out, EVP_PKEY *key, const char *certificate_path,
                     const char *chain_path, long long signing_time, struct error *err)
{
    memset(out, 0, sizeof *out);
    out->key = key;
    out->signing_time = signing_time;
    STACK_OF(X509) *certificates = read_certificates(certificate_path, err);
    if (!certificates)
        return -1;
    out->certificate = sk_X509_shift(certificates);
    out->chain = certificates; /* what followed the certificate in its file */
    if (sk_X509_num(certificates) == 0 && chain_path) {
        sk_X509_free(certificates);
        if (!(out->chain = read_certificates(chain_path, err)))
            return -1;
    } else if (chain_path) {
        return fail(err, "%s holds a chain already; give --seal-chain or a chain in the "
                    "certificate file, not both", certificate_path);
    }
    if (seal_key_check(key, err) != 0)
        return -1;
    if (X509_check_private_key(out->certificate, key) != 1)
        return fail(err, "the seal key is not the key of %s", certificate_path);
    return check_validity(out->certificate, signing_time, certificate_path, err);
}

void seal_signer_free(struct seal_signer *signer)
{
    EVP_PKEY_free(signer->key);
    X509_free(signer->certificate);
    sk_X509_pop_free(signer->chain, X509_free);
    memset(signer, 0, sizeof *signer);
}

size_t cms_seal_max_size(const struct seal_signer *signer)
{
    size_t size = (size_t)i2d_X509(signer->certificate, NULL) + CMS_OVERHEAD
                  + (size_t)EVP_PKEY_get_size(signer->key);
    for (int i = 0; i < sk_X509_num(signer->chain); i++)
        size += (size_t)i2d_X509(sk_X509_value(signer->chain, i), NULL);
    return size;
}

/* ---- the signature ---- */

static int digest_parts(const unsigned char *first, size_t first_length,
                        const unsigned char *second, size_t second_length,
                        unsigned char digest[32])
{
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    unsigned int length = 0;
    int ok = context && EVP_DigestInit_ex(context, EVP_sha256(), NULL)
             && EVP_DigestUpdate(context, first, first_length)
             && EVP_DigestUpdate(context, second, second_length)
             && EVP_DigestFinal_ex(context, digest, &length) && length == 32;
    EVP_MD_CTX_free(context);
    return ok;
}

/* Signs the DER of the signer info's signed attributes, as they stand. */
static int sign_attributes(CMS_SignerInfo *signer_info, EVP_PKEY *key)
{
    SEAL_SIGNED_ATTRIBUTES *attributes = sk_X509_ATTRIBUTE_new_null();
    for (int i = 0; i < CMS_signed_get_attr_count(signer_info); i++)
        sk_X509_ATTRIBUTE_push(attributes, CMS_signed_get_attr(signer_info, i));
    unsigned char *encoded = NULL, *signature = NULL;
    int encoded_length = ASN1_item_i2d((ASN1_VALUE *)attributes, &encoded,
                                       ASN1_ITEM_rptr(SEAL_SIGNED_ATTRIBUTES));
    sk_X509_ATTRIBUTE_free(attributes); /* the attributes stay the signer info's */
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    size_t length = 0;
    int ok = encoded_length > 0 && context
             && EVP_DigestSignInit(context, NULL, EVP_sha256(), NULL, key) == 1
             && EVP_DigestSign(context, NULL, &length, encoded, (size_t)encoded_length) == 1
             && (signature = OPENSSL_malloc(length))
             && EVP_DigestSign(context, signature, &length, encoded, (size_t)encoded_length) == 1;
    if (ok)
        ASN1_STRING_set0(CMS_SignerInfo_get0_signature(signer_info), signature, (int)length);
    else
        OPENSSL_free(signature);
    EVP_MD_CTX_free(context);
    OPENSSL_free(encoded);
    return ok;
}

int cms_seal_sign(const struct seal_signer *signer, const unsigned char *first,
                  size_t first_length, const unsigned char *second, size_t second_length,
                  unsigned char **der, size_t *der_length, struct error *err)
{
    const unsigned int flags = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL | CMS_NOSMIMECAP;
    unsigned char digest[32], *encoded = NULL;
    CMS_ContentInfo *cms = CMS_sign(NULL, NULL, signer->chain, NULL, flags);
    CMS_SignerInfo *signer_info =
        cms ? CMS_add1_signer(cms, signer->certificate, signer->key, EVP_sha256(),
                              flags | CMS_CADES) /* CAdES: signing-certificate-v2 */
            : NULL;
    int length = signer_info && digest_parts(first, first_length, second, second_length, digest)
                         && CMS_signed_add1_attr_by_NID(signer_info, NID_pkcs9_contentType,
                                                        V_ASN1_OBJECT,
                                                        OBJ_nid2obj(NID_pkcs7_data), -1)
                         && CMS_signed_add1_attr_by_NID(signer_info, NID_pkcs9_messageDigest,
                                                        V_ASN1_OCTET_STRING, digest,
                                                        sizeof digest)
                         && sign_attributes(signer_info, signer->key)
                     ? i2d_CMS_ContentInfo(cms, &encoded) : -1;
    CMS_ContentInfo_free(cms);
    if (length <= 0)
        return fail(err, "OpenSSL could not make the seal's CMS signature");
    *der = memcpy(xmalloc((size_t)length), encoded, (size_t)length);
    *der_length = (size_t)length;
    OPENSSL_free(encoded);
    return 0;
}
