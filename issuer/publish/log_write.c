/*
 * log_write.c: the log's tiles, bundles and checkpoint, made from the
 * registry (log_write.h).
 *
 * The writer is a tile source (tlog_tiles.h) over the registry: level 0 is
 * the entries' leaf hashes, read and hashed on demand; level L >= 1 is the
 * subtree hashes the registry stores (log_hashes), each computed once from
 * the full tile below it. So the root, the checks before signing and the
 * tiles written all come from the same hashes the readers will see.
 */
#define _DEFAULT_SOURCE
#include "log_write.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base64url.h"
#include "registry_log.h"
#include "signer.h"
#include "tlog_tiles.h"

#define TILE_LEVELS 8           /* tile levels 0..7 cover 2^64 entries */

/* The subtree hashes of one tile level: index i is known once computed. */
struct level_hashes {
    struct tlog_hash *hashes;
    unsigned char *known;
    uint64_t count;
};

struct writer {
    struct registry *registry;
    char *directory;            /* root/log */
    uint64_t size;              /* the registry's log now */
    struct level_hashes levels[TILE_LEVELS]; /* [0] unused: leaves come from the entries */
    long tiles_written;
};

/* Keeps a subtree hash computed now, and in the registry; one the registry
 * holds already must be the same, or the registry's log has changed. */
static int keep_hash(struct writer *writer, int level, uint64_t index,
                     const struct tlog_hash *hash, int store, struct error *err)
{
    struct level_hashes *hashes = &writer->levels[level];
    if (level < 1 || level >= TILE_LEVELS || index >= hashes->count)
        return 0;
    if (hashes->known[index])
        return tlog_hash_equal(&hashes->hashes[index], hash)
                   ? 0 : fail(err, "the registry's log has changed under its stored hash %d/%llu",
                              level, (unsigned long long)index);
    hashes->hashes[index] = *hash;
    hashes->known[index] = 1;
    return store ? registry_log_add_hash(writer->registry, level, index, hash->bytes, err) : 0;
}

static void load_hash(void *context, int level, uint64_t index, const unsigned char *bytes)
{
    struct tlog_hash hash;
    memcpy(hash.bytes, bytes, TLOG_HASH_SIZE);
    keep_hash(context, level, index, &hash, 0, NULL);
}

/* A level-0 tile being read: its leaf hashes, and its bundle when wanted. */
struct entries_read {
    struct tlog_hash *hashes;
    struct buffer *bundle;      /* NULL: hashes only */
    uint64_t first;
    struct error *err;
};

static int read_entry(void *context, uint64_t position, const char *kind, const char *number,
                      const char *bytes, size_t length)
{
    (void)kind;
    (void)number;
    struct entries_read *read = context;
    tlog_leaf_hash(bytes, length, &read->hashes[position - read->first]);
    return read->bundle ? tlog_bundle_append(read->bundle, bytes, length, read->err) : 0;
}

static int read_entries(struct writer *writer, uint64_t tile, unsigned width,
                        struct tlog_hash *hashes, struct buffer *bundle, struct error *err)
{
    struct entries_read read = {hashes, bundle, tile * TLOG_TILE_WIDTH, err};
    return registry_log_each(writer->registry, read.first, width, read_entry, &read, err);
}

static int read_tile(void *context, int level, uint64_t index, unsigned width,
                     struct tlog_hash *out, struct error *err);

/* The subtree hash (level, index) of a tile level >= 1: kept, or made from
 * the full tile below it. */
static int subtree_hash(struct writer *writer, int level, uint64_t index, struct tlog_hash *out,
                        struct error *err)
{
    struct level_hashes *hashes = &writer->levels[level];
    if (level >= TILE_LEVELS || index >= hashes->count)
        return fail(err, "the log has no subtree %d/%llu", level, (unsigned long long)index);
    if (hashes->known[index]) {
        *out = hashes->hashes[index];
        return 0;
    }
    struct tlog_hash *below = xmalloc(TLOG_TILE_WIDTH * sizeof *below);
    int result = read_tile(writer, level - 1, index, TLOG_TILE_WIDTH, below, err);
    if (result == 0) {
        tlog_complete_hash(below, TLOG_TILE_WIDTH, out);
        result = keep_hash(writer, level, index, out, 1, err);
    }
    free(below);
    return result;
}

static int read_tile(void *context, int level, uint64_t index, unsigned width,
                     struct tlog_hash *out, struct error *err)
{
    struct writer *writer = context;
    if (level == 0)
        return read_entries(writer, index, width, out, NULL, err);
    for (unsigned i = 0; i < width; i++)
        if (subtree_hash(writer, level, index * TLOG_TILE_WIDTH + i, &out[i], err) != 0)
            return -1;
    return 0;
}

static int make_parents(const char *path, size_t from, struct error *err)
{
    char *copy = xstrdup(path);
    int result = 0;
    for (char *slash = strchr(copy + from, '/'); slash && result == 0;
         slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        if (mkdir(copy, 0755) != 0 && errno != EEXIST)
            result = fail(err, "%s: %s", copy, strerror(errno));
        *slash = '/';
    }
    free(copy);
    return result;
}

/* A tile or bundle: written beside its path and renamed into it, so a
 * reader sees it whole; synced with the whole publication before it goes
 * live (publish.c). */
static int write_log_file(struct writer *writer, int level, uint64_t index, unsigned width,
                          const void *data, size_t length, struct error *err)
{
    char *relative = tlog_tile_path(level, index, width);
    char *path = xasprintf("%s/%s", writer->directory, relative);
    char *temporary = xasprintf("%s.tmp", path);
    FILE *file = NULL;
    int result = make_parents(path, strlen(writer->directory) + 1, err);
    if (result == 0 && !(file = fopen(temporary, "w")))
        result = fail(err, "%s: %s", temporary, strerror(errno));
    if (file && (fwrite(data, 1, length, file) != length) + (fclose(file) != 0))
        result = fail(err, "%s: write failed", temporary);
    if (result == 0 && rename(temporary, path) != 0)
        result = fail(err, "%s: %s", path, strerror(errno));
    writer->tiles_written += result == 0;
    free(temporary);
    free(path);
    free(relative);
    return result;
}

/* Level 0: each bundle and leaf tile from `from` on that the tree of size
 * old did not already have, and the hash of each full tile for level 1. */
static int write_leaf_tiles(struct writer *writer, uint64_t old, struct error *err)
{
    struct tlog_hash *hashes = xmalloc(TLOG_TILE_WIDTH * sizeof *hashes);
    int result = 0;
    for (uint64_t tile = old / TLOG_TILE_WIDTH; result == 0; tile++) {
        unsigned width = tlog_tile_width(0, tile, writer->size);
        if (width == 0)
            break;
        if (width == tlog_tile_width(0, tile, old))
            continue;
        struct buffer bundle = {0};
        result = read_entries(writer, tile, width, hashes, &bundle, err)
                 || write_log_file(writer, TLOG_ENTRIES_LEVEL, tile, width, bundle.data,
                                   bundle.length, err)
                 || write_log_file(writer, 0, tile, width, hashes, width * sizeof *hashes, err);
        buffer_free(&bundle);
        if (result == 0 && width == TLOG_TILE_WIDTH) {
            struct tlog_hash full;
            tlog_complete_hash(hashes, TLOG_TILE_WIDTH, &full);
            result = keep_hash(writer, 1, tile, &full, 1, err);
        }
    }
    free(hashes);
    return result;
}

/* Levels 1 and up, the same way, from the kept subtree hashes. */
static int write_upper_tiles(struct writer *writer, uint64_t old, struct error *err)
{
    struct tlog_hash *hashes = xmalloc(TLOG_TILE_WIDTH * sizeof *hashes);
    int result = 0;
    for (int level = 1; level < TILE_LEVELS && result == 0; level++) {
        uint64_t first = (old >> (level * TLOG_TILE_HEIGHT)) / TLOG_TILE_WIDTH;
        for (uint64_t tile = first; result == 0; tile++) {
            unsigned width = tlog_tile_width(level, tile, writer->size);
            if (width == 0)
                break;
            if (width == tlog_tile_width(level, tile, old))
                continue;
            result = read_tile(writer, level, tile, width, hashes, err)
                     || write_log_file(writer, level, tile, width, hashes,
                                       width * sizeof *hashes, err);
            if (result == 0 && width == TLOG_TILE_WIDTH) {
                struct tlog_hash full;
                tlog_complete_hash(hashes, TLOG_TILE_WIDTH, &full);
                result = keep_hash(writer, level + 1, tile, &full, 1, err);
            }
        }
    }
    free(hashes);
    return result;
}

/* The checkpoint in note must be a prefix of the registry's log: signing
 * anything else would fork the log. */
static int check_prefix(const struct tlog_hash_source *hashes, const struct writer *writer,
                        const char *origin, const char *note_bytes, size_t length,
                        const char *what, uint64_t *size, struct error *err)
{
    struct signed_note note;
    struct checkpoint old;
    struct tlog_hash root;
    struct error inner;
    if (note_parse(note_bytes, length, &note, &inner) != 0)
        return fail(err, "%s: %s", what, inner.message);
    int result = checkpoint_parse(note.text, note.text_length, &old, &inner);
    note_free(&note);
    if (result != 0)
        return fail(err, "%s: %s", what, inner.message);
    *size = old.size;
    if (strcmp(old.origin, origin) != 0)
        return fail(err, "%s is of the log %s, not %s", what, old.origin, origin);
    if (old.size > writer->size)
        return fail(err, "%s (size %llu) is ahead of the registry's log (size %llu): the "
                    "registry is older than what it published; signing would fork the log",
                    what, (unsigned long long)old.size, (unsigned long long)writer->size);
    if (tlog_tree_hash(hashes, old.size, &root, err) != 0)
        return -1;
    if (!tlog_hash_equal(&root, &old.root))
        return fail(err, "%s (size %llu) is not a prefix of the registry's log; signing would "
                    "fork the log", what, (unsigned long long)old.size);
    return 0;
}

/* The signature line the log key makes over text. */
static char *sign_checkpoint(const struct signer *log_key, const char *origin, const char *text)
{
    unsigned char raw[32], signature[SIGNER_MAX_SIGNATURE];
    size_t raw_length = sizeof raw;
    EVP_PKEY_get_raw_public_key(log_key->key, raw, &raw_length);
    size_t length = signer_sign_message(log_key->key, text, strlen(text), signature);
    char *line = note_signature_line(origin, note_key_id(origin, NOTE_TYPE_ED25519, raw, 32),
                                     signature, length);
    char *note = xasprintf("%s\n%s", text, line);
    free(line);
    return note;
}

/* The live checkpoint is kept, witnesses' cosignatures and all, when it is
 * this very tree signed by this key. */
static int keep_live(const char *live, size_t length, const char *signed_now)
{
    struct signed_note ours, theirs;
    struct error ignored;
    if (!live || note_parse(signed_now, strlen(signed_now), &ours, &ignored) != 0)
        return 0;
    int same = 0;
    if (note_parse(live, length, &theirs, &ignored) == 0) {
        same = strcmp(theirs.text, ours.text) == 0;
        int signed_by_key = 0;
        for (size_t i = 0; i < theirs.count; i++)
            signed_by_key |= theirs.signatures[i].key_id == ours.signatures[0].key_id
                             && strcmp(theirs.signatures[i].name, ours.signatures[0].name) == 0;
        same = same && signed_by_key;
        note_free(&theirs);
    }
    note_free(&ours);
    return same;
}

static void open_writer(struct writer *writer, struct registry *registry, const char *root)
{
    memset(writer, 0, sizeof *writer);
    writer->registry = registry;
    writer->directory = xasprintf("%s/%s", root, LOG_DIRECTORY);
}

static int load_writer(struct writer *writer, struct error *err)
{
    if (registry_log_size(writer->registry, &writer->size, err) != 0)
        return -1;
    for (int level = 1; level < TILE_LEVELS; level++) {
        uint64_t count = writer->size >> (level * TLOG_TILE_HEIGHT);
        writer->levels[level] = (struct level_hashes){
            xcalloc(count, sizeof(struct tlog_hash)), xcalloc(count, 1), count};
    }
    return registry_log_each_hash(writer->registry, load_hash, writer, err);
}

static void close_writer(struct writer *writer)
{
    for (int level = 0; level < TILE_LEVELS; level++) {
        free(writer->levels[level].hashes);
        free(writer->levels[level].known);
    }
    free(writer->directory);
}

/* What was signed and what is live: each must be a prefix of the registry's
 * log. *old gets the size of the tiles already on disk (0 when full). */
static int check_history(struct writer *writer, const struct tlog_hash_source *hashes,
                         const char *origin, int full, const char *live, size_t live_length,
                         uint64_t *old, struct error *err)
{
    uint64_t signed_size = 0, live_size = 0;
    char *last;
    if (registry_log_last_checkpoint(writer->registry, &signed_size, &last, err) != 0)
        return -1;
    int result = last ? check_prefix(hashes, writer, origin, last, strlen(last),
                                     "the registry's last checkpoint", &signed_size, err)
                      : 0;
    free(last);
    if (result == 0 && live)
        result = check_prefix(hashes, writer, origin, live, live_length,
                              "the published log's checkpoint", &live_size, err);
    *old = full || !live ? 0 : live_size < signed_size ? live_size : signed_size;
    return result;
}

/* The writer over the registry's log as it is now, and a reader of it. */
struct writing {
    struct writer writer;
    struct tlog_tile_source tiles;
    struct tlog_tile_reader *reader;
    struct tlog_hash_source hashes;
    char *live;                 /* root/log/checkpoint as it is, or NULL */
    size_t live_length;
};

static int start_writing(struct writing *writing, struct registry *registry, const char *root,
                         struct error *err)
{
    struct error ignored;
    open_writer(&writing->writer, registry, root);
    char *checkpoint_path = xasprintf("%s/%s", writing->writer.directory, TLOG_CHECKPOINT_FILE);
    writing->live = read_file_bounded(checkpoint_path, NOTE_MAX_BYTES, &writing->live_length,
                                      &ignored);
    free(checkpoint_path);
    int result = mkdir(writing->writer.directory, 0755) != 0 && errno != EEXIST
                     ? fail(err, "%s: %s", writing->writer.directory, strerror(errno))
                     : load_writer(&writing->writer, err);
    writing->tiles = (struct tlog_tile_source){read_tile, &writing->writer};
    writing->reader = tlog_tile_reader_new(&writing->tiles, writing->writer.size);
    writing->hashes = tlog_tile_reader_hashes(writing->reader);
    return result;
}

static void finish_writing(struct writing *writing)
{
    tlog_tile_reader_free(writing->reader);
    close_writer(&writing->writer);
    free(writing->live);
}

int log_check(struct registry *registry, const char *root, int full, uint64_t *written,
              struct error *err)
{
    struct writing writing;
    int result = start_writing(&writing, registry, root, err)
                 || check_history(&writing.writer, &writing.hashes, registry->body.log_origin,
                                  full, writing.live, writing.live_length, written, err);
    finish_writing(&writing);
    return result ? -1 : 0;
}

int log_write(struct registry *registry, const struct signer *log_key, const char *root,
              int full, uint64_t written, struct log_written *out, struct error *err)
{
    const char *origin = registry->body.log_origin;
    struct writing writing;
    memset(out, 0, sizeof *out);
    int result = start_writing(&writing, registry, root, err)
                 || write_leaf_tiles(&writing.writer, written, err)
                 || write_upper_tiles(&writing.writer, written, err);
    snprintf(out->checkpoint.origin, sizeof out->checkpoint.origin, "%s", origin);
    out->checkpoint.size = writing.writer.size;
    result = result
             || tlog_tree_hash(&writing.hashes, writing.writer.size, &out->checkpoint.root, err);
    if (result == 0) {
        char *text = checkpoint_text(&out->checkpoint);
        out->note = sign_checkpoint(log_key, origin, text);
        out->kept = !full && keep_live(writing.live, writing.live_length, out->note);
        if (out->kept) {
            free(out->note);
            out->note = xstrdup(writing.live);
        }
        char *root_hash = base64_encode(out->checkpoint.root.bytes, TLOG_HASH_SIZE);
        result = registry_log_add_checkpoint(registry, writing.writer.size, root_hash,
                                             out->note, err);
        free(root_hash);
        free(text);
    }
    out->tiles_written = writing.writer.tiles_written;
    finish_writing(&writing);
    return result ? -1 : 0;
}

int lock_directory(const char *directory, struct error *err)
{
    int descriptor = open(directory, O_RDONLY | O_DIRECTORY);
    if (descriptor < 0 || flock(descriptor, LOCK_EX) != 0) {
        int saved = errno;
        if (descriptor >= 0)
            close(descriptor);
        return fail(err, "%s: cannot lock it: %s", directory, strerror(saved));
    }
    return descriptor;
}

void unlock_directory(int descriptor)
{
    if (descriptor >= 0)
        close(descriptor); /* which releases the lock */
}

int log_make_live(const char *root, const struct log_written *written, struct error *err)
{
    if (written->kept)
        return 0;
    char *directory = xasprintf("%s/%s", root, LOG_DIRECTORY);
    char *path = xasprintf("%s/%s", directory, TLOG_CHECKPOINT_FILE);
    int lock = lock_directory(directory, err);
    int result = lock < 0 ? -1
                          : write_file_atomic(path, written->note, strlen(written->note), 0644,
                                              0, err);
    unlock_directory(lock);
    free(path);
    free(directory);
    return result;
}

/* The index a partial tile's directory names: "x001/x234/067.p" below its
 * level's directory is 1234067; -1 when it is not such a path. */
static long long partial_index(const char *relative)
{
    long long index = 0;
    const char *at = relative;
    for (;;) {
        int x = *at == 'x';
        char digits[4];
        if (strlen(at + x) < 3 || sscanf(at + x, "%3[0-9]", digits) != 1 || strlen(digits) != 3)
            return -1;
        index = index * 1000 + atoi(digits);
        at += x + 3;
        if (x && *at == '/')
            at++;
        else
            return !x && strcmp(at, ".p") == 0 ? index : -1;
    }
}

/* Partial tiles are kept while a kept checkpoint's tree needs them, and
 * until the full tile exists (tlog-tiles: a log serves the partial tiles of
 * every checkpoint it made, and may drop them once the tile is full). */
static void collect_level(const char *log_directory, int level, const char *relative,
                          const uint64_t *kept_sizes, size_t kept_count)
{
    const char *name = level == TLOG_ENTRIES_LEVEL ? "entries" : NULL;
    char *level_path = name ? xasprintf("%s/tile/%s", log_directory, name)
                            : xasprintf("%s/tile/%d", log_directory, level);
    char *path = relative[0] ? xasprintf("%s/%s", level_path, relative) : xstrdup(level_path);
    DIR *dir = opendir(path);
    struct dirent *entry;
    long long index = partial_index(relative);
    char *full = index >= 0 ? tlog_tile_path(level, (uint64_t)index, TLOG_TILE_WIDTH) : NULL;
    char *full_path = full ? xasprintf("%s/%s", log_directory, full) : NULL;
    int full_exists = full_path && access(full_path, F_OK) == 0;
    while (dir && (entry = readdir(dir))) {
        if (entry->d_name[0] == '.')
            continue;
        char *below = relative[0] ? xasprintf("%s/%s", relative, entry->d_name)
                                  : xstrdup(entry->d_name);
        struct stat info;
        char *entry_path = xasprintf("%s/%s", path, entry->d_name);
        int is_directory = entry->d_type == DT_DIR
                           || (entry->d_type == DT_UNKNOWN && stat(entry_path, &info) == 0
                               && S_ISDIR(info.st_mode));
        free(entry_path);
        if (is_directory) {
            collect_level(log_directory, level, below, kept_sizes, kept_count);
        } else if (index >= 0 && full_exists) {
            unsigned width = (unsigned)atoi(entry->d_name);
            int needed = 0;
            for (size_t i = 0; i < kept_count; i++)
                needed |= tlog_tile_width(level, (uint64_t)index, kept_sizes[i]) == width;
            char *victim = xasprintf("%s/%s", path, entry->d_name);
            if (!needed)
                unlink(victim);
            free(victim);
        }
        free(below);
    }
    if (dir)
        closedir(dir);
    if (index >= 0 && full_exists)
        rmdir(path); /* when it is empty */
    free(full_path);
    free(full);
    free(path);
    free(level_path);
}

void log_collect_garbage(const char *root, const uint64_t *kept_sizes, size_t kept_count)
{
    char *directory = xasprintf("%s/%s", root, LOG_DIRECTORY);
    collect_level(directory, TLOG_ENTRIES_LEVEL, "", kept_sizes, kept_count);
    for (int level = 0; level < TILE_LEVELS; level++)
        collect_level(directory, level, "", kept_sizes, kept_count);
    free(directory);
}
