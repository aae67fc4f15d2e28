/*
 * tlog_note.c: reading and writing signed notes, checkpoints and verifier
 * keys (tlog_note.h).
 */
#include "tlog_note.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>

#include "base64url.h"

#define EM_DASH "\xe2\x80\x94"

/* The Unicode spaces (Go's unicode.IsSpace), which a key name must not hold. */
static int is_space(uint32_t c)
{
    return c == ' ' || (c >= 0x09 && c <= 0x0d) || c == 0x85 || c == 0xa0 || c == 0x1680
           || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f
           || c == 0x205f || c == 0x3000;
}

/* The character at data[at], never reading past length (data need not end
 * in a NUL); its size, or 0 when it is not valid UTF-8. */
static size_t character_at(const char *data, size_t length, size_t at, uint32_t *c)
{
    unsigned char bytes[5] = {0};
    memcpy(bytes, data + at, length - at < 4 ? length - at : 4);
    return utf8_decode(bytes, c);
}

static int name_is_valid(const char *name, size_t length)
{
    if (length == 0 || length > NOTE_MAX_NAME)
        return 0;
    for (size_t at = 0; at < length;) {
        uint32_t c;
        size_t size = character_at(name, length, at, &c);
        if (size == 0 || c < 0x20 || c == '+' || is_space(c))
            return 0;
        at += size;
    }
    return 1;
}

int note_name_is_valid(const char *name)
{
    return name_is_valid(name, strlen(name));
}

/* Valid UTF-8 with no control character but the newline. */
static int text_is_clean(const char *data, size_t length)
{
    for (size_t at = 0; at < length;) {
        uint32_t c;
        if (data[at] == '\n') {
            at++;
            continue;
        }
        size_t size = character_at(data, length, at, &c);
        if (size == 0 || c < 0x20)
            return 0;
        at += size;
    }
    return 1;
}

/* One line "— NAME BASE64" (without its newline). */
static int parse_signature_line(const char *line, size_t length, struct note_signature *out,
                                struct error *err)
{
    size_t dash = strlen(EM_DASH " ");
    const char *space = length > dash ? memchr(line + dash, ' ', length - dash) : NULL;
    if (length <= dash || memcmp(line, EM_DASH " ", dash) != 0 || !space)
        return fail(err, "a signature line is not \"— NAME SIGNATURE\"");
    size_t name_length = (size_t)(space - line) - dash;
    const char *encoded = space + 1;
    size_t encoded_length = length - (size_t)(encoded - line), decoded_length;
    if (!name_is_valid(line + dash, name_length))
        return fail(err, "a signature line names no valid key name");
    unsigned char *decoded = base64_decode(encoded, encoded_length, &decoded_length);
    if (!decoded || decoded_length < 5) {
        free(decoded);
        return fail(err, "the signature of %.*s is not base64 of a key ID and a signature",
                    (int)name_length, line + dash);
    }
    memcpy(out->name, line + dash, name_length);
    out->name[name_length] = '\0';
    out->key_id = (uint32_t)decoded[0] << 24 | (uint32_t)decoded[1] << 16
                  | (uint32_t)decoded[2] << 8 | decoded[3];
    out->length = decoded_length - 4;
    out->signature = memcpy(xmalloc(out->length), decoded + 4, out->length);
    free(decoded);
    return 0;
}

static int parse_signatures(const char *block, size_t length, struct signed_note *out,
                            struct error *err)
{
    out->signatures = xcalloc(NOTE_MAX_SIGNATURES, sizeof *out->signatures);
    for (size_t at = 0; at < length;) {
        const char *line = block + at;
        const char *newline = memchr(line, '\n', length - at);
        if (out->count == NOTE_MAX_SIGNATURES)
            return fail(err, "the note has more than %d signatures", NOTE_MAX_SIGNATURES);
        if (parse_signature_line(line, (size_t)(newline - line), &out->signatures[out->count],
                                 err) != 0)
            return -1;
        const struct note_signature *added = &out->signatures[out->count++];
        for (size_t i = 0; i + 1 < out->count; i++)
            if (out->signatures[i].key_id == added->key_id
                && strcmp(out->signatures[i].name, added->name) == 0)
                return fail(err, "the note is signed twice by the key %s %08x", added->name,
                            (unsigned)added->key_id);
        at += (size_t)(newline - line) + 1;
    }
    return out->count ? 0 : fail(err, "the note has no signature");
}

int note_parse(const char *data, size_t length, struct signed_note *out, struct error *err)
{
    memset(out, 0, sizeof *out);
    if (length > NOTE_MAX_BYTES)
        return fail(err, "a signed note of %zu bytes is longer than %d", length, NOTE_MAX_BYTES);
    if (!text_is_clean(data, length))
        return fail(err, "a signed note must be UTF-8 without control characters");
    if (length == 0 || data[length - 1] != '\n')
        return fail(err, "a signed note must end with a newline");
    /* The text ends at the last blank line, which signature lines cannot hold. */
    size_t separator = 0;
    for (size_t i = length - 1; i > 0; i--)
        if (data[i - 1] == '\n' && data[i] == '\n') {
            separator = i;
            break;
        }
    if (separator == 0)
        return fail(err, "a signed note has no blank line before its signatures");
    out->text_length = separator;
    out->text = memcpy(xmalloc(separator + 1), data, separator);
    out->text[separator] = '\0';
    if (parse_signatures(data + separator + 1, length - separator - 1, out, err) != 0) {
        note_free(out);
        return -1;
    }
    return 0;
}

void note_free(struct signed_note *note)
{
    for (size_t i = 0; i < note->count; i++)
        free(note->signatures[i].signature);
    free(note->signatures);
    free(note->text);
    memset(note, 0, sizeof *note);
}

char *note_signature_line(const char *name, uint32_t key_id, const unsigned char *signature,
                          size_t length)
{
    unsigned char *joined = xmalloc(4 + length);
    joined[0] = (unsigned char)(key_id >> 24);
    joined[1] = (unsigned char)(key_id >> 16);
    joined[2] = (unsigned char)(key_id >> 8);
    joined[3] = (unsigned char)key_id;
    memcpy(joined + 4, signature, length);
    char *encoded = base64_encode(joined, 4 + length);
    char *line = xasprintf(EM_DASH " %s %s\n", name, encoded);
    free(encoded);
    free(joined);
    return line;
}

uint32_t note_key_id(const char *name, unsigned char type, const unsigned char *key,
                     size_t key_length)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_length;
    size_t name_length = strlen(name);
    unsigned char *message = xmalloc(name_length + 2 + key_length);
    memcpy(message, name, name_length);
    message[name_length] = '\n';
    message[name_length + 1] = type;
    memcpy(message + name_length + 2, key, key_length);
    EVP_Digest(message, name_length + 2 + key_length, digest, &digest_length, EVP_sha256(),
               NULL);
    free(message);
    return (uint32_t)digest[0] << 24 | (uint32_t)digest[1] << 16 | (uint32_t)digest[2] << 8
           | digest[3];
}

char *note_vkey_format(const char *name, unsigned char type, const unsigned char key[32])
{
    unsigned char material[33];
    material[0] = type;
    memcpy(material + 1, key, 32);
    char *encoded = base64_encode(material, sizeof material);
    char *vkey = xasprintf("%s+%08x+%s", name, (unsigned)note_key_id(name, type, key, 32),
                           encoded);
    free(encoded);
    return vkey;
}

static int parse_hex_id(const char *text, uint32_t *out)
{
    *out = 0;
    for (int i = 0; i < 8; i++) {
        const char *digit = strchr("0123456789abcdef", text[i]);
        if (!text[i] || !digit)
            return -1;
        *out = *out << 4 | (uint32_t)(digit - "0123456789abcdef");
    }
    return 0;
}

int note_vkey_parse(const char *text, struct note_verifier_key *out, struct error *err)
{
    memset(out, 0, sizeof *out);
    const char *plus = strchr(text, '+');
    size_t name_length = plus ? (size_t)(plus - text) : 0, length;
    if (!plus || !name_is_valid(text, name_length) || strlen(plus) < 10 || plus[9] != '+'
        || parse_hex_id(plus + 1, &out->key_id) != 0)
        return fail(err, "a verifier key is NAME+KEYID+KEY (8 lower-case hex digits)");
    unsigned char *material = base64_decode(plus + 10, strlen(plus + 10), &length);
    int ed25519 = material && length == 33
                  && (material[0] == NOTE_TYPE_ED25519 || material[0] == NOTE_TYPE_COSIGNATURE);
    if (ed25519) {
        memcpy(out->name, text, name_length);
        out->type = material[0];
        memcpy(out->key, material + 1, 32);
    }
    free(material);
    if (!ed25519)
        return fail(err, "verifier key %.*s: not base64 of an Ed25519 key (type 01 or 04)",
                    (int)name_length, text);
    if (note_key_id(out->name, out->type, out->key, 32) != out->key_id)
        return fail(err, "verifier key %s: the key ID %08x is not the key's own",
                    out->name, (unsigned)out->key_id);
    return 0;
}

const char *tlog_next_line(const char *text, size_t length, size_t *at, size_t *line_length)
{
    const char *line = text + *at;
    const char *newline = *at < length ? memchr(line, '\n', length - *at) : NULL;
    if (!newline)
        return NULL;
    *line_length = (size_t)(newline - line);
    *at += *line_length + 1;
    return line;
}

static int parse_size(const char *line, size_t length, uint64_t *out)
{
    if (length == 0 || length > 20 || (line[0] == '0' && length > 1))
        return -1;
    *out = 0;
    for (size_t i = 0; i < length; i++) {
        unsigned digit = (unsigned)(line[i] - '0');
        if (digit > 9 || *out > (UINT64_MAX - digit) / 10)
            return -1;
        *out = *out * 10 + digit;
    }
    return 0;
}

int checkpoint_parse(const char *text, size_t length, struct checkpoint *out,
                     struct error *err)
{
    size_t at = 0, lengths[3], root_length;
    const char *lines[3];
    memset(out, 0, sizeof *out);
    for (int i = 0; i < 3; i++)
        if (!(lines[i] = tlog_next_line(text, length, &at, &lengths[i])))
            return fail(err, "a checkpoint has three lines: origin, tree size, root hash");
    if (at != length)
        return fail(err, "the checkpoint has extension lines, which starmark logs never write");
    if (!name_is_valid(lines[0], lengths[0]))
        return fail(err, "the checkpoint's origin is empty or holds a space or \"+\"");
    memcpy(out->origin, lines[0], lengths[0]);
    if (parse_size(lines[1], lengths[1], &out->size) != 0)
        return fail(err, "the checkpoint's tree size is not a decimal number without "
                    "leading zeros");
    unsigned char *root = base64_decode(lines[2], lengths[2], &root_length);
    int root_ok = root && root_length == TLOG_HASH_SIZE;
    if (root_ok)
        memcpy(out->root.bytes, root, TLOG_HASH_SIZE);
    free(root);
    return root_ok ? 0 : fail(err, "the checkpoint's root hash is not base64 of 32 bytes");
}

char *checkpoint_text(const struct checkpoint *checkpoint)
{
    char *root = base64_encode(checkpoint->root.bytes, TLOG_HASH_SIZE);
    char *text = xasprintf("%s\n%llu\n%s\n", checkpoint->origin,
                           (unsigned long long)checkpoint->size, root);
    free(root);
    return text;
}

char *note_cosignature_message(uint64_t timestamp, const char *text, size_t text_length,
                               size_t *length)
{
    char header[64];
    int header_length = snprintf(header, sizeof header, "cosignature/v1\ntime %llu\n",
                                 (unsigned long long)timestamp);
    char *message = xmalloc((size_t)header_length + text_length + 1);
    memcpy(message, header, (size_t)header_length);
    memcpy(message + header_length, text, text_length);
    message[header_length + text_length] = '\0';
    *length = (size_t)header_length + text_length;
    return message;
}
