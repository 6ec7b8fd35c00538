/*
 * h_deadlines.c — the deadlines list (SPEC.md §5 "Deadlines list"; API.md
 * GET /v1/deadlines): every open obligation of the records as they stand
 * now, with due_on and overdue = due_on < as_of, sorted by due_on.
 *
 *   GET /v1/deadlines?as_of=&org_id=&kind=&within=&limit=
 *     as_of    YYYY-MM-DD, any date past or future (default today)
 *     org_id   the organization (default and only choice for a user who
 *              acts within one: its own; 403 for another)
 *     kind     one kind of API.md only
 *     within   days of look-ahead for declassification_due (default 0:
 *              listed once due)
 *     limit    at most this many items (default 1000); truncated says
 *              more exist
 *   → {as_of, org_id, items:[{kind, object_id, object_kind, due_on,
 *      overdue, code, article, reason?}], truncated}
 *
 * The list is ops_deadlines_list (src/ops/deadlines.c, shared with `qupiya
 * deadlines`); the dates by core/deadlines.c and the calendar of app. This
 * file parses the query and encodes the typed items.
 *
 * SECURITY: query parameters are untrusted: parsed strictly (400 naming
 * the parameter), never echoed unbounded.
 */
#include "http/http.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/deadlines.h"
#include "core/roles.h"
#include "http/util.h"
#include "ops/deadlines.h"

#define DEADLINES_READERS (ROLE_SECURITY_OFFICER | ROLE_HEAD)

/* Who holds which copy: [{number, holder_org_id, holder_person_id}], null
 * where a copy names none. */
static json_t *
copies_json(const struct deadline_item *it)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < it->n_copies; i++) {
		const struct deadline_copy *c = &it->copies[i];
		json_t *o = json_pack("{s:o?, s:s?, s:s?}", "number",
		                      c->has_number ? json_integer(c->number) : json_null(),
		                      "holder_org_id", c->holder_org_id[0] ? c->holder_org_id : NULL,
		                      "holder_person_id",
		                      c->holder_person_id[0] ? c->holder_person_id : NULL);

		if (o == NULL || json_array_append_new(a, o) != 0) {
			json_decref(a);
			a = NULL;
		}
	}
	return a;
}

static json_t *
item_json(const struct deadline_item *it)
{
	json_t *j = json_pack("{s:s, s:s, s:s, s:o, s:b, s:s, s:s}", "kind",
	                      deadline_kind_name(it->d.kind), "object_id", it->d.object_id,
	                      "object_kind", it->object_kind, "due_on", json_date(it->d.due_on),
	                      "overdue", it->d.overdue, "code", deadline_code(it->d.kind),
	                      "article", deadline_article(it->d.kind));

	if (j != NULL && it->reason[0] != '\0' &&
	    json_object_set_new(j, "reason", json_string(it->reason)) != 0) {
		json_decref(j);
		return NULL;
	}
	if (j != NULL && it->has_copies && json_object_set_new(j, "copies", copies_json(it)) != 0) {
		json_decref(j);
		return NULL;
	}
	return j;
}

/* A decimal in [min, max], or -1 with 400 naming the parameter. */
static int
query_int(const struct req *r, const char *name, long min, long max, long *out,
          struct qerr *e)
{
	const char *s = http_query(r, name);
	char *end;
	long v;

	if (s == NULL)
		return 0;
	if (*s < '0' || *s > '9')
		return qerr_input(e, "invalid_value", name);
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return qerr_input(e, "invalid_value", name);
	*out = v;
	return 0;
}

static int
h_deadlines_list(struct req *r, struct resp *out, struct qerr *e)
{
	struct deadlines_query q = {.as_of = r->today, .kind = -1,
	                            .limit = DEADLINES_LIMIT_DEFAULT};
	const char *as_of = http_query(r, "as_of"), *org = http_query(r, "org_id"),
	           *kind = http_query(r, "kind");
	struct store_tx *tx = NULL;
	struct deadline_list l;
	json_t *items, *body;
	long within = 0, limit = DEADLINES_LIMIT_DEFAULT;

	if (as_of != NULL && date_parse(as_of, &q.as_of) != 0)
		return qerr_input(e, "invalid_date", "as_of");
	if (kind != NULL && (q.kind = deadline_kind_parse(kind)) < 0)
		return qerr_input(e, "invalid_value", "kind");
	if (query_int(r, "within", 0, DEADLINES_WITHIN_MAX, &within, e) != 0 ||
	    query_int(r, "limit", 1, DEADLINES_LIMIT_MAX, &limit, e) != 0)
		return -1;
	if (org != NULL && *org == '\0')
		return qerr_input(e, "invalid_value", "org_id");
	if (req_org_filter(r, &org, e) != 0)   /* "" (no organization) matches nothing */
		return -1;
	q.org_id = org;
	q.within = (int)within;
	q.limit = (size_t)limit;
	if (tx_read(r, &tx, e) != 0)
		return -1;
	if (ops_deadlines_list(tx, r->app->calendar, &q, &l, e) != 0) {
		store_rollback(tx);
		return -1;
	}
	store_rollback(tx);
	items = json_array();
	for (size_t i = 0; items != NULL && i < l.n; i++)
		if (json_array_append_new(items, item_json(&l.v[i])) != 0) {
			json_decref(items);
			items = NULL;
		}
	body = items == NULL ? NULL
	                     : json_pack("{s:o, s:s?, s:o, s:b}", "as_of", json_date(q.as_of),
	                                 "org_id", q.org_id, "items", items, "truncated",
	                                 l.truncated);
	deadline_list_free(&l);
	if (body == NULL)
		return qerr_internal(e, "deadlines: out of memory");
	resp_json(out, 200, body);
	return 0;
}

const struct route h_deadlines_routes[] = {
	{"GET", "/v1/deadlines", DEADLINES_READERS, 0, h_deadlines_list},
	{NULL, NULL, 0, 0, NULL},
};
