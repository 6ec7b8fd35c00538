/*
 * content.c — content encryption at rest: wrapped per-upload keys and a
 * chunked secretstream (see content.h for the format and the guarantees).
 *
 * SECURITY: every secret (content key, stream state, plaintext chunk
 * buffer) lives in the context's sodium_malloc'd block and is wiped by
 * sodium_free on every path; stack copies are wiped before return. Stored
 * input is length-checked, then authenticated, and only then decrypted into
 * the context's buffer. A context that failed once stays failed.
 */
#include "crypto/content.h"

#include <sodium.h>
#include <string.h>

#define WRAP_AD_PREFIX "qupiya-content-key-v1"

/* sizes we promise in the header match libsodium's */
_Static_assert(CONTENT_KEY_SIZE == crypto_secretstream_xchacha20poly1305_KEYBYTES, "key");
_Static_assert(CONTENT_KEY_SIZE == crypto_aead_xchacha20poly1305_ietf_KEYBYTES, "wrap key");
_Static_assert(CONTENT_WRAP_NONCE_SIZE == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, "nonce");
_Static_assert(CONTENT_WRAP_ABYTES == crypto_aead_xchacha20poly1305_ietf_ABYTES, "tag");
_Static_assert(CONTENT_HEADER_SIZE == crypto_secretstream_xchacha20poly1305_HEADERBYTES, "header");
_Static_assert(CONTENT_CHUNK_ABYTES == crypto_secretstream_xchacha20poly1305_ABYTES, "abytes");
_Static_assert(CRYPTO_KEY_SIZE == CONTENT_KEY_SIZE, "master key");

/* All secrets of an encryption, in one guarded allocation. */
struct content_enc {
	crypto_secretstream_xchacha20poly1305_state st;
	crypto_hash_sha256_state hash;       /* over header and ciphertext */
	content_sink sink;
	void *sink_ctx;
	uint64_t size;                       /* plaintext bytes taken */
	uint64_t nchunks;                    /* chunks emitted */
	size_t fill;                         /* bytes in pt */
	bool failed;
	uint8_t pt[CONTENT_CHUNK_SIZE];      /* plaintext waiting to be sealed */
	uint8_t ct[CONTENT_CT_CHUNK_MAX];    /* the chunk being handed out */
};

struct content_dec {
	crypto_secretstream_xchacha20poly1305_state st;
	bool failed;
	bool final_seen;
	uint8_t pt[CONTENT_CHUNK_SIZE];      /* the last verified chunk */
};

/* ad = WRAP_AD_PREFIX NUL carrier_id; *adlen set. -1 if the id is too long
 * or empty. */
static int
wrap_ad(const char *carrier_id, uint8_t ad[sizeof WRAP_AD_PREFIX + CONTENT_AD_MAX],
        size_t *adlen)
{
	size_t n;

	if (carrier_id == NULL)
		return -1;
	n = strnlen(carrier_id, CONTENT_AD_MAX + 1);
	if (n == 0 || n > CONTENT_AD_MAX)
		return -1;
	memcpy(ad, WRAP_AD_PREFIX, sizeof WRAP_AD_PREFIX);   /* NUL included */
	memcpy(ad + sizeof WRAP_AD_PREFIX, carrier_id, n);
	*adlen = sizeof WRAP_AD_PREFIX + n;
	return 0;
}

/* Unwraps a per-upload key under the master key, or, during a master key
 * rotation (crypto.h), under the previous one. */
static int
unwrap(const struct crypto_keys *keys, const uint8_t *wrapped, const uint8_t *ad,
       size_t adlen, uint8_t *key, unsigned long long *klen)
{
	const uint8_t *masters[2] = {keys->master, keys->master_prev};

	for (int i = 0; i < 2; i++) {
		if (masters[i] == NULL)
			continue;
		if (crypto_aead_xchacha20poly1305_ietf_decrypt(
			    key, klen, NULL, wrapped + CONTENT_WRAP_NONCE_SIZE,
			    CONTENT_KEY_SIZE + CONTENT_WRAP_ABYTES, ad, adlen, wrapped,
			    masters[i]) == 0 &&
		    *klen == CONTENT_KEY_SIZE)
			return 0;
	}
	return -1;
}

int
content_rewrap(const struct crypto_keys *keys, const char *carrier_id,
               const uint8_t *wrapped, size_t wrapped_len,
               uint8_t out[CONTENT_WRAPPED_SIZE])
{
	uint8_t ad[sizeof WRAP_AD_PREFIX + CONTENT_AD_MAX];
	uint8_t *key;
	unsigned long long klen = 0, clen = 0;
	size_t adlen;
	int rc = -1;

	if (keys == NULL || keys->master == NULL || wrapped == NULL ||
	    wrapped_len != CONTENT_WRAPPED_SIZE || wrap_ad(carrier_id, ad, &adlen) != 0)
		return -1;
	key = sodium_malloc(CONTENT_KEY_SIZE);
	if (key == NULL)
		return -1;
	if (unwrap(keys, wrapped, ad, adlen, key, &klen) == 0) {
		randombytes_buf(out, CONTENT_WRAP_NONCE_SIZE);
		if (crypto_aead_xchacha20poly1305_ietf_encrypt(
			    out + CONTENT_WRAP_NONCE_SIZE, &clen, key, CONTENT_KEY_SIZE, ad,
			    adlen, NULL, out, keys->master) == 0 &&
		    clen == CONTENT_KEY_SIZE + CONTENT_WRAP_ABYTES)
			rc = 0;
	}
	sodium_free(key);
	return rc;
}

/* ---- encryption ------------------------------------------------------- */

int
content_enc_begin(const struct crypto_keys *keys, const char *carrier_id,
                  content_sink sink, void *sink_ctx,
                  uint8_t wrapped[CONTENT_WRAPPED_SIZE],
                  uint8_t header[CONTENT_HEADER_SIZE], struct content_enc **out)
{
	uint8_t ad[sizeof WRAP_AD_PREFIX + CONTENT_AD_MAX];
	uint8_t *key = NULL;
	struct content_enc *enc = NULL;
	unsigned long long clen = 0;
	size_t adlen;

	*out = NULL;
	if (keys == NULL || keys->master == NULL || sink == NULL ||
	    wrap_ad(carrier_id, ad, &adlen) != 0)
		return -1;
	key = sodium_malloc(CONTENT_KEY_SIZE);
	enc = sodium_malloc(sizeof *enc);
	if (key == NULL || enc == NULL)
		goto fail;
	memset(enc, 0, sizeof *enc);
	crypto_secretstream_xchacha20poly1305_keygen(key);

	/* wrapped = nonce | AEAD(master, nonce, key, ad) */
	randombytes_buf(wrapped, CONTENT_WRAP_NONCE_SIZE);
	if (crypto_aead_xchacha20poly1305_ietf_encrypt(
		    wrapped + CONTENT_WRAP_NONCE_SIZE, &clen, key, CONTENT_KEY_SIZE, ad, adlen,
		    NULL, wrapped, keys->master) != 0 ||
	    clen != CONTENT_KEY_SIZE + CONTENT_WRAP_ABYTES)
		goto fail;
	if (crypto_secretstream_xchacha20poly1305_init_push(&enc->st, header, key) != 0)
		goto fail;
	sodium_free(key);   /* wipes: the stream state holds what it needs */
	crypto_hash_sha256_init(&enc->hash);
	crypto_hash_sha256_update(&enc->hash, header, CONTENT_HEADER_SIZE);
	enc->sink = sink;
	enc->sink_ctx = sink_ctx;
	*out = enc;
	return 0;
fail:
	sodium_free(key);
	sodium_free(enc);
	sodium_memzero(wrapped, CONTENT_WRAPPED_SIZE);
	return -1;
}

/* Seals the buffered plaintext as one chunk and hands it to the sink. */
static int
enc_emit(struct content_enc *enc, unsigned char tag)
{
	unsigned long long clen = 0;
	int rc;

	if (crypto_secretstream_xchacha20poly1305_push(&enc->st, enc->ct, &clen, enc->pt,
	                                               enc->fill, NULL, 0, tag) != 0 ||
	    clen != enc->fill + CONTENT_CHUNK_ABYTES) {
		enc->failed = true;
		return -1;
	}
	sodium_memzero(enc->pt, enc->fill);
	enc->fill = 0;
	enc->nchunks++;
	crypto_hash_sha256_update(&enc->hash, enc->ct, (unsigned long long)clen);
	rc = enc->sink(enc->sink_ctx, enc->ct, (size_t)clen);
	if (rc != 0)
		enc->failed = true;
	return rc == 0 ? 0 : -1;
}

int
content_enc_update(struct content_enc *enc, const void *data, size_t len)
{
	const uint8_t *p = data;

	if (enc == NULL || enc->failed || (len > 0 && data == NULL))
		return -1;
	if (len > CONTENT_SIZE_MAX - enc->size) {
		enc->failed = true;
		return -1;
	}
	enc->size += len;
	while (len > 0) {
		size_t n;

		/* A full buffer is sealed only once more data shows that it
		 * is not the last chunk: the FINAL chunk is never empty unless
		 * the whole content is. */
		if (enc->fill == CONTENT_CHUNK_SIZE &&
		    enc_emit(enc, crypto_secretstream_xchacha20poly1305_TAG_MESSAGE) != 0)
			return -1;
		n = CONTENT_CHUNK_SIZE - enc->fill;
		if (n > len)
			n = len;
		memcpy(enc->pt + enc->fill, p, n);
		enc->fill += n;
		p += n;
		len -= n;
	}
	return 0;
}

int
content_enc_final(struct content_enc *enc, uint64_t *size, uint64_t *nchunks,
                  uint8_t ct_hash[CRYPTO_HASH_SIZE])
{
	if (enc == NULL || enc->failed)
		return -1;
	if (enc_emit(enc, crypto_secretstream_xchacha20poly1305_TAG_FINAL) != 0)
		return -1;
	enc->failed = true;   /* nothing may follow the FINAL chunk */
	crypto_hash_sha256_final(&enc->hash, ct_hash);
	*size = enc->size;
	*nchunks = enc->nchunks;
	return 0;
}

void
content_enc_free(struct content_enc *enc)
{
	sodium_free(enc);   /* accepts NULL; wipes */
}

/* ---- decryption ------------------------------------------------------- */

int
content_dec_begin(const struct crypto_keys *keys, const char *carrier_id,
                  const uint8_t *wrapped, size_t wrapped_len, const uint8_t *header,
                  size_t header_len, struct content_dec **out)
{
	uint8_t ad[sizeof WRAP_AD_PREFIX + CONTENT_AD_MAX];
	uint8_t *key = NULL;
	struct content_dec *dec = NULL;
	unsigned long long klen = 0;
	size_t adlen;

	*out = NULL;
	/* lengths first */
	if (keys == NULL || keys->master == NULL || wrapped == NULL || header == NULL ||
	    wrapped_len != CONTENT_WRAPPED_SIZE || header_len != CONTENT_HEADER_SIZE ||
	    wrap_ad(carrier_id, ad, &adlen) != 0)
		return -1;
	key = sodium_malloc(CONTENT_KEY_SIZE);
	dec = sodium_malloc(sizeof *dec);
	if (key == NULL || dec == NULL)
		goto fail;
	memset(dec, 0, sizeof *dec);
	/* then the MAC: decrypt() writes key only when the tag verifies */
	if (unwrap(keys, wrapped, ad, adlen, key, &klen) != 0)
		goto fail;
	if (crypto_secretstream_xchacha20poly1305_init_pull(&dec->st, header, key) != 0)
		goto fail;
	sodium_free(key);
	*out = dec;
	return 0;
fail:
	sodium_free(key);
	sodium_free(dec);
	return -1;
}

int
content_dec_update(struct content_dec *dec, const uint8_t *chunk, size_t len,
                   const uint8_t **pt, size_t *pt_len)
{
	unsigned long long mlen = 0;
	unsigned char tag = 0;

	*pt = NULL;
	*pt_len = 0;
	if (dec == NULL)
		return -1;
	sodium_memzero(dec->pt, sizeof dec->pt);   /* the previous chunk is done */
	if (dec->failed || dec->final_seen || chunk == NULL || len < CONTENT_CHUNK_ABYTES ||
	    len > CONTENT_CT_CHUNK_MAX)
		goto fail;
	/* pull() checks the MAC before it writes any plaintext, and writes
	 * into our own buffer, which we hand out only on success. */
	if (crypto_secretstream_xchacha20poly1305_pull(&dec->st, dec->pt, &mlen, &tag, chunk,
	                                               len, NULL, 0) != 0 ||
	    mlen != len - CONTENT_CHUNK_ABYTES) {
		sodium_memzero(dec->pt, sizeof dec->pt);
		goto fail;
	}
	if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
		dec->final_seen = true;
	} else if (tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE ||
	           mlen != CONTENT_CHUNK_SIZE) {
		/* only the last chunk may be short; no other tags are written */
		sodium_memzero(dec->pt, sizeof dec->pt);
		goto fail;
	}
	*pt = dec->pt;
	*pt_len = (size_t)mlen;
	return 0;
fail:
	dec->failed = true;
	return -1;
}

int
content_dec_final_seen(const struct content_dec *dec)
{
	return dec != NULL && dec->final_seen && !dec->failed ? 1 : 0;
}

int
content_dec_final(struct content_dec *dec)
{
	if (dec == NULL)
		return -1;
	sodium_memzero(dec->pt, sizeof dec->pt);
	if (dec->failed || !dec->final_seen) {
		dec->failed = true;
		return -1;
	}
	return 0;
}

void
content_dec_free(struct content_dec *dec)
{
	sodium_free(dec);
}
