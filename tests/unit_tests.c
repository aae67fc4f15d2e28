/*
 * unit_tests.c: the pure functions under everything else: credit codes,
 * grades at every boundary, calendar arithmetic, base64url, the JSON
 * reader beside jansson's, a JWS round trip, the trust decision, and the
 * transparency log's tree, tiles, notes and proofs. Prints "ok - ..." or "not ok - ..." per check, like the shell tests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>

#include "base64url.h"
#include "date.h"
#include "grade.h"
#include "json_memory.h"
#include "json_reader.h"
#include "json_strict.h"
#include "jws.h"
#include "scheme.h"
#include "tlog_note.h"
#include "tlog_proof.h"
#include "tlog_tiles.h"
#include "tlog_tree.h"
#include "trust.h"
#include "uscc.h"

static int failures;

static void check(int condition, const char *what)
{
    printf("%s - %s\n", condition ? "ok" : "not ok", what);
    failures += !condition;
}

static void test_uscc(void)
{
    char why[USCC_WHY_SIZE];
    check(uscc_check("91512081MA62K0260E", why) == 0, "USCC 91512081MA62K0260E is valid");
    check(uscc_check("91350100M000100Y4Z", why) != 0 && strstr(why, "should be 3"),
          "USCC 91350100M000100Y4Z is invalid: the check should be 3");
    check(uscc_check_character("91350100M000100Y4") == '3', "USCC check character is 3");
    check(uscc_check("91350100M000100Y43", why) == 0, "USCC with corrected check is valid");
    check(uscc_check("91512081ma62k0260e", why) != 0 && strstr(why, "lower-case"),
          "lower-case USCC refused, not folded");
    check(uscc_check("91512081MA62K0260", why) != 0, "17 characters refused");
    check(uscc_check("91512081MA62K0260EE", why) != 0, "19 characters refused");
    check(uscc_check("91512081MA62K0I60E", why) != 0 && strstr(why, "alphabet"),
          "letter I refused");
    check(uscc_check("91510100MA61R2AB3H", why) != 0, "a wrong check character refused");
    check(uscc_check("", why) != 0, "empty code refused");
}

static const struct scheme *default_scheme(void)
{
    return scheme_find("GB/T 27922-2011");
}

/* Spreads a total over the indicators, each up to its maximum. */
static void spread(const struct scheme *scheme, int total, const int excluded[], int points[])
{
    for (size_t i = 0; i < scheme->indicator_count; i++) {
        int take = excluded[i] ? 0 : scheme->indicators[i].max_tenths;
        if (take > total)
            take = total;
        points[i] = take;
        total -= take;
    }
}

static const char *grade_of(int total_tenths, const int excluded[], int deductions, int bonuses,
                            int *score)
{
    const struct scheme *scheme = default_scheme();
    int points[SCHEME_MAX_INDICATORS];
    struct grade_outcome outcome;
    spread(scheme, total_tenths, excluded, points);
    int graded = grade_compute(scheme, points, excluded, deductions, bonuses, &outcome);
    *score = outcome.score_tenths;
    return graded == 0 ? outcome.grade->id : "fail";
}

static void expect_grade(int total, int deductions, int bonuses, const char *grade, int score,
                         const char *what)
{
    int none[SCHEME_MAX_INDICATORS] = {0}, got_score;
    const char *got = grade_of(total, none, deductions, bonuses, &got_score);
    char line[160];
    snprintf(line, sizeof line, "%s: %s, score %d (got %s, %d)", what, grade, score, got,
             got_score);
    check(strcmp(got, grade) == 0 && got_score == score, line);
}

static void test_grades(void)
{
    check(default_scheme() && default_scheme()->indicator_count == 15,
          "the built-in scheme has 15 indicators");
    expect_grade(699, 0, 0, "fail", 699, "69.9 fails");
    expect_grade(700, 0, 0, "compliant", 700, "70.0 is compliant");
    expect_grade(799, 0, 0, "compliant", 799, "79.9 is compliant");
    expect_grade(800, 0, 0, "three_star", 800, "80.0 is three-star");
    expect_grade(899, 0, 0, "three_star", 899, "89.9 is three-star");
    expect_grade(900, 0, 0, "four_star", 900, "90.0 is four-star");
    expect_grade(949, 0, 0, "four_star", 949, "94.9 is four-star");
    expect_grade(950, 0, 0, "five_star", 950, "95.0 is five-star");
    expect_grade(960, 1, 0, "five_star", 950, "96.0 less one deduction is 95.0");
    expect_grade(950, 4, 0, "four_star", 910, "4 special deductions take 4 points, still graded");
    expect_grade(1000, 5, 0, "fail", 950, "5 special deductions fail whatever the score");
    expect_grade(1000, 0, 1, "five_star", 1000, "a bonus is capped at 100");
    expect_grade(945, 0, 1, "five_star", 955, "a bonus lifts 94.5 to 95.5");
    expect_grade(705, 1, 0, "fail", 695, "a deduction can fail a compliant score");

    /* Recycling (5 points) excluded: 90.2 of 95 applicable is 94.947...,
     * which truncates to 94.9 (four-star); rounding would make it 95. */
    const struct scheme *scheme = default_scheme();
    int excluded[SCHEME_MAX_INDICATORS] = {0}, score;
    size_t recycling;
    scheme_indicator(scheme, "recycling", &recycling);
    excluded[recycling] = 1;
    check(strcmp(grade_of(902, excluded, 0, 0, &score), "four_star") == 0 && score == 949,
          "90.2/95 = 94.947 truncates to 94.9, four-star");
    check(strcmp(grade_of(903, excluded, 0, 0, &score), "five_star") == 0 && score == 950,
          "90.3/95 = 95.05 is 95.0, five-star");
    check(strcmp(grade_of(665, excluded, 0, 0, &score), "compliant") == 0 && score == 700,
          "66.5/95 = 70.0 exactly is compliant");
    check(strcmp(grade_of(664, excluded, 0, 0, &score), "fail") == 0 && score == 698,
          "66.4/95 = 69.89 truncates to 69.8 and fails");
    int all[SCHEME_MAX_INDICATORS];
    for (size_t i = 0; i < scheme->indicator_count; i++)
        all[i] = 1;
    check(strcmp(grade_of(0, all, 0, 0, &score), "fail") == 0,
          "every indicator excluded fails");
    char text[16];
    tenths_format(949, text);
    check(strcmp(text, "94.9") == 0, "tenths print as 94.9");
}

static void test_scheme_file_rules(void)
{
    struct scheme scheme;
    struct error err;
    const char *broken = "{\"format\":\"starmark-scheme/1\",\"standard\":\"X\",\"title_zh\":\"x\","
                         "\"title_en\":\"x\",\"categories\":[{\"id\":\"a\",\"name_zh\":\"a\","
                         "\"name_en\":\"a\",\"points\":100,\"indicators\":[{\"id\":\"i\","
                         "\"name_zh\":\"i\",\"name_en\":\"i\",\"points\":99}]}],\"grades\":[{"
                         "\"id\":\"g\",\"name_zh\":\"g\",\"name_en\":\"g\",\"stars\":0,"
                         "\"min_score\":70}],\"special_deduction\":{\"points\":1,"
                         "\"failing_count\":5},\"special_bonus\":{\"points\":1,\"max_count\":1},"
                         "\"max_score\":100}";
    check(scheme_parse(broken, &scheme, &err) != 0 && strstr(err.message, "sum to 99"),
          "a scheme whose indicators do not sum to the category total is refused");
}

static void test_dates(void)
{
    struct date d;
    char text[11];
    check(date_parse("2024-02-29", &d) == 0, "2024-02-29 is a date");
    check(date_parse("2023-02-29", &d) != 0, "2023-02-29 is not");
    check(date_parse("2100-02-29", &d) != 0, "2100-02-29 is not (century)");
    check(date_parse("2000-02-29", &d) == 0, "2000-02-29 is (400 years)");
    check(date_parse("2026-13-01", &d) != 0, "month 13 refused");
    check(date_parse("2026-1-01", &d) != 0, "single-digit month refused");
    check(date_parse("2026-01-01x", &d) != 0, "trailing text refused");
    check(date_parse("2026-04-31", &d) != 0, "30-day month refused at 31");
    date_parse("2024-02-29", &d);
    date_format(date_add_months(d, 12), text);
    check(strcmp(text, "2025-02-28") == 0, "29 February + 12 months is 28 February");
    date_format(date_add_months(d, 48), text);
    check(strcmp(text, "2028-02-29") == 0, "29 February + 48 months is 29 February");
    date_format(date_expiry(d, 3), text);
    check(strcmp(text, "2027-02-28") == 0, "3-year expiry from 2024-02-29 is 2027-02-28");
    date_parse("2026-12-31", &d);
    date_format(date_add_days(d, 1), text);
    check(strcmp(text, "2027-01-01") == 0, "year end rolls over");
    date_parse("2026-01-31", &d);
    date_format(date_add_months(d, 1), text);
    check(strcmp(text, "2026-02-28") == 0, "31 January + 1 month is 28 February");
    date_parse("2026-11-26", &d);
    date_format(date_expiry(d, 3), text);
    check(strcmp(text, "2029-11-25") == 0, "3-year expiry from 2026-11-26 is 2029-11-25");
    date_parse("2027-03-01", &d);
    date_format(date_expiry(d, 1), text);
    check(strcmp(text, "2028-02-29") == 0, "1-year expiry from 2027-03-01 is 2028-02-29");
    date_parse("2026-01-01", &d);
    date_format(date_expiry(d, 3), text);
    check(strcmp(text, "2028-12-31") == 0, "3-year expiry from 2026-01-01 is 2028-12-31");
    date_parse("1970-01-01", &d);
    check(date_to_days(d) == 0, "day zero is 1970-01-01");
    date_parse("2000-03-01", &d);
    check(date_to_days(d) == 11017, "2000-03-01 is day 11017");
    check(date_compare(date_from_days(20000), date_add_days(d, 20000 - 11017)) == 0,
          "days round trip");
    check(date_parse_month("2026-02", &d) == 0 && d.day == 1, "2026-02 is a month");
    check(date_parse_month("2026-13", &d) != 0, "month 13 is not a month");
    check(date_parse_month("2026-1", &d) != 0, "single-digit month refused");
    check(date_parse_month("2026-01-01", &d) != 0, "a whole date is not a month");
    check(date_parse_month("2026-00", &d) != 0, "month 0 refused");
    date_parse("2024-02-10", &d);
    date_format(date_month_end(d), text);
    check(strcmp(text, "2024-02-29") == 0, "February 2024 ends on the 29th");
    date_parse("2026-12-31", &d);
    date_format(date_month_end(d), text);
    check(strcmp(text, "2026-12-31") == 0, "December ends on the 31st");
}

static void test_timestamps(void)
{
    char text[32];
    long long seconds;
    timestamp_format(0, text);
    check(strcmp(text, "1970-01-01T08:00:00+08:00") == 0, "epoch is 08:00 in Shanghai");
    check(timestamp_parse("2026-11-27T10:00:00+08:00", &seconds) == 0
              && seconds == 1795744800LL, "a Shanghai timestamp parses");
    check(timestamp_parse("2026-11-27T02:00:00+00:00", &seconds) == 0
              && seconds == 1795744800LL, "the same moment in UTC");
    timestamp_format(1795744800LL, text);
    check(strcmp(text, "2026-11-27T10:00:00+08:00") == 0, "and it formats back");
    check(timestamp_parse("2026-11-27T10:00:00Z", &seconds) != 0, "Z is refused (explicit offsets)");
    check(timestamp_parse("2026-11-27 10:00:00+08:00", &seconds) != 0, "a space is refused");
    check(timestamp_parse("2026-11-27T24:00:00+08:00", &seconds) != 0, "hour 24 is refused");
    struct date d;
    date_parse("2026-11-27", &d);
    timestamp_format(date_end_of_day(d), text);
    check(strcmp(text, "2026-11-27T23:59:59+08:00") == 0, "end of a Shanghai day");
    check(date_compare(timestamp_date(1795708800LL), d) == 0,
          "16:00 UTC on the 26th is the 27th in Shanghai");
}

static void test_base64url(void)
{
    const char *vectors[][2] = {{"", ""}, {"f", "Zg"}, {"fo", "Zm8"}, {"foo", "Zm9v"},
                                {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"},
                                {"foobar", "Zm9vYmFy"}, {"\xfb\xff", "-_8"}};
    for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
        char *encoded = base64url_encode(vectors[i][0], strlen(vectors[i][0]));
        size_t length;
        unsigned char *decoded = base64url_decode(encoded, strlen(encoded), &length);
        char what[64];
        snprintf(what, sizeof what, "base64url of \"%s\" is \"%s\" and back", vectors[i][0],
                 vectors[i][1]);
        check(strcmp(encoded, vectors[i][1]) == 0 && decoded && length == strlen(vectors[i][0])
                  && memcmp(decoded, vectors[i][0], length) == 0,
              what);
        free(encoded);
        free(decoded);
    }
    size_t length;
    const char *bad[] = {"Zg==", "Zh", "Zm9", "Z", "Zm9v+", "Zm 9", "Zm9vZ!", "Zm9vZm!"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        unsigned char *decoded = base64url_decode(bad[i], strlen(bad[i]), &length);
        char what[64];
        snprintf(what, sizeof what, "non-canonical base64url \"%s\" refused", bad[i]);
        check(decoded == NULL, what);
        free(decoded);
    }
}

/* json_read accepts what jansson accepts and reads it the same, and
 * refuses each malformed document with the line and what is wrong. */
/* Values built, freed and built again on the kept blocks keep their own
 * contents (under valgrind, a block too small for its value is an invalid
 * write), and what json_dumps returns is still free()'s to free. */
static json_t *letters(int length, int shift)
{
    char text[601];
    memset(text, 'a' + (length + shift) % 26, (size_t)length);
    text[length] = '\0';
    return json_string(text);
}

static int has_letters(const json_t *value, int length, int shift)
{
    const char *text = json_string_value(value);
    return text && strlen(text) == (size_t)length
           && (length == 0 || text[length - 1] == 'a' + (length + shift) % 26);
}

static void test_json_memory(void)
{
    enum { COUNT = 600 };
    json_t *values[COUNT];
    int intact = 1;
    for (int i = 0; i < COUNT; i++)
        values[i] = letters(i, 0);
    for (int round = 1; round <= 3; round++) {
        for (int i = 1; i < COUNT; i += 2) {
            json_decref(values[i]);
            values[i] = letters(COUNT - i, round);
        }
        for (int i = 0; i < COUNT; i++)
            intact = intact && (i % 2 ? has_letters(values[i], COUNT - i, round)
                                      : has_letters(values[i], i, 0));
    }
    for (int i = 0; i < COUNT; i++)
        json_decref(values[i]);
    check(intact, "values built on reused blocks keep their own contents");
    json_t *object = json_pack("{s:s, s:i}", "a", "b", "c", 1);
    char *dumped = json_dumps(object, JSON_COMPACT);
    check(dumped && strcmp(dumped, "{\"a\":\"b\",\"c\":1}") == 0,
          "json_dumps works on kept blocks, and free() frees its text");
    free(dumped);
    json_decref(object);
}

static void test_json_reader(void)
{
    const char *good[] = {
        "{}", "[]", " \n[1, -0, 2.5e-3, 1E3, true, false, null]\n",
        "{\"a\": {\"b\": [\"c\", {}]}, \"d\": \"\"}",
        "[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\u4e2d\\ud83d\\ude00\"]",
        "{\"中文\": \"五星级\", \"k\\u0041\": 9223372036854775807}",
        "[-9223372036854775808, 1.7976931348623157e308, 1e-400]",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        struct error err = {""};
        json_error_t jansson_error;
        json_t *ours = json_read(good[i], strlen(good[i]), "t", &err);
        json_t *theirs = json_loadb(good[i], strlen(good[i]), JSON_REJECT_DUPLICATES,
                                    &jansson_error);
        char what[160];
        snprintf(what, sizeof what, "json_read reads %.60s as jansson does", good[i]);
        check(ours && theirs && json_equal(ours, theirs), what);
        json_decref(ours);
        json_decref(theirs);
    }
    const char *bad[][2] = {
        {"", "t: line 1: '[' or '{' expected"},
        {"\"top\"", "t: line 1: '[' or '{' expected"},
        {"{\"a\": 1, \"a\": 2}", "t: line 1: duplicate object key \"a\""},
        {"{\"a\\nb\": 1, \"a\\nb\": 2}", "t: line 1: duplicate object key \"a?b\""},
        {"{\"a\": 1}\n\nx", "t: line 3: end of file expected"},
        {"[01]", "t: line 1: ',' or ']' expected"},
        {"[1.]", "t: line 1: invalid token"},
        {"[-]", "t: line 1: invalid token"},
        {"[tru]", "t: line 1: invalid token"},
        {"[\"a\tb\"]", "t: line 1: control character 0x9 in a string"},
        {"[\"\\x\"]", "t: line 1: invalid escape"},
        {"[\"\\u0000\"]", "t: line 1: \\u0000 is not allowed"},
        {"[\"\\ud83d\"]", "t: line 1: invalid Unicode: a high surrogate without its low one"},
        {"[\"\\ude00\"]", "t: line 1: invalid Unicode: a low surrogate alone"},
        {"[\"\xc3\x28\"]", "t: line 1: invalid UTF-8 in a string"},
        {"[\"\xe4\xb8\"]", "t: line 1: invalid UTF-8 in a string"},
        {"[\"abc", "t: line 1: premature end of input in a string"},
        {"[1,", "t: line 1: premature end of input"},
        {"{\"a\" 1}", "t: line 1: ':' expected"},
        {"{1: 2}", "t: line 1: string expected"},
        {"[9223372036854775808]", "t: line 1: too big integer"},
        {"[1e400]", "t: line 1: real number overflow"},
        {"[1, 2]\0", "t: line 1: end of file expected"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct error err = {""};
        size_t length = strlen(bad[i][0]) + (strcmp(bad[i][0], "[1, 2]") == 0);
        json_t *value = json_read(bad[i][0], length, "t", &err);
        char what[256];
        snprintf(what, sizeof what, "json_read refuses %.40s: %.80s (said: %.80s)", bad[i][0],
                 bad[i][1], err.message);
        check(!value && strcmp(err.message, bad[i][1]) == 0, what);
        json_decref(value);
    }
    char deep[2 * JSON_READER_MAX_DEPTH + 3];
    memset(deep, '[', JSON_READER_MAX_DEPTH + 1);
    memset(deep + JSON_READER_MAX_DEPTH + 1, ']', JSON_READER_MAX_DEPTH + 1);
    struct error err;
    json_t *value = json_read(deep, 2 * JSON_READER_MAX_DEPTH + 2, "t", &err);
    check(!value && strstr(err.message, "nested deeper than"), "json_read bounds the nesting");
    json_t *edge = json_read(deep + 1, 2 * JSON_READER_MAX_DEPTH, "t", &err);
    check(edge != NULL, "and reads nesting at the bound");
    json_decref(edge);
}

/* Signs protected.payload with Ed25519 through EVP, as issuer/keys/signer.c does. */
static char *sign_compact(EVP_PKEY *key, const char *header, const char *payload)
{
    char *header_b64 = base64url_encode(header, strlen(header));
    char *payload_b64 = base64url_encode(payload, strlen(payload));
    char *input = jws_signing_input(header_b64, payload_b64);
    unsigned char signature[64];
    size_t length = sizeof signature;
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    EVP_DigestSignInit_ex(context, NULL, NULL, NULL, NULL, key, NULL);
    EVP_DigestSign(context, signature, &length, (unsigned char *)input, strlen(input));
    EVP_MD_CTX_free(context);
    char *signature_b64 = base64url_encode(signature, length);
    char *compact = xasprintf("%s.%s", input, signature_b64);
    free(header_b64);
    free(payload_b64);
    free(input);
    free(signature_b64);
    return compact;
}

/* A trust store of one key: role, window and name as given. */
static struct trust_store one_key_store(const json_t *jwk, const char *not_after)
{
    struct trust_store store = {xstrdup("CB-TEST"), xstrdup("Test Body"),
                                xcalloc(1, sizeof *store.keys), 1, NULL};
    struct error err;
    if (jwk_parse_public(jwk, &store.keys[0].key, &err) != 0)
        abort();
    store.keys[0].has_not_after = not_after != NULL;
    if (not_after)
        date_parse(not_after, &store.keys[0].not_after);
    return store;
}

/* The trust decision on a compact JWS for role on day. */
static enum trust_outcome decide(const char *compact, const struct trust_store *store,
                                 const char *role, const char *day, int vouched,
                                 struct signature_cache *cache)
{
    struct jws jws;
    struct error err;
    struct trust_verdict verdict;
    struct trust_question question = {role, {2026, 6, 1}, "the test day", NULL, vouched};
    date_parse(day, &question.on);
    if (jws_parse_compact(compact, strlen(compact), &jws, &err) != 0)
        return TRUST_BAD_SIGNATURE;
    trust_decide_jws(store, &question, &jws, &jws.signatures[0], cache, &verdict);
    jws_free(&jws);
    return verdict.outcome;
}

static int verify_compact(const char *compact, const json_t *jwk)
{
    struct trust_store store = one_key_store(jwk, NULL);
    int result = decide(compact, &store, "head", "2026-06-01", 0, NULL) == TRUST_GENUINE ? 0
                                                                                       : -1;
    trust_free(&store);
    return result;
}

/* Every refusal of trust_decide, and what its memory may and may not spare. */
static void test_trust_decision(EVP_PKEY *private_key, const json_t *jwk, const char *compact,
                                const char *flipped)
{
    struct trust_store store = one_key_store(jwk, "2026-12-31");
    check(decide(compact, &store, "head", "2026-06-01", 0, NULL) == TRUST_GENUINE,
          "trust: a head key inside its window verifies");
    char *header = xasprintf("{\"alg\":\"EdDSA\",\"kid\":\"%s\"}", store.keys[0].key.kid);
    char *with_kid = sign_compact(private_key, header, "{}");
    check(decide(with_kid, &store, "head", "2026-06-01", 0, NULL) == TRUST_GENUINE,
          "trust: the key the header names verifies");
    check(decide(with_kid, &store, "auditor", "2026-06-01", 0, NULL) == TRUST_WRONG_ROLE,
          "trust: the same key is refused in another role");
    check(decide(compact, &store, "auditor", "2026-06-01", 0, NULL) == TRUST_UNKNOWN_KEY,
          "trust: without a kid, a role the store has no key for is unknown");
    check(decide(compact, &store, "head", "2027-01-01", 0, NULL) == TRUST_OUTSIDE_WINDOW,
          "trust: the day after its window the key is refused");
    check(decide(flipped, &store, "head", "2026-06-01", 0, NULL) == TRUST_BAD_SIGNATURE,
          "trust: a changed signature does not verify");
    check(decide(flipped, &store, "head", "2026-06-01", 1, NULL) == TRUST_GENUINE,
          "trust: vouched bytes are spared the arithmetic");
    check(decide(flipped, &store, "head", "2027-01-01", 1, NULL) == TRUST_OUTSIDE_WINDOW,
          "trust: vouched bytes are still judged by the window");
    char *other_kid = sign_compact(private_key, "{\"alg\":\"EdDSA\",\"kid\":\"AAAAAAAAAAA\"}",
                                   "{}");
    check(decide(other_kid, &store, "head", "2026-06-01", 0, NULL) == TRUST_UNKNOWN_KEY,
          "trust: a kid the store does not have is unknown");
    char *es256 = sign_compact(private_key, "{\"alg\":\"ES256\"}", "{}");
    check(decide(es256, &store, "head", "2026-06-01", 0, NULL) == TRUST_WRONG_ALGORITHM,
          "trust: an alg starmark does not accept is refused");
    struct signature_cache *cache = signature_cache_new(4);
    check(decide(compact, &store, "head", "2026-06-01", 0, cache) == TRUST_GENUINE
              && signature_cache_count(cache) == 1,
          "trust: a verified signature is remembered");
    check(decide(flipped, &store, "head", "2026-06-01", 0, cache) == TRUST_BAD_SIGNATURE,
          "trust: memory of one signature does not cover another");
    check(decide(compact, &store, "head", "2027-01-01", 0, cache) == TRUST_OUTSIDE_WINDOW,
          "trust: a remembered signature is still judged by the window");
    check(decide(with_kid, &store, "head", "2026-06-01", 0, cache) == TRUST_GENUINE
              && decide(with_kid, &store, "auditor", "2026-06-01", 0, cache) == TRUST_WRONG_ROLE,
          "trust: a remembered signature is still judged by the role");
    for (int i = 0; i < 8; i++) {
        char payload[32];
        snprintf(payload, sizeof payload, "{\"n\":%d}", i);
        char *signed_payload = sign_compact(private_key, "{\"alg\":\"EdDSA\"}", payload);
        decide(signed_payload, &store, "head", "2026-06-01", 0, cache);
        free(signed_payload);
    }
    check(signature_cache_count(cache) <= 4, "trust: the memory stays within its capacity");
    unsigned char digest[SIGNATURE_DIGEST_SIZE] = {1};
    signature_cache_add(cache, digest, "AAAAAAAAAAA");
    check(signature_cache_has(cache, digest, "AAAAAAAAAAA")
              && !signature_cache_has(cache, digest, "BBBBBBBBBBB"),
          "trust: bytes remembered as verified by one key are not by another");
    signature_cache_free(cache);
    free(with_kid);
    free(header);
    free(es256);
    free(other_kid);
    trust_free(&store);
}

static void test_jws(void)
{
    EVP_PKEY *private_key = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
    json_t *jwk = jwk_from_key(private_key, "head", "Test Head");
    struct public_key key;
    struct error err;
    check(jwk_parse_public(jwk, &key, &err) == 0, "a generated JWK parses back");
    check(strlen(key.kid) == KID_LENGTH, "kid is 11 characters");
    char *compact = sign_compact(private_key, "{\"alg\":\"EdDSA\"}",
                                 "{\"hello\":\"世界\"}");
    check(verify_compact(compact, jwk) == 0, "JWS round trip verifies");
    char *flipped = xstrdup(compact);
    size_t last = strlen(flipped) - 2;
    flipped[last] = flipped[last] == 'A' ? 'B' : 'A';
    check(verify_compact(flipped, jwk) != 0, "a changed signature does not verify");
    char *none = sign_compact(private_key, "{\"alg\":\"none\"}", "{}");
    check(verify_compact(none, jwk) != 0, "alg none does not verify");
    test_trust_decision(private_key, jwk, compact, flipped);
    struct jws jws;
    check(jws_parse_compact("a.b", 3, &jws, &err) != 0, "two-part compact JWS refused");
    json_object_set_new(jwk, "kid", json_string("AAAAAAAAAAA"));
    struct public_key wrong;
    check(jwk_parse_public(jwk, &wrong, &err) != 0, "a JWK whose kid is not its own is refused");
    /* RFC 8037 A.3: the thumbprint of the RFC's example key. */
    json_t *example = json_pack("{s:s, s:s, s:s, s:s, s:s}", "kty", "OKP", "crv", "Ed25519", "x",
                                "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", "role", "head",
                                "name", "RFC");
    struct public_key rfc;
    check(jwk_parse_public(example, &rfc, &err) == 0 && strcmp(rfc.kid, "kPrK_qmxVWY") == 0,
          "RFC 8037 A.3 key (thumbprint kPrK_qmxVWaYVA9...) has kid kPrK_qmxVWY");
    public_key_free(&rfc);
    public_key_free(&key);
    json_decref(example);
    free(none);
    free(flipped);
    free(compact);
    public_key_free(&key);
    json_decref(jwk);
    EVP_PKEY_free(private_key);
}

/* A JWS that sm-crypto (independent of OpenSSL) signed with SM2SM3, signer
 * ID 1234567812345678, by the first key of tests/sm2-leading-zero-keys.json,
 * whose x starts with a zero byte; its kid the RFC 7638 thumbprint computed
 * apart from starmark, with Node's SHA-256. */
#define SM2_X "AJoYQQn4JUMHJYET_1aWLU6zQMsrBbOGxTgonknjSck"
#define SM2_Y "bSlFEnVcDs3lfWVowgIY6URkbXR7rZ-AsZRKttgXu54"
#define SM2_KID "yfoUSpkAPnw"
#define SM2_INPUT "eyJhbGciOiJTTTJTTTMifQ.eyJoZWxsbyI6IuS4lueVjCJ9"
#define SM2_SIGNATURE "NeB54ZtzbRqrInizDaz8oAS057tylhXDsRI1OAS0bX-20mMmASlsOmOFmlhLL3M1uK7PGIn7LvmCA9jX0lupyQ"

static json_t *sm2_jwk(const char *x, const char *y)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "kty", "EC", "crv", "SM2", "x", x, "y", y,
                     "role", "head", "name", "Test Head");
}

/* The JWS of SM2_INPUT with its header replaced and its signature as given. */
static char *with_header(const char *header, const char *signature)
{
    char *header_b64 = base64url_encode(header, strlen(header));
    char *compact = xasprintf("%s%s.%s", header_b64, strchr(SM2_INPUT, '.'), signature);
    free(header_b64);
    return compact;
}

/* The signature as GB/T 35276's DER, SEQUENCE {INTEGER r, INTEGER s}: the
 * same signature, but not the JWS form, so refused for its length. */
static void test_sm2_der_refused(const struct trust_store *store, const unsigned char raw[64])
{
    unsigned char der[72] = {0x30};
    size_t length = 2;
    for (int half = 0; half < 2; half++) {
        int pad = raw[32 * half] >= 0x80;
        der[length++] = 0x02;
        der[length++] = (unsigned char)(32 + pad);
        if (pad)
            der[length++] = 0;
        memcpy(der + length, raw + 32 * half, 32);
        length += 32;
    }
    der[1] = (unsigned char)(length - 2);
    char *der_b64 = base64url_encode(der, length);
    char *as_der = with_header("{\"alg\":\"SM2SM3\"}", der_b64);
    char expected[32];
    snprintf(expected, sizeof expected, "is %zu bytes", length);
    struct jws jws;
    struct error err;
    struct trust_verdict verdict;
    struct trust_question question = {"head", {2026, 6, 1}, "the test day", NULL, 0};
    int parsed = jws_parse_compact(as_der, strlen(as_der), &jws, &err) == 0;
    check(parsed && trust_decide_jws(store, &question, &jws, &jws.signatures[0], NULL, &verdict) != 0
              && verdict.outcome == TRUST_BAD_SIGNATURE && strstr(verdict.reason, expected),
          "SM2: trust: the same signature as DER is refused for its length");
    if (parsed)
        jws_free(&jws);
    free(der_b64);
    free(as_der);
}

static void test_sm2(void)
{
    json_t *jwk = sm2_jwk(SM2_X, SM2_Y);
    struct public_key key;
    struct error err;
    check(jwk_parse_public(jwk, &key, &err) == 0 && strcmp(key.kid, SM2_KID) == 0
              && strcmp(key.algorithm->jose_name, "SM2SM3") == 0,
          "SM2: a JWK whose x starts with a zero byte parses, kid " SM2_KID);
    public_key_free(&key);
    struct trust_store store = one_key_store(jwk, NULL);
    check(decide(SM2_INPUT "." SM2_SIGNATURE, &store, "head", "2026-06-01", 0, NULL)
              == TRUST_GENUINE,
          "SM2: trust: sm-crypto's signature verifies");
    char *swapped = with_header("{\"alg\":\"EdDSA\"}", SM2_SIGNATURE);
    check(decide(swapped, &store, "head", "2026-06-01", 0, NULL) == TRUST_WRONG_ALGORITHM,
          "SM2: trust: the header saying EdDSA is refused");
    size_t length;
    unsigned char *raw = base64url_decode(SM2_SIGNATURE, strlen(SM2_SIGNATURE), &length);
    test_sm2_der_refused(&store, raw);
    memset(raw, 0, 32); /* r = 0: outside [1, n-1] */
    char *zero_b64 = base64url_encode(raw, length);
    char *zero_r = with_header("{\"alg\":\"SM2SM3\"}", zero_b64);
    check(decide(zero_r, &store, "head", "2026-06-01", 0, NULL) == TRUST_BAD_SIGNATURE,
          "SM2: trust: r = 0 does not verify");
    trust_free(&store);
    json_t *off_curve = sm2_jwk(SM2_X, "bSlFEnVcDs3lfWVowgIY6URkbXR7rZ-AsZRKttgXu58");
    check(jwk_parse_public(off_curve, &key, &err) != 0 && strstr(err.message, "not a point"),
          "SM2: a JWK whose point is off the curve is refused");
    free(raw);
    free(zero_b64);
    free(zero_r);
    free(swapped);
    json_decref(off_curve);
    json_decref(jwk);
}

/* A tree held whole, for checking tlog_tree.c against the RFC 6962
 * definition computed directly. */
struct test_tree {
    struct tlog_hash leaves[300];
};

static void direct_hash(const struct tlog_hash *leaves, uint64_t size, struct tlog_hash *out)
{
    if (size == 1) {
        *out = leaves[0];
        return;
    }
    uint64_t k = 1;
    while (k << 1 < size)
        k <<= 1;
    struct tlog_hash left, right;
    direct_hash(leaves, k, &left);
    direct_hash(leaves + k, size - k, &right);
    tlog_node_hash(&left, &right, out);
}

static int read_test_tree(void *context, int level, uint64_t index, struct tlog_hash *out,
                          struct error *err)
{
    (void)err;
    struct test_tree *tree = context;
    direct_hash(tree->leaves + (index << level), 1ULL << level, out);
    return 0;
}

static void hex_hash(const char *hex, struct tlog_hash *out)
{
    for (int i = 0; i < TLOG_HASH_SIZE; i++)
        sscanf(hex + 2 * i, "%2hhx", &out->bytes[i]);
}

/* The roots of the Certificate Transparency test tree (RFC 6962's test
 * data in the CT reference code) for its first 8 leaves. */
static void test_tlog_known_roots(struct test_tree *tree, struct tlog_hash_source *source)
{
    static const char *const leaves[] = {"", "\x00", "\x10", "\x20\x21", "\x30\x31",
                                         "\x40\x41\x42\x43", "\x50\x51\x52\x53\x54\x55\x56\x57",
                                         "\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c"
                                         "\x6d\x6e\x6f"};
    static const size_t lengths[] = {0, 1, 1, 2, 2, 4, 8, 16};
    static const char *const roots[] = {
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};
    struct tlog_hash root, want, empty;
    struct error err;
    int all = 1;
    for (int i = 0; i < 8; i++)
        tlog_leaf_hash(leaves[i], lengths[i], &tree->leaves[i]);
    for (int size = 1; size <= 8; size++) {
        hex_hash(roots[size - 1], &want);
        all &= tlog_tree_hash(source, (uint64_t)size, &root, &err) == 0
               && tlog_hash_equal(&root, &want);
    }
    check(all, "the CT test tree's roots for 1 to 8 leaves");
    hex_hash("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", &want);
    tlog_tree_hash(source, 0, &empty, &err);
    check(tlog_hash_equal(&empty, &want), "the empty tree's root is SHA-256 of nothing");
}

static void test_tlog_proofs(struct test_tree *tree, struct tlog_hash_source *source)
{
    struct tlog_proof proof;
    struct tlog_hash root, old_root, other;
    struct error err;
    int inclusion = 1, wrong_index = 1, consistency = 1, wrong_root = 1;
    for (int i = 0; i < 300; i++)
        tlog_leaf_hash(&i, sizeof i, &tree->leaves[i]);
    for (uint64_t size = 1; size <= 300; size += size < 40 ? 1 : 37) {
        direct_hash(tree->leaves, size, &root);
        for (uint64_t index = 0; index < size; index++) {
            inclusion &= tlog_prove_inclusion(source, index, size, &proof, &err) == 0
                         && tlog_check_inclusion(&proof, index, size, &tree->leaves[index],
                                                 &root, &err) == 0;
            if (size > 1)
                wrong_index &= tlog_check_inclusion(&proof, (index + 1) % size, size,
                                                    &tree->leaves[index], &root, &err) != 0;
        }
        for (uint64_t old = 1; old < size; old++) {
            direct_hash(tree->leaves, old, &old_root);
            consistency &= tlog_prove_consistency(source, old, size, &proof, &err) == 0
                           && tlog_check_consistency(&proof, old, size, &old_root, &root,
                                                     &err) == 0;
            other = old_root;
            other.bytes[0] ^= 1;
            wrong_root &= tlog_check_consistency(&proof, old, size, &other, &root, &err) != 0
                          && tlog_check_consistency(&proof, old, size, &old_root, &other,
                                                    &err) != 0;
        }
    }
    check(inclusion, "every inclusion proof of trees of 1 to 300 leaves checks");
    check(wrong_index, "an inclusion proof for another index fails");
    check(consistency, "every consistency proof between those trees checks");
    check(wrong_root, "a consistency proof fails for another old or new root");
    tlog_prove_inclusion(source, 5, 13, &proof, &err);
    proof.count--;
    direct_hash(tree->leaves, 13, &root);
    check(tlog_check_inclusion(&proof, 5, 13, &tree->leaves[5], &root, &err) != 0,
          "an inclusion proof missing its last hash fails");
}

/* Tiles from a tree held whole: what a writer would publish. */
static int read_test_tile(void *context, int level, uint64_t index, unsigned width,
                          struct tlog_hash *out, struct error *err)
{
    struct test_tree *tree = context;
    for (unsigned i = 0; i < width; i++)
        if (read_test_tree(tree, level * TLOG_TILE_HEIGHT, index * TLOG_TILE_WIDTH + i,
                           &out[i], err) != 0)
            return -1;
    return 0;
}

static void test_tlog_tiles(struct test_tree *tree)
{
    char *paths[] = {tlog_tile_path(0, 1234067, 256), tlog_tile_path(1, 5, 17),
                     tlog_tile_path(TLOG_ENTRIES_LEVEL, 0, 3)};
    check(strcmp(paths[0], "tile/0/x001/x234/067") == 0 && strcmp(paths[1], "tile/1/005.p/17") == 0
          && strcmp(paths[2], "tile/entries/000.p/3") == 0,
          "tile paths: x001/x234/067, 005.p/17, entries/000.p/3");
    for (int i = 0; i < 3; i++)
        free(paths[i]);
    /* The spec's example: 70,000 entries. */
    check(tlog_tile_width(0, 273, 70000) == 112 && tlog_tile_width(0, 272, 70000) == 256
          && tlog_tile_width(1, 1, 70000) == 17 && tlog_tile_width(2, 0, 70000) == 1
          && tlog_tile_width(0, 274, 70000) == 0 && tlog_tile_width(1, 0, 256) == 1,
          "tile widths of a tree of 70,000 entries (and 256)");
    struct tlog_tile_source tiles = {read_test_tile, tree};
    struct tlog_tile_reader *reader = tlog_tile_reader_new(&tiles, 300);
    struct tlog_hash_source hashes = tlog_tile_reader_hashes(reader);
    struct tlog_hash root, want;
    struct tlog_proof proof;
    struct error err;
    direct_hash(tree->leaves, 300, &want);
    check(tlog_tree_hash(&hashes, 300, &root, &err) == 0 && tlog_hash_equal(&root, &want),
          "the root of 300 entries from their tiles");
    check(tlog_prove_inclusion(&hashes, 299, 300, &proof, &err) == 0
          && tlog_check_inclusion(&proof, 299, 300, &tree->leaves[299], &root, &err) == 0,
          "an inclusion proof from tiles checks");
    check(tlog_prove_inclusion(&hashes, 300, 300, &proof, &err) != 0,
          "no inclusion proof for an entry past the tree");
    tlog_tile_reader_free(reader);
    struct buffer bundle = {0};
    struct tlog_entry entries[2];
    tlog_bundle_append(&bundle, "ab", 2, &err);
    tlog_bundle_append(&bundle, "", 0, &err);
    check(tlog_bundle_parse((unsigned char *)bundle.data, bundle.length, 2, entries, &err) == 0
          && entries[0].length == 2 && entries[1].length == 0, "a bundle of two entries");
    check(tlog_bundle_parse((unsigned char *)bundle.data, bundle.length - 1, 2, entries, &err)
          != 0 && tlog_bundle_parse((unsigned char *)bundle.data, bundle.length, 1, entries,
                                    &err) != 0,
          "a truncated bundle, or one with entries left over, is refused");
    char *big = xcalloc(1, TLOG_MAX_ENTRY_BYTES + 1);
    check(tlog_bundle_append(&bundle, big, TLOG_MAX_ENTRY_BYTES + 1, &err) != 0,
          "an entry over 65,535 bytes is refused");
    free(big);
    buffer_free(&bundle);
}

static void test_tlog_notes(void)
{
    static const char note_text[] = "example.com/log\n3\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";
    unsigned char key[32] = {1, 2, 3};
    struct error err;
    struct signed_note note;
    struct checkpoint checkpoint;
    char *line = note_signature_line("example.com/log", 0x01020304, key, sizeof key);
    char *whole = xasprintf("%s\n%s", note_text, line);
    check(note_parse(whole, strlen(whole), &note, &err) == 0 && note.count == 1
          && note.signatures[0].key_id == 0x01020304 && note.signatures[0].length == 32
          && note.text_length == strlen(note_text),
          "a signed note parses: its text, key ID and signature");
    check(checkpoint_parse(note.text, note.text_length, &checkpoint, &err) == 0
          && checkpoint.size == 3 && strcmp(checkpoint.origin, "example.com/log") == 0,
          "its checkpoint: origin and size");
    char *again = checkpoint_text(&checkpoint);
    check(strcmp(again, note_text) == 0, "a checkpoint's text written back is the same");
    free(again);
    note_free(&note);
    const char *bad[] = {"example.com/log\n03\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
                         "example.com/log \n3\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
                         "example.com/log\n3\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==\n",
                         "example.com/log\n3\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\nx\n"};
    int refused = 1;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        refused &= checkpoint_parse(bad[i], strlen(bad[i]), &checkpoint, &err) != 0;
    check(refused, "checkpoints with a leading zero, a space, a short root or an extension "
          "line are refused");
    char *doubled = xasprintf("%s\n%s%s", note_text, line, line);
    char *spaced = xasprintf("%s\n\xe2\x80\x94 example.com/log  AQIDBA==\n", note_text);
    char *unsigned_note = xasprintf("%s\n", note_text);
    check(note_parse(doubled, strlen(doubled), &note, &err) != 0
          && note_parse(spaced, strlen(spaced), &note, &err) != 0
          && note_parse(unsigned_note, strlen(unsigned_note), &note, &err) != 0
          && note_parse(note_text, strlen(note_text), &note, &err) != 0,
          "notes signed twice by one key, with two spaces, unsigned or without a blank line "
          "are refused");
    free(doubled);
    free(spaced);
    free(unsigned_note);
    char *vkey = note_vkey_format("witness.example/w1", NOTE_TYPE_COSIGNATURE, key);
    struct note_verifier_key parsed;
    check(note_vkey_parse(vkey, &parsed, &err) == 0 && parsed.type == NOTE_TYPE_COSIGNATURE
          && parsed.key_id == note_key_id("witness.example/w1", 4, key, 32),
          "a verifier key round trip, with its key ID");
    vkey[strlen("witness.example/w1+")] ^= 1;
    check(note_vkey_parse(vkey, &parsed, &err) != 0, "a verifier key with another key ID is refused");
    free(vkey);
    check(!note_name_is_valid("a+b") && !note_name_is_valid("a\xe3\x80\x80" "b")
          && note_name_is_valid("验证.example/log"),
          "key names: no plus, no ideographic space; other UTF-8 allowed");
    free(whole);
    free(line);
}

static void test_tlog_proof_file(void)
{
    static const char checkpoint[] = "example.com/log\n2\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"
                                     "\n\xe2\x80\x94 example.com/log AQIDBAU=\n";
    struct tlog_proof inclusion = {1, {{{7}}}};
    struct tlog_proof_file parsed;
    struct error err;
    char *text = tlog_proof_format(1, &inclusion, checkpoint, strlen(checkpoint));
    check(tlog_proof_parse(text, strlen(text), &parsed, &err) == 0 && parsed.index == 1
          && parsed.inclusion.count == 1 && parsed.inclusion.hashes[0].bytes[0] == 7
          && strcmp(parsed.checkpoint, checkpoint) == 0,
          "a tlog-proof round trip: index, one hash, the checkpoint verbatim");
    tlog_proof_file_free(&parsed);
    char *leading_zero = xasprintf("c2sp.org/tlog-proof@v1\nindex 01\n\n%s", checkpoint);
    char *extra = xasprintf("c2sp.org/tlog-proof@v1\nextra AAAA\nindex 0\n\n%s", checkpoint);
    check(tlog_proof_parse(leading_zero, strlen(leading_zero), &parsed, &err) != 0,
          "a proof index with a leading zero is refused");
    check(tlog_proof_parse(extra, strlen(extra), &parsed, &err) == 0 && parsed.index == 0,
          "a proof's extra line is read past");
    tlog_proof_file_free(&parsed);
    free(extra);
    free(leading_zero);
    free(text);
}

static void test_tlog(void)
{
    struct test_tree *tree = xcalloc(1, sizeof *tree);
    struct tlog_hash_source source = {read_test_tree, tree};
    test_tlog_known_roots(tree, &source);
    test_tlog_proofs(tree, &source);
    test_tlog_tiles(tree);
    test_tlog_notes();
    test_tlog_proof_file();
    free(tree);
}

int main(void)
{
    json_memory_install();
    test_uscc();
    test_grades();
    test_scheme_file_rules();
    test_dates();
    test_timestamps();
    test_base64url();
    test_json_memory();
    test_json_reader();
    test_jws();
    test_sm2();
    test_tlog();
    return failures ? 1 : 0;
}
