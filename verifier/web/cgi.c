/*
 * verify.cgi: the public verification page behind a certificate's QR code
 * (docs/web-endpoint.md).
 *
 *   ?c=<compact JWS>   the QR claim: verified, then its published status
 *   ?no=<number>       the body's published record: verified, with status
 *   (nothing)          a search form and what the check proves
 *
 * This file owns how requests arrive. Run by a web server as a CGI/1.1
 * program (RFC 3875) it answers the one request in its environment and
 * exits. Started by a FastCGI manager (standard input is then a listening
 * socket) it answers request after request in one process, which saves the
 * start-up that dominates a CGI's cost. The answer itself is the same
 * either way (cgi_service.c). It reads only the trust store and the
 * publication its configuration names: no key, no registry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcgiapp.h>
#include <openssl/crypto.h>

#include "build_settings.h"
#include "cgi_service.h"
#include "json_memory.h"

extern char **environ;

/* Left to itself, OpenSSL 3 reads openssl.cnf, loads its error strings,
 * copies every legacy algorithm name on first use and tidies all of it up
 * at exit: more CPU than a verification, for nothing verify.cgi uses (it
 * fetches its algorithms from the default provider by name, and the kernel
 * frees a process's memory faster than OPENSSL_cleanup). */
static void start_openssl_lean(void)
{
    OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG | OPENSSL_INIT_NO_LOAD_CRYPTO_STRINGS
                            | OPENSSL_INIT_NO_ADD_ALL_CIPHERS | OPENSSL_INIT_NO_ADD_ALL_DIGESTS
                            | OPENSSL_INIT_NO_ATEXIT,
                        NULL);
}

static void serve_cgi(void)
{
    struct buffer response = {0}, log = {0};
    struct service_memory memory;
    service_memory_init(&memory, 0);
    service_answer(&memory, environ, &response, &log);
    service_memory_free(&memory);
    fwrite(response.data, 1, response.length, stdout);
    if (log.length)
        fputs(log.data, stderr);
    buffer_free(&response);
    buffer_free(&log);
}

/* Until the manager closes the socket; its error stream goes to the web
 * server's error log. */
static void serve_fastcgi(void)
{
    FCGX_Request request;
    struct service_memory memory;
    service_memory_init(&memory, 1);
    FCGX_Init();
    FCGX_InitRequest(&request, 0, 0);
    while (FCGX_Accept_r(&request) >= 0) {
        struct buffer response = {0}, log = {0};
        service_answer(&memory, request.envp, &response, &log);
        FCGX_PutStr(response.data, (int)response.length, request.out);
        if (log.length)
            FCGX_PutStr(log.data, (int)log.length, request.err);
        FCGX_Finish_r(&request);
        buffer_free(&response);
        buffer_free(&log);
    }
    FCGX_Free(&request, 1);
    service_memory_free(&memory);
}

/* Asked from a shell, not by a web server: a server always sets
 * REQUEST_METHOD, and may pass a query's words as arguments (RFC 3875
 * 4.4), so `verify.cgi?--version` stays a request like any other. */
static int asked_for_version(int argc, char **argv)
{
    return argc == 2 && strcmp(argv[1], "--version") == 0 && !getenv("REQUEST_METHOD");
}

int main(int argc, char **argv)
{
    if (asked_for_version(argc, argv)) {
        printf("verify.cgi (starmark) %s\n", STARMARK_VERSION);
        return EXIT_SUCCESS;
    }
    start_openssl_lean();
    set_program_name("verify.cgi");
    json_memory_install();
    if (FCGX_IsCGI())
        serve_cgi();
    else
        serve_fastcgi();
    return EXIT_SUCCESS;
}
