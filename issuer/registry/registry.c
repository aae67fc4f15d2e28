/*
 * registry.c: the SQLite registry. The schema lives here, next to the only
 * code that reads and writes it; docs/registry.md explains each table.
 */
#include "registry.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <openssl/evp.h>

#include "json_strict.h"

#define SCHEMA_VERSION 3

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

/* Version 2 to 3: where the body's seal key and certificate are
 * (registry_seal.c, docs/e-seal.md). */
#define SEAL_TABLE                                                                       \
    "CREATE TABLE IF NOT EXISTS seal ("                                                  \
    "  singleton INTEGER PRIMARY KEY CHECK (singleton = 1), key_path TEXT NOT NULL,"    \
    "  certificate_path TEXT NOT NULL, chain_path TEXT, set_at TEXT NOT NULL);"
static const char migrate_2_to_3[] = SEAL_TABLE "UPDATE body SET schema_version = 3;";

/* Each step, in order, with what the audit log says of it. */
static const struct migration {
    int from;
    const char *sql, *details;
} migrations[] = {
    {1, migrate_1_to_2, "schema version 1 to 2 (publication layout)"},
    {2, migrate_2_to_3, "schema version 2 to 3 (seal settings)"},
};

static const char schema[] =
    "PRAGMA journal_mode = WAL;"
    "CREATE TABLE body ("
    "  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),"
    "  schema_version INTEGER NOT NULL, body_id TEXT NOT NULL, name TEXT NOT NULL,"
    "  prefix TEXT NOT NULL, verify_url TEXT NOT NULL,"
    "  validity_years INTEGER NOT NULL, surveillance_months INTEGER NOT NULL,"
    "  max_suspension_months INTEGER NOT NULL, surveillance_grace_days INTEGER NOT NULL);"
    "CREATE TABLE keys ("
    "  kid TEXT PRIMARY KEY, role TEXT NOT NULL CHECK (role IN ('auditor', 'head')),"
    "  name TEXT NOT NULL, jwk TEXT NOT NULL, not_before TEXT, not_after TEXT,"
    "  added_at TEXT NOT NULL);"
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
    "  issue_date TEXT, expiry_date TEXT, created_at TEXT NOT NULL, approved_at TEXT);"
    "CREATE TABLE surveillance ("
    "  number TEXT NOT NULL REFERENCES certificates(number), sequence INTEGER NOT NULL,"
    "  due_date TEXT NOT NULL, done_date TEXT, result TEXT,"
    "  PRIMARY KEY (number, sequence));"
    "CREATE TABLE events ("
    "  id INTEGER PRIMARY KEY, number TEXT NOT NULL REFERENCES certificates(number),"
    "  event_date TEXT NOT NULL, action TEXT NOT NULL, status TEXT NOT NULL,"
    "  code TEXT, reason TEXT, kid TEXT, recorded_at TEXT NOT NULL);"
    "CREATE TABLE published ("
    "  number TEXT PRIMARY KEY REFERENCES certificates(number), content TEXT NOT NULL,"
    "  serial INTEGER NOT NULL, next_update TEXT NOT NULL, shard TEXT NOT NULL,"
    "  response_digest TEXT NOT NULL, record_digest TEXT NOT NULL);"
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
    CERTIFICATES_STATUS_INDEX;

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

/* Prepares sql and binds the text arguments in order (NULL binds SQL NULL). */
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

/* Steps a statement that returns no rows, and finalizes it. */
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

char *registry_column_text(sqlite3_stmt *statement, int column)
{
    const unsigned char *text = sqlite3_column_text(statement, column);
    return text ? xstrdup((const char *)text) : NULL;
}

void registry_now(char out[32])
{
    time_t now = time(NULL) + 8 * 3600; /* Asia/Shanghai */
    struct tm parts;
    gmtime_r(&now, &parts);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%S+08:00", &parts);
}

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
                                "INSERT INTO body VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)", err, 9,
                                version, body->id, body->name, body->prefix, body->verify_url,
                                validity, months, suspension, grace),
                        "init", err);
    registry.body = *body;
    char *details = failed ? NULL
                           : xasprintf("body %s \"%s\", prefix %s, validity %d years, "
                                       "surveillance every %d months",
                                       body->id, body->name, body->prefix,
                                       body->validity_years, body->surveillance_months);
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
                                      " max_suspension_months, surveillance_grace_days"
                                      " FROM body",
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
    }
    int version = found ? sqlite3_column_int(statement, 0) : 0;
    sqlite3_finalize(statement);
    if (version != SCHEMA_VERSION)
        return fail(err, "not a starmark registry of schema version %d", SCHEMA_VERSION);
    return 0;
}

/* Brings an older registry to SCHEMA_VERSION, in one transaction. */
static int migrate(struct registry *registry, struct error *err)
{
    sqlite3_stmt *statement = registry_prepare(registry, "SELECT schema_version FROM body",
                                               NULL, 0);
    int version = statement && sqlite3_step(statement) == SQLITE_ROW
                      ? sqlite3_column_int(statement, 0) : 0;
    sqlite3_finalize(statement);
    if (version < 1 || version >= SCHEMA_VERSION)
        return 0; /* current, or not a registry: load_body says which */
    if (registry_begin(registry, err) != 0)
        return -1;
    int failed = 0;
    for (size_t i = 0; i < sizeof migrations / sizeof migrations[0] && !failed; i++)
        if (migrations[i].from >= version)
            failed = registry_execute(registry, migrations[i].sql, err) != 0
                     || registry_log(registry, "migrate", NULL, NULL, migrations[i].details,
                                     err) != 0;
    if (failed || registry_commit(registry, err) != 0) {
        registry_rollback(registry);
        return -1;
    }
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
    /* A damaged or foreign file fails here, with SQLite's own words; a
     * registry of another schema version, with ours. */
    if (migrate(out, err) != 0 || load_body(out, err) != 0) {
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

static const char *optional_date(int has, struct date date, char out[11])
{
    if (!has)
        return NULL;
    date_format(date, out);
    return out;
}

int registry_add_key(struct registry *registry, const struct trusted_key *key,
                     const char *jwk_text, struct error *err)
{
    struct trusted_key existing;
    struct error ignored;
    if (registry_find_key(registry, key->key.kid, &existing, &ignored) == 0) {
        trusted_key_free(&existing);
        return fail(err, "key %s (%s, %s) is already registered", key->key.kid, key->key.role,
                    key->key.name);
    }
    char now[32], not_before[11], not_after[11];
    registry_now(now);
    return registry_run(registry,
               registry_prepare(registry, "INSERT INTO keys VALUES (?, ?, ?, ?, ?, ?, ?)", err, 7,
                       key->key.kid, key->key.role, key->key.name, jwk_text,
                       optional_date(key->has_not_before, key->not_before, not_before),
                       optional_date(key->has_not_after, key->not_after, not_after), now),
               "add key", err);
}

int registry_close_key_window(struct registry *registry, const char *kid,
                              struct date last_day, struct error *err)
{
    char day[11];
    date_format(last_day, day);
    if (registry_run(registry,
                     registry_prepare(registry, "UPDATE keys SET not_after = ? WHERE kid = ?",
                                      err, 2, day, kid),
                     "close key window", err) != 0)
        return -1;
    if (sqlite3_changes(registry->db) != 1)
        return fail(err, "key %s is not registered with this body", kid);
    return 0;
}

static void read_window_date(sqlite3_stmt *statement, int column, int *has, struct date *date)
{
    const unsigned char *text = sqlite3_column_text(statement, column);
    *has = text && date_parse((const char *)text, date) == 0;
}

#define KEY_COLUMNS "jwk, not_before, not_after, role, name"

/* A row of the keys table (KEY_COLUMNS) as a trusted key. The row's role
 * and name are the registry's word, as `trust close` compares them with
 * the trust store's. */
static int read_key(sqlite3_stmt *row, struct trusted_key *out, struct error *err)
{
    struct error inner;
    memset(out, 0, sizeof *out);
    json_t *jwk = json_loads((const char *)sqlite3_column_text(row, 0), JSON_REJECT_DUPLICATES,
                             NULL);
    int failed = !jwk || jwk_parse_public(jwk, &out->key, &inner) != 0;
    json_decref(jwk);
    if (failed)
        return fail(err, "registry: the stored key is damaged");
    read_window_date(row, 1, &out->has_not_before, &out->not_before);
    read_window_date(row, 2, &out->has_not_after, &out->not_after);
    snprintf(out->key.role, sizeof out->key.role, "%s", sqlite3_column_text(row, 3));
    free(out->key.name);
    out->key.name = registry_column_text(row, 4);
    return 0;
}

int registry_find_key(struct registry *registry, const char *kid, struct trusted_key *out,
                      struct error *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *statement = registry_prepare(registry,
                                      "SELECT " KEY_COLUMNS " FROM keys WHERE kid = ?",
                                      err, 1, kid);
    if (!statement)
        return -1;
    int found = sqlite3_step(statement) == SQLITE_ROW;
    int failed = found && read_key(statement, out, err) != 0;
    sqlite3_finalize(statement);
    if (failed)
        return -1;
    if (!found)
        return fail(err, "key %s is not registered with this body (run issuer trust add)", kid);
    return 0;
}

int registry_trust_store(struct registry *registry, struct trust_store *out, struct error *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *rows = registry_prepare(registry, "SELECT " KEY_COLUMNS " FROM keys"
                                                    " ORDER BY added_at, kid", err, 0);
    int failed = !rows;
    while (!failed && sqlite3_step(rows) == SQLITE_ROW) {
        out->keys = xrealloc(out->keys, (out->key_count + 1) * sizeof *out->keys);
        failed = read_key(rows, &out->keys[out->key_count], err) != 0;
        out->key_count += !failed;
    }
    sqlite3_finalize(rows);
    out->body_id = xstrdup(registry->body.id);
    out->body_name = xstrdup(registry->body.name);
    if (failed)
        trust_free(out);
    return failed ? -1 : 0;
}

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
                            struct error *err)
{
    char now[32], score[16];
    registry_now(now);
    snprintf(score, sizeof score, "%d", score_tenths);
    return registry_run(registry,
               registry_prepare(registry,
                       "INSERT INTO certificates (number, status, holder_name, holder_uscc,"
                       " grade, score, payload, auditor_signature, auditor_kid, created_at)"
                       " VALUES (?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?)",
                       err, 9, number, holder_name, holder_uscc, grade, score, payload_b64,
                       auditor_signature, auditor_kid, now),
               "insert certificate", err);
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

int registry_get(struct registry *registry, const char *number, struct stored_certificate *out,
                 struct error *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *statement = registry_prepare(registry,
                                      "SELECT status, payload, auditor_signature, record,"
                                      " qr_claim, auditor_kid FROM certificates"
                                      " WHERE number = ?",
                                      err, 1, number);
    if (!statement)
        return -1;
    int found = sqlite3_step(statement) == SQLITE_ROW;
    if (found) {
        out->number = xstrdup(number);
        out->status = registry_column_text(statement, 0);
        out->payload_b64 = registry_column_text(statement, 1);
        out->auditor_signature = registry_column_text(statement, 2);
        out->record = registry_column_text(statement, 3);
        out->qr_claim = registry_column_text(statement, 4);
        out->auditor_kid = registry_column_text(statement, 5);
    }
    sqlite3_finalize(statement);
    if (!found)
        return fail(err, "no certificate %s in this registry", number);
    return 0;
}

void stored_certificate_free(struct stored_certificate *c)
{
    free(c->number);
    free(c->status);
    free(c->payload_b64);
    free(c->auditor_signature);
    free(c->record);
    free(c->qr_claim);
    free(c->auditor_kid);
    memset(c, 0, sizeof *c);
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
