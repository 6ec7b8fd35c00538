/*
 * clearance_world.h — a clearance written straight into its typed table
 * (store/tables_clearances.h), for the unit tests that need a person
 * cleared without the clearance procedures. Header-only.
 */
#ifndef QUPIYA_TEST_CLEARANCE_WORLD_H
#define QUPIYA_TEST_CLEARANCE_WORLD_H

#include "core/clearance.h"
#include "core/clearance_rec.h"
#include "core/degree.h"
#include "store/tables_clearances.h"

/* 0, or -1 when it could not be stored. id "" draws a fresh one. */
static inline int
clearance_world_put(struct store *s, const char *id, const char *org, const char *person,
                    enum clearance_state state, enum degree form, qdate granted_on)
{
	struct clearance_rec c;
	struct store_tx *tx;
	int rc = -1;

	clearance_rec_init(&c);
	if (id != NULL && id[0] != '\0')
		q_strlcpy(c.h.id, id, sizeof c.h.id);
	else
		store_id_new("clearance", c.h.id);
	q_strlcpy(c.org_id, org, sizeof c.org_id);
	q_strlcpy(c.person_id, person, sizeof c.person_id);
	c.state = (int)state;
	c.form = (int)form;
	c.registered_on = granted_on != QDATE_NONE ? granted_on : date_from_ymd(2025, 1, 1);
	if (granted_on != QDATE_NONE) {
		c.decision = CLEARANCE_DECISION_GRANT;
		c.decided_on = c.granted_on = granted_on;
	}
	if (store_begin(s, true, &tx, NULL) != 0)
		return -1;
	if (store_row_insert(tx, &store_clearance_table, &c, NULL) == 0)
		rc = store_commit(tx, NULL);
	else
		store_rollback(tx);
	return rc;
}

#endif
