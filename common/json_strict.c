/*
 * json_strict.c: strict loading and member checks on top of jansson.
 */
#include "json_strict.h"

#include <string.h>

#include "json_reader.h"

json_t *json_parse_strict(const char *text, size_t length, size_t max_bytes,
                          const char *what, struct error *err)
{
    if (length > max_bytes) {
        fail(err, "%s: larger than %zu bytes", what, max_bytes);
        return NULL;
    }
    return json_read(text, length, what, err);
}

json_t *json_load_file_strict(const char *path, size_t max_bytes, struct error *err)
{
    size_t length;
    char *text = read_file_bounded(path, max_bytes, &length, err);
    if (!text)
        return NULL;
    json_t *value = json_parse_strict(text, length, max_bytes, path, err);
    free(text);
    return value;
}

static int member_listed(const char *key, const char *const members[])
{
    for (size_t i = 0; members[i]; i++) {
        const char *name = members[i][0] == '?' ? members[i] + 1 : members[i];
        if (strcmp(key, name) == 0)
            return 1;
    }
    return 0;
}

/* One lookup per listed member: when as many are present as the object
 * has, none is unknown, and the search for the stranger (a comparison
 * with each listed name per field) is only made for the error message. */
int json_expect_object(const json_t *value, const char *path,
                       const char *const members[], struct error *err)
{
    if (!json_is_object(value))
        return fail(err, "%s must be an object", path);
    size_t present = 0;
    const char *missing = NULL;
    for (size_t i = 0; members[i]; i++) {
        int optional = members[i][0] == '?';
        if (json_object_get(value, members[i] + optional))
            present++;
        else if (!optional && !missing)
            missing = members[i];
    }
    const char *key;
    const json_t *member;
    if (present != json_object_size(value))
        json_object_foreach((json_t *)value, key, member) {
            if (!member_listed(key, members))
                return fail(err, "%s: unknown field \"%s\"", path, key);
        }
    return missing ? fail(err, "%s: missing field \"%s\"", path, missing) : 0;
}

const char *json_string_member(const json_t *object, const char *key,
                               const char *path, int multiline, struct error *err)
{
    const json_t *member = json_object_get(object, key);
    if (!json_is_string(member)) {
        fail(err, "%s.%s must be a string", path, key);
        return NULL;
    }
    const char *text = json_string_value(member);
    if (strlen(text) != json_string_length(member) || !utf8_is_clean(text, multiline)) {
        fail(err, "%s.%s has control characters or a NUL", path, key);
        return NULL;
    }
    if (text[strspn(text, " \t\n")] == '\0') {
        fail(err, "%s.%s must not be empty", path, key);
        return NULL;
    }
    return text;
}

int json_integer_member(const json_t *object, const char *key, const char *path,
                        long long min, long long max, long long *out,
                        struct error *err)
{
    const json_t *member = json_object_get(object, key);
    if (!json_is_integer(member))
        return fail(err, "%s.%s must be a whole number", path, key);
    long long value = json_integer_value(member);
    if (value < min || value > max)
        return fail(err, "%s.%s must be between %lld and %lld", path, key, min, max);
    *out = value;
    return 0;
}

char *json_dump_compact(const json_t *value)
{
    char *text = json_dumps(value, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
    if (!text)
        die(EXIT_NOT_GENUINE, "out of memory while writing JSON");
    return text;
}
