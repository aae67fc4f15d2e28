/*
 * issuing.c: turning a graded assessment into a certificate. The lead
 * auditor signs the conclusion (the payload); the head signs the decision
 * over the same payload, and the short QR claim. Used by `issue`,
 * `approve`, and `surveil` when a surveillance changes the grade. Every
 * record signed goes into the transparency log in the same transaction
 * (registry_log.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base64url.h"
#include "claim.h"
#include "grade.h"
#include "issuing.h"
#include "json_strict.h"
#include "keyfile.h"
#include "registry_certificates.h"
#include "registry_keys.h"
#include "registry_log.h"
#include "signer.h"

void load_signer(const char *path, const char *role, struct registry *registry,
                 struct date on, struct signer *out)
{
    struct error err;
    out->key = keyfile_load(path, &err);
    if (!out->key)
        die(EXIT_USAGE, "%s", err.message);
    char kid[KID_LENGTH + 1];
    jwk_kid(out->key, kid);
    if (registry_find_key(registry, kid, &out->trusted, &err) != 0
        || trust_key_may_sign(&out->trusted, role, on, &err) != 0)
        die(EXIT_USAGE, "%s: %s", path, err.message);
}

void free_signer(struct signer *signer)
{
    EVP_PKEY_free(signer->key);
    trusted_key_free(&signer->trusted);
}

static void compute_decision(struct certificate *c, const struct body_settings *body,
                             const char *head_name, struct date issue)
{
    c->head_name = xstrdup(head_name);
    c->issue_date = issue;
    c->expiry_date = date_expiry(issue, body->validity_years);
    c->surveillance_count = date_schedule(issue, body->surveillance_months, c->expiry_date,
                                          c->surveillance_due, MAX_SURVEILLANCES);
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
int approve_certificate(struct registry *registry, struct certificate *c,
                        const char *payload_b64, json_t *auditor_signature,
                        const struct signer *head, struct date issue, struct error *err)
{
    char issue_text[11], end_text[11];
    date_format(issue, issue_text);
    date_format(c->audit_end, end_text);
    if (date_compare(issue, c->audit_end) < 0)
        return fail(err, "%s: issue date %s is before the audit ended (%s)", c->number,
                    issue_text, end_text);
    compute_decision(c, &registry->body, head->trusted.key.name, issue);
    /* The claim rides in the signed decision too, so any exported record can
     * be printed with its QR code and a PDF's QR checked against it. */
    c->qr_claim = sign_claim(c, head);
    json_t *header = json_pack("{s:s, s:s, s:s, s:o}", "kid", head->trusted.key.kid, "typ",
                               RECORD_TYPE, "role", "head", "decision",
                               certificate_to_decision(c));
    json_t *record = json_pack("{s:s, s:[O, o]}", "payload", payload_b64, "signatures",
                               auditor_signature, signer_sign(head->key, header, payload_b64));
    char *text = json_dumps(record, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    const char *claim = c->qr_claim;
    if (strlen(text) > MAX_RECORD_BYTES) { /* verifiers would refuse it unread */
        free(text);
        json_decref(record);
        json_decref(header);
        return fail(err, "%s: the record would exceed %d bytes", c->number, MAX_RECORD_BYTES);
    }
    char expiry_text[11];
    date_format(c->expiry_date, expiry_text);
    char *details = xasprintf("issued %s, expires %s, head %s, QR claim %s", issue_text,
                              expiry_text, c->head_name, claim);
    int result = registry_store_approval(registry, c->number, text, claim,
                                         head->trusted.key.kid, issue, c->expiry_date,
                                         c->surveillance_due, c->surveillance_count, err)
                 || registry_log(registry, "approve", c->number, head->trusted.key.kid, details,
                                 err)
                 || registry_log_append(registry, LOG_KIND_RECORD, c->number, text, NULL, err)
                 || registry_add_event(registry, c->number, issue, "issued", "valid", NULL,
                                       c->supersedes ? "supersedes an earlier certificate"
                                                     : NULL,
                                       head->trusted.key.kid, err)
                 ? -1 : 0;
    free(details);
    free(text);
    json_decref(record);
    json_decref(header);
    return result;
}

/* Numbers, signs and stores one graded assessment; the transaction is open. */
int issue_certificate(struct registry *registry, struct certificate *c,
                      const char *assessment_sha256, const struct signer *auditor,
                      const struct signer *head, struct date on, struct error *err)
{
    if (registry_next_number(registry, on.year, &c->number, err) != 0)
        return -1;
    c->body_id = xstrdup(registry->body.id);
    c->body_name = xstrdup(registry->body.name);
    c->verify_url = xstrdup(registry->body.verify_url);
    json_t *payload = certificate_to_payload(c);
    char *payload_text = json_dump_compact(payload);
    char *payload_b64 = base64url_encode(payload_text, strlen(payload_text));
    json_t *header = json_pack("{s:s, s:s, s:s}", "kid", auditor->trusted.key.kid, "typ",
                               RECORD_TYPE, "role", "auditor");
    json_t *signature = signer_sign(auditor->key, header, payload_b64);
    char *signature_text = json_dump_compact(signature);
    char score[16];
    tenths_format(c->score_tenths, score);
    char *details = xasprintf("%s, %s, score %s, grade %s", c->holder_name, c->holder_uscc,
                              score, c->grade->id);
    int result = registry_insert_pending(registry, c->number, c->holder_name, c->holder_uscc,
                                         c->grade->id, c->score_tenths, payload_b64,
                                         signature_text, auditor->trusted.key.kid,
                                         assessment_sha256, err)
                 || registry_log(registry, "issue", c->number, auditor->trusted.key.kid,
                                 details, err)
                 || (head && approve_certificate(registry, c, payload_b64, signature, head, on, err))
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
