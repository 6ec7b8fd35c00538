/*
 * carrier_import.c — the carrier journal of an import in bulk (see
 * carrier_import.h).
 *
 * The checks are register_step's (ops/carriers.c), in its order: the
 * scope (403), the organization (404), each information item (404) and its
 * visibility (404), the organization active (org_liquidated, Art. 28), the
 * account number free (409 duplicate), label_mismatch and derived_label
 * (Art. 18), the declassification date by default, term_exceeds_limit and
 * term_mismatch (Art. 18, 20, 20.3), the owner (Art. 19: no owner, the
 * registering body's own) and org_permit_missing (Art. 34). A row that
 * fails any of them, or is not in the plain shape carrier_row_parse
 * accepts, or has more than one disposing body or no declassification
 * date, is not written here: the API decides it (the caller).
 *
 * The carrier is written as register_step writes it (ops_carrier_rec_new,
 * disposal_carrier_rec_bodies with the one body), as the typed row;
 * tests/unit/test_ops_carrier_import.c compares the two field by field.
 *
 * Invariant: a row returning 1 wrote nothing (every check precedes the
 * first write); a row returning -1 may have written part of itself, and
 * the caller then rolls the whole batch back.
 */
#include "ops/carrier_import.h"

#include <stdlib.h>
#include <string.h>

#include <stdio.h>

#include "audit/auditlog.h"
#include "crypto/crypto.h"
#include "ops/carrier_store.h"
#include "core/alloc.h"
#include "ops/carriers.h"
#include "ops/items.h"
#include "ops/orgs.h"
#include "ops/records.h"
#include "store/store_table.h"

#define OPS_BULK_SEQS 2048   /* seqs reserved at once: 1,024 rows */

struct ops_bulk_info {
	char id[STORE_ID_MAX];
	char org_id[STORE_ID_MAX];
	struct carrier_info info;
	bool usable;                    /* loaded and visible */
};

/* A new id "<prefix>_<16 hex>" as store_id_new makes them, but in order
 * within the file: 8 random hex digits drawn per file, then a counter. In
 * order, the rows of a file meet the id indexes (carrier, copies, links,
 * journal) at one place instead of all over them. Ids are names, never
 * secrets: every read checks who may see the record. */
static void
bulk_id(struct ops_carrier_bulk *b, const char *prefix, char out[STORE_ID_MAX])
{
	if (b->id_next == 0)
		crypto_random(&b->id_base, sizeof b->id_base);
	snprintf(out, STORE_ID_MAX, "%s_%08x%08x", prefix, (unsigned)b->id_base,
	         (unsigned)b->id_next++);
}

/* A check's error: a refusal sends the row to the API (1); anything else
 * (the store, memory) fails the import (-1 with e). */
static int
refused(struct qerr *le, struct qerr *e)
{
	switch (le->status) {
	case QERR_INPUT: case QERR_FORBIDDEN: case QERR_NOT_FOUND: case QERR_CONFLICT:
	case QERR_RULE:
		return 1;
	default:
		*e = *le;
		return -1;
	}
}

/* The first row: the savepoint, the scope and the organization. */
static int
bulk_open(struct ops_carrier_bulk *b, struct qerr *e)
{
	struct qerr le = {0};

	if (ops_scope(&b->c, b->c.actor.org_id, &le) != 0) {
		b->off = true;
		return refused(&le, e);
	}
	if (ops_begin(&b->c, true, &b->tx, e) != 0)
		return -1;
	if (ops_org_load(b->tx, b->c.actor.org_id, &b->org, "org_id", &le) != 0 ||
	    ops_org_active(b->tx, b->org.h.id, "org_id", &le) != 0) {
		b->off = true;
		return refused(&le, e);
	}
	return 0;
}

/* Information item id, loaded and checked once per file. NULL with *rc 1
 * (not usable) or -1 (failed, e). */
static const struct ops_bulk_info *
bulk_info(struct ops_carrier_bulk *b, const char *id, int *rc, struct qerr *e)
{
	struct info_rec rec;
	struct ops_bulk_info *it;
	struct qerr le = {0};

	for (size_t i = 0; i < b->ninfo; i++)
		if (strcmp(b->info[i].id, id) == 0) {
			*rc = b->info[i].usable ? 0 : 1;
			return b->info[i].usable ? &b->info[i] : NULL;
		}
	if (b->ninfo == b->capinfo) {
		size_t cap = b->capinfo ? b->capinfo * 2 : 16;
		struct ops_bulk_info *n = realloc(b->info, cap * sizeof *n);

		if (n == NULL) {
			*rc = qerr_internal(e, "carrier import: out of memory");
			return NULL;
		}
		b->info = n;
		b->capinfo = cap;
	}
	it = &b->info[b->ninfo];
	memset(it, 0, sizeof *it);
	q_strlcpy(it->id, id, sizeof it->id);
	if (ops_info_load(b->tx, id, &rec, "information_ids", &le) == 0) {
		it->info.degree = (enum degree)rec.degree;
		it->info.state = carrier_info_state_parse(info_state_name(rec.state));
		it->info.declassify_on = rec.declassify_on;
		q_strlcpy(it->org_id, rec.org_id, sizeof it->org_id);
		info_rec_free(&rec);
		it->usable = ops_info_ids_visible(&b->c, b->tx, &id, 1, "information_ids", &le) == 0;
	}
	if (!it->usable && (*rc = refused(&le, e)) < 0)
		return NULL;
	b->ninfo++;
	*rc = it->usable ? 0 : 1;
	return it->usable ? it : NULL;
}

/* org_permit_missing (Art. 34) on the act's date; the permits loaded once
 * per date. 0 passes, 1 refused, -1 failed. */
static int
bulk_permit(struct ops_carrier_bulk *b, enum degree label, struct qerr *e)
{
	struct qerr le = {0};

	if (!b->permits_loaded || b->permits_on != b->c.effective_date) {
		free(b->permits);
		b->permits = NULL;
		b->npermits = 0;
		b->permits_loaded = false;
		if (ops_carrier_permits_on(b->tx, b->org.h.id, b->c.effective_date, &b->permits,
		                           &b->npermits, e) != 0)
			return -1;
		b->permits_loaded = true;
		b->permits_on = b->c.effective_date;
	}
	if (carrier_permit_check(label, b->permits, b->npermits, b->c.effective_date, &le) != 0)
		return refused(&le, e);
	return 0;
}

/* The "registered" entry of its journal, as ops_movement_write writes it. */
static void
bulk_movement(struct ops_carrier_bulk *b, const struct carrier_rec *car, struct movement_rec *m)
{
	memset(m, 0, sizeof *m);
	bulk_id(b, "movement", m->h.id);
	q_strlcpy(m->parent_id, car->h.id, sizeof m->parent_id);
	q_strlcpy(m->org_id, car->org_id, sizeof m->org_id);
	m->keys = MOVE_K_ID | MOVE_K_ORG | MOVE_K_KIND | MOVE_K_DATE | MOVE_K_BY | MOVE_K_CARRIER |
	          MOVE_K_COPY | MOVE_K_PERSON;   /* person_id null */
	q_strlcpy(m->kind, "registered", sizeof m->kind);
	date_format(b->c.effective_date, m->date);
	q_strlcpy(m->by, b->c.actor.user_id, sizeof m->by);
	q_strlcpy(m->carrier_id, car->h.id, sizeof m->carrier_id);
	m->copy_number = STORE_INT_NULL;
}

/* The registry record register_step writes, as its typed row
 * (ops_carrier_rec_new), with its one disposing body. */
static int
bulk_rec(struct ops_carrier_bulk *b, const struct carrier_row *r,
         const char *const *ids, size_t n, const char *body, qdate declassify_on,
         struct carrier_rec *c, struct qerr *e)
{
	struct ops_carrier_register_args a = {
		.account_number = r->account_number, .kind = r->kind, .title = r->title,
		.label = r->label, .information_ids = ids, .n_info = n, .copies = r->copies,
		.sheets = r->sheets};
	char id[STORE_ID_MAX];

	bulk_id(b, "carrier", id);
	if (ops_carrier_rec_new(&b->c, &a, id, b->org.h.id, declassify_on, c, e) != 0)
		return -1;
	if ((c->disposing_ids = q_calloc(1, sizeof *c->disposing_ids)) == NULL)
		return qerr_internal(e, "carrier import: out of memory");
	q_strlcpy(c->disposing_ids[0], body, sizeof c->disposing_ids[0]);
	c->n_disposing = 1;
	q_strlcpy(c->disposing_org_id, body, sizeof c->disposing_org_id);
	c->fields |= CARRIER_F_DISPOSING_ORG | CARRIER_F_DISPOSING;
	return 0;
}

int
ops_carrier_bulk_row(struct ops_carrier_bulk *b, const struct carrier_row *r,
                     const char *const *ids, size_t n, char id_out[STORE_ID_MAX],
                     struct qerr *e)
{
	struct carrier_info *info = NULL;
	struct carrier_rec dup = {0}, car = {0};
	struct movement_rec mov;
	struct carrier_owner owner = {0};
	const char *body = NULL;
	qdate declassify_on;
	struct qerr le = {0};
	int rc = 1;

	if (b->off)
		return 1;
	if (b->tx == NULL && (rc = bulk_open(b, e)) != 0)
		return rc;
	if (n == 0 || n > CARRIER_INFO_MAX)   /* label_mismatch and the field table: the API's */
		return 1;
	b->c.effective_date = r->registered_on;
	if ((info = calloc(n, sizeof *info)) == NULL)
		return qerr_internal(e, "carrier import: out of memory");
	for (size_t i = 0; i < n; i++) {
		const struct ops_bulk_info *it = bulk_info(b, ids[i], &rc, e);

		if (it == NULL)
			goto out;
		info[i] = it->info;
		/* Art. 15, 23: one disposing body here (more: the API's path) */
		if (body != NULL && strcmp(body, it->org_id) != 0) {
			rc = 1;
			goto out;
		}
		body = it->org_id;
	}
	/* 409 before 422: the account number is unique in its organization */
	if (store_carrier_find(b->tx, b->org.h.id, r->account_number, &dup, &le) == 0) {
		rc = 1;
		goto out;
	}
	if (le.status != QERR_NOT_FOUND) {
		rc = refused(&le, e) < 0 ? -1 : 1;
		goto out;
	}
	le = (struct qerr){0};
	declassify_on = r->declassify_on;
	if (declassify_on == QDATE_NONE)
		declassify_on = carrier_declassify_default(info, n);
	/* label_mismatch, derived_label (Art. 18); term_exceeds_limit,
	 * term_mismatch (Art. 18, 20, 20.3); the owner (Art. 19): no owner */
	if (declassify_on == QDATE_NONE || carrier_label_check(r->label, info, n, NULL, 0, &le) != 0 ||
	    carrier_term_check(b->c.effective_date, declassify_on, info, n, &le) != 0 ||
	    carrier_owner_check(&owner, &le) != 0) {
		rc = 1;
		goto out;
	}
	if ((rc = bulk_permit(b, r->label, e)) != 0)   /* org_permit_missing, Art. 34 */
		goto out;
	/* every check passed: the writes (a failure now fails the file);
	 * the carrier's and its journal entry's seqs drawn for many rows */
	rc = -1;
	if (store_seq_reserve(b->tx, OPS_BULK_SEQS, e) != 0 ||
	    bulk_rec(b, r, ids, n, body, declassify_on, &car, e) != 0 ||
	    store_carrier_insert(b->tx, &car, e) != 0)
		goto out;
	bulk_movement(b, &car, &mov);
	if (store_movement_insert(b->tx, &mov, e) != 0)
		goto out;
	{
		struct audit_event ev = {
			.actor = ops_actor_name(&b->c),
			.action = "carrier.create",
			.object = car.h.id,
			.outcome = "ok",
			.address = b->c.address,
			.effective_date = b->c.effective_date,
		};

		if (audit_append(b->c.audit, b->tx, &ev, NULL, e) != 0)
			goto out;
	}
	q_strlcpy(id_out, car.h.id, STORE_ID_MAX);
	b->stored++;
	rc = 0;
out:
	carrier_rec_clear(&dup);
	carrier_rec_clear(&car);
	free(info);
	return rc;
}

int
ops_carrier_bulk_end(struct ops_carrier_bulk *b, bool keep, struct qerr *e)
{
	int rc = 0;

	if (b->tx != NULL) {
		if (keep)
			rc = store_commit(b->tx, e);
		else
			store_rollback(b->tx);
		b->tx = NULL;
	}
	org_rec_free(&b->org);
	memset(&b->org, 0, sizeof b->org);
	free(b->info);
	free(b->permits);
	b->info = NULL;
	b->permits = NULL;
	b->ninfo = b->capinfo = b->npermits = 0;
	b->permits_loaded = false;
	return rc;
}
