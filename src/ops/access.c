/*
 * access.c — gathering the access decision's inputs from the store (see
 * access.h for what is loaded and why). The decision itself is
 * core/access.c: nothing here decides, it only selects records and maps
 * their stored names to the core's enums.
 *
 * Typed: persons and carriers are their typed rows (core/person_rec.h,
 * core/carrier_rec.h; custody per copy by core/custody_rec.h), read-only.
 *
 * Invariants:
 *   1. A record that cannot be mapped (unknown state, unknown degree, id
 *      not of the store's shape, missing date) is passed on as UNKNOWN /
 *      key 0 / QDATE_NONE, which the core never lets pass (fail closed).
 *   2. All records come from the caller's one transaction.
 *   3. Arrays are heap-allocated per call and freed on every path.
 *
 * Untrusted input: person_id and carrier_id come from the request; they are
 * only looked up (404 when unknown).
 */
#include "ops/access.h"

#include <stdlib.h>
#include <string.h>

#include "core/grant.h"
#include "core/grant_rec.h"
#include "core/joint_work_rec.h"
#include "ops/access_index.h"
#include "ops/clearances.h"
#include "core/custody_rec.h"
#include "ops/carrier_store.h"
#include "ops/grants.h"
#include "ops/orgs.h"
#include "ops/persons.h"
#include "ops/records.h"
#include "ops/scope.h"
#include "store/tables_transfers.h"

#define ACCESS_INFO_MAX 10000   /* information items of one carrier */

void *
ops_vec_push(struct ops_vec *v, struct qerr *e)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 16;
		void *p = realloc(v->items, cap * v->size);

		if (p == NULL) {
			qerr_internal(e, "access: out of memory");
			return NULL;
		}
		v->items = p;
		v->cap = cap;
	}
	memset((char *)v->items + v->n * v->size, 0, v->size);
	return (char *)v->items + v->n++ * v->size;
}

access_key
ops_access_key(const char *id)
{
	access_key k = ACCESS_KEY_NONE;

	if (id == NULL || access_key_from_id(id, &k) != 0)
		return ACCESS_KEY_NONE;
	return k;
}

/* ---- collectors --------------------------------------------------------- */

struct collect {
	struct ops_vec v;
	access_key person, org;
	struct qerr *e;
	qdate on;              /* the act's date: records as they stood then */
};

/* The organization's permits (typed, ops/orgs.h) as the decision's inputs. */
static int
permits_collect(struct store_tx *tx, const char *org_id, struct collect *c)
{
	struct permit_rec *p = NULL;
	size_t n = 0;
	int rc = 0;

	if (ops_org_permits(tx, org_id, &p, &n, c->e) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct access_permit *ap = ops_vec_push(&c->v, c->e);

		if (ap == NULL) {
			rc = -1;
			break;
		}
		ap->org = c->org;
		ap->degree = (enum degree)p[i].degree;
		ap->state = access_permit_state_parse(ops_permit_state_on(&p[i], c->on));
		ap->issued_on = p[i].issued_on;
		ap->valid_until = p[i].valid_until;
	}
	ops_permits_free(p, n);
	return rc;
}

void
ops_access_grant(const struct grant_rec *rec, access_key person, struct access_grant *g)
{
	const char *car = rec->carrier_id[0] ? rec->carrier_id : NULL;
	const char *info = rec->information_id[0] ? rec->information_id : NULL;

	g->person = person;
	g->kind = car != NULL ? ACCESS_TARGET_CARRIER
	        : info != NULL ? ACCESS_TARGET_INFORMATION : ACCESS_TARGET_UNKNOWN;
	g->target = ops_access_key(car != NULL ? car : info);
	g->from = rec->from;
	g->until = rec->until;
	/* A revoked grant ended from its revocation's date: it covers only the
	 * days before (a missing date ends it at once: fail closed). */
	if (rec->state == GRANT_REVOKED)
		g->until = grant_revoked_until(g->until, rec->ended_on);
}

static int
grant_cb(void *ctx, const void *row)
{
	struct collect *c = ctx;
	struct access_grant *g = ops_vec_push(&c->v, c->e);

	if (g == NULL)
		return -1;
	ops_access_grant(row, c->person, g);
	return 0;
}

/* The state of joint work jw (NULL: none) (Art. 26.3, R743 p.9). */
static int
joint_state(struct store_tx *tx, const char *jw, enum access_joint_state *out,
            struct qerr *e)
{
	struct jw_rec rec;
	struct qerr le = {0};

	*out = ACCESS_JOINT_NONE;
	if (jw == NULL)
		return 0;
	if (store_row_get(tx, &store_jw_table, jw, &rec, &le) != 0) {
		if (le.status != QERR_NOT_FOUND) {
			*e = le;
			return -1;
		}
		*out = ACCESS_JOINT_UNKNOWN;   /* a dangling reference fails closed */
		return 0;
	}
	*out = access_joint_state_parse(jw_rec_state_names[rec.state]);
	store_row_free(&store_jw_table, &rec);
	return 0;
}

enum access_joint_state
ops_access_joint(const struct access_copy *a, size_t n, const struct access_person *p)
{
	enum access_joint_state mine = ACCESS_JOINT_UNKNOWN, all = ACCESS_JOINT_UNKNOWN;
	bool held = false;

	if (n == 0)
		return ACCESS_JOINT_NONE;
	for (size_t i = 0; i < n; i++) {
		bool is_mine = (a[i].holder_org != ACCESS_KEY_NONE && a[i].holder_org == p->org) ||
		               (a[i].holder_person != ACCESS_KEY_NONE &&
		                a[i].holder_person == p->key);

		if (is_mine && !held) {
			held = true;
			mine = a[i].joint;
		} else if (is_mine && mine != ACCESS_JOINT_NONE &&
		           (a[i].joint == ACCESS_JOINT_NONE || a[i].joint == ACCESS_JOINT_ACTIVE)) {
			mine = a[i].joint;
		}
		if (i == 0 || (all != ACCESS_JOINT_NONE && (a[i].joint == ACCESS_JOINT_NONE ||
		                                            a[i].joint == ACCESS_JOINT_ACTIVE)))
			all = a[i].joint;
	}
	return held ? mine : all;
}

/* The carrier's copies with their holders and the state of the joint work
 * each is away under (custody per copy, core/custody_rec.h); *joint: see
 * ops_access_joint. */
static int
copies_of(struct store_tx *tx, const struct carrier_rec *car, const struct access_person *p,
          struct access_copy **out, size_t *nout, enum access_joint_state *joint,
          struct qerr *e)
{
	size_t n = car->n_copies;
	struct access_copy *a;
	const char *last_jw = NULL;
	enum access_joint_state last_js = ACCESS_JOINT_NONE;

	*out = NULL;
	*nout = 0;
	*joint = ACCESS_JOINT_NONE;
	if (n == 0)
		return 0;
	a = calloc(n, sizeof *a);
	if (a == NULL)
		return qerr_internal(e, "access: out of memory");
	for (size_t i = 0; i < n; i++) {
		const struct carrier_copy_rec *c = &car->copies[i];
		const char *jw = custody_rec_copy_joint_work(c);

		a[i].holder_org = ops_access_key(custody_rec_copy_org(car, c));
		a[i].holder_person = ops_access_key(custody_rec_copy_person(c));
		if (jw == NULL) {
			a[i].joint = ACCESS_JOINT_NONE;
		} else if (last_jw != NULL && strcmp(jw, last_jw) == 0) {
			a[i].joint = last_js;
		} else {
			if (joint_state(tx, jw, &a[i].joint, e) != 0) {
				free(a);
				return -1;
			}
			last_jw = jw;
			last_js = a[i].joint;
		}
	}
	*joint = ops_access_joint(a, n, p);
	*out = a;
	*nout = n;
	return 0;
}

/* The keys of the carrier's information items (at most ACCESS_INFO_MAX). */
static int
info_of(const struct carrier_rec *car, access_key **out, size_t *nout, struct qerr *e)
{
	size_t n = car->n_information;

	*out = NULL;
	*nout = 0;
	if (n == 0)
		return 0;
	if (n > ACCESS_INFO_MAX)
		n = ACCESS_INFO_MAX;
	*out = calloc(n, sizeof **out);
	if (*out == NULL)
		return qerr_internal(e, "access: out of memory");
	for (size_t i = 0; i < n; i++)
		(*out)[i] = ops_access_key(car->information_ids[i]);
	*nout = n;
	return 0;
}

/* ---- API ----------------------------------------------------------------- */

qdate
ops_access_on(const struct ops_ctx *c)
{
	return c->effective_date != QDATE_NONE ? c->effective_date : c->today;
}

static int
decide_in(struct store_tx *tx, const char *person_id, const char *carrier_id, qdate on,
          bool verdict, struct access_decision *out, struct qerr *e)
{
	struct carrier_rec carrier = {0};
	struct person_rec person = {0};
	struct collect pm = {.v.size = sizeof(struct access_permit), .e = e, .on = on};
	struct collect gr = {.v.size = sizeof(struct access_grant), .e = e};
	struct access_clearance *cl = NULL;
	access_key *info = NULL;
	struct access_copy *copies = NULL;
	struct access_request rq = {0};
	int64_t seen = 0;
	int ret = -1;

	/* the in-memory index when it reflects everything tx sees */
	if (access_index_on()) {
		if (store_audit_size(tx, &seen, e) != 0)
			return -1;
		if (access_index_decide(person_id, carrier_id, on, seen, verdict, out) == 1)
			return 0;
	}
	if (ops_person_load(tx, person_id, &person, "person_id", e) != 0 ||
	    ops_carrier_load(tx, carrier_id, &carrier, "carrier_id", e) != 0)
		goto done;
	rq.person.key = ops_access_key(person.h.id);
	rq.person.org = ops_access_key(person.org_id);
	gr.person = rq.person.key;
	pm.org = rq.person.org;
	if (ops_clearances_of_person(tx, person.h.id, rq.person.key, on, &cl, &rq.nclearances,
	                             e) != 0)
		goto done;
	if (person.org_id[0] != '\0' && permits_collect(tx, person.org_id, &pm) != 0)
		goto done;
	if (ops_grants_list(tx, NULL, person.h.id, 0, 0, grant_cb, &gr, e) < 0)
		goto done;
	if (info_of(&carrier, &info, &rq.carrier.ninfo, e) != 0)
		goto done;
	rq.carrier.key = ops_access_key(carrier.h.id);
	rq.carrier.label = degree_parse((carrier.fields & CARRIER_F_LABEL) ? carrier.label : NULL);
	rq.carrier.state = access_carrier_state_parse(carrier.state);
	rq.carrier.info = info;
	if (copies_of(tx, &carrier, &rq.person, &copies, &rq.ncopies, &rq.joint, e) != 0)
		goto done;
	rq.copies = copies;
	rq.clearances = cl;
	rq.permits = pm.v.items;
	rq.npermits = pm.v.n;
	rq.grants = gr.v.items;
	rq.ngrants = gr.v.n;
	rq.grants_sorted = false;
	rq.today = on;
	if (verdict)
		access_verdict(&rq, out);
	else
		access_decide(&rq, out);
	ret = 0;
done:
	free(cl);
	free(pm.v.items);
	free(gr.v.items);
	free(info);
	free(copies);
	person_rec_free(&person);
	carrier_rec_clear(&carrier);
	return ret;
}

int
ops_access_decide(struct store_tx *tx, const char *person_id, const char *carrier_id,
                  qdate on, struct access_decision *out, struct qerr *e)
{
	return decide_in(tx, person_id, carrier_id, on, false, out, e);
}

int
ops_access_verdict(struct store_tx *tx, const char *person_id, const char *carrier_id,
                   qdate on, struct access_decision *out, struct qerr *e)
{
	return decide_in(tx, person_id, carrier_id, on, true, out, e);
}

int
ops_access_refusal(const struct access_decision *d, struct qerr *e)
{
	if (d->allowed)
		return 0;
	return qerr_rule(e, d->first_failed, d->first_failed_article);
}

int
ops_access_check(const struct ops_ctx *c, const struct ops_access_check_args *a,
                 struct access_decision *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct carrier_rec carrier = {0};
	struct person_rec person = {0};
	int64_t seen = 0;
	bool sees = false;
	int rc;

	/* the in-memory index, when it reflects every commit visible now (the
	 * audit size read after this request began: authentication's, else
	 * access_index_db_seq); else the store path below */
	if (access_index_serves(c->store) &&
	    (c->audit_size_known ? (seen = c->audit_size, 0) : access_index_db_seq(&seen)) == 0 &&
	    access_index_check(c, a, seen, out) == 1)
		return 0;
	if (ops_begin(c, false, &tx, e) != 0)
		return -1;
	rc = ops_person_load(tx, a->person_id, &person, "person_id", e);
	if (rc == 0)
		rc = ops_scope(c, person.org_id, e);
	if (rc == 0)
		rc = ops_carrier_load(tx, a->carrier_id, &carrier, "carrier_id", e);
	if (rc == 0)
		rc = ops_scope_carrier_sees(tx, &carrier, c->actor.org_id, c->actor.cross_org, &sees,
		                            e);
	if (rc == 0 && !sees)   /* an invisible carrier is unknown (404) */
		rc = qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, "carrier_id");
	if (rc == 0)
		rc = ops_access_decide(tx, a->person_id, a->carrier_id, ops_access_on(c), out, e);
	store_rollback(tx);
	person_rec_free(&person);
	carrier_rec_clear(&carrier);
	return rc;
}
