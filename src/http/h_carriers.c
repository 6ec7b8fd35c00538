/*
 * h_carriers.c — the carrier registry (Art. 1, 18, 28, 33, 34; SPEC.md §2
 * "Carrier", "Inventory"): registration, the registry record and listing,
 * issue and return of numbered copies, destruction, archiving, inventories.
 *
 * Records:
 *   carrier    id "carrier_…", org_id = holder organization, ref = account
 *              number (unique per organization), state = the carrier state
 *              (core/carrier.h), doc = the registry record; copies live in
 *              doc.copies [{number, holder_org_id | holder_person_id,
 *              holder, state, issued_on, joint_work_id?}] (custody per copy,
 *              http/custody.h: issue, return and inventories act on the
 *              copies the acting organization holds; destroy and archive
 *              wait while a copy is away). Never deleted.
 *   movement   the circulation journal, one record per event, parent_id =
 *              the carrier, org_id = the organization at the time:
 *              doc {kind: registered|issued|returned|destroyed|archived,
 *              carrier_id, copy_number, person_id, date, by, act_number,
 *              archive_ref}. Also the marks of an inventory (parent_id = the
 *              inventory, doc.kind "inventory_mark", ref "<inv>/<car>/<n>").
 *   inventory  org_id, state open|closed, doc with the discrepancies found.
 *   incident   opened by an inventory for copies not found: doc.kind
 *              "loss_suspected", state "open".
 *
 * Order in each handler (SPEC.md §5): 404 path id, 403 organization, 400
 * body, 404 ids in the body, 409 workflow (duplicate account number, copy
 * state, carrier state), 422 rules (label_mismatch, derived_label,
 * term_exceeds_limit, term_mismatch, foreign_owner_protected,
 * owner_contract_required, org_permit_missing; the access decision on issue). A write and its audit
 * entry share one transaction; a refusal rolls back before answering (the
 * router audits it in its own transaction).
 *
 * SECURITY: carrier metadata only; this file never touches content. Bodies
 * are validated by field tables; ids from clients are only looked up.
 */
#include "http/http.h"

#include <stdlib.h>
#include <string.h>

#include "core/carrier.h"
#include "core/degree.h"
#include "core/roles.h"
#include "http/access_eval.h"
#include "http/carrier_owner_ops.h"
#include "http/custody.h"
#include "http/disposal_ops.h"
#include "http/permit_ops.h"
#include "http/scope_ops.h"
#include "http/util.h"

#define REGISTRY_READERS (ROLE_SECURITY_OFFICER | ROLE_HEAD | ROLE_AUDITOR)
#define INVENTORY_REF_MAX STORE_REF_MAX

static const char *const carrier_kinds[] = {"paper", "electronic", "media", "product",
                                            "other", NULL};

static const struct jfield carrier_fields[] = {
	{"org_id", JF_STRING, JF_REQUIRED, NULL, 0, STORE_ID_MAX - 1},
	{"account_number", JF_STRING, JF_REQUIRED, NULL, 0, 100},
	{"kind", JF_ENUM, JF_REQUIRED, carrier_kinds, 0, 0},
	{"title", JF_STRING, JF_REQUIRED, NULL, 0, 1000},
	{"label", JF_ENUM, JF_REQUIRED, degree_names, 0, 0},
	/* label_mismatch (Art. 18) needs it: absent or empty is that rule's 422. */
	{"information_ids", JF_STRINGS, JF_REQUIRED | JF_RULE, NULL, 0, CARRIER_INFO_MAX},
	{"source_carrier_ids", JF_STRINGS, 0, NULL, 0, CARRIER_SOURCES_MAX},
	{"copies", JF_INT, JF_REQUIRED, NULL, 1, CARRIER_COPIES_MAX},
	{"sheets", JF_INT, JF_REQUIRED, NULL, 0, 1000000},
	{"declassify_on", JF_DATE, 0, NULL, 0, 0},
	CARRIER_OWNER_FIELDS,   /* Art. 19 */
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield copy_fields[] = {
	{"person_id", JF_STRING, JF_REQUIRED, NULL, 0, STORE_ID_MAX - 1},
	{"copy_number", JF_INT, JF_REQUIRED, NULL, 1, CARRIER_COPIES_MAX},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield destroy_fields[] = {
	{"act_number", JF_STRING, JF_REQUIRED, NULL, 0, 200},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield archive_fields[] = {
	{"archive_ref", JF_STRING, JF_REQUIRED, NULL, 0, 200},
	{"archive_org_id", JF_STRING, 0, NULL, 0, STORE_ID_MAX - 1},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield inventory_fields[] = {
	{"org_id", JF_STRING, JF_REQUIRED, NULL, 0, STORE_ID_MAX - 1},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield mark_fields[] = {
	{"carrier_id", JF_STRING, JF_REQUIRED, NULL, 0, STORE_ID_MAX - 1},
	{"copy_number", JF_INT, JF_REQUIRED, NULL, 1, CARRIER_COPIES_MAX},
	{"found", JF_BOOL, JF_REQUIRED, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield empty_fields[] = {{NULL, 0, 0, NULL, 0, 0}};

/* ============================ Shared helpers ============================= */

static int
append_doc_cb(void *ctx, const struct store_rec *rec)
{
	json_array_append(ctx, rec->doc);
	return 0;
}

/* The registry record as answered: the doc with its movement journal. */
static json_t *
carrier_view(struct store_tx *tx, const struct store_rec *car, struct qerr *e)
{
	struct store_query q = {.kind = "movement", .parent_id = car->id};
	json_t *v = json_deep_copy(car->doc), *mov = json_array();

	if (v == NULL || mov == NULL || store_rec_walk(tx, &q, append_doc_cb, mov, e) != 0) {
		if (!qerr_is_set(e))
			qerr_internal(e, "carrier view");
		json_decref(v);
		json_decref(mov);
		return NULL;
	}
	json_object_set_new(v, "movements", mov);
	return v;
}

/* Appends one event to the carrier's circulation journal. extra (may be
 * NULL) is merged into the doc; borrowed. */
static int
movement_add(struct req *r, struct store_tx *tx, const struct store_rec *car, const char *kind,
             int copy_number, const char *person_id, json_t *extra, struct qerr *e)
{
	struct store_rec m = {0};
	int ret;

	q_strlcpy(m.kind, "movement", sizeof m.kind);
	store_id_new("movement", m.id);
	q_strlcpy(m.org_id, car->org_id, sizeof m.org_id);
	q_strlcpy(m.parent_id, car->id, sizeof m.parent_id);
	m.doc = json_pack("{s:s, s:s, s:s, s:s, s:o, s:s?, s:o, s:s}", "id", m.id, "kind", kind,
	                  "carrier_id", car->id, "org_id", car->org_id, "copy_number",
	                  copy_number > 0 ? json_integer(copy_number) : json_null(),
	                  "person_id", person_id, "date", json_date(r->effective_date), "by",
	                  r->user.id);
	if (m.doc == NULL)
		return qerr_internal(e, "movement doc");
	if (extra != NULL)
		json_object_update(m.doc, extra);
	ret = store_rec_insert(tx, &m, e);
	store_rec_clear(&m);
	return ret;
}

/* Copy n of the carrier (1-based), or NULL (400 invalid_value copy_number). */
static json_t *
copy_get(const json_t *doc, json_int_t n, struct qerr *e)
{
	json_t *copies = json_object_get(doc, "copies");

	if (n < 1 || (size_t)n > json_array_size(copies)) {
		char num[24];

		snprintf(num, sizeof num, "%zu", json_array_size(copies));
		qerr_input(e, "invalid_value", "copy_number");
		qerr_detail_key(e, "copy_count", "the carrier has {n} copies", "n", num, NULL);
		return NULL;
	}
	return json_array_get(copies, (size_t)n - 1);
}

static int
copies_out(const json_t *doc)
{
	json_t *c;
	size_t i;
	int n = 0;

	json_array_foreach(json_object_get(doc, "copies"), i, c)
		n += carrier_copy_state_parse(jsonv_str(c, "state")) == CARRIER_COPY_ISSUED;
	return n;
}

static void
carrier_set_state(struct store_rec *car, enum carrier_state s)
{
	q_strlcpy(car->state, carrier_state_name(s), sizeof car->state);
	json_object_set_new(car->doc, "state", json_string(car->state));
}

/* Commits with the audit entry and answers the carrier view (status). */
static int
carrier_commit(struct req *r, struct resp *out, struct store_tx *tx, struct store_rec *car,
               int status, const char *action, struct qerr *e)
{
	json_t *view;

	if (store_rec_update(tx, car, e) != 0)
		goto fail;
	view = carrier_view(tx, car, e);
	if (view == NULL)
		goto fail;
	if (tx_commit_audited(r, tx, action, car->id, NULL, e) != 0) {
		json_decref(view);
		return -1;
	}
	resp_json(out, status, view);
	return 0;
fail:
	store_rollback(tx);
	return -1;
}

/* =========================== Registration ================================= */

/* Loads the information items (404 information_ids) into info[]. */
static int
load_info(struct store_tx *tx, const json_t *ids, struct carrier_info *info,
          struct qerr *e)
{
	size_t i;
	json_t *v;

	json_array_foreach(ids, i, v) {
		struct store_rec rec = {0};

		if (rec_load_field(tx, "information", json_string_value(v), &rec, "information_ids",
		               e) != 0)
			return -1;
		info[i].degree = degree_parse(jsonv_str(rec.doc, "degree"));
		info[i].state = carrier_info_state_parse(rec.state);
		info[i].declassify_on = jsonv_date(rec.doc, "declassify_on");
		store_rec_clear(&rec);
	}
	return 0;
}

static int
load_sources(struct store_tx *tx, const json_t *ids, enum degree *src, struct qerr *e)
{
	size_t i;
	json_t *v;

	json_array_foreach(ids, i, v) {
		struct store_rec rec = {0};

		if (rec_load_field(tx, "carrier", json_string_value(v), &rec, "source_carrier_ids",
		               e) != 0)
			return -1;
		/* derived_label, Art. 18: a declassified source imposes nothing. */
		src[i] = carrier_source_label(degree_parse(jsonv_str(rec.doc, "label")),
		                              carrier_state_parse(rec.state));
		store_rec_clear(&rec);
	}
	return 0;
}

/* org_permit_missing (Art. 34): the holder organization's permits today. */
static int
org_permit_check(struct req *r, struct store_tx *tx, const char *org_id, enum degree label,
                 struct qerr *e)
{
	struct carrier_permit *p = NULL;
	size_t n = 0;
	int rc;

	/* as the permits stood on the act's effective_date (SPEC.md §3) */
	if (org_permits_load_on(tx, org_id, r->effective_date, &p, &n, e) != 0)
		return -1;
	rc = carrier_permit_check(label, p, n, r->effective_date, e);
	free(p);
	return rc;
}

/* POST /v1/carriers */
static int
h_carrier_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec org = {0}, rec = {0}, dup = {0};
	struct carrier_info *info = NULL;
	enum degree *src = NULL, label;
	json_t *ids, *srcs, *view = NULL, *bodies;
	size_t ninfo, nsrc;
	const char *org_id, *acct;
	qdate declassify_on;
	struct qerr fe = {0};

	if (req_json(r, carrier_fields, e) != 0)
		return -1;
	org_id = jsonv_str(r->json, "org_id");
	if (req_org_scope(r, org_id, e) != 0 || carrier_owner_parse(r->json, r->today, e) != 0)
		return -1;
	acct = jsonv_str(r->json, "account_number");
	label = degree_parse(jsonv_str(r->json, "label"));
	ids = json_object_get(r->json, "information_ids");
	srcs = json_object_get(r->json, "source_carrier_ids");
	ninfo = json_array_size(ids);     /* 0 for NULL */
	nsrc = json_array_size(srcs);
	info = calloc(ninfo ? ninfo : 1, sizeof *info);
	src = calloc(nsrc ? nsrc : 1, sizeof *src);
	if (info == NULL || src == NULL) {
		qerr_internal(e, "carrier: out of memory");
		goto fail;
	}

	if (tx_write(r, &tx, e) != 0)
		goto fail;
	if (rec_load_field(tx, "org", org_id, &org, "org_id", e) != 0 ||
	    (ids != NULL && load_info(tx, ids, info, e) != 0) ||
	    (srcs != NULL && load_sources(tx, srcs, src, e) != 0))
		goto fail;
	/* It carries only what its organization sees: another body's
	 * information or carrier is unknown here (404, SPEC.md §3). */
	if (scope_ids_visible(r, tx, "information", ids, "information_ids", e) != 0 ||
	    scope_ids_visible(r, tx, "carrier", srcs, "source_carrier_ids", e) != 0)
		goto fail;
	if (org_must_be_active(tx, org.id, "org_id", e) != 0)    /* org_liquidated, Art. 28 */
		goto fail;
	/* 409 before 422: the account number is unique in its organization. */
	if (store_rec_find(tx, "carrier", org.id, acct, &dup, &fe) == 0) {
		qerr_set(e, QERR_CONFLICT, "duplicate", NULL, "account_number");
		goto fail;
	} else if (fe.status != QERR_NOT_FOUND) {
		*e = fe;
		goto fail;
	}
	/* label_mismatch, derived_label (Art. 18) */
	if (carrier_label_check(label, info, ninfo, src, nsrc, e) != 0)
		goto fail;
	declassify_on = jsonv_date(r->json, "declassify_on");
	if (declassify_on == QDATE_NONE)
		declassify_on = carrier_declassify_default(info, ninfo);
	/* term_exceeds_limit (Art. 20, 20.3), term_mismatch (Art. 18, 20);
	 * owner_contract_required (Art. 19.1, 19.2), foreign_owner_protected
	 * (Art. 19.4). */
	if (carrier_term_check(r->effective_date, declassify_on, info, ninfo, e) != 0 ||
	    carrier_owner_check_body(r->json, jsonv_str(org.doc, "bin"), e) != 0)
		goto fail;
	/* org_permit_missing (Art. 34): the holder registers only what its
	 * permit covers. */
	if (org_permit_check(r, tx, org.id, label, e) != 0)
		goto fail;

	q_strlcpy(rec.kind, "carrier", sizeof rec.kind);
	store_id_new("carrier", rec.id);
	q_strlcpy(rec.org_id, org.id, sizeof rec.org_id);
	q_strlcpy(rec.ref, acct, sizeof rec.ref);
	q_strlcpy(rec.state, "registered", sizeof rec.state);
	rec.doc = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:O, s:o, s:o, s:I, s:o, s:s,"
	                    " s:o, s:s, s:n, s:n}",
	                    "id", rec.id, "org_id", org.id, "account_number", acct, "kind",
	                    jsonv_str(r->json, "kind"), "title", jsonv_str(r->json, "title"),
	                    "label", degree_name(label), "information_ids", ids,
	                    "source_carrier_ids", srcs ? json_deep_copy(srcs) : json_array(),
	                    "copies",
	                    custody_copies_new((int)jsonv_int(r->json, "copies", 1), org.id),
	                    "sheets", (json_int_t)jsonv_int(r->json, "sheets", 0),
	                    "declassify_on", json_date(declassify_on), "state", "registered",
	                    "registered_on", json_date(r->effective_date), "registered_by",
	                    r->user.id, "destruction", "archive");
	if (rec.doc == NULL) {
		qerr_internal(e, "carrier doc");
		goto fail;
	}
	if (carrier_owner_record(rec.doc, r->json, e) != 0)
		goto fail;
	/* Art. 15, 23: its disposing bodies, kept through every transfer. */
	if ((bodies = disposal_carrier_bodies(tx, ids, org.id, e)) == NULL)
		goto fail;
	disposal_carrier_record(rec.doc, bodies);
	if (store_rec_insert(tx, &rec, e) != 0) {
		if (e->status == QERR_CONFLICT)
			q_strlcpy(e->field, "account_number", sizeof e->field);
		goto fail;
	}
	if (movement_add(r, tx, &rec, "registered", 0, NULL, NULL, e) != 0)
		goto fail;
	view = carrier_view(tx, &rec, e);
	if (view == NULL)
		goto fail;
	if (tx_commit_audited(r, tx, "carrier.create", rec.id, NULL, e) != 0) {
		tx = NULL;
		goto fail;
	}
	resp_json(out, 201, view);
	store_rec_clear(&org);
	store_rec_clear(&rec);
	free(info);
	free(src);
	return 0;
fail:
	json_decref(view);
	store_rollback(tx);
	store_rec_clear(&org);
	store_rec_clear(&rec);
	store_rec_clear(&dup);
	free(info);
	free(src);
	return -1;
}

/* =============================== Reading ================================== */

/* The user's organization may see the carrier's record: it holds a copy,
 * is its registry (org_id), sent copies away, or disposes of its
 * information (doc.disposing_org_id); cross-organization roles see all.
 * 403 otherwise. */
static int
carrier_visible(const struct req *r, const struct store_rec *car, struct qerr *e)
{
	const char *disp = jsonv_str(car->doc, "disposing_org_id");

	if (r->cross_org || custody_org_party(car->doc, r->user.org_id) ||
	    (disp != NULL && strcmp(disp, r->user.org_id) == 0))
		return 0;
	return req_org_scope(r, car->org_id, e);
}

/* The carrier of the path, visible to the caller (404, then 403). */
static int
carrier_load_visible(struct req *r, struct store_tx *tx, struct store_rec *car,
                     struct qerr *e)
{
	if (rec_load(tx, "carrier", r->params[0], car, e) != 0 ||
	    scope_visible(r, tx, car, NULL, e) != 0)
		return -1;
	return carrier_visible(r, car, e);
}

/* GET /v1/carriers/{id}: the registry record, with copies (number,
 * holder_org_id | holder_person_id, holder) and the movement journal. */
static int
h_carrier_get(struct req *r, struct resp *out, struct qerr *e)
{
	return scope_get(r, out, "carrier", carrier_view, e);
}

struct page {
	json_t *items;
	const char *org;          /* the registry listed, or NULL (across) */
	int64_t last;
	int n, limit;
	bool more;
};

static int
page_cb(void *ctx, const struct store_rec *rec)
{
	struct page *p = ctx;

	if (p->n == p->limit) {
		p->more = true;
		return 1;
	}
	if (p->org != NULL) {
		/* The registry of p->org: the copies it holds, and when copies
		 * left it (SPEC.md §2 "Carrier"). */
		json_t *item = json_deep_copy(rec->doc), *held = json_array(), *c;
		const char *left = custody_left_on(rec->doc, p->org);
		size_t i;

		if (item == NULL || held == NULL) {
			json_decref(item);
			json_decref(held);
			return -1;
		}
		json_array_foreach(json_object_get(rec->doc, "copies"), i, c)
			if (custody_copy_held_by(rec->doc, c, p->org))
				json_array_append_new(held, json_integer((json_int_t)i + 1));
		json_object_set_new(item, "held_copies", held);
		json_object_set_new(item, "left_on", left ? json_string(left) : json_null());
		json_array_append_new(p->items, item);
	} else {
		json_array_append(p->items, rec->doc);
	}
	p->last = rec->seq;
	p->n++;
	return 0;
}

static bool
in_list(const char *s, const char *const *names)
{
	for (size_t i = 0; names[i] != NULL; i++)
		if (strcmp(s, names[i]) == 0)
			return true;
	return false;
}

/* GET /v1/carriers?org_id=&label=&state=&holder=&account_number=&after=&limit= */
static int
h_carrier_list(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_query q = {.kind = "carrier", .org_id = http_query(r, "org_id"),
	                        .state = http_query(r, "state"),
	                        .ref = http_query(r, "account_number")};
	const char *label = http_query(r, "label"), *holder = http_query(r, "holder");
	struct store_tag tags[STORE_TAGS_MAX];
	size_t ntags = 0;
	struct store_tx *tx = NULL;
	struct page p = {0};
	int rc;

	if (req_org_filter(r, &q.org_id, e) != 0)
		return -1;
	if (label != NULL && !in_list(label, degree_names))
		return qerr_input(e, "invalid_value", "label");
	if (q.state != NULL && !in_list(q.state, carrier_state_names))
		return qerr_input(e, "invalid_value", "state");
	if (holder != NULL && *holder == '\0')
		return qerr_input(e, "invalid_value", "holder");
	if (req_page(r, &q.after_seq, &p.limit, e) != 0)
		return -1;
	/* The holder is the more selective tag: it drives the walk. */
	if (holder != NULL)
		tags[ntags++] = (struct store_tag){STORE_TAG_HOLDER, holder};
	/* An organization's registry: every carrier of which it holds a copy,
	 * which it registers, or from which copies left it (tag "party"). */
	if (q.org_id != NULL) {
		tags[ntags++] = (struct store_tag){STORE_TAG_PARTY, q.org_id};
		p.org = q.org_id;
		q.org_id = NULL;
	}
	if (label != NULL)
		tags[ntags++] = (struct store_tag){STORE_TAG_LABEL, label};
	q.limit = p.limit < STORE_PAGE_MAX ? p.limit + 1 : STORE_PAGE_MAX;
	p.items = json_array();
	if (tx_read(r, &tx, e) != 0) {
		json_decref(p.items);
		return -1;
	}
	rc = ntags > 0 ? store_rec_list_tagged(tx, &q, tags, ntags, page_cb, &p, e)
	               : store_rec_list(tx, &q, page_cb, &p, e);
	store_rollback(tx);
	if (rc < 0) {
		json_decref(p.items);
		return -1;
	}
	resp_json(out, 200, page_json(p.items, p.last, p.more));
	return 0;
}

/* GET /v1/carriers/{id}/movements — the journal, paged. */
static int
h_carrier_movements(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec car = {0};
	struct store_query q = {.kind = "movement", .parent_id = r->params[0]};
	int rc;

	if (tx_read(r, &tx, e) != 0)
		return -1;
	rc = carrier_load_visible(r, tx, &car, e);
	store_rollback(tx);
	store_rec_clear(&car);
	if (rc != 0)
		return -1;
	return list_records(r, out, &q, e);
}

/* ========================= Issue and return ================================ */

/* Loads the carrier of the path for a write: 404, then 403, then the body.
 * 403 unless the caller's organization holds a copy or is the carrier's
 * registry; with whole (destroy, archive) unless it is the registry. */
static int
carrier_for_write(struct req *r, struct store_tx **tx, struct store_rec *car,
                  const struct jfield *fields, bool whole, struct qerr *e)
{
	if (tx_write(r, tx, e) != 0)
		return -1;
	/* 404 for a body that cannot see the carrier (SPEC.md §3), then 403 */
	if (rec_load(*tx, "carrier", r->params[0], car, e) != 0 ||
	    scope_visible(r, *tx, car, NULL, e) != 0 ||
	    ((whole || !custody_org_holds(car->doc, r->user.org_id)) &&
	     req_org_scope(r, car->org_id, e) != 0) ||
	    req_json(r, fields, e) != 0) {
		store_rollback(*tx);
		*tx = NULL;
		return -1;
	}
	return 0;
}

/* The acting organization holds copy n (custody per copy): 403
 * forbidden_org (field copy_number) otherwise; cross-organization roles
 * act for the holder. A copy held by a citizen executor is administered
 * by the carrier's registry, where the citizen works (R743 p.8.2). */
static int
copy_acting_holder(const struct req *r, const json_t *doc, const json_t *copy, struct qerr *e)
{
	const char *reg = jsonv_str(doc, "org_id");

	if (r->cross_org || custody_copy_held_by(doc, copy, r->user.org_id))
		return 0;
	if (custody_copy_person(copy) != NULL && reg != NULL && strcmp(reg, r->user.org_id) == 0)
		return 0;
	qerr_set(e, QERR_FORBIDDEN, "forbidden_org", NULL, "copy_number");
	qerr_detail(e, "the copy is held by another organization");
	return -1;
}


/* POST /v1/carriers/{id}/issue {person_id, copy_number} */
static int
h_carrier_issue(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec car = {0}, person = {0};
	struct access_decision d;
	enum carrier_state next;
	const char *pid;
	json_int_t n;
	json_t *copy;
	int rc;

	if (carrier_for_write(r, &tx, &car, copy_fields, false, e) != 0)
		goto fail;
	pid = jsonv_str(r->json, "person_id");
	n = jsonv_int(r->json, "copy_number", 0);
	if (rec_load_field(tx, "person", pid, &person, "person_id", e) != 0)
		goto fail;
	if (org_must_be_active(tx, person.org_id, "person_id", e) != 0)  /* org_liquidated, Art. 28 */
		goto fail;
	if ((copy = copy_get(car.doc, n, e)) == NULL)
		goto fail;
	if (copy_acting_holder(r, car.doc, copy, e) != 0)
		goto fail;
	/* 409: only a copy held by the registry is issued. */
	if (carrier_copy_issue(carrier_state_parse(car.state),
	                       carrier_copy_state_parse(jsonv_str(copy, "state")), &next, e) != 0)
		goto fail;
	/* 422: the access decision, checks in the table's order (SPEC.md §3). */
	if (access_eval(r, tx, person.id, car.id, &d, e) != 0 ||
	    access_decision_refuse(&d, e) != 0)
		goto fail;
	/* not_the_holder, Art. 25.1, 26.1, 33.2, R743 p.10: this copy goes
	 * only to a person of the organization holding it (or to the citizen
	 * executor holding it). */
	if (!custody_copy_held_by(car.doc, copy, person.org_id) &&
	    !(custody_copy_person(copy) != NULL && strcmp(custody_copy_person(copy), person.id) == 0)) {
		char num[24];

		qerr_rule(e, access_check_code(ACCESS_NOT_THE_HOLDER),
		          access_check_article(ACCESS_NOT_THE_HOLDER));
		q_strlcpy(e->field, "person_id", sizeof e->field);
		snprintf(num, sizeof num, "%lld", (long long)n);
		qerr_detail_key(e, "copy_held_elsewhere", "copy {n} is held by another organization",
		                "n", num, NULL);
		goto fail;
	}

	json_object_set_new(copy, "holder", json_string(person.id));
	json_object_set_new(copy, "state", json_string("issued"));
	json_object_set_new(copy, "issued_on", json_date(r->effective_date));
	carrier_set_state(&car, next);
	if (movement_add(r, tx, &car, "issued", (int)n, person.id, NULL, e) != 0)
		goto fail;
	rc = carrier_commit(r, out, tx, &car, 200, "carrier.issue", e);
	tx = NULL;
	store_rec_clear(&car);
	store_rec_clear(&person);
	return rc;
fail:
	store_rollback(tx);
	store_rec_clear(&car);
	store_rec_clear(&person);
	return -1;
}

/* POST /v1/carriers/{id}/return {person_id, copy_number} */
static int
h_carrier_return(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec car = {0}, person = {0};
	enum carrier_state next;
	const char *pid, *holder;
	json_int_t n;
	json_t *copy;
	int rc;

	if (carrier_for_write(r, &tx, &car, copy_fields, false, e) != 0)
		goto fail;
	pid = jsonv_str(r->json, "person_id");
	n = jsonv_int(r->json, "copy_number", 0);
	if (rec_load_field(tx, "person", pid, &person, "person_id", e) != 0)
		goto fail;
	if ((copy = copy_get(car.doc, n, e)) == NULL)
		goto fail;
	if (copy_acting_holder(r, car.doc, copy, e) != 0)
		goto fail;
	/* 409: only an issued copy is returned. */
	if (carrier_copy_return(carrier_state_parse(car.state),
	                        carrier_copy_state_parse(jsonv_str(copy, "state")),
	                        copies_out(car.doc), &next, e) != 0)
		goto fail;
	holder = jsonv_str(copy, "holder");
	if (holder == NULL || strcmp(holder, person.id) != 0) {
		qerr_set(e, QERR_CONFLICT, "invalid_state", "33", "person_id");
		qerr_detail(e, "the copy is held by another person");
		goto fail;
	}
	json_object_set_new(copy, "holder", json_null());
	json_object_set_new(copy, "state", json_string("in_registry"));
	json_object_set_new(copy, "issued_on", json_null());
	carrier_set_state(&car, next);
	if (movement_add(r, tx, &car, "returned", (int)n, person.id, NULL, e) != 0)
		goto fail;
	rc = carrier_commit(r, out, tx, &car, 200, "carrier.return", e);
	tx = NULL;
	store_rec_clear(&car);
	store_rec_clear(&person);
	return rc;
fail:
	store_rollback(tx);
	store_rec_clear(&car);
	store_rec_clear(&person);
	return -1;
}

/* ======================= Destruction and archiving ========================= */

/* destroy / archive: one flow; the core decides the transition. */
static int
carrier_close(struct req *r, struct resp *out, struct qerr *e, const struct jfield *fields,
              int (*rule)(enum carrier_state, int, enum carrier_state *, struct qerr *),
              const char *field, const char *doc_key, const char *movement,
              const char *action)
{
	struct store_tx *tx = NULL;
	struct store_rec car = {0};
	enum carrier_state next;
	const char *ref;
	json_t *extra;
	int rc;

	/* 403 unless the carrier's registry acts (a holder of some copies
	 * does not destroy or archive the carrier). */
	if (carrier_for_write(r, &tx, &car, fields, true, e) != 0)
		goto fail;
	ref = jsonv_str(r->json, field);
	if (rule(carrier_state_parse(car.state), copies_out(car.doc), &next, e) != 0)
		goto fail;
	/* 409: acts on the whole carrier wait while a copy is away. */
	if (custody_home_check(car.doc, e) != 0)
		goto fail;
	carrier_set_state(&car, next);
	json_object_set_new(car.doc, doc_key, json_pack("{s:s, s:o, s:s}", field, ref, "date",
	                                                json_date(r->effective_date), "by",
	                                                r->user.id));
	extra = json_pack("{s:s}", field, ref);
	rc = movement_add(r, tx, &car, movement, 0, NULL, extra, e);
	json_decref(extra);
	if (rc != 0)
		goto fail;
	rc = carrier_commit(r, out, tx, &car, 200, action, e);
	store_rec_clear(&car);
	return rc;
fail:
	store_rollback(tx);
	store_rec_clear(&car);
	return -1;
}

/* POST /v1/carriers/{id}/destroy {act_number} (Art. 28) */
static int
h_carrier_destroy(struct req *r, struct resp *out, struct qerr *e)
{
	return carrier_close(r, out, e, destroy_fields, carrier_destroy, "act_number",
	                     "destruction", "destroyed", "carrier.destroy");
}

/* POST /v1/carriers/{id}/archive {archive_ref, archive_org_id?} (Art. 23.2,
 * 28): archival storage. archive_org_id names the state archive that
 * receives it (an existing organization of kind state_body — our reading:
 * the Law's "state archives" are state institutions; the records know no
 * other kind for them — else 400 invalid_value); its archivists then act
 * on the carrier with the delegation of the fund-forming organization
 * (h_declassify.c). Without it the carrier stays in the holder's own
 * archive. Recorded in doc.archive and in the "archived" movement. */
static int
h_carrier_archive(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec car = {0}, arch = {0};
	enum carrier_state next;
	const char *ref, *arch_id;
	json_t *extra;
	int rc;

	if (carrier_for_write(r, &tx, &car, archive_fields, true, e) != 0)
		goto fail;
	ref = jsonv_str(r->json, "archive_ref");
	arch_id = jsonv_str(r->json, "archive_org_id");
	if (arch_id != NULL) {
		if (rec_load_field(tx, "org", arch_id, &arch, "archive_org_id", e) != 0)
			goto fail;
		if (strcmp(jsonv_str(arch.doc, "kind") ? jsonv_str(arch.doc, "kind") : "",
		           "state_body") != 0) {
			qerr_input(e, "invalid_value", "archive_org_id");
			qerr_detail(e, "a state archive (an organization of kind state_body)");
			goto fail;
		}
	}
	if (carrier_archive(carrier_state_parse(car.state), copies_out(car.doc), &next, e) != 0)
		goto fail;
	/* 409: acts on the whole carrier wait while a copy is away. */
	if (custody_home_check(car.doc, e) != 0)
		goto fail;
	carrier_set_state(&car, next);
	json_object_set_new(car.doc, "archive",
	                    json_pack("{s:s, s:s?, s:o, s:s}", "archive_ref", ref, "archive_org_id",
	                              arch_id, "date", json_date(r->effective_date), "by",
	                              r->user.id));
	extra = json_pack("{s:s, s:s?}", "archive_ref", ref, "archive_org_id", arch_id);
	rc = movement_add(r, tx, &car, "archived", 0, NULL, extra, e);
	json_decref(extra);
	if (rc != 0)
		goto fail;
	rc = carrier_commit(r, out, tx, &car, 200, "carrier.archive", e);
	store_rec_clear(&car);
	store_rec_clear(&arch);
	return rc;
fail:
	store_rollback(tx);
	store_rec_clear(&car);
	store_rec_clear(&arch);
	return -1;
}

/* ============================== Inventories ================================ */

/*
 * An inventory checks that every copy the organization holds (custody
 * per copy: copies of carriers registered or issued, at home or received
 * from another organization) is where the registry says — in the registry
 * or with the person it is issued to:
 *
 *   open --POST …/marks (any number, the last mark of a copy counts)--> open
 *   open --POST …/close--> closed, with discrepancies:
 *        missing     a copy expected and not marked found (or marked not
 *                    found): one incident per carrier, kind loss_suspected,
 *                    state open, naming the copies and their holders
 *        unexpected  a copy marked found that the registry does not hold
 *                    here (another organization, destroyed, archived, ...)
 * Marks on a closed inventory are 409 invalid_state.
 */

static void
mark_ref(char out[INVENTORY_REF_MAX], const char *inv, const char *car, json_int_t n)
{
	snprintf(out, INVENTORY_REF_MAX, "%s/%s/%lld", inv, car, (long long)n);
}

/* POST /v1/inventories {org_id} */
static int
h_inventory_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec org = {0}, rec = {0};
	const char *org_id;

	if (req_json(r, inventory_fields, e) != 0)
		return -1;
	org_id = jsonv_str(r->json, "org_id");
	if (req_org_scope(r, org_id, e) != 0)
		return -1;
	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (rec_load_field(tx, "org", org_id, &org, "org_id", e) != 0)
		goto fail;
	q_strlcpy(rec.kind, "inventory", sizeof rec.kind);
	store_id_new("inventory", rec.id);
	q_strlcpy(rec.org_id, org.id, sizeof rec.org_id);
	q_strlcpy(rec.state, "open", sizeof rec.state);
	rec.doc = json_pack("{s:s, s:s, s:s, s:o, s:s, s:n, s:i, s:n, s:n, s:n, s:n}", "id", rec.id,
	                    "org_id", org.id, "state", "open", "opened_on",
	                    json_date(r->effective_date), "opened_by", r->user.id, "closed_on",
	                    "marks", 0, "checked", "found", "discrepancies", "incident_ids");
	if (rec.doc == NULL) {
		qerr_internal(e, "inventory doc");
		goto fail;
	}
	if (rec_create_commit(r, out, &tx, &rec, "inventory.create", NULL, e) != 0)
		goto fail;
	store_rec_clear(&org);
	store_rec_clear(&rec);
	return 0;
fail:
	store_rollback(tx);
	store_rec_clear(&org);
	store_rec_clear(&rec);
	return -1;
}

/* GET /v1/inventories/{id} */
static int
h_inventory_get(struct req *r, struct resp *out, struct qerr *e)
{
	return get_scoped(r, out, "inventory", NULL, e);
}

/* Loads the inventory of the path for a write; 409 unless open. */
static int
inventory_for_write(struct req *r, struct store_tx **tx, struct store_rec *inv,
                    const struct jfield *fields, struct qerr *e)
{
	if (tx_write(r, tx, e) != 0)
		return -1;
	if (rec_load(*tx, "inventory", r->params[0], inv, e) != 0 ||
	    req_org_scope(r, inv->org_id, e) != 0 || req_json(r, fields, e) != 0)
		goto fail;
	if (strcmp(inv->state, "open") != 0) {
		qerr_set(e, QERR_CONFLICT, "invalid_state", NULL, NULL);
		qerr_detail(e, "the inventory is %s", inv->state);
		goto fail;
	}
	return 0;
fail:
	store_rollback(*tx);
	*tx = NULL;
	return -1;
}

/* POST /v1/inventories/{id}/marks {carrier_id, copy_number, found} */
static int
h_inventory_mark(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec inv = {0}, car = {0}, m = {0};
	struct qerr fe = {0};
	char ref[INVENTORY_REF_MAX];
	json_int_t n;
	bool found, existed;

	if (inventory_for_write(r, &tx, &inv, mark_fields, e) != 0)
		goto fail;
	n = jsonv_int(r->json, "copy_number", 0);
	found = jsonv_bool(r->json, "found", false);
	if (rec_load_field(tx, "carrier", jsonv_str(r->json, "carrier_id"), &car, "carrier_id", e) != 0 ||
	    copy_get(car.doc, n, e) == NULL)
		goto fail;
	mark_ref(ref, inv.id, car.id, n);
	existed = store_rec_find(tx, "movement", inv.org_id, ref, &m, &fe) == 0;
	if (!existed && fe.status != QERR_NOT_FOUND) {
		*e = fe;
		goto fail;
	}
	if (!existed) {
		q_strlcpy(m.kind, "movement", sizeof m.kind);
		store_id_new("movement", m.id);
		q_strlcpy(m.org_id, inv.org_id, sizeof m.org_id);
		q_strlcpy(m.parent_id, inv.id, sizeof m.parent_id);
		q_strlcpy(m.ref, ref, sizeof m.ref);
	}
	json_decref(m.doc);
	m.doc = json_pack("{s:s, s:s, s:s, s:s, s:I, s:b, s:o, s:s}", "id", m.id, "kind",
	                  "inventory_mark", "inventory_id", inv.id, "carrier_id", car.id,
	                  "copy_number", n, "found", found, "date", json_date(r->effective_date),
	                  "by", r->user.id);
	if (m.doc == NULL) {
		qerr_internal(e, "mark doc");
		goto fail;
	}
	if ((existed ? store_rec_update(tx, &m, e) : store_rec_insert(tx, &m, e)) != 0)
		goto fail;
	if (!existed) {
		json_object_set_new(inv.doc, "marks",
		                    json_integer(jsonv_int(inv.doc, "marks", 0) + 1));
		if (store_rec_update(tx, &inv, e) != 0)
			goto fail;
	}
	if (tx_commit_audited(r, tx, "inventory.mark", inv.id, NULL, e) != 0) {
		tx = NULL;
		goto fail;
	}
	resp_json(out, existed ? 200 : 201, json_incref(m.doc));
	store_rec_clear(&inv);
	store_rec_clear(&car);
	store_rec_clear(&m);
	return 0;
fail:
	store_rollback(tx);
	store_rec_clear(&inv);
	store_rec_clear(&car);
	store_rec_clear(&m);
	return -1;
}

struct close_ctx {
	struct req *r;
	struct store_tx *tx;
	const struct store_rec *inv;
	json_t *discrepancies, *incidents;
	int64_t checked, found;
	struct qerr *e;
};

/* Opens the loss_suspected incident for the missing copies of one carrier. */
static int
incident_open(struct close_ctx *c, const struct store_rec *car, json_t *copies,
              json_t *persons)
{
	struct store_rec inc = {0};
	int ret;

	q_strlcpy(inc.kind, "incident", sizeof inc.kind);
	store_id_new("incident", inc.id);
	q_strlcpy(inc.org_id, c->inv->org_id, sizeof inc.org_id);
	q_strlcpy(inc.parent_id, c->inv->id, sizeof inc.parent_id);
	q_strlcpy(inc.state, "open", sizeof inc.state);
	inc.doc = json_pack("{s:s, s:s, s:s, s:s, s:[s], s:O, s:O, s:s, s:b, s:o, s:s}", "id",
	                    inc.id, "kind", "loss_suspected", "state", "open", "org_id",
	                    c->inv->org_id, "carrier_ids", car->id, "copies", copies,
	                    "person_ids", persons, "description",
	                    "copies not found by the inventory", "confirmed", false,
	                    "opened_on", json_date(c->r->effective_date), "inventory_id",
	                    c->inv->id);
	if (inc.doc == NULL)
		return qerr_internal(c->e, "incident doc");
	ret = store_rec_insert(c->tx, &inc, c->e);
	if (ret == 0)
		json_array_append_new(c->incidents, json_string(inc.id));
	store_rec_clear(&inc);
	return ret;
}

/* Each expected carrier: every copy must carry a "found" mark. */
static int
close_carrier_cb(void *ctx, const struct store_rec *car)
{
	struct close_ctx *c = ctx;
	json_t *copies = json_array(), *persons = json_array(), *copy;
	size_t i;
	int ret = 0;

	json_array_foreach(json_object_get(car->doc, "copies"), i, copy) {
		struct store_rec m = {0};
		struct qerr fe = {0};
		char ref[INVENTORY_REF_MAX];
		json_int_t n = jsonv_int(copy, "number", 0);
		const char *holder = jsonv_str(copy, "holder");
		bool ok;

		/* Only the copies this organization holds (custody per copy). */
		if (!custody_copy_held_by(car->doc, copy, c->inv->org_id))
			continue;
		c->checked++;
		mark_ref(ref, c->inv->id, car->id, n);
		if (store_rec_find(c->tx, "movement", c->inv->org_id, ref, &m, &fe) != 0 &&
		    fe.status != QERR_NOT_FOUND) {
			*c->e = fe;
			ret = -1;
			break;
		}
		ok = m.doc != NULL && jsonv_bool(m.doc, "found", false);
		store_rec_clear(&m);
		if (ok) {
			c->found++;
			continue;
		}
		json_array_append_new(c->discrepancies,
		                      json_pack("{s:s, s:s, s:s, s:I, s:s?, s:s}", "kind", "missing",
		                                "carrier_id", car->id, "account_number", car->ref,
		                                "copy_number", n, "holder", holder, "label",
		                                jsonv_str(car->doc, "label")));
		json_array_append_new(copies, json_pack("{s:I, s:s?}", "copy_number", n, "holder",
		                                        holder));
		if (holder != NULL)
			json_array_append_new(persons, json_string(holder));
	}
	if (ret == 0 && json_array_size(copies) > 0)
		ret = incident_open(c, car, copies, persons);
	json_decref(copies);
	json_decref(persons);
	return ret;
}

/* Each mark: a copy found that the registry does not expect here. */
static int
close_mark_cb(void *ctx, const struct store_rec *m)
{
	struct close_ctx *c = ctx;
	struct store_rec car = {0};
	enum carrier_state s;
	int ret = 0;

	if (!jsonv_bool(m->doc, "found", false))
		return 0;
	if (store_rec_get(c->tx, "carrier", jsonv_str(m->doc, "carrier_id"), &car, c->e) != 0)
		return -1;
	s = carrier_state_parse(car.state);
	if (!custody_copy_held_by(car.doc, custody_copy(car.doc, jsonv_int(m->doc, "copy_number", 0)),
	                          c->inv->org_id) ||
	    (s != CARRIER_REGISTERED && s != CARRIER_ISSUED))
		json_array_append_new(c->discrepancies,
		                      json_pack("{s:s, s:s, s:s, s:O, s:s, s:s}", "kind",
		                                "unexpected", "carrier_id", car.id,
		                                "account_number", car.ref, "copy_number",
		                                json_object_get(m->doc, "copy_number"), "state",
		                                car.state, "org_id", car.org_id));
	store_rec_clear(&car);
	return ret;
}

/* POST /v1/inventories/{id}/close */
static int
h_inventory_close(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec inv = {0};
	struct close_ctx c = {.r = r, .e = e};
	static const char *const expected[] = {"registered", "issued"};

	if (inventory_for_write(r, &tx, &inv, empty_fields, e) != 0)
		goto fail;
	c.tx = tx;
	c.inv = &inv;
	c.discrepancies = json_array();
	c.incidents = json_array();
	for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
		/* Every carrier of which the organization holds a copy. */
		struct store_query q = {.kind = "carrier", .state = expected[i]};
		struct store_tag t = {STORE_TAG_PARTY, inv.org_id};

		if (store_rec_walk_tagged(tx, &q, &t, 1, close_carrier_cb, &c, e) != 0)
			goto fail;
	}
	{
		struct store_query q = {.kind = "movement", .parent_id = inv.id};

		if (store_rec_walk(tx, &q, close_mark_cb, &c, e) != 0)
			goto fail;
	}
	q_strlcpy(inv.state, "closed", sizeof inv.state);
	json_object_set_new(inv.doc, "state", json_string("closed"));
	json_object_set_new(inv.doc, "closed_on", json_date(r->effective_date));
	json_object_set_new(inv.doc, "checked", json_integer(c.checked));
	json_object_set_new(inv.doc, "found", json_integer(c.found));
	json_object_set(inv.doc, "discrepancies", c.discrepancies);
	json_object_set(inv.doc, "incident_ids", c.incidents);
	if (rec_update_commit(r, out, &tx, &inv, "inventory.close", NULL, e) != 0)
		goto fail;
	json_decref(c.discrepancies);
	json_decref(c.incidents);
	store_rec_clear(&inv);
	return 0;
fail:
	store_rollback(tx);
	json_decref(c.discrepancies);
	json_decref(c.incidents);
	store_rec_clear(&inv);
	return -1;
}

const struct route h_carriers_routes[] = {
	{"POST", "/v1/carriers", ROLE_SECURITY_OFFICER, 0, h_carrier_create},
	{"GET", "/v1/carriers", REGISTRY_READERS, 0, h_carrier_list},
	{"GET", "/v1/carriers/{}", REGISTRY_READERS, 0, h_carrier_get},
	{"GET", "/v1/carriers/{}/movements", REGISTRY_READERS, 0, h_carrier_movements},
	{"POST", "/v1/carriers/{}/issue", ROLE_SECURITY_OFFICER, 0, h_carrier_issue},
	{"POST", "/v1/carriers/{}/return", ROLE_SECURITY_OFFICER, 0, h_carrier_return},
	{"POST", "/v1/carriers/{}/destroy", ROLE_SECURITY_OFFICER, 0, h_carrier_destroy},
	{"POST", "/v1/carriers/{}/archive", ROLE_SECURITY_OFFICER, 0, h_carrier_archive},
	{"POST", "/v1/inventories", ROLE_SECURITY_OFFICER, 0, h_inventory_create},
	{"GET", "/v1/inventories/{}", REGISTRY_READERS, 0, h_inventory_get},
	{"POST", "/v1/inventories/{}/marks", ROLE_SECURITY_OFFICER, 0, h_inventory_mark},
	{"POST", "/v1/inventories/{}/close", ROLE_SECURITY_OFFICER, 0, h_inventory_close},
	{NULL, NULL, 0, 0, NULL},
};
