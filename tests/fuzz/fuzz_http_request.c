/*
 * fuzz_http_request.c — the whole request path in process, without sockets:
 * every route of every table (router.c's http_route_tables()), its
 * authentication, role check, id lookups, body and query parsing, the rules
 * and the store, through http_dispatch() exactly as server.c calls it.
 *
 * World (built once, at the first input, in a fresh temporary directory):
 * a database (store_open STORE_OPEN_CREATE), its keys, the message
 * catalogues and the statutory catalogue of QUPIYA_DATA_DIR (the
 * environment variable, else the build's data/), the audit log, the clock
 * fixed at FUZZ_TODAY. The administrator is written straight into the store
 * (as `qupiya init` does) and logs in with POST /v1/session; everything
 * else is made through the HTTP handlers as a client would: two
 * organizations, a permit, one user per role (and a security officer of
 * the second organization), persons, a classifier, an approved list,
 * information, a carrier. Writes by the inputs persist across inputs.
 *
 * Input, two forms:
 *
 *   binary (what the fuzzer mostly makes):
 *     [route] [who] [flags] {[param]...} [qlen] [query: qlen bytes] [body...]
 *       route  index into every route of every table (modulo their number)
 *       who    the caller: none, a bad token, admin, each role, so_other
 *       flags  bits 0-1 language (en ru kk en), bit 2 body over the size
 *              limit, bits 3-5 the client address (login throttling is per
 *              address), bit 6 a method no route of the path takes (405)
 *       param  one byte per {} of the pattern: below PARAM_RAW a real id
 *              (all ids the world and earlier inputs made, in a ring),
 *              from PARAM_RAW on that many - PARAM_RAW raw input bytes
 *       query  "a=1&b=2", not decoded
 *       body   the rest
 *
 *   named (readable seeds that survive route-table changes), first byte '=':
 *     =WHO METHOD /v1/path/{kind}/more?a=1&b=2\n BODY
 *       WHO is "none", "bad", a role name or "so_other". In the target
 *       and the body, {kind} is the newest id of that kind seen so far
 *       ({org} {permit} {person} {user} {carrier} {list} {item} {info}
 *       {inventory} {grant} {clearance} {cls} ...), {home_org} the
 *       organization of the users, {other_org} so_other's; literal when
 *       there is none. Replayed in name order, seeds build on each other.
 *
 * Invariants (abort on violation): every answer is 2xx or 4xx — a 500 is a
 * bug; a 4xx carries {"error": {"code", "message", ...}} with a non-empty
 * code and message, and a 400 a non-empty error.field; ASan/LSan see no
 * memory error or leak. Set QUPIYA_FUZZ_VERBOSE=1 to print every request
 * and its answer (how a binary reproducer is turned into a named one).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/auditlog.h"
#include "core/roles.h"
#include "crypto/crypto.h"
#include "http/http.h"
#include "http/i18n.h"
#include "store/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_TODAY_Y      2025
#define FUZZ_TODAY_M      6
#define FUZZ_TODAY_D      1
#define FUZZ_PASSWORD     "fuzz-password-1234"
#define FUZZ_ROUTES_MAX   512
#define FUZZ_IDS_MAX      256       /* ring of ids seen in answers */
#define FUZZ_PATH_MAX     1024
#define FUZZ_BODY_PIECES  3         /* a streamed body arrives in this many pieces */
#define PARAM_RAW         0xE0      /* param byte: from here on, raw bytes */
#define NAMED_LINE_MAX    2048

#define NEED(c, what) do { if (!(c)) fail_now(what); } while (0)

/* ---- the world ------------------------------------------------------------ */

/* Who calls: slot 0 nobody, 1 a well-formed token nobody holds, then users. */
enum { WHO_NONE, WHO_BAD, WHO_ADMIN, WHO_FIRST_ROLE };
#define WHO_ROLES   9               /* every role but admin */
#define WHO_OTHER   (WHO_FIRST_ROLE + WHO_ROLES)   /* so_other */
#define WHO_N       (WHO_OTHER + 1)
#define WHO_SO         WHO_FIRST_ROLE
#define WHO_HEAD       (WHO_FIRST_ROLE + 1)
#define WHO_CLASSIFIER (WHO_FIRST_ROLE + 2)
#define WHO_EMPLOYEE   (WHO_FIRST_ROLE + 3)
#define WHO_NSC        (WHO_FIRST_ROLE + 4)

static const char *const who_names[WHO_N] = {
	"none", "bad", "admin", "security_officer", "head", "classifier", "employee",
	"nsc_officer", "authorized_body", "archivist", "auditor", "citizen", "so_other",
};

struct fuzz_world {
	bool ready;
	char dir[64];
	char db[128], key[128];
	struct app app;
	struct crypto_keys *keys;
	const struct route *routes[FUZZ_ROUTES_MAX];
	size_t nroutes;
	char login[WHO_N][STORE_REF_MAX];
	char token[WHO_N][CRYPTO_TOKEN_STR];
	char ids[FUZZ_IDS_MAX][STORE_ID_MAX];
	size_t nids, next_id;
	char org[STORE_ID_MAX], org2[STORE_ID_MAX];
	bool verbose;
	/* the request being run, for the failure report */
	const char *cur_method, *cur_path;
	size_t cur_body_len;
};

static struct fuzz_world W;

/* ---- answers -------------------------------------------------------------- */

struct answer {
	int status;
	json_t *json;                 /* owned */
};

static void
fail_now(const char *what)
{
	fprintf(stderr, "fuzz_http_request: %s (%s %s, body %zu bytes)\n", what,
	        W.cur_method ? W.cur_method : "-", W.cur_path ? W.cur_path : "-",
	        W.cur_body_len);
	abort();
}

static void
id_remember(const char *id)
{
	if (id == NULL || id[0] == '\0' || strlen(id) >= STORE_ID_MAX)
		return;
	for (size_t i = 0; i < W.nids; i++)
		if (strcmp(W.ids[i], id) == 0)
			return;
	snprintf(W.ids[W.next_id], STORE_ID_MAX, "%s", id);
	W.next_id = (W.next_id + 1) % FUZZ_IDS_MAX;
	if (W.nids < FUZZ_IDS_MAX)
		W.nids++;
}

/* The newest remembered id "<kind>_...", or NULL. */
static const char *
id_of_kind(const char *kind)
{
	size_t klen = strlen(kind);

	if (strcmp(kind, "home_org") == 0)
		return W.org;
	if (strcmp(kind, "other_org") == 0)
		return W.org2;
	for (size_t k = 0; k < W.nids; k++) {
		size_t i = (W.next_id + FUZZ_IDS_MAX - 1 - k) % FUZZ_IDS_MAX;

		if (strncmp(W.ids[i], kind, klen) == 0 && W.ids[i][klen] == '_')
			return W.ids[i];
	}
	return NULL;
}

/* The invariants every answer keeps (see the header). */
static void
answer_check(const struct resp *out)
{
	json_t *err, *code, *msg, *field;

	if (out->status == 500)
		fail_now("500: internal error (a bug; see the line above)");
	NEED((out->status >= 200 && out->status < 300) ||
	     (out->status >= 400 && out->status < 500), "status neither 2xx nor 4xx");
	if (out->status < 400)
		return;
	/* The C2SP witness routes answer in their own standard's text bodies
	 * and status codes (API.md Conventions): no JSON error object there. */
	if (out->json == NULL && W.cur_path != NULL &&
	    strncmp(W.cur_path, "/v1/witness/", 12) == 0)
		return;
	err = json_object_get(out->json, "error");
	code = json_object_get(err, "code");
	msg = json_object_get(err, "message");
	field = json_object_get(err, "field");
	NEED(json_is_object(err), "4xx without an error object");
	NEED(json_is_string(code) && json_string_length(code) > 0, "4xx without error.code");
	NEED(json_is_string(msg) && json_string_length(msg) > 0, "4xx without error.message");
	if (out->status == 400)
		NEED(json_is_string(field) && json_string_length(field) > 0,
		     "400 without error.field");
}

/* Reads a streamed answer to its end (so the stream's code runs too). */
static void
stream_drain(struct resp *out)
{
	uint8_t buf[HTTP_STREAM_BLOCK];
	uint64_t pos = 0;

	while (out->stream_read != NULL && pos < out->stream_size) {
		int64_t n = out->stream_read(out->stream_ctx, pos, buf, sizeof buf);

		if (n <= 0)
			break;   /* server.c aborts the connection: the client sees a short body */
		pos += (uint64_t)n;
	}
}

static void
resp_release(struct resp *out)
{
	free(out->raw);
	out->raw = NULL;
	if (out->fd >= 0)
		close(out->fd);
	out->fd = -1;
	if (out->stream_free != NULL)
		out->stream_free(out->stream_ctx);
	out->stream_read = NULL;
	out->stream_free = NULL;
	out->stream_ctx = NULL;
}

static void
upload_release(struct http_upload *up)
{
	if (up->release != NULL && up->ctx != NULL)
		up->release(up->ctx);
	up->release = NULL;
	up->ctx = NULL;
	up->sink = NULL;
}

/* A streamed body, as server.c runs it: BEGIN, the pieces, END. */
static void
dispatch_raw(struct req *r, struct resp *out)
{
	struct http_upload up;
	const char *body = r->body;
	size_t len = r->body_len;
	bool too_large = r->body_too_large;

	memset(&up, 0, sizeof up);
	r->upload = &up;
	r->body = NULL;
	r->body_len = 0;
	r->body_too_large = false;
	up.phase = HTTP_UPLOAD_BEGIN;
	http_dispatch(r, out);
	json_decref(r->json);
	r->json = NULL;
	if (up.sink == NULL || out->status >= 300) {
		upload_release(&up);   /* the BEGIN answer is the answer */
		return;
	}
	resp_release(out);
	json_decref(out->json);
	memset(out, 0, sizeof *out);
	out->fd = -1;
	if (too_large) {
		up.received = HTTP_RAW_BODY_MAX + 1;
		up.too_large = true;
		upload_release(&up);
	}
	for (size_t i = 0, off = 0; i < FUZZ_BODY_PIECES && up.sink != NULL; i++) {
		size_t n = i + 1 == FUZZ_BODY_PIECES ? len - off : len / FUZZ_BODY_PIECES;

		if (n == 0)
			continue;
		up.received += n;
		if (up.sink(up.ctx, body + off, n) != 0) {
			up.failed = true;
			upload_release(&up);
		}
		off += n;
	}
	up.phase = HTTP_UPLOAD_END;
	r->body_too_large = up.too_large;
	http_dispatch(r, out);
	upload_release(&up);
}

/*
 * One request through the router. query: "a=1&b=2" (qlen bytes, not
 * NUL-terminated). Returns the status; *json (may be NULL) gets the answer.
 */
static int
request(const char *method, const char *path, const char *query, size_t qlen, int who,
        const char *lang, int addr, bool too_large, const char *body, size_t blen,
        json_t **json)
{
	struct req r;
	struct resp out;
	char *qbuf = NULL, *bbuf = NULL;
	const char *id;

	memset(&r, 0, sizeof r);
	memset(&out, 0, sizeof out);
	out.fd = -1;
	r.app = &W.app;
	r.method = method;
	r.path = path;
	r.lang = lang;
	r.today = W.app.fixed_today;
	r.effective_date = r.today;
	snprintf(r.addr, sizeof r.addr, "10.0.0.%d", addr);
	r.bearer = who >= WHO_BAD && W.token[who][0] ? W.token[who] : NULL;
	if (qlen > 0) {
		/* "a=1&b=2" -> "a=1\0b=2\0" (struct req's query) */
		qbuf = malloc(qlen + 1);
		NEED(qbuf != NULL, "out of memory");
		for (size_t i = 0; i < qlen; i++)
			qbuf[i] = query[i] == '&' ? '\0' : query[i];
		qbuf[qlen] = '\0';
		r.query = qbuf;
		r.query_len = qlen + 1;
	}
	/* server.c: a NUL-terminated copy; none when over the limit */
	if (too_large) {
		r.body_too_large = true;
	} else if (blen > 0) {
		bbuf = malloc(blen + 1);
		NEED(bbuf != NULL, "out of memory");
		memcpy(bbuf, body, blen);
		bbuf[blen] = '\0';
		r.body = bbuf;
		r.body_len = blen;
	}
	W.cur_method = method;
	W.cur_path = path;
	W.cur_body_len = blen;

	if (http_route_flags(method, path) & ROUTE_RAW_BODY)
		dispatch_raw(&r, &out);
	else
		http_dispatch(&r, &out);
	json_decref(r.json);
	if (W.verbose) {
		char *t = out.json ? json_dumps(out.json, JSON_COMPACT) : NULL;

		fprintf(stderr, "%-6s %s%s%.*s [%s] -> %d %s\n", method, path, qlen ? "?" : "",
		        (int)qlen, query ? query : "", who_names[who], out.status,
		        t ? t : "");
		free(t);
	}
	answer_check(&out);
	stream_drain(&out);
	resp_release(&out);

	if (out.status >= 200 && out.status < 300) {
		id = json_string_value(json_object_get(out.json, "id"));
		id_remember(id);
	}
	if (out.status == 204 && strcmp(method, "DELETE") == 0 &&
	    strcmp(path, "/v1/session") == 0 && who >= WHO_ADMIN)
		W.token[who][0] = '\0';   /* logged out: log in again below */
	if (json != NULL)
		*json = out.json;
	else
		json_decref(out.json);
	free(qbuf);
	free(bbuf);
	W.cur_method = W.cur_path = NULL;
	return out.status;
}

static void
id_copy(char out[STORE_ID_MAX], const json_t *id)
{
	snprintf(out, STORE_ID_MAX, "%s", json_is_string(id) ? json_string_value(id) : "");
}

/* A setup request with a JSON body built by json_pack; returns the new id
 * (static buffer of the caller) or NULL. */
static const char *
setup_post(const char *path, int who, json_t *body, char idbuf[STORE_ID_MAX], int want)
{
	char *text = json_dumps(body, JSON_COMPACT);
	json_t *ans = NULL;
	int status;

	NEED(text != NULL, "setup: json_dumps");
	status = request("POST", path, NULL, 0, who, "en", 1, false, text, strlen(text), &ans);
	free(text);
	json_decref(body);
	if (status != want) {
		char *t = ans ? json_dumps(ans, JSON_COMPACT) : NULL;

		fprintf(stderr, "fuzz_http_request: setup POST %s as %s: %d %s\n", path,
		        who_names[who], status, t ? t : "");
		free(t);
		json_decref(ans);
		return NULL;
	}
	if (idbuf != NULL)
		id_copy(idbuf, json_object_get(ans, "id"));
	json_decref(ans);
	return idbuf;
}

static void
login(int who)
{
	json_t *ans = NULL;
	char body[256];
	int n = snprintf(body, sizeof body, "{\"login\":\"%s\",\"password\":\"%s\"}",
	                 W.login[who], FUZZ_PASSWORD);

	W.token[who][0] = '\0';
	if (request("POST", "/v1/session", NULL, 0, WHO_NONE, "en", 0, false, body, (size_t)n,
	            &ans) == 201)
		snprintf(W.token[who], CRYPTO_TOKEN_STR, "%s",
		         json_is_string(json_object_get(ans, "token")) ?
		         json_string_value(json_object_get(ans, "token")) : "");
	json_decref(ans);
}

/* A 12-digit IIN/BIN with a valid check digit (core/ident.h), from k. */
static void
make_ident(unsigned k, char out[13])
{
	static const int w1[11] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
	static const int w2[11] = {3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2};

	for (unsigned base = k;; base++) {
		int s = 0, c;

		snprintf(out, 13, "8%010u", base);
		for (int i = 0; i < 11; i++)
			s += (out[i] - '0') * w1[i];
		c = s % 11;
		if (c == 10) {
			s = 0;
			for (int i = 0; i < 11; i++)
				s += (out[i] - '0') * w2[i];
			c = s % 11;
		}
		if (c != 10) {
			out[11] = (char)('0' + c);
			out[12] = '\0';
			return;
		}
	}
}

static const char *
data_dir(void)
{
	const char *d = getenv("QUPIYA_DATA_DIR");

	return d != NULL ? d : QUPIYA_DATA_DIR;
}

static void
world_cleanup(void)
{
	char path[256];

	audit_log_free(W.app.audit);
	store_close(W.app.store);
	json_decref(W.app.catalog);
	i18n_free(W.app.i18n);
	crypto_keys_free(W.keys);
	unlink(W.db);
	unlink(W.key);
	snprintf(path, sizeof path, "%s-wal", W.db);
	unlink(path);
	snprintf(path, sizeof path, "%s-shm", W.db);
	unlink(path);
	rmdir(W.dir);
}

/* The administrator, straight into the store (as `qupiya init`). */
static void
admin_create(void)
{
	struct store_tx *tx = NULL;
	struct store_user u;
	struct qerr e = {0};

	memset(&u, 0, sizeof u);
	store_id_new("user", u.id);
	snprintf(u.login, sizeof u.login, "admin");
	snprintf(u.roles, sizeof u.roles, "admin");
	NEED(crypto_pw_hash(u.pwhash, FUZZ_PASSWORD, strlen(FUZZ_PASSWORD)) == 0, "pw hash");
	NEED(store_begin(W.app.store, true, &tx, &e) == 0, "setup: begin");
	NEED(store_user_insert(tx, &u, &e) == 0, "setup: admin");
	NEED(store_commit(tx, &e) == 0, "setup: commit");
	snprintf(W.login[WHO_ADMIN], sizeof W.login[0], "admin");
	id_remember(u.id);
}

/* The user of slot who (person_id may be NULL), logged in. */
static void
user_make(int who, const char *person_id)
{
	const char *role = who == WHO_OTHER ? "security_officer" : who_names[who];
	unsigned bit = role_from_name(role);
	const char *org = who == WHO_OTHER ? W.org2 : W.org;
	char id[STORE_ID_MAX];
	json_t *b;

	snprintf(W.login[who], sizeof W.login[0], "fz_%s", who_names[who]);
	b = json_pack("{s:s, s:s, s:[s]}", "login", W.login[who], "password", FUZZ_PASSWORD,
	              "roles", role);
	if (!(bit & (ROLE_CROSS_ORG | ROLE_CITIZEN)))
		json_object_set_new(b, "org_id", json_string(org));
	if (person_id != NULL && person_id[0] != '\0')
		json_object_set_new(b, "person_id", json_string(person_id));
	NEED(setup_post("/v1/users", WHO_ADMIN, b, id, 201) != NULL, "setup: user");
	login(who);
	NEED(W.token[who][0] != '\0', "setup: login");
}

/* Every role but the two that need a person (classifier, employee). */
static void
world_users(void)
{
	for (int who = WHO_FIRST_ROLE; who < WHO_N; who++)
		if (who != WHO_CLASSIFIER && who != WHO_EMPLOYEE)
			user_make(who, NULL);
}

/* The rest of the world; steps past the users are best effort (other
 * issues change those endpoints), reported but not fatal. */
static void
world_things(void)
{
	char ident[13], id[STORE_ID_MAX], person[2][STORE_ID_MAX] = {"", ""};
	char list[STORE_ID_MAX] = "", item[STORE_ID_MAX] = "", info[STORE_ID_MAX] = "";
	char carrier[STORE_ID_MAX] = "", path[FUZZ_PATH_MAX];

	snprintf(path, sizeof path, "/v1/orgs/%s/permits", W.org);
	setup_post(path, WHO_NSC,
	           json_pack("{s:s, s:s, s:s, s:s}", "degree", "top_secret", "number",
	                     "P-1", "issued_on", "2024-01-01", "valid_until", "2027-01-01"),
	           id, 201);
	for (unsigned k = 0; k < 2; k++) {
		make_ident(300 + k, ident);
		setup_post("/v1/persons", WHO_SO,
		           json_pack("{s:s, s:s, s:s, s:s, s:s}", "iin", ident, "full_name",
		                     "Person", "citizenship", "KZ", "org_id", W.org, "position",
		                     "analyst"),
		           person[k], 201);
	}
	/* person 0: a classifying official, cleared for top secret */
	user_make(WHO_CLASSIFIER, person[0]);
	user_make(WHO_EMPLOYEE, person[1]);
	if (person[0][0] != '\0') {
		setup_post("/v1/classifiers", WHO_ADMIN,
		           json_pack("{s:s, s:s}", "person_id", person[0], "org_id", W.org), id,
		           201);
		snprintf(path, sizeof path, "/v1/persons/%s/clearances", person[0]);
		if (setup_post(path, WHO_SO, json_pack("{s:s}", "form", "top_secret"), id,
		               201) != NULL) {
			/* Art. 29.1: the five prerequisites come before the decision. */
			snprintf(path, sizeof path, "/v1/clearances/%s/prerequisites", id);
			setup_post(path, WHO_SO,
			           json_pack("{s:s, s:s, s:s, s:s, s:s}", "commitment_on", "2024-01-10",
			                     "consent_restrictions_on", "2024-01-10",
			                     "consent_verification_on", "2024-01-10",
			                     "familiarized_on", "2024-01-10", "verification", "passed"),
			           NULL, 200);
			snprintf(path, sizeof path, "/v1/clearances/%s/decision", id);
			setup_post(path, WHO_HEAD,
			           json_pack("{s:s, s:s}", "decision", "grant", "contract_number",
			                     "C-1"), NULL, 200);
		}
	}
	if (setup_post("/v1/lists", WHO_SO,
	               json_pack("{s:s, s:s}", "org_id", W.org, "title", "List"), list,
	               201) != NULL) {
		snprintf(path, sizeof path, "/v1/lists/%s/items", list);
		setup_post(path, WHO_SO,
		           json_pack("{s:s, s:s, s:s, s:s}", "code", "1", "text", "item",
		                     "degree", "top_secret", "basis", "11.1"), item, 201);
		snprintf(path, sizeof path, "/v1/lists/%s/approve", list);
		setup_post(path, WHO_HEAD, json_pack("{s:s}", "effective_date", "2024-03-15"),
		           NULL, 200);
	}
	if (item[0] != '\0')
		setup_post("/v1/information", WHO_CLASSIFIER,
		           json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "title", "Info", "org_id",
		                     W.org, "list_item_id", item, "degree", "top_secret",
		                     "classified_on", "2024-05-10", "declassify_on", "2034-05-10"),
		           info, 201);
	if (info[0] != '\0')
		setup_post("/v1/carriers", WHO_SO,
		           json_pack("{s:s, s:s, s:s, s:s, s:s, s:[s], s:i, s:i}", "org_id", W.org,
		                     "account_number", "ACC-1", "kind", "paper", "title", "Report",
		                     "label", "top_secret", "information_ids", info, "copies", 2,
		                     "sheets", 10),
		           carrier, 201);
	if (carrier[0] != '\0' && person[0][0] != '\0')
		setup_post("/v1/grants", WHO_HEAD,
		           json_pack("{s:s, s:s, s:s}", "person_id", person[0], "carrier_id",
		                     carrier, "until", "2026-12-31"), id, 201);
}

static void
world_build(void)
{
	char err[512], path[FUZZ_PATH_MAX], ident[13];
	struct qerr e = {0};
	json_error_t jerr;
	size_t ntables;
	const struct route *const *tables = http_route_tables(&ntables);

	W.verbose = getenv("QUPIYA_FUZZ_VERBOSE") != NULL;
	NEED(crypto_init() == 0, "setup: libsodium");
	snprintf(W.dir, sizeof W.dir, "/tmp/qupiya-fuzz-XXXXXX");
	NEED(mkdtemp(W.dir) != NULL, "setup: mkdtemp");
	snprintf(W.db, sizeof W.db, "%s/q.db", W.dir);
	snprintf(W.key, sizeof W.key, "%s/q.db.key", W.dir);
	W.keys = crypto_keys_create(W.key, err, sizeof err);
	NEED(W.keys != NULL, "setup: keys");
	W.app.keys = W.keys;
	W.app.fixed_today = date_from_ymd(FUZZ_TODAY_Y, FUZZ_TODAY_M, FUZZ_TODAY_D);
	W.app.data_dir = data_dir();
	snprintf(path, sizeof path, "%s/messages", W.app.data_dir);
	W.app.i18n = i18n_load(path, err, sizeof err);
	if (W.app.i18n == NULL)
		fprintf(stderr, "fuzz_http_request: %s\n", err);
	NEED(W.app.i18n != NULL, "setup: messages");
	snprintf(path, sizeof path, "%s/catalog.json", W.app.data_dir);
	W.app.catalog = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	NEED(W.app.catalog != NULL, "setup: catalog");
	NEED(store_open(W.db, STORE_OPEN_CREATE, &W.app.store, &e) == 0, "setup: store");
	W.app.audit = audit_log_new(W.keys, W.app.fixed_today);
	NEED(W.app.audit != NULL, "setup: audit log");
	atexit(world_cleanup);

	for (size_t t = 0; t < ntables; t++)
		for (const struct route *rt = tables[t]; rt->fn != NULL; rt++)
			if (W.nroutes < FUZZ_ROUTES_MAX)
				W.routes[W.nroutes++] = rt;
	NEED(W.nroutes > 0, "setup: no routes");

	/* A token no session holds, of the right length. */
	crypto_token_new(W.token[WHO_BAD]);
	admin_create();
	login(WHO_ADMIN);
	NEED(W.token[WHO_ADMIN][0] != '\0', "setup: admin login");
	make_ident(100, ident);
	NEED(setup_post("/v1/orgs", WHO_ADMIN,
	                json_pack("{s:s, s:s, s:s, s:s}", "name", "Ministry", "bin", ident,
	                          "kind", "state_body", "city", "Astana"), W.org, 201) != NULL,
	     "setup: org");
	make_ident(200, ident);
	NEED(setup_post("/v1/orgs", WHO_ADMIN,
	                json_pack("{s:s, s:s, s:s}", "name", "Other", "bin", ident, "kind",
	                          "organization"), W.org2, 201) != NULL, "setup: org2");
	world_users();
	world_things();
	W.ready = true;
}

/* ---- decoding ------------------------------------------------------------- */

static const char *const langs[4] = {"en", "ru", "kk", "en"};

/* Methods, for bit 6 of flags: one no route of the path takes. */
static const char *
other_method(const char *m)
{
	return strcmp(m, "PATCH") == 0 ? "OPTIONS" : "PATCH";
}

static void
run_binary(const uint8_t *data, size_t size)
{
	const struct route *rt;
	char path[FUZZ_PATH_MAX];
	size_t p = 3, n = 0, qlen;
	const char *pat;
	uint8_t flags;
	int who;

	if (size < 3)
		return;
	rt = W.routes[data[0] % W.nroutes];
	who = data[1] % WHO_N;
	flags = data[2];
	for (pat = rt->pattern; *pat != '\0' && n + 1 < sizeof path;) {
		if (pat[0] == '{' && pat[1] == '}') {
			uint8_t b = p < size ? data[p++] : 0;
			const char *seg = "x";
			size_t len = 1;

			if (b < PARAM_RAW && W.nids > 0) {
				seg = W.ids[b % W.nids];
				len = strlen(seg);
			} else if (b >= PARAM_RAW) {
				len = (size_t)(b - PARAM_RAW);
				if (len > size - p)
					len = size - p;
				seg = (const char *)data + p;
				p += len;
			}
			for (size_t i = 0; i < len && n + 1 < sizeof path; i++)
				path[n++] = seg[i] != '\0' ? seg[i] : '0';   /* C strings stop at NUL */
			pat += 2;
			continue;
		}
		path[n++] = *pat++;
	}
	path[n] = '\0';
	qlen = p < size ? data[p++] : 0;
	if (qlen > size - p)
		qlen = size - p;
	if (W.token[who][0] == '\0' && who >= WHO_ADMIN)
		login(who);
	request(flags & 0x40 ? other_method(rt->method) : rt->method, path,
	        (const char *)data + p, qlen, who, langs[flags & 3], (flags >> 3) & 7,
	        (flags & 4) != 0, (const char *)data + p + qlen, size - p - qlen, NULL);
}

/* Copies s into out (size outsz) with each {kind} made the newest id of
 * that kind; a {...} that names no known kind stays as it is. */
static size_t
expand_ids(const char *s, size_t len, char *out, size_t outsz)
{
	size_t n = 0;

	for (size_t i = 0; i < len && n + 1 < outsz;) {
		size_t k = i + 1;

		if (s[i] == '{') {
			while (k < len && k - i < 32 && ((s[k] >= 'a' && s[k] <= 'z') || s[k] == '_'))
				k++;
			if (k < len && s[k] == '}' && k > i + 1) {
				char kind[32];
				const char *id;

				memcpy(kind, s + i + 1, k - i - 1);
				kind[k - i - 1] = '\0';
				id = id_of_kind(kind);
				if (id != NULL && n + strlen(id) + 1 < outsz) {
					memcpy(out + n, id, strlen(id));
					n += strlen(id);
					i = k + 1;
					continue;
				}
			}
		}
		out[n++] = s[i++];
	}
	out[n] = '\0';
	return n;
}

/* "=WHO METHOD PATH[?QUERY]\n" BODY, ids expanded in all three */
static void
run_named(const uint8_t *data, size_t size)
{
	char line[NAMED_LINE_MAX], path[FUZZ_PATH_MAX], *who_s, *method, *target, *q;
	char *body = NULL;
	const uint8_t *nl = memchr(data, '\n', size);
	size_t len = nl ? (size_t)(nl - data) : size, n, blen;
	int who = -1;

	if (len >= sizeof line)
		return;
	memcpy(line, data + 1, len - 1);
	line[len - 1] = '\0';
	if (memchr(line, '\0', len - 1) != NULL)
		return;
	who_s = line;
	method = strchr(who_s, ' ');
	target = method ? strchr(method + 1, ' ') : NULL;
	if (target == NULL)
		return;
	*method++ = '\0';
	*target++ = '\0';
	for (int i = 0; i < WHO_N; i++)
		if (strcmp(who_s, who_names[i]) == 0)
			who = i;
	if (who < 0)
		return;
	n = expand_ids(target, strlen(target), path, sizeof path);
	q = memchr(path, '?', n);
	if (q != NULL)
		*q++ = '\0';
	blen = 0;
	if (nl != NULL) {
		/* an id is at most 13 times its "{k}" */
		size_t cap = 13 * (size - len) + 64;

		body = malloc(cap);
		NEED(body != NULL, "out of memory");
		blen = expand_ids((const char *)nl + 1, size - len - 1, body, cap);
	}
	if (W.token[who][0] == '\0' && who >= WHO_ADMIN)
		login(who);
	request(method, path, q, q ? strlen(q) : 0, who, "en", 2, false, body ? body : "", blen,
	        NULL);
	free(body);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!W.ready)
		world_build();
	if (size > 0 && data[0] == '=')
		run_named(data, size);
	else
		run_binary(data, size);
	return 0;
}
