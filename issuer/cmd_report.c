/*
 * cmd_report.c: `issuer report`, the monthly report to the regulator
 * (CNCA): a month's certificates and status changes as a workbook or CSV
 * (docs/regulator-report.md). Everything is checked before anything is
 * written, and the file is written whole or not at all.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "commands.h"
#include "options.h"
#include "report.h"

static const char usage[] = "issuer report --db FILE --month YYYY-MM -o FILE.xlsx|FILE.csv"
                            " [--all] [--english] [--changes]";

/* 1 when path ends in suffix, in any case. */
static int ends_with(const char *path, const char *suffix)
{
    size_t length = strlen(path), suffix_length = strlen(suffix);
    return length > suffix_length
           && strcasecmp(path + length - suffix_length, suffix) == 0;
}

/* The month's first day, and the day it is reported as of: its last day,
 * or today (Asia/Shanghai) while the month lasts. */
static void month_option(const char *text, struct date *first, struct date *last)
{
    struct date today = date_today_shanghai();
    char day[11];
    if (date_parse_month(text, first) != 0)
        die(EXIT_USAGE, "--month \"%s\" is not a month YYYY-MM", text);
    date_format(today, day);
    if (date_compare(*first, today) > 0)
        die(EXIT_USAGE, "--month %s has not begun: today is %s (Asia/Shanghai)", text, day);
    *last = date_month_end(*first);
    if (date_compare(*last, today) > 0)
        *last = today;
}

/* "march.xlsx: 8 certificates and 7 status changes, 2025-03 as of 2025-03-31";
 * a CSV names the one sheet it holds. */
static void print_summary(const char *out, const struct report *report, int csv,
                          int changes_only, const char *month)
{
    char day[11], certificates[48], changes[48];
    date_format(report->last, day);
    snprintf(certificates, sizeof certificates, "%zu certificates",
             report->certificates.row_count);
    snprintf(changes, sizeof changes, "%zu status changes", report->changes.row_count);
    printf("%s: %s%s%s, %s as of %s\n", out, csv && changes_only ? "" : certificates,
           csv ? "" : " and ", csv && !changes_only ? "" : changes, month, day);
}

int cmd_report(int argc, char **argv)
{
    const char *db = NULL, *month = NULL, *out = NULL;
    int all = 0, english = 0, changes_only = 0;
    const struct option_spec specs[] = {
        {"db", &db, NULL}, {"month", &month, NULL}, {"o", &out, NULL}, {"output", &out, NULL},
        {"all", NULL, &all}, {"english", NULL, &english}, {"changes", NULL, &changes_only},
        {NULL, NULL, NULL}};
    int count;
    options_parse(argc, argv, 1, specs, NULL, 0, &count, usage);
    if (!month || !out)
        die(EXIT_USAGE, "report needs --month and -o (usage: %s)", usage);
    int csv = ends_with(out, ".csv");
    if (!csv && !ends_with(out, ".xlsx"))
        die(EXIT_USAGE, "-o \"%s\": the report is FILE.xlsx or FILE.csv", out);
    if (changes_only && !csv)
        die(EXIT_USAGE, "--changes goes with -o FILE.csv: the workbook has the changes on "
            "its second sheet");
    if (changes_only && all)
        die(EXIT_USAGE, "--all lists certificates: it does not go with --changes");
    struct date first, last;
    month_option(month, &first, &last);
    struct registry registry;
    struct report report;
    struct error err;
    open_registry(db, &registry);
    /* The report holds what it needs: the registry is closed before
     * anything can fail, so that an exit leaves nothing open. */
    int built = report_build(&registry, first, last, all, &report, &err);
    registry_close(&registry);
    if (built != 0)
        die(EXIT_USAGE, "%s", err.message);
    const struct report_sheet *sheet = changes_only ? &report.changes : &report.certificates;
    int written = csv ? report_write_csv(sheet, english, out, &err)
                      : report_write_xlsx(&report, english, out, &err);
    if (written != 0) {
        report_free(&report);
        die(EXIT_USAGE, "%s", err.message);
    }
    print_summary(out, &report, csv, changes_only, month);
    report_free(&report);
    return EXIT_OK;
}
