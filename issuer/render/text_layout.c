/*
 * text_layout.c: greedy line breaking over measured characters, and drawing
 * each line as runs of characters that share a face.
 *
 * Greedy breaking (fill each line, then break at the last opportunity) is
 * what Chinese typesetting expects: a line ends where the measure ends, not
 * where a paragraph optimizer would like it to.
 */
#include "text_layout.h"

#include <stdlib.h>
#include <string.h>

#define FIT_STEP 0.25f /* points between the sizes text_fit tries */

/* Whether face is loaded and mapped for code_point: only characters that
 * passed font_set_check_text are, and any other would print blank. */
static int face_ready(const struct typeface *typeface, int face, uint32_t code_point)
{
    return face >= 0 && typeface->faces[face]
           && font_set_code_point_used(typeface->fonts->used[face], code_point);
}

int text_measure(const struct typeface *typeface, const char *text,
                 struct measured_text *out, struct error *err)
{
    size_t bytes = strlen(text);
    out->text = text;
    out->chars = xcalloc(bytes + 1, sizeof *out->chars);
    out->count = 0;
    for (size_t at = 0; at < bytes;) {
        struct measured_char *c = &out->chars[out->count++];
        size_t length = utf8_decode((const unsigned char *)text + at, &c->code_point);
        c->offset = at, c->length = (unsigned char)length;
        at += length;
        if (length && c->code_point == '\n')
            continue; /* a line break has no glyph and no width */
        int face = length ? font_set_face_for(typeface->fonts, c->code_point, NULL) : -1;
        if (!face_ready(typeface, face, c->code_point)) {
            text_measured_free(out);
            return fail(err, "internal: \"%s\" was not checked against the fonts", text);
        }
        c->face = (unsigned char)face;
        HPDF_TextWidth width = HPDF_Font_TextWidth(
            typeface->faces[face], (const HPDF_BYTE *)text + c->offset, (HPDF_UINT)length);
        c->advance = (float)width.width / 1000.0f;
    }
    return 0;
}

void text_measured_free(struct measured_text *measured)
{
    free(measured->chars);
    measured->chars = NULL;
    measured->count = 0;
}

/* ---- where lines may break ---- */

static int is_space(uint32_t c)
{
    return c == ' ' || c == 0x3000;
}

static int is_wide(uint32_t c) /* Chinese characters and full-width forms */
{
    return c >= 0x2E80;
}

/* Punctuation that must not start a line (closing marks, commas, stops). */
static int sticks_to_previous(uint32_t c)
{
    static const uint32_t marks[] = {
        ',', '.', ';', ':', '!', '?', ')', ']', '}', '%', 0x3001, 0x3002, 0xFF0C,
        0xFF0E, 0xFF1B, 0xFF1A, 0xFF01, 0xFF1F, 0xFF09, 0x300B, 0x3009, 0x300D, 0x300F,
        0x3011, 0x3015, 0x201D, 0x2019, 0x2026, 0x00B7, 0x30FB, 0xFF05};
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
        if (c == marks[i])
            return 1;
    return 0;
}

/* Punctuation that must not end a line (opening brackets and quotes). */
static int sticks_to_next(uint32_t c)
{
    static const uint32_t marks[] = {'(', '[', '{', 0xFF08, 0x300A, 0x3008, 0x300C,
                                     0x300E, 0x3010, 0x3014, 0x201C, 0x2018};
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
        if (c == marks[i])
            return 1;
    return 0;
}

static int may_break_between(uint32_t before, uint32_t after)
{
    if (is_space(after))
        return 0; /* spaces stay at the end of the line they follow */
    if (is_space(before))
        return 1;
    if (sticks_to_previous(after) || sticks_to_next(before))
        return 0;
    /* Latin text breaks only at spaces: "GB/T 27922-2011" and URLs stay
     * whole unless a single word is wider than the line. */
    return is_wide(before) || is_wide(after);
}

/* ---- greedy breaking ---- */

struct line_state {
    size_t visible_end;   /* one past the last non-space character */
    float visible_width;
    size_t break_at;      /* where the next line starts if broken here; 0: none */
    size_t break_end;
    float break_width;
};

static void end_line(struct text_line *line, size_t first, size_t end, float width)
{
    line->first = first;
    line->count = end - first;
    line->width = width;
}

/* Fills one line starting at first; returns where the next line starts. */
static size_t fill_line(const struct measured_text *m, size_t first, float size,
                        float tracking, float width, struct text_line *line)
{
    struct line_state s = {first, 0, 0, 0, 0};
    float x = 0;
    for (size_t i = first; i < m->count; i++) {
        const struct measured_char *c = &m->chars[i];
        if (c->code_point == '\n') {
            end_line(line, first, s.visible_end, s.visible_width);
            return i + 1;
        }
        if (i > first && may_break_between(m->chars[i - 1].code_point, c->code_point))
            s.break_at = i, s.break_end = s.visible_end, s.break_width = s.visible_width;
        float advance = c->advance * size + (i > first ? tracking : 0);
        if (!is_space(c->code_point) && i > first && x + advance > width) {
            if (s.break_at > first) {
                end_line(line, first, s.break_end, s.break_width);
                return s.break_at;
            }
            end_line(line, first, s.visible_end, s.visible_width); /* one long word */
            return i;
        }
        x += advance;
        if (!is_space(c->code_point))
            s.visible_end = i + 1, s.visible_width = x;
    }
    end_line(line, first, s.visible_end, s.visible_width);
    return m->count;
}

int text_wrap(const struct measured_text *measured, float size, float tracking,
              float leading, float width, size_t max_lines, struct text_block *out)
{
    out->size = size, out->tracking = tracking, out->leading = leading;
    out->line_count = 0;
    if (max_lines > TEXT_MAX_LINES)
        max_lines = TEXT_MAX_LINES;
    size_t next = 0;
    while (next < measured->count) {
        if (out->line_count == max_lines)
            return -1;
        struct text_line *line = &out->lines[out->line_count++];
        next = fill_line(measured, next, size, tracking, width, line);
        if (line->width > width)
            return -1; /* a single character wider than the measure */
    }
    return 0;
}

int text_fit(const struct measured_text *measured, float size, float min_size,
             float tracking, float line_spacing, float width, size_t max_lines,
             struct text_block *out)
{
    for (float s = size; s >= min_size - 0.001f; s -= FIT_STEP)
        if (text_wrap(measured, s, tracking, s * line_spacing, width, max_lines, out) == 0)
            return 0;
    return -1;
}

float text_block_height(const struct typeface *typeface, const struct text_block *block)
{
    if (block->line_count == 0)
        return 0;
    return (typeface->ascent + typeface->descent) * block->size
           + (float)(block->line_count - 1) * block->leading;
}

float text_block_width(const struct text_block *block)
{
    float widest = 0;
    for (size_t i = 0; i < block->line_count; i++)
        if (block->lines[i].width > widest)
            widest = block->lines[i].width;
    return widest;
}

/* ---- drawing ---- */

/* Shows chars [first, end) of one face as one string; returns its advance. */
static float draw_run(HPDF_Page page, const struct typeface *typeface,
                      const struct measured_text *m, const struct text_block *block,
                      size_t first, size_t end, float x, float y, char *scratch)
{
    const struct measured_char *a = &m->chars[first], *z = &m->chars[end - 1];
    size_t bytes = z->offset + z->length - a->offset;
    memcpy(scratch, m->text + a->offset, bytes);
    scratch[bytes] = '\0';
    HPDF_Page_SetFontAndSize(page, typeface->faces[a->face], block->size);
    HPDF_Page_TextOut(page, x, y, scratch);
    float advance = 0;
    for (size_t i = first; i < end; i++)
        advance += m->chars[i].advance * block->size + block->tracking;
    return advance;
}

static void draw_line(HPDF_Page page, const struct typeface *typeface,
                      const struct measured_text *m, const struct text_block *block,
                      const struct text_line *line, float x, float y, char *scratch)
{
    size_t end = line->first + line->count;
    for (size_t run = line->first; run < end;) {
        size_t stop = run + 1;
        while (stop < end && m->chars[stop].face == m->chars[run].face)
            stop++;
        x += draw_run(page, typeface, m, block, run, stop, x, y, scratch);
        run = stop;
    }
}

void text_draw(HPDF_Page page, const struct typeface *typeface,
               const struct measured_text *measured, const struct text_block *block,
               float left, float baseline, float width, enum text_align align)
{
    char *scratch = xmalloc(strlen(measured->text) + 1);
    HPDF_Page_BeginText(page);
    HPDF_Page_SetCharSpace(page, block->tracking);
    for (size_t i = 0; i < block->line_count; i++) {
        const struct text_line *line = &block->lines[i];
        float slack = width - line->width;
        float x = left + (align == TEXT_CENTER ? slack / 2 : align == TEXT_RIGHT ? slack : 0);
        draw_line(page, typeface, measured, block, line, x, baseline - (float)i * block->leading,
                  scratch);
    }
    HPDF_Page_SetCharSpace(page, 0);
    HPDF_Page_EndText(page);
    free(scratch);
}
