/*
 * test_content_crypto.c — content encryption at rest (src/crypto/content.h):
 * round trips at the chunk boundaries, and fail-closed behaviour for every
 * kind of damage: a flipped byte in any chunk, the header or the wrapped
 * key; a truncated, reordered or extended stream; the wrong carrier id or
 * master key. A failing chunk must yield no plaintext at all.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crypto/content.h"
#include "crypto/crypto.h"
#include "tap.h"

#define MAX_CHUNKS 64

/* The stored form of one content: what the store would keep. */
struct stored {
	uint8_t wrapped[CONTENT_WRAPPED_SIZE];
	uint8_t header[CONTENT_HEADER_SIZE];
	uint8_t *chunk[MAX_CHUNKS];
	size_t len[MAX_CHUNKS];
	size_t n;
	uint64_t size, nchunks;
	uint8_t hash[CRYPTO_HASH_SIZE];
	int fail_at;            /* sink fails at this chunk; -1 never */
};

static int
sink(void *ctx, const uint8_t *c, size_t len)
{
	struct stored *s = ctx;

	if (s->n >= MAX_CHUNKS || (int)s->n == s->fail_at)
		return -1;
	s->chunk[s->n] = malloc(len ? len : 1);
	if (s->chunk[s->n] == NULL)
		return -1;
	memcpy(s->chunk[s->n], c, len);
	s->len[s->n] = len;
	s->n++;
	return 0;
}

static void
stored_clear(struct stored *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->chunk[i]);
	memset(s, 0, sizeof *s);
}

/* Encrypts buf in pieces of varying size (step 0: all at once). */
static int
encrypt(const struct crypto_keys *k, const char *id, const uint8_t *buf, size_t len,
        size_t step, struct stored *s)
{
	struct content_enc *enc = NULL;
	size_t off = 0;
	int rc = -1;

	if (content_enc_begin(k, id, sink, s, s->wrapped, s->header, &enc) != 0)
		return -1;
	while (off < len) {
		size_t n = step == 0 ? len - off : step + off % 7;

		if (n > len - off)
			n = len - off;
		if (content_enc_update(enc, buf + off, n) != 0)
			goto out;
		off += n;
	}
	rc = content_enc_final(enc, &s->size, &s->nchunks, s->hash);
out:
	content_enc_free(enc);
	return rc;
}

/* Decrypts s into out (cap bytes). Returns 0 when every chunk verified and
 * the stream was complete; -1 otherwise. *bad_at: index of the first chunk
 * that failed (or -1); *emitted: plaintext bytes handed out in total. */
static int
decrypt(const struct crypto_keys *k, const char *id, const struct stored *s,
        uint8_t *out, size_t cap, int *bad_at, size_t *emitted)
{
	struct content_dec *dec = NULL;
	int rc = -1;

	*bad_at = -1;
	*emitted = 0;
	if (content_dec_begin(k, id, s->wrapped, sizeof s->wrapped, s->header,
	                      sizeof s->header, &dec) != 0)
		return -1;
	for (size_t i = 0; i < s->n; i++) {
		const uint8_t *pt = (const uint8_t *)"x";
		size_t ptlen = 99;

		if (content_dec_update(dec, s->chunk[i], s->len[i], &pt, &ptlen) != 0) {
			*bad_at = (int)i;
			CHECK(pt == NULL && ptlen == 0);   /* nothing emitted */
			goto out;
		}
		if (*emitted + ptlen > cap)
			goto out;
		memcpy(out + *emitted, pt, ptlen);
		*emitted += ptlen;
	}
	rc = content_dec_final(dec);
out:
	content_dec_free(dec);
	return rc;
}

static int
contains(const uint8_t *hay, size_t n, const uint8_t *needle, size_t m)
{
	for (size_t i = 0; i + m <= n; i++)
		if (memcmp(hay + i, needle, m) == 0)
			return 1;
	return 0;
}

static void
test_round_trips(const struct crypto_keys *k)
{
	static const size_t sizes[] = {
		0, 1, CONTENT_CHUNK_SIZE - 1, CONTENT_CHUNK_SIZE, CONTENT_CHUNK_SIZE + 1,
		1024 * 1024 + 3,
	};
	static const size_t steps[] = {0, 1000, 65536, 70001};

	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		size_t n = sizes[i], want_chunks;
		uint8_t *buf = malloc(n + 1), *back = malloc(n + 1);

		crypto_random(buf, n);
		want_chunks = n == 0 ? 1 : (n + CONTENT_CHUNK_SIZE - 1) / CONTENT_CHUNK_SIZE;
		for (size_t j = 0; j < sizeof steps / sizeof steps[0]; j++) {
			struct stored s = {.fail_at = -1};
			int bad;
			size_t got;

			CHECK(encrypt(k, "carrier_00112233aabbccdd", buf, n, steps[j], &s) == 0);
			CHECK(s.size == n);
			CHECK(s.nchunks == want_chunks && s.n == want_chunks);
			for (size_t c = 0; c + 1 < s.n; c++)
				CHECK(s.len[c] == CONTENT_CT_CHUNK_MAX);
			CHECK(decrypt(k, "carrier_00112233aabbccdd", &s, back, n + 1, &bad, &got) == 0);
			CHECK(bad == -1 && got == n);
			CHECK(n == 0 || memcmp(buf, back, n) == 0);
			/* the ciphertext never contains the plaintext's first bytes */
			if (n >= 32)
				CHECK(!contains(s.chunk[0], s.len[0], buf, 32));
			stored_clear(&s);
		}
		free(buf);
		free(back);
	}
}

/* Two encryptions of the same content differ (fresh key, nonce, header). */
static void
test_fresh_keys(const struct crypto_keys *k)
{
	uint8_t buf[100] = {0};
	struct stored a = {.fail_at = -1}, b = {.fail_at = -1};

	CHECK(encrypt(k, "carrier_1", buf, sizeof buf, 0, &a) == 0);
	CHECK(encrypt(k, "carrier_1", buf, sizeof buf, 0, &b) == 0);
	CHECK(memcmp(a.wrapped, b.wrapped, sizeof a.wrapped) != 0);
	CHECK(memcmp(a.header, b.header, sizeof a.header) != 0);
	CHECK(memcmp(a.chunk[0], b.chunk[0], a.len[0]) != 0);
	CHECK(memcmp(a.hash, b.hash, sizeof a.hash) != 0);
	stored_clear(&a);
	stored_clear(&b);
}

/* 3 chunks: a flipped byte anywhere fails closed at that chunk, with no
 * plaintext for it and none after. */
static void
test_tamper(const struct crypto_keys *k)
{
	size_t n = 2 * CONTENT_CHUNK_SIZE + 5000;
	uint8_t *buf = malloc(n), *back = malloc(n);
	struct stored s = {.fail_at = -1};
	int bad;
	size_t got;

	crypto_random(buf, n);
	CHECK(encrypt(k, "carrier_a", buf, n, 0, &s) == 0);
	CHECK(s.n == 3);
	for (size_t c = 0; c < s.n; c++) {
		size_t positions[] = {0, s.len[c] / 2, s.len[c] - 1};

		for (size_t p = 0; p < 3; p++) {
			s.chunk[c][positions[p]] ^= 0x01;
			CHECK(decrypt(k, "carrier_a", &s, back, n, &bad, &got) == -1);
			CHECK(bad == (int)c);
			CHECK(got == c * CONTENT_CHUNK_SIZE);   /* only the chunks before */
			s.chunk[c][positions[p]] ^= 0x01;
		}
	}
	for (size_t i = 0; i < CONTENT_HEADER_SIZE; i += 7) {
		s.header[i] ^= 0x80;
		CHECK(decrypt(k, "carrier_a", &s, back, n, &bad, &got) == -1);
		CHECK(got == 0);
		s.header[i] ^= 0x80;
	}
	for (size_t i = 0; i < CONTENT_WRAPPED_SIZE; i += 5) {
		s.wrapped[i] ^= 0x04;
		CHECK(decrypt(k, "carrier_a", &s, back, n, &bad, &got) == -1);
		CHECK(got == 0 && bad == -1);   /* refused before any chunk */
		s.wrapped[i] ^= 0x04;
	}
	/* untouched again: still fine */
	CHECK(decrypt(k, "carrier_a", &s, back, n, &bad, &got) == 0);
	CHECK(got == n && memcmp(buf, back, n) == 0);
	stored_clear(&s);
	free(buf);
	free(back);
}

static void
test_stream_order(const struct crypto_keys *k)
{
	size_t n = 3 * CONTENT_CHUNK_SIZE + 1;   /* 4 chunks */
	uint8_t *buf = malloc(n), *back = malloc(n), *tmp;
	struct stored s = {.fail_at = -1};
	int bad;
	size_t got, tl;

	crypto_random(buf, n);
	CHECK(encrypt(k, "carrier_b", buf, n, 0, &s) == 0);
	CHECK(s.n == 4);

	/* truncated: the FINAL chunk is missing */
	s.n = 3;
	CHECK(decrypt(k, "carrier_b", &s, back, n, &bad, &got) == -1);
	CHECK(bad == -1 && got == 3 * CONTENT_CHUNK_SIZE);
	/* truncated to nothing */
	s.n = 0;
	CHECK(decrypt(k, "carrier_b", &s, back, n, &bad, &got) == -1);
	s.n = 4;

	/* reordered: chunks 1 and 2 swapped */
	tmp = s.chunk[1]; s.chunk[1] = s.chunk[2]; s.chunk[2] = tmp;
	CHECK(decrypt(k, "carrier_b", &s, back, n, &bad, &got) == -1);
	CHECK(bad == 1);
	tmp = s.chunk[1]; s.chunk[1] = s.chunk[2]; s.chunk[2] = tmp;

	/* a chunk dropped from the middle */
	tmp = s.chunk[1];
	tl = s.len[1];
	s.chunk[1] = s.chunk[2]; s.len[1] = s.len[2];
	s.chunk[2] = s.chunk[3]; s.len[2] = s.len[3];
	s.n = 3;
	CHECK(decrypt(k, "carrier_b", &s, back, n, &bad, &got) == -1);
	CHECK(bad == 1);
	s.n = 4;
	s.chunk[3] = s.chunk[2]; s.len[3] = s.len[2];
	s.chunk[2] = s.chunk[1]; s.len[2] = s.len[1];
	s.chunk[1] = tmp; s.len[1] = tl;
	CHECK(decrypt(k, "carrier_b", &s, back, n, &bad, &got) == 0);

	/* something after the FINAL chunk */
	s.chunk[4] = malloc(s.len[3]);
	memcpy(s.chunk[4], s.chunk[3], s.len[3]);
	s.len[4] = s.len[3];
	s.n = 5;
	CHECK(decrypt(k, "carrier_b", &s, back, n, &bad, &got) == -1);
	CHECK(bad == 4);

	/* wrong lengths are refused before any MAC work */
	s.n = 4;
	s.len[3] = CONTENT_CHUNK_ABYTES - 1;
	CHECK(decrypt(k, "carrier_b", &s, back, n, &bad, &got) == -1);
	CHECK(bad == 3);
	s.n = 5;
	stored_clear(&s);
	free(buf);
	free(back);
}

static void
test_binding(const struct crypto_keys *k, const struct crypto_keys *other)
{
	uint8_t buf[5000], back[5000];
	struct stored s = {.fail_at = -1};
	struct content_dec *dec = NULL;
	int bad;
	size_t got;
	char longid[CONTENT_AD_MAX + 2];

	crypto_random(buf, sizeof buf);
	CHECK(encrypt(k, "carrier_c", buf, sizeof buf, 0, &s) == 0);
	/* wrong carrier id (associated data) */
	CHECK(decrypt(k, "carrier_d", &s, back, sizeof back, &bad, &got) == -1);
	CHECK(got == 0);
	CHECK(decrypt(k, "carrier_c2", &s, back, sizeof back, &bad, &got) == -1);
	CHECK(decrypt(k, "carrier_", &s, back, sizeof back, &bad, &got) == -1);
	/* wrong master key */
	CHECK(decrypt(other, "carrier_c", &s, back, sizeof back, &bad, &got) == -1);
	CHECK(got == 0);
	/* the right ones */
	CHECK(decrypt(k, "carrier_c", &s, back, sizeof back, &bad, &got) == 0);
	CHECK(got == sizeof buf && memcmp(buf, back, sizeof buf) == 0);
	/* wrong stored lengths */
	CHECK(content_dec_begin(k, "carrier_c", s.wrapped, sizeof s.wrapped - 1, s.header,
	                        sizeof s.header, &dec) == -1 && dec == NULL);
	CHECK(content_dec_begin(k, "carrier_c", s.wrapped, sizeof s.wrapped, s.header,
	                        sizeof s.header + 1, &dec) == -1 && dec == NULL);
	/* ids: empty, NULL, too long */
	memset(longid, 'a', sizeof longid - 1);
	longid[sizeof longid - 1] = '\0';
	CHECK(content_dec_begin(k, "", s.wrapped, sizeof s.wrapped, s.header,
	                        sizeof s.header, &dec) == -1);
	CHECK(content_dec_begin(k, NULL, s.wrapped, sizeof s.wrapped, s.header,
	                        sizeof s.header, &dec) == -1);
	CHECK(content_dec_begin(k, longid, s.wrapped, sizeof s.wrapped, s.header,
	                        sizeof s.header, &dec) == -1);
	stored_clear(&s);
}

static void
test_failures(const struct crypto_keys *k)
{
	struct stored s = {.fail_at = 1};
	struct content_enc *enc = NULL;
	uint8_t buf[3 * CONTENT_CHUNK_SIZE];
	uint64_t size, nchunks;
	uint8_t h[CRYPTO_HASH_SIZE];

	/* a failing sink fails the encryption and everything after */
	memset(buf, 'q', sizeof buf);
	CHECK(content_enc_begin(k, "carrier_e", sink, &s, s.wrapped, s.header, &enc) == 0);
	CHECK(content_enc_update(enc, buf, sizeof buf) == -1);
	CHECK(content_enc_update(enc, buf, 1) == -1);
	CHECK(content_enc_final(enc, &size, &nchunks, h) == -1);
	content_enc_free(enc);
	stored_clear(&s);

	/* past CONTENT_SIZE_MAX: refused before reading */
	s.fail_at = -1;
	CHECK(content_enc_begin(k, "carrier_e", sink, &s, s.wrapped, s.header, &enc) == 0);
	CHECK(content_enc_update(enc, buf, (size_t)CONTENT_SIZE_MAX + 1) == -1);
	CHECK(content_enc_final(enc, &size, &nchunks, h) == -1);
	content_enc_free(enc);
	stored_clear(&s);

	/* final twice */
	s.fail_at = -1;
	CHECK(content_enc_begin(k, "carrier_e", sink, &s, s.wrapped, s.header, &enc) == 0);
	CHECK(content_enc_final(enc, &size, &nchunks, h) == 0);
	CHECK(size == 0 && nchunks == 1);
	CHECK(content_enc_final(enc, &size, &nchunks, h) == -1);
	CHECK(content_enc_update(enc, buf, 1) == -1);
	content_enc_free(enc);
	stored_clear(&s);

	/* bad arguments */
	CHECK(content_enc_begin(k, "", sink, &s, s.wrapped, s.header, &enc) == -1);
	CHECK(content_enc_begin(k, "carrier_e", NULL, &s, s.wrapped, s.header, &enc) == -1);
	CHECK(content_enc_begin(NULL, "carrier_e", sink, &s, s.wrapped, s.header, &enc) == -1);
	content_enc_free(NULL);
	content_dec_free(NULL);
	CHECK(content_dec_final(NULL) == -1);
}

int
main(void)
{
	char dir[] = "/tmp/qupiya-content-XXXXXX", p1[64], p2[64], err[256];
	struct crypto_keys *k, *other;

	if (crypto_init() != 0 || mkdtemp(dir) == NULL)
		return 1;
	snprintf(p1, sizeof p1, "%s/a.key", dir);
	snprintf(p2, sizeof p2, "%s/b.key", dir);
	k = crypto_keys_create(p1, err, sizeof err);
	other = crypto_keys_create(p2, err, sizeof err);
	CHECK(k != NULL && other != NULL);
	if (k == NULL || other == NULL)
		return tap_done();
	test_round_trips(k);
	test_fresh_keys(k);
	test_tamper(k);
	test_stream_order(k);
	test_binding(k, other);
	test_failures(k);
	crypto_keys_free(k);
	crypto_keys_free(other);
	unlink(p1);
	unlink(p2);
	rmdir(dir);
	return tap_done();
}
