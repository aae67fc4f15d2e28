/*
 * pdf_record.h: finding the signed record and the QR URL inside a
 * certificate PDF, without a PDF library.
 *
 * The issuer stores the record (a JWS in JSON serialization) as a standard
 * PDF attachment (an embedded file named PDF_RECORD_FILE_NAME, media type
 * PDF_RECORD_MEDIA_TYPE), uncompressed, and puts the QR's URL in the link
 * annotation named PDF_RECORD_LINK_NAME over the QR code. Any PDF viewer
 * shows the attachment; the verifier reads both through the PDF's classic
 * cross-reference table with the small parser in pdf_record.c (no zlib, no
 * libharu). docs/template-format.md describes the layout.
 */
#ifndef STARMARK_PDF_RECORD_H
#define STARMARK_PDF_RECORD_H

#include <stddef.h>
#include "util.h"

#define PDF_RECORD_FILE_NAME "starmark-record.json"
#define PDF_RECORD_MEDIA_TYPE "application/jose+json"
#define PDF_RECORD_LINK_NAME "starmark-verify"
#define PDF_MAX_BYTES (8 * 1024 * 1024)
#define PDF_MAX_URL_BYTES 4096
#define PDF_MAX_RECORD_BYTES (256 * 1024)

/* Finds exactly one embedded record and exactly one verification link.
 * On success *record_out (the attachment's bytes, NUL-terminated, no NUL
 * inside) and *qr_url_out (printable ASCII) are the caller's to free.
 * Nothing found, more than one, a compressed record, or a PDF the parser
 * does not understand (a cross-reference stream, as some tools write when
 * they re-save a file) are errors: verify the original file, or the QR. */
int pdf_extract_record(const char *pdf_bytes, size_t length, char **record_out,
                       char **qr_url_out, struct error *err);

#endif
