/*
 * report_layout.c: reading templates/report-columns.txt, the sheets and
 * columns of the report, compiled in. The field names here are the ones
 * the file may use; what each holds is report.c's business.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "embed.h"

EMBED(report_columns, "templates/report-columns.txt");

struct field_name {
    const char *name;
    enum report_kind kind;
};

/* In the order of enum certificate_field. */
static const struct field_name certificate_fields[CERTIFICATE_FIELDS] = {
    {"body_id", REPORT_TEXT}, {"body_name", REPORT_TEXT}, {"number", REPORT_TEXT},
    {"holder_name", REPORT_TEXT}, {"holder_uscc", REPORT_TEXT},
    {"holder_address", REPORT_TEXT}, {"project", REPORT_TEXT}, {"standard", REPORT_TEXT},
    {"scope", REPORT_TEXT}, {"grade", REPORT_TEXT}, {"score", REPORT_SCORE},
    {"issue_date", REPORT_DATE}, {"expiry_date", REPORT_DATE}, {"status", REPORT_TEXT},
    {"status_date", REPORT_DATE}, {"status_reason", REPORT_TEXT},
    {"next_surveillance", REPORT_DATE}, {"superseded_by", REPORT_TEXT},
};

/* In the order of enum change_field. */
static const struct field_name change_fields[CHANGE_FIELDS] = {
    {"number", REPORT_TEXT}, {"date", REPORT_DATE}, {"from", REPORT_TEXT},
    {"to", REPORT_TEXT}, {"code", REPORT_TEXT}, {"reason", REPORT_TEXT},
};

/* "certificates.FIELD = 中文 | English": one more column of the sheet. */
static int add_column(struct report_sheet *sheet, const struct field_name *fields,
                      size_t field_count, const char *field, char *headers, size_t line,
                      struct error *err)
{
    char *bar = strstr(headers, " | ");
    size_t i = 0;
    while (i < field_count && strcmp(fields[i].name, field) != 0)
        i++;
    if (i == field_count)
        return fail(err, "report-columns.txt:%zu: no field \"%s\"", line, field);
    if (!bar || sheet->column_count == REPORT_MAX_COLUMNS)
        return fail(err, "report-columns.txt:%zu: want \"中文 | English\", at most %d columns",
                    line, REPORT_MAX_COLUMNS);
    *bar = '\0';
    sheet->columns[sheet->column_count++] =
        (struct report_column){i, fields[i].kind, headers, bar + 3};
    return 0;
}

static int apply_line(struct report *report, char *key, char *value, size_t line,
                      struct error *err)
{
    char *dot = strchr(key, '.');
    if (!dot)
        return fail(err, "report-columns.txt:%zu: \"%s\" is not SHEET.FIELD", line, key);
    *dot = '\0';
    const char *name = dot + 1;
    if (strcmp(key, "sheet") == 0 && strcmp(name, "certificates") == 0)
        report->certificates.name = value;
    else if (strcmp(key, "sheet") == 0 && strcmp(name, "changes") == 0)
        report->changes.name = value;
    else if (strcmp(key, "text") == 0 && strcmp(name, "project") == 0)
        report->project = value;
    else if (strcmp(key, "certificates") == 0)
        return add_column(&report->certificates, certificate_fields, CERTIFICATE_FIELDS, name,
                          value, line, err);
    else if (strcmp(key, "changes") == 0)
        return add_column(&report->changes, change_fields, CHANGE_FIELDS, name, value, line,
                          err);
    else
        return fail(err, "report-columns.txt:%zu: unknown \"%s.%s\"", line, key, name);
    return 0;
}

int report_layout_load(struct report *report, struct error *err)
{
    report->layout = xstrdup(report_columns);
    size_t line = 0;
    for (char *next = report->layout, *text; (text = next); ) {
        next = strchr(text, '\n');
        if (next)
            *next++ = '\0';
        line++;
        if (!*text || *text == '#')
            continue;
        char *equals = strstr(text, " = ");
        if (!equals)
            return fail(err, "report-columns.txt:%zu: not \"key = value\"", line);
        *equals = '\0';
        if (apply_line(report, text, equals + 3, line, err) != 0)
            return -1;
    }
    if (!report->certificates.name || !report->changes.name || !report->project
        || !report->certificates.column_count || !report->changes.column_count)
        return fail(err, "report-columns.txt: both sheets need a name and columns, "
                    "and text.project a text");
    return 0;
}
