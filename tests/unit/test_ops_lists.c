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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops/classify.h"
#include "ops/lists.h"
#include "ops/requests.h"
#include "ops_world.h"
#include "tap.h"

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
	json_t *doc = NULL;
	int64_t n0 = audit_n(s);

	/* list: 403 another organization; 422 org_liquidated (recorded);
	 * allowed, answered with no items */
	la.org_id = "org_elsewhere";
	CHECK(ops_list_create(c, &la, &doc, &e) == -1 && e.status == QERR_FORBIDDEN);
	qerr_clear(&e);
	c->actor.cross_org = true;
	la.org_id = gone;
	CHECK(ops_list_create(c, &la, &doc, &e) == -1);
	CHECK_STR(e.code, "org_liquidated");
	CHECK(e.audited && audit_n(s) == n0 + 1);
	qerr_clear(&e);
	c->actor.cross_org = false;
	la.org_id = org;
	CHECK(ops_list_create(c, &la, &doc, &e) == 0);
	CHECK_STR(str(doc, "state"), "draft");
	CHECK(json_array_size(json_object_get(doc, "items")) == 0);
	q_strlcpy(list, str(doc, "id"), sizeof list);
	json_decref(doc);

	/* items: 400 a basis outside Art. 11-14; allowed; 409 the same code */
	ia.list_id = list;
	ia.basis_known = false;
	CHECK(ops_list_item_add(c, &ia, &doc, &e) == -1 && e.status == QERR_INPUT);
	CHECK_STR(e.field, "basis");
	qerr_clear(&e);
	ia.basis_known = true;
	CHECK(ops_list_item_add(c, &ia, &doc, &e) == 0);
	q_strlcpy(item, str(doc, "id"), sizeof item);
	json_decref(doc);
	CHECK(ops_list_item_add(c, &ia, &doc, &e) == -1 && e.status == QERR_CONFLICT);
	CHECK_STR(e.field, "code");
	qerr_clear(&e);
	/* approve: allowed, then 409; the review of a draft is refused */
	CHECK(ops_list_approve(c, list, &doc, &e) == 0);
	CHECK_STR(str(doc, "state"), "approved");
	CHECK(json_array_size(json_object_get(doc, "items")) == 1);
	json_decref(doc);
	CHECK(ops_list_approve(c, list, &doc, &e) == -1);
	CHECK(e.status == QERR_CONFLICT || e.status == QERR_RULE);
	qerr_clear(&e);
	/* an addition to an approved list without coordination: 422
	 * list_change_needs_coordination (Art. 22.3), recorded */
	ia.code = "2";
	n0 = audit_n(s);
	CHECK(ops_list_item_add(c, &ia, &doc, &e) == -1);
	CHECK_STR(e.code, "list_change_needs_coordination");
	CHECK(e.audited && audit_n(s) == n0 + 1);
	qerr_clear(&e);

	/* information: 422 not_a_classifier for an actor off the list */
	fa.list_item_id = item;
	CHECK(ops_info_classify(c, &fa, &doc, &e) == -1);
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
	CHECK(ops_info_classify(c, &fa, &doc, &e) == -1);
	CHECK_STR(e.field, "declassify_on");
	qerr_clear(&e);
	fa.declassify_on = date_from_ymd(2031, 3, 1);
	fa.topics = topics;
	fa.ntopics = 1;
	CHECK(ops_info_classify(c, &fa, &doc, &e) == -1);
	CHECK_STR(e.code, "not_classifiable_topic");
	CHECK(e.audited);
	qerr_clear(&e);
	fa.ntopics = 0;
	CHECK(ops_info_classify(c, &fa, &doc, &e) == 0);
	CHECK_STR(str(doc, "state"), "classified");
	CHECK_STR(str(doc, "disposing_org_id"), org);
	q_strlcpy(info, str(doc, "id"), sizeof info);
	json_decref(doc);

	/* the change of the item: 400 the same degree; 422 without
	 * coordination; allowed, the information flagged for review */
	ca.item_id = item;
	ca.degree = DEGREE_TOP_SECRET;
	ca.coordination.authorized_body_ref = "AB-1";
	ca.coordination.nsc_ref = "NSC-1";
	CHECK(ops_list_item_change(c, &ca, &doc, &e) == -1 && e.status == QERR_INPUT);
	qerr_clear(&e);
	ca.degree = DEGREE_CONFIDENTIAL;
	ca.coordination.nsc_ref = NULL;
	CHECK(ops_list_item_change(c, &ca, &doc, &e) == -1);
	CHECK_STR(e.code, "list_change_needs_coordination");
	qerr_clear(&e);
	ca.coordination.nsc_ref = "NSC-1";
	n0 = audit_n(s);
	CHECK(ops_list_item_change(c, &ca, &doc, &e) == 0);
	CHECK(json_array_size(json_object_get(json_object_get(doc, "affected"),
	                                      "information")) == 1);
	CHECK_STR(str(json_object_get(doc, "item"), "degree"), "confidential");
	json_decref(doc);
	CHECK(audit_n(s) == n0 + 1);
	{
		struct store_tx *tx;
		struct store_rec r = {0};

		CHECK(store_begin(s, false, &tx, &e) == 0);
		CHECK(store_rec_get(tx, "information", info, &r, &e) == 0);
		CHECK(json_is_true(json_object_get(r.doc, "review_required")));
		CHECK_STR(str(r.doc, "review_reason"), "list_changed");
		store_rollback(tx);
		store_rec_clear(&r);
	}

	/* the preliminary classification (Art. 20.2): a decision before the
	 * proposal is refused; proposal, then added to the list */
	fa.list_item_id = NULL;
	fa.preliminary = true;
	fa.degree = DEGREE_CONFIDENTIAL;
	CHECK(ops_info_classify(c, &fa, &doc, &e) == 0);
	CHECK_STR(str(doc, "state"), "preliminary");
	q_strlcpy(pre, str(doc, "id"), sizeof pre);
	json_decref(doc);
	da.info_id = pre;
	da.list_item_id = item;
	CHECK(ops_info_preliminary_decision(c, &da, &doc, &e) == -1);
	CHECK(e.status == QERR_CONFLICT || e.status == QERR_RULE);
	qerr_clear(&e);
	CHECK(ops_info_proposal(c, pre, &doc, &e) == 0);
	CHECK_STR(str(doc, "proposal_on"), "2026-03-02");
	json_decref(doc);
	CHECK(ops_info_preliminary_decision(c, &da, &doc, &e) == 0);
	CHECK_STR(str(doc, "state"), "classified");
	CHECK_STR(str(doc, "list_item_id"), item);
	json_decref(doc);
	/* remove_label cites no item: 400 */
	da.add = false;
	CHECK(ops_info_preliminary_decision(c, &da, &doc, &e) == -1 && e.status == QERR_INPUT);
	qerr_clear(&e);
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

	if (ops_world_open("opslists", &keys, &s) != 0)
		return 1;
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
