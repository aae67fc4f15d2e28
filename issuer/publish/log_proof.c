/*
 * log_proof.c: proving a certificate's record is in the published log
 * (log_proof.h), from the publication's own files: a proof must check
 * against what buyers are served, so it is made from the checkpoint and
 * tiles the body published, not from the registry's copy.
 */
#define _DEFAULT_SOURCE
#include "log_proof.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "publication_layout.h"
#include "registry_log.h"
#include "registry_publication.h"
#include "tlog_proof.h"

/* Rewrites err as "BEFORE: its message" (before may be empty) plus after. */
static int reword(struct error *err, const char *before, const char *after)
{
    char reason[sizeof err->message];
    memcpy(reason, err->message, sizeof reason);
    return fail(err, "%s%s%.400s%s", before, *before ? ": " : "", reason, after);
}

/* The live checkpoint of the log directory, parsed, which must be origin's. */
static int read_checkpoint(const char *log, const char *origin, struct log_prover *out,
                           struct error *err)
{
    struct signed_note note;
    size_t length;
    char *path = xasprintf("%s/%s", log, TLOG_CHECKPOINT_FILE);
    int status = -1;
    out->note = read_file_bounded(path, NOTE_MAX_BYTES, &length, err);
    if (!out->note) {
        reword(err, "", " (publish first)");
    } else if (note_parse(out->note, length, &note, err) == 0) {
        if (checkpoint_parse(note.text, note.text_length, &out->checkpoint, err) != 0)
            reword(err, path, "");
        else if (strcmp(out->checkpoint.origin, origin) != 0)
            fail(err, "%s is the checkpoint of %s, not of this registry's log %s", path,
                 out->checkpoint.origin, origin);
        else
            status = 0;
        note_free(&note);
    } else {
        reword(err, path, "");
    }
    free(path);
    return status;
}

int log_prover_open(struct registry *registry, const char *directory, struct log_prover *out,
                    struct error *err)
{
    long serial;
    char *last = NULL;
    memset(out, 0, sizeof *out);
    if (registry_last_publication(registry, &serial, &last, err) != 0)
        return -1;
    if (!directory && !last) {
        fail(err, "nothing was published yet: publish first");
        return LOG_PROOF_NOT_YET;
    }
    struct stat folder;
    if (!directory && stat(last, &folder) != 0) {
        fail(err, "the last publication, %.300s, is not there: its log proves the "
             "certificates (publish again, or restore it)", last);
        free(last);
        return -1;
    }
    out->log = xasprintf("%s/%s", directory ? directory : last, LOG_DIRECTORY);
    free(last);
    if (read_checkpoint(out->log, registry->body.log_origin, out, err) != 0) {
        log_prover_close(out);
        return -1;
    }
    struct tlog_tile_source tiles = tlog_directory_tiles(out->log);
    out->reader = tlog_tile_reader_new(&tiles, out->checkpoint.size);
    return 0;
}

int log_prover_prove(struct log_prover *prover, struct registry *registry, const char *number,
                     const char *record, char **proof_out, struct error *err)
{
    const struct checkpoint *checkpoint = &prover->checkpoint;
    struct tlog_hash_source hashes = tlog_tile_reader_hashes(prover->reader);
    struct tlog_proof inclusion;
    struct tlog_hash leaf;
    uint64_t position;
    *proof_out = NULL;
    if (registry_log_record_position(registry, number, &position, err) != 0)
        return -1;
    if (position >= checkpoint->size) {
        fail(err, "%s: its record (entry %llu) is not in the published log of %llu entries "
             "yet: publish first", number, (unsigned long long)position,
             (unsigned long long)checkpoint->size);
        return LOG_PROOF_NOT_YET;
    }
    tlog_leaf_hash(record, strlen(record), &leaf);
    if (tlog_prove_inclusion(&hashes, position, checkpoint->size, &inclusion, err) != 0
        || tlog_check_inclusion(&inclusion, position, checkpoint->size, &leaf,
                                &checkpoint->root, err) != 0)
        return reword(err, prover->log, "");
    *proof_out = tlog_proof_format(position, &inclusion, prover->note, strlen(prover->note));
    return 0;
}

void log_prover_close(struct log_prover *prover)
{
    if (prover->reader)
        tlog_tile_reader_free(prover->reader);
    free(prover->log);
    free(prover->note);
    memset(prover, 0, sizeof *prover);
}
