/*
 * seal_stamp.c: the seal's picture (seal_stamp.h).
 *
 * Proportions follow a round official seal: the name's glyphs stand on a
 * circle just inside the ring, their tops toward it, spread evenly from
 * left to right over at most 240 degrees (a long name gets smaller type,
 * a short one wider spacing); the star takes a quarter of the radius and
 * the label sits under it, shrunk to fit the chord there.
 */
#include "seal_stamp.h"

#include <math.h>
#include <string.h>

#include "ornament.h"

#define PI 3.14159265f
#define MAX_SPAN (PI * 4 / 3)   /* the arc the name may take */
#define SHORT_SPAN (PI * 5 / 6) /* what a short name is spread to */
#define NAME_SIZE 0.24f          /* per radius: the name's largest size */
#define STAR_SIZE 0.26f          /* per radius */
#define LABEL_SIZE 0.17f         /* per radius */
#define GLYPH_OUTLINE 0.012f     /* per radius: stamped type is bold */

struct stamp {
    HPDF_Page page;
    const struct typeface *typeface;
    float center_x, center_y, radius;
};

/* The radius of the name's baseline: its glyph tops a little inside the ring. */
static float baseline_radius(const struct stamp *s, float ring, float size)
{
    return s->radius - 1.5f * ring - s->typeface->ascent * size;
}

static void draw_character(const struct stamp *s, const struct measured_text *name, size_t i,
                           float size, float angle, float baseline)
{
    const struct measured_char *c = &name->chars[i];
    char glyph[8];
    memcpy(glyph, name->text + c->offset, c->length);
    glyph[c->length] = '\0';
    float up_x = cosf(angle), up_y = sinf(angle), along_x = up_y, along_y = -up_x;
    float half = c->advance * size / 2;
    HPDF_Page_BeginText(s->page);
    HPDF_Page_SetFontAndSize(s->page, s->typeface->faces[c->face], size);
    HPDF_Page_SetTextMatrix(s->page, along_x, along_y, up_x, up_y,
                            s->center_x + up_x * baseline - along_x * half,
                            s->center_y + up_y * baseline - along_y * half);
    HPDF_Page_ShowText(s->page, glyph);
    HPDF_Page_EndText(s->page);
}

/* The name along the top of the ring, centred on the top. */
static int draw_name(const struct stamp *s, const char *text, float ring, struct error *err)
{
    struct measured_text name;
    if (text_measure(s->typeface, text, &name, err) != 0)
        return -1;
    float advances = 0;
    for (size_t i = 0; i < name.count; i++)
        advances += name.chars[i].advance;
    float size = NAME_SIZE * s->radius, baseline = baseline_radius(s, ring, size);
    while (advances * size > MAX_SPAN * baseline * 0.9f && size > 1) {
        size *= 0.95f;
        baseline = baseline_radius(s, ring, size);
    }
    float natural = advances * size / baseline, span = fminf(MAX_SPAN, fmaxf(natural, SHORT_SPAN));
    float gap = name.count > 1 ? (span - natural) / (float)(name.count - 1) : 0;
    float angle = PI / 2 + (name.count > 1 ? span : natural) / 2;
    for (size_t i = 0; i < name.count; i++) {
        float width = name.chars[i].advance * size / baseline;
        draw_character(s, &name, i, size, angle - width / 2, baseline);
        angle -= width + gap;
    }
    text_measured_free(&name);
    return 0;
}

/* The label in one line under the star, as wide as the circle allows there. */
static int draw_label(const struct stamp *s, const char *text, struct error *err)
{
    struct measured_text label;
    struct text_block block;
    if (text_measure(s->typeface, text, &label, err) != 0)
        return -1;
    float size = LABEL_SIZE * s->radius, baseline = s->center_y - 0.55f * s->radius;
    float width = 2 * sqrtf(s->radius * s->radius - 0.7f * s->radius * 0.7f * s->radius) * 0.9f;
    int fits = text_fit(&label, size, size / 3, 0, 1, width, 1, &block) == 0;
    if (fits)
        text_draw(s->page, s->typeface, &label, &block, s->center_x - width / 2, baseline, width,
                  TEXT_CENTER);
    text_measured_free(&label);
    return fits ? 0 : fail(err, "seal.label does not fit in the seal");
}

int seal_stamp_draw(const struct canvas *cv, struct error *err)
{
    const struct template_seal *seal = &cv->template->seal;
    float radius = fminf(seal->box.width, seal->box.height) / 2;
    struct stamp s = {cv->page, &cv->typeface, seal->box.left + seal->box.width / 2,
                      seal->box.bottom + seal->box.height / 2, radius};
    HPDF_Page_SetRGBStroke(cv->page, seal->color.red, seal->color.green, seal->color.blue);
    HPDF_Page_SetRGBFill(cv->page, seal->color.red, seal->color.green, seal->color.blue);
    HPDF_Page_SetLineWidth(cv->page, seal->ring_line);
    HPDF_Page_Circle(cv->page, s.center_x, s.center_y, radius - seal->ring_line / 2);
    HPDF_Page_Stroke(cv->page);
    ornament_star(cv->page, s.center_x, s.center_y, STAR_SIZE * radius);
    HPDF_Page_SetLineWidth(cv->page, GLYPH_OUTLINE * radius);
    HPDF_Page_SetTextRenderingMode(cv->page, HPDF_FILL_THEN_STROKE);
    return draw_name(&s, cv->certificate->body_name, seal->ring_line, err) != 0
                   || draw_label(&s, seal->label, err) != 0
               ? -1 : 0;
}
