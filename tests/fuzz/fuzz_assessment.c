/* fuzz_assessment.c: the assessment reader and grader (`issuer issue`). */
#include "assessment.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct certificate c;
    struct error err;
    if (assessment_parse((const char *)data, size, "fuzz", &c, &err) == 0)
        certificate_free(&c);
    return 0;
}
