/*
 * registry.h: the certification body's registry, one SQLite file.
 *
 * It holds the body's settings, its registered keys, every certificate
 * (pending conclusions and signed records), the surveillance schedule and an
 * append-only, hash-chained audit log (docs/registry.md). Every command that
 * changes it does so in one IMMEDIATE transaction, so concurrent issuers
 * queue for certificate numbers and a failure leaves nothing half-written.
 */
#ifndef STARMARK_REGISTRY_H
#define STARMARK_REGISTRY_H

#include <sqlite3.h>
#include "date.h"
#include "jwk.h"
#include "trust.h"
#include "util.h"

struct body_settings {
    char *id, *name, *prefix, *verify_url;
    int validity_years, surveillance_months, max_suspension_months, surveillance_grace_days;
};

struct registry {
    sqlite3 *db;
    struct body_settings body;
};

struct registered_key {
    char kid[KID_LENGTH + 1];
    char role[16];
    char *name;
    int has_not_before, has_not_after;
    struct date not_before, not_after;
};

struct stored_certificate {
    char *number, *status;
    char *payload_b64, *auditor_signature; /* the signed conclusion (JSON) */
    char *record;                          /* NULL while pending */
    char *qr_claim;                        /* compact JWS; NULL while pending */
    char *auditor_kid;
};

int registry_create(const char *path, const struct body_settings *body, struct error *err);
int registry_open(const char *path, struct registry *out, struct error *err);
void registry_close(struct registry *registry);

int registry_begin(struct registry *registry, struct error *err);
int registry_commit(struct registry *registry, struct error *err);
void registry_rollback(struct registry *registry);

/* Adds a key (with its trust window); a kid already present is an error. */
int registry_add_key(struct registry *registry, const struct public_key *key,
                     const char *jwk_text, const struct registered_key *window,
                     struct error *err);
/* Sets the key's last trusted day (not_after) inside the open transaction;
 * the caller checks first that this only shortens the window. */
int registry_close_key_window(struct registry *registry, const char *kid,
                              struct date last_day, struct error *err);
/* 0 and out filled, or -1 with err naming the kid when it is not registered. */
int registry_find_key(struct registry *registry, const char *kid,
                      struct registered_key *out, struct error *err);
void registered_key_free(struct registered_key *key);
/* 1 when date lies inside the key's trust window. */
int registered_key_covers(const struct registered_key *key, struct date date);

/* Reserves the next number PREFIX-YEAR-NNNNNN inside the open transaction. */
int registry_next_number(struct registry *registry, int year, char **number,
                         struct error *err);

/* assessment_sha256: of the assessment file's bytes (hex), or NULL. */
int registry_insert_pending(struct registry *registry, const char *number,
                            const char *holder_name, const char *holder_uscc,
                            const char *grade, int score_tenths, const char *payload_b64,
                            const char *auditor_signature, const char *auditor_kid,
                            const char *assessment_sha256, struct error *err);
/* The first certificate issued from the assessment file with this SHA-256:
 * 1 and *number set (the caller frees it), 0 when there is none (*number
 * NULL), -1 with err set. */
int registry_find_assessment(struct registry *registry, const char *assessment_sha256,
                             char **number, struct error *err);
int registry_store_approval(struct registry *registry, const char *number,
                            const char *record, const char *qr_claim, const char *head_kid,
                            struct date issue, struct date expiry, const struct date *due,
                            size_t due_count, struct error *err);
int registry_get(struct registry *registry, const char *number,
                 struct stored_certificate *out, struct error *err);
void stored_certificate_free(struct stored_certificate *certificate);

/* Calls row() for each certificate in number order. */
int registry_each(struct registry *registry,
                  void (*row)(void *context, const char *number, const char *holder,
                              const char *grade, const char *status, const char *issue,
                              const char *expiry),
                  void *context, struct error *err);

/* Appends a dated event to a certificate's history (status: the status
 * after the event). */
int registry_add_event(struct registry *registry, const char *number, struct date date,
                       const char *action, const char *status, const char *code,
                       const char *reason, const char *kid, struct error *err);

/* How many certificates have a signed record (what registry_each_record visits). */
int registry_count_records(struct registry *registry, long *count, struct error *err);
/* Calls record() for each issued certificate's signed record. */
int registry_each_record(struct registry *registry,
                         int (*record)(void *context, const char *number, const char *text),
                         void *context, struct error *err);

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

/* Building blocks for the issuer's other registry modules (audit_log.c,
 * lifecycle.c, publish.c): prepare binds text arguments in order (NULL binds
 * SQL NULL); run steps a statement that returns no rows and finalizes it. */
sqlite3_stmt *registry_prepare(struct registry *registry, const char *sql, struct error *err,
                               int count, ...);
int registry_run(struct registry *registry, sqlite3_stmt *statement, const char *what,
                 struct error *err);
int registry_execute(struct registry *registry, const char *sql, struct error *err);
int registry_fail(struct registry *registry, struct error *err, const char *what);
char *registry_column_text(sqlite3_stmt *statement, int column);
/* The current time, Asia/Shanghai, ISO 8601 with its offset. */
void registry_now(char out[32]);

#endif
