/*
 * scheme.h: an evaluation scheme (GB/T 27922-2011 by default) as data.
 *
 * The categories, indicators, maximum points and grade thresholds come from
 * a JSON file (common/schemes/), never from C, so a body's own split of the
 * points or a revised standard is a new file, not new code. All points are
 * held in tenths so that no floating point ever reaches a grade.
 */
#ifndef STARMARK_SCHEME_H
#define STARMARK_SCHEME_H

#include <stddef.h>
#include "util.h"

#define SCHEME_MAX_CATEGORIES 16
#define SCHEME_MAX_INDICATORS 64

struct scheme_category {
    char *id, *name_zh, *name_en;
    int max_tenths;
};

struct scheme_indicator {
    char *id, *name_zh, *name_en;
    int max_tenths;
    size_t category;            /* index into scheme.categories */
};

struct scheme_grade {
    char *id, *name_zh, *name_en;
    int stars;                  /* stars drawn on the mark; 0 for 达标级 */
    int min_tenths;             /* lowest score that earns the grade */
};

struct scheme {
    char *standard;             /* "GB/T 27922-2011": what records name */
    char *title_zh, *title_en;
    struct scheme_category *categories;
    size_t category_count;
    struct scheme_indicator *indicators;
    size_t indicator_count;
    struct scheme_grade *grades; /* ascending by min_tenths */
    size_t grade_count;
    int deduction_tenths;       /* taken off per special deduction */
    int failing_deductions;     /* this many deductions fail whatever the score */
    int bonus_tenths;           /* added per special bonus */
    int max_bonuses;
    int max_score_tenths;       /* 1000: the score never exceeds it */
};

/* Parses and checks a scheme file's text (each category sums to its total,
 * ids unique, thresholds ascending). 0, or -1 with err set. */
int scheme_parse(const char *json_text, struct scheme *out, struct error *err);
void scheme_free(struct scheme *scheme);

/* Loads the schemes built into the program (common/schemes/ at build time)
 * once, plus extra_file when not NULL, and finds one by its standard. */
int scheme_add_file(const char *path, struct error *err);
const struct scheme *scheme_find(const char *standard);

const struct scheme_indicator *scheme_indicator(const struct scheme *scheme,
                                                const char *id, size_t *index);
/* The highest grade whose threshold the score reaches, or NULL. */
const struct scheme_grade *scheme_grade_for(const struct scheme *scheme,
                                            int score_tenths);
const struct scheme_grade *scheme_grade_by_id(const struct scheme *scheme,
                                              const char *id);
/* The grade with this id in the first loaded scheme that has one (the QR
 * claim names a grade but not its scheme, to save bytes); *standard is set
 * to that scheme's standard. */
const struct scheme_grade *scheme_grade_anywhere(const char *id, const char **standard);

#endif
