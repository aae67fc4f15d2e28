/*
 * verdict.h: what a check concluded, one type for everything starmark
 * judges: a record, a QR claim, a published status, and the answer that
 * combines them. Each says why in one line when the answer is not plainly
 * "valid", through the one helper verdict_fail().
 */
#ifndef STARMARK_VERDICT_H
#define STARMARK_VERDICT_H

/* In order of nothing in particular; answer.c decides which one wins. */
enum outcome {
    OUTCOME_VALID,
    OUTCOME_NOT_GENUINE,
    OUTCOME_EXPIRED,
    OUTCOME_NOT_YET_VALID,
    OUTCOME_SUSPENDED,
    OUTCOME_REVOKED,
    OUTCOME_WITHDRAWN,
    OUTCOME_OVERDUE,          /* surveillance overdue */
    OUTCOME_STATUS_UNKNOWN,   /* the publication is missing, stale or inconsistent */
};

#define VERDICT_REASON_SIZE 512

struct verdict {
    enum outcome outcome;
    char reason[VERDICT_REASON_SIZE];   /* why, or a note; "" when there is nothing to say */
};

/* Sets the outcome and the reason (printf-style) and returns -1, so a
 * check can `return verdict_fail(v, OUTCOME_NOT_GENUINE, "...", ...);`. */
int verdict_fail(struct verdict *verdict, enum outcome outcome, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* The common case: not_genuine(&v, "the %s signature ...", ...). */
#define not_genuine(verdict, ...) verdict_fail(verdict, OUTCOME_NOT_GENUINE, __VA_ARGS__)

/* "valid", "not_genuine", ..., "status_unknown": the --json "result". */
const char *outcome_name(enum outcome outcome);
/* The status a publication gives, as published and shown: "valid",
 * "suspended", ..., "unknown". */
const char *outcome_status_id(enum outcome outcome);
/* verifier(1)'s exit status: 0, 1, 3, 4, 5, 6 or 7. */
int outcome_exit_status(enum outcome outcome);

#endif
