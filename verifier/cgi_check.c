/*
 * cgi_check.c: verifying a claim or a published record and combining it
 * with the published status, as verifier/main.c does for --status.
 */
#include "cgi_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jws.h"

/* The publication is consulted only for what is genuine, as verifier(1)
 * does: a forged claim's number says nothing. */
static void combine(enum verify_result verified, const char *number, const char *publication,
                    const struct trust_store *trust, long long now, struct answer *answer)
{
    struct status_check status;
    if (verified == RESULT_NOT_GENUINE) {
        answer_combine(verified, NULL, answer);
        return;
    }
    publication_check(publication, number, trust, now, &status);
    answer_combine(verified, &status, answer);
}

static int is_compact_jws(const char *claim)
{
    char *compact;
    struct jws jws;
    struct error err;
    if (claim_extract(claim, strlen(claim), &compact, &err) != 0)
        return 0;
    int parsed = jws_parse_compact(compact, strlen(compact), &jws, &err) == 0;
    if (parsed)
        jws_free(&jws);
    free(compact);
    return parsed;
}

/* Reads and verifies the published record of number; 0 when there is one. */
static int read_record(const char *number, const char *publication,
                       const struct trust_store *trust, struct date today,
                       struct verification *out)
{
    struct error err;
    size_t length;
    char *text = publication_read_record(publication, number, &length, &err);
    if (!text)
        return -1;
    record_verify(text, length, trust, today, out);
    free(text);
    return 0;
}

/* The record as the signed index lists it (by SHA-256): decoded without
 * checking its two signatures again, which would double the cost of a QR
 * page that only shows the record's scope beside the verified claim. */
static int read_listed_record(const char *number, const char *publication,
                              const struct status_check *status, struct date today,
                              struct verification *out)
{
    struct error err;
    size_t length;
    memset(out, 0, sizeof *out);
    char *text = publication_read_record(publication, number, &length, &err);
    if (!text)
        return -1;
    int listed = publication_record_listed(status, text, length)
                 && certificate_from_record(text, length, &out->certificate, &err) == 0;
    free(text);
    if (!listed)
        return -1;
    out->decoded = 1;
    out->checked_on = today;
    out->result = RESULT_VALID;
    return 0;
}

/* The scope and schedule a claim lacks, from the published record, when it
 * agrees with the claim. */
static void add_claim_record(const char *publication, const struct status_check *status,
                             struct date today, struct web_check *out)
{
    struct error err;
    if (read_listed_record(out->claim.claim.number, publication, status, today,
                           &out->record) != 0)
        return;
    if (claim_matches_certificate(&out->claim.claim, &out->record.certificate, &err) == 0)
        out->have_record = 1;
    else
        verification_free(&out->record);
}

enum problem check_claim(const char *claim, const char *publication,
                         const struct trust_store *trust, int with_record,
                         struct web_check *out)
{
    memset(out, 0, sizeof *out);
    out->from_claim = 1;
    if (!is_compact_jws(claim))
        return PROBLEM_MALFORMED_CLAIM;
    long long now = timestamp_now();
    struct date today = timestamp_date(now);
    claim_verify(claim, strlen(claim), trust, today, &out->claim);
    combine(out->claim.result, out->claim.decoded ? out->claim.claim.number : "", publication,
            trust, now, &out->answer);
    if (with_record && out->claim.decoded && out->answer.status_checked)
        add_claim_record(publication, &out->answer.status, today, out);
    return PROBLEM_NONE;
}

/* A genuine record filed under another number is a substitution: the page
 * must not show another company under the number the person typed. */
static void require_number(struct verification *record, const char *number)
{
    if (!record->decoded || strcmp(record->certificate.number, number) == 0)
        return;
    verification_free(record);
    record->result = RESULT_NOT_GENUINE;
    snprintf(record->reason, sizeof record->reason,
             "the record published as %s is for another certificate", number);
}

enum problem check_number(const char *number, const char *publication,
                          const struct trust_store *trust, struct web_check *out)
{
    memset(out, 0, sizeof *out);
    long long now = timestamp_now();
    if (read_record(number, publication, trust, timestamp_date(now), &out->record) != 0)
        return PROBLEM_NOT_FOUND;
    out->have_record = 1;
    require_number(&out->record, number);
    combine(out->record.result, number, publication, trust, now, &out->answer);
    return PROBLEM_NONE;
}

json_t *check_to_json(const struct web_check *check)
{
    json_t *result = check->from_claim ? claim_verification_to_json(&check->claim)
                                       : verification_to_json(&check->record);
    answer_to_json(&check->answer, result);
    return result;
}

void check_free(struct web_check *check)
{
    claim_verification_free(&check->claim);
    verification_free(&check->record);
    memset(check, 0, sizeof *check);
}
