/*
 * info_rec.c — the names of an information item's states and its release
 * (core/info_rec.h).
 */
#include "core/info_rec.h"

#include <stdlib.h>
#include <string.h>

const char *const info_state_names[] = {"preliminary", "classified", "declassified", NULL};

const char *const info_decision_names[] = {"", "add_to_list", "remove_label", NULL};

int
info_state_parse(const char *s)
{
	for (int i = 0; s != NULL && info_state_names[i] != NULL; i++)
		if (strcmp(s, info_state_names[i]) == 0)
			return i;
	return -1;
}

const char *
info_state_name(int st)
{
	return st >= 0 && st <= INFO_ST_DECLASSIFIED ? info_state_names[st] : NULL;
}

void
info_rec_init(struct info_rec *r)
{
	memset(r, 0, sizeof *r);
	r->classified_on = r->declassify_on = r->registered_on = r->proposal_on = QDATE_NONE;
	r->review_due_on = r->declassified_on = r->label_removed_on = QDATE_NONE;
	r->decision_on = r->decl_on = QDATE_NONE;
}

void
info_rec_free(struct info_rec *r)
{
	if (r == NULL)
		return;
	free(r->title);
	free(r->basis);
	free(r->review_reason);
	free(r->declassification_ground);
	free(r->extra);
	free(r->decl_ground);
	free(r->decl_court_ref);
	for (size_t i = 0; r->extensions != NULL && i < r->nextensions; i++)
		free(r->extensions[i].conclusion_ref);
	free(r->extensions);
	free(r->reviews);
	free(r->reclasses);
	for (size_t i = 0; r->topics != NULL && i < r->ntopics; i++)
		free(r->topics[i]);
	free(r->topics);
	memset(r, 0, sizeof *r);
}

bool
info_rec_has(const struct info_rec *r, enum info_field f)
{
	return (r->fields & ((int64_t)1 << f)) != 0;
}

void
info_rec_mark(struct info_rec *r, enum info_field f)
{
	r->fields |= (int64_t)1 << f;
}

void
info_rec_unmark(struct info_rec *r, enum info_field f)
{
	r->fields &= ~((int64_t)1 << f);
}

int
info_rec_set_text(struct info_rec *r, enum info_field f, char **dst, const char *s)
{
	char *v = NULL;

	if (s != NULL && (v = strdup(s)) == NULL)
		return -1;
	free(*dst);
	*dst = v;
	info_rec_mark(r, f);
	return 0;
}

/* Appends the size bytes at v to the array *arr of *n, or -1 out of memory
 * (the array unchanged). */
static int
append(void **arr, size_t *n, size_t size, const void *v)
{
	char *a = realloc(*arr, (*n + 1) * size);

	if (a == NULL)
		return -1;
	*arr = a;
	memcpy(a + *n * size, v, size);
	(*n)++;
	return 0;
}

int
info_rec_review_add(struct info_rec *r, const struct info_review *v)
{
	if (append((void **)&r->reviews, &r->nreviews, sizeof *v, v) != 0)
		return -1;
	info_rec_mark(r, INFO_F_REVIEWS);
	return 0;
}

int
info_rec_extension_add(struct info_rec *r, const struct info_extension *x)
{
	struct info_extension c = *x;

	c.conclusion_ref = NULL;
	if (x->conclusion_ref != NULL && (c.conclusion_ref = strdup(x->conclusion_ref)) == NULL)
		return -1;
	if (append((void **)&r->extensions, &r->nextensions, sizeof c, &c) != 0) {
		free(c.conclusion_ref);
		return -1;
	}
	info_rec_mark(r, INFO_F_EXTENSIONS);
	return 0;
}

int
info_rec_reclass_add(struct info_rec *r, const struct info_reclass *x)
{
	if (append((void **)&r->reclasses, &r->nreclasses, sizeof *x, x) != 0)
		return -1;
	info_rec_mark(r, INFO_F_RECLASSIFICATIONS);
	return 0;
}

const char *
info_rec_disposer(const struct info_rec *r)
{
	return info_rec_has(r, INFO_F_DISPOSING_ORG_ID) && r->disposing_org_id[0] != '\0'
	               ? r->disposing_org_id
	               : r->org_id;
}
