/*
 * cmd_log.c: `verifier log audit LOGDIR`, the monitor of a body's
 * transparency log (docs/transparency-log.md). What a regulator or a
 * competitor runs to see that nothing was hidden:
 *
 *   1. the checkpoint must be signed by a log key of the trust store (and,
 *      with --log-state, extend the newest one this monitor saw);
 *   2. every entry bundle is read; each entry's leaf hash must be the one
 *      its level-0 tile lists, and the tree of them all must have the
 *      checkpoint's root; every hash tile must be what the entries make;
 *   3. every entry must be a record or a status response of the body whose
 *      signatures the trust decision accepts, every status response must
 *      follow a record of its certificate, and each certificate's
 *      responses must carry growing serials.
 *
 * It prints every certificate the log holds with its status history (one
 * line per change) and exits 0 when all is consistent, 1 otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "json_strict.h"
#include "options.h"
#include "publication.h"
#include "tlog_state.h"
#include "tlog_tiles.h"
#include "verify.h"

#define AUDIT_LEVELS 8

/* One entry as the audit keeps it for the history. */
struct logged {
    char *number, *status, *since, *code, *holder; /* status NULL: a record */
    long serial;
    unsigned long long position;
};

struct audit {
    const char *directory;
    const struct trust_store *trust;
    struct date on;
    struct checkpoint checkpoint;
    struct tlog_hash *levels[AUDIT_LEVELS];  /* the hashes of each tile level, from the entries */
    struct logged *entries;
    size_t count;
    long problems;
};

static void problem(struct audit *audit, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

static void problem(struct audit *audit, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    fprintf(stderr, "verifier: ");
    vfprintf(stderr, format, args);
    fputc('\n', stderr);
    va_end(args);
    audit->problems++;
}

static char *copy_member(const json_t *object, const char *key)
{
    const char *text = json_string_value(json_object_get(object, key));
    return text ? xstrdup(text) : NULL;
}

/* A record: its two signatures, by the trust decision. */
static void audit_record(struct audit *audit, const char *text, size_t length,
                         struct logged *out)
{
    struct verify_context context = {audit->trust, audit->on, NULL, 0};
    struct verification verification;
    record_verify(text, length, &context, &verification);
    if (verification.verdict.outcome == OUTCOME_NOT_GENUINE) {
        problem(audit, "entry %llu: a record that is not genuine: %s", out->position,
                verification.verdict.reason);
        return;
    }
    char issued[11];
    date_format(verification.certificate.issue_date, issued);
    out->number = xstrdup(verification.certificate.number);
    out->holder = xasprintf("%s  issued %s", verification.certificate.holder_name, issued);
    verification_free(&verification);
}

/* A status response: the head's signature, by the trust decision. */
static void audit_response(struct audit *audit, const char *text, size_t length,
                           struct logged *out)
{
    struct error err;
    json_t *payload = publication_verify_response(text, length, audit->trust, NULL, &err);
    if (!payload) {
        problem(audit, "entry %llu: a status response that does not verify: %s",
                out->position, err.message);
        return;
    }
    out->number = copy_member(payload, "number");
    out->status = copy_member(payload, "status");
    out->since = copy_member(payload, "since");
    out->code = copy_member(payload, "reason_code");
    out->serial = (long)json_integer_value(json_object_get(payload, "serial"));
    json_decref(payload);
}

static void audit_entry(struct audit *audit, uint64_t position, const struct tlog_entry *entry)
{
    struct logged *out = &audit->entries[audit->count++];
    memset(out, 0, sizeof *out);
    out->position = position;
    char *text = memcpy(xmalloc(entry->length + 1), entry->bytes, entry->length);
    text[entry->length] = '\0';
    if (entry->length > 0 && text[0] == '{')
        audit_record(audit, text, entry->length, out);
    else
        audit_response(audit, text, entry->length, out);
    free(text);
}

static unsigned char *read_tile_file(const struct audit *audit, int level, uint64_t index,
                                     unsigned width, size_t max, size_t *length,
                                     struct error *err)
{
    char *relative = tlog_tile_path(level, index, width);
    char *path = xasprintf("%s/%s", audit->directory, relative);
    unsigned char *data = (unsigned char *)read_file_bounded(path, max, length, err);
    free(path);
    free(relative);
    return data;
}

/* One bundle: its entries, their leaf hashes against the level-0 tile. */
static void audit_bundle(struct audit *audit, uint64_t tile, unsigned width)
{
    struct error err;
    size_t length, tile_length;
    struct tlog_entry entries[TLOG_TILE_WIDTH];
    struct tlog_hash *leaves = audit->levels[0] + tile * TLOG_TILE_WIDTH;
    unsigned char *bundle = read_tile_file(audit, TLOG_ENTRIES_LEVEL, tile, width,
                                           TLOG_MAX_BUNDLE_BYTES, &length, &err);
    if (!bundle || tlog_bundle_parse(bundle, length, width, entries, &err) != 0) {
        problem(audit, "entries %llu to %llu: %s", (unsigned long long)tile * TLOG_TILE_WIDTH,
                (unsigned long long)tile * TLOG_TILE_WIDTH + width - 1, err.message);
        free(bundle);
        return;
    }
    for (unsigned i = 0; i < width; i++) {
        tlog_leaf_hash(entries[i].bytes, entries[i].length, &leaves[i]);
        audit_entry(audit, tile * TLOG_TILE_WIDTH + i, &entries[i]);
    }
    free(bundle);
    unsigned char *hashes = read_tile_file(audit, 0, tile, width, TLOG_TILE_WIDTH * 32,
                                           &tile_length, &err);
    if (!hashes || tile_length != width * sizeof *leaves
        || memcmp(hashes, leaves, tile_length) != 0)
        problem(audit, "the hash tile of entries %llu to %llu is not the hashes of its "
                "entries%s%s", (unsigned long long)tile * TLOG_TILE_WIDTH,
                (unsigned long long)tile * TLOG_TILE_WIDTH + width - 1, hashes ? "" : ": ",
                hashes ? "" : err.message);
    free(hashes);
}

/* Levels 1 and up from the entries' hashes, each checked against its tile. */
static void audit_upper_tiles(struct audit *audit)
{
    for (int level = 1; level < AUDIT_LEVELS; level++) {
        uint64_t count = audit->checkpoint.size >> (level * TLOG_TILE_HEIGHT);
        audit->levels[level] = xcalloc(count ? count : 1, sizeof(struct tlog_hash));
        for (uint64_t i = 0; i < count; i++)
            tlog_complete_hash(audit->levels[level - 1] + i * TLOG_TILE_WIDTH, TLOG_TILE_WIDTH,
                               &audit->levels[level][i]);
        for (uint64_t tile = 0; tile * TLOG_TILE_WIDTH < count; tile++) {
            unsigned width = tlog_tile_width(level, tile, audit->checkpoint.size);
            size_t length;
            struct error err;
            unsigned char *hashes = read_tile_file(audit, level, tile, width,
                                                   TLOG_TILE_WIDTH * 32, &length, &err);
            if (!hashes || length != width * sizeof(struct tlog_hash)
                || memcmp(hashes, audit->levels[level] + tile * TLOG_TILE_WIDTH, length) != 0)
                problem(audit, "the hash tile %d/%llu is not the hashes of the tiles below it",
                        level, (unsigned long long)tile);
            free(hashes);
        }
    }
}

static int read_level(void *context, int level, uint64_t index, unsigned width,
                      struct tlog_hash *out, struct error *err)
{
    (void)err;
    struct audit *audit = context;
    memcpy(out, audit->levels[level] + index * TLOG_TILE_WIDTH, width * sizeof *out);
    return 0;
}

/* The root of all the entries must be the checkpoint's. */
static void audit_root(struct audit *audit)
{
    struct tlog_tile_source tiles = {read_level, audit};
    struct tlog_tile_reader *reader = tlog_tile_reader_new(&tiles, audit->checkpoint.size);
    struct tlog_hash_source hashes = tlog_tile_reader_hashes(reader);
    struct tlog_hash root;
    struct error err;
    if (tlog_tree_hash(&hashes, audit->checkpoint.size, &root, &err) != 0
        || !tlog_hash_equal(&root, &audit->checkpoint.root))
        problem(audit, "the entries' tree does not have the checkpoint's root hash");
    tlog_tile_reader_free(reader);
}

static int by_number(const void *a, const void *b)
{
    const struct logged *x = a, *y = b;
    int order = strcmp(x->number ? x->number : "", y->number ? y->number : "");
    return order ? order : (x->position > y->position) - (x->position < y->position);
}

/* One certificate's entries, in log order: its record first, then its
 * responses with growing serials; a line per change of status. */
static size_t print_certificate(struct audit *audit, size_t first)
{
    const char *number = audit->entries[first].number;
    const struct logged *last = NULL;
    long serial = 0;
    size_t i = first;
    if (audit->entries[first].status)
        problem(audit, "entry %llu: a status response of %s, which no earlier record issued",
                audit->entries[first].position, number);
    for (; i < audit->count && strcmp(audit->entries[i].number, number) == 0; i++) {
        const struct logged *entry = &audit->entries[i];
        if (!entry->status) {
            printf("%s  %s (entry %llu)\n", number, entry->holder, entry->position);
            continue;
        }
        if (entry->serial <= serial)
            problem(audit, "entry %llu: %s's status response has serial %ld after %ld",
                    entry->position, number, entry->serial, serial);
        serial = entry->serial;
        int changed = !last || strcmp(last->status, entry->status) != 0
                      || strcmp(last->since ? last->since : "", entry->since ? entry->since : "");
        if (changed)
            printf("    %s since %s%s%s (serial %ld, entry %llu)\n", entry->status,
                   entry->since ? entry->since : "?", entry->code ? " " : "",
                   entry->code ? entry->code : "", entry->serial, entry->position);
        last = entry;
    }
    return i;
}

static void print_history(struct audit *audit)
{
    size_t certificates = 0, records = 0;
    qsort(audit->entries, audit->count, sizeof *audit->entries, by_number);
    size_t i = 0;
    while (i < audit->count && !audit->entries[i].number)
        i++; /* entries that did not verify, already reported */
    for (; i < audit->count; certificates++)
        i = print_certificate(audit, i);
    for (size_t j = 0; j < audit->count; j++)
        records += audit->entries[j].number && !audit->entries[j].status;
    printf("%s: %llu entries, %zu certificates, %zu records, %zu status responses; %s\n",
           audit->checkpoint.origin, (unsigned long long)audit->checkpoint.size, certificates,
           records, audit->count - records,
           audit->problems ? "NOT CONSISTENT" : "consistent");
}

static void free_audit(struct audit *audit)
{
    for (size_t i = 0; i < audit->count; i++) {
        struct logged *entry = &audit->entries[i];
        char *strings[] = {entry->number, entry->status, entry->since, entry->code,
                           entry->holder};
        for (size_t j = 0; j < sizeof strings / sizeof strings[0]; j++)
            free(strings[j]);
    }
    free(audit->entries);
    for (int level = 0; level < AUDIT_LEVELS; level++)
        free(audit->levels[level]);
}

/* The checkpoint: signed by a log key, and consistent with the state. */
static int open_checkpoint(struct audit *audit, const char *state, struct error *err)
{
    size_t length;
    struct signed_note note;
    struct checkpoint_question question = {audit->on, 0};
    char *path = xasprintf("%s/%s", audit->directory, TLOG_CHECKPOINT_FILE);
    char *text = read_file_bounded(path, NOTE_MAX_BYTES, &length, err);
    int result = text ? tlog_checkpoint_verify(text, length, audit->trust, &question, NULL,
                                               &note, &audit->checkpoint, err)
                      : -1;
    if (result == 0) {
        note_free(&note);
        if (state) {
            struct tlog_tile_source tiles = tlog_directory_tiles(audit->directory);
            struct tlog_tile_reader *reader = tlog_tile_reader_new(&tiles,
                                                                   audit->checkpoint.size);
            struct tlog_hash_source hashes = tlog_tile_reader_hashes(reader);
            result = tlog_state_check(state, &audit->checkpoint, text, length, &hashes, 1, err);
            tlog_tile_reader_free(reader);
        }
    }
    free(text);
    free(path);
    return result;
}

static int audit_log(struct audit *audit, const char *state)
{
    struct error err;
    if (open_checkpoint(audit, state, &err) != 0) {
        fprintf(stderr, "verifier: %s: %s\n", audit->directory, err.message);
        return EXIT_NOT_GENUINE;
    }
    uint64_t size = audit->checkpoint.size;
    audit->levels[0] = xcalloc(size ? size : 1, sizeof(struct tlog_hash));
    audit->entries = xcalloc(size ? size : 1, sizeof *audit->entries);
    for (uint64_t tile = 0; tlog_tile_width(0, tile, size) > 0; tile++)
        audit_bundle(audit, tile, tlog_tile_width(0, tile, size));
    audit_upper_tiles(audit);
    audit_root(audit);
    print_history(audit);
    return audit->problems ? EXIT_NOT_GENUINE : EXIT_OK;
}

int cmd_log(int argc, char **argv)
{
    static const char usage[] = "verifier log audit LOGDIR [--trust FILE] [--at YYYY-MM-DD]"
                                " [--log-state DIR]";
    const char *trust_path = getenv("STARMARK_TRUST") ? getenv("STARMARK_TRUST")
                                                      : DEFAULT_TRUST_FILE;
    const char *at = NULL, *state = NULL;
    const struct option_spec specs[] = {{"trust", &trust_path, NULL}, {"at", &at, NULL},
                                        {"log-state", &state, NULL}, {NULL, NULL, NULL}};
    char *operands[2];
    int count;
    options_parse(argc, argv, 1, specs, operands, 2, &count, usage);
    if (count != 2 || strcmp(operands[0], "audit") != 0)
        die(EXIT_USAGE, "usage: %s", usage);
    struct audit audit = {.directory = operands[1], .on = date_today_shanghai()};
    if (at && date_parse(at, &audit.on) != 0)
        die(EXIT_USAGE, "--at \"%s\" is not a real date YYYY-MM-DD", at);
    struct trust_store trust;
    struct error err;
    if (trust_load(trust_path, &trust, &err) != 0)
        die(EXIT_USAGE, "trust store %s", err.message);
    audit.trust = &trust;
    int status = audit_log(&audit, state);
    free_audit(&audit);
    trust_free(&trust);
    return status;
}
