/*
 * classify.c — see classify.h.
 *
 * SECURITY: ids from the caller are only looked up; the organization's and
 * person's records are read through typed getters (a missing field is
 * NULL and decides nothing in the caller's favour).
 */
#include "ops/classify.h"

#include <stdlib.h>
#include <string.h>

#include "core/classify.h"
#include "ops/docs.h"
#include "ops/orgs.h"
#include "ops/persons.h"
#include "store/tables_classify.h"

/* A heap copy of s (NULL stays NULL); -1 on out of memory. */
static int
dup_opt(const char *s, char **out)
{
	*out = NULL;
	if (s == NULL)
		return 0;
	return (*out = strdup(s)) == NULL ? -1 : 0;
}

int
ops_classifier_register(const struct ops_ctx *c, const struct ops_classifier_args *a,
                        struct classifier_rec *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct org_rec org = {0};
	struct person_rec person = {0};
	struct classifier_rec k = {0};

	memset(out, 0, sizeof *out);
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_org_load(tx, a->org_id, &org, "org_id", e) != 0 ||
	    ops_person_load(tx, a->person_id, &person, "person_id", e) != 0)
		goto fail;
	if (classify_classifier_eligible(org_kind_names[org.kind], org_state_names[org.state],
	                                 person.org_id, org.h.id, e) != 0)   /* Art. 5.4, 15.1 */
		goto fail;
	store_id_new(store_classifier_table.id_prefix, k.h.id);
	q_strlcpy(k.org_id, org.h.id, sizeof k.org_id);
	q_strlcpy(k.person_id, person.h.id, sizeof k.person_id);
	if (dup_opt(person.full_name, &k.full_name) != 0 ||
	    dup_opt(person.position, &k.position) != 0) {
		qerr_internal(e, "classifier: out of memory");
		goto fail;
	}
	k.state = CLASSIFIER_ACTIVE;
	k.registered_on = c->effective_date;
	q_strlcpy(k.registered_by, c->actor.user_id, sizeof k.registered_by);
	if (store_row_insert(tx, &store_classifier_table, &k, e) != 0) {
		if (e->status == QERR_CONFLICT) {
			/* The person is on the body's list already: answered as
			 * before the typed table (field and detail unchanged). */
			q_strlcpy(e->field, "person_id", sizeof e->field);
			qerr_detail(e, "record insert");
		}
		goto fail;
	}
	if (ops_commit(c, tx, "classifier.create", k.h.id, NULL, e) != 0) {
		tx = NULL;
		goto fail;
	}
	org_rec_free(&org);
	person_rec_free(&person);
	*out = k;
	return 0;
fail:
	store_rollback(tx);
	org_rec_free(&org);
	person_rec_free(&person);
	classifier_rec_free(&k);
	return -1;
}

int
ops_classifier_check(struct store_tx *tx, const char *org_id, const char *person_id,
                     struct qerr *e)
{
	bool has_person = person_id != NULL && person_id[0] != '\0', on_list = false;

	if (has_person) {
		struct store_where w[] = {STORE_W_STR("org_id", org_id),
		                          STORE_W_STR("person_id", person_id)};
		struct classifier_rec k = {0};
		struct qerr fe = {0};

		if (store_row_find(tx, &store_classifier_table, w, 2, &k, &fe) == 0)
			on_list = k.state == CLASSIFIER_ACTIVE;
		else if (fe.status != QERR_NOT_FOUND) {
			*e = fe;
			return -1;
		}
		classifier_rec_free(&k);
	}
	return classify_classifier_check(has_person, on_list, e);   /* Art. 5.4, 15.1 */
}

int64_t
ops_classifier_list(struct store_tx *tx, const struct ops_classifier_filter *f,
                    int64_t after_seq, int limit, store_row_fn fn, void *ctx, struct qerr *e)
{
	struct store_where w[3];
	size_t n = 0;

	if (f->org_id != NULL)
		w[n++] = STORE_W_STR("org_id", f->org_id);
	if (f->person_id != NULL)
		w[n++] = STORE_W_STR("person_id", f->person_id);
	if (f->state != NULL)
		w[n++] = STORE_W_STR("state", f->state);
	return store_row_list(tx, &store_classifier_table, w, n, after_seq, limit, fn, ctx, e);
}
