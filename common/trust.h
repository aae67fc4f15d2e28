/*
 * trust.h: the trust store and the one decision made with it: which
 * trusted key, if any, made a signature (docs/keys-and-trust.md).
 *
 * The trust store is one JSON file naming a certification body and the
 * public keys whose signatures count for it. A key is trusted only in its
 * role and only on the days of its window, so a retired or stolen key can
 * be closed off without touching what it signed before. Records, QR
 * claims, manifests, status responses and log checkpoints (common/), the
 * issuer's audit log and signing keys (issuer/) all ask trust_decide() or
 * trust_key_may_sign(); nothing else judges a key. Adding a role is a row
 * in the role table of trust.c; adding an algorithm is a row in
 * algorithm.c's table.
 *
 * The store may also name the CAs whose certificates may seal the body's
 * PDFs (the electronic seal, docs/e-seal.md): an X.509 matter, decided by
 * trust_decide_seal() alone.
 */
#ifndef STARMARK_TRUST_H
#define STARMARK_TRUST_H

#include <jansson.h>
#include <openssl/x509.h>
#include "date.h"
#include "jwk.h"
#include "jws.h"
#include "signature_cache.h"
#include "util.h"

#define TRUST_FORMAT "starmark-trust/1"
#define MAX_TRUST_BYTES (1024 * 1024)
#define DEFAULT_TRUST_FILE "keys/trust.json"

/* A role a key may hold, and what a key in it signs. */
struct key_role {
    const char *name;           /* as in JWKs, the trust store and the registry */
    const char *signs;          /* for people (issuer keygen --help) */
};

/* The role called name, or NULL. */
const struct key_role *key_role_find(const char *name);
/* "auditor, head or log": the roles, for a message. Static storage. */
const char *key_role_names(void);

struct trusted_key {
    struct public_key key;
    int has_not_before, has_not_after;
    struct date not_before, not_after;
};

struct trust_store {
    char *body_id, *body_name;
    struct trusted_key *keys;
    size_t key_count;
    STACK_OF(X509) *seal_cas;   /* trust anchors for PDF seals; NULL when none */
};

int trust_load(const char *path, struct trust_store *out, struct error *err);
int trust_parse(const char *text, size_t length, const char *what,
                struct trust_store *out, struct error *err);
void trust_free(struct trust_store *store);

void trusted_key_free(struct trusted_key *key);

/* Adds the one PEM certificate of text (nothing else but white space) to
 * the store's seal CAs; what names the text in errors. A certificate
 * already there is refused. */
int trust_add_seal_ca(struct trust_store *store, const char *text, size_t length,
                      const char *what, struct error *err);

/* 1 when date lies inside the key's window. */
int trust_window_covers(const struct trusted_key *key, struct date date);

/* "from 2026-01-01 to 2027-12-31", "from the start to 2027-12-31", ... */
void trust_window_describe(const struct trusted_key *key, char out[64]);

/* What a signature must satisfy. */
struct trust_question {
    const char *role;           /* the role its key must hold */
    struct date on;             /* the day its key must be trusted on */
    const char *day_is;         /* what that day is, for messages: "the issue date" */
    const char *expected_kid;   /* the signer when the header names none (a QR
                                   claim vouched for by its record), or NULL */
    int vouched;                /* the bytes are vouched for by a signed publication
                                   (common/check.c): every rule is applied, the
                                   arithmetic is not done */
};

/* One signature: what its protected header says and what it covers. */
struct signed_bytes {
    const char *alg, *kid;      /* kid NULL: every key of the role is tried */
    const char *message;
    size_t message_length;
    const unsigned char *signature;
    size_t signature_length;
};

enum trust_outcome {
    TRUST_GENUINE,
    TRUST_UNKNOWN_KEY,          /* no trusted key has the kid */
    TRUST_WRONG_ROLE,           /* trusted, but in another role */
    TRUST_WRONG_ALGORITHM,      /* the header's alg is not the key's */
    TRUST_BAD_SIGNATURE,        /* no candidate key verifies it, or it is not
                                   the length its alg's signatures have */
    TRUST_OUTSIDE_WINDOW,       /* a key verifies it, but is not trusted on that day */
};

struct trust_verdict {
    enum trust_outcome outcome;
    const struct trusted_key *key;  /* the key that verifies (GENUINE, OUTSIDE_WINDOW);
                                       borrowed from the store */
    char reason[256];           /* one line, when not GENUINE */
};

/* The decision. 0 when a key of the role, trusted on the day, with the
 * header's algorithm, verifies the signature; -1 with out saying why not.
 * cache (may be NULL) spares the arithmetic of signatures verified before. */
int trust_decide(const struct trust_store *store, const struct trust_question *question,
                 const struct signed_bytes *bytes, struct signature_cache *cache,
                 struct trust_verdict *out);

/* The same for one signature of a parsed JWS. */
int trust_decide_jws(const struct trust_store *store, const struct trust_question *question,
                     const struct jws *jws, const struct jws_signature *signature,
                     struct signature_cache *cache, struct trust_verdict *out);

/* The signing side (issuer): 0 when key may sign as role (any role when
 * NULL) on the day on, else -1 with err saying why. */
int trust_key_may_sign(const struct trusted_key *key, const char *role, struct date on,
                       struct error *err);

/* The seal decision: 0 when certificate chains, through the certificates
 * in untrusted (may be NULL), to one of the store's seal CAs (a CA, or the
 * seal certificate itself), every certificate on the way valid at moment
 * (the signing time, seconds since the epoch); -1 with out saying why not:
 * TRUST_UNKNOWN_KEY (no such chain, or no seal CA at all) or
 * TRUST_OUTSIDE_WINDOW (a certificate not valid at moment). out->key is
 * NULL. Revocation is not checked (docs/e-seal.md). */
int trust_decide_seal(const struct trust_store *store, X509 *certificate,
                      STACK_OF(X509) *untrusted, long long moment, struct trust_verdict *out);

/* 1 when body_id is the body the store speaks for. */
int trust_is_body(const struct trust_store *store, const char *body_id);

#endif
