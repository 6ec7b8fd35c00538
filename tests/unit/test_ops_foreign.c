/*
 * test_ops_foreign.c — the steps of Art. 27 without HTTP
 * (src/ops/foreign.h): the proposal refused 403 for another proposer and
 * foreign_transfer_incomplete when not agreed with the disposing body,
 * then proposed; the contract refused before the Government's decision;
 * the expert opinion; the decision refused without its ref, then taken;
 * the contract; the transfer moving the carrier out of the system with
 * its "transferred_out" entry; each refusal recorded by the one refusal
 * path with nothing written; the audit log verifies. The typed tables are
 * their descriptions, and migration 0024c_typed_foreign moves a full
 * proposal from the record table without loss.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "audit/auditlog.h"
#include "core/foreign.h"
#include "ops/carrier_store.h"
#include "ops/foreign.h"
#include "store/tables_transfers.h"
#include "ops_world.h"
#include "migrate_again.h"
#include "transfer_world.h"
#include "tap.h"

#define FOREIGN_STEP "0024c_typed_foreign"

static const char full_doc[] =
	"{\"agreed_with\":[\"org_m\",\"org_n\"],\"carrier_ids\":[\"carrier_1\",\"carrier_2\"],"
	"\"disposing_org_ids\":[\"org_n\",\"org_m\"],"
	"\"expert_opinion\":{\"by\":\"user_1\",\"date\":\"2025-06-02\",\"positive\":true,\"ref\":\"E-1\"},"
	"\"government_decision\":{\"by\":\"user_2\",\"date\":\"2025-06-03\",\"ref\":null,"
	"\"treaty_ref\":\"T-1\"},"
	"\"contract\":{\"by\":\"user_3\",\"date\":\"2025-06-04\",\"ref\":\"K-1\"},"
	"\"transferred_on\":\"2025-06-05\","
	"\"history\":[{\"by\":\"user_1\",\"date\":\"2025-06-02\",\"from\":\"proposed\","
	"\"step\":\"expert_opinion\",\"to\":\"opined\"},{\"by\":\"user_2\",\"date\":\"2025-06-03\","
	"\"from\":\"opined\",\"step\":\"government_decision\",\"to\":\"decided\"}],"
	"\"id\":\"ftransfer_00000000000000b1\",\"justification\":\"cooperation\","
	"\"proposed_by\":\"user_0\",\"proposed_on\":\"2025-06-01\",\"proposer_org_id\":\"org_p\","
	"\"recipient_org_id\":\"org_f\",\"state\":\"transferred\"}";

/* 0024c_typed_foreign moves the record of a database (the step forgotten,
 * the record put back) into the typed rows, field by field. */
static void
migration_moves_record(const char *dbpath)
{
	struct store *s = NULL;
	struct store_tx *tx;
	struct qerr e = {0};
	struct foreign_full x;
	const struct foreign_rec *f = &x.f;

	{
		char *put = sqlite3_mprintf(
			"INSERT INTO record(kind, id, org_id, parent_id, state, doc)"
			" VALUES ('foreign_transfer', 'ftransfer_00000000000000b1', 'org_p', 'org_f',"
			" 'transferred', %Q);", full_doc);

		s = put != NULL ? migrate_again(dbpath, FOREIGN_STEP, put) : NULL;
		sqlite3_free(put);
	}
	if (s == NULL)
		return;
	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(ops_foreign_load(tx, "ftransfer_00000000000000b1", &x, &e) == 0);
	CHECK_STR(f->proposer_org_id, "org_p");
	CHECK_STR(f->recipient_org_id, "org_f");
	CHECK(f->justification != NULL && strcmp(f->justification, "cooperation") == 0);
	CHECK(f->proposed_on == date_from_ymd(2025, 6, 1));
	CHECK_STR(f->proposed_by, "user_0");
	CHECK(f->state == FT_TRANSFERRED);
	CHECK(f->opinion_positive && f->opinion_date == date_from_ymd(2025, 6, 2));
	CHECK(f->opinion_ref != NULL && strcmp(f->opinion_ref, "E-1") == 0);
	CHECK_STR(f->opinion_by, "user_1");
	CHECK(f->decision_ref == NULL && f->decision_treaty_ref != NULL &&
	      strcmp(f->decision_treaty_ref, "T-1") == 0);
	CHECK(f->decision_date == date_from_ymd(2025, 6, 3));
	CHECK_STR(f->decision_by, "user_2");
	CHECK(f->contract_ref != NULL && strcmp(f->contract_ref, "K-1") == 0);
	CHECK(f->contract_date == date_from_ymd(2025, 6, 4));
	CHECK_STR(f->contract_by, "user_3");
	CHECK(f->transferred_on == date_from_ymd(2025, 6, 5));
	CHECK(x.ncarriers == 2 && x.nagreed == 2 && x.ndisposing == 2 && x.nhistory == 2);
	if (x.ncarriers == 2 && x.nagreed == 2 && x.ndisposing == 2 && x.nhistory == 2) {
		CHECK_STR(x.carrier_ids[0], "carrier_1");
		CHECK_STR(x.carrier_ids[1], "carrier_2");
		CHECK_STR(x.agreed_with[1], "org_n");
		CHECK_STR(x.disposing[0], "org_n");
		CHECK_STR(x.history[1].from, "opined");
		CHECK_STR(x.history[1].to, "decided");
		CHECK_STR(x.history[1].step, "government_decision");
		CHECK(x.history[1].date == date_from_ymd(2025, 6, 3));
		CHECK_STR(x.history[1].by, "user_2");
	}
	foreign_full_free(&x);
	{
		struct store_query q = {.kind = "foreign_transfer", .limit = 10};
		int64_t n = -1;

		CHECK(store_rec_count(tx, &q, &n, &e) == 0 && n == 0);   /* moved */
	}
	store_rollback(tx);
	store_close(s);
}

static int
count_proposals(struct store *s)
{
	struct store_tx *tx = NULL;
	struct qerr e = {0};
	int64_t n;

	if (store_begin(s, false, &tx, &e) != 0)
		return -1;
	n = store_row_count(tx, &store_foreign_table, NULL, 0, &e);
	store_rollback(tx);
	return (int)n;
}

/* The transferred_out entry (stops the list: 1). */
static int
foreign_entry_cb(void *ctx, const struct movement_rec *m)
{
	(void)ctx;
	CHECK_STR(m->kind, "transferred_out");
	CHECK_STR(m->org_id, "org_a");
	CHECK((m->keys & MOVE_K_PERSON) && m->person_id[0] == '\0');
	CHECK(m->copy_number == STORE_INT_NULL);
	CHECK(m->more == (MOVE_M_TO_ORG | MOVE_M_FOREIGN | MOVE_M_BASIS));
	CHECK_STR(m->to_org_id, "org_f");
	CHECK_STR(m->basis, "art27");
	CHECK(strncmp(m->foreign_transfer_id, "ftransfer_", 10) == 0);
	CHECK(m->extra == NULL);
	return 1;
}

int
main(void)
{
	struct crypto_keys *keys;
	struct store *s = NULL;
	struct foreign_full ft = {0};
	struct store_rec car = {0};
	struct store_tx *tx;
	char dbpath2[300];
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
	snprintf(dbpath2, sizeof dbpath2, "%s/m.db", dir);
	migration_moves_record(dbpath2);
	if (keys == NULL || s == NULL)
		return tap_done();
	/* The migration's tables are their descriptions. */
	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(store_table_check(tx, &store_foreign_table, &e) == 0);
	CHECK(store_table_check(tx, &store_foreign_carrier_table, &e) == 0);
	CHECK(store_table_check(tx, &store_foreign_org_table, &e) == 0);
	CHECK(store_table_check(tx, &store_foreign_step_table, &e) == 0);
	store_rollback(tx);
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
	CHECK(count_proposals(s) == 0);
	pa.agreed_with = (struct ops_ids){agreed, 1};
	qerr_clear(&e);
	CHECK(ops_foreign_propose(&c, &pa, &ft, &e) == 0);
	CHECK(ft.f.state == FT_PROPOSED);
	CHECK(ft.ndisposing == 1 && ft.nhistory == 0 && ft.ncarriers == 1);
	CHECK(count_proposals(s) == 1);
	q_strlcpy(id, ft.f.h.id, sizeof id);
	foreign_full_free(&ft);
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
	CHECK(ft.f.state == FT_OPINED && ft.nhistory == 1 && ft.f.opinion_positive);
	foreign_full_free(&ft);
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
	CHECK(ft.f.state == FT_DECIDED && ft.nhistory == 2);
	foreign_full_free(&ft);

	/* The contract and the transfer by the proposer. */
	tw_act(&c, "user_a", "org_a", false);
	sa.ref = "K-1";
	qerr_clear(&e);
	CHECK(ops_foreign_contract(&c, &sa, &ft, &e) == 0);
	CHECK(ft.f.state == FT_CONTRACTED);
	foreign_full_free(&ft);
	qerr_clear(&e);
	CHECK(ops_foreign_transfer(&c, &sa, &ft, &e) == 0);
	CHECK(ft.f.state == FT_TRANSFERRED && ft.f.transferred_on == c.effective_date);
	foreign_full_free(&ft);
	CHECK(tw_get(s, "carrier", "car_1", &car) == 0);
	CHECK_STR(car.state, "transferred");
	CHECK_STR(car.org_id, "org_a");
	store_rec_clear(&car);
	CHECK(tw_count(s, "movement", "car_1") == 1);
	/* The struct: state, transferred_to (no column: extra) and the
	 * journal entry's act in its columns, person_id null. */
	{
		struct store_tx *rtx = NULL;
		struct carrier_rec cr;

		CHECK(store_begin(s, false, &rtx, &e) == 0);
		CHECK(ops_carrier_load(rtx, "car_1", &cr, NULL, &e) == 0);
		CHECK_STR(cr.state, "transferred");
		CHECK(cr.extra != NULL &&
		      strstr(cr.extra, "\"transferred_to\":{\"date\":\"2026-03-02\","
		                       "\"foreign_transfer_id\":\"") != NULL &&
		      strstr(cr.extra, "\"org_id\":\"org_f\"}") != NULL);
		carrier_rec_clear(&cr);
		CHECK(store_movement_list(rtx, "car_1", NULL, 0, 10, foreign_entry_cb, NULL, &e) == 1);
		store_rollback(rtx);
	}
	/* Reading: the proposer; another organization gets 403. */
	CHECK(ops_foreign_get(&c, id, &ft, &e) == 0);
	CHECK(ft.nhistory == 4);
	CHECK_STR(ft.history[3].to, "transferred");
	foreign_full_free(&ft);
	tw_act(&c, "user_b", "org_b", false);
	qerr_clear(&e);
	CHECK(ops_foreign_get(&c, id, &ft, &e) == -1 && e.status == QERR_FORBIDDEN);

	tw_verify(s, keys);
	ops_world_close(&c, s, keys);
	return tap_done();
}
