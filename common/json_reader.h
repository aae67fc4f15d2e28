/*
 * json_reader.h: starmark's JSON reader (json_reader.c says why it is not
 * jansson's). Callers use json_parse_strict, which bounds the size first.
 */
#ifndef STARMARK_JSON_READER_H
#define STARMARK_JSON_READER_H

#include <jansson.h>
#include "util.h"

/* Deeper than any starmark document by far; bounds the recursion. */
#define JSON_READER_MAX_DEPTH 64

/* One JSON object or array, the whole of text[0, length), with no key
 * twice in an object; NULL with err "WHAT: line N: what is wrong". */
json_t *json_read(const char *text, size_t length, const char *what, struct error *err);

#endif
