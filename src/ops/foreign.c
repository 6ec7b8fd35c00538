/*
 * foreign.c — transfer of state secrets abroad (Art. 27), one procedure
 * per step: see foreign.h.
 *
 * The records are still JSON documents of the record table (ops/jrec.h):
 * jansson is used here as their form until the typed tables land; every
 * jansson call is checked and a failure rolls the step back.
 *
 * SECURITY: ids come from validated arguments and are only looked up.
 */
#include "ops/foreign.h"

#include <string.h>

#include "core/carrier.h"
#include "core/foreign.h"
#include "core/transfer.h"
#include "ops/custody.h"
#include "ops/moves.h"
#include "ops/orgs.h"

static struct ft_dates
ft_dates_of(const json_t *doc)
{
	struct ft_dates d = {
		.proposed_on = ops_docs_date(doc, "proposed_on"),
		.opined_on = QDATE_NONE,
		.decided_on = ops_docs_date(json_object_get(doc, "government_decision"), "date"),
		.contracted_on = ops_docs_date(json_object_get(doc, "contract"), "date"),
	};
	const json_t *op = json_object_get(doc, "expert_opinion");

	if (ops_docs_bool(op, "positive", false))
		d.opined_on = ops_docs_date(op, "date");
	return d;
}

static int
ft_set_state(const struct ops_ctx *c, struct store_rec *ft, enum ft_state next,
             const char *step, struct qerr *e)
{
	if (jrec_append(jrec_array(ft->doc, "history"),
	                json_pack("{s:s, s:s, s:s, s:o, s:s}", "from", ft->state, "to",
	                          ft_state_name(next), "step", step, "date",
	                          ops_docs_json_date(c->effective_date), "by",
	                          c->actor.user_id)) != 0 ||
	    ops_docs_set_state(ft, ft_state_name(next), e) != 0)
		return qerr_internal(e, "foreign transfer: out of memory");
	return 0;
}

static int
ft_put(json_t *doc, const char *key, json_t *v, struct qerr *e)
{
	if (ops_details_set(doc, key, v) != 0)
		return qerr_internal(e, "foreign transfer: out of memory");
	return 0;
}

/* A carrier of the proposal: held by the proposer with every copy at home
 * (none at an executor) and movable (409 otherwise); its disposing bodies
 * (Art. 15: the organizations of the information carried) join
 * disposers. */
static int
proposal_carrier(struct store_tx *tx, const char *pid, const char *id, json_t *disposers,
                 struct qerr *e)
{
	struct store_rec car = {0};
	size_t k;
	json_t *info;
	int rc = -1;

	if (ops_docs_load(tx, "carrier", id, &car, "carrier_ids", e) != 0)
		return -1;
	if (!jrec_same(car.org_id, pid) || !custody_all_home(car.doc) ||
	    transfer_movable(carrier_state_parse(car.state), ops_copies_out(car.doc), e) != 0) {
		if (!qerr_is_set(e)) {
			qerr_set(e, QERR_CONFLICT, "invalid_state", "27", "carrier_ids");
			qerr_detail_key(e, "not_held_by_proposer",
			                "carrier {carrier} is not held by the proposer", "carrier",
			                car.ref[0] ? car.ref : car.id, NULL);
		}
		goto done;
	}
	json_array_foreach(json_object_get(car.doc, "information_ids"), k, info) {
		struct store_rec it = {0};
		int ok;

		if (store_rec_get(tx, "information", json_string_value(info), &it, e) != 0)
			goto done;
		ok = jrec_has_str(disposers, it.org_id) ||
		     jrec_append(disposers, json_string(it.org_id)) == 0;
		store_rec_clear(&it);
		if (!ok) {
			qerr_internal(e, "foreign transfer: out of memory");
			goto done;
		}
	}
	rc = 0;
done:
	store_rec_clear(&car);
	return rc;
}

/* The parties: 404 each, org_liquidated (Art. 28), 400 a recipient that is
 * not foreign, 404 each body agreed with. */
static int
proposal_parties(struct store_tx *tx, const struct ops_foreign_propose_args *a,
                 struct org_rec *recip, struct qerr *e)
{
	if (ops_org_exists_in(tx, a->proposer_org_id, "proposer_org_id", e) != 0)
		return -1;
	if (ops_org_load(tx, a->recipient_org_id, recip, "recipient_org_id", e) != 0)
		return -1;
	if (ops_docs_org_active(tx, a->proposer_org_id, "proposer_org_id", e) != 0 ||  /* Art. 28 */
	    ops_docs_org_active(tx, recip->h.id, "recipient_org_id", e) != 0)
		return -1;
	if (!ops_org_foreign(recip)) {
		qerr_input(e, "invalid_value", "recipient_org_id");
		qerr_detail(e, "Art. 27 is for a foreign state or an international organization");
		return -1;
	}
	for (size_t i = 0; i < a->agreed_with.n; i++) {
		if (ops_org_exists_in(tx, a->agreed_with.v[i], "agreed_with", e) != 0)
			return -1;
	}
	return 0;
}

static bool
ids_have(const struct ops_ids *ids, const char *s)
{
	for (size_t i = 0; i < ids->n; i++)
		if (jrec_same(ids->v[i], s))
			return true;
	return false;
}

static int
propose_step(const struct ops_ctx *c, const struct ops_foreign_propose_args *a,
             struct store_rec *rec, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct org_rec recip = {0};
	const char *missing = NULL;
	json_t *disposers = NULL, *ids = NULL, *agreed = NULL, *v;
	size_t i;
	int ret = -1;

	if (ops_scope(c, a->proposer_org_id, e) != 0)
		return -1;
	if (a->carrier_ids.n == 0)
		return qerr_input(e, "invalid_value", "carrier_ids");
	if (ops_ids_unique(&a->carrier_ids, "carrier_ids", e) != 0)
		return -1;
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (proposal_parties(tx, a, &recip, e) != 0)
		goto done;
	disposers = json_array();
	if (disposers == NULL) {
		qerr_internal(e, "foreign transfer: out of memory");
		goto done;
	}
	for (i = 0; i < a->carrier_ids.n; i++)
		if (proposal_carrier(tx, a->proposer_org_id, a->carrier_ids.v[i], disposers, e) != 0)
			goto done;
	json_array_foreach(disposers, i, v)
		if (missing == NULL && !ids_have(&a->agreed_with, json_string_value(v)))
			missing = json_string_value(v);
	/* foreign_transfer_incomplete, Art. 27.1 */
	if (ft_proposal_check(a->justification != NULL && a->justification[0] != '\0',
	                      a->agreed_with.n, missing, e) != 0)
		goto done;

	jrec_head(rec, "foreign_transfer", "ftransfer", a->proposer_org_id, recip.h.id,
	          ft_state_name(FT_PROPOSED));
	ids = jrec_ids_json(&a->carrier_ids);
	agreed = jrec_ids_json(&a->agreed_with);
	rec->doc = ids == NULL || agreed == NULL ? NULL
	         : json_pack("{s:s, s:s, s:s, s:O, s:s, s:O, s:O, s:o, s:s, s:s, s:[]}", "id",
	                     rec->id, "proposer_org_id", a->proposer_org_id, "recipient_org_id",
	                     recip.h.id, "carrier_ids", ids, "justification", a->justification,
	                     "agreed_with", agreed, "disposing_org_ids", disposers, "proposed_on",
	                     ops_docs_json_date(c->effective_date), "state", rec->state,
	                     "proposed_by", c->actor.user_id, "history");
	ret = jrec_create(c, tx, rec, "foreign_transfer.propose", e);
	tx = NULL;
done:
	store_rollback(tx);
	json_decref(disposers);
	json_decref(ids);
	json_decref(agreed);
	org_rec_free(&recip);
	return ret;
}

int
ops_foreign_propose(const struct ops_ctx *c, const struct ops_foreign_propose_args *a,
                    struct store_rec *out, struct qerr *e)
{
	memset(out, 0, sizeof *out);
	if (propose_step(c, a, out, e) == 0)
		return 0;
	store_rec_clear(out);
	return ops_refuse(c, "foreign_transfer.propose", NULL, e);
}

int
ops_foreign_get(const struct ops_ctx *c, const char *id, struct store_rec *out, struct qerr *e)
{
	return jrec_get(c, "foreign_transfer", id, jrec_scope_owner, out, e);
}

/* ================================ Steps =================================== */

/* POST /v1/foreign-transfers/{id}/expert-opinion (Art. 27.2) */
static int
step_opinion(const struct ops_ctx *c, struct store_tx *tx, struct store_rec *ft,
             const struct ops_foreign_step_args *a, enum ft_state *next, struct qerr *e)
{
	struct ft_dates d = ft_dates_of(ft->doc);

	(void)tx;   /* this step writes only the foreign transfer */
	if (ft_opinion(ft_state_parse(ft->state), &d, c->effective_date, a->positive, next, e) != 0)
		return -1;
	return ft_put(ft->doc, "expert_opinion",
	              json_pack("{s:b, s:s, s:o, s:s}", "positive", a->positive, "ref", a->ref,
	                        "date", ops_docs_json_date(c->effective_date), "by",
	                        c->actor.user_id), e);
}

/* POST /v1/foreign-transfers/{id}/government-decision {ref} | {treaty_ref}
 * (Art. 27.3) */
static int
step_decision(const struct ops_ctx *c, struct store_tx *tx, struct store_rec *ft,
              const struct ops_foreign_step_args *a, enum ft_state *next, struct qerr *e)
{
	struct ft_dates d = ft_dates_of(ft->doc);

	(void)tx;   /* this step writes only the foreign transfer */
	if (a->ref != NULL && a->treaty_ref != NULL) {
		qerr_input(e, "invalid_value", "treaty_ref");
		qerr_detail(e, "a decision or a treaty that replaces it, not both");
		return -1;
	}
	if (ft_decision(ft_state_parse(ft->state), &d, c->effective_date, next, e) != 0)
		return -1;
	if (a->ref == NULL && a->treaty_ref == NULL) {
		/* foreign_transfer_incomplete, Art. 27.3: the decision itself. */
		qerr_set(e, QERR_RULE, "foreign_transfer_incomplete", "27", "government_decision");
		qerr_detail(e, "missing step: government_decision (its ref, or a treaty_ref)");
		return -1;
	}
	return ft_put(ft->doc, "government_decision",
	              json_pack("{s:s?, s:s?, s:o, s:s}", "ref", a->ref, "treaty_ref",
	                        a->treaty_ref, "date", ops_docs_json_date(c->effective_date), "by",
	                        c->actor.user_id), e);
}

/* POST /v1/foreign-transfers/{id}/contract (Art. 27.4) */
static int
step_contract(const struct ops_ctx *c, struct store_tx *tx, struct store_rec *ft,
              const struct ops_foreign_step_args *a, enum ft_state *next, struct qerr *e)
{
	struct ft_dates d = ft_dates_of(ft->doc);

	(void)tx;   /* this step writes only the foreign transfer */
	if (ft_contract(ft_state_parse(ft->state), &d, c->effective_date, next, e) != 0)
		return -1;
	return ft_put(ft->doc, "contract",
	              json_pack("{s:s, s:o, s:s}", "ref", a->ref, "date",
	                        ops_docs_json_date(c->effective_date), "by", c->actor.user_id), e);
}

/* The carrier id of ft leaves the system: state, transferred_to, and the
 * "transferred_out" journal entry. */
static int
carrier_out(const struct ops_ctx *c, struct store_tx *tx, const struct store_rec *ft,
            const char *id, struct qerr *e)
{
	struct store_rec car = {0};
	enum carrier_state cs;
	json_t *extra = NULL;
	int rc = -1;

	if (store_rec_get(tx, "carrier", id, &car, e) != 0)
		return -1;
	if (carrier_transfer_out(carrier_state_parse(car.state), ops_copies_out(car.doc), &cs,
	                         e) != 0)
		goto done;
	if (ops_docs_set_state(&car, carrier_state_name(cs), e) != 0 ||
	    ops_details_set(car.doc, "transferred_to",
	                    json_pack("{s:s, s:s, s:o}", "org_id", ft->parent_id, "foreign_transfer_id",
	                              ft->id, "date", ops_docs_json_date(c->effective_date))) != 0 ||
	    (extra = json_pack("{s:s, s:s, s:s}", "to_org_id", ft->parent_id,
	                       "foreign_transfer_id", ft->id, "basis", "art27")) == NULL) {
		qerr_internal(e, "foreign transfer: out of memory");
		goto done;
	}
	if (ops_movement_add(c, tx, &car, car.org_id, "transferred_out", extra, e) == 0)
		rc = store_rec_update(tx, &car, e);
done:
	json_decref(extra);
	store_rec_clear(&car);
	return rc;
}

/* POST /v1/foreign-transfers/{id}/transfer — the carriers leave the system. */
static int
step_transfer(const struct ops_ctx *c, struct store_tx *tx, struct store_rec *ft,
              const struct ops_foreign_step_args *a, enum ft_state *next, struct qerr *e)
{
	struct ft_dates d = ft_dates_of(ft->doc);
	const json_t *ids = json_object_get(ft->doc, "carrier_ids");
	size_t i;
	json_t *v;
	int rc;

	(void)a;
	/* 409 for the carriers comes before the 422 of a missing step. */
	json_array_foreach(ids, i, v) {
		struct store_rec car = {0};

		if (store_rec_get(tx, "carrier", json_string_value(v), &car, e) != 0)
			return -1;
		rc = !jrec_same(car.org_id, ft->org_id)
		   ? qerr_set(e, QERR_CONFLICT, "invalid_state", "27", "carrier_ids")
		   : transfer_movable(carrier_state_parse(car.state), ops_copies_out(car.doc), e);
		if (rc == 0)   /* a whole-carrier act waits while a copy is away */
			rc = custody_home_check(car.doc, e);
		store_rec_clear(&car);
		if (rc != 0)
			return -1;
	}
	if (ft_transfer(ft_state_parse(ft->state), &d, c->effective_date, next, e) != 0)
		return -1;
	json_array_foreach(ids, i, v)
		if (carrier_out(c, tx, ft, json_string_value(v), e) != 0)
			return -1;
	return ft_put(ft->doc, "transferred_on", ops_docs_json_date(c->effective_date), e);
}

/* ============================ The step frame ============================== */

typedef int (*ft_apply_fn)(const struct ops_ctx *c, struct store_tx *tx, struct store_rec *ft,
                           const struct ops_foreign_step_args *a, enum ft_state *next,
                           struct qerr *e);

/* A step, its name in the history and its next state: apply then record
 * the new state with its history entry. */
struct ft_call {
	const struct ops_foreign_step_args *a;
	ft_apply_fn fn;
	const char *name;
};

static int
ft_apply(const struct ops_ctx *c, struct store_tx *tx, struct store_rec *ft, const void *arg,
         struct qerr *e)
{
	const struct ft_call *k = arg;
	enum ft_state next = FT_UNKNOWN;

	if (k->fn(c, tx, ft, k->a, &next, e) != 0)
		return -1;
	return ft_set_state(c, ft, next, k->name, e);
}

/* The flow every step shares (jrec_step): 404, 403 (the proposer's, or a
 * role acting across), the body's decode error, the step and its state,
 * update, commit with the audit entry; a refusal rolls back and is
 * recorded. */
static int
ft_step(const struct ops_ctx *c, const struct ops_foreign_step_args *a, const char *name,
        const char *action, ft_apply_fn fn, struct store_rec *ft, struct qerr *e)
{
	struct ft_call k = {.a = a, .fn = fn, .name = name};

	return jrec_step(c, "foreign_transfer", a->id, jrec_scope_owner, a->input, ft_apply, &k,
	                 action, ft, e);
}

int
ops_foreign_opinion(const struct ops_ctx *c, const struct ops_foreign_step_args *a,
                    struct store_rec *out, struct qerr *e)
{
	return ft_step(c, a, "expert_opinion", "foreign_transfer.expert_opinion", step_opinion,
	               out, e);
}

int
ops_foreign_decision(const struct ops_ctx *c, const struct ops_foreign_step_args *a,
                     struct store_rec *out, struct qerr *e)
{
	return ft_step(c, a, "government_decision", "foreign_transfer.government_decision",
	               step_decision, out, e);
}

int
ops_foreign_contract(const struct ops_ctx *c, const struct ops_foreign_step_args *a,
                     struct store_rec *out, struct qerr *e)
{
	return ft_step(c, a, "contract", "foreign_transfer.contract", step_contract, out, e);
}

int
ops_foreign_transfer(const struct ops_ctx *c, const struct ops_foreign_step_args *a,
                     struct store_rec *out, struct qerr *e)
{
	return ft_step(c, a, "transfer", "foreign_transfer.transfer", step_transfer, out, e);
}
