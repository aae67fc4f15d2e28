/* fuzz_pdf_record.c: finding the record and the QR URL in a certificate
 * PDF, which the verifier does for PDF files from anyone, and checking its
 * seal (the signature's place, its value, the CMS) against a trust store
 * without seal CAs. */
#include "fuzz.h"
#include "pdf_record.h"
#include "pdf_signature.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *record, *url;
    struct error err;
    struct trust_store none = {0};
    struct pdf_seal seal;
    if (pdf_extract_record((const char *)data, size, &record, &url, &err) == 0) {
        free(record);
        free(url);
    }
    pdf_seal_check((const char *)data, size, &none, &seal, &err);
    return 0;
}
