/*
 * emergency.c — the Art. 5 modes and their typed reads (see emergency.h).
 *
 * Every procedure: one write transaction; the loads (404 first), the
 * checks, the rows written through store_table.h, the audit entry (its
 * details the mode as it is answered: mode_details) and the commit — or a rollback leaving
 * nothing.
 */
#include "ops/emergency.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clearance.h"
#include "ops/orgs.h"
#include "store/tables_persons.h"

/* ---- reads ------------------------------------------------------------- */

static int
org_cb(void *ctx, const void *row)
{
	struct emergency_mode_rec *m = ctx;
	const struct emergency_mode_org_rec *o = row;
	void *v = realloc(m->org_ids, (m->norgs + 1) * sizeof *m->org_ids);

	if (v == NULL)
		return -1;
	m->org_ids = v;
	q_strlcpy(m->org_ids[m->norgs++], o->org_id, STORE_ID_MAX);
	return 0;
}

static int
relax_cb(void *ctx, const void *row)
{
	struct emergency_mode_rec *m = ctx;
	const struct emergency_relaxation_rec *r = row;
	void *v = realloc(m->relaxations, (m->nrelax + 1) * sizeof *m->relaxations);

	if (v == NULL)
		return -1;
	m->relaxations = v;
	m->relaxations[m->nrelax++] = r->relaxation;
	return 0;
}

static int
children_load(struct store_tx *tx, struct emergency_mode_rec *m, struct qerr *e)
{
	struct store_where w = STORE_W_STR("mode_id", m->h.id);
	int64_t n1, n2;

	n1 = store_row_list(tx, &store_emergency_mode_org_table, &w, 1, 0, 0, org_cb, m, e);
	if (n1 < 0)
		return e != NULL && e->status != 0 ? -1 : qerr_internal(e, "emergency: out of memory");
	n2 = store_row_list(tx, &store_emergency_relaxation_table, &w, 1, 0, 0, relax_cb, m, e);
	if (n2 < 0)
		return e != NULL && e->status != 0 ? -1 : qerr_internal(e, "emergency: out of memory");
	return 0;
}

int
ops_emergency_load(struct store_tx *tx, const char *mode_id, struct emergency_mode_rec *out,
                   struct qerr *e)
{
	memset(out, 0, sizeof *out);
	if (store_row_get(tx, &store_emergency_mode_table, mode_id ? mode_id : "", out, e) != 0)
		return -1;
	if (children_load(tx, out, e) != 0) {
		emergency_mode_rec_free(out);
		return -1;
	}
	return 0;
}

struct modes {
	struct emergency_mode_rec *m;
	size_t n, cap;
	bool oom;
};

static int
mode_cb(void *ctx, const void *row)
{
	struct modes *c = ctx;
	const struct emergency_mode_rec *r = row;
	struct emergency_mode_rec *m;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 8;
		void *v = realloc(c->m, cap * sizeof *c->m);

		if (v == NULL) {
			c->oom = true;
			return -1;
		}
		c->m = v;
		c->cap = cap;
	}
	m = &c->m[c->n];
	*m = *r;
	/* the row's strings are freed after this call: copy */
	m->decree_ref = strdup(r->decree_ref ? r->decree_ref : "");
	m->area = r->area ? strdup(r->area) : NULL;
	m->org_ids = NULL;
	m->norgs = 0;
	m->relaxations = NULL;
	m->nrelax = 0;
	c->n++;
	if (m->decree_ref == NULL || (r->area != NULL && m->area == NULL)) {
		c->oom = true;
		return -1;
	}
	return 0;
}

void
ops_emergency_modes_free(struct emergency_mode_rec *m, size_t n)
{
	for (size_t i = 0; m != NULL && i < n; i++)
		emergency_mode_rec_free(&m[i]);
	free(m);
}

int
ops_emergency_modes(struct store_tx *tx, struct emergency_mode_rec **out, size_t *n,
                    struct qerr *e)
{
	struct modes c = {0};

	*out = NULL;
	*n = 0;
	if (store_row_list(tx, &store_emergency_mode_table, NULL, 0, 0, 0, mode_cb, &c, e) < 0) {
		if (c.oom)
			qerr_internal(e, "emergency modes: out of memory");
		ops_emergency_modes_free(c.m, c.n);
		return -1;
	}
	for (size_t i = 0; i < c.n; i++)
		if (children_load(tx, &c.m[i], e) != 0) {
			ops_emergency_modes_free(c.m, c.n);
			return -1;
		}
	*out = c.m;
	*n = c.n;
	return 0;
}

bool
ops_emergency_covers(const struct emergency_mode_rec *m, const char *org_id, qdate on)
{
	if (m->from == QDATE_NONE || m->until == QDATE_NONE || on == QDATE_NONE ||
	    on < m->from || on > m->until)
		return false;
	if (m->norgs == 0)
		return true;              /* the whole territory */
	for (size_t i = 0; i < m->norgs; i++)
		if (org_id != NULL && strcmp(m->org_ids[i], org_id) == 0)
			return true;
	return false;
}

int
ops_emergency_in_force(struct store_tx *tx, const char *org_id, qdate on, unsigned *relax,
                       struct emergency_mode_rec *mode, struct qerr *e)
{
	struct emergency_mode_rec *m;
	size_t n, first = (size_t)-1;

	*relax = 0;
	memset(mode, 0, sizeof *mode);
	if (ops_emergency_modes(tx, &m, &n, e) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!ops_emergency_covers(&m[i], org_id, on))
			continue;
		for (size_t k = 0; k < m[i].nrelax; k++)
			if (m[i].relaxations[k] >= 0 && m[i].relaxations[k] < 32)
				*relax |= 1u << m[i].relaxations[k];
		if (first == (size_t)-1)
			first = i;
	}
	*relax &= CLEARANCE_RELAX_ALL;
	if (first != (size_t)-1) {
		*mode = m[first];         /* handed over whole */
		memset(&m[first], 0, sizeof m[first]);
	}
	ops_emergency_modes_free(m, n);
	return 0;
}

int
ops_emergency_period_end(struct store_tx *tx, const char *mode_id, qdate *until,
                         struct qerr *e)
{
	struct emergency_mode_rec m;
	struct qerr ne = {0};

	if (mode_id == NULL || mode_id[0] == '\0')
		return 0;
	if (store_row_get(tx, &store_emergency_mode_table, mode_id, &m, &ne) != 0) {
		if (ne.status == QERR_NOT_FOUND)
			return 0;
		if (e != NULL)
			*e = ne;
		return -1;
	}
	*until = m.until;
	store_row_free(&store_emergency_mode_table, &m);
	return 0;
}

/* ---- the audit details ------------------------------------------------- */

/* The emergency.declare / emergency.end entry's details: the mode as it
 * was answered (relaxations and organizations in the order declared, area,
 * ended_on and effective_date only when set). NULL out of memory. */
static json_t *
mode_details(const struct emergency_mode_rec *m)
{
	json_t *o = ops_details_new(), *rel = json_array();
	const char *area = m->area;
	int bad = 0;

	for (size_t i = 0; !bad && rel != NULL && i < m->nrelax; i++) {
		const char *name = m->relaxations[i] >= 0 && m->relaxations[i] <= 31
		                           ? clearance_relax_names[m->relaxations[i]] : NULL;

		bad = name == NULL || json_array_append_new(rel, json_string(name)) != 0;
	}
	if (bad) {
		json_decref(rel);
		rel = NULL;
	}
	if (ops_details_set(o, "relaxations", rel) != 0 ||
	    ops_details_ids(o, "org_ids", m->org_ids, m->norgs) != 0 ||
	    ops_details_str(o, "id", m->h.id) != 0 ||
	    ops_details_set(o, "kind", json_string(emergency_kind_name(m->kind))) != 0 ||
	    ops_details_set(o, "decree_ref", json_string(m->decree_ref ? m->decree_ref : "")) ||
	    ops_details_date(o, "from", m->from) != 0 ||
	    ops_details_date(o, "until", m->until) != 0 ||
	    (area != NULL && ops_details_set(o, "area", json_string(area)) != 0) ||
	    ops_details_date(o, "declared_on", m->declared_on) != 0 ||
	    ops_details_set(o, "declared_by", json_string(m->declared_by)) != 0 ||
	    ops_details_set(o, "article", json_string("5")) != 0 ||
	    (m->ended_on != QDATE_NONE && ops_details_date(o, "ended_on", m->ended_on) != 0) ||
	    (m->effective_date != QDATE_NONE &&
	     ops_details_date(o, "effective_date", m->effective_date) != 0)) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* ---- procedures -------------------------------------------------------- */

int
ops_emergency_exists(const struct ops_ctx *c, const char *mode_id, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct emergency_mode_rec m;
	int rc;

	if (ops_begin(c, false, &tx, e) != 0)
		return -1;
	rc = store_row_get(tx, &store_emergency_mode_table, mode_id ? mode_id : "", &m, e);
	store_rollback(tx);
	if (rc == 0)
		store_row_free(&store_emergency_mode_table, &m);
	return rc;
}

/* Ends a step: commits with its audit entry (the mode as shown), then hands
 * the mode over. */
static int
finish(const struct ops_ctx *c, struct store_tx *tx, const char *action,
       struct emergency_mode_rec *m, struct emergency_mode_rec *out, struct qerr *e)
{
	json_t *details = mode_details(m);

	if (details == NULL) {
		store_rollback(tx);
		emergency_mode_rec_free(m);
		return qerr_internal(e, "emergency: out of memory");
	}
	if (ops_commit(c, tx, action, m->h.id, details, e) != 0) {
		json_decref(details);
		emergency_mode_rec_free(m);
		return -1;
	}
	json_decref(details);
	*out = *m;
	return 0;
}

int
ops_emergency_declare(const struct ops_ctx *c, const struct ops_emergency_declare_args *a,
                      struct emergency_mode_rec *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct emergency_mode_rec m = {0};
	int64_t n;

	memset(out, 0, sizeof *out);
	if (a->decree_ref == NULL || emergency_kind_name(a->kind) == NULL)
		return qerr_input(e, "invalid_value", a->decree_ref == NULL ? "decree_ref" : "kind");
	if (a->from == QDATE_NONE || a->until == QDATE_NONE || a->until < a->from)
		return qerr_input(e, "invalid_value", "until");
	if (a->nrelax == 0 || a->nrelax > EMERGENCY_RELAX_MAX)
		return qerr_input(e, "invalid_value", "relaxations");
	for (size_t i = 0; i < a->nrelax; i++)
		if (a->relaxations[i] < 0 || a->relaxations[i] > 31 ||
		    !(CLEARANCE_RELAX_ALL & (1u << a->relaxations[i])))
			return qerr_input(e, "invalid_value", "relaxations");
	if (a->norgs > EMERGENCY_ORGS_MAX)
		return qerr_input(e, "invalid_value", "org_ids");
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	for (size_t i = 0; i < a->norgs; i++) {
		if (ops_org_exists_in(tx, a->org_ids[i], "org_ids", e) != 0)
			goto fail;
	}
	if ((n = store_row_count(tx, &store_emergency_mode_table, NULL, 0, e)) < 0)
		goto fail;
	if (n >= EMERGENCY_MODES_MAX) {
		char num[24];

		snprintf(num, sizeof num, "%d", EMERGENCY_MODES_MAX);
		qerr_set(e, QERR_CONFLICT, "invalid_state", "5", NULL);
		qerr_detail_key(e, "modes_max", "at most {n} modes are kept", "n", num, NULL);
		goto fail;
	}
	store_id_new(store_emergency_mode_table.id_prefix, m.h.id);
	m.kind = a->kind;
	m.from = a->from;
	m.until = a->until;
	m.declared_on = c->effective_date;
	q_strlcpy(m.declared_by, c->actor.user_id, sizeof m.declared_by);
	m.ended_on = QDATE_NONE;
	m.effective_date = a->given_effective_date;
	m.decree_ref = strdup(a->decree_ref);
	m.area = a->area ? strdup(a->area) : NULL;
	if (m.decree_ref == NULL || (a->area != NULL && m.area == NULL)) {
		qerr_internal(e, "emergency: out of memory");
		goto fail;
	}
	if (store_row_insert(tx, &store_emergency_mode_table, &m, e) != 0)
		goto fail;
	for (size_t i = 0; i < a->norgs; i++) {
		struct emergency_mode_org_rec o = {0};

		store_id_new(store_emergency_mode_org_table.id_prefix, o.h.id);
		q_strlcpy(o.mode_id, m.h.id, sizeof o.mode_id);
		q_strlcpy(o.org_id, a->org_ids[i], sizeof o.org_id);
		if (store_row_insert(tx, &store_emergency_mode_org_table, &o, e) != 0 ||
		    org_cb(&m, &o) != 0)
			goto fail_oom;
	}
	for (size_t i = 0; i < a->nrelax; i++) {
		struct emergency_relaxation_rec r = {0};

		store_id_new(store_emergency_relaxation_table.id_prefix, r.h.id);
		q_strlcpy(r.mode_id, m.h.id, sizeof r.mode_id);
		r.relaxation = a->relaxations[i];
		if (store_row_insert(tx, &store_emergency_relaxation_table, &r, e) != 0 ||
		    relax_cb(&m, &r) != 0)
			goto fail_oom;
	}
	return finish(c, tx, "emergency.declare", &m, out, e);
fail_oom:
	if (e != NULL && e->status == 0)
		qerr_internal(e, "emergency: out of memory");
fail:
	store_rollback(tx);
	emergency_mode_rec_free(&m);
	return -1;
}

int
ops_emergency_end(const struct ops_ctx *c, const char *mode_id,
                  struct emergency_mode_rec *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct emergency_mode_rec m = {0};

	memset(out, 0, sizeof *out);
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_emergency_load(tx, mode_id, &m, e) != 0)
		goto fail;
	if (c->effective_date < m.from || c->effective_date > m.until) {
		qerr_set(e, QERR_CONFLICT, "invalid_state", "5", NULL);
		qerr_detail(e, "the date is outside the mode's period");
		goto fail;
	}
	m.until = c->effective_date;
	m.ended_on = c->effective_date;
	if (store_row_update(tx, &store_emergency_mode_table, &m, e) != 0)
		goto fail;
	return finish(c, tx, "emergency.end", &m, out, e);
fail:
	store_rollback(tx);
	emergency_mode_rec_free(&m);
	return -1;
}
