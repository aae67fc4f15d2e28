/*
 * verifier: checks a starmark certificate record offline.
 *
 * It reads a record, a certificate PDF (which carries its record) or the
 * text of a scanned QR code. It holds no private-key code and links neither
 * libharu, libqrencode nor SQLite: it needs only the body's trust store,
 * the scheme files compiled into it and, with --status, the body's
 * publication. Exit statuses are in verifier(1).
 */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer.h"
#include "build_settings.h"
#include "claim.h"
#include "options.h"
#include "pdf_record.h"
#include "status.h"
#include "summary.h"
#include "verify.h"

#define MAX_PDF_BYTES (16 * 1024 * 1024)

static const char usage[] = "verifier [--trust FILE] [--at YYYY-MM-DD] [--status DIR] [--json]"
                            " [--quiet] [--scheme FILE] RECORD|CERT.pdf|-|--qr TEXT|--batch DIR";

struct settings {
    const char *trust_path, *at, *scheme, *batch, *qr, *status;
    int json, quiet;
    long long moment;          /* the end of --at's day, or now */
};

/* The first line: genuine or not, and in force or not, in capitals. */
static void print_headline(const struct answer *answer, const char *what, const char *source,
                           const char *reason, struct date on)
{
    char day[11];
    date_format(on, day);
    if (answer->exit_status == EXIT_NOT_GENUINE) {
        printf("NOT GENUINE: %s\n  %s\n", source, reason);
        return;
    }
    const struct status_name *name = status_name(answer->result);
    const char *words = strcmp(answer->result, "not_yet_valid") == 0 ? "NOT YET VALID"
                        : strcmp(answer->result, "status_unknown") == 0 ? "STATUS UNKNOWN"
                        : name ? name->en : answer->result;
    char upper[64];
    snprintf(upper, sizeof upper, "%s", words);
    for (char *p = upper; *p; p++)
        *p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
    printf("GENUINE %s, %s%s on %s\n", what, answer->exit_status == EXIT_OK ? "" : "but ", upper,
           day);
}

static void print_status(const struct answer *answer)
{
    if (!answer->status_checked) {
        printf("  Status       NOT CHECKED: give --status DIR (the body's publication) to see\n"
               "               whether it has since been suspended, revoked or withdrawn.\n");
        return;
    }
    const struct status_check *s = &answer->status;
    if (s->outcome == STATUS_UNKNOWN) {
        printf("  Status       UNKNOWN: %s\n", s->detail);
        return;
    }
    const struct status_name *name = status_name(status_outcome_id(s));
    const struct reason_code *code = s->reason_code[0] ? reason_code_find(s->reason_code) : NULL;
    printf("  Status       %s %s since %s\n", name->zh, name->en, s->since);
    if (s->outcome != STATUS_VALID && (code || s->reason[0]))
        printf("  Reason       %s%s%s\n", code ? code->en : "", code && s->reason[0] ? ": " : "",
               s->reason);
    if (s->next_due[0])
        printf("  Next surveillance due %s%s%s\n", s->next_due,
               s->last_surveillance[0] ? ", last " : "", s->last_surveillance);
    printf("  Published    %s (serial %ld), next update due %s\n", s->published_at, s->serial,
           s->next_update);
}

static void print_human(const struct verification *v, const struct answer *answer,
                        const char *source)
{
    print_headline(answer, "record", source, v->reason, v->checked_on);
    if (!v->decoded)
        return;
    certificate_print(stdout, &v->certificate);
    printf("  Signed by    lead auditor key %s, head key %s\n", v->auditor_kid, v->head_kid);
    printf("  Compare the holder name and credit code with the paper certificate.\n");
    print_status(answer);
}

/* Consults the publication when --status was given and the signature holds. */
static void answer_for(const struct settings *settings, enum verify_result verified,
                       const char *number, const struct trust_store *trust,
                       struct answer *answer)
{
    struct status_check status;
    int check = settings->status && verified != RESULT_NOT_GENUINE;
    if (check)
        publication_check(settings->status, number, trust, settings->moment, &status);
    answer_combine(verified, check ? &status : NULL, answer);
}

static void print_json(json_t *result, const struct answer *answer)
{
    answer_to_json(answer, result);
    char *dump = json_dumps(result, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    puts(dump);
    free(dump);
    json_decref(result);
}

/* Exactly VERIFY_URL?c=CLAIM: a look-alike host with the right claim would
 * send the person who scans it to someone else's page. */
static int url_is_records(const char *url, const struct certificate *c)
{
    char *expected = xasprintf("%s?c=%s", c->verify_url, c->qr_claim);
    int same = strcmp(url, expected) == 0;
    free(expected);
    return same;
}

/* A certificate PDF carries its record and the URL of its QR code: the
 * record must verify and the QR code must carry the record's own claim. */
static void verify_pdf(const char *pdf, size_t length, const struct trust_store *trust,
                       struct date at, struct verification *v)
{
    char *record = NULL, *url = NULL, *claim = NULL;
    struct error err;
    if (pdf_extract_record(pdf, length, &record, &url, &err) != 0) {
        memset(v, 0, sizeof *v);
        v->result = RESULT_NOT_GENUINE;
        v->checked_on = at;
        snprintf(v->reason, sizeof v->reason, "the PDF's record: %.400s", err.message);
        return;
    }
    record_verify(record, strlen(record), trust, at, v);
    const char *why = NULL;
    if (v->result == RESULT_NOT_GENUINE)
        why = NULL;
    else if (claim_extract(url, strlen(url), &claim, &err) != 0)
        why = "the PDF's QR link holds no claim";
    else if (!v->certificate.qr_claim || strcmp(claim, v->certificate.qr_claim) != 0)
        why = "the PDF's QR code is not the claim of the record it carries";
    else if (!url_is_records(url, &v->certificate))
        why = "the PDF's QR code points somewhere other than the record's verification URL";
    if (why) {
        verification_free(v);
        v->result = RESULT_NOT_GENUINE;
        snprintf(v->reason, sizeof v->reason, "%s", why);
    }
    free(claim);
    free(record);
    free(url);
}

static int verify_one(const char *path, const struct trust_store *trust, struct date at,
                      const struct settings *settings)
{
    struct error err;
    size_t length;
    char *text = read_file_bounded(path, MAX_PDF_BYTES, &length, &err);
    if (!text)
        die(EXIT_USAGE, "%s", err.message);
    struct verification v;
    struct answer answer;
    if (length >= 5 && memcmp(text, "%PDF-", 5) == 0)
        verify_pdf(text, length, trust, at, &v);
    else if (length > MAX_RECORD_BYTES)
        die(EXIT_USAGE, "%s: larger than %d bytes", path, MAX_RECORD_BYTES);
    else
        record_verify(text, length, trust, at, &v);
    free(text);
    answer_for(settings, v.result, v.decoded ? v.certificate.number : "", trust, &answer);
    if (settings->json)
        print_json(verification_to_json(&v), &answer);
    else if (!settings->quiet)
        print_human(&v, &answer, strcmp(path, "-") == 0 ? "standard input" : path);
    verification_free(&v);
    return answer.exit_status;
}

static void print_claim(const struct claim_verification *v, const struct answer *answer)
{
    const struct claim *c = &v->claim;
    char issue[11], expiry[11];
    print_headline(answer, "QR code", "QR code", v->reason, v->checked_on);
    if (!v->decoded)
        return;
    date_format(c->issue_date, issue);
    date_format(c->expiry_date, expiry);
    printf("  Certificate  %s\n  Holder       %s\n  Credit code  %s\n", c->number,
           c->holder_name, c->holder_uscc);
    printf("  Grade        %s %s (%s)\n", c->grade->name_zh,
           c->grade->stars ? grade_stars(c->grade) : "(no stars)", c->grade->name_en);
    printf("  Valid        %s to %s\n  Standard     %s\n", issue, expiry, c->standard);
    printf("  Signed by    head key %s of body %s\n", v->head_kid, c->body_id);
    printf("  Compare the holder name and credit code with the paper certificate:\n"
           "  a genuine QR code copied onto another company's paper shows THIS company.\n");
    print_status(answer);
}

/* --qr: the text a scanner read from the certificate ("-": standard input). */
static int verify_qr(const char *text, const struct trust_store *trust, struct date at,
                     const struct settings *settings)
{
    struct error err;
    size_t length = strlen(text);
    char *input = strcmp(text, "-") == 0
                      ? read_file_bounded("-", MAX_QR_TEXT_BYTES, &length, &err)
                      : xstrdup(text);
    if (!input)
        die(EXIT_USAGE, "%s", err.message);
    struct claim_verification v;
    struct answer answer;
    claim_verify(input, length, trust, at, &v);
    free(input);
    answer_for(settings, v.result, v.decoded ? v.claim.number : "", trust, &answer);
    if (settings->json)
        print_json(claim_verification_to_json(&v), &answer);
    else if (!settings->quiet)
        print_claim(&v, &answer);
    claim_verification_free(&v);
    return answer.exit_status;
}

static int has_json_suffix(const char *name)
{
    size_t length = strlen(name);
    return length > 5 && strcmp(name + length - 5, ".json") == 0;
}

/* Verifies every *.json record in a directory: a measure of throughput and
 * a way to check a whole export at once. */
static int verify_batch(const char *directory, const struct trust_store *trust,
                        struct date at)
{
    DIR *dir = opendir(directory);
    if (!dir)
        die(EXIT_USAGE, "%s: cannot open directory", directory);
    long counts[4] = {0};
    struct dirent *entry;
    while ((entry = readdir(dir))) {
        if (!has_json_suffix(entry->d_name))
            continue;
        size_t directory_length = strlen(directory);
        int has_slash = directory_length > 0 && directory[directory_length - 1] == '/';
        char *path = xasprintf("%s%s%s", directory, has_slash ? "" : "/", entry->d_name);
        struct error err;
        size_t length;
        char *text = read_file_bounded(path, MAX_RECORD_BYTES, &length, &err);
        if (!text)
            die(EXIT_USAGE, "%s", err.message);
        struct verification v;
        record_verify(text, length, trust, at, &v);
        if (v.result == RESULT_NOT_GENUINE)
            fprintf(stderr, "%s: not genuine: %s\n", path, v.reason);
        counts[v.result]++;
        verification_free(&v);
        free(text);
        free(path);
    }
    closedir(dir);
    printf("%ld valid, %ld not genuine, %ld expired, %ld not yet valid\n", counts[0],
           counts[1], counts[2], counts[3]);
    return counts[RESULT_NOT_GENUINE] ? EXIT_NOT_GENUINE : EXIT_OK;
}

int main(int argc, char **argv)
{
    set_program_name("verifier");
    struct settings settings = {0};
    settings.trust_path = getenv("STARMARK_TRUST") ? getenv("STARMARK_TRUST")
                                                   : DEFAULT_TRUST_FILE;
    const struct option_spec specs[] = {
        {"trust", &settings.trust_path, NULL}, {"at", &settings.at, NULL},
        {"json", NULL, &settings.json},        {"quiet", NULL, &settings.quiet},
        {"scheme", &settings.scheme, NULL},    {"batch", &settings.batch, NULL},
        {"qr", &settings.qr, NULL},            {"status", &settings.status, NULL},
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
    int status = settings.batch ? verify_batch(settings.batch, &trust, at)
                 : settings.qr  ? verify_qr(settings.qr, &trust, at, &settings)
                                : verify_one(operands[0], &trust, at, &settings);
    trust_free(&trust);
    return status;
}
