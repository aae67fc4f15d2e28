/*
 * registry_log.c: the log's tables and setting (registry_log.h).
 */
#include "registry_log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry_sql.h"
#include "tlog_tiles.h"

static void number_text(uint64_t value, char out[24])
{
    snprintf(out, 24, "%llu", (unsigned long long)value);
}

int registry_log_append(struct registry *registry, const char *kind, const char *number,
                        const char *entry, uint64_t *position, struct error *err)
{
    char now[32];
    size_t length = strlen(entry);
    if (length > TLOG_MAX_ENTRY_BYTES)
        return fail(err, "%s: its %s of %zu bytes is longer than the %d bytes a log entry may "
                    "have", number, kind, length, TLOG_MAX_ENTRY_BYTES);
    registry_now(now);
    if (registry_run(registry,
                     registry_prepare(registry,
                                      "INSERT INTO log_entries (position, kind, number, entry,"
                                      " added_at) VALUES ((SELECT coalesce(max(position) + 1, 0)"
                                      " FROM log_entries), ?, ?, ?, ?)",
                                      err, 4, kind, number, entry, now),
                     "log entry", err) != 0)
        return -1;
    if (position)
        *position = (uint64_t)sqlite3_last_insert_rowid(registry->db);
    return 0;
}

int registry_log_size(struct registry *registry, uint64_t *size, struct error *err)
{
    sqlite3_stmt *row = registry_prepare(
        registry, "SELECT coalesce(max(position) + 1, 0) FROM log_entries", err, 0);
    if (!row)
        return -1;
    int code = sqlite3_step(row);
    *size = code == SQLITE_ROW ? (uint64_t)sqlite3_column_int64(row, 0) : 0;
    sqlite3_finalize(row);
    return code == SQLITE_ROW ? 0 : registry_fail(registry, err, "log size");
}

int registry_log_each(struct registry *registry, uint64_t first, uint64_t count,
                      int (*entry)(void *context, uint64_t position, const char *kind,
                                   const char *number, const char *bytes, size_t length),
                      void *context, struct error *err)
{
    char from[24], to[24];
    number_text(first, from);
    number_text(first + count, to);
    sqlite3_stmt *rows = registry_prepare(registry,
                                          "SELECT position, kind, number, entry FROM log_entries"
                                          " WHERE position >= ? AND position < ?"
                                          " ORDER BY position",
                                          err, 2, from, to);
    if (!rows)
        return -1;
    int code, result = 0;
    uint64_t expected = first;
    while (result == 0 && (code = sqlite3_step(rows)) == SQLITE_ROW) {
        uint64_t position = (uint64_t)sqlite3_column_int64(rows, 0);
        if (position != expected++)
            result = fail(err, "registry: the log has no entry %llu", (unsigned long long)position - 1);
        else
            result = entry(context, position, (const char *)sqlite3_column_text(rows, 1),
                           (const char *)sqlite3_column_text(rows, 2),
                           (const char *)sqlite3_column_text(rows, 3),
                           (size_t)sqlite3_column_bytes(rows, 3));
    }
    sqlite3_finalize(rows);
    if (result != 0)
        return -1;
    if (code != SQLITE_DONE)
        return registry_fail(registry, err, "log entries");
    if (expected != first + count)
        return fail(err, "registry: the log has no entry %llu", (unsigned long long)expected);
    return 0;
}

int registry_log_record_position(struct registry *registry, const char *number,
                                 uint64_t *position, struct error *err)
{
    sqlite3_stmt *row = registry_prepare(registry,
                                         "SELECT max(position) FROM log_entries"
                                         " WHERE number = ? AND kind = '" LOG_KIND_RECORD "'",
                                         err, 1, number);
    if (!row)
        return -1;
    int found = sqlite3_step(row) == SQLITE_ROW && sqlite3_column_type(row, 0) != SQLITE_NULL;
    if (found)
        *position = (uint64_t)sqlite3_column_int64(row, 0);
    sqlite3_finalize(row);
    return found ? 0 : fail(err, "%s: the log holds no record of it", number);
}

int registry_log_each_hash(struct registry *registry,
                           void (*hash)(void *context, int level, uint64_t index,
                                        const unsigned char *bytes),
                           void *context, struct error *err)
{
    sqlite3_stmt *rows = registry_prepare(registry,
                                          "SELECT level, position, hash FROM log_hashes", err, 0);
    if (!rows)
        return -1;
    int code;
    while ((code = sqlite3_step(rows)) == SQLITE_ROW)
        if (sqlite3_column_bytes(rows, 2) == 32)
            hash(context, sqlite3_column_int(rows, 0), (uint64_t)sqlite3_column_int64(rows, 1),
                 sqlite3_column_blob(rows, 2));
    sqlite3_finalize(rows);
    return code == SQLITE_DONE ? 0 : registry_fail(registry, err, "log hashes");
}

int registry_log_add_hash(struct registry *registry, int level, uint64_t index,
                          const unsigned char *bytes, struct error *err)
{
    sqlite3_stmt *insert = registry_prepare(
        registry, "INSERT INTO log_hashes (level, position, hash) VALUES (?, ?, ?)", err, 0);
    if (!insert)
        return -1;
    sqlite3_bind_int(insert, 1, level);
    sqlite3_bind_int64(insert, 2, (sqlite3_int64)index);
    sqlite3_bind_blob(insert, 3, bytes, 32, SQLITE_TRANSIENT);
    return registry_run(registry, insert, "log hash", err);
}

int registry_log_add_checkpoint(struct registry *registry, uint64_t size, const char *root,
                                const char *note, struct error *err)
{
    char size_text[24], now[32];
    number_text(size, size_text);
    registry_now(now);
    return registry_run(registry,
                        registry_prepare(registry,
                                         "INSERT OR IGNORE INTO log_checkpoints"
                                         " VALUES (?, ?, ?, ?)",
                                         err, 4, size_text, root, note, now),
                        "log checkpoint", err);
}

int registry_log_last_checkpoint(struct registry *registry, uint64_t *size, char **note,
                                 struct error *err)
{
    long long newest;
    int result = registry_newest_row(registry,
                                     "SELECT size, note FROM log_checkpoints"
                                     " ORDER BY size DESC LIMIT 1",
                                     "log checkpoints", &newest, note, err);
    *size = (uint64_t)newest;
    return result;
}

int registry_set_log_key(struct registry *registry, const char *path, struct error *err)
{
    return registry_run(registry,
                        registry_prepare(registry, "UPDATE body SET log_key = ?", err, 1, path),
                        "log key", err);
}
