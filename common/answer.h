/*
 * answer.h: the one answer a person gets, from the signature check (of a
 * record or a QR claim) and, when asked for, the published status. The
 * verifier CLI and the web endpoint both answer through here, so they give
 * the same result for the same input.
 */
#ifndef STARMARK_ANSWER_H
#define STARMARK_ANSWER_H

#include <jansson.h>
#include "publication.h"
#include "verify.h"

struct answer {
    const char *result;        /* valid, not_genuine, expired, not_yet_valid, suspended,
                                  revoked, withdrawn, overdue, status_unknown */
    int exit_status;           /* verifier(1): 0, 1, 3, 4, 5, 6 or 7 */
    int status_checked;
    struct status_check status;
};

/* status: NULL when the publication was not consulted. */
void answer_combine(enum verify_result verified, const struct status_check *status,
                    struct answer *out);

/* Sets "result" and "status_checked" in a --json object, and "status". */
void answer_to_json(const struct answer *answer, json_t *result);

#endif
