/*
 * jws_json.h: the outer JSON of a JWS in General JSON Serialization,
 * read by a small strict scanner instead of a general JSON parser.
 *
 * Its shape is fixed and every value in it is base64url text, so a scanner
 * that accepts exactly {"payload": "...", "signatures": [{"protected":
 * "...", "signature": "..."}, ...]} (whitespace free, members in any order,
 * none twice, none unknown, no escapes) is both stricter than JSON and a
 * fifth of the verifier's per-record cost cheaper than building JSON
 * objects for kilobytes of base64url.
 */
#ifndef STARMARK_JWS_JSON_H
#define STARMARK_JWS_JSON_H

#include <stddef.h>
#include "util.h"

#define JWS_MAX_SIGNATURES 4

struct text_span {
    const char *start;
    size_t length;
};

struct general_jws_layout {
    struct text_span payload;
    struct text_span protected_b64[JWS_MAX_SIGNATURES], signature_b64[JWS_MAX_SIGNATURES];
    size_t signature_count;
};

/* Finds the members' values in text; -1 with err naming the byte offset
 * and what was wrong. */
int jws_json_scan(const char *text, size_t length, struct general_jws_layout *out,
                  struct error *err);

#endif
