/*
 * report.c: the rows of the monthly report. The registry says how each
 * certificate stood at the end of the reported day and which status
 * changes the month had (registry_report.h); the holder, address, scope,
 * grade and score come from each certificate's signed record, as issued.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "grade.h"
#include "lifecycle.h"
#include "record.h"
#include "registry_report.h"
#include "status.h"

/* One status change and where it came from, so that sorting is stable. */
struct ordered_change {
    const struct registry_status_change *change;
    size_t order;
};

static char *copy(const char *text)
{
    return text ? xstrdup(text) : NULL;
}

static char *date_text(struct date date)
{
    char day[11];
    date_format(date, day);
    return xstrdup(day);
}

static char *status_word(const char *status)
{
    const struct status_name *name = status ? status_name(status) : NULL;
    return name ? xstrdup(name->zh) : copy(status);
}

/* The reason code's words, then the free text: "不再符合认证要求：投诉处理不符合要求". */
static char *reason_text(const char *code, const char *reason)
{
    const struct reason_code *found = code ? reason_code_find(code) : NULL;
    if (!found)
        return copy(reason ? reason : code);
    return reason ? xasprintf("%s：%s", found->zh, reason) : xstrdup(found->zh);
}

/* A certificate still valid after its last day is expired from the day
 * after, as the daily sweep records it (lifecycle.c, sweep_one), whether or
 * not the sweep has run yet: a month's report must not depend on when it
 * did. A suspended one is not (the sweep never expires it). 1 if applied. */
static int expire_unswept(struct registry_standing *standing, struct date last)
{
    if (strcmp(standing->status, "valid") != 0 || date_compare(standing->expiry, last) >= 0)
        return 0;
    free(standing->status);
    free(standing->change_code);
    free(standing->change_reason);
    standing->status = xstrdup("expired");
    standing->changed = 1;
    standing->change_date = date_add_days(standing->expiry, 1);
    standing->change_code = xstrdup(LIFECYCLE_EXPIRY_CODE);
    standing->change_reason = xstrdup(LIFECYCLE_EXPIRY_REASON);
    return 1;
}

static void fill_certificate(char **values, const struct report *report,
                             const struct certificate *c,
                             const struct registry_standing *standing)
{
    char score[16];
    int open = strcmp(standing->status, "valid") == 0
               || strcmp(standing->status, "suspended") == 0;
    tenths_format(c->score_tenths, score);
    values[FIELD_BODY_ID] = xstrdup(c->body_id);
    values[FIELD_BODY_NAME] = xstrdup(c->body_name);
    values[FIELD_NUMBER] = xstrdup(c->number);
    values[FIELD_HOLDER_NAME] = xstrdup(c->holder_name);
    values[FIELD_HOLDER_USCC] = xstrdup(c->holder_uscc);
    values[FIELD_HOLDER_ADDRESS] = xstrdup(c->holder_address);
    values[FIELD_PROJECT] = xstrdup(report->project);
    values[FIELD_STANDARD] = xstrdup(c->scheme->standard);
    values[FIELD_SCOPE] = xstrdup(c->scope);
    values[FIELD_GRADE] = xstrdup(c->grade->name_zh);
    values[FIELD_SCORE] = xstrdup(score);
    values[FIELD_ISSUE_DATE] = date_text(c->issue_date);
    values[FIELD_EXPIRY_DATE] = date_text(c->expiry_date);
    values[FIELD_STATUS] = status_word(standing->status);
    if (standing->changed) {
        values[FIELD_STATUS_DATE] = date_text(standing->change_date);
        values[FIELD_STATUS_REASON] = reason_text(standing->change_code,
                                                  standing->change_reason);
    }
    if (open && standing->has_next_due)
        values[FIELD_NEXT_SURVEILLANCE] = date_text(standing->next_due);
    values[FIELD_SUPERSEDED_BY] = copy(standing->superseded_by);
}

static int add_certificate(struct report *report, struct registry *registry,
                           const struct registry_standing *standing, struct error *err)
{
    struct certificate_row row;
    struct certificate c;
    if (registry_load_certificate(registry, standing->number, CERTIFICATE_TEXTS, &row, err) != 0)
        return -1;
    int failed = !row.record
                     ? fail(err, "%s has no signed record", standing->number)
                     : certificate_from_record(row.record, strlen(row.record), &c, err);
    certificate_row_free(&row);
    if (failed)
        return -1;
    struct report_sheet *sheet = &report->certificates;
    char **values = xcalloc(CERTIFICATE_FIELDS, sizeof *values);
    sheet->rows[sheet->row_count++] = values;
    fill_certificate(values, report, &c, standing);
    certificate_free(&c);
    return 0;
}

static int by_date_then_number(const void *a, const void *b)
{
    const struct ordered_change *x = a, *y = b;
    int order = date_compare(x->change->date, y->change->date);
    if (!order)
        order = strcmp(x->change->number, y->change->number);
    return order ? order : (x->order > y->order) - (x->order < y->order);
}

/* The recorded changes and the unswept expiries, in one date order. */
static void add_changes(struct report_sheet *sheet,
                        const struct registry_status_change *recorded, size_t recorded_count,
                        const struct registry_status_change *expiries, size_t expiry_count)
{
    size_t count = recorded_count + expiry_count;
    struct ordered_change *all = xcalloc(count + 1, sizeof *all);
    for (size_t i = 0; i < count; i++)
        all[i] = (struct ordered_change){i < recorded_count ? &recorded[i]
                                                            : &expiries[i - recorded_count], i};
    qsort(all, count, sizeof *all, by_date_then_number);
    sheet->rows = xcalloc(count + 1, sizeof *sheet->rows);
    for (size_t i = 0; i < count; i++) {
        const struct registry_status_change *change = all[i].change;
        char **values = xcalloc(CHANGE_FIELDS, sizeof *values);
        values[CHANGE_NUMBER] = xstrdup(change->number);
        values[CHANGE_DATE] = date_text(change->date);
        values[CHANGE_FROM] = status_word(change->from);
        values[CHANGE_TO] = status_word(change->to);
        values[CHANGE_CODE] = copy(change->code);
        values[CHANGE_REASON] = reason_text(change->code, change->reason);
        sheet->rows[sheet->row_count++] = values;
    }
    free(all);
}

/* The certificate rows; *expiries collects the unswept expiries of the
 * month (their strings borrowed from standings). */
static int add_certificates(struct report *report, struct registry *registry, int all,
                            struct registry_standing *standings, size_t count,
                            struct registry_status_change *expiries, size_t *expiry_count,
                            struct error *err)
{
    report->certificates.rows = xcalloc(count + 1, sizeof *report->certificates.rows);
    for (size_t i = 0; i < count; i++) {
        struct registry_standing *standing = &standings[i];
        int expired_in_month = expire_unswept(standing, report->last)
                               && date_compare(standing->change_date, report->first) >= 0;
        if (expired_in_month)
            expiries[(*expiry_count)++] = (struct registry_status_change){
                standing->number, standing->change_date, "valid", standing->status,
                standing->change_code, standing->change_reason};
        if ((all || standing->active || expired_in_month)
            && add_certificate(report, registry, standing, err) != 0)
            return -1;
    }
    return 0;
}

int report_build(struct registry *registry, struct date first, struct date last, int all,
                 struct report *out, struct error *err)
{
    struct registry_standing *standings = NULL;
    struct registry_status_change *changes = NULL, *expiries = NULL;
    size_t standing_count = 0, change_count = 0, expiry_count = 0;
    memset(out, 0, sizeof *out);
    out->first = first;
    out->last = last;
    out->body_name = xstrdup(registry->body.name);
    out->certificates.field_count = CERTIFICATE_FIELDS;
    out->changes.field_count = CHANGE_FIELDS;
    int failed = report_layout_load(out, err) || registry_snapshot_begin(registry, err);
    if (failed)
        return -1;
    failed = registry_standings(registry, first, last, &standings, &standing_count, err)
             || registry_status_changes(registry, first, last, &changes, &change_count, err);
    if (!failed) {
        expiries = xcalloc(standing_count + 1, sizeof *expiries);
        failed = add_certificates(out, registry, all, standings, standing_count, expiries,
                                  &expiry_count, err);
    }
    registry_snapshot_end(registry);
    if (!failed)
        add_changes(&out->changes, changes, change_count, expiries, expiry_count);
    free(expiries);
    registry_standings_free(standings, standing_count);
    registry_status_changes_free(changes, change_count);
    return failed ? -1 : 0;
}

static void free_sheet(struct report_sheet *sheet)
{
    for (size_t i = 0; i < sheet->row_count; i++) {
        for (size_t field = 0; field < sheet->field_count; field++)
            free(sheet->rows[i][field]);
        free(sheet->rows[i]);
    }
    free(sheet->rows);
}

void report_free(struct report *report)
{
    free_sheet(&report->certificates);
    free_sheet(&report->changes);
    free(report->layout);
    free(report->body_name);
    memset(report, 0, sizeof *report);
}
