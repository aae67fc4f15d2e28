/*
 * jws_json.c: the scanner behind jws_json.h. Each function reads one
 * grammar rule and leaves the cursor after it.
 */
#include "jws_json.h"

#include <string.h>

struct scanner {
    const char *text;
    size_t length, at;
    struct error *err;
};

static int scan_fail(struct scanner *s, const char *what)
{
    return fail(s->err, "JWS: at byte %zu: %s", s->at, what);
}

static void skip_space(struct scanner *s)
{
    while (s->at < s->length && strchr(" \t\r\n", s->text[s->at]) && s->text[s->at])
        s->at++;
}

/* The next non-space byte, consumed when it is c. */
static int take(struct scanner *s, char c)
{
    skip_space(s);
    if (s->at < s->length && s->text[s->at] == c) {
        s->at++;
        return 1;
    }
    return 0;
}

static int expect(struct scanner *s, char c, const char *what)
{
    return take(s, c) ? 0 : scan_fail(s, what);
}

/* A string without escapes: member names and base64url. Its bytes are
 * not checked here: a name must equal one of the few listed, and a value
 * must decode as canonical base64url, whose alphabet has no backslash,
 * quote, control or non-ASCII byte, so both refuse whatever JSON would
 * have had to escape. memchr keeps this off the verifier's profile. */
static int scan_string(struct scanner *s, struct text_span *out)
{
    if (expect(s, '"', "expected a string") != 0)
        return -1;
    out->start = s->text + s->at;
    const char *close = memchr(out->start, '"', s->length - s->at);
    if (!close) {
        s->at = s->length;
        return scan_fail(s, "unterminated string");
    }
    out->length = (size_t)(close - out->start);
    s->at += out->length + 1;
    return 0;
}

static int is_name(const struct text_span *span, const char *name)
{
    return span->length == strlen(name) && memcmp(span->start, name, span->length) == 0;
}

/* One "name": value pair of an object whose names are listed; seen[] marks
 * the ones met so far, so a repeated name is refused. */
static int scan_name(struct scanner *s, const char *const names[], int seen[], int *which)
{
    struct text_span name;
    if (scan_string(s, &name) != 0 || expect(s, ':', "expected ':'") != 0)
        return -1;
    for (*which = 0; names[*which]; ++*which)
        if (is_name(&name, names[*which]))
            break;
    if (!names[*which])
        return scan_fail(s, "unknown member (only payload, signatures, protected, signature)");
    if (seen[*which]++)
        return scan_fail(s, "duplicate member");
    return 0;
}

static int scan_signature(struct scanner *s, struct text_span *protected_b64,
                          struct text_span *signature_b64)
{
    static const char *const names[] = {"protected", "signature", NULL};
    int seen[2] = {0, 0}, which;
    if (expect(s, '{', "expected a signature object") != 0)
        return -1;
    do {
        if (scan_name(s, names, seen, &which) != 0
            || scan_string(s, which == 0 ? protected_b64 : signature_b64) != 0)
            return -1;
    } while (take(s, ','));
    if (expect(s, '}', "expected ',' or '}'") != 0)
        return -1;
    return seen[0] && seen[1] ? 0 : scan_fail(s, "a signature needs protected and signature");
}

static int scan_signatures(struct scanner *s, struct general_jws_layout *out)
{
    if (expect(s, '[', "\"signatures\" must be an array") != 0)
        return -1;
    do {
        if (out->signature_count == JWS_MAX_SIGNATURES)
            return scan_fail(s, "too many signatures");
        size_t i = out->signature_count++;
        if (scan_signature(s, &out->protected_b64[i], &out->signature_b64[i]) != 0)
            return -1;
    } while (take(s, ','));
    return expect(s, ']', "expected ',' or ']'");
}

int jws_json_scan(const char *text, size_t length, struct general_jws_layout *out,
                  struct error *err)
{
    static const char *const names[] = {"payload", "signatures", NULL};
    struct scanner s = {text, length, 0, err};
    int seen[2] = {0, 0}, which;
    memset(out, 0, sizeof *out);
    if (expect(&s, '{', "a record is a JSON object") != 0)
        return -1;
    do {
        if (scan_name(&s, names, seen, &which) != 0
            || (which == 0 ? scan_string(&s, &out->payload) : scan_signatures(&s, out)) != 0)
            return -1;
    } while (take(&s, ','));
    if (expect(&s, '}', "expected ',' or '}'") != 0)
        return -1;
    skip_space(&s);
    if (s.at != length)
        return scan_fail(&s, "text after the record");
    return seen[0] && seen[1] ? 0 : scan_fail(&s, "a record needs payload and signatures");
}
