/*
 * signer.c: the signing half of the algorithm table. The verifier is built
 * without this file, which is what keeps private-key code out of it.
 */
#include "signer.h"

#include <string.h>

#include "algorithm.h"
#include "base64url.h"
#include "json_strict.h"
#include "jws.h"

size_t signer_sign_message(EVP_PKEY *key, const void *message, size_t length,
                           unsigned char signature[SIGNER_MAX_SIGNATURE])
{
    const struct algorithm *algorithm = algorithm_for_key(key);
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    EVP_PKEY_CTX *key_context = NULL;
    size_t signature_length = SIGNER_MAX_SIGNATURE;
    if (!algorithm || !context
        || EVP_DigestSignInit_ex(context, &key_context, algorithm->digest, NULL, NULL, key,
                                 NULL) != 1
        || (algorithm->prepare && algorithm->prepare(key_context) != 1)
        || EVP_DigestSign(context, signature, &signature_length, message, length) != 1)
        die(EXIT_NOT_GENUINE, "OpenSSL could not sign");
    EVP_MD_CTX_free(context);
    return signature_length;
}

/* The signature in its JWS encoding (algorithm.h's table), base64url. */
static char *sign_input(EVP_PKEY *key, const char *input)
{
    const struct algorithm *algorithm = algorithm_for_key(key);
    unsigned char signature[SIGNER_MAX_SIGNATURE], converted[MAX_OPENSSL_SIGNATURE];
    size_t length = signer_sign_message(key, input, strlen(input), signature);
    if (algorithm->signature_from_openssl) {
        length = algorithm->signature_from_openssl(signature, length, converted);
        memcpy(signature, converted, length);
    }
    if (length != algorithm->signature_length)
        die(EXIT_NOT_GENUINE, "OpenSSL made a %zu-byte %s signature", length,
            algorithm->jose_name);
    return base64url_encode(signature, length);
}

static char *protected_header(EVP_PKEY *key, json_t *header)
{
    json_t *full = json_pack("{s:s}", "alg", algorithm_for_key(key)->jose_name);
    json_object_update(full, header);
    char *text = json_dump_compact(full);
    json_decref(full);
    char *encoded = base64url_encode(text, strlen(text));
    free(text);
    return encoded;
}

json_t *signer_sign(EVP_PKEY *key, json_t *header, const char *payload_b64)
{
    char *protected_b64 = protected_header(key, header);
    char *input = jws_signing_input(protected_b64, payload_b64);
    char *signature = sign_input(key, input);
    json_t *result = json_pack("{s:s, s:s}", "protected", protected_b64, "signature", signature);
    free(protected_b64);
    free(input);
    free(signature);
    return result;
}

char *signer_sign_compact(EVP_PKEY *key, json_t *header, const char *payload_b64)
{
    char *protected_b64 = protected_header(key, header);
    char *input = jws_signing_input(protected_b64, payload_b64);
    char *signature = sign_input(key, input);
    char *compact = xasprintf("%s.%s", input, signature);
    free(protected_b64);
    free(input);
    free(signature);
    return compact;
}
