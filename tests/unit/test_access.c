/*
 * test_access.c — the access decision (src/core/access.h; SPEC.md §3
 * "Access to carriers").
 *
 *   (a) one table of cases per rule code, each named "<code> allowed: ..."
 *       or "<code> refused: ...", with the date boundaries (grant until ==
 *       today passes, until == today-1 fails; permit valid_until == today
 *       passes); the table order of the checks; fail-closed inputs; the
 *       parsers and access_key_from_id.
 *   (b) a deliberately simple reference implementation, written from the
 *       SPEC table without any helper of access.c (not even degree_covers),
 *       compared with access_decide() (and access_allowed(), the verdict
 *       alone) on 100,000 random requests (seeded
 *       xorshift64*), each check's passed flag, allowed and first_failed;
 *       half the requests hand access_decide() the grants sorted; the
 *       copies' holders (organization, citizen, joint-work state) are drawn
 *       too, for not_the_holder.
 */
#include <stdint.h>
#include <stdlib.h>

#include "core/access.h"
#include "tap.h"

/* ============================ (a) The table ============================== */

#define T0 20527   /* 2026-03-15 as a day number; "today" of the fixture */

enum { K_PERSON = 1, K_OTHER_PERSON = 2, K_ORG = 10, K_OTHER_ORG = 11,
       K_CARRIER = 100, K_OTHER_CARRIER = 101, K_INFO_A = 200, K_INFO_B = 201,
       K_INFO_OTHER = 299 };

/* A request that passes every check; each case breaks or bends one part. */
struct fx {
	struct access_clearance clr[3];
	struct access_permit per[3];
	struct access_grant gr[4];
	access_key info[2];
	struct access_copy cp[3];
	struct access_request rq;
};

static void
fx_init(struct fx *f)
{
	memset(f, 0, sizeof *f);
	f->clr[0] = (struct access_clearance){K_PERSON, DEGREE_TOP_SECRET, ACCESS_CLEARANCE_ACTIVE};
	f->per[0] = (struct access_permit){K_ORG, DEGREE_TOP_SECRET, ACCESS_PERMIT_ACTIVE,
	                                   T0 - 100, T0 + 100};
	f->gr[0] = (struct access_grant){K_PERSON, ACCESS_TARGET_CARRIER, K_CARRIER, T0 - 10,
	                                 T0 + 10};
	f->info[0] = K_INFO_A;
	f->info[1] = K_INFO_B;
	f->rq.person = (struct access_person){K_PERSON, K_ORG};
	f->rq.clearances = f->clr;
	f->rq.nclearances = 1;
	f->rq.permits = f->per;
	f->rq.npermits = 1;
	f->rq.grants = f->gr;
	f->rq.ngrants = 1;
	f->rq.carrier = (struct access_carrier){K_CARRIER, DEGREE_CONFIDENTIAL,
	                                        ACCESS_CARRIER_REGISTERED, f->info, 2};
	/* Copy 1 at home with the person's organization, copy 2 with another. */
	f->cp[0] = (struct access_copy){K_ORG, ACCESS_KEY_NONE, ACCESS_JOINT_NONE};
	f->cp[1] = (struct access_copy){K_OTHER_ORG, ACCESS_KEY_NONE, ACCESS_JOINT_NONE};
	f->rq.copies = f->cp;
	f->rq.ncopies = 2;
	f->rq.joint = ACCESS_JOINT_NONE;
	f->rq.today = T0;
}

/* ---- mutators: each changes the fixture in one way ---- */
static void m_nothing(struct fx *f) { (void)f; }
static void m_label_ts(struct fx *f) { f->rq.carrier.label = DEGREE_TOP_SECRET; }
static void m_label_si(struct fx *f) { f->rq.carrier.label = DEGREE_SPECIAL_IMPORTANCE; }
static void m_label_none(struct fx *f) { f->rq.carrier.label = DEGREE_NONE; }
static void m_form_conf_label_ts(struct fx *f)
{
	f->clr[0].form = DEGREE_CONFIDENTIAL;
	f->rq.carrier.label = DEGREE_TOP_SECRET;
}
static void m_form_bogus(struct fx *f) { f->clr[0].form = (enum degree)7; }
static void m_no_clearance(struct fx *f) { f->rq.nclearances = 0; }
static void m_clearances_null(struct fx *f) { f->rq.clearances = NULL; }
static void m_clearance_other_person(struct fx *f) { f->clr[0].person = K_OTHER_PERSON; }
static void m_active_then_refused(struct fx *f)
{
	/* The most recent is refused, but an active one exists: it counts. */
	f->clr[1] = (struct access_clearance){K_PERSON, DEGREE_CONFIDENTIAL, ACCESS_CLEARANCE_REFUSED};
	f->rq.nclearances = 2;
}
static void m_terminated_si_then_registering_conf(struct fx *f)
{
	/* No active one: the most recent (registering, confidential) counts. */
	f->clr[0] = (struct access_clearance){K_PERSON, DEGREE_SPECIAL_IMPORTANCE,
	                                      ACCESS_CLEARANCE_TERMINATED};
	f->clr[1] = (struct access_clearance){K_PERSON, DEGREE_CONFIDENTIAL,
	                                      ACCESS_CLEARANCE_REGISTERING};
	f->rq.carrier.label = DEGREE_TOP_SECRET;
	f->rq.nclearances = 2;
}
static void m_two_active_last_wins(struct fx *f)
{
	f->clr[0] = (struct access_clearance){K_PERSON, DEGREE_SPECIAL_IMPORTANCE,
	                                      ACCESS_CLEARANCE_ACTIVE};
	f->clr[1] = (struct access_clearance){K_PERSON, DEGREE_CONFIDENTIAL, ACCESS_CLEARANCE_ACTIVE};
	f->rq.carrier.label = DEGREE_TOP_SECRET;
	f->rq.nclearances = 2;
}
static void m_clr_registering(struct fx *f) { f->clr[0].state = ACCESS_CLEARANCE_REGISTERING; }
static void m_clr_refused(struct fx *f) { f->clr[0].state = ACCESS_CLEARANCE_REFUSED; }
static void m_clr_terminated(struct fx *f) { f->clr[0].state = ACCESS_CLEARANCE_TERMINATED; }
static void m_clr_unknown(struct fx *f) { f->clr[0].state = ACCESS_CLEARANCE_UNKNOWN; }

static void m_grant_info(struct fx *f)
{
	f->gr[0].kind = ACCESS_TARGET_INFORMATION;
	f->gr[0].target = K_INFO_B;
}
static void m_grant_info_sorted(struct fx *f)
{
	f->gr[0] = (struct access_grant){K_PERSON, ACCESS_TARGET_CARRIER, K_OTHER_CARRIER, T0, T0};
	f->gr[1] = (struct access_grant){K_PERSON, ACCESS_TARGET_INFORMATION, K_INFO_B, T0 - 9, T0 - 1};
	f->gr[2] = (struct access_grant){K_PERSON, ACCESS_TARGET_INFORMATION, K_INFO_B, T0, T0 + 1};
	f->gr[3] = (struct access_grant){K_PERSON, ACCESS_TARGET_INFORMATION, K_INFO_OTHER, T0, T0};
	f->rq.ngrants = 4;
	f->rq.grants_sorted = true;
}
static void m_grant_expired_sorted(struct fx *f)
{
	m_grant_info_sorted(f);
	f->gr[2].until = T0 - 1;
}
static void m_grant_until_today(struct fx *f) { f->gr[0].until = T0; }
static void m_grant_until_yesterday(struct fx *f) { f->gr[0].until = T0 - 1; }
static void m_grant_from_today(struct fx *f) { f->gr[0].from = T0; }
static void m_grant_from_tomorrow(struct fx *f) { f->gr[0].from = T0 + 1; }
static void m_grant_until_none(struct fx *f) { f->gr[0].until = QDATE_NONE; }
static void m_grant_from_none(struct fx *f) { f->gr[0].from = QDATE_NONE; }
static void m_grant_other_carrier(struct fx *f) { f->gr[0].target = K_OTHER_CARRIER; }
static void m_grant_info_not_carried(struct fx *f)
{
	f->gr[0].kind = ACCESS_TARGET_INFORMATION;
	f->gr[0].target = K_INFO_OTHER;
}
static void m_grant_kind_mismatch(struct fx *f)
{
	/* A grant on carrier K_INFO_A does not cover information item K_INFO_A. */
	f->gr[0].target = K_INFO_A;
}
static void m_grant_info_kind_for_carrier(struct fx *f)
{
	f->gr[0].kind = ACCESS_TARGET_INFORMATION;   /* target stays K_CARRIER */
}
static void m_grant_other_person(struct fx *f) { f->gr[0].person = K_OTHER_PERSON; }
static void m_grant_kind_unknown(struct fx *f) { f->gr[0].kind = ACCESS_TARGET_UNKNOWN; }
static void m_no_grants(struct fx *f) { f->rq.ngrants = 0; }
static void m_today_none(struct fx *f) { f->rq.today = QDATE_NONE; }
static void m_carrier_key_none(struct fx *f)
{
	f->rq.carrier.key = ACCESS_KEY_NONE;
	f->gr[0].target = ACCESS_KEY_NONE;
}

static void m_permit_until_today(struct fx *f) { f->per[0].valid_until = T0; }
static void m_permit_until_yesterday(struct fx *f) { f->per[0].valid_until = T0 - 1; }
static void m_permit_issued_today(struct fx *f) { f->per[0].issued_on = T0; }
static void m_permit_issued_tomorrow(struct fx *f) { f->per[0].issued_on = T0 + 1; }
static void m_permit_suspended(struct fx *f) { f->per[0].state = ACCESS_PERMIT_SUSPENDED; }
static void m_permit_cancelled(struct fx *f) { f->per[0].state = ACCESS_PERMIT_CANCELLED; }
static void m_permit_unknown(struct fx *f) { f->per[0].state = ACCESS_PERMIT_UNKNOWN; }
static void m_permit_low(struct fx *f)
{
	f->per[0].degree = DEGREE_CONFIDENTIAL;
	f->rq.carrier.label = DEGREE_TOP_SECRET;
}
static void m_permit_other_org(struct fx *f) { f->per[0].org = K_OTHER_ORG; }
static void m_no_permits(struct fx *f) { f->rq.npermits = 0; }
static void m_person_no_org(struct fx *f) { f->rq.person.org = ACCESS_KEY_NONE; f->per[0].org = 0; }
static void m_second_permit_good(struct fx *f)
{
	f->per[0].state = ACCESS_PERMIT_CANCELLED;
	f->per[1] = (struct access_permit){K_ORG, DEGREE_CONFIDENTIAL, ACCESS_PERMIT_ACTIVE, T0, T0};
	f->rq.npermits = 2;
}

static void m_car_issued(struct fx *f) { f->rq.carrier.state = ACCESS_CARRIER_ISSUED; }
static void m_car_declassified(struct fx *f) { f->rq.carrier.state = ACCESS_CARRIER_DECLASSIFIED; }
static void m_car_destroyed(struct fx *f) { f->rq.carrier.state = ACCESS_CARRIER_DESTROYED; }
static void m_car_lost(struct fx *f) { f->rq.carrier.state = ACCESS_CARRIER_LOST; }
static void m_car_transferred(struct fx *f) { f->rq.carrier.state = ACCESS_CARRIER_TRANSFERRED; }
static void m_car_archived(struct fx *f) { f->rq.carrier.state = ACCESS_CARRIER_ARCHIVED; }
static void m_car_unknown(struct fx *f) { f->rq.carrier.state = ACCESS_CARRIER_UNKNOWN; }

/* not_the_holder mutators: who holds the copies. */
static void m_copy_elsewhere(struct fx *f) { f->cp[0].holder_org = K_OTHER_ORG; }
static void m_no_copies(struct fx *f) { f->rq.ncopies = 0; }
static void m_copies_null(struct fx *f) { f->rq.copies = NULL; }
static void m_exec_active(struct fx *f)
{
	/* The person's organization is the executor: copy 2 is its. */
	f->cp[0].holder_org = K_OTHER_ORG;
	f->cp[1] = (struct access_copy){K_ORG, ACCESS_KEY_NONE, ACCESS_JOINT_ACTIVE};
	f->rq.joint = ACCESS_JOINT_ACTIVE;
}
static void m_exec_suspended_copy(struct fx *f)
{
	f->cp[0].holder_org = K_OTHER_ORG;
	f->cp[1] = (struct access_copy){K_ORG, ACCESS_KEY_NONE, ACCESS_JOINT_SUSPENDED};
}
static void m_exec_closed(struct fx *f)
{
	f->cp[0].holder_org = K_OTHER_ORG;
	f->cp[1] = (struct access_copy){K_ORG, ACCESS_KEY_NONE, ACCESS_JOINT_CLOSED};
}
static void m_exec_cancelled(struct fx *f)
{
	f->cp[0].holder_org = K_OTHER_ORG;
	f->cp[1] = (struct access_copy){K_ORG, ACCESS_KEY_NONE, ACCESS_JOINT_CANCELLED};
}
static void m_exec_unknown(struct fx *f)
{
	f->cp[0].holder_org = K_OTHER_ORG;
	f->cp[1] = (struct access_copy){K_ORG, ACCESS_KEY_NONE, ACCESS_JOINT_UNKNOWN};
}
static void m_citizen_holds(struct fx *f)
{
	f->cp[0] = (struct access_copy){ACCESS_KEY_NONE, K_PERSON, ACCESS_JOINT_ACTIVE};
}
static void m_other_citizen_holds(struct fx *f)
{
	f->cp[0] = (struct access_copy){ACCESS_KEY_NONE, K_OTHER_PERSON, ACCESS_JOINT_ACTIVE};
}
static void m_no_org_copy_none(struct fx *f)
{
	/* Neither the person's organization nor key 0 matches key 0. */
	f->rq.person.org = ACCESS_KEY_NONE;
	f->per[0].org = ACCESS_KEY_NONE;
	f->cp[0].holder_org = ACCESS_KEY_NONE;
}
static void m_joint_active(struct fx *f) { f->rq.joint = ACCESS_JOINT_ACTIVE; }
static void m_joint_suspended(struct fx *f) { f->rq.joint = ACCESS_JOINT_SUSPENDED; }
static void m_joint_cancelled(struct fx *f) { f->rq.joint = ACCESS_JOINT_CANCELLED; }
static void m_joint_closed(struct fx *f) { f->rq.joint = ACCESS_JOINT_CLOSED; }
static void m_joint_unknown(struct fx *f) { f->rq.joint = ACCESS_JOINT_UNKNOWN; }

struct access_case {
	const char *name;
	void (*mutate)(struct fx *);
	enum access_check_id check;    /* the check the case is about */
	bool want_passed;
	const char *want_first;        /* first_failed; NULL = allowed */
};

#define OK(id) ACCESS_##id, true, NULL
#define NO(id, first) ACCESS_##id, false, first

static const struct access_case cases[] = {
	/* clearance_insufficient, Art. 29.2 */
	{"clearance_insufficient allowed: top_secret form reads confidential", m_nothing,
	 OK(CLEARANCE_INSUFFICIENT)},
	{"clearance_insufficient allowed: top_secret form reads top_secret (equal)", m_label_ts,
	 OK(CLEARANCE_INSUFFICIENT)},
	{"clearance_insufficient allowed: the active clearance counts, not a later refused one",
	 m_active_then_refused, OK(CLEARANCE_INSUFFICIENT)},
	{"clearance_insufficient refused: confidential form reads top_secret",
	 m_form_conf_label_ts, NO(CLEARANCE_INSUFFICIENT, "clearance_insufficient")},
	{"clearance_insufficient refused: top_secret form reads special_importance", m_label_si,
	 NO(CLEARANCE_INSUFFICIENT, "clearance_insufficient")},
	{"clearance_insufficient refused: no clearance", m_no_clearance,
	 NO(CLEARANCE_INSUFFICIENT, "clearance_insufficient")},
	{"clearance_insufficient refused: NULL clearances", m_clearances_null,
	 NO(CLEARANCE_INSUFFICIENT, "clearance_insufficient")},
	{"clearance_insufficient refused: only another person's clearance",
	 m_clearance_other_person, NO(CLEARANCE_INSUFFICIENT, "clearance_insufficient")},
	{"clearance_insufficient refused: no active one, the most recent (confidential) counts",
	 m_terminated_si_then_registering_conf, NO(CLEARANCE_INSUFFICIENT, "clearance_insufficient")},
	{"clearance_insufficient refused: of two active, the most recent (confidential) counts",
	 m_two_active_last_wins, NO(CLEARANCE_INSUFFICIENT, "clearance_insufficient")},
	{"clearance_insufficient refused: a form outside the Law covers nothing", m_form_bogus,
	 NO(CLEARANCE_INSUFFICIENT, "clearance_insufficient")},
	{"clearance_insufficient refused: a carrier without label", m_label_none,
	 NO(CLEARANCE_INSUFFICIENT, "clearance_insufficient")},

	/* clearance_inactive, Art. 29.1, 31 */
	{"clearance_inactive allowed: active", m_nothing, OK(CLEARANCE_INACTIVE)},
	{"clearance_inactive allowed: an active one before a later refused one",
	 m_active_then_refused, OK(CLEARANCE_INACTIVE)},
	{"clearance_inactive refused: registering", m_clr_registering,
	 NO(CLEARANCE_INACTIVE, "clearance_inactive")},
	{"clearance_inactive refused: refused", m_clr_refused,
	 NO(CLEARANCE_INACTIVE, "clearance_inactive")},
	{"clearance_inactive refused: terminated", m_clr_terminated,
	 NO(CLEARANCE_INACTIVE, "clearance_inactive")},
	{"clearance_inactive refused: unknown state", m_clr_unknown,
	 NO(CLEARANCE_INACTIVE, "clearance_inactive")},
	{"clearance_inactive refused: no clearance", m_no_clearance,
	 NO(CLEARANCE_INACTIVE, "clearance_insufficient")},
	{"clearance_inactive refused: most recent registering (after terminated)",
	 m_terminated_si_then_registering_conf, NO(CLEARANCE_INACTIVE, "clearance_insufficient")},

	/* no_need_to_know, Art. 33.2 */
	{"no_need_to_know allowed: a grant on the carrier", m_nothing, OK(NO_NEED_TO_KNOW)},
	{"no_need_to_know allowed: a grant on one of its information items", m_grant_info,
	 OK(NO_NEED_TO_KNOW)},
	{"no_need_to_know allowed: sorted grants, the second of two periods is current",
	 m_grant_info_sorted, OK(NO_NEED_TO_KNOW)},
	{"no_need_to_know allowed: grant until == today", m_grant_until_today, OK(NO_NEED_TO_KNOW)},
	{"no_need_to_know allowed: grant from == today", m_grant_from_today, OK(NO_NEED_TO_KNOW)},
	{"no_need_to_know refused: grant until == today-1", m_grant_until_yesterday,
	 NO(NO_NEED_TO_KNOW, "no_need_to_know")},
	{"no_need_to_know refused: grant from == today+1", m_grant_from_tomorrow,
	 NO(NO_NEED_TO_KNOW, "no_need_to_know")},
	{"no_need_to_know refused: sorted grants, every period over", m_grant_expired_sorted,
	 NO(NO_NEED_TO_KNOW, "no_need_to_know")},
	{"no_need_to_know refused: grant without end date", m_grant_until_none,
	 NO(NO_NEED_TO_KNOW, "no_need_to_know")},
	{"no_need_to_know refused: grant without start date", m_grant_from_none,
	 NO(NO_NEED_TO_KNOW, "no_need_to_know")},
	{"no_need_to_know refused: a grant on another carrier", m_grant_other_carrier,
	 NO(NO_NEED_TO_KNOW, "no_need_to_know")},
	{"no_need_to_know refused: a grant on information the carrier does not carry",
	 m_grant_info_not_carried, NO(NO_NEED_TO_KNOW, "no_need_to_know")},
	{"no_need_to_know refused: a carrier grant whose key equals an information key",
	 m_grant_kind_mismatch, NO(NO_NEED_TO_KNOW, "no_need_to_know")},
	{"no_need_to_know refused: an information grant whose key equals the carrier key",
	 m_grant_info_kind_for_carrier, NO(NO_NEED_TO_KNOW, "no_need_to_know")},
	{"no_need_to_know refused: another person's grant", m_grant_other_person,
	 NO(NO_NEED_TO_KNOW, "no_need_to_know")},
	{"no_need_to_know refused: a grant of unknown kind", m_grant_kind_unknown,
	 NO(NO_NEED_TO_KNOW, "no_need_to_know")},
	{"no_need_to_know refused: no grants", m_no_grants, NO(NO_NEED_TO_KNOW, "no_need_to_know")},
	{"no_need_to_know refused: key 0 matches nothing", m_carrier_key_none,
	 NO(NO_NEED_TO_KNOW, "no_need_to_know")},
	{"no_need_to_know refused: today unknown", m_today_none,
	 NO(NO_NEED_TO_KNOW, "no_need_to_know")},

	/* org_permit_missing, Art. 34 */
	{"org_permit_missing allowed: active top_secret permit, confidential label", m_nothing,
	 OK(ORG_PERMIT_MISSING)},
	{"org_permit_missing allowed: permit valid_until == today", m_permit_until_today,
	 OK(ORG_PERMIT_MISSING)},
	{"org_permit_missing allowed: permit issued_on == today", m_permit_issued_today,
	 OK(ORG_PERMIT_MISSING)},
	{"org_permit_missing allowed: a second permit covers", m_second_permit_good,
	 OK(ORG_PERMIT_MISSING)},
	{"org_permit_missing refused: permit valid_until == today-1 (expired)",
	 m_permit_until_yesterday, NO(ORG_PERMIT_MISSING, "org_permit_missing")},
	{"org_permit_missing refused: permit issued_on == today+1", m_permit_issued_tomorrow,
	 NO(ORG_PERMIT_MISSING, "org_permit_missing")},
	{"org_permit_missing refused: suspended", m_permit_suspended,
	 NO(ORG_PERMIT_MISSING, "org_permit_missing")},
	{"org_permit_missing refused: cancelled", m_permit_cancelled,
	 NO(ORG_PERMIT_MISSING, "org_permit_missing")},
	{"org_permit_missing refused: unknown state", m_permit_unknown,
	 NO(ORG_PERMIT_MISSING, "org_permit_missing")},
	{"org_permit_missing refused: confidential permit, top_secret label", m_permit_low,
	 NO(ORG_PERMIT_MISSING, "org_permit_missing")},
	{"org_permit_missing refused: another organization's permit", m_permit_other_org,
	 NO(ORG_PERMIT_MISSING, "org_permit_missing")},
	{"org_permit_missing refused: no permits", m_no_permits,
	 NO(ORG_PERMIT_MISSING, "org_permit_missing")},
	{"org_permit_missing refused: person without organization", m_person_no_org,
	 NO(ORG_PERMIT_MISSING, "org_permit_missing")},
	{"org_permit_missing refused: today unknown", m_today_none,
	 NO(ORG_PERMIT_MISSING, "no_need_to_know")},

	/* carrier_unavailable, Art. 28 */
	{"carrier_unavailable allowed: registered", m_nothing, OK(CARRIER_UNAVAILABLE)},
	{"carrier_unavailable allowed: issued", m_car_issued, OK(CARRIER_UNAVAILABLE)},
	{"carrier_unavailable allowed: declassified", m_car_declassified, OK(CARRIER_UNAVAILABLE)},
	{"carrier_unavailable refused: destroyed", m_car_destroyed,
	 NO(CARRIER_UNAVAILABLE, "carrier_unavailable")},
	{"carrier_unavailable refused: lost", m_car_lost,
	 NO(CARRIER_UNAVAILABLE, "carrier_unavailable")},
	{"carrier_unavailable refused: transferred out", m_car_transferred,
	 NO(CARRIER_UNAVAILABLE, "carrier_unavailable")},
	{"carrier_unavailable refused: archived", m_car_archived,
	 NO(CARRIER_UNAVAILABLE, "carrier_unavailable")},
	{"carrier_unavailable refused: unknown state", m_car_unknown,
	 NO(CARRIER_UNAVAILABLE, "carrier_unavailable")},

	/* joint_work_suspended, Art. 26.3, R743 p.9 */
	{"joint_work_suspended allowed: no joint work", m_nothing, OK(JOINT_WORK_SUSPENDED)},
	{"joint_work_suspended allowed: joint work active", m_joint_active,
	 OK(JOINT_WORK_SUSPENDED)},
	{"joint_work_suspended refused: suspended", m_joint_suspended,
	 NO(JOINT_WORK_SUSPENDED, "joint_work_suspended")},
	{"joint_work_suspended refused: cancelled", m_joint_cancelled,
	 NO(JOINT_WORK_SUSPENDED, "joint_work_suspended")},
	{"joint_work_suspended refused: closed", m_joint_closed,
	 NO(JOINT_WORK_SUSPENDED, "joint_work_suspended")},
	{"joint_work_suspended refused: unknown state", m_joint_unknown,
	 NO(JOINT_WORK_SUSPENDED, "joint_work_suspended")},

	/* not_the_holder, Art. 25.1, 26.1, 33.2, R743 p.10 */
	{"not_the_holder allowed: the organization holds a copy at home", m_nothing,
	 OK(NOT_THE_HOLDER)},
	{"not_the_holder allowed: the executor holds a copy under an active joint work",
	 m_exec_active, OK(NOT_THE_HOLDER)},
	{"not_the_holder allowed: a suspended joint work still holds (joint_work_suspended refuses)",
	 m_exec_suspended_copy, OK(NOT_THE_HOLDER)},
	{"not_the_holder allowed: a citizen executor holds a copy", m_citizen_holds,
	 OK(NOT_THE_HOLDER)},
	{"not_the_holder refused: a third body (every copy elsewhere)", m_copy_elsewhere,
	 NO(NOT_THE_HOLDER, "not_the_holder")},
	{"not_the_holder refused: no copies", m_no_copies, NO(NOT_THE_HOLDER, "not_the_holder")},
	{"not_the_holder refused: NULL copies", m_copies_null,
	 NO(NOT_THE_HOLDER, "not_the_holder")},
	{"not_the_holder refused: the executor after close", m_exec_closed,
	 NO(NOT_THE_HOLDER, "not_the_holder")},
	{"not_the_holder refused: the executor after cancellation", m_exec_cancelled,
	 NO(NOT_THE_HOLDER, "not_the_holder")},
	{"not_the_holder refused: a joint work in an unknown state", m_exec_unknown,
	 NO(NOT_THE_HOLDER, "not_the_holder")},
	{"not_the_holder refused: another citizen holds it", m_other_citizen_holds,
	 NO(NOT_THE_HOLDER, "not_the_holder")},
	{"not_the_holder refused: organization key 0 holds nothing", m_no_org_copy_none,
	 NO(NOT_THE_HOLDER, "org_permit_missing")},
};

static void
test_table(void)
{
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct access_case *c = &cases[i];
		struct fx f;
		struct access_decision d;
		bool allowed;

		fx_init(&f);
		c->mutate(&f);
		allowed = access_decide(&f.rq, &d);
		if (d.checks[c->check].passed != c->want_passed || d.allowed != allowed ||
		    d.allowed != (c->want_first == NULL) ||
		    (c->want_first != NULL &&
		     (d.first_failed == NULL || strcmp(d.first_failed, c->want_first) != 0))) {
			tap_fail++;
			fprintf(stderr, "FAIL %s: passed=%d allowed=%d first=%s\n", c->name,
			        d.checks[c->check].passed, d.allowed,
			        d.first_failed ? d.first_failed : "(none)");
		} else {
			tap_pass++;
		}
	}
}

/* The checks come in the table's order with their articles (SPEC.md §5). */
static void
test_order(void)
{
	static const char *const want[][2] = {
		{"clearance_insufficient", "29.2"}, {"clearance_inactive", "29.1, 31"},
		{"no_need_to_know", "33.2"},         {"org_permit_missing", "34"},
		{"carrier_unavailable", "28"},       {"joint_work_suspended", "26.3, R743 p.9"},
		{"not_the_holder", "25.1, 26.1, 33.2, R743 p.10"},
	};
	struct fx f;
	struct access_decision d;

	CHECK(ACCESS_CHECK_COUNT == 7);
	fx_init(&f);
	CHECK(access_decide(&f.rq, &d));
	CHECK(d.allowed && d.first_failed == NULL && d.first_failed_article == NULL);
	for (int i = 0; i < ACCESS_CHECK_COUNT; i++) {
		CHECK_STR(d.checks[i].code, want[i][0]);
		CHECK_STR(d.checks[i].article, want[i][1]);
		CHECK_STR(access_check_code((enum access_check_id)i), want[i][0]);
		CHECK_STR(access_check_article((enum access_check_id)i), want[i][1]);
		CHECK(d.checks[i].passed);
	}
	CHECK(access_check_code(ACCESS_CHECK_COUNT) == NULL);

	/* Everything wrong: every check is still reported, the first named. */
	f.rq.nclearances = 0;
	f.rq.ngrants = 0;
	f.rq.npermits = 0;
	f.rq.carrier.state = ACCESS_CARRIER_LOST;
	f.rq.joint = ACCESS_JOINT_SUSPENDED;
	f.rq.ncopies = 0;
	CHECK(!access_decide(&f.rq, &d));
	for (int i = 0; i < ACCESS_CHECK_COUNT; i++)
		CHECK(!d.checks[i].passed);
	CHECK_STR(d.first_failed, "clearance_insufficient");
	CHECK_STR(d.first_failed_article, "29.2");

	/* Only the last fails: it is the first failed. */
	fx_init(&f);
	f.cp[0].holder_org = K_OTHER_ORG;
	CHECK(!access_decide(&f.rq, &d));
	CHECK_STR(d.first_failed, "not_the_holder");
	CHECK_STR(d.first_failed_article, "25.1, 26.1, 33.2, R743 p.10");
	/* joint_work_suspended comes before not_the_holder. */
	fx_init(&f);
	f.rq.joint = ACCESS_JOINT_CLOSED;
	f.cp[0].holder_org = K_OTHER_ORG;
	CHECK(!access_decide(&f.rq, &d));
	CHECK_STR(d.first_failed, "joint_work_suspended");
	CHECK_STR(d.first_failed_article, "26.3, R743 p.9");
}

/* Fail closed: a zeroed request and a NULL request refuse everything. */
static void
test_fail_closed(void)
{
	struct access_request rq;
	struct access_decision d;
	struct fx f;

	memset(&rq, 0, sizeof rq);
	CHECK(!access_decide(&rq, &d));
	for (int i = 0; i < ACCESS_CHECK_COUNT; i++)
		CHECK(!d.checks[i].passed);
	CHECK(!access_decide(NULL, &d));
	{
		enum access_check_id failed = ACCESS_CHECK_COUNT;

		CHECK(!access_allowed(NULL, &failed));
		CHECK(failed == ACCESS_CLEARANCE_INSUFFICIENT);
	}
	for (int i = 0; i < ACCESS_CHECK_COUNT; i++) {
		CHECK(!d.checks[i].passed);
		CHECK(d.checks[i].code != NULL && d.checks[i].article != NULL);
	}
	CHECK_STR(d.first_failed, "clearance_insufficient");

	/* NULL arrays with counts are empty, not read. */
	fx_init(&f);
	f.rq.grants = NULL;
	f.rq.permits = NULL;
	f.rq.carrier.info = NULL;
	f.rq.carrier.ninfo = 5;
	CHECK(!access_decide(&f.rq, &d));
	CHECK(!d.checks[ACCESS_NO_NEED_TO_KNOW].passed);
	CHECK(!d.checks[ACCESS_ORG_PERMIT_MISSING].passed);

	/* Person key 0 owns nothing, even records that carry key 0. */
	fx_init(&f);
	f.rq.person.key = ACCESS_KEY_NONE;
	f.clr[0].person = ACCESS_KEY_NONE;
	f.gr[0].person = ACCESS_KEY_NONE;
	CHECK(!access_decide(&f.rq, &d));
	CHECK(!d.checks[ACCESS_CLEARANCE_INSUFFICIENT].passed);
	CHECK(!d.checks[ACCESS_CLEARANCE_INACTIVE].passed);
	CHECK(!d.checks[ACCESS_NO_NEED_TO_KNOW].passed);

	/* A permit degree outside the Law covers nothing. */
	fx_init(&f);
	f.per[0].degree = (enum degree)9;
	CHECK(!access_decide(&f.rq, &d));
	CHECK_STR(d.first_failed, "org_permit_missing");
}

static void
test_adapters(void)
{
	access_key k = 0;

	CHECK(access_key_from_id("car_00000000000000ff", &k) == 0 && k == 0xff);
	CHECK(access_key_from_id("inf_DEADBEEF01234567", &k) == 0 && k == 0xdeadbeef01234567u);
	CHECK(access_key_from_id("a_b_ffffffffffffffff", &k) == 0 && k == UINT64_MAX);
	CHECK(access_key_from_id("car_0000000000000000", &k) == -1);   /* key 0 */
	CHECK(access_key_from_id("car_00000000000000f", &k) == -1);    /* 15 digits */
	CHECK(access_key_from_id("car_00000000000000fff", &k) == -1);  /* 17 digits */
	CHECK(access_key_from_id("car_00000000000000fg", &k) == -1);
	CHECK(access_key_from_id("_00000000000000ff", &k) == -1);      /* no prefix */
	CHECK(access_key_from_id("00000000000000ff", &k) == -1);
	CHECK(access_key_from_id("", &k) == -1);
	CHECK(access_key_from_id(NULL, &k) == -1);

	CHECK(access_clearance_state_parse("active") == ACCESS_CLEARANCE_ACTIVE);
	CHECK(access_clearance_state_parse("registering") == ACCESS_CLEARANCE_REGISTERING);
	CHECK(access_clearance_state_parse("terminated") == ACCESS_CLEARANCE_TERMINATED);
	CHECK(access_clearance_state_parse("Active") == ACCESS_CLEARANCE_UNKNOWN);
	CHECK(access_clearance_state_parse(NULL) == ACCESS_CLEARANCE_UNKNOWN);
	CHECK(access_permit_state_parse("active") == ACCESS_PERMIT_ACTIVE);
	CHECK(access_permit_state_parse("cancelled") == ACCESS_PERMIT_CANCELLED);
	CHECK(access_permit_state_parse("expired") == ACCESS_PERMIT_UNKNOWN);
	CHECK(access_carrier_state_parse("registered") == ACCESS_CARRIER_REGISTERED);
	CHECK(access_carrier_state_parse("declassified") == ACCESS_CARRIER_DECLASSIFIED);
	CHECK(access_carrier_state_parse("lost") == ACCESS_CARRIER_LOST);
	CHECK(access_carrier_state_parse("") == ACCESS_CARRIER_UNKNOWN);
	CHECK(access_joint_state_parse("active") == ACCESS_JOINT_ACTIVE);
	CHECK(access_joint_state_parse("suspended") == ACCESS_JOINT_SUSPENDED);
	CHECK(access_joint_state_parse("closed") == ACCESS_JOINT_CLOSED);
	CHECK(access_joint_state_parse("requested") == ACCESS_JOINT_UNKNOWN);
	CHECK(access_joint_state_parse(NULL) == ACCESS_JOINT_UNKNOWN);
	CHECK(access_joint_state_parse("") == ACCESS_JOINT_UNKNOWN);
}

/* ===================== (b) The reference, on random input ================ */

/*
 * The reference: the SPEC table read literally, with plain loops and plain
 * integers. Shares nothing with access.c but the request struct.
 */
static void
ref_decide(const struct access_request *rq, bool pass[7], bool *allowed)
{
	int cur = -1, form = 0, label = (int)rq->carrier.label, today = rq->today;
	bool today_ok = today != QDATE_NONE;

	for (int i = 0; i < 7; i++)
		pass[i] = false;

	/* the current clearance: the last active one, else the last one */
	if (rq->clearances != NULL && rq->person.key != 0) {
		for (size_t i = 0; i < rq->nclearances; i++)
			if (rq->clearances[i].person == rq->person.key &&
			    rq->clearances[i].state == ACCESS_CLEARANCE_ACTIVE)
				cur = (int)i;
		if (cur < 0)
			for (size_t i = 0; i < rq->nclearances; i++)
				if (rq->clearances[i].person == rq->person.key)
					cur = (int)i;
	}
	if (cur >= 0)
		form = (int)rq->clearances[cur].form;

	/* 0: form >= label, both real degrees */
	pass[0] = cur >= 0 && form >= 1 && form <= 3 && label >= 1 && label <= 3 && form >= label;
	/* 1: active */
	pass[1] = cur >= 0 && rq->clearances[cur].state == ACCESS_CLEARANCE_ACTIVE;

	/* 2: a current grant on the carrier or an item it carries */
	if (today_ok && rq->grants != NULL && rq->person.key != 0) {
		for (size_t i = 0; i < rq->ngrants; i++) {
			const struct access_grant *g = &rq->grants[i];
			bool current = g->person == rq->person.key && g->from != QDATE_NONE &&
			               g->until != QDATE_NONE && g->from <= today && today <= g->until;

			if (!current || g->target == 0)
				continue;
			if (g->kind == ACCESS_TARGET_CARRIER && g->target == rq->carrier.key)
				pass[2] = true;
			if (g->kind == ACCESS_TARGET_INFORMATION && rq->carrier.info != NULL)
				for (size_t j = 0; j < rq->carrier.ninfo; j++)
					if (rq->carrier.info[j] == g->target)
						pass[2] = true;
		}
	}

	/* 3: an active, current permit of the organization for the label */
	if (today_ok && rq->permits != NULL && rq->person.org != 0) {
		for (size_t i = 0; i < rq->npermits; i++) {
			const struct access_permit *p = &rq->permits[i];
			int deg = (int)p->degree;

			if (p->org == rq->person.org && p->state == ACCESS_PERMIT_ACTIVE &&
			    deg >= 1 && deg <= 3 && label >= 1 && label <= 3 && deg >= label &&
			    p->issued_on != QDATE_NONE && p->valid_until != QDATE_NONE &&
			    p->issued_on <= today && today <= p->valid_until)
				pass[3] = true;
		}
	}

	/* 4: the carrier is in a state that allows it */
	switch (rq->carrier.state) {
	case ACCESS_CARRIER_REGISTERED:
	case ACCESS_CARRIER_ISSUED:
	case ACCESS_CARRIER_DECLASSIFIED:
		pass[4] = true;
		break;
	default:
		pass[4] = false;
	}

	/* 5: no joint work, or active joint work */
	pass[5] = rq->joint == ACCESS_JOINT_NONE || rq->joint == ACCESS_JOINT_ACTIVE;

	/* 6: a copy held by the person's organization or by the person (a
	 * citizen executor), at home or under an active or suspended joint work */
	if (rq->copies != NULL && rq->person.key != 0) {
		for (size_t i = 0; i < rq->ncopies; i++) {
			const struct access_copy *c = &rq->copies[i];
			bool org = c->holder_org != 0 && c->holder_org == rq->person.org;
			bool citizen = c->holder_person != 0 && c->holder_person == rq->person.key;
			bool live = c->joint == ACCESS_JOINT_NONE || c->joint == ACCESS_JOINT_ACTIVE ||
			            c->joint == ACCESS_JOINT_SUSPENDED;

			if ((org || citizen) && live)
				pass[6] = true;
		}
	}

	*allowed = pass[0] && pass[1] && pass[2] && pass[3] && pass[4] && pass[5] && pass[6];
}

static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static uint64_t
rng(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1Du;
}

static int
rnd(int n)   /* 0..n-1 */
{
	return (int)(rng() % (uint64_t)n);
}

/* Dates near "today" (T0-2..T0+2), so both ends of every period are hit;
 * starts lean earlier, ends later, so that periods are often current. */
static qdate
rnd_start(void)
{
	return rnd(25) == 0 ? QDATE_NONE : T0 - 6 + rnd(9);
}

static qdate
rnd_end(void)
{
	return rnd(25) == 0 ? QDATE_NONE : T0 - 2 + rnd(9);
}

static access_key
rnd_key(access_key first, int n)   /* 0 rarely, else first..first+n-1 */
{
	return rnd(20) == 0 ? 0 : first + (access_key)rnd(n);
}

/* The owner: mostly the request's own, sometimes another or 0. */
static access_key
rnd_owner(access_key own)
{
	return rnd(5) == 0 ? rnd_key(own, 2) : own;
}

/* A degree: mostly a real one, rarely none or out of range. */
static enum degree
rnd_degree(void)
{
	return (enum degree)(rnd(12) == 0 ? rnd(2) * 4 : 1 + rnd(3));
}

/* An enum value: `good` half the time, else any of 0..n-1. */
static int
rnd_lean(int good, int n)
{
	return rnd(2) == 0 ? good : rnd(n);
}

#define RANDOM_CASES 100000

static void
test_random(void)
{
	long mismatches = 0, allowed_n = 0, passed_n[7] = {0}, sorted_n = 0;

	for (long n = 0; n < RANDOM_CASES; n++) {
		struct access_clearance clr[5];
		struct access_permit per[4];
		struct access_grant gr[8], sgr[8];
		access_key info[4];
		struct access_copy cp[4];
		struct access_request rq;
		struct access_decision d;
		bool want[7], want_allowed, got_allowed;
		int first = -1;

		memset(&rq, 0, sizeof rq);
		rq.person.key = rnd(40) == 0 ? 0 : K_PERSON;
		rq.person.org = rnd(40) == 0 ? 0 : K_ORG;
		rq.today = rnd(100) == 0 ? QDATE_NONE : T0 - 2 + rnd(5);

		rq.nclearances = (size_t)rnd(5);
		for (size_t i = 0; i < rq.nclearances; i++)
			clr[i] = (struct access_clearance){
				rnd_owner(K_PERSON), rnd_degree(),
				(enum access_clearance_state)rnd_lean(ACCESS_CLEARANCE_ACTIVE, 5)};
		rq.clearances = rnd(50) == 0 ? NULL : clr;

		rq.npermits = (size_t)rnd(4);
		for (size_t i = 0; i < rq.npermits; i++)
			per[i] = (struct access_permit){
				rnd_owner(K_ORG), rnd_degree(),
				(enum access_permit_state)rnd_lean(ACCESS_PERMIT_ACTIVE, 4), rnd_start(),
				rnd_end()};
		rq.permits = rnd(50) == 0 ? NULL : per;

		/* Carrier keys 100..103 and information keys 100..105 overlap on
		 * purpose: a grant's kind must matter. */
		rq.carrier.key = rnd_key(K_CARRIER, 4);
		rq.carrier.label = rnd_degree();
		rq.carrier.state = (enum access_carrier_state)rnd_lean(ACCESS_CARRIER_ISSUED, 8);
		rq.carrier.ninfo = (size_t)rnd(5);
		for (size_t i = 0; i < rq.carrier.ninfo; i++)
			info[i] = rnd_key(K_CARRIER, 6);
		rq.carrier.info = rnd(50) == 0 ? NULL : info;

		rq.ngrants = (size_t)rnd(9);
		for (size_t i = 0; i < rq.ngrants; i++)
			gr[i] = (struct access_grant){rnd_owner(K_PERSON),
			                              (enum access_target_kind)rnd(3),
			                              rnd_key(K_CARRIER, 6), rnd_start(), rnd_end()};
		rq.grants = rnd(50) == 0 ? NULL : gr;

		rq.joint = (enum access_joint_state)rnd_lean(rnd(2) ? ACCESS_JOINT_NONE
		                                                    : ACCESS_JOINT_ACTIVE, 6);

		/* Copies: holders among the person's organization, another one
		 * and 0; sometimes the person or another citizen; any joint state. */
		rq.ncopies = (size_t)rnd(5);
		for (size_t i = 0; i < rq.ncopies; i++) {
			bool citizen = rnd(6) == 0;

			cp[i].holder_org = citizen ? 0 : rnd(3) == 0 ? rnd_key(K_OTHER_ORG, 2) : rnd_owner(K_ORG);
			cp[i].holder_person = citizen ? rnd_owner(K_PERSON) : rnd(30) == 0 ? K_PERSON : 0;
			cp[i].joint = (enum access_joint_state)rnd_lean(ACCESS_JOINT_NONE, 6);
		}
		rq.copies = rnd(50) == 0 ? NULL : cp;

		ref_decide(&rq, want, &want_allowed);

		/* Half the time access_decide() gets the grants sorted. */
		if (rq.grants != NULL && rnd(2) == 0) {
			memcpy(sgr, gr, rq.ngrants * sizeof gr[0]);
			qsort(sgr, rq.ngrants, sizeof sgr[0], access_grant_cmp);
			rq.grants = sgr;
			rq.grants_sorted = true;
			sorted_n++;
		}
		got_allowed = access_decide(&rq, &d);

		for (int i = 0; i < 7 && first < 0; i++)
			if (!want[i])
				first = i;
		bool same = got_allowed == want_allowed && d.allowed == want_allowed &&
		            (first < 0 ? d.first_failed == NULL
		                       : d.first_failed != NULL &&
		                                 strcmp(d.first_failed,
		                                        access_check_code(
		                                                (enum access_check_id)first)) == 0);
		for (int i = 0; i < 7; i++) {
			same = same && d.checks[i].passed == want[i];
			passed_n[i] += want[i];
		}
		/* the verdict path: the same verdict and first failure */
		{
			enum access_check_id failed;
			bool v = access_allowed(&rq, &failed);

			struct access_decision vd;

			same = same && v == want_allowed &&
			       (int)failed == (first < 0 ? ACCESS_CHECK_COUNT : first);
			access_verdict(&rq, &vd);
			same = same && vd.allowed == d.allowed &&
			       vd.first_failed == d.first_failed &&
			       vd.first_failed_article == d.first_failed_article;
			for (int i = 0; i < 7 && i < (first < 0 ? 7 : first); i++)
				same = same && vd.checks[i].passed;
		}
		allowed_n += want_allowed;
		if (!same && mismatches++ < 10) {
			fprintf(stderr, "random case %ld differs:", n);
			for (int i = 0; i < 7; i++)
				fprintf(stderr, " %s ref=%d got=%d", d.checks[i].code, want[i],
				        d.checks[i].passed);
			fprintf(stderr, "\n");
		}
	}
	CHECK(mismatches == 0);
	/* The generator must exercise both outcomes of every check. */
	for (int i = 0; i < 7; i++)
		CHECK(passed_n[i] > RANDOM_CASES / 50 && passed_n[i] < RANDOM_CASES - RANDOM_CASES / 50);
	CHECK(allowed_n > 100);
	CHECK(sorted_n > RANDOM_CASES / 4);
	printf("random: %d cases, %ld allowed, %ld sorted, %ld mismatches; passed per check:",
	       RANDOM_CASES, allowed_n, sorted_n, mismatches);
	for (int i = 0; i < 7; i++)
		printf(" %ld", passed_n[i]);
	printf("\n");
}

int
main(void)
{
	test_table();
	test_order();
	test_fail_closed();
	test_adapters();
	test_random();
	return tap_done();
}
