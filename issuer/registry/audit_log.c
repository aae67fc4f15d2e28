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

#include "json_strict.h"
#include "jws.h"
#include "registry_keys.h"
#include "registry_sql.h"

#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

/* SHA-256 over a JSON array of the fields: unambiguous, whatever the text. */
static void entry_hash(long sequence, const char *at, const char *action, const char *number,
                       const char *kid, const char *details, const char *previous,
                       char out[65])
{
    json_t *fields = json_pack("[I, s, s, s?, s?, s, s]", (json_int_t)sequence, at, action,
                               number, kid, details, previous);
    char *text = json_dump_compact(fields);
    if (sha256_hex(text, strlen(text), out) != 0)
        die(EXIT_NOT_GENUINE, "SHA-256 failed");
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
    /* The link first: an entry moved by an insertion or a reordering then
     * reads as what happened, not as an edit. */
    if (strcmp(stored_previous, previous) != 0)
        return fail(err, "audit log: entry %ld does not follow entry %ld: an entry was "
                    "deleted, inserted or reordered there", sequence, sequence - 1);
    entry_hash(sequence, at, action, text_or_null(row, 3), text_or_null(row, 4), details,
               stored_previous, hash);
    if (strcmp(hash, stored_hash) != 0)
        return fail(err, "audit log: entry %ld (%s, %s) was edited: its hash does not match",
                    sequence, at, action);
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

/* The hash the chain holds at sequence, or "" when there is no such entry. */
static void hash_at(struct registry *registry, long sequence, char out[65])
{
    char text[24];
    snprintf(text, sizeof text, "%ld", sequence);
    sqlite3_stmt *row = registry_prepare(registry, "SELECT hash FROM audit_log"
                                                   " WHERE sequence = ?", NULL, 1, text);
    out[0] = '\0';
    if (row && sqlite3_step(row) == SQLITE_ROW)
        snprintf(out, 65, "%s", sqlite3_column_text(row, 0));
    sqlite3_finalize(row);
}

/* Signed by a head key trusted on the day of the publication. */
static int check_signer(const struct trust_store *trust, const struct jws *jws,
                        const json_t *head)
{
    long long moment;
    const char *issued_at = json_string_value(json_object_get(head, "issued_at"));
    if (!issued_at || timestamp_parse(issued_at, &moment) != 0)
        return -1;
    struct trust_question question = {"head", timestamp_date(moment), "the day it was signed",
                                      NULL, 0};
    struct trust_verdict verdict;
    return trust_decide_jws(trust, &question, jws, &jws->signatures[0], NULL, &verdict);
}

static int check_signed_head(struct registry *registry, const struct trust_store *trust,
                             long serial, const char *signed_head, struct error *err)
{
    struct jws jws;
    struct error inner;
    if (jws_parse_compact(signed_head, strlen(signed_head), &jws, &inner) != 0)
        return fail(err, "publication %ld: its signed chain head is damaged", serial);
    json_t *head = json_loadb((const char *)jws.payload, jws.payload_length,
                              JSON_REJECT_DUPLICATES, NULL);
    long sequence = (long)json_integer_value(json_object_get(head, "audit_sequence"));
    const char *hash = json_string_value(json_object_get(head, "audit_hash"));
    char in_chain[65];
    hash_at(registry, sequence, in_chain);
    int result = 0;
    if (check_signer(trust, &jws, head) != 0)
        result = fail(err, "publication %ld: its chain head is not signed by a head key",
                      serial);
    else if (!hash || strcmp(hash, in_chain) != 0)
        result = fail(err, "audit log: entry %ld differs from what publication %ld signed: "
                      "the log was rewritten up to there", sequence, serial);
    json_decref(head);
    jws_free(&jws);
    return result;
}

int audit_log_check_publications(struct registry *registry, const struct trust_store *trust,
                                 struct error *err)
{
    struct trust_store registered;
    if (!trust && registry_trust_store(registry, &registered, err) != 0)
        return -1;
    sqlite3_stmt *rows = registry_prepare(registry, "SELECT serial, signed_head"
                                                    " FROM publications ORDER BY serial",
                                          err, 0);
    int failed = rows ? 0 : -1;
    while (!failed && sqlite3_step(rows) == SQLITE_ROW)
        failed = check_signed_head(registry, trust ? trust : &registered,
                                   (long)sqlite3_column_int64(rows, 0),
                                   (const char *)sqlite3_column_text(rows, 1), err);
    sqlite3_finalize(rows);
    if (!trust)
        trust_free(&registered);
    return failed;
}
