/*
 * tlog_proof.h: the C2SP tlog-proof (https://c2sp.org/tlog-proof), an
 * offline proof that an entry is in a transparency log: its index, its
 * inclusion proof and the checkpoint (with any witness cosignatures) the
 * proof leads to. `issuer proof` writes one for a certificate's record,
 * `verifier --proof` checks it.
 *
 *   c2sp.org/tlog-proof@v1
 *   [extra BASE64]                 opaque; read, never trusted, never written
 *   index 73894                    decimal, no leading zero
 *   gSKyXoYZ...PlQ=                the inclusion proof, one base64 hash a
 *   B95lDa8R...XmA=                line, from the leaf's sibling upward
 *                                  a blank line
 *   example.com/log ...            the signed checkpoint, verbatim
 */
#ifndef STARMARK_TLOG_PROOF_H
#define STARMARK_TLOG_PROOF_H

#include <stddef.h>
#include <stdint.h>
#include "tlog_tree.h"
#include "util.h"

#define TLOG_PROOF_HEADER "c2sp.org/tlog-proof@v1"
#define TLOG_PROOF_MAX_BYTES (64 * 1024)

struct tlog_proof_file {
    uint64_t index;
    struct tlog_proof inclusion;
    char *checkpoint;           /* the signed note, NUL-terminated; the caller frees it */
    size_t checkpoint_length;
};

/* Parses strictly; -1 with err naming the first line that is wrong. */
int tlog_proof_parse(const char *data, size_t length, struct tlog_proof_file *out,
                     struct error *err);
void tlog_proof_file_free(struct tlog_proof_file *proof);

/* The proof's text; the caller frees it. */
char *tlog_proof_format(uint64_t index, const struct tlog_proof *inclusion,
                        const char *checkpoint, size_t checkpoint_length);

#endif
