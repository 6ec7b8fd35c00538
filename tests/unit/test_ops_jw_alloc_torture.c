/*
 * test_ops_joint_work_alloc_torture.c — allocation-failure loop (issue 11,
 * deliverable 4) over the steps that move carriers, called without HTTP:
 * the transfer of an annex carrier's copy to the executor
 * (ops_joint_work_transfer: it reads the work, the carrier, the executor's
 * permits, moves the copy, writes two journal entries, the work's history
 * and its audit entry), the close that brings it back (ops_joint_work_close),
 * the request (ops_joint_work_request), a transfer of Art. 25 to
 * another organization (ops_transfer_create: the act, the copy moved, two
 * journal entries) and one abroad (ops_foreign_transfer, Art. 27: the
 * carrier "transferred" with its transferred_to, one journal entry). The carrier is a typed row (struct carrier_rec): no
 * stored carrier is parsed from JSON, and every allocation may fail.
 *
 * For N = 1, 2, ... the Nth allocation of the step fails (core/alloc.h;
 * jansson, SQLite and qupiya's own allocators are hooked, torture.h).
 * Each run must end either in success with exactly the step's records and
 * one audit entry, or in a clean error (500, 503) with nothing stored: the
 * joint works, the movements, the carrier's copy still at the customer's,
 * the work's state and the audit log as before. After every run
 * audit_verify must pass. The loop ends at the first N the step no longer
 * reaches.
 *
 * It found that json_dumps() can store a carrier whose text does not
 * parse (store/store_json.h) and a read of a NULL array after a failed
 * calloc in the transfer; both are fixed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/custody_rec.h"
#include "ops/carrier_store.h"
#include "ops/foreign.h"
#include "ops/joint_works.h"
#include "ops/transfers.h"
#include "tap.h"
#include "torture_ops.h"
#include "store/tables_transfers.h"
#include "transfer_world.h"

static char permit[STORE_ID_MAX], permit_c[STORE_ID_MAX];
static int serial;

/* What a step may change. */
struct snap {
	int works, movements, transfers;
	int64_t audit;
	char state[STORE_STATE_MAX];      /* the work's */
	char holder[STORE_ID_MAX];        /* copy 1's */
	char cstate[STORE_STATE_MAX];     /* the carrier's */
	bool sent_abroad;                 /* its transferred_to is there */
};

static int
snap_take(const char *jw_id, const char *car_id, struct snap *s)
{
	struct store_tx *tx;
	struct carrier_rec car;
	struct qerr e = {0};

	memset(s, 0, sizeof *s);
	s->movements = tw_count(ctx.store, "movement", NULL);
	if (store_begin(ctx.store, false, &tx, &e) != 0)
		return -1;
	s->works = (int)store_row_count(tx, &store_jw_table, NULL, 0, &e);
	s->transfers = (int)store_row_count(tx, &store_transfer_table, NULL, 0, &e);
	if (store_audit_size(tx, &s->audit, &e) != 0) {
		store_rollback(tx);
		return -1;
	}
	if (jw_id[0] != '\0') {
		struct jw_full w;

		if (ops_joint_work_load(tx, jw_id, &w, &e) == 0) {
			q_strlcpy(s->state, jw_rec_state_names[w.w.state], sizeof s->state);
			/* every child row appended by the step is there too (the
			 * close: its state and the carrier's return) */
			size_t base = w.w.state == JW_CLOSED ? 4 : 3;

			if (w.history.n < base || w.transferred.n != w.history.n - base)
				s->state[0] = '?';
			jw_full_free(&w);
		}
	}
	if (ops_carrier_load(tx, car_id, &car, NULL, &e) == 0) {
		const char *h = custody_rec_copy_org(&car, custody_rec_copy(&car, 1));

		q_strlcpy(s->holder, h != NULL ? h : "", sizeof s->holder);
		q_strlcpy(s->cstate, car.state, sizeof s->cstate);
		s->sent_abroad = car.extra != NULL && strstr(car.extra, "\"transferred_to\"") != NULL;
		carrier_rec_clear(&car);
	}
	store_rollback(tx);
	return s->works < 0 || s->movements < 0 || s->transfers < 0 ? -1 : 0;
}

/* The request of org_a to org_b for copy 1 of carrier car. */
static void
request_of(const char *car, struct ops_copy_pick *pick, struct ops_joint_work_request_args *rq)
{
	static const int one[] = {1};

	*pick = (struct ops_copy_pick){.carrier_id = car, .numbers = one, .n = 1, .given = true};
	*rq = (struct ops_joint_work_request_args){
		.customer_org_id = "org_a", .executor_org_id = "org_b",
		.disposing_org_id = "org_m", .justification = "torture",
		.term_from = date_from_ymd(2026, 1, 1), .term_to = date_from_ymd(2026, 12, 31),
		.carriers = pick, .ncarriers = 1, .received_on = QDATE_NONE,
		.executor_permit_ref = permit,
	};
}

/* A fresh carrier of org_a and, when notified, a joint work that reached
 * the notice for it (unarmed). */
static int
fresh(char car[STORE_ID_MAX], char jw_id[STORE_ID_MAX], bool notified)
{
	struct ops_copy_pick pick;
	struct ops_joint_work_request_args rq;
	struct ops_joint_work_step_args sa = {0};
	const char *annex[1];
	struct jw_full jw = {0};
	struct qerr e = {0};
	int rc;

	snprintf(car, STORE_ID_MAX, "car_%d", ++serial);
	tw_carrier(ctx.store, car, "org_a", "info_1", "org_m");
	jw_id[0] = '\0';
	if (!notified)
		return 0;
	request_of(car, &pick, &rq);
	annex[0] = car;
	tw_act(&ctx, "user_a", "org_a", false);
	if (ops_joint_work_request(&ctx, &rq, &jw, &e) != 0)
		return -1;
	q_strlcpy(jw_id, jw.w.h.id, STORE_ID_MAX);
	jw_full_free(&jw);
	sa.id = jw_id;
	sa.u.permission = (struct ops_joint_work_permission_args){.granted = true};
	tw_act(&ctx, "head_m", "org_m", false);
	rc = ops_joint_work_permission(&ctx, &sa, &jw, &e);
	jw_full_free(&jw);
	tw_act(&ctx, "user_a", "org_a", false);
	sa.u.agreement = (struct ops_joint_work_agreement_args){.number = "A", .annex = {annex, 1},
	                                                .signed_on = ctx.effective_date};
	if (rc == 0)
		rc = ops_joint_work_agreement(&ctx, &sa, &jw, &e);
	jw_full_free(&jw);
	sa.u.notice = (struct ops_joint_work_notice_args){.sent_on = ctx.effective_date};
	if (rc == 0)
		rc = ops_joint_work_notice(&ctx, &sa, &jw, &e);
	jw_full_free(&jw);
	return rc;
}

/* The steps looped over. */
enum step { ST_REQUEST, ST_TRANSFER, ST_CLOSE, ST_ART25, ST_FOREIGN };

/* A fresh carrier of org_a and a foreign transfer of it to org_f that
 * reached the contract (unarmed); its id into ft_id. */
static int
fresh_abroad(char car[STORE_ID_MAX], char ft_id[STORE_ID_MAX])
{
	static const char *const agreed[] = {"org_m"};
	const char *ids[1];
	struct ops_foreign_propose_args pa = {.proposer_org_id = "org_a",
	                                      .recipient_org_id = "org_f",
	                                      .justification = "a treaty",
	                                      .agreed_with = {agreed, 1}};
	struct ops_foreign_step_args sa = {.positive = true};
	struct foreign_full ft = {0};
	struct qerr e = {0};
	char none[STORE_ID_MAX];
	int rc;

	if (fresh(car, none, false) != 0)
		return -1;
	ids[0] = car;
	pa.carrier_ids = (struct ops_ids){ids, 1};
	tw_act(&ctx, "user_a", "org_a", false);
	if (ops_foreign_propose(&ctx, &pa, &ft, &e) != 0)
		return -1;
	q_strlcpy(ft_id, ft.f.h.id, STORE_ID_MAX);
	foreign_full_free(&ft);
	sa.id = ft_id;
	tw_act(&ctx, "user_ab", "", true);
	sa.ref = "EO-1";
	rc = ops_foreign_opinion(&ctx, &sa, &ft, &e);
	foreign_full_free(&ft);
	sa.ref = "GD-1";
	if (rc == 0)
		rc = ops_foreign_decision(&ctx, &sa, &ft, &e);
	foreign_full_free(&ft);
	tw_act(&ctx, "user_a", "org_a", false);
	sa.ref = "K-1";
	if (rc == 0)
		rc = ops_foreign_contract(&ctx, &sa, &ft, &e);
	foreign_full_free(&ft);
	return rc;
}

/* The joint work of a fresh carrier active with copy 1 at the executor
 * (unarmed). */
static int
fresh_active(char car[STORE_ID_MAX], char jw_id[STORE_ID_MAX])
{
	struct ops_joint_work_step_args sa = {0};
	const char *ids[1];
	struct jw_full out = {0};
	struct qerr e = {0};
	int rc;

	if (fresh(car, jw_id, true) != 0)
		return -1;
	ids[0] = car;
	sa.id = jw_id;
	sa.u.carrier_ids = (struct ops_ids){ids, 1};
	rc = ops_joint_work_transfer(&ctx, &sa, &out, &e);
	jw_full_free(&out);
	return rc;
}

static void
torture(enum step step, long max)
{
	static const char *const names[] = {"ops_joint_work_request", "ops_joint_work_transfer",
	                                    "ops_joint_work_close", "ops_transfer_create",
	                                    "ops_foreign_transfer"};
	const char *name = names[step];
	bool transfer = step != ST_REQUEST;
	long n, runs = 0, failed = 0;
	bool done = false;

	for (n = 1; n <= max && !done; n++) {
		char car[STORE_ID_MAX], jw_id[STORE_ID_MAX];
		struct ops_copy_pick pick;
		struct ops_joint_work_request_args rq;
		struct ops_joint_work_step_args sa = {0};
		const char *ids[1];
		struct snap before, after;
		struct jw_full out = {0};
		struct qerr e = {0};
		bool fired, same;
		int rc;

		struct ops_transfer_args ta = {.to_org_id = "org_c", .sanction_ref = "S-1"};
		struct transfer_full tf = {0};
		struct foreign_full ff = {0};
		struct ops_foreign_step_args fa = {0};
		char ft_id[STORE_ID_MAX];
		int set;

		set = step == ST_CLOSE     ? fresh_active(car, jw_id)
		    : step == ST_FOREIGN   ? fresh_abroad(car, ft_id)
		                           : fresh(car, jw_id, step == ST_TRANSFER);
		if (step == ST_FOREIGN)
			jw_id[0] = '\0';
		if (set != 0 || snap_take(jw_id, car, &before) != 0) {
			CHECK(!"setup failed");
			return;
		}
		ids[0] = car;
		request_of(car, &pick, &rq);
		sa.id = jw_id;
		sa.u.carrier_ids = (struct ops_ids){ids, 1};
		ta.carrier_ids = (struct ops_ids){ids, 1};
		fa.id = ft_id;
		q_alloc_fail_at(n);
		rc = step == ST_TRANSFER ? ops_joint_work_transfer(&ctx, &sa, &out, &e)
		   : step == ST_CLOSE    ? ops_joint_work_close(&ctx, &sa, &out, &e)
		   : step == ST_ART25    ? ops_transfer_create(&ctx, &ta, &tf, &e)
		   : step == ST_FOREIGN  ? ops_foreign_transfer(&ctx, &fa, &ff, &e)
		                         : ops_joint_work_request(&ctx, &rq, &out, &e);
		fired = q_alloc_fired();
		q_alloc_fail_at(0);
		jw_full_free(&out);
		transfer_full_free(&tf);
		foreign_full_free(&ff);
		runs++;
		if (snap_take(jw_id, car, &after) != 0) {
			CHECK(!"snapshot failed");
			return;
		}
		same = before.works == after.works && before.movements == after.movements &&
		       before.transfers == after.transfers && before.audit == after.audit &&
		       strcmp(before.state, after.state) == 0 &&
		       strcmp(before.holder, after.holder) == 0 &&
		       strcmp(before.cstate, after.cstate) == 0 && before.sent_abroad == after.sent_abroad;
		if (rc == 0) {
			static const char *const state[] = {"", "active", "closed", "", ""};
			static const char *const holder[] = {"org_a", "org_b", "org_a", "org_c", "org_a"};
			bool whole = after.audit == before.audit + 1 &&
			             after.transfers == before.transfers + (step == ST_ART25) &&
			             after.works == before.works + (step == ST_REQUEST) &&
			             after.movements == before.movements +
			                 (step == ST_FOREIGN ? 1 : transfer ? 2 : 0) &&
			             (step == ST_FOREIGN) == after.sent_abroad &&
			             (step != ST_FOREIGN || strcmp(after.cstate, "transferred") == 0) &&
			             strcmp(after.state, state[step]) == 0 &&
			             strcmp(after.holder, holder[step]) == 0;

			if (!whole) {
				fprintf(stderr, "%s N=%ld: success stored a partial step: audit %lld->%lld,"
				        " movements %d->%d, state %s, holder %s\n", name, n,
				        (long long)before.audit, (long long)after.audit, before.movements,
				        after.movements, after.state, after.holder);
				CHECK(false);
			}
			done = !fired;
		} else {
			failed++;
			if (!(e.status == QERR_INTERNAL || e.status == QERR_UNAVAILABLE) || !same) {
				fprintf(stderr, "%s N=%ld: status %d %s (%s), changed: %d\n", name, n,
				        e.status, e.code, e.detail, !same);
				CHECK(false);
			}
			if (!fired) {
				fprintf(stderr, "%s N=%ld: failed without an injected failure: %s %s\n",
				        name, n, e.code, e.detail);
				CHECK(false);
				done = true;
			}
		}
		if (!audit_ok()) {
			fprintf(stderr, "%s N=%ld: the audit log does not verify\n", name, n);
			CHECK(false);
			done = true;
		}
	}
	printf("%s: %ld runs, %ld clean failures, then success untouched\n", name, runs, failed);
	CHECK(done);
	CHECK(failed > 0);
}

int
main(void)
{
	long max = torture_max();

	if (torture_ops_open("qupiya-jw-torture", "user_nsc") != 0)
		return 1;
	tw_org(ctx.store, "org_a", "state_body");
	tw_org(ctx.store, "org_b", "state_body");
	tw_org(ctx.store, "org_c", "state_body");
	tw_org(ctx.store, "org_f", "foreign_state");
	tw_org(ctx.store, "org_m", "state_body");
	tw_info(ctx.store, "info_1", "org_m");
	tw_permit(&ctx, "org_b", "P-B-1", permit);
	tw_permit(&ctx, "org_c", "P-C-1", permit_c);
	tw_act(&ctx, "user_a", "org_a", false);

	torture(ST_REQUEST, max);
	torture(ST_TRANSFER, max);
	torture(ST_CLOSE, max);
	torture(ST_ART25, max);
	torture(ST_FOREIGN, max);

	torture_ops_close();
	return tap_done();
}
