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

void answer_combine(enum verify_result verified, const struct status_check *status,
                    struct answer *out)
{
    memset(out, 0, sizeof *out);
    out->result = verify_result_name(verified);
    out->exit_status = verify_result_exit_status(verified);
    if (status) {
        out->status_checked = 1;
        out->status = *status;
    }
    if (verified == RESULT_NOT_GENUINE || !status)
        return;
    enum status_outcome outcome = status->outcome;
    int record_in_force = verified == RESULT_VALID;
    if (outcome == STATUS_REVOKED || outcome == STATUS_SUSPENDED
        || (record_in_force && outcome != STATUS_VALID)) {
        out->result = outcome == STATUS_UNKNOWN ? "status_unknown" : status_outcome_id(status);
        out->exit_status = status_outcome_exit_status(outcome);
    }
}

void answer_to_json(const struct answer *answer, json_t *result)
{
    json_object_set_new(result, "result", json_string(answer->result));
    json_object_set_new(result, "status_checked", json_boolean(answer->status_checked));
    if (!answer->status_checked)
        return;
    const struct status_check *s = &answer->status;
    json_t *status = json_pack("{s:s}", "status", status_outcome_id(s));
    const char *names[] = {"since", "reason_code", "reason", "last_surveillance",
                           "next_surveillance_due", "published_at", "next_update", "detail"};
    const char *values[] = {s->since, s->reason_code, s->reason, s->last_surveillance,
                            s->next_due, s->published_at, s->next_update, s->detail};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (values[i][0])
            json_object_set_new(status, names[i], json_string(values[i]));
    if (s->serial)
        json_object_set_new(status, "serial", json_integer(s->serial));
    json_object_set_new(result, "status", status);
}
