/*
 * verdict.c: the names and exit statuses of outcomes, in one table.
 */
#include "verdict.h"

#include <stdarg.h>
#include <stdio.h>

#include "util.h"

static const struct {
    const char *name, *status_id;
    int exit_status;
} outcomes[] = {
    [OUTCOME_VALID] = {"valid", "valid", EXIT_OK},
    [OUTCOME_NOT_GENUINE] = {"not_genuine", "not_genuine", EXIT_NOT_GENUINE},
    [OUTCOME_EXPIRED] = {"expired", "expired", EXIT_EXPIRED},
    [OUTCOME_NOT_YET_VALID] = {"not_yet_valid", "not_yet_valid", EXIT_EXPIRED},
    [OUTCOME_SUSPENDED] = {"suspended", "suspended", EXIT_SUSPENDED},
    [OUTCOME_REVOKED] = {"revoked", "revoked", EXIT_REVOKED},
    [OUTCOME_WITHDRAWN] = {"withdrawn", "withdrawn", EXIT_REVOKED},
    [OUTCOME_OVERDUE] = {"overdue", "overdue", EXIT_OVERDUE},
    [OUTCOME_STATUS_UNKNOWN] = {"status_unknown", "unknown", EXIT_STATUS_UNKNOWN},
};

int verdict_fail(struct verdict *verdict, enum outcome outcome, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vsnprintf(verdict->reason, sizeof verdict->reason, format, args);
    va_end(args);
    verdict->outcome = outcome;
    return -1;
}

const char *outcome_name(enum outcome outcome)
{
    return outcomes[outcome].name;
}

const char *outcome_status_id(enum outcome outcome)
{
    return outcomes[outcome].status_id;
}

int outcome_exit_status(enum outcome outcome)
{
    return outcomes[outcome].exit_status;
}
