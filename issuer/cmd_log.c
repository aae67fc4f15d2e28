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
#include "options.h"
#include "publication_layout.h"
#include "registry_certificates.h"
#include "registry_log.h"
#include "registry_publication.h"
#include "tlog_note.h"
#include "tlog_proof.h"
#include "tlog_tiles.h"

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

/* The published checkpoint of the log at directory, parsed; exits 2 when
 * there is none or it is not this registry's log. */
static char *published_checkpoint(const char *directory, const char *origin,
                                  struct checkpoint *checkpoint)
{
    struct error err;
    struct signed_note note;
    size_t length;
    char *path = xasprintf("%s/%s/%s", directory, LOG_DIRECTORY, TLOG_CHECKPOINT_FILE);
    char *text = read_file_bounded(path, NOTE_MAX_BYTES, &length, &err);
    if (!text)
        die(EXIT_USAGE, "%s (publish first)", err.message);
    if (note_parse(text, length, &note, &err) != 0
        || checkpoint_parse(note.text, note.text_length, checkpoint, &err) != 0)
        die(EXIT_USAGE, "%s: %s", path, err.message);
    note_free(&note);
    if (strcmp(checkpoint->origin, origin) != 0)
        die(EXIT_USAGE, "%s is the checkpoint of %s, not of this registry's log %s", path,
            checkpoint->origin, origin);
    free(path);
    return text;
}

/* The inclusion proof of the record at position, from the published tiles,
 * checked against the checkpoint before anyone is handed it. */
static void prove(const char *directory, uint64_t position, const char *record,
                  const struct checkpoint *checkpoint, struct tlog_proof *out)
{
    struct error err;
    struct tlog_hash leaf;
    char *log = xasprintf("%s/%s", directory, LOG_DIRECTORY);
    struct tlog_tile_source tiles = tlog_directory_tiles(log);
    struct tlog_tile_reader *reader = tlog_tile_reader_new(&tiles, checkpoint->size);
    struct tlog_hash_source hashes = tlog_tile_reader_hashes(reader);
    tlog_leaf_hash(record, strlen(record), &leaf);
    if (tlog_prove_inclusion(&hashes, position, checkpoint->size, out, &err) != 0
        || tlog_check_inclusion(out, position, checkpoint->size, &leaf, &checkpoint->root,
                                &err) != 0)
        die(EXIT_USAGE, "%s: %s", log, err.message);
    tlog_tile_reader_free(reader);
    free(log);
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
    struct error err;
    struct checkpoint checkpoint;
    struct tlog_proof inclusion;
    uint64_t position;
    long serial;
    char *last = NULL, *record = NULL;
    open_registry(db, &registry);
    if (registry_log_record_position(&registry, operands[0], &position, &err) != 0
        || registry_read_record(&registry, operands[0], &record, &err) != 0
        || registry_last_publication(&registry, &serial, &last, &err) != 0)
        die(EXIT_USAGE, "%s", err.message);
    if (!directory && !last)
        die(EXIT_USAGE, "nothing was published yet: publish first, or give --publication DIR");
    directory = directory ? directory : last;
    char *note = published_checkpoint(directory, registry.body.log_origin, &checkpoint);
    if (position >= checkpoint.size)
        die(EXIT_USAGE, "%s: its record (entry %llu) is not in the published log of %llu "
            "entries yet: publish first", operands[0], (unsigned long long)position,
            (unsigned long long)checkpoint.size);
    prove(directory, position, record, &checkpoint, &inclusion);
    char *proof = tlog_proof_format(position, &inclusion, note, strlen(note));
    if (out && write_file_atomic(out, proof, strlen(proof), 0644, 0, &err) != 0)
        die(EXIT_USAGE, "%s", err.message);
    if (!out)
        fputs(proof, stdout);
    free(proof);
    free(note);
    free(record);
    free(last);
    registry_close(&registry);
    return EXIT_OK;
}
