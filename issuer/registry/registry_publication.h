/*
 * registry_publication.h: what `issuer publish` reads from the registry
 * and records in it (tables published, publications, shard_versions):
 * each certificate with what was last published of it, the store
 * directory of each shard, the records, and each publication made.
 *
 * Strings handed to a callback are borrowed for the call. Functions that
 * record run inside the caller's transaction.
 */
#ifndef STARMARK_REGISTRY_PUBLICATION_H
#define STARMARK_REGISTRY_PUBLICATION_H

#include "registry.h"

/* A certificate as a publish reads it: its status, holder and surveillance,
 * and its status response as last published (published NULL: never). */
struct publication_row {
    const char *number, *status, *since, *code, *reason, *holder_name, *holder_uscc;
    const char *next_due, *last_surveillance;
    const char *published, *published_next_update, *response_digest, *record_digest;
    long published_serial;
    long long response_entry, record_entry; /* the published response's and record's
                                   positions in the log */
};

/* Calls row() for each certificate that is not pending, in number order.
 * One scan of the index certificates_status (never the records), whatever
 * the number of certificates. */
int registry_each_publishable(struct registry *registry,
                              void (*row)(void *context, const struct publication_row *row),
                              void *context, struct error *err);

/* Calls shard() for each shard with a store directory: its name, the serial
 * of that directory and the digest of its index, as recorded. */
int registry_each_shard_version(struct registry *registry,
                                void (*shard)(void *context, const char *name, long version,
                                              const char *index_digest),
                                void *context, struct error *err);

/* The signed record of an issued certificate into *record (the caller
 * frees it). Made to be called once per file a publish writes: the query
 * stays prepared until registry_close. */
int registry_read_record(struct registry *registry, const char *number, char **record,
                         struct error *err);

/* The serial and directory of the latest publication, or 0 and NULL when
 * there is none; *directory is the caller's to free. */
int registry_last_publication(struct registry *registry, long *serial, char **directory,
                              struct error *err);

struct publication_made {
    long serial;
    const char *issued_at, *next_update, *directory;
    long audit_sequence;
    const char *audit_hash, *signed_head; /* the chain head it signed, and the JWS */
    long rewritten;                       /* status responses signed */
};
int registry_add_publication(struct registry *registry, const struct publication_made *entry,
                             struct error *err);

/* A status response signed by a publication, and the files it listed. */
struct published_response {
    const char *number, *content;
    long serial;
    const char *next_update, *shard, *response_digest, *record_digest;
    unsigned long long response_entry, record_entry; /* the positions in the log of the
                                   response and of the record it was published with */
};
int registry_set_published(struct registry *registry, const struct published_response *response,
                           struct error *err);

/* The shard's live store directory is now the one of serial version. */
int registry_set_shard_version(struct registry *registry, const char *shard, long version,
                               const char *index_digest, struct error *err);

#endif
