/*
 * incidents.c — incidents (see incidents.h).
 *
 * Incidents are typed rows (store/tables_trips.c: incident, and
 * incident_ref for the elements of its arrays); the carriers it names are
 * structs (core/carrier_rec.h, ops/carrier_store.h) and their journal
 * entries typed (ops_movement_write); the clearances it terminates are
 * collected by ops/clearances.h in a JSON array of ids. Every call is
 * checked and a failure rolls the step back.
 * SECURITY: ids from the caller are only looked up; each carrier and
 * person named must be in the actor's scope (403 forbidden_org).
 */
#include "ops/incidents.h"

#include <stdlib.h>
#include <string.h>

#include "core/carrier.h"
#include "core/custody_rec.h"
#include "core/joint_work.h"
#include "ops/carrier_store.h"
#include "ops/clearances.h"
#include "ops/docs.h"
#include "ops/joint_works.h"
#include "ops/trips.h"
#include "store/tables_trips.h"

/* Records org as the incident's organization when org_out is still "". */
static void
org_take(char org_out[STORE_ID_MAX], const char *org)
{
	if (org_out[0] == '\0')
		q_strlcpy(org_out, org, STORE_ID_MAX);
}

/* Each id names a carrier in the actor's scope; org_out gets the first
 * one's organization when still "". */
static int
carriers_check(const struct ops_ctx *c, struct store_tx *tx, const struct ops_ids *ids,
               char org_out[STORE_ID_MAX], struct qerr *e)
{
	for (size_t i = 0; i < ids->n; i++) {
		struct carrier_rec car;
		int rc = 0;

		if (ops_carrier_load(tx, ids->v[i], &car, "carrier_ids", e) != 0)
			return -1;
		/* A carrier is in scope where the actor's organization holds a
		 * copy of it (custody per copy: an executor records the loss or
		 * disclosure of the copies it holds, R743 p.9). */
		if (!c->actor.cross_org && custody_rec_org_holds(&car, c->actor.org_id))
			org_take(org_out, c->actor.org_id);
		else if ((rc = ops_scope(c, car.org_id, e)) == 0)
			org_take(org_out, car.org_id);
		carrier_rec_clear(&car);
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* Each id names a person in the actor's scope; org_out as above. */
static int
persons_check(const struct ops_ctx *c, struct store_tx *tx, const struct ops_ids *ids,
              char org_out[STORE_ID_MAX], struct qerr *e)
{
	for (size_t i = 0; i < ids->n; i++) {
		struct store_rec rec = {0};
		int rc;

		if (ops_docs_load(tx, "person", ids->v[i], &rec, "person_ids", e) != 0)
			return -1;
		if ((rc = ops_scope(c, rec.org_id, e)) == 0)
			org_take(org_out, rec.org_id);
		store_rec_clear(&rec);
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* The ids of a step's consequences. */
static int
ids_push(struct incident_ids *l, const char *id)
{
	void *v = realloc(l->v, (l->n + 1) * sizeof *l->v);

	if (v == NULL)
		return -1;
	l->v = v;
	q_strlcpy(l->v[l->n++], id ? id : "", STORE_ID_MAX);
	return 0;
}

static bool
ids_has(const struct incident_ids *l, const char *id)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], id) == 0)
			return true;
	return false;
}

/* loss: each carrier -> lost, with the journal entry (Art. 1, 28); the
 * ids moved are appended to lost. */
static int
carriers_lose(const struct ops_ctx *c, struct store_tx *tx, const struct ops_ids *ids,
              const char *incident_id, struct incident_ids *lost, struct qerr *e)
{
	for (size_t i = 0; i < ids->n; i++) {
		struct carrier_rec car;
		struct movement_rec act = {.found = STORE_INT_NULL, .more = MOVE_M_INCIDENT};
		enum carrier_state next;
		int rc = -1;

		if (ops_carrier_load(tx, ids->v[i], &car, NULL, e) != 0)
			return -1;
		if (carrier_state_parse(car.state) == CARRIER_LOST) {
			carrier_rec_clear(&car);   /* named twice, or already lost */
			continue;
		}
		if (carrier_lose(carrier_state_parse(car.state), &next, e) != 0) {
			q_strlcpy(e->field, "carrier_ids", sizeof e->field);
			goto next;
		}
		q_strlcpy(car.state, carrier_state_name(next), sizeof car.state);
		car.fields |= CARRIER_F_STATE;
		date_format_opt(c->effective_date, car.lost_on);
		q_strlcpy(car.incident_id, incident_id, sizeof car.incident_id);
		car.more |= CARRIER_M_LOST_ON | CARRIER_M_INCIDENT;
		q_strlcpy(act.incident_id, incident_id, sizeof act.incident_id);
		if (ops_carrier_save(tx, &car, e) != 0 ||
		    ops_movement_write(c, tx, car.h.id, car.org_id, "lost", 0, NULL, &act, e) != 0)
			goto next;
		if (ids_push(lost, car.h.id) != 0) {
			qerr_internal(e, "incident: out of memory");
			goto next;
		}
		rc = 0;
next:
		carrier_rec_clear(&car);
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* confirmed: the persons' active clearances end for violation (Art. 31.1). */
static int
persons_terminate(const struct ops_ctx *c, struct store_tx *tx, const struct ops_ids *ids,
                  const char *incident_id, struct rec_ids *terminated, struct qerr *e)
{
	for (size_t i = 0; i < ids->n; i++)
		if (ops_clearances_terminate_person(tx, ids->v[i], CLEARANCE_END_VIOLATION,
		                                    c->effective_date, c->actor.user_id, incident_id,
		                                    false, terminated, e) != 0)
			return -1;
	return 0;
}

/* The joint work under which carrier car (or one of its copies) is at an
 * executor, or NULL. */
static const char *
carrier_joint_work(const struct carrier_rec *car)
{
	if ((car->more & CARRIER_M_JOINT_WORK) && car->joint_work_id[0] != '\0')
		return car->joint_work_id;
	for (size_t i = 0; i < car->n_copies; i++)
		if (custody_rec_copy_joint_work(&car->copies[i]) != NULL)
			return car->copies[i].joint_work_id;
	return NULL;
}

/* R743 p.9 (SPEC.md §3 "Incidents"): a confirmed incident on a carrier held
 * at an executor under a joint work is a violation of that joint work,
 * recorded as POST /v1/joint-works/{id}/violations records it: the first
 * suspends the work, a repeated one raises its cancellation. One violation
 * per joint work per incident; a joint work that no longer holds carriers
 * (closed, cancelled) is not violated. The ids of the joint works violated
 * are appended to out. */
static int
joint_work_violations(const struct ops_ctx *c, struct store_tx *tx, const struct ops_ids *ids,
                      const char *incident_id, const char *description,
                      struct incident_ids *out, struct qerr *e)
{
	for (size_t i = 0; i < ids->n; i++) {
		struct carrier_rec car;
		struct jw_full jw = {0};
		const char *jid;
		int rc = 0;

		if (ops_carrier_load(tx, ids->v[i], &car, NULL, e) != 0)
			return -1;
		jid = carrier_joint_work(&car);
		if (jid != NULL && !ids_has(out, jid)) {
			rc = ops_joint_work_load(tx, jid, &jw, e);
			if (rc == 0 && jw_holds_carriers((enum jw_state)jw.w.state)) {
				rc = ops_joint_work_violation_apply(c, &jw, description, incident_id, e);
				if (rc == 0)
					rc = ops_joint_work_store(tx, &jw, e);
				if (rc == 0 && ids_push(out, jw.w.h.id) != 0)
					rc = qerr_internal(e, "incident: out of memory");
			}
		}
		jw_full_free(&jw);
		carrier_rec_clear(&car);
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* The consequences of a confirmation (report confirmed, or confirm). */
static int
consequences(const struct ops_ctx *c, struct store_tx *tx, const struct ops_ids *carriers,
             const struct ops_ids *persons, const char *incident_id, const char *description,
             struct rec_ids *terminated, struct incident_ids *jws, struct qerr *e)
{
	if (persons_terminate(c, tx, persons, incident_id, terminated, e) != 0)
		return -1;
	return joint_work_violations(c, tx, carriers, incident_id, description, jws, e);
}

/* ---- the typed row and its children ------------------------------------ */

static int
ref_cb(void *ctx, const void *row)
{
	struct incident_rec *r = ctx;
	const struct incident_ref_rec *x = row;

	if (x->role == INCIDENT_REF_COPY) {
		void *v = realloc(r->copies, (r->ncopies + 1) * sizeof *r->copies);

		if (v == NULL)
			return -1;
		r->copies = v;
		r->copies[r->ncopies].copy_number = x->copy_number;
		q_strlcpy(r->copies[r->ncopies++].holder, x->holder, STORE_ID_MAX);
		return 0;
	}
	if (x->role < 0 || x->role >= INCIDENT_REF_COPY)
		return 0;
	return ids_push(&r->ids[x->role], x->ref_id);
}

/* The incident id (a struct incident_rec *out) with its arrays: 404 when
 * absent. */
static int
incident_load(struct store_tx *tx, const char *id, void *out, struct qerr *e)
{
	struct store_where w = STORE_W_STR("incident_id", id ? id : "");

	memset(out, 0, sizeof(struct incident_rec));
	if (store_row_get(tx, &store_incident_table, id ? id : "", out, e) != 0)
		return -1;
	if (store_row_list(tx, &store_incident_ref_table, &w, 1, 0, 0, ref_cb, out, e) < 0) {
		incident_rec_free(out);
		return e->status != 0 ? -1 : qerr_internal(e, "incident: out of memory");
	}
	return 0;
}

/* Inserts the elements of role from first on, numbered from first. */
static int
refs_insert(struct store_tx *tx, const struct incident_rec *r, int role, size_t first,
            struct qerr *e)
{
	size_t n = role == INCIDENT_REF_COPY ? r->ncopies : r->ids[role].n;

	for (size_t i = first; i < n; i++) {
		struct incident_ref_rec x = {.role = role, .ord = (int64_t)i,
		                             .copy_number = STORE_INT_NULL};

		store_id_new("incref", x.h.id);
		q_strlcpy(x.incident_id, r->h.id, sizeof x.incident_id);
		if (role == INCIDENT_REF_COPY) {
			x.copy_number = r->copies[i].copy_number;
			q_strlcpy(x.holder, r->copies[i].holder, sizeof x.holder);
		} else {
			q_strlcpy(x.ref_id, r->ids[role].v[i], sizeof x.ref_id);
		}
		if (store_row_insert(tx, &store_incident_ref_table, &x, e) != 0)
			return -1;
	}
	return 0;
}

/* The ids of a JSON array (our own, collected by the steps) appended to l. */
/* The ids of l appended to to. */
static int
ids_from_ids(struct incident_ids *to, const struct incident_ids *l, struct qerr *e)
{
	for (size_t i = 0; i < l->n; i++)
		if (ids_push(to, l->v[i]) != 0)
			return qerr_internal(e, "incident: out of memory");
	return 0;
}

static int
ids_from_list(struct incident_ids *l, const struct rec_ids *ids, struct qerr *e)
{
	for (size_t i = 0; i < ids->n; i++)
		if (ids_push(l, ids->v[i]) != 0)
			return qerr_internal(e, "incident: out of memory");
	return 0;
}

static int
ids_from_args(struct incident_ids *l, const struct ops_ids *ids, struct qerr *e)
{
	for (size_t i = 0; i < ids->n; i++)
		if (ids_push(l, ids->v[i]) != 0)
			return qerr_internal(e, "incident: out of memory");
	return 0;
}

/* ---- the audit details ------------------------------------------------- */

static json_t *
ids_details(const struct incident_ids *l)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < l->n; i++)
		if (json_array_append_new(a, json_string(l->v[i])) != 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *
copies_details(const struct incident_rec *r)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < r->ncopies; i++) {
		const struct incident_copy *cp = &r->copies[i];

		if (json_array_append_new(a, json_pack("{s:I, s:s?}", "copy_number",
		                                       (json_int_t)cp->copy_number, "holder",
		                                       cp->holder[0] ? cp->holder : NULL)) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

/* The entry of a reported incident: the incident as it was answered. NULL
 * out of memory. */
static json_t *
incident_details(const struct incident_rec *r)
{
	bool suspected = r->kind == INCIDENT_LOSS_SUSPECTED;
	bool confirmed = r->state == INCIDENT_CONFIRMED;
	const struct incident_ids *lost = &r->ids[INCIDENT_REF_LOST];
	const struct incident_ids *jws = &r->ids[INCIDENT_REF_JOINT_WORK];
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:b}", "id", r->h.id, "kind",
	                      incident_kind_name(r->kind), "state", incident_state_name(r->state),
	                      "org_id", r->org_id, "carrier_ids",
	                      ids_details(&r->ids[INCIDENT_REF_CARRIER]), "person_ids",
	                      ids_details(&r->ids[INCIDENT_REF_PERSON]), "description",
	                      r->description ? r->description : "", "confirmed", confirmed);
	bool bad = o == NULL;

	if (!bad && !suspected)
		bad = ops_details_set(o, "damage", r->damage ? json_string(r->damage) : json_null()) ||
		      ops_details_date(o, "occurred_on", r->occurred_on) ||
		      ops_details_date(o, "confirmed_on", r->confirmed_on) ||
		      ops_details_set(o, "lost_carriers", ids_details(lost)) ||
		      ops_details_set(o, "terminated_clearances",
		                      ids_details(&r->ids[INCIDENT_REF_CLEARANCE])) ||
		      ops_details_set(o, "by", json_string(r->by));
	if (!bad && suspected)
		bad = ops_details_set(o, "copies", copies_details(r)) ||
		      ops_details_date(o, "opened_on", r->opened_on) ||
		      ops_details_set(o, "inventory_id", json_string(r->inventory_id)) ||
		      (r->damage != NULL && ops_details_set(o, "damage", json_string(r->damage))) ||
		      (lost->n > 0 && ops_details_set(o, "lost_carriers", ids_details(lost))) ||
		      (r->confirmed_on != QDATE_NONE &&
		       ops_details_date(o, "confirmed_on", r->confirmed_on)) ||
		      (confirmed && ops_details_set(o, "terminated_clearances",
		                                    ids_details(&r->ids[INCIDENT_REF_CLEARANCE])));
	if (!bad && jws->n > 0)
		bad = ops_details_set(o, "joint_work_violations", ids_details(jws)) != 0;
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* ---- procedures --------------------------------------------------------- */

/* What a step's consequences changed: the carriers lost, the clearances
 * terminated (ids as ops/clearances.h collects them), the joint works
 * violated. */
struct found {
	struct incident_ids lost, jws;
	struct rec_ids terminated;
};

static void
found_free(struct found *f)
{
	free(f->lost.v);
	free(f->jws.v);
	rec_ids_free(&f->terminated);
}

/* The end of a step: what f found appended to r's arrays, r inserted
 * (insert, with the audit entry's details its answer) or updated, the
 * elements of each role from first[role] on inserted, the audit entry,
 * the commit; tx consumed. */
static int
incident_finish(const struct ops_ctx *c, struct store_tx *tx, struct incident_rec *r,
                const size_t first[INCIDENT_REF_ROLES], const struct found *f, bool insert,
                const char *action, struct qerr *e)
{
	json_t *details = NULL;
	int rc;

	rc = ids_from_ids(&r->ids[INCIDENT_REF_LOST], &f->lost, e) != 0 ||
	     ids_from_list(&r->ids[INCIDENT_REF_CLEARANCE], &f->terminated, e) != 0 ||
	     ids_from_ids(&r->ids[INCIDENT_REF_JOINT_WORK], &f->jws, e) != 0 ||
	     (insert ? store_row_insert(tx, &store_incident_table, r, e)
	             : store_row_update(tx, &store_incident_table, r, e)) != 0 ? -1 : 0;
	for (int role = 0; rc == 0 && role < INCIDENT_REF_ROLES; role++)
		rc = refs_insert(tx, r, role, first[role], e);
	if (rc == 0 && insert && (details = incident_details(r)) == NULL)
		rc = qerr_internal(e, "incident: out of memory");
	if (rc != 0) {
		store_rollback(tx);
		return -1;
	}
	rc = ops_commit(c, tx, action, r->h.id, details, e);
	json_decref(details);
	return rc;
}

/* The end of a failed step: tx rolled back, out freed, a rule's refusal
 * recorded. -1. */
static int
incident_fail(const struct ops_ctx *c, struct store_tx *tx, struct incident_rec *out,
              const char *action, const char *object, struct qerr *e)
{
	store_rollback(tx);
	incident_rec_free(out);
	return ops_refuse(c, action, object, e);
}

int
ops_incident_report(const struct ops_ctx *c, const struct ops_incident_args *a,
                    struct incident_rec *out, struct qerr *e)
{
	static const size_t first[INCIDENT_REF_ROLES] = {0};
	struct store_tx *tx = NULL;
	struct found f = {0};
	bool loss = a->kind == INCIDENT_LOSS;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (loss && a->carrier_ids.n == 0) {
		qerr_input(e, "invalid_value", "carrier_ids");
		qerr_detail(e, "a loss names the carriers lost");
		goto done;
	}
	if (ops_begin(c, true, &tx, e) != 0)
		goto done;
	if (!c->actor.cross_org)
		q_strlcpy(out->org_id, c->actor.org_id, sizeof out->org_id);
	if (carriers_check(c, tx, &a->carrier_ids, out->org_id, e) != 0 ||
	    persons_check(c, tx, &a->person_ids, out->org_id, e) != 0)
		goto done;
	store_id_new("incident", out->h.id);
	out->kind = a->kind;
	out->state = a->confirmed ? INCIDENT_CONFIRMED : INCIDENT_OPEN;
	out->occurred_on = c->effective_date;
	out->opened_on = QDATE_NONE;
	out->confirmed_on = a->confirmed ? c->effective_date : QDATE_NONE;
	q_strlcpy(out->by, c->actor.user_id, sizeof out->by);
	out->description = strdup(a->description ? a->description : "");
	out->damage = a->damage != NULL ? strdup(a->damage) : NULL;
	if (out->description == NULL || (a->damage != NULL && out->damage == NULL)) {
		qerr_internal(e, "incident: out of memory");
		goto done;
	}
	if (loss && carriers_lose(c, tx, &a->carrier_ids, out->h.id, &f.lost, e) != 0)
		goto done;
	if (a->confirmed && consequences(c, tx, &a->carrier_ids, &a->person_ids, out->h.id,
	                                 a->description, &f.terminated, &f.jws, e) != 0)
		goto done;
	if (ids_from_args(&out->ids[INCIDENT_REF_CARRIER], &a->carrier_ids, e) != 0 ||
	    ids_from_args(&out->ids[INCIDENT_REF_PERSON], &a->person_ids, e) != 0)
		goto done;
	rc = incident_finish(c, tx, out, first, &f, true, "incident.create", e);
	tx = NULL;
done:
	found_free(&f);
	return rc == 0 ? 0 : incident_fail(c, tx, out, "incident.create", NULL, e);
}

int
ops_incident_confirm(const struct ops_ctx *c, const char *incident_id, const char *damage,
                     struct incident_rec *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct found f = {0};
	const char **cv = NULL, **pv = NULL;
	struct ops_ids carriers = {0}, persons = {0};
	size_t first[INCIDENT_REF_ROLES];
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (ops_begin(c, true, &tx, e) != 0)
		goto done;
	if (incident_load(tx, incident_id, out, e) != 0 || ops_scope(c, out->org_id, e) != 0 ||
	    incident_confirm_check(out->state, e) != 0)   /* invalid_state, Art. 31.1 */
		goto done;
	for (int role = 0; role < INCIDENT_REF_ROLES; role++)
		first[role] = role == INCIDENT_REF_COPY ? out->ncopies : out->ids[role].n;
	/* the carriers and persons named, as ids for the steps */
	cv = calloc(out->ids[INCIDENT_REF_CARRIER].n + 1, sizeof *cv);
	pv = calloc(out->ids[INCIDENT_REF_PERSON].n + 1, sizeof *pv);
	if (cv == NULL || pv == NULL) {
		qerr_internal(e, "incident: out of memory");
		goto done;
	}
	for (size_t i = 0; i < out->ids[INCIDENT_REF_CARRIER].n; i++)
		cv[carriers.n++] = out->ids[INCIDENT_REF_CARRIER].v[i];
	for (size_t i = 0; i < out->ids[INCIDENT_REF_PERSON].n; i++)
		pv[persons.n++] = out->ids[INCIDENT_REF_PERSON].v[i];
	carriers.v = cv;
	persons.v = pv;
	if (out->kind == INCIDENT_LOSS_SUSPECTED &&
	    carriers_lose(c, tx, &carriers, out->h.id, &f.lost, e) != 0)
		goto done;
	if (consequences(c, tx, &carriers, &persons, out->h.id, out->description, &f.terminated,
	                 &f.jws, e) != 0)
		goto done;
	out->state = INCIDENT_CONFIRMED;
	out->confirmed_on = c->effective_date;
	if (damage != NULL) {
		free(out->damage);
		if ((out->damage = strdup(damage)) == NULL) {
			qerr_internal(e, "incident: out of memory");
			goto done;
		}
	}
	/* An open incident holds no lost carriers of a confirmation, no
	 * terminated clearances and no joint work violations yet: they are
	 * appended. */
	rc = incident_finish(c, tx, out, first, &f, false, "incident.confirm", e);
	tx = NULL;
done:
	free(cv);
	free(pv);
	found_free(&f);
	return rc == 0 ? 0 : incident_fail(c, tx, out, "incident.confirm", incident_id, e);
}

int
ops_incident_open_suspected(struct store_tx *tx, const char *org_id, const char *inventory_id,
                            const char *carrier_id, const struct incident_copy *copies,
                            size_t ncopies, const struct ops_ids *person_ids, qdate opened_on,
                            char id_out[STORE_ID_MAX], struct qerr *e)
{
	struct incident_rec r = {0};
	int rc = -1;

	store_id_new("incident", r.h.id);
	q_strlcpy(r.org_id, org_id, sizeof r.org_id);
	q_strlcpy(r.inventory_id, inventory_id, sizeof r.inventory_id);
	r.kind = INCIDENT_LOSS_SUSPECTED;
	r.state = INCIDENT_OPEN;
	r.occurred_on = r.confirmed_on = QDATE_NONE;
	r.opened_on = opened_on;
	r.description = strdup("copies not found by the inventory");
	r.copies = ncopies > 0 ? calloc(ncopies, sizeof *r.copies) : NULL;
	if (r.description == NULL || (ncopies > 0 && r.copies == NULL) ||
	    ids_push(&r.ids[INCIDENT_REF_CARRIER], carrier_id) != 0) {
		qerr_internal(e, "incident: out of memory");
		goto done;
	}
	for (size_t i = 0; i < ncopies; i++)
		r.copies[i] = copies[i];
	r.ncopies = ncopies;
	if (ids_from_args(&r.ids[INCIDENT_REF_PERSON], person_ids, e) != 0 ||
	    store_row_insert(tx, &store_incident_table, &r, e) != 0)
		goto done;
	for (int role = 0; role < INCIDENT_REF_ROLES; role++)
		if (refs_insert(tx, &r, role, 0, e) != 0)
			goto done;
	q_strlcpy(id_out, r.h.id, STORE_ID_MAX);
	rc = 0;
done:
	incident_rec_free(&r);
	return rc;
}

/* ---- reads -------------------------------------------------------------- */

int
ops_incident_get(const struct ops_ctx *c, const char *incident_id, struct incident_rec *out,
                 struct qerr *e)
{
	struct store_tx *tx = NULL;
	int rc;

	memset(out, 0, sizeof *out);
	if (ops_begin(c, false, &tx, e) != 0)
		return -1;
	rc = incident_load(tx, incident_id, out, e);
	if (rc == 0 && (rc = ops_scope(c, out->org_id, e)) != 0)
		incident_rec_free(out);
	store_rollback(tx);
	return rc;
}

static void
incident_free_v(void *r)
{
	incident_rec_free(r);
}

int64_t
ops_incidents_each(struct store_tx *tx, const void *q, int64_t after_seq, int limit,
                   int (*fn)(void *, const void *), void *ctx, struct qerr *e)
{
	const struct ops_incident_query *iq = q;
	struct store_where w[2];
	struct incident_rec r;
	size_t nw = 0;

	if (iq->state != NULL && incident_state_parse(iq->state) == INCIDENT_STATE_UNKNOWN)
		return 0;   /* a state no incident has */
	if (iq->org_id != NULL)
		w[nw++] = STORE_W_STR("org_id", iq->org_id);
	if (iq->state != NULL)
		w[nw++] = STORE_W_STR("state", iq->state);
	return ops_rows_each(tx, &store_incident_table, w, nw, after_seq, limit, incident_load,
	                     incident_free_v, &r, fn, ctx, e);
}
