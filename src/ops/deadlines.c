/*
 * ops/deadlines.c — the deadlines list from the store (see ops/deadlines.h).
 *
 * How it works. Each record kind is walked with the narrowest query the
 * store offers (kind + organization + state), its facts handed to
 * core/deadlines.c, and what is owed collected into one growable array,
 * sorted at the end by deadline_cmp(). Carriers are the only kind that
 * counts in millions: they come from the due-date index, in due order, and
 * at most `limit` of them are read (a carrier past the first `limit` due
 * carriers cannot be among the first `limit` items of the merged list).
 *
 * SECURITY: reads only; every kind is a typed row (a carrier's dates are
 * parsed: a missing or malformed one is QDATE_NONE and lists nothing).
 */
#include "ops/deadlines.h"

#include <stdlib.h>
#include <string.h>

#include "core/classify.h"
#include "core/classify_rec.h"
#include "core/deadlines.h"
#include "core/joint_work_rec.h"
#include "ops/clearances.h"
#include "ops/emergency.h"
#include "ops/items.h"
#include "ops/orgs.h"
#include "ops/requests.h"
#include "store/tables_carriers.h"
#include "store/tables_classify.h"
#include "store/tables_transfers.h"

/* A carrier's date field: QDATE_NONE when absent, null or malformed. */
static qdate
field_date(bool there, const char *s)
{
	qdate d;

	return there && date_parse(s, &d) == 0 ? d : QDATE_NONE;
}

struct collect {
	const struct deadlines_query *q;
	const struct calendar *cal;
	qdate due_max;               /* declassification_due: as_of + within */
	struct deadline_item *v;
	size_t n, cap;
	bool oom;
};

static struct deadline_item *
push(struct collect *c)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		void *p = realloc(c->v, cap * sizeof *c->v);

		if (p == NULL) {
			c->oom = true;
			return NULL;
		}
		c->v = p;
		c->cap = cap;
	}
	memset(&c->v[c->n], 0, sizeof c->v[c->n]);
	return &c->v[c->n];
}

static bool
kind_wanted(const struct collect *c, enum deadline_kind k)
{
	return c->q->kind < 0 || c->q->kind == (int)k;
}

/* Keeps the deadline just written at v[n] when wanted (n_made is 0 or 1). */
static int
keep(struct collect *c, size_t n_made, const char *object_kind, const char *reason)
{
	struct deadline_item *it = &c->v[c->n];

	if (n_made == 0 || !kind_wanted(c, it->d.kind))
		return 0;
	it->object_kind = object_kind;
	q_strlcpy(it->reason, reason ? reason : "", sizeof it->reason);
	c->n++;
	return 0;
}

/* ---- per kind ------------------------------------------------------------- */

/* declassification_due of an information item or carrier (Art. 23.1):
 * the review's due date when flagged, else the term. */
static int
secret_due(struct collect *c, const char *id, qdate declassify_on, qdate review_due_on,
           const char *review_reason, const char *object_kind)
{
	struct dl_secret s = {
		.id = id,
		.open = true,
		.declassify_on = declassify_on,
		.review_due_on = review_due_on,
	};
	struct deadline_item *it;
	const char *reason = "term";
	size_t n;

	if ((it = push(c)) == NULL)
		return -1;
	n = deadline_secret(&s, c->q->as_of, &it->d);
	if (n == 0 || it->d.due_on > c->due_max)
		return 0;   /* not due yet: listed once due (SPEC §3 "schedule") */
	if (s.review_due_on != QDATE_NONE && it->d.due_on == s.review_due_on)
		reason = review_reason ? review_reason : "review";
	return keep(c, n, object_kind, reason);
}

static int
info_classified_cb(void *ctx, const void *row)
{
	const struct info_rec *r = row;

	return secret_due(ctx, r->h.id, r->declassify_on, r->review_due_on, r->review_reason,
	                  "information");
}

static int
info_preliminary_cb(void *ctx, const void *row)
{
	struct collect *c = ctx;
	const struct info_rec *r = row;
	struct dl_preliminary p = {
		.id = r->h.id,
		.preliminary = true,
		.classified_on = r->classified_on,
		.proposal_on = r->proposal_on,
	};
	struct deadline_item *it = push(c);

	if (it == NULL)
		return -1;
	return keep(c, deadline_preliminary(&p, c->cal, c->q->as_of, &it->d), "information", NULL);
}

/* An approved list (a typed row, core/classify_rec.h). */
static int
list_cb(void *ctx, const void *row)
{
	const struct list_rec *rec = row;
	struct collect *c = ctx;
	struct dl_list l = {.id = rec->h.id, .approved = true,
	                    .next_review_on = rec->next_review_on};
	struct deadline_item *it = push(c);

	if (it == NULL)
		return 1;   /* c->oom: the step fails after the walk */
	return keep(c, deadline_list(&l, c->cal, c->q->as_of, &it->d), "list", NULL);
}

static int
simple(struct collect *c, enum deadline_kind k, const struct store_rec *rec, qdate due,
       const char *object_kind)
{
	struct deadline_item *it = push(c);

	if (it == NULL)
		return -1;
	return keep(c, deadline_simple(k, rec->id, true, due, c->q->as_of, &it->d), object_kind,
	            NULL);
}

/* An open declassification request (typed row, core/request_rec.h). */
static int
request_cb(void *ctx, const void *row)
{
	struct collect *c = ctx;
	const struct request_rec *r = row;
	struct deadline_item *it = push(c);

	if (it == NULL)
		return -1;
	return keep(c, deadline_simple(DL_REQUEST_ANSWER, r->h.id, true, r->due_on, c->q->as_of,
	                               &it->d), "request", NULL);
}

/* R743 p.5: the disposing body owes the answer; the customer waits for it. */
static int
joint_work_cb(void *ctx, const void *row)
{
	struct collect *c = ctx;
	const struct jw_rec *w = row;
	const char *org = c->q->org_id;
	struct deadline_item *it;

	if (org != NULL && strcmp(w->customer_org_id, org) != 0 &&
	    strcmp(w->disposing_org_id, org) != 0)
		return 0;
	if ((it = push(c)) == NULL)
		return -1;
	return keep(c, deadline_simple(DL_PERMISSION_ANSWER, w->h.id, true, w->response_due_on,
	                               c->q->as_of, &it->d), "joint_work", NULL);
}

/* Art. 31: an active clearance the clearances workflow flagged (a ground of
 * Art. 30 noted, dismissal, ...) is due for termination on the day it
 * names; it leaves the list when terminated. Art. 5, 29.1: one granted
 * with its verification pending is owed its verification (or its
 * termination) by the end of the modified procedure's period; listed
 * from then (clearance_inactive). The due day: ops_clearances_due_each. */
static int
clearance_due_cb(void *ctx, const struct clearance_rec *cl, qdate due)
{
	struct collect *c = ctx;
	struct deadline_item *it = push(c);

	if (it == NULL)
		return -1;
	return keep(c, deadline_simple(DL_CLEARANCE_TERMINATION, cl->h.id, true, due,
	                               c->q->as_of, &it->d),
	            "clearance", NULL);
}

/* Art. 35: a certificate is owed a renewal by valid_until unless a later
 * certificate of the same means (same organization) supersedes it. The
 * organization's certificates are few: collected, then compared. */
struct cert {
	char id[STORE_ID_MAX];
	char org_id[STORE_ID_MAX];
	char *means;                 /* owned; NULL when none */
	qdate valid_until;
};

struct certs {
	struct cert *v;
	size_t n, cap;
};

/* A typed certificate (ops/orgs.h) as certs_emit reads it. */
static int
cert_collect_cb(void *ctx, const void *row)
{
	const struct certificate_rec *cr = row;
	struct certs *cs = ctx;
	struct cert *k;

	if (cs->n == cs->cap) {
		size_t cap = cs->cap ? cs->cap * 2 : 16;
		void *p = realloc(cs->v, cap * sizeof *cs->v);

		if (p == NULL)
			return -1;
		cs->v = p;
		cs->cap = cap;
	}
	k = &cs->v[cs->n];
	memset(k, 0, sizeof *k);
	if (cr->means != NULL && (k->means = strdup(cr->means)) == NULL)
		return -1;
	q_strlcpy(k->id, cr->h.id, sizeof k->id);
	q_strlcpy(k->org_id, cr->org_id, sizeof k->org_id);
	k->valid_until = cr->valid_until;
	cs->n++;
	return 0;
}

static void
certs_free(struct certs *cs)
{
	for (size_t i = 0; i < cs->n; i++)
		free(cs->v[i].means);
	free(cs->v);
	memset(cs, 0, sizeof *cs);
}

static int
certs_emit(struct collect *c, const struct certs *cs)
{
	for (size_t i = 0; i < cs->n; i++) {
		const struct cert *a = &cs->v[i];
		const char *means = a->means != NULL ? a->means : "";
		bool superseded = false;
		struct store_rec rec = {0};

		for (size_t j = 0; j < cs->n; j++) {
			const struct cert *b = &cs->v[j];

			if (j != i && strcmp(means, b->means != NULL ? b->means : "") == 0 &&
			    strcmp(a->org_id, b->org_id) == 0 && b->valid_until > a->valid_until)
				superseded = true;
		}
		if (superseded)
			continue;
		q_strlcpy(rec.id, a->id, sizeof rec.id);
		if (simple(c, DL_CERTIFICATE_EXPIRY, &rec, a->valid_until, "certificate") != 0)
			return -1;
	}
	return 0;
}

/* Carriers due by due_max, from the index, in due order, at most limit. */
struct carrier_walk {
	struct collect *c;
	qdate last_due;
	int64_t last_seq;
	int n;
	size_t taken;
};

/* Who holds which copy: {number, holder_org_id | holder_person_id}. */
static int
copies_of(struct deadline_item *it, const struct carrier_rec *car)
{
	size_t n = car->n_copies;

	it->has_copies = (car->fields & CARRIER_F_COPIES) != 0;
	if (n == 0)
		return 0;
	if ((it->copies = calloc(n, sizeof *it->copies)) == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct deadline_copy *d = &it->copies[i];
		const struct carrier_copy_rec *cp = &car->copies[i];

		d->has_number = true;
		d->number = cp->number;
		q_strlcpy(d->holder_org_id, cp->holder_org_id, sizeof d->holder_org_id);
		q_strlcpy(d->holder_person_id, cp->holder_person_id, sizeof d->holder_person_id);
	}
	it->n_copies = n;
	return 0;
}

static int
carrier_cb(void *ctx, const struct store_carrier_due *d)
{
	struct carrier_walk *w = ctx;
	const struct carrier_rec *car = d->car;
	bool reason = (car->more & CARRIER_M_REVIEW_REASON) && car->review_reason[0] != '\0';
	size_t n = w->c->n;

	w->last_due = d->due;
	w->last_seq = d->seq;
	w->n++;
	w->taken++;
	if (secret_due(w->c, car->h.id,
	               field_date(car->fields & CARRIER_F_DECLASSIFY_ON, car->declassify_on),
	               field_date(car->more & CARRIER_M_REVIEW_DUE, car->review_due_on),
	               reason ? car->review_reason : NULL, "carrier") != 0)
		return -1;
	/* Kept: who holds which copy (custody per copy) goes with it. */
	if (w->c->n > n)
		return copies_of(&w->c->v[n], car);
	return 0;
}

static int
carriers(struct collect *c, struct store_tx *tx, bool *more, struct qerr *e)
{
	struct carrier_walk w = {.c = c, .last_due = QDATE_NONE};

	*more = false;
	for (;;) {
		int page = STORE_PAGE_MAX, rc;

		if (c->q->limit > 0 && c->q->limit - w.taken < (size_t)page)
			page = (int)(c->q->limit - w.taken) + 1;   /* one more tells "more" */
		w.n = 0;
		rc = store_carrier_due(tx, c->q->org_id, c->due_max, w.last_due, w.last_seq, page,
		                       carrier_cb, &w, e);
		if (rc != 0)
			return -1;
		if (c->q->limit > 0 && w.taken > c->q->limit) {
			*more = true;
			return 0;
		}
		if (w.n < page)
			return 0;
	}
}

/* ---- output --------------------------------------------------------------- */

static int
item_cmp(const void *a, const void *b)
{
	return deadline_cmp(&((const struct deadline_item *)a)->d, &((const struct deadline_item *)b)->d);
}

static void
items_free(struct collect *c)
{
	for (size_t i = 0; c->v != NULL && i < c->n; i++)
		free(c->v[i].copies);
	free(c->v);
}

void
deadline_list_free(struct deadline_list *l)
{
	for (size_t i = 0; l->v != NULL && i < l->n; i++)
		free(l->v[i].copies);
	free(l->v);
	memset(l, 0, sizeof *l);
}

int
ops_deadlines_list(struct store_tx *tx, const struct calendar *cal,
                   const struct deadlines_query *q, struct deadline_list *out, struct qerr *e)
{
	struct collect c = {.q = q, .cal = cal};
	struct certs cs = {0};
	bool more = false;
	int64_t within = q->within < 0 ? 0 : q->within;

	memset(out, 0, sizeof *out);
	c.due_max = q->as_of + (qdate)(within > DEADLINES_WITHIN_MAX ? DEADLINES_WITHIN_MAX : within);
	{
		struct store_where wl[] = {STORE_W_STR("state", "approved"),
		                           STORE_W_STR("org_id", q->org_id)};
		/* typed and indexed (joint_work.state, response_due_on) */
		struct store_where qj = STORE_W_STR("state", "requested");

		if ((kind_wanted(&c, DL_DECLASSIFICATION_DUE) &&
		     (ops_info_each(tx, q->org_id, INFO_CLASSIFIED, NULL, info_classified_cb, &c,
		                    e) != 0 ||
		      carriers(&c, tx, &more, e) != 0)) ||
		    ((kind_wanted(&c, DL_PRELIMINARY_PROPOSAL) ||
		      kind_wanted(&c, DL_PRELIMINARY_DECISION)) &&
		     ops_info_each(tx, q->org_id, INFO_PRELIMINARY, NULL, info_preliminary_cb, &c,
		                   e) != 0) ||
		    (kind_wanted(&c, DL_LIST_REVIEW) &&
		     store_row_list(tx, &store_list_table, wl, q->org_id != NULL ? 2 : 1, 0, 0, list_cb,
		                    &c, e) < 0) ||
		    (kind_wanted(&c, DL_REQUEST_ANSWER) &&
		     ops_requests_each(tx, q->org_id, REQUEST_ST_OPEN, 0, 0, request_cb, &c, e) < 0) ||
		    (kind_wanted(&c, DL_PERMISSION_ANSWER) &&
		     store_row_list(tx, &store_jw_table, &qj, 1, 0, 0, joint_work_cb, &c, e) < 0) ||
		    (kind_wanted(&c, DL_CLEARANCE_TERMINATION) &&
		     ops_clearances_due_each(tx, q->org_id, clearance_due_cb, &c, e) != 0))
			goto fail;
		if (kind_wanted(&c, DL_CERTIFICATE_EXPIRY)) {
			if (ops_certificates_each(tx, q->org_id, 0, 0, cert_collect_cb, &cs, e) < 0 ||
			    certs_emit(&c, &cs) != 0)
				goto fail;
			certs_free(&cs);
		}
	}
	if (c.oom)
		goto fail;
	if (c.n > 1)
		qsort(c.v, c.n, sizeof *c.v, item_cmp);
	out->truncated = more || (q->limit > 0 && c.n > q->limit);
	if (q->limit > 0 && c.n > q->limit) {
		for (size_t i = q->limit; i < c.n; i++)
			free(c.v[i].copies);
		c.n = q->limit;
	}
	out->v = c.v;
	out->n = c.n;
	return 0;
fail:
	certs_free(&cs);
	items_free(&c);
	if (!qerr_is_set(e))
		qerr_internal(e, "deadlines: out of memory");
	return -1;
}
