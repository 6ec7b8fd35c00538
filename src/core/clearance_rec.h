/*
 * clearance_rec.h — a person's clearance as the registry keeps it (Art.
 * 29-33; SPEC.md §2 "Clearance"): typed fields, stored in the typed table
 * clearance with its child tables (store/tables_clearances.h), decided by
 * core/clearance.h, worked on by ops/clearances.c.
 *
 * One row per registration of one form: who (person_id, org_id = the
 * person's organization), the form, the treaty of a foreigner (Art. 29.4),
 * the state, the five prerequisites of Art. 29.1 with their dates, the
 * head's decision (or the refusal recorded when the person left the
 * position, decision_reason set), what an Art. 5 mode relaxed, the
 * termination (Art. 31, 33.3) and the flag for termination the deadlines
 * list reads (termination_due_on, typed and indexed). The arrays it holds
 * are child rows: the clearances a grant replaced (Art. 29.3) and the
 * relaxations of the mode the decision used.
 *
 * As the API shows it (http/enc_clearances.c): decision null when decision
 * is 0; termination, non_disclosure ("continues", Art. 31.3) and
 * termination_due null until set; the top-level restriction_until is the
 * decision's once granted; verification_pending only when a mode's
 * relaxation was used; replaces only when non-empty.
 *
 * Ownership: a struct clearance_rec owns its heap strings and its child
 * arrays; release with clearance_rec_free().
 */
#ifndef QUPIYA_CORE_CLEARANCE_REC_H
#define QUPIYA_CORE_CLEARANCE_REC_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/rec.h"

#define CLEARANCE_CODE_MAX 40   /* the flag's reason, code and article */

/* Stored names, index = value of the core enum ("" for its UNKNOWN, a
 * placeholder that is never stored): enum clearance_state,
 * clearance_verification, clearance_end (the five reasons and
 * "reregistered"), and the decision (1 grant, 2 refuse). */
extern const char *const clearance_rec_state_names[];
extern const char *const clearance_rec_verification_names[];
extern const char *const clearance_rec_end_names[];
extern const char *const clearance_rec_decision_names[];
enum { CLEARANCE_DECISION_NONE = 0, CLEARANCE_DECISION_GRANT, CLEARANCE_DECISION_REFUSE };

struct clearance_rec {
	struct store_row_hdr h;
	char person_id[STORE_ID_MAX];
	char org_id[STORE_ID_MAX];           /* the person's organization */
	int form;                            /* enum degree */
	char *treaty_ref;                    /* owned; NULL: none (Art. 29.4) */
	int state;                           /* enum clearance_state */
	qdate registered_on;
	/* the prerequisites (Art. 29.1); QDATE_NONE / 0: not recorded */
	qdate commitment_on;
	qdate consent_restrictions_on;
	qdate consent_verification_on;
	qdate familiarized_on;
	int verification;                    /* enum clearance_verification */
	qdate verified_on;
	/* the decision */
	int decision;                        /* CLEARANCE_DECISION_* */
	qdate decided_on;
	char decided_by[STORE_ID_MAX];
	char *contract_number;               /* owned; NULL: none */
	qdate restriction_until;             /* the access agreement's (Art. 32) */
	int decision_reason;                 /* enum clearance_end: refused as the
	                                        person left; 0 for a head's decision */
	char decision_source_id[STORE_ID_MAX];
	char emergency_id[STORE_ID_MAX];     /* the Art. 5 mode whose relaxation was used */
	qdate verification_due_on;           /* that mode's period end at the decision */
	bool verification_pending;
	qdate granted_on;
	/* the termination (Art. 31, 33.3); end_reason 0: not terminated */
	int end_reason;                      /* enum clearance_end */
	qdate terminated_on;
	char terminated_by[STORE_ID_MAX];
	char termination_source_id[STORE_ID_MAX];
	/* flagged for termination (Art. 31.1); due_reason "": not flagged */
	qdate termination_due_on;
	char due_reason[CLEARANCE_CODE_MAX];
	char due_code[CLEARANCE_CODE_MAX];
	char due_article[CLEARANCE_CODE_MAX];
	char due_source_id[STORE_ID_MAX];
	qdate due_noted_on;
	/* children, in seq order; owned */
	char (*replaces)[STORE_ID_MAX];      /* the clearances this grant replaced */
	size_t nreplaces;
	int *relaxed;                        /* indexes into clearance_relax_names */
	size_t nrelaxed;
};

/* A clearance this grant replaced (Art. 29.3), child of clearance_id. */
struct clearance_replaced_rec {
	struct store_row_hdr h;
	char clearance_id[STORE_ID_MAX];
	char replaced_id[STORE_ID_MAX];
};

/* A relaxation of Art. 5 the decision used, child of clearance_id. */
struct clearance_relaxed_rec {
	struct store_row_hdr h;
	char clearance_id[STORE_ID_MAX];
	int relaxation;                      /* index into clearance_relax_names */
};

/* Zeroes c with every date QDATE_NONE (a new registration's blank). */
void clearance_rec_init(struct clearance_rec *c);
/* Frees the strings and children and zeroes c. Accepts NULL. */
void clearance_rec_free(struct clearance_rec *c);

#endif
