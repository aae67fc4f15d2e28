/*
 * uscc.h: the unified social credit code (统一社会信用代码, GB 32100-2015).
 */
#ifndef STARMARK_USCC_H
#define STARMARK_USCC_H

/* 0 when code is 18 characters of the GB 32100 alphabet with a correct check
 * character; -1 otherwise, with a reason in *why (static text). Lower-case
 * letters are refused, not folded: a code is copied exactly or not at all. */
int uscc_check(const char *code, const char **why);

/* The check character for the first 17 characters, or 0 if they are not
 * from the alphabet. */
char uscc_check_character(const char *first17);

#endif
