/*
 * page_text.h: the words and the layout of verify.cgi's pages.
 *
 * Both are data, not code: templates/verify-page.html holds the layout in
 * named parts and templates/verify-strings.txt the words in Chinese and
 * English; both are compiled in (embed.h). This module cuts the layout into
 * its parts, picks the words of one language and fills a part with those
 * words and the values of one page, escaping every value.
 */
#ifndef STARMARK_PAGE_TEXT_H
#define STARMARK_PAGE_TEXT_H

#include <stddef.h>
#include "util.h"

#define PAGE_MAX_VALUES 32

struct page_part {
    char *name, *text;
};

struct page_text {
    const char *lang;               /* "zh" or "en" */
    char *strings;                  /* the strings file, cut into keys and texts */
    const char **keys, **texts;     /* the words of lang, word_count of each */
    size_t word_count;
    struct page_part *parts;
    size_t part_count;
};

/* The values one part is filled with, besides the words. */
struct page_values {
    const char *names[PAGE_MAX_VALUES];
    const char *values[PAGE_MAX_VALUES];
    size_t count;
};

/* Loads the words of lang ("zh" or "en") and the parts. Fails when a word
 * lacks a translation or a line is malformed, so a broken strings file is
 * found by the first request, never half-shown. */
int page_text_load(const char *lang, struct page_text *out, struct error *err);
void page_text_free(struct page_text *text);

/* The word with this key in the page's language; the key itself when there
 * is none, so a missing word shows up on the page instead of crashing it. */
const char *page_word(const struct page_text *text, const char *key);

/* The text of a part, or NULL. */
const char *page_part(const struct page_text *text, const char *name);

/* Adds one value (copied by pointer: it must outlive the fill). */
void page_value(struct page_values *values, const char *name, const char *value);

/* Appends part filled with values and the words to out. */
int page_fill(struct buffer *out, const struct page_text *text, const char *part,
              const struct page_values *values, struct error *err);

#endif
