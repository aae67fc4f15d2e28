/*
 * cgi_service.h: answering one request to verify.cgi, whatever brought it
 * (CGI or FastCGI, verifier/web/cgi.c). Each request reads the configuration,
 * the trust store and the publication afresh, so a new publication, a
 * rotated key or a corrected configuration counts from the next request.
 * What may outlive a request is memory of arithmetic only: which signatures
 * were verified with which key (signature_cache.h), for as long as the
 * publication stays on one generation.
 */
#ifndef STARMARK_CGI_SERVICE_H
#define STARMARK_CGI_SERVICE_H

#include <limits.h>
#include "signature_cache.h"
#include "util.h"

/* What a process keeps from one request to the next. */
struct service_memory {
    struct signature_cache *signatures;
    char generation[PATH_MAX];  /* the publication generation they were verified under */
};

/* A process's memory, empty; and its end. */
void service_memory_init(struct service_memory *memory);
void service_memory_free(struct service_memory *memory);

/* Answers the request whose CGI variables are in environment (STARMARK_CONFIG
 * there or in the process's environment): the whole response, headers and
 * body, goes into response; each line the operator must read (a broken
 * configuration) into log. The transport delivers both. */
void service_answer(struct service_memory *memory, char *const *environment,
                    struct buffer *response, struct buffer *log);

#endif
