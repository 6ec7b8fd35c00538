/*
 * h_accounts.c — account administration (issue 13, deliverable 9):
 *   POST /v1/users/{id}/disable   admin: the account can no longer log in;
 *                                 its sessions end at once (auth.c refuses
 *                                 every request of a disabled account).
 *   POST /v1/users/{id}/enable    admin: lifts that.
 *   POST /v1/users/{id}/roles     admin: {roles} replaces the role set
 *                                 (admin never combined, admin_not_combined).
 *   POST /v1/users/{id}/reset-password  admin: a new one-time password,
 *                                 answered once; the account must change it
 *                                 before anything else (router.c answers 403
 *                                 password_change_required until then).
 *   POST /v1/me/password          any user: {old_password, new_password};
 *                                 clears that requirement.
 * Each is one transaction with its audit entry. An admin cannot disable
 * their own account (the last way in; `qupiya admin reset-password`
 * recovers an admin from the command line).
 */
#include "http/http.h"

#include <string.h>

#include "core/roles.h"
#include "http/auth.h"
#include "http/util.h"

static const struct jfield empty_fields[] = {
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield roles_fields[] = {
	{"roles", JF_STRINGS, JF_REQUIRED, NULL, 0, ROLE_COUNT},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield password_fields[] = {
	{"old_password", JF_TEXT, JF_REQUIRED, NULL, 0, PASSWORD_LEN_MAX * 4},
	{"new_password", JF_TEXT, JF_REQUIRED, NULL, 0, PASSWORD_LEN_MAX * 4},
	{NULL, 0, 0, NULL, 0, 0},
};

static size_t
cp_len(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* Loads the user, applies fn-specific change, stores, audits. */
static int
user_change(struct req *r, struct resp *out, const char *action, int disabled,
            const char *roles, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_user u;

	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (store_user_get(tx, r->params[0], &u, e) != 0)
		goto fail;
	if (disabled >= 0)
		u.disabled = disabled != 0;
	if (roles != NULL)
		q_strlcpy(u.roles, roles, sizeof u.roles);
	if (store_user_update(tx, &u, e) != 0)
		goto fail;
	if (tx_commit_audited(r, tx, action, u.id, NULL, e) != 0)
		return -1;
	resp_json(out, 200, auth_user_json(&u));
	return 0;
fail:
	store_rollback(tx);
	return -1;
}

static int
h_user_disable(struct req *r, struct resp *out, struct qerr *e)
{
	if (req_json(r, empty_fields, e) != 0)
		return -1;
	if (strcmp(r->params[0], r->user.id) == 0)
		return qerr_input(e, "invalid_value", "id");   /* not one's own */
	return user_change(r, out, "user.disable", 1, NULL, e);
}

static int
h_user_enable(struct req *r, struct resp *out, struct qerr *e)
{
	if (req_json(r, empty_fields, e) != 0)
		return -1;
	return user_change(r, out, "user.enable", 0, NULL, e);
}

static int
h_user_roles(struct req *r, struct resp *out, struct qerr *e)
{
	json_t *v;
	size_t i;
	unsigned set = 0;
	char csv[STORE_ROLES_MAX];

	if (req_json(r, roles_fields, e) != 0)
		return -1;
	json_array_foreach(json_object_get(r->json, "roles"), i, v) {
		unsigned one = role_from_name(json_string_value(v));
		if (one == 0)
			return qerr_input(e, "invalid_value", "roles");
		set |= one;
	}
	if (set == 0)
		return qerr_input(e, "missing_field", "roles");
	/* admin is never combined with another role (SPEC.md §3 "Roles"). */
	if (!roles_set_valid(set))
		return qerr_input(e, "admin_not_combined", "roles");
	roles_format_csv(set, csv, sizeof csv);
	return user_change(r, out, "user.roles", -1, csv, e);
}

static int
h_user_reset_password(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_user u;
	char pw[CRYPTO_TOKEN_STR];
	json_t *body;

	if (req_json(r, empty_fields, e) != 0)
		return -1;
	crypto_token_new(pw);
	pw[32] = '\0';
	if (tx_write(r, &tx, e) != 0)
		goto wipe;
	if (store_user_get(tx, r->params[0], &u, e) != 0)
		goto fail;
	if (crypto_pw_hash(u.pwhash, pw, strlen(pw)) != 0) {
		qerr_internal(e, "password hashing failed (out of memory?)");
		goto fail;
	}
	u.must_change_password = true;
	if (store_user_update(tx, &u, e) != 0)
		goto fail;
	if (tx_commit_audited(r, tx, "user.reset_password", u.id, NULL, e) != 0)
		goto wipe;
	body = json_pack("{s:o, s:s}", "user", auth_user_json(&u), "one_time_password", pw);
	crypto_wipe(pw, sizeof pw);
	if (body == NULL)
		return qerr_internal(e, "out of memory");
	resp_json(out, 200, body);
	return 0;
fail:
	store_rollback(tx);
wipe:
	crypto_wipe(pw, sizeof pw);
	return -1;
}

static int
h_me_password(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_user u;
	const char *old, *pw;
	size_t plen;

	if (req_json(r, password_fields, e) != 0)
		return -1;
	old = jsonv_str(r->json, "old_password");
	pw = jsonv_str(r->json, "new_password");
	plen = cp_len(pw);
	if (plen < PASSWORD_LEN_MIN)
		return qerr_input(e, "password_too_short", "new_password");
	if (plen > PASSWORD_LEN_MAX)
		return qerr_input(e, "password_too_long", "new_password");
	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (store_user_get(tx, r->user.id, &u, e) != 0)
		goto fail;
	if (crypto_pw_verify(u.pwhash, old, strlen(old)) != 0) {
		qerr_input(e, "bad_credentials", "old_password");
		goto fail;
	}
	if (crypto_pw_hash(u.pwhash, pw, strlen(pw)) != 0) {
		qerr_internal(e, "password hashing failed (out of memory?)");
		goto fail;
	}
	crypto_wipe((char *)pw, strlen(pw));
	crypto_wipe((char *)old, strlen(old));
	u.must_change_password = false;
	if (store_user_update(tx, &u, e) != 0)
		goto fail;
	if (tx_commit_audited(r, tx, "user.password", u.id, NULL, e) != 0)
		return -1;
	resp_json(out, 200, auth_user_json(&u));
	return 0;
fail:
	store_rollback(tx);
	return -1;
}

const struct route h_accounts_routes[] = {
	{"POST", "/v1/users/{}/disable", ROLE_ADMIN, 0, h_user_disable},
	{"POST", "/v1/users/{}/enable", ROLE_ADMIN, 0, h_user_enable},
	{"POST", "/v1/users/{}/roles", ROLE_ADMIN, 0, h_user_roles},
	{"POST", "/v1/users/{}/reset-password", ROLE_ADMIN, 0, h_user_reset_password},
	{"POST", "/v1/me/password", ROLE_ANY_USER, 0, h_me_password},
	{NULL, NULL, 0, 0, NULL},
};
