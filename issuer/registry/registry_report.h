/*
 * registry_report.h: what the monthly report to the regulator reads of the
 * registry (issuer/report/, docs/regulator-report.md). Every answer is "as
 * of the end of a day": the events dated up to that day, whatever was
 * recorded since, so a month's report does not change when later events
 * are added.
 */
#ifndef STARMARK_REGISTRY_REPORT_H
#define STARMARK_REGISTRY_REPORT_H

#include <stddef.h>
#include "registry.h"

/* Everything read between these two sees the registry as it was at the
 * first read, whatever another issuer commits meanwhile (WAL). */
int registry_snapshot_begin(struct registry *registry, struct error *err);
void registry_snapshot_end(struct registry *registry);

/* One issued certificate at the end of a day. Strings are owned by the
 * array registry_standings returns. */
struct registry_standing {
    char *number;
    struct date expiry;
    char *status;                   /* after its last event up to the day */
    int changed;                    /* a status change up to the day, the last one: */
    struct date change_date;
    char *change_code, *change_reason;
    int active;                     /* it has an event dated in [first, day] */
    int has_next_due;               /* the earliest surveillance still open at the day */
    struct date next_due;
    char *superseded_by;            /* when that certificate was issued by the day, else NULL */
};

/* Every certificate issued by day (pending ones have no events and are
 * left out), in number order. */
int registry_standings(struct registry *registry, struct date first, struct date day,
                       struct registry_standing **out, size_t *count, struct error *err);
void registry_standings_free(struct registry_standing *standings, size_t count);

/* A status change event, with the status before it. */
struct registry_status_change {
    char *number;
    struct date date;
    char *from, *to, *code, *reason;
};

/* Every status change dated in [first, last], by date, then number, then
 * the order they were recorded in. */
int registry_status_changes(struct registry *registry, struct date first, struct date last,
                            struct registry_status_change **out, size_t *count,
                            struct error *err);
void registry_status_changes_free(struct registry_status_change *changes, size_t count);

#endif
