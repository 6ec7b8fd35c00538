/*
 * enc_clearances.c — the clearance as the API shows it (POST/GET
 * /v1/persons/{id}/clearances, /v1/clearances/{id}..., the person's view;
 * enc.h): every field of the record form before issue 11 (decision,
 * prerequisites, termination, termination_due, non_disclosure, ...) from
 * the typed row of core/clearance_rec.h.
 */
#include "http/enc.h"

#include <stdbool.h>

#include "core/clearance.h"
#include "core/degree.h"
#include "http/util.h"
#include "ops/clearances.h"

/* The prerequisite dates of c in the order of ops_clearance_prereq_dates. */
static qdate
prereq_date(const struct clearance_rec *c, size_t i)
{
	const qdate f[OPS_PREREQ_DATES] = {
		c->commitment_on, c->consent_restrictions_on, c->consent_verification_on,
		c->familiarized_on,
	};

	return f[i];
}

static const char *
state_name(int s)
{
	return s > 0 && s <= CLEARANCE_TERMINATED ? clearance_rec_state_names[s] : "";
}

/* A string, or null for NULL / "". */
static json_t *
jopt(const char *s)
{
	return s != NULL && s[0] != '\0' ? json_string(s) : json_null();
}

static json_t *
prereqs_json(const struct clearance_rec *c)
{
	json_t *o = json_object();

	if (o == NULL)
		return NULL;
	for (size_t i = 0; i < OPS_PREREQ_DATES; i++)
		if (prereq_date(c, i) != QDATE_NONE &&
		    json_object_set_new(o, ops_clearance_prereq_dates[i],
		                        json_date(prereq_date(c, i))) != 0)
			goto fail;
	if (c->verification > CLEARANCE_VERIFICATION_NONE &&
	    c->verification <= CLEARANCE_VERIFICATION_EVADED &&
	    json_object_set_new(o, "verification",
	                        json_string(clearance_rec_verification_names[c->verification])) != 0)
		goto fail;
	if (c->verified_on != QDATE_NONE &&
	    json_object_set_new(o, "verified_on", json_date(c->verified_on)) != 0)
		goto fail;
	return o;
fail:
	json_decref(o);
	return NULL;
}

static json_t *
end_json(int reason)
{
	return reason > 0 && reason <= CLEARANCE_END_REREGISTERED
	     ? json_string(clearance_rec_end_names[reason]) : json_null();
}

/* The decision's emergency: {id, relaxed, verification_due_on}. */
static json_t *
emergency_json(const struct clearance_rec *c)
{
	json_t *relaxed = json_array();

	size_t nnames = 0;

	while (clearance_relax_names[nnames] != NULL)
		nnames++;
	for (size_t i = 0; relaxed != NULL && i < c->nrelaxed; i++) {
		int r = c->relaxed[i];

		if (json_array_append_new(relaxed, r >= 0 && (size_t)r < nnames
		                                   ? json_string(clearance_relax_names[r])
		                                   : json_null()) != 0) {
			json_decref(relaxed);
			relaxed = NULL;
		}
	}
	return json_pack("{s:s, s:o, s:o}", "id", c->emergency_id, "relaxed", relaxed,
	                 "verification_due_on", json_date(c->verification_due_on));
}

static json_t *
decision_json(const struct clearance_rec *c)
{
	json_t *d;

	if (c->decision == CLEARANCE_DECISION_NONE)
		return json_null();
	if (c->decision_reason != 0)   /* refused as the person left the position */
		return json_pack("{s:s, s:o, s:o, s:s, s:o}", "decision", "refuse", "reason",
		                 end_json(c->decision_reason), "date", json_date(c->decided_on), "by",
		                 c->decided_by, "source_id", jopt(c->decision_source_id));
	d = json_pack("{s:s, s:o, s:o, s:o, s:s}", "decision",
	              clearance_rec_decision_names[c->decision == CLEARANCE_DECISION_GRANT ? 1 : 2],
	              "contract_number", jopt(c->contract_number), "restriction_until",
	              json_date(c->restriction_until), "date", json_date(c->decided_on), "by",
	              c->decided_by);
	if (d != NULL && c->emergency_id[0] != '\0' &&
	    json_object_set_new(d, "emergency", emergency_json(c)) != 0) {
		json_decref(d);
		return NULL;
	}
	return d;
}

json_t *
enc_clearance(const struct clearance_rec *c)
{
	bool terminated = c->end_reason != 0, flagged = c->due_reason[0] != '\0';
	json_t *o, *term, *due;

	term = terminated
	     ? json_pack("{s:o, s:o, s:s, s:o}", "reason", end_json(c->end_reason), "date",
	                 json_date(c->terminated_on), "by", c->terminated_by, "source_id",
	                 jopt(c->termination_source_id))
	     : json_null();
	due = flagged
	    ? json_pack("{s:o, s:s, s:s, s:s, s:o, s:o}", "due_on", json_date(c->termination_due_on),
	                "reason", c->due_reason, "code", c->due_code, "article", c->due_article,
	                "source_id", jopt(c->due_source_id), "noted_on", json_date(c->due_noted_on))
	    : json_null();
	o = json_pack("{s:s, s:s, s:s, s:s, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o,"
	              " s:o, s:o}",
	              "id", c->h.id, "person_id", c->person_id, "org_id", c->org_id, "form",
	              degree_name((enum degree)c->form) ? degree_name((enum degree)c->form) : "",
	              "treaty_ref", c->treaty_ref ? json_string(c->treaty_ref) : json_null(),
	              "state", state_name(c->state), "registered_on", json_date(c->registered_on),
	              "decision", decision_json(c), "prerequisites", prereqs_json(c),
	              "granted_on", json_date(c->granted_on), "restriction_until",
	              json_date(c->granted_on != QDATE_NONE ? c->restriction_until : QDATE_NONE),
	              "terminated_on", json_date(c->terminated_on), "termination", term,
	              "termination_due", due, "non_disclosure",
	              terminated ? json_string("continues") : json_null(), "termination_due_on",
	              json_date(flagged ? c->termination_due_on : QDATE_NONE));
	if (o == NULL)
		return NULL;
	if (c->emergency_id[0] != '\0' &&
	    json_object_set_new(o, "verification_pending",
	                        json_boolean(c->verification_pending)) != 0)
		goto fail;
	if (c->nreplaces > 0) {
		json_t *a = json_array();

		for (size_t i = 0; a != NULL && i < c->nreplaces; i++)
			if (json_array_append_new(a, json_string(c->replaces[i])) != 0) {
				json_decref(a);
				a = NULL;
			}
		if (json_object_set_new(o, "replaces", a) != 0)
			goto fail;
	}
	return o;
fail:
	json_decref(o);
	return NULL;
}
