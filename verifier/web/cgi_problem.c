/*
 * cgi_problem.c: the table of problems. The English sentence goes into the
 * JSON answer, for programs; people get the page's words in their language.
 */
#include "cgi_problem.h"

static const struct {
    const char *code;
    int http_status;
    const char *message;
} problems[] = {
    [PROBLEM_NONE] = {"none", 200, ""},
    [PROBLEM_METHOD_NOT_ALLOWED] = {"method_not_allowed", 405, "only GET and HEAD are served"},
    [PROBLEM_QUERY_TOO_LONG] = {"query_too_long", 400, "the query string is over 4096 bytes"},
    [PROBLEM_BAD_PERCENT_ENCODING] = {"bad_percent_encoding", 400,
                                      "a %-escape is not followed by two hex digits or is %00"},
    [PROBLEM_BAD_UTF8] = {"bad_utf8", 400,
                          "a parameter is not valid UTF-8 or contains control characters"},
    [PROBLEM_UNKNOWN_PARAMETER] = {"unknown_parameter", 400,
                                   "known parameters are c, no, lang and format"},
    [PROBLEM_REPEATED_PARAMETER] = {"repeated_parameter", 400, "a parameter is given twice"},
    [PROBLEM_CONFLICTING_PARAMETERS] = {"conflicting_parameters", 400,
                                        "give c (a QR claim) or no (a number), not both"},
    [PROBLEM_EMPTY_PARAMETER] = {"empty_parameter", 400,
                                 "give c (a QR claim) or no (a certificate number)"},
    [PROBLEM_BAD_VALUE] = {"bad_value", 400, "lang must be zh or en, format html or json"},
    [PROBLEM_NOT_A_NUMBER] = {"not_a_number", 400,
                              "no must be 3 to 64 letters, digits and hyphens"},
    [PROBLEM_MALFORMED_CLAIM] = {"malformed_claim", 400, "c is not a compact JWS"},
    [PROBLEM_NOT_FOUND] = {"not_found", 404, "no certificate with this number is published"},
    [PROBLEM_UNAVAILABLE] = {"unavailable", 503,
                             "the service is misconfigured; the server's error log says why"},
};

const char *problem_code(enum problem problem) { return problems[problem].code; }
int problem_http_status(enum problem problem) { return problems[problem].http_status; }
const char *problem_message(enum problem problem) { return problems[problem].message; }
