/*
 * publication_log.c: what a status lookup checks of the log
 * (publication_log.h).
 */
#include "publication_log.h"

#include <stdlib.h>
#include <string.h>

#include "tlog_state.h"
#include "tlog_tiles.h"

/* The checkpoint is what the manifest says it is. */
static int is_named(const struct checkpoint *checkpoint, const struct checkpoint *named,
                    struct error *err)
{
    if (strcmp(checkpoint->origin, named->origin) != 0 || checkpoint->size != named->size
        || !tlog_hash_equal(&checkpoint->root, &named->root))
        return fail(err, "the log's checkpoint (%s, %llu entries) is not the one the manifest "
                    "names (%s, %llu entries)", checkpoint->origin,
                    (unsigned long long)checkpoint->size, named->origin,
                    (unsigned long long)named->size);
    return 0;
}

static int included(const struct tlog_hash_source *hashes, const struct checkpoint *checkpoint,
                    const char *what, const char *bytes, size_t length, uint64_t position,
                    struct error *err)
{
    struct tlog_hash leaf;
    struct tlog_proof proof;
    struct error inner;
    tlog_leaf_hash(bytes, length, &leaf);
    if (tlog_prove_inclusion(hashes, position, checkpoint->size, &proof, &inner) != 0
        || tlog_check_inclusion(&proof, position, checkpoint->size, &leaf, &checkpoint->root,
                                &inner) != 0)
        return fail(err, "the %s is not in the log at entry %llu: %s", what,
                    (unsigned long long)position, inner.message);
    return 0;
}

/* The witnesses' cosignatures, from the generation's copy and from the
 * live checkpoint, to which witnesses add theirs after the publish. */
static int witnessed(const struct log_evidence *evidence, const struct signed_note *copy,
                     const struct witness_policy *witnesses, struct error *err)
{
    struct signed_note live;
    struct error ignored;
    size_t length;
    char *path = xasprintf("%s/%s", evidence->log_directory, TLOG_CHECKPOINT_FILE);
    char *text = read_file_bounded(path, NOTE_MAX_BYTES, &length, &ignored);
    int have_live = text && note_parse(text, length, &live, &ignored) == 0;
    const struct signed_note *notes[] = {copy, &live};
    int result = tlog_witness_quorum(witnesses, notes, have_live ? 2 : 1, err);
    if (have_live)
        note_free(&live);
    free(text);
    free(path);
    return result;
}

int publication_log_check(const struct log_evidence *evidence, const struct trust_store *trust,
                          struct date on, int vouched, const struct log_policy *policy,
                          struct signature_cache *cache, struct error *err)
{
    struct signed_note note;
    struct checkpoint checkpoint;
    struct checkpoint_question question = {on, vouched};
    if (tlog_checkpoint_verify(evidence->checkpoint, evidence->checkpoint_length, trust,
                               &question, cache, &note, &checkpoint, err) != 0)
        return -1;
    struct tlog_tile_source tiles = tlog_directory_tiles(evidence->log_directory);
    struct tlog_tile_reader *reader = tlog_tile_reader_new(&tiles, checkpoint.size);
    struct tlog_hash_source hashes = tlog_tile_reader_hashes(reader);
    int result = is_named(&checkpoint, evidence->named, err)
                 || included(&hashes, &checkpoint, "status response", evidence->response,
                             evidence->response_length, evidence->response_entry, err)
                 || included(&hashes, &checkpoint, "record", evidence->record,
                             evidence->record_length, evidence->record_entry, err)
                 || (policy && policy->witnesses && witnessed(evidence, &note, policy->witnesses,
                                                              err))
                 || (policy && policy->state
                     && tlog_state_check(policy->state, &checkpoint, evidence->checkpoint,
                                         evidence->checkpoint_length, &hashes, 1, err));
    tlog_tile_reader_free(reader);
    note_free(&note);
    return result ? -1 : 0;
}
