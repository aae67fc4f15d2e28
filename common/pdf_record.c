/*
 * pdf_record.c: a small, strict PDF reader for exactly three things, the
 * embedded record, its log proof, the verification link and the signature
 * dictionary of the electronic seal, so that the verifier needs no PDF library (every
 * library a CGI links costs requests per second).
 *
 * It follows the file's classic cross-reference table (and the /Prev chain
 * of incremental updates, newest definition first) to every object, reads
 * each object's dictionary with a tokenizer that understands strings,
 * names, arrays, nested dictionaries and references, and skips stream
 * data by never lexing it. Scanning the raw bytes for a marker instead
 * would find markers inside compressed streams or inside the record's own
 * text. Every offset and length from the file is checked before use.
 */
#include "pdf_record.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tlog_proof.h"

#define MAX_OBJECTS 100000
#define MAX_XREF_SECTIONS 32
#define MAX_DEPTH 32

/* ---- tokens ---- */

enum token_kind {
    TOKEN_END, TOKEN_ERROR, TOKEN_NUMBER, TOKEN_NAME, TOKEN_STRING, TOKEN_HEX_STRING,
    TOKEN_DICT_BEGIN, TOKEN_DICT_END, TOKEN_ARRAY_BEGIN, TOKEN_ARRAY_END, TOKEN_KEYWORD,
};

struct token {
    enum token_kind kind;
    size_t start, length; /* the token's content: a name without '/', a string
                             without its delimiters */
};

struct lexer {
    const char *data;
    size_t length, position;
};

static int is_white(unsigned char c)
{
    return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static int is_delimiter(unsigned char c)
{
    return c && strchr("()<>[]{}/%", c) != NULL;
}

static int is_regular(unsigned char c)
{
    return !is_white(c) && !is_delimiter(c);
}

static void skip_white_and_comments(struct lexer *x)
{
    while (x->position < x->length) {
        unsigned char c = (unsigned char)x->data[x->position];
        if (c == '%') {
            while (x->position < x->length && x->data[x->position] != '\n'
                   && x->data[x->position] != '\r')
                x->position++;
        } else if (is_white(c)) {
            x->position++;
        } else {
            return;
        }
    }
}

/* Literal strings nest balanced parentheses; a backslash escapes the next byte. */
static struct token lex_literal_string(struct lexer *x)
{
    size_t start = ++x->position;
    int depth = 1;
    while (x->position < x->length) {
        char c = x->data[x->position++];
        if (c == '\\')
            x->position++;
        else if (c == '(')
            depth++;
        else if (c == ')' && --depth == 0)
            return (struct token){TOKEN_STRING, start, x->position - 1 - start};
    }
    return (struct token){TOKEN_ERROR, start, 0};
}

static struct token lex_angle(struct lexer *x)
{
    size_t start = ++x->position;
    if (x->position < x->length && x->data[x->position] == '<') {
        x->position++;
        return (struct token){TOKEN_DICT_BEGIN, start, 0};
    }
    while (x->position < x->length && x->data[x->position] != '>')
        x->position++;
    if (x->position == x->length)
        return (struct token){TOKEN_ERROR, start, 0};
    return (struct token){TOKEN_HEX_STRING, start, x->position++ - start};
}

static struct token lex_run(struct lexer *x, enum token_kind kind, size_t skip)
{
    size_t start = x->position += skip;
    while (x->position < x->length && is_regular((unsigned char)x->data[x->position]))
        x->position++;
    return (struct token){kind, start, x->position - start};
}

static struct token next_token(struct lexer *x)
{
    skip_white_and_comments(x);
    if (x->position >= x->length)
        return (struct token){TOKEN_END, x->position, 0};
    unsigned char c = (unsigned char)x->data[x->position];
    size_t at = x->position;
    switch (c) {
    case '/': return lex_run(x, TOKEN_NAME, 1);
    case '(': return lex_literal_string(x);
    case '<': return lex_angle(x);
    case '[': x->position++; return (struct token){TOKEN_ARRAY_BEGIN, at, 1};
    case ']': x->position++; return (struct token){TOKEN_ARRAY_END, at, 1};
    case '>':
        if (x->position + 1 < x->length && x->data[x->position + 1] == '>') {
            x->position += 2;
            return (struct token){TOKEN_DICT_END, at, 2};
        }
        return (struct token){TOKEN_ERROR, at, 0};
    default:
        if (!is_regular(c))
            return (struct token){TOKEN_ERROR, at, 0};
        return lex_run(x, strchr("+-.0123456789", c) ? TOKEN_NUMBER : TOKEN_KEYWORD, 0);
    }
}

static int token_is(const struct lexer *x, struct token t, enum token_kind kind,
                    const char *text)
{
    return t.kind == kind && t.length == strlen(text)
           && memcmp(x->data + t.start, text, t.length) == 0;
}

/* An unsigned decimal integer token, bounded so that arithmetic on it
 * cannot overflow. */
static int token_integer(const struct lexer *x, struct token t, size_t *out)
{
    if (t.kind != TOKEN_NUMBER || t.length == 0 || t.length > 15)
        return -1;
    size_t value = 0;
    for (size_t i = 0; i < t.length; i++) {
        char c = x->data[t.start + i];
        if (c < '0' || c > '9')
            return -1;
        value = value * 10 + (size_t)(c - '0');
    }
    *out = value;
    return 0;
}

/* Names may spell bytes as #XX ("application#2Fjose+json"). */
static int name_equals(const struct lexer *x, struct token t, const char *want)
{
    if (t.kind != TOKEN_NAME)
        return 0;
    const char *p = x->data + t.start, *end = p + t.length;
    for (; *want; want++) {
        if (p == end)
            return 0;
        int byte = (unsigned char)*p++;
        int high = byte == '#' && end - p >= 2 ? hex_digit_value(p[0]) : -1;
        int low = high >= 0 ? hex_digit_value(p[1]) : -1;
        if (low >= 0) {
            byte = high * 16 + low;
            p += 2;
        }
        if (byte != (unsigned char)*want)
            return 0;
    }
    return p == end;
}

/* ---- strings ---- */

static size_t literal_escape(const char *p, const char *end, struct buffer *out)
{
    static const char plain[] = "nrtbf()\\", meaning[] = "\n\r\t\b\f()\\";
    const char *found = *p ? strchr(plain, *p) : NULL;
    if (found) {
        buffer_append(out, &meaning[found - plain], 1);
        return 1;
    }
    if (*p >= '0' && *p <= '7') {
        size_t used = 0;
        unsigned value = 0;
        while (used < 3 && p + used < end && p[used] >= '0' && p[used] <= '7')
            value = value * 8 + (unsigned)(p[used++] - '0');
        char byte = (char)(value & 0xFF);
        buffer_append(out, &byte, 1);
        return used;
    }
    if (*p == '\r')
        return p + 1 < end && p[1] == '\n' ? 2 : 1; /* a continued line */
    return *p == '\n' ? 1 : 0;                    /* unknown escapes drop the backslash */
}

static void decode_literal(const struct lexer *x, struct token t, struct buffer *out)
{
    const char *p = x->data + t.start, *end = p + t.length;
    while (p < end) {
        if (*p == '\\' && p + 1 < end) {
            p++;
            p += literal_escape(p, end, out);
        } else {
            buffer_append(out, p++, 1);
        }
    }
}

static int decode_hex(const struct lexer *x, struct token t, struct buffer *out)
{
    int high = -1;
    for (size_t i = 0; i < t.length; i++) {
        char c = x->data[t.start + i];
        if (is_white((unsigned char)c))
            continue;
        int value = hex_digit_value(c);
        if (value < 0)
            return -1;
        if (high < 0) {
            high = value;
        } else {
            char byte = (char)(high * 16 + value);
            buffer_append(out, &byte, 1);
            high = -1;
        }
    }
    if (high >= 0) { /* an odd digit count ends as if followed by 0 */
        char byte = (char)(high * 16);
        buffer_append(out, &byte, 1);
    }
    return 0;
}

static int decode_string(const struct lexer *x, struct token t, struct buffer *out)
{
    buffer_append(out, "", 0);
    if (t.kind == TOKEN_STRING) {
        decode_literal(x, t, out);
        return 0;
    }
    return t.kind == TOKEN_HEX_STRING ? decode_hex(x, t, out) : -1;
}

static int string_equals(const struct lexer *x, struct token t, const char *want)
{
    struct buffer text = {0};
    int equal = decode_string(x, t, &text) == 0 && text.length == strlen(want)
                && memcmp(text.data, want, text.length) == 0;
    buffer_free(&text);
    return equal;
}

/* ---- objects ---- */

/* What one object (or the trailer) says about itself. */
struct facts {
    int embedded_file, record_type, proof_type, filtered, link_name, has_length, length_is_reference;
    size_t length, length_object;
    size_t uri_count;
    struct token uri;
    int has_prev;
    size_t prev;
    int signature, byte_range_ok, has_contents, has_signing_time;
    size_t byte_range[4];
    struct token contents, signing_time;
};

struct value {
    struct token token;       /* the first token */
    int is_reference;
    size_t object;            /* when is_reference */
};

static int parse_value(struct lexer *x, int depth, struct facts *facts, struct value *out);

/* "[a b c d]" from the '[' at start: four whole numbers, nothing else. */
static int read_byte_range(const struct lexer *x, size_t start, size_t out[4])
{
    struct lexer y = {x->data, x->length, start};
    if (next_token(&y).kind != TOKEN_ARRAY_BEGIN)
        return 0;
    for (int i = 0; i < 4; i++)
        if (token_integer(&y, next_token(&y), &out[i]) != 0)
            return 0;
    return next_token(&y).kind == TOKEN_ARRAY_END;
}

/* The members of a signature dictionary (/Type /Sig). */
static void note_signature_member(const struct lexer *x, struct token key, struct token t,
                                  struct facts *f)
{
    if (name_equals(x, key, "Type") && name_equals(x, t, "Sig"))
        f->signature = 1;
    if (name_equals(x, key, "ByteRange"))
        f->byte_range_ok = read_byte_range(x, t.start, f->byte_range);
    if (name_equals(x, key, "Contents") && t.kind == TOKEN_HEX_STRING)
        f->has_contents = 1, f->contents = t;
    if (name_equals(x, key, "M") && (t.kind == TOKEN_STRING || t.kind == TOKEN_HEX_STRING))
        f->has_signing_time = 1, f->signing_time = t;
}

static void note_member(const struct lexer *x, int depth, struct token key,
                        const struct value *v, struct facts *f)
{
    struct token t = v->token;
    if (name_equals(x, key, "URI") && (t.kind == TOKEN_STRING || t.kind == TOKEN_HEX_STRING))
        f->uri_count++, f->uri = t;
    if (depth != 1)
        return; /* the rest describe the object itself, not a nested dictionary */
    if (name_equals(x, key, "Type") && name_equals(x, t, "EmbeddedFile"))
        f->embedded_file = 1;
    if (name_equals(x, key, "Subtype") && name_equals(x, t, PDF_RECORD_MEDIA_TYPE))
        f->record_type = 1;
    if (name_equals(x, key, "Subtype") && name_equals(x, t, PDF_PROOF_MEDIA_TYPE))
        f->proof_type = 1;
    if (name_equals(x, key, "Filter"))
        f->filtered = 1;
    if (name_equals(x, key, "NM") && string_equals(x, t, PDF_RECORD_LINK_NAME))
        f->link_name = 1;
    if (name_equals(x, key, "Length")) {
        f->length_is_reference = v->is_reference;
        f->length_object = v->object;
        f->has_length = v->is_reference || token_integer(x, t, &f->length) == 0;
    }
    if (name_equals(x, key, "Prev"))
        f->has_prev = token_integer(x, t, &f->prev) == 0;
    note_signature_member(x, key, t, f);
}

static int parse_dictionary(struct lexer *x, int depth, struct facts *facts)
{
    for (;;) {
        struct token key = next_token(x);
        if (key.kind == TOKEN_DICT_END)
            return 0;
        struct value v;
        if (key.kind != TOKEN_NAME || parse_value(x, depth, facts, &v) != 0)
            return -1;
        note_member(x, depth, key, &v, facts);
    }
}

static int parse_array(struct lexer *x, int depth, struct facts *facts)
{
    for (;;) {
        size_t before = x->position;
        struct token t = next_token(x);
        if (t.kind == TOKEN_ARRAY_END)
            return 0;
        x->position = before;
        struct value v;
        if (parse_value(x, depth, facts, &v) != 0)
            return -1;
    }
}

/* "12 0 R" is one value: a number followed by a number and R. */
static void check_reference(struct lexer *x, struct value *out)
{
    size_t before = x->position;
    struct token generation = next_token(x), r = next_token(x);
    size_t unused;
    if (token_integer(x, generation, &unused) == 0 && token_is(x, r, TOKEN_KEYWORD, "R")
        && token_integer(x, out->token, &out->object) == 0) {
        out->is_reference = 1;
        return;
    }
    x->position = before;
}

static int parse_value(struct lexer *x, int depth, struct facts *facts, struct value *out)
{
    memset(out, 0, sizeof *out);
    out->token = next_token(x);
    if (depth >= MAX_DEPTH)
        return -1;
    switch (out->token.kind) {
    case TOKEN_DICT_BEGIN: return parse_dictionary(x, depth + 1, facts);
    case TOKEN_ARRAY_BEGIN: return parse_array(x, depth + 1, facts);
    case TOKEN_NUMBER: check_reference(x, out); return 0;
    case TOKEN_NAME: case TOKEN_STRING: case TOKEN_HEX_STRING: case TOKEN_KEYWORD: return 0;
    default: return -1;
    }
}

/* ---- the cross-reference table ---- */

enum entry_state { ENTRY_UNKNOWN, ENTRY_FREE, ENTRY_IN_USE };

/* Every object definition of every revision, newest section first. */
struct definition {
    size_t number, offset;
};

struct pdf {
    const char *data;
    size_t length;
    unsigned char *state; /* per object number, as the newest revision has it */
    size_t *offset;
    size_t object_count;
    struct definition *definitions;
    size_t definition_count, definition_capacity;
};

static int find_startxref(const struct pdf *pdf, size_t *offset)
{
    static const char keyword[] = "startxref";
    size_t from = pdf->length > 1024 ? pdf->length - 1024 : 0;
    for (size_t at = pdf->length; at-- > from;) {
        if (pdf->length - at < sizeof keyword
            || memcmp(pdf->data + at, keyword, sizeof keyword - 1) != 0)
            continue;
        struct lexer x = {pdf->data, pdf->length, at + sizeof keyword - 1};
        return token_integer(&x, next_token(&x), offset) == 0 && *offset < pdf->length ? 0 : -1;
    }
    return -1;
}

static void grow_table(struct pdf *pdf, size_t count)
{
    if (count <= pdf->object_count)
        return;
    pdf->state = xrealloc(pdf->state, count);
    pdf->offset = xrealloc(pdf->offset, count * sizeof *pdf->offset);
    memset(pdf->state + pdf->object_count, ENTRY_UNKNOWN, count - pdf->object_count);
    pdf->object_count = count;
}

/* One 20-byte entry: "oooooooooo ggggg n" plus a two-byte end of line.
 * Newer sections are read first, so an entry already known wins. */
static int read_entry(struct pdf *pdf, size_t at, size_t number)
{
    if (at > pdf->length || pdf->length - at < 20)
        return -1;
    const char *e = pdf->data + at;
    size_t offset = 0;
    for (int i = 0; i < 10; i++) {
        if (e[i] < '0' || e[i] > '9')
            return -1;
        offset = offset * 10 + (size_t)(e[i] - '0');
    }
    if (e[10] != ' ' || e[16] != ' ' || (e[17] != 'n' && e[17] != 'f'))
        return -1;
    if (e[17] == 'n') {
        if (pdf->definition_count == pdf->definition_capacity) {
            pdf->definition_capacity = pdf->definition_capacity ? 2 * pdf->definition_capacity : 64;
            pdf->definitions = xrealloc(pdf->definitions,
                                        pdf->definition_capacity * sizeof *pdf->definitions);
        }
        pdf->definitions[pdf->definition_count++] = (struct definition){number, offset};
    }
    if (pdf->state[number] == ENTRY_UNKNOWN) {
        pdf->state[number] = e[17] == 'n' ? ENTRY_IN_USE : ENTRY_FREE;
        pdf->offset[number] = offset;
    }
    return 0;
}

static int read_subsections(struct pdf *pdf, struct lexer *x)
{
    for (;;) {
        size_t before = x->position, first, count;
        struct token t = next_token(x);
        if (token_is(x, t, TOKEN_KEYWORD, "trailer"))
            return 0;
        x->position = before;
        if (token_integer(x, next_token(x), &first) != 0
            || token_integer(x, next_token(x), &count) != 0 || first + count > MAX_OBJECTS)
            return -1;
        grow_table(pdf, first + count);
        skip_white_and_comments(x);
        for (size_t i = 0; i < count; i++, x->position += 20)
            if (read_entry(pdf, x->position, first + i) != 0)
                return -1;
    }
}

static int read_xref_section(struct pdf *pdf, size_t offset, struct facts *trailer,
                             struct error *err)
{
    struct lexer x = {pdf->data, pdf->length, offset};
    if (!token_is(&x, next_token(&x), TOKEN_KEYWORD, "xref"))
        return fail(err, "the PDF has a cross-reference stream, not a table; "
                         "verify the PDF as issued, not a re-saved copy");
    struct value v;
    memset(trailer, 0, sizeof *trailer);
    if (read_subsections(pdf, &x) != 0 || parse_value(&x, 0, trailer, &v) != 0
        || v.token.kind != TOKEN_DICT_BEGIN)
        return fail(err, "the PDF's cross-reference table is damaged");
    return 0;
}

static int read_xref(struct pdf *pdf, struct error *err)
{
    size_t offset, seen[MAX_XREF_SECTIONS];
    if (find_startxref(pdf, &offset) != 0)
        return fail(err, "not a PDF file (no startxref)");
    for (size_t section = 0; section < MAX_XREF_SECTIONS; section++) {
        for (size_t i = 0; i < section; i++)
            if (seen[i] == offset)
                return fail(err, "the PDF's cross-reference sections form a loop");
        seen[section] = offset;
        struct facts trailer;
        if (read_xref_section(pdf, offset, &trailer, err) != 0)
            return -1;
        if (!trailer.has_prev)
            return 0;
        if (trailer.prev >= pdf->length)
            return fail(err, "the PDF's cross-reference table is damaged");
        offset = trailer.prev;
    }
    return fail(err, "the PDF has more than %d revisions", MAX_XREF_SECTIONS);
}

/* ---- reading objects ---- */

struct object {
    struct facts facts;
    struct value value;
    size_t stream_start; /* 0 when the object is no stream */
    size_t scanned;      /* bytes the tokenizer read */
};

/* Positions x just after "N G obj" of object number at offset, or fails. */
static int open_object(const struct pdf *pdf, size_t number, size_t offset, struct lexer *x)
{
    size_t found, generation;
    if (offset >= pdf->length)
        return -1;
    *x = (struct lexer){pdf->data, pdf->length, offset};
    return token_integer(x, next_token(x), &found) == 0 && found == number
                   && token_integer(x, next_token(x), &generation) == 0
                   && token_is(x, next_token(x), TOKEN_KEYWORD, "obj")
               ? 0 : -1;
}

/* Stream data begins after "stream" and one end of line (CR LF or LF). */
static size_t stream_data_start(const struct lexer *x)
{
    size_t at = x->position;
    if (at < x->length && x->data[at] == '\r')
        at++;
    return at < x->length && x->data[at] == '\n' ? at + 1 : 0;
}

static int read_object_at(const struct pdf *pdf, size_t number, size_t offset,
                          struct object *out)
{
    struct lexer x;
    memset(out, 0, sizeof *out);
    if (open_object(pdf, number, offset, &x) != 0
        || parse_value(&x, 0, &out->facts, &out->value) != 0)
        return -1;
    struct token after = next_token(&x);
    out->scanned = x.position - offset;
    if (token_is(&x, after, TOKEN_KEYWORD, "stream")) {
        out->stream_start = stream_data_start(&x);
        return out->stream_start ? 0 : -1;
    }
    return token_is(&x, after, TOKEN_KEYWORD, "endobj") ? 0 : -1;
}

/* The object as the newest revision defines it. */
static int read_object(const struct pdf *pdf, size_t number, struct object *out)
{
    if (number >= pdf->object_count || pdf->state[number] != ENTRY_IN_USE)
        return -1;
    return read_object_at(pdf, number, pdf->offset[number], out);
}

static int resolve_length(const struct pdf *pdf, const struct facts *f, size_t *out)
{
    if (!f->has_length)
        return -1;
    if (!f->length_is_reference) {
        *out = f->length;
        return 0;
    }
    struct object holder;
    struct lexer x = {pdf->data, pdf->length, 0};
    if (read_object(pdf, f->length_object, &holder) != 0)
        return -1;
    return token_integer(&x, holder.value.token, out);
}

/* ---- the things we look for ---- */

struct findings {
    size_t records, links, proofs;
    struct object record, link, proof;
};

/* Many table entries pointing into one huge dictionary would make the
 * scan quadratic; a legitimate file's dictionaries (streams are skipped)
 * add up to far less than the file. */
static size_t scan_budget(const struct pdf *pdf)
{
    return 4 * pdf->length + 65536;
}

static int scan_objects(const struct pdf *pdf, struct findings *found, struct error *err)
{
    size_t work = 0;
    memset(found, 0, sizeof *found);
    for (size_t number = 1; number < pdf->object_count; number++) {
        struct object object;
        if (pdf->state[number] != ENTRY_IN_USE)
            continue;
        if (read_object(pdf, number, &object) != 0)
            return fail(err, "the PDF's object %zu is damaged", number);
        if ((work += object.scanned) > scan_budget(pdf))
            return fail(err, "the PDF's objects overlap; it was not written by starmark");
        if (object.facts.embedded_file && object.facts.record_type && found->records++ == 0)
            found->record = object;
        if (object.facts.embedded_file && object.facts.proof_type && found->proofs++ == 0)
            found->proof = object;
        if (object.facts.link_name && found->links++ == 0)
            found->link = object;
    }
    if (found->proofs > 1)
        return fail(err, "the PDF holds %zu log proofs; expected one at most", found->proofs);
    if (found->records != 1)
        return fail(err, "the PDF holds %zu starmark records; expected exactly one",
                    found->records);
    if (found->links != 1 || found->link.facts.uri_count != 1)
        return fail(err, "the PDF holds %zu starmark verification links; expected exactly one",
                    found->links);
    return 0;
}

static int has_nul(const char *data, size_t length)
{
    return memchr(data, '\0', length) != NULL;
}

/* An attachment's bytes (what: "record" or "log proof"), at most max. */
static int copy_attachment(const struct pdf *pdf, const struct object *file, const char *what,
                           size_t max, char **out, struct error *err)
{
    size_t length, start = file->stream_start;
    if (file->facts.filtered)
        return fail(err, "the PDF's %s is compressed; verify the PDF as issued", what);
    if (!file->stream_start || resolve_length(pdf, &file->facts, &length) != 0
        || length > pdf->length - start)
        return fail(err, "the PDF's %s stream is damaged", what);
    struct lexer x = {pdf->data, pdf->length, start + length};
    if (!token_is(&x, next_token(&x), TOKEN_KEYWORD, "endstream"))
        return fail(err, "the PDF's %s stream does not end where its length says", what);
    if (length == 0 || length > max || has_nul(pdf->data + start, length))
        return fail(err, "the PDF's %s is empty, too large or binary", what);
    *out = xmalloc(length + 1);
    memcpy(*out, pdf->data + start, length);
    (*out)[length] = '\0';
    return 0;
}

static int copy_url(const struct pdf *pdf, const struct object *link, char **out,
                    struct error *err)
{
    struct lexer x = {pdf->data, pdf->length, 0};
    struct buffer url = {0};
    if (decode_string(&x, link->facts.uri, &url) != 0 || url.length == 0
        || url.length > PDF_MAX_URL_BYTES) {
        buffer_free(&url);
        return fail(err, "the PDF's verification link is empty, damaged or too long");
    }
    for (size_t i = 0; i < url.length; i++) {
        unsigned char c = (unsigned char)url.data[i];
        if (c < 0x21 || c > 0x7E) {
            buffer_free(&url);
            return fail(err, "the PDF's verification link has a byte 0x%02X", c);
        }
    }
    *out = url.data;
    return 0;
}

/* Checks the size and the header, and reads the cross-reference table;
 * pdf_close frees what it read, whether this succeeded or not. */
static int pdf_open(struct pdf *pdf, const char *bytes, size_t length, struct error *err)
{
    *pdf = (struct pdf){bytes, length, NULL, NULL, 0, NULL, 0, 0};
    if (length > PDF_MAX_BYTES)
        return fail(err, "the PDF is larger than %d bytes", PDF_MAX_BYTES);
    if (length < 8 || memcmp(bytes, "%PDF-", 5) != 0)
        return fail(err, "not a PDF file");
    return read_xref(pdf, err);
}

static void pdf_close(struct pdf *pdf)
{
    free(pdf->state);
    free(pdf->offset);
    free(pdf->definitions);
}

int pdf_extract_record(const char *pdf_bytes, size_t length, char **record_out,
                       char **qr_url_out, char **proof_out, struct error *err)
{
    struct pdf pdf;
    struct findings found;
    *record_out = *qr_url_out = *proof_out = NULL;
    int status = pdf_open(&pdf, pdf_bytes, length, err) != 0
                 || scan_objects(&pdf, &found, err) != 0
                 || copy_attachment(&pdf, &found.record, "record", PDF_MAX_RECORD_BYTES,
                                    record_out, err) != 0
                 || (found.proofs && copy_attachment(&pdf, &found.proof, "log proof",
                                                     TLOG_PROOF_MAX_BYTES, proof_out, err) != 0)
                 || copy_url(&pdf, &found.link, qr_url_out, err) != 0 ? -1 : 0;
    if (status != 0) {
        free(*record_out);
        free(*proof_out);
        *record_out = *proof_out = NULL;
    }
    pdf_close(&pdf);
    return status;
}

/* The signature dictionary written last, over every revision. */
static int last_signature(const struct pdf *pdf, struct object *out, int *found,
                          struct error *err)
{
    size_t work = 0, newest = 0;
    *found = 0;
    for (size_t i = 0; i < pdf->definition_count; i++) {
        const struct definition *d = &pdf->definitions[i];
        struct object object;
        if (read_object_at(pdf, d->number, d->offset, &object) != 0)
            return fail(err, "the PDF's object %zu is damaged", d->number);
        if ((work += object.scanned) > scan_budget(pdf))
            return fail(err, "the PDF's objects overlap; it was not written by starmark");
        if (object.facts.signature && (!*found || d->offset > newest)) {
            *found = 1;
            newest = d->offset;
            *out = object;
        }
    }
    return 0;
}

static int describe_signature(const struct pdf *pdf, const struct facts *f,
                              struct pdf_signature_place *out, struct error *err)
{
    if (!f->byte_range_ok)
        return fail(err, "the PDF's signature has no /ByteRange of four whole numbers");
    if (!f->has_contents)
        return fail(err, "the PDF's signature has no hexadecimal /Contents");
    memcpy(out->byte_range, f->byte_range, sizeof out->byte_range);
    out->contents_start = f->contents.start - 1;
    out->contents_end = f->contents.start + f->contents.length + 1;
    out->signing_time[0] = '\0';
    if (!f->has_signing_time)
        return 0;
    struct lexer x = {pdf->data, pdf->length, 0};
    struct buffer time = {0};
    decode_string(&x, f->signing_time, &time);
    if (time.length < sizeof out->signing_time && !has_nul(time.data, time.length))
        memcpy(out->signing_time, time.data, time.length + 1);
    buffer_free(&time);
    return 0;
}

int pdf_find_signature(const char *pdf_bytes, size_t length, int *found,
                       struct pdf_signature_place *out, struct error *err)
{
    struct pdf pdf;
    struct object signature;
    *found = 0;
    int status = pdf_open(&pdf, pdf_bytes, length, err) != 0
                 || last_signature(&pdf, &signature, found, err) != 0
                 || (*found && describe_signature(&pdf, &signature.facts, out, err) != 0)
                     ? -1 : 0;
    pdf_close(&pdf);
    return status;
}
