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

/* What to do with a file the registry has issued before (the same bytes:
 * its SHA-256), so that re-running a batch that was killed is safe. */
enum issued_before { REFUSE, ISSUE_AGAIN, SKIP };

struct batch {
    int count;
    char **paths;
    struct certificate *certificates;
    char (*digests)[SHA256_HEX_SIZE];
    char **existing;            /* a skipped file's earlier number; NULL: issued now */
};

/* Issues the batch inside the open transaction; a file issued before (also
 * earlier in this batch) is refused, issued again or skipped. */
static int issue_batch(struct registry *registry, struct batch *batch, enum issued_before rule,
                       const struct signer *auditor, const struct signer *head, struct date on,
                       struct error *err)
{
    for (int i = 0; i < batch->count; i++) {
        char *number;
        int found = registry_find_assessment(registry, batch->digests[i], &number, err);
        if (found < 0)
            return -1;
        if (found && rule == REFUSE) {
            fail(err, "%s was already issued as %s (the same file, SHA-256 %.16s...); "
                 "--again issues another certificate, --skip-issued skips it",
                 batch->paths[i], number, batch->digests[i]);
            free(number);
            return -1;
        }
        if (found && rule == SKIP) {
            batch->existing[i] = number;
            continue;
        }
        free(number);
        if (issue_certificate(registry, &batch->certificates[i], batch->digests[i], auditor,
                              head, on, err) != 0)
            return -1;
    }
    return 0;
}

/* Every file is read and graded before anything is signed or stored. */
static void load_batch(char **paths, int count, struct batch *batch)
{
    struct error err;
    *batch = (struct batch){count, paths, xcalloc((size_t)count, sizeof *batch->certificates),
                            xcalloc((size_t)count, sizeof *batch->digests),
                            xcalloc((size_t)count, sizeof *batch->existing)};
    for (int i = 0; i < count; i++)
        if (assessment_load(paths[i], &batch->certificates[i], batch->digests[i], &err) != 0)
            die(EXIT_USAGE, "%s", err.message);
}

/* The numbers, one per line in the order of the files, once committed. */
static void report_batch(struct batch *batch)
{
    for (int i = 0; i < batch->count; i++) {
        if (batch->existing[i])
            fprintf(stderr, "issuer: %s was already issued as %s: skipped\n", batch->paths[i],
                    batch->existing[i]);
        puts(batch->existing[i] ? batch->existing[i] : batch->certificates[i].number);
        certificate_free(&batch->certificates[i]);
        free(batch->existing[i]);
    }
    free(batch->certificates);
    free(batch->digests);
    free(batch->existing);
}

int cmd_issue(int argc, char **argv)
{
    static const char usage[] = "issuer issue --db FILE --key AUDITOR.key"
                                " [--approve-key HEAD.key] [--date YYYY-MM-DD]"
                                " [--again | --skip-issued] ASSESSMENT.json...";
    const char *db = NULL, *key_path = NULL, *approve_path = NULL, *date_text = NULL;
    int again = 0, skip_issued = 0;
    const struct option_spec specs[] = {
        {"db", &db, NULL}, {"key", &key_path, NULL}, {"approve-key", &approve_path, NULL},
        {"date", &date_text, NULL}, {"again", NULL, &again},
        {"skip-issued", NULL, &skip_issued}, {NULL, NULL, NULL}};
    char **paths = xcalloc((size_t)argc, sizeof *paths);
    int count;
    options_parse(argc, argv, 1, specs, paths, argc, &count, usage);
    if (!key_path || count == 0)
        die(EXIT_USAGE, "issue needs --key and at least one assessment (usage: %s)", usage);
    if (again && skip_issued)
        die(EXIT_USAGE, "--again and --skip-issued contradict each other: give one");
    struct date on = date_option("date", date_text);
    struct batch batch;
    load_batch(paths, count, &batch);
    struct registry registry;
    open_registry(db, &registry);
    struct signer auditor, head;
    load_signer(key_path, "auditor", &registry, on, &auditor);
    if (approve_path)
        load_signer(approve_path, "head", &registry, on, &head);
    for (int i = 0; i < count; i++)
        check_lead_auditor(&batch.certificates[i], paths[i], &auditor);
    struct error err;
    enum issued_before rule = again ? ISSUE_AGAIN : skip_issued ? SKIP : REFUSE;
    int failed = registry_begin(&registry, &err)
                 || issue_batch(&registry, &batch, rule, &auditor, approve_path ? &head : NULL,
                                on, &err)
                 || registry_commit(&registry, &err);
    if (failed) {
        registry_rollback(&registry);
        die(EXIT_USAGE, "nothing was issued: %s", err.message);
    }
    report_batch(&batch);
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
