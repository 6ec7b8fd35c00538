/*
 * test_ops_custody_rec.c — custody per copy over the typed carrier
 * (core/custody_rec.h) answers exactly as ops/custody.h does over the
 * carrier's JSON form: for carriers of every custody shape (0.1.0 copies
 * without holders, copies held by other organizations, by a citizen, away
 * under a joint work, departures, no copies) each question is asked of both
 * for every organization, person and copy number, and the writers (a
 * registration's copies, a copy's new holder, a departure) leave both
 * forms reading back the same carrier.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/custody_rec.h"
#include "ops/custody.h"
#include "ops/moves.h"
#include "ops/scope.h"
#include "store/tables_carriers.h"
#include "tap.h"

static const char *const docs[] = {
	/* 0.1.0 copies: no holder fields at all */
	"{\"id\":\"carrier_1\",\"org_id\":\"org_1\",\"copies\":[{\"number\":1,\"state\":"
	"\"in_registry\"},{\"number\":2,\"state\":\"issued\",\"holder\":\"person_1\"}]}",
	/* away at org_2 under a joint work, at a citizen, at home, departures */
	"{\"id\":\"carrier_2\",\"org_id\":\"org_1\",\"copies\":[{\"number\":1,\"holder_org_id\":"
	"\"org_2\",\"holder_person_id\":null,\"joint_work_id\":\"jw_1\",\"state\":\"in_registry\"},"
	"{\"number\":2,\"holder_org_id\":null,\"holder_person_id\":\"person_7\",\"state\":"
	"\"in_registry\"},{\"number\":3,\"holder_org_id\":\"org_1\",\"holder_person_id\":null,"
	"\"state\":\"issued\",\"holder\":\"person_1\",\"issued_on\":\"2025-06-02\"}],"
	"\"departed\":{\"org_1\":\"2025-06-03\",\"org_3\":\"2025-01-02\"}}",
	/* moved whole to org_2, every copy there */
	"{\"id\":\"carrier_3\",\"org_id\":\"org_2\",\"copies\":[{\"number\":1,\"holder_org_id\":"
	"\"org_2\",\"holder_person_id\":null,\"state\":\"in_registry\"}],\"departed\":{\"org_1\":"
	"\"2025-02-02\"}}",
	/* no copies */
	"{\"id\":\"carrier_4\",\"org_id\":\"org_3\",\"copies\":[]}",
	"{\"id\":\"carrier_5\",\"org_id\":\"org_3\"}",
};
#define NDOCS (sizeof docs / sizeof docs[0])

static const char *const orgs[] = {"org_1", "org_2", "org_3", "org_9", "", NULL};
static const char *const persons[] = {"person_7", "person_1", NULL};

static int
load(const char *text, struct store_rec *r, struct carrier_rec *c)
{
	json_error_t jerr;
	struct qerr e = {0};

	memset(r, 0, sizeof *r);
	q_strlcpy(r->kind, "carrier", sizeof r->kind);
	r->doc = json_loads(text, 0, &jerr);
	if (r->doc == NULL)
		return -1;
	q_strlcpy(r->id, json_string_value(json_object_get(r->doc, "id")), sizeof r->id);
	q_strlcpy(r->org_id, json_string_value(json_object_get(r->doc, "org_id")),
	          sizeof r->org_id);
	return carrier_rec_from(r, c, &e);
}

static bool
str_eq(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Both forms read back as the same carrier. */
static bool
same_carrier(const struct store_rec *r, const struct carrier_rec *c)
{
	struct carrier_rec back;
	struct qerr e = {0};
	json_t *a, *b;
	bool ok;

	if (carrier_rec_from(r, &back, &e) != 0)
		return false;
	a = carrier_rec_doc(&back, &e);
	b = carrier_rec_doc(c, &e);
	ok = a != NULL && b != NULL && json_equal(a, b);
	if (!ok) {
		char *sa = json_dumps(a, JSON_SORT_KEYS), *sb = json_dumps(b, JSON_SORT_KEYS);

		fprintf(stderr, "json:  %s\ntyped: %s\n", sa ? sa : "?", sb ? sb : "?");
		free(sa);
		free(sb);
	}
	json_decref(a);
	json_decref(b);
	carrier_rec_clear(&back);
	return ok;
}

static void
questions(const struct store_rec *r, const struct carrier_rec *c)
{
	const json_t *doc = r->doc;
	struct qerr e1 = {0}, e2 = {0};

	for (size_t o = 0; o < sizeof orgs / sizeof orgs[0]; o++) {
		int n1[8], n2[8];
		size_t k1 = custody_copies_held_by(doc, orgs[o], n1, 8);
		size_t k2 = custody_rec_copies_held_by(c, orgs[o], n2, 8);

		CHECK(k1 == k2 && memcmp(n1, n2, (k1 < 8 ? k1 : 8) * sizeof n1[0]) == 0);
		CHECK(custody_org_holds(doc, orgs[o]) == custody_rec_org_holds(c, orgs[o]));
		CHECK(custody_org_party(doc, orgs[o]) == custody_rec_org_party(c, orgs[o]));
		CHECK(str_eq(custody_left_on(doc, orgs[o]), custody_rec_left_on(c, orgs[o])));
		CHECK(ops_scope_holds_copy(r, orgs[o]) == ops_scope_carrier_may_grant(c, orgs[o]));
		for (long long n = 0; n <= 4; n++) {
			json_t *jc = custody_copy(doc, n);
			struct carrier_copy_rec *tc = custody_rec_copy(c, n);

			CHECK((jc == NULL) == (tc == NULL));
			if (jc == NULL || tc == NULL)
				continue;
			CHECK(custody_copy_held_by(doc, jc, orgs[o]) ==
			      custody_rec_copy_held_by(c, tc, orgs[o]));
			CHECK(str_eq(custody_copy_org(doc, jc), custody_rec_copy_org(c, tc)));
			CHECK(str_eq(custody_copy_person(jc), custody_rec_copy_person(tc)));
			CHECK(str_eq(custody_copy_joint_work(jc), custody_rec_copy_joint_work(tc)));
			CHECK(custody_copy_home(doc, jc) == custody_rec_copy_home(c, tc));
		}
	}
	for (size_t p = 0; p < sizeof persons / sizeof persons[0]; p++)
		CHECK(custody_person_holds(doc, persons[p]) == custody_rec_person_holds(c, persons[p]));
	CHECK(custody_all_home(doc) == custody_rec_all_home(c));
	CHECK(ops_copies_out(doc) == custody_rec_copies_out(c));
	CHECK(custody_home_check(doc, &e1) == custody_rec_home_check(c, &e2));
	CHECK(e1.status == e2.status && strcmp(e1.code, e2.code) == 0);
	CHECK((custody_copy_named(doc, 9, &e1) == NULL) && (custody_rec_copy_named(c, 9, &e2) == NULL));
	CHECK(e1.status == e2.status && strcmp(e1.field, e2.field) == 0);
}

static void
writers(struct store_rec *r, struct carrier_rec *c)
{
	qdate d = QDATE_NONE;

	CHECK(date_parse("2025-07-08", &d) == 0);

	if (c->n_copies > 0) {
		custody_copy_set(custody_copy(r->doc, 1), "org_9", NULL, "jw_9");
		custody_rec_copy_set(custody_rec_copy(c, 1), "org_9", NULL, "jw_9");
		CHECK(same_carrier(r, c));
		custody_copy_set(custody_copy(r->doc, 1), NULL, "person_9", NULL);
		custody_rec_copy_set(custody_rec_copy(c, 1), NULL, "person_9", NULL);
		CHECK(same_carrier(r, c));
	}
	CHECK(custody_depart(r->doc, "org_2", d) == 0 && custody_rec_depart(c, "org_2", d) == 0);
	CHECK(custody_depart(r->doc, "org_0", d) == 0 && custody_rec_depart(c, "org_0", d) == 0);
	CHECK(same_carrier(r, c));
	CHECK(json_object_set_new(r->doc, "copies", custody_copies_new(3, "org_4")) == 0);
	CHECK(custody_rec_copies_new(c, 3, "org_4") == 0);
	CHECK(same_carrier(r, c));
}

int
main(void)
{
	for (size_t i = 0; i < NDOCS; i++) {
		struct store_rec r;
		struct carrier_rec c;

		if (load(docs[i], &r, &c) != 0) {
			CHECK(!"carrier loads");
			continue;
		}
		CHECK(same_carrier(&r, &c));
		questions(&r, &c);
		writers(&r, &c);
		questions(&r, &c);
		carrier_rec_clear(&c);
		store_rec_clear(&r);
	}
	return tap_done();
}
