/*
 * test_ops_carriers_alloc_torture.c — the allocation-failure loop (issue
 * 11, deliverable 4; the manner of test_ops_alloc_torture.c) over the
 * carrier procedures of src/ops/carriers.c called without HTTP:
 *
 *   ops_carriers_register  a carrier of three copies with its journal: a
 *                          run stores the carrier with all three copies,
 *                          its "registered" movement and its audit entry,
 *                          or nothing (never fewer copies than declared)
 *   ops_carriers_issue     copy 1 issued through the access decision: the
 *                          copy, the movement and the entry, or nothing
 *
 * For N = 1, 2, ... the Nth allocation of the step fails (jansson, SQLite
 * and qupiya's own allocators are hooked, every one of them: the carrier
 * is a typed row, no stored JSON is parsed). Each run must end in success
 * with the whole step stored or in a clean error (500, 503) with nothing
 * stored; after every run audit_verify must pass. The loop ends at the
 * first N the step no longer reaches.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops/carriers.h"
#include "ops/grants.h"
#include "ops/orgs.h"
#include "tap.h"
#include "torture_ops.h"
#include "clearance_world.h"

#define ORG    "org_000000000000000a"
#define INFO   "information_00000000000000a1"
#define PERSON "person_00000000000000a1"

static const char *const info_ids[] = {INFO};

/* A record (unarmed), checked. */
static void
rec_put(const char *kind, const char *id, const char *org, const char *parent,
        const char *state, json_t *doc)
{
	struct store_tx *tx;
	struct store_rec r = {0};
	struct qerr e = {0};

	if (strcmp(kind, "person") == 0) {   /* a typed row (person_put.h) */
		CHECK(person_put(ctx.store, id, org, state, doc) == 0);
		json_decref(doc);
		return;
	}
	q_strlcpy(r.kind, kind, sizeof r.kind);
	q_strlcpy(r.id, id, sizeof r.id);
	q_strlcpy(r.org_id, org, sizeof r.org_id);
	q_strlcpy(r.parent_id, parent, sizeof r.parent_id);
	q_strlcpy(r.state, state, sizeof r.state);
	r.doc = doc;
	CHECK(doc != NULL && store_begin(ctx.store, true, &tx, &e) == 0);
	CHECK((strcmp(kind, "org") == 0 ? org_row_insert(tx, id, state, doc, &e)
	                                : store_rec_insert(tx, &r, &e)) == 0);
	CHECK(store_commit(tx, &e) == 0);
	store_rec_clear(&r);
}

struct snap {
	int64_t carriers, movements, audit;
};

static int
snap_take(struct snap *s)
{
	struct store_tx *tx;
	struct qerr e = {0};
	struct store_query qc = {.kind = "carrier"}, qm = {.kind = "movement"};
	int rc = 0;

	if (store_begin(ctx.store, false, &tx, &e) != 0)
		return -1;
	if (store_rec_count(tx, &qc, &s->carriers, &e) != 0 ||
	    store_rec_count(tx, &qm, &s->movements, &e) != 0 ||
	    store_audit_size(tx, &s->audit, &e) != 0)
		rc = -1;
	store_rollback(tx);
	return rc;
}

/* The state of copy 1 of the stored carrier id, and how many copies it has. */
static void
copy_state(const char *id, char state[32], size_t *ncopies)
{
	struct store_tx *tx;
	struct store_rec r = {0};
	struct qerr e = {0};
	json_t *copies;

	state[0] = '\0';
	*ncopies = 0;
	if (store_begin(ctx.store, false, &tx, &e) != 0)
		return;
	if (store_rec_get(tx, "carrier", id, &r, &e) != 0)
		fprintf(stderr, "carrier %s: %s %s\n", id, e.code, e.detail);
	else {
		copies = json_object_get(r.doc, "copies");
		*ncopies = json_array_size(copies);
		const char *st = json_string_value(json_object_get(json_array_get(copies, 0),
		                                                   "state"));

		q_strlcpy(state, st != NULL ? st : "", 32);
	}
	store_rollback(tx);
	store_rec_clear(&r);
}

static struct ops_carrier_register_args
reg(char acct[32], long n)
{
	snprintf(acct, 32, "ACC-%ld", n);
	return (struct ops_carrier_register_args){
		.org_id = ORG, .account_number = acct, .kind = "paper", .title = "Report",
		.label = DEGREE_TOP_SECRET, .information_ids = info_ids, .n_info = 1, .copies = 3,
		.sheets = 10, .declassify_on = QDATE_NONE};
}

/* One run's outcome checked against the snapshots; false ends the loop. */
static bool
judge(const char *what, long n, int rc, const struct qerr *e, bool fired,
      const struct snap *before, const struct snap *after, bool whole, long *failed)
{
	bool stored = after->movements == before->movements + 1 &&
	              after->audit == before->audit + 1;
	bool untouched = after->carriers == before->carriers &&
	                 after->movements == before->movements && after->audit == before->audit;

	if (rc == 0) {
		if (!stored || !whole) {
			fprintf(stderr, "%s N=%ld: success stored a partial step (movements %lld -> %lld,"
		        " audit %lld -> %lld, whole %d)\n", what, n, (long long)before->movements,
		        (long long)after->movements, (long long)before->audit,
		        (long long)after->audit, whole);
			CHECK(false);
		}
		return fired;
	}
	(*failed)++;
	if (!(e->status == QERR_INTERNAL || e->status == QERR_UNAVAILABLE) || !untouched) {
		fprintf(stderr, "%s N=%ld: status %d %s, carriers %lld -> %lld, audit %lld -> %lld\n",
		        what, n, e->status, e->code, (long long)before->carriers,
		        (long long)after->carriers, (long long)before->audit,
		        (long long)after->audit);
		CHECK(false);
	}
	if (!fired) {
		fprintf(stderr, "%s N=%ld: failed without an injected failure: %s %s\n", what, n,
		        e->code, e->detail);
		CHECK(false);
		return false;
	}
	return true;
}

static void
torture_register(long max)
{
	long n, runs = 0, failed = 0;
	bool more = true;

	for (n = 1; n <= max && more; n++) {
		struct ops_carrier_register_args a;
		struct ops_carrier_result res = {0};
		struct snap before, after;
		struct qerr e = {0};
		char acct[32], state[32], id[STORE_ID_MAX] = "";
		size_t ncopies = 0;
		bool fired;
		int rc;

		a = reg(acct, n);
		if (snap_take(&before) != 0) {
			CHECK(!"snapshot failed");
			return;
		}
		q_alloc_fail_at(n);
		rc = ops_carriers_register(&ctx, &a, &res, &e);
		fired = q_alloc_fired();
		q_alloc_fail_at(0);
		runs++;
		if (rc == 0)
			q_strlcpy(id, res.car.h.id, sizeof id);
		ops_carrier_result_clear(&res);
		if (snap_take(&after) != 0) {
			CHECK(!"snapshot failed");
			return;
		}
		if (rc == 0)
			copy_state(id, state, &ncopies);
		if (rc == 0 && (ncopies != 3 || strcmp(state, "in_registry") != 0))
			fprintf(stderr, "register N=%ld: %zu copies, copy 1 %s\n", n, ncopies, state);
		more = judge("register", n, rc, &e, fired, &before, &after,
		             after.carriers == before.carriers + 1 && ncopies == 3 &&
		                     strcmp(state, "in_registry") == 0,
		             &failed);
		if (!audit_ok()) {
			fprintf(stderr, "register N=%ld: the audit log does not verify\n", n);
			CHECK(false);
			more = false;
		}
	}
	printf("ops_carriers_register: %ld runs, %ld clean failures\n", runs, failed);
	CHECK(failed > 0);
}

static void
torture_issue(long max)
{
	long n, runs = 0, failed = 0;
	bool more = true;

	for (n = 1; n <= max && more; n++) {
		struct ops_carrier_register_args a;
		struct ops_carrier_result res = {0};
		struct ops_carrier_copy_args ia = {.person_id = PERSON, .copy_number = 1};
		struct snap before, after;
		struct qerr e = {0};
		char acct[32], state[32], id[STORE_ID_MAX];
		size_t ncopies = 0;
		bool fired;
		int rc;

		a = reg(acct, 100000 + n);
		if (ops_carriers_register(&ctx, &a, &res, &e) != 0) {   /* unarmed */
			CHECK(!"setup failed");
			return;
		}
		q_strlcpy(id, res.car.h.id, sizeof id);
		ops_carrier_result_clear(&res);
		ia.carrier_id = id;
		if (snap_take(&before) != 0) {
			CHECK(!"snapshot failed");
			return;
		}
		q_alloc_fail_at(n);
		rc = ops_carriers_issue(&ctx, &ia, &res, &e);
		fired = q_alloc_fired();
		q_alloc_fail_at(0);
		runs++;
		ops_carrier_result_clear(&res);
		if (snap_take(&after) != 0) {
			CHECK(!"snapshot failed");
			return;
		}
		copy_state(id, state, &ncopies);
		if (rc != 0 && strcmp(state, "in_registry") != 0) {
			fprintf(stderr, "issue N=%ld: refused, yet copy 1 is %s\n", n, state);
			CHECK(false);
		}
		more = judge("issue", n, rc, &e, fired, &before, &after,
		             strcmp(state, "issued") == 0, &failed);
		if (!audit_ok()) {
			fprintf(stderr, "issue N=%ld: the audit log does not verify\n", n);
			CHECK(false);
			more = false;
		}
	}
	printf("ops_carriers_issue: %ld runs, %ld clean failures\n", runs, failed);
	CHECK(failed > 0);
}

int
main(void)
{
	struct qerr e = {0};

	if (torture_ops_open("qupiya-carriers-torture", "user_so") != 0)
		return 1;
	q_strlcpy(ctx.actor.org_id, ORG, sizeof ctx.actor.org_id);
	rec_put("org", ORG, "", "", "active", json_pack("{s:s}", "id", ORG));
	rec_put("information", INFO, ORG, "", "classified",
	        json_pack("{s:s, s:s, s:s}", "id", INFO, "degree", "top_secret", "declassify_on",
	                  "2040-01-01"));
	rec_put("person", PERSON, ORG, "", "active", json_pack("{s:s}", "id", PERSON));
	if (clearance_world_put(ctx.store, "clearance_00000000000000a1", ORG, PERSON,
	                        CLEARANCE_ACTIVE, DEGREE_TOP_SECRET, date_from_ymd(2025, 1, 1)) != 0)
		return 1;
	{
		struct ops_permit_issue_args pa = {.org_id = ORG, .degree = DEGREE_TOP_SECRET,
		                                   .number = "P-1",
		                                   .issued_on = date_from_ymd(2025, 1, 1),
		                                   .valid_until = date_from_ymd(2030, 1, 1)};
		struct ops_grant_create_args ga = {.person_id = PERSON, .information_id = INFO,
		                                   .until = date_from_ymd(2026, 12, 31)};
		struct permit_rec p;
		struct grant_rec g = {0};

		CHECK(ops_permit_issue(&ctx, &pa, &p, &e) == 0);
		permit_rec_free(&p);
		CHECK(ops_grants_create(&ctx, &ga, &g, &e) == 0);
		grant_rec_free(&g);
	}
	torture_register(5000);
	torture_issue(5000);
	torture_ops_close();
	return tap_done();
}
