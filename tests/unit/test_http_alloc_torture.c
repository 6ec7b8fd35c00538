/*
 * test_http_alloc_torture.c — allocation-failure loop (issue 11,
 * deliverable 4), in the manner of SQLite's and curl's torture tests, over
 * one write procedure: registering an organization (POST /v1/orgs) through
 * the whole in-process request path (http_dispatch, as server.c and
 * tests/fuzz/fuzz_http_request.c call it).
 *
 * For N = 1, 2, ... the Nth allocation of the step fails (core/alloc.h);
 * every allocator of the process is hooked: jansson (json_set_alloc_funcs),
 * SQLite (SQLITE_CONFIG_MALLOC) and qupiya's own malloc/calloc/realloc/
 * strdup (the linker's --wrap, tests/CMakeLists.txt). Each run must end
 * either in 201 with the organization and exactly one audit entry stored,
 * or in a clean error (5xx with an error object, or none when even that
 * could not be built) with nothing stored: no organization, no audit
 * entry. After every run `audit_verify` must pass. The loop ends at the
 * first N the step no longer reaches (the step succeeded untouched).
 *
 * Under ASan (make test) every run is also checked for leaks and memory
 * errors. QUPIYA_TORTURE_MAX caps N (default 100000).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/auditlog.h"
#include "crypto/crypto.h"
#include "http/http.h"
#include "http/i18n.h"
#include "store/store.h"
#include "store/tables_org.h"
#include "tap.h"
#include "torture.h"

/* ---- a world: database, keys, catalogues, an administrator ------------- */

static struct app app;
static struct crypto_keys *keys;
static char dir[256], db[300], token[CRYPTO_TOKEN_STR];

static int
dispatch(const char *method, const char *path, const char *body, bool with_token,
         struct resp *out)
{
	struct req r;
	char *b = NULL;

	memset(&r, 0, sizeof r);
	memset(out, 0, sizeof *out);
	out->fd = -1;
	r.app = &app;
	r.method = method;
	r.path = path;
	r.lang = "en";
	r.today = app.fixed_today;
	r.effective_date = r.today;
	snprintf(r.addr, sizeof r.addr, "10.0.0.1");
	r.bearer = with_token ? token : NULL;
	if (body != NULL) {
		b = __real_strdup(body);
		if (b == NULL)
			return -1;
		r.body = b;
		r.body_len = strlen(b);
	}
	http_dispatch(&r, out);
	json_decref(r.json);
	free(b);
	return out->status;
}

static void
resp_free(struct resp *out)
{
	json_decref(out->json);
	free(out->raw);
	out->json = NULL;
	out->raw = NULL;
}

static int
world_build(void)
{
	char err[512], path[600];
	struct store_tx *tx = NULL;
	struct store_user u;
	struct qerr e = {0};
	json_error_t jerr;
	struct resp out;
	const char *data = getenv("QUPIYA_DATA");

	if (data == NULL)
		data = QUPIYA_DATA_DIR;
	snprintf(dir, sizeof dir, "%s/qupiya-torture-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(db, sizeof db, "%s/q.db", dir);
	keys = crypto_keys_create_dir(dir, err, sizeof err);
	if (keys == NULL) {
		fprintf(stderr, "keys: %s\n", err);
		return -1;
	}
	app.keys = keys;
	app.fixed_today = date_from_ymd(2025, 6, 2);
	app.data_dir = data;
	snprintf(path, sizeof path, "%s/messages", data);
	app.i18n = i18n_load(path, err, sizeof err);
	snprintf(path, sizeof path, "%s/catalog.json", data);
	app.catalog = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (app.i18n == NULL || app.catalog == NULL ||
	    store_open(db, STORE_OPEN_CREATE, &app.store, &e) != 0)
		return -1;
	app.audit = audit_log_new(keys, app.fixed_today);
	memset(&u, 0, sizeof u);
	store_id_new("user", u.id);
	q_strlcpy(u.login, "admin", sizeof u.login);
	q_strlcpy(u.roles, "admin", sizeof u.roles);
	if (app.audit == NULL || crypto_pw_hash(u.pwhash, "torture-password", 16) != 0 ||
	    store_begin(app.store, true, &tx, &e) != 0 || store_user_insert(tx, &u, &e) != 0 ||
	    store_commit(tx, &e) != 0)
		return -1;
	if (dispatch("POST", "/v1/session",
	             "{\"login\":\"admin\",\"password\":\"torture-password\"}", false, &out) != 201) {
		resp_free(&out);
		return -1;
	}
	q_strlcpy(token, json_string_value(json_object_get(out.json, "token")), sizeof token);
	resp_free(&out);
	return 0;
}

static void
world_free(void)
{
	char cmd[400];

	audit_log_free(app.audit);
	store_close(app.store);
	json_decref(app.catalog);
	i18n_free(app.i18n);
	crypto_keys_free(keys);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

/* ---- what is stored ------------------------------------------------------ */

static int
counts(int64_t *orgs, int64_t *entries)
{
	struct store_tx *tx = NULL;
	struct qerr e = {0};
	int rc;

	if (store_begin(app.store, false, &tx, &e) != 0)
		return -1;
	*orgs = store_row_count(tx, &store_org_table, NULL, 0, &e);
	rc = *orgs >= 0 && store_audit_size(tx, entries, &e) == 0 ? 0 : -1;
	store_rollback(tx);
	return rc;
}

static int
verify(void)
{
	struct store_tx *tx = NULL;
	struct qerr e = {0};
	int rc;

	if (store_begin(app.store, false, &tx, &e) != 0)
		return -1;
	rc = audit_verify(tx, (const uint8_t (*)[32])keys->pks, keys->npk, NULL, NULL, NULL,
	                  NULL, &e);
	if (rc != 0)
		fprintf(stderr, "audit verify: %s %s\n", e.code, e.detail);
	store_rollback(tx);
	return rc;
}

/* A valid BIN (core/ident.h) from k, as fuzz_http_request makes them. */
static void
make_bin(unsigned k, char out[13])
{
	static const int w1[11] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
	static const int w2[11] = {3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2};

	for (unsigned base = k;; base++) {
		char d[12];
		int s = 0;

		snprintf(d, sizeof d, "%011u", base);
		for (int i = 0; i < 11; i++)
			s += (d[i] - '0') * w1[i];
		s %= 11;
		if (s == 10) {
			s = 0;
			for (int i = 0; i < 11; i++)
				s += (d[i] - '0') * w2[i];
			s %= 11;
		}
		if (s != 10) {
			memcpy(out, d, 11);
			out[11] = (char)('0' + s);
			out[12] = '\0';
			return;
		}
	}
}

int
main(void)
{
	long max = torture_max();
	long n, failures = 0;
	bool done = false;

	hooks_install();
	if (crypto_init() != 0 || world_build() != 0) {
		fprintf(stderr, "world: setup failed\n");
		return 1;
	}
	for (n = 1; n <= max && !done; n++) {
		char body[200], bin[13];
		int64_t orgs0, audit0, orgs1, audit1;
		struct resp out;
		int status;
		bool fired;

		make_bin(4000000 + (unsigned)n * 13, bin);
		snprintf(body, sizeof body,
		         "{\"name\":\"Torture %ld\",\"bin\":\"%s\",\"kind\":\"organization\"}", n, bin);
		if (counts(&orgs0, &audit0) != 0) {
			CHECK(!"counts before");
			break;
		}
		q_alloc_fail_at(n);
		status = dispatch("POST", "/v1/orgs", body, true, &out);
		fired = q_alloc_fired();
		q_alloc_fail_at(0);
		if (counts(&orgs1, &audit1) != 0) {
			CHECK(!"counts after");
			resp_free(&out);
			break;
		}
		if (status == 201) {
			/* Whole: the organization and its one audit entry. */
			if (orgs1 != orgs0 + 1 || audit1 != audit0 + 1) {
				fprintf(stderr, "N=%ld: 201 but orgs %lld->%lld, audit %lld->%lld\n", n,
				        (long long)orgs0, (long long)orgs1, (long long)audit0,
				        (long long)audit1);
				CHECK(!"201 stores the organization and one entry");
			}
			done = !fired;
		} else {
			json_t *err = json_object_get(out.json, "error");

			failures++;
			if (!fired || status < 500 ||
			    (out.json != NULL && !json_is_string(json_object_get(err, "code")))) {
				fprintf(stderr, "N=%ld: status %d (failure %s)\n", n, status,
				        fired ? "injected" : "not injected");
				CHECK(!"a failed step ends in a clean 5xx error");
			}
			if (orgs1 != orgs0 || audit1 != audit0) {
				fprintf(stderr, "N=%ld: %d but orgs %lld->%lld, audit %lld->%lld\n", n,
				        status, (long long)orgs0, (long long)orgs1, (long long)audit0,
				        (long long)audit1);
				CHECK(!"nothing partly stored");
			}
		}
		resp_free(&out);
		if (verify() != 0) {
			fprintf(stderr, "N=%ld: audit verify failed\n", n);
			CHECK(!"audit verify passes");
			break;
		}
		CHECK(true);
	}
	printf("torture: %ld runs, %ld ended in an error, %s\n", n - 1, failures,
	       done ? "then the step succeeded untouched" : "stopped before the end");
	CHECK(done);
	CHECK(failures > 0);
	world_free();
	return tap_done();
}
