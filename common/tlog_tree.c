/*
 * tlog_tree.c: RFC 6962 hashing and proofs over a source of subtree
 * hashes (tlog_tree.h).
 *
 * A proof check runs on every status lookup and hashes a few hundred
 * 65-byte messages, so one SHA-256 context is fetched once and reused
 * (OpenSSL 3 fetches the algorithm again for each one-shot digest).
 */
#include "tlog_tree.h"

#include <string.h>
#include <openssl/evp.h>

static EVP_MD_CTX *sha256_start(void)
{
    static EVP_MD *sha256;
    static EVP_MD_CTX *context;
    if (!context) {
        sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
        context = EVP_MD_CTX_new();
        if (!sha256 || !context)
            die(EXIT_NOT_GENUINE, "OpenSSL offers no SHA-256");
    }
    if (EVP_DigestInit_ex2(context, sha256, NULL) != 1)
        die(EXIT_NOT_GENUINE, "OpenSSL cannot start a SHA-256 digest");
    return context;
}

static void sha256_finish(EVP_MD_CTX *context, struct tlog_hash *out)
{
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(context, out->bytes, &length) != 1 || length != TLOG_HASH_SIZE)
        die(EXIT_NOT_GENUINE, "OpenSSL cannot finish a SHA-256 digest");
}

void tlog_leaf_hash(const void *entry, size_t length, struct tlog_hash *out)
{
    static const unsigned char prefix = 0x00;
    EVP_MD_CTX *context = sha256_start();
    EVP_DigestUpdate(context, &prefix, 1);
    EVP_DigestUpdate(context, entry, length);
    sha256_finish(context, out);
}

void tlog_node_hash(const struct tlog_hash *left, const struct tlog_hash *right,
                    struct tlog_hash *out)
{
    unsigned char message[1 + 2 * TLOG_HASH_SIZE];
    message[0] = 0x01;
    memcpy(message + 1, left->bytes, TLOG_HASH_SIZE);
    memcpy(message + 1 + TLOG_HASH_SIZE, right->bytes, TLOG_HASH_SIZE);
    EVP_MD_CTX *context = sha256_start();
    EVP_DigestUpdate(context, message, sizeof message);
    sha256_finish(context, out);
}

void tlog_complete_hash(const struct tlog_hash *hashes, size_t count, struct tlog_hash *out)
{
    struct tlog_hash level[128];
    if (count == 1) {
        *out = hashes[0];
        return;
    }
    for (size_t i = 0; i < count / 2; i++)
        tlog_node_hash(&hashes[2 * i], &hashes[2 * i + 1], &level[i]);
    for (count /= 2; count > 1; count /= 2)
        for (size_t i = 0; i < count / 2; i++)
            tlog_node_hash(&level[2 * i], &level[2 * i + 1], &level[i]);
    *out = level[0];
}

void tlog_empty_hash(struct tlog_hash *out)
{
    sha256_finish(sha256_start(), out);
}

int tlog_hash_equal(const struct tlog_hash *a, const struct tlog_hash *b)
{
    return memcmp(a->bytes, b->bytes, TLOG_HASH_SIZE) == 0;
}

/* The largest power of two below n (n > 1): where RFC 6962 splits a tree. */
static uint64_t split_point(uint64_t n)
{
    uint64_t k = 1;
    while (k << 1 < n)
        k <<= 1;
    return k;
}

/* MTH(D[start : start + size]), size > 0. Every range the recursions below
 * reach starts at a multiple of the power of two its left part spans, so a
 * range of a power-of-two size is one complete subtree of the source. */
static int range_hash(const struct tlog_hash_source *source, uint64_t start, uint64_t size,
                      struct tlog_hash *out, struct error *err)
{
    if ((size & (size - 1)) == 0) {
        int level = __builtin_ctzll(size);
        return source->read(source->context, level, start >> level, out, err);
    }
    uint64_t k = split_point(size);
    struct tlog_hash left, right;
    if (range_hash(source, start, k, &left, err) != 0
        || range_hash(source, start + k, size - k, &right, err) != 0)
        return -1;
    tlog_node_hash(&left, &right, out);
    return 0;
}

int tlog_tree_hash(const struct tlog_hash_source *source, uint64_t size, struct tlog_hash *out,
                   struct error *err)
{
    if (size == 0) {
        tlog_empty_hash(out);
        return 0;
    }
    return range_hash(source, 0, size, out, err);
}

/* Appends MTH(D[start : start + size]) to the proof. */
static int append_range(const struct tlog_hash_source *source, uint64_t start, uint64_t size,
                        struct tlog_proof *proof, struct error *err)
{
    if (proof->count == TLOG_MAX_PROOF)
        return fail(err, "a proof longer than %d hashes", TLOG_MAX_PROOF);
    return range_hash(source, start, size, &proof->hashes[proof->count++], err);
}

/* PATH(index, D[start : start + size]) */
static int inclusion_path(const struct tlog_hash_source *source, uint64_t index,
                          uint64_t start, uint64_t size, struct tlog_proof *proof,
                          struct error *err)
{
    if (size == 1)
        return 0;
    uint64_t k = split_point(size);
    if (index < k)
        return inclusion_path(source, index, start, k, proof, err)
               || append_range(source, start + k, size - k, proof, err);
    return inclusion_path(source, index - k, start + k, size - k, proof, err)
           || append_range(source, start, k, proof, err);
}

int tlog_prove_inclusion(const struct tlog_hash_source *source, uint64_t index, uint64_t size,
                         struct tlog_proof *out, struct error *err)
{
    out->count = 0;
    if (index >= size)
        return fail(err, "entry %llu is not in a tree of %llu entries",
                    (unsigned long long)index, (unsigned long long)size);
    return inclusion_path(source, index, 0, size, out, err) ? -1 : 0;
}

int tlog_check_inclusion(const struct tlog_proof *proof, uint64_t index, uint64_t size,
                         const struct tlog_hash *leaf, const struct tlog_hash *root,
                         struct error *err)
{
    if (index >= size)
        return fail(err, "entry %llu is not in a tree of %llu entries",
                    (unsigned long long)index, (unsigned long long)size);
    uint64_t fn = index, sn = size - 1;
    struct tlog_hash r = *leaf;
    for (size_t i = 0; i < proof->count; i++) {
        const struct tlog_hash *p = &proof->hashes[i];
        if (sn == 0)
            return fail(err, "the inclusion proof of entry %llu is too long",
                        (unsigned long long)index);
        if ((fn & 1) || fn == sn) {
            tlog_node_hash(p, &r, &r);
            while (!(fn & 1) && fn != 0) {
                fn >>= 1;
                sn >>= 1;
            }
        } else {
            tlog_node_hash(&r, p, &r);
        }
        fn >>= 1;
        sn >>= 1;
    }
    if (sn != 0 || !tlog_hash_equal(&r, root))
        return fail(err, "entry %llu is not in the tree of %llu entries with that root hash",
                    (unsigned long long)index, (unsigned long long)size);
    return 0;
}

/* SUBPROOF(old_size, D[start : start + size], complete) */
static int consistency_path(const struct tlog_hash_source *source, uint64_t old_size,
                            uint64_t start, uint64_t size, int complete,
                            struct tlog_proof *proof, struct error *err)
{
    if (old_size == size)
        return complete ? 0 : append_range(source, start, size, proof, err);
    uint64_t k = split_point(size);
    if (old_size <= k)
        return consistency_path(source, old_size, start, k, complete, proof, err)
               || append_range(source, start + k, size - k, proof, err);
    return consistency_path(source, old_size - k, start + k, size - k, 0, proof, err)
           || append_range(source, start, k, proof, err);
}

int tlog_prove_consistency(const struct tlog_hash_source *source, uint64_t old_size,
                           uint64_t new_size, struct tlog_proof *out, struct error *err)
{
    out->count = 0;
    if (old_size == 0 || old_size >= new_size)
        return fail(err, "no consistency proof from %llu to %llu entries",
                    (unsigned long long)old_size, (unsigned long long)new_size);
    return consistency_path(source, old_size, 0, new_size, 1, out, err) ? -1 : 0;
}

static int inconsistent(struct error *err, uint64_t old_size, uint64_t new_size)
{
    return fail(err, "the tree of %llu entries is not a prefix of the tree of %llu entries",
                (unsigned long long)old_size, (unsigned long long)new_size);
}

int tlog_check_consistency(const struct tlog_proof *proof, uint64_t old_size,
                           uint64_t new_size, const struct tlog_hash *old_root,
                           const struct tlog_hash *new_root, struct error *err)
{
    if (old_size > new_size)
        return fail(err, "a tree of %llu entries cannot grow into one of %llu",
                    (unsigned long long)old_size, (unsigned long long)new_size);
    if (old_size == 0)
        return 0;
    if (old_size == new_size)
        return proof->count == 0 && tlog_hash_equal(old_root, new_root)
                   ? 0 : inconsistent(err, old_size, new_size);
    /* RFC 9162 §2.1.4.2, with the old root put first when the old tree
     * is a complete subtree of the new one. */
    struct tlog_hash path[TLOG_MAX_PROOF + 1];
    size_t count = 0;
    if ((old_size & (old_size - 1)) == 0)
        path[count++] = *old_root;
    if (proof->count == 0 || proof->count > TLOG_MAX_PROOF)
        return inconsistent(err, old_size, new_size);
    memcpy(path + count, proof->hashes, proof->count * sizeof *path);
    count += proof->count;
    uint64_t fn = old_size - 1, sn = new_size - 1;
    while (fn & 1) {
        fn >>= 1;
        sn >>= 1;
    }
    struct tlog_hash fr = path[0], sr = path[0];
    for (size_t i = 1; i < count; i++) {
        if (sn == 0)
            return inconsistent(err, old_size, new_size);
        if ((fn & 1) || fn == sn) {
            tlog_node_hash(&path[i], &fr, &fr);
            tlog_node_hash(&path[i], &sr, &sr);
            while (!(fn & 1) && fn != 0) {
                fn >>= 1;
                sn >>= 1;
            }
        } else {
            tlog_node_hash(&sr, &path[i], &sr);
        }
        fn >>= 1;
        sn >>= 1;
    }
    if (sn != 0 || !tlog_hash_equal(&fr, old_root) || !tlog_hash_equal(&sr, new_root))
        return inconsistent(err, old_size, new_size);
    return 0;
}
