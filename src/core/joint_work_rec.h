/*
 * joint_work_rec.h — the typed record of a joint work under Decree 743
 * (Art. 26; issue 11): the request with each step's facts (the written
 * permission, the agreement, the notice to the national security
 * authority, the protection arrangement, the cancellation raised, the
 * end), and its lists as child rows: the request's carriers, the copy
 * numbers (of the request and of each transfer), the carrier lists (annex,
 * held, returned), the transfers, the violations, the addenda and the
 * history of states. src/store keeps them in the tables joint_work and
 * joint_work_* (src/store/tables_transfers.c); src/ops/joint_works.c works
 * on them.
 *
 * PRESENCE. A step not taken has no date (QDATE_NONE) or an empty key
 * field, and its member is absent from the answer: permission
 * (perm_decision 0), agreement (agr_number NULL), nsc_notice
 * (nsc_sent_on), protection (prot_arrangement ""), cancellation
 * (canc_raised_on), end (end_state ""). transferred, violations and
 * addenda are answered once they have an entry; held once a transfer or
 * the end happened.
 *
 * Ownership: a struct jw_full owns its arrays and the heap strings of its
 * rows; release with jw_full_free().
 */
#ifndef QUPIYA_CORE_JOINT_WORK_REC_H
#define QUPIYA_CORE_JOINT_WORK_REC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/rec.h"

#define JW_NAME_MAX 48     /* states, steps, subjects, arrangements, reasons */
#define JW_REF_MAX 128     /* account numbers, labels */

/* names[enum jw_state] (core/joint_work.h); names[0] is JW_UNKNOWN's "" */
extern const char *const jw_rec_state_names[];
/* the permission's decision: 0 none */
enum jw_decision { JW_DECISION_NONE = 0, JW_DECISION_GRANTED, JW_DECISION_REFUSED };
extern const char *const jw_decision_names[];
/* the lists of copy numbers and of carriers */
enum jw_copy_list { JW_COPIES_REQUEST = 0, JW_COPIES_TRANSFERRED };
extern const char *const jw_copy_list_names[];
enum jw_ref_list { JW_LIST_ANNEX = 0, JW_LIST_HELD, JW_LIST_RETURNED };
extern const char *const jw_ref_list_names[];

struct jw_rec {
	struct store_row_hdr h;
	char customer_org_id[STORE_ID_MAX];      /* changes with an addendum */
	char executor_org_id[STORE_ID_MAX];      /* "" for a citizen executor */
	char executor_person_id[STORE_ID_MAX];   /* "" for an organization */
	char executor_person_org_id[STORE_ID_MAX];  /* "": absent */
	char disposing_org_id[STORE_ID_MAX];     /* "": null */
	char *justification;
	int state;                               /* enum jw_state */
	qdate term_from, term_to;
	char executor_permit_ref[STORE_ID_MAX];
	char executor_clearance_ref[STORE_ID_MAX];
	qdate received_on, response_due_on;
	char requested_by[STORE_ID_MAX];
	bool permission_overdue;
	bool cancellation_raised;
	char *executor_city;                     /* an organization executor's (may be NULL) */
	/* kept as given (R743 p.4); NULL: absent */
	char *draft_agreement_ref, *executor_address, *executor_head, *executor_residence,
	     *executor_id_issuer;
	/* permission (R743 p.5) */
	int perm_decision;                       /* enum jw_decision */
	char *perm_reason, *perm_ref;
	qdate perm_answered_on;
	char perm_by[STORE_ID_MAX];
	bool perm_late;
	/* agreement (R743 p.6, p.7) */
	char *agr_number;
	qdate agr_signed_on;
	char agr_subject[JW_NAME_MAX];
	char *agr_certificate, *agr_control_procedure, *agr_financing;
	char agr_executor_permit_ref[STORE_ID_MAX], agr_executor_clearance_ref[STORE_ID_MAX];
	char agr_by[STORE_ID_MAX];
	/* nsc_notice (R743 p.3.3) */
	qdate nsc_sent_on;
	char *nsc_office, *nsc_ref;
	char nsc_by[STORE_ID_MAX];
	/* protection (Art. 26.2, R743 p.8) */
	char prot_arrangement[JW_NAME_MAX];
	char prot_provider_org_id[STORE_ID_MAX];
	char *prot_agreement_ref;
	qdate prot_date;
	char prot_by[STORE_ID_MAX];
	/* cancellation (R743 p.9) */
	qdate canc_raised_on;
	char *canc_reason;
	char canc_permit_id[STORE_ID_MAX], canc_clearance_id[STORE_ID_MAX];
	char canc_by[STORE_ID_MAX];
	/* end (closed, cancelled; R743 p.10) */
	char end_state[JW_NAME_MAX];
	char *end_reason;
	qdate end_date;
};

/* carriers[ord] of the request */
struct jw_carrier_rec {
	struct store_row_hdr h;
	char joint_work_id[STORE_ID_MAX];
	int64_t ord;
	char carrier_id[STORE_ID_MAX];
	bool copies_given;                       /* copy_numbers named (else null) */
	char *title;
	char label[JW_REF_MAX];                  /* "": null */
	char account_number[JW_REF_MAX];
	int64_t sheets;                          /* STORE_INT_NULL: null */
};

/* copy_numbers[ord] of carriers[item_ord] (list request) or of
 * transferred[item_ord] */
struct jw_copy_rec {
	struct store_row_hdr h;
	char joint_work_id[STORE_ID_MAX];
	int list;                                /* enum jw_copy_list */
	int64_t item_ord;
	int64_t ord;
	int64_t number;
};

/* annex[ord], held[ord] or end.returned[ord] */
struct jw_ref_rec {
	struct store_row_hdr h;
	char joint_work_id[STORE_ID_MAX];
	int list;                                /* enum jw_ref_list */
	int64_t ord;
	char carrier_id[STORE_ID_MAX];
};

/* transferred[ord] */
struct jw_transfer_rec {
	struct store_row_hdr h;
	char joint_work_id[STORE_ID_MAX];
	int64_t ord;
	char carrier_id[STORE_ID_MAX];
	qdate date;
	bool copies_listed;                      /* 0.1.0's entries listed none */
};

/* violations[ord] */
struct jw_violation_rec {
	struct store_row_hdr h;
	char joint_work_id[STORE_ID_MAX];
	int64_t ord;
	char *description;
	qdate noted_on;
	char by[STORE_ID_MAX];
	char incident_id[STORE_ID_MAX];          /* "": absent */
};

/* addenda[ord] (R743 p.10) */
struct jw_addendum_rec {
	struct store_row_hdr h;
	char joint_work_id[STORE_ID_MAX];
	int64_t ord;
	char *number;
	char from_org_id[STORE_ID_MAX];
	char assignee_org_id[STORE_ID_MAX];
	qdate signed_on;
	char reason[JW_NAME_MAX];
	qdate nsc_notice_sent_on, disposing_notice_sent_on;
	char by[STORE_ID_MAX];
};

/* history[ord] */
struct jw_step_rec {
	struct store_row_hdr h;
	char joint_work_id[STORE_ID_MAX];
	int64_t ord;
	char from[JW_NAME_MAX];
	char to[JW_NAME_MAX];
	char step[JW_NAME_MAX];
	qdate date;
	char by[STORE_ID_MAX];
};

/* A child list: rows of one table, n of them, the first `stored` already
 * rows of the database. */
#define JW_LIST(type) struct { type *v; size_t n, stored; }

struct jw_full {
	struct jw_rec w;                         /* first: its head is the row's */
	JW_LIST(struct jw_carrier_rec) carriers;
	JW_LIST(struct jw_copy_rec) copies;
	JW_LIST(struct jw_ref_rec) refs;
	JW_LIST(struct jw_transfer_rec) transferred;
	JW_LIST(struct jw_violation_rec) violations;
	JW_LIST(struct jw_addendum_rec) addenda;
	JW_LIST(struct jw_step_rec) history;
	bool refs_replaced;                      /* held emptied: rewrite refs */
};

void jw_full_free(struct jw_full *x);

#endif
