/* fuzz_proof.c: an offline proof (c2sp.org/tlog-proof@v1), as
 * `verifier --proof` reads it: parsed, then checked against the seeds'
 * trust store for a record, its checkpoint's signatures included. */
#include "fuzz.h"
#include "tlog_proof.h"
#include "tlog_verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char entry[] = "{}";
    struct tlog_proof_file proof;
    struct checkpoint checkpoint;
    struct checkpoint_question question = {{2026, 11, 27}, 0};
    struct error err;
    uint64_t index;
    if (tlog_proof_parse((const char *)data, size, &proof, &err) == 0)
        tlog_proof_file_free(&proof);
    tlog_proof_verify((const char *)data, size, entry, sizeof entry - 1, fuzz_trust(), &question,
                      NULL, &checkpoint, &index, &err);
    return 0;
}
