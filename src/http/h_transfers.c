/*
 * h_transfers.c — transfers of carriers between state bodies and
 * organizations (Art. 25, 26.1; R743 p.11) and the liquidation of an
 * organization (Art. 28; R743 p.10). The rules are src/core/transfer.h.
 *
 * Record "transfer" (the transfer act): org_id = the sender, parent_id =
 * the recipient, state "done", doc {id, from_org_id, to_org_id, carrier_ids,
 * basis, sanction_ref, successor_ref, authorized_body_ref, act_number,
 * joint_work_id, date, by, carriers:[{carrier_id, copy_numbers}]}.
 * Custody per copy (http/custody.h): carrier_ids moves every copy the
 * sender holds, carriers[] the copies named; only copies the sender holds
 * move. Moving every copy moves the record (org_id); moving some moves
 * those copies alone. The journal gets "transferred" under the sender and
 * "received" under the recipient (http/transfer_ops.h), and doc.departed
 * the date: the sender's registry keeps what left and when (GET
 * /v1/carriers?org_id=, GET /v1/transfers?org_id=, the movements).
 *
 * Basis of a transfer without a sanction (Art. 25.1; core/transfer.h):
 * "subordination", "joint_work" (the carriers go to the executor of an
 * open joint work of the sender and follow its rules: annex, notice,
 * permit — the same code path as POST /v1/joint-works/{id}/transfer),
 * "disposing_body", "successor" (successor_ref), "authorized_body_decision"
 * (authorized_body_ref); otherwise "sanction" (sanction_ref) or 422
 * sanction_required.
 *
 * Liquidation (POST /v1/orgs/{id}/liquidate): joint works in which the
 * organization is the executor end and their carriers return to their
 * customers (R743 p.10, second part); then liquidation_blocked (422) lists
 * in error.carriers every carrier still registered or issued there
 * ({id, account_number, label, state, joint_work_id}) and in
 * error.joint_works every joint work it still orders without an addendum
 * naming an assignee (R743 p.10, first part); else the organization is
 * "liquidated" (successor_org_id recorded). Nothing is written on refusal.
 *
 * Order (SPEC.md §5): 404 path id, 403 organization, 400 body, 404 body
 * ids, 409 states, 422 rules.
 *
 * SECURITY: bodies validated by field tables; ids only looked up; the
 * sender's organization scopes who may transfer.
 */
#include "http/http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/carrier.h"
#include "core/degree.h"
#include "core/joint_work.h"
#include "core/roles.h"
#include "core/transfer.h"
#include "http/custody.h"
#include "http/jsonv.h"
#include "http/transfer_ops.h"
#include "http/util.h"

#define TRANSFER_READERS (ROLE_SECURITY_OFFICER | ROLE_HEAD | ROLE_NSC_OFFICER | \
                          ROLE_AUTHORIZED_BODY | ROLE_AUDITOR)

static const struct jfield transfer_fields[] = {
	{"carrier_ids", JF_STRINGS, 0, NULL, 0, TRANSFER_CARRIERS_MAX},
	{"carriers", JF_ARRAY, 0, NULL, 0, TRANSFER_CARRIERS_MAX},
	{"to_org_id", JF_STRING, JF_REQUIRED, NULL, 0, STORE_ID_MAX - 1},
	{"sanction_ref", JF_STRING, 0, NULL, 0, 200},
	{"successor_ref", JF_STRING, 0, NULL, 0, 200},
	{"authorized_body_ref", JF_STRING, 0, NULL, 0, 200},
	{"act_number", JF_STRING, 0, NULL, 0, 200},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield transfer_carrier_fields[] = {
	{"carrier_id", JF_STRING, JF_REQUIRED, NULL, 0, STORE_ID_MAX - 1},
	{"copy_numbers", JF_ARRAY, JF_REQUIRED, NULL, 0, CARRIER_COPIES_MAX},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield liquidate_fields[] = {
	{"successor_org_id", JF_STRING, 0, NULL, 0, STORE_ID_MAX - 1},
	{NULL, 0, 0, NULL, 0, 0},
};

static bool
same(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* *out: the recipient disposes of every information item of the carriers
 * (Art. 15: the information's organization). */
static int
recipient_disposes(struct store_tx *tx, const struct store_rec *cars, size_t n,
                   const char *to, bool *out, struct qerr *e)
{
	*out = true;
	for (size_t i = 0; i < n && *out; i++) {
		size_t k;
		json_t *v;

		json_array_foreach(json_object_get(cars[i].doc, "information_ids"), k, v) {
			struct store_rec info = {0};

			if (store_rec_get(tx, "information", json_string_value(v), &info, e) != 0)
				return -1;
			if (!same(info.org_id, to))
				*out = false;
			store_rec_clear(&info);
			if (!*out)
				break;
		}
	}
	return 0;
}

/* The carriers of the body: carrier_ids[] (every copy the sender holds)
 * or carriers:[{carrier_id, copy_numbers[]}] (the copies named). 400 for
 * neither, both, or a malformed entry. *ids: a new array of the ids. */
static int
transfer_selection(struct req *r, json_t **ids, const json_t **sel, struct qerr *e)
{
	const json_t *cids = json_object_get(r->json, "carrier_ids");
	const json_t *cars = json_object_get(r->json, "carriers");
	size_t i;
	json_t *c;

	*ids = NULL;
	*sel = NULL;
	if (cids == NULL && cars == NULL)
		return qerr_input(e, "missing_field", "carrier_ids");
	if (cids != NULL && cars != NULL) {
		qerr_input(e, "invalid_value", "carriers");
		qerr_detail(e, "carrier_ids or carriers, not both");
		return -1;
	}
	if (cids != NULL) {
		*ids = json_incref((json_t *)cids);
		return 0;
	}
	*ids = json_array();
	if (*ids == NULL)
		return qerr_internal(e, "transfer: out of memory");
	json_array_foreach(cars, i, c) {
		char prefix[48];
		json_t *n;
		size_t k;

		snprintf(prefix, sizeof prefix, "carriers[%zu]", i);
		if (!json_is_object(c))
			return qerr_input(e, "invalid_type", prefix);
		if (jsonv_check(c, transfer_carrier_fields, prefix, e) != 0)
			return -1;
		json_array_foreach(json_object_get(c, "copy_numbers"), k, n) {
			if (!json_is_integer(n) || json_integer_value(n) < 1 ||
			    json_integer_value(n) > CARRIER_COPIES_MAX) {
				snprintf(prefix, sizeof prefix, "carriers[%zu].copy_numbers", i);
				return qerr_input(e, "invalid_value", prefix);
			}
		}
		json_array_append(*ids, json_object_get(c, "carrier_id"));
	}
	*sel = cars;
	return 0;
}

/* The copy numbers the selection names for car (new reference), or, with
 * carrier_ids, every copy `from` holds outright (409 when none). */
static json_t *
transfer_copies(const json_t *sel, const struct store_rec *car, const char *from,
                struct qerr *e)
{
	size_t i;
	json_t *c, *nums;

	json_array_foreach(sel, i, c)
		if (same(jsonv_str(c, "carrier_id"), car->id))
			return json_incref(json_object_get(c, "copy_numbers"));
	nums = tops_copies_held(car->doc, from);
	if (nums == NULL) {
		qerr_internal(e, "transfer: out of memory");
		return NULL;
	}
	if (sel == NULL && json_array_size(nums) == 0) {
		json_decref(nums);
		qerr_set(e, QERR_CONFLICT, "invalid_state", "26", "carrier_ids");
		if (custody_org_holds(car->doc, from))
			qerr_detail_key(e, "held_under_joint_work",
			                "carrier {carrier} is held under a joint work; it returns on close",
			                "carrier", car->ref[0] ? car->ref : car->id, NULL);
		else
			qerr_detail_key(e, "sender_holds_no_copy",
			                "the sender holds no copy of carrier {carrier}", "carrier",
			                car->ref[0] ? car->ref : car->id, NULL);
		return NULL;
	}
	return nums;
}

/* POST /v1/transfers {carrier_ids[] | carriers:[{carrier_id, copy_numbers}],
 * to_org_id, sanction_ref?, ...} */
static int
h_transfer_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec to = {0}, jw = {0}, rec = {0}, *cars = NULL;
	struct transfer_basis b = {0};
	json_t *ids = NULL, **nums = NULL, *moved = NULL;
	const json_t *sel = NULL;
	const char *to_id, *from = r->user.org_id, *basis;
	bool jw_found = false;
	size_t n = 0, i;
	json_t *v, *extra = NULL;
	int ret = -1;

	if (req_json(r, transfer_fields, e) != 0)
		return -1;
	if (transfer_selection(r, &ids, &sel, e) != 0)
		goto done;
	to_id = jsonv_str(r->json, "to_org_id");
	n = json_array_size(ids);
	if (n == 0) {
		qerr_input(e, "invalid_value", sel != NULL ? "carriers" : "carrier_ids");
		goto done;
	}
	if (tops_ids_unique(ids, "carrier_ids", e) != 0)
		goto done;
	cars = calloc(n, sizeof *cars);
	nums = calloc(n, sizeof *nums);
	moved = json_array();
	if (cars == NULL || nums == NULL || moved == NULL) {
		qerr_internal(e, "transfer: out of memory");
		goto done;
	}
	if (tx_write(r, &tx, e) != 0)
		goto done;
	json_array_foreach(ids, i, v)
		if (rec_load_field(tx, "carrier", json_string_value(v), &cars[i], "carrier_ids", e) != 0)
			goto done;
	/* 403: the sender's security officer transfers what its organization
	 * has to do with (custody per copy, http/custody.h). */
	for (i = 0; i < n; i++) {
		bool concerned = custody_org_holds(cars[i].doc, from) ||
		                 same(cars[i].org_id, from);

		/* A sender that holds no copy (e.g. it sent them all) sees the
		 * record but may not act on it: 403. */
		if (!concerned && req_org_scope(r, cars[i].org_id, e) != 0)
			goto done;
		if (!concerned) {
			/* A cross-organization user sends for the carrier's holder. */
			if (i > 0) {
				qerr_input(e, "invalid_value", "carrier_ids");
				qerr_detail(e, "one act transfers carriers of one holder");
				goto done;
			}
			from = cars[0].org_id;
		}
	}
	if (rec_load_field(tx, "org", to_id, &to, "to_org_id", e) != 0)
		goto done;
	if (same(to.id, from)) {
		qerr_input(e, "invalid_value", "to_org_id");
		qerr_detail(e, "the carriers are already held there");
		goto done;
	}
	if (same(jsonv_str(to.doc, "kind"), "foreign_state") ||
	    same(jsonv_str(to.doc, "kind"), "international_org")) {
		qerr_input(e, "invalid_value", "to_org_id");
		qerr_detail(e, "a foreign recipient is Art. 27: /v1/foreign-transfers");
		goto done;
	}
	/* org_liquidated (Art. 28): neither party is liquidated. */
	if (org_must_be_active(tx, from, "carrier_ids", e) != 0 ||
	    org_must_be_active(tx, to.id, "to_org_id", e) != 0)
		goto done;
	for (i = 0; i < n; i++) {
		enum carrier_state cs = carrier_state_parse(cars[i].state);
		int nout;

		nums[i] = transfer_copies(sel, &cars[i], from, e);
		if (nums[i] == NULL)
			goto done;
		nout = tops_copies_check(cars[i].doc, from, NULL, nums[i],
		                         sel != NULL ? "carriers" : "carrier_ids", e);
		if (nout < 0)
			goto done;
		/* Another copy issued at home does not hold these back. */
		if (transfer_movable(cs == CARRIER_ISSUED && nout == 0 ? CARRIER_REGISTERED : cs,
		                     nout, e) != 0)
			goto done;
		json_array_append_new(moved, json_pack("{s:s, s:O}", "carrier_id", cars[i].id,
		                                       "copy_numbers", nums[i]));
	}

	/* Under a joint work the joint work's rules decide (Art. 25.1, 26). */
	if (hjw_find(tx, from, to.id, &jw, &jw_found, e) != 0)
		goto done;
	if (jw_found) {
		if (hjw_transfer_carriers(r, tx, &jw, ids, sel, e) != 0 ||
		    store_rec_update(tx, &jw, e) != 0)
			goto done;
		b.joint_work = true;
	} else {
		if (tops_subordinated(tx, from, to.id, &b.subordinated, e) != 0 ||
		    recipient_disposes(tx, cars, n, to.id, &b.recipient_disposes, e) != 0)
			goto done;
		b.successor = jsonv_has(r->json, "successor_ref");
		b.authorized_body = jsonv_has(r->json, "authorized_body_ref");
		b.sanction = jsonv_has(r->json, "sanction_ref");
		/* sanction_required, Art. 25.1 */
		if (transfer_sanction_check(&b, e) != 0)
			goto done;
		/* recipient_permit_missing, Art. 26.1, R743 p.11 (Art. 25.2, 34) */
		for (i = 0; i < n; i++) {
			if (tops_org_permit_check(r, tx, to.id,
			                          degree_parse(jsonv_str(cars[i].doc, "label")), e) != 0) {
				q_strlcpy(e->field, "to_org_id", sizeof e->field);
				goto done;
			}
		}
	}
	basis = b.joint_work ? "joint_work" : b.subordinated ? "subordination"
	      : b.recipient_disposes ? "disposing_body" : b.successor ? "successor"
	      : b.authorized_body ? "authorized_body_decision" : "sanction";

	q_strlcpy(rec.kind, "transfer", sizeof rec.kind);
	store_id_new("transfer", rec.id);
	q_strlcpy(rec.org_id, from, sizeof rec.org_id);
	q_strlcpy(rec.parent_id, to.id, sizeof rec.parent_id);
	q_strlcpy(rec.state, "done", sizeof rec.state);
	rec.doc = json_pack("{s:s, s:s, s:s, s:O, s:O, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:o,"
	                    " s:s, s:s}",
	                    "id", rec.id, "from_org_id", from, "to_org_id", to.id, "carrier_ids",
	                    ids, "carriers", moved, "basis", basis, "sanction_ref",
	                    jsonv_str(r->json, "sanction_ref"),
	                    "successor_ref", jsonv_str(r->json, "successor_ref"),
	                    "authorized_body_ref", jsonv_str(r->json, "authorized_body_ref"),
	                    "act_number", jsonv_str(r->json, "act_number"), "joint_work_id",
	                    jw_found ? jw.id : NULL, "date", json_date(r->effective_date), "by",
	                    r->user.id, "state", "done");
	if (rec.doc == NULL) {
		qerr_internal(e, "transfer doc");
		goto done;
	}
	if (!jw_found) {
		extra = json_pack("{s:s, s:s}", "transfer_id", rec.id, "basis", basis);
		for (i = 0; i < n; i++)
			if (tops_copies_move(r, tx, &cars[i], from, to.id, NULL, nums[i], NULL, extra,
			                     e) != 0)
				goto done;
	}
	if (rec_create_commit(r, out, &tx, &rec, "transfer.create", NULL, e) != 0)
		goto done;
	ret = 0;
done:
	store_rollback(tx);
	json_decref(extra);
	for (i = 0; cars != NULL && i < n; i++) {
		store_rec_clear(&cars[i]);
		if (nums != NULL)
			json_decref(nums[i]);
	}
	free(cars);
	free(nums);
	json_decref(ids);
	json_decref(moved);
	store_rec_clear(&to);
	store_rec_clear(&jw);
	store_rec_clear(&rec);
	return ret;
}

/* GET /v1/transfers/{id}: the sender, the recipient, or across. */
static int
h_transfer_get(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec rec = {0};
	int rc;

	if (tx_read(r, &tx, e) != 0)
		return -1;
	rc = rec_load(tx, "transfer", r->params[0], &rec, e);
	store_rollback(tx);
	if (rc == 0 && req_org_scope(r, rec.org_id, e) != 0) {
		qerr_clear(e);
		rc = req_org_scope(r, rec.parent_id, e);
	}
	if (rc == 0)
		resp_json(out, 200, json_incref(rec.doc));
	store_rec_clear(&rec);
	return rc;
}

/* GET /v1/transfers?org_id=&to_org_id= — the acts a sender made (what left). */
static int
h_transfer_list(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_query q = {.kind = "transfer", .org_id = http_query(r, "org_id"),
	                        .parent_id = http_query(r, "to_org_id")};

	if (req_org_filter(r, &q.org_id, e) != 0)
		return -1;
	return list_records(r, out, &q, e);
}

/* ============================== Liquidation ================================ */

struct liq_ctx {
	struct req *r;
	struct store_tx *tx;
	const char *org;
	json_t *carriers;       /* held: blocks */
	json_t *joint_works;    /* open as customer: blocks */
	json_t *as_executor;    /* ids of joint works to end (R743 p.10) */
	struct qerr *e;
};

static bool
in_array_str(const json_t *arr, const char *s)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v)
		if (same(json_string_value(v), s))
			return true;
	return false;
}

static int
held_cb(void *ctx, const struct store_rec *car)
{
	struct liq_ctx *c = ctx;
	const char *jw = jsonv_str(car->doc, "joint_work_id");
	bool block = false;
	json_t *copy;
	size_t i;

	/* Custody per copy: the copies the organization holds. One held as
	 * the executor of a joint work that ends now, and not issued, returns
	 * to its customer; any other blocks. Its own registry's carrier blocks
	 * even with every copy away. */
	json_array_foreach(json_object_get(car->doc, "copies"), i, copy) {
		const char *cjw = custody_copy_joint_work(copy);

		if (!custody_copy_held_by(car->doc, copy, c->org))
			continue;
		if (cjw != NULL && in_array_str(c->as_executor, cjw) &&
		    carrier_copy_state_parse(jsonv_str(copy, "state")) != CARRIER_COPY_ISSUED)
			continue;
		block = true;
		if (cjw != NULL)
			jw = cjw;
	}
	if (!block && same(car->org_id, c->org) && !custody_org_holds(car->doc, c->org))
		block = true;
	if (!block)
		return 0;
	json_array_append_new(c->carriers,
	                      json_pack("{s:s, s:s, s:s?, s:s, s:s?}", "id", car->id,
	                                "account_number", car->ref, "label",
	                                jsonv_str(car->doc, "label"), "state", car->state,
	                                "joint_work_id", jw));
	return 0;
}

static int
jw_customer_cb(void *ctx, const struct store_rec *jw)
{
	struct liq_ctx *c = ctx;
	enum jw_state s = jw_state_parse(jw->state);

	if (s == JW_REFUSED || s == JW_CLOSED || s == JW_CANCELLED)
		return 0;
	json_array_append_new(c->joint_works, json_pack("{s:s, s:s}", "id", jw->id, "state",
	                                                jw->state));
	return 0;
}

static int
jw_executor_cb(void *ctx, const struct store_rec *jw)
{
	struct liq_ctx *c = ctx;
	enum jw_state s = jw_state_parse(jw->state);

	if (!same(jsonv_str(jw->doc, "executor_org_id"), c->org) || s == JW_REFUSED ||
	    s == JW_CLOSED || s == JW_CANCELLED)
		return 0;
	json_array_append_new(c->as_executor, json_string(jw->id));
	return 0;
}

/* POST /v1/orgs/{id}/liquidate {successor_org_id?} (Art. 28) */
static int
h_org_liquidate(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec org = {0}, succ = {0};
	struct liq_ctx c = {.r = r, .e = e};
	const char *succ_id;
	size_t i;
	json_t *v;
	int ret = -1;

	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (rec_load(tx, "org", r->params[0], &org, e) != 0 || req_org_scope(r, org.id, e) != 0 ||
	    req_json(r, liquidate_fields, e) != 0)
		goto done;
	succ_id = jsonv_str(r->json, "successor_org_id");
	if (succ_id != NULL && rec_load_field(tx, "org", succ_id, &succ, "successor_org_id", e) != 0)
		goto done;
	if (same(succ_id, org.id)) {
		qerr_input(e, "invalid_value", "successor_org_id");
		goto done;
	}
	if (same(org.state, "liquidated")) {
		qerr_set(e, QERR_CONFLICT, "invalid_state", "28", NULL);
		qerr_detail(e, "the organization is already liquidated");
		goto done;
	}
	c.tx = tx;
	c.org = org.id;
	c.carriers = json_array();
	c.joint_works = json_array();
	c.as_executor = json_array();
	{
		struct store_query q = {.kind = "joint_work", .parent_id = org.id};

		if (store_rec_walk(tx, &q, jw_executor_cb, &c, e) != 0)
			goto done;
	}
	{
		struct store_query q = {.kind = "joint_work", .org_id = org.id};

		if (store_rec_walk(tx, &q, jw_customer_cb, &c, e) != 0)
			goto done;
	}
	{
		static const char *const held[] = {"registered", "issued"};

		for (i = 0; i < sizeof held / sizeof held[0]; i++) {
			/* Every carrier the organization registers or holds a copy of. */
			struct store_query q = {.kind = "carrier", .state = held[i]};
			struct store_tag t = {STORE_TAG_PARTY, org.id};

			if (store_rec_walk_tagged(tx, &q, &t, 1, held_cb, &c, e) != 0)
				goto done;
		}
	}
	/* liquidation_blocked, Art. 28 (R743 p.10) */
	if (transfer_liquidation_check(json_array_size(c.carriers), json_array_size(c.joint_works),
	                               e) != 0) {
		store_rollback(tx);
		tx = NULL;
		ret = tops_refuse_with(r, out, e, json_pack("{s:O, s:O}", "carriers", c.carriers,
		                                             "joint_works", c.joint_works));
		goto done;
	}
	/* R743 p.10: the executor's joint works end; carriers go back. */
	json_array_foreach(c.as_executor, i, v) {
		struct store_rec jw = {0};

		if (store_rec_get(tx, "joint_work", json_string_value(v), &jw, e) != 0)
			goto done;
		if (hjw_end(r, tx, &jw, "closed", "executor_liquidated", e) != 0 ||
		    store_rec_update(tx, &jw, e) != 0) {
			store_rec_clear(&jw);
			goto done;
		}
		store_rec_clear(&jw);
	}
	q_strlcpy(org.state, "liquidated", sizeof org.state);
	json_object_set_new(org.doc, "state", json_string("liquidated"));
	json_object_set_new(org.doc, "liquidated_on", json_date(r->effective_date));
	json_object_set_new(org.doc, "successor_org_id", succ_id ? json_string(succ_id) : json_null());
	if (store_rec_update(tx, &org, e) != 0)
		goto done;
	if (tx_commit_audited(r, tx, "org.liquidate", org.id, NULL, e) != 0) {
		tx = NULL;
		goto done;
	}
	tx = NULL;
	resp_json(out, 200, json_incref(org.doc));
	ret = 0;
done:
	store_rollback(tx);
	json_decref(c.carriers);
	json_decref(c.joint_works);
	json_decref(c.as_executor);
	store_rec_clear(&org);
	store_rec_clear(&succ);
	return ret;
}

const struct route h_transfers_routes[] = {
	{"POST", "/v1/transfers", ROLE_SECURITY_OFFICER, 0, h_transfer_create},
	{"GET", "/v1/transfers", TRANSFER_READERS, 0, h_transfer_list},
	{"GET", "/v1/transfers/{}", TRANSFER_READERS, 0, h_transfer_get},
	{"POST", "/v1/orgs/{}/liquidate", ROLE_ADMIN | ROLE_HEAD, 0, h_org_liquidate},
	{NULL, NULL, 0, 0, NULL},
};
