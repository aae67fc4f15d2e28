/*
 * cgi_config.h: verify.cgi's configuration file.
 *
 * The web server gives a CGI program no arguments, so where the trust store
 * and the publication are comes from a small file: STARMARK_CONFIG names it,
 * else DEFAULT_CGI_CONFIG. Its format is `key = value` lines and `#`
 * comment lines (docs/web-endpoint.md). Anything it does not understand is
 * an error, never ignored: a typo must not silently serve the wrong body.
 */
#ifndef STARMARK_CGI_CONFIG_H
#define STARMARK_CGI_CONFIG_H

#include "util.h"

#define DEFAULT_CGI_CONFIG "/etc/starmark/verify.conf"
#define MAX_CGI_CONFIG_BYTES (64 * 1024)

struct cgi_config {
    char *trust;            /* the body's trust store (trust.json) */
    char *publication;      /* the directory `issuer publish --out` writes */
    const char *lang_default;   /* "zh" (the default) or "en" */
    int result_max_age;     /* seconds a result may be cached; default 60 */
    char *log_state;        /* where the newest checkpoint seen of the log is kept
                               (tlog_state.h), or NULL: none is kept */
};

/* Reads and checks path: required keys present, values valid, relative
 * paths taken from the config file's own directory, and the publication
 * has a current generation. 0, or -1 with err naming file and line. */
int cgi_config_load(const char *path, struct cgi_config *out, struct error *err);
void cgi_config_free(struct cgi_config *config);

#endif
