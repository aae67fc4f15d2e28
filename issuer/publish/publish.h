/*
 * publish.h: writing the publication (docs/publication.md): what Art. 26
 * of the Regulations (2003 numbering Art. 27) requires a body to make
 * public, in a form any web server or CDN can serve as static files.
 */
#ifndef STARMARK_PUBLISH_H
#define STARMARK_PUBLISH_H

#include <limits.h>
#include "issuing.h"
#include "log_write.h"
#include "registry.h"

struct publish_settings {
    const char *directory;
    int valid_for_hours;        /* the index and list's next_update */
    int response_valid_days;    /* a status response's next_update */
    int full;                   /* re-sign and rewrite everything */
    long long now;
};

struct publish_report {
    long serial;
    long certificates, rewritten, shards_rewritten;
    int full;
    char issued_at[32], next_update[32];
    /* What publish_go_live makes live, and the directory's lock. */
    char root[PATH_MAX];
    struct log_written log;     /* the checkpoint signed, the tiles written */
    int lock;
};

/* Writes a publication beside the live one and records it in the registry,
 * inside the caller's transaction: head signs the publication, log_key the
 * log's checkpoint. Nothing is live yet: the caller commits, then calls
 * publish_go_live, so that no checkpoint is ever seen whose entries the
 * registry might still roll back (which would fork the log). The
 * directory stays locked until publish_done, which the caller calls in
 * every case. */
int publish(struct registry *registry, const struct signer *head, const struct signer *log_key,
            const struct publish_settings *settings, struct publish_report *report,
            struct error *err);

/* Makes it live, atomically: readers of directory/current see the previous
 * generation or this one, never a mix; then the log's checkpoint. */
int publish_go_live(struct publish_report *report, struct error *err);
void publish_done(struct publish_report *report);

#endif
