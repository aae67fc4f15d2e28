/*
 * tlog_proof.c: reading and writing C2SP tlog-proofs (tlog_proof.h).
 */
#include "tlog_proof.h"

#include <stdlib.h>
#include <string.h>

#include "base64url.h"
#include "tlog_note.h"

static int starts_with(const char *line, size_t length, const char *prefix)
{
    size_t prefix_length = strlen(prefix);
    return length >= prefix_length && memcmp(line, prefix, prefix_length) == 0;
}

static int parse_index(const char *digits, size_t length, uint64_t *out)
{
    if (length == 0 || length > 19 || (digits[0] == '0' && length > 1))
        return -1;
    *out = 0;
    for (size_t i = 0; i < length; i++) {
        if (digits[i] < '0' || digits[i] > '9')
            return -1;
        *out = *out * 10 + (uint64_t)(digits[i] - '0');
    }
    return 0;
}

static int decodes(const char *text, size_t length, size_t want, unsigned char *out)
{
    size_t decoded_length;
    unsigned char *decoded = base64_decode(text, length, &decoded_length);
    int ok = decoded && (want == 0 || decoded_length == want);
    if (ok && out)
        memcpy(out, decoded, decoded_length);
    free(decoded);
    return ok;
}

/* The hash lines, up to the blank line before the checkpoint. */
static int parse_hashes(const char *data, size_t length, size_t *at,
                        struct tlog_proof *inclusion, struct error *err)
{
    const char *line;
    size_t line_length;
    while ((line = tlog_next_line(data, length, at, &line_length)) && line_length > 0) {
        if (inclusion->count == TLOG_MAX_PROOF)
            return fail(err, "the proof has more than %d hashes", TLOG_MAX_PROOF);
        if (!decodes(line, line_length, TLOG_HASH_SIZE,
                     inclusion->hashes[inclusion->count++].bytes))
            return fail(err, "proof line %zu is not base64 of a 32-byte hash",
                        inclusion->count);
    }
    return line ? 0 : fail(err, "the proof has no blank line before its checkpoint");
}

int tlog_proof_parse(const char *data, size_t length, struct tlog_proof_file *out,
                     struct error *err)
{
    size_t at = 0, line_length;
    memset(out, 0, sizeof *out);
    if (length > TLOG_PROOF_MAX_BYTES)
        return fail(err, "a proof of %zu bytes is longer than %d", length, TLOG_PROOF_MAX_BYTES);
    const char *line = tlog_next_line(data, length, &at, &line_length);
    if (!line || line_length != strlen(TLOG_PROOF_HEADER)
        || memcmp(line, TLOG_PROOF_HEADER, line_length) != 0)
        return fail(err, "the first line of a proof must be %s", TLOG_PROOF_HEADER);
    line = tlog_next_line(data, length, &at, &line_length);
    if (line && starts_with(line, line_length, "extra ")) {
        if (!decodes(line + 6, line_length - 6, 0, NULL))
            return fail(err, "the proof's extra line is not base64");
        line = tlog_next_line(data, length, &at, &line_length);
    }
    if (!line || !starts_with(line, line_length, "index ")
        || parse_index(line + 6, line_length - 6, &out->index) != 0)
        return fail(err, "the proof has no line \"index N\" (decimal, no leading zero)");
    if (parse_hashes(data, length, &at, &out->inclusion, err) != 0)
        return -1;
    if (at >= length)
        return fail(err, "the proof has no checkpoint after its blank line");
    out->checkpoint_length = length - at;
    out->checkpoint = memcpy(xmalloc(out->checkpoint_length + 1), data + at,
                             out->checkpoint_length);
    out->checkpoint[out->checkpoint_length] = '\0';
    return 0;
}

void tlog_proof_file_free(struct tlog_proof_file *proof)
{
    free(proof->checkpoint);
    memset(proof, 0, sizeof *proof);
}

char *tlog_proof_format(uint64_t index, const struct tlog_proof *inclusion,
                        const char *checkpoint, size_t checkpoint_length)
{
    struct buffer text = {0};
    buffer_printf(&text, "%s\nindex %llu\n", TLOG_PROOF_HEADER, (unsigned long long)index);
    for (size_t i = 0; i < inclusion->count; i++) {
        char *hash = base64_encode(inclusion->hashes[i].bytes, TLOG_HASH_SIZE);
        buffer_printf(&text, "%s\n", hash);
        free(hash);
    }
    buffer_append_string(&text, "\n");
    buffer_append(&text, checkpoint, checkpoint_length);
    return text.data;
}
