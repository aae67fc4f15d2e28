/*
 * ok_fcgi.c: the trivial FastCGI responder `make bench` measures verify.cgi
 * under FastCGI against (tests/bench-cgi.sh builds it): the same libfcgi
 * accept loop as verifier/web/cgi.c, answering "ok" to every request, so what
 * it costs is the web server's FastCGI round trip and nothing else.
 */
#include <fcgiapp.h>

int main(void)
{
    FCGX_Request request;
    FCGX_Init();
    FCGX_InitRequest(&request, 0, 0);
    while (FCGX_Accept_r(&request) >= 0) {
        FCGX_PutS("Content-Type: text/plain\r\n\r\nok\n", request.out);
        FCGX_Finish_r(&request);
    }
    FCGX_Free(&request, 1);
    return 0;
}
