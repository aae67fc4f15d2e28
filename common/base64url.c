/*
 * base64url.c: unpadded base64url, and padded standard base64 by way of
 * it (the two differ in two letters and the padding). Decoding is canonical: the unused low
 * bits of the last character must be zero, so each byte string has exactly
 * one encoding and a JWS cannot be altered without changing its bytes'
 * meaning.
 */
#include "base64url.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

char *base64url_encode(const void *data, size_t length)
{
    const unsigned char *in = data;
    char *out = xmalloc(length / 3 * 4 + 5);
    char *cursor = out;
    size_t i = 0;
    for (; i + 2 < length; i += 3) {
        unsigned long group = (unsigned long)in[i] << 16 | in[i + 1] << 8 | in[i + 2];
        for (int shift = 18; shift >= 0; shift -= 6)
            *cursor++ = alphabet[(group >> shift) & 63];
    }
    if (length - i == 1) {
        *cursor++ = alphabet[in[i] >> 2];
        *cursor++ = alphabet[(in[i] & 3) << 4];
    } else if (length - i == 2) {
        *cursor++ = alphabet[in[i] >> 2];
        *cursor++ = alphabet[((in[i] & 3) << 4) | (in[i + 1] >> 4)];
        *cursor++ = alphabet[(in[i + 1] & 15) << 2];
    }
    *cursor = '\0';
    return out;
}

/* The value of each byte, -1 for bytes outside the alphabet: a table,
 * because every record's payload and signatures are decoded on the
 * verifier's hot path. */
static signed char values[256];

static void fill_values(void)
{
    static int filled;
    if (filled)
        return;
    memset(values, -1, sizeof values);
    for (int i = 0; i < 64; i++)
        values[(unsigned char)alphabet[i]] = (signed char)i;
    filled = 1;
}

/* count (2 to 4) characters as one group of 6-bit values, high first; -1
 * when one is outside the alphabet. */
static long group_of(const char *text, int count)
{
    long group = 0;
    for (int i = 0; i < count; i++) {
        int value = values[(unsigned char)text[i]];
        if (value < 0)
            return -1;
        group = group << 6 | value;
    }
    return group;
}

/* The same for four, unrolled: a value of -1 makes the OR negative, so one
 * test per group, not per character. */
static long group_of_four(const char *text)
{
    const unsigned char *t = (const unsigned char *)text;
    long a = values[t[0]], b = values[t[1]], c = values[t[2]], d = values[t[3]];
    return (a | b | c | d) < 0 ? -1 : a << 18 | b << 12 | c << 6 | d;
}

unsigned char *base64url_decode(const char *text, size_t text_length, size_t *length)
{
    size_t tail = text_length % 4;
    if (tail == 1)
        return NULL;
    fill_values();
    unsigned char *out = xmalloc(text_length / 4 * 3 + 3);
    unsigned char *cursor = out;
    size_t whole = text_length - tail;
    long group = 0;
    for (size_t i = 0; i < whole && group >= 0; i += 4) {
        group = group_of_four(text + i);
        cursor[0] = (unsigned char)(group >> 16);
        cursor[1] = (unsigned char)(group >> 8);
        cursor[2] = (unsigned char)group;
        cursor += 3;
    }
    /* The last 2 or 3 characters carry 1 or 2 bytes; the bits left over
     * must be zero, or one byte string would have several encodings. */
    long last = tail && group >= 0 ? group_of(text + whole, (int)tail) : 0;
    int spare = tail == 2 ? 4 : 2;
    if (group < 0 || last < 0 || (tail && (last & ((1L << spare) - 1)) != 0)) {
        free(out);
        return NULL;
    }
    last >>= spare;
    for (size_t i = tail; i > 1; i--)
        *cursor++ = (unsigned char)(last >> 8 * (i - 2));
    *cursor = '\0';
    *length = (size_t)(cursor - out);
    return out;
}

char *base64_encode(const void *data, size_t length)
{
    char *unpadded = base64url_encode(data, length);
    size_t used = strlen(unpadded);
    char *out = xmalloc(used + 3);
    for (size_t i = 0; i < used; i++)
        out[i] = unpadded[i] == '-' ? '+' : unpadded[i] == '_' ? '/' : unpadded[i];
    while (used % 4)
        out[used++] = '=';
    out[used] = '\0';
    free(unpadded);
    return out;
}

unsigned char *base64_decode(const char *text, size_t text_length, size_t *length)
{
    if (text_length % 4 != 0 || memchr(text, '-', text_length) || memchr(text, '_', text_length))
        return NULL;
    size_t used = text_length;
    while (used > 0 && text[used - 1] == '=' && text_length - used < 2)
        used--;
    char *translated = xmalloc(used + 1);
    for (size_t i = 0; i < used; i++)
        translated[i] = text[i] == '+' ? '-' : text[i] == '/' ? '_' : text[i];
    unsigned char *out = base64url_decode(translated, used, length);
    free(translated);
    /* The padding must be exactly what the decoded length needs. */
    if (out && (*length + 2) / 3 * 4 != text_length) {
        free(out);
        return NULL;
    }
    return out;
}
