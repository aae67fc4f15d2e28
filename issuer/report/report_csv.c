/*
 * report_csv.c: one sheet of the report as CSV (RFC 4180): UTF-8 with a
 * byte order mark, so that Excel reads the Chinese as UTF-8; CRLF line
 * ends; a field with a comma, a quote or a line break in double quotes.
 * Dates are YYYY-MM-DD and the score has one decimal, as the values are.
 *
 * A text that begins with = + - or @ gets a leading apostrophe: a
 * spreadsheet would run it as a formula (a holder's name or a reason
 * could be written to do that). The workbook needs no such thing: its
 * text cells are never formulas.
 */
#include "report.h"

#include <string.h>

static void append_field(struct buffer *out, const char *text, enum report_kind kind)
{
    if (!text)
        return;
    int quoted = strpbrk(text, ",\"\r\n") != NULL;
    if (quoted)
        buffer_append_string(out, "\"");
    if (kind == REPORT_TEXT && *text && strchr("=+-@", *text))
        buffer_append_string(out, "'");
    for (const char *p = text; *p;) {
        size_t span = strcspn(p, "\"");
        buffer_append(out, p, span);
        p += span;
        if (*p == '"') {
            buffer_append_string(out, "\"\"");
            p++;
        }
    }
    if (quoted)
        buffer_append_string(out, "\"");
}

static void append_header(struct buffer *out, const struct report_sheet *sheet, int english)
{
    for (size_t i = 0; i < sheet->column_count; i++) {
        if (i)
            buffer_append_string(out, ",");
        append_field(out, english ? sheet->columns[i].en : sheet->columns[i].zh, REPORT_TEXT);
    }
    buffer_append_string(out, "\r\n");
}

int report_write_csv(const struct report_sheet *sheet, int english, const char *path,
                     struct error *err)
{
    struct buffer out = {0};
    buffer_append_string(&out, "\xEF\xBB\xBF");
    append_header(&out, sheet, 0);
    if (english)
        append_header(&out, sheet, 1);
    for (size_t row = 0; row < sheet->row_count; row++) {
        for (size_t i = 0; i < sheet->column_count; i++) {
            const struct report_column *column = &sheet->columns[i];
            if (i)
                buffer_append_string(&out, ",");
            append_field(&out, sheet->rows[row][column->field], column->kind);
        }
        buffer_append_string(&out, "\r\n");
    }
    int result = write_file_atomic(path, out.data, out.length, 0644, 0, err);
    buffer_free(&out);
    return result;
}
