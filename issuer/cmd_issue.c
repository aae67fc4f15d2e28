/*
 * cmd_issue.c: from assessment to certificate. `issue` records each
 * conclusion signed by the lead auditor (pending); `approve` adds the head's
 * signature over the same payload plus the decision, which is the moment
 * the certificate is issued (Art. 23 of the Regulations: the conclusion is
 * signed by the auditors, then by the body's head).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assessment.h"
#include "base64url.h"
#include "claim.h"
#include "commands.h"
#include "grade.h"
#include "json_strict.h"
#include "keyfile.h"
#include "options.h"
#include "signer.h"

/* A loaded private key and what the registry knows of it. */
struct signer {
    EVP_PKEY *key;
    struct registered_key registered;
};

static void load_signer(const char *path, const char *role, struct registry *registry,
                        struct date on, struct signer *out)
{
    struct error err;
    out->key = keyfile_load(path, &err);
    if (!out->key)
        die(EXIT_USAGE, "%s", err.message);
    char kid[KID_LENGTH + 1];
    jwk_kid(out->key, kid);
    if (registry_find_key(registry, kid, &out->registered, &err) != 0)
        die(EXIT_USAGE, "%s: %s", path, err.message);
    if (strcmp(out->registered.role, role) != 0)
        die(EXIT_USAGE, "%s: key %s is registered as %s, not %s", path, kid,
            out->registered.role, role);
    if (!registered_key_covers(&out->registered, on)) {
        char day[11];
        date_format(on, day);
        die(EXIT_USAGE, "%s: key %s is not trusted on %s (see its not_before/not_after)", path,
            kid, day);
    }
}

static void free_signer(struct signer *signer)
{
    EVP_PKEY_free(signer->key);
    registered_key_free(&signer->registered);
}

static void compute_decision(struct certificate *c, const struct body_settings *body,
                             const char *head_name, struct date issue)
{
    c->head_name = xstrdup(head_name);
    c->issue_date = issue;
    c->expiry_date = date_expiry(issue, body->validity_years);
    c->surveillance_count = 0;
    /* Counted from the issue date each time, so a 29 February does not
     * drag every later due date to the 28th. */
    for (int k = 1; c->surveillance_count < MAX_SURVEILLANCES; k++) {
        struct date due = date_add_months(issue, k * body->surveillance_months);
        if (date_compare(due, c->expiry_date) > 0)
            break;
        c->surveillance_due[c->surveillance_count++] = due;
    }
    c->approved = 1;
}

/* The short claim for the QR code, signed by the head (docs/qr-claim.md). */
static char *sign_claim(const struct certificate *c, const struct signer *head)
{
    json_t *payload = claim_payload(c);
    char *text = json_dump_compact(payload);
    char *payload_b64 = base64url_encode(text, strlen(text));
    json_t *header = json_object(); /* only "alg": see check_claim_signature() */
    char *compact = signer_sign_compact(head->key, header, payload_b64);
    json_decref(header);
    free(payload_b64);
    free(text);
    json_decref(payload);
    return compact;
}

/* Signs the decision and stores the record; the transaction is open. */
static int approve_one(struct registry *registry, struct certificate *c,
                       const char *payload_b64, json_t *auditor_signature,
                       const struct signer *head, struct date issue, struct error *err)
{
    char issue_text[11], end_text[11];
    date_format(issue, issue_text);
    date_format(c->audit_end, end_text);
    if (date_compare(issue, c->audit_end) < 0)
        return fail(err, "%s: issue date %s is before the audit ended (%s)", c->number,
                    issue_text, end_text);
    compute_decision(c, &registry->body, head->registered.name, issue);
    json_t *header = json_pack("{s:s, s:s, s:s, s:o}", "kid", head->registered.kid, "typ",
                               RECORD_TYPE, "role", "head", "decision",
                               certificate_to_decision(c));
    json_t *record = json_pack("{s:s, s:[O, o]}", "payload", payload_b64, "signatures",
                               auditor_signature, signer_sign(head->key, header, payload_b64));
    char *text = json_dumps(record, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    char *claim = sign_claim(c, head);
    if (strlen(text) > MAX_RECORD_BYTES) { /* verifiers would refuse it unread */
        free(text);
        free(claim);
        json_decref(record);
        json_decref(header);
        return fail(err, "%s: the record would exceed %d bytes", c->number, MAX_RECORD_BYTES);
    }
    char expiry_text[11];
    date_format(c->expiry_date, expiry_text);
    char *details = xasprintf("issued %s, expires %s, head %s, QR claim %s", issue_text,
                              expiry_text, c->head_name, claim);
    int result = registry_store_approval(registry, c->number, text, claim,
                                         head->registered.kid, issue, c->expiry_date,
                                         c->surveillance_due, c->surveillance_count, err)
                 || registry_log(registry, "approve", c->number, head->registered.kid, details,
                                 err)
                 ? -1 : 0;
    free(details);
    free(claim);
    free(text);
    json_decref(record);
    json_decref(header);
    return result;
}

/* Numbers, signs and stores one graded assessment; the transaction is open. */
static int issue_one(struct registry *registry, struct certificate *c,
                     const struct signer *auditor, const struct signer *head,
                     struct date on, struct error *err)
{
    if (registry_next_number(registry, on.year, &c->number, err) != 0)
        return -1;
    c->body_id = xstrdup(registry->body.id);
    c->body_name = xstrdup(registry->body.name);
    c->verify_url = xstrdup(registry->body.verify_url);
    json_t *payload = certificate_to_payload(c);
    char *payload_text = json_dump_compact(payload);
    char *payload_b64 = base64url_encode(payload_text, strlen(payload_text));
    json_t *header = json_pack("{s:s, s:s, s:s}", "kid", auditor->registered.kid, "typ",
                               RECORD_TYPE, "role", "auditor");
    json_t *signature = signer_sign(auditor->key, header, payload_b64);
    char *signature_text = json_dump_compact(signature);
    char score[16];
    tenths_format(c->score_tenths, score);
    char *details = xasprintf("%s, %s, score %s, grade %s", c->holder_name, c->holder_uscc,
                              score, c->grade->id);
    int result = registry_insert_pending(registry, c->number, c->holder_name, c->holder_uscc,
                                         c->grade->id, c->score_tenths, payload_b64,
                                         signature_text, auditor->registered.kid, err)
                 || registry_log(registry, "issue", c->number, auditor->registered.kid,
                                 details, err)
                 || (head && approve_one(registry, c, payload_b64, signature, head, on, err))
                 ? -1 : 0;
    free(details);
    free(signature_text);
    json_decref(signature);
    json_decref(header);
    free(payload_b64);
    free(payload_text);
    json_decref(payload);
    return result;
}

static void check_lead_auditor(const struct certificate *c, const char *path,
                               const struct signer *auditor)
{
    if (strcmp(c->lead_auditor, auditor->registered.name) != 0)
        die(EXIT_USAGE, "%s: audit.lead_auditor is \"%s\", but the key %s belongs to \"%s\"",
            path, c->lead_auditor, auditor->registered.kid, auditor->registered.name);
}

int cmd_issue(int argc, char **argv)
{
    static const char usage[] = "issuer issue --db FILE --key AUDITOR.key"
                                " [--approve-key HEAD.key] [--date YYYY-MM-DD] ASSESSMENT.json...";
    const char *db = NULL, *key_path = NULL, *approve_path = NULL, *date_text = NULL;
    const struct option_spec specs[] = {
        {"db", &db, NULL}, {"key", &key_path, NULL}, {"approve-key", &approve_path, NULL},
        {"date", &date_text, NULL}, {NULL, NULL, NULL}};
    char **paths = xcalloc((size_t)argc, sizeof *paths);
    int count;
    options_parse(argc, argv, 1, specs, paths, argc, &count, usage);
    if (!key_path || count == 0)
        die(EXIT_USAGE, "issue needs --key and at least one assessment (usage: %s)", usage);
    struct date on = date_option("date", date_text);
    /* Every file is read and graded before anything is signed or stored. */
    struct certificate *certificates = xcalloc((size_t)count, sizeof *certificates);
    struct error err;
    for (int i = 0; i < count; i++)
        if (assessment_load(paths[i], &certificates[i], &err) != 0)
            die(EXIT_USAGE, "%s", err.message);
    struct registry registry;
    open_registry(db, &registry);
    struct signer auditor, head;
    load_signer(key_path, "auditor", &registry, on, &auditor);
    if (approve_path)
        load_signer(approve_path, "head", &registry, on, &head);
    for (int i = 0; i < count; i++)
        check_lead_auditor(&certificates[i], paths[i], &auditor);
    int failed = registry_begin(&registry, &err);
    for (int i = 0; i < count && !failed; i++)
        failed = issue_one(&registry, &certificates[i], &auditor, approve_path ? &head : NULL,
                           on, &err);
    failed = failed || registry_commit(&registry, &err);
    if (failed) {
        registry_rollback(&registry);
        die(EXIT_USAGE, "nothing was issued: %s", err.message);
    }
    for (int i = 0; i < count; i++) {
        puts(certificates[i].number);
        certificate_free(&certificates[i]);
    }
    free(certificates);
    free(paths);
    free_signer(&auditor);
    if (approve_path)
        free_signer(&head);
    registry_close(&registry);
    return EXIT_OK;
}

/* Decodes a pending conclusion back into a certificate and its signature. */
static int load_pending(struct registry *registry, const char *number, struct date on,
                        struct certificate *c, char **payload_b64, json_t **signature,
                        struct error *err)
{
    struct stored_certificate stored;
    if (registry_get(registry, number, &stored, err) != 0)
        return -1;
    if (strcmp(stored.status, "pending") != 0) {
        fail(err, "%s is not pending approval (status %s)", number, stored.status);
        stored_certificate_free(&stored);
        return -1;
    }
    /* Verifiers check the auditor's key on the issue date too. */
    struct registered_key auditor;
    int covered = registry_find_key(registry, stored.auditor_kid, &auditor, err) == 0
                  && registered_key_covers(&auditor, on);
    registered_key_free(&auditor);
    if (!covered) {
        char day[11];
        date_format(on, day);
        fail(err, "%s: the lead auditor's key %s is not trusted on %s", number,
             stored.auditor_kid, day);
        stored_certificate_free(&stored);
        return -1;
    }
    size_t length;
    unsigned char *payload = base64url_decode(stored.payload_b64, strlen(stored.payload_b64),
                                              &length);
    int result = payload ? certificate_from_payload((const char *)payload, length, c, err)
                         : fail(err, "%s: the stored payload is damaged", number);
    *signature = result == 0 ? json_loads(stored.auditor_signature, 0, NULL) : NULL;
    if (result == 0 && !*signature)
        result = fail(err, "%s: the stored signature is damaged", number);
    *payload_b64 = xstrdup(stored.payload_b64);
    free(payload);
    stored_certificate_free(&stored);
    return result;
}

int cmd_approve(int argc, char **argv)
{
    static const char usage[] =
        "issuer approve --db FILE --key HEAD.key [--date YYYY-MM-DD] CERTNO...";
    const char *db = NULL, *key_path = NULL, *date_text = NULL;
    const struct option_spec specs[] = {
        {"db", &db, NULL}, {"key", &key_path, NULL}, {"date", &date_text, NULL},
        {NULL, NULL, NULL}};
    char **numbers = xcalloc((size_t)argc, sizeof *numbers);
    int count;
    options_parse(argc, argv, 1, specs, numbers, argc, &count, usage);
    if (!key_path || count == 0)
        die(EXIT_USAGE, "approve needs --key and a certificate number (usage: %s)", usage);
    struct date on = date_option("date", date_text);
    struct registry registry;
    open_registry(db, &registry);
    struct signer head;
    load_signer(key_path, "head", &registry, on, &head);
    struct error err;
    int failed = registry_begin(&registry, &err);
    for (int i = 0; i < count && !failed; i++) {
        struct certificate c;
        char *payload_b64 = NULL;
        json_t *signature = NULL;
        failed = load_pending(&registry, numbers[i], on, &c, &payload_b64, &signature, &err)
                 || approve_one(&registry, &c, payload_b64, signature, &head, on, &err);
        if (!failed) {
            char issue[11], expiry[11];
            date_format(c.issue_date, issue);
            date_format(c.expiry_date, expiry);
            printf("%s issued %s, valid until %s\n", c.number, issue, expiry);
            certificate_free(&c);
        }
        free(payload_b64);
        json_decref(signature);
    }
    failed = failed || registry_commit(&registry, &err);
    if (failed) {
        registry_rollback(&registry);
        die(EXIT_USAGE, "nothing was approved: %s", err.message);
    }
    free(numbers);
    free_signer(&head);
    registry_close(&registry);
    return EXIT_OK;
}
