/*
 * jwk.c: JWK parsing and RFC 7638 thumbprints.
 */
#include "jwk.h"

#include <stdio.h>
#include <string.h>
#include <openssl/evp.h>

#include "base64url.h"
#include "json_strict.h"

void jwk_kid(EVP_PKEY *key, char kid[KID_LENGTH + 1])
{
    const struct algorithm *algorithm = algorithm_for_key(key);
    if (!algorithm)
        die(EXIT_NOT_GENUINE, "a key of an unsupported algorithm");
    json_t *members = algorithm->public_to_jwk(key);
    char *canonical = json_dump_compact(members); /* members are in order */
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_length;
    if (EVP_Digest(canonical, strlen(canonical), digest, &digest_length, EVP_sha256(),
                   NULL) != 1)
        die(EXIT_NOT_GENUINE, "SHA-256 failed");
    char *encoded = base64url_encode(digest, 8);
    memcpy(kid, encoded, KID_LENGTH + 1);
    free(encoded);
    free(canonical);
    json_decref(members);
}

json_t *jwk_from_key(EVP_PKEY *key, const char *role, const char *name)
{
    const struct algorithm *algorithm = algorithm_for_key(key);
    char kid[KID_LENGTH + 1];
    jwk_kid(key, kid);
    json_t *jwk = json_object();
    json_t *members = algorithm->public_to_jwk(key);
    json_object_set_new(jwk, "kty", json_incref(json_object_get(members, "kty")));
    const char *member;
    json_t *value;
    json_object_foreach(members, member, value) {
        if (strcmp(member, "kty") != 0)
            json_object_set(jwk, member, value);
    }
    json_decref(members);
    json_object_set_new(jwk, "kid", json_string(kid));
    json_object_set_new(jwk, "use", json_string("sig"));
    json_object_set_new(jwk, "alg", json_string(algorithm->jose_name));
    json_object_set_new(jwk, "role", json_string(role));
    json_object_set_new(jwk, "name", json_string(name));
    return jwk;
}

static int check_optional_string(const json_t *jwk, const char *member, const char *want,
                                 struct error *err)
{
    const json_t *value = json_object_get(jwk, member);
    if (value && (!json_is_string(value) || strcmp(json_string_value(value), want) != 0))
        return fail(err, "JWK: \"%s\" must be \"%s\"", member, want);
    return 0;
}

/* The algorithm the JWK's kty and crv name; an "alg", when present, must
 * agree with them. */
static const struct algorithm *jwk_algorithm(const json_t *jwk, struct error *err)
{
    const char *kty = json_string_value(json_object_get(jwk, "kty"));
    const char *crv = json_string_value(json_object_get(jwk, "crv"));
    const struct algorithm *algorithm = algorithm_by_jwk_type(kty, crv);
    if (!algorithm) {
        fail(err, "JWK: kty \"%.20s\" with crv \"%.20s\" is not a key starmark accepts "
             "(OKP Ed25519 or EC SM2)", kty ? kty : "", crv ? crv : "");
        return NULL;
    }
    if (check_optional_string(jwk, "alg", algorithm->jose_name, err) != 0)
        return NULL;
    return algorithm;
}

/* The members a JWK of algorithm may have: its key members, then ours. */
static void jwk_members(const struct algorithm *algorithm, const char *members[16])
{
    static const char *const ours[] = {"?kid", "?use", "?alg", "role", "name", NULL};
    size_t count = 0;
    for (const char *const *member = algorithm->jwk_members; *member; member++)
        members[count++] = *member;
    for (const char *const *member = ours; *member; member++)
        members[count++] = *member;
    members[count] = NULL;
}

int jwk_parse_public(const json_t *jwk, struct public_key *out, struct error *err)
{
    const char *members[16];
    memset(out, 0, sizeof *out);
    if (!json_is_object(jwk))
        return fail(err, "JWK must be an object");
    out->algorithm = jwk_algorithm(jwk, err);
    if (!out->algorithm)
        return -1;
    jwk_members(out->algorithm, members);
    if (json_expect_object(jwk, "JWK", members, err) != 0)
        return -1;
    const char *role = json_string_member(jwk, "role", "JWK", 0, err);
    const char *name = role ? json_string_member(jwk, "name", "JWK", 0, err) : NULL;
    if (!name)
        return -1;
    /* Which roles exist is the trust store's to say (trust.c); here only
     * that the name fits. */
    if (strlen(role) >= sizeof out->role)
        return fail(err, "JWK: role \"%.40s\" is too long", role);
    if (check_optional_string(jwk, "use", "sig", err) != 0)
        return -1;
    out->key = out->algorithm->public_from_jwk(jwk, err);
    if (!out->key)
        return -1;
    jwk_kid(out->key, out->kid);
    if (check_optional_string(jwk, "kid", out->kid, err) != 0) {
        fail(err, "JWK: \"kid\" is not the key's thumbprint id %s", out->kid);
        public_key_free(out);
        return -1;
    }
    snprintf(out->role, sizeof out->role, "%s", role);
    out->name = xstrdup(name);
    out->verifier = algorithm_verifier_new(out->algorithm, out->key);
    return 0;
}

void public_key_free(struct public_key *key)
{
    EVP_PKEY_free(key->key);
    EVP_MD_CTX_free(key->verifier);
    free(key->name);
    memset(key, 0, sizeof *key);
}
