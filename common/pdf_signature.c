/*
 * pdf_signature.c: the electronic seal's check (pdf_signature.h), in the
 * order that makes each message say the most: where the signature lies
 * (pdf_record.c finds it), that it covers the whole file, its value, the
 * CMS signature over the covered bytes, the signing certificate it names,
 * and last the trust decision on that certificate.
 */
#include "pdf_signature.h"

#include <string.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/ess.h>

#include "pdf_record.h"

#define MAX_SIGNATURE_BYTES (64 * 1024)

/* The covered bytes are [0, a) and [b, b + c) with a and b the ends of the
 * /Contents hex string and b + c the end of the file: nothing else left
 * out, nothing after. */
static int check_coverage(const struct pdf_signature_place *place, size_t length,
                          struct error *err)
{
    const size_t *range = place->byte_range;
    if (range[0] != 0 || range[1] != place->contents_start || range[2] != place->contents_end)
        return fail(err, "the seal's /ByteRange does not leave out exactly its own signature "
                    "value: the PDF is not as it was sealed");
    if (range[3] > length || range[2] > length - range[3] || range[2] + range[3] != length)
        return fail(err, "the PDF was changed after it was sealed: the seal covers %zu of its "
                    "%zu bytes", range[1] + range[3], length);
    return 0;
}

/* The CMS in /Contents: hex digits only, then zeros to the end. */
static CMS_ContentInfo *signature_value(const char *pdf, const struct pdf_signature_place *place,
                                        struct error *err)
{
    const char *hex = pdf + place->contents_start + 1;
    size_t digits = place->contents_end - place->contents_start - 2;
    if (digits % 2 != 0 || digits / 2 > MAX_SIGNATURE_BYTES) {
        fail(err, "the seal's /Contents is not a whole number of bytes, or too long");
        return NULL;
    }
    unsigned char *der = xmalloc(digits / 2 + 1);
    for (size_t i = 0; i < digits / 2; i++) {
        int high = hex_digit_value(hex[2 * i]), low = hex_digit_value(hex[2 * i + 1]);
        if (high < 0 || low < 0) {
            free(der);
            fail(err, "the seal's /Contents is not hexadecimal");
            return NULL;
        }
        der[i] = (unsigned char)(high * 16 + low);
    }
    const unsigned char *cursor = der;
    CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &cursor, (long)(digits / 2));
    for (const unsigned char *p = cursor; cms && p < der + digits / 2; p++)
        if (*p != 0) {
            CMS_ContentInfo_free(cms);
            cms = NULL;
        }
    free(der);
    if (!cms)
        fail(err, "the seal's /Contents is not a CMS signature followed by zeros");
    return cms;
}

/* "D:YYYYMMDDHHmmSS+HH'mm'" (or Z) as seconds, and for people. */
static int signing_time(const char *text, long long *seconds, char out[32])
{
    char iso[32];
    size_t length = strlen(text);
    if (length < 17 || strncmp(text, "D:", 2) != 0 || strspn(text + 2, "0123456789") != 14)
        return -1;
    const char *zone = text + 16;
    if (strcmp(zone, "Z") == 0 || strcmp(zone, "Z00'00'") == 0)
        zone = "+00'00'";
    if ((zone[0] != '+' && zone[0] != '-') || strspn(zone + 1, "0123456789") != 2
        || zone[3] != '\'' || strspn(zone + 4, "0123456789") != 2
        || (zone[6] != '\0' && strcmp(zone + 6, "'") != 0))
        return -1;
    const char *d = text + 2;
    snprintf(iso, sizeof iso, "%.4s-%.2s-%.2sT%.2s:%.2s:%.2s%c%.2s:%.2s", d, d + 4, d + 6,
             d + 8, d + 10, d + 12, zone[0], zone + 1, zone + 4);
    if (timestamp_parse(iso, seconds) != 0)
        return -1;
    snprintf(out, 32, "%.10s %.8s %.6s", iso, iso + 11, iso + 19);
    return 0;
}

/* The signature and message digest over the covered bytes. */
static int verify_signature(CMS_ContentInfo *cms, const char *pdf,
                            const struct pdf_signature_place *place, struct error *err)
{
    if (OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed || CMS_is_detached(cms) != 1
        || sk_CMS_SignerInfo_num(CMS_get0_SignerInfos(cms)) != 1)
        return fail(err, "the seal is not a detached CMS signature by one signer");
    size_t first = place->byte_range[1], second = place->byte_range[3];
    char *covered = xmalloc(first + second + 1);
    memcpy(covered, pdf, first);
    memcpy(covered + first, pdf + place->byte_range[2], second);
    BIO *content = BIO_new_mem_buf(covered, (int)(first + second));
    ERR_clear_error();
    int verified = CMS_verify(cms, NULL, NULL, content, NULL,
                              CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) == 1;
    int reason = ERR_GET_REASON(ERR_peek_last_error());
    ERR_clear_error();
    BIO_free(content);
    free(covered);
    if (verified)
        return 0;
    if (reason == CMS_R_VERIFICATION_FAILURE || reason == CMS_R_CONTENT_VERIFY_ERROR)
        return fail(err, "the PDF was changed after it was sealed: its bytes do not match the "
                    "seal's signature");
    return fail(err, "the seal's CMS signature cannot be verified (OpenSSL reason %d)", reason);
}

/* PAdES binds the signature to its certificate by a signed
 * signing-certificate(-v2) attribute: a certificate swapped in afterwards
 * would not match it. */
static int check_signing_certificate(CMS_SignerInfo *signer_info, X509 *signer,
                                     struct error *err)
{
    ASN1_STRING *v2 = CMS_signed_get0_data_by_OBJ(
        signer_info, OBJ_nid2obj(NID_id_smime_aa_signingCertificateV2), -3, V_ASN1_SEQUENCE);
    ASN1_STRING *v1 = CMS_signed_get0_data_by_OBJ(
        signer_info, OBJ_nid2obj(NID_id_smime_aa_signingCertificate), -3, V_ASN1_SEQUENCE);
    const unsigned char *p2 = v2 ? ASN1_STRING_get0_data(v2) : NULL;
    const unsigned char *p1 = v1 ? ASN1_STRING_get0_data(v1) : NULL;
    ESS_SIGNING_CERT_V2 *ssv2 = v2 ? d2i_ESS_SIGNING_CERT_V2(NULL, &p2, ASN1_STRING_length(v2))
                                   : NULL;
    ESS_SIGNING_CERT *ss = v1 ? d2i_ESS_SIGNING_CERT(NULL, &p1, ASN1_STRING_length(v1)) : NULL;
    STACK_OF(X509) *chain = sk_X509_new_null();
    sk_X509_push(chain, signer);
    int matches = (ss || ssv2) && OSSL_ESS_check_signing_certs(ss, ssv2, chain, 1) > 0;
    ERR_clear_error();
    sk_X509_free(chain);
    ESS_SIGNING_CERT_V2_free(ssv2);
    ESS_SIGNING_CERT_free(ss);
    if (!matches)
        return fail(err, "the seal's signing-certificate attribute is missing or names "
                    "another certificate");
    return 0;
}

static void subject_of(X509 *certificate, char out[PDF_SEAL_SUBJECT_SIZE])
{
    BIO *memory = BIO_new(BIO_s_mem());
    X509_NAME_print_ex(memory, X509_get_subject_name(certificate), 0,
                       XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    int length = BIO_read(memory, out, PDF_SEAL_SUBJECT_SIZE - 1);
    length = length > 0 ? length : 0;
    if (length == PDF_SEAL_SUBJECT_SIZE - 1) { /* cut: drop a split UTF-8 character */
        while (length > 0 && ((unsigned char)out[length - 1] & 0xC0) == 0x80)
            length--;
        if (length > 0 && (unsigned char)out[length - 1] >= 0xC0)
            length--;
    }
    out[length] = '\0';
    BIO_free(memory);
}

/* Who sealed, and whether the trust store trusts them on the signing day. */
static int judge_signer(CMS_ContentInfo *cms, const struct trust_store *trust,
                        long long moment, struct pdf_seal *out, struct error *err)
{
    STACK_OF(X509) *signers = CMS_get0_signers(cms);
    X509 *signer = sk_X509_num(signers) == 1 ? sk_X509_value(signers, 0) : NULL;
    CMS_SignerInfo *signer_info = sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms), 0);
    int status = -1;
    if (!signer) {
        fail(err, "the seal does not carry its signer's certificate");
    } else {
        subject_of(signer, out->signer);
        STACK_OF(X509) *certificates = CMS_get1_certs(cms);
        struct trust_verdict verdict;
        if (check_signing_certificate(signer_info, signer, err) == 0) {
            status = trust_decide_seal(trust, signer, certificates, moment, &verdict);
            if (status != 0)
                fail(err, "the PDF's seal is not trusted: %s", verdict.reason);
        }
        sk_X509_pop_free(certificates, X509_free);
    }
    sk_X509_free(signers);
    return status;
}

int pdf_seal_check(const char *pdf, size_t length, const struct trust_store *trust,
                   struct pdf_seal *out, struct error *err)
{
    struct pdf_signature_place place;
    memset(out, 0, sizeof *out);
    out->checked = 1;
    if (pdf_find_signature(pdf, length, &out->present, &place, err) != 0 || !out->present)
        return out->present ? -1 : 0;
    long long moment;
    if (check_coverage(&place, length, err) != 0)
        return -1;
    if (signing_time(place.signing_time, &moment, out->signed_at) != 0)
        return fail(err, "the seal has no signing time /M of the form D:YYYYMMDDHHmmSS+HH'mm'");
    CMS_ContentInfo *cms = signature_value(pdf, &place, err);
    if (!cms)
        return -1;
    int status = verify_signature(cms, pdf, &place, err) == 0
                         && judge_signer(cms, trust, moment, out, err) == 0
                     ? 0 : -1;
    CMS_ContentInfo_free(cms);
    out->valid = status == 0;
    return status;
}

json_t *pdf_seal_to_json(const struct pdf_seal *seal)
{
    json_t *json = json_pack("{s:b}", "present", seal->present);
    if (seal->present)
        json_object_set_new(json, "valid", json_boolean(seal->valid));
    if (seal->signer[0])
        json_object_set_new(json, "signer", json_string(seal->signer));
    if (seal->signed_at[0])
        json_object_set_new(json, "signed_at", json_string(seal->signed_at));
    return json;
}
