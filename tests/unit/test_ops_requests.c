/*
 * test_ops_requests.c — declassification requests (Art. 24) in their typed
 * table without HTTP: register (403 another organization, 404 org_id, 400
 * a date in the future), answer (request_overdue without reasons,
 * recorded; a late answer flagged), forward (forward_not_competent to a
 * commercial organization, the receiver's own request with its clock),
 * ops_requests_each by organization and state, the table as described,
 * and the migration 0023c_typed_requests moving full 0.1.0 requests (an
 * answered one, a forwarded one and the receiver's) with nothing lost.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/declassify.h"
#include "ops/requests.h"
#include "store/tables_requests.h"
#include "ops_world.h"
#include "tap.h"

#define ORG_A "org_00000000000000a1"
#define ORG_B "org_00000000000000b1"
#define FIRM  "org_00000000000000f1"
#define REQ_STEP "0023c_typed_requests"

static void
expect_err(struct qerr *e, int status, const char *code, const char *field)
{
	CHECK(e->status == status);
	CHECK_STR(e->code, code);
	if (field != NULL)
		CHECK_STR(e->field, field);
	qerr_clear(e);
}

static int
count_cb(void *ctx, const void *row)
{
	(void)row;
	(*(int *)ctx)++;
	return 0;
}

static int
count(struct store *s, const char *org, int state)
{
	struct store_tx *tx = NULL;
	struct qerr e = {0};
	int n = 0;

	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(ops_requests_each(tx, org, state, 0, 0, count_cb, &n, &e) >= 0);
	store_rollback(tx);
	return n;
}

static void
procedures(struct ops_ctx *c, struct store *s, const struct crypto_keys *keys)
{
	struct ops_request_args ra = {.org_id = ORG_A, .requester = "A citizen",
	                              .subject = "Plans of 1990",
	                              .received_on = date_from_ymd(2026, 1, 10)};
	struct ops_request_answer_args aa = {.declassified = false};
	struct ops_request_forward_args fa = {.to_org_id = FIRM,
	                                      .notice_sent_on = date_from_ymd(2026, 3, 1)};
	struct request_rec r, f;
	struct qerr e = {0};
	int64_t n0;

	ops_world_put(s, "org", ORG_A, "", "", "active", json_pack("{s:s}", "kind", "state_body"));
	ops_world_put(s, "org", ORG_B, "", "", "active", json_pack("{s:s}", "kind", "state_body"));
	ops_world_put(s, "org", FIRM, "", "", "active", json_pack("{s:s}", "kind", "organization"));
	q_strlcpy(c->actor.user_id, "user_so", sizeof c->actor.user_id);
	q_strlcpy(c->actor.org_id, ORG_A, sizeof c->actor.org_id);
	n0 = audit_n(s);

	/* Register. */
	ra.org_id = ORG_B;
	CHECK(ops_request_register(c, &ra, &r, &e) == -1);
	expect_err(&e, QERR_FORBIDDEN, "forbidden_org", NULL);
	c->actor.cross_org = true;
	ra.org_id = "org_nothere";
	CHECK(ops_request_register(c, &ra, &r, &e) == -1);
	expect_err(&e, QERR_NOT_FOUND, "not_found", "org_id");
	c->actor.cross_org = false;
	ra.org_id = ORG_A;
	ra.received_on = date_from_ymd(2026, 3, 3);
	CHECK(ops_request_register(c, &ra, &r, &e) == -1);
	expect_err(&e, QERR_INPUT, "date_in_future", "received_on");
	ra.received_on = date_from_ymd(2026, 1, 10);
	CHECK(ops_request_register(c, &ra, &r, &e) == 0);
	CHECK(r.state == REQUEST_ST_OPEN && r.due_on == date_from_ymd(2026, 2, 10));
	CHECK_STR(r.requester, "A citizen");
	CHECK_STR(r.registered_by, "user_so");
	CHECK(r.answered_on == QDATE_NONE && r.forwarded_on == QDATE_NONE && !r.late);
	CHECK(audit_n(s) == n0 + 1);
	CHECK(count(s, ORG_A, REQUEST_ST_OPEN) == 1 && count(s, ORG_B, -1) == 0);

	/* Answer: request_overdue without reasons (recorded), then late. */
	aa.request_id = r.h.id;
	CHECK(ops_request_answer(c, &aa, &f, &e) == -1);
	CHECK(e.audited && audit_n(s) == n0 + 2);
	expect_err(&e, QERR_RULE, "request_overdue", NULL);
	aa.reasons = "still classified";
	CHECK(ops_request_answer(c, &aa, &f, &e) == 0);
	CHECK(f.state == REQUEST_ST_ANSWERED && f.decision == REQUEST_REFUSED && f.late &&
	      f.answer_late && f.answered_on == c->effective_date);
	CHECK_STR(f.reasons, "still classified");
	CHECK(f.h.version == 2);
	request_rec_free(&f);
	CHECK(ops_request_answer(c, &aa, &f, &e) == -1);
	expect_err(&e, QERR_CONFLICT, "invalid_state", NULL);
	request_rec_free(&r);

	/* Forward: not to a commercial organization, then to a state body. */
	ra.received_on = date_from_ymd(2026, 2, 20);
	CHECK(ops_request_register(c, &ra, &r, &e) == 0);
	fa.request_id = r.h.id;
	CHECK(ops_request_forward(c, &fa, &f, &e) == -1);
	CHECK(e.audited);
	expect_err(&e, QERR_RULE, "forward_not_competent", NULL);
	fa.to_org_id = ORG_A;
	CHECK(ops_request_forward(c, &fa, &f, &e) == -1);
	expect_err(&e, QERR_INPUT, "invalid_value", "to_org_id");
	fa.to_org_id = ORG_B;
	CHECK(ops_request_forward(c, &fa, &f, &e) == 0);
	CHECK(f.state == REQUEST_ST_FORWARDED && !f.late && f.notice_sent_on == fa.notice_sent_on);
	CHECK_STR(f.forward_to_org_id, ORG_B);
	CHECK(f.forward_request_id[0] != '\0');
	/* the receiver's own request, due a month after the forwarding */
	c->actor.cross_org = true;
	{
		struct request_rec g;

		CHECK(ops_request_get(c, f.forward_request_id, &g, &e) == 0);
		CHECK(g.state == REQUEST_ST_OPEN && g.received_on == c->effective_date);
		CHECK(g.due_on == date_from_ymd(2026, 4, 2));
		CHECK_STR(g.org_id, ORG_B);
		CHECK_STR(g.forwarded_from, r.h.id);
		CHECK_STR(g.forwarded_by_org_id, ORG_A);
		CHECK_STR(g.subject, "Plans of 1990");
		request_rec_free(&g);
	}
	c->actor.cross_org = false;
	CHECK(ops_request_check(c, f.forward_request_id, &e) == -1);
	expect_err(&e, QERR_FORBIDDEN, "forbidden_org", NULL);
	CHECK(ops_request_check(c, "request_nothere", &e) == -1);
	expect_err(&e, QERR_NOT_FOUND, "not_found", NULL);
	CHECK(count(s, ORG_B, REQUEST_ST_OPEN) == 1 && count(s, NULL, -1) == 3);
	request_rec_free(&f);
	request_rec_free(&r);
	ops_world_verify(s, keys);
}

/* Three 0.1.0 requests: one answered, one forwarded and the receiver's. */
static void
old_requests(struct store *s)
{
	ops_world_put(s, "request", "request_old1", ORG_A, "", "answered",
	              json_pack("{s:{s:s, s:s, s:s, s:b, s:s}, s:s, s:n, s:b, s:s, s:s, s:s, s:s,"
	                        " s:s, s:s, s:s}",
	                        "answer", "answered_on", "2025-06-02", "by", "user_head", "decision",
	                        "declassified", "late", 1, "reasons", "obsolete", "due_on",
	                        "2025-06-01", "forward", "late", 1, "org_id", ORG_A, "received_on",
	                        "2025-05-01", "registered_by", "user_so", "registered_on",
	                        "2025-05-02", "requester", "A. Citizen", "state", "answered",
	                        "subject", "plans of 1990"));
	ops_world_put(s, "request", "request_old3", ORG_B, "", "open",
	              json_pack("{s:n, s:s, s:n, s:b, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s,"
	                        " s:s}",
	                        "answer", "due_on", "2025-07-02", "forward", "late", 0, "org_id",
	                        ORG_B, "received_on", "2025-06-02", "registered_by", "user_so",
	                        "registered_on", "2025-06-02", "requester", "B. Citizen", "state",
	                        "open", "subject", "plans of 1991", "forwarded_from", "request_old2",
	                        "forwarded_by_org_id", ORG_A));
	ops_world_put(s, "request", "request_old2", ORG_A, "", "forwarded",
	              json_pack("{s:n, s:s, s:{s:s, s:s, s:s, s:b, s:s, s:s}, s:b, s:s, s:s, s:s,"
	                        " s:s, s:s, s:s, s:s}",
	                        "answer", "due_on", "2025-06-20", "forward", "to_org_id", ORG_B,
	                        "notice_sent_on", "2025-06-01", "forwarded_on", "2025-06-02", "late",
	                        0, "by", "user_so", "request_id", "request_old3", "late", 0, "org_id",
	                        ORG_A, "received_on", "2025-05-20", "registered_by", "user_so",
	                        "registered_on", "2025-05-20", "requester", "B. Citizen", "state",
	                        "forwarded", "subject", "plans of 1991"));
}

static void
migration_moves_records(struct store **sp)
{
	struct store *s = *sp;
	struct store_tx *tx = NULL;
	struct request_rec r;
	struct qerr e = {0};
	int64_t seq1 = 0;

	old_requests(s);
	seq1 = rec_seq(s, "request", "request_old1");
	CHECK(migration_rerun(&s, world_db, REQ_STEP, NULL) == 0);
	*sp = s;
	if (s == NULL)
		return;
	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(store_row_get(tx, &store_request_table, "request_old1", &r, &e) == 0);
	CHECK(r.h.seq == seq1 && r.state == REQUEST_ST_ANSWERED && r.late && r.answer_late);
	CHECK(r.decision == REQUEST_DECLASSIFIED && r.answered_on == date_from_ymd(2025, 6, 2));
	CHECK_STR(r.reasons, "obsolete");
	CHECK_STR(r.answered_by, "user_head");
	CHECK_STR(r.requester, "A. Citizen");
	CHECK_STR(r.subject, "plans of 1990");
	CHECK(r.received_on == date_from_ymd(2025, 5, 1) && r.due_on == date_from_ymd(2025, 6, 1));
	CHECK(r.registered_on == date_from_ymd(2025, 5, 2));
	CHECK_STR(r.registered_by, "user_so");
	CHECK(r.forwarded_on == QDATE_NONE && r.forwarded_from[0] == '\0');
	request_rec_free(&r);
	CHECK(store_row_get(tx, &store_request_table, "request_old2", &r, &e) == 0);
	CHECK(r.state == REQUEST_ST_FORWARDED && r.forwarded_on == date_from_ymd(2025, 6, 2));
	CHECK(r.notice_sent_on == date_from_ymd(2025, 6, 1) && !r.forward_late);
	CHECK_STR(r.forward_to_org_id, ORG_B);
	CHECK_STR(r.forwarded_by, "user_so");
	CHECK_STR(r.forward_request_id, "request_old3");
	CHECK(r.answered_on == QDATE_NONE && r.reasons == NULL);
	request_rec_free(&r);
	CHECK(store_row_get(tx, &store_request_table, "request_old3", &r, &e) == 0);
	CHECK_STR(r.forwarded_from, "request_old2");
	CHECK_STR(r.forwarded_by_org_id, ORG_A);
	request_rec_free(&r);
	{
		struct store_rec x = {0};

		CHECK(store_rec_get(tx, "request", "request_old2", &x, &e) == -1);
		store_rec_clear(&x);
	}
	store_rollback(tx);
}

int
main(void)
{
	struct crypto_keys *keys;
	struct store *s = NULL;
	struct store_tx *tx;
	struct qerr e = {0};
	struct ops_ctx c;

	if (ops_world_open("opsreq", &keys, &s) != 0)
		return 1;
	if (keys == NULL || s == NULL)
		return tap_done();
	/* The migration's table is its description. */
	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(store_table_check(tx, &store_request_table, &e) == 0);
	store_rollback(tx);

	ops_world_ctx(&c, s, keys);
	procedures(&c, s, keys);
	migration_moves_records(&s);
	ops_world_close(&c, s, keys);
	return tap_done();
}
