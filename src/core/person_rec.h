/*
 * person_rec.h — the typed records of the persons slice (issue 11), as
 * src/store keeps them in typed tables (src/store/tables_persons.c) and
 * src/ops works on them. Pure data and the names of its enums.
 *
 * Converted so far: the emergency and martial-law modes of Art. 5
 * (emergency_mode, with its organizations and its relaxations as child
 * rows), formerly one JSON array under the meta key "emergency_modes".
 *
 * Ownership: a struct emergency_mode_rec owns its heap strings and its
 * child arrays; release with emergency_mode_rec_free().
 */
#ifndef QUPIYA_CORE_PERSON_REC_H
#define QUPIYA_CORE_PERSON_REC_H

#include <stddef.h>

#include "core/date.h"
#include "core/rec.h"

/* The regime the President introduced (Art. 5). */
enum emergency_kind { EMERGENCY_KIND_EMERGENCY = 0, EMERGENCY_KIND_MARTIAL_LAW };
extern const char *const emergency_kind_names[];   /* index = value, NULL-terminated */
/* -1 when s names no kind. */
int emergency_kind_parse(const char *s);
const char *emergency_kind_name(int k);            /* NULL when out of range */

/* An organization of the areas a mode covers (none: the whole territory). */
struct emergency_mode_org_rec {
	struct store_row_hdr h;
	char mode_id[STORE_ID_MAX];
	char org_id[STORE_ID_MAX];
};

/* A relaxation the mode allows, in the order declared: an index into
 * clearance_relax_names (core/clearance.h). */
struct emergency_relaxation_rec {
	struct store_row_hdr h;
	char mode_id[STORE_ID_MAX];
	int relaxation;
};

struct emergency_mode_rec {
	struct store_row_hdr h;
	int kind;                     /* enum emergency_kind */
	char *decree_ref;             /* owned, never NULL once stored */
	qdate from;                   /* the period, both days included */
	qdate until;                  /* moved to the end date when ended early */
	char *area;                   /* owned; NULL when none was named */
	qdate declared_on;
	char declared_by[STORE_ID_MAX];
	qdate ended_on;               /* QDATE_NONE while not ended early */
	qdate effective_date;         /* the declaring body's effective_date, when it gave one */
	/* children, in seq order; owned */
	char (*org_ids)[STORE_ID_MAX];
	size_t norgs;
	int *relaxations;             /* indexes into clearance_relax_names */
	size_t nrelax;
};

/* Frees the strings and children and zeroes m. Accepts NULL. */
void emergency_mode_rec_free(struct emergency_mode_rec *m);

#endif
