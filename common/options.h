/*
 * options.h: a small long-option parser shared by every command.
 *
 * Each command lists its options in a table; "--name value" and
 * "--name=value" both work, a one-letter name is also "-n value", "--" ends
 * options, "--help" prints the usage on standard output (exit 0), and
 * anything unknown is a usage error naming the option (exit 2), never
 * silently ignored.
 */
#ifndef STARMARK_OPTIONS_H
#define STARMARK_OPTIONS_H

#define OPTION_MAX_REPEATS 16

/* An option with both value and flag may be given again and again: value
 * is then an array of OPTION_MAX_REPEATS, filled in order, and *flag
 * counts the values given (a usage error past the limit). */
struct option_spec {
    const char *name;          /* without the leading "--" */
    const char **value;        /* set for options that take a value */
    int *flag;                 /* set to 1 for options without a value */
};

/* Parses argv[first..argc); options may come before or after operands.
 * Operands are collected into operands (at most max_operands) and counted
 * in *operand_count. Exits with status 2 and a message on misuse. */
void options_parse(int argc, char **argv, int first, const struct option_spec *specs,
                   char **operands, int max_operands, int *operand_count,
                   const char *usage);

/* For a command made of subcommands, when argv names none of them: the
 * usage on standard output when asked (--help, exit 0), else a usage
 * error (exit 2). */
_Noreturn void options_subcommand_usage(int argc, char **argv, const char *usage);

#endif
