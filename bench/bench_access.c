/*
 * bench_access.c — the access decision (src/core/access.h) at registry
 * scale, on one core. Prints figures; never passes or fails.
 *
 * Builds an in-memory registry: 1,000 organizations with 1-3 permits each,
 * 100,000 persons with 0-3 clearances each, 1,000,000 carriers with 1-4
 * information items each, 2,000,000 need-to-know grants indexed per person
 * (one array sorted by person, then by access_grant_cmp; an offset table
 * per person). Then runs random decisions: half on a carrier the person
 * holds a carrier grant for (so the allowed path is taken), half on a random
 * carrier. Each decision gathers the person's slices from the registry and
 * calls access_decide() with grants_sorted.
 *
 * Figures:
 *   - throughput: batches of 1,000,000 decisions, each batch timed with
 *     clock_gettime(CLOCK_MONOTONIC); best and median batch.
 *   - latency: 100,000 decisions each timed alone with two clock_gettime()
 *     calls; p50, p99, p99.9, max, and the cost of an empty timing pair.
 *   - peer ratio: a plain reference (linear scans, every grant against every
 *     item, as in tests/unit/test_access.c) on the same decisions in the
 *     same run; fast/reference throughput, and how many answers differ.
 *     With ~20 grants per person both are bound by cache misses on the
 *     registry, so the ratio is near 1; a last line repeats the comparison
 *     for one person holding 50,000 grants, where the sorted index counts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/access.h"

#define N_ORG        1000
#define N_PERSON     100000
#define N_CARRIER    1000000
#define N_INFO_KEYS  500000       /* distinct information items */
#define N_GRANT      2000000
#define N_DECISION   1000000      /* one batch */
#define N_BATCH      5
#define N_SAMPLE     100000       /* per-decision timings */
#define TODAY        20527        /* 2026-03-15 */

/* ============================== Registry ================================= */

struct carrier_row {
	enum degree label;
	enum access_carrier_state state;
	enum access_joint_state joint;
	uint32_t info_first;          /* into reg.info */
	uint32_t ninfo;
};

static struct {
	struct access_permit *permits;          /* sorted by org */
	uint32_t org_first[N_ORG + 2];          /* org key k: [org_first[k], org_first[k+1]) */
	access_key *person_org;                 /* by person key */
	struct access_clearance *clearances;    /* sorted by person */
	uint32_t *clr_first;                    /* N_PERSON + 2 */
	struct carrier_row *carriers;           /* by carrier key */
	access_key *info;
	struct access_grant *grants;            /* by person, then access_grant_cmp */
	uint32_t *grant_first;                  /* N_PERSON + 2 */
} reg;

static uint64_t rng_state = 0x2545F4914F6CDD1Du;

static uint64_t
rng(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1Du;
}

static uint32_t
rnd(uint32_t n)
{
	return (uint32_t)(rng() % n);
}

static void *
xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n, sz);

	if (p == NULL) {
		fprintf(stderr, "bench_access: out of memory (%zu x %zu)\n", n, sz);
		exit(1);
	}
	return p;
}

static int
grant_by_person_cmp(const void *a, const void *b)
{
	const struct access_grant *ga = a, *gb = b;

	if (ga->person != gb->person)
		return ga->person < gb->person ? -1 : 1;
	return access_grant_cmp(a, b);
}

static enum degree
rnd_degree(void)
{
	static const enum degree mix[10] = {1, 1, 1, 1, 1, 2, 2, 2, 3, 3};

	return mix[rnd(10)];
}

static void
registry_build(void)
{
	size_t n;

	/* Permits: 1-3 per organization, mostly active and current. */
	reg.permits = xcalloc(N_ORG * 3, sizeof *reg.permits);
	n = 0;
	for (uint32_t o = 1; o <= N_ORG; o++) {
		reg.org_first[o] = (uint32_t)n;
		for (uint32_t k = 1 + rnd(3); k > 0; k--)
			reg.permits[n++] = (struct access_permit){
				o, rnd_degree(),
				rnd(10) < 8 ? ACCESS_PERMIT_ACTIVE : ACCESS_PERMIT_SUSPENDED,
				TODAY - 2000 + (qdate)rnd(1900), TODAY - 100 + (qdate)rnd(2000)};
	}
	reg.org_first[N_ORG + 1] = (uint32_t)n;

	/* Persons and clearances: 0-3 each, the last mostly active. */
	reg.person_org = xcalloc(N_PERSON + 1, sizeof *reg.person_org);
	reg.clearances = xcalloc((size_t)N_PERSON * 3, sizeof *reg.clearances);
	reg.clr_first = xcalloc(N_PERSON + 2, sizeof *reg.clr_first);
	n = 0;
	for (uint32_t p = 1; p <= N_PERSON; p++) {
		uint32_t k = rnd(10) == 0 ? 0 : 1 + rnd(3);

		reg.person_org[p] = 1 + rnd(N_ORG);
		reg.clr_first[p] = (uint32_t)n;
		for (uint32_t i = 0; i < k; i++)
			reg.clearances[n++] = (struct access_clearance){
				p, rnd_degree(),
				i + 1 == k && rnd(10) < 9 ? ACCESS_CLEARANCE_ACTIVE
				                          : ACCESS_CLEARANCE_TERMINATED};
	}
	reg.clr_first[N_PERSON + 1] = (uint32_t)n;

	/* Carriers: 1-4 information items; 5% held under joint work. */
	reg.carriers = xcalloc(N_CARRIER + 1, sizeof *reg.carriers);
	reg.info = xcalloc((size_t)N_CARRIER * 4, sizeof *reg.info);
	n = 0;
	for (uint32_t c = 1; c <= N_CARRIER; c++) {
		struct carrier_row *r = &reg.carriers[c];
		uint32_t s = rnd(100);

		r->label = rnd_degree();
		r->state = s < 85 ? ACCESS_CARRIER_REGISTERED
		         : s < 93 ? ACCESS_CARRIER_ISSUED
		                  : (enum access_carrier_state)(1 + rnd(7));
		r->joint = rnd(20) != 0 ? ACCESS_JOINT_NONE
		                        : (enum access_joint_state)(ACCESS_JOINT_ACTIVE + rnd(4));
		r->info_first = (uint32_t)n;
		r->ninfo = 1 + rnd(4);
		for (uint32_t i = 0; i < r->ninfo; i++)
			reg.info[n++] = 1 + rnd(N_INFO_KEYS);
	}

	/* Grants: random person, half on carriers, half on information items,
	 * mostly current; then indexed per person. */
	reg.grants = xcalloc(N_GRANT, sizeof *reg.grants);
	for (size_t i = 0; i < N_GRANT; i++) {
		bool on_carrier = rnd(2) == 0;

		reg.grants[i] = (struct access_grant){
			1 + rnd(N_PERSON),
			on_carrier ? ACCESS_TARGET_CARRIER : ACCESS_TARGET_INFORMATION,
			on_carrier ? 1 + rnd(N_CARRIER) : 1 + rnd(N_INFO_KEYS),
			TODAY - (qdate)rnd(365), TODAY - 30 + (qdate)rnd(400)};
	}
	qsort(reg.grants, N_GRANT, sizeof *reg.grants, grant_by_person_cmp);
	reg.grant_first = xcalloc(N_PERSON + 2, sizeof *reg.grant_first);
	n = 0;
	for (uint32_t p = 1; p <= N_PERSON + 1; p++) {
		while (n < N_GRANT && reg.grants[n].person < p)
			n++;
		reg.grant_first[p] = (uint32_t)n;
	}
}

/* ============================== Workload ================================= */

struct pair {
	uint32_t person;
	uint32_t carrier;
};

static struct pair *
pairs_make(size_t count)
{
	struct pair *v = xcalloc(count, sizeof *v);

	for (size_t i = 0; i < count; i++) {
		uint32_t p = 1 + rnd(N_PERSON);
		uint32_t g0 = reg.grant_first[p], g1 = reg.grant_first[p + 1];

		v[i].person = p;
		v[i].carrier = 1 + rnd(N_CARRIER);
		if (g1 > g0 && rnd(2) == 0) {
			const struct access_grant *g = &reg.grants[g0 + rnd(g1 - g0)];

			if (g->kind == ACCESS_TARGET_CARRIER)
				v[i].carrier = (uint32_t)g->target;
		}
	}
	return v;
}

/* The request for one pair: slices of the registry, nothing copied. */
static void
request_fill(struct access_request *rq, const struct pair *pr)
{
	uint32_t p = pr->person;
	access_key org = reg.person_org[p];
	const struct carrier_row *c = &reg.carriers[pr->carrier];

	rq->person = (struct access_person){p, org};
	rq->clearances = &reg.clearances[reg.clr_first[p]];
	rq->nclearances = reg.clr_first[p + 1] - reg.clr_first[p];
	rq->permits = &reg.permits[reg.org_first[org]];
	rq->npermits = reg.org_first[org + 1] - reg.org_first[org];
	rq->grants = &reg.grants[reg.grant_first[p]];
	rq->ngrants = reg.grant_first[p + 1] - reg.grant_first[p];
	rq->grants_sorted = true;
	rq->carrier = (struct access_carrier){pr->carrier, c->label, c->state,
	                                      &reg.info[c->info_first], c->ninfo};
	rq->joint = c->joint;
	rq->today = TODAY;
}

/* ===================== The plain reference (peer) ======================== */

/* Straight from the SPEC table: linear scans, no index, no early exits
 * beyond the obvious; same fail-closed rules as access.h. */
static bool
ref_decide(const struct access_request *rq)
{
	const struct access_clearance *cur = NULL;
	bool ok[6] = {false};
	int label = (int)rq->carrier.label;
	qdate t = rq->today;

	for (size_t i = 0; i < rq->nclearances; i++)
		if (rq->clearances[i].person == rq->person.key &&
		    rq->clearances[i].state == ACCESS_CLEARANCE_ACTIVE)
			cur = &rq->clearances[i];
	if (cur == NULL)
		for (size_t i = 0; i < rq->nclearances; i++)
			if (rq->clearances[i].person == rq->person.key)
				cur = &rq->clearances[i];
	ok[0] = cur != NULL && cur->form >= 1 && cur->form <= 3 && label >= 1 && label <= 3 &&
	        (int)cur->form >= label;
	ok[1] = cur != NULL && cur->state == ACCESS_CLEARANCE_ACTIVE;
	for (size_t i = 0; i < rq->ngrants; i++) {
		const struct access_grant *g = &rq->grants[i];

		if (g->person != rq->person.key || g->target == 0 || g->from == QDATE_NONE ||
		    g->until == QDATE_NONE || g->from > t || t > g->until)
			continue;
		if (g->kind == ACCESS_TARGET_CARRIER && g->target == rq->carrier.key)
			ok[2] = true;
		if (g->kind == ACCESS_TARGET_INFORMATION)
			for (size_t j = 0; j < rq->carrier.ninfo; j++)
				if (rq->carrier.info[j] == g->target)
					ok[2] = true;
	}
	for (size_t i = 0; i < rq->npermits; i++) {
		const struct access_permit *p = &rq->permits[i];

		if (p->org == rq->person.org && p->state == ACCESS_PERMIT_ACTIVE && p->degree >= 1 &&
		    p->degree <= 3 && label >= 1 && label <= 3 && (int)p->degree >= label &&
		    p->issued_on <= t && t <= p->valid_until)
			ok[3] = true;
	}
	ok[4] = rq->carrier.state == ACCESS_CARRIER_REGISTERED ||
	        rq->carrier.state == ACCESS_CARRIER_ISSUED ||
	        rq->carrier.state == ACCESS_CARRIER_DECLASSIFIED;
	ok[5] = rq->joint == ACCESS_JOINT_NONE || rq->joint == ACCESS_JOINT_ACTIVE;
	return ok[0] && ok[1] && ok[2] && ok[3] && ok[4] && ok[5];
}

/* ============================== Timing =================================== */

static double
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int
double_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static volatile size_t sink;   /* keeps the decisions from being optimised away */

/* One batch; returns decisions per second and counts allowed answers. */
static double
batch_run(const struct pair *v, size_t count, bool reference, size_t *allowed)
{
	struct access_request rq;
	struct access_decision d;
	size_t yes = 0;
	double t0 = now_ns();

	memset(&rq, 0, sizeof rq);
	for (size_t i = 0; i < count; i++) {
		request_fill(&rq, &v[i]);
		yes += reference ? ref_decide(&rq) : access_decide(&rq, &d);
	}
	double t1 = now_ns();

	sink += yes;
	*allowed = yes;
	return (double)count / ((t1 - t0) / 1e9);
}

static void
throughput(const char *what, const struct pair *v, bool reference, double *best_out)
{
	double rate[N_BATCH];
	size_t allowed = 0;

	for (int b = 0; b < N_BATCH; b++)
		rate[b] = batch_run(v, N_DECISION, reference, &allowed);
	qsort(rate, N_BATCH, sizeof rate[0], double_cmp);
	printf("  %-10s %d batches x %d: best %.0f/s, median %.0f/s, worst %.0f/s "
	       "(%.1f%% allowed)\n",
	       what, N_BATCH, N_DECISION, rate[N_BATCH - 1], rate[N_BATCH / 2], rate[0],
	       100.0 * (double)allowed / N_DECISION);
	*best_out = rate[N_BATCH / 2];
}

static void
latency(const struct pair *v)
{
	static double lat[N_SAMPLE], empty[N_SAMPLE];
	struct access_request rq;
	struct access_decision d;
	size_t yes = 0;

	memset(&rq, 0, sizeof rq);
	for (size_t i = 0; i < N_SAMPLE; i++) {
		double t0 = now_ns();
		double t1 = now_ns();

		empty[i] = t1 - t0;
	}
	for (size_t i = 0; i < N_SAMPLE; i++) {
		double t0 = now_ns();

		request_fill(&rq, &v[i]);
		yes += access_decide(&rq, &d);
		double t1 = now_ns();

		lat[i] = t1 - t0;
	}
	sink += yes;
	qsort(lat, N_SAMPLE, sizeof lat[0], double_cmp);
	qsort(empty, N_SAMPLE, sizeof empty[0], double_cmp);
	printf("  latency   %d single decisions (lookup + decide, clock pair included): "
	       "p50 %.0f ns, p99 %.0f ns, p99.9 %.0f ns, max %.0f ns\n",
	       N_SAMPLE, lat[N_SAMPLE / 2], lat[N_SAMPLE * 99 / 100], lat[N_SAMPLE * 999 / 1000],
	       lat[N_SAMPLE - 1]);
	printf("  clock     empty clock_gettime pair: p50 %.0f ns, p99 %.0f ns\n",
	       empty[N_SAMPLE / 2], empty[N_SAMPLE * 99 / 100]);
}

/* A person with HEAVY_GRANTS grants (a security officer, an archivist):
 * where the sorted index pays; fast vs reference on the same decisions. */
#define HEAVY_GRANTS    50000
#define HEAVY_DECISIONS 20000

static double
heavy_rate(const struct access_grant *g, const struct pair *v, bool reference)
{
	struct access_request rq;
	struct access_decision d;
	size_t yes = 0;
	double t0 = now_ns();

	memset(&rq, 0, sizeof rq);
	for (size_t i = 0; i < HEAVY_DECISIONS; i++) {
		request_fill(&rq, &v[i]);
		rq.grants = g;
		rq.ngrants = HEAVY_GRANTS;
		yes += reference ? ref_decide(&rq) : access_decide(&rq, &d);
	}
	double t1 = now_ns();

	sink += yes;
	return (double)HEAVY_DECISIONS / ((t1 - t0) / 1e9);
}

static void
heavy(void)
{
	struct access_grant *g = xcalloc(HEAVY_GRANTS, sizeof *g);
	struct pair *v = xcalloc(HEAVY_DECISIONS, sizeof *v);
	double fast, ref;
	size_t differ = 0;

	for (size_t i = 0; i < HEAVY_GRANTS; i++) {
		bool on_carrier = rnd(2) == 0;

		g[i] = (struct access_grant){
			1, on_carrier ? ACCESS_TARGET_CARRIER : ACCESS_TARGET_INFORMATION,
			on_carrier ? 1 + rnd(N_CARRIER) : 1 + rnd(N_INFO_KEYS),
			TODAY - (qdate)rnd(365), TODAY - 30 + (qdate)rnd(400)};
	}
	qsort(g, HEAVY_GRANTS, sizeof *g, access_grant_cmp);
	for (size_t i = 0; i < HEAVY_DECISIONS; i++)
		v[i] = (struct pair){1, rnd(2) == 0 ? (uint32_t)g[rnd(HEAVY_GRANTS)].target
		                                    : 1 + rnd(N_CARRIER)};
	for (size_t i = 0; i < HEAVY_DECISIONS; i++)   /* information targets are no carriers */
		if (v[i].carrier == 0 || v[i].carrier > N_CARRIER)
			v[i].carrier = 1 + rnd(N_CARRIER);
	for (size_t i = 0; i < HEAVY_DECISIONS; i++) {
		struct access_request rq;
		struct access_decision d;

		memset(&rq, 0, sizeof rq);
		request_fill(&rq, &v[i]);
		rq.grants = g;
		rq.ngrants = HEAVY_GRANTS;
		differ += access_decide(&rq, &d) != ref_decide(&rq);
	}
	fast = heavy_rate(g, v, false);
	ref = heavy_rate(g, v, true);
	printf("  heavy     one person with %d grants, %d decisions: fast %.0f/s, "
	       "reference %.0f/s, ratio %.1f (answers differ: %zu)\n",
	       HEAVY_GRANTS, HEAVY_DECISIONS, fast, ref, fast / ref, differ);
	free(g);
	free(v);
}

int
main(void)
{
	struct access_request rq;
	struct access_decision d;
	struct pair *v, *sample;
	double t0, fast, ref;
	size_t differ = 0;

	printf("bench_access: the access decision, one core\n");
	t0 = now_ns();
	registry_build();
	printf("  registry  %d carriers, %d persons, %d grants, %d organizations "
	       "(built in %.2f s)\n",
	       N_CARRIER, N_PERSON, N_GRANT, N_ORG, (now_ns() - t0) / 1e9);

	v = pairs_make(N_DECISION);
	sample = pairs_make(N_SAMPLE);

	/* Warm-up and a cross-check of the two implementations. */
	memset(&rq, 0, sizeof rq);
	for (size_t i = 0; i < N_DECISION; i++) {
		request_fill(&rq, &v[i]);
		differ += access_decide(&rq, &d) != ref_decide(&rq);
	}
	printf("  agree     fast and reference differ on %zu of %d decisions\n", differ,
	       N_DECISION);

	throughput("fast", v, false, &fast);
	throughput("reference", v, true, &ref);
	printf("  ratio     fast/reference (median batches) %.2f\n", fast / ref);
	latency(sample);
	heavy();

	free(v);
	free(sample);
	return 0;
}
