/*
 * test_ops_transfers.c — the transfer procedures of Art. 25 and 28 without
 * HTTP (src/ops/transfers.h): a transfer refused sanction_required and
 * recipient_permit_missing (recorded by the one refusal path, nothing
 * written), a transfer by another organization refused 403 unrecorded, a
 * lawful transfer moving the carrier with its two journal entries, the act
 * read by the sender and the recipient only; liquidation refused
 * liquidation_blocked with what blocks it, and done for an organization
 * that holds nothing; the audit log verifies.
 */
#include <stdio.h>
#include <string.h>

#include "audit/auditlog.h"
#include "ops/transfers.h"
#include "ops_world.h"
#include "transfer_world.h"
#include "tap.h"

int
main(void)
{
	struct crypto_keys *keys;
	struct store *s = NULL;
	struct store_rec rec = {0}, car = {0};
	struct ops_liquidate_result lr;
	struct qerr e = {0};
	struct ops_ctx c;
	const char *ids1[] = {"car_1"};
	struct ops_transfer_args a = {.to_org_id = "org_b", .carrier_ids = {ids1, 1}};
	struct ops_liquidate_args la = {.org_id = "org_a"};
	char permit[STORE_ID_MAX], tid[STORE_ID_MAX];
	int64_t n0;

	if (ops_world_open("ops-transfers", &keys, &s) != 0)
		return 1;
	if (keys == NULL || s == NULL)
		return tap_done();
	tw_world(s, &c, keys);
	tw_org(s, "org_c", "state_body");

	/* 403: an organization that has nothing to do with the carrier. */
	tw_act(&c, "user_c", "org_c", false);
	n0 = audit_n(s);
	CHECK(ops_transfer_create(&c, &a, &rec, &e) == -1);
	CHECK(e.status == QERR_FORBIDDEN && !e.audited);
	CHECK(audit_n(s) == n0);

	/* sanction_required, Art. 25.1: no basis, recorded, nothing moved. */
	tw_act(&c, "user_a", "org_a", false);
	qerr_clear(&e);
	CHECK(ops_transfer_create(&c, &a, &rec, &e) == -1);
	CHECK_STR(e.code, "sanction_required");
	CHECK(e.status == QERR_RULE && e.audited);
	CHECK(audit_n(s) == n0 + 1);
	CHECK(tw_count(s, "transfer", NULL) == 0);

	/* recipient_permit_missing, Art. 26.1: a sanction, but no permit. */
	a.sanction_ref = "sanction 7";
	qerr_clear(&e);
	CHECK(ops_transfer_create(&c, &a, &rec, &e) == -1);
	CHECK_STR(e.code, "recipient_permit_missing");
	CHECK_STR(e.field, "to_org_id");
	CHECK(e.audited && audit_n(s) == n0 + 2);

	/* The lawful transfer: the carrier moves with its journal. */
	tw_act(&c, "user_nsc", "", true);
	tw_permit(&c, "org_b", "P-B-1", permit);
	tw_act(&c, "user_a", "org_a", false);
	n0 = audit_n(s);
	qerr_clear(&e);
	CHECK(ops_transfer_create(&c, &a, &rec, &e) == 0);
	CHECK_STR(rec.org_id, "org_a");
	CHECK_STR(rec.parent_id, "org_b");
	CHECK_STR(ops_docs_str(rec.doc, "basis"), "sanction");
	CHECK(audit_n(s) == n0 + 1);
	q_strlcpy(tid, rec.id, sizeof tid);
	store_rec_clear(&rec);
	CHECK(tw_get(s, "carrier", "car_1", &car) == 0);
	CHECK_STR(car.org_id, "org_b");
	store_rec_clear(&car);
	CHECK(tw_count(s, "movement", "car_1") == 2);

	/* The act: the sender and the recipient read it; another does not. */
	CHECK(ops_transfer_get(&c, tid, &rec, &e) == 0);
	store_rec_clear(&rec);
	tw_act(&c, "user_b", "org_b", false);
	CHECK(ops_transfer_get(&c, tid, &rec, &e) == 0);
	store_rec_clear(&rec);
	tw_act(&c, "user_c", "org_c", false);
	qerr_clear(&e);
	CHECK(ops_transfer_get(&c, tid, &rec, &e) == -1 && e.status == QERR_FORBIDDEN);

	/* Again: the sender holds no copy any more, 403. */
	tw_act(&c, "user_a", "org_a", false);
	qerr_clear(&e);
	CHECK(ops_transfer_create(&c, &a, &rec, &e) == -1 && e.status == QERR_FORBIDDEN);

	/* liquidation_blocked, Art. 28: org_b registers car_1. */
	tw_act(&c, "admin", "", true);
	la.org_id = "org_b";
	n0 = audit_n(s);
	qerr_clear(&e);
	CHECK(ops_org_liquidate(&c, &la, &lr, &e) == -1);
	CHECK_STR(e.code, "liquidation_blocked");
	CHECK(e.audited && audit_n(s) == n0 + 1);
	CHECK(json_array_size(lr.carriers) == 1);
	CHECK_STR(ops_docs_str(json_array_get(lr.carriers, 0), "id"), "car_1");
	CHECK(json_array_size(lr.joint_works) == 0);
	ops_liquidate_result_clear(&lr);
	/* org_a holds nothing now: liquidated, with its successor. */
	la.org_id = "org_a";
	la.successor_org_id = "org_c";
	qerr_clear(&e);
	CHECK(ops_org_liquidate(&c, &la, &lr, &e) == 0);
	CHECK(lr.org.state == ORG_LIQUIDATED && lr.org.liquidated_on == c.effective_date);
	CHECK_STR(lr.org.successor_org_id, "org_c");
	ops_liquidate_result_clear(&lr);
	/* 409: already liquidated. */
	qerr_clear(&e);
	CHECK(ops_org_liquidate(&c, &la, &lr, &e) == -1 && e.status == QERR_CONFLICT);
	ops_liquidate_result_clear(&lr);

	tw_verify(s, keys);
	ops_world_close(&c, s, keys);
	return tap_done();
}
