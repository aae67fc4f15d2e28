/*
 * answer.h: the one answer a person gets, from the signature check (of a
 * record or a QR claim) and, when asked for, the published status. The
 * verifier CLI and the web endpoint both answer through here (check.c), so
 * they give the same result for the same input.
 */
#ifndef STARMARK_ANSWER_H
#define STARMARK_ANSWER_H

#include <jansson.h>
#include "publication.h"
#include "verdict.h"

struct answer {
    enum outcome outcome;      /* its name is --json's "result", its exit status verifier(1)'s */
    int status_checked;
    struct publication_entry status;
};

/* status: NULL when the publication was not consulted. */
void answer_combine(enum outcome verified, const struct publication_entry *status,
                    struct answer *out);

/* Sets "result" and "status_checked" in a --json object, and "status". */
void answer_to_json(const struct answer *answer, json_t *result);

#endif
