/*
 * test_ops_lists_alloc_torture.c — the allocation-failure loop (issue 11,
 * deliverable 4; the manner of test_ops_alloc_torture.c) over a list-item
 * change (ops_list_item_change: the item and its approved list written,
 * the information classified on it flagged for review by the cascade, the
 * audit entry), called without HTTP.
 *
 * For N = 1, 2, ... the Nth allocation of the step fails; every allocator
 * of the process is hooked (jansson, SQLite, qupiya's own through the
 * linker's --wrap). Each run must end either in success with the step
 * whole (the item's new degree, the list's version bumped, the information
 * flagged, one audit entry) or in a clean error (500, 503) with nothing
 * stored; after every run audit_verify must pass. The loop ends at the
 * first N the step no longer reaches.
 *
 * The same loop runs over an information item's declassification
 * (ops_declassify_information: the item written as a typed row with its
 * declassification, the audit entry) and over the extension of its term
 * (ops_declassify_information_extend: a new extension child row).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/roles.h"
#include "ops/classify.h"
#include "ops/declassify.h"
#include "ops/items.h"
#include "ops/lists.h"
#include "tap.h"
#define TORTURE_UNFAILED_PARSE   /* records parsed from JSON (torture.h) */
#include "torture_ops.h"

static char org[STORE_ID_MAX], list[STORE_ID_MAX];
static const struct ops_coordination coord = {"AB-1", "NSC-1"};

/* The body and its classifier (the actor). */
static int
world(void)
{
	char person[STORE_ID_MAX];
	struct ops_classifier_args ka = {.org_id = org};
	struct classifier_rec k;
	struct qerr e = {0};

	if (torture_rec_add("org", NULL, json_pack("{s:s}", "kind", "state_body"), org) != 0 ||
	    torture_rec_add("person", org, json_pack("{s:s, s:s}", "full_name", "A", "position", "B"),
	            person) != 0)
		return -1;
	q_strlcpy(ctx.actor.person_id, person, sizeof ctx.actor.person_id);
	ka.person_id = person;
	if (ops_classifier_register(&ctx, &ka, &k, &e) != 0)
		return -1;
	classifier_rec_free(&k);
	return 0;
}

/* A new approved list with one item and one information item on it (a
 * list per run, so that the step is the same size every run). */
static int
item_with_info(char item[STORE_ID_MAX], char info[STORE_ID_MAX])
{
	struct ops_list_args la = {.org_id = org, .title = "List"};
	struct ops_list_item_args ia = {.list_id = list, .code = "1", .text = "T",
	                                .degree = DEGREE_TOP_SECRET, .basis = "11.1",
	                                .basis_known = true, .coordination = coord};
	struct ops_info_args fa = {.title = "I", .org_id = org, .degree = DEGREE_TOP_SECRET,
	                           .classified_on = date_from_ymd(2026, 3, 2),
	                           .declassify_on = date_from_ymd(2031, 3, 2)};
	struct qerr e = {0};
	struct list_view lv;
	struct list_item_view iv;
	struct info_rec ir;

	if (ops_list_create(&ctx, &la, &lv, &e) != 0)
		return -1;
	q_strlcpy(list, lv.list.h.id, sizeof list);
	list_view_free(&lv);
	if (ops_list_item_add(&ctx, &ia, &iv, &e) != 0)
		return -1;
	q_strlcpy(item, iv.item.h.id, STORE_ID_MAX);
	list_item_view_free(&iv);
	if (ops_list_approve(&ctx, list, &lv, &e) != 0)
		return -1;
	list_view_free(&lv);
	fa.list_item_id = item;
	if (ops_info_classify(&ctx, &fa, &ir, &e) != 0)
		return -1;
	q_strlcpy(info, ir.h.id, STORE_ID_MAX);
	info_rec_free(&ir);
	return 0;
}

struct snap {
	char degree[32];
	json_int_t version;
	bool flagged;
	int64_t audit;
};

static int
snap_take(const char *item, const char *info, struct snap *s)
{
	struct store_tx *tx;
	struct store_rec r = {0};
	struct list_item_rec it = {0};
	struct list_rec l = {0};
	struct qerr e = {0};
	int rc = -1;

	if (store_begin(ctx.store, false, &tx, &e) != 0)
		return -1;
	if (ops_list_item_load(tx, item, &it, &l, NULL, &e) != 0)
		goto done;
	q_strlcpy(s->degree, degree_name((enum degree)it.degree), sizeof s->degree);
	s->version = l.list_version;
	list_item_rec_free(&it);
	list_rec_free(&l);
	if (store_rec_get(tx, "information", info, &r, &e) != 0)
		goto done;
	s->flagged = json_is_true(json_object_get(r.doc, "review_required"));
	if (store_audit_size(tx, &s->audit, &e) != 0)
		goto done;
	rc = 0;
done:
	if (rc != 0)
		fprintf(stderr, "snapshot: %s\n", e.detail);
	store_rec_clear(&r);
	store_rollback(tx);
	return rc;
}

struct run {
	char item[STORE_ID_MAX], info[STORE_ID_MAX];
	struct snap before, after;
};

static int
prepare(void *arg)
{
	struct run *r = arg;

	if (item_with_info(r->item, r->info) != 0)
		return -1;
	return snap_take(r->item, r->info, &r->before);
}

static int
run(void *arg, struct qerr *e)
{
	struct run *r = arg;
	struct ops_list_item_change_args ca = {.item_id = r->item, .degree = DEGREE_CONFIDENTIAL,
	                                       .coordination = coord};
	struct list_item_view v;
	int rc = ops_list_item_change(&ctx, &ca, &v, e);

	if (rc == 0)
		list_item_view_free(&v);
	return rc;
}

/* The item's new degree, the list's version bumped, the information
 * flagged, one audit entry — or nothing of it. */
static bool
whole(void *arg, bool ok)
{
	struct run *r = arg;
	const struct snap *b = &r->before, *a = &r->after;

	if (snap_take(r->item, r->info, &r->after) != 0)
		return false;
	if (ok)
		return strcmp(a->degree, "confidential") == 0 && a->version == b->version + 1 &&
		       a->flagged && a->audit == b->audit + 1;
	return strcmp(a->degree, b->degree) == 0 && a->version == b->version && !a->flagged &&
	       a->audit == b->audit;
}

/* ---- an item's declassification and extension -------------------------- */

struct info_snap {
	int state;
	qdate declassify_on;
	size_t nextensions;
	int64_t audit;
};

static int
info_snap(const char *info, struct info_snap *s)
{
	struct store_tx *tx;
	struct info_rec r;
	struct qerr e = {0};
	int rc = -1;

	if (store_begin(ctx.store, false, &tx, &e) != 0)
		return -1;
	if (ops_info_load(tx, info, &r, NULL, &e) == 0) {
		s->state = r.state;
		s->declassify_on = r.declassify_on;
		s->nextensions = r.nextensions;
		info_rec_free(&r);
		rc = store_audit_size(tx, &s->audit, &e);
	}
	store_rollback(tx);
	return rc;
}

struct info_run {
	bool extend;
	char item[STORE_ID_MAX], info[STORE_ID_MAX];
	struct info_snap before, after;
};

static int
info_prepare(void *arg)
{
	struct info_run *r = arg;

	if (item_with_info(r->item, r->info) != 0)
		return -1;
	return info_snap(r->info, &r->before);
}

static int
info_run(void *arg, struct qerr *e)
{
	struct info_run *r = arg;
	struct ops_declassify_result res;
	struct ops_declassify_args da = {.id = r->info, .ground = "circumstances_changed"};
	struct ops_extend_args xa = {.id = r->info, .declassify_on = date_from_ymd(2036, 3, 2)};
	struct ops_ctx head = ctx;   /* the head of the disposing body (Art. 23.1) */
	int rc;

	head.actor.roles = head.actor.acting_roles = ROLE_HEAD;
	q_strlcpy(head.actor.org_id, org, sizeof head.actor.org_id);
	rc = r->extend ? ops_declassify_information_extend(&head, &xa, &res, e)
	               : ops_declassify_information(&head, &da, &res, e);

	if (rc == 0)
		ops_declassify_result_clear(&res);
	return rc;
}

static bool
info_whole(void *arg, bool ok)
{
	struct info_run *r = arg;
	const struct info_snap *b = &r->before, *a = &r->after;

	if (info_snap(r->info, &r->after) != 0)
		return false;
	if (!ok)
		return a->state == b->state && a->declassify_on == b->declassify_on &&
		       a->nextensions == b->nextensions && a->audit == b->audit;
	if (r->extend)
		return a->declassify_on == date_from_ymd(2036, 3, 2) && a->nextensions == 1 &&
		       a->audit == b->audit + 1;
	return a->state == INFO_ST_DECLASSIFIED && a->audit == b->audit + 1;
}

int
main(void)
{
	if (torture_ops_open("qupiya-ops-lists-torture", "user_head") != 0)
		return 1;
	if (world() != 0) {
		fprintf(stderr, "setup failed\n");
		return 1;
	}
	{
		static const struct torture_step t = {"ops_list_item_change", prepare, run, whole};
		struct run r;

		torture_loop(&t, &r, torture_max());
	}
	for (int x = 0; x < 2; x++) {
		static const struct torture_step t[2] = {
			{"ops_declassify_information", info_prepare, info_run, info_whole},
			{"ops_declassify_information_extend", info_prepare, info_run, info_whole},
		};
		struct info_run r = {.extend = x == 1};

		torture_loop(&t[x], &r, torture_max());
	}
	torture_ops_close();
	return tap_done();
}
