/*
 * date.h: calendar dates, the only kind of time a certificate carries.
 *
 * Certificates are dated in China's civil calendar (Asia/Shanghai, UTC+8
 * with no daylight saving since 1991), so a date is a plain year-month-day
 * and "today" is computed from UTC + 8 hours, never from the machine's TZ.
 */
#ifndef STARMARK_DATE_H
#define STARMARK_DATE_H

#include <stddef.h>

struct date {
    int year, month, day;
};

/* Strict "YYYY-MM-DD", a real calendar date, years 1900..9999. 0 or -1. */
int date_parse(const char *text, struct date *out);
/* Strict "YYYY-MM", a month of years 1900..9999: its first day. 0 or -1. */
int date_parse_month(const char *text, struct date *first);
/* The last day of the date's month. */
struct date date_month_end(struct date date);
/* Writes "YYYY-MM-DD" into out (11 bytes). */
void date_format(struct date date, char out[11]);
long date_to_days(struct date date);      /* days since 1970-01-01 */
struct date date_from_days(long days);
int date_compare(struct date a, struct date b); /* <0, 0, >0 */
struct date date_add_days(struct date date, long days);
/* Adds months; a day the target month lacks falls back to its last day
 * (29 February + 12 months is 28 February). */
struct date date_add_months(struct date date, int months);
struct date date_today_shanghai(void);
/* The last day of a validity of years starting on issue: the day before the
 * anniversary, where 29 February's anniversary in a common year is 1 March
 * (so 2028-02-29 runs to 2031-02-28, and 2027-03-01 to 2028-02-29). */
struct date date_expiry(struct date issue, int years);
/* Fills out[] with from + months, from + 2 x months, ... before until (each
 * counted from `from`, so one 29 February does not drag later dates to the
 * 28th); returns how many, at most max. */
size_t date_schedule(struct date from, int months, struct date until, struct date out[],
                     size_t max);

/* Moments (publication times) are seconds since 1970 UTC, written in
 * ISO 8601 at China Standard Time: "2026-11-27T10:00:00+08:00". */
long long timestamp_now(void);
void timestamp_format(long long seconds, char out[32]);
/* Strict "YYYY-MM-DDTHH:MM:SS+HH:MM" (any offset). 0 or -1. */
int timestamp_parse(const char *text, long long *seconds);
/* The calendar day of a moment, in Asia/Shanghai. */
struct date timestamp_date(long long seconds);
/* The last second of a day in Asia/Shanghai: "as of the end of that day". */
long long date_end_of_day(struct date date);

#endif
