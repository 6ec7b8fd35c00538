/*
 * access_eval.c — gathering the access decision's inputs from the store
 * (see access_eval.h for what is loaded and why). The decision itself is
 * core/access.c: nothing here decides, it only selects records and maps
 * their stored names to the core's enums.
 *
 * Invariants:
 *   1. A record that cannot be mapped (unknown state, unknown degree, id
 *      not of the store's shape, missing date) is passed on as UNKNOWN /
 *      key 0 / QDATE_NONE, which the core never lets pass (fail closed).
 *   2. All records come from the caller's one transaction.
 *   3. Arrays are heap-allocated per call and freed on every path.
 *
 * Untrusted input: person_id and carrier_id come from the request; they are
 * only looked up (404 when unknown). Docs are our own records.
 */
#include "http/access_eval.h"

#include <stdlib.h>
#include <string.h>

#include "core/clearance.h"
#include "core/grant.h"
#include "http/clearance_ops.h"
#include "http/custody.h"
#include "http/i18n.h"
#include "http/jsonv.h"
#include "http/permit_ops.h"
#include "http/util.h"
#include "ops/orgs.h"

#define ACCESS_EVAL_INFO_MAX 10000   /* information items of one carrier */

/* A growable array of fixed-size items. */
struct vec {
	void *items;
	size_t n, cap, size;
};

static void *
vec_push(struct vec *v, struct qerr *e)
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
	return (char *)v->items + v->n++ * v->size;
}

static access_key
key_of(const char *id)
{
	access_key k = ACCESS_KEY_NONE;

	if (id == NULL || access_key_from_id(id, &k) != 0)
		return ACCESS_KEY_NONE;
	return k;
}

/* ---- collectors --------------------------------------------------------- */

struct collect {
	struct vec v;
	access_key person, org;
	struct qerr *e;
	qdate on;              /* the act's date: records as they stood then */
	struct vec pend;       /* struct pending: Art. 5 clearances (clearances only) */
};

/* An active clearance granted under the Art. 5 relaxation whose
 * verification is still pending: its index in the clearances, the mode and
 * the period end recorded with the decision. */
struct pending {
	size_t idx;
	char mode[STORE_ID_MAX];
	qdate due;
};

static int
clearance_cb(void *ctx, const struct store_rec *rec)
{
	struct collect *c = ctx;
	struct access_clearance *cl = vec_push(&c->v, c->e);

	if (cl == NULL)
		return -1;
	cl->person = c->person;   /* selected by parent_id = person */
	cl->form = degree_parse(jsonv_str(rec->doc, "form"));
	/* as it stood on the act's effective_date (SPEC.md §3) */
	cl->state = access_clearance_state_on(access_clearance_state_parse(rec->state),
	                                      jsonv_date(rec->doc, "granted_on"),
	                                      jsonv_date(rec->doc, "terminated_on"), c->on);
	if (cl->state == ACCESS_CLEARANCE_ACTIVE &&
	    jsonv_bool(rec->doc, "verification_pending", false)) {
		const json_t *em = json_object_get(json_object_get(rec->doc, "decision"), "emergency");
		struct pending *p = vec_push(&c->pend, c->e);

		if (p == NULL)
			return -1;
		p->idx = c->v.n - 1;
		q_strlcpy(p->mode, jsonv_str(em, "id") ? jsonv_str(em, "id") : "", sizeof p->mode);
		p->due = jsonv_date(em, "verification_due_on");
	}
	return 0;
}

/* clearance_inactive, Art. 5, 29.1: from the day after the modified
 * procedure's period (the mode's end as it stands now: an early end counts),
 * a clearance whose verification is still pending no longer counts as
 * active; it is reported as still registering. */
static int
pending_lapse(struct store_tx *tx, struct collect *cl, struct qerr *e)
{
	struct access_clearance *items = cl->v.items;
	const struct pending *pend = cl->pend.items;

	for (size_t i = 0; i < cl->pend.n; i++) {
		qdate end = pend[i].due;

		if (pend[i].mode[0] != '\0' && emergency_period_end(tx, pend[i].mode, &end, e) != 0)
			return -1;
		if (clearance_pending_lapsed(end, cl->on))
			items[pend[i].idx].state = ACCESS_CLEARANCE_REGISTERING;
	}
	return 0;
}

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
		struct access_permit *ap = vec_push(&c->v, c->e);

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

static int
grant_cb(void *ctx, const struct store_rec *rec)
{
	struct collect *c = ctx;
	struct access_grant *g;
	const char *car = jsonv_str(rec->doc, "carrier_id");
	const char *info = jsonv_str(rec->doc, "information_id");

	bool revoked = strcmp(rec->state, "revoked") == 0;

	/* A grant neither active nor revoked is no grant (Art. 33.2). */
	if (strcmp(rec->state, "active") != 0 && !revoked)
		return 0;
	g = vec_push(&c->v, c->e);
	if (g == NULL)
		return -1;
	g->person = c->person;
	g->kind = car != NULL ? ACCESS_TARGET_CARRIER
	        : info != NULL ? ACCESS_TARGET_INFORMATION : ACCESS_TARGET_UNKNOWN;
	g->target = key_of(car != NULL ? car : info);
	g->from = jsonv_date(rec->doc, "from");
	g->until = jsonv_date(rec->doc, "until");
	/* A revoked grant ended from its revocation's date: it covers only the
	 * days before (a missing date ends it at once: fail closed). */
	if (revoked)
		g->until = grant_revoked_until(g->until, jsonv_date(rec->doc, "ended_on"));
	return 0;
}

/* The state of joint work jw (NULL: none) (Art. 26.3, R743 p.9). */
static int
joint_state(struct store_tx *tx, const char *jw, enum access_joint_state *out,
            struct qerr *e)
{
	struct store_rec rec = {0};
	struct qerr le = {0};

	*out = ACCESS_JOINT_NONE;
	if (jw == NULL)
		return 0;
	if (store_rec_get(tx, "joint_work", jw, &rec, &le) != 0) {
		if (le.status != QERR_NOT_FOUND) {
			*e = le;
			return -1;
		}
		*out = ACCESS_JOINT_UNKNOWN;   /* a dangling reference fails closed */
		return 0;
	}
	*out = access_joint_state_parse(rec.state);
	store_rec_clear(&rec);
	return 0;
}

/* The carrier's copies with their holders and the state of the joint work
 * each is away under (custody per copy, http/custody.h); *joint: the joint
 * work context of the copies the person holds (or, holding none, of all):
 * NONE when one of them is not under a joint work, else ACTIVE when one is
 * under an active one, else the first one's state. */
static int
copies_of(struct store_tx *tx, const json_t *doc, const struct access_person *p,
          struct access_copy **out, size_t *nout, enum access_joint_state *joint,
          struct qerr *e)
{
	json_t *copies = json_object_get(doc, "copies"), *c;
	size_t n = json_array_size(copies), i;
	struct access_copy *a;
	const char *last_jw = NULL;
	enum access_joint_state last_js = ACCESS_JOINT_NONE;
	enum access_joint_state mine = ACCESS_JOINT_UNKNOWN, all = ACCESS_JOINT_UNKNOWN;
	bool held = false;

	*out = NULL;
	*nout = 0;
	*joint = ACCESS_JOINT_NONE;
	if (n == 0)
		return 0;
	a = calloc(n, sizeof *a);
	if (a == NULL)
		return qerr_internal(e, "access: out of memory");
	json_array_foreach(copies, i, c) {
		const char *jw = custody_copy_joint_work(c);
		bool is_mine;

		a[i].holder_org = key_of(custody_copy_org(doc, c));
		a[i].holder_person = key_of(custody_copy_person(c));
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
		is_mine = (a[i].holder_org != ACCESS_KEY_NONE && a[i].holder_org == p->org) ||
		          (a[i].holder_person != ACCESS_KEY_NONE && a[i].holder_person == p->key);
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
	*joint = held ? mine : all;
	*out = a;
	*nout = n;
	return 0;
}

/* ---- API ----------------------------------------------------------------- */

int
access_eval(struct req *r, struct store_tx *tx, const char *person_id,
            const char *carrier_id, struct access_decision *out, struct qerr *e)
{
	struct store_rec person = {0}, carrier = {0};
	/* the act's date (a GET's is today): clearances and permits as they
	 * stood then (SPEC.md §3) */
	qdate on = r->effective_date != QDATE_NONE ? r->effective_date : r->today;
	struct collect cl = {.v.size = sizeof(struct access_clearance), .e = e, .on = on,
	                     .pend.size = sizeof(struct pending)};
	struct collect pm = {.v.size = sizeof(struct access_permit), .e = e, .on = on};
	struct collect gr = {.v.size = sizeof(struct access_grant), .e = e};
	access_key *info = NULL;
	struct access_copy *copies = NULL;
	size_t ninfo = 0;
	struct access_request rq = {0};
	json_t *ids;
	int ret = -1;

	if (rec_load_field(tx, "person", person_id, &person, "person_id", e) != 0 ||
	    rec_load_field(tx, "carrier", carrier_id, &carrier, "carrier_id", e) != 0)
		goto done;

	rq.person.key = key_of(person.id);
	rq.person.org = key_of(person.org_id);
	cl.person = gr.person = rq.person.key;
	pm.org = rq.person.org;

	{
		struct store_query q = {.kind = "clearance", .parent_id = person.id};

		if (store_rec_walk(tx, &q, clearance_cb, &cl, e) != 0 ||
		    pending_lapse(tx, &cl, e) != 0)
			goto done;
	}
	if (person.org_id[0] != '\0') {
		if (permits_collect(tx, person.org_id, &pm) != 0)
			goto done;
	}
	{
		struct store_query q = {.kind = "grant", .parent_id = person.id};

		if (store_rec_walk(tx, &q, grant_cb, &gr, e) != 0)
			goto done;
	}

	ids = json_object_get(carrier.doc, "information_ids");
	if (json_is_array(ids) && json_array_size(ids) > 0) {
		size_t n = json_array_size(ids);

		if (n > ACCESS_EVAL_INFO_MAX)
			n = ACCESS_EVAL_INFO_MAX;
		info = calloc(n, sizeof *info);
		if (info == NULL) {
			qerr_internal(e, "access: out of memory");
			goto done;
		}
		for (size_t i = 0; i < n; i++)
			info[ninfo++] = key_of(json_string_value(json_array_get(ids, i)));
	}
	rq.carrier.key = key_of(carrier.id);
	rq.carrier.label = degree_parse(jsonv_str(carrier.doc, "label"));
	rq.carrier.state = access_carrier_state_parse(carrier.state);
	rq.carrier.info = info;
	rq.carrier.ninfo = ninfo;
	if (copies_of(tx, carrier.doc, &rq.person, &copies, &rq.ncopies, &rq.joint, e) != 0)
		goto done;
	rq.copies = copies;

	rq.clearances = cl.v.items;
	rq.nclearances = cl.v.n;
	rq.permits = pm.v.items;
	rq.npermits = pm.v.n;
	rq.grants = gr.v.items;
	rq.ngrants = gr.v.n;
	rq.grants_sorted = false;
	rq.today = on;

	access_decide(&rq, out);
	ret = 0;
done:
	free(cl.v.items);
	free(cl.pend.items);
	free(pm.v.items);
	free(gr.v.items);
	free(info);
	free(copies);
	store_rec_clear(&person);
	store_rec_clear(&carrier);
	return ret;
}

json_t *
access_decision_json(const struct req *r, const struct access_decision *d)
{
	json_t *checks = json_array();

	if (checks == NULL)
		return NULL;
	for (int i = 0; i < ACCESS_CHECK_COUNT; i++) {
		const struct access_check *c = &d->checks[i];
		struct qerr m = {0};
		char msg[512];

		/* A passed check reads "<code>.passed"; a failed one the refusal. */
		qerr_set(&m, QERR_RULE, c->code, c->article, NULL);
		if (c->passed)
			snprintf(m.code, sizeof m.code, "%s.passed", c->code);
		i18n_format(r->app->i18n, r->lang, &m, msg, sizeof msg);
		json_array_append_new(checks, json_pack("{s:s, s:s, s:b, s:s}", "code", c->code,
		                                        "article", c->article, "passed",
		                                        c->passed, "message", msg));
	}
	return json_pack("{s:b, s:o}", "allowed", d->allowed, "checks", checks);
}

int
access_decision_refuse(const struct access_decision *d, struct qerr *e)
{
	if (d->allowed)
		return 0;
	return qerr_rule(e, d->first_failed, d->first_failed_article);
}
