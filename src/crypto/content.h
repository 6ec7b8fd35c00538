/*
 * content.h — encryption at rest of carriers' electronic content (SPEC.md
 * §1.4: content is encrypted at rest; the administrator never reads it).
 *
 * HOW IT WORKS. Each upload gets a fresh random 256-bit content key. The
 * content key is wrapped (XChaCha20-Poly1305 AEAD, random 192-bit nonce)
 * under the server's master key (struct crypto_keys), with the carrier id as
 * associated data, so a wrapped key moved to another carrier does not open.
 * The content is cut into chunks of CONTENT_CHUNK_SIZE plaintext bytes and
 * encrypted as one crypto_secretstream_xchacha20poly1305 stream: every chunk
 * carries its own MAC, the last one the FINAL tag; the stream's state chains
 * the chunks, so a chunk changed, dropped, repeated or moved fails its MAC,
 * and a stream cut after a whole chunk fails at the end (no FINAL tag).
 *
 *   stored:  wrapped key (CONTENT_WRAPPED_SIZE) | stream header
 *            (CONTENT_HEADER_SIZE) | chunk 0 | chunk 1 | ... | chunk n-1
 *   chunk i: CONTENT_CHUNK_SIZE plaintext bytes + CONTENT_CHUNK_ABYTES
 *            (all but the last); the last holds 0..CONTENT_CHUNK_SIZE bytes
 *            (0 only for empty content) and the FINAL tag.
 *
 * Number of chunks: max(1, ceil(size / CONTENT_CHUNK_SIZE)).
 *
 * STATE MACHINES.
 *   encrypt: content_enc_begin -> content_enc_update* -> content_enc_final
 *            (content_enc_free on every path; final does not free)
 *   decrypt: content_dec_begin -> content_dec_update* (one stored chunk per
 *            call, in order) -> content_dec_final (0 only when the FINAL
 *            chunk was verified and nothing followed it)
 *
 * FAIL CLOSED. Lengths are checked first, then the MAC, and only then is
 * plaintext written, into a buffer this module owns (sodium_malloc'd),
 * handed out borrowed until the next call. After any failure a context
 * refuses every further call. Keys and plaintext buffers are wiped on every
 * path (sodium_free wipes).
 *
 * OWNERSHIP. Contexts are allocated here and freed by content_enc_free /
 * content_dec_free (both accept NULL). The keys are borrowed for the call
 * of *_begin only. Output pointers are borrowed until the next call.
 *
 * NEVER: logs, stores or returns a key or plaintext except through the
 * decrypt output buffer; includes <sodium.h> in this header.
 *
 * UNTRUSTED INPUT: everything read back from storage (wrapped key, header,
 * chunks): lengths checked, authenticated before use. Plaintext to encrypt
 * is client data (any bytes).
 */
#ifndef QUPIYA_CRYPTO_CONTENT_H
#define QUPIYA_CRYPTO_CONTENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto/crypto.h"

#define CONTENT_CHUNK_SIZE    (64u * 1024)   /* plaintext bytes per chunk */
#define CONTENT_KEY_SIZE      32u            /* the per-upload content key */
#define CONTENT_WRAP_NONCE_SIZE 24u          /* XChaCha20-Poly1305 IETF nonce */
#define CONTENT_WRAP_ABYTES   16u            /* its tag */
/* nonce | encrypted content key | tag */
#define CONTENT_WRAPPED_SIZE  (CONTENT_WRAP_NONCE_SIZE + CONTENT_KEY_SIZE + CONTENT_WRAP_ABYTES)
#define CONTENT_HEADER_SIZE   24u            /* secretstream header */
#define CONTENT_CHUNK_ABYTES  17u            /* secretstream per-chunk overhead */
#define CONTENT_CT_CHUNK_MAX  (CONTENT_CHUNK_SIZE + CONTENT_CHUNK_ABYTES)
#define CONTENT_SIZE_MAX      (256ull * 1024 * 1024)   /* largest content accepted */
#define CONTENT_AD_MAX        128u           /* longest carrier id bound as AD */

struct content_enc;
struct content_dec;

/* Receives each ciphertext chunk as it is completed, in order; data is
 * borrowed for the call. Return 0 to go on, -1 to fail the encryption. */
typedef int (*content_sink)(void *ctx, const uint8_t *chunk, size_t len);

/* Starts encrypting the content of carrier_id: draws a content key, wraps it
 * into wrapped[], writes the stream header into header[]. Ciphertext chunks
 * go to sink. 0, or -1 (bad arguments, out of memory). */
int content_enc_begin(const struct crypto_keys *keys, const char *carrier_id,
                      content_sink sink, void *sink_ctx,
                      uint8_t wrapped[CONTENT_WRAPPED_SIZE],
                      uint8_t header[CONTENT_HEADER_SIZE],
                      struct content_enc **out)
	__attribute__((warn_unused_result));
/* Adds len plaintext bytes (any length; buffered up to one chunk). -1 when
 * the sink failed, the total would pass CONTENT_SIZE_MAX, or the context
 * failed before. */
int content_enc_update(struct content_enc *enc, const void *data, size_t len)
	__attribute__((warn_unused_result));
/* Emits the last chunk (FINAL tag). On 0: *size the plaintext bytes,
 * *nchunks the chunks emitted, ct_hash the SHA-256 of header || every
 * ciphertext chunk (what the audit log records: never the plaintext's). */
int content_enc_final(struct content_enc *enc, uint64_t *size, uint64_t *nchunks,
                      uint8_t ct_hash[CRYPTO_HASH_SIZE])
	__attribute__((warn_unused_result));
void content_enc_free(struct content_enc *enc);

/* Unwraps the content key of carrier_id (fails when the wrapped key, the
 * carrier id or the master key do not match) and opens the stream. */
/* Re-wraps a per-upload key under keys->master (the content stays as it
 * is): unwraps under master or master_prev, wraps anew with a fresh nonce
 * into out. 0, or -1 when neither key opens it. */
int content_rewrap(const struct crypto_keys *keys, const char *carrier_id,
                   const uint8_t *wrapped, size_t wrapped_len,
                   uint8_t out[CONTENT_WRAPPED_SIZE]);

int content_dec_begin(const struct crypto_keys *keys, const char *carrier_id,
                      const uint8_t *wrapped, size_t wrapped_len,
                      const uint8_t *header, size_t header_len,
                      struct content_dec **out)
	__attribute__((warn_unused_result));
/* Verifies and decrypts the next stored chunk. On 0, *pt (borrowed until
 * the next call or free) holds *pt_len plaintext bytes. On -1 (wrong
 * length, MAC failure, a chunk after FINAL) nothing is written and the
 * context refuses everything after. */
int content_dec_update(struct content_dec *dec, const uint8_t *chunk, size_t len,
                       const uint8_t **pt, size_t *pt_len)
	__attribute__((warn_unused_result));
/* 1 when the FINAL chunk was verified and nothing failed, else 0. */
int content_dec_final_seen(const struct content_dec *dec);
/* 0 only when the FINAL chunk came and nothing failed; -1 for a truncated
 * stream. Wipes the plaintext buffer either way. */
int content_dec_final(struct content_dec *dec)
	__attribute__((warn_unused_result));
void content_dec_free(struct content_dec *dec);

#endif
