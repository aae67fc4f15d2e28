/*
 * issuer: the certification body's side of starmark. It keeps the registry,
 * turns assessments into certificates signed by the lead auditor and the
 * head, and exports the signed records. See issuer(1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build_settings.h"
#include "commands.h"
#include "json_memory.h"

struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
};

static const struct command commands[] = {
    {"init", cmd_init, "create a registry for a certification body"},
    {"keygen", cmd_keygen, "generate an auditor's, the head's or the log's signing key"},
    {"trust", cmd_trust, "register a key (trust add) or end its trust window (trust close)"},
    {"issue", cmd_issue, "record assessments as conclusions signed by the lead auditor"},
    {"approve", cmd_approve, "add the head's signature: the certificate is issued"},
    {"export", cmd_export, "write a certificate's signed record"},
    {"show", cmd_show, "print a certificate for people"},
    {"list", cmd_list, "list certificates: number, holder, grade, status"},
    {"qr", cmd_qr, "print the URL a certificate's QR code encodes"},
    {"render", cmd_render, "the official PDF certificate, with its QR code"},
    {"seal", cmd_seal, "the electronic seal of the PDFs: seal request, demo-ca, use"},
    {"surveil", cmd_surveil, "record an annual surveillance audit (pass or fail)"},
    {"suspend", cmd_suspend, "suspend a certificate (暂停)"},
    {"reinstate", cmd_reinstate, "lift a suspension (恢复)"},
    {"revoke", cmd_revoke, "revoke a certificate (撤销), final"},
    {"withdraw", cmd_withdraw, "withdraw a certificate (注销), final"},
    {"sweep", cmd_sweep, "daily: expire, suspend overdue, revoke long suspensions"},
    {"history", cmd_history, "every event of a certificate"},
    {"audit", cmd_audit, "check the audit log's hash chain (audit verify)"},
    {"publish", cmd_publish, "write the signed status publication and the public notice"},
    {"log", cmd_log, "the transparency log: name its key (log key)"},
    {"proof", cmd_proof, "an offline proof (tlog-proof) that a record is in the log"},
    {"witness", cmd_witness, "act as a witness of a log: witness key, witness cosign"},
    {"report", cmd_report, "the monthly report to the regulator (CNCA), xlsx or csv"},
};

static void print_usage(FILE *out)
{
    fprintf(out, "usage: issuer COMMAND [OPTIONS]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\nCommands that use the registry take --db FILE (or STARMARK_DB)."
                 " See issuer(1).\n");
}

void open_registry(const char *db_option, struct registry *registry)
{
    const char *path = db_option ? db_option : getenv("STARMARK_DB");
    struct error err;
    if (!path)
        die(EXIT_USAGE, "no registry: give --db FILE or set STARMARK_DB");
    if (registry_open(path, registry, &err) != 0)
        die(EXIT_USAGE, "%s", err.message);
}

int parse_whole_number(const char *option, const char *value, int min, int max)
{
    char *end;
    long number = strtol(value, &end, 10);
    if (*value == '\0' || *end != '\0' || number < min || number > max)
        die(EXIT_USAGE, "--%s must be a whole number from %d to %d, not \"%s\"", option, min,
            max, value);
    return (int)number;
}

struct date date_option(const char *option_name, const char *value)
{
    struct date date = date_today_shanghai();
    if (value && date_parse(value, &date) != 0)
        die(EXIT_USAGE, "--%s \"%s\" is not a real date YYYY-MM-DD", option_name, value);
    return date;
}

static const struct command *find_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(name, commands[i].name) == 0)
            return &commands[i];
    fprintf(stderr, "issuer: unknown command \"%s\" (see issuer --help)\n", name);
    exit(EXIT_USAGE);
}

/* `issuer help COMMAND` is `issuer COMMAND --help`, which every command's
 * option parser answers with its usage. */
static int help(int argc, char **argv)
{
    if (argc < 3) {
        print_usage(stdout);
        return EXIT_OK;
    }
    char *arguments[] = {argv[2], "--help", NULL};
    return find_command(argv[2])->run(2, arguments);
}

int main(int argc, char **argv)
{
    set_program_name("issuer");
    json_memory_install();
    if (argc < 2) {
        print_usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("issuer (starmark) %s\n", STARMARK_VERSION);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0)
        return help(argc, argv);
    return find_command(argv[1])->run(argc - 1, argv + 1);
}
