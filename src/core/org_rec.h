/*
 * org_rec.h — the typed records of organizations' permits (Art. 34; issue
 * 11): a permit, each transition of its state (history) and each mark of
 * an agreement with another organization (Art. 26.2, R743 p.8.4), as
 * src/store keeps them in the tables permit, permit_change and
 * permit_mark (src/store/tables_org.c) and src/ops/orgs.c works on them.
 * Pure data and the names of its enums.
 *
 * Ownership: a struct permit_rec owns its history and marks arrays and the
 * heap strings in them; release with permit_rec_free().
 */
#ifndef QUPIYA_CORE_ORG_REC_H
#define QUPIYA_CORE_ORG_REC_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/degree.h"
#include "core/rec.h"

#define PERMIT_NUMBER_MAX 128

/* ---- organizations (SPEC.md §2 "Organization"; Art. 28) ---------------- */

#define ORG_BIN_MAX 16            /* 12 digits and the NUL, with room */

enum org_kind { ORG_STATE_BODY = 0, ORG_ORGANIZATION, ORG_FOREIGN_STATE, ORG_INTERNATIONAL };
extern const char *const org_kind_names[];       /* index = value, NULL-terminated */
/* "reorganizing" is named by SPEC.md §2; no procedure sets it yet. */
enum org_state { ORG_ACTIVE = 0, ORG_REORGANIZING, ORG_LIQUIDATED };
extern const char *const org_state_names[];
/* Art. 10.9; 0: none (stored NULL). */
enum org_regime { ORG_REGIME_NONE = 0, ORG_SPECIAL_REGIME, ORG_REGIME, ORG_PROTECTED };
extern const char *const org_regime_names[];     /* {"", "special_regime", ...} */
/* -1 when s names none of names (NULL-terminated). */
int org_enum_parse(const char *const *names, const char *s);

/* A state body or organization, a foreign state or an international
 * organization (the last two have no BIN). Liquidation (Art. 28) sets
 * state, liquidated_on and successor_org_id ("" none: the authorized body
 * then disposes, Art. 23.2). */
struct org_rec {
	struct store_row_hdr h;
	char *name;                   /* owned */
	char bin[ORG_BIN_MAX];        /* "" none */
	int kind;                     /* enum org_kind */
	char parent_id[STORE_ID_MAX]; /* the superior body (subordination); "" none */
	char *city;                   /* owned; NULL none */
	bool foreign_participation;
	double state_share;           /* percent; NaN none */
	int regime_category;          /* enum org_regime */
	int state;                    /* enum org_state */
	qdate registered_on;
	qdate liquidated_on;          /* QDATE_NONE until liquidated */
	char successor_org_id[STORE_ID_MAX];   /* "" none */
};

/* Frees the strings and zeroes o. Accepts NULL. */
void org_rec_free(struct org_rec *o);

/* A permit's stored state (core/permit.h: the transitions; "expired" is
 * derived by date, never stored). */
enum permit_state { PERMIT_ACTIVE = 0, PERMIT_SUSPENDED, PERMIT_CANCELLED };
extern const char *const permit_state_names[];   /* index = value, NULL-terminated */
/* -1 when s names no state. */
int permit_state_parse(const char *s);
const char *permit_state_name(int st);            /* NULL when out of range */

/* One transition, in the order made (seq). */
struct permit_change_rec {
	struct store_row_hdr h;
	char permit_id[STORE_ID_MAX];
	int from;                     /* enum permit_state */
	int to;                       /* enum permit_state */
	qdate effective_date;
	char by[STORE_ID_MAX];        /* the user who made it */
};

/* A mark: the permit holder may use another organization's protection
 * subdivision under an agreement. */
struct permit_mark_rec {
	struct store_row_hdr h;
	char permit_id[STORE_ID_MAX];
	char org_id[STORE_ID_MAX];    /* the other contracting party */
	char *agreement_ref;          /* owned */
	qdate date;
	char by[STORE_ID_MAX];
};

struct permit_rec {
	struct store_row_hdr h;
	char org_id[STORE_ID_MAX];    /* the holder */
	int degree;                   /* enum degree, never DEGREE_NONE */
	char number[PERMIT_NUMBER_MAX];
	qdate issued_on;
	qdate valid_until;
	char issuer[STORE_ID_MAX];    /* the NSC officer's user id */
	int state;                    /* enum permit_state */
	/* children, in seq order; owned */
	struct permit_change_rec *history;
	size_t nhistory;
	struct permit_mark_rec *marks;
	size_t nmarks;
};

/* Frees the children (and their strings) and zeroes p. Accepts NULL. */
void permit_rec_free(struct permit_rec *p);

/* Certificates of protection means (Art. 35) and archive delegations
 * (Art. 23.2) are never changed once registered: their one state. */
enum org_act_state { ORG_ACT_ACTIVE = 0 };
extern const char *const org_act_state_names[];   /* {"active", NULL} */

/* A certificate of conformity of a means of protection (Art. 35). */
struct certificate_rec {
	struct store_row_hdr h;
	char org_id[STORE_ID_MAX];    /* the holder */
	char *means;                  /* owned */
	char number[PERMIT_NUMBER_MAX];
	int degree;                   /* enum degree */
	qdate valid_until;
	int state;                    /* enum org_act_state */
	qdate registered_on;
	char by[STORE_ID_MAX];
};
void certificate_rec_free(struct certificate_rec *c);   /* accepts NULL */

/* The fund-forming organization delegates the declassification of its
 * fund to a state archive (Art. 23.2); one per archive. */
struct delegation_rec {
	struct store_row_hdr h;
	char org_id[STORE_ID_MAX];          /* the fund-forming organization */
	char archive_org_id[STORE_ID_MAX];
	char *ref;                          /* the act's reference; owned */
	int state;                          /* enum org_act_state */
	qdate delegated_on;
	char by[STORE_ID_MAX];
};
void delegation_rec_free(struct delegation_rec *d);     /* accepts NULL */

#endif
