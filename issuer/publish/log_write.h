/*
 * log_write.h: writing the transparency log under a publication, as
 * C2SP tlog-tiles (common/tlog_tiles.h has the layout): PUB/log/tile/...
 * and PUB/log/checkpoint (docs/transparency-log.md).
 *
 * The registry is the log's source of truth (registry_log.h); the files are
 * made from it. A publish writes only the tiles and bundles that changed
 * since the last checkpoint the registry signed (all of them in a full
 * publish), each under a path no reader of an older checkpoint uses, then
 * signs a checkpoint of the whole log. Before signing it checks that the
 * new tree extends both the last checkpoint the registry signed and the one
 * the directory holds, so a registry restored from an older copy refuses
 * to sign a fork instead of making one.
 */
#ifndef STARMARK_LOG_WRITE_H
#define STARMARK_LOG_WRITE_H

#include "issuing.h"
#include "registry.h"
#include "publication_layout.h"
#include "tlog_note.h"

struct log_written {
    struct checkpoint checkpoint;
    char *note;                 /* the signed checkpoint (with the witnesses' cosignatures
                                   when the tree did not change); the caller frees it */
    int kept;                   /* the live checkpoint stays: the tree did not change */
    long tiles_written;         /* hash tiles and entry bundles */
};

/* Before anything is appended: the last checkpoint the registry signed and
 * the one root/log holds must both be prefixes of the registry's log, or
 * signing would fork it. *written gets the size whose tiles are on disk
 * already (0 when full: write every tile, as for a new directory). */
int log_check(struct registry *registry, const char *root, int full, uint64_t *written,
              struct error *err);

/* Writes the tiles of the registry's log under root/log from the size
 * written on, and signs its checkpoint with log_key (a key of role log
 * whose name is the registry's origin). Nothing goes live: see
 * log_make_live. The caller holds the transaction. */
int log_write(struct registry *registry, const struct signer *log_key, const char *root,
              int full, uint64_t written, struct log_written *out, struct error *err);

/* Makes the checkpoint written live at root/log/checkpoint (unless kept). */
int log_make_live(const char *root, const struct log_written *written, struct error *err);

/* Removes the partial tiles and bundles of root/log that a full one has
 * replaced, unless a checkpoint of one of kept_sizes needs them. */
void log_collect_garbage(const char *root, const uint64_t *kept_sizes, size_t kept_count);

/* Holds a directory's lock until unlock_directory: on the log's, a publish
 * replacing the checkpoint and a witness adding its cosignature never
 * overwrite each other; on the publication's, two publishes queue
 * (publish.c). Returns the descriptor, or -1 with err. */
int lock_directory(const char *directory, struct error *err);
void unlock_directory(int descriptor);

#endif
