/*
 * pdf_font.h: loading an embedded TrueType face into a libharu document.
 *
 * The face is embedded (subset to the glyphs used) and addressed in UTF-8,
 * the only way libharu 2.3.0 prints arbitrary Chinese text identically in
 * every viewer. Loading also makes libharu's per-document character
 * mapping about 50 times faster and the embedded tables smaller; see
 * pdf_font.c.
 */
#ifndef STARMARK_PDF_FONT_H
#define STARMARK_PDF_FONT_H

#include <hpdf.h>
#include "util.h"

/* The document must already use UTF encodings (HPDF_UseUTFEncodings).
 * is_collection: the file is a .ttc, and face_index picks the face.
 * used: a bit per BMP code point (fontcheck.h) the document will draw with
 * this face; only those are mapped, any other draws as a blank. NULL maps
 * every code point the font has. NULL with err set when libharu refuses
 * the font. */
HPDF_Font pdf_font_load(HPDF_Doc pdf, const char *path, unsigned face_index,
                        int is_collection, const unsigned char *used, struct error *err);

#endif
