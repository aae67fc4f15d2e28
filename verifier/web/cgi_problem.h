/*
 * cgi_problem.h: the ways a request to verify.cgi can go wrong and the
 * HTTP status each one gets. The code names the page's words
 * (problem_CODE in templates/verify-strings.txt) and is the "error" member
 * of the JSON answer, so it is public interface (docs/web-endpoint.md).
 */
#ifndef STARMARK_CGI_PROBLEM_H
#define STARMARK_CGI_PROBLEM_H

enum problem {
    PROBLEM_NONE,
    PROBLEM_METHOD_NOT_ALLOWED,
    PROBLEM_QUERY_TOO_LONG,
    PROBLEM_BAD_PERCENT_ENCODING,
    PROBLEM_BAD_UTF8,
    PROBLEM_UNKNOWN_PARAMETER,
    PROBLEM_REPEATED_PARAMETER,
    PROBLEM_CONFLICTING_PARAMETERS,
    PROBLEM_EMPTY_PARAMETER,
    PROBLEM_BAD_VALUE,
    PROBLEM_NOT_A_NUMBER,
    PROBLEM_MALFORMED_CLAIM,
    PROBLEM_NOT_FOUND,
    PROBLEM_UNAVAILABLE,
};

const char *problem_code(enum problem problem);        /* "query_too_long", ... */
int problem_http_status(enum problem problem);          /* 400, 404, 405 or 503 */
const char *problem_message(enum problem problem);      /* one English sentence */

#endif
