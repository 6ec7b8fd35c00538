/*
 * test_ops_incidents.c — the incident procedures of src/ops/incidents.c
 * called without HTTP (report, confirm, the suspected loss an inventory
 * opens, get, list), the typed tables against their descriptions, and
 * migration 0020b_typed_incidents moving full incidents, as 0.1.0 and
 * later builds stored them, into the typed rows: each read back answers
 * the stored document.
 */
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/auditlog.h"
#include "http/enc.h"
#include "ops/incidents.h"
#include "store/tables_carriers.h"
#include "store/tables_movements.h"
#include "store/tables_trips.h"
#include "ops_world.h"
#include "person_put.h"
#include "tap.h"

#define INCIDENTS_STEP "0020b_typed_incidents"

/* A reported loss, confirmed, with every array (joint_work_violations as
 * later builds add it), and a suspected loss an inventory opened and a
 * confirmation closed, as stored (JSON_SORT_KEYS). */
static const char *const old_incidents[] = {
	"{\"by\":\"user_00000000000000a1\",\"carrier_ids\":[\"carrier_00000000000000c1\","
	"\"carrier_00000000000000c2\"],\"confirmed\":true,\"confirmed_on\":\"2025-06-02\","
	"\"damage\":\"some\",\"description\":\"copy not found\","
	"\"id\":\"incident_00000000000000d1\",\"joint_work_violations\":"
	"[\"jw_00000000000000e1\"],\"kind\":\"loss\",\"lost_carriers\":"
	"[\"carrier_00000000000000c1\",\"carrier_00000000000000c2\"],"
	"\"occurred_on\":\"2025-06-02\",\"org_id\":\"org_00000000000000a1\","
	"\"person_ids\":[\"person_00000000000000p1\"],\"state\":\"confirmed\","
	"\"terminated_clearances\":[\"clearance_0000000000000f1\"]}",
	"{\"carrier_ids\":[\"carrier_00000000000000c3\"],\"confirmed\":true,"
	"\"confirmed_on\":\"2025-06-05\",\"copies\":[{\"copy_number\":1,\"holder\":null},"
	"{\"copy_number\":2,\"holder\":\"person_00000000000000p2\"}],"
	"\"damage\":\"none\",\"description\":\"copies not found by the inventory\","
	"\"id\":\"incident_00000000000000d2\",\"inventory_id\":\"inventory_0000000000000001\","
	"\"kind\":\"loss_suspected\",\"lost_carriers\":[\"carrier_00000000000000c3\"],"
	"\"opened_on\":\"2025-06-02\",\"org_id\":\"org_00000000000000a1\","
	"\"person_ids\":[\"person_00000000000000p2\"],\"state\":\"confirmed\","
	"\"terminated_clearances\":[]}",
	"{\"by\":\"user_00000000000000a1\",\"carrier_ids\":[],\"confirmed\":false,"
	"\"confirmed_on\":null,\"damage\":null,\"description\":\"told a friend\","
	"\"id\":\"incident_00000000000000d3\",\"kind\":\"disclosure\",\"lost_carriers\":[],"
	"\"occurred_on\":\"2025-06-03\",\"org_id\":\"\",\"person_ids\":[],\"state\":\"open\","
	"\"terminated_clearances\":[]}",
};
#define NOLD (sizeof old_incidents / sizeof old_incidents[0])

static void
migration_moves_records(const char *dbpath)
{
	struct store *s = NULL;
	struct qerr e = {0};

	CHECK(store_open(dbpath, STORE_OPEN_CREATE, &s, &e) == 0);
	if (s == NULL)
		return;
	store_close(s);
	s = NULL;
	{
		sqlite3 *db = NULL;

		CHECK(sqlite3_open(dbpath, &db) == SQLITE_OK);
		CHECK(sqlite3_exec(db, "DELETE FROM schema_migration WHERE name = '" INCIDENTS_STEP
		                   "'", NULL, NULL, NULL) == SQLITE_OK);
		for (size_t i = 0; i < NOLD; i++) {
			json_error_t jerr;
			json_t *d = json_loads(old_incidents[i], 0, &jerr);
			char *sql = sqlite3_mprintf(
				"INSERT INTO record(kind, id, org_id, parent_id, ref, state, doc) VALUES"
				" ('incident', %Q, %Q, %Q, '', %Q, %Q)",
				json_string_value(json_object_get(d, "id")),
				json_string_value(json_object_get(d, "org_id")),
				i == 1 ? "inventory_0000000000000001" : "",
				json_string_value(json_object_get(d, "state")), old_incidents[i]);

			CHECK(d != NULL && sql != NULL);
			CHECK(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK);
			sqlite3_free(sql);
			json_decref(d);
		}
		sqlite3_close(db);
	}
	CHECK(store_open(dbpath, 0, &s, &e) == 0);
	if (s == NULL)
		return;
	{
		struct ops_ctx c = {.store = s};
		struct store_tx *tx;
		struct store_query q = {.kind = "incident"};
		int64_t n = -1;

		c.actor.cross_org = true;
		CHECK(store_begin(s, false, &tx, &e) == 0);
		CHECK(store_rec_count(tx, &q, &n, &e) == 0 && n == 0);
		store_rollback(tx);
		for (size_t i = 0; i < NOLD; i++) {
			json_error_t jerr;
			json_t *want = json_loads(old_incidents[i], 0, &jerr), *j = NULL;
			struct incident_rec r;

			CHECK(ops_incident_get(&c, json_string_value(json_object_get(want, "id")), &r,
			                       &e) == 0);
			j = enc_incident(&r);
			CHECK(j != NULL && json_equal(j, want));
			if (j != NULL && !json_equal(j, want)) {
				char *got = json_dumps(j, JSON_SORT_KEYS);

				printf("# got %s\n", got ? got : "");
				free(got);
			}
			json_decref(j);
			json_decref(want);
			incident_rec_free(&r);
		}
	}
	store_close(s);
}

static void
carrier_put(struct store *s, const char *id, const char *org)
{
	ops_world_put(s, "carrier", id, org, "", "registered",
	              json_pack("{s:s, s:s, s:[{s:i, s:s, s:n}]}", "state", "registered",
	                        "org_id", org, "copies", "number", 1, "holder_org_id", org,
	                        "holder"));
}

static int
count_cb(void *ctx, const void *row)
{
	(void)row;
	(*(int *)ctx)++;
	return 0;
}

/* The "lost" entries of a carrier's journal. */
struct lost_move {
	int n;
	bool copy_null, person_null;
	char incident_id[STORE_ID_MAX];
};

static int
lost_move_cb(void *ctx, const struct movement_rec *m)
{
	struct lost_move *l = ctx;

	if (strcmp(m->kind, "lost") != 0)
		return 0;
	l->n++;
	l->copy_null = (m->keys & MOVE_K_COPY) && m->copy_number == STORE_INT_NULL;
	l->person_null = (m->keys & MOVE_K_PERSON) && m->person_id[0] == '\0';
	if (m->more & MOVE_M_INCIDENT)
		q_strlcpy(l->incident_id, m->incident_id, sizeof l->incident_id);
	return 0;
}

int
main(void)
{
	char dbpath2[300], org[STORE_ID_MAX], person[STORE_ID_MAX], car[STORE_ID_MAX];
	char car2[STORE_ID_MAX], inc1[STORE_ID_MAX], inc2[STORE_ID_MAX];
	const char *cars[2], *persons[1];
	struct crypto_keys *keys;
	struct store *s = NULL;
	struct store_tx *tx;
	struct qerr e = {0};
	struct ops_ctx c;
	struct incident_rec r;
	struct ops_incident_args a = {.kind = INCIDENT_LOSS, .description = "lost on a train"};
	struct ops_incident_query q = {0};
	int64_t n0;
	int n;

	if (ops_world_open("opsincidents", &keys, &s) != 0)
		return 1;
	snprintf(dbpath2, sizeof dbpath2, "%s/m.db", dir);
	migration_moves_records(dbpath2);
	if (keys == NULL || s == NULL)
		return tap_done();

	/* The migration's tables are their descriptions. */
	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(store_table_check(tx, &store_incident_table, &e) == 0);
	CHECK(store_table_check(tx, &store_incident_ref_table, &e) == 0);
	store_rollback(tx);

	ops_world_ctx(&c, s, keys);
	q_strlcpy(c.actor.user_id, "user_ab", sizeof c.actor.user_id);
	store_id_new("org", org);
	store_id_new("person", person);
	store_id_new("carrier", car);
	store_id_new("carrier", car2);
	q_strlcpy(c.actor.org_id, org, sizeof c.actor.org_id);
	{
		json_t *pd = json_pack("{s:s}", "full_name", "A. B.");

		CHECK(person_put(s, person, org, "employed", pd) == 0);
		json_decref(pd);
	}
	carrier_put(s, car, org);
	carrier_put(s, car2, org);
	n0 = audit_n(s);

	/* 400: a loss names its carriers; 404 an unknown carrier, field named */
	CHECK(ops_incident_report(&c, &a, &r, &e) == -1 && e.status == QERR_INPUT);
	CHECK_STR(e.field, "carrier_ids");
	qerr_clear(&e);
	cars[0] = "carrier_none";
	a.carrier_ids = (struct ops_ids){cars, 1};
	CHECK(ops_incident_report(&c, &a, &r, &e) == -1 && e.status == QERR_NOT_FOUND);
	CHECK_STR(e.field, "carrier_ids");
	qerr_clear(&e);
	CHECK(audit_n(s) == n0);

	/* a loss, open: the carrier lost, with its movement */
	cars[0] = car;
	persons[0] = person;
	a.person_ids = (struct ops_ids){persons, 1};
	a.damage = "unknown";
	CHECK(ops_incident_report(&c, &a, &r, &e) == 0);
	CHECK(r.state == INCIDENT_OPEN && r.ids[INCIDENT_REF_LOST].n == 1);
	q_strlcpy(inc1, r.h.id, sizeof inc1);
	{
		json_t *j = enc_incident(&r);

		CHECK(j != NULL && json_is_null(json_object_get(j, "confirmed_on")));
		CHECK_STR(json_string_value(json_object_get(j, "damage")), "unknown");
		CHECK_STR(json_string_value(json_object_get(j, "by")), "user_ab");
		CHECK(json_array_size(json_object_get(j, "terminated_clearances")) == 0);
		CHECK(json_object_get(j, "copies") == NULL);
		json_decref(j);
	}
	incident_rec_free(&r);
	CHECK(store_begin(s, false, &tx, &e) == 0);
	{
		/* the carrier's struct: lost on the day, by this incident; its
		 * journal entry "lost" names the incident, copy and person null */
		struct carrier_rec cr;
		struct lost_move lm = {0};

		CHECK(store_carrier_get(tx, car, &cr, &e) == 0);
		CHECK_STR(cr.state, "lost");
		CHECK((cr.more & (CARRIER_M_LOST_ON | CARRIER_M_INCIDENT)) ==
		      (CARRIER_M_LOST_ON | CARRIER_M_INCIDENT));
		CHECK_STR(cr.incident_id, inc1);
		{
			char d[QDATE_STR_SIZE];

			CHECK_STR(cr.lost_on, date_format(c.effective_date, d));
		}
		carrier_rec_clear(&cr);
		CHECK(store_movement_list(tx, car, NULL, 0, 100, lost_move_cb, &lm, &e) == 0);
		CHECK(lm.n == 1 && lm.copy_null && lm.person_null);
		CHECK_STR(lm.incident_id, inc1);
	}
	store_rollback(tx);
	CHECK(audit_n(s) == n0 + 1);

	/* confirmed once (409 invalid_state, Art. 31.1, the second time) */
	CHECK(ops_incident_confirm(&c, inc1, "much", &r, &e) == 0);
	CHECK(r.state == INCIDENT_CONFIRMED && r.confirmed_on == c.effective_date);
	CHECK(r.damage != NULL && strcmp(r.damage, "much") == 0);
	incident_rec_free(&r);
	CHECK(ops_incident_confirm(&c, inc1, NULL, &r, &e) == -1 && e.status == QERR_CONFLICT);
	CHECK_STR(e.code, "invalid_state");
	CHECK_STR(e.article, "31.1");
	qerr_clear(&e);

	/* the suspected loss of an inventory, then its confirmation */
	{
		struct incident_copy cp[2] = {{1, ""}, {2, ""}};
		struct ops_ids none = {0};

		q_strlcpy(cp[1].holder, person, sizeof cp[1].holder);
		CHECK(store_begin(s, true, &tx, &e) == 0);
		CHECK(ops_incident_open_suspected(tx, org, "inventory_x", car2, cp, 2, &none,
		                                  c.effective_date, inc2, &e) == 0);
		CHECK(store_commit(tx, &e) == 0);
	}
	CHECK(ops_incident_get(&c, inc2, &r, &e) == 0);
	CHECK(r.kind == INCIDENT_LOSS_SUSPECTED && r.ncopies == 2 && r.copies[1].copy_number == 2);
	{
		json_t *j = enc_incident(&r);

		CHECK(j != NULL && json_object_get(j, "damage") == NULL);
		CHECK(j != NULL && json_object_get(j, "terminated_clearances") == NULL);
		CHECK_STR(json_string_value(json_object_get(j, "inventory_id")), "inventory_x");
		json_decref(j);
	}
	incident_rec_free(&r);
	CHECK(ops_incident_confirm(&c, inc2, NULL, &r, &e) == 0);
	CHECK(r.ids[INCIDENT_REF_LOST].n == 1 && r.ncopies == 2);
	incident_rec_free(&r);
	CHECK(ops_incident_get(&c, inc2, &r, &e) == 0);
	{
		json_t *j = enc_incident(&r);

		CHECK(j != NULL && json_array_size(json_object_get(j, "lost_carriers")) == 1);
		CHECK(j != NULL && json_is_array(json_object_get(j, "terminated_clearances")));
		CHECK(j != NULL && json_object_get(j, "damage") == NULL);
		json_decref(j);
	}
	incident_rec_free(&r);

	/* a disclosure, confirmed at once */
	a.kind = INCIDENT_DISCLOSURE;
	a.carrier_ids = (struct ops_ids){0};
	a.confirmed = true;
	a.damage = NULL;
	CHECK(ops_incident_report(&c, &a, &r, &e) == 0);
	CHECK(r.state == INCIDENT_CONFIRMED && r.ids[INCIDENT_REF_PERSON].n == 1);
	incident_rec_free(&r);

	/* the list: by organization and state; an unknown state matches none */
	CHECK(store_begin(s, false, &tx, &e) == 0);
	q.org_id = org;
	n = 0;
	CHECK(ops_incidents_each(tx, &q, 0, 0, count_cb, &n, &e) == 3 && n == 3);
	q.state = "open";
	n = 0;
	CHECK(ops_incidents_each(tx, &q, 0, 0, count_cb, &n, &e) == 0 && n == 0);
	q.state = "nonsense";
	CHECK(ops_incidents_each(tx, &q, 0, 0, count_cb, &n, &e) == 0);
	q.state = NULL;
	n = 0;
	CHECK(ops_incidents_each(tx, &q, 0, 2, count_cb, &n, &e) == 2 && n == 2);
	store_rollback(tx);

	/* reads scoped: 403 another organization, 404 none */
	q_strlcpy(c.actor.org_id, "org_elsewhere", sizeof c.actor.org_id);
	CHECK(ops_incident_get(&c, inc1, &r, &e) == -1 && e.status == QERR_FORBIDDEN);
	qerr_clear(&e);
	CHECK(ops_incident_confirm(&c, inc1, NULL, &r, &e) == -1 && e.status == QERR_FORBIDDEN);
	qerr_clear(&e);
	CHECK(ops_incident_get(&c, "incident_none", &r, &e) == -1 && e.status == QERR_NOT_FOUND);
	qerr_clear(&e);

	ops_world_verify(s, keys);
	ops_world_close(&c, s, keys);
	return tap_done();
}
