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
    memset(values, -1, sizeof values);
    for (int i = 0; i < 64; i++)
        values[(unsigned char)alphabet[i]] = (signed char)i;
}

static int value_of(char c)
{
    static int filled;
    if (!filled) {
        fill_values();
        filled = 1;
    }
    return values[(unsigned char)c];
}

unsigned char *base64url_decode(const char *text, size_t text_length, size_t *length)
{
    if (text_length % 4 == 1)
        return NULL;
    unsigned char *out = xmalloc(text_length / 4 * 3 + 3);
    size_t written = 0;
    unsigned long bits = 0;
    int bit_count = 0;
    for (size_t i = 0; i < text_length; i++) {
        int value = value_of(text[i]);
        if (value < 0) {
            free(out);
            return NULL;
        }
        bits = (bits << 6) | (unsigned long)value;
        bit_count += 6;
        if (bit_count >= 8) {
            bit_count -= 8;
            out[written++] = (unsigned char)(bits >> bit_count);
            bits &= (1UL << bit_count) - 1;
        }
    }
    if (bits != 0) { /* non-canonical trailing bits */
        free(out);
        return NULL;
    }
    out[written] = '\0';
    *length = written;
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
