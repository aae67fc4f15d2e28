/*
 * pdf_embed.c: building the attachment and the link with libharu's object
 * layer.
 *
 * HPDF_AttachFile in libharu 2.3.0 cannot be used as it is: it reads the
 * attachment from a file, names it by that file's full path, marks its
 * file specification "/Type /F" instead of "/Filespec", and always
 * compresses it, which would force every verifier to link zlib. So the same
 * objects are built here: an EmbeddedFile stream stored plain, a Filespec
 * naming it, and an entry in the catalog's EmbeddedFiles name tree; once for
 * the record and, when the log already holds it, once for its log proof.
 */
#include "pdf_embed.h"

#include <hpdf_namedict.h> /* not included by hpdf.h in 2.3.0 */
#include <string.h>

#include "pdf_record.h"

static int library_failed(HPDF_Doc pdf, const char *what, struct error *err)
{
    return fail(err, "cannot %s: PDF library error 0x%04X", what,
                (unsigned)HPDF_GetError(pdf));
}

/* What one attachment is: its bytes, media type, file name, description. */
struct attachment {
    const char *bytes, *media_type, *file_name, *description;
};

static HPDF_Dict attachment_stream(HPDF_Doc pdf, const struct attachment *a)
{
    size_t length = strlen(a->bytes);
    HPDF_Dict stream = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    HPDF_Dict params = HPDF_Dict_New(pdf->mmgr);
    if (!stream || !params)
        return NULL;
    stream->filter = HPDF_STREAM_FILTER_NONE; /* readable without zlib */
    HPDF_STATUS status = HPDF_Dict_AddName(stream, "Type", "EmbeddedFile");
    status |= HPDF_Dict_AddName(stream, "Subtype", a->media_type);
    status |= HPDF_Dict_AddNumber(params, "Size", (HPDF_INT32)length);
    status |= HPDF_Dict_Add(stream, "Params", params);
    status |= HPDF_Stream_Write(stream->stream, (const HPDF_BYTE *)a->bytes, (HPDF_UINT)length);
    return status == HPDF_OK ? stream : NULL;
}

static HPDF_Dict file_specification(HPDF_Doc pdf, HPDF_Dict stream, const struct attachment *a)
{
    HPDF_Dict spec = HPDF_Dict_New(pdf->mmgr);
    HPDF_Dict files = HPDF_Dict_New(pdf->mmgr);
    if (!spec || !files || HPDF_Xref_Add(pdf->xref, spec) != HPDF_OK)
        return NULL;
    HPDF_MMgr memory = pdf->mmgr;
    HPDF_STATUS status = HPDF_Dict_AddName(spec, "Type", "Filespec");
    status |= HPDF_Dict_Add(spec, "F", HPDF_String_New(memory, a->file_name, NULL));
    status |= HPDF_Dict_Add(spec, "UF", HPDF_String_New(memory, a->file_name, NULL));
    status |= HPDF_Dict_Add(spec, "Desc", HPDF_String_New(memory, a->description, NULL));
    status |= HPDF_Dict_Add(files, "F", stream);
    status |= HPDF_Dict_Add(spec, "EF", files);
    return status == HPDF_OK ? spec : NULL;
}

/* The catalog's /Names /EmbeddedFiles tree, created when absent. */
static HPDF_NameTree embedded_files_tree(HPDF_Doc pdf)
{
    HPDF_NameDict names = HPDF_Catalog_GetNames(pdf->catalog);
    if (!names) {
        names = HPDF_NameDict_New(pdf->mmgr, pdf->xref);
        if (!names || HPDF_Catalog_SetNames(pdf->catalog, names) != HPDF_OK)
            return NULL;
    }
    HPDF_NameTree tree = HPDF_NameDict_GetNameTree(names, HPDF_NAME_EMBEDDED_FILES);
    if (!tree) {
        tree = HPDF_NameTree_New(pdf->mmgr, pdf->xref);
        if (!tree || HPDF_NameDict_SetNameTree(names, HPDF_NAME_EMBEDDED_FILES, tree) != HPDF_OK)
            return NULL;
    }
    return tree;
}

/* Adds the attachment to the EmbeddedFiles name tree, whose keys must be
 * in order: callers attach in the order of their file names. */
static int attach(HPDF_Doc pdf, const struct attachment *a)
{
    HPDF_Dict stream = attachment_stream(pdf, a);
    HPDF_Dict spec = stream ? file_specification(pdf, stream, a) : NULL;
    HPDF_NameTree tree = spec ? embedded_files_tree(pdf) : NULL;
    HPDF_String key = tree ? HPDF_String_New(pdf->mmgr, a->file_name, NULL) : NULL;
    return key && HPDF_NameTree_Add(tree, key, spec) == HPDF_OK ? 0 : -1;
}

int pdf_embed_record(HPDF_Doc pdf, const char *record, struct error *err)
{
    const struct attachment a = {record, PDF_RECORD_MEDIA_TYPE, PDF_RECORD_FILE_NAME,
                                 "starmark signed certificate record"};
    return attach(pdf, &a) == 0 ? 0 : library_failed(pdf, "attach the record", err);
}

int pdf_embed_log_proof(HPDF_Doc pdf, const char *proof, struct error *err)
{
    const struct attachment a = {proof, PDF_PROOF_MEDIA_TYPE, PDF_PROOF_FILE_NAME,
                                 "starmark proof that the record is in the transparency log"};
    return attach(pdf, &a) == 0 ? 0 : library_failed(pdf, "attach the log proof", err);
}

int pdf_add_verify_link(HPDF_Doc pdf, HPDF_Page page, HPDF_Rect rect, const char *url,
                        struct error *err)
{
    HPDF_Annotation link = HPDF_Page_CreateURILinkAnnot(page, rect, url);
    if (!link || HPDF_LinkAnnot_SetBorderStyle(link, 0, 0, 0) != HPDF_OK
        || HPDF_Dict_Add(link, "NM", HPDF_String_New(pdf->mmgr, PDF_RECORD_LINK_NAME, NULL))
               != HPDF_OK)
        return library_failed(pdf, "add the verification link", err);
    return 0;
}
