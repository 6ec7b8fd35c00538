/*
 * signkey.c — base64 (RFC 4648 §4) for the signed-note formats, and single
 * Ed25519 signing keys kept in their own file (the witness key).
 *
 * Key file: "qupiya-sign-key-v1\nsign <128 hex>\n", mode 0600, created with
 * O_EXCL and fsynced; a file readable by group or others is refused.
 *
 * Untrusted input: base64 text (decoded strictly: exact length, padding,
 * no spaces); the key file (parsed strictly).
 */
#include "crypto/crypto.h"
#include "crypto/crypto_int.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SIGNKEY_MAGIC "qupiya-sign-key-v1"
#define SIGNKEY_MAX   512

void
crypto_b64(const uint8_t *in, size_t n, char *out)
{
	sodium_bin2base64(out, crypto_b64_len(n), in, n, sodium_base64_VARIANT_ORIGINAL);
}

int
crypto_unb64(const char *in, size_t len, uint8_t *out, size_t outsz, size_t *outlen)
{
	const char *end = NULL;
	size_t got = 0;

	if (len == 0 || len % 4 != 0)
		return -1;
	if (sodium_base642bin(out, outsz, in, len, NULL, &got, &end,
	                      sodium_base64_VARIANT_ORIGINAL) != 0 || end != in + len)
		return -1;
	/* canonical only: the exact spelling of the bytes decoded (unused
	 * bits zero, no stray characters), so one value has one spelling */
	{
		size_t need = crypto_b64_len(got);
		char *again = malloc(need);
		int same;

		if (again == NULL)
			return -1;
		sodium_bin2base64(again, need, out, got, sodium_base64_VARIANT_ORIGINAL);
		same = need - 1 == len && memcmp(again, in, len) == 0;
		free(again);
		if (!same)
			return -1;
	}
	*outlen = got;
	return 0;
}

static struct crypto_keys *
signkey_alloc(void)
{
	struct crypto_keys *k = calloc(1, sizeof *k);

	if (k == NULL)
		return NULL;
	k->sign_sk = sodium_malloc(crypto_sign_SECRETKEYBYTES);
	if (k->sign_sk == NULL) {
		free(k);
		return NULL;
	}
	return k;
}

static struct crypto_keys *
signkey_create(const char *path, char *err, size_t errsz)
{
	struct crypto_keys *k = signkey_alloc();
	char text[SIGNKEY_MAX], hex[crypto_sign_SECRETKEYBYTES * 2 + 1];
	int n;

	if (k == NULL) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	crypto_sign_keypair(k->sign_pk, k->sign_sk);
	crypto_hex(k->sign_sk, crypto_sign_SECRETKEYBYTES, hex);
	n = snprintf(text, sizeof text, "%s\nsign %s\n", SIGNKEY_MAGIC, hex);
	sodium_memzero(hex, sizeof hex);
	if (n < 0 || crypto_file_create(path, text, (size_t)n, 0600, "key file ", err, errsz) != 0)
		goto fail;
	sodium_memzero(text, sizeof text);
	return k;
fail:
	sodium_memzero(text, sizeof text);
	crypto_keys_free(k);
	return NULL;
}

struct crypto_keys *
crypto_signkey_open(const char *path, char *err, size_t errsz)
{
	struct crypto_keys *k;
	char text[SIGNKEY_MAX + 1], *sk, *nl;
	struct stat st;
	ssize_t got;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return signkey_create(path, err, errsz);
	if (fd < 0) {
		snprintf(err, errsz, "open key file %s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || (st.st_mode & 077) != 0) {
		snprintf(err, errsz, "key file %s must have mode 0600", path);
		close(fd);
		return NULL;
	}
	got = read(fd, text, SIGNKEY_MAX);
	close(fd);
	if (got <= 0) {
		snprintf(err, errsz, "read key file %s: %s", path,
		         got < 0 ? strerror(errno) : "empty");
		return NULL;
	}
	text[got] = '\0';
	k = signkey_alloc();
	if (k == NULL) {
		sodium_memzero(text, sizeof text);
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	sk = strstr(text, "\nsign ");
	if (strncmp(text, SIGNKEY_MAGIC "\n", sizeof SIGNKEY_MAGIC) != 0 || sk == NULL) {
		snprintf(err, errsz, "key file %s: not a qupiya signing key file", path);
		goto fail;
	}
	sk += 6;
	if ((nl = strchr(sk, '\n')) != NULL)
		*nl = '\0';
	if (crypto_unhex(sk, k->sign_sk, crypto_sign_SECRETKEYBYTES) != 0) {
		snprintf(err, errsz, "key file %s: malformed key", path);
		goto fail;
	}
	crypto_sign_ed25519_sk_to_pk(k->sign_pk, k->sign_sk);
	sodium_memzero(text, sizeof text);
	return k;
fail:
	sodium_memzero(text, sizeof text);
	crypto_keys_free(k);
	return NULL;
}
