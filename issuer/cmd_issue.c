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
#include "commands.h"
#include "issuing.h"
#include "options.h"
#include "registry_certificates.h"
#include "registry_keys.h"

static void check_lead_auditor(const struct certificate *c, const char *path,
                               const struct signer *auditor)
{
    if (strcmp(c->lead_auditor, auditor->trusted.key.name) != 0)
        die(EXIT_USAGE, "%s: audit.lead_auditor is \"%s\", but the key %s belongs to \"%s\"",
            path, c->lead_auditor, auditor->trusted.key.kid, auditor->trusted.key.name);
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
        failed = issue_certificate(&registry, &certificates[i], &auditor, approve_path ? &head : NULL,
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
    struct certificate_row stored;
    if (registry_load_certificate(registry, number, CERTIFICATE_TEXTS, &stored, err) != 0)
        return -1;
    if (strcmp(stored.status, "pending") != 0) {
        fail(err, "%s is not pending approval (status %s)", number, stored.status);
        certificate_row_free(&stored);
        return -1;
    }
    /* Verifiers check the auditor's key on the issue date too. */
    struct trusted_key auditor;
    struct error why;
    int may_sign = registry_find_key(registry, stored.auditor_kid, &auditor, &why) == 0
                   && trust_key_may_sign(&auditor, "auditor", on, &why) == 0;
    trusted_key_free(&auditor);
    if (!may_sign) {
        fail(err, "%s: the lead auditor's %s", number, why.message);
        certificate_row_free(&stored);
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
    certificate_row_free(&stored);
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
    struct buffer report = {0}; /* printed only once everything is committed */
    int failed = registry_begin(&registry, &err);
    for (int i = 0; i < count && !failed; i++) {
        struct certificate c;
        char *payload_b64 = NULL;
        json_t *signature = NULL;
        failed = load_pending(&registry, numbers[i], on, &c, &payload_b64, &signature, &err)
                 || approve_certificate(&registry, &c, payload_b64, signature, &head, on, &err);
        if (!failed) {
            char issue[11], expiry[11];
            date_format(c.issue_date, issue);
            date_format(c.expiry_date, expiry);
            buffer_printf(&report, "%s issued %s, valid until %s\n", c.number, issue, expiry);
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
    fputs(report.data, stdout);
    buffer_free(&report);
    free(numbers);
    free_signer(&head);
    registry_close(&registry);
    return EXIT_OK;
}
