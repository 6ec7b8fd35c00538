/*
 * fuzz_ident.c — ident_valid() and ident_control_digit() (src/core/ident.h)
 * against a reference written straight from the rule: BINs of organizations
 * and IINs of persons arrive in request bodies and queries.
 *
 * The reference: exactly twelve decimal digits; the control digit is
 * sum(d[i] * (i + 1)) mod 11 over the first eleven, or, when that is 10,
 * sum(d[i] * ((i + 2) mod 11 + 1)) mod 11 (weights 3..11, 1, 2); a second
 * 10 means no valid number. Properties checked (abort on violation): both
 * functions agree with it on every input; changing the last digit of an
 * accepted number makes it refused.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/ident.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NEED(c) do { if (!(c)) abort(); } while (0)
#define INPUT_MAX 64

static int
ref_control(const char *s)
{
	int a = 0, b = 0;

	for (int i = 0; i < 11; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		a += (s[i] - '0') * (i + 1);
		b += (s[i] - '0') * ((i + 2) % 11 + 1);
	}
	if (a % 11 != 10)
		return a % 11;
	return b % 11 != 10 ? b % 11 : -1;
}

static bool
ref_valid(const char *s)
{
	size_t n = strlen(s);

	if (n != 12)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return ref_control(s) == s[11] - '0';
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char s[INPUT_MAX + 1];
	bool ok;

	if (size > INPUT_MAX)
		return 0;
	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	ok = ident_valid(s);
	NEED(ok == ref_valid(s));
	if (strlen(s) >= 11)
		NEED(ident_control_digit(s) == ref_control(s));
	if (ok) {
		s[11] = (char)('0' + (s[11] - '0' + 1) % 10);
		NEED(!ident_valid(s));
	}
	NEED(!ident_valid(NULL) && ident_control_digit(NULL) == -1);
	return 0;
}
