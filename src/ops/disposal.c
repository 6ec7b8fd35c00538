/*
 * disposal.c — the disposing body of information and carriers (see
 * disposal.h).
 */
#include "ops/disposal.h"
#include "ops/orgs.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/classify.h"
#include "ops/items.h"
#include "ops/records.h"

int
disposal_fund_of(struct store_tx *tx, const char *org_id, struct disposal_fund *f,
                 struct qerr *e)
{
	char cur[STORE_ID_MAX];

	memset(f, 0, sizeof *f);
	if (org_id == NULL || org_id[0] == '\0')
		return 0;
	q_strlcpy(cur, org_id, sizeof cur);
	while (f->n < DISPOSAL_SUCCESSORS_MAX) {
		struct org_rec org = {0};
		const char *succ;

		if (disposal_fund_has(f, cur))
			return 0;          /* a cycle: nobody disposes (fail safe) */
		q_strlcpy(f->ids[f->n++], cur, sizeof f->ids[0]);
		if (ops_org_load(tx, cur, &org, NULL, e) != 0) {
			if (e->status != QERR_NOT_FOUND)
				return -1;
			qerr_clear(e);
			return 0;          /* unknown organization: nobody disposes */
		}
		if (org.state != ORG_LIQUIDATED) {
			f->has_current = true;
			org_rec_free(&org);
			return 0;
		}
		succ = org.successor_org_id;
		if (succ[0] == '\0') {
			f->liquidated_without_successor = true;
			org_rec_free(&org);
			return 0;
		}
		q_strlcpy(cur, succ, sizeof cur);
		org_rec_free(&org);
	}
	return 0;                          /* too many hops: nobody disposes */
}

bool
disposal_fund_has(const struct disposal_fund *f, const char *org_id)
{
	if (org_id == NULL)
		return false;
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->ids[i], org_id) == 0)
			return true;
	return false;
}

const char *
disposal_fund_current(const struct disposal_fund *f)
{
	return f->has_current && f->n > 0 ? f->ids[f->n - 1] : NULL;
}

int
disposal_is_current(struct store_tx *tx, const char *recorded, const char *org_id, bool *out,
                    struct qerr *e)
{
	struct disposal_fund f;
	const char *cur;

	*out = false;
	if (disposal_fund_of(tx, recorded, &f, e) != 0)
		return -1;
	cur = disposal_fund_current(&f);
	*out = cur != NULL && org_id != NULL && org_id[0] != '\0' && strcmp(cur, org_id) == 0;
	return 0;
}

static void
ids_add(char ids[DISPOSAL_BODIES_MAX][STORE_ID_MAX], size_t *n, const char *id)
{
	if (id == NULL || id[0] == '\0' || *n == DISPOSAL_BODIES_MAX)
		return;
	for (size_t i = 0; i < *n; i++)
		if (strcmp(ids[i], id) == 0)
			return;
	q_strlcpy(ids[(*n)++], id, STORE_ID_MAX);
}

/* ---- the typed carrier ------------------------------------------------------ */

int
disposal_carrier_rec_bodies(struct store_tx *tx, const char *const *info_ids, size_t n,
                            const char *registering_org, struct carrier_rec *c, struct qerr *e)
{
	carrier_id_t *v = q_calloc(n > 0 ? n : 1, sizeof *v);
	size_t nv = 0;

	if (v == NULL)
		return qerr_internal(e, "disposing bodies: out of memory");
	for (size_t i = 0; i < n; i++) {
		struct info_rec info;
		size_t j;

		if (ops_info_load(tx, info_ids[i], &info, "information_ids", e) != 0) {
			free(v);
			return -1;
		}
		for (j = 0; j < nv && strcmp(v[j], info.org_id) != 0; j++)
			;
		if (j == nv)
			q_strlcpy(v[nv++], info.org_id, sizeof v[0]);
		info_rec_free(&info);
	}
	/* Art. 15: a carrier without information is at the disposal of the
	 * body that registered it. */
	if (nv == 0)
		q_strlcpy(v[nv++], registering_org, sizeof v[0]);
	free(c->disposing_ids);
	c->disposing_ids = v;
	c->n_disposing = nv;
	q_strlcpy(c->disposing_org_id, nv == 1 ? v[0] : "", sizeof c->disposing_org_id);
	c->fields |= CARRIER_F_DISPOSING | CARRIER_F_DISPOSING_ORG;
	return 0;
}

size_t
disposal_carrier_rec_of(const struct carrier_rec *c)
{
	return (c->fields & CARRIER_F_DISPOSING) ? c->n_disposing : 0;
}

int
disposal_carrier_rec_deciders(struct store_tx *tx, const struct carrier_rec *c,
                              const char *holder, bool all,
                              char ids[DISPOSAL_BODIES_MAX][STORE_ID_MAX], size_t *n, bool *any,
                              struct qerr *e)
{
	char info_orgs[DISPOSAL_BODIES_MAX][STORE_ID_MAX];
	size_t ninfo = 0, i;

	*n = 0;
	*any = all;
	for (i = 0; i < c->n_information; i++) {
		struct info_rec info;

		if (ops_info_load(tx, c->information_ids[i], &info, NULL, e) != 0) {
			if (e->status != QERR_NOT_FOUND)
				return -1;
			qerr_clear(e);
			continue;
		}
		ids_add(info_orgs, &ninfo, info.org_id);
		if (!all && info.state != INFO_ST_DECLASSIFIED)
			ids_add(ids, n, info.org_id);
		info_rec_free(&info);
	}
	if (*n > 0)
		return 0;
	*any = true;
	/* every disposing body: as recorded at registration */
	for (i = 0; i < disposal_carrier_rec_of(c); i++)
		ids_add(ids, n, c->disposing_ids[i]);
	for (i = 0; *n == 0 && i < ninfo; i++)
		ids_add(ids, n, info_orgs[i]);
	if (*n == 0)
		ids_add(ids, n, holder);   /* a record from before disposal was kept */
	return 0;
}
