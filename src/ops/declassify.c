/*
 * declassify.c — declassification, extension and relabelling (see
 * declassify.h).
 *
 * Record form: information items, carriers and movements are JSON
 * `record` rows until the typed tables land; jansson edits their docs here
 * and every jansson call is checked (a failure rolls the step back).
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
#include "core/roles.h"
#include "ops/carriers.h"
#include "ops/custody.h"
#include "ops/disposal.h"
#include "ops/items.h"
#include "ops/jrec.h"
#include "ops/lists.h"
#include "ops/orgs.h"
#include "ops/records.h"
#include "store/tables_items.h"

void
ops_declassify_result_clear(struct ops_declassify_result *r)
{
	if (r == NULL)
		return;
	store_rec_clear(&r->rec);
	info_rec_free(&r->info);
	r->is_info = false;
	json_decref(r->offers);
	r->offers = NULL;
}

static bool
carrier_open(const char *state)
{
	enum carrier_state s = carrier_state_parse(state);

	return s == CARRIER_REGISTERED || s == CARRIER_ISSUED || s == CARRIER_ARCHIVED;
}

/* ---- the review flag (set by ops_review_flag, ops/lists.h) ------------- */

int
ops_declassify_review_clear(const struct ops_ctx *c, json_t *doc, const char *how,
                            struct qerr *e)
{
	if (!json_is_true(json_object_get(doc, "review_required")) &&
	    json_object_get(doc, "review_due_on") == NULL)
		return 0;
	if (ops_docs_set(doc, "review_required", json_false(), e) != 0)
		return -1;
	json_object_del(doc, "review_due_on");
	json_object_del(doc, "review_reason");
	return ops_docs_append(doc, "reviews",
	                       json_pack("{s:s, s:s, s:o, s:s}", "kind", "resolved", "how", how,
	                                 "effective_date", ops_docs_json_date(c->effective_date), "by",
	                                 c->actor.user_id),
	                       e);
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

/* not_competent_to_declassify for a carrier (disposal_carrier_deciders()).
 * Our reading of Art. 23.1, each body deciding only on its own information:
 * a declassification or relabelling (less protection) needs competence for
 * every body whose information on the carrier is still classified — when
 * none is, for any one of its disposing bodies; an extension (more
 * protection, Art. 23.1 para 2) for any one of its disposing bodies. */
static int
carrier_competence(const struct ops_ctx *c, struct store_tx *tx, const struct store_rec *car,
                   struct act *a, struct qerr *e)
{
	char ids[DISPOSAL_BODIES_MAX][STORE_ID_MAX];
	const char *archive_org = ops_docs_str(json_object_get(car->doc, "archive"),
	                                       "archive_org_id");
	size_t n;
	bool ok = true, any, one = false;

	/* Art. 23.2 para 2: "stored in the closed funds of these archives" —
	 * held by the actor's archive, or archived with it (archived without
	 * naming an archive: with any archive the fund delegated to). */
	a->in_archive = strcmp(car->org_id, c->actor.org_id) == 0 ||
	                (carrier_state_parse(car->state) == CARRIER_ARCHIVED &&
	                 (archive_org == NULL || strcmp(archive_org, c->actor.org_id) == 0));
	if (disposal_carrier_deciders(tx, car->doc, car->org_id, a->extension, ids, &n, &any,
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
relabel_competence(const struct ops_ctx *c, struct store_tx *tx, const struct store_rec *car,
                   struct qerr *e)
{
	char ids[DISPOSAL_BODIES_MAX][STORE_ID_MAX];
	size_t n;
	bool ok = true, any, one = false;

	if (disposal_carrier_deciders(tx, car->doc, car->org_id, false, ids, &n, &any, e) != 0)
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
unseen_or(const struct ops_ctx *c, struct store_tx *tx, const struct store_rec *rec,
          const struct info_rec *info, int rc, struct qerr *e)
{
	struct qerr ve = {0};

	if (rc == 0 || e == NULL || e->status != QERR_RULE ||
	    strcmp(e->code, "not_competent_to_declassify") != 0)
		return rc;
	if ((info != NULL ? ops_info_visible(c, tx, info, NULL, &ve)
	                  : ops_rec_visible(c, tx, rec, NULL, &ve)) != 0 &&
	    ve.status == QERR_NOT_FOUND) {
		*e = ve;
		return -1;
	}
	return rc;
}

static int
unseen_is_not_found(const struct ops_ctx *c, struct store_tx *tx, const struct store_rec *rec,
                    int rc, struct qerr *e)
{
	return unseen_or(c, tx, rec, NULL, rc, e);
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
carrier_required(struct store_tx *tx, const json_t *car, const char *override_id,
                 enum carrier_info_state override_state, enum degree override_degree,
                 enum degree *required, struct qerr *e)
{
	json_t *ids = json_object_get(car, "information_ids"), *srcs, *v;
	size_t ninfo = json_array_size(ids), nsrc, i;
	struct carrier_info *info;
	enum degree *src;
	int ret = 0;

	srcs = json_object_get(car, "source_carrier_ids");
	nsrc = json_array_size(srcs);
	info = calloc(ninfo ? ninfo : 1, sizeof *info);
	src = calloc(nsrc ? nsrc : 1, sizeof *src);
	if (info == NULL || src == NULL) {
		free(info);
		free(src);
		return qerr_internal(e, "carrier facts: out of memory");
	}
	json_array_foreach(ids, i, v) {
		struct info_rec rec;
		const char *id = json_string_value(v);

		if (id != NULL && strcmp(id, override_id) == 0) {
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
	json_array_foreach(srcs, i, v) {
		struct store_rec rec = {0};

		if (ret != 0 || store_rec_get(tx, "carrier", json_string_value(v), &rec, e) != 0) {
			ret = -1;
			break;
		}
		/* A declassified source no longer stands for secret information. */
		src[i] = strcmp(rec.state, "declassified") == 0
		                 ? DEGREE_NONE
		                 : degree_parse(ops_docs_str(rec.doc, "label"));
		store_rec_clear(&rec);
	}
	if (ret == 0)
		*required = carrier_label_required(info, ninfo, src, nsrc);
	free(info);
	free(src);
	return ret;
}

static int
naming_cb(void *ctx, const struct store_rec *rec)
{
	/* candidates only: checked after the walk */
	return json_array_append_new(ctx, json_string(rec->id)) == 0 ? 0 : -1;
}

/* The offer for one candidate carrier id, appended to offers; *flag set
 * when it needs a decision (entry: the review entry, new). */
static int
offer_one(const struct ops_ctx *c, struct store_tx *tx, const char *id, const char *info_id,
          enum carrier_info_state new_state, enum degree new_degree, const char *reason,
          json_t *offers, struct qerr *e)
{
	struct store_rec car = {0};
	enum degree label, required, proposed;
	enum declassify_offer o;
	json_t *entry;
	int rc = -1;

	if (store_rec_get(tx, "carrier", id, &car, e) != 0)
		return -1;
	if (!carrier_open(car.state) ||
	    !jrec_has_str(json_object_get(car.doc, "information_ids"), info_id)) {
		store_rec_clear(&car);
		return 0;
	}
	label = degree_parse(ops_docs_str(car.doc, "label"));
	if (carrier_required(tx, car.doc, info_id, new_state, new_degree, &required, e) != 0)
		goto out;
	o = declassify_carrier_offer(label, required, &proposed);
	if (json_array_append_new(offers,
	                          json_pack("{s:s, s:s, s:s, s:s?, s:s, s:s?}", "carrier_id",
	                                    car.id, "account_number", car.ref, "org_id",
	                                    car.org_id, "label", degree_name(label), "offer",
	                                    declassify_offer_name(o), "proposed_label",
	                                    degree_name(proposed))) != 0) {
		qerr_internal(e, "carrier offers");
		goto out;
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
	store_rec_clear(&car);
	return rc;
}

json_t *
ops_declassify_carriers_offer(const struct ops_ctx *c, struct store_tx *tx,
                              const char *info_id, enum carrier_info_state new_state,
                              enum degree new_degree, const char *reason, struct qerr *e)
{
	json_t *cand = json_array(), *offers = json_array(), *v;
	size_t i;

	if (cand == NULL || offers == NULL ||
	    store_carrier_naming(tx, info_id, naming_cb, cand, e) != 0)
		goto fail;
	json_array_foreach(cand, i, v)
		if (offer_one(c, tx, json_string_value(v), info_id, new_state, new_degree, reason,
		              offers, e) != 0)
			goto fail;
	json_decref(cand);
	return offers;
fail:
	if (!qerr_is_set(e))
		qerr_internal(e, "carrier offers");
	json_decref(cand);
	json_decref(offers);
	return NULL;
}

/* ---- the frame of every step ----------------------------------------------- */

/* {ground, court_ref?, effective_date, by} */
static json_t *
declassification_json(const struct ops_ctx *c, const struct ops_declassify_args *a)
{
	return json_pack("{s:s?, s:s?, s:o, s:s}", "ground", a->ground, "court_ref",
	                 a->court_ref, "effective_date", ops_docs_json_date(c->effective_date), "by",
	                 c->actor.user_id);
}

/* Loads kind id for a write: 404, then the body's 400. */
static int
load_for_write(const struct ops_ctx *c, struct store_tx **tx, const char *kind,
               const char *id, const struct qerr *input, struct store_rec *rec,
               struct qerr *e)
{
	if (ops_begin(c, true, tx, e) != 0)
		return -1;
	if (ops_docs_load(*tx, kind, id, rec, NULL, e) != 0)
		return -1;
	if (input != NULL && qerr_is_set(input)) {
		*e = *input;
		return -1;
	}
	return 0;
}

/* Commits the step (its audit entry) and hands rec to the result. tx is
 * consumed. */
static int
commit_into(const struct ops_ctx *c, struct store_tx *tx, struct store_rec *rec,
            const char *action, struct ops_declassify_result *out, struct qerr *e)
{
	if (ops_commit(c, tx, action, rec->id, NULL, e) != 0)
		return -1;
	out->rec = *rec;
	memset(rec, 0, sizeof *rec);
	return 0;
}

/* The end of a step on a carrier: stored with its movement (extra stolen;
 * these acts name no copy and no person: both null) and the audited
 * commit. tx and car are consumed. */
static int
carrier_finish(const struct ops_ctx *c, struct store_tx *tx, struct store_rec *car,
               const char *movement, json_t *extra, const char *action,
               struct ops_declassify_result *out, struct qerr *e)
{
	int rc = -1;

	if (extra == NULL || json_object_set_new(extra, "person_id", json_null()) != 0)
		qerr_internal(e, "movement doc");
	else if (store_rec_update(tx, car, e) == 0 &&
	         ops_carriers_movement_add(c, tx, car, movement, 0, NULL, extra, e) == 0) {
		rc = commit_into(c, tx, car, action, out, e);
		tx = NULL;
	}
	store_rollback(tx);
	json_decref(extra);
	store_rec_clear(car);   /* handed over on success, released otherwise */
	return rc;
}

/* 409 invalid_state: extension and relabelling are for carriers still open. */
static int
carrier_open_check(const struct store_rec *car, struct qerr *e)
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
	out->offers = ops_declassify_carriers_offer(c, tx, r.h.id, CARRIER_INFO_DECLASSIFIED,
	                                            (enum degree)r.degree,
	                                            "information_declassified", e);
	if (out->offers == NULL)
		goto out;
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
	struct store_rec car = {0};
	struct act act = {0};
	enum carrier_state next;

	if (load_for_write(c, &tx, "carrier", a->id, a->input, &car, e) != 0)
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
	if (declassify_ground_check(a->ground, a->court_ref, ops_docs_date(car.doc, "declassify_on"),
	                            c->effective_date, e) != 0)
		goto fail;
	/* 409: a whole-carrier act waits while a copy is away (custody.h). */
	if (custody_home_check(car.doc, e) != 0)
		goto fail;
	q_strlcpy(car.state, carrier_state_name(next), sizeof car.state);
	if (ops_docs_set(car.doc, "state", json_string(car.state), e) != 0 ||
	    ops_docs_set(car.doc, "declassified_on", ops_docs_json_date(c->effective_date), e) != 0 ||
	    ops_docs_set(car.doc, "declassification", declassification_json(c, a), e) != 0 ||
	    ops_declassify_review_clear(c, car.doc, "declassified", e) != 0)
		goto fail;
	return carrier_finish(c, tx, &car, "declassified", json_pack("{s:s?}", "ground", a->ground),
	                      "carrier.declassify", out, e);
fail:
	store_rollback(tx);
	store_rec_clear(&car);
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
	struct store_rec car = {0};
	struct act act = {.extension = true};
	qdate cur;

	if (load_for_write(c, &tx, "carrier", a->id, a->input, &car, e) != 0)
		goto fail;
	/* not_competent_to_declassify, Art. 23.1 (before the state, SPEC.md §5) */
	if (unseen_is_not_found(c, tx, &car, carrier_competence(c, tx, &car, &act, e), e) != 0 ||
	    carrier_open_check(&car, e) != 0)
		goto fail;
	cur = ops_docs_date(car.doc, "declassify_on");
	/* extension_needs_conclusion, Art. 23.1 */
	if (declassify_extend_carrier_check(cur, a->declassify_on, a->conclusion_ref, e) != 0)
		goto fail;
	if (ops_docs_set(car.doc, "declassify_on", ops_docs_json_date(a->declassify_on), e) != 0 ||
	    ops_docs_append(car.doc, "extensions",
	                    json_pack("{s:o, s:o, s:s, s:o, s:s}", "from", ops_docs_json_date(cur),
	                              "to", ops_docs_json_date(a->declassify_on),
	                              "expert_conclusion_ref", a->conclusion_ref, "effective_date",
	                              ops_docs_json_date(c->effective_date), "by", c->actor.user_id),
	                    e) != 0)
		goto fail;
	return carrier_finish(c, tx, &car, "extended",
	                      json_pack("{s:o, s:s}", "declassify_on",
	                                ops_docs_json_date(a->declassify_on), "expert_conclusion_ref",
	                                a->conclusion_ref),
	                      "carrier.extend", out, e);
fail:
	store_rollback(tx);
	store_rec_clear(&car);
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
	struct store_rec car = {0};
	enum degree old, required;

	if (load_for_write(c, &tx, "carrier", a->carrier_id, a->input, &car, e) != 0)
		goto fail;
	/* not_competent_to_declassify, Art. 23.1 (before the state, SPEC.md §5) */
	if (unseen_is_not_found(c, tx, &car, relabel_competence(c, tx, &car, e), e) != 0 ||
	    carrier_open_check(&car, e) != 0)
		goto fail;
	/* 409: a whole-carrier act waits while a copy is away (custody.h). */
	if (custody_home_check(car.doc, e) != 0)
		goto fail;
	old = degree_parse(ops_docs_str(car.doc, "label"));
	if (carrier_required(tx, car.doc, "", CARRIER_INFO_UNKNOWN, DEGREE_NONE, &required, e) != 0)
		goto fail;
	/* label_mismatch, Art. 18: nothing classified left is a declassification. */
	if (required == DEGREE_NONE || a->label != required) {
		qerr_rule(e, "label_mismatch", "18");
		qerr_detail_key(e, "carrier_requires", "the carrier requires {label}", "label",
		                required == DEGREE_NONE ? "declassification" : degree_name(required),
		                NULL);
		goto fail;
	}
	if (ops_docs_set(car.doc, "label", json_string(degree_name(a->label)), e) != 0 ||
	    ops_docs_append(car.doc, "relabellings",
	                    json_pack("{s:s?, s:s, s:o, s:s}", "from", degree_name(old), "to",
	                              degree_name(a->label), "effective_date",
	                              ops_docs_json_date(c->effective_date), "by", c->actor.user_id),
	                    e) != 0 ||
	    ops_declassify_review_clear(c, car.doc, "relabelled", e) != 0)
		goto fail;
	return carrier_finish(c, tx, &car, "relabelled",
	                      json_pack("{s:s?, s:s}", "from_label", degree_name(old), "label",
	                                degree_name(a->label)),
	                      "carrier.relabel", out, e);
fail:
	store_rollback(tx);
	store_rec_clear(&car);
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
