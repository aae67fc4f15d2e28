/*
 * tlog_note.h: C2SP signed notes (https://c2sp.org/signed-note), the
 * checkpoints they carry (https://c2sp.org/tlog-checkpoint), key IDs,
 * verifier keys and the message of a witness cosignature
 * (https://c2sp.org/tlog-cosignature). Formats only: which signatures
 * count is tlog_verify.h's to decide.
 *
 *   verify.example.cn/log                       the note text: the origin,
 *   1042                                        the tree size (decimal),
 *   9aJ0...Tk=                                  the root hash (base64)
 *                                               a blank line
 *   — verify.example.cn/log AbCd...==           signature lines: em dash,
 *   — witness.example.org/w1 EfGh...==          key name, base64(key ID ||
 *                                               signature)
 *
 * Parsing is strict: valid UTF-8, no control character but the newline,
 * one space exactly where the format puts one, canonical base64, a size
 * with no leading zero, no extension lines, at most NOTE_MAX_SIGNATURES
 * signatures and NOTE_MAX_BYTES in all.
 */
#ifndef STARMARK_TLOG_NOTE_H
#define STARMARK_TLOG_NOTE_H

#include <stddef.h>
#include <stdint.h>
#include "tlog_tree.h"
#include "util.h"

#define NOTE_MAX_BYTES (16 * 1024)
#define NOTE_MAX_SIGNATURES 64
#define NOTE_MAX_NAME 255
#define NOTE_TYPE_ED25519 0x01          /* a log's signature */
#define NOTE_TYPE_COSIGNATURE 0x04      /* a witness's timestamped Ed25519 cosignature */
#define NOTE_COSIGNATURE_LENGTH (8 + 64) /* timestamp and Ed25519 signature */

struct note_signature {
    char name[NOTE_MAX_NAME + 1];
    uint32_t key_id;
    unsigned char *signature;   /* the bytes after the key ID */
    size_t length;
};

/* A parsed note; note_parse fills it, note_free frees it all. */
struct signed_note {
    char *text;                 /* the note text with its final newline, NUL-terminated */
    size_t text_length;
    struct note_signature *signatures;
    size_t count;
};

int note_parse(const char *data, size_t length, struct signed_note *out, struct error *err);
void note_free(struct signed_note *note);

/* "— NAME base64(key ID || signature)\n"; the caller frees it. */
char *note_signature_line(const char *name, uint32_t key_id, const unsigned char *signature,
                          size_t length);

/* 1 when name may name a key or a log: 1 to NOTE_MAX_NAME bytes of UTF-8
 * without spaces (any Unicode space), control characters or "+". */
int note_name_is_valid(const char *name);

/* SHA-256(name || "\n" || type || key)[:4], big-endian. */
uint32_t note_key_id(const char *name, unsigned char type, const unsigned char *key,
                     size_t key_length);

/* A verifier key, "NAME+HEXKEYID+BASE64(type || key)", Ed25519 kinds only. */
struct note_verifier_key {
    char name[NOTE_MAX_NAME + 1];
    unsigned char type;         /* NOTE_TYPE_ED25519 or NOTE_TYPE_COSIGNATURE */
    uint32_t key_id;
    unsigned char key[32];
};
char *note_vkey_format(const char *name, unsigned char type, const unsigned char key[32]);
int note_vkey_parse(const char *text, struct note_verifier_key *out, struct error *err);

/* The line of text at *at, without its newline, and *at past it; NULL when
 * no whole line (one ending in a newline) is left. For the C2SP text
 * formats, which are all newline-terminated lines. */
const char *tlog_next_line(const char *text, size_t length, size_t *at, size_t *line_length);

/* What the three lines of a checkpoint's text say. */
struct checkpoint {
    char origin[NOTE_MAX_NAME + 1];
    uint64_t size;
    struct tlog_hash root;
};
int checkpoint_parse(const char *text, size_t length, struct checkpoint *out,
                     struct error *err);
/* "ORIGIN\nSIZE\nBASE64(ROOT)\n"; the caller frees it. */
char *checkpoint_text(const struct checkpoint *checkpoint);

/* "cosignature/v1\ntime T\n" followed by the note text: what a witness
 * signs. The caller frees it. */
char *note_cosignature_message(uint64_t timestamp, const char *text, size_t text_length,
                               size_t *length);

#endif
