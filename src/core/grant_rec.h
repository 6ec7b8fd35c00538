/*
 * grant_rec.h — a need-to-know grant as the registry keeps it (Art. 33.2;
 * SPEC.md §2 "Need-to-know grant"): typed fields, stored in the typed table
 * access_grant (store/tables_carriers.h), decided by core/grant.h.
 *
 * A grant names a carrier or an information item (exactly one), runs from
 * `from` (its effective_date) to `until`, both inclusive, and belongs to the
 * grantee's organization (org_id; the granting organization is the same,
 * granting_org_id, "" on grants made before it was recorded). A revoked
 * grant carries the day of the revocation (ended_on), who revoked it and
 * why.
 */
#ifndef QUPIYA_CORE_GRANT_REC_H
#define QUPIYA_CORE_GRANT_REC_H

#include "core/date.h"
#include "core/rec.h"

enum grant_state { GRANT_ACTIVE = 0, GRANT_REVOKED };

/* names[state], NULL-terminated (the stored and shown names). */
extern const char *const grant_state_names[];
/* The state's name; "active" for an unknown value. */
const char *grant_state_name(int state);
/* 0 and *out, or -1 for an unknown name. */
int grant_state_parse(const char *s, int *out);

struct grant_rec {
	struct store_row_hdr h;
	char org_id[STORE_ID_MAX];           /* the grantee's organization */
	char person_id[STORE_ID_MAX];
	char carrier_id[STORE_ID_MAX];       /* "" when it names an information item */
	char information_id[STORE_ID_MAX];   /* "" when it names a carrier */
	qdate from;
	qdate until;
	char granted_by[STORE_ID_MAX];       /* user id */
	char granting_org_id[STORE_ID_MAX];  /* "" on grants made before it was kept */
	int state;                           /* enum grant_state */
	qdate ended_on;                      /* revoked: the revocation's date */
	char revoked_by[STORE_ID_MAX];
	char *revocation_reason;             /* heap; NULL unless revoked */
};

#endif
