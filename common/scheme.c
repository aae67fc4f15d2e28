/*
 * scheme.c: reading an evaluation scheme file and answering questions about
 * it (which indicator is this, which grade does this score earn).
 *
 * The schemes in common/schemes/ are compiled into every program (see
 * schemes_builtin.c) so a verifier needs no data directory; a body with its
 * own split of points adds its file with --scheme.
 */
#include "scheme.h"

#include <stdlib.h>
#include <string.h>

#include "json_strict.h"

#define MAX_SCHEMES 8
#define MAX_SCHEME_BYTES (64 * 1024)

extern const char *const builtin_schemes[];

static struct scheme loaded[MAX_SCHEMES];
static size_t loaded_count;
static int builtins_loaded;

static int parse_names(const json_t *object, const char *path, char **id,
                       char **name_zh, char **name_en, struct error *err)
{
    const char *fields[] = {"id", "name_zh", "name_en"};
    char **targets[] = {id, name_zh, name_en};
    for (int i = 0; i < 3; i++) {
        const char *text = json_string_member(object, fields[i], path, 0, err);
        if (!text)
            return -1;
        *targets[i] = xstrdup(text);
    }
    return 0;
}

static int parse_points(const json_t *object, const char *key, const char *path,
                        int *tenths, struct error *err)
{
    long long points;
    if (json_integer_member(object, key, path, 0, 1000, &points, err) != 0)
        return -1;
    *tenths = (int)points * 10;
    return 0;
}

static int parse_indicators(const json_t *list, size_t category, const char *path,
                            struct scheme *scheme, struct error *err)
{
    static const char *const members[] = {"id", "name_zh", "name_en", "points", NULL};
    int sum = 0;
    if (!json_is_array(list) || json_array_size(list) == 0)
        return fail(err, "%s.indicators must be a non-empty array", path);
    for (size_t i = 0; i < json_array_size(list); i++) {
        const json_t *item = json_array_get(list, i);
        if (scheme->indicator_count == SCHEME_MAX_INDICATORS)
            return fail(err, "a scheme has at most %d indicators", SCHEME_MAX_INDICATORS);
        char *item_path = xasprintf("%s.indicators[%zu]", path, i);
        scheme->indicators = xrealloc(scheme->indicators,
                                      (scheme->indicator_count + 1) * sizeof *scheme->indicators);
        struct scheme_indicator *indicator = &scheme->indicators[scheme->indicator_count];
        memset(indicator, 0, sizeof *indicator);
        scheme->indicator_count++;
        indicator->category = category;
        int failed = json_expect_object(item, item_path, members, err)
                     || parse_names(item, item_path, &indicator->id, &indicator->name_zh,
                                    &indicator->name_en, err)
                     || parse_points(item, "points", item_path, &indicator->max_tenths, err);
        free(item_path);
        if (failed)
            return -1;
        if (indicator->max_tenths == 0)
            return fail(err, "indicator %s: points must be positive", indicator->id);
        for (size_t j = 0; j + 1 < scheme->indicator_count; j++)
            if (strcmp(scheme->indicators[j].id, indicator->id) == 0)
                return fail(err, "indicator %s appears twice", indicator->id);
        sum += indicator->max_tenths;
    }
    if (sum != scheme->categories[category].max_tenths)
        return fail(err, "category %s: indicators sum to %d points, not %d",
                    scheme->categories[category].id, sum / 10,
                    scheme->categories[category].max_tenths / 10);
    return 0;
}

static int parse_categories(const json_t *list, struct scheme *scheme, struct error *err)
{
    static const char *const members[] = {"id", "name_zh", "name_en", "points",
                                          "indicators", NULL};
    if (!json_is_array(list) || json_array_size(list) == 0
        || json_array_size(list) > SCHEME_MAX_CATEGORIES)
        return fail(err, "scheme.categories must list 1 to %d categories",
                    SCHEME_MAX_CATEGORIES);
    scheme->categories = xcalloc(json_array_size(list), sizeof *scheme->categories);
    int total = 0;
    for (size_t i = 0; i < json_array_size(list); i++) {
        const json_t *item = json_array_get(list, i);
        struct scheme_category *category = &scheme->categories[i];
        scheme->category_count++;
        char *path = xasprintf("categories[%zu]", i);
        int failed = json_expect_object(item, path, members, err)
                     || parse_names(item, path, &category->id, &category->name_zh,
                                    &category->name_en, err)
                     || parse_points(item, "points", path, &category->max_tenths, err)
                     || parse_indicators(json_object_get(item, "indicators"), i, path,
                                         scheme, err);
        free(path);
        if (failed)
            return -1;
        total += category->max_tenths;
    }
    if (total != scheme->max_score_tenths)
        return fail(err, "categories sum to %d points, not max_score %d", total / 10,
                    scheme->max_score_tenths / 10);
    return 0;
}

static int parse_grades(const json_t *list, struct scheme *scheme, struct error *err)
{
    static const char *const members[] = {"id", "name_zh", "name_en", "stars",
                                          "min_score", NULL};
    if (!json_is_array(list) || json_array_size(list) == 0)
        return fail(err, "scheme.grades must be a non-empty array");
    scheme->grades = xcalloc(json_array_size(list), sizeof *scheme->grades);
    for (size_t i = 0; i < json_array_size(list); i++) {
        const json_t *item = json_array_get(list, i);
        struct scheme_grade *grade = &scheme->grades[i];
        scheme->grade_count++;
        char *path = xasprintf("grades[%zu]", i);
        long long stars;
        int failed = json_expect_object(item, path, members, err)
                     || parse_names(item, path, &grade->id, &grade->name_zh,
                                    &grade->name_en, err)
                     || json_integer_member(item, "stars", path, 0, 5, &stars, err)
                     || parse_points(item, "min_score", path, &grade->min_tenths, err);
        free(path);
        if (failed)
            return -1;
        grade->stars = (int)stars;
        if (i > 0 && grade->min_tenths <= scheme->grades[i - 1].min_tenths)
            return fail(err, "grades must be listed in ascending min_score");
    }
    return 0;
}

static int parse_rules(const json_t *root, struct scheme *scheme, struct error *err)
{
    static const char *const deduction_members[] = {"points", "failing_count", NULL};
    static const char *const bonus_members[] = {"points", "max_count", NULL};
    const json_t *deduction = json_object_get(root, "special_deduction");
    const json_t *bonus = json_object_get(root, "special_bonus");
    long long failing, max_count;
    if (json_expect_object(deduction, "special_deduction", deduction_members, err)
        || parse_points(deduction, "points", "special_deduction",
                        &scheme->deduction_tenths, err)
        || json_integer_member(deduction, "failing_count", "special_deduction", 1, 100,
                               &failing, err)
        || json_expect_object(bonus, "special_bonus", bonus_members, err)
        || parse_points(bonus, "points", "special_bonus", &scheme->bonus_tenths, err)
        || json_integer_member(bonus, "max_count", "special_bonus", 0, 10, &max_count,
                               err))
        return -1;
    scheme->failing_deductions = (int)failing;
    scheme->max_bonuses = (int)max_count;
    return 0;
}

int scheme_parse(const char *json_text, struct scheme *out, struct error *err)
{
    static const char *const members[] = {"format", "standard", "title_zh", "title_en",
                                          "?note", "categories", "grades",
                                          "special_deduction", "special_bonus",
                                          "max_score", NULL};
    memset(out, 0, sizeof *out);
    json_t *root = json_parse_strict(json_text, strlen(json_text), MAX_SCHEME_BYTES,
                                     "scheme", err);
    if (!root)
        return -1;
    const char *format, *standard, *title_zh, *title_en;
    int failed = json_expect_object(root, "scheme", members, err)
                 || !(format = json_string_member(root, "format", "scheme", 0, err))
                 || !(standard = json_string_member(root, "standard", "scheme", 0, err))
                 || !(title_zh = json_string_member(root, "title_zh", "scheme", 0, err))
                 || !(title_en = json_string_member(root, "title_en", "scheme", 0, err))
                 || parse_points(root, "max_score", "scheme", &out->max_score_tenths, err);
    if (!failed && strcmp(format, "starmark-scheme/1") != 0)
        failed = fail(err, "scheme.format \"%s\" is not starmark-scheme/1", format);
    if (!failed) {
        out->standard = xstrdup(standard);
        out->title_zh = xstrdup(title_zh);
        out->title_en = xstrdup(title_en);
        failed = parse_categories(json_object_get(root, "categories"), out, err)
                 || parse_grades(json_object_get(root, "grades"), out, err)
                 || parse_rules(root, out, err);
    }
    json_decref(root);
    if (failed)
        scheme_free(out);
    return failed ? -1 : 0;
}

void scheme_free(struct scheme *scheme)
{
    for (size_t i = 0; i < scheme->category_count; i++) {
        free(scheme->categories[i].id);
        free(scheme->categories[i].name_zh);
        free(scheme->categories[i].name_en);
    }
    for (size_t i = 0; i < scheme->indicator_count; i++) {
        free(scheme->indicators[i].id);
        free(scheme->indicators[i].name_zh);
        free(scheme->indicators[i].name_en);
    }
    for (size_t i = 0; i < scheme->grade_count; i++) {
        free(scheme->grades[i].id);
        free(scheme->grades[i].name_zh);
        free(scheme->grades[i].name_en);
    }
    free(scheme->categories);
    free(scheme->indicators);
    free(scheme->grades);
    free(scheme->standard);
    free(scheme->title_zh);
    free(scheme->title_en);
    memset(scheme, 0, sizeof *scheme);
}

static void free_loaded(void)
{
    for (size_t i = 0; i < loaded_count; i++)
        scheme_free(&loaded[i]);
    loaded_count = 0;
}

static int add_scheme_text(const char *text, const char *what, struct error *err)
{
    struct scheme scheme;
    struct error parse_error;
    if (scheme_parse(text, &scheme, &parse_error) != 0)
        return fail(err, "%s: %s", what, parse_error.message);
    /* A file given later replaces a built-in scheme of the same standard. */
    for (size_t i = 0; i < loaded_count; i++) {
        if (strcmp(loaded[i].standard, scheme.standard) == 0) {
            scheme_free(&loaded[i]);
            loaded[i] = scheme;
            return 0;
        }
    }
    if (loaded_count == MAX_SCHEMES) {
        scheme_free(&scheme);
        return fail(err, "%s: more than %d schemes", what, MAX_SCHEMES);
    }
    if (loaded_count == 0)
        atexit(free_loaded);
    loaded[loaded_count++] = scheme;
    return 0;
}

static void load_builtins(void)
{
    if (builtins_loaded)
        return;
    builtins_loaded = 1;
    for (size_t i = 0; builtin_schemes[i]; i++) {
        struct error err;
        if (add_scheme_text(builtin_schemes[i], "built-in scheme", &err) != 0)
            die(EXIT_NOT_GENUINE, "%s", err.message);
    }
}

int scheme_add_file(const char *path, struct error *err)
{
    load_builtins();
    char *text = read_file_bounded(path, MAX_SCHEME_BYTES, NULL, err);
    if (!text)
        return -1;
    int result = add_scheme_text(text, path, err);
    free(text);
    return result;
}

const struct scheme *scheme_find(const char *standard)
{
    load_builtins();
    for (size_t i = 0; i < loaded_count; i++)
        if (strcmp(loaded[i].standard, standard) == 0)
            return &loaded[i];
    return NULL;
}

const struct scheme_indicator *scheme_indicator(const struct scheme *scheme,
                                                const char *id, size_t *index)
{
    for (size_t i = 0; i < scheme->indicator_count; i++) {
        if (strcmp(scheme->indicators[i].id, id) == 0) {
            if (index)
                *index = i;
            return &scheme->indicators[i];
        }
    }
    return NULL;
}

const struct scheme_grade *scheme_grade_for(const struct scheme *scheme, int score_tenths)
{
    const struct scheme_grade *best = NULL;
    for (size_t i = 0; i < scheme->grade_count; i++)
        if (score_tenths >= scheme->grades[i].min_tenths)
            best = &scheme->grades[i];
    return best;
}

const struct scheme_grade *scheme_grade_by_id(const struct scheme *scheme, const char *id)
{
    for (size_t i = 0; i < scheme->grade_count; i++)
        if (strcmp(scheme->grades[i].id, id) == 0)
            return &scheme->grades[i];
    return NULL;
}

const struct scheme_grade *scheme_grade_anywhere(const char *id, const char **standard)
{
    load_builtins();
    for (size_t i = 0; i < loaded_count; i++) {
        const struct scheme_grade *grade = scheme_grade_by_id(&loaded[i], id);
        if (grade) {
            *standard = loaded[i].standard;
            return grade;
        }
    }
    return NULL;
}
