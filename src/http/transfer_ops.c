/*
 * transfer_ops.c — store operations of the transfer workflows (see
 * transfer_ops.h). Decides nothing itself: the rules are in src/core.
 *
 * SECURITY: ids come from validated bodies and are only looked up; every
 * write stays in the caller's transaction.
 */
#include "http/transfer_ops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/auditlog.h"
#include "core/access.h"
#include "core/carrier.h"
#include "core/transfer.h"
#include "http/custody.h"
#include "http/i18n.h"
#include "http/jsonv.h"
#include "http/permit_ops.h"
#include "http/util.h"

/* ---- permits and clearances ------------------------------------------- */

int
tops_org_permit_check(struct req *r, struct store_tx *tx, const char *org_id,
                      enum degree label, struct qerr *e)
{
	struct carrier_permit *p = NULL;
	size_t n = 0;
	int rc;

	/* as the permits stood on the act's effective_date (SPEC.md §3) */
	if (org_permits_load_on(tx, org_id, r->effective_date, &p, &n, e) != 0)
		return -1;
	rc = transfer_permit_check(label, p, n, r->effective_date, e);
	free(p);
	return rc;
}

struct clearances {
	struct transfer_clearance c[64];
	size_t n;
	qdate on;
};

static int
clearance_cb(void *ctx, const struct store_rec *rec)
{
	struct clearances *c = ctx;

	if (c->n == sizeof c->c / sizeof c->c[0])
		return 0;   /* more than 64 clearances of one person: the first count */
	c->c[c->n].form = degree_parse(jsonv_str(rec->doc, "form"));
	/* as it stood on the act's effective_date (SPEC.md §3) */
	c->c[c->n].active = access_clearance_state_on(access_clearance_state_parse(rec->state),
	                                              jsonv_date(rec->doc, "granted_on"),
	                                              jsonv_date(rec->doc, "terminated_on"),
	                                              c->on) == ACCESS_CLEARANCE_ACTIVE;
	c->n++;
	return 0;
}

int
tops_person_clearance_check(struct store_tx *tx, const char *person_id, enum degree label,
                            struct qerr *e)
{
	return tops_person_clearance_check_on(tx, person_id, label, QDATE_NONE, e);
}

int
tops_person_clearance_check_on(struct store_tx *tx, const char *person_id, enum degree label,
                               qdate on, struct qerr *e)
{
	struct store_query q = {.kind = "clearance", .parent_id = person_id};
	struct clearances c = {.n = 0, .on = on};

	if (store_rec_walk(tx, &q, clearance_cb, &c, e) != 0)
		return -1;
	return transfer_clearance_check(label, c.c, c.n, e);
}

/* ---- subordination ------------------------------------------------------ */

/* *out: `ancestor` is in the parent chain of `org`. */
static int
chain_has(struct store_tx *tx, const char *org, const char *ancestor, bool *out,
          struct qerr *e)
{
	char cur[STORE_ID_MAX];

	*out = false;
	q_strlcpy(cur, org, sizeof cur);
	for (int i = 0; i < TRANSFER_CHAIN_MAX && cur[0] != '\0'; i++) {
		struct store_rec rec = {0};
		struct qerr le = {0};

		if (store_rec_get(tx, "org", cur, &rec, &le) != 0) {
			if (le.status == QERR_NOT_FOUND)
				return 0;
			*e = le;
			return -1;
		}
		q_strlcpy(cur, rec.parent_id, sizeof cur);
		store_rec_clear(&rec);
		if (strcmp(cur, ancestor) == 0) {
			*out = true;
			return 0;
		}
	}
	return 0;
}

int
tops_subordinated(struct store_tx *tx, const char *a, const char *b, bool *out,
                  struct qerr *e)
{
	if (chain_has(tx, a, b, out, e) != 0)
		return -1;
	if (*out)
		return 0;
	return chain_has(tx, b, a, out, e);
}

/* ---- carriers ------------------------------------------------------------ */

static bool
same_str(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

int
tops_copies_out(const json_t *doc)
{
	json_t *c;
	size_t i;
	int n = 0;

	json_array_foreach(json_object_get(doc, "copies"), i, c)
		n += carrier_copy_state_parse(jsonv_str(c, "state")) == CARRIER_COPY_ISSUED;
	return n;
}

int
tops_movement_add(struct req *r, struct store_tx *tx, const struct store_rec *car,
                  const char *org_id, const char *kind, json_t *extra, struct qerr *e)
{
	struct store_rec m = {0};
	int ret;

	q_strlcpy(m.kind, "movement", sizeof m.kind);
	store_id_new("movement", m.id);
	q_strlcpy(m.org_id, org_id, sizeof m.org_id);
	q_strlcpy(m.parent_id, car->id, sizeof m.parent_id);
	m.doc = json_pack("{s:s, s:s, s:s, s:s, s:n, s:n, s:o, s:s}", "id", m.id, "kind", kind,
	                  "carrier_id", car->id, "org_id", org_id, "copy_number", "person_id",
	                  "date", json_date(r->effective_date), "by", r->user.id);
	if (m.doc == NULL)
		return qerr_internal(e, "movement doc");
	if (extra != NULL)
		json_object_update_missing(m.doc, extra);
	ret = store_rec_insert(tx, &m, e);
	store_rec_clear(&m);
	return ret;
}

int
tops_carrier_move(struct req *r, struct store_tx *tx, struct store_rec *car,
                  const char *to_org_id, json_t *extra, struct qerr *e)
{
	struct store_rec dup = {0};
	struct qerr fe = {0};
	char from[STORE_ID_MAX];
	json_t *x;
	int rc;

	/* 409: the account number is unique in the recipient's registry. */
	if (store_rec_find(tx, "carrier", to_org_id, car->ref, &dup, &fe) == 0) {
		store_rec_clear(&dup);
		qerr_set(e, QERR_CONFLICT, "duplicate", NULL, "carrier_ids");
		qerr_detail_key(e, "recipient_has_account",
		                "the recipient already registers account number {account_number}",
		                "account_number", car->ref, NULL);
		return -1;
	} else if (fe.status != QERR_NOT_FOUND) {
		*e = fe;
		return -1;
	}
	q_strlcpy(from, car->org_id, sizeof from);
	x = extra != NULL ? json_deep_copy(extra) : json_object();
	if (x == NULL)
		return qerr_internal(e, "movement extra");
	json_object_set_new(x, "to_org_id", json_string(to_org_id));
	json_object_set_new(x, "from_org_id", json_string(from));
	rc = tops_movement_add(r, tx, car, from, "transferred", x, e);
	if (rc == 0)
		rc = tops_movement_add(r, tx, car, to_org_id, "received", x, e);
	json_decref(x);
	if (rc != 0)
		return -1;
	q_strlcpy(car->org_id, to_org_id, sizeof car->org_id);
	json_object_set_new(car->doc, "org_id", json_string(to_org_id));
	return store_rec_update(tx, car, e);
}

int
tops_copies_check(const json_t *doc, const char *from, const char *person_from,
                  const json_t *nums, const char *field, struct qerr *e)
{
	size_t i;
	json_t *v;
	int out = 0;

	if (json_array_size(nums) == 0) {
		qerr_input(e, "invalid_value", field);
		qerr_detail(e, "no copy to move");
		return -1;
	}
	json_array_foreach(nums, i, v) {
		json_t *c = custody_copy(doc, json_integer_value(v));
		bool held;

		if (!json_is_integer(v) || c == NULL) {
			qerr_input(e, "invalid_value", field);
			qerr_detail(e, "no such copy");
			return -1;
		}
		for (size_t k = 0; k < i; k++) {
			if (json_equal(json_array_get(nums, k), v)) {
				qerr_input(e, "invalid_value", field);
				qerr_detail(e, "a copy number is repeated");
				return -1;
			}
		}
		held = person_from != NULL ? same_str(custody_copy_person(c), person_from)
		                           : custody_copy_held_by(doc, c, from) &&
		                             custody_copy_joint_work(c) == NULL;
		/* Only copies the sender holds are sent (SPEC.md §2 "Carrier"). */
		if (!held) {
			char num[24];

			snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
			qerr_set(e, QERR_CONFLICT, "invalid_state", "25", field);
			qerr_detail_key(e, "copy_not_with_sender", "copy {n} is not held by the sender",
			                "n", num, NULL);
			return -1;
		}
		out += carrier_copy_state_parse(jsonv_str(c, "state")) == CARRIER_COPY_ISSUED;
	}
	return out;
}

json_t *
tops_copies_held(const json_t *doc, const char *org_id)
{
	json_t *a = json_array(), *c;
	size_t i;

	json_array_foreach(json_object_get(doc, "copies"), i, c)
		if (a != NULL && custody_copy_held_by(doc, c, org_id) &&
		    custody_copy_joint_work(c) == NULL)
			json_array_append_new(a, json_integer((json_int_t)i + 1));
	return a;
}

int
tops_copies_move(struct req *r, struct store_tx *tx, struct store_rec *car, const char *from,
                 const char *to_org, const char *to_person, const json_t *nums,
                 const char *jw, json_t *extra, struct qerr *e)
{
	size_t i;
	json_t *v, *x;
	bool whole = true;
	int rc;

	json_array_foreach(nums, i, v) {
		if (custody_copy_set(custody_copy(car->doc, json_integer_value(v)), to_org, to_person,
		                     jw) != 0)
			return qerr_internal(e, "copy holder");
	}
	/* Every copy now with the recipient, outright: the carrier moves. */
	json_array_foreach(json_object_get(car->doc, "copies"), i, v)
		if (jw != NULL || to_org == NULL || !custody_copy_held_by(car->doc, v, to_org) ||
		    custody_copy_joint_work(v) != NULL)
			whole = false;
	if (whole && !same_str(car->org_id, to_org)) {
		struct store_rec dup = {0};
		struct qerr fe = {0};

		/* 409: the account number is unique in the recipient's registry. */
		if (store_rec_find(tx, "carrier", to_org, car->ref, &dup, &fe) == 0) {
			store_rec_clear(&dup);
			qerr_set(e, QERR_CONFLICT, "duplicate", NULL, "carrier_ids");
			qerr_detail_key(e, "recipient_has_account",
			                "the recipient already registers account number {account_number}",
			                "account_number", car->ref, NULL);
			return -1;
		} else if (fe.status != QERR_NOT_FOUND) {
			*e = fe;
			return -1;
		}
	}
	if (custody_depart(car->doc, from, r->effective_date) != 0)
		return qerr_internal(e, "departed");
	x = extra != NULL ? json_deep_copy(extra) : json_object();
	if (x == NULL)
		return qerr_internal(e, "movement extra");
	json_object_set_new(x, "from_org_id", json_string(from));
	json_object_set_new(x, to_org != NULL ? "to_org_id" : "to_person_id",
	                    json_string(to_org != NULL ? to_org : to_person));
	json_object_set(x, "copy_numbers", (json_t *)nums);
	if (jw != NULL)
		json_object_set_new(x, "joint_work_id", json_string(jw));
	if (to_person != NULL)
		json_object_set_new(x, "person_id", json_string(to_person));
	rc = tops_movement_add(r, tx, car, from, "transferred", x, e);
	if (rc == 0 && to_org != NULL)
		rc = tops_movement_add(r, tx, car, to_org, "received", x, e);
	json_decref(x);
	if (rc != 0)
		return -1;
	if (whole) {
		q_strlcpy(car->org_id, to_org, sizeof car->org_id);
		json_object_set_new(car->doc, "org_id", json_string(to_org));
	}
	return store_rec_update(tx, car, e);
}

int
tops_ids_unique(const json_t *ids, const char *field, struct qerr *e)
{
	size_t i, j;
	json_t *a, *b;

	json_array_foreach(ids, i, a) {
		for (j = 0; j < i; j++) {
			b = json_array_get(ids, j);
			if (json_equal(a, b)) {
				qerr_input(e, "invalid_value", field);
				qerr_detail(e, "an id is repeated");
				return -1;
			}
		}
	}
	return 0;
}

/* ---- refusals with extra members ----------------------------------------- */

int
tops_refuse_with(struct req *r, struct resp *out, struct qerr *e, json_t *extra)
{
	struct store_tx *tx = NULL;
	struct qerr ae = {0};
	struct audit_event ev = {0};
	char msg[512], action[160];
	json_t *err;

	i18n_format(r->app->i18n, r->lang, e, msg, sizeof msg);
	err = json_pack("{s:s, s:s?, s:s, s:s?}", "code", e->code, "article",
	                e->article[0] ? e->article : NULL, "message", msg, "field",
	                e->field[0] ? e->field : NULL);
	if (err != NULL && e->detail[0] != '\0') {
		/* kk/ru get the detail only when the catalogue translates it. */
		char dbuf[512];
		const char *dt = i18n_detail_of(r->app->i18n, r->lang, e, dbuf, sizeof dbuf);

		if (dt != NULL)
			json_object_set_new(err, "detail", json_string(dt));
	}
	if (err != NULL && extra != NULL)
		json_object_update_missing(err, extra);
	json_decref(extra);

	/* A refusal by a rule of the Law is kept, as router.c keeps it. */
	snprintf(action, sizeof action, "%s %s", r->method, r->path);
	ev.actor = r->user.id;
	ev.action = action;
	ev.object = r->nparams > 0 ? r->params[0] : NULL;
	ev.outcome = "refused";
	ev.code = e->code;
	ev.article = e->article[0] ? e->article : NULL;
	ev.address = r->addr;
	ev.effective_date = r->today;
	if (store_begin(r->app->store, true, &tx, &ae) != 0) {
		fprintf(stderr, "qupiya: audit of refusal failed: %s\n", ae.detail);
	} else if (audit_append(r->app->audit, tx, &ev, NULL, &ae) != 0) {
		store_rollback(tx);
		fprintf(stderr, "qupiya: audit of refusal failed: %s\n", ae.detail);
	} else if (store_commit(tx, &ae) != 0) {   /* frees tx either way */
		fprintf(stderr, "qupiya: audit of refusal failed: %s\n", ae.detail);
	}
	resp_json(out, 422, json_pack("{s:o}", "error", err ? err : json_object()));
	return 0;
}
