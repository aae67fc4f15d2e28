/*
 * claim.c: building, finding and verifying the QR claim. Member names are
 * one letter because every byte makes the QR code denser; docs/qr-claim.md
 * spells them out.
 */
#include "claim.h"

#include <stdio.h>
#include <string.h>

#include "base64url.h"
#include "json_strict.h"
#include "jws.h"
#include "uscc.h"

static const char *const claim_members[] = {"n", "b", "h", "c", "g", "i", "e", NULL};

json_t *claim_payload(const struct certificate *c)
{
    char issue[11], expiry[11];
    date_format(c->issue_date, issue);
    date_format(c->expiry_date, expiry);
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "n", c->number, "b", c->body_id,
                     "h", c->holder_name, "c", c->holder_uscc, "g", c->grade->id, "i", issue,
                     "e", expiry);
}

int claim_extract(const char *text, size_t length, char **jws, struct error *err)
{
    if (length > MAX_QR_TEXT_BYTES)
        return fail(err, "QR text larger than %d bytes", MAX_QR_TEXT_BYTES);
    if (memchr(text, '\0', length))
        return fail(err, "QR text contains a NUL byte");
    while (length > 0 && (text[length - 1] == '\n' || text[length - 1] == '\r'))
        length--; /* scanners end their output with a newline */
    const char *start = text, *end = text + length;
    const char *query = memchr(text, '?', length);
    if (query) {
        const char *found = NULL;
        for (const char *p = query; p + 3 <= end; p++)
            if ((*p == '?' || *p == '&') && p[1] == 'c' && p[2] == '=') {
                found = p + 3;
                break;
            }
        if (!found)
            return fail(err, "QR text has no c= parameter");
        start = found;
        const char *ampersand = memchr(start, '&', (size_t)(end - start));
        if (ampersand)
            end = ampersand;
    }
    size_t jws_length = (size_t)(end - start);
    static const char allowed[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                  "0123456789-_.";
    /* The text is not NUL-terminated: check each byte, never strspn. */
    for (size_t i = 0; i < jws_length; i++)
        if (start[i] == '\0' || !strchr(allowed, start[i]))
            return fail(err, "QR text does not hold a compact JWS");
    if (jws_length == 0)
        return fail(err, "QR text does not hold a compact JWS");
    *jws = memcpy(xcalloc(1, jws_length + 1), start, jws_length);
    return 0;
}

static char *member_copy(const json_t *payload, const char *key, struct error *err)
{
    const char *text = json_string_member(payload, key, "claim", 0, err);
    return text ? xstrdup(text) : NULL;
}

static int parse_claim(const char *payload_text, size_t length, struct claim *out,
                       struct error *err)
{
    json_t *payload = json_parse_strict(payload_text, length, 4096, "claim", err);
    if (!payload)
        return -1;
    const char *issue, *expiry;
    char why[USCC_WHY_SIZE];
    int failed = json_expect_object(payload, "claim", claim_members, err)
                 || !(out->number = member_copy(payload, "n", err))
                 || !(out->body_id = member_copy(payload, "b", err))
                 || !(out->holder_name = member_copy(payload, "h", err))
                 || !(out->holder_uscc = member_copy(payload, "c", err))
                 || !(out->grade_id = member_copy(payload, "g", err))
                 || !(issue = json_string_member(payload, "i", "claim", 0, err))
                 || !(expiry = json_string_member(payload, "e", "claim", 0, err));
    if (!failed && (date_parse(issue, &out->issue_date) != 0
                    || date_parse(expiry, &out->expiry_date) != 0
                    || date_compare(out->issue_date, out->expiry_date) >= 0))
        failed = fail(err, "claim: i and e must be dates, issue before expiry");
    if (!failed && !certificate_number_is_valid(out->number))
        failed = fail(err, "claim: n is not a certificate number");
    if (!failed && uscc_check(out->holder_uscc, why) != 0)
        failed = fail(err, "claim: credit code %s %s", out->holder_uscc, why);
    if (!failed && !(out->grade = scheme_grade_anywhere(out->grade_id, &out->standard)))
        failed = fail(err, "claim: grade \"%s\" is not a grade of a known scheme",
                      out->grade_id);
    json_decref(payload);
    return failed ? -1 : 0;
}

int claim_decode(const char *compact, struct claim *out, struct error *err)
{
    memset(out, 0, sizeof *out);
    /* Only the payload, the middle part: the header and signature are not
     * looked at (see claim.h). */
    const char *first = strchr(compact, '.');
    const char *second = first ? strchr(first + 1, '.') : NULL;
    size_t length;
    unsigned char *payload = second ? base64url_decode(first + 1, (size_t)(second - first - 1),
                                                       &length)
                                    : NULL;
    if (!payload)
        return fail(err, "QR claim: not a compact JWS");
    int result = parse_claim((const char *)payload, length, out, err);
    free(payload);
    return result;
}

void claim_free(struct claim *c)
{
    char *strings[] = {c->number, c->body_id, c->holder_name, c->holder_uscc, c->grade_id};
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
        free(strings[i]);
    memset(c, 0, sizeof *c);
}

int claim_read(const char *text, size_t length, struct scanned_claim *out, struct error *err)
{
    struct error inner;
    memset(out, 0, sizeof *out);
    if (claim_extract(text, length, &out->compact, err) != 0)
        return -1;
    if (jws_parse_compact(out->compact, strlen(out->compact), &out->jws, &inner) != 0) {
        free(out->compact);
        out->compact = NULL;
        return fail(err, "malformed QR claim: %s", inner.message);
    }
    if (parse_claim((const char *)out->jws.payload, out->jws.payload_length, &out->claim,
                    &inner) == 0)
        out->decoded = 1;
    else
        snprintf(out->problem, sizeof out->problem, "%s", inner.message);
    return 0;
}

void scanned_claim_free(struct scanned_claim *scanned)
{
    free(scanned->compact);
    jws_free(&scanned->jws);
    claim_free(&scanned->claim);
    memset(scanned, 0, sizeof *scanned);
}

/* The claim must be signed by a head key trusted on its issue date. Its
 * header is only {"alg":...}: a kid would cost 30 bytes of QR code, and a
 * body has few head keys to try. A record's head signature can never pass
 * for a claim, because its header (part of what is signed) differs. */
static int check_claim(struct scanned_claim *scanned, const struct verify_context *context,
                       const char *expected_kid, struct claim_verification *out)
{
    static const char *const header_members[] = {"alg", NULL};
    const struct jws_signature *signature = &scanned->jws.signatures[0];
    struct error err;
    if (!scanned->decoded)
        return not_genuine(&out->verdict, "%s", scanned->problem);
    out->claim = scanned->claim;
    memset(&scanned->claim, 0, sizeof scanned->claim);
    out->decoded = 1;
    if (json_expect_object(signature->header, "QR claim header", header_members, &err) != 0)
        return not_genuine(&out->verdict, "%s", err.message);
    struct trust_question question = {"head", out->claim.issue_date, "its issue date",
                                      expected_kid, context->vouched};
    struct trust_verdict verdict;
    if (trust_decide_jws(context->trust, &question, &scanned->jws, signature, context->cache,
                         &verdict) != 0)
        return not_genuine(&out->verdict, "the QR claim: %s", verdict.reason);
    memcpy(out->head.kid, verdict.key->key.kid, KID_LENGTH + 1);
    out->head.alg = verdict.key->key.algorithm->jose_name;
    if (!trust_is_body(context->trust, out->claim.body_id))
        return not_genuine(&out->verdict, "issued by body %s, but the trust store is for %s",
                           out->claim.body_id, context->trust->body_id);
    return 0;
}

int claim_judge(struct scanned_claim *scanned, const struct verify_context *context,
                const char *expected_kid, struct claim_verification *out)
{
    memset(out, 0, sizeof *out);
    out->checked_on = context->at;
    if (check_claim(scanned, context, expected_kid, out) != 0) {
        claim_verification_free(out);
        return outcome_exit_status(out->verdict.outcome);
    }
    const struct claim *claim = &out->claim;
    if (date_compare(context->at, claim->issue_date) < 0)
        out->verdict.outcome = OUTCOME_NOT_YET_VALID;
    else if (date_compare(context->at, claim->expiry_date) > 0)
        out->verdict.outcome = OUTCOME_EXPIRED;
    else
        out->verdict.outcome = OUTCOME_VALID;
    return outcome_exit_status(out->verdict.outcome);
}

int claim_verify(const char *text, size_t length, const struct verify_context *context,
                 struct claim_verification *out)
{
    struct scanned_claim scanned;
    struct error err;
    if (claim_read(text, length, &scanned, &err) != 0) {
        memset(out, 0, sizeof *out);
        out->checked_on = context->at;
        not_genuine(&out->verdict, "%s", err.message);
        return outcome_exit_status(out->verdict.outcome);
    }
    int status = claim_judge(&scanned, context, NULL, out);
    scanned_claim_free(&scanned);
    return status;
}

void claim_verification_free(struct claim_verification *v)
{
    claim_free(&v->claim);
    v->decoded = 0;
}

json_t *claim_verification_to_json(const struct claim_verification *v)
{
    char checked[11], issue[11], expiry[11];
    date_format(v->checked_on, checked);
    json_t *result = json_pack("{s:s, s:s, s:s, s:b}", "result",
                               outcome_name(v->verdict.outcome), "source", "qr", "checked_on",
                               checked, "status_checked", 0);
    if (v->verdict.reason[0])
        json_object_set_new(result, "reason", json_string(v->verdict.reason));
    if (!v->decoded)
        return result;
    const struct claim *c = &v->claim;
    date_format(c->issue_date, issue);
    date_format(c->expiry_date, expiry);
    json_object_set_new(result, "certificate",
                        json_pack("{s:s, s:{s:s}, s:{s:s, s:s}, s:s, s:{s:s, s:s, s:s, s:i},"
                                  " s:s, s:s}",
                                  "number", c->number, "body", "id", c->body_id, "holder",
                                  "name", c->holder_name, "uscc", c->holder_uscc, "standard",
                                  c->standard, "grade", "id", c->grade->id, "name_zh",
                                  c->grade->name_zh, "name_en", c->grade->name_en, "stars",
                                  c->grade->stars, "issue_date", issue, "expiry_date", expiry));
    json_object_set_new(result, "signed_by", json_pack("{s:s, s:{s:s}}", "head", v->head.kid,
                                                       "algorithms", "head", v->head.alg));
    return result;
}

int claim_matches_certificate(const struct claim *claim, const struct certificate *c,
                              struct error *err)
{
    const char *fields[][3] = {{"number", claim->number, c->number},
                               {"body", claim->body_id, c->body_id},
                               {"holder name", claim->holder_name, c->holder_name},
                               {"credit code", claim->holder_uscc, c->holder_uscc},
                               {"grade", claim->grade_id, c->grade->id}};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (strcmp(fields[i][1], fields[i][2]) != 0)
            return fail(err, "the QR claim's %s \"%s\" differs from the record's \"%s\"",
                        fields[i][0], fields[i][1], fields[i][2]);
    if (date_compare(claim->issue_date, c->issue_date) != 0
        || date_compare(claim->expiry_date, c->expiry_date) != 0)
        return fail(err, "the QR claim's dates differ from the record's");
    return 0;
}
