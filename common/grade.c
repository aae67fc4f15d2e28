/*
 * grade.c: the scoring rule. Excluded (删减) indicators leave the base:
 * score = awarded / applicable x 100; each special deduction takes its
 * points off, a special bonus adds its points, the score never exceeds the
 * maximum, and enough special deductions fail the assessment whatever the
 * score.
 */
#include "grade.h"

#include <stdio.h>
#include <string.h>

int grade_compute(const struct scheme *scheme, const int points[], const int excluded[],
                  int deductions, int bonuses, struct grade_outcome *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < scheme->indicator_count; i++) {
        if (excluded[i])
            continue;
        size_t category = scheme->indicators[i].category;
        out->category_awarded[category] += points[i];
        out->category_applicable[category] += scheme->indicators[i].max_tenths;
        out->awarded_tenths += points[i];
        out->applicable_tenths += scheme->indicators[i].max_tenths;
    }
    if (out->applicable_tenths == 0) {
        out->failure = "every indicator is excluded";
        return -1;
    }
    /* Multiply before dividing so the only loss is the final truncation. */
    out->base_tenths = (int)((long long)out->awarded_tenths * scheme->max_score_tenths
                             / out->applicable_tenths);
    int score = out->base_tenths - deductions * scheme->deduction_tenths
                + bonuses * scheme->bonus_tenths;
    if (score > scheme->max_score_tenths)
        score = scheme->max_score_tenths;
    if (score < 0)
        score = 0;
    out->score_tenths = score;
    if (deductions >= scheme->failing_deductions) {
        out->failure = "too many special deductions";
        return -1;
    }
    out->grade = scheme_grade_for(scheme, score);
    if (!out->grade) {
        out->failure = "score below the lowest grade";
        return -1;
    }
    return 0;
}

void tenths_format(int tenths, char out[16])
{
    snprintf(out, 16, "%s%d.%d", tenths < 0 ? "-" : "", (tenths < 0 ? -tenths : tenths) / 10,
             (tenths < 0 ? -tenths : tenths) % 10);
}
