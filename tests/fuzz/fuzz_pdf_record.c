/* fuzz_pdf_record.c: finding the record and the QR URL in a certificate
 * PDF, which the verifier does for PDF files from anyone. */
#include "fuzz.h"
#include "pdf_record.h"

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
