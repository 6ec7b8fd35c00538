/*
 * auth.c — bearer token resolution.
 *
 * SECURITY: the token is untrusted; it is hashed before any lookup (so its
 * value never reaches SQL or logs) and compared only as a hash.
 */
#include "http/auth.h"

#include <string.h>
#include <time.h>

#include "core/roles.h"

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
	return json_pack("{s:s, s:s, s:o, s:s?, s:s?, s:b}", "id", u->id, "login", u->login,
	                 "roles", roles, "org_id", u->org_id[0] ? u->org_id : NULL,
	                 "person_id", u->person_id[0] ? u->person_id : NULL, "disabled",
	                 u->disabled);
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
	r->authed = true;
	if (now - s.last_seen >= SESSION_TOUCH_SECS) {
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
