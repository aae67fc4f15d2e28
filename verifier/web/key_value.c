/*
 * key_value.c: reading `key = value` lines.
 */
#include "key_value.h"

#include <string.h>

static char *trim(char *text)
{
    while (*text == ' ' || *text == '\t')
        text++;
    size_t length = strlen(text);
    while (length > 0 && strchr(" \t\r", text[length - 1]))
        text[--length] = '\0';
    return text;
}

static int parse_line(char *line, const char *what, size_t number, key_value_apply *apply,
                      void *context, struct error *err)
{
    line = trim(line);
    if (!*line || *line == '#')
        return 0;
    char *equals = strchr(line, '=');
    if (!equals)
        return fail(err, "%s:%zu: expected \"key = value\"", what, number);
    *equals = '\0';
    char *key = trim(line);
    if (!*key)
        return fail(err, "%s:%zu: no key before \"=\"", what, number);
    return apply(context, number, key, trim(equals + 1), err);
}

int key_value_parse(char *text, const char *what, key_value_apply *apply, void *context,
                    struct error *err)
{
    size_t number = 0;
    for (char *line = text, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        if (parse_line(line, what, ++number, apply, context, err) != 0)
            return -1;
    }
    return 0;
}
