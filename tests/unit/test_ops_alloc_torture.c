/*
 * test_ops_alloc_torture.c — allocation-failure loop (issue 11, deliverable
 * 4) over the converted procedures of src/ops called without HTTP:
 * ops_permit_issue, ops_permit_suspend (a state change with its history
 * row), ops_permit_mark (a child row with a heap string),
 * ops_certificate_add and ops_delegation_add.
 *
 * For N = 1, 2, ... the Nth allocation of the step fails (core/alloc.h);
 * every allocator of the process is hooked: jansson (json_set_alloc_funcs),
 * SQLite (SQLITE_CONFIG_MALLOC) and qupiya's own malloc/calloc/realloc/
 * strdup (the linker's --wrap, tests/CMakeLists.txt). Each run must end
 * either in success with exactly the step's rows and one audit entry
 * stored, or in a clean error (500 internal, 503) with nothing stored: the
 * rows of permit, permit_change, permit_mark, certificate,
 * archive_delegation and the audit log as before.
 * After every run audit_verify must pass. The loop ends at the first N the
 * step no longer reaches (it succeeded untouched).
 *
 * Under ASan (make test) every run is also checked for leaks and memory
 * errors. QUPIYA_TORTURE_MAX caps N (default 100000).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops/orgs.h"
#include "store/tables_org.h"
#include "tap.h"
#include "torture_ops.h"

/* ---- the world ---------------------------------------------------------- */

static char org[STORE_ID_MAX], other[STORE_ID_MAX];

static int
org_add(char id[STORE_ID_MAX])
{
	return torture_rec_add("org", NULL, json_object(), id);
}

/* What a step may change: its rows and the audit log. */
struct snap {
	int64_t permits, changes, marks, certificates, delegations, audit;
};

static int
snap_take(struct snap *s)
{
	struct store_tx *tx;
	struct qerr e = {0};
	int rc = 0;

	if (store_begin(ctx.store, false, &tx, &e) != 0)
		return -1;
	s->permits = store_row_count(tx, &store_permit_table, NULL, 0, &e);
	s->changes = store_row_count(tx, &store_permit_change_table, NULL, 0, &e);
	s->marks = store_row_count(tx, &store_permit_mark_table, NULL, 0, &e);
	s->certificates = store_row_count(tx, &store_certificate_table, NULL, 0, &e);
	s->delegations = store_row_count(tx, &store_delegation_table, NULL, 0, &e);
	if (s->permits < 0 || s->changes < 0 || s->marks < 0 || s->certificates < 0 ||
	    s->delegations < 0 ||
	    store_audit_size(tx, &s->audit, &e) != 0)
		rc = -1;
	store_rollback(tx);
	return rc;
}

/* ---- the steps ---------------------------------------------------------- */

enum step { STEP_ISSUE, STEP_SUSPEND, STEP_MARK, STEP_CERTIFICATE, STEP_DELEGATION };
static const char *const step_names[] = {"ops_permit_issue", "ops_permit_suspend",
                                         "ops_permit_mark", "ops_certificate_add",
                                         "ops_delegation_add"};
static int serial;

/* A fresh active permit for a step to act on (unarmed). */
static int
permit_fresh(char id[STORE_ID_MAX])
{
	struct ops_permit_issue_args a = {.org_id = org};
	struct permit_rec p;
	struct qerr e = {0};
	char number[32];

	snprintf(number, sizeof number, "F-%d", ++serial);
	a.degree = DEGREE_TOP_SECRET;
	a.number = number;
	a.issued_on = date_from_ymd(2025, 1, 15);
	a.valid_until = date_from_ymd(2030, 1, 14);
	if (ops_permit_issue(&ctx, &a, &p, &e) != 0)
		return -1;
	q_strlcpy(id, p.h.id, STORE_ID_MAX);
	permit_rec_free(&p);
	return 0;
}

static int
step_run(enum step s, const char *permit_id, struct qerr *e)
{
	struct permit_rec p;
	int rc;

	memset(&p, 0, sizeof p);
	switch (s) {
	case STEP_ISSUE: {
		struct ops_permit_issue_args a = {.org_id = org, .degree = DEGREE_CONFIDENTIAL,
		                                  .issued_on = date_from_ymd(2025, 1, 15),
		                                  .valid_until = date_from_ymd(2030, 1, 14)};
		char number[32];

		snprintf(number, sizeof number, "T-%d", ++serial);
		a.number = number;
		rc = ops_permit_issue(&ctx, &a, &p, e);
		break;
	}
	case STEP_SUSPEND:
		rc = ops_permit_suspend(&ctx, permit_id, &p, e);
		break;
	case STEP_MARK: {
		struct ops_permit_mark_args a = {.permit_id = permit_id, .org_id = other,
		                                 .agreement_ref = "AG-torture"};

		rc = ops_permit_mark(&ctx, &a, &p, e);
		break;
	}
	case STEP_CERTIFICATE: {
		struct ops_certificate_args a = {.org_id = org, .means = "Shield",
		                                 .degree = DEGREE_TOP_SECRET,
		                                 .valid_until = date_from_ymd(2028, 1, 1)};
		struct certificate_rec cr;
		char number[32];

		snprintf(number, sizeof number, "C-%d", ++serial);
		a.number = number;
		rc = ops_certificate_add(&ctx, &a, &cr, e);
		if (rc == 0)
			certificate_rec_free(&cr);
		break;
	}
	default: {
		/* each run delegates to a new archive (one delegation per archive) */
		struct ops_delegation_args a = {.org_id = org, .archive_org_id = permit_id,
		                                .ref = "D-torture"};
		struct delegation_rec d;

		rc = ops_delegation_add(&ctx, &a, &d, e);
		if (rc == 0)
			delegation_rec_free(&d);
		break;
	}
	}
	permit_rec_free(&p);
	return rc;
}

/* The rows a successful step adds. */
static bool
grew_by_step(enum step s, const struct snap *b, const struct snap *a)
{
	return a->audit == b->audit + 1 &&
	       a->permits == b->permits + (s == STEP_ISSUE ? 1 : 0) &&
	       a->changes == b->changes + (s == STEP_SUSPEND ? 1 : 0) &&
	       a->marks == b->marks + (s == STEP_MARK ? 1 : 0) &&
	       a->certificates == b->certificates + (s == STEP_CERTIFICATE ? 1 : 0) &&
	       a->delegations == b->delegations + (s == STEP_DELEGATION ? 1 : 0);
}

static void
torture(enum step s, long max)
{
	long n, runs = 0, failed = 0;
	bool done = false;

	for (n = 1; n <= max && !done; n++) {
		char pid[STORE_ID_MAX] = "";
		struct snap before, after;
		struct qerr e = {0};
		bool fired;
		int rc;

		if (((s == STEP_SUSPEND || s == STEP_MARK) && permit_fresh(pid) != 0) ||
		    (s == STEP_DELEGATION && org_add(pid) != 0) || snap_take(&before) != 0) {
			CHECK(!"setup failed");
			return;
		}
		q_alloc_fail_at(n);
		rc = step_run(s, pid, &e);
		fired = q_alloc_fired();
		q_alloc_fail_at(0);
		runs++;
		if (snap_take(&after) != 0) {
			CHECK(!"snapshot failed");
			return;
		}
		if (rc == 0) {
			/* succeeded (a failure SQLite or jansson tolerated, or none) */
			if (!grew_by_step(s, &before, &after)) {
				fprintf(stderr, "%s N=%ld: success stored a partial step\n",
				        step_names[s], n);
				CHECK(false);
			}
			done = !fired;
		} else {
			failed++;
			if (!(e.status == QERR_INTERNAL || e.status == QERR_UNAVAILABLE) ||
			    before.permits != after.permits || before.changes != after.changes ||
			    before.marks != after.marks || before.certificates != after.certificates ||
			    before.delegations != after.delegations || before.audit != after.audit) {
				fprintf(stderr, "%s N=%ld: status %d %s, rows %lld/%lld/%lld/%lld -> "
				        "%lld/%lld/%lld/%lld\n", step_names[s], n, e.status, e.code,
				        (long long)before.permits, (long long)before.changes,
				        (long long)before.marks, (long long)before.audit,
				        (long long)after.permits, (long long)after.changes,
				        (long long)after.marks, (long long)after.audit);
				CHECK(false);
			}
			if (!fired) {
				fprintf(stderr, "%s N=%ld: failed without an injected failure: %s %s\n",
				        step_names[s], n, e.code, e.detail);
				CHECK(false);
				done = true;
			}
		}
		if (!audit_ok()) {
			fprintf(stderr, "%s N=%ld: the audit log does not verify\n", step_names[s], n);
			CHECK(false);
			done = true;
		}
	}
	printf("%s: %ld runs, %ld clean failures, then success untouched\n", step_names[s],
	       runs, failed);
	CHECK(done);
	CHECK(failed > 0);
}

int
main(void)
{
	long max = torture_max();

	if (torture_ops_open("qupiya-ops-torture", "user_nsc") != 0)
		return 1;
	if (org_add(org) != 0 || org_add(other) != 0) {
		fprintf(stderr, "setup failed\n");
		return 1;
	}

	torture(STEP_ISSUE, max);
	torture(STEP_SUSPEND, max);
	torture(STEP_MARK, max);
	torture(STEP_CERTIFICATE, max);
	torture(STEP_DELEGATION, max);

	torture_ops_close();
	return tap_done();
}
