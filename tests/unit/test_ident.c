/*
 * test_ident.c — IIN/BIN check digits (src/core/ident.h): known numbers
 * whose control digit was worked out by hand with the scheme in ident.h,
 * the second weighting, numbers that can have no control digit, and
 * malformed input; then every single-digit change of a valid number checked
 * against a trivial reference implementation.
 */
#include "core/ident.h"
#include "tap.h"

/* Reference: the scheme of ident.h written as plainly as possible. */
static int
ref_control(const char *s)
{
	int sum = 0;

	for (int i = 0; i < 11; i++)
		sum += (s[i] - '0') * (i + 1);               /* weights 1..11 */
	if (sum % 11 != 10)
		return sum % 11;
	sum = 0;
	for (int i = 0; i < 11; i++)
		sum += (s[i] - '0') * ((i + 2) % 11 + 1);    /* 3..11,1,2 */
	return sum % 11 == 10 ? -1 : sum % 11;
}

static void
test_known(void)
{
	static const struct {
		const char *in;
		int want_control;   /* ident_control_digit() */
		int want_valid;     /* ident_valid() */
	} cases[] = {
		/* First weighting: 9*1+0+0+1*4+0+1*6+3*7+0+0+1*10+2*11
		 * = 72 = 6*11+6 -> 6. */
		{"900101300126", 6, 1},
		{"000301500128", 8, 1},
		{"987654321090", 0, 1},
		{"040503600010", 0, 1},
		{"770524400014", 4, 1},
		{"100101500002", 2, 1},
		/* First weighting gives 10, the second is used:
		 * 8*1+5*2+1*3+2*4+0+5*6+4*7+0+0+0+1*11 = 98 = 8*11+10;
		 * 8*3+5*4+1*5+2*6+0+5*8+4*9+0+0+0+1*2 = 139 = 12*11+7 -> 7. */
		{"851205400017", 7, 1},
		{"123456789013", 3, 1},
		{"900101300811", 1, 1},
		{"900101300823", 3, 1},
		/* The scheme yields no digit (10 both times): never valid. */
		{"900101300800", -1, 0},
		{"900101301610", -1, 0},
		/* Wrong control digit. */
		{"900101300127", 6, 0},
		{"851205400018", 7, 0},
		{"851205400010", 7, 0},  /* the first weighting's answer (10 -> 0) */
		/* Wrong length. */
		{"90010130012", 6, 0},
		{"9001013001260", 6, 0},
		{"", -1, 0},
		/* Non-digits. */
		{"90010130012a", 6, 0},
		{"9001013001 6", -1, 0},
		{"-90010130012", -1, 0},
		{"９00101300126", -1, 0},   /* fullwidth digit (UTF-8) */
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		CHECK(ident_control_digit(cases[i].in) == cases[i].want_control);
		CHECK(ident_valid(cases[i].in) == (cases[i].want_valid != 0));
		if (ident_valid(cases[i].in) != (cases[i].want_valid != 0))
			fprintf(stderr, "  ident_valid(\"%s\")\n", cases[i].in);
	}
	CHECK(ident_control_digit(NULL) == -1);
	CHECK(!ident_valid(NULL));
}

/* Every one-digit change of a valid number: valid iff the reference says so.
 * (A changed digit among the first eleven is usually, not always, caught:
 * the change can push the first sum to 10 and the second can match.) */
static void
test_against_reference(void)
{
	static const char *bases[] = {
		"900101300126", "851205400017", "123456789013", "000000000000",
	};

	for (size_t b = 0; b < sizeof bases / sizeof bases[0]; b++) {
		char s[IDENT_LEN + 1];

		for (int pos = 0; pos < IDENT_LEN; pos++) {
			for (char dg = '0'; dg <= '9'; dg++) {
				int rc, want;

				memcpy(s, bases[b], sizeof s);
				s[pos] = dg;
				rc = ref_control(s);
				want = rc >= 0 && rc == s[11] - '0';
				CHECK(ident_control_digit(s) == rc);
				CHECK(ident_valid(s) == (want != 0));
				/* Changing only the control digit of a valid
				 * number always breaks it. */
				if (pos == 11 && dg != bases[b][11])
					CHECK(!ident_valid(s));
			}
		}
	}
}

int
main(void)
{
	test_known();
	test_against_reference();
	return tap_done();
}
