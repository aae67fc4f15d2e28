/*
 * log_proof.h: the offline proof (C2SP tlog-proof, common/tlog_proof.h)
 * that a certificate's record is in the published log, made in one place
 * for `issuer proof`, which writes it to a file, and `issuer render`, which
 * embeds it in the PDF beside the record (docs/transparency-log.md §6).
 *
 * A proof holds the record's index, the inclusion proof computed from the
 * publication's tiles and checked against its live checkpoint before anyone
 * is handed it, and that checkpoint as published, with every witness's
 * cosignature. A prover reads the checkpoint once and keeps one tile
 * reader, so `issuer render --all` does not re-read the tiles each
 * certificate shares.
 */
#ifndef STARMARK_LOG_PROOF_H
#define STARMARK_LOG_PROOF_H

#include "registry.h"
#include "tlog_note.h"
#include "tlog_tiles.h"

struct log_prover {
    char *log;                  /* the publication's log directory */
    char *note;                 /* its live checkpoint, the signed note as published */
    struct checkpoint checkpoint;
    struct tlog_tile_reader *reader;
};

/* What a prover call returns beside 0 (done) and -1 (err says what is wrong). */
#define LOG_PROOF_NOT_YET 1     /* not published yet: err says so, and to publish first */

/* Opens the publication at directory, or the registry's latest when
 * directory is NULL: LOG_PROOF_NOT_YET when there is none; -1 when its
 * checkpoint cannot be read or is not this registry's log. */
int log_prover_open(struct registry *registry, const char *directory, struct log_prover *out,
                    struct error *err);

/* The tlog-proof of the certificate's latest record entry, whose bytes are
 * record, into *proof_out (the caller frees it); LOG_PROOF_NOT_YET when
 * that entry is beyond the published checkpoint. */
int log_prover_prove(struct log_prover *prover, struct registry *registry, const char *number,
                     const char *record, char **proof_out, struct error *err);

void log_prover_close(struct log_prover *prover);

#endif
