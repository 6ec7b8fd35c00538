/*
 * joint_work_rec.c — the names of joint_work_rec.h's enums and the release
 * of a joint work read whole.
 */
#include "core/joint_work_rec.h"

#include <stdlib.h>
#include <string.h>

const char *const jw_rec_state_names[] = {
	"", "requested", "permitted", "refused", "agreed", "notified", "active", "suspended",
	"closed", "cancelled", NULL,
};
const char *const jw_decision_names[] = {"", "granted", "refused", NULL};
const char *const jw_copy_list_names[] = {"request", "transferred", NULL};
const char *const jw_ref_list_names[] = {"annex", "held", "returned", NULL};

static void
rec_free(struct jw_rec *w)
{
	char **s[] = {
		&w->justification, &w->executor_city, &w->draft_agreement_ref, &w->executor_address,
		&w->executor_head, &w->executor_residence, &w->executor_id_issuer, &w->perm_reason,
		&w->perm_ref, &w->agr_number, &w->agr_certificate, &w->agr_control_procedure,
		&w->agr_financing, &w->nsc_office, &w->nsc_ref, &w->prot_agreement_ref,
		&w->canc_reason, &w->end_reason,
	};

	for (size_t i = 0; i < sizeof s / sizeof s[0]; i++) {
		free(*s[i]);
		*s[i] = NULL;
	}
}

void
jw_full_free(struct jw_full *x)
{
	rec_free(&x->w);
	for (size_t i = 0; x->carriers.v != NULL && i < x->carriers.n; i++)
		free(x->carriers.v[i].title);
	for (size_t i = 0; x->violations.v != NULL && i < x->violations.n; i++)
		free(x->violations.v[i].description);
	for (size_t i = 0; x->addenda.v != NULL && i < x->addenda.n; i++)
		free(x->addenda.v[i].number);
	free(x->carriers.v);
	free(x->copies.v);
	free(x->refs.v);
	free(x->transferred.v);
	free(x->violations.v);
	free(x->addenda.v);
	free(x->history.v);
	memset(x, 0, sizeof *x);
}
