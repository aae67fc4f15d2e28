/* fuzz_tile.c: hash tiles (tlog_tiles.h) as a reader takes them: the first
 * eight bytes are a tree size, the next eight an entry and an older size,
 * the rest the hashes every tile is cut from (a tile asked for more than
 * there are is missing). The reader computes the root, an inclusion proof
 * and a consistency proof from them and checks both, whatever they say. */
#include "fuzz.h"
#include "tlog_tiles.h"

struct pool {
    const uint8_t *bytes;
    size_t size;
};

static int read_pool(void *context, int level, uint64_t index, unsigned width,
                     struct tlog_hash *out, struct error *err)
{
    const struct pool *pool = context;
    size_t wanted = (size_t)width * TLOG_HASH_SIZE;
    char *path = tlog_tile_path(level, index, width);
    free(path);
    if (wanted > pool->size)
        return fail(err, "a tile of %u hashes is missing", width);
    memcpy(out, pool->bytes + (index * 7 + (uint64_t)level) % (pool->size - wanted + 1),
           wanted);
    return 0;
}

static uint64_t number(const uint8_t *bytes)
{
    uint64_t value = 0;
    for (int i = 0; i < 8; i++)
        value = value << 8 | bytes[i];
    return value;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 16)
        return 0;
    struct pool pool = {data + 16, size - 16};
    uint64_t tree = number(data) % 5000000, picks = number(data + 8);
    uint64_t entry = tree ? picks % tree : 0, old = tree ? (picks >> 32) % tree : 0;
    struct tlog_tile_source tiles = {read_pool, &pool};
    struct tlog_tile_reader *reader = tlog_tile_reader_new(&tiles, tree);
    struct tlog_hash_source hashes = tlog_tile_reader_hashes(reader);
    struct tlog_hash root, old_root, leaf = {{0}};
    struct tlog_proof proof;
    struct error err;
    if (tlog_tree_hash(&hashes, tree, &root, &err) == 0) {
        if (tlog_prove_inclusion(&hashes, entry, tree, &proof, &err) == 0)
            tlog_check_inclusion(&proof, entry, tree, &leaf, &root, &err);
        if (old > 0 && tlog_tree_hash(&hashes, old, &old_root, &err) == 0
            && tlog_prove_consistency(&hashes, old, tree, &proof, &err) == 0)
            tlog_check_consistency(&proof, old, tree, &old_root, &root, &err);
    }
    tlog_tile_reader_free(reader);
    return 0;
}
