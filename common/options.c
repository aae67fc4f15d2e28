/*
 * options.c: the option parser behind every subcommand.
 */
#include "options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Stores the value of an option that takes one. */
static void take_value(const struct option_spec *spec, const char *value)
{
    if (!spec->flag) {
        *spec->value = value;
        return;
    }
    if (*spec->flag == OPTION_MAX_REPEATS)
        die(EXIT_USAGE, "--%s may be given at most %d times", spec->name, OPTION_MAX_REPEATS);
    spec->value[(*spec->flag)++] = value;
}

static int takes_value(const struct option_spec *spec)
{
    return spec->value != NULL;
}

static const struct option_spec *find_option(const struct option_spec *specs,
                                             const char *name, size_t length)
{
    for (const struct option_spec *spec = specs; spec->name; spec++)
        if (strlen(spec->name) == length && strncmp(spec->name, name, length) == 0)
            return spec;
    return NULL;
}

void options_parse(int argc, char **argv, int first, const struct option_spec *specs,
                   char **operands, int max_operands, int *operand_count, const char *usage)
{
    int only_operands = 0;
    *operand_count = 0;
    for (int i = first; i < argc; i++) {
        char *argument = argv[i];
        int is_short = argument[0] == '-' && argument[1] && argument[1] != '-'
                       && argument[2] == '\0';
        if (!only_operands && is_short) { /* "-o" is "--o" */
            const struct option_spec *spec = find_option(specs, argument + 1, 1);
            if (!spec)
                die(EXIT_USAGE, "unknown option %s (usage: %s)", argument, usage);
            if (!takes_value(spec))
                *spec->flag = 1;
            else if (i + 1 < argc)
                take_value(spec, argv[++i]);
            else
                die(EXIT_USAGE, "%s needs a value (usage: %s)", argument, usage);
            continue;
        }
        if (only_operands || strncmp(argument, "--", 2) != 0 || strcmp(argument, "-") == 0) {
            if (*operand_count == max_operands)
                die(EXIT_USAGE, "unexpected argument \"%s\" (usage: %s)", argument, usage);
            operands[(*operand_count)++] = argument;
            continue;
        }
        if (strcmp(argument, "--") == 0) {
            only_operands = 1;
            continue;
        }
        if (strcmp(argument, "--help") == 0) {
            printf("usage: %s\n", usage);
            exit(EXIT_OK);
        }
        const char *name = argument + 2;
        const char *equals = strchr(name, '=');
        size_t length = equals ? (size_t)(equals - name) : strlen(name);
        const struct option_spec *spec = find_option(specs, name, length);
        if (!spec)
            die(EXIT_USAGE, "unknown option --%.*s (usage: %s)", (int)length, name, usage);
        if (!takes_value(spec)) {
            if (equals)
                die(EXIT_USAGE, "--%s takes no value", spec->name);
            *spec->flag = 1;
        } else if (equals) {
            take_value(spec, equals + 1);
        } else if (i + 1 < argc) {
            take_value(spec, argv[++i]);
        } else {
            die(EXIT_USAGE, "--%s needs a value (usage: %s)", spec->name, usage);
        }
    }
}

void options_subcommand_usage(int argc, char **argv, const char *usage)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0) {
            printf("usage: %s\n", usage);
            exit(EXIT_OK);
        }
    die(EXIT_USAGE, "usage: %s", usage);
}
