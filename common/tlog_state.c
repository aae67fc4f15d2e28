/*
 * tlog_state.c: the newest checkpoint seen per log, and rollback and
 * split-view detection (tlog_state.h).
 */
#include "tlog_state.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <openssl/evp.h>

static char *state_path(const char *directory, const char *origin, const char *suffix)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length;
    char hex[33];
    EVP_Digest(origin, strlen(origin), digest, &length, EVP_sha256(), NULL);
    for (int i = 0; i < 16; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
    return xasprintf("%s/%s%s", directory, hex, suffix);
}

int tlog_state_save(const char *directory, const struct checkpoint *checkpoint,
                    const char *note, size_t note_length, struct error *err)
{
    char *path = state_path(directory, checkpoint->origin, ".checkpoint");
    int result = mkdir(directory, 0755) != 0 && errno != EEXIST
                     ? fail(err, "the log state %s: %s", directory, strerror(errno))
                     : write_file_atomic(path, note, note_length, 0644, 0, err);
    free(path);
    return result;
}

/* The checkpoint kept for the origin: 1 when there is one, 0 when none,
 * -1 with err when it cannot be read. */
static int kept_checkpoint(const char *directory, const char *origin, struct checkpoint *out,
                           struct error *err)
{
    char *path = state_path(directory, origin, ".checkpoint");
    FILE *exists = fopen(path, "r");
    int result = 0;
    if (exists) {
        fclose(exists);
        struct signed_note note;
        struct error inner;
        size_t length;
        char *text = read_file_bounded(path, NOTE_MAX_BYTES, &length, &inner);
        result = text && note_parse(text, length, &note, &inner) == 0 ? 1 : -1;
        if (result == 1 && checkpoint_parse(note.text, note.text_length, out, &inner) != 0)
            result = -1;
        if (text && result != -1)
            note_free(&note);
        free(text);
        if (result < 0)
            fail(err, "the log state %s is damaged: %s", path, inner.message);
    } else if (errno != ENOENT) {
        result = fail(err, "the log state %s: %s", path, strerror(errno));
    }
    free(path);
    return result;
}

/* Keeps a refused checkpoint as evidence, and says why it was refused. */
static int refuse(const char *directory, const struct checkpoint *checkpoint, const char *note,
                  size_t note_length)
{
    char *path = state_path(directory, checkpoint->origin, ".refused");
    struct error ignored;
    write_file_atomic(path, note, note_length, 0644, 0, &ignored);
    free(path);
    return -1;
}

int tlog_state_check(const char *directory, const struct checkpoint *checkpoint,
                     const char *note, size_t note_length, const struct tlog_hash_source *hashes,
                     int save, struct error *err)
{
    struct checkpoint seen;
    struct tlog_proof proof;
    struct error inner;
    int kept = kept_checkpoint(directory, checkpoint->origin, &seen, err);
    if (kept < 0)
        return -1;
    unsigned long long old = kept ? seen.size : 0, size = checkpoint->size;
    if (kept && size < seen.size) {
        fail(err, "a rollback: the log %s is at %llu entries, but a checkpoint of %llu was seen "
             "before", checkpoint->origin, size, old);
        return refuse(directory, checkpoint, note, note_length);
    }
    if (kept && size == seen.size && !tlog_hash_equal(&seen.root, &checkpoint->root)) {
        fail(err, "a split view: the log %s shows another tree of %llu entries than it showed "
             "before", checkpoint->origin, size);
        return refuse(directory, checkpoint, note, note_length);
    }
    if (kept && size > seen.size
        && tlog_prove_consistency(hashes, seen.size, size, &proof, &inner) != 0)
        return fail(err, "cannot tell whether the log %s at %llu entries extends the tree of "
                    "%llu seen before: %s", checkpoint->origin, size, old, inner.message);
    if (kept && size > seen.size
        && tlog_check_consistency(&proof, seen.size, size, &seen.root, &checkpoint->root,
                                  &inner) != 0) {
        fail(err, "a split view: the log %s at %llu entries does not extend the tree of %llu "
             "seen before", checkpoint->origin, size, old);
        return refuse(directory, checkpoint, note, note_length);
    }
    if (save && (!kept || size > seen.size))
        return tlog_state_save(directory, checkpoint, note, note_length, err);
    return 0;
}
