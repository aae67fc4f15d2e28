/*
 * registry_report.c: the registry's answers for the monthly report
 * (registry_report.h). Both read the events table, which holds the status
 * after each event, so a status "at the end of a day" is the status of the
 * certificate's last event dated up to it (by date, then as recorded).
 */
#include "registry_report.h"
#include "registry_sql.h"

#include <stdlib.h>
#include <string.h>

/* The actions of the events table that change a status (docs/registry.md);
 * issue and surveillance events do not (a surveillance's consequence is an
 * event of its own). */
#define STATUS_CHANGE_ACTIONS "('suspended', 'reinstated', 'revoked', 'withdrawn', 'expired')"

static const char standings_sql[] =
    "WITH upto AS ("
    "  SELECT number, status, row_number() OVER"
    "    (PARTITION BY number ORDER BY event_date DESC, id DESC) AS latest"
    "  FROM events WHERE event_date <= ?2),"
    " changed AS ("
    "  SELECT number, event_date, code, reason, row_number() OVER"
    "    (PARTITION BY number ORDER BY event_date DESC, id DESC) AS latest"
    "  FROM events WHERE event_date <= ?2 AND action IN " STATUS_CHANGE_ACTIONS "),"
    " active AS (SELECT DISTINCT number FROM events WHERE event_date BETWEEN ?1 AND ?2)"
    " SELECT c.number, c.expiry_date, u.status,"
    "  ch.event_date, ch.code, ch.reason, a.number IS NOT NULL,"
    "  (SELECT min(due_date) FROM surveillance s WHERE s.number = c.number"
    "   AND (s.done_date IS NULL OR s.done_date > ?2)),"
    "  (SELECT n.number FROM certificates n WHERE n.number = c.superseded_by"
    "   AND n.issue_date <= ?2)"
    " FROM certificates c JOIN upto u ON u.number = c.number AND u.latest = 1"
    " LEFT JOIN changed ch ON ch.number = c.number AND ch.latest = 1"
    " LEFT JOIN active a ON a.number = c.number"
    " WHERE c.issue_date IS NOT NULL ORDER BY c.number";

static const char changes_sql[] =
    "SELECT number, event_date, previous, status, code, reason FROM ("
    "  SELECT id, number, event_date, action, status, code, reason, lag(status) OVER"
    "    (PARTITION BY number ORDER BY event_date, id) AS previous"
    "  FROM events WHERE event_date <= ?2)"
    " WHERE event_date >= ?1 AND action IN " STATUS_CHANGE_ACTIONS
    " ORDER BY event_date, number, id";

int registry_snapshot_begin(struct registry *registry, struct error *err)
{
    return registry_execute(registry, "BEGIN DEFERRED;", err);
}

void registry_snapshot_end(struct registry *registry)
{
    registry_rollback(registry); /* nothing was written */
}

/* 1 and *out set when the column holds a date. */
static int column_date(sqlite3_stmt *row, int column, struct date *out)
{
    const unsigned char *text = sqlite3_column_text(row, column);
    return text && date_parse((const char *)text, out) == 0;
}

static sqlite3_stmt *prepare_range(struct registry *registry, const char *sql,
                                   struct date first, struct date last, struct error *err)
{
    char first_text[11], last_text[11];
    date_format(first, first_text);
    date_format(last, last_text);
    return registry_prepare(registry, sql, err, 2, first_text, last_text);
}

/* Reads every row of a prepared statement into a growing array of
 * elements of size bytes; on failure *out keeps what was read, for the
 * caller to free. */
/* One kind of report row: its size, how a row is read into it, and how
 * what it holds is freed. */
struct row_kind {
    size_t size;
    void (*read)(sqlite3_stmt *row, void *element);
    void (*free_fields)(void *element);
};

static void free_rows(const struct row_kind *kind, void *rows, size_t count)
{
    for (size_t i = 0; i < count; i++)
        kind->free_fields((char *)rows + i * kind->size);
    free(rows);
}

/* Reads every row into one array; on failure frees what it read and sets
 * *out NULL and *count 0. */
static int collect(struct registry *registry, sqlite3_stmt *rows, const struct row_kind *kind,
                   void **out, size_t *count, struct error *err)
{
    size_t capacity = 0;
    int code = SQLITE_DONE;
    *out = NULL;
    *count = 0;
    if (!rows)
        return -1;
    while ((code = sqlite3_step(rows)) == SQLITE_ROW) {
        if (*count == capacity) {
            capacity = capacity ? 2 * capacity : 64;
            *out = xrealloc(*out, capacity * kind->size);
        }
        kind->read(rows, (char *)*out + (*count)++ * kind->size);
    }
    int failed = code != SQLITE_DONE ? registry_fail(registry, err, "report") : 0;
    sqlite3_finalize(rows);
    if (failed) {
        free_rows(kind, *out, *count);
        *out = NULL;
        *count = 0;
    }
    return failed;
}

static void read_standing(sqlite3_stmt *row, void *element)
{
    struct registry_standing *out = element;
    memset(out, 0, sizeof *out);
    out->number = registry_column_text(row, 0);
    column_date(row, 1, &out->expiry);
    out->status = registry_column_text(row, 2);
    out->changed = column_date(row, 3, &out->change_date);
    out->change_code = registry_column_text(row, 4);
    out->change_reason = registry_column_text(row, 5);
    out->active = sqlite3_column_int(row, 6);
    out->has_next_due = column_date(row, 7, &out->next_due);
    out->superseded_by = registry_column_text(row, 8);
}

static void free_standing(void *element)
{
    struct registry_standing *standing = element;
    free(standing->number);
    free(standing->status);
    free(standing->change_code);
    free(standing->change_reason);
    free(standing->superseded_by);
}

static const struct row_kind standing_rows = {sizeof(struct registry_standing), read_standing,
                                              free_standing};

int registry_standings(struct registry *registry, struct date first, struct date day,
                       struct registry_standing **out, size_t *count, struct error *err)
{
    void *standings;
    int failed = collect(registry, prepare_range(registry, standings_sql, first, day, err),
                         &standing_rows, &standings, count, err);
    *out = standings;
    return failed;
}

void registry_standings_free(struct registry_standing *standings, size_t count)
{
    free_rows(&standing_rows, standings, count);
}

static void read_change(sqlite3_stmt *row, void *element)
{
    struct registry_status_change *out = element;
    memset(out, 0, sizeof *out);
    out->number = registry_column_text(row, 0);
    column_date(row, 1, &out->date);
    out->from = registry_column_text(row, 2);
    out->to = registry_column_text(row, 3);
    out->code = registry_column_text(row, 4);
    out->reason = registry_column_text(row, 5);
}

static void free_change(void *element)
{
    struct registry_status_change *change = element;
    free(change->number);
    free(change->from);
    free(change->to);
    free(change->code);
    free(change->reason);
}

static const struct row_kind change_rows = {sizeof(struct registry_status_change), read_change,
                                            free_change};

int registry_status_changes(struct registry *registry, struct date first, struct date last,
                            struct registry_status_change **out, size_t *count,
                            struct error *err)
{
    void *changes;
    int failed = collect(registry, prepare_range(registry, changes_sql, first, last, err),
                         &change_rows, &changes, count, err);
    *out = changes;
    return failed;
}

void registry_status_changes_free(struct registry_status_change *changes, size_t count)
{
    free_rows(&change_rows, changes, count);
}
