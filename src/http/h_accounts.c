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
 * Each is one procedure of src/ops/accounts.h (one transaction with its
 * audit entry); this file decodes and encodes. An admin cannot disable
 * their own account (the last way in; `qupiya admin reset-password`
 * recovers an admin from the command line).
 */
#include "http/http.h"

#include <string.h>

#include "core/roles.h"
#include "http/auth.h"
#include "http/util.h"
#include "ops/accounts.h"

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

/* Answers the account a procedure gave. */
static int
user_answer(struct resp *out, const struct store_user *u)
{
	resp_json(out, 200, auth_user_json(u));
	return 0;
}

static int
h_user_disable(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct store_user u;

	if (req_json(r, empty_fields, e) != 0)
		return -1;
	req_ops_ctx(r, &c);
	if (ops_user_disable(&c, r->params[0], &u, e) != 0)
		return -1;
	return user_answer(out, &u);
}

static int
h_user_enable(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct store_user u;

	if (req_json(r, empty_fields, e) != 0)
		return -1;
	req_ops_ctx(r, &c);
	if (ops_user_enable(&c, r->params[0], &u, e) != 0)
		return -1;
	return user_answer(out, &u);
}

static int
h_user_roles(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct store_user u;
	json_t *v;
	size_t i;
	unsigned set = 0;

	if (req_json(r, roles_fields, e) != 0)
		return -1;
	json_array_foreach(json_object_get(r->json, "roles"), i, v) {
		unsigned one = role_from_name(json_string_value(v));
		if (one == 0)
			return qerr_input(e, "invalid_value", "roles");
		set |= one;
	}
	req_ops_ctx(r, &c);
	if (ops_user_roles(&c, r->params[0], set, &u, e) != 0)
		return -1;
	return user_answer(out, &u);
}

static int
h_user_reset_password(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct store_user u;
	char pw[CRYPTO_TOKEN_STR];
	json_t *body;

	if (req_json(r, empty_fields, e) != 0)
		return -1;
	req_ops_ctx(r, &c);
	if (ops_user_reset_password(&c, r->params[0], pw, &u, e) != 0)
		return -1;
	body = json_pack("{s:o, s:s}", "user", auth_user_json(&u), "one_time_password", pw);
	crypto_wipe(pw, sizeof pw);
	if (body == NULL)
		return qerr_internal(e, "out of memory");
	resp_json(out, 200, body);
	return 0;
}

static int
h_me_password(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
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
	req_ops_ctx(r, &c);
	/* the body's strings are wiped once hashed */
	if (ops_user_password(&c, (char *)old, (char *)pw, &u, e) != 0)
		return -1;
	return user_answer(out, &u);
}

const struct route h_accounts_routes[] = {
	{"POST", "/v1/users/{}/disable", ROLE_ADMIN, 0, h_user_disable},
	{"POST", "/v1/users/{}/enable", ROLE_ADMIN, 0, h_user_enable},
	{"POST", "/v1/users/{}/roles", ROLE_ADMIN, 0, h_user_roles},
	{"POST", "/v1/users/{}/reset-password", ROLE_ADMIN, 0, h_user_reset_password},
	{"POST", "/v1/me/password", ROLE_ANY_USER, 0, h_me_password},
	{NULL, NULL, 0, 0, NULL},
};
