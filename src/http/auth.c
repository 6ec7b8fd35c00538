/*
 * auth.c — bearer token resolution, the client's address behind a trusted
 * proxy, and login throttling with its audit.
 *
 * Throttling (issue 14). Counts live in the database (login_throttle, one
 * row per login key and address), so every node on one database shares
 * them; nothing is kept in the process.
 *   - A (login, address) pair's window opens at its first failure and lasts
 *     LOGIN_FAIL_WINDOW. After LOGIN_PAIR_MAX failures in it the pair is
 *     refused (429, Retry-After: the window's end) without the password
 *     being looked at. A success from the pair, or an officer's clear,
 *     closes the window.
 *   - Across addresses there is only a delay: a pair that has failed waits
 *     between attempts 1 to LOGIN_DELAY_MAX seconds, growing with the
 *     login's failures from every address (429 with that Retry-After). A
 *     pair without failures never waits and is never refused, so the right
 *     password from a new address works at once, whatever others tried.
 *   - An address's failures for other logins refuse nothing: one client
 *     behind a NAT or a proxy cannot lock out its neighbours. Guessing many
 *     logins from one address costs an Argon2id check per guess and is
 *     bounded per login by the pair rule.
 *   - Concurrency: an attempt is counted as a failure when it enters (in
 *     the same write transaction as the check), so parallel guesses cannot
 *     pass the limit; a success takes its count back.
 *   - An IPv6 client counts by its /64 (one host usually holds a whole
 *     /64), an IPv4 client by its address.
 *   - Unknown logins are counted and throttled like known ones (so a 429
 *     does not tell which logins exist), under a keyed hash of the name.
 *
 * Audit of failed logins: not one fsynced entry per attempt, but per pair
 * and window at most two. The first failure (or refusal) of a window is
 * appended at once (action session.create); later ones only update the
 * counts; the summary (session.failures, details first/last/count/
 * failures/refused) is appended when the window closes: on the pair's next
 * success, at the first attempt after it ran out (any attempt closes up to
 * THROTTLE_SWEEP such windows), or when cleared. A crash loses nothing but
 * the counts of still-open windows not yet summarised, and those are in the
 * database (committed with each attempt), so the summary comes after the
 * restart. A flood, however many logins and addresses it uses, gets at most
 * LOGIN_AUDIT_PER_MIN such entries a minute (login_budget, shared by the
 * nodes); what the cap dropped is one session.audit_dropped entry (dropped,
 * first, last) at the first entry of a later minute. Successful logins are
 * not capped.
 *
 * SECURITY: the token is untrusted; it is hashed before any lookup (so its
 * value never reaches SQL or logs) and compared only as a hash. Forwarding
 * headers are believed only from a configured trusted proxy, and only as
 * parsed IP addresses (printed back by inet_ntop).
 */
#include "http/auth.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include "core/roles.h"
#include "http/util.h"

int64_t
auth_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec;
}

json_t *
auth_user_json(const struct store_user *u)
{
	json_t *roles = json_array();
	unsigned set = 0;

	if (roles_parse_csv(u->roles, &set) == 0)
		for (unsigned i = 0; i < ROLE_COUNT; i++)
			if (set & (1u << i))
				json_array_append_new(roles, json_string(role_name(1u << i)));
	return json_pack("{s:s, s:s, s:o, s:s?, s:s?, s:b, s:b}", "id", u->id, "login",
	                 u->login, "roles", roles, "org_id", u->org_id[0] ? u->org_id : NULL,
	                 "person_id", u->person_id[0] ? u->person_id : NULL, "disabled",
	                 u->disabled, "must_change_password", u->must_change_password);
}

int
auth_resolve(struct req *r, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_session s;
	struct store_user u;
	struct qerr le = {0};
	int64_t now = auth_now();
	size_t n;

	if (r->bearer == NULL)
		return qerr_set(e, QERR_AUTH, "unauthenticated", NULL, NULL);
	n = strlen(r->bearer);
	if (n != CRYPTO_TOKEN_STR - 1)
		return qerr_set(e, QERR_AUTH, "invalid_token", NULL, NULL);
	crypto_token_hash(r->bearer, r->user.token_hash);
	if (store_begin(r->app->store, false, &tx, e) != 0)
		return -1;
	if (store_session_get(tx, r->user.token_hash, &s, &le) != 0 ||
	    store_user_get(tx, s.user_id, &u, &le) != 0) {
		store_rollback(tx);
		if (le.status == QERR_NOT_FOUND)
			return qerr_set(e, QERR_AUTH, "invalid_token", NULL, NULL);
		*e = le;
		return -1;
	}
	/* the database's state as this request finds it, for the access
	 * index (ROUTE_AUDIT_SIZE); unread, the index reads it itself */
	if (r->want_audit_size)
		r->audit_size_known = store_audit_size(tx, &r->audit_size, &le) == 0;
	store_rollback(tx);
	if (u.disabled || now - s.created >= SESSION_MAX_SECS ||
	    now - s.last_seen >= SESSION_IDLE_SECS)
		return qerr_set(e, QERR_AUTH, "invalid_token", NULL, NULL);
	if (roles_parse_csv(u.roles, &r->user.roles) != 0)
		r->user.roles = 0;
	q_strlcpy(r->user.id, u.id, sizeof r->user.id);
	q_strlcpy(r->user.login, u.login, sizeof r->user.login);
	q_strlcpy(r->user.org_id, u.org_id, sizeof r->user.org_id);
	q_strlcpy(r->user.person_id, u.person_id, sizeof r->user.person_id);
	r->user.must_change_password = u.must_change_password;
	r->authed = true;
	/* A read-only node (a hot standby) writes nothing: the session's
	 * idle time runs on from its last use on a read-write node. */
	if (!r->app->read_only && now - s.last_seen >= SESSION_TOUCH_SECS) {
		/* Persisting activity is not a domain write: not audited, and a
		 * failure here does not refuse the request. A reader never
		 * waits for the writer for it: when the write lock is taken,
		 * the next request touches the session instead. */
		if (store_begin_try(r->app->store, &tx, &le) == 0) {
			if (store_session_touch(tx, r->user.token_hash, now, &le) == 0)
				(void)store_commit(tx, &le);
			else
				store_rollback(tx);
		}
	}
	return 0;
}

/* ---- the client behind a trusted proxy --------------------------------- */

struct ip {
	int family;
	uint8_t b[16];
};

/* Parses an address as it appears in X-Forwarded-For or Forwarded for=:
 * optional quotes, "[v6]" with an optional ":port", "v4:port". */
static bool
ip_parse(const char *s, size_t len, struct ip *out)
{
	char buf[HTTP_ADDR_MAX];
	char *p = buf, *end;

	while (len > 0 && (*s == ' ' || *s == '\t' || *s == '"')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '"'))
		len--;
	if (len == 0 || len >= sizeof buf)
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (buf[0] == '[') {
		end = strchr(buf, ']');
		if (end == NULL || (end[1] != '\0' && end[1] != ':'))
			return false;
		*end = '\0';
		p = buf + 1;
	} else if (strchr(buf, ':') == strrchr(buf, ':') && strchr(buf, ':') != NULL) {
		*strchr(buf, ':') = '\0';   /* one colon: IPv4 with a port */
	}
	memset(out, 0, sizeof *out);
	if (inet_pton(AF_INET, p, out->b) == 1) {
		out->family = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, p, out->b) == 1) {
		out->family = AF_INET6;
		return true;
	}
	return false;
}

static bool
ip_trusted(const struct app *app, const struct ip *a)
{
	for (int i = 0; i < app->ntrusted_proxies; i++) {
		struct ip t;

		if (ip_parse(app->trusted_proxies[i], strlen(app->trusted_proxies[i]), &t) &&
		    t.family == a->family &&
		    memcmp(t.b, a->b, a->family == AF_INET ? 4 : 16) == 0)
			return true;
	}
	return false;
}

#define FWD_MAX 32

/* The entries of every header line of one name, in order (the last FWD_MAX). */
struct fwd {
	const char *name;
	bool forwarded;               /* RFC 7239: take for= of each element */
	bool seen;
	struct { const char *s; size_t len; } item[FWD_MAX];
	int n;
};

static void
fwd_add(struct fwd *f, const char *s, size_t len)
{
	if (f->forwarded) {
		/* element: pairs separated by ';', want for=... */
		const char *p = s, *end = s + len;
		const char *v = NULL;
		size_t vlen = 0;

		while (p < end) {
			const char *semi = memchr(p, ';', (size_t)(end - p));
			const char *pe = semi ? semi : end;

			while (p < pe && (*p == ' ' || *p == '\t'))
				p++;
			if (pe - p > 4 && strncasecmp(p, "for=", 4) == 0) {
				v = p + 4;
				vlen = (size_t)(pe - v);
			}
			p = semi ? semi + 1 : end;
		}
		s = v;
		len = vlen;
		if (s == NULL)
			s = "", len = 0;   /* an element without for=: not an address */
	}
	if (f->n == FWD_MAX) {
		memmove(&f->item[0], &f->item[1], sizeof f->item[0] * (FWD_MAX - 1));
		f->n--;
	}
	f->item[f->n].s = s;
	f->item[f->n].len = len;
	f->n++;
}

static enum MHD_Result
fwd_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct fwd *f = cls;
	const char *p = value;

	(void)kind;
	if (key == NULL || value == NULL || strcasecmp(key, f->name) != 0)
		return MHD_YES;
	f->seen = true;
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);

		fwd_add(f, p, len);
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	return MHD_YES;
}

void
auth_client_addr(struct req *r)
{
	struct fwd f;
	struct ip peer, ip;
	char buf[HTTP_ADDR_MAX];

	if (r->conn == NULL || r->app->ntrusted_proxies == 0 ||
	    !ip_parse(r->addr, strlen(r->addr), &peer) || !ip_trusted(r->app, &peer))
		return;
	memset(&f, 0, sizeof f);
	f.name = "Forwarded";
	f.forwarded = true;
	MHD_get_connection_values(r->conn, MHD_HEADER_KIND, fwd_header, &f);
	if (!f.seen) {
		memset(&f, 0, sizeof f);
		f.name = "X-Forwarded-For";
		MHD_get_connection_values(r->conn, MHD_HEADER_KIND, fwd_header, &f);
	}
	for (int i = f.n - 1; i >= 0; i--) {
		if (!ip_parse(f.item[i].s, f.item[i].len, &ip))
			return;   /* not an address (unknown, obfuscated): the proxy's stays */
		if (inet_ntop(ip.family, ip.b, buf, sizeof buf) == NULL)
			return;
		q_strlcpy(r->addr, buf, sizeof r->addr);
		if (!ip_trusted(r->app, &ip))
			return;
	}
}

/* ---- login throttling and its audit ------------------------------------ */

void
auth_login_key(const struct req *r, const char *login, const struct store_user *u,
               char out[STORE_REF_MAX])
{
	char h[CRYPTO_LOGIN_HASH_STR];

	if (u != NULL) {
		q_strlcpy(out, u->id, STORE_REF_MAX);
		return;
	}
	crypto_login_hash(r->app->keys, login, strlen(login), h);
	q_strlcpy(out, h, STORE_REF_MAX);
}

static bool
key_hashed(const char *login_key)
{
	return strncmp(login_key, "h:", 2) == 0;
}

void
auth_throttle_address(const char *addr, char out[HTTP_ADDR_MAX])
{
	struct ip ip;
	char buf[INET6_ADDRSTRLEN];

	q_strlcpy(out, addr, HTTP_ADDR_MAX);
	if (!ip_parse(addr, strlen(addr), &ip) || ip.family != AF_INET6 ||
	    (memcmp(ip.b, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12) == 0))
		return;
	memset(ip.b + 8, 0, 8);
	if (inet_ntop(AF_INET6, ip.b, buf, sizeof buf) != NULL)
		snprintf(out, HTTP_ADDR_MAX, "%s/64", buf);
}

/* Appends ev unless this minute's budget of failed-login entries is spent
 * (then counts it as dropped); the first entry of a later minute is preceded
 * by one summary of what was dropped. *written tells which. */
static int
audit_budgeted(struct req *r, struct store_tx *tx, const struct audit_event *ev,
               bool *written, struct qerr *e)
{
	struct store_login_budget b;
	int64_t now = auth_now();

	*written = false;
	if (store_login_budget_get(tx, &b, e) != 0)
		return -1;
	if (b.minute != now / 60) {
		if (b.dropped > 0) {
			json_t *d = json_pack("{s:I, s:I, s:I}", "dropped", (json_int_t)b.dropped,
			                      "first", (json_int_t)b.dropped_first, "last",
			                      (json_int_t)b.dropped_last);
			struct audit_event s = {
				.actor = "system",
				.action = "session.audit_dropped",
				.outcome = "ok",
				.effective_date = r->today,
				.details = d,
			};
			int rc = d == NULL ? qerr_internal(e, "out of memory")
			                   : audit_append(r->app->audit, tx, &s, NULL, e);

			json_decref(d);
			if (rc != 0)
				return -1;
		}
		memset(&b, 0, sizeof b);
		b.minute = now / 60;
	}
	if (b.used < LOGIN_AUDIT_PER_MIN) {
		if (audit_append(r->app->audit, tx, ev, NULL, e) != 0)
			return -1;
		b.used++;
		*written = true;
	} else {
		if (b.dropped == 0)
			b.dropped_first = now;
		b.dropped++;
		b.dropped_last = now;
	}
	return store_login_budget_put(tx, &b, e);
}

/* The audit entry of a pair's window as it stands: action "session.create"
 * for its first entry (refused: the event is a throttle's refusal),
 * "session.failures" for its summary. Known logins are named by their user
 * id (actor and object), unknown ones by their keyed hash
 * (details.login_hash); never as typed. */
static int
throttle_audit(struct req *r, struct store_tx *tx, const struct store_throttle *t,
               const char *action, bool refused, bool budgeted, bool *written,
               struct qerr *e)
{
	bool failed = refused ? false : t->failures > 0;
	bool hashed = key_hashed(t->login_key);
	json_t *d = json_pack("{s:I, s:I, s:I, s:I, s:I}", "first", (json_int_t)t->first,
	                      "last", (json_int_t)t->last, "count",
	                      (json_int_t)(t->failures + t->refused), "failures",
	                      (json_int_t)t->failures, "refused", (json_int_t)t->refused);
	struct audit_event ev = {
		.actor = hashed ? "anonymous" : t->login_key,
		.action = action,
		.object = hashed ? NULL : t->login_key,
		.outcome = failed ? "failed" : "refused",
		.code = failed ? "bad_credentials" : "too_many_attempts",
		.address = t->address,
		.effective_date = r->today,
		.details = d,
	};
	int rc;

	*written = false;
	if (d == NULL || (hashed && json_object_set_new(d, "login_hash",
	                                                json_string(t->login_key)) != 0)) {
		json_decref(d);
		return qerr_internal(e, "out of memory");
	}
	if (budgeted) {
		rc = audit_budgeted(r, tx, &ev, written, e);
	} else {
		rc = audit_append(r->app->audit, tx, &ev, NULL, e);
		*written = rc == 0;
	}
	json_decref(d);
	return rc;
}

/* Closes a pair's window: its summary when it counted events its first
 * entry did not, then the row goes. */
static int
throttle_close(struct req *r, struct store_tx *tx, const struct store_throttle *t,
               bool budgeted, struct qerr *e)
{
	bool written;

	if (t->failures + t->refused > t->reported &&
	    throttle_audit(r, tx, t, "session.failures", false, budgeted, &written, e) != 0)
		return -1;
	return store_throttle_delete(tx, t->login_key, t->address, e);
}

#define THROTTLE_SWEEP 8

/* Windows that have run out are closed by whichever attempt comes next. */
static int
throttle_sweep(struct req *r, struct store_tx *tx, int64_t now, struct qerr *e)
{
	struct store_throttle t[THROTTLE_SWEEP];
	int n;

	if (store_throttle_find(tx, NULL, NULL, now - LOGIN_FAIL_WINDOW, t, THROTTLE_SWEEP, &n,
	                        e) != 0)
		return -1;
	for (int i = 0; i < n; i++)
		if (throttle_close(r, tx, &t[i], true, e) != 0)
			return -1;
	return 0;
}

int64_t
auth_throttle_wait(const struct store_throttle *t, int64_t total, int64_t now)
{
	int64_t d;

	if (t->failures >= LOGIN_PAIR_MAX) {
		d = t->first + LOGIN_FAIL_WINDOW - now;
		return d > 0 ? d : 1;
	}
	if (t->failures == 0 || total < LOGIN_DELAY_FREE)
		return 0;
	d = 1 + (total - LOGIN_DELAY_FREE) / LOGIN_DELAY_STEP;
	if (d > LOGIN_DELAY_MAX)
		d = LOGIN_DELAY_MAX;
	return t->last + d > now ? t->last + d - now : 0;
}

int
auth_throttle_enter(struct req *r, struct resp *out, const char *login_key,
                    struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_throttle t;
	struct qerr le = {0};
	int64_t now = auth_now(), total = 0, wait = 0;
	bool fresh, written;
	char addr[HTTP_ADDR_MAX];

	auth_throttle_address(r->addr, addr);
	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (throttle_sweep(r, tx, now, e) != 0)
		goto fail;
	fresh = store_throttle_get(tx, login_key, addr, &t, &le) != 0;
	if (fresh && le.status != QERR_NOT_FOUND) {
		*e = le;
		goto fail;
	}
	if (!fresh && t.first <= now - LOGIN_FAIL_WINDOW) {
		if (throttle_close(r, tx, &t, true, e) != 0)
			goto fail;
		fresh = true;
	}
	if (!fresh) {
		if (store_throttle_failures(tx, login_key, now - LOGIN_FAIL_WINDOW, &total, e) != 0)
			goto fail;
		wait = auth_throttle_wait(&t, total, now);
	} else {
		memset(&t, 0, sizeof t);
		q_strlcpy(t.login_key, login_key, sizeof t.login_key);
		q_strlcpy(t.address, addr, sizeof t.address);
		t.first = now;
	}
	t.last = now;
	if (wait > 0) {
		t.refused++;
		if (t.reported == 0) {
			if (throttle_audit(r, tx, &t, "session.create", true, true, &written,
			                   e) != 0)
				goto fail;
			if (written)
				t.reported = t.failures + t.refused;
		}
	} else {
		t.failures++;   /* in flight: a failure until it is known to be none */
	}
	if (store_throttle_put(tx, &t, e) != 0)
		goto fail;
	if (store_commit(tx, e) != 0)
		return -1;
	if (wait == 0)
		return 0;
	out->retry_after = wait > INT32_MAX ? INT32_MAX : (int)wait;
	return qerr_set(e, QERR_THROTTLED, "too_many_attempts", NULL, NULL);
fail:
	store_rollback(tx);
	return -1;
}

int
auth_throttle_failed(struct req *r, const char *login_key, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_throttle t;
	struct qerr le = {0};
	bool written;
	char addr[HTTP_ADDR_MAX];

	auth_throttle_address(r->addr, addr);
	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (store_throttle_get(tx, login_key, addr, &t, &le) != 0) {
		if (le.status != QERR_NOT_FOUND) {
			*e = le;
			goto fail;
		}
		/* cleared while the password was checked: this failure opens a
		 * new window */
		memset(&t, 0, sizeof t);
		q_strlcpy(t.login_key, login_key, sizeof t.login_key);
		q_strlcpy(t.address, addr, sizeof t.address);
		t.first = t.last = auth_now();
		t.failures = 1;
	} else if (t.reported > 0) {
		store_rollback(tx);   /* counted already, and its window has its entry */
		return 0;
	}
	if (throttle_audit(r, tx, &t, "session.create", false, true, &written, e) != 0)
		goto fail;
	if (written)
		t.reported = t.failures + t.refused;
	if (store_throttle_put(tx, &t, e) != 0)
		goto fail;
	return store_commit(tx, e);
fail:
	store_rollback(tx);
	return -1;
}

int
auth_throttle_succeeded(struct req *r, struct store_tx *tx, const char *login_key,
                        struct qerr *e)
{
	struct store_throttle t;
	struct qerr le = {0};
	char addr[HTTP_ADDR_MAX];

	auth_throttle_address(r->addr, addr);
	if (store_throttle_get(tx, login_key, addr, &t, &le) != 0) {
		if (le.status == QERR_NOT_FOUND)
			return 0;
		*e = le;
		return -1;
	}
	if (t.failures > 0)
		t.failures--;   /* this attempt, counted in flight, did not fail */
	return throttle_close(r, tx, &t, true, e);
}

int
auth_throttle_clear(struct req *r, struct store_tx *tx, const char *login_key,
                    const char *address, int64_t *cleared, struct qerr *e)
{
	struct store_throttle t[THROTTLE_SWEEP];
	int n;

	*cleared = 0;
	do {
		if (store_throttle_find(tx, login_key, address, INT64_MAX, t, THROTTLE_SWEEP, &n,
		                        e) != 0)
			return -1;
		for (int i = 0; i < n; i++) {
			if (throttle_close(r, tx, &t[i], false, e) != 0)
				return -1;
			(*cleared)++;
		}
	} while (n == THROTTLE_SWEEP);
	return 0;
}
