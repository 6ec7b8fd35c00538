/*
 * carriers.c — the carrier registry's procedures (see carriers.h).
 *
 * Record form: carriers and movements are JSON `record` rows until the
 * typed carrier tables land; jansson builds and edits their docs here, and
 * every jansson call is checked (a failure rolls the whole step back).
 *
 * Invariants:
 *   1. A copy changes hands only inside the step's write transaction,
 *      after the carrier and copy states were read in that transaction
 *      (two racing steps on one carrier: the store serializes the writers;
 *      the second reads the first's result and is refused).
 *   2. A carrier is stored with exactly the copies declared, or not at all.
 *   3. A refusal (422) leaves nothing written and is audited by ops_refuse.
 *
 * Untrusted input: ids and strings of the args come from requests, already
 * bounded by the caller's field tables; ids are only looked up.
 */
#include "ops/carriers.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/access.h"
#include "ops/access.h"
#include "ops/carrier_store.h"
#include "ops/custody.h"
#include "ops/disposal.h"
#include "ops/items.h"
#include "ops/orgs.h"
#include "ops/records.h"

void
ops_carrier_result_clear(struct ops_carrier_result *r)
{
	if (r == NULL)
		return;
	store_rec_clear(&r->car);
	json_decref(r->movements);
	r->movements = NULL;
}

static int
oom(struct qerr *e, const char *what)
{
	return qerr_internal(e, what);
}

static int
append_doc_cb(void *ctx, const struct store_rec *rec)
{
	return json_array_append(ctx, rec->doc) == 0 ? 0 : -1;
}

json_t *
ops_carriers_movements(struct store_tx *tx, const char *carrier_id, struct qerr *e)
{
	struct store_query q = {.kind = "movement", .parent_id = carrier_id};
	json_t *mov = json_array();

	if (mov == NULL || store_rec_walk(tx, &q, append_doc_cb, mov, e) != 0) {
		if (!qerr_is_set(e))
			oom(e, "carrier view");
		json_decref(mov);
		return NULL;
	}
	return mov;
}

int
ops_carriers_movement_add(const struct ops_ctx *c, struct store_tx *tx,
                          const struct store_rec *car, const char *kind,
                          long long copy_number, const char *person_id, const json_t *extra,
                          struct qerr *e)
{
	return ops_movement_append(c, tx, car->id, car->org_id, kind, copy_number, person_id, extra,
	                           true, e);
}

/* The copies issued to persons now. */
static int
copies_out(const json_t *doc)
{
	json_t *c;
	size_t i;
	int n = 0;

	json_array_foreach(json_object_get(doc, "copies"), i, c)
		n += carrier_copy_state_parse(ops_docs_str(c, "state")) == CARRIER_COPY_ISSUED;
	return n;
}

static int
carrier_set_state(struct store_rec *car, enum carrier_state s, struct qerr *e)
{
	return ops_docs_set_state(car, carrier_state_name(s), e);
}

/* The end of a step on a carrier: writes it, reads its journal into the
 * result and commits with the audit entry. tx is consumed. */
static int
carrier_commit(const struct ops_ctx *c, struct store_tx *tx, struct store_rec *car,
               const char *action, struct ops_carrier_result *out, struct qerr *e)
{
	if (store_rec_update(tx, car, e) != 0)
		goto fail;
	out->movements = ops_carriers_movements(tx, car->id, e);
	if (out->movements == NULL)
		goto fail;
	if (ops_commit(c, tx, action, car->id, NULL, e) != 0)
		return -1;
	out->car = *car;
	memset(car, 0, sizeof *car);
	return 0;
fail:
	store_rollback(tx);
	return -1;
}

/* The end of every procedure: a refusal is recorded (ops_refuse), the
 * result released on failure. */
static int
finish(const struct ops_ctx *c, int rc, const char *action, const char *object,
       struct ops_carrier_result *out, struct qerr *e)
{
	if (rc == 0)
		return 0;
	ops_carrier_result_clear(out);
	if (e->status == QERR_RULE)
		return ops_refuse(c, action, object, e);
	return -1;
}

/* =========================== Registration ================================= */

/* Loads the information items (404 information_ids) into info[]. */
static int
load_info(struct store_tx *tx, const struct ops_carrier_register_args *a,
          struct carrier_info *info, struct qerr *e)
{
	for (size_t i = 0; i < a->n_info; i++) {
		struct info_rec rec;

		if (ops_info_load(tx, a->information_ids[i], &rec, "information_ids", e) != 0)
			return -1;
		info[i].degree = (enum degree)rec.degree;
		info[i].state = carrier_info_state_parse(info_state_name(rec.state));
		info[i].declassify_on = rec.declassify_on;
		info_rec_free(&rec);
	}
	return 0;
}

static int
load_sources(struct store_tx *tx, const struct ops_carrier_register_args *a, enum degree *src,
             struct qerr *e)
{
	for (size_t i = 0; i < a->n_src; i++) {
		struct store_rec rec = {0};

		if (ops_docs_load(tx, "carrier", a->source_carrier_ids[i], &rec,
		                  "source_carrier_ids", e) != 0)
			return -1;
		/* derived_label, Art. 18: a declassified source imposes nothing. */
		src[i] = carrier_source_label(degree_parse(ops_docs_str(rec.doc, "label")),
		                              carrier_state_parse(rec.state));
		store_rec_clear(&rec);
	}
	return 0;
}

/* org_permit_missing (Art. 34): the holder organization's permits as they
 * stood on the act's effective_date (SPEC.md §3). */
static int
org_permit_check(const struct ops_ctx *c, struct store_tx *tx, const char *org_id,
                 enum degree label, struct qerr *e)
{
	struct carrier_permit *p = NULL;
	size_t n = 0;
	int rc;

	if (ops_carrier_permits_on(tx, org_id, c->effective_date, &p, &n, e) != 0)
		return -1;
	rc = carrier_permit_check(label, p, n, c->effective_date, e);
	free(p);
	return rc;
}

/* A new JSON array of the strings ids[0..n); NULL when out of memory. */
static json_t *
strings(const char *const *ids, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < n; i++)
		if (json_array_append_new(a, json_string(ids[i])) != 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

/* The registry record of a new carrier (see carriers.h). */
static json_t *
carrier_doc(const struct ops_ctx *c, const struct ops_carrier_register_args *a,
            const char *id, const char *org_id, qdate declassify_on, struct qerr *e)
{
	json_t *doc = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:I, s:o, s:s,"
	                        " s:o, s:s, s:n, s:n}",
	                        "id", id, "org_id", org_id, "account_number", a->account_number,
	                        "kind", a->kind, "title", a->title, "label",
	                        degree_name(a->label), "information_ids",
	                        strings(a->information_ids, a->n_info), "source_carrier_ids",
	                        strings(a->source_carrier_ids, a->n_src), "copies",
	                        custody_copies_new(a->copies, org_id), "sheets",
	                        (json_int_t)a->sheets, "declassify_on",
	                        ops_docs_json_date(declassify_on), "state", "registered",
	                        "registered_on", ops_docs_json_date(c->effective_date),
	                        "registered_by", c->actor.user_id, "destruction", "archive");

	if (doc == NULL) {
		oom(e, "carrier doc");
		return NULL;
	}
	/* Art. 19: the owner, the alienation contract or the court decision. */
	if (a->owner_record != NULL && json_object_update(doc, (json_t *)a->owner_record) != 0) {
		json_decref(doc);
		oom(e, "carrier owner record");
		return NULL;
	}
	return doc;
}

static int
register_step(const struct ops_ctx *c, const struct ops_carrier_register_args *a,
              struct ops_carrier_result *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec rec = {0}, dup = {0};
	struct org_rec org = {0};
	struct carrier_info *info = NULL;
	enum degree *src = NULL;
	struct carrier_owner owner = a->owner;
	json_t *bodies;
	qdate declassify_on;
	struct qerr fe = {0};
	int rc = -1;

	info = calloc(a->n_info ? a->n_info : 1, sizeof *info);
	src = calloc(a->n_src ? a->n_src : 1, sizeof *src);
	if (info == NULL || src == NULL) {
		oom(e, "carrier: out of memory");
		goto out;
	}
	if (ops_begin(c, true, &tx, e) != 0)
		goto out;
	if (ops_org_load(tx, a->org_id, &org, "org_id", e) != 0 ||
	    load_info(tx, a, info, e) != 0 || load_sources(tx, a, src, e) != 0)
		goto out;
	/* It carries only what its organization sees: another body's
	 * information or carrier is unknown here (404, SPEC.md §3). */
	if (ops_ids_visible(c, tx, "information", a->information_ids, a->n_info,
	                    "information_ids", e) != 0 ||
	    ops_ids_visible(c, tx, "carrier", a->source_carrier_ids, a->n_src,
	                    "source_carrier_ids", e) != 0)
		goto out;
	if (ops_docs_org_active(tx, org.h.id, "org_id", e) != 0)    /* org_liquidated, Art. 28 */
		goto out;
	/* 409 before 422: the account number is unique in its organization. */
	if (store_rec_find(tx, "carrier", org.h.id, a->account_number, &dup, &fe) == 0) {
		qerr_set(e, QERR_CONFLICT, "duplicate", NULL, "account_number");
		goto out;
	} else if (fe.status != QERR_NOT_FOUND) {
		*e = fe;
		goto out;
	}
	/* label_mismatch, derived_label (Art. 18) */
	if (carrier_label_check(a->label, info, a->n_info, src, a->n_src, e) != 0)
		goto out;
	declassify_on = a->declassify_on;
	if (declassify_on == QDATE_NONE)
		declassify_on = carrier_declassify_default(info, a->n_info);
	/* term_exceeds_limit (Art. 20, 20.3), term_mismatch (Art. 18, 20);
	 * owner_contract_required (Art. 19.1, 19.2), foreign_owner_protected
	 * (Art. 19.4): an owner organization with the registrar's BIN is the
	 * registrar itself. */
	owner.is_registrar = a->owner_bin != NULL && org.bin[0] != '\0' &&
	                     strcmp(a->owner_bin, org.bin) == 0;
	if (carrier_term_check(c->effective_date, declassify_on, info, a->n_info, e) != 0 ||
	    carrier_owner_check(&owner, e) != 0)
		goto out;
	/* org_permit_missing (Art. 34): the holder registers only what its
	 * permit covers. */
	if (org_permit_check(c, tx, org.h.id, a->label, e) != 0)
		goto out;

	q_strlcpy(rec.kind, "carrier", sizeof rec.kind);
	store_id_new("carrier", rec.id);
	q_strlcpy(rec.org_id, org.h.id, sizeof rec.org_id);
	q_strlcpy(rec.ref, a->account_number, sizeof rec.ref);
	q_strlcpy(rec.state, "registered", sizeof rec.state);
	rec.doc = carrier_doc(c, a, rec.id, org.h.id, declassify_on, e);
	if (rec.doc == NULL)
		goto out;
	/* Art. 15, 23: its disposing bodies, kept through every transfer. */
	bodies = disposal_carrier_bodies(tx, a->information_ids, a->n_info, org.h.id, e);
	if (bodies == NULL || disposal_carrier_record(rec.doc, bodies, e) != 0)
		goto out;
	if (store_rec_insert(tx, &rec, e) != 0) {
		if (e->status == QERR_CONFLICT)
			q_strlcpy(e->field, "account_number", sizeof e->field);
		goto out;
	}
	if (ops_carriers_movement_add(c, tx, &rec, "registered", 0, NULL, NULL, e) != 0)
		goto out;
	out->movements = ops_carriers_movements(tx, rec.id, e);
	if (out->movements == NULL)
		goto out;
	rc = ops_commit(c, tx, "carrier.create", rec.id, NULL, e);
	tx = NULL;
	if (rc == 0) {
		out->car = rec;
		memset(&rec, 0, sizeof rec);
	}
out:
	store_rollback(tx);
	org_rec_free(&org);
	store_rec_clear(&rec);
	store_rec_clear(&dup);
	free(info);
	free(src);
	return rc;
}

int
ops_carriers_register(const struct ops_ctx *c, const struct ops_carrier_register_args *a,
                      struct ops_carrier_result *out, struct qerr *e)
{
	int rc;

	memset(out, 0, sizeof *out);
	/* 403 first: the registry is the body's org_id (then its 400s). */
	rc = ops_scope(c, a->org_id, e);
	if (rc == 0 && a->input != NULL && qerr_is_set(a->input)) {
		*e = *a->input;
		rc = -1;
	}
	if (rc == 0)
		rc = register_step(c, a, out, e);
	return finish(c, rc, "carrier.create", NULL, out, e);
}

/* ========================= Issue and return ================================ */

/* Loads the carrier for a write: 404 (unknown or unseen), 403 unless the
 * actor's organization holds a copy or is the carrier's registry (with
 * whole: the registry only), then the body's 400. */
static int
carrier_for_write(const struct ops_ctx *c, struct store_tx **tx, const char *id,
                  const struct qerr *input, bool whole, struct store_rec *car, struct qerr *e)
{
	if (ops_begin(c, true, tx, e) != 0)
		return -1;
	if (ops_docs_load(*tx, "carrier", id, car, NULL, e) != 0 ||
	    ops_rec_visible(c, *tx, car, NULL, e) != 0)
		return -1;
	if ((whole || !custody_org_holds(car->doc, c->actor.org_id)) &&
	    ops_scope(c, car->org_id, e) != 0)
		return -1;
	if (input != NULL && qerr_is_set(input)) {
		*e = *input;
		return -1;
	}
	return 0;
}

/* The acting organization holds copy n (custody per copy): 403
 * forbidden_org (field copy_number) otherwise; cross-organization roles
 * act for the holder. A copy held by a citizen executor is administered
 * by the carrier's registry, where the citizen works (R743 p.8.2). */
static int
copy_acting_holder(const struct ops_ctx *c, const json_t *doc, const json_t *copy,
                   struct qerr *e)
{
	const char *reg = ops_docs_str(doc, "org_id");

	if (c->actor.cross_org || custody_copy_held_by(doc, copy, c->actor.org_id))
		return 0;
	if (custody_copy_person(copy) != NULL && reg != NULL && strcmp(reg, c->actor.org_id) == 0)
		return 0;
	qerr_set(e, QERR_FORBIDDEN, "forbidden_org", NULL, "copy_number");
	qerr_detail(e, "the copy is held by another organization");
	return -1;
}

/* Sets the copy's holder, state and issued_on. */
static int
copy_hand(json_t *copy, const char *holder, const char *state, qdate issued_on,
          struct qerr *e)
{
	if (ops_docs_set(copy, "holder", holder ? json_string(holder) : json_null(), e) != 0 ||
	    ops_docs_set(copy, "state", json_string(state), e) != 0 ||
	    ops_docs_set(copy, "issued_on", ops_docs_json_date(issued_on), e) != 0)
		return -1;
	return 0;
}

/* 409, then the access decision's 422 and not_the_holder (Art. 25.1, 26.1,
 * 33.2, R743 p.10): copy goes only to a person of the organization holding
 * it (or to the citizen executor holding it). */
static int
issue_decide(const struct ops_ctx *c, struct store_tx *tx, const struct store_rec *car,
             const json_t *copy, const struct store_rec *person, long long n,
             enum carrier_state *next, struct qerr *e)
{
	struct access_decision d;
	const char *citizen = custody_copy_person(copy);

	/* 409: only a copy held by the registry is issued. */
	if (carrier_copy_issue(carrier_state_parse(car->state),
	                       carrier_copy_state_parse(ops_docs_str(copy, "state")), next, e) != 0)
		return -1;
	/* 422: the access decision, checks in the table's order (SPEC.md §3). */
	if (ops_access_verdict(tx, person->id, car->id, ops_access_on(c), &d, e) != 0 ||
	    ops_access_refusal(&d, e) != 0)
		return -1;
	if (!custody_copy_held_by(car->doc, copy, person->org_id) &&
	    !(citizen != NULL && strcmp(citizen, person->id) == 0)) {
		char num[24];

		qerr_rule(e, access_check_code(ACCESS_NOT_THE_HOLDER),
		          access_check_article(ACCESS_NOT_THE_HOLDER));
		q_strlcpy(e->field, "person_id", sizeof e->field);
		snprintf(num, sizeof num, "%lld", n);
		qerr_detail_key(e, "copy_held_elsewhere", "copy {n} is held by another organization",
		                "n", num, NULL);
		return -1;
	}
	return 0;
}

/* 409: only an issued copy is returned, by the person it is issued to. */
static int
return_decide(const struct store_rec *car, const json_t *copy, const struct store_rec *person,
              enum carrier_state *next, struct qerr *e)
{
	const char *holder = ops_docs_str(copy, "holder");

	if (carrier_copy_return(carrier_state_parse(car->state),
	                        carrier_copy_state_parse(ops_docs_str(copy, "state")),
	                        copies_out(car->doc), next, e) != 0)
		return -1;
	if (holder == NULL || strcmp(holder, person->id) != 0) {
		qerr_set(e, QERR_CONFLICT, "invalid_state", "33", "person_id");
		qerr_detail(e, "the copy is held by another person");
		return -1;
	}
	return 0;
}

/* issue (issue) or return a copy: one flow, the decisions above. */
static int
copy_step(const struct ops_ctx *c, const struct ops_carrier_copy_args *a, bool issue,
          struct ops_carrier_result *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec car = {0}, person = {0};
	enum carrier_state next;
	json_t *copy;
	int rc = -1;

	if (carrier_for_write(c, &tx, a->carrier_id, a->input, false, &car, e) != 0)
		goto out;
	if (ops_docs_load(tx, "person", a->person_id, &person, "person_id", e) != 0)
		goto out;
	if (issue && ops_docs_org_active(tx, person.org_id, "person_id", e) != 0)  /* Art. 28 */
		goto out;
	if ((copy = custody_copy_named(car.doc, a->copy_number, e)) == NULL)
		goto out;
	if (copy_acting_holder(c, car.doc, copy, e) != 0)
		goto out;
	if (issue ? issue_decide(c, tx, &car, copy, &person, a->copy_number, &next, e) != 0
	          : return_decide(&car, copy, &person, &next, e) != 0)
		goto out;
	if (copy_hand(copy, issue ? person.id : NULL, issue ? "issued" : "in_registry",
	              issue ? c->effective_date : QDATE_NONE, e) != 0 ||
	    carrier_set_state(&car, next, e) != 0 ||
	    ops_carriers_movement_add(c, tx, &car, issue ? "issued" : "returned", a->copy_number,
	                              person.id, NULL, e) != 0)
		goto out;
	rc = carrier_commit(c, tx, &car, issue ? "carrier.issue" : "carrier.return", out, e);
	tx = NULL;
out:
	store_rollback(tx);
	store_rec_clear(&car);
	store_rec_clear(&person);
	return rc;
}

int
ops_carriers_issue(const struct ops_ctx *c, const struct ops_carrier_copy_args *a,
                   struct ops_carrier_result *out, struct qerr *e)
{
	memset(out, 0, sizeof *out);
	return finish(c, copy_step(c, a, true, out, e), "carrier.issue", a->carrier_id, out, e);
}

int
ops_carriers_return(const struct ops_ctx *c, const struct ops_carrier_copy_args *a,
                    struct ops_carrier_result *out, struct qerr *e)
{
	memset(out, 0, sizeof *out);
	return finish(c, copy_step(c, a, false, out, e), "carrier.return", a->carrier_id, out, e);
}

/* ======================= Destruction and archiving ========================= */

/* The state archive that receives the carrier: an existing organization of
 * kind state_body (our reading: the Law's "state archives" are state
 * institutions; the records know no other kind for them), else 400. */
static int
archive_org_check(struct store_tx *tx, const char *id, struct qerr *e)
{
	struct org_rec arch = {0};
	int rc = 0;

	if (id == NULL)
		return 0;
	if (ops_org_load(tx, id, &arch, "archive_org_id", e) != 0)
		return -1;
	if (arch.kind != ORG_STATE_BODY) {
		qerr_input(e, "invalid_value", "archive_org_id");
		qerr_detail(e, "a state archive (an organization of kind state_body)");
		rc = -1;
	}
	org_rec_free(&arch);
	return rc;
}

/* destroy / archive: one flow; the core decides the transition. 403
 * unless the carrier's registry acts (a holder of some copies does not
 * destroy or archive the carrier). */
static int
close_step(const struct ops_ctx *c, const struct ops_carrier_close_args *a, bool archive,
           struct ops_carrier_result *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec car = {0};
	enum carrier_state next;
	const char *field = archive ? "archive_ref" : "act_number";
	json_t *extra = NULL;
	int rc = -1;

	if (carrier_for_write(c, &tx, a->carrier_id, a->input, true, &car, e) != 0)
		goto out;
	if (archive && archive_org_check(tx, a->archive_org_id, e) != 0)
		goto out;
	if ((archive ? carrier_archive : carrier_destroy)(carrier_state_parse(car.state),
	                                                  copies_out(car.doc), &next, e) != 0)
		goto out;
	/* 409: acts on the whole carrier wait while a copy is away. */
	if (custody_home_check(car.doc, e) != 0)
		goto out;
	if (carrier_set_state(&car, next, e) != 0)
		goto out;
	if (archive) {
		if (ops_docs_set(car.doc, "archive",
		                 json_pack("{s:s, s:s?, s:o, s:s}", "archive_ref", a->ref,
		                           "archive_org_id", a->archive_org_id, "date",
		                           ops_docs_json_date(c->effective_date), "by", c->actor.user_id),
		                 e) != 0)
			goto out;
		extra = json_pack("{s:s, s:s?}", "archive_ref", a->ref, "archive_org_id",
		                  a->archive_org_id);
	} else {
		if (ops_docs_set(car.doc, "destruction",
		                 json_pack("{s:s, s:o, s:s}", field, a->ref, "date",
		                           ops_docs_json_date(c->effective_date), "by", c->actor.user_id),
		                 e) != 0)
			goto out;
		extra = json_pack("{s:s}", field, a->ref);
	}
	if (extra == NULL) {
		oom(e, "movement doc");
		goto out;
	}
	if (ops_carriers_movement_add(c, tx, &car, archive ? "archived" : "destroyed", 0, NULL,
	                              extra, e) != 0)
		goto out;
	rc = carrier_commit(c, tx, &car, archive ? "carrier.archive" : "carrier.destroy", out, e);
	tx = NULL;
out:
	json_decref(extra);
	store_rollback(tx);
	store_rec_clear(&car);
	return rc;
}

int
ops_carriers_destroy(const struct ops_ctx *c, const struct ops_carrier_close_args *a,
                     struct ops_carrier_result *out, struct qerr *e)
{
	memset(out, 0, sizeof *out);
	return finish(c, close_step(c, a, false, out, e), "carrier.destroy", a->carrier_id, out,
	              e);
}

int
ops_carriers_archive(const struct ops_ctx *c, const struct ops_carrier_close_args *a,
                     struct ops_carrier_result *out, struct qerr *e)
{
	memset(out, 0, sizeof *out);
	return finish(c, close_step(c, a, true, out, e), "carrier.archive", a->carrier_id, out, e);
}

/* ================================ Reading ================================= */

int
ops_carriers_get(const struct ops_ctx *c, const char *carrier_id,
                 struct ops_carrier_result *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	int rc;

	memset(out, 0, sizeof *out);
	if (ops_begin(c, false, &tx, e) != 0)
		return -1;
	rc = ops_docs_load(tx, "carrier", carrier_id, &out->car, NULL, e);
	if (rc == 0)
		rc = ops_rec_visible(c, tx, &out->car, NULL, e);
	if (rc == 0 && (out->movements = ops_carriers_movements(tx, carrier_id, e)) == NULL)
		rc = -1;
	store_rollback(tx);
	if (rc != 0)
		ops_carrier_result_clear(out);
	return rc;
}

int
ops_carriers_seen(const struct ops_ctx *c, const char *carrier_id, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec car = {0};
	const char *disp;
	int rc;

	if (ops_begin(c, false, &tx, e) != 0)
		return -1;
	rc = ops_docs_load(tx, "carrier", carrier_id, &car, NULL, e);
	if (rc == 0)
		rc = ops_rec_visible(c, tx, &car, NULL, e);
	store_rollback(tx);
	if (rc == 0) {
		/* its registry, a holder, a sender, or its disposing body */
		disp = ops_docs_str(car.doc, "disposing_org_id");
		if (!c->actor.cross_org && !custody_org_party(car.doc, c->actor.org_id) &&
		    !(disp != NULL && strcmp(disp, c->actor.org_id) == 0))
			rc = ops_scope(c, car.org_id, e);
	}
	store_rec_clear(&car);
	return rc;
}

struct list_walk {
	ops_carrier_row_fn fn;
	void *ctx;
	const char *registry;
	int n, limit;
	bool more;
};

static int
list_cb(void *ctx, const struct store_rec *rec)
{
	struct list_walk *w = ctx;
	int held[CARRIER_COPIES_MAX];
	size_t nheld = 0;

	if (w->n == w->limit) {
		w->more = true;
		return 1;
	}
	if (w->registry != NULL) {
		nheld = custody_copies_held_by(rec->doc, w->registry, held,
		                               sizeof held / sizeof held[0]);
		if (nheld > sizeof held / sizeof held[0])
			nheld = sizeof held / sizeof held[0];
	}
	w->n++;
	return w->fn(w->ctx, rec, w->registry, held, nheld,
	             w->registry != NULL ? custody_left_on(rec->doc, w->registry) : NULL);
}

int
ops_carriers_list(const struct ops_ctx *c, const struct ops_carrier_filter *f,
                  ops_carrier_row_fn fn, void *ctx, bool *more, struct qerr *e)
{
	struct store_query q = {.kind = "carrier", .state = f->state, .ref = f->account_number,
	                        .after_seq = f->after_seq};
	struct store_tag tags[STORE_TAGS_MAX];
	struct list_walk w = {.fn = fn, .ctx = ctx, .limit = f->limit};
	struct store_tx *tx = NULL;
	const char *org = f->org_id;
	size_t ntags = 0;
	int rc;

	*more = false;
	/* One's own registry, unless reading across organizations. */
	if (!c->actor.cross_org) {
		if (org != NULL && ops_scope(c, org, e) != 0)
			return -1;
		org = c->actor.org_id;
	}
	if (f->input != NULL && qerr_is_set(f->input)) {
		*e = *f->input;
		return -1;
	}
	/* The holder is the more selective tag: it drives the walk. */
	if (f->holder != NULL)
		tags[ntags++] = (struct store_tag){STORE_TAG_HOLDER, f->holder};
	/* An organization's registry: every carrier of which it holds a copy,
	 * which it registers, or from which copies left it (tag "party"). */
	if (org != NULL) {
		tags[ntags++] = (struct store_tag){STORE_TAG_PARTY, org};
		w.registry = org;
	}
	if (f->label != NULL)
		tags[ntags++] = (struct store_tag){STORE_TAG_LABEL, f->label};
	q.limit = f->limit < STORE_PAGE_MAX ? f->limit + 1 : STORE_PAGE_MAX;
	if (ops_begin(c, false, &tx, e) != 0)
		return -1;
	rc = ntags > 0 ? store_rec_list_tagged(tx, &q, tags, ntags, list_cb, &w, e)
	               : store_rec_list(tx, &q, list_cb, &w, e);
	store_rollback(tx);
	if (rc < 0) {
		if (!qerr_is_set(e))
			qerr_internal(e, "carrier list");
		return -1;
	}
	*more = w.more;
	return 0;
}
