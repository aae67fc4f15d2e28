/*
 * render.c: from a decoded certificate to PDF bytes.
 *
 * The order matters: compose every text the page will show, check every
 * one against the template's fonts, and only then create the document and
 * draw. A character that would print blank is refused before any PDF work,
 * and nothing is written unless the whole page succeeded. Fonts are loaded
 * into the document only when some text needs them, so the large fallback
 * face costs nothing on the usual certificate.
 */
#include "render.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <hpdf.h>

#include "fontcheck.h"
#include "pdf_embed.h"
#include "pdf_font.h"
#include "pdf_seal.h"
#include "render_page.h"
#include "seal_stamp.h"

#define CHINA_UTC_OFFSET_HOURS 8

/* ---- composing the texts ---- */

/* Keeps RFC 3986 unreserved characters, escapes the rest. */
static char *percent_encode(const char *text)
{
    struct buffer out = {0};
    buffer_append(&out, "", 0);
    for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
        if ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')
            || strchr("-._~", *c))
            buffer_append(&out, c, 1);
        else
            buffer_printf(&out, "%%%02X", *c);
    }
    return out.data;
}

/* The full QR URL carries a signature nobody can type, so the page prints
 * its base (before any '?' or '#') and the certificate number instead. */
static char *printed_url(const char *qr_url, const char *number)
{
    size_t base = strcspn(qr_url, "?#");
    char *encoded = percent_encode(number);
    char *url = xasprintf("%.*s?no=%s", (int)base, qr_url, encoded);
    free(encoded);
    return url;
}

static char *surveillance_list(const struct certificate *c, const struct template *t,
                               int english)
{
    static const char *const names[] = {"n", "date"};
    const char *item = english ? t->texts.surveillance_item.en : t->texts.surveillance_item.zh;
    const char *separator = english ? t->texts.list_separator.en : t->texts.list_separator.zh;
    struct buffer out = {0};
    buffer_append(&out, "", 0);
    for (size_t i = 0; i < c->surveillance_count && i < MAX_SURVEILLANCES; i++) {
        char number[8], date[11];
        snprintf(number, sizeof number, "%zu", i + 1);
        date_format(c->surveillance_due[i], date);
        const char *values[] = {number, date};
        char *text = template_expand(item, names, values, 2);
        if (i > 0)
            buffer_append_string(&out, separator);
        buffer_append_string(&out, text);
        free(text);
    }
    return out.data;
}

static void compose_standard(const struct certificate *c, const struct template *t,
                             struct page_texts *x)
{
    static const char *const names[] = {"standard", "title_zh", "title_en"};
    const char *values[] = {c->scheme->standard, c->scheme->title_zh, c->scheme->title_en};
    x->standard_zh = template_expand(t->texts.standard_value.zh, names, values, 3);
    x->standard_en = template_expand(t->texts.standard_value.en, names, values, 3);
}

static void compose_texts(const struct certificate *c, const struct template *t,
                          const char *qr_url, struct page_texts *x)
{
    static const char *const url_name[] = {"url"};
    const struct template_texts *tx = &t->texts;
    memset(x, 0, sizeof *x);
    x->number_line = xasprintf("%s %s  %s", tx->number.zh, tx->number.en, c->number);
    compose_standard(c, t, x);
    if (c->surveillance_count > 0) {
        x->surveillance_zh = surveillance_list(c, t, 0);
        x->surveillance_en = surveillance_list(c, t, 1);
    }
    x->emblem_label = xasprintf("%s %s", tx->grade.zh, tx->grade.en);
    x->caption = xasprintf("%s %s", tx->scan.zh, tx->scan.en);
    x->printed_url = printed_url(qr_url, c->number);
    const char *url_value[] = {x->printed_url};
    x->statement_zh = template_expand(tx->statement.zh, url_name, url_value, 1);
    x->statement_en = template_expand(tx->statement.en, url_name, url_value, 1);
    date_format(c->issue_date, x->issue_date);
    date_format(c->expiry_date, x->expiry_date);
}

static void free_texts(struct page_texts *x)
{
    char *owned[] = {x->number_line, x->standard_zh, x->standard_en, x->surveillance_zh,
                     x->surveillance_en, x->emblem_label, x->caption, x->statement_zh,
                     x->statement_en, x->printed_url};
    for (size_t i = 0; i < sizeof owned / sizeof owned[0]; i++)
        free(owned[i]);
    memset(x, 0, sizeof *x);
}

/* ---- checking ---- */

struct checked_text {
    const char *field, *text;
    int multiline;
};

static int check_certificate(const struct certificate *c, const char *qr_url,
                             const char *record_json, struct error *err)
{
    const struct checked_text required[] = {
        {"certificate number", c->number, 0}, {"certification body", c->body_name, 0},
        {"holder name", c->holder_name, 0}, {"credit code", c->holder_uscc, 0},
        {"address", c->holder_address, 0}, {"scope", c->scope, 0},
        {"lead auditor", c->lead_auditor, 0}};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (!required[i].text || !*required[i].text)
            return fail(err, "the certificate has no %s", required[i].field);
    if (!c->scheme || !c->grade)
        return fail(err, "the certificate has no scheme or grade");
    if (!c->approved || !c->head_name || !*c->head_name)
        return fail(err, "the certificate has no decision by the head of the body yet");
    if (!qr_url || !*qr_url || !record_json || !*record_json)
        return fail(err, "a certificate PDF needs a QR URL and the signed record");
    for (const unsigned char *u = (const unsigned char *)qr_url; *u; u++)
        if (*u < 0x21 || *u > 0x7E)
            return fail(err, "the QR URL must be printable ASCII without spaces");
    return 0;
}

static int check_labels(struct font_set *fonts, const struct template_texts *tx,
                        struct error *err)
{
    const struct { const char *name; const struct template_label *label; } labels[] = {
        {"texts.number", &tx->number}, {"texts.holder_name", &tx->holder_name},
        {"texts.credit_code", &tx->credit_code}, {"texts.address", &tx->address},
        {"texts.scope", &tx->scope}, {"texts.standard", &tx->standard},
        {"texts.issue_date", &tx->issue_date}, {"texts.expiry_date", &tx->expiry_date},
        {"texts.surveillance", &tx->surveillance}, {"texts.lead_auditor", &tx->lead_auditor},
        {"texts.head", &tx->head}, {"texts.issuer", &tx->issuer}};
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (font_set_check_text(fonts, labels[i].name, labels[i].label->zh, 0, err) != 0
            || font_set_check_text(fonts, labels[i].name, labels[i].label->en, 0, err) != 0)
            return -1;
    return 0;
}

/* Every text the page shows, variable ones first so that their errors
 * name the certificate's field; the seal's label when it is drawn. */
static int check_texts(struct font_set *fonts, const struct certificate *c,
                       const struct template *t, const struct page_texts *x, int sealed,
                       struct error *err)
{
    if (sealed && t->seal.visible
        && font_set_check_text(fonts, "seal.label", t->seal.label, 0, err) != 0)
        return -1;
    const struct checked_text texts[] = {
        {"holder name", c->holder_name, 0}, {"credit code", c->holder_uscc, 0},
        {"address", c->holder_address, 0}, {"scope", c->scope, 1},
        {"certificate number", c->number, 0}, {"certification body", c->body_name, 0},
        {"lead auditor", c->lead_auditor, 0}, {"head of certification body", c->head_name, 0},
        {"grade", c->grade->name_zh, 0}, {"grade", c->grade->name_en, 0},
        {"standard", x->standard_zh, 0}, {"standard", x->standard_en, 0},
        {"surveillance schedule", x->surveillance_zh ? x->surveillance_zh : "", 0},
        {"surveillance schedule", x->surveillance_en ? x->surveillance_en : "", 0},
        {"texts.title", t->texts.title, 0}, {"texts.subtitle", t->texts.subtitle, 0},
        {"texts.number", x->number_line, 0}, {"texts.grade", x->emblem_label, 0},
        {"texts.scan", x->caption, 0}, {"texts.statement", x->statement_zh, 0},
        {"texts.statement", x->statement_en, 0}, {"dates", x->issue_date, 0},
        {"dates", x->expiry_date, 0}};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (font_set_check_text(fonts, texts[i].field, texts[i].text, texts[i].multiline,
                                err) != 0)
            return -1;
    return check_labels(fonts, &t->texts, err);
}

static int load_font_set(const struct template *t, struct font_set *fonts, struct error *err)
{
    memset(fonts, 0, sizeof *fonts);
    for (size_t i = 0; i < t->font_count; i++)
        if (font_set_add(fonts, t->fonts[i].file, t->fonts[i].index, t->fonts[i].ascii_only,
                         err) != 0) {
            font_set_free(fonts);
            return -1;
        }
    return 0;
}

/* ---- the document ---- */

/* Loads the faces the texts need and takes the line metrics from them. */
static int load_faces(struct canvas *cv, const struct font_set *fonts, struct error *err)
{
    const struct template *t = cv->template;
    cv->typeface.fonts = fonts;
    for (size_t i = 0; i < fonts->count; i++) {
        if (!fonts->used[i])
            continue;
        HPDF_Font face = pdf_font_load(cv->pdf, t->fonts[i].file, t->fonts[i].index,
                                       font_coverage_is_collection(fonts->faces[i]),
                                       fonts->used[i], err);
        if (!face)
            return -1;
        cv->typeface.faces[i] = face;
        cv->typeface.ascent = fmaxf(cv->typeface.ascent, (float)HPDF_Font_GetAscent(face) / 1000);
        cv->typeface.descent =
            fmaxf(cv->typeface.descent, -(float)HPDF_Font_GetDescent(face) / 1000);
    }
    return 0;
}

static HPDF_Date shanghai_now(void)
{
    time_t now = time(NULL) + CHINA_UTC_OFFSET_HOURS * 3600;
    struct tm civil;
    gmtime_r(&now, &civil);
    return (HPDF_Date){civil.tm_year + 1900, civil.tm_mon + 1, civil.tm_mday, civil.tm_hour,
                       civil.tm_min, civil.tm_sec, '+', CHINA_UTC_OFFSET_HOURS, 0};
}

static void set_info(HPDF_Doc pdf, const struct certificate *c, const struct template *t)
{
    char *title = xasprintf("%s %s", t->texts.title, c->number);
    HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, title);
    HPDF_SetInfoAttr(pdf, HPDF_INFO_AUTHOR, c->body_name);
    HPDF_SetInfoAttr(pdf, HPDF_INFO_SUBJECT, c->holder_name);
    HPDF_SetInfoAttr(pdf, HPDF_INFO_KEYWORDS, c->number);
    HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "starmark");
    HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, shanghai_now());
    free(title);
}

static int open_document(struct canvas *cv, const struct font_set *fonts, struct error *err)
{
    cv->pdf = HPDF_New(NULL, NULL);
    if (!cv->pdf)
        return fail(err, "the PDF library cannot start");
    HPDF_SetCompressionMode(cv->pdf, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(cv->pdf);
    HPDF_SetCurrentEncoder(cv->pdf, "UTF-8");
    if (load_faces(cv, fonts, err) != 0)
        return -1;
    cv->page = HPDF_AddPage(cv->pdf);
    HPDF_Page_SetWidth(cv->page, cv->template->page_width);
    HPDF_Page_SetHeight(cv->page, cv->template->page_height);
    if (HPDF_GetError(cv->pdf) != HPDF_OK)
        return fail(err, "the PDF library cannot set up the page (error 0x%04X)",
                    (unsigned)HPDF_GetError(cv->pdf));
    return 0;
}

static int save_to_memory(HPDF_Doc pdf, unsigned char **out, size_t *length, struct error *err)
{
    if (HPDF_SaveToStream(pdf) != HPDF_OK)
        return fail(err, "the PDF library cannot write the file (error 0x%04X, detail %u)",
                    (unsigned)HPDF_GetError(pdf), (unsigned)HPDF_GetErrorDetail(pdf));
    HPDF_UINT32 size = HPDF_GetStreamSize(pdf), got = size;
    unsigned char *data = xmalloc(size ? size : 1);
    HPDF_STATUS status = HPDF_ReadFromStream(pdf, data, &got);
    if ((status != HPDF_OK && status != HPDF_STREAM_EOF) || got != size) {
        free(data);
        return fail(err, "the PDF library returned a short file");
    }
    *out = data;
    *length = size;
    return 0;
}

/* The seal's empty signature field, with the stamp in its own form when
 * the template shows it (pdf_seal.h). */
static int add_seal_field(struct canvas *cv, struct pdf_seal_field *field, struct error *err)
{
    const struct template_seal *seal = &cv->template->seal;
    HPDF_Rect rect = {seal->box.left, seal->box.bottom, seal->box.left + seal->box.width,
                      seal->box.bottom + seal->box.height};
    if (!seal->visible)
        return pdf_seal_add_field(cv->pdf, cv->page, rect, NULL, field, err);
    struct pdf_seal_picture picture;
    struct error ignored;
    if (pdf_seal_begin_picture(cv->pdf, cv->page, rect, &picture, err) != 0)
        return -1;
    if (seal_stamp_draw(cv, err) != 0) {
        pdf_seal_end_picture(cv->pdf, cv->page, &picture, &ignored);
        return -1;
    }
    if (pdf_seal_end_picture(cv->pdf, cv->page, &picture, err) != 0)
        return -1;
    return pdf_seal_add_field(cv->pdf, cv->page, rect, &picture, field, err);
}

/* The seal is added last, so that it covers the attachments too. */
static int build_pdf(struct canvas *cv, const struct font_set *fonts, const char *qr_url,
                     const char *record_json, const char *log_proof,
                     const struct seal_signer *seal, unsigned char **pdf_out,
                     size_t *length_out, struct error *err)
{
    struct pdf_seal_field field;
    int status = open_document(cv, fonts, err) != 0 || draw_page(cv, qr_url, err) != 0
                         || pdf_embed_record(cv->pdf, record_json, err) != 0
                         || (log_proof && pdf_embed_log_proof(cv->pdf, log_proof, err) != 0)
                     ? -1 : 0;
    if (status == 0) {
        set_info(cv->pdf, cv->certificate, cv->template);
        status = (seal && add_seal_field(cv, &field, err) != 0)
                         || save_to_memory(cv->pdf, pdf_out, length_out, err) != 0
                     ? -1 : 0;
    }
    if (cv->pdf)
        HPDF_Free(cv->pdf);
    if (status == 0 && seal && pdf_seal_sign(pdf_out, length_out, &field, seal, err) != 0) {
        free(*pdf_out);
        *pdf_out = NULL;
        status = -1;
    }
    return status;
}

int render_certificate_to_memory(const struct certificate *c, const struct template *t,
                                 const char *qr_url, const char *record_json,
                                 const char *log_proof, const struct seal_signer *seal,
                                 unsigned char **pdf_out, size_t *length_out,
                                 struct error *err)
{
    struct font_set fonts;
    struct page_texts texts;
    *pdf_out = NULL;
    *length_out = 0;
    if (check_certificate(c, qr_url, record_json, err) != 0 || load_font_set(t, &fonts, err) != 0)
        return -1;
    compose_texts(c, t, qr_url, &texts);
    int status = check_texts(&fonts, c, t, &texts, seal != NULL, err);
    if (status == 0) {
        struct canvas canvas = {.template = t, .certificate = c, .texts = &texts};
        status = build_pdf(&canvas, &fonts, qr_url, record_json, log_proof, seal, pdf_out,
                           length_out, err);
    }
    free_texts(&texts);
    font_set_free(&fonts);
    if (status != 0 && err && c->number && *c->number) {
        /* Name the certificate: `issuer render --all` renders many. */
        char reason[sizeof err->message];
        memcpy(reason, err->message, sizeof reason);
        fail(err, "%s: %s", c->number, reason);
    }
    return status;
}

int render_certificate(const struct certificate *c, const struct template *t,
                       const char *qr_url, const char *record_json, const char *log_proof,
                       const struct seal_signer *seal, const char *out_path,
                       struct error *err)
{
    unsigned char *pdf;
    size_t length;
    if (render_certificate_to_memory(c, t, qr_url, record_json, log_proof, seal, &pdf, &length,
                                     err) != 0)
        return -1;
    int status = write_file_atomic(out_path, pdf, length, 0644, 0, err);
    free(pdf);
    return status;
}
