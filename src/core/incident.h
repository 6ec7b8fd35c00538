/*
 * incident.h — incidents: the disclosure or loss of carriers (Art. 1, 26,
 * 31, 37) and the loss an inventory suspects (R743), their kinds, states
 * and the one transition. Pure.
 *   (report) --> open | confirmed
 *   open --incident_confirm_check()--> confirmed (final)
 */
#ifndef QUPIYA_CORE_INCIDENT_H
#define QUPIYA_CORE_INCIDENT_H

#include "core/qerr.h"

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

#endif
