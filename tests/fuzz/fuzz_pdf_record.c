/* fuzz_pdf_record.c: finding the record, its log proof and the QR URL in
 * a certificate PDF, which the verifier does for PDF files from anyone,
 * then parsing that proof as the verifier does, and checking the PDF's
 * seal (the signature's place, its value, the CMS) against a trust store
 * without seal CAs. */
#include "fuzz.h"
#include "pdf_record.h"
#include "pdf_signature.h"
#include "tlog_proof.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *record, *url, *proof;
    struct error err;
    struct trust_store none = {0};
    struct pdf_seal seal;
    struct tlog_proof_file parsed;
    if (pdf_extract_record((const char *)data, size, &record, &url, &proof, &err) == 0) {
        if (proof && tlog_proof_parse(proof, strlen(proof), &parsed, &err) == 0)
            tlog_proof_file_free(&parsed);
        free(record);
        free(url);
        free(proof);
    }
    pdf_seal_check((const char *)data, size, &none, &seal, &err);
    return 0;
}
