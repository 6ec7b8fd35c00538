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
 * with nothing written; the audit log verifies.
 */
#include <stdio.h>
#include <string.h>

#include "audit/auditlog.h"
#include "ops/custody.h"
#include "ops/joint_works.h"
#include "ops_world.h"
#include "transfer_world.h"
#include "tap.h"

static struct store *s;

/* A refused step: code, recorded, the work unchanged in state. */
static void
refused(int rc, const struct qerr *e, const char *code, int64_t before, const char *id,
        const char *state)
{
	struct store_rec jw = {0};

	CHECK(rc == -1);
	CHECK_STR(e->code, code);
	CHECK(e->audited && audit_n(s) == before + 1);
	CHECK(tw_get(s, "joint_work", id, &jw) == 0);
	CHECK_STR(jw.state, state);
	store_rec_clear(&jw);
}

/* The holder of copy 1 of car_1 and the work it is away under. */
static void
copy_at(const char *org, const char *jw_id)
{
	struct store_rec car = {0};
	json_t *cp;

	CHECK(tw_get(s, "carrier", "car_1", &car) == 0);
	cp = custody_copy(car.doc, 1);
	CHECK_STR(custody_copy_org(car.doc, cp), org);
	if (jw_id != NULL)
		CHECK_STR(custody_copy_joint_work(cp), jw_id);
	else
		CHECK(custody_copy_joint_work(cp) == NULL);
	CHECK_STR(car.org_id, "org_a");
	store_rec_clear(&car);
}

int
main(void)
{
	struct crypto_keys *keys;
	struct store_rec jw = {0};
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
	char permit[STORE_ID_MAX], id[STORE_ID_MAX];
	int64_t n0;

	if (ops_world_open("ops-jw", &keys, &s) != 0)
		return 1;
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
	CHECK(audit_n(s) == n0 && tw_count(s, "joint_work", NULL) == 0);
	tw_act(&c, "user_a", "org_a", false);
	rq.term_to = QDATE_NONE;   /* permission_request_incomplete, R743 p.4.4 */
	qerr_clear(&e);
	CHECK(ops_joint_work_request(&c, &rq, &jw, &e) == -1);
	CHECK_STR(e.code, "permission_request_incomplete");
	CHECK(e.audited && audit_n(s) == n0 + 1 && tw_count(s, "joint_work", NULL) == 0);
	rq.term_to = date_from_ymd(2026, 12, 31);
	qerr_clear(&e);
	CHECK(ops_joint_work_request(&c, &rq, &jw, &e) == 0);
	CHECK_STR(jw.state, "requested");
	CHECK_STR(jw.parent_id, "org_b");
	q_strlcpy(id, jw.id, sizeof id);
	store_rec_clear(&jw);
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
	CHECK_STR(jw.state, "permitted");
	CHECK(!ops_joint_work_overdue(&jw, c.today));
	store_rec_clear(&jw);

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
	CHECK_STR(jw.state, "agreed");
	store_rec_clear(&jw);

	/* ---- the transfer before the notice ---- */
	sa.u.carrier_ids = (struct ops_ids){annex, 1};
	n0 = audit_n(s);
	qerr_clear(&e);
	refused(ops_joint_work_transfer(&c, &sa, &jw, &e), &e, "nsc_notice_missing", n0, id, "agreed");
	sa.u.notice = (struct ops_joint_work_notice_args){.sent_on = date_from_ymd(2026, 3, 2)};
	qerr_clear(&e);
	CHECK(ops_joint_work_notice(&c, &sa, &jw, &e) == 0);
	CHECK_STR(jw.state, "notified");
	CHECK_STR(ops_docs_str(json_object_get(jw.doc, "nsc_notice"), "nsc_office"),
	          "national security authority, Astana");
	store_rec_clear(&jw);

	/* ---- the transfer: outside the annex, then the annex's copy ---- */
	sa.u.carrier_ids = (struct ops_ids){other, 1};
	n0 = audit_n(s);
	qerr_clear(&e);
	refused(ops_joint_work_transfer(&c, &sa, &jw, &e), &e, "not_in_annex", n0, id, "notified");
	copy_at("org_a", NULL);
	sa.u.carrier_ids = (struct ops_ids){annex, 1};
	qerr_clear(&e);
	CHECK(ops_joint_work_transfer(&c, &sa, &jw, &e) == 0);
	CHECK_STR(jw.state, "active");
	store_rec_clear(&jw);
	copy_at("org_b", id);
	CHECK(tw_count(s, "movement", "car_1") == 2);

	/* ---- a violation suspends; the transfer then refused ---- */
	sa.u.description = "an unregistered copy";
	qerr_clear(&e);
	CHECK(ops_joint_work_violation(&c, &sa, &jw, &e) == 0);
	CHECK_STR(jw.state, "suspended");
	store_rec_clear(&jw);
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
	CHECK_STR(jw.state, "active");
	store_rec_clear(&jw);

	/* ---- close: the copy comes back ---- */
	qerr_clear(&e);
	CHECK(ops_joint_work_close(&c, &sa, &jw, &e) == 0);
	CHECK_STR(jw.state, "closed");
	CHECK(json_array_size(json_object_get(jw.doc, "held")) == 0);
	store_rec_clear(&jw);
	copy_at("org_a", NULL);
	CHECK(tw_count(s, "movement", "car_1") == 4);

	/* ---- reading: the customer, the executor, the body; no other ---- */
	CHECK(ops_joint_work_get(&c, id, &jw, &e) == 0);
	store_rec_clear(&jw);
	tw_act(&c, "user_x", "org_x", false);
	qerr_clear(&e);
	CHECK(ops_joint_work_get(&c, id, &jw, &e) == -1 && e.status == QERR_FORBIDDEN);

	tw_verify(s, keys);
	ops_world_close(&c, s, keys);
	return tap_done();
}
