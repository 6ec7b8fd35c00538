/*
 * access_index.c — the in-memory access index (see access_index.h).
 *
 * WHAT IT HOLDS. One immutable snapshot of everything ops_access_decide()
 * reads from the store, and of what GET /v1/access/check needs for its
 * 403/404 (the person's organization, the organizations that see a
 * carrier), in compact arrays:
 *   persons    sorted by the 64-bit hash of their id: decision key, org key,
 *              org id, the ranges of their clearances and grants
 *   clearances form, stored state, granted_on, terminated_on, and for a
 *              clearance pending verification (Art. 5) the end of its
 *              period as it stands (the mode's end, resolved at build)
 *   orgs       sorted by hash of the org id: the range of their permits,
 *              each with its state history (validity dates and the state
 *              on the act's date are computed per request)
 *   grants     per person, sorted by access_grant_cmp (binary search in
 *              the core); a revoked grant already ends before its
 *              revocation's date (grant_revoked_until), as the store path
 *   carriers   sorted by hash of their id: label, state, information keys,
 *              copies (custody per copy, with the state of the joint work
 *              each is away under resolved at build), and the ids of the
 *              organizations that see it (ops_scope_sees: registered,
 *              holding a copy, disposing of its information)
 * Lookups hash the request's id once (FNV-1a 64) and confirm with strcmp,
 * so an id finds exactly the record the store's lookup by id finds. Date-
 * dependent inputs (a clearance's state on the act's effective_date, a
 * permit's state on it, the grants' validity) are kept as dates and
 * evaluated per request, so "today" moving needs no rebuild. The decision
 * itself is core/access.c, fed from these arrays without a copy of grants,
 * information keys or copies.
 *
 * FRESHNESS. Every step that writes commits one audit entry in the same
 * transaction (DEVELOPERS.md), so the audit size (max seq + 1, shared by
 * every process and node on the database) names a database state. A
 * snapshot records the audit size read in the read transaction it was
 * built in. A request reads the audit size in its own transaction first;
 * the index answers only when snapshot.seq >= that size, i.e. when no
 * commit visible to the request is missing from the snapshot. Otherwise
 * the request takes the store path (always correct) and wakes the
 * builder. So a revocation committed by another `qupiya serve` on the
 * same SQLite file, or by another node on PostgreSQL, holds on this
 * process from the next request on: the index is never older than the
 * last commit visible when the request began.
 *
 * UPDATES. A stale snapshot is replaced, not patched: the builder thread
 * reads every record again in one read transaction (one consistent
 * database snapshot) and publishes the new one; consecutive commits are
 * coalesced into one rebuild, and rebuilds are spaced by the last
 * build's duration so a write burst costs at most half a core. With
 * QUPIYA_ACCESS_INDEX=sync a request that finds the index stale rebuilds
 * it itself first (when no other rebuild runs) and then decides from it:
 * the "apply the missing commits before deciding" mode the tests use.
 *
 * READERS NEVER WAIT FOR THE WRITER. Snapshots are immutable; the current
 * one is published by a pointer swap. A reader takes a reference (one
 * mutex held for a pointer copy and an increment, never during a build),
 * decides, and drops it; the last reference frees an old snapshot.
 *
 * WHO USES IT. GET /v1/access/check (access_index_check: the person's
 * organization and the carrier's visibility from the index too), and every
 * ops_access_decide (the issue of a copy, the read of content), inside the
 * step's write transaction: its audit size includes its own entries, so a
 * step that wrote before deciding (group commit's earlier operations too)
 * sees a larger size than the index's and takes the store path; such a
 * step never rebuilds (it would hold the write lock), it wakes the builder.
 *
 * Fail closed: anything the index cannot represent exactly (more than
 * IX_LOCAL_MAX clearances or permits of one person) or does not know
 * (unknown person or carrier, another organization, an invisible carrier)
 * falls back to the store path, which answers as before.
 *
 * Untrusted input: person_id and carrier_id are only hashed and compared.
 */
#include "ops/access_index.h"

#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clearance.h"
#include "core/clearance_rec.h"
#include "core/grant_rec.h"
#include "core/joint_work_rec.h"
#include "core/permit.h"
#include "ops/clearances.h"
#include "ops/custody.h"
#include "ops/emergency.h"
#include "ops/grants.h"
#include "ops/items.h"
#include "ops/orgs.h"
#include "ops/persons.h"
#include "ops/records.h"
#include "store/tables_transfers.h"

#define IX_LOCAL_MAX 64        /* clearances / permits of one person, on the stack */
#define IX_INFO_MAX  10000     /* information items of one carrier (as access.c) */

typedef char ix_id[STORE_ID_MAX];

struct ix_person {
	uint64_t h;                 /* hash of id */
	access_key key, org;        /* decision keys */
	uint32_t cl_off, cl_n, gr_off, gr_n;
	ix_id id, org_id;
};

struct ix_clear {
	enum degree form;
	enum access_clearance_state stored;
	qdate granted_on, terminated_on;
	bool pending;               /* active, verification pending (Art. 5) */
	qdate pending_end;          /* the period's end as it stands */
};

struct ix_org {
	uint64_t h;
	uint32_t pm_off, pm_n;
	ix_id id;
};

struct ix_permit {
	enum degree degree;
	const char *state;          /* static stored state name */
	qdate issued_on, valid_until;
	uint32_t h_off, h_n;
};

struct ix_carrier {
	uint64_t h;
	access_key key;
	enum degree label;
	enum access_carrier_state state;
	uint32_t in_off, in_n, cp_off, cp_n, vis_off, vis_n;
	ix_id id;
};

/* A sorted (by h) id -> value map used while building. */
struct ix_map {
	uint64_t h;
	ix_id id;
	ix_id val;                  /* information: its disposer */
	enum access_joint_state js; /* joint work: its state */
};

struct snap {
	int64_t seq;                /* audit size reflected */
	int refs;                   /* guarded by g.lock */
	struct ops_vec persons, clears, orgs, permits, phist, grants, carriers, infos, copies, vis;
};

static struct {
	pthread_mutex_t lock;       /* cur and refs: held for a pointer copy only */
	struct snap *cur;
	struct store *store;
	bool on, sync;
	pthread_mutex_t build;      /* one build at a time */
	pthread_mutex_t bm;         /* want, stop */
	pthread_cond_t bc;
	bool want, stop, thread;
	pthread_t thr;
} g = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.build = PTHREAD_MUTEX_INITIALIZER,
	.bm = PTHREAD_MUTEX_INITIALIZER,
	.bc = PTHREAD_COND_INITIALIZER,
};

static uint64_t
ix_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

static void
cpy(ix_id dst, const char *src)
{
	q_strlcpy(dst, src != NULL ? src : "", STORE_ID_MAX);
}

static void
snap_free(struct snap *s)
{
	if (s == NULL)
		return;
	free(s->persons.items);
	free(s->clears.items);
	free(s->orgs.items);
	free(s->permits.items);
	free(s->phist.items);
	free(s->grants.items);
	free(s->carriers.items);
	free(s->infos.items);
	free(s->copies.items);
	free(s->vis.items);
	free(s);
}

/* ---- lookups ----------------------------------------------------------- */

/* The first element of the h-sorted array whose leading uint64_t is h, and
 * whose id (at id_off) equals id; NULL when none. */
static const void *
find(const struct ops_vec *v, size_t id_off, uint64_t h, const char *id)
{
	size_t lo = 0, hi = v->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint64_t mh = *(const uint64_t *)((const char *)v->items + mid * v->size);

		if (mh < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < v->n; lo++) {
		const char *it = (const char *)v->items + lo * v->size;

		if (*(const uint64_t *)it != h)
			return NULL;
		if (strcmp(it + id_off, id) == 0)
			return it;
	}
	return NULL;
}

static int
cmp_h(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* qsort of a vector; an empty one (items NULL) is left alone. */
static void
vsort(struct ops_vec *v, int (*cmp)(const void *, const void *))
{
	if (v->n > 1)
		qsort(v->items, v->n, v->size, cmp);
}

/* ---- building ---------------------------------------------------------- */

struct build {
	struct snap *s;
	struct store_tx *tx;
	struct ops_vec jw, info;        /* struct ix_map */
	struct ops_vec ctmp, gtmp;      /* clearances and grants with their person */
	struct qerr *e;
};

struct ctmp {
	uint64_t person;            /* index into persons */
	size_t ord;
	struct ix_clear c;
};

struct gtmp {
	uint64_t person;
	struct access_grant g;
};

static int
jw_cb(void *ctx, const void *row)
{
	struct build *b = ctx;
	const struct jw_rec *r = row;
	struct ix_map *m = ops_vec_push(&b->jw, b->e);

	if (m == NULL)
		return -1;
	m->h = ix_hash(r->h.id);
	cpy(m->id, r->h.id);
	m->js = access_joint_state_parse(jw_rec_state_names[r->state]);
	return 0;
}

static int
info_cb(void *ctx, const void *row)
{
	struct build *b = ctx;
	struct ix_map *m = ops_vec_push(&b->info, b->e);
	const struct info_rec *r = row;

	if (m == NULL)
		return -1;
	m->h = ix_hash(r->h.id);
	cpy(m->id, r->h.id);
	cpy(m->val, info_rec_disposer(r));   /* as scope.c */
	return 0;
}

static int
person_cb(void *ctx, const void *row)
{
	struct build *b = ctx;
	const struct person_rec *r = row;
	struct ix_person *p = ops_vec_push(&b->s->persons, b->e);

	if (p == NULL)
		return -1;
	p->h = ix_hash(r->h.id);
	p->key = ops_access_key(r->h.id);
	p->org = ops_access_key(r->org_id);
	cpy(p->id, r->h.id);
	cpy(p->org_id, r->org_id);
	return 0;
}

static const struct ix_person *
person_find(const struct snap *s, const char *id)
{
	return find(&s->persons, offsetof(struct ix_person, id), ix_hash(id), id);
}

/* As clearances.c ops_clearances_of_person, minus the date: that is per
 * request. */
static int
clear_cb(void *ctx, const void *row)
{
	struct build *b = ctx;
	const struct clearance_rec *r = row;
	const struct ix_person *p = person_find(b->s, r->person_id);
	struct ctmp *t;

	if (p == NULL)               /* the store path never selects it */
		return 0;
	t = ops_vec_push(&b->ctmp, b->e);
	if (t == NULL)
		return -1;
	t->person = (uint64_t)(p - (const struct ix_person *)b->s->persons.items);
	t->ord = b->ctmp.n;
	t->c.form = (enum degree)r->form;
	t->c.stored = access_clearance_state_parse(clearance_rec_state_names[r->state]);
	t->c.granted_on = r->granted_on;
	t->c.terminated_on = r->terminated_on;
	if (r->verification_pending) {
		t->c.pending = true;
		t->c.pending_end = r->verification_due_on;
		if (ops_emergency_period_end(b->tx, r->emergency_id, &t->c.pending_end, b->e) != 0)
			return -1;
	}
	return 0;
}

static int
cmp_ctmp(const void *a, const void *b)
{
	const struct ctmp *x = a, *y = b;

	if (x->person != y->person)
		return x->person < y->person ? -1 : 1;
	return x->ord < y->ord ? -1 : x->ord > y->ord;
}

static int
grant_cb(void *ctx, const void *row)
{
	struct build *b = ctx;
	const struct grant_rec *rec = row;
	const struct ix_person *p = person_find(b->s, rec->person_id);
	struct gtmp *t;

	if (p == NULL)
		return 0;
	t = ops_vec_push(&b->gtmp, b->e);
	if (t == NULL)
		return -1;
	t->person = (uint64_t)(p - (const struct ix_person *)b->s->persons.items);
	ops_access_grant(rec, p->key, &t->g);
	return 0;
}

static int
cmp_gtmp(const void *a, const void *b)
{
	const struct gtmp *x = a, *y = b;

	if (x->person != y->person)
		return x->person < y->person ? -1 : 1;
	return access_grant_cmp(&x->g, &y->g);
}

static int
cmp_person_org(const void *a, const void *b)
{
	const struct ix_person *const *x = a, *const *y = b;
	uint64_t hx = ix_hash((*x)->org_id), hy = ix_hash((*y)->org_id);

	if (hx != hy)
		return hx < hy ? -1 : 1;
	return strcmp((*x)->org_id, (*y)->org_id);
}

/* The permits of one organization, appended. */
static int
org_permits(struct build *b, const char *org_id)
{
	struct snap *s = b->s;
	struct ix_org *o = ops_vec_push(&s->orgs, b->e);
	struct permit_rec *p = NULL;
	size_t n = 0;
	int rc = 0;

	if (o == NULL)
		return -1;
	o->h = ix_hash(org_id);
	cpy(o->id, org_id);
	o->pm_off = (uint32_t)s->permits.n;
	if (ops_org_permits(b->tx, org_id, &p, &n, b->e) != 0)
		return -1;
	for (size_t k = 0; k < n && rc == 0; k++) {
		struct ix_permit *ip = ops_vec_push(&s->permits, b->e);

		if (ip == NULL) {
			rc = -1;
			break;
		}
		ip->degree = (enum degree)p[k].degree;
		ip->state = permit_state_name(p[k].state);
		ip->issued_on = p[k].issued_on;
		ip->valid_until = p[k].valid_until;
		ip->h_off = (uint32_t)s->phist.n;
		ip->h_n = (uint32_t)p[k].nhistory;
		for (size_t j = 0; j < p[k].nhistory; j++) {
			struct permit_change *ch = ops_vec_push(&s->phist, b->e);

			if (ch == NULL) {
				rc = -1;
				break;
			}
			ch->from = permit_state_name(p[k].history[j].from);
			ch->to = permit_state_name(p[k].history[j].to);
			ch->date = p[k].history[j].effective_date;
		}
	}
	ops_permits_free(p, n);
	o = (struct ix_org *)s->orgs.items + s->orgs.n - 1;
	o->pm_n = (uint32_t)(s->permits.n - o->pm_off);
	return rc;
}

/* The permits of every organization a person belongs to (sorted by hash,
 * each organization once). */
static int
build_orgs(struct build *b)
{
	struct snap *s = b->s;
	const struct ix_person **by;
	size_t n = 0;
	int rc = 0;

	if (s->persons.n == 0)
		return 0;
	by = calloc(s->persons.n, sizeof *by);
	if (by == NULL)
		return qerr_internal(b->e, "access index: out of memory");
	for (size_t i = 0; i < s->persons.n; i++) {
		const struct ix_person *p = (const struct ix_person *)s->persons.items + i;

		if (p->org_id[0] != '\0')
			by[n++] = p;
	}
	qsort(by, n, sizeof *by, cmp_person_org);
	for (size_t i = 0; i < n && rc == 0; i++)
		if (i == 0 || strcmp(by[i]->org_id, by[i - 1]->org_id) != 0)
			rc = org_permits(b, by[i]->org_id);
	free(by);
	return rc;
}

/* Adds org id to the carrier's visibility list unless empty or present. */
static int
vis_add(struct build *b, struct ix_carrier *c, const char *org)
{
	ix_id *v;

	if (org == NULL || org[0] == '\0')
		return 0;
	for (uint32_t i = 0; i < c->vis_n; i++)
		if (strcmp(((ix_id *)b->s->vis.items)[c->vis_off + i], org) == 0)
			return 0;
	if ((v = ops_vec_push(&b->s->vis, b->e)) == NULL)
		return -1;
	cpy(*v, org);
	c->vis_n++;
	return 0;
}

static int
carrier_cb(void *ctx, const struct store_rec *r)
{
	struct build *b = ctx;
	struct snap *s = b->s;
	struct ix_carrier *c = ops_vec_push(&s->carriers, b->e);
	const json_t *copies = json_object_get(r->doc, "copies"), *cp, *v;
	const json_t *ids = json_object_get(r->doc, "information_ids");
	const char *disp = json_string_value(json_object_get(r->doc, "disposing_org_id"));
	size_t i;

	if (c == NULL)
		return -1;
	c->h = ix_hash(r->id);
	cpy(c->id, r->id);
	c->key = ops_access_key(r->id);
	c->label = degree_parse(json_string_value(json_object_get(r->doc, "label")));
	c->state = access_carrier_state_parse(r->state);
	c->in_off = (uint32_t)s->infos.n;
	json_array_foreach(ids, i, v) {
		access_key *k;

		if (i >= IX_INFO_MAX)
			break;
		if ((k = ops_vec_push(&s->infos, b->e)) == NULL)
			return -1;
		*k = ops_access_key(json_string_value(v));
	}
	c->in_n = (uint32_t)(s->infos.n - c->in_off);
	c->cp_off = (uint32_t)s->copies.n;
	json_array_foreach(copies, i, cp) {
		struct access_copy *a = ops_vec_push(&s->copies, b->e);
		const char *jw = custody_copy_joint_work(cp);

		if (a == NULL)
			return -1;
		a->holder_org = ops_access_key(custody_copy_org(r->doc, cp));
		a->holder_person = ops_access_key(custody_copy_person(cp));
		a->joint = ACCESS_JOINT_NONE;
		if (jw != NULL) {
			const struct ix_map *m = find(&b->jw, offsetof(struct ix_map, id),
			                              ix_hash(jw), jw);

			a->joint = m != NULL ? m->js : ACCESS_JOINT_UNKNOWN;
		}
	}
	c->cp_n = (uint32_t)(s->copies.n - c->cp_off);
	/* Who sees it (scope.c ops_scope_sees for one organization). */
	c->vis_off = (uint32_t)s->vis.n;
	if (vis_add(b, c, r->org_id) != 0)
		return -1;
	json_array_foreach(copies, i, cp) {
		const char *h = json_string_value(json_object_get(cp, "holder_org_id"));

		if (h == NULL && json_string_value(json_object_get(cp, "holder_person_id")) != NULL)
			continue;
		if (vis_add(b, c, h != NULL ? h : r->org_id) != 0)
			return -1;
	}
	if (disp != NULL)
		return vis_add(b, c, disp);
	json_array_foreach(ids, i, v) {
		const char *id = json_string_value(v);
		const struct ix_map *m = id == NULL ? NULL
		        : find(&b->info, offsetof(struct ix_map, id), ix_hash(id), id);

		if (m != NULL && vis_add(b, c, m->val) != 0)
			return -1;
	}
	return 0;
}

static int
build(struct store *st, struct snap **out, struct qerr *e)
{
	struct build b = {.e = e};
	struct snap *s = calloc(1, sizeof *s);
	struct store_query q = {0};
	struct ix_person *pp;
	int ret = -1;

	*out = NULL;
	if (s == NULL)
		return qerr_internal(e, "access index: out of memory");
	b.s = s;
	s->refs = 1;
	s->persons.size = sizeof(struct ix_person);
	s->clears.size = sizeof(struct ix_clear);
	s->orgs.size = sizeof(struct ix_org);
	s->permits.size = sizeof(struct ix_permit);
	s->phist.size = sizeof(struct permit_change);
	s->grants.size = sizeof(struct access_grant);
	s->carriers.size = sizeof(struct ix_carrier);
	s->infos.size = sizeof(access_key);
	s->copies.size = sizeof(struct access_copy);
	s->vis.size = sizeof(ix_id);
	b.jw.size = b.info.size = sizeof(struct ix_map);
	b.ctmp.size = sizeof(struct ctmp);
	b.gtmp.size = sizeof(struct gtmp);
	if (store_begin(st, false, &b.tx, e) != 0)
		goto done;
	if (store_audit_size(b.tx, &s->seq, e) != 0)
		goto done;
	if (store_row_list(b.tx, &store_jw_table, NULL, 0, 0, 0, jw_cb, &b, e) < 0)
		goto done;
	vsort(&b.jw, cmp_h);
	if (ops_info_each(b.tx, NULL, NULL, NULL, info_cb, &b, e) != 0)
		goto done;
	vsort(&b.info, cmp_h);
	if (ops_persons_each(b.tx, NULL, NULL, 0, 0, person_cb, &b, e) < 0)
		goto done;
	vsort(&s->persons, cmp_h);
	{
		struct ops_clearance_query cq = {0};

		if (ops_clearances_each(b.tx, &cq, 0, 0, clear_cb, &b, e) < 0)
			goto done;
	}
	if (ops_grants_list(b.tx, NULL, NULL, 0, 0, grant_cb, &b, e) < 0)
		goto done;
	vsort(&b.ctmp, cmp_ctmp);
	vsort(&b.gtmp, cmp_gtmp);
	pp = s->persons.items;
	for (size_t i = 0; i < b.ctmp.n; i++) {
		struct ctmp *t = (struct ctmp *)b.ctmp.items + i;
		struct ix_clear *c = ops_vec_push(&s->clears, e);

		if (c == NULL)
			goto done;
		*c = t->c;
		if (pp[t->person].cl_n++ == 0)
			pp[t->person].cl_off = (uint32_t)i;
	}
	for (size_t i = 0; i < b.gtmp.n; i++) {
		struct gtmp *t = (struct gtmp *)b.gtmp.items + i;
		struct access_grant *gr = ops_vec_push(&s->grants, e);

		if (gr == NULL)
			goto done;
		*gr = t->g;
		if (pp[t->person].gr_n++ == 0)
			pp[t->person].gr_off = (uint32_t)i;
	}
	if (build_orgs(&b) != 0)
		goto done;
	q.kind = "carrier";
	if (store_rec_walk(b.tx, &q, carrier_cb, &b, e) != 0)
		goto done;
	vsort(&s->carriers, cmp_h);
	*out = s;
	s = NULL;
	ret = 0;
done:
	store_rollback(b.tx);
	free(b.jw.items);
	free(b.info.items);
	free(b.ctmp.items);
	free(b.gtmp.items);
	snap_free(s);
	return ret;
}

/* ---- publishing -------------------------------------------------------- */

static struct snap *
snap_get(void)
{
	struct snap *s;

	pthread_mutex_lock(&g.lock);
	s = g.cur;
	if (s != NULL)
		s->refs++;
	pthread_mutex_unlock(&g.lock);
	return s;
}

static void
snap_put(struct snap *s)
{
	bool last;

	if (s == NULL)
		return;
	pthread_mutex_lock(&g.lock);
	last = --s->refs == 0;
	pthread_mutex_unlock(&g.lock);
	if (last)
		snap_free(s);
}

static void
publish(struct snap *s)
{
	struct snap *old;

	pthread_mutex_lock(&g.lock);
	old = g.cur;
	g.cur = s;
	pthread_mutex_unlock(&g.lock);
	snap_put(old);
}

/* One build under the build lock (try: give up when another runs). */
static int
rebuild(bool try, struct qerr *e)
{
	struct snap *s = NULL;
	int rc;

	if (try) {
		if (pthread_mutex_trylock(&g.build) != 0)
			return 1;
	} else {
		pthread_mutex_lock(&g.build);
	}
	rc = build(g.store, &s, e);
	if (rc == 0)
		publish(s);
	pthread_mutex_unlock(&g.build);
	return rc;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *
builder(void *arg)
{
	(void)arg;
	for (;;) {
		struct qerr e = {0};
		double t0, dt;
		struct timespec pause;

		pthread_mutex_lock(&g.bm);
		while (!g.want && !g.stop)
			pthread_cond_wait(&g.bc, &g.bm);
		if (g.stop) {
			pthread_mutex_unlock(&g.bm);
			return NULL;
		}
		g.want = false;
		pthread_mutex_unlock(&g.bm);
		t0 = now_s();
		(void)rebuild(false, &e);   /* a failed build keeps the old one (stale: unused) */
		dt = now_s() - t0;
		if (dt > 1.0)
			dt = 1.0;
		pause.tv_sec = (time_t)dt;
		pause.tv_nsec = (long)((dt - (double)pause.tv_sec) * 1e9);
		nanosleep(&pause, NULL);
	}
}

static void
wake_builder(void)
{
	pthread_mutex_lock(&g.bm);
	g.want = true;
	pthread_cond_signal(&g.bc);
	pthread_mutex_unlock(&g.bm);
}

int
access_index_start(struct store *s, struct qerr *e)
{
	const char *mode = getenv("QUPIYA_ACCESS_INDEX");

	if (mode != NULL && strcmp(mode, "0") == 0)
		return 0;
	g.store = s;
	g.sync = mode != NULL && strcmp(mode, "sync") == 0;
	if (rebuild(false, e) != 0)
		return -1;
	g.stop = false;
	if (pthread_create(&g.thr, NULL, builder, NULL) != 0) {
		publish(NULL);
		return qerr_internal(e, "access index: no builder thread");
	}
	g.thread = true;
	g.on = true;
	return 0;
}

void
access_index_stop(void)
{
	if (g.thread) {
		pthread_mutex_lock(&g.bm);
		g.stop = true;
		pthread_cond_signal(&g.bc);
		pthread_mutex_unlock(&g.bm);
		pthread_join(g.thr, NULL);
		g.thread = false;
	}
	g.on = false;
	publish(NULL);
	g.store = NULL;
}

bool
access_index_on(void)
{
	return g.on;
}

bool
access_index_serves(const struct store *s)
{
	return g.on && s != NULL && s == g.store;
}

int64_t
access_index_seq(void)
{
	struct snap *s = snap_get();
	int64_t seq = s != NULL ? s->seq : -1;

	snap_put(s);
	return seq;
}

int
access_index_refresh(struct qerr *e)
{
	if (!g.on)
		return 0;
	return rebuild(false, e);
}

/* ---- deciding ---------------------------------------------------------- */

static bool
sees(const struct snap *s, const struct ix_carrier *c, const char *org)
{
	const ix_id *v;

	if (org == NULL || org[0] == '\0' || c->vis_n == 0)
		return false;
	v = (const ix_id *)s->vis.items + c->vis_off;
	for (uint32_t i = 0; i < c->vis_n; i++)
		if (strcmp(v[i], org) == 0)
			return true;
	return false;
}

static const struct ix_carrier *
carrier_find(const struct snap *s, const char *id)
{
	return find(&s->carriers, offsetof(struct ix_carrier, id), ix_hash(id), id);
}

/* The decision for p and car on day `on`: 1 decided, 0 not answerable
 * from s. */
static int
decide(const struct snap *s, const struct ix_person *p, const struct ix_carrier *car,
       qdate on, bool verdict, struct access_decision *out)
{
	const struct ix_org *o = NULL;
	struct access_clearance cl[IX_LOCAL_MAX];
	struct access_permit pm[IX_LOCAL_MAX];
	struct access_request rq = {0};

	if (p->org_id[0] != '\0')
		o = find(&s->orgs, offsetof(struct ix_org, id), ix_hash(p->org_id), p->org_id);
	if (p->cl_n > IX_LOCAL_MAX || (o != NULL && o->pm_n > IX_LOCAL_MAX))
		return 0;
	rq.person.key = p->key;
	rq.person.org = p->org;
	for (uint32_t i = 0; i < p->cl_n; i++) {
		const struct ix_clear *x = (const struct ix_clear *)s->clears.items + p->cl_off + i;

		cl[i].person = p->key;
		cl[i].form = x->form;
		cl[i].state = access_clearance_state_on(x->stored, x->granted_on, x->terminated_on,
		                                        on);
		if (cl[i].state == ACCESS_CLEARANCE_ACTIVE && x->pending &&
		    clearance_pending_lapsed(x->pending_end, on))
			cl[i].state = ACCESS_CLEARANCE_REGISTERING;
	}
	rq.clearances = cl;
	rq.nclearances = p->cl_n;
	for (uint32_t i = 0; o != NULL && i < o->pm_n; i++) {
		const struct ix_permit *x = (const struct ix_permit *)s->permits.items + o->pm_off + i;
		const char *st = x->state;

		if (on != QDATE_NONE && x->h_n > 0 && x->h_n <= PERMIT_HISTORY_MAX)
			st = permit_stored_state_on(st, (const struct permit_change *)s->phist.items +
			                                    x->h_off, x->h_n, on);
		pm[i].org = p->org;
		pm[i].degree = x->degree;
		pm[i].state = access_permit_state_parse(st);
		pm[i].issued_on = x->issued_on;
		pm[i].valid_until = x->valid_until;
	}
	rq.permits = pm;
	rq.npermits = o != NULL ? o->pm_n : 0;
	rq.grants = p->gr_n ? (const struct access_grant *)s->grants.items + p->gr_off : NULL;
	rq.ngrants = p->gr_n;
	rq.grants_sorted = true;
	rq.carrier.key = car->key;
	rq.carrier.label = car->label;
	rq.carrier.state = car->state;
	rq.carrier.info = car->in_n ? (const access_key *)s->infos.items + car->in_off : NULL;
	rq.carrier.ninfo = car->in_n;
	rq.copies = car->cp_n ? (const struct access_copy *)s->copies.items + car->cp_off : NULL;
	rq.ncopies = car->cp_n;
	rq.joint = ops_access_joint(rq.copies, rq.ncopies, &rq.person);
	rq.today = on;
	if (verdict)
		access_verdict(&rq, out);
	else
		access_decide(&rq, out);
	return 1;
}

/* A reference to a snapshot reflecting db_seq or later, or NULL (the
 * caller takes the store path; the index is brought up to date: at once in
 * sync mode when may_build, else in the background). A step inside a
 * write transaction never builds: that would hold the write lock. */
static struct snap *
fresh(int64_t db_seq, bool may_build)
{
	struct snap *s = snap_get();
	struct qerr e = {0};

	if (s != NULL && s->seq >= db_seq)
		return s;
	snap_put(s);
	if (!g.sync || !may_build) {
		wake_builder();
		return NULL;
	}
	if (rebuild(true, &e) != 0)   /* busy or failed: the store path */
		return NULL;
	s = snap_get();
	if (s != NULL && s->seq >= db_seq)
		return s;
	snap_put(s);
	return NULL;
}

int
access_index_check(const struct ops_ctx *c, const struct ops_access_check_args *a,
                   int64_t db_seq, struct access_decision *out)
{
	const struct ix_person *p;
	const struct ix_carrier *car;
	struct snap *s;
	int rc = 0;

	if (!g.on || c->store != g.store || a->person_id == NULL || a->carrier_id == NULL)
		return 0;
	if ((s = fresh(db_seq, true)) == NULL)
		return 0;
	p = person_find(s, a->person_id);
	car = carrier_find(s, a->carrier_id);
	/* 403 another organization's person, 404 a carrier the actor does not
	 * see: the store path answers those */
	if (p != NULL && car != NULL &&
	    (c->actor.cross_org || (p->org_id[0] != '\0' && strcmp(p->org_id, c->actor.org_id) == 0 &&
	                            sees(s, car, c->actor.org_id))))
		rc = decide(s, p, car, ops_access_on(c), false, out);
	snap_put(s);
	return rc;
}

int
access_index_decide(const char *person_id, const char *carrier_id, qdate on, int64_t db_seq,
                    bool verdict, struct access_decision *out)
{
	const struct ix_person *p;
	const struct ix_carrier *car;
	struct snap *s;
	int rc = 0;

	if (!g.on || person_id == NULL || carrier_id == NULL || (s = fresh(db_seq, false)) == NULL)
		return 0;
	p = person_find(s, person_id);
	car = carrier_find(s, carrier_id);
	if (p != NULL && car != NULL)
		rc = decide(s, p, car, on, verdict, out);
	snap_put(s);
	return rc;
}
