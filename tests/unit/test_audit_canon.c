/*
 * test_audit_canon.c — the fast canonical recogniser (canon.h) against its
 * definition, jansson's json_dumps(JSON_COMPACT | JSON_SORT_KEYS):
 *
 *   - table: texts it must accept (want_fast 1) and texts it must not
 *     (want_fast 0: non-canonical, invalid, or outside what it knows);
 *   - differential: random values dumped canonically are accepted unless
 *     they hold what the recogniser leaves to jansson (reals, \u escapes);
 *     random mutations of them are accepted only when jansson re-dumps the
 *     mutated text to the very same bytes (the one property that matters:
 *     the recogniser never says "canonical" wrongly).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "audit/canon.h"
#include "tap.h"

/* jansson's verdict: the text parses and re-dumps to itself. */
static int
jansson_canonical(const char *text, size_t len)
{
	json_error_t err;
	json_t *j = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
	char *again;
	int ok;

	if (j == NULL)
		return 0;
	again = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	ok = json_is_object(j) && again != NULL && strlen(again) == len &&
	     memcmp(again, text, len) == 0;
	free(again);
	json_decref(j);
	return ok;
}

static const struct {
	const char *text;
	int want_fast;
	size_t want_members;
} cases[] = {
	{ "{}", 1, 0 },
	{ "{\"a\":1}", 1, 1 },
	{ "{\"a\":1,\"b\":[true,false,null,\"x\",{}],\"c\":{\"d\":-5}}", 1, 3 },
	{ "{\"seq\":0}", 1, 1 },
	{ "{\"k\":\"\xd2\x9a\xd0\xb0\xd0\xb7\xd0\xb0\xd2\x9b\"}", 1, 1 },   /* Қазақ */
	{ "{\"k\":\"\xf0\x9f\x98\x80\"}", 1, 1 },                           /* U+1F600 */
	{ "{\"k\":\"a\\\"b\\\\c\\n\\t\\r\\b\\f\"}", 1, 1 },
	{ "{\"k\":\"/\x7f\"}", 1, 1 },
	{ "{\"k\":999999999999999999}", 1, 1 },
	{ "{\"\":1,\"a\":2,\"ab\":3,\"b\":4}", 1, 4 },
	/* Not canonical. */
	{ "{\"b\":1,\"a\":2}", 0, 0 },
	{ "{\"a\":1,\"a\":1}", 0, 0 },
	{ "{\"a\": 1}", 0, 0 },
	{ " {\"a\":1}", 0, 0 },
	{ "{\"a\":1} ", 0, 0 },
	{ "{\"a\":1}x", 0, 0 },
	{ "{\"a\":-0}", 0, 0 },
	{ "{\"a\":01}", 0, 0 },
	{ "{\"a\":1,}", 0, 0 },
	{ "{\"a\":[1,]}", 0, 0 },
	{ "{\"a\":\"\\/\"}", 0, 0 },
	{ "{\"a\":\"\\u0041\"}", 0, 0 },
	{ "{\"a\":tru}", 0, 0 },
	{ "{\"a\":\"\x01\"}", 0, 0 },
	{ "{\"a\":\"\xc0\x80\"}", 0, 0 },          /* overlong */
	{ "{\"a\":\"\xe0\x80\xaf\"}", 0, 0 },      /* overlong */
	{ "{\"a\":\"\xed\xa0\x80\"}", 0, 0 },      /* surrogate */
	{ "{\"a\":\"\xf4\x90\x80\x80\"}", 0, 0 },  /* > U+10FFFF */
	{ "{\"a\":\"\xff\"}", 0, 0 },
	{ "{\"a\":\"\xd2\"}", 0, 0 },              /* cut sequence */
	{ "[1]", 0, 0 },
	{ "\"x\"", 0, 0 },
	{ "", 0, 0 },
	{ "{", 0, 0 },
	{ "{\"a\"", 0, 0 },
	{ "{\"a\":", 0, 0 },
	/* Left to jansson. */
	{ "{\"a\":1.5}", 0, 0 },
	{ "{\"a\":1e5}", 0, 0 },
	{ "{\"a\":1234567890123456789}", 0, 0 },
	{ "{\"a\\n\":1}", 0, 0 },
};

static void
test_table(void)
{
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t members;
		bool has_seq;
		int64_t seq;
		bool got = audit_canon_fast(cases[i].text, strlen(cases[i].text),
		                            &members, &has_seq, &seq);

		if ((int)got != cases[i].want_fast)
			fprintf(stderr, "case %zu: %s\n", i, cases[i].text);
		CHECK((int)got == cases[i].want_fast);
		if (got) {
			CHECK(members == cases[i].want_members);
			CHECK(jansson_canonical(cases[i].text, strlen(cases[i].text)));
		}
	}
	/* seq is reported. */
	{
		size_t m;
		bool has;
		int64_t seq;
		const char *t = "{\"a\":{\"seq\":5},\"seq\":-42,\"z\":1}";

		CHECK(audit_canon_fast(t, strlen(t), &m, &has, &seq) && has && seq == -42 && m == 3);
		t = "{\"seq\":\"7\"}";
		CHECK(audit_canon_fast(t, strlen(t), &m, &has, &seq) && !has);
	}
	/* Depth beyond CANON_DEPTH_MAX is left to jansson. */
	{
		char deep[256];
		size_t n = 0, m;
		bool has;
		int64_t seq;

		deep[n++] = '{';
		memcpy(deep + n, "\"a\":", 4);
		n += 4;
		for (int i = 0; i < CANON_DEPTH_MAX + 2; i++)
			deep[n++] = '[';
		for (int i = 0; i < CANON_DEPTH_MAX + 2; i++)
			deep[n++] = ']';
		deep[n++] = '}';
		CHECK(!audit_canon_fast(deep, n, &m, &has, &seq));
	}
}

/* ---- differential ------------------------------------------------------ */

static uint64_t rng_state = 0x2545f4914f6cdd1du;

static uint32_t
rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state % n);
}

static const char *const pieces[] = {
	"a", "b", "seq", "Қ", "ә", "😀", "/", " ", "x", "0", "\x7f", "é", "z",
	"\"", "\\", "\n", "\t", "\x01",
};
#define PLAIN_PIECES 13   /* the first ones: no escapes when dumped */

/* Keys with escapes are left to jansson: only odd rounds have them. */
static int allow_odd;   /* reals, 19-digit integers, escaped keys */

static json_t *
rand_string_from(size_t npieces)
{
	char buf[64];
	size_t n = 0;
	int k = (int)rnd(5);

	for (int i = 0; i < k; i++) {
		const char *p = pieces[rnd((uint32_t)npieces)];

		if (n + strlen(p) >= sizeof buf)
			break;
		memcpy(buf + n, p, strlen(p));
		n += strlen(p);
	}
	buf[n] = '\0';
	return json_string(buf);
}

static json_t *
rand_string(void)
{
	return rand_string_from(sizeof pieces / sizeof pieces[0]);
}

static json_t *
rand_key(void)
{
	return allow_odd ? rand_string() : rand_string_from(PLAIN_PIECES);
}

static json_t *
rand_value(int depth)
{
	switch (rnd(depth > 3 ? 6 : 8)) {
	case 0: return json_integer((json_int_t)rnd(1000) - 500);
	case 1: return allow_odd ? json_integer((json_int_t)rng_state)
	                         : json_integer((json_int_t)(rng_state % 1000000000000000000u));
	case 2: return rand_string();
	case 3: return rnd(2) ? json_true() : json_false();
	case 4: return json_null();
	case 5: return allow_odd ? json_real((double)rnd(1000) / 7.0) : json_integer(0);
	case 6: {
		json_t *a = json_array();
		int k = (int)rnd(4);

		for (int i = 0; i < k; i++)
			json_array_append_new(a, rand_value(depth + 1));
		return a;
	}
	default: {
		json_t *o = json_object();
		int k = (int)rnd(5);

		for (int i = 0; i < k; i++) {
			json_t *key = rand_key();

			json_object_set_new(o, json_string_value(key), rand_value(depth + 1));
			json_decref(key);
		}
		return o;
	}
	}
}

static void
test_differential(void)
{
	int wrong_accept = 0, canon_refused = 0, accepted = 0;

	for (int t = 0; t < 20000; t++) {
		json_t *o = json_object();
		char *text, mut[4096];
		size_t len, m;
		bool has;
		int64_t seq;

		allow_odd = t % 4 == 0;
		json_object_set_new(o, "seq", json_integer(t));
		for (int i = 0, k = (int)rnd(6); i < k; i++) {
			json_t *key = rand_key();

			json_object_set_new(o, json_string_value(key), rand_value(1));
			json_decref(key);
		}
		text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(o);
		if (text == NULL)
			continue;
		len = strlen(text);
		if (audit_canon_fast(text, len, &m, &has, &seq)) {
			accepted++;
			if (!jansson_canonical(text, len))
				wrong_accept++;
		} else if (!allow_odd && strstr(text, "\\u") == NULL) {
			/* Nothing left to jansson (no \u escapes, reals, long
			 * integers): must accept. */
			canon_refused++;
			fprintf(stderr, "refused canonical: %s\n", text);
		}
		/* Mutations. */
		for (int k = 0; k < 8 && len + 4 < sizeof mut; k++) {
			size_t n = len, at = rnd((uint32_t)len);
			static const char alphabet[] = "{}[]\":,-0123456789.e\\ abnutrlsfq\x01\x7f\xc0\xd2\xed\xf0\x80\xa0";
			char c = alphabet[rnd(sizeof alphabet - 1)];

			memcpy(mut, text, len);
			switch (rnd(3)) {
			case 0: mut[at] = c; break;
			case 1: memmove(mut + at + 1, mut + at, len - at); mut[at] = c; n++; break;
			default: memmove(mut + at, mut + at + 1, len - at - 1); n--; break;
			}
			if (audit_canon_fast(mut, n, &m, &has, &seq) && !jansson_canonical(mut, n)) {
				wrong_accept++;
				fprintf(stderr, "wrongly accepted: %.*s\n", (int)n, mut);
			}
		}
		free(text);
	}
	CHECK(wrong_accept == 0);
	CHECK(canon_refused == 0);
	CHECK(accepted > 10000);
}

int
main(void)
{
	test_table();
	test_differential();
	return tap_done();
}
