/*
 * ident.c — IIN/BIN validation. Pure.
 */
#include "core/ident.h"

#include <string.h>

int
ident_control_digit(const char *s)
{
	static const int w1[11] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
	static const int w2[11] = {3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2};
	int s1 = 0, s2 = 0;

	if (s == NULL)
		return -1;
	for (int i = 0; i < 11; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		s1 += (s[i] - '0') * w1[i];
		s2 += (s[i] - '0') * w2[i];
	}
	if (s1 % 11 != 10)
		return s1 % 11;
	if (s2 % 11 != 10)
		return s2 % 11;
	return -1;
}

bool
ident_valid(const char *s)
{
	int c;

	if (s == NULL || strlen(s) != IDENT_LEN)
		return false;
	if (s[11] < '0' || s[11] > '9')
		return false;
	c = ident_control_digit(s);
	return c >= 0 && c == s[11] - '0';
}

