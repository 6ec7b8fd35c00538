/*
 * test_ops_lists.c — the classification procedures of src/ops/lists.c and
 * the declassification requests of src/ops/requests.c called without
 * HTTP: for each main step the allowed case and the refused ones (403,
 * 400, 409, and the 422 rules recorded in the audit log by ops_refuse,
 * e.audited), the list-change cascade flagging the information classified
 * on the item, the preliminary classification's proposal and decision,
 * one audit entry per step and none for a failure that is no refusal.
 */
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops/classify.h"
#include "ops/lists.h"
#include "ops/reclassify.h"
#include "ops/requests.h"
#include "ops_world.h"
#include "store/tables_classify.h"
#include "tap.h"

/* A list and its items as the record-table builds stored them (every
 * field a document had: history of both shapes, a removed item with a
 * change that flagged objects, an item of the list as approved with no
 * coordination). Migration 0021_typed_lists, run again by name, moves
 * them; every field must come back. */
static const char old_list[] =
	"{\"approved_by\":\"user_h\",\"approved_on\":\"2024-03-15\",\"created_by\":\"user_c\","
	"\"created_on\":\"2024-03-01\",\"history\":[{\"action\":\"approved\",\"by\":\"user_h\","
	"\"effective_date\":\"2024-03-15\",\"next_review_on\":\"2029-03-15\",\"version\":1},"
	"{\"action\":\"removed\",\"by\":\"user_h\",\"change_id\":\"chg_00000000000000c1\","
	"\"effective_date\":\"2025-01-10\",\"item_id\":\"item_00000000000000b1\",\"version\":2}],"
	"\"id\":\"list_00000000000000a1\",\"next_review_on\":\"2029-03-15\","
	"\"org_id\":\"org_00000000000000f1\",\"reviewed_on\":\"2024-09-01\","
	"\"state\":\"approved\",\"title\":\"List of the ministry\",\"version\":2}";
static const char old_item1[] =
	"{\"added_by\":\"user_c\",\"added_on\":\"2024-03-20\",\"basis\":\"11.2\","
	"\"changes\":[{\"affected\":{\"carriers\":[\"carrier_1\",\"carrier_2\"],"
	"\"information\":[\"info_1\"]},\"by\":\"user_h\",\"coordination\":"
	"{\"authorized_body_ref\":\"AB-7\",\"nsc_ref\":\"NSC-7\"},"
	"\"effective_date\":\"2025-01-10\",\"from_degree\":\"top_secret\","
	"\"id\":\"chg_00000000000000c1\",\"kind\":\"removed\",\"list_version\":2}],"
	"\"code\":\"7.1\",\"coordination\":{\"authorized_body_ref\":\"AB-6\","
	"\"nsc_ref\":\"NSC-6\"},\"degree\":\"top_secret\",\"id\":\"item_00000000000000b1\","
	"\"list_id\":\"list_00000000000000a1\",\"list_version\":2,"
	"\"org_id\":\"org_00000000000000f1\",\"removed_on\":\"2025-01-10\","
	"\"state\":\"removed\",\"text\":\"Plans\"}";
static const char old_item2[] =
	"{\"added_by\":\"user_c\",\"added_on\":\"2024-03-02\",\"basis\":\"11.1\","
	"\"changes\":[],\"code\":\"1\",\"coordination\":null,\"degree\":\"confidential\","
	"\"id\":\"item_00000000000000b2\",\"list_id\":\"list_00000000000000a1\","
	"\"list_version\":1,\"org_id\":\"org_00000000000000f1\",\"state\":\"active\","
	"\"text\":\"Maps\"}";

static void
migration_moves_lists(const char *dbpath)
{
	struct store *s = NULL;
	struct store_tx *tx;
	struct qerr e = {0};
	struct list_view v;

	CHECK(store_open(dbpath, STORE_OPEN_CREATE, &s, &e) == 0);
	if (s == NULL)
		return;
	/* The migration's tables are their descriptions. */
	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(store_table_check(tx, &store_list_table, &e) == 0);
	CHECK(store_table_check(tx, &store_list_history_table, &e) == 0);
	CHECK(store_table_check(tx, &store_list_item_table, &e) == 0);
	CHECK(store_table_check(tx, &store_list_change_table, &e) == 0);
	CHECK(store_table_check(tx, &store_list_affected_table, &e) == 0);
	store_rollback(tx);
	store_close(s);
	s = NULL;
	{
		sqlite3 *db = NULL;
		char *sql = sqlite3_mprintf(
			"DELETE FROM schema_migration WHERE name = '0021_typed_lists';"
			"DROP TABLE list_item_affected; DROP TABLE list_item_change;"
			"DROP TABLE list_item; DROP TABLE list_history; DROP TABLE list;"
			"INSERT INTO record(seq, kind, id, org_id, parent_id, ref, state, doc) VALUES"
			" (901, 'list', 'list_00000000000000a1', 'org_00000000000000f1', '', '',"
			"  'approved', %Q),"
			" (902, 'list_item', 'item_00000000000000b2', 'org_00000000000000f1',"
			"  'list_00000000000000a1', 'list_00000000000000a1/1', 'active', %Q),"
			" (903, 'list_item', 'item_00000000000000b1', 'org_00000000000000f1',"
			"  'list_00000000000000a1', 'list_00000000000000a1/7.1', 'removed', %Q);",
			old_list, old_item2, old_item1);

		CHECK(sql != NULL);
		CHECK(sqlite3_open(dbpath, &db) == SQLITE_OK);
		CHECK(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK);
		sqlite3_free(sql);
		sqlite3_close(db);
	}
	CHECK(store_open(dbpath, 0, &s, &e) == 0);
	if (s == NULL)
		return;
	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(ops_list_get(tx, "list_00000000000000a1", true, &v, &e) == 0);
	store_rollback(tx);
	{
		const struct list_rec *l = &v.list;

		CHECK(l->h.seq == 901);
		CHECK_STR(l->org_id, "org_00000000000000f1");
		CHECK_STR(l->title, "List of the ministry");
		CHECK(l->state == LIST_ST_APPROVED && l->list_version == 2);
		CHECK(l->approved_on == date_from_ymd(2024, 3, 15));
		CHECK_STR(l->approved_by, "user_h");
		CHECK(l->next_review_on == date_from_ymd(2029, 3, 15));
		CHECK(l->reviewed_on == date_from_ymd(2024, 9, 1));
		CHECK(l->created_on == date_from_ymd(2024, 3, 1));
		CHECK_STR(l->created_by, "user_c");
	}
	CHECK(v.nhistory == 2 && v.nitems == 2);
	if (v.nhistory == 2) {
		CHECK_STR(v.history[0].action, "approved");
		CHECK(v.history[0].list_version == 1);
		CHECK(v.history[0].next_review_on == date_from_ymd(2029, 3, 15));
		CHECK_STR(v.history[0].item_id, "");
		CHECK_STR(v.history[1].action, "removed");
		CHECK(v.history[1].list_version == 2);
		CHECK_STR(v.history[1].item_id, "item_00000000000000b1");
		CHECK_STR(v.history[1].change_id, "chg_00000000000000c1");
		CHECK(v.history[1].effective_date == date_from_ymd(2025, 1, 10));
		CHECK_STR(v.history[1].by, "user_h");
		CHECK(v.history[0].h.seq < v.history[1].h.seq);
	}
	if (v.nitems == 2) {
		const struct list_item_rec *a = &v.items[0].item, *b = &v.items[1].item;
		const struct list_change_view *ch = v.items[1].changes;

		/* in seq order, each keeping its seq */
		CHECK(a->h.seq == 902 && b->h.seq == 903);
		CHECK_STR(a->code, "1");
		CHECK_STR(a->text, "Maps");
		CHECK(a->degree == DEGREE_CONFIDENTIAL && a->state == ITEM_ST_ACTIVE);
		CHECK(a->coord_authorized_body_ref == NULL && a->coord_nsc_ref == NULL);
		CHECK(a->list_version == 1 && a->removed_on == QDATE_NONE);
		CHECK(v.items[0].nchanges == 0);
		CHECK_STR(b->list_id, "list_00000000000000a1");
		CHECK_STR(b->code, "7.1");
		CHECK_STR(b->basis, "11.2");
		CHECK(b->degree == DEGREE_TOP_SECRET && b->state == ITEM_ST_REMOVED);
		CHECK_STR(b->coord_authorized_body_ref, "AB-6");
		CHECK_STR(b->coord_nsc_ref, "NSC-6");
		CHECK(b->added_on == date_from_ymd(2024, 3, 20));
		CHECK_STR(b->added_by, "user_c");
		CHECK(b->list_version == 2 && b->removed_on == date_from_ymd(2025, 1, 10));
		CHECK(v.items[1].nchanges == 1);
		if (v.items[1].nchanges == 1) {
			CHECK_STR(ch->c.h.id, "chg_00000000000000c1");
			CHECK(ch->c.kind == CHANGE_REMOVED);
			CHECK(ch->c.from_degree == DEGREE_TOP_SECRET && ch->c.to_degree == DEGREE_NONE);
			CHECK(ch->c.effective_date == date_from_ymd(2025, 1, 10));
			CHECK_STR(ch->c.by, "user_h");
			CHECK_STR(ch->c.coord_authorized_body_ref, "AB-7");
			CHECK_STR(ch->c.coord_nsc_ref, "NSC-7");
			CHECK(ch->c.list_version == 2);
			CHECK(ch->ninfo == 1 && ch->ncarriers == 2);
			if (ch->ninfo == 1 && ch->ncarriers == 2) {
				CHECK_STR(ch->info_ids[0], "info_1");
				CHECK_STR(ch->carrier_ids[0], "carrier_1");
				CHECK_STR(ch->carrier_ids[1], "carrier_2");
			}
		}
	}
	list_view_free(&v);
	/* the records are gone */
	{
		struct store_rec r = {0};

		CHECK(store_begin(s, false, &tx, &e) == 0);
		CHECK(store_rec_get(tx, "list", "list_00000000000000a1", &r, &e) == -1);
		CHECK(e.status == QERR_NOT_FOUND);
		store_rollback(tx);
		store_rec_clear(&r);
	}
	store_close(s);
}

static const char *
str(const json_t *doc, const char *k)
{
	const char *v = json_string_value(json_object_get(doc, k));

	return v ? v : "";
}

static void
lists(struct ops_ctx *c, struct store *s, const char *org, const char *gone)
{
	struct ops_list_args la = {.org_id = org, .title = "List of the ministry"};
	struct ops_list_item_args ia = {.code = "1", .text = "Plans", .degree = DEGREE_TOP_SECRET,
	                                .basis = "11.1", .basis_known = true};
	struct ops_list_item_change_args ca = {.degree = DEGREE_CONFIDENTIAL};
	const char *topics[1] = {"17.1.1"};
	struct ops_info_args fa = {.title = "Plan 7", .org_id = org, .degree = DEGREE_TOP_SECRET,
	                           .classified_on = date_from_ymd(2026, 3, 2),
	                           .declassify_on = date_from_ymd(2031, 3, 1)};
	struct ops_info_decision_args da = {.add = true};
	char list[STORE_ID_MAX], item[STORE_ID_MAX], info[STORE_ID_MAX], pre[STORE_ID_MAX];
	struct qerr e = {0};
	struct info_rec ir;
	struct list_view lv;
	struct list_item_view iv;
	int64_t n0 = audit_n(s);

	/* list: 403 another organization; 422 org_liquidated (recorded);
	 * allowed, answered with no items */
	la.org_id = "org_elsewhere";
	CHECK(ops_list_create(c, &la, &lv, &e) == -1 && e.status == QERR_FORBIDDEN);
	qerr_clear(&e);
	c->actor.cross_org = true;
	la.org_id = gone;
	CHECK(ops_list_create(c, &la, &lv, &e) == -1);
	CHECK_STR(e.code, "org_liquidated");
	CHECK(e.audited && audit_n(s) == n0 + 1);
	qerr_clear(&e);
	c->actor.cross_org = false;
	la.org_id = org;
	CHECK(ops_list_create(c, &la, &lv, &e) == 0);
	CHECK(lv.list.state == LIST_ST_DRAFT && lv.list.list_version == 1);
	CHECK(lv.with_items && lv.nitems == 0 && lv.nhistory == 0);
	q_strlcpy(list, lv.list.h.id, sizeof list);
	list_view_free(&lv);

	/* items: 400 a basis outside Art. 11-14; allowed; 409 the same code */
	ia.list_id = list;
	ia.basis_known = false;
	CHECK(ops_list_item_add(c, &ia, &iv, &e) == -1 && e.status == QERR_INPUT);
	CHECK_STR(e.field, "basis");
	qerr_clear(&e);
	ia.basis_known = true;
	CHECK(ops_list_item_add(c, &ia, &iv, &e) == 0);
	CHECK_STR(iv.item.code, "1");
	CHECK(iv.item.degree == DEGREE_TOP_SECRET && iv.item.state == ITEM_ST_ACTIVE);
	q_strlcpy(item, iv.item.h.id, sizeof item);
	list_item_view_free(&iv);
	CHECK(ops_list_item_add(c, &ia, &iv, &e) == -1 && e.status == QERR_CONFLICT);
	CHECK_STR(e.field, "code");
	qerr_clear(&e);
	/* the path's 404 before a bad body's 400 (ops_list_exists_scoped) */
	CHECK(ops_list_exists_scoped(c, false, list, &e) == 0);
	CHECK(ops_list_exists_scoped(c, true, item, &e) == 0);
	CHECK(ops_list_exists_scoped(c, false, item, &e) == -1 && e.status == QERR_NOT_FOUND);
	qerr_clear(&e);
	/* approve: allowed, then 409; the review of a draft is refused */
	n0 = audit_n(s);
	CHECK(ops_list_review(c, list, &lv, &e) == -1);
	CHECK(e.status == QERR_CONFLICT);
	CHECK_STR(e.code, "invalid_state");
	CHECK(audit_n(s) == n0);
	qerr_clear(&e);
	CHECK(ops_list_approve(c, list, &lv, &e) == 0);
	CHECK(lv.list.state == LIST_ST_APPROVED && lv.nitems == 1 && lv.nhistory == 1);
	CHECK_STR(lv.history[0].action, "approved");
	CHECK(lv.list.next_review_on != QDATE_NONE);
	list_view_free(&lv);
	CHECK(ops_list_approve(c, list, &lv, &e) == -1);
	CHECK(e.status == QERR_CONFLICT || e.status == QERR_RULE);
	qerr_clear(&e);
	/* an addition to an approved list without coordination: 422
	 * list_change_needs_coordination (Art. 22.3), recorded */
	ia.code = "2";
	n0 = audit_n(s);
	CHECK(ops_list_item_add(c, &ia, &iv, &e) == -1);
	CHECK_STR(e.code, "list_change_needs_coordination");
	CHECK(e.audited && audit_n(s) == n0 + 1);
	qerr_clear(&e);

	/* information: 422 not_a_classifier for an actor off the list */
	fa.list_item_id = item;
	CHECK(ops_info_classify(c, &fa, &ir, &e) == -1);
	CHECK_STR(e.code, "not_a_classifier");
	CHECK(e.audited);
	qerr_clear(&e);
	{
		struct ops_classifier_args ka = {.org_id = org, .person_id = c->actor.person_id};
		struct classifier_rec k;

		CHECK(ops_classifier_register(c, &ka, &k, &e) == 0);
		classifier_rec_free(&k);
	}
	/* 400 declassify_on not after classified_on; 422 an Art. 17.1 topic
	 * (recorded, Art. 17.2); allowed */
	fa.declassify_on = fa.classified_on;
	CHECK(ops_info_classify(c, &fa, &ir, &e) == -1);
	CHECK_STR(e.field, "declassify_on");
	qerr_clear(&e);
	fa.declassify_on = date_from_ymd(2031, 3, 1);
	fa.topics = topics;
	fa.ntopics = 1;
	CHECK(ops_info_classify(c, &fa, &ir, &e) == -1);
	CHECK_STR(e.code, "not_classifiable_topic");
	CHECK(e.audited);
	qerr_clear(&e);
	fa.ntopics = 0;
	CHECK(ops_info_classify(c, &fa, &ir, &e) == 0);
	CHECK(ir.state == INFO_ST_CLASSIFIED);
	CHECK_STR(ir.disposing_org_id, org);
	q_strlcpy(info, ir.h.id, sizeof info);
	info_rec_free(&ir);

	/* the change of the item: 400 the same degree; 422 without
	 * coordination; allowed, the information flagged for review */
	ca.item_id = item;
	ca.degree = DEGREE_TOP_SECRET;
	ca.coordination.authorized_body_ref = "AB-1";
	ca.coordination.nsc_ref = "NSC-1";
	CHECK(ops_list_item_change(c, &ca, &iv, &e) == -1 && e.status == QERR_INPUT);
	qerr_clear(&e);
	ca.degree = DEGREE_CONFIDENTIAL;
	ca.coordination.nsc_ref = NULL;
	CHECK(ops_list_item_change(c, &ca, &iv, &e) == -1);
	CHECK_STR(e.code, "list_change_needs_coordination");
	qerr_clear(&e);
	ca.coordination.nsc_ref = "NSC-1";
	n0 = audit_n(s);
	CHECK(ops_list_item_change(c, &ca, &iv, &e) == 0);
	CHECK(iv.nchanges == 1 && iv.changes[0].ninfo == 1 && iv.changes[0].ncarriers == 0);
	CHECK_STR(iv.changes[0].info_ids[0], info);
	CHECK(iv.item.degree == DEGREE_CONFIDENTIAL);
	CHECK(iv.changes[0].c.from_degree == DEGREE_TOP_SECRET &&
	      iv.changes[0].c.to_degree == DEGREE_CONFIDENTIAL);
	CHECK_STR(iv.changes[0].c.coord_nsc_ref, "NSC-1");
	CHECK(iv.changes[0].c.list_version == 2);
	list_item_view_free(&iv);
	{
		struct store_tx *tx;

		CHECK(store_begin(s, false, &tx, &e) == 0);
		CHECK(ops_list_get(tx, list, true, &lv, &e) == 0);
		CHECK(lv.list.list_version == 2 && lv.nhistory == 2 && lv.nitems == 1);
		CHECK_STR(lv.history[1].action, "degree_changed");
		CHECK_STR(lv.history[1].item_id, item);
		CHECK(lv.items[0].nchanges == 1);
		store_rollback(tx);
		list_view_free(&lv);
	}
	CHECK(audit_n(s) == n0 + 1);
	{
		struct store_tx *tx;
		struct store_rec r = {0};

		CHECK(store_begin(s, false, &tx, &e) == 0);
		CHECK(store_rec_get(tx, "information", info, &r, &e) == 0);
		CHECK(json_is_true(json_object_get(r.doc, "review_required")));
		CHECK_STR(str(r.doc, "review_reason"), "list_changed");
		CHECK(json_array_size(json_object_get(r.doc, "reviews")) == 1);
		store_rollback(tx);
		store_rec_clear(&r);
	}

	/* the decision on the flagged item (Art. 22.3, 23.1): 404, the
	 * body's 400 after it, a degree above the item's refused (recorded),
	 * then reclassified at the item's degree, out of the review */
	{
		struct qerr bad = {0};
		struct ops_info_reclassify_args ra = {.info_id = "info_none", .has_degree = true,
		                                      .degree = DEGREE_TOP_SECRET};
		struct ops_carrier_offers offers = {0};

		CHECK(ops_info_reclassify(c, &ra, &ir, &offers, &e) == -1);
		CHECK(e.status == QERR_NOT_FOUND);
		qerr_clear(&e);
		qerr_input(&bad, "invalid_value", "degree");
		ra.info_id = info;
		ra.input = &bad;
		CHECK(ops_info_reclassify(c, &ra, &ir, &offers, &e) == -1);
		CHECK_STR(e.field, "degree");
		qerr_clear(&e);
		ra.input = NULL;
		n0 = audit_n(s);
		CHECK(ops_info_reclassify(c, &ra, &ir, &offers, &e) == -1);
		CHECK(e.status == QERR_RULE && e.audited && audit_n(s) == n0 + 1);
		qerr_clear(&e);
		ra.degree = DEGREE_CONFIDENTIAL;
		CHECK(ops_info_reclassify(c, &ra, &ir, &offers, &e) == 0);
		CHECK(ir.degree == DEGREE_CONFIDENTIAL);
		CHECK_STR(ir.list_item_id, item);
		CHECK(ir.nreclasses == 1 && ir.reclasses[0].to_degree == DEGREE_CONFIDENTIAL);
		CHECK(!ir.review_required);
		CHECK(offers.n == 0);
		CHECK(audit_n(s) == n0 + 2);
		info_rec_free(&ir);
		ops_carrier_offers_free(&offers);
	}

	/* the preliminary classification (Art. 20.2): a decision before the
	 * proposal is refused; proposal, then added to the list */
	fa.list_item_id = NULL;
	fa.preliminary = true;
	fa.degree = DEGREE_CONFIDENTIAL;
	CHECK(ops_info_classify(c, &fa, &ir, &e) == 0);
	CHECK(ir.state == INFO_ST_PRELIMINARY && ir.list_item_id[0] == '\0');
	q_strlcpy(pre, ir.h.id, sizeof pre);
	info_rec_free(&ir);
	da.info_id = pre;
	da.list_item_id = item;
	CHECK(ops_info_preliminary_decision(c, &da, &ir, &e) == -1);
	CHECK(e.status == QERR_CONFLICT || e.status == QERR_RULE);
	qerr_clear(&e);
	CHECK(ops_info_proposal(c, pre, &ir, &e) == 0);
	CHECK(ir.proposal_on == date_from_ymd(2026, 3, 2));
	CHECK_STR(ir.proposal_by, c->actor.user_id);
	info_rec_free(&ir);
	CHECK(ops_info_preliminary_decision(c, &da, &ir, &e) == 0);
	CHECK(ir.state == INFO_ST_CLASSIFIED && ir.decision == INFO_DECISION_ADD);
	CHECK_STR(ir.list_item_id, item);
	info_rec_free(&ir);
	/* remove_label cites no item: 400 */
	da.add = false;
	CHECK(ops_info_preliminary_decision(c, &da, &ir, &e) == -1 && e.status == QERR_INPUT);
	qerr_clear(&e);

	/* the review of the approved list (Art. 22.2): dated, in its history,
	 * its next date set; one audit entry */
	n0 = audit_n(s);
	CHECK(ops_list_review(c, list, &lv, &e) == 0);
	CHECK(lv.list.reviewed_on == c->effective_date && lv.nhistory == 3);
	CHECK_STR(lv.history[2].action, "reviewed");
	CHECK(lv.list.next_review_on != QDATE_NONE);
	CHECK(audit_n(s) == n0 + 1);
	list_view_free(&lv);
}

static void
requests(struct ops_ctx *c, struct store *s, const char *org, const char *body)
{
	struct ops_request_args ra = {.org_id = org, .requester = "A citizen",
	                              .subject = "Plans of 1990",
	                              .received_on = date_from_ymd(2026, 3, 3)};
	struct ops_request_answer_args aa = {.declassified = true};
	struct ops_request_forward_args fa = {.notice_sent_on = date_from_ymd(2026, 3, 2)};
	char id[STORE_ID_MAX];
	struct qerr e = {0};
	struct request_rec doc = {0};
	int64_t n0;

	/* 400 received in the future; allowed, due in a month */
	CHECK(ops_request_register(c, &ra, &doc, &e) == -1);
	CHECK_STR(e.code, "date_in_future");
	qerr_clear(&e);
	ra.received_on = date_from_ymd(2026, 2, 2);
	CHECK(ops_request_register(c, &ra, &doc, &e) == 0);
	CHECK(doc.state == REQUEST_ST_OPEN);
	CHECK(doc.due_on == date_from_ymd(2026, 3, 2));
	q_strlcpy(id, doc.h.id, sizeof id);
	request_rec_free(&doc);
	/* answer: 422 request_overdue without reasons (recorded); allowed */
	aa.request_id = id;
	n0 = audit_n(s);
	CHECK(ops_request_answer(c, &aa, &doc, &e) == -1);
	CHECK_STR(e.code, "request_overdue");
	CHECK(e.audited && audit_n(s) == n0 + 1);
	qerr_clear(&e);
	aa.reasons = "No longer secret";
	CHECK(ops_request_answer(c, &aa, &doc, &e) == 0);
	CHECK(doc.state == REQUEST_ST_ANSWERED);
	request_rec_free(&doc);
	/* forward: 409 once answered; 400 to the same body; allowed to a
	 * state body, with the receiver's own request */
	fa.request_id = id;
	fa.to_org_id = body;
	CHECK(ops_request_forward(c, &fa, &doc, &e) == -1 && e.status == QERR_CONFLICT);
	qerr_clear(&e);
	CHECK(ops_request_register(c, &ra, &doc, &e) == 0);
	q_strlcpy(id, doc.h.id, sizeof id);
	request_rec_free(&doc);
	fa.to_org_id = org;
	CHECK(ops_request_forward(c, &fa, &doc, &e) == -1 && e.status == QERR_INPUT);
	qerr_clear(&e);
	fa.to_org_id = body;
	CHECK(ops_request_forward(c, &fa, &doc, &e) == 0);
	CHECK(doc.state == REQUEST_ST_FORWARDED);
	CHECK(doc.forward_request_id[0] != '\0');
	request_rec_free(&doc);
}

int
main(void)
{
	char org[STORE_ID_MAX], gone[STORE_ID_MAX], body[STORE_ID_MAX], person[STORE_ID_MAX];
	struct crypto_keys *keys;
	struct store *s = NULL;
	struct ops_ctx c;

	char dbpath2[300];

	if (ops_world_open("opslists", &keys, &s) != 0)
		return 1;
	snprintf(dbpath2, sizeof dbpath2, "%s/m.db", dir);
	migration_moves_lists(dbpath2);
	if (keys == NULL || s == NULL)
		return tap_done();
	ops_world_ctx(&c, s, keys);
	store_id_new("org", org);
	store_id_new("org", gone);
	store_id_new("org", body);
	store_id_new("person", person);
	ops_world_put(s, "org", org, "", "", "active", json_pack("{s:s}", "kind", "state_body"));
	ops_world_put(s, "org", gone, "", "", "liquidated",
	              json_pack("{s:s}", "kind", "organization"));
	ops_world_put(s, "org", body, "", "", "active", json_pack("{s:s}", "kind", "state_body"));
	ops_world_put(s, "person", person, org, "", "employed",
	              json_pack("{s:s, s:s}", "full_name", "Official", "position", "Director"));
	q_strlcpy(c.actor.user_id, "user_cls", sizeof c.actor.user_id);
	q_strlcpy(c.actor.org_id, org, sizeof c.actor.org_id);
	q_strlcpy(c.actor.person_id, person, sizeof c.actor.person_id);
	lists(&c, s, org, gone);
	requests(&c, s, org, body);
	ops_world_close(&c, s, keys);
	return tap_done();
}
