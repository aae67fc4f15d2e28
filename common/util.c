/*
 * util.c: errors, allocation that cannot fail, growable buffers, bounded
 * file reading and atomic file writing. Everything here is shared by the
 * issuer, the verifier and the web endpoint.
 */
#define _POSIX_C_SOURCE 200809L
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <openssl/evp.h>

static const char *current_program = "starmark";

void set_program_name(const char *name) { current_program = name; }
const char *program_name(void) { return current_program; }

int fail(struct error *err, const char *format, ...)
{
    if (err) {
        va_list args;
        va_start(args, format);
        vsnprintf(err->message, sizeof err->message, format, args);
        va_end(args);
    }
    return -1;
}

void die(int status, const char *format, ...)
{
    va_list args;
    fprintf(stderr, "%s: ", current_program);
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    fputc('\n', stderr);
    exit(status);
}

void *xmalloc(size_t size)
{
    void *pointer = malloc(size ? size : 1);
    if (!pointer)
        die(EXIT_NOT_GENUINE, "out of memory");
    return pointer;
}

void *xcalloc(size_t count, size_t size)
{
    void *pointer = calloc(count ? count : 1, size ? size : 1);
    if (!pointer)
        die(EXIT_NOT_GENUINE, "out of memory");
    return pointer;
}

void *xrealloc(void *pointer, size_t size)
{
    void *grown = realloc(pointer, size ? size : 1);
    if (!grown)
        die(EXIT_NOT_GENUINE, "out of memory");
    return grown;
}

char *xstrdup(const char *text)
{
    size_t length = strlen(text) + 1;
    return memcpy(xmalloc(length), text, length);
}

char *xasprintf(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    int length = vsnprintf(NULL, 0, format, args);
    va_end(args);
    if (length < 0)
        die(EXIT_NOT_GENUINE, "cannot format text");
    char *text = xmalloc((size_t)length + 1);
    va_start(args, format);
    vsnprintf(text, (size_t)length + 1, format, args);
    va_end(args);
    return text;
}

void buffer_append(struct buffer *b, const void *data, size_t length)
{
    if (b->length + length + 1 > b->capacity) {
        size_t capacity = b->capacity ? b->capacity : 256;
        while (capacity < b->length + length + 1)
            capacity *= 2;
        b->data = xrealloc(b->data, capacity);
        b->capacity = capacity;
    }
    if (length)
        memcpy(b->data + b->length, data, length);
    b->length += length;
    b->data[b->length] = '\0';
}

void buffer_append_string(struct buffer *b, const char *text)
{
    buffer_append(b, text, strlen(text));
}

void buffer_printf(struct buffer *b, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    int length = vsnprintf(NULL, 0, format, args);
    va_end(args);
    if (length < 0)
        die(EXIT_NOT_GENUINE, "cannot format text");
    buffer_append(b, "", 0);
    if (b->length + (size_t)length + 1 > b->capacity) {
        b->capacity = b->length + (size_t)length + 1;
        b->data = xrealloc(b->data, b->capacity);
    }
    va_start(args, format);
    vsnprintf(b->data + b->length, (size_t)length + 1, format, args);
    va_end(args);
    b->length += (size_t)length;
}

void buffer_free(struct buffer *b)
{
    free(b->data);
    b->data = NULL;
    b->length = b->capacity = 0;
}

static char *read_stream(FILE *file, const char *path, size_t max_bytes,
                         size_t *length, struct error *err)
{
    struct buffer b = {0};
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, file)) > 0) {
        if (b.length + got > max_bytes) {
            buffer_free(&b);
            fail(err, "%s: larger than %zu bytes", path, max_bytes);
            return NULL;
        }
        buffer_append(&b, chunk, got);
    }
    if (ferror(file)) {
        buffer_free(&b);
        fail(err, "%s: %s", path, strerror(errno));
        return NULL;
    }
    buffer_append(&b, "", 0);
    if (length)
        *length = b.length;
    return b.data;
}

/* A regular file of known size: one buffer of that size, filled by read(2)
 * directly (no stdio buffer, no copies); a file that grew while being read
 * is refused if it passes max_bytes. */
static char *read_regular(int fd, const char *path, size_t size, size_t max_bytes,
                          size_t *length, struct error *err)
{
    size_t capacity = size + 1, used = 0;
    char *data = xmalloc(capacity + 1);
    for (;;) {
        ssize_t got = read(fd, data + used, capacity - used);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            free(data);
            fail(err, "%s: %s", path, strerror(errno));
            return NULL;
        }
        if (got == 0)
            break;
        /* A regular file reads short only at its end: no second read to
         * hear the end again (one system call in five per record). */
        int at_end = (size_t)got < capacity - used;
        used += (size_t)got;
        if (used > max_bytes) {
            free(data);
            fail(err, "%s: larger than %zu bytes", path, max_bytes);
            return NULL;
        }
        if (at_end)
            break;
        if (used == capacity) {
            capacity *= 2;
            data = xrealloc(data, capacity + 1);
        }
    }
    data[used] = '\0';
    if (length)
        *length = used;
    return data;
}

char *read_file_bounded(const char *path, size_t max_bytes, size_t *length,
                        struct error *err)
{
    if (strcmp(path, "-") == 0)
        return read_stream(stdin, "standard input", max_bytes, length, err);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat info;
    if (fd < 0 || fstat(fd, &info) != 0) {
        fail(err, "%s: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    char *data = NULL;
    if (S_ISDIR(info.st_mode))
        fail(err, "%s: is a directory", path);
    else if (S_ISREG(info.st_mode) && (uintmax_t)info.st_size > max_bytes)
        fail(err, "%s: larger than %zu bytes", path, max_bytes);
    else if (S_ISREG(info.st_mode))
        data = read_regular(fd, path, (size_t)info.st_size, max_bytes, length, err);
    else {
        FILE *file = fdopen(fd, "rb");
        if (file) {
            data = read_stream(file, path, max_bytes, length, err);
            fclose(file);
            return data;
        }
        fail(err, "%s: %s", path, strerror(errno));
    }
    close(fd);
    return data;
}

ssize_t read_regular_file_at(int folder, const char *name, const char *path, char *buffer,
                             size_t max_bytes, struct error *err)
{
    int fd = openat(folder, name, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return fail(err, "%s: %s", path, strerror(errno));
    ssize_t got;
    do
        got = read(fd, buffer, max_bytes + 1);
    while (got < 0 && errno == EINTR);
    int read_errno = errno;
    close(fd);
    if (got < 0)
        return fail(err, "%s: %s", path, strerror(read_errno));
    if ((size_t)got > max_bytes)
        return fail(err, "%s: larger than %zu bytes", path, max_bytes);
    buffer[got] = '\0';
    return got;
}

static int write_all(int fd, const void *data, size_t length)
{
    const char *cursor = data;
    while (length > 0) {
        ssize_t written = write(fd, cursor, length);
        if (written < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        cursor += written;
        length -= (size_t)written;
    }
    return 0;
}

int write_file_atomic(const char *path, const void *data, size_t length,
                      int mode, int exclusive, struct error *err)
{
    char *temporary = xasprintf("%s.tmp.%ld", path, (long)getpid());
    int fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, mode);
    if (fd < 0) {
        int saved = errno;
        free(temporary);
        return fail(err, "%s: %s", path, strerror(saved));
    }
    int failed = write_all(fd, data, length) != 0 || fchmod(fd, (mode_t)mode) != 0
                 || fsync(fd) != 0;
    int saved = errno;
    if (close(fd) != 0 && !failed) {
        failed = 1;
        saved = errno;
    }
    if (!failed) {
        /* link(2) refuses an existing target, which rename(2) would replace. */
        failed = exclusive ? link(temporary, path) : rename(temporary, path);
        saved = errno;
    }
    if (failed || exclusive)
        unlink(temporary);
    free(temporary);
    if (failed)
        return fail(err, "%s: %s", path, strerror(saved));
    return 0;
}

int hex_digit_value(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* Decodes one UTF-8 sequence; returns its length, or 0 when invalid
 * (overlong forms, surrogates and values above U+10FFFF are invalid). */
size_t utf8_decode(const unsigned char *s, uint32_t *code_point)
{
    uint32_t value;
    size_t length;
    if (s[0] < 0x80) {
        *code_point = s[0];
        return 1;
    } else if ((s[0] & 0xE0) == 0xC0) {
        value = s[0] & 0x1F, length = 2;
    } else if ((s[0] & 0xF0) == 0xE0) {
        value = s[0] & 0x0F, length = 3;
    } else if ((s[0] & 0xF8) == 0xF0) {
        value = s[0] & 0x07, length = 4;
    } else {
        return 0;
    }
    for (size_t i = 1; i < length; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        value = (value << 6) | (s[i] & 0x3F);
    }
    static const uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (value < smallest[length] || value > 0x10FFFF
        || (value >= 0xD800 && value <= 0xDFFF))
        return 0;
    *code_point = value;
    return length;
}

int utf8_is_clean(const char *text, int allow_newlines)
{
    const unsigned char *s = (const unsigned char *)text;
    while (*s) {
        uint32_t c;
        size_t length = utf8_decode(s, &c);
        if (length == 0)
            return 0;
        if ((c < 0x20 && !(allow_newlines && (c == '\n' || c == '\t')))
            || c == 0x7F || (c >= 0x80 && c < 0xA0))
            return 0;
        s += length;
    }
    return 1;
}

size_t utf8_length(const char *text)
{
    size_t count = 0;
    for (const unsigned char *s = (const unsigned char *)text; *s; s++)
        if ((*s & 0xC0) != 0x80)
            count++;
    return count;
}

int sha256_hex(const void *data, size_t length, char out[SHA256_HEX_SIZE])
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_length;
    if (EVP_Digest(data, length, digest, &digest_length, EVP_sha256(), NULL) != 1)
        return -1;
    for (unsigned int i = 0; i < digest_length; i++)
        snprintf(out + 2 * i, 3, "%02x", digest[i]);
    return 0;
}
