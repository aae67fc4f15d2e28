/*
 * key_value.h: the line format verify.cgi's two small text files share,
 * its configuration and templates/verify-strings.txt: `key = value` lines,
 * `#` comment lines and blank lines, with spaces around key and value
 * ignored. One reader, so both files follow the same rules.
 */
#ifndef STARMARK_KEY_VALUE_H
#define STARMARK_KEY_VALUE_H

#include <stddef.h>
#include "util.h"

/* Called for each `key = value` line (key and value trimmed, non-empty
 * key); returns 0, or -1 with err set to stop. */
typedef int key_value_apply(void *context, size_t line, char *key, char *value,
                            struct error *err);

/* Walks text, which it cuts in place; what names the file in messages.
 * A line that is neither a comment nor `key = value` is an error. */
int key_value_parse(char *text, const char *what, key_value_apply *apply, void *context,
                    struct error *err);

#endif
