/*
 * h_users.c — accounts: POST/GET /v1/users (admin).
 *
 * Passwords: 12 to 1024 characters (Unicode code points), no composition
 * rules (issue 2, after NIST SP 800-63B); stored only as Argon2id.
 */
#include "http/http.h"

#include <string.h>

#include "core/roles.h"
#include "http/auth.h"
#include "http/util.h"
#include "ops/orgs.h"
#include "ops/persons.h"

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
	struct store_tx *tx = NULL;
	struct store_user u;
	struct store_rec rec = {0};
	struct person_rec person = {0};
	json_t *roles, *v;
	const char *pw;
	size_t i, plen;
	unsigned set = 0;

	if (req_json(r, user_fields, e) != 0)
		return -1;
	memset(&u, 0, sizeof u);
	if (!login_ok(jsonv_str(r->json, "login")))
		return qerr_input(e, "invalid_value", "login");
	pw = jsonv_str(r->json, "password");
	plen = utf8_len(pw);
	if (plen < PASSWORD_LEN_MIN)
		return qerr_input(e, "password_too_short", "password");
	if (plen > PASSWORD_LEN_MAX)
		return qerr_input(e, "password_too_long", "password");
	roles = json_object_get(r->json, "roles");
	json_array_foreach(roles, i, v) {
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
	if ((set & ~(unsigned)(ROLE_CROSS_ORG | ROLE_CITIZEN)) && !jsonv_has(r->json, "org_id"))
		return qerr_input(e, "missing_field", "org_id");   /* acts for one organization */

	q_strlcpy(u.login, jsonv_str(r->json, "login"), sizeof u.login);
	roles_format_csv(set, u.roles, sizeof u.roles);
	if (jsonv_has(r->json, "org_id"))
		q_strlcpy(u.org_id, jsonv_str(r->json, "org_id"), sizeof u.org_id);
	if (jsonv_has(r->json, "person_id"))
		q_strlcpy(u.person_id, jsonv_str(r->json, "person_id"), sizeof u.person_id);
	if (crypto_pw_hash(u.pwhash, pw, strlen(pw)) != 0)
		return qerr_internal(e, "password hashing failed (out of memory?)");
	crypto_wipe((char *)pw, strlen(pw));
	store_id_new("user", u.id);

	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (u.org_id[0] && ops_org_exists_in(tx, u.org_id, "org_id", e) != 0)
		goto fail;
	if (u.person_id[0] && ops_person_load(tx, u.person_id, &person, "person_id", e) != 0)
		goto fail;
	person_rec_free(&person);
	if (store_user_insert(tx, &u, e) != 0) {
		q_strlcpy(e->field, "login", sizeof e->field);
		goto fail;
	}
	if (tx_commit_audited(r, tx, "user.create", u.id, NULL, e) != 0)
		return -1;
	resp_json(out, 201, auth_user_json(&u));
	return 0;
fail:
	store_rec_clear(&rec);
	person_rec_free(&person);
	store_rollback(tx);
	return -1;
}

static int
h_user_get(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_user u;
	int rc;

	if (tx_read(r, &tx, e) != 0)
		return -1;
	rc = store_user_get(tx, r->params[0], &u, e);
	store_rollback(tx);
	if (rc != 0)
		return -1;
	resp_json(out, 200, auth_user_json(&u));
	return 0;
}

struct ulist {
	json_t *items;
	int64_t last;
	int n, limit;
	bool more;
};

static int
ulist_cb(void *ctx, const struct store_user *u)
{
	struct ulist *c = ctx;

	if (c->n == c->limit) {
		c->more = true;
		return 1;
	}
	json_array_append_new(c->items, auth_user_json(u));
	c->last = u->seq;
	c->n++;
	return 0;
}

static int
umore_cb(void *ctx, const struct store_user *u)
{
	(void)u;
	*(bool *)ctx = true;
	return 1;
}

static int
h_user_list(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct ulist c = {0};
	int64_t after;

	if (req_page(r, &after, &c.limit, e) != 0)
		return -1;
	c.items = json_array();
	if (tx_read(r, &tx, e) != 0 ||
	    store_user_list(tx, after, c.limit + 1, ulist_cb, &c, e) < 0 ||
	    /* the store caps at STORE_PAGE_MAX: a full page of that size had
	     * no room for the row that tells whether more follow */
	    (!c.more && c.n == STORE_PAGE_MAX &&
	     store_user_list(tx, c.last, 1, umore_cb, &c.more, e) < 0)) {
		store_rollback(tx);
		json_decref(c.items);
		return -1;
	}
	store_rollback(tx);
	resp_json(out, 200, page_json(c.items, c.last, c.more));
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
