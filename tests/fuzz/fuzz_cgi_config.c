/* fuzz_cgi_config.c: verify.cgi's configuration file (STARMARK_CONFIG),
 * through an in-memory file since the loader reads a path. */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cgi_config.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = memfd_create("config", 0);
    if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
        if (fd >= 0)
            close(fd);
        return 0;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    struct cgi_config config;
    struct error err;
    if (cgi_config_load(path, &config, &err) == 0)
        cgi_config_free(&config);
    close(fd);
    return 0;
}
