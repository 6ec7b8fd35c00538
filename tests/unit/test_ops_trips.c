/*
 * test_ops_trips.c — the trip procedures of src/ops/trips.c called
 * without HTTP (request, decide, depart, get, the person's list and
 * violations), the typed tables against their descriptions, and migration
 * 0020_typed_trips moving a full trip and its violation, as 0.1.0 stored
 * them, into the typed rows: each read back answers the stored document.
 */
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/auditlog.h"
#include "http/enc.h"
#include "ops/trips.h"
#include "store/tables_trips.h"
#include "ops_world.h"
#include "person_put.h"
#include "tap.h"

#define TRIPS_STEP "0020_typed_trips"

/* A departed trip with its violation, as 0.1.0 kept them (JSON_SORT_KEYS). */
static const char old_violation[] =
	"{\"admitted\":\"now\",\"article\":\"32\",\"code\":\"travel_not_approved\","
	"\"consequence\":\"administrative liability under CAO Art. 504 part 2\","
	"\"country\":\"TR\",\"date\":\"2025-06-02\",\"id\":\"violation_00000000000000b1\","
	"\"liability\":\"CAO 504.2\",\"person_id\":\"person_00000000000000a1\","
	"\"trip_id\":\"trip_00000000000000c1\"}";
static const char old_trip_fmt[] =
	"{\"approval\":null,\"country\":\"TR\",\"depart_on\":\"2025-06-02\","
	"\"departed_on\":\"2025-06-02\",\"id\":\"trip_00000000000000c1\","
	"\"org_id\":\"org_00000000000000a1\",\"person_id\":\"person_00000000000000a1\","
	"\"purpose\":\"a conference\",\"refusal\":null,\"requested_on\":\"2025-06-01\","
	"\"return_on\":\"2025-06-09\",\"state\":\"departed\",\"violation\":%s}";
static const char old_trip2[] =
	"{\"approval\":{\"by\":\"user_00000000000000a1\",\"date\":\"2025-06-02\"},"
	"\"country\":\"CN\",\"depart_on\":\"2025-07-01\",\"departed_on\":null,"
	"\"id\":\"trip_00000000000000c2\",\"org_id\":\"org_00000000000000a1\","
	"\"person_id\":\"person_00000000000000a1\",\"purpose\":null,"
	"\"refusal\":{\"by\":\"user_00000000000000a2\",\"date\":\"2025-06-03\"},"
	"\"requested_on\":\"2025-06-02\",\"return_on\":\"2025-07-10\",\"state\":\"approved\","
	"\"violation\":null}";

static void
migration_moves_records(const char *dbpath)
{
	struct store *s = NULL;
	struct store_tx *tx;
	struct qerr e = {0};
	char trip1[2048];
	json_error_t jerr;
	json_t *want;

	CHECK(store_open(dbpath, STORE_OPEN_CREATE, &s, &e) == 0);
	if (s == NULL)
		return;
	store_close(s);
	s = NULL;
	snprintf(trip1, sizeof trip1, old_trip_fmt, old_violation);
	{
		sqlite3 *db = NULL;
		char *sql = sqlite3_mprintf(
			"DELETE FROM schema_migration WHERE name = %Q;"
			"INSERT INTO record(kind, id, org_id, parent_id, ref, state, doc) VALUES"
			" ('trip', 'trip_00000000000000c1', 'org_00000000000000a1',"
			"  'person_00000000000000a1', '', 'departed', %Q),"
			" ('violation', 'violation_00000000000000b1', 'org_00000000000000a1',"
			"  'person_00000000000000a1', '', 'recorded', %Q),"
			" ('trip', 'trip_00000000000000c2', 'org_00000000000000a1',"
			"  'person_00000000000000a1', '', 'approved', %Q);",
			TRIPS_STEP, trip1, old_violation, old_trip2);

		CHECK(sql != NULL);
		CHECK(sqlite3_open(dbpath, &db) == SQLITE_OK);
		CHECK(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK);
		sqlite3_free(sql);
		sqlite3_close(db);
	}
	CHECK(store_open(dbpath, 0, &s, &e) == 0);
	if (s == NULL)
		return;
	CHECK(store_begin(s, false, &tx, &e) == 0);
	{
		struct ops_trip t;
		struct ops_ctx c = {.store = s};
		struct store_query q = {.kind = "trip"};
		int64_t n = -1;
		json_t *j;
		struct violation_rec *vs = NULL;
		size_t nv = 0;

		c.actor.cross_org = true;
		/* the records are gone, the rows answer them */
		CHECK(store_rec_count(tx, &q, &n, &e) == 0 && n == 0);
		store_rollback(tx);
		tx = NULL;
		CHECK(ops_trip_get(&c, "trip_00000000000000c1", &t, &e) == 0);
		want = json_loads(trip1, 0, &jerr);
		j = enc_trip(&t);
		CHECK(want != NULL && j != NULL && json_equal(j, want));
		CHECK(t.t.h.seq > 0 && strcmp(t.t.purpose, "a conference") == 0);
		json_decref(j);
		json_decref(want);
		ops_trip_free(&t);
		CHECK(ops_trip_get(&c, "trip_00000000000000c2", &t, &e) == 0);
		want = json_loads(old_trip2, 0, &jerr);
		j = enc_trip(&t);
		CHECK(want != NULL && j != NULL && json_equal(j, want));
		json_decref(j);
		json_decref(want);
		ops_trip_free(&t);
		CHECK(store_begin(s, false, &tx, &e) == 0);
		CHECK(ops_violations_of_person(tx, "person_00000000000000a1", &vs, &nv, &e) == 0);
		want = json_loads(old_violation, 0, &jerr);
		j = nv == 1 ? enc_violation(&vs[0]) : NULL;
		CHECK(nv == 1 && j != NULL && json_equal(j, want));
		json_decref(j);
		json_decref(want);
		ops_violations_free(vs, nv);
	}
	store_rollback(tx);
	store_close(s);
}

static int
count_cb(void *ctx, const void *row)
{
	(void)row;
	(*(int *)ctx)++;
	return 0;
}

int
main(void)
{
	char dbpath2[300], org[STORE_ID_MAX], person[STORE_ID_MAX], t1[STORE_ID_MAX];
	struct crypto_keys *keys;
	struct store *s = NULL;
	struct store_tx *tx;
	struct qerr e = {0};
	struct ops_ctx c;
	struct ops_trip t;
	struct ops_trip_args a = {.country = "TR"};
	int64_t n0;
	int n;

	if (ops_world_open("opstrips", &keys, &s) != 0)
		return 1;
	snprintf(dbpath2, sizeof dbpath2, "%s/m.db", dir);
	migration_moves_records(dbpath2);
	if (keys == NULL || s == NULL)
		return tap_done();

	/* The migration's tables are their descriptions. */
	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(store_table_check(tx, &store_trip_table, &e) == 0);
	CHECK(store_table_check(tx, &store_violation_table, &e) == 0);
	store_rollback(tx);

	ops_world_ctx(&c, s, keys);
	q_strlcpy(c.actor.user_id, "user_ab", sizeof c.actor.user_id);
	store_id_new("org", org);
	store_id_new("person", person);
	q_strlcpy(c.actor.org_id, org, sizeof c.actor.org_id);
	{
		json_t *pd = json_pack("{s:s}", "full_name", "A. B.");

		CHECK(person_put(s, person, org, "employed", pd) == 0);
		json_decref(pd);
	}
	n0 = audit_n(s);

	/* 404 an unknown person; 400 a return before the departure */
	a.person_id = "person_none";
	a.depart_on = date_from_ymd(2026, 3, 10);
	a.return_on = date_from_ymd(2026, 3, 5);
	CHECK(ops_trip_request(&c, &a, &t, &e) == -1 && e.status == QERR_NOT_FOUND);
	qerr_clear(&e);
	a.person_id = person;
	CHECK(ops_trip_request(&c, &a, &t, &e) == -1 && e.status == QERR_INPUT);
	CHECK_STR(e.field, "return_on");
	qerr_clear(&e);
	CHECK(audit_n(s) == n0);

	/* requested, approved, then no second decision (409, Art. 32) */
	a.return_on = date_from_ymd(2026, 3, 20);
	a.purpose = "talks";
	CHECK(ops_trip_request(&c, &a, &t, &e) == 0);
	CHECK(t.t.state == TRIP_REQUESTED && t.t.requested_on == c.effective_date);
	q_strlcpy(t1, t.t.h.id, sizeof t1);
	ops_trip_free(&t);
	CHECK(ops_trip_decide(&c, t1, true, &t, &e) == 0);
	CHECK(t.t.state == TRIP_APPROVED && strcmp(t.t.approved_by, "user_ab") == 0);
	ops_trip_free(&t);
	CHECK(ops_trip_decide(&c, t1, false, &t, &e) == -1 && e.status == QERR_CONFLICT);
	CHECK_STR(e.code, "invalid_state");
	CHECK_STR(e.article, "32");
	qerr_clear(&e);

	/* an approved departure of a person without clearance: no violation */
	CHECK(ops_trip_depart(&c, t1, &t, &e) == 0);
	CHECK(t.t.state == TRIP_DEPARTED && t.v.h.id[0] == '\0');
	{
		json_t *j = enc_trip(&t);

		CHECK(j != NULL && json_is_null(json_object_get(j, "violation")));
		CHECK(j != NULL && json_is_object(json_object_get(j, "approval")));
		CHECK(j != NULL && json_is_null(json_object_get(j, "refusal")));
		CHECK_STR(json_string_value(json_object_get(j, "purpose")), "talks");
		json_decref(j);
	}
	ops_trip_free(&t);
	CHECK(ops_trip_depart(&c, t1, &t, &e) == -1 && e.status == QERR_CONFLICT);
	qerr_clear(&e);
	CHECK(audit_n(s) == n0 + 3);

	/* a refused trip */
	a.purpose = NULL;
	CHECK(ops_trip_request(&c, &a, &t, &e) == 0);
	q_strlcpy(t1, t.t.h.id, sizeof t1);
	ops_trip_free(&t);
	CHECK(ops_trip_decide(&c, t1, false, &t, &e) == 0);
	CHECK(t.t.state == TRIP_REFUSED && t.t.refused_on == c.effective_date);
	ops_trip_free(&t);

	/* the person's list, in order; reads scoped (403) */
	CHECK(store_begin(s, false, &tx, &e) == 0);
	n = 0;
	CHECK(ops_trips_of_person(tx, person, 0, 0, count_cb, &n, &e) == 2 && n == 2);
	n = 0;
	CHECK(ops_trips_of_person(tx, person, 0, 1, count_cb, &n, &e) == 1 && n == 1);
	store_rollback(tx);
	CHECK(ops_trip_get(&c, t1, &t, &e) == 0);
	ops_trip_free(&t);
	q_strlcpy(c.actor.org_id, "org_elsewhere", sizeof c.actor.org_id);
	CHECK(ops_trip_get(&c, t1, &t, &e) == -1 && e.status == QERR_FORBIDDEN);
	qerr_clear(&e);
	CHECK(ops_trip_get(&c, "trip_none", &t, &e) == -1 && e.status == QERR_NOT_FOUND);
	qerr_clear(&e);
	/* the person's trips: 404, then 403, before the list */
	CHECK(ops_trips_person_scoped(&c, person, &e) == -1 && e.status == QERR_FORBIDDEN);
	qerr_clear(&e);
	CHECK(ops_trips_person_scoped(&c, "person_none", &e) == -1 && e.status == QERR_NOT_FOUND);
	qerr_clear(&e);
	q_strlcpy(c.actor.org_id, org, sizeof c.actor.org_id);
	CHECK(ops_trips_person_scoped(&c, person, &e) == 0);

	ops_world_verify(s, keys);
	ops_world_close(&c, s, keys);
	return tap_done();
}
