/* fuzz_template.c: a certificate template (`issuer render --template`).
 * template_load reads a path, so the input goes through an in-memory file. */
#include <unistd.h>

#include "template.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    int fd = fuzz_memory_file(data, size, path);
    if (fd < 0)
        return 0;
    struct template t;
    struct error err;
    if (template_load(path, &t, &err) == 0)
        template_free(&t);
    close(fd);
    return 0;
}
