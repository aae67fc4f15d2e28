/*
 * date.c: civil-calendar arithmetic on year-month-day dates.
 *
 * Days are counted with Howard Hinnant's days_from_civil algorithm, which is
 * exact for the proleptic Gregorian calendar and needs no time zone tables.
 */
#include "date.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static int is_leap_year(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap_year(year) ? 29 : days[month - 1];
}

/* The number in text[0..count), whose characters were checked to be digits
 * (sscanf would take signs and spaces, and costs more in a publish that
 * reads 100,000 dates). */
static int digits_value(const char *text, int count)
{
    int value = 0;
    for (int i = 0; i < count; i++)
        value = value * 10 + (text[i] - '0');
    return value;
}

int date_parse(const char *text, struct date *out)
{
    for (int i = 0; i < 10; i++) {
        int want_dash = i == 4 || i == 7;
        if (want_dash ? text[i] != '-' : !isdigit((unsigned char)text[i]))
            return -1;
    }
    if (text[10] != '\0')
        return -1;
    struct date date = {digits_value(text, 4), digits_value(text + 5, 2),
                        digits_value(text + 8, 2)};
    if (date.year < 1900 || date.month < 1 || date.month > 12 || date.day < 1
        || date.day > days_in_month(date.year, date.month))
        return -1;
    *out = date;
    return 0;
}

int date_parse_month(const char *text, struct date *first)
{
    char day[11];
    if (strlen(text) != 7)
        return -1;
    snprintf(day, sizeof day, "%s-01", text);
    return date_parse(day, first);
}

struct date date_month_end(struct date date)
{
    struct date end = {date.year, date.month, days_in_month(date.year, date.month)};
    return end;
}

void date_format(struct date date, char out[11])
{
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)date.year % 10000u,
             (unsigned)date.month % 100u, (unsigned)date.day % 100u);
}

long date_to_days(struct date date)
{
    long year = date.year - (date.month <= 2);
    long era = (year >= 0 ? year : year - 399) / 400;
    long year_of_era = year - era * 400;
    long day_of_year = (153L * (date.month + (date.month > 2 ? -3 : 9)) + 2) / 5
                       + date.day - 1;
    long day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100
                      + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

struct date date_from_days(long days)
{
    days += 719468;
    long era = (days >= 0 ? days : days - 146096) / 146097;
    long day_of_era = days - era * 146097;
    long year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524
                        - day_of_era / 146096) / 365;
    long day_of_year = day_of_era
                       - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    long month_index = (5 * day_of_year + 2) / 153;
    struct date date;
    date.day = (int)(day_of_year - (153 * month_index + 2) / 5 + 1);
    date.month = (int)(month_index < 10 ? month_index + 3 : month_index - 9);
    date.year = (int)(year_of_era + era * 400 + (date.month <= 2));
    return date;
}

int date_compare(struct date a, struct date b)
{
    long difference = date_to_days(a) - date_to_days(b);
    return (difference > 0) - (difference < 0);
}

struct date date_add_days(struct date date, long days)
{
    return date_from_days(date_to_days(date) + days);
}

struct date date_add_months(struct date date, int months)
{
    int index = date.year * 12 + (date.month - 1) + months;
    struct date result = {index / 12, index % 12 + 1, date.day};
    int last = days_in_month(result.year, result.month);
    if (result.day > last)
        result.day = last;
    return result;
}

struct date date_expiry(struct date issue, int years)
{
    struct date anniversary = date_add_months(issue, 12 * years);
    if (anniversary.day != issue.day) /* 29 February's anniversary is 1 March */
        anniversary = date_add_days(anniversary, 1);
    return date_add_days(anniversary, -1);
}

size_t date_schedule(struct date from, int months, struct date until, struct date out[],
                     size_t max)
{
    size_t count = 0;
    for (int k = 1; count < max; k++) {
        struct date next = date_add_months(from, k * months);
        if (date_compare(next, until) >= 0)
            break;
        out[count++] = next;
    }
    return count;
}

struct date date_today_shanghai(void)
{
    /* China Standard Time is UTC+8 all year round. */
    time_t now = time(NULL) + 8 * 3600;
    struct tm parts;
    gmtime_r(&now, &parts);
    struct date date = {parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday};
    return date;
}

#define CHINA_OFFSET (8 * 3600)

long long timestamp_now(void)
{
    return (long long)time(NULL);
}

void timestamp_format(long long seconds, char out[32])
{
    long long local = seconds + CHINA_OFFSET;
    long long days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
    unsigned in_day = (unsigned)(local - days * 86400); /* 0 .. 86399 */
    struct date date = date_from_days((long)days);
    char day[11];
    date_format(date, day);
    snprintf(out, 32, "%.10sT%02u:%02u:%02u+08:00", day, in_day / 3600 % 24, in_day / 60 % 60,
             in_day % 60);
}

int timestamp_parse(const char *text, long long *seconds)
{
    char day[11];
    if (strlen(text) != 25 || text[10] != 'T')
        return -1;
    memcpy(day, text, 10);
    day[10] = '\0';
    struct date date;
    char sign = text[19];
    if (date_parse(day, &date) != 0 || (sign != '+' && sign != '-'))
        return -1;
    for (int i = 11; i < 25; i++) /* digits where digits belong, nothing else */
        if ((i == 13 || i == 16 || i == 22) ? text[i] != ':'
            : i == 19 ? text[i] != sign : !isdigit((unsigned char)text[i]))
            return -1;
    int hour = digits_value(text + 11, 2), minute = digits_value(text + 14, 2);
    int second = digits_value(text + 17, 2), offset_hours = digits_value(text + 20, 2);
    int offset_minutes = digits_value(text + 23, 2);
    if (hour > 23 || minute > 59 || second > 59 || offset_hours > 14 || offset_minutes > 59)
        return -1;
    long long offset = (offset_hours * 3600LL + offset_minutes * 60LL) * (sign == '+' ? 1 : -1);
    *seconds = date_to_days(date) * 86400LL + hour * 3600LL + minute * 60LL + second - offset;
    return 0;
}

struct date timestamp_date(long long seconds)
{
    long long local = seconds + CHINA_OFFSET;
    return date_from_days((long)(local >= 0 ? local / 86400 : -((-local + 86399) / 86400)));
}

long long date_end_of_day(struct date date)
{
    return date_to_days(date) * 86400LL + 86399 - CHINA_OFFSET;
}
