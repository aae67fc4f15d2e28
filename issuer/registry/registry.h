/*
 * registry.h: the certification body's registry, one SQLite file.
 *
 * It holds the body's settings, its registered keys, every certificate
 * (pending conclusions and signed records), the surveillance schedule and an
 * append-only, hash-chained audit log (docs/registry.md). Every command that
 * changes it does so in one IMMEDIATE transaction, so concurrent issuers
 * queue for certificate numbers and a failure leaves nothing half-written.
 *
 * This header opens, creates and closes the file, holds the transaction and
 * writes the audit log. What is stored is reached through the headers beside
 * it, one per concern: registry_keys.h, registry_certificates.h,
 * registry_publication.h, registry_log.h. All SQL lives in this folder (registry_sql.h is
 * its private toolbox); no other room sees SQLite.
 */
#ifndef STARMARK_REGISTRY_H
#define STARMARK_REGISTRY_H

#include "date.h"
#include "trust.h"
#include "util.h"

struct sqlite3;      /* SQLite's connection, opaque outside issuer/registry/ */
struct sqlite3_stmt;

struct body_settings {
    char *id, *name, *prefix, *verify_url;
    int validity_years, surveillance_months, max_suspension_months, surveillance_grace_days;
    char *log_origin;           /* the transparency log's origin (docs/transparency-log.md) */
    char *log_key;              /* the log key's file (`issuer log key`), or NULL */
};

/* An open registry: registry_open fills it, registry_close frees it all. */
struct registry {
    struct sqlite3 *db;
    struct sqlite3_stmt *record_query; /* kept prepared: a publish reads many records */
    struct body_settings body;
};

/* Creates the file with the current schema; refuses an existing file. */
int registry_create(const char *path, const struct body_settings *body, struct error *err);
/* Opens an existing registry, first migrating an older schema version (in
 * one transaction, logged as `migrate`); refuses a later version and any
 * file that is not a registry. */
int registry_open(const char *path, struct registry *out, struct error *err);
void registry_close(struct registry *registry);

int registry_begin(struct registry *registry, struct error *err);
int registry_commit(struct registry *registry, struct error *err);
void registry_rollback(struct registry *registry);

/* Appends an entry to the hash-chained audit log inside the transaction
 * (audit_log.c). */
int registry_log(struct registry *registry, const char *action, const char *number,
                 const char *kid, const char *details, struct error *err);

/* The chain's last entry: its sequence and hash (zeros for an empty log). */
void audit_log_head(struct registry *registry, long *sequence, char hash[65]);

/* Walks the whole chain. 0 when intact; -1 with err naming the first entry
 * that was edited, deleted, inserted or reordered. *entries counts them. */
int audit_log_verify(struct registry *registry, long *entries, struct error *err);

/* Checks that every publication's signed chain head is still in the chain:
 * an attacker who rewrote the log and its hashes is caught here. The heads
 * are checked against the trust store's head keys when one is given (the
 * keys published to buyers), else against the registry's own keys table. */
int audit_log_check_publications(struct registry *registry, const struct trust_store *trust,
                                 struct error *err);

#endif
