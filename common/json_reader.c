/*
 * json_reader.c: the one JSON reader behind json_parse_strict (RFC 8259,
 * strictly), building jansson values.
 *
 * Why not json_loadb: jansson's reader takes each byte through a stream
 * callback and checks it twice; on a record's 1 KB payload it cost 21 µs,
 * a seventh of the two Ed25519 checks the verifier exists to make. This
 * reader walks the buffer once and hands jansson finished strings.
 *
 * It accepts what json_loadb(JSON_REJECT_DUPLICATES) accepts, with three
 * deliberate differences that no starmark document meets: nesting is
 * bounded at JSON_READER_MAX_DEPTH (jansson: 2048), a number is at most
 * NUMBER_MAX_LENGTH characters, and a NUL byte is an error wherever it
 * is (jansson reads one as the end). tests/fuzz/fuzz_json.c holds the two
 * readers to that, input by input.
 */
#include "json_reader.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NUMBER_MAX_LENGTH 63

struct reader {
    const char *at, *end;
    int line;
    int depth;
    const char *what;
    struct error *err;
};

static json_t *read_value(struct reader *r);

/* Sets err to "WHAT: line N: MESSAGE" and returns NULL. */
static json_t *refuse(struct reader *r, const char *format, ...)
{
    char message[256];
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(message, sizeof message, format, arguments);
    va_end(arguments);
    fail(r->err, "%.200s: line %d: %s", r->what, r->line, message);
    return NULL;
}

static void skip_space(struct reader *r)
{
    for (; r->at < r->end; r->at++) {
        if (*r->at == '\n')
            r->line++;
        else if (*r->at != ' ' && *r->at != '\t' && *r->at != '\r')
            return;
    }
}

/* The next byte after white space, or -1 at the end. */
static int peek(struct reader *r)
{
    skip_space(r);
    return r->at < r->end ? (unsigned char)*r->at : -1;
}

/* The four hex digits after "\u" at r->at, or -1. */
static long read_hex4(struct reader *r)
{
    if (r->end - r->at < 4)
        return -1;
    long value = 0;
    for (int i = 0; i < 4; i++) {
        int digit = hex_digit_value(r->at[i]);
        if (digit < 0)
            return -1;
        value = value * 16 + digit;
    }
    r->at += 4;
    return value;
}

static size_t put_utf8(uint32_t code_point, char *out)
{
    if (code_point < 0x80) {
        out[0] = (char)code_point;
        return 1;
    }
    if (code_point < 0x800) {
        out[0] = (char)(0xC0 | code_point >> 6);
        out[1] = (char)(0x80 | (code_point & 0x3F));
        return 2;
    }
    if (code_point < 0x10000) {
        out[0] = (char)(0xE0 | code_point >> 12);
        out[1] = (char)(0x80 | (code_point >> 6 & 0x3F));
        out[2] = (char)(0x80 | (code_point & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | code_point >> 18);
    out[1] = (char)(0x80 | (code_point >> 12 & 0x3F));
    out[2] = (char)(0x80 | (code_point >> 6 & 0x3F));
    out[3] = (char)(0x80 | (code_point & 0x3F));
    return 4;
}

/* One escape after its backslash, appended to out; surrogates must come
 * in pairs, and U+0000 is refused as jansson refuses it. */
static int read_escape(struct reader *r, char *out, size_t *length)
{
    static const char plain[] = "\"\\/bfnrt", meaning[] = "\"\\/\b\f\n\r\t";
    const char *found = r->at < r->end && *r->at ? strchr(plain, *r->at) : NULL;
    if (found) {
        r->at++;
        out[(*length)++] = meaning[found - plain];
        return 0;
    }
    long code_point = r->at < r->end && *r->at++ == 'u' ? read_hex4(r) : -1;
    const char *problem = NULL;
    if (code_point < 0) {
        problem = "invalid escape";
    } else if (code_point >= 0xD800 && code_point <= 0xDBFF) {
        long low = r->end - r->at >= 2 && r->at[0] == '\\' && r->at[1] == 'u'
                       ? (r->at += 2, read_hex4(r))
                       : -1;
        if (low < 0xDC00 || low > 0xDFFF)
            problem = "invalid Unicode: a high surrogate without its low one";
        else
            code_point = 0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00);
    } else if (code_point >= 0xDC00 && code_point <= 0xDFFF) {
        problem = "invalid Unicode: a low surrogate alone";
    } else if (code_point == 0) {
        problem = "\\u0000 is not allowed";
    }
    if (problem) {
        refuse(r, "%s", problem);
        return -1;
    }
    *length += put_utf8((uint32_t)code_point, out + *length);
    return 0;
}

/* The raw length of the string that starts at start, up to its closing
 * quote (or the end), looking from at, which is past start. */
static size_t raw_string_length(const char *at, const char *end, const char *start)
{
    while (at < end && *at != '"')
        at += *at == '\\' && at + 1 < end ? 2 : 1;
    return (size_t)(at - start);
}

/* Printable ASCII other than '"' and '\\', most of every string, needs no
 * check and no copy. */
static const char *skip_plain_ascii(const char *at, const char *end)
{
    while (at < end && (unsigned char)*at >= 0x20 && (unsigned char)*at < 0x80 && *at != '"'
           && *at != '\\')
        at++;
    return at;
}

/* The string starting after its opening quote: *text points into the
 * buffer when it has no escape (*owned NULL), else to a decoded copy that
 * *owned must free. Checks UTF-8 and refuses control characters. */
static int read_string(struct reader *r, const char **text, size_t *length, char **owned)
{
    const char *start = r->at;
    char *copy = NULL;
    size_t copied = 0;
    *owned = NULL;
    while (r->at < r->end) {
        if (!copy)
            r->at = skip_plain_ascii(r->at, r->end);
        if (r->at == r->end)
            break;
        unsigned char c = (unsigned char)*r->at;
        if (c == '"') {
            *text = copy ? copy : start;
            *length = copy ? copied : (size_t)(r->at - start);
            *owned = copy;
            r->at++;
            return 0;
        }
        if (c < 0x20) {
            free(copy);
            refuse(r, "control character 0x%x in a string", c);
            return -1;
        }
        if (c == '\\') {
            if (!copy) {
                /* Escapes only shrink text: the copy fits in the raw length. */
                copy = xmalloc(raw_string_length(r->at, r->end, start));
                copied = (size_t)(r->at - start);
                memcpy(copy, start, copied);
            }
            r->at++;
            if (read_escape(r, copy, &copied) != 0) {
                free(copy);
                return -1;
            }
            continue;
        }
        size_t step = 1;
        uint32_t code_point;
        if (c >= 0x80) {
            size_t needed = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            step = (size_t)(r->end - r->at) >= needed
                       ? utf8_decode((const unsigned char *)r->at, &code_point)
                       : 0;
            if (step == 0) {
                free(copy);
                refuse(r, "invalid UTF-8 in a string");
                return -1;
            }
        }
        if (copy) {
            memcpy(copy + copied, r->at, step);
            copied += step;
        }
        r->at += step;
    }
    free(copy);
    refuse(r, "premature end of input in a string");
    return -1;
}

static json_t *read_string_value(struct reader *r)
{
    const char *text;
    size_t length;
    char *owned;
    if (read_string(r, &text, &length, &owned) != 0)
        return NULL;
    json_t *value = json_stringn_nocheck(text, length);
    free(owned);
    return value;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?; integers stay integers. */
static json_t *read_number(struct reader *r)
{
    const char *start = r->at, *p = r->at;
    int is_real = 0;
#define DIGITS(p) ((p) < r->end && *(p) >= '0' && *(p) <= '9')
    if (p < r->end && *p == '-')
        p++;
    if (!DIGITS(p))
        return refuse(r, "invalid token");
    if (*p == '0')
        p++;
    else
        while (DIGITS(p))
            p++;
    if (p < r->end && *p == '.') {
        is_real = 1, p++;
        if (!DIGITS(p))
            return refuse(r, "invalid token");
        while (DIGITS(p))
            p++;
    }
    if (p < r->end && (*p == 'e' || *p == 'E')) {
        is_real = 1, p++;
        if (p < r->end && (*p == '+' || *p == '-'))
            p++;
        if (!DIGITS(p))
            return refuse(r, "invalid token");
        while (DIGITS(p))
            p++;
    }
#undef DIGITS
    if (p - start > NUMBER_MAX_LENGTH)
        return refuse(r, "number longer than %d characters", NUMBER_MAX_LENGTH);
    char text[NUMBER_MAX_LENGTH + 1];
    memcpy(text, start, (size_t)(p - start));
    text[p - start] = '\0';
    r->at = p;
    errno = 0;
    if (!is_real) {
        long long integer = strtoll(text, NULL, 10);
        if (errno == ERANGE)
            return refuse(r, integer < 0 ? "too big negative integer" : "too big integer");
        return json_integer(integer);
    }
    double real = strtod(text, NULL);
    if (errno == ERANGE && (real > 1 || real < -1))
        return refuse(r, "real number overflow");
    return json_real(real);
}

static json_t *read_literal(struct reader *r, const char *word, json_t *value)
{
    size_t length = strlen(word);
    if ((size_t)(r->end - r->at) < length || memcmp(r->at, word, length) != 0)
        return refuse(r, "invalid token");
    r->at += length;
    return value;
}

/* After an element: a comma (1), the closing bracket (0), or -1. */
static int next_element(struct reader *r, char closing)
{
    int c = peek(r);
    if (c == ',' || c == closing) {
        r->at++;
        return c == ',';
    }
    refuse(r, "',' or '%c' expected", closing);
    return -1;
}

/* Names the key (its first 60 bytes, control characters as '?'). */
static void refuse_duplicate(struct reader *r, const char *key, size_t length)
{
    char shown[61];
    size_t used = length < 60 ? length : 60;
    while (used < length && used > 0 && ((unsigned char)key[used] & 0xC0) == 0x80)
        used--; /* not inside a character */
    for (size_t i = 0; i < used; i++)
        shown[i] = (unsigned char)key[i] < 0x20 ? '?' : key[i];
    shown[used] = '\0';
    refuse(r, "duplicate object key \"%s\"", shown);
}

static json_t *read_members(struct reader *r, json_t *object)
{
    if (peek(r) == '}') {
        r->at++;
        return object;
    }
    for (;;) {
        const char *key;
        size_t key_length;
        char *owned;
        if (peek(r) != '"')
            return refuse(r, "string expected");
        r->at++;
        if (read_string(r, &key, &key_length, &owned) != 0)
            return NULL;
        json_t *value = NULL;
        size_t members = json_object_size(object);
        if (peek(r) != ':')
            refuse(r, "':' expected");
        else if (r->at++, (value = read_value(r)))
            json_object_setn_new_nocheck(object, key, key_length, value);
        /* A repeated key replaces the member, so the count stays put. */
        if (value && json_object_size(object) == members) {
            refuse_duplicate(r, key, key_length);
            value = NULL;   /* the object owns it, and goes with it */
        }
        free(owned);
        if (!value)
            return NULL;
        int more = next_element(r, '}');
        if (more <= 0)
            return more == 0 ? object : NULL;
    }
}

static json_t *read_elements(struct reader *r, json_t *array)
{
    if (peek(r) == ']') {
        r->at++;
        return array;
    }
    for (;;) {
        json_t *value = read_value(r);
        if (!value)
            return NULL;
        json_array_append_new(array, value);
        int more = next_element(r, ']');
        if (more <= 0)
            return more == 0 ? array : NULL;
    }
}

/* An object or array after its opening bracket; frees it on failure. */
static json_t *read_container(struct reader *r, json_t *container)
{
    if (++r->depth > JSON_READER_MAX_DEPTH) {
        json_decref(container);
        return refuse(r, "nested deeper than %d", JSON_READER_MAX_DEPTH);
    }
    json_t *read = json_is_object(container) ? read_members(r, container)
                                             : read_elements(r, container);
    r->depth--;
    if (!read)
        json_decref(container);
    return read;
}

static json_t *read_value(struct reader *r)
{
    int c = peek(r);
    switch (c) {
    case '{': r->at++; return read_container(r, json_object());
    case '[': r->at++; return read_container(r, json_array());
    case '"': r->at++; return read_string_value(r);
    case 't': return read_literal(r, "true", json_true());
    case 'f': return read_literal(r, "false", json_false());
    case 'n': return read_literal(r, "null", json_null());
    case -1: return refuse(r, "premature end of input");
    default: return c == '-' || (c >= '0' && c <= '9') ? read_number(r)
                                                        : refuse(r, "invalid token");
    }
}

json_t *json_read(const char *text, size_t length, const char *what, struct error *err)
{
    struct reader r = {text, text + length, 1, 0, what, err};
    int first = peek(&r);
    if (first != '{' && first != '[')
        return refuse(&r, "'[' or '{' expected");
    json_t *value = read_value(&r);
    if (value && peek(&r) != -1) {
        json_decref(value);
        return refuse(&r, "end of file expected");
    }
    return value;
}
