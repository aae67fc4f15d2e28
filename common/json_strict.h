/*
 * json_strict.h: loading JSON that came from somewhere else.
 *
 * Every document starmark reads (assessments, records, trust stores, keys,
 * schemes, templates) is bounded in size before parsing, refused when a key
 * repeats, and refused when it has a member nobody documented, so a typo or
 * a smuggled field is an error instead of being silently ignored.
 */
#ifndef STARMARK_JSON_STRICT_H
#define STARMARK_JSON_STRICT_H

#include <jansson.h>
#include "util.h"

/* Parses text (length bytes, at most max_bytes) as one JSON value.
 * what names the document in errors ("assessment.json"). */
json_t *json_parse_strict(const char *text, size_t length, size_t max_bytes,
                          const char *what, struct error *err);
json_t *json_load_file_strict(const char *path, size_t max_bytes, struct error *err);

/* Checks that value is an object whose members are all listed in members
 * (NULL-terminated); names starting with '?' are optional, the others
 * required. path names the object in errors ("holder"). */
int json_expect_object(const json_t *value, const char *path,
                       const char *const members[], struct error *err);

/* The member as a non-empty string of clean UTF-8 (no control characters;
 * newlines only when multiline), or NULL with err naming path.key. */
const char *json_string_member(const json_t *object, const char *key,
                               const char *path, int multiline, struct error *err);
/* The member as an integer in [min, max], or -1 with err set. */
int json_integer_member(const json_t *object, const char *key, const char *path,
                        long long min, long long max, long long *out,
                        struct error *err);

/* Serializes compactly in the member order the object was built in. */
char *json_dump_compact(const json_t *value);

#endif
