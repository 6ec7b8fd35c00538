/*
 * audit_witness.c — witnessed tree heads from the command line (issue 14
 * #8; formats in audit/note.h, protocol c2sp.org/tlog-witness):
 *
 *   qupiya audit witness --db FILE --witness URL [--witness-key VKEYFILE]
 *                        [--log-origin NAME]
 *       signs the current head, sends it to the witness at URL (the
 *       submission prefix, e.g. http://nsc.example:8470/v1/witness) with
 *       add-checkpoint — first with old size 0; when the witness answers
 *       409 with the size it cosigned last, again with the consistency
 *       proof from that size — and stores the returned cosignatures with
 *       the heads (table audit_cosignature, audited).
 *
 *   audit verify --witness-key VKEYFILE [--max-age DURATION] [--witness URL]
 *       (audit_witness_check, called by cmd_audit.c after the log itself
 *       verified): every head cosigned by that witness — stored here, and
 *       the latest the witness itself answers at URL/latest — must be a
 *       prefix of the local log (same root at its size; none larger than
 *       the log), and one must be newer than DURATION (default 24h): a
 *       thief who holds the key file and rebuilds the tree, or deletes the
 *       heads and cosignatures from the same database, is caught.
 *
 * The witness key file holds the witness's vkey (signed-note verifier key,
 * type 0x04), as GET /v1/witness/logs of a qupiya witness shows it.
 *
 * Untrusted input: the witness's answers and the stored checkpoints (both
 * parsed by note.c and verified under the witness key), the key file.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/auditlog.h"
#include "audit/note.h"
#include "cli/audit_witness.h"
#include "cli/commands.h"
#include "cli/http_client.h"
#include "crypto/crypto.h"
#include "store/store.h"

#define VKEY_FILE_MAX 4096
#define CLOCK_SKEW_SECS 300

int
audit_parse_duration(const char *s, int64_t *secs)
{
	char *end;
	long long v;
	int64_t mul = 1;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (end == s || errno != 0 || v < 0 || *s == '+' || *s == '-')
		return -1;
	if (strcmp(end, "") == 0 || strcmp(end, "s") == 0)
		mul = 1;
	else if (strcmp(end, "m") == 0)
		mul = 60;
	else if (strcmp(end, "h") == 0)
		mul = 3600;
	else if (strcmp(end, "d") == 0)
		mul = 86400;
	else
		return -1;
	if (v > INT64_MAX / mul)
		return -1;
	*secs = (int64_t)v * mul;
	return 0;
}

int
audit_witness_key_load(const char *path, char name[NOTE_NAME_MAX], uint8_t pk[32])
{
	char buf[VKEY_FILE_MAX + 1];
	uint8_t type = 0;
	FILE *f = fopen(path, "rb");
	size_t n;

	if (f == NULL) {
		fprintf(stderr, "qupiya audit: open %s: %s\n", path, strerror(errno));
		return -1;
	}
	n = fread(buf, 1, VKEY_FILE_MAX, f);
	fclose(f);
	buf[n] = '\0';
	if (note_vkey_parse(buf, name, &type, pk) != 0 || type != NOTE_SIG_COSIG_V1) {
		fprintf(stderr, "qupiya audit: %s: not a witness verifier key"
		                " (name+id+base64(0x04 || Ed25519 key))\n", path);
		return -1;
	}
	return 0;
}

static void
time_str(int64_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL || strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, 32, "%" PRId64, t);
}

/* ---- verify ------------------------------------------------------------- */

struct wcheck {
	struct store_tx *tx;
	const char *origin;
	const char *name;
	const uint8_t *pk;
	int64_t log_size;
	int64_t newest;           /* newest verified cosignature time, 0 none */
	int64_t newest_size;
	int nchecked;
	int broken;               /* a message was printed */
	struct qerr *e;
};

/* Checks one cosigned checkpoint (a signed note). fetched: from the
 * witness (must carry its cosignature and our origin), else a stored row
 * (rows of other keys or origins are skipped). */
static int
check_note(struct wcheck *w, const char *text, size_t len, const char *where, bool fetched)
{
	struct merkle_src src;
	struct checkpoint c;
	merkle_hash root;
	struct note n;
	uint64_t ts = 0;
	char when[32];
	int v;

	if (note_parse(text, len, &n) != 0 || checkpoint_parse(n.text, n.text_len, &c) != 0) {
		fprintf(stderr, "audit log BROKEN: %s: not a checkpoint\n", where);
		return w->broken = 1;
	}
	v = note_verify_cosig(&n, w->name, w->pk, &ts);
	if (v < 0) {
		fprintf(stderr, "audit log BROKEN: %s: the cosignature of %s does not verify\n",
		        where, w->name);
		return w->broken = 1;
	}
	if (v > 0 || strcmp(c.origin, w->origin) != 0) {
		if (!fetched)
			return 0;
		fprintf(stderr, "audit log BROKEN: %s: no cosignature of %s for %s\n", where,
		        w->name, w->origin);
		return w->broken = 1;
	}
	time_str((int64_t)ts, when);
	w->nchecked++;
	if (c.size > w->log_size) {
		fprintf(stderr, "audit log BROKEN: %s: %s cosigned %" PRId64 " entries at %s;"
		        " the log has only %" PRId64 ": entries were cut\n", where, w->name,
		        c.size, when, w->log_size);
		return w->broken = 1;
	}
	audit_src_init(&src, w->tx);
	if (merkle_root(&src, (uint64_t)c.size, root) != 0) {
		fprintf(stderr, "qupiya audit verify: cannot read the tree at size %" PRId64 "\n",
		        c.size);
		return w->broken = 1;
	}
	if (memcmp(root, c.root, sizeof root) != 0) {
		fprintf(stderr, "audit log BROKEN: %s: the log's first %" PRId64 " entries are not"
		        " those %s cosigned at %s: history was rewritten\n", where, c.size,
		        w->name, when);
		return w->broken = 1;
	}
	if ((int64_t)ts > w->newest) {
		w->newest = (int64_t)ts;
		w->newest_size = c.size;
	}
	return 0;
}

static int
stored_cb(void *ctx, const struct store_cosig *c)
{
	struct wcheck *w = ctx;
	char where[64];

	if (strcmp(c->witness, w->name) != 0)
		return 0;
	snprintf(where, sizeof where, "stored cosignature of size %" PRId64, c->size);
	return check_note(w, c->checkpoint, strlen(c->checkpoint), where, false);
}

int
audit_witness_check(struct store_tx *tx, const char *origin, const char *key_file,
                    const char *url, int64_t max_age, bool quiet)
{
	char name[NOTE_NAME_MAX], err[256], esc[3 * NOTE_NAME_MAX + 1], path[4096];
	char when[32], age[32];
	uint8_t pk[32];
	struct qerr e = {0};
	struct wcheck w;
	int64_t now = (int64_t)time(NULL);

	if (audit_witness_key_load(key_file, name, pk) != 0)
		return 1;
	memset(&w, 0, sizeof w);
	w.tx = tx;
	w.origin = origin;
	w.name = name;
	w.pk = pk;
	w.e = &e;
	if (store_audit_size(tx, &w.log_size, &e) != 0 ||
	    store_cosig_list(tx, stored_cb, &w, &e) < 0) {
		fprintf(stderr, "qupiya audit verify: %s: %s\n", e.code, e.detail);
		return 1;
	}
	if (w.broken)
		return 1;
	if (url != NULL) {
		struct cli_http_answer a;

		if (cli_url_escape(origin, esc, sizeof esc) != 0)
			return 1;
		snprintf(path, sizeof path, "/latest?origin=%s", esc);
		if (cli_http(url, "GET", path, NULL, NULL, 0, &a, err, sizeof err) != 0) {
			fprintf(stderr, "qupiya audit verify: witness %s: %s\n", url, err);
			return 1;
		}
		if (a.status == 200) {
			char where[600];

			snprintf(where, sizeof where, "the latest head at witness %.500s", url);
			check_note(&w, a.body, a.body_len, where, true);
		} else if (a.status != 404) {
			fprintf(stderr, "qupiya audit verify: witness %s answered %d\n", url,
			        a.status);
			cli_http_answer_free(&a);
			return 1;
		}
		cli_http_answer_free(&a);
		if (w.broken)
			return 1;
	}
	if (w.newest == 0 || w.newest < now - max_age) {
		snprintf(age, sizeof age, "%" PRId64 " s", max_age);
		if (w.newest != 0)
			time_str(w.newest, when);
		fprintf(stderr, "audit log BROKEN: no head cosigned by %s newer than %s"
		        " (newest: %s)\n", name, age, w.newest != 0 ? when : "none");
		return 1;
	}
	if (w.newest > now + CLOCK_SKEW_SECS) {
		fprintf(stderr, "audit log BROKEN: a cosignature of %s is dated in the future\n",
		        name);
		return 1;
	}
	if (!quiet) {
		time_str(w.newest, when);
		printf("witnessed: consistent with %d head(s) cosigned by %s; newest %" PRId64
		       " entries at %s\n", w.nchecked, name, w.newest_size, when);
	}
	return 0;
}

/* ---- audit witness ------------------------------------------------------ */

static void
usage_witness(FILE *f)
{
	fputs("usage: qupiya audit witness --db FILE [--keys DIR] --witness URL\n"
	      "                            [--witness-key VKEYFILE] [--log-origin NAME]\n"
	      "\n"
	      "Signs the current tree head of the audit log of FILE as a C2SP checkpoint\n"
	      "(origin NAME, default derived from the audit public key), sends it to the witness at\n"
	      "URL (its submission prefix, e.g. http://host:8470/v1/witness) with the\n"
	      "consistency proof from the size it cosigned last, and stores the\n"
	      "cosignature it returns with the heads. With --witness-key, the\n"
	      "cosignature must verify under that witness key before it is stored.\n"
	      "Exit status: 0 cosigned, 1 refused or unreachable, 2 usage.\n",
	      f);
}

/* Builds the add-checkpoint body: "old M\n", the proof, "\n", the note. */
static char *
request_body(struct store_tx *tx, int64_t old, int64_t size, const char *note,
             size_t *len, struct qerr *e)
{
	merkle_hash path[MERKLE_PATH_MAX];
	struct merkle_src src;
	size_t n = 0, i, cap, off;
	char *b;
	int k;

	if (old > 0 && old < size) {
		audit_src_init(&src, tx);
		if (merkle_consistency_proof(&src, (uint64_t)old, (uint64_t)size, path, &n) != 0) {
			qerr_internal(e, "consistency proof");
			return NULL;
		}
	}
	cap = 32 + n * (crypto_b64_len(32) + 1) + 2 + strlen(note);
	b = malloc(cap);
	if (b == NULL) {
		qerr_internal(e, "out of memory");
		return NULL;
	}
	k = snprintf(b, cap, "old %" PRId64 "\n", old);
	off = (size_t)k;
	for (i = 0; i < n; i++) {
		crypto_b64(path[i], 32, b + off);
		off += crypto_b64_len(32) - 1;
		b[off++] = '\n';
	}
	b[off++] = '\n';
	memcpy(b + off, note, strlen(note));
	off += strlen(note);
	*len = off;
	return b;
}

/* Stores each cosignature line of answer (appended to note) in one
 * audited transaction. Returns how many were stored, -1 on failure. */
static int
store_cosigs(struct store *s, struct audit_log *log, const char *note, const char *answer,
             const char *origin, const struct store_sth *h, const char *vkey_name,
             const uint8_t *vkey_pk, char *first, size_t firstsz, int64_t *first_ts)
{
	struct store_tx *tx = NULL;
	struct qerr e = {0};
	struct note n;
	size_t len = strlen(note) + strlen(answer);
	char *full = malloc(len + 1);
	int i, stored = 0;

	if (full == NULL)
		return -1;
	snprintf(full, len + 1, "%s%s", note, answer);
	if (note_parse(full, len, &n) != 0) {
		fprintf(stderr, "qupiya audit witness: the witness's answer is not a list of"
		                " signature lines\n");
		free(full);
		return -1;
	}
	if (vkey_name != NULL) {
		uint64_t ts = 0;

		if (note_verify_cosig(&n, vkey_name, vkey_pk, &ts) != 0) {
			fprintf(stderr, "qupiya audit witness: no valid cosignature of %s in the"
			                " answer\n", vkey_name);
			free(full);
			return -1;
		}
	}
	if (store_begin(s, true, &tx, &e) != 0)
		goto fail;
	for (i = 0; i < n.nsigs; i++) {
		struct store_cosig c;
		uint64_t ts;

		if (n.sigs[i].name_len == strlen(origin) &&
		    memcmp(n.sigs[i].name, origin, n.sigs[i].name_len) == 0)
			continue;   /* the log's own signature */
		if (note_cosig_time(&n.sigs[i], &ts) != 0)
			continue;   /* not a cosignature/v1 line */
		memset(&c, 0, sizeof c);
		memcpy(c.witness, n.sigs[i].name, n.sigs[i].name_len);
		c.size = h->size;
		memcpy(c.root, h->root, sizeof c.root);
		c.timestamp = (int64_t)ts;
		c.checkpoint = full;
		if (store_cosig_insert(tx, &c, &e) != 0)
			goto fail;
		if (stored == 0) {
			snprintf(first, firstsz, "%s", c.witness);
			*first_ts = c.timestamp;
		}
		stored++;
	}
	if (stored > 0) {
		struct audit_event ev = {
			.actor = "system",
			.action = "audit.cosignature",
			.object = first,
			.outcome = "ok",
			.effective_date = QDATE_NONE,
		};
		json_t *d = json_pack("{s:I, s:i}", "size", (json_int_t)h->size, "cosignatures",
		                      stored);

		ev.details = d;
		if (d == NULL || audit_append(log, tx, &ev, NULL, &e) != 0) {
			json_decref(d);
			goto fail;
		}
		json_decref(d);
	}
	if (store_commit(tx, &e) != 0) {
		tx = NULL;
		goto fail;
	}
	free(full);
	return stored;
fail:
	if (tx != NULL)
		store_rollback(tx);
	fprintf(stderr, "qupiya audit witness: store the cosignature: %s: %s\n", e.code,
	        e.detail);
	free(full);
	return -1;
}

int
audit_witness_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"witness", required_argument, NULL, 'w'},
		{"witness-key", required_argument, NULL, 'k'},
		{"log-origin", required_argument, NULL, 'O'},
		{"keys", required_argument, NULL, 'K'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *prog = "qupiya audit witness";
	const char *db = NULL, *url = NULL, *keyfile = NULL, *origin_opt = NULL;
	const char *keys_opt = NULL;
	char err[256], obuf[NOTE_NAME_MAX], text[NOTE_NAME_MAX + 80];
	char line[NOTE_LINE_MAX], note[2 * NOTE_LINE_MAX], vname[NOTE_NAME_MAX];
	char wname[NOTE_NAME_MAX] = "", when[32];
	const char *origin;
	uint8_t vpk[32];
	struct crypto_keys *keys = NULL;
	struct audit_log *log = NULL;
	struct store *s = NULL;
	struct store_tx *tx = NULL;
	struct store_sth h;
	struct qerr e = {0};
	int64_t old = 0, wts = 0;
	int c, attempt, len, ret = 1, stored;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'w': url = optarg; break;
		case 'k': keyfile = optarg; break;
		case 'O': origin_opt = optarg; break;
		case 'K': keys_opt = optarg; break;
		case 'h': usage_witness(stdout); return 0;
		default: usage_witness(stderr); return 2;
		}
	}
	if (db == NULL || url == NULL) {
		/* Every command names the option it misses. */
		fprintf(stderr, "qupiya audit witness: %s is required\n", db == NULL ? "--db" : "--witness");
		usage_witness(stderr);
		return 2;
	}
	if (optind != argc || (origin_opt != NULL && !note_name_ok(origin_opt, strlen(origin_opt)))) {
		usage_witness(stderr);
		return 2;
	}
	if (crypto_init() != 0)
		return 1;
	if (keyfile != NULL && audit_witness_key_load(keyfile, vname, vpk) != 0)
		return 1;
	keys = cli_keys_load(prog, keys_opt, db, 0);
	if (keys == NULL)
		return 1;
	if (origin_opt != NULL) {
		origin = origin_opt;
	} else {
		/* the first key of the ring: rotations keep the origin */
		audit_origin_default(keys->npk > 0 ? keys->pks[0] : keys->sign_pk, "audit", obuf);
		origin = obuf;
	}
	log = audit_log_new(keys, QDATE_NONE);
	if (log == NULL)
		goto out;
	if (store_open(db, STORE_OPEN_EXISTING, &s, &e) != 0 ||
	    store_begin(s, true, &tx, &e) != 0) {
		fprintf(stderr, "%s: %s: %s\n", prog, cli_db_name(db), e.detail[0] ? e.detail : e.code);
		goto out;
	}
	if (audit_head(log, tx, &h, &e) != 0) {
		store_rollback(tx);
		fprintf(stderr, "%s: sign head: %s\n", prog, e.detail);
		goto out;
	}
	if (store_commit(tx, &e) != 0) {
		fprintf(stderr, "%s: commit: %s\n", prog, e.detail);
		goto out;
	}
	len = checkpoint_text(origin, h.size, h.root, text, sizeof text);
	if (len < 0 || note_sign_line(keys, origin, text, (size_t)len, line, sizeof line) != 0)
		goto out;
	snprintf(note, sizeof note, "%s\n%s", text, line);
	for (attempt = 0; attempt < 2; attempt++) {
		struct cli_http_answer a;
		size_t blen = 0;
		char *body;

		if (store_begin(s, false, &tx, &e) != 0) {
			fprintf(stderr, "%s: %s\n", prog, e.detail);
			goto out;
		}
		body = request_body(tx, old, h.size, note, &blen, &e);
		store_rollback(tx);
		if (body == NULL) {
			fprintf(stderr, "%s: %s\n", prog, e.detail);
			goto out;
		}
		if (cli_http(url, "POST", "/add-checkpoint", "text/plain; charset=utf-8", body,
		             blen, &a, err, sizeof err) != 0) {
			free(body);
			fprintf(stderr, "%s: witness %s: %s\n", prog, url, err);
			goto out;
		}
		free(body);
		if (a.status == 409 && attempt == 0) {
			char *end;
			long long m;

			errno = 0;
			m = strtoll(a.body, &end, 10);
			if (errno != 0 || end == a.body || *end != '\n' || m < 0) {
				cli_http_answer_free(&a);
				fprintf(stderr, "%s: witness %s: malformed 409 answer\n", prog, url);
				goto out;
			}
			cli_http_answer_free(&a);
			if (m > h.size) {
				fprintf(stderr, "%s: witness %s cosigned %lld entries of %s; the log"
				        " has only %" PRId64 ": entries were cut\n", prog, url, m,
				        origin, h.size);
				goto out;
			}
			old = (int64_t)m;
			continue;
		}
		if (a.status != 200) {
			fprintf(stderr, "%s: witness %s refused the head of size %" PRId64
			        " (old %" PRId64 "): %d %.300s", prog, url, h.size, old, a.status,
			        a.body);
			if (a.body_len == 0 || a.body[a.body_len - 1] != '\n')
				fputc('\n', stderr);
			cli_http_answer_free(&a);
			goto out;
		}
		stored = store_cosigs(s, log, note, a.body, origin, &h,
		                      keyfile != NULL ? vname : NULL, vpk, wname, sizeof wname,
		                      &wts);
		cli_http_answer_free(&a);
		if (stored <= 0) {
			if (stored == 0)
				fprintf(stderr, "%s: witness %s returned no cosignature\n", prog, url);
			goto out;
		}
		time_str(wts, when);
		printf("%s: cosigned by %s at %s: %s size %" PRId64 " (from %" PRId64 ")\n",
		       url, wname, when, origin, h.size, old);
		ret = 0;
		goto out;
	}
	fprintf(stderr, "%s: witness %s keeps changing its size\n", prog, url);
out:
	store_close(s);
	audit_log_free(log);
	crypto_keys_free(keys);
	return ret;
}
