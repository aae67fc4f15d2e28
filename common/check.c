/*
 * check.c: the verification path every front end takes (check.h).
 */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_record.h"

/* The settings a request gives its signature checks. */
static struct verify_context context_for(const struct check_request *request,
                                         const struct trust_store *trust,
                                         const struct check_memory *memory)
{
    return (struct verify_context){trust, timestamp_date(request->moment),
                                   memory->signatures, 0};
}

/* Looks the certificate up when a publication is named; 1 then. */
static int look_up(const struct check_request *request, const char *number,
                   const struct trust_store *trust, const struct check_memory *memory,
                   struct publication_entry *entry)
{
    if (!request->publication)
        return 0;
    publication_lookup(request->publication, number, trust, request->moment, request->log,
                       request->trust_publication, memory->signatures, memory->publication,
                       entry);
    return 1;
}

/* The log backs what a lookup read, but a buyer holds a record or a QR
 * code of his own: it must be the very one the body logged, or a record
 * signed and kept out of the log would pass for the logged one. A record
 * counts as the same when its bytes are, a final newline aside (as
 * `issuer export` prints one to a terminal). */
static int same_record(const char *bytes, size_t length, const char *listed)
{
    char digest[DIGEST_LENGTH + 1];
    publication_digest(bytes, length, digest);
    if (strcmp(digest, listed) == 0)
        return 1;
    if (length == 0 || bytes[length - 1] != '\n')
        return 0;
    publication_digest(bytes, length - 1, digest);
    return strcmp(digest, listed) == 0;
}

static void not_logged(struct publication_entry *entry, const char *what)
{
    if (entry->verdict.outcome != OUTCOME_STATUS_UNKNOWN)
        verdict_fail(&entry->verdict, OUTCOME_STATUS_UNKNOWN, "%s is not the one the body "
                     "published and logged as %s (record entry %llu)", what, entry->number,
                     entry->record_entry);
}

/* The published status speaks only for what is genuine. */
static void answer(struct check_result *out, const struct verdict *verdict, int looked_up,
                   const struct publication_entry *entry)
{
    int genuine = verdict->outcome != OUTCOME_NOT_GENUINE;
    answer_combine(verdict->outcome, genuine && looked_up ? entry : NULL, &out->answer);
}

/* Exactly VERIFY_URL?c=CLAIM: a look-alike host with the right claim would
 * send the person who scans it to someone else's page. */
static int url_is_records(const char *url, const struct certificate *c)
{
    char *expected = xasprintf("%s?c=%s", c->verify_url, c->qr_claim);
    int same = strcmp(url, expected) == 0;
    free(expected);
    return same;
}

/* A certificate PDF carries its record and the URL of its QR code: the
 * record must verify and the QR code must carry the record's own claim.
 * A sealed PDF must also be whole since its seal (pdf_signature.h).
 * *record_out gets the record's bytes, *proof_out the log proof the PDF
 * carries beside it or NULL (the caller frees both). */
static void verify_pdf(const char *pdf, size_t length, const struct verify_context *context,
                       struct verification *v, struct pdf_seal *seal, char **record_out,
                       char **proof_out)
{
    char *record = NULL, *url = NULL, *claim = NULL;
    struct error err;
    *record_out = NULL;
    if (pdf_extract_record(pdf, length, &record, &url, proof_out, &err) != 0) {
        memset(v, 0, sizeof *v);
        v->checked_on = context->at;
        not_genuine(&v->verdict, "the PDF's record: %.400s", err.message);
        return;
    }
    record_verify(record, strlen(record), context, v);
    const char *why = NULL;
    if (v->verdict.outcome == OUTCOME_NOT_GENUINE)
        why = NULL;
    else if (claim_extract(url, strlen(url), &claim, &err) != 0)
        why = "the PDF's QR link holds no claim";
    else if (!v->certificate.qr_claim || strcmp(claim, v->certificate.qr_claim) != 0)
        why = "the PDF's QR code is not the claim of the record it carries";
    else if (!url_is_records(url, &v->certificate))
        why = "the PDF's QR code points somewhere other than the record's verification URL";
    else if (pdf_seal_check(pdf, length, context->trust, seal, &err) != 0)
        why = err.message;
    if (why) {
        verification_free(v);
        not_genuine(&v->verdict, "%s", why);
    }
    free(claim);
    *record_out = record;
    free(url);
}

/* An offline proof that the record is in the log (tlog_proof.h), --proof's
 * or the one a PDF carries: when it does not show it, a record otherwise
 * in force is of unknown status. The record's bytes count a final newline
 * aside, as for same_record. */
static void check_proof(const struct check_request *request, const char *proof_text,
                        size_t proof_length, const struct trust_store *trust,
                        const char *record, size_t length, struct check_result *out)
{
    struct proof_check *proof = &out->proof;
    struct checkpoint_question question = {timestamp_date(request->moment), 0};
    const struct witness_policy *witnesses = request->log ? request->log->witnesses : NULL;
    struct checkpoint checkpoint;
    struct error err;
    uint64_t index = 0;
    proof->checked = 1;
    proof->proven = tlog_proof_verify(proof_text, proof_length, record, length, trust,
                                      &question, witnesses, &checkpoint, &index, &err) == 0
                    || (length > 0 && record[length - 1] == '\n'
                        && tlog_proof_verify(proof_text, proof_length, record, length - 1,
                                             trust, &question, witnesses, &checkpoint, &index,
                                             &err) == 0);
    proof->index = index;
    if (proof->proven) {
        snprintf(proof->origin, sizeof proof->origin, "%s", checkpoint.origin);
        proof->size = checkpoint.size;
    } else {
        snprintf(proof->reason, sizeof proof->reason, "%s", err.message);
        if (out->answer.outcome == OUTCOME_VALID)
            out->answer.outcome = OUTCOME_STATUS_UNKNOWN;
    }
}

static void check_record(const struct check_request *request, const struct trust_store *trust,
                         const struct check_memory *memory, struct check_result *out)
{
    struct verify_context context = context_for(request, trust, memory);
    struct publication_entry entry;
    char *pdf_record = NULL, *pdf_proof = NULL;
    if (request->kind == CHECK_PDF)
        verify_pdf(request->input, request->length, &context, &out->record, &out->seal,
                   &pdf_record, &pdf_proof);
    else
        record_verify(request->input, request->length, &context, &out->record);
    out->have_record = out->record.decoded;
    int looked_up = out->record.decoded
                    && look_up(request, out->record.certificate.number, trust, memory, &entry);
    const char *bytes = pdf_record ? pdf_record : request->input;
    size_t length = pdf_record ? strlen(pdf_record) : request->length;
    if (looked_up && !same_record(bytes, length, entry.record_digest))
        not_logged(&entry, "the record");
    answer(out, &out->record.verdict, looked_up, &entry);
    if (request->proof && out->record.decoded)
        check_proof(request, request->proof, request->proof_length, trust, bytes, length, out);
    else if (pdf_proof && out->record.decoded)
        check_proof(request, pdf_proof, strlen(pdf_proof), trust, bytes, length, out);
    free(pdf_record);
    free(pdf_proof);
}

/* Reads and verifies the record the entry names. vouched: see check.h. */
static int read_published_record(const struct publication_entry *entry, int trust_publication,
                                 const struct check_memory *memory,
                                 const struct verify_context *context, struct verification *out)
{
    struct error err;
    size_t length;
    int listed;
    char *text = publication_read_record(entry, memory->publication, &length, &listed, &err);
    if (!text)
        return -1;
    struct verify_context judged = *context;
    judged.vouched = trust_publication && listed
                     && entry->verdict.outcome != OUTCOME_STATUS_UNKNOWN;
    record_verify(text, length, &judged, out);
    free(text);
    return judged.vouched;
}

/* A genuine record filed under another number is a substitution: the page
 * must not show another company under the number the person typed. */
static void require_number(struct verification *record, const char *number)
{
    if (!record->decoded || strcmp(record->certificate.number, number) == 0)
        return;
    verification_free(record);
    not_genuine(&record->verdict, "the record published as %s is for another certificate",
                number);
}

static void check_number(const struct check_request *request, const struct trust_store *trust,
                         const struct check_memory *memory, struct check_result *out)
{
    struct verify_context context = context_for(request, trust, memory);
    struct publication_entry entry;
    look_up(request, request->input, trust, memory, &entry);
    if (!request->publication
        || read_published_record(&entry, request->trust_publication, memory, &context,
                                 &out->record) < 0) {
        out->problem = CHECK_NOT_FOUND;
        not_genuine(&out->record.verdict, "%s", request->publication
                                                    ? entry.verdict.reason
                                                    : "no publication to look the number up in");
        answer(out, &out->record.verdict, 0, &entry);
        return;
    }
    out->have_record = 1;
    require_number(&out->record, request->input);
    answer(out, &out->record.verdict, 1, &entry);
}

/* The claim's published record, verified (vouched for when listed): when it
 * is genuine and carries this very claim, its head signed the claim, and
 * the claim is vouched for too, by that head's key (*signer). */
static int vouched_claim(const struct check_request *request,
                         const struct publication_entry *entry, const char *compact,
                         const struct check_memory *memory,
                         const struct verify_context *context, struct verification *record,
                         const char **signer)
{
    *signer = NULL;
    int vouched = read_published_record(entry, request->trust_publication, memory, context,
                                        record);
    if (vouched < 0) {
        memset(record, 0, sizeof *record);
        return 0;
    }
    if (vouched <= 0 || !record->decoded || !record->certificate.qr_claim
        || strcmp(record->certificate.qr_claim, compact) != 0)
        return 0;
    *signer = record->head.kid;
    return 1;
}

/* Keeps the claim's published record for a page when both are genuine and
 * say the same. */
static void keep_claim_record(struct check_result *out)
{
    struct error err;
    out->have_record = out->claim.verdict.outcome != OUTCOME_NOT_GENUINE && out->record.decoded
                       && claim_matches_certificate(&out->claim.claim,
                                                    &out->record.certificate, &err) == 0;
    if (!out->have_record)
        verification_free(&out->record);
}

static void check_claim(const struct check_request *request, const struct trust_store *trust,
                        const struct check_memory *memory, struct check_result *out)
{
    struct verify_context context = context_for(request, trust, memory);
    struct scanned_claim scanned;
    struct publication_entry entry;
    struct error err;
    if (claim_read(request->input, request->length, &scanned, &err) != 0) {
        out->problem = CHECK_MALFORMED;
        out->claim.checked_on = context.at;
        not_genuine(&out->claim.verdict, "%s", err.message);
        answer(out, &out->claim.verdict, 0, NULL);
        return;
    }
    int looked_up = scanned.decoded && look_up(request, scanned.claim.number, trust, memory,
                                               &entry);
    const char *signer = NULL;
    /* The published record is read whenever the publication is: the claim
     * must be the claim of the record the body logged. */
    if (looked_up)
        context.vouched = vouched_claim(request, &entry, scanned.compact, memory, &context,
                                        &out->record, &signer);
    claim_judge(&scanned, &context, signer, &out->claim);
    if (looked_up && (!out->record.decoded || !out->record.certificate.qr_claim
                      || strcmp(out->record.certificate.qr_claim, scanned.compact) != 0))
        not_logged(&entry, "the QR code's claim");
    scanned_claim_free(&scanned);
    answer(out, &out->claim.verdict, looked_up, &entry);
    if (request->want_record && looked_up)
        keep_claim_record(out);
    else
        verification_free(&out->record);
}

int check(const struct check_request *request, const struct trust_store *trust,
          struct check_memory *memory, struct check_result *out)
{
    struct check_memory none = {NULL, NULL};
    memory = memory ? memory : &none;
    memset(out, 0, sizeof *out);
    out->kind = request->kind;
    switch (request->kind) {
    case CHECK_RECORD:
    case CHECK_PDF: check_record(request, trust, memory, out); break;
    case CHECK_NUMBER: check_number(request, trust, memory, out); break;
    case CHECK_QR: check_claim(request, trust, memory, out); break;
    }
    return outcome_exit_status(out->answer.outcome);
}

/* Each part leaves itself freed and safe to free again; check() clears the
 * whole result (9 KB) before its next use, so it is not cleared twice. */
void check_result_free(struct check_result *result)
{
    claim_verification_free(&result->claim);
    verification_free(&result->record);
}

json_t *check_to_json(const struct check_result *result)
{
    json_t *json = result->kind == CHECK_QR ? claim_verification_to_json(&result->claim)
                                            : verification_to_json(&result->record);
    answer_to_json(&result->answer, json);
    if (result->kind == CHECK_PDF && result->seal.checked)
        json_object_set_new(json, "seal", pdf_seal_to_json(&result->seal));
    const struct proof_check *proof = &result->proof;
    if (proof->checked && proof->proven)
        json_object_set_new(json, "proof",
                            json_pack("{s:b, s:s, s:I, s:I}", "proven", 1, "origin",
                                      proof->origin, "size", (json_int_t)proof->size, "index",
                                      (json_int_t)proof->index));
    else if (proof->checked)
        json_object_set_new(json, "proof", json_pack("{s:b, s:s}", "proven", 0, "detail",
                                                     proof->reason));
    return json;
}
