/*
 * test_ops_transfers.c — the transfer procedures of Art. 25 and 28 without
 * HTTP (src/ops/transfers.h): a transfer refused sanction_required and
 * recipient_permit_missing (recorded by the one refusal path, nothing
 * written), a transfer by another organization refused 403 unrecorded, a
 * lawful transfer moving the carrier with its two journal entries, the act
 * read by the sender and the recipient only; liquidation refused
 * liquidation_blocked with what blocks it, and done for an organization
 * that holds nothing; the audit log verifies. The typed tables are their
 * descriptions, and migration 0024_typed_transfers moves a full act and a
 * 0.1.0 act (no copies listed) from the record table without loss.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "audit/auditlog.h"
#include "ops/transfers.h"
#include "store/tables_transfers.h"
#include "ops_world.h"
#include "migrate_again.h"
#include "transfer_world.h"
#include "tap.h"

#define TRANSFERS_STEP "0024_typed_transfers"

static const char full_doc[] =
	"{\"id\":\"transfer_00000000000000a1\",\"from_org_id\":\"org_x\",\"to_org_id\":\"org_y\","
	"\"carrier_ids\":[\"carrier_1\",\"carrier_2\"],"
	"\"carriers\":[{\"carrier_id\":\"carrier_1\",\"copy_numbers\":[2,1]},"
	"{\"carrier_id\":\"carrier_2\",\"copy_numbers\":[3]}],"
	"\"basis\":\"successor\",\"sanction_ref\":\"S-1\",\"successor_ref\":\"R-2\","
	"\"authorized_body_ref\":\"A-3\",\"act_number\":\"N-4\",\"joint_work_id\":\"jw_5\","
	"\"date\":\"2025-06-02\",\"by\":\"user_6\",\"state\":\"done\"}";
static const char old_doc[] =
	"{\"act_number\":null,\"authorized_body_ref\":null,\"basis\":\"subordination\","
	"\"by\":\"user_7\",\"carrier_ids\":[\"carrier_3\"],\"date\":\"2025-06-03\","
	"\"from_org_id\":\"org_y\",\"id\":\"transfer_00000000000000a2\",\"joint_work_id\":null,"
	"\"sanction_ref\":null,\"state\":\"done\",\"successor_ref\":null,\"to_org_id\":\"org_x\"}";

/* 0024_typed_transfers moves the records of a database (the step
 * forgotten, the records put back) into the typed rows, field by field. */
static void
migration_moves_records(const char *dbpath)
{
	struct store *s = NULL;
	struct store_tx *tx;
	struct qerr e = {0};
	struct transfer_full f;

	{
		char *put = sqlite3_mprintf(
			"INSERT INTO record(kind, id, org_id, parent_id, state, doc)"
			" VALUES ('transfer', 'transfer_00000000000000a1', 'org_x', 'org_y', 'done', %Q);"
			"INSERT INTO record(kind, id, org_id, parent_id, state, doc)"
			" VALUES ('transfer', 'transfer_00000000000000a2', 'org_y', 'org_x', 'done', %Q);",
			full_doc, old_doc);

		s = put != NULL ? migrate_again(dbpath, TRANSFERS_STEP, put) : NULL;
		sqlite3_free(put);
	}
	if (s == NULL)
		return;
	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(ops_transfer_load(tx, "transfer_00000000000000a1", &f, &e) == 0);
	CHECK_STR(f.t.from_org_id, "org_x");
	CHECK_STR(f.t.to_org_id, "org_y");
	CHECK_STR(transfer_basis_names[f.t.basis], "successor");
	CHECK(f.t.sanction_ref != NULL && strcmp(f.t.sanction_ref, "S-1") == 0);
	CHECK(f.t.successor_ref != NULL && strcmp(f.t.successor_ref, "R-2") == 0);
	CHECK(f.t.authorized_body_ref != NULL && strcmp(f.t.authorized_body_ref, "A-3") == 0);
	CHECK(f.t.act_number != NULL && strcmp(f.t.act_number, "N-4") == 0);
	CHECK_STR(f.t.joint_work_id, "jw_5");
	CHECK(f.t.date == date_from_ymd(2025, 6, 2));
	CHECK_STR(f.t.by, "user_6");
	CHECK_STR(transfer_state_names[f.t.state], "done");
	CHECK(f.t.carriers_listed);
	CHECK(f.nitems == 2);
	if (f.nitems == 2) {
		CHECK_STR(f.items[0].carrier_id, "carrier_1");
		CHECK(f.items[0].n == 2 && f.items[0].numbers[0] == 2 && f.items[0].numbers[1] == 1);
		CHECK_STR(f.items[1].carrier_id, "carrier_2");
		CHECK(f.items[1].n == 1 && f.items[1].numbers[0] == 3);
	}
	transfer_full_free(&f);
	CHECK(ops_transfer_load(tx, "transfer_00000000000000a2", &f, &e) == 0);
	CHECK_STR(transfer_basis_names[f.t.basis], "subordination");
	CHECK(f.t.sanction_ref == NULL && f.t.act_number == NULL && f.t.joint_work_id[0] == '\0');
	CHECK(!f.t.carriers_listed && f.nitems == 1);
	if (f.nitems == 1)
		CHECK(strcmp(f.items[0].carrier_id, "carrier_3") == 0 && f.items[0].n == 0);
	transfer_full_free(&f);
	{
		struct store_query q = {.kind = "transfer", .limit = 10};
		int64_t n = -1;

		CHECK(store_rec_count(tx, &q, &n, &e) == 0 && n == 0);   /* moved */
	}
	store_rollback(tx);
	store_close(s);
}

static int
count_transfers(struct store *s)
{
	struct store_tx *tx = NULL;
	struct qerr e = {0};
	int64_t n;

	if (store_begin(s, false, &tx, &e) != 0)
		return -1;
	n = store_row_count(tx, &store_transfer_table, NULL, 0, &e);
	store_rollback(tx);
	return (int)n;
}

int
main(void)
{
	struct crypto_keys *keys;
	struct store *s = NULL;
	struct transfer_full rec = {0};
	struct store_rec car = {0};
	struct store_tx *tx;
	char dbpath2[300];
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
	snprintf(dbpath2, sizeof dbpath2, "%s/m.db", dir);
	migration_moves_records(dbpath2);
	if (keys == NULL || s == NULL)
		return tap_done();
	/* The migration's tables are their descriptions. */
	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(store_table_check(tx, &store_transfer_table, &e) == 0);
	CHECK(store_table_check(tx, &store_transfer_carrier_table, &e) == 0);
	CHECK(store_table_check(tx, &store_transfer_copy_table, &e) == 0);
	store_rollback(tx);
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
	CHECK(count_transfers(s) == 0);

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
	CHECK_STR(rec.t.from_org_id, "org_a");
	CHECK_STR(rec.t.to_org_id, "org_b");
	CHECK_STR(transfer_basis_names[rec.t.basis], "sanction");
	CHECK(rec.t.carriers_listed && rec.nitems == 1);
	CHECK(rec.nitems == 1 && strcmp(rec.items[0].carrier_id, "car_1") == 0 &&
	      rec.items[0].n >= 1);
	CHECK(audit_n(s) == n0 + 1);
	CHECK(count_transfers(s) == 1);
	q_strlcpy(tid, rec.t.h.id, sizeof tid);
	transfer_full_free(&rec);
	CHECK(tw_get(s, "carrier", "car_1", &car) == 0);
	CHECK_STR(car.org_id, "org_b");
	store_rec_clear(&car);
	CHECK(tw_count(s, "movement", "car_1") == 2);

	/* The act: the sender and the recipient read it; another does not. */
	CHECK(ops_transfer_get(&c, tid, &rec, &e) == 0);
	CHECK(rec.nitems == 1 && rec.items[0].n >= 1);
	transfer_full_free(&rec);
	tw_act(&c, "user_b", "org_b", false);
	CHECK(ops_transfer_get(&c, tid, &rec, &e) == 0);
	transfer_full_free(&rec);
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
	CHECK(lr.blocked && lr.ncarriers == 1);
	CHECK_STR(lr.carriers[0].id, "car_1");
	CHECK(lr.njoint_works == 0);
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
