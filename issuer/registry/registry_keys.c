/*
 * registry_keys.c: the keys table. A row is a key as the registry knows
 * it: the public JWK, its role and holder's name (the registry's word,
 * which `trust close` compares with the trust store's) and its window.
 */
#include "registry_keys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_strict.h"
#include "registry_sql.h"

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

#define KEY_COLUMNS "jwk, not_before, not_after, role, name"

/* A row of the keys table (KEY_COLUMNS) as a trusted key. */
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
    out->has_not_before = registry_column_date(row, 1, &out->not_before);
    out->has_not_after = registry_column_date(row, 2, &out->not_after);
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
