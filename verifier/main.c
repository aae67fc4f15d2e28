/*
 * verifier: checks a starmark certificate record offline, and audits a
 * body's transparency log.
 *
 * It reads a record, a certificate PDF (which carries its record) or the
 * text of a scanned QR code. It holds no private-key code and links neither
 * libharu, libqrencode nor SQLite: it needs only the body's trust store,
 * the scheme files compiled into it and, with --status, the body's
 * publication. Exit statuses are in verifier(1).
 *
 * git-style: a first argument that names a command runs it (`verifier log
 * audit DIR`); anything else is the check of a certificate, as ever
 * (`verifier [options] RECORD`), so a record file called like a command is
 * given as ./log.
 */
#include <string.h>

#include "commands.h"
#include "json_memory.h"
#include "util.h"

static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
} commands[] = {
    {"log", cmd_log},
};

int main(int argc, char **argv)
{
    set_program_name("verifier");
    json_memory_install();
    for (size_t i = 0; argc > 1 && i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    return cmd_check(argc, argv);
}
