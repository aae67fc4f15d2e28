/*
 * cgi_request.c: parsing the query string and negotiating language and
 * format.
 */
#define _DEFAULT_SOURCE
#include "cgi_request.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "record.h"

enum { PARAM_C, PARAM_NO, PARAM_LANG, PARAM_FORMAT, PARAM_COUNT };
static const char *const parameter_names[PARAM_COUNT] = {"c", "no", "lang", "format"};

/* application/x-www-form-urlencoded: '+' is a space, %HH a byte. A broken
 * escape, or %00 (which would cut the text short), gives NULL. */
static char *percent_decode(const char *text, size_t length)
{
    char *out = xmalloc(length + 1), *cursor = out;
    for (size_t i = 0; i < length; i++) {
        if (text[i] != '%') {
            *cursor++ = text[i] == '+' ? ' ' : text[i];
            continue;
        }
        int high = i + 2 < length ? hex_digit_value(text[i + 1]) : -1;
        int low = high >= 0 ? hex_digit_value(text[i + 2]) : -1;
        if (low < 0 || (high | low) == 0) {
            free(out);
            return NULL;
        }
        *cursor++ = (char)(high * 16 + low);
        i += 2;
    }
    *cursor = '\0';
    return out;
}

static int parameter_index(const char *name)
{
    for (int i = 0; i < PARAM_COUNT; i++)
        if (strcmp(name, parameter_names[i]) == 0)
            return i;
    return -1;
}

/* One "name=value" piece of the query into values[]. */
static enum problem take_parameter(const char *piece, size_t length, char *values[])
{
    const char *equals = memchr(piece, '=', length);
    size_t name_length = equals ? (size_t)(equals - piece) : length;
    char *name = percent_decode(piece, name_length);
    if (!name)
        return PROBLEM_BAD_PERCENT_ENCODING;
    int index = parameter_index(name);
    free(name);
    if (index < 0 || !equals)
        return PROBLEM_UNKNOWN_PARAMETER;
    if (values[index])
        return PROBLEM_REPEATED_PARAMETER;
    values[index] = percent_decode(equals + 1, length - name_length - 1);
    if (!values[index])
        return PROBLEM_BAD_PERCENT_ENCODING;
    return utf8_is_clean(values[index], 0) ? PROBLEM_NONE : PROBLEM_BAD_UTF8;
}

static enum problem split_query(const char *query, char *values[])
{
    if (strlen(query) > MAX_QUERY_BYTES)
        return PROBLEM_QUERY_TOO_LONG;
    for (const char *piece = query; *piece;) {
        size_t length = strcspn(piece, "&");
        enum problem problem = length ? take_parameter(piece, length, values) : PROBLEM_NONE;
        if (problem != PROBLEM_NONE)
            return problem;
        piece += length + (piece[length] == '&');
    }
    return PROBLEM_NONE;
}

/* Spaces around a typed number are a slip of the finger, not a new number. */
static char *trimmed_copy(const char *text)
{
    size_t start = strspn(text, " "), end = strlen(text);
    while (end > start && text[end - 1] == ' ')
        end--;
    char *copy = xmalloc(end - start + 1);
    memcpy(copy, text + start, end - start);
    copy[end - start] = '\0';
    return copy;
}

static enum problem check_values(char *values[], struct request *out)
{
    const char *lang = values[PARAM_LANG], *format = values[PARAM_FORMAT];
    if ((lang && strcmp(lang, "zh") != 0 && strcmp(lang, "en") != 0)
        || (format && strcmp(format, "html") != 0 && strcmp(format, "json") != 0))
        return PROBLEM_BAD_VALUE;
    if (values[PARAM_C] && values[PARAM_NO])
        return PROBLEM_CONFLICTING_PARAMETERS;
    if (values[PARAM_C]) {
        out->claim = values[PARAM_C];
        values[PARAM_C] = NULL;
        return out->claim[0] ? PROBLEM_NONE : PROBLEM_MALFORMED_CLAIM;
    }
    if (values[PARAM_NO]) {
        out->number = trimmed_copy(values[PARAM_NO]);
        return !out->number[0] ? PROBLEM_EMPTY_PARAMETER
               : certificate_number_is_valid(out->number) ? PROBLEM_NONE
                                                          : PROBLEM_NOT_A_NUMBER;
    }
    return PROBLEM_NONE;
}

/* The q= of one item of an Accept or Accept-Language list: 1 unless given. */
static double item_quality(const char *item, const char *end)
{
    for (const char *p = memchr(item, ';', (size_t)(end - item)); p;
         p = memchr(p, ';', (size_t)(end - p))) {
        p += 1 + strspn(p + 1, " \t");
        if (p + 2 <= end && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=')
            return strtod(p + 2, NULL);
    }
    return 1.0;
}

/* The highest quality among the list's items that match (RFC 9110
 * section 12.4.2), or -1 when none does. */
static double best_quality(const char *header, int (*matches)(const char *, size_t))
{
    double best = -1;
    for (const char *item = header; *item;) {
        const char *end = item + strcspn(item, ",");
        item += strspn(item, " \t");
        size_t token = strcspn(item, ";, \t");
        if (token && matches(item, token)) {
            double quality = item_quality(item + token, end);
            if (quality > best)
                best = quality;
        }
        item = *end ? end + 1 : end;
    }
    return best;
}

static int is_language(const char *token, size_t length, const char *language)
{
    size_t n = strlen(language);
    return length >= n && strncasecmp(token, language, n) == 0
           && (length == n || token[n] == '-');
}

static int is_english(const char *token, size_t length) { return is_language(token, length, "en"); }
static int is_chinese(const char *token, size_t length) { return is_language(token, length, "zh"); }

static int is_json(const char *token, size_t length)
{
    return length == 16 && strncasecmp(token, "application/json", 16) == 0;
}

static int is_html(const char *token, size_t length)
{
    return length == 9 && strncasecmp(token, "text/html", 9) == 0;
}

static const char *negotiate_lang(const char *param, const char *header,
                                  const char *lang_default)
{
    if (param)
        return strcmp(param, "en") == 0 ? "en" : "zh";
    if (!header)
        return lang_default;
    double english = best_quality(header, is_english), chinese = best_quality(header, is_chinese);
    if (english <= 0 && chinese <= 0)
        return lang_default;
    return english > chinese ? "en" : "zh";
}

/* JSON when format=json, or when Accept names application/json above
 * text/html: a browser that accepts anything never gets JSON by accident. */
static int negotiate_json(const char *param, const char *header)
{
    if (param)
        return strcmp(param, "json") == 0;
    if (!header)
        return 0;
    double json = best_quality(header, is_json);
    return json > 0 && json > best_quality(header, is_html);
}

/* Only exact "lang=en" or "format=json" pieces: enough to answer a refused
 * query in the asker's language and format. */
static void scan_raw(const char *query, char *values[])
{
    for (const char *piece = query; *piece;) {
        size_t length = strcspn(piece, "&");
        if (length == 7 && strncmp(piece, "lang=en", 7) == 0 && !values[PARAM_LANG])
            values[PARAM_LANG] = xstrdup("en");
        if (length == 11 && strncmp(piece, "format=json", 11) == 0 && !values[PARAM_FORMAT])
            values[PARAM_FORMAT] = xstrdup("json");
        piece += length + (piece[length] == '&');
    }
}

static int method_allowed(const char *method, struct request *out)
{
    out->head_only = method && strcmp(method, "HEAD") == 0;
    return !method || strcmp(method, "GET") == 0 || out->head_only;
}

const char *request_variable(char *const *environment, const char *name)
{
    size_t length = strlen(name);
    for (char *const *entry = environment; entry && *entry; entry++)
        if (strncmp(*entry, name, length) == 0 && (*entry)[length] == '=')
            return *entry + length + 1;
    return NULL;
}

void request_read(char *const *environment, const char *lang_default, struct request *out)
{
    memset(out, 0, sizeof *out);
    const char *query = request_variable(environment, "QUERY_STRING");
    char *values[PARAM_COUNT] = {NULL};
    if (!query)
        query = "";
    if (!method_allowed(request_variable(environment, "REQUEST_METHOD"), out))
        out->problem = PROBLEM_METHOD_NOT_ALLOWED;
    else if ((out->problem = split_query(query, values)) == PROBLEM_NONE)
        out->problem = check_values(values, out);
    if (out->problem != PROBLEM_NONE) {
        for (int i = 0; i < PARAM_COUNT; i++) {
            free(values[i]);
            values[i] = NULL;
        }
        scan_raw(query, values);
    }
    out->lang = negotiate_lang(values[PARAM_LANG],
                               request_variable(environment, "HTTP_ACCEPT_LANGUAGE"),
                               lang_default);
    out->json = negotiate_json(values[PARAM_FORMAT], request_variable(environment, "HTTP_ACCEPT"));
    for (int i = 0; i < PARAM_COUNT; i++)
        free(values[i]);
}

void request_free(struct request *request)
{
    free(request->claim);
    free(request->number);
    memset(request, 0, sizeof *request);
}
