/* fuzz_payload.c: the record payload decoder and its score arithmetic,
 * reached directly (without a signature in the way). */
#include "fuzz.h"
#include "record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct certificate c;
    struct error err;
    if (certificate_from_payload((const char *)data, size, &c, &err) == 0) {
        json_decref(certificate_to_payload(&c));
        certificate_free(&c);
    }
    return 0;
}
