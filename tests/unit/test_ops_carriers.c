/*
 * test_ops_carriers.c — the carriers slice's procedures without HTTP
 * (src/ops/grants.h, src/ops/scope.h): need-to-know grants made and
 * revoked on the typed table access_grant, in the order of answers of
 * SPEC.md §5 (404 unseen target, 403 another organization's person or a
 * target seen but not held, 400 after them, 409 not active, 422
 * org_liquidated recorded by the one refusal path), each success with its
 * audit entry and each failure leaving nothing written; the migration's
 * CREATE TABLE equals the description's; the log verifies.
 */
#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/auditlog.h"
#include "ops/carrier_store.h"
#include "ops/grants.h"
#include "ops/ops.h"
#include "ops/scope.h"
#include "store/tables_carriers.h"
#include "ops_world.h"
#include "tap.h"

static int64_t
grant_count(struct store *s)
{
	struct store_tx *tx;
	struct qerr e = {0};
	int64_t n;

	if (store_begin(s, false, &tx, &e) != 0)
		return -1;
	n = store_row_count(tx, &grant_table, NULL, 0, &e);
	store_rollback(tx);
	return n;
}

static json_t *
carrier(const char *holder)
{
	return json_pack("{s:s, s:[], s:[{s:i, s:s, s:n}]}", "label", "secret",
	                 "information_ids", "copies", "number", 1, "holder_org_id", holder,
	                 "holder_person_id");
}

static int
count_cb(void *ctx, const void *row)
{
	(void)row;
	(*(int *)ctx)++;
	return 0;
}

/* The migration made access_grant as store_table_create_sql() describes. */
static void
schema_matches(const char *dbpath)
{
	char want[4096], *end;
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	const char *got = NULL;

	CHECK(store_table_create_sql(&grant_table, want, sizeof want) == 0);
	/* The first statement, as sqlite_schema keeps it (no IF NOT EXISTS). */
	end = strstr(want, ");\n");
	CHECK(end != NULL && strncmp(want, "CREATE TABLE IF NOT EXISTS ", 27) == 0);
	if (end == NULL)
		return;
	end[1] = '\0';
	memmove(want + 13, want + 27, strlen(want + 27) + 1);
	CHECK(sqlite3_open(dbpath, &db) == SQLITE_OK);
	CHECK(sqlite3_prepare_v2(db, "SELECT sql FROM sqlite_schema WHERE name = 'access_grant'",
	                         -1, &st, NULL) == SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		got = (const char *)sqlite3_column_text(st, 0);
	CHECK_STR(got, want);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

int
main(void)
{
	struct crypto_keys *keys;
	struct store *s = NULL;
	struct store_tx *tx = NULL;
	struct qerr e = {0};
	struct ops_ctx c;
	struct grant_rec g = {0};
	struct ops_grant_create_args ca = {0};
	struct ops_grant_revoke_args ra = {0};
	char gid[STORE_ID_MAX];
	int64_t n0;
	int n;

	if (ops_world_open("ops-carriers", &keys, &s) != 0)
		return 1;
	if (keys == NULL || s == NULL)
		return tap_done();
	schema_matches(world_db);
	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(store_table_check(tx, &grant_table, &e) == 0);
	store_rollback(tx);

	ops_world_put(s, "org", "org_a", "", "", "active", json_object());
	ops_world_put(s, "org", "org_b", "", "", "active", json_object());
	ops_world_put(s, "org", "org_l", "", "", "liquidated", json_object());
	ops_world_put(s, "person", "person_a", "org_a", "", "active", json_object());
	ops_world_put(s, "person", "person_b", "org_b", "", "active", json_object());
	ops_world_put(s, "person", "person_l", "org_l", "", "active", json_object());
	ops_world_put(s, "carrier", "carrier_a", "org_a", "", "registered", carrier("org_a"));
	ops_world_put(s, "carrier", "carrier_b", "org_b", "", "registered", carrier("org_b"));
	/* on org_a's registry, its one copy held by org_b: seen, not held */
	ops_world_put(s, "carrier", "carrier_away", "org_a", "", "registered", carrier("org_b"));
	ops_world_put(s, "carrier", "carrier_l", "org_l", "", "registered", carrier("org_l"));

	ops_world_ctx(&c, s, keys);
	q_strlcpy(c.actor.user_id, "user_a", sizeof c.actor.user_id);
	q_strlcpy(c.actor.org_id, "org_a", sizeof c.actor.org_id);
	n0 = audit_n(s);

	/* scope: holds, sees */
	{
		struct carrier_rec car = {0};
		bool ok = false;

		CHECK(store_begin(s, false, &tx, &e) == 0);
		CHECK(ops_carrier_load(tx, "carrier_away", &car, NULL, &e) == 0);
		CHECK(!ops_scope_carrier_may_grant(&car, "org_a"));
		CHECK(ops_scope_carrier_may_grant(&car, "org_b"));
		CHECK(ops_scope_carrier_sees(tx, &car, "org_a", false, &ok, &e) == 0 && ok);
		CHECK(ops_scope_carrier_sees(tx, &car, "org_b", false, &ok, &e) == 0 && ok);
		CHECK(ops_scope_carrier_sees(tx, &car, "org_l", false, &ok, &e) == 0 && !ok);
		CHECK(ops_scope_carrier_sees(tx, &car, "org_l", true, &ok, &e) == 0 && ok);
		carrier_rec_clear(&car);
		store_rollback(tx);
	}

	/* create: allowed */
	ca.person_id = "person_a";
	ca.carrier_id = "carrier_a";
	ca.until = date_from_ymd(2026, 12, 31);
	CHECK(ops_grants_create(&c, &ca, &g, &e) == 0);
	CHECK(strncmp(g.h.id, "grant_", 6) == 0);
	CHECK_STR(g.org_id, "org_a");
	CHECK_STR(g.granting_org_id, "org_a");
	CHECK_STR(g.granted_by, "user_a");
	CHECK(g.state == GRANT_ACTIVE && g.from == c.effective_date && g.h.version == 1);
	CHECK(audit_n(s) == n0 + 1);
	q_strlcpy(gid, g.h.id, sizeof gid);
	grant_rec_free(&g);

	/* create: refused, nothing written */
	ca.carrier_id = "carrier_b";          /* not seen: 404 */
	CHECK(ops_grants_create(&c, &ca, &g, &e) == -1);
	CHECK(e.status == QERR_NOT_FOUND);
	CHECK_STR(e.field, "carrier_id");
	qerr_clear(&e);
	ca.carrier_id = "carrier_nope";       /* unknown: 404 */
	CHECK(ops_grants_create(&c, &ca, &g, &e) == -1 && e.status == QERR_NOT_FOUND);
	qerr_clear(&e);
	ca.carrier_id = "carrier_away";       /* seen, not held: 403 */
	CHECK(ops_grants_create(&c, &ca, &g, &e) == -1);
	CHECK(e.status == QERR_FORBIDDEN);
	CHECK_STR(e.code, "forbidden_org");
	CHECK_STR(e.field, "carrier_id");
	qerr_clear(&e);
	ca.person_id = "person_b";            /* another organization's person: 403 */
	ca.carrier_id = "carrier_a";
	CHECK(ops_grants_create(&c, &ca, &g, &e) == -1);
	CHECK(e.status == QERR_FORBIDDEN);
	CHECK_STR(e.field, "person_id");
	qerr_clear(&e);
	CHECK(grant_count(s) == 1);
	CHECK(audit_n(s) == n0 + 1);

	/* org_liquidated: a 422 recorded by the one refusal path */
	q_strlcpy(c.actor.org_id, "org_l", sizeof c.actor.org_id);
	q_strlcpy(c.origin, "POST /v1/grants", sizeof c.origin);
	ca.person_id = "person_l";
	ca.carrier_id = "carrier_l";
	CHECK(ops_grants_create(&c, &ca, &g, &e) == -1);
	CHECK(e.status == QERR_RULE && e.audited);
	CHECK_STR(e.code, "org_liquidated");
	qerr_clear(&e);
	CHECK(grant_count(s) == 1);
	CHECK(audit_n(s) == n0 + 2);

	/* revoke: another organization 403, then the body's 400, then ok */
	ra.grant_id = gid;
	ra.reason = "no longer needed";
	CHECK(ops_grants_revoke(&c, &ra, &g, &e) == -1 && e.status == QERR_FORBIDDEN);
	qerr_clear(&e);
	q_strlcpy(c.actor.org_id, "org_a", sizeof c.actor.org_id);
	{
		struct qerr in = {0};

		qerr_input(&in, "missing_field", "reason");
		ra.input = &in;
		CHECK(ops_grants_revoke(&c, &ra, &g, &e) == -1 && e.status == QERR_INPUT);
		CHECK_STR(e.field, "reason");
		qerr_clear(&e);
		ra.input = NULL;
	}
	ra.grant_id = "grant_nope";
	CHECK(ops_grants_revoke(&c, &ra, &g, &e) == -1 && e.status == QERR_NOT_FOUND);
	qerr_clear(&e);
	ra.grant_id = gid;
	c.effective_date = date_from_ymd(2026, 3, 1);   /* before the grant: 409 */
	CHECK(ops_grants_revoke(&c, &ra, &g, &e) == -1 && e.status == QERR_CONFLICT);
	qerr_clear(&e);
	c.effective_date = date_from_ymd(2026, 3, 10);
	CHECK(ops_grants_revoke(&c, &ra, &g, &e) == 0);
	CHECK(g.state == GRANT_REVOKED && g.ended_on == c.effective_date);
	CHECK(g.until == c.effective_date && g.h.version == 2);
	CHECK(g.revocation_reason != NULL && strcmp(g.revocation_reason, ra.reason) == 0);
	CHECK_STR(g.revoked_by, "user_a");
	grant_rec_free(&g);
	CHECK(ops_grants_revoke(&c, &ra, &g, &e) == -1 && e.status == QERR_CONFLICT);
	CHECK_STR(e.code, "invalid_state");
	qerr_clear(&e);
	CHECK(audit_n(s) == n0 + 3);

	/* list: by person and organization */
	CHECK(store_begin(s, false, &tx, &e) == 0);
	n = 0;
	CHECK(ops_grants_list(tx, "org_a", "person_a", 0, 0, count_cb, &n, &e) == 1 && n == 1);
	n = 0;
	CHECK(ops_grants_list(tx, "org_b", NULL, 0, 0, count_cb, &n, &e) == 0 && n == 0);
	{
		int64_t entries = 0, bytes = 0;

		CHECK(audit_verify(tx, (const uint8_t (*)[32])keys->pks, keys->npk, NULL, NULL, &entries, &bytes, &e) == 0);
		CHECK(entries == n0 + 3);
	}
	store_rollback(tx);

	/* The upgrade: a grant still in the record table (as a database made
	 * before 0010_typed_grants keeps it) moves with its id and seq. Only
	 * while 0010_typed_grants is the last step; skipped otherwise. */
	{
		json_t *doc = json_pack("{s:s, s:n, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
		                        "person_id", "person_a", "information_id", "from",
		                        "2025-01-01", "until", "2025-02-01", "granted_by", "user_old",
		                        "state", "revoked", "ended_on", "2025-01-10", "revoked_by",
		                        "user_old", "revocation_reason", "done");
		struct store_rec r = {0};
		int64_t seq = 0;
		sqlite3 *db = NULL;

		q_strlcpy(r.kind, "grant", sizeof r.kind);
		q_strlcpy(r.id, "grant_old", sizeof r.id);
		q_strlcpy(r.org_id, "org_a", sizeof r.org_id);
		q_strlcpy(r.parent_id, "person_a", sizeof r.parent_id);
		q_strlcpy(r.state, "revoked", sizeof r.state);
		json_object_set_new(doc, "carrier_id", json_string("carrier_a"));
		r.doc = doc;
		CHECK(store_begin(s, true, &tx, &e) == 0);
		CHECK(store_rec_insert(tx, &r, &e) == 0);
		seq = r.seq;
		CHECK(store_commit(tx, &e) == 0);
		store_rec_clear(&r);
		store_close(s);
		CHECK(sqlite3_open(world_db, &db) == SQLITE_OK);
		CHECK(sqlite3_exec(db, "UPDATE meta SET value = CAST(value AS INTEGER) - 1"
		                       " WHERE key = 'schema_version'", NULL, NULL, NULL) == SQLITE_OK);
		sqlite3_close(db);
		s = NULL;
		CHECK(store_open(world_db, STORE_OPEN_EXISTING, &s, &e) == 0);
		if (s != NULL && grant_count(s) == 2) {
			CHECK(store_begin(s, false, &tx, &e) == 0);
			CHECK(store_row_get(tx, &grant_table, "grant_old", &g, &e) == 0);
			CHECK(g.h.seq == seq && g.state == GRANT_REVOKED);
			CHECK_STR(g.carrier_id, "carrier_a");
			CHECK_STR(g.information_id, "");
			CHECK_STR(g.granting_org_id, "");
			CHECK(g.from == date_from_ymd(2025, 1, 1) && g.ended_on == date_from_ymd(2025, 1, 10));
			CHECK(g.revocation_reason != NULL && strcmp(g.revocation_reason, "done") == 0);
			grant_rec_free(&g);
			CHECK(store_rec_get(tx, "grant", "grant_old", &r, &e) == -1);
			qerr_clear(&e);
			store_rollback(tx);
		} else {
			printf("# grant upgrade skipped: 0010_typed_grants is not the last step\n");
		}
	}

	ops_world_close(&c, s, keys);
	return tap_done();
}
