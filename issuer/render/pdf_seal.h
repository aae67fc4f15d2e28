/*
 * pdf_seal.h: sealing a certificate PDF (PAdES B-B, docs/e-seal.md).
 *
 * libharu 2.3.0 has no signature API, so sealing takes two steps. Before
 * the document is saved, pdf_seal_add_field() adds an empty signature
 * field with libharu's object layer: a widget on the page (over the seal's
 * picture, or invisible) in a new AcroForm; the picture itself is a Form
 * XObject drawn between pdf_seal_begin_picture() and pdf_seal_end_picture().
 * After saving, pdf_seal_sign() appends one incremental update that signs
 * the field: the signature dictionary (/ByteRange over the whole file but
 * its own /Contents), the widget with /V and its picture, and the AcroForm
 * with /SigFlags 3. Cut the update off and what remains shows no seal.
 */
#ifndef STARMARK_PDF_SEAL_H
#define STARMARK_PDF_SEAL_H

#include <hpdf.h>
#include <stddef.h>
#include "cms_seal.h"
#include "util.h"

/* What the update needs to know of the saved document: object numbers. */
struct pdf_seal_field {
    unsigned widget, form, page, picture;   /* picture 0: an invisible seal */
    unsigned catalog, info;                 /* the trailer's /Root and /Info */
    HPDF_Rect rect;
};

/* Where the page's drawing went before pdf_seal_begin_picture. */
struct pdf_seal_picture {
    HPDF_Dict form;
    HPDF_Stream page_stream;
};

/* Sends what is drawn on page from now on into a new Form XObject over
 * rect (page coordinates), until pdf_seal_end_picture. */
int pdf_seal_begin_picture(HPDF_Doc pdf, HPDF_Page page, HPDF_Rect rect,
                           struct pdf_seal_picture *out, struct error *err);
/* Gives the page its drawing back and the form the page's fonts. */
int pdf_seal_end_picture(HPDF_Doc pdf, HPDF_Page page, struct pdf_seal_picture *picture,
                         struct error *err);

/* Adds the unsigned field on page: visible over rect showing picture's
 * form, or invisible when picture is NULL. */
int pdf_seal_add_field(HPDF_Doc pdf, HPDF_Page page, HPDF_Rect rect,
                       const struct pdf_seal_picture *picture, struct pdf_seal_field *out,
                       struct error *err);

/* Appends the signing update to the saved PDF *pdf (*length bytes, from
 * malloc; both replaced). */
int pdf_seal_sign(unsigned char **pdf, size_t *length, const struct pdf_seal_field *field,
                  const struct seal_signer *signer, struct error *err);

#endif
