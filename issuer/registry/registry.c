/*
 * registry.c: the SQLite registry's file: its schema, the migrations from
 * older schema versions, opening and closing, the body's settings and the
 * transaction. The schema lives here, in the only folder whose code reads
 * and writes it (issuer/registry/); docs/registry.md explains each table.
 */
#include "registry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry_sql.h"

#define SCHEMA_VERSION 6

/* Every column a publish reads of every certificate, so that it scans this
 * index and not the rows with their records (issuer/publish/publish.c). */
#define CERTIFICATES_STATUS_INDEX                                                         \
    "CREATE INDEX certificates_status ON certificates (number, status, status_since,"   \
    " status_code, status_reason, issue_date, holder_name, holder_uscc);"

/* Version 1 to 2: publications got a signed manifest and unsigned shard
 * indexes in the store directories (docs/publication.md). Forgetting what
 * was published makes the next publish sign everything anew. */
static const char migrate_1_to_2[] =
    "DROP TABLE shard_versions;"
    "CREATE TABLE shard_versions ("
    "  shard TEXT PRIMARY KEY, version INTEGER NOT NULL, index_digest TEXT NOT NULL);"
    "DELETE FROM published;"
    CERTIFICATES_STATUS_INDEX
    "UPDATE body SET schema_version = 2;";

/* Which roles a key may hold is decided by the role table of common/trust.c
 * (key_role_find) alone, so the table stores a role without judging it. */
#define KEYS_TABLE(name)                                                                  \
    "CREATE TABLE " name " ("                                                             \
    "  kid TEXT PRIMARY KEY, role TEXT NOT NULL,"                                         \
    "  name TEXT NOT NULL, jwk TEXT NOT NULL, not_before TEXT, not_after TEXT,"          \
    "  added_at TEXT NOT NULL);"

/* Version 2 to 3: the keys table loses its CHECK (role IN ('auditor',
 * 'head')), so that a role added to the role table needs no migration.
 * SQLite cannot drop a constraint, so the table is rebuilt its way: create
 * the new one, copy, drop the old, rename the new (migrate() turns foreign
 * keys off meanwhile, as certificates reference keys, and checks them all
 * before the commit). */
static const char migrate_2_to_3[] =
    KEYS_TABLE("keys_version_3")
    "INSERT INTO keys_version_3 (kid, role, name, jwk, not_before, not_after, added_at)"
    " SELECT kid, role, name, jwk, not_before, not_after, added_at FROM keys;"
    "DROP TABLE keys;"
    "ALTER TABLE keys_version_3 RENAME TO keys;"
    "UPDATE body SET schema_version = 3;";

/* Which certificates an assessment file became: `issuer issue` refuses a
 * file it has issued before (docs/registry.md). */
#define CERTIFICATES_ASSESSMENT_INDEX \
    "CREATE INDEX certificates_assessment ON certificates (assessment_sha256);"

/* Version 3 to 4: each certificate keeps the SHA-256 of the assessment
 * file it was issued from; those issued before are NULL (unknown). */
static const char migrate_3_to_4[] =
    "ALTER TABLE certificates ADD COLUMN assessment_sha256 TEXT;"
    CERTIFICATES_ASSESSMENT_INDEX
    "UPDATE body SET schema_version = 4;";

/* Where the body's seal key and certificate are (registry_seal.c,
 * docs/e-seal.md): at most one row. */
#define SEAL_TABLE                                                                       \
    "CREATE TABLE seal ("                                                                \
    "  singleton INTEGER PRIMARY KEY CHECK (singleton = 1), key_path TEXT NOT NULL,"    \
    "  certificate_path TEXT NOT NULL, chain_path TEXT, set_at TEXT NOT NULL);"

/* Version 4 to 5: the seal settings, none yet. */
static const char migrate_4_to_5[] = SEAL_TABLE "UPDATE body SET schema_version = 5;";

/* The transparency log (docs/transparency-log.md): its entries, appended
 * in the transaction of the event they record and never changed or
 * removed (the triggers refuse it); the hashes of complete subtrees at tile
 * levels 1 and up, which a publish computes once; and every checkpoint
 * signed. The published table keeps where each current status response,
 * and the record it was published with, sit in the log. */
#define LOG_TABLES                                                                        \
    "CREATE TABLE log_entries ("                                                          \
    "  position INTEGER PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('record', 'status')),"\
    "  number TEXT NOT NULL REFERENCES certificates(number), entry TEXT NOT NULL,"       \
    "  added_at TEXT NOT NULL);"                                                          \
    "CREATE INDEX log_entries_number ON log_entries (number, kind);"                      \
    "CREATE TRIGGER log_entries_never_change BEFORE UPDATE ON log_entries"                \
    " BEGIN SELECT RAISE(ABORT, 'log entries are never changed'); END;"                  \
    "CREATE TRIGGER log_entries_never_removed BEFORE DELETE ON log_entries"               \
    " BEGIN SELECT RAISE(ABORT, 'log entries are never removed'); END;"                  \
    "CREATE TABLE log_hashes ("                                                           \
    "  level INTEGER NOT NULL, position INTEGER NOT NULL, hash BLOB NOT NULL,"           \
    "  PRIMARY KEY (level, position));"                                                   \
    "CREATE TABLE log_checkpoints ("                                                      \
    "  size INTEGER PRIMARY KEY, root TEXT NOT NULL, note TEXT NOT NULL,"                \
    "  signed_at TEXT NOT NULL);"

#define PUBLISHED_TABLE                                                                   \
    "CREATE TABLE published ("                                                            \
    "  number TEXT PRIMARY KEY REFERENCES certificates(number), content TEXT NOT NULL,"  \
    "  serial INTEGER NOT NULL, next_update TEXT NOT NULL, shard TEXT NOT NULL,"         \
    "  response_digest TEXT NOT NULL, record_digest TEXT NOT NULL,"                      \
    "  response_entry INTEGER NOT NULL, record_entry INTEGER NOT NULL);"

/* Version 5 to 6: the transparency log. The origin defaults to the verify
 * URL's host and "/log"; every record already issued becomes an entry, in
 * the order of approval; and what was published is forgotten, so that the
 * next publish signs every status response anew, into the log. */
static const char migrate_5_to_6[] =
    "ALTER TABLE body ADD COLUMN log_origin TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE body ADD COLUMN log_key TEXT;"
    "UPDATE body SET log_origin = substr(substr(verify_url, instr(verify_url, '://') + 3), 1,"
    "  instr(substr(verify_url, instr(verify_url, '://') + 3) || '/', '/') - 1) || '/log';"
    LOG_TABLES
    "INSERT INTO log_entries (position, kind, number, entry, added_at)"
    " SELECT row_number() OVER (ORDER BY approved_at, number) - 1, 'record', number, record,"
    "        coalesce(approved_at, created_at)"
    " FROM certificates WHERE record IS NOT NULL;"
    "DROP TABLE published;"
    PUBLISHED_TABLE
    "DELETE FROM shard_versions;"
    "UPDATE body SET schema_version = 6;";

/* The steps from each older version, in order; each writes its audit entry. */
static const struct migration {
    int from; /* to from + 1 */
    const char *sql, *details;
} migrations[] = {
    {1, migrate_1_to_2, "schema version 1 to 2 (publication layout)"},
    {2, migrate_2_to_3, "schema version 2 to 3 (key roles decided by the role table)"},
    {3, migrate_3_to_4, "schema version 3 to 4 (assessment digests)"},
    {4, migrate_4_to_5, "schema version 4 to 5 (seal settings)"},
    {5, migrate_5_to_6, "schema version 5 to 6 (the transparency log)"},
};

static const char schema[] =
    "PRAGMA journal_mode = WAL;"
    "CREATE TABLE body ("
    "  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),"
    "  schema_version INTEGER NOT NULL, body_id TEXT NOT NULL, name TEXT NOT NULL,"
    "  prefix TEXT NOT NULL, verify_url TEXT NOT NULL,"
    "  validity_years INTEGER NOT NULL, surveillance_months INTEGER NOT NULL,"
    "  max_suspension_months INTEGER NOT NULL, surveillance_grace_days INTEGER NOT NULL,"
    "  log_origin TEXT NOT NULL DEFAULT '', log_key TEXT);"
    KEYS_TABLE("keys")
    "CREATE TABLE serials (year INTEGER PRIMARY KEY, last INTEGER NOT NULL);"
    "CREATE TABLE certificates ("
    "  number TEXT PRIMARY KEY,"
    "  status TEXT NOT NULL CHECK (status IN ('pending', 'valid', 'suspended', 'revoked',"
    "                                         'withdrawn', 'expired')),"
    "  status_since TEXT, status_code TEXT, status_reason TEXT, superseded_by TEXT,"
    "  holder_name TEXT NOT NULL, holder_uscc TEXT NOT NULL,"
    "  grade TEXT NOT NULL, score INTEGER NOT NULL,"
    "  payload TEXT NOT NULL, auditor_signature TEXT NOT NULL,"
    "  auditor_kid TEXT NOT NULL REFERENCES keys(kid),"
    "  record TEXT, qr_claim TEXT, head_kid TEXT REFERENCES keys(kid),"
    "  issue_date TEXT, expiry_date TEXT, created_at TEXT NOT NULL, approved_at TEXT,"
    "  assessment_sha256 TEXT);"
    "CREATE TABLE surveillance ("
    "  number TEXT NOT NULL REFERENCES certificates(number), sequence INTEGER NOT NULL,"
    "  due_date TEXT NOT NULL, done_date TEXT, result TEXT,"
    "  PRIMARY KEY (number, sequence));"
    "CREATE TABLE events ("
    "  id INTEGER PRIMARY KEY, number TEXT NOT NULL REFERENCES certificates(number),"
    "  event_date TEXT NOT NULL, action TEXT NOT NULL, status TEXT NOT NULL,"
    "  code TEXT, reason TEXT, kid TEXT, recorded_at TEXT NOT NULL);"
    PUBLISHED_TABLE
    "CREATE TABLE publications ("
    "  serial INTEGER PRIMARY KEY, issued_at TEXT NOT NULL, next_update TEXT NOT NULL,"
    "  directory TEXT NOT NULL, audit_sequence INTEGER NOT NULL, audit_hash TEXT NOT NULL,"
    "  signed_head TEXT NOT NULL, rewritten INTEGER NOT NULL);"
    "CREATE TABLE shard_versions ("
    "  shard TEXT PRIMARY KEY, version INTEGER NOT NULL, index_digest TEXT NOT NULL);"
    "CREATE TABLE audit_log ("
    "  sequence INTEGER PRIMARY KEY, at TEXT NOT NULL, action TEXT NOT NULL,"
    "  number TEXT, kid TEXT, details TEXT NOT NULL,"
    "  previous_hash TEXT NOT NULL, hash TEXT NOT NULL);"
    SEAL_TABLE
    CERTIFICATES_STATUS_INDEX CERTIFICATES_ASSESSMENT_INDEX
    LOG_TABLES;

static int open_database(const char *path, int flags, struct registry *out, struct error *err)
{
    memset(out, 0, sizeof *out);
    if (sqlite3_open_v2(path, &out->db, flags, NULL) != SQLITE_OK) {
        fail(err, "registry %s: %s", path, out->db ? sqlite3_errmsg(out->db) : "cannot open");
        sqlite3_close(out->db);
        out->db = NULL;
        return -1;
    }
    sqlite3_busy_timeout(out->db, 30000);
    return registry_execute(out, "PRAGMA foreign_keys = ON;", err);
}

int registry_create(const char *path, const struct body_settings *body, struct error *err)
{
    struct registry registry;
    FILE *existing = fopen(path, "r");
    if (existing) {
        fclose(existing);
        return fail(err, "%s: already exists; refusing to overwrite a registry", path);
    }
    if (open_database(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &registry, err) != 0)
        return -1;
    char validity[16], months[16], suspension[16], grace[16], version[16];
    snprintf(validity, sizeof validity, "%d", body->validity_years);
    snprintf(months, sizeof months, "%d", body->surveillance_months);
    snprintf(suspension, sizeof suspension, "%d", body->max_suspension_months);
    snprintf(grace, sizeof grace, "%d", body->surveillance_grace_days);
    snprintf(version, sizeof version, "%d", SCHEMA_VERSION);
    int failed = registry_execute(&registry, schema, err) || registry_begin(&registry, err)
                 || registry_run(&registry,
                        registry_prepare(&registry,
                                "INSERT INTO body VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
                                err, 10, version, body->id, body->name, body->prefix,
                                body->verify_url, validity, months, suspension, grace,
                                body->log_origin),
                        "init", err);
    registry.body = *body;
    char *details = failed ? NULL
                           : xasprintf("body %s \"%s\", prefix %s, validity %d years, "
                                       "surveillance every %d months, log %s",
                                       body->id, body->name, body->prefix,
                                       body->validity_years, body->surveillance_months,
                                       body->log_origin);
    failed = failed || registry_log(&registry, "init", NULL, NULL, details, err)
             || registry_commit(&registry, err);
    free(details);
    memset(&registry.body, 0, sizeof registry.body);
    registry_close(&registry);
    if (failed)
        remove(path);
    return failed ? -1 : 0;
}

static int load_body(struct registry *registry, struct error *err)
{
    sqlite3_stmt *statement = registry_prepare(registry,
                                      "SELECT schema_version, body_id, name, prefix, verify_url,"
                                      " validity_years, surveillance_months,"
                                      " max_suspension_months, surveillance_grace_days,"
                                      " log_origin, log_key FROM body",
                                      err, 0);
    if (!statement)
        return -1;
    int found = sqlite3_step(statement) == SQLITE_ROW;
    if (found && sqlite3_column_int(statement, 0) == SCHEMA_VERSION) {
        struct body_settings *body = &registry->body;
        body->id = registry_column_text(statement, 1);
        body->name = registry_column_text(statement, 2);
        body->prefix = registry_column_text(statement, 3);
        body->verify_url = registry_column_text(statement, 4);
        body->validity_years = sqlite3_column_int(statement, 5);
        body->surveillance_months = sqlite3_column_int(statement, 6);
        body->max_suspension_months = sqlite3_column_int(statement, 7);
        body->surveillance_grace_days = sqlite3_column_int(statement, 8);
        body->log_origin = registry_column_text(statement, 9);
        body->log_key = registry_column_text(statement, 10);
    }
    int version = found ? sqlite3_column_int(statement, 0) : 0;
    sqlite3_finalize(statement);
    if (version != SCHEMA_VERSION)
        return fail(err, "not a starmark registry of schema version %d", SCHEMA_VERSION);
    return 0;
}

/* The body's schema_version, or 0 when the file has none. */
static int schema_version(struct registry *registry)
{
    sqlite3_stmt *statement = registry_prepare(registry, "SELECT schema_version FROM body",
                                               NULL, 0);
    int version = statement && sqlite3_step(statement) == SQLITE_ROW
                      ? sqlite3_column_int(statement, 0) : 0;
    sqlite3_finalize(statement);
    return version;
}

/* A rebuilt table must leave every reference whole. */
static int check_foreign_keys(struct registry *registry, struct error *err)
{
    sqlite3_stmt *row = registry_prepare(registry, "PRAGMA foreign_key_check", err, 0);
    if (!row)
        return -1;
    int code = sqlite3_step(row), result = 0;
    if (code == SQLITE_ROW)
        result = fail(err, "row %lld of %s names a %s row that does not exist",
                      (long long)sqlite3_column_int64(row, 1), sqlite3_column_text(row, 0),
                      sqlite3_column_text(row, 2));
    else if (code != SQLITE_DONE)
        result = registry_fail(registry, err, "foreign key check");
    sqlite3_finalize(row);
    return result;
}

/* Runs the steps from version on, each with its audit entry. */
static int run_migrations(struct registry *registry, int version, struct error *err)
{
    for (size_t i = 0; i < sizeof migrations / sizeof migrations[0]; i++) {
        if (migrations[i].from != version)
            continue;
        if (registry_execute(registry, migrations[i].sql, err) != 0
            || registry_log(registry, "migrate", NULL, NULL, migrations[i].details, err) != 0)
            return -1;
        version++;
    }
    return version == SCHEMA_VERSION ? 0 : fail(err, "no migration from schema version %d",
                                                version);
}

/* Brings an older registry to SCHEMA_VERSION, all steps in one transaction.
 * Foreign keys are off meanwhile (a pragma that only changes outside a
 * transaction), so that a table others reference can be rebuilt, and are
 * checked whole before the commit. */
static int migrate(struct registry *registry, const char *path, struct error *err)
{
    int version = schema_version(registry);
    if (version < 1 || version >= SCHEMA_VERSION)
        return 0; /* current, or not a registry: load_body says which */
    struct error inner;
    int failed = registry_execute(registry, "PRAGMA foreign_keys = OFF;", &inner)
                 || registry_begin(registry, &inner);
    /* Read again under the lock: another command may have migrated it. */
    version = failed ? version : schema_version(registry);
    failed = failed || (version < SCHEMA_VERSION
                        && (run_migrations(registry, version, &inner) != 0
                            || check_foreign_keys(registry, &inner) != 0))
             || registry_commit(registry, &inner);
    if (failed)
        registry_rollback(registry);
    if (registry_execute(registry, "PRAGMA foreign_keys = ON;", failed ? NULL : &inner) != 0)
        failed = 1;
    if (failed)
        return fail(err, "%s: cannot migrate the registry from schema version %d to %d "
                    "(nothing was changed): %s", path, version, SCHEMA_VERSION, inner.message);
    return 0;
}

int registry_open(const char *path, struct registry *out, struct error *err)
{
    FILE *existing = fopen(path, "r");
    if (!existing)
        return fail(err, "registry %s does not exist (create it with issuer init)", path);
    fclose(existing);
    if (open_database(path, SQLITE_OPEN_READWRITE, out, err) != 0)
        return -1;
    if (migrate(out, path, err) != 0) {
        registry_close(out);
        return -1;
    }
    /* A damaged or foreign file fails here, with SQLite's own words; a
     * registry of another schema version, with ours. */
    if (load_body(out, err) != 0) {
        if (sqlite3_errcode(out->db) != SQLITE_OK)
            fail(err, "%s: not a starmark registry (%s)", path, sqlite3_errmsg(out->db));
        else
            fail(err, "%s: not a starmark registry of schema version %d", path,
                 SCHEMA_VERSION);
        registry_close(out);
        return -1;
    }
    return 0;
}

void registry_close(struct registry *registry)
{
    free(registry->body.id);
    free(registry->body.name);
    free(registry->body.prefix);
    free(registry->body.verify_url);
    free(registry->body.log_origin);
    free(registry->body.log_key);
    sqlite3_finalize(registry->record_query);
    sqlite3_close(registry->db);
    memset(registry, 0, sizeof *registry);
}

int registry_begin(struct registry *registry, struct error *err)
{
    /* IMMEDIATE takes the write lock now, so two issuers queue here instead
     * of both reading the same last serial. */
    return registry_execute(registry, "BEGIN IMMEDIATE;", err);
}

int registry_commit(struct registry *registry, struct error *err)
{
    return registry_execute(registry, "COMMIT;", err);
}

void registry_rollback(struct registry *registry)
{
    if (!sqlite3_get_autocommit(registry->db))
        sqlite3_exec(registry->db, "ROLLBACK;", NULL, NULL, NULL);
}
