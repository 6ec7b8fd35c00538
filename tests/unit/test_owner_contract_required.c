/*
 * test_owner_contract_required.c — carriers owned by others (Art. 19,
 * carrier_owner_check()): owner_contract_required (19.1, 19.2) and
 * foreign_owner_protected (19.4, also test_foreign_owner_protected.c),
 * table driven (want_code NULL = allowed).
 */
#include "core/carrier.h"
#include "tap.h"

#define CIT CARRIER_OWNER_CITIZEN
#define ORG CARRIER_OWNER_ORGANIZATION
#define FOR CARRIER_OWNER_FOREIGN
#define SELF CARRIER_OWNER_SELF

static const struct {
	const char *name;
	struct carrier_owner o;   /* kind, is_registrar, contract, compensation, nda, court */
	const char *want_code, *want_article, *want_field;
} cases[] = {
	{"own carrier", {SELF, false, false, false, false, false}, NULL, NULL, NULL},
	{"own organization named as owner", {ORG, true, false, false, false, false}, NULL, NULL,
	 NULL},
	{"citizen with a full contract", {CIT, false, true, true, true, false}, NULL, NULL, NULL},
	{"citizen by court decision", {CIT, false, false, false, false, true}, NULL, NULL, NULL},
	{"organization with a full contract", {ORG, false, true, true, true, false}, NULL, NULL,
	 NULL},
	{"citizen, nothing", {CIT, false, false, false, false, false}, "owner_contract_required",
	 "19.1, 19.2", "alienation"},
	{"organization, nothing", {ORG, false, false, false, false, false},
	 "owner_contract_required", "19.1, 19.2", "alienation"},
	{"contract without compensation", {CIT, false, true, false, true, false},
	 "owner_contract_required", "19.1, 19.2", "alienation.compensation"},
	{"contract without non-disclosure", {ORG, false, true, true, false, false},
	 "owner_contract_required", "19.1, 19.2", "alienation.non_disclosure_signed_on"},
	{"parts without a contract", {CIT, false, false, true, true, false},
	 "owner_contract_required", "19.1, 19.2", "alienation"},
	{"foreign owner", {FOR, false, false, false, false, false}, "foreign_owner_protected",
	 "19.4", "owner"},
	{"foreign owner with a contract", {FOR, false, true, true, true, false},
	 "foreign_owner_protected", "19.4", "owner"},
	{"foreign owner by court", {FOR, false, false, false, false, true},
	 "foreign_owner_protected", "19.4", "owner"},
	{"unknown kind fails closed", {(enum carrier_owner_kind)99, false, true, true, true, true},
	 "foreign_owner_protected", "19.4", "owner"},
};

int
main(void)
{
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct qerr e = {0};
		int rc = carrier_owner_check(&cases[i].o, &e);

		if ((rc == 0) != (cases[i].want_code == NULL))
			fprintf(stderr, "case %s: rc %d\n", cases[i].name, rc);
		if (cases[i].want_code == NULL) {
			CHECK(rc == 0);
			continue;
		}
		CHECK(rc == -1);
		CHECK(e.status == QERR_RULE);
		CHECK_STR(e.code, cases[i].want_code);
		CHECK_STR(e.article, cases[i].want_article);
		CHECK_STR(e.field, cases[i].want_field);
	}
	CHECK_STR(carrier_owner_kinds[0], "citizen");
	CHECK_STR(carrier_owner_kinds[2], "foreign");
	CHECK(carrier_owner_kinds[3] == NULL);
	return tap_done();
}
