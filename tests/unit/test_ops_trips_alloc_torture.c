/*
 * test_ops_trips_alloc_torture.c — the allocation-failure loop (issue 11,
 * deliverable 4; the manner of test_ops_alloc_torture.c) over a trip's
 * departure without approval by a person admitted now (ops_trip_depart:
 * the violation row, the clearance flagged, the trip updated, the audit
 * entry) and a confirmed loss (ops_incident_report: the carrier lost with
 * its movement, the person's clearance terminated, the incident row and
 * its child rows, the audit entry), called without HTTP.
 *
 * For N = 1, 2, ... the Nth allocation of the step fails. Each run must end
 * either in success with the step whole or in a clean error (500, 503)
 * with nothing stored; after every run audit_verify must pass.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops/incidents.h"
#include "ops/trips.h"
#include "store/tables_trips.h"
#include "tap.h"
#include "torture_ops.h"
#include "person_put.h"
#include "clearance_world.h"

static char org[STORE_ID_MAX];

struct world {
	char person[STORE_ID_MAX], trip[STORE_ID_MAX], carrier[STORE_ID_MAX];
	int64_t audit, violations, incidents;
};

/* A record of kind under parent (unarmed); its id into id. */
static int
rec_add(const char *kind, const char *parent, const char *state, json_t *doc,
        char id[STORE_ID_MAX])
{
	struct store_tx *tx;
	struct store_rec r = {0};
	int rc = -1;

	q_strlcpy(r.kind, kind, sizeof r.kind);
	store_id_new(kind, r.id);
	q_strlcpy(r.org_id, org, sizeof r.org_id);
	q_strlcpy(r.parent_id, parent, sizeof r.parent_id);
	q_strlcpy(r.state, state, sizeof r.state);
	r.doc = doc;
	if (doc != NULL && json_object_set_new(doc, "id", json_string(r.id)) == 0 &&
	    store_begin(ctx.store, true, &tx, NULL) == 0) {
		if (store_rec_insert(tx, &r, NULL) == 0)
			rc = store_commit(tx, NULL);
		else
			store_rollback(tx);
	}
	q_strlcpy(id, r.id, STORE_ID_MAX);
	store_rec_clear(&r);
	return rc;
}

static int64_t
audit_n_of(struct store *s)
{
	struct store_tx *tx;
	int64_t n = -1;

	if (store_begin(s, false, &tx, NULL) == 0) {
		if (store_audit_size(tx, &n, NULL) != 0)
			n = -1;
		store_rollback(tx);
	}
	return n;
}

static int64_t
rows(const struct store_table *t)
{
	struct store_tx *tx;
	int64_t n = -1;

	if (store_begin(ctx.store, false, &tx, NULL) == 0) {
		n = store_row_count(tx, t, NULL, 0, NULL);
		store_rollback(tx);
	}
	return n;
}

static void
state_of(const char *kind, const char *id, char *out, size_t size)
{
	struct store_tx *tx;
	struct store_rec r = {0};

	out[0] = '\0';
	if (store_begin(ctx.store, false, &tx, NULL) == 0) {
		if (store_rec_get(tx, kind, id, &r, NULL) == 0)
			q_strlcpy(out, r.state, size);
		store_rec_clear(&r);
		store_rollback(tx);
	}
}

/* A person of org with an active clearance granted in January. */
static int
person_admitted(struct world *w)
{
	json_t *pd = json_pack("{s:s}", "full_name", "A. B.");
	int rc;

	store_id_new("person", w->person);
	rc = pd != NULL ? person_put(ctx.store, w->person, org, "employed", pd) : -1;
	json_decref(pd);
	if (rc != 0)
		return -1;
	return clearance_world_put(ctx.store, "", org, w->person, CLEARANCE_ACTIVE,
	                           DEGREE_TOP_SECRET, date_from_ymd(2026, 1, 10));
}

static void
snapshot(struct world *w)
{
	w->audit = audit_n_of(ctx.store);
	w->violations = rows(&store_violation_table);
	w->incidents = rows(&store_incident_table);
}

/* ---- the departure ----------------------------------------------------- */

static int
depart_prepare(void *arg)
{
	struct world *w = arg;
	struct ops_trip_args a = {.country = "TR", .depart_on = date_from_ymd(2026, 3, 2),
	                          .return_on = date_from_ymd(2026, 3, 9)};
	struct ops_trip t;
	struct qerr e = {0};

	if (person_admitted(w) != 0)
		return -1;
	a.person_id = w->person;
	if (ops_trip_request(&ctx, &a, &t, &e) != 0)
		return -1;
	q_strlcpy(w->trip, t.t.h.id, sizeof w->trip);
	ops_trip_free(&t);
	snapshot(w);
	return 0;
}

static int
depart_run(void *arg, struct qerr *e)
{
	struct world *w = arg;
	struct ops_trip t;
	int rc = ops_trip_depart(&ctx, w->trip, &t, e);

	if (rc == 0)
		ops_trip_free(&t);
	return rc;
}

static bool
depart_whole(void *arg, bool ok)
{
	struct world *w = arg;
	struct ops_trip t;
	struct qerr e = {0};
	bool whole;

	if (ops_trip_get(&ctx, w->trip, &t, &e) != 0)
		return false;
	if (ok)
		whole = t.t.state == TRIP_DEPARTED && t.v.h.id[0] != '\0' &&
		        rows(&store_violation_table) == w->violations + 1 &&
		        audit_n_of(ctx.store) == w->audit + 1;
	else
		whole = t.t.state == TRIP_REQUESTED && t.t.violation_id[0] == '\0' &&
		        rows(&store_violation_table) == w->violations &&
		        audit_n_of(ctx.store) == w->audit;
	ops_trip_free(&t);
	return whole;
}

/* ---- the confirmed loss ------------------------------------------------ */

static int
loss_prepare(void *arg)
{
	struct world *w = arg;

	if (person_admitted(w) != 0 ||
	    rec_add("carrier", "", "registered",
	            json_pack("{s:s, s:s, s:[{s:i, s:s, s:n}]}", "state", "registered", "org_id",
	                      org, "copies", "number", 1, "holder_org_id", org, "holder"),
	            w->carrier) != 0)
		return -1;
	snapshot(w);
	return 0;
}

static int
loss_run(void *arg, struct qerr *e)
{
	struct world *w = arg;
	const char *cars[1] = {w->carrier}, *persons[1] = {w->person};
	struct ops_incident_args a = {.kind = INCIDENT_LOSS, .carrier_ids = {cars, 1},
	                              .person_ids = {persons, 1}, .description = "lost",
	                              .confirmed = true};
	struct incident_rec r;
	int rc = ops_incident_report(&ctx, &a, &r, e);

	if (rc == 0)
		incident_rec_free(&r);
	return rc;
}

static bool
loss_whole(void *arg, bool ok)
{
	struct world *w = arg;
	char st[32];

	state_of("carrier", w->carrier, st, sizeof st);
	if (ok)
		return strcmp(st, "lost") == 0 && rows(&store_incident_table) == w->incidents + 1 &&
		       audit_n_of(ctx.store) == w->audit + 1;
	return strcmp(st, "registered") == 0 && rows(&store_incident_table) == w->incidents &&
	       audit_n_of(ctx.store) == w->audit;
}

int
main(void)
{
	static const struct torture_step depart = {"trip.depart", depart_prepare, depart_run,
	                                           depart_whole};
	static const struct torture_step loss = {"incident.create", loss_prepare, loss_run,
	                                         loss_whole};
	struct world w;

	if (torture_ops_open("qupiya-trips-torture", "user_so") != 0)
		return 1;
	store_id_new("org", org);
	memset(&w, 0, sizeof w);
	torture_loop(&depart, &w, 5000);
	memset(&w, 0, sizeof w);
	torture_loop(&loss, &w, 5000);
	torture_ops_close();
	return tap_done();
}
