/*
 * tlog_verify.h: whether a checkpoint counts (docs/transparency-log.md).
 *
 * The log's signature is judged by the trust decision (trust.h), role
 * "log": a signature line counts when its key name is the checkpoint's
 * origin, its key ID is the C2SP key ID (type 0x01) of a log key of the
 * trust store whose name is that origin, and that key, trusted on the day
 * of the check, verifies it. A checkpoint carries no date, so the day is
 * the one the check is made for: a log key whose window has closed counts
 * for no checkpoint at all, as a thief could sign one for any size.
 * Lines from unknown (name, ID) pairs are ignored, never counted; a known
 * key's failed signature refuses the whole note.
 *
 * Witnesses are the buyer's own policy, not the body's trust store: the
 * buyer names each witness by its verifier key (type 0x04) and how many
 * of them must have cosigned (K of N). tlog_witness_quorum() is that
 * policy, whole.
 */
#ifndef STARMARK_TLOG_VERIFY_H
#define STARMARK_TLOG_VERIFY_H

#include "date.h"
#include "signature_cache.h"
#include "tlog_note.h"
#include "trust.h"

/* What a checkpoint's log signature is judged by. */
struct checkpoint_question {
    struct date on;             /* the day the log key must be trusted on */
    int vouched;                /* as trust_question.vouched: the checkpoint's bytes are
                                   listed by a manifest the trust decision accepted */
};

/* Parses the signed checkpoint in data (note and checkpoint both filled;
 * note_free the note) and judges its log signature. 0 when a log key
 * counts for it, else -1 with err saying why. */
int tlog_checkpoint_verify(const char *data, size_t length, const struct trust_store *trust,
                           const struct checkpoint_question *question,
                           struct signature_cache *cache, struct signed_note *note,
                           struct checkpoint *checkpoint, struct error *err);

/* The witnesses a buyer requires. */
struct witness_policy {
    struct note_verifier_key *witnesses;
    size_t count;
    size_t quorum;              /* 0: all of them */
};

/* Adds the witness whose verifier key is the first line of the file at path. */
int witness_policy_add_file(struct witness_policy *policy, const char *path, struct error *err);
void witness_policy_free(struct witness_policy *policy);

/* 0 when at least the policy's quorum of its witnesses cosigned the note:
 * their tlog-cosignature/v1 lines may be in any of the notes given, which
 * must all have the same text (others are ignored). A witness counts once;
 * a cosignature of a named witness that does not verify refuses them all. */
int tlog_witness_quorum(const struct witness_policy *policy, const struct signed_note *const notes[],
                        size_t note_count, struct error *err);

/* A tlog-proof (tlog_proof.h) that entry is in the log: its checkpoint
 * counts (as tlog_checkpoint_verify, and cosigned by the witnesses when
 * witnesses is not NULL) and its inclusion proof leads from the entry's
 * leaf hash to the checkpoint's root. 0 with checkpoint and *index filled,
 * or -1 with err. */
int tlog_proof_verify(const char *proof, size_t proof_length, const char *entry,
                      size_t entry_length, const struct trust_store *trust,
                      const struct checkpoint_question *question,
                      const struct witness_policy *witnesses, struct checkpoint *checkpoint,
                      uint64_t *index, struct error *err);

#endif
