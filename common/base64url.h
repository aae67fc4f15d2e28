/*
 * base64url.h: the unpadded base64url of RFC 7515 §2 (JWS), and the padded
 * standard base64 of RFC 4648 §4 (the C2SP transparency-log formats), both
 * strict in both directions (no whitespace, no stray bits accepted).
 */
#ifndef STARMARK_BASE64URL_H
#define STARMARK_BASE64URL_H

#include <stddef.h>

/* Returns a new NUL-terminated string. */
char *base64url_encode(const void *data, size_t length);
/* Returns a new buffer (NUL-terminated for convenience) and its length in
 * *length, or NULL when text is not canonical base64url. */
unsigned char *base64url_decode(const char *text, size_t text_length, size_t *length);

/* The standard alphabet (+ and /) with its "=" padding: a new string. */
char *base64_encode(const void *data, size_t length);
/* As base64url_decode, for padded standard base64; NULL unless canonical
 * (the padding exactly what the length needs). */
unsigned char *base64_decode(const char *text, size_t text_length, size_t *length);

#endif
