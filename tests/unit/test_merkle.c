/*
 * test_merkle.c — merkle.c against the RFC 6962/9162 known answers (the
 * certificate-transparency 8-leaf vectors) and against a trivial recursive
 * reference implementation of MTH, PATH and SUBPROOF written straight from
 * RFC 9162 §2.1: roots on random sizes, inclusion proofs for every
 * (index, size) up to 64, consistency proofs for every 1 <= m <= n <= 64,
 * each verified and each refused once tampered; the frontier against the
 * reference root for sizes 0..300; frontier encode/decode.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "audit/merkle.h"
#include "crypto/crypto.h"
#include "tap.h"

#define LEAVES_MAX 2048

/* ---- the reference: RFC 9162 §2.1 read literally ---------------------- */

static merkle_hash leaves[LEAVES_MAX];   /* leaf hashes */

static uint64_t
ref_split(uint64_t n)
{
	uint64_t k = 1;

	while (k * 2 < n)
		k *= 2;
	return k;
}

/* MTH(D[lo:hi]) */
static void
ref_mth(uint64_t lo, uint64_t hi, merkle_hash out)
{
	merkle_hash l, r;
	uint64_t k;

	if (hi == lo) {
		merkle_empty_root(out);
		return;
	}
	if (hi - lo == 1) {
		memcpy(out, leaves[lo], MERKLE_HASH_SIZE);
		return;
	}
	k = ref_split(hi - lo);
	ref_mth(lo, lo + k, l);
	ref_mth(lo + k, hi, r);
	merkle_node_hash(l, r, out);
}

/* PATH(m, D[lo:hi]) appended to path[*n]. */
static void
ref_path(uint64_t m, uint64_t lo, uint64_t hi, merkle_hash *path, size_t *n)
{
	uint64_t k;

	if (hi - lo <= 1)
		return;
	k = ref_split(hi - lo);
	if (m < k) {
		ref_path(m, lo, lo + k, path, n);
		ref_mth(lo + k, hi, path[(*n)++]);
	} else {
		ref_path(m - k, lo + k, hi, path, n);
		ref_mth(lo, lo + k, path[(*n)++]);
	}
}

/* SUBPROOF(m, D[lo:hi], b) appended to path[*n]. */
static void
ref_subproof(uint64_t m, uint64_t lo, uint64_t hi, int b, merkle_hash *path,
             size_t *n)
{
	uint64_t k;

	if (m == hi - lo) {
		if (!b)
			ref_mth(lo, hi, path[(*n)++]);
		return;
	}
	k = ref_split(hi - lo);
	if (m <= k) {
		ref_subproof(m, lo, lo + k, b, path, n);
		ref_mth(lo + k, hi, path[(*n)++]);
	} else {
		ref_subproof(m - k, lo + k, hi, 0, path, n);
		ref_mth(lo, lo + k, path[(*n)++]);
	}
}

/* The source merkle.c reads: perfect subtrees from the reference. */
static int src_calls_bad;

static int
ref_node(void *ctx, int level, uint64_t index, merkle_hash out)
{
	uint64_t lo = index << level, hi = (index + 1) << level;

	(void)ctx;
	if (level < 0 || level > 62 || hi > LEAVES_MAX) {
		src_calls_bad++;
		return -1;
	}
	ref_mth(lo, hi, out);
	return 0;
}

static const struct merkle_src ref_src = { NULL, ref_node };

/* ---- helpers -------------------------------------------------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t
rng(void)
{
	uint64_t x = rng_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}

static void
unhex(const char *s, merkle_hash out)
{
	if (crypto_unhex(s, out, MERKLE_HASH_SIZE) != 0) {
		fprintf(stderr, "bad hex in test: %s\n", s);
		abort();
	}
}

static int
hash_eq_hex(const merkle_hash h, const char *hex)
{
	merkle_hash want;

	unhex(hex, want);
	return memcmp(h, want, MERKLE_HASH_SIZE) == 0;
}

static int
paths_equal(const merkle_hash *a, size_t na, const merkle_hash *b, size_t nb)
{
	return na == nb && (na == 0 || memcmp(a, b, na * MERKLE_HASH_SIZE) == 0);
}

/* ---- known answers (certificate-transparency merkle_tree_test) ---------- */

static const struct {
	const char *data;
	size_t len;
} ct_leaves[8] = {
	{ "", 0 },
	{ "\x00", 1 },
	{ "\x10", 1 },
	{ "\x20\x21", 2 },
	{ "\x30\x31", 2 },
	{ "\x40\x41\x42\x43", 4 },
	{ "\x50\x51\x52\x53\x54\x55\x56\x57", 8 },
	{ "\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f", 16 },
};

static const char *const ct_roots[9] = {
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
	"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
	"aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
	"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
	"4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
	"76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
	"ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
	"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

static const struct {
	uint64_t index, size;
	size_t n;
	const char *want[3];
} ct_inclusion[] = {
	{ 0, 1, 0, { NULL } },
	{ 0, 8, 3, { "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
	             "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
	             "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4" } },
	{ 5, 8, 3, { "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
	             "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
	             "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7" } },
	{ 2, 3, 1, { "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125" } },
	{ 1, 5, 3, { "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
	             "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
	             "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b" } },
};

static const struct {
	uint64_t m, n;
	size_t len;
	const char *want[3];
} ct_consistency[] = {
	{ 1, 1, 0, { NULL } },
	{ 1, 8, 3, { "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
	             "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
	             "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4" } },
	{ 6, 8, 3, { "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
	             "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
	             "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7" } },
	{ 2, 5, 2, { "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
	             "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b" } },
};

static void
test_known_answers(void)
{
	merkle_hash root, roots[9], path[MERKLE_PATH_MAX];
	size_t n;

	merkle_empty_root(root);
	CHECK(hash_eq_hex(root, ct_roots[0]));
	CHECK(merkle_root(&ref_src, 0, root) == 0 && hash_eq_hex(root, ct_roots[0]));

	for (int i = 0; i < 8; i++)
		merkle_leaf_hash(ct_leaves[i].data, ct_leaves[i].len, leaves[i]);
	for (uint64_t size = 0; size <= 8; size++) {
		CHECK(merkle_root(&ref_src, size, roots[size]) == 0);
		CHECK(hash_eq_hex(roots[size], ct_roots[size]));
	}

	for (size_t i = 0; i < sizeof ct_inclusion / sizeof ct_inclusion[0]; i++) {
		merkle_hash want[3];

		for (size_t j = 0; j < ct_inclusion[i].n; j++)
			unhex(ct_inclusion[i].want[j], want[j]);
		CHECK(merkle_inclusion_proof(&ref_src, ct_inclusion[i].index,
		                             ct_inclusion[i].size, path, &n) == 0);
		CHECK(paths_equal(path, n, want, ct_inclusion[i].n));
		CHECK(merkle_inclusion_verify(leaves[ct_inclusion[i].index],
		                              ct_inclusion[i].index, ct_inclusion[i].size,
		                              (const merkle_hash *)want, ct_inclusion[i].n,
		                              roots[ct_inclusion[i].size]) == 0);
	}

	for (size_t i = 0; i < sizeof ct_consistency / sizeof ct_consistency[0]; i++) {
		merkle_hash want[3];
		uint64_t m = ct_consistency[i].m, sz = ct_consistency[i].n;

		for (size_t j = 0; j < ct_consistency[i].len; j++)
			unhex(ct_consistency[i].want[j], want[j]);
		CHECK(merkle_consistency_proof(&ref_src, m, sz, path, &n) == 0);
		CHECK(paths_equal(path, n, want, ct_consistency[i].len));
		CHECK(merkle_consistency_verify(m, sz, roots[m], roots[sz],
		                                (const merkle_hash *)want,
		                                ct_consistency[i].len) == 0);
	}
}

/* ---- against the reference ------------------------------------------ */

static void
fill_random_leaves(void)
{
	for (int i = 0; i < LEAVES_MAX; i++) {
		uint64_t v = rng();

		merkle_leaf_hash(&v, sizeof v, leaves[i]);
	}
}

static void
test_root_random(void)
{
	int bad = 0;

	for (int t = 0; t < 300; t++) {
		uint64_t size = t < 40 ? (uint64_t)t : rng() % (LEAVES_MAX + 1);
		merkle_hash got, want;

		ref_mth(0, size, want);
		if (merkle_root(&ref_src, size, got) != 0 ||
		    memcmp(got, want, MERKLE_HASH_SIZE) != 0)
			bad++;
	}
	CHECK(bad == 0);
	/* A failing source is reported. */
	{
		merkle_hash got;

		CHECK(merkle_root(&ref_src, (uint64_t)LEAVES_MAX + 1, got) == -1);
		src_calls_bad = 0;
	}
}

static void
test_inclusion_all(void)
{
	int bad_proof = 0, bad_verify = 0, bad_reject = 0;
	merkle_hash path[MERKLE_PATH_MAX], ref[MERKLE_PATH_MAX], root, leaf, other;
	size_t n, rn;

	for (uint64_t size = 1; size <= 64; size++) {
		ref_mth(0, size, root);
		for (uint64_t i = 0; i < size; i++) {
			rn = 0;
			ref_path(i, 0, size, ref, &rn);
			if (merkle_inclusion_proof(&ref_src, i, size, path, &n) != 0 ||
			    !paths_equal(path, n, ref, rn)) {
				bad_proof++;
				continue;
			}
			if (merkle_inclusion_verify(leaves[i], i, size,
			                            (const merkle_hash *)path, n, root) != 0)
				bad_verify++;
			/* Refusals: each path hash flipped, wrong leaf, wrong index,
			 * wrong size, wrong root, one hash short, one too many. */
			for (size_t j = 0; j < n; j++) {
				path[j][j % MERKLE_HASH_SIZE] ^= 0x01;
				if (merkle_inclusion_verify(leaves[i], i, size,
				                            (const merkle_hash *)path, n,
				                            root) == 0)
					bad_reject++;
				path[j][j % MERKLE_HASH_SIZE] ^= 0x01;
			}
			memcpy(leaf, leaves[i], MERKLE_HASH_SIZE);
			leaf[31] ^= 0x80;
			if (merkle_inclusion_verify(leaf, i, size, (const merkle_hash *)path,
			                            n, root) == 0)
				bad_reject++;
			if (size > 1 && merkle_inclusion_verify(leaves[i], (i + 1) % size,
			                                        size, (const merkle_hash *)path,
			                                        n, root) == 0)
				bad_reject++;
			/* Claimed for the tree one larger (against that tree's root). */
			ref_mth(0, size + 1, other);
			if (merkle_inclusion_verify(leaves[i], i, size + 1,
			                            (const merkle_hash *)path, n, other) == 0)
				bad_reject++;
			if (merkle_inclusion_verify(leaves[i], size, size,
			                            (const merkle_hash *)path, n, root) == 0)
				bad_reject++;
			root[0] ^= 0x01;
			if (merkle_inclusion_verify(leaves[i], i, size,
			                            (const merkle_hash *)path, n, root) == 0)
				bad_reject++;
			root[0] ^= 0x01;
			if (n > 0 && merkle_inclusion_verify(leaves[i], i, size,
			                                     (const merkle_hash *)path, n - 1,
			                                     root) == 0)
				bad_reject++;
			memcpy(path[n], leaves[0], MERKLE_HASH_SIZE);
			if (merkle_inclusion_verify(leaves[i], i, size,
			                            (const merkle_hash *)path, n + 1,
			                            root) == 0)
				bad_reject++;
		}
	}
	CHECK(bad_proof == 0);
	CHECK(bad_verify == 0);
	CHECK(bad_reject == 0);
	CHECK(merkle_inclusion_proof(&ref_src, 5, 5, path, &n) == -1);
	CHECK(merkle_inclusion_verify(leaves[0], 0, 0, NULL, 0, root) == -1);
}

static void
test_consistency_all(void)
{
	int bad_proof = 0, bad_verify = 0, bad_reject = 0;
	merkle_hash path[MERKLE_PATH_MAX + 1], ref[MERKLE_PATH_MAX], r1, r2, other;
	size_t n, rn;

	for (uint64_t sz = 1; sz <= 64; sz++) {
		ref_mth(0, sz, r2);
		for (uint64_t m = 1; m <= sz; m++) {
			ref_mth(0, m, r1);
			rn = 0;
			if (m < sz)
				ref_subproof(m, 0, sz, 1, ref, &rn);
			if (merkle_consistency_proof(&ref_src, m, sz, path, &n) != 0 ||
			    !paths_equal(path, n, ref, rn)) {
				bad_proof++;
				continue;
			}
			if (merkle_consistency_verify(m, sz, r1, r2,
			                              (const merkle_hash *)path, n) != 0)
				bad_verify++;
			for (size_t j = 0; j < n; j++) {
				path[j][(j * 7) % MERKLE_HASH_SIZE] ^= 0x04;
				if (merkle_consistency_verify(m, sz, r1, r2,
				                              (const merkle_hash *)path, n) == 0)
					bad_reject++;
				path[j][(j * 7) % MERKLE_HASH_SIZE] ^= 0x04;
			}
			r1[5] ^= 0x10;
			if (merkle_consistency_verify(m, sz, r1, r2,
			                              (const merkle_hash *)path, n) == 0)
				bad_reject++;
			r1[5] ^= 0x10;
			r2[9] ^= 0x10;
			if (merkle_consistency_verify(m, sz, r1, r2,
			                              (const merkle_hash *)path, n) == 0)
				bad_reject++;
			r2[9] ^= 0x10;
			if (n > 0 && merkle_consistency_verify(m, sz, r1, r2,
			                                       (const merkle_hash *)path,
			                                       n - 1) == 0)
				bad_reject++;
			memcpy(path[n], leaves[3], MERKLE_HASH_SIZE);
			if (merkle_consistency_verify(m, sz, r1, r2,
			                              (const merkle_hash *)path, n + 1) == 0)
				bad_reject++;
			/* The same proof claimed for other sizes. */
			if (m > 1 && merkle_consistency_verify(m - 1, sz, r1, r2,
			                                       (const merkle_hash *)path,
			                                       n) == 0)
				bad_reject++;
			ref_mth(0, sz + 1, other);
			if (merkle_consistency_verify(m, sz + 1, r1, other,
			                              (const merkle_hash *)path, n) == 0)
				bad_reject++;
			if (m > 1) {
				ref_mth(0, m - 1, other);
				if (merkle_consistency_verify(m - 1, sz, other, r2,
				                              (const merkle_hash *)path,
				                              n) == 0)
					bad_reject++;
			}
		}
	}
	CHECK(bad_proof == 0);
	CHECK(bad_verify == 0);
	CHECK(bad_reject == 0);

	/* Edges: 0 -> n is the empty proof from the empty root; m > n refused. */
	merkle_empty_root(r1);
	ref_mth(0, 10, r2);
	CHECK(merkle_consistency_proof(&ref_src, 0, 10, path, &n) == 0 && n == 0);
	CHECK(merkle_consistency_verify(0, 10, r1, r2, NULL, 0) == 0);
	CHECK(merkle_consistency_verify(0, 10, r2, r2, NULL, 0) == -1);
	CHECK(merkle_consistency_proof(&ref_src, 11, 10, path, &n) == -1);
	CHECK(merkle_consistency_verify(11, 10, r2, r2, NULL, 0) == -1);
	CHECK(merkle_consistency_verify(10, 10, r2, r2, NULL, 0) == 0);
	CHECK(merkle_consistency_verify(10, 10, r1, r2, NULL, 0) == -1);
}

/* ---- frontier -------------------------------------------------------- */

struct done_log {
	int bad;
	int calls;
};

static int
on_done(void *ctx, int level, uint64_t index, const merkle_hash h)
{
	struct done_log *d = ctx;
	merkle_hash want;

	d->calls++;
	ref_mth(index << level, (index + 1) << level, want);
	if (level < 1 || memcmp(want, h, MERKLE_HASH_SIZE) != 0)
		d->bad++;
	return 0;
}

static int
on_done_abort(void *ctx, int level, uint64_t index, const merkle_hash h)
{
	(void)ctx;
	(void)level;
	(void)index;
	(void)h;
	return 7;
}

static void
test_frontier(void)
{
	struct merkle_frontier f, g;
	struct done_log d = { 0, 0 };
	uint8_t buf[8 + MERKLE_PATH_MAX * MERKLE_HASH_SIZE];
	int bad_root = 0, bad_codec = 0;

	merkle_frontier_init(&f);
	for (uint64_t size = 0; size <= 300; size++) {
		merkle_hash got, want;
		size_t len;

		ref_mth(0, size, want);
		merkle_frontier_root(&f, got);
		if (memcmp(got, want, MERKLE_HASH_SIZE) != 0 || f.size != size)
			bad_root++;
		len = merkle_frontier_encode(&f, buf, sizeof buf);
		if (len != 8 + (size_t)__builtin_popcountll(size) * MERKLE_HASH_SIZE ||
		    merkle_frontier_decode(&g, buf, len) != 0 || g.size != f.size ||
		    g.count != f.count ||
		    memcmp(g.h, f.h, (size_t)f.count * MERKLE_HASH_SIZE) != 0)
			bad_codec++;
		if (size > 0 && (merkle_frontier_decode(&g, buf, len - 1) == 0 ||
		                 merkle_frontier_encode(&f, buf, len - 1) != 0))
			bad_codec++;
		if (merkle_frontier_append(&f, leaves[size], on_done, &d) != 0)
			bad_root++;
	}
	CHECK(bad_root == 0);
	CHECK(bad_codec == 0);
	CHECK(d.bad == 0);
	/* 301 leaves complete 301 - popcount(301) subtrees at level >= 1. */
	CHECK(d.calls == 301 - __builtin_popcountll(301));

	/* A done() failure is returned. */
	merkle_frontier_init(&f);
	CHECK(merkle_frontier_append(&f, leaves[0], on_done_abort, NULL) == 0);
	CHECK(merkle_frontier_append(&f, leaves[1], on_done_abort, NULL) == 7);

	/* Decode refuses a size that disagrees with the hash count. */
	memset(buf, 0, sizeof buf);
	buf[7] = 3;   /* size 3: two hashes expected */
	CHECK(merkle_frontier_decode(&g, buf, 8 + MERKLE_HASH_SIZE) == -1);
	CHECK(merkle_frontier_decode(&g, buf, 8 + 2 * MERKLE_HASH_SIZE) == 0);
	CHECK(g.size == 3 && g.count == 2);
	CHECK(merkle_frontier_decode(&g, buf, 4) == -1);
	buf[7] = 0;
	CHECK(merkle_frontier_decode(&g, buf, 8) == 0 && g.size == 0 && g.count == 0);
}

int
main(void)
{
	if (crypto_init() != 0)
		return 1;
	test_known_answers();
	fill_random_leaves();
	test_root_random();
	test_inclusion_all();
	test_consistency_all();
	test_frontier();
	CHECK(src_calls_bad == 0);
	return tap_done();
}
