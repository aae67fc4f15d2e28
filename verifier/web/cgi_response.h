/*
 * cgi_response.h: verify.cgi's answer as the bytes a web server expects
 * from a CGI or FastCGI program: the header lines (RFC 3875 section 6.3),
 * a blank line and the body.
 *
 * Every answer carries the same protective headers: a Content-Security-
 * Policy that allows no script, no external load and only the page's own
 * style block; nosniff; no Referer (the query holds the certificate); and a
 * cache lifetime: short for answers, none for refusals, which must never be
 * cached in place of a later good answer.
 */
#ifndef STARMARK_CGI_RESPONSE_H
#define STARMARK_CGI_RESPONSE_H

#include <stddef.h>
#include "util.h"

struct response {
    int status;                 /* HTTP status: 200, 400, 404, 405 or 503 */
    const char *content_type;   /* with its charset */
    int max_age;                /* seconds it may be cached; -1: no-store */
    const char *style_hash;     /* "sha256-..." of the page's style, or NULL */
    const char *body;           /* the caller's */
    size_t length;
};

/* Appends the response to out; HEAD gets the headers only. */
void response_format(const struct response *response, int head_only, struct buffer *out);

#endif
