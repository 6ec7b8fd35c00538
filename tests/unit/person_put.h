/*
 * person_put.h — a person stored directly as a typed row (core/person_rec.h,
 * the table person), for the unit tests that set up a world without the
 * procedures: the fields a test's record doc gives (full_name, position,
 * iin, passport, citizenship), the others as a registration would set
 * them; state "dismissed" / "contract_ended" gives the employment. 0 or -1.
 * Include it in the test program only.
 */
#ifndef QUPIYA_TESTS_PERSON_PUT_H
#define QUPIYA_TESTS_PERSON_PUT_H

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/person_rec.h"
#include "store/store.h"
#include "store/tables_persons.h"
#include "org_row.h"

static inline const char *
person_put_str(const json_t *doc, const char *key, const char *dflt)
{
	const char *s = json_string_value(json_object_get(doc, key));

	return s != NULL ? s : dflt;
}

static inline int
person_put(struct store *s, const char *id, const char *org, const char *state,
           const json_t *doc)
{
	struct person_rec p = {0};
	struct store_tx *tx = NULL;
	const char *cit = person_put_str(doc, "citizenship", NULL);
	const char *pass = person_put_str(doc, "passport", NULL);
	int rc = -1;

	q_strlcpy(p.h.id, id, sizeof p.h.id);
	q_strlcpy(p.org_id, org != NULL ? org : "", sizeof p.org_id);
	q_strlcpy(p.iin, person_put_str(doc, "iin", ""), sizeof p.iin);
	p.citizenship = cit != NULL ? person_enum_parse(person_citizenship_names, cit)
	              : p.iin[0] != '\0' ? PERSON_KZ : PERSON_FOREIGN;
	if (p.citizenship < 0)
		p.citizenship = PERSON_FOREIGN;
	p.employment = state != NULL ? person_enum_parse(person_employment_names, state) : 0;
	if (p.employment < 0)
		p.employment = PERSON_EMPLOYED;
	p.registered_on = date_from_ymd(2025, 1, 1);
	p.event_date = QDATE_NONE;
	p.full_name = strdup(person_put_str(doc, "full_name", ""));
	p.position = strdup(person_put_str(doc, "position", ""));
	p.passport = pass != NULL ? strdup(pass) : NULL;
	if (p.full_name != NULL && p.position != NULL && (pass == NULL || p.passport != NULL) &&
	    store_begin(s, true, &tx, NULL) == 0) {
		if (org_row_ensure(tx, p.org_id, NULL) == 0 &&
		    store_row_insert(tx, &store_person_table, &p, NULL) == 0)
			rc = store_commit(tx, NULL);
		else
			store_rollback(tx);
	}
	person_rec_free(&p);
	return rc;
}

#endif
