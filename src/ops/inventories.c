/*
 * inventories.c — the procedures of an inventory (see inventories.h).
 *
 * The close reads the carriers as structs (core/carrier_rec.h, custody per
 * copy through core/custody_rec.h) and opens its incidents through
 * ops/incidents.h; the inventory itself, its marks, discrepancies and
 * incident ids are typed rows (store/tables_inventory.h).
 *
 * SECURITY: ids from the request are only looked up; the actor's
 * organization scopes every inventory (403 forbidden_org).
 */
#include "ops/inventories.h"

#include <stdlib.h>
#include <string.h>

#include "core/carrier.h"
#include "core/custody_rec.h"
#include "ops/carrier_store.h"
#include "ops/incidents.h"
#include "ops/orgs.h"
#include "store/tables_inventory.h"

/* ---- reads ------------------------------------------------------------- */

struct children {
	struct inventory_rec *inv;
	size_t cap_d, cap_i;
	struct qerr *e;
};

static int
grow(void **v, size_t *cap, size_t n, size_t size, struct qerr *e)
{
	size_t ncap;
	void *p;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 8;
	if ((p = realloc(*v, ncap * size)) == NULL)
		return qerr_internal(e, "inventory: out of memory");
	*v = p;
	*cap = ncap;
	return 0;
}

static char *
dup_or_null(const char *s, bool *oom)
{
	char *d;

	if (s == NULL)
		return NULL;
	if ((d = strdup(s)) == NULL)
		*oom = true;
	return d;
}

static int
discrepancy_cb(void *ctx, const void *row)
{
	struct children *c = ctx;
	struct inventory_rec *inv = c->inv;
	const struct inventory_discrepancy_rec *d = row;
	struct inventory_discrepancy_rec *n;
	bool oom = false;

	if (grow((void **)&inv->discrepancies, &c->cap_d, inv->ndiscrepancies,
	         sizeof *inv->discrepancies, c->e) != 0)
		return -1;
	/* the row's strings are freed after this call: copy */
	n = &inv->discrepancies[inv->ndiscrepancies];
	*n = *d;
	n->account_number = dup_or_null(d->account_number, &oom);
	n->label = dup_or_null(d->label, &oom);
	n->state = dup_or_null(d->state, &oom);
	if (oom) {
		inventory_discrepancy_free(n);
		return qerr_internal(c->e, "inventory: out of memory");
	}
	inv->ndiscrepancies++;
	return 0;
}

static int
incident_cb(void *ctx, const void *row)
{
	struct children *c = ctx;
	struct inventory_rec *inv = c->inv;

	if (grow((void **)&inv->incidents, &c->cap_i, inv->nincidents, sizeof *inv->incidents,
	         c->e) != 0)
		return -1;
	inv->incidents[inv->nincidents++] = *(const struct inventory_incident_rec *)row;
	return 0;
}

int
ops_inventory_load(struct store_tx *tx, const char *inventory_id, struct inventory_rec *out,
                   struct qerr *e)
{
	struct children c = {.inv = out, .e = e};
	struct store_where w;

	memset(out, 0, sizeof *out);
	if (store_row_get(tx, &store_inventory_table, inventory_id ? inventory_id : "", out, e) != 0)
		return -1;
	w = STORE_W_STR("inventory_id", out->h.id);
	if (store_row_list(tx, &store_inventory_discrepancy_table, &w, 1, 0, 0, discrepancy_cb, &c,
	                   e) < 0 ||
	    store_row_list(tx, &store_inventory_incident_table, &w, 1, 0, 0, incident_cb, &c, e) < 0) {
		inventory_rec_free(out);
		return -1;
	}
	return 0;
}

/* The inventory (404), then 403 for another organization's. */
static int
load_scoped(const struct ops_ctx *c, struct store_tx *tx, const char *id,
            struct inventory_rec *inv, struct qerr *e)
{
	if (ops_inventory_load(tx, id, inv, e) != 0)
		return -1;
	if (ops_scope(c, inv->org_id, e) != 0) {
		inventory_rec_free(inv);
		return -1;
	}
	return 0;
}

int
ops_inventory_get(const struct ops_ctx *c, const char *inventory_id, struct inventory_rec *out,
                  struct qerr *e)
{
	struct store_tx *tx = NULL;
	int rc;

	memset(out, 0, sizeof *out);
	if (ops_begin(c, false, &tx, e) != 0)
		return -1;
	rc = load_scoped(c, tx, inventory_id, out, e);
	store_rollback(tx);
	return rc;
}

int
ops_inventory_check(const struct ops_ctx *c, const char *inventory_id, struct qerr *e)
{
	struct inventory_rec inv;
	int rc = ops_inventory_get(c, inventory_id, &inv, e);

	inventory_rec_free(&inv);
	return rc;
}

/* ---- procedures -------------------------------------------------------- */

int
ops_inventory_open(const struct ops_ctx *c, const char *org_id, struct inventory_rec *out,
                   struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct inventory_rec inv = {0};

	memset(out, 0, sizeof *out);
	if (ops_scope(c, org_id, e) != 0)
		return -1;
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_org_exists_in(tx, org_id, "org_id", e) != 0)
		goto fail;
	store_id_new(store_inventory_table.id_prefix, inv.h.id);
	q_strlcpy(inv.org_id, org_id, sizeof inv.org_id);
	inv.state = INVENTORY_OPEN;
	inv.opened_on = c->effective_date;
	q_strlcpy(inv.opened_by, c->actor.user_id, sizeof inv.opened_by);
	inv.closed_on = QDATE_NONE;
	inv.checked = inv.found = STORE_INT_NULL;
	if (store_row_insert(tx, &store_inventory_table, &inv, e) != 0)
		goto fail;
	if (ops_commit(c, tx, "inventory.create", inv.h.id, NULL, e) != 0)
		return ops_refuse(c, "inventory.create", NULL, e);
	*out = inv;
	return 0;
fail:
	store_rollback(tx);
	return ops_refuse(c, "inventory.create", NULL, e);
}

/* The mark of the copy, *exists whether there is one. */
static int
mark_find(struct store_tx *tx, const char *inv, const char *car, int64_t n,
          struct inventory_mark_rec *m, bool *exists, struct qerr *e)
{
	struct store_where w[3] = {
		STORE_W_STR("inventory_id", inv),
		STORE_W_STR("carrier_id", car),
		STORE_W_NUM("copy_number", STORE_EQ, n),
	};
	struct qerr fe = {0};

	*exists = store_row_find(tx, &store_inventory_mark_table, w, 3, m, &fe) == 0;
	if (!*exists && fe.status != QERR_NOT_FOUND) {
		if (e != NULL)
			*e = fe;
		return -1;
	}
	return 0;
}

int
ops_inventory_mark(const struct ops_ctx *c, const struct ops_inventory_mark_args *a,
                   struct inventory_mark_rec *out, bool *created, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct inventory_rec inv = {0};
	struct carrier_rec car = {0};
	struct inventory_mark_rec m = {0};
	bool exists;

	memset(out, 0, sizeof *out);
	*created = false;
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (load_scoped(c, tx, a->inventory_id, &inv, e) != 0 ||
	    inventory_open_check(inv.state, e) != 0 ||
	    ops_carrier_load(tx, a->carrier_id, &car, "carrier_id", e) != 0 ||
	    custody_rec_copy_named(&car, a->copy_number, e) == NULL ||
	    mark_find(tx, inv.h.id, car.h.id, a->copy_number, &m, &exists, e) != 0)
		goto fail;
	if (!exists) {
		store_id_new(store_inventory_mark_table.id_prefix, m.h.id);
		q_strlcpy(m.inventory_id, inv.h.id, sizeof m.inventory_id);
		q_strlcpy(m.carrier_id, car.h.id, sizeof m.carrier_id);
		m.copy_number = a->copy_number;
	}
	m.found = a->found;
	m.date = c->effective_date;
	q_strlcpy(m.by, c->actor.user_id, sizeof m.by);
	if (exists ? store_row_update(tx, &store_inventory_mark_table, &m, e) != 0
	           : store_row_insert(tx, &store_inventory_mark_table, &m, e) != 0)
		goto fail;
	if (!exists) {
		inv.marks++;
		if (store_row_update(tx, &store_inventory_table, &inv, e) != 0)
			goto fail;
	}
	carrier_rec_clear(&car);
	inventory_rec_free(&inv);
	if (ops_commit(c, tx, "inventory.mark", a->inventory_id, NULL, e) != 0)
		return ops_refuse(c, "inventory.mark", a->inventory_id, e);
	*out = m;
	*created = !exists;
	return 0;
fail:
	store_rollback(tx);
	carrier_rec_clear(&car);
	inventory_rec_free(&inv);
	return ops_refuse(c, "inventory.mark", a->inventory_id, e);
}

/* ---- the close ----------------------------------------------------------- */

struct close_ctx {
	const struct ops_ctx *c;
	struct store_tx *tx;
	struct inventory_rec *inv;
	size_t cap_d, cap_i;
	struct qerr *e;
};

/* Appends a discrepancy (its strings copied) to the inventory and stores it. */
static int
discrepancy_add(struct close_ctx *x, int kind, const struct carrier_rec *car, int64_t n,
                const char *holder)
{
	struct inventory_rec *inv = x->inv;
	struct inventory_discrepancy_rec *d;
	bool oom = false;

	if (grow((void **)&inv->discrepancies, &x->cap_d, inv->ndiscrepancies,
	         sizeof *inv->discrepancies, x->e) != 0)
		return -1;
	d = &inv->discrepancies[inv->ndiscrepancies];
	memset(d, 0, sizeof *d);
	store_id_new(store_inventory_discrepancy_table.id_prefix, d->h.id);
	q_strlcpy(d->inventory_id, inv->h.id, sizeof d->inventory_id);
	d->kind = kind;
	q_strlcpy(d->carrier_id, car->h.id, sizeof d->carrier_id);
	d->account_number = dup_or_null(car->account_number, &oom);
	d->copy_number = n;
	if (kind == INVENTORY_MISSING) {
		q_strlcpy(d->holder, holder ? holder : "", sizeof d->holder);
		d->label = dup_or_null((car->fields & CARRIER_F_LABEL) && car->label[0] ? car->label
		                                                                    : NULL,
		                       &oom);
	} else {
		d->state = dup_or_null(car->state, &oom);
		q_strlcpy(d->org_id, car->org_id, sizeof d->org_id);
	}
	if (oom) {
		inventory_discrepancy_free(d);
		return qerr_internal(x->e, "inventory: out of memory");
	}
	inv->ndiscrepancies++;
	return store_row_insert(x->tx, &store_inventory_discrepancy_table, d, x->e);
}

/* Records the incident id the close opened. */
static int
incident_add(struct close_ctx *x, const char *incident_id)
{
	struct inventory_rec *inv = x->inv;
	struct inventory_incident_rec *ii;

	if (grow((void **)&inv->incidents, &x->cap_i, inv->nincidents, sizeof *inv->incidents,
	         x->e) != 0)
		return -1;
	ii = &inv->incidents[inv->nincidents];
	memset(ii, 0, sizeof *ii);
	store_id_new(store_inventory_incident_table.id_prefix, ii->h.id);
	q_strlcpy(ii->inventory_id, inv->h.id, sizeof ii->inventory_id);
	q_strlcpy(ii->incident_id, incident_id, sizeof ii->incident_id);
	inv->nincidents++;
	return store_row_insert(x->tx, &store_inventory_incident_table, ii, x->e);
}

/* Each expected carrier: every copy the organization holds must carry a
 * "found" mark; those that do not are missing, and open one incident
 * loss_suspected for the carrier (ops/incidents.h) naming them and their
 * holders. */
static int
close_carrier_cb(void *ctx, const struct carrier_rec *car)
{
	struct close_ctx *x = ctx;
	size_t ncopies = car->n_copies, nmiss = 0, nheld = 0;
	struct incident_copy *miss = calloc(ncopies + 1, sizeof *miss);
	const char **holders = calloc(ncopies + 1, sizeof *holders);
	int rc = 0;

	if (miss == NULL || holders == NULL) {
		free(miss);
		free(holders);
		return qerr_internal(x->e, "inventory: out of memory");
	}
	for (size_t i = 0; i < ncopies; i++) {
		const struct carrier_copy_rec *copy = &car->copies[i];
		struct inventory_mark_rec m;
		long long n = copy->number;
		const char *holder = copy->holder[0] != '\0' ? copy->holder : NULL;
		bool exists;

		/* Only the copies this organization holds (custody per copy). */
		if (!custody_rec_copy_held_by(car, copy, x->inv->org_id))
			continue;
		x->inv->checked++;
		if ((rc = mark_find(x->tx, x->inv->h.id, car->h.id, n, &m, &exists, x->e)) != 0)
			break;
		if (exists && m.found) {
			x->inv->found++;
			continue;
		}
		if ((rc = discrepancy_add(x, INVENTORY_MISSING, car, n, holder)) != 0)
			break;
		miss[nmiss].copy_number = n;
		q_strlcpy(miss[nmiss].holder, holder ? holder : "", sizeof miss[nmiss].holder);
		nmiss++;
		if (holder != NULL)
			holders[nheld++] = holder;
	}
	if (rc == 0 && nmiss > 0) {
		struct ops_ids ids = {holders, nheld};
		char id[STORE_ID_MAX];

		rc = ops_incident_open_suspected(x->tx, x->inv->org_id, x->inv->h.id, car->h.id, miss,
		                                 nmiss, &ids, x->c->effective_date, id, x->e);
		if (rc == 0)
			rc = incident_add(x, id);
	}
	free(miss);
	free(holders);
	return rc;
}

/* Each mark found: a copy the registry does not expect here. */
static int
close_mark_cb(void *ctx, const void *row)
{
	struct close_ctx *x = ctx;
	const struct inventory_mark_rec *m = row;
	struct carrier_rec car = {0};
	enum carrier_state s;
	bool held;
	int rc = 0;

	if (!m->found)
		return 0;
	if (store_carrier_get(x->tx, m->carrier_id, &car, x->e) != 0)
		return -1;
	s = carrier_state_parse(car.state);
	held = custody_rec_copy_held_by(&car, custody_rec_copy(&car, m->copy_number),
	                                x->inv->org_id);
	if (inventory_found_unexpected(held, s == CARRIER_REGISTERED || s == CARRIER_ISSUED))
		rc = discrepancy_add(x, INVENTORY_UNEXPECTED, &car, m->copy_number, NULL);
	carrier_rec_clear(&car);
	return rc;
}

int
ops_inventory_close(const struct ops_ctx *c, const char *inventory_id,
                    struct inventory_rec *out, struct qerr *e)
{
	static const char *const expected[] = {"registered", "issued"};
	struct store_tx *tx = NULL;
	struct inventory_rec inv = {0};
	struct close_ctx x = {.c = c, .inv = &inv, .e = e};
	struct store_where w;

	memset(out, 0, sizeof *out);
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	x.tx = tx;
	if (load_scoped(c, tx, inventory_id, &inv, e) != 0 ||
	    inventory_open_check(inv.state, e) != 0)
		goto fail;
	inv.checked = inv.found = 0;
	for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
		/* Every carrier of which the organization holds a copy. */
		struct store_query q = {.kind = "carrier", .state = expected[i]};
		struct store_tag t = {STORE_TAG_PARTY, inv.org_id};

		if (store_carrier_walk_tagged(tx, &q, &t, 1, close_carrier_cb, &x, e) != 0)
			goto fail;
	}
	w = STORE_W_STR("inventory_id", inv.h.id);
	if (store_row_list(tx, &store_inventory_mark_table, &w, 1, 0, 0, close_mark_cb, &x, e) < 0)
		goto fail;
	inv.state = INVENTORY_CLOSED;
	inv.closed_on = c->effective_date;
	if (store_row_update(tx, &store_inventory_table, &inv, e) != 0)
		goto fail;
	if (ops_commit(c, tx, "inventory.close", inv.h.id, NULL, e) != 0) {
		inventory_rec_free(&inv);
		return ops_refuse(c, "inventory.close", inventory_id, e);
	}
	*out = inv;
	return 0;
fail:
	store_rollback(tx);
	inventory_rec_free(&inv);
	return ops_refuse(c, "inventory.close", inventory_id, e);
}
