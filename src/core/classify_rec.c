/*
 * classify_rec.c — see classify_rec.h.
 */
#include "core/classify_rec.h"

#include <stdlib.h>
#include <string.h>

const char *const classifier_state_names[] = {"active", NULL};
const char *const list_state_names[] = {"draft", "approved", NULL};
const char *const list_item_state_names[] = {"active", "removed", NULL};
const char *const list_change_kind_names[] = {"degree_changed", "removed", NULL};
const char *const list_affected_kind_names[] = {"information", "carrier", NULL};

int
classifier_state_parse(const char *s)
{
	for (int i = 0; s != NULL && classifier_state_names[i] != NULL; i++)
		if (strcmp(s, classifier_state_names[i]) == 0)
			return i;
	return -1;
}

const char *
classifier_state_name(int st)
{
	return st == CLASSIFIER_ACTIVE ? classifier_state_names[st] : NULL;
}

void
classifier_rec_free(struct classifier_rec *c)
{
	if (c == NULL)
		return;
	free(c->full_name);
	free(c->position);
	memset(c, 0, sizeof *c);
}

void
list_rec_free(struct list_rec *l)
{
	if (l == NULL)
		return;
	free(l->title);
	memset(l, 0, sizeof *l);
}

void
list_item_rec_free(struct list_item_rec *it)
{
	if (it == NULL)
		return;
	free(it->text);
	free(it->coord_authorized_body_ref);
	free(it->coord_nsc_ref);
	memset(it, 0, sizeof *it);
}

void
list_change_view_free(struct list_change_view *c)
{
	if (c == NULL)
		return;
	free(c->c.coord_authorized_body_ref);
	free(c->c.coord_nsc_ref);
	free(c->info_ids);
	free(c->carrier_ids);
	memset(c, 0, sizeof *c);
}

void
list_item_view_free(struct list_item_view *v)
{
	if (v == NULL)
		return;
	list_item_rec_free(&v->item);
	for (size_t i = 0; i < v->nchanges; i++)
		list_change_view_free(&v->changes[i]);
	free(v->changes);
	memset(v, 0, sizeof *v);
}

void
list_view_free(struct list_view *v)
{
	if (v == NULL)
		return;
	list_rec_free(&v->list);
	free(v->history);
	for (size_t i = 0; i < v->nitems; i++)
		list_item_view_free(&v->items[i]);
	free(v->items);
	memset(v, 0, sizeof *v);
}
