/*
 * fuzz_pdf_record.c: a libFuzzer target for pdf_extract_record, which the
 * verifier runs on PDF files from anyone.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_POSIX_C_SOURCE=200809L \
 *       -Icommon tests/fuzz_pdf_record.c common/pdf_record.c common/util.c -o fuzz_pdf_record
 *   ./fuzz_pdf_record -max_total_time=60 CORPUS_DIR   (seed it with rendered PDFs)
 */
#include <stdint.h>
#include <stdlib.h>

#include "pdf_record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *record, *url;
    struct error err;
    if (pdf_extract_record((const char *)data, size, &record, &url, &err) == 0) {
        free(record);
        free(url);
    }
    return 0;
}
