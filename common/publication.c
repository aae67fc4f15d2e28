/*
 * publication.c: reading a publication: resolve its current generation
 * once, verify its signed manifest, follow the digests down to the
 * certificate's status response (manifest -> shards.txt -> the shard's
 * index.txt -> NUMBER.status.jws), and decide. Any doubt (missing,
 * unsigned, stale or inconsistent files) is "status unknown", never "valid".
 * The manifest's signature is judged by the trust decision (trust.h) like
 * every other signature.
 */
#define _DEFAULT_SOURCE
#include "publication.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>

#include "base64url.h"
#include "json_strict.h"
#include "jws.h"
#include "record.h"

static const char *const manifest_members[] = {"format", "body", "serial", "issued_at",
                                               "next_update", "grace_days", "shards", NULL};
static const char *const response_members[] = {
    "format", "body", "number", "status", "since", "reason_code", "reason",
    "last_surveillance", "next_surveillance_due", "this_update", "next_update", "serial", NULL};

void publication_digest(const char *data, size_t length, char out[DIGEST_LENGTH + 1])
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_length;
    EVP_Digest(data, length, digest, &digest_length, EVP_sha256(), NULL);
    char *encoded = base64url_encode(digest, digest_length);
    snprintf(out, DIGEST_LENGTH + 1, "%s", encoded);
    free(encoded);
}

/* The moment a signed object speaks for: issued_at or this_update. */
static int signed_moment(const json_t *payload, long long *moment)
{
    const char *text = json_string_value(json_object_get(payload, "issued_at"));
    if (!text)
        text = json_string_value(json_object_get(payload, "this_update"));
    return text ? timestamp_parse(text, moment) : -1;
}

/* Signed by a head key trusted on the day the object says it was made. */
static int check_signer(const struct jws *jws, const struct trust_store *trust, long long moment,
                        struct signature_cache *cache, struct error *err)
{
    struct trust_question question = {"head", timestamp_date(moment), "the day it was signed",
                                      NULL, 0};
    struct trust_verdict verdict;
    if (trust_decide_jws(trust, &question, jws, &jws->signatures[0], cache, &verdict) != 0)
        return fail(err, "%s", verdict.reason);
    return 0;
}

json_t *publication_verify_signed(const char *text, size_t length, const char *type,
                                  const char *const members[], const struct trust_store *trust,
                                  struct signature_cache *cache, struct error *err)
{
    static const char *const header_members[] = {"alg", "kid", "typ", NULL};
    struct jws jws;
    long long moment;
    if (jws_parse_compact(text, length, &jws, err) != 0)
        return NULL;
    const char *typ = jws_header_string(&jws.signatures[0], "typ");
    json_t *payload = NULL;
    int failed = json_expect_object(jws.signatures[0].header, "header", header_members, err);
    if (!failed && (!typ || strcmp(typ, type) != 0))
        failed = fail(err, "typ is not %s", type);
    if (!failed)
        payload = json_parse_strict((const char *)jws.payload, jws.payload_length,
                                    jws.payload_length, type, err);
    failed = failed || !payload || json_expect_object(payload, type, members, err) != 0;
    if (!failed && signed_moment(payload, &moment) != 0)
        failed = fail(err, "%s: no valid issued_at or this_update", type);
    failed = failed || check_signer(&jws, trust, moment, cache, err);
    const char *body = failed ? NULL : json_string_value(json_object_get(payload, "body"));
    if (!failed && !trust_is_body(trust, body))
        failed = fail(err, "published by body %s, not %s", body ? body : "(none)",
                      trust->body_id);
    jws_free(&jws);
    if (failed) {
        json_decref(payload);
        return NULL;
    }
    return payload;
}

static json_t *read_signed(const char *path, size_t max, const char *type,
                           const char *const members[], const struct trust_store *trust,
                           struct signature_cache *cache, struct error *err)
{
    size_t length;
    struct error inner;
    char *text = read_file_bounded(path, max, &length, &inner);
    if (!text) {
        fail(err, "%s", inner.message);
        return NULL;
    }
    json_t *payload = publication_verify_signed(text, length, type, members, trust, cache,
                                                &inner);
    free(text);
    if (!payload)
        fail(err, "%s: %s", path, inner.message);
    return payload;
}

/* The generation `current` names, resolved once for the whole lookup. */
static int resolve_root(const char *directory, char root[PATH_MAX],
                        struct publication_entry *out)
{
    char *current = publication_current(directory);
    char *resolved = realpath(current, NULL);
    free(current);
    if (!resolved || strlen(resolved) >= PATH_MAX) {
        free(resolved);
        return verdict_fail(&out->verdict, OUTCOME_STATUS_UNKNOWN,
                            "no publication at %s (no current generation)", directory);
    }
    strcpy(root, resolved);
    free(resolved);
    return 0;
}

static void copy_member(const json_t *object, const char *key, char *out, size_t size)
{
    const char *text = json_string_value(json_object_get(object, key));
    snprintf(out, size, "%s", text ? text : "");
}

/* A file below the manifest: believed only when its SHA-256 is the one
 * the level above lists. */
static char *read_listed(const char *path, size_t max, const char *digest, const char *what,
                         size_t *length, struct error *err)
{
    char actual[DIGEST_LENGTH + 1];
    char *text = read_file_bounded(path, max, length, err);
    if (!text)
        return NULL;
    publication_digest(text, *length, actual);
    if (strcmp(actual, digest) == 0)
        return text;
    free(text);
    fail(err, "%s is not the one the publication lists (altered, or older than the list)",
         what);
    return NULL;
}

static int is_digest(const char *text)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                   "0123456789-_";
    for (int i = 0; i < DIGEST_LENGTH; i++)
        if (!text[i] || !strchr(alphabet, text[i]))
            return 0;
    return 1;
}

/* The next line of text at *at, without its newline; NULL at the end or
 * when the last line lacks its newline. */
static const char *next_line(const char *text, size_t length, size_t *at, size_t *line_length)
{
    if (*at >= length)
        return NULL;
    const char *line = text + *at;
    const char *newline = memchr(line, '\n', length - *at);
    if (!newline)
        return NULL;
    *line_length = (size_t)(newline - line);
    *at += *line_length + 1;
    return line;
}

int publication_shards_find(const char *text, size_t length, const char *shard,
                            char digest[DIGEST_LENGTH + 1], struct error *err)
{
    size_t at = 0, line_length;
    const char *line = next_line(text, length, &at, &line_length);
    if (!line || line_length != strlen(SHARDS_FORMAT) || memcmp(line, SHARDS_FORMAT, line_length))
        return fail(err, "shards.txt: the first line is not %s", SHARDS_FORMAT);
    /* Line n + 2 is shard n: "3f2 DIGEST", or "3f2 -" for an empty shard. */
    long wanted = strtol(shard, NULL, 16);
    for (long n = 0; (line = next_line(text, length, &at, &line_length)); n++) {
        if (n != wanted)
            continue;
        if (line_length < 5 || memcmp(line, shard, 3) != 0 || line[3] != ' ')
            break;
        if (line_length == 5 && line[4] == '-')
            return 0;
        if (line_length != 4 + DIGEST_LENGTH || !is_digest(line + 4))
            break;
        memcpy(digest, line + 4, DIGEST_LENGTH);
        digest[DIGEST_LENGTH] = '\0';
        return 1;
    }
    return fail(err, "shards.txt: no well-formed line for shard %s", shard);
}

/* "SERIAL RESPONSE_DIGEST RECORD_DIGEST", the rest of an index line. */
static int parse_index_fields(const char *fields, size_t length, struct index_entry *out)
{
    size_t digits = 0;
    while (digits < length && digits < 18 && fields[digits] >= '0' && fields[digits] <= '9')
        digits++;
    if (digits == 0 || length != digits + 2 + 2 * DIGEST_LENGTH || fields[digits] != ' '
        || fields[digits + 1 + DIGEST_LENGTH] != ' ')
        return -1;
    const char *response = fields + digits + 1, *record = response + DIGEST_LENGTH + 1;
    if (!is_digest(response) || !is_digest(record))
        return -1;
    out->serial = strtol(fields, NULL, 10);
    memcpy(out->response_digest, response, DIGEST_LENGTH);
    memcpy(out->record_digest, record, DIGEST_LENGTH);
    out->response_digest[DIGEST_LENGTH] = out->record_digest[DIGEST_LENGTH] = '\0';
    return out->serial > 0 ? 0 : -1;
}

int publication_index_find(const char *text, size_t length, const char *shard,
                           const char *number, struct index_entry *out, struct error *err)
{
    char header[64];
    size_t at = 0, line_length, number_length = strlen(number);
    int header_length = snprintf(header, sizeof header, "%s %s", INDEX_FORMAT, shard);
    const char *line = next_line(text, length, &at, &line_length);
    if (!line || line_length != (size_t)header_length || memcmp(line, header, line_length))
        return fail(err, "index.txt: the first line is not \"%s\"", header);
    while ((line = next_line(text, length, &at, &line_length))) {
        if (line_length <= number_length || memcmp(line, number, number_length) != 0
            || line[number_length] != ' ')
            continue;
        if (parse_index_fields(line + number_length + 1, line_length - number_length - 1,
                               out) != 0)
            return fail(err, "index.txt: the entry for %s is malformed", number);
        return 1;
    }
    return 0;
}

static int find_index_digest(const char *root, const char *shard, const char *shards_digest,
                             char index_digest[DIGEST_LENGTH + 1], struct publication_entry *out)
{
    struct error err;
    size_t length;
    char *path = publication_file(root, SHARDS_FILE);
    char *text = read_listed(path, MAX_SHARDS_BYTES, shards_digest, SHARDS_FILE, &length,
                             &err);
    free(path);
    if (!text)
        return verdict_fail(&out->verdict, OUTCOME_STATUS_UNKNOWN, "%s", err.message);
    int found = publication_shards_find(text, length, shard, index_digest, &err);
    free(text);
    if (found < 0)
        return verdict_fail(&out->verdict, OUTCOME_STATUS_UNKNOWN, "%s", err.message);
    /* An empty shard ("" here) is a signed statement too: no certificate
     * of it exists. */
    if (!found)
        index_digest[0] = '\0';
    return 0;
}

/* The signed manifest: fresh, and naming the digest of the shard's index
 * through the table of shards. */
static int check_manifest(const char *root, const char *shard, const struct trust_store *trust,
                          long long now, struct signature_cache *cache,
                          char index_digest[DIGEST_LENGTH + 1], int *grace_days,
                          struct publication_entry *out)
{
    struct error err;
    char *path = publication_file(root, MANIFEST_FILE);
    json_t *manifest = read_signed(path, MAX_MANIFEST_BYTES, MANIFEST_TYPE, manifest_members,
                                   trust, cache, &err);
    free(path);
    if (!manifest)
        return verdict_fail(&out->verdict, OUTCOME_STATUS_UNKNOWN, "%s", err.message);
    copy_member(manifest, "issued_at", out->published_at, sizeof out->published_at);
    copy_member(manifest, "next_update", out->next_update, sizeof out->next_update);
    out->serial = (long)json_integer_value(json_object_get(manifest, "serial"));
    *grace_days = (int)json_integer_value(json_object_get(manifest, "grace_days"));
    const char *shards_digest = json_string_value(json_object_get(manifest, "shards"));
    long long issued_at, next_update;
    int result = 0;
    if (timestamp_parse(out->published_at, &issued_at) != 0 || issued_at > now)
        result = verdict_fail(&out->verdict, OUTCOME_STATUS_UNKNOWN,
                              "the publication (%s) is from after the moment asked about",
                         out->published_at);
    else if (timestamp_parse(out->next_update, &next_update) != 0 || now > next_update)
        result = verdict_fail(&out->verdict, OUTCOME_STATUS_UNKNOWN,
                              "the publication is stale: its next update was due %s",
                         out->next_update);
    else if (!shards_digest || strlen(shards_digest) != DIGEST_LENGTH)
        result = verdict_fail(&out->verdict, OUTCOME_STATUS_UNKNOWN,
                              "the manifest's shards digest is malformed");
    else
        result = find_index_digest(root, shard, shards_digest, index_digest, out);
    json_decref(manifest);
    return result;
}

/* The shard's index, as the manifest's table lists it, and the
 * certificate's line in it. */
static int check_index(const char *root, const char *shard, const char *number,
                       const char *index_digest, struct index_entry *entry,
                       struct publication_entry *out)
{
    struct error err;
    size_t length;
    if (!index_digest[0])
        return verdict_fail(&out->verdict, OUTCOME_STATUS_UNKNOWN,
                            "%s is not in the publication of %s", number, out->published_at);
    char *path = publication_shard_file(root, shard, NULL, INDEX_FILE);
    char *text = read_listed(path, MAX_INDEX_BYTES, index_digest, "the shard's index",
                             &length, &err);
    free(path);
    if (!text)
        return verdict_fail(&out->verdict, OUTCOME_STATUS_UNKNOWN, "%s", err.message);
    int found = publication_index_find(text, length, shard, number, entry, &err);
    free(text);
    if (found < 0)
        return verdict_fail(&out->verdict, OUTCOME_STATUS_UNKNOWN, "%s", err.message);
    if (!found)
        return verdict_fail(&out->verdict, OUTCOME_STATUS_UNKNOWN,
                            "%s is not in the publication of %s", number, out->published_at);
    memcpy(out->record_digest, entry->record_digest, sizeof out->record_digest);
    return 0;
}

static void read_response_fields(const json_t *response, struct publication_entry *out)
{
    copy_member(response, "status", out->status, sizeof out->status);
    copy_member(response, "since", out->since, sizeof out->since);
    copy_member(response, "reason_code", out->reason_code, sizeof out->reason_code);
    copy_member(response, "reason", out->status_reason, sizeof out->status_reason);
    copy_member(response, "last_surveillance", out->last_surveillance,
                sizeof out->last_surveillance);
    copy_member(response, "next_surveillance_due", out->next_due, sizeof out->next_due);
}

/* A response the index lists by digest is the one the body published: its
 * own signature (kept for anyone reading it alone) need not be checked
 * again, which saves a signature check per lookup. */
static json_t *read_listed_response(const char *path, const char *digest, struct error *err)
{
    size_t length;
    struct jws jws;
    char *text = read_listed(path, MAX_RESPONSE_BYTES, digest, "the status response", &length,
                             err);
    json_t *payload = NULL;
    if (text && jws_parse_compact(text, length, &jws, err) == 0) {
        const char *typ = jws_header_string(&jws.signatures[0], "typ");
        if (!typ || strcmp(typ, RESPONSE_TYPE) != 0)
            fail(err, "%s: typ is not %s", path, RESPONSE_TYPE);
        else
            payload = json_parse_strict((const char *)jws.payload, jws.payload_length,
                                        MAX_RESPONSE_BYTES, path, err);
        if (payload && json_expect_object(payload, RESPONSE_TYPE, response_members, err) != 0) {
            json_decref(payload);
            payload = NULL;
        }
        jws_free(&jws);
    }
    free(text);
    return payload;
}

static int check_response(const char *root, const char *shard, const char *number,
                          long long now, const struct index_entry *entry,
                          struct publication_entry *out)
{
    struct error err;
    char *path = publication_shard_file(root, shard, number, RESPONSE_SUFFIX);
    json_t *response = read_listed_response(path, entry->response_digest, &err);
    free(path);
    if (!response)
        return verdict_fail(&out->verdict, OUTCOME_STATUS_UNKNOWN, "%s", err.message);
    long long next_update;
    const char *response_number = json_string_value(json_object_get(response, "number"));
    long serial = (long)json_integer_value(json_object_get(response, "serial"));
    const char *next = json_string_value(json_object_get(response, "next_update"));
    int result = 0;
    if (!response_number || strcmp(response_number, number) != 0)
        result = verdict_fail(&out->verdict, OUTCOME_STATUS_UNKNOWN,
                              "the status response is for another certificate");
    else if (serial != entry->serial)
        result = verdict_fail(&out->verdict, OUTCOME_STATUS_UNKNOWN,
                              "the status response (serial %ld) is older than the list's "
                         "index (serial %ld)", serial, entry->serial);
    else if (!next || timestamp_parse(next, &next_update) != 0 || now > next_update)
        result = verdict_fail(&out->verdict, OUTCOME_STATUS_UNKNOWN,
                              "the status response expired at %s", next ? next : "?");
    else
        read_response_fields(response, out);
    json_decref(response);
    return result;
}

/* The published status as an outcome; a valid certificate whose
 * surveillance has fallen overdue since the publication is overdue. */
static enum outcome outcome_of(const struct publication_entry *entry, long long now,
                               int grace_days)
{
    static const struct {
        const char *status;
        enum outcome outcome;
    } published[] = {{"suspended", OUTCOME_SUSPENDED}, {"revoked", OUTCOME_REVOKED},
                     {"withdrawn", OUTCOME_WITHDRAWN}, {"expired", OUTCOME_EXPIRED},
                     {"overdue", OUTCOME_OVERDUE}};
    struct date due;
    for (size_t i = 0; i < sizeof published / sizeof published[0]; i++)
        if (strcmp(entry->status, published[i].status) == 0)
            return published[i].outcome;
    if (strcmp(entry->status, "valid") != 0)
        return OUTCOME_STATUS_UNKNOWN;
    if (entry->next_due[0] && date_parse(entry->next_due, &due) == 0
        && date_compare(timestamp_date(now), date_add_days(due, grace_days)) > 0)
        return OUTCOME_OVERDUE;
    return OUTCOME_VALID;
}

void publication_lookup(const char *directory, const char *number,
                        const struct trust_store *trust, long long now,
                        struct signature_cache *cache, struct publication_entry *out)
{
    char index_digest[DIGEST_LENGTH + 1];
    struct index_entry entry;
    int grace_days = 0;
    memset(out, 0, sizeof *out);
    if (!certificate_number_is_valid(number)) {
        verdict_fail(&out->verdict, OUTCOME_STATUS_UNKNOWN, "\"%.80s\" is not a certificate "
                     "number", number);
        return;
    }
    snprintf(out->number, sizeof out->number, "%s", number);
    publication_shard(number, out->shard);
    if (resolve_root(directory, out->generation, out) != 0
        || check_manifest(out->generation, out->shard, trust, now, cache, index_digest,
                          &grace_days, out) != 0
        || check_index(out->generation, out->shard, number, index_digest, &entry, out) != 0
        || check_response(out->generation, out->shard, number, now, &entry, out) != 0)
        return;
    out->verdict.outcome = outcome_of(out, now, grace_days);
    if (out->verdict.outcome == OUTCOME_STATUS_UNKNOWN)
        verdict_fail(&out->verdict, OUTCOME_STATUS_UNKNOWN, "the publication gives an unknown "
                     "status \"%s\"", out->status);
}

char *publication_read_record(const struct publication_entry *entry, size_t *length,
                              int *listed, struct error *err)
{
    char digest[DIGEST_LENGTH + 1];
    *listed = 0;
    if (!entry->generation[0] || !entry->number[0]) {
        fail(err, "%s", entry->verdict.reason);
        return NULL;
    }
    char *path = publication_shard_file(entry->generation, entry->shard, entry->number,
                                        RECORD_SUFFIX);
    char *text = read_file_bounded(path, MAX_RECORD_BYTES, length, err);
    free(path);
    if (text && entry->record_digest[0]) {
        publication_digest(text, *length, digest);
        *listed = strcmp(digest, entry->record_digest) == 0;
    }
    return text;
}
