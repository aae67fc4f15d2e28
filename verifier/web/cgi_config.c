/*
 * cgi_config.c: reading verify.cgi's configuration file and checking that
 * what it names is there.
 */
#include "cgi_config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "key_value.h"
#include "publication_layout.h"

struct config_reading {
    const char *path;
    struct cgi_config *config;
};

/* A relative path is relative to the configuration file, not to wherever
 * the web server happens to start the program. */
static char *resolve_path(const char *config_path, const char *value)
{
    const char *slash = strrchr(config_path, '/');
    if (value[0] == '/' || !slash)
        return xstrdup(value);
    return xasprintf("%.*s/%s", (int)(slash - config_path), config_path, value);
}

static int set_path(char **field, const char *config_path, const char *value)
{
    if (*field || !*value)
        return -1;
    *field = resolve_path(config_path, value);
    return 0;
}

static int set_max_age(int *field, const char *value)
{
    char *end;
    long seconds = strtol(value, &end, 10);
    if (*field >= 0 || *end || end == value || seconds < 0 || seconds > 86400)
        return -1;
    *field = (int)seconds;
    return 0;
}

static int set_lang(const char **field, const char *value)
{
    if (*field)
        return -1;
    *field = strcmp(value, "zh") == 0 ? "zh" : strcmp(value, "en") == 0 ? "en" : NULL;
    return *field ? 0 : -1;
}

static int apply_setting(void *context, size_t line, char *key, char *value,
                         struct error *err)
{
    struct config_reading *reading = context;
    struct cgi_config *config = reading->config;
    const char *expected;
    int bad;
    if (strcmp(key, "trust") == 0) {
        bad = set_path(&config->trust, reading->path, value);
        expected = "a file";
    } else if (strcmp(key, "publication") == 0) {
        bad = set_path(&config->publication, reading->path, value);
        expected = "a directory";
    } else if (strcmp(key, "lang_default") == 0) {
        bad = set_lang(&config->lang_default, value);
        expected = "zh or en";
    } else if (strcmp(key, "result_max_age") == 0) {
        bad = set_max_age(&config->result_max_age, value);
        expected = "0 to 86400 seconds";
    } else if (strcmp(key, "log_state") == 0) {
        bad = set_path(&config->log_state, reading->path, value);
        expected = "a directory";
    } else {
        return fail(err, "%s:%zu: unknown key \"%s\" (known: trust, publication, "
                    "lang_default, result_max_age, log_state)", reading->path, line, key);
    }
    if (bad)
        return fail(err, "%s:%zu: %s is given twice or is not %s: \"%s\"", reading->path,
                    line, key, expected, value);
    return 0;
}

static int check_complete(const char *path, struct cgi_config *config, struct error *err)
{
    if (!config->trust || !config->publication)
        return fail(err, "%s: needs both \"trust = FILE\" and \"publication = DIR\"", path);
    if (!config->lang_default)
        config->lang_default = "zh";
    if (config->result_max_age < 0)
        config->result_max_age = 60;
    char *current = publication_current(config->publication);
    struct stat info;
    int missing = stat(current, &info) != 0 || !S_ISDIR(info.st_mode);
    free(current);
    if (missing)
        return fail(err, "%s: publication %s has no current generation (run issuer publish "
                    "--out %s)", path, config->publication, config->publication);
    if (config->log_state && (stat(config->log_state, &info) != 0 || !S_ISDIR(info.st_mode)
                              || access(config->log_state, W_OK) != 0))
        return fail(err, "%s: log_state %s is not a directory the web server may write", path,
                    config->log_state);
    return 0;
}

int cgi_config_load(const char *path, struct cgi_config *out, struct error *err)
{
    memset(out, 0, sizeof *out);
    out->result_max_age = -1;
    struct error inner;
    char *text = read_file_bounded(path, MAX_CGI_CONFIG_BYTES, NULL, &inner);
    if (!text)
        return fail(err, "configuration %s", inner.message);
    struct config_reading reading = {path, out};
    int failed = key_value_parse(text, path, apply_setting, &reading, err) != 0
                 || check_complete(path, out, err) != 0;
    free(text);
    if (failed)
        cgi_config_free(out);
    return failed ? -1 : 0;
}

void cgi_config_free(struct cgi_config *config)
{
    free(config->trust);
    free(config->publication);
    free(config->log_state);
    memset(config, 0, sizeof *config);
}
