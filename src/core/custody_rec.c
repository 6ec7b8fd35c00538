/*
 * custody_rec.c — custody per copy over the typed carrier (see
 * custody_rec.h). Pure; custody_rec_copies_new and custody_rec_depart
 * allocate.
 *
 * Invariants:
 *   1. A copy is held by exactly one of: an organization (holder_org_id, or
 *      c->org_id for a 0.1.0 copy) or a citizen (holder_person_id).
 *   2. An empty field is no holder (fail closed).
 */
#include "core/custody_rec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/carrier.h"

/* s, or NULL when empty. */
static const char *
set_or_null(const char *s)
{
	return s[0] != '\0' ? s : NULL;
}

static bool
same(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

const char *
custody_rec_copy_person(const struct carrier_copy_rec *cp)
{
	return cp != NULL ? set_or_null(cp->holder_person_id) : NULL;
}

const char *
custody_rec_copy_joint_work(const struct carrier_copy_rec *cp)
{
	return cp != NULL ? set_or_null(cp->joint_work_id) : NULL;
}

const char *
custody_rec_copy_org(const struct carrier_rec *c, const struct carrier_copy_rec *cp)
{
	if (cp == NULL)
		return NULL;
	if (cp->holder_org_id[0] != '\0')
		return cp->holder_org_id;
	if (custody_rec_copy_person(cp) != NULL)
		return NULL;
	return set_or_null(c->org_id);   /* the 0.1.0 shape */
}

bool
custody_rec_copy_held_by(const struct carrier_rec *c, const struct carrier_copy_rec *cp,
                         const char *org_id)
{
	return same(custody_rec_copy_org(c, cp), org_id);
}

bool
custody_rec_copy_home(const struct carrier_rec *c, const struct carrier_copy_rec *cp)
{
	return custody_rec_copy_person(cp) == NULL &&
	       same(custody_rec_copy_org(c, cp), set_or_null(c->org_id));
}

struct carrier_copy_rec *
custody_rec_copy(const struct carrier_rec *c, long long n)
{
	if (n < 1 || (unsigned long long)n > c->n_copies)
		return NULL;
	return &c->copies[n - 1];
}

struct carrier_copy_rec *
custody_rec_copy_named(const struct carrier_rec *c, long long n, struct qerr *e)
{
	struct carrier_copy_rec *cp = custody_rec_copy(c, n);

	if (cp == NULL) {
		char num[24];

		snprintf(num, sizeof num, "%zu", c->n_copies);
		qerr_input(e, "invalid_value", "copy_number");
		qerr_detail_key(e, "copy_count", "the carrier has {n} copies", "n", num, NULL);
	}
	return cp;
}

size_t
custody_rec_copies_held_by(const struct carrier_rec *c, const char *org_id, int *numbers,
                           size_t max)
{
	size_t n = 0;

	if (org_id == NULL)
		return 0;
	for (size_t i = 0; i < c->n_copies; i++) {
		if (!custody_rec_copy_held_by(c, &c->copies[i], org_id))
			continue;
		if (numbers != NULL && n < max)
			numbers[n] = (int)(i + 1);
		n++;
	}
	return n;
}

bool
custody_rec_org_holds(const struct carrier_rec *c, const char *org_id)
{
	return custody_rec_copies_held_by(c, org_id, NULL, 0) > 0;
}

bool
custody_rec_person_holds(const struct carrier_rec *c, const char *person_id)
{
	if (person_id == NULL)
		return false;
	for (size_t i = 0; i < c->n_copies; i++)
		if (same(custody_rec_copy_person(&c->copies[i]), person_id))
			return true;
	return false;
}

bool
custody_rec_all_home(const struct carrier_rec *c)
{
	for (size_t i = 0; i < c->n_copies; i++)
		if (!custody_rec_copy_home(c, &c->copies[i]))
			return false;
	return true;
}

int
custody_rec_copies_out(const struct carrier_rec *c)
{
	int n = 0;

	for (size_t i = 0; i < c->n_copies; i++)
		n += (c->copies[i].fields & COPY_F_STATE) &&
		     carrier_copy_state_parse(c->copies[i].state) == CARRIER_COPY_ISSUED;
	return n;
}

const char *
custody_rec_left_on(const struct carrier_rec *c, const char *org_id)
{
	if (org_id == NULL)
		return NULL;
	for (size_t i = 0; i < c->n_departed; i++)
		if (strcmp(c->departed[i].org_id, org_id) == 0)
			return set_or_null(c->departed[i].on);
	return NULL;
}

bool
custody_rec_org_party(const struct carrier_rec *c, const char *org_id)
{
	return org_id != NULL && (same(set_or_null(c->org_id), org_id) ||
	                          custody_rec_org_holds(c, org_id) ||
	                          custody_rec_left_on(c, org_id) != NULL);
}

int
custody_rec_home_check(const struct carrier_rec *c, struct qerr *e)
{
	for (size_t i = 0; i < c->n_copies; i++) {
		const struct carrier_copy_rec *cp = &c->copies[i];
		const char *who;
		char num[24];

		if (custody_rec_copy_home(c, cp))
			continue;
		who = custody_rec_copy_person(cp);
		if (who == NULL)
			who = custody_rec_copy_org(c, cp);
		qerr_set(e, QERR_CONFLICT, "invalid_state", NULL, NULL);
		snprintf(num, sizeof num, "%zu", i + 1);
		qerr_detail_key(e, "copy_away", "copy {n} is away, held by {holder}", "n", num,
		                "holder", who ? who : "nobody", NULL);
		return -1;
	}
	return 0;
}

bool
custody_rec_scope_holds(const struct carrier_rec *c, const char *org)
{
	if (org == NULL || org[0] == '\0')
		return false;
	if (c->n_copies == 0)
		return same(c->org_id, org);
	for (size_t i = 0; i < c->n_copies; i++)
		if (custody_rec_copy_held_by(c, &c->copies[i], org))
			return true;
	return false;
}

/* ---- writers ---------------------------------------------------------------- */

int
custody_rec_copies_new(struct carrier_rec *c, int n, const char *org_id)
{
	struct carrier_copy_rec *v = NULL;

	if (n > 0 && (v = q_calloc((size_t)n, sizeof *v)) == NULL)
		return -1;
	for (int i = 0; i < n; i++) {
		v[i].number = i + 1;
		v[i].fields = COPY_F_HOLDER_ORG | COPY_F_HOLDER_PERSON | COPY_F_HOLDER |
		              COPY_F_STATE | COPY_F_ISSUED_ON;
		if (org_id != NULL)
			q_strlcpy(v[i].holder_org_id, org_id, sizeof v[i].holder_org_id);
		q_strlcpy(v[i].state, carrier_copy_state_name(CARRIER_COPY_IN_REGISTRY),
		          sizeof v[i].state);
	}
	for (size_t i = 0; i < c->n_copies; i++)
		free(c->copies[i].extra);
	free(c->copies);
	c->copies = v;
	c->n_copies = (size_t)(n > 0 ? n : 0);
	c->fields |= CARRIER_F_COPIES;
	return 0;
}

void
custody_rec_copy_set(struct carrier_copy_rec *cp, const char *org_id, const char *person_id,
                     const char *jw)
{
	q_strlcpy(cp->holder_org_id, org_id != NULL ? org_id : "", sizeof cp->holder_org_id);
	q_strlcpy(cp->holder_person_id, person_id != NULL ? person_id : "",
	          sizeof cp->holder_person_id);
	cp->fields |= COPY_F_HOLDER_ORG | COPY_F_HOLDER_PERSON;
	if (jw != NULL) {
		q_strlcpy(cp->joint_work_id, jw, sizeof cp->joint_work_id);
		cp->fields |= COPY_F_JOINT_WORK;
	} else {
		cp->joint_work_id[0] = '\0';
		cp->fields &= ~(unsigned)COPY_F_JOINT_WORK;
	}
}

/* departed is kept in org_id order, as the store reads it back. */
int
custody_rec_depart(struct carrier_rec *c, const char *org_id, qdate date)
{
	struct carrier_departure *v;
	char on[QDATE_STR_SIZE];
	size_t at = 0;

	if (org_id == NULL || date == QDATE_NONE)
		return 0;
	date_format(date, on);
	c->fields |= CARRIER_F_DEPARTED;
	for (; at < c->n_departed; at++) {
		int cmp = strcmp(c->departed[at].org_id, org_id);

		if (cmp == 0) {
			q_strlcpy(c->departed[at].on, on, sizeof c->departed[at].on);
			return 0;
		}
		if (cmp > 0)
			break;
	}
	v = q_realloc(c->departed, (c->n_departed + 1) * sizeof *v);
	if (v == NULL)
		return -1;
	memmove(&v[at + 1], &v[at], (c->n_departed - at) * sizeof *v);
	memset(&v[at], 0, sizeof *v);
	q_strlcpy(v[at].org_id, org_id, sizeof v[at].org_id);
	q_strlcpy(v[at].on, on, sizeof v[at].on);
	c->departed = v;
	c->n_departed++;
	return 0;
}
