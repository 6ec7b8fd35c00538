/*
 * accounts.h — the procedures of account administration (issue 13,
 * deliverable 9; SPEC.md §3 "Roles"): each one transaction with its audit
 * entry, called by src/http (h_users.c, h_accounts.c).
 *
 *   ops_user_create          "user.create": a new account; its org_id (when
 *                            given) names an organization, 404 naming
 *                            org_id, and its person_id a person, 404
 *                            naming person_id; a login taken is 409
 *                            duplicate naming login.
 *   ops_user_disable         "user.disable": the account can no longer log
 *                            in (its sessions end: auth.c refuses every
 *                            request of a disabled account); never the
 *                            actor's own (400 invalid_value "id").
 *   ops_user_enable          "user.enable": lifts that.
 *   ops_user_roles           "user.roles": replaces the role set.
 *   ops_user_reset_password  "user.reset_password": a new one-time
 *                            password, which the account must change
 *                            before anything else.
 *   ops_user_password        "user.password": the actor's own password
 *                            changed (the old one checked: 400
 *                            bad_credentials naming old_password); clears
 *                            that requirement.
 *   ops_user_get, ops_users_each  the reads (no audit entry).
 *
 * The caller decodes and validates the input (login characters, password
 * length, role names, admin never combined: 400s before any step). An
 * unknown account is 404. *out is the account as stored afterwards.
 * Passwords are borrowed and wiped (crypto_wipe) once hashed.
 */
#ifndef QUPIYA_OPS_ACCOUNTS_H
#define QUPIYA_OPS_ACCOUNTS_H

#include "crypto/crypto.h"
#include "ops/ops.h"
#include "store/store.h"

struct ops_user_create_args {
	const char *login;
	char *password;        /* wiped once hashed */
	unsigned roles;        /* enum role bits, valid (roles_set_valid) */
	const char *org_id;    /* NULL or "": none */
	const char *person_id; /* NULL or "": none */
};
int ops_user_create(const struct ops_ctx *c, const struct ops_user_create_args *a,
                    struct store_user *out, struct qerr *e);
int ops_user_disable(const struct ops_ctx *c, const char *user_id, struct store_user *out,
                     struct qerr *e);
int ops_user_enable(const struct ops_ctx *c, const char *user_id, struct store_user *out,
                    struct qerr *e);
int ops_user_roles(const struct ops_ctx *c, const char *user_id, unsigned roles,
                   struct store_user *out, struct qerr *e);
/* pw receives the one-time password (to be answered once, then wiped by
 * the caller); wiped here on failure. */
int ops_user_reset_password(const struct ops_ctx *c, const char *user_id,
                            char pw[CRYPTO_TOKEN_STR], struct store_user *out,
                            struct qerr *e);
int ops_user_password(const struct ops_ctx *c, char *old_password, char *new_password,
                      struct store_user *out, struct qerr *e);

int ops_user_get(const struct ops_ctx *c, const char *user_id, struct store_user *out,
                 struct qerr *e);
/* The accounts after after_seq, at most limit (store_user_list), in one
 * read transaction; *more whether another follows the last visited. */
int ops_users_each(const struct ops_ctx *c, int64_t after_seq, int limit,
                   store_user_cb cb, void *ctx, bool *more, struct qerr *e);

#endif
