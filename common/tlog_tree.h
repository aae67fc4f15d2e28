/*
 * tlog_tree.h: the Merkle tree of a transparency log (RFC 6962 §2.1,
 * checked as RFC 9162 §2.1.3 and §2.1.4 say): leaf and node hashes, the
 * root of a tree of any size, and inclusion and consistency proofs, made
 * and checked (docs/transparency-log.md).
 *
 * The tree is never held whole. Its hashes come from a source that gives
 * the hash of one complete subtree, MTH(D[index * 2^level : (index + 1) *
 * 2^level]): the tiles of a published log (tlog_tiles.h) for readers, the
 * registry for the writer. Every function here asks the source only for
 * complete subtrees that lie inside the tree it was given.
 */
#ifndef STARMARK_TLOG_TREE_H
#define STARMARK_TLOG_TREE_H

#include <stddef.h>
#include <stdint.h>
#include "util.h"

#define TLOG_HASH_SIZE 32
/* A proof of a tree of up to 2^64 leaves has at most 64 hashes (a
 * consistency proof one more, the old root it starts from). */
#define TLOG_MAX_PROOF 65

struct tlog_hash {
    unsigned char bytes[TLOG_HASH_SIZE];
};

/* SHA-256(0x00 || entry) */
void tlog_leaf_hash(const void *entry, size_t length, struct tlog_hash *out);
/* SHA-256(0x01 || left || right) */
void tlog_node_hash(const struct tlog_hash *left, const struct tlog_hash *right,
                    struct tlog_hash *out);
/* MTH of count hashes that are the leaves of one complete subtree (count
 * a power of two, at most 256), as a tile's hashes are. */
void tlog_complete_hash(const struct tlog_hash *hashes, size_t count, struct tlog_hash *out);
/* The root of the empty tree, SHA-256 of nothing. */
void tlog_empty_hash(struct tlog_hash *out);
int tlog_hash_equal(const struct tlog_hash *a, const struct tlog_hash *b);

/* Where a function finds the hashes of complete subtrees. read returns 0,
 * or -1 with err saying why the hash cannot be had. */
struct tlog_hash_source {
    int (*read)(void *context, int level, uint64_t index, struct tlog_hash *out,
                struct error *err);
    void *context;
};

/* The root hash of the first size leaves. */
int tlog_tree_hash(const struct tlog_hash_source *source, uint64_t size, struct tlog_hash *out,
                   struct error *err);

/* A proof: its hashes, in the order RFC 6962 lists them (from the leaf or
 * the old tree up to the root). */
struct tlog_proof {
    size_t count;
    struct tlog_hash hashes[TLOG_MAX_PROOF];
};

/* RFC 6962 PATH(index, D[0:size]). */
int tlog_prove_inclusion(const struct tlog_hash_source *source, uint64_t index, uint64_t size,
                         struct tlog_proof *out, struct error *err);
/* 0 when proof shows the leaf at index in the tree of size with root;
 * -1 with err saying what failed. */
int tlog_check_inclusion(const struct tlog_proof *proof, uint64_t index, uint64_t size,
                         const struct tlog_hash *leaf, const struct tlog_hash *root,
                         struct error *err);

/* RFC 6962 PROOF(old_size, D[0:new_size]), 0 < old_size < new_size. */
int tlog_prove_consistency(const struct tlog_hash_source *source, uint64_t old_size,
                           uint64_t new_size, struct tlog_proof *out, struct error *err);
/* 0 when proof shows the tree (old_size, old_root) is a prefix of the tree
 * (new_size, new_root). Equal sizes need equal roots and an empty proof;
 * the empty tree is a prefix of every tree. */
int tlog_check_consistency(const struct tlog_proof *proof, uint64_t old_size,
                           uint64_t new_size, const struct tlog_hash *old_root,
                           const struct tlog_hash *new_root, struct error *err);

#endif
