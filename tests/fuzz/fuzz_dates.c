/* fuzz_dates.c: dates and timestamps as every parser above reads them. */
#include "date.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_string(data, size);
    struct date date;
    long long seconds;
    char out[32];
    if (date_parse(text, &date) == 0) {
        date_format(date_expiry(date, 3), out);
        date_format(date_add_months(date, 12), out);
    }
    if (timestamp_parse(text, &seconds) == 0)
        timestamp_format(seconds, out);
    free(text);
    return 0;
}
