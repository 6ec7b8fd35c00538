/*
 * h_users.c — accounts: POST/GET /v1/users (admin); the procedures are
 * src/ops/accounts.h.
 *
 * Passwords: 12 to 1024 characters (Unicode code points), no composition
 * rules (issue 2, after NIST SP 800-63B); stored only as Argon2id.
 */
#include "http/http.h"

#include <string.h>

#include "core/roles.h"
#include "http/auth.h"
#include "http/util.h"
#include "ops/accounts.h"

static const struct jfield user_fields[] = {
	{"login", JF_STRING, JF_REQUIRED, NULL, 0, 64},
	{"password", JF_TEXT, JF_REQUIRED, NULL, 0, PASSWORD_LEN_MAX * 4},
	{"roles", JF_STRINGS, JF_REQUIRED, NULL, 0, ROLE_COUNT},
	{"org_id", JF_STRING, 0, NULL, 0, STORE_ID_MAX - 1},
	{"person_id", JF_STRING, 0, NULL, 0, STORE_ID_MAX - 1},
	{NULL, 0, 0, NULL, 0, 0},
};

/* Code points of a UTF-8 string (jansson has validated the encoding). */
static size_t
utf8_len(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

static bool
login_ok(const char *s)
{
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' || *s == '-' || *s == '@'))
			return false;
	return true;
}

static int
h_user_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct ops_user_create_args a = {0};
	struct store_user u;
	json_t *v;
	const char *pw;
	size_t i, plen;

	if (req_json(r, user_fields, e) != 0)
		return -1;
	a.login = jsonv_str(r->json, "login");
	if (!login_ok(a.login))
		return qerr_input(e, "invalid_value", "login");
	pw = jsonv_str(r->json, "password");
	plen = utf8_len(pw);
	if (plen < PASSWORD_LEN_MIN)
		return qerr_input(e, "password_too_short", "password");
	if (plen > PASSWORD_LEN_MAX)
		return qerr_input(e, "password_too_long", "password");
	json_array_foreach(json_object_get(r->json, "roles"), i, v) {
		unsigned one = role_from_name(json_string_value(v));
		if (one == 0)
			return qerr_input(e, "invalid_value", "roles");
		a.roles |= one;
	}
	if (a.roles == 0)
		return qerr_input(e, "missing_field", "roles");
	/* admin is never combined with another role (SPEC.md §3 "Roles"). */
	if (!roles_set_valid(a.roles))
		return qerr_input(e, "admin_not_combined", "roles");
	if ((a.roles & ~(unsigned)(ROLE_CROSS_ORG | ROLE_CITIZEN)) && !jsonv_has(r->json, "org_id"))
		return qerr_input(e, "missing_field", "org_id");   /* acts for one organization */
	a.org_id = jsonv_str(r->json, "org_id");
	a.person_id = jsonv_str(r->json, "person_id");
	a.password = (char *)pw;   /* the body's string, wiped once hashed */
	req_ops_ctx(r, &c);
	if (ops_user_create(&c, &a, &u, e) != 0)
		return -1;
	resp_json(out, 201, auth_user_json(&u));
	return 0;
}

static int
h_user_get(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct store_user u;

	req_ops_ctx(r, &c);
	if (ops_user_get(&c, r->params[0], &u, e) != 0)
		return -1;
	resp_json(out, 200, auth_user_json(&u));
	return 0;
}

struct ulist {
	json_t *items;
	int64_t last;
};

static int
ulist_cb(void *ctx, const struct store_user *u)
{
	struct ulist *c = ctx;

	json_array_append_new(c->items, auth_user_json(u));
	c->last = u->seq;
	return 0;
}

static int
h_user_list(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct ulist l = {0};
	int64_t after;
	int limit;
	bool more;

	if (req_page(r, &after, &limit, e) != 0)
		return -1;
	req_ops_ctx(r, &c);
	l.items = json_array();
	if (ops_users_each(&c, after, limit, ulist_cb, &l, &more, e) != 0) {
		json_decref(l.items);
		return -1;
	}
	resp_json(out, 200, page_json(l.items, l.last, more));
	return 0;
}

/* GET /v1/me: the caller's own account (the web interface starts here). */
static int
h_me(struct req *r, struct resp *out, struct qerr *e)
{
	q_strlcpy(r->params[0], r->user.id, sizeof r->params[0]);
	return h_user_get(r, out, e);
}

const struct route h_users_routes[] = {
	{"POST", "/v1/users", ROLE_ADMIN, 0, h_user_create},
	{"GET", "/v1/users", ROLE_ADMIN, 0, h_user_list},
	{"GET", "/v1/users/{}", ROLE_ADMIN, 0, h_user_get},
	{"GET", "/v1/me", ROLE_ANY_USER, 0, h_me},
	{NULL, NULL, 0, 0, NULL},
};
