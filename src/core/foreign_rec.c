/*
 * foreign_rec.c — the names of foreign_rec.h's enums and the release of a
 * proposal read whole.
 */
#include "core/foreign_rec.h"

#include <stdlib.h>
#include <string.h>

const char *const foreign_state_names[] = {
	"", "proposed", "opinion_negative", "opined", "decided", "contracted", "transferred", NULL,
};

const char *const foreign_org_role_names[] = {"agreed_with", "disposing", NULL};

void
foreign_full_free(struct foreign_full *x)
{
	struct foreign_rec *f = &x->f;

	free(f->justification);
	free(f->opinion_ref);
	free(f->decision_ref);
	free(f->decision_treaty_ref);
	free(f->contract_ref);
	free(x->carrier_ids);
	free(x->agreed_with);
	free(x->disposing);
	free(x->history);
	memset(x, 0, sizeof *x);
}
