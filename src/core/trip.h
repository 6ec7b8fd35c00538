/*
 * trip.h — trips abroad of persons admitted, or previously admitted within
 * the restriction period (Art. 32; news 2024): their states and the
 * transitions the head and the security officer may make. Pure.
 *   requested --trip_decide_check()--> approved | refused   (the head, Art. 32)
 *   requested|approved|refused --trip_depart_check()--> departed (final; a
 *   departure without approval is recorded as a violation by the caller,
 *   core/clearance.h clearance_trip_check)
 */
#ifndef QUPIYA_CORE_TRIP_H
#define QUPIYA_CORE_TRIP_H

#include <stdbool.h>

#include "core/date.h"
#include "core/qerr.h"
#include "core/rec.h"

enum trip_state {
	TRIP_UNKNOWN = 0,             /* not a stored state: refused by every transition */
	TRIP_REQUESTED,
	TRIP_APPROVED,
	TRIP_REFUSED,
	TRIP_DEPARTED,
};
extern const char *const trip_state_names[];    /* index = value, NULL-terminated */
enum trip_state trip_state_parse(const char *s); /* TRIP_UNKNOWN for NULL or unknown */
const char *trip_state_name(enum trip_state s);  /* "" for TRIP_UNKNOWN */

/* The head's decision on a request: 0 and *next (approved or refused), or
 * 409 invalid_state (Art. 32) unless the trip is requested; the detail
 * names the stored state (`stored`, as kept). */
int trip_decide_check(const char *stored, bool approve, enum trip_state *next, struct qerr *e);
/* The departure: 0 and *next = departed, or 409 invalid_state (Art. 32)
 * when the trip departed already. *approved is true when the trip was
 * approved (the approval's date then counts, Art. 32). */
int trip_depart_check(const char *stored, bool *approved, enum trip_state *next, struct qerr *e);

/* TYPED RECORDS (issue 11; store/tables_trips.c). A trip (GET
 * /v1/trips/{id}: approval {date, by} | null, refusal likewise, violation
 * the violation's own answer | null) and the violation its departure
 * recorded (travel_not_approved, Art. 32). Strings "" are absent (SQL
 * NULL where nullable); heap strings owned, released by *_rec_free(). */
struct trip_rec {
	struct store_row_hdr h;
	char person_id[STORE_ID_MAX];
	char org_id[STORE_ID_MAX];
	char *country;
	qdate depart_on, return_on;
	char *purpose;                 /* NULL: none */
	int state;                     /* enum trip_state */
	qdate requested_on;
	qdate approved_on;             /* QDATE_NONE: no approval */
	char approved_by[STORE_ID_MAX];
	qdate refused_on;              /* QDATE_NONE: no refusal */
	char refused_by[STORE_ID_MAX];
	qdate departed_on;
	char violation_id[STORE_ID_MAX];   /* "" while none */
};

/* Who breached: a person admitted now or previously admitted (the two
 * admitted cases of core/clearance.h enum clearance_admitted). */
enum violation_admitted { VIOLATION_ADMITTED_NOW = 0, VIOLATION_ADMITTED_PREVIOUSLY };
extern const char *const violation_admitted_names[];  /* index = value, NULL-terminated */

struct violation_rec {
	struct store_row_hdr h;
	char person_id[STORE_ID_MAX];
	char org_id[STORE_ID_MAX];
	char code[QERR_CODE_MAX];
	char article[QERR_ARTICLE_MAX];
	char trip_id[STORE_ID_MAX];
	qdate date;
	int admitted;                  /* enum violation_admitted */
	char *country;                 /* NULL: none */
	char *liability;               /* NULL: none (news 2024) */
	char *consequence;
};

void trip_rec_free(struct trip_rec *t);              /* accepts NULL; zeroes */
void violation_rec_free(struct violation_rec *v);    /* accepts NULL; zeroes */

#endif
