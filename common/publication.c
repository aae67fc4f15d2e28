/*
 * publication.c: reading a publication: resolve its current generation
 * once, verify its signed manifest, follow the digests down to the
 * certificate's status response (manifest -> shards.txt -> the shard's
 * index.txt -> NUMBER.status.jws), and decide. Any doubt (missing,
 * unsigned, stale or inconsistent files) is "status unknown", never "valid".
 * The manifest's signature is judged by the trust decision (trust.h) like
 * every other signature. Last, the log under the publication must back the
 * status response and the record (publication_log.h).
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
#include "publication_log.h"
#include "record.h"

static const char *const manifest_members[] = {"format", "body", "serial", "issued_at",
                                               "next_update", "grace_days", "shards", "log",
                                               NULL};
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

json_t *publication_verify_response(const char *text, size_t length,
                                    const struct trust_store *trust,
                                    struct signature_cache *cache, struct error *err)
{
    return publication_verify_signed(text, length, RESPONSE_TYPE, response_members, trust, cache,
                                     err);
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

int publication_resolve(const char *directory, char generation[PATH_MAX])
{
    char *current = publication_current(directory);
    char *resolved = realpath(current, NULL);
    free(current);
    int found = resolved && strlen(resolved) < PATH_MAX;
    if (found)
        strcpy(generation, resolved);
    free(resolved);
    return found ? 0 : -1;
}

static void copy_member(const json_t *object, const char *key, char *out, size_t size)
{
    const char *text = json_string_value(json_object_get(object, key));
    snprintf(out, size, "%s", text ? text : "");
}

#define REMEMBERED_FILES 256
#define REMEMBERED_BYTES (32 * 1024 * 1024)

struct remembered_file {
    char digest[DIGEST_LENGTH + 1];     /* "" for an empty slot */
    char *path, *text;
    size_t length;
};

struct publication_memory {
    char generation[PATH_MAX];
    struct remembered_file files[REMEMBERED_FILES];
    size_t oldest, bytes;
};

struct publication_memory *publication_memory_new(void)
{
    return xcalloc(1, sizeof(struct publication_memory));
}

static void forget_file(struct publication_memory *memory, struct remembered_file *file)
{
    memory->bytes -= file->length;
    free(file->path);
    free(file->text);
    memset(file, 0, sizeof *file);
}

static void forget_all(struct publication_memory *memory, const char *generation)
{
    for (size_t i = 0; i < REMEMBERED_FILES; i++)
        forget_file(memory, &memory->files[i]);
    snprintf(memory->generation, sizeof memory->generation, "%s", generation);
}

void publication_memory_free(struct publication_memory *memory)
{
    if (!memory)
        return;
    forget_all(memory, "");
    free(memory);
}

static const struct remembered_file *recall(const struct publication_memory *memory,
                                            const char *path, const char *digest)
{
    for (size_t i = 0; i < REMEMBERED_FILES; i++) {
        const struct remembered_file *file = &memory->files[i];
        if (file->digest[0] && strcmp(file->digest, digest) == 0
            && strcmp(file->path, path) == 0)
            return file;
    }
    return NULL;
}

/* Keeps text (taking it over) as path's verified content; returns it. */
static const struct remembered_file *remember(struct publication_memory *memory,
                                              const char *path, const char *digest, char *text,
                                              size_t length)
{
    struct remembered_file *file;
    do {
        file = &memory->files[memory->oldest];
        memory->oldest = (memory->oldest + 1) % REMEMBERED_FILES;
        forget_file(memory, file);
    } while (memory->bytes + length > REMEMBERED_BYTES && memory->bytes > 0);
    snprintf(file->digest, sizeof file->digest, "%s", digest);
    file->path = xstrdup(path);
    file->text = text;
    file->length = length;
    memory->bytes += length;
    return file;
}

/* A file below the manifest: believed only when its SHA-256 is the one
 * the level above lists. Borrowed from memory, which keeps it. */
static const struct remembered_file *read_listed(struct publication_memory *memory,
                                                 const char *path, size_t max,
                                                 const char *digest, const char *what,
                                                 struct error *err)
{
    char actual[DIGEST_LENGTH + 1];
    size_t length;
    const struct remembered_file *known = recall(memory, path, digest);
    if (known)
        return known;
    char *text = read_file_bounded(path, max, &length, err);
    if (!text)
        return NULL;
    publication_digest(text, length, actual);
    if (strcmp(actual, digest) == 0)
        return remember(memory, path, digest, text, length);
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

/* A decimal number of at most 18 digits, no leading zero, then a space or
 * the end; its length, or 0. */
static size_t decimal(const char *text, size_t length, unsigned long long *out)
{
    size_t digits = 0;
    *out = 0;
    while (digits < length && digits < 18 && text[digits] >= '0' && text[digits] <= '9')
        *out = *out * 10 + (unsigned long long)(text[digits++] - '0');
    if (digits == 0 || (digits > 1 && text[0] == '0') || (digits < length && text[digits] != ' '))
        return 0;
    return digits;
}

/* "SERIAL RESPONSE_DIGEST RECORD_DIGEST RESPONSE_ENTRY RECORD_ENTRY", the
 * rest of an index line. */
static int parse_index_fields(const char *fields, size_t length, struct index_entry *out)
{
    unsigned long long serial;
    size_t at = decimal(fields, length, &serial);
    if (at == 0 || length < at + 2 + 2 * DIGEST_LENGTH + 2
        || fields[at + 1 + DIGEST_LENGTH] != ' ' || fields[at + 2 + 2 * DIGEST_LENGTH] != ' ')
        return -1;
    const char *response = fields + at + 1, *record = response + DIGEST_LENGTH + 1;
    if (!is_digest(response) || !is_digest(record))
        return -1;
    at += 3 + 2 * DIGEST_LENGTH;
    size_t response_digits = decimal(fields + at, length - at, &out->response_entry);
    at += response_digits + 1;
    size_t record_digits = at < length ? decimal(fields + at, length - at, &out->record_entry)
                                       : 0;
    if (response_digits == 0 || record_digits == 0 || at + record_digits != length)
        return -1;
    out->serial = (long)serial;
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

/* One lookup under way: what it was asked, and what it found so far. */
struct lookup {
    const struct trust_store *trust;
    long long now;
    struct signature_cache *cache;
    struct publication_memory *memory;
    const struct log_policy *policy;
    int vouched;                /* take check.h's shortcut for the checkpoint too */
    int grace_days;             /* from the manifest */
    char index_digest[DIGEST_LENGTH + 1];   /* "": the shard is empty */
    struct checkpoint log;      /* the checkpoint the manifest names */
    char checkpoint_digest[DIGEST_LENGTH + 1];
    struct index_entry entry;
    struct publication_entry *out;
};

#define unknown(lookup, ...) verdict_fail(&(lookup)->out->verdict, OUTCOME_STATUS_UNKNOWN, \
                                          __VA_ARGS__)

static int find_index_digest(struct lookup *lookup, const char *shards_digest)
{
    struct publication_entry *out = lookup->out;
    struct error err;
    char *path = publication_file(out->generation, SHARDS_FILE);
    const struct remembered_file *shards = read_listed(lookup->memory, path, MAX_SHARDS_BYTES,
                                                       shards_digest, SHARDS_FILE, &err);
    free(path);
    if (!shards)
        return unknown(lookup, "%s", err.message);
    int found = publication_shards_find(shards->text, shards->length, out->shard,
                                        lookup->index_digest, &err);
    if (found < 0)
        return unknown(lookup, "%s", err.message);
    /* An empty shard ("" here) is a signed statement too: no certificate
     * of it exists. */
    if (!found)
        lookup->index_digest[0] = '\0';
    return 0;
}

/* The manifest's "log": {origin, size, root (base64), checkpoint (digest)}. */
static int read_manifest_log(struct lookup *lookup, const json_t *manifest)
{
    static const char *const members[] = {"origin", "size", "root", "checkpoint", NULL};
    const json_t *log = json_object_get(manifest, "log");
    struct error err;
    long long size;
    size_t root_length = 0;
    const char *origin, *root, *digest;
    if (json_expect_object(log, "the manifest's log", members, &err) != 0
        || !(origin = json_string_member(log, "origin", "log", 0, &err))
        || json_integer_member(log, "size", "log", 0, INT64_MAX, &size, &err) != 0
        || !(root = json_string_member(log, "root", "log", 0, &err))
        || !(digest = json_string_member(log, "checkpoint", "log", 0, &err)))
        return unknown(lookup, "%s", err.message);
    unsigned char *hash = base64_decode(root, strlen(root), &root_length);
    int ok = hash && root_length == TLOG_HASH_SIZE && strlen(origin) <= NOTE_MAX_NAME
             && strlen(digest) == DIGEST_LENGTH && is_digest(digest);
    if (ok) {
        snprintf(lookup->log.origin, sizeof lookup->log.origin, "%s", origin);
        lookup->log.size = (uint64_t)size;
        memcpy(lookup->log.root.bytes, hash, TLOG_HASH_SIZE);
        snprintf(lookup->checkpoint_digest, sizeof lookup->checkpoint_digest, "%s", digest);
    }
    free(hash);
    return ok ? 0 : unknown(lookup, "the manifest's log member is malformed");
}

/* The signed manifest: fresh, and naming the digest of the shard's index
 * through the table of shards. */
static int check_manifest(struct lookup *lookup)
{
    struct publication_entry *out = lookup->out;
    struct error err;
    char *path = publication_file(out->generation, MANIFEST_FILE);
    json_t *manifest = read_signed(path, MAX_MANIFEST_BYTES, MANIFEST_TYPE, manifest_members,
                                   lookup->trust, lookup->cache, &err);
    free(path);
    if (!manifest)
        return unknown(lookup, "%s", err.message);
    copy_member(manifest, "issued_at", out->published_at, sizeof out->published_at);
    copy_member(manifest, "next_update", out->next_update, sizeof out->next_update);
    out->serial = (long)json_integer_value(json_object_get(manifest, "serial"));
    lookup->grace_days = (int)json_integer_value(json_object_get(manifest, "grace_days"));
    const char *shards_digest = json_string_value(json_object_get(manifest, "shards"));
    long long issued_at, next_update = 0;
    int result = 0;
    if (timestamp_parse(out->published_at, &issued_at) != 0 || issued_at > lookup->now)
        result = unknown(lookup, "the publication (%s) is from after the moment asked about",
                         out->published_at);
    else if (timestamp_parse(out->next_update, &next_update) != 0 || lookup->now > next_update)
        result = unknown(lookup, "the publication is stale: its next update was due %s",
                         out->next_update);
    else if (!shards_digest || strlen(shards_digest) != DIGEST_LENGTH)
        result = unknown(lookup, "the manifest's shards digest is malformed");
    else
        result = read_manifest_log(lookup, manifest) || find_index_digest(lookup, shards_digest);
    out->valid_until = next_update;
    json_decref(manifest);
    return result;
}

/* The shard's index, as the manifest's table lists it, and the
 * certificate's line in it. */
static int check_index(struct lookup *lookup)
{
    struct publication_entry *out = lookup->out;
    struct error err;
    if (!lookup->index_digest[0])
        return unknown(lookup, "%s is not in the publication of %s", out->number,
                       out->published_at);
    char *path = publication_shard_file(out->generation, out->shard, NULL, INDEX_FILE);
    const struct remembered_file *index = read_listed(lookup->memory, path, MAX_INDEX_BYTES,
                                                      lookup->index_digest,
                                                      "the shard's index", &err);
    free(path);
    if (!index)
        return unknown(lookup, "%s", err.message);
    int found = publication_index_find(index->text, index->length, out->shard, out->number,
                                       &lookup->entry, &err);
    if (found < 0)
        return unknown(lookup, "%s", err.message);
    if (!found)
        return unknown(lookup, "%s is not in the publication of %s", out->number,
                       out->published_at);
    memcpy(out->record_digest, lookup->entry.record_digest, sizeof out->record_digest);
    out->response_entry = lookup->entry.response_entry;
    out->record_entry = lookup->entry.record_entry;
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
static json_t *read_listed_response(struct lookup *lookup, const char *path,
                                    struct error *err)
{
    struct jws jws;
    const struct remembered_file *file = read_listed(lookup->memory, path, MAX_RESPONSE_BYTES,
                                                     lookup->entry.response_digest,
                                                     "the status response", err);
    json_t *payload = NULL;
    if (!file || jws_parse_compact(file->text, file->length, &jws, err) != 0)
        return NULL;
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
    return payload;
}

static int check_response(struct lookup *lookup)
{
    struct publication_entry *out = lookup->out;
    struct error err;
    char *path = publication_shard_file(out->generation, out->shard, out->number,
                                        RESPONSE_SUFFIX);
    json_t *response = read_listed_response(lookup, path, &err);
    free(path);
    if (!response)
        return unknown(lookup, "%s", err.message);
    long long next_update;
    const char *response_number = json_string_value(json_object_get(response, "number"));
    long serial = (long)json_integer_value(json_object_get(response, "serial"));
    const char *next = json_string_value(json_object_get(response, "next_update"));
    int result = 0;
    if (!response_number || strcmp(response_number, out->number) != 0)
        result = unknown(lookup, "the status response is for another certificate");
    else if (serial != lookup->entry.serial)
        result = unknown(lookup, "the status response (serial %ld) is older than the list's "
                         "index (serial %ld)", serial, lookup->entry.serial);
    else if (!next || timestamp_parse(next, &next_update) != 0 || lookup->now > next_update)
        result = unknown(lookup, "the status response expired at %s", next ? next : "?");
    else
        read_response_fields(response, out);
    if (result == 0 && next_update < out->valid_until)
        out->valid_until = next_update;
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

/* A file of the lookup's generation, believed by the digest given. */
static const struct remembered_file *read_generation_file(struct lookup *lookup,
                                                          const char *path, size_t max,
                                                          const char *digest, const char *what)
{
    struct error err;
    const struct remembered_file *file = read_listed(lookup->memory, path, max, digest, what,
                                                     &err);
    if (!file)
        unknown(lookup, "%s", err.message);
    return file;
}

/* The log must back the status response and the record the index lists:
 * the checkpoint the manifest names, with both in its tree. */
static int check_log(struct lookup *lookup, const char *directory)
{
    struct publication_entry *out = lookup->out;
    char *checkpoint_path = publication_file(out->generation, CHECKPOINT_FILE);
    char *response_path = publication_shard_file(out->generation, out->shard, out->number,
                                                 RESPONSE_SUFFIX);
    char *record_path = publication_shard_file(out->generation, out->shard, out->number,
                                               RECORD_SUFFIX);
    char *log_directory = xasprintf("%s/%s", directory, LOG_DIRECTORY);
    const struct remembered_file *checkpoint, *response = NULL, *record = NULL;
    int result = -1;
    if ((checkpoint = read_generation_file(lookup, checkpoint_path, NOTE_MAX_BYTES,
                                           lookup->checkpoint_digest, "the log's checkpoint"))
        && (response = read_generation_file(lookup, response_path, MAX_RESPONSE_BYTES,
                                            lookup->entry.response_digest,
                                            "the status response"))
        && (record = read_generation_file(lookup, record_path, MAX_RECORD_BYTES,
                                          lookup->entry.record_digest, "the record"))) {
        struct log_evidence evidence = {
            log_directory, checkpoint->text, checkpoint->length, &lookup->log, response->text,
            record->text, response->length, record->length, lookup->entry.response_entry,
            lookup->entry.record_entry};
        struct error err;
        result = publication_log_check(&evidence, lookup->trust, timestamp_date(lookup->now),
                                       lookup->vouched, lookup->policy, lookup->cache, &err)
                     ? unknown(lookup, "the transparency log: %s", err.message) : 0;
    }
    snprintf(out->log_origin, sizeof out->log_origin, "%s", lookup->log.origin);
    out->log_size = lookup->log.size;
    out->logged = result == 0;
    free(log_directory);
    free(record_path);
    free(response_path);
    free(checkpoint_path);
    return result;
}

/* A process that remembers nothing still reads each file once per lookup. */
static struct publication_memory *memory_for(struct publication_memory *memory)
{
    return memory ? memory : publication_memory_new();
}

static int look_up(struct lookup *lookup, const char *directory, const char *number)
{
    struct publication_entry *out = lookup->out;
    if (!certificate_number_is_valid(number))
        return unknown(lookup, "\"%.80s\" is not a certificate number", number);
    snprintf(out->number, sizeof out->number, "%s", number);
    publication_shard(number, out->shard);
    /* Resolved once for the whole lookup, which so reads one generation. */
    if (publication_resolve(directory, out->generation) != 0)
        return unknown(lookup, "no publication at %s (no current generation)", directory);
    if (strcmp(lookup->memory->generation, out->generation) != 0)
        forget_all(lookup->memory, out->generation);
    if (check_manifest(lookup) != 0 || check_index(lookup) != 0 || check_response(lookup) != 0
        || check_log(lookup, directory) != 0)
        return -1;
    out->verdict.outcome = outcome_of(out, lookup->now, lookup->grace_days);
    if (out->verdict.outcome == OUTCOME_STATUS_UNKNOWN)
        return unknown(lookup, "the publication gives an unknown status \"%s\"", out->status);
    return 0;
}

void publication_lookup(const char *directory, const char *number,
                        const struct trust_store *trust, long long now,
                        const struct log_policy *policy, int vouched,
                        struct signature_cache *cache, struct publication_memory *memory,
                        struct publication_entry *out)
{
    struct lookup lookup = {.trust = trust, .now = now, .cache = cache,
                            .memory = memory_for(memory), .policy = policy,
                            .vouched = vouched, .out = out};
    memset(out, 0, sizeof *out);
    look_up(&lookup, directory, number);
    if (!memory)
        publication_memory_free(lookup.memory);
}

char *publication_read_record(const struct publication_entry *entry,
                              struct publication_memory *memory, size_t *length, int *listed,
                              struct error *err)
{
    *listed = 0;
    if (!entry->generation[0] || !entry->number[0]) {
        fail(err, "%s", entry->verdict.reason);
        return NULL;
    }
    char *path = publication_shard_file(entry->generation, entry->shard, entry->number,
                                        RECORD_SUFFIX);
    struct error ignored;
    struct publication_memory *used = memory_for(memory);
    const struct remembered_file *file =
        entry->record_digest[0] ? read_listed(used, path, MAX_RECORD_BYTES, entry->record_digest,
                                              "the record", &ignored)
                                : NULL;
    /* One the index does not list is still read, to be checked in full. */
    char *text = file ? memcpy(xmalloc(file->length + 1), file->text, file->length + 1)
                      : read_file_bounded(path, MAX_RECORD_BYTES, length, err);
    if (file)
        *length = file->length;
    *listed = file != NULL;
    free(path);
    if (!memory)
        publication_memory_free(used);
    return text;
}
