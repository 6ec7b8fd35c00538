/*
 * test_person_states.c — the states and transitions of trips abroad
 * (core/trip.h, Art. 32): a request is decided once (approved or refused),
 * anything else is 409 invalid_state naming the state; a trip departs
 * once, the approval counting only for an approved trip. Grounds for
 * refusal (core/ground.h, Art. 30.1): lifted once, never before noted.
 */
#include <string.h>

#include "core/ground.h"
#include "core/trip.h"
#include "tap.h"

int
main(void)
{
	struct qerr e = {0};
	enum trip_state next = TRIP_UNKNOWN;
	bool approved = true;

	CHECK(trip_state_parse("requested") == TRIP_REQUESTED);
	CHECK(trip_state_parse("departed") == TRIP_DEPARTED);
	CHECK(trip_state_parse("") == TRIP_UNKNOWN);
	CHECK(trip_state_parse(NULL) == TRIP_UNKNOWN);
	for (int s = TRIP_REQUESTED; s <= TRIP_DEPARTED; s++)
		CHECK(trip_state_parse(trip_state_name((enum trip_state)s)) == (enum trip_state)s);

	/* decided: requested only */
	CHECK(trip_decide_check("requested", true, &next, &e) == 0 && next == TRIP_APPROVED);
	CHECK(trip_decide_check("requested", false, &next, &e) == 0 && next == TRIP_REFUSED);
	CHECK(trip_decide_check("approved", true, &next, &e) == -1);
	CHECK(e.status == QERR_CONFLICT);
	CHECK_STR(e.code, "invalid_state");
	CHECK_STR(e.article, "32");
	CHECK_STR(e.detail, "trip is approved");
	qerr_clear(&e);
	CHECK(trip_decide_check("departed", false, &next, &e) == -1);
	qerr_clear(&e);

	/* departs once */
	CHECK(trip_depart_check("approved", &approved, &next, &e) == 0);
	CHECK(approved && next == TRIP_DEPARTED);
	CHECK(trip_depart_check("requested", &approved, &next, &e) == 0 && !approved);
	CHECK(trip_depart_check("refused", &approved, &next, &e) == 0 && !approved);
	CHECK(trip_depart_check("departed", &approved, &next, &e) == -1);
	CHECK_STR(e.code, "invalid_state");
	CHECK_STR(e.detail, "trip is departed");
	qerr_clear(&e);

	/* grounds */
	{
		enum ground_state g = GROUND_UNKNOWN;
		qdate noted = date_from_ymd(2026, 3, 1);

		CHECK(ground_state_parse("in_force") == GROUND_IN_FORCE);
		CHECK(ground_state_parse("lifted") == GROUND_LIFTED);
		CHECK(ground_state_parse("x") == GROUND_UNKNOWN);
		CHECK(ground_lift_check("in_force", noted, noted, &g, &e) == 0 && g == GROUND_LIFTED);
		CHECK(ground_lift_check("lifted", noted, noted, &g, &e) == -1);
		CHECK_STR(e.code, "invalid_state");
		CHECK_STR(e.article, "30.1");
		CHECK_STR(e.detail, "ground is lifted");
		qerr_clear(&e);
		CHECK(ground_lift_check("in_force", noted, date_from_ymd(2026, 2, 28), &g, &e) == -1);
		CHECK_STR(e.field, "effective_date");
		qerr_clear(&e);
		CHECK(ground_lift_check("in_force", QDATE_NONE, noted, &g, &e) == 0);
	}
	return tap_done();
}
