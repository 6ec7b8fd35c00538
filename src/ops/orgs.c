/*
 * orgs.c — the procedures on permits and their typed reads (see orgs.h).
 *
 * Every procedure: one write transaction; the loads (404 first), the
 * checks, the core rule (core/permit.h), the rows written through
 * store_table.h, the audit entry and the commit — or a rollback leaving
 * nothing. Organizations are typed rows (table organization).
 */
#include "ops/orgs.h"

#include <stdlib.h>
#include <string.h>

#include "core/ident.h"
#include "core/permit.h"
#include "core/transfer.h"
#include "ops/scope.h"
#include "store/tables_org.h"


/* ---- reads ------------------------------------------------------------- */

struct children {
	struct permit_rec *p;
	size_t cap_h, cap_m;
	struct qerr *e;
};

static int
change_cb(void *ctx, const void *row)
{
	struct children *c = ctx;
	struct permit_rec *p = c->p;

	if (p->nhistory == c->cap_h) {
		size_t cap = c->cap_h ? c->cap_h * 2 : 4;
		void *v = realloc(p->history, cap * sizeof *p->history);

		if (v == NULL)
			return qerr_internal(c->e, "permit history: out of memory");
		p->history = v;
		c->cap_h = cap;
	}
	p->history[p->nhistory++] = *(const struct permit_change_rec *)row;
	return 0;
}

static int
mark_cb(void *ctx, const void *row)
{
	struct children *c = ctx;
	struct permit_rec *p = c->p;
	const struct permit_mark_rec *m = row;
	char *ref;

	if (p->nmarks == c->cap_m) {
		size_t cap = c->cap_m ? c->cap_m * 2 : 4;
		void *v = realloc(p->marks, cap * sizeof *p->marks);

		if (v == NULL)
			return qerr_internal(c->e, "permit marks: out of memory");
		p->marks = v;
		c->cap_m = cap;
	}
	/* the row's strings are freed after this call: copy */
	if ((ref = strdup(m->agreement_ref ? m->agreement_ref : "")) == NULL)
		return qerr_internal(c->e, "permit marks: out of memory");
	p->marks[p->nmarks] = *m;
	p->marks[p->nmarks].agreement_ref = ref;
	p->nmarks++;
	return 0;
}

static int
children_load(struct store_tx *tx, struct permit_rec *p, struct qerr *e)
{
	struct children c = {.p = p, .e = e};
	struct store_where w = STORE_W_STR("permit_id", p->h.id);

	if (store_row_list(tx, &store_permit_change_table, &w, 1, 0, 0, change_cb, &c, e) < 0 ||
	    store_row_list(tx, &store_permit_mark_table, &w, 1, 0, 0, mark_cb, &c, e) < 0)
		return -1;
	return 0;
}

int
ops_permit_load(struct store_tx *tx, const char *permit_id, struct permit_rec *out,
                struct qerr *e)
{
	memset(out, 0, sizeof *out);
	if (store_row_get(tx, &store_permit_table, permit_id, out, e) != 0)
		return -1;
	if (children_load(tx, out, e) != 0) {
		permit_rec_free(out);
		return -1;
	}
	return 0;
}

struct permits {
	struct permit_rec *p;
	size_t n, cap;
	struct qerr *e;
};

static int
permit_cb(void *ctx, const void *row)
{
	struct permits *c = ctx;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 8;
		void *v = realloc(c->p, cap * sizeof *c->p);

		if (v == NULL)
			return qerr_internal(c->e, "permits: out of memory");
		c->p = v;
		c->cap = cap;
	}
	c->p[c->n] = *(const struct permit_rec *)row;   /* no heap strings */
	c->p[c->n].history = NULL;
	c->p[c->n].nhistory = 0;
	c->p[c->n].marks = NULL;
	c->p[c->n].nmarks = 0;
	c->n++;
	return 0;
}

void
ops_permits_free(struct permit_rec *p, size_t n)
{
	for (size_t i = 0; p != NULL && i < n; i++)
		permit_rec_free(&p[i]);
	free(p);
}

int
ops_org_permits(struct store_tx *tx, const char *org_id, struct permit_rec **out,
                size_t *n, struct qerr *e)
{
	struct permits c = {.e = e};
	struct store_where w = STORE_W_STR("org_id", org_id ? org_id : "");

	*out = NULL;
	*n = 0;
	if (store_row_list(tx, &store_permit_table, &w, 1, 0, 0, permit_cb, &c, e) < 0)
		goto fail;
	for (size_t i = 0; i < c.n; i++)
		if (children_load(tx, &c.p[i], e) != 0)
			goto fail;
	*out = c.p;
	*n = c.n;
	return 0;
fail:
	ops_permits_free(c.p, c.n);
	return -1;
}

const char *
ops_permit_state_on(const struct permit_rec *p, qdate on)
{
	struct permit_change ch[PERMIT_HISTORY_MAX];
	const char *cur = permit_state_name(p->state);

	if (on == QDATE_NONE || p->nhistory == 0 || p->nhistory > PERMIT_HISTORY_MAX)
		return cur;
	for (size_t i = 0; i < p->nhistory; i++) {
		ch[i].from = permit_state_name(p->history[i].from);
		ch[i].to = permit_state_name(p->history[i].to);
		ch[i].date = p->history[i].effective_date;
	}
	return permit_stored_state_on(cur, ch, p->nhistory, on);
}

/* 0 when the row id of t exists, 404 naming field (may be NULL) when not. */
static int
row_exists(struct store_tx *tx, const struct store_table *t, const char *id, const char *field,
           struct qerr *e)
{
	struct store_where w = STORE_W_STR("id", id ? id : "");
	int64_t n = store_row_count(tx, t, &w, 1, e);

	if (n < 0)
		return -1;
	if (n == 0)
		return qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, field);
	return 0;
}

static int
exists(const struct ops_ctx *c, const struct store_table *t, const char *id, struct qerr *e)
{
	struct store_tx *tx;
	int rc;

	if (ops_begin(c, false, &tx, e) != 0)
		return -1;
	rc = row_exists(tx, t, id, NULL, e);
	store_rollback(tx);
	return rc;
}

int
ops_permit_exists(const struct ops_ctx *c, const char *permit_id, struct qerr *e)
{
	return exists(c, &store_permit_table, permit_id, e);
}

int
ops_org_exists(const struct ops_ctx *c, const char *org_id, struct qerr *e)
{
	return exists(c, &store_org_table, org_id, e);
}

int
ops_org_exists_in(struct store_tx *tx, const char *org_id, const char *field, struct qerr *e)
{
	return row_exists(tx, &store_org_table, org_id, field, e);
}

/* ---- organizations ------------------------------------------------------ */

int
ops_org_load(struct store_tx *tx, const char *org_id, struct org_rec *out, const char *field,
             struct qerr *e)
{
	if (store_row_get(tx, &store_org_table, org_id ? org_id : "", out, e) == 0)
		return 0;
	if (e != NULL && e->status == QERR_NOT_FOUND && field != NULL)
		q_strlcpy(e->field, field, sizeof e->field);
	return -1;
}

int
ops_org_active(struct store_tx *tx, const char *org_id, const char *field, struct qerr *e)
{
	struct org_rec org = {0};
	int rc;

	if (ops_org_load(tx, org_id, &org, field, e) != 0)
		return -1;
	rc = transfer_org_active_check(org_state_names[org.state], e);   /* org_liquidated, Art. 28 */
	if (rc != 0 && e != NULL && field != NULL)
		q_strlcpy(e->field, field, sizeof e->field);
	org_rec_free(&org);
	return rc;
}

int64_t
ops_orgs_each(struct store_tx *tx, const struct ops_org_filter *f, int64_t after_seq, int limit,
              store_row_fn fn, void *ctx, struct qerr *e)
{
	struct store_where w[3];
	size_t n = 0;

	if (f->parent_id != NULL)
		w[n++] = STORE_W_STR("parent_id", f->parent_id);
	if (f->state != NULL) {
		/* a name of no state matches nothing */
		if (org_enum_parse(org_state_names, f->state) < 0)
			return 0;
		w[n++] = STORE_W_STR("state", f->state);
	}
	if (f->bin != NULL)
		w[n++] = STORE_W_STR("bin", f->bin);
	return store_row_list(tx, &store_org_table, w, n, after_seq, limit, fn, ctx, e);
}

int
ops_org_register(const struct ops_ctx *c, const struct ops_org_args *a, struct org_rec *out,
                 struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct org_rec o = {0};
	bool foreign = a->kind == ORG_FOREIGN_STATE || a->kind == ORG_INTERNATIONAL;

	memset(out, 0, sizeof *out);
	if (a->bin == NULL && !foreign)
		return qerr_input(e, "missing_field", "bin");
	if (a->bin != NULL && !ident_valid(a->bin))
		return qerr_input(e, "invalid_check_digit", "bin");
	if (a->name == NULL || a->kind < 0 || org_kind_names[a->kind] == NULL)
		return qerr_input(e, "invalid_value", a->name == NULL ? "name" : "kind");
	store_id_new(store_org_table.id_prefix, o.h.id);
	if ((o.name = strdup(a->name)) == NULL ||
	    (a->city != NULL && (o.city = strdup(a->city)) == NULL)) {
		org_rec_free(&o);
		return qerr_internal(e, "org: out of memory");
	}
	q_strlcpy(o.bin, a->bin ? a->bin : "", sizeof o.bin);
	o.kind = a->kind;
	q_strlcpy(o.parent_id, a->parent_id ? a->parent_id : "", sizeof o.parent_id);
	o.foreign_participation = a->foreign_participation;
	o.state_share = a->state_share;
	o.regime_category = a->regime_category;
	o.state = ORG_ACTIVE;
	o.registered_on = c->effective_date;
	o.liquidated_on = QDATE_NONE;
	if (ops_begin(c, true, &tx, e) != 0) {
		org_rec_free(&o);
		return -1;
	}
	if (a->parent_id != NULL && ops_org_exists_in(tx, a->parent_id, "parent_id", e) != 0)
		goto fail;
	/* A security officer places a new organization only within its own
	 * subordination (under its organization or one subordinate to it);
	 * the admin anywhere. */
	if (a->parent_id != NULL && !c->actor.cross_org) {
		bool within;

		if (ops_scope_in_subordination(tx, a->parent_id, c->actor.org_id, &within, e) != 0)
			goto fail;
		if (!within) {
			qerr_set(e, QERR_FORBIDDEN, "forbidden_org", NULL, "parent_id");
			goto fail;
		}
	}
	if (store_row_insert(tx, &store_org_table, &o, e) != 0) {
		if (e != NULL)
			q_strlcpy(e->field, "bin", sizeof e->field);
		goto fail;
	}
	if (ops_commit(c, tx, "org.create", o.h.id, NULL, e) != 0) {
		org_rec_free(&o);
		return -1;
	}
	*out = o;
	return 0;
fail:
	store_rollback(tx);
	org_rec_free(&o);
	return -1;
}

/* ---- procedures -------------------------------------------------------- */

/* Ends a step: commits with its audit entry, then hands the permit over. */
static int
finish(const struct ops_ctx *c, struct store_tx *tx, const char *action,
       struct permit_rec *p, struct permit_rec *out, struct qerr *e)
{
	if (ops_commit(c, tx, action, p->h.id, NULL, e) != 0) {
		permit_rec_free(p);
		return -1;
	}
	*out = *p;
	return 0;
}

int
ops_permit_issue(const struct ops_ctx *c, const struct ops_permit_issue_args *a,
                 struct permit_rec *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct org_rec org = {0};
	struct permit_rec p = {0};

	memset(out, 0, sizeof *out);
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_org_load(tx, a->org_id, &org, NULL, e) != 0)
		goto fail;
	if (a->valid_until < a->issued_on) {
		qerr_input(e, "invalid_value", "valid_until");
		qerr_detail(e, "valid_until is before issued_on");
		goto fail;
	}
	if (a->issued_on > c->today) {
		qerr_input(e, "date_in_future", "issued_on");
		goto fail;
	}
	if (a->degree == DEGREE_NONE || a->number == NULL) {
		qerr_input(e, "invalid_value", a->number == NULL ? "number" : "degree");
		goto fail;
	}
	store_id_new(store_permit_table.id_prefix, p.h.id);
	q_strlcpy(p.org_id, org.h.id, sizeof p.org_id);
	p.degree = (int)a->degree;
	if (q_strlcpy(p.number, a->number, sizeof p.number) >= sizeof p.number) {
		qerr_input(e, "invalid_value", "number");
		goto fail;
	}
	p.issued_on = a->issued_on;
	p.valid_until = a->valid_until;
	q_strlcpy(p.issuer, c->actor.user_id, sizeof p.issuer);
	p.state = PERMIT_ACTIVE;
	if (store_row_insert(tx, &store_permit_table, &p, e) != 0) {
		q_strlcpy(e->field, "number", sizeof e->field);
		goto fail;
	}
	org_rec_free(&org);
	return finish(c, tx, "permit.create", &p, out, e);
fail:
	store_rollback(tx);
	org_rec_free(&org);
	permit_rec_free(&p);
	return -1;
}

/* suspend / resume / cancel: one flow, the core decides the transition. */
static int
transition(const struct ops_ctx *c, const char *permit_id, struct permit_rec *out,
           int (*rule)(const char *, const char **, struct qerr *), const char *action,
           struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct permit_rec p = {0};
	struct permit_change_rec ch = {0};
	const char *next;
	void *v;

	memset(out, 0, sizeof *out);
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_permit_load(tx, permit_id, &p, e) != 0 ||
	    rule(permit_state_name(p.state), &next, e) != 0)
		goto fail;
	store_id_new(store_permit_change_table.id_prefix, ch.h.id);
	q_strlcpy(ch.permit_id, p.h.id, sizeof ch.permit_id);
	ch.from = p.state;
	ch.to = permit_state_parse(next);
	ch.effective_date = c->effective_date;
	q_strlcpy(ch.by, c->actor.user_id, sizeof ch.by);
	if (ch.to < 0) {
		qerr_internal(e, "permit: unknown next state");
		goto fail;
	}
	p.state = ch.to;
	if (store_row_update(tx, &store_permit_table, &p, e) != 0 ||
	    store_row_insert(tx, &store_permit_change_table, &ch, e) != 0)
		goto fail;
	if ((v = realloc(p.history, (p.nhistory + 1) * sizeof *p.history)) == NULL) {
		qerr_internal(e, "permit: out of memory");
		goto fail;
	}
	p.history = v;
	p.history[p.nhistory++] = ch;
	return finish(c, tx, action, &p, out, e);
fail:
	store_rollback(tx);
	permit_rec_free(&p);
	return -1;
}

int
ops_permit_suspend(const struct ops_ctx *c, const char *permit_id, struct permit_rec *out,
                   struct qerr *e)
{
	return transition(c, permit_id, out, permit_suspend, "permit.suspend", e);
}

int
ops_permit_resume(const struct ops_ctx *c, const char *permit_id, struct permit_rec *out,
                  struct qerr *e)
{
	return transition(c, permit_id, out, permit_resume, "permit.resume", e);
}

int
ops_permit_cancel(const struct ops_ctx *c, const char *permit_id, struct permit_rec *out,
                  struct qerr *e)
{
	return transition(c, permit_id, out, permit_cancel, "permit.cancel", e);
}

int
ops_permit_mark(const struct ops_ctx *c, const struct ops_permit_mark_args *a,
                struct permit_rec *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct permit_rec p = {0};
	struct permit_mark_rec m = {0};
	struct org_rec org = {0};
	void *v;

	memset(out, 0, sizeof *out);
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_permit_load(tx, a->permit_id, &p, e) != 0)
		goto fail;
	if (ops_org_load(tx, a->org_id, &org, NULL, e) != 0) {
		if (e != NULL && e->status == QERR_NOT_FOUND)
			q_strlcpy(e->field, "org_id", sizeof e->field);
		goto fail;
	}
	if (strcmp(org.h.id, p.org_id) == 0) {
		qerr_input(e, "invalid_value", "org_id");
		qerr_detail(e, "the other contracting party, not the permit holder");
		goto fail;
	}
	store_id_new(store_permit_mark_table.id_prefix, m.h.id);
	q_strlcpy(m.permit_id, p.h.id, sizeof m.permit_id);
	q_strlcpy(m.org_id, org.h.id, sizeof m.org_id);
	m.date = c->effective_date;
	q_strlcpy(m.by, c->actor.user_id, sizeof m.by);
	if ((m.agreement_ref = strdup(a->agreement_ref ? a->agreement_ref : "")) == NULL) {
		qerr_internal(e, "permit mark: out of memory");
		goto fail;
	}
	if (store_row_insert(tx, &store_permit_mark_table, &m, e) != 0)
		goto fail;
	if ((v = realloc(p.marks, (p.nmarks + 1) * sizeof *p.marks)) == NULL) {
		qerr_internal(e, "permit mark: out of memory");
		goto fail;
	}
	p.marks = v;
	p.marks[p.nmarks++] = m;
	m.agreement_ref = NULL;   /* now p's */
	org_rec_free(&org);
	return finish(c, tx, "permit.mark", &p, out, e);
fail:
	store_rollback(tx);
	org_rec_free(&org);
	free(m.agreement_ref);
	permit_rec_free(&p);
	return -1;
}

/* ---- certificates and archive delegations ------------------------------ */

/* The organization of the path: 404, then 403 for another organization. */
static int
org_in_scope(const struct ops_ctx *c, struct store_tx *tx, const char *org_id,
             struct org_rec *org, struct qerr *e)
{
	if (ops_org_load(tx, org_id, org, NULL, e) != 0)
		return -1;
	return ops_scope(c, org->h.id, e);
}

int
ops_certificate_add(const struct ops_ctx *c, const struct ops_certificate_args *a,
                    struct certificate_rec *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct org_rec org = {0};
	struct certificate_rec r = {0};

	memset(out, 0, sizeof *out);
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (org_in_scope(c, tx, a->org_id, &org, e) != 0)
		goto fail;
	if (a->number == NULL || a->means == NULL || a->degree == DEGREE_NONE) {
		qerr_input(e, "missing_field", a->number == NULL ? "number" :
		           a->means == NULL ? "means" : "degree");
		goto fail;
	}
	store_id_new(store_certificate_table.id_prefix, r.h.id);
	q_strlcpy(r.org_id, org.h.id, sizeof r.org_id);
	if (q_strlcpy(r.number, a->number, sizeof r.number) >= sizeof r.number) {
		qerr_input(e, "invalid_value", "number");
		goto fail;
	}
	if ((r.means = strdup(a->means)) == NULL) {
		qerr_internal(e, "certificate: out of memory");
		goto fail;
	}
	r.degree = (int)a->degree;
	r.valid_until = a->valid_until;
	r.state = ORG_ACT_ACTIVE;
	r.registered_on = c->effective_date;
	q_strlcpy(r.by, c->actor.user_id, sizeof r.by);
	if (store_row_insert(tx, &store_certificate_table, &r, e) != 0) {
		if (e != NULL && e->status == QERR_CONFLICT)
			q_strlcpy(e->field, "number", sizeof e->field);
		goto fail;
	}
	org_rec_free(&org);
	if (ops_commit(c, tx, "certificate.create", r.h.id, NULL, e) != 0) {
		certificate_rec_free(&r);
		return -1;
	}
	*out = r;
	return 0;
fail:
	store_rollback(tx);
	org_rec_free(&org);
	certificate_rec_free(&r);
	return -1;
}

int
ops_delegation_add(const struct ops_ctx *c, const struct ops_delegation_args *a,
                   struct delegation_rec *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct org_rec org = {0}, arch = {0};
	struct delegation_rec d = {0};

	memset(out, 0, sizeof *out);
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (org_in_scope(c, tx, a->org_id, &org, e) != 0)
		goto fail;
	if (ops_org_load(tx, a->archive_org_id, &arch, NULL, e) != 0) {
		if (e != NULL && e->status == QERR_NOT_FOUND)
			q_strlcpy(e->field, "archive_org_id", sizeof e->field);
		goto fail;
	}
	if (strcmp(arch.h.id, org.h.id) == 0) {
		qerr_input(e, "invalid_value", "archive_org_id");
		qerr_detail(e, "an organization does not delegate to itself");
		goto fail;
	}
	store_id_new(store_delegation_table.id_prefix, d.h.id);
	q_strlcpy(d.org_id, org.h.id, sizeof d.org_id);
	q_strlcpy(d.archive_org_id, arch.h.id, sizeof d.archive_org_id);
	if ((d.ref = strdup(a->ref ? a->ref : "")) == NULL) {
		qerr_internal(e, "delegation: out of memory");
		goto fail;
	}
	d.state = ORG_ACT_ACTIVE;
	d.delegated_on = c->effective_date;
	q_strlcpy(d.by, c->actor.user_id, sizeof d.by);
	if (store_row_insert(tx, &store_delegation_table, &d, e) != 0) {
		if (e != NULL && e->status == QERR_CONFLICT)
			q_strlcpy(e->field, "archive_org_id", sizeof e->field);
		goto fail;
	}
	org_rec_free(&org);
	org_rec_free(&arch);
	if (ops_commit(c, tx, "archive_delegation.create", d.h.id, NULL, e) != 0) {
		delegation_rec_free(&d);
		return -1;
	}
	*out = d;
	return 0;
fail:
	store_rollback(tx);
	org_rec_free(&org);
	org_rec_free(&arch);
	delegation_rec_free(&d);
	return -1;
}

int64_t
ops_certificates_each(struct store_tx *tx, const char *org_id, int64_t after_seq, int limit,
                      store_row_fn fn, void *ctx, struct qerr *e)
{
	struct store_where w[2] = {
		STORE_W_NUM("state", STORE_EQ, ORG_ACT_ACTIVE),
		STORE_W_STR("org_id", org_id),
	};

	return store_row_list(tx, &store_certificate_table, w, org_id != NULL ? 2 : 1, after_seq,
	                      limit, fn, ctx, e);
}

int64_t
ops_delegations_each(struct store_tx *tx, const char *org_id, const char *archive_org_id,
                     int64_t after_seq, int limit, store_row_fn fn, void *ctx, struct qerr *e)
{
	struct store_where w[2] = {
		STORE_W_STR("org_id", org_id ? org_id : ""),
		STORE_W_STR("archive_org_id", archive_org_id),
	};

	return store_row_list(tx, &store_delegation_table, w, archive_org_id != NULL ? 2 : 1,
	                      after_seq, limit, fn, ctx, e);
}

int
ops_delegation_find(struct store_tx *tx, const char *org_id, const char *archive_org_id,
                    struct delegation_rec *out, struct qerr *e)
{
	struct store_where w[2] = {
		STORE_W_STR("org_id", org_id ? org_id : ""),
		STORE_W_STR("archive_org_id", archive_org_id ? archive_org_id : ""),
	};

	return store_row_find(tx, &store_delegation_table, w, 2, out, e);
}
