/*
 * transfer_rec.c — the names of transfer_rec.h's enums and the release of
 * an act read whole.
 */
#include "core/transfer_rec.h"

#include <stdlib.h>
#include <string.h>

const char *const transfer_basis_names[] = {
	"sanction", "joint_work", "subordination", "disposing_body", "successor",
	"authorized_body_decision", NULL,
};

const char *const transfer_state_names[] = {"done", NULL};

int
transfer_basis_parse(const char *s)
{
	for (int i = 0; s != NULL && transfer_basis_names[i] != NULL; i++)
		if (strcmp(s, transfer_basis_names[i]) == 0)
			return i;
	return -1;
}

void
transfer_full_free(struct transfer_full *f)
{
	free(f->t.sanction_ref);
	free(f->t.successor_ref);
	free(f->t.authorized_body_ref);
	free(f->t.act_number);
	for (size_t i = 0; f->items != NULL && i < f->nitems; i++)
		free(f->items[i].numbers);
	free(f->items);
	memset(f, 0, sizeof *f);
}
