/*
 * answer.c: combining a signature check with a published status.
 *
 * Precedence, most serious first: not genuine (1); revoked or withdrawn
 * (5); suspended (4); expired or not yet valid (3, known from the record
 * itself even without a publication); surveillance overdue (6); status
 * unknown (7); valid (0).
 */
#include "answer.h"

#include <string.h>

void answer_combine(enum outcome verified, const struct publication_entry *status,
                    struct answer *out)
{
    memset(out, 0, sizeof *out);
    out->outcome = verified;
    if (status) {
        out->status_checked = 1;
        out->status = *status;
    }
    if (verified == OUTCOME_NOT_GENUINE || !status)
        return;
    enum outcome published = status->verdict.outcome;
    int overrides = published == OUTCOME_REVOKED || published == OUTCOME_WITHDRAWN
                    || published == OUTCOME_SUSPENDED;
    if (overrides || (verified == OUTCOME_VALID && published != OUTCOME_VALID))
        out->outcome = published;
}

void answer_to_json(const struct answer *answer, json_t *result)
{
    json_object_set_new(result, "result", json_string(outcome_name(answer->outcome)));
    json_object_set_new(result, "status_checked", json_boolean(answer->status_checked));
    if (!answer->status_checked)
        return;
    const struct publication_entry *s = &answer->status;
    json_t *status = json_pack("{s:s}", "status", outcome_status_id(s->verdict.outcome));
    const char *names[] = {"since", "reason_code", "reason", "last_surveillance",
                           "next_surveillance_due", "published_at", "next_update", "detail"};
    const char *values[] = {s->since, s->reason_code, s->status_reason, s->last_surveillance,
                            s->next_due, s->published_at, s->next_update, s->verdict.reason};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (values[i][0])
            json_object_set_new(status, names[i], json_string(values[i]));
    if (s->serial)
        json_object_set_new(status, "serial", json_integer(s->serial));
    if (s->logged)
        json_object_set_new(status, "log",
                            json_pack("{s:s, s:I, s:I, s:I}", "origin", s->log_origin, "size",
                                      (json_int_t)s->log_size, "record_entry",
                                      (json_int_t)s->record_entry, "response_entry",
                                      (json_int_t)s->response_entry));
    json_object_set_new(result, "status", status);
}
