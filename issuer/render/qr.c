/*
 * qr.c: encoding with libqrencode and drawing with libharu.
 *
 * Merging each row's runs of dark modules into one rectangle keeps the
 * content stream small (a version 15 code has ~2,500 dark modules but
 * ~700 runs) and leaves no hairline seams between neighbouring modules in
 * viewers that anti-alias every rectangle separately.
 */
#include "qr.h"

#include <errno.h>
#include <string.h>

int qr_encode(const char *text, struct qr_symbol *out, struct error *err)
{
    size_t length = strlen(text);
    memset(out, 0, sizeof *out);
    if (length == 0 || length > QR_MAX_TEXT)
        return fail(err, "QR text must have 1 to %d bytes, not %zu", QR_MAX_TEXT, length);
    QRcode *code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!code)
        return fail(err, "cannot encode %zu bytes as a QR code: %s", length,
                    errno == ERANGE ? "too long" : strerror(errno));
    out->code = code;
    out->version = code->version;
    out->width = code->width;
    return 0;
}

void qr_free(struct qr_symbol *symbol)
{
    if (symbol->code)
        QRcode_free(symbol->code);
    memset(symbol, 0, sizeof *symbol);
}

float qr_side(const struct qr_symbol *symbol, float module)
{
    return (float)(symbol->width + 2 * QR_QUIET_MODULES) * module;
}

static int is_dark(const struct qr_symbol *symbol, int row, int column)
{
    return symbol->code->data[row * symbol->width + column] & 1;
}

/* Adds one rectangle per run of dark modules in row to the current path. */
static void add_row(HPDF_Page page, const struct qr_symbol *symbol, int row, float left,
                    float top, float module)
{
    float y = top - (float)(QR_QUIET_MODULES + row + 1) * module;
    for (int column = 0; column < symbol->width;) {
        if (!is_dark(symbol, row, column)) {
            column++;
            continue;
        }
        int start = column;
        while (column < symbol->width && is_dark(symbol, row, column))
            column++;
        float x = left + (float)(QR_QUIET_MODULES + start) * module;
        HPDF_Page_Rectangle(page, x, y, (float)(column - start) * module, module);
    }
}

void qr_draw(HPDF_Page page, const struct qr_symbol *symbol, float left, float bottom,
             float module, HPDF_RGBColor dark)
{
    float side = qr_side(symbol, module);
    HPDF_Page_GSave(page);
    HPDF_Page_SetRGBFill(page, 1, 1, 1);
    HPDF_Page_Rectangle(page, left, bottom, side, side);
    HPDF_Page_Fill(page);
    HPDF_Page_SetRGBFill(page, dark.r, dark.g, dark.b);
    for (int row = 0; row < symbol->width; row++)
        add_row(page, symbol, row, left, bottom + side, module);
    HPDF_Page_Fill(page);
    HPDF_Page_GRestore(page);
}
