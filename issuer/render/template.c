/*
 * template.c: reading a certificate template strictly.
 *
 * Each section of the file has one function that lists the section's
 * members (json_expect_object refuses any other) and reads each with a typed
 * getter that checks its range. After reading, the page geometry is checked
 * as a whole: every block inside the inner frame, clear of the corner
 * ornaments and of every other block, so a template cannot make text run
 * over the border or over another block.
 */
#include "template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "json_strict.h"

#define POINTS_PER_MM (72.0f / 25.4f)

struct reader {
    const char *path;   /* the section, for messages: "frame" */
    const json_t *object;
    struct error *err;
};

static const json_t *member(const struct reader *r, const char *key)
{
    return json_object_get(r->object, key);
}

static int get_number(const struct reader *r, const char *key, double min, double max,
                      float *out)
{
    const json_t *value = member(r, key);
    if (!json_is_number(value) || json_number_value(value) < min
        || json_number_value(value) > max)
        return fail(r->err, "%s.%s must be a number from %g to %g", r->path, key, min, max);
    *out = (float)json_number_value(value);
    return 0;
}

static int get_length_mm(const struct reader *r, const char *key, double max, float *out)
{
    if (get_number(r, key, 0, max, out) != 0)
        return -1;
    *out *= POINTS_PER_MM;
    return 0;
}

static int get_integer(const struct reader *r, const char *key, long long min,
                       long long max, int *out)
{
    long long value;
    if (json_integer_member(r->object, key, r->path, min, max, &value, r->err) != 0)
        return -1;
    *out = (int)value;
    return 0;
}

static int get_string(const struct reader *r, const char *key, char **out)
{
    const char *text = json_string_member(r->object, key, r->path, 0, r->err);
    if (!text)
        return -1;
    *out = xstrdup(text);
    return 0;
}

static int parse_color(const char *text, struct template_color *out)
{
    unsigned red, green, blue;
    int consumed = 0;
    if (strlen(text) != 7 || sscanf(text, "#%2x%2x%2x%n", &red, &green, &blue, &consumed) != 3
        || consumed != 7 || strspn(text + 1, "0123456789abcdefABCDEF") != 6)
        return -1;
    out->red = (float)red / 255.0f;
    out->green = (float)green / 255.0f;
    out->blue = (float)blue / 255.0f;
    return 0;
}

static int get_color(const struct reader *r, const char *key, struct template_color *out)
{
    const char *text = json_string_value(member(r, key));
    if (!text || parse_color(text, out) != 0)
        return fail(r->err, "%s.%s must be a colour \"#RRGGBB\"", r->path, key);
    return 0;
}

static struct reader child(const struct reader *parent, const char *key, char *path,
                           size_t size)
{
    snprintf(path, size, "%s.%s", parent->path, key);
    return (struct reader){path, member(parent, key), parent->err};
}

/* ---- boxes ---- */

static int get_box(const struct reader *parent, const char *key, float page_height,
                   struct template_box *out)
{
    static const char *const members[] = {"x", "y", "width", "height", NULL};
    char path[128];
    struct reader r = child(parent, key, path, sizeof path);
    float x, y;
    if (json_expect_object(r.object, path, members, r.err) != 0
        || get_length_mm(&r, "x", 2000, &x) != 0 || get_length_mm(&r, "y", 2000, &y) != 0
        || get_length_mm(&r, "width", 2000, &out->width) != 0
        || get_length_mm(&r, "height", 2000, &out->height) != 0)
        return -1;
    if (out->width <= 0 || out->height <= 0)
        return fail(r.err, "%s must have a positive width and height", path);
    out->left = x;
    out->bottom = page_height - y - out->height;
    return 0;
}

static int read_boxes(const struct reader *r, struct template *t)
{
    struct template_boxes *b = &t->boxes;
    float page_height = t->page_height;
    static const char *const members[] = {"title", "details", "emblem", "dates",
                                          "signatures", "statement", "qr", NULL};
    if (json_expect_object(r->object, r->path, members, r->err) != 0)
        return -1;
    return get_box(r, "title", page_height, &b->title)
           || get_box(r, "details", page_height, &b->details)
           || get_box(r, "emblem", page_height, &b->emblem)
           || get_box(r, "dates", page_height, &b->dates)
           || get_box(r, "signatures", page_height, &b->signatures)
           || get_box(r, "statement", page_height, &b->statement)
           || get_box(r, "qr", page_height, &b->qr) ? -1 : 0;
}

/* ---- sections ---- */

static int read_page(const struct reader *r, struct template *t)
{
    static const char *const members[] = {"width_mm", "height_mm", "background", NULL};
    return json_expect_object(r->object, r->path, members, r->err)
           || get_length_mm(r, "width_mm", 2000, &t->page_width)
           || get_length_mm(r, "height_mm", 2000, &t->page_height)
           || get_color(r, "background", &t->background) ? -1 : 0;
}

static int read_font(const struct reader *r, struct template_font *font)
{
    static const char *const members[] = {"file", "index", "ascii_only", NULL};
    int index;
    if (json_expect_object(r->object, r->path, members, r->err) != 0
        || get_string(r, "file", &font->file) != 0
        || get_integer(r, "index", 0, 255, &index) != 0)
        return -1;
    font->index = (unsigned)index;
    if (!json_is_boolean(member(r, "ascii_only")))
        return fail(r->err, "%s.ascii_only must be true or false", r->path);
    font->ascii_only = json_is_true(member(r, "ascii_only"));
    return 0;
}

static int read_fonts(const struct reader *list_reader, struct template *t)
{
    const json_t *list = list_reader->object;
    struct error *err = list_reader->err;
    if (!json_is_array(list) || json_array_size(list) == 0
        || json_array_size(list) > TEMPLATE_MAX_FONTS)
        return fail(err, "fonts must be a list of 1 to %d fonts", TEMPLATE_MAX_FONTS);
    int has_general_face = 0;
    for (size_t i = 0; i < json_array_size(list); i++) {
        char path[32];
        snprintf(path, sizeof path, "fonts[%zu]", i);
        struct reader r = {path, json_array_get(list, i), err};
        if (read_font(&r, &t->fonts[i]) != 0)
            return -1;
        t->font_count = i + 1;
        has_general_face |= !t->fonts[i].ascii_only;
    }
    if (!has_general_face)
        return fail(err, "fonts: at least one font must not be ascii_only");
    return 0;
}

static int read_frame(const struct reader *r, struct template *t)
{
    struct template_frame *f = &t->frame;
    static const char *const members[] = {
        "color", "outer_inset_mm", "outer_line_pt", "inner_inset_mm", "inner_line_pt",
        "ornament_color", "ornament_size_mm", "ornament_line_pt", NULL};
    return json_expect_object(r->object, r->path, members, r->err)
           || get_color(r, "color", &f->color)
           || get_length_mm(r, "outer_inset_mm", 100, &f->outer_inset)
           || get_number(r, "outer_line_pt", 0, 20, &f->outer_line)
           || get_length_mm(r, "inner_inset_mm", 100, &f->inner_inset)
           || get_number(r, "inner_line_pt", 0, 20, &f->inner_line)
           || get_color(r, "ornament_color", &f->ornament_color)
           || get_length_mm(r, "ornament_size_mm", 100, &f->ornament_size)
           || get_number(r, "ornament_line_pt", 0, 20, &f->ornament_line) ? -1 : 0;
}

static int read_rosette(const struct reader *r, struct template *t)
{
    struct template_rosette *o = &t->rosette;
    static const char *const members[] = {"color", "line_pt", "center_x_mm", "center_y_mm",
                                          "radius_mm", "petals", NULL};
    float y;
    if (json_expect_object(r->object, r->path, members, r->err)
        || get_color(r, "color", &o->color) || get_number(r, "line_pt", 0.05, 5, &o->line)
        || get_length_mm(r, "center_x_mm", 2000, &o->center_x)
        || get_length_mm(r, "center_y_mm", 2000, &y)
        || get_length_mm(r, "radius_mm", 1000, &o->radius)
        || get_integer(r, "petals", 3, 180, &o->petals))
        return -1;
    o->center_y = t->page_height - y;
    o->present = 1;
    return 0;
}

static int read_details(const struct reader *r, struct template *t)
{
    struct template_details *d = &t->details;
    static const char *const members[] = {
        "label_width_mm", "row_gap_mm", "line_spacing", "holder_name_max_lines",
        "address_max_lines", "scope_max_lines", "rule_color", "rule_line_pt", NULL};
    return json_expect_object(r->object, r->path, members, r->err)
           || get_length_mm(r, "label_width_mm", 500, &d->label_width)
           || get_length_mm(r, "row_gap_mm", 100, &d->row_gap)
           || get_number(r, "line_spacing", 1, 3, &d->line_spacing)
           || get_integer(r, "holder_name_max_lines", 1, 6, &d->holder_name_lines)
           || get_integer(r, "address_max_lines", 1, 6, &d->address_lines)
           || get_integer(r, "scope_max_lines", 1, 20, &d->scope_lines)
           || get_color(r, "rule_color", &d->rule_color)
           || get_number(r, "rule_line_pt", 0, 5, &d->rule_line) ? -1 : 0;
}

static int read_emblem(const struct reader *r, struct template *t)
{
    struct template_emblem *e = &t->emblem;
    static const char *const members[] = {"ring_color", "star_color", "ring_line_pt", NULL};
    return json_expect_object(r->object, r->path, members, r->err)
           || get_color(r, "ring_color", &e->ring_color)
           || get_color(r, "star_color", &e->star_color)
           || get_number(r, "ring_line_pt", 0, 10, &e->ring_line) ? -1 : 0;
}

/* Modules under 1.5 pt stop scanning reliably once printed (docs/printing.md). */
static int read_qr(const struct reader *r, struct template *t)
{
    struct template_qr *q = &t->qr;
    static const char *const members[] = {"module_pt", "min_module_pt", "dark_color", NULL};
    if (json_expect_object(r->object, r->path, members, r->err)
        || get_number(r, "module_pt", 1.5, 10, &q->module)
        || get_number(r, "min_module_pt", 1.5, 10, &q->min_module)
        || get_color(r, "dark_color", &q->dark))
        return -1;
    if (q->min_module > q->module)
        return fail(r->err, "%s.min_module_pt must not exceed module_pt", r->path);
    return 0;
}

static int get_style(const struct reader *parent, const char *key, struct template_style *s)
{
    static const char *const members[] = {"size", "?min_size", "?tracking", "?outline_pt",
                                          "color", NULL};
    char path[128];
    struct reader r = child(parent, key, path, sizeof path);
    if (json_expect_object(r.object, path, members, r.err) != 0
        || get_number(&r, "size", 4, 96, &s->size) != 0 || get_color(&r, "color", &s->color) != 0)
        return -1;
    s->min_size = s->size;
    s->tracking = s->outline = 0;
    if ((member(&r, "min_size") && get_number(&r, "min_size", 4, s->size, &s->min_size) != 0)
        || (member(&r, "tracking") && get_number(&r, "tracking", 0, 30, &s->tracking) != 0)
        || (member(&r, "outline_pt") && get_number(&r, "outline_pt", 0, 2, &s->outline) != 0))
        return -1;
    return 0;
}

static int read_styles(const struct reader *r, struct template *t)
{
    struct template_styles *s = &t->styles;
    static const char *const members[] = {
        "title", "subtitle", "number", "label", "label_english", "holder_name", "value",
        "value_english", "grade", "grade_english", "emblem_label", "date", "signature",
        "body_name", "caption", "statement", NULL};
    return json_expect_object(r->object, r->path, members, r->err)
           || get_style(r, "title", &s->title) || get_style(r, "subtitle", &s->subtitle)
           || get_style(r, "number", &s->number) || get_style(r, "label", &s->label)
           || get_style(r, "label_english", &s->label_english)
           || get_style(r, "holder_name", &s->holder_name) || get_style(r, "value", &s->value)
           || get_style(r, "value_english", &s->value_english)
           || get_style(r, "grade", &s->grade) || get_style(r, "grade_english", &s->grade_english)
           || get_style(r, "emblem_label", &s->emblem_label) || get_style(r, "date", &s->date)
           || get_style(r, "signature", &s->signature)
           || get_style(r, "body_name", &s->body_name) || get_style(r, "caption", &s->caption)
           || get_style(r, "statement", &s->statement) ? -1 : 0;
}

/* ---- texts ---- */

/* Refuses a "{name}" the text may not use and an unclosed "{", so a typo
 * in a placeholder is caught when the template is loaded, not printed. */
static int check_placeholders(const char *text, const char *allowed, const char *path,
                              struct error *err)
{
    for (const char *open = strchr(text, '{'); open; open = strchr(open + 1, '{')) {
        const char *close = strchr(open, '}');
        if (!close)
            return fail(err, "%s: \"{\" without \"}\"", path);
        size_t length = (size_t)(close - open - 1);
        int known = 0;
        for (const char *name = allowed; *name; name += strlen(name) + 1)
            known |= strlen(name) == length && strncmp(name, open + 1, length) == 0;
        if (!known)
            return fail(err, "%s: unknown placeholder \"%.*s\"", path, (int)length + 2, open);
    }
    return 0;
}

/* allowed: the placeholder names the text may use, each NUL-terminated,
 * the list ending with an empty name ("n\0date\0"). */
static int get_label(const struct reader *parent, const char *key, const char *allowed,
                     struct template_label *out)
{
    static const char *const members[] = {"zh", "en", NULL};
    char path[128], zh_path[160], en_path[160];
    struct reader r = child(parent, key, path, sizeof path);
    snprintf(zh_path, sizeof zh_path, "%s.zh", path);
    snprintf(en_path, sizeof en_path, "%s.en", path);
    if (json_expect_object(r.object, path, members, r.err) != 0
        || get_string(&r, "zh", &out->zh) != 0 || get_string(&r, "en", &out->en) != 0)
        return -1;
    return check_placeholders(out->zh, allowed, zh_path, r.err)
           || check_placeholders(out->en, allowed, en_path, r.err) ? -1 : 0;
}

static int read_labels(const struct reader *r, struct template_texts *t)
{
    const char *none = "";
    return get_label(r, "number", none, &t->number)
           || get_label(r, "holder_name", none, &t->holder_name)
           || get_label(r, "credit_code", none, &t->credit_code)
           || get_label(r, "address", none, &t->address) || get_label(r, "scope", none, &t->scope)
           || get_label(r, "standard", none, &t->standard)
           || get_label(r, "standard_value", "standard\0title_zh\0title_en\0", &t->standard_value)
           || get_label(r, "grade", none, &t->grade)
           || get_label(r, "issue_date", none, &t->issue_date)
           || get_label(r, "expiry_date", none, &t->expiry_date)
           || get_label(r, "surveillance", none, &t->surveillance)
           || get_label(r, "surveillance_item", "n\0date\0", &t->surveillance_item)
           || get_label(r, "list_separator", none, &t->list_separator)
           || get_label(r, "lead_auditor", none, &t->lead_auditor)
           || get_label(r, "head", none, &t->head) || get_label(r, "issuer", none, &t->issuer)
           || get_label(r, "scan", none, &t->scan)
           || get_label(r, "statement", "url\0", &t->statement) ? -1 : 0;
}

static int read_texts(const struct reader *r, struct template *template)
{
    struct template_texts *t = &template->texts;
    static const char *const members[] = {
        "title", "subtitle", "number", "holder_name", "credit_code", "address", "scope",
        "standard", "standard_value", "grade", "issue_date", "expiry_date", "surveillance",
        "surveillance_item", "list_separator", "lead_auditor", "head", "issuer", "scan",
        "statement", NULL};
    if (json_expect_object(r->object, r->path, members, r->err) != 0
        || get_string(r, "title", &t->title) != 0 || get_string(r, "subtitle", &t->subtitle) != 0)
        return -1;
    return read_labels(r, t);
}

/* libharu 2.3.0 misdraws PNGs with 16 bits per channel (each row comes out
 * twice, the alpha channel is lost), so they are refused here, where the
 * message can say how to convert them. */
static int check_png(const char *path, const char *field, struct error *err)
{
    static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    unsigned char header[26];
    FILE *file = fopen(path, "rb");
    size_t got = file ? fread(header, 1, sizeof header, file) : 0;
    if (file)
        fclose(file);
    if (got != sizeof header || memcmp(header, signature, sizeof signature) != 0
        || memcmp(header + 12, "IHDR", 4) != 0)
        return fail(err, "%s: %s is not a readable PNG file", field, path);
    if (header[24] > 8)
        return fail(err, "%s: %s has %u bits per channel; save it with 8 "
                    "(convert in.png -depth 8 PNG32:out.png)", field, path, header[24]);
    return 0;
}

static int read_images(const struct reader *list_reader, struct template *t)
{
    const json_t *list = list_reader->object;
    struct error *err = list_reader->err;
    static const char *const members[] = {"file", "box_mm", NULL};
    if (!json_is_array(list) || json_array_size(list) > TEMPLATE_MAX_IMAGES)
        return fail(err, "images must be a list of at most %d images", TEMPLATE_MAX_IMAGES);
    for (size_t i = 0; i < json_array_size(list); i++) {
        char path[32];
        snprintf(path, sizeof path, "images[%zu]", i);
        struct reader r = {path, json_array_get(list, i), err};
        struct template_image *image = &t->images[i];
        if (json_expect_object(r.object, path, members, err) != 0
            || get_string(&r, "file", &image->file) != 0)
            return -1;
        t->image_count = i + 1;
        if (get_box(&r, "box_mm", t->page_height, &image->box) != 0
            || check_png(image->file, path, err) != 0)
            return -1;
    }
    return 0;
}

static int read_seal(const struct reader *r, struct template *t)
{
    static const char *const members[] = {"visible", "?box_mm", "?color", "?ring_line_pt",
                                          "?label", NULL};
    static const char *const hidden[] = {"visible", NULL};
    struct template_seal *seal = &t->seal;
    const json_t *visible = member(r, "visible");
    if (json_expect_object(r->object, r->path, members, r->err) != 0)
        return -1;
    if (!json_is_boolean(visible))
        return fail(r->err, "seal.visible must be true or false");
    seal->visible = json_is_true(visible);
    if (!seal->visible)
        return json_expect_object(r->object, "seal (not visible)", hidden, r->err);
    if (get_box(r, "box_mm", t->page_height, &seal->box) != 0
        || get_color(r, "color", &seal->color) != 0
        || get_number(r, "ring_line_pt", 0.1, 10, &seal->ring_line) != 0
        || get_string(r, "label", &seal->label) != 0)
        return -1;
    return 0;
}

/* ---- geometry ---- */

static int boxes_overlap(const struct template_box *a, const struct template_box *b)
{
    return a->left < b->left + b->width && b->left < a->left + a->width
           && a->bottom < b->bottom + b->height && b->bottom < a->bottom + a->height;
}

static int check_box_placement(const struct template *t, const struct template_box *box,
                               const char *name, struct error *err)
{
    float inset = t->frame.inner_inset, corner = inset + t->frame.ornament_size;
    if (box->left < inset || box->bottom < inset
        || box->left + box->width > t->page_width - inset
        || box->bottom + box->height > t->page_height - inset)
        return fail(err, "boxes_mm.%s runs outside the inner frame", name);
    const struct template_box corners[] = {
        {inset, inset, corner - inset, corner - inset},
        {t->page_width - corner, inset, corner - inset, corner - inset},
        {inset, t->page_height - corner, corner - inset, corner - inset},
        {t->page_width - corner, t->page_height - corner, corner - inset, corner - inset},
    };
    for (size_t i = 0; i < sizeof corners / sizeof corners[0]; i++)
        if (boxes_overlap(box, &corners[i]))
            return fail(err, "boxes_mm.%s overlaps a corner ornament", name);
    return 0;
}

/* Images and the seal may overlap text (a seal is stamped over the
 * issuer's name) but never the QR code, which must stay scannable. */
static int check_images(const struct template *t, struct error *err)
{
    for (size_t i = 0; i < t->image_count; i++) {
        const struct template_box *box = &t->images[i].box; /* x, y >= 0 already */
        if (box->left + box->width > t->page_width || box->bottom < 0)
            return fail(err, "images[%zu] runs off the page", i);
        if (boxes_overlap(box, &t->boxes.qr))
            return fail(err, "images[%zu] overlaps boxes_mm.qr", i);
    }
    const struct template_box *seal = &t->seal.box;
    if (!t->seal.visible)
        return 0;
    if (seal->left + seal->width > t->page_width || seal->bottom < 0)
        return fail(err, "seal.box_mm runs off the page");
    if (boxes_overlap(seal, &t->boxes.qr))
        return fail(err, "seal.box_mm overlaps boxes_mm.qr");
    return 0;
}

static int check_geometry(const struct template *t, struct error *err)
{
    const struct template_boxes *b = &t->boxes;
    const struct template_box *boxes[] = {&b->title, &b->details, &b->emblem, &b->dates,
                                          &b->signatures, &b->statement, &b->qr};
    static const char *const names[] = {"title", "details", "emblem", "dates",
                                        "signatures", "statement", "qr"};
    size_t count = sizeof boxes / sizeof boxes[0];
    if (t->frame.inner_inset <= t->frame.outer_inset)
        return fail(err, "frame.inner_inset_mm must exceed outer_inset_mm");
    for (size_t i = 0; i < count; i++) {
        if (check_box_placement(t, boxes[i], names[i], err) != 0)
            return -1;
        for (size_t j = i + 1; j < count; j++)
            if (boxes_overlap(boxes[i], boxes[j]))
                return fail(err, "boxes_mm.%s overlaps boxes_mm.%s", names[i], names[j]);
    }
    if (t->details.label_width >= b->details.width)
        return fail(err, "details.label_width_mm must be narrower than the details box");
    return check_images(t, err);
}

/* ---- the whole file ---- */

struct section {
    const char *name;
    int (*read)(const struct reader *r, struct template *t);
    int optional;
};

/* In file order: later sections use the page height read by "page". */
static const struct section sections[] = {
    {"page", read_page, 0},         {"fonts", read_fonts, 0},
    {"frame", read_frame, 0},       {"rosette", read_rosette, 1},
    {"boxes_mm", read_boxes, 0},    {"details", read_details, 0},
    {"emblem", read_emblem, 0},     {"qr", read_qr, 0},
    {"styles_pt", read_styles, 0},  {"texts", read_texts, 0},
    {"images", read_images, 1},     {"seal", read_seal, 1},
};

static int read_sections(const json_t *root, struct template *t, struct error *err)
{
    static const char *const members[] = {
        "format", "page", "fonts", "frame", "?rosette", "boxes_mm", "details", "emblem",
        "qr", "styles_pt", "texts", "?images", "?seal", NULL};
    if (json_expect_object(root, "template", members, err) != 0)
        return -1;
    const char *format = json_string_value(json_object_get(root, "format"));
    if (!format || strcmp(format, TEMPLATE_FORMAT) != 0)
        return fail(err, "format must be \"%s\"", TEMPLATE_FORMAT);
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
        const struct reader r = {sections[i].name, json_object_get(root, sections[i].name), err};
        if (!(sections[i].optional && !r.object) && sections[i].read(&r, t) != 0)
            return -1;
    }
    return check_geometry(t, err);
}

int template_load(const char *path, struct template *out, struct error *err)
{
    memset(out, 0, sizeof *out);
    json_t *root = json_load_file_strict(path, TEMPLATE_MAX_BYTES, err);
    if (!root)
        return -1;
    out->path = xstrdup(path);
    int status = read_sections(root, out, err);
    json_decref(root);
    if (status != 0) {
        char reason[sizeof err->message];
        snprintf(reason, sizeof reason, "%s", err->message);
        fail(err, "%s: %s", path, reason);
        template_free(out);
    }
    return status;
}

static void free_label(struct template_label *label)
{
    free(label->zh);
    free(label->en);
}

void template_free(struct template *t)
{
    struct template_texts *x = &t->texts;
    struct template_label *labels[] = {
        &x->number, &x->holder_name, &x->credit_code, &x->address, &x->scope, &x->standard,
        &x->standard_value, &x->grade, &x->issue_date, &x->expiry_date, &x->surveillance,
        &x->surveillance_item, &x->list_separator, &x->lead_auditor, &x->head, &x->issuer,
        &x->scan, &x->statement};
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        free_label(labels[i]);
    free(x->title);
    free(x->subtitle);
    for (size_t i = 0; i < t->font_count; i++)
        free(t->fonts[i].file);
    for (size_t i = 0; i < t->image_count; i++)
        free(t->images[i].file);
    free(t->seal.label);
    free(t->path);
    memset(t, 0, sizeof *t);
}

char *template_expand(const char *pattern, const char *const names[],
                      const char *const values[], size_t count)
{
    struct buffer out = {0};
    const char *cursor = pattern;
    for (const char *open; (open = strchr(cursor, '{')) != NULL;) {
        const char *close = strchr(open, '}');
        if (!close)
            break;
        buffer_append(&out, cursor, (size_t)(open - cursor));
        size_t length = (size_t)(close - open - 1);
        for (size_t i = 0; i < count; i++)
            if (strlen(names[i]) == length && strncmp(names[i], open + 1, length) == 0)
                buffer_append_string(&out, values[i]);
        cursor = close + 1;
    }
    buffer_append_string(&out, cursor);
    return out.data;
}
