/*
 * merkle.c — RFC 9162 Merkle tree hashing, inclusion and consistency proofs,
 * and the append frontier (declarations and the hash definitions in
 * merkle.h).
 *
 * Owns nothing: every function works on caller memory; hashes of the tree
 * are reached only through struct merkle_src. Never does I/O, never
 * allocates, never includes <sodium.h> (SHA-256 comes from crypto.h).
 *
 * How it works.
 *
 *   A range.  RFC 9162 defines MTH, PATH and SUBPROOF recursively by
 *   splitting D[n] at k, the largest power of two below n. Every range the
 *   recursion visits, [start, start + len), has start a multiple of the
 *   smallest power of two >= len (true at the top; the right part of a split
 *   starts at k, a power of two >= its length). So the range is the
 *   concatenation of perfect subtrees, one per set bit of len, largest first,
 *   each aligned at its own size: range_root() fetches those (at most 64)
 *   from the source and folds them right to left. That is MTH of the range.
 *
 *   Proofs.  PATH and SUBPROOF are walked top-down iteratively; siblings are
 *   discovered root first and emitted leaf first, so they are written in
 *   reverse at the end.
 *
 *   Verification follows RFC 9162 §2.1.3.2 and §2.1.4.2 step by step (the
 *   fn/sn bit walk), so a proof is checked without trusting its length.
 *
 *   Frontier.  The frontier of a tree of `size` leaves holds the roots of
 *   its perfect subtrees, one per set bit of size, largest first. Appending
 *   leaf number s merges the trailing subtrees while bit `level` of s is
 *   set (binary increment); the subtree completed at level L has index
 *   s >> L. The root is range_root() over the frontier.
 *
 * Invariants: f->count == popcount(f->size); a path has <= MERKLE_PATH_MAX
 * hashes; every public function checks sizes before indexing.
 *
 * Untrusted input: proofs given to the verify functions (length and content)
 * and frontier blobs given to merkle_frontier_decode (length checked against
 * the size they announce).
 */
#include "audit/merkle.h"

#include <string.h>

#include "crypto/crypto.h"

#define LEAF_PREFIX 0x00
#define NODE_PREFIX 0x01

/* ---- hashes ----------------------------------------------------------- */

void
merkle_leaf_hash(const void *data, size_t len, merkle_hash out)
{
	crypto_sha256_prefixed(LEAF_PREFIX, data, len, NULL, 0, out);
}

void
merkle_node_hash(const merkle_hash left, const merkle_hash right, merkle_hash out)
{
	crypto_sha256_prefixed(NODE_PREFIX, left, MERKLE_HASH_SIZE, right,
	                       MERKLE_HASH_SIZE, out);
}

void
merkle_empty_root(merkle_hash out)
{
	crypto_sha256("", 0, out);
}

/* ---- private helpers -------------------------------------------------- */

/* The largest power of two strictly smaller than n (n >= 2). */
static uint64_t
split_point(uint64_t n)
{
	uint64_t k = 1;

	while (k << 1 < n)
		k <<= 1;
	return k;
}

static int
level_of(uint64_t pow2)
{
	int l = 0;

	while (pow2 > 1) {
		pow2 >>= 1;
		l++;
	}
	return l;
}

/* MTH(D[start:start+len]) for an aligned range (see the header comment),
 * len >= 1. */
static int
range_root(const struct merkle_src *src, uint64_t start, uint64_t len,
           merkle_hash out)
{
	merkle_hash h[MERKLE_PATH_MAX];
	int count = 0;
	uint64_t off = start;

	for (int level = 63; level >= 0; level--) {
		uint64_t bit = (uint64_t)1 << level;

		if ((len & bit) == 0)
			continue;
		if (src->node(src->ctx, level, off >> level, h[count]) != 0)
			return -1;
		count++;
		off += bit;
	}
	if (count == 0)
		return -1;
	memcpy(out, h[count - 1], MERKLE_HASH_SIZE);
	for (int i = count - 2; i >= 0; i--)
		merkle_node_hash(h[i], out, out);
	return 0;
}

static void
path_reverse(merkle_hash *path, size_t n)
{
	merkle_hash t;

	for (size_t i = 0; i < n / 2; i++) {
		memcpy(t, path[i], MERKLE_HASH_SIZE);
		memcpy(path[i], path[n - 1 - i], MERKLE_HASH_SIZE);
		memcpy(path[n - 1 - i], t, MERKLE_HASH_SIZE);
	}
}

static int
hash_equal(const merkle_hash a, const merkle_hash b)
{
	return crypto_memcmp(a, b, MERKLE_HASH_SIZE) == 0;
}

/* ---- roots and proofs ------------------------------------------------- */

int
merkle_root(const struct merkle_src *src, uint64_t size, merkle_hash out)
{
	if (size == 0) {
		merkle_empty_root(out);
		return 0;
	}
	return range_root(src, 0, size, out);
}

/* RFC 9162 §2.1.3.1, PATH(m, D[n]), iteratively. */
int
merkle_inclusion_proof(const struct merkle_src *src, uint64_t index,
                       uint64_t size, merkle_hash path[MERKLE_PATH_MAX],
                       size_t *n)
{
	uint64_t start = 0, len = size;
	size_t c = 0;

	*n = 0;
	if (index >= size)
		return -1;
	while (len > 1) {
		uint64_t k = split_point(len);

		if (c >= MERKLE_PATH_MAX)
			return -1;
		if (index - start < k) {
			if (range_root(src, start + k, len - k, path[c]) != 0)
				return -1;
			len = k;
		} else {
			if (src->node(src->ctx, level_of(k), start >> level_of(k),
			              path[c]) != 0)
				return -1;
			start += k;
			len -= k;
		}
		c++;
	}
	path_reverse(path, c);
	*n = c;
	return 0;
}

/* RFC 9162 §2.1.3.2. */
int
merkle_inclusion_verify(const merkle_hash leaf, uint64_t index, uint64_t size,
                        const merkle_hash *path, size_t n, const merkle_hash root)
{
	uint64_t fn, sn;
	merkle_hash r;

	if (index >= size || n > MERKLE_PATH_MAX)
		return -1;
	fn = index;
	sn = size - 1;
	memcpy(r, leaf, MERKLE_HASH_SIZE);
	for (size_t i = 0; i < n; i++) {
		if (sn == 0)
			return -1;
		if ((fn & 1) != 0 || fn == sn) {
			merkle_node_hash(path[i], r, r);
			if ((fn & 1) == 0) {
				while ((fn & 1) == 0 && fn != 0) {
					fn >>= 1;
					sn >>= 1;
				}
			}
		} else {
			merkle_node_hash(r, path[i], r);
		}
		fn >>= 1;
		sn >>= 1;
	}
	if (sn != 0 || !hash_equal(r, root))
		return -1;
	return 0;
}

/* RFC 9162 §2.1.4.1, PROOF(m, D[n]) = SUBPROOF(m, D[n], true), iteratively.
 * The proof between 0 and n, and between n and n, is empty. */
int
merkle_consistency_proof(const struct merkle_src *src, uint64_t old_size,
                         uint64_t new_size, merkle_hash path[MERKLE_PATH_MAX],
                         size_t *n)
{
	uint64_t start = 0, len = new_size, m = old_size;
	int b = 1;
	size_t c = 0;
	merkle_hash last;
	int have_last = 0;

	*n = 0;
	if (old_size > new_size)
		return -1;
	if (old_size == 0 || old_size == new_size)
		return 0;
	for (;;) {
		uint64_t k;

		if (m == len) {
			if (!b) {
				if (range_root(src, start, len, last) != 0)
					return -1;
				have_last = 1;
			}
			break;
		}
		if (c >= MERKLE_PATH_MAX - 1)
			return -1;
		k = split_point(len);
		if (m <= k) {
			if (range_root(src, start + k, len - k, path[c]) != 0)
				return -1;
			len = k;
		} else {
			if (src->node(src->ctx, level_of(k), start >> level_of(k),
			              path[c]) != 0)
				return -1;
			m -= k;
			start += k;
			len -= k;
			b = 0;
		}
		c++;
	}
	path_reverse(path, c);
	if (have_last) {
		memmove(path[1], path[0], c * MERKLE_HASH_SIZE);
		memcpy(path[0], last, MERKLE_HASH_SIZE);
		c++;
	}
	*n = c;
	return 0;
}

/* RFC 9162 §2.1.4.2. Sizes 0 and equal sizes take the empty proof. */
int
merkle_consistency_verify(uint64_t old_size, uint64_t new_size,
                          const merkle_hash old_root, const merkle_hash new_root,
                          const merkle_hash *path, size_t n)
{
	uint64_t fn, sn;
	merkle_hash fr, sr, empty;
	size_t i;
	int prepend;

	if (old_size > new_size || n > MERKLE_PATH_MAX)
		return -1;
	if (old_size == new_size)
		return n == 0 && hash_equal(old_root, new_root) ? 0 : -1;
	if (old_size == 0) {
		merkle_empty_root(empty);
		return n == 0 && hash_equal(old_root, empty) ? 0 : -1;
	}
	/* 1. */
	if (n == 0)
		return -1;
	/* 2. first a power of two: the path implicitly starts with first_hash. */
	prepend = (old_size & (old_size - 1)) == 0;
	/* 3., 4. */
	fn = old_size - 1;
	sn = new_size - 1;
	while ((fn & 1) != 0) {
		fn >>= 1;
		sn >>= 1;
	}
	/* 5. */
	if (prepend) {
		memcpy(fr, old_root, MERKLE_HASH_SIZE);
		i = 0;
	} else {
		memcpy(fr, path[0], MERKLE_HASH_SIZE);
		i = 1;
	}
	memcpy(sr, fr, MERKLE_HASH_SIZE);
	/* 6. */
	for (; i < n; i++) {
		if (sn == 0)
			return -1;
		if ((fn & 1) != 0 || fn == sn) {
			merkle_node_hash(path[i], fr, fr);
			merkle_node_hash(path[i], sr, sr);
			if ((fn & 1) == 0) {
				while ((fn & 1) == 0 && fn != 0) {
					fn >>= 1;
					sn >>= 1;
				}
			}
		} else {
			merkle_node_hash(sr, path[i], sr);
		}
		fn >>= 1;
		sn >>= 1;
	}
	/* 7. */
	if (sn != 0 || !hash_equal(fr, old_root) || !hash_equal(sr, new_root))
		return -1;
	return 0;
}

/* ---- frontier ----------------------------------------------------------- */

void
merkle_frontier_init(struct merkle_frontier *f)
{
	memset(f, 0, sizeof *f);
}

int
merkle_frontier_append(struct merkle_frontier *f, const merkle_hash leaf,
                       int (*done)(void *ctx, int level, uint64_t index,
                                   const merkle_hash h),
                       void *ctx)
{
	return merkle_frontier_append_nodes(f, leaf, NULL, 0, done, ctx);
}

int
merkle_frontier_append_nodes(struct merkle_frontier *f, const merkle_hash leaf,
                             const merkle_hash *nodes, int nnodes,
                             int (*done)(void *ctx, int level, uint64_t index,
                                         const merkle_hash h),
                             void *ctx)
{
	merkle_hash cur;
	uint64_t s = f->size;
	int level = 0;

	if (s == UINT64_MAX)
		return -1;
	memcpy(cur, leaf, MERKLE_HASH_SIZE);
	while ((s >> level & 1) != 0) {
		int rc;

		if (f->count <= 0)
			return -1;   /* count != popcount(size): corrupt frontier */
		if (level < nnodes && nodes != NULL)
			memcpy(cur, nodes[level], MERKLE_HASH_SIZE);
		else
			merkle_node_hash(f->h[f->count - 1], cur, cur);
		f->count--;
		level++;
		if (done != NULL && (rc = done(ctx, level, s >> level, cur)) != 0)
			return rc;
	}
	if (f->count >= MERKLE_PATH_MAX)
		return -1;
	memcpy(f->h[f->count], cur, MERKLE_HASH_SIZE);
	f->count++;
	f->size = s + 1;
	return 0;
}

void
merkle_frontier_root(const struct merkle_frontier *f, merkle_hash out)
{
	if (f->count == 0) {
		merkle_empty_root(out);
		return;
	}
	memcpy(out, f->h[f->count - 1], MERKLE_HASH_SIZE);
	for (int i = f->count - 2; i >= 0; i--)
		merkle_node_hash(f->h[i], out, out);
}

/* Returns the bytes written, or 0 when buf is too small (or f corrupt). */
size_t
merkle_frontier_encode(const struct merkle_frontier *f, uint8_t *buf,
                       size_t bufsz)
{
	size_t need;

	if (f->count < 0 || f->count > MERKLE_PATH_MAX)
		return 0;
	need = 8 + (size_t)f->count * MERKLE_HASH_SIZE;
	if (bufsz < need)
		return 0;
	for (int i = 0; i < 8; i++)
		buf[i] = (uint8_t)(f->size >> (56 - 8 * i));
	if (f->count > 0)
		memcpy(buf + 8, f->h, (size_t)f->count * MERKLE_HASH_SIZE);
	return need;
}

int
merkle_frontier_decode(struct merkle_frontier *f, const uint8_t *buf, size_t len)
{
	uint64_t size = 0;
	int count = 0;

	merkle_frontier_init(f);
	if (len < 8)
		return -1;
	for (int i = 0; i < 8; i++)
		size = size << 8 | buf[i];
	for (uint64_t s = size; s != 0; s &= s - 1)
		count++;
	if (len != 8 + (size_t)count * MERKLE_HASH_SIZE)
		return -1;
	f->size = size;
	f->count = count;
	if (count > 0)
		memcpy(f->h, buf + 8, (size_t)count * MERKLE_HASH_SIZE);
	return 0;
}
