/*
 * test_ops_classify_alloc_torture.c — the allocation-failure loop (issue
 * 11, deliverable 4; the manner of test_ops_alloc_torture.c) over the
 * classification procedures of src/ops/classify.c called without HTTP:
 * ops_classifier_register (a typed row with heap strings: the person's
 * name and position as registered).
 *
 * For N = 1, 2, ... the Nth allocation of the step fails; every allocator
 * of the process is hooked (jansson, SQLite, qupiya's own through the
 * linker's --wrap). Each run must end either in success with exactly one
 * classifier row and one audit entry stored, or in a clean error (500,
 * 503) with nothing stored; after every run audit_verify must pass. The
 * loop ends at the first N the step no longer reaches.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops/classify.h"
#include "store/tables_classify.h"
#include "tap.h"
#include "torture_ops.h"

/* ---- the world ---------------------------------------------------------- */

static char body[STORE_ID_MAX];

struct snap {
	int64_t classifiers, audit;
};

static int
snap_take(struct snap *s)
{
	struct store_tx *tx;
	struct qerr e = {0};
	int rc = 0;

	if (store_begin(ctx.store, false, &tx, &e) != 0)
		return -1;
	s->classifiers = store_row_count(tx, &store_classifier_table, NULL, 0, &e);
	if (s->classifiers < 0 || store_audit_size(tx, &s->audit, &e) != 0)
		rc = -1;
	store_rollback(tx);
	return rc;
}

struct run {
	char person[STORE_ID_MAX];
	struct snap before, after;
	struct classifier_rec k;
};

static int
prepare(void *arg)
{
	struct run *r = arg;

	memset(&r->k, 0, sizeof r->k);
	if (torture_rec_add("person", body,
	                    json_pack("{s:s, s:s}", "full_name", "Official", "position",
	                              "Director"),
	                    r->person) != 0)
		return -1;
	return snap_take(&r->before);
}

static int
run(void *arg, struct qerr *e)
{
	struct run *r = arg;
	struct ops_classifier_args a = {.org_id = body, .person_id = r->person};

	return ops_classifier_register(&ctx, &a, &r->k, e);
}

static bool
whole(void *arg, bool ok)
{
	struct run *r = arg;
	bool good;

	if (snap_take(&r->after) != 0)
		return false;
	good = r->after.classifiers == r->before.classifiers + (ok ? 1 : 0) &&
	       r->after.audit == r->before.audit + (ok ? 1 : 0) &&
	       (!ok || (r->k.full_name != NULL && r->k.position != NULL));
	classifier_rec_free(&r->k);
	return good;
}

int
main(void)
{
	if (torture_ops_open("qupiya-ops-cls-torture", "user_admin") != 0)
		return 1;
	if (torture_rec_add("org", NULL, json_pack("{s:s}", "kind", "state_body"), body) != 0) {
		fprintf(stderr, "setup failed\n");
		return 1;
	}

	{
		static const struct torture_step t = {"ops_classifier_register", prepare, run,
		                                      whole};
		struct run r;

		torture_loop(&t, &r, torture_max());
	}

	torture_ops_close();
	return tap_done();
}
