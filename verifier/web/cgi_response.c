/*
 * cgi_response.c: the header lines, then the body.
 */
#include "cgi_response.h"

static const char *reason_phrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    default: return "Service Unavailable";
    }
}

static void append_policy(struct buffer *out, const char *style_hash)
{
    buffer_append_string(out, "Content-Security-Policy: default-src 'none'; ");
    if (style_hash)
        buffer_printf(out, "style-src '%s'; ", style_hash);
    buffer_append_string(out, "form-action 'self'; base-uri 'none'; frame-ancestors 'none'\r\n");
}

void response_format(const struct response *response, int head_only, struct buffer *out)
{
    buffer_printf(out, "Status: %d %s\r\n", response->status, reason_phrase(response->status));
    buffer_printf(out, "Content-Type: %s\r\nContent-Length: %zu\r\n", response->content_type,
                  response->length);
    if (response->status == 405)
        buffer_append_string(out, "Allow: GET, HEAD\r\n");
    append_policy(out, response->style_hash);
    buffer_append_string(out, "X-Content-Type-Options: nosniff\r\n"
                               "Referrer-Policy: no-referrer\r\n"
                               "Vary: Accept, Accept-Language\r\n");
    if (response->max_age >= 0)
        buffer_printf(out, "Cache-Control: public, max-age=%d\r\n\r\n", response->max_age);
    else
        buffer_append_string(out, "Cache-Control: no-store\r\n\r\n");
    if (!head_only)
        buffer_append(out, response->body, response->length);
}
