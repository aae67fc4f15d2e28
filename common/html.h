/*
 * html.h: writing text into HTML safely. Every string that reaches a page
 * (holder names, reasons, numbers) goes through html_escape: a holder may
 * well be called "<script>".
 */
#ifndef STARMARK_HTML_H
#define STARMARK_HTML_H

#include "util.h"

/* Appends text with & < > " ' escaped. */
void html_escape(struct buffer *out, const char *text);

/* Fills a template: each {{name}} is replaced by the value of the same name
 * (escaped unless the name starts with "raw_"). An unknown placeholder is
 * an error, so a typo in a template never reaches a page. */
int html_fill(struct buffer *out, const char *template_text, const char *const names[],
              const char *const values[], struct error *err);

#endif
