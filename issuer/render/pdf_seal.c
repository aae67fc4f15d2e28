/*
 * pdf_seal.c: the signature field and the signing update (pdf_seal.h).
 *
 * The update, appended after libharu's %%EOF (ISO 32000-1 7.5.6, 12.7.4.5,
 * 12.8):
 *
 *   W 0 obj <</Type/Annot/Subtype/Widget/FT/Sig/T(starmark-seal)/F 132
 *            /P page/Rect[...]/V S 0 R/AP<</N picture>>>>      the widget, signed
 *   A 0 obj <</Fields[W 0 R]/SigFlags 3>>                       SignaturesExist|AppendOnly
 *   S 0 obj <</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached
 *            /M(D:...)/ByteRange[0 a b c]/Contents <CMS, zero-padded>>>
 *   xref, one subsection per object; trailer with /Prev; startxref
 *
 * a is the offset of /Contents' '<', b the offset just past its '>', and
 * b + c the length of the file. The ByteRange is written as spaces first
 * and filled in at the same width, the covered bytes are signed, and the
 * CMS goes into the gap as hex; the hole is sized from the certificates and
 * the key (cms_seal_max_size), so nothing moves.
 *
 * The widget's members are written twice, by libharu without /V and /AP
 * and in the update with them; SEAL_WIDGET_FLAGS and SEAL_FIELD_NAME keep
 * the two alike.
 */
#include "pdf_seal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

#define SEAL_FIELD_NAME "starmark-seal"
#define SEAL_WIDGET_FLAGS 132       /* Print | Locked */
#define BYTE_RANGE_WIDTH 48         /* "[0 a b c]" padded with spaces */
#define OBJECT_NUMBER_MASK 0x00FFFFFFu

static int library_failed(HPDF_Doc pdf, const char *what, struct error *err)
{
    return fail(err, "cannot %s: PDF library error 0x%04X", what,
                (unsigned)HPDF_GetError(pdf));
}

static unsigned object_number(const void *object)
{
    return ((const HPDF_Obj_Header *)object)->obj_id & OBJECT_NUMBER_MASK;
}

static HPDF_Array rect_array(HPDF_Doc pdf, HPDF_Rect rect)
{
    HPDF_Array array = HPDF_Array_New(pdf->mmgr);
    if (array && (HPDF_Array_AddReal(array, rect.left) | HPDF_Array_AddReal(array, rect.bottom)
                  | HPDF_Array_AddReal(array, rect.right) | HPDF_Array_AddReal(array, rect.top))
                     != HPDF_OK)
        return NULL;
    return array;
}

/* ---- before saving ---- */

int pdf_seal_begin_picture(HPDF_Doc pdf, HPDF_Page page, HPDF_Rect rect,
                           struct pdf_seal_picture *out, struct error *err)
{
    HPDF_Dict form = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    HPDF_Array box = form ? rect_array(pdf, rect) : NULL;
    if (!box || (HPDF_Dict_AddName(form, "Type", "XObject")
                 | HPDF_Dict_AddName(form, "Subtype", "Form") | HPDF_Dict_Add(form, "BBox", box))
                    != HPDF_OK)
        return library_failed(pdf, "start the seal's picture", err);
    form->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    HPDF_PageAttr attr = page->attr;
    out->form = form;
    out->page_stream = attr->stream;
    attr->stream = form->stream; /* libharu draws into attr->stream */
    HPDF_Page_GSave(page);
    return 0;
}

/* The form draws with the page's font names: give it the page's fonts. */
static HPDF_Dict page_fonts(HPDF_Doc pdf, HPDF_Page page)
{
    HPDF_PageAttr attr = page->attr;
    HPDF_Dict fonts = HPDF_Dict_New(pdf->mmgr);
    for (HPDF_UINT i = 0; fonts && attr->fonts && i < attr->fonts->list->count; i++) {
        HPDF_DictElement element = HPDF_List_ItemAt(attr->fonts->list, i);
        HPDF_Obj_Header *header = element->value;
        void *font = header->obj_class == HPDF_OCLASS_PROXY
                         ? ((HPDF_Proxy)element->value)->obj : element->value;
        if (HPDF_Dict_Add(fonts, element->key, font) != HPDF_OK)
            return NULL;
    }
    return fonts;
}

int pdf_seal_end_picture(HPDF_Doc pdf, HPDF_Page page, struct pdf_seal_picture *picture,
                         struct error *err)
{
    HPDF_Page_GRestore(page);
    ((HPDF_PageAttr)page->attr)->stream = picture->page_stream;
    HPDF_Dict resources = HPDF_Dict_New(pdf->mmgr), fonts = page_fonts(pdf, page);
    if (!resources || !fonts || HPDF_Dict_Add(resources, "Font", fonts) != HPDF_OK
        || HPDF_Dict_Add(picture->form, "Resources", resources) != HPDF_OK
        || HPDF_GetError(pdf) != HPDF_OK)
        return library_failed(pdf, "finish the seal's picture", err);
    return 0;
}

/* The page's /Annots, created when it has none. */
static HPDF_Array page_annotations(HPDF_Doc pdf, HPDF_Page page)
{
    HPDF_Array annotations = HPDF_Dict_GetItem(page, "Annots", HPDF_OCLASS_ARRAY);
    if (annotations)
        return annotations;
    annotations = HPDF_Array_New(pdf->mmgr);
    return annotations && HPDF_Dict_Add(page, "Annots", annotations) == HPDF_OK ? annotations
                                                                               : NULL;
}

int pdf_seal_add_field(HPDF_Doc pdf, HPDF_Page page, HPDF_Rect rect,
                       const struct pdf_seal_picture *picture, struct pdf_seal_field *out,
                       struct error *err)
{
    if (!picture)
        rect = (HPDF_Rect){0, 0, 0, 0};
    HPDF_MMgr memory = pdf->mmgr;
    HPDF_Dict widget = HPDF_Dict_New(memory), form = HPDF_Dict_New(memory);
    HPDF_Array fields = HPDF_Array_New(memory), box = rect_array(pdf, rect);
    HPDF_Array annotations = page_annotations(pdf, page);
    if (!widget || !form || !fields || !box || !annotations
        || HPDF_Xref_Add(pdf->xref, widget) != HPDF_OK || HPDF_Xref_Add(pdf->xref, form) != HPDF_OK)
        return library_failed(pdf, "add the seal's signature field", err);
    HPDF_STATUS status = HPDF_Dict_AddName(widget, "Type", "Annot");
    status |= HPDF_Dict_AddName(widget, "Subtype", "Widget");
    status |= HPDF_Dict_AddName(widget, "FT", "Sig");
    status |= HPDF_Dict_Add(widget, "T", HPDF_String_New(memory, SEAL_FIELD_NAME, NULL));
    status |= HPDF_Dict_AddNumber(widget, "F", SEAL_WIDGET_FLAGS);
    status |= HPDF_Dict_Add(widget, "P", page);
    status |= HPDF_Dict_Add(widget, "Rect", box);
    status |= HPDF_Array_Add(fields, widget) | HPDF_Dict_Add(form, "Fields", fields);
    status |= HPDF_Dict_Add(pdf->catalog, "AcroForm", form);
    status |= HPDF_Array_Add(annotations, widget);
    if (status != HPDF_OK)
        return library_failed(pdf, "add the seal's signature field", err);
    *out = (struct pdf_seal_field){object_number(widget), object_number(form),
                                   object_number(page),
                                   picture ? object_number(picture->form) : 0,
                                   object_number(pdf->catalog),
                                   pdf->info ? object_number(pdf->info) : 0, rect};
    return 0;
}

/* ---- after saving ---- */

/* The whole number after the last keyword in the file's last KB. */
static int number_after(const unsigned char *pdf, size_t length, const char *keyword,
                        size_t *out)
{
    size_t from = length > 1024 ? length - 1024 : 0, size = strlen(keyword);
    for (size_t at = length; at-- > from;)
        if (length - at > size + 1 && memcmp(pdf + at, keyword, size) == 0) {
            const char *start = (const char *)pdf + at + size + 1, *end = start;
            size_t value = 0;
            while (end < (const char *)pdf + length && *end >= '0' && *end <= '9'
                   && end - start < 12)
                value = value * 10 + (size_t)(*end++ - '0');
            *out = value;
            return end > start && value < length ? 0 : -1;
        }
    return -1;
}

/* "D:20261203194523+08'00'" from "2026-12-03T19:45:23+08:00". */
static void pdf_date(long long seconds, char out[32])
{
    char iso[32];
    timestamp_format(seconds, iso);
    snprintf(out, 32, "D:%.4s%.2s%.2s%.2s%.2s%.2s%c%.2s'%.2s'", iso, iso + 5, iso + 8, iso + 11,
             iso + 14, iso + 17, iso[19], iso + 20, iso + 23);
}

struct update {
    struct buffer text;
    size_t base;                    /* the saved file's length */
    unsigned signature;             /* the signature's object number: the old /Size */
    size_t offsets[3];              /* of the widget, the form, the signature */
    size_t byte_range, contents;    /* where they start in text */
};

static void write_objects(struct update *u, const struct pdf_seal_field *field,
                          const struct seal_signer *signer, size_t hole)
{
    char date[32];
    pdf_date(signer->signing_time, date);
    struct buffer *t = &u->text;
    buffer_append_string(t, "\n");
    u->offsets[0] = u->base + t->length;
    buffer_printf(t, "%u 0 obj\n<</Type/Annot/Subtype/Widget/FT/Sig/T(%s)/F %d/P %u 0 R"
                  "/Rect[%.2f %.2f %.2f %.2f]/V %u 0 R", field->widget, SEAL_FIELD_NAME,
                  SEAL_WIDGET_FLAGS, field->page, (double)field->rect.left,
                  (double)field->rect.bottom, (double)field->rect.right,
                  (double)field->rect.top, u->signature);
    if (field->picture)
        buffer_printf(t, "/AP<</N %u 0 R>>", field->picture);
    buffer_append_string(t, ">>\nendobj\n");
    u->offsets[1] = u->base + t->length;
    buffer_printf(t, "%u 0 obj\n<</Fields[%u 0 R]/SigFlags 3>>\nendobj\n", field->form,
                  field->widget);
    u->offsets[2] = u->base + t->length;
    buffer_printf(t, "%u 0 obj\n<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached"
                  "/M(%s)/ByteRange", u->signature, date);
    u->byte_range = t->length;
    buffer_printf(t, "%*s/Contents ", BYTE_RANGE_WIDTH, "");
    u->contents = t->length;
    buffer_append_string(t, "<");
    for (size_t i = 0; i < hole; i++)
        buffer_append(t, "0", 1);
    buffer_append_string(t, ">>>\nendobj\n");
}

static void write_xref(struct update *u, const struct pdf_seal_field *field,
                       size_t previous_xref)
{
    const unsigned numbers[] = {field->widget, field->form, u->signature};
    struct buffer *t = &u->text;
    size_t xref = u->base + t->length;
    buffer_append_string(t, "xref\n");
    for (size_t i = 0; i < 3; i++) /* ascending: libharu numbered the first two in order */
        buffer_printf(t, "%u 1\n%010zu 00000 n\r\n", numbers[i], u->offsets[i]);
    buffer_printf(t, "trailer\n<</Size %u/Root %u 0 R", u->signature + 1, field->catalog);
    if (field->info)
        buffer_printf(t, "/Info %u 0 R", field->info);
    buffer_printf(t, "/Prev %zu>>\nstartxref\n%zu\n%%%%EOF\n", previous_xref, xref);
}

/* Fills in the ByteRange, signs what it covers and puts the CMS in the hole. */
static int sign_into(unsigned char *file, size_t length, const struct update *u, size_t hole,
                     const struct seal_signer *signer, struct error *err)
{
    size_t a = u->base + u->contents, b = a + hole + 2;
    char range[BYTE_RANGE_WIDTH + 1];
    int width = snprintf(range, sizeof range, "[0 %zu %zu %zu]", a, b, length - b);
    if (width < 0 || width > BYTE_RANGE_WIDTH)
        return fail(err, "the PDF is too large to seal");
    memcpy(file + u->base + u->byte_range, range, (size_t)width);
    unsigned char *der;
    size_t der_length;
    if (cms_seal_sign(signer, file, a, file + b, length - b, &der, &der_length, err) != 0)
        return -1;
    int fits = 2 * der_length <= hole;
    for (size_t i = 0; fits && i < der_length; i++) {
        static const char digits[] = "0123456789ABCDEF";
        file[a + 1 + 2 * i] = (unsigned char)digits[der[i] >> 4];
        file[a + 2 + 2 * i] = (unsigned char)digits[der[i] & 15];
    }
    free(der);
    return fits ? 0 : fail(err, "the seal's signature is larger than the room kept for it");
}

int pdf_seal_sign(unsigned char **pdf, size_t *length, const struct pdf_seal_field *field,
                  const struct seal_signer *signer, struct error *err)
{
    size_t previous_xref, size;
    /* libharu adds objects while saving (font parts): the saved trailer
     * has the true /Size */
    if (number_after(*pdf, *length, "startxref", &previous_xref) != 0
        || number_after(*pdf, *length, "/Size", &size) != 0)
        return fail(err, "the PDF library's output has no trailer to append to");
    size_t hole = 2 * cms_seal_max_size(signer);
    struct update u = {{0}, *length, (unsigned)size, {0}, 0, 0};
    write_objects(&u, field, signer, hole);
    write_xref(&u, field, previous_xref);
    size_t total = *length + u.text.length;
    unsigned char *file = xrealloc(*pdf, total);
    memcpy(file + *length, u.text.data, u.text.length);
    buffer_free(&u.text);
    *pdf = file;
    *length = total;
    return sign_into(file, total, &u, hole, signer, err);
}
