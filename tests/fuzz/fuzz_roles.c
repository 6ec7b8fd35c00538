/*
 * fuzz_roles.c — roles_parse_csv() (src/core/roles.h), against a reference
 * written the obvious way: a users row's roles column is parsed with it on
 * every authenticated request, and POST /v1/users builds that column.
 *
 * Properties checked (abort on violation):
 *   - it accepts exactly what the reference accepts: one or more known role
 *     names separated by single commas, nothing else; and gives the same set;
 *   - on refusal *out is untouched;
 *   - roles_format_csv() of an accepted set parses back to the same set, and
 *     is canonical (formatting it again gives the same text).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/roles.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NEED(c) do { if (!(c)) abort(); } while (0)
#define CSV_MAX 512

/* The reference: split on ',', look each piece up among the ROLE_COUNT names. */
static int
ref_parse(const char *s, unsigned *out)
{
	unsigned set = 0;
	const char *p = s;

	for (;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		unsigned found = 0;

		for (unsigned i = 0; i < ROLE_COUNT; i++) {
			const char *name = role_name(1u << i);

			if (strlen(name) == n && memcmp(name, p, n) == 0)
				found = 1u << i;
		}
		if (found == 0)
			return -1;
		set |= found;
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	*out = set;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char s[CSV_MAX + 1], buf[256], buf2[256];
	unsigned got = 0xdead, want = 0, again = 0;
	int rc, ref;

	if (size > CSV_MAX)
		return 0;
	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	rc = roles_parse_csv(s, &got);
	ref = ref_parse(s, &want);
	NEED(rc == ref);
	if (rc != 0) {
		NEED(rc == -1 && got == 0xdead);
		return 0;
	}
	NEED(got == want && got != 0 && (got & ~(unsigned)ROLE_ANY_USER) == 0);
	NEED(roles_format_csv(got, buf, sizeof buf) == 0);
	NEED(roles_parse_csv(buf, &again) == 0 && again == got);
	NEED(roles_format_csv(again, buf2, sizeof buf2) == 0 && strcmp(buf, buf2) == 0);
	return 0;
}
