/*
 * publish.h: writing the publication (docs/publication.md): what Art. 26
 * of the Regulations (2003 numbering Art. 27) requires a body to make
 * public, in a form any web server or CDN can serve as static files.
 */
#ifndef STARMARK_PUBLISH_H
#define STARMARK_PUBLISH_H

#include "issuing.h"
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
    unsigned long long log_size;   /* entries in the log's checkpoint */
    long log_tiles;                /* tiles and bundles written */
    int full;
    char issued_at[32], next_update[32];
};

/* Publishes, atomically: readers of directory/current see the previous
 * generation or this one, never a mix. head signs the publication, log_key
 * the log's checkpoint. The caller holds the transaction and commits it
 * after. */
int publish(struct registry *registry, const struct signer *head, const struct signer *log_key,
            const struct publish_settings *settings, struct publish_report *report,
            struct error *err);

#endif
