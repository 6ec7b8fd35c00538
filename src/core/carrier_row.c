/*
 * carrier_row.c — the shape of a carrier journal row (carrier_row.h).
 */
#include "core/carrier_row.h"

#include <string.h>

#include "core/carrier.h"

#define ROW_ACCOUNT_MAX 100    /* carrier_fields: account_number */
#define ROW_TITLE_MAX   1000   /* carrier_fields: title */
#define ROW_SHEETS_MAX  1000000

static const char *const kinds[] = {"paper", "electronic", "media", "product", "other", NULL};

/* Non-empty, at most max bytes, no control character. */
static bool
text_ok(const char *s, size_t max)
{
	size_t n = 0;

	if (s == NULL || s[0] == '\0')
		return false;
	for (; s[n] != '\0'; n++)
		if ((unsigned char)s[n] < 0x20 || s[n] == 0x7f)
			return false;
	return n <= max;
}

/* Decimal digits only, min..max. */
static bool
number_ok(const char *s, long long min, long long max, long long *out)
{
	long long v = 0;

	if (s == NULL || s[0] == '\0')
		return false;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || v > max)
			return false;
		v = v * 10 + (*s - '0');
	}
	if (v < min || v > max)
		return false;
	*out = v;
	return true;
}

bool
carrier_row_parse(const char *account_number, const char *kind, const char *title,
                  const char *label, const char *copies, const char *sheets,
                  const char *declassify_on, const char *registered_on, qdate today,
                  struct carrier_row *r)
{
	long long n = 0, m = 0;
	bool known = false;

	memset(r, 0, sizeof *r);
	for (int i = 0; kind != NULL && kinds[i] != NULL; i++)
		known = known || strcmp(kind, kinds[i]) == 0;
	if (!known || !text_ok(account_number, ROW_ACCOUNT_MAX) ||
	    !text_ok(title, ROW_TITLE_MAX) || label == NULL ||
	    (r->label = degree_parse(label)) == DEGREE_NONE ||
	    strcmp(degree_name(r->label), label) != 0 ||
	    !number_ok(copies, 1, CARRIER_COPIES_MAX, &n) ||
	    !number_ok(sheets, 0, ROW_SHEETS_MAX, &m))
		return false;
	r->declassify_on = QDATE_NONE;
	if (declassify_on != NULL && declassify_on[0] != '\0' &&
	    date_parse(declassify_on, &r->declassify_on) != 0)
		return false;
	r->registered_on = today;
	if (registered_on != NULL && registered_on[0] != '\0' &&
	    (date_parse(registered_on, &r->registered_on) != 0 || r->registered_on > today))
		return false;
	r->account_number = account_number;
	r->kind = kind;
	r->title = title;
	r->copies = (int)n;
	r->sheets = m;
	return true;
}
