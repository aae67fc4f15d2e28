/*
 * registry_certificates.c: the certificates, surveillance and events
 * tables. One loader reads a certificate's row (registry_load_certificate),
 * for the lifecycle and every command alike; the columns it reads for the
 * state alone stop short of the signed texts.
 */
#include "registry_certificates.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry_sql.h"

int registry_next_number(struct registry *registry, int year, char **number, struct error *err)
{
    char year_text[16];
    snprintf(year_text, sizeof year_text, "%d", year);
    sqlite3_stmt *statement = registry_prepare(registry,
                                      "INSERT INTO serials VALUES (?, 1)"
                                      " ON CONFLICT (year) DO UPDATE SET last = last + 1"
                                      " RETURNING last",
                                      err, 1, year_text);
    if (!statement)
        return -1;
    int code = sqlite3_step(statement);
    int serial = code == SQLITE_ROW ? sqlite3_column_int(statement, 0) : 0;
    sqlite3_finalize(statement);
    if (code != SQLITE_ROW)
        return registry_fail(registry, err, "number");
    if (serial > 999999)
        return fail(err, "registry: the serials of %d are used up (999999)", year);
    *number = xasprintf("%s-%d-%06d", registry->body.prefix, year, serial);
    return 0;
}

int registry_insert_pending(struct registry *registry, const char *number,
                            const char *holder_name, const char *holder_uscc, const char *grade,
                            int score_tenths, const char *payload_b64,
                            const char *auditor_signature, const char *auditor_kid,
                            const char *assessment_sha256, struct error *err)
{
    char now[32], score[16];
    registry_now(now);
    snprintf(score, sizeof score, "%d", score_tenths);
    return registry_run(registry,
               registry_prepare(registry,
                       "INSERT INTO certificates (number, status, holder_name, holder_uscc,"
                       " grade, score, payload, auditor_signature, auditor_kid, created_at,"
                       " assessment_sha256) VALUES (?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       err, 10, number, holder_name, holder_uscc, grade, score, payload_b64,
                       auditor_signature, auditor_kid, now, assessment_sha256),
               "insert certificate", err);
}

int registry_find_assessment(struct registry *registry, const char *assessment_sha256,
                             char **number, struct error *err)
{
    sqlite3_stmt *statement = registry_prepare(registry,
                                      "SELECT number FROM certificates"
                                      " WHERE assessment_sha256 = ? ORDER BY rowid LIMIT 1",
                                      err, 1, assessment_sha256);
    if (!statement)
        return -1;
    int code = sqlite3_step(statement);
    *number = code == SQLITE_ROW ? registry_column_text(statement, 0) : NULL;
    sqlite3_finalize(statement);
    if (code != SQLITE_ROW && code != SQLITE_DONE)
        return registry_fail(registry, err, "find assessment");
    return *number != NULL;
}

int registry_count_records(struct registry *registry, long *count, struct error *err)
{
    sqlite3_stmt *statement = registry_prepare(registry,
                                      "SELECT count(*) FROM certificates WHERE record IS NOT NULL",
                                      err, 0);
    if (!statement)
        return -1;
    int code = sqlite3_step(statement);
    *count = code == SQLITE_ROW ? (long)sqlite3_column_int64(statement, 0) : 0;
    sqlite3_finalize(statement);
    return code == SQLITE_ROW ? 0 : registry_fail(registry, err, "count records");
}

int registry_store_approval(struct registry *registry, const char *number, const char *record,
                            const char *qr_claim, const char *head_kid, struct date issue,
                            struct date expiry, const struct date *due, size_t due_count,
                            struct error *err)
{
    char now[32], issue_text[11], expiry_text[11];
    registry_now(now);
    date_format(issue, issue_text);
    date_format(expiry, expiry_text);
    if (registry_run(registry,
            registry_prepare(registry,
                    "UPDATE certificates SET status = 'valid', record = ?, qr_claim = ?,"
                    " head_kid = ?, issue_date = ?, expiry_date = ?, approved_at = ?"
                    " WHERE number = ? AND status = 'pending'",
                    err, 7, record, qr_claim, head_kid, issue_text, expiry_text, now, number),
            "approve", err) != 0)
        return -1;
    if (sqlite3_changes(registry->db) != 1)
        return fail(err, "%s is not pending approval", number);
    for (size_t i = 0; i < due_count; i++) {
        char sequence[24], due_text[11];
        snprintf(sequence, sizeof sequence, "%zu", i + 1);
        date_format(due[i], due_text);
        if (registry_run(registry,
                registry_prepare(registry, "INSERT INTO surveillance (number, sequence, due_date)"
                                  " VALUES (?, ?, ?)",
                        err, 3, number, sequence, due_text),
                "surveillance", err) != 0)
            return -1;
    }
    return 0;
}

/* The state columns come before the texts in both queries, and stop short
 * of them: the state of a certificate never reads its record. */
#define STATE_COLUMNS                                                                     \
    "status, status_code, status_reason, issue_date, expiry_date, status_since,"        \
    " holder_uscc, superseded_by, grade, auditor_kid"
#define TEXT_COLUMNS ", payload, auditor_signature, record, qr_claim"

static const char *const certificate_queries[] = {
    [CERTIFICATE_STATE] = "SELECT " STATE_COLUMNS " FROM certificates WHERE number = ?",
    [CERTIFICATE_TEXTS] = "SELECT " STATE_COLUMNS TEXT_COLUMNS
                          " FROM certificates WHERE number = ?",
};

static void read_state(sqlite3_stmt *row, struct certificate_row *out)
{
    out->status = registry_column_text(row, 0);
    out->code = registry_column_text(row, 1);
    out->reason = registry_column_text(row, 2);
    registry_column_date(row, 3, &out->issue);
    registry_column_date(row, 4, &out->expiry);
    out->has_since = registry_column_date(row, 5, &out->since);
    out->holder_uscc = registry_column_text(row, 6);
    out->superseded_by = registry_column_text(row, 7);
    out->grade = registry_column_text(row, 8);
    out->auditor_kid = registry_column_text(row, 9);
}

static void read_texts(sqlite3_stmt *row, struct certificate_row *out)
{
    out->payload_b64 = registry_column_text(row, 10);
    out->auditor_signature = registry_column_text(row, 11);
    out->record = registry_column_text(row, 12);
    out->qr_claim = registry_column_text(row, 13);
}

/* The next surveillance due, the last one done and the last event. */
static int read_surveillance(struct registry *registry, struct certificate_row *out,
                             struct error *err)
{
    sqlite3_stmt *row = registry_prepare(registry,
                                         "SELECT (SELECT min(due_date) FROM surveillance"
                                         "        WHERE number = ?1 AND done_date IS NULL),"
                                         "       (SELECT max(done_date) FROM surveillance"
                                         "        WHERE number = ?1),"
                                         "       (SELECT max(event_date) FROM events"
                                         "        WHERE number = ?1)",
                                         err, 1, out->number);
    int found = row && sqlite3_step(row) == SQLITE_ROW;
    if (found) {
        out->has_next_due = registry_column_date(row, 0, &out->next_due);
        out->has_last_surveillance = registry_column_date(row, 1, &out->last_surveillance);
        if (!registry_column_date(row, 2, &out->last_event))
            out->last_event = out->issue;
    }
    sqlite3_finalize(row);
    if (!found)
        return row ? registry_fail(registry, err, "surveillance") : -1;
    return 0;
}

int registry_load_certificate(struct registry *registry, const char *number,
                              enum certificate_parts parts, struct certificate_row *out,
                              struct error *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *row = registry_prepare(registry, certificate_queries[parts], err, 1, number);
    if (!row)
        return -1;
    int found = sqlite3_step(row) == SQLITE_ROW;
    if (found) {
        out->number = xstrdup(number);
        read_state(row, out);
        if (parts == CERTIFICATE_TEXTS)
            read_texts(row, out);
    }
    sqlite3_finalize(row);
    if (!found)
        return fail(err, "no certificate %s in this registry", number);
    if (read_surveillance(registry, out, err) != 0) {
        certificate_row_free(out);
        return -1;
    }
    return 0;
}

void certificate_row_free(struct certificate_row *row)
{
    char *strings[] = {row->number, row->status, row->code, row->reason, row->holder_uscc,
                       row->grade, row->auditor_kid, row->superseded_by, row->payload_b64,
                       row->auditor_signature, row->record, row->qr_claim};
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
        free(strings[i]);
    memset(row, 0, sizeof *row);
}

int registry_each(struct registry *registry,
                  void (*row)(void *context, const char *number, const char *holder,
                              const char *grade, const char *status, const char *issue,
                              const char *expiry),
                  void *context, struct error *err)
{
    sqlite3_stmt *statement = registry_prepare(registry,
                                      "SELECT number, holder_name, grade, status,"
                                      " issue_date, expiry_date FROM certificates"
                                      " ORDER BY number",
                                      err, 0);
    if (!statement)
        return -1;
    int code;
    while ((code = sqlite3_step(statement)) == SQLITE_ROW) {
        const char *columns[6];
        for (int i = 0; i < 6; i++)
            columns[i] = (const char *)sqlite3_column_text(statement, i);
        row(context, columns[0], columns[1], columns[2], columns[3], columns[4], columns[5]);
    }
    sqlite3_finalize(statement);
    return code == SQLITE_DONE ? 0 : registry_fail(registry, err, "list");
}

int registry_each_record(struct registry *registry,
                         int (*record)(void *context, const char *number, const char *text),
                         void *context, struct error *err)
{
    sqlite3_stmt *statement = registry_prepare(registry,
                                      "SELECT number, record FROM certificates"
                                      " WHERE record IS NOT NULL ORDER BY number",
                                      err, 0);
    if (!statement)
        return -1;
    int code, stopped = 0;
    while (!stopped && (code = sqlite3_step(statement)) == SQLITE_ROW)
        stopped = record(context, (const char *)sqlite3_column_text(statement, 0),
                         (const char *)sqlite3_column_text(statement, 1)) != 0;
    sqlite3_finalize(statement);
    if (stopped)
        return -1;
    return code == SQLITE_DONE ? 0 : registry_fail(registry, err, "export");
}

int registry_numbers_in_force(struct registry *registry, char ***numbers, size_t *count,
                              struct error *err)
{
    sqlite3_stmt *rows = registry_prepare(registry,
                                          "SELECT number FROM certificates"
                                          " WHERE status IN ('valid', 'suspended')"
                                          " ORDER BY number",
                                          err, 0);
    *numbers = NULL;
    *count = 0;
    if (!rows)
        return -1;
    int code;
    while ((code = sqlite3_step(rows)) == SQLITE_ROW) {
        *numbers = xrealloc(*numbers, (*count + 1) * sizeof **numbers);
        (*numbers)[(*count)++] = registry_column_text(rows, 0);
    }
    sqlite3_finalize(rows);
    if (code == SQLITE_DONE)
        return 0;
    for (size_t i = 0; i < *count; i++)
        free((*numbers)[i]);
    free(*numbers);
    *numbers = NULL;
    *count = 0;
    return registry_fail(registry, err, "sweep");
}

int registry_set_status(struct registry *registry, const char *number, const char *status,
                        struct date since, const char *code, const char *reason,
                        struct error *err)
{
    char day[11];
    date_format(since, day);
    return registry_run(registry,
                        registry_prepare(registry,
                                         "UPDATE certificates SET status = ?, status_since = ?,"
                                         " status_code = ?, status_reason = ? WHERE number = ?",
                                         err, 5, status, day, code, reason, number),
                        "status", err);
}

int registry_set_superseded_by(struct registry *registry, const char *number,
                               const char *successor, struct error *err)
{
    return registry_run(registry,
                        registry_prepare(registry,
                                         "UPDATE certificates SET superseded_by = ?"
                                         " WHERE number = ?",
                                         err, 2, successor, number),
                        "supersede", err);
}

int registry_add_event(struct registry *registry, const char *number, struct date date,
                       const char *action, const char *status, const char *code,
                       const char *reason, const char *kid, struct error *err)
{
    char day[11], now[32];
    date_format(date, day);
    registry_now(now);
    return registry_run(registry,
                        registry_prepare(registry,
                                         "INSERT INTO events (number, event_date, action, status,"
                                         " code, reason, kid, recorded_at)"
                                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                         err, 8, number, day, action, status, code, reason, kid,
                                         now),
                        "event", err);
}

int registry_each_event(struct registry *registry, const char *number,
                        void (*event)(void *context, const struct certificate_event *event),
                        void *context, struct error *err)
{
    sqlite3_stmt *rows = registry_prepare(registry,
                                          "SELECT event_date, action, status, code, reason, kid"
                                          " FROM events WHERE number = ? ORDER BY id",
                                          err, 1, number);
    if (!rows)
        return -1;
    int code;
    while ((code = sqlite3_step(rows)) == SQLITE_ROW) {
        const char *columns[6];
        for (int i = 0; i < 6; i++)
            columns[i] = (const char *)sqlite3_column_text(rows, i);
        struct certificate_event row = {columns[0], columns[1], columns[2],
                                        columns[3], columns[4], columns[5]};
        event(context, &row);
    }
    sqlite3_finalize(rows);
    return code == SQLITE_DONE ? 0 : registry_fail(registry, err, "history");
}

int registry_each_surveillance(struct registry *registry, const char *number,
                               void (*entry)(void *context,
                                             const struct surveillance_entry *entry),
                               void *context, struct error *err)
{
    sqlite3_stmt *rows = registry_prepare(registry,
                                          "SELECT sequence, due_date, done_date, result"
                                          " FROM surveillance WHERE number = ?"
                                          " ORDER BY sequence",
                                          err, 1, number);
    if (!rows)
        return -1;
    int code;
    while ((code = sqlite3_step(rows)) == SQLITE_ROW) {
        struct surveillance_entry row = {sqlite3_column_int(rows, 0),
                                         (const char *)sqlite3_column_text(rows, 1),
                                         (const char *)sqlite3_column_text(rows, 2),
                                         (const char *)sqlite3_column_text(rows, 3)};
        entry(context, &row);
    }
    sqlite3_finalize(rows);
    return code == SQLITE_DONE ? 0 : registry_fail(registry, err, "surveillance");
}

int registry_mark_surveillance_done(struct registry *registry, const char *number,
                                    struct date date, const char *result, struct error *err)
{
    char day[11];
    date_format(date, day);
    return registry_run(registry,
                        registry_prepare(registry,
                                         "UPDATE surveillance SET done_date = ?1, result = ?2"
                                         " WHERE number = ?3 AND sequence ="
                                         " (SELECT sequence FROM surveillance"
                                         "  WHERE number = ?3 AND done_date IS NULL"
                                         "  ORDER BY due_date, sequence LIMIT 1)",
                                         err, 3, day, result, number),
                        "surveillance", err);
}

int registry_open_surveillances(struct registry *registry, const char *number, size_t *count,
                                struct error *err)
{
    sqlite3_stmt *row = registry_prepare(registry,
                                         "SELECT count(*) FROM surveillance"
                                         " WHERE number = ? AND done_date IS NULL",
                                         err, 1, number);
    int found = row && sqlite3_step(row) == SQLITE_ROW;
    *count = found ? (size_t)sqlite3_column_int(row, 0) : 0;
    sqlite3_finalize(row);
    if (!found)
        return row ? registry_fail(registry, err, "surveillance") : -1;
    return 0;
}

int registry_replace_open_surveillances(struct registry *registry, const char *number,
                                        const struct date *due, size_t count,
                                        struct error *err)
{
    if (registry_run(registry,
                     registry_prepare(registry, "DELETE FROM surveillance"
                                                " WHERE number = ? AND done_date IS NULL",
                                      err, 1, number),
                     "surveillance", err) != 0)
        return -1;
    for (size_t i = 0; i < count; i++) {
        char day[11];
        date_format(due[i], day);
        if (registry_run(registry,
                         registry_prepare(registry,
                                          "INSERT INTO surveillance (number, sequence, due_date)"
                                          " SELECT ?1, coalesce(max(sequence), 0) + 1, ?2"
                                          " FROM surveillance WHERE number = ?1",
                                          err, 2, number, day),
                         "surveillance", err) != 0)
            return -1;
    }
    return 0;
}

int registry_reopen_surveillance(struct registry *registry, const char *number, struct date due,
                                 struct error *err)
{
    char day[11];
    date_format(due, day);
    return registry_run(registry,
                        registry_prepare(registry,
                                         "INSERT INTO surveillance (number, sequence, due_date)"
                                         " SELECT ?1, max(sequence) + 1, ?2 FROM surveillance"
                                         " WHERE number = ?1",
                                         err, 2, number, day),
                        "surveillance", err);
}
