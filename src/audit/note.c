/*
 * note.c — signed notes, checkpoints, cosignatures and the add-checkpoint
 * body (formats in note.h, after c2sp.org/signed-note, tlog-checkpoint,
 * tlog-cosignature and tlog-witness).
 */
#include "audit/note.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EM_DASH     "\xe2\x80\x94"
#define SIG_PREFIX  EM_DASH " "
#define SIG_DEC_MAX 128      /* decoded signatures of the types verified here */
#define COSIG_HDR   "cosignature/v1\ntime "

void
note_key_id(const char *name, uint8_t type, const uint8_t pk[32], uint8_t id[4])
{
	uint8_t buf[NOTE_NAME_MAX + 2 + 32], h[CRYPTO_HASH_SIZE];
	size_t n = strlen(name);

	if (n >= NOTE_NAME_MAX)
		n = NOTE_NAME_MAX - 1;
	memcpy(buf, name, n);
	buf[n] = '\n';
	buf[n + 1] = type;
	memcpy(buf + n + 2, pk, 32);
	crypto_sha256(buf, n + 2 + 32, h);
	memcpy(id, h, 4);
}

/* Length of the valid UTF-8 sequence at s (at most max bytes), 0 if none. */
static size_t
utf8_len(const unsigned char *s, size_t max)
{
	size_t n, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n > max)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* Valid UTF-8 without control characters other than newline (signed-note). */
static bool
text_ok(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		if (p[i] < 0x20 && p[i] != '\n')
			return false;
		if (p[i] == 0x7f)
			return false;
		n = utf8_len(p + i, len - i);
		if (n == 0)
			return false;
		i += n;
	}
	return true;
}

bool
note_name_ok(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len >= NOTE_NAME_MAX || !text_ok(s, len))
		return false;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= 0x20 || c == '+')
			return false;
		/* Unicode spaces: U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029,
		 * U+202F, U+205F, U+3000 (and U+0085) */
		if (c == 0xc2 && i + 1 < len &&
		    ((unsigned char)s[i + 1] == 0xa0 || (unsigned char)s[i + 1] == 0x85))
			return false;
		if (c == 0xe1 && i + 2 < len && (unsigned char)s[i + 1] == 0x9a &&
		    (unsigned char)s[i + 2] == 0x80)
			return false;
		if (c == 0xe2 && i + 2 < len) {
			unsigned char b = (unsigned char)s[i + 1], d = (unsigned char)s[i + 2];

			if (b == 0x80 && (d <= 0x8a || d == 0xa8 || d == 0xa9 || d == 0xaf))
				return false;
			if (b == 0x81 && d == 0x9f)
				return false;
		}
		if (c == 0xe3 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
		    (unsigned char)s[i + 2] == 0x80)
			return false;
	}
	return true;
}

int
note_vkey(const char *name, uint8_t type, const uint8_t pk[32], char *out, size_t outsz)
{
	uint8_t id[4], raw[33];
	char idhex[9], b64[crypto_b64_len(33)];
	int n;

	if (!note_name_ok(name, strlen(name)))
		return -1;
	note_key_id(name, type, pk, id);
	crypto_hex(id, 4, idhex);
	raw[0] = type;
	memcpy(raw + 1, pk, 32);
	crypto_b64(raw, sizeof raw, b64);
	n = snprintf(out, outsz, "%s+%s+%s", name, idhex, b64);
	return n < 0 || (size_t)n >= outsz ? -1 : 0;
}

int
note_vkey_parse(const char *s, char name[NOTE_NAME_MAX], uint8_t *type, uint8_t pk[32])
{
	const char *p1, *p2, *end;
	uint8_t id[4], want[4], raw[64];
	char idhex[9];
	size_t nlen, got = 0;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' ||
	                   end[-1] == '\r'))
		end--;
	p1 = memchr(s, '+', (size_t)(end - s));
	if (p1 == NULL)
		return -1;
	p2 = memchr(p1 + 1, '+', (size_t)(end - p1 - 1));
	if (p2 == NULL || p2 - p1 - 1 != 8)
		return -1;
	nlen = (size_t)(p1 - s);
	if (!note_name_ok(s, nlen))
		return -1;
	memcpy(idhex, p1 + 1, 8);
	idhex[8] = '\0';
	if (crypto_unhex(idhex, id, 4) != 0)
		return -1;
	if (crypto_unb64(p2 + 1, (size_t)(end - p2 - 1), raw, sizeof raw, &got) != 0 ||
	    got != 33)
		return -1;
	memcpy(name, s, nlen);
	name[nlen] = '\0';
	note_key_id(name, raw[0], raw + 1, want);
	if (memcmp(id, want, 4) != 0)
		return -1;
	*type = raw[0];
	memcpy(pk, raw + 1, 32);
	return 0;
}

static bool
b64_chars_ok(const char *s, size_t len)
{
	size_t i;

	if (len < 8 || len % 4 != 0)
		return false;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '+' || c == '/' ||
		      (c == '=' && i >= len - 2)))
			return false;
	}
	return true;
}

int
note_parse(const char *buf, size_t len, struct note *n)
{
	size_t i, split = 0, pos;
	bool found = false;

	memset(n, 0, sizeof *n);
	if (len < 2 || len > NOTE_MAX || buf[len - 1] != '\n' || memchr(buf, '\0', len) != NULL)
		return -1;
	if (!text_ok(buf, len))
		return -1;
	/* the last empty line separates the text from the signatures */
	for (i = len - 1; i > 0; i--) {
		if (buf[i] == '\n' && buf[i - 1] == '\n') {
			split = i - 1;
			found = true;
			break;
		}
	}
	if (!found || split == 0)
		return -1;
	n->text = buf;
	n->text_len = split + 1;
	pos = split + 2;
	if (pos >= len)
		return -1;
	while (pos < len) {
		const char *line = buf + pos, *nl = memchr(line, '\n', len - pos), *sp;
		size_t llen = (size_t)(nl - line);
		struct note_sig *s;

		if (n->nsigs == NOTE_SIGS_MAX)
			return -1;
		if (llen < sizeof SIG_PREFIX || memcmp(line, SIG_PREFIX, sizeof SIG_PREFIX - 1) != 0)
			return -1;
		line += sizeof SIG_PREFIX - 1;
		llen -= sizeof SIG_PREFIX - 1;
		sp = memchr(line, ' ', llen);
		if (sp == NULL)
			return -1;
		s = &n->sigs[n->nsigs++];
		s->name = line;
		s->name_len = (size_t)(sp - line);
		s->b64 = sp + 1;
		s->b64_len = llen - s->name_len - 1;
		if (!note_name_ok(s->name, s->name_len) || !b64_chars_ok(s->b64, s->b64_len))
			return -1;
		pos = (size_t)(nl - buf) + 1;
	}
	return 0;
}

/* Decodes s when it is a signature by (name, id) of n bytes: 1 match (sig
 * filled), 0 not this key. */
static int
sig_match(const struct note_sig *s, const char *name, const uint8_t id[4],
          uint8_t *sig, size_t want)
{
	uint8_t raw[SIG_DEC_MAX];
	size_t got = 0;

	if (s->name_len != strlen(name) || memcmp(s->name, name, s->name_len) != 0)
		return 0;
	if (s->b64_len > crypto_b64_len(SIG_DEC_MAX) - 1 ||
	    crypto_unb64(s->b64, s->b64_len, raw, sizeof raw, &got) != 0 || got < 4 ||
	    memcmp(raw, id, 4) != 0)
		return 0;
	if (got != 4 + want)
		return -1;
	memcpy(sig, raw + 4, want);
	return 1;
}

int
note_verify_ed25519(const struct note *n, const char *name, const uint8_t pk[32])
{
	uint8_t id[4], sig[CRYPTO_SIGN_SIZE];
	int i, m, ret = 1;

	note_key_id(name, NOTE_SIG_ED25519, pk, id);
	for (i = 0; i < n->nsigs; i++) {
		m = sig_match(&n->sigs[i], name, id, sig, sizeof sig);
		if (m == 0)
			continue;
		if (m < 0 || crypto_pk_verify(pk, n->text, n->text_len, sig) != 0)
			return -1;
		ret = 0;
	}
	return ret;
}

/* The cosigned message: "cosignature/v1\ntime <ts>\n" || text. A new
 * buffer of *len bytes, or NULL. */
static char *
cosig_message(uint64_t ts, const char *text, size_t len, size_t *outlen)
{
	char hdr[64];
	int h = snprintf(hdr, sizeof hdr, COSIG_HDR "%" PRIu64 "\n", ts);
	char *m;

	if (h < 0 || (size_t)h >= sizeof hdr || len > NOTE_MAX)
		return NULL;
	m = malloc((size_t)h + len);
	if (m == NULL)
		return NULL;
	memcpy(m, hdr, (size_t)h);
	memcpy(m + h, text, len);
	*outlen = (size_t)h + len;
	return m;
}

static uint64_t
be64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

int
note_verify_cosig(const struct note *n, const char *name, const uint8_t pk[32],
                  uint64_t *ts)
{
	uint8_t id[4], sig[8 + CRYPTO_SIGN_SIZE];
	int i, m, ret = 1;

	*ts = 0;
	note_key_id(name, NOTE_SIG_COSIG_V1, pk, id);
	for (i = 0; i < n->nsigs; i++) {
		uint64_t t;
		size_t mlen = 0;
		char *msg;
		int ok;

		m = sig_match(&n->sigs[i], name, id, sig, sizeof sig);
		if (m == 0)
			continue;
		if (m < 0)
			return -1;
		t = be64(sig);
		if (t > INT64_MAX)
			return -1;
		msg = cosig_message(t, n->text, n->text_len, &mlen);
		if (msg == NULL)
			return -1;
		ok = crypto_pk_verify(pk, msg, mlen, sig + 8) == 0;
		free(msg);
		if (!ok)
			return -1;
		if (ret != 0 || t > *ts)
			*ts = t;
		ret = 0;
	}
	return ret;
}

int
note_cosig_time(const struct note_sig *s, uint64_t *ts)
{
	uint8_t raw[SIG_DEC_MAX];
	size_t got = 0;

	if (s->b64_len > crypto_b64_len(SIG_DEC_MAX) - 1 ||
	    crypto_unb64(s->b64, s->b64_len, raw, sizeof raw, &got) != 0 ||
	    got != 4 + 8 + CRYPTO_SIGN_SIZE)
		return -1;
	*ts = be64(raw + 4);
	return *ts > INT64_MAX ? -1 : 0;
}

static int
sig_line(const char *name, const uint8_t *raw, size_t rawlen, char *out, size_t outsz)
{
	char b64[crypto_b64_len(4 + 8 + CRYPTO_SIGN_SIZE)];
	int n;

	if (!note_name_ok(name, strlen(name)) || rawlen > 4 + 8 + CRYPTO_SIGN_SIZE)
		return -1;
	crypto_b64(raw, rawlen, b64);
	n = snprintf(out, outsz, SIG_PREFIX "%s %s\n", name, b64);
	return n < 0 || (size_t)n >= outsz ? -1 : 0;
}

int
note_sign_line(const struct crypto_keys *k, const char *name, const char *text,
               size_t len, char *out, size_t outsz)
{
	uint8_t raw[4 + CRYPTO_SIGN_SIZE];

	note_key_id(name, NOTE_SIG_ED25519, k->sign_pk, raw);
	crypto_keys_sign(k, text, len, raw + 4);
	return sig_line(name, raw, sizeof raw, out, outsz);
}

int
note_cosig_line(const struct crypto_keys *k, const char *name, uint64_t ts,
                const char *text, size_t len, char *out, size_t outsz)
{
	uint8_t raw[4 + 8 + CRYPTO_SIGN_SIZE];
	size_t mlen = 0;
	char *msg;
	int i;

	if (ts == 0 || ts > INT64_MAX)
		return -1;
	msg = cosig_message(ts, text, len, &mlen);
	if (msg == NULL)
		return -1;
	note_key_id(name, NOTE_SIG_COSIG_V1, k->sign_pk, raw);
	for (i = 0; i < 8; i++)
		raw[4 + i] = (uint8_t)(ts >> (56 - 8 * i));
	crypto_keys_sign(k, msg, mlen, raw + 12);
	free(msg);
	return sig_line(name, raw, sizeof raw, out, outsz);
}

int
checkpoint_text(const char *origin, int64_t size, const uint8_t root[32], char *out,
                size_t outsz)
{
	char b64[crypto_b64_len(32)];
	int n;

	if (!note_name_ok(origin, strlen(origin)) || size < 0)
		return -1;
	crypto_b64(root, 32, b64);
	n = snprintf(out, outsz, "%s\n%" PRId64 "\n%s\n", origin, size, b64);
	return n < 0 || (size_t)n >= outsz ? -1 : n;
}

/* A decimal with no leading zeroes (but "0"), at most INT64_MAX. */
static int
parse_size(const char *s, size_t len, int64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (len == 0 || len > 19 || (len > 1 && s[0] == '0'))
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > INT64_MAX)
		return -1;
	*out = (int64_t)v;
	return 0;
}

int
checkpoint_parse(const char *text, size_t len, struct checkpoint *c)
{
	const char *p = text, *end = text + len, *nl;
	size_t l, got = 0;
	int line;

	memset(c, 0, sizeof *c);
	for (line = 0; p < end; line++) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			return -1;
		l = (size_t)(nl - p);
		if (l == 0)
			return -1;   /* every line, extensions included, is non-empty */
		if (line == 0) {
			/* Origins may in principle hold spaces; qupiya keeps to key
			 * name rules (the spec's recommendation), which its own
			 * origins follow. */
			if (!note_name_ok(p, l))
				return -1;
			memcpy(c->origin, p, l);
			c->origin[l] = '\0';
		} else if (line == 1) {
			if (parse_size(p, l, &c->size) != 0)
				return -1;
		} else if (line == 2) {
			if (crypto_unb64(p, l, c->root, sizeof c->root, &got) != 0 ||
			    got != sizeof c->root)
				return -1;
		}
		p = nl + 1;
	}
	return line >= 3 ? 0 : -1;
}

void
audit_origin_default(const uint8_t pk[32], const char *kind, char out[NOTE_NAME_MAX])
{
	uint8_t h[CRYPTO_HASH_SIZE];
	char hex[2 * CRYPTO_HASH_SIZE + 1];

	crypto_sha256(pk, 32, h);
	crypto_hex(h, 8, hex);
	snprintf(out, NOTE_NAME_MAX, "qupiya.%s/%s", hex, kind);
}

int
witness_req_parse(const char *body, size_t len, struct witness_req *w)
{
	const char *p = body, *end = body + len, *nl;
	size_t l, got = 0;

	memset(w, 0, sizeof *w);
	nl = memchr(p, '\n', len);
	if (nl == NULL || (size_t)(nl - p) < 5 || memcmp(p, "old ", 4) != 0 ||
	    parse_size(p + 4, (size_t)(nl - p) - 4, &w->old_size) != 0)
		return -1;
	p = nl + 1;
	for (;;) {
		if (p >= end)
			return -1;
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			return -1;
		l = (size_t)(nl - p);
		if (l == 0)
			break;
		if (w->nproof == WITNESS_PROOF_MAX ||
		    crypto_unb64(p, l, w->proof[w->nproof], MERKLE_HASH_SIZE, &got) != 0 ||
		    got != MERKLE_HASH_SIZE)
			return -1;
		w->nproof++;
		p = nl + 1;
	}
	w->note = nl + 1;
	w->note_len = (size_t)(end - w->note);
	return w->note_len > 0 ? 0 : -1;
}
