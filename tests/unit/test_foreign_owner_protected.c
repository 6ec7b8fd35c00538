/*
 * test_foreign_owner_protected.c — foreign_owner_protected (Art. 19.4): the
 * carrier of a foreigner, stateless person or foreign organization is not
 * classified, whatever contract or court decision comes with it; the
 * allowed cases are the other owners with what Art. 19.1-19.2 need.
 */
#include "core/carrier.h"
#include "tap.h"

int
main(void)
{
	struct carrier_owner foreign = {.kind = CARRIER_OWNER_FOREIGN};
	struct carrier_owner citizen = {.kind = CARRIER_OWNER_CITIZEN, .has_court_ref = true};
	struct carrier_owner own = {.kind = CARRIER_OWNER_SELF};
	struct qerr e = {0};

	/* Refused, with and without a contract or a court decision. */
	CHECK(carrier_owner_check(&foreign, &e) == -1);
	CHECK_STR(e.code, "foreign_owner_protected");
	CHECK_STR(e.article, "19.4");
	CHECK(e.status == QERR_RULE);
	foreign.has_contract_ref = foreign.has_compensation = foreign.has_non_disclosure = true;
	foreign.has_court_ref = true;
	e = (struct qerr){0};
	CHECK(carrier_owner_check(&foreign, &e) == -1);
	CHECK_STR(e.code, "foreign_owner_protected");
	/* Allowed: a citizen's carrier by court decision, the body's own. */
	e = (struct qerr){0};
	CHECK(carrier_owner_check(&citizen, &e) == 0);
	CHECK(carrier_owner_check(&own, &e) == 0);
	return tap_done();
}
