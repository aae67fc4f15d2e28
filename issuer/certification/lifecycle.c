/*
 * lifecycle.c: status transitions, surveillance and the daily sweep.
 *
 * The legal transitions (DOMAIN.md, docs/lifecycle.md):
 *   valid -> suspended -> valid;  suspended -> revoked;  valid -> revoked;
 *   valid | suspended -> withdrawn;  valid -> expired (by the sweep).
 * Revoked, withdrawn and expired are final. Every change is dated, may not
 * predate the certificate's last event, and is written both to the
 * certificate's history (events) and to the hash-chained audit log.
 */
#include "lifecycle.h"

#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "status.h"

struct transition {
    const char *command;
    const char *from;         /* the statuses it applies to, in words */
    const char *to, *action;
};

static const struct transition transitions[] = {
    {"suspend", "valid", "suspended", "suspended"},
    {"reinstate", "suspended", "valid", "reinstated"},
    {"revoke", "valid or suspended", "revoked", "revoked"},
    {"withdraw", "valid or suspended", "withdrawn", "withdrawn"},
};

int lifecycle_load(struct registry *registry, const char *number, struct certificate_row *out,
                   struct error *err)
{
    if (registry_load_certificate(registry, number, CERTIFICATE_STATE, out, err) != 0)
        return -1;
    if (strcmp(out->status, "pending") == 0) {
        certificate_row_free(out);
        return fail(err, "%s is pending approval: it has no lifecycle yet", number);
    }
    return 0;
}

static const struct transition *find_transition(const char *command)
{
    for (size_t i = 0; i < sizeof transitions / sizeof transitions[0]; i++)
        if (strcmp(transitions[i].command, command) == 0)
            return &transitions[i];
    return NULL;
}

/* Refuses what the law does not allow, with the reason in words. */
static int check_transition(const struct transition *transition,
                            const struct certificate_row *state, struct date date,
                            struct error *err)
{
    char day[11], last[11], expiry[11];
    date_format(date, day);
    date_format(state->last_event, last);
    date_format(state->expiry, expiry);
    if (!strstr(transition->from, state->status))
        return fail(err, "%s is %s: it cannot be %s (only a certificate that is %s can)",
                    state->number, state->status, transition->action, transition->from);
    if (date_compare(date, state->last_event) < 0)
        return fail(err, "%s: %s is before the certificate's last event (%s)", state->number,
                    day, last);
    if (date_compare(date, state->expiry) > 0 && strcmp(transition->command, "revoke") != 0)
        return fail(err, "%s expired on %s: it cannot be %s on %s", state->number, expiry,
                    transition->action, day);
    return 0;
}

/* Writes the change to the certificate, its history and the audit log. */
static int record_change(struct registry *registry, const char *number, const char *action,
                         const char *status, struct date date, const char *code,
                         const char *reason, const char *kid, struct error *err)
{
    char day[11];
    date_format(date, day);
    char *details = xasprintf("%s on %s, code %s: %s", action, day, code, reason);
    int result = registry_set_status(registry, number, status, date, code, reason, err)
                 || registry_add_event(registry, number, date, action, status, code, reason,
                                       kid, err)
                 || registry_log(registry, action, number, kid, details, err)
                 ? -1 : 0;
    free(details);
    return result;
}

int lifecycle_change(struct registry *registry, const char *number, const char *command,
                     struct date date, const char *code, const char *reason, const char *kid,
                     struct error *err)
{
    const struct transition *transition = find_transition(command);
    struct certificate_row state;
    char allowed[256];
    if (!transition)
        return fail(err, "unknown lifecycle command %s", command);
    if (!reason_code_allowed(command, code)) {
        reason_codes_for(command, allowed, sizeof allowed);
        return fail(err, "--code %s is not a reason code for %s (use one of: %s)", code,
                    command, allowed);
    }
    if (lifecycle_load(registry, number, &state, err) != 0)
        return -1;
    int result = check_transition(transition, &state, date, err)
                 || record_change(registry, number, transition->action, transition->to, date,
                                  code, reason, kid, err)
                 ? -1 : 0;
    certificate_row_free(&state);
    return result;
}

/* After a pass the next surveillances are due counted from this one; an
 * early pass moves them earlier but adds none (a 3-year certificate has
 * two surveillances, however early they come). */
static int reschedule(struct registry *registry, const struct certificate_row *state,
                      struct date date, struct error *err)
{
    struct date due[MAX_SURVEILLANCES];
    size_t still_open;
    if (registry_open_surveillances(registry, state->number, &still_open, err) != 0)
        return -1;
    size_t count = date_schedule(date, registry->body.surveillance_months, state->expiry, due,
                                 still_open);
    return registry_replace_open_surveillances(registry, state->number, due, count, err);
}

static int suspended_for_surveillance(const struct certificate_row *state)
{
    return strcmp(state->status, "suspended") == 0 && state->code
           && (strcmp(state->code, "surveillance_overdue") == 0
               || strcmp(state->code, "surveillance_failed") == 0);
}

static int check_surveillance(const struct certificate_row *state, struct date date,
                              struct error *err)
{
    char day[11], last[11];
    date_format(date, day);
    date_format(state->last_event, last);
    if (strcmp(state->status, "valid") != 0 && strcmp(state->status, "suspended") != 0)
        return fail(err, "%s is %s: there is nothing to surveil", state->number, state->status);
    if (date_compare(date, state->last_event) < 0)
        return fail(err, "%s: %s is before the certificate's last event (%s)", state->number,
                    day, last);
    if (date_compare(date, state->expiry) > 0)
        return fail(err, "%s: %s is after the certificate's expiry", state->number, day);
    if (!state->has_next_due)
        return fail(err, "%s: no surveillance is due before expiry (renew instead)",
                    state->number);
    return 0;
}

int lifecycle_surveil(struct registry *registry, const char *number, struct date date,
                      int passed, const char *reason, const char *kid, struct error *err)
{
    struct certificate_row state;
    if (lifecycle_load(registry, number, &state, err) != 0)
        return -1;
    const char *text = reason ? reason : passed ? "surveillance audit passed"
                                                : "surveillance audit failed";
    int failed = check_surveillance(&state, date, err)
                 || registry_mark_surveillance_done(registry, number, date,
                                                    passed ? "pass" : "fail", err)
                 || registry_add_event(registry, number, date,
                                       passed ? "surveillance passed" : "surveillance failed",
                                       state.status, NULL, text, kid, err)
                 || registry_log(registry, passed ? "surveillance passed" : "surveillance failed",
                                 number, kid, text, err);
    if (!failed && passed)
        failed = reschedule(registry, &state, date, err)
                 || (suspended_for_surveillance(&state)
                     && record_change(registry, number, "reinstated", "valid", date,
                                      "surveillance_passed", text, kid, err));
    /* A failed surveillance still has to be passed: the same due date is
     * open again, so the follow-up audit does not use up next year's. */
    if (!failed && !passed)
        failed = registry_reopen_surveillance(registry, number, state.next_due, err)
                 || (strcmp(state.status, "valid") == 0
                     && record_change(registry, number, "suspended", "suspended", date,
                                      "surveillance_failed", text, kid, err));
    certificate_row_free(&state);
    return failed ? -1 : 0;
}

/* One certificate on sweep day: which of the three automatic changes, if any. */
static int sweep_one(struct registry *registry, const struct certificate_row *state,
                     struct date at, FILE *report, int *changes, struct error *err)
{
    char day[11], due[11];
    struct date overdue_after = date_add_days(state->next_due,
                                              registry->body.surveillance_grace_days);
    if (date_compare(at, state->last_event) < 0)
        return 0; /* a later event already happened: nothing to decide on `at` */
    if (strcmp(state->status, "valid") == 0 && date_compare(at, state->expiry) > 0) {
        struct date since = date_add_days(state->expiry, 1);
        date_format(state->expiry, day);
        fprintf(report, "%s expired (valid until %s)\n", state->number, day);
        ++*changes;
        return record_change(registry, state->number, "expired", "expired", since,
                             LIFECYCLE_EXPIRY_CODE, LIFECYCLE_EXPIRY_REASON, NULL, err);
    }
    if (strcmp(state->status, "valid") == 0 && state->has_next_due
        && date_compare(at, overdue_after) > 0) {
        date_format(state->next_due, due);
        char *reason = xasprintf("surveillance due %s was not carried out", due);
        fprintf(report, "%s suspended: %s\n", state->number, reason);
        ++*changes;
        int result = record_change(registry, state->number, "suspended", "suspended", at,
                                   "surveillance_overdue", reason, NULL, err);
        free(reason);
        return result;
    }
    struct date limit = date_add_months(state->since, registry->body.max_suspension_months);
    if (strcmp(state->status, "suspended") == 0 && date_compare(at, limit) > 0) {
        date_format(state->since, day);
        fprintf(report, "%s revoked: suspended since %s, longer than %d months\n",
                state->number, day, registry->body.max_suspension_months);
        ++*changes;
        return record_change(registry, state->number, "revoked", "revoked", at,
                             "suspension_expired", "not corrected within the maximum suspension",
                             NULL, err);
    }
    return 0;
}

int lifecycle_sweep(struct registry *registry, struct date at, FILE *report, int *changes,
                    struct error *err)
{
    size_t count;
    char **numbers;
    *changes = 0;
    if (registry_numbers_in_force(registry, &numbers, &count, err) != 0)
        return -1;
    int failed = 0;
    for (size_t i = 0; i < count; i++) {
        struct certificate_row state;
        failed = failed || lifecycle_load(registry, numbers[i], &state, err) != 0;
        if (!failed) {
            failed = sweep_one(registry, &state, at, report, changes, err);
            certificate_row_free(&state);
        }
        free(numbers[i]);
    }
    free(numbers);
    return failed;
}
