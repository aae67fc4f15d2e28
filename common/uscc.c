/*
 * uscc.c: the GB 32100-2015 check of a unified social credit code.
 *
 * 31 characters (digits and upper-case letters without I, O, S, V, Z) carry
 * values 0..30; positions 1..17 are weighted by 3^(i-1) mod 31 and the check
 * value is 31 - (sum mod 31), with 31 written as 0.
 */
#include "uscc.h"

#include <stdio.h>
#include <string.h>

static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8,
                                24, 10, 30, 28};

static int value_of(char c)
{
    const char *found = c ? strchr(alphabet, c) : NULL;
    return found ? (int)(found - alphabet) : -1;
}

char uscc_check_character(const char *first17)
{
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        int value = value_of(first17[i]);
        if (value < 0)
            return 0;
        sum += value * weights[i];
    }
    int check = 31 - sum % 31;
    return alphabet[check == 31 ? 0 : check];
}

int uscc_check(const char *code, char why[USCC_WHY_SIZE])
{
    size_t length = strlen(code);
    if (length != 18) {
        snprintf(why, USCC_WHY_SIZE, "must be 18 characters, not %zu", length);
        return -1;
    }
    for (size_t i = 0; i < 17; i++) {
        if (code[i] >= 'a' && code[i] <= 'z') {
            snprintf(why, USCC_WHY_SIZE, "has lower-case letters (credit codes are upper-case)");
            return -1;
        }
        if (value_of(code[i]) < 0) {
            snprintf(why, USCC_WHY_SIZE, "has '%c' at position %zu, outside the GB 32100 "
                     "alphabet (no I, O, S, V, Z)", code[i], i + 1);
            return -1;
        }
    }
    char expected = uscc_check_character(code);
    if (code[17] != expected) {
        snprintf(why, USCC_WHY_SIZE, "fails the GB 32100 check (the check character should "
                 "be %c)", expected);
        return -1;
    }
    return 0;
}
