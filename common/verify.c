/*
 * verify.c: record verification, step by step: the JWS shape, the two
 * protected headers, each signature by the trust decision (a trusted key of
 * the right role whose window covers the issue date), the payload and its
 * arithmetic, the signers' names, and finally the dates.
 */
#include "verify.h"

#include <stdio.h>
#include <string.h>

#include "claim.h"
#include "grade.h"
#include "json_strict.h"
#include "jws.h"

static const char *const auditor_header[] = {"alg", "kid", "typ", "role", NULL};
static const char *const head_header[] = {"alg", "kid", "typ", "role", "decision", NULL};

/* Finds the auditor's and the head's signature and checks their headers. */
static int sort_signatures(const struct jws *jws, const struct jws_signature **auditor,
                           const struct jws_signature **head, struct verification *out)
{
    *auditor = *head = NULL;
    for (size_t i = 0; i < jws->signature_count; i++) {
        const struct jws_signature *signature = &jws->signatures[i];
        const char *role = jws_header_string(signature, "role");
        const char *typ = jws_header_string(signature, "typ");
        const char *kid = jws_header_string(signature, "kid");
        int is_head = role && strcmp(role, "head") == 0;
        const struct jws_signature **slot = is_head ? head : auditor;
        struct error err;
        if (!role || (strcmp(role, "auditor") != 0 && !is_head))
            return not_genuine(&out->verdict, "signature %zu has no role \"auditor\" or \"head\"",
                               i + 1);
        if (*slot)
            return not_genuine(&out->verdict, "two signatures claim the role %s", role);
        if (json_expect_object(signature->header, "protected header",
                               is_head ? head_header : auditor_header, &err) != 0)
            return not_genuine(&out->verdict, "%s signature: %s", role, err.message);
        if (!typ || strcmp(typ, RECORD_TYPE) != 0)
            return not_genuine(&out->verdict, "%s signature: typ is not %s", role, RECORD_TYPE);
        if (!kid || strlen(kid) != KID_LENGTH)
            return not_genuine(&out->verdict, "%s signature: kid is not an %d-character key id",
                               role, KID_LENGTH);
        *slot = signature;
    }
    if (!*auditor)
        return not_genuine(&out->verdict, "the lead auditor's signature is missing");
    if (!*head)
        return not_genuine(&out->verdict, "the head's signature is missing: the conclusion is "
                           "pending approval and is not a certificate");
    return 0;
}

/* Both signatures are judged before any key window is reported: the
 * issue date comes from the head's signed header, so until that signature
 * holds, a window message could blame a genuine key for a forged date. */
static int check_signatures(const struct jws *jws, const struct jws_signature *auditor,
                            const struct jws_signature *head, struct date issue,
                            const struct verify_context *context,
                            const struct trusted_key **auditor_key,
                            const struct trusted_key **head_key, struct verification *out)
{
    const struct jws_signature *signatures[] = {head, auditor};
    const char *roles[] = {"head", "auditor"};
    const struct trusted_key **keys[] = {head_key, auditor_key};
    struct trust_verdict verdicts[2];
    for (int i = 0; i < 2; i++) {
        struct trust_question question = {roles[i], issue, "the issue date", NULL,
                                          context->vouched};
        trust_decide_jws(context->trust, &question, jws, signatures[i], context->cache,
                         &verdicts[i]);
        *keys[i] = verdicts[i].key;
        if (verdicts[i].outcome != TRUST_GENUINE && verdicts[i].outcome != TRUST_OUTSIDE_WINDOW)
            return not_genuine(&out->verdict, "%s", verdicts[i].reason);
    }
    for (int i = 0; i < 2; i++)
        if (verdicts[i].outcome == TRUST_OUTSIDE_WINDOW)
            return not_genuine(&out->verdict, "%s", verdicts[i].reason);
    return 0;
}

/* A key speaks for one person: the record must name that person. */
static int check_key_owner(const struct trusted_key *signer, const char *named,
                           const char *as, struct signer_seen *seen, struct verification *out)
{
    if (strcmp(signer->key.name, named) != 0)
        return not_genuine(&out->verdict, "key %s belongs to %s, but the record names %s as %s",
                           signer->key.kid, signer->key.name, named, as);
    memcpy(seen->kid, signer->key.kid, KID_LENGTH + 1);
    seen->alg = signer->key.algorithm->jose_name;
    return 0;
}

/* The QR claim in the decision must say what the record says: a record
 * must never carry a QR code for another certificate. Its own signature is
 * not checked again here: the head's signature over the decision covers
 * the claim's bytes, and a third signature check would cost a third of the
 * verifier's throughput. */
static int check_embedded_claim(const struct certificate *c, struct verification *out)
{
    if (!c->qr_claim)
        return 0;
    struct claim claim;
    struct error err;
    int failed = claim_decode(c->qr_claim, &claim, &err) != 0
                     ? not_genuine(&out->verdict, "the record's QR claim: %s", err.message)
                 : claim_matches_certificate(&claim, c, &err) != 0
                     ? not_genuine(&out->verdict, "%s", err.message)
                     : 0;
    claim_free(&claim);
    return failed;
}

/* The issue date decides which keys count, so it is read (from the head's
 * signed header) before the signatures are checked. */
static int read_issue_date(const struct jws_signature *head, struct date *issue,
                           struct verification *out)
{
    const json_t *decision = json_object_get(head->header, "decision");
    const char *text = json_string_value(json_object_get(decision, "issue_date"));
    if (!text || date_parse(text, issue) != 0)
        return not_genuine(&out->verdict, "head signature: decision.issue_date is not a date");
    return 0;
}

/* Signatures first, so a changed payload is reported as what it is: a
 * signature that does not verify. Then the payload and its arithmetic. */
static int check_record(const char *text, size_t length, const struct verify_context *context,
                        struct verification *out)
{
    struct jws jws;
    struct error err;
    const struct jws_signature *auditor, *head;
    const struct trusted_key *auditor_key = NULL, *head_key = NULL;
    struct date issue;
    if (length > MAX_RECORD_BYTES)
        return not_genuine(&out->verdict, "record larger than %d bytes", MAX_RECORD_BYTES);
    if (jws_parse_general(text, length, &jws, &err) != 0)
        return not_genuine(&out->verdict, "malformed record: %s", err.message);
    int failed = sort_signatures(&jws, &auditor, &head, out)
                 || read_issue_date(head, &issue, out)
                 || check_signatures(&jws, auditor, head, issue, context, &auditor_key,
                                     &head_key, out);
    if (!failed && certificate_from_payload((const char *)jws.payload, jws.payload_length,
                                            &out->certificate, &err) != 0)
        failed = not_genuine(&out->verdict, "record payload: %s", err.message);
    if (!failed) {
        out->decoded = 1;
        if (certificate_set_decision(&out->certificate, json_object_get(head->header, "decision"),
                                     &err) != 0)
            failed = not_genuine(&out->verdict, "head signature: %s", err.message);
    }
    const struct certificate *c = &out->certificate;
    if (!failed && date_compare(c->issue_date, c->audit_end) < 0)
        failed = not_genuine(&out->verdict, "the decision predates the end of the audit");
    if (!failed && !trust_is_body(context->trust, c->body_id))
        failed = not_genuine(&out->verdict, "issued by body %s, but the trust store is for %s",
                             c->body_id, context->trust->body_id);
    failed = failed
             || check_key_owner(auditor_key, c->lead_auditor, "lead auditor", &out->auditor, out)
             || check_key_owner(head_key, c->head_name, "head", &out->head, out)
             || check_embedded_claim(c, out);
    jws_free(&jws);
    return failed ? -1 : 0;
}

int record_verify(const char *text, size_t length, const struct verify_context *context,
                  struct verification *out)
{
    memset(out, 0, sizeof *out);
    out->checked_on = context->at;
    if (check_record(text, length, context, out) != 0) {
        /* Never show data from a record that is not genuine as if it were. */
        if (out->decoded)
            certificate_free(&out->certificate);
        out->decoded = 0;
        return outcome_exit_status(out->verdict.outcome);
    }
    const struct certificate *c = &out->certificate;
    if (date_compare(context->at, c->issue_date) < 0)
        out->verdict.outcome = OUTCOME_NOT_YET_VALID;
    else if (date_compare(context->at, c->expiry_date) > 0)
        out->verdict.outcome = OUTCOME_EXPIRED;
    else
        out->verdict.outcome = OUTCOME_VALID;
    return outcome_exit_status(out->verdict.outcome);
}

void verification_free(struct verification *verification)
{
    if (verification->decoded)
        certificate_free(&verification->certificate);
    verification->decoded = 0;
}

static json_t *certificate_json(const struct certificate *c)
{
    char issue[11], expiry[11], score[16];
    date_format(c->issue_date, issue);
    date_format(c->expiry_date, expiry);
    tenths_format(c->score_tenths, score);
    json_t *due = json_array();
    for (size_t i = 0; i < c->surveillance_count; i++) {
        char text[11];
        date_format(c->surveillance_due[i], text);
        json_array_append_new(due, json_string(text));
    }
    return json_pack("{s:s, s:{s:s, s:s}, s:{s:s, s:s, s:s}, s:s, s:s, s:{s:s, s:s, s:s, s:i}, "
                     "s:s, s:s, s:s, s:o, s:s, s:s, s:s*}",
                     "number", c->number, "body", "id", c->body_id, "name", c->body_name,
                     "holder", "name", c->holder_name, "uscc", c->holder_uscc, "address",
                     c->holder_address, "scope", c->scope, "standard", c->scheme->standard,
                     "grade", "id", c->grade->id, "name_zh", c->grade->name_zh, "name_en",
                     c->grade->name_en, "stars", c->grade->stars, "score", score,
                     "issue_date", issue, "expiry_date", expiry, "surveillance_due", due,
                     "lead_auditor", c->lead_auditor, "head", c->head_name, "supersedes",
                     c->supersedes);
}

json_t *verification_to_json(const struct verification *v)
{
    char checked[11];
    date_format(v->checked_on, checked);
    json_t *result = json_pack("{s:s, s:s, s:b}", "result", outcome_name(v->verdict.outcome),
                               "checked_on", checked, "status_checked", 0);
    if (v->verdict.reason[0])
        json_object_set_new(result, "reason", json_string(v->verdict.reason));
    if (v->decoded) {
        json_object_set_new(result, "certificate", certificate_json(&v->certificate));
        json_object_set_new(result, "signed_by",
                            json_pack("{s:s, s:s, s:{s:s, s:s}}", "auditor", v->auditor.kid,
                                      "head", v->head.kid, "algorithms", "auditor",
                                      v->auditor.alg, "head", v->head.alg));
    }
    return result;
}
