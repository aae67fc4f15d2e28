/* fuzz_scheme.c: a scheme file (`--scheme FILE`). */
#include "fuzz.h"
#include "scheme.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_string(data, size);
    struct scheme scheme;
    struct error err;
    if (scheme_parse(text, &scheme, &err) == 0)
        scheme_free(&scheme);
    free(text);
    return 0;
}
