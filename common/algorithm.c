/*
 * algorithm.c: the table of signature algorithms and their verify half.
 * Only the EVP interface of OpenSSL 3 is used (and ECDSA_SIG, OpenSSL's
 * DER codec for an (r, s) pair, for SM2's signature encoding).
 */
#include "algorithm.h"

#include <stdio.h>
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>

#include "base64url.h"

/* SM2's coordinates, scalars and signature halves are 256 bits. */
#define SM2_SIZE 32
/* GB/T 35276's default signer ID, which OpenSSL 3.0 does not default to
 * (its default is empty): set on both sides, always. */
#define SM2_SIGNER_ID "1234567812345678"

/* The base64url member of jwk, which must decode to exactly length bytes. */
static int read_fixed(const json_t *jwk, const char *member, const char *what,
                      unsigned char *out, size_t length, struct error *err)
{
    const json_t *value = json_object_get(jwk, member);
    size_t decoded_length = 0;
    unsigned char *raw = json_is_string(value)
                             ? base64url_decode(json_string_value(value),
                                                json_string_length(value), &decoded_length)
                             : NULL;
    int ok = raw && decoded_length == length;
    if (ok)
        memcpy(out, raw, length);
    free(raw);
    return ok ? 0 : fail(err, "JWK: \"%s\" is not %zu bytes of base64url (%s)", member, length,
                         what);
}

static EVP_PKEY *ed25519_from_jwk(const json_t *jwk, struct error *err)
{
    unsigned char raw[32];
    if (read_fixed(jwk, "x", "an Ed25519 public key", raw, sizeof raw, err) != 0)
        return NULL;
    EVP_PKEY *key = EVP_PKEY_new_raw_public_key_ex(NULL, "ED25519", NULL, raw, sizeof raw);
    if (!key)
        fail(err, "JWK: OpenSSL refused the Ed25519 key");
    return key;
}

static json_t *ed25519_to_jwk(EVP_PKEY *key)
{
    unsigned char raw[32];
    size_t length = sizeof raw;
    if (EVP_PKEY_get_raw_public_key(key, raw, &length) != 1 || length != 32)
        die(EXIT_NOT_GENUINE, "cannot read an Ed25519 public key");
    char *x = base64url_encode(raw, length);
    json_t *jwk = json_pack("{s:s, s:s, s:s}", "crv", "Ed25519", "kty", "OKP", "x", x);
    free(x);
    return jwk;
}

/* x and y padded to 32 bytes each, as RFC 7518 §6.2.1.2 asks: a key whose
 * x or y starts with a zero byte (1 in 128 keys) keeps that byte. OpenSSL
 * checks that the point is on the curve (and its coordinates below p). */
static EVP_PKEY *sm2_from_jwk(const json_t *jwk, struct error *err)
{
    unsigned char point[1 + 2 * SM2_SIZE] = {POINT_CONVERSION_UNCOMPRESSED};
    if (read_fixed(jwk, "x", "an SM2 coordinate", point + 1, SM2_SIZE, err) != 0
        || read_fixed(jwk, "y", "an SM2 coordinate", point + 1 + SM2_SIZE, SM2_SIZE, err) != 0)
        return NULL;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)"SM2", 0),
        OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point),
        OSSL_PARAM_construct_end()};
    EVP_PKEY_CTX *context = EVP_PKEY_CTX_new_from_name(NULL, "SM2", NULL);
    EVP_PKEY *key = NULL;
    if (!context || EVP_PKEY_fromdata_init(context) != 1
        || EVP_PKEY_fromdata(context, &key, EVP_PKEY_PUBLIC_KEY, params) != 1) {
        ERR_clear_error(); /* nothing else reads OpenSSL's error queue */
        fail(err, "JWK: (x, y) is not a point on the SM2 curve");
    }
    EVP_PKEY_CTX_free(context);
    return key;
}

static json_t *sm2_to_jwk(EVP_PKEY *key)
{
    unsigned char *point = NULL;
    size_t length = EVP_PKEY_get1_encoded_public_key(key, &point);
    if (length != 1 + 2 * SM2_SIZE || point[0] != POINT_CONVERSION_UNCOMPRESSED)
        die(EXIT_NOT_GENUINE, "cannot read an SM2 public key");
    char *x = base64url_encode(point + 1, SM2_SIZE);
    char *y = base64url_encode(point + 1 + SM2_SIZE, SM2_SIZE);
    json_t *jwk = json_pack("{s:s, s:s, s:s, s:s}", "crv", "SM2", "kty", "EC", "x", x, "y", y);
    OPENSSL_free(point);
    free(x);
    free(y);
    return jwk;
}

static int sm2_prepare(EVP_PKEY_CTX *context)
{
    return EVP_PKEY_CTX_set1_id(context, SM2_SIGNER_ID, strlen(SM2_SIGNER_ID));
}

/* r || s to GB/T 35276's SM2Signature ::= SEQUENCE {r INTEGER, s INTEGER}. */
static size_t sm2_signature_to_der(const unsigned char *raw, unsigned char *out)
{
    ECDSA_SIG *signature = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn(raw, SM2_SIZE, NULL), *s = BN_bin2bn(raw + SM2_SIZE, SM2_SIZE, NULL);
    int length = 0;
    if (signature && r && s && ECDSA_SIG_set0(signature, r, s) == 1) {
        r = s = NULL; /* the signature owns them now */
        length = i2d_ECDSA_SIG(signature, &out);
    }
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(signature);
    return length > 0 && length <= MAX_OPENSSL_SIGNATURE ? (size_t)length : 0;
}

static size_t sm2_signature_from_der(const unsigned char *der, size_t length,
                                     unsigned char *out)
{
    ECDSA_SIG *signature = d2i_ECDSA_SIG(NULL, &der, (long)length);
    int ok = signature
             && BN_bn2binpad(ECDSA_SIG_get0_r(signature), out, SM2_SIZE) == SM2_SIZE
             && BN_bn2binpad(ECDSA_SIG_get0_s(signature), out + SM2_SIZE, SM2_SIZE) == SM2_SIZE;
    ECDSA_SIG_free(signature);
    return ok ? 2 * SM2_SIZE : 0;
}

static const char *const ed25519_members[] = {"crv", "kty", "x", NULL};
static const char *const sm2_members[] = {"crv", "kty", "x", "y", NULL};

static const struct algorithm algorithms[] = {
    {"EdDSA", "ed25519", "ED25519", NULL, "OKP", "Ed25519", ed25519_members, 64, "R || S",
     ed25519_from_jwk, ed25519_to_jwk, NULL, NULL, NULL},
    {"SM2SM3", "sm2", "SM2", "SM3", "EC", "SM2", sm2_members, 2 * SM2_SIZE,
     "r || s, 32 bytes each, not DER", sm2_from_jwk, sm2_to_jwk, sm2_prepare,
     sm2_signature_to_der, sm2_signature_from_der},
};
#define ALGORITHM_COUNT (sizeof algorithms / sizeof algorithms[0])

const struct algorithm *algorithm_by_jose_name(const char *name)
{
    for (size_t i = 0; i < ALGORITHM_COUNT; i++)
        if (strcmp(algorithms[i].jose_name, name) == 0)
            return &algorithms[i];
    return NULL;
}

const struct algorithm *algorithm_by_key_name(const char *name)
{
    for (size_t i = 0; i < ALGORITHM_COUNT; i++)
        if (strcmp(algorithms[i].key_name, name) == 0)
            return &algorithms[i];
    return NULL;
}

const struct algorithm *algorithm_by_jwk_type(const char *kty, const char *crv)
{
    for (size_t i = 0; i < ALGORITHM_COUNT; i++)
        if (kty && crv && strcmp(algorithms[i].kty, kty) == 0
            && strcmp(algorithms[i].crv, crv) == 0)
            return &algorithms[i];
    return NULL;
}

const struct algorithm *algorithm_for_key(const EVP_PKEY *key)
{
    for (size_t i = 0; i < ALGORITHM_COUNT; i++)
        if (EVP_PKEY_is_a(key, algorithms[i].openssl_name))
            return &algorithms[i];
    return NULL;
}

const char *algorithm_key_names(void)
{
    static char names[64];
    if (!names[0])
        for (size_t i = 0; i < ALGORITHM_COUNT; i++)
            snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
                     i == 0 ? "" : i + 1 == ALGORITHM_COUNT ? " or " : ", ",
                     algorithms[i].key_name);
    return names;
}

/* OpenSSL's setup of a verification (finding the method, under locks)
 * costs 2.4 µs, 3% of an Ed25519 check, where copying a context set up
 * once costs 0.2 µs: trusted keys keep one (public_key.verifier). */
EVP_MD_CTX *algorithm_verifier_new(const struct algorithm *algorithm, EVP_PKEY *key)
{
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    EVP_PKEY_CTX *key_context = NULL;
    if (context
        && EVP_DigestVerifyInit_ex(context, &key_context, algorithm->digest, NULL, NULL, key,
                                   NULL) == 1
        && (!algorithm->prepare || algorithm->prepare(key_context) == 1))
        return context;
    EVP_MD_CTX_free(context);
    return NULL;
}

int algorithm_verify(const struct algorithm *algorithm, EVP_PKEY *key,
                     const EVP_MD_CTX *prepared, const void *message, size_t message_length,
                     const unsigned char *signature, size_t signature_length)
{
    unsigned char converted[MAX_OPENSSL_SIGNATURE];
    if (signature_length != algorithm->signature_length)
        return -1;
    if (algorithm->signature_to_openssl) {
        signature_length = algorithm->signature_to_openssl(signature, converted);
        signature = converted;
        if (signature_length == 0)
            return -1;
    }
    EVP_MD_CTX *context = NULL;
    if (prepared) {
        context = EVP_MD_CTX_new();
        if (context && EVP_MD_CTX_copy_ex(context, prepared) != 1) {
            EVP_MD_CTX_free(context);
            context = NULL;
        }
    }
    if (!context)
        context = algorithm_verifier_new(algorithm, key);
    int ok = context && EVP_DigestVerify(context, signature, signature_length, message,
                                         message_length) == 1;
    EVP_MD_CTX_free(context);
    return ok ? 0 : -1;
}
