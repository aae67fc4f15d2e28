/*
 * record.c: the certificate record's payload and decision, both ways.
 *
 * The issuer builds a payload from a graded assessment; everyone decodes it
 * back strictly and re-derives the score from the indicator points, so a
 * record whose grade does not follow from its own numbers is not genuine
 * even when its signatures verify.
 */
#include "record.h"

#include <stdio.h>
#include <string.h>

#include "grade.h"
#include "json_strict.h"
#include "jws.h"
#include "uscc.h"

static const char *const payload_members[] = {
    "format", "number", "body", "holder", "scope", "standard", "grade", "score",
    "excluded", "special_deductions", "special_bonus", "audit", "verify_url",
    "supersedes", NULL};

const char *grade_stars(const struct scheme_grade *grade)
{
    static const char *const marks[] = {"", "★☆☆☆☆", "★★☆☆☆", "★★★☆☆", "★★★★☆", "★★★★★"};
    return grade && grade->stars >= 1 && grade->stars <= 5 ? marks[grade->stars] : "";
}

int certificate_number_is_valid(const char *number)
{
    size_t length = strlen(number);
    if (length < 3 || length > 64)
        return 0;
    for (size_t i = 0; i < length; i++) {
        char c = number[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
              || c == '-'))
            return 0;
    }
    return number[0] != '-';
}

static char *copy_string(const json_t *object, const char *key, const char *path,
                         int multiline, struct error *err)
{
    const char *text = json_string_member(object, key, path, multiline, err);
    return text ? xstrdup(text) : NULL;
}

int record_parse_holder(const json_t *holder, struct certificate *c, struct error *err)
{
    static const char *const members[] = {"name", "uscc", "address", NULL};
    char why[USCC_WHY_SIZE];
    if (json_expect_object(holder, "holder", members, err) != 0
        || !(c->holder_name = copy_string(holder, "name", "holder", 0, err))
        || !(c->holder_uscc = copy_string(holder, "uscc", "holder", 0, err))
        || !(c->holder_address = copy_string(holder, "address", "holder", 0, err)))
        return -1;
    if (uscc_check(c->holder_uscc, why) != 0)
        return fail(err, "holder.uscc \"%s\" %s", c->holder_uscc, why);
    return 0;
}

static int parse_string_list(const json_t *list, const char *path, const char *member,
                             char ***out, size_t *count, struct error *err)
{
    if (!json_is_array(list))
        return fail(err, "%s must be an array", path);
    *out = xcalloc(json_array_size(list) + 1, sizeof **out);
    for (size_t i = 0; i < json_array_size(list); i++) {
        const json_t *item = json_array_get(list, i);
        char item_path[64];
        snprintf(item_path, sizeof item_path, "%s[%zu]", path, i);
        if (member) { /* a list of {"reason": text} */
            const char *const members[] = {member, NULL};
            if (json_expect_object(item, item_path, members, err) != 0)
                return -1;
            item = json_object_get(item, member);
        }
        const char *text = json_string_value(item);
        if (!text || !utf8_is_clean(text, 0) || !*text)
            return fail(err, "%s must be a non-empty single-line string", item_path);
        (*out)[(*count)++] = xstrdup(text);
    }
    return 0;
}

int record_parse_audit(const json_t *audit, struct certificate *c, struct error *err)
{
    static const char *const members[] = {"lead_auditor", "auditors", "end_date", NULL};
    const char *end_date;
    if (json_expect_object(audit, "audit", members, err) != 0
        || !(c->lead_auditor = copy_string(audit, "lead_auditor", "audit", 0, err))
        || parse_string_list(json_object_get(audit, "auditors"), "audit.auditors", NULL,
                             &c->auditors, &c->auditor_count, err) != 0
        || !(end_date = json_string_member(audit, "end_date", "audit", 0, err)))
        return -1;
    if (date_parse(end_date, &c->audit_end) != 0)
        return fail(err, "audit.end_date \"%s\" is not a real date YYYY-MM-DD", end_date);
    return 0;
}

/* Reads score.indicators and excluded into c->indicators. */
static int parse_indicators(const json_t *score, const json_t *excluded,
                            struct certificate *c, struct error *err)
{
    const struct scheme *scheme = c->scheme;
    const json_t *points = json_object_get(score, "indicators");
    if (!json_is_object(points) || !json_is_array(excluded))
        return fail(err, "score.indicators must be an object and excluded an array");
    c->indicators = xcalloc(scheme->indicator_count, sizeof *c->indicators);
    for (size_t i = 0; i < scheme->indicator_count; i++)
        c->indicators[i].indicator = &scheme->indicators[i];
    for (size_t i = 0; i < json_array_size(excluded); i++) {
        size_t index;
        const char *id = json_string_value(json_array_get(excluded, i));
        if (!id || !scheme_indicator(scheme, id, &index) || c->indicators[index].excluded)
            return fail(err, "excluded[%zu] is not a distinct indicator of %s", i,
                        scheme->standard);
        c->indicators[index].excluded = 1;
    }
    const char *id;
    const json_t *value;
    json_object_foreach((json_t *)points, id, value) {
        size_t index;
        if (!scheme_indicator(scheme, id, &index))
            return fail(err, "score.indicators: unknown indicator \"%s\"", id);
        if (c->indicators[index].excluded)
            return fail(err, "score.indicators: \"%s\" is excluded", id);
        if (json_integer_member(points, id, "score.indicators", 0,
                                scheme->indicators[index].max_tenths,
                                &(long long){0}, err) != 0)
            return -1;
        c->indicators[index].points_tenths = (int)json_integer_value(value);
    }
    if (json_object_size(points) + json_array_size(excluded) != scheme->indicator_count)
        return fail(err, "score.indicators: every indicator needs points or an exclusion");
    return 0;
}

/* Recomputes the score from the points and compares it with what the payload
 * claims, category by category. */
static int check_score(const json_t *score, const char *grade_id, struct certificate *c,
                       struct error *err)
{
    static const char *const members[] = {"total", "base", "categories", "indicators", NULL};
    const struct scheme *scheme = c->scheme;
    int points[SCHEME_MAX_INDICATORS], excluded[SCHEME_MAX_INDICATORS];
    for (size_t i = 0; i < scheme->indicator_count; i++) {
        points[i] = c->indicators[i].points_tenths;
        excluded[i] = c->indicators[i].excluded;
    }
    struct grade_outcome outcome;
    int graded = grade_compute(scheme, points, excluded, (int)c->deduction_count,
                               c->bonus ? 1 : 0, &outcome);
    long long total, base;
    if (json_expect_object(score, "score", members, err) != 0
        || json_integer_member(score, "total", "score", 0, 1000, &total, err) != 0
        || json_integer_member(score, "base", "score", 0, 1000, &base, err) != 0)
        return -1;
    if (graded != 0)
        return fail(err, "the points do not earn a certificate (%s)", outcome.failure);
    if (total != outcome.score_tenths || base != outcome.base_tenths)
        return fail(err, "score %lld does not follow from the indicator points (%d)", total,
                    outcome.score_tenths);
    if (strcmp(grade_id, outcome.grade->id) != 0)
        return fail(err, "grade \"%s\" does not follow from score %lld (%s)", grade_id, total,
                    outcome.grade->id);
    const json_t *categories = json_object_get(score, "categories");
    if (!json_is_object(categories) || json_object_size(categories) != scheme->category_count)
        return fail(err, "score.categories must list each category once");
    c->categories = xcalloc(scheme->category_count, sizeof *c->categories);
    for (size_t i = 0; i < scheme->category_count; i++) {
        static const char *const category_members[] = {"awarded", "applicable", NULL};
        const json_t *entry = json_object_get(categories, scheme->categories[i].id);
        if (json_expect_object(entry, scheme->categories[i].id, category_members, err) != 0)
            return -1;
        c->categories[i] = (struct category_result){&scheme->categories[i],
                                                    outcome.category_awarded[i],
                                                    outcome.category_applicable[i]};
        if (json_integer_value(json_object_get(entry, "awarded")) != outcome.category_awarded[i]
            || json_integer_value(json_object_get(entry, "applicable"))
                   != outcome.category_applicable[i])
            return fail(err, "score.categories.%s does not follow from the indicator points",
                        scheme->categories[i].id);
    }
    c->grade = outcome.grade;
    c->score_tenths = outcome.score_tenths;
    return 0;
}

int record_parse_special(const json_t *root, struct certificate *c, struct error *err)
{
    if (parse_string_list(json_object_get(root, "special_deductions"), "special_deductions",
                          "reason", &c->deductions, &c->deduction_count, err) != 0)
        return -1;
    const json_t *bonus = json_object_get(root, "special_bonus");
    if (json_is_null(bonus))
        return 0;
    static const char *const members[] = {"reason", NULL};
    if (c->scheme->max_bonuses < 1)
        return fail(err, "special_bonus: the scheme allows none");
    if (json_expect_object(bonus, "special_bonus", members, err) != 0
        || !(c->bonus = copy_string(bonus, "reason", "special_bonus", 0, err)))
        return -1;
    return 0;
}

static int parse_body_and_number(const json_t *root, struct certificate *c, struct error *err)
{
    static const char *const members[] = {"id", "name", NULL};
    const json_t *body = json_object_get(root, "body");
    if (!(c->number = copy_string(root, "number", "record", 0, err))
        || json_expect_object(body, "body", members, err) != 0
        || !(c->body_id = copy_string(body, "id", "body", 0, err))
        || !(c->body_name = copy_string(body, "name", "body", 0, err))
        || !(c->scope = copy_string(root, "scope", "record", 1, err))
        || !(c->verify_url = copy_string(root, "verify_url", "record", 0, err)))
        return -1;
    if (!certificate_number_is_valid(c->number))
        return fail(err, "number \"%s\" is not a certificate number", c->number);
    const json_t *supersedes = json_object_get(root, "supersedes");
    if (!json_is_null(supersedes)) {
        if (!json_is_string(supersedes)
            || !certificate_number_is_valid(json_string_value(supersedes)))
            return fail(err, "supersedes must be a certificate number or null");
        c->supersedes = xstrdup(json_string_value(supersedes));
    }
    return 0;
}

static int parse_payload_root(const json_t *root, struct certificate *c, struct error *err)
{
    const char *format, *standard, *grade;
    if (json_expect_object(root, "record", payload_members, err) != 0
        || !(format = json_string_member(root, "format", "record", 0, err)))
        return -1;
    if (strcmp(format, RECORD_FORMAT) != 0)
        return fail(err, "record format \"%s\" is not %s", format, RECORD_FORMAT);
    if (!(standard = json_string_member(root, "standard", "record", 0, err))
        || !(grade = json_string_member(root, "grade", "record", 0, err)))
        return -1;
    c->scheme = scheme_find(standard);
    if (!c->scheme)
        return fail(err, "standard \"%s\" is not a known scheme", standard);
    return parse_body_and_number(root, c, err)
           || record_parse_holder(json_object_get(root, "holder"), c, err)
           || record_parse_audit(json_object_get(root, "audit"), c, err)
           || record_parse_special(root, c, err)
           || parse_indicators(json_object_get(root, "score"),
                               json_object_get(root, "excluded"), c, err)
           || check_score(json_object_get(root, "score"), grade, c, err)
           ? -1 : 0;
}

int certificate_from_payload(const char *payload, size_t length, struct certificate *out,
                             struct error *err)
{
    memset(out, 0, sizeof *out);
    json_t *root = json_parse_strict(payload, length, MAX_RECORD_BYTES, "JSON", err);
    if (!root)
        return -1;
    int result = parse_payload_root(root, out, err);
    json_decref(root);
    if (result != 0)
        certificate_free(out);
    return result;
}

int certificate_set_decision(struct certificate *c, const json_t *decision,
                             struct error *err)
{
    static const char *const members[] = {"head", "issue_date", "expiry_date",
                                          "surveillance_due", "?qr_claim", NULL};
    const char *issue, *expiry;
    if (json_expect_object(decision, "decision", members, err) != 0
        || !(c->head_name = copy_string(decision, "head", "decision", 0, err))
        || !(issue = json_string_member(decision, "issue_date", "decision", 0, err))
        || !(expiry = json_string_member(decision, "expiry_date", "decision", 0, err)))
        return -1;
    if (date_parse(issue, &c->issue_date) != 0 || date_parse(expiry, &c->expiry_date) != 0
        || date_compare(c->issue_date, c->expiry_date) >= 0)
        return fail(err, "decision: issue and expiry must be real dates, issue first");
    const json_t *due = json_object_get(decision, "surveillance_due");
    if (!json_is_array(due) || json_array_size(due) > MAX_SURVEILLANCES)
        return fail(err, "decision.surveillance_due must be a list of dates");
    struct date previous = c->issue_date;
    for (size_t i = 0; i < json_array_size(due); i++) {
        struct date *date = &c->surveillance_due[i];
        const char *text = json_string_value(json_array_get(due, i));
        if (!text || date_parse(text, date) != 0 || date_compare(*date, previous) <= 0
            || date_compare(*date, c->expiry_date) > 0)
            return fail(err, "decision.surveillance_due[%zu] must be a date after the one "
                        "before it and not after expiry", i);
        previous = *date;
        c->surveillance_count++;
    }
    const json_t *claim = json_object_get(decision, "qr_claim");
    if (claim && !json_is_string(claim))
        return fail(err, "decision.qr_claim must be a compact JWS");
    if (claim)
        c->qr_claim = xstrdup(json_string_value(claim));
    c->approved = 1;
    return 0;
}

static void free_list(char **list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(list[i]);
    free(list);
}

void certificate_free(struct certificate *c)
{
    char *strings[] = {c->number, c->body_id, c->body_name, c->holder_name, c->holder_uscc,
                       c->holder_address, c->scope, c->bonus, c->lead_auditor,
                       c->verify_url, c->supersedes, c->head_name, c->qr_claim,
                       c->head_kid};
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
        free(strings[i]);
    free(c->categories);
    free(c->indicators);
    free_list(c->deductions, c->deduction_count);
    free_list(c->auditors, c->auditor_count);
    memset(c, 0, sizeof *c);
}

static json_t *string_list_json(char **list, size_t count, const char *member)
{
    json_t *array = json_array();
    for (size_t i = 0; i < count; i++)
        json_array_append_new(array, member ? json_pack("{s:s}", member, list[i])
                                            : json_string(list[i]));
    return array;
}

static json_t *score_json(const struct certificate *c)
{
    const struct scheme *scheme = c->scheme;
    json_t *categories = json_object(), *indicators = json_object();
    int points[SCHEME_MAX_INDICATORS], is_excluded[SCHEME_MAX_INDICATORS];
    for (size_t i = 0; i < scheme->indicator_count; i++) {
        points[i] = c->indicators[i].points_tenths;
        is_excluded[i] = c->indicators[i].excluded;
        if (!is_excluded[i])
            json_object_set_new(indicators, scheme->indicators[i].id, json_integer(points[i]));
    }
    struct grade_outcome outcome;
    grade_compute(scheme, points, is_excluded, (int)c->deduction_count, c->bonus ? 1 : 0,
                  &outcome);
    for (size_t i = 0; i < scheme->category_count; i++)
        json_object_set_new(categories, scheme->categories[i].id,
                            json_pack("{s:i, s:i}", "awarded", outcome.category_awarded[i],
                                      "applicable", outcome.category_applicable[i]));
    return json_pack("{s:i, s:i, s:o, s:o}", "total", outcome.score_tenths, "base",
                     outcome.base_tenths, "categories", categories, "indicators", indicators);
}

json_t *certificate_to_payload(const struct certificate *c)
{
    json_t *excluded = json_array();
    for (size_t i = 0; i < c->scheme->indicator_count; i++)
        if (c->indicators[i].excluded)
            json_array_append_new(excluded, json_string(c->scheme->indicators[i].id));
    char end_date[11];
    date_format(c->audit_end, end_date);
    json_t *payload = json_object();
    json_object_set_new(payload, "format", json_string(RECORD_FORMAT));
    json_object_set_new(payload, "number", json_string(c->number));
    json_object_set_new(payload, "body",
                        json_pack("{s:s, s:s}", "id", c->body_id, "name", c->body_name));
    json_object_set_new(payload, "holder",
                        json_pack("{s:s, s:s, s:s}", "name", c->holder_name, "uscc",
                                  c->holder_uscc, "address", c->holder_address));
    json_object_set_new(payload, "scope", json_string(c->scope));
    json_object_set_new(payload, "standard", json_string(c->scheme->standard));
    json_object_set_new(payload, "grade", json_string(c->grade->id));
    json_object_set_new(payload, "score", score_json(c));
    json_object_set_new(payload, "excluded", excluded);
    json_object_set_new(payload, "special_deductions",
                        string_list_json(c->deductions, c->deduction_count, "reason"));
    json_object_set_new(payload, "special_bonus",
                        c->bonus ? json_pack("{s:s}", "reason", c->bonus) : json_null());
    json_object_set_new(payload, "audit",
                        json_pack("{s:s, s:o, s:s}", "lead_auditor", c->lead_auditor,
                                  "auditors",
                                  string_list_json(c->auditors, c->auditor_count, NULL),
                                  "end_date", end_date));
    json_object_set_new(payload, "verify_url", json_string(c->verify_url));
    json_object_set_new(payload, "supersedes",
                        c->supersedes ? json_string(c->supersedes) : json_null());
    return payload;
}

json_t *certificate_to_decision(const struct certificate *c)
{
    char issue[11], expiry[11];
    date_format(c->issue_date, issue);
    date_format(c->expiry_date, expiry);
    json_t *due = json_array();
    for (size_t i = 0; i < c->surveillance_count; i++) {
        char text[11];
        date_format(c->surveillance_due[i], text);
        json_array_append_new(due, json_string(text));
    }
    return json_pack("{s:s, s:s, s:s, s:o, s:s*}", "head", c->head_name, "issue_date", issue,
                     "expiry_date", expiry, "surveillance_due", due, "qr_claim", c->qr_claim);
}

int certificate_from_record(const char *text, size_t length, struct certificate *out,
                            struct error *err)
{
    struct jws record;
    memset(out, 0, sizeof *out);
    if (jws_parse_general(text, length, &record, err) != 0)
        return -1;
    const struct jws_signature *head = NULL;
    for (size_t i = 0; i < record.signature_count; i++)
        if (json_object_get(record.signatures[i].header, "decision"))
            head = &record.signatures[i];
    int result = certificate_from_payload((const char *)record.payload, record.payload_length,
                                          out, err);
    if (result == 0 && !head)
        result = fail(err, "the record has no head's decision");
    if (result == 0)
        result = certificate_set_decision(out, json_object_get(head->header, "decision"), err);
    const char *head_kid = result == 0 ? jws_header_string(head, "kid") : NULL;
    if (head_kid)
        out->head_kid = xstrdup(head_kid);
    if (result != 0)
        certificate_free(out);
    jws_free(&record);
    return result;
}
