/*
 * h_me.c — the workplace of a user acting for themselves (issue 13): what
 * I may read or am issued now, my issued copies, my grants, my clearances
 * and my trips. Any authenticated user; only the records of the user's own
 * person (r->user.person_id), never another's.
 *
 *   GET /v1/me/workplace {user, person, clearances[], grants[], trips[], issued[]}
 *   GET /v1/me/carriers  {items:[{id, account_number, title, label, state,
 *                         issued_copies[], allowed, checks[]}]}
 *
 * The access decision is ops_access_decide() (ops/access.h) and nothing
 * else: this file only chooses the candidates — carriers of which the
 * user's organization is a party (tag "party") or a copy is issued to the
 * person (tag "holder") — and keeps those the person may read today or
 * holds a copy of. A candidate must concern a grant of the person (carrier
 * or one of its information items) or be issued to them: without a grant
 * no carrier passes the need-to-know check (Art. 33), so the others are not
 * evaluated.
 *
 * It never reads content and says nothing about whether content exists.
 * Ownership: every record loaded is cleared on every path.
 */
#include "http/http.h"

#include <string.h>

#include "core/roles.h"
#include "http/access_json.h"
#include "ops/access.h"
#include "ops/carriers.h"
#include "http/jsonv.h"
#include "http/enc.h"
#include "http/util.h"
#include "core/grant_rec.h"
#include "ops/clearances.h"
#include "ops/grants.h"
#include "ops/items.h"
#include "ops/persons.h"
#include "ops/trips.h"

#define ME_LIST_MAX 1000   /* carriers returned at most */

struct me_walk {
	struct req *r;
	json_t *grant_carriers;   /* object: carrier_id -> true */
	json_t *grant_info;       /* object: information_id -> true */
	json_t *items;            /* output rows */
	json_t *seen;             /* object: carrier_id -> true */
	struct store_tx *tx;
	struct qerr *e;
};

static int
grants_cb(void *ctx, const void *row)
{
	struct me_walk *w = ctx;
	const struct grant_rec *g = row;

	if (g->state != GRANT_ACTIVE)
		return 0;
	if (g->carrier_id[0] != '\0' &&
	    json_object_set_new(w->grant_carriers, g->carrier_id, json_true()) != 0)
		return qerr_internal(w->e, "me: out of memory");
	if (g->information_id[0] != '\0' &&
	    json_object_set_new(w->grant_info, g->information_id, json_true()) != 0)
		return qerr_internal(w->e, "me: out of memory");
	return 0;
}

/* Copy numbers of car issued to person_id, as a new array. */
static json_t *
issued_copies(const struct carrier_rec *car, const char *person_id)
{
	json_t *out = json_array();

	for (size_t i = 0; out != NULL && i < car->n_copies; i++) {
		const struct carrier_copy_rec *c = &car->copies[i];

		if ((c->fields & COPY_F_HOLDER) && strcmp(c->holder, person_id) == 0 &&
		    json_array_append_new(out, json_integer((json_int_t)c->number)) != 0) {
			json_decref(out);
			return NULL;
		}
	}
	return out;
}

static bool
concerns_grant(const struct me_walk *w, const struct carrier_rec *car)
{
	if (json_object_get(w->grant_carriers, car->h.id) != NULL)
		return true;
	for (size_t i = 0; i < car->n_information; i++)
		if (json_object_get(w->grant_info, car->information_ids[i]) != NULL)
			return true;
	return false;
}

/* The carrier's account_number, title and label as the lists show them
 * (null when absent). */
static json_t *
car_str(const struct carrier_rec *car, unsigned bit, const char *s)
{
	return (car->fields & bit) && s != NULL && (s[0] != '\0' || bit != CARRIER_F_LABEL)
	               ? json_string(s)
	               : json_null();
}

static int
carrier_cb(void *ctx, const struct carrier_rec *car)
{
	struct me_walk *w = ctx;
	struct access_decision d;
	json_t *issued, *row, *checks;

	if (json_object_get(w->seen, car->h.id) != NULL)
		return 0;
	json_object_set_new(w->seen, car->h.id, json_true());
	issued = issued_copies(car, w->r->user.person_id);
	if (issued == NULL)
		return qerr_internal(w->e, "me: out of memory");
	if (json_array_size(issued) == 0 && !concerns_grant(w, car)) {
		json_decref(issued);
		return 0;
	}
	if (ops_access_decide(w->tx, w->r->user.person_id, car->h.id, req_access_on(w->r), &d,
	                      w->e) != 0) {
		json_decref(issued);
		return -1;
	}
	if (!d.allowed && json_array_size(issued) == 0) {
		json_decref(issued);
		return 0;
	}
	checks = access_decision_json(w->r, &d);
	row = json_pack("{s:s, s:o, s:o, s:o, s:s, s:o, s:b, s:s?, s:s?, s:O?}",
	                "id", car->h.id,
	                "account_number", car_str(car, CARRIER_F_ACCOUNT, car->account_number),
	                "title", car_str(car, CARRIER_F_TITLE, car->title),
	                "label", car_str(car, CARRIER_F_LABEL, car->label),
	                "state", car->state,
	                "issued_copies", issued,
	                "allowed", d.allowed,
	                "code", d.first_failed, "article", d.first_failed_article,
	                "checks", json_object_get(checks, "checks"));
	json_decref(checks);
	if (row == NULL || json_array_append_new(w->items, row) != 0)
		return qerr_internal(w->e, "me: out of memory");
	return json_array_size(w->items) >= ME_LIST_MAX ? 1 : 0;
}

/* GET /v1/me/carriers */
static int
h_me_carriers(struct req *r, struct resp *out, struct qerr *e)
{
	struct me_walk w = {.r = r, .e = e};
	int rc = 0;

	w.items = json_array();
	w.grant_carriers = json_object();
	w.grant_info = json_object();
	w.seen = json_object();
	if (r->user.person_id[0] != '\0') {
		if (tx_read(r, &w.tx, e) != 0) {
			rc = -1;
			goto done;
		}
		rc = ops_grants_list(w.tx, NULL, r->user.person_id, 0, 0, grants_cb, &w, e) < 0
		         ? -1 : 0;
		/* copies issued to me, then my organization's registry */
		if (rc >= 0)
			rc = ops_carriers_walk(w.tx, STORE_TAG_HOLDER, r->user.person_id, carrier_cb,
			                       &w, e);
		if (rc == 0 && r->user.org_id[0] != '\0' &&
		    (json_object_size(w.grant_carriers) > 0 || json_object_size(w.grant_info) > 0))
			rc = ops_carriers_walk(w.tx, STORE_TAG_PARTY, r->user.org_id, carrier_cb, &w, e);
		store_rollback(w.tx);
	}
done:
	json_decref(w.grant_carriers);
	json_decref(w.grant_info);
	json_decref(w.seen);
	if (rc < 0) {
		json_decref(w.items);
		return -1;
	}
	resp_json(out, 200, json_pack("{s:o}", "items", w.items));
	return 0;
}

struct me_list {
	json_t *items;
	const char *const *fields;   /* doc fields kept, NULL-terminated */
};

/* {id, state} and the fields of l->fields doc has. */
static int
pick_doc(struct me_list *l, const char *id, const char *state, const json_t *doc)
{
	json_t *o = json_pack("{s:s, s:s}", "id", id, "state", state);

	if (o == NULL)
		return -1;
	for (const char *const *f = l->fields; *f != NULL; f++) {
		json_t *v = json_object_get(doc, *f);

		if (v != NULL)
			json_object_set(o, *f, v);
	}
	return json_array_append_new(l->items, o) != 0 ? -1 : 0;
}

/* My clearances (typed rows) as the workplace shows them. */
static int
clearance_pick_cb(void *ctx, const void *row)
{
	const struct clearance_rec *c = row;
	json_t *doc = enc_clearance(c);
	int rc = doc != NULL ? pick_doc(ctx, c->h.id, jsonv_str(doc, "state"), doc) : -1;

	json_decref(doc);
	return rc;
}

/* My issued copies of car: {carrier_id, account_number, title, label,
 * copy_number, issued_on}. */
static int
issued_cb(void *ctx, const struct carrier_rec *car)
{
	struct me_list *l = ctx;
	const char *person = l->fields[0];

	for (size_t i = 0; i < car->n_copies; i++) {
		const struct carrier_copy_rec *c = &car->copies[i];

		if (!(c->fields & COPY_F_HOLDER) || strcmp(c->holder, person) != 0)
			continue;
		if (json_array_append_new(l->items, json_pack("{s:s, s:o, s:o, s:o, s:I, s:o}",
		        "carrier_id", car->h.id,
		        "account_number", car_str(car, CARRIER_F_ACCOUNT, car->account_number),
		        "title", car_str(car, CARRIER_F_TITLE, car->title),
		        "label", car_str(car, CARRIER_F_LABEL, car->label),
		        "copy_number", (json_int_t)c->number,
		        "issued_on", (c->fields & COPY_F_ISSUED_ON) && c->issued_on[0] != '\0'
		                         ? json_string(c->issued_on)
		                         : json_null())) != 0)
			return -1;
	}
	return 0;
}

/* Each grant's target named as the person knows it: {kind, name} (a
 * carrier by account number and title, an information item by title). */
/* The target name of a grant on the information item id: {kind, name,
 * label}; 404 in *e when there is none. */
static int
info_name(struct store_tx *tx, const char *id, json_t **name, struct qerr *e)
{
	struct info_rec r;
	const char *degree;

	if (ops_info_load(tx, id, &r, NULL, e) != 0)
		return -1;
	degree = degree_name((enum degree)r.degree);
	*name = json_pack("{s:s, s:s?, s:s?}", "kind", "information", "name", r.title, "label",
	                  degree);
	info_rec_free(&r);
	return 0;
}

static int
grants_name(struct store_tx *tx, json_t *grants, struct qerr *e)
{
	size_t i;
	json_t *g;

	json_array_foreach(grants, i, g) {
		const char *car = jsonv_str(g, "carrier_id"), *info = jsonv_str(g, "information_id");
		struct carrier_rec t = {0};
		struct qerr ne = {0};
		json_t *name;

		if (car != NULL && ops_carrier_load(tx, car, &t, NULL, &ne) == 0)
			name = json_pack("{s:s, s:o, s:o, s:o}", "kind", "carrier",
			                 "name", car_str(&t, CARRIER_F_ACCOUNT, t.account_number),
			                 "title", car_str(&t, CARRIER_F_TITLE, t.title),
			                 "label", car_str(&t, CARRIER_F_LABEL, t.label));
		else if (info != NULL && info_name(tx, info, &name, &ne) == 0)
			;
		else if (ne.status != 0 && ne.status != QERR_NOT_FOUND) {
			*e = ne;
			return -1;
		} else
			continue;
		carrier_rec_clear(&t);
		if (name == NULL || json_object_set_new(g, "target", name) != 0)
			return qerr_internal(e, "me: out of memory");
	}
	return 0;
}

static const char *const clearance_fields[] = {
	"form", "granted_on", "terminated_on", "restriction_until", "contract_number", NULL,
};
static const char *const grant_fields[] = {
	"carrier_id", "information_id", "from", "until", "revoked_on", NULL,
};
/* My grants as the workplace shows them: the fields of grant_fields. */
static int
grant_pick_cb(void *ctx, const void *row)
{
	struct me_list *l = ctx;
	const struct grant_rec *g = row;
	json_t *o = json_pack("{s:s, s:s, s:s?, s:s?, s:o, s:o}", "id", g->h.id,
	                      "state", grant_state_name(g->state),
	                      "carrier_id", g->carrier_id[0] ? g->carrier_id : NULL,
	                      "information_id", g->information_id[0] ? g->information_id : NULL,
	                      "from", json_date(g->from), "until", json_date(g->until));

	if (o == NULL || (g->ended_on != QDATE_NONE &&
	                  json_object_set_new(o, "revoked_on", json_date(g->ended_on)) != 0)) {
		json_decref(o);
		return -1;
	}
	return json_array_append_new(l->items, o) != 0 ? -1 : 0;
}

static const char *const trip_fields[] = {
	"country", "depart_on", "return_on", NULL,
};

/* A trip as the workplace lists it: id, state and trip_fields. */
static int
trip_pick_cb(void *ctx, const void *row)
{
	struct me_list *l = ctx;
	const struct trip_rec *t = &((const struct ops_trip *)row)->t;
	json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:o}", "id", t->h.id, "state",
	                      trip_state_name(t->state), "country", t->country ? t->country : "",
	                      "depart_on", json_date(t->depart_on), "return_on",
	                      json_date(t->return_on));

	return o == NULL || json_array_append_new(l->items, o) != 0 ? -1 : 0;
}

/* GET /v1/me/workplace */
static int
h_me_workplace(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct person_rec person = {0};
	json_t *roles = json_array(), *j, *pdoc = NULL;
	struct me_list cl = {json_array(), clearance_fields};
	struct me_list gr = {json_array(), grant_fields};
	struct me_list tr = {json_array(), trip_fields};
	const char *pfields[] = {r->user.person_id, NULL};
	struct me_list is = {json_array(), pfields};
	int rc = 0;

	for (int i = 0; i < ROLE_COUNT; i++)
		if (r->user.roles & (1u << i))
			json_array_append_new(roles, json_string(role_name(1u << i)));
	if (r->user.person_id[0] != '\0') {
		if (tx_read(r, &tx, e) != 0) {
			rc = -1;
			goto done;
		}
		rc = ops_person_load(tx, r->user.person_id, &person, NULL, e);
		if (rc == 0 && (pdoc = enc_person(&person)) == NULL)
			rc = qerr_internal(e, "me: out of memory");
		if (rc == 0) {
			struct ops_clearance_query clq = {.person_id = r->user.person_id};

			rc = ops_clearances_each(tx, &clq, 0, 0, clearance_pick_cb, &cl, e) < 0 ? -1 : 0;
		}
		if (rc == 0 && ops_grants_list(tx, NULL, r->user.person_id, 0, 0, grant_pick_cb,
		                               &gr, e) < 0)
			rc = -1;
		if (rc == 0 && ops_trips_of_person(tx, r->user.person_id, 0, 0, trip_pick_cb, &tr,
		                                   e) < 0)
			rc = -1;
		if (rc == 0)
			rc = ops_carriers_walk(tx, STORE_TAG_HOLDER, r->user.person_id, issued_cb, &is, e);
		if (rc == 0)
			rc = grants_name(tx, gr.items, e);
		store_rollback(tx);
		if (rc != 0) {
			if (rc > 0)
				qerr_internal(e, "me: out of memory");
			rc = -1;
			goto done;
		}
	}
	j = json_pack("{s:{s:s, s:s, s:O, s:s?, s:s?}, s:O?, s:O, s:O, s:O, s:O}",
	              "user", "id", r->user.id, "login", r->user.login, "roles", roles,
	              "org_id", r->user.org_id[0] ? r->user.org_id : NULL,
	              "person_id", r->user.person_id[0] ? r->user.person_id : NULL,
	              "person", pdoc,
	              "clearances", cl.items, "grants", gr.items, "trips", tr.items,
	              "issued", is.items);
	if (j == NULL) {
		rc = qerr_internal(e, "me: out of memory");
		goto done;
	}
	resp_json(out, 200, j);
done:
	person_rec_free(&person);
	json_decref(pdoc);
	json_decref(roles);
	json_decref(cl.items);
	json_decref(gr.items);
	json_decref(tr.items);
	json_decref(is.items);
	return rc;
}

const struct route h_me_routes[] = {
	{"GET", "/v1/me/workplace", ROLE_ANY_USER, 0, h_me_workplace},
	{"GET", "/v1/me/carriers", ROLE_ANY_USER, 0, h_me_carriers},
	{NULL, NULL, 0, 0, NULL},
};
