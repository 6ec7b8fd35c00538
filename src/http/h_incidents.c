/*
 * h_incidents.c — incidents: disclosure and loss of carriers (Art. 1, 26, 31, 37).
 *
 *   POST /v1/incidents {kind: loss|disclosure, carrier_ids[], person_ids[],
 *        description, confirmed, damage?}
 *        - loss: every carrier moves to "lost" (core/carrier.h carrier_lose:
 *          from registered or issued; any other state is 409 invalid_state)
 *          with a "lost" event in its movement journal naming the incident;
 *          a lost carrier fails the access check carrier_unavailable
 *          (Art. 28), so nobody reads or is issued it any more;
 *        - confirmed: the active clearances of the persons named end for
 *          "violation" (Art. 31.1 para 1), so Art. 31.1's five-year wait
 *          applies to them; their non-disclosure obligation stays (31.3).
 *          Liability itself (Art. 37) is outside this system: the incident
 *          is the record the competent bodies act on.
 *   POST /v1/incidents/{id}/confirm {damage?}: an open incident (also a
 *        "loss_suspected" one opened by an inventory) is confirmed: the same
 *        clearance consequence; a suspected loss moves its carriers to lost.
 *   GET  /v1/incidents/{id}, GET /v1/incidents?org_id=
 *
 * Record "incident": org_id = the caller's organization (cross-organization
 * roles: the first carrier's, else the first person's), state open |
 * confirmed, doc {id, kind, org_id, carrier_ids, person_ids, description,
 * damage, confirmed, occurred_on, confirmed_on, lost_carriers,
 * terminated_clearances}.
 *
 * Order (SPEC.md §5): 400 body, 404 ids in the body (field named), 403
 * organization of each carrier and person, 409 carrier state.
 * SECURITY: bodies validated by field tables; description and damage
 * capped; ids only looked up.
 */
#include "http/http.h"

#include <string.h>

#include "core/carrier.h"
#include "core/joint_work.h"
#include "core/roles.h"
#include "http/transfer_ops.h"
#include "http/custody.h"
#include "ops/clearances.h"
#include "http/util.h"

#define INCIDENT_READERS (ROLE_SECURITY_OFFICER | ROLE_HEAD | ROLE_AUDITOR)
#define INCIDENT_IDS_MAX 1000

static const char *const incident_kinds[] = {"loss", "disclosure", NULL};

static const struct jfield incident_fields[] = {
	{"kind", JF_ENUM, JF_REQUIRED, incident_kinds, 0, 0},
	{"carrier_ids", JF_STRINGS, JF_REQUIRED, NULL, 0, INCIDENT_IDS_MAX},
	{"person_ids", JF_STRINGS, JF_REQUIRED, NULL, 0, INCIDENT_IDS_MAX},
	{"description", JF_STRING, JF_REQUIRED, NULL, 0, 4000},
	{"confirmed", JF_BOOL, JF_REQUIRED, NULL, 0, 0},
	{"damage", JF_TEXT, 0, NULL, 0, 4000},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield confirm_fields[] = {
	{"damage", JF_TEXT, 0, NULL, 0, 4000},
	{NULL, 0, 0, NULL, 0, 0},
};

/* Each id of the array names a record of kind in the caller's scope. */
static int
ids_check(struct req *r, struct store_tx *tx, const json_t *ids, const char *kind,
          const char *field, char org_out[STORE_ID_MAX], struct qerr *e)
{
	const json_t *id;
	size_t i;

	json_array_foreach(ids, i, id) {
		struct store_rec rec = {0};
		int rc;

		const char *org;

		if (rec_load_field(tx, kind, json_string_value(id), &rec, field, e) != 0)
			return -1;
		/* A carrier is in scope where the caller's organization holds a
		 * copy of it (custody per copy: an executor records the loss or
		 * disclosure of the copies it holds, R743 p.9). */
		if (strcmp(kind, "carrier") == 0 && !r->cross_org &&
		    custody_org_holds(rec.doc, r->user.org_id)) {
			rc = 0;
			org = r->user.org_id;
		} else {
			rc = req_org_scope(r, rec.org_id, e);
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

/* loss: each carrier -> lost, with the journal entry (Art. 1, 28). */
static int
carriers_lose(struct req *r, struct store_tx *tx, const json_t *ids, const char *incident_id,
              json_t *lost, struct qerr *e)
{
	const json_t *id;
	size_t i;

	json_array_foreach(ids, i, id) {
		struct store_rec car = {0}, m = {0};
		enum carrier_state next;
		int rc = -1;

		if (rec_load(tx, "carrier", json_string_value(id), &car, e) != 0)
			return -1;
		if (carrier_state_parse(car.state) == CARRIER_LOST) {
			store_rec_clear(&car);   /* named twice, or already lost */
			continue;
		}
		if (carrier_lose(carrier_state_parse(car.state), &next, e) != 0) {
			q_strlcpy(e->field, "carrier_ids", sizeof e->field);
			goto next;
		}
		q_strlcpy(car.state, carrier_state_name(next), sizeof car.state);
		json_object_set_new(car.doc, "state", json_string(car.state));
		json_object_set_new(car.doc, "lost_on", json_date(r->effective_date));
		json_object_set_new(car.doc, "incident_id", json_string(incident_id));
		if (store_rec_update(tx, &car, e) != 0)
			goto next;
		q_strlcpy(m.kind, "movement", sizeof m.kind);
		store_id_new("movement", m.id);
		q_strlcpy(m.org_id, car.org_id, sizeof m.org_id);
		q_strlcpy(m.parent_id, car.id, sizeof m.parent_id);
		m.doc = json_pack("{s:s, s:s, s:s, s:s, s:n, s:n, s:o, s:s, s:s}", "id", m.id, "kind",
		                  "lost", "carrier_id", car.id, "org_id", car.org_id, "copy_number",
		                  "person_id", "date", json_date(r->effective_date), "by",
		                  r->user.id, "incident_id", incident_id);
		if (m.doc == NULL) {
			qerr_internal(e, "movement doc");
			goto next;
		}
		if (store_rec_insert(tx, &m, e) != 0)
			goto next;
		json_array_append_new(lost, json_string(car.id));
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
persons_terminate(struct req *r, struct store_tx *tx, const json_t *ids,
                  const char *incident_id, json_t *terminated, struct qerr *e)
{
	const json_t *id;
	size_t i;

	json_array_foreach(ids, i, id)
		if (ops_clearances_terminate_person(tx, json_string_value(id),
		                                    CLEARANCE_END_VIOLATION, r->effective_date,
		                                    r->user.id, incident_id, false, terminated,
		                                    e) != 0)
			return -1;
	return 0;
}

static bool
ids_have(const json_t *ids, const char *id)
{
	const json_t *v;
	size_t i;

	json_array_foreach(ids, i, v)
		if (id != NULL && json_string_value(v) != NULL && strcmp(json_string_value(v), id) == 0)
			return true;
	return false;
}

/* The joint work under which carrier car (or one of its copies) is at an
 * executor, or NULL. */
static const char *
carrier_joint_work(const struct store_rec *car)
{
	const json_t *c;
	size_t i;

	if (jsonv_str(car->doc, "joint_work_id") != NULL)
		return jsonv_str(car->doc, "joint_work_id");
	json_array_foreach(json_object_get(car->doc, "copies"), i, c)
		if (jsonv_str(c, "joint_work_id") != NULL)
			return jsonv_str(c, "joint_work_id");
	return NULL;
}

/* R743 p.9 (SPEC.md §3 "Incidents"): a confirmed incident on a carrier held
 * at an executor under a joint work is a violation of that joint work,
 * recorded as POST /v1/joint-works/{id}/violations records it
 * (hjw_violation): the first suspends the work, a repeated one raises its
 * cancellation. One violation per joint work per incident; a joint work
 * that no longer holds carriers (closed, cancelled) is not violated. The
 * ids of the joint works violated are appended to out. */
static int
joint_work_violations(struct req *r, struct store_tx *tx, const json_t *carrier_ids,
                      const char *incident_id, const char *description, json_t *out,
                      struct qerr *e)
{
	const json_t *id;
	size_t i;

	json_array_foreach(carrier_ids, i, id) {
		struct store_rec car = {0};
		struct jw_full jw = {0};
		const char *jid;
		int rc = 0;

		if (rec_load(tx, "carrier", json_string_value(id), &car, e) != 0)
			return -1;
		jid = carrier_joint_work(&car);
		if (jid != NULL && !ids_have(out, jid)) {
			rc = ops_joint_work_load(tx, jid, &jw, e);
			if (rc == 0 && jw_holds_carriers((enum jw_state)jw.w.state)) {
				rc = hjw_violation(r, &jw, description, incident_id, e);
				if (rc == 0)
					rc = ops_joint_work_store(tx, &jw, e);
				if (rc == 0)
					json_array_append_new(out, json_string(jw.w.h.id));
			}
		}
		jw_full_free(&jw);
		store_rec_clear(&car);
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* POST /v1/incidents */
static int
h_incident_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec inc = {0};
	json_t *carriers, *persons, *lost = json_array(), *terminated = json_array();
	json_t *jws = json_array();
	char org[STORE_ID_MAX] = "";
	bool confirmed, loss;

	if (req_json(r, incident_fields, e) != 0)
		goto out_err;
	carriers = json_object_get(r->json, "carrier_ids");
	persons = json_object_get(r->json, "person_ids");
	loss = strcmp(jsonv_str(r->json, "kind"), "loss") == 0;
	confirmed = jsonv_bool(r->json, "confirmed", false);
	if (loss && json_array_size(carriers) == 0) {
		qerr_input(e, "invalid_value", "carrier_ids");
		qerr_detail(e, "a loss names the carriers lost");
		goto out_err;
	}
	if (tx_write(r, &tx, e) != 0)
		goto out_err;
	if (!r->cross_org)
		q_strlcpy(org, r->user.org_id, sizeof org);
	if (ids_check(r, tx, carriers, "carrier", "carrier_ids", org, e) != 0 ||
	    ids_check(r, tx, persons, "person", "person_ids", org, e) != 0)
		goto fail;
	q_strlcpy(inc.kind, "incident", sizeof inc.kind);
	store_id_new("incident", inc.id);
	q_strlcpy(inc.org_id, org, sizeof inc.org_id);
	q_strlcpy(inc.state, confirmed ? "confirmed" : "open", sizeof inc.state);
	if (loss && carriers_lose(r, tx, carriers, inc.id, lost, e) != 0)
		goto fail;
	if (confirmed && (persons_terminate(r, tx, persons, inc.id, terminated, e) != 0 ||
	                  joint_work_violations(r, tx, carriers, inc.id,
	                                        jsonv_str(r->json, "description"), jws, e) != 0))
		goto fail;
	inc.doc = json_pack("{s:s, s:s, s:s, s:s, s:O, s:O, s:s, s:s?, s:b, s:o, s:o, s:O, s:O,"
	                    " s:s}",
	                    "id", inc.id, "kind", jsonv_str(r->json, "kind"), "state", inc.state,
	                    "org_id", org, "carrier_ids", carriers, "person_ids", persons,
	                    "description", jsonv_str(r->json, "description"), "damage",
	                    jsonv_str(r->json, "damage"), "confirmed", confirmed, "occurred_on",
	                    json_date(r->effective_date), "confirmed_on",
	                    confirmed ? json_date(r->effective_date) : json_null(),
	                    "lost_carriers", lost, "terminated_clearances", terminated, "by",
	                    r->user.id);
	if (inc.doc == NULL) {
		qerr_internal(e, "incident doc");
		goto fail;
	}
	if (json_array_size(jws) > 0)
		json_object_set(inc.doc, "joint_work_violations", jws);
	if (rec_create_commit(r, out, &tx, &inc, "incident.create", inc.doc, e) != 0)
		goto fail;
	json_decref(lost);
	json_decref(terminated);
	json_decref(jws);
	store_rec_clear(&inc);
	return 0;
fail:
	store_rollback(tx);
	store_rec_clear(&inc);
out_err:
	json_decref(lost);
	json_decref(terminated);
	json_decref(jws);
	return -1;
}

/* POST /v1/incidents/{id}/confirm */
static int
h_incident_confirm(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec inc = {0};
	json_t *lost = json_array(), *terminated = json_array(), *jws = json_array();
	const char *damage;

	if (tx_write(r, &tx, e) != 0)
		goto out_err;
	if (rec_load_scoped(r, tx, "incident", &inc, e) != 0 || req_json(r, confirm_fields, e) != 0)
		goto fail;
	if (strcmp(inc.state, "open") != 0) {
		qerr_set(e, QERR_CONFLICT, "invalid_state", "31.1", NULL);
		qerr_detail(e, "incident is %s", inc.state);
		goto fail;
	}
	if (strcmp(jsonv_str(inc.doc, "kind") ? jsonv_str(inc.doc, "kind") : "",
	           "loss_suspected") == 0 &&
	    carriers_lose(r, tx, json_object_get(inc.doc, "carrier_ids"), inc.id, lost, e) != 0)
		goto fail;
	if (persons_terminate(r, tx, json_object_get(inc.doc, "person_ids"), inc.id, terminated,
	                      e) != 0 ||
	    joint_work_violations(r, tx, json_object_get(inc.doc, "carrier_ids"), inc.id,
	                          jsonv_str(inc.doc, "description"), jws, e) != 0)
		goto fail;
	q_strlcpy(inc.state, "confirmed", sizeof inc.state);
	json_object_set_new(inc.doc, "state", json_string("confirmed"));
	json_object_set_new(inc.doc, "confirmed", json_true());
	json_object_set_new(inc.doc, "confirmed_on", json_date(r->effective_date));
	damage = jsonv_str(r->json, "damage");
	if (damage != NULL)
		json_object_set_new(inc.doc, "damage", json_string(damage));
	if (json_array_size(lost) > 0)
		json_object_set(inc.doc, "lost_carriers", lost);
	json_object_set(inc.doc, "terminated_clearances", terminated);
	if (json_array_size(jws) > 0)
		json_object_set(inc.doc, "joint_work_violations", jws);
	if (rec_update_commit(r, out, &tx, &inc, "incident.confirm", NULL, e) != 0)
		goto fail;
	json_decref(lost);
	json_decref(terminated);
	json_decref(jws);
	store_rec_clear(&inc);
	return 0;
fail:
	store_rollback(tx);
	store_rec_clear(&inc);
out_err:
	json_decref(lost);
	json_decref(terminated);
	json_decref(jws);
	return -1;
}

/* GET /v1/incidents/{id} */
static int
h_incident_get(struct req *r, struct resp *out, struct qerr *e)
{
	return get_scoped(r, out, "incident", NULL, e);
}

/* GET /v1/incidents?org_id=&state= */
static int
h_incident_list(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_query q = {.kind = "incident", .org_id = http_query(r, "org_id"),
	                        .state = http_query(r, "state")};

	if (!r->cross_org)
		q.org_id = r->user.org_id;
	return list_records(r, out, &q, e);
}

const struct route h_incidents_routes[] = {
	{"POST", "/v1/incidents", ROLE_SECURITY_OFFICER, 0, h_incident_create},
	{"GET", "/v1/incidents", INCIDENT_READERS, 0, h_incident_list},
	{"GET", "/v1/incidents/{}", INCIDENT_READERS, 0, h_incident_get},
	{"POST", "/v1/incidents/{}/confirm", ROLE_SECURITY_OFFICER | ROLE_HEAD, 0,
	 h_incident_confirm},
	{NULL, NULL, 0, 0, NULL},
};
