/*
 * tlog_tiles.c: tile paths and widths, reading hashes from tiles, and entry
 * bundles (tlog_tiles.h).
 */
#include "tlog_tiles.h"

#include <stdlib.h>
#include <string.h>

char *tlog_tile_path(int level, uint64_t index, unsigned width)
{
    struct buffer path = {0};
    unsigned groups[8];
    int count = 0;
    if (level == TLOG_ENTRIES_LEVEL)
        buffer_append_string(&path, TLOG_TILE_DIRECTORY "/entries/");
    else
        buffer_printf(&path, TLOG_TILE_DIRECTORY "/%d/", level);
    do {
        groups[count++] = (unsigned)(index % 1000);
        index /= 1000;
    } while (index > 0);
    for (int i = count - 1; i >= 0; i--)
        buffer_printf(&path, "%s%03u%s", i > 0 ? "x" : "", groups[i], i > 0 ? "/" : "");
    if (width < TLOG_TILE_WIDTH)
        buffer_printf(&path, ".p/%u", width);
    return path.data;
}

unsigned tlog_tile_width(int level, uint64_t index, uint64_t size)
{
    if (level == TLOG_ENTRIES_LEVEL)
        level = 0;
    if (level < 0 || level * TLOG_TILE_HEIGHT >= 64)
        return 0;
    uint64_t hashes = size >> (level * TLOG_TILE_HEIGHT); /* at this level */
    uint64_t full = hashes / TLOG_TILE_WIDTH;
    if (index < full)
        return TLOG_TILE_WIDTH;
    return index == full ? (unsigned)(hashes % TLOG_TILE_WIDTH) : 0;
}

static int read_directory_tile(void *context, int level, uint64_t index, unsigned width,
                               struct tlog_hash *out, struct error *err)
{
    const char *directory = context;
    char *relative = tlog_tile_path(level, index, width);
    char *path = xasprintf("%s/%s", directory, relative);
    size_t length;
    char *data = read_file_bounded(path, TLOG_TILE_WIDTH * TLOG_HASH_SIZE, &length, err);
    int result = data ? 0 : -1;
    if (data && length != (size_t)width * TLOG_HASH_SIZE)
        result = fail(err, "%s: %zu bytes, not the %u hashes (%u bytes) of its tile", path,
                      length, width, width * TLOG_HASH_SIZE);
    if (result == 0)
        memcpy(out, data, length);
    free(data);
    free(path);
    free(relative);
    return result;
}

struct tlog_tile_source tlog_directory_tiles(const char *directory)
{
    return (struct tlog_tile_source){read_directory_tile, (void *)directory};
}

#define CACHED_TILES 8

struct cached_tile {
    int level;                  /* -2: an empty slot */
    uint64_t index;
    unsigned width;
    struct tlog_hash hashes[TLOG_TILE_WIDTH];
};

struct tlog_tile_reader {
    struct tlog_tile_source source;
    uint64_t size;
    struct cached_tile cache[CACHED_TILES];
    size_t next;                /* the slot the next tile read goes into */
};

struct tlog_tile_reader *tlog_tile_reader_new(const struct tlog_tile_source *source,
                                              uint64_t size)
{
    struct tlog_tile_reader *reader = xcalloc(1, sizeof *reader);
    reader->source = *source;
    reader->size = size;
    for (size_t i = 0; i < CACHED_TILES; i++)
        reader->cache[i].level = -2;
    return reader;
}

void tlog_tile_reader_free(struct tlog_tile_reader *reader)
{
    free(reader);
}

static const struct cached_tile *tile(struct tlog_tile_reader *reader, int level,
                                      uint64_t index, unsigned width, struct error *err)
{
    for (size_t i = 0; i < CACHED_TILES; i++) {
        const struct cached_tile *cached = &reader->cache[i];
        if (cached->level == level && cached->index == index && cached->width == width)
            return cached;
    }
    struct cached_tile *slot = &reader->cache[reader->next];
    slot->level = -2;
    if (reader->source.read(reader->source.context, level, index, width, slot->hashes,
                            err) != 0)
        return NULL;
    reader->next = (reader->next + 1) % CACHED_TILES;
    slot->level = level;
    slot->index = index;
    slot->width = width;
    return slot;
}

/* The hash of the complete subtree (level, index): tile level level / 8
 * holds the 2^(level % 8) hashes it is made of, side by side in one tile. */
static int read_subtree(void *context, int level, uint64_t index, struct tlog_hash *out,
                        struct error *err)
{
    struct tlog_tile_reader *reader = context;
    int tile_level = level / TLOG_TILE_HEIGHT, below = level % TLOG_TILE_HEIGHT;
    uint64_t first = index << below;
    unsigned count = 1u << below;
    uint64_t tile_index = first / TLOG_TILE_WIDTH;
    unsigned position = (unsigned)(first % TLOG_TILE_WIDTH);
    unsigned width = tlog_tile_width(tile_level, tile_index, reader->size);
    if (level >= 64 || index > UINT64_MAX >> below || position + count > width)
        return fail(err, "the tree of %llu entries has no subtree %d/%llu",
                    (unsigned long long)reader->size, level, (unsigned long long)index);
    const struct cached_tile *hashes = tile(reader, tile_level, tile_index, width, err);
    if (!hashes)
        return -1;
    tlog_complete_hash(hashes->hashes + position, count, out);
    return 0;
}

struct tlog_hash_source tlog_tile_reader_hashes(struct tlog_tile_reader *reader)
{
    return (struct tlog_hash_source){read_subtree, reader};
}

int tlog_bundle_parse(const unsigned char *data, size_t length, unsigned width,
                      struct tlog_entry *out, struct error *err)
{
    size_t at = 0;
    for (unsigned i = 0; i < width; i++) {
        if (length - at < 2)
            return fail(err, "the bundle ends after %u of its %u entries", i, width);
        size_t size = (size_t)data[at] << 8 | data[at + 1];
        at += 2;
        if (length - at < size)
            return fail(err, "the bundle is truncated: entry %u needs %zu bytes, %zu are left",
                        i, size, length - at);
        out[i] = (struct tlog_entry){data + at, size};
        at += size;
    }
    if (at != length)
        return fail(err, "the bundle has %zu bytes after its %u entries", length - at, width);
    return 0;
}

int tlog_bundle_append(struct buffer *bundle, const void *entry, size_t length,
                       struct error *err)
{
    if (length > TLOG_MAX_ENTRY_BYTES)
        return fail(err, "an entry of %zu bytes is longer than the %d a log entry may have",
                    length, TLOG_MAX_ENTRY_BYTES);
    unsigned char prefix[2] = {(unsigned char)(length >> 8), (unsigned char)length};
    buffer_append(bundle, prefix, 2);
    buffer_append(bundle, entry, length);
    return 0;
}
