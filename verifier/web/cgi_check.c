/*
 * cgi_check.c: verifying a claim or a published record and combining it
 * with the published status, as verifier/main.c does for --status.
 */
#include "cgi_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jws.h"

/* The compact JWS in a c= value, or NULL when it holds none. */
static char *compact_claim(const char *claim)
{
    char *compact;
    struct jws jws;
    struct error err;
    if (claim_extract(claim, strlen(claim), &compact, &err) != 0)
        return NULL;
    if (jws_parse_compact(compact, strlen(compact), &jws, &err) != 0) {
        free(compact);
        return NULL;
    }
    jws_free(&jws);
    return compact;
}

/* Reads and verifies the published record of number; 0 when there is one.
 * One the publication lists by digest spares its two signature checks
 * (record_verify_listed), as a claim it lists spares one. */
static int read_record(const char *number, const struct trust_store *trust,
                       const struct status_check *status, struct date today,
                       struct verification *out)
{
    struct error err;
    size_t length;
    char *text = publication_read_record(status, number, &length, &err);
    if (!text)
        return -1;
    if (publication_record_listed(status, text, length))
        record_verify_listed(text, length, trust, today, out);
    else
        record_verify(text, length, trust, today, out);
    free(text);
    return 0;
}

/* The record as the publication lists it (by SHA-256): decoded without
 * checking its two signatures again, which would double the cost of a QR
 * page that only shows the record's scope beside the claim. */
static int read_listed_record(const char *number, const struct status_check *status,
                              struct date today, struct verification *out)
{
    struct error err;
    size_t length;
    memset(out, 0, sizeof *out);
    char *text = publication_read_record(status, number, &length, &err);
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

/* Accepts a claim as genuine without checking its signature, when it is
 * byte for byte the QR claim of the record the publication lists for its
 * number; 1 then, with out filled as claim_verify() fills it. Sound because
 * the record's SHA-256 is listed in the shard index that the manifest,
 * signed by a head key the trust store trusts for this body, reaches by
 * digest (publication_check), so the record
 * is what the body published, and the record's head signature covers
 * decision.qr_claim: the body published this very claim as its own. The
 * head key named by the record's signature signed the claim too (at
 * approval, issuer/certification/issuing.c); it must be a head key trusted on the claim's
 * issue date, and the claim for the trust store's body, as claim_verify()
 * requires, so both ways give the same answer. Any other claim (forged,
 * superseded, or one the publication does not list yet) returns 0 and has
 * its signature checked. */
static int accept_published_claim(const char *compact, struct claim *claim,
                                  const struct certificate *record,
                                  const struct trust_store *trust, struct date today,
                                  struct claim_verification *out)
{
    if (!record->qr_claim || strcmp(record->qr_claim, compact) != 0 || !record->head_kid
        || strcmp(claim->body_id, trust->body_id) != 0)
        return 0;
    for (size_t i = 0; i < trust->key_count; i++) {
        const struct trusted_key *key = &trust->keys[i];
        if (strcmp(key->key.kid, record->head_kid) == 0 && strcmp(key->key.role, "head") == 0
            && trust_window_covers(key, claim->issue_date)) {
            claim_accept(claim, key->key.kid, today, out);
            return 1;
        }
    }
    return 0;
}

/* Keeps the claim's published record for the page's scope and schedule
 * when the claim is genuine and says the same. */
static void keep_claim_record(struct web_check *out)
{
    struct error err;
    if (out->claim.result != RESULT_NOT_GENUINE
        && claim_matches_certificate(&out->claim.claim, &out->record.certificate, &err) == 0)
        out->have_record = 1;
    else
        verification_free(&out->record);
}

/* Looks the number the claim decodes to up in the publication (into
 * *status, then *looked_up is 1) and reads the record the index lists for
 * it (then out->record is decoded); 1 when that record vouches for the
 * claim, which then fills out->claim. */
static int vouched_by_publication(const char *compact, const char *publication,
                                  const struct trust_store *trust, long long now,
                                  struct status_check *status, int *looked_up,
                                  struct web_check *out)
{
    struct claim claim;
    struct error err;
    struct date today = timestamp_date(now);
    /* A claim that does not decode cannot be genuine: claim_verify says why. */
    *looked_up = claim_decode(compact, &claim, &err) == 0;
    if (!*looked_up)
        return 0;
    publication_check(publication, claim.number, trust, now, status);
    int accepted = read_listed_record(claim.number, status, today, &out->record) == 0
                   && accept_published_claim(compact, &claim, &out->record.certificate, trust,
                                             today, &out->claim);
    claim_free(&claim);
    return accepted;
}

enum problem check_claim(const char *claim, const char *publication,
                         const struct trust_store *trust, int with_record,
                         struct web_check *out)
{
    memset(out, 0, sizeof *out);
    out->from_claim = 1;
    char *compact = compact_claim(claim);
    if (!compact)
        return PROBLEM_MALFORMED_CLAIM;
    long long now = timestamp_now();
    struct status_check status;
    int looked_up;
    if (!vouched_by_publication(compact, publication, trust, now, &status, &looked_up, out))
        claim_verify(claim, strlen(claim), trust, timestamp_date(now), &out->claim);
    free(compact);
    /* The publication speaks only for a genuine claim, as verifier(1) has it; one
     * decodes to the number looked up above (the same payload, which
     * jws_parse_compact decodes at least as strictly as claim_decode). */
    int genuine = out->claim.result != RESULT_NOT_GENUINE;
    answer_combine(out->claim.result, genuine && looked_up ? &status : NULL, &out->answer);
    if (with_record && out->record.decoded)
        keep_claim_record(out);
    else
        verification_free(&out->record);
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
    struct status_check status;
    publication_check(publication, number, trust, now, &status);
    if (read_record(number, trust, &status, timestamp_date(now), &out->record) != 0)
        return PROBLEM_NOT_FOUND;
    out->have_record = 1;
    require_number(&out->record, number);
    /* The publication speaks only for a genuine record, as verifier(1) has it. */
    answer_combine(out->record.result,
                   out->record.result == RESULT_NOT_GENUINE ? NULL : &status, &out->answer);
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
