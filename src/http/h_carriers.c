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
 *              core/custody_rec.h: issue, return and inventories act on the
 *              copies the acting organization holds; destroy and archive
 *              wait while a copy is away). Never deleted.
 *   movement   the circulation journal, one record per event, parent_id =
 *              the carrier, org_id = the organization at the time:
 *              doc {kind: registered|issued|returned|destroyed|archived,
 *              carrier_id, copy_number, person_id, date, by, act_number,
 *              archive_ref}.
 *   inventory  typed rows (core/inventory.h, ops/inventories.c): the
 *              inventory, its marks, discrepancies and incidents; the
 *              close opens incidents "loss_suspected" (ops/incidents.h).
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
#include "http/util.h"
#include "http/transfer_ops.h"
#include "ops/carriers.h"
#include "ops/inventories.h"

#define REGISTRY_READERS (ROLE_SECURITY_OFFICER | ROLE_HEAD | ROLE_AUDITOR)

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

/* The registry record as answered: the carrier with its movement journal
 * (SPEC.md §2 "Carrier"). NULL with e set. */
static json_t *
carrier_json(const struct ops_carrier_result *res, struct qerr *e)
{
	json_t *v = carrier_rec_doc(&res->car, e), *mov = json_array();

	for (size_t i = 0; v != NULL && mov != NULL && i < res->n_movements; i++) {
		json_t *m = movement_rec_doc(&res->movements[i], e);

		if (m == NULL || json_array_append_new(mov, m) != 0) {
			json_decref(mov);
			mov = NULL;
		}
	}
	if (v == NULL || mov == NULL || json_object_set_new(v, "movements", mov) != 0) {
		if (v != NULL && mov == NULL && !qerr_is_set(e))
			qerr_internal(e, "carrier view");
		json_decref(v);
		return NULL;
	}
	return v;
}

/* Answers a procedure's carrier (status) and releases it. */
static int
carrier_answer(struct resp *out, int status, struct ops_carrier_result *res, struct qerr *e)
{
	json_t *v = carrier_json(res, e);

	ops_carrier_result_clear(res);
	if (v == NULL)
		return qerr_is_set(e) ? -1 : qerr_internal(e, "carrier view");
	resp_json(out, status, v);
	return 0;
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
	struct store_rec owner = {0};     /* the body's owner, alienation, court_ref */
	struct carrier_rec owned = {0};   /* the same, typed */
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
	owner.doc = json_object();
	if (owner.doc == NULL || carrier_owner_record(owner.doc, r->json, e) != 0 ||
	    carrier_rec_from(&owner, &owned, e) != 0 ||
	    body_ids(r->json, "information_ids", &info, &a.n_info, e) != 0 ||
	    body_ids(r->json, "source_carrier_ids", &src, &a.n_src, e) != 0) {
		if (!qerr_is_set(e))
			qerr_internal(e, "carrier: out of memory");
		goto out;
	}
	a.owner_record = &owned;
	a.information_ids = info;
	a.source_carrier_ids = src;
	req_ops_ctx(r, &c);
	if (ops_carriers_register(&c, &a, &res, e) == 0)
		rc = carrier_answer(out, 201, &res, e);
out:
	store_rec_clear(&owner);
	carrier_rec_clear(&owned);
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

/* One registry row: the carrier; an organization's registry adds the
 * copies it holds and when copies left it (SPEC.md §2 "Carrier"). */
static int
page_cb(void *ctx, const struct carrier_rec *car, const char *registry, const int *held,
        size_t nheld, const char *left_on)
{
	struct page *p = ctx;
	struct qerr e = {0};
	json_t *item = carrier_rec_doc(car, &e);
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
	p->last = car->h.seq;
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

/* One entry of a carrier's journal as answered (NULL: out of memory). */
static json_t *
movement_json(const void *row)
{
	struct qerr e = {0};

	return movement_rec_doc(row, &e);
}

/* GET /v1/carriers/{id}/movements — the journal, paged. */
static int
h_carrier_movements(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;

	req_ops_ctx(r, &c);
	if (ops_carriers_seen(&c, r->params[0], e) != 0)
		return -1;
	return list_rows(r, out, ops_carriers_journal_each, r->params[0], movement_json, e);
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

/* The procedures are ops/inventories.c (workflow in core/inventory.h);
 * these handlers decode, call and encode. */

static json_t *
inventory_json(const struct inventory_rec *inv)
{
	bool closed = inv->state == INVENTORY_CLOSED;
	json_t *v, *d = closed ? json_array() : json_null(), *ids = closed ? json_array() : json_null();

	for (size_t i = 0; closed && d != NULL && i < inv->ndiscrepancies; i++) {
		const struct inventory_discrepancy_rec *x = &inv->discrepancies[i];
		json_t *o = x->kind == INVENTORY_MISSING
		        ? json_pack("{s:s, s:s, s:s?, s:I, s:s?, s:s?}", "kind", "missing",
		                    "carrier_id", x->carrier_id, "account_number", x->account_number,
		                    "copy_number", (json_int_t)x->copy_number, "holder",
		                    x->holder[0] ? x->holder : NULL, "label", x->label)
		        : json_pack("{s:s, s:s, s:s?, s:I, s:s?, s:s?}", "kind", "unexpected",
		                    "carrier_id", x->carrier_id, "account_number", x->account_number,
		                    "copy_number", (json_int_t)x->copy_number, "state", x->state,
		                    "org_id", x->org_id[0] ? x->org_id : NULL);

		if (json_array_append_new(d, o) != 0) {
			json_decref(d);
			d = NULL;
		}
	}
	for (size_t i = 0; closed && ids != NULL && i < inv->nincidents; i++)
		if (json_array_append_new(ids, json_string(inv->incidents[i].incident_id)) != 0) {
			json_decref(ids);
			ids = NULL;
		}
	if (d == NULL || ids == NULL) {
		json_decref(d);
		json_decref(ids);
		return NULL;
	}
	v = json_pack("{s:s, s:s, s:s, s:o, s:s, s:o, s:I, s:o, s:o, s:o, s:o}", "id", inv->h.id,
	              "org_id", inv->org_id, "state", inventory_state_names[inv->state],
	              "opened_on", json_date(inv->opened_on), "opened_by", inv->opened_by,
	              "closed_on", json_date(inv->closed_on), "marks", (json_int_t)inv->marks,
	              "checked", inv->checked == STORE_INT_NULL ? json_null()
	                                                        : json_integer(inv->checked),
	              "found", inv->found == STORE_INT_NULL ? json_null() : json_integer(inv->found),
	              "discrepancies", d, "incident_ids", ids);
	return v;
}

/* Answers the inventory a procedure returned and releases it. */
static int
inventory_answer(struct resp *out, int status, struct inventory_rec *inv, struct qerr *e)
{
	json_t *v = inventory_json(inv);

	inventory_rec_free(inv);
	if (v == NULL)
		return qerr_internal(e, "inventory: out of memory");
	resp_json(out, status, v);
	return 0;
}

/* POST /v1/inventories {org_id} */
static int
h_inventory_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct inventory_rec inv;

	if (req_json(r, inventory_fields, e) != 0)
		return -1;
	req_ops_ctx(r, &c);
	if (ops_inventory_open(&c, jsonv_str(r->json, "org_id"), &inv, e) != 0)
		return -1;
	return inventory_answer(out, 201, &inv, e);
}

/* GET /v1/inventories/{id} */
static int
h_inventory_get(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct inventory_rec inv;

	req_ops_ctx(r, &c);
	if (ops_inventory_get(&c, r->params[0], &inv, e) != 0)
		return -1;
	return inventory_answer(out, 200, &inv, e);
}

/* The body of a step on the inventory of the path: when it is bad, an
 * unknown inventory (404) or another organization's (403) is answered
 * instead (SPEC.md §5). */
static int
inventory_body(struct req *r, const struct jfield *fields, struct ops_ctx *c, struct qerr *e)
{
	req_ops_ctx(r, c);
	if (req_json(r, fields, e) != 0) {
		struct qerr ne = {0};

		if (ops_inventory_check(c, r->params[0], &ne) != 0)
			*e = ne;
		return -1;
	}
	req_ops_ctx(r, c);   /* the body's effective_date */
	return 0;
}

/* POST /v1/inventories/{id}/marks {carrier_id, copy_number, found} */
static int
h_inventory_mark(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct ops_inventory_mark_args a = {.inventory_id = r->params[0]};
	struct inventory_mark_rec m;
	bool created;
	json_t *v;

	if (inventory_body(r, mark_fields, &c, e) != 0)
		return -1;
	a.carrier_id = jsonv_str(r->json, "carrier_id");
	a.copy_number = jsonv_int(r->json, "copy_number", 0);
	a.found = jsonv_bool(r->json, "found", false);
	if (ops_inventory_mark(&c, &a, &m, &created, e) != 0)
		return -1;
	v = json_pack("{s:s, s:s, s:s, s:s, s:I, s:b, s:o, s:s}", "id", m.h.id, "kind",
	              "inventory_mark", "inventory_id", m.inventory_id, "carrier_id", m.carrier_id,
	              "copy_number", (json_int_t)m.copy_number, "found", m.found, "date",
	              json_date(m.date), "by", m.by);
	if (v == NULL)
		return qerr_internal(e, "inventory mark: out of memory");
	resp_json(out, created ? 201 : 200, v);
	return 0;
}

/* POST /v1/inventories/{id}/close */
static int
h_inventory_close(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct inventory_rec inv;

	if (inventory_body(r, empty_fields, &c, e) != 0 ||
	    ops_inventory_close(&c, r->params[0], &inv, e) != 0)
		return -1;
	return inventory_answer(out, 200, &inv, e);
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
