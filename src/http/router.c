/*
 * router.c — from a received request to an answer: route match, 401, 403,
 * handler, error mapping. The same short path for every endpoint.
 *
 * Error precedence (SPEC.md §5): unknown path 404, then 401 (authentication),
 * then 403 (role), then whatever the handler finds in its own order: 404 ids,
 * 400 body, 409 workflow, 422 rules. A 422 refusal is appended to the audit
 * log (its own transaction) with the code that refused it.
 *
 * A handler whose transaction the store reports as a transient conflict
 * (409 "conflict": PostgreSQL aborted it for serialization or a deadlock,
 * or a row's version changed under it) is run again whole, up to
 * OPS_RETRY_MAX times (ops.h RETRIES); nothing of the aborted attempt
 * stays (its audit entry included), and the user sees only the last
 * attempt's answer. Not a streamed upload (its body is read once).
 */
#include "http/http.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/roles.h"
#include "http/auth.h"
#include "http/i18n.h"
#include "http/util.h"
#include "ops/ops.h"

static const struct route *const tables[] = {
	h_misc_routes, h_session_routes, h_users_routes, h_accounts_routes, h_print_routes, h_orgs_routes,
	h_persons_routes, h_audit_routes, h_classify_routes, h_carriers_routes,
	h_access_routes, h_content_routes, h_clearances_routes,
	h_trips_routes, h_grounds_routes, h_incidents_routes, h_declassify_routes,
	h_requests_routes, h_deadlines_routes, h_transfers_routes, h_joint_works_routes,
	h_foreign_routes, h_emergency_routes, h_me_routes, h_audit_view_routes,
	h_witness_routes, h_import_routes,
};

/* Matches path against pattern; "{}" captures one non-empty segment. */
static bool
match(const char *pattern, const char *path, struct req *r)
{
	int n = 0;

	while (*pattern != '\0' && *path != '\0') {
		if (pattern[0] == '{' && pattern[1] == '}') {
			size_t len = strcspn(path, "/");
			if (len == 0 || len >= sizeof r->params[0] || n >= HTTP_PARAMS_MAX)
				return false;
			memcpy(r->params[n], path, len);
			r->params[n][len] = '\0';
			n++;
			path += len;
			pattern += 2;
			continue;
		}
		if (*pattern != *path)
			return false;
		pattern++;
		path++;
	}
	if (*pattern != '\0' || *path != '\0')
		return false;
	r->nparams = n;
	return true;
}

/* GET and HEAD read; every other method writes. */
static bool
method_reads(const char *method)
{
	return strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
}

/* The rule of a read-only node (serve --read-only, a hot standby): a route
 * writes when its method does (every method but GET and HEAD) or when it
 * is an audited read (ROUTE_AUDITED_READ: content, export, checkpoint).
 * Such a route answers 503 "read_only" there, after authentication (401)
 * and before the role check (a login, public, writes its session). The rest read only: a 422 refusal among them
 * would have to be recorded, so it too answers 503 there (route_run); the
 * store refuses any write transaction besides (STORE_OPEN_READ_ONLY). */
static bool
route_writes(const struct route *rt)
{
	return !method_reads(rt->method) || (rt->flags & ROUTE_AUDITED_READ) != 0;
}

/* ROUTE LOOKUP. The routes are grouped once by their key, the pattern up
 * to its third '/' ("/v1/access"); a request's path is matched only
 * against the group of its own key (binary search over the keys), in the
 * tables' order, so the first match is the same route a scan of every
 * table finds. A pattern whose key holds "{}" (none today) would join
 * every group and the group of unknown keys. */
#define ROUTE_GROUPS_MAX 128

struct route_group {
	char key[48];
	size_t n;
	const struct route **rt;
};

static struct {
	pthread_once_t once;
	size_t n;                   /* groups; the last holds the wildcards only */
	struct route_group g[ROUTE_GROUPS_MAX + 1];
	bool ok;
} groups = {.once = PTHREAD_ONCE_INIT};

/* The length of s's key: up to its third '/', or all of it. */
static size_t
key_len(const char *s)
{
	size_t i = 0;

	for (int slashes = 0; s[i] != '\0'; i++)
		if (s[i] == '/' && ++slashes == 3)
			break;
	return i;
}

static bool
key_wild(const char *pattern)
{
	const char *w = strstr(pattern, "{}");

	return w != NULL && (size_t)(w - pattern) < key_len(pattern);
}

static int
group_cmp(const void *a, const void *b)
{
	return strcmp(((const struct route_group *)a)->key, ((const struct route_group *)b)->key);
}

static struct route_group *
group_of(const char *path, size_t len)
{
	size_t lo = 0, hi = groups.n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strncmp(groups.g[mid].key, path, len);

		if (c == 0 && groups.g[mid].key[len] != '\0')
			c = 1;
		if (c == 0)
			return &groups.g[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Adds rt to group k (count only when k->rt is NULL). */
static void
group_add(struct route_group *k, const struct route *rt)
{
	if (k->rt != NULL)
		k->rt[k->n] = rt;
	k->n++;
}

static void
groups_build(void)
{
	/* the keys */
	for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
		for (const struct route *rt = tables[t]; rt->fn != NULL; rt++) {
			size_t len = key_len(rt->pattern);

			if (key_wild(rt->pattern) || group_of(rt->pattern, len) != NULL)
				continue;
			if (groups.n == ROUTE_GROUPS_MAX || len >= sizeof groups.g[0].key)
				return;         /* groups.ok stays false: the plain scan */
			memcpy(groups.g[groups.n].key, rt->pattern, len);
			groups.g[groups.n].key[len] = '\0';
			groups.n++;
			qsort(groups.g, groups.n, sizeof groups.g[0], group_cmp);
		}
	}
	/* counted, then filled, in the tables' order */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i <= groups.n; i++) {
			if (pass == 1 && (groups.g[i].rt = calloc(groups.g[i].n + 1,
			                                          sizeof *groups.g[i].rt)) == NULL)
				return;
			groups.g[i].n = 0;
		}
		for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
			for (const struct route *rt = tables[t]; rt->fn != NULL; rt++) {
				if (!key_wild(rt->pattern)) {
					group_add(group_of(rt->pattern, key_len(rt->pattern)), rt);
					continue;
				}
				for (size_t i = 0; i <= groups.n; i++)
					group_add(&groups.g[i], rt);
			}
		}
	}
	groups.ok = true;
}

/* Finds the route; *path_known tells whether the path exists for another
 * method (405 rather than 404). */
static const struct route *
route_find(struct req *r, bool *path_known)
{
	const struct route_group *k;

	*path_known = false;
	pthread_once(&groups.once, groups_build);
	if (!groups.ok) {
		for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
			for (const struct route *rt = tables[t]; rt->fn != NULL; rt++) {
				if (!match(rt->pattern, r->path, r))
					continue;
				if (strcmp(rt->method, r->method) == 0)
					return rt;
				*path_known = true;
			}
		}
		return NULL;
	}
	k = group_of(r->path, key_len(r->path));
	if (k == NULL)
		k = &groups.g[groups.n];
	for (size_t i = 0; i < k->n; i++) {
		if (!match(k->rt[i]->pattern, r->path, r))
			continue;
		if (strcmp(k->rt[i]->method, r->method) == 0)
			return k->rt[i];
		*path_known = true;
	}
	return NULL;
}

static int
status_of(const struct qerr *e)
{
	switch (e->status) {
	case QERR_INPUT: case QERR_TOO_LARGE:
		return 400;
	case QERR_AUTH: case QERR_FORBIDDEN: case QERR_NOT_FOUND: case QERR_CONFLICT:
	case QERR_RULE: case QERR_THROTTLED: case QERR_UNAVAILABLE: case 405:
	case HTTP_STATUS_UNSUPPORTED_MEDIA:
		return e->status;
	default:
		return 500;
	}
}

void
http_error_answer(struct req *r, struct resp *out, struct qerr *e)
{
	char msg[512];
	json_t *err;

	out->status = status_of(e);
	if (out->status == 500) {
		/* Environment errors: logged once here, never detailed to clients. */
		fprintf(stderr, "qupiya: %s %s: internal error: %s\n", r->method, r->path,
		        e->detail);
		q_strlcpy(e->code, "internal", sizeof e->code);
		e->field[0] = '\0';
		e->article[0] = '\0';
	}
	if (out->status == 503 && strcmp(e->code, "storage_unavailable") == 0) {
		/* A full or failing disk: the operator must hear of it, the
		 * client only that nothing was written. */
		fprintf(stderr, "qupiya: %s %s: storage unavailable: %s\n", r->method, r->path,
		        e->detail);
		e->detail[0] = '\0';
	}
	i18n_format(r->app->i18n, r->lang, e, msg, sizeof msg);
	err = json_pack("{s:s, s:s?, s:s, s:s?}", "code", e->code, "article",
	                e->article[0] ? e->article : NULL, "message", msg, "field",
	                e->field[0] ? e->field : NULL);
	if (err != NULL && e->detail[0] != '\0' && out->status != 500) {
		/* kk/ru get the detail only when the catalogue translates it. */
		char dbuf[512];
		const char *dt = i18n_detail_of(r->app->i18n, r->lang, e, dbuf, sizeof dbuf);

		if (dt != NULL)
			json_object_set_new(err, "detail", json_string(dt));
	}
	/* A read-only node names the read-write one (serve --primary-url). */
	if (err != NULL && out->status == 503 && strcmp(e->code, "read_only") == 0 &&
	    r->app->primary_url != NULL)
		json_object_set_new(err, "primary", json_string(r->app->primary_url));
	json_decref(out->json);
	out->json = json_pack("{s:o}", "error", err ? err : json_object());
}

/* A refusal by a rule of the Law is itself a fact to keep. 0 when recorded;
 * -1 when its entry could not be written (the refusal is then not answered
 * as a refusal: http_dispatch answers 503). */
static int
audit_refusal(struct req *r, const struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct qerr ae = {0};
	char action[160];
	struct audit_event ev = {0};

	if (e->audited)   /* recorded by its procedure (ops_refuse) */
		return 0;
	snprintf(action, sizeof action, "%s %s", r->method, r->path);
	ev.actor = r->authed ? r->user.id : "anonymous";
	ev.action = action;
	ev.object = r->nparams > 0 ? r->params[0] : NULL;
	ev.outcome = "refused";
	ev.code = e->code;
	ev.article = e->article[0] ? e->article : NULL;
	ev.address = r->addr;
	ev.effective_date = r->today;
	/* The untranslated detail stays in the log (the answer may omit it). */
	if (e->detail[0] != '\0')
		ev.details = json_pack("{s:s}", "detail", e->detail);
	if (store_begin(r->app->store, true, &tx, &ae) != 0)
		goto fail;
	if (audit_append(r->app->audit, tx, &ev, NULL, &ae) != 0) {
		store_rollback(tx);
		goto fail;
	}
	if (store_commit(tx, &ae) != 0)   /* frees tx either way */
		goto fail;
	json_decref(ev.details);
	return 0;
fail:
	json_decref(ev.details);
	fprintf(stderr, "qupiya: %s %s: audit of refusal %s failed: %s\n", r->method,
	        r->path, e->code, ae.detail);
	return -1;
}

/* password_change_required: the routes a session of an account whose
 * password was reset to a one-time one may use before changing it. */
static bool
route_open_before_change(const struct route *rt)
{
	return (strcmp(rt->method, "POST") == 0 && strcmp(rt->pattern, "/v1/me/password") == 0) ||
	       (strcmp(rt->method, "DELETE") == 0 && strcmp(rt->pattern, "/v1/session") == 0) ||
	       (strcmp(rt->method, "GET") == 0 && strcmp(rt->pattern, "/v1/me") == 0);
}

static void route_run(struct req *r, const struct route *rt, struct resp *out);

void
http_dispatch(struct req *r, struct resp *out)
{
	struct qerr e = {0};
	bool path_known;
	const struct route *rt;

	auth_client_addr(r);   /* behind a --trusted-proxy: the client's address */
	rt = route_find(r, &path_known);
	r->want_audit_size = rt != NULL && (rt->flags & ROUTE_AUDIT_SIZE) != 0;

	if (rt == NULL) {
		if (path_known)
			qerr_set(&e, 405, "method_not_allowed", NULL, NULL);
		else
			qerr_set(&e, QERR_NOT_FOUND, "not_found", NULL, NULL);
		http_error_answer(r, out, &e);
		return;
	}
	if (!(rt->flags & ROUTE_PUBLIC)) {
		if (auth_resolve(r, &e) != 0) {
			http_error_answer(r, out, &e);
			return;
		}
		/* After a reset to a one-time password only the change, the
		 * session's end and the caller's own account are open. */
		if (r->user.must_change_password && !route_open_before_change(rt)) {
			qerr_set(&e, QERR_FORBIDDEN, "password_change_required", NULL, NULL);
			http_error_answer(r, out, &e);
			return;
		}
	}
	route_run(r, rt, out);
}

void
http_dispatch_as(struct req *r, const struct http_user *u, struct resp *out)
{
	struct qerr e = {0};
	bool path_known;
	const struct route *rt = route_find(r, &path_known);

	if (rt == NULL) {
		qerr_set(&e, path_known ? 405 : QERR_NOT_FOUND,
		         path_known ? "method_not_allowed" : "not_found", NULL, NULL);
		http_error_answer(r, out, &e);
		return;
	}
	r->user = *u;
	r->authed = true;
	route_run(r, rt, out);
}

/* After authentication: the role check (403), the handler, its answer. */
static void
route_run(struct req *r, const struct route *rt, struct resp *out)
{
	struct qerr e = {0};

	if (r->app->read_only && route_writes(rt)) {
		qerr_set(&e, QERR_UNAVAILABLE, "read_only", NULL, NULL);
		http_error_answer(r, out, &e);
		return;
	}
	if (!(rt->flags & ROUTE_PUBLIC)) {
		if ((r->user.roles & rt->roles) == 0) {
			qerr_set(&e, QERR_FORBIDDEN, "forbidden_role", NULL, NULL);
			http_error_answer(r, out, &e);
			return;
		}
		/* Each role carries its own scope: only the roles this route
		 * permits, and a cross-organization scope only from a role
		 * whose own act this is (an auditor's only for reads). */
		r->acting_roles = roles_acting(r->user.roles, rt->roles);
		r->cross_org = roles_scope_cross_org(r->user.roles, rt->roles,
		                                     !method_reads(r->method));
	}
	for (int attempt = 1;; attempt++) {
		out->status = 200;
		if (rt->fn(r, out, &e) == 0)
			return;
		if (attempt == OPS_RETRY_MAX || (rt->flags & ROUTE_RAW_BODY) ||
		    e.status != QERR_CONFLICT || strcmp(e.code, "conflict") != 0)
			break;
		qerr_clear(&e);
		json_decref(out->json);
		out->json = NULL;
		free(out->raw);
		out->raw = NULL;
		out->raw_len = 0;
	}
	if (e.status == 0)
		qerr_internal(&e, "handler failed without a reason");
	/* One refusal path: a 422 is answered only once it is recorded;
	 * otherwise 503, never a refusal the log does not hold (a
	 * read-only node records nothing: the read-write one will). */
	if (e.status == QERR_RULE && !e.audited && r->app->read_only)
		qerr_set(&e, QERR_UNAVAILABLE, "read_only", NULL, NULL);
	else if (e.status == QERR_RULE && audit_refusal(r, &e) != 0)
		qerr_set(&e, QERR_UNAVAILABLE, "audit_unavailable", NULL, NULL);
	http_error_answer(r, out, &e);
}

unsigned
http_route_flags(const char *method, const char *path)
{
	unsigned flags = 0;

	(void)http_route_lookup(method, path, &flags);
	return flags;
}

bool
http_route_lookup(const char *method, const char *path, unsigned *flags)
{
	struct req r;
	bool path_known;
	const struct route *rt;

	memset(&r, 0, sizeof r);
	r.method = method;
	r.path = path;
	rt = route_find(&r, &path_known);
	*flags = rt != NULL ? rt->flags : 0;
	return rt != NULL;
}

const struct route *const *
http_route_tables(size_t *n)
{
	*n = sizeof tables / sizeof tables[0];
	return tables;
}

/* From MHD; or, without a connection (in-process tests), from r->query:
 * the first pair "name=..." wins, as with MHD. */
const char *
http_query(const struct req *r, const char *name)
{
	const char *p, *end, *z;
	size_t nlen;

	if (r->conn != NULL)
		return http_conn_query(r->conn, name);
	if (r->query == NULL)
		return NULL;
	nlen = strlen(name);
	end = r->query + r->query_len;
	for (p = r->query; p < end; p = z + 1) {
		z = memchr(p, '\0', (size_t)(end - p));
		if (z == NULL)
			break;   /* an unterminated last pair is ignored */
		if ((size_t)(z - p) > nlen && memcmp(p, name, nlen) == 0 && p[nlen] == '=')
			return p + nlen + 1;
	}
	return NULL;
}
