/* fuzz_json.c: starmark's JSON reader against jansson's, input by input.
 * Both must accept the same documents and read them as equal values, and
 * refuse the same ones, but for the differences json_reader.c states: a
 * NUL byte, nesting past JSON_READER_MAX_DEPTH, over-long numbers. */
#include <stdio.h>

#include "fuzz.h"
#include "json_reader.h"

/* The inputs on which the readers may differ, by design. */
static int outside_the_comparison(const uint8_t *data, size_t size, const struct error *err)
{
    return memchr(data, '\0', size) || strstr(err->message, "nested deeper than")
           || strstr(err->message, "number longer than");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct error err = {""};
    json_error_t jansson_error;
    json_t *ours = json_read((const char *)data, size, "fuzz", &err);
    json_t *theirs = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jansson_error);
    if (!ours && !theirs)
        return 0;
    if (ours && theirs && json_equal(ours, theirs)) {
        json_decref(ours);
        json_decref(theirs);
        return 0;
    }
    if (!outside_the_comparison(data, size, &err)) {
        fprintf(stderr, "readers differ: ours %s (%s), jansson's %s (%s)\n",
                ours ? "accepts" : "refuses", err.message, theirs ? "accepts" : "refuses",
                theirs ? "" : jansson_error.text);
        abort();
    }
    json_decref(ours);
    json_decref(theirs);
    return 0;
}
