/*
 * carrier_store.c — the typed carrier API of src/ops (carrier_store.h).
 */
#include "ops/carrier_store.h"

#include <string.h>


int
ops_carrier_load(struct store_tx *tx, const char *id, struct carrier_rec *out,
                 const char *field, struct qerr *e)
{
	if (store_carrier_get(tx, id, out, e) == 0)
		return 0;
	if (e->status == QERR_NOT_FOUND && field != NULL)
		q_strlcpy(e->field, field, sizeof e->field);
	return -1;
}

int
ops_carrier_save(struct store_tx *tx, struct carrier_rec *c, struct qerr *e)
{
	return store_carrier_update(tx, c, e);
}

int
ops_movement_write(const struct ops_ctx *c, struct store_tx *tx, const char *carrier_id,
                   const char *org_id, const char *kind, long long copy_number,
                   const char *person_id, const struct movement_rec *act, struct qerr *e)
{
	struct movement_rec m;

	if (act != NULL) {
		m = *act;   /* its arrays and extra stay act's */
	} else {
		memset(&m, 0, sizeof m);
		m.found = STORE_INT_NULL;
	}
	memset(&m.h, 0, sizeof m.h);
	store_id_new("movement", m.h.id);
	q_strlcpy(m.parent_id, carrier_id, sizeof m.parent_id);
	q_strlcpy(m.org_id, org_id, sizeof m.org_id);
	m.ref[0] = m.state[0] = '\0';
	m.keys = MOVE_K_ID | MOVE_K_ORG | MOVE_K_KIND | MOVE_K_DATE | MOVE_K_BY | MOVE_K_CARRIER |
	         MOVE_K_COPY | MOVE_K_PERSON;
	q_strlcpy(m.kind, kind, sizeof m.kind);
	if (c->effective_date != QDATE_NONE)
		date_format(c->effective_date, m.date);
	else
		m.date[0] = '\0';
	q_strlcpy(m.by, c->actor.user_id, sizeof m.by);
	q_strlcpy(m.carrier_id, carrier_id, sizeof m.carrier_id);
	m.copy_number = copy_number > 0 ? copy_number : STORE_INT_NULL;
	q_strlcpy(m.person_id, person_id != NULL ? person_id : "", sizeof m.person_id);
	return store_movement_insert(tx, &m, e);
}
