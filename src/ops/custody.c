/*
 * custody.c — custody per copy (see custody.h for the model). Pure over
 * the carrier's doc; the writers allocate JSON and say so.
 *
 * Invariants:
 *   1. A copy is held by exactly one of: an organization (holder_org_id,
 *      or doc.org_id for a 0.1.0 copy) or a citizen (holder_person_id).
 *   2. A malformed doc holds nothing (fail closed): no copy array, no
 *      copy object, no holder.
 */
#include "ops/custody.h"

#include <stdio.h>
#include <string.h>

/* The string member name of obj, or NULL (absent, not a string). */
static const char *
doc_str(const json_t *obj, const char *name)
{
	json_t *v = json_object_get(obj, name);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* "YYYY-MM-DD", or null for QDATE_NONE; NULL when out of memory. */
static json_t *
date_json(qdate d)
{
	char buf[QDATE_STR_SIZE];

	return d == QDATE_NONE ? json_null() : json_string(date_format(d, buf));
}


static bool
same(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

const char *
custody_copy_person(const json_t *copy)
{
	return json_is_object(copy) ? doc_str(copy, "holder_person_id") : NULL;
}

const char *
custody_copy_org(const json_t *doc, const json_t *copy)
{
	const char *org;

	if (!json_is_object(copy))
		return NULL;
	org = doc_str(copy, "holder_org_id");
	if (org != NULL)
		return org;
	if (custody_copy_person(copy) != NULL)
		return NULL;
	return doc_str(doc, "org_id");   /* the 0.1.0 shape */
}

const char *
custody_copy_joint_work(const json_t *copy)
{
	return json_is_object(copy) ? doc_str(copy, "joint_work_id") : NULL;
}

bool
custody_copy_held_by(const json_t *doc, const json_t *copy, const char *org_id)
{
	return same(custody_copy_org(doc, copy), org_id);
}

bool
custody_copy_home(const json_t *doc, const json_t *copy)
{
	return custody_copy_person(copy) == NULL &&
	       same(custody_copy_org(doc, copy), doc_str(doc, "org_id"));
}

json_t *
custody_copy(const json_t *doc, long long n)
{
	json_t *copies = json_object_get(doc, "copies");

	if (n < 1 || (size_t)n > json_array_size(copies))
		return NULL;
	return json_array_get(copies, (size_t)n - 1);
}

json_t *
custody_copy_named(const json_t *doc, long long n, struct qerr *e)
{
	json_t *copy = custody_copy(doc, n);

	if (copy == NULL) {
		char num[24];

		snprintf(num, sizeof num, "%zu", json_array_size(json_object_get(doc, "copies")));
		qerr_input(e, "invalid_value", "copy_number");
		qerr_detail_key(e, "copy_count", "the carrier has {n} copies", "n", num, NULL);
	}
	return copy;
}

bool
custody_org_holds(const json_t *doc, const char *org_id)
{
	return custody_copies_held_by(doc, org_id, NULL, 0) > 0;
}

bool
custody_person_holds(const json_t *doc, const char *person_id)
{
	json_t *c;
	size_t i;

	if (person_id == NULL)
		return false;
	json_array_foreach(json_object_get(doc, "copies"), i, c)
		if (same(custody_copy_person(c), person_id))
			return true;
	return false;
}

bool
custody_all_home(const json_t *doc)
{
	json_t *c;
	size_t i;

	json_array_foreach(json_object_get(doc, "copies"), i, c)
		if (!custody_copy_home(doc, c))
			return false;
	return true;
}

size_t
custody_copies_held_by(const json_t *doc, const char *org_id, int *numbers, size_t max)
{
	json_t *c;
	size_t i, n = 0;

	if (org_id == NULL)
		return 0;
	json_array_foreach(json_object_get(doc, "copies"), i, c) {
		if (!custody_copy_held_by(doc, c, org_id))
			continue;
		if (numbers != NULL && n < max)
			numbers[n] = (int)(i + 1);
		n++;
	}
	return n;
}

const char *
custody_left_on(const json_t *doc, const char *org_id)
{
	if (org_id == NULL)
		return NULL;
	return json_string_value(json_object_get(json_object_get(doc, "departed"), org_id));
}

bool
custody_org_party(const json_t *doc, const char *org_id)
{
	return org_id != NULL && (same(doc_str(doc, "org_id"), org_id) ||
	                          custody_org_holds(doc, org_id) ||
	                          custody_left_on(doc, org_id) != NULL);
}

int
custody_home_check(const json_t *doc, struct qerr *e)
{
	json_t *c;
	size_t i;

	json_array_foreach(json_object_get(doc, "copies"), i, c) {
		const char *who;
		char num[24];

		if (custody_copy_home(doc, c))
			continue;
		who = custody_copy_person(c);
		if (who == NULL)
			who = custody_copy_org(doc, c);
		qerr_set(e, QERR_CONFLICT, "invalid_state", NULL, NULL);
		snprintf(num, sizeof num, "%zu", i + 1);
		qerr_detail_key(e, "copy_away", "copy {n} is away, held by {holder}", "n", num,
		                "holder", who ? who : "nobody", NULL);
		return -1;
	}
	return 0;
}

/* ---- writers ------------------------------------------------------------- */

json_t *
custody_copies_new(int n, const char *org_id)
{
	json_t *a = json_array();

	for (int i = 1; a != NULL && i <= n; i++) {
		json_t *c = json_pack("{s:i, s:s?, s:n, s:n, s:s, s:n}", "number", i,
		                      "holder_org_id", org_id, "holder_person_id", "holder",
		                      "state", "in_registry", "issued_on");

		if (c == NULL || json_array_append_new(a, c) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

int
custody_copy_set(json_t *copy, const char *org_id, const char *person_id, const char *jw)
{
	int rc = 0;

	if (!json_is_object(copy))
		return -1;
	rc |= json_object_set_new(copy, "holder_org_id",
	                          org_id ? json_string(org_id) : json_null());
	rc |= json_object_set_new(copy, "holder_person_id",
	                          person_id ? json_string(person_id) : json_null());
	if (jw != NULL)
		rc |= json_object_set_new(copy, "joint_work_id", json_string(jw));
	else
		json_object_del(copy, "joint_work_id");
	return rc == 0 ? 0 : -1;
}

int
custody_depart(json_t *doc, const char *org_id, qdate date)
{
	json_t *dep = json_object_get(doc, "departed");

	if (org_id == NULL)
		return 0;
	if (!json_is_object(dep)) {
		dep = json_object();
		if (dep == NULL || json_object_set_new(doc, "departed", dep) != 0)
			return -1;
	}
	return json_object_set_new(dep, org_id, date_json(date));
}
