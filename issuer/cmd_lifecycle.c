/*
 * cmd_lifecycle.c: the commands that follow a certificate after issue:
 * surveil, suspend, reinstate, revoke, withdraw, sweep, history, and
 * `audit verify` for the registry's own records.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assessment.h"
#include "commands.h"
#include "issuing.h"
#include "lifecycle.h"
#include "options.h"
#include "publish.h"
#include "registry_certificates.h"

/* Runs one change in its own transaction; exits 2 with the reason if refused. */
static void commit_or_die(struct registry *registry, int failed, struct error *err)
{
    failed = failed || registry_commit(registry, err);
    if (failed) {
        registry_rollback(registry);
        die(EXIT_USAGE, "%s (nothing was changed)", err->message);
    }
}

static int status_command(const char *command, int argc, char **argv)
{
    char usage[160];
    snprintf(usage, sizeof usage,
             "issuer %s --db FILE CERTNO --reason TEXT [--code CODE] [--date YYYY-MM-DD]"
             " [--key KEY]", command);
    const char *db = NULL, *reason = NULL, *code = "other", *date_text = NULL, *key = NULL;
    const struct option_spec specs[] = {{"db", &db, NULL}, {"reason", &reason, NULL},
                                        {"code", &code, NULL}, {"date", &date_text, NULL},
                                        {"key", &key, NULL}, {NULL, NULL, NULL}};
    char *operands[1];
    int count;
    options_parse(argc, argv, 1, specs, operands, 1, &count, usage);
    if (count != 1 || !reason)
        die(EXIT_USAGE, "%s needs a CERTNO and --reason (usage: %s)", command, usage);
    if (!*reason || !utf8_is_clean(reason, 0) || utf8_length(reason) > 500)
        die(EXIT_USAGE, "--reason must be 1 to 500 characters on one line");
    struct date date = date_option("date", date_text);
    struct registry registry;
    struct signer operator;
    struct error err;
    open_registry(db, &registry);
    /* With --key, the change is recorded as made by that key's holder. */
    if (key)
        load_signer(key, NULL, &registry, date, &operator);
    int failed = registry_begin(&registry, &err)
                 || lifecycle_change(&registry, operands[0], command, date, code, reason,
                                     key ? operator.trusted.key.kid : NULL, &err);
    commit_or_die(&registry, failed, &err);
    if (key)
        free_signer(&operator);
    struct certificate_row state;
    if (lifecycle_load(&registry, operands[0], &state, &err) == 0) {
        printf("%s is now %s (code %s)\n", state.number, state.status, state.code);
        certificate_row_free(&state);
    }
    registry_close(&registry);
    return EXIT_OK;
}

int cmd_suspend(int argc, char **argv) { return status_command("suspend", argc, argv); }
int cmd_reinstate(int argc, char **argv) { return status_command("reinstate", argc, argv); }
int cmd_revoke(int argc, char **argv) { return status_command("revoke", argc, argv); }
int cmd_withdraw(int argc, char **argv) { return status_command("withdraw", argc, argv); }

int cmd_sweep(int argc, char **argv)
{
    static const char usage[] = "issuer sweep --db FILE [--at YYYY-MM-DD]";
    const char *db = NULL, *at_text = NULL;
    const struct option_spec specs[] = {{"db", &db, NULL}, {"at", &at_text, NULL},
                                        {NULL, NULL, NULL}};
    int count, changes = 0;
    options_parse(argc, argv, 1, specs, NULL, 0, &count, usage);
    struct date at = date_option("at", at_text);
    struct registry registry;
    struct error err;
    open_registry(db, &registry);
    int failed = registry_begin(&registry, &err)
                 || lifecycle_sweep(&registry, at, stdout, &changes, &err);
    commit_or_die(&registry, failed, &err);
    char day[11];
    date_format(at, day);
    printf("sweep on %s: %d change%s\n", day, changes, changes == 1 ? "" : "s");
    registry_close(&registry);
    return EXIT_OK;
}

/* A surveillance assessment whose grade differs: a new certificate,
 * approved as usual, supersedes the old one, which is withdrawn. */
static int supersede(struct registry *registry, const struct certificate_row *old,
                     struct certificate *regraded, const struct signer *auditor,
                     const struct signer *head, struct date date, struct error *err)
{
    regraded->supersedes = xstrdup(old->number);
    if (issue_certificate(registry, regraded, NULL, auditor, head, date, err) != 0)
        return -1;
    char *reason = xasprintf("superseded by %s (grade %s)", regraded->number,
                             regraded->grade->id);
    int result = lifecycle_change(registry, old->number, "withdraw", date, "superseded", reason,
                                  head->trusted.key.kid, err)
                 || registry_set_superseded_by(registry, old->number, regraded->number, err);
    free(reason);
    return result;
}

struct surveil_options {
    const char *db, *key, *date, *result, *assessment, *reason, *approve_key;
};

static void load_regrade(const struct surveil_options *options, const char *number,
                         const struct signer *auditor, struct registry *registry,
                         struct certificate *regraded, int *grade_changed)
{
    struct error err;
    struct certificate_row state;
    if (assessment_load(options->assessment, regraded, NULL, &err) != 0)
        die(EXIT_USAGE, "%s", err.message);
    if (lifecycle_load(registry, number, &state, &err) != 0)
        die(EXIT_USAGE, "%s", err.message);
    if (strcmp(state.holder_uscc, regraded->holder_uscc) != 0)
        die(EXIT_USAGE, "%s: the assessment is for credit code %s, the certificate for %s",
            options->assessment, regraded->holder_uscc, state.holder_uscc);
    if (strcmp(regraded->lead_auditor, auditor->trusted.key.name) != 0)
        die(EXIT_USAGE, "%s: audit.lead_auditor is \"%s\", but the key belongs to \"%s\"",
            options->assessment, regraded->lead_auditor, auditor->trusted.key.name);
    *grade_changed = strcmp(state.grade, regraded->grade->id) != 0;
    certificate_row_free(&state);
    if (*grade_changed && !options->approve_key)
        die(EXIT_USAGE, "the grade changes to %s: give --approve-key HEAD.key to issue the "
            "superseding certificate", regraded->grade->id);
}

int cmd_surveil(int argc, char **argv)
{
    static const char usage[] = "issuer surveil --db FILE --key AUDITOR.key CERTNO"
                                " --date YYYY-MM-DD --result pass|fail [--assessment FILE]"
                                " [--reason TEXT] [--approve-key HEAD.key]";
    struct surveil_options o = {0};
    const struct option_spec specs[] = {
        {"db", &o.db, NULL}, {"key", &o.key, NULL}, {"date", &o.date, NULL},
        {"result", &o.result, NULL}, {"assessment", &o.assessment, NULL},
        {"reason", &o.reason, NULL}, {"approve-key", &o.approve_key, NULL}, {NULL, NULL, NULL}};
    char *operands[1];
    int count, grade_changed = 0;
    options_parse(argc, argv, 1, specs, operands, 1, &count, usage);
    if (count != 1 || !o.key || !o.date || !o.result)
        die(EXIT_USAGE, "surveil needs --key, CERTNO, --date and --result (usage: %s)", usage);
    if (strcmp(o.result, "pass") != 0 && strcmp(o.result, "fail") != 0)
        die(EXIT_USAGE, "--result must be pass or fail, not \"%s\"", o.result);
    if (o.reason && (!*o.reason || !utf8_is_clean(o.reason, 0) || utf8_length(o.reason) > 500))
        die(EXIT_USAGE, "--reason must be 1 to 500 characters on one line");
    int passed = strcmp(o.result, "pass") == 0;
    if (!passed && (o.assessment || o.approve_key))
        die(EXIT_USAGE, "--assessment and --approve-key go with --result pass: a failed "
            "surveillance suspends, it does not regrade");
    struct date date = date_option("date", o.date);
    struct registry registry;
    struct signer auditor, head;
    struct certificate regraded = {0};
    struct error err;
    open_registry(o.db, &registry);
    load_signer(o.key, "auditor", &registry, date, &auditor);
    if (o.assessment && passed)
        load_regrade(&o, operands[0], &auditor, &registry, &regraded, &grade_changed);
    if (grade_changed)
        load_signer(o.approve_key, "head", &registry, date, &head);
    int failed = registry_begin(&registry, &err)
                 || lifecycle_surveil(&registry, operands[0], date, passed, o.reason,
                                      auditor.trusted.key.kid, &err);
    if (!failed && grade_changed) {
        struct certificate_row old;
        failed = lifecycle_load(&registry, operands[0], &old, &err)
                 || supersede(&registry, &old, &regraded, &auditor, &head, date, &err);
        certificate_row_free(&old);
    }
    commit_or_die(&registry, failed, &err);
    if (grade_changed)
        printf("%s superseded by %s (grade %s); %s withdrawn\n", operands[0], regraded.number,
               regraded.grade->id, operands[0]);
    struct certificate_row state;
    if (lifecycle_load(&registry, operands[0], &state, &err) == 0) {
        char due[11] = "none";
        int open = strcmp(state.status, "valid") == 0 || strcmp(state.status, "suspended") == 0;
        if (state.has_next_due && open)
            date_format(state.next_due, due);
        printf("%s surveillance %s; status %s; next surveillance due %s\n", state.number,
               o.result, state.status, due);
        certificate_row_free(&state);
    }
    certificate_free(&regraded);
    free_signer(&auditor);
    if (grade_changed)
        free_signer(&head);
    registry_close(&registry);
    return EXIT_OK;
}

static void print_event(void *context, const struct certificate_event *event)
{
    (void)context;
    printf("  %s  %-20s -> %-9s %s%s%s%s%s%s\n", event->date, event->action, event->status,
           event->code ? "[" : "", event->code ? event->code : "", event->code ? "] " : "",
           event->reason ? event->reason : "", event->kid ? "  by key " : "",
           event->kid ? event->kid : "");
}

static void print_surveillance(void *context, const struct surveillance_entry *entry)
{
    (void)context;
    printf("  surveillance %d due %s: %s%s%s\n", entry->sequence, entry->due,
           entry->done ? entry->result : "not yet done", entry->done ? " on " : "",
           entry->done ? entry->done : "");
}

int cmd_history(int argc, char **argv)
{
    static const char usage[] = "issuer history --db FILE CERTNO";
    const char *db = NULL;
    const struct option_spec specs[] = {{"db", &db, NULL}, {NULL, NULL, NULL}};
    char *operands[1];
    int count;
    options_parse(argc, argv, 1, specs, operands, 1, &count, usage);
    if (count != 1)
        die(EXIT_USAGE, "name one CERTNO (usage: %s)", usage);
    struct registry registry;
    struct error err;
    open_registry(db, &registry);
    struct certificate_row state;
    if (lifecycle_load(&registry, operands[0], &state, &err) != 0)
        die(EXIT_USAGE, "%s", err.message);
    printf("%s: %s\n", state.number, state.status);
    if (registry_each_event(&registry, operands[0], print_event, NULL, &err) != 0
        || registry_each_surveillance(&registry, operands[0], print_surveillance, NULL, &err)
               != 0)
        die(EXIT_USAGE, "%s", err.message);
    if (state.superseded_by)
        printf("  superseded by %s\n", state.superseded_by);
    certificate_row_free(&state);
    registry_close(&registry);
    return EXIT_OK;
}

int cmd_audit(int argc, char **argv)
{
    static const char usage[] = "issuer audit verify --db FILE [--trust FILE]";
    const char *db = NULL, *trust_path = NULL;
    const struct option_spec specs[] = {{"db", &db, NULL}, {"trust", &trust_path, NULL},
                                        {NULL, NULL, NULL}};
    char *operands[1];
    int count;
    options_parse(argc, argv, 1, specs, operands, 1, &count, usage);
    if (count != 1 || strcmp(operands[0], "verify") != 0)
        die(EXIT_USAGE, "usage: %s", usage);
    struct registry registry;
    struct error err;
    long entries, sequence;
    char hash[65];
    open_registry(db, &registry);
    if (audit_log_verify(&registry, &entries, &err) != 0) {
        fprintf(stderr, "issuer: %s\n", err.message);
        registry_close(&registry);
        return EXIT_NOT_GENUINE;
    }
    struct trust_store trust;
    if (trust_path && trust_load(trust_path, &trust, &err) != 0)
        die(EXIT_USAGE, "%s", err.message);
    int unsigned_heads = audit_log_check_publications(&registry, trust_path ? &trust : NULL,
                                                      &err);
    if (trust_path)
        trust_free(&trust);
    if (unsigned_heads != 0) {
        fprintf(stderr, "issuer: %s\n", err.message);
        registry_close(&registry);
        return EXIT_NOT_GENUINE;
    }
    audit_log_head(&registry, &sequence, hash);
    printf("audit log OK: %ld entries, head %ld %s\n", entries, sequence, hash);
    registry_close(&registry);
    return EXIT_OK;
}

int cmd_publish(int argc, char **argv)
{
    static const char usage[] = "issuer publish --db FILE --key HEAD.key --out DIR"
                                " [--log-key LOG.key] [--valid-for HOURS]"
                                " [--response-valid-days DAYS] [--full]";
    const char *db = NULL, *key = NULL, *out = NULL, *valid_for = "24", *response_days = "90",
               *log_key = NULL;
    int full = 0;
    const struct option_spec specs[] = {
        {"db", &db, NULL}, {"key", &key, NULL}, {"out", &out, NULL},
        {"log-key", &log_key, NULL}, {"valid-for", &valid_for, NULL},
        {"response-valid-days", &response_days, NULL}, {"full", NULL, &full},
        {NULL, NULL, NULL}};
    int count;
    options_parse(argc, argv, 1, specs, NULL, 0, &count, usage);
    if (!key || !out)
        die(EXIT_USAGE, "publish needs --key and --out (usage: %s)", usage);
    struct publish_settings settings = {out, parse_whole_number("valid-for", valid_for, 1, 8760),
                                        parse_whole_number("response-valid-days", response_days,
                                                           1, 3650),
                                        full, timestamp_now()};
    struct registry registry;
    struct signer head, log;
    struct publish_report report = {.lock = -1};
    struct error err;
    open_registry(db, &registry);
    load_signer(key, "head", &registry, timestamp_date(settings.now), &head);
    load_log_signer(&registry, log_key, timestamp_date(settings.now), &log);
    int failed = registry_begin(&registry, &err)
                 || publish(&registry, &head, &log, &settings, &report, &err);
    unsigned long long log_size = report.log.checkpoint.size;
    if (!failed) {
        char *details = xasprintf("serial %ld, %s, %ld certificates, %ld responses signed, "
                                  "%ld shards written, log of %llu entries", report.serial,
                                  report.full ? "full" : "incremental", report.certificates,
                                  report.rewritten, report.shards_rewritten, log_size);
        failed = registry_log(&registry, "publish", NULL, head.trusted.key.kid, details, &err);
        free(details);
    }
    if (failed || registry_commit(&registry, &err) != 0) {
        /* Closed before exiting: SQLite's cache would read as lost memory. */
        registry_rollback(&registry);
        publish_done(&report);
        free_signer(&head);
        free_signer(&log);
        registry_close(&registry);
        die(EXIT_USAGE, "%s (nothing was changed)", err.message);
    }
    /* Recorded and committed: only now may readers see it (publish.h). */
    if (publish_go_live(&report, &err) != 0)
        die(EXIT_USAGE, "%s (serial %ld is recorded in the registry but not live: run issuer "
            "publish again, which publishes in full)", err.message, report.serial);
    printf("published serial %ld to %s (%s): %ld certificates, %ld status responses signed, "
           "%ld shards written, log of %llu entries; next update due %s\n", report.serial, out,
           report.full ? "full" : "incremental", report.certificates, report.rewritten,
           report.shards_rewritten, log_size, report.next_update);
    publish_done(&report);
    free_signer(&head);
    free_signer(&log);
    registry_close(&registry);
    return EXIT_OK;
}
