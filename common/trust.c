/*
 * trust.c: reading the trust store strictly, the table of roles, and the
 * trust decisions: for keys (trust_decide) and for seal certificates
 * (trust_decide_seal).
 */
#include "trust.h"

#include <stdio.h>
#include <string.h>
#include <openssl/pem.h>
#include <openssl/x509_vfy.h>

#include "json_strict.h"

static const struct key_role roles[] = {
    {"auditor", "the audit conclusion of a record (issuer issue)"},
    {"head", "the decision of a record, QR claims, and what the body publishes: manifests, "
             "status responses, status lists, signed audit heads"},
    {"log", "the checkpoints of the body's transparency log (issuer publish); the key's "
            "name is the log's origin"},
};

const struct key_role *key_role_find(const char *name)
{
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (strcmp(roles[i].name, name) == 0)
            return &roles[i];
    return NULL;
}

const char *key_role_names(void)
{
    static char names[128];
    if (!names[0])
        for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
            snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
                     i == 0 ? "" : i + 1 == sizeof roles / sizeof roles[0] ? " or " : ", ",
                     roles[i].name);
    return names;
}

static int parse_window_date(const json_t *entry, const char *member, const char *path,
                             int *has, struct date *date, struct error *err)
{
    const json_t *value = json_object_get(entry, member);
    *has = 0;
    if (!value || json_is_null(value))
        return 0;
    if (!json_is_string(value) || date_parse(json_string_value(value), date) != 0)
        return fail(err, "%s.%s must be a date YYYY-MM-DD or null", path, member);
    *has = 1;
    return 0;
}

static int parse_entry(const json_t *entry, const char *path, struct trusted_key *out,
                       struct error *err)
{
    static const char *const members[] = {"jwk", "role", "?not_before", "?not_after", NULL};
    if (json_expect_object(entry, path, members, err) != 0)
        return -1;
    const char *role = json_string_member(entry, "role", path, 0, err);
    if (!role)
        return -1;
    struct error jwk_error;
    if (jwk_parse_public(json_object_get(entry, "jwk"), &out->key, &jwk_error) != 0)
        return fail(err, "%s: %s", path, jwk_error.message);
    if (!key_role_find(role))
        return fail(err, "%s: role must be %s, not \"%s\"", path, key_role_names(), role);
    if (strcmp(role, out->key.role) != 0)
        return fail(err, "%s: role \"%s\" differs from the JWK's role \"%s\"", path, role,
                    out->key.role);
    if (parse_window_date(entry, "not_before", path, &out->has_not_before,
                          &out->not_before, err) != 0
        || parse_window_date(entry, "not_after", path, &out->has_not_after,
                             &out->not_after, err) != 0)
        return -1;
    if (out->has_not_before && out->has_not_after
        && date_compare(out->not_before, out->not_after) > 0)
        return fail(err, "%s: not_before is after not_after", path);
    return 0;
}

static int parse_keys(const json_t *list, struct trust_store *out, struct error *err)
{
    if (!json_is_array(list))
        return fail(err, "trust store: \"keys\" must be an array");
    out->keys = xcalloc(json_array_size(list), sizeof *out->keys);
    for (size_t i = 0; i < json_array_size(list); i++) {
        char path[32];
        snprintf(path, sizeof path, "keys[%zu]", i);
        out->key_count++;
        if (parse_entry(json_array_get(list, i), path, &out->keys[i], err) != 0)
            return -1;
    }
    return 0;
}

int trust_add_seal_ca(struct trust_store *store, const char *text, size_t length,
                      const char *what, struct error *err)
{
    static const char begin[] = "-----BEGIN CERTIFICATE-----";
    size_t white = strspn(text, " \t\r\n");
    if (length > MAX_TRUST_BYTES || white >= length
        || strncmp(text + white, begin, sizeof begin - 1) != 0)
        return fail(err, "%s: not a PEM certificate", what);
    BIO *memory = BIO_new_mem_buf(text, (int)length);
    X509 *certificate = PEM_read_bio_X509(memory, NULL, NULL, NULL);
    char rest[64];
    int extra = BIO_read(memory, rest, sizeof rest);
    for (int i = 0; i < extra && certificate; i++)
        if (!strchr(" \t\r\n", rest[i]) || extra == (int)sizeof rest)
            extra = -2; /* something after the certificate */
    BIO_free(memory);
    if (!certificate)
        return fail(err, "%s: not a PEM certificate", what);
    if (extra == -2) {
        X509_free(certificate);
        return fail(err, "%s: holds more than one PEM certificate", what);
    }
    if (!store->seal_cas)
        store->seal_cas = sk_X509_new_null();
    for (int i = 0; i < sk_X509_num(store->seal_cas); i++)
        if (X509_cmp(sk_X509_value(store->seal_cas, i), certificate) == 0) {
            X509_free(certificate);
            return fail(err, "%s: this seal CA is already trusted", what);
        }
    sk_X509_push(store->seal_cas, certificate);
    return 0;
}

/* "seal_cas": an optional list of PEM certificates. */
static int parse_seal_cas(const json_t *list, struct trust_store *out, struct error *err)
{
    if (!list)
        return 0;
    if (!json_is_array(list))
        return fail(err, "trust store: \"seal_cas\" must be an array of PEM certificates");
    for (size_t i = 0; i < json_array_size(list); i++) {
        const json_t *pem = json_array_get(list, i);
        char path[32];
        snprintf(path, sizeof path, "seal_cas[%zu]", i);
        if (!json_is_string(pem))
            return fail(err, "%s must be a PEM certificate (a string)", path);
        if (trust_add_seal_ca(out, json_string_value(pem), json_string_length(pem), path,
                              err) != 0)
            return -1;
    }
    return 0;
}

int trust_parse(const char *text, size_t length, const char *what,
                struct trust_store *out, struct error *err)
{
    static const char *const members[] = {"format", "body", "keys", "?seal_cas", NULL};
    static const char *const body_members[] = {"id", "name", NULL};
    memset(out, 0, sizeof *out);
    struct error inner;
    json_t *root = json_parse_strict(text, length, MAX_TRUST_BYTES, what, err);
    if (!root)
        return -1;
    const json_t *body = json_object_get(root, "body");
    const char *format, *id = NULL, *name = NULL;
    int failed = json_expect_object(root, "trust store", members, &inner)
                 || !(format = json_string_member(root, "format", "trust store", 0, &inner))
                 || json_expect_object(body, "body", body_members, &inner)
                 || !(id = json_string_member(body, "id", "body", 0, &inner))
                 || !(name = json_string_member(body, "name", "body", 0, &inner));
    if (!failed && strcmp(format, TRUST_FORMAT) != 0)
        failed = fail(&inner, "format \"%s\" is not %s", format, TRUST_FORMAT);
    if (!failed) {
        out->body_id = xstrdup(id);
        out->body_name = xstrdup(name);
        failed = parse_keys(json_object_get(root, "keys"), out, &inner)
                 || parse_seal_cas(json_object_get(root, "seal_cas"), out, &inner);
    }
    json_decref(root);
    if (failed) {
        trust_free(out);
        return fail(err, "%s: %s", what, inner.message);
    }
    return 0;
}

int trust_load(const char *path, struct trust_store *out, struct error *err)
{
    size_t length;
    char *text = read_file_bounded(path, MAX_TRUST_BYTES, &length, err);
    if (!text)
        return -1;
    int result = trust_parse(text, length, path, out, err);
    free(text);
    return result;
}

void trusted_key_free(struct trusted_key *key)
{
    public_key_free(&key->key);
    memset(key, 0, sizeof *key);
}

void trust_free(struct trust_store *store)
{
    for (size_t i = 0; i < store->key_count; i++)
        trusted_key_free(&store->keys[i]);
    free(store->keys);
    sk_X509_pop_free(store->seal_cas, X509_free);
    free(store->body_id);
    free(store->body_name);
    memset(store, 0, sizeof *store);
}

int trust_window_covers(const struct trusted_key *key, struct date date)
{
    if (key->has_not_before && date_compare(date, key->not_before) < 0)
        return 0;
    if (key->has_not_after && date_compare(date, key->not_after) > 0)
        return 0;
    return 1;
}

void trust_window_describe(const struct trusted_key *key, char out[64])
{
    char from[11] = "the start", to[11] = "the end";
    if (key->has_not_before)
        date_format(key->not_before, from);
    if (key->has_not_after)
        date_format(key->not_after, to);
    snprintf(out, 64, "from %s to %s", from, to);
}

int trust_is_body(const struct trust_store *store, const char *body_id)
{
    return body_id && strcmp(store->body_id, body_id) == 0;
}

int trust_key_may_sign(const struct trusted_key *key, const char *role, struct date on,
                       struct error *err)
{
    char day[11], window[64];
    if (role && strcmp(key->key.role, role) != 0)
        return fail(err, "key %s is registered as %s, not %s", key->key.kid, key->key.role,
                    role);
    if (trust_window_covers(key, on))
        return 0;
    date_format(on, day);
    trust_window_describe(key, window);
    return fail(err, "key %s is not trusted on %s (it is trusted %s)", key->key.kid, day,
                window);
}

static int refuse(struct trust_verdict *out, enum trust_outcome outcome, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

static int refuse(struct trust_verdict *out, enum trust_outcome outcome, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vsnprintf(out->reason, sizeof out->reason, format, args);
    va_end(args);
    out->outcome = outcome;
    return -1;
}

/* The arithmetic, unless the bytes are vouched for or were verified by
 * this very key before. */
static int key_verifies(const struct trusted_key *key, const struct trust_question *question,
                        const struct signed_bytes *bytes, struct signature_cache *cache,
                        unsigned char digest[SIGNATURE_DIGEST_SIZE], int *digested)
{
    if (question->vouched)
        return 1;
    if (cache && !*digested) {
        signature_digest(bytes->message, bytes->message_length, bytes->signature,
                         bytes->signature_length, digest);
        *digested = 1;
    }
    if (cache && signature_cache_has(cache, digest, key->key.kid))
        return 1;
    if (algorithm_verify(key->key.algorithm, key->key.key, key->key.verifier, bytes->message,
                         bytes->message_length, bytes->signature, bytes->signature_length) != 0)
        return 0;
    signature_cache_add(cache, digest, key->key.kid);
    return 1;
}

struct candidates {
    int named, in_role, right_algorithm;
};

/* Why no key made the signature, from what the search met. */
static int explain(const struct trust_question *question, const struct signed_bytes *bytes,
                   const char *kid, const struct candidates *seen, struct trust_verdict *out)
{
    const char *role = question->role;
    if (kid && !seen->named)
        return refuse(out, TRUST_UNKNOWN_KEY, "the %s signature's key %s is not in the trust "
                      "store", role, kid);
    if (kid && !seen->in_role)
        return refuse(out, TRUST_WRONG_ROLE, "key %s is trusted, but not in the role %s", kid,
                      role);
    if (!seen->in_role)
        return refuse(out, TRUST_UNKNOWN_KEY, "the trust store has no %s key", role);
    if (!seen->right_algorithm)
        return refuse(out, TRUST_WRONG_ALGORITHM, "the %s signature says \"alg\" %s, which is "
                      "not the algorithm of %s%s", role, bytes->alg, kid ? "key " : "any key of "
                      "the role ", kid ? kid : role);
    if (kid)
        return refuse(out, TRUST_BAD_SIGNATURE, "signature by key %s (role %s) does not verify",
                      kid, role);
    return refuse(out, TRUST_BAD_SIGNATURE, "the %s signature verifies with none of the %d "
                  "%s keys in the trust store", role, seen->right_algorithm, role);
}

int trust_decide(const struct trust_store *store, const struct trust_question *question,
                 const struct signed_bytes *bytes, struct signature_cache *cache,
                 struct trust_verdict *out)
{
    memset(out, 0, sizeof *out);
    const char *kid = bytes->kid ? bytes->kid : question->expected_kid;
    const struct algorithm *algorithm = bytes->alg ? algorithm_by_jose_name(bytes->alg) : NULL;
    if (bytes->alg && !algorithm)
        return refuse(out, TRUST_WRONG_ALGORITHM, "the %s signature's \"alg\" %.40s is not an "
                      "algorithm starmark accepts", question->role, bytes->alg);
    if (algorithm && bytes->signature_length != algorithm->signature_length)
        return refuse(out, TRUST_BAD_SIGNATURE, "the %s signature is %zu bytes, but an %s "
                      "signature is %zu: %s", question->role, bytes->signature_length,
                      algorithm->jose_name, algorithm->signature_length,
                      algorithm->signature_form);
    unsigned char digest[SIGNATURE_DIGEST_SIZE];
    int digested = 0;
    struct candidates seen = {0};
    /* Keys trusted on the day first: a key outside its window is tried
     * only to say so instead of "does not verify". */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < store->key_count; i++) {
            const struct trusted_key *key = &store->keys[i];
            int covers = trust_window_covers(key, question->on);
            if ((kid && strcmp(key->key.kid, kid) != 0) || covers != (pass == 0))
                continue;
            seen.named++;
            if (strcmp(key->key.role, question->role) != 0)
                continue;
            seen.in_role++;
            if (algorithm && key->key.algorithm != algorithm)
                continue;
            seen.right_algorithm++;
            if (!key_verifies(key, question, bytes, cache, digest, &digested))
                continue;
            out->key = key;
            if (covers)
                return 0;
            char window[64], day[11];
            trust_window_describe(key, window);
            date_format(question->on, day);
            return refuse(out, TRUST_OUTSIDE_WINDOW, "key %s (role %s) is trusted only %s, not "
                          "on %s %s", key->key.kid, question->role, window, question->day_is,
                          day);
        }
    }
    return explain(question, bytes, kid, &seen, out);
}

/* A verifier's X.509 store of the seal CAs; each may end a chain, even one
 * that is not self-signed (a pinned seal certificate or intermediate). */
static X509_STORE *seal_anchors(const struct trust_store *store)
{
    X509_STORE *anchors = X509_STORE_new();
    for (int i = 0; i < sk_X509_num(store->seal_cas); i++)
        X509_STORE_add_cert(anchors, sk_X509_value(store->seal_cas, i));
    X509_STORE_set_flags(anchors, X509_V_FLAG_PARTIAL_CHAIN);
    return anchors;
}

int trust_decide_seal(const struct trust_store *store, X509 *certificate,
                      STACK_OF(X509) *untrusted, long long moment, struct trust_verdict *out)
{
    memset(out, 0, sizeof *out);
    if (sk_X509_num(store->seal_cas) <= 0)
        return refuse(out, TRUST_UNKNOWN_KEY, "no seal CA is trusted (give --seal-ca CA.pem, "
                      "or add seal_cas to the trust store)");
    X509_STORE *anchors = seal_anchors(store);
    X509_STORE_CTX *context = X509_STORE_CTX_new();
    int verified = context && X509_STORE_CTX_init(context, anchors, certificate, untrusted) == 1;
    if (verified) {
        X509_STORE_CTX_set_time(context, 0, (time_t)moment);
        verified = X509_verify_cert(context) == 1;
    }
    int error = context ? X509_STORE_CTX_get_error(context) : X509_V_ERR_OUT_OF_MEM;
    X509_STORE_CTX_free(context);
    X509_STORE_free(anchors);
    if (verified)
        return 0;
    if (error == X509_V_ERR_CERT_HAS_EXPIRED || error == X509_V_ERR_CERT_NOT_YET_VALID)
        return refuse(out, TRUST_OUTSIDE_WINDOW, "the seal certificate or its CA was not "
                      "valid at the signing time (%s)", X509_verify_cert_error_string(error));
    return refuse(out, TRUST_UNKNOWN_KEY, "the seal certificate does not chain to a trusted "
                  "seal CA (%s)", X509_verify_cert_error_string(error));
}

int trust_decide_jws(const struct trust_store *store, const struct trust_question *question,
                     const struct jws *jws, const struct jws_signature *signature,
                     struct signature_cache *cache, struct trust_verdict *out)
{
    char *input = jws_signing_input(signature->protected_b64, jws->payload_b64);
    struct signed_bytes bytes = {jws_header_string(signature, "alg"),
                                 jws_header_string(signature, "kid"),
                                 input,
                                 strlen(input),
                                 signature->signature,
                                 signature->signature_length};
    int result = trust_decide(store, question, &bytes, cache, out);
    free(input);
    return result;
}
