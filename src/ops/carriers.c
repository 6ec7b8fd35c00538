/*
 * carriers.c — the carrier registry's procedures (see carriers.h).
 *
 * Typed: a carrier is a struct carrier_rec (core/carrier_rec.h) loaded and
 * saved through ops/carrier_store.h, its copies' custody read and written
 * by core/custody_rec.h, its journal struct movement_rec rows
 * (ops_movement_write). A field set here sets its CARRIER_F_* / COPY_F_* /
 * CARRIER_M_* bit, so the API shows it as the JSON form did. Every
 * allocation is checked (a failure rolls the whole step back).
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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/access.h"
#include "core/alloc.h"
#include "core/custody_rec.h"
#include "core/person_rec.h"
#include "ops/access.h"
#include "ops/disposal.h"
#include "ops/docs.h"
#include "ops/items.h"
#include "ops/orgs.h"
#include "ops/persons.h"
#include "ops/records.h"
#include "ops/scope.h"

void
ops_carriers_journal_free(struct movement_rec *v, size_t n)
{
	for (size_t i = 0; v != NULL && i < n; i++)
		movement_rec_clear(&v[i]);
	free(v);
}

void
ops_carrier_result_clear(struct ops_carrier_result *r)
{
	if (r == NULL)
		return;
	carrier_rec_clear(&r->car);
	ops_carriers_journal_free(r->movements, r->n_movements);
	memset(r, 0, sizeof *r);
}

static int
oom(struct qerr *e, const char *what)
{
	return qerr_internal(e, what);
}

struct journal {
	struct movement_rec *v;
	size_t n, cap;
	int64_t last;
};

/* A copy of m (its extra and copy_numbers its own) at the end of j. */
static int
journal_cb(void *ctx, const struct movement_rec *m)
{
	struct journal *j = ctx;
	struct movement_rec *d;

	if (j->n == j->cap) {
		size_t cap = j->cap ? j->cap * 2 : 8;
		struct movement_rec *v = q_realloc(j->v, cap * sizeof *v);

		if (v == NULL)
			return -1;
		j->v = v;
		j->cap = cap;
	}
	d = &j->v[j->n];
	*d = *m;
	d->extra = NULL;
	d->copy_numbers = NULL;
	if (m->extra != NULL && (d->extra = q_strdup(m->extra)) == NULL)
		return -1;
	if (m->n_copy_numbers > 0) {
		d->copy_numbers = q_calloc(m->n_copy_numbers, sizeof *d->copy_numbers);
		if (d->copy_numbers == NULL) {
			free(d->extra);
			return -1;
		}
		memcpy(d->copy_numbers, m->copy_numbers, m->n_copy_numbers * sizeof *d->copy_numbers);
	}
	j->n++;
	j->last = m->h.seq;
	return 0;
}

int
ops_carriers_journal(struct store_tx *tx, const char *carrier_id, struct movement_rec **out,
                     size_t *n, struct qerr *e)
{
	struct journal j = {0};
	size_t before;
	int rc;

	*out = NULL;
	*n = 0;
	do {
		before = j.n;
		rc = store_movement_list(tx, carrier_id, NULL, j.last, STORE_PAGE_MAX, journal_cb, &j,
		                         e);
	} while (rc == 0 && j.n - before == STORE_PAGE_MAX);
	if (rc != 0) {
		if (!qerr_is_set(e))
			oom(e, "carrier journal: out of memory");
		ops_carriers_journal_free(j.v, j.n);
		return -1;
	}
	*out = j.v;
	*n = j.n;
	return 0;
}

struct journal_page {
	int (*fn)(void *, const void *);
	void *ctx;
};

static int
journal_page_cb(void *ctx, const struct movement_rec *m)
{
	const struct journal_page *p = ctx;

	return p->fn(p->ctx, m);
}

int64_t
ops_carriers_journal_each(struct store_tx *tx, const void *carrier_id, int64_t after_seq,
                          int limit, int (*fn)(void *, const void *), void *ctx, struct qerr *e)
{
	struct journal_page p = {fn, ctx};

	return store_movement_list(tx, carrier_id, NULL, after_seq, limit, journal_page_cb, &p, e);
}

/* A journal entry of car with the act's fields of act (NULL: none). */
static int
movement(const struct ops_ctx *c, struct store_tx *tx, const struct carrier_rec *car,
         const char *kind, long long copy_number, const char *person_id,
         const struct movement_rec *act, struct qerr *e)
{
	return ops_movement_write(c, tx, car->h.id, car->org_id, kind, copy_number, person_id, act,
	                          e);
}

static void
carrier_set_state(struct carrier_rec *car, enum carrier_state s)
{
	q_strlcpy(car->state, carrier_state_name(s), sizeof car->state);
	car->fields |= CARRIER_F_STATE;
}

/* 404 naming field unless the actor sees the carrier (SPEC.md §3). */
static int
carrier_visible(const struct ops_ctx *c, struct store_tx *tx, const struct carrier_rec *car,
                const char *field, struct qerr *e)
{
	bool ok = false;

	if (ops_scope_carrier_sees(tx, car, c->actor.org_id, c->actor.cross_org, &ok, e) != 0)
		return -1;
	if (ok)
		return 0;
	return qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, field);
}

/* The carrier id, loaded and seen by the actor (404). */
static int
carrier_seen(const struct ops_ctx *c, struct store_tx *tx, const char *id,
             struct carrier_rec *car, struct qerr *e)
{
	if (ops_carrier_load(tx, id, car, NULL, e) != 0)
		return -1;
	if (carrier_visible(c, tx, car, NULL, e) != 0) {
		carrier_rec_clear(car);
		return -1;
	}
	return 0;
}

/* The end of a step on a carrier: reads its journal into the result and
 * commits with the audit entry; the carrier moves into the result. tx is
 * consumed. */
static int
carrier_commit(const struct ops_ctx *c, struct store_tx *tx, struct carrier_rec *car,
               const char *action, struct ops_carrier_result *out, struct qerr *e)
{
	if (ops_carriers_journal(tx, car->h.id, &out->movements, &out->n_movements, e) != 0) {
		store_rollback(tx);
		return -1;
	}
	if (ops_commit(c, tx, action, car->h.id, NULL, e) != 0)
		return -1;
	out->car = *car;
	memset(car, 0, sizeof *car);
	return 0;
}

/* The end of a step that changed car: writes it, then carrier_commit. */
static int
carrier_save_commit(const struct ops_ctx *c, struct store_tx *tx, struct carrier_rec *car,
                    const char *action, struct ops_carrier_result *out, struct qerr *e)
{
	if (ops_carrier_save(tx, car, e) != 0) {
		store_rollback(tx);
		return -1;
	}
	return carrier_commit(c, tx, car, action, out, e);
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

/* The source carriers (404 source_carrier_ids): their labels into src[]
 * (see = false), or whether the actor sees each (see = true, 404). */
static int
load_sources(const struct ops_ctx *c, struct store_tx *tx,
             const struct ops_carrier_register_args *a, enum degree *src, bool see,
             struct qerr *e)
{
	for (size_t i = 0; i < a->n_src; i++) {
		struct carrier_rec car;
		int rc = 0;

		if (ops_carrier_load(tx, a->source_carrier_ids[i], &car, "source_carrier_ids", e) != 0)
			return -1;
		if (see)
			rc = carrier_visible(c, tx, &car, "source_carrier_ids", e);
		else    /* derived_label, Art. 18: a declassified source imposes nothing. */
			src[i] = carrier_source_label(degree_parse(car.label),
			                              carrier_state_parse(car.state));
		carrier_rec_clear(&car);
		if (rc != 0)
			return -1;
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

/* A new vector of the ids ids[0..n) into *out; -1 when out of memory. */
static int
ids_copy(const char *const *ids, size_t n, carrier_id_t **out, size_t *nout)
{
	*out = NULL;
	*nout = 0;
	if (n == 0)
		return 0;
	if ((*out = q_calloc(n, sizeof **out)) == NULL)
		return -1;
	for (size_t i = 0; i < n; i++)
		q_strlcpy((*out)[i], ids[i], sizeof (*out)[i]);
	*nout = n;
	return 0;
}

/* Art. 19: the owner, the alienation contract and the court decision of
 * the body (o: a carrier holding only them) on car. */
static int
owner_take(struct carrier_rec *car, const struct carrier_rec *o)
{
	const unsigned bits = CARRIER_M_OWNER | CARRIER_M_OWNER_OBJ | CARRIER_M_OWNER_IIN |
	                      CARRIER_M_OWNER_BIN | CARRIER_M_ALIEN | CARRIER_M_ALIEN_OBJ |
	                      CARRIER_M_ALIEN_CONTRACT | CARRIER_M_ALIEN_COMP |
	                      CARRIER_M_ALIEN_COMP_INT | CARRIER_M_ALIEN_ND | CARRIER_M_COURT_REF;

	if (o == NULL)
		return 0;
	car->more |= o->more & bits;
	memcpy(car->court_ref, o->court_ref, sizeof car->court_ref);
	memcpy(car->owner_kind, o->owner_kind, sizeof car->owner_kind);
	memcpy(car->owner_name, o->owner_name, sizeof car->owner_name);
	memcpy(car->owner_iin, o->owner_iin, sizeof car->owner_iin);
	memcpy(car->owner_bin, o->owner_bin, sizeof car->owner_bin);
	memcpy(car->alien_contract_ref, o->alien_contract_ref, sizeof car->alien_contract_ref);
	car->alien_compensation = o->alien_compensation;
	memcpy(car->alien_nd_signed_on, o->alien_nd_signed_on, sizeof car->alien_nd_signed_on);
	if (o->extra != NULL && (car->extra = q_strdup(o->extra)) == NULL)
		return -1;
	return 0;
}

int
ops_carrier_rec_new(const struct ops_ctx *c, const struct ops_carrier_register_args *a,
                    const char *id, const char *org_id, qdate declassify_on,
                    struct carrier_rec *car, struct qerr *e)
{
	memset(car, 0, sizeof *car);
	if (id != NULL)
		q_strlcpy(car->h.id, id, sizeof car->h.id);
	else
		store_id_new("carrier", car->h.id);
	q_strlcpy(car->org_id, org_id, sizeof car->org_id);
	q_strlcpy(car->account_number, a->account_number, sizeof car->account_number);
	q_strlcpy(car->state, "registered", sizeof car->state);
	car->fields = CARRIER_F_ID | CARRIER_F_ORG | CARRIER_F_ACCOUNT | CARRIER_F_STATE |
	              CARRIER_F_KIND | CARRIER_F_TITLE | CARRIER_F_LABEL | CARRIER_F_INFORMATION |
	              CARRIER_F_SOURCES | CARRIER_F_SHEETS | CARRIER_F_DECLASSIFY_ON |
	              CARRIER_F_REGISTERED_ON | CARRIER_F_REGISTERED_BY;
	q_strlcpy(car->kind, a->kind, sizeof car->kind);
	q_strlcpy(car->label, degree_name(a->label), sizeof car->label);
	car->sheets = a->sheets;
	if (declassify_on != QDATE_NONE)
		date_format(declassify_on, car->declassify_on);
	if (c->effective_date != QDATE_NONE)
		date_format(c->effective_date, car->registered_on);
	q_strlcpy(car->registered_by, c->actor.user_id, sizeof car->registered_by);
	/* "destruction": null, "archive": null until those acts */
	car->more = CARRIER_M_ARCHIVE | CARRIER_M_DESTR;
	car->review_required = STORE_INT_NULL;
	if ((car->title = q_strdup(a->title)) == NULL ||
	    ids_copy(a->information_ids, a->n_info, &car->information_ids, &car->n_information) != 0 ||
	    ids_copy(a->source_carrier_ids, a->n_src, &car->source_ids, &car->n_sources) != 0 ||
	    custody_rec_copies_new(car, a->copies, org_id) != 0 || owner_take(car, a->owner_record) != 0)
		return oom(e, "carrier: out of memory");
	return 0;
}

static int
register_step(const struct ops_ctx *c, const struct ops_carrier_register_args *a,
              struct ops_carrier_result *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct carrier_rec car = {0}, dup = {0};
	struct org_rec org = {0};
	struct carrier_info *info = NULL;
	enum degree *src = NULL;
	struct carrier_owner owner = a->owner;
	qdate declassify_on;
	struct qerr fe = {0};
	int rc = -1;

	info = q_calloc(a->n_info ? a->n_info : 1, sizeof *info);
	src = q_calloc(a->n_src ? a->n_src : 1, sizeof *src);
	if (info == NULL || src == NULL) {
		oom(e, "carrier: out of memory");
		goto out;
	}
	if (ops_begin(c, true, &tx, e) != 0)
		goto out;
	if (ops_org_load(tx, a->org_id, &org, "org_id", e) != 0 ||
	    load_info(tx, a, info, e) != 0 || load_sources(c, tx, a, src, false, e) != 0)
		goto out;
	/* It carries only what its organization sees: another body's
	 * information or carrier is unknown here (404, SPEC.md §3). */
	if (ops_info_ids_visible(c, tx, a->information_ids, a->n_info, "information_ids",
	                         e) != 0 ||
	    load_sources(c, tx, a, src, true, e) != 0)
		goto out;
	if (ops_org_active(tx, org.h.id, "org_id", e) != 0)    /* org_liquidated, Art. 28 */
		goto out;
	/* 409 before 422: the account number is unique in its organization. */
	if (store_carrier_find(tx, org.h.id, a->account_number, &dup, &fe) == 0) {
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
	if (ops_carrier_rec_new(c, a, NULL, org.h.id, declassify_on, &car, e) != 0)
		goto out;
	/* Art. 15, 23: its disposing bodies, kept through every transfer. */
	if (disposal_carrier_rec_bodies(tx, a->information_ids, a->n_info, org.h.id, &car, e) != 0)
		goto out;
	if (store_carrier_insert(tx, &car, e) != 0) {
		if (e->status == QERR_CONFLICT)
			q_strlcpy(e->field, "account_number", sizeof e->field);
		goto out;
	}
	if (movement(c, tx, &car, "registered", 0, NULL, NULL, e) != 0)
		goto out;
	rc = carrier_commit(c, tx, &car, "carrier.create", out, e);
	tx = NULL;
out:
	store_rollback(tx);
	org_rec_free(&org);
	carrier_rec_clear(&car);
	carrier_rec_clear(&dup);
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
                  const struct qerr *input, bool whole, struct carrier_rec *car, struct qerr *e)
{
	if (ops_begin(c, true, tx, e) != 0)
		return -1;
	if (carrier_seen(c, *tx, id, car, e) != 0)
		return -1;
	if ((whole || !custody_rec_org_holds(car, c->actor.org_id)) &&
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
copy_acting_holder(const struct ops_ctx *c, const struct carrier_rec *car,
                   const struct carrier_copy_rec *copy, struct qerr *e)
{
	if (c->actor.cross_org || custody_rec_copy_held_by(car, copy, c->actor.org_id))
		return 0;
	if (custody_rec_copy_person(copy) != NULL && (car->fields & CARRIER_F_ORG) &&
	    strcmp(car->org_id, c->actor.org_id) == 0)
		return 0;
	qerr_set(e, QERR_FORBIDDEN, "forbidden_org", NULL, "copy_number");
	qerr_detail(e, "the copy is held by another organization");
	return -1;
}

/* Sets the copy's holder (NULL: null), state and issued_on. */
static void
copy_hand(struct carrier_copy_rec *copy, const char *holder, const char *state,
          qdate issued_on)
{
	q_strlcpy(copy->holder, holder != NULL ? holder : "", sizeof copy->holder);
	q_strlcpy(copy->state, state, sizeof copy->state);
	copy->issued_on[0] = '\0';
	if (issued_on != QDATE_NONE)
		date_format(issued_on, copy->issued_on);
	copy->fields |= COPY_F_HOLDER | COPY_F_STATE | COPY_F_ISSUED_ON;
}

/* The copy's state ("" when absent or null: none). */
static enum carrier_copy_state
copy_state(const struct carrier_copy_rec *copy)
{
	return carrier_copy_state_parse((copy->fields & COPY_F_STATE) && copy->state[0] != '\0'
	                                        ? copy->state
	                                        : NULL);
}

/* 409, then the access decision's 422 and not_the_holder (Art. 25.1, 26.1,
 * 33.2, R743 p.10): copy goes only to a person of the organization holding
 * it (or to the citizen executor holding it). */
static int
issue_decide(const struct ops_ctx *c, struct store_tx *tx, const struct carrier_rec *car,
             const struct carrier_copy_rec *copy, const struct person_rec *person, long long n,
             enum carrier_state *next, struct qerr *e)
{
	struct access_decision d;
	const char *citizen = custody_rec_copy_person(copy);

	/* 409: only a copy held by the registry is issued. */
	if (carrier_copy_issue(carrier_state_parse(car->state), copy_state(copy), next, e) != 0)
		return -1;
	/* 422: the access decision, checks in the table's order (SPEC.md §3). */
	if (ops_access_verdict(tx, person->h.id, car->h.id, ops_access_on(c), &d, e) != 0 ||
	    ops_access_refusal(&d, e) != 0)
		return -1;
	if (!custody_rec_copy_held_by(car, copy, person->org_id) &&
	    !(citizen != NULL && strcmp(citizen, person->h.id) == 0)) {
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
return_decide(const struct carrier_rec *car, const struct carrier_copy_rec *copy,
              const struct person_rec *person, enum carrier_state *next, struct qerr *e)
{
	if (carrier_copy_return(carrier_state_parse(car->state), copy_state(copy),
	                        custody_rec_copies_out(car), next, e) != 0)
		return -1;
	if (!(copy->fields & COPY_F_HOLDER) || copy->holder[0] == '\0' ||
	    strcmp(copy->holder, person->h.id) != 0) {
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
	struct carrier_rec car = {0};
	struct person_rec person = {0};
	enum carrier_state next;
	struct carrier_copy_rec *copy;
	int rc = -1;

	if (carrier_for_write(c, &tx, a->carrier_id, a->input, false, &car, e) != 0)
		goto out;
	if (ops_person_load(tx, a->person_id, &person, "person_id", e) != 0)
		goto out;
	if (issue && ops_org_active(tx, person.org_id, "person_id", e) != 0)  /* Art. 28 */
		goto out;
	if ((copy = custody_rec_copy_named(&car, a->copy_number, e)) == NULL)
		goto out;
	if (copy_acting_holder(c, &car, copy, e) != 0)
		goto out;
	if (issue ? issue_decide(c, tx, &car, copy, &person, a->copy_number, &next, e) != 0
	          : return_decide(&car, copy, &person, &next, e) != 0)
		goto out;
	copy_hand(copy, issue ? person.h.id : NULL, issue ? "issued" : "in_registry",
	          issue ? c->effective_date : QDATE_NONE);
	carrier_set_state(&car, next);
	if (movement(c, tx, &car, issue ? "issued" : "returned", a->copy_number, person.h.id,
	             NULL, e) != 0)
		goto out;
	rc = carrier_save_commit(c, tx, &car, issue ? "carrier.issue" : "carrier.return", out, e);
	tx = NULL;
out:
	store_rollback(tx);
	carrier_rec_clear(&car);
	person_rec_free(&person);
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

/* The act on the carrier (archive / destruction: {ref, [archive_org_id,]
 * date, by}) and on its journal entry (act: {archive_ref[,
 * archive_org_id]} / {act_number}). */
static void
close_record(const struct ops_ctx *c, const struct ops_carrier_close_args *a, bool archive,
             struct carrier_rec *car, struct movement_rec *act)
{
	char on[QDATE_STR_SIZE] = "";

	if (c->effective_date != QDATE_NONE)
		date_format(c->effective_date, on);
	memset(act, 0, sizeof *act);
	act->found = STORE_INT_NULL;
	if (archive) {
		car->more |= CARRIER_M_ARCHIVE | CARRIER_M_ARCHIVE_OBJ;
		q_strlcpy(car->archive_ref, a->ref, sizeof car->archive_ref);
		q_strlcpy(car->archive_org_id, a->archive_org_id != NULL ? a->archive_org_id : "",
		          sizeof car->archive_org_id);
		q_strlcpy(car->archived_on, on, sizeof car->archived_on);
		q_strlcpy(car->archived_by, c->actor.user_id, sizeof car->archived_by);
		q_strlcpy(act->archive_ref, a->ref, sizeof act->archive_ref);
		/* archive_org_id is there, null when not named ("": 0.1.0's answer) */
		car->more |= CARRIER_M_ARCHIVE_ORG;
		q_strlcpy(act->archive_org_id, a->archive_org_id != NULL ? a->archive_org_id : "",
		          sizeof act->archive_org_id);
		act->more = MOVE_M_ARCHIVE_REF | MOVE_M_ARCHIVE_ORG;
	} else {
		car->more |= CARRIER_M_DESTR | CARRIER_M_DESTR_OBJ;
		q_strlcpy(car->destr_act_number, a->ref, sizeof car->destr_act_number);
		q_strlcpy(car->destroyed_on, on, sizeof car->destroyed_on);
		q_strlcpy(car->destroyed_by, c->actor.user_id, sizeof car->destroyed_by);
		q_strlcpy(act->act_number, a->ref, sizeof act->act_number);
		act->more = MOVE_M_ACT_NUMBER;
	}
}

/* destroy / archive: one flow; the core decides the transition. 403
 * unless the carrier's registry acts (a holder of some copies does not
 * destroy or archive the carrier). */
static int
close_step(const struct ops_ctx *c, const struct ops_carrier_close_args *a, bool archive,
           struct ops_carrier_result *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct carrier_rec car = {0};
	struct movement_rec act;
	enum carrier_state next;
	int rc = -1;

	if (carrier_for_write(c, &tx, a->carrier_id, a->input, true, &car, e) != 0)
		goto out;
	if (archive && archive_org_check(tx, a->archive_org_id, e) != 0)
		goto out;
	if ((archive ? carrier_archive : carrier_destroy)(carrier_state_parse(car.state),
	                                                  custody_rec_copies_out(&car), &next,
	                                                  e) != 0)
		goto out;
	/* 409: acts on the whole carrier wait while a copy is away. */
	if (custody_rec_home_check(&car, e) != 0)
		goto out;
	carrier_set_state(&car, next);
	close_record(c, a, archive, &car, &act);
	if (movement(c, tx, &car, archive ? "archived" : "destroyed", 0, NULL, &act, e) != 0)
		goto out;
	rc = carrier_save_commit(c, tx, &car, archive ? "carrier.archive" : "carrier.destroy", out,
	                         e);
	tx = NULL;
out:
	store_rollback(tx);
	carrier_rec_clear(&car);
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
	rc = carrier_seen(c, tx, carrier_id, &out->car, e);
	if (rc == 0)
		rc = ops_carriers_journal(tx, carrier_id, &out->movements, &out->n_movements, e);
	store_rollback(tx);
	if (rc != 0)
		ops_carrier_result_clear(out);
	return rc;
}

int
ops_carriers_seen(const struct ops_ctx *c, const char *carrier_id, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct carrier_rec car = {0};
	int rc;

	if (ops_begin(c, false, &tx, e) != 0)
		return -1;
	rc = carrier_seen(c, tx, carrier_id, &car, e);
	store_rollback(tx);
	if (rc == 0) {
		/* its registry, a holder, a sender, or its disposing body */
		const char *disp = (car.fields & CARRIER_F_DISPOSING_ORG) ? car.disposing_org_id : "";

		if (!c->actor.cross_org && !custody_rec_org_party(&car, c->actor.org_id) &&
		    !(disp[0] != '\0' && strcmp(disp, c->actor.org_id) == 0))
			rc = ops_scope(c, car.org_id, e);
	}
	carrier_rec_clear(&car);
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
list_cb(void *ctx, const struct carrier_rec *car)
{
	struct list_walk *w = ctx;
	int held[CARRIER_COPIES_MAX];
	size_t nheld = 0;

	if (w->n == w->limit) {
		w->more = true;
		return 1;
	}
	if (w->registry != NULL) {
		nheld = custody_rec_copies_held_by(car, w->registry, held,
		                                   sizeof held / sizeof held[0]);
		if (nheld > sizeof held / sizeof held[0])
			nheld = sizeof held / sizeof held[0];
	}
	w->n++;
	return w->fn(w->ctx, car, w->registry, held, nheld,
	             w->registry != NULL ? custody_rec_left_on(car, w->registry) : NULL);
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
	rc = store_carrier_list(tx, &q, tags, ntags, list_cb, &w, e);
	store_rollback(tx);
	if (rc < 0) {
		if (!qerr_is_set(e))
			qerr_internal(e, "carrier list");
		return -1;
	}
	*more = w.more;
	return 0;
}

int
ops_carriers_walk(struct store_tx *tx, const char *tag, const char *value,
                  store_carrier_cb fn, void *ctx, struct qerr *e)
{
	struct store_query q = {.kind = "carrier"};
	struct store_tag t = {tag, value};

	return store_carrier_walk_tagged(tx, &q, &t, 1, fn, ctx, e);
}
