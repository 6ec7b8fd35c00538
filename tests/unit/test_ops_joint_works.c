/*
 * test_ops_joint_works.c — every step of a joint work under Decree 743
 * without HTTP (src/ops/joint_works.h): the request (refused 403 for
 * another customer, permission_request_incomplete without a term), the
 * disposing body's permission (permission_required for another body), the
 * agreement (permission_required before the permission; not_in_annex with
 * no annex), the notice, the transfer of the named copy (not_in_annex for a
 * carrier outside the annex), a violation suspending the work and the
 * transfer then refused (409 for the copy away, joint_work_suspended for
 * a copy at home), cancel refused before a repeated violation, resume,
 * close returning the copy; each refusal recorded by the one refusal path
 * with nothing written; the audit log verifies. The typed tables are their
 * descriptions, and migration 0024b_typed_joint_works moves a joint work
 * with every step and list, and a 0.1.0 one, from the record table
 * without loss.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "audit/auditlog.h"
#include "core/custody_rec.h"
#include "store/tables_carriers.h"
#include "ops/joint_works.h"
#include "ops_world.h"
#include "store/tables_transfers.h"
#include "migrate_again.h"
#include "transfer_world.h"
#include "tap.h"

static struct store *s;

/* The joint work id as stored (0), or -1. */
static int
jw_get(const char *id, struct jw_full *out)
{
	struct store_tx *tx = NULL;
	struct qerr e = {0};
	int rc;

	if (store_begin(s, false, &tx, &e) != 0)
		return -1;
	rc = ops_joint_work_load(tx, id, out, &e);
	store_rollback(tx);
	return rc;
}

static int
jw_count(void)
{
	struct store_tx *tx = NULL;
	struct qerr e = {0};
	int64_t n;

	if (store_begin(s, false, &tx, &e) != 0)
		return -1;
	n = store_row_count(tx, &store_jw_table, NULL, 0, &e);
	store_rollback(tx);
	return (int)n;
}

static const char *
state_of(const struct jw_full *jw)
{
	return jw_rec_state_names[jw->w.state];
}

/* A refused step: code, recorded, the work unchanged in state. */
static void
refused(int rc, const struct qerr *e, const char *code, int64_t before, const char *id,
        const char *state)
{
	struct jw_full jw;

	CHECK(rc == -1);
	CHECK_STR(e->code, code);
	CHECK(e->audited && audit_n(s) == before + 1);
	CHECK(jw_get(id, &jw) == 0);
	CHECK_STR(state_of(&jw), state);
	jw_full_free(&jw);
}

/* The holder of copy 1 of car_1 and the work it is away under. */
static void
copy_at(const char *org, const char *jw_id)
{
	struct store_rec car = {0};
	struct carrier_rec c;
	const struct carrier_copy_rec *cp;
	struct qerr e = {0};

	CHECK(tw_get(s, "carrier", "car_1", &car) == 0);
	CHECK(carrier_rec_from(&car, &c, &e) == 0);
	cp = custody_rec_copy(&c, 1);
	CHECK_STR(custody_rec_copy_org(&c, cp), org);
	if (jw_id != NULL)
		CHECK_STR(custody_rec_copy_joint_work(cp), jw_id);
	else
		CHECK(custody_rec_copy_joint_work(cp) == NULL);
	CHECK_STR(car.org_id, "org_a");
	carrier_rec_clear(&c);
	store_rec_clear(&car);
}

#define JW_STEP "0024b_typed_joint_works"

/* Every member a joint work's document has had. */
static const char full_doc[] =
	"{\"id\":\"jw_00000000000000c1\",\"customer_org_id\":\"org_y\",\"executor_org_id\":null,"
	"\"executor_person_id\":\"person_1\",\"executor_person_org_id\":\"org_z\","
	"\"disposing_org_id\":\"org_d\",\"justification\":\"why\",\"state\":\"closed\","
	"\"term_from\":\"2025-01-01\",\"term_to\":\"2025-12-31\","
	"\"carriers\":[{\"carrier_id\":\"carrier_1\",\"copy_numbers\":[2,1],\"title\":\"T\","
	"\"label\":\"secret\",\"account_number\":\"A-1\",\"sheets\":7},"
	"{\"carrier_id\":\"carrier_2\",\"copy_numbers\":null,\"title\":null,\"label\":null,"
	"\"account_number\":\"\",\"sheets\":null}],"
	"\"executor_permit_ref\":null,\"executor_clearance_ref\":\"clr_1\","
	"\"received_on\":\"2025-02-01\",\"response_due_on\":\"2025-02-14\","
	"\"requested_by\":\"user_1\",\"permission_overdue\":true,\"cancellation_raised\":true,"
	"\"draft_agreement_ref\":\"D-1\",\"executor_address\":\"Addr\",\"executor_head\":\"Head\","
	"\"executor_residence\":\"Res\",\"executor_id_issuer\":\"Iss\","
	"\"permission\":{\"decision\":\"granted\",\"reason\":null,\"ref\":\"L-1\","
	"\"answered_on\":\"2025-02-20\",\"by\":\"user_2\",\"late\":true},"
	"\"agreement\":{\"number\":\"AG-1\",\"signed_on\":\"2025-03-01\",\"annex\":[\"carrier_1\"],"
	"\"subject\":\"joint_work\",\"certificate\":\"C\",\"control_procedure\":\"P\","
	"\"financing\":\"F\",\"executor_permit_ref\":null,\"executor_clearance_ref\":\"clr_1\","
	"\"by\":\"user_1\"},"
	"\"nsc_notice\":{\"sent_on\":\"2025-03-02\",\"nsc_office\":\"NSC\",\"ref\":\"N-1\","
	"\"by\":\"user_1\"},"
	"\"transferred\":[{\"carrier_id\":\"carrier_1\",\"date\":\"2025-03-03\","
	"\"copy_numbers\":[2]},{\"carrier_id\":\"carrier_1\",\"date\":\"2025-03-04\"}],"
	"\"held\":[],\"protection\":{\"arrangement\":\"customer\",\"provider_org_id\":\"org_y\","
	"\"agreement_ref\":null,\"date\":\"2025-03-02\",\"by\":\"user_1\"},"
	"\"violations\":[{\"description\":\"v1\",\"noted_on\":\"2025-04-01\",\"by\":\"user_1\"},"
	"{\"description\":\"v2\",\"noted_on\":\"2025-04-02\",\"by\":\"user_1\","
	"\"incident_id\":\"incident_1\"}],"
	"\"cancellation\":{\"raised_on\":\"2025-04-02\",\"reason\":\"R\",\"permit_id\":null,"
	"\"clearance_id\":\"clr_1\",\"by\":\"user_1\"},"
	"\"addenda\":[{\"number\":\"AD-1\",\"from_org_id\":\"org_x\",\"assignee_org_id\":\"org_y\","
	"\"signed_on\":\"2025-04-03\",\"reason\":\"liquidation\",\"nsc_notice_sent_on\":\"2025-04-03\","
	"\"disposing_notice_sent_on\":null,\"by\":\"user_1\"}],"
	"\"end\":{\"state\":\"closed\",\"reason\":\"closed\",\"date\":\"2025-05-01\","
	"\"returned\":[\"carrier_1\"]},"
	"\"history\":[{\"from\":\"requested\",\"to\":\"permitted\",\"step\":\"permission\","
	"\"date\":\"2025-02-20\",\"by\":\"user_2\"}]}";

/* 0024b_typed_joint_works moves the record of a database (the step
 * forgotten, the record put back) into the typed rows, field by field. */
static void
migration_moves_record(const char *dbpath)
{
	struct store *st = NULL;
	struct store_tx *tx;
	struct qerr e = {0};
	struct jw_full x;
	const struct jw_rec *w = &x.w;

	{
		char *put = sqlite3_mprintf(
			"INSERT INTO record(kind, id, org_id, parent_id, state, doc)"
			" VALUES ('joint_work', 'jw_00000000000000c1', 'org_y', 'person_1', 'closed', %Q);",
			full_doc);

		st = put != NULL ? migrate_again(dbpath, JW_STEP, put) : NULL;
		sqlite3_free(put);
	}
	if (st == NULL)
		return;
	CHECK(store_begin(st, false, &tx, &e) == 0);
	CHECK(ops_joint_work_load(tx, "jw_00000000000000c1", &x, &e) == 0);
	CHECK_STR(w->customer_org_id, "org_y");
	CHECK(w->executor_org_id[0] == '\0');
	CHECK_STR(w->executor_person_id, "person_1");
	CHECK_STR(w->executor_person_org_id, "org_z");
	CHECK_STR(w->disposing_org_id, "org_d");
	CHECK(w->justification != NULL && strcmp(w->justification, "why") == 0);
	CHECK(w->state == JW_CLOSED);
	CHECK(w->term_from == date_from_ymd(2025, 1, 1) && w->term_to == date_from_ymd(2025, 12, 31));
	CHECK(w->executor_permit_ref[0] == '\0');
	CHECK_STR(w->executor_clearance_ref, "clr_1");
	CHECK(w->received_on == date_from_ymd(2025, 2, 1));
	CHECK(w->response_due_on == date_from_ymd(2025, 2, 14));
	CHECK_STR(w->requested_by, "user_1");
	CHECK(w->permission_overdue && w->cancellation_raised);
	CHECK(w->executor_city == NULL);
	CHECK(w->draft_agreement_ref != NULL && strcmp(w->draft_agreement_ref, "D-1") == 0);
	CHECK(w->executor_id_issuer != NULL && strcmp(w->executor_id_issuer, "Iss") == 0);
	CHECK(w->perm_decision == JW_DECISION_GRANTED && w->perm_reason == NULL && w->perm_late);
	CHECK(w->perm_ref != NULL && strcmp(w->perm_ref, "L-1") == 0);
	CHECK(w->perm_answered_on == date_from_ymd(2025, 2, 20));
	CHECK_STR(w->perm_by, "user_2");
	CHECK(w->agr_number != NULL && strcmp(w->agr_number, "AG-1") == 0);
	CHECK(w->agr_signed_on == date_from_ymd(2025, 3, 1));
	CHECK_STR(w->agr_subject, "joint_work");
	CHECK(w->agr_financing != NULL && strcmp(w->agr_financing, "F") == 0);
	CHECK_STR(w->agr_executor_clearance_ref, "clr_1");
	CHECK(w->nsc_sent_on == date_from_ymd(2025, 3, 2));
	CHECK(w->nsc_office != NULL && strcmp(w->nsc_office, "NSC") == 0);
	CHECK_STR(w->prot_arrangement, "customer");
	CHECK_STR(w->prot_provider_org_id, "org_y");
	CHECK(w->prot_agreement_ref == NULL && w->prot_date == date_from_ymd(2025, 3, 2));
	CHECK(w->canc_raised_on == date_from_ymd(2025, 4, 2));
	CHECK(w->canc_reason != NULL && strcmp(w->canc_reason, "R") == 0);
	CHECK(w->canc_permit_id[0] == '\0');
	CHECK_STR(w->canc_clearance_id, "clr_1");
	CHECK_STR(w->end_state, "closed");
	CHECK(w->end_date == date_from_ymd(2025, 5, 1));
	CHECK(x.carriers.n == 2 && x.copies.n == 3 && x.refs.n == 2 && x.transferred.n == 2 &&
	      x.violations.n == 2 && x.addenda.n == 1 && x.history.n == 1);
	if (x.carriers.n == 2 && x.copies.n == 3 && x.refs.n == 2 && x.transferred.n == 2 &&
	    x.violations.n == 2 && x.addenda.n == 1 && x.history.n == 1) {
		CHECK(x.carriers.v[0].copies_given && !x.carriers.v[1].copies_given);
		CHECK(x.carriers.v[0].sheets == 7 && x.carriers.v[1].sheets == STORE_INT_NULL);
		CHECK_STR(x.carriers.v[0].label, "secret");
		CHECK_STR(x.carriers.v[0].account_number, "A-1");
		CHECK(x.carriers.v[1].title == NULL && x.carriers.v[1].label[0] == '\0');
		CHECK(x.copies.v[0].list == JW_COPIES_REQUEST && x.copies.v[0].number == 2 &&
		      x.copies.v[1].number == 1 && x.copies.v[1].ord == 1);
		CHECK(x.copies.v[2].list == JW_COPIES_TRANSFERRED && x.copies.v[2].item_ord == 0 &&
		      x.copies.v[2].number == 2);
		CHECK(x.refs.v[0].list == JW_LIST_ANNEX && x.refs.v[1].list == JW_LIST_RETURNED);
		CHECK(x.transferred.v[0].copies_listed && !x.transferred.v[1].copies_listed);
		CHECK(x.transferred.v[1].date == date_from_ymd(2025, 3, 4));
		CHECK(x.violations.v[0].incident_id[0] == '\0');
		CHECK_STR(x.violations.v[1].incident_id, "incident_1");
		CHECK(x.addenda.v[0].number != NULL && strcmp(x.addenda.v[0].number, "AD-1") == 0);
		CHECK_STR(x.addenda.v[0].from_org_id, "org_x");
		CHECK(x.addenda.v[0].disposing_notice_sent_on == QDATE_NONE);
		CHECK_STR(x.history.v[0].step, "permission");
		CHECK_STR(x.history.v[0].by, "user_2");
	}
	jw_full_free(&x);
	{
		struct store_query q = {.kind = "joint_work", .limit = 10};
		int64_t n = -1;

		CHECK(store_rec_count(tx, &q, &n, &e) == 0 && n == 0);   /* moved */
		CHECK(store_table_check(tx, &store_jw_table, &e) == 0);
		CHECK(store_table_check(tx, &store_jw_carrier_table, &e) == 0);
		CHECK(store_table_check(tx, &store_jw_copy_table, &e) == 0);
		CHECK(store_table_check(tx, &store_jw_ref_table, &e) == 0);
		CHECK(store_table_check(tx, &store_jw_transfer_table, &e) == 0);
		CHECK(store_table_check(tx, &store_jw_violation_table, &e) == 0);
		CHECK(store_table_check(tx, &store_jw_addendum_table, &e) == 0);
		CHECK(store_table_check(tx, &store_jw_step_table, &e) == 0);
	}
	store_rollback(tx);
	store_close(st);
}

int
main(void)
{
	struct crypto_keys *keys;
	struct jw_full jw = {0};
	struct qerr e = {0};
	struct ops_ctx c;
	static const int one[] = {1};
	struct ops_copy_pick pick = {.carrier_id = "car_1", .numbers = one, .n = 1, .given = true};
	struct ops_joint_work_request_args rq = {
		.customer_org_id = "org_a", .executor_org_id = "org_b",
		.disposing_org_id = "org_m", .justification = "the joint design",
		.term_from = date_from_ymd(2026, 1, 1), .term_to = date_from_ymd(2026, 12, 31),
		.carriers = &pick, .ncarriers = 1, .received_on = QDATE_NONE,
	};
	struct ops_joint_work_step_args sa = {0};
	const char *annex[] = {"car_1"}, *other[] = {"car_2"};
	char permit[STORE_ID_MAX], id[STORE_ID_MAX], dbpath2[300];
	int64_t n0;

	if (ops_world_open("ops-jw", &keys, &s) != 0)
		return 1;
	snprintf(dbpath2, sizeof dbpath2, "%s/m.db", dir);
	migration_moves_record(dbpath2);
	if (keys == NULL || s == NULL)
		return tap_done();
	tw_world(s, &c, keys);
	tw_carrier(s, "car_2", "org_a", "info_1", "org_m");
	tw_act(&c, "user_nsc", "", true);
	tw_permit(&c, "org_b", "P-B-1", permit);
	rq.executor_permit_ref = permit;

	/* ---- the request ---- */
	tw_act(&c, "user_b", "org_b", false);
	n0 = audit_n(s);
	CHECK(ops_joint_work_request(&c, &rq, &jw, &e) == -1 && e.status == QERR_FORBIDDEN);
	CHECK(audit_n(s) == n0 && jw_count() == 0);
	tw_act(&c, "user_a", "org_a", false);
	rq.term_to = QDATE_NONE;   /* permission_request_incomplete, R743 p.4.4 */
	qerr_clear(&e);
	CHECK(ops_joint_work_request(&c, &rq, &jw, &e) == -1);
	CHECK_STR(e.code, "permission_request_incomplete");
	CHECK(e.audited && audit_n(s) == n0 + 1 && jw_count() == 0);
	rq.term_to = date_from_ymd(2026, 12, 31);
	qerr_clear(&e);
	CHECK(ops_joint_work_request(&c, &rq, &jw, &e) == 0);
	CHECK_STR(state_of(&jw), "requested");
	CHECK_STR(jw.w.executor_org_id, "org_b");
	CHECK(jw.carriers.n == 1 && jw.copies.n == 1 && jw.history.n == 0);
	q_strlcpy(id, jw.w.h.id, sizeof id);
	jw_full_free(&jw);
	sa.id = id;

	/* ---- the agreement before the permission ---- */
	sa.u.agreement = (struct ops_joint_work_agreement_args){.number = "A-1",
	                                                .signed_on = date_from_ymd(2026, 3, 2),
	                                                .annex = {annex, 1}};
	n0 = audit_n(s);
	qerr_clear(&e);
	refused(ops_joint_work_agreement(&c, &sa, &jw, &e), &e, "permission_required", n0, id,
	        "requested");

	/* ---- the permission: the customer is not the disposing body ---- */
	sa.u.permission = (struct ops_joint_work_permission_args){.granted = true, .ref = "L-1"};
	n0 = audit_n(s);
	qerr_clear(&e);
	refused(ops_joint_work_permission(&c, &sa, &jw, &e), &e, "permission_required", n0, id,
	        "requested");
	tw_act(&c, "head_m", "org_m", false);
	qerr_clear(&e);
	CHECK(ops_joint_work_permission(&c, &sa, &jw, &e) == 0);
	CHECK_STR(state_of(&jw), "permitted");
	CHECK(!ops_joint_work_overdue(&jw.w, c.today));
	jw_full_free(&jw);

	/* ---- the agreement: no annex, then the annex ---- */
	tw_act(&c, "user_a", "org_a", false);
	sa.u.agreement = (struct ops_joint_work_agreement_args){.number = "A-1",
	                                                .signed_on = date_from_ymd(2026, 3, 2)};
	n0 = audit_n(s);
	qerr_clear(&e);
	refused(ops_joint_work_agreement(&c, &sa, &jw, &e), &e, "not_in_annex", n0, id, "permitted");
	sa.u.agreement.annex = (struct ops_ids){annex, 1};
	qerr_clear(&e);
	CHECK(ops_joint_work_agreement(&c, &sa, &jw, &e) == 0);
	CHECK_STR(state_of(&jw), "agreed");
	jw_full_free(&jw);

	/* ---- the transfer before the notice ---- */
	sa.u.carrier_ids = (struct ops_ids){annex, 1};
	n0 = audit_n(s);
	qerr_clear(&e);
	refused(ops_joint_work_transfer(&c, &sa, &jw, &e), &e, "nsc_notice_missing", n0, id, "agreed");
	sa.u.notice = (struct ops_joint_work_notice_args){.sent_on = date_from_ymd(2026, 3, 2)};
	qerr_clear(&e);
	CHECK(ops_joint_work_notice(&c, &sa, &jw, &e) == 0);
	CHECK_STR(state_of(&jw), "notified");
	CHECK(jw.w.nsc_office != NULL &&
	      strcmp(jw.w.nsc_office, "national security authority, Astana") == 0);
	jw_full_free(&jw);

	/* ---- the transfer: outside the annex, then the annex's copy ---- */
	sa.u.carrier_ids = (struct ops_ids){other, 1};
	n0 = audit_n(s);
	qerr_clear(&e);
	refused(ops_joint_work_transfer(&c, &sa, &jw, &e), &e, "not_in_annex", n0, id, "notified");
	copy_at("org_a", NULL);
	sa.u.carrier_ids = (struct ops_ids){annex, 1};
	qerr_clear(&e);
	CHECK(ops_joint_work_transfer(&c, &sa, &jw, &e) == 0);
	CHECK_STR(state_of(&jw), "active");
	jw_full_free(&jw);
	copy_at("org_b", id);
	CHECK(tw_count(s, "movement", "car_1") == 2);

	/* ---- a violation suspends; the transfer then refused ---- */
	sa.u.description = "an unregistered copy";
	qerr_clear(&e);
	CHECK(ops_joint_work_violation(&c, &sa, &jw, &e) == 0);
	CHECK_STR(state_of(&jw), "suspended");
	jw_full_free(&jw);
	sa.u.carrier_ids = (struct ops_ids){annex, 1};
	n0 = audit_n(s);
	qerr_clear(&e);
	/* the copy is away: 409 before the state's 422, unrecorded */
	CHECK(ops_joint_work_transfer(&c, &sa, &jw, &e) == -1 && e.status == QERR_CONFLICT);
	CHECK(!e.audited && audit_n(s) == n0);
	/* joint_work_suspended, Art. 26.3: the state's 422 for a copy at home */
	sa.u.carrier_ids = (struct ops_ids){other, 1};
	qerr_clear(&e);
	refused(ops_joint_work_transfer(&c, &sa, &jw, &e), &e, "joint_work_suspended", n0, id,
	        "suspended");
	memset(&sa.u, 0, sizeof sa.u);
	n0 = audit_n(s);
	qerr_clear(&e);
	/* cancel: only once a repeated violation raised it (409, unrecorded) */
	CHECK(ops_joint_work_cancel(&c, &sa, &jw, &e) == -1 && e.status == QERR_CONFLICT);
	CHECK(audit_n(s) == n0);
	qerr_clear(&e);
	CHECK(ops_joint_work_resume(&c, &sa, &jw, &e) == 0);
	CHECK_STR(state_of(&jw), "active");
	jw_full_free(&jw);

	/* ---- close: the copy comes back ---- */
	qerr_clear(&e);
	CHECK(ops_joint_work_close(&c, &sa, &jw, &e) == 0);
	CHECK_STR(state_of(&jw), "closed");
	CHECK(jw.refs.n == 2 && jw.refs.v[0].list == JW_LIST_ANNEX &&
	      jw.refs.v[1].list == JW_LIST_RETURNED);
	CHECK_STR(jw.w.end_state, "closed");
	jw_full_free(&jw);
	copy_at("org_a", NULL);
	CHECK(tw_count(s, "movement", "car_1") == 4);

	/* ---- reading: the customer, the executor, the body; no other ---- */
	CHECK(ops_joint_work_get(&c, id, &jw, &e) == 0);
	CHECK(jw.transferred.n == 1 && jw.violations.n == 1 && jw.history.n == 7);
	CHECK(jw.refs.n == 2 && jw.refs.v[1].list == JW_LIST_RETURNED);
	jw_full_free(&jw);
	tw_act(&c, "user_x", "org_x", false);
	qerr_clear(&e);
	CHECK(ops_joint_work_get(&c, id, &jw, &e) == -1 && e.status == QERR_FORBIDDEN);

	/* ---- protection and an addendum, on a second work ---- */
	tw_act(&c, "user_a", "org_a", false);
	rq.term_to = date_from_ymd(2026, 12, 31);
	qerr_clear(&e);
	CHECK(ops_joint_work_request(&c, &rq, &jw, &e) == 0);
	q_strlcpy(id, jw.w.h.id, sizeof id);
	jw_full_free(&jw);
	sa.id = id;
	memset(&sa.u, 0, sizeof sa.u);
	sa.u.permission = (struct ops_joint_work_permission_args){.granted = true, .ref = "L-2"};
	tw_act(&c, "head_m", "org_m", false);
	CHECK(ops_joint_work_permission(&c, &sa, &jw, &e) == 0);
	jw_full_free(&jw);
	tw_act(&c, "user_a", "org_a", false);
	/* a provider's arrangement without the provider: 400, unrecorded */
	sa.u.protection = (struct ops_joint_work_protection_args){.arrangement =
	                                                          "quasi_public_affiliate"};
	n0 = audit_n(s);
	CHECK(ops_joint_work_protection(&c, &sa, &jw, &e) == -1);
	CHECK_STR(e.code, "missing_field");
	CHECK_STR(e.field, "provider_org_id");
	CHECK(audit_n(s) == n0);
	/* protection_service_invalid, Art. 26.2, R743 p.8: no affiliate */
	sa.u.protection.provider_org_id = "org_m";
	qerr_clear(&e);
	refused(ops_joint_work_protection(&c, &sa, &jw, &e), &e, "protection_service_invalid",
	        n0, id, "permitted");
	sa.u.protection = (struct ops_joint_work_protection_args){.arrangement = "customer"};
	qerr_clear(&e);
	CHECK(ops_joint_work_protection(&c, &sa, &jw, &e) == 0);
	CHECK_STR(jw.w.prot_arrangement, "customer");
	CHECK_STR(jw.w.prot_provider_org_id, "org_a");
	CHECK(audit_n(s) == n0 + 2);
	jw_full_free(&jw);
	/* the addendum: not to the customer itself (400), then
	 * nsc_notice_missing (R743 p.10), then the assignee takes its place */
	memset(&sa.u, 0, sizeof sa.u);
	sa.u.addendum = (struct ops_joint_work_addendum_args){
		.assignee_org_id = "org_a", .number = "D-1", .reason = "reorganization",
		.signed_on = date_from_ymd(2026, 3, 2), .nsc_notice_sent_on = QDATE_NONE,
		.disposing_notice_sent_on = QDATE_NONE};
	n0 = audit_n(s);
	qerr_clear(&e);
	CHECK(ops_joint_work_addendum(&c, &sa, &jw, &e) == -1 && e.status == QERR_INPUT);
	CHECK_STR(e.field, "assignee_org_id");
	CHECK(audit_n(s) == n0);
	sa.u.addendum.assignee_org_id = "org_b";
	qerr_clear(&e);
	refused(ops_joint_work_addendum(&c, &sa, &jw, &e), &e, "nsc_notice_missing", n0, id,
	        "permitted");
	sa.u.addendum.nsc_notice_sent_on = date_from_ymd(2026, 3, 2);
	qerr_clear(&e);
	CHECK(ops_joint_work_addendum(&c, &sa, &jw, &e) == 0);
	CHECK_STR(jw.w.customer_org_id, "org_b");
	CHECK(jw.addenda.n == 1 && strcmp(jw.addenda.v[0].from_org_id, "org_a") == 0);
	CHECK(audit_n(s) == n0 + 2);
	jw_full_free(&jw);

	tw_verify(s, keys);
	ops_world_close(&c, s, keys);
	return tap_done();
}
