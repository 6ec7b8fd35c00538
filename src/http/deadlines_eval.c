/*
 * deadlines_eval.c — the deadlines list from the store (see deadlines_eval.h).
 *
 * How it works. Each record kind is walked with the narrowest query the
 * store offers (kind + organization + state), its facts handed to
 * core/deadlines.c, and what is owed collected into one growable array,
 * sorted at the end by deadline_cmp(). Carriers are the only kind that
 * counts in millions: they come from the due-date index, in due order, and
 * at most `limit` of them are read (a carrier past the first `limit` due
 * carriers cannot be among the first `limit` items of the merged list).
 *
 * SECURITY: reads only; record docs are trusted store output but every
 * field is read through typed getters (a missing or malformed date is
 * QDATE_NONE and lists nothing).
 */
#include "http/deadlines_eval.h"

#include <stdlib.h>
#include <string.h>

#include "core/deadlines.h"
#include "http/clearance_ops.h"
#include "http/jsonv.h"
#include "http/util.h"
#include "ops/orgs.h"

#define REASON_MAX 32

struct dl_item {
	struct deadline d;
	const char *object_kind;     /* static: "information", "carrier", ... */
	char reason[REASON_MAX];     /* declassification_due: why; or "" */
	json_t *copies;              /* a carrier's copies (reference), or NULL */
};

struct collect {
	const struct deadlines_query *q;
	const struct calendar *cal;
	qdate due_max;               /* declassification_due: as_of + within */
	struct dl_item *v;
	size_t n, cap;
	bool oom;
	json_t *modes;               /* Art. 5 modes (clearance_termination) */
};

static struct dl_item *
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
	struct dl_item *it = &c->v[c->n];

	if (n_made == 0 || !kind_wanted(c, it->d.kind))
		return 0;
	it->object_kind = object_kind;
	q_strlcpy(it->reason, reason ? reason : "", sizeof it->reason);
	c->n++;
	return 0;
}

/* ---- per kind ------------------------------------------------------------- */

/* declassification_due of an information item or carrier (Art. 23.1). */
static int
secret_cb(struct collect *c, const struct store_rec *rec, const char *object_kind)
{
	struct dl_secret s = {
		.id = rec->id,
		.open = true,
		.declassify_on = jsonv_date(rec->doc, "declassify_on"),
		.review_due_on = jsonv_date(rec->doc, "review_due_on"),
	};
	struct dl_item *it;
	const char *reason = "term";
	size_t n;

	if ((it = push(c)) == NULL)
		return -1;
	n = deadline_secret(&s, c->q->as_of, &it->d);
	if (n == 0 || it->d.due_on > c->due_max)
		return 0;   /* not due yet: listed once due (SPEC §3 "schedule") */
	if (s.review_due_on != QDATE_NONE && it->d.due_on == s.review_due_on)
		reason = jsonv_str(rec->doc, "review_reason") ? jsonv_str(rec->doc, "review_reason")
		                                             : "review";
	return keep(c, n, object_kind, reason);
}

static int
info_classified_cb(void *ctx, const struct store_rec *rec)
{
	return secret_cb(ctx, rec, "information");
}

static int
info_preliminary_cb(void *ctx, const struct store_rec *rec)
{
	struct collect *c = ctx;
	struct dl_preliminary p = {
		.id = rec->id,
		.preliminary = true,
		.classified_on = jsonv_date(rec->doc, "classified_on"),
		.proposal_on = jsonv_date(rec->doc, "proposal_on"),
	};
	struct dl_item *it = push(c);

	if (it == NULL)
		return -1;
	return keep(c, deadline_preliminary(&p, c->cal, c->q->as_of, &it->d), "information", NULL);
}

static int
list_cb(void *ctx, const struct store_rec *rec)
{
	struct collect *c = ctx;
	struct dl_list l = {.id = rec->id, .approved = true,
	                    .next_review_on = jsonv_date(rec->doc, "next_review_on")};
	struct dl_item *it = push(c);

	if (it == NULL)
		return -1;
	return keep(c, deadline_list(&l, c->cal, c->q->as_of, &it->d), "list", NULL);
}

static int
simple(struct collect *c, enum deadline_kind k, const struct store_rec *rec, qdate due,
       const char *object_kind)
{
	struct dl_item *it = push(c);

	if (it == NULL)
		return -1;
	return keep(c, deadline_simple(k, rec->id, true, due, c->q->as_of, &it->d), object_kind,
	            NULL);
}

static int
request_cb(void *ctx, const struct store_rec *rec)
{
	return simple(ctx, DL_REQUEST_ANSWER, rec, jsonv_date(rec->doc, "due_on"), "request");
}

/* R743 p.5: the disposing body owes the answer; the customer waits for it. */
static int
joint_work_cb(void *ctx, const struct store_rec *rec)
{
	struct collect *c = ctx;
	const char *org = c->q->org_id, *disp = jsonv_str(rec->doc, "disposing_org_id"),
	           *cust = jsonv_str(rec->doc, "customer_org_id");

	if (org != NULL && strcmp(rec->org_id, org) != 0 &&
	    (disp == NULL || strcmp(disp, org) != 0) && (cust == NULL || strcmp(cust, org) != 0))
		return 0;
	return simple(c, DL_PERMISSION_ANSWER, rec, jsonv_date(rec->doc, "response_due_on"),
	              "joint_work");
}

/* Art. 31: an active clearance the clearances workflow flagged (a ground of
 * Art. 30 noted, dismissal, ...) is due for termination on the day it
 * names; it leaves the list when terminated. */
static int
clearance_cb(void *ctx, const struct store_rec *rec)
{
	struct collect *c = ctx;
	qdate due = jsonv_date(rec->doc, "termination_due_on");

	/* Art. 5, 29.1: a clearance granted with its verification pending is
	 * owed its verification (or its termination) by the end of the
	 * modified procedure's period; listed from then (clearance_inactive). */
	if (jsonv_bool(rec->doc, "verification_pending", false)) {
		const json_t *em = json_object_get(json_object_get(rec->doc, "decision"), "emergency");
		qdate end = emergency_mode_until(c->modes, jsonv_str(em, "id"),
		                                 jsonv_date(em, "verification_due_on"));

		if (end != QDATE_NONE && (due == QDATE_NONE || end < due))
			due = end;
	}
	if (due == QDATE_NONE)
		return 0;
	return simple(c, DL_CLEARANCE_TERMINATION, rec, due, "clearance");
}

/* Art. 35: a certificate is owed a renewal by valid_until unless a later
 * certificate of the same means (same organization) supersedes it. The
 * organization's certificates are few: collected, then compared. */
struct certs {
	struct collect *c;
	json_t *all;                 /* docs of the organization's certificates */
};

/* A typed certificate (ops/orgs.h) as certs_emit reads it. */
static int
cert_collect_cb(void *ctx, const void *row)
{
	const struct certificate_rec *cr = row;
	json_t *d = json_pack("{s:s, s:s, s:o, s:s}", "id", cr->h.id, "means",
	                      cr->means ? cr->means : "", "valid_until",
	                      json_date(cr->valid_until), "_org", cr->org_id);

	if (d == NULL || json_array_append_new(((struct certs *)ctx)->all, d) != 0)
		return -1;
	return 0;
}

static int
certs_emit(struct collect *c, json_t *all)
{
	size_t i, j;
	json_t *a, *b;

	json_array_foreach(all, i, a) {
		const char *means = jsonv_str(a, "means"), *org = jsonv_str(a, "_org");
		qdate until = jsonv_date(a, "valid_until");
		bool superseded = false;
		struct store_rec rec = {0};

		json_array_foreach(all, j, b) {
			const char *m2 = jsonv_str(b, "means"), *o2 = jsonv_str(b, "_org");

			if (j != i && means && m2 && org && o2 && strcmp(means, m2) == 0 &&
			    strcmp(org, o2) == 0 && jsonv_date(b, "valid_until") > until)
				superseded = true;
		}
		if (superseded)
			continue;
		q_strlcpy(rec.id, jsonv_str(a, "id") ? jsonv_str(a, "id") : "", sizeof rec.id);
		if (simple(c, DL_CERTIFICATE_EXPIRY, &rec, until, "certificate") != 0)
			return -1;
	}
	return 0;
}

/* Carriers due by due_max, from the index, in due order, at most limit. */
struct carrier_walk {
	struct collect *c;
	char last_due[QDATE_STR_SIZE];
	int64_t last_seq;
	int n;
	size_t taken;
};

static int
carrier_cb(void *ctx, const struct store_rec *rec)
{
	struct carrier_walk *w = ctx;
	const char *due = jsonv_str(rec->doc, "review_due_on");

	if (due == NULL)
		due = jsonv_str(rec->doc, "declassify_on");
	q_strlcpy(w->last_due, due ? due : "", sizeof w->last_due);
	w->last_seq = rec->seq;
	w->n++;
	w->taken++;
	size_t n = w->c->n;

	if (secret_cb(w->c, rec, "carrier") != 0)
		return -1;
	/* Kept: who holds which copy (custody per copy) goes with it. */
	if (w->c->n > n)
		w->c->v[n].copies = json_incref(json_object_get(rec->doc, "copies"));
	return 0;
}

static int
carriers(struct collect *c, struct store_tx *tx, bool *more, struct qerr *e)
{
	struct carrier_walk w = {.c = c};
	char max[QDATE_STR_SIZE];
	bool first = true;

	*more = false;
	date_format(c->due_max, max);
	for (;;) {
		int page = STORE_PAGE_MAX, rc;

		if (c->q->limit > 0 && c->q->limit - w.taken < (size_t)page)
			page = (int)(c->q->limit - w.taken) + 1;   /* one more tells "more" */
		w.n = 0;
		rc = store_carrier_due_list(tx, c->q->org_id, max, first ? NULL : w.last_due,
		                            w.last_seq, page, carrier_cb, &w, e);
		if (rc != 0)
			return -1;
		first = false;
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
	return deadline_cmp(&((const struct dl_item *)a)->d, &((const struct dl_item *)b)->d);
}

static json_t *
item_json(const struct dl_item *it)
{
	json_t *j = json_pack("{s:s, s:s, s:s, s:o, s:b, s:s, s:s}", "kind",
	                      deadline_kind_name(it->d.kind), "object_id", it->d.object_id,
	                      "object_kind", it->object_kind, "due_on", json_date(it->d.due_on),
	                      "overdue", it->d.overdue, "code", deadline_code(it->d.kind),
	                      "article", deadline_article(it->d.kind));

	if (j != NULL && it->reason[0] != '\0')
		json_object_set_new(j, "reason", json_string(it->reason));
	if (j != NULL && it->copies != NULL) {
		/* Who holds which copy: {number, holder_org_id | holder_person_id}. */
		json_t *h = json_array(), *c;
		size_t i;

		json_array_foreach(it->copies, i, c)
			json_array_append_new(h, json_pack("{s:O?, s:O?, s:O?}", "number",
			                                   json_object_get(c, "number"), "holder_org_id",
			                                   json_object_get(c, "holder_org_id"),
			                                   "holder_person_id",
			                                   json_object_get(c, "holder_person_id")));
		json_object_set_new(j, "copies", h);
	}
	return j;
}

static void
items_free(struct collect *c)
{
	for (size_t i = 0; c->v != NULL && i < c->n; i++)
		json_decref(c->v[i].copies);
	free(c->v);
}

int
deadlines_collect(struct store_tx *tx, const struct calendar *cal,
                  const struct deadlines_query *q, json_t **items, bool *truncated,
                  struct qerr *e)
{
	struct collect c = {.q = q, .cal = cal};
	struct certs cs = {.c = &c};
	bool more = false;
	int64_t within = q->within < 0 ? 0 : q->within;

	*items = NULL;
	*truncated = false;
	c.due_max = q->as_of + (qdate)(within > DEADLINES_WITHIN_MAX ? DEADLINES_WITHIN_MAX : within);
	{
		struct store_query qc = {.kind = "information", .org_id = q->org_id,
		                         .state = "classified"};
		struct store_query qp = {.kind = "information", .org_id = q->org_id,
		                         .state = "preliminary"};
		struct store_query ql = {.kind = "list", .org_id = q->org_id, .state = "approved"};
		struct store_query qr = {.kind = "request", .org_id = q->org_id, .state = "open"};
		struct store_query qj = {.kind = "joint_work", .state = "requested"};
		struct store_query qk = {.kind = "clearance", .org_id = q->org_id, .state = "active"};

		if ((kind_wanted(&c, DL_DECLASSIFICATION_DUE) &&
		     (store_rec_walk(tx, &qc, info_classified_cb, &c, e) != 0 ||
		      carriers(&c, tx, &more, e) != 0)) ||
		    ((kind_wanted(&c, DL_PRELIMINARY_PROPOSAL) ||
		      kind_wanted(&c, DL_PRELIMINARY_DECISION)) &&
		     store_rec_walk(tx, &qp, info_preliminary_cb, &c, e) != 0) ||
		    (kind_wanted(&c, DL_LIST_REVIEW) && store_rec_walk(tx, &ql, list_cb, &c, e) != 0) ||
		    (kind_wanted(&c, DL_REQUEST_ANSWER) &&
		     store_rec_walk(tx, &qr, request_cb, &c, e) != 0) ||
		    (kind_wanted(&c, DL_PERMISSION_ANSWER) &&
		     store_rec_walk(tx, &qj, joint_work_cb, &c, e) != 0) ||
		    (kind_wanted(&c, DL_CLEARANCE_TERMINATION) &&
		     (emergency_modes_load(tx, &c.modes, e) != 0 ||
		      store_rec_walk(tx, &qk, clearance_cb, &c, e) != 0)))
			goto fail;
		if (kind_wanted(&c, DL_CERTIFICATE_EXPIRY)) {
			cs.all = json_array();
			if (cs.all == NULL ||
			    ops_certificates_each(tx, q->org_id, 0, 0, cert_collect_cb, &cs, e) < 0 ||
			    certs_emit(&c, cs.all) != 0)
				goto fail;
			json_decref(cs.all);
			cs.all = NULL;
		}
	}
	if (c.oom)
		goto fail;
	if (c.n > 1)
		qsort(c.v, c.n, sizeof *c.v, item_cmp);
	*truncated = more || (q->limit > 0 && c.n > q->limit);
	*items = json_array();
	for (size_t i = 0; *items != NULL && i < c.n && (q->limit == 0 || i < q->limit); i++) {
		json_t *j = item_json(&c.v[i]);

		if (j == NULL || json_array_append_new(*items, j) != 0) {
			json_decref(*items);
			*items = NULL;
		}
	}
	items_free(&c);
	json_decref(c.modes);
	if (*items == NULL)
		return qerr_internal(e, "deadlines: out of memory");
	return 0;
fail:
	json_decref(cs.all);
	items_free(&c);
	json_decref(c.modes);
	if (!qerr_is_set(e))
		qerr_internal(e, "deadlines: out of memory");
	return -1;
}
