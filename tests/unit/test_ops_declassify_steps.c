/*
 * test_ops_declassify_steps.c — declassification without HTTP
 * (src/ops/declassify.h): information declassified and extended, a carrier
 * extended, relabelled and declassified, each allowed and refused in the
 * order of SPEC.md §5 (404 for an actor that does not see, the body's 400,
 * competence 422 before the state's 409, then the rules' 422 recorded by
 * the one refusal path), refusals leaving nothing written; the carriers of
 * a declassified item offered a decision; the log verifies.
 */
#include "core/roles.h"
#include "ops/declassify.h"
#include "ops_world.h"

#define ORG_A  "org_000000000000000a"
#define ORG_B  "org_000000000000000b"
#define INFO   "information_00000000000000a1"
#define CAR    "carrier_00000000000000c1"

static void
get(struct store *s, const char *kind, const char *id, struct store_rec *out)
{
	struct store_tx *tx = NULL;
	struct qerr e = {0};

	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(store_rec_get(tx, kind, id, out, &e) == 0);
	store_rollback(tx);
}

int
main(void)
{
	struct crypto_keys *keys;
	struct store *s = NULL;
	struct qerr e = {0}, in = {0};
	struct ops_ctx c, b;
	struct ops_declassify_args da = {0};
	struct ops_extend_args xa = {0};
	struct ops_relabel_args la = {0};
	struct ops_declassify_result res = {0};
	struct store_rec rec = {0};
	int64_t n0;

	if (ops_world_open("ops-declassify-steps", &keys, &s) != 0)
		return 1;
	if (keys == NULL || s == NULL)
		return tap_done();
	ops_world_put(s, "org", ORG_A, "", "", "active", json_object());
	ops_world_put(s, "org", ORG_B, "", "", "active", json_object());
	ops_world_put(s, "information", INFO, ORG_A, "", "classified",
	    json_pack("{s:s, s:s, s:s}", "degree", "top_secret", "classified_on", "2025-01-01",
	              "declassify_on", "2040-01-01"));
	ops_world_put(s, "carrier", CAR, ORG_A, "", "registered",
	    json_pack("{s:s, s:s, s:[s], s:[], s:[{s:i, s:s, s:n, s:n, s:s, s:n}], s:s,"
	              " s:[s], s:s}",
	              "org_id", ORG_A, "label", "top_secret", "information_ids", INFO,
	              "source_carrier_ids", "copies", "number", 1, "holder_org_id", ORG_A,
	              "holder_person_id", "holder", "state", "in_registry", "issued_on",
	              "declassify_on", "2040-01-01", "disposing_org_ids", ORG_A,
	              "disposing_org_id", ORG_A));
	ops_world_ctx(&c, s, keys);
	q_strlcpy(c.actor.user_id, "user_head_a", sizeof c.actor.user_id);
	q_strlcpy(c.actor.org_id, ORG_A, sizeof c.actor.org_id);
	c.actor.roles = ROLE_HEAD;
	q_strlcpy(c.origin, "POST /v1/x", sizeof c.origin);
	b = c;
	q_strlcpy(b.actor.org_id, ORG_B, sizeof b.actor.org_id);
	n0 = audit_n(s);

	/* ---- carrier: extend ------------------------------------------- */
	xa = (struct ops_extend_args){.id = CAR, .declassify_on = date_from_ymd(2045, 1, 1)};
	CHECK(ops_declassify_carrier_extend(&b, &xa, &res, &e) == -1);   /* unseen: 404 */
	CHECK(e.status == QERR_NOT_FOUND);
	qerr_clear(&e);
	xa.id = "carrier_nope";
	CHECK(ops_declassify_carrier_extend(&c, &xa, &res, &e) == -1 && e.status == QERR_NOT_FOUND);
	qerr_clear(&e);
	xa.id = CAR;
	qerr_input(&in, "invalid_value", "declassify_on");               /* the body's 400 */
	xa.input = &in;
	CHECK(ops_declassify_carrier_extend(&c, &xa, &res, &e) == -1 && e.status == QERR_INPUT);
	qerr_clear(&e);
	xa.input = NULL;
	CHECK(ops_declassify_carrier_extend(&c, &xa, &res, &e) == -1);   /* no conclusion: 422 */
	CHECK(e.status == QERR_RULE && e.audited);
	CHECK_STR(e.code, "extension_needs_conclusion");
	qerr_clear(&e);
	CHECK(audit_n(s) == n0 + 1);
	xa.conclusion_ref = "EC-1";
	CHECK(ops_declassify_carrier_extend(&c, &xa, &res, &e) == 0);
	CHECK_STR(res.car.declassify_on, "2045-01-01");
	CHECK((res.car.fields & CARRIER_F_DECLASSIFY_ON) && res.car.extra != NULL &&
	      strstr(res.car.extra, "\"extensions\":[{") != NULL &&
	      strstr(res.car.extra, "\"expert_conclusion_ref\":\"EC-1\"") != NULL);
	ops_declassify_result_clear(&res);
	CHECK(audit_n(s) == n0 + 2);

	/* ---- carrier: relabel ------------------------------------------ */
	la = (struct ops_relabel_args){.carrier_id = CAR, .label = DEGREE_CONFIDENTIAL};
	CHECK(ops_declassify_carrier_relabel(&c, &la, &res, &e) == -1);   /* label_mismatch */
	CHECK(e.status == QERR_RULE && e.audited);
	CHECK_STR(e.code, "label_mismatch");
	qerr_clear(&e);
	la.label = DEGREE_TOP_SECRET;                                     /* what it carries */
	CHECK(ops_declassify_carrier_relabel(&c, &la, &res, &e) == 0);
	CHECK_STR(res.car.label, "top_secret");
	CHECK(res.car.extra != NULL && strstr(res.car.extra, "\"relabellings\":[{") != NULL);
	ops_declassify_result_clear(&res);
	CHECK(audit_n(s) == n0 + 4);

	/* ---- information: declassify ----------------------------------- */
	da = (struct ops_declassify_args){.id = INFO, .ground = "circumstances_changed"};
	{
		struct ops_ctx nobody = c;

		nobody.actor.roles = ROLE_SECURITY_OFFICER;   /* sees, not competent: 422 */
		CHECK(ops_declassify_information(&nobody, &da, &res, &e) == -1);
		CHECK(e.status == QERR_RULE && e.audited);
		CHECK_STR(e.code, "not_competent_to_declassify");
		qerr_clear(&e);
	}
	da.ground = NULL;                                  /* declassify_ground_required */
	CHECK(ops_declassify_information(&c, &da, &res, &e) == -1 && e.status == QERR_RULE);
	CHECK_STR(e.code, "declassify_ground_required");
	qerr_clear(&e);
	get(s, "information", INFO, &rec);
	CHECK_STR(rec.state, "classified");                /* nothing written */
	store_rec_clear(&rec);
	da.ground = "circumstances_changed";
	CHECK(ops_declassify_information(&c, &da, &res, &e) == 0);
	CHECK(res.is_info && res.info.state == INFO_ST_DECLASSIFIED);
	CHECK_STR(res.info.decl_ground, "circumstances_changed");
	CHECK(res.info.decl_on == res.info.declassified_on && res.info.decl_court_ref == NULL);
	CHECK(res.has_offers && res.offers.n == 1);
	if (res.offers.n == 1) {
		CHECK_STR(res.offers.v[0].carrier_id, CAR);
		CHECK(res.offers.v[0].offer == OFFER_DECLASSIFY);
		CHECK(res.offers.v[0].proposed == DEGREE_NONE);
		CHECK(res.offers.v[0].label == DEGREE_TOP_SECRET);
	}
	ops_declassify_result_clear(&res);
	get(s, "carrier", CAR, &rec);                      /* flagged, not changed */
	CHECK_STR(rec.state, "registered");
	CHECK(json_is_true(json_object_get(rec.doc, "review_required")));
	store_rec_clear(&rec);
	CHECK(ops_declassify_information(&c, &da, &res, &e) == -1);       /* done: 409 */
	CHECK(e.status == QERR_CONFLICT);
	qerr_clear(&e);
	xa = (struct ops_extend_args){.id = INFO, .declassify_on = date_from_ymd(2045, 1, 1)};
	CHECK(ops_declassify_information_extend(&c, &xa, &res, &e) == -1 &&
	      e.status == QERR_CONFLICT);
	qerr_clear(&e);

	/* ---- carrier: declassify --------------------------------------- */
	da = (struct ops_declassify_args){.id = CAR, .ground = "circumstances_changed"};
	CHECK(ops_declassify_carrier(&b, &da, &res, &e) == -1 && e.status == QERR_NOT_FOUND);
	qerr_clear(&e);
	CHECK(ops_declassify_carrier(&c, &da, &res, &e) == 0);
	CHECK_STR(res.car.state, "declassified");
	/* the review resolved: false, its due date and reason gone, a
	 * "resolved" entry after the "flagged" one; the act in its columns */
	CHECK((res.car.more & CARRIER_M_REVIEW_REQUIRED) && res.car.review_required == 0);
	CHECK(!(res.car.more & (CARRIER_M_REVIEW_DUE | CARRIER_M_REVIEW_REASON)));
	CHECK(res.car.n_reviews == 2);
	if (res.car.n_reviews == 2) {
		CHECK_STR(res.car.reviews[0].kind, "flagged");
		CHECK_STR(res.car.reviews[1].kind, "resolved");
		CHECK_STR(res.car.reviews[1].how, "declassified");
	}
	CHECK((res.car.more & (CARRIER_M_DECL | CARRIER_M_DECL_OBJ | CARRIER_M_DECLASSIFIED_ON)) ==
	      (CARRIER_M_DECL | CARRIER_M_DECL_OBJ | CARRIER_M_DECLASSIFIED_ON));
	CHECK_STR(res.car.decl_ground, "circumstances_changed");
	CHECK(res.car.decl_court_ref[0] == '\0');         /* null */
	ops_declassify_result_clear(&res);
	CHECK(ops_declassify_carrier(&c, &da, &res, &e) == -1 && e.status == QERR_CONFLICT);
	qerr_clear(&e);

	ops_world_verify(s, keys);             /* the log verifies */
	ops_world_close(&c, s, keys);
	return tap_done();
}
