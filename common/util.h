/*
 * util.h: the small helpers every starmark program uses.
 *
 * Errors follow one convention: a function that can fail on bad input
 * returns -1 and writes one line into a caller's `struct error`; the command
 * prints that line and exits with the documented status. The x-wrappers
 * (xmalloc, xstrdup) exit at once, because running out of memory is not
 * something a certificate tool can recover from halfway.
 */
#ifndef STARMARK_UTIL_H
#define STARMARK_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Exit statuses shared by both programs (documented in issuer(1), verifier(1)). */
enum {
    EXIT_OK = 0,
    EXIT_NOT_GENUINE = 1, /* verifier: tampered, unknown key, ...; issuer: runtime failure */
    EXIT_USAGE = 2,       /* bad arguments, bad input, I/O error, refused request */
    EXIT_EXPIRED = 3,     /* verifier: expired or not yet valid */
    EXIT_SUSPENDED = 4,
    EXIT_REVOKED = 5,
    EXIT_OVERDUE = 6,
    EXIT_STATUS_UNKNOWN = 7,
};

struct error {
    char message[512];
};

/* Formats one line into err (printf-style) and returns -1, so callers can
 * write `return fail(err, "...", ...);`. */
int fail(struct error *err, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

/* Prints "PROGRAM: message" on stderr and exits with status. */
_Noreturn void die(int status, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

void set_program_name(const char *name);
const char *program_name(void);

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *pointer, size_t size);
char *xstrdup(const char *text);
char *xasprintf(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* A growable byte buffer, always NUL-terminated. */
struct buffer {
    char *data;
    size_t length;
    size_t capacity;
};
void buffer_append(struct buffer *b, const void *data, size_t length);
void buffer_append_string(struct buffer *b, const char *text);
void buffer_printf(struct buffer *b, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
void buffer_free(struct buffer *b);

/* Reads a whole file ("-" is standard input), refusing files larger than
 * max_bytes before reading them whole. Returns a NUL-terminated buffer the
 * caller frees, or NULL with err set. *length may be NULL. */
char *read_file_bounded(const char *path, size_t max_bytes, size_t *length,
                        struct error *err);
/* A file known to be regular (from its directory entry), name in the open
 * folder, read with one read(2) into buffer (max_bytes + 2 bytes): no
 * fstat(2) and no allocation, for a batch that reads thousands of files
 * (a system call per file was 7% of a record's cost beside its signature
 * checks). O_NONBLOCK: an entry that became a FIFO since is not waited
 * for. The length, or -1 with err naming path. */
ssize_t read_regular_file_at(int folder, const char *name, const char *path, char *buffer,
                             size_t max_bytes, struct error *err);

/* Writes data to path through a temporary file and rename(2), so a reader
 * sees the old file or the new one, never half of it. exclusive: refuse to
 * replace an existing file. mode: e.g. 0644 or 0600. */
int write_file_atomic(const char *path, const void *data, size_t length,
                      int mode, int exclusive, struct error *err);

/* The SHA-256 of data as 64 lower-case hex digits (what sha256sum prints).
 * 0, or -1 when OpenSSL cannot compute it. */
#define SHA256_HEX_SIZE 65
int sha256_hex(const void *data, size_t length, char out[SHA256_HEX_SIZE]);

/* True when text is valid UTF-8 without NUL or control characters
 * (tab and newline allowed only when allow_newlines). */
int utf8_is_clean(const char *text, int allow_newlines);

/* Decodes one UTF-8 sequence at s into *code_point; returns its length in
 * bytes, or 0 when the sequence is invalid. */
size_t utf8_decode(const unsigned char *s, uint32_t *code_point);

/* The value of a hexadecimal digit (either case), or -1. */
int hex_digit_value(char c);

/* Number of Unicode code points in valid UTF-8 text. */
size_t utf8_length(const char *text);

#endif
