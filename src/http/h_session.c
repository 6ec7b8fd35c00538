/*
 * h_session.c — POST /v1/session (log in) and DELETE /v1/session (log out).
 *
 * Throttling (issue 2): failures are counted per login name and per client
 * address over a sliding hour; once either count reaches LOGIN_FAIL_MAX the
 * next attempt is refused with 429 before the password is looked at, and
 * that refusal is not counted, so the window always drains: an attacker can
 * delay a user by at most an hour past their own last failure, never lock
 * them out for good. Unknown logins cost the same Argon2id work as known
 * ones, so timing does not reveal which logins exist.
 *
 * Concurrent guesses: an attempt whose password is being checked counts as
 * a failure until its outcome is committed (the in-flight counters below),
 * so parallel requests cannot slip past the limit between the check and
 * the record. Counters are striped by a hash of (scope, key); a collision
 * only makes the check stricter, and only near the limit.
 *
 * SECURITY: login and password are untrusted; the password is never logged
 * or stored, and is wiped after checking.
 */
#include "http/http.h"

#include <pthread.h>
#include <string.h>

#include "core/roles.h"
#include "http/auth.h"
#include "http/util.h"

static const struct jfield session_fields[] = {
	{"login", JF_STRING, JF_REQUIRED, NULL, 0, STORE_REF_MAX - 1},
	/* bytes: up to PASSWORD_LEN_MAX code points of up to 4 bytes each,
	 * as POST /v1/users accepts them */
	{"password", JF_TEXT, JF_REQUIRED, NULL, 0, PASSWORD_LEN_MAX * 4},
	{NULL, 0, 0, NULL, 0, 0},
};

/* A hash of a random password, computed once, checked against unknown
 * logins so they take as long as known ones. */
static char dummy_hash[CRYPTO_PWHASH_SIZE];

static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void
dummy_init(void)
{
	char pw[CRYPTO_TOKEN_STR];

	crypto_token_new(pw);
	if (crypto_pw_hash(dummy_hash, pw, strlen(pw)) != 0)
		dummy_hash[0] = '\0';   /* verification against "" simply fails */
	crypto_wipe(pw, sizeof pw);
}

static const char *
dummy(void)
{
	pthread_once(&dummy_once, dummy_init);
	return dummy_hash;
}

static int
audit_login(struct req *r, const char *user_id, const char *login, const char *outcome,
            const char *code, struct qerr *e)
{
	struct store_tx *tx = NULL;
	json_t *d = json_pack("{s:s}", "login", login);
	struct audit_event ev = {
		.actor = user_id ? user_id : "anonymous",
		.action = "session.create",
		.object = user_id,
		.outcome = outcome,
		.code = code,
		.address = r->addr,
		.effective_date = r->today,
		.details = d,
	};
	int rc = -1;

	if (tx_write(r, &tx, e) == 0) {
		int64_t now = auth_now();
		if (code != NULL && strcmp(code, "bad_credentials") == 0 &&
		    (store_login_failure_add(tx, "login", login, now, e) != 0 ||
		     store_login_failure_add(tx, "addr", r->addr, now, e) != 0)) {
			store_rollback(tx);
		} else if (audit_append(r->app->audit, tx, &ev, NULL, e) != 0) {
			store_rollback(tx);
		} else {
			rc = store_commit(tx, e);
		}
	}
	json_decref(d);
	return rc;
}

#define INFLIGHT_SLOTS 4096

/* Attempts whose password is being checked, by hash of the login and of
 * the address (separate tables, so one attempt never counts twice in one
 * table; unrelated keys sharing a slot only make the limit stricter while
 * both are in flight). */
static pthread_mutex_t inflight_mu = PTHREAD_MUTEX_INITIALIZER;
static int64_t inflight_login[INFLIGHT_SLOTS], inflight_addr[INFLIGHT_SLOTS];

static unsigned
inflight_slot(const char *scope, const char *key)
{
	uint32_t h = 2166136261u;   /* FNV-1a over scope, a NUL, key */

	for (const char *p = scope; *p != '\0'; p++)
		h = (h ^ (uint8_t)*p) * 16777619u;
	h *= 16777619u;
	for (const char *p = key; *p != '\0'; p++)
		h = (h ^ (uint8_t)*p) * 16777619u;
	return h % INFLIGHT_SLOTS;
}

/* Decides whether this attempt may go on; when it may, it is counted in
 * flight (slots[0] login, slots[1] address) until it leaves. The stored
 * count is read under the lock, and a failure is committed and leaves the
 * in-flight count under the same lock (login_failed), so every attempt is
 * counted exactly once: never missed, never twice. */
static int
throttle_enter(struct req *r, const char *login, unsigned slots[2], bool *yes,
               struct qerr *e)
{
	struct store_tx *tx = NULL;
	int64_t n1 = 0, n2 = 0, since = auth_now() - LOGIN_FAIL_WINDOW;
	int rc = -1;

	*yes = false;
	slots[0] = inflight_slot("login", login);
	slots[1] = inflight_slot("addr", r->addr);
	pthread_mutex_lock(&inflight_mu);
	if (tx_read(r, &tx, e) != 0)
		goto out;
	if (store_login_failure_count(tx, "login", login, since, &n1, e) != 0 ||
	    store_login_failure_count(tx, "addr", r->addr, since, &n2, e) != 0) {
		store_rollback(tx);
		goto out;
	}
	store_rollback(tx);
	*yes = n1 + inflight_login[slots[0]] >= LOGIN_FAIL_MAX ||
	       n2 + inflight_addr[slots[1]] >= LOGIN_FAIL_MAX;
	if (!*yes) {
		inflight_login[slots[0]]++;
		inflight_addr[slots[1]]++;
	}
	rc = 0;
out:
	pthread_mutex_unlock(&inflight_mu);
	return rc;
}

/* Call with inflight_mu held. */
static void
inflight_drop(const unsigned slots[2])
{
	inflight_login[slots[0]]--;
	inflight_addr[slots[1]]--;
}

static void
throttle_leave(const unsigned slots[2])
{
	pthread_mutex_lock(&inflight_mu);
	inflight_drop(slots);
	pthread_mutex_unlock(&inflight_mu);
}

/* A failed attempt: its failure is stored and it leaves the in-flight
 * count in one step, as seen by throttle_enter(). */
static int
login_failed(struct req *r, const char *user_id, const char *login,
             const unsigned slots[2], struct qerr *e)
{
	int rc;

	pthread_mutex_lock(&inflight_mu);
	rc = audit_login(r, user_id, login, "failed", "bad_credentials", e);
	inflight_drop(slots);
	pthread_mutex_unlock(&inflight_mu);
	return rc;
}

/* The attempt proper, once throttling has let it through; it leaves the
 * in-flight count on every path, a failure only once committed. */
static int
login_attempt(struct req *r, struct resp *out, const char *login, const char *pw,
              const unsigned slots[2], struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_user u;
	struct store_session s;
	struct qerr le = {0};
	char token[CRYPTO_TOKEN_STR];
	bool known;
	int ok;

	if (tx_read(r, &tx, e) != 0)
		goto fail;
	known = store_user_by_login(tx, login, &u, &le) == 0;
	store_rollback(tx);
	if (!known && le.status != QERR_NOT_FOUND) {
		*e = le;
		goto fail;
	}
	ok = crypto_pw_verify(known ? u.pwhash : dummy(), pw, strlen(pw)) == 0;
	crypto_wipe((char *)pw, strlen(pw));
	if (!known || !ok || u.disabled) {
		if (login_failed(r, known ? u.id : NULL, login, slots, e) != 0)
			return -1;
		return qerr_set(e, QERR_AUTH, "bad_credentials", NULL, NULL);
	}

	crypto_token_new(token);
	memset(&s, 0, sizeof s);
	crypto_token_hash(token, s.token_hash);
	q_strlcpy(s.user_id, u.id, sizeof s.user_id);
	s.created = s.last_seen = auth_now();
	if (tx_write(r, &tx, e) != 0)
		goto fail;
	if (store_session_insert(tx, &s, e) != 0 ||
	    store_session_purge(tx, s.created - SESSION_MAX_SECS, s.created - SESSION_IDLE_SECS,
	                        e) != 0 ||
	    /* Failures older than the window no longer count: drop them. */
	    store_login_failure_purge(tx, s.created - LOGIN_FAIL_WINDOW, e) != 0) {
		store_rollback(tx);
		goto fail;
	}
	r->authed = true;
	q_strlcpy(r->user.id, u.id, sizeof r->user.id);
	{
		json_t *d = json_pack("{s:s}", "login", login);
		int rc = tx_commit_audited(r, tx, "session.create", u.id, d, e);
		json_decref(d);
		if (rc != 0)
			goto fail;
	}
	resp_json(out, 201, json_pack("{s:s, s:o}", "token", token, "user", auth_user_json(&u)));
	crypto_wipe(token, sizeof token);
	throttle_leave(slots);
	return 0;
fail:
	crypto_wipe(token, sizeof token);
	throttle_leave(slots);
	return -1;
}

static int
h_login(struct req *r, struct resp *out, struct qerr *e)
{
	struct qerr le = {0};
	const char *login, *pw;
	unsigned slots[2];
	bool limited;

	if (req_json(r, session_fields, e) != 0)
		return -1;
	login = jsonv_str(r->json, "login");
	pw = jsonv_str(r->json, "password");
	if (throttle_enter(r, login, slots, &limited, e) != 0)
		return -1;
	if (limited) {
		(void)audit_login(r, NULL, login, "refused", "too_many_attempts", &le);
		return qerr_set(e, QERR_THROTTLED, "too_many_attempts", NULL, NULL);
	}
	return login_attempt(r, out, login, pw, slots, e);
}

static int
h_logout(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;

	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (store_session_delete(tx, r->user.token_hash, e) != 0) {
		store_rollback(tx);
		return -1;
	}
	if (tx_commit_audited(r, tx, "session.delete", r->user.id, NULL, e) != 0)
		return -1;
	resp_json(out, 204, NULL);
	return 0;
}

const struct route h_session_routes[] = {
	{"POST", "/v1/session", 0, ROUTE_PUBLIC, h_login},
	{"DELETE", "/v1/session", ROLE_ANY_USER, 0, h_logout},
	{NULL, NULL, 0, 0, NULL},
};
