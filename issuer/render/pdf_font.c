/*
 * pdf_font.c: embedding a TrueType face, with two savings and one repair
 * for libharu 2.3.0 (the repair, a valid ToUnicode map, is further down).
 *
 * HPDF_GetFont with the UTF-8 encoder asks HPDF_TTFontDef_GetGlyphid for
 * every one of the 65,536 BMP code points, and that function searches the
 * font's cmap segments linearly: AR PL SungtiL GB has 3,641 segments, so a
 * certificate spent ~40 ms of its ~50 ms there. What it finds becomes the
 * PDF's CIDToGIDMap and width array, written for every code point the font
 * covers (~45 KB of a certificate for two faces), although a certificate
 * uses a few hundred.
 *
 * So before HPDF_GetFont runs, the parsed cmap in the face's definition is
 * replaced by one with two segments: [U+0000, U+FFFE] through a flat
 * 65,535-entry glyph array, and the mandatory U+FFFF terminator. The flat
 * array holds, for each code point the document uses, the glyph libharu's
 * own lookup rule finds in libharu's own parsed segments, and 0 (missing)
 * for every other. Each lookup then takes one step, the map and widths
 * shrink to the characters drawn, and every drawn character maps to the
 * glyph it mapped to before (tests/render_harness.c compares all 65,536
 * with every code point marked used). text_layout.c refuses to draw a
 * character that was not marked, so none can come out blank.
 *
 * This reaches into libharu's font definition through its installed
 * headers (hpdf_fontdef.h), so it is done only for the version whose
 * layout it was written against, and only for a format 4 cmap; otherwise
 * the font loads the ordinary, slower and larger way.
 */
#include "pdf_font.h"

#include <stdio.h>
#include <string.h>

#include "fontcheck.h"

#define FLAT_CODE_POINTS 0xFFFF /* U+0000..U+FFFE; U+FFFF ends the cmap */

/* libharu's HPDF_TTFontDef_GetGlyphid for code, given the segment that
 * holds it (the first whose end is not below code). */
static HPDF_UINT16 segment_glyph(const HPDF_TTF_CmapRange *cmap, unsigned segment,
                                 unsigned code)
{
    unsigned segments = cmap->seg_count_x2 / 2u;
    if (segment == segments || cmap->start_count[segment] > code)
        return 0;
    if (cmap->id_range_offset[segment] == 0)
        return (HPDF_UINT16)(code + (unsigned)cmap->id_delta[segment]);
    unsigned index = cmap->id_range_offset[segment] / 2u + (code - cmap->start_count[segment])
                     - (segments - segment);
    if (index >= cmap->glyph_id_array_count)
        return 0;
    return (HPDF_UINT16)(cmap->glyph_id_array[index] + (unsigned)cmap->id_delta[segment]);
}

static void *font_memory(HPDF_FontDef fontdef, size_t bytes)
{
    return HPDF_GetMem(fontdef->mmgr, (HPDF_UINT)bytes);
}

/* Installs the two-segment cmap; on failure frees what it allocated and
 * leaves the original cmap in place, still correct, only slow. */
static void replace_cmap(HPDF_FontDef fontdef, HPDF_TTF_CmapRange *cmap, HPDF_UINT16 *glyphs)
{
    HPDF_UINT16 *end = font_memory(fontdef, 2 * sizeof *end);
    HPDF_UINT16 *start = font_memory(fontdef, 2 * sizeof *start);
    HPDF_INT16 *delta = font_memory(fontdef, 2 * sizeof *delta);
    HPDF_UINT16 *range = font_memory(fontdef, 2 * sizeof *range);
    void *fresh[] = {glyphs, end, start, delta, range};
    void *stale[] = {cmap->glyph_id_array, cmap->end_count, cmap->start_count,
                     cmap->id_delta, cmap->id_range_offset};
    int complete = end && start && delta && range;
    void **discard = complete ? stale : fresh;
    for (size_t i = 0; i < sizeof fresh / sizeof fresh[0]; i++)
        if (discard[i])
            HPDF_FreeMem(fontdef->mmgr, discard[i]);
    if (!complete)
        return;
    /* Segment 0 reads glyphs[code]: range/2 + code - (2 - 0) == code. */
    start[0] = 0, end[0] = FLAT_CODE_POINTS - 1, delta[0] = 0, range[0] = 4;
    start[1] = 0xFFFF, end[1] = 0xFFFF, delta[1] = 1, range[1] = 0; /* U+FFFF: glyph 0 */
    cmap->end_count = end, cmap->start_count = start;
    cmap->id_delta = delta, cmap->id_range_offset = range;
    cmap->glyph_id_array = glyphs;
    cmap->glyph_id_array_count = FLAT_CODE_POINTS;
    cmap->seg_count_x2 = 4;
}

static void flatten_cmap(HPDF_FontDef fontdef, const unsigned char *used)
{
    if (strcmp(HPDF_GetVersion(), "2.3.0") != 0 || fontdef->type != HPDF_FONTDEF_TYPE_TRUETYPE)
        return;
    HPDF_TTF_CmapRange *cmap = &((HPDF_TTFontDefAttr)fontdef->attr)->cmap;
    unsigned segments = cmap->seg_count_x2 / 2u;
    if (cmap->format != 4 || segments <= 2)
        return;
    HPDF_UINT16 *glyphs = font_memory(fontdef, FLAT_CODE_POINTS * sizeof *glyphs);
    if (!glyphs)
        return;
    unsigned segment = 0;
    for (unsigned code = 0; code < FLAT_CODE_POINTS; code++) {
        while (segment < segments && cmap->end_count[segment] < code)
            segment++;
        glyphs[code] = !used || font_set_code_point_used(used, code)
                           ? segment_glyph(cmap, segment, code) : 0;
    }
    replace_cmap(fontdef, cmap, glyphs);
}

/* ---- the ToUnicode map ---- */

/* libharu 2.3.0 gives a UTF-8 font, as its ToUnicode map, a copy of its
 * encoding CMap: "<0000> <FFFF> 0" under "begincidrange", an operator a
 * ToUnicode map does not have (PDF 32000-1 9.10.3 allows only bfchar and
 * bfrange). Poppler warns and falls back on the font; a reader that does
 * not cannot map the text back to characters for copying or searching.
 * With this encoder a character's code is its BMP code point, so the right
 * map is the identity over the characters drawn with the face: rewrite the
 * stream with those as bfchar entries (100 per block, the CMap limit), and
 * drop the encoding-CMap keys libharu put in its dictionary. */
static HPDF_STATUS write_to_unicode(HPDF_Stream stream, const unsigned char *used)
{
    static const char head[] =
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
    static const char tail[] = "endcmap\nCMapName currentdict /CMap defineresource pop\n"
                               "end\nend\n";
    HPDF_STATUS status = HPDF_Stream_WriteStr(stream, head);
    unsigned codes[100], count = 0;
    for (unsigned code = 1; code <= FLAT_CODE_POINTS && status == HPDF_OK; code++) {
        int wanted = code < FLAT_CODE_POINTS && (code < 0xD800 || code > 0xDFFF)
                     && (!used || font_set_code_point_used(used, code));
        if (wanted)
            codes[count++] = code;
        if (count == 100 || (code == FLAT_CODE_POINTS && count > 0)) {
            char line[32];
            snprintf(line, sizeof line, "%u beginbfchar\n", count);
            status |= HPDF_Stream_WriteStr(stream, line);
            for (unsigned i = 0; i < count; i++) {
                snprintf(line, sizeof line, "<%04X> <%04X>\n", codes[i], codes[i]);
                status |= HPDF_Stream_WriteStr(stream, line);
            }
            status |= HPDF_Stream_WriteStr(stream, "endbfchar\n");
            count = 0;
        }
    }
    return status | HPDF_Stream_WriteStr(stream, tail);
}

static HPDF_STATUS fix_to_unicode(HPDF_Font font, const unsigned char *used)
{
    if (strcmp(HPDF_GetVersion(), "2.3.0") != 0)
        return HPDF_OK;
    HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
    HPDF_Dict map = attr ? attr->cmap_stream : NULL;
    if (!map || attr->type != HPDF_FONT_TYPE0_TT || !map->stream
        || HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT) != map)
        return HPDF_OK;
    HPDF_MemStream_FreeData(map->stream);
    static const char *const encoding_keys[] = {"Type", "CMapName", "CIDSystemInfo", "WMode"};
    for (size_t i = 0; i < sizeof encoding_keys / sizeof encoding_keys[0]; i++)
        HPDF_Dict_RemoveElement(map, encoding_keys[i]); /* absent: no error */
    return write_to_unicode(map->stream, used);
}

static void describe_error(HPDF_Doc pdf, const char *path, struct error *err)
{
    fail(err, "%s: the PDF library refused the font (error 0x%04X, detail %u)", path,
         (unsigned)HPDF_GetError(pdf), (unsigned)HPDF_GetErrorDetail(pdf));
}

HPDF_Font pdf_font_load(HPDF_Doc pdf, const char *path, unsigned face_index,
                        int is_collection, const unsigned char *used, struct error *err)
{
    const char *name = is_collection
                           ? HPDF_LoadTTFontFromFile2(pdf, path, face_index, HPDF_TRUE)
                           : HPDF_LoadTTFontFromFile(pdf, path, HPDF_TRUE);
    HPDF_FontDef fontdef = name ? HPDF_GetFontDef(pdf, name) : NULL;
    if (!fontdef) {
        describe_error(pdf, path, err);
        return NULL;
    }
    flatten_cmap(fontdef, used);
    HPDF_Font font = HPDF_GetFont(pdf, name, "UTF-8");
    if (!font || fix_to_unicode(font, used) != HPDF_OK) {
        describe_error(pdf, path, err);
        return NULL;
    }
    return font;
}
