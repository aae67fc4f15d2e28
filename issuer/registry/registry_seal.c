/*
 * registry_seal.c: reading and writing the seal settings (registry_seal.h).
 */
#include "registry_seal.h"

#include <stdlib.h>
#include <string.h>

#include "registry_sql.h"

int registry_seal_get(struct registry *registry, struct seal_settings *out, int *found,
                      struct error *err)
{
    memset(out, 0, sizeof *out);
    *found = 0;
    sqlite3_stmt *statement = registry_prepare(
        registry, "SELECT key_path, certificate_path, chain_path FROM seal", err, 0);
    if (!statement)
        return -1;
    int code = sqlite3_step(statement);
    if (code == SQLITE_ROW) {
        *found = 1;
        out->key_path = registry_column_text(statement, 0);
        out->certificate_path = registry_column_text(statement, 1);
        out->chain_path = registry_column_text(statement, 2);
    }
    sqlite3_finalize(statement);
    if (code != SQLITE_ROW && code != SQLITE_DONE)
        return registry_fail(registry, err, "read the seal settings");
    return 0;
}

int registry_seal_set(struct registry *registry, const struct seal_settings *settings,
                      struct error *err)
{
    char now[32];
    registry_now(now);
    return registry_run(registry,
                        registry_prepare(registry,
                                         "INSERT OR REPLACE INTO seal VALUES (1, ?, ?, ?, ?)",
                                         err, 4, settings->key_path,
                                         settings->certificate_path, settings->chain_path, now),
                        "store the seal settings", err);
}

void seal_settings_free(struct seal_settings *settings)
{
    free(settings->key_path);
    free(settings->certificate_path);
    free(settings->chain_path);
    memset(settings, 0, sizeof *settings);
}
