/*
 * peer_access.c — qupiya's access decision (core/access.h) on the peers'
 * data set (bench/peers: data.mjs), checked decision by decision against
 * the harness's reference decision and timed like the peers' engines.
 *
 *   peer_access check FILE       every request decided and compared with the
 *                                reference; exit 0 when all agree, 1 when not
 *                                (the first few differences printed)
 *   peer_access bench FILE [R]   the same check, then R passes (default 10)
 *                                over the requests timed as one loop, and a
 *                                per-call latency loop; one JSON line like
 *                                the peers' (decisions_per_s, p50_ns, p99_ns)
 *
 * FILE is written by `node bench/peers/export.mjs N FILE` (layout there).
 *
 * The mapping of the harness's model onto qupiya's (docs/performance.md):
 *   - organization o: key o + 1, one permit: degree = the harness's level,
 *     state active (or suspended when not active), issued a year before
 *     today, valid_until = the day before the expiry day (valid_until is
 *     inclusive; the harness allows while expires > NOW).
 *   - person p: key p + 1 in organization o + 1, one clearance of form =
 *     the level; its end is the harness's expiry: stored "terminated" with
 *     terminated_on = the expiry day (access_clearance_state_on makes it
 *     active before that day, as the server does for a decision on a date);
 *     harness status suspended -> stored "registering" (not in force),
 *     terminated -> terminated before today.
 *   - compartment k: information item k + 1; carrier c: key c + 1, label =
 *     level, registered, carrying the information item of its compartment.
 *   - need-to-know: a compartment grant is a grant on the information
 *     item, a carrier grant a grant on the carrier; all current (from a
 *     month ago until next year); per person sorted by access_grant_cmp
 *     (grants_sorted, as the server keeps them).
 *   - custody (qupiya checks the holder; the harness has no such check):
 *     every organization holds a copy of every carrier, at home (no joint
 *     work), so not_the_holder always passes; the request carries the copy
 *     of the person's organization, found by its key (custody per copy).
 *   - today = NOW / 86400 (days since 1970-01-01).
 * Each decision is made as the server makes it: the person's clearances
 * evaluated as they stand today (access_clearance_state_on), the slices of
 * permits, grants and copies selected by key, then access_allowed() (the
 * verdict: the checks in the table's order up to the first failure, as the
 * issue of a copy and a content read take it, ops_access_verdict), and
 * again access_decide() (every check, as GET /v1/access/check answers
 * them), timed as two engines, Q and Q7.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/access.h"

struct data {
	double now;
	uint32_t norg, npers, ncarr, ncomp, gc, gk, n;
	const uint8_t *o_level, *o_active, *p_level, *p_status, *c_level, *ref;
	const double *o_expires, *p_expires;
	const uint16_t *p_org, *c_comp, *g_comp;
	const uint32_t *g_carr, *req_p, *req_c;
	uint8_t *buf;
};

/* qupiya's side: what the server keeps (or loads) for a decision. */
struct world {
	qdate today;
	struct access_permit *permits;           /* by organization index */
	struct access_clearance_stored {
		enum degree form;
		enum access_clearance_state stored;
		qdate granted_on, terminated_on;
	} *clearances;                           /* by person index */
	struct access_grant *grants;             /* by person, then access_grant_cmp */
	uint32_t per;                            /* grants per person */
	access_key *info;                        /* by carrier index: its one item */
	struct access_copy *copies;              /* by organization index */
};

static void *
xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n, sz);

	if (p == NULL) {
		fprintf(stderr, "peer_access: out of memory\n");
		exit(1);
	}
	return p;
}

/* The next len bytes of the file, copied into their own (aligned)
 * allocation: the file packs arrays of different element sizes. */
static const void *
take(struct data *d, size_t *at, size_t len, size_t total)
{
	void *p;

	if (len > total - *at) {
		fprintf(stderr, "peer_access: the file is too short\n");
		exit(1);
	}
	p = xcalloc(1, len ? len : 1);
	memcpy(p, d->buf + *at, len);
	*at += len;
	return p;
}

static void
data_load(const char *path, struct data *d)
{
	FILE *f = fopen(path, "rb");
	long size;
	size_t at = 0, total;
	uint32_t h[8];

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 48 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		fprintf(stderr, "peer_access: cannot read %s\n", path);
		exit(1);
	}
	total = (size_t)size;
	d->buf = xcalloc(1, total);
	if (fread(d->buf, 1, total, f) != total) {
		fprintf(stderr, "peer_access: cannot read %s\n", path);
		exit(1);
	}
	fclose(f);
	if (memcmp(d->buf, "QPB1", 4) != 0) {
		fprintf(stderr, "peer_access: %s is not an export of bench/peers/export.mjs\n", path);
		exit(1);
	}
	memcpy(h, d->buf + 4, 4);
	memcpy(&d->now, d->buf + 8, 8);
	memcpy(h + 1, d->buf + 16, 7 * 4);
	d->norg = h[1], d->npers = h[2], d->ncarr = h[3], d->ncomp = h[4];
	d->gc = h[5], d->gk = h[6], d->n = h[7];
	at = 44;
	d->o_level = take(d, &at, d->norg, total);
	d->o_active = take(d, &at, d->norg, total);
	d->o_expires = take(d, &at, (size_t)d->norg * 8, total);
	d->p_level = take(d, &at, d->npers, total);
	d->p_status = take(d, &at, d->npers, total);
	d->p_expires = take(d, &at, (size_t)d->npers * 8, total);
	d->p_org = take(d, &at, (size_t)d->npers * 2, total);
	d->c_level = take(d, &at, d->ncarr, total);
	d->c_comp = take(d, &at, (size_t)d->ncarr * 2, total);
	d->g_comp = take(d, &at, (size_t)d->npers * d->gc * 2, total);
	d->g_carr = take(d, &at, (size_t)d->npers * d->gk * 4, total);
	d->req_p = take(d, &at, (size_t)d->n * 4, total);
	d->req_c = take(d, &at, (size_t)d->n * 4, total);
	d->ref = take(d, &at, d->n, total);
	if (at != total) {
		fprintf(stderr, "peer_access: %s: %zu bytes left over\n", path, total - at);
		exit(1);
	}
	free(d->buf);   /* every array was copied out */
	d->buf = NULL;
}

static void
data_free(struct data *d)
{
	const void *arrays[] = {d->o_level, d->o_active, d->o_expires, d->p_level, d->p_status,
	                        d->p_expires, d->p_org, d->c_level, d->c_comp, d->g_comp,
	                        d->g_carr, d->req_p, d->req_c, d->ref};

	for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
		free((void *)(uintptr_t)arrays[i]);
}

static void
world_free(struct world *w)
{
	free(w->permits);
	free(w->clearances);
	free(w->grants);
	free(w->info);
	free(w->copies);
}

/* The expiry day of a harness timestamp (seconds) */
static qdate
day_of(double t)
{
	return (qdate)(int64_t)(t / 86400.0);
}

static void
world_build(const struct data *d, struct world *w)
{
	w->today = day_of(d->now);
	w->permits = xcalloc(d->norg, sizeof *w->permits);
	for (uint32_t o = 0; o < d->norg; o++)
		w->permits[o] = (struct access_permit){
			.org = o + 1, .degree = (enum degree)d->o_level[o],
			.state = d->o_active[o] ? ACCESS_PERMIT_ACTIVE : ACCESS_PERMIT_SUSPENDED,
			.issued_on = w->today - 365, .valid_until = day_of(d->o_expires[o]) - 1};
	w->clearances = xcalloc(d->npers, sizeof *w->clearances);
	for (uint32_t p = 0; p < d->npers; p++) {
		struct access_clearance_stored *c = &w->clearances[p];

		c->form = (enum degree)d->p_level[p];
		c->granted_on = w->today - 400;
		switch (d->p_status[p]) {
		case 0:   /* active until its end: terminated as of the expiry day */
			c->stored = ACCESS_CLEARANCE_TERMINATED;
			c->terminated_on = day_of(d->p_expires[p]);
			break;
		case 1:   /* suspended: not in force */
			c->stored = ACCESS_CLEARANCE_REGISTERING;
			c->terminated_on = QDATE_NONE;
			break;
		default:
			c->stored = ACCESS_CLEARANCE_TERMINATED;
			c->terminated_on = w->today - 10;
			break;
		}
	}
	w->per = d->gc + d->gk;
	w->grants = xcalloc((size_t)d->npers * w->per, sizeof *w->grants);
	for (uint32_t p = 0; p < d->npers; p++) {
		struct access_grant *g = &w->grants[(size_t)p * w->per];

		for (uint32_t k = 0; k < d->gc; k++)
			g[k] = (struct access_grant){p + 1, ACCESS_TARGET_INFORMATION,
			                             (access_key)d->g_comp[p * d->gc + k] + 1,
			                             w->today - 30, w->today + 365};
		for (uint32_t k = 0; k < d->gk; k++)
			g[d->gc + k] = (struct access_grant){p + 1, ACCESS_TARGET_CARRIER,
			                                     (access_key)d->g_carr[p * d->gk + k] + 1,
			                                     w->today - 30, w->today + 365};
		qsort(g, w->per, sizeof *g, access_grant_cmp);
	}
	w->info = xcalloc(d->ncarr, sizeof *w->info);
	for (uint32_t c = 0; c < d->ncarr; c++)
		w->info[c] = (access_key)d->c_comp[c] + 1;
	w->copies = xcalloc(d->norg, sizeof *w->copies);
	for (uint32_t o = 0; o < d->norg; o++)
		w->copies[o] = (struct access_copy){o + 1, ACCESS_KEY_NONE, ACCESS_JOINT_NONE};
}

/* Which entry point decides: the verdict alone (access_allowed: stops at
 * the first failing check, as issue and content reads need it) or every
 * check (access_decide, as GET /v1/access/check reports them). */
static bool every_check;

/* One decision as the server makes it. */
static inline bool
decide(const struct data *d, const struct world *w, uint32_t p, uint32_t c)
{
	const struct access_clearance_stored *cs = &w->clearances[p];
	uint32_t o = d->p_org[p];
	struct access_clearance cl = {
		p + 1, cs->form,
		access_clearance_state_on(cs->stored, cs->granted_on, cs->terminated_on, w->today)};
	struct access_request rq = {
		.person = {p + 1, o + 1},
		.clearances = &cl, .nclearances = 1,
		.permits = &w->permits[o], .npermits = 1,
		.grants = &w->grants[(size_t)p * w->per], .ngrants = w->per, .grants_sorted = true,
		.carrier = {c + 1, (enum degree)d->c_level[c], ACCESS_CARRIER_REGISTERED,
		            &w->info[c], 1},
		.copies = &w->copies[o], .ncopies = 1,
		.joint = ACCESS_JOINT_NONE,
		.today = w->today,
	};
	struct access_decision out;

	return every_check ? access_decide(&rq, &out) : access_allowed(&rq, NULL);
}

static size_t
check(const struct data *d, const struct world *w, size_t *allow)
{
	size_t differ = 0;

	*allow = 0;
	for (uint32_t i = 0; i < d->n; i++) {
		bool yes = decide(d, w, d->req_p[i], d->req_c[i]);

		*allow += yes;
		if (yes != (d->ref[i] != 0)) {
			if (differ < 10)
				fprintf(stderr, "request %u (person %u, carrier %u): qupiya %s, "
				        "reference %s\n", i, d->req_p[i], d->req_c[i],
				        yes ? "allows" : "refuses", d->ref[i] ? "allows" : "refuses");
			differ++;
		}
	}
	return differ;
}

static uint64_t
ns_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

static volatile size_t sink;

int
main(int argc, char **argv)
{
	struct data d;
	struct world w;
	size_t differ, allow, ref_allow = 0, yes = 0;
	long passes = argc > 3 ? strtol(argv[3], NULL, 10) : 10;
	uint64_t t0, t1;
	uint32_t *lat, nl;

	if (argc < 3 || (strcmp(argv[1], "check") != 0 && strcmp(argv[1], "bench") != 0) ||
	    passes < 1) {
		fprintf(stderr, "usage: peer_access check|bench FILE [PASSES]\n");
		return 2;
	}
	memset(&d, 0, sizeof d);
	memset(&w, 0, sizeof w);
	data_load(argv[2], &d);
	world_build(&d, &w);
	differ = check(&d, &w, &allow);
	for (uint32_t i = 0; i < d.n; i++)
		ref_allow += d.ref[i] != 0;
	if (strcmp(argv[1], "check") == 0) {
		printf("peer_access: %u requests, qupiya allows %zu, the reference %zu; "
		       "%zu differ\n", d.n, allow, ref_allow, differ);
		world_free(&w);
		data_free(&d);
		return differ == 0 ? 0 : 1;
	}
	/* warm-up: one pass (the check above); then each entry point */
	for (int full = 0; full < 2; full++) {
		every_check = full;
		if (full) {
			differ += check(&d, &w, &allow);
			yes = 0;
		}
		t0 = ns_now();
		for (long r = 0; r < passes; r++)
			for (uint32_t i = 0; i < d.n; i++)
				yes += decide(&d, &w, d.req_p[i], d.req_c[i]);
		t1 = ns_now();
		sink += yes;
		nl = d.n < 2000000 ? d.n : 2000000;
		lat = xcalloc(nl, sizeof *lat);
		for (uint32_t i = 0; i < nl; i++) {
			uint64_t a = ns_now();

			sink += decide(&d, &w, d.req_p[i], d.req_c[i]);
			lat[i] = (uint32_t)(ns_now() - a);
		}
		qsort(lat, nl, sizeof *lat, cmp_u32);
		{
			double n = (double)d.n * (double)passes, ns = (double)(t1 - t0) / n;

			printf("{\"engine\":\"%s\","
			       "\"n\":%.0f,\"decisions_per_s\":%.0f,\"ns_per_decision\":%.2f,"
			       "\"p50_ns\":%u,\"p99_ns\":%u,\"max_ns\":%u,\"allow\":%zu,"
			       "\"allow_ratio\":%.4f,\"mismatches_vs_reference\":%zu,\"verified\":%u,"
			       "\"notes\":\"one thread; latency per call with clock_gettime (timer "
			       "included)\"}\n",
			       full ? "Q7: qupiya access_decide (src/core), every check, as GET "
			              "/v1/access/check reports them"
			            : "Q: qupiya access_allowed (src/core), the verdict, as the "
			              "issue of a copy and a content read take it (ops_access_verdict)",
			       n, 1e9 / ns, ns, lat[nl / 2], lat[(size_t)nl * 99 / 100], lat[nl - 1],
			       allow, (double)allow / d.n, differ, d.n);
		}
		free(lat);
	}
	world_free(&w);
	data_free(&d);
	return differ == 0 ? 0 : 1;
}
