/*
 * request_rec.h — the typed record of a declassification request (Law "On
 * State Secrets", Art. 24; issue 11), as src/store keeps it in the table
 * declassification_request (src/store/tables_requests.c) and
 * src/ops/requests.c works on it. The workflow and its rules are
 * core/declassify.h (declassify_request_*). Pure data.
 *
 * The answer and the forwarding are one each at most, so they are columns
 * of the request, not child rows: answered_on (forwarded_on) is set
 * exactly when the request was answered (forwarded).
 *
 * Ownership: the heap strings (requester, subject, answer_reasons) are the
 * record's; release with request_rec_free().
 */
#ifndef QUPIYA_CORE_REQUEST_REC_H
#define QUPIYA_CORE_REQUEST_REC_H

#include <stdbool.h>

#include "core/date.h"
#include "core/rec.h"

enum request_state { REQUEST_ST_OPEN = 0, REQUEST_ST_ANSWERED, REQUEST_ST_FORWARDED };
extern const char *const request_state_names[];   /* index = value, NULL-terminated */

/* The decision of an answer; 0: not answered (stored NULL). */
enum request_decision { REQUEST_NO_DECISION = 0, REQUEST_DECLASSIFIED, REQUEST_REFUSED };
extern const char *const request_decision_names[];   /* {"", "declassified", "refused", NULL} */

struct request_rec {
	struct store_row_hdr h;
	char org_id[STORE_ID_MAX];          /* the body that received it */
	char *requester;                    /* owned */
	char *subject;                      /* owned */
	qdate received_on;
	qdate due_on;                       /* the answer is owed by (Art. 24.2) */
	int state;                          /* enum request_state */
	qdate registered_on;
	char registered_by[STORE_ID_MAX];
	bool late;                          /* answered or forwarded after due_on */
	/* the answer (answered_on set when answered) */
	int decision;                       /* enum request_decision */
	char *reasons;                      /* owned; NULL when not answered */
	qdate answered_on;
	char answered_by[STORE_ID_MAX];
	bool answer_late;
	/* the forwarding (forwarded_on set when forwarded) */
	char forward_to_org_id[STORE_ID_MAX];
	qdate notice_sent_on;
	qdate forwarded_on;
	char forwarded_by[STORE_ID_MAX];
	bool forward_late;
	char forward_request_id[STORE_ID_MAX];   /* the receiver's new request */
	/* a request registered by forwarding: where it came from ("" none) */
	char forwarded_from[STORE_ID_MAX];
	char forwarded_by_org_id[STORE_ID_MAX];
};

/* Frees the strings and zeroes r. Accepts NULL. */
void request_rec_free(struct request_rec *r);

#endif
