/*
 * check.h: the one verification path. `verifier RECORD`, `verifier
 * CERT.pdf`, `verifier --qr` and verify.cgi's ?c= and ?no= all call
 * check(), which returns one answer (record, claim, status, reasons); the
 * command line and the web page only format it.
 *
 * What a check reads, in order: the input (a record, a PDF carrying one, a
 * scanned QR text, or a certificate number); its signatures, judged by the
 * trust decision (trust.h); then, when a publication is named, the
 * certificate's entry in it, looked up once, from which both the published
 * status and the published record are read, with the transparency log that
 * must back them both (publication_log.h); the record or QR code checked
 * must then be the one the body logged.
 *
 * One shortcut, taken only when the request asks for it (verify.cgi): bytes
 * that the publication lists by SHA-256 under a manifest the trust decision
 * accepted are vouched for by that signature, so their own signatures are
 * judged by every rule (key, role, algorithm, window, names, body) but not
 * recomputed (docs/SECURITY.md explains what this rests on).
 */
#ifndef STARMARK_CHECK_H
#define STARMARK_CHECK_H

#include <jansson.h>
#include "answer.h"
#include "claim.h"
#include "pdf_signature.h"
#include "signature_cache.h"
#include "trust.h"
#include "verify.h"

/* What a long-running process may remember from one check to the next
 * (verify.cgi under FastCGI): which signatures it verified with which key,
 * and the publication's files it verified by digest. Memory spares work,
 * never a rule: see signature_cache.h and publication.h. */
struct check_memory {
    struct signature_cache *signatures;
    struct publication_memory *publication;
};

enum check_kind {
    CHECK_RECORD,               /* a record (General JSON JWS) */
    CHECK_PDF,                  /* a certificate PDF, which carries its record */
    CHECK_QR,                   /* the text a scanner read from a QR code */
    CHECK_NUMBER,               /* a certificate number: its published record */
};

struct check_request {
    enum check_kind kind;
    const char *input;          /* borrowed; length bytes (NUL-terminated for CHECK_NUMBER) */
    size_t length;
    const char *publication;    /* the body's publication directory, or NULL */
    long long moment;           /* the moment asked about (now, or the end of a day) */
    int trust_publication;      /* take the shortcut above */
    int want_record;            /* CHECK_QR: also keep the claim's published record */
    const struct log_policy *log; /* the log state and witnesses required, or NULL */
    const char *proof;          /* CHECK_RECORD, CHECK_PDF: a tlog-proof of the record
                                   (proof_length bytes), or NULL: then a PDF's own, when
                                   it carries one */
    size_t proof_length;
};

enum check_problem {
    CHECK_ANSWERED,             /* the answer below says it all */
    CHECK_MALFORMED,            /* CHECK_QR: the text holds no compact JWS at all */
    CHECK_NOT_FOUND,            /* CHECK_NUMBER: the publication has no such record */
};

/* What an offline proof (check_request.proof) showed. */
struct proof_check {
    int checked, proven;
    char reason[VERDICT_REASON_SIZE];   /* when not proven */
    char origin[NOTE_MAX_NAME + 1];
    unsigned long long index, size;     /* the record's entry, the checkpoint's size */
};

struct check_result {
    enum check_kind kind;
    enum check_problem problem;
    struct verification record; /* CHECK_RECORD, CHECK_PDF, CHECK_NUMBER; for CHECK_QR with
                                   want_record, the claim's record when both are genuine and
                                   say the same (then have_record) */
    int have_record;
    struct claim_verification claim;    /* CHECK_QR */
    struct pdf_seal seal;       /* CHECK_PDF: its electronic seal, checked once the
                                   record is genuine; a seal that fails makes it not */
    struct proof_check proof;
    struct answer answer;
};

/* Checks and fills out (always); returns verifier(1)'s exit status for the
 * answer. memory may be NULL (remember nothing: the command line). */
int check(const struct check_request *request, const struct trust_store *trust,
          struct check_memory *memory, struct check_result *out);
void check_result_free(struct check_result *result);

/* What `verifier --json` prints. */
json_t *check_to_json(const struct check_result *result);

#endif
