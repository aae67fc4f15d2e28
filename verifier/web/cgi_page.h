/*
 * cgi_page.h: verify.cgi's HTML pages: the search form, a result and a
 * refusal. Words and layout are templates (page_text.h); this module
 * decides which facts a result shows, in which order, taken from the check.
 * Every value goes through the template filler, which escapes it: a holder
 * may be called "<script>".
 */
#ifndef STARMARK_CGI_PAGE_H
#define STARMARK_CGI_PAGE_H

#include "cgi_problem.h"
#include "cgi_request.h"
#include "check.h"
#include "page_text.h"

struct page_context {
    const struct page_text *text;
    const struct request *request;
    const char *body_name;      /* from the trust store; "" when it could not be read */
};

/* Each returns a whole page (the caller frees it), or NULL with err set. */
char *page_form(const struct page_context *context, struct error *err);
char *page_result(const struct page_context *context, const struct check_result *check,
                  struct error *err);
char *page_problem(const struct page_context *context, enum problem problem,
                   struct error *err);

/* "sha256-BASE64": the Content-Security-Policy source of the pages' one
 * <style> block, so no other style can run. */
void page_style_hash(const struct page_text *text, char out[64]);

#endif
