/*
 * classify_rec.h — the records of classification as C structs (issue 11;
 * stored in the typed tables of store/tables_classify.h).
 *
 *   classifier  an official on a state body's list of classifiers (Law "On
 *               State Secrets", Art. 5.4, 15.1): the body, the person, the
 *               person's name and position as registered, when and by whom
 *
 * Ownership: a struct classifier_rec owns its heap strings (full_name,
 * position); classifier_rec_free() releases them.
 */
#ifndef QUPIYA_CORE_CLASSIFY_REC_H
#define QUPIYA_CORE_CLASSIFY_REC_H

#include "core/date.h"
#include "core/rec.h"

/* A classifier is registered active; nothing takes one off the list yet. */
enum classifier_state { CLASSIFIER_ACTIVE = 0 };
extern const char *const classifier_state_names[];   /* index = value, NULL-terminated */

int classifier_state_parse(const char *s);            /* -1 when unknown */
const char *classifier_state_name(int st);            /* NULL when out of range */

struct classifier_rec {
	struct store_row_hdr h;
	char org_id[STORE_ID_MAX];          /* the state body */
	char person_id[STORE_ID_MAX];       /* the official */
	char *full_name;                    /* as registered; NULL when the person had none */
	char *position;                     /* as registered; NULL when none */
	int state;                          /* enum classifier_state */
	qdate registered_on;
	char registered_by[STORE_ID_MAX];   /* the admin's user id */
};

/* Frees the heap strings and zeroes c. Accepts NULL. */
void classifier_rec_free(struct classifier_rec *c);

#endif
