/*
 * render_page.h: what render.c hands to the page-drawing code.
 *
 * render.c prepares every text the page shows (struct page_texts) and
 * checks all of them against the fonts before anything is drawn; the
 * drawing code in render_page.c only places them. Keeping the two apart
 * means no text can reach the page without having been checked.
 */
#ifndef STARMARK_RENDER_PAGE_H
#define STARMARK_RENDER_PAGE_H

#include <hpdf.h>

#include "record.h"
#include "template.h"
#include "text_layout.h"
#include "util.h"

/* Texts composed from the certificate and the template. */
struct page_texts {
    char *number_line;        /* 证书编号 Certificate No.  NUMBER */
    char *standard_zh, *standard_en;
    char *surveillance_zh, *surveillance_en; /* NULL when there is no schedule */
    char *emblem_label;       /* 认证等级 Grade */
    char *caption;            /* 扫码验证 Scan to verify */
    char *statement_zh, *statement_en;
    char *printed_url;        /* the base URL and ?no=NUMBER */
    char issue_date[11], expiry_date[11];
};

struct canvas {
    HPDF_Doc pdf;
    HPDF_Page page;
    const struct template *template;
    const struct certificate *certificate;
    const struct page_texts *texts;
    struct typeface typeface;
};

/* Draws the whole page; qr_url goes into the QR and its link. */
int draw_page(struct canvas *canvas, const char *qr_url, struct error *err);

#endif
