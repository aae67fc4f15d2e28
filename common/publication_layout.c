/*
 * publication_layout.c: the publication's file names, built in one place.
 */
#include "publication_layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>

#include "util.h"

void publication_shard(const char *number, char out[SHARD_NAME_SIZE])
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length;
    EVP_Digest(number, strlen(number), digest, &length, EVP_sha256(), NULL);
    /* The first 10 bits, as PUBLICATION_SHARDS is 1024. */
    publication_shard_name(((int)digest[0] << 2 | digest[1] >> 6) % PUBLICATION_SHARDS, out);
}

void publication_shard_name(int shard, char out[SHARD_NAME_SIZE])
{
    snprintf(out, SHARD_NAME_SIZE, "%03x", (unsigned)shard % PUBLICATION_SHARDS);
}

int publication_shard_number(const char *name)
{
    char *end;
    if (!name || strlen(name) != SHARD_NAME_SIZE - 1 || !strchr("0123", name[0]))
        return -1;
    long number = strtol(name, &end, 16);
    return *end == '\0' && number >= 0 && number < PUBLICATION_SHARDS ? (int)number : -1;
}

char *publication_current(const char *root)
{
    return xasprintf("%s/%s", root, CURRENT_LINK);
}

char *publication_generation(const char *root, long serial)
{
    return xasprintf("%s/%s/%06ld", root, GENERATIONS_DIRECTORY, serial);
}

char *publication_store_name(int shard, long version)
{
    char name[SHARD_NAME_SIZE];
    publication_shard_name(shard, name);
    return xasprintf("%s.%06ld", name, version);
}

char *publication_store_path(const char *root, int shard, long version, const char *file)
{
    char *name = publication_store_name(shard, version);
    char *path = file ? xasprintf("%s/%s/%s/%s", root, STORE_DIRECTORY, name, file)
                      : xasprintf("%s/%s/%s", root, STORE_DIRECTORY, name);
    free(name);
    return path;
}

char *publication_file(const char *generation, const char *name)
{
    return xasprintf("%s/%s", generation, name);
}

char *publication_shard_file(const char *generation, const char *shard, const char *number,
                             const char *suffix)
{
    if (!suffix)
        return xasprintf("%s/%s/%s", generation, CERTS_DIRECTORY, shard);
    return xasprintf("%s/%s/%s/%s%s", generation, CERTS_DIRECTORY, shard, number ? number : "",
                     suffix);
}
