/*
 * accounts.c — see accounts.h.
 */
#include "ops/accounts.h"

#include <string.h>

#include "core/person_rec.h"
#include "core/roles.h"
#include "ops/orgs.h"
#include "ops/persons.h"

int
ops_user_create(const struct ops_ctx *c, const struct ops_user_create_args *a,
                struct store_user *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct person_rec person = {0};
	struct store_user u;
	int hashed;

	memset(&u, 0, sizeof u);
	q_strlcpy(u.login, a->login, sizeof u.login);
	roles_format_csv(a->roles, u.roles, sizeof u.roles);
	q_strlcpy(u.org_id, a->org_id != NULL ? a->org_id : "", sizeof u.org_id);
	q_strlcpy(u.person_id, a->person_id != NULL ? a->person_id : "", sizeof u.person_id);
	hashed = crypto_pw_hash(u.pwhash, a->password, strlen(a->password));
	crypto_wipe(a->password, strlen(a->password));
	if (hashed != 0)
		return qerr_internal(e, "password hashing failed (out of memory?)");
	store_id_new("user", u.id);
	if (ops_begin(c, true, &tx, e) != 0)
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
	if (ops_commit(c, tx, "user.create", u.id, NULL, e) != 0)
		return -1;
	*out = u;
	return 0;
fail:
	person_rec_free(&person);
	store_rollback(tx);
	return -1;
}

/* Loads the account, sets disabled (>= 0) and roles (non-NULL), stores,
 * audits as action. */
static int
user_change(const struct ops_ctx *c, const char *user_id, const char *action, int disabled,
            const char *roles, struct store_user *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_user u;

	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (store_user_get(tx, user_id, &u, e) != 0)
		goto fail;
	if (disabled >= 0)
		u.disabled = disabled != 0;
	if (roles != NULL)
		q_strlcpy(u.roles, roles, sizeof u.roles);
	if (store_user_update(tx, &u, e) != 0)
		goto fail;
	if (ops_commit(c, tx, action, u.id, NULL, e) != 0)
		return -1;
	*out = u;
	return 0;
fail:
	store_rollback(tx);
	return -1;
}

int
ops_user_disable(const struct ops_ctx *c, const char *user_id, struct store_user *out,
                 struct qerr *e)
{
	if (strcmp(user_id, c->actor.user_id) == 0)
		return qerr_input(e, "invalid_value", "id");   /* not one's own: the last way in */
	return user_change(c, user_id, "user.disable", 1, NULL, out, e);
}

int
ops_user_enable(const struct ops_ctx *c, const char *user_id, struct store_user *out,
                struct qerr *e)
{
	return user_change(c, user_id, "user.enable", 0, NULL, out, e);
}

int
ops_user_roles(const struct ops_ctx *c, const char *user_id, unsigned roles,
               struct store_user *out, struct qerr *e)
{
	char csv[STORE_ROLES_MAX];

	if (roles == 0)
		return qerr_input(e, "missing_field", "roles");
	if (!roles_set_valid(roles))   /* admin is never combined (SPEC.md §3 "Roles") */
		return qerr_input(e, "admin_not_combined", "roles");
	roles_format_csv(roles, csv, sizeof csv);
	return user_change(c, user_id, "user.roles", -1, csv, out, e);
}

int
ops_user_reset_password(const struct ops_ctx *c, const char *user_id,
                        char pw[CRYPTO_TOKEN_STR], struct store_user *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_user u;

	crypto_token_new(pw);
	pw[32] = '\0';
	if (ops_begin(c, true, &tx, e) != 0)
		goto wipe;
	if (store_user_get(tx, user_id, &u, e) != 0)
		goto fail;
	if (crypto_pw_hash(u.pwhash, pw, strlen(pw)) != 0) {
		qerr_internal(e, "password hashing failed (out of memory?)");
		goto fail;
	}
	u.must_change_password = true;
	if (store_user_update(tx, &u, e) != 0)
		goto fail;
	if (ops_commit(c, tx, "user.reset_password", u.id, NULL, e) != 0)
		goto wipe;
	*out = u;
	return 0;
fail:
	store_rollback(tx);
wipe:
	crypto_wipe(pw, CRYPTO_TOKEN_STR);
	return -1;
}

int
ops_user_password(const struct ops_ctx *c, char *old_password, char *new_password,
                  struct store_user *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_user u;
	int rc = -1;

	if (ops_begin(c, true, &tx, e) != 0)
		goto wipe;
	if (store_user_get(tx, c->actor.user_id, &u, e) != 0)
		goto fail;
	if (crypto_pw_verify(u.pwhash, old_password, strlen(old_password)) != 0) {
		qerr_input(e, "bad_credentials", "old_password");
		goto fail;
	}
	if (crypto_pw_hash(u.pwhash, new_password, strlen(new_password)) != 0) {
		qerr_internal(e, "password hashing failed (out of memory?)");
		goto fail;
	}
	u.must_change_password = false;
	if (store_user_update(tx, &u, e) != 0)
		goto fail;
	crypto_wipe(new_password, strlen(new_password));
	crypto_wipe(old_password, strlen(old_password));
	if (ops_commit(c, tx, "user.password", u.id, NULL, e) != 0)
		return -1;
	*out = u;
	return 0;
fail:
	store_rollback(tx);
wipe:
	crypto_wipe(new_password, strlen(new_password));
	crypto_wipe(old_password, strlen(old_password));
	return rc;
}

int
ops_user_get(const struct ops_ctx *c, const char *user_id, struct store_user *out,
             struct qerr *e)
{
	struct store_tx *tx = NULL;
	int rc;

	if (ops_begin(c, false, &tx, e) != 0)
		return -1;
	rc = store_user_get(tx, user_id, out, e);
	store_rollback(tx);
	return rc;
}

static int
more_cb(void *ctx, const struct store_user *u)
{
	(void)u;
	*(bool *)ctx = true;
	return 1;
}

struct each_ctx {
	store_user_cb cb;
	void *ctx;
	int64_t last;
	int n, limit;
	bool *more;
};

static int
each_cb(void *ctx, const struct store_user *u)
{
	struct each_ctx *x = ctx;
	int rc;

	if (x->n == x->limit) {
		*x->more = true;
		return 1;
	}
	if ((rc = x->cb(x->ctx, u)) != 0)
		return rc;
	x->last = u->seq;
	x->n++;
	return 0;
}

int
ops_users_each(const struct ops_ctx *c, int64_t after_seq, int limit, store_user_cb cb,
               void *ctx, bool *more, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct each_ctx x = {.cb = cb, .ctx = ctx, .limit = limit, .more = more};
	int rc = -1;

	*more = false;
	if (ops_begin(c, false, &tx, e) != 0)
		return -1;
	if (store_user_list(tx, after_seq, limit + 1, each_cb, &x, e) >= 0 &&
	    /* the store caps at STORE_PAGE_MAX: a full page of that size had
	     * no room for the row that tells whether more follow */
	    (*more || x.n != STORE_PAGE_MAX ||
	     store_user_list(tx, x.last, 1, more_cb, more, e) >= 0))
		rc = 0;
	store_rollback(tx);
	return rc;
}
