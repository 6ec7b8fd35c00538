/*
 * declassify.c — declassification, extension and relabelling (see
 * declassify.h).
 *
 * Information items and carriers are structs (core/info_rec.h,
 * core/carrier_rec.h), journal entries typed (ops_movement_write); a
 * carrier's fields of no column (its extensions and relabellings, the
 * journal entry's references) go into its extra through
 * store_json_extra_put. The review entry a flag appends is the JSON object
 * ops_review_flag (ops/lists.h) takes.
 *
 * Invariants:
 *   1. Competence is answered before anything about the target's state or
 *      term (SPEC.md §5), and as 404 to an actor that does not see it.
 *   2. Nothing about a carrier changes silently when its information
 *      changes: it is offered a decision and flagged for review.
 *
 * Untrusted input: ids come from requests; they are only looked up.
 */
#include "ops/declassify.h"

#include <stdlib.h>
#include <string.h>

#include "core/classify.h"
#include "core/declassify.h"
#include "core/custody_rec.h"
#include "core/roles.h"
#include "ops/carrier_store.h"
#include "ops/disposal.h"
#include "ops/items.h"
#include "ops/lists.h"
#include "ops/orgs.h"
#include "ops/records.h"
#include "ops/scope.h"
#include "store/store_json.h"
#include "store/tables_items.h"

void
ops_declassify_result_clear(struct ops_declassify_result *r)
{
	if (r == NULL)
		return;
	carrier_rec_clear(&r->car);
	memset(&r->car, 0, sizeof r->car);
	info_rec_free(&r->info);
	r->is_info = false;
	ops_carrier_offers_free(&r->offers);
	r->has_offers = false;
}

void
ops_carrier_offers_free(struct ops_carrier_offers *o)
{
	if (o == NULL)
		return;
	free(o->v);
	o->v = NULL;
	o->n = 0;
}

static bool
carrier_open(const char *state)
{
	enum carrier_state s = carrier_state_parse(state);

	return s == CARRIER_REGISTERED || s == CARRIER_ISSUED || s == CARRIER_ARCHIVED;
}

/* ---- the review flag (set by ops_review_flag, ops/lists.h) ------------- */

int
ops_declassify_review_clear(const struct ops_ctx *c, struct carrier_rec *car, const char *how,
                            struct qerr *e)
{
	struct carrier_review_rec *v, *r;

	if (!((car->more & CARRIER_M_REVIEW_REQUIRED) && car->review_required == 1) &&
	    !(car->more & CARRIER_M_REVIEW_DUE))
		return 0;
	if ((v = realloc(car->reviews, (car->n_reviews + 1) * sizeof *v)) == NULL)
		return qerr_internal(e, "record: out of memory");
	car->reviews = v;
	car->review_required = 0;
	car->review_due_on[0] = car->review_reason[0] = '\0';
	car->more = (car->more | CARRIER_M_REVIEW_REQUIRED | CARRIER_M_REVIEWS) &
	            ~(unsigned)(CARRIER_M_REVIEW_DUE | CARRIER_M_REVIEW_REASON);
	r = &v[car->n_reviews++];
	memset(r, 0, sizeof *r);
	q_strlcpy(r->kind, "resolved", sizeof r->kind);
	q_strlcpy(r->how, how, sizeof r->how);
	date_format_opt(c->effective_date, r->effective_date);
	q_strlcpy(r->by, c->actor.user_id, sizeof r->by);
	return 0;
}

/* The carrier's label (a degree's name), or NULL when it has none. */
static const char *
carrier_label(const struct carrier_rec *car)
{
	return (car->fields & CARRIER_F_LABEL) && car->label[0] != '\0' ? car->label : NULL;
}

/* The carrier's declassify_on, or QDATE_NONE. */
static qdate
carrier_declassify_on(const struct carrier_rec *car)
{
	qdate d;

	return (car->fields & CARRIER_F_DECLASSIFY_ON) && date_parse(car->declassify_on, &d) == 0
	               ? d
	               : QDATE_NONE;
}

/* ---- competence (Art. 23.1, 23.2) ----------------------------------------- */

/* org_id's parent chain (itself excluded) reaches superior. */
static int
is_superior(struct store_tx *tx, const char *org_id, const char *superior, bool *out,
            struct qerr *e)
{
	char cur[STORE_ID_MAX];

	*out = false;
	q_strlcpy(cur, org_id, sizeof cur);
	for (int hop = 0; hop < DECLASSIFY_ANCESTORS_MAX; hop++) {
		struct org_rec org = {0};

		if (ops_org_load(tx, cur, &org, NULL, e) != 0) {
			if (e->status != QERR_NOT_FOUND)
				return -1;
			qerr_clear(e);
			return 0;
		}
		q_strlcpy(cur, org.parent_id, sizeof cur);
		org_rec_free(&org);
		if (cur[0] == '\0' || strcmp(cur, org_id) == 0)
			return 0;
		if (strcmp(cur, superior) == 0) {
			*out = true;
			return 0;
		}
	}
	return 0;
}

/* A delegation from an organization of the fund to the archive. */
static int
is_delegated(struct store_tx *tx, const struct disposal_fund *f, const char *archive_org,
             bool *out, struct qerr *e)
{
	*out = false;
	for (size_t i = 0; i < f->n && !*out; i++) {
		struct delegation_rec d;
		struct qerr fe = {0};

		if (ops_delegation_find(tx, f->ids[i], archive_org, &d, &fe) == 0) {
			*out = d.state == ORG_ACT_ACTIVE;
			delegation_rec_free(&d);
		} else if (fe.status != QERR_NOT_FOUND) {
			*e = fe;
			return -1;
		}
	}
	return 0;
}

/* What is decided: a declassification (or relabelling) on a ground, or an
 * extension of the term. GROUND_NONE for a declassification whose ground
 * is missing: competence is then asked as for the most permissive ground
 * ("unreasonable"), so the missing ground gets its own code. */
struct act {
	enum declassify_ground ground;
	bool extension;
	bool in_archive;   /* a carrier kept by the actor's archive (always for information) */
};

/* not_competent_to_declassify, Art. 23.1, 23.2, for one disposing body
 * (as recorded; its successor under Art. 28 disposes once it is
 * liquidated): *ok when some role of the actor may decide. Custody is
 * never looked at: holding a carrier confers nothing. */
static int
competent_for(const struct ops_ctx *c, struct store_tx *tx, const char *disposer,
              const struct act *a, bool *ok, struct qerr *e)
{
	static const struct {
		unsigned role;
		enum declassify_actor actor;
	} actors[] = {
		{ROLE_HEAD, ACTOR_HEAD},
		{ROLE_ARCHIVIST, ACTOR_ARCHIVIST},
		{ROLE_AUTHORIZED_BODY, ACTOR_AUTHORIZED_BODY},
	};
	struct disposal_fund f;
	struct declassify_competence dc = {.ground = a->ground, .extension = a->extension};
	const char *me = c->actor.org_id, *cur;

	*ok = false;
	if (dc.ground == GROUND_NONE && !a->extension)
		dc.ground = GROUND_UNREASONABLE;
	if (disposal_fund_of(tx, disposer, &f, e) != 0)
		return -1;
	dc.disposer_liquidated_without_successor = f.liquidated_without_successor;
	cur = disposal_fund_current(&f);
	if (me[0] != '\0') {
		/* Art. 28: only the body disposing now — the recorded one, or
		 * its successor once it is liquidated; never a predecessor. */
		dc.actor_is_disposer = cur != NULL && strcmp(cur, me) == 0;
		if (is_superior(tx, disposer, me, &dc.actor_is_superior, e) != 0 ||
		    is_delegated(tx, &f, me, &dc.delegated_to_actor, e) != 0)
			return -1;
		dc.delegated_to_actor = dc.delegated_to_actor && a->in_archive;
	}
	for (size_t i = 0; i < sizeof actors / sizeof actors[0] && !*ok; i++) {
		struct qerr ce = {0};

		if (!(c->actor.roles & actors[i].role))
			continue;
		dc.actor = actors[i].actor;
		*ok = declassify_competence_check(&dc, &ce) == 0;
	}
	return 0;
}

/* not_competent_to_declassify for a carrier (disposal_carrier_rec_deciders()).
 * Our reading of Art. 23.1, each body deciding only on its own information:
 * a declassification or relabelling (less protection) needs competence for
 * every body whose information on the carrier is still classified — when
 * none is, for any one of its disposing bodies; an extension (more
 * protection, Art. 23.1 para 2) for any one of its disposing bodies. */
static int
carrier_competence(const struct ops_ctx *c, struct store_tx *tx, const struct carrier_rec *car,
                   struct act *a, struct qerr *e)
{
	char ids[DISPOSAL_BODIES_MAX][STORE_ID_MAX];
	const char *archive_org = (car->more & CARRIER_M_ARCHIVE_OBJ) &&
	                                          (car->more & CARRIER_M_ARCHIVE_ORG) &&
	                                          car->archive_org_id[0] != '\0'
	                                  ? car->archive_org_id
	                                  : NULL;
	size_t n;
	bool ok = true, any, one = false;

	/* Art. 23.2 para 2: "stored in the closed funds of these archives" —
	 * held by the actor's archive, or archived with it (archived without
	 * naming an archive: with any archive the fund delegated to). */
	a->in_archive = strcmp(car->org_id, c->actor.org_id) == 0 ||
	                (carrier_state_parse(car->state) == CARRIER_ARCHIVED &&
	                 (archive_org == NULL || strcmp(archive_org, c->actor.org_id) == 0));
	if (disposal_carrier_rec_deciders(tx, car, car->org_id, a->extension, ids, &n, &any,
	                                  e) != 0)
		return -1;
	for (size_t i = 0; i < n && (any ? !one : ok); i++) {
		if (competent_for(c, tx, ids[i], a, &ok, e) != 0)
			return -1;
		one = one || ok;
	}
	if (n == 0 || !(any ? one : ok))
		return qerr_rule(e, "not_competent_to_declassify", ART_NOT_COMPETENT);
	return 0;
}

/* not_competent_to_declassify for an information item: the body that
 * disposes of it now (information.org_id, or its successor under Art. 28).
 * For an extension (Art. 20.3) the same body decides; past 30 years on the
 * authorized body's conclusion. */
static int
info_competence(const struct ops_ctx *c, struct store_tx *tx, const struct info_rec *info,
                const char *ground, bool extension, struct qerr *e)
{
	struct act a = {.extension = extension, .in_archive = true};
	bool ok;

	if (!extension)
		a.ground = declassify_ground_parse(ground);
	if (competent_for(c, tx, info->org_id, &a, &ok, e) != 0)
		return -1;
	return ok ? 0 : qerr_rule(e, "not_competent_to_declassify", ART_NOT_COMPETENT);
}

/* Relabelling (Art. 18, 23.1) is the disposing body's decision on its
 * carrier, taken by its head or security officer: the actor's organization
 * disposes now of the information still classified on it. Holding the
 * carrier confers nothing. */
static int
relabel_competence(const struct ops_ctx *c, struct store_tx *tx, const struct carrier_rec *car,
                   struct qerr *e)
{
	char ids[DISPOSAL_BODIES_MAX][STORE_ID_MAX];
	size_t n;
	bool ok = true, any, one = false;

	if (disposal_carrier_rec_deciders(tx, car, car->org_id, false, ids, &n, &any, e) != 0)
		return -1;
	for (size_t i = 0; i < n && (any ? !one : ok); i++) {
		if (disposal_is_current(tx, ids[i], c->actor.org_id, &ok, e) != 0)
			return -1;
		one = one || ok;
	}
	if (n == 0 || !(any ? one : ok))   /* not_competent_to_declassify, Art. 23.1 */
		return qerr_rule(e, "not_competent_to_declassify", ART_NOT_COMPETENT);
	return 0;
}

/* A body that cannot see the target (it neither holds, disposes of nor
 * audits it) learns nothing about it: its refusal is 404, not 422
 * (SPEC.md §3 after the access table, §5). Competent bodies (an archive
 * with a delegation, the authorized body) pass whatever they see. */
static int
unseen_or(const struct ops_ctx *c, struct store_tx *tx, const struct carrier_rec *car,
          const struct info_rec *info, int rc, struct qerr *e)
{
	struct qerr ve = {0};
	bool seen = false;

	if (rc == 0 || e == NULL || e->status != QERR_RULE ||
	    strcmp(e->code, "not_competent_to_declassify") != 0)
		return rc;
	if (info != NULL) {
		if (ops_info_visible(c, tx, info, NULL, &ve) != 0 && ve.status == QERR_NOT_FOUND) {
			*e = ve;
			return -1;
		}
		return rc;
	}
	if (ops_scope_carrier_sees(tx, car, c->actor.org_id, c->actor.cross_org, &seen, &ve) ==
	            0 &&
	    !seen) {
		qerr_set(&ve, QERR_NOT_FOUND, "not_found", NULL, NULL);
		*e = ve;
		return -1;
	}
	return rc;
}

static int
unseen_is_not_found(const struct ops_ctx *c, struct store_tx *tx, const struct carrier_rec *car,
                    int rc, struct qerr *e)
{
	return unseen_or(c, tx, car, NULL, rc, e);
}

/* The same for an information item. */
static int
unseen_info_is_not_found(const struct ops_ctx *c, struct store_tx *tx,
                         const struct info_rec *info, int rc, struct qerr *e)
{
	return unseen_or(c, tx, NULL, info, rc, e);
}

/* ---- carriers of an item whose degree or state changed ------------------- */

/* The label a carrier requires now, with the item override_id counted as
 * override_state / override_degree (its new facts, not yet stored). */
static int
carrier_required(struct store_tx *tx, const struct carrier_rec *car, const char *override_id,
                 enum carrier_info_state override_state, enum degree override_degree,
                 enum degree *required, struct qerr *e)
{
	size_t ninfo = car->n_information, nsrc = car->n_sources, i;
	struct carrier_info *info;
	enum degree *src;
	int ret = 0;

	info = calloc(ninfo ? ninfo : 1, sizeof *info);
	src = calloc(nsrc ? nsrc : 1, sizeof *src);
	if (info == NULL || src == NULL) {
		free(info);
		free(src);
		return qerr_internal(e, "carrier facts: out of memory");
	}
	for (i = 0; i < ninfo; i++) {
		struct info_rec rec;
		const char *id = car->information_ids[i];

		if (strcmp(id, override_id) == 0) {
			info[i].state = override_state;
			info[i].degree = override_degree;
			continue;
		}
		if (ops_info_load(tx, id, &rec, NULL, e) != 0) {
			ret = -1;
			break;
		}
		info[i].degree = (enum degree)rec.degree;
		info[i].state = carrier_info_state_parse(info_state_name(rec.state));
		info[i].declassify_on = rec.declassify_on;
		info_rec_free(&rec);
	}
	for (i = 0; ret == 0 && i < nsrc; i++) {
		struct carrier_rec rec;

		if (store_carrier_get(tx, car->source_ids[i], &rec, e) != 0) {
			ret = -1;
			break;
		}
		/* A declassified source no longer stands for secret information. */
		src[i] = strcmp(rec.state, "declassified") == 0 ? DEGREE_NONE
		                                                : degree_parse(carrier_label(&rec));
		carrier_rec_clear(&rec);
	}
	if (ret == 0)
		*required = carrier_label_required(info, ninfo, src, nsrc);
	free(info);
	free(src);
	return ret;
}

/* The candidates: ids of the carriers naming the item, checked after the
 * walk. */
struct cands {
	carrier_id_t *v;
	size_t n;
};

static int
naming_cb(void *ctx, const struct carrier_rec *car)
{
	struct cands *k = ctx;
	carrier_id_t *v = realloc(k->v, (k->n + 1) * sizeof *v);

	if (v == NULL)
		return -1;
	k->v = v;
	q_strlcpy(v[k->n++], car->h.id, sizeof *v);
	return 0;
}

/* id is one of car's information_ids. */
static bool
carries(const struct carrier_rec *car, const char *id)
{
	for (size_t i = 0; i < car->n_information; i++)
		if (strcmp(car->information_ids[i], id) == 0)
			return true;
	return false;
}

/* The offer for one candidate carrier id, appended to offers; *flag set
 * when it needs a decision (entry: the review entry, new). */
static int
offer_one(const struct ops_ctx *c, struct store_tx *tx, const char *id, const char *info_id,
          enum carrier_info_state new_state, enum degree new_degree, const char *reason,
          struct ops_carrier_offers *offers, struct qerr *e)
{
	struct carrier_rec car;
	enum degree label, required, proposed;
	enum declassify_offer o;
	json_t *entry;
	int rc = -1;

	if (store_carrier_get(tx, id, &car, e) != 0)
		return -1;
	if (!carrier_open(car.state) || !carries(&car, info_id)) {
		carrier_rec_clear(&car);
		return 0;
	}
	label = degree_parse(carrier_label(&car));
	if (carrier_required(tx, &car, info_id, new_state, new_degree, &required, e) != 0)
		goto out;
	o = declassify_carrier_offer(label, required, &proposed);
	{
		struct ops_carrier_offer *v = realloc(offers->v, (offers->n + 1) * sizeof *v), *f;

		if (v == NULL) {
			qerr_internal(e, "carrier offers");
			goto out;
		}
		offers->v = v;
		f = &v[offers->n++];
		memset(f, 0, sizeof *f);
		q_strlcpy(f->carrier_id, car.h.id, sizeof f->carrier_id);
		q_strlcpy(f->account_number, car.account_number, sizeof f->account_number);
		q_strlcpy(f->org_id, car.org_id, sizeof f->org_id);
		f->label = label;
		f->offer = o;
		f->proposed = proposed;
	}
	if (o == OFFER_KEEP) {
		rc = 0;
		goto out;
	}
	entry = json_pack("{s:s, s:s, s:s, s:s, s:s?, s:o, s:s}", "kind", "flagged", "reason",
	                  reason, "information_id", info_id, "offer", declassify_offer_name(o),
	                  "proposed_label", degree_name(proposed), "effective_date",
	                  ops_docs_json_date(c->effective_date), "by", c->actor.user_id);
	if (entry == NULL) {
		qerr_internal(e, "carrier offers");
		goto out;
	}
	rc = ops_review_flag(tx, "carrier", id, entry, c->effective_date, reason, e);
	json_decref(entry);
out:
	carrier_rec_clear(&car);
	return rc;
}

int
ops_declassify_carriers_offer(const struct ops_ctx *c, struct store_tx *tx,
                              const char *info_id, enum carrier_info_state new_state,
                              enum degree new_degree, const char *reason,
                              struct ops_carrier_offers *out, struct qerr *e)
{
	struct cands cand = {0};

	memset(out, 0, sizeof *out);
	if (store_carrier_naming_each(tx, info_id, naming_cb, &cand, e) != 0)
		goto fail;
	for (size_t i = 0; i < cand.n; i++)
		if (offer_one(c, tx, cand.v[i], info_id, new_state, new_degree, reason, out, e) != 0)
			goto fail;
	free(cand.v);
	return 0;
fail:
	if (!qerr_is_set(e))
		qerr_internal(e, "carrier offers");
	free(cand.v);
	ops_carrier_offers_free(out);
	return -1;
}

/* ---- the frame of every step ----------------------------------------------- */

/* The carrier's declassification {ground, court_ref, effective_date, by}
 * (ground and court_ref null when not given; the API refuses an empty
 * court_ref with 400, so the column's "" is always null). */
static void
declassification_set(const struct ops_ctx *c, const struct ops_declassify_args *a,
                     struct carrier_rec *car)
{
	q_strlcpy(car->decl_ground, a->ground ? a->ground : "", sizeof car->decl_ground);
	q_strlcpy(car->decl_court_ref, a->court_ref ? a->court_ref : "",
	          sizeof car->decl_court_ref);
	date_format_opt(c->effective_date, car->decl_on);
	q_strlcpy(car->decl_by, c->actor.user_id, sizeof car->decl_by);
	car->more |= CARRIER_M_DECL | CARRIER_M_DECL_OBJ;
}

/* Loads the carrier id for a write: 404, then the body's 400. */
static int
load_for_write(const struct ops_ctx *c, struct store_tx **tx, const char *id,
               const struct qerr *input, struct carrier_rec *car, struct qerr *e)
{
	memset(car, 0, sizeof *car);
	if (ops_begin(c, true, tx, e) != 0)
		return -1;
	if (ops_carrier_load(*tx, id, car, NULL, e) != 0)
		return -1;
	if (input != NULL && qerr_is_set(input)) {
		*e = *input;
		return -1;
	}
	return 0;
}

/* The end of a step on a carrier: stored with its journal entry movement
 * (act: its fields; these acts name no copy and no person: both null) and
 * the audited commit; car handed to the result. tx and car are consumed. */
static int
carrier_finish(const struct ops_ctx *c, struct store_tx *tx, struct carrier_rec *car,
               const char *movement, const struct movement_rec *act, const char *action,
               struct ops_declassify_result *out, struct qerr *e)
{
	int rc = -1;

	if (ops_carrier_save(tx, car, e) == 0 &&
	    ops_movement_write(c, tx, car->h.id, car->org_id, movement, 0, NULL, act, e) == 0) {
		rc = ops_commit(c, tx, action, car->h.id, NULL, e);
		tx = NULL;
		if (rc == 0) {
			out->car = *car;
			memset(car, 0, sizeof *car);
		}
	}
	store_rollback(tx);
	carrier_rec_clear(car);   /* handed over on success, released otherwise */
	return rc;
}

/* 409 invalid_state: extension and relabelling are for carriers still open. */
static int
carrier_open_check(const struct carrier_rec *car, struct qerr *e)
{
	if (carrier_open(car->state))
		return 0;
	qerr_set(e, QERR_CONFLICT, "invalid_state", NULL, NULL);
	qerr_detail(e, "the carrier is %s", car->state);
	return -1;
}

static int
finish(const struct ops_ctx *c, int rc, const char *action, const char *object,
       struct ops_declassify_result *out, struct qerr *e)
{
	if (rc == 0)
		return 0;
	ops_declassify_result_clear(out);
	if (e->status == QERR_RULE)
		return ops_refuse(c, action, object, e);
	return -1;
}

/* ---- information: declassify, extend (Art. 20.3, 22, 23) ------------------ */

/* Loads the item id for a write: 404, then the body's 400. */
static int
info_for_write(const struct ops_ctx *c, struct store_tx **tx, const char *id,
               const struct qerr *input, struct info_rec *r, struct qerr *e)
{
	info_rec_init(r);
	if (ops_begin(c, true, tx, e) != 0 || ops_info_load(*tx, id, r, NULL, e) != 0)
		return -1;
	if (input != NULL && qerr_is_set(input)) {
		*e = *input;
		return -1;
	}
	return 0;
}

/* Commits the step on an item (its audit entry; r is written) and hands
 * r to the result. tx is consumed. */
static int
info_commit_into(const struct ops_ctx *c, struct store_tx *tx, struct info_rec *r,
                 const char *action, struct ops_declassify_result *out, struct qerr *e)
{
	if (ops_commit(c, tx, action, r->h.id, NULL, e) != 0)
		return -1;
	out->info = *r;
	out->is_info = true;
	memset(r, 0, sizeof *r);
	return 0;
}

static int
info_declassify_step(const struct ops_ctx *c, const struct ops_declassify_args *a,
                     struct ops_declassify_result *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct info_rec r;
	int rc = -1;

	if (info_for_write(c, &tx, a->id, a->input, &r, e) != 0)
		goto out;
	/* not_competent_to_declassify, Art. 23.1, 23.2: before anything about
	 * the item's state or term is answered (SPEC.md §5). */
	if (unseen_info_is_not_found(c, tx, &r,
	                             info_competence(c, tx, &r, a->ground, false, e), e) != 0 ||
	    declassify_information_state(info_state_name(r.state), e) != 0)        /* 409 */
		goto out;
	/* declassify_ground_required, Art. 22.1 (15.4) */
	if (declassify_ground_check(a->ground, a->court_ref, r.declassify_on, c->effective_date,
	                            e) != 0)
		goto out;
	r.state = INFO_ST_DECLASSIFIED;
	info_rec_mark(&r, INFO_F_STATE);
	r.declassified_on = c->effective_date;
	info_rec_mark(&r, INFO_F_DECLASSIFIED_ON);
	r.decl_on = c->effective_date;
	q_strlcpy(r.decl_by, c->actor.user_id, sizeof r.decl_by);
	if (info_rec_set_text(&r, INFO_F_DECLASSIFICATION, &r.decl_ground, a->ground) != 0 ||
	    info_rec_set_text(&r, INFO_F_DECLASSIFICATION, &r.decl_court_ref, a->court_ref) != 0) {
		qerr_internal(e, "declassification: out of memory");
		goto out;
	}
	if (ops_info_review_clear(c, &r, "declassified", e) != 0 ||
	    store_info_update(tx, &r, e) != 0)
		goto out;
	/* Art. 18, 23.1: its carriers are offered, never changed silently. */
	if (ops_declassify_carriers_offer(c, tx, r.h.id, CARRIER_INFO_DECLASSIFIED,
	                                  (enum degree)r.degree, "information_declassified",
	                                  &out->offers, e) != 0)
		goto out;
	out->has_offers = true;
	rc = info_commit_into(c, tx, &r, "information.declassify", out, e);
	tx = NULL;
out:
	store_rollback(tx);
	info_rec_free(&r);
	return rc;
}

int
ops_declassify_information(const struct ops_ctx *c, const struct ops_declassify_args *a,
                           struct ops_declassify_result *out, struct qerr *e)
{
	memset(out, 0, sizeof *out);
	return finish(c, info_declassify_step(c, a, out, e), "information.declassify", a->id,
	              out, e);
}

static int
info_extend_step(const struct ops_ctx *c, const struct ops_extend_args *a,
                 struct ops_declassify_result *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct info_rec r;
	struct info_extension x = {.to = a->declassify_on,
	                           .conclusion_ref = (char *)a->conclusion_ref,
	                           .effective_date = c->effective_date};
	int rc = -1;

	if (info_for_write(c, &tx, a->id, a->input, &r, e) != 0)
		goto out;
	if (unseen_info_is_not_found(c, tx, &r, info_competence(c, tx, &r, NULL, true, e),
	                             e) != 0 ||                           /* Art. 20.3, 23.1 */
	    declassify_information_state(info_state_name(r.state), e) != 0)
		goto out;
	x.from = r.declassify_on;
	/* extension_needs_conclusion, Art. 20.3 */
	if (declassify_extend_information_check(r.classified_on, x.from, a->declassify_on,
	                                        a->conclusion_ref, e) != 0)
		goto out;
	q_strlcpy(x.by, c->actor.user_id, sizeof x.by);
	r.declassify_on = a->declassify_on;
	info_rec_mark(&r, INFO_F_DECLASSIFY_ON);
	if (info_rec_extension_add(&r, &x) != 0) {
		qerr_internal(e, "extension: out of memory");
		goto out;
	}
	if (store_info_update(tx, &r, e) != 0)
		goto out;
	rc = info_commit_into(c, tx, &r, "information.extend", out, e);
	tx = NULL;
out:
	store_rollback(tx);
	info_rec_free(&r);
	return rc;
}

int
ops_declassify_information_extend(const struct ops_ctx *c, const struct ops_extend_args *a,
                                  struct ops_declassify_result *out, struct qerr *e)
{
	memset(out, 0, sizeof *out);
	return finish(c, info_extend_step(c, a, out, e), "information.extend", a->id, out, e);
}

/* ---- carriers: declassify, extend, relabel --------------------------------- */

static int
carrier_declassify_step(const struct ops_ctx *c, const struct ops_declassify_args *a,
                        struct ops_declassify_result *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct carrier_rec car;
	struct act act = {0};
	struct movement_rec mv = {.found = STORE_INT_NULL, .more = MOVE_M_GROUND};
	enum carrier_state next;

	if (load_for_write(c, &tx, a->id, a->input, &car, e) != 0)
		goto fail;
	/* not_competent_to_declassify, Art. 23.1, 23.2: before anything about
	 * the carrier's state or term is answered (SPEC.md §5). */
	act.ground = declassify_ground_parse(a->ground);
	if (unseen_is_not_found(c, tx, &car, carrier_competence(c, tx, &car, &act, e), e) != 0)
		goto fail;
	/* 409. Art. 23.2 para 2: carriers kept in an archive's closed fund are
	 * declassified there, so "archived" is a state declassification leaves
	 * from too (core/carrier.c knows the registry's own transitions). */
	if (carrier_state_parse(car.state) == CARRIER_ARCHIVED)
		next = CARRIER_DECLASSIFIED;
	else if (carrier_declassify(carrier_state_parse(car.state), &next, e) != 0)
		goto fail;
	/* declassify_ground_required, Art. 22.1 (15.4) */
	if (declassify_ground_check(a->ground, a->court_ref, carrier_declassify_on(&car),
	                            c->effective_date, e) != 0)
		goto fail;
	/* 409: a whole-carrier act waits while a copy is away (custody_rec.h). */
	if (custody_rec_home_check(&car, e) != 0)
		goto fail;
	q_strlcpy(car.state, carrier_state_name(next), sizeof car.state);
	car.fields |= CARRIER_F_STATE;
	date_format_opt(c->effective_date, car.declassified_on);
	car.more |= CARRIER_M_DECLASSIFIED_ON;
	declassification_set(c, a, &car);
	if (ops_declassify_review_clear(c, &car, "declassified", e) != 0)
		goto fail;
	q_strlcpy(mv.ground, a->ground ? a->ground : "", sizeof mv.ground);
	return carrier_finish(c, tx, &car, "declassified", &mv, "carrier.declassify", out, e);
fail:
	store_rollback(tx);
	carrier_rec_clear(&car);
	return -1;
}

int
ops_declassify_carrier(const struct ops_ctx *c, const struct ops_declassify_args *a,
                       struct ops_declassify_result *out, struct qerr *e)
{
	memset(out, 0, sizeof *out);
	return finish(c, carrier_declassify_step(c, a, out, e), "carrier.declassify", a->id, out,
	              e);
}

static int
carrier_extend_step(const struct ops_ctx *c, const struct ops_extend_args *a,
                    struct ops_declassify_result *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct carrier_rec car;
	struct act act = {.extension = true};
	struct movement_rec mv = {.found = STORE_INT_NULL, .more = MOVE_M_DECLASSIFY_ON};
	char from[QDATE_STR_SIZE], to[QDATE_STR_SIZE], on[QDATE_STR_SIZE];
	qdate cur;
	int rc;

	if (load_for_write(c, &tx, a->id, a->input, &car, e) != 0)
		goto fail;
	/* not_competent_to_declassify, Art. 23.1 (before the state, SPEC.md §5) */
	if (unseen_is_not_found(c, tx, &car, carrier_competence(c, tx, &car, &act, e), e) != 0 ||
	    carrier_open_check(&car, e) != 0)
		goto fail;
	cur = carrier_declassify_on(&car);
	/* extension_needs_conclusion, Art. 23.1 */
	if (declassify_extend_carrier_check(cur, a->declassify_on, a->conclusion_ref, e) != 0)
		goto fail;
	date_format_opt(cur, from);
	date_format_opt(a->declassify_on, to);
	date_format_opt(c->effective_date, on);
	{
		const char *const kv[][2] = {{"from", from[0] ? from : NULL}, {"to", to[0] ? to : NULL},
		                             {"expert_conclusion_ref", a->conclusion_ref},
		                             {"effective_date", on[0] ? on : NULL},
		                             {"by", c->actor.user_id}};
		const char *const ref[][2] = {{"expert_conclusion_ref", a->conclusion_ref}};

		if (store_json_extra_put(&car.extra, "extensions", true, kv, 5) != 0 ||
		    store_json_extra_put(&mv.extra, NULL, false, ref, 1) != 0) {
			qerr_internal(e, "record: out of memory");
			goto fail;
		}
	}
	q_strlcpy(car.declassify_on, to, sizeof car.declassify_on);
	car.fields |= CARRIER_F_DECLASSIFY_ON;
	q_strlcpy(mv.declassify_on, to, sizeof mv.declassify_on);
	rc = carrier_finish(c, tx, &car, "extended", &mv, "carrier.extend", out, e);
	free(mv.extra);
	return rc;
fail:
	store_rollback(tx);
	carrier_rec_clear(&car);
	free(mv.extra);
	return -1;
}

int
ops_declassify_carrier_extend(const struct ops_ctx *c, const struct ops_extend_args *a,
                              struct ops_declassify_result *out, struct qerr *e)
{
	memset(out, 0, sizeof *out);
	return finish(c, carrier_extend_step(c, a, out, e), "carrier.extend", a->id, out, e);
}

static int
carrier_relabel_step(const struct ops_ctx *c, const struct ops_relabel_args *a,
                     struct ops_declassify_result *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct carrier_rec car;
	struct movement_rec mv = {.found = STORE_INT_NULL};
	char on[QDATE_STR_SIZE];
	enum degree old, required;
	int rc;

	if (load_for_write(c, &tx, a->carrier_id, a->input, &car, e) != 0)
		goto fail;
	/* not_competent_to_declassify, Art. 23.1 (before the state, SPEC.md §5) */
	if (unseen_is_not_found(c, tx, &car, relabel_competence(c, tx, &car, e), e) != 0 ||
	    carrier_open_check(&car, e) != 0)
		goto fail;
	/* 409: a whole-carrier act waits while a copy is away (core/custody_rec.h). */
	if (custody_rec_home_check(&car, e) != 0)
		goto fail;
	old = degree_parse(carrier_label(&car));
	if (carrier_required(tx, &car, "", CARRIER_INFO_UNKNOWN, DEGREE_NONE, &required, e) != 0)
		goto fail;
	/* label_mismatch, Art. 18: nothing classified left is a declassification. */
	if (required == DEGREE_NONE || a->label != required) {
		qerr_rule(e, "label_mismatch", "18");
		qerr_detail_key(e, "carrier_requires", "the carrier requires {label}", "label",
		                required == DEGREE_NONE ? "declassification" : degree_name(required),
		                NULL);
		goto fail;
	}
	date_format_opt(c->effective_date, on);
	{
		const char *const kv[][2] = {{"from", degree_name(old)}, {"to", degree_name(a->label)},
		                             {"effective_date", on[0] ? on : NULL},
		                             {"by", c->actor.user_id}};
		const char *const labels[][2] = {{"from_label", degree_name(old)},
		                                 {"label", degree_name(a->label)}};

		if (store_json_extra_put(&car.extra, "relabellings", true, kv, 4) != 0 ||
		    store_json_extra_put(&mv.extra, NULL, false, labels, 2) != 0) {
			qerr_internal(e, "record: out of memory");
			goto fail;
		}
	}
	q_strlcpy(car.label, degree_name(a->label), sizeof car.label);
	car.fields |= CARRIER_F_LABEL;
	if (ops_declassify_review_clear(c, &car, "relabelled", e) != 0)
		goto fail;
	rc = carrier_finish(c, tx, &car, "relabelled", &mv, "carrier.relabel", out, e);
	free(mv.extra);
	return rc;
fail:
	store_rollback(tx);
	carrier_rec_clear(&car);
	free(mv.extra);
	return -1;
}

int
ops_declassify_carrier_relabel(const struct ops_ctx *c, const struct ops_relabel_args *a,
                               struct ops_declassify_result *out, struct qerr *e)
{
	memset(out, 0, sizeof *out);
	return finish(c, carrier_relabel_step(c, a, out, e), "carrier.relabel", a->carrier_id,
	              out, e);
}
