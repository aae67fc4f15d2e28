/*
 * registry_sql.h: the building blocks of the registry's own files, and
 * the only header that brings in SQLite.
 *
 * Only files in issuer/registry/ include it (tests/cli/structure.sh checks
 * that, and that no other file names SQLite or holds SQL text): commands,
 * the lifecycle and the publisher call the functions of registry.h and the
 * headers beside it, never SQL, so the schema has one owner.
 */
#ifndef STARMARK_REGISTRY_SQL_H
#define STARMARK_REGISTRY_SQL_H

#include <sqlite3.h>
#include "registry.h"

/* Prepares sql and binds the text arguments in order (NULL binds SQL NULL).
 * NULL with err set (err may be NULL) when SQLite refuses the statement;
 * the caller finalizes what it gets. */
sqlite3_stmt *registry_prepare(struct registry *registry, const char *sql, struct error *err,
                               int count, ...);
/* Steps a statement that returns no rows, and finalizes it; a NULL
 * statement (a failed prepare) is passed through as -1. */
int registry_run(struct registry *registry, sqlite3_stmt *statement, const char *what,
                 struct error *err);
/* Runs one or more statements without arguments. */
int registry_execute(struct registry *registry, const char *sql, struct error *err);
/* Sets err to "registry: what: SQLite's message" and returns -1. */
int registry_fail(struct registry *registry, struct error *err, const char *what);

/* Runs sql, which selects one integer and one text of at most one row (the
 * newest of a table): *number and *text (the caller frees it) are 0 and
 * NULL when there is none. */
int registry_newest_row(struct registry *registry, const char *sql, const char *what,
                        long long *number, char **text, struct error *err);

/* A column as a string the caller frees, or NULL for SQL NULL. */
char *registry_column_text(sqlite3_stmt *statement, int column);
/* 1 and *out set when the column holds a date YYYY-MM-DD; 0 when it is
 * NULL or not a date. */
int registry_column_date(sqlite3_stmt *statement, int column, struct date *out);

/* The current time, Asia/Shanghai, ISO 8601 with its offset. */
void registry_now(char out[32]);

#endif
