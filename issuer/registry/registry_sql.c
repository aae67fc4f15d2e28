/*
 * registry_sql.c: the building blocks every file of the registry uses to
 * talk to SQLite (registry_sql.h): prepare with text arguments, run,
 * read a column, fail with SQLite's words.
 */
#include "registry_sql.h"

#include <string.h>
#include <time.h>

int registry_fail(struct registry *registry, struct error *err, const char *what)
{
    return fail(err, "registry: %s: %s", what, sqlite3_errmsg(registry->db));
}

int registry_execute(struct registry *registry, const char *sql, struct error *err)
{
    char *message = NULL;
    if (sqlite3_exec(registry->db, sql, NULL, NULL, &message) != SQLITE_OK) {
        fail(err, "registry: %s", message ? message : "SQLite error");
        sqlite3_free(message);
        return -1;
    }
    return 0;
}

sqlite3_stmt *registry_prepare(struct registry *registry, const char *sql, struct error *err,
                               int count, ...)
{
    sqlite3_stmt *statement;
    if (sqlite3_prepare_v2(registry->db, sql, -1, &statement, NULL) != SQLITE_OK) {
        registry_fail(registry, err, "prepare");
        return NULL;
    }
    va_list args;
    va_start(args, count);
    for (int i = 1; i <= count; i++) {
        const char *text = va_arg(args, const char *);
        if (text)
            sqlite3_bind_text(statement, i, text, -1, SQLITE_TRANSIENT);
        else
            sqlite3_bind_null(statement, i);
    }
    va_end(args);
    return statement;
}

int registry_run(struct registry *registry, sqlite3_stmt *statement, const char *what,
                 struct error *err)
{
    if (!statement)
        return -1;
    int code = sqlite3_step(statement);
    sqlite3_finalize(statement);
    if (code != SQLITE_DONE)
        return registry_fail(registry, err, what);
    return 0;
}

int registry_newest_row(struct registry *registry, const char *sql, const char *what,
                        long long *number, char **text, struct error *err)
{
    sqlite3_stmt *row = registry_prepare(registry, sql, err, 0);
    *number = 0;
    *text = NULL;
    if (!row)
        return -1;
    int code = sqlite3_step(row);
    if (code == SQLITE_ROW) {
        *number = (long long)sqlite3_column_int64(row, 0);
        *text = registry_column_text(row, 1);
    }
    sqlite3_finalize(row);
    if (code != SQLITE_ROW && code != SQLITE_DONE)
        return registry_fail(registry, err, what);
    return 0;
}

char *registry_column_text(sqlite3_stmt *statement, int column)
{
    const unsigned char *text = sqlite3_column_text(statement, column);
    return text ? xstrdup((const char *)text) : NULL;
}

int registry_column_date(sqlite3_stmt *statement, int column, struct date *out)
{
    const unsigned char *text = sqlite3_column_text(statement, column);
    return text && date_parse((const char *)text, out) == 0;
}

void registry_now(char out[32])
{
    time_t now = time(NULL) + 8 * 3600; /* Asia/Shanghai */
    struct tm parts;
    gmtime_r(&now, &parts);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%S+08:00", &parts);
}
