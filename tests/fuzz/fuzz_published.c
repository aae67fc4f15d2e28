/* fuzz_published.c: the signed files of a publication: shard indexes and
 * status responses (what `verifier --status` and verify.cgi read). The
 * first byte picks which of the two member lists the input is held to. */
#include "fuzz.h"
#include "publication.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const index_members[] = {"format", "body", "shard", "serial",
                                                "issued_at", "next_update", "grace_days",
                                                "certificates", NULL};
    static const char *const response_members[] = {
        "format", "body", "number", "status", "since", "reason_code", "reason",
        "last_surveillance", "next_surveillance_due", "this_update", "next_update", "serial",
        NULL};
    if (size < 1)
        return 0;
    int is_index = data[0] & 1;
    struct error err;
    json_t *payload = publication_verify_signed((const char *)data + 1, size - 1,
                                                is_index ? INDEX_TYPE : RESPONSE_TYPE,
                                                is_index ? index_members : response_members,
                                                fuzz_trust(), &err);
    json_decref(payload);
    return 0;
}
