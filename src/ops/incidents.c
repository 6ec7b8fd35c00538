/*
 * incidents.c — incidents (see incidents.h).
 *
 * Incidents are jansson records until their typed table lands (issue 11;
 * ops/docs.h); carriers, movements and joint works are records too. Every
 * jansson call is checked and a failure rolls the step back.
 * SECURITY: ids from the caller are only looked up; each carrier and
 * person named must be in the actor's scope (403 forbidden_org).
 */
#include "ops/incidents.h"

#include <stdlib.h>
#include <string.h>

#include "core/carrier.h"
#include "core/joint_work.h"
#include "ops/clearances.h"
#include "ops/custody.h"
#include "ops/docs.h"
#include "ops/joint_works.h"

/* Each id names a record of kind in the actor's scope; org_out gets the
 * first one's organization when still "". */
static int
ids_check(const struct ops_ctx *c, struct store_tx *tx, const struct ops_ids *ids,
          const char *kind, const char *field, char org_out[STORE_ID_MAX], struct qerr *e)
{
	for (size_t i = 0; i < ids->n; i++) {
		struct store_rec rec = {0};
		const char *org;
		int rc;

		if (ops_docs_load(tx, kind, ids->v[i], &rec, field, e) != 0)
			return -1;
		/* A carrier is in scope where the actor's organization holds a
		 * copy of it (custody per copy: an executor records the loss or
		 * disclosure of the copies it holds, R743 p.9). */
		if (strcmp(kind, "carrier") == 0 && !c->actor.cross_org &&
		    custody_org_holds(rec.doc, c->actor.org_id)) {
			rc = 0;
			org = c->actor.org_id;
		} else {
			rc = ops_scope(c, rec.org_id, e);
			org = rec.org_id;
		}
		if (rc == 0 && org_out[0] == '\0')
			q_strlcpy(org_out, org, STORE_ID_MAX);
		store_rec_clear(&rec);
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* loss: each carrier -> lost, with the journal entry (Art. 1, 28); the
 * ids moved are appended to lost. */
static int
carriers_lose(const struct ops_ctx *c, struct store_tx *tx, const struct ops_ids *ids,
              const char *incident_id, json_t *lost, struct qerr *e)
{
	for (size_t i = 0; i < ids->n; i++) {
		struct store_rec car = {0}, m = {0};
		enum carrier_state next;
		int rc = -1;

		if (ops_docs_load(tx, "carrier", ids->v[i], &car, NULL, e) != 0)
			return -1;
		if (carrier_state_parse(car.state) == CARRIER_LOST) {
			store_rec_clear(&car);   /* named twice, or already lost */
			continue;
		}
		if (carrier_lose(carrier_state_parse(car.state), &next, e) != 0) {
			q_strlcpy(e->field, "carrier_ids", sizeof e->field);
			goto next;
		}
		if (ops_docs_set_state(&car, carrier_state_name(next), e) != 0 ||
		    ops_docs_set_date(car.doc, "lost_on", c->effective_date, e) != 0 ||
		    ops_docs_set_str(car.doc, "incident_id", incident_id, e) != 0 ||
		    store_rec_update(tx, &car, e) != 0)
			goto next;
		jrec_head(&m, "movement", "movement", car.org_id, car.id, "");
		m.doc = json_pack("{s:s, s:s, s:s, s:s, s:n, s:n, s:o, s:s, s:s}", "id", m.id, "kind",
		                  "lost", "carrier_id", car.id, "org_id", car.org_id, "copy_number",
		                  "person_id", "date", ops_docs_json_date(c->effective_date), "by",
		                  c->actor.user_id, "incident_id", incident_id);
		if (m.doc == NULL) {
			qerr_internal(e, "movement doc");
			goto next;
		}
		if (store_rec_insert(tx, &m, e) != 0 || ops_docs_ids_append(lost, car.id, e) != 0)
			goto next;
		rc = 0;
next:
		store_rec_clear(&m);
		store_rec_clear(&car);
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* confirmed: the persons' active clearances end for violation (Art. 31.1). */
static int
persons_terminate(const struct ops_ctx *c, struct store_tx *tx, const struct ops_ids *ids,
                  const char *incident_id, json_t *terminated, struct qerr *e)
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
carrier_joint_work(const struct store_rec *car)
{
	const json_t *cp;
	size_t i;

	if (ops_docs_str(car->doc, "joint_work_id") != NULL)
		return ops_docs_str(car->doc, "joint_work_id");
	json_array_foreach(json_object_get(car->doc, "copies"), i, cp)
		if (ops_docs_str(cp, "joint_work_id") != NULL)
			return ops_docs_str(cp, "joint_work_id");
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
                      const char *incident_id, const char *description, json_t *out,
                      struct qerr *e)
{
	for (size_t i = 0; i < ids->n; i++) {
		struct store_rec car = {0}, jw = {0};
		const char *jid;
		int rc = 0;

		if (ops_docs_load(tx, "carrier", ids->v[i], &car, NULL, e) != 0)
			return -1;
		jid = carrier_joint_work(&car);
		if (jid != NULL && !jrec_has_str(out, jid)) {
			rc = ops_docs_load(tx, "joint_work", jid, &jw, NULL, e);
			if (rc == 0 && jw_holds_carriers(jw_state_parse(jw.state))) {
				rc = ops_joint_work_violation_apply(c, &jw, description, incident_id, e);
				if (rc == 0)
					rc = store_rec_update(tx, &jw, e);
				if (rc == 0)
					rc = ops_docs_ids_append(out, jw.id, e);
			}
		}
		store_rec_clear(&jw);
		store_rec_clear(&car);
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* The consequences of a confirmation (report confirmed, or confirm). */
static int
consequences(const struct ops_ctx *c, struct store_tx *tx, const struct ops_ids *carriers,
             const struct ops_ids *persons, const char *incident_id, const char *description,
             json_t *terminated, json_t *jws, struct qerr *e)
{
	if (persons_terminate(c, tx, persons, incident_id, terminated, e) != 0)
		return -1;
	return joint_work_violations(c, tx, carriers, incident_id, description, jws, e);
}

int
ops_incident_report(const struct ops_ctx *c, const struct ops_incident_args *a, json_t **out,
                    struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec inc = {0};
	json_t *lost = json_array(), *terminated = json_array(), *jws = json_array();
	char org[STORE_ID_MAX] = "";
	bool loss = a->kind == INCIDENT_LOSS;
	int rc = -1;

	*out = NULL;
	if (lost == NULL || terminated == NULL || jws == NULL) {
		qerr_internal(e, "incident: out of memory");
		goto done;
	}
	if (loss && a->carrier_ids.n == 0) {
		qerr_input(e, "invalid_value", "carrier_ids");
		qerr_detail(e, "a loss names the carriers lost");
		goto done;
	}
	if (ops_begin(c, true, &tx, e) != 0)
		goto done;
	if (!c->actor.cross_org)
		q_strlcpy(org, c->actor.org_id, sizeof org);
	if (ids_check(c, tx, &a->carrier_ids, "carrier", "carrier_ids", org, e) != 0 ||
	    ids_check(c, tx, &a->person_ids, "person", "person_ids", org, e) != 0)
		goto done;
	jrec_head(&inc, "incident", "incident", org, "",
	          incident_state_name(a->confirmed ? INCIDENT_CONFIRMED : INCIDENT_OPEN));
	if (loss && carriers_lose(c, tx, &a->carrier_ids, inc.id, lost, e) != 0)
		goto done;
	if (a->confirmed && consequences(c, tx, &a->carrier_ids, &a->person_ids, inc.id,
	                                 a->description, terminated, jws, e) != 0)
		goto done;
	inc.doc = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:s?, s:b, s:o, s:o, s:O, s:O,"
	                    " s:s}",
	                    "id", inc.id, "kind", incident_kind_name(a->kind), "state", inc.state,
	                    "org_id", org, "carrier_ids", jrec_ids_json(&a->carrier_ids),
	                    "person_ids", jrec_ids_json(&a->person_ids), "description",
	                    a->description, "damage", a->damage, "confirmed", a->confirmed,
	                    "occurred_on", ops_docs_json_date(c->effective_date), "confirmed_on",
	                    a->confirmed ? ops_docs_json_date(c->effective_date) : json_null(),
	                    "lost_carriers", lost, "terminated_clearances", terminated, "by",
	                    c->actor.user_id);
	if (inc.doc == NULL) {
		qerr_internal(e, "incident doc");
		goto done;
	}
	if (json_array_size(jws) > 0 &&
	    ops_docs_set(inc.doc, "joint_work_violations", json_incref(jws), e) != 0)
		goto done;
	rc = ops_docs_commit(c, &tx, &inc, true, "incident.create", inc.doc, out, e);
done:
	if (rc != 0)
		ops_docs_fail(c, tx, "incident.create", NULL, e);
	json_decref(lost);
	json_decref(terminated);
	json_decref(jws);
	store_rec_clear(&inc);
	return rc;
}

/* The strings of the array doc[key] as ids (borrowed from doc). */
static int
doc_ids(const json_t *doc, const char *key, const char ***v, struct ops_ids *ids,
        struct qerr *e)
{
	const json_t *arr = json_object_get(doc, key), *s;
	size_t i;

	*v = NULL;
	ids->v = NULL;
	ids->n = 0;
	if (json_array_size(arr) == 0)
		return 0;
	if ((*v = calloc(json_array_size(arr), sizeof **v)) == NULL)
		return qerr_internal(e, "incident: out of memory");
	json_array_foreach(arr, i, s)
		if (json_string_value(s) != NULL)
			(*v)[ids->n++] = json_string_value(s);
	ids->v = *v;
	return 0;
}

int
ops_incident_confirm(const struct ops_ctx *c, const char *incident_id, const char *damage,
                     json_t **out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec inc = {0};
	json_t *lost = json_array(), *terminated = json_array(), *jws = json_array();
	const char **cv = NULL, **pv = NULL;
	struct ops_ids carriers, persons;
	int rc = -1;

	*out = NULL;
	if (lost == NULL || terminated == NULL || jws == NULL) {
		qerr_internal(e, "incident: out of memory");
		goto done;
	}
	if (ops_begin(c, true, &tx, e) != 0)
		goto done;
	if (ops_docs_load_scoped(c, tx, "incident", incident_id, &inc, e) != 0 ||
	    incident_confirm_check(incident_state_parse(inc.state), e) != 0 ||   /* Art. 31.1 */
	    doc_ids(inc.doc, "carrier_ids", &cv, &carriers, e) != 0 ||
	    doc_ids(inc.doc, "person_ids", &pv, &persons, e) != 0)
		goto done;
	if (incident_kind_parse(ops_docs_str(inc.doc, "kind")) == INCIDENT_LOSS_SUSPECTED &&
	    carriers_lose(c, tx, &carriers, inc.id, lost, e) != 0)
		goto done;
	if (consequences(c, tx, &carriers, &persons, inc.id, ops_docs_str(inc.doc, "description"),
	                 terminated, jws, e) != 0)
		goto done;
	if (ops_docs_set_state(&inc, incident_state_name(INCIDENT_CONFIRMED), e) != 0 ||
	    ops_docs_set(inc.doc, "confirmed", json_true(), e) != 0 ||
	    ops_docs_set_date(inc.doc, "confirmed_on", c->effective_date, e) != 0 ||
	    (damage != NULL && ops_docs_set_str(inc.doc, "damage", damage, e) != 0) ||
	    (json_array_size(lost) > 0 &&
	     ops_docs_set(inc.doc, "lost_carriers", json_incref(lost), e) != 0) ||
	    ops_docs_set(inc.doc, "terminated_clearances", json_incref(terminated), e) != 0 ||
	    (json_array_size(jws) > 0 &&
	     ops_docs_set(inc.doc, "joint_work_violations", json_incref(jws), e) != 0))
		goto done;
	rc = ops_docs_commit(c, &tx, &inc, false, "incident.confirm", NULL, out, e);
done:
	if (rc != 0)
		ops_docs_fail(c, tx, "incident.confirm", incident_id, e);
	free(cv);
	free(pv);
	json_decref(lost);
	json_decref(terminated);
	json_decref(jws);
	store_rec_clear(&inc);
	return rc;
}
