/*
 * registry_seal.h: the body's seal settings in the registry (table seal,
 * schema version 3): which key and certificate `issuer render` seals with
 * when its command line names none (docs/e-seal.md). The paths are stored
 * as given to `issuer seal use`, which makes them absolute.
 */
#ifndef STARMARK_REGISTRY_SEAL_H
#define STARMARK_REGISTRY_SEAL_H

#include "registry.h"

struct seal_settings {
    char *key_path, *certificate_path;
    char *chain_path;           /* NULL when there is none */
};

/* 0 with *found 0 when the body has set no seal, or 1 and out filled
 * (seal_settings_free); -1 with err on a registry error. */
int registry_seal_get(struct registry *registry, struct seal_settings *out, int *found,
                      struct error *err);

/* Replaces the settings, inside the caller's open transaction. */
int registry_seal_set(struct registry *registry, const struct seal_settings *settings,
                      struct error *err);

void seal_settings_free(struct seal_settings *settings);

#endif
