/*
 * cmd_render.c: `issuer render`, the official PDF certificate: from the
 * registry (one number, or --all), or from an exported record; sealed
 * with --seal-key and --seal-cert, or with the registry's seal settings
 * (`issuer seal use`, docs/e-seal.md). From the registry, the PDF also
 * carries the record's log proof once the published log holds the record
 * (docs/transparency-log.md §6); until then it is rendered without, and
 * says so on standard error.
 */
#define _DEFAULT_SOURCE
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build_settings.h"
#include "commands.h"
#include "log_proof.h"
#include "options.h"
#include "progress.h"
#include "registry_certificates.h"
#include "registry_seal.h"
#include "render.h"
#include "template.h"

/* Where a template NAME is looked for: STARMARK_TEMPLATES when set; else
 * the templates/ folder of the source tree when the program runs from its
 * build (bin/issuer beside templates/); else the installed DATADIR/templates
 * (make install), which does not depend on the tree being there. */
static char *template_directory(void)
{
    const char *directory = getenv("STARMARK_TEMPLATES");
    if (directory)
        return xstrdup(directory);
    char program[PATH_MAX];
    ssize_t length = readlink("/proc/self/exe", program, sizeof program - 1);
    if (length > 0) {
        program[length] = '\0';
        *strrchr(program, '/') = '\0'; /* .../bin */
        char *slash = strrchr(program, '/');
        if (slash)
            *slash = '\0';
        char *in_tree = xasprintf("%s/templates", program);
        if (access(in_tree, F_OK) == 0)
            return in_tree;
        free(in_tree);
    }
    return xstrdup(STARMARK_DATA_DIR "/templates");
}

/* A template is a file: a path, or a name looked up in template_directory(). */
static char *template_path(const char *name)
{
    if (strchr(name, '/') || strstr(name, ".json"))
        return xstrdup(name);
    char *directory = template_directory();
    char *path = xasprintf("%s/%s.json", directory, name);
    free(directory);
    return path;
}

static void load_template(const char *name, struct template *out)
{
    char *path = template_path(name);
    struct error err;
    if (template_load(path, out, &err) != 0)
        die(EXIT_USAGE, "%s", err.message);
    free(path);
}

/* Renders one certificate whose record text is at hand; log_proof and seal
 * may be NULL. */
static int render_record(const char *record, const char *log_proof,
                         const struct template *template, const struct seal_signer *seal,
                         const char *out_path, struct error *err)
{
    struct certificate c;
    if (certificate_from_record(record, strlen(record), &c, err) != 0)
        return -1;
    int result;
    if (!c.qr_claim) {
        result = fail(err, "%s: the record carries no QR claim", c.number);
    } else {
        char *url = xasprintf("%s?c=%s", c.verify_url, c.qr_claim);
        result = render_certificate(&c, template, url, record, log_proof, seal, out_path, err);
        free(url);
    }
    certificate_free(&c);
    return result;
}

/* The log proofs of a registry's certificates, from its latest publication. */
struct log_proofs {
    struct registry *registry;
    struct log_prover prover;
    int published;
    long missing;               /* certificates rendered without one */
};

static void open_log_proofs(struct registry *registry, struct log_proofs *out)
{
    struct error err;
    int status = log_prover_open(registry, NULL, &out->prover, &err);
    if (status < 0)
        die(EXIT_USAGE, "%s", err.message);
    out->registry = registry;
    out->published = status == 0;
    out->missing = 0;
}

/* The record's proof into *proof_out, or NULL (counted as missing) when
 * the published log does not hold it yet; -1 with err when the log is
 * unreadable or does not prove it. */
static int log_proof_of(struct log_proofs *proofs, const char *number, const char *record,
                        char **proof_out, struct error *err)
{
    *proof_out = NULL;
    int status = proofs->published ? log_prover_prove(&proofs->prover, proofs->registry, number,
                                                      record, proof_out, err)
                                   : LOG_PROOF_NOT_YET;
    proofs->missing += status == LOG_PROOF_NOT_YET;
    return status < 0 ? -1 : 0;
}

static void close_log_proofs(struct log_proofs *proofs)
{
    if (proofs->published)
        log_prover_close(&proofs->prover);
}

struct render_all {
    const struct template *template;
    const struct seal_signer *seal;
    const char *directory;
    struct log_proofs *proofs;
    struct error *err;
    long count;
    struct progress progress;
};

static int render_one_of_all(void *context, const char *number, const char *record)
{
    struct render_all *all = context;
    char *proof;
    if (log_proof_of(all->proofs, number, record, &proof, all->err) != 0)
        return -1;
    char *path = xasprintf("%s/%s.pdf", all->directory, number);
    int result = render_record(record, proof, all->template, all->seal, path, all->err);
    free(path);
    free(proof);
    all->count += result == 0;
    progress_add(&all->progress, 1);
    return result;
}

static int render_from_file(const char *record_path, const char *out,
                            const struct template *template, const struct seal_signer *seal)
{
    struct error err;
    size_t length;
    char *record = read_file_bounded(record_path, MAX_RECORD_BYTES, &length, &err);
    if (!record || render_record(record, NULL, template, seal, out, &err) != 0)
        die(EXIT_USAGE, "%s", err.message);
    free(record);
    return EXIT_OK;
}

/* The seal the options name, else the registry's (when one is open), else
 * none: *seal is then NULL. Exits 2 on a key or certificate it refuses. */
static void choose_seal(const struct seal_paths *options, struct registry *registry,
                        struct seal_signer *signer, struct seal_signer **seal)
{
    struct seal_settings settings;
    struct error err;
    int found = 0;
    *seal = NULL;
    if (options->key) {
        load_seal_signer(options, signer);
    } else if (registry) {
        if (registry_seal_get(registry, &settings, &found, &err) != 0)
            die(EXIT_USAGE, "%s", err.message);
        if (!found)
            return;
        struct seal_paths stored = {settings.key_path, settings.certificate_path,
                                    settings.chain_path};
        load_seal_signer(&stored, signer);
        seal_settings_free(&settings);
    } else {
        return;
    }
    *seal = signer;
}

int cmd_render(int argc, char **argv)
{
    static const char usage[] = "issuer render --db FILE CERTNO [-o OUT.pdf] [--template NAME]"
                                " | --db FILE --all --out-dir DIR | RECORD.json -o OUT.pdf;"
                                " [--seal-key SEAL.key --seal-cert SEAL.crt"
                                " [--seal-chain CHAIN.pem]]";
    const char *db = NULL, *out = NULL, *out_dir = NULL, *template_name = "default";
    struct seal_paths seal_options = {NULL, NULL, NULL};
    struct seal_signer signer, *seal;
    int all = 0;
    const struct option_spec specs[] = {
        {"db", &db, NULL}, {"o", &out, NULL}, {"output", &out, NULL},
        {"out-dir", &out_dir, NULL}, {"all", NULL, &all}, {"template", &template_name, NULL},
        {"seal-key", &seal_options.key, NULL}, {"seal-cert", &seal_options.certificate, NULL},
        {"seal-chain", &seal_options.chain, NULL}, {NULL, NULL, NULL}};
    char *operands[1];
    int count;
    options_parse(argc, argv, 1, specs, operands, 1, &count, usage);
    if (all ? (count != 0 || !out_dir) : (count != 1 || out_dir))
        die(EXIT_USAGE, "name one CERTNO or RECORD.json, or --all with --out-dir (usage: %s)",
            usage);
    struct template template;
    struct error err;
    load_template(template_name, &template);
    size_t length = all ? 0 : strlen(operands[0]);
    int from_file = !all && ((!db && !getenv("STARMARK_DB"))
                             || (length > 5 && strcmp(operands[0] + length - 5, ".json") == 0));
    check_seal_paths(&seal_options);
    if (from_file) {
        if (!out)
            die(EXIT_USAGE, "rendering %s needs -o OUT.pdf", operands[0]);
        choose_seal(&seal_options, NULL, &signer, &seal);
        int status = render_from_file(operands[0], out, &template, seal);
        if (seal)
            seal_signer_free(seal);
        template_free(&template);
        return status;
    }
    struct registry registry;
    struct log_proofs proofs;
    open_registry(db, &registry);
    choose_seal(&seal_options, &registry, &signer, &seal);
    open_log_proofs(&registry, &proofs);
    if (all) {
        struct render_all context = {&template, seal, out_dir, &proofs, &err, 0, {0}};
        long total;
        if (registry_count_records(&registry, &total, &err) != 0)
            die(EXIT_USAGE, "%s", err.message);
        progress_start(&context.progress, "rendering", total);
        int failed = registry_each_record(&registry, render_one_of_all, &context, &err);
        progress_finish(&context.progress);
        if (failed)
            die(EXIT_USAGE, "%s", err.message);
        printf("%ld certificates rendered to %s\n", context.count, out_dir);
        if (proofs.missing)
            fprintf(stderr, "issuer: %ld of them with no log proof embedded: the published "
                    "log does not hold their records yet; publish, then render again\n",
                    proofs.missing);
    } else {
        struct certificate_row stored;
        char *proof, *path = out ? xstrdup(out) : xasprintf("%s.pdf", operands[0]);
        if (registry_load_certificate(&registry, operands[0], CERTIFICATE_TEXTS, &stored, &err)
            != 0)
            die(EXIT_USAGE, "%s", err.message);
        if (!stored.record)
            die(EXIT_USAGE, "%s is pending approval: there is no certificate to print",
                operands[0]);
        if (log_proof_of(&proofs, operands[0], stored.record, &proof, &err) != 0
            || render_record(stored.record, proof, &template, seal, path, &err) != 0)
            die(EXIT_USAGE, "%s", err.message);
        printf("%s\n", path);
        if (!proof)
            fprintf(stderr, "issuer: %s: no log proof embedded: the published log does not "
                    "hold its record yet; publish, then render again\n", operands[0]);
        free(proof);
        certificate_row_free(&stored);
        free(path);
    }
    close_log_proofs(&proofs);
    if (seal)
        seal_signer_free(seal);
    registry_close(&registry);
    template_free(&template);
    return EXIT_OK;
}
