/*
 * enc_emergency.c — an emergency mode of Art. 5 (GET/POST
 * /v1/emergency-modes...; enc.h) as the API shows it, from
 * core/person_rec.h's struct emergency_mode_rec: its organizations and
 * relaxations in the order declared; area, ended_on and effective_date
 * only when set.
 */
#include "http/enc.h"

#include "core/clearance.h"
#include "core/date.h"
#include "core/person_rec.h"
#include "ops/emergency.h"

/* A day always given (never null). */
static json_t *
jdate(qdate d)
{
	char buf[QDATE_STR_SIZE];

	return json_string(date_format(d, buf));
}

/* o[key] = v (stolen, NULL fails); 0 or -1. */
static int
set(json_t *o, const char *key, json_t *v)
{
	if (v == NULL)
		return -1;
	return json_object_set_new(o, key, v) == 0 ? 0 : -1;
}

json_t *
enc_emergency_mode(const struct emergency_mode_rec *m)
{
	json_t *o = json_object(), *orgs = json_array(), *rel = json_array();
	int bad = o == NULL || orgs == NULL || rel == NULL;

	for (size_t i = 0; !bad && i < m->norgs; i++)
		bad = json_array_append_new(orgs, json_string(m->org_ids[i])) != 0;
	for (size_t i = 0; !bad && i < m->nrelax; i++) {
		const char *name = m->relaxations[i] >= 0 && m->relaxations[i] <= 31
		                           ? clearance_relax_names[m->relaxations[i]] : NULL;

		bad = name == NULL || json_array_append_new(rel, json_string(name)) != 0;
	}
	if (bad) {
		json_decref(o);
		json_decref(orgs);
		json_decref(rel);
		return NULL;
	}
	/* json_object_set_new consumes the value, set or not */
	bad = set(o, "relaxations", rel) != 0;
	bad |= set(o, "org_ids", orgs) != 0;
	if (bad || set(o, "id", json_string(m->h.id)) != 0 ||
	    set(o, "kind", json_string(emergency_kind_name(m->kind))) != 0 ||
	    set(o, "decree_ref", json_string(m->decree_ref ? m->decree_ref : "")) != 0 ||
	    set(o, "from", jdate(m->from)) != 0 ||
	    set(o, "until", jdate(m->until)) != 0 ||
	    (m->area != NULL && set(o, "area", json_string(m->area)) != 0) ||
	    set(o, "declared_on", jdate(m->declared_on)) != 0 ||
	    set(o, "declared_by", json_string(m->declared_by)) != 0 ||
	    set(o, "article", json_string("5")) != 0 ||
	    (m->ended_on != QDATE_NONE && set(o, "ended_on", jdate(m->ended_on)) != 0) ||
	    (m->effective_date != QDATE_NONE &&
	     set(o, "effective_date", jdate(m->effective_date)) != 0)) {
		json_decref(o);
		return NULL;
	}
	return o;
}
