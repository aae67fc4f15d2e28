/*
 * tlog_state.h: the newest checkpoint seen of each log, kept in a
 * directory, and the check of every new checkpoint against it
 * (docs/transparency-log.md). `verifier --log-state DIR`, verify.cgi's
 * log_state and `issuer witness cosign --state DIR` keep one.
 *
 *   DIR/ORIGIN_DIGEST.checkpoint   the newest signed checkpoint accepted
 *   DIR/ORIGIN_DIGEST.refused      the last one refused, kept as evidence
 *
 * ORIGIN_DIGEST is the first 16 bytes of the SHA-256 of the origin, in hex.
 * A new checkpoint is accepted when it is the same tree, or a larger one
 * the old is a prefix of (an RFC 6962 consistency proof computed from the
 * new tree's tiles); a smaller one is a rollback, another tree of the same
 * size a split view. Each file is replaced whole (write, then rename).
 */
#ifndef STARMARK_TLOG_STATE_H
#define STARMARK_TLOG_STATE_H

#include "tlog_note.h"
#include "tlog_tree.h"

/* Checks checkpoint (signed as note, note_length bytes) against the newest
 * one kept in directory for its origin; hashes are the new tree's (from its
 * tiles). 0 when it is consistent with it (or none is kept yet): with save,
 * it is then kept as the newest. -1 with err saying rollback, split view or
 * why it cannot be told, the refused one kept beside it. */
int tlog_state_check(const char *directory, const struct checkpoint *checkpoint,
                     const char *note, size_t note_length, const struct tlog_hash_source *hashes,
                     int save, struct error *err);

/* Keeps the checkpoint as the newest seen of its origin (making the
 * directory when it is missing). */
int tlog_state_save(const char *directory, const struct checkpoint *checkpoint,
                    const char *note, size_t note_length, struct error *err);

#endif
