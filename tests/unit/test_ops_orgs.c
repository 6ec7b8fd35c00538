/*
 * test_ops_orgs.c — the permit procedures of src/ops/orgs.c without HTTP:
 * issue (404 organization, 400 dates, 409 duplicate number), suspend /
 * resume / cancel (409 invalid_state out of order, history kept, state as
 * it stood on a date), marks (404 permit, 404 other party, 400 the holder
 * itself), certificates and archive delegations (404, 403, 409 duplicate
 * naming its field, 400 a delegation to itself), the typed reads, one
 * audit entry per step and none for a
 * failed one, and the tables migrations 0008_typed_permits and
 * 0009_typed_certificates created equal to their descriptions.
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/auditlog.h"
#include "ops/orgs.h"
#include "store/tables_org.h"
#include "ops_world.h"
#include "tap.h"

static void
org_add(struct store *s, char id[STORE_ID_MAX])
{
	struct store_tx *tx;
	struct store_rec r = {0};

	q_strlcpy(r.kind, "org", sizeof r.kind);
	store_id_new("org", r.id);
	q_strlcpy(r.state, "active", sizeof r.state);
	r.doc = json_pack("{s:s}", "id", r.id);
	if (store_begin(s, true, &tx, NULL) == 0) {
		if (org_row_insert(tx, r.id, "active", r.doc, NULL) == 0)
			store_commit(tx, NULL);
		else
			store_rollback(tx);
	}
	q_strlcpy(id, r.id, STORE_ID_MAX);
	store_rec_clear(&r);
}

/* Organizations: register (400 BIN, 404 parent, 403 outside the
 * officer's subordination, 409 duplicate BIN), load, org_liquidated, the
 * list's filters. */
static void
organizations(struct ops_ctx *c, struct store *s)
{
	struct ops_org_args a = {.name = "Ministry", .bin = "000009100006",
	                         .kind = ORG_STATE_BODY, .state_share = NAN};
	struct org_rec top, sub, got;
	struct store_tx *tx;
	struct qerr e = {0};
	struct ops_org_filter f = {0};
	int64_t n0 = audit_n(s);

	c->actor.cross_org = true;
	CHECK(ops_org_register(c, &a, &top, &e) == 0);
	CHECK(top.state == ORG_ACTIVE && top.kind == ORG_STATE_BODY && isnan(top.state_share));
	CHECK(top.registered_on == c->effective_date && top.liquidated_on == QDATE_NONE);
	CHECK(ops_org_register(c, &a, &got, &e) == -1);   /* the same BIN */
	CHECK(e.status == QERR_CONFLICT);
	CHECK_STR(e.field, "bin");
	qerr_clear(&e);
	a.bin = NULL;
	CHECK(ops_org_register(c, &a, &got, &e) == -1);
	CHECK_STR(e.code, "missing_field");
	qerr_clear(&e);
	a.bin = "000009100007";
	CHECK(ops_org_register(c, &a, &got, &e) == -1);
	CHECK_STR(e.code, "invalid_check_digit");
	qerr_clear(&e);
	a = (struct ops_org_args){.name = "Plant", .bin = "000009100026", .parent_id = "org_nothere",
	                          .kind = ORG_ORGANIZATION, .city = "Astana", .state_share = 51.5,
	                          .foreign_participation = true, .regime_category = ORG_REGIME};
	CHECK(ops_org_register(c, &a, &sub, &e) == -1);
	CHECK(e.status == QERR_NOT_FOUND);
	CHECK_STR(e.field, "parent_id");
	qerr_clear(&e);
	/* a security officer of another organization: 403 */
	c->actor.cross_org = false;
	q_strlcpy(c->actor.org_id, "org_elsewhere", sizeof c->actor.org_id);
	a.parent_id = top.h.id;
	CHECK(ops_org_register(c, &a, &sub, &e) == -1);
	CHECK(e.status == QERR_FORBIDDEN);
	qerr_clear(&e);
	q_strlcpy(c->actor.org_id, top.h.id, sizeof c->actor.org_id);
	CHECK(ops_org_register(c, &a, &sub, &e) == 0);
	CHECK(audit_n(s) == n0 + 2);
	/* foreign bodies have no BIN */
	a = (struct ops_org_args){.name = "A state", .kind = ORG_FOREIGN_STATE, .state_share = NAN};
	c->actor.cross_org = true;
	CHECK(ops_org_register(c, &a, &got, &e) == 0);
	CHECK(got.bin[0] == '\0');
	org_rec_free(&got);

	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(ops_org_load(tx, sub.h.id, &got, "org_id", &e) == 0);
	CHECK_STR(got.name, "Plant");
	CHECK_STR(got.city, "Astana");
	CHECK_STR(got.parent_id, top.h.id);
	CHECK(got.state_share == 51.5 && got.foreign_participation && got.regime_category == ORG_REGIME);
	org_rec_free(&got);
	CHECK(ops_org_load(tx, "org_nothere", &got, "org_id", &e) == -1);
	CHECK_STR(e.field, "org_id");
	qerr_clear(&e);
	CHECK(ops_org_active(tx, sub.h.id, "org_id", &e) == 0);
	f.parent_id = top.h.id;
	CHECK(ops_orgs_each(tx, &f, 0, 0, NULL, NULL, &e) == 1);
	f = (struct ops_org_filter){.bin = "000009100006"};
	CHECK(ops_orgs_each(tx, &f, 0, 0, NULL, NULL, &e) == 1);
	f = (struct ops_org_filter){.state = "liquidated"};
	CHECK(ops_orgs_each(tx, &f, 0, 0, NULL, NULL, &e) == 0);
	f = (struct ops_org_filter){.state = "nonsense"};
	CHECK(ops_orgs_each(tx, &f, 0, 0, NULL, NULL, &e) == 0);
	store_rollback(tx);
	org_rec_free(&top);
	org_rec_free(&sub);
}

/* A full 0.1.0 organization record (liquidated, with its successor) moved
 * by 0023_typed_orgs run again: every field kept, its seq kept. */
static void
migration_moves_records(struct store **sp)
{
	struct store *s = *sp;
	struct store_tx *tx = NULL;
	struct store_rec r = {0};
	struct org_rec o;
	struct qerr e = {0};
	int64_t seq = 0;

	q_strlcpy(r.kind, "org", sizeof r.kind);
	q_strlcpy(r.id, "org_old", sizeof r.id);
	q_strlcpy(r.ref, "000000000099", sizeof r.ref);
	q_strlcpy(r.state, "liquidated", sizeof r.state);
	r.doc = json_pack("{s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:n, s:s, s:s, s:f, s:s, s:s}",
	                  "bin", "000000000099", "city", "Astana", "id", "org_old",
	                  "foreign_participation", 1, "kind", "organization", "name", "Old plant",
	                  "liquidated_on", "2025-06-02", "parent_id", "regime_category", "protected",
	                  "registered_on", "2025-01-02", "state_share", 25.5, "state", "liquidated",
	                  "successor_org_id", "org_old");
	CHECK(store_begin(s, true, &tx, &e) == 0);
	CHECK(store_rec_insert(tx, &r, &e) == 0);
	CHECK(store_commit(tx, &e) == 0);
	seq = r.seq;
	store_rec_clear(&r);
	CHECK(migration_rerun(&s, world_db, "0023_typed_orgs", NULL) == 0);
	*sp = s;
	if (s == NULL)
		return;
	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(ops_org_load(tx, "org_old", &o, NULL, &e) == 0);
	CHECK(o.h.seq == seq && o.state == ORG_LIQUIDATED && o.kind == ORG_ORGANIZATION);
	CHECK_STR(o.name, "Old plant");
	CHECK_STR(o.bin, "000000000099");
	CHECK_STR(o.city, "Astana");
	CHECK(o.parent_id[0] == '\0' && o.foreign_participation && o.state_share == 25.5);
	CHECK(o.regime_category == ORG_PROTECTED);
	CHECK(o.registered_on == date_from_ymd(2025, 1, 2));
	CHECK(o.liquidated_on == date_from_ymd(2025, 6, 2));
	CHECK_STR(o.successor_org_id, "org_old");
	org_rec_free(&o);
	CHECK(store_rec_get(tx, "org", "org_old", &r, &e) == -1);
	store_rec_clear(&r);
	store_rollback(tx);
}

int
main(void)
{
	char org[STORE_ID_MAX], other[STORE_ID_MAX];
	struct crypto_keys *keys;
	struct store *s = NULL;
	struct store_tx *tx;
	struct qerr e = {0};
	struct ops_ctx c;
	struct permit_rec p, q;
	struct ops_permit_issue_args a;
	int64_t n0;

	if (ops_world_open("opsorgs", &keys, &s) != 0)
		return 1;
	if (keys == NULL || s == NULL)
		return tap_done();

	/* The migration's tables are their descriptions. */
	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(store_table_check(tx, &store_permit_table, &e) == 0);
	CHECK(store_table_check(tx, &store_permit_change_table, &e) == 0);
	CHECK(store_table_check(tx, &store_permit_mark_table, &e) == 0);
	CHECK(store_table_check(tx, &store_certificate_table, &e) == 0);
	CHECK(store_table_check(tx, &store_delegation_table, &e) == 0);
	CHECK(store_table_check(tx, &store_org_table, &e) == 0);
	store_rollback(tx);

	ops_world_ctx(&c, s, keys);
	q_strlcpy(c.actor.user_id, "user_nsc", sizeof c.actor.user_id);
	c.actor.cross_org = true;
	org_add(s, org);
	org_add(s, other);
	n0 = audit_n(s);

	/* Issue. */
	a = (struct ops_permit_issue_args){.org_id = org, .degree = DEGREE_TOP_SECRET,
	                                   .number = "P-1",
	                                   .issued_on = date_from_ymd(2025, 1, 15),
	                                   .valid_until = date_from_ymd(2030, 1, 14)};
	CHECK(ops_permit_issue(&c, &a, &p, &e) == 0);
	CHECK(p.h.version == 1 && p.state == PERMIT_ACTIVE && p.degree == DEGREE_TOP_SECRET);
	CHECK_STR(p.org_id, org);
	CHECK_STR(p.issuer, "user_nsc");
	CHECK(audit_n(s) == n0 + 1);
	permit_rec_free(&p);
	/* the same number again: 409 duplicate, field number */
	CHECK(ops_permit_issue(&c, &a, &p, &e) == -1);
	CHECK(e.status == QERR_CONFLICT);
	CHECK_STR(e.code, "duplicate");
	CHECK_STR(e.field, "number");
	qerr_clear(&e);
	/* the same number at another organization is another permit */
	a.org_id = other;
	CHECK(ops_permit_issue(&c, &a, &q, &e) == 0);
	permit_rec_free(&q);
	a.org_id = "org_nothere";
	a.number = "P-2";
	CHECK(ops_permit_issue(&c, &a, &p, &e) == -1);
	CHECK(e.status == QERR_NOT_FOUND);
	qerr_clear(&e);
	a.org_id = org;
	a.valid_until = date_from_ymd(2024, 1, 1);
	CHECK(ops_permit_issue(&c, &a, &p, &e) == -1);
	CHECK(e.status == QERR_INPUT);
	CHECK_STR(e.field, "valid_until");
	qerr_clear(&e);
	a.valid_until = date_from_ymd(2030, 1, 14);
	a.issued_on = date_from_ymd(2026, 3, 3);
	CHECK(ops_permit_issue(&c, &a, &p, &e) == -1);
	CHECK_STR(e.code, "date_in_future");
	qerr_clear(&e);
	CHECK(audit_n(s) == n0 + 2);
	a.issued_on = date_from_ymd(2025, 1, 15);
	CHECK(ops_permit_issue(&c, &a, &p, &e) == 0);   /* P-2 */

	/* Transitions. */
	c.effective_date = date_from_ymd(2026, 2, 1);
	CHECK(ops_permit_suspend(&c, p.h.id, &q, &e) == 0);
	CHECK(q.state == PERMIT_SUSPENDED && q.nhistory == 1 && q.h.version == 2);
	CHECK(q.history[0].from == PERMIT_ACTIVE && q.history[0].to == PERMIT_SUSPENDED);
	CHECK(q.history[0].effective_date == date_from_ymd(2026, 2, 1));
	permit_rec_free(&q);
	CHECK(ops_permit_suspend(&c, p.h.id, &q, &e) == -1);
	CHECK(e.status == QERR_CONFLICT);
	CHECK_STR(e.code, "invalid_state");
	qerr_clear(&e);
	c.effective_date = date_from_ymd(2026, 2, 20);
	CHECK(ops_permit_resume(&c, p.h.id, &q, &e) == 0);
	permit_rec_free(&q);
	CHECK(ops_permit_cancel(&c, p.h.id, &q, &e) == 0);
	CHECK(q.state == PERMIT_CANCELLED && q.nhistory == 3);
	/* as it stood on a date */
	CHECK_STR(ops_permit_state_on(&q, date_from_ymd(2026, 1, 10)), "active");
	CHECK_STR(ops_permit_state_on(&q, date_from_ymd(2026, 2, 10)), "suspended");
	CHECK_STR(ops_permit_state_on(&q, QDATE_NONE), "cancelled");
	permit_rec_free(&q);
	CHECK(ops_permit_resume(&c, p.h.id, &q, &e) == -1);
	CHECK_STR(e.code, "invalid_state");
	qerr_clear(&e);
	CHECK(ops_permit_cancel(&c, "permit_nothere", &q, &e) == -1);
	CHECK(e.status == QERR_NOT_FOUND);
	qerr_clear(&e);
	permit_rec_free(&p);

	/* Marks. */
	a.number = "P-3";
	CHECK(ops_permit_issue(&c, &a, &p, &e) == 0);
	{
		struct ops_permit_mark_args m = {.permit_id = p.h.id, .org_id = other,
		                                 .agreement_ref = "AG-7"};

		CHECK(ops_permit_mark(&c, &m, &q, &e) == 0);
		CHECK(q.nmarks == 1);
		CHECK_STR(q.marks[0].org_id, other);
		CHECK_STR(q.marks[0].agreement_ref, "AG-7");
		permit_rec_free(&q);
		m.org_id = org;
		CHECK(ops_permit_mark(&c, &m, &q, &e) == -1);
		CHECK(e.status == QERR_INPUT);
		CHECK_STR(e.field, "org_id");
		qerr_clear(&e);
		m.org_id = "org_nothere";
		CHECK(ops_permit_mark(&c, &m, &q, &e) == -1);
		CHECK(e.status == QERR_NOT_FOUND);
		CHECK_STR(e.field, "org_id");
		qerr_clear(&e);
		m.permit_id = "permit_nothere";
		CHECK(ops_permit_mark(&c, &m, &q, &e) == -1);
		CHECK(e.status == QERR_NOT_FOUND);
		qerr_clear(&e);
	}
	CHECK(ops_permit_exists(&c, p.h.id, &e) == 0);
	CHECK(ops_permit_exists(&c, "permit_nothere", &e) == -1);
	qerr_clear(&e);
	CHECK(ops_org_exists(&c, org, &e) == 0);
	CHECK(ops_org_exists(&c, "org_nothere", &e) == -1);
	qerr_clear(&e);
	permit_rec_free(&p);

	/* The typed reads. */
	CHECK(store_begin(s, false, &tx, &e) == 0);
	{
		struct permit_rec *ps = NULL;
		size_t n = 0;

		CHECK(ops_org_permits(tx, org, &ps, &n, &e) == 0);
		CHECK(n == 3);
		if (n == 3) {
			CHECK_STR(ps[0].number, "P-1");
			CHECK(ps[1].nhistory == 3 && ps[1].state == PERMIT_CANCELLED);
			CHECK(ps[2].nmarks == 1);
			CHECK(ps[0].h.seq < ps[1].h.seq && ps[1].h.seq < ps[2].h.seq);
		}
		ops_permits_free(ps, n);
	}
	{
		int64_t entries = 0, bytes = 0;

		/* issue x3, suspend, resume, cancel, issue, mark */
		CHECK(audit_n(s) == n0 + 8);
		CHECK(audit_verify(tx, (const uint8_t (*)[32])keys->pks, keys->npk, NULL, NULL, &entries, &bytes, &e) == 0);
	}
	store_rollback(tx);

	/* Certificates and archive delegations. */
	c.actor.cross_org = false;
	q_strlcpy(c.actor.org_id, org, sizeof c.actor.org_id);
	n0 = audit_n(s);
	{
		struct ops_certificate_args ca = {.org_id = org, .means = "Shield-3", .number = "C-1",
				                                  .valid_until = date_from_ymd(2027, 5, 1)};
		struct certificate_rec cr;

		ca.degree = DEGREE_TOP_SECRET;
		CHECK(ops_certificate_add(&c, &ca, &cr, &e) == 0);
		CHECK_STR(cr.means, "Shield-3");
		CHECK(cr.registered_on == c.effective_date && cr.state == ORG_ACT_ACTIVE);
		certificate_rec_free(&cr);
		CHECK(ops_certificate_add(&c, &ca, &cr, &e) == -1);
		CHECK_STR(e.code, "duplicate");
		CHECK_STR(e.field, "number");
		qerr_clear(&e);
		ca.org_id = other;   /* another organization: 403 */
		CHECK(ops_certificate_add(&c, &ca, &cr, &e) == -1);
		CHECK(e.status == QERR_FORBIDDEN);
		qerr_clear(&e);
		ca.org_id = "org_nothere";
		CHECK(ops_certificate_add(&c, &ca, &cr, &e) == -1);
		CHECK(e.status == QERR_NOT_FOUND);
		qerr_clear(&e);
	}
	{
		struct ops_delegation_args da = {.org_id = org, .archive_org_id = other, .ref = "D-1"};
		struct delegation_rec d;

		CHECK(ops_delegation_add(&c, &da, &d, &e) == 0);
		CHECK_STR(d.ref, "D-1");
		CHECK_STR(d.archive_org_id, other);
		delegation_rec_free(&d);
		CHECK(ops_delegation_add(&c, &da, &d, &e) == -1);
		CHECK_STR(e.code, "duplicate");
		CHECK_STR(e.field, "archive_org_id");
		qerr_clear(&e);
		da.archive_org_id = org;
		CHECK(ops_delegation_add(&c, &da, &d, &e) == -1);
		CHECK(e.status == QERR_INPUT);
		CHECK_STR(e.field, "archive_org_id");
		qerr_clear(&e);
		da.archive_org_id = "org_nothere";
		CHECK(ops_delegation_add(&c, &da, &d, &e) == -1);
		CHECK(e.status == QERR_NOT_FOUND);
		CHECK_STR(e.field, "archive_org_id");
		qerr_clear(&e);
	}
	CHECK(audit_n(s) == n0 + 2);
	CHECK(store_begin(s, false, &tx, &e) == 0);
	{
		struct delegation_rec d;

		CHECK(ops_certificates_each(tx, org, 0, 0, NULL, NULL, &e) == 1);
		CHECK(ops_certificates_each(tx, NULL, 0, 0, NULL, NULL, &e) == 1);
		CHECK(ops_certificates_each(tx, other, 0, 0, NULL, NULL, &e) == 0);
		CHECK(ops_delegations_each(tx, org, NULL, 0, 0, NULL, NULL, &e) == 1);
		CHECK(ops_delegations_each(tx, org, org, 0, 0, NULL, NULL, &e) == 0);
		CHECK(ops_delegation_find(tx, org, other, &d, &e) == 0);
		delegation_rec_free(&d);
		CHECK(ops_delegation_find(tx, other, org, &d, &e) == -1);
		CHECK(e.status == QERR_NOT_FOUND);
		qerr_clear(&e);
	}
	store_rollback(tx);

	organizations(&c, s);
	migration_moves_records(&s);
	ops_world_close(&c, s, keys);
	return tap_done();
}
