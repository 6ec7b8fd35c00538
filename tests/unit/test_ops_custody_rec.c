/*
 * test_ops_custody_rec.c — custody per copy over the typed carrier
 * (core/custody_rec.h), table-driven: for carriers of every custody shape
 * (0.1.0 copies without holder fields, copies held by another organization
 * under a joint work, by a citizen, at home and issued, departures, no
 * copies at all) each question is asked for several organizations, persons
 * and copy numbers and checked against the answer written out here; then
 * the writers (a registration's copies, a copy's new holder, departures
 * kept in org_id order) and how the carrier then reads as the API shows
 * it (carrier_rec_doc: the bits make absent, null and value). The carriers
 * come from their JSON form through carrier_rec_from, as the store reads
 * them.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/custody_rec.h"
#include "ops/scope.h"
#include "store/tables_carriers.h"
#include "tap.h"

/* 0.1.0 copies: no holder fields at all; copy 2 issued to person_1 */
static const char c1[] =
	"{\"id\":\"carrier_1\",\"org_id\":\"org_1\",\"copies\":[{\"number\":1,\"state\":"
	"\"in_registry\"},{\"number\":2,\"state\":\"issued\",\"holder\":\"person_1\"}]}";
/* copy 1 away at org_2 under jw_1, copy 2 with the citizen person_7, copy 3
 * at home and issued; copies left org_1 and org_3 */
static const char c2[] =
	"{\"id\":\"carrier_2\",\"org_id\":\"org_1\",\"copies\":[{\"number\":1,\"holder_org_id\":"
	"\"org_2\",\"holder_person_id\":null,\"joint_work_id\":\"jw_1\",\"state\":\"in_registry\"},"
	"{\"number\":2,\"holder_org_id\":null,\"holder_person_id\":\"person_7\",\"state\":"
	"\"in_registry\"},{\"number\":3,\"holder_org_id\":\"org_1\",\"holder_person_id\":null,"
	"\"state\":\"issued\",\"holder\":\"person_1\",\"issued_on\":\"2025-06-02\"}],"
	"\"departed\":{\"org_1\":\"2025-06-03\",\"org_3\":\"2025-01-02\"}}";
/* no copies */
static const char c3[] = "{\"id\":\"carrier_3\",\"org_id\":\"org_3\",\"copies\":[]}";

static int
load(const char *text, struct carrier_rec *c)
{
	struct store_rec r = {0};
	json_error_t jerr;
	struct qerr e = {0};
	int rc;

	q_strlcpy(r.kind, "carrier", sizeof r.kind);
	if ((r.doc = json_loads(text, 0, &jerr)) == NULL)
		return -1;
	q_strlcpy(r.id, json_string_value(json_object_get(r.doc, "id")), sizeof r.id);
	q_strlcpy(r.org_id, json_string_value(json_object_get(r.doc, "org_id")), sizeof r.org_id);
	rc = carrier_rec_from(&r, c, &e);
	store_rec_clear(&r);
	return rc;
}

static bool
str_eq(const char *got, const char *want)
{
	bool ok = (got == NULL && want == NULL) ||
	          (got != NULL && want != NULL && strcmp(got, want) == 0);

	if (!ok)
		fprintf(stderr, "got %s, want %s\n", got ? got : "NULL", want ? want : "NULL");
	return ok;
}

/* The value of key in the carrier as the API shows it, as compact JSON
 * text ("absent" when the key is not there). */
static bool
shows(const struct carrier_rec *c, const char *key, const char *want)
{
	struct qerr e = {0};
	json_t *doc = carrier_rec_doc(c, &e), *v = json_object_get(doc, key);
	char *got = v != NULL ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_SORT_KEYS)
	                      : strdup("absent");
	bool ok = got != NULL && str_eq(got, want);

	free(got);
	json_decref(doc);
	return ok;
}

/* Per copy (1-based): holding organization, citizen, joint work, at home. */
struct copy_want {
	const char *org, *person, *jw;
	bool home;
};

struct org_want {
	const char *org;
	size_t held;
	int first;               /* the first held copy's number, or 0 */
	bool holds, party, scope;
	const char *left_on;
};

static void
copies_are(const struct carrier_rec *c, const struct copy_want *w, size_t n)
{
	CHECK(c->n_copies == n);
	CHECK(custody_rec_copy(c, 0) == NULL && custody_rec_copy(c, (long long)n + 1) == NULL);
	for (size_t i = 0; i < n && i < c->n_copies; i++) {
		const struct carrier_copy_rec *cp = custody_rec_copy(c, (long long)i + 1);

		CHECK(cp == &c->copies[i]);
		CHECK(str_eq(custody_rec_copy_org(c, cp), w[i].org));
		CHECK(str_eq(custody_rec_copy_person(cp), w[i].person));
		CHECK(str_eq(custody_rec_copy_joint_work(cp), w[i].jw));
		CHECK(custody_rec_copy_home(c, cp) == w[i].home);
		CHECK(custody_rec_copy_held_by(c, cp, w[i].org) == (w[i].org != NULL));
		CHECK(!custody_rec_copy_held_by(c, cp, NULL));
	}
}

static void
orgs_are(const struct carrier_rec *c, const struct org_want *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int nums[8] = {0};

		CHECK(custody_rec_copies_held_by(c, w[i].org, nums, 8) == w[i].held);
		CHECK(nums[0] == w[i].first);
		CHECK(custody_rec_org_holds(c, w[i].org) == w[i].holds);
		CHECK(custody_rec_org_party(c, w[i].org) == w[i].party);
		CHECK(custody_rec_scope_holds(c, w[i].org) == w[i].scope);
		CHECK(ops_scope_carrier_may_grant(c, w[i].org) == w[i].scope);
		CHECK(str_eq(custody_rec_left_on(c, w[i].org), w[i].left_on));
	}
}

static void
carrier_010(void)
{
	static const struct copy_want cw[] = {{"org_1", NULL, NULL, true},
	                                      {"org_1", NULL, NULL, true}};
	static const struct org_want ow[] = {
		{"org_1", 2, 1, true, true, true, NULL},
		{"org_2", 0, 0, false, false, false, NULL},
		{"", 0, 0, false, false, false, NULL},
		{NULL, 0, 0, false, false, false, NULL},
	};
	struct carrier_rec c;
	struct qerr e = {0};

	CHECK(load(c1, &c) == 0);
	copies_are(&c, cw, 2);
	orgs_are(&c, ow, sizeof ow / sizeof ow[0]);
	CHECK(!custody_rec_person_holds(&c, "person_1"));   /* issued to, not held by */
	CHECK(custody_rec_all_home(&c));
	CHECK(custody_rec_home_check(&c, &e) == 0);
	CHECK(custody_rec_copies_out(&c) == 1);
	CHECK(custody_rec_copy_named(&c, 3, &e) == NULL);
	CHECK(e.status == QERR_INPUT && strcmp(e.code, "invalid_value") == 0 &&
	      strcmp(e.field, "copy_number") == 0);
	carrier_rec_clear(&c);
}

static void
carrier_away(void)
{
	static const struct copy_want cw[] = {{"org_2", NULL, "jw_1", false},
	                                      {NULL, "person_7", NULL, false},
	                                      {"org_1", NULL, NULL, true}};
	static const struct org_want ow[] = {
		{"org_1", 1, 3, true, true, true, "2025-06-03"},
		{"org_2", 1, 1, true, true, true, NULL},
		{"org_3", 0, 0, false, true, false, "2025-01-02"},
		{"org_9", 0, 0, false, false, false, NULL},
	};
	struct carrier_rec c;
	struct qerr e = {0};

	CHECK(load(c2, &c) == 0);
	copies_are(&c, cw, 3);
	orgs_are(&c, ow, sizeof ow / sizeof ow[0]);
	CHECK(custody_rec_person_holds(&c, "person_7"));
	CHECK(!custody_rec_person_holds(&c, NULL));
	CHECK(!custody_rec_all_home(&c));
	CHECK(custody_rec_home_check(&c, &e) == -1);
	CHECK(e.status == QERR_CONFLICT && strcmp(e.code, "invalid_state") == 0);
	CHECK(custody_rec_copies_out(&c) == 1);
	CHECK(custody_rec_copy_named(&c, 3, &e) == &c.copies[2]);

	/* copy 1 comes home; copy 2 goes to org_5 under jw_2 */
	custody_rec_copy_set(&c.copies[0], "org_1", NULL, NULL);
	custody_rec_copy_set(&c.copies[1], "org_5", NULL, "jw_2");
	CHECK(str_eq(custody_rec_copy_org(&c, &c.copies[1]), "org_5"));
	CHECK(str_eq(custody_rec_copy_joint_work(&c.copies[1]), "jw_2"));
	CHECK(custody_rec_copy_person(&c.copies[1]) == NULL);
	CHECK(shows(&c, "copies",
	            "[{\"holder_org_id\":\"org_1\",\"holder_person_id\":null,\"number\":1,\"state\":"
	            "\"in_registry\"},{\"holder_org_id\":\"org_5\",\"holder_person_id\":null,"
	            "\"joint_work_id\":\"jw_2\",\"number\":2,\"state\":\"in_registry\"},"
	            "{\"holder\":\"person_1\",\"holder_org_id\":\"org_1\",\"holder_person_id\":null,"
	            "\"issued_on\":\"2025-06-02\",\"number\":3,\"state\":\"issued\"}]"));
	/* departures: org_1 updated in place, org_2 between, org_0 first */
	CHECK(custody_rec_depart(&c, "org_1", date_from_ymd(2025, 7, 8)) == 0);
	CHECK(custody_rec_depart(&c, "org_2", date_from_ymd(2025, 7, 9)) == 0);
	CHECK(custody_rec_depart(&c, "org_0", date_from_ymd(2025, 7, 10)) == 0);
	CHECK(custody_rec_depart(&c, NULL, date_from_ymd(2025, 7, 10)) == 0);
	CHECK(custody_rec_depart(&c, "org_7", QDATE_NONE) == 0);
	CHECK(shows(&c, "departed", "{\"org_0\":\"2025-07-10\",\"org_1\":\"2025-07-08\","
	                            "\"org_2\":\"2025-07-09\",\"org_3\":\"2025-01-02\"}"));
	CHECK(c.n_departed == 4 && strcmp(c.departed[0].org_id, "org_0") == 0 &&
	      strcmp(c.departed[3].org_id, "org_3") == 0);
	carrier_rec_clear(&c);
}

static void
carrier_without_copies(void)
{
	static const struct org_want ow[] = {
		{"org_3", 0, 0, false, true, true, NULL},   /* its registry's: scope holds */
		{"org_1", 0, 0, false, false, false, NULL},
	};
	struct carrier_rec c;
	struct qerr e = {0};

	CHECK(load(c3, &c) == 0);
	orgs_are(&c, ow, sizeof ow / sizeof ow[0]);
	CHECK(custody_rec_all_home(&c) && custody_rec_home_check(&c, &e) == 0);
	CHECK(custody_rec_copies_out(&c) == 0);
	CHECK(custody_rec_copy_named(&c, 1, &e) == NULL);

	/* a registration's copies */
	CHECK(custody_rec_copies_new(&c, 2, "org_3") == 0);
	CHECK(c.n_copies == 2 && c.copies[1].number == 2);
	CHECK(shows(&c, "copies",
	            "[{\"holder\":null,\"holder_org_id\":\"org_3\",\"holder_person_id\":null,"
	            "\"issued_on\":null,\"number\":1,\"state\":\"in_registry\"},{\"holder\":null,"
	            "\"holder_org_id\":\"org_3\",\"holder_person_id\":null,\"issued_on\":null,"
	            "\"number\":2,\"state\":\"in_registry\"}]"));
	CHECK(custody_rec_org_holds(&c, "org_3") && custody_rec_all_home(&c));
	/* no registry given: the holder is null, the copy counts as org_id's */
	CHECK(custody_rec_copies_new(&c, 1, NULL) == 0);
	CHECK(shows(&c, "copies", "[{\"holder\":null,\"holder_org_id\":null,\"holder_person_id\":"
	                          "null,\"issued_on\":null,\"number\":1,\"state\":\"in_registry\"}]"));
	CHECK(str_eq(custody_rec_copy_org(&c, &c.copies[0]), "org_3"));
	CHECK(shows(&c, "departed", "absent"));
	carrier_rec_clear(&c);
}

int
main(void)
{
	carrier_010();
	carrier_away();
	carrier_without_copies();
	return tap_done();
}
