/*
 * crypto.h — the only door to libsodium and OpenSSL (no other file includes
 * <sodium.h> or an OpenSSL header).
 *
 * Owns: password hashing (Argon2id), random tokens, SHA-256, Ed25519 signing
 * keys and the content master key, and the key file that holds them.
 * Secrets live in sodium_malloc'd memory, are compared in constant time and
 * wiped when freed. Never logs or returns secret material except through the
 * key file (mode 0600) and the one-time token given to the caller.
 */
#ifndef QUPIYA_CRYPTO_H
#define QUPIYA_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#define CRYPTO_HASH_SIZE     32    /* SHA-256 */
#define CRYPTO_PWHASH_SIZE   128   /* encoded Argon2id string, NUL included */
#define CRYPTO_TOKEN_BYTES   32    /* 256 random bits */
#define CRYPTO_TOKEN_STR     (CRYPTO_TOKEN_BYTES * 2 + 1)
#define CRYPTO_SIGN_PK_SIZE  32
#define CRYPTO_SIGN_SIZE     64
#define CRYPTO_KEY_SIZE      32
#define PASSWORD_LEN_MIN     12
#define PASSWORD_LEN_MAX     1024
#define PWHASH_OPSLIMIT      2                   /* t = 2 */
#define PWHASH_MEMLIMIT      (19u * 1024 * 1024) /* m = 19 MiB */

/* Must be called once before anything else; returns 0 or -1. */
int crypto_init(void) __attribute__((warn_unused_result));

/* Argon2id; out receives the encoded string (salt and parameters in it). */
int crypto_pw_hash(char out[CRYPTO_PWHASH_SIZE], const char *pw, size_t len)
	__attribute__((warn_unused_result));
/* 0 when pw matches the encoded hash, -1 otherwise. */
int crypto_pw_verify(const char *encoded, const char *pw, size_t len)
	__attribute__((warn_unused_result));

void crypto_random(void *buf, size_t n);
/* 0 <= result < upper (upper > 0), uniform. */
uint32_t crypto_random_uniform(uint32_t upper);

/* A fresh bearer token as lowercase hex, and the hash under which it is
 * stored (so a stolen database does not yield live tokens). */
void crypto_token_new(char out[CRYPTO_TOKEN_STR]);
void crypto_token_hash(const char *token, uint8_t out[CRYPTO_HASH_SIZE]);

void crypto_sha256(const void *buf, size_t len, uint8_t out[CRYPTO_HASH_SIZE]);
/* SHA-256(prefix || a || b); b may be NULL with blen 0. For RFC 9162. */
void crypto_sha256_prefixed(uint8_t prefix, const void *a, size_t alen,
                            const void *b, size_t blen,
                            uint8_t out[CRYPTO_HASH_SIZE]);

/* Constant-time equality of n bytes: 0 equal, -1 not. */
int crypto_memcmp(const void *a, const void *b, size_t n);
void crypto_wipe(void *p, size_t n);

void crypto_hex(const uint8_t *in, size_t n, char *out /* 2n+1 */);
/* Parses exactly 2n hex digits; 0 or -1. */
int crypto_unhex(const char *in, uint8_t *out, size_t n);

/* The server's long-lived keys, held in guarded memory. */
#define CRYPTO_PK_MAX 32      /* public keys one ring lists (rotations) */
struct crypto_keys {
	uint8_t sign_pk[CRYPTO_SIGN_PK_SIZE];
	uint8_t *sign_sk;     /* 64 bytes, sodium_malloc'd */
	uint8_t *master;      /* 32 bytes, sodium_malloc'd: wraps content keys */
	/* The master key a rotation replaces, while the rewrap is not yet
	 * committed (content_dec_begin falls back to it); NULL otherwise. */
	uint8_t *master_prev;
	/* Every audit public key, oldest first; the last is sign_pk. Heads
	 * signed before a rotation verify under an older one. */
	uint8_t pks[CRYPTO_PK_MAX][CRYPTO_SIGN_PK_SIZE];
	size_t npk;
};

/* The keys directory (SPEC §4): three files, each key in its own.
 *   audit-signing.key   Ed25519 secret key (mode 0600)
 *   content-master.key  the content master key (mode 0600)
 *   audit-public.key    every audit public key, oldest first (mode 0644):
 *                       enough to verify the log, holds no secret. */
#define CRYPTO_KEYS_SIGNING "audit-signing.key"
#define CRYPTO_KEYS_MASTER  "content-master.key"
#define CRYPTO_KEYS_PUBLIC  "audit-public.key"

/* Generates new keys and writes the three files into dir (created 0700 if
 * missing), refusing to overwrite any of them. */
struct crypto_keys *crypto_keys_create_dir(const char *dir, char *err, size_t errsz);
/* Loads the three files; refuses a private one readable by group or others. */
struct crypto_keys *crypto_keys_load_dir(const char *dir, char *err, size_t errsz);
/* Loads only audit-public.key (the ring: k->pks, k->npk, k->sign_pk the
 * last; no secret is read, sign_sk and master stay NULL). */
struct crypto_keys *crypto_keys_load_public(const char *dir, char *err, size_t errsz);
/* 1 when dir holds audit-public.key, 0 when not. */
int crypto_keys_dir_exists(const char *dir);
/* Converts a 0.1.0 key file (both secrets in one file) into the three
 * files of dir. The old file is removed only once the new ones are written,
 * synced and read back equal; on any failure it stays and the new files
 * are removed. 0 or -1 (err). */
int crypto_keys_convert(const char *legacy_path, const char *dir, char *err, size_t errsz);

/* Rotations (qupiya keys): write the next key files while the old stay
 * usable. rotate_signing: a new signing key; the public ring gains the new
 * key last (old ones stay listed). Files are replaced atomically (rename),
 * the public ring first, so a crash leaves either the old or the new
 * signing key with a ring that lists it. k is updated in place. */
int crypto_keys_rotate_signing(struct crypto_keys *k, const char *dir, char *err,
                               size_t errsz);
/* The content master key in two phases around the caller's rewrap of every
 * wrapped key: _begin generates a new master and writes the file with the
 * new key and the old one (k->master new, k->master_prev old); the caller
 * rewraps and commits; _end rewrites the file with the new key only. A
 * crash in between leaves a file that opens both old and new wraps. */
int crypto_keys_master_rotate_begin(struct crypto_keys *k, const char *dir, char *err,
                                    size_t errsz);
int crypto_keys_master_rotate_end(struct crypto_keys *k, const char *dir, char *err,
                                  size_t errsz);

/* The 0.1.0 single key file (both secrets). Kept for the conversion and the
 * unit tests of content encryption. */
struct crypto_keys *crypto_keys_create(const char *path, char *err, size_t errsz);
struct crypto_keys *crypto_keys_load(const char *path, char *err, size_t errsz);
void crypto_keys_free(struct crypto_keys *k);

/* Ed25519 over msg. */
void crypto_keys_sign(const struct crypto_keys *k, const void *msg, size_t len,
                 uint8_t sig[CRYPTO_SIGN_SIZE]);
int crypto_pk_verify(const uint8_t pk[CRYPTO_SIGN_PK_SIZE], const void *msg,
                       size_t len, const uint8_t sig[CRYPTO_SIGN_SIZE])
	__attribute__((warn_unused_result));

/* A login name nobody has as a keyed hash, so a stored record never holds
 * what was typed (a password typed into the login field, say): "h:" and
 * 32 hex digits of BLAKE2b-128 keyed with a subkey of k's master key. The
 * same name gives the same hash while the master key stays. */
#define CRYPTO_LOGIN_HASH_BYTES 16
#define CRYPTO_LOGIN_HASH_STR   (2 + CRYPTO_LOGIN_HASH_BYTES * 2 + 1)
void crypto_login_hash(const struct crypto_keys *k, const char *login, size_t len,
                       char out[CRYPTO_LOGIN_HASH_STR]);

/* ---- signkey.c: base64 and single Ed25519 signing keys ------------------ */

/* RFC 4648 §4 standard base64 with padding. out needs
 * crypto_b64_len(n) bytes (NUL included). */
#define crypto_b64_len(n) ((((n) + 2) / 3) * 4 + 1)
void crypto_b64(const uint8_t *in, size_t n, char *out);
/* Decodes exactly len characters of standard padded base64 (no spaces) into
 * at most outsz bytes; *outlen the bytes written. 0 or -1. */
int crypto_unb64(const char *in, size_t len, uint8_t *out, size_t outsz,
                 size_t *outlen);

/* A separate Ed25519 signing key in its own file ("qupiya-sign-key-v1",
 * mode 0600): loaded when path exists, else created. The result carries
 * sign_pk and sign_sk only (master is NULL); sign with crypto_keys_sign()
 * and free with crypto_keys_free(). */
struct crypto_keys *crypto_signkey_open(const char *path, char *err, size_t errsz);

#endif
