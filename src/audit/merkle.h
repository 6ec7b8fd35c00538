/*
 * merkle.h — RFC 9162 (Certificate Transparency v2) Merkle tree hashing and
 * proofs over SHA-256, as pure functions. No storage, no I/O: stored hashes
 * are reached through struct merkle_src, so the same code serves the server
 * (nodes from the database), `audit verify` and the tests (an in-memory
 * array).
 *
 *   leaf hash  MTH({d}) = SHA-256(0x00 || d)
 *   node hash           = SHA-256(0x01 || left || right)
 *   MTH({})            = SHA-256("")
 *   split point k      = the largest power of two smaller than n
 *
 * Proof paths are at most MERKLE_PATH_MAX hashes (trees up to 2^63 leaves).
 */
#ifndef QUPIYA_AUDIT_MERKLE_H
#define QUPIYA_AUDIT_MERKLE_H

#include <stddef.h>
#include <stdint.h>

#define MERKLE_HASH_SIZE 32
#define MERKLE_PATH_MAX  64

typedef uint8_t merkle_hash[MERKLE_HASH_SIZE];

/* Where hashes of the tree being proven come from. node() fills out with
 * the root of the perfect subtree of 2^level leaves starting at leaf
 * index << level (level 0: the leaf hash itself) and returns 0, or -1 on
 * failure (which the caller reports). */
struct merkle_src {
	void *ctx;
	int (*node)(void *ctx, int level, uint64_t index, merkle_hash out);
};

void merkle_leaf_hash(const void *data, size_t len, merkle_hash out);
void merkle_node_hash(const merkle_hash left, const merkle_hash right,
                      merkle_hash out);
void merkle_empty_root(merkle_hash out);

/* MTH(D[0:size]). 0 or -1 (source failed). */
int merkle_root(const struct merkle_src *src, uint64_t size, merkle_hash out);

/* RFC 9162 §2.1.3.1: inclusion proof of leaf `index` in the tree of `size`
 * leaves (index < size). Writes *n hashes into path. */
int merkle_inclusion_proof(const struct merkle_src *src, uint64_t index,
                           uint64_t size, merkle_hash path[MERKLE_PATH_MAX],
                           size_t *n);
/* RFC 9162 §2.1.3.2: 0 when the path proves leaf at index in root. */
int merkle_inclusion_verify(const merkle_hash leaf, uint64_t index, uint64_t size,
                            const merkle_hash *path, size_t n,
                            const merkle_hash root);

/* RFC 9162 §2.1.4.1: consistency proof between sizes old_size <= new_size. */
int merkle_consistency_proof(const struct merkle_src *src, uint64_t old_size,
                             uint64_t new_size, merkle_hash path[MERKLE_PATH_MAX],
                             size_t *n);
/* RFC 9162 §2.1.4.2: 0 when the path proves old_root is a prefix of new_root. */
int merkle_consistency_verify(uint64_t old_size, uint64_t new_size,
                              const merkle_hash old_root, const merkle_hash new_root,
                              const merkle_hash *path, size_t n);

/* The append frontier: the roots of the perfect subtrees that make up the
 * tree of `size` leaves, largest first (one per set bit of size). Appending
 * is O(log n) and reports every perfect subtree the append completes. */
struct merkle_frontier {
	uint64_t size;
	int count;
	merkle_hash h[MERKLE_PATH_MAX];
};

void merkle_frontier_init(struct merkle_frontier *f);
/* Appends a leaf hash; for each perfect subtree completed at level >= 1 calls
 * done(ctx, level, index, hash) (may be NULL); a non-zero return from done
 * aborts and is returned (the frontier is then unspecified). */
int merkle_frontier_append(struct merkle_frontier *f, const merkle_hash leaf,
                           int (*done)(void *ctx, int level, uint64_t index,
                                       const merkle_hash h),
                           void *ctx);
/* The same append with node hashes computed elsewhere (in parallel, by
 * audit_verify's workers): nodes[j], j < nnodes, is the root of the perfect
 * subtree of level j + 1 that this leaf completes, used instead of hashing
 * the frontier's subtree with the new one. The caller guarantees they are
 * exactly those roots (computed from the same leaf hashes); levels above
 * nnodes are hashed here. nodes may be NULL with nnodes 0. */
int merkle_frontier_append_nodes(struct merkle_frontier *f, const merkle_hash leaf,
                                 const merkle_hash *nodes, int nnodes,
                                 int (*done)(void *ctx, int level, uint64_t index,
                                             const merkle_hash h),
                                 void *ctx);
void merkle_frontier_root(const struct merkle_frontier *f, merkle_hash out);
/* Serialisation for storage: 8-byte big-endian size then count hashes. */
size_t merkle_frontier_encode(const struct merkle_frontier *f, uint8_t *buf,
                              size_t bufsz);
int merkle_frontier_decode(struct merkle_frontier *f, const uint8_t *buf,
                           size_t len);

#endif
