/*
 * grade.h: from awarded points to a score and a grade, as GB/T 27922
 * certification bodies compute them.
 *
 * Everything is in integer tenths of a point and truncated, so a certificate
 * can never show a grade above its exact score (94.96 is four-star).
 */
#ifndef STARMARK_GRADE_H
#define STARMARK_GRADE_H

#include "scheme.h"

struct grade_outcome {
    int awarded_tenths, applicable_tenths;
    int category_awarded[SCHEME_MAX_CATEGORIES];
    int category_applicable[SCHEME_MAX_CATEGORIES];
    int base_tenths;     /* awarded / applicable x 100, truncated */
    int score_tenths;    /* after special deductions and bonus, capped */
    const struct scheme_grade *grade; /* NULL when the assessment fails */
    const char *failure; /* why it fails (static text), or NULL */
};

/* points[i] and excluded[i] follow scheme->indicators; points of excluded
 * indicators are ignored. Callers have already checked each point against
 * its maximum. Returns 0 when a grade is earned, -1 when the assessment
 * fails (out->failure says why; out->score_tenths is still filled in). */
int grade_compute(const struct scheme *scheme, const int points[], const int excluded[],
                  int deductions, int bonuses, struct grade_outcome *out);

/* Formats tenths as "94.9" into out (16 bytes). */
void tenths_format(int tenths, char out[16]);

#endif
