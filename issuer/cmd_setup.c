/*
 * cmd_setup.c: setting up a body: `issuer init`, `issuer keygen` and
 * `issuer trust add` (`trust close` is in cmd_trust_close.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "json_strict.h"
#include "keyfile.h"
#include "options.h"
#include "record.h"
#include "registry_keys.h"
#include "tlog_note.h"
#include "trust.h"

static void check_identifier(const char *option, const char *value, const char *allowed,
                             size_t max)
{
    if (!*value || strlen(value) > max || value[strspn(value, allowed)] != '\0')
        die(EXIT_USAGE, "--%s \"%s\" must be 1 to %zu of [%s]", option, value, max, allowed);
}

static void check_url(const char *url)
{
    int scheme_ok = strncmp(url, "https://", 8) == 0 || strncmp(url, "http://", 7) == 0;
    if (!scheme_ok || strlen(url) > 200 || strpbrk(url, " \"'<>\\?#") || !utf8_is_clean(url, 0))
        die(EXIT_USAGE, "--verify-url \"%s\" must be an http(s) URL without spaces, quotes, "
            "query or fragment, at most 200 characters", url);
}

/* The transparency log's origin (docs/transparency-log.md): given, or the
 * verify URL's host followed by "/log". The caller frees it. */
static char *log_origin(const char *given, const char *url)
{
    if (!given) {
        const char *host = strstr(url, "://") + 3;
        return xasprintf("%.*s/log", (int)strcspn(host, "/"), host);
    }
    size_t length = strlen(given);
    if (!note_name_is_valid(given) || given[length - 1] == '/')
        die(EXIT_USAGE, "--log-origin \"%s\" must be 1 to %d bytes without spaces, \"+\" or a "
            "final \"/\" (a URL without its scheme, e.g. verify.example.cn/log)", given,
            NOTE_MAX_NAME);
    return xstrdup(given);
}

int cmd_init(int argc, char **argv)
{
    static const char usage[] =
        "issuer init --db FILE --body-id ID --body-name NAME --prefix PREFIX --verify-url URL"
        " [--validity-years 3] [--surveillance-months 12] [--max-suspension-months 6]"
        " [--surveillance-grace-days 0] [--log-origin ORIGIN]";
    const char *db = getenv("STARMARK_DB"), *id = NULL, *name = NULL, *prefix = NULL,
               *url = NULL, *validity = "3", *months = "12", *suspension = "6", *grace = "0",
               *origin = NULL;
    const struct option_spec specs[] = {
        {"db", &db, NULL}, {"body-id", &id, NULL}, {"body-name", &name, NULL},
        {"prefix", &prefix, NULL}, {"verify-url", &url, NULL},
        {"validity-years", &validity, NULL}, {"surveillance-months", &months, NULL},
        {"max-suspension-months", &suspension, NULL},
        {"surveillance-grace-days", &grace, NULL}, {"log-origin", &origin, NULL},
        {NULL, NULL, NULL}};
    int operand_count;
    options_parse(argc, argv, 1, specs, NULL, 0, &operand_count, usage);
    if (!db || !id || !name || !prefix || !url)
        die(EXIT_USAGE, "init needs --db, --body-id, --body-name, --prefix and --verify-url"
            " (usage: %s)", usage);
    check_identifier("body-id", id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                    "0123456789-_.", 64);
    check_identifier("prefix", prefix, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 16);
    check_url(url);
    if (!utf8_is_clean(name, 0) || utf8_length(name) > 100 || !*name)
        die(EXIT_USAGE, "--body-name must be 1 to 100 characters of clean UTF-8");
    struct body_settings body = {(char *)id, (char *)name, (char *)prefix, (char *)url,
                                 parse_whole_number("validity-years", validity, 1, 10),
                                 parse_whole_number("surveillance-months", months, 1, 24),
                                 parse_whole_number("max-suspension-months", suspension, 1, 24),
                                 parse_whole_number("surveillance-grace-days", grace, 0, 90),
                                 log_origin(origin, url), NULL};
    if (body.validity_years * 12 / body.surveillance_months > MAX_SURVEILLANCES)
        die(EXIT_USAGE, "%d years with surveillance every %d months needs more than %d "
            "surveillance dates", body.validity_years, body.surveillance_months,
            MAX_SURVEILLANCES);
    struct error err;
    if (registry_create(db, &body, &err) != 0)
        die(EXIT_USAGE, "%s", err.message);
    printf("created registry %s for %s (%s), numbers %s-YYYY-NNNNNN, log %s\n", db, name, id,
           prefix, body.log_origin);
    free(body.log_origin);
    return EXIT_OK;
}

int cmd_keygen(int argc, char **argv)
{
    static const char usage[] = "issuer keygen --role auditor|head|log --name NAME --out BASE "
                                "[--alg ed25519|sm2] [--no-passphrase]";
    const char *role = NULL, *name = NULL, *base = NULL, *alg = "ed25519";
    int no_passphrase = 0;
    const struct option_spec specs[] = {
        {"role", &role, NULL}, {"name", &name, NULL}, {"out", &base, NULL},
        {"alg", &alg, NULL}, {"no-passphrase", NULL, &no_passphrase}, {NULL, NULL, NULL}};
    int operand_count;
    options_parse(argc, argv, 1, specs, NULL, 0, &operand_count, usage);
    if (!role || !name || !base)
        die(EXIT_USAGE, "keygen needs --role, --name and --out (usage: %s)", usage);
    if (!key_role_find(role))
        die(EXIT_USAGE, "--role must be %s, not \"%s\"", key_role_names(), role);
    /* A log key's name is the log's origin, the key name of its signed
     * notes (docs/transparency-log.md). */
    if (strcmp(role, "log") == 0 && !note_name_is_valid(name))
        die(EXIT_USAGE, "--name of a log key is the log's origin (issuer init --log-origin): "
            "1 to %d bytes without spaces or \"+\"", NOTE_MAX_NAME);
    if (strcmp(role, "log") != 0 && (!*name || !utf8_is_clean(name, 0) || utf8_length(name) > 50))
        die(EXIT_USAGE, "--name must be 1 to 50 characters of clean UTF-8");
    const struct algorithm *algorithm = algorithm_by_key_name(alg);
    if (!algorithm)
        die(EXIT_USAGE, "--alg must be %s, not \"%.40s\"", algorithm_key_names(), alg);
    if (strcmp(role, "log") == 0 && strcmp(alg, "ed25519") != 0)
        die(EXIT_USAGE, "--alg of a log key must be ed25519: C2SP signed notes, which the log's "
            "checkpoints are, have no SM2 (docs/transparency-log.md)");
    char kid[KID_LENGTH + 1];
    struct error err;
    if (keyfile_generate(base, algorithm, role, name, !no_passphrase, kid, &err) != 0)
        die(EXIT_USAGE, "%s", err.message);
    printf("%s key %s (%s) for %s: %s.key (%s), %s.pub.jwk\n", role, kid, algorithm->key_name,
           name, base, no_passphrase ? "NOT encrypted" : "encrypted", base);
    return EXIT_OK;
}

/* Loads the trust file as JSON to append to it, or starts a new one. */
static json_t *trust_document(const char *path, const struct registry *registry)
{
    struct error err;
    if (access(path, F_OK) != 0)
        return json_pack("{s:s, s:{s:s, s:s}, s:[]}", "format", TRUST_FORMAT, "body", "id",
                         registry->body.id, "name", registry->body.name, "keys");
    struct trust_store store; /* checks the whole file before we add to it */
    if (trust_load(path, &store, &err) != 0)
        die(EXIT_USAGE, "%s", err.message);
    int same_body = strcmp(store.body_id, registry->body.id) == 0;
    trust_free(&store);
    if (!same_body)
        die(EXIT_USAGE, "%s is the trust store of another body, not %s", path,
            registry->body.id);
    json_t *document = json_load_file_strict(path, MAX_TRUST_BYTES, &err);
    if (!document)
        die(EXIT_USAGE, "%s", err.message);
    return document;
}

/* The window a key is trusted in (the key itself is filled in later). */
static struct trusted_key window_options(const char *not_before, const char *not_after)
{
    struct trusted_key window = {0};
    if (not_before) {
        window.has_not_before = 1;
        window.not_before = date_option("not-before", not_before);
    }
    if (not_after) {
        window.has_not_after = 1;
        window.not_after = date_option("not-after", not_after);
    }
    if (not_before && not_after && date_compare(window.not_before, window.not_after) > 0)
        die(EXIT_USAGE, "--not-before is after --not-after");
    return window;
}

static json_t *date_or_null(int has, struct date date)
{
    char text[11];
    date_format(date, text);
    return has ? json_string(text) : json_null();
}

/* `issuer trust add --seal-ca CA.pem`: the trust store's seal_cas gets the
 * certificate, checked by parsing the new store before it is written. */
static int trust_add_seal_ca_file(const char *db, const char *trust_path, const char *ca_path)
{
    struct error err;
    size_t length;
    char *pem = read_file_bounded(ca_path, MAX_TRUST_BYTES, &length, &err);
    if (!pem)
        die(EXIT_USAGE, "%s", err.message);
    struct registry registry;
    open_registry(db, &registry);
    if (registry_begin(&registry, &err) != 0) /* as trust add: one writer at a time */
        die(EXIT_USAGE, "%s", err.message);
    json_t *document = trust_document(trust_path, &registry);
    if (!json_object_get(document, "seal_cas"))
        json_object_set_new(document, "seal_cas", json_array());
    json_array_append_new(json_object_get(document, "seal_cas"), json_stringn(pem, length));
    char *text = json_dumps(document, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    struct trust_store checked;
    char *details = xasprintf("seal CA %s added to %s", ca_path, trust_path);
    int failed = trust_parse(text, strlen(text), ca_path, &checked, &err) != 0;
    if (!failed)
        trust_free(&checked);
    failed = failed || registry_log(&registry, "seal CA trusted", NULL, NULL, details, &err)
                 || write_file_atomic(trust_path, text, strlen(text), 0644, 0, &err)
                 || registry_commit(&registry, &err);
    if (failed)
        registry_rollback(&registry);
    else
        printf("seal CA %s added to %s\n", ca_path, trust_path);
    free(details);
    free(text);
    free(pem);
    json_decref(document);
    registry_close(&registry);
    if (failed)
        die(EXIT_USAGE, "%s", err.message);
    return EXIT_OK;
}

/* `issuer trust add`; its usage names both subcommands, as it also answers
 * a subcommand that is neither. */
static int trust_add(int argc, char **argv)
{
    static const char usage[] = "issuer trust add --db FILE [--trust FILE] KEY.pub.jwk"
                                " [--not-before YYYY-MM-DD] [--not-after YYYY-MM-DD]"
                                ", or issuer trust add --db FILE [--trust FILE] --seal-ca CA.pem"
                                ", or issuer trust close --db FILE [--trust FILE] KID"
                                " --last-day YYYY-MM-DD [--reason TEXT]";
    const char *db = NULL, *not_before = NULL, *not_after = NULL, *seal_ca = NULL;
    const char *trust_path = getenv("STARMARK_TRUST") ? getenv("STARMARK_TRUST")
                                                      : DEFAULT_TRUST_FILE;
    const struct option_spec specs[] = {
        {"db", &db, NULL}, {"trust", &trust_path, NULL}, {"not-before", &not_before, NULL},
        {"not-after", &not_after, NULL}, {"seal-ca", &seal_ca, NULL}, {NULL, NULL, NULL}};
    char *operands[2];
    int operand_count;
    options_parse(argc, argv, 1, specs, operands, 2, &operand_count, usage);
    if (seal_ca && operand_count == 1 && strcmp(operands[0], "add") == 0 && !not_before
        && !not_after)
        return trust_add_seal_ca_file(db, trust_path, seal_ca);
    if (seal_ca || operand_count != 2 || strcmp(operands[0], "add") != 0)
        die(EXIT_USAGE, "usage: %s", usage);
    struct trusted_key trusted = window_options(not_before, not_after);
    struct public_key *key = &trusted.key;
    struct error err;
    json_t *jwk = json_load_file_strict(operands[1], 64 * 1024, &err);
    if (!jwk || jwk_parse_public(jwk, key, &err) != 0)
        die(EXIT_USAGE, "%s: %s", operands[1], err.message);
    if (!key_role_find(key->role))
        die(EXIT_USAGE, "%s: role must be %s, not \"%s\"", operands[1], key_role_names(),
            key->role);
    struct registry registry;
    open_registry(db, &registry);
    /* Read the trust store under the registry's write lock too, so a
     * concurrent `trust close` or `trust add` cannot slip in between our
     * reading and rewriting it. (A refusal exits; SQLite drops the open
     * transaction.) */
    if (registry_begin(&registry, &err) != 0)
        die(EXIT_USAGE, "%s", err.message);
    json_t *document = trust_document(trust_path, &registry);
    json_array_append_new(json_object_get(document, "keys"),
                          json_pack("{s:O, s:s, s:o, s:o}", "jwk", jwk, "role", key->role,
                                    "not_before", date_or_null(trusted.has_not_before,
                                                               trusted.not_before),
                                    "not_after", date_or_null(trusted.has_not_after,
                                                              trusted.not_after)));
    char *jwk_text = json_dump_compact(jwk);
    char *trust_text = json_dumps(document, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    char *details = xasprintf("%s key of %s added to %s", key->role, key->name, trust_path);
    /* The registry changes only if the trust file was written too. */
    int failed = registry_add_key(&registry, &trusted, jwk_text, &err)
                 || registry_log(&registry, "key registered", NULL, key->kid, details, &err)
                 || write_file_atomic(trust_path, trust_text, strlen(trust_text), 0644, 0, &err)
                 || registry_commit(&registry, &err);
    if (failed)
        registry_rollback(&registry);
    else
        printf("registered %s key %s (%s) in %s and %s\n", key->role, key->kid, key->name,
               db ? db : getenv("STARMARK_DB"), trust_path);
    free(details);
    free(jwk_text);
    free(trust_text);
    json_decref(document);
    json_decref(jwk);
    trusted_key_free(&trusted);
    registry_close(&registry);
    if (failed)
        die(EXIT_USAGE, "%s", err.message);
    return EXIT_OK;
}

/* The first operand, which names the subcommand; options may come before
 * it, and every option of `trust add` and `trust close` takes a value. */
static const char *trust_subcommand(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            return i + 1 < argc ? argv[i + 1] : NULL;
        if (argv[i][0] != '-' || argv[i][1] == '\0')
            return argv[i];
        if (!strchr(argv[i], '='))
            i++;
    }
    return NULL;
}

/* git-style: `issuer trust add ...`, `issuer trust close ...`. */
int cmd_trust(int argc, char **argv)
{
    const char *subcommand = trust_subcommand(argc, argv);
    if (subcommand && strcmp(subcommand, "close") == 0)
        return cmd_trust_close(argc, argv);
    return trust_add(argc, argv);
}
