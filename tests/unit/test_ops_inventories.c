/*
 * test_ops_inventories.c — the inventory procedures of
 * src/ops/inventories.c without HTTP: open (403 another organization, 404
 * the organization), mark (404 inventory, 403, 404 carrier, 400 a copy the
 * carrier lacks, a second mark of a copy replaces the first), close
 * (missing copies with one incident per carrier, an unexpected copy,
 * counts), 409 invalid_state once closed, one audit entry per step and
 * none for a failed one, the core rules (inventory_open_check,
 * inventory_found_unexpected), the tables as described, and the migration
 * 0023b_typed_inventories moving a full 0.1.0 inventory (record, marks,
 * discrepancies, incident ids) with nothing lost.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops/incidents.h"
#include "ops/inventories.h"
#include "store/tables_inventory.h"
#include "ops_world.h"
#include "tap.h"

#define ORG_A "org_00000000000000a1"
#define ORG_B "org_00000000000000b1"
#define CAR_1 "carrier_0000000000000c01"
#define CAR_2 "carrier_0000000000000c02"
#define CAR_B "carrier_0000000000000c0b"
#define INV_STEP "0023b_typed_inventories"

/* A carrier record of org with n copies held at home. */
static void
carrier_put(struct store *s, const char *id, const char *org, const char *acc, const char *state,
            int n)
{
	json_t *copies = json_array();

	for (int i = 1; i <= n; i++)
		json_array_append_new(copies, json_pack("{s:i, s:s, s:n, s:n, s:s}", "number", i,
		                                        "holder_org_id", org, "holder_person_id",
		                                        "holder", "state", "in_registry"));
	ops_world_put(s, "carrier", id, org, "", state,
	              json_pack("{s:s, s:s, s:s, s:o, s:s}", "org_id", org, "account_number", acc,
	                        "label", "confidential", "copies", copies, "state", state));
	/* ref = the account number */
	{
		struct store_tx *tx = NULL;
		struct store_rec r = {0};
		struct qerr e = {0};

		CHECK(store_begin(s, true, &tx, &e) == 0);
		CHECK(store_rec_get(tx, "carrier", id, &r, &e) == 0);
		q_strlcpy(r.ref, acc, sizeof r.ref);
		CHECK(store_rec_update(tx, &r, &e) == 0);
		CHECK(store_commit(tx, &e) == 0);
		store_rec_clear(&r);
	}
}

static void
expect_err(struct qerr *e, int status, const char *code, const char *field)
{
	CHECK(e->status == status);
	CHECK_STR(e->code, code);
	if (field != NULL)
		CHECK_STR(e->field, field);
	qerr_clear(e);
}

static void
rules(void)
{
	struct qerr e = {0};

	CHECK(inventory_open_check(INVENTORY_OPEN, &e) == 0);
	CHECK(inventory_open_check(INVENTORY_CLOSED, &e) == -1);
	expect_err(&e, QERR_CONFLICT, "invalid_state", NULL);
	CHECK(!inventory_found_unexpected(true, true));
	CHECK(inventory_found_unexpected(false, true));
	CHECK(inventory_found_unexpected(true, false));
}

static void
procedures(struct ops_ctx *c, struct store *s, const struct crypto_keys *keys)
{
	struct inventory_rec inv, got;
	struct inventory_mark_rec m;
	struct ops_inventory_mark_args a;
	struct qerr e = {0};
	bool created;
	int64_t n0;

	ops_world_put(s, "org", ORG_A, "", "", "active", json_object());
	ops_world_put(s, "org", ORG_B, "", "", "active", json_object());
	carrier_put(s, CAR_1, ORG_A, "ACC-1", "registered", 2);
	carrier_put(s, CAR_2, ORG_A, "ACC-2", "issued", 1);
	carrier_put(s, CAR_B, ORG_B, "ACC-B", "registered", 1);
	q_strlcpy(c->actor.user_id, "user_so", sizeof c->actor.user_id);
	q_strlcpy(c->actor.org_id, ORG_A, sizeof c->actor.org_id);
	n0 = audit_n(s);

	/* Open: another organization's 403, an unknown one 404 (as admin). */
	CHECK(ops_inventory_open(c, ORG_B, &inv, &e) == -1);
	expect_err(&e, QERR_FORBIDDEN, "forbidden_org", NULL);
	c->actor.cross_org = true;
	CHECK(ops_inventory_open(c, "org_nothere", &inv, &e) == -1);
	expect_err(&e, QERR_NOT_FOUND, "not_found", "org_id");
	c->actor.cross_org = false;
	CHECK(ops_inventory_open(c, ORG_A, &inv, &e) == 0);
	CHECK(inv.state == INVENTORY_OPEN && inv.marks == 0 && inv.checked == STORE_INT_NULL);
	CHECK(inv.closed_on == QDATE_NONE && inv.opened_on == c->effective_date);
	CHECK_STR(inv.opened_by, "user_so");
	CHECK(audit_n(s) == n0 + 1);

	/* Marks. */
	a = (struct ops_inventory_mark_args){.inventory_id = inv.h.id, .carrier_id = CAR_1,
	                                     .copy_number = 1, .found = false};
	CHECK(ops_inventory_mark(c, &a, &m, &created, &e) == 0);
	CHECK(created && !m.found);
	a.found = true;
	CHECK(ops_inventory_mark(c, &a, &m, &created, &e) == 0);   /* replaces it */
	CHECK(!created && m.found && m.h.version == 2);
	a.carrier_id = CAR_2;
	CHECK(ops_inventory_mark(c, &a, &m, &created, &e) == 0);
	a.carrier_id = CAR_B;     /* another organization's copy, found here */
	CHECK(ops_inventory_mark(c, &a, &m, &created, &e) == 0);
	a.carrier_id = "carrier_nothere";
	CHECK(ops_inventory_mark(c, &a, &m, &created, &e) == -1);
	expect_err(&e, QERR_NOT_FOUND, "not_found", "carrier_id");
	a.carrier_id = CAR_1;
	a.copy_number = 3;
	CHECK(ops_inventory_mark(c, &a, &m, &created, &e) == -1);
	expect_err(&e, QERR_INPUT, "invalid_value", "copy_number");
	a.inventory_id = "inventory_nothere";
	CHECK(ops_inventory_mark(c, &a, &m, &created, &e) == -1);
	expect_err(&e, QERR_NOT_FOUND, "not_found", NULL);
	CHECK(audit_n(s) == n0 + 5);
	/* another organization's user: 403 */
	q_strlcpy(c->actor.org_id, ORG_B, sizeof c->actor.org_id);
	CHECK(ops_inventory_close(c, inv.h.id, &got, &e) == -1);
	expect_err(&e, QERR_FORBIDDEN, "forbidden_org", NULL);
	CHECK(ops_inventory_check(c, inv.h.id, &e) == -1);
	expect_err(&e, QERR_FORBIDDEN, "forbidden_org", NULL);
	q_strlcpy(c->actor.org_id, ORG_A, sizeof c->actor.org_id);
	CHECK(ops_inventory_check(c, inv.h.id, &e) == 0);

	/* Close: copy 2 of CAR_1 missing, CAR_B's copy unexpected. */
	CHECK(ops_inventory_close(c, inv.h.id, &got, &e) == 0);
	CHECK(got.state == INVENTORY_CLOSED && got.closed_on == c->effective_date);
	CHECK(got.checked == 3 && got.found == 2 && got.marks == 3);
	CHECK(got.ndiscrepancies == 2 && got.nincidents == 1);
	if (got.ndiscrepancies == 2) {
		CHECK(got.discrepancies[0].kind == INVENTORY_MISSING);
		CHECK_STR(got.discrepancies[0].carrier_id, CAR_1);
		CHECK(got.discrepancies[0].copy_number == 2);
		CHECK_STR(got.discrepancies[0].account_number, "ACC-1");
		CHECK_STR(got.discrepancies[0].label, "confidential");
		CHECK(got.discrepancies[1].kind == INVENTORY_UNEXPECTED);
		CHECK_STR(got.discrepancies[1].carrier_id, CAR_B);
		CHECK_STR(got.discrepancies[1].org_id, ORG_B);
		CHECK_STR(got.discrepancies[1].state, "registered");
	}
	inventory_rec_free(&got);
	/* as it reads back */
	CHECK(ops_inventory_get(c, inv.h.id, &got, &e) == 0);
	CHECK(got.ndiscrepancies == 2 && got.nincidents == 1 && got.checked == 3);
	if (got.nincidents == 1) {
		struct incident_rec inc = {0};

		CHECK(ops_incident_get(c, got.incidents[0].incident_id, &inc, &e) == 0);
		CHECK_STR(inc.inventory_id, inv.h.id);
		incident_rec_free(&inc);
	}
	inventory_rec_free(&got);

	/* Closed: marks and the close are 409 invalid_state, unrecorded. */
	a.inventory_id = inv.h.id;
	a.copy_number = 1;
	CHECK(ops_inventory_mark(c, &a, &m, &created, &e) == -1);
	expect_err(&e, QERR_CONFLICT, "invalid_state", NULL);
	CHECK(ops_inventory_close(c, inv.h.id, &got, &e) == -1);
	expect_err(&e, QERR_CONFLICT, "invalid_state", NULL);
	CHECK(audit_n(s) == n0 + 6);
	inventory_rec_free(&inv);
	ops_world_verify(s, keys);
}

/* A 0.1.0 inventory (its record, two marks as movement records) moved by
 * the step run again: every field kept, seqs kept, the records gone. */
static const char old_inv[] =
	"{\"checked\":3,\"closed_on\":\"2025-06-02\",\"discrepancies\":["
	"{\"account_number\":\"ACC-9\",\"carrier_id\":\"carrier_9\",\"copy_number\":2,"
	"\"holder\":\"person_h\",\"kind\":\"missing\",\"label\":\"top_secret\"},"
	"{\"account_number\":\"ACC-8\",\"carrier_id\":\"carrier_8\",\"copy_number\":1,"
	"\"kind\":\"unexpected\",\"org_id\":\"" ORG_B "\",\"state\":\"destroyed\"}],"
	"\"found\":1,\"incident_ids\":[\"incident_1\",\"incident_2\"],\"marks\":2,"
	"\"opened_by\":\"user_old\",\"opened_on\":\"2025-06-01\",\"org_id\":\"" ORG_A "\","
	"\"state\":\"closed\"}";

/* Its two marks, records "movement" as the record-table builds wrote them
 * (carriers' journal entries are typed now: written behind the store). */
static const char old_marks[] =
	"INSERT INTO record(kind, id, org_id, parent_id, ref, state, doc) VALUES"
	" ('movement', 'movement_m1', '" ORG_A "', 'inventory_old', 'inventory_old/carrier_9/1', '',"
	"  '{\"by\":\"user_old\",\"carrier_id\":\"carrier_9\",\"copy_number\":1,"
	"\"date\":\"2025-06-01\",\"found\":true,\"id\":\"movement_m1\","
	"\"inventory_id\":\"inventory_old\",\"kind\":\"inventory_mark\"}'),"
	" ('movement', 'movement_m2', '" ORG_A "', 'inventory_old', 'inventory_old/carrier_8/1', '',"
	"  '{\"by\":\"user_old\",\"carrier_id\":\"carrier_8\",\"copy_number\":1,"
	"\"date\":\"2025-06-02\",\"found\":true,\"id\":\"movement_m2\","
	"\"inventory_id\":\"inventory_old\",\"kind\":\"inventory_mark\"}');";

static void
migration_moves_records(struct store **sp)
{
	struct store *s = *sp;
	struct store_tx *tx = NULL;
	struct inventory_rec got;
	struct inventory_mark_rec m;
	struct qerr e = {0};
	json_error_t jerr;
	int64_t inv_seq = 0;

	ops_world_put(s, "inventory", "inventory_old", ORG_A, "", "closed",
	              json_loads(old_inv, 0, &jerr));
	inv_seq = rec_seq(s, "inventory", "inventory_old");
	CHECK(migration_rerun(&s, world_db, INV_STEP, old_marks) == 0);
	*sp = s;
	if (s == NULL)
		return;
	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(ops_inventory_load(tx, "inventory_old", &got, &e) == 0);
	CHECK(got.h.seq == inv_seq);
	CHECK(got.state == INVENTORY_CLOSED && got.checked == 3 && got.found == 1 && got.marks == 2);
	CHECK(got.opened_on == date_from_ymd(2025, 6, 1) && got.closed_on == date_from_ymd(2025, 6, 2));
	CHECK_STR(got.opened_by, "user_old");
	CHECK_STR(got.org_id, ORG_A);
	CHECK(got.ndiscrepancies == 2 && got.nincidents == 2);
	if (got.ndiscrepancies == 2 && got.nincidents == 2) {
		const struct inventory_discrepancy_rec *d = got.discrepancies;

		CHECK(d[0].kind == INVENTORY_MISSING && d[0].copy_number == 2);
		CHECK_STR(d[0].carrier_id, "carrier_9");
		CHECK_STR(d[0].account_number, "ACC-9");
		CHECK_STR(d[0].holder, "person_h");
		CHECK_STR(d[0].label, "top_secret");
		CHECK(d[1].kind == INVENTORY_UNEXPECTED && d[1].copy_number == 1);
		CHECK_STR(d[1].org_id, ORG_B);
		CHECK_STR(d[1].state, "destroyed");
		CHECK(d[0].h.seq < d[1].h.seq);
		CHECK_STR(got.incidents[0].incident_id, "incident_1");
		CHECK_STR(got.incidents[1].incident_id, "incident_2");
		CHECK(got.incidents[0].h.seq < got.incidents[1].h.seq);
	}
	inventory_rec_free(&got);
	CHECK(store_row_get(tx, &store_inventory_mark_table, "movement_m2", &m, &e) == 0);
	CHECK(m.found && m.copy_number == 1 && m.date == date_from_ymd(2025, 6, 2));
	CHECK_STR(m.inventory_id, "inventory_old");
	CHECK_STR(m.carrier_id, "carrier_8");
	CHECK_STR(m.by, "user_old");
	{
		struct store_rec r = {0};

		CHECK(store_rec_get(tx, "inventory", "inventory_old", &r, &e) == -1);
		CHECK(e.status == QERR_NOT_FOUND);
		qerr_clear(&e);
		CHECK(store_rec_get(tx, "movement", "movement_m1", &r, &e) == -1);
		qerr_clear(&e);
		store_rec_clear(&r);
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

	rules();
	if (ops_world_open("opsinv", &keys, &s) != 0)
		return 1;
	if (keys == NULL || s == NULL)
		return tap_done();
	/* The migration's tables are their descriptions. */
	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(store_table_check(tx, &store_inventory_table, &e) == 0);
	CHECK(store_table_check(tx, &store_inventory_mark_table, &e) == 0);
	CHECK(store_table_check(tx, &store_inventory_discrepancy_table, &e) == 0);
	CHECK(store_table_check(tx, &store_inventory_incident_table, &e) == 0);
	store_rollback(tx);

	ops_world_ctx(&c, s, keys);
	procedures(&c, s, keys);
	migration_moves_records(&s);
	ops_world_close(&c, s, keys);
	return tap_done();
}
