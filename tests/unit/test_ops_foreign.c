/*
 * test_ops_foreign.c — the steps of Art. 27 without HTTP
 * (src/ops/foreign.h): the proposal refused 403 for another proposer and
 * foreign_transfer_incomplete when not agreed with the disposing body,
 * then proposed; the contract refused before the Government's decision;
 * the expert opinion; the decision refused without its ref, then taken;
 * the contract; the transfer moving the carrier out of the system with
 * its "transferred_out" entry; each refusal recorded by the one refusal
 * path with nothing written; the audit log verifies.
 */
#include <stdio.h>
#include <string.h>

#include "audit/auditlog.h"
#include "ops/foreign.h"
#include "ops_world.h"
#include "transfer_world.h"
#include "tap.h"

int
main(void)
{
	struct crypto_keys *keys;
	struct store *s = NULL;
	struct store_rec ft = {0}, car = {0};
	struct qerr e = {0};
	struct ops_ctx c;
	const char *ids[] = {"car_1"}, *agreed[] = {"org_m"}, *wrong[] = {"org_b"};
	struct ops_foreign_propose_args pa = {.proposer_org_id = "org_a", .recipient_org_id = "org_f",
	                                 .carrier_ids = {ids, 1}, .justification = "a treaty",
	                                 .agreed_with = {wrong, 1}};
	struct ops_foreign_step_args sa = {0};
	char id[STORE_ID_MAX];
	int64_t n0;

	if (ops_world_open("ops-foreign", &keys, &s) != 0)
		return 1;
	if (keys == NULL || s == NULL)
		return tap_done();
	tw_world(s, &c, keys);
	tw_org(s, "org_f", "foreign_state");

	/* 403: another organization proposes for org_a. */
	tw_act(&c, "user_b", "org_b", false);
	n0 = audit_n(s);
	CHECK(ops_foreign_propose(&c, &pa, &ft, &e) == -1 && e.status == QERR_FORBIDDEN);
	CHECK(audit_n(s) == n0);
	/* foreign_transfer_incomplete, Art. 27.1: not agreed with org_m. */
	tw_act(&c, "user_a", "org_a", false);
	qerr_clear(&e);
	CHECK(ops_foreign_propose(&c, &pa, &ft, &e) == -1);
	CHECK_STR(e.code, "foreign_transfer_incomplete");
	CHECK(e.audited && audit_n(s) == n0 + 1);
	CHECK(tw_count(s, "foreign_transfer", NULL) == 0);
	pa.agreed_with = (struct ops_ids){agreed, 1};
	qerr_clear(&e);
	CHECK(ops_foreign_propose(&c, &pa, &ft, &e) == 0);
	CHECK_STR(ft.state, "proposed");
	CHECK(json_array_size(json_object_get(ft.doc, "disposing_org_ids")) == 1);
	q_strlcpy(id, ft.id, sizeof id);
	store_rec_clear(&ft);
	sa.id = id;

	/* The contract before the opinion and the decision: 422, recorded. */
	sa.ref = "K-1";
	n0 = audit_n(s);
	qerr_clear(&e);
	CHECK(ops_foreign_contract(&c, &sa, &ft, &e) == -1);
	CHECK_STR(e.code, "foreign_transfer_incomplete");
	CHECK(e.audited && audit_n(s) == n0 + 1);

	/* The authorized body's opinion (acting across). */
	tw_act(&c, "user_ab", "", true);
	sa.positive = true;
	sa.ref = "EO-1";
	qerr_clear(&e);
	CHECK(ops_foreign_opinion(&c, &sa, &ft, &e) == 0);
	CHECK_STR(ft.state, "opined");
	store_rec_clear(&ft);
	/* The decision without its ref, then with it. */
	sa.ref = NULL;
	n0 = audit_n(s);
	qerr_clear(&e);
	CHECK(ops_foreign_decision(&c, &sa, &ft, &e) == -1);
	CHECK_STR(e.code, "foreign_transfer_incomplete");
	CHECK_STR(e.field, "government_decision");
	CHECK(e.audited && audit_n(s) == n0 + 1);
	sa.ref = "GD-1";
	qerr_clear(&e);
	CHECK(ops_foreign_decision(&c, &sa, &ft, &e) == 0);
	CHECK_STR(ft.state, "decided");
	store_rec_clear(&ft);

	/* The contract and the transfer by the proposer. */
	tw_act(&c, "user_a", "org_a", false);
	sa.ref = "K-1";
	qerr_clear(&e);
	CHECK(ops_foreign_contract(&c, &sa, &ft, &e) == 0);
	CHECK_STR(ft.state, "contracted");
	store_rec_clear(&ft);
	qerr_clear(&e);
	CHECK(ops_foreign_transfer(&c, &sa, &ft, &e) == 0);
	CHECK_STR(ft.state, "transferred");
	store_rec_clear(&ft);
	CHECK(tw_get(s, "carrier", "car_1", &car) == 0);
	CHECK_STR(car.state, "transferred");
	CHECK_STR(car.org_id, "org_a");
	store_rec_clear(&car);
	CHECK(tw_count(s, "movement", "car_1") == 1);
	/* Reading: the proposer; another organization gets 403. */
	CHECK(ops_foreign_get(&c, id, &ft, &e) == 0);
	store_rec_clear(&ft);
	tw_act(&c, "user_b", "org_b", false);
	qerr_clear(&e);
	CHECK(ops_foreign_get(&c, id, &ft, &e) == -1 && e.status == QERR_FORBIDDEN);

	tw_verify(s, keys);
	ops_world_close(&c, s, keys);
	return tap_done();
}
