/*
 * uscc.h: the unified social credit code (统一社会信用代码, GB 32100-2015).
 */
#ifndef STARMARK_USCC_H
#define STARMARK_USCC_H

#define USCC_WHY_SIZE 96

/* 0 when code is 18 characters of the GB 32100 alphabet with a correct check
 * character; -1 otherwise, with the reason written into why. Lower-case
 * letters are refused, not folded: a code is copied exactly or not at all. */
int uscc_check(const char *code, char why[USCC_WHY_SIZE]);

/* The check character for the first 17 characters, or 0 if they are not
 * from the alphabet. */
char uscc_check_character(const char *first17);

#endif
