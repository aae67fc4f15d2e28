/* fuzz_cgi_config.c: verify.cgi's configuration file (STARMARK_CONFIG),
 * through an in-memory file since the loader reads a path. */
#include <unistd.h>

#include "cgi_config.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    int fd = fuzz_memory_file(data, size, path);
    if (fd < 0)
        return 0;
    struct cgi_config config;
    struct error err;
    if (cgi_config_load(path, &config, &err) == 0)
        cgi_config_free(&config);
    close(fd);
    return 0;
}
