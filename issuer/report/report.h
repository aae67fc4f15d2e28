/*
 * report.h: the monthly report to the regulator (CNCA), `issuer report`
 * (docs/regulator-report.md): one row per certificate issued or changed in
 * a month, with its status at the month's end, and one row per status
 * change of the month. report.c builds the rows from the registry
 * (registry_report.h); report_csv.c and report_xlsx.c write them in the
 * columns templates/report-columns.txt lays out (report_layout.c).
 *
 * Every value is text, as the CSV writes it ("2026-03-01", "99.0"); the
 * column's kind tells the workbook to store it as a date or a number.
 */
#ifndef STARMARK_REPORT_H
#define STARMARK_REPORT_H

#include <stddef.h>
#include "date.h"
#include "registry.h"

/* What a certificate row knows, in this order (report_layout.c names them). */
enum certificate_field {
    FIELD_BODY_ID, FIELD_BODY_NAME, FIELD_NUMBER, FIELD_HOLDER_NAME, FIELD_HOLDER_USCC,
    FIELD_HOLDER_ADDRESS, FIELD_PROJECT, FIELD_STANDARD, FIELD_SCOPE, FIELD_GRADE,
    FIELD_SCORE, FIELD_ISSUE_DATE, FIELD_EXPIRY_DATE, FIELD_STATUS, FIELD_STATUS_DATE,
    FIELD_STATUS_REASON, FIELD_NEXT_SURVEILLANCE, FIELD_SUPERSEDED_BY, CERTIFICATE_FIELDS
};

/* What a status change row knows. */
enum change_field {
    CHANGE_NUMBER, CHANGE_DATE, CHANGE_FROM, CHANGE_TO, CHANGE_CODE, CHANGE_REASON,
    CHANGE_FIELDS
};

enum report_kind { REPORT_TEXT, REPORT_DATE, REPORT_SCORE };

struct report_column {
    size_t field;               /* an enum certificate_field or change_field */
    enum report_kind kind;
    const char *zh, *en;        /* the headers */
};

#define REPORT_MAX_COLUMNS 32

/* One sheet: its columns and its rows. rows[i] holds a value for each of
 * the sheet's field_count fields (NULL is an empty cell), of which the
 * columns pick theirs. */
struct report_sheet {
    const char *name;
    struct report_column columns[REPORT_MAX_COLUMNS];
    size_t column_count;
    char ***rows;
    size_t row_count, field_count;
};

struct report {
    char *layout;               /* templates/report-columns.txt, cut into the strings */
    const char *project;        /* text.project */
    char *body_name;
    struct date first, last;    /* the month's first day; the day it is reported as of */
    struct report_sheet certificates, changes;
};

/* Reads the compiled-in layout into the report's sheets (report_layout.c). */
int report_layout_load(struct report *report, struct error *err);

/* The month from first to last (the day it is reported as of: the month's
 * end, or today while it lasts). all: every certificate issued by last,
 * not only those with an event in the month. The report owns everything;
 * report_free releases it. */
int report_build(struct registry *registry, struct date first, struct date last, int all,
                 struct report *out, struct error *err);
void report_free(struct report *report);

/* Write through a temporary file and a rename, so a failure leaves no
 * file and never half of one. english: a second header row in English. */
int report_write_csv(const struct report_sheet *sheet, int english, const char *path,
                     struct error *err);
int report_write_xlsx(const struct report *report, int english, const char *path,
                      struct error *err);

#endif
