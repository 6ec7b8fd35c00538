/*
 * test_ops_accounts.c — the account procedures of src/ops/accounts.h
 * without HTTP: create (an unknown organization or person is 404 naming
 * the field, a login taken 409 duplicate naming login), disable (never
 * one's own), enable, roles (admin never combined), reset password (a
 * one-time password that logs in, the change required), change of one's
 * own password (the old one checked), the reads; each write one audit
 * entry, each refusal none, and the log verifies.
 */
#include <string.h>

#include "core/roles.h"
#include "ops/accounts.h"
#include "ops_world.h"

static int
create(struct ops_ctx *c, const char *login, unsigned roles, const char *org,
       const char *person, struct store_user *u, struct qerr *e)
{
	char pw[64];
	struct ops_user_create_args a = {.login = login, .password = pw, .roles = roles,
	                                 .org_id = org, .person_id = person};

	q_strlcpy(pw, "correct horse battery", sizeof pw);
	return ops_user_create(c, &a, u, e);
}

static int
count_cb(void *ctx, const struct store_user *u)
{
	(void)u;
	(*(int *)ctx)++;
	return 0;
}

int
main(void)
{
	struct crypto_keys *keys;
	struct store *s = NULL;
	struct ops_ctx c;
	struct qerr e = {0};
	struct store_user admin, u, got;
	char pw[CRYPTO_TOKEN_STR], old[64], new[64];
	int64_t n0;
	int n = 0;
	bool more = true;

	if (ops_world_open("ops-accounts", &keys, &s) != 0)
		return 1;
	if (keys == NULL || s == NULL)
		return tap_done();
	ops_world_ctx(&c, s, keys);
	ops_world_put(s, "org", "org_a", "", "", "active", json_object());
	ops_world_put(s, "person", "person_a", "org_a", "", "employed", json_object());
	n0 = audit_n(s);

	/* create: allowed, and its refusals */
	CHECK(create(&c, "admin2", ROLE_ADMIN, NULL, NULL, &admin, &e) == 0);
	CHECK(create(&c, "officer", ROLE_SECURITY_OFFICER, "org_a", "person_a", &u, &e) == 0);
	CHECK_STR(u.org_id, "org_a");
	CHECK_STR(u.roles, "security_officer");
	CHECK(audit_n(s) == n0 + 2);
	CHECK(create(&c, "officer", ROLE_SECURITY_OFFICER, "org_a", NULL, &got, &e) == -1);
	CHECK(e.status == QERR_CONFLICT);
	CHECK_STR(e.field, "login");
	qerr_clear(&e);
	CHECK(create(&c, "other", ROLE_HEAD, "org_nowhere", NULL, &got, &e) == -1);
	CHECK(e.status == QERR_NOT_FOUND);
	CHECK_STR(e.field, "org_id");
	qerr_clear(&e);
	CHECK(create(&c, "other", ROLE_HEAD, "org_a", "person_nowhere", &got, &e) == -1);
	CHECK(e.status == QERR_NOT_FOUND);
	CHECK_STR(e.field, "person_id");
	qerr_clear(&e);
	CHECK(audit_n(s) == n0 + 2);

	/* the reads */
	CHECK(ops_user_get(&c, u.id, &got, &e) == 0);
	CHECK_STR(got.login, "officer");
	CHECK(ops_user_get(&c, "user_nowhere", &got, &e) == -1 && e.status == QERR_NOT_FOUND);
	qerr_clear(&e);
	CHECK(ops_users_each(&c, 0, 1, count_cb, &n, &more, &e) == 0);
	CHECK(n == 1 && more);

	/* disable: never one's own; enable */
	q_strlcpy(c.actor.user_id, admin.id, sizeof c.actor.user_id);
	CHECK(ops_user_disable(&c, admin.id, &got, &e) == -1);
	CHECK(e.status == QERR_INPUT);
	CHECK_STR(e.field, "id");
	qerr_clear(&e);
	CHECK(ops_user_disable(&c, u.id, &got, &e) == 0 && got.disabled);
	CHECK(ops_user_enable(&c, u.id, &got, &e) == 0 && !got.disabled);
	CHECK(ops_user_disable(&c, "user_nowhere", &got, &e) == -1 && e.status == QERR_NOT_FOUND);
	qerr_clear(&e);

	/* roles: admin is never combined */
	CHECK(ops_user_roles(&c, u.id, ROLE_ADMIN | ROLE_HEAD, &got, &e) == -1);
	CHECK_STR(e.code, "admin_not_combined");
	qerr_clear(&e);
	CHECK(ops_user_roles(&c, u.id, 0, &got, &e) == -1);
	CHECK_STR(e.code, "missing_field");
	qerr_clear(&e);
	CHECK(ops_user_roles(&c, u.id, ROLE_HEAD | ROLE_SECURITY_OFFICER, &got, &e) == 0);
	CHECK(strstr(got.roles, "head") != NULL);
	CHECK(audit_n(s) == n0 + 5);

	/* reset: a one-time password that verifies, its change required */
	CHECK(ops_user_reset_password(&c, u.id, pw, &got, &e) == 0);
	CHECK(got.must_change_password && strlen(pw) == 32);
	CHECK(crypto_pw_verify(got.pwhash, pw, strlen(pw)) == 0);
	CHECK(ops_user_reset_password(&c, "user_nowhere", pw, &got, &e) == -1);
	CHECK(pw[0] == '\0');   /* wiped */
	qerr_clear(&e);

	/* one's own password: the old one checked */
	q_strlcpy(c.actor.user_id, u.id, sizeof c.actor.user_id);
	q_strlcpy(old, "not the password", sizeof old);
	q_strlcpy(new, "a new long password", sizeof new);
	CHECK(ops_user_password(&c, old, new, &got, &e) == -1);
	CHECK_STR(e.code, "bad_credentials");
	CHECK_STR(e.field, "old_password");
	qerr_clear(&e);
	CHECK(ops_user_reset_password(&c, u.id, pw, &got, &e) == 0);
	q_strlcpy(old, pw, sizeof old);
	q_strlcpy(new, "a new long password", sizeof new);
	CHECK(ops_user_password(&c, old, new, &got, &e) == 0);
	CHECK(!got.must_change_password);
	CHECK(crypto_pw_verify(got.pwhash, "a new long password", 19) == 0);
	CHECK(old[0] == '\0' && new[0] == '\0');   /* wiped */
	CHECK(audit_n(s) == n0 + 8);   /* two resets and the change */

	ops_world_verify(s, keys);
	ops_world_close(&c, s, keys);
	return tap_done();
}
