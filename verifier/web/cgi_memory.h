/*
 * cgi_memory.h: what a verify.cgi process keeps from one request to the
 * next. A CGI process answers one request and forgets it all; under
 * FastCGI one process answers thousands, and keeps:
 *   - the configuration and the trust store it names, reloaded as soon as
 *     either file changes (a new inode, size or modification time), so a
 *     rotated key or a corrected configuration counts from the next request;
 *   - the page texts, which are compiled in and never change;
 *   - the check's memory (check.h): signatures verified with which key,
 *     and the publication's files verified by digest, for as long as the
 *     publication stays on one generation;
 *   - the answers it gave (the body of a result page or its JSON), each
 *     with everything it was computed from: the request, the configuration
 *     and trust store as loaded, the publication's generation, and the
 *     first moment at which time alone could change it (the end of the day
 *     in Asia/Shanghai, or the publication's or the status response's next
 *     update, whichever is first). An answer is given again only while all
 *     of these are unchanged; it was computed by check() like any other.
 *     "Status unknown" and refusals are never kept.
 * Nothing here stands in for a rule: it repeats a judgement already made
 * on the same inputs, or spares arithmetic and file reads.
 */
#ifndef STARMARK_CGI_MEMORY_H
#define STARMARK_CGI_MEMORY_H

#include <limits.h>
#include <sys/stat.h>
#include "cgi_config.h"
#include "check.h"
#include "page_text.h"
#include "trust.h"

/* Which version of a file was loaded. */
struct file_stamp {
    dev_t device;
    ino_t inode;
    off_t size;
    struct timespec modified;
};

#define REMEMBERED_ANSWERS 1024

struct remembered_answer {
    char *key;                      /* NULL: an empty slot */
    char *generation;
    long long until;                /* the answer holds up to and including this moment */
    char *body;
};

struct service_memory {
    int long_lived;                 /* answers are kept only then */
    struct check_memory check;
    char generation[PATH_MAX];      /* the publication generation check remembers */
    char *config_path;              /* NULL: nothing loaded */
    struct file_stamp config_stamp, trust_stamp;
    struct cgi_config config;
    struct trust_store trust;
    struct page_text texts[2];      /* zh, en */
    char style_hashes[2][64];       /* of each one's CSS (page_style_hash) */
    int texts_loaded[2];
    struct remembered_answer answers[REMEMBERED_ANSWERS];
};

/* An empty memory; long_lived: a FastCGI process, for which remembering
 * pays (a CGI process answers once and keeps nothing). */
void service_memory_init(struct service_memory *memory, int long_lived);
void service_memory_free(struct service_memory *memory);

/* The configuration at path and the trust store it names, as now on disk:
 * loaded again only when either file changed. 0, or -1 with err saying
 * what the operator must fix (then nothing is remembered). */
int memory_configuration(struct service_memory *memory, const char *path, struct error *err);

/* The page texts of lang ("zh" or "en") and the hash of their style,
 * loaded on first use; NULL with err when the compiled-in texts are broken. */
const struct page_text *memory_page_text(struct service_memory *memory, const char *lang,
                                         const char **style_hash, struct error *err);

/* Forgets the signatures verified under an older generation once a check
 * resolved a new one. */
void memory_note_generation(struct service_memory *memory, const char *generation);

/* The body of the answer given before to the request key, if it still
 * holds for generation at the moment now; NULL otherwise (always, in a
 * memory that is not long-lived). Borrowed. */
const char *memory_recall_answer(const struct service_memory *memory, const char *key,
                                 const char *generation, long long now);
/* Keeps body as the answer to key under generation, up to until. */
void memory_keep_answer(struct service_memory *memory, const char *key,
                        const char *generation, long long until, const char *body);

#endif
