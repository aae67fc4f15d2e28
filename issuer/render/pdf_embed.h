/*
 * pdf_embed.h: the machine-readable parts of a certificate PDF.
 *
 * The writing side of common/pdf_record.h: the signed record and its
 * transparency log proof as uncompressed attachments, and the named link
 * annotation that carries the QR's URL. Both follow the PDF standard, so
 * any viewer lists the attachments and opens the link.
 */
#ifndef STARMARK_PDF_EMBED_H
#define STARMARK_PDF_EMBED_H

#include <hpdf.h>
#include "util.h"

/* Attaches record (JSON text) as PDF_RECORD_FILE_NAME. */
int pdf_embed_record(HPDF_Doc pdf, const char *record, struct error *err);

/* Attaches proof (a tlog-proof's text) as PDF_PROOF_FILE_NAME; after the
 * record, whose name sorts first in the attachments' name tree. */
int pdf_embed_log_proof(HPDF_Doc pdf, const char *proof, struct error *err);

/* Makes rect a link to url, named PDF_RECORD_LINK_NAME, without a border. */
int pdf_add_verify_link(HPDF_Doc pdf, HPDF_Page page, HPDF_Rect rect, const char *url,
                        struct error *err);

#endif
