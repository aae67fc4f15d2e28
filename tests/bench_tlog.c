/*
 * bench_tlog.c: the time of an inclusion proof, for tests/bench-log.sh: a
 * log directory's checkpoint, then COUNT entries picked evenly through it,
 * each proved as a status lookup proves it (a fresh tile reader reading the
 * tile files, the proof made and checked against the root), and the same
 * proofs checked alone, as `verifier --proof` checks a tlog-proof.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "tlog_note.h"
#include "tlog_tiles.h"

static double seconds(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

/* The leaf hash of entry index, from its level-0 tile. */
static int leaf_of(struct tlog_tile_reader *reader, uint64_t index, struct tlog_hash *out,
                   struct error *err)
{
    struct tlog_hash_source hashes = tlog_tile_reader_hashes(reader);
    return hashes.read(hashes.context, 0, index, out, err);
}

int main(int argc, char **argv)
{
    struct error err;
    struct signed_note note;
    struct checkpoint checkpoint;
    size_t length;
    if (argc != 3)
        die(EXIT_USAGE, "usage: bench-tlog LOGDIR COUNT");
    long count = atol(argv[2]);
    char *path = xasprintf("%s/%s", argv[1], TLOG_CHECKPOINT_FILE);
    char *text = read_file_bounded(path, NOTE_MAX_BYTES, &length, &err);
    if (!text || note_parse(text, length, &note, &err) != 0
        || checkpoint_parse(note.text, note.text_length, &checkpoint, &err) != 0 || count < 1)
        die(EXIT_USAGE, "%s", err.message);
    struct tlog_tile_source tiles = tlog_directory_tiles(argv[1]);
    struct tlog_proof *proofs = xcalloc((size_t)count, sizeof *proofs);
    struct tlog_hash *leaves = xcalloc((size_t)count, sizeof *leaves);
    double start = seconds();
    for (long i = 0; i < count; i++) {
        uint64_t index = checkpoint.size / (uint64_t)count * (uint64_t)i;
        struct tlog_tile_reader *reader = tlog_tile_reader_new(&tiles, checkpoint.size);
        struct tlog_hash_source hashes = tlog_tile_reader_hashes(reader);
        if (leaf_of(reader, index, &leaves[i], &err) != 0
            || tlog_prove_inclusion(&hashes, index, checkpoint.size, &proofs[i], &err) != 0
            || tlog_check_inclusion(&proofs[i], index, checkpoint.size, &leaves[i],
                                    &checkpoint.root, &err) != 0)
            die(EXIT_NOT_GENUINE, "entry %llu: %s", (unsigned long long)index, err.message);
        tlog_tile_reader_free(reader);
    }
    double proved = seconds() - start;
    start = seconds();
    for (long i = 0; i < count; i++)
        if (tlog_check_inclusion(&proofs[i], checkpoint.size / (uint64_t)count * (uint64_t)i,
                                 checkpoint.size, &leaves[i], &checkpoint.root, &err) != 0)
            die(EXIT_NOT_GENUINE, "%s", err.message);
    double checked = seconds() - start;
    printf("%llu %.1f %.2f\n", (unsigned long long)checkpoint.size, proved / count * 1e6,
           checked / count * 1e6);
    free(proofs);
    free(leaves);
    note_free(&note);
    free(text);
    free(path);
    return 0;
}
