/*
 * trust.h: the trust store, one JSON file naming a certification body and
 * the public keys whose signatures count for it (docs/keys-and-trust.md).
 *
 * A key is trusted only in its role (auditor or head) and only for records
 * whose issue date lies inside its window, so a retired or stolen key can be
 * closed off without touching the certificates it signed before.
 */
#ifndef STARMARK_TRUST_H
#define STARMARK_TRUST_H

#include <jansson.h>
#include "date.h"
#include "jwk.h"
#include "util.h"

#define TRUST_FORMAT "starmark-trust/1"
#define MAX_TRUST_BYTES (1024 * 1024)
#define DEFAULT_TRUST_FILE "keys/trust.json"

struct trusted_key {
    struct public_key key;
    int has_not_before, has_not_after;
    struct date not_before, not_after;
};

struct trust_store {
    char *body_id, *body_name;
    struct trusted_key *keys;
    size_t key_count;
};

int trust_load(const char *path, struct trust_store *out, struct error *err);
int trust_parse(const char *text, size_t length, const char *what,
                struct trust_store *out, struct error *err);
void trust_free(struct trust_store *store);

/* 1 when some key in the store has this kid. */
int trust_has_kid(const struct trust_store *store, const char *kid);

/* 1 when date lies inside the key's window. */
int trust_window_covers(const struct trusted_key *key, struct date date);

/* "from 2026-01-01 to 2027-12-31", "from the start to 2027-12-31", ... */
void trust_window_describe(const struct trusted_key *key, char out[64]);

#endif
