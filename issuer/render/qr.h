/*
 * qr.h: the verification QR code, drawn as vector rectangles.
 *
 * A phone must read the printed code at a tender table, so the code is
 * drawn as vectors (sharp at any resolution, ~5 KB) rather than as an image,
 * always with its 4-module quiet zone painted white, and the text is always
 * encoded the same way: byte mode, error correction level M, case kept
 * (libqrencode upper-cases by default, which corrupts base64url).
 */
#ifndef STARMARK_QR_H
#define STARMARK_QR_H

#include <hpdf.h>
#include <qrencode.h>
#include "util.h"

#define QR_QUIET_MODULES 4  /* ISO/IEC 18004 minimum */
#define QR_MAX_TEXT 2048

struct qr_symbol {
    QRcode *code;
    int version; /* 1..40 */
    int width;   /* modules per side, without the quiet zone */
};

int qr_encode(const char *text, struct qr_symbol *out, struct error *err);
void qr_free(struct qr_symbol *symbol);

/* Side of the drawn code, quiet zone included, in points. */
float qr_side(const struct qr_symbol *symbol, float module);

/* Draws the symbol with its lower-left quiet-zone corner at (left, bottom):
 * a white square, then every horizontal run of dark modules as one
 * rectangle, all filled at once. */
void qr_draw(HPDF_Page page, const struct qr_symbol *symbol, float left, float bottom,
             float module, HPDF_RGBColor dark);

#endif
