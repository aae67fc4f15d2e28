/*
 * publication_layout.h: where each file of a publication lives, for the
 * writer (issuer/publish/publish.c), the readers (publication.c, used by
 * verifier(1) and verify.cgi) and verify.cgi's configuration check. The
 * format of each file is in docs/publication.md.
 *
 *   DIR/current -> gen/000042             the one link readers resolve
 *   DIR/gen/000042/manifest.jws            signed: serial, times, digest of shards.txt,
 *                                          the log's size, root and checkpoint digest
 *   DIR/gen/000042/checkpoint              the log's checkpoint as this publish signed it
 *   DIR/gen/000042/shards.txt              per shard: the digest of its index
 *   DIR/gen/000042/status-list.jws         every certificate not plainly valid
 *   DIR/gen/000042/notice.html, notice.json   the public notice (公告)
 *   DIR/gen/000042/certs/3f2 -> ../../../store/3f2.000040
 *   DIR/store/3f2.000040/index.txt         number -> serial, digests of its two files,
 *                                          their positions in the log
 *   DIR/store/3f2.000040/NUMBER.status.jws signed status response
 *   DIR/store/3f2.000040/NUMBER.record.json public signed record
 *   DIR/log/checkpoint, DIR/log/tile/...   the transparency log (common/tlog_tiles.h),
 *                                          shared by every generation
 *
 * A certificate's shard is the first 10 bits of the SHA-256 of its number,
 * as three hex digits (000 to 3ff): 1024 shards keep an index small (about
 * 100 certificates each at 100,000). Path functions return strings the
 * caller frees.
 */
#ifndef STARMARK_PUBLICATION_LAYOUT_H
#define STARMARK_PUBLICATION_LAYOUT_H

#define PUBLICATION_SHARDS 1024
#define SHARD_NAME_SIZE 4              /* "3f2" and its NUL */

#define CURRENT_LINK "current"
#define GENERATIONS_DIRECTORY "gen"
#define STORE_DIRECTORY "store"
#define CERTS_DIRECTORY "certs"
#define MANIFEST_FILE "manifest.jws"
#define SHARDS_FILE "shards.txt"
#define INDEX_FILE "index.txt"
#define STATUS_LIST_FILE "status-list.jws"
#define NOTICE_HTML_FILE "notice.html"
#define NOTICE_JSON_FILE "notice.json"
#define CHECKPOINT_FILE "checkpoint"
#define LOG_DIRECTORY "log"
#define RESPONSE_SUFFIX ".status.jws"
#define RECORD_SUFFIX ".record.json"

/* "3f2": the shard of a certificate number. */
void publication_shard(const char *number, char out[SHARD_NAME_SIZE]);
/* The name of shard number 0..1023, and back (-1: not a shard name). */
void publication_shard_name(int shard, char out[SHARD_NAME_SIZE]);
int publication_shard_number(const char *name);

/* DIR/current, and DIR/gen/000042. */
char *publication_current(const char *root);
char *publication_generation(const char *root, long serial);
/* "3f2.000040", a shard's store directory as of the publication that wrote it. */
char *publication_store_name(int shard, long version);
/* DIR/store/3f2.000040, or a file in it when file is not NULL. */
char *publication_store_path(const char *root, int shard, long version, const char *file);
/* GENERATION/NAME: a file of the generation itself (manifest, shards, ...). */
char *publication_file(const char *generation, const char *name);
/* GENERATION/certs/3f2, or GENERATION/certs/3f2/NUMBER.SUFFIX (or /index.txt
 * when number is NULL and suffix is INDEX_FILE). */
char *publication_shard_file(const char *generation, const char *shard, const char *number,
                             const char *suffix);

#endif
