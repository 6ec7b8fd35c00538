/*
 * test_ops_persons.c — the procedures of the persons slice of src/ops
 * without HTTP. So far the Art. 5 modes (src/ops/emergency.c): declare
 * (404 an organization named, 400 until before from, 400 no relaxation),
 * end (404, 409 invalid_state outside the period, until = ended_on),
 * the typed reads (in force by organization and day, the period's end),
 * one audit entry per step and none for a failed one; the access
 * decision's clearance inputs (ops_clearances_of_person: state as it
 * stood on a day, an Art. 5 pending verification lapsing after the mode's
 * period as ended early); the tables
 * migration 0015_typed_emergency created equal to their descriptions, and
 * the migration (run again by name) moving the modes kept under the meta key
 * "emergency_modes" into them, each answered as it was stored.
 *
 * Persons and grounds (src/ops/persons.c): the tables of
 * 0018_typed_persons equal to their descriptions; the migration (run again
 * by name) moving full person and ground records into them, each answered
 * as it was stored, with its seq, the records gone; registration (409
 * duplicate on iin, also from the UNIQUE index itself), a ground noted and
 * lifted, an employment change, the typed reads other slices call and the
 * record form the readers not yet typed still get (ops_docs_load).
 */
#include <dirent.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/auditlog.h"
#include "core/clearance.h"
#include "core/clearance_rec.h"
#include "core/ground.h"
#include "http/enc.h"
#include "ops/clearances.h"
#include "ops/docs.h"
#include "ops/emergency.h"
#include "store/tables_clearances.h"
#include "ops/persons.h"
#include "store/tables_persons.h"
#include "ops_world.h"
#include "tap.h"

/* The step the migration test runs again (its row in schema_migration
 * deleted, the 0.1.0 meta array put back). */
#define EMERGENCY_STEP "0015_typed_emergency"
#define PERSONS_STEP "0018_typed_persons"

/* Persons and grounds as the record table kept them (JSON_SORT_KEYS):
 * every field a registration, an employment change, a ground noted with
 * details and the exception, and a lift write. */
static const char *const old_persons[] = {
	"{\"citizenship\":\"KZ\",\"employment_event\":{\"by\":\"user_ab\",\"date\":"
	"\"2025-06-02\",\"event\":\"dismissal\"},\"employment_state\":\"dismissed\","
	"\"full_name\":\"Person One\",\"id\":\"person_00000000000000c1\",\"iin\":"
	"\"000059100089\",\"org_id\":\"org_m1\",\"passport\":null,\"position\":"
	"\"engineer\",\"registered_on\":\"2025-06-01\"}",
	"{\"citizenship\":\"foreign\",\"employment_state\":\"employed\",\"full_name\":"
	"\"Person Two\",\"id\":\"person_00000000000000c2\",\"iin\":null,\"org_id\":"
	"\"org_m1\",\"passport\":\"N 1234\",\"position\":\"translator\","
	"\"registered_on\":\"2025-06-03\"}",
};
static const char *const old_grounds[] = {
	"{\"article\":\"30.1\",\"by\":\"user_ab\",\"details\":\"fine of 2025\","
	"\"exception\":true,\"ground\":\"corruption_admin_penalty\",\"id\":"
	"\"ground_00000000000000d1\",\"lifted_on\":\"2025-05-30\",\"noted_on\":"
	"\"2025-05-20\",\"person_id\":\"person_00000000000000c2\",\"state\":\"lifted\"}",
	"{\"article\":\"30.1\",\"by\":\"user_ab\",\"details\":null,\"exception\":false,"
	"\"ground\":\"residence_abroad\",\"id\":\"ground_00000000000000d2\",\"lifted_on\":"
	"null,\"noted_on\":\"2025-06-01\",\"person_id\":\"person_00000000000000c2\","
	"\"state\":\"in_force\"}",
};

static void
org_add(struct store *s, char id[STORE_ID_MAX])
{
	struct store_tx *tx;
	struct store_rec r = {0};

	q_strlcpy(r.kind, "org", sizeof r.kind);
	store_id_new("org", r.id);
	q_strlcpy(r.state, "active", sizeof r.state);
	r.doc = json_pack("{s:s}", "id", r.id);
	if (store_begin(s, true, &tx, NULL) == 0) {
		if (org_row_insert(tx, r.id, "active", r.doc, NULL) == 0)
			store_commit(tx, NULL);
		else
			store_rollback(tx);
	}
	q_strlcpy(id, r.id, STORE_ID_MAX);
	store_rec_clear(&r);
}

/* A clearance of person in its typed row, from the fields of doc as the
 * API shows them (form, granted_on, terminated_on, verification_pending,
 * decision.emergency {id, verification_due_on}). */
static qdate
doc_day(const json_t *o, const char *k)
{
	qdate d;
	const char *v = json_string_value(json_object_get(o, k));

	return v != NULL && date_parse(v, &d) == 0 ? d : QDATE_NONE;
}

static void
clearance_add(struct store *s, const char *person, const char *state, json_t *doc)
{
	struct store_tx *tx;
	struct clearance_rec c;
	const json_t *em = json_object_get(json_object_get(doc, "decision"), "emergency");

	CHECK(doc != NULL);
	clearance_rec_init(&c);
	store_id_new("clearance", c.h.id);
	q_strlcpy(c.person_id, person, sizeof c.person_id);
	q_strlcpy(c.org_id, "org_x1", sizeof c.org_id);
	c.state = (int)clearance_state_parse(state);
	c.form = (int)degree_parse(json_string_value(json_object_get(doc, "form")));
	c.registered_on = c.granted_on = c.decided_on = doc_day(doc, "granted_on");
	c.decision = CLEARANCE_DECISION_GRANT;
	c.terminated_on = doc_day(doc, "terminated_on");
	if (c.terminated_on != QDATE_NONE)
		c.end_reason = CLEARANCE_END_DISMISSAL;
	c.verification_pending = json_is_true(json_object_get(doc, "verification_pending"));
	if (em != NULL) {
		q_strlcpy(c.emergency_id, json_string_value(json_object_get(em, "id")),
		          sizeof c.emergency_id);
		c.verification_due_on = doc_day(em, "verification_due_on");
	}
	if (store_begin(s, true, &tx, NULL) == 0) {
		if (org_row_ensure(tx, c.org_id, NULL) == 0 &&
		    store_row_insert(tx, &store_clearance_table, &c, NULL) == 0)
			store_commit(tx, NULL);
		else
			store_rollback(tx);
	}
	json_decref(doc);
}

/* The access decision's clearance inputs on day `on`: n and the states in
 * order. */
static void
clearances_on(struct store *s, const char *person, qdate on, size_t want_n,
              const enum access_clearance_state *want)
{
	struct store_tx *tx;
	struct access_clearance *cl = NULL;
	size_t n = 0;
	struct qerr e = {0};

	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(ops_clearances_of_person(tx, person, 7, on, &cl, &n, &e) == 0);
	store_rollback(tx);
	CHECK(n == want_n);
	for (size_t i = 0; i < n && i < want_n; i++) {
		CHECK(cl[i].state == want[i]);
		CHECK(cl[i].person == 7);
	}
	if (n > 0)
		CHECK(cl[0].form == DEGREE_TOP_SECRET);
	free(cl);
}

/* Two modes as 0.1.0 kept them (the meta array, JSON_SORT_KEYS). */
static const char old_modes[] =
	"[{\"article\":\"5\",\"declared_by\":\"user_ab\",\"declared_on\":\"2025-03-01\","
	"\"decree_ref\":\"Decree No. 1\",\"ended_on\":\"2025-03-10\",\"from\":\"2025-03-01\","
	"\"id\":\"emergency_00000000000000a1\",\"kind\":\"emergency\",\"org_ids\":[],"
	"\"relaxations\":[\"verification_pending\"],\"until\":\"2025-03-10\"},"
	"{\"area\":\"North\",\"article\":\"5\",\"declared_by\":\"user_ab\","
	"\"declared_on\":\"2025-04-01\",\"decree_ref\":\"Decree No. 2\","
	"\"effective_date\":\"2025-04-01\",\"from\":\"2025-04-01\","
	"\"id\":\"emergency_00000000000000a2\",\"kind\":\"martial_law\","
	"\"org_ids\":[\"org_x1\",\"org_x2\"],\"relaxations\":[\"verification_pending\"],"
	"\"until\":\"2025-06-30\"}]";

static void
migration_moves_meta(const char *dbpath)
{
	struct store *s = NULL;
	struct store_tx *tx;
	struct qerr e = {0};
	char buf[64];
	json_t *want;
	json_error_t jerr;

	CHECK(store_open(dbpath, STORE_OPEN_CREATE, &s, &e) == 0);
	if (s == NULL)
		return;
	store_close(s);
	s = NULL;
	{
		sqlite3 *db = NULL;
		char *sql = sqlite3_mprintf(
			"DELETE FROM schema_migration WHERE name = %Q;"
			"INSERT OR REPLACE INTO meta(key, value) VALUES ('emergency_modes', %Q);",
			EMERGENCY_STEP, old_modes);

		CHECK(sql != NULL);
		CHECK(sqlite3_open(dbpath, &db) == SQLITE_OK);
		CHECK(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK);
		CHECK(sqlite3_total_changes(db) == 2);   /* the step forgotten, the array back */
		sqlite3_free(sql);
		sqlite3_close(db);
	}

	CHECK(store_open(dbpath, 0, &s, &e) == 0);
	if (s == NULL)
		return;
	want = json_loads(old_modes, 0, &jerr);
	CHECK(want != NULL);
	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(store_meta_get(tx, "emergency_modes", buf, sizeof buf, &e) == 0);
	CHECK_STR(buf, "");
	{
		struct emergency_mode_rec *m = NULL;
		size_t n = 0;

		CHECK(ops_emergency_modes(tx, &m, &n, &e) == 0);
		CHECK(n == 2);
		for (size_t i = 0; i < n && i < 2; i++) {
			json_t *j = enc_emergency_mode(&m[i]);

			CHECK(j != NULL && json_equal(j, json_array_get(want, i)));
			json_decref(j);
		}
		if (n == 2) {
			CHECK(m[0].h.seq < m[1].h.seq);
			CHECK(m[1].norgs == 2 && m[1].nrelax == 1);
			CHECK(ops_emergency_covers(&m[1], "org_x2", date_from_ymd(2025, 5, 1)));
			CHECK(!ops_emergency_covers(&m[1], "org_x3", date_from_ymd(2025, 5, 1)));
			CHECK(ops_emergency_covers(&m[0], "org_any", date_from_ymd(2025, 3, 10)));
			CHECK(!ops_emergency_covers(&m[0], "org_any", date_from_ymd(2025, 3, 11)));
		}
		ops_emergency_modes_free(m, n);
	}
	store_rollback(tx);
	json_decref(want);
	store_close(s);
}

static int
count_cb(void *ctx, const void *row)
{
	(void)row;
	(*(int *)ctx)++;
	return 0;
}

/* 0018_typed_persons run again over person and ground records: each read
 * back typed answers as it was stored, with its seq; the records are gone. */
static void
migration_moves_persons(const char *dbpath)
{
	struct store *s = NULL;
	struct store_tx *tx;
	struct qerr e = {0};
	const int64_t pseq[2] = {900001, 900002}, gseq[2] = {900003, 900004};

	CHECK(store_open(dbpath, 0, &s, &e) == 0);
	if (s == NULL)
		return;
	store_close(s);
	s = NULL;
	{
		sqlite3 *db = NULL;

		CHECK(sqlite3_open(dbpath, &db) == SQLITE_OK);
		CHECK(sqlite3_exec(db, "DELETE FROM schema_migration WHERE name = '" PERSONS_STEP "';"
		                   "DROP TABLE ground; DROP TABLE person;",
		                   NULL, NULL, NULL) == SQLITE_OK);
		for (int i = 0; i < 2; i++) {
			char *sql = sqlite3_mprintf(
				"INSERT INTO record(seq, kind, id, org_id, parent_id, ref, state, doc)"
				" VALUES (%lld, 'person', json_extract(%Q, '$.id'), 'org_m1', '',"
				" coalesce(json_extract(%Q, '$.iin'), ''),"
				" json_extract(%Q, '$.employment_state'), %Q);"
				"INSERT INTO record(seq, kind, id, org_id, parent_id, ref, state, doc)"
				" VALUES (%lld, 'ground', json_extract(%Q, '$.id'), 'org_m1',"
				" json_extract(%Q, '$.person_id'), '', json_extract(%Q, '$.state'), %Q);",
				(long long)pseq[i], old_persons[i], old_persons[i], old_persons[i],
				old_persons[i], (long long)gseq[i], old_grounds[i], old_grounds[i],
				old_grounds[i], old_grounds[i]);

			CHECK(sql != NULL);
			CHECK(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK);
			sqlite3_free(sql);
		}
		sqlite3_close(db);
	}

	CHECK(store_open(dbpath, 0, &s, &e) == 0);
	if (s == NULL)
		return;
	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(store_table_check(tx, &store_person_table, &e) == 0);
	CHECK(store_table_check(tx, &store_ground_table, &e) == 0);
	for (int i = 0; i < 2; i++) {
		json_error_t jerr;
		json_t *want = json_loads(old_persons[i], 0, &jerr), *got;
		json_t *gwant = json_loads(old_grounds[i], 0, &jerr);
		struct person_rec p;
		struct ground_rec g;
		struct store_rec r;

		CHECK(want != NULL && gwant != NULL);
		CHECK(ops_person_load(tx, json_string_value(json_object_get(want, "id")), &p, NULL,
		                      &e) == 0);
		CHECK(p.h.seq == pseq[i]);
		got = enc_person(&p);
		CHECK(got != NULL && json_equal(got, want));
		json_decref(got);
		person_rec_free(&p);
		CHECK(ops_ground_load(tx, json_string_value(json_object_get(gwant, "id")), &g,
		                      &e) == 0);
		CHECK(g.h.seq == gseq[i]);
		got = enc_ground(&g);
		CHECK(got != NULL && json_equal(got, gwant));
		json_decref(got);
		ground_rec_free(&g);
		/* the record form the readers not yet typed get */
		CHECK(ops_docs_load(tx, "person", json_string_value(json_object_get(want, "id")), &r,
		                    NULL, &e) == 0);
		CHECK(r.seq == pseq[i] && r.doc == NULL);
		CHECK_STR(r.ref, json_is_string(json_object_get(want, "iin"))
		                 ? json_string_value(json_object_get(want, "iin")) : "");
		CHECK_STR(r.org_id, "org_m1");
		store_rec_clear(&r);
		json_decref(want);
		json_decref(gwant);
	}
	{
		struct store_query q = {.kind = "person"};
		int64_t n = -1;

		CHECK(store_rec_count(tx, &q, &n, &e) == 0 && n == 0);
		q.kind = "ground";
		CHECK(store_rec_count(tx, &q, &n, &e) == 0 && n == 0);
	}
	store_rollback(tx);
	store_close(s);
}

/* Persons and grounds through the procedures and the typed reads. */
static void
persons_grounds(struct ops_ctx *c, struct store *s, const char *org)
{
	struct ops_person_args a = {.iin = "900101300017", .full_name = "C. D.",
	                            .citizenship = "KZ", .org_id = org, .position = "clerk"};
	struct ops_ground_args ga = {.ground = CLEARANCE_GROUND_RESIDENCE_ABROAD,
	                             .noted_on = date_from_ymd(2026, 2, 1), .details = "abroad"};
	struct ops_employment_args ea = {.event = CLEARANCE_END_TRANSFER, .position = "driver"};
	struct person_rec p, q;
	struct ground_rec g;
	struct store_tx *tx;
	struct qerr e = {0};
	json_t *j;
	struct rec_ids ids = {0};
	int64_t n0 = audit_n(s);
	char pid[STORE_ID_MAX], gid[STORE_ID_MAX];

	CHECK(ops_person_register(c, &a, &p, &e) == 0);
	CHECK(p.h.seq > 0 && p.h.version == 1 && p.employment == PERSON_EMPLOYED);
	CHECK(p.registered_on == c->effective_date && p.event == PERSON_EVENT_NONE);
	q_strlcpy(pid, p.h.id, sizeof pid);
	j = enc_person(&p);
	CHECK(j != NULL && json_is_null(json_object_get(j, "passport")));
	CHECK(json_object_get(j, "employment_event") == NULL);
	json_decref(j);
	person_rec_free(&p);
	/* the IIN is unique nationwide: 409 duplicate on iin, from another
	 * organization too, and from the UNIQUE index itself */
	CHECK(ops_person_register(c, &a, &p, &e) == -1 && e.status == QERR_CONFLICT);
	CHECK_STR(e.code, "duplicate");
	CHECK_STR(e.field, "iin");
	qerr_clear(&e);
	CHECK(store_begin(s, true, &tx, &e) == 0);
	memset(&q, 0, sizeof q);
	store_id_new("person", q.h.id);
	q_strlcpy(q.org_id, "org_other", sizeof q.org_id);
	CHECK(org_row_ensure(tx, q.org_id, &e) == 0);
	q_strlcpy(q.iin, a.iin, sizeof q.iin);
	q.full_name = "X";
	q.position = "Y";
	q.registered_on = c->today;
	q.event_date = QDATE_NONE;
	CHECK(store_row_insert(tx, &store_person_table, &q, &e) == -1);
	CHECK(e.status == QERR_CONFLICT);
	CHECK_STR(e.code, "duplicate");
	CHECK_STR(e.field, "iin");
	qerr_clear(&e);
	/* persons without IIN do not collide */
	q.iin[0] = '\0';
	CHECK(store_row_insert(tx, &store_person_table, &q, &e) == 0);
	store_id_new("person", q.h.id);
	CHECK(store_row_insert(tx, &store_person_table, &q, &e) == 0);
	store_rollback(tx);
	CHECK(audit_n(s) == n0 + 1);

	/* a ground: 404 an unknown person; noted; the typed reads */
	ga.person_id = "person_nothere";
	CHECK(ops_ground_note(c, &ga, &g, &ids, &e) == -1 && e.status == QERR_NOT_FOUND);
	qerr_clear(&e);
	ga.person_id = pid;
	CHECK(ops_ground_note(c, &ga, &g, &ids, &e) == 0);
	CHECK(ids.n == 0);   /* no active clearance to flag */
	rec_ids_free(&ids);
	CHECK(g.state == GROUND_IN_FORCE && g.lifted_on == QDATE_NONE && !g.exception);
	CHECK_STR(g.person_id, pid);
	CHECK_STR(g.org_id, org);
	CHECK_STR(g.details, "abroad");
	CHECK_STR(g.noted_by, "user_ab");
	q_strlcpy(gid, g.h.id, sizeof gid);
	ground_rec_free(&g);
	CHECK(store_begin(s, false, &tx, &e) == 0);
	{
		struct clearance_ground_rec *cg = NULL;
		size_t n = 0;
		struct store_rec rec;

		CHECK(ops_person_grounds(tx, pid, &cg, &n, &e) == 0);
		CHECK(n == 1 && cg != NULL && cg[0].ground == CLEARANCE_GROUND_RESIDENCE_ABROAD);
		CHECK(n == 1 && cg[0].noted_on == date_from_ymd(2026, 2, 1));
		free(cg);
		/* the record form the readers not yet typed get */
		CHECK(ops_docs_load(tx, "ground", gid, &rec, NULL, &e) == 0);
		CHECK_STR(rec.id, gid);
		CHECK_STR(rec.parent_id, pid);
		CHECK_STR(rec.state, "in_force");
		CHECK(rec.doc == NULL);
		store_rec_clear(&rec);
		CHECK(ops_persons_each(tx, org, "900101300017", 0, 0, count_cb, &(int){0}, &e) == 1);
		CHECK(ops_persons_each(tx, "org_other", NULL, 0, 0, count_cb, &(int){0}, &e) == 0);
	}
	store_rollback(tx);
	/* lift: 409 before it was noted, then lifted, then 409 */
	c->effective_date = date_from_ymd(2026, 1, 31);
	CHECK(ops_ground_lift(c, gid, &g, &e) == -1 && e.status == QERR_CONFLICT);
	CHECK_STR(e.code, "invalid_state");
	qerr_clear(&e);
	c->effective_date = c->today;
	CHECK(ops_ground_lift(c, gid, &g, &e) == 0);
	CHECK(g.state == GROUND_LIFTED && g.lifted_on == c->today && g.h.version == 2);
	ground_rec_free(&g);
	CHECK(ops_ground_lift(c, gid, &g, &e) == -1 && e.status == QERR_CONFLICT);
	qerr_clear(&e);

	/* employment: a transfer keeps the person employed, changes the
	 * position, records the event */
	ea.person_id = pid;
	CHECK(ops_person_employment(c, &ea, &p, &ids, &e) == 0);
	CHECK(p.employment == PERSON_EMPLOYED && p.event == PERSON_EVENT_TRANSFER);
	CHECK(p.event_date == c->effective_date);
	CHECK_STR(p.position, "driver");
	CHECK_STR(p.event_by, "user_ab");
	rec_ids_free(&ids);
	person_rec_free(&p);
	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(ops_person_load(tx, pid, &p, NULL, &e) == 0);
	j = enc_person_view(tx, &p, &e);
	CHECK(j != NULL);
	CHECK_STR(json_string_value(json_object_get(j, "position")), "driver");
	CHECK_STR(json_string_value(json_object_get(json_object_get(j, "employment_event"),
	                                            "event")), "transfer");
	CHECK(json_array_size(json_object_get(j, "grounds")) == 1);
	CHECK_STR(json_string_value(json_object_get(json_array_get(json_object_get(j, "grounds"),
	                                                           0), "state")), "lifted");
	json_decref(j);
	person_rec_free(&p);
	store_rollback(tx);
	CHECK(audit_n(s) == n0 + 4);   /* register, note, lift, employment */
}

int
main(void)
{
	char dbpath2[300], org[STORE_ID_MAX], id[STORE_ID_MAX];
	struct crypto_keys *keys;
	struct store *s = NULL;
	struct store_tx *tx;
	struct qerr e = {0};
	struct ops_ctx c;
	struct emergency_mode_rec m;
	struct ops_emergency_declare_args a;
	const char *orgs[2];
	int relax[1] = {0};
	int64_t n0;

	if (ops_world_open("opspersons", &keys, &s) != 0)
		return 1;
	snprintf(dbpath2, sizeof dbpath2, "%s/m.db", dir);
	migration_moves_meta(dbpath2);
	migration_moves_persons(dbpath2);
	if (keys == NULL || s == NULL)
		return tap_done();

	/* The migration's tables are their descriptions. */
	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(store_table_check(tx, &store_emergency_mode_table, &e) == 0);
	CHECK(store_table_check(tx, &store_emergency_mode_org_table, &e) == 0);
	CHECK(store_table_check(tx, &store_emergency_relaxation_table, &e) == 0);
	CHECK(store_table_check(tx, &store_person_table, &e) == 0);
	CHECK(store_table_check(tx, &store_ground_table, &e) == 0);
	store_rollback(tx);

	ops_world_ctx(&c, s, keys);
	q_strlcpy(c.actor.user_id, "user_ab", sizeof c.actor.user_id);
	c.actor.cross_org = true;
	org_add(s, org);
	n0 = audit_n(s);

	/* Declare: 404 an unknown organization (field org_ids), 400 dates and
	 * relaxations, nothing recorded for them. */
	orgs[0] = org;
	orgs[1] = "org_nothere";
	a = (struct ops_emergency_declare_args){
		.kind = EMERGENCY_KIND_MARTIAL_LAW, .decree_ref = "Decree No. 5",
		.from = date_from_ymd(2026, 3, 1), .until = date_from_ymd(2026, 3, 31),
		.relaxations = relax, .nrelax = 1, .area = "South", .org_ids = orgs, .norgs = 2,
		.given_effective_date = QDATE_NONE};
	CHECK(ops_emergency_declare(&c, &a, &m, &e) == -1);
	CHECK(e.status == QERR_NOT_FOUND);
	CHECK_STR(e.field, "org_ids");
	qerr_clear(&e);
	a.norgs = 1;
	a.until = date_from_ymd(2026, 2, 1);
	CHECK(ops_emergency_declare(&c, &a, &m, &e) == -1);
	CHECK(e.status == QERR_INPUT);
	CHECK_STR(e.field, "until");
	qerr_clear(&e);
	a.until = date_from_ymd(2026, 3, 31);
	a.nrelax = 0;
	CHECK(ops_emergency_declare(&c, &a, &m, &e) == -1);
	CHECK_STR(e.field, "relaxations");
	qerr_clear(&e);
	CHECK(audit_n(s) == n0);
	a.nrelax = 1;
	CHECK(ops_emergency_declare(&c, &a, &m, &e) == 0);
	CHECK(m.h.version == 1 && m.norgs == 1 && m.nrelax == 1);
	CHECK(strncmp(m.h.id, "emergency_", 10) == 0);
	CHECK_STR(m.declared_by, "user_ab");
	CHECK(m.declared_on == c.effective_date && m.ended_on == QDATE_NONE);
	CHECK(audit_n(s) == n0 + 1);
	q_strlcpy(id, m.h.id, sizeof id);
	emergency_mode_rec_free(&m);

	/* In force for its organization within the period only. */
	CHECK(store_begin(s, false, &tx, &e) == 0);
	{
		unsigned rx = 0;
		qdate until = QDATE_NONE;

		CHECK(ops_emergency_in_force(tx, org, date_from_ymd(2026, 3, 2), &rx, &m, &e) == 0);
		CHECK(rx == CLEARANCE_RELAX_VERIFICATION_PENDING);
		CHECK_STR(m.h.id, id);
		emergency_mode_rec_free(&m);
		CHECK(ops_emergency_in_force(tx, "org_other", date_from_ymd(2026, 3, 2), &rx, &m,
		                             &e) == 0);
		CHECK(rx == 0 && m.h.id[0] == '\0');
		CHECK(ops_emergency_in_force(tx, org, date_from_ymd(2026, 4, 1), &rx, &m, &e) == 0);
		CHECK(rx == 0 && m.h.id[0] == '\0');
		CHECK(ops_emergency_period_end(tx, id, &until, &e) == 0);
		CHECK(until == date_from_ymd(2026, 3, 31));
		until = 7;
		CHECK(ops_emergency_period_end(tx, "emergency_nothere", &until, &e) == 0);
		CHECK(until == 7);
	}
	store_rollback(tx);

	/* End: 404, 409 outside the period, then until = ended_on = the day. */
	CHECK(ops_emergency_end(&c, "emergency_nothere", &m, &e) == -1);
	CHECK(e.status == QERR_NOT_FOUND);
	qerr_clear(&e);
	CHECK(ops_emergency_exists(&c, id, &e) == 0);
	c.effective_date = date_from_ymd(2026, 2, 27);
	CHECK(ops_emergency_end(&c, id, &m, &e) == -1);
	CHECK(e.status == QERR_CONFLICT);
	CHECK_STR(e.code, "invalid_state");
	CHECK_STR(e.article, "5");
	qerr_clear(&e);
	c.effective_date = date_from_ymd(2026, 3, 2);
	CHECK(ops_emergency_end(&c, id, &m, &e) == 0);
	CHECK(m.until == c.effective_date && m.ended_on == c.effective_date);
	CHECK(m.h.version == 2);
	{
		json_t *j = enc_emergency_mode(&m);

		CHECK(j != NULL);
		CHECK_STR(json_string_value(json_object_get(j, "until")), "2026-03-02");
		CHECK_STR(json_string_value(json_object_get(j, "ended_on")), "2026-03-02");
		CHECK_STR(json_string_value(json_object_get(j, "kind")), "martial_law");
		CHECK_STR(json_string_value(json_object_get(j, "area")), "South");
		CHECK_STR(json_string_value(json_object_get(j, "article")), "5");
		CHECK(json_object_get(j, "effective_date") == NULL);
		json_decref(j);
	}
	emergency_mode_rec_free(&m);

	/* The access decision's clearance inputs. */
	{
		const char *p = "person_00000000000000b1";
		enum access_clearance_state now[] = {ACCESS_CLEARANCE_ACTIVE,
		                                     ACCESS_CLEARANCE_TERMINATED,
		                                     ACCESS_CLEARANCE_ACTIVE};
		enum access_clearance_state before[] = {ACCESS_CLEARANCE_REGISTERING,
		                                        ACCESS_CLEARANCE_ACTIVE,
		                                        ACCESS_CLEARANCE_REGISTERING};
		enum access_clearance_state lapsed[] = {ACCESS_CLEARANCE_ACTIVE,
		                                        ACCESS_CLEARANCE_TERMINATED,
		                                        ACCESS_CLEARANCE_REGISTERING};

		CHECK(person_put(s, p, "org_x1", "employed", NULL) == 0);   /* 0027_org_fks */
		clearance_add(s, p, "active", json_pack("{s:s, s:s}", "form", "top_secret",
		                                        "granted_on", "2026-01-10"));
		clearance_add(s, p, "terminated",
		              json_pack("{s:s, s:s, s:s}", "form", "confidential", "granted_on",
		                        "2025-01-10", "terminated_on", "2026-02-01"));
		/* granted under the mode declared above, its due date the mode's
		 * original end (2026-03-31); the mode was ended on 2026-03-02 */
		clearance_add(s, p, "active",
		              json_pack("{s:s, s:s, s:b, s:{s:{s:s, s:s}}}", "form", "confidential",
		                        "granted_on", "2026-03-02", "verification_pending", 1,
		                        "decision", "emergency", "id", id, "verification_due_on",
		                        "2026-03-31"));
		clearances_on(s, p, date_from_ymd(2026, 3, 2), 3, now);
		clearances_on(s, p, date_from_ymd(2026, 1, 5), 3, before);
		clearances_on(s, p, date_from_ymd(2026, 3, 3), 3, lapsed);
		clearances_on(s, "person_00000000000000b2", date_from_ymd(2026, 3, 3), 0, NULL);
	}

	CHECK(store_begin(s, false, &tx, &e) == 0);
	{
		int64_t entries = 0, bytes = 0;

		CHECK(audit_n(s) == n0 + 2);   /* declare, end */
		CHECK(audit_verify(tx, (const uint8_t (*)[32])keys->pks, keys->npk, NULL, NULL, &entries, &bytes, &e) == 0);
	}
	store_rollback(tx);

	persons_grounds(&c, s, org);
	ops_world_verify(s, keys);
	ops_world_close(&c, s, keys);
	return tap_done();
}
