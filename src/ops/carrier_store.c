/*
 * carrier_store.c — the typed carrier API of src/ops (carrier_store.h).
 */
#include "ops/carrier_store.h"

#include <string.h>

#include "ops/docs.h"

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

struct carrier_copy_rec *
ops_carrier_copy(struct carrier_rec *c, int64_t n)
{
	for (size_t i = 0; i < c->n_copies; i++)
		if (c->copies[i].number == n)
			return &c->copies[i];
	return NULL;
}

void
ops_carrier_copy_hold(struct carrier_copy_rec *cp, const char *org_id, const char *person_id,
                      const char *jw)
{
	q_strlcpy(cp->holder_org_id, org_id != NULL ? org_id : "", sizeof cp->holder_org_id);
	q_strlcpy(cp->holder_person_id, person_id != NULL ? person_id : "",
	          sizeof cp->holder_person_id);
	cp->fields |= COPY_F_HOLDER_ORG | COPY_F_HOLDER_PERSON;
	if (jw != NULL) {
		q_strlcpy(cp->joint_work_id, jw, sizeof cp->joint_work_id);
		cp->fields |= COPY_F_JOINT_WORK;
	} else {
		cp->joint_work_id[0] = '\0';
		cp->fields &= ~(unsigned)COPY_F_JOINT_WORK;
	}
}

int
ops_movement_append(const struct ops_ctx *c, struct store_tx *tx, const char *carrier_id,
                    const char *org_id, const char *kind, long long copy_number,
                    const char *person_id, const json_t *extra, bool extra_wins,
                    struct qerr *e)
{
	struct store_rec r = {0};
	struct movement_rec m;
	int ret;

	q_strlcpy(r.kind, "movement", sizeof r.kind);
	store_id_new("movement", r.id);
	q_strlcpy(r.org_id, org_id, sizeof r.org_id);
	q_strlcpy(r.parent_id, carrier_id, sizeof r.parent_id);
	r.doc = json_pack("{s:s, s:s, s:s, s:s, s:o, s:s?, s:o, s:s}", "id", r.id, "kind", kind,
	                  "carrier_id", carrier_id, "org_id", org_id, "copy_number",
	                  copy_number > 0 ? json_integer(copy_number) : json_null(), "person_id",
	                  person_id, "date", ops_docs_json_date(c->effective_date), "by",
	                  c->actor.user_id);
	if (r.doc == NULL ||
	    (extra != NULL && (extra_wins ? json_object_update(r.doc, (json_t *)extra)
	                                  : json_object_update_missing(r.doc, (json_t *)extra)) != 0)) {
		store_rec_clear(&r);
		return qerr_internal(e, "movement: out of memory");
	}
	/* the entry into its typed row */
	ret = movement_rec_from(&r, &m, e);
	if (ret == 0)
		ret = store_movement_insert(tx, &m, e);
	movement_rec_clear(&m);
	store_rec_clear(&r);
	return ret;
}
