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
#include "http/carrier_owner_ops.h"
#include "http/custody.h"
#include "http/util.h"
#include "http/transfer_ops.h"
#include "ops/carriers.h"
#include "ops/incidents.h"

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

/* The registry record as answered: the doc with its movement journal
 * (movements borrowed). NULL when out of memory. */
static json_t *
carrier_json(const json_t *doc, json_t *movements)
{
	json_t *v = json_deep_copy(doc);

	if (v == NULL || json_object_set(v, "movements", movements) != 0) {
		json_decref(v);
		return NULL;
	}
	return v;
}

/* Answers a procedure's carrier (status) and releases it. */
static int
carrier_answer(struct resp *out, int status, struct ops_carrier_result *res, struct qerr *e)
{
	json_t *v = carrier_json(res->car.doc, res->movements);

	ops_carrier_result_clear(res);
	if (v == NULL)
		return qerr_internal(e, "carrier view");
	resp_json(out, status, v);
	return 0;
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

/* =========================== Registration ================================= */

/* The strings of the body array name (validated by the field table) into
 * a new vector *out of *n (free()); -1 when out of memory. */
static int
body_ids(const json_t *body, const char *name, const char ***out, size_t *n, struct qerr *e)
{
	const json_t *a = json_object_get(body, name);
	size_t i, len = json_array_size(a);

	*out = calloc(len ? len : 1, sizeof **out);
	*n = len;
	if (*out == NULL)
		return qerr_internal(e, "carrier: out of memory");
	for (i = 0; i < len; i++)
		(*out)[i] = json_string_value(json_array_get(a, i));
	return 0;
}

/* POST /v1/carriers */
static int
h_carrier_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct ops_carrier_register_args a = {0};
	struct ops_carrier_result res = {0};
	const char **info = NULL, **src = NULL;
	struct qerr in = {0};
	json_t *owner = NULL;
	int rc = -1;

	if (req_json(r, carrier_fields, e) != 0)
		return -1;
	a.org_id = jsonv_str(r->json, "org_id");
	a.account_number = jsonv_str(r->json, "account_number");
	a.kind = jsonv_str(r->json, "kind");
	a.title = jsonv_str(r->json, "title");
	a.label = degree_parse(jsonv_str(r->json, "label"));
	a.copies = (int)jsonv_int(r->json, "copies", 1);
	a.sheets = jsonv_int(r->json, "sheets", 0);
	a.declassify_on = jsonv_date(r->json, "declassify_on");
	/* owner, alienation, court_ref (Art. 19): their 400 after the 403 */
	if (carrier_owner_parse(r->json, r->today, &in) == 0)
		carrier_owner_facts(r->json, &a.owner, &a.owner_bin);
	a.input = &in;
	owner = json_object();
	if (owner == NULL || carrier_owner_record(owner, r->json, e) != 0 ||
	    body_ids(r->json, "information_ids", &info, &a.n_info, e) != 0 ||
	    body_ids(r->json, "source_carrier_ids", &src, &a.n_src, e) != 0) {
		if (!qerr_is_set(e))
			qerr_internal(e, "carrier: out of memory");
		goto out;
	}
	a.owner_record = owner;
	a.information_ids = info;
	a.source_carrier_ids = src;
	req_ops_ctx(r, &c);
	if (ops_carriers_register(&c, &a, &res, e) == 0)
		rc = carrier_answer(out, 201, &res, e);
out:
	json_decref(owner);
	free(info);
	free(src);
	return rc;
}

/* =============================== Reading ================================== */

/* GET /v1/carriers/{id}: the registry record, with copies (number,
 * holder_org_id | holder_person_id, holder) and the movement journal. */
static int
h_carrier_get(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct ops_carrier_result res;

	req_ops_ctx(r, &c);
	if (ops_carriers_get(&c, r->params[0], &res, e) != 0)
		return -1;
	return carrier_answer(out, 200, &res, e);
}

struct page {
	json_t *items;
	int64_t last;
};

/* One registry row: the doc; an organization's registry adds the copies
 * it holds and when copies left it (SPEC.md §2 "Carrier"). */
static int
page_cb(void *ctx, const struct store_rec *rec, const char *registry, const int *held,
        size_t nheld, const char *left_on)
{
	struct page *p = ctx;
	json_t *item = registry != NULL ? json_deep_copy(rec->doc) : json_incref(rec->doc);
	json_t *h = registry != NULL ? json_array() : NULL;

	if (item == NULL || (registry != NULL && h == NULL))
		goto oom;
	for (size_t i = 0; h != NULL && i < nheld; i++)
		if (json_array_append_new(h, json_integer(held[i])) != 0)
			goto oom;
	if (registry != NULL &&
	    (json_object_set_new(item, "held_copies", h) != 0 ||
	     json_object_set_new(item, "left_on", left_on ? json_string(left_on) : json_null()) != 0)) {
		h = NULL;
		goto oom;
	}
	if (json_array_append_new(p->items, item) != 0)
		return -1;
	p->last = rec->seq;
	return 0;
oom:
	json_decref(item);
	json_decref(h);
	return -1;
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
	struct ops_carrier_filter f = {.org_id = http_query(r, "org_id"),
	                               .state = http_query(r, "state"),
	                               .account_number = http_query(r, "account_number"),
	                               .label = http_query(r, "label"),
	                               .holder = http_query(r, "holder")};
	struct qerr in = {0};
	struct ops_ctx c;
	struct page p = {0};
	bool more = false;

	/* the query's 400s, answered after the registry's 403 */
	if (f.label != NULL && !in_list(f.label, degree_names))
		qerr_input(&in, "invalid_value", "label");
	else if (f.state != NULL && !in_list(f.state, carrier_state_names))
		qerr_input(&in, "invalid_value", "state");
	else if (f.holder != NULL && *f.holder == '\0')
		qerr_input(&in, "invalid_value", "holder");
	else
		req_page(r, &f.after_seq, &f.limit, &in);
	f.input = &in;
	p.items = json_array();
	if (p.items == NULL)
		return qerr_internal(e, "carrier list: out of memory");
	req_ops_ctx(r, &c);
	if (ops_carriers_list(&c, &f, page_cb, &p, &more, e) != 0) {
		json_decref(p.items);
		return -1;
	}
	resp_json(out, 200, page_json(p.items, p.last, more));
	return 0;
}

/* GET /v1/carriers/{id}/movements — the journal, paged. */
static int
h_carrier_movements(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct store_query q = {.kind = "movement", .parent_id = r->params[0]};

	req_ops_ctx(r, &c);
	if (ops_carriers_seen(&c, r->params[0], e) != 0)
		return -1;
	return list_records(r, out, &q, e);
}

/* ========================= Issue and return ================================ */

/* POST /v1/carriers/{id}/issue and /return {person_id, copy_number}: the
 * body's 400 after the carrier's 404 and 403. */
static int
carrier_copy_act(struct req *r, struct resp *out, struct qerr *e,
                 int (*step)(const struct ops_ctx *, const struct ops_carrier_copy_args *,
                             struct ops_carrier_result *, struct qerr *))
{
	struct ops_ctx c;
	struct qerr in = {0};
	struct ops_carrier_copy_args a = {.carrier_id = r->params[0], .input = &in};
	struct ops_carrier_result res = {0};

	if (req_json(r, copy_fields, &in) == 0) {
		a.person_id = jsonv_str(r->json, "person_id");
		a.copy_number = jsonv_int(r->json, "copy_number", 0);
	}
	req_ops_ctx(r, &c);
	if (step(&c, &a, &res, e) != 0)
		return -1;
	return carrier_answer(out, 200, &res, e);
}

static int
h_carrier_issue(struct req *r, struct resp *out, struct qerr *e)
{
	return carrier_copy_act(r, out, e, ops_carriers_issue);
}

static int
h_carrier_return(struct req *r, struct resp *out, struct qerr *e)
{
	return carrier_copy_act(r, out, e, ops_carriers_return);
}

/* ======================= Destruction and archiving ========================= */

/* POST /v1/carriers/{id}/destroy {act_number} (Art. 28) */
static int
h_carrier_destroy(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct qerr in = {0};
	struct ops_carrier_close_args a = {.carrier_id = r->params[0], .input = &in};
	struct ops_carrier_result res = {0};

	if (req_json(r, destroy_fields, &in) == 0)
		a.ref = jsonv_str(r->json, "act_number");
	req_ops_ctx(r, &c);
	if (ops_carriers_destroy(&c, &a, &res, e) != 0)
		return -1;
	return carrier_answer(out, 200, &res, e);
}

/* POST /v1/carriers/{id}/archive {archive_ref, archive_org_id?} (Art. 23.2,
 * 28): archival storage. archive_org_id names the state archive that
 * receives it (an organization of kind state_body, else 400; see
 * ops/carriers.c); its archivists then act on the carrier with the
 * delegation of the fund-forming organization (h_declassify.c). Without
 * it the carrier stays in the holder's own archive. */
static int
h_carrier_archive(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct qerr in = {0};
	struct ops_carrier_close_args a = {.carrier_id = r->params[0], .input = &in};
	struct ops_carrier_result res = {0};

	if (req_json(r, archive_fields, &in) == 0) {
		a.ref = jsonv_str(r->json, "archive_ref");
		a.archive_org_id = jsonv_str(r->json, "archive_org_id");
	}
	req_ops_ctx(r, &c);
	if (ops_carriers_archive(&c, &a, &res, e) != 0)
		return -1;
	return carrier_answer(out, 200, &res, e);
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

/* Opens the loss_suspected incident for the missing copies of one carrier
 * (ops/incidents.h). */
static int
incident_open(struct close_ctx *c, const struct store_rec *car, json_t *copies,
              json_t *persons)
{
	struct incident_copy *cp = calloc(json_array_size(copies) + 1, sizeof *cp);
	struct ops_ids ids = {0};
	char id[STORE_ID_MAX];
	const json_t *v;
	size_t i;
	int ret = -1;

	if (cp == NULL || hx_ids(persons, &ids, c->e) != 0) {
		free(cp);
		return cp == NULL ? qerr_internal(c->e, "incident: out of memory") : -1;
	}
	json_array_foreach(copies, i, v) {
		cp[i].copy_number = jsonv_int(v, "copy_number", 0);
		q_strlcpy(cp[i].holder, jsonv_str(v, "holder") ? jsonv_str(v, "holder") : "",
		          sizeof cp[i].holder);
	}
	if (ops_incident_open_suspected(c->tx, c->inv->org_id, c->inv->id, car->id, cp,
	                                json_array_size(copies), &ids, c->r->effective_date, id,
	                                c->e) == 0)
		ret = json_array_append_new(c->incidents, json_string(id)) == 0
		              ? 0 : qerr_internal(c->e, "incident: out of memory");
	hx_ids_free(&ids);
	free(cp);
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
