/*
 * trust.c: reading the trust store strictly.
 */
#include "trust.h"

#include <stdio.h>
#include <string.h>

#include "json_strict.h"

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

int trust_parse(const char *text, size_t length, const char *what,
                struct trust_store *out, struct error *err)
{
    static const char *const members[] = {"format", "body", "keys", NULL};
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
        failed = parse_keys(json_object_get(root, "keys"), out, &inner);
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

void trust_free(struct trust_store *store)
{
    for (size_t i = 0; i < store->key_count; i++)
        public_key_free(&store->keys[i].key);
    free(store->keys);
    free(store->body_id);
    free(store->body_name);
    memset(store, 0, sizeof *store);
}

int trust_has_kid(const struct trust_store *store, const char *kid)
{
    for (size_t i = 0; i < store->key_count; i++)
        if (strcmp(store->keys[i].key.kid, kid) == 0)
            return 1;
    return 0;
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
