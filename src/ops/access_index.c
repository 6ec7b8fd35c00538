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
 * UPDATES: INCREMENTAL, FROM THE COMMIT SEQUENCE. Each snapshot is
 * three tables (persons, organizations, carriers) of 2^bits buckets
 * chosen by the top bits of the id's hash; a bucket is a small sorted
 * array of pointers to entity blobs (one allocation per person with its
 * clearances and sorted grants, per organization with its permits and
 * their histories, per carrier with its information keys, copies and
 * visibility list). Buckets and blobs are immutable and reference
 * counted. To bring a snapshot from audit size s to the database's A,
 * refresh() opens one read transaction, reads the audit entries s..A-1
 * (the commit sequence every process and node shares) and maps each to
 * the entities it changed (changed_by(), below): clearance.* and grant.*
 * to their person, person.* to the person, permit.* to the permit's
 * organization, carrier.create/issue/return/archive/destroy/content.put
 * to the carrier; entries that change nothing the index holds (reads,
 * sessions, users, refused steps) to nothing. It reloads those entities
 * in the same transaction and publishes a new snapshot that shares every
 * untouched bucket with the old one (copy-on-write of the touched
 * buckets, the bucket array copied). Any other action (cascades over
 * many records: declassification, joint works, transfers, information,
 * emergency modes, imports, an action this file does not know), more
 * than IX_DELTA_MAX entries, or an overfull bucket needs a full rebuild:
 * that only ever runs on the builder thread, so a request never waits
 * for one. An unknown action thus costs a rebuild, never a stale answer.
 *
 * Who refreshes: a successful commit wakes the builder
 * (access_index_committed, from ops_commit), which applies the new
 * entries at once; a request that finds the index behind its own
 * transaction's audit size applies them itself before deciding (when no
 * other refresh runs; else it takes the store path), so with several
 * nodes a node applies the commits it has not seen before it decides.
 * QUPIYA_ACCESS_INDEX=sync lets a request run a full rebuild too (tests);
 * QUPIYA_ACCESS_INDEX=check also rebuilds the whole snapshot after each
 * incremental step and aborts the process when the two differ in any
 * entity (the consistency test's oracle: incremental == full rebuild).
 *
 * READERS NEVER WAIT FOR THE WRITER. Snapshots are immutable; the current
 * one is published by a pointer swap (RCU style). A reader takes a
 * reference (one mutex held for a pointer copy and an increment, never
 * during a build), decides, and drops it; the last reference to an old
 * snapshot releases its buckets, and the last bucket holding a blob frees
 * it (atomic counts: any thread may drop the last one).
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clearance.h"
#include "core/clearance_rec.h"
#include "core/grant_rec.h"
#include "core/joint_work_rec.h"
#include "core/permit.h"
#include "ops/clearances.h"
#include "core/custody_rec.h"
#include "ops/emergency.h"
#include "ops/grants.h"
#include "ops/items.h"
#include "ops/orgs.h"
#include "ops/persons.h"
#include "ops/records.h"
#include "store/tables_carriers.h"
#include "store/tables_clearances.h"
#include "store/tables_transfers.h"

#define IX_LOCAL_MAX 64        /* clearances / permits of one person, on the stack */
#define IX_INFO_MAX  10000     /* information items of one carrier (as access.c) */
#define IX_DELTA_MAX 512       /* audit entries one incremental step applies */
#define IX_BUCKET_MAX 64       /* entities of one bucket before a rebuild */
#define IX_BITS_MIN  6

typedef char ix_id[STORE_ID_MAX];

/* The head of every entity blob: its count, its size (for comparison),
 * the hash and the id. Blobs are calloc'ed and filled from zeroed
 * temporaries, so two blobs of the same entity compare equal bytewise. */
struct blob {
	int refs;
	uint32_t size;
	uint64_t h;
	ix_id id;
};

struct ix_clear {
	enum degree form;
	enum access_clearance_state stored;
	qdate granted_on, terminated_on;
	bool pending;               /* active, verification pending (Art. 5) */
	qdate pending_end;          /* the period's end as it stands */
};

/* + struct ix_clear[cl_n], struct access_grant[gr_n] */
struct ix_person {
	struct blob b;
	access_key key, org;        /* decision keys */
	uint32_t cl_n, gr_n;
	ix_id org_id;
};

struct ix_permit {
	enum degree degree;
	const char *state;          /* static stored state name */
	qdate issued_on, valid_until;
	uint32_t h_off, h_n;        /* into the blob's permit_change[] */
};

/* + struct ix_permit[pm_n], struct permit_change[ph_n] */
struct ix_org {
	struct blob b;
	uint32_t pm_n, ph_n;
};

/* + access_key[in_n], struct access_copy[cp_n], ix_id[vis_n] */
struct ix_carrier {
	struct blob b;
	access_key key;
	enum degree label;
	enum access_carrier_state state;
	uint32_t in_n, cp_n, vis_n;
};

#define AL(x) (((x) + 15u) & ~(size_t)15u)
#define TAIL(p, off) ((void *)((char *)(p) + (off)))

static struct ix_clear *
p_clears(const struct ix_person *p)
{
	return TAIL(p, AL(sizeof *p));
}

static struct access_grant *
p_grants(const struct ix_person *p)
{
	return TAIL(p, AL(sizeof *p) + AL(p->cl_n * sizeof(struct ix_clear)));
}

static struct ix_permit *
o_permits(const struct ix_org *o)
{
	return TAIL(o, AL(sizeof *o));
}

static struct permit_change *
o_hist(const struct ix_org *o)
{
	return TAIL(o, AL(sizeof *o) + AL(o->pm_n * sizeof(struct ix_permit)));
}

static access_key *
c_infos(const struct ix_carrier *c)
{
	return TAIL(c, AL(sizeof *c));
}

static struct access_copy *
c_copies(const struct ix_carrier *c)
{
	return TAIL(c, AL(sizeof *c) + AL(c->in_n * sizeof(access_key)));
}

static ix_id *
c_vis(const struct ix_carrier *c)
{
	return TAIL(c, AL(sizeof *c) + AL(c->in_n * sizeof(access_key)) +
	                   AL(c->cp_n * sizeof(struct access_copy)));
}

/* A bucket: blobs sorted by hash. */
struct bucket {
	int refs;
	uint32_t n, cap;
	struct blob *it[];
};

enum { T_PERSON, T_ORG, T_CARRIER, T_N };

struct table {
	unsigned bits;
	struct bucket **b;          /* 2^bits; NULL = empty */
};

struct snap {
	int64_t seq;                /* audit size reflected */
	int refs;                   /* guarded by g.lock */
	struct table t[T_N];
};

static struct {
	pthread_mutex_t lock;       /* cur and refs: held for a pointer copy only */
	struct snap *cur;
	struct store *store;
	bool on, sync, check;
	pthread_mutex_t build;      /* one refresh at a time */
	pthread_mutex_t bm;         /* want, stop */
	pthread_cond_t bc;
	bool want, stop, thread;
	pthread_t thr;
	long full, incr;            /* refreshes made (atomic) */
	long fresh_hits, stale;     /* requests the index answered or found behind (atomic) */
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

/* ---- blobs, buckets, snapshots ------------------------------------------ */

static struct blob *
blob_new(size_t size, const char *id, struct qerr *e)
{
	struct blob *b = calloc(1, size);

	if (b == NULL) {
		qerr_internal(e, "access index: out of memory");
		return NULL;
	}
	b->refs = 1;
	b->size = (uint32_t)size;
	b->h = ix_hash(id);
	cpy(b->id, id);
	return b;
}

static void
blob_put(struct blob *b)
{
	if (b != NULL && __atomic_sub_fetch(&b->refs, 1, __ATOMIC_ACQ_REL) == 0)
		free(b);
}

static void
bucket_put(struct bucket *k)
{
	if (k == NULL || __atomic_sub_fetch(&k->refs, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	for (uint32_t i = 0; i < k->n; i++)
		blob_put(k->it[i]);
	free(k);
}

static void
snap_free(struct snap *s)
{
	if (s == NULL)
		return;
	for (int t = 0; t < T_N; t++) {
		for (size_t i = 0; s->t[t].b != NULL && i < ((size_t)1 << s->t[t].bits); i++)
			bucket_put(s->t[t].b[i]);
		free(s->t[t].b);
	}
	free(s);
}

static size_t
slot(const struct table *t, uint64_t h)
{
	return (size_t)(h >> (64 - t->bits));
}

static const struct blob *
tfind(const struct snap *s, int t, const char *id)
{
	uint64_t h = ix_hash(id);
	const struct bucket *k = s->t[t].b[slot(&s->t[t], h)];

	for (uint32_t i = 0; k != NULL && i < k->n; i++)
		if (k->it[i]->h == h && strcmp(k->it[i]->id, id) == 0)
			return k->it[i];
	return NULL;
}

static int
cmp_blob(const void *a, const void *b)
{
	const struct blob *x = *(const struct blob *const *)a, *y = *(const struct blob *const *)b;

	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* The table of the n blobs v (taken over; v freed). */
static int
table_of(struct table *t, struct blob **v, size_t n, struct qerr *e)
{
	size_t nb;
	uint32_t *cnt = NULL;
	int rc = -1;

	t->bits = IX_BITS_MIN;
	while (((size_t)8 << t->bits) < n && t->bits < 24)
		t->bits++;
	nb = (size_t)1 << t->bits;
	t->b = calloc(nb, sizeof *t->b);
	cnt = calloc(nb, sizeof *cnt);
	if (t->b == NULL || cnt == NULL) {
		qerr_internal(e, "access index: out of memory");
		goto done;
	}
	if (n > 1)
		qsort(v, n, sizeof *v, cmp_blob);
	for (size_t i = 0; i < n; i++)
		cnt[slot(t, v[i]->h)]++;
	for (size_t i = 0; i < nb; i++) {
		if (cnt[i] == 0)
			continue;
		t->b[i] = malloc(sizeof(struct bucket) + cnt[i] * sizeof(struct blob *));
		if (t->b[i] == NULL) {
			qerr_internal(e, "access index: out of memory");
			goto done;
		}
		t->b[i]->refs = 1;
		t->b[i]->n = 0;
		t->b[i]->cap = cnt[i];
	}
	for (size_t i = 0; i < n; i++) {
		struct bucket *k = t->b[slot(t, v[i]->h)];

		k->it[k->n++] = v[i];
		v[i] = NULL;
	}
	rc = 0;
done:
	for (size_t i = 0; i < n; i++)
		blob_put(v[i]);
	free(v);
	free(cnt);
	return rc;
}

/* ---- making blobs -------------------------------------------------------- */

/* Reads the index's inputs: in a full build from maps built once, in an
 * incremental step straight from the transaction. */
struct build {
	struct store_tx *tx;
	struct ops_vec jw, info;        /* struct ix_map, sorted (full build) */
	bool maps;
	struct qerr *e;
};

/* A sorted (by h) id -> value map used while building. */
struct ix_map {
	uint64_t h;
	ix_id id;
	ix_id val;                  /* information: its disposer */
	enum access_joint_state js; /* joint work: its state */
};

static const struct ix_map *
map_find(const struct ops_vec *v, const char *id)
{
	uint64_t h = ix_hash(id);
	size_t lo = 0, hi = v->n;
	const struct ix_map *m = v->items;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m[mid].h < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < v->n && m[lo].h == h; lo++)
		if (strcmp(m[lo].id, id) == 0)
			return &m[lo];
	return NULL;
}

static int
cmp_h(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The state of joint work id (ACCESS_JOINT_UNKNOWN when none). */
static int
jw_state(struct build *b, const char *id, enum access_joint_state *out)
{
	struct jw_rec r;
	const struct ix_map *m;

	if (b->maps) {
		m = map_find(&b->jw, id);
		*out = m != NULL ? m->js : ACCESS_JOINT_UNKNOWN;
		return 0;
	}
	if (store_row_get(b->tx, &store_jw_table, id, &r, b->e) != 0) {
		if (b->e->status != QERR_NOT_FOUND)
			return -1;
		*b->e = (struct qerr){0};
		*out = ACCESS_JOINT_UNKNOWN;
		return 0;
	}
	*out = access_joint_state_parse(jw_rec_state_names[r.state]);
	store_row_free(&store_jw_table, &r);
	return 0;
}

/* The organization disposing of information item id (as scope.c
 * info_disposer), "" when the item is unknown. */
static int
info_disposer(struct build *b, const char *id, ix_id out)
{
	struct info_rec r;
	const struct ix_map *m;

	out[0] = '\0';
	if (b->maps) {
		if ((m = map_find(&b->info, id)) != NULL)
			cpy(out, m->val);
		return 0;
	}
	if (ops_info_load(b->tx, id, &r, NULL, b->e) != 0) {
		if (b->e->status != QERR_NOT_FOUND)
			return -1;
		*b->e = (struct qerr){0};
		return 0;
	}
	cpy(out, info_rec_disposer(&r));
	info_rec_free(&r);
	return 0;
}

/* As clearances.c ops_clearances_of_person, minus the date: that is per
 * request. */
static int
clear_of(struct build *b, const struct clearance_rec *r, struct ix_clear *c)
{
	memset(c, 0, sizeof *c);
	c->form = (enum degree)r->form;
	c->stored = access_clearance_state_parse(clearance_rec_state_names[r->state]);
	c->granted_on = r->granted_on;
	c->terminated_on = r->terminated_on;
	if (r->verification_pending) {
		c->pending = true;
		c->pending_end = r->verification_due_on;
		if (ops_emergency_period_end(b->tx, r->emergency_id, &c->pending_end, b->e) != 0)
			return -1;
	}
	return 0;
}

/* Grants in target order (core access_grant_cmp), ties by the whole
 * grant, so every build orders them alike. */
static int
cmp_grant(const void *a, const void *b)
{
	int c = access_grant_cmp(a, b);

	return c != 0 ? c : memcmp(a, b, sizeof(struct access_grant));
}

static struct ix_person *
person_blob(const struct person_rec *r, const struct ix_clear *cl, size_t ncl,
            struct access_grant *gr, size_t ngr, struct qerr *e)
{
	size_t size = AL(sizeof(struct ix_person)) + AL(ncl * sizeof *cl) + ngr * sizeof *gr;
	struct ix_person *p = (struct ix_person *)blob_new(size, r->h.id, e);

	if (p == NULL)
		return NULL;
	p->key = ops_access_key(r->h.id);
	p->org = ops_access_key(r->org_id);
	cpy(p->org_id, r->org_id);
	p->cl_n = (uint32_t)ncl;
	p->gr_n = (uint32_t)ngr;
	if (ncl > 0)
		memcpy(p_clears(p), cl, ncl * sizeof *cl);
	if (ngr > 1)
		qsort(gr, ngr, sizeof *gr, cmp_grant);
	if (ngr > 0)
		memcpy(p_grants(p), gr, ngr * sizeof *gr);
	return p;
}

static struct ix_org *
org_blob(struct build *b, const char *org_id)
{
	struct permit_rec *p = NULL;
	size_t n = 0, nh = 0, size;
	struct ix_org *o = NULL;
	uint32_t off = 0;

	if (ops_org_permits(b->tx, org_id, &p, &n, b->e) != 0)
		return NULL;
	for (size_t k = 0; k < n; k++)
		nh += p[k].nhistory;
	size = AL(sizeof *o) + AL(n * sizeof(struct ix_permit)) + nh * sizeof(struct permit_change);
	o = (struct ix_org *)blob_new(size, org_id, b->e);
	if (o != NULL) {
		o->pm_n = (uint32_t)n;
		o->ph_n = (uint32_t)nh;
		for (size_t k = 0; k < n; k++) {
			struct ix_permit *ip = &o_permits(o)[k];

			ip->degree = (enum degree)p[k].degree;
			ip->state = permit_state_name(p[k].state);
			ip->issued_on = p[k].issued_on;
			ip->valid_until = p[k].valid_until;
			ip->h_off = off;
			ip->h_n = (uint32_t)p[k].nhistory;
			for (size_t j = 0; j < p[k].nhistory; j++, off++) {
				struct permit_change *ch = &o_hist(o)[off];

				ch->from = permit_state_name(p[k].history[j].from);
				ch->to = permit_state_name(p[k].history[j].to);
				ch->date = p[k].history[j].effective_date;
			}
		}
	}
	ops_permits_free(p, n);
	return o;
}

/* Adds org to the visibility list v (n entries) unless empty or present. */
static void
vis_add(ix_id *v, uint32_t *n, const char *org)
{
	if (org == NULL || org[0] == '\0')
		return;
	for (uint32_t i = 0; i < *n; i++)
		if (strcmp(v[i], org) == 0)
			return;
	cpy(v[(*n)++], org);
}

static struct ix_carrier *
carrier_blob(struct build *b, const struct carrier_rec *r)
{
	const char *disp = (r->fields & CARRIER_F_DISPOSING_ORG) && r->disposing_org_id[0] != '\0'
	                           ? r->disposing_org_id
	                           : NULL;
	size_t nin = r->n_information, ncp = r->n_copies, nvis, size, i;
	struct ix_carrier *c;
	ix_id *vis;
	ix_id d;

	if (nin > IX_INFO_MAX)
		nin = IX_INFO_MAX;
	nvis = 2 + ncp + r->n_information;      /* at most */
	size = AL(sizeof *c) + AL(nin * sizeof(access_key)) +
	       AL(ncp * sizeof(struct access_copy)) + nvis * sizeof(ix_id);
	if ((c = (struct ix_carrier *)blob_new(size, r->h.id, b->e)) == NULL)
		return NULL;
	c->key = ops_access_key(r->h.id);
	c->label = degree_parse((r->fields & CARRIER_F_LABEL) ? r->label : NULL);
	c->state = access_carrier_state_parse(r->state);
	c->in_n = (uint32_t)nin;
	c->cp_n = (uint32_t)ncp;
	for (i = 0; i < nin; i++)
		c_infos(c)[i] = ops_access_key(r->information_ids[i]);
	for (i = 0; i < ncp; i++) {
		const struct carrier_copy_rec *cp = &r->copies[i];
		struct access_copy *a = &c_copies(c)[i];
		const char *jw = custody_rec_copy_joint_work(cp);

		a->holder_org = ops_access_key(custody_rec_copy_org(r, cp));
		a->holder_person = ops_access_key(custody_rec_copy_person(cp));
		a->joint = ACCESS_JOINT_NONE;
		if (jw != NULL && jw_state(b, jw, &a->joint) != 0)
			goto fail;
	}
	/* Who sees it (scope.c ops_scope_carrier_sees for one organization). */
	vis = c_vis(c);
	vis_add(vis, &c->vis_n, r->org_id);
	for (i = 0; i < ncp; i++)
		vis_add(vis, &c->vis_n, custody_rec_copy_org(r, &r->copies[i]));
	if (disp != NULL) {
		vis_add(vis, &c->vis_n, disp);
		return c;
	}
	for (i = 0; i < r->n_information; i++) {
		if (info_disposer(b, r->information_ids[i], d) != 0)
			goto fail;
		vis_add(vis, &c->vis_n, d);
	}
	return c;
fail:
	blob_put(&c->b);
	return NULL;
}

/* ---- one entity from the transaction (incremental steps) ----------------- */

struct coll {
	struct build *b;
	struct ops_vec v;
	access_key person;
};

static int
coll_clear(void *ctx, const void *row)
{
	struct coll *k = ctx;
	struct ix_clear *c = ops_vec_push(&k->v, k->b->e);

	return c == NULL ? -1 : clear_of(k->b, row, c);
}

static int
coll_grant(void *ctx, const void *row)
{
	struct coll *k = ctx;
	struct access_grant *gr = ops_vec_push(&k->v, k->b->e);

	if (gr == NULL)
		return -1;
	ops_access_grant(row, k->person, gr);
	return 0;
}

/* The person id as it stands, *out NULL when there is none. */
static int
person_load(struct build *b, const char *id, struct blob **out)
{
	struct person_rec r = {0};
	struct ops_clearance_query q = {.person_id = id};
	struct coll cl = {.b = b, .v.size = sizeof(struct ix_clear)};
	struct coll gr = {.b = b, .v.size = sizeof(struct access_grant)};
	int rc = -1;

	*out = NULL;
	if (ops_person_load(b->tx, id, &r, "person_id", b->e) != 0) {
		if (b->e->status != QERR_NOT_FOUND)
			return -1;
		*b->e = (struct qerr){0};
		return 0;
	}
	gr.person = ops_access_key(r.h.id);
	if (ops_clearances_each(b->tx, &q, 0, 0, coll_clear, &cl, b->e) >= 0 &&
	    ops_grants_list(b->tx, NULL, r.h.id, 0, 0, coll_grant, &gr, b->e) >= 0) {
		*out = (struct blob *)person_blob(&r, cl.v.items, cl.v.n, gr.v.items, gr.v.n, b->e);
		rc = *out != NULL ? 0 : -1;
	}
	free(cl.v.items);
	free(gr.v.items);
	person_rec_free(&r);
	return rc;
}

static int
carrier_load(struct build *b, const char *id, struct blob **out)
{
	struct carrier_rec r = {0};

	*out = NULL;
	if (store_carrier_get(b->tx, id, &r, b->e) != 0) {
		if (b->e->status != QERR_NOT_FOUND)
			return -1;
		*b->e = (struct qerr){0};
		return 0;
	}
	*out = (struct blob *)carrier_blob(b, &r);
	carrier_rec_clear(&r);
	return *out != NULL ? 0 : -1;
}

static int
org_load(struct build *b, const char *id, struct blob **out)
{
	*out = (struct blob *)org_blob(b, id);
	return *out != NULL ? 0 : -1;
}

/* ---- the full build ------------------------------------------------------ */

struct full {
	struct build *b;
	struct ops_vec persons;     /* struct person_rec, then blobs */
	struct ops_vec ctmp, gtmp;
	struct ops_vec carriers;    /* struct blob * */
	int64_t last;               /* the seq of the last carrier read */
	int page;                   /* carriers read in this page */
};

struct ctmp {
	size_t person;              /* index into persons */
	size_t ord;
	struct ix_clear c;
};

struct gtmp {
	size_t person;
	struct access_grant g;
};

struct pref {
	uint64_t h;
	ix_id id, org_id;
	access_key key;
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
	struct full *f = ctx;
	const struct person_rec *r = row;
	struct pref *p = ops_vec_push(&f->persons, f->b->e);

	if (p == NULL)
		return -1;
	p->h = ix_hash(r->h.id);
	cpy(p->id, r->h.id);
	cpy(p->org_id, r->org_id);
	p->key = ops_access_key(r->h.id);
	return 0;
}

static const struct pref *
pref_find(const struct full *f, const char *id)
{
	uint64_t h = ix_hash(id);
	size_t lo = 0, hi = f->persons.n;
	const struct pref *p = f->persons.items;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (p[mid].h < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < f->persons.n && p[lo].h == h; lo++)
		if (strcmp(p[lo].id, id) == 0)
			return &p[lo];
	return NULL;
}

static int
clear_cb(void *ctx, const void *row)
{
	struct full *f = ctx;
	const struct clearance_rec *r = row;
	const struct pref *p = pref_find(f, r->person_id);
	struct ctmp *t;

	if (p == NULL)               /* the store path never selects it */
		return 0;
	if ((t = ops_vec_push(&f->ctmp, f->b->e)) == NULL)
		return -1;
	t->person = (size_t)(p - (const struct pref *)f->persons.items);
	t->ord = f->ctmp.n;
	return clear_of(f->b, r, &t->c);
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
	struct full *f = ctx;
	const struct grant_rec *rec = row;
	const struct pref *p = pref_find(f, rec->person_id);
	struct gtmp *t;

	if (p == NULL)
		return 0;
	if ((t = ops_vec_push(&f->gtmp, f->b->e)) == NULL)
		return -1;
	t->person = (size_t)(p - (const struct pref *)f->persons.items);
	ops_access_grant(rec, p->key, &t->g);
	return 0;
}

static int
cmp_gtmp(const void *a, const void *b)
{
	const struct gtmp *x = a, *y = b;

	if (x->person != y->person)
		return x->person < y->person ? -1 : 1;
	return cmp_grant(&x->g, &y->g);
}

static int
carrier_cb(void *ctx, const struct carrier_rec *r)
{
	struct full *f = ctx;
	struct blob **slotp = ops_vec_push(&f->carriers, f->b->e);

	f->last = r->h.seq;
	f->page++;
	if (slotp == NULL)
		return -1;
	*slotp = (struct blob *)carrier_blob(f->b, r);
	if (*slotp == NULL) {
		f->carriers.n--;
		return -1;
	}
	return 0;
}

static int
cmp_org_id(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Persons and the organizations they belong to, as tables of s. */
static int
full_persons(struct full *f, struct snap *s)
{
	struct build *b = f->b;
	const struct pref *pp;
	struct blob **pv = NULL, **ov = NULL;
	const char **orgs = NULL;
	size_t np = 0, no = 0, nov = 0, ci = 0, gi = 0;
	struct ops_clearance_query cq = {0};
	int rc = -1;

	if (ops_persons_each(b->tx, NULL, NULL, 0, 0, person_cb, f, b->e) < 0)
		return -1;
	if (f->persons.n > 1)
		qsort(f->persons.items, f->persons.n, f->persons.size, cmp_h);
	if (ops_clearances_each(b->tx, &cq, 0, 0, clear_cb, f, b->e) < 0 ||
	    ops_grants_list(b->tx, NULL, NULL, 0, 0, grant_cb, f, b->e) < 0)
		return -1;
	if (f->ctmp.n > 1)
		qsort(f->ctmp.items, f->ctmp.n, f->ctmp.size, cmp_ctmp);
	if (f->gtmp.n > 1)
		qsort(f->gtmp.items, f->gtmp.n, f->gtmp.size, cmp_gtmp);
	pv = calloc(f->persons.n + 1, sizeof *pv);
	orgs = calloc(f->persons.n + 1, sizeof *orgs);
	if (pv == NULL || orgs == NULL) {
		qerr_internal(b->e, "access index: out of memory");
		goto done;
	}
	pp = f->persons.items;
	for (size_t i = 0; i < f->persons.n; i++) {
		struct ix_clear cl[IX_LOCAL_MAX + 1];
		struct access_grant *gr = NULL;
		struct ix_clear *clp = cl;
		struct person_rec r = {0};
		size_t ncl = 0, ngr = 0, c0 = ci;

		while (ci < f->ctmp.n && ((struct ctmp *)f->ctmp.items)[ci].person == i)
			ci++;
		ncl = ci - c0;
		if (ncl > IX_LOCAL_MAX + 1)
			clp = malloc(ncl * sizeof *clp);
		if (clp == NULL) {
			qerr_internal(b->e, "access index: out of memory");
			goto done;
		}
		for (size_t k = 0; k < ncl; k++)
			clp[k] = ((struct ctmp *)f->ctmp.items)[c0 + k].c;
		if (gi < f->gtmp.n && ((struct gtmp *)f->gtmp.items)[gi].person == i) {
			size_t g0 = gi;

			while (gi < f->gtmp.n && ((struct gtmp *)f->gtmp.items)[gi].person == i)
				gi++;
			ngr = gi - g0;
			gr = malloc(ngr * sizeof *gr);
			for (size_t k = 0; gr != NULL && k < ngr; k++)
				gr[k] = ((struct gtmp *)f->gtmp.items)[g0 + k].g;
		}
		cpy(r.h.id, pp[i].id);
		cpy(r.org_id, pp[i].org_id);
		if (ngr == 0 || gr != NULL)
			pv[np] = (struct blob *)person_blob(&r, clp, ncl, gr, ngr, b->e);
		else
			qerr_internal(b->e, "access index: out of memory");
		free(gr);
		if (clp != cl)
			free(clp);
		if (pv[np] == NULL)
			goto done;
		np++;
		if (pp[i].org_id[0] != '\0')
			orgs[no++] = pp[i].org_id;
	}
	if (no > 1)
		qsort(orgs, no, sizeof *orgs, cmp_org_id);
	if ((ov = calloc(no + 1, sizeof *ov)) == NULL) {
		qerr_internal(b->e, "access index: out of memory");
		goto done;
	}
	for (size_t i = 0; i < no; i++) {
		if (i > 0 && strcmp(orgs[i], orgs[i - 1]) == 0)
			continue;
		if ((ov[nov] = (struct blob *)org_blob(b, orgs[i])) == NULL)
			goto done;
		nov++;
	}
	rc = table_of(&s->t[T_ORG], ov, nov, b->e);
	ov = NULL;
	if (rc != 0)
		goto done;
	rc = table_of(&s->t[T_PERSON], pv, np, b->e);
	pv = NULL;
done:
	for (size_t i = 0; pv != NULL && i < np; i++)
		blob_put(pv[i]);
	for (size_t i = 0; ov != NULL && i < nov; i++)
		blob_put(ov[i]);
	free(pv);
	free(ov);
	free(orgs);
	return rc;
}

/* A whole snapshot from tx (its audit size read by the caller). */
static int
build_full(struct store_tx *tx, int64_t seq, struct snap **out, struct qerr *e)
{
	struct build b = {.tx = tx, .maps = true, .e = e};
	struct full f = {.b = &b};
	struct snap *s = calloc(1, sizeof *s);
	int ret = -1;

	*out = NULL;
	if (s == NULL)
		return qerr_internal(e, "access index: out of memory");
	s->refs = 1;
	s->seq = seq;
	b.jw.size = b.info.size = sizeof(struct ix_map);
	f.persons.size = sizeof(struct pref);
	f.ctmp.size = sizeof(struct ctmp);
	f.gtmp.size = sizeof(struct gtmp);
	f.carriers.size = sizeof(struct blob *);
	if (store_row_list(tx, &store_jw_table, NULL, 0, 0, 0, jw_cb, &b, e) < 0)
		goto done;
	if (b.jw.n > 1)
		qsort(b.jw.items, b.jw.n, b.jw.size, cmp_h);
	if (ops_info_each(tx, NULL, NULL, NULL, info_cb, &b, e) != 0)
		goto done;
	if (b.info.n > 1)
		qsort(b.info.items, b.info.n, b.info.size, cmp_h);
	if (full_persons(&f, s) != 0)
		goto done;
	/* every carrier, typed with what decides access, page by page */
	do {
		f.page = 0;
		if (store_carrier_custody_list(tx, f.last, STORE_PAGE_MAX, carrier_cb, &f, e) != 0)
			goto done;
	} while (f.page == STORE_PAGE_MAX);
	ret = table_of(&s->t[T_CARRIER], f.carriers.items, f.carriers.n, e);
	f.carriers.items = NULL;
	f.carriers.n = 0;
	if (ret == 0) {
		*out = s;
		s = NULL;
	}
done:
	for (size_t i = 0; i < f.carriers.n; i++)
		blob_put(((struct blob **)f.carriers.items)[i]);
	free(f.carriers.items);
	free(f.persons.items);
	free(f.ctmp.items);
	free(f.gtmp.items);
	free(b.jw.items);
	free(b.info.items);
	if (s != NULL) {
		for (int t = 0; t < T_N; t++)
			if (s->t[t].b == NULL)
				s->t[t].bits = 0;
		snap_free(s);
	}
	return ret;
}

/* ---- the incremental step ------------------------------------------------ */

/* An entity an audit entry changed. */
struct dirty {
	int t;
	ix_id id;
};

struct delta {
	struct build *b;
	struct ops_vec d;           /* struct dirty */
	bool full;                  /* an entry this step cannot apply */
};

static int
dirty_add(struct delta *x, int t, const char *id)
{
	struct dirty *d;

	if (id == NULL || id[0] == '\0')
		return 0;
	for (size_t i = 0; i < x->d.n; i++) {
		d = (struct dirty *)x->d.items + i;
		if (d->t == t && strcmp(d->id, id) == 0)
			return 0;
	}
	if ((d = ops_vec_push(&x->d, x->b->e)) == NULL)
		return -1;
	d->t = t;
	cpy(d->id, id);
	return 0;
}

static bool
prefixed(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

/* Actions that change nothing the index holds: reads, sessions, users,
 * the audit log's own entries, classifiers, certificates, a new
 * organization (no person belongs to it yet; its permits come with
 * permit.create). */
static const char *const inert[] = {
	"session.", "user.", "audit.", "carrier.read", "carrier.content.read",
	"registry.export", "classifier.create", "certificate.create", "org.create", NULL,
};

/* Steps whose writes the index sees are confined to the carrier their
 * entry names (carriers.c carrier_commit, content.c). */
static const char *const on_carrier[] = {
	"carrier.create", "carrier.issue", "carrier.return", "carrier.archive",
	"carrier.destroy", "carrier.content.put", NULL,
};

static bool
listed(const char *const *l, const char *action, bool prefix)
{
	for (; *l != NULL; l++)
		if (prefix ? prefixed(action, *l) : strcmp(action, *l) == 0)
			return true;
	return false;
}

/* Marks the person of row id of table t (a clearance or a grant: its
 * person_id at person_off) changed. */
static int
dirty_person_of(struct delta *x, const struct store_table *t, size_t person_off,
                const char *id)
{
	union {
		struct clearance_rec c;
		struct grant_rec g;
	} r;
	int rc;

	if (store_row_get(x->b->tx, t, id, &r, x->b->e) != 0)
		return -1;
	rc = dirty_add(x, T_PERSON, (const char *)&r + person_off);
	store_row_free(t, &r);
	return rc;
}

/* The entities the step of one audit entry changed, into x (x->full when
 * they cannot be named). An entry of a refused or failed step changed
 * nothing: a refusal is audited in a transaction of its own (ops.h). */
static int
changed_by(struct delta *x, const char *action, const char *object, const char *outcome)
{
	struct build *b = x->b;

	if (action == NULL || outcome == NULL) {
		x->full = true;
		return 0;
	}
	if (strcmp(outcome, "ok") != 0 || listed(inert, action, true))
		return 0;
	if (object == NULL) {
		x->full = true;
		return 0;
	}
	if (listed(on_carrier, action, false))
		return dirty_add(x, T_CARRIER, object);
	if (strcmp(action, "person.create") == 0 || strcmp(action, "person.employment") == 0)
		return dirty_add(x, T_PERSON, object);
	if (prefixed(action, "clearance."))
		return dirty_person_of(x, &store_clearance_table,
		                       offsetof(struct clearance_rec, person_id), object);
	if (prefixed(action, "grant."))
		return dirty_person_of(x, &grant_table, offsetof(struct grant_rec, person_id), object);
	if (prefixed(action, "permit.")) {
		struct permit_rec r = {0};
		int rc;

		if (ops_permit_load(b->tx, object, &r, b->e) != 0)
			return -1;
		rc = dirty_add(x, T_ORG, r.org_id);
		permit_rec_free(&r);
		return rc;
	}
	x->full = true;
	return 0;
}

static int
entry_cb(void *ctx, int64_t seq, const char *entry, size_t len,
         const uint8_t leaf[STORE_HASH_SIZE])
{
	struct delta *x = ctx;
	json_error_t je;
	json_t *o = json_loadb(entry, len, 0, &je);
	int rc;

	(void)seq;
	(void)leaf;
	if (o == NULL) {
		x->full = true;
		return 0;
	}
	rc = changed_by(x, json_string_value(json_object_get(o, "action")),
	                json_string_value(json_object_get(o, "object")),
	                json_string_value(json_object_get(o, "outcome")));
	json_decref(o);
	return rc;
}

/* A copy of s sharing every bucket. */
static struct snap *
snap_clone(const struct snap *s, struct qerr *e)
{
	struct snap *n = calloc(1, sizeof *n);

	if (n == NULL)
		goto oom;
	n->refs = 1;
	for (int t = 0; t < T_N; t++) {
		size_t nb = (size_t)1 << s->t[t].bits;

		n->t[t].bits = s->t[t].bits;
		if ((n->t[t].b = malloc(nb * sizeof *n->t[t].b)) == NULL)
			goto oom;
		memcpy(n->t[t].b, s->t[t].b, nb * sizeof *n->t[t].b);
		for (size_t i = 0; i < nb; i++)
			if (n->t[t].b[i] != NULL)
				__atomic_add_fetch(&n->t[t].b[i]->refs, 1, __ATOMIC_RELAXED);
	}
	return n;
oom:
	snap_free(n);
	qerr_internal(e, "access index: out of memory");
	return NULL;
}

/* Puts blob v (NULL: none) for id into n's table t: the bucket is copied
 * first when still shared with old. 1 when the bucket overflows (the
 * caller rebuilds), 0, -1 with e set. */
static int
table_put(struct snap *n, const struct snap *old, int t, const char *id, struct blob *v,
          struct qerr *e)
{
	struct table *tb = &n->t[t];
	uint64_t h = ix_hash(id);
	size_t i = slot(tb, h);
	struct bucket *k = tb->b[i];
	uint32_t at, cnt = k != NULL ? k->n : 0;

	if (k == NULL || k == old->t[t].b[i] || k->n == k->cap) {
		uint32_t cap = cnt + 4;
		struct bucket *c = malloc(sizeof *c + cap * sizeof(struct blob *));

		if (c == NULL) {
			blob_put(v);
			return qerr_internal(e, "access index: out of memory");
		}
		c->refs = 1;
		c->n = cnt;
		c->cap = cap;
		for (uint32_t j = 0; j < cnt; j++) {
			c->it[j] = k->it[j];
			__atomic_add_fetch(&c->it[j]->refs, 1, __ATOMIC_RELAXED);
		}
		bucket_put(k);
		tb->b[i] = k = c;
	}
	for (at = 0; at < k->n; at++)
		if (k->it[at]->h == h && strcmp(k->it[at]->id, id) == 0)
			break;
	if (at < k->n) {                     /* replace or remove */
		blob_put(k->it[at]);
		if (v != NULL) {
			k->it[at] = v;
		} else {
			memmove(&k->it[at], &k->it[at + 1], (k->n - at - 1) * sizeof k->it[0]);
			k->n--;
		}
	} else if (v != NULL) {               /* insert in hash order */
		for (at = 0; at < k->n && cmp_blob(&k->it[at], &v) < 0; at++)
			;
		memmove(&k->it[at + 1], &k->it[at], (k->n - at) * sizeof k->it[0]);
		k->it[at] = v;
		k->n++;
	}
	return k->n > IX_BUCKET_MAX;
}

/* s brought to the state of tx (audit size seq) by reloading the
 * entities the entries s->seq..seq-1 changed: 0 with *out, 1 when that
 * needs a full build, -1 with e set. */
static int
build_delta(struct store_tx *tx, const struct snap *s, int64_t seq, struct snap **out,
            struct qerr *e)
{
	struct build b = {.tx = tx, .e = e};
	struct delta x = {.b = &b, .d.size = sizeof(struct dirty)};
	struct snap *n = NULL;
	int rc = -1;

	*out = NULL;
	if (seq - s->seq > IX_DELTA_MAX)
		return 1;
	if (store_audit_read(tx, s->seq, seq - s->seq, entry_cb, &x, e) != 0)
		goto done;
	if (x.full) {
		rc = 1;
		goto done;
	}
	if ((n = snap_clone(s, e)) == NULL)
		goto done;
	n->seq = seq;
	for (size_t i = 0; i < x.d.n; i++) {
		const struct dirty *d = (const struct dirty *)x.d.items + i;
		struct blob *v = NULL;
		int r;

		r = d->t == T_PERSON ? person_load(&b, d->id, &v)
		  : d->t == T_ORG ? org_load(&b, d->id, &v) : carrier_load(&b, d->id, &v);
		if (r != 0 || (r = table_put(n, s, d->t, d->id, v, e)) != 0) {
			rc = r;
			goto done;
		}
		/* a person's organization is in the index, as the full build's */
		if (d->t == T_PERSON && v != NULL) {
			const struct ix_person *p = (const struct ix_person *)v;

			if (p->org_id[0] != '\0' && tfind(n, T_ORG, p->org_id) == NULL &&
			    dirty_add(&x, T_ORG, p->org_id) != 0)
				goto done;
		}
	}
	*out = n;
	n = NULL;
	rc = 0;
done:
	snap_free(n);
	free(x.d.items);
	return rc;
}

/* ---- checking the incremental path (QUPIYA_ACCESS_INDEX=check) ---------- */

static bool
blob_same(const struct blob *a, const struct blob *b)
{
	return a != NULL && b != NULL && a->size == b->size &&
	       memcmp((const char *)a + sizeof a->refs, (const char *)b + sizeof b->refs,
	              a->size - sizeof a->refs) == 0;
}

/* Every entity of x's table t is in y, the same (and so the other way when
 * called both ways). Organizations: those of some person only (the
 * incremental path keeps an organization a person has left). */
static long
table_diff(const struct snap *x, const struct snap *y, int t, const char *what)
{
	long bad = 0;

	for (size_t i = 0; i < ((size_t)1 << x->t[t].bits); i++) {
		const struct bucket *k = x->t[t].b[i];

		for (uint32_t j = 0; k != NULL && j < k->n; j++) {
			const struct blob *o = tfind(y, t, k->it[j]->id);

			if (!blob_same(k->it[j], o)) {
				fprintf(stderr, "access index: %s %s differs from a full build\n", what,
				        k->it[j]->id);
				bad++;
			}
		}
	}
	return bad;
}

static long
persons_orgs_diff(const struct snap *x, const struct snap *y)
{
	long bad = 0;

	for (size_t i = 0; i < ((size_t)1 << x->t[T_PERSON].bits); i++) {
		const struct bucket *k = x->t[T_PERSON].b[i];

		for (uint32_t j = 0; k != NULL && j < k->n; j++) {
			const struct ix_person *p = (const struct ix_person *)k->it[j];

			if (p->org_id[0] != '\0' &&
			    !blob_same(tfind(x, T_ORG, p->org_id), tfind(y, T_ORG, p->org_id))) {
				fprintf(stderr, "access index: org %s differs from a full build\n",
				        p->org_id);
				bad++;
			}
		}
	}
	return bad;
}

/* The number of entities in which incremental snapshot a and full build f
 * differ. */
static long
snap_diff(const struct snap *a, const struct snap *f)
{
	return table_diff(a, f, T_PERSON, "person") + table_diff(f, a, T_PERSON, "person") +
	       table_diff(a, f, T_CARRIER, "carrier") + table_diff(f, a, T_CARRIER, "carrier") +
	       persons_orgs_diff(a, f) + persons_orgs_diff(f, a);
}

/* ---- publishing ---------------------------------------------------------- */

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

enum { R_DONE = 0, R_BUSY = 1, R_FULL = 2 };

/* Brings the index up to the database's audit size: incrementally when
 * the entries since the snapshot allow, else (full) by a whole build, or
 * R_FULL when !full. try: R_BUSY when another refresh runs. R_DONE, or
 * -1 with e set (the old snapshot stays: stale, so unused). */
static int
refresh(bool try, bool full, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct snap *s = NULL, *n = NULL;
	int64_t seq = 0;
	int rc = -1;

	if (try) {
		if (pthread_mutex_trylock(&g.build) != 0)
			return R_BUSY;
	} else {
		pthread_mutex_lock(&g.build);
	}
	s = snap_get();
	if (store_begin(g.store, false, &tx, e) != 0 || store_audit_size(tx, &seq, e) != 0)
		goto done;
	if (s != NULL && s->seq >= seq) {
		rc = R_DONE;
		goto done;
	}
	rc = s != NULL ? build_delta(tx, s, seq, &n, e) : 1;
	if (rc == 0 && g.check) {
		struct snap *f = NULL;
		struct qerr fe = {0};

		if (build_full(tx, seq, &f, &fe) == 0 && snap_diff(n, f) != 0) {
			fprintf(stderr, "access index: the incremental step %lld..%lld differs "
			        "from a full build\n", (long long)s->seq, (long long)seq);
			abort();
		}
		snap_free(f);
	}
	if (rc != 0) {
		if (!full) {
			rc = R_FULL;
			goto done;
		}
		*e = (struct qerr){0};
		rc = build_full(tx, seq, &n, e);
		if (rc == 0)
			__atomic_add_fetch(&g.full, 1, __ATOMIC_RELAXED);
	} else {
		__atomic_add_fetch(&g.incr, 1, __ATOMIC_RELAXED);
	}
	if (rc == 0)
		publish(n);
done:
	store_rollback(tx);
	snap_put(s);
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
		long full0;
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
		full0 = __atomic_load_n(&g.full, __ATOMIC_RELAXED);
		(void)refresh(false, true, &e);
		if (__atomic_load_n(&g.full, __ATOMIC_RELAXED) == full0)
			continue;
		/* after a full build, a pause as long as it took: a burst of
		 * cascades costs at most half a core */
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
	if (!g.thread)
		return;
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
	g.check = mode != NULL && strcmp(mode, "check") == 0;
	g.sync = g.check || (mode != NULL && strcmp(mode, "sync") == 0);
	g.full = g.incr = g.fresh_hits = g.stale = 0;
	if (refresh(false, true, e) != R_DONE)
		return -1;
	g.stop = false;
	g.want = false;
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
	return refresh(false, true, e) == R_DONE ? 0 : -1;
}

void
access_index_committed(void)
{
	if (g.on)
		wake_builder();
}

void
access_index_counts(long *full, long *incremental, long *fresh, long *stale)
{
	*full = __atomic_load_n(&g.full, __ATOMIC_RELAXED);
	*incremental = __atomic_load_n(&g.incr, __ATOMIC_RELAXED);
	*fresh = __atomic_load_n(&g.fresh_hits, __ATOMIC_RELAXED);
	*stale = __atomic_load_n(&g.stale, __ATOMIC_RELAXED);
}

/* ---- the database's audit size, one read for many requests --------------- */

/* Probes are numbered in the order they start, one at a time; a request
 * arriving when `started` is k needs the result of probe k+1 or later
 * (begun after it arrived, so it sees every commit visible on arrival). */
static struct {
	pthread_mutex_t m;
	pthread_cond_t c;
	bool running, ok;
	uint64_t started, done;
	int64_t val;
} probe = {.m = PTHREAD_MUTEX_INITIALIZER, .c = PTHREAD_COND_INITIALIZER};

int
access_index_db_seq(int64_t *seq)
{
	uint64_t need;
	bool ok;

	pthread_mutex_lock(&probe.m);
	need = probe.started + 1;
	while (probe.done < need) {
		if (probe.running) {
			pthread_cond_wait(&probe.c, &probe.m);
			continue;
		}
		{
			uint64_t my = ++probe.started;
			struct store_tx *tx = NULL;
			struct qerr e = {0};
			int64_t v = 0;
			int rc;

			probe.running = true;
			pthread_mutex_unlock(&probe.m);
			rc = store_begin(g.store, false, &tx, &e);
			if (rc == 0) {
				rc = store_audit_size(tx, &v, &e);
				store_rollback(tx);
			}
			pthread_mutex_lock(&probe.m);
			probe.running = false;
			probe.done = my;
			probe.val = v;
			probe.ok = rc == 0;
			pthread_cond_broadcast(&probe.c);
		}
	}
	*seq = probe.val;
	ok = probe.ok;
	pthread_mutex_unlock(&probe.m);
	return ok ? 0 : -1;
}

/* ---- deciding ------------------------------------------------------------ */

static bool
sees(const struct ix_carrier *c, const char *org)
{
	const ix_id *v = c_vis(c);

	if (org == NULL || org[0] == '\0')
		return false;
	for (uint32_t i = 0; i < c->vis_n; i++)
		if (strcmp(v[i], org) == 0)
			return true;
	return false;
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
	const struct ix_clear *xc = p_clears(p);

	if (p->org_id[0] != '\0')
		o = (const struct ix_org *)tfind(s, T_ORG, p->org_id);
	if (p->cl_n > IX_LOCAL_MAX || (o != NULL && o->pm_n > IX_LOCAL_MAX))
		return 0;
	rq.person.key = p->key;
	rq.person.org = p->org;
	for (uint32_t i = 0; i < p->cl_n; i++) {
		const struct ix_clear *x = &xc[i];

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
		const struct ix_permit *x = &o_permits(o)[i];
		const char *st = x->state;

		if (on != QDATE_NONE && x->h_n > 0 && x->h_n <= PERMIT_HISTORY_MAX)
			st = permit_stored_state_on(st, o_hist(o) + x->h_off, x->h_n, on);
		pm[i].org = p->org;
		pm[i].degree = x->degree;
		pm[i].state = access_permit_state_parse(st);
		pm[i].issued_on = x->issued_on;
		pm[i].valid_until = x->valid_until;
	}
	rq.permits = pm;
	rq.npermits = o != NULL ? o->pm_n : 0;
	rq.grants = p->gr_n ? p_grants(p) : NULL;
	rq.ngrants = p->gr_n;
	rq.grants_sorted = true;
	rq.carrier.key = car->key;
	rq.carrier.label = car->label;
	rq.carrier.state = car->state;
	rq.carrier.info = car->in_n ? c_infos(car) : NULL;
	rq.carrier.ninfo = car->in_n;
	rq.copies = car->cp_n ? c_copies(car) : NULL;
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
 * caller takes the store path). A stale index is brought up to date: by
 * the caller itself when may_build and no other refresh runs (a full
 * build only in sync mode), else in the background. A step inside a
 * write transaction never refreshes: it would wait on the write lock it
 * holds (SQLite) and its own entries are not committed yet. */
static struct snap *
fresh(int64_t db_seq, bool may_build)
{
	struct snap *s = snap_get();
	struct qerr e = {0};

	if (s != NULL && s->seq >= db_seq)
		return s;
	snap_put(s);
	if (!may_build || refresh(!g.sync, g.sync, &e) != R_DONE) {
		wake_builder();
		return NULL;
	}
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
	if ((s = fresh(db_seq, true)) == NULL) {
		__atomic_add_fetch(&g.stale, 1, __ATOMIC_RELAXED);
		return 0;
	}
	__atomic_add_fetch(&g.fresh_hits, 1, __ATOMIC_RELAXED);
	p = (const struct ix_person *)tfind(s, T_PERSON, a->person_id);
	car = (const struct ix_carrier *)tfind(s, T_CARRIER, a->carrier_id);
	/* 403 another organization's person, 404 a carrier the actor does not
	 * see: the store path answers those */
	if (p != NULL && car != NULL &&
	    (c->actor.cross_org || (p->org_id[0] != '\0' && strcmp(p->org_id, c->actor.org_id) == 0 &&
	                            sees(car, c->actor.org_id))))
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
	p = (const struct ix_person *)tfind(s, T_PERSON, person_id);
	car = (const struct ix_carrier *)tfind(s, T_CARRIER, carrier_id);
	if (p != NULL && car != NULL)
		rc = decide(s, p, car, on, verdict, out);
	snap_put(s);
	return rc;
}
