/*
 * pdf_record.h: finding the signed record, the QR URL and the PDF
 * signature (the electronic seal) inside a certificate PDF, without a PDF
 * library.
 *
 * The issuer stores the record (a JWS in JSON serialization) as a standard
 * PDF attachment (an embedded file named PDF_RECORD_FILE_NAME, media type
 * PDF_RECORD_MEDIA_TYPE), uncompressed, and puts the QR's URL in the link
 * annotation named PDF_RECORD_LINK_NAME over the QR code; beside the record,
 * the proof that the transparency log holds it (PDF_PROOF_FILE_NAME), when
 * it did when the PDF was made. Any PDF viewer shows the attachments; the
 * verifier reads them and the link through the PDF's classic
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
/* The record's tlog-proof (tlog_proof.h), when the log held the record at
 * rendering. tlog-proof has no registered media type: this one is in the
 * x. tree, as C2SP's own text/x.tlog.size. */
#define PDF_PROOF_FILE_NAME "starmark-record.tlog-proof"
#define PDF_PROOF_MEDIA_TYPE "text/x.tlog-proof"
#define PDF_MAX_BYTES (8 * 1024 * 1024)
#define PDF_MAX_URL_BYTES 4096
#define PDF_MAX_RECORD_BYTES (256 * 1024)

/* Finds exactly one embedded record and exactly one verification link,
 * and at most one log proof. On success *record_out (the attachment's
 * bytes, NUL-terminated, no NUL inside), *qr_url_out (printable ASCII) and
 * *proof_out (NUL-terminated, at most TLOG_PROOF_MAX_BYTES; NULL when the
 * PDF carries none) are the caller's to free.
 * Nothing found, more than one, a compressed record, or a PDF the parser
 * does not understand (a cross-reference stream, as some tools write when
 * they re-save a file) are errors: verify the original file, or the QR. */
int pdf_extract_record(const char *pdf_bytes, size_t length, char **record_out,
                       char **qr_url_out, char **proof_out, struct error *err);

#define PDF_MAX_SIGNING_TIME 40

/* Where the parts of a PDF signature dictionary (/Type /Sig) lie in the
 * file; common/pdf_signature.c judges them. */
struct pdf_signature_place {
    size_t byte_range[4];       /* /ByteRange [a b c d] as written */
    size_t contents_start;      /* /Contents: the offset of its '<' */
    size_t contents_end;        /* and the offset just past its '>' */
    char signing_time[PDF_MAX_SIGNING_TIME]; /* /M as written; "" when absent */
};

/* Looks for signature dictionaries in every revision of the file, not only
 * the newest (an update that drops the signature still leaves it in the
 * file), and describes the one written last. 0 with *found 0 when there is
 * none, or 1 and *out filled; -1 when the file cannot be read or that
 * dictionary lacks a /ByteRange of four whole numbers or a hex /Contents. */
int pdf_find_signature(const char *pdf_bytes, size_t length, int *found,
                       struct pdf_signature_place *out, struct error *err);

#endif
