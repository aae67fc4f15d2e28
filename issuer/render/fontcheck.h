/*
 * fontcheck.h: which characters a TrueType font really draws through libharu.
 *
 * libharu 2.3.0 draws a character the font lacks as a blank, silently drops
 * characters outside the Basic Multilingual Plane, and loses composite
 * glyphs whose parts it cannot follow. A certificate with a blank in the
 * holder's name is worse than no certificate, so every text is checked
 * here first, against the same cmap subtable libharu uses (Windows Unicode
 * BMP, format 4), and the renderer refuses what would not print.
 */
#ifndef STARMARK_FONTCHECK_H
#define STARMARK_FONTCHECK_H

#include <stdint.h>
#include "util.h"

struct font_coverage;

enum glyph_status {
    GLYPH_DRAWABLE,  /* prints: an outline libharu embeds, or a space */
    GLYPH_MISSING,   /* not in the font's cmap (or outside the BMP) */
    GLYPH_COMPOSITE, /* built from parts libharu 2.3.0 would drop */
    GLYPH_BLANK,     /* mapped to an empty glyph although it is no space */
};

/* Maps the font file (face_index selects a face inside a .ttc collection)
 * and reads its tables. NULL with err set when the file is not a TrueType
 * font libharu can use. */
struct font_coverage *font_coverage_load(const char *path, unsigned face_index,
                                         struct error *err);
void font_coverage_free(struct font_coverage *coverage);
int font_coverage_is_collection(const struct font_coverage *coverage);

enum glyph_status font_glyph_status(const struct font_coverage *coverage,
                                    uint32_t code_point);

/* An ordered list of faces: each character is drawn by the first face
 * that can draw it, so a small, common face comes first and a large
 * fallback face is embedded only in the certificates that need it. A face
 * marked ascii_only takes printable ASCII only (a Latin face for the
 * English texts and the digits). */
#define FONT_SET_MAX_FACES 4
#define FONT_SET_CODE_POINTS 0x10000 /* the BMP: all libharu can draw */
struct font_set {
    struct font_coverage *faces[FONT_SET_MAX_FACES];
    int ascii_only[FONT_SET_MAX_FACES];
    /* Set by font_set_check_text: a bit per BMP code point each face must
     * draw (NULL: the face draws nothing). pdf_font_load maps exactly
     * these, which keeps the embedded width and glyph tables small. */
    unsigned char *used[FONT_SET_MAX_FACES];
    size_t count;
};

/* Whether code_point is marked in a used bitmap. */
int font_set_code_point_used(const unsigned char *used, uint32_t code_point);

int font_set_add(struct font_set *set, const char *path, unsigned face_index,
                 int ascii_only, struct error *err);
void font_set_free(struct font_set *set);

/* The index of the face that draws code_point, or -1 with *why (may be
 * NULL) telling why none can. */
int font_set_face_for(const struct font_set *set, uint32_t code_point,
                      enum glyph_status *why);

/* Checks that every character of text prints, and marks each character
 * as used by the face that will draw it. Invalid UTF-8, control characters (a newline is allowed
 * when multiline) and characters no face draws are errors naming field,
 * the character and its U+XXXX code. */
int font_set_check_text(struct font_set *set, const char *field, const char *text,
                        int multiline, struct error *err);

#endif
