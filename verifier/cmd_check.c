/*
 * cmd_check.c: `verifier [options] RECORD|CERT.pdf|-|--qr TEXT|--batch DIR`,
 * the check of a certificate: read the input, ask check() (common/check.h),
 * print its answer. With --status, the body's publication and the
 * transparency log under it must back the answer (--log-state, --witness
 * and --witness-quorum add what this verifier remembers and requires);
 * with --proof, an offline proof that the record is in the log.
 */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build_settings.h"
#include "check.h"
#include "commands.h"
#include "options.h"
#include "status.h"
#include "summary.h"
#include "tlog_proof.h"

#define MAX_PDF_BYTES (16 * 1024 * 1024)

static const char usage[] = "verifier [--trust FILE] [--seal-ca CA.pem]... [--at YYYY-MM-DD]"
                            " [--status DIR] [--log-state DIR] [--witness VKEY]..."
                            " [--witness-quorum K] [--proof FILE] [--json] [--quiet]"
                            " [--scheme FILE] RECORD|CERT.pdf|-|--qr TEXT|--batch DIR,"
                            " or verifier log audit DIR";

struct settings {
    const char *trust_path, *at, *scheme, *batch, *qr, *status, *log_state, *quorum;
    const char *proof_path;
    const char *seal_cas[OPTION_MAX_REPEATS], *witness_paths[OPTION_MAX_REPEATS];
    int seal_ca_count, witness_count;
    struct witness_policy witnesses;
    struct log_policy log;
    char *proof;               /* --proof's text */
    size_t proof_length;
    int json, quiet;
    long long moment;          /* the end of --at's day, or now */
};

/* The first line: genuine or not, and in force or not, in capitals. */
static void print_headline(const struct answer *answer, const char *what, const char *source,
                           const char *reason, struct date on)
{
    char day[11];
    date_format(on, day);
    if (answer->outcome == OUTCOME_NOT_GENUINE) {
        printf("NOT GENUINE: %s\n  %s\n", source, reason);
        return;
    }
    const struct status_name *name = status_name(outcome_status_id(answer->outcome));
    const char *words = answer->outcome == OUTCOME_NOT_YET_VALID ? "NOT YET VALID" : name->en;
    char upper[64];
    snprintf(upper, sizeof upper, "%s", words);
    for (char *p = upper; *p; p++)
        *p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
    printf("GENUINE %s, %s%s on %s\n", what, answer->outcome == OUTCOME_VALID ? "" : "but ",
           upper, day);
}

static void print_status(const struct answer *answer)
{
    if (!answer->status_checked) {
        printf("  Status       NOT CHECKED: give --status DIR (the body's publication) to see\n"
               "               whether it has since been suspended, revoked or withdrawn.\n");
        return;
    }
    const struct publication_entry *s = &answer->status;
    if (s->verdict.outcome == OUTCOME_STATUS_UNKNOWN) {
        printf("  Status       UNKNOWN: %s\n", s->verdict.reason);
        return;
    }
    const struct status_name *name = status_name(outcome_status_id(s->verdict.outcome));
    const struct reason_code *code = s->reason_code[0] ? reason_code_find(s->reason_code) : NULL;
    printf("  Status       %s %s since %s\n", name->zh, name->en, s->since);
    if (s->verdict.outcome != OUTCOME_VALID && (code || s->status_reason[0]))
        printf("  Reason       %s%s%s\n", code ? code->en : "",
               code && s->status_reason[0] ? ": " : "", s->status_reason);
    if (s->next_due[0])
        printf("  Next surveillance due %s%s%s\n", s->next_due,
               s->last_surveillance[0] ? ", last " : "", s->last_surveillance);
    printf("  Published    %s (serial %ld), next update due %s\n", s->published_at, s->serial,
           s->next_update);
    printf("  Logged       in %s (%llu entries): record entry %llu, status entry %llu\n",
           s->log_origin, s->log_size, s->record_entry, s->response_entry);
}

static void print_proof(const struct proof_check *proof)
{
    if (proof->checked && proof->proven)
        printf("  Proof        the record is entry %llu of the log %s (%llu entries)\n",
               proof->index, proof->origin, proof->size);
    else if (proof->checked)
        printf("  Proof        NOT SHOWN: %s\n", proof->reason);
}

/* A PDF's electronic seal (docs/e-seal.md), once its record is genuine. */
static void print_seal(const struct pdf_seal *seal)
{
    if (!seal->present) {
        printf("  Seal         NONE: this PDF carries no electronic seal; only its record and\n"
               "               QR code were checked, not the rest of the page.\n");
        return;
    }
    printf("  Sealed by    %s\n", seal->signer);
    printf("               on %s; the file is unchanged since\n", seal->signed_at);
}

static void print_record(const struct check_result *result, const char *source)
{
    const struct verification *v = &result->record;
    print_headline(&result->answer, "record", source, v->verdict.reason, v->checked_on);
    if (!v->decoded)
        return;
    certificate_print(stdout, &v->certificate);
    printf("  Signed by    lead auditor key %s (%s), head key %s (%s)\n", v->auditor.kid,
           v->auditor.alg, v->head.kid, v->head.alg);
    if (result->kind == CHECK_PDF)
        print_seal(&result->seal);
    printf("  Compare the holder name and credit code with the paper certificate.\n");
    print_status(&result->answer);
    print_proof(&result->proof);
}

static void print_claim(const struct check_result *result)
{
    const struct claim_verification *v = &result->claim;
    const struct claim *c = &v->claim;
    char issue[11], expiry[11];
    print_headline(&result->answer, "QR code", "QR code", v->verdict.reason, v->checked_on);
    if (!v->decoded)
        return;
    date_format(c->issue_date, issue);
    date_format(c->expiry_date, expiry);
    printf("  Certificate  %s\n  Holder       %s\n  Credit code  %s\n", c->number,
           c->holder_name, c->holder_uscc);
    printf("  Grade        %s %s (%s)\n", c->grade->name_zh,
           c->grade->stars ? grade_stars(c->grade) : "(no stars)", c->grade->name_en);
    printf("  Valid        %s to %s\n  Standard     %s\n", issue, expiry, c->standard);
    printf("  Signed by    head key %s (%s) of body %s\n", v->head.kid, v->head.alg,
           c->body_id);
    printf("  Compare the holder name and credit code with the paper certificate:\n"
           "  a genuine QR code copied onto another company's paper shows THIS company.\n");
    print_status(&result->answer);
}

/* Checks one input and prints the answer as asked; returns the exit status. */
static int run_check(struct check_request *request, const struct trust_store *trust,
                     const struct settings *settings, const char *source)
{
    struct check_result result;
    request->publication = settings->status;
    request->moment = settings->moment;
    request->log = &settings->log;
    request->proof = settings->proof;
    request->proof_length = settings->proof_length;
    int status = check(request, trust, NULL, &result);
    if (settings->json) {
        json_t *json = check_to_json(&result);
        char *dump = json_dumps(json, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        puts(dump);
        free(dump);
        json_decref(json);
    } else if (!settings->quiet) {
        if (request->kind == CHECK_QR)
            print_claim(&result);
        else
            print_record(&result, source);
    }
    check_result_free(&result);
    return status;
}

static int verify_one(const char *path, const struct trust_store *trust,
                      const struct settings *settings)
{
    struct error err;
    size_t length;
    char *text = read_file_bounded(path, MAX_PDF_BYTES, &length, &err);
    if (!text)
        die(EXIT_USAGE, "%s", err.message);
    int is_pdf = length >= 5 && memcmp(text, "%PDF-", 5) == 0;
    if (!is_pdf && length > MAX_RECORD_BYTES)
        die(EXIT_USAGE, "%s: larger than %d bytes", path, MAX_RECORD_BYTES);
    struct check_request request = {is_pdf ? CHECK_PDF : CHECK_RECORD, text, length, NULL, 0,
                                    0, 0, NULL, NULL, 0};
    int status = run_check(&request, trust, settings,
                           strcmp(path, "-") == 0 ? "standard input" : path);
    free(text);
    return status;
}

/* --qr: the text a scanner read from the certificate ("-": standard input). */
static int verify_qr(const char *text, const struct trust_store *trust,
                     const struct settings *settings)
{
    struct error err;
    size_t length = strlen(text);
    char *input = strcmp(text, "-") == 0
                      ? read_file_bounded("-", MAX_QR_TEXT_BYTES, &length, &err)
                      : xstrdup(text);
    if (!input)
        die(EXIT_USAGE, "%s", err.message);
    struct check_request request = {CHECK_QR, input, length, NULL, 0, 0, 0, NULL, NULL, 0};
    int status = run_check(&request, trust, settings, "QR code");
    free(input);
    return status;
}

static int has_json_suffix(const char *name)
{
    size_t length = strlen(name);
    return length > 5 && strcmp(name + length - 5, ".json") == 0;
}

/* One file of a batch: a regular file (its directory entry says so) into
 * buffer; a link, or an entry whose type the file system does not tell,
 * as any file is read, into *copy to free; anything else is refused. */
static const char *read_batch_file(DIR *dir, const struct dirent *entry, const char *path,
                                   char *buffer, char **copy, size_t *length)
{
    struct error err;
    *copy = NULL;
    if (entry->d_type == DT_REG) {
        ssize_t got = read_regular_file_at(dirfd(dir), entry->d_name, path, buffer,
                                           MAX_RECORD_BYTES, &err);
        if (got < 0)
            die(EXIT_USAGE, "%s", err.message);
        *length = (size_t)got;
        return buffer;
    }
    if (entry->d_type != DT_LNK && entry->d_type != DT_UNKNOWN)
        die(EXIT_USAGE, "%s: not a regular file", path);
    if (!(*copy = read_file_bounded(path, MAX_RECORD_BYTES, length, &err)))
        die(EXIT_USAGE, "%s", err.message);
    return *copy;
}

/* Verifies every *.json record in a directory: a measure of throughput and
 * a way to check a whole export at once. */
static int verify_batch(const char *directory, const struct trust_store *trust,
                        const struct settings *settings)
{
    DIR *dir = opendir(directory);
    if (!dir)
        die(EXIT_USAGE, "%s: cannot open directory", directory);
    long counts[OUTCOME_STATUS_UNKNOWN + 1] = {0};
    size_t directory_length = strlen(directory);
    int has_slash = directory_length > 0 && directory[directory_length - 1] == '/';
    char *buffer = xmalloc(MAX_RECORD_BYTES + 2);
    struct dirent *entry;
    while ((entry = readdir(dir))) {
        if (!has_json_suffix(entry->d_name))
            continue;
        char *path = xasprintf("%s%s%s", directory, has_slash ? "" : "/", entry->d_name);
        char *copy;
        size_t length;
        const char *text = read_batch_file(dir, entry, path, buffer, &copy, &length);
        struct check_request request = {CHECK_RECORD, text, length, NULL, settings->moment,
                                        0, 0, NULL, NULL, 0};
        struct check_result result;
        check(&request, trust, NULL, &result);
        if (result.answer.outcome == OUTCOME_NOT_GENUINE)
            fprintf(stderr, "%s: not genuine: %s\n", path, result.record.verdict.reason);
        counts[result.answer.outcome]++;
        check_result_free(&result);
        free(copy);
        free(path);
    }
    free(buffer);
    closedir(dir);
    printf("%ld valid, %ld not genuine, %ld expired, %ld not yet valid\n",
           counts[OUTCOME_VALID], counts[OUTCOME_NOT_GENUINE], counts[OUTCOME_EXPIRED],
           counts[OUTCOME_NOT_YET_VALID]);
    return counts[OUTCOME_NOT_GENUINE] ? EXIT_NOT_GENUINE : EXIT_OK;
}

/* --seal-ca: PEM files whose certificates are trusted to seal PDFs, beside
 * any seal_cas of the trust store. */
static void add_seal_cas(const struct settings *settings, struct trust_store *trust)
{
    for (int i = 0; i < settings->seal_ca_count; i++) {
        struct error err;
        size_t length;
        char *pem = read_file_bounded(settings->seal_cas[i], MAX_TRUST_BYTES, &length, &err);
        if (!pem || trust_add_seal_ca(trust, pem, length, settings->seal_cas[i], &err) != 0)
            die(EXIT_USAGE, "--seal-ca %s", err.message);
        free(pem);
    }
}

/* A whole number option in [min, max], or exit 2 naming it. */
static long parse_count(const char *option, const char *value, long min, long max)
{
    char *end;
    long number = strtol(value, &end, 10);
    if (*value == '\0' || *end != '\0' || number < min || number > max)
        die(EXIT_USAGE, "%s must be a whole number from %ld to %ld (the witnesses given), not "
            "\"%s\"", option, min, max, value);
    return number;
}

/* What the log must satisfy beyond the trust store. */
static void log_options(struct settings *settings)
{
    struct error err;
    for (int i = 0; i < settings->witness_count; i++)
        if (witness_policy_add_file(&settings->witnesses, settings->witness_paths[i], &err) != 0)
            die(EXIT_USAGE, "--witness %s", err.message);
    if (settings->quorum)
        settings->witnesses.quorum = (size_t)parse_count("--witness-quorum", settings->quorum,
                                                         1, (long)settings->witnesses.count);
    if (settings->log_state && !settings->status)
        die(EXIT_USAGE, "--log-state needs --status DIR: it checks the publication's log");
    if (settings->witnesses.count && !settings->status && !settings->proof_path)
        die(EXIT_USAGE, "--witness needs --status DIR or --proof FILE");
    if (settings->proof_path
        && !(settings->proof = read_file_bounded(settings->proof_path, TLOG_PROOF_MAX_BYTES,
                                                 &settings->proof_length, &err)))
        die(EXIT_USAGE, "--proof %s", err.message);
    settings->log.state = settings->log_state;
    settings->log.witnesses = settings->witnesses.count ? &settings->witnesses : NULL;
}

int cmd_check(int argc, char **argv)
{
    struct settings settings = {0};
    settings.trust_path = getenv("STARMARK_TRUST") ? getenv("STARMARK_TRUST")
                                                   : DEFAULT_TRUST_FILE;
    const struct option_spec specs[] = {
        {"trust", &settings.trust_path, NULL}, {"at", &settings.at, NULL},
        {"json", NULL, &settings.json},        {"quiet", NULL, &settings.quiet},
        {"scheme", &settings.scheme, NULL},    {"batch", &settings.batch, NULL},
        {"qr", &settings.qr, NULL},            {"status", &settings.status, NULL},
        {"seal-ca", settings.seal_cas, &settings.seal_ca_count},
        {"log-state", &settings.log_state, NULL},
        {"witness", settings.witness_paths, &settings.witness_count},
        {"witness-quorum", &settings.quorum, NULL}, {"proof", &settings.proof_path, NULL},
        {NULL, NULL, NULL}};
    char *operands[1];
    int operand_count;
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: %s\n", usage);
        return EXIT_OK;
    }
    if (argc == 2 && strcmp(argv[1], "--version") == 0) {
        printf("verifier (starmark) %s\n", STARMARK_VERSION);
        return EXIT_OK;
    }
    options_parse(argc, argv, 1, specs, operands, 1, &operand_count, usage);
    if (operand_count + (settings.batch != NULL) + (settings.qr != NULL) != 1)
        die(EXIT_USAGE, "name one RECORD, --qr TEXT or --batch DIR (usage: %s)", usage);
    if (settings.proof_path && operand_count != 1)
        die(EXIT_USAGE, "--proof FILE checks a RECORD or CERT.pdf (usage: %s)", usage);
    log_options(&settings);
    struct date at = date_today_shanghai();
    if (settings.at && date_parse(settings.at, &at) != 0)
        die(EXIT_USAGE, "--at \"%s\" is not a real date YYYY-MM-DD", settings.at);
    settings.moment = settings.at ? date_end_of_day(at) : timestamp_now();
    struct error err;
    if (settings.scheme && scheme_add_file(settings.scheme, &err) != 0)
        die(EXIT_USAGE, "%s", err.message);
    struct trust_store trust;
    if (trust_load(settings.trust_path, &trust, &err) != 0)
        die(EXIT_USAGE, "trust store %s", err.message);
    add_seal_cas(&settings, &trust);
    int status = settings.batch ? verify_batch(settings.batch, &trust, &settings)
                 : settings.qr  ? verify_qr(settings.qr, &trust, &settings)
                                : verify_one(operands[0], &trust, &settings);
    trust_free(&trust);
    witness_policy_free(&settings.witnesses);
    free(settings.proof);
    return status;
}
