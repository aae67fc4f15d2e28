/*
 * cgi_check.h: the check behind each answer of verify.cgi, the same as
 * verifier(1) makes with --status: the QR claim (c=) or the record the body
 * published (no=) is verified against the trust store, the certificate's
 * status is looked up in the publication, and the two are combined
 * (answer.h), so the web and the command line never disagree.
 *
 * For the page a claim is completed with the published record's scope and
 * surveillance schedule, when that record is genuine and says the same as
 * the claim; the answer and the JSON do not depend on it.
 */
#ifndef STARMARK_CGI_CHECK_H
#define STARMARK_CGI_CHECK_H

#include <jansson.h>
#include "answer.h"
#include "cgi_problem.h"
#include "claim.h"
#include "trust.h"
#include "verify.h"

struct web_check {
    int from_claim;
    struct claim_verification claim;   /* when from_claim */
    struct verification record;        /* the record asked for, or the claim's record */
    int have_record;                   /* record is filled in */
    struct answer answer;
};

/* c=: PROBLEM_MALFORMED_CLAIM when claim is not even a compact JWS; a JWS
 * that fails verification is an answer ("not genuine"), not a problem.
 * A claim that is byte for byte the one in the record the publication
 * lists for its number is genuine without its own signature check (the
 * body published it); any other has its signature checked.
 * with_record: keep that published record, for a page. */
enum problem check_claim(const char *claim, const char *publication,
                         const struct trust_store *trust, int with_record,
                         struct web_check *out);

/* no=: PROBLEM_NOT_FOUND when the publication has no record by that number. */
enum problem check_number(const char *number, const char *publication,
                          const struct trust_store *trust, struct web_check *out);

/* What `verifier --json --status` prints for the same input. */
json_t *check_to_json(const struct web_check *check);

void check_free(struct web_check *check);

#endif
