/* fuzz_template.c: a certificate template (`issuer render --template`).
 * template_load reads a path, so the input goes through an in-memory file. */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = memfd_create("template", 0);
    if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
        if (fd >= 0)
            close(fd);
        return 0;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    struct template t;
    struct error err;
    if (template_load(path, &t, &err) == 0)
        template_free(&t);
    close(fd);
    return 0;
}
