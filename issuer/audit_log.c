/*
 * audit_log.c: the registry's complete record of certification work
 * (Art. 21 of the Regulations, 2003 numbering Art. 22), as a hash chain.
 *
 * Each entry's hash covers its own fields and the previous entry's hash, so
 * an edited, deleted, inserted or reordered entry breaks the chain from
 * there on. A chain carries no secret, so someone who rewrites every later
 * hash could hide an edit; each `issuer publish` therefore signs the chain's
 * head with the head's key, and `issuer audit verify` checks those too.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/evp.h>

#include "json_strict.h"
#include "registry.h"

#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

/* SHA-256 over a JSON array of the fields: unambiguous, whatever the text. */
static void entry_hash(long sequence, const char *at, const char *action, const char *number,
                       const char *kid, const char *details, const char *previous,
                       char out[65])
{
    json_t *fields = json_pack("[I, s, s, s?, s?, s, s]", (json_int_t)sequence, at, action,
                               number, kid, details, previous);
    char *text = json_dump_compact(fields);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length;
    if (EVP_Digest(text, strlen(text), digest, &length, EVP_sha256(), NULL) != 1)
        die(EXIT_NOT_GENUINE, "SHA-256 failed");
    for (unsigned int i = 0; i < length; i++)
        snprintf(out + 2 * i, 3, "%02x", digest[i]);
    free(text);
    json_decref(fields);
}

void audit_log_head(struct registry *registry, long *sequence, char hash[65])
{
    sqlite3_stmt *statement;
    *sequence = 0;
    strcpy(hash, ZERO_HASH);
    if (sqlite3_prepare_v2(registry->db,
                           "SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1",
                           -1, &statement, NULL) != SQLITE_OK)
        return;
    if (sqlite3_step(statement) == SQLITE_ROW) {
        *sequence = sqlite3_column_int64(statement, 0);
        snprintf(hash, 65, "%s", sqlite3_column_text(statement, 1));
    }
    sqlite3_finalize(statement);
}

int registry_log(struct registry *registry, const char *action, const char *number,
                 const char *kid, const char *details, struct error *err)
{
    char now[32], previous[65], hash[65], sequence_text[24];
    long sequence;
    registry_now(now);
    audit_log_head(registry, &sequence, previous);
    sequence++;
    snprintf(sequence_text, sizeof sequence_text, "%ld", sequence);
    entry_hash(sequence, now, action, number, kid, details, previous, hash);
    return registry_run(registry,
                        registry_prepare(registry,
                                         "INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                         err, 8, sequence_text, now, action, number, kid,
                                         details, previous, hash),
                        "audit log", err);
}

static const char *text_or_null(sqlite3_stmt *statement, int column)
{
    return (const char *)sqlite3_column_text(statement, column);
}

static int check_entry(sqlite3_stmt *row, long expected, const char *previous,
                       struct error *err)
{
    long sequence = sqlite3_column_int64(row, 0);
    const char *at = text_or_null(row, 1), *action = text_or_null(row, 2);
    const char *details = text_or_null(row, 5), *stored_previous = text_or_null(row, 6);
    const char *stored_hash = text_or_null(row, 7);
    char hash[65];
    if (sequence != expected)
        return fail(err, "audit log: entry %ld is missing (deleted), the next is %ld", expected,
                    sequence);
    if (!at || !action || !details || !stored_previous || !stored_hash)
        return fail(err, "audit log: entry %ld has empty fields (edited)", sequence);
    entry_hash(sequence, at, action, text_or_null(row, 3), text_or_null(row, 4), details,
               stored_previous, hash);
    if (strcmp(hash, stored_hash) != 0)
        return fail(err, "audit log: entry %ld (%s, %s) was edited: its hash does not match",
                    sequence, at, action);
    if (strcmp(stored_previous, previous) != 0)
        return fail(err, "audit log: entry %ld does not follow entry %ld: an entry was "
                    "deleted, inserted or reordered there", sequence, sequence - 1);
    return 0;
}

int audit_log_verify(struct registry *registry, long *entries, struct error *err)
{
    sqlite3_stmt *rows = registry_prepare(registry,
                                          "SELECT sequence, at, action, number, kid, details,"
                                          " previous_hash, hash FROM audit_log"
                                          " ORDER BY sequence",
                                          err, 0);
    if (!rows)
        return -1;
    char previous[65] = ZERO_HASH;
    long expected = 1;
    int code, failed = 0;
    while (!failed && (code = sqlite3_step(rows)) == SQLITE_ROW) {
        failed = check_entry(rows, expected, previous, err);
        snprintf(previous, sizeof previous, "%s", text_or_null(rows, 7));
        expected++;
    }
    sqlite3_finalize(rows);
    *entries = expected - 1;
    if (!failed && code != SQLITE_DONE)
        return registry_fail(registry, err, "audit log");
    return failed ? -1 : 0;
}
