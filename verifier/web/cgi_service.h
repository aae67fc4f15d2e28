/*
 * cgi_service.h: answering one request to verify.cgi, whatever brought it
 * (CGI or FastCGI, verifier/web/cgi.c). Each request reads the configuration,
 * the trust store and the publication afresh, so a new publication, a
 * rotated key or a corrected configuration counts from the next request.
 * What outlives a request is in memory (cgi_memory.h): work it spares,
 * never a rule it skips.
 */
#ifndef STARMARK_CGI_SERVICE_H
#define STARMARK_CGI_SERVICE_H

#include "cgi_memory.h"
#include "util.h"

/* Answers the request whose CGI variables are in environment (STARMARK_CONFIG
 * there or in the process's environment): the whole response, headers and
 * body, goes into response; each line the operator must read (a broken
 * configuration) into log. The transport delivers both. */
void service_answer(struct service_memory *memory, char *const *environment,
                    struct buffer *response, struct buffer *log);

#endif
