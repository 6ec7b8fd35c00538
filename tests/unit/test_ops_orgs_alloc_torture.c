/*
 * test_ops_orgs_alloc_torture.c — the allocation-failure loop (issue 11,
 * deliverable 4; the manner of test_ops_alloc_torture.c) over the
 * procedures of organizations, inventories and declassification requests
 * in their typed tables, called without HTTP: an organization registered
 * (ops_org_register), an inventory opened, a copy marked and the
 * inventory closed (ops_inventory_open/mark/close: the carrier a struct
 * now, its parse no longer left unfailed), a request registered, answered
 * and forwarded (ops_request_register/answer/forward: the receiver's
 * request too).
 *
 * For N = 1, 2, ... the Nth allocation of the step fails; every allocator
 * of the process is hooked. Each run must end either in success with the
 * step whole (the row there or changed, one audit entry) or in a clean
 * error (500, 503) with nothing stored; after every run audit_verify must
 * pass. The loop ends at the first N the step no longer reaches.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops/inventories.h"
#include "ops/orgs.h"
#include "ops/requests.h"
#include "store/tables_inventory.h"
#include "store/tables_requests.h"
#include "tap.h"
#include "torture_ops.h"

static char org[STORE_ID_MAX], body[STORE_ID_MAX], car[STORE_ID_MAX];

enum which { ORG_REGISTER, INV_OPEN, INV_MARK, INV_CLOSE, REQ_REGISTER, REQ_ANSWER,
             REQ_FORWARD, NWHICH };

struct run {
	enum which which;
	char id[STORE_ID_MAX];                /* the inventory or request acted on */
	int64_t rows, audit;                  /* before the step */
	int state;                            /* the inventory's or request's before */
};

/* The rows of the table the step adds to, the audit size, and the state
 * of r->id (-1 when none). */
static int
snap(const struct run *r, int64_t *rows, int64_t *audit, int *state)
{
	const struct store_table *t = r->which == ORG_REGISTER ? &store_org_table
	                            : r->which == INV_MARK ? &store_inventory_mark_table
	                            : r->which <= INV_CLOSE ? &store_inventory_table
	                                                    : &store_request_table;
	struct store_tx *tx;
	struct qerr e = {0};
	int rc = -1;

	*state = -1;
	if (store_begin(ctx.store, false, &tx, &e) != 0)
		return -1;
	if ((*rows = store_row_count(tx, t, NULL, 0, &e)) < 0 ||
	    store_audit_size(tx, audit, &e) != 0)
		goto done;
	if (r->which == INV_CLOSE) {
		struct inventory_rec inv;

		if (ops_inventory_load(tx, r->id, &inv, &e) != 0)
			goto done;
		*state = inv.state;
		inventory_rec_free(&inv);
	} else if (r->which == REQ_ANSWER || r->which == REQ_FORWARD) {
		struct request_rec q;

		if (store_row_get(tx, &store_request_table, r->id, &q, &e) != 0)
			goto done;
		*state = q.state;
		request_rec_free(&q);
	}
	rc = 0;
done:
	store_rollback(tx);
	return rc;
}

static int
prepare(void *arg)
{
	struct run *r = arg;
	struct qerr e = {0};

	if (r->which == INV_MARK || r->which == INV_CLOSE) {
		struct inventory_rec inv;

		if (ops_inventory_open(&ctx, org, &inv, &e) != 0)
			return -1;
		q_strlcpy(r->id, inv.h.id, sizeof r->id);
		inventory_rec_free(&inv);
	} else if (r->which == REQ_ANSWER || r->which == REQ_FORWARD) {
		struct ops_request_args a = {.org_id = org, .requester = "A citizen",
		                             .subject = "plans", .received_on = ctx.today};
		struct request_rec q;

		if (ops_request_register(&ctx, &a, &q, &e) != 0)
			return -1;
		q_strlcpy(r->id, q.h.id, sizeof r->id);
		request_rec_free(&q);
	}
	return snap(r, &r->rows, &r->audit, &r->state);
}

static int
run(void *arg, struct qerr *e)
{
	struct run *r = arg;
	struct inventory_rec inv;
	struct request_rec q;
	int rc = -1;

	switch (r->which) {
	case ORG_REGISTER: {
		struct ops_org_args a = {.name = "A state", .kind = ORG_FOREIGN_STATE,
		                         .parent_id = org, .city = "Geneva", .state_share = NAN};
		struct org_rec o;

		if ((rc = ops_org_register(&ctx, &a, &o, e)) == 0)
			org_rec_free(&o);
		break;
	}
	case INV_OPEN:
		if ((rc = ops_inventory_open(&ctx, org, &inv, e)) == 0)
			inventory_rec_free(&inv);
		break;
	case INV_MARK: {
		struct ops_inventory_mark_args a = {.inventory_id = r->id, .carrier_id = car,
		                                    .copy_number = 1, .found = true};
		struct inventory_mark_rec m;
		bool created;

		rc = ops_inventory_mark(&ctx, &a, &m, &created, e);
		break;
	}
	case INV_CLOSE:
		if ((rc = ops_inventory_close(&ctx, r->id, &inv, e)) == 0)
			inventory_rec_free(&inv);
		break;
	case REQ_REGISTER: {
		struct ops_request_args a = {.org_id = org, .requester = "A citizen",
		                             .subject = "plans", .received_on = ctx.today};

		if ((rc = ops_request_register(&ctx, &a, &q, e)) == 0)
			request_rec_free(&q);
		break;
	}
	case REQ_ANSWER: {
		struct ops_request_answer_args a = {.request_id = r->id, .declassified = true,
		                                    .reasons = "obsolete"};

		if ((rc = ops_request_answer(&ctx, &a, &q, e)) == 0)
			request_rec_free(&q);
		break;
	}
	default: {
		struct ops_request_forward_args a = {.request_id = r->id, .to_org_id = body,
		                                     .notice_sent_on = ctx.today};

		if ((rc = ops_request_forward(&ctx, &a, &q, e)) == 0)
			request_rec_free(&q);
		break;
	}
	}
	return rc;
}

static bool
whole(void *arg, bool ok)
{
	struct run *r = arg;
	int64_t rows, audit;
	int state;

	if (snap(r, &rows, &audit, &state) != 0 || audit != r->audit + (ok ? 1 : 0))
		return false;
	switch (r->which) {
	case INV_CLOSE:
		return rows == r->rows && state == (ok ? INVENTORY_CLOSED : r->state);
	case REQ_ANSWER:
		return rows == r->rows && state == (ok ? REQUEST_ST_ANSWERED : r->state);
	case REQ_FORWARD:
		return rows == r->rows + (ok ? 1 : 0) &&
		       state == (ok ? REQUEST_ST_FORWARDED : r->state);
	default:
		return rows == r->rows + (ok ? 1 : 0);
	}
}

/* The carrier marked: registered at org, one copy at home (unarmed). */
static int
carrier_add(void)
{
	struct store_tx *tx;
	struct store_rec r = {0};
	int rc = -1;

	q_strlcpy(r.kind, "carrier", sizeof r.kind);
	store_id_new("carrier", r.id);
	q_strlcpy(r.org_id, org, sizeof r.org_id);
	q_strlcpy(r.ref, "ACC-1", sizeof r.ref);
	q_strlcpy(r.state, "registered", sizeof r.state);
	r.doc = json_pack("{s:s, s:s, s:s, s:s, s:[{s:i, s:s, s:n, s:n, s:s}]}", "id", r.id,
	                  "org_id", org, "state", "registered", "label", "confidential", "copies",
	                  "number", 1, "holder_org_id", org, "holder_person_id", "holder", "state",
	                  "in_registry");
	if (r.doc != NULL && store_begin(ctx.store, true, &tx, NULL) == 0) {
		if (store_rec_insert(tx, &r, NULL) == 0)
			rc = store_commit(tx, NULL);
		else
			store_rollback(tx);
	}
	q_strlcpy(car, r.id, sizeof car);
	store_rec_clear(&r);
	return rc;
}

int
main(void)
{
	static const char *const names[NWHICH] = {
		"ops_org_register", "ops_inventory_open", "ops_inventory_mark",
		"ops_inventory_close", "ops_request_register", "ops_request_answer",
		"ops_request_forward",
	};

	if (torture_ops_open("qupiya-ops-orgs-torture", "user_so") != 0)
		return 1;
	if (torture_rec_add("org", NULL, json_pack("{s:s}", "kind", "state_body"), org) != 0 ||
	    torture_rec_add("org", NULL, json_pack("{s:s, s:s}", "kind", "state_body", "bin",
	                                           "000009100006"), body) != 0 ||
	    carrier_add() != 0) {
		fprintf(stderr, "setup failed\n");
		return 1;
	}
	ctx.actor.cross_org = true;
	for (int i = 0; i < NWHICH; i++) {
		struct torture_step step = {names[i], prepare, run, whole};
		struct run r = {.which = (enum which)i};

		torture_loop(&step, &r, torture_max());
	}
	torture_ops_close();
	return tap_done();
}
