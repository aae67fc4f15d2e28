/*
 * cmd_trust_close.c: `issuer trust close`, ending a key's trust window on a
 * given last day (a stolen key, a person who left).
 *
 * The window lives in two places: the registry (what `issuer issue` and
 * `approve` check before signing) and the trust store (what verifiers
 * check). Both change in one step: the registry's update and its audit
 * entry are made in one transaction, the trust store is replaced (temporary
 * file + rename) before the commit, and any failure rolls the registry back.
 *
 * The trust store goes first because verifiers read it: a crash between the
 * rename and the commit leaves the trust store closed and the registry still
 * open, the safe side. The next run with the same --last-day recognises
 * exactly that state and completes the registry; any other disagreement is
 * reported, never guessed at.
 *
 * Closing only ever shortens a window: reopening a stolen key by a typo in
 * the date would be worse than a refusal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "json_strict.h"
#include "options.h"
#include "registry_keys.h"
#include "trust.h"

#define MAX_REASON_CHARACTERS 200

struct close_request {
    const char *db, *trust_path, *kid, *reason;
    struct date last_day;
    char last_day_text[11];
};

/* The trust store as read: its text (to keep its layout), parsed twice,
 * once checked (store) and once as a document to edit. */
struct trust_file {
    char *text;
    size_t length;
    struct trust_store store;
    json_t *document;
    size_t index; /* of the key, in store.keys and in document's "keys" */
};

static const char usage[] = "issuer trust close --db FILE [--trust FILE] KID"
                            " --last-day YYYY-MM-DD [--reason TEXT]";

static void parse_request(int argc, char **argv, struct close_request *request)
{
    const char *last_day = NULL;
    request->db = NULL;
    request->reason = NULL;
    request->trust_path = getenv("STARMARK_TRUST") ? getenv("STARMARK_TRUST")
                                                   : DEFAULT_TRUST_FILE;
    const struct option_spec specs[] = {
        {"db", &request->db, NULL}, {"trust", &request->trust_path, NULL},
        {"last-day", &last_day, NULL}, {"reason", &request->reason, NULL},
        {NULL, NULL, NULL}};
    char *operands[2]; /* "close" and the kid */
    int operand_count;
    options_parse(argc, argv, 1, specs, operands, 2, &operand_count, usage);
    if (operand_count != 2 || !last_day)
        die(EXIT_USAGE, "trust close needs a KID and --last-day (usage: %s)", usage);
    request->kid = operands[1];
    request->last_day = date_option("last-day", last_day);
    date_format(request->last_day, request->last_day_text);
    const char *reason = request->reason;
    if (reason && (!*reason || !utf8_is_clean(reason, 0)
                   || utf8_length(reason) > MAX_REASON_CHARACTERS))
        die(EXIT_USAGE, "--reason must be 1 to %d characters of clean UTF-8 on one line",
            MAX_REASON_CHARACTERS);
}

static void trust_file_free(struct trust_file *file)
{
    free(file->text);
    trust_free(&file->store);
    json_decref(file->document);
    memset(file, 0, sizeof *file);
}

/* Reads the trust store once, checks it whole and that it is this body's,
 * and finds the key in it (exactly once: two entries would be ambiguous). */
static int trust_file_load(const struct close_request *request, const struct registry *registry,
                           struct trust_file *file, struct error *err)
{
    const char *path = request->trust_path;
    if (!(file->text = read_file_bounded(path, MAX_TRUST_BYTES, &file->length, err))
        || trust_parse(file->text, file->length, path, &file->store, err) != 0)
        return -1;
    if (strcmp(file->store.body_id, registry->body.id) != 0)
        return fail(err, "%s is the trust store of another body (%s), not %s", path,
                    file->store.body_id, registry->body.id);
    size_t found = 0;
    for (size_t i = 0; i < file->store.key_count; i++)
        if (strcmp(file->store.keys[i].key.kid, request->kid) == 0)
            file->index = i, found++;
    if (found == 0)
        return fail(err, "key %s is not in the trust store %s", request->kid, path);
    if (found > 1)
        return fail(err, "key %s is in %s %zu times; remove the copies by hand first",
                    request->kid, path, found);
    file->document = json_parse_strict(file->text, file->length, MAX_TRUST_BYTES, path, err);
    return file->document ? 0 : -1;
}

/* A window's date, or what its absence means ("no start", "no end"). */
static void describe_date(int has, struct date date, const char *none, char out[11])
{
    if (has)
        date_format(date, out);
    else
        snprintf(out, 11, "%s", none);
}

/* The registry and the trust store must say the same about the key, except
 * for the one state a crash of an earlier run can leave: the trust store
 * already closed on this very last day, the registry not yet. *completing is
 * set then. */
static int check_agreement(const struct close_request *request,
                           const struct trusted_key *registered,
                           const struct trusted_key *trusted, int *completing,
                           struct error *err)
{
    const char *kid = request->kid, *path = request->trust_path;
    *completing = 0;
    if (strcmp(registered->key.role, trusted->key.role) != 0
        || strcmp(registered->key.name, trusted->key.name) != 0)
        return fail(err, "the registry and %s disagree about key %s: %s has it as %s %s, "
                    "the registry as %s %s; make them agree by hand first", path, kid, path,
                    trusted->key.role, trusted->key.name, registered->key.role, registered->key.name);
    if (registered->has_not_before != trusted->has_not_before
        || (registered->has_not_before
            && date_compare(registered->not_before, trusted->not_before) != 0)) {
        char registry_start[11], trust_start[11];
        describe_date(registered->has_not_before, registered->not_before, "no start",
                      registry_start);
        describe_date(trusted->has_not_before, trusted->not_before, "no start", trust_start);
        return fail(err, "the registry and %s disagree about key %s: %s has not_before %s, "
                    "the registry %s; make them agree by hand first", path, kid, path,
                    trust_start, registry_start);
    }
    if (registered->has_not_after == trusted->has_not_after
        && (!trusted->has_not_after
            || date_compare(registered->not_after, trusted->not_after) == 0))
        return 0;
    char registry_end[11], trust_end[11];
    describe_date(registered->has_not_after, registered->not_after, "no end", registry_end);
    describe_date(trusted->has_not_after, trusted->not_after, "no end", trust_end);
    int trust_earlier = trusted->has_not_after
                        && (!registered->has_not_after
                            || date_compare(trusted->not_after, registered->not_after) < 0);
    if (trust_earlier && date_compare(trusted->not_after, request->last_day) == 0) {
        *completing = 1;
        return 0;
    }
    if (trust_earlier)
        return fail(err, "the registry and %s disagree about key %s: %s has not_after %s, "
                    "the registry %s (an interrupted trust close?); run it again with "
                    "--last-day %s to complete it", path, kid, path, trust_end, registry_end,
                    trust_end);
    return fail(err, "the registry and %s disagree about key %s: %s has not_after %s, the "
                "registry %s; make them agree by hand first", path, kid, path, trust_end,
                registry_end);
}

/* Closing may only shorten the window, judged by the registry's (the two
 * agree, or the trust store's already ends on this last day). 1 when it is
 * already closed on that very day (nothing to do), 0 to go on, -1 to refuse. */
static int check_shortens(const struct close_request *request,
                          const struct trusted_key *key, struct error *err)
{
    char day[11];
    if (key->has_not_before && date_compare(request->last_day, key->not_before) < 0) {
        date_format(key->not_before, day);
        return fail(err, "--last-day %s is before key %s's first day %s (not_before)",
                    request->last_day_text, request->kid, day);
    }
    if (!key->has_not_after)
        return 0;
    int order = date_compare(key->not_after, request->last_day);
    date_format(key->not_after, day);
    if (order < 0)
        return fail(err, "key %s's window already ends on %s, before --last-day %s: trust "
                    "close only shortens a window, it never reopens or lengthens one",
                    request->kid, day, request->last_day_text);
    return order == 0;
}

/* The trust store's new text: only this key's not_after changes; the layout
 * is the one `trust add` writes, and a final newline is kept if there was one. */
static char *edited_trust_text(const struct close_request *request, struct trust_file *file)
{
    json_t *entry = json_array_get(json_object_get(file->document, "keys"), file->index);
    json_object_set_new(entry, "not_after", json_string(request->last_day_text));
    char *text = json_dumps(file->document, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (file->length && file->text[file->length - 1] == '\n') {
        char *with_newline = xasprintf("%s\n", text);
        free(text);
        text = with_newline;
    }
    return text;
}

static char *audit_details(const struct close_request *request,
                           const struct trusted_key *key, int completing)
{
    char was[11];
    describe_date(key->has_not_after, key->not_after, "no end", was);
    return xasprintf("%s key of %s trusted until %s (was %s) in %s%s%s%s", key->key.role, key->key.name,
                     request->last_day_text, was, request->trust_path,
                     completing ? ", completing an interrupted close" : "",
                     request->reason ? "; reason: " : "",
                     request->reason ? request->reason : "");
}

/* Everything inside the transaction; -1 leaves it to the caller to roll back.
 * *unchanged is set when the window already ends on that day. */
static int close_window(struct registry *registry, const struct close_request *request,
                        struct trusted_key *key, int *unchanged, struct error *err)
{
    struct trust_file file = {0};
    int completing = 0, result;
    if (registry_find_key(registry, request->kid, key, err) != 0
        || trust_file_load(request, registry, &file, err) != 0
        || check_agreement(request, key, &file.store.keys[file.index], &completing, err) != 0
        || (*unchanged = check_shortens(request, key, err)) < 0) {
        trust_file_free(&file);
        return -1;
    }
    if (*unchanged) {
        trust_file_free(&file);
        return 0;
    }
    char *text = edited_trust_text(request, &file);
    char *details = audit_details(request, key, completing);
    /* The file before the commit: if it cannot be written, nothing changed. */
    result = registry_close_key_window(registry, request->kid, request->last_day, err)
             || registry_log(registry, "key window closed", NULL, request->kid, details, err)
             || write_file_atomic(request->trust_path, text, strlen(text), 0644, 0, err)
             || registry_commit(registry, err) ? -1 : 0;
    free(details);
    free(text);
    trust_file_free(&file);
    return result;
}

int cmd_trust_close(int argc, char **argv)
{
    struct close_request request;
    parse_request(argc, argv, &request);
    struct registry registry;
    struct trusted_key key = {0};
    struct error err;
    int unchanged = 0;
    open_registry(request.db, &registry);
    /* Read and write under the registry's write lock, so two trust commands
     * never interleave on the trust store. */
    int failed = registry_begin(&registry, &err)
                 || close_window(&registry, &request, &key, &unchanged, &err);
    registry_rollback(&registry); /* a no-op after the commit */
    registry_close(&registry);
    if (failed) {
        trusted_key_free(&key);
        die(EXIT_USAGE, "%s", err.message);
    }
    printf("key %s (%s %s) %s trusted until %s (inclusive); %s\n", key.key.kid, key.key.role,
           key.key.name, unchanged ? "was already" : "is", request.last_day_text,
           unchanged ? "nothing changed"
                     : "records it signs after that day will not verify");
    trusted_key_free(&key);
    return EXIT_OK;
}
