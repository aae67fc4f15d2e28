/*
 * cmd_records.c: reading the registry: `export` (the signed record),
 * `show` (for people) and `list`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base64url.h"
#include "commands.h"
#include "options.h"
#include "grade.h"
#include "qr.h"
#include "registry_certificates.h"
#include "summary.h"

/* The certificate as stored: the payload while pending, the whole record
 * once approved. */
int load_certificate(struct registry *registry, const char *number, struct certificate *c,
                     struct error *err)
{
    struct certificate_row stored;
    if (registry_load_certificate(registry, number, CERTIFICATE_TEXTS, &stored, err) != 0)
        return -1;
    size_t length;
    unsigned char *payload = NULL;
    int result;
    if (stored.record)
        result = certificate_from_record(stored.record, strlen(stored.record), c, err);
    else if ((payload = base64url_decode(stored.payload_b64, strlen(stored.payload_b64),
                                         &length)))
        result = certificate_from_payload((const char *)payload, length, c, err);
    else
        result = fail(err, "%s: the stored payload is damaged", number);
    free(payload);
    certificate_row_free(&stored);
    return result;
}

struct export_context {
    const char *directory;
    struct error *err;
    long count;
};

static int export_one(void *context, const char *number, const char *record)
{
    struct export_context *export = context;
    char *path = xasprintf("%s/%s.json", export->directory, number);
    int result = write_file_atomic(path, record, strlen(record), 0644, 0, export->err);
    free(path);
    export->count += result == 0;
    return result;
}

static int export_all(struct registry *registry, const char *directory)
{
    struct error err;
    struct export_context context = {directory, &err, 0};
    if (registry_each_record(registry, export_one, &context, &err) != 0)
        die(EXIT_USAGE, "%s", err.message);
    printf("%ld records written to %s\n", context.count, directory);
    registry_close(registry);
    return EXIT_OK;
}

int cmd_export(int argc, char **argv)
{
    static const char usage[] = "issuer export --db FILE CERTNO [-o FILE]"
                                " | --all --out-dir DIR";
    const char *db = NULL, *out = NULL, *out_dir = NULL;
    int all = 0;
    const struct option_spec specs[] = {{"db", &db, NULL}, {"o", &out, NULL},
                                        {"output", &out, NULL}, {"all", NULL, &all},
                                        {"out-dir", &out_dir, NULL}, {NULL, NULL, NULL}};
    char *operands[1];
    int count;
    options_parse(argc, argv, 1, specs, operands, 1, &count, usage);
    if (all ? (count != 0 || !out_dir || out) : (count != 1 || out_dir))
        die(EXIT_USAGE, "name one CERTNO, or --all with --out-dir (usage: %s)", usage);
    struct registry registry;
    open_registry(db, &registry);
    if (all)
        return export_all(&registry, out_dir);
    struct certificate_row stored;
    struct error err;
    if (registry_load_certificate(&registry, operands[0], CERTIFICATE_TEXTS, &stored, &err) != 0)
        die(EXIT_USAGE, "%s", err.message);
    if (!stored.record)
        die(EXIT_USAGE, "%s is pending approval: there is no signed record yet", operands[0]);
    if (out && write_file_atomic(out, stored.record, strlen(stored.record), 0644, 0, &err) != 0)
        die(EXIT_USAGE, "%s", err.message);
    if (!out)
        puts(stored.record);
    certificate_row_free(&stored);
    registry_close(&registry);
    return EXIT_OK;
}

int cmd_show(int argc, char **argv)
{
    static const char usage[] = "issuer show --db FILE CERTNO";
    const char *db = NULL;
    const struct option_spec specs[] = {{"db", &db, NULL}, {NULL, NULL, NULL}};
    char *operands[1];
    int count;
    options_parse(argc, argv, 1, specs, operands, 1, &count, usage);
    if (count != 1)
        die(EXIT_USAGE, "usage: %s", usage);
    struct registry registry;
    open_registry(db, &registry);
    struct certificate c;
    struct error err;
    if (load_certificate(&registry, operands[0], &c, &err) != 0)
        die(EXIT_USAGE, "%s", err.message);
    certificate_print(stdout, &c);
    for (size_t i = 0; i < c.scheme->category_count; i++) {
        char awarded[16], applicable[16];
        tenths_format(c.categories[i].awarded_tenths, awarded);
        tenths_format(c.categories[i].applicable_tenths, applicable);
        printf("  %-12s %s / %s  %s\n", i == 0 ? "Points" : "", awarded, applicable,
               c.categories[i].category->name_zh);
    }
    certificate_free(&c);
    registry_close(&registry);
    return EXIT_OK;
}

static void print_row(void *context, const char *number, const char *holder, const char *grade,
                      const char *status, const char *issue, const char *expiry)
{
    (void)context;
    printf("%-20s %-10s %-9s %-10s %-10s %s\n", number, grade, status, issue ? issue : "-",
           expiry ? expiry : "-", holder);
}

int cmd_list(int argc, char **argv)
{
    static const char usage[] = "issuer list --db FILE";
    const char *db = NULL;
    const struct option_spec specs[] = {{"db", &db, NULL}, {NULL, NULL, NULL}};
    int count;
    options_parse(argc, argv, 1, specs, NULL, 0, &count, usage);
    struct registry registry;
    open_registry(db, &registry);
    struct error err;
    printf("%-20s %-10s %-9s %-10s %-10s %s\n", "NUMBER", "GRADE", "STATUS", "ISSUED",
           "EXPIRES", "HOLDER");
    if (registry_each(&registry, print_row, NULL, &err) != 0)
        die(EXIT_NOT_GENUINE, "%s", err.message);
    registry_close(&registry);
    return EXIT_OK;
}

/* --info: how the renderer encodes the URL (qr_encode: byte mode, level M),
 * so that the size of the printed code can be checked before printing. */
static void print_qr_info(const char *url)
{
    struct qr_symbol symbol;
    struct error err;
    if (qr_encode(url, &symbol, &err) != 0)
        die(EXIT_USAGE, "%s", err.message);
    printf("version %d modules %d level M bytes %zu\n", symbol.version, symbol.width,
           strlen(url));
    qr_free(&symbol);
}

int cmd_qr(int argc, char **argv)
{
    static const char usage[] = "issuer qr --db FILE CERTNO [--info]";
    const char *db = NULL;
    int info = 0;
    const struct option_spec specs[] = {{"db", &db, NULL}, {"info", NULL, &info},
                                        {NULL, NULL, NULL}};
    char *operands[1];
    int count;
    options_parse(argc, argv, 1, specs, operands, 1, &count, usage);
    if (count != 1)
        die(EXIT_USAGE, "name one CERTNO (usage: %s)", usage);
    struct registry registry;
    open_registry(db, &registry);
    struct certificate_row stored;
    struct error err;
    if (registry_load_certificate(&registry, operands[0], CERTIFICATE_TEXTS, &stored, &err) != 0)
        die(EXIT_USAGE, "%s", err.message);
    if (!stored.qr_claim)
        die(EXIT_USAGE, "%s is pending approval: it has no QR claim yet", operands[0]);
    char *url = xasprintf("%s?c=%s", registry.body.verify_url, stored.qr_claim);
    if (info)
        print_qr_info(url);
    else
        puts(url);
    free(url);
    certificate_row_free(&stored);
    registry_close(&registry);
    return EXIT_OK;
}
