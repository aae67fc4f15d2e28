/*
 * assessment.h: the audit team's assessment file (docs/assessment-format.md),
 * checked and graded before anything is signed.
 */
#ifndef STARMARK_ASSESSMENT_H
#define STARMARK_ASSESSMENT_H

#include "record.h"

#define MAX_ASSESSMENT_BYTES (1024 * 1024)

/* Reads and checks an assessment and grades it. On success out holds the
 * holder, scope, scheme, points, special items, audit and grade (number,
 * body and decision are left for the issuer), and digest (unless NULL) the
 * SHA-256 of the very bytes read, by which the registry knows a file it
 * has issued before. A failing assessment is an error that states the
 * score and why. */
int assessment_load(const char *path, struct certificate *out, char digest[SHA256_HEX_SIZE],
                    struct error *err);
/* The same for text already in memory; what names it in errors. */
int assessment_parse(const char *text, size_t length, const char *what,
                     struct certificate *out, struct error *err);

#endif
