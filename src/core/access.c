/*
 * access.c — the access decision (see access.h for the model, the table
 * and the fail-closed rules). Pure: no I/O, no allocation, no clock, no
 * global mutable state.
 *
 * Invariants of access_decide():
 *   1. Every one of the ACCESS_CHECK_COUNT checks is evaluated and written,
 *      in the table's order, whatever fails before it (the API lists each).
 *   2. allowed == (every checks[i].passed); first_failed is the code of the
 *      lowest i with !passed, NULL iff allowed.
 *   3. A check passes only on positive evidence: an UNKNOWN enum, key 0,
 *      QDATE_NONE, an out-of-range degree or a record of another person or
 *      organization never makes a check pass.
 */
#include "core/access.h"

#include <assert.h>
#include <string.h>

/* ===================== Check names (table order) ======================== */

static const struct {
	const char *code;
	const char *article;
} check_names[ACCESS_CHECK_COUNT] = {
	[ACCESS_CLEARANCE_INSUFFICIENT] = {"clearance_insufficient", "29.2"},
	[ACCESS_CLEARANCE_INACTIVE] = {"clearance_inactive", "29.1, 31"},
	[ACCESS_NO_NEED_TO_KNOW] = {"no_need_to_know", "33.2"},
	[ACCESS_ORG_PERMIT_MISSING] = {"org_permit_missing", "34"},
	[ACCESS_CARRIER_UNAVAILABLE] = {"carrier_unavailable", "28"},
	[ACCESS_JOINT_WORK_SUSPENDED] = {"joint_work_suspended", "26.3, R743 p.9"},
	[ACCESS_NOT_THE_HOLDER] = {"not_the_holder", "25.1, 26.1, 33.2, R743 p.10"},
};

const char *
access_check_code(enum access_check_id id)
{
	return (unsigned)id < ACCESS_CHECK_COUNT ? check_names[id].code : NULL;
}

const char *
access_check_article(enum access_check_id id)
{
	return (unsigned)id < ACCESS_CHECK_COUNT ? check_names[id].article : NULL;
}

/* ============================ Private helpers ============================ */

/* A degree the Law knows (Art. 18.2); anything else covers nothing. */
static bool
degree_known(enum degree d)
{
	return d >= DEGREE_CONFIDENTIAL && d <= DEGREE_SPECIAL_IMPORTANCE;
}

/* from <= today <= until, both ends inclusive; a missing end never holds.
 * The caller has already refused today == QDATE_NONE. */
static bool
date_within(qdate from, qdate until, qdate today)
{
	return from != QDATE_NONE && until != QDATE_NONE && from <= today && today <= until;
}

/* The person's current clearance: the last active one, else the last one;
 * NULL when the person has none. Records of other persons are skipped. */
static const struct access_clearance *
clearance_current(const struct access_request *rq)
{
	const struct access_clearance *last = NULL;

	if (rq->clearances == NULL || rq->person.key == ACCESS_KEY_NONE)
		return NULL;
	for (size_t i = rq->nclearances; i-- > 0;) {
		const struct access_clearance *c = &rq->clearances[i];

		if (c->person != rq->person.key)
			continue;
		if (c->state == ACCESS_CLEARANCE_ACTIVE)
			return c;           /* the most recent active one */
		if (last == NULL)
			last = c;           /* the most recent one */
	}
	return last;
}

static int
target_cmp(enum access_target_kind ka, access_key ta, enum access_target_kind kb, access_key tb)
{
	if (ka != kb)
		return ka < kb ? -1 : 1;
	if (ta != tb)
		return ta < tb ? -1 : 1;
	return 0;
}

int
access_grant_cmp(const void *a, const void *b)
{
	const struct access_grant *ga = a, *gb = b;

	return target_cmp(ga->kind, ga->target, gb->kind, gb->target);
}

/* A grant of this person, current today. */
static bool
grant_current(const struct access_grant *g, const struct access_request *rq)
{
	return g->person == rq->person.key && date_within(g->from, g->until, rq->today);
}

/* Sorted grants: does a current grant name exactly (kind, target)? Binary
 * search for the first grant not below it, then scan the equal run (one
 * target may have several grants with different periods). */
static bool
grants_sorted_cover(const struct access_request *rq, enum access_target_kind kind,
                    access_key target)
{
	size_t lo = 0, hi = rq->ngrants;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct access_grant *g = &rq->grants[mid];

		if (target_cmp(g->kind, g->target, kind, target) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < rq->ngrants; lo++) {
		const struct access_grant *g = &rq->grants[lo];

		if (g->kind != kind || g->target != target)
			break;
		if (grant_current(g, rq))
			return true;
	}
	return false;
}

#ifndef NDEBUG
static bool
grants_are_sorted(const struct access_request *rq)
{
	for (size_t i = 1; i < rq->ngrants; i++)
		if (access_grant_cmp(&rq->grants[i - 1], &rq->grants[i]) > 0)
			return false;
	return true;
}
#endif

/* A current grant of the person covers the carrier or one of its
 * information items (Art. 33.2). */
static bool
need_to_know(const struct access_request *rq)
{
	const struct access_carrier *car = &rq->carrier;
	const access_key *info = car->info;
	size_t ninfo = info != NULL ? car->ninfo : 0;

	if (rq->grants == NULL || rq->person.key == ACCESS_KEY_NONE)
		return false;

	if (rq->grants_sorted) {
		/* A caller that lies about the order is a programming error. */
		assert(grants_are_sorted(rq));
		if (car->key != ACCESS_KEY_NONE &&
		    grants_sorted_cover(rq, ACCESS_TARGET_CARRIER, car->key))
			return true;
		for (size_t j = 0; j < ninfo; j++)
			if (info[j] != ACCESS_KEY_NONE &&
			    grants_sorted_cover(rq, ACCESS_TARGET_INFORMATION, info[j]))
				return true;
		return false;
	}

	for (size_t i = 0; i < rq->ngrants; i++) {
		const struct access_grant *g = &rq->grants[i];

		if (g->target == ACCESS_KEY_NONE || !grant_current(g, rq))
			continue;
		if (g->kind == ACCESS_TARGET_CARRIER) {
			if (g->target == car->key)
				return true;
		} else if (g->kind == ACCESS_TARGET_INFORMATION) {
			for (size_t j = 0; j < ninfo; j++)
				if (info[j] == g->target)
					return true;
		}
	}
	return false;
}

/* The organization holds an active permit, current today, whose degree
 * covers the label (Art. 34). */
static bool
org_permit(const struct access_request *rq)
{
	if (rq->permits == NULL || rq->person.org == ACCESS_KEY_NONE)
		return false;
	for (size_t i = 0; i < rq->npermits; i++) {
		const struct access_permit *p = &rq->permits[i];

		if (p->org == rq->person.org && p->state == ACCESS_PERMIT_ACTIVE &&
		    degree_known(p->degree) && degree_covers(p->degree, rq->carrier.label) &&
		    date_within(p->issued_on, p->valid_until, rq->today))
			return true;
	}
	return false;
}

/* The person's organization (or the person, a citizen executor) holds a
 * copy: at home (no joint work), or under a joint work that is active or
 * suspended (Art. 25.1, 26.1, 33.2; R743 p.10). Reading: a suspended joint
 * work leaves the copies with the executor (they return only on close or
 * cancellation), so the executor still holds them and joint_work_suspended
 * is the refusal; a closed, cancelled or unknown one holds nothing. */
static bool
holds_copy(const struct access_request *rq)
{
	if (rq->copies == NULL || rq->person.key == ACCESS_KEY_NONE)
		return false;
	for (size_t i = 0; i < rq->ncopies; i++) {
		const struct access_copy *c = &rq->copies[i];
		bool mine = (c->holder_org != ACCESS_KEY_NONE && c->holder_org == rq->person.org) ||
		            (c->holder_person != ACCESS_KEY_NONE &&
		             c->holder_person == rq->person.key);

		if (mine && (c->joint == ACCESS_JOINT_NONE || c->joint == ACCESS_JOINT_ACTIVE ||
		             c->joint == ACCESS_JOINT_SUSPENDED))
			return true;
	}
	return false;
}

/* ============================== The decision ============================= */

/* Check id passes for rq; cur is clearance_current(rq), found once by the
 * caller. The one definition of each check, for both entry points. */
static bool
check_passes(const struct access_request *rq, const struct access_clearance *cur,
             enum access_check_id id)
{
	switch (id) {
	case ACCESS_CLEARANCE_INSUFFICIENT:
		/* clearance_insufficient, Art. 29.2 */
		return cur != NULL && degree_known(cur->form) &&
		       degree_covers(cur->form, rq->carrier.label);
	case ACCESS_CLEARANCE_INACTIVE:
		/* clearance_inactive, Art. 29.1, 31 */
		return cur != NULL && cur->state == ACCESS_CLEARANCE_ACTIVE;
	case ACCESS_NO_NEED_TO_KNOW:
		/* no_need_to_know, Art. 33.2 */
		return rq->today != QDATE_NONE && need_to_know(rq);
	case ACCESS_ORG_PERMIT_MISSING:
		/* org_permit_missing, Art. 34 */
		return rq->today != QDATE_NONE && org_permit(rq);
	case ACCESS_CARRIER_UNAVAILABLE:
		/* carrier_unavailable, Art. 28: destroyed, lost, transferred out
		 * and archived carriers are not read or issued. */
		return rq->carrier.state == ACCESS_CARRIER_REGISTERED ||
		       rq->carrier.state == ACCESS_CARRIER_ISSUED ||
		       rq->carrier.state == ACCESS_CARRIER_DECLASSIFIED;
	case ACCESS_JOINT_WORK_SUSPENDED:
		/* joint_work_suspended, Art. 26.3, R743 p.9: an executor's
		 * carrier only while the joint work is active. */
		return rq->joint == ACCESS_JOINT_NONE || rq->joint == ACCESS_JOINT_ACTIVE;
	case ACCESS_NOT_THE_HOLDER:
		/* not_the_holder, Art. 25.1, 26.1, 33.2, R743 p.10: only the
		 * holder of a copy reads or issues it; never a third body. */
		return holds_copy(rq);
	default:
		return false;
	}
}

bool
access_decide(const struct access_request *rq, struct access_decision *out)
{
	const struct access_clearance *cur = rq != NULL ? clearance_current(rq) : NULL;

	assert(out != NULL);
	if (out == NULL)
		return false;

	out->allowed = true;
	out->first_failed = NULL;
	out->first_failed_article = NULL;
	for (int i = 0; i < ACCESS_CHECK_COUNT; i++) {
		bool pass = rq != NULL && check_passes(rq, cur, (enum access_check_id)i);

		out->checks[i].code = check_names[i].code;
		out->checks[i].article = check_names[i].article;
		out->checks[i].passed = pass;
		if (!pass && out->allowed) {
			out->allowed = false;
			out->first_failed = check_names[i].code;
			out->first_failed_article = check_names[i].article;
		}
	}
	return out->allowed;
}

bool
access_allowed(const struct access_request *rq, enum access_check_id *failed)
{
	const struct access_clearance *cur;

	if (failed != NULL)
		*failed = ACCESS_CHECK_COUNT;
	if (rq == NULL) {
		if (failed != NULL)
			*failed = (enum access_check_id)0;
		return false;
	}
	cur = clearance_current(rq);
	for (int i = 0; i < ACCESS_CHECK_COUNT; i++)
		if (!check_passes(rq, cur, (enum access_check_id)i)) {
			if (failed != NULL)
				*failed = (enum access_check_id)i;
			return false;
		}
	return true;
}

void
access_verdict(const struct access_request *rq, struct access_decision *out)
{
	enum access_check_id failed;

	assert(out != NULL);
	if (out == NULL)
		return;
	out->allowed = access_allowed(rq, &failed);
	out->first_failed = out->allowed ? NULL : check_names[failed].code;
	out->first_failed_article = out->allowed ? NULL : check_names[failed].article;
	for (int i = 0; i < ACCESS_CHECK_COUNT; i++) {
		out->checks[i].code = check_names[i].code;
		out->checks[i].article = check_names[i].article;
		out->checks[i].passed = i < (int)failed;
	}
}

/* ============================ Input adapters ============================= */

static int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#define ACCESS_ID_HEX_LEN 16   /* store ids end in "_" + 16 hex digits */

int
access_key_from_id(const char *id, access_key *out)
{
	const char *us;
	access_key k = 0;

	if (id == NULL || out == NULL)
		return -1;
	us = strrchr(id, '_');
	if (us == NULL || us == id || strlen(us + 1) != ACCESS_ID_HEX_LEN)
		return -1;
	for (const char *p = us + 1; *p != '\0'; p++) {
		int v = hex_digit(*p);

		if (v < 0)
			return -1;
		k = (k << 4) | (access_key)v;
	}
	if (k == ACCESS_KEY_NONE)
		return -1;
	*out = k;
	return 0;
}

/* Looks s up in a NULL-terminated name list whose index i means enum i+1. */
static int
name_index(const char *s, const char *const *names)
{
	for (int i = 0; s != NULL && names[i] != NULL; i++)
		if (strcmp(s, names[i]) == 0)
			return i + 1;
	return 0;
}

enum access_clearance_state
access_clearance_state_parse(const char *s)
{
	static const char *const names[] = {"registering", "active", "refused", "terminated",
	                                    NULL};

	return (enum access_clearance_state)name_index(s, names);
}

enum access_clearance_state
access_clearance_state_on(enum access_clearance_state stored, qdate granted_on,
                          qdate terminated_on, qdate on)
{
	if (on == QDATE_NONE)
		return stored;
	if ((stored == ACCESS_CLEARANCE_ACTIVE || stored == ACCESS_CLEARANCE_TERMINATED) &&
	    granted_on != QDATE_NONE && granted_on > on)
		return ACCESS_CLEARANCE_REGISTERING;
	if (stored == ACCESS_CLEARANCE_TERMINATED && granted_on != QDATE_NONE &&
	    terminated_on != QDATE_NONE && terminated_on > on)
		return ACCESS_CLEARANCE_ACTIVE;
	return stored;
}

enum access_permit_state
access_permit_state_parse(const char *s)
{
	static const char *const names[] = {"active", "suspended", "cancelled", NULL};

	return (enum access_permit_state)name_index(s, names);
}

enum access_carrier_state
access_carrier_state_parse(const char *s)
{
	static const char *const names[] = {"registered", "issued", "transferred", "archived",
	                                    "destroyed", "lost", "declassified", NULL};

	return (enum access_carrier_state)name_index(s, names);
}

enum access_joint_state
access_joint_state_parse(const char *s)
{
	/* Index 0 would be NONE: never produced from a stored state. */
	static const char *const names[] = {"active", "suspended", "cancelled", "closed", NULL};
	int i = name_index(s, names);

	return i == 0 ? ACCESS_JOINT_UNKNOWN : (enum access_joint_state)(i + 1);
}
