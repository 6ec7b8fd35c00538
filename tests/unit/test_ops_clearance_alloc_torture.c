/*
 * test_ops_clearance_alloc_torture.c — the allocation-failure loop (issue
 * 11, deliverable 4; the manner of test_ops_alloc_torture.c) over the
 * head's decision on a clearance (ops_clearance_decide, a grant: the
 * person's grounds and clearances loaded, the Art. 5 modes read, the
 * decision written into the clearance's typed row, another form
 * superseded and recorded as a child row, the audit entry) and a ground noted with its clearance flagged
 * (ops_ground_note), called without HTTP.
 *
 * For N = 1, 2, ... the Nth allocation of the step fails; every allocator
 * of the process is hooked (jansson, SQLite, qupiya's own through the
 * linker's --wrap). Each run must end either in success with the step
 * whole (the clearance active, the one it replaces terminated and
 * recorded as replaced, one audit entry) or in a clean error (500, 503) with nothing stored; after every
 * run audit_verify must pass. The loop ends at the first N the step no
 * longer reaches.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops/clearances.h"
#include "ops/persons.h"
#include "store/tables_clearances.h"
#include "tap.h"
#define TORTURE_UNFAILED_PARSE   /* records parsed from JSON (torture.h) */
#include "torture_ops.h"

static char org[STORE_ID_MAX];

/* A person of org with an active clearance (*active) and a registration
 * with every prerequisite (*reg), made unarmed. */
static int
world(char person[STORE_ID_MAX], char active[STORE_ID_MAX], char reg[STORE_ID_MAX])
{
	struct ops_person_args pa = {.passport = "P1", .full_name = "A. B.",
	                             .citizenship = "foreign", .org_id = org,
	                             .position = "engineer"};
	struct ops_clearance_register_args ra = {.form = DEGREE_TOP_SECRET};
	struct ops_clearance_prereqs_args qa = {0};
	struct ops_clearance_decide_args da = {.grant = true,
	                                       .restriction_until = QDATE_NONE};
	struct qerr e = {0};
	struct clearance_rec cr;
	char *ids[2] = {active, reg};
	struct person_rec p;

	if (ops_person_register(&ctx, &pa, &p, &e) != 0)
		return -1;
	q_strlcpy(person, p.h.id, STORE_ID_MAX);
	person_rec_free(&p);
	ra.person_id = person;
	ra.treaty_ref = "Treaty 1";
	for (int i = 0; i < 2; i++) {
		if (ops_clearance_register(&ctx, &ra, &cr, &e) != 0)
			return -1;
		q_strlcpy(ids[i], cr.h.id, STORE_ID_MAX);
		clearance_rec_free(&cr);
		qa.clearance_id = ids[i];
		for (size_t k = 0; k < OPS_PREREQ_DATES; k++)
			qa.dates[k] = date_from_ymd(2026, 2, 1);
		qa.verification = CLEARANCE_VERIFICATION_PASSED;
		qa.verified_on = date_from_ymd(2026, 2, 20);
		if (ops_clearance_prereqs(&ctx, &qa, &cr, &e) != 0)
			return -1;
		clearance_rec_free(&cr);
		ra.form = DEGREE_CONFIDENTIAL;
	}
	da.clearance_id = active;
	if (ops_clearance_decide(&ctx, &da, &cr, &e) != 0)
		return -1;
	clearance_rec_free(&cr);
	return 0;
}

struct snap {
	char active[STORE_STATE_MAX], reg[STORE_STATE_MAX];
	size_t replaced;              /* child rows of reg */
	int64_t grounds, audit, clearances;
};

static int
snap_take(const char *person, const char *active, const char *reg, struct snap *s)
{
	struct store_tx *tx;
	struct clearance_rec r = {0};
	struct store_where q = STORE_W_STR("person_id", person);
	struct qerr e = {0};
	int rc = -1;

	if (store_begin(ctx.store, false, &tx, &e) != 0)
		return -1;
	if (ops_clearance_load(tx, active, &r, NULL, &e) != 0)
		goto done;
	q_strlcpy(s->active, clearance_rec_state_names[r.state], sizeof s->active);
	clearance_rec_free(&r);
	if (ops_clearance_load(tx, reg, &r, NULL, &e) != 0)
		goto done;
	q_strlcpy(s->reg, clearance_rec_state_names[r.state], sizeof s->reg);
	s->replaced = r.nreplaces;
	if ((s->grounds = store_row_count(tx, &store_ground_table, &q, 1, &e)) < 0 ||
	    store_audit_size(tx, &s->audit, &e) != 0)
		goto done;
	{
		struct store_where w = STORE_W_STR("person_id", person);

		if ((s->clearances = store_row_count(tx, &store_clearance_table, &w, 1, &e)) < 0)
			goto done;
	}
	rc = 0;
done:
	if (rc != 0)
		fprintf(stderr, "snapshot: %s\n", e.detail);
	clearance_rec_free(&r);
	store_rollback(tx);
	return rc;
}

/* The step under test: 0 decide, 1 a ground, 2 terminate the active
 * clearance, 3 register another. */
static int
step(int which, const char *person, const char *active, const char *reg, struct qerr *e)
{
	json_t *doc = NULL;
	int rc;

	if (which == 2 || which == 3) {
		struct ops_clearance_register_args ra = {.person_id = person,
		                                         .form = DEGREE_CONFIDENTIAL,
		                                         .treaty_ref = "Treaty 1"};
		struct clearance_rec cr;

		rc = which == 2 ? ops_clearance_terminate(&ctx, active, CLEARANCE_END_TRANSFER, &cr, e)
		                : ops_clearance_register(&ctx, &ra, &cr, e);
		clearance_rec_free(&cr);
		return rc;
	}
	if (which == 0) {
		struct ops_clearance_decide_args da = {.clearance_id = reg, .grant = true,
		                                       .restriction_until = QDATE_NONE};
		struct clearance_rec cr;

		rc = ops_clearance_decide(&ctx, &da, &cr, e);
		clearance_rec_free(&cr);
	} else {
		struct ops_ground_args ga = {.person_id = person,
		                             .ground = CLEARANCE_GROUND_RESIDENCE_ABROAD,
		                             .noted_on = date_from_ymd(2026, 3, 1)};

		struct ground_rec g;

		struct rec_ids flagged;

		rc = ops_ground_note(&ctx, &ga, &g, &flagged, e);
		if (rc == 0) {
			ground_rec_free(&g);
			rec_ids_free(&flagged);
		}
	}
	json_decref(doc);
	return rc;
}

struct run {
	int which;                    /* 0 decide, 1 a ground, 2 terminate, 3 register */
	char person[STORE_ID_MAX], active[STORE_ID_MAX], reg[STORE_ID_MAX];
	struct snap before, after;
};

static int
prepare(void *arg)
{
	struct run *r = arg;

	if (world(r->person, r->active, r->reg) != 0)
		return -1;
	return snap_take(r->person, r->active, r->reg, &r->before);
}

static int
run(void *arg, struct qerr *e)
{
	struct run *r = arg;

	return step(r->which, r->person, r->active, r->reg, e);
}

/* Whether the step's effect is there whole (ok) or not at all (!ok). */
static bool
whole(void *arg, bool ok)
{
	struct run *r = arg;
	const struct snap *b = &r->before, *a = &r->after;

	if (snap_take(r->person, r->active, r->reg, &r->after) != 0 ||
	    a->audit != b->audit + (ok ? 1 : 0))
		return false;
	if (r->which == 0)
		return ok ? strcmp(a->reg, "active") == 0 && strcmp(a->active, "terminated") == 0 &&
		            a->replaced == 1
		          : strcmp(a->reg, b->reg) == 0 && strcmp(a->active, b->active) == 0 &&
		            a->replaced == b->replaced;
	if (r->which == 2)
		return ok ? strcmp(a->active, "terminated") == 0 : strcmp(a->active, b->active) == 0;
	if (r->which == 3)
		return a->clearances == b->clearances + (ok ? 1 : 0);
	return a->grounds == b->grounds + (ok ? 1 : 0);
}

int
main(void)
{
	if (torture_ops_open("qupiya-ops-clr-torture", "user_head") != 0)
		return 1;
	if (torture_rec_add("org", NULL, json_pack("{s:s}", "kind", "organization"), org) != 0) {
		fprintf(stderr, "setup failed\n");
		return 1;
	}
	{
		static const struct torture_step decide = {"ops_clearance_decide", prepare, run,
		                                           whole};
		static const struct torture_step ground = {"ops_ground_note", prepare, run, whole};
		struct run r = {.which = 0};

		torture_loop(&decide, &r, torture_max());
		static const struct torture_step terminate = {"ops_clearance_terminate", prepare,
		                                              run, whole};
		static const struct torture_step regist = {"ops_clearance_register", prepare, run,
		                                           whole};

		r.which = 1;
		torture_loop(&ground, &r, torture_max());
		r.which = 2;
		torture_loop(&terminate, &r, torture_max());
		r.which = 3;
		torture_loop(&regist, &r, torture_max());
	}

	torture_ops_close();
	return tap_done();
}
