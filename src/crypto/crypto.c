/*
 * crypto.c — libsodium wrappers: passwords, tokens, signatures, keys; and
 * SHA-256 from OpenSSL's libcrypto (its EVP interface: SHA-NI or AVX2 where
 * the processor has them, about 3x libsodium's portable SHA-256 on the
 * audit log's short inputs). The digest is SHA-256 either way: the same
 * bytes give the same hash as before, so stored leaves, nodes and token
 * hashes stay valid.
 *
 * The SHA-256 method is fetched once (sha256_md, under pthread_once) and
 * then shared read-only by every thread: EVP_Digest() on a fetched method
 * is thread-safe. crypto_init() fetches it, so a sandboxed server never
 * meets OpenSSL's first-use configuration reads later.
 *
 * SECURITY: reads the key file (trusted location, untrusted content: parsed
 * strictly) and passwords (untrusted, length-capped by the caller). Wipes
 * every secret buffer on every path.
 */
#include "crypto/crypto.h"
#include "crypto/crypto_int.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <limits.h>
#include <libgen.h>

#define KEYFILE_MAGIC "qupiya-keys-v1"
#define KEYFILE_MAX   1024
/* Prefixed inputs up to this size are hashed from one stack buffer with a
 * single EVP_Digest(); longer ones through an EVP_MD_CTX. */
#define SHA_STACK_MAX 2048

static EVP_MD *sha256_md;
static pthread_once_t sha256_once = PTHREAD_ONCE_INIT;

static void
sha256_fetch(void)
{
	sha256_md = EVP_MD_fetch(NULL, "SHA256", NULL);
}

/* The fetched method; NULL only when libcrypto has no SHA-256 at all. */
static const EVP_MD *
sha256_method(void)
{
	pthread_once(&sha256_once, sha256_fetch);
	return sha256_md;
}

int
crypto_init(void)
{
	if (sodium_init() < 0 || sha256_method() == NULL)
		return -1;
	return 0;
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
	crypto_sha256(token, strlen(token), out);
}

/* A digest that cannot be computed (no SHA-256 in libcrypto, out of
 * memory) cannot be reported through these void functions: the process
 * stops rather than compare or store a wrong hash. crypto_init() already
 * refused a libcrypto without SHA-256. */
static void
sha256_fail(void)
{
	fputs("qupiya: SHA-256 (libcrypto) failed\n", stderr);
	abort();
}

void
crypto_sha256(const void *buf, size_t len, uint8_t out[CRYPTO_HASH_SIZE])
{
	const EVP_MD *md = sha256_method();

	if (md == NULL || EVP_Digest(len > 0 ? buf : "", len, out, NULL, md, NULL) != 1)
		sha256_fail();
}

void
crypto_sha256_prefixed(uint8_t prefix, const void *a, size_t alen, const void *b,
                       size_t blen, uint8_t out[CRYPTO_HASH_SIZE])
{
	const EVP_MD *md = sha256_method();
	EVP_MD_CTX *ctx;
	int ok;

	if (md == NULL)
		sha256_fail();
	if (alen <= SHA_STACK_MAX && blen <= SHA_STACK_MAX - alen) {
		uint8_t buf[1 + SHA_STACK_MAX];

		buf[0] = prefix;
		if (alen > 0)
			memcpy(buf + 1, a, alen);
		if (blen > 0)
			memcpy(buf + 1 + alen, b, blen);
		if (EVP_Digest(buf, 1 + alen + blen, out, NULL, md, NULL) != 1)
			sha256_fail();
		return;
	}
	ctx = EVP_MD_CTX_new();
	ok = ctx != NULL && EVP_DigestInit_ex2(ctx, md, NULL) == 1 &&
	     EVP_DigestUpdate(ctx, &prefix, 1) == 1 &&
	     (alen == 0 || EVP_DigestUpdate(ctx, a, alen) == 1) &&
	     (blen == 0 || EVP_DigestUpdate(ctx, b, blen) == 1) &&
	     EVP_DigestFinal_ex(ctx, out, NULL) == 1;
	EVP_MD_CTX_free(ctx);
	if (!ok)
		sha256_fail();
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
	sodium_free(k->master_prev);
	free(k);
}

int
crypto_file_create(const char *path, const void *data, size_t len, mode_t mode,
                   const char *what, char *err, size_t errsz)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);

	if (fd < 0) {
		snprintf(err, errsz, "create %s%s: %s", what, path, strerror(errno));
		return -1;
	}
	if (fchmod(fd, mode) != 0 || write(fd, data, len) != (ssize_t)len || fsync(fd) != 0) {
		snprintf(err, errsz, "write %s%s: %s", what, path, strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	if (close(fd) != 0) {
		snprintf(err, errsz, "close %s%s: %s", what, path, strerror(errno));
		unlink(path);
		return -1;
	}
	return 0;
}

struct crypto_keys *
crypto_keys_create(const char *path, char *err, size_t errsz)
{
	struct crypto_keys *k = keys_alloc();
	char *text = NULL, sk_hex[crypto_sign_SECRETKEYBYTES * 2 + 1];
	char mk_hex[CRYPTO_KEY_SIZE * 2 + 1];
	int n;
	size_t textsz = KEYFILE_MAX;

	if (k == NULL) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	crypto_sign_keypair(k->sign_pk, k->sign_sk);
	memcpy(k->pks[0], k->sign_pk, CRYPTO_SIGN_PK_SIZE);
	k->npk = 1;
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
	if (n < 0 || crypto_file_create(path, text, (size_t)n, 0600, "key file ", err, errsz) != 0)
		goto fail;
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
	memcpy(k->pks[0], k->sign_pk, CRYPTO_SIGN_PK_SIZE);
	k->npk = 1;
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

/* ---- the keys directory ------------------------------------------------ */

#define SIGNING_MAGIC "qupiya-audit-signing-key-v1"
#define MASTER_MAGIC  "qupiya-content-master-key-v1"
#define PUBLIC_MAGIC  "qupiya-audit-public-keys-v1"
#define KEYDIR_FILE_MAX (CRYPTO_PK_MAX * (CRYPTO_SIGN_PK_SIZE * 2 + 1) + 256)

static int
keydir_path(const char *dir, const char *name, char *buf, size_t bufsz)
{
	int n = snprintf(buf, bufsz, "%s/%s", dir, name);

	return n < 0 || (size_t)n >= bufsz ? -1 : 0;
}

static int
fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* Writes text to dir/name through a temporary file: with replace, renamed
 * over the old file; without, linked (fails when the name exists). Synced,
 * directory included. */
static int
keydir_write(const char *dir, const char *name, const char *text, size_t len, mode_t mode,
             bool replace, char *err, size_t errsz)
{
	char path[PATH_MAX], tmp[PATH_MAX];
	int rc;

	if (keydir_path(dir, name, path, sizeof path) != 0 ||
	    snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) {
		snprintf(err, errsz, "keys directory path too long");
		return -1;
	}
	unlink(tmp);
	if (crypto_file_create(tmp, text, len, mode, "", err, errsz) != 0)
		return -1;
	rc = replace ? rename(tmp, path) : link(tmp, path);
	if (rc != 0) {
		snprintf(err, errsz, "%s %s: %s", replace ? "replace" : "create", path,
		         errno == EEXIST ? "a key file of that name exists already" : strerror(errno));
		unlink(tmp);
		return -1;
	}
	if (!replace)
		unlink(tmp);
	if (fsync_dir(dir) != 0) {
		snprintf(err, errsz, "sync %s: %s", dir, strerror(errno));
		return -1;
	}
	return 0;
}

/* Reads dir/name (at most KEYDIR_FILE_MAX bytes) into guarded memory;
 * private files must not be readable by group or others. */
static char *
keydir_read(const char *dir, const char *name, bool private, char *err, size_t errsz)
{
	char path[PATH_MAX], *text;
	struct stat st;
	ssize_t got;
	int fd;

	if (keydir_path(dir, name, path, sizeof path) != 0) {
		snprintf(err, errsz, "keys directory path too long");
		return NULL;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errsz, "open key file %s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || (private && (st.st_mode & 077) != 0)) {
		snprintf(err, errsz, "key file %s must have mode 0600", path);
		close(fd);
		return NULL;
	}
	text = sodium_malloc(KEYDIR_FILE_MAX + 1);
	if (text == NULL) {
		snprintf(err, errsz, "out of memory");
		close(fd);
		return NULL;
	}
	got = read(fd, text, KEYDIR_FILE_MAX);
	close(fd);
	if (got <= 0) {
		snprintf(err, errsz, "read key file %s: %s", path, got < 0 ? strerror(errno) : "empty");
		sodium_free(text);
		return NULL;
	}
	text[got] = '\0';
	return text;
}

/* Parses "MAGIC\n<hex>\n<hex>\n...": up to max values of n bytes each into
 * out; *count receives how many. Strict: every line exactly 2n hex digits. */
static int
keydir_parse(char *text, const char *magic, uint8_t *out, size_t n, size_t max,
             size_t *count)
{
	size_t ml = strlen(magic), k = 0;
	char *line, *nl;

	*count = 0;
	if (strncmp(text, magic, ml) != 0 || text[ml] != '\n')
		return -1;
	for (line = text + ml + 1; *line != '\0'; line = nl + 1) {
		nl = strchr(line, '\n');
		if (nl == NULL)
			return -1;
		*nl = '\0';
		if (k == max || crypto_unhex(line, out + k * n, n) != 0)
			return -1;
		k++;
	}
	*count = k;
	return k > 0 ? 0 : -1;
}

static int
write_hex_lines(const char *dir, const char *name, const char *magic, const uint8_t *keys,
                size_t n, size_t count, mode_t mode, bool replace, char *err, size_t errsz)
{
	size_t cap = strlen(magic) + 2 + count * (n * 2 + 1);
	char *text = sodium_malloc(cap), *p;
	int rc;

	if (text == NULL) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	p = text + snprintf(text, cap, "%s\n", magic);
	for (size_t i = 0; i < count; i++) {
		crypto_hex(keys + i * n, n, p);
		p += n * 2;
		*p++ = '\n';
	}
	rc = keydir_write(dir, name, text, (size_t)(p - text), mode, replace, err, errsz);
	sodium_free(text);
	return rc;
}

static int
write_signing(const struct crypto_keys *k, const char *dir, bool replace, char *err,
              size_t errsz)
{
	return write_hex_lines(dir, CRYPTO_KEYS_SIGNING, SIGNING_MAGIC, k->sign_sk,
	                       crypto_sign_SECRETKEYBYTES, 1, 0600, replace, err, errsz);
}

static int
write_public(const struct crypto_keys *k, const char *dir, bool replace, char *err,
             size_t errsz)
{
	return write_hex_lines(dir, CRYPTO_KEYS_PUBLIC, PUBLIC_MAGIC, &k->pks[0][0],
	                       CRYPTO_SIGN_PK_SIZE, k->npk, 0644, replace, err, errsz);
}

/* The master file: the current key, then (during a rotation) the previous. */
static int
write_master(const struct crypto_keys *k, const char *dir, bool replace, char *err,
             size_t errsz)
{
	uint8_t *both = sodium_malloc(2 * CRYPTO_KEY_SIZE);
	int rc;

	if (both == NULL) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	memcpy(both, k->master, CRYPTO_KEY_SIZE);
	if (k->master_prev != NULL)
		memcpy(both + CRYPTO_KEY_SIZE, k->master_prev, CRYPTO_KEY_SIZE);
	rc = write_hex_lines(dir, CRYPTO_KEYS_MASTER, MASTER_MAGIC, both, CRYPTO_KEY_SIZE,
	                     k->master_prev != NULL ? 2 : 1, 0600, replace, err, errsz);
	sodium_free(both);
	return rc;
}

static void
keydir_unlink(const char *dir, const char *name)
{
	char path[PATH_MAX];

	if (keydir_path(dir, name, path, sizeof path) == 0)
		unlink(path);
}

/* Writes the three files of k into dir, none existing before; on failure
 * removes the ones it wrote. */
static int
keydir_write_all(const struct crypto_keys *k, const char *dir, char *err, size_t errsz)
{
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		snprintf(err, errsz, "create keys directory %s: %s", dir, strerror(errno));
		return -1;
	}
	if (write_signing(k, dir, false, err, errsz) != 0)
		return -1;
	if (write_master(k, dir, false, err, errsz) != 0) {
		keydir_unlink(dir, CRYPTO_KEYS_SIGNING);
		return -1;
	}
	if (write_public(k, dir, false, err, errsz) != 0) {
		keydir_unlink(dir, CRYPTO_KEYS_SIGNING);
		keydir_unlink(dir, CRYPTO_KEYS_MASTER);
		return -1;
	}
	return 0;
}

struct crypto_keys *
crypto_keys_create_dir(const char *dir, char *err, size_t errsz)
{
	struct crypto_keys *k = keys_alloc();

	if (k == NULL) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	crypto_sign_keypair(k->sign_pk, k->sign_sk);
	memcpy(k->pks[0], k->sign_pk, CRYPTO_SIGN_PK_SIZE);
	k->npk = 1;
	randombytes_buf(k->master, CRYPTO_KEY_SIZE);
	if (keydir_write_all(k, dir, err, errsz) != 0) {
		crypto_keys_free(k);
		return NULL;
	}
	return k;
}

static int
load_public_into(struct crypto_keys *k, const char *dir, char *err, size_t errsz)
{
	char *text = keydir_read(dir, CRYPTO_KEYS_PUBLIC, false, err, errsz);
	int rc;

	if (text == NULL)
		return -1;
	rc = keydir_parse(text, PUBLIC_MAGIC, &k->pks[0][0], CRYPTO_SIGN_PK_SIZE,
	                  CRYPTO_PK_MAX, &k->npk);
	sodium_free(text);
	if (rc != 0) {
		snprintf(err, errsz, "key file %s/%s: malformed", dir, CRYPTO_KEYS_PUBLIC);
		return -1;
	}
	memcpy(k->sign_pk, k->pks[k->npk - 1], CRYPTO_SIGN_PK_SIZE);
	return 0;
}

struct crypto_keys *
crypto_keys_load_public(const char *dir, char *err, size_t errsz)
{
	struct crypto_keys *k = calloc(1, sizeof *k);

	if (k == NULL) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	if (load_public_into(k, dir, err, errsz) != 0) {
		free(k);
		return NULL;
	}
	return k;
}

struct crypto_keys *
crypto_keys_load_dir(const char *dir, char *err, size_t errsz)
{
	struct crypto_keys *k = keys_alloc();
	uint8_t pk[CRYPTO_SIGN_PK_SIZE];
	uint8_t *two = NULL;
	char *text = NULL;
	size_t n;

	if (k == NULL) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	if (load_public_into(k, dir, err, errsz) != 0)
		goto fail;
	text = keydir_read(dir, CRYPTO_KEYS_SIGNING, true, err, errsz);
	if (text == NULL)
		goto fail;
	if (keydir_parse(text, SIGNING_MAGIC, k->sign_sk, crypto_sign_SECRETKEYBYTES, 1,
	                 &n) != 0) {
		snprintf(err, errsz, "key file %s/%s: malformed", dir, CRYPTO_KEYS_SIGNING);
		goto fail;
	}
	sodium_free(text);
	text = NULL;
	crypto_sign_ed25519_sk_to_pk(pk, k->sign_sk);
	if (sodium_memcmp(pk, k->sign_pk, sizeof pk) != 0) {
		snprintf(err, errsz, "%s/%s: the signing key's public key is not the last of %s",
		         dir, CRYPTO_KEYS_SIGNING, CRYPTO_KEYS_PUBLIC);
		goto fail;
	}
	text = keydir_read(dir, CRYPTO_KEYS_MASTER, true, err, errsz);
	two = sodium_malloc(2 * CRYPTO_KEY_SIZE);
	if (text == NULL || two == NULL) {
		if (text != NULL)
			snprintf(err, errsz, "out of memory");
		goto fail;
	}
	if (keydir_parse(text, MASTER_MAGIC, two, CRYPTO_KEY_SIZE, 2, &n) != 0) {
		snprintf(err, errsz, "key file %s/%s: malformed", dir, CRYPTO_KEYS_MASTER);
		goto fail;
	}
	memcpy(k->master, two, CRYPTO_KEY_SIZE);
	if (n == 2) {
		k->master_prev = sodium_malloc(CRYPTO_KEY_SIZE);
		if (k->master_prev == NULL) {
			snprintf(err, errsz, "out of memory");
			goto fail;
		}
		memcpy(k->master_prev, two + CRYPTO_KEY_SIZE, CRYPTO_KEY_SIZE);
	}
	sodium_free(two);
	sodium_free(text);
	return k;
fail:
	sodium_free(two);
	sodium_free(text);
	crypto_keys_free(k);
	return NULL;
}

int
crypto_keys_dir_exists(const char *dir)
{
	char path[PATH_MAX];

	return keydir_path(dir, CRYPTO_KEYS_PUBLIC, path, sizeof path) == 0 &&
	       access(path, F_OK) == 0;
}

int
crypto_keys_convert(const char *legacy_path, const char *dir, char *err, size_t errsz)
{
	struct crypto_keys *old, *back = NULL;
	int ok;

	old = crypto_keys_load(legacy_path, err, errsz);
	if (old == NULL)
		return -1;
	if (keydir_write_all(old, dir, err, errsz) != 0) {
		crypto_keys_free(old);
		return -1;
	}
	back = crypto_keys_load_dir(dir, err, errsz);
	ok = back != NULL &&
	     sodium_memcmp(back->sign_sk, old->sign_sk, crypto_sign_SECRETKEYBYTES) == 0 &&
	     sodium_memcmp(back->master, old->master, CRYPTO_KEY_SIZE) == 0 &&
	     back->npk == 1;
	crypto_keys_free(back);
	crypto_keys_free(old);
	if (!ok) {
		if (back != NULL)
			snprintf(err, errsz, "converted keys in %s do not read back equal", dir);
		keydir_unlink(dir, CRYPTO_KEYS_PUBLIC);
		keydir_unlink(dir, CRYPTO_KEYS_SIGNING);
		keydir_unlink(dir, CRYPTO_KEYS_MASTER);
		return -1;
	}
	/* Complete: the old file may go (the new ones are synced). */
	if (unlink(legacy_path) != 0) {
		snprintf(err, errsz, "remove %s: %s", legacy_path, strerror(errno));
		return -1;
	}
	return 0;
}

int
crypto_keys_rotate_signing(struct crypto_keys *k, const char *dir, char *err, size_t errsz)
{
	uint8_t pk[CRYPTO_SIGN_PK_SIZE];
	uint8_t *sk = sodium_malloc(crypto_sign_SECRETKEYBYTES);
	uint8_t *old = NULL;

	if (sk == NULL) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	if (k->sign_sk == NULL || k->npk == 0 || k->npk >= CRYPTO_PK_MAX) {
		snprintf(err, errsz, "the public key ring is full (%d keys)", CRYPTO_PK_MAX);
		sodium_free(sk);
		return -1;
	}
	crypto_sign_keypair(pk, sk);
	/* The ring first: a crash after it leaves the old signing key, still
	 * listed; after both, the new one, listed last. */
	memcpy(k->pks[k->npk], pk, sizeof pk);
	k->npk++;
	if (write_public(k, dir, true, err, errsz) != 0) {
		k->npk--;
		sodium_free(sk);
		return -1;
	}
	old = k->sign_sk;
	k->sign_sk = sk;
	if (write_signing(k, dir, true, err, errsz) != 0) {
		k->sign_sk = old;
		sodium_free(sk);
		/* The ring lists an unused key: harmless, and it keeps the
		 * old key last-but-one; restore the ring's order anyway. */
		k->npk--;
		(void)write_public(k, dir, true, err + strlen(err), errsz - strlen(err));
		return -1;
	}
	sodium_free(old);
	memcpy(k->sign_pk, pk, sizeof pk);
	return 0;
}

int
crypto_keys_master_rotate_begin(struct crypto_keys *k, const char *dir, char *err,
                                size_t errsz)
{
	uint8_t *fresh;

	if (k->master == NULL) {
		snprintf(err, errsz, "no master key");
		return -1;
	}
	if (k->master_prev != NULL)
		return 0;   /* an unfinished rotation: the caller finishes it */
	fresh = sodium_malloc(CRYPTO_KEY_SIZE);
	if (fresh == NULL) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	randombytes_buf(fresh, CRYPTO_KEY_SIZE);
	k->master_prev = k->master;
	k->master = fresh;
	if (write_master(k, dir, true, err, errsz) != 0) {
		k->master = k->master_prev;
		k->master_prev = NULL;
		sodium_free(fresh);
		return -1;
	}
	return 0;
}

int
crypto_keys_master_rotate_end(struct crypto_keys *k, const char *dir, char *err,
                              size_t errsz)
{
	uint8_t *prev = k->master_prev;

	k->master_prev = NULL;
	if (write_master(k, dir, true, err, errsz) != 0) {
		k->master_prev = prev;
		return -1;
	}
	sodium_free(prev);
	return 0;
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
