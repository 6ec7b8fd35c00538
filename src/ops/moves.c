/*
 * moves.c — the store work of the transfer procedures (see moves.h).
 * Decides nothing itself: the rules are in src/core.
 *
 * SECURITY: ids come from validated arguments and are only looked up;
 * every write stays in the caller's transaction.
 */
#include "ops/moves.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/access.h"
#include "core/carrier.h"
#include "core/clearance_rec.h"
#include "core/transfer.h"
#include "ops/carrier_store.h"
#include "ops/clearances.h"
#include "ops/orgs.h"
#include "ops/records.h"
#include "core/custody_rec.h"
#include "store/store_json.h"

/* ---- permits and clearances ------------------------------------------- */

int
ops_org_permit_check(struct store_tx *tx, const char *org_id, enum degree label, qdate on,
                     struct qerr *e)
{
	struct carrier_permit *p = NULL;
	size_t n = 0;
	int rc;

	/* as the permits stood on the act's effective_date (SPEC.md §3) */
	if (ops_carrier_permits_on(tx, org_id, on, &p, &n, e) != 0)
		return -1;
	rc = transfer_permit_check(label, p, n, on, e);
	free(p);
	return rc;
}

int
ops_person_clearance_check(struct store_tx *tx, const char *person_id, enum degree label,
                           qdate on, struct qerr *e)
{
	struct ops_clearance_query q = {.person_id = person_id};
	struct transfer_clearance c[64];
	struct clearance_rec *v = NULL;
	size_t n = 0, nc = 0;

	if (ops_clearances_list(tx, &q, &v, &n, e) != 0)
		return -1;
	/* more than 64 clearances of one person: the first count */
	for (size_t i = 0; i < n && nc < sizeof c / sizeof c[0]; i++, nc++) {
		c[nc].form = (enum degree)v[i].form;
		/* as it stood on the act's effective_date (SPEC.md §3) */
		c[nc].active = access_clearance_state_on(
			access_clearance_state_parse(clearance_rec_state_names[v[i].state]),
			v[i].granted_on, v[i].terminated_on, on) == ACCESS_CLEARANCE_ACTIVE;
	}
	ops_clearances_free(v, n);
	return transfer_clearance_check(label, c, nc, e);
}

/* ---- subordination ------------------------------------------------------ */

/* *out: `ancestor` is in the parent chain of `org`. */
static int
chain_has(struct store_tx *tx, const char *org, const char *ancestor, bool *out,
          struct qerr *e)
{
	char cur[STORE_ID_MAX];

	*out = false;
	q_strlcpy(cur, org, sizeof cur);
	for (int i = 0; i < TRANSFER_CHAIN_MAX && cur[0] != '\0'; i++) {
		struct org_rec rec = {0};
		struct qerr le = {0};

		if (ops_org_load(tx, cur, &rec, NULL, &le) != 0) {
			if (le.status == QERR_NOT_FOUND)
				return 0;
			*e = le;
			return -1;
		}
		q_strlcpy(cur, rec.parent_id, sizeof cur);
		org_rec_free(&rec);
		if (strcmp(cur, ancestor) == 0) {
			*out = true;
			return 0;
		}
	}
	return 0;
}

int
ops_subordinated(struct store_tx *tx, const char *a, const char *b, bool *out,
                 struct qerr *e)
{
	if (chain_has(tx, a, b, out, e) != 0)
		return -1;
	if (*out)
		return 0;
	return chain_has(tx, b, a, out, e);
}

bool
ops_org_foreign(const struct org_rec *org)
{
	return org->kind == ORG_FOREIGN_STATE || org->kind == ORG_INTERNATIONAL;
}

/* ---- the typed carrier --------------------------------------------------- */

void
ops_nums_free(struct ops_nums *a)
{
	free(a->v);
	a->v = NULL;
	a->n = 0;
}

int
ops_nums_push(struct ops_nums *a, int k)
{
	int *v = realloc(a->v, (a->n + 1) * sizeof *v);

	if (v == NULL)
		return -1;
	a->v = v;
	a->v[a->n++] = k;
	return 0;
}

int
ops_nums_set(struct ops_nums *a, const int *v, size_t n)
{
	ops_nums_free(a);
	if (n == 0)
		return 0;
	if ((a->v = malloc(n * sizeof *a->v)) == NULL)
		return -1;
	memcpy(a->v, v, n * sizeof *a->v);
	a->n = n;
	return 0;
}

/* The act's fields to write: a copy of act (borrowing its arrays and
 * extra), or none. */
static void
act_of(const struct movement_rec *act, struct movement_rec *m)
{
	if (act != NULL) {
		*m = *act;
		return;
	}
	memset(m, 0, sizeof *m);
	m->copy_number = STORE_INT_NULL;
	m->found = STORE_INT_NULL;
}

int
ops_movement_add_rec(const struct ops_ctx *c, struct store_tx *tx,
                     const struct carrier_rec *car, const char *org_id, const char *kind,
                     const struct movement_rec *act, struct qerr *e)
{
	/* the base keys (copy_number, person_id null) are never the act's:
	 * answers stay those of the former JSON form */
	return ops_movement_write(c, tx, car->h.id, org_id, kind, 0, NULL, act, e);
}

/* The answer of a look-up of account number acc at the recipient (rc 0:
 * found, else fe): 409 duplicate when found, fe's error when it failed
 * otherwise than 404. */
static int
ref_free_answer(int rc, const struct qerr *fe, const char *acc, struct qerr *e)
{
	if (rc == 0) {
		qerr_set(e, QERR_CONFLICT, "duplicate", NULL, "carrier_ids");
		qerr_detail_key(e, "recipient_has_account",
		                "the recipient already registers account number {account_number}",
		                "account_number", acc, NULL);
		return -1;
	}
	if (fe->status != QERR_NOT_FOUND) {
		*e = *fe;
		return -1;
	}
	return 0;
}

/* 409 duplicate: the account number is unique in the recipient's registry. */
static int
ref_free_at_rec(struct store_tx *tx, const struct carrier_rec *car, const char *to_org,
                struct qerr *e)
{
	struct carrier_rec dup = {0};
	struct qerr fe = {0};
	int rc = store_carrier_find(tx, to_org, car->account_number, &dup, &fe);

	carrier_rec_clear(&dup);
	return ref_free_answer(rc, &fe, car->account_number, e);
}

static int
movement_pair_rec(const struct ops_ctx *c, struct store_tx *tx, const struct carrier_rec *car,
                  const char *from, const char *to_org, const struct movement_rec *m,
                  struct qerr *e)
{
	if (ops_movement_add_rec(c, tx, car, from, "transferred", m, e) != 0)
		return -1;
	if (to_org != NULL && ops_movement_add_rec(c, tx, car, to_org, "received", m, e) != 0)
		return -1;
	return 0;
}

static void
carrier_owner_set_rec(struct carrier_rec *car, const char *to_org)
{
	q_strlcpy(car->org_id, to_org, sizeof car->org_id);
	car->fields |= CARRIER_F_ORG;
}

int
ops_carrier_move_rec(const struct ops_ctx *c, struct store_tx *tx, struct carrier_rec *car,
                     const char *to_org_id, const struct movement_rec *act, struct qerr *e)
{
	struct movement_rec m;

	if (ref_free_at_rec(tx, car, to_org_id, e) != 0)
		return -1;
	act_of(act, &m);
	q_strlcpy(m.to_org_id, to_org_id, sizeof m.to_org_id);
	q_strlcpy(m.from_org_id, car->org_id, sizeof m.from_org_id);
	m.more |= MOVE_M_TO_ORG | MOVE_M_FROM_ORG;
	if (movement_pair_rec(c, tx, car, m.from_org_id, to_org_id, &m, e) != 0)
		return -1;
	carrier_owner_set_rec(car, to_org_id);
	return ops_carrier_save(tx, car, e);
}

int
ops_copies_check_rec(const struct carrier_rec *car, const char *from, const char *person_from,
                     const int *nums, size_t n, const char *field, struct qerr *e)
{
	int out = 0;

	if (n == 0) {
		qerr_input(e, "invalid_value", field);
		qerr_detail(e, "no copy to move");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const struct carrier_copy_rec *cp = custody_rec_copy(car, nums[i]);
		bool held;

		if (cp == NULL) {
			qerr_input(e, "invalid_value", field);
			qerr_detail(e, "no such copy");
			return -1;
		}
		for (size_t k = 0; k < i; k++) {
			if (nums[k] == nums[i]) {
				qerr_input(e, "invalid_value", field);
				qerr_detail(e, "a copy number is repeated");
				return -1;
			}
		}
		held = person_from != NULL ? jrec_same(custody_rec_copy_person(cp), person_from)
		                           : custody_rec_copy_held_by(car, cp, from) &&
		                             custody_rec_copy_joint_work(cp) == NULL;
		/* Only copies the sender holds are sent (SPEC.md §2 "Carrier"). */
		if (!held) {
			char num[24];

			snprintf(num, sizeof num, "%d", nums[i]);
			qerr_set(e, QERR_CONFLICT, "invalid_state", "25", field);
			qerr_detail_key(e, "copy_not_with_sender", "copy {n} is not held by the sender",
			                "n", num, NULL);
			return -1;
		}
		out += carrier_copy_state_parse(cp->state) == CARRIER_COPY_ISSUED;
	}
	return out;
}

int
ops_copies_held_rec(const struct carrier_rec *car, const char *org_id, struct ops_nums *out)
{
	ops_nums_free(out);
	for (size_t i = 0; i < car->n_copies; i++) {
		const struct carrier_copy_rec *cp = &car->copies[i];

		if (!custody_rec_copy_held_by(car, cp, org_id) ||
		    custody_rec_copy_joint_work(cp) != NULL)
			continue;
		if (ops_nums_push(out, (int)i + 1) != 0) {
			ops_nums_free(out);
			return -1;
		}
	}
	return 0;
}

int
ops_copies_move_rec(const struct ops_ctx *c, struct store_tx *tx, struct carrier_rec *car,
                    const char *from, const char *to_org, const char *to_person,
                    const int *nums, size_t n, const char *jw,
                    const struct movement_rec *act, struct qerr *e)
{
	struct movement_rec m;
	int64_t *cn = NULL;
	char *extra = NULL;
	bool whole = true;
	int rc = -1;

	for (size_t i = 0; i < n; i++) {
		struct carrier_copy_rec *cp = custody_rec_copy(car, nums[i]);

		if (cp == NULL)
			return qerr_internal(e, "copy holder");
		custody_rec_copy_set(cp, to_org, to_person, jw);
	}
	/* Every copy now with the recipient, outright: the carrier moves. */
	for (size_t i = 0; i < car->n_copies; i++)
		if (jw != NULL || to_org == NULL ||
		    !custody_rec_copy_held_by(car, &car->copies[i], to_org) ||
		    custody_rec_copy_joint_work(&car->copies[i]) != NULL)
			whole = false;
	if (whole && !jrec_same(car->org_id, to_org) && ref_free_at_rec(tx, car, to_org, e) != 0)
		return -1;
	if (custody_rec_depart(car, from, c->effective_date) != 0)
		return qerr_internal(e, "departed");
	act_of(act, &m);
	q_strlcpy(m.from_org_id, from, sizeof m.from_org_id);
	m.more |= MOVE_M_FROM_ORG;
	if (to_org != NULL) {
		q_strlcpy(m.to_org_id, to_org, sizeof m.to_org_id);
		m.more |= MOVE_M_TO_ORG;
	} else {
		/* to_person_id has no column: the entry's extra */
		const char *const kv[][2] = {{"to_person_id", to_person}};

		if ((m.extra != NULL && (extra = strdup(m.extra)) == NULL) ||
		    store_json_extra_put(&extra, NULL, false, kv, 1) != 0) {
			free(extra);
			return qerr_internal(e, "movement: out of memory");
		}
		m.extra = extra;
	}
	if (n > 0 && (cn = malloc(n * sizeof *cn)) == NULL) {
		free(extra);
		return qerr_internal(e, "movement: out of memory");
	}
	for (size_t i = 0; i < n; i++)
		cn[i] = nums[i];
	m.copy_numbers = cn;
	m.n_copy_numbers = n;
	m.more |= MOVE_M_COPY_NUMBERS;
	if (jw != NULL) {
		q_strlcpy(m.joint_work_id, jw, sizeof m.joint_work_id);
		m.more |= MOVE_M_JOINT_WORK;
	}
	/* person_id: the entry's own (null), never the recipient citizen
	 * (as the former JSON form wrote it; answers stay identical). */
	if (movement_pair_rec(c, tx, car, from, to_org, &m, e) == 0) {
		if (whole)
			carrier_owner_set_rec(car, to_org);
		rc = ops_carrier_save(tx, car, e);
	}
	free(cn);
	free(extra);
	return rc;
}

int
ops_ids_unique(const struct ops_ids *ids, const char *field, struct qerr *e)
{
	for (size_t i = 0; i < ids->n; i++) {
		for (size_t j = 0; j < i; j++) {
			if (jrec_same(ids->v[i], ids->v[j])) {
				qerr_input(e, "invalid_value", field);
				qerr_detail(e, "an id is repeated");
				return -1;
			}
		}
	}
	return 0;
}
