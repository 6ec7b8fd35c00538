/*
 * canon.c — the fast recogniser of canonical audit entries (canon.h).
 *
 * A recursive-descent scanner over the bytes, no allocation, depth capped.
 * Every rule below mirrors what jansson's dumper writes with JSON_COMPACT |
 * JSON_SORT_KEYS (and nothing else): no whitespace; object keys strictly
 * increasing in byte order (jansson sorts them so; duplicates are refused);
 * strings holding raw UTF-8 except '"', '\\' and control characters, of
 * which the recogniser knows only the two-character escapes (a \uXXXX
 * escape, or '\/', is "don't know"); integers in shortest form ("-0",
 * leading zeros, fractions and exponents are "don't know"). Anything it
 * does not recognise returns false, and the caller asks jansson.
 *
 * Untrusted input: all of it; reads never pass `end`.
 */
#include "audit/canon.h"

#include <string.h>

struct scan {
	const unsigned char *p, *end;
	int depth;
};

static bool scan_value(struct scan *s);

static bool
is_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/* One well-formed UTF-8 sequence of two or more bytes at s->p (RFC 3629:
 * no overlongs, no surrogates, nothing above U+10FFFF). */
static bool
scan_utf8(struct scan *s)
{
	const unsigned char *p = s->p;
	size_t left = (size_t)(s->end - p);
	unsigned char c = p[0];

	if (c >= 0xC2 && c <= 0xDF) {
		if (left < 2 || !is_cont(p[1]))
			return false;
		s->p += 2;
		return true;
	}
	if (c >= 0xE0 && c <= 0xEF) {
		if (left < 3 || !is_cont(p[1]) || !is_cont(p[2]))
			return false;
		if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F))
			return false;
		s->p += 3;
		return true;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (left < 4 || !is_cont(p[1]) || !is_cont(p[2]) || !is_cont(p[3]))
			return false;
		if ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] > 0x8F))
			return false;
		s->p += 4;
		return true;
	}
	return false;
}

/* A string; on success *start and *len give its raw contents and *escaped tells
 * whether they hold an escape. */
static bool
scan_string(struct scan *s, const unsigned char **start, size_t *len,
            bool *escaped)
{
	if (s->p >= s->end || *s->p != '"')
		return false;
	s->p++;
	*start = s->p;
	*escaped = false;
	while (s->p < s->end) {
		unsigned char c = *s->p;

		if (c == '"') {
			*len = (size_t)(s->p - *start);
			s->p++;
			return true;
		}
		if (c == '\\') {
			if (s->end - s->p < 2 || strchr("\"\\bfnrt", s->p[1]) == NULL ||
			    s->p[1] == '\0')
				return false;
			*escaped = true;
			s->p += 2;
		} else if (c < 0x20) {
			return false;
		} else if (c < 0x80) {
			s->p++;
		} else if (!scan_utf8(s)) {
			return false;
		}
	}
	return false;
}

/* An integer in shortest form of at most 18 digits ("-0", "01", fractions
 * and exponents: don't know). */
static bool
scan_integer(struct scan *s)
{
	const unsigned char *digits;
	bool neg = false;
	size_t n;

	if (s->p < s->end && *s->p == '-') {
		neg = true;
		s->p++;
	}
	digits = s->p;
	while (s->p < s->end && *s->p >= '0' && *s->p <= '9')
		s->p++;
	n = (size_t)(s->p - digits);
	if (n == 0 || n > 18)
		return false;
	if (digits[0] == '0' && (n > 1 || neg))
		return false;
	if (s->p < s->end && (*s->p == '.' || *s->p == 'e' || *s->p == 'E'))
		return false;
	return true;
}

static bool
scan_literal(struct scan *s, const char *lit, size_t n)
{
	if ((size_t)(s->end - s->p) < n || memcmp(s->p, lit, n) != 0)
		return false;
	s->p += n;
	return true;
}

static int
key_cmp(const unsigned char *a, size_t alen, const unsigned char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0)
		return c;
	return alen < blen ? -1 : alen > blen;
}

static bool
parse_int64(const unsigned char *p, const unsigned char *end, int64_t *out)
{
	bool neg = false;
	int64_t v = 0;

	if (p < end && *p == '-') {
		neg = true;
		p++;
	}
	if (p >= end)
		return false;
	for (; p < end; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (*p - '0');   /* <= 18 digits: no overflow */
	}
	*out = neg ? -v : v;
	return true;
}

/* An object; at the top (depth 1) counts members and finds "seq". */
static bool
scan_object(struct scan *s, size_t *members, bool *has_seq, int64_t *seq)
{
	const unsigned char *prev = NULL;
	size_t prevlen = 0, n = 0;

	s->p++;   /* '{' */
	if (s->p < s->end && *s->p == '}') {
		s->p++;
		if (members != NULL)
			*members = 0;
		return true;
	}
	for (;;) {
		const unsigned char *key, *vstart;
		size_t keylen;
		bool esc;

		if (!scan_string(s, &key, &keylen, &esc) || esc)
			return false;
		if (prev != NULL && key_cmp(prev, prevlen, key, keylen) >= 0)
			return false;
		prev = key;
		prevlen = keylen;
		if (s->p >= s->end || *s->p != ':')
			return false;
		s->p++;
		vstart = s->p;
		if (!scan_value(s))
			return false;
		n++;
		if (has_seq != NULL && keylen == 3 && memcmp(key, "seq", 3) == 0 &&
		    (*vstart == '-' || (*vstart >= '0' && *vstart <= '9')))
			*has_seq = parse_int64(vstart, s->p, seq);
		if (s->p >= s->end)
			return false;
		if (*s->p == '}') {
			s->p++;
			break;
		}
		if (*s->p != ',')
			return false;
		s->p++;
	}
	if (members != NULL)
		*members = n;
	return true;
}

static bool
scan_array(struct scan *s)
{
	s->p++;   /* '[' */
	if (s->p < s->end && *s->p == ']') {
		s->p++;
		return true;
	}
	for (;;) {
		if (!scan_value(s) || s->p >= s->end)
			return false;
		if (*s->p == ']') {
			s->p++;
			return true;
		}
		if (*s->p != ',')
			return false;
		s->p++;
	}
}

static bool
scan_value(struct scan *s)
{
	const unsigned char *start;
	size_t len;
	bool esc, ok;

	if (s->p >= s->end)
		return false;
	switch (*s->p) {
	case '{':
	case '[':
		if (++s->depth > CANON_DEPTH_MAX)
			return false;
		ok = *s->p == '{' ? scan_object(s, NULL, NULL, NULL) : scan_array(s);
		s->depth--;
		return ok;
	case '"':
		return scan_string(s, &start, &len, &esc);
	case 't':
		return scan_literal(s, "true", 4);
	case 'f':
		return scan_literal(s, "false", 5);
	case 'n':
		return scan_literal(s, "null", 4);
	default:
		return scan_integer(s);
	}
}

bool
audit_canon_fast(const char *text, size_t len, size_t *members, bool *has_seq,
                 int64_t *seq)
{
	struct scan s = { (const unsigned char *)text,
	                  (const unsigned char *)text + len, 1 };

	*members = 0;
	*has_seq = false;
	*seq = 0;
	if (len == 0 || text[0] != '{')
		return false;
	if (!scan_object(&s, members, has_seq, seq))
		return false;
	return s.p == s.end;
}
