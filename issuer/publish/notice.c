/*
 * notice.c: filling the notice template. The page's words and layout live
 * in templates/notice.html; only the table rows are built here.
 */
#include "notice.h"

#include <stdio.h>
#include <string.h>

#include "embed.h"
#include "html.h"
#include "json_strict.h"
#include "status.h"

EMBED(notice_template, "templates/notice.html");

int notice_includes(const char *status)
{
    return strcmp(status, "suspended") == 0 || strcmp(status, "revoked") == 0
           || strcmp(status, "withdrawn") == 0;
}

static void append_cell(struct buffer *rows, const char *text)
{
    buffer_append_string(rows, "<td>");
    html_escape(rows, text ? text : "");
    buffer_append_string(rows, "</td>");
}

static void append_row(struct buffer *rows, const struct notice_entry *entry)
{
    const struct status_name *status = status_name(entry->status);
    const struct reason_code *code = entry->code ? reason_code_find(entry->code) : NULL;
    buffer_append_string(rows, "<tr>");
    append_cell(rows, entry->number);
    append_cell(rows, entry->holder_name);
    append_cell(rows, entry->holder_uscc);
    buffer_append_string(rows, "<td class=\"status ");
    html_escape(rows, entry->status);
    buffer_append_string(rows, "\">");
    html_escape(rows, status ? status->zh : entry->status);
    buffer_append_string(rows, " ");
    html_escape(rows, status ? status->en : "");
    buffer_append_string(rows, "</td>");
    append_cell(rows, entry->since);
    buffer_append_string(rows, "<td>");
    if (code) {
        html_escape(rows, code->zh);
        buffer_append_string(rows, " / ");
        html_escape(rows, code->en);
        buffer_append_string(rows, "<br>");
    }
    html_escape(rows, entry->reason ? entry->reason : "");
    buffer_append_string(rows, "</td></tr>\n");
}

char *notice_html(const struct notice *notice, struct error *err)
{
    struct buffer rows = {0}, page = {0};
    for (size_t i = 0; i < notice->count; i++)
        append_row(&rows, &notice->entries[i]);
    if (notice->count == 0)
        buffer_append_string(&rows, "<tr><td colspan=\"6\">目前没有暂停、撤销或注销的证书。"
                                    " No certificate is suspended, revoked or withdrawn.</td></tr>");
    char serial[24], count[24];
    snprintf(serial, sizeof serial, "%ld", notice->serial);
    snprintf(count, sizeof count, "%zu", notice->count);
    const char *const names[] = {"body_name", "body_id", "published_at", "serial", "count",
                                 "raw_rows", NULL};
    const char *const values[] = {notice->body_name, notice->body_id, notice->published_at,
                                  serial, count, rows.data};
    int failed = html_fill(&page, notice_template, names, values, err);
    buffer_free(&rows);
    if (failed) {
        buffer_free(&page);
        return NULL;
    }
    return page.data;
}

char *notice_json(const struct notice *notice)
{
    json_t *entries = json_array();
    for (size_t i = 0; i < notice->count; i++) {
        const struct notice_entry *e = &notice->entries[i];
        const struct status_name *status = status_name(e->status);
        json_array_append_new(entries,
                              json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:s?}",
                                        "number", e->number, "holder", e->holder_name, "uscc",
                                        e->holder_uscc, "status", e->status, "status_zh",
                                        status ? status->zh : "", "status_en",
                                        status ? status->en : "", "since", e->since,
                                        "reason_code", e->code, "reason", e->reason));
    }
    json_t *root = json_pack("{s:s, s:s, s:s, s:s, s:I, s:o}", "format", "starmark-notice/1",
                             "body", notice->body_id, "body_name", notice->body_name,
                             "published_at", notice->published_at, "serial",
                             (json_int_t)notice->serial, "entries", entries);
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    return text;
}
