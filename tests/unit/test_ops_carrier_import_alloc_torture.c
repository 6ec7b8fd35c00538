/*
 * test_ops_carrier_import_alloc_torture.c — the carrier journal of an
 * import in bulk (ops/carrier_import.h; issue 15) called without HTTP:
 *
 *   1. the same carrier as the API: a row written by ops_carrier_bulk_row
 *      reads back (carrier_rec_doc) and journals exactly as one registered
 *      by ops_carriers_register with the same arguments, but for its id and
 *      account number; a refused row (label_mismatch, a duplicate account
 *      number, no permit for special_importance) is left to the API (1)
 *      and writes nothing;
 *   2. a failed batch stores nothing: for N = 1, 2, ... the Nth allocation
 *      (jansson, SQLite, qupiya's own) of a batch of three rows (batch
 *      begin, the rows, bulk end, batch commit) fails; every run either
 *      stores the three carriers with their copies, journal entries and
 *      audit entries, or fails cleanly (500, 503) with nothing stored; the
 *      audit log verifies after every run.
 *
 * Every allocation may fail, jansson's too: no stored record is parsed
 * from JSON on these paths (typed rows).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops/carrier_import.h"
#include "ops/carrier_store.h"
#include "ops/carriers.h"
#include "ops/orgs.h"
#include "tap.h"
#include "torture_ops.h"

static char org[STORE_ID_MAX], info[STORE_ID_MAX];
static const char *const info_ids[] = {info};

struct snap {
	int64_t carriers, movements, audit;
};

/* How many carriers, journal entries and audit entries are stored. */
static int
snap_take(struct snap *s)
{
	static const char *const kinds[] = {"carrier", "movement"};
	int64_t *counts[] = {&s->carriers, &s->movements};
	struct store_tx *tx;
	struct qerr e = {0};
	int rc;

	if (store_begin(ctx.store, false, &tx, &e) != 0)
		return -1;
	rc = store_audit_size(tx, &s->audit, &e);
	for (size_t i = 0; rc == 0 && i < 2; i++) {
		struct store_query q = {.kind = kinds[i]};

		rc = store_rec_count(tx, &q, counts[i], &e);
	}
	store_rollback(tx);
	return rc;
}

static void
bulk_init(struct ops_carrier_bulk *b)
{
	memset(b, 0, sizeof *b);
	b->c = ctx;
	q_strlcpy(b->c.address, "import", sizeof b->c.address);
}

static struct carrier_row
row(const char *acct, enum degree label)
{
	return (struct carrier_row){.account_number = acct, .kind = "paper", .title = "Report",
	                            .label = label, .copies = 3, .sheets = 10,
	                            .declassify_on = QDATE_NONE,
	                            .registered_on = date_from_ymd(2026, 3, 1)};
}

/* The carrier id as the API shows it, without the members that differ by
 * design (id, account_number), and its journal without ids. */
static json_t *
shown(const char *id)
{
	struct store_tx *tx;
	struct carrier_rec c = {0};
	struct qerr e = {0};
	struct movement_rec *v = NULL;
	size_t n = 0;
	json_t *doc = NULL, *mov = NULL, *m;

	if (store_begin(ctx.store, false, &tx, &e) != 0)
		return NULL;
	if (store_carrier_get(tx, id, &c, &e) == 0 && (doc = carrier_rec_doc(&c, &e)) != NULL &&
	    ops_carriers_journal(tx, id, &v, &n, &e) == 0 && (mov = json_array()) != NULL) {
		json_object_del(doc, "id");
		json_object_del(doc, "account_number");
		for (size_t i = 0; i < n; i++) {
			m = movement_rec_doc(&v[i], &e);
			json_object_del(m, "id");
			json_object_del(m, "carrier_id");
			json_array_append_new(mov, m);
		}
		json_object_set_new(doc, "movements", mov);
	}
	ops_carriers_journal_free(v, n);
	carrier_rec_clear(&c);
	store_rollback(tx);
	return doc;
}

/* 1. the same carrier as the API; refusals left to the API */
static void
same_as_api(void)
{
	struct ops_carrier_register_args a = {
		.org_id = org, .account_number = "API-1", .kind = "paper", .title = "Report",
		.label = DEGREE_TOP_SECRET, .information_ids = info_ids, .n_info = 1, .copies = 3,
		.sheets = 10, .declassify_on = QDATE_NONE};
	struct ops_carrier_result res = {0};
	struct ops_carrier_bulk b;
	struct carrier_row r = row("BULK-1", DEGREE_TOP_SECRET);
	struct snap s1;
	struct qerr e = {0};
	char id[STORE_ID_MAX] = "", none[STORE_ID_MAX] = "";
	json_t *api, *bulk;
	char *ta, *tb;

	ctx.effective_date = r.registered_on;
	CHECK(ops_carriers_register(&ctx, &a, &res, &e) == 0);
	ctx.effective_date = ctx.today;
	bulk_init(&b);
	CHECK(store_batch_begin(ctx.store, "import", &e) == 0);
	CHECK(ops_carrier_bulk_row(&b, &r, info_ids, 1, id, &e) == 0);
	/* refused: the API decides them, nothing written here */
	r = row("BULK-2", DEGREE_CONFIDENTIAL);   /* label_mismatch */
	CHECK(ops_carrier_bulk_row(&b, &r, info_ids, 1, none, &e) == 1);
	r = row("BULK-1", DEGREE_TOP_SECRET);     /* duplicate */
	CHECK(ops_carrier_bulk_row(&b, &r, info_ids, 1, none, &e) == 1);
	r = row("API-1", DEGREE_TOP_SECRET);      /* duplicate of the API's */
	CHECK(ops_carrier_bulk_row(&b, &r, info_ids, 1, none, &e) == 1);
	CHECK(none[0] == '\0' && b.stored == 1);
	CHECK(ops_carrier_bulk_end(&b, true, &e) == 0);
	CHECK(store_batch_end(ctx.store, true, &e) == 0);
	CHECK(snap_take(&s1) == 0);
	CHECK(s1.carriers == 2 && s1.movements == 2);
	api = shown(res.car.h.id);
	bulk = shown(id);
	CHECK(api != NULL && bulk != NULL);
	ta = json_dumps(api, JSON_SORT_KEYS);
	tb = json_dumps(bulk, JSON_SORT_KEYS);
	CHECK(ta != NULL && tb != NULL);
	if (ta != NULL && tb != NULL && strcmp(ta, tb) != 0)
		fprintf(stderr, "api:  %s\nbulk: %s\n", ta, tb);
	CHECK(ta != NULL && tb != NULL && strcmp(ta, tb) == 0);
	free(ta);
	free(tb);
	json_decref(api);
	json_decref(bulk);
	ops_carrier_result_clear(&res);
	CHECK(audit_ok());
}

/* 2. a failed batch stores nothing */
struct batch_arg {
	long n;
	struct snap before;
};

static int
batch_prepare(void *arg)
{
	struct batch_arg *a = arg;

	a->n++;
	return snap_take(&a->before);
}

static int
batch_run(void *arg, struct qerr *e)
{
	struct batch_arg *a = arg;
	struct ops_carrier_bulk b;
	struct qerr be = {0};
	char acct[3][32], id[STORE_ID_MAX];
	int rc;

	bulk_init(&b);
	if (store_batch_begin(ctx.store, "import", e) != 0)
		return -1;
	for (int i = 0; i < 3; i++) {
		struct carrier_row r;

		snprintf(acct[i], sizeof acct[i], "T-%ld-%d", a->n, i);
		r = row(acct[i], DEGREE_TOP_SECRET);
		rc = ops_carrier_bulk_row(&b, &r, info_ids, 1, id, e);
		if (rc != 0) {
			if (rc == 1)   /* never refused here: say so as a failure */
				qerr_set(e, QERR_CONFLICT, "refused", NULL, NULL);
			(void)ops_carrier_bulk_end(&b, false, &be);
			(void)store_batch_end(ctx.store, false, &be);
			return -1;
		}
	}
	if (ops_carrier_bulk_end(&b, true, e) != 0) {
		(void)store_batch_end(ctx.store, false, &be);
		return -1;
	}
	return store_batch_end(ctx.store, true, e);
}

static bool
batch_whole(void *arg, bool ok)
{
	struct batch_arg *a = arg;
	struct snap after;
	int64_t d = ok ? 3 : 0;

	if (snap_take(&after) != 0)
		return false;
	return after.carriers == a->before.carriers + d &&
	       after.movements == a->before.movements + d && after.audit == a->before.audit + d;
}

int
main(void)
{
	struct qerr e = {0};
	struct batch_arg arg = {0};
	struct torture_step t = {"carrier bulk batch", batch_prepare, batch_run, batch_whole};

	if (torture_ops_open("qupiya-carrier-import-torture", "user_so") != 0)
		return 1;
	CHECK(torture_rec_add("org", NULL, json_pack("{s:s}", "name", "Body"), org) == 0);
	q_strlcpy(ctx.actor.org_id, org, sizeof ctx.actor.org_id);
	{   /* the item, classified top_secret until 2040 */
		struct store_rec r = {.kind = "information", .state = "classified"};
		struct store_tx *tx;

		store_id_new("information", info);
		q_strlcpy(r.id, info, sizeof r.id);
		q_strlcpy(r.org_id, org, sizeof r.org_id);
		r.doc = json_pack("{s:s, s:s, s:s}", "id", info, "degree", "top_secret",
		                  "declassify_on", "2040-01-01");
		CHECK(r.doc != NULL && store_begin(ctx.store, true, &tx, &e) == 0 &&
		      store_rec_insert(tx, &r, &e) == 0 && store_commit(tx, &e) == 0);
		store_rec_clear(&r);
	}
	{
		struct ops_permit_issue_args pa = {.org_id = org, .degree = DEGREE_TOP_SECRET,
		                                   .number = "P-1",
		                                   .issued_on = date_from_ymd(2025, 1, 1),
		                                   .valid_until = date_from_ymd(2030, 1, 1)};
		struct permit_rec p;

		CHECK(ops_permit_issue(&ctx, &pa, &p, &e) == 0);
		permit_rec_free(&p);
	}
	same_as_api();
	torture_loop(&t, &arg, 20000);
	torture_ops_close();
	return tap_done();
}
