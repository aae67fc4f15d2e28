/*
 * html.c: HTML escaping and a minimal template filler.
 */
#include "html.h"

#include <string.h>

void html_escape(struct buffer *out, const char *text)
{
    for (const char *p = text; *p; p++) {
        switch (*p) {
        case '&': buffer_append_string(out, "&amp;"); break;
        case '<': buffer_append_string(out, "&lt;"); break;
        case '>': buffer_append_string(out, "&gt;"); break;
        case '"': buffer_append_string(out, "&quot;"); break;
        case '\'': buffer_append_string(out, "&#39;"); break;
        default: buffer_append(out, p, 1);
        }
    }
}

int html_fill(struct buffer *out, const char *template_text, const char *const names[],
              const char *const values[], struct error *err)
{
    const char *cursor = template_text;
    const char *open;
    while ((open = strstr(cursor, "{{"))) {
        const char *close = strstr(open, "}}");
        if (!close)
            return fail(err, "template: \"{{\" without \"}}\"");
        buffer_append(out, cursor, (size_t)(open - cursor));
        size_t length = (size_t)(close - open - 2);
        size_t i = 0;
        while (names[i] && (strlen(names[i]) != length || strncmp(names[i], open + 2, length)))
            i++;
        if (!names[i])
            return fail(err, "template: unknown placeholder {{%.*s}}", (int)length, open + 2);
        if (strncmp(names[i], "raw_", 4) == 0)
            buffer_append_string(out, values[i]);
        else
            html_escape(out, values[i]);
        cursor = close + 2;
    }
    buffer_append_string(out, cursor);
    return 0;
}
