/*
 * report_xlsx.c: the report as an Excel workbook (libxlsxwriter): the
 * certificates on the first sheet, the status changes on the second, each
 * with a bold, frozen header row. Text columns are text cells in a text
 * format (a credit code of digits stays text, never a number), dates are
 * Excel dates shown as YYYY-MM-DD, the score a number with one decimal.
 * Columns are as wide as their longest value, a Chinese character counted
 * as two Latin ones.
 *
 * The workbook is byte-for-byte the same for the same rows: its creation
 * time is set to the end of the reported day, and libxlsxwriter dates the
 * parts of the zip file 1980-01-01.
 */
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

struct formats {
    lxw_format *header, *text, *date, *score;
};

/* In Excel's units, about one Latin character each; a Chinese character
 * (CJK and full-width forms) takes a little over two. */
static double text_width(const char *text)
{
    double width = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p;) {
        uint32_t code_point = 0;
        size_t length = utf8_decode(p, &code_point);
        p += length ? length : 1;
        width += code_point >= 0x2E80 ? 2.1 : 1;
    }
    return width;
}

static double column_width(const struct report_sheet *sheet, size_t i, int english)
{
    const struct report_column *column = &sheet->columns[i];
    double width = text_width(column->zh);
    if (english && text_width(column->en) > width)
        width = text_width(column->en);
    for (size_t row = 0; row < sheet->row_count; row++) {
        const char *value = sheet->rows[row][column->field];
        double value_width = value ? text_width(value) : 0;
        width = value_width > width ? value_width : width;
    }
    width += 2; /* a margin */
    return width < 8 ? 8 : width > 80 ? 80 : width;
}

static lxw_format *column_format(const struct formats *formats, enum report_kind kind)
{
    return kind == REPORT_DATE ? formats->date : kind == REPORT_SCORE ? formats->score
                                                                      : formats->text;
}

static lxw_error write_cell(lxw_worksheet *worksheet, lxw_row_t row, lxw_col_t col,
                            const char *value, enum report_kind kind,
                            const struct formats *formats)
{
    struct date date;
    if (!value)
        return LXW_NO_ERROR;
    if (kind == REPORT_DATE && date_parse(value, &date) == 0) {
        lxw_datetime day = {date.year, date.month, date.day, 0, 0, 0};
        return worksheet_write_datetime(worksheet, row, col, &day, formats->date);
    }
    if (kind == REPORT_SCORE)
        return worksheet_write_number(worksheet, row, col, strtod(value, NULL),
                                      formats->score);
    return worksheet_write_string(worksheet, row, col, value, formats->text);
}

static lxw_error write_header(lxw_worksheet *worksheet, const struct report_sheet *sheet,
                              int english, const struct formats *formats)
{
    lxw_error result = LXW_NO_ERROR;
    for (lxw_col_t col = 0; col < sheet->column_count && !result; col++) {
        const struct report_column *column = &sheet->columns[col];
        result = worksheet_set_column(worksheet, col, col, column_width(sheet, col, english),
                                      column_format(formats, column->kind));
        if (!result)
            result = worksheet_write_string(worksheet, 0, col, column->zh, formats->header);
        if (!result && english)
            result = worksheet_write_string(worksheet, 1, col, column->en, formats->header);
    }
    return result;
}

static lxw_error write_sheet(lxw_workbook *workbook, const struct report_sheet *sheet,
                             int english, const struct formats *formats)
{
    lxw_error result = workbook_validate_sheet_name(workbook, sheet->name);
    lxw_worksheet *worksheet = result ? NULL : workbook_add_worksheet(workbook, sheet->name);
    lxw_row_t header_rows = english ? 2 : 1;
    if (!worksheet)
        return result ? result : LXW_ERROR_MEMORY_MALLOC_FAILED;
    worksheet_freeze_panes(worksheet, header_rows, 0);
    result = write_header(worksheet, sheet, english, formats);
    for (size_t row = 0; row < sheet->row_count && !result; row++)
        for (lxw_col_t col = 0; col < sheet->column_count && !result; col++)
            result = write_cell(worksheet, (lxw_row_t)(header_rows + row), col,
                                sheet->rows[row][sheet->columns[col].field],
                                sheet->columns[col].kind, formats);
    return result;
}

static void set_up(lxw_workbook *workbook, const struct report *report,
                   struct formats *formats, lxw_doc_properties *properties)
{
    formats->header = workbook_add_format(workbook);
    format_set_bold(formats->header);
    format_set_num_format(formats->header, "@");
    formats->text = workbook_add_format(workbook);
    format_set_num_format(formats->text, "@");
    formats->date = workbook_add_format(workbook);
    format_set_num_format(formats->date, "yyyy-mm-dd");
    formats->score = workbook_add_format(workbook);
    format_set_num_format(formats->score, "0.0");
    properties->company = report->body_name;
    properties->created = (time_t)date_end_of_day(report->last);
    workbook_set_properties(workbook, properties);
}

/* libxlsxwriter opens the file only when it closes the workbook, and says
 * why it cannot on stderr itself: making the temporary file first keeps a
 * bad path to our one line. */
static int create_empty(const char *temporary, const char *path, struct error *err)
{
    int fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0 || close(fd) != 0)
        return fail(err, "%s: %s", path, strerror(errno));
    return 0;
}

/* On the disk, then in place. */
static int finish(const char *temporary, const char *path, struct error *err)
{
    int fd = open(temporary, O_RDONLY);
    int failed = fd < 0 || fsync(fd) != 0;
    int saved = errno;
    if (fd >= 0 && close(fd) != 0 && !failed)
        failed = 1, saved = errno;
    if (!failed && rename(temporary, path) != 0)
        failed = 1, saved = errno;
    return failed ? fail(err, "%s: %s", path, strerror(saved)) : 0;
}

int report_write_xlsx(const struct report *report, int english, const char *path,
                      struct error *err)
{
    char *temporary = xasprintf("%s.tmp.%ld", path, (long)getpid());
    if (create_empty(temporary, path, err) != 0) {
        free(temporary);
        return -1;
    }
    lxw_workbook *workbook = workbook_new(temporary);
    struct formats formats;
    lxw_doc_properties properties = {0};
    lxw_error result = workbook ? LXW_NO_ERROR : LXW_ERROR_MEMORY_MALLOC_FAILED;
    if (workbook) {
        set_up(workbook, report, &formats, &properties);
        result = write_sheet(workbook, &report->certificates, english, &formats);
        if (!result)
            result = write_sheet(workbook, &report->changes, english, &formats);
        lxw_error closed = workbook_close(workbook);
        result = result ? result : closed;
    }
    int failed = result ? fail(err, "%s: %s", path, lxw_strerror(result))
                        : finish(temporary, path, err);
    if (failed)
        unlink(temporary);
    free(temporary);
    return failed;
}
