/*
 * registry_keys.h: the body's registered public keys (table `keys`), with
 * the window each is trusted in. Which roles exist is decided by the role
 * table of common/trust.c, not here: the table stores whatever role a
 * caller checked with key_role_find.
 */
#ifndef STARMARK_REGISTRY_KEYS_H
#define STARMARK_REGISTRY_KEYS_H

#include "registry.h"

/* Adds a key with its trust window; a kid already present is an error. */
int registry_add_key(struct registry *registry, const struct trusted_key *key,
                     const char *jwk_text, struct error *err);
/* Sets the key's last trusted day (not_after) inside the open transaction;
 * the caller checks first that this only shortens the window. */
int registry_close_key_window(struct registry *registry, const char *kid,
                              struct date last_day, struct error *err);
/* 0 and out filled (the caller frees it with trusted_key_free), or -1 with
 * err naming the kid when it is not registered. */
int registry_find_key(struct registry *registry, const char *kid, struct trusted_key *out,
                      struct error *err);
/* Every registered key, as a trust store of the body (the caller frees it
 * with trust_free). */
int registry_trust_store(struct registry *registry, struct trust_store *out,
                         struct error *err);

#endif
