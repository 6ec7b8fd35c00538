/*
 * sqlite_accounts.c — user accounts, sessions and login-failure counters.
 *
 * Tables: account (seq, id unique, login unique -> 409 "duplicate", pwhash,
 * roles, org_id, person_id, disabled); session (token_hash BLOB primary key,
 * user_id referencing account(id), created, last_seen; indexed for purge);
 * login_throttle (login_key, address primary key; first, last, failures,
 * refused, reported) indexed by first and by address; login_budget (one
 * row: the audit budget of failed logins of the current minute).
 *
 * Owns: nothing past a call.
 *
 * Never: stores a bearer token (only its SHA-256, computed by the caller) or
 * a password (only the encoded Argon2id hash); compares secrets here (the
 * lookup by token hash is an index probe on a hash, not on the token).
 *
 * Never: stores a login name nobody has (the caller passes a user id or a
 * keyed hash as login_key, crypto_login_hash()).
 *
 * Untrusted input: logins, login keys, client addresses and token hashes
 * come from requests; all are bound as parameters. Values read back that do
 * not fit their fixed-size fields are refused as 500, never truncated.
 */
#include "store/db.h"

#include <string.h>

#define USER_COLS \
	"seq, id, login, pwhash, roles, org_id, person_id, disabled, must_change_password"

static const char SQL_USER_INSERT[] =
	"INSERT INTO account(id, login, pwhash, roles, org_id, person_id, disabled,"
	" must_change_password) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING seq";
static const char SQL_USER_UPDATE[] =
	"UPDATE account SET login = ?2, pwhash = ?3, roles = ?4, org_id = ?5,"
	" person_id = ?6, disabled = ?7, must_change_password = ?8 WHERE id = ?1";
static const char SQL_USER_GET[] =
	"SELECT " USER_COLS " FROM account WHERE id = ?1";
static const char SQL_USER_BY_LOGIN[] =
	"SELECT " USER_COLS " FROM account WHERE login = ?1";
static const char SQL_USER_LIST[] =
	"SELECT " USER_COLS " FROM account WHERE seq > ?1 ORDER BY seq LIMIT ?2";

static const char SQL_SESSION_INSERT[] =
	"INSERT INTO session(token_hash, user_id, created, last_seen)"
	" VALUES (?1, ?2, ?3, ?4)";
static const char SQL_SESSION_GET[] =
	"SELECT user_id, created, last_seen FROM session WHERE token_hash = ?1";
static const char SQL_SESSION_TOUCH[] =
	"UPDATE session SET last_seen = ?2 WHERE token_hash = ?1";
static const char SQL_SESSION_DELETE[] =
	"DELETE FROM session WHERE token_hash = ?1";
static const char SQL_SESSION_PURGE[] =
	"DELETE FROM session WHERE created < ?1 OR last_seen < ?2";

#define THROTTLE_COLS "login_key, address, first, last, failures, refused, reported"

static const char SQL_THROTTLE_GET[] =
	"SELECT " THROTTLE_COLS " FROM login_throttle WHERE login_key = ?1 AND address = ?2";
static const char SQL_THROTTLE_PUT[] =
	"INSERT INTO login_throttle(" THROTTLE_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
	" ON CONFLICT(login_key, address) DO UPDATE SET first = excluded.first,"
	" last = excluded.last, failures = excluded.failures, refused = excluded.refused,"
	" reported = excluded.reported";
static const char SQL_THROTTLE_DELETE[] =
	"DELETE FROM login_throttle WHERE login_key = ?1 AND address = ?2";
static const char SQL_THROTTLE_FAILURES[] =
	"SELECT coalesce(sum(failures), 0) FROM login_throttle"
	" WHERE login_key = ?1 AND first > ?2";
static const char SQL_THROTTLE_FIND[] =
	"SELECT " THROTTLE_COLS " FROM login_throttle"
	" WHERE (?1 IS NULL OR login_key = ?1) AND (?2 IS NULL OR address = ?2)"
	" AND first <= ?3 ORDER BY first LIMIT ?4";
static const char SQL_BUDGET_GET[] =
	"SELECT minute, used, dropped, dropped_first, dropped_last FROM login_budget"
	" WHERE id = 1";
static const char SQL_BUDGET_PUT[] =
	"INSERT INTO login_budget(id, minute, used, dropped, dropped_first, dropped_last)"
	" VALUES (1, ?1, ?2, ?3, ?4, ?5) ON CONFLICT(id) DO UPDATE SET"
	" minute = excluded.minute, used = excluded.used, dropped = excluded.dropped,"
	" dropped_first = excluded.dropped_first, dropped_last = excluded.dropped_last";

/* ---- shared ----------------------------------------------------------- */

/* Runs a statement that returns no rows. *changes (may be NULL) receives
 * the number of rows it changed. Puts st back. */
static int
run(struct store_tx *tx, struct db_stmt *st, int bindrc, int *changes,
    const char *op, struct qerr *e)
{
	int rc = bindrc == DB_OK ? db_step(st) : bindrc;

	if (changes != NULL)
		*changes = rc == DB_DONE ? db_changes(tx) : 0;
	store_stmt_put(tx, st);
	return rc == DB_DONE ? 0 : store_db_err(e, rc, op);
}

/* ---- users ------------------------------------------------------------ */

static int
user_from_row(struct db_stmt *st, struct store_user *u, struct qerr *e)
{
	memset(u, 0, sizeof *u);
	u->seq = db_col_int64(st, 0);
	if (store_col_copy(st, 1, u->id, sizeof u->id) != 0 ||
	    store_col_copy(st, 2, u->login, sizeof u->login) != 0 ||
	    store_col_copy(st, 3, u->pwhash, sizeof u->pwhash) != 0 ||
	    store_col_copy(st, 4, u->roles, sizeof u->roles) != 0 ||
	    store_col_copy(st, 5, u->org_id, sizeof u->org_id) != 0 ||
	    store_col_copy(st, 6, u->person_id, sizeof u->person_id) != 0)
		return qerr_internal(e, "user read: column too long");
	u->disabled = db_col_int(st, 7) != 0;
	u->must_change_password = db_col_int(st, 8) != 0;
	return 0;
}

static int
user_bind(struct db_stmt *st, const struct store_user *u)
{
	int rc = store_bind_field(st, 1, u->id, sizeof u->id);

	if (rc == DB_OK)
		rc = store_bind_field(st, 2, u->login, sizeof u->login);
	if (rc == DB_OK)
		rc = store_bind_field(st, 3, u->pwhash, sizeof u->pwhash);
	if (rc == DB_OK)
		rc = store_bind_field(st, 4, u->roles, sizeof u->roles);
	if (rc == DB_OK)
		rc = store_bind_field(st, 5, u->org_id, sizeof u->org_id);
	if (rc == DB_OK)
		rc = store_bind_field(st, 6, u->person_id, sizeof u->person_id);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 7, u->disabled ? 1 : 0);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 8, u->must_change_password ? 1 : 0);
	return rc;
}

int
store_user_insert(struct store_tx *tx, struct store_user *u, struct qerr *e)
{
	struct db_stmt *st;
	int ret;

	if (store_tx_writable(tx, "user insert", e) != 0)
		return -1;
	if (u->id[0] == '\0' || u->login[0] == '\0')
		return qerr_internal(e, "user insert: no id or login");
	if (store_stmt_get(tx, SQL_USER_INSERT, &st, e) != 0)
		return -1;
	ret = user_bind(st, u);
	if (ret == DB_OK)
		ret = db_step(st);
	if (ret == DB_ROW)
		u->seq = db_col_int64(st, 0);
	store_stmt_put(tx, st);
	return ret == DB_ROW ? 0 : store_db_err(e, ret, "user insert");
}

int
store_user_update(struct store_tx *tx, const struct store_user *u, struct qerr *e)
{
	struct db_stmt *st;
	int n;

	if (store_tx_writable(tx, "user update", e) != 0 ||
	    store_stmt_get(tx, SQL_USER_UPDATE, &st, e) != 0)
		return -1;
	if (run(tx, st, user_bind(st, u), &n, "user update", e) != 0)
		return -1;
	return n == 0 ? qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL) : 0;
}

static int
user_one(struct store_tx *tx, const char *sql, const char *key,
         struct store_user *out, const char *op, struct qerr *e)
{
	struct db_stmt *st;
	int rc, ret;

	memset(out, 0, sizeof *out);
	if (store_tx_usable(tx, op, e) != 0)
		return -1;
	if (key == NULL || key[0] == '\0')
		return qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
	if (store_stmt_get(tx, sql, &st, e) != 0)
		return -1;
	store_bind_str(st, 1, key);
	rc = db_step(st);
	if (rc == DB_ROW)
		ret = user_from_row(st, out, e);
	else if (rc == DB_DONE)
		ret = qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
	else
		ret = store_db_err(e, rc, op);
	store_stmt_put(tx, st);
	return ret;
}

int
store_user_get(struct store_tx *tx, const char *id, struct store_user *out,
               struct qerr *e)
{
	return user_one(tx, SQL_USER_GET, id, out, "user get", e);
}

int
store_user_by_login(struct store_tx *tx, const char *login,
                    struct store_user *out, struct qerr *e)
{
	return user_one(tx, SQL_USER_BY_LOGIN, login, out, "user by login", e);
}

int
store_user_list(struct store_tx *tx, int64_t after_seq, int limit,
                store_user_cb cb, void *ctx, struct qerr *e)
{
	struct db_stmt *st;
	int rc, ret = 0;

	if (limit < 1)
		limit = 1;
	if (limit > STORE_PAGE_MAX)
		limit = STORE_PAGE_MAX;
	if (store_tx_usable(tx, "user list", e) != 0 ||
	    store_stmt_get(tx, SQL_USER_LIST, &st, e) != 0)
		return -1;
	db_bind_int64(st, 1, after_seq);
	db_bind_int64(st, 2, limit);
	while ((rc = db_step(st)) == DB_ROW) {
		struct store_user u;

		if (user_from_row(st, &u, e) != 0) {
			ret = -1;
			break;
		}
		ret = cb(ctx, &u);
		if (ret != 0)
			break;
	}
	if (ret == 0 && rc != DB_DONE)
		ret = store_db_err(e, rc, "user list");
	store_stmt_put(tx, st);
	return ret;
}

/* ---- sessions --------------------------------------------------------- */

int
store_session_insert(struct store_tx *tx, const struct store_session *s,
                     struct qerr *e)
{
	struct db_stmt *st;
	int rc;

	if (store_tx_writable(tx, "session insert", e) != 0 ||
	    store_stmt_get(tx, SQL_SESSION_INSERT, &st, e) != 0)
		return -1;
	rc = db_bind_blob(st, 1, s->token_hash, STORE_HASH_SIZE);
	if (rc == DB_OK)
		rc = store_bind_field(st, 2, s->user_id, sizeof s->user_id);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 3, s->created);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 4, s->last_seen);
	return run(tx, st, rc, NULL, "session insert", e);
}

int
store_session_get(struct store_tx *tx, const uint8_t hash[STORE_HASH_SIZE],
                  struct store_session *out, struct qerr *e)
{
	struct db_stmt *st;
	int rc, ret = 0;

	memset(out, 0, sizeof *out);
	if (store_tx_usable(tx, "session get", e) != 0 ||
	    store_stmt_get(tx, SQL_SESSION_GET, &st, e) != 0)
		return -1;
	db_bind_blob(st, 1, hash, STORE_HASH_SIZE);
	rc = db_step(st);
	if (rc == DB_ROW) {
		memcpy(out->token_hash, hash, STORE_HASH_SIZE);
		if (store_col_copy(st, 0, out->user_id, sizeof out->user_id) != 0)
			ret = qerr_internal(e, "session get: user id too long");
		out->created = db_col_int64(st, 1);
		out->last_seen = db_col_int64(st, 2);
	} else if (rc == DB_DONE) {
		ret = qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
	} else {
		ret = store_db_err(e, rc, "session get");
	}
	store_stmt_put(tx, st);
	return ret;
}

/* Runs a single-hash write; 404 when no session has the hash. */
static int
session_by_hash(struct store_tx *tx, const char *sql,
                const uint8_t hash[STORE_HASH_SIZE], bool with_time,
                int64_t t, const char *op, struct qerr *e)
{
	struct db_stmt *st;
	int rc, n;

	if (store_tx_writable(tx, op, e) != 0 ||
	    store_stmt_get(tx, sql, &st, e) != 0)
		return -1;
	rc = db_bind_blob(st, 1, hash, STORE_HASH_SIZE);
	if (rc == DB_OK && with_time)
		rc = db_bind_int64(st, 2, t);
	if (run(tx, st, rc, &n, op, e) != 0)
		return -1;
	return n == 0 ? qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL) : 0;
}

int
store_session_touch(struct store_tx *tx, const uint8_t hash[STORE_HASH_SIZE],
                    int64_t last_seen, struct qerr *e)
{
	return session_by_hash(tx, SQL_SESSION_TOUCH, hash, true, last_seen,
	                       "session touch", e);
}

int
store_session_delete(struct store_tx *tx, const uint8_t hash[STORE_HASH_SIZE],
                     struct qerr *e)
{
	return session_by_hash(tx, SQL_SESSION_DELETE, hash, false, 0,
	                       "session delete", e);
}

int
store_session_purge(struct store_tx *tx, int64_t created_before,
                    int64_t seen_before, struct qerr *e)
{
	struct db_stmt *st;
	int rc;

	if (store_tx_writable(tx, "session purge", e) != 0 ||
	    store_stmt_get(tx, SQL_SESSION_PURGE, &st, e) != 0)
		return -1;
	rc = db_bind_int64(st, 1, created_before);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 2, seen_before);
	return run(tx, st, rc, NULL, "session purge", e);
}

/* ---- login throttling ------------------------------------------------- */

static int
throttle_from_row(struct db_stmt *st, struct store_throttle *t, struct qerr *e)
{
	memset(t, 0, sizeof *t);
	if (store_col_copy(st, 0, t->login_key, sizeof t->login_key) != 0 ||
	    store_col_copy(st, 1, t->address, sizeof t->address) != 0)
		return qerr_internal(e, "throttle read: column too long");
	t->first = db_col_int64(st, 2);
	t->last = db_col_int64(st, 3);
	t->failures = db_col_int64(st, 4);
	t->refused = db_col_int64(st, 5);
	t->reported = db_col_int64(st, 6);
	return 0;
}

/* Binds the pair as ?1 and ?2 (each at most STORE_REF_MAX bytes). */
static int
throttle_bind_pair(struct db_stmt *st, const char *login_key, const char *address)
{
	int rc = store_bind_field(st, 1, login_key ? login_key : "", STORE_REF_MAX);

	if (rc == DB_OK)
		rc = store_bind_field(st, 2, address ? address : "", STORE_REF_MAX);
	return rc;
}

int
store_throttle_get(struct store_tx *tx, const char *login_key, const char *address,
                   struct store_throttle *out, struct qerr *e)
{
	struct db_stmt *st;
	int rc, ret;

	memset(out, 0, sizeof *out);
	if (store_tx_usable(tx, "throttle get", e) != 0 ||
	    store_stmt_get(tx, SQL_THROTTLE_GET, &st, e) != 0)
		return -1;
	rc = throttle_bind_pair(st, login_key, address);
	if (rc == DB_OK)
		rc = db_step(st);
	if (rc == DB_ROW)
		ret = throttle_from_row(st, out, e);
	else if (rc == DB_DONE)
		ret = qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
	else
		ret = store_db_err(e, rc, "throttle get");
	store_stmt_put(tx, st);
	return ret;
}

int
store_throttle_put(struct store_tx *tx, const struct store_throttle *t, struct qerr *e)
{
	struct db_stmt *st;
	int rc;

	if (store_tx_writable(tx, "throttle put", e) != 0 ||
	    store_stmt_get(tx, SQL_THROTTLE_PUT, &st, e) != 0)
		return -1;
	rc = throttle_bind_pair(st, t->login_key, t->address);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 3, t->first);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 4, t->last);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 5, t->failures);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 6, t->refused);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 7, t->reported);
	return run(tx, st, rc, NULL, "throttle put", e);
}

int
store_throttle_delete(struct store_tx *tx, const char *login_key, const char *address,
                      struct qerr *e)
{
	struct db_stmt *st;

	if (store_tx_writable(tx, "throttle delete", e) != 0 ||
	    store_stmt_get(tx, SQL_THROTTLE_DELETE, &st, e) != 0)
		return -1;
	return run(tx, st, throttle_bind_pair(st, login_key, address), NULL,
	           "throttle delete", e);
}

int
store_throttle_failures(struct store_tx *tx, const char *login_key, int64_t since,
                        int64_t *n, struct qerr *e)
{
	struct db_stmt *st;
	int rc, ret = 0;

	*n = 0;
	if (store_tx_usable(tx, "throttle failures", e) != 0 ||
	    store_stmt_get(tx, SQL_THROTTLE_FAILURES, &st, e) != 0)
		return -1;
	rc = store_bind_field(st, 1, login_key ? login_key : "", STORE_REF_MAX);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 2, since);
	if (rc == DB_OK)
		rc = db_step(st);
	if (rc == DB_ROW)
		*n = db_col_int64(st, 0);
	else
		ret = store_db_err(e, rc, "throttle failures");
	store_stmt_put(tx, st);
	return ret;
}

int
store_throttle_find(struct store_tx *tx, const char *login_key, const char *address,
                    int64_t first_max, struct store_throttle *out, int max, int *n,
                    struct qerr *e)
{
	struct db_stmt *st;
	int rc = DB_OK, ret = 0;

	*n = 0;
	if (max < 1)
		return 0;
	if (store_tx_usable(tx, "throttle find", e) != 0 ||
	    store_stmt_get(tx, SQL_THROTTLE_FIND, &st, e) != 0)
		return -1;
	if (login_key != NULL)
		rc = store_bind_field(st, 1, login_key, STORE_REF_MAX);
	if (rc == DB_OK && address != NULL)
		rc = store_bind_field(st, 2, address, STORE_REF_MAX);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 3, first_max);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 4, max);
	while (rc == DB_OK || rc == DB_ROW) {
		rc = db_step(st);
		if (rc != DB_ROW)
			break;
		if (throttle_from_row(st, &out[*n], e) != 0) {
			ret = -1;
			break;
		}
		(*n)++;
	}
	if (ret == 0 && rc != DB_DONE)
		ret = store_db_err(e, rc, "throttle find");
	store_stmt_put(tx, st);
	return ret;
}

int
store_login_budget_get(struct store_tx *tx, struct store_login_budget *out,
                       struct qerr *e)
{
	struct db_stmt *st;
	int rc, ret = 0;

	memset(out, 0, sizeof *out);
	if (store_tx_usable(tx, "login budget get", e) != 0 ||
	    store_stmt_get(tx, SQL_BUDGET_GET, &st, e) != 0)
		return -1;
	rc = db_step(st);
	if (rc == DB_ROW) {
		out->minute = db_col_int64(st, 0);
		out->used = db_col_int64(st, 1);
		out->dropped = db_col_int64(st, 2);
		out->dropped_first = db_col_int64(st, 3);
		out->dropped_last = db_col_int64(st, 4);
	} else if (rc != DB_DONE) {
		ret = store_db_err(e, rc, "login budget get");
	}
	store_stmt_put(tx, st);
	return ret;
}

int
store_login_budget_put(struct store_tx *tx, const struct store_login_budget *b,
                       struct qerr *e)
{
	struct db_stmt *st;
	int rc;

	if (store_tx_writable(tx, "login budget put", e) != 0 ||
	    store_stmt_get(tx, SQL_BUDGET_PUT, &st, e) != 0)
		return -1;
	rc = db_bind_int64(st, 1, b->minute);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 2, b->used);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 3, b->dropped);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 4, b->dropped_first);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 5, b->dropped_last);
	return run(tx, st, rc, NULL, "login budget put", e);
}
