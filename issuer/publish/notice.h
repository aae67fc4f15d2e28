/*
 * notice.h: the public notice (公告) of suspended, revoked and withdrawn
 * certificates, in Chinese with English, as HTML and as JSON.
 */
#ifndef STARMARK_NOTICE_H
#define STARMARK_NOTICE_H

#include <stddef.h>
#include "util.h"

struct notice_entry {
    const char *number, *holder_name, *holder_uscc, *status, *since, *code, *reason;
};

struct notice {
    const char *body_id, *body_name, *published_at;
    long serial;
    struct notice_entry *entries;
    size_t count;
};

/* 1 for the statuses the notice lists: suspended, revoked, withdrawn. */
int notice_includes(const char *status);

/* The page, from templates/notice.html (compiled in); every value escaped. */
char *notice_html(const struct notice *notice, struct error *err);
char *notice_json(const struct notice *notice);

#endif
