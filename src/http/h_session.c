/*
 * h_session.c — POST /v1/session (log in), DELETE /v1/session (log out) and
 * DELETE /v1/throttles (an officer clears a login throttle).
 *
 * Throttling and the audit of failed logins are auth.c's (its header says
 * how): each attempt enters the throttle (429 or counted in flight), then
 * the password is checked, then the outcome is reported. Unknown logins
 * cost the same Argon2id work as known ones and are throttled alike, so
 * neither timing nor a 429 reveals which logins exist; they are counted
 * and audited only under a keyed hash of the name.
 *
 * Clearing: admin clears any pair (login and/or address; an unknown login
 * by its hash); a security_officer only the windows of a login of a user of
 * its own organization (403 forbidden_org otherwise). Audited as
 * throttle.clear, each closed window with its summary.
 *
 * SECURITY: login and password are untrusted; the password is never logged
 * or stored, and is wiped after checking; an unknown login is never stored
 * as typed.
 */
#include "http/http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>

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

/* The attempt proper, once the throttle let it in; its outcome is
 * reported to the throttle on every path where it is known. */
static int
login_attempt(struct req *r, struct resp *out, const char *login, const char *pw,
              const struct store_user *u, const char *key, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_session s;
	char token[CRYPTO_TOKEN_STR];
	int ok;

	ok = crypto_pw_verify(u != NULL ? u->pwhash : dummy(), pw, strlen(pw)) == 0;
	crypto_wipe((char *)pw, strlen(pw));
	if (u == NULL || !ok || u->disabled) {
		if (auth_throttle_failed(r, key, e) != 0)
			return -1;
		return qerr_set(e, QERR_AUTH, "bad_credentials", NULL, NULL);
	}

	crypto_token_new(token);
	memset(&s, 0, sizeof s);
	crypto_token_hash(token, s.token_hash);
	q_strlcpy(s.user_id, u->id, sizeof s.user_id);
	s.created = s.last_seen = auth_now();
	if (tx_write(r, &tx, e) != 0)
		goto fail;
	if (store_session_insert(tx, &s, e) != 0 ||
	    store_session_purge(tx, s.created - SESSION_MAX_SECS, s.created - SESSION_IDLE_SECS,
	                        e) != 0 ||
	    auth_throttle_succeeded(r, tx, key, e) != 0) {
		store_rollback(tx);
		goto fail;
	}
	r->authed = true;
	q_strlcpy(r->user.id, u->id, sizeof r->user.id);
	{
		json_t *d = json_pack("{s:s}", "login", login);
		int rc = tx_commit_audited(r, tx, "session.create", u->id, d, e);
		json_decref(d);
		if (rc != 0)
			goto fail;
	}
	resp_json(out, 201, json_pack("{s:s, s:o}", "token", token, "user", auth_user_json(u)));
	crypto_wipe(token, sizeof token);
	return 0;
fail:
	/* not a wrong password: the attempt stays counted, without an entry */
	crypto_wipe(token, sizeof token);
	return -1;
}

static int
h_login(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_user u;
	struct qerr le = {0};
	char key[STORE_REF_MAX];
	const char *login, *pw;
	bool known;

	if (req_json(r, session_fields, e) != 0)
		return -1;
	login = jsonv_str(r->json, "login");
	pw = jsonv_str(r->json, "password");
	if (tx_read(r, &tx, e) != 0)
		return -1;
	known = store_user_by_login(tx, login, &u, &le) == 0;
	store_rollback(tx);
	if (!known && le.status != QERR_NOT_FOUND) {
		*e = le;
		return -1;
	}
	auth_login_key(r, login, known ? &u : NULL, key);
	if (auth_throttle_enter(r, out, key, e) != 0) {
		crypto_wipe((char *)pw, strlen(pw));   /* refused unseen */
		return -1;
	}
	return login_attempt(r, out, login, pw, known ? &u : NULL, key, e);
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

/* DELETE /v1/throttles?login=&address= */
static int
h_throttle_clear(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_user u;
	struct qerr le = {0};
	const char *login = http_query(r, "login"), *address = http_query(r, "address");
	char key[STORE_REF_MAX], addr[HTTP_ADDR_MAX], taddr[HTTP_ADDR_MAX];
	bool known = false, admin = (r->acting_roles & ROLE_ADMIN) != 0;
	uint8_t bin[16];
	int64_t n;
	json_t *d;
	int rc;

	if (login != NULL && login[0] == '\0')
		login = NULL;
	if (address != NULL && address[0] == '\0')
		address = NULL;
	if (login != NULL) {
		if (tx_read(r, &tx, e) != 0)
			return -1;
		known = store_user_by_login(tx, login, &u, &le) == 0;
		store_rollback(tx);
		if (!known && le.status != QERR_NOT_FOUND) {
			*e = le;
			return -1;
		}
	}
	/* a security officer: only logins of users of its own organization */
	if (!admin && (!known || strcmp(u.org_id, r->user.org_id) != 0))
		return qerr_set(e, QERR_FORBIDDEN, "forbidden_org", NULL, NULL);
	if (login == NULL && address == NULL)
		return qerr_set(e, QERR_INPUT, "missing_field", NULL, "login");
	if (login != NULL && strlen(login) >= STORE_REF_MAX)
		return qerr_set(e, QERR_INPUT, "invalid_value", NULL, "login");
	if (address != NULL) {   /* as the server writes addresses (inet_ntop) */
		if (inet_pton(AF_INET, address, bin) == 1)
			rc = inet_ntop(AF_INET, bin, addr, sizeof addr) != NULL;
		else if (inet_pton(AF_INET6, address, bin) == 1)
			rc = inet_ntop(AF_INET6, bin, addr, sizeof addr) != NULL;
		else
			rc = 0;
		if (!rc)
			return qerr_set(e, QERR_INPUT, "invalid_value", NULL, "address");
		auth_throttle_address(addr, taddr);
		address = taddr;
	}
	if (login != NULL)
		auth_login_key(r, login, known ? &u : NULL, key);
	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (auth_throttle_clear(r, tx, login != NULL ? key : NULL, address, &n, e) != 0) {
		store_rollback(tx);
		return -1;
	}
	d = json_pack("{s:I}", "cleared", (json_int_t)n);
	if (d != NULL && login != NULL)
		json_object_set_new(d, known ? "user_id" : "login_hash", json_string(key));
	if (d != NULL && address != NULL)
		json_object_set_new(d, "address", json_string(address));
	rc = d == NULL ? qerr_internal(e, "out of memory") : 0;
	if (rc != 0) {
		store_rollback(tx);
		return -1;
	}
	rc = tx_commit_audited(r, tx, "throttle.clear", known ? u.id : NULL, d, e);
	json_decref(d);
	if (rc != 0)
		return -1;
	resp_json(out, 200, json_pack("{s:I}", "cleared", (json_int_t)n));
	return 0;
}

const struct route h_session_routes[] = {
	{"POST", "/v1/session", 0, ROUTE_PUBLIC, h_login},
	{"DELETE", "/v1/session", ROLE_ANY_USER, 0, h_logout},
	{"DELETE", "/v1/throttles", ROLE_ADMIN | ROLE_SECURITY_OFFICER, 0, h_throttle_clear},
	{NULL, NULL, 0, 0, NULL},
};
