/*
 * publication_log.h: the transparency log under a publication, as a status
 * lookup checks it (docs/transparency-log.md, docs/publication.md §6).
 *
 * The signed manifest names the log's origin, size and root and lists the
 * SHA-256 of the checkpoint its generation keeps; the shard's index says
 * where the certificate's record and status response sit in the log. A
 * lookup then requires that the checkpoint is signed by a log key of the
 * trust store (tlog_verify.h) and is the one the manifest names, that both
 * entries are in its tree (inclusion proofs computed from PUB/log's tiles),
 * that the witnesses the buyer requires cosigned it, and that it is
 * consistent with the newest checkpoint this verifier saw (tlog_state.h).
 * Any failure makes the status unknown.
 */
#ifndef STARMARK_PUBLICATION_LOG_H
#define STARMARK_PUBLICATION_LOG_H

#include <stdint.h>
#include "date.h"
#include "signature_cache.h"
#include "tlog_note.h"
#include "tlog_verify.h"
#include "trust.h"

/* What the verifier asks of the log, beyond the trust store. */
struct log_policy {
    const char *state;          /* the directory of the newest checkpoints seen, or NULL */
    const struct witness_policy *witnesses; /* the cosignatures required, or NULL */
};

/* One lookup's material: the bytes it read (each checked by digest). */
struct log_evidence {
    const char *log_directory;  /* PUB/log */
    const char *checkpoint;     /* the generation's copy, as the manifest lists it */
    size_t checkpoint_length;
    const struct checkpoint *named;     /* what the manifest says it is */
    const char *response, *record;      /* the two entries' bytes */
    size_t response_length, record_length;
    uint64_t response_entry, record_entry;
};

/* Checks it all; 0, or -1 with err saying what the log does not back.
 * vouched: the checkpoint's bytes are listed by a manifest the trust
 * decision accepted (check.h's shortcut). */
int publication_log_check(const struct log_evidence *evidence, const struct trust_store *trust,
                          struct date on, int vouched, const struct log_policy *policy,
                          struct signature_cache *cache, struct error *err);

#endif
