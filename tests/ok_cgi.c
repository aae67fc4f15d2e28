/*
 * ok_cgi.c: the trivial CGI program `make bench` measures verify.cgi
 * against (tests/bench-cgi.sh builds it). It prints "ok" and nothing else,
 * so what it costs is the web server's fork and exec and the C library's
 * start-up: the floor under any CGI program.
 */
#include <stdio.h>

int main(void)
{
    fputs("Content-Type: text/plain\r\n\r\nok\n", stdout);
    return 0;
}
