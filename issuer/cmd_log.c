/*
 * cmd_log.c: the body's side of the transparency log
 * (docs/transparency-log.md): `issuer log key` names the log's signing key,
 * which every publish then signs the checkpoint with, and `issuer proof`
 * writes the offline proof (C2SP tlog-proof) that a certificate's record is
 * in the published log.
 */
#define _DEFAULT_SOURCE
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "issuing.h"
#include "log_proof.h"
#include "options.h"
#include "registry_log.h"
#include "registry_publication.h"

void load_log_signer(struct registry *registry, const char *path, struct date on,
                     struct signer *out)
{
    const char *file = path ? path : registry->body.log_key;
    if (!file)
        die(EXIT_USAGE, "no log key: give --log-key LOG.key, or name it once with issuer log "
            "key LOG.key (docs/transparency-log.md)");
    load_signer(file, "log", registry, on, out);
    if (!EVP_PKEY_is_a(out->key, "ED25519"))
        die(EXIT_USAGE, "%s: a log key must be Ed25519 (C2SP signed notes)", file);
    if (strcmp(out->trusted.key.name, registry->body.log_origin) != 0)
        die(EXIT_USAGE, "%s: the log key's name \"%s\" is not the log's origin \"%s\" (a log "
            "key is made with issuer keygen --role log --name ORIGIN)", file,
            out->trusted.key.name, registry->body.log_origin);
}

/* `issuer log key LOG.key`: the key every publish signs the checkpoint with. */
static int log_key(int argc, char **argv, const char *usage)
{
    const char *db = NULL;
    const struct option_spec specs[] = {{"db", &db, NULL}, {NULL, NULL, NULL}};
    char *operands[2];
    int count;
    options_parse(argc, argv, 1, specs, operands, 2, &count, usage);
    if (count != 2 || strcmp(operands[0], "key") != 0)
        die(EXIT_USAGE, "usage: %s", usage);
    struct registry registry;
    struct signer signer;
    struct error err;
    open_registry(db, &registry);
    load_log_signer(&registry, operands[1], date_today_shanghai(), &signer);
    char *absolute = realpath(operands[1], NULL);
    char *details = xasprintf("log key %s is %s", signer.trusted.key.kid, absolute);
    int failed = registry_begin(&registry, &err)
                 || registry_set_log_key(&registry, absolute, &err)
                 || registry_log(&registry, "log key", NULL, signer.trusted.key.kid, details, &err)
                 || registry_commit(&registry, &err);
    if (failed) {
        registry_rollback(&registry);
        die(EXIT_USAGE, "%s (nothing was changed)", err.message);
    }
    printf("the log %s is signed with key %s (%s)\n", registry.body.log_origin,
           signer.trusted.key.kid, absolute);
    free(details);
    free(absolute);
    free_signer(&signer);
    registry_close(&registry);
    return EXIT_OK;
}

int cmd_log(int argc, char **argv)
{
    return log_key(argc, argv, "issuer log key --db FILE LOG.key");
}

int cmd_proof(int argc, char **argv)
{
    static const char usage[] = "issuer proof --db FILE CERTNO [-o FILE] [--publication DIR]";
    const char *db = NULL, *out = NULL, *directory = NULL;
    const struct option_spec specs[] = {{"db", &db, NULL}, {"o", &out, NULL},
                                        {"output", &out, NULL},
                                        {"publication", &directory, NULL}, {NULL, NULL, NULL}};
    char *operands[1];
    int count;
    options_parse(argc, argv, 1, specs, operands, 1, &count, usage);
    if (count != 1)
        die(EXIT_USAGE, "name one CERTNO (usage: %s)", usage);
    struct registry registry;
    struct log_prover prover;
    struct error err;
    char *record = NULL, *proof = NULL;
    open_registry(db, &registry);
    if (registry_read_record(&registry, operands[0], &record, &err) != 0
        || log_prover_open(&registry, directory, &prover, &err) != 0
        || log_prover_prove(&prover, &registry, operands[0], record, &proof, &err) != 0)
        die(EXIT_USAGE, "%s", err.message);
    if (out && write_file_atomic(out, proof, strlen(proof), 0644, 0, &err) != 0)
        die(EXIT_USAGE, "%s", err.message);
    if (!out)
        fputs(proof, stdout);
    free(proof);
    free(record);
    log_prover_close(&prover);
    registry_close(&registry);
    return EXIT_OK;
}
