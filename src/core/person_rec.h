/*
 * person_rec.h — the typed records of the persons slice (issue 11), as
 * src/store keeps them in typed tables (src/store/tables_persons.c) and
 * src/ops works on them. Pure data and the names of its enums.
 *
 * Converted: the emergency and martial-law modes of Art. 5
 * (emergency_mode, with its organizations and its relaxations as child
 * rows), formerly one JSON array under the meta key "emergency_modes";
 * persons (SPEC.md §2: a citizen by IIN, a foreigner or stateless person
 * by passport, the employment as it stands and its last change, Art.
 * 33.3) and the grounds for refusal noted for them (Art. 30.1), formerly
 * records "person" and "ground" of the record table.
 *
 * Ownership: a struct emergency_mode_rec owns its heap strings and its
 * child arrays; release with emergency_mode_rec_free(). A person_rec and
 * a ground_rec own their heap strings; release with store_row_free() of
 * their table or person_rec_free() / ground_rec_free().
 */
#ifndef QUPIYA_CORE_PERSON_REC_H
#define QUPIYA_CORE_PERSON_REC_H

#include <stdbool.h>
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

/* A person's citizenship as registered (SPEC.md §2; Art. 29.4 asks a
 * treaty for the others). */
enum person_citizenship { PERSON_KZ = 0, PERSON_FOREIGN, PERSON_STATELESS };
extern const char *const person_citizenship_names[];   /* index = value, NULL-terminated */

/* The employment as it stands (Art. 33.3). */
enum person_employment { PERSON_EMPLOYED = 0, PERSON_DISMISSED, PERSON_CONTRACT_ENDED };
extern const char *const person_employment_names[];    /* index = value, NULL-terminated */

/* The last employment change recorded (0: none): names[0] is a
 * placeholder; the others are clearance_end names (core/clearance.h). */
enum person_event { PERSON_EVENT_NONE = 0, PERSON_EVENT_DISMISSAL, PERSON_EVENT_CONTRACT_END,
                    PERSON_EVENT_TRANSFER };
extern const char *const person_event_names[];         /* index = value, NULL-terminated */

/* -1 when s names none of the table's values (NULL included). */
int person_enum_parse(const char *const *names, const char *s);

#define PERSON_IIN_MAX 16      /* 12 digits (core/ident.h) and the NUL */

struct person_rec {
	struct store_row_hdr h;
	char org_id[STORE_ID_MAX];        /* the employing organization */
	char iin[PERSON_IIN_MAX];         /* "" for none (a foreigner, a stateless person) */
	char *passport;                   /* owned; NULL for none */
	char *full_name;                  /* owned, never NULL once stored */
	int citizenship;                  /* enum person_citizenship */
	char *position;                   /* owned, never NULL once stored */
	int employment;                   /* enum person_employment */
	qdate registered_on;
	/* the last employment change (Art. 33.3): none while event is 0 */
	int event;                        /* enum person_event */
	qdate event_date;
	char event_by[STORE_ID_MAX];      /* the user who recorded it */
};

/* A ground for refusal noted for a person (Art. 30.1). */
struct ground_rec {
	struct store_row_hdr h;
	char org_id[STORE_ID_MAX];        /* the person's organization when noted */
	char person_id[STORE_ID_MAX];
	int ground;                       /* index into clearance_ground_names:
	                                   * enum clearance_ground - 1 */
	qdate noted_on;
	char *details;                    /* owned; NULL for none */
	bool exception;                   /* the Art. 30.1 exception (corruption penalty) */
	int state;                        /* enum ground_state (core/ground.h) */
	qdate lifted_on;                  /* QDATE_NONE while in force */
	char article[16];                 /* "30.1" */
	char noted_by[STORE_ID_MAX];      /* the user who noted it */
};

/* Free the heap strings and zero the record. Accept NULL. */
void person_rec_free(struct person_rec *p);
void ground_rec_free(struct ground_rec *g);

#endif
