/*
 * cgi_memory.c: keeping a FastCGI process's configuration, trust store,
 * page texts and check memory between requests (cgi_memory.h).
 */
#include "cgi_memory.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgi_page.h"

/* Signatures a process remembers: a publication's manifest and the claims
 * of the certificates most asked about. */
#define REMEMBERED_SIGNATURES 4096

void service_memory_init(struct service_memory *memory, int long_lived)
{
    memset(memory, 0, sizeof *memory);
    memory->long_lived = long_lived;
    if (!long_lived)
        return;
    memory->check.signatures = signature_cache_new(REMEMBERED_SIGNATURES);
    memory->check.publication = publication_memory_new();
}

static void forget_answers(struct service_memory *memory)
{
    for (size_t i = 0; i < REMEMBERED_ANSWERS; i++) {
        struct remembered_answer *answer = &memory->answers[i];
        free(answer->key);
        free(answer->generation);
        free(answer->body);
        memset(answer, 0, sizeof *answer);
    }
}

/* Every answer rests on the configuration and the trust store. */
static void forget_configuration(struct service_memory *memory)
{
    forget_answers(memory);
    if (memory->config_path) {
        trust_free(&memory->trust);
        cgi_config_free(&memory->config);
    }
    free(memory->config_path);
    memory->config_path = NULL;
}

void service_memory_free(struct service_memory *memory)
{
    forget_configuration(memory);
    for (int i = 0; i < 2; i++)
        if (memory->texts_loaded[i])
            page_text_free(&memory->texts[i]);
    signature_cache_free(memory->check.signatures);
    publication_memory_free(memory->check.publication);
    memset(memory, 0, sizeof *memory);
}

static int stamp_of(const char *path, struct file_stamp *out)
{
    struct stat info;
    memset(out, 0, sizeof *out);
    if (stat(path, &info) != 0)
        return -1;
    *out = (struct file_stamp){info.st_dev, info.st_ino, info.st_size, info.st_mtim};
    return 0;
}

static int same_stamp(const struct file_stamp *a, const struct file_stamp *b)
{
    return a->device == b->device && a->inode == b->inode && a->size == b->size
           && a->modified.tv_sec == b->modified.tv_sec
           && a->modified.tv_nsec == b->modified.tv_nsec;
}

/* 1 when what is remembered was loaded from path and neither file changed. */
static int still_current(const struct service_memory *memory, const char *path)
{
    struct file_stamp config, trust;
    return memory->config_path && strcmp(memory->config_path, path) == 0
           && stamp_of(path, &config) == 0 && same_stamp(&config, &memory->config_stamp)
           && stamp_of(memory->config.trust, &trust) == 0
           && same_stamp(&trust, &memory->trust_stamp);
}

int memory_configuration(struct service_memory *memory, const char *path, struct error *err)
{
    if (still_current(memory, path))
        return 0;
    forget_configuration(memory);
    /* Stamped before reading: a change during the read makes the next
     * request read again. */
    struct file_stamp config_stamp, trust_stamp;
    stamp_of(path, &config_stamp);
    if (cgi_config_load(path, &memory->config, err) != 0)
        return -1;
    stamp_of(memory->config.trust, &trust_stamp);
    struct error inner;
    if (trust_load(memory->config.trust, &memory->trust, &inner) != 0) {
        fail(err, "trust store %s (named in %s)", inner.message, path);
        cgi_config_free(&memory->config);
        return -1;
    }
    memory->config_path = xstrdup(path);
    memory->config_stamp = config_stamp;
    memory->trust_stamp = trust_stamp;
    return 0;
}

const struct page_text *memory_page_text(struct service_memory *memory, const char *lang,
                                         const char **style_hash, struct error *err)
{
    int which = strcmp(lang, "en") == 0;
    if (!memory->texts_loaded[which]) {
        if (page_text_load(which ? "en" : "zh", &memory->texts[which], err) != 0)
            return NULL;
        page_style_hash(&memory->texts[which], memory->style_hashes[which]);
        memory->texts_loaded[which] = 1;
    }
    *style_hash = memory->style_hashes[which];
    return &memory->texts[which];
}

void memory_note_generation(struct service_memory *memory, const char *generation)
{
    if (!generation[0] || strcmp(generation, memory->generation) == 0)
        return;
    signature_cache_clear(memory->check.signatures);
    snprintf(memory->generation, sizeof memory->generation, "%s", generation);
}

/* FNV-1a: the one slot a key may be kept in. */
static size_t slot_of(const char *key)
{
    unsigned long long hash = 14695981039346656037ULL;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        hash = (hash ^ *p) * 1099511628211ULL;
    return (size_t)(hash % REMEMBERED_ANSWERS);
}

const char *memory_recall_answer(const struct service_memory *memory, const char *key,
                                 const char *generation, long long now)
{
    if (!memory->long_lived)
        return NULL;
    const struct remembered_answer *answer = &memory->answers[slot_of(key)];
    if (!answer->key || strcmp(answer->key, key) != 0
        || strcmp(answer->generation, generation) != 0 || now > answer->until)
        return NULL;
    return answer->body;
}

void memory_keep_answer(struct service_memory *memory, const char *key,
                        const char *generation, long long until, const char *body)
{
    if (!memory->long_lived)
        return;
    struct remembered_answer *answer = &memory->answers[slot_of(key)];
    free(answer->key);
    free(answer->generation);
    free(answer->body);
    *answer = (struct remembered_answer){xstrdup(key), xstrdup(generation), until,
                                         xstrdup(body)};
}
