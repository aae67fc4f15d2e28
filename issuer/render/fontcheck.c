/*
 * fontcheck.c: a read-only TrueType reader for just the tables that decide
 * whether a character prints: the table directory, cmap (3,1) format 4,
 * head, maxp, loca and the first word of each glyph in glyf.
 *
 * The file is mapped, not read, because a CJK font is 5-20 MB and a check
 * touches a few pages of it. Every read is bounds-checked: a font file is
 * configuration, and a truncated or hostile one must give an error, never a
 * crash.
 */
#include "fontcheck.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_FONT_BYTES ((size_t)64 << 20)

struct font_coverage {
    const unsigned char *data; /* the whole file, mapped */
    size_t size;
    size_t cmap;               /* offset of the format 4 subtable */
    uint16_t segment_count;
    size_t loca, glyf, glyf_length;
    int long_offsets;          /* head.indexToLocFormat */
    uint16_t glyph_count;
    int is_collection;         /* a .ttc: libharu needs the face index */
};

struct table {
    size_t offset, length;
};

static int read16(const struct font_coverage *font, size_t offset, uint16_t *out)
{
    if (offset > font->size || font->size - offset < 2)
        return -1;
    *out = (uint16_t)(font->data[offset] << 8 | font->data[offset + 1]);
    return 0;
}

static int read32(const struct font_coverage *font, size_t offset, uint32_t *out)
{
    uint16_t high, low;
    if (read16(font, offset, &high) != 0 || read16(font, offset + 2, &low) != 0)
        return -1;
    *out = (uint32_t)high << 16 | low;
    return 0;
}

/* Where the chosen face's table directory starts: 0 for a plain .ttf,
 * the collection's offset for a face of a .ttc. */
static int face_offset(struct font_coverage *font, unsigned face_index,
                       size_t *out, struct error *err)
{
    uint32_t tag, count, offset;
    if (read32(font, 0, &tag) != 0)
        return fail(err, "too short for a font");
    if (tag != 0x74746366) { /* "ttcf" */
        if (face_index != 0)
            return fail(err, "face %u requested, but the file is not a collection",
                        face_index);
        *out = 0;
        return 0;
    }
    if (read32(font, 8, &count) != 0 || face_index >= count)
        return fail(err, "the collection has no face %u", face_index);
    if (read32(font, 12 + 4 * (size_t)face_index, &offset) != 0)
        return fail(err, "truncated collection header");
    font->is_collection = 1;
    *out = offset;
    return 0;
}

static int find_table(const struct font_coverage *font, size_t face, const char *tag,
                      struct table *out, struct error *err)
{
    uint16_t count;
    if (read16(font, face + 4, &count) != 0)
        return fail(err, "truncated table directory");
    for (size_t i = 0; i < count; i++) {
        size_t record = face + 12 + 16 * i;
        uint32_t offset, length;
        if (record + 16 > font->size)
            return fail(err, "truncated table directory");
        if (memcmp(font->data + record, tag, 4) != 0)
            continue;
        if (read32(font, record + 8, &offset) != 0 || read32(font, record + 12, &length) != 0
            || offset > font->size || font->size - offset < length)
            return fail(err, "table '%s' lies outside the file", tag);
        out->offset = offset;
        out->length = length;
        return 0;
    }
    return fail(err, "no '%s' table", tag);
}

static int check_outline_format(const struct font_coverage *font, size_t face,
                                struct error *err)
{
    uint32_t version;
    if (read32(font, face, &version) != 0)
        return fail(err, "truncated font header");
    if (version == 0x4F54544F) /* "OTTO" */
        return fail(err, "CFF (PostScript) outlines; libharu needs TrueType outlines");
    if (version != 0x00010000 && version != 0x74727565) /* 1.0 or "true" */
        return fail(err, "not a TrueType font");
    return 0;
}

/* Finds the Windows Unicode BMP subtable (platform 3, encoding 1), the one
 * libharu 2.3.0 maps characters with, and checks its arrays are in bounds
 * and sorted, so lookups can binary-search without further checks. */
static int find_unicode_cmap(struct font_coverage *font, const struct table *cmap,
                             struct error *err)
{
    uint16_t count, format, length, doubled;
    if (read16(font, cmap->offset + 2, &count) != 0)
        return fail(err, "truncated cmap table");
    for (size_t i = 0; i < count; i++) {
        size_t record = cmap->offset + 4 + 8 * i;
        uint16_t platform, encoding;
        uint32_t offset;
        if (read16(font, record, &platform) != 0 || read16(font, record + 2, &encoding) != 0
            || read32(font, record + 4, &offset) != 0)
            return fail(err, "truncated cmap table");
        if (platform != 3 || encoding != 1)
            continue;
        font->cmap = cmap->offset + offset;
        if (read16(font, font->cmap, &format) != 0 || format != 4
            || read16(font, font->cmap + 2, &length) != 0
            || read16(font, font->cmap + 6, &doubled) != 0 || doubled < 2 || doubled % 2)
            return fail(err, "the Unicode cmap is not a valid format 4 subtable");
        font->segment_count = doubled / 2;
        if (font->cmap + 16 + 4 * (size_t)doubled > font->size)
            return fail(err, "the Unicode cmap lies outside the file");
        return 0;
    }
    return fail(err, "no Windows Unicode (3,1) cmap, which libharu requires");
}

enum cmap_array { END_CODES, START_CODES, DELTAS, RANGE_OFFSETS };

/* The four parallel arrays of a format 4 subtable follow its 14-byte
 * header; a 2-byte pad separates the first from the other three. */
static size_t cmap_array(const struct font_coverage *font, enum cmap_array which)
{
    size_t size = 2 * (size_t)font->segment_count;
    return 14 + (size_t)which * size + (which == END_CODES ? 0 : 2);
}

static uint16_t segment_value(const struct font_coverage *font, enum cmap_array which,
                              size_t segment)
{
    uint16_t value = 0;
    read16(font, font->cmap + cmap_array(font, which) + 2 * segment, &value);
    return value; /* in bounds: find_unicode_cmap checked the arrays */
}

static int check_segments_sorted(const struct font_coverage *font, struct error *err)
{
    for (size_t i = 0; i < font->segment_count; i++) {
        uint16_t start = segment_value(font, START_CODES, i);
        uint16_t end = segment_value(font, END_CODES, i);
        if (start > end
            || (i > 0 && segment_value(font, END_CODES, i - 1) >= start))
            return fail(err, "the Unicode cmap's segments are not sorted");
    }
    return 0;
}

static int read_glyph_tables(struct font_coverage *font, size_t face, struct error *err)
{
    struct table head, maxp, loca, glyf;
    uint16_t format;
    if (find_table(font, face, "head", &head, err) != 0
        || find_table(font, face, "maxp", &maxp, err) != 0
        || find_table(font, face, "loca", &loca, err) != 0
        || find_table(font, face, "glyf", &glyf, err) != 0)
        return -1;
    if (read16(font, head.offset + 50, &format) != 0 || format > 1
        || read16(font, maxp.offset + 4, &font->glyph_count) != 0)
        return fail(err, "invalid head or maxp table");
    font->long_offsets = format == 1;
    font->loca = loca.offset;
    font->glyf = glyf.offset;
    font->glyf_length = glyf.length;
    size_t needed = ((size_t)font->glyph_count + 1) * (font->long_offsets ? 4 : 2);
    if (loca.length < needed)
        return fail(err, "the loca table is shorter than the glyph count");
    return 0;
}

static int map_file(struct font_coverage *font, const char *path, struct error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return fail(err, "%s: %s", path, strerror(errno));
    struct stat info;
    if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode) || info.st_size < 12
        || (size_t)info.st_size > MAX_FONT_BYTES) {
        close(fd);
        return fail(err, "%s: not a regular font file of at most %zu bytes", path,
                    MAX_FONT_BYTES);
    }
    void *data = mmap(NULL, (size_t)info.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    int saved = errno;
    close(fd);
    if (data == MAP_FAILED)
        return fail(err, "%s: %s", path, strerror(saved));
    font->data = data;
    font->size = (size_t)info.st_size;
    return 0;
}

static int read_tables(struct font_coverage *font, unsigned face_index, struct error *err)
{
    size_t face = 0;
    struct table cmap;
    if (face_offset(font, face_index, &face, err) != 0
        || check_outline_format(font, face, err) != 0
        || find_table(font, face, "cmap", &cmap, err) != 0
        || find_unicode_cmap(font, &cmap, err) != 0
        || check_segments_sorted(font, err) != 0)
        return -1;
    return read_glyph_tables(font, face, err);
}

struct font_coverage *font_coverage_load(const char *path, unsigned face_index,
                                         struct error *err)
{
    struct font_coverage *font = xcalloc(1, sizeof *font);
    if (map_file(font, path, err) != 0) {
        free(font);
        return NULL;
    }
    if (read_tables(font, face_index, err) != 0) {
        char reason[sizeof err->message];
        snprintf(reason, sizeof reason, "%s", err->message);
        fail(err, "%s: %s", path, reason);
        font_coverage_free(font);
        return NULL;
    }
    return font;
}

int font_coverage_is_collection(const struct font_coverage *font)
{
    return font->is_collection;
}

void font_coverage_free(struct font_coverage *font)
{
    if (!font)
        return;
    if (font->data)
        munmap((void *)font->data, font->size);
    free(font);
}

/* The cmap lookup, with libharu's choice of segment (the first whose end
 * is not below the character) but the specification's rule that a zero in
 * the glyph array means "missing". Returns 0 for missing. */
static uint16_t glyph_index(const struct font_coverage *font, uint16_t code)
{
    size_t low = 0, high = font->segment_count;
    while (low < high) {
        size_t middle = low + (high - low) / 2;
        if (segment_value(font, END_CODES, middle) < code)
            low = middle + 1;
        else
            high = middle;
    }
    if (low == font->segment_count || segment_value(font, START_CODES, low) > code)
        return 0;
    uint16_t start = segment_value(font, START_CODES, low);
    uint16_t delta = segment_value(font, DELTAS, low);
    uint16_t range = segment_value(font, RANGE_OFFSETS, low);
    if (range == 0)
        return (uint16_t)(code + delta);
    size_t where = font->cmap + cmap_array(font, RANGE_OFFSETS) + 2 * low + range + 2 * (size_t)(code - start);
    uint16_t glyph;
    if (read16(font, where, &glyph) != 0 || glyph == 0)
        return 0;
    return (uint16_t)(glyph + delta);
}

static int glyph_extent(const struct font_coverage *font, uint16_t glyph,
                        size_t *start, size_t *length)
{
    size_t begin, end;
    if (font->long_offsets) {
        uint32_t a, b;
        if (read32(font, font->loca + 4 * (size_t)glyph, &a) != 0
            || read32(font, font->loca + 4 * (size_t)glyph + 4, &b) != 0)
            return -1;
        begin = a, end = b;
    } else {
        uint16_t a, b;
        if (read16(font, font->loca + 2 * (size_t)glyph, &a) != 0
            || read16(font, font->loca + 2 * (size_t)glyph + 2, &b) != 0)
            return -1;
        begin = 2 * (size_t)a, end = 2 * (size_t)b;
    }
    if (end < begin || end > font->glyf_length)
        return -1;
    *start = begin;
    *length = end - begin;
    return 0;
}

static int is_space(uint32_t code_point)
{
    return code_point == 0x20 || code_point == 0xA0 || code_point == 0x3000
           || (code_point >= 0x2000 && code_point <= 0x200A);
}

static int is_simple_glyph(const struct font_coverage *font, uint16_t glyph)
{
    size_t start, length;
    uint16_t contours;
    return glyph != 0 && glyph < font->glyph_count
           && glyph_extent(font, glyph, &start, &length) == 0
           && (length == 0
               || (read16(font, font->glyf + start, &contours) == 0 && (int16_t)contours >= 0));
}

/* libharu 2.3.0 embeds a composite glyph's parts only one level deep and
 * reads their indices as signed 16-bit numbers, so a composite prints only
 * when every part is a simple glyph below index 32768 (measured: DejaVu's
 * "i" prints, Droid Sans Fallback's high-index parts come out blank). */
static int composite_prints(const struct font_coverage *font, size_t start, size_t length)
{
    enum { ARGS_ARE_WORDS = 0x01, HAVE_SCALE = 0x08, MORE_COMPONENTS = 0x20,
           HAVE_XY_SCALE = 0x40, HAVE_TWO_BY_TWO = 0x80 };
    size_t cursor = font->glyf + start + 10, end = font->glyf + start + length;
    uint16_t flags, part;
    do {
        if (cursor + 4 > end || read16(font, cursor, &flags) != 0
            || read16(font, cursor + 2, &part) != 0)
            return 0;
        if (part > 32767 || !is_simple_glyph(font, part))
            return 0;
        cursor += 4 + (flags & ARGS_ARE_WORDS ? 4 : 2);
        cursor += flags & HAVE_SCALE ? 2 : flags & HAVE_XY_SCALE ? 4 : flags & HAVE_TWO_BY_TWO ? 8 : 0;
    } while (flags & MORE_COMPONENTS);
    return 1;
}

enum glyph_status font_glyph_status(const struct font_coverage *font, uint32_t code_point)
{
    if (code_point > 0xFFFF)
        return GLYPH_MISSING;
    uint16_t glyph = glyph_index(font, (uint16_t)code_point);
    size_t start, length;
    if (glyph == 0 || glyph >= font->glyph_count || glyph_extent(font, glyph, &start, &length) != 0)
        return GLYPH_MISSING;
    if (length == 0)
        return is_space(code_point) ? GLYPH_DRAWABLE : GLYPH_BLANK;
    uint16_t contours;
    if (length < 10 || read16(font, font->glyf + start, &contours) != 0)
        return GLYPH_MISSING;
    if ((int16_t)contours < 0)
        return composite_prints(font, start, length) ? GLYPH_DRAWABLE : GLYPH_COMPOSITE;
    if (contours == 0 && !is_space(code_point))
        return GLYPH_BLANK;
    return GLYPH_DRAWABLE;
}

int font_set_add(struct font_set *set, const char *path, unsigned face_index,
                 int ascii_only, struct error *err)
{
    if (set->count == FONT_SET_MAX_FACES)
        return fail(err, "at most %d fonts", FONT_SET_MAX_FACES);
    struct font_coverage *face = font_coverage_load(path, face_index, err);
    if (!face)
        return -1;
    set->faces[set->count] = face;
    set->ascii_only[set->count] = ascii_only;
    set->used[set->count] = NULL;
    set->count++;
    return 0;
}

void font_set_free(struct font_set *set)
{
    for (size_t i = 0; i < set->count; i++) {
        font_coverage_free(set->faces[i]);
        free(set->used[i]);
    }
    set->count = 0;
}

int font_set_code_point_used(const unsigned char *used, uint32_t code_point)
{
    return used && code_point < FONT_SET_CODE_POINTS
           && (used[code_point / 8] >> (code_point % 8) & 1);
}

static void mark_used(struct font_set *set, int face, uint32_t code_point)
{
    if (!set->used[face])
        set->used[face] = xcalloc(FONT_SET_CODE_POINTS / 8, 1);
    set->used[face][code_point / 8] |= (unsigned char)(1u << (code_point % 8));
}

static int is_printable_ascii(uint32_t code_point)
{
    return code_point >= 0x20 && code_point <= 0x7E;
}

int font_set_face_for(const struct font_set *set, uint32_t code_point,
                      enum glyph_status *why)
{
    enum glyph_status worst = GLYPH_MISSING;
    for (size_t i = 0; i < set->count; i++) {
        if (set->ascii_only[i] && !is_printable_ascii(code_point))
            continue;
        enum glyph_status status = font_glyph_status(set->faces[i], code_point);
        if (status == GLYPH_DRAWABLE)
            return (int)i;
        if (status != GLYPH_MISSING) /* a near miss explains more than "missing" */
            worst = status;
    }
    if (why)
        *why = worst;
    return -1;
}

static const char *status_reason(enum glyph_status status, uint32_t code_point)
{
    if (code_point > 0xFFFF)
        return "it lies outside the Basic Multilingual Plane, which the PDF library cannot draw";
    switch (status) {
    case GLYPH_COMPOSITE:
        return "the fonts build it from composite glyphs, which the PDF library drops";
    case GLYPH_BLANK:
        return "the fonts draw it blank";
    default:
        return "none of the certificate fonts has a glyph for it";
    }
}

static int is_control(uint32_t code_point)
{
    return code_point < 0x20 || code_point == 0x7F || (code_point >= 0x80 && code_point < 0xA0);
}

int font_set_check_text(struct font_set *set, const char *field, const char *text,
                        int multiline, struct error *err)
{
    const unsigned char *cursor = (const unsigned char *)text;
    while (*cursor) {
        size_t at = (size_t)(cursor - (const unsigned char *)text);
        uint32_t code_point;
        size_t length = utf8_decode(cursor, &code_point);
        if (length == 0)
            return fail(err, "%s: invalid UTF-8 at byte %zu", field, at);
        cursor += length;
        if (multiline && code_point == '\n')
            continue;
        if (is_control(code_point))
            return fail(err, "%s: control character U+%04X at byte %zu", field,
                        (unsigned)code_point, at);
        enum glyph_status why;
        int face = font_set_face_for(set, code_point, &why);
        if (face < 0)
            return fail(err, "%s: cannot print \"%.*s\" (U+%04X): %s", field, (int)length,
                        text + at, (unsigned)code_point, status_reason(why, code_point));
        mark_used(set, face, code_point);
    }
    return 0;
}
