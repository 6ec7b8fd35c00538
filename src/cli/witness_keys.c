/*
 * witness_keys.c — where a qupiya keeps its witness key: in the keys
 * directory (SPEC.md §4, cli_keys_dir: --keys, QUPIYA_KEYS, else beside the
 * database), file "witness.key" (mode 0600), created on first use. One
 * function, so the place can move without touching the callers.
 */
#include <stdio.h>

#include "cli/commands.h"
#include "crypto/crypto.h"

struct crypto_keys *
cli_witness_keys_open(const char *keys_opt, const char *db, char *err, size_t errsz)
{
	char dir[4096], path[4200];
	int n;

	if (cli_keys_dir(keys_opt, db, dir, sizeof dir) != 0) {
		snprintf(err, errsz, "no keys directory");
		return NULL;
	}
	n = snprintf(path, sizeof path, "%s/witness.key", dir);
	if (n < 0 || (size_t)n >= sizeof path) {
		snprintf(err, errsz, "path too long");
		return NULL;
	}
	return crypto_signkey_open(path, err, errsz);
}
