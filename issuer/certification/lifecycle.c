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

static int read_date(sqlite3_stmt *row, int column, struct date *out)
{
    const unsigned char *text = sqlite3_column_text(row, column);
    return text && date_parse((const char *)text, out) == 0;
}

static void load_surveillance(struct registry *registry, struct certificate_state *out)
{
    sqlite3_stmt *row = registry_prepare(registry,
                                         "SELECT (SELECT min(due_date) FROM surveillance"
                                         "        WHERE number = ?1 AND done_date IS NULL),"
                                         "       (SELECT max(done_date) FROM surveillance"
                                         "        WHERE number = ?1),"
                                         "       (SELECT max(event_date) FROM events"
                                         "        WHERE number = ?1)",
                                         NULL, 1, out->number);
    if (row && sqlite3_step(row) == SQLITE_ROW) {
        out->has_next_due = read_date(row, 0, &out->next_due);
        out->has_last_surveillance = read_date(row, 1, &out->last_surveillance);
        if (!read_date(row, 2, &out->last_event))
            out->last_event = out->issue;
    }
    sqlite3_finalize(row);
}

int lifecycle_load(struct registry *registry, const char *number,
                   struct certificate_state *out, struct error *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *row = registry_prepare(registry,
                                         "SELECT status, status_code, status_reason, issue_date,"
                                         " expiry_date, status_since, holder_uscc,"
                                         " superseded_by FROM certificates WHERE number = ?",
                                         err, 1, number);
    if (!row)
        return -1;
    int found = sqlite3_step(row) == SQLITE_ROW;
    if (found) {
        out->number = xstrdup(number);
        out->status = registry_column_text(row, 0);
        out->code = registry_column_text(row, 1);
        out->reason = registry_column_text(row, 2);
        read_date(row, 3, &out->issue);
        read_date(row, 4, &out->expiry);
        out->has_since = read_date(row, 5, &out->since);
        out->holder_uscc = registry_column_text(row, 6);
        out->superseded_by = registry_column_text(row, 7);
    }
    sqlite3_finalize(row);
    if (!found)
        return fail(err, "no certificate %s in this registry", number);
    load_surveillance(registry, out);
    if (strcmp(out->status, "pending") == 0) {
        certificate_state_free(out);
        return fail(err, "%s is pending approval: it has no lifecycle yet", number);
    }
    return 0;
}

void certificate_state_free(struct certificate_state *state)
{
    free(state->number);
    free(state->status);
    free(state->code);
    free(state->reason);
    free(state->holder_uscc);
    free(state->superseded_by);
    memset(state, 0, sizeof *state);
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
                            const struct certificate_state *state, struct date date,
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

static int set_status(struct registry *registry, const char *number, const char *status,
                      struct date since, const char *code, const char *reason,
                      struct error *err)
{
    char day[11];
    date_format(since, day);
    return registry_run(registry,
                        registry_prepare(registry,
                                         "UPDATE certificates SET status = ?, status_since = ?,"
                                         " status_code = ?, status_reason = ? WHERE number = ?",
                                         err, 5, status, day, code, reason, number),
                        "status", err);
}

/* Writes the change to the certificate, its history and the audit log. */
static int record_change(struct registry *registry, const char *number, const char *action,
                         const char *status, struct date date, const char *code,
                         const char *reason, const char *kid, struct error *err)
{
    char day[11];
    date_format(date, day);
    char *details = xasprintf("%s on %s, code %s: %s", action, day, code, reason);
    int result = set_status(registry, number, status, date, code, reason, err)
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
    struct certificate_state state;
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
    certificate_state_free(&state);
    return result;
}

static int mark_surveillance_done(struct registry *registry, const char *number,
                                  struct date date, const char *result, struct error *err)
{
    char day[11];
    date_format(date, day);
    return registry_run(registry,
                        registry_prepare(registry,
                                         "UPDATE surveillance SET done_date = ?1, result = ?2"
                                         " WHERE number = ?3 AND sequence ="
                                         " (SELECT sequence FROM surveillance"
                                         "  WHERE number = ?3 AND done_date IS NULL"
                                         "  ORDER BY due_date, sequence LIMIT 1)",
                                         err, 3, day, result, number),
                        "surveillance", err);
}

static size_t open_surveillances(struct registry *registry, const char *number)
{
    sqlite3_stmt *row = registry_prepare(registry,
                                         "SELECT count(*) FROM surveillance"
                                         " WHERE number = ? AND done_date IS NULL",
                                         NULL, 1, number);
    size_t count = row && sqlite3_step(row) == SQLITE_ROW ? (size_t)sqlite3_column_int(row, 0)
                                                          : 0;
    sqlite3_finalize(row);
    return count;
}

/* After a pass the next surveillances are due counted from this one; an
 * early pass moves them earlier but adds none (a 3-year certificate has
 * two surveillances, however early they come). */
static int reschedule(struct registry *registry, const struct certificate_state *state,
                      struct date date, struct error *err)
{
    struct date due[MAX_SURVEILLANCES];
    size_t still_open = open_surveillances(registry, state->number);
    size_t count = date_schedule(date, registry->body.surveillance_months, state->expiry, due,
                                 still_open);
    if (registry_run(registry,
                     registry_prepare(registry, "DELETE FROM surveillance"
                                                " WHERE number = ? AND done_date IS NULL",
                                      err, 1, state->number),
                     "surveillance", err) != 0)
        return -1;
    for (size_t i = 0; i < count; i++) {
        char day[11];
        date_format(due[i], day);
        if (registry_run(registry,
                         registry_prepare(registry,
                                          "INSERT INTO surveillance (number, sequence, due_date)"
                                          " SELECT ?1, coalesce(max(sequence), 0) + 1, ?2"
                                          " FROM surveillance WHERE number = ?1",
                                          err, 2, state->number, day),
                         "surveillance", err) != 0)
            return -1;
    }
    return 0;
}

/* A failed surveillance still has to be passed: the same due date is open
 * again, so the follow-up audit does not use up next year's. */
static int reopen_surveillance(struct registry *registry, const struct certificate_state *state,
                               struct error *err)
{
    char due[11];
    date_format(state->next_due, due);
    return registry_run(registry,
                        registry_prepare(registry,
                                         "INSERT INTO surveillance (number, sequence, due_date)"
                                         " SELECT ?1, max(sequence) + 1, ?2 FROM surveillance"
                                         " WHERE number = ?1",
                                         err, 2, state->number, due),
                        "surveillance", err);
}

static int suspended_for_surveillance(const struct certificate_state *state)
{
    return strcmp(state->status, "suspended") == 0 && state->code
           && (strcmp(state->code, "surveillance_overdue") == 0
               || strcmp(state->code, "surveillance_failed") == 0);
}

static int check_surveillance(const struct certificate_state *state, struct date date,
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
    struct certificate_state state;
    if (lifecycle_load(registry, number, &state, err) != 0)
        return -1;
    const char *text = reason ? reason : passed ? "surveillance audit passed"
                                                : "surveillance audit failed";
    int failed = check_surveillance(&state, date, err)
                 || mark_surveillance_done(registry, number, date, passed ? "pass" : "fail",
                                           err)
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
    if (!failed && !passed)
        failed = reopen_surveillance(registry, &state, err)
                 || (strcmp(state.status, "valid") == 0
                     && record_change(registry, number, "suspended", "suspended", date,
                                      "surveillance_failed", text, kid, err));
    certificate_state_free(&state);
    return failed ? -1 : 0;
}

/* One certificate on sweep day: which of the three automatic changes, if any. */
static int sweep_one(struct registry *registry, const struct certificate_state *state,
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

/* The numbers of every certificate the sweep may change. */
static char **open_certificates(struct registry *registry, size_t *count, struct error *err)
{
    sqlite3_stmt *rows = registry_prepare(registry,
                                          "SELECT number FROM certificates"
                                          " WHERE status IN ('valid', 'suspended')"
                                          " ORDER BY number",
                                          err, 0);
    char **numbers = NULL;
    *count = 0;
    while (rows && sqlite3_step(rows) == SQLITE_ROW) {
        numbers = xrealloc(numbers, (*count + 1) * sizeof *numbers);
        numbers[(*count)++] = registry_column_text(rows, 0);
    }
    sqlite3_finalize(rows);
    return numbers;
}

int lifecycle_sweep(struct registry *registry, struct date at, FILE *report, int *changes,
                    struct error *err)
{
    size_t count;
    char **numbers = open_certificates(registry, &count, err);
    int failed = 0;
    *changes = 0;
    for (size_t i = 0; i < count; i++) {
        struct certificate_state state;
        if (!failed && lifecycle_load(registry, numbers[i], &state, err) == 0) {
            failed = sweep_one(registry, &state, at, report, changes, err);
            certificate_state_free(&state);
        }
        free(numbers[i]);
    }
    free(numbers);
    return failed;
}
