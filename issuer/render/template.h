/*
 * template.h: the certificate's design as data (templates/default.json).
 *
 * Everything a certification body may want to change (page size, frame,
 * colours, fonts, type sizes, the position of every block, every fixed
 * text in Chinese and English, images such as a logo or a seal) lives in
 * the template file, so a body restyles its certificates without touching
 * C. The file is read strictly: unknown or missing fields, duplicate keys,
 * out-of-range numbers and overlapping blocks are errors.
 *
 * Lengths in the file are millimetres (boxes: from the page's top-left
 * corner) or points where the name says _pt; here they are all converted
 * to PDF points, and boxes to PDF coordinates (origin at the bottom-left).
 */
#ifndef STARMARK_TEMPLATE_H
#define STARMARK_TEMPLATE_H

#include <stddef.h>
#include "util.h"

#define TEMPLATE_FORMAT "starmark-template/1"
#define TEMPLATE_MAX_BYTES (64 * 1024)
#define TEMPLATE_MAX_FONTS 4
#define TEMPLATE_MAX_IMAGES 4

struct template_color {
    float red, green, blue; /* 0..1 */
};

struct template_box {
    float left, bottom, width, height; /* points, PDF coordinates */
};

/* A text style: its size (pt) may shrink down to min_size to fit a box.
 * tracking: extra space between characters. outline: also stroke the
 * glyphs with this line width, to embolden a face that has no bold. */
struct template_style {
    float size, min_size, tracking, outline;
    struct template_color color;
};

struct template_label {
    char *zh, *en;
};

struct template_font {
    char *file;
    unsigned index;     /* the face inside a .ttc collection */
    int ascii_only;     /* takes printable ASCII only: a Latin face */
};

struct template_image {
    char *file;         /* PNG */
    struct template_box box;
};

struct template_frame {
    struct template_color color, ornament_color;
    float outer_inset, outer_line, inner_inset, inner_line;
    float ornament_size, ornament_line;
};

struct template_rosette { /* a guilloche-like pattern behind the text */
    int present;
    struct template_color color;
    float center_x, center_y, radius, line;
    int petals;
};

struct template_boxes {
    struct template_box title, details, emblem, dates, signatures, statement, qr;
};

struct template_details {
    float label_width, row_gap, line_spacing;
    int holder_name_lines, address_lines, scope_lines;
    struct template_color rule_color;
    float rule_line;
};

struct template_emblem {
    struct template_color ring_color, star_color;
    float ring_line;
};

struct template_qr {
    float module, min_module; /* points per module; the QR shrinks to fit its box */
    struct template_color dark;
};

struct template_styles {
    struct template_style title, subtitle, number, label, label_english, holder_name,
        value, value_english, grade, grade_english, emblem_label, date, signature,
        body_name, caption, statement;
};

struct template_texts {
    char *title, *subtitle;
    struct template_label number, holder_name, credit_code, address, scope, standard,
        standard_value, grade, issue_date, expiry_date, surveillance, surveillance_item,
        list_separator, lead_auditor, head, issuer, scan, statement;
};

/* The electronic seal's picture (docs/e-seal.md), drawn only on a sealed
 * PDF: a round stamp inscribed in box, with the body's name along its top
 * and label under its star. Not visible: the seal has no picture. */
struct template_seal {
    int visible;
    struct template_box box;
    struct template_color color;
    float ring_line;
    char *label;
};

struct template {
    char *path;
    float page_width, page_height;
    struct template_color background;
    struct template_font fonts[TEMPLATE_MAX_FONTS];
    size_t font_count;
    struct template_frame frame;
    struct template_rosette rosette;
    struct template_boxes boxes;
    struct template_details details;
    struct template_emblem emblem;
    struct template_qr qr;
    struct template_styles styles;
    struct template_texts texts;
    struct template_image images[TEMPLATE_MAX_IMAGES];
    size_t image_count;
    struct template_seal seal;  /* absent from the file: not visible */
};

/* Reads and checks a template file (at most TEMPLATE_MAX_BYTES). 0, or -1
 * with err naming the file and the offending field. */
int template_load(const char *path, struct template *out, struct error *err);
void template_free(struct template *template);

/* Replaces each {name} in pattern by the value given for it; the caller
 * frees the result. template_load has already refused any placeholder a
 * text may not use, so every name here is known. */
char *template_expand(const char *pattern, const char *const names[],
                      const char *const values[], size_t count);

#endif
