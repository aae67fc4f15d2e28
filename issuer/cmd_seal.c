/*
 * cmd_seal.c: `issuer seal`, the body's electronic seal (docs/e-seal.md):
 *
 *   seal request   a certificate request (CSR) for a CA, creating the
 *                  encrypted seal key when it does not exist yet
 *   seal demo-ca   a self-signed CA and a seal certificate from it, for the
 *                  demo and the tests
 *   seal use       the key and certificate `issuer render` seals with when
 *                  its command line names none, kept in the registry
 *
 * Keys follow the rules of every starmark key (issuer/keys/keyfile.c):
 * mode 0600, encrypted under STARMARK_PASSPHRASE or a typed passphrase,
 * never overwritten.
 */
#define _DEFAULT_SOURCE /* realpath */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "keyfile.h"
#include "options.h"
#include "registry_seal.h"
#include "x509_make.h"

#define DEMO_CA_YEARS 10
#define DEMO_SEAL_YEARS 3
#define SECONDS_PER_DAY 86400LL

void check_seal_paths(const struct seal_paths *paths)
{
    if ((paths->key != NULL) != (paths->certificate != NULL))
        die(EXIT_USAGE, "--seal-key and --seal-cert go together");
    if (paths->chain && !paths->key)
        die(EXIT_USAGE, "--seal-chain needs --seal-key and --seal-cert");
}

void load_seal_signer(const struct seal_paths *paths, struct seal_signer *out)
{
    struct error err;
    EVP_PKEY *key = keyfile_load_private(paths->key, &err);
    if (!key)
        die(EXIT_USAGE, "%s", err.message);
    if (seal_signer_init(out, key, paths->certificate, paths->chain, timestamp_now(), &err) != 0)
        die(EXIT_USAGE, "%s", err.message);
}

/* "p256" (the default), "rsa2048" or "rsa3072". */
static EVP_PKEY *new_key(const char *algorithm)
{
    EVP_PKEY *key = NULL;
    if (strcmp(algorithm, "p256") == 0)
        key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    else if (strcmp(algorithm, "rsa2048") == 0 || strcmp(algorithm, "rsa3072") == 0)
        key = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)atoi(algorithm + 3));
    else
        die(EXIT_USAGE, "--algorithm must be p256, rsa2048 or rsa3072, not \"%s\"", algorithm);
    if (!key)
        die(EXIT_NOT_GENUINE, "OpenSSL could not generate a %s key", algorithm);
    return key;
}

/* Writes a new key, or exits 2; the caller keeps key. */
static void write_key(const char *path, EVP_PKEY *key, int no_passphrase)
{
    struct error err;
    if (keyfile_write_private(path, key, !no_passphrase, &err) != 0)
        die(EXIT_USAGE, "%s", err.message);
}

static void write_text(const char *path, const char *text, int mode)
{
    struct error err;
    if (write_file_atomic(path, text, strlen(text), mode, 1, &err) != 0)
        die(EXIT_USAGE, "%s", err.message);
}

static X509_NAME *subject_option(const char *text)
{
    struct error err;
    X509_NAME *name = x509_name_parse(text, &err);
    if (!name)
        die(EXIT_USAGE, "%s", err.message);
    return name;
}

/* ---- seal request ---- */

static int seal_request(int argc, char **argv)
{
    static const char usage[] = "issuer seal request --key SEAL.key --subject /C=CN/O=BODY/CN=NAME"
                                " --out SEAL.csr [--algorithm p256|rsa2048|rsa3072]"
                                " [--no-passphrase]";
    const char *key_path = NULL, *subject = NULL, *out = NULL, *algorithm = "p256";
    int no_passphrase = 0, count;
    const struct option_spec specs[] = {
        {"key", &key_path, NULL}, {"subject", &subject, NULL}, {"out", &out, NULL},
        {"algorithm", &algorithm, NULL}, {"no-passphrase", NULL, &no_passphrase},
        {NULL, NULL, NULL}};
    options_parse(argc, argv, 2, specs, NULL, 0, &count, usage);
    if (!key_path || !subject || !out)
        die(EXIT_USAGE, "seal request needs --key, --subject and --out (usage: %s)", usage);
    X509_NAME *name = subject_option(subject);
    struct error err;
    int created = access(key_path, F_OK) != 0;
    EVP_PKEY *key = created ? new_key(algorithm) : keyfile_load_private(key_path, &err);
    if (!key)
        die(EXIT_USAGE, "%s", err.message);
    if (seal_key_check(key, &err) != 0)
        die(EXIT_USAGE, "%s: %s", key_path, err.message);
    char *request = x509_request_pem(key, name, &err);
    if (!request)
        die(EXIT_USAGE, "%s", err.message);
    if (access(out, F_OK) == 0)
        die(EXIT_USAGE, "%s: already exists; refusing to overwrite it", out);
    if (created)
        write_key(key_path, key, no_passphrase);
    write_text(out, request, 0644);
    printf("%s%s; certificate request %s: send it to the CA\n", key_path,
           created ? " created" : "", out);
    free(request);
    EVP_PKEY_free(key);
    X509_NAME_free(name);
    return EXIT_OK;
}

/* ---- seal demo-ca ---- */

struct demo_options {
    const char *directory, *subject, *algorithm, *not_before, *not_after;
    int no_passphrase;
};

/* The seal certificate's validity: the options' days (Asia/Shanghai), or
 * from now for DEMO_SEAL_YEARS. */
static void seal_validity(const struct demo_options *o, long long *from, long long *to)
{
    long long now = timestamp_now();
    *from = o->not_before ? date_end_of_day(date_option("not-before", o->not_before))
                                - SECONDS_PER_DAY + 1
                          : now - 60;
    *to = o->not_after ? date_end_of_day(date_option("not-after", o->not_after))
                       : now + DEMO_SEAL_YEARS * 365 * SECONDS_PER_DAY;
    if (*from >= *to)
        die(EXIT_USAGE, "--not-before is after --not-after");
}

static char *demo_path(const char *directory, const char *name)
{
    return xasprintf("%s/%s", directory, name);
}

static const char *const demo_files[] = {"ca.key", "ca.crt", "seal.key", "seal.crt"};

/* None of the four may exist: a refusal halfway would leave half a CA. */
static void check_demo_free(const char *directory)
{
    for (size_t i = 0; i < 4; i++) {
        char *path = demo_path(directory, demo_files[i]);
        if (access(path, F_OK) == 0)
            die(EXIT_USAGE, "%s: already exists; refusing to overwrite it", path);
        free(path);
    }
}

static void write_demo(const struct demo_options *o, EVP_PKEY *ca_key, X509 *ca,
                       EVP_PKEY *seal_key, X509 *seal)
{
    char *paths[4];
    for (size_t i = 0; i < 4; i++)
        paths[i] = demo_path(o->directory, demo_files[i]);
    char *ca_pem = x509_certificate_pem(ca), *seal_pem = x509_certificate_pem(seal);
    write_key(paths[0], ca_key, o->no_passphrase);
    write_text(paths[1], ca_pem, 0644);
    write_key(paths[2], seal_key, o->no_passphrase);
    write_text(paths[3], seal_pem, 0644);
    printf("demo seal CA %s, seal key %s and certificate %s\n", paths[1], paths[2], paths[3]);
    for (size_t i = 0; i < 4; i++)
        free(paths[i]);
    free(ca_pem);
    free(seal_pem);
}

static void make_demo(const struct demo_options *o)
{
    long long from, to, now = timestamp_now();
    seal_validity(o, &from, &to);
    struct error err;
    X509_NAME *ca_name = subject_option("/C=CN/O=starmark demo/CN=starmark demo seal CA");
    X509_NAME *seal_name = subject_option(o->subject);
    EVP_PKEY *ca_key = new_key(o->algorithm), *seal_key = new_key(o->algorithm);
    long long ca_from = (from < now ? from : now) - SECONDS_PER_DAY;
    X509 *ca = x509_certificate_make(ca_key, ca_name, NULL, NULL, ca_from,
                                     now + DEMO_CA_YEARS * 365 * SECONDS_PER_DAY, 1, &err);
    X509 *seal = ca ? x509_certificate_make(seal_key, seal_name, ca_key, ca, from, to, 0, &err)
                    : NULL;
    if (!seal)
        die(EXIT_NOT_GENUINE, "%s", err.message);
    write_demo(o, ca_key, ca, seal_key, seal);
    X509_free(ca);
    X509_free(seal);
    EVP_PKEY_free(ca_key);
    EVP_PKEY_free(seal_key);
    X509_NAME_free(ca_name);
    X509_NAME_free(seal_name);
}

static int seal_demo_ca(int argc, char **argv)
{
    static const char usage[] = "issuer seal demo-ca --out DIR [--subject /C=CN/O=BODY/CN=NAME]"
                                " [--algorithm p256|rsa2048|rsa3072] [--not-before YYYY-MM-DD]"
                                " [--not-after YYYY-MM-DD] [--no-passphrase]";
    struct demo_options o = {NULL, "/C=CN/O=starmark demo/CN=starmark demo seal", "p256",
                             NULL, NULL, 0};
    int count;
    const struct option_spec specs[] = {
        {"out", &o.directory, NULL}, {"subject", &o.subject, NULL},
        {"algorithm", &o.algorithm, NULL}, {"not-before", &o.not_before, NULL},
        {"not-after", &o.not_after, NULL}, {"no-passphrase", NULL, &o.no_passphrase},
        {NULL, NULL, NULL}};
    options_parse(argc, argv, 2, specs, NULL, 0, &count, usage);
    if (!o.directory)
        die(EXIT_USAGE, "seal demo-ca needs --out DIR (usage: %s)", usage);
    if (mkdir(o.directory, 0700) != 0 && errno != EEXIST)
        die(EXIT_USAGE, "%s: %s", o.directory, strerror(errno));
    check_demo_free(o.directory);
    make_demo(&o);
    return EXIT_OK;
}

/* ---- seal use ---- */

static char *absolute(const char *path)
{
    char resolved[PATH_MAX];
    if (!path)
        return NULL;
    if (!realpath(path, resolved))
        die(EXIT_USAGE, "%s: %s", path, strerror(errno));
    return xstrdup(resolved);
}

static int seal_use(int argc, char **argv)
{
    static const char usage[] = "issuer seal use --db FILE --seal-key SEAL.key"
                                " --seal-cert SEAL.crt [--seal-chain CHAIN.pem]";
    const char *db = NULL;
    struct seal_paths paths = {NULL, NULL, NULL};
    int count;
    const struct option_spec specs[] = {
        {"db", &db, NULL}, {"seal-key", &paths.key, NULL},
        {"seal-cert", &paths.certificate, NULL}, {"seal-chain", &paths.chain, NULL},
        {NULL, NULL, NULL}};
    options_parse(argc, argv, 2, specs, NULL, 0, &count, usage);
    check_seal_paths(&paths);
    if (!paths.key)
        die(EXIT_USAGE, "seal use needs --seal-key and --seal-cert (usage: %s)", usage);
    struct seal_signer signer; /* refuse now what render would refuse */
    load_seal_signer(&paths, &signer);
    struct seal_settings settings = {absolute(paths.key), absolute(paths.certificate),
                                     absolute(paths.chain)};
    struct registry registry;
    struct error err;
    open_registry(db, &registry);
    char *details = xasprintf("seal key %s, certificate %s", settings.key_path,
                              settings.certificate_path);
    int failed = registry_begin(&registry, &err) || registry_seal_set(&registry, &settings, &err)
                 || registry_log(&registry, "seal configured", NULL, NULL, details, &err)
                 || registry_commit(&registry, &err);
    if (failed)
        registry_rollback(&registry);
    else
        printf("issuer render now seals with %s and %s\n", settings.key_path,
               settings.certificate_path);
    free(details);
    seal_settings_free(&settings);
    seal_signer_free(&signer);
    registry_close(&registry);
    if (failed)
        die(EXIT_USAGE, "%s", err.message);
    return EXIT_OK;
}

int cmd_seal(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*run)(int argc, char **argv);
    } subcommands[] = {{"request", seal_request}, {"demo-ca", seal_demo_ca}, {"use", seal_use}};
    for (size_t i = 0; argc >= 2 && i < sizeof subcommands / sizeof subcommands[0]; i++)
        if (strcmp(argv[1], subcommands[i].name) == 0)
            return subcommands[i].run(argc, argv);
    options_subcommand_usage(argc, argv, "issuer seal request|demo-ca|use ... (see issuer(1))");
}
