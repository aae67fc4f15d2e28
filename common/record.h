/*
 * record.h: the signed certificate record, decoded.
 *
 * On disk a record is a JWS in General JSON Serialization (docs/record-format.md):
 * the payload is the audit conclusion the lead auditor signs; the head's
 * signature covers that same payload plus the decision (issue date, expiry,
 * surveillance schedule, head's name) carried in the head's protected header.
 * struct certificate is both halves merged, for display and rendering.
 */
#ifndef STARMARK_RECORD_H
#define STARMARK_RECORD_H

#include <stddef.h>
#include <jansson.h>
#include "date.h"
#include "scheme.h"
#include "util.h"

#define RECORD_FORMAT "starmark-record/1"
#define RECORD_TYPE "starmark-record+jws"   /* the "typ" header */
#define MAX_RECORD_BYTES (256 * 1024)
#define MAX_SURVEILLANCES 16

struct indicator_result {
    const struct scheme_indicator *indicator;
    int points_tenths;
    int excluded;
};

struct category_result {
    const struct scheme_category *category;
    int awarded_tenths, applicable_tenths;
};

struct certificate {
    char *number;
    char *body_id, *body_name;
    char *holder_name, *holder_uscc, *holder_address;
    char *scope;
    const struct scheme *scheme;       /* found by the record's "standard" */
    const struct scheme_grade *grade;
    int score_tenths;
    struct category_result *categories;   /* scheme->category_count entries */
    struct indicator_result *indicators;  /* scheme->indicator_count entries */
    char **deductions;                 /* reasons */
    size_t deduction_count;
    char *bonus;                       /* reason, or NULL */
    char *lead_auditor;
    char **auditors;
    size_t auditor_count;
    struct date audit_end;
    char *verify_url;
    char *supersedes;                  /* certificate number, or NULL */
    /* The decision, from the head's protected header; absent while pending. */
    int approved;
    char *head_name;
    struct date issue_date, expiry_date;
    struct date surveillance_due[MAX_SURVEILLANCES];
    size_t surveillance_count;
    char *qr_claim;                    /* the compact JWS the QR code carries */
    char *head_kid;                    /* the kid the head's signature names: set by
                                          certificate_from_record alone, unchecked */
};

void certificate_free(struct certificate *certificate);

/* PREFIX-YYYY-NNNNNN or any body's own format: 3..64 of [A-Za-z0-9-],
 * which also keeps numbers safe as file names and in URLs. */
int certificate_number_is_valid(const char *number);

/* The payload (conclusion) and the decision as JSON, members in the order
 * docs/record-format.md lists them. */
json_t *certificate_to_payload(const struct certificate *certificate);
json_t *certificate_to_decision(const struct certificate *certificate);

/* Decodes a payload (the conclusion) strictly: unknown members, duplicate
 * keys, missing members and inconsistent arithmetic are errors. */
int certificate_from_payload(const char *payload, size_t length,
                             struct certificate *out, struct error *err);
/* The parts an assessment shares with the payload, in the same format:
 * holder {name, uscc, address}, audit {lead_auditor, auditors, end_date},
 * special_deductions [{reason}] and special_bonus {reason} or null
 * (c->scheme must be set for the last). */
int record_parse_holder(const json_t *holder, struct certificate *c, struct error *err);
int record_parse_audit(const json_t *audit, struct certificate *c, struct error *err);
int record_parse_special(const json_t *root, struct certificate *c, struct error *err);

/* Decodes a whole record (payload and the head's decision) WITHOUT checking
 * its signatures: for the issuer's own records, and for a record a signed
 * publication index lists by digest. Anyone else verifies. */
int certificate_from_record(const char *text, size_t length, struct certificate *out,
                            struct error *err);

/* Reads the decision object of the head's protected header into out. */
int certificate_set_decision(struct certificate *certificate,
                             const json_t *decision, struct error *err);

/* "★★★★★" style mark for the grade (stars filled, the rest hollow, out of 5);
 * "" for a grade with no stars. Static storage. */
const char *grade_stars(const struct scheme_grade *grade);

#endif
