/*
 * registry_certificates.h: the certificates as the registry holds them:
 * numbers, pending conclusions and approvals, the one loader of a
 * certificate's row, listing and export, each certificate's history
 * (events), its surveillance schedule, status changes and superseding.
 *
 * Strings handed to a callback are borrowed for the call; everything a
 * function fills in for the caller is the caller's to free, as stated.
 * Functions that change the registry run inside the caller's transaction.
 */
#ifndef STARMARK_REGISTRY_CERTIFICATES_H
#define STARMARK_REGISTRY_CERTIFICATES_H

#include <stddef.h>
#include "registry.h"

/* Reserves the next number PREFIX-YEAR-NNNNNN inside the open transaction;
 * *number is the caller's to free. */
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
/* Stores the signed record of a pending certificate, makes it valid and
 * schedules its surveillance; refuses one that is not pending. */
int registry_store_approval(struct registry *registry, const char *number,
                            const char *record, const char *qr_claim, const char *head_kid,
                            struct date issue, struct date expiry, const struct date *due,
                            size_t due_count, struct error *err);

/* What registry_load_certificate reads. The state is small; the texts are
 * kilobytes each, so what walks many certificates (the daily sweep) asks
 * for the state alone. */
enum certificate_parts {
    CERTIFICATE_STATE, /* status, dates, holder, grade, keys, surveillance */
    CERTIFICATE_TEXTS, /* the state and the signed texts */
};

struct certificate_row {
    char *number, *status;
    char *code, *reason;             /* of the last status change, or NULL */
    char *holder_uscc, *grade, *auditor_kid;
    char *superseded_by;             /* NULL unless a regrade superseded it */
    struct date issue, expiry;       /* zero while pending */
    struct date since;               /* of the last status change */
    int has_since;
    struct date last_event;          /* the latest event's date, else the issue date */
    struct date next_due;            /* the first surveillance not yet done */
    int has_next_due;
    struct date last_surveillance;   /* the latest one done */
    int has_last_surveillance;
    /* CERTIFICATE_TEXTS only, NULL with CERTIFICATE_STATE: */
    char *payload_b64, *auditor_signature; /* the signed conclusion (JSON) */
    char *record, *qr_claim;               /* NULL while pending */
};

/* The certificate's row, pending or not: 0 and out filled (free it with
 * certificate_row_free), or -1 with err ("no certificate N in this
 * registry" when there is none). */
int registry_load_certificate(struct registry *registry, const char *number,
                              enum certificate_parts parts, struct certificate_row *out,
                              struct error *err);
void certificate_row_free(struct certificate_row *row);

/* Calls row() for each certificate in number order; issue and expiry are
 * NULL while pending. */
int registry_each(struct registry *registry,
                  void (*row)(void *context, const char *number, const char *holder,
                              const char *grade, const char *status, const char *issue,
                              const char *expiry),
                  void *context, struct error *err);

/* How many certificates have a signed record (what registry_each_record visits). */
int registry_count_records(struct registry *registry, long *count, struct error *err);
/* Calls record() for each issued certificate's signed record, in number
 * order, until it returns non-zero (then -1, err left to record()). */
int registry_each_record(struct registry *registry,
                         int (*record)(void *context, const char *number, const char *text),
                         void *context, struct error *err);

/* The numbers of every valid or suspended certificate, in number order:
 * what the sweep may change. The caller frees each and the array. */
int registry_numbers_in_force(struct registry *registry, char ***numbers, size_t *count,
                              struct error *err);

/* Sets the current status, dated since, with its reason code and text. */
int registry_set_status(struct registry *registry, const char *number, const char *status,
                        struct date since, const char *code, const char *reason,
                        struct error *err);
/* Records that the certificate number was superseded by successor. */
int registry_set_superseded_by(struct registry *registry, const char *number,
                               const char *successor, struct error *err);

/* Appends a dated event to a certificate's history (status: the status
 * after the event). */
int registry_add_event(struct registry *registry, const char *number, struct date date,
                       const char *action, const char *status, const char *code,
                       const char *reason, const char *kid, struct error *err);

struct certificate_event {
    const char *date, *action, *status;
    const char *code, *reason, *kid; /* each may be NULL */
};
/* Calls event() for each event of the certificate, oldest first. */
int registry_each_event(struct registry *registry, const char *number,
                        void (*event)(void *context, const struct certificate_event *event),
                        void *context, struct error *err);

struct surveillance_entry {
    int sequence;
    const char *due;
    const char *done, *result; /* NULL while not yet done */
};
/* Calls entry() for each row of the certificate's schedule, by sequence. */
int registry_each_surveillance(struct registry *registry, const char *number,
                               void (*entry)(void *context,
                                             const struct surveillance_entry *entry),
                               void *context, struct error *err);

/* Marks the open surveillance with the earliest due date done on date,
 * with result "pass" or "fail". */
int registry_mark_surveillance_done(struct registry *registry, const char *number,
                                    struct date date, const char *result, struct error *err);
/* How many surveillances of the certificate are not yet done. */
int registry_open_surveillances(struct registry *registry, const char *number,
                                size_t *count, struct error *err);
/* Replaces the surveillances not yet done by count new ones due on due[],
 * numbered on after the last. */
int registry_replace_open_surveillances(struct registry *registry, const char *number,
                                        const struct date *due, size_t count,
                                        struct error *err);
/* Opens one more surveillance due on due (after a failed one). */
int registry_reopen_surveillance(struct registry *registry, const char *number,
                                 struct date due, struct error *err);

#endif
