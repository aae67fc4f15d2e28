/*
 * registry_log.h: the transparency log as the registry keeps it (tables
 * log_entries, log_hashes, log_checkpoints; docs/registry.md): its entries,
 * each exactly the bytes of a signed object the body made, appended inside
 * the transaction of the event and never changed or removed; the hashes of
 * complete subtrees at tile levels 1 and up, computed once by a publish;
 * the checkpoints signed; and the body's setting naming the log key's file.
 *
 * Positions count from 0, as the log's indexes do. Functions that write
 * run inside the caller's transaction; strings handed to a callback are
 * borrowed for the call.
 */
#ifndef STARMARK_REGISTRY_LOG_H
#define STARMARK_REGISTRY_LOG_H

#include <stdint.h>
#include "registry.h"

#define LOG_KIND_RECORD "record"   /* a signed record, as `issuer export` writes it */
#define LOG_KIND_STATUS "status"   /* a signed status response, as `issuer publish` writes it */

/* Appends entry (NUL-terminated, at most TLOG_MAX_ENTRY_BYTES) as the
 * log's next entry; *position (may be NULL) gets its index. */
int registry_log_append(struct registry *registry, const char *kind, const char *number,
                        const char *entry, uint64_t *position, struct error *err);

/* How many entries the log holds. */
int registry_log_size(struct registry *registry, uint64_t *size, struct error *err);

/* Calls entry() for each entry at positions first to first + count - 1, in
 * order; a callback's -1 stops the walk and is returned. */
int registry_log_each(struct registry *registry, uint64_t first, uint64_t count,
                      int (*entry)(void *context, uint64_t position, const char *kind,
                                   const char *number, const char *bytes, size_t length),
                      void *context, struct error *err);

/* The position of the certificate's latest record entry; -1 with err when
 * the log holds none. */
int registry_log_record_position(struct registry *registry, const char *number,
                                 uint64_t *position, struct error *err);

/* Calls hash() for each stored subtree hash (tile level, index, 32 bytes). */
int registry_log_each_hash(struct registry *registry,
                           void (*hash)(void *context, int level, uint64_t index,
                                        const unsigned char *bytes),
                           void *context, struct error *err);
int registry_log_add_hash(struct registry *registry, int level, uint64_t index,
                          const unsigned char *bytes, struct error *err);

/* A checkpoint signed: its size, root (base64) and whole signed note. */
int registry_log_add_checkpoint(struct registry *registry, uint64_t size, const char *root,
                                const char *note, struct error *err);
/* The last checkpoint signed: *size 0 and *note NULL when none was; the
 * caller frees *note. */
int registry_log_last_checkpoint(struct registry *registry, uint64_t *size, char **note,
                                 struct error *err);

/* Names the log key's file (the body setting log_key). */
int registry_set_log_key(struct registry *registry, const char *path, struct error *err);

#endif
