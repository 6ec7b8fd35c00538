/*
 * witness_keys.c — where a qupiya keeps its witness key: one function, so
 * that moving keys into a keys directory (SPEC.md §4, `--keys DIR`) changes
 * only this file. Today: beside the database's key file, "DB.witness.key"
 * (mode 0600), created on first use.
 */
#include <stdio.h>

#include "cli/commands.h"
#include "crypto/crypto.h"

struct crypto_keys *
cli_witness_keys_open(const char *db, char *err, size_t errsz)
{
	char path[4200];
	int n = snprintf(path, sizeof path, "%s.witness.key", db);

	if (n < 0 || (size_t)n >= sizeof path) {
		snprintf(err, errsz, "path too long");
		return NULL;
	}
	return crypto_signkey_open(path, err, errsz);
}
