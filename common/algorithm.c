/*
 * algorithm.c: the table of signature algorithms and their verify half.
 * Only the EVP interface of OpenSSL 3 is used.
 */
#include "algorithm.h"

#include <string.h>

#include "base64url.h"
#include "json_strict.h"

static EVP_PKEY *ed25519_from_jwk(const json_t *jwk, struct error *err)
{
    const json_t *x = json_object_get(jwk, "x");
    const json_t *crv = json_object_get(jwk, "crv");
    const json_t *kty = json_object_get(jwk, "kty");
    if (!json_is_string(kty) || strcmp(json_string_value(kty), "OKP") != 0) {
        fail(err, "JWK: kty must be \"OKP\" for EdDSA");
        return NULL;
    }
    if (!json_is_string(crv) || strcmp(json_string_value(crv), "Ed25519") != 0) {
        fail(err, "JWK: crv must be \"Ed25519\"");
        return NULL;
    }
    if (!json_is_string(x)) {
        fail(err, "JWK: missing \"x\"");
        return NULL;
    }
    size_t length;
    unsigned char *raw = base64url_decode(json_string_value(x),
                                          json_string_length(x), &length);
    if (!raw || length != 32) {
        free(raw);
        fail(err, "JWK: \"x\" is not a 32-byte base64url Ed25519 key");
        return NULL;
    }
    EVP_PKEY *key = EVP_PKEY_new_raw_public_key_ex(NULL, "ED25519", NULL, raw, length);
    free(raw);
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

static const struct algorithm algorithms[] = {
    {"EdDSA", "ED25519", NULL, ed25519_from_jwk, ed25519_to_jwk, NULL},
};

const struct algorithm *algorithm_by_jose_name(const char *name)
{
    for (size_t i = 0; i < sizeof algorithms / sizeof algorithms[0]; i++)
        if (strcmp(algorithms[i].jose_name, name) == 0)
            return &algorithms[i];
    return NULL;
}

const struct algorithm *algorithm_for_key(const EVP_PKEY *key)
{
    for (size_t i = 0; i < sizeof algorithms / sizeof algorithms[0]; i++)
        if (EVP_PKEY_is_a(key, algorithms[i].openssl_name))
            return &algorithms[i];
    return NULL;
}

int algorithm_verify(const struct algorithm *algorithm, EVP_PKEY *key,
                     const void *message, size_t message_length,
                     const unsigned char *signature, size_t signature_length)
{
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    EVP_PKEY_CTX *key_context = NULL;
    int ok = context
             && EVP_DigestVerifyInit_ex(context, &key_context, algorithm->digest, NULL,
                                        NULL, key, NULL) == 1
             && (!algorithm->prepare || algorithm->prepare(key_context) == 1)
             && EVP_DigestVerify(context, signature, signature_length, message,
                                 message_length) == 1;
    EVP_MD_CTX_free(context);
    return ok ? 0 : -1;
}
