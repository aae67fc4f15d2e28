/*
 * page_text.c: loading the page layout and words compiled in from
 * templates/, and filling parts with them (html_fill does the escaping).
 */
#include "page_text.h"

#include <stdlib.h>
#include <string.h>

#include "embed.h"
#include "html.h"
#include "key_value.h"

EMBED(verify_page_template, "templates/verify-page.html");
EMBED(verify_strings, "templates/verify-strings.txt");

#define PART_MARKER "<!-- part: "

static const char *const languages[] = {"zh", "en", NULL};

struct word_line {
    const char *key, *lang, *text;   /* lang is "" when the text is for every language */
};

struct word_reading {
    struct word_line *lines;
    size_t count;
};

/* "key.zh = text" or "key = text". */
static int add_word(void *context, size_t line, char *key, char *text, struct error *err)
{
    struct word_reading *reading = context;
    struct word_line *word = &reading->lines[reading->count];
    char *dot = strchr(key, '.');
    word->lang = "";
    if (dot) {
        *dot = '\0';
        word->lang = dot + 1;
        int known = 0;
        for (size_t i = 0; languages[i]; i++)
            known |= strcmp(word->lang, languages[i]) == 0;
        if (!known)
            return fail(err, "verify-strings.txt:%zu: unknown language \"%s\"", line,
                        word->lang);
    }
    word->key = key;
    word->text = text;
    reading->count++;
    return 0;
}

/* Translations stand side by side: each key.zh line is followed by its
 * key.en line. That is checked in one pass, so a missing translation stops
 * the first request without costing every request a search. */
static int check_words(const struct word_line *lines, size_t count, struct error *err)
{
    for (size_t i = 0; i < count; i++) {
        if (!lines[i].lang[0])
            continue;
        int paired = strcmp(lines[i].lang, languages[0]) == 0 && i + 1 < count
                     && strcmp(lines[i + 1].lang, languages[1]) == 0
                     && strcmp(lines[i + 1].key, lines[i].key) == 0;
        if (!paired)
            return fail(err, "verify-strings.txt: %s.%s is not a %s line followed by its %s "
                        "line", lines[i].key, lines[i].lang, languages[0], languages[1]);
        i++;
    }
    return 0;
}

static size_t count_lines(const char *text)
{
    size_t count = 1;
    for (const char *p = text; *p; p++)
        count += *p == '\n';
    return count;
}

static int load_words(const char *lang, struct page_text *out, struct error *err)
{
    out->strings = xstrdup(verify_strings);
    struct word_reading reading = {xcalloc(count_lines(out->strings), sizeof *reading.lines), 0};
    int failed = key_value_parse(out->strings, "verify-strings.txt", add_word, &reading, err)
                 || check_words(reading.lines, reading.count, err);
    out->keys = xcalloc(reading.count, sizeof *out->keys);
    out->texts = xcalloc(reading.count, sizeof *out->texts);
    for (size_t i = 0; i < reading.count && !failed; i++) {
        const struct word_line *word = &reading.lines[i];
        if (word->lang[0] && strcmp(word->lang, lang) != 0)
            continue;
        out->keys[out->word_count] = word->key;
        out->texts[out->word_count++] = word->text;
    }
    free(reading.lines);
    return failed ? -1 : 0;
}

/* The next "<!-- part: " that starts a line, or NULL. */
static const char *next_marker(const char *from)
{
    for (const char *found = strstr(from, PART_MARKER); found;
         found = strstr(found + 1, PART_MARKER))
        if (found == verify_page_template || found[-1] == '\n')
            return found;
    return NULL;
}

/* Cuts the layout at each line "<!-- part: NAME -->"; what comes before the
 * first one is the file's own comment. */
static int load_parts(struct page_text *out, struct error *err)
{
    const char *marker = next_marker(verify_page_template);
    while (marker) {
        const char *name = marker + strlen(PART_MARKER);
        const char *name_end = strstr(name, " -->\n");
        if (!name_end || memchr(name, '\n', (size_t)(name_end - name)))
            return fail(err, "verify-page.html: a part line without \" -->\"");
        const char *body = name_end + strlen(" -->\n");
        const char *next = next_marker(body);
        size_t length = next ? (size_t)(next - body) : strlen(body);
        out->parts = xrealloc(out->parts, (out->part_count + 1) * sizeof *out->parts);
        struct page_part *part = &out->parts[out->part_count++];
        part->name = memcpy(xcalloc(1, (size_t)(name_end - name) + 1), name,
                            (size_t)(name_end - name));
        part->text = memcpy(xcalloc(1, length + 1), body, length);
        marker = next;
    }
    return 0;
}

int page_text_load(const char *lang, struct page_text *out, struct error *err)
{
    memset(out, 0, sizeof *out);
    out->lang = lang;
    if (load_words(lang, out, err) != 0 || load_parts(out, err) != 0) {
        page_text_free(out);
        return -1;
    }
    return 0;
}

void page_text_free(struct page_text *text)
{
    for (size_t i = 0; i < text->part_count; i++) {
        free(text->parts[i].name);
        free(text->parts[i].text);
    }
    free(text->parts);
    free(text->keys);
    free(text->texts);
    free(text->strings);
    memset(text, 0, sizeof *text);
}

const char *page_word(const struct page_text *text, const char *key)
{
    for (size_t i = 0; i < text->word_count; i++)
        if (strcmp(text->keys[i], key) == 0)
            return text->texts[i];
    return key;
}

const char *page_part(const struct page_text *text, const char *name)
{
    for (size_t i = 0; i < text->part_count; i++)
        if (strcmp(text->parts[i].name, name) == 0)
            return text->parts[i].text;
    return NULL;
}

void page_value(struct page_values *values, const char *name, const char *value)
{
    if (values->count == PAGE_MAX_VALUES)
        die(EXIT_NOT_GENUINE, "page_value: more than %d values for one part", PAGE_MAX_VALUES);
    values->names[values->count] = name;
    values->values[values->count++] = value ? value : "";
}

int page_fill(struct buffer *out, const struct page_text *text, const char *part,
              const struct page_values *values, struct error *err)
{
    const char *template_text = page_part(text, part);
    if (!template_text)
        return fail(err, "verify-page.html has no part \"%s\"", part);
    /* The page's own values first: they win over a word of the same name. */
    size_t count = values->count + text->word_count;
    const char **names = xcalloc(count + 1, sizeof *names);
    const char **all_values = xcalloc(count + 1, sizeof *all_values);
    for (size_t i = 0; i < values->count; i++) {
        names[i] = values->names[i];
        all_values[i] = values->values[i];
    }
    for (size_t i = 0; i < text->word_count; i++) {
        names[values->count + i] = text->keys[i];
        all_values[values->count + i] = text->texts[i];
    }
    int result = html_fill(out, template_text, names, all_values, err);
    free(names);
    free(all_values);
    return result;
}
