/*
 * verify.c: record verification, step by step: the JWS shape, the two
 * protected headers, each signature against a trusted key of the right role
 * whose window covers the issue date, the payload and its arithmetic, the
 * signers' names, and finally the dates.
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

static int not_genuine(struct verification *out, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

static int not_genuine(struct verification *out, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vsnprintf(out->reason, sizeof out->reason, format, args);
    va_end(args);
    out->result = RESULT_NOT_GENUINE;
    return -1;
}

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
        if (!role || !role_is_known(role))
            return not_genuine(out, "signature %zu has no role \"auditor\" or \"head\"", i + 1);
        if (*slot)
            return not_genuine(out, "two signatures claim the role %s", role);
        if (json_expect_object(signature->header, "protected header",
                               is_head ? head_header : auditor_header, &err) != 0)
            return not_genuine(out, "%s signature: %s", role, err.message);
        if (!typ || strcmp(typ, RECORD_TYPE) != 0)
            return not_genuine(out, "%s signature: typ is not %s", role, RECORD_TYPE);
        if (!kid || strlen(kid) != KID_LENGTH)
            return not_genuine(out, "%s signature: kid is not an %d-character key id", role,
                               KID_LENGTH);
        *slot = signature;
    }
    if (!*auditor)
        return not_genuine(out, "the lead auditor's signature is missing");
    if (!*head)
        return not_genuine(out, "the head's signature is missing: the conclusion is "
                                "pending approval and is not a certificate");
    return 0;
}

enum key_search { KEY_FOUND, KEY_OUTSIDE_WINDOW, KEY_NOT_VERIFIED };

/* Tries every trusted key of the role whose kid matches, as RFC 7515
 * verifiers do. KEY_FOUND: a key verifies the signature and its window
 * covers the issue date. KEY_OUTSIDE_WINDOW: a key verifies it, but none of
 * those is trusted on that date (*signer is one of them, for the message).
 * listed: the publication vouches for the record's bytes (record_verify_listed),
 * so the key is looked up but the arithmetic skipped. */
static enum key_search find_signer(const struct jws *jws, const struct jws_signature *signature,
                                   const char *role, const struct trust_store *trust,
                                   struct date issue_date, int listed,
                                   const struct trusted_key **signer, int *wrong_role)
{
    const char *kid = jws_header_string(signature, "kid");
    enum key_search found = KEY_NOT_VERIFIED;
    for (size_t i = 0; i < trust->key_count; i++) {
        const struct trusted_key *key = &trust->keys[i];
        if (strcmp(key->key.kid, kid) != 0)
            continue;
        if (strcmp(key->key.role, role) != 0) {
            *wrong_role = 1;
            continue;
        }
        if (!listed && jws_verify_signature(jws, signature, &key->key) != 0)
            continue;
        *signer = key;
        if (trust_window_covers(key, issue_date))
            return KEY_FOUND;
        found = KEY_OUTSIDE_WINDOW;
    }
    return found;
}

/* Both signatures are verified before any key window is judged: the issue
 * date comes from the head's signed header, so until that signature holds,
 * a window message could blame a genuine key for a forged date. */
static int check_signatures(const struct jws *jws, const struct jws_signature *auditor,
                            const struct jws_signature *head, const struct trust_store *trust,
                            struct date issue, int listed, const struct trusted_key **auditor_key,
                            const struct trusted_key **head_key, struct verification *out)
{
    const struct jws_signature *signatures[] = {head, auditor};
    const char *roles[] = {"head", "auditor"};
    const struct trusted_key **keys[] = {head_key, auditor_key};
    enum key_search results[2];
    for (int i = 0; i < 2; i++) {
        const char *kid = jws_header_string(signatures[i], "kid");
        int wrong_role = 0;
        results[i] = find_signer(jws, signatures[i], roles[i], trust, issue, listed, keys[i],
                                 &wrong_role);
        if (results[i] == KEY_NOT_VERIFIED && wrong_role)
            return not_genuine(out, "key %s is trusted, but not in the role %s", kid, roles[i]);
        if (results[i] == KEY_NOT_VERIFIED && trust_has_kid(trust, kid))
            return not_genuine(out, "signature by key %s (role %s) does not verify", kid,
                               roles[i]);
        if (results[i] == KEY_NOT_VERIFIED)
            return not_genuine(out, "the %s signature's key %s is not in the trust store",
                               roles[i], kid);
    }
    for (int i = 0; i < 2; i++) {
        if (results[i] != KEY_OUTSIDE_WINDOW)
            continue;
        char window[64], issued[11];
        trust_window_describe(*keys[i], window);
        date_format(issue, issued);
        return not_genuine(out, "key %s (role %s) is trusted only %s, not on the issue date %s",
                           (*keys[i])->key.kid, roles[i], window, issued);
    }
    return 0;
}

/* A key speaks for one person: the record must name that person. */
static int check_key_owner(const struct trusted_key *signer, const char *named,
                             const char *as, struct verification *out)
{
    if (strcmp(signer->key.name, named) != 0)
        return not_genuine(out, "key %s belongs to %s, but the record names %s as %s",
                           signer->key.kid, signer->key.name, named, as);
    memcpy(strcmp(as, "head") == 0 ? out->head_kid : out->auditor_kid, signer->key.kid,
           KID_LENGTH + 1);
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
                     ? not_genuine(out, "the record's QR claim: %s", err.message)
                 : claim_matches_certificate(&claim, c, &err) != 0
                     ? not_genuine(out, "%s", err.message)
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
        return not_genuine(out, "head signature: decision.issue_date is not a date");
    return 0;
}

/* Signatures first, so a changed payload is reported as what it is: a
 * signature that does not verify. Then the payload and its arithmetic. */
static int check_record(const char *text, size_t length, const struct trust_store *trust,
                        int listed, struct verification *out)
{
    struct jws jws;
    struct error err;
    const struct jws_signature *auditor, *head;
    const struct trusted_key *auditor_key = NULL, *head_key = NULL;
    struct date issue;
    if (length > MAX_RECORD_BYTES)
        return not_genuine(out, "record larger than %d bytes", MAX_RECORD_BYTES);
    if (jws_parse_general(text, length, &jws, &err) != 0)
        return not_genuine(out, "malformed record: %s", err.message);
    int failed = sort_signatures(&jws, &auditor, &head, out)
                 || read_issue_date(head, &issue, out)
                 || check_signatures(&jws, auditor, head, trust, issue, listed, &auditor_key,
                                     &head_key, out);
    if (!failed && certificate_from_payload((const char *)jws.payload, jws.payload_length,
                                            &out->certificate, &err) != 0)
        failed = not_genuine(out, "record payload: %s", err.message);
    if (!failed) {
        out->decoded = 1;
        if (certificate_set_decision(&out->certificate, json_object_get(head->header, "decision"),
                                     &err) != 0)
            failed = not_genuine(out, "head signature: %s", err.message);
    }
    const struct certificate *c = &out->certificate;
    if (!failed && date_compare(c->issue_date, c->audit_end) < 0)
        failed = not_genuine(out, "the decision predates the end of the audit");
    if (!failed && strcmp(c->body_id, trust->body_id) != 0)
        failed = not_genuine(out, "issued by body %s, but the trust store is for %s",
                             c->body_id, trust->body_id);
    failed = failed || check_key_owner(auditor_key, c->lead_auditor, "lead auditor", out)
             || check_key_owner(head_key, c->head_name, "head", out)
             || check_embedded_claim(c, out);
    jws_free(&jws);
    return failed ? -1 : 0;
}

static int verify_record(const char *text, size_t length, const struct trust_store *trust,
                         struct date at, int listed, struct verification *out)
{
    memset(out, 0, sizeof *out);
    out->checked_on = at;
    if (check_record(text, length, trust, listed, out) != 0) {
        /* Never show data from a record that is not genuine as if it were. */
        if (out->decoded)
            certificate_free(&out->certificate);
        out->decoded = 0;
        return verify_result_exit_status(out->result);
    }
    const struct certificate *c = &out->certificate;
    if (date_compare(at, c->issue_date) < 0)
        out->result = RESULT_NOT_YET_VALID;
    else if (date_compare(at, c->expiry_date) > 0)
        out->result = RESULT_EXPIRED;
    else
        out->result = RESULT_VALID;
    return verify_result_exit_status(out->result);
}

int record_verify(const char *text, size_t length, const struct trust_store *trust,
                  struct date at, struct verification *out)
{
    return verify_record(text, length, trust, at, 0, out);
}

int record_verify_listed(const char *text, size_t length, const struct trust_store *trust,
                         struct date at, struct verification *out)
{
    return verify_record(text, length, trust, at, 1, out);
}

void verification_free(struct verification *verification)
{
    if (verification->decoded)
        certificate_free(&verification->certificate);
    verification->decoded = 0;
}

const char *verify_result_name(enum verify_result result)
{
    static const char *const names[] = {"valid", "not_genuine", "expired", "not_yet_valid"};
    return names[result];
}

int verify_result_exit_status(enum verify_result result)
{
    static const int statuses[] = {EXIT_OK, EXIT_NOT_GENUINE, EXIT_EXPIRED, EXIT_EXPIRED};
    return statuses[result];
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
    json_t *result = json_pack("{s:s, s:s, s:b}", "result", verify_result_name(v->result),
                               "checked_on", checked, "status_checked", 0);
    if (v->reason[0])
        json_object_set_new(result, "reason", json_string(v->reason));
    if (v->decoded) {
        json_object_set_new(result, "certificate", certificate_json(&v->certificate));
        json_object_set_new(result, "signed_by",
                            json_pack("{s:s, s:s}", "auditor", v->auditor_kid, "head",
                                      v->head_kid));
    }
    return result;
}
