/*
 * cgi_page.c: assembling verify.cgi's pages from template parts.
 *
 * A result page reads top to bottom in the order a person at a tender needs
 * it: the verdict (banner), whose certificate it is (holder name and credit
 * code, to compare with the paper), the grade, then the details and when the
 * status was published. Then the form, to check another certificate.
 */
#include "cgi_page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>

#include "grade.h"
#include "status.h"

/* What a result shows of a certificate, from a claim or a record. */
struct certificate_view {
    const char *number, *holder_name, *holder_uscc, *standard, *body_id, *body_name;
    const struct scheme_grade *grade;
    struct date issue_date, expiry_date;
    const struct certificate *record;   /* scope and schedule, when known */
};

static int is_english(const struct page_context *context)
{
    return strcmp(context->text->lang, "en") == 0;
}

static const char *pick(const struct page_context *context, const char *zh, const char *en)
{
    return is_english(context) ? en : zh;
}

static const char *word(const struct page_context *context, const char *key)
{
    return page_word(context->text, key);
}

/* The word whose key is prefix + id, e.g. verdict_suspended. */
static const char *word_for(const struct page_context *context, const char *prefix,
                            const char *id)
{
    char key[64];
    snprintf(key, sizeof key, "%s%s", prefix, id);
    return word(context, key);
}

static void append_url_encoded(struct buffer *out, const char *text)
{
    static const char unreserved[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                     "0123456789-._~";
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        if (strchr(unreserved, *p))
            buffer_append(out, p, 1);
        else
            buffer_printf(out, "%%%02X", *p);
}

/* The same question in the other language. */
static char *switch_href(const struct page_context *context)
{
    const struct request *request = context->request;
    struct buffer href = {0};
    buffer_printf(&href, "?lang=%s", word(context, "lang_switch_code"));
    if (request->problem == PROBLEM_NONE && (request->claim || request->number)) {
        buffer_append_string(&href, request->claim ? "&c=" : "&no=");
        append_url_encoded(&href, request->claim ? request->claim : request->number);
    }
    return href.data;
}

/* Wraps content (which it frees) in the page: head, style, header. */
static char *document(const struct page_context *context, const char *title,
                      struct buffer *content, struct error *err)
{
    struct page_values values = {0};
    struct buffer page = {0};
    char *href = switch_href(context);
    page_value(&values, "title", title);
    page_value(&values, "raw_css", page_part(context->text, "css"));
    page_value(&values, "body_name", context->body_name);
    page_value(&values, "switch_href", href);
    page_value(&values, "raw_main", content->data);
    int failed = page_fill(&page, context->text, "page", &values, err);
    free(href);
    buffer_free(content);
    if (failed) {
        buffer_free(&page);
        return NULL;
    }
    return page.data;
}

static int append_search(const struct page_context *context, struct buffer *content,
                         struct error *err)
{
    struct page_values values = {0};
    page_value(&values, "lang", context->text->lang);
    page_value(&values, "number", context->request->number);
    struct page_values none = {0};
    return page_fill(content, context->text, "form", &values, err)
           || page_fill(content, context->text, "explain", &none, err);
}

char *page_form(const struct page_context *context, struct error *err)
{
    struct buffer content = {0};
    if (append_search(context, &content, err) != 0) {
        buffer_free(&content);
        return NULL;
    }
    return document(context, word(context, "page_title"), &content, err);
}

char *page_problem(const struct page_context *context, enum problem problem,
                   struct error *err)
{
    char status[16];
    snprintf(status, sizeof status, "%d", problem_http_status(problem));
    const char *title_text = word_for(context, "title_", status);
    struct page_values values = {0};
    page_value(&values, "problem_title", title_text);
    page_value(&values, "problem_text", word_for(context, "problem_", problem_code(problem)));
    struct buffer content = {0};
    if (page_fill(&content, context->text, "problem", &values, err) != 0
        || append_search(context, &content, err) != 0) {
        buffer_free(&content);
        return NULL;
    }
    char *title = xasprintf("%s — %s", title_text, word(context, "page_title"));
    char *page = document(context, title, &content, err);
    free(title);
    return page;
}

/* 0 when the check decoded nothing that may be shown (not genuine). */
static int view_of(const struct check_result *check, const char *trust_body_name,
                   struct certificate_view *view)
{
    int from_claim = check->kind == CHECK_QR;
    const struct certificate *record =
        check->have_record && check->record.decoded ? &check->record.certificate : NULL;
    if (from_claim && check->claim.decoded) {
        const struct claim *claim = &check->claim.claim;
        *view = (struct certificate_view){claim->number, claim->holder_name, claim->holder_uscc,
                                          claim->standard, claim->body_id, trust_body_name,
                                          claim->grade, claim->issue_date, claim->expiry_date,
                                          record};
        return 1;
    }
    if (from_claim || !record)
        return 0;
    *view = (struct certificate_view){record->number, record->holder_name, record->holder_uscc,
                                      record->scheme->standard, record->body_id,
                                      record->body_name, record->grade, record->issue_date,
                                      record->expiry_date, record};
    return 1;
}

/* The result's status word in the page's language, or in the other one:
 * status.c names the statuses, the strings file the rest (not yet valid). */
static const char *result_word(const struct page_context *context, const char *result,
                               int other)
{
    const struct status_name *name =
        status_name(strcmp(result, "status_unknown") == 0 ? "unknown" : result);
    if (!name)
        return word_for(context, other ? "other_word_" : "word_", result);
    return is_english(context) != other ? name->en : name->zh;
}

static int append_banner(const struct page_context *context, const char *result,
                         struct buffer *content, struct error *err)
{
    struct page_values values = {0};
    page_value(&values, "status_class", result);
    page_value(&values, "symbol", word_for(context, "symbol_", result));
    page_value(&values, "word", result_word(context, result, 0));
    page_value(&values, "other_word", result_word(context, result, 1));
    page_value(&values, "verdict", word_for(context, "verdict_", result));
    return page_fill(content, context->text, "banner", &values, err);
}

static int append_holder(const struct page_context *context,
                         const struct certificate_view *view, struct buffer *content,
                         struct error *err)
{
    struct page_values holder = {0}, grade = {0};
    page_value(&holder, "holder_name", view->holder_name);
    page_value(&holder, "holder_uscc", view->holder_uscc);
    page_value(&grade, "stars", grade_stars(view->grade));
    page_value(&grade, "grade_name", pick(context, view->grade->name_zh, view->grade->name_en));
    return page_fill(content, context->text, "holder", &holder, err)
           || page_fill(content, context->text, "grade", &grade, err);
}

/* One row of the facts list; nothing when value is empty. */
static int add_fact(const struct page_context *context, struct buffer *rows,
                    const char *label_key, const char *value, struct error *err)
{
    if (!value || !*value)
        return 0;
    struct page_values values = {0};
    page_value(&values, "label", word(context, label_key));
    page_value(&values, "value", value);
    return page_fill(rows, context->text, "fact", &values, err);
}

static void format_validity(const struct page_context *context,
                            const struct certificate_view *view, struct buffer *out)
{
    char issue[11], expiry[11];
    date_format(view->issue_date, issue);
    date_format(view->expiry_date, expiry);
    buffer_printf(out, "%s %s %s", issue, word(context, "validity_to"), expiry);
}

/* The published last and next surveillance, else the record's schedule. */
static void format_surveillance(const struct page_context *context, const struct answer *answer,
                                const struct certificate *record, struct buffer *out)
{
    const struct publication_entry *status = &answer->status;
    if (answer->status_checked && (status->last_surveillance[0] || status->next_due[0])) {
        if (status->last_surveillance[0])
            buffer_printf(out, "%s %s", word(context, "surveillance_last"),
                          status->last_surveillance);
        if (status->next_due[0])
            buffer_printf(out, "%s%s %s", status->last_surveillance[0] ? " · " : "",
                          word(context, "surveillance_next"), status->next_due);
        return;
    }
    for (size_t i = 0; record && i < record->surveillance_count; i++) {
        char due[11];
        date_format(record->surveillance_due[i], due);
        buffer_printf(out, "%s %s", i ? "," : word(context, "surveillance_schedule"), due);
    }
}

/* The published status; "since" only when the publication itself says so
 * (an overdue surveillance the reader worked out has no such date). */
static void format_status(const struct page_context *context,
                          const struct publication_entry *status, struct buffer *out)
{
    const char *id = outcome_status_id(status->verdict.outcome);
    const struct status_name *name = status_name(id);
    buffer_append_string(out, pick(context, name->zh, name->en));
    if (status->since[0] && strcmp(status->status, id) == 0)
        buffer_printf(out, " %s %s", word(context, "status_since"), status->since);
}

static void format_reason(const struct page_context *context,
                          const struct publication_entry *status, struct buffer *out)
{
    enum outcome outcome = status->verdict.outcome;
    if (outcome == OUTCOME_VALID || outcome == OUTCOME_STATUS_UNKNOWN)
        return;
    const struct reason_code *code =
        status->reason_code[0] ? reason_code_find(status->reason_code) : NULL;
    if (code)
        buffer_append_string(out, pick(context, code->zh, code->en));
    if (code && status->status_reason[0])
        buffer_append_string(out, " — ");
    buffer_append_string(out, status->status_reason);
}

static const char *check_note(const struct check_result *check)
{
    return check->kind == CHECK_QR ? check->claim.verdict.reason : check->record.verdict.reason;
}

/* The text of each fact row, in the order shown. */
enum fact { FACT_NUMBER, FACT_SCOPE, FACT_STANDARD, FACT_VALIDITY, FACT_SURVEILLANCE,
            FACT_STATUS, FACT_REASON, FACT_DETAIL, FACT_BODY, FACT_CHECKED, FACT_COUNT };

static void format_facts(const struct page_context *context, const struct check_result *check,
                         const struct certificate_view *view, struct buffer texts[FACT_COUNT])
{
    const struct publication_entry *status = &check->answer.status;
    if (view) {
        buffer_append_string(&texts[FACT_NUMBER], view->number);
        buffer_append_string(&texts[FACT_SCOPE], view->record ? view->record->scope : "");
        buffer_append_string(&texts[FACT_STANDARD], view->standard);
        format_validity(context, view, &texts[FACT_VALIDITY]);
        format_surveillance(context, &check->answer, view->record, &texts[FACT_SURVEILLANCE]);
    }
    if (check->answer.status_checked) {
        format_status(context, status, &texts[FACT_STATUS]);
        format_reason(context, status, &texts[FACT_REASON]);
    }
    buffer_append_string(&texts[FACT_DETAIL], status->verdict.reason[0] ? status->verdict.reason
                                                                        : check_note(check));
    if (view)
        buffer_printf(&texts[FACT_BODY], "%s (%s)", view->body_name, view->body_id);
    char checked[11];
    date_format(check->kind == CHECK_QR ? check->claim.checked_on : check->record.checked_on,
                checked);
    buffer_append_string(&texts[FACT_CHECKED], checked);
}

static int append_facts(const struct page_context *context, const struct check_result *check,
                        const struct certificate_view *view, struct buffer *content,
                        struct error *err)
{
    static const char *const labels[FACT_COUNT] = {
        "number_label", "scope_label", "standard_label", "validity_label",
        "surveillance_label", "status_label", "reason_label", "detail_label", "body_label",
        "checked_label"};
    struct buffer texts[FACT_COUNT] = {{0}}, rows = {0};
    format_facts(context, check, view, texts);
    int failed = 0;
    for (int i = 0; i < FACT_COUNT; i++) {
        failed = failed || add_fact(context, &rows, labels[i], texts[i].data, err);
        buffer_free(&texts[i]);
    }
    struct page_values values = {0};
    page_value(&values, "raw_rows", rows.data);
    failed = failed || page_fill(content, context->text, "facts", &values, err);
    buffer_free(&rows);
    return failed ? -1 : 0;
}

/* "2026-11-27T04:00:00+08:00" as "2026-11-27 04:00:00 +08:00". */
static void friendly_moment(const char *moment, char out[40])
{
    if (strlen(moment) == 25 && moment[10] == 'T')
        snprintf(out, 40, "%.10s %.8s %s", moment, moment + 11, moment + 19);
    else
        snprintf(out, 40, "%s", moment);
}

static int append_published(const struct page_context *context, const struct answer *answer,
                            struct buffer *content, struct error *err)
{
    if (!answer->status_checked || !answer->status.published_at[0])
        return 0;
    char published[40], next[40];
    friendly_moment(answer->status.published_at, published);
    friendly_moment(answer->status.next_update, next);
    struct page_values values = {0};
    page_value(&values, "published_at", published);
    page_value(&values, "next_update", next);
    return page_fill(content, context->text, "published", &values, err);
}

static char *result_title(const struct page_context *context, const char *result,
                          const struct certificate_view *view)
{
    const char *status = result_word(context, result, 0);
    if (!view)
        return xasprintf("%s — %s", status, word(context, "page_title"));
    return xasprintf("%s · %s — %s", status, view->holder_name, word(context, "page_title"));
}

char *page_result(const struct page_context *context, const struct check_result *check,
                  struct error *err)
{
    struct certificate_view view;
    int shown = view_of(check, context->body_name, &view);
    const char *result = outcome_name(check->answer.outcome);
    struct buffer content = {0};
    int failed = append_banner(context, result, &content, err)
                 || (shown && append_holder(context, &view, &content, err))
                 || append_facts(context, check, shown ? &view : NULL, &content, err)
                 || append_published(context, &check->answer, &content, err)
                 || append_search(context, &content, err);
    if (failed) {
        buffer_free(&content);
        return NULL;
    }
    char *title = result_title(context, result, shown ? &view : NULL);
    char *page = document(context, title, &content, err);
    free(title);
    return page;
}

void page_style_hash(const struct page_text *text, char out[64])
{
    const char *css = page_part(text, "css");
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(css ? css : "", css ? strlen(css) : 0, digest, &length, EVP_sha256(), NULL);
    memcpy(out, "sha256-", 7);
    EVP_EncodeBlock((unsigned char *)out + 7, digest, (int)length);
}
