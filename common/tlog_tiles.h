/*
 * tlog_tiles.h: a transparency log laid out as C2SP tlog-tiles
 * (https://c2sp.org/tlog-tiles), the static files `issuer publish` writes
 * under PUB/log/ and every reader takes its hashes and entries from.
 *
 *   LOG/checkpoint                     the signed tree head (tlog_note.h)
 *   LOG/tile/L/N[.p/W]                 hash tiles: 256 hashes of 32 bytes
 *                                      (a full tile, 8,192 bytes), or W of
 *                                      them (a partial tile, 1 <= W <= 255)
 *   LOG/tile/entries/N[.p/W]           entry bundles: 256 (or W) entries,
 *                                      each a big-endian uint16 length and
 *                                      that many bytes
 *
 * N is written in groups of three digits, all but the last with an "x"
 * (1234067 is x001/x234/067). Level 0 holds leaf hashes; each hash of
 * level L + 1 is the Merkle tree hash of one full tile of level L. The
 * partial tile of level L in a tree of size s holds floor(s / 256^L) mod
 * 256 hashes and is never hashed upward.
 *
 * A tile reader turns tiles into the subtree hashes tlog_tree.h asks for,
 * for one tree size, keeping the last few tiles it read. Tiles are not
 * trusted: whatever they say is checked against a signed root.
 */
#ifndef STARMARK_TLOG_TILES_H
#define STARMARK_TLOG_TILES_H

#include <stddef.h>
#include <stdint.h>
#include "tlog_tree.h"
#include "util.h"

#define TLOG_TILE_WIDTH 256
#define TLOG_TILE_HEIGHT 8
#define TLOG_MAX_ENTRY_BYTES 65535
#define TLOG_ENTRIES_LEVEL (-1)         /* the level tlog_tile_path names bundles by */
#define TLOG_MAX_BUNDLE_BYTES (TLOG_TILE_WIDTH * (2 + TLOG_MAX_ENTRY_BYTES))
#define TLOG_CHECKPOINT_FILE "checkpoint"
#define TLOG_TILE_DIRECTORY "tile"

/* "tile/0/x001/x234/067", "tile/1/005.p/17", "tile/entries/000.p/3": the
 * path of a tile (or of a bundle, level TLOG_ENTRIES_LEVEL) relative to the
 * log's directory; width 256 is a full tile. The caller frees it. */
char *tlog_tile_path(int level, uint64_t index, unsigned width);

/* How many hashes tile (level, index) holds in a tree of size entries:
 * 256 when full, 1 to 255 when it is the partial one, 0 when the tree has
 * no such tile. Bundles have the width of the level-0 tile. */
unsigned tlog_tile_width(int level, uint64_t index, uint64_t size);

/* Where a reader gets tiles: read fills out with the width hashes of tile
 * (level, index), or returns -1 with err. */
struct tlog_tile_source {
    int (*read)(void *context, int level, uint64_t index, unsigned width,
                struct tlog_hash *out, struct error *err);
    void *context;
};

/* The tiles of a log directory (directory borrowed). */
struct tlog_tile_source tlog_directory_tiles(const char *directory);

/* A reader of the tree of size entries from source (copied). */
struct tlog_tile_reader;
struct tlog_tile_reader *tlog_tile_reader_new(const struct tlog_tile_source *source,
                                              uint64_t size);
void tlog_tile_reader_free(struct tlog_tile_reader *reader);
/* The subtree hashes of the reader's tree, for tlog_tree.h; valid while
 * the reader lives. */
struct tlog_hash_source tlog_tile_reader_hashes(struct tlog_tile_reader *reader);

/* One entry of a bundle, pointing into the bundle's bytes. */
struct tlog_entry {
    const unsigned char *bytes;
    size_t length;
};

/* Splits a bundle into exactly width entries (out holds width); -1 with
 * err when it is truncated, has bytes left over, or holds another count. */
int tlog_bundle_parse(const unsigned char *data, size_t length, unsigned width,
                      struct tlog_entry *out, struct error *err);
/* Appends one entry to a bundle being built; -1 when it is longer than
 * TLOG_MAX_ENTRY_BYTES. */
int tlog_bundle_append(struct buffer *bundle, const void *entry, size_t length,
                       struct error *err);

#endif
