/*
 * publish.c: writing the publication directory, whose layout
 * common/publication_layout.h draws (and the readers share).
 *
 * A generation is built beside the old one and `current` is swapped with
 * rename(2), so a reader sees one whole generation. Store directories are
 * never changed once written: a shard whose certificates did not change is
 * shared, index and all, by the next generation, and a changed shard gets
 * a new directory in which the unchanged files are hard links. Freshness
 * lives in the one signed manifest, which reaches every file by digest. So
 * a publish after one status change signs one response and the manifest,
 * writes one shard, and rewrites only the small files of the generation.
 *
 * Every status response signed goes into the transparency log in the same
 * transaction, and the log's new tiles and checkpoint are written under
 * DIR/log (log_write.c); the manifest names the checkpoint, of which each
 * generation keeps a copy, and each index says where its certificates'
 * record and response sit in the log.
 */
#define _GNU_SOURCE
#include "publish.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base64url.h"
#include "json_strict.h"
#include "log_write.h"
#include "notice.h"
#include "progress.h"
#include "publication.h"
#include "registry_log.h"
#include "registry_publication.h"
#include "signer.h"

#define GENERATIONS_KEPT 3

/* Its strings live in the run's text pool. */
struct item {
    char *number, *status, *since, *code, *reason, *holder_name, *holder_uscc;
    char *last_surveillance, *next_due, *content;
    char shard[SHARD_NAME_SIZE];
    long serial;                /* of its current status response */
    char response_digest[DIGEST_LENGTH + 1], record_digest[DIGEST_LENGTH + 1];
    long long response_entry, record_entry; /* their positions in the log */
    int changed;
};

/* Every certificate's strings, copied into large blocks freed together: a
 * publish reads all of them, and a hundred thousand times eleven small
 * allocations were a third of an incremental publish's time. */
struct text_pool {
    char **blocks;
    size_t block_count;
    char *free_space;
    size_t free_length;
};

#define TEXT_POOL_BLOCK (1 << 20)

static char *pool_reserve(struct text_pool *pool, size_t length)
{
    if (length > pool->free_length) {
        size_t size = length > TEXT_POOL_BLOCK ? length : TEXT_POOL_BLOCK;
        pool->blocks = xrealloc(pool->blocks, (pool->block_count + 1) * sizeof *pool->blocks);
        pool->free_space = pool->blocks[pool->block_count++] = xmalloc(size);
        pool->free_length = size;
    }
    char *space = pool->free_space;
    pool->free_space += length;
    pool->free_length -= length;
    return space;
}

static char *pool_copy(struct text_pool *pool, const char *text)
{
    size_t length = text ? strlen(text) + 1 : 0;
    return text ? memcpy(pool_reserve(pool, length), text, length) : NULL;
}

static void pool_free(struct text_pool *pool)
{
    for (size_t i = 0; i < pool->block_count; i++)
        free(pool->blocks[i]);
    free(pool->blocks);
    memset(pool, 0, sizeof *pool);
}

struct run {
    struct registry *registry;
    const struct signer *head, *log_key;
    const struct publish_settings *settings;
    struct publish_report *report;
    char root[PATH_MAX];        /* the publication directory, absolute */
    struct item *items;
    size_t count, capacity;
    struct text_pool texts;     /* the items' strings */
    long shard_version[PUBLICATION_SHARDS]; /* store version of each shard; 0: none */
    char index_digest[PUBLICATION_SHARDS][DIGEST_LENGTH + 1]; /* "": none */
    int shard_changed[PUBLICATION_SHARDS];
    char issued_at[32], next_update[32], response_next_update[32];
    struct date today;
    struct progress progress;   /* on a terminal: certificates written or kept */
    struct log_written log;
    uint64_t log_written;       /* the log's size whose tiles are on disk already */
};

static int make_directory(const char *path, struct error *err)
{
    if (mkdir(path, 0755) != 0 && errno != EEXIST)
        return fail(err, "%s: %s", path, strerror(errno));
    return 0;
}

/* Plain writes: the whole generation is synced once before it goes live. */
static int write_plain(const char *path, const char *text, struct error *err)
{
    FILE *file = fopen(path, "wx");
    if (!file)
        return fail(err, "%s: %s", path, strerror(errno));
    size_t length = strlen(text);
    int failed = fwrite(text, 1, length, file) != length;
    failed |= fclose(file) != 0;
    return failed ? fail(err, "%s: write failed", path) : 0;
}

static char *sign_compact_json(const struct signer *head, const char *type, json_t *payload)
{
    char *text = json_dump_compact(payload);
    char *payload_b64 = base64url_encode(text, strlen(text));
    json_t *header = json_pack("{s:s, s:s}", "kid", head->trusted.key.kid, "typ", type);
    char *compact = signer_sign_compact(head->key, header, payload_b64);
    json_decref(header);
    free(payload_b64);
    free(text);
    return compact;
}

/* A valid certificate whose surveillance is past due (plus grace) is
 * published as overdue, though the sweep may not have suspended it yet. */
static void apply_overdue(struct run *run, struct item *item)
{
    struct date due;
    if (strcmp(item->status, "valid") != 0 || !item->next_due
        || date_parse(item->next_due, &due) != 0)
        return;
    struct date overdue_from = date_add_days(due, run->registry->body.surveillance_grace_days + 1);
    if (date_compare(run->today, overdue_from) < 0)
        return;
    char since[11];
    date_format(overdue_from, since);
    char *reason = xasprintf("surveillance due %s was not carried out", item->next_due);
    item->status = pool_copy(&run->texts, "overdue");
    item->since = pool_copy(&run->texts, since);
    item->code = pool_copy(&run->texts, "surveillance_overdue");
    item->reason = pool_copy(&run->texts, reason);
    free(reason);
}

/* What a status response says, minus its times: equal content, no re-sign.
 * Only ever compared with itself, so a plain string with the unit
 * separator between fields (a byte no field can hold) will do. */
static char *status_content(struct run *run, const struct item *item)
{
    const char *fields[] = {item->status, item->since, item->code, item->reason,
                            item->last_surveillance, item->next_due};
    size_t count = sizeof fields / sizeof fields[0], length = 1;
    for (size_t i = 0; i < count; i++)
        length += (fields[i] ? strlen(fields[i]) : 0) + 1;
    char *content = pool_reserve(&run->texts, length), *end = content;
    for (size_t i = 0; i < count; i++) {
        end = stpcpy(end, fields[i] ? fields[i] : "");
        *end++ = '\x1f';
    }
    *end = '\0';
    return content;
}

static void copy_digest(char out[DIGEST_LENGTH + 1], const char *digest)
{
    snprintf(out, DIGEST_LENGTH + 1, "%s", digest ? digest : "");
}

static void read_item(struct run *run, const struct publication_row *row, struct item *item)
{
    struct text_pool *texts = &run->texts;
    item->number = pool_copy(texts, row->number);
    item->status = pool_copy(texts, row->status);
    item->since = pool_copy(texts, row->since);
    item->code = pool_copy(texts, row->code);
    item->reason = pool_copy(texts, row->reason);
    item->holder_name = pool_copy(texts, row->holder_name);
    item->holder_uscc = pool_copy(texts, row->holder_uscc);
    item->next_due = pool_copy(texts, row->next_due);
    item->last_surveillance = pool_copy(texts, row->last_surveillance);
    publication_shard(item->number, item->shard);
    /* Nothing is due of a certificate that has ended. */
    if (strcmp(item->status, "valid") != 0 && strcmp(item->status, "suspended") != 0)
        item->next_due = NULL;
    apply_overdue(run, item);
    item->content = status_content(run, item);
    long long expires = 0;
    int fresh = row->published_next_update
                && timestamp_parse(row->published_next_update, &expires) == 0
                && expires - run->settings->now
                       > run->settings->response_valid_days * 86400LL / 2;
    /* In a full publish (asked for, or forced by a new directory or an
     * unfinished earlier publish) every response is signed and recorded anew. */
    item->changed = run->report->full || !row->published
                    || strcmp(row->published, item->content) != 0 || !fresh;
    item->serial = item->changed ? run->report->serial : row->published_serial;
    if (!item->changed) {
        copy_digest(item->response_digest, row->response_digest);
        copy_digest(item->record_digest, row->record_digest);
        item->response_entry = row->response_entry;
        item->record_entry = row->record_entry;
    }
    if (item->changed)
        run->shard_changed[publication_shard_number(item->shard)] = 1;
}

static void add_item(void *context, const struct publication_row *row)
{
    struct run *run = context;
    if (run->count == run->capacity) {
        run->capacity = run->capacity ? run->capacity * 2 : 1024;
        run->items = xrealloc(run->items, run->capacity * sizeof *run->items);
    }
    memset(&run->items[run->count], 0, sizeof *run->items);
    read_item(run, row, &run->items[run->count++]);
}

/* The records (a few KB each) stay in the registry: this reads every
 * certificate's status from an index (registry_each_publishable), and a
 * record only when its files are written (write_store_item). */
static int load_items(struct run *run, struct error *err)
{
    return registry_each_publishable(run->registry, add_item, run, err);
}

static void free_items(struct run *run)
{
    pool_free(&run->texts);
    free(run->items);
}

/* A row that names no shard of this layout is ignored, never trusted as
 * an index into the table; one without a well-formed digest makes its
 * shard be written anew. */
static void add_shard_version(void *context, const char *shard, long version,
                              const char *digest)
{
    struct run *run = context;
    int number = publication_shard_number(shard);
    if (number < 0 || !digest || strlen(digest) != DIGEST_LENGTH)
        return;
    run->shard_version[number] = version;
    copy_digest(run->index_digest[number], digest);
}

static char *store_path(const struct run *run, int shard, long version, const char *number,
                        const char *suffix)
{
    if (!number)
        return publication_store_path(run->root, shard, version, NULL);
    char *file = xasprintf("%s%s", number, suffix);
    char *path = publication_store_path(run->root, shard, version, file);
    free(file);
    return path;
}

static json_t *response_payload(const struct run *run, const struct item *item)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s?, s:s?, s:s?, s:s?, s:s, s:s, s:I}",
                     "format", RESPONSE_FORMAT, "body", run->registry->body.id, "number",
                     item->number, "status", item->status, "since", item->since, "reason_code",
                     item->code, "reason", item->reason, "last_surveillance",
                     item->last_surveillance, "next_surveillance_due", item->next_due,
                     "this_update", run->issued_at, "next_update", run->response_next_update,
                     "serial", (json_int_t)item->serial);
}

/* An unchanged file comes from the shard's previous directory by hard link. */
static int link_previous(const struct run *run, int shard, const struct item *item,
                         const char *suffix, struct error *err)
{
    char *from = store_path(run, shard, run->shard_version[shard], item->number, suffix);
    char *to = store_path(run, shard, run->report->serial, item->number, suffix);
    int result = link(from, to) == 0 ? 0 : fail(err, "%s: %s", from, strerror(errno));
    free(from);
    free(to);
    return result;
}

static int write_store_item(struct run *run, int shard, struct item *item,
                            struct error *err)
{
    int reuse = !item->changed && run->shard_version[shard] > 0;
    if (reuse)
        return link_previous(run, shard, item, ".status.jws", err)
               || link_previous(run, shard, item, ".record.json", err);
    char *record;
    uint64_t record_entry;
    if (registry_read_record(run->registry, item->number, &record, err) != 0)
        return -1;
    if (registry_log_record_position(run->registry, item->number, &record_entry, err) != 0) {
        free(record);
        return -1;
    }
    item->record_entry = (long long)record_entry;
    /* Signed now (also when unchanged but its shard is written anew), so
     * recorded now: the registry must list the digests of the files written. */
    item->changed = 1;
    item->serial = run->report->serial;
    json_t *payload = response_payload(run, item);
    char *response = sign_compact_json(run->head, RESPONSE_TYPE, payload);
    char *response_path = store_path(run, shard, run->report->serial, item->number,
                                     ".status.jws");
    char *record_path = store_path(run, shard, run->report->serial, item->number,
                                   ".record.json");
    publication_digest(response, strlen(response), item->response_digest);
    publication_digest(record, strlen(record), item->record_digest);
    uint64_t position = 0;
    int result = registry_log_append(run->registry, LOG_KIND_STATUS, item->number, response,
                                     &position, err)
                 || write_plain(response_path, response, err)
                 || write_plain(record_path, record, err);
    item->response_entry = (long long)position;
    run->report->rewritten++;
    free(record);
    free(record_path);
    free(response_path);
    free(response);
    json_decref(payload);
    return result;
}

/* The shard's index, written once into its store directory and never
 * again while the shard is unchanged. Plain text (docs/publication.md
 * §5.2): it is believed by its digest, so a reader only hashes it and
 * finds one line, whatever jansson would cost on 100 entries. */
static int write_index(struct run *run, int shard, size_t *members, size_t count,
                       struct error *err)
{
    struct buffer text = {0};
    char name[SHARD_NAME_SIZE];
    publication_shard_name(shard, name);
    buffer_printf(&text, "%s %s\n", INDEX_FORMAT, name);
    for (size_t i = 0; i < count; i++) {
        const struct item *item = &run->items[members[i]];
        buffer_printf(&text, "%s %ld %s %s %lld %lld\n", item->number, item->serial,
                      item->response_digest, item->record_digest, item->response_entry,
                      item->record_entry);
    }
    char *path = store_path(run, shard, run->report->serial, INDEX_FILE, "");
    int result = write_plain(path, text.data, err);
    publication_digest(text.data, text.length, run->index_digest[shard]);
    free(path);
    buffer_free(&text);
    return result;
}

/* A changed shard gets a new store directory, named for this serial. */
static int write_store_shard(struct run *run, int shard, size_t *members, size_t count,
                             struct error *err)
{
    char *directory = store_path(run, shard, run->report->serial, NULL, NULL);
    int failed = make_directory(directory, err);
    free(directory);
    for (size_t i = 0; i < count && !failed; i++)
        failed = write_store_item(run, shard, &run->items[members[i]], err);
    failed = failed || write_index(run, shard, members, count, err);
    if (!failed) {
        run->shard_version[shard] = run->report->serial;
        run->report->shards_rewritten++;
    }
    return failed;
}

static int link_shard(const struct run *run, const char *generation, int shard,
                      struct error *err)
{
    char name[SHARD_NAME_SIZE];
    publication_shard_name(shard, name);
    char *store_name = publication_store_name(shard, run->shard_version[shard]);
    char *target = xasprintf("../../../%s/%s", STORE_DIRECTORY, store_name);
    char *link_path = publication_shard_file(generation, name, NULL, NULL);
    free(store_name);
    int result = symlink(target, link_path) == 0
                     ? 0 : fail(err, "%s: %s", link_path, strerror(errno));
    free(target);
    free(link_path);
    return result;
}

/* Groups the items by shard (they are sorted by number, not by shard). */
static void group_by_shard(const struct run *run, size_t *members[PUBLICATION_SHARDS],
                           size_t counts[PUBLICATION_SHARDS])
{
    size_t capacity[PUBLICATION_SHARDS] = {0};
    for (size_t i = 0; i < run->count; i++)
        capacity[publication_shard_number(run->items[i].shard)]++;
    for (int s = 0; s < PUBLICATION_SHARDS; s++) {
        members[s] = capacity[s] ? xcalloc(capacity[s], sizeof *members[s]) : NULL;
        counts[s] = 0;
    }
    for (size_t i = 0; i < run->count; i++) {
        int s = publication_shard_number(run->items[i].shard);
        members[s][counts[s]++] = i;
    }
}

static int write_shards(struct run *run, const char *generation, struct error *err)
{
    size_t *members[PUBLICATION_SHARDS], counts[PUBLICATION_SHARDS];
    group_by_shard(run, members, counts);
    int failed = 0;
    for (int s = 0; s < PUBLICATION_SHARDS && !failed; s++) {
        if (counts[s] == 0)
            continue;
        if (run->shard_changed[s] || run->shard_version[s] == 0 || !run->index_digest[s][0])
            failed = write_store_shard(run, s, members[s], counts[s], err);
        failed = failed || link_shard(run, generation, s, err);
        progress_add(&run->progress, (long)counts[s]);
    }
    progress_finish(&run->progress);
    for (int s = 0; s < PUBLICATION_SHARDS; s++)
        free(members[s]);
    return failed;
}

/* The manifest's "log": the checkpoint this generation keeps a copy of. */
static json_t *log_member(const struct run *run)
{
    char digest[DIGEST_LENGTH + 1];
    char *root = base64_encode(run->log.checkpoint.root.bytes, TLOG_HASH_SIZE);
    publication_digest(run->log.note, strlen(run->log.note), digest);
    json_t *log = json_pack("{s:s, s:I, s:s, s:s}", "origin", run->log.checkpoint.origin, "size",
                            (json_int_t)run->log.checkpoint.size, "root", root, "checkpoint",
                            digest);
    free(root);
    return log;
}

/* shards.txt lists every shard's index by digest ("-": an empty shard, so
 * "not in the publication" is signed too), and the manifest, the one file
 * signed in every publish, carries the times and the digest of shards.txt. */
static int write_manifest(struct run *run, const char *generation, struct error *err)
{
    struct buffer shards = {0};
    char shards_digest[DIGEST_LENGTH + 1];
    buffer_printf(&shards, "%s\n", SHARDS_FORMAT);
    for (int s = 0; s < PUBLICATION_SHARDS; s++) {
        char name[SHARD_NAME_SIZE];
        publication_shard_name(s, name);
        buffer_printf(&shards, "%s %s\n", name,
                      run->index_digest[s][0] ? run->index_digest[s] : "-");
    }
    publication_digest(shards.data, shards.length, shards_digest);
    json_t *payload = json_pack("{s:s, s:s, s:I, s:s, s:s, s:i, s:s, s:o}", "format",
                                MANIFEST_FORMAT, "body", run->registry->body.id, "serial",
                                (json_int_t)run->report->serial, "issued_at", run->issued_at,
                                "next_update", run->next_update, "grace_days",
                                run->registry->body.surveillance_grace_days, "shards",
                                shards_digest, "log", log_member(run));
    char *manifest = sign_compact_json(run->head, MANIFEST_TYPE, payload);
    char *shards_path = publication_file(generation, SHARDS_FILE);
    char *manifest_path = publication_file(generation, MANIFEST_FILE);
    char *checkpoint_path = publication_file(generation, CHECKPOINT_FILE);
    int result = write_plain(shards_path, shards.data, err)
                 || write_plain(checkpoint_path, run->log.note, err)
                 || write_plain(manifest_path, manifest, err);
    free(checkpoint_path);
    free(manifest_path);
    free(shards_path);
    free(manifest);
    json_decref(payload);
    buffer_free(&shards);
    return result;
}

static int is_listed(const struct item *item)
{
    return strcmp(item->status, "valid") != 0;
}

static int write_list(struct run *run, const char *generation, const char *audit_hash,
                      long audit_sequence, struct error *err)
{
    json_t *entries = json_array();
    for (size_t i = 0; i < run->count; i++) {
        const struct item *item = &run->items[i];
        if (is_listed(item))
            json_array_append_new(entries,
                                  json_pack("{s:s, s:s, s:s, s:s?, s:I}", "number", item->number,
                                            "status", item->status, "since", item->since,
                                            "reason_code", item->code, "serial",
                                            (json_int_t)item->serial));
    }
    json_t *payload = json_pack(
        "{s:s, s:s, s:s, s:I, s:s, s:s, s:i, s:{s:I, s:s}, s:I, s:o}", "format", LIST_FORMAT,
        "body", run->registry->body.id, "body_name", run->registry->body.name, "serial",
        (json_int_t)run->report->serial, "issued_at", run->issued_at, "next_update",
        run->next_update, "grace_days", run->registry->body.surveillance_grace_days,
        "audit_head", "sequence", (json_int_t)audit_sequence, "hash", audit_hash,
        "certificates", (json_int_t)run->count, "entries", entries);
    char *compact = sign_compact_json(run->head, LIST_TYPE, payload);
    char *path = publication_file(generation, STATUS_LIST_FILE);
    int result = write_plain(path, compact, err);
    free(path);
    free(compact);
    json_decref(payload);
    return result;
}

static int write_notice(struct run *run, const char *generation, struct error *err)
{
    struct notice notice = {run->registry->body.id, run->registry->body.name, run->issued_at,
                            run->report->serial, NULL, 0};
    notice.entries = xcalloc(run->count + 1, sizeof *notice.entries);
    for (size_t i = 0; i < run->count; i++) {
        const struct item *item = &run->items[i];
        if (notice_includes(item->status))
            notice.entries[notice.count++] = (struct notice_entry){
                item->number, item->holder_name, item->holder_uscc, item->status,
                item->since, item->code, item->reason};
    }
    char *html = notice_html(&notice, err);
    char *json = html ? notice_json(&notice) : NULL;
    char *html_path = publication_file(generation, NOTICE_HTML_FILE);
    char *json_path = publication_file(generation, NOTICE_JSON_FILE);
    int result = !html || write_plain(html_path, html, err) || write_plain(json_path, json, err)
                 ? -1 : 0;
    free(html_path);
    free(json_path);
    free(html);
    free(json);
    free(notice.entries);
    return result;
}

static int remove_entry(const char *path, const struct stat *info, int type, struct FTW *walk)
{
    (void)info;
    (void)type;
    (void)walk;
    return remove(path);
}

static int remove_tree(const char *path)
{
    return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* The serial the live generation has, read from `current`; 0 if none. */
static long live_serial(const char *root)
{
    char *current = publication_current(root), target[PATH_MAX];
    ssize_t length = readlink(current, target, sizeof target - 1);
    free(current);
    if (length <= 0)
        return 0;
    target[length] = '\0';
    const char *slash = strrchr(target, '/');
    return slash ? strtol(slash + 1, NULL, 10) : 0;
}

/* Full unless the live generation is exactly the registry's last one. */
static int choose_serial(struct run *run, struct error *err)
{
    long registry_serial, live;
    char *directory;
    if (registry_last_publication(run->registry, &registry_serial, &directory, err) != 0)
        return -1;
    live = live_serial(run->root);
    run->report->serial = (registry_serial > live ? registry_serial : live) + 1;
    run->report->full = run->settings->full || registry_serial == 0 || live != registry_serial
                        || !directory || strcmp(directory, run->root) != 0;
    free(directory);
    return 0;
}

/* Everything written reaches the disk before the registry records it. */
static int sync_publication(const struct run *run, struct error *err)
{
    int directory = open(run->root, O_RDONLY | O_DIRECTORY);
    int failed = directory < 0 || syncfs(directory) != 0;
    if (failed)
        fail(err, "%s: cannot sync generation %ld: %s", run->root, run->report->serial,
             strerror(errno));
    if (directory >= 0)
        close(directory);
    return failed ? -1 : 0;
}

/* Makes the new generation live: swap the link, sync the directory. */
static int swap_current(const struct publish_report *report, struct error *err)
{
    char *current = publication_current(report->root);
    char *link_tmp = xasprintf("%s.%ld.tmp", current, report->serial);
    char *target = xasprintf("%s/%06ld", GENERATIONS_DIRECTORY, report->serial);
    int directory = open(report->root, O_RDONLY | O_DIRECTORY);
    unlink(link_tmp);
    int failed = directory < 0 || symlink(target, link_tmp) != 0
                 || rename(link_tmp, current) != 0 || fsync(directory) != 0;
    if (failed)
        fail(err, "%s: cannot make generation %ld live: %s", report->root, report->serial,
             strerror(errno));
    if (directory >= 0)
        close(directory);
    free(link_tmp);
    free(current);
    free(target);
    return failed ? -1 : 0;
}

static int record_publication(struct run *run, long audit_sequence, const char *audit_hash,
                              const char *signed_head, struct error *err)
{
    const struct publication_made entry = {
        run->report->serial, run->issued_at, run->next_update, run->root, audit_sequence,
        audit_hash, signed_head, run->report->rewritten};
    int failed = registry_add_publication(run->registry, &entry, err);
    for (size_t i = 0; i < run->count && !failed; i++) {
        const struct item *item = &run->items[i];
        const struct published_response response = {
            item->number, item->content, run->report->serial, run->response_next_update,
            item->shard, item->response_digest, item->record_digest,
            (unsigned long long)item->response_entry, (unsigned long long)item->record_entry};
        if (item->changed)
            failed = registry_set_published(run->registry, &response, err);
    }
    for (int s = 0; s < PUBLICATION_SHARDS && !failed; s++) {
        char shard[SHARD_NAME_SIZE];
        publication_shard_name(s, shard);
        if (run->shard_version[s] == run->report->serial)
            failed = registry_set_shard_version(run->registry, shard, run->shard_version[s],
                                                run->index_digest[s], err);
    }
    return failed;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* kept is sorted: a store holds 1024 directories or more, each looked up. */
static int keep_store(const char *name, char *const kept[], size_t kept_count)
{
    return kept_count > 0
           && bsearch(&name, kept, kept_count, sizeof *kept, compare_names) != NULL;
}

/* Names the store directories the kept generations point into. */
static size_t referenced_stores(const char *root, long oldest_kept, char ***out)
{
    size_t count = 0;
    *out = NULL;
    for (long serial = live_serial(root); serial >= oldest_kept && serial > 0; serial--) {
        for (int s = 0; s < PUBLICATION_SHARDS; s++) {
            char name[SHARD_NAME_SIZE];
            publication_shard_name(s, name);
            char *generation = publication_generation(root, serial);
            char *link_path = publication_shard_file(generation, name, NULL, NULL);
            free(generation);
            char target[PATH_MAX];
            ssize_t length = readlink(link_path, target, sizeof target - 1);
            free(link_path);
            if (length <= 0)
                continue;
            target[length] = '\0';
            *out = xrealloc(*out, (count + 1) * sizeof **out);
            (*out)[count++] = xstrdup(strrchr(target, '/') + 1);
        }
    }
    return count;
}

/* Old generations go, and the store directories only they used. A reader
 * still inside a removed generation gets "status unknown", never a mix. */
static void collect_log_garbage(const char *root, long oldest_kept);

static void collect_garbage(const char *root)
{
    long oldest_kept = live_serial(root) - GENERATIONS_KEPT + 1;
    char **kept;
    size_t kept_count = referenced_stores(root, oldest_kept, &kept);
    if (kept_count > 0)
        qsort(kept, kept_count, sizeof *kept, compare_names);
    const char *folders[] = {GENERATIONS_DIRECTORY, STORE_DIRECTORY};
    for (int f = 0; f < 2; f++) {
        char *path = xasprintf("%s/%s", root, folders[f]);
        DIR *dir = opendir(path);
        struct dirent *entry;
        while (dir && (entry = readdir(dir))) {
            if (entry->d_name[0] == '.')
                continue;
            int stale = f == 0 ? strtol(entry->d_name, NULL, 10) < oldest_kept
                               : !keep_store(entry->d_name, kept, kept_count);
            if (stale) {
                char *victim = xasprintf("%s/%s", path, entry->d_name);
                remove_tree(victim);
                free(victim);
            }
        }
        if (dir)
            closedir(dir);
        free(path);
    }
    for (size_t i = 0; i < kept_count; i++)
        free(kept[i]);
    free(kept);
    collect_log_garbage(root, oldest_kept);
}

/* The log's partial tiles go once full ones replace them, but for those the
 * kept generations' checkpoints need. */
static void collect_log_garbage(const char *root, long oldest_kept)
{
    uint64_t sizes[GENERATIONS_KEPT];
    size_t count = 0;
    for (long serial = live_serial(root); serial >= oldest_kept && serial > 0
                                          && count < GENERATIONS_KEPT; serial--) {
        char *generation = publication_generation(root, serial);
        char *path = publication_file(generation, CHECKPOINT_FILE);
        struct error ignored;
        size_t length;
        char *text = read_file_bounded(path, NOTE_MAX_BYTES, &length, &ignored);
        const char *size = text ? strchr(text, '\n') : NULL;
        if (size)
            sizes[count++] = strtoull(size + 1, NULL, 10);
        free(text);
        free(path);
        free(generation);
    }
    log_collect_garbage(root, sizes, count);
}

/* A publish that died before going live may have left this serial's
 * directories behind: they were never visible, so they simply go. */
static int prepare_directories(struct run *run, char **generation, struct error *err)
{
    char *gen = xasprintf("%s/%s", run->root, GENERATIONS_DIRECTORY);
    char *store = xasprintf("%s/%s", run->root, STORE_DIRECTORY);
    int failed = make_directory(gen, err) || make_directory(store, err);
    free(gen);
    free(store);
    *generation = publication_generation(run->root, run->report->serial);
    remove_tree(*generation);
    for (int s = 0; s < PUBLICATION_SHARDS; s++) {
        char *leftover = store_path(run, s, run->report->serial, NULL, NULL);
        remove_tree(leftover);
        free(leftover);
    }
    if (failed || make_directory(*generation, err) != 0)
        return -1;
    char *certs = xasprintf("%s/%s", *generation, CERTS_DIRECTORY);
    failed = make_directory(certs, err);
    free(certs);
    return failed;
}

static char *sign_audit_head(struct run *run, long *sequence, char hash[65])
{
    audit_log_head(run->registry, sequence, hash);
    json_t *payload = json_pack("{s:s, s:I, s:s, s:I, s:s}", "body", run->registry->body.id,
                                "serial", (json_int_t)run->report->serial, "issued_at",
                                run->issued_at, "audit_sequence", (json_int_t)*sequence,
                                "audit_hash", hash);
    char *compact = sign_compact_json(run->head, AUDIT_HEAD_TYPE, payload);
    json_decref(payload);
    return compact;
}

/* The publication directory, resolved and locked until publish_done: a
 * second publish to it waits until this one has gone live. */
static int open_root(struct run *run, const char *directory, struct error *err)
{
    if (make_directory(directory, err) != 0)
        return -1;
    char *resolved = realpath(directory, NULL);
    if (!resolved || strlen(resolved) >= sizeof run->root) {
        free(resolved);
        return fail(err, "%s: cannot resolve the publication directory", directory);
    }
    strcpy(run->root, resolved);
    strcpy(run->report->root, resolved);
    free(resolved);
    run->report->lock = lock_directory(run->root, err);
    return run->report->lock < 0 ? -1 : 0;
}

static void set_times(struct run *run)
{
    const struct publish_settings *settings = run->settings;
    timestamp_format(settings->now, run->issued_at);
    timestamp_format(settings->now + settings->valid_for_hours * 3600LL, run->next_update);
    timestamp_format(settings->now + settings->response_valid_days * 86400LL,
                     run->response_next_update);
    run->today = timestamp_date(settings->now);
    snprintf(run->report->issued_at, sizeof run->report->issued_at, "%s", run->issued_at);
    snprintf(run->report->next_update, sizeof run->report->next_update, "%s",
             run->next_update);
}

int publish(struct registry *registry, const struct signer *head, const struct signer *log_key,
            const struct publish_settings *settings, struct publish_report *report,
            struct error *err)
{
    struct run run = {.registry = registry, .head = head, .log_key = log_key,
                      .settings = settings, .report = report};
    char *generation = NULL, *signed_head = NULL, audit_hash[65];
    long audit_sequence = 0;
    memset(report, 0, sizeof *report);
    report->lock = -1;
    set_times(&run);
    if (open_root(&run, settings->directory, err) != 0)
        return -1;
    int failed = choose_serial(&run, err)
                 || log_check(registry, run.root, report->full, &run.log_written, err)
                 || (!report->full
                     && registry_each_shard_version(registry, add_shard_version, &run, err))
                 || prepare_directories(&run, &generation, err) || load_items(&run, err);
    report->certificates = (long)run.count;
    if (!failed) {
        signed_head = sign_audit_head(&run, &audit_sequence, audit_hash);
        progress_start(&run.progress, "publishing", (long)run.count);
    }
    failed = failed || write_shards(&run, generation, err)
             || log_write(registry, log_key, run.root, report->full, run.log_written, &run.log,
                          err)
             || write_manifest(&run, generation, err)
             || write_list(&run, generation, audit_hash, audit_sequence, err)
             || write_notice(&run, generation, err) || sync_publication(&run, err)
             || record_publication(&run, audit_sequence, audit_hash, signed_head, err);
    report->log = run.log;
    free(signed_head);
    free(generation);
    free_items(&run);
    return failed ? -1 : 0;
}

int publish_go_live(struct publish_report *report, struct error *err)
{
    if (swap_current(report, err) != 0 || log_make_live(report->root, &report->log, err) != 0)
        return -1;
    collect_garbage(report->root);
    return 0;
}

void publish_done(struct publish_report *report)
{
    unlock_directory(report->lock);
    report->lock = -1;
    free(report->log.note);
    report->log.note = NULL;
}
