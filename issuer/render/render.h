/*
 * render.h: a decoded certificate as a one-page PDF certificate.
 *
 * The PDF shows what 《认证证书和认证标志管理办法》 requires plus the grade,
 * the surveillance schedule and a QR code for verification, laid out by a
 * template (template.h). It also carries the full signed record as an
 * attachment and the QR's URL as a link (common/pdf_record.h), so a
 * verifier can check the file itself, not only the paper.
 */
#ifndef STARMARK_RENDER_H
#define STARMARK_RENDER_H

#include <stddef.h>
#include "cms_seal.h"
#include "record.h"
#include "template.h"
#include "util.h"

/* Renders c (which must carry the head's decision) with template t, and
 * seals it with seal unless that is NULL (docs/e-seal.md). The
 * QR encodes qr_url exactly; the page prints only its base (the part
 * before '?') followed by "?no=" and the certificate number, because the
 * full URL carries a signature too long to type. record_json is attached
 * byte for byte, and beside it log_proof, the record's tlog-proof, unless
 * that is NULL. Fails (-1, err set) without writing anything when a text
 * would not print (a character no font has, invalid UTF-8), does not fit
 * its box even at the template's smallest size, or the QR would need
 * modules smaller than the template allows; the message names the
 * certificate number, the field, and for a character its U+XXXX code. */
int render_certificate(const struct certificate *c, const struct template *t,
                       const char *qr_url, const char *record_json, const char *log_proof,
                       const struct seal_signer *seal, const char *out_path,
                       struct error *err);

/* The same, into memory: *pdf_out (the caller frees it) and its length. */
int render_certificate_to_memory(const struct certificate *c, const struct template *t,
                                 const char *qr_url, const char *record_json,
                                 const char *log_proof, const struct seal_signer *seal,
                                 unsigned char **pdf_out, size_t *length_out,
                                 struct error *err);

#endif
