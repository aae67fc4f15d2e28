/* fuzz_bundle.c: an entry bundle of a log (tlog_tiles.h), as the monitor
 * splits it: the first byte is the width it must have (1 to 256). */
#include "fuzz.h"
#include "tlog_tiles.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    struct tlog_entry entries[TLOG_TILE_WIDTH];
    struct error err;
    unsigned width = data[0] ? data[0] : TLOG_TILE_WIDTH;
    if (tlog_bundle_parse(data + 1, size - 1, width, entries, &err) == 0) {
        struct tlog_hash leaf;
        for (unsigned i = 0; i < width; i++)
            tlog_leaf_hash(entries[i].bytes, entries[i].length, &leaf);
    }
    return 0;
}
