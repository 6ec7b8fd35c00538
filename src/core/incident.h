/*
 * incident.h — incidents: the disclosure or loss of carriers (Art. 1, 26,
 * 31, 37) and the loss an inventory suspects (R743), their kinds, states
 * and the one transition. Pure.
 *   (report) --> open | confirmed
 *   open --incident_confirm_check()--> confirmed (final)
 */
#ifndef QUPIYA_CORE_INCIDENT_H
#define QUPIYA_CORE_INCIDENT_H

#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/qerr.h"
#include "core/rec.h"

enum incident_kind {
	INCIDENT_KIND_UNKNOWN = 0,   /* not a stored kind */
	INCIDENT_LOSS,
	INCIDENT_DISCLOSURE,
	INCIDENT_LOSS_SUSPECTED,     /* opened by an inventory's close */
};
extern const char *const incident_kind_names[];   /* index = value, NULL-terminated */
enum incident_kind incident_kind_parse(const char *s);   /* UNKNOWN for NULL or unknown */
const char *incident_kind_name(enum incident_kind k);    /* "" for UNKNOWN */

enum incident_state {
	INCIDENT_STATE_UNKNOWN = 0,  /* not a stored state: refused by the transition */
	INCIDENT_OPEN,
	INCIDENT_CONFIRMED,
};
extern const char *const incident_state_names[];  /* index = value, NULL-terminated */
enum incident_state incident_state_parse(const char *s);
const char *incident_state_name(enum incident_state s);

/* The confirmation of an incident: 0, or 409 invalid_state (Art. 31.1)
 * unless it is open; the detail names the stored state. */
int incident_confirm_check(enum incident_state stored, struct qerr *e);

/* TYPED RECORD (issue 11; store/tables_trips.c). An incident's arrays are
 * child rows (struct incident_ref_rec), one per element, by role, in
 * their order (ord). What GET /v1/incidents/{id} shows follows from the
 * kind and state (http/enc_incidents.c): a reported incident (loss,
 * disclosure) always shows damage, occurred_on, confirmed_on,
 * lost_carriers, terminated_clearances and by; a suspected one (opened
 * by an inventory) shows opened_on, inventory_id and copies, and damage,
 * lost_carriers, confirmed_on, terminated_clearances once set. */
enum incident_ref_role {
	INCIDENT_REF_CARRIER = 0,    /* carrier_ids */
	INCIDENT_REF_PERSON,         /* person_ids */
	INCIDENT_REF_LOST,           /* lost_carriers */
	INCIDENT_REF_CLEARANCE,      /* terminated_clearances */
	INCIDENT_REF_JOINT_WORK,     /* joint_work_violations */
	INCIDENT_REF_COPY,           /* copies: {copy_number, holder} */
	INCIDENT_REF_ROLES
};
extern const char *const incident_ref_role_names[];  /* index = value, NULL-terminated */

struct incident_ref_rec {
	struct store_row_hdr h;
	char incident_id[STORE_ID_MAX];
	int role;                     /* enum incident_ref_role */
	int64_t ord;                  /* place in its array, from 0 */
	char ref_id[STORE_ID_MAX];    /* the id; "" for a copy */
	int64_t copy_number;          /* a copy's; STORE_INT_NULL otherwise */
	char holder[STORE_ID_MAX];    /* a copy's holder, "" when none */
};

/* One array of an incident. */
struct incident_ids {
	char (*v)[STORE_ID_MAX];
	size_t n;
};
struct incident_copy {
	int64_t copy_number;
	char holder[STORE_ID_MAX];   /* "" when none */
};

struct incident_rec {
	struct store_row_hdr h;
	char org_id[STORE_ID_MAX];
	int kind;                     /* enum incident_kind */
	int state;                    /* enum incident_state */
	char *description;
	char *damage;                 /* NULL: none */
	qdate occurred_on;            /* reported incidents */
	qdate opened_on;              /* suspected ones */
	qdate confirmed_on;           /* QDATE_NONE while open */
	char by[STORE_ID_MAX];        /* who reported it; "" for a suspected one */
	char inventory_id[STORE_ID_MAX];   /* the inventory that opened it, or "" */
	/* children (owned) */
	struct incident_ids ids[INCIDENT_REF_COPY];   /* by enum incident_ref_role */
	struct incident_copy *copies;
	size_t ncopies;
};

void incident_rec_free(struct incident_rec *r);   /* accepts NULL; zeroes */

#endif
