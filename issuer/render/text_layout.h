/*
 * text_layout.h: measuring, line-breaking and drawing mixed Chinese and
 * Latin text with libharu.
 *
 * Text is measured once, character by character, at 1 pt: each character
 * goes to the first face of the font set that draws it, and its advance
 * scales linearly with the size, so trying twenty sizes to fit a box costs
 * one measurement. Lines break between any two Chinese characters, but keep
 * runs of Latin letters and digits together (a credit code or a standard
 * number never splits) and keep closing punctuation off the start of a line.
 */
#ifndef STARMARK_TEXT_LAYOUT_H
#define STARMARK_TEXT_LAYOUT_H

#include <stddef.h>
#include <stdint.h>
#include <hpdf.h>

#include "fontcheck.h"
#include "util.h"

#define TEXT_MAX_LINES 32

struct typeface {
    const struct font_set *fonts;          /* which face draws which character */
    HPDF_Font faces[FONT_SET_MAX_FACES];   /* loaded only for the faces in use */
    float ascent, descent;                 /* per pt of size, over the loaded faces */
};

struct measured_char {
    size_t offset;        /* of its first byte in the text */
    uint32_t code_point;
    unsigned char length; /* bytes */
    unsigned char face;
    float advance;        /* at 1 pt */
};

struct measured_text {
    const char *text;
    struct measured_char *chars;
    size_t count;
};

struct text_line {
    size_t first, count; /* characters, without trailing spaces */
    float width;
};

struct text_block {
    float size, tracking, leading; /* points; leading: baseline to baseline */
    size_t line_count;
    struct text_line lines[TEXT_MAX_LINES];
};

enum text_align { TEXT_LEFT, TEXT_CENTER, TEXT_RIGHT };

/* text must already have passed font_set_check_text (so it decodes and
 * every face it needs is loaded); -1 with err set otherwise. */
int text_measure(const struct typeface *typeface, const char *text,
                 struct measured_text *out, struct error *err);
void text_measured_free(struct measured_text *measured);

/* Breaks measured text into lines no wider than width at size. 0, or -1
 * when it needs more than max_lines lines. A newline always breaks. */
int text_wrap(const struct measured_text *measured, float size, float tracking,
              float leading, float width, size_t max_lines, struct text_block *out);

/* The largest size from size down to min_size (in quarter points) at which
 * the text fits width in at most max_lines; leading is size * line_spacing.
 * 0, or -1 when even min_size does not fit. */
int text_fit(const struct measured_text *measured, float size, float min_size,
             float tracking, float line_spacing, float width, size_t max_lines,
             struct text_block *out);

/* From the top of the first line to the bottom of the last. */
float text_block_height(const struct typeface *typeface, const struct text_block *block);
float text_block_width(const struct text_block *block); /* the widest line */

/* Draws the block with its first baseline at baseline, each line aligned
 * inside [left, left + width], in the current fill colour. */
void text_draw(HPDF_Page page, const struct typeface *typeface,
               const struct measured_text *measured, const struct text_block *block,
               float left, float baseline, float width, enum text_align align);

#endif
