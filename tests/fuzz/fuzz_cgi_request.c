/* fuzz_cgi_request.c: what verify.cgi reads from a request: the query
 * string and the Accept and Accept-Language headers (the input's first
 * two newlines split it into the three). */
#include "cgi_request.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_string(data, size);
    char *accept = strchr(text, '\n');
    char *language = accept ? strchr(accept + 1, '\n') : NULL;
    if (accept)
        *accept++ = '\0';
    if (language)
        *language++ = '\0';
    char *query = xasprintf("QUERY_STRING=%s", text);
    char *accept_variable = xasprintf("HTTP_ACCEPT=%s", accept ? accept : "");
    char *language_variable = xasprintf("HTTP_ACCEPT_LANGUAGE=%s", language ? language : "");
    char *environment[] = {"REQUEST_METHOD=GET", query, accept_variable, language_variable, NULL};
    struct request request;
    request_read(environment, "zh", &request);
    request_free(&request);
    free(query);
    free(accept_variable);
    free(language_variable);
    free(text);
    return 0;
}
