/*
 * test_ops_persons_alloc_torture.c — the allocation-failure loop (issue
 * 11, deliverable 4; the manner of test_ops_alloc_torture.c) over the
 * procedures of persons and grounds in their typed tables
 * (src/ops/persons.c), called without HTTP: a person registered
 * (ops_person_register: the organization read, the IIN looked up, the row
 * inserted, the audit entry), a ground lifted (ops_ground_lift) and an
 * employment change (ops_person_employment: the person's row updated, its
 * clearances ended). ops_ground_note is looped in
 * test_ops_clearance_alloc_torture.c.
 *
 * For N = 1, 2, ... the Nth allocation of the step fails; every allocator
 * of the process is hooked. Each run must end either in success with the
 * step whole (the row there or changed, one audit entry) or in a clean
 * error (500, 503) with nothing stored; after every run audit_verify must
 * pass. The loop ends at the first N the step no longer reaches.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ground.h"
#include "core/ident.h"
#include "ops/persons.h"
#include "tap.h"
#define TORTURE_UNFAILED_PARSE   /* the organization is a record parsed from JSON */
#include "torture_ops.h"

static char org[STORE_ID_MAX];

enum which { REGISTER, LIFT, EMPLOYMENT };

struct run {
	enum which which;
	int iin;                              /* the next IIN's serial */
	char person[STORE_ID_MAX], ground[STORE_ID_MAX];
	int64_t persons, audit;               /* before the step */
	int state;                            /* the ground's or the employment before */
};

/* The number of persons, the audit size, and the state of r's ground or
 * person (-1 when absent). */
static int
snap(const struct run *r, int64_t *persons, int64_t *audit, int *state)
{
	struct store_tx *tx;
	struct qerr e = {0};
	int rc = -1;

	*state = -1;
	if (store_begin(ctx.store, false, &tx, &e) != 0)
		return -1;
	if ((*persons = store_row_count(tx, &store_person_table, NULL, 0, &e)) < 0 ||
	    store_audit_size(tx, audit, &e) != 0)
		goto done;
	if (r->which == LIFT) {
		struct ground_rec g;

		if (ops_ground_load(tx, r->ground, &g, &e) != 0)
			goto done;
		*state = g.state;
		ground_rec_free(&g);
	} else if (r->which == EMPLOYMENT) {
		struct person_rec p;

		if (ops_person_load(tx, r->person, &p, NULL, &e) != 0)
			goto done;
		*state = p.employment;
		person_rec_free(&p);
	}
	rc = 0;
done:
	store_rollback(tx);
	return rc;
}

/* A KZ IIN with a valid check digit from serial n on (core/ident.h). */
static void
iin_make(int n, char out[16])
{
	int c;

	do {
		snprintf(out, 16, "8001014%04d0", (n++ % 10000 + 10000) % 10000);
	} while ((c = ident_control_digit(out)) < 0);
	out[11] = (char)('0' + c);
}

static int
prepare(void *arg)
{
	struct run *r = arg;
	struct ops_person_args pa = {.passport = "P1", .full_name = "A. B.",
	                             .citizenship = "foreign", .org_id = org,
	                             .position = "engineer"};
	struct qerr e = {0};

	if (r->which != REGISTER) {
		struct person_rec p;

		if (ops_person_register(&ctx, &pa, &p, &e) != 0)
			return -1;
		q_strlcpy(r->person, p.h.id, sizeof r->person);
		person_rec_free(&p);
	}
	if (r->which == LIFT) {
		struct ops_ground_args ga = {.person_id = r->person,
		                             .ground = CLEARANCE_GROUND_RESIDENCE_ABROAD,
		                             .noted_on = date_from_ymd(2026, 3, 1)};
		struct ground_rec g;
		struct rec_ids ids = {0};

		if (ops_ground_note(&ctx, &ga, &g, &ids, &e) != 0)
			return -1;
		q_strlcpy(r->ground, g.h.id, sizeof r->ground);
		ground_rec_free(&g);
		rec_ids_free(&ids);
	}
	return snap(r, &r->persons, &r->audit, &r->state);
}

static int
run(void *arg, struct qerr *e)
{
	struct run *r = arg;
	int rc;

	if (r->which == REGISTER) {
		char iin[16];
		struct ops_person_args pa = {.iin = iin, .full_name = "C. D.", .citizenship = "KZ",
		                             .org_id = org, .position = "clerk"};
		struct person_rec p;

		iin_make(r->iin, iin);
		if ((rc = ops_person_register(&ctx, &pa, &p, e)) == 0) {
			person_rec_free(&p);
			r->iin++;
		}
	} else if (r->which == LIFT) {
		struct ground_rec g;

		if ((rc = ops_ground_lift(&ctx, r->ground, &g, e)) == 0)
			ground_rec_free(&g);
	} else {
		struct ops_employment_args ea = {.person_id = r->person,
		                                 .event = CLEARANCE_END_DISMISSAL,
		                                 .position = "none"};
		struct person_rec p;
		struct rec_ids ids = {0};

		if ((rc = ops_person_employment(&ctx, &ea, &p, &ids, e)) == 0) {
			person_rec_free(&p);
			rec_ids_free(&ids);
		}
	}
	return rc;
}

static bool
whole(void *arg, bool ok)
{
	struct run *r = arg;
	int64_t persons, audit;
	int state;

	if (snap(r, &persons, &audit, &state) != 0 || audit != r->audit + (ok ? 1 : 0))
		return false;
	switch (r->which) {
	case REGISTER:
		return persons == r->persons + (ok ? 1 : 0);
	case LIFT:
		return state == (ok ? GROUND_LIFTED : r->state);
	default:
		return state == (ok ? PERSON_DISMISSED : r->state);
	}
}

int
main(void)
{
	static const struct torture_step steps[] = {
		{"ops_person_register", prepare, run, whole},
		{"ops_ground_lift", prepare, run, whole},
		{"ops_person_employment", prepare, run, whole},
	};

	if (torture_ops_open("qupiya-ops-persons-torture", "user_so") != 0)
		return 1;
	if (torture_rec_add("org", NULL, json_pack("{s:s}", "kind", "organization"), org) != 0) {
		fprintf(stderr, "setup failed\n");
		return 1;
	}
	ctx.actor.cross_org = true;
	for (int i = 0; i < 3; i++) {
		struct run r = {.which = (enum which)i, .iin = 1};

		torture_loop(&steps[i], &r, torture_max());
	}
	torture_ops_close();
	return tap_done();
}
