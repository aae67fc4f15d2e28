/*
 * assessment.c: reading an assessment strictly and grading it.
 *
 * Points may carry one decimal (5.5) and are held in tenths from here on;
 * the decimal check compares the parsed double with the double nearest to
 * tenths / 10, which is exact for every value a person would type.
 */
#include "assessment.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "grade.h"
#include "json_strict.h"

static int check_length(const char *text, const char *what, size_t max, struct error *err)
{
    if (utf8_length(text) > max)
        return fail(err, "%s is longer than %zu characters", what, max);
    return 0;
}

static int points_in_tenths(const json_t *value, const struct scheme_indicator *indicator,
                            int *tenths, struct error *err)
{
    if (!json_is_number(value))
        return fail(err, "scores.%s must be a number", indicator->id);
    double points = json_number_value(value);
    if (points < 0)
        return fail(err, "scores.%s is negative", indicator->id);
    double scaled = points * 10;
    if (scaled > indicator->max_tenths)
        return fail(err, "scores.%s: %g is above the maximum %d points", indicator->id, points,
                    indicator->max_tenths / 10);
    long long rounded = llround(scaled);
    if ((double)rounded / 10.0 != points)
        return fail(err, "scores.%s: %.17g has more than one decimal", indicator->id, points);
    *tenths = (int)rounded;
    return 0;
}

static int read_exclusions(const json_t *excluded, struct certificate *c, struct error *err)
{
    if (!json_is_array(excluded))
        return fail(err, "excluded must be an array of indicator ids");
    for (size_t i = 0; i < json_array_size(excluded); i++) {
        const char *id = json_string_value(json_array_get(excluded, i));
        size_t index;
        if (!id)
            return fail(err, "excluded[%zu] must be an indicator id", i);
        if (!scheme_indicator(c->scheme, id, &index))
            return fail(err, "excluded: unknown indicator \"%s\"", id);
        if (c->indicators[index].excluded)
            return fail(err, "excluded: \"%s\" is listed twice", id);
        c->indicators[index].excluded = 1;
    }
    return 0;
}

static int read_scores(const json_t *scores, struct certificate *c, struct error *err)
{
    const struct scheme *scheme = c->scheme;
    if (!json_is_object(scores))
        return fail(err, "scores must be an object of indicator: points");
    const char *id;
    const json_t *value;
    json_object_foreach((json_t *)scores, id, value) {
        size_t index;
        const struct scheme_indicator *indicator = scheme_indicator(scheme, id, &index);
        if (!indicator)
            return fail(err, "scores: unknown indicator \"%s\"", id);
        if (c->indicators[index].excluded)
            return fail(err, "scores.%s: points given for an excluded indicator", id);
        if (points_in_tenths(value, indicator, &c->indicators[index].points_tenths, err) != 0)
            return -1;
    }
    for (size_t i = 0; i < scheme->indicator_count; i++)
        if (!c->indicators[i].excluded && !json_object_get(scores, scheme->indicators[i].id))
            return fail(err, "scores: missing indicator \"%s\" (score it or list it in excluded)",
                        scheme->indicators[i].id);
    return 0;
}

static int grade(struct certificate *c, struct error *err)
{
    int points[SCHEME_MAX_INDICATORS], excluded[SCHEME_MAX_INDICATORS];
    for (size_t i = 0; i < c->scheme->indicator_count; i++) {
        points[i] = c->indicators[i].points_tenths;
        excluded[i] = c->indicators[i].excluded;
    }
    struct grade_outcome outcome;
    char score[16], lowest[16];
    int graded = grade_compute(c->scheme, points, excluded, (int)c->deduction_count,
                               c->bonus ? 1 : 0, &outcome);
    tenths_format(outcome.score_tenths, score);
    tenths_format(c->scheme->grades[0].min_tenths, lowest);
    if (graded != 0 && c->deduction_count >= (size_t)c->scheme->failing_deductions)
        return fail(err, "assessment fails: score %s, but %zu special deductions (%d or more "
                    "fail whatever the score)", score, c->deduction_count,
                    c->scheme->failing_deductions);
    if (graded != 0)
        return fail(err, "assessment fails: score %s is below %s (%s): %s", score, lowest,
                    c->scheme->grades[0].name_zh, outcome.failure);
    c->grade = outcome.grade;
    c->score_tenths = outcome.score_tenths;
    return 0;
}

static int check_lengths(const struct certificate *c, struct error *err)
{
    if (c->auditor_count > 20)
        return fail(err, "audit.auditors: more than 20 names");
    if (check_length(c->holder_name, "holder.name", 100, err)
        || check_length(c->holder_address, "holder.address", 200, err)
        || check_length(c->scope, "scope", 1000, err)
        || check_length(c->lead_auditor, "audit.lead_auditor", 50, err))
        return -1;
    int lead_listed = 0;
    for (size_t i = 0; i < c->auditor_count; i++) {
        if (check_length(c->auditors[i], "audit.auditors[]", 50, err))
            return -1;
        lead_listed |= strcmp(c->auditors[i], c->lead_auditor) == 0;
    }
    if (!lead_listed)
        return fail(err, "audit.auditors must include the lead auditor \"%s\"", c->lead_auditor);
    for (size_t i = 0; i < c->deduction_count; i++)
        if (check_length(c->deductions[i], "special_deductions.reason", 500, err))
            return -1;
    return c->bonus ? check_length(c->bonus, "special_bonus.reason", 500, err) : 0;
}

static int read_assessment(json_t *root, struct certificate *c, struct error *err)
{
    static const char *const members[] = {"holder", "scope", "standard", "audit", "scores",
                                          "?excluded", "?special_deductions",
                                          "?special_bonus", NULL};
    if (json_expect_object(root, "assessment", members, err) != 0)
        return -1;
    /* The optional lists default to empty, the bonus to none. */
    if (!json_object_get(root, "excluded"))
        json_object_set_new(root, "excluded", json_array());
    if (!json_object_get(root, "special_deductions"))
        json_object_set_new(root, "special_deductions", json_array());
    if (!json_object_get(root, "special_bonus"))
        json_object_set_new(root, "special_bonus", json_null());
    const char *standard = json_string_member(root, "standard", "assessment", 0, err);
    if (!standard)
        return -1;
    c->scheme = scheme_find(standard);
    if (!c->scheme)
        return fail(err, "standard \"%s\" is not a known scheme", standard);
    const char *scope = json_string_member(root, "scope", "assessment", 1, err);
    if (!scope)
        return -1;
    c->scope = xstrdup(scope);
    c->indicators = xcalloc(c->scheme->indicator_count, sizeof *c->indicators);
    for (size_t i = 0; i < c->scheme->indicator_count; i++)
        c->indicators[i].indicator = &c->scheme->indicators[i];
    return record_parse_holder(json_object_get(root, "holder"), c, err)
           || record_parse_audit(json_object_get(root, "audit"), c, err)
           || record_parse_special(root, c, err)
           || read_exclusions(json_object_get(root, "excluded"), c, err)
           || read_scores(json_object_get(root, "scores"), c, err)
           || check_lengths(c, err) || grade(c, err)
           ? -1 : 0;
}

int assessment_parse(const char *text, size_t length, const char *what,
                     struct certificate *out, struct error *err)
{
    memset(out, 0, sizeof *out);
    json_t *root = json_parse_strict(text, length, MAX_ASSESSMENT_BYTES, what, err);
    if (!root)
        return -1;
    struct error inner;
    int result = read_assessment(root, out, &inner);
    json_decref(root);
    if (result != 0) {
        certificate_free(out);
        return fail(err, "%s: %s", what, inner.message);
    }
    return 0;
}

int assessment_load(const char *path, struct certificate *out, char digest[SHA256_HEX_SIZE],
                    struct error *err)
{
    size_t length;
    memset(out, 0, sizeof *out);
    char *text = read_file_bounded(path, MAX_ASSESSMENT_BYTES, &length, err);
    if (!text)
        return -1;
    int result = assessment_parse(text, length, path, out, err);
    if (result == 0 && digest && sha256_hex(text, length, digest) != 0) {
        certificate_free(out);
        result = fail(err, "%s: cannot compute its SHA-256", path);
    }
    free(text);
    return result;
}
