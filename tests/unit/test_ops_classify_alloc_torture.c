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

/* A record (unarmed): a state body, or one of its officials. */
static int
rec_add(const char *kind, const char *org_id, json_t *doc, char id[STORE_ID_MAX])
{
	struct store_tx *tx;
	struct store_rec r = {0};
	int rc = -1;

	q_strlcpy(r.kind, kind, sizeof r.kind);
	store_id_new(kind, r.id);
	q_strlcpy(r.state, "active", sizeof r.state);
	q_strlcpy(r.org_id, org_id ? org_id : "", sizeof r.org_id);
	r.doc = doc;
	if (r.doc != NULL && store_begin(ctx.store, true, &tx, NULL) == 0) {
		if (store_rec_insert(tx, &r, NULL) == 0)
			rc = store_commit(tx, NULL);
		else
			store_rollback(tx);
	}
	q_strlcpy(id, r.id, STORE_ID_MAX);
	store_rec_clear(&r);
	return rc;
}

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

static void
torture(long max)
{
	long n, runs = 0, failed = 0;
	bool done = false;

	for (n = 1; n <= max && !done; n++) {
		char person[STORE_ID_MAX];
		struct snap before, after;
		struct ops_classifier_args a = {.org_id = body, .person_id = person};
		struct classifier_rec k;
		struct qerr e = {0};
		bool fired;
		int rc;

		if (rec_add("person", body,
		            json_pack("{s:s, s:s}", "full_name", "Official", "position", "Director"),
		            person) != 0 ||
		    snap_take(&before) != 0) {
			CHECK(!"setup failed");
			return;
		}
		q_alloc_fail_at(n);
		rc = ops_classifier_register(&ctx, &a, &k, &e);
		fired = q_alloc_fired();
		q_alloc_fail_at(0);
		runs++;
		if (snap_take(&after) != 0) {
			CHECK(!"snapshot failed");
			return;
		}
		if (rc == 0) {
			if (after.classifiers != before.classifiers + 1 ||
			    after.audit != before.audit + 1 || k.full_name == NULL ||
			    k.position == NULL) {
				fprintf(stderr, "N=%ld: success stored a partial step\n", n);
				CHECK(false);
			}
			classifier_rec_free(&k);
			done = !fired;
		} else {
			failed++;
			if (!(e.status == QERR_INTERNAL || e.status == QERR_UNAVAILABLE) ||
			    after.classifiers != before.classifiers || after.audit != before.audit) {
				fprintf(stderr, "N=%ld: status %d %s, rows %lld/%lld -> %lld/%lld\n", n,
				        e.status, e.code, (long long)before.classifiers,
				        (long long)before.audit, (long long)after.classifiers,
				        (long long)after.audit);
				CHECK(false);
			}
			if (!fired) {
				fprintf(stderr, "N=%ld: failed without an injected failure: %s %s\n", n,
				        e.code, e.detail);
				CHECK(false);
				done = true;
			}
		}
		if (!audit_ok()) {
			fprintf(stderr, "N=%ld: the audit log does not verify\n", n);
			CHECK(false);
			done = true;
		}
	}
	printf("ops_classifier_register: %ld runs, %ld clean failures, then success untouched\n",
	       runs, failed);
	CHECK(done);
	CHECK(failed > 0);
}

int
main(void)
{
	if (torture_ops_open("qupiya-ops-cls-torture", "user_admin") != 0)
		return 1;
	if (rec_add("org", NULL, json_pack("{s:s}", "kind", "state_body"), body) != 0) {
		fprintf(stderr, "setup failed\n");
		return 1;
	}

	torture(torture_max());

	torture_ops_close();
	return tap_done();
}
