/*
 * publication.h: the status a body publishes (docs/publication.md), read
 * back by the verifier and the web endpoint.
 *
 * A publication is a directory whose `current` link names one complete
 * generation (publication_layout.h has the files); a reader resolves it
 * once, so it sees one publication whole.
 *
 * Only one small file is signed per publication, the manifest: it says
 * when the publication was made and until when it may be believed, and
 * lists by SHA-256 the table of shards, which lists each shard's index,
 * which lists each certificate's status response and record. The files
 * below the manifest are believed by their digests (a hash tree), so a
 * shard whose certificates did not change keeps its index untouched, and
 * one lookup reads the same few files, and checks one signature, whatever
 * the number of certificates.
 */
#ifndef STARMARK_PUBLICATION_H
#define STARMARK_PUBLICATION_H

#include <jansson.h>
#include <limits.h>
#include "date.h"
#include "publication_layout.h"
#include "publication_log.h"
#include "signature_cache.h"
#include "trust.h"
#include "verdict.h"

#define MANIFEST_TYPE "starmark-manifest+jws"
#define RESPONSE_TYPE "starmark-status+jws"
#define LIST_TYPE "starmark-list+jws"
#define AUDIT_HEAD_TYPE "starmark-audit-head+jws"
#define MANIFEST_FORMAT "starmark-manifest/2"
#define SHARDS_FORMAT "starmark-shards/1"
#define INDEX_FORMAT "starmark-index/3"
#define RESPONSE_FORMAT "starmark-status/1"
#define LIST_FORMAT "starmark-list/1"
#define MAX_MANIFEST_BYTES (16 * 1024)
#define MAX_SHARDS_BYTES (64 * 1024)
#define MAX_INDEX_BYTES (8 * 1024 * 1024)
#define DIGEST_LENGTH 43         /* SHA-256, base64url */
#define MAX_RESPONSE_BYTES (16 * 1024)
#define MAX_NUMBER_LENGTH 64

/* What one lookup found: the certificate's published status, and where
 * its record is. Filled by publication_lookup(), owned by the caller (no
 * pointers inside). */
struct publication_entry {
    struct verdict verdict;    /* valid, suspended, revoked, withdrawn, expired, overdue;
                                  status_unknown with the reason */
    char number[MAX_NUMBER_LENGTH + 1], shard[SHARD_NAME_SIZE];
    char status[16];           /* as published: valid, suspended, ... ("" if unknown) */
    char since[11], reason_code[32], last_surveillance[11], next_due[11];
    char status_reason[1024];  /* the body's words for a suspension, ... */
    char published_at[32], next_update[32];
    long serial;
    long long valid_until;     /* when the manifest or the response it read expires */
    char record_digest[DIGEST_LENGTH + 1]; /* what the index says the record is */
    char generation[PATH_MAX]; /* the generation read ("" if none was) */
    int logged;                /* the log backs the response and the record */
    char log_origin[NOTE_MAX_NAME + 1];
    unsigned long long log_size, response_entry, record_entry; /* the checkpoint's size, and
                                  where the two entries sit in the log */
};

/* The files of a publication a long-running process remembers (verify.cgi
 * under FastCGI). A file below the manifest, once its SHA-256 matched the
 * digest the level above lists, is kept with that digest, and a later
 * lookup that reaches the same file through the same digest uses the kept
 * bytes instead of reading and hashing them again. The manifest, which
 * nothing lists, is read and judged on every lookup. Everything is
 * forgotten when a lookup resolves another generation, and the oldest
 * files go first past a bound on the bytes kept. */
struct publication_memory;
struct publication_memory *publication_memory_new(void);
void publication_memory_free(struct publication_memory *memory);

/* The generation `current` names now, resolved; -1 when there is none. */
int publication_resolve(const char *directory, char generation[PATH_MAX]);

/* Looks the certificate up in the publication at directory, as of the
 * moment now (seconds), and fills out. Always returns; out->verdict says.
 * policy (may be NULL) adds the log state and the witnesses required;
 * vouched takes check.h's shortcut for the log's checkpoint. cache and
 * memory may be NULL (verify and read everything). */
void publication_lookup(const char *directory, const char *number,
                        const struct trust_store *trust, long long now,
                        const struct log_policy *policy, int vouched,
                        struct signature_cache *cache, struct publication_memory *memory,
                        struct publication_entry *out);

/* Reads the record the entry's lookup found, from the same generation
 * (memory: as for the lookup, may be NULL). *listed is 1 when its SHA-256
 * is the one the index lists: then it is what the body published. The
 * caller frees the text; NULL with err set when there is none. */
char *publication_read_record(const struct publication_entry *entry,
                              struct publication_memory *memory, size_t *length, int *listed,
                              struct error *err);

/* The SHA-256 of a published file, base64url, as the index lists it. */
void publication_digest(const char *data, size_t length, char out[DIGEST_LENGTH + 1]);

/* Finds the shard's line in a table of shards (shards.txt): 1 with the
 * digest of its index, 0 when the shard is empty, -1 with err set when the
 * table is malformed. */
int publication_shards_find(const char *text, size_t length, const char *shard,
                            char digest[DIGEST_LENGTH + 1], struct error *err);

struct index_entry {
    long serial;               /* of the certificate's current status response */
    char response_digest[DIGEST_LENGTH + 1], record_digest[DIGEST_LENGTH + 1];
    unsigned long long response_entry, record_entry; /* their positions in the log */
};

/* Finds a certificate in a shard's index (index.txt): 1 when listed, 0 when
 * not, -1 with err set when the index is malformed. */
int publication_index_find(const char *text, size_t length, const char *shard,
                           const char *number, struct index_entry *out, struct error *err);

/* Verifies a compact JWS the body published (typ, a head key trusted on
 * the day it was signed, the body) and returns its payload, strictly parsed
 * with members, or NULL with err set. */
json_t *publication_verify_signed(const char *text, size_t length, const char *type,
                                  const char *const members[], const struct trust_store *trust,
                                  struct signature_cache *cache, struct error *err);

/* A status response standing alone (a log entry): verified as above, with
 * exactly the members of starmark-status/1. */
json_t *publication_verify_response(const char *text, size_t length,
                                    const struct trust_store *trust,
                                    struct signature_cache *cache, struct error *err);

#endif
