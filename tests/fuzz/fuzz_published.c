/* fuzz_published.c: the files of a publication that `verifier --status`
 * and verify.cgi read: the signed manifest and status responses, the table
 * of shards and a shard's index. The first byte picks which. */
#include "fuzz.h"
#include "publication.h"

static void signed_file(const char *text, size_t length, int is_manifest)
{
    static const char *const manifest_members[] = {"format", "body", "serial", "issued_at",
                                                   "next_update", "grace_days", "shards", "log",
                                                   NULL};
    static const char *const response_members[] = {
        "format", "body", "number", "status", "since", "reason_code", "reason",
        "last_surveillance", "next_surveillance_due", "this_update", "next_update", "serial",
        NULL};
    struct error err;
    json_t *payload = publication_verify_signed(text, length,
                                                is_manifest ? MANIFEST_TYPE : RESPONSE_TYPE,
                                                is_manifest ? manifest_members
                                                            : response_members,
                                                fuzz_trust(), NULL, &err);
    json_decref(payload);
}

/* The index is looked up for the shard its own first line names, so that
 * mutations reach the entries and not only the header check. */
static void index_file(const char *text, size_t length)
{
    static const char number[] = "FUZZ-2026-000001";
    size_t header = strlen(INDEX_FORMAT " ");
    char shard[SHARD_NAME_SIZE] = "000";
    struct index_entry entry;
    struct error err;
    if (length >= header + 3)
        memcpy(shard, text + header, 3);
    publication_index_find(text, length, shard, number, &entry, &err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *text = (const char *)data + 1;
    char digest[DIGEST_LENGTH + 1];
    struct error err;
    switch (data[0] & 3) {
    case 0: signed_file(text, size - 1, 0); break;
    case 1: signed_file(text, size - 1, 1); break;
    case 2: publication_shards_find(text, size - 1, "2a7", digest, &err); break;
    default: index_file(text, size - 1); break;
    }
    return 0;
}
