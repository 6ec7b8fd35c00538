/*
 * h_declassify.c — declassification and extension of information and
 * carriers (Law "On State Secrets", Art. 15.4, 18, 20.3, 22, 23; SPEC.md §3
 * "Declassification"), the decisions that close the list-change cascade
 * (reclassification of an item, relabelling of a carrier), the archive
 * delegations of Art. 23.2 and the protection-means certificates of Art. 35.
 *
 * Each handler: load the record of the path (404) → body (400) → workflow
 * state (409) → the rules of src/core/declassify.h in the order of SPEC.md
 * §3 (422) → write with its audit entry in one transaction. A 422 is
 * audited by the router with its code.
 *
 * Competence (Art. 23.1, 23.2, 28; core/declassify.h), always checked
 * before anything about the object's state or term is answered (SPEC.md
 * §5), from the records (http/disposal_ops.h) —
 *   disposer    the disposing body recorded on the information (org_id,
 *               doc.disposing_org_id) or carrier (doc.disposing_org_ids);
 *               once liquidated, its successor (org doc "successor_org_id")
 *               and nobody else. Custody (the carrier's org_id, its copies'
 *               holders) confers nothing, except that an archive keeps a
 *               carrier it holds or that was archived with it
 *               (doc.archive.archive_org_id) for a delegation below
 *   superior    an organization on the disposer's parent chain (org
 *               parent_id), at most DECLASSIFY_ANCESTORS_MAX hops
 *   delegation  record "archive_delegation": org_id = the fund-forming
 *               organization, ref = the archive's organization, state active
 *   liquidated  the last of the successor chain is "liquidated" without a
 *               successor
 * A carrier is declassified or relabelled by every body whose information
 * on it is still classified (any of its disposing bodies when none is);
 * extended by any one of its disposing bodies.
 *
 * Carriers of declassified or re-degreed information (Art. 18, 23.1): every
 * carrier naming the item (store_carrier_naming, then information_ids
 * checked) that is still classified is offered: "declassify" when nothing
 * classified remains on it, "relabel" to the highest remaining label,
 * "raise" when the degree went up; "keep" otherwise. Each offer but keep
 * flags the carrier (h_declassify.h) so it stays on the deadlines list
 * until a decision on it; nothing about the carrier changes silently.
 *
 * Records written here:
 *   information  state classified -> declassified; doc.declassification,
 *                doc.extensions[], doc.reclassifications[], review flag
 *   carrier      state -> declassified; doc.declassification,
 *                doc.extensions[], doc.relabellings[], review flag;
 *                a "movement" per act in the carrier's journal
 *   archive_delegation, certificate (new)
 *
 * SECURITY: bodies are untrusted and validated by field tables (jsonv.h);
 * ids from paths and bodies are only looked up. Only metadata is read;
 * never carrier content.
 */
#include "http/h_declassify.h"

#include <stdlib.h>
#include <string.h>

#include "core/carrier.h"
#include "core/classify.h"
#include "core/declassify.h"
#include "core/degree.h"
#include "core/roles.h"
#include "http/classify_ops.h"
#include "ops/classify.h"
#include "http/custody.h"
#include "http/disposal_ops.h"
#include "http/http.h"
#include "http/scope_ops.h"
#include "http/permit_ops.h"
#include "http/util.h"
#include "ops/orgs.h"

struct act;
static int carrier_competence_seen(struct req *r, struct store_tx *tx,
                                   const struct store_rec *car, struct act *a, struct qerr *e);
static int info_competence_seen(struct req *r, struct store_tx *tx, const struct store_rec *info,
                                bool extension, struct qerr *e);
static int carrier_relabel_competence_seen(struct req *r, struct store_tx *tx,
                                           const struct store_rec *car, struct qerr *e);

#define DCL_ACTORS     (ROLE_HEAD | ROLE_ARCHIVIST | ROLE_AUTHORIZED_BODY)
#define DCL_READERS    (ROLE_SECURITY_OFFICER | ROLE_HEAD | ROLE_ARCHIVIST | \
                        ROLE_AUTHORIZED_BODY | ROLE_NSC_OFFICER | ROLE_AUDITOR)
#define DCL_REF_MAX    200      /* bytes of a reference (court, conclusion, act) */

/* ---- field tables ------------------------------------------------------- */

/* declassify_ground_required (Art. 22.1): a missing ground is the rule's 422. */
static const struct jfield declassify_fields[] = {
	{"ground", JF_ENUM, JF_REQUIRED | JF_RULE, declassify_ground_names, 0, 0},
	{"court_ref", JF_STRING, 0, NULL, 0, DCL_REF_MAX},
	{NULL, 0, 0, NULL, 0, 0},
};

/* extension_needs_conclusion (Art. 20.3): needed only past 30 years. */
static const struct jfield info_extend_fields[] = {
	{"declassify_on", JF_DATE, JF_REQUIRED, NULL, 0, 0},
	{"conclusion_ref", JF_STRING, JF_RULE, NULL, 0, DCL_REF_MAX},
	{NULL, 0, 0, NULL, 0, 0},
};

/* extension_needs_conclusion (Art. 23.1): always needed for a carrier. */
static const struct jfield carrier_extend_fields[] = {
	{"declassify_on", JF_DATE, JF_REQUIRED, NULL, 0, 0},
	{"expert_conclusion_ref", JF_STRING, JF_REQUIRED | JF_RULE, NULL, 0, DCL_REF_MAX},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield reclassify_fields[] = {
	{"list_item_id", JF_STRING, 0, NULL, 0, STORE_ID_MAX - 1},
	{"degree", JF_ENUM, 0, degree_names, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield relabel_fields[] = {
	{"label", JF_ENUM, JF_REQUIRED, degree_names, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield delegation_fields[] = {
	{"archive_org_id", JF_STRING, JF_REQUIRED, NULL, 0, STORE_ID_MAX - 1},
	{"ref", JF_STRING, JF_REQUIRED, NULL, 0, DCL_REF_MAX},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield certificate_fields[] = {
	{"means", JF_STRING, JF_REQUIRED, NULL, 0, 500},
	{"number", JF_STRING, JF_REQUIRED, NULL, 0, 100},
	{"degree", JF_ENUM, JF_REQUIRED, degree_names, 0, 0},
	{"valid_until", JF_DATE, JF_REQUIRED, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

/* ---- helpers ------------------------------------------------------------ */

static bool
carrier_open(const char *state)
{
	enum carrier_state s = carrier_state_parse(state);

	return s == CARRIER_REGISTERED || s == CARRIER_ISSUED || s == CARRIER_ARCHIVED;
}

static bool
ids_contain(const json_t *ids, const char *id)
{
	size_t i;
	json_t *v;

	json_array_foreach(ids, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), id) == 0)
			return true;
	return false;
}

/* Appends one act to the carrier's circulation journal (the same record
 * shape as h_carriers.c's movements). extra is merged; borrowed. */
static int
movement_add(struct req *r, struct store_tx *tx, const struct store_rec *car, const char *kind,
             json_t *extra, struct qerr *e)
{
	struct store_rec m = {0};
	int ret;

	q_strlcpy(m.kind, "movement", sizeof m.kind);
	store_id_new("movement", m.id);
	q_strlcpy(m.org_id, car->org_id, sizeof m.org_id);
	q_strlcpy(m.parent_id, car->id, sizeof m.parent_id);
	m.doc = json_pack("{s:s, s:s, s:s, s:s, s:n, s:n, s:o, s:s}", "id", m.id, "kind", kind,
	                  "carrier_id", car->id, "org_id", car->org_id, "copy_number",
	                  "person_id", "date", json_date(r->effective_date), "by", r->user.id);
	if (m.doc == NULL)
		return qerr_internal(e, "movement doc");
	if (extra != NULL)
		json_object_update(m.doc, extra);
	ret = store_rec_insert(tx, &m, e);
	store_rec_clear(&m);
	return ret;
}

/* ---- the review flag (h_declassify.h) ----------------------------------- */

int
declassify_review_flag(struct store_tx *tx, const char *kind, const char *id,
                       const json_t *entry, qdate due_on, const char *reason, struct qerr *e)
{
	struct store_rec rec = {0};
	qdate cur, term;
	int ret;

	if (rec_load(tx, kind, id, &rec, e) != 0)
		return -1;
	/* The earliest day owed, never after the term itself (the index and
	 * core/deadlines.c then agree on the due date). */
	cur = jsonv_date(rec.doc, "review_due_on");
	term = jsonv_date(rec.doc, "declassify_on");
	if (cur != QDATE_NONE && cur < due_on)
		due_on = cur;
	if (term != QDATE_NONE && term < due_on)
		due_on = term;
	json_object_set_new(rec.doc, "review_required", json_true());
	json_object_set_new(rec.doc, "review_due_on", json_date(due_on));
	json_object_set_new(rec.doc, "review_reason", json_string(reason));
	doc_append(rec.doc, "reviews", json_deep_copy(entry));
	ret = store_rec_update(tx, &rec, e);
	store_rec_clear(&rec);
	return ret;
}

/* The decision taken: the item or carrier leaves the deadlines list's
 * review (its own term, if due, keeps it there). */
static void
review_clear(json_t *doc, const char *how, const struct req *r)
{
	if (!jsonv_bool(doc, "review_required", false) && !jsonv_has(doc, "review_due_on"))
		return;
	json_object_set_new(doc, "review_required", json_false());
	json_object_del(doc, "review_due_on");
	json_object_del(doc, "review_reason");
	doc_append(doc, "reviews",
	           json_pack("{s:s, s:s, s:o, s:s}", "kind", "resolved", "how", how,
	                     "effective_date", json_date(r->effective_date), "by", r->user.id));
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
		struct store_rec org = {0};

		if (rec_load(tx, "org", cur, &org, e) != 0) {
			if (e->status != QERR_NOT_FOUND)
				return -1;
			qerr_clear(e);
			return 0;
		}
		q_strlcpy(cur, org.parent_id, sizeof cur);
		store_rec_clear(&org);
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
	bool in_archive;   /* a carrier kept by the caller's archive (always for information) */
};

/* not_competent_to_declassify, Art. 23.1, 23.2, for one disposing body
 * (as recorded; its successor under Art. 28 disposes once it is
 * liquidated): *ok when some role of the caller may decide. Custody is
 * never looked at: holding a carrier confers nothing. */
static int
competent_for(struct req *r, struct store_tx *tx, const char *disposer, const struct act *a,
              bool *ok, struct qerr *e)
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
	struct declassify_competence c = {.ground = a->ground, .extension = a->extension};
	const char *me = r->user.org_id, *cur;

	*ok = false;
	if (c.ground == GROUND_NONE && !a->extension)
		c.ground = GROUND_UNREASONABLE;
	if (disposal_fund_of(tx, disposer, &f, e) != 0)
		return -1;
	c.disposer_liquidated_without_successor = f.liquidated_without_successor;
	cur = disposal_fund_current(&f);
	if (me[0] != '\0') {
		/* Art. 28: only the body disposing now — the recorded one, or
		 * its successor once it is liquidated; never a predecessor. */
		c.actor_is_disposer = cur != NULL && strcmp(cur, me) == 0;
		if (is_superior(tx, disposer, me, &c.actor_is_superior, e) != 0 ||
		    is_delegated(tx, &f, me, &c.delegated_to_actor, e) != 0)
			return -1;
		c.delegated_to_actor = c.delegated_to_actor && a->in_archive;
	}
	for (size_t i = 0; i < sizeof actors / sizeof actors[0] && !*ok; i++) {
		struct qerr ce = {0};

		if (!(r->user.roles & actors[i].role))
			continue;
		c.actor = actors[i].actor;
		*ok = declassify_competence_check(&c, &ce) == 0;
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
carrier_competence_of(struct req *r, struct store_tx *tx, const struct store_rec *car,
                   struct act *a, struct qerr *e)
{
	char ids[DISPOSAL_BODIES_MAX][STORE_ID_MAX];
	const char *archive_org = jsonv_str(json_object_get(car->doc, "archive"), "archive_org_id");
	size_t n;
	bool ok = true, any, one = false;

	/* Art. 23.2 para 2: "stored in the closed funds of these archives" —
	 * held by the caller's archive, or archived with it (archived without
	 * naming an archive: with any archive the fund delegated to). */
	a->in_archive = strcmp(car->org_id, r->user.org_id) == 0 ||
	                (carrier_state_parse(car->state) == CARRIER_ARCHIVED &&
	                 (archive_org == NULL || strcmp(archive_org, r->user.org_id) == 0));
	if (disposal_carrier_deciders(tx, car->doc, car->org_id, a->extension, ids, &n, &any,
	                              e) != 0)
		return -1;
	for (size_t i = 0; i < n && (any ? !one : ok); i++) {
		if (competent_for(r, tx, ids[i], a, &ok, e) != 0)
			return -1;
		one = one || ok;
	}
	if (n == 0 || !(any ? one : ok))
		return qerr_rule(e, "not_competent_to_declassify", ART_NOT_COMPETENT);
	return 0;
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
		struct store_rec rec = {0};
		const char *id = json_string_value(v);

		if (id != NULL && strcmp(id, override_id) == 0) {
			info[i].state = override_state;
			info[i].degree = override_degree;
			continue;
		}
		if (rec_load(tx, "information", id, &rec, e) != 0) {
			ret = -1;
			break;
		}
		info[i].degree = degree_parse(jsonv_str(rec.doc, "degree"));
		info[i].state = carrier_info_state_parse(rec.state);
		info[i].declassify_on = jsonv_date(rec.doc, "declassify_on");
		store_rec_clear(&rec);
	}
	json_array_foreach(srcs, i, v) {
		struct store_rec rec = {0};

		if (ret != 0 || rec_load(tx, "carrier", json_string_value(v), &rec, e) != 0) {
			ret = -1;
			break;
		}
		/* A declassified source no longer stands for secret information. */
		src[i] = strcmp(rec.state, "declassified") == 0
		                 ? DEGREE_NONE
		                 : degree_parse(jsonv_str(rec.doc, "label"));
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
	json_t *ids = ctx;

	/* candidates only: checked after the walk */
	json_array_append_new(ids, json_string(rec->id));
	return 0;
}

/* Offers every still-classified carrier of info_id a decision and flags
 * those that need one. Returns the offers (new array) or NULL (e set). */
static json_t *
carriers_offer(struct req *r, struct store_tx *tx, const char *info_id,
               enum carrier_info_state new_state, enum degree new_degree, const char *reason,
               struct qerr *e)
{
	json_t *cand = json_array(), *offers = json_array(), *v;
	size_t i;

	if (cand == NULL || offers == NULL ||
	    store_carrier_naming(tx, info_id, naming_cb, cand, e) != 0)
		goto fail;
	json_array_foreach(cand, i, v) {
		struct store_rec car = {0};
		enum degree label, required, proposed;
		enum declassify_offer o;
		json_t *entry;

		if (rec_load(tx, "carrier", json_string_value(v), &car, e) != 0)
			goto fail;
		if (!carrier_open(car.state) ||
		    !ids_contain(json_object_get(car.doc, "information_ids"), info_id)) {
			store_rec_clear(&car);
			continue;
		}
		label = degree_parse(jsonv_str(car.doc, "label"));
		if (carrier_required(tx, car.doc, info_id, new_state, new_degree, &required, e) != 0) {
			store_rec_clear(&car);
			goto fail;
		}
		o = declassify_carrier_offer(label, required, &proposed);
		json_array_append_new(offers,
		                      json_pack("{s:s, s:s, s:s, s:s?, s:s, s:s?}", "carrier_id",
		                                car.id, "account_number", car.ref, "org_id",
		                                car.org_id, "label", degree_name(label), "offer",
		                                declassify_offer_name(o), "proposed_label",
		                                degree_name(proposed)));
		store_rec_clear(&car);
		if (o == OFFER_KEEP)
			continue;
		entry = json_pack("{s:s, s:s, s:s, s:s, s:s?, s:o, s:s}", "kind", "flagged", "reason",
		                  reason, "information_id", info_id, "offer",
		                  declassify_offer_name(o), "proposed_label", degree_name(proposed),
		                  "effective_date", json_date(r->effective_date), "by", r->user.id);
		if (entry == NULL ||
		    declassify_review_flag(tx, "carrier", json_string_value(v), entry,
		                           r->effective_date, reason, e) != 0) {
			json_decref(entry);
			goto fail;
		}
		json_decref(entry);
	}
	json_decref(cand);
	return offers;
fail:
	if (!qerr_is_set(e))
		qerr_internal(e, "carrier offers");
	json_decref(cand);
	json_decref(offers);
	return NULL;
}

/* ---- information: declassify (Art. 22, 23) ------------------------------ */

static json_t *
declassification_json(const struct req *r)
{
	return json_pack("{s:s, s:s?, s:o, s:s}", "ground", jsonv_str(r->json, "ground"),
	                 "court_ref", jsonv_str(r->json, "court_ref"), "effective_date",
	                 json_date(r->effective_date), "by", r->user.id);
}

/* not_competent_to_declassify for an information item: the body that
 * disposes of it now (information.org_id, or its successor under Art. 28).
 * For an extension (Art. 20.3) the same body decides; past 30 years on the
 * authorized body's conclusion (conclusion_ref). */
static int
info_competence_of(struct req *r, struct store_tx *tx, const struct store_rec *info,
                bool extension, struct qerr *e)
{
	struct act a = {.extension = extension, .in_archive = true};
	bool ok;

	if (!extension)
		a.ground = declassify_ground_parse(jsonv_str(r->json, "ground"));
	if (competent_for(r, tx, info->org_id, &a, &ok, e) != 0)
		return -1;
	return ok ? 0 : qerr_rule(e, "not_competent_to_declassify", ART_NOT_COMPETENT);
}

/* POST /v1/information/{id}/declassify {ground, court_ref?} */
static int
h_info_declassify(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec rec = {0};
	json_t *offers = NULL, *answer;

	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (rec_load(tx, "information", r->params[0], &rec, e) != 0 ||
	    req_json(r, declassify_fields, e) != 0)
		goto fail;
	/* not_competent_to_declassify, Art. 23.1, 23.2: before anything about
	 * the item's state or term is answered (SPEC.md §5). */
	if (info_competence_seen(r, tx, &rec, false, e) != 0 ||
	    declassify_information_state(rec.state, e) != 0)                      /* 409 */
		goto fail;
	/* declassify_ground_required, Art. 22.1 (15.4) */
	if (declassify_ground_check(jsonv_str(r->json, "ground"), jsonv_str(r->json, "court_ref"),
	                            jsonv_date(rec.doc, "declassify_on"), r->effective_date,
	                            e) != 0)
		goto fail;
	doc_set_state(&rec, INFO_DECLASSIFIED);
	json_object_set_new(rec.doc, "declassified_on", json_date(r->effective_date));
	json_object_set_new(rec.doc, "declassification", declassification_json(r));
	review_clear(rec.doc, "declassified", r);
	if (store_rec_update(tx, &rec, e) != 0)
		goto fail;
	/* Art. 18, 23.1: its carriers are offered, never changed silently. */
	offers = carriers_offer(r, tx, rec.id, CARRIER_INFO_DECLASSIFIED,
	                        degree_parse(jsonv_str(rec.doc, "degree")),
	                        "information_declassified", e);
	if (offers == NULL)
		goto fail;
	if (tx_commit_audited(r, tx, "information.declassify", rec.id, NULL, e) != 0) {
		tx = NULL;
		goto fail;
	}
	answer = json_deep_copy(rec.doc);
	json_object_set(answer, "carriers", offers);
	resp_json(out, 200, answer);
	json_decref(offers);
	store_rec_clear(&rec);
	return 0;
fail:
	store_rollback(tx);
	json_decref(offers);
	store_rec_clear(&rec);
	return -1;
}

/* POST /v1/information/{id}/extend {declassify_on, conclusion_ref} (Art. 20.3):
 * the head of the disposing body (the authorized body for a body
 * liquidated without successor); past 30 years on the authorized body's
 * conclusion. */
static int
h_info_extend(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec rec = {0};
	qdate cur, next;

	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (rec_load(tx, "information", r->params[0], &rec, e) != 0 ||
	    req_json(r, info_extend_fields, e) != 0 ||
	    info_competence_seen(r, tx, &rec, true, e) != 0 ||        /* Art. 20.3, 23.1 */
	    declassify_information_state(rec.state, e) != 0)
		goto fail;
	cur = jsonv_date(rec.doc, "declassify_on");
	next = jsonv_date(r->json, "declassify_on");
	/* extension_needs_conclusion, Art. 20.3 */
	if (declassify_extend_information_check(jsonv_date(rec.doc, "classified_on"), cur, next,
	                                        jsonv_str(r->json, "conclusion_ref"), e) != 0)
		goto fail;
	json_object_set_new(rec.doc, "declassify_on", json_date(next));
	doc_append(rec.doc, "extensions",
	           json_pack("{s:o, s:o, s:s?, s:o, s:s}", "from", json_date(cur), "to",
	                     json_date(next), "conclusion_ref", jsonv_str(r->json, "conclusion_ref"),
	                     "effective_date", json_date(r->effective_date), "by", r->user.id));
	if (rec_update_commit(r, out, &tx, &rec, "information.extend", NULL, e) != 0)
		goto fail;
	store_rec_clear(&rec);
	return 0;
fail:
	store_rollback(tx);
	store_rec_clear(&rec);
	return -1;
}

/* POST /v1/information/{id}/reclassify {list_item_id?, degree?}: the
 * decision on an item flagged by a list change (Art. 22.3, 23.1): classify
 * it on another (or the changed) item, at a degree that basis allows. By
 * the head of the disposing body or one of its classifiers. */
static int
h_info_reclassify(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec rec = {0}, item = {0}, list = {0};
	struct classify_basis b = {0};
	const char *item_id;
	enum degree old_degree, degree;
	json_t *offers = NULL, *answer;

	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (rec_load(tx, "information", r->params[0], &rec, e) != 0 ||
	    req_org_scope(r, rec.org_id, e) != 0 || req_json(r, reclassify_fields, e) != 0)
		goto fail;
	item_id = jsonv_str(r->json, "list_item_id");
	if (item_id == NULL)
		item_id = rec.parent_id;
	if (rec_load_field(tx, "list_item", item_id, &item, "list_item_id", e) != 0 ||
	    rec_load_field(tx, "list", item.parent_id, &list, "list_item_id", e) != 0 ||
	    declassify_information_state(rec.state, e) != 0)
		goto fail;
	if (!(r->user.roles & ROLE_HEAD) &&                               /* Art. 5.4, 15.1 */
	    ops_classifier_check(tx, rec.org_id, r->user.person_id, e) != 0)
		goto fail;
	old_degree = degree_parse(jsonv_str(rec.doc, "degree"));
	degree = jsonv_has(r->json, "degree") ? degree_parse(jsonv_str(r->json, "degree"))
	                                      : old_degree;
	classify_ops_basis_of(&b, &item, &list, rec.org_id);
	b.on = r->effective_date;                                        /* in force today */
	if (classify_ops_topics_check(json_object_get(rec.doc, "topics"), /* Art. 17 */
	                              jsonv_str(item.doc, "basis"), e) != 0 ||
	    classify_basis_check(&b, e) != 0 ||                          /* Art. 20.1 */
	    classify_degree_check(degree, degree_parse(jsonv_str(item.doc, "degree")), e) != 0)
		goto fail;                                               /* Art. 15.2, 18.1 */
	doc_append(rec.doc, "reclassifications",
	           json_pack("{s:s?, s:s, s:s, s:s, s:o, s:s}", "from_list_item_id",
	                     rec.parent_id[0] ? rec.parent_id : NULL, "to_list_item_id", item.id,
	                     "from_degree", degree_name(old_degree), "to_degree", degree_name(degree),
	                     "effective_date", json_date(r->effective_date), "by", r->user.id));
	q_strlcpy(rec.parent_id, item.id, sizeof rec.parent_id);
	json_object_set_new(rec.doc, "list_item_id", json_string(item.id));
	json_object_set_new(rec.doc, "list_id", json_string(list.id));
	json_object_set_new(rec.doc, "basis", json_string(jsonv_str(item.doc, "basis")));
	json_object_set_new(rec.doc, "degree", json_string(degree_name(degree)));
	review_clear(rec.doc, "reclassified", r);
	if (store_rec_update(tx, &rec, e) != 0)
		goto fail;
	offers = degree != old_degree
	                 ? carriers_offer(r, tx, rec.id, CARRIER_INFO_CLASSIFIED, degree,
	                                  "degree_changed", e)
	                 : json_array();
	if (offers == NULL)
		goto fail;
	if (tx_commit_audited(r, tx, "information.reclassify", rec.id, NULL, e) != 0) {
		tx = NULL;
		goto fail;
	}
	answer = json_deep_copy(rec.doc);
	json_object_set(answer, "carriers", offers);
	resp_json(out, 200, answer);
	json_decref(offers);
	store_rec_clear(&rec);
	store_rec_clear(&item);
	store_rec_clear(&list);
	return 0;
fail:
	store_rollback(tx);
	json_decref(offers);
	store_rec_clear(&rec);
	store_rec_clear(&item);
	store_rec_clear(&list);
	return -1;
}

/* ---- carriers ------------------------------------------------------------- */

/* Relabelling (Art. 18, 23.1) is the disposing body's decision on its
 * carrier, taken by its head or security officer: the caller's
 * organization disposes now of the information still classified on it.
 * Holding the carrier confers nothing. */
static int
carrier_relabel_competence_of(struct req *r, struct store_tx *tx, const struct store_rec *car,
                           struct qerr *e)
{
	char ids[DISPOSAL_BODIES_MAX][STORE_ID_MAX];
	size_t n;
	bool ok = true, any, one = false;

	if (disposal_carrier_deciders(tx, car->doc, car->org_id, false, ids, &n, &any, e) != 0)
		return -1;
	for (size_t i = 0; i < n && (any ? !one : ok); i++) {
		if (disposal_is_current(tx, ids[i], r->user.org_id, &ok, e) != 0)
			return -1;
		one = one || ok;
	}
	if (n == 0 || !(any ? one : ok))   /* not_competent_to_declassify, Art. 23.1 */
		return qerr_rule(e, "not_competent_to_declassify", ART_NOT_COMPETENT);
	return 0;
}

/* Loads the carrier of the path for a write: 404, then the body. */
/* A body that cannot see the target (it neither holds, disposes of nor
 * audits it) learns nothing about it: its refusal is 404, not 422
 * (SPEC.md §3 after the access table, §5). Competent bodies (an archive
 * with a delegation, the authorized body) pass whatever they see. */
static int
unseen_is_not_found(struct req *r, struct store_tx *tx, const struct store_rec *rec,
                    int rc, struct qerr *e)
{
	struct qerr ve = {0};

	if (rc == 0 || e == NULL || e->status != QERR_RULE ||
	    strcmp(e->code, "not_competent_to_declassify") != 0)
		return rc;
	if (scope_visible(r, tx, rec, NULL, &ve) != 0 && ve.status == QERR_NOT_FOUND) {
		*e = ve;
		return -1;
	}
	return rc;
}

static int
carrier_competence_seen(struct req *r, struct store_tx *tx, const struct store_rec *car,
                        struct act *a, struct qerr *e)
{
	return unseen_is_not_found(r, tx, car, carrier_competence_of(r, tx, car, a, e), e);
}

static int
info_competence_seen(struct req *r, struct store_tx *tx, const struct store_rec *info,
                     bool extension, struct qerr *e)
{
	return unseen_is_not_found(r, tx, info, info_competence_of(r, tx, info, extension, e), e);
}

static int
carrier_relabel_competence_seen(struct req *r, struct store_tx *tx,
                                const struct store_rec *car, struct qerr *e)
{
	return unseen_is_not_found(r, tx, car, carrier_relabel_competence_of(r, tx, car, e), e);
}

static int
carrier_for_write(struct req *r, struct store_tx **tx, struct store_rec *car,
                  const struct jfield *fields, struct qerr *e)
{
	if (tx_write(r, tx, e) != 0)
		return -1;
	if (rec_load(*tx, "carrier", r->params[0], car, e) != 0 || req_json(r, fields, e) != 0) {
		store_rollback(*tx);
		*tx = NULL;
		return -1;
	}
	return 0;
}

/* A carrier step that did not pass: nothing written, the carrier released. */
static int
carrier_drop(struct store_tx *tx, struct store_rec *car)
{
	store_rollback(tx);
	store_rec_clear(car);
	return -1;
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

/* The carrier stored with its movement and the audited commit, answered
 * 200; extra and the carrier are released whatever the outcome. */
static int
carrier_finish(struct req *r, struct resp *out, struct store_tx *tx, struct store_rec *car,
               const char *movement, json_t *extra, const char *action, struct qerr *e)
{
	int rc = -1;

	if (store_rec_update(tx, car, e) != 0 || movement_add(r, tx, car, movement, extra, e) != 0)
		store_rollback(tx);
	else if (tx_commit_audited(r, tx, action, car->id, NULL, e) == 0) {
		resp_json(out, 200, json_incref(car->doc));
		rc = 0;
	}
	json_decref(extra);
	store_rec_clear(car);
	return rc;
}

/* POST /v1/carriers/{id}/declassify {ground, court_ref?} (Art. 22, 23) */
static int
h_carrier_declassify(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec car = {0};
	struct act a = {0};
	enum carrier_state next;
	json_t *extra;

	if (carrier_for_write(r, &tx, &car, declassify_fields, e) != 0)
		goto fail;
	/* not_competent_to_declassify, Art. 23.1, 23.2: before anything about
	 * the carrier's state or term is answered (SPEC.md §5). */
	a.ground = declassify_ground_parse(jsonv_str(r->json, "ground"));
	if (carrier_competence_seen(r, tx, &car, &a, e) != 0)
		goto fail;
	/* 409. Art. 23.2 para 2: carriers kept in an archive's closed fund are
	 * declassified there, so "archived" is a state declassification leaves
	 * from too (core/carrier.c knows the registry's own transitions). */
	if (carrier_state_parse(car.state) == CARRIER_ARCHIVED)
		next = CARRIER_DECLASSIFIED;
	else if (carrier_declassify(carrier_state_parse(car.state), &next, e) != 0)
		goto fail;
	/* declassify_ground_required, Art. 22.1 (15.4) */
	if (declassify_ground_check(jsonv_str(r->json, "ground"), jsonv_str(r->json, "court_ref"),
	                            jsonv_date(car.doc, "declassify_on"), r->effective_date,
	                            e) != 0)
		goto fail;
	/* 409: a whole-carrier act waits while a copy is away (custody.h). */
	if (custody_home_check(car.doc, e) != 0)
		goto fail;
	q_strlcpy(car.state, carrier_state_name(next), sizeof car.state);
	json_object_set_new(car.doc, "state", json_string(car.state));
	json_object_set_new(car.doc, "declassified_on", json_date(r->effective_date));
	json_object_set_new(car.doc, "declassification", declassification_json(r));
	review_clear(car.doc, "declassified", r);
	extra = json_pack("{s:s}", "ground", jsonv_str(r->json, "ground"));
	return carrier_finish(r, out, tx, &car, "declassified", extra, "carrier.declassify", e);
fail:
	return carrier_drop(tx, &car);
}

/* POST /v1/carriers/{id}/extend {declassify_on, expert_conclusion_ref}
 * (Art. 23.1 para 2): the head of the body that disposes of what the
 * carrier carries (every such body), on the expert committee's conclusion;
 * never the holder as such. */
static int
h_carrier_extend(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec car = {0};
	struct act a = {.extension = true};
	qdate cur, next;
	json_t *extra;

	if (carrier_for_write(r, &tx, &car, carrier_extend_fields, e) != 0)
		goto fail;
	/* not_competent_to_declassify, Art. 23.1 (before the state, SPEC.md §5) */
	if (carrier_competence_seen(r, tx, &car, &a, e) != 0)
		goto fail;
	if (carrier_open_check(&car, e) != 0)
		goto fail;
	cur = jsonv_date(car.doc, "declassify_on");
	next = jsonv_date(r->json, "declassify_on");
	/* extension_needs_conclusion, Art. 23.1 */
	if (declassify_extend_carrier_check(cur, next, jsonv_str(r->json, "expert_conclusion_ref"),
	                                    e) != 0)
		goto fail;
	json_object_set_new(car.doc, "declassify_on", json_date(next));
	doc_append(car.doc, "extensions",
	           json_pack("{s:o, s:o, s:s, s:o, s:s}", "from", json_date(cur), "to",
	                     json_date(next), "expert_conclusion_ref",
	                     jsonv_str(r->json, "expert_conclusion_ref"), "effective_date",
	                     json_date(r->effective_date), "by", r->user.id));
	extra = json_pack("{s:o, s:s}", "declassify_on", json_date(next), "expert_conclusion_ref",
	                  jsonv_str(r->json, "expert_conclusion_ref"));
	return carrier_finish(r, out, tx, &car, "extended", extra, "carrier.extend", e);
fail:
	return carrier_drop(tx, &car);
}

/* POST /v1/carriers/{id}/relabel {label}: the decision on a carrier whose
 * information was declassified or re-degreed (Art. 18, 23.1). The new
 * label must be exactly what it carries (label_mismatch, derived_label). */
static int
h_carrier_relabel(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec car = {0};
	enum degree label, old, required;
	json_t *extra;

	if (carrier_for_write(r, &tx, &car, relabel_fields, e) != 0)
		goto fail;
	/* not_competent_to_declassify, Art. 23.1 (before the state, SPEC.md §5) */
	if (carrier_relabel_competence_seen(r, tx, &car, e) != 0)
		goto fail;
	if (carrier_open_check(&car, e) != 0)
		goto fail;
	/* 409: a whole-carrier act waits while a copy is away (custody.h). */
	if (custody_home_check(car.doc, e) != 0)
		goto fail;
	label = degree_parse(jsonv_str(r->json, "label"));
	old = degree_parse(jsonv_str(car.doc, "label"));
	if (carrier_required(tx, car.doc, "", CARRIER_INFO_UNKNOWN, DEGREE_NONE, &required, e) != 0)
		goto fail;
	/* label_mismatch, Art. 18: nothing classified left is a declassification. */
	if (required == DEGREE_NONE || label != required) {
		qerr_rule(e, "label_mismatch", "18");
		qerr_detail_key(e, "carrier_requires", "the carrier requires {label}", "label",
		                required == DEGREE_NONE ? "declassification" : degree_name(required),
		                NULL);
		goto fail;
	}
	json_object_set_new(car.doc, "label", json_string(degree_name(label)));
	doc_append(car.doc, "relabellings",
	           json_pack("{s:s?, s:s, s:o, s:s}", "from", degree_name(old), "to",
	                     degree_name(label), "effective_date", json_date(r->effective_date),
	                     "by", r->user.id));
	review_clear(car.doc, "relabelled", r);
	extra = json_pack("{s:s?, s:s}", "from_label", degree_name(old), "label",
	                  degree_name(label));
	return carrier_finish(r, out, tx, &car, "relabelled", extra, "carrier.relabel", e);
fail:
	return carrier_drop(tx, &car);
}

/* The body of a POST under /v1/orgs/{id} (params[0]) parsed against fields
 * and c made for the request; when the body does not parse, the
 * organization (404) and its scope (403) come first (SPEC §5). */
static int
org_body(struct req *r, const struct jfield *fields, struct ops_ctx *c, struct qerr *e)
{
	req_ops_ctx(r, c);
	if (req_json(r, fields, e) != 0) {
		struct qerr ne = {0};

		if (ops_org_exists(c, r->params[0], &ne) != 0 || ops_scope(c, r->params[0], &ne) != 0)
			*e = ne;
		return -1;
	}
	req_ops_ctx(r, c);
	return 0;
}

/* ---- archive delegations (Art. 23.2) --------------------------------------- */

/* POST /v1/orgs/{id}/archive-delegations {archive_org_id, ref}: the head of
 * the fund-forming organization (or its successor) delegates the
 * declassification of its fund to a state archive. One per archive. */
static int
h_delegation_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct ops_delegation_args a = {.org_id = r->params[0]};
	struct delegation_rec d;
	json_t *j;

	if (org_body(r, delegation_fields, &c, e) != 0)
		return -1;
	a.archive_org_id = jsonv_str(r->json, "archive_org_id");
	a.ref = jsonv_str(r->json, "ref");
	if (ops_delegation_add(&c, &a, &d, e) != 0)
		return -1;
	j = delegation_json(&d);
	delegation_rec_free(&d);
	if (j == NULL)
		return qerr_internal(e, "delegation: out of memory");
	resp_json(out, 201, j);
	return 0;
}

struct delegation_q {
	const char *org_id, *archive_org_id;
};

static int64_t
delegations_each(struct store_tx *tx, const void *q, int64_t after, int limit,
                 int (*fn)(void *, const void *), void *ctx, struct qerr *e)
{
	const struct delegation_q *dq = q;

	return ops_delegations_each(tx, dq->org_id, dq->archive_org_id, after, limit, fn, ctx, e);
}

static int
h_delegation_list(struct req *r, struct resp *out, struct qerr *e)
{
	struct delegation_q q = {.org_id = r->params[0]};

	/* The organization's own officers and the cross-organization readers;
	 * an archive reads the delegations given to it (Art. 23.2); anyone
	 * else 403. */
	if (req_org_scope(r, r->params[0], e) != 0) {
		if (!(r->acting_roles & ROLE_ARCHIVIST))
			return -1;
		qerr_clear(e);
		q.archive_org_id = r->user.org_id;
	}
	return list_rows(r, out, delegations_each, &q, delegation_json, e);
}

/* ---- protection-means certificates (Art. 35) -------------------------------- */

/* POST /v1/orgs/{id}/certificates {means, number, degree, valid_until} */
static int
h_certificate_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct ops_certificate_args a = {.org_id = r->params[0]};
	struct certificate_rec cr;
	json_t *j;

	if (org_body(r, certificate_fields, &c, e) != 0)
		return -1;
	a.means = jsonv_str(r->json, "means");
	a.number = jsonv_str(r->json, "number");
	a.degree = degree_parse(jsonv_str(r->json, "degree"));
	a.valid_until = jsonv_date(r->json, "valid_until");
	if (ops_certificate_add(&c, &a, &cr, e) != 0)
		return -1;
	j = certificate_json(&cr);
	certificate_rec_free(&cr);
	if (j == NULL)
		return qerr_internal(e, "certificate: out of memory");
	resp_json(out, 201, j);
	return 0;
}

static int64_t
certificates_each(struct store_tx *tx, const void *q, int64_t after, int limit,
                  int (*fn)(void *, const void *), void *ctx, struct qerr *e)
{
	return ops_certificates_each(tx, q, after, limit, fn, ctx, e);
}

static int
h_certificate_list(struct req *r, struct resp *out, struct qerr *e)
{
	if (req_org_scope(r, r->params[0], e) != 0)
		return -1;
	return list_rows(r, out, certificates_each, r->params[0], certificate_json, e);
}

const struct route h_declassify_routes[] = {
	{"POST", "/v1/information/{}/declassify", DCL_ACTORS, 0, h_info_declassify},
	{"POST", "/v1/information/{}/extend", ROLE_HEAD | ROLE_AUTHORIZED_BODY, 0, h_info_extend},
	{"POST", "/v1/information/{}/reclassify", ROLE_HEAD | ROLE_CLASSIFIER, 0,
	 h_info_reclassify},
	{"POST", "/v1/carriers/{}/declassify", DCL_ACTORS, 0, h_carrier_declassify},
	{"POST", "/v1/carriers/{}/extend", ROLE_HEAD, 0, h_carrier_extend},
	{"POST", "/v1/carriers/{}/relabel", ROLE_HEAD | ROLE_SECURITY_OFFICER, 0,
	 h_carrier_relabel},
	{"POST", "/v1/orgs/{}/archive-delegations", ROLE_HEAD, 0, h_delegation_create},
	{"GET", "/v1/orgs/{}/archive-delegations", DCL_READERS, 0, h_delegation_list},
	{"POST", "/v1/orgs/{}/certificates", ROLE_SECURITY_OFFICER, 0, h_certificate_create},
	{"GET", "/v1/orgs/{}/certificates", DCL_READERS, 0, h_certificate_list},
	{NULL, NULL, 0, 0, NULL},
};
