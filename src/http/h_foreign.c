/*
 * h_foreign.c — transfer of state secrets to a foreign state or an
 * international organization (Art. 27): the reasoned proposal agreed with
 * the disposing bodies, the authorized body's expert opinion, the
 * Government's decision (or a treaty that provides otherwise), the contract
 * with the receiving party, then the transfer. The steps, their order and
 * our readings are src/core/foreign.h.
 *
 * Record "foreign_transfer": org_id = the proposer, parent_id = the
 * recipient (an organization of kind foreign_state or international_org),
 * state = core/foreign.h state name, doc {id, proposer_org_id,
 * recipient_org_id, carrier_ids, justification, agreed_with, disposing_org_ids,
 * proposed_on, expert_opinion {positive, ref, date}, government_decision
 * {ref | treaty_ref, date}, contract {ref, date}, transferred_on, history}.
 *
 * The transfer moves each carrier to "transferred" (handed outside the
 * system: core/carrier.h carrier_transfer_out) with a "transferred_out"
 * journal entry under the proposer naming the recipient; the carrier keeps
 * its holder organization (the proposer's registry shows what left).
 *
 * Order (SPEC.md §5): 404 path id, 403 organization, 400 body, 404 body
 * ids, 409 states, 422 foreign_transfer_incomplete.
 *
 * SECURITY: bodies validated by field tables; ids only looked up.
 */
#include "http/http.h"

#include <stdlib.h>
#include <string.h>

#include "core/carrier.h"
#include "core/foreign.h"
#include "core/roles.h"
#include "core/transfer.h"
#include "http/custody.h"
#include "http/transfer_ops.h"
#include "http/util.h"

#define FT_READERS (ROLE_SECURITY_OFFICER | ROLE_HEAD | ROLE_NSC_OFFICER | \
                    ROLE_AUTHORIZED_BODY | ROLE_AUDITOR)

static const struct jfield proposal_fields[] = {
	{"proposer_org_id", JF_STRING, JF_REQUIRED, NULL, 0, STORE_ID_MAX - 1},
	{"recipient_org_id", JF_STRING, JF_REQUIRED, NULL, 0, STORE_ID_MAX - 1},
	{"carrier_ids", JF_STRINGS, JF_REQUIRED, NULL, 0, TRANSFER_CARRIERS_MAX},
	/* foreign_transfer_incomplete (Art. 27.1) needs them: absent is 422. */
	{"justification", JF_TEXT, JF_REQUIRED | JF_RULE, NULL, 0, 4000},
	{"agreed_with", JF_STRINGS, JF_REQUIRED | JF_RULE, NULL, 0, 100},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield opinion_fields[] = {
	{"positive", JF_BOOL, JF_REQUIRED, NULL, 0, 0},
	{"ref", JF_STRING, JF_REQUIRED, NULL, 0, 200},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield decision_fields[] = {
	{"ref", JF_STRING, 0, NULL, 0, 200},
	{"treaty_ref", JF_STRING, 0, NULL, 0, 200},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield contract_fields[] = {
	{"ref", JF_STRING, JF_REQUIRED, NULL, 0, 200},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield empty_fields[] = {{NULL, 0, 0, NULL, 0, 0}};

static bool
same(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

static bool
in_strings(const json_t *arr, const char *s)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v)
		if (same(json_string_value(v), s))
			return true;
	return false;
}

static struct ft_dates
ft_dates_of(const json_t *doc)
{
	struct ft_dates d = {
		.proposed_on = jsonv_date(doc, "proposed_on"),
		.opined_on = QDATE_NONE,
		.decided_on = jsonv_date(json_object_get(doc, "government_decision"), "date"),
		.contracted_on = jsonv_date(json_object_get(doc, "contract"), "date"),
	};
	const json_t *op = json_object_get(doc, "expert_opinion");

	if (jsonv_bool(op, "positive", false))
		d.opined_on = jsonv_date(op, "date");
	return d;
}

static void
ft_set_state(struct req *r, struct store_rec *ft, enum ft_state next, const char *step)
{
	json_t *h = json_object_get(ft->doc, "history");

	if (!json_is_array(h)) {
		h = json_array();
		json_object_set_new(ft->doc, "history", h);
	}
	json_array_append_new(h, json_pack("{s:s, s:s, s:s, s:o, s:s}", "from", ft->state, "to",
	                                   ft_state_name(next), "step", step, "date",
	                                   json_date(r->effective_date), "by", r->user.id));
	q_strlcpy(ft->state, ft_state_name(next), sizeof ft->state);
	json_object_set_new(ft->doc, "state", json_string(ft->state));
}

/* POST /v1/foreign-transfers — the reasoned proposal (Art. 27.1). */
static int
h_ft_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec prop = {0}, recip = {0}, rec = {0};
	const json_t *ids, *agreed;
	const char *pid, *just, *missing = NULL;
	json_t *v, *disposers = NULL;
	size_t i;

	if (req_json(r, proposal_fields, e) != 0)
		return -1;
	pid = jsonv_str(r->json, "proposer_org_id");
	if (req_org_scope(r, pid, e) != 0)
		return -1;
	ids = json_object_get(r->json, "carrier_ids");
	agreed = json_object_get(r->json, "agreed_with");
	just = jsonv_str(r->json, "justification");
	if (json_array_size(ids) == 0)
		return qerr_input(e, "invalid_value", "carrier_ids");
	if (tops_ids_unique(ids, "carrier_ids", e) != 0)
		return -1;
	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (rec_load_field(tx, "org", pid, &prop, "proposer_org_id", e) != 0 ||
	    rec_load_field(tx, "org", jsonv_str(r->json, "recipient_org_id"), &recip, "recipient_org_id",
	              e) != 0)
		goto fail;
	if (org_must_be_active(tx, prop.id, "proposer_org_id", e) != 0 ||   /* org_liquidated, */
	    org_must_be_active(tx, recip.id, "recipient_org_id", e) != 0)    /* Art. 28 */
		goto fail;
	if (!same(jsonv_str(recip.doc, "kind"), "foreign_state") &&
	    !same(jsonv_str(recip.doc, "kind"), "international_org")) {
		qerr_input(e, "invalid_value", "recipient_org_id");
		qerr_detail(e, "Art. 27 is for a foreign state or an international organization");
		goto fail;
	}
	json_array_foreach(agreed, i, v) {
		struct store_rec o = {0};

		if (rec_load_field(tx, "org", json_string_value(v), &o, "agreed_with", e) != 0)
			goto fail;
		store_rec_clear(&o);
	}
	disposers = json_array();
	json_array_foreach(ids, i, v) {
		struct store_rec car = {0};
		size_t k;
		json_t *info;

		if (rec_load_field(tx, "carrier", json_string_value(v), &car, "carrier_ids", e) != 0)
			goto fail;
		/* Custody per copy: every copy at home (none at an executor). */
		if (!same(car.org_id, pid) || !custody_all_home(car.doc) ||
		    transfer_movable(carrier_state_parse(car.state), tops_copies_out(car.doc), e) != 0) {
			if (!qerr_is_set(e)) {
				qerr_set(e, QERR_CONFLICT, "invalid_state", "27", "carrier_ids");
				qerr_detail_key(e, "not_held_by_proposer",
				                "carrier {carrier} is not held by the proposer",
				                "carrier", car.ref[0] ? car.ref : car.id, NULL);
			}
			store_rec_clear(&car);
			goto fail;
		}
		/* The disposing bodies (Art. 15) of the information carried. */
		json_array_foreach(json_object_get(car.doc, "information_ids"), k, info) {
			struct store_rec it = {0};

			if (store_rec_get(tx, "information", json_string_value(info), &it, e) != 0) {
				store_rec_clear(&car);
				goto fail;
			}
			if (!in_strings(disposers, it.org_id))
				json_array_append_new(disposers, json_string(it.org_id));
			store_rec_clear(&it);
		}
		store_rec_clear(&car);
	}
	json_array_foreach(disposers, i, v)
		if (missing == NULL && !in_strings(agreed, json_string_value(v)))
			missing = json_string_value(v);
	/* foreign_transfer_incomplete, Art. 27.1 */
	if (ft_proposal_check(just != NULL && just[0] != '\0', json_array_size(agreed), missing,
	                      e) != 0)
		goto fail;

	q_strlcpy(rec.kind, "foreign_transfer", sizeof rec.kind);
	store_id_new("ftransfer", rec.id);
	q_strlcpy(rec.org_id, pid, sizeof rec.org_id);
	q_strlcpy(rec.parent_id, recip.id, sizeof rec.parent_id);
	q_strlcpy(rec.state, ft_state_name(FT_PROPOSED), sizeof rec.state);
	rec.doc = json_pack("{s:s, s:s, s:s, s:O, s:s, s:O, s:O, s:o, s:s, s:s, s:[]}", "id",
	                    rec.id, "proposer_org_id", pid, "recipient_org_id", recip.id,
	                    "carrier_ids", ids, "justification", just, "agreed_with", agreed,
	                    "disposing_org_ids", disposers, "proposed_on",
	                    json_date(r->effective_date), "state", rec.state, "proposed_by",
	                    r->user.id, "history");
	if (rec.doc == NULL) {
		qerr_internal(e, "foreign transfer doc");
		goto fail;
	}
	if (rec_create_commit(r, out, &tx, &rec, "foreign_transfer.propose", NULL, e) != 0)
		goto fail;
	json_decref(disposers);
	store_rec_clear(&prop);
	store_rec_clear(&recip);
	store_rec_clear(&rec);
	return 0;
fail:
	store_rollback(tx);
	json_decref(disposers);
	store_rec_clear(&prop);
	store_rec_clear(&recip);
	store_rec_clear(&rec);
	return -1;
}

/* GET /v1/foreign-transfers/{id} */
static int
h_ft_get(struct req *r, struct resp *out, struct qerr *e)
{
	return get_scoped(r, out, "foreign_transfer", NULL, e);
}

/* Loads the record of the path for a write: 404, 403 (the proposer's, or
 * anyone of a role acting across: the authorized body), 400 body. */
static int
ft_for_write(struct req *r, struct store_tx **tx, struct store_rec *ft,
             const struct jfield *fields, struct qerr *e)
{
	if (tx_write(r, tx, e) != 0)
		return -1;
	if (rec_load(*tx, "foreign_transfer", r->params[0], ft, e) != 0 ||
	    req_org_scope(r, ft->org_id, e) != 0 || req_json(r, fields, e) != 0) {
		store_rollback(*tx);
		*tx = NULL;
		return -1;
	}
	return 0;
}

/* POST /v1/foreign-transfers/{id}/expert-opinion (Art. 27.2) */
static int
step_opinion(struct req *r, struct store_tx *tx, struct store_rec *ft,
             enum ft_state *next, struct qerr *e)
{
	struct ft_dates d;
	bool positive;

	(void)tx;   /* this step writes only the foreign transfer */
	positive = jsonv_bool(r->json, "positive", false);
	d = ft_dates_of(ft->doc);
	if (ft_opinion(ft_state_parse(ft->state), &d, r->effective_date, positive, next, e) != 0)
		return -1;
	json_object_set_new(ft->doc, "expert_opinion",
	                    json_pack("{s:b, s:s, s:o, s:s}", "positive", positive, "ref",
	                              jsonv_str(r->json, "ref"), "date",
	                              json_date(r->effective_date), "by", r->user.id));
	return 0;
}

/* POST /v1/foreign-transfers/{id}/government-decision {ref} | {treaty_ref}
 * (Art. 27.3) */
static int
step_decision(struct req *r, struct store_tx *tx, struct store_rec *ft,
              enum ft_state *next, struct qerr *e)
{
	struct ft_dates d;
	const char *ref, *treaty;

	(void)tx;   /* this step writes only the foreign transfer */
	ref = jsonv_str(r->json, "ref");
	treaty = jsonv_str(r->json, "treaty_ref");
	if (ref != NULL && treaty != NULL) {
		qerr_input(e, "invalid_value", "treaty_ref");
		qerr_detail(e, "a decision or a treaty that replaces it, not both");
		return -1;
	}
	d = ft_dates_of(ft->doc);
	if (ft_decision(ft_state_parse(ft->state), &d, r->effective_date, next, e) != 0)
		return -1;
	if (ref == NULL && treaty == NULL) {
		/* foreign_transfer_incomplete, Art. 27.3: the decision itself. */
		qerr_set(e, QERR_RULE, "foreign_transfer_incomplete", "27", "government_decision");
		qerr_detail(e, "missing step: government_decision (its ref, or a treaty_ref)");
		return -1;
	}
	json_object_set_new(ft->doc, "government_decision",
	                    json_pack("{s:s?, s:s?, s:o, s:s}", "ref", ref, "treaty_ref", treaty,
	                              "date", json_date(r->effective_date), "by", r->user.id));
	return 0;
}

/* POST /v1/foreign-transfers/{id}/contract (Art. 27.4) */
static int
step_contract(struct req *r, struct store_tx *tx, struct store_rec *ft,
              enum ft_state *next, struct qerr *e)
{
	struct ft_dates d;

	(void)tx;   /* this step writes only the foreign transfer */
	d = ft_dates_of(ft->doc);
	if (ft_contract(ft_state_parse(ft->state), &d, r->effective_date, next, e) != 0)
		return -1;
	json_object_set_new(ft->doc, "contract",
	                    json_pack("{s:s, s:o, s:s}", "ref", jsonv_str(r->json, "ref"), "date",
	                              json_date(r->effective_date), "by", r->user.id));
	return 0;
}

/* POST /v1/foreign-transfers/{id}/transfer — the carriers leave the system. */
static int
step_transfer(struct req *r, struct store_tx *tx, struct store_rec *ft,
              enum ft_state *next, struct qerr *e)
{
	struct ft_dates d;
	size_t i;
	json_t *v;
	int rc;

	d = ft_dates_of(ft->doc);
	/* 409 for the carriers comes before the 422 of a missing step. */
	json_array_foreach(json_object_get(ft->doc, "carrier_ids"), i, v) {
		struct store_rec car = {0};

		if (store_rec_get(tx, "carrier", json_string_value(v), &car, e) != 0)
			return -1;
		rc = !same(car.org_id, ft->org_id)
		   ? qerr_set(e, QERR_CONFLICT, "invalid_state", "27", "carrier_ids")
		   : transfer_movable(carrier_state_parse(car.state), tops_copies_out(car.doc), e);
		if (rc == 0)   /* a whole-carrier act waits while a copy is away */
			rc = custody_home_check(car.doc, e);
		store_rec_clear(&car);
		if (rc != 0)
			return -1;
	}
	if (ft_transfer(ft_state_parse(ft->state), &d, r->effective_date, next, e) != 0)
		return -1;
	json_array_foreach(json_object_get(ft->doc, "carrier_ids"), i, v) {
		struct store_rec car = {0};
		enum carrier_state cs;
		json_t *extra;

		if (store_rec_get(tx, "carrier", json_string_value(v), &car, e) != 0)
			return -1;
		if (carrier_transfer_out(carrier_state_parse(car.state), tops_copies_out(car.doc), &cs,
		                         e) != 0) {
			store_rec_clear(&car);
			return -1;
		}
		q_strlcpy(car.state, carrier_state_name(cs), sizeof car.state);
		json_object_set_new(car.doc, "state", json_string(car.state));
		json_object_set_new(car.doc, "transferred_to",
		                    json_pack("{s:s, s:s, s:o}", "org_id", ft->parent_id,
		                              "foreign_transfer_id", ft->id, "date",
		                              json_date(r->effective_date)));
		extra = json_pack("{s:s, s:s, s:s}", "to_org_id", ft->parent_id, "foreign_transfer_id",
		                  ft->id, "basis", "art27");
		rc = tops_movement_add(r, tx, &car, car.org_id, "transferred_out", extra, e);
		json_decref(extra);
		if (rc == 0)
			rc = store_rec_update(tx, &car, e);
		store_rec_clear(&car);
		if (rc != 0)
			return -1;
	}
	json_object_set_new(ft->doc, "transferred_on", json_date(r->effective_date));
	return 0;
}

/* ============================ The steps ================================== */

/* A step of Art. 27 after the proposal: the body it takes, its name in the
 * history, its audit action, and apply(), which checks the step, writes it
 * into ft (and the carriers it moves, through tx) and gives the next state;
 * 0 or -1 with e set. */
struct ft_step {
	const struct jfield *fields;
	const char *name;
	const char *action;
	int (*apply)(struct req *r, struct store_tx *tx, struct store_rec *ft,
	             enum ft_state *next, struct qerr *e);
};

enum { FS_OPINION, FS_DECISION, FS_CONTRACT, FS_TRANSFER };

static const struct ft_step ft_steps[] = {
	[FS_OPINION] = {opinion_fields, "expert_opinion", "foreign_transfer.expert_opinion",
	                step_opinion},
	[FS_DECISION] = {decision_fields, "government_decision",
	                 "foreign_transfer.government_decision", step_decision},
	[FS_CONTRACT] = {contract_fields, "contract", "foreign_transfer.contract", step_contract},
	[FS_TRANSFER] = {empty_fields, "transfer", "foreign_transfer.transfer", step_transfer},
};

/* The flow every step shares: ft_for_write (404, 403, 400), apply, the new
 * state with its history entry, then rec_update_commit (200 with the doc). A
 * refusal rolls back. */
static int
ft_step_run(struct req *r, struct resp *out, int step, struct qerr *e)
{
	const struct ft_step *s = &ft_steps[step];
	struct store_tx *tx = NULL;
	struct store_rec ft = {0};
	enum ft_state next = FT_UNKNOWN;
	int rc = -1;

	if (ft_for_write(r, &tx, &ft, s->fields, e) != 0)
		goto done;
	if (s->apply(r, tx, &ft, &next, e) != 0) {
		store_rollback(tx);
		goto done;
	}
	ft_set_state(r, &ft, next, s->name);
	rc = rec_update_commit(r, out, &tx, &ft, s->action, NULL, e);
	store_rollback(tx);   /* still open only when the update failed */
done:
	store_rec_clear(&ft);
	return rc;
}

static int
h_ft_opinion(struct req *r, struct resp *out, struct qerr *e)
{
	return ft_step_run(r, out, FS_OPINION, e);
}

static int
h_ft_decision(struct req *r, struct resp *out, struct qerr *e)
{
	return ft_step_run(r, out, FS_DECISION, e);
}

static int
h_ft_contract(struct req *r, struct resp *out, struct qerr *e)
{
	return ft_step_run(r, out, FS_CONTRACT, e);
}

static int
h_ft_transfer(struct req *r, struct resp *out, struct qerr *e)
{
	return ft_step_run(r, out, FS_TRANSFER, e);
}

const struct route h_foreign_routes[] = {
	{"POST", "/v1/foreign-transfers", ROLE_SECURITY_OFFICER, 0, h_ft_create},
	{"GET", "/v1/foreign-transfers/{}", FT_READERS, 0, h_ft_get},
	{"POST", "/v1/foreign-transfers/{}/expert-opinion", ROLE_AUTHORIZED_BODY, 0, h_ft_opinion},
	{"POST", "/v1/foreign-transfers/{}/government-decision", ROLE_AUTHORIZED_BODY, 0,
	 h_ft_decision},
	{"POST", "/v1/foreign-transfers/{}/contract", ROLE_SECURITY_OFFICER, 0, h_ft_contract},
	{"POST", "/v1/foreign-transfers/{}/transfer", ROLE_SECURITY_OFFICER, 0, h_ft_transfer},
	{NULL, NULL, 0, 0, NULL},
};
