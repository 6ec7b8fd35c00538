/*
 * crypto.c — libsodium wrappers: passwords, tokens, hashes, signatures, keys.
 *
 * SECURITY: reads the key file (trusted location, untrusted content: parsed
 * strictly) and passwords (untrusted, length-capped by the caller). Wipes
 * every secret buffer on every path.
 */
#include "crypto/crypto.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define KEYFILE_MAGIC "qupiya-keys-v1"
#define KEYFILE_MAX   1024

int
crypto_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

int
crypto_pw_hash(char out[CRYPTO_PWHASH_SIZE], const char *pw, size_t len)
{
	return crypto_pwhash_str_alg(out, pw, len, PWHASH_OPSLIMIT, PWHASH_MEMLIMIT,
	                             crypto_pwhash_ALG_ARGON2ID13) == 0 ? 0 : -1;
}

int
crypto_pw_verify(const char *encoded, const char *pw, size_t len)
{
	return crypto_pwhash_str_verify(encoded, pw, len) == 0 ? 0 : -1;
}

void
crypto_random(void *buf, size_t n)
{
	randombytes_buf(buf, n);
}

uint32_t
crypto_random_uniform(uint32_t upper)
{
	return randombytes_uniform(upper);
}

void
crypto_hex(const uint8_t *in, size_t n, char *out)
{
	sodium_bin2hex(out, n * 2 + 1, in, n);
}

int
crypto_unhex(const char *in, uint8_t *out, size_t n)
{
	size_t got = 0;
	const char *end = NULL;

	if (in == NULL || strlen(in) != n * 2)
		return -1;
	if (sodium_hex2bin(out, n, in, n * 2, NULL, &got, &end) != 0 || got != n)
		return -1;
	return 0;
}

void
crypto_token_new(char out[CRYPTO_TOKEN_STR])
{
	uint8_t raw[CRYPTO_TOKEN_BYTES];

	randombytes_buf(raw, sizeof raw);
	crypto_hex(raw, sizeof raw, out);
	sodium_memzero(raw, sizeof raw);
}

void
crypto_token_hash(const char *token, uint8_t out[CRYPTO_HASH_SIZE])
{
	crypto_hash_sha256(out, (const unsigned char *)token, strlen(token));
}

void
crypto_sha256(const void *buf, size_t len, uint8_t out[CRYPTO_HASH_SIZE])
{
	crypto_hash_sha256(out, buf, len);
}

void
crypto_sha256_prefixed(uint8_t prefix, const void *a, size_t alen, const void *b,
                       size_t blen, uint8_t out[CRYPTO_HASH_SIZE])
{
	crypto_hash_sha256_state st;

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, &prefix, 1);
	if (alen > 0)
		crypto_hash_sha256_update(&st, a, alen);
	if (blen > 0)
		crypto_hash_sha256_update(&st, b, blen);
	crypto_hash_sha256_final(&st, out);
}

int
crypto_memcmp(const void *a, const void *b, size_t n)
{
	return sodium_memcmp(a, b, n) == 0 ? 0 : -1;
}

void
crypto_wipe(void *p, size_t n)
{
	sodium_memzero(p, n);
}

static struct crypto_keys *
keys_alloc(void)
{
	struct crypto_keys *k = calloc(1, sizeof *k);

	if (k == NULL)
		return NULL;
	k->sign_sk = sodium_malloc(crypto_sign_SECRETKEYBYTES);
	k->master = sodium_malloc(CRYPTO_KEY_SIZE);
	if (k->sign_sk == NULL || k->master == NULL) {
		crypto_keys_free(k);
		return NULL;
	}
	return k;
}

void
crypto_keys_free(struct crypto_keys *k)
{
	if (k == NULL)
		return;
	sodium_free(k->sign_sk);   /* wipes */
	sodium_free(k->master);
	free(k);
}

struct crypto_keys *
crypto_keys_create(const char *path, char *err, size_t errsz)
{
	struct crypto_keys *k = keys_alloc();
	char *text = NULL, sk_hex[crypto_sign_SECRETKEYBYTES * 2 + 1];
	char mk_hex[CRYPTO_KEY_SIZE * 2 + 1];
	int fd = -1, n;
	size_t textsz = KEYFILE_MAX;

	if (k == NULL) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	crypto_sign_keypair(k->sign_pk, k->sign_sk);
	randombytes_buf(k->master, CRYPTO_KEY_SIZE);
	text = sodium_malloc(textsz);
	if (text == NULL) {
		snprintf(err, errsz, "out of memory");
		goto fail;
	}
	crypto_hex(k->sign_sk, crypto_sign_SECRETKEYBYTES, sk_hex);
	crypto_hex(k->master, CRYPTO_KEY_SIZE, mk_hex);
	n = snprintf(text, textsz, "%s\nsign %s\nmaster %s\n", KEYFILE_MAGIC, sk_hex, mk_hex);
	sodium_memzero(sk_hex, sizeof sk_hex);
	sodium_memzero(mk_hex, sizeof mk_hex);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errsz, "create key file %s: %s", path, strerror(errno));
		goto fail;
	}
	if (fchmod(fd, 0600) != 0 || write(fd, text, (size_t)n) != n || fsync(fd) != 0) {
		snprintf(err, errsz, "write key file %s: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		goto fail;
	}
	if (close(fd) != 0) {
		snprintf(err, errsz, "close key file %s: %s", path, strerror(errno));
		unlink(path);
		goto fail;
	}
	sodium_free(text);
	return k;
fail:
	sodium_free(text);
	crypto_keys_free(k);
	return NULL;
}

struct crypto_keys *
crypto_keys_load(const char *path, char *err, size_t errsz)
{
	struct crypto_keys *k = NULL;
	char *text = NULL, *sk, *mk, *nl;
	struct stat st;
	ssize_t got;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errsz, "open key file %s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || (st.st_mode & 077) != 0) {
		snprintf(err, errsz, "key file %s must have mode 0600", path);
		close(fd);
		return NULL;
	}
	text = sodium_malloc(KEYFILE_MAX + 1);
	k = keys_alloc();
	if (text == NULL || k == NULL) {
		snprintf(err, errsz, "out of memory");
		goto fail;
	}
	got = read(fd, text, KEYFILE_MAX);
	if (got <= 0) {
		snprintf(err, errsz, "read key file %s: %s", path, got < 0 ? strerror(errno) : "empty");
		goto fail;
	}
	text[got] = '\0';
	sk = strstr(text, "\nsign ");
	mk = strstr(text, "\nmaster ");
	if (strncmp(text, KEYFILE_MAGIC "\n", sizeof KEYFILE_MAGIC) != 0 || sk == NULL ||
	    mk == NULL) {
		snprintf(err, errsz, "key file %s: not a qupiya key file", path);
		goto fail;
	}
	sk += 6;
	mk += 8;
	if ((nl = strchr(sk, '\n')) != NULL)
		*nl = '\0';
	if ((nl = strchr(mk, '\n')) != NULL)
		*nl = '\0';
	if (crypto_unhex(sk, k->sign_sk, crypto_sign_SECRETKEYBYTES) != 0 ||
	    crypto_unhex(mk, k->master, CRYPTO_KEY_SIZE) != 0) {
		snprintf(err, errsz, "key file %s: malformed key", path);
		goto fail;
	}
	crypto_sign_ed25519_sk_to_pk(k->sign_pk, k->sign_sk);
	close(fd);
	sodium_free(text);
	return k;
fail:
	close(fd);
	sodium_free(text);
	crypto_keys_free(k);
	return NULL;
}

void
crypto_keys_sign(const struct crypto_keys *k, const void *msg, size_t len,
            uint8_t sig[CRYPTO_SIGN_SIZE])
{
	crypto_sign_detached(sig, NULL, msg, len, k->sign_sk);
}

int
crypto_pk_verify(const uint8_t pk[CRYPTO_SIGN_PK_SIZE], const void *msg, size_t len,
                   const uint8_t sig[CRYPTO_SIGN_SIZE])
{
	return crypto_sign_verify_detached(sig, msg, len, pk) == 0 ? 0 : -1;
}

/* The login-name key: a BLAKE2b subkey of the content master key (libsodium's
 * crypto_kdf, context "qlogin01", id 1), never stored. A new master key gives
 * new hashes, so unknown names hashed before and after a rotation differ. */
void
crypto_login_hash(const struct crypto_keys *k, const char *login, size_t len,
                  char out[CRYPTO_LOGIN_HASH_STR])
{
	uint8_t key[crypto_generichash_KEYBYTES];
	uint8_t h[CRYPTO_LOGIN_HASH_BYTES];

	crypto_kdf_derive_from_key(key, sizeof key, 1, "qlogin01", k->master);
	crypto_generichash(h, sizeof h, (const unsigned char *)login, len, key, sizeof key);
	sodium_memzero(key, sizeof key);
	out[0] = 'h';
	out[1] = ':';
	crypto_hex(h, sizeof h, out + 2);
}
