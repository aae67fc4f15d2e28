/*
 * render_page.c: placing the prepared texts and the decorations on the page.
 *
 * Each block of the page (title, details, emblem, dates, signatures,
 * statement, QR) is drawn inside its template box and only there: text is
 * fitted to the box's width by wrapping and shrinking down to the style's
 * minimum size, and a block whose content still does not fit is an error
 * rather than an overflow. Blocks cannot collide because template_load
 * refuses overlapping boxes.
 *
 * Vertical rhythm comes from the template's line spacing: the gap between
 * two stacked texts is (line_spacing - 1) times the lower text's size.
 */
#include "render_page.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ornament.h"
#include "pdf_embed.h"
#include "qr.h"

#define POINTS_PER_MM (72.0f / 25.4f)
#define SCALE_STEP 0.05f   /* how much the details shrink per attempt */
#define SMALLEST_SCALE 0.3f
#define MAX_GAP_GROWTH 4.0f /* how far short details may spread out */
#define SIZE_STEP 0.25f      /* points between the sizes tried for the statement */
#define MODULE_STEP 0.05f    /* points between the QR module sizes tried */
#define DIVIDER_DIAMOND 0.3f /* the title divider's diamond, per pt of the number's size */

/* ---- colours and boxes ---- */

static void fill_color(HPDF_Page page, struct template_color c)
{
    HPDF_Page_SetRGBFill(page, c.red, c.green, c.blue);
}

static void stroke_color(HPDF_Page page, struct template_color c)
{
    HPDF_Page_SetRGBStroke(page, c.red, c.green, c.blue);
}

static float box_top(const struct template_box *box)
{
    return box->bottom + box->height;
}

static void horizontal_rule(HPDF_Page page, float left, float right, float y)
{
    HPDF_Page_MoveTo(page, left, y);
    HPDF_Page_LineTo(page, right, y);
    HPDF_Page_Stroke(page);
}

/* ---- paragraphs: a measured, fitted text and its style ---- */

struct paragraph {
    struct measured_text measured;
    struct text_block block;
    const struct template_style *style;
};

static float line_spacing(const struct canvas *cv)
{
    return cv->template->details.line_spacing;
}

/* Fits text into width in at most max_lines, from size down to the
 * style's min_size. what names the text in the error. */
static int paragraph_fit(const struct canvas *cv, struct paragraph *p, const char *text,
                         const struct template_style *style, float size, float width,
                         size_t max_lines, const char *what, struct error *err)
{
    memset(p, 0, sizeof *p);
    p->style = style;
    if (text_measure(&cv->typeface, text, &p->measured, err) != 0)
        return -1;
    if (text_fit(&p->measured, size, style->min_size, style->tracking, line_spacing(cv), width,
                 max_lines, &p->block) != 0) {
        text_measured_free(&p->measured);
        return fail(err, "%s does not fit in %zu line(s) of %.0f mm, even at %.1f pt", what,
                    max_lines, (double)(width / POINTS_PER_MM), (double)style->min_size);
    }
    return 0;
}

static void paragraph_free(struct paragraph *p)
{
    text_measured_free(&p->measured);
}

static float ascent_of(const struct canvas *cv, const struct paragraph *p)
{
    return cv->typeface.ascent * p->block.size;
}

static float bottom_of(const struct canvas *cv, const struct paragraph *p, float baseline)
{
    return baseline - (float)(p->block.line_count - 1) * p->block.leading
           - cv->typeface.descent * p->block.size;
}

/* The first baseline of next when it is stacked under p. */
static float baseline_after(const struct canvas *cv, const struct paragraph *p,
                            float baseline, const struct paragraph *next)
{
    return bottom_of(cv, p, baseline) - ascent_of(cv, next)
           - (line_spacing(cv) - 1) * next->block.size;
}

static void paragraph_draw(const struct canvas *cv, const struct paragraph *p, float left,
                           float baseline, float width, enum text_align align)
{
    const struct template_style *style = p->style;
    fill_color(cv->page, style->color);
    if (style->outline > 0) {
        stroke_color(cv->page, style->color);
        HPDF_Page_SetLineWidth(cv->page, style->outline);
        HPDF_Page_SetTextRenderingMode(cv->page, HPDF_FILL_THEN_STROKE);
    }
    text_draw(cv->page, &cv->typeface, &p->measured, &p->block, left, baseline, width, align);
    if (style->outline > 0)
        HPDF_Page_SetTextRenderingMode(cv->page, HPDF_FILL);
}

static int overflow(const char *box, struct error *err)
{
    return fail(err, "the texts of boxes_mm.%s do not fit in it, even at the smallest sizes",
                box);
}

/* ---- background and frame ---- */

static void draw_background(const struct canvas *cv)
{
    const struct template *t = cv->template;
    fill_color(cv->page, t->background);
    HPDF_Page_Rectangle(cv->page, 0, 0, t->page_width, t->page_height);
    HPDF_Page_Fill(cv->page);
    if (!t->rosette.present)
        return;
    stroke_color(cv->page, t->rosette.color);
    HPDF_Page_SetLineWidth(cv->page, t->rosette.line);
    ornament_rosette(cv->page, t->rosette.center_x, t->rosette.center_y, t->rosette.radius,
                     t->rosette.petals);
}

static void inset_rectangle(const struct canvas *cv, float inset, float line)
{
    const struct template *t = cv->template;
    HPDF_Page_SetLineWidth(cv->page, line);
    HPDF_Page_Rectangle(cv->page, inset, inset, t->page_width - 2 * inset,
                        t->page_height - 2 * inset);
    HPDF_Page_Stroke(cv->page);
}

static void draw_frame(const struct canvas *cv)
{
    const struct template_frame *f = &cv->template->frame;
    float width = cv->template->page_width, height = cv->template->page_height;
    float near = f->inner_inset;
    stroke_color(cv->page, f->color);
    inset_rectangle(cv, f->outer_inset, f->outer_line);
    inset_rectangle(cv, f->inner_inset, f->inner_line);
    stroke_color(cv->page, f->ornament_color);
    fill_color(cv->page, f->ornament_color);
    HPDF_Page_SetLineWidth(cv->page, f->ornament_line);
    ornament_corner(cv->page, near, near, f->ornament_size, 1, 1);
    ornament_corner(cv->page, width - near, near, f->ornament_size, -1, 1);
    ornament_corner(cv->page, near, height - near, f->ornament_size, 1, -1);
    ornament_corner(cv->page, width - near, height - near, f->ornament_size, -1, -1);
}

/* ---- title ---- */

static void draw_title_divider(const struct canvas *cv, float y, float half_width)
{
    const struct template *t = cv->template;
    const struct template_box *box = &t->boxes.title;
    stroke_color(cv->page, t->frame.ornament_color);
    fill_color(cv->page, t->frame.ornament_color);
    HPDF_Page_SetLineWidth(cv->page, t->frame.ornament_line);
    ornament_divider(cv->page, box->left + box->width / 2, y, half_width,
                     t->styles.number.size * DIVIDER_DIAMOND);
}

static int place_title(const struct canvas *cv, const struct paragraph *title,
                       const struct paragraph *subtitle, const struct paragraph *number,
                       struct error *err)
{
    const struct template_box *box = &cv->template->boxes.title;
    float title_base = box_top(box) - ascent_of(cv, title);
    float subtitle_base = baseline_after(cv, title, title_base, subtitle);
    float gap = (line_spacing(cv) - 1) * number->block.size * 2;
    float divider = bottom_of(cv, subtitle, subtitle_base) - gap;
    float number_base = divider - gap - ascent_of(cv, number);
    if (bottom_of(cv, number, number_base) < box->bottom)
        return overflow("title", err);
    paragraph_draw(cv, title, box->left, title_base, box->width, TEXT_CENTER);
    paragraph_draw(cv, subtitle, box->left, subtitle_base, box->width, TEXT_CENTER);
    draw_title_divider(cv, divider, text_block_width(&title->block) / 2);
    paragraph_draw(cv, number, box->left, number_base, box->width, TEXT_CENTER);
    return 0;
}

static int draw_title(const struct canvas *cv, struct error *err)
{
    const struct template *t = cv->template;
    float width = t->boxes.title.width;
    const struct template_styles *s = &t->styles;
    struct paragraph title = {0}, subtitle = {0}, number = {0};
    int status = paragraph_fit(cv, &title, t->texts.title, &s->title, s->title.size, width, 1,
                               "texts.title", err) != 0
                         || paragraph_fit(cv, &subtitle, t->texts.subtitle, &s->subtitle,
                                          s->subtitle.size, width, 1, "texts.subtitle", err) != 0
                         || paragraph_fit(cv, &number, cv->texts->number_line, &s->number,
                                          s->number.size, width, 1, "the certificate number",
                                          err) != 0
                     ? -1
                     : place_title(cv, &title, &subtitle, &number, err);
    paragraph_free(&title);
    paragraph_free(&subtitle);
    paragraph_free(&number);
    return status;
}

/* ---- details: label and value rows ---- */

enum { ROW_HOLDER, ROW_CREDIT_CODE, ROW_ADDRESS, ROW_SCOPE, ROW_STANDARD, ROW_SURVEILLANCE,
       MAX_ROWS };

struct detail_row {
    const struct template_label *label;
    const char *value, *english; /* english: a smaller second text, or NULL */
    const struct template_style *style;
    int max_lines;
    const char *field;
};

struct row_layout {
    struct paragraph label_zh, label_en, value, english;
    int has_english;
    float baseline; /* below the row's top */
    float height;
};

static size_t detail_rows(const struct canvas *cv, struct detail_row rows[MAX_ROWS])
{
    const struct template *t = cv->template;
    const struct certificate *c = cv->certificate;
    const struct page_texts *x = cv->texts;
    const struct template_styles *s = &t->styles;
    const struct template_details *d = &t->details;
    rows[ROW_HOLDER] = (struct detail_row){&t->texts.holder_name, c->holder_name, NULL,
                                           &s->holder_name, d->holder_name_lines, "holder name"};
    rows[ROW_CREDIT_CODE] = (struct detail_row){&t->texts.credit_code, c->holder_uscc, NULL,
                                                &s->value, 1, "credit code"};
    rows[ROW_ADDRESS] = (struct detail_row){&t->texts.address, c->holder_address, NULL,
                                            &s->value, d->address_lines, "address"};
    rows[ROW_SCOPE] = (struct detail_row){&t->texts.scope, c->scope, NULL, &s->value,
                                          d->scope_lines, "scope"};
    rows[ROW_STANDARD] = (struct detail_row){&t->texts.standard, x->standard_zh,
                                             x->standard_en, &s->value, 2, "standard"};
    rows[ROW_SURVEILLANCE] = (struct detail_row){&t->texts.surveillance, x->surveillance_zh,
                                                 x->surveillance_en, &s->value, 3,
                                                 "surveillance schedule"};
    return x->surveillance_zh ? MAX_ROWS : MAX_ROWS - 1;
}

static void row_free(struct row_layout *row)
{
    paragraph_free(&row->label_zh);
    paragraph_free(&row->label_en);
    paragraph_free(&row->value);
    paragraph_free(&row->english);
}

static int fit_row_texts(const struct canvas *cv, const struct detail_row *row, float scale,
                         struct row_layout *out, struct error *err)
{
    const struct template *t = cv->template;
    const struct template_styles *s = &t->styles;
    float label_width = t->details.label_width - s->label.size;
    float value_width = t->boxes.details.width - t->details.label_width;
    memset(out, 0, sizeof *out);
    if (paragraph_fit(cv, &out->label_zh, row->label->zh, &s->label, s->label.size,
                      label_width, 2, "a label", err) != 0)
        return -1;
    if (paragraph_fit(cv, &out->label_en, row->label->en, &s->label_english,
                      s->label_english.size, label_width, 2, "a label", err) != 0
        || paragraph_fit(cv, &out->value, row->value, row->style,
                         fmaxf(row->style->size * scale, row->style->min_size), value_width,
                         (size_t)row->max_lines, row->field, err) != 0)
        return -1;
    if (!row->english)
        return 0;
    out->has_english = 1;
    const struct template_style *english = &s->value_english;
    return paragraph_fit(cv, &out->english, row->english, english,
                         fmaxf(english->size * scale, english->min_size), value_width, 3,
                         row->field, err);
}

/* Label and value share their first baseline; the row ends below the
 * lower of the two columns. */
static void measure_row(const struct canvas *cv, struct row_layout *row)
{
    float baseline = -fmaxf(ascent_of(cv, &row->label_zh), ascent_of(cv, &row->value));
    float label_en = baseline_after(cv, &row->label_zh, baseline, &row->label_en);
    float bottom = bottom_of(cv, &row->label_en, label_en);
    float value_bottom = bottom_of(cv, &row->value, baseline);
    if (row->has_english) {
        float english = baseline_after(cv, &row->value, baseline, &row->english);
        value_bottom = bottom_of(cv, &row->english, english);
    }
    row->baseline = -baseline;
    row->height = -fminf(bottom, value_bottom);
}

/* Lays out all rows at one scale of the value sizes; returns the total
 * height, or -1 when a text cannot fit its width. */
static float lay_out_rows(const struct canvas *cv, const struct detail_row *rows, size_t count,
                          float scale, struct row_layout *out, struct error *err)
{
    float total = cv->template->details.row_gap * (float)(count - 1);
    for (size_t i = 0; i < count; i++) {
        if (fit_row_texts(cv, &rows[i], scale, &out[i], err) != 0) {
            row_free(&out[i]);
            while (i-- > 0)
                row_free(&out[i]);
            return -1;
        }
        measure_row(cv, &out[i]);
        total += out[i].height;
    }
    return total;
}

static void draw_row(const struct canvas *cv, const struct row_layout *row, float top)
{
    const struct template_box *box = &cv->template->boxes.details;
    float label_width = cv->template->details.label_width;
    float value_left = box->left + label_width, value_width = box->width - label_width;
    float baseline = top - row->baseline;
    paragraph_draw(cv, &row->label_zh, box->left, baseline, label_width, TEXT_LEFT);
    paragraph_draw(cv, &row->label_en, box->left,
                   baseline_after(cv, &row->label_zh, baseline, &row->label_en), label_width,
                   TEXT_LEFT);
    paragraph_draw(cv, &row->value, value_left, baseline, value_width, TEXT_LEFT);
    if (row->has_english)
        paragraph_draw(cv, &row->english, value_left,
                       baseline_after(cv, &row->value, baseline, &row->english), value_width,
                       TEXT_LEFT);
}

static void details_rule(const struct canvas *cv, float left, float right, float y)
{
    const struct template_details *d = &cv->template->details;
    if (d->rule_line <= 0)
        return;
    stroke_color(cv->page, d->rule_color);
    HPDF_Page_SetLineWidth(cv->page, d->rule_line);
    horizontal_rule(cv->page, left, right, y);
}

/* Spreads spare height over the gaps (at most MAX_GAP_GROWTH times the
 * template's gap), with a thin rule in the middle of each gap. */
static void draw_rows(const struct canvas *cv, const struct row_layout *rows, size_t count,
                      float total)
{
    const struct template *t = cv->template;
    const struct template_box *box = &t->boxes.details;
    float gap = t->details.row_gap;
    if (count > 1)
        gap = fminf(gap * MAX_GAP_GROWTH, gap + (box->height - total) / (float)(count - 1));
    float top = box_top(box);
    for (size_t i = 0; i < count; i++) {
        draw_row(cv, &rows[i], top);
        top -= rows[i].height + gap;
        if (i + 1 < count)
            details_rule(cv, box->left, box->left + box->width, top + gap / 2);
    }
}

static int draw_details(const struct canvas *cv, struct error *err)
{
    struct detail_row rows[MAX_ROWS];
    struct row_layout layout[MAX_ROWS];
    size_t count = detail_rows(cv, rows);
    for (float scale = 1; scale >= SMALLEST_SCALE; scale -= SCALE_STEP) {
        float total = lay_out_rows(cv, rows, count, scale, layout, err);
        if (total < 0)
            return -1;
        int fits = total <= cv->template->boxes.details.height;
        if (fits)
            draw_rows(cv, layout, count, total);
        for (size_t i = 0; i < count; i++)
            row_free(&layout[i]);
        if (fits)
            return 0;
    }
    return overflow("details", err);
}

/* ---- grade emblem ---- */

/* The medallion's own proportions, relative to its radius. */
#define EMBLEM_INNER_RING 0.88f
#define EMBLEM_DOT_RING 0.94f    /* a ring of dots between the two lines */
#define EMBLEM_DOT_RADIUS 0.011f
#define EMBLEM_DOTS 72
#define EMBLEM_STAR_ARC 0.55f
#define EMBLEM_STAR_RADIUS 0.10f
#define EMBLEM_STAR_STEP 0.46f   /* radians between neighbouring stars */
#define EMBLEM_TEXT_WIDTH 1.50f
#define EMBLEM_LABEL_DROP 0.62f  /* the grade label's baseline below the centre */
#define EMBLEM_DIVIDER 0.45f     /* half the width of the divider that replaces stars */
#define EMBLEM_DIVIDER_DIAMOND 0.06f

static void draw_stars(const struct canvas *cv, float cx, float cy, float radius, int stars)
{
    const struct template *t = cv->template;
    fill_color(cv->page, t->emblem.star_color);
    stroke_color(cv->page, t->emblem.star_color);
    if (stars <= 0) { /* 达标级: a neutral divider instead of stars */
        HPDF_Page_SetLineWidth(cv->page, t->frame.ornament_line);
        ornament_divider(cv->page, cx, cy + radius * EMBLEM_STAR_ARC, radius * EMBLEM_DIVIDER,
                         radius * EMBLEM_DIVIDER_DIAMOND);
        return;
    }
    for (int i = 0; i < stars; i++) {
        float angle = 3.14159265f / 2 + ((float)(stars - 1) / 2 - (float)i) * EMBLEM_STAR_STEP;
        ornament_star(cv->page, cx + radius * EMBLEM_STAR_ARC * cosf(angle),
                      cy + radius * EMBLEM_STAR_ARC * sinf(angle), radius * EMBLEM_STAR_RADIUS);
    }
}

static void draw_rings(const struct canvas *cv, float cx, float cy, float radius)
{
    const struct template_emblem *e = &cv->template->emblem;
    stroke_color(cv->page, e->ring_color);
    HPDF_Page_SetLineWidth(cv->page, e->ring_line);
    HPDF_Page_Circle(cv->page, cx, cy, radius);
    HPDF_Page_Stroke(cv->page);
    HPDF_Page_SetLineWidth(cv->page, e->ring_line / 3);
    HPDF_Page_Circle(cv->page, cx, cy, radius * EMBLEM_INNER_RING);
    HPDF_Page_Stroke(cv->page);
    fill_color(cv->page, e->ring_color);
    for (int i = 0; i < EMBLEM_DOTS; i++) {
        float angle = 2 * 3.14159265f * (float)i / EMBLEM_DOTS;
        HPDF_Page_Circle(cv->page, cx + radius * EMBLEM_DOT_RING * cosf(angle),
                         cy + radius * EMBLEM_DOT_RING * sinf(angle), radius * EMBLEM_DOT_RADIUS);
    }
    HPDF_Page_Fill(cv->page);
}

static void place_emblem(const struct canvas *cv, const struct paragraph *zh,
                         const struct paragraph *en, const struct paragraph *label, float cx,
                         float cy, float radius, float width)
{
    draw_rings(cv, cx, cy, radius);
    draw_stars(cv, cx, cy, radius, cv->certificate->grade->stars);
    float base = cy - ascent_of(cv, zh) / 3; /* the name sits just above the centre */
    paragraph_draw(cv, zh, cx - width / 2, base, width, TEXT_CENTER);
    paragraph_draw(cv, en, cx - width / 2, baseline_after(cv, zh, base, en), width, TEXT_CENTER);
    paragraph_draw(cv, label, cx - width / 2, cy - radius * EMBLEM_LABEL_DROP, width,
                   TEXT_CENTER);
}

static int draw_emblem(const struct canvas *cv, struct error *err)
{
    const struct template *t = cv->template;
    const struct template_box *box = &t->boxes.emblem;
    const struct template_styles *s = &t->styles;
    const struct scheme_grade *grade = cv->certificate->grade;
    float radius = fminf(box->width, box->height) / 2 - t->emblem.ring_line;
    float cx = box->left + box->width / 2, cy = box->bottom + box->height / 2;
    float width = radius * EMBLEM_TEXT_WIDTH;
    struct paragraph zh = {0}, en = {0}, label = {0};
    int status = paragraph_fit(cv, &zh, grade->name_zh, &s->grade, s->grade.size, width, 1,
                               "grade", err) != 0
                         || paragraph_fit(cv, &en, grade->name_en, &s->grade_english,
                                          s->grade_english.size, width, 1, "grade", err) != 0
                         || paragraph_fit(cv, &label, cv->texts->emblem_label, &s->emblem_label,
                                          s->emblem_label.size, width, 1, "texts.grade", err) != 0
                     ? -1 : 0;
    if (status == 0)
        place_emblem(cv, &zh, &en, &label, cx, cy, radius, width);
    paragraph_free(&zh);
    paragraph_free(&en);
    paragraph_free(&label);
    return status;
}

/* ---- dates ---- */

/* A label (Chinese over English) on the left and a value on the right,
 * sharing the first baseline; returns the row's bottom, or NAN on error. */
static float draw_dated_row(const struct canvas *cv, const struct template_label *label,
                            const char *value, float top, struct error *err)
{
    const struct template_box *box = &cv->template->boxes.dates;
    const struct template_styles *s = &cv->template->styles;
    float width = box->width, bottom = NAN;
    struct paragraph zh = {0}, en = {0}, date = {0};
    if (paragraph_fit(cv, &zh, label->zh, &s->label, s->label.size, width, 1, "a label", err) == 0
        && paragraph_fit(cv, &en, label->en, &s->label_english, s->label_english.size, width, 1,
                         "a label", err) == 0
        && paragraph_fit(cv, &date, value, &s->date, s->date.size, width, 1, "a date", err) == 0) {
        float base = top - fmaxf(ascent_of(cv, &zh), ascent_of(cv, &date));
        float en_base = baseline_after(cv, &zh, base, &en);
        paragraph_draw(cv, &zh, box->left, base, width, TEXT_LEFT);
        paragraph_draw(cv, &en, box->left, en_base, width, TEXT_LEFT);
        paragraph_draw(cv, &date, box->left, base, width, TEXT_RIGHT);
        bottom = fminf(bottom_of(cv, &en, en_base), bottom_of(cv, &date, base));
    }
    paragraph_free(&zh);
    paragraph_free(&en);
    paragraph_free(&date);
    return bottom;
}

static int draw_dates(const struct canvas *cv, struct error *err)
{
    const struct template *t = cv->template;
    const struct template_box *box = &t->boxes.dates;
    float half = box->height / 2;
    float first = draw_dated_row(cv, &t->texts.issue_date, cv->texts->issue_date,
                                 box_top(box), err);
    if (isnan(first))
        return -1;
    float second = draw_dated_row(cv, &t->texts.expiry_date, cv->texts->expiry_date,
                                  box_top(box) - half, err);
    if (isnan(second))
        return -1;
    if (first < box_top(box) - half || second < box->bottom)
        return overflow("dates", err);
    details_rule(cv, box->left, box->left + box->width, (first + box_top(box) - half) / 2);
    return 0;
}

/* ---- signatures ---- */

struct signed_row {
    const struct template_label *label;
    const char *value, *field;
    const struct template_style *style;
    float left, width, top;
};

static float place_signed_row(const struct canvas *cv, const struct signed_row *row,
                              float label_width, const struct paragraph *zh,
                              const struct paragraph *en, const struct paragraph *name)
{
    float base = row->top - fmaxf(ascent_of(cv, zh), ascent_of(cv, name));
    float en_base = baseline_after(cv, zh, base, en);
    float rule = base - cv->typeface.descent * name->block.size;
    paragraph_draw(cv, zh, row->left, base, label_width, TEXT_LEFT);
    paragraph_draw(cv, en, row->left, en_base, label_width, TEXT_LEFT);
    paragraph_draw(cv, name, row->left + label_width, base, row->width - label_width, TEXT_LEFT);
    details_rule(cv, row->left + label_width,
                 row->left + row->width - cv->template->styles.label.size, rule);
    return fminf(bottom_of(cv, en, en_base), rule);
}

/* A label (Chinese over English) left of a value that sits on a rule, as
 * on a signed form. Returns the row's bottom, or NAN on error. */
static float draw_signed_row(const struct canvas *cv, const struct signed_row *row,
                             struct error *err)
{
    const struct template *t = cv->template;
    const struct template_styles *s = &t->styles;
    float label_width = fminf(t->details.label_width, row->width / 2), bottom = NAN;
    struct paragraph zh = {0}, en = {0}, name = {0};
    if (paragraph_fit(cv, &zh, row->label->zh, &s->label, s->label.size, label_width, 1,
                      "a label", err) == 0
        && paragraph_fit(cv, &en, row->label->en, &s->label_english, s->label_english.size,
                         label_width, 2, "a label", err) == 0
        && paragraph_fit(cv, &name, row->value, row->style, row->style->size,
                         row->width - label_width, 1, row->field, err) == 0)
        bottom = place_signed_row(cv, row, label_width, &zh, &en, &name);
    paragraph_free(&zh);
    paragraph_free(&en);
    paragraph_free(&name);
    return bottom;
}

static int draw_signatures(const struct canvas *cv, struct error *err)
{
    const struct template *t = cv->template;
    const struct certificate *c = cv->certificate;
    const struct template_box *box = &t->boxes.signatures;
    const struct template_styles *s = &t->styles;
    float half = box->width / 2;
    const struct signed_row issuer = {&t->texts.issuer, c->body_name, "certification body",
                                      &s->body_name, box->left, box->width, box_top(box)};
    float body = draw_signed_row(cv, &issuer, err);
    if (isnan(body))
        return -1;
    float top = body - t->details.row_gap;
    const struct signed_row lead = {&t->texts.lead_auditor, c->lead_auditor, "lead auditor",
                                    &s->signature, box->left, half, top};
    const struct signed_row head = {&t->texts.head, c->head_name, "head of certification body",
                                    &s->signature, box->left + half, half, top};
    float lead_bottom = draw_signed_row(cv, &lead, err);
    if (isnan(lead_bottom))
        return -1;
    float head_bottom = draw_signed_row(cv, &head, err);
    if (isnan(head_bottom))
        return -1;
    return fminf(lead_bottom, head_bottom) < box->bottom ? overflow("signatures", err) : 0;
}

/* ---- statement ---- */

static int draw_statement(const struct canvas *cv, struct error *err)
{
    const struct template_box *box = &cv->template->boxes.statement;
    const struct template_style *style = &cv->template->styles.statement;
    for (float size = style->size; size >= style->min_size - 0.001f; size -= SIZE_STEP) {
        struct paragraph zh, en;
        if (paragraph_fit(cv, &zh, cv->texts->statement_zh, style, size, box->width,
                          TEXT_MAX_LINES, "texts.statement.zh", err) != 0)
            return -1;
        if (paragraph_fit(cv, &en, cv->texts->statement_en, style, size, box->width,
                          TEXT_MAX_LINES, "texts.statement.en", err) != 0) {
            paragraph_free(&zh);
            return -1;
        }
        float base = box_top(box) - ascent_of(cv, &zh);
        float en_base = baseline_after(cv, &zh, base, &en);
        int fits = zh.block.size == size && en.block.size == size
                   && bottom_of(cv, &en, en_base) >= box->bottom;
        if (fits) {
            paragraph_draw(cv, &zh, box->left, base, box->width, TEXT_LEFT);
            paragraph_draw(cv, &en, box->left, en_base, box->width, TEXT_LEFT);
        }
        paragraph_free(&en);
        paragraph_free(&zh);
        if (fits)
            return 0;
    }
    return overflow("statement", err);
}

/* ---- QR code ---- */

/* The largest module size from the template's down to its minimum at
 * which the code and its caption fit the box; NAN when none does. */
static float qr_module(const struct canvas *cv, const struct qr_symbol *symbol,
                       float caption_height)
{
    const struct template_qr *q = &cv->template->qr;
    const struct template_box *box = &cv->template->boxes.qr;
    for (float module = q->module; module >= q->min_module - 0.001f; module -= MODULE_STEP) {
        float side = qr_side(symbol, module);
        if (side <= box->width && side + caption_height <= box->height)
            return module;
    }
    return NAN;
}

static int place_qr(const struct canvas *cv, const struct qr_symbol *symbol,
                    const struct paragraph *caption, const char *qr_url, struct error *err)
{
    const struct template *t = cv->template;
    const struct template_box *box = &t->boxes.qr;
    float caption_height = text_block_height(&cv->typeface, &caption->block)
                           + (line_spacing(cv) - 1) * caption->block.size;
    float module = qr_module(cv, symbol, caption_height);
    if (isnan(module))
        return fail(err, "the verification URL needs a version %d QR code (%d modules), which "
                    "does not fit boxes_mm.qr at %.2f pt per module; shorten the URL or "
                    "enlarge the box", symbol->version, symbol->width, (double)t->qr.min_module);
    float side = qr_side(symbol, module);
    float left = box->left + (box->width - side) / 2, bottom = box_top(box) - side;
    HPDF_RGBColor dark = {t->qr.dark.red, t->qr.dark.green, t->qr.dark.blue};
    qr_draw(cv->page, symbol, left, bottom, module, dark);
    float caption_base = bottom - (line_spacing(cv) - 1) * caption->block.size
                         - ascent_of(cv, caption);
    paragraph_draw(cv, caption, box->left, caption_base, box->width, TEXT_CENTER);
    HPDF_Rect link = {left, bottom, left + side, bottom + side};
    return pdf_add_verify_link(cv->pdf, cv->page, link, qr_url, err);
}

static int draw_qr(const struct canvas *cv, const char *qr_url, struct error *err)
{
    const struct template *t = cv->template;
    struct qr_symbol symbol;
    struct paragraph caption;
    if (qr_encode(qr_url, &symbol, err) != 0)
        return -1;
    int status = paragraph_fit(cv, &caption, cv->texts->caption, &t->styles.caption,
                               t->styles.caption.size, t->boxes.qr.width, 2, "texts.scan", err);
    if (status == 0) {
        status = place_qr(cv, &symbol, &caption, qr_url, err);
        paragraph_free(&caption);
    }
    qr_free(&symbol);
    return status;
}

/* ---- images ---- */

/* One XObject per file, however often the template places it. */
static HPDF_Image load_image(const struct canvas *cv, size_t index, HPDF_Image loaded[],
                             struct error *err)
{
    const struct template *t = cv->template;
    for (size_t i = 0; i < index; i++)
        if (strcmp(t->images[i].file, t->images[index].file) == 0)
            return loaded[i];
    HPDF_Image png = HPDF_LoadPngImageFromFile(cv->pdf, t->images[index].file);
    if (!png) {
        fail(err, "%s: the PDF library cannot read this PNG (error 0x%04X)",
             t->images[index].file, (unsigned)HPDF_GetError(cv->pdf));
        return NULL;
    }
    /* libharu 2.3.0 stores a PNG's alpha channel (its soft mask)
     * uncompressed: 160 KB for a 400 x 400 seal. Compress it like the image. */
    HPDF_Dict mask = HPDF_Dict_GetItem(png, "SMask", HPDF_OCLASS_DICT);
    if (mask)
        mask->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    return png;
}

/* Images keep their proportions, centred in their box, drawn last so that
 * a seal may sit over the text as a stamp does. */
static int draw_images(const struct canvas *cv, struct error *err)
{
    HPDF_Image loaded[TEMPLATE_MAX_IMAGES];
    for (size_t i = 0; i < cv->template->image_count; i++) {
        HPDF_Image png = loaded[i] = load_image(cv, i, loaded, err);
        if (!png)
            return -1;
        const struct template_box *box = &cv->template->images[i].box;
        float width = (float)HPDF_Image_GetWidth(png), height = (float)HPDF_Image_GetHeight(png);
        float scale = fminf(box->width / width, box->height / height);
        HPDF_Page_DrawImage(cv->page, png, box->left + (box->width - width * scale) / 2,
                            box->bottom + (box->height - height * scale) / 2, width * scale,
                            height * scale);
    }
    return 0;
}

/* ---- the page ---- */

int draw_page(struct canvas *cv, const char *qr_url, struct error *err)
{
    draw_background(cv);
    draw_frame(cv);
    if (draw_title(cv, err) != 0 || draw_details(cv, err) != 0 || draw_emblem(cv, err) != 0
        || draw_dates(cv, err) != 0 || draw_signatures(cv, err) != 0
        || draw_statement(cv, err) != 0 || draw_qr(cv, qr_url, err) != 0
        || draw_images(cv, err) != 0)
        return -1;
    if (HPDF_GetError(cv->pdf) != HPDF_OK)
        return fail(err, "the PDF library failed while drawing (error 0x%04X, detail %u)",
                    (unsigned)HPDF_GetError(cv->pdf), (unsigned)HPDF_GetErrorDetail(cv->pdf));
    return 0;
}
