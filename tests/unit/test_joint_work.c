/*
 * test_joint_work.c — the joint-work state machine of core/joint_work.h
 * (Decree 743), the foreign-transfer steps of core/foreign.h (Art. 27) and
 * the transfer rules of core/transfer.h (Art. 25, 26.1, 28), table-driven:
 * every transition from every state with its want_code, the dates of the
 * steps a step depends on, the request's fields (R743 p.4), the 10-working-
 * day answer (R743 p.5) on the real calendar data, violations (R743 p.9),
 * the protection arrangements (R743 p.8).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/foreign.h"
#include "core/joint_work.h"
#include "core/transfer.h"
#include "tap.h"

static qdate
D(const char *s)
{
	qdate d = QDATE_NONE;

	if (date_parse(s, &d) != 0)
		abort();
	return d;
}

static const char *
code_of(int rc, const struct qerr *e)
{
	return rc == 0 ? "ok" : e->code;
}

/* ---- transitions, from every state -------------------------------------- */

enum step { S_PERMIT, S_REFUSE, S_AGREE, S_NOTICE, S_TRANSFER, S_VIOLATION, S_RESUME,
            S_CLOSE, S_CANCEL, S_ADDENDUM };

struct tcase {
	enum jw_state from;
	enum step step;
	const char *want_code;        /* "ok" or the code */
	enum jw_state want_next;
};

static const struct tcase tcases[] = {
	{JW_REQUESTED, S_PERMIT, "ok", JW_PERMITTED},
	{JW_REQUESTED, S_REFUSE, "ok", JW_REFUSED},
	{JW_PERMITTED, S_PERMIT, "invalid_state", 0},
	{JW_REQUESTED, S_AGREE, "permission_required", 0},
	{JW_REFUSED, S_AGREE, "permission_required", 0},
	{JW_PERMITTED, S_AGREE, "ok", JW_AGREED},
	{JW_AGREED, S_AGREE, "invalid_state", 0},
	{JW_REQUESTED, S_NOTICE, "permission_required", 0},
	{JW_PERMITTED, S_NOTICE, "invalid_state", 0},
	{JW_AGREED, S_NOTICE, "ok", JW_NOTIFIED},
	{JW_NOTIFIED, S_NOTICE, "invalid_state", 0},
	{JW_REQUESTED, S_TRANSFER, "permission_required", 0},
	{JW_REFUSED, S_TRANSFER, "permission_required", 0},
	{JW_PERMITTED, S_TRANSFER, "not_in_annex", 0},
	{JW_AGREED, S_TRANSFER, "nsc_notice_missing", 0},
	{JW_NOTIFIED, S_TRANSFER, "ok", JW_ACTIVE},
	{JW_ACTIVE, S_TRANSFER, "ok", JW_ACTIVE},
	{JW_SUSPENDED, S_TRANSFER, "joint_work_suspended", 0},
	{JW_CLOSED, S_TRANSFER, "invalid_state", 0},
	{JW_NOTIFIED, S_VIOLATION, "invalid_state", 0},
	{JW_ACTIVE, S_VIOLATION, "ok", JW_SUSPENDED},
	{JW_SUSPENDED, S_VIOLATION, "ok", JW_SUSPENDED},
	{JW_ACTIVE, S_RESUME, "invalid_state", 0},
	{JW_SUSPENDED, S_RESUME, "ok", JW_ACTIVE},
	{JW_REQUESTED, S_CLOSE, "ok", JW_CLOSED},
	{JW_ACTIVE, S_CLOSE, "ok", JW_CLOSED},
	{JW_SUSPENDED, S_CLOSE, "ok", JW_CLOSED},
	{JW_REFUSED, S_CLOSE, "invalid_state", 0},
	{JW_CLOSED, S_CLOSE, "invalid_state", 0},
	{JW_CANCELLED, S_CLOSE, "invalid_state", 0},
	{JW_ACTIVE, S_CANCEL, "invalid_state", 0},
	{JW_SUSPENDED, S_CANCEL, "ok", JW_CANCELLED},   /* with the cancellation raised */
	{JW_PERMITTED, S_ADDENDUM, "ok", 0},
	{JW_REQUESTED, S_ADDENDUM, "invalid_state", 0},
	{JW_UNKNOWN, S_PERMIT, "invalid_state", 0},
	{JW_UNKNOWN, S_TRANSFER, "invalid_state", 0},
	{JW_UNKNOWN, S_CLOSE, "invalid_state", 0},
};

static void
test_transitions(void)
{
	const struct jw_dates d = {D("2025-01-10"), D("2025-01-11"), D("2025-01-12"),
	                           D("2025-01-13")};
	const qdate day = D("2025-01-20");

	for (size_t i = 0; i < sizeof tcases / sizeof tcases[0]; i++) {
		const struct tcase *c = &tcases[i];
		struct qerr e = {0};
		enum jw_state next = JW_UNKNOWN;
		bool raised = false;
		int rc = -1;

		switch (c->step) {
		case S_PERMIT: rc = jw_permission(c->from, &d, day, true, &next, &e); break;
		case S_REFUSE: rc = jw_permission(c->from, &d, day, false, &next, &e); break;
		case S_AGREE: rc = jw_agreement(c->from, &d, day, &next, &e); break;
		case S_NOTICE: rc = jw_nsc_notice(c->from, &d, day, &next, &e); break;
		case S_TRANSFER: rc = jw_transfer(c->from, &d, day, &next, &e); break;
		case S_VIOLATION: rc = jw_violation(c->from, 0, &next, &raised, &e); break;
		case S_RESUME: rc = jw_resume(c->from, &next, &e); break;
		case S_CLOSE: rc = jw_close(c->from, &next, &e); break;
		case S_CANCEL: rc = jw_cancel(c->from, true, &next, &e); break;
		case S_ADDENDUM: rc = jw_addendum(c->from, &e); next = 0; break;
		}
		if (strcmp(code_of(rc, &e), c->want_code) != 0)
			fprintf(stderr, "case %zu\n", i);
		CHECK_STR(code_of(rc, &e), c->want_code);
		if (rc == 0)
			CHECK(next == c->want_next);
		else
			CHECK(next == JW_UNKNOWN);   /* *next untouched on refusal */
	}
}

/* A step dated before the step it depends on: as if it were missing. */
static void
test_dates(void)
{
	struct jw_dates d = {D("2025-03-03"), D("2025-03-05"), D("2025-03-06"), D("2025-03-10")};
	struct qerr e = {0};
	enum jw_state next;

	CHECK(jw_agreement(JW_PERMITTED, &d, D("2025-03-04"), &next, &e) == -1);
	CHECK_STR(e.code, "permission_required");
	CHECK(jw_agreement(JW_PERMITTED, &d, D("2025-03-05"), &next, &e) == 0);
	qerr_clear(&e);
	CHECK(jw_nsc_notice(JW_AGREED, &d, D("2025-03-05"), &next, &e) == -1);
	CHECK_STR(e.code, "invalid_state");
	qerr_clear(&e);
	CHECK(jw_transfer(JW_NOTIFIED, &d, D("2025-03-09"), &next, &e) == -1);
	CHECK_STR(e.code, "nsc_notice_missing");
	CHECK(jw_transfer(JW_NOTIFIED, &d, D("2025-03-10"), &next, &e) == 0);
	qerr_clear(&e);
	CHECK(jw_permission(JW_REQUESTED, &d, D("2025-03-02"), true, &next, &e) == -1);
	CHECK_STR(e.code, "invalid_state");
	d.notified_on = QDATE_NONE;   /* a missing date never satisfies */
	CHECK(jw_transfer(JW_ACTIVE, &d, D("2025-04-01"), &next, &e) == -1);
}

static void
test_violations(void)
{
	struct qerr e = {0};
	enum jw_state next;
	bool raised = true;

	CHECK(jw_violation(JW_ACTIVE, 0, &next, &raised, &e) == 0 && !raised);
	CHECK(jw_violation(JW_SUSPENDED, 1, &next, &raised, &e) == 0 && raised);
	CHECK(jw_violation(JW_ACTIVE, 1, &next, &raised, &e) == 0 && raised);   /* after resume */
	CHECK(jw_cancel(JW_SUSPENDED, false, &next, &e) == -1);
	CHECK_STR(e.code, "invalid_state");
	CHECK(jw_holds_carriers(JW_ACTIVE) && jw_holds_carriers(JW_SUSPENDED));
	CHECK(!jw_holds_carriers(JW_NOTIFIED) && !jw_holds_carriers(JW_CLOSED));
	for (int s = JW_REQUESTED; s <= JW_CANCELLED; s++)
		CHECK(jw_state_parse(jw_state_name((enum jw_state)s)) == (enum jw_state)s);
	CHECK(jw_state_parse("bogus") == JW_UNKNOWN && jw_state_name(JW_UNKNOWN) == NULL);
}

/* permission_required (Art. 26.1): the disposer, not a body the customer names */
static void
test_permission_required_disposer(void)
{
	struct qerr e = {0};

	CHECK(jw_disposer_check(true, &e) == 0 && !qerr_is_set(&e));
	CHECK(jw_disposer_check(false, &e) == -1);
	CHECK_STR(e.code, "permission_required");
	CHECK_STR(e.article, "26.1");
	CHECK_STR(e.field, "disposing_org_id");
	CHECK(e.status == QERR_RULE);
}

/* ---- R743 p.4 ------------------------------------------------------------ */

static void
test_request(void)
{
	const struct jw_request full = {false, true, true, true, true, true, true, 2, 0, true};
	struct {
		const char *name;
		struct jw_request rq;
		const char *want_field;   /* NULL: complete */
	} cases[] = {
		{"complete", full, NULL},
		{"no executor", full, "executor_org_id"},
		{"no BIN", full, "executor_org_id"},
		{"no disposing", full, "disposing_org_id"},
		{"no justification", full, "justification"},
		{"no term_from", full, "term_from"},
		{"no term_to", full, "term_to"},
		{"no carriers", full, "carriers"},
		{"no copies", full, "carriers[1].copy_numbers"},
		{"no permit", full, "executor_permit_ref"},
		{"citizen without clearance", full, "executor_clearance_ref"},
		{"citizen without IIN", full, "executor_person_id"},
	};

	cases[1].rq.executor = false;
	cases[2].rq.executor_ident = false;
	cases[3].rq.disposing = false;
	cases[4].rq.justification = false;
	cases[5].rq.term_from = false;
	cases[6].rq.term_to = false;
	cases[7].rq.ncarriers = 0;
	cases[8].rq.first_without_copies = 2;
	cases[9].rq.permit_or_clearance = false;
	cases[10].rq.citizen = true;
	cases[10].rq.permit_or_clearance = false;
	cases[11].rq.citizen = true;
	cases[11].rq.executor_ident = false;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct qerr e = {0};
		int rc = jw_request_check(&cases[i].rq, &e);

		if (cases[i].want_field == NULL) {
			CHECK(rc == 0);
			continue;
		}
		CHECK(rc == -1);
		CHECK_STR(e.code, "permission_request_incomplete");
		CHECK_STR(e.article, "R743 p.4");
		CHECK_STR(e.field, cases[i].want_field);
		CHECK(e.status == QERR_RULE);
	}
	CHECK(jw_request_check(NULL, NULL) == -1);
}

/* ---- R743 p.5 on the real data ------------------------------------------- */

static struct calendar *
load_calendar(void)
{
	const char *dir = getenv("QUPIYA_DATA");
	char path[1024];
	static char buf[CALENDAR_TEXT_MAX];
	struct calendar *c = NULL;
	struct qerr e = {0};
	size_t n;
	FILE *f;

	snprintf(path, sizeof path, "%s/holidays/kz.txt", dir ? dir : "data");
	f = fopen(path, "rb");
	if (f == NULL) {
		fprintf(stderr, "%s: cannot open (set QUPIYA_DATA)\n", path);
		return NULL;
	}
	n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	if (calendar_parse(buf, n, &c, &e) != 0)
		fprintf(stderr, "%s: %s %s\n", path, e.code, e.field);
	return c;
}

static void
test_response_due(void)
{
	static const struct {
		const char *received, *want_due, *why;
	} cases[] = {
		{"2026-06-01", "2026-06-15", "two weekends"},
		{"2026-03-19", "2026-04-07", "Nauryz 21-23 March, days off 24, 25 March"},
		{"2024-12-30", "2025-01-16", "New Year, 3 Jan moved from Sun 5 Jan (worked), 7 Jan"},
		{"2026-05-06", "2026-05-22", "Victory Day on Saturday, shifted to Monday"},
		{"2026-05-18", "2026-06-02", "Kurban ait, not shifted"},
	};
	struct calendar *cal = load_calendar();

	CHECK(cal != NULL);
	for (size_t i = 0; cal != NULL && i < sizeof cases / sizeof cases[0]; i++) {
		char buf[QDATE_STR_SIZE];

		date_format(jw_response_due(cal, D(cases[i].received)), buf);
		if (strcmp(buf, cases[i].want_due) != 0)
			fprintf(stderr, "%s: %s\n", cases[i].received, cases[i].why);
		CHECK_STR(buf, cases[i].want_due);
	}
	CHECK(jw_response_due(cal, QDATE_NONE) == QDATE_NONE);
	/* The deadline names a kind; lateness is only recorded. */
	CHECK(!jw_permission_late(D("2026-04-07"), D("2026-04-07")));
	CHECK(jw_permission_late(D("2026-04-07"), D("2026-04-08")));
	CHECK(!jw_permission_late(QDATE_NONE, D("2026-04-08")));
	calendar_free(cal);
}

/* ---- R743 p.8 ------------------------------------------------------------ */

static void
test_protection(void)
{
	struct jw_protection_facts ok_prov = {
		.executor_is_org = true, .provider = true, .provider_affiliated = true,
		.provider_state_share = 100, .same_city = true, .executor_permit_marked = true,
		.provider_permit_marked = true,
	};
	struct jw_protection_facts f;
	struct qerr e = {0};

	CHECK(jw_protection_check(JW_PROT_EXECUTOR_OWN, &ok_prov, &e) == 0);
	f = ok_prov;
	f.executor_foreign = true;
	CHECK(jw_protection_check(JW_PROT_EXECUTOR_OWN, &f, &e) == -1);
	CHECK_STR(e.code, "protection_service_invalid");
	CHECK(jw_protection_check(JW_PROT_CUSTOMER, &f, &e) == 0);
	CHECK(jw_protection_check(JW_PROT_STATE_PROVIDER, &ok_prov, &e) == 0);
	f = ok_prov;
	f.provider_permit_marked = false;
	CHECK(jw_protection_check(JW_PROT_STATE_PROVIDER, &f, &e) == -1);
	f = ok_prov;
	f.same_city = false;
	CHECK(jw_protection_check(JW_PROT_STATE_PROVIDER, &f, &e) == -1);
	f = ok_prov;
	f.provider_state_share = 99.5;
	CHECK(jw_protection_check(JW_PROT_STATE_PROVIDER, &f, &e) == -1);
	CHECK(jw_protection_check(JW_PROT_QUASI_PUBLIC, &f, &e) == 0);
	f.provider_affiliated = false;
	CHECK(jw_protection_check(JW_PROT_QUASI_PUBLIC, &f, &e) == -1);
	CHECK(jw_protection_check(JW_PROT_UNKNOWN, &ok_prov, &e) == -1);
	CHECK(jw_protection_parse("state_provider") == JW_PROT_STATE_PROVIDER);
}

/* ---- Art. 27 -------------------------------------------------------------- */

static void
test_foreign(void)
{
	struct ft_dates d = {D("2026-05-04"), D("2026-05-06"), D("2026-05-11"), D("2026-05-12")};
	struct ft_dates none = {D("2026-05-04"), QDATE_NONE, QDATE_NONE, QDATE_NONE};
	const qdate day = D("2026-05-20");
	struct qerr e = {0};
	enum ft_state next;

	CHECK(ft_proposal_check(false, 1, NULL, &e) == -1);
	CHECK_STR(e.field, "justification");
	CHECK(ft_proposal_check(true, 0, NULL, &e) == -1);
	CHECK_STR(e.field, "agreed_with");
	CHECK(ft_proposal_check(true, 1, "org_x", &e) == -1);
	CHECK_STR(e.code, "foreign_transfer_incomplete");
	CHECK(ft_proposal_check(true, 1, NULL, &e) == 0);

	CHECK(ft_transfer(FT_PROPOSED, &none, day, &next, &e) == -1);
	CHECK_STR(e.field, "expert_opinion");
	CHECK(ft_transfer(FT_OPINION_NEGATIVE, &none, day, &next, &e) == -1);
	CHECK_STR(e.field, "expert_opinion");
	CHECK(ft_transfer(FT_OPINED, &d, day, &next, &e) == -1);
	CHECK_STR(e.field, "government_decision");
	CHECK(ft_transfer(FT_DECIDED, &d, day, &next, &e) == -1);
	CHECK_STR(e.field, "contract");
	CHECK(ft_transfer(FT_CONTRACTED, &d, D("2026-05-11"), &next, &e) == -1);
	CHECK_STR(e.field, "contract");
	CHECK(ft_transfer(FT_CONTRACTED, &d, day, &next, &e) == 0 && next == FT_TRANSFERRED);
	CHECK(ft_transfer(FT_TRANSFERRED, &d, day, &next, &e) == -1);
	CHECK_STR(e.code, "invalid_state");
	CHECK(ft_decision(FT_OPINED, &d, D("2026-05-05"), &next, &e) == -1);
	CHECK_STR(e.field, "expert_opinion");
	CHECK(ft_decision(FT_OPINED, &d, day, &next, &e) == 0 && next == FT_DECIDED);
	CHECK(ft_contract(FT_OPINED, &d, day, &next, &e) == -1);
	CHECK_STR(e.field, "government_decision");
	CHECK(ft_opinion(FT_PROPOSED, &d, day, false, &next, &e) == 0 &&
	      next == FT_OPINION_NEGATIVE);
	CHECK(ft_opinion(FT_OPINION_NEGATIVE, &d, day, true, &next, &e) == 0 && next == FT_OPINED);
	CHECK(ft_opinion(FT_OPINED, &d, day, true, &next, &e) == -1);
	CHECK(ft_opinion(FT_PROPOSED, &d, D("2026-05-03"), true, &next, &e) == -1);
	CHECK(ft_state_parse(ft_state_name(FT_CONTRACTED)) == FT_CONTRACTED);
	CHECK(ft_decision(FT_UNKNOWN, &d, day, &next, &e) == -1);
}

/* ---- Art. 25, 26.1, 28 ------------------------------------------------------ */

static void
test_transfer_rules(void)
{
	struct transfer_basis none = {0}, b;
	struct carrier_permit permits[] = {
		{DEGREE_TOP_SECRET, "active", D("2024-01-01"), D("2026-12-31")},
		{DEGREE_SPECIAL_IMPORTANCE, "cancelled", D("2024-01-01"), D("2026-12-31")},
	};
	struct transfer_clearance cl[] = {{DEGREE_SPECIAL_IMPORTANCE, false},
	                                  {DEGREE_CONFIDENTIAL, true}};
	struct qerr e = {0};

	CHECK(transfer_sanction_check(&none, &e) == -1);
	CHECK_STR(e.code, "sanction_required");
	CHECK_STR(e.article, "25.1");
	CHECK(transfer_sanction_check(NULL, &e) == -1);
	b = none; b.subordinated = true;
	CHECK(transfer_sanction_check(&b, &e) == 0);
	b = none; b.joint_work = true;
	CHECK(transfer_sanction_check(&b, &e) == 0);
	b = none; b.sanction = true;
	CHECK(transfer_sanction_check(&b, &e) == 0);

	CHECK(transfer_permit_check(DEGREE_TOP_SECRET, permits, 2, D("2026-06-01"), &e) == 0);
	CHECK(transfer_permit_check(DEGREE_SPECIAL_IMPORTANCE, permits, 2, D("2026-06-01"), &e) == -1);
	CHECK_STR(e.code, "recipient_permit_missing");
	CHECK(transfer_permit_check(DEGREE_TOP_SECRET, permits, 2, D("2027-01-01"), &e) == -1);
	CHECK(transfer_clearance_check(DEGREE_CONFIDENTIAL, cl, 2, &e) == 0);
	CHECK(transfer_clearance_check(DEGREE_TOP_SECRET, cl, 2, &e) == -1);
	CHECK_STR(e.article, "26.1, R743 p.11");

	CHECK(transfer_movable(CARRIER_REGISTERED, 0, &e) == 0);
	CHECK(transfer_movable(CARRIER_REGISTERED, 1, &e) == -1);
	CHECK(transfer_movable(CARRIER_DESTROYED, 0, &e) == -1);
	CHECK_STR(e.code, "invalid_state");

	CHECK(transfer_blocks_liquidation(CARRIER_REGISTERED));
	CHECK(transfer_blocks_liquidation(CARRIER_ISSUED));
	CHECK(transfer_blocks_liquidation(CARRIER_UNKNOWN));
	CHECK(!transfer_blocks_liquidation(CARRIER_ARCHIVED));
	CHECK(!transfer_blocks_liquidation(CARRIER_DESTROYED));
	CHECK(!transfer_blocks_liquidation(CARRIER_TRANSFERRED));
	CHECK(transfer_liquidation_check(0, 0, &e) == 0);
	CHECK(transfer_liquidation_check(1, 0, &e) == -1);
	CHECK_STR(e.code, "liquidation_blocked");
	CHECK(transfer_liquidation_check(0, 1, &e) == -1);
}

/* not_in_annex (R743 p.6) of the agreement, and the basis an act records
 * (Art. 25.1): moved from the handlers to core (issue 11). */
static void
test_annex_and_basis(void)
{
	struct qerr e = {0};
	struct transfer_basis b = {0};

	CHECK(jw_annex_check(false, 2, false, &e) == 0);
	CHECK(jw_annex_check(true, 0, true, &e) == 0);
	CHECK(jw_annex_check(false, 0, true, &e) == 0);
	CHECK(jw_annex_check(true, 2, false, &e) == -1);
	CHECK_STR(e.code, "not_in_annex");
	CHECK_STR(e.field, "certificate");
	qerr_clear(&e);
	CHECK(jw_annex_check(false, 0, false, &e) == -1);
	CHECK_STR(e.code, "not_in_annex");
	CHECK_STR(e.field, "annex");

	CHECK_STR(transfer_basis_name(&b), "sanction");
	b.authorized_body = true;
	CHECK_STR(transfer_basis_name(&b), "authorized_body_decision");
	b.successor = true;
	CHECK_STR(transfer_basis_name(&b), "successor");
	b.recipient_disposes = true;
	CHECK_STR(transfer_basis_name(&b), "disposing_body");
	b.subordinated = true;
	CHECK_STR(transfer_basis_name(&b), "subordination");
	b.joint_work = true;
	CHECK_STR(transfer_basis_name(&b), "joint_work");
}

int
main(void)
{
	test_transitions();
	test_dates();
	test_violations();
	test_permission_required_disposer();
	test_request();
	test_response_due();
	test_protection();
	test_foreign();
	test_transfer_rules();
	test_annex_and_basis();
	return tap_done();
}
