/*
 * cgi_request.h: what a request to verify.cgi asks for, read from the CGI
 * environment (RFC 3875 section 4.1): the method, the query string's
 * parameters and the Accept and Accept-Language headers.
 *
 * The query is parsed strictly, because a link that means something other
 * than it says must not be half-understood: at most 4096 bytes; only the
 * parameters c, no, lang and format, each at most once; %-escapes must be
 * complete; values must be UTF-8 without control characters. The language
 * and format are known even when the query is refused, so the refusal is
 * in the asker's language and format.
 */
#ifndef STARMARK_CGI_REQUEST_H
#define STARMARK_CGI_REQUEST_H

#include "cgi_problem.h"

#define MAX_QUERY_BYTES 4096

struct request {
    int head_only;             /* HEAD: the headers without the body */
    const char *lang;          /* "zh" or "en" */
    int json;                  /* answer in JSON, like verifier --json */
    char *claim;               /* c: the QR claim (a compact JWS), or NULL */
    char *number;              /* no: a certificate number, trimmed, or NULL */
    enum problem problem;      /* PROBLEM_NONE, or why the request is refused */
};

/* The value of a CGI variable in environment ("NAME=value" strings, NULL
 * at the end: the process's environ for CGI, the request's parameters for
 * FastCGI), or NULL. */
const char *request_variable(char *const *environment, const char *name);

/* Reads the request from environment; lang_default applies when neither
 * lang= nor Accept-Language decides. */
void request_read(char *const *environment, const char *lang_default, struct request *out);
void request_free(struct request *request);

#endif
