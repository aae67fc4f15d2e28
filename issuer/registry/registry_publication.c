/*
 * registry_publication.c: the published, publications and shard_versions
 * tables, and the certificate columns a publish reads. Its scan of every
 * certificate reads only columns of the index certificates_status (see
 * registry.c), so at 100,000 certificates it reads megabytes, not the rows
 * with their records; a record is read alone, when its files are written.
 */
#include "registry_publication.h"

#include <stdio.h>
#include <stdlib.h>

#include "registry_sql.h"

static const char *column(sqlite3_stmt *row, int index)
{
    return (const char *)sqlite3_column_text(row, index);
}

static void read_row(sqlite3_stmt *rows, struct publication_row *out)
{
    *out = (struct publication_row){
        column(rows, 0), column(rows, 1), column(rows, 2), column(rows, 3), column(rows, 4),
        column(rows, 5), column(rows, 6), column(rows, 7), column(rows, 8), column(rows, 9),
        column(rows, 11), column(rows, 12), column(rows, 13),
        (long)sqlite3_column_int64(rows, 10), (long long)sqlite3_column_int64(rows, 14),
        sqlite3_column_type(rows, 15) == SQLITE_NULL ? -1
                                                     : (long long)sqlite3_column_int64(rows, 15)};
}

int registry_each_publishable(struct registry *registry,
                              void (*row)(void *context, const struct publication_row *row),
                              void *context, struct error *err)
{
    sqlite3_stmt *rows = registry_prepare(
        registry,
        "SELECT c.number, c.status, coalesce(c.status_since, c.issue_date), c.status_code,"
        " c.status_reason, c.holder_name, c.holder_uscc,"
        " s.next_due, s.last_done,"
        " p.content, p.serial, p.next_update, p.response_digest, p.record_digest,"
        " p.response_entry, p.record_entry"
        " FROM certificates c LEFT JOIN published p ON p.number = c.number"
        " LEFT JOIN (SELECT number,"
        "                   min(CASE WHEN done_date IS NULL THEN due_date END) AS next_due,"
        "                   max(done_date) AS last_done"
        "            FROM surveillance GROUP BY number) s ON s.number = c.number"
        " WHERE c.status != 'pending' ORDER BY c.number",
        err, 0);
    if (!rows)
        return -1;
    int code;
    while ((code = sqlite3_step(rows)) == SQLITE_ROW) {
        struct publication_row current;
        read_row(rows, &current);
        row(context, &current);
    }
    sqlite3_finalize(rows);
    return code == SQLITE_DONE ? 0 : registry_fail(registry, err, "publish");
}

int registry_each_shard_version(struct registry *registry,
                                void (*shard)(void *context, const char *name, long version,
                                              const char *index_digest),
                                void *context, struct error *err)
{
    sqlite3_stmt *rows = registry_prepare(
        registry, "SELECT shard, version, index_digest FROM shard_versions", err, 0);
    if (!rows)
        return -1;
    int code;
    while ((code = sqlite3_step(rows)) == SQLITE_ROW)
        shard(context, column(rows, 0), (long)sqlite3_column_int64(rows, 1), column(rows, 2));
    sqlite3_finalize(rows);
    return code == SQLITE_DONE ? 0 : registry_fail(registry, err, "shard versions");
}

int registry_read_record(struct registry *registry, const char *number, char **record,
                         struct error *err)
{
    if (!registry->record_query)
        registry->record_query = registry_prepare(
            registry, "SELECT record FROM certificates WHERE number = ?", err, 0);
    sqlite3_stmt *query = registry->record_query;
    if (!query)
        return -1;
    sqlite3_reset(query);
    sqlite3_bind_text(query, 1, number, -1, SQLITE_STATIC);
    *record = sqlite3_step(query) == SQLITE_ROW ? registry_column_text(query, 0) : NULL;
    sqlite3_reset(query); /* holds no read lock between calls */
    if (!*record)
        return fail(err, "%s: no signed record in the registry", number);
    return 0;
}

int registry_last_publication(struct registry *registry, long *serial, char **directory,
                              struct error *err)
{
    long long newest;
    int result = registry_newest_row(registry,
                                     "SELECT serial, directory FROM publications"
                                     " ORDER BY serial DESC LIMIT 1",
                                     "publications", &newest, directory, err);
    *serial = (long)newest;
    return result;
}

int registry_add_publication(struct registry *registry, const struct publication_made *entry,
                             struct error *err)
{
    char serial[24], sequence[24], rewritten[24];
    snprintf(serial, sizeof serial, "%ld", entry->serial);
    snprintf(sequence, sizeof sequence, "%ld", entry->audit_sequence);
    snprintf(rewritten, sizeof rewritten, "%ld", entry->rewritten);
    return registry_run(registry,
                        registry_prepare(registry,
                                         "INSERT INTO publications VALUES"
                                         " (?, ?, ?, ?, ?, ?, ?, ?)",
                                         err, 8, serial, entry->issued_at, entry->next_update,
                                         entry->directory, sequence, entry->audit_hash,
                                         entry->signed_head, rewritten),
                        "publication", err);
}

int registry_set_published(struct registry *registry, const struct published_response *response,
                           struct error *err)
{
    char serial[24], response_entry[24], record_entry[24];
    snprintf(serial, sizeof serial, "%ld", response->serial);
    snprintf(response_entry, sizeof response_entry, "%llu", response->response_entry);
    snprintf(record_entry, sizeof record_entry, "%llu", response->record_entry);
    return registry_run(registry,
                        registry_prepare(registry,
                                         "INSERT OR REPLACE INTO published"
                                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                         err, 9, response->number, response->content, serial,
                                         response->next_update, response->shard,
                                         response->response_digest, response->record_digest,
                                         response_entry, record_entry),
                        "published", err);
}

int registry_set_shard_version(struct registry *registry, const char *shard, long version,
                               const char *index_digest, struct error *err)
{
    char text[24];
    snprintf(text, sizeof text, "%ld", version);
    return registry_run(registry,
                        registry_prepare(registry,
                                         "INSERT OR REPLACE INTO shard_versions"
                                         " VALUES (?, ?, ?)",
                                         err, 3, shard, text, index_digest),
                        "shard", err);
}
