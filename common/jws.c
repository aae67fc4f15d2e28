/*
 * jws.c: parsing and verifying JWS. Signing lives in issuer/keys/signer.c so
 * that the verifier carries no private-key code.
 */
#include "jws.h"

#include <string.h>

#include "base64url.h"
#include "jws_json.h"
#include "json_strict.h"

#define MAX_HEADER_BYTES 8192

static int decode_part(const char *text, size_t length, const char *what,
                       unsigned char **out, size_t *out_length, struct error *err)
{
    *out = base64url_decode(text, length, out_length);
    if (!*out)
        return fail(err, "JWS: %s is not canonical base64url", what);
    return 0;
}

static int parse_signature(const char *protected_b64, size_t protected_length,
                           const char *signature_b64, size_t signature_length,
                           struct jws_signature *out, struct error *err)
{
    unsigned char *header_text;
    size_t header_length;
    out->protected_b64 = memcpy(xcalloc(1, protected_length + 1), protected_b64,
                                protected_length);
    if (decode_part(protected_b64, protected_length, "a protected header", &header_text,
                    &header_length, err) != 0)
        return -1;
    out->header = json_parse_strict((const char *)header_text, header_length,
                                    MAX_HEADER_BYTES, "JWS protected header", err);
    free(header_text);
    if (!out->header)
        return -1;
    if (!json_is_object(out->header))
        return fail(err, "JWS: a protected header is not a JSON object");
    if (json_object_get(out->header, "crit"))
        return fail(err, "JWS: \"crit\" headers are not supported");
    if (!jws_header_string(out, "alg"))
        return fail(err, "JWS: a protected header has no \"alg\"");
    return decode_part(signature_b64, signature_length, "a signature", &out->signature,
                       &out->signature_length, err);
}

static int set_payload(struct jws *out, const char *payload_b64, size_t length,
                       struct error *err)
{
    out->payload_b64 = memcpy(xcalloc(1, length + 1), payload_b64, length);
    return decode_part(payload_b64, length, "the payload", &out->payload,
                       &out->payload_length, err);
}

int jws_parse_general(const char *text, size_t length, struct jws *out, struct error *err)
{
    struct general_jws_layout layout;
    memset(out, 0, sizeof *out);
    if (jws_json_scan(text, length, &layout, err) != 0)
        return -1;
    int failed = set_payload(out, layout.payload.start, layout.payload.length, err);
    for (size_t i = 0; i < layout.signature_count && !failed; i++) {
        out->signature_count++;
        failed = parse_signature(layout.protected_b64[i].start, layout.protected_b64[i].length,
                                 layout.signature_b64[i].start, layout.signature_b64[i].length,
                                 &out->signatures[i], err);
    }
    if (failed)
        jws_free(out);
    return failed ? -1 : 0;
}

int jws_parse_compact(const char *text, size_t length, struct jws *out, struct error *err)
{
    memset(out, 0, sizeof *out);
    const char *first = memchr(text, '.', length);
    const char *second = first ? memchr(first + 1, '.', length - (size_t)(first + 1 - text))
                               : NULL;
    if (!second || memchr(second + 1, '.', length - (size_t)(second + 1 - text)))
        return fail(err, "JWS: compact form needs exactly three parts separated by '.'");
    out->signature_count = 1;
    int failed = set_payload(out, first + 1, (size_t)(second - first - 1), err)
                 || parse_signature(text, (size_t)(first - text), second + 1,
                                    length - (size_t)(second + 1 - text),
                                    &out->signatures[0], err);
    if (failed)
        jws_free(out);
    return failed ? -1 : 0;
}

void jws_free(struct jws *jws)
{
    free(jws->payload_b64);
    free(jws->payload);
    for (size_t i = 0; i < jws->signature_count; i++) {
        free(jws->signatures[i].protected_b64);
        json_decref(jws->signatures[i].header);
        free(jws->signatures[i].signature);
    }
    memset(jws, 0, sizeof *jws);
}

char *jws_signing_input(const char *protected_b64, const char *payload_b64)
{
    /* memcpy, not printf: this runs twice per record on the verify path. */
    size_t protected_length = strlen(protected_b64), payload_length = strlen(payload_b64);
    char *input = xmalloc(protected_length + payload_length + 2);
    memcpy(input, protected_b64, protected_length);
    input[protected_length] = '.';
    memcpy(input + protected_length + 1, payload_b64, payload_length + 1);
    return input;
}

const char *jws_header_string(const struct jws_signature *signature, const char *name)
{
    const json_t *value = json_object_get(signature->header, name);
    return json_is_string(value) ? json_string_value(value) : NULL;
}
