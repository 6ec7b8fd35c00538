/*
 * h_audit_view.c — the auditor's view of the log (issue 13): filtered,
 * newest first, with the actors and objects named by what a person knows,
 * and the CSV export of the same view.
 *
 *   GET /v1/audit?order=desc&before=&limit=&actor=&action=&object=&outcome=
 *                &org_id=&from=&to=&view=named
 *       (h_audit.c hands the request here when any of these is present)
 *       → {items, next, size, names?}; next is the `before` of the next page
 *   GET /v1/audit/export?<the same filters>
 *       → text/csv, audited ("audit.export"), X-Qupiya-Label the highest
 *         label among the objects it names
 *
 * actor: a user id or a login; object: a record id or a carrier's account
 * number (every carrier with it, up to STORE_AUDIT_OBJECTS_MAX); org_id: the
 * actor's organization; from, to: RFC 3339 instants or dates (UTC),
 * from <= time < to.
 *
 * names: {id: {kind, name, login?, person?, org_id?}} for every actor and
 * object of the page: a carrier by account number, a list or information
 * item by title, a person by full name, an organization by name, a user by
 * login and the person's name. Metadata of the registry only — never
 * content (SPEC.md §5). Auditor only (route roles).
 *
 * Every item keeps its seq and leaf_hash, so the inclusion proof of each
 * row (GET /v1/audit/proof?index=seq) works as before.
 *
 * Untrusted input: the query values, bound as SQL parameters only (length
 * checked); CSV cells that a spreadsheet would read as a formula (=, +, -,
 * @, tab, CR) get a leading apostrophe.
 */
#include "http/http.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/classify_rec.h"
#include "core/degree.h"
#include "core/foreign_rec.h"
#include "core/joint_work_rec.h"
#include "core/grant_rec.h"
#include "core/inventory.h"
#include "core/org_rec.h"
#include "core/incident.h"
#include "core/request_rec.h"
#include "core/roles.h"
#include "core/transfer_rec.h"
#include "core/trip.h"
#include "http/jsonv.h"
#include "http/util.h"
#include "ops/clearances.h"
#include "ops/items.h"
#include "ops/persons.h"
#include "store/store_table.h"
#include "store/tables_carriers.h"
#include "store/tables_classify.h"
#include "store/tables_inventory.h"
#include "store/tables_org.h"
#include "store/tables_requests.h"
#include "store/tables_transfers.h"
#include "store/tables_trips.h"

#define AUDIT_EXPORT_MAX 20000   /* rows in one export */
#define AUDIT_Q_MAX      200     /* length of one filter value */

struct view_filter {
	struct store_audit_filter f;
	char actor_id[STORE_ID_MAX];
	char objs[STORE_AUDIT_OBJECTS_MAX][STORE_ID_MAX];
	bool named;
};

static int
q_int(const struct req *r, const char *name, int64_t *out, struct qerr *e)
{
	const char *s = http_query(r, name);
	char *end;
	long long v;

	if (s == NULL)
		return 0;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v < 0 || *s == '+' || *s == '-')
		return qerr_input(e, "invalid_value", name);
	*out = v;
	return 0;
}

static int
q_str(const struct req *r, const char *name, const char **out, struct qerr *e)
{
	const char *s = http_query(r, name);

	*out = NULL;
	if (s == NULL)
		return 0;
	if (*s == '\0' || strlen(s) > AUDIT_Q_MAX)
		return qerr_input(e, "invalid_value", name);
	*out = s;
	return 0;
}

/* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM[:SS[.fff]]Z": digits where digits go. */
static bool
instant_ok(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd";
	size_t n = strlen(s), i;

	if (n < 10)
		return false;
	for (i = 0; i < n && i < sizeof shape - 1; i++) {
		if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i])
			return false;
	}
	if (n == 10)
		return true;
	for (; i < n - 1; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
			return false;
	return n >= 17 && s[n - 1] == 'Z';
}

static void
add_object(struct view_filter *v, const char *id)
{
	if (v->f.nobjects >= STORE_AUDIT_OBJECTS_MAX)
		return;
	q_strlcpy(v->objs[v->f.nobjects], id, sizeof v->objs[0]);
	v->f.objects[v->f.nobjects] = v->objs[v->f.nobjects];
	v->f.nobjects++;
}

static int
object_cb(void *ctx, const struct carrier_rec *car)
{
	add_object(ctx, car->h.id);
	return 0;
}

/* Parses the filters; resolves a login and an account number in tx. */
static int
view_filter_parse(struct req *r, struct store_tx *tx, struct view_filter *v,
                  int64_t limit_max, struct qerr *e)
{
	const char *actor, *object, *view;
	int64_t limit = PAGE_LIMIT_DEFAULT, before = -1;

	memset(v, 0, sizeof *v);
	if (q_str(r, "actor", &actor, e) || q_str(r, "action", &v->f.action, e) ||
	    q_str(r, "object", &object, e) || q_str(r, "outcome", &v->f.outcome, e) ||
	    q_str(r, "org_id", &v->f.org_id, e) || q_str(r, "from", &v->f.time_from, e) ||
	    q_str(r, "to", &v->f.time_to, e) || q_str(r, "view", &view, e) ||
	    q_int(r, "limit", &limit, e) || q_int(r, "before", &before, e))
		return -1;
	if (v->f.time_from && !instant_ok(v->f.time_from))
		return qerr_input(e, "invalid_value", "from");
	if (v->f.time_to && !instant_ok(v->f.time_to))
		return qerr_input(e, "invalid_value", "to");
	if (view != NULL && strcmp(view, "named") != 0)
		return qerr_input(e, "invalid_value", "view");
	if (http_query(r, "order") != NULL && strcmp(http_query(r, "order"), "desc") != 0)
		return qerr_input(e, "invalid_value", "order");
	if (limit < 1 || limit > limit_max)
		return qerr_input(e, "invalid_value", "limit");
	v->named = view != NULL;
	v->f.limit = limit;
	v->f.before = http_query(r, "before") != NULL ? before : -1;
	if (actor != NULL) {
		struct store_user u;
		struct qerr ue = {0};

		if (store_user_by_login(tx, actor, &u, &ue) == 0)
			q_strlcpy(v->actor_id, u.id, sizeof v->actor_id);
		else if (ue.status != QERR_NOT_FOUND && ue.status != 0)
			return qerr_internal(e, "audit view: account lookup");
		else
			q_strlcpy(v->actor_id, actor, sizeof v->actor_id);
		v->f.actor = v->actor_id;
	}
	if (object != NULL) {
		/* a record id as it is, and every carrier with that account number */
		struct store_query q = {.kind = "carrier", .ref = object,
		                        .limit = STORE_AUDIT_OBJECTS_MAX - 1};

		add_object(v, object);
		if (store_carrier_list(tx, &q, NULL, 0, object_cb, v, e) < 0)
			return -1;
	}
	return 0;
}

/* ---- the page and its names ---------------------------------------------- */

struct view_ctx {
	json_t *items;
	int64_t last;            /* seq of the last (oldest) entry */
};

static int
view_cb(void *ctx, int64_t seq, const char *entry, size_t len, const uint8_t leaf[32])
{
	struct view_ctx *c = ctx;
	json_t *j = json_loadb(entry, len, 0, NULL);
	char hex[65];

	if (j == NULL)
		j = json_pack("{s:I, s:s}", "seq", (json_int_t)seq, "error", "unreadable entry");
	if (j == NULL)
		return -1;
	crypto_hex(leaf, 32, hex);
	json_object_set_new(j, "leaf_hash", json_string(hex));
	if (json_array_append_new(c->items, j) != 0)
		return -1;
	c->last = seq;
	return 0;
}

/* The kind of a record id "<prefix>_<hex>" (store_id_new): written into
 * kind; false when the prefix names no record kind. Most prefixes are the
 * kind itself; these are not. */
static const char *const id_prefixes[][2] = {
	{"jw", "joint_work"}, {"item", "list_item"}, {"info", "information"},
	{"cls", "classifier"}, {"ftransfer", "foreign_transfer"},
	{"delegation", "archive_delegation"},
};

static bool
id_kind(const char *id, char kind[STORE_KIND_MAX])
{
	const char *u = strrchr(id, '_');
	size_t n;

	if (u == NULL)
		return false;
	n = (size_t)(u - id);
	if (n == 0 || n >= STORE_KIND_MAX)
		return false;
	memcpy(kind, id, n);
	kind[n] = '\0';
	for (size_t i = 0; i < sizeof id_prefixes / sizeof id_prefixes[0]; i++) {
		if (strcmp(kind, id_prefixes[i][0]) == 0) {
			q_strlcpy(kind, id_prefixes[i][1], STORE_KIND_MAX);
			break;
		}
	}
	return store_kind_valid(kind);
}

/* The label a record carries (a carrier's label, an item's degree). */
static enum degree
rec_degree(const struct store_rec *rec)
{
	const char *l = jsonv_str(rec->doc, "label");

	if (l == NULL)
		l = jsonv_str(rec->doc, "degree");
	return l != NULL ? degree_parse(l) : DEGREE_NONE;
}

/* A person's full name as its record had it ("" when none). */
static const char *
full_name(const struct person_rec *p)
{
	return p->full_name != NULL ? p->full_name : "";
}

/* *o = {kind, name, org_id} named by the person: name as registered, else
 * the person's full name. 0, or -1 on a storage error. */
static int
person_named(struct store_tx *tx, const char *kind, const char *person_id, const char *name,
             const char *org_id, json_t **o, struct qerr *e)
{
	struct person_rec p = {0};
	struct qerr ne = {0};

	if (name == NULL && ops_person_load(tx, person_id, &p, NULL, &ne) == 0)
		name = full_name(&p);
	else if (name == NULL && ne.status != QERR_NOT_FOUND) {
		*e = ne;
		return -1;
	}
	*o = json_pack("{s:s, s:s?, s:s}", "kind", kind, "name", name, "org_id", org_id);
	person_rec_free(&p);
	return 0;
}

/* *o = {kind, name, label: null, org_id} named by its organization's
 * name. 0, or -1 on a storage error. */
static int
org_named(struct store_tx *tx, const char *kind, const char *org_id, json_t **o, struct qerr *e)
{
	struct org_rec p = {0};
	struct qerr ne = {0};
	const char *name = NULL;

	if (store_row_get(tx, &store_org_table, org_id, &p, &ne) == 0)
		name = p.name;
	else if (ne.status != QERR_NOT_FOUND) {
		*e = ne;
		return -1;
	}
	*o = json_pack("{s:s, s:s?, s:n, s:s?}", "kind", kind, "name", name, "label", "org_id",
	               org_id[0] ? org_id : NULL);
	org_rec_free(&p);
	return 0;
}

/* A joint work of a citizen executor: {kind, name: the person's full
 * name, label: null, org_id: the customer}; by the customer's name when
 * the person is not found. */
static int
person_or_org(struct store_tx *tx, const char *kind, const char *person_id, const char *org_id,
              json_t **o, struct qerr *e)
{
	struct person_rec p = {0};
	struct qerr ne = {0};

	if (ops_person_load(tx, person_id, &p, NULL, &ne) != 0) {
		if (ne.status != QERR_NOT_FOUND) {
			*e = ne;
			return -1;
		}
		return org_named(tx, kind, org_id, o, e);
	}
	*o = json_pack("{s:s, s:s?, s:n, s:s?}", "kind", kind, "name", full_name(&p), "label",
	               "org_id", org_id[0] ? org_id : NULL);
	person_rec_free(&p);
	return 0;
}

/* A trip by the person's name (else its organization's), a violation by
 * its code, an incident by its organization's name, as their records were
 * named (store/tables_trips.h); *o stays NULL for other ids. ne: the
 * row's read; e: a storage error naming. */
static int
trips_name(struct store_tx *tx, const char *id, json_t **o, struct qerr *ne, struct qerr *e)
{
	int rc = 0;

	if (strncmp(id, "trip_", 5) == 0) {
		struct trip_rec t;

		if ((rc = store_row_get(tx, &store_trip_table, id, &t, ne)) == 0) {
			rc = person_or_org(tx, "trip", t.person_id, t.org_id, o, e);
			trip_rec_free(&t);
		}
	} else if (strncmp(id, "violation_", 10) == 0) {
		struct violation_rec v;

		if ((rc = store_row_get(tx, &store_violation_table, id, &v, ne)) == 0) {
			*o = json_pack("{s:s, s:s, s:n, s:s}", "kind", "violation", "name", v.code,
			               "label", "org_id", v.org_id);
			violation_rec_free(&v);
		}
	} else if (strncmp(id, "incident_", 9) == 0) {
		struct incident_rec r;

		if ((rc = store_row_get(tx, &store_incident_table, id, &r, ne)) == 0) {
			rc = org_named(tx, "incident", r.org_id, o, e);
			store_row_free(&store_incident_table, &r);
		}
	} else if (strncmp(id, "person_", 7) == 0) {
		struct person_rec p;

		if ((rc = ops_person_load(tx, id, &p, NULL, ne)) == 0) {
			*o = json_pack("{s:s, s:s, s:n, s:s?}", "kind", "person", "name", full_name(&p),
			               "label", "org_id", p.org_id[0] ? p.org_id : NULL);
			person_rec_free(&p);
		}
	} else if (strncmp(id, "ground_", 7) == 0) {
		struct ground_rec g;

		/* by its person's name, else its organization's */
		if ((rc = ops_ground_load(tx, id, &g, ne)) == 0) {
			rc = person_or_org(tx, "ground", g.person_id, g.org_id, o, e);
			ground_rec_free(&g);
		}
	}
	return rc;
}

/* A row of a typed table as names[id] has it: a permit by its number, a
 * grant, a classifier and a clearance by the person's name, a transfer, a
 * foreign transfer and a joint work by their party's name. *o stays NULL
 * for other ids or a row not found; -1 on a storage error. */
static int
typed_name(struct store_tx *tx, const char *id, json_t **o, struct qerr *e)
{
	struct qerr ne = {0};
	int rc = 0;

	if (strncmp(id, "permit_", 7) == 0) {
		struct permit_rec p;

		if ((rc = store_row_get(tx, &store_permit_table, id, &p, &ne)) == 0) {
			*o = json_pack("{s:s, s:s, s:s}", "kind", "permit", "name", p.number,
			               "org_id", p.org_id);
			store_row_free(&store_permit_table, &p);
		}
	} else if (strncmp(id, "grant_", 6) == 0) {
		struct grant_rec g;

		if ((rc = store_row_get(tx, &grant_table, id, &g, &ne)) == 0) {
			rc = person_named(tx, "grant", g.person_id, NULL, g.org_id, o, e);
			store_row_free(&grant_table, &g);
		}
	} else if (strncmp(id, "transfer_", 9) == 0) {
		struct transfer_rec t;

		/* an act: by the sender's name, as its record was */
		if ((rc = store_row_get(tx, &store_transfer_table, id, &t, &ne)) == 0) {
			rc = org_named(tx, "transfer", t.from_org_id, o, e);
			store_row_free(&store_transfer_table, &t);
		}
	} else if (strncmp(id, "ftransfer_", 10) == 0) {
		struct foreign_rec f;

		/* a proposal: by the proposer's name, as its record was */
		if ((rc = store_row_get(tx, &store_foreign_table, id, &f, &ne)) == 0) {
			rc = org_named(tx, "foreign_transfer", f.proposer_org_id, o, e);
			store_row_free(&store_foreign_table, &f);
		}
	} else if (strncmp(id, "jw_", 3) == 0) {
		struct jw_rec w;

		/* a joint work: by the citizen executor's name, else by the
		 * customer's, as its record was */
		if ((rc = store_row_get(tx, &store_jw_table, id, &w, &ne)) == 0) {
			rc = w.executor_person_id[0] != '\0'
			   ? person_or_org(tx, "joint_work", w.executor_person_id, w.customer_org_id, o, e)
			   : org_named(tx, "joint_work", w.customer_org_id, o, e);
			store_row_free(&store_jw_table, &w);
		}
	} else if (strncmp(id, "clearance_", 10) == 0) {
		struct clearance_rec c;

		if ((rc = ops_clearance_load(tx, id, &c, NULL, &ne)) == 0) {
			rc = person_named(tx, "clearance", c.person_id, NULL, c.org_id, o, e);
			clearance_rec_free(&c);
		}
	} else if (strncmp(id, "cls_", 4) == 0) {
		struct classifier_rec c;

		if ((rc = store_row_get(tx, &store_classifier_table, id, &c, &ne)) == 0) {
			rc = person_named(tx, "classifier", c.person_id, c.full_name, c.org_id, o, e);
			store_row_free(&store_classifier_table, &c);
		}
	} else if (strncmp(id, "inventory_", 10) == 0) {
		struct inventory_rec inv;

		if ((rc = store_row_get(tx, &store_inventory_table, id, &inv, &ne)) == 0)
			rc = org_named(tx, "inventory", inv.org_id, o, e);
	} else if (strncmp(id, "request_", 8) == 0) {
		struct request_rec q;

		if ((rc = store_row_get(tx, &store_request_table, id, &q, &ne)) == 0) {
			rc = org_named(tx, "request", q.org_id, o, e);
			store_row_free(&store_request_table, &q);
		}
	} else if (strncmp(id, "org_", 4) == 0) {
		struct org_rec g;

		if ((rc = store_row_get(tx, &store_org_table, id, &g, &ne)) == 0) {
			*o = json_pack("{s:s, s:s?, s:n, s:n}", "kind", "org", "name", g.name, "label",
			               "org_id");
			org_rec_free(&g);
		}
	} else {
		rc = trips_name(tx, id, o, &ne, e);
	}
	/* a row not found names nothing; a failing read, or the person's, fails */
	if (rc != 0 && ne.status != 0 && ne.status != QERR_NOT_FOUND)
		*e = ne;
	return rc != 0 && ne.status != QERR_NOT_FOUND ? -1 : 0;
}

/* A list (by its title) or a list item (by its code, labelled with its
 * degree; *top rises to it) from its typed row, as names[id] had them as
 * records. *o stays NULL for other ids or a row not found. */
static int
list_name(struct store_tx *tx, const char *id, enum degree *top, json_t **o, struct qerr *e)
{
	struct list_item_rec it = {0};
	struct list_rec l = {0};
	struct qerr ne = {0};
	int rc = 0;

	if (strncmp(id, "list_", 5) == 0) {
		if ((rc = store_row_get(tx, &store_list_table, id, &l, &ne)) == 0)
			*o = json_pack("{s:s, s:s?, s:s}", "kind", "list", "name", l.title, "org_id",
			               l.org_id);
	} else if (strncmp(id, "item_", 5) == 0) {
		if ((rc = store_row_get(tx, &store_list_item_table, id, &it, &ne)) == 0) {
			if ((enum degree)it.degree > *top)
				*top = (enum degree)it.degree;
			*o = json_pack("{s:s, s:s, s:s?, s:s}", "kind", "list_item", "name", it.code,
			               "label", degree_name((enum degree)it.degree), "org_id", it.org_id);
		}
	}
	list_rec_free(&l);
	list_item_rec_free(&it);
	if (rc != 0 && ne.status != QERR_NOT_FOUND) {
		*e = ne;
		return -1;
	}
	return 0;
}

/* *o = {kind, name, label, org_id} for the information item id (its title,
 * else its organization's name); NULL when id names none. *top rises to
 * its degree. 0, or -1 on a storage error. */
static int
info_name(struct store_tx *tx, const char *id, enum degree *top, json_t **o, struct qerr *e)
{
	struct info_rec r;
	struct org_rec porg = {0};
	struct qerr ne = {0};
	const char *name;

	if (strncmp(id, "info_", 5) != 0)
		return 0;
	if (ops_info_load(tx, id, &r, NULL, &ne) != 0) {
		if (ne.status == QERR_NOT_FOUND)
			return 0;
		*e = ne;
		return -1;
	}
	name = r.title;
	if (name == NULL && store_row_get(tx, &store_org_table, r.org_id, &porg, &ne) == 0)
		name = porg.name;
	if ((enum degree)r.degree > *top)
		*top = (enum degree)r.degree;
	*o = json_pack("{s:s, s:s?, s:s?, s:s}", "kind", "information", "name", name, "label",
	               degree_name((enum degree)r.degree), "org_id", r.org_id);
	org_rec_free(&porg);
	info_rec_free(&r);
	return 0;
}

/* *o = {kind, name, label, org_id} for the carrier id (its account number,
 * else its title, else its organization's name), as its record was named;
 * NULL when id names none. *top rises to its label. 0, or -1 on a storage
 * error. */
static int
carrier_name(struct store_tx *tx, const char *id, enum degree *top, json_t **o,
             struct qerr *e)
{
	struct carrier_rec c;
	struct org_rec porg = {0};
	struct qerr ne = {0};
	const char *name = NULL;
	enum degree d;

	if (strncmp(id, "carrier_", 8) != 0)
		return 0;
	if (store_carrier_get(tx, id, &c, &ne) != 0) {
		if (ne.status == QERR_NOT_FOUND)
			return 0;
		*e = ne;
		return -1;
	}
	if (c.fields & CARRIER_F_ACCOUNT)
		name = c.account_number;
	else if (c.fields & CARRIER_F_TITLE)
		name = c.title;
	if (name == NULL && c.org_id[0] != '\0' &&
	    store_row_get(tx, &store_org_table, c.org_id, &porg, &ne) == 0)
		name = porg.name;
	d = degree_parse((c.fields & CARRIER_F_LABEL) ? c.label : NULL);
	if (d > *top)
		*top = d;
	*o = json_pack("{s:s, s:s?, s:s?, s:s?}", "kind", "carrier", "name", name, "label",
	               d != DEGREE_NONE ? degree_name(d) : NULL, "org_id",
	               c.org_id[0] ? c.org_id : NULL);
	org_rec_free(&porg);
	carrier_rec_clear(&c);
	return *o != NULL ? 0 : qerr_internal(e, "audit view: out of memory");
}

/* names[id] for an actor (a user) or an object; unknown ids are left out.
 * *top rises to the highest label of a named record. */
static int
name_one(struct store_tx *tx, json_t *names, const char *id, enum degree *top,
         struct qerr *e)
{
	char kind[STORE_KIND_MAX];
	struct store_rec rec = {0};
	struct store_user u;
	struct qerr ne = {0};
	json_t *o = NULL;

	if (id == NULL || *id == '\0' || json_object_get(names, id) != NULL)
		return 0;
	if (store_user_get(tx, id, &u, &ne) == 0) {
		const char *pname = NULL;

		struct person_rec p = {0};

		if (u.person_id[0] != '\0' && ops_person_load(tx, u.person_id, &p, NULL, &ne) == 0)
			pname = full_name(&p);
		o = json_pack("{s:s, s:s, s:s, s:s?, s:s?}", "kind", "user", "name", u.login,
		              "login", u.login, "person", pname,
		              "org_id", u.org_id[0] ? u.org_id : NULL);
		person_rec_free(&p);
	} else if (typed_name(tx, id, &o, e) != 0 ||
	           (o == NULL && list_name(tx, id, top, &o, e) != 0) ||
	           (o == NULL && info_name(tx, id, top, &o, e) != 0) ||
	           (o == NULL && carrier_name(tx, id, top, &o, e) != 0)) {
		return -1;
	} else if (o != NULL) {
		/* named from its typed row */
	} else if (id_kind(id, kind) && rec_load(tx, kind, id, &rec, &ne) == 0) {
		static const char *const fields[] = {
			"account_number", "full_name", "title", "name", "number", "code", NULL,
		};
		const char *name = NULL;
		enum degree d = rec_degree(&rec);

		struct person_rec parent = {0};
		struct org_rec porg = {0};

		for (const char *const *f = fields; *f != NULL && name == NULL; f++)
			name = jsonv_str(rec.doc, *f);
		/* a record of a person's: by the person's name */
		if (name == NULL && strncmp(rec.parent_id, "person_", 7) == 0 &&
		    ops_person_load(tx, rec.parent_id, &parent, NULL, &ne) == 0)
			name = full_name(&parent);
		/* an inventory, a transfer act: by the organization it belongs to */
		if (name == NULL && parent.h.id[0] == '\0' && rec.org_id[0] != '\0' &&
		    strcmp(kind, "org") != 0 &&
		    store_row_get(tx, &store_org_table, rec.org_id, &porg, &ne) == 0)
			name = porg.name;
		if (d > *top)
			*top = d;
		o = json_pack("{s:s, s:s?, s:s?, s:s?}", "kind", kind, "name", name,
		              "label", d != DEGREE_NONE ? degree_name(d) : NULL,
		              "org_id", rec.org_id[0] ? rec.org_id : NULL);
		person_rec_free(&parent);
		store_rec_clear(&rec);
		org_rec_free(&porg);
		ne = (struct qerr){0};
	} else if (ne.status != 0 && ne.status != QERR_NOT_FOUND) {
		*e = ne;
		return -1;
	}
	if (o != NULL && json_object_set_new(names, id, o) != 0)
		return qerr_internal(e, "audit view: out of memory");
	return 0;
}

static json_t *
names_of(struct store_tx *tx, const json_t *items, enum degree *top, struct qerr *e)
{
	json_t *names = json_object(), *it;
	size_t i;

	if (names == NULL) {
		qerr_internal(e, "audit view: out of memory");
		return NULL;
	}
	json_array_foreach(items, i, it) {
		if (name_one(tx, names, jsonv_str(it, "actor"), top, e) != 0 ||
		    name_one(tx, names, jsonv_str(it, "object"), top, e) != 0) {
			json_decref(names);
			return NULL;
		}
	}
	return names;
}

/* Called by h_audit.c for GET /v1/audit with any filter, order or view. */
int
audit_view_list(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct view_filter v;
	struct view_ctx c = {0};
	int64_t size = 0;
	enum degree top = DEGREE_NONE;
	json_t *names = NULL, *j;

	if (tx_read(r, &tx, e) != 0)
		return -1;
	if (view_filter_parse(r, tx, &v, STORE_PAGE_MAX, e) != 0)
		goto fail;
	c.items = json_array();
	c.last = -1;
	if (c.items == NULL || store_audit_size(tx, &size, e) != 0)
		goto fail;
	v.f.limit += 1;   /* one more: is there a next page? */
	if (store_audit_query(tx, &v.f, view_cb, &c, e) != 0)
		goto fail;
	v.f.limit -= 1;
	{
		bool more = (int64_t)json_array_size(c.items) > v.f.limit;
		char next[32];

		if (more) {
			json_array_remove(c.items, json_array_size(c.items) - 1);
			c.last = jsonv_int(json_array_get(c.items, json_array_size(c.items) - 1), "seq", -1);
		}
		if (v.named && (names = names_of(tx, c.items, &top, e)) == NULL)
			goto fail;
		store_rollback(tx);
		snprintf(next, sizeof next, "%lld", (long long)c.last);
		j = json_pack("{s:o, s:s?, s:I, s:s}", "items", c.items, "next", more ? next : NULL,
		              "size", (json_int_t)size, "order", "desc");
		if (j == NULL) {
			json_decref(names);
			return qerr_internal(e, "audit view: out of memory");
		}
		if (names != NULL)
			json_object_set_new(j, "names", names);
		resp_json(out, 200, j);
	}
	return 0;
fail:
	store_rollback(tx);
	json_decref(c.items);
	return -1;
}

/* ---- CSV export ------------------------------------------------------------ */

struct buf {
	char *p;
	size_t n, cap;
	bool oom;
};

static void
buf_put(struct buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 4096;
		char *p;

		while (cap < b->n + n + 1)
			cap *= 2;
		p = realloc(b->p, cap);
		if (p == NULL) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

/* One cell, quoted; a formula-looking start neutralized with '. */
static void
csv_cell(struct buf *b, const char *s, bool last)
{
	if (s == NULL)
		s = "";
	buf_put(b, "\"", 1);
	if (strchr("=+-@\t\r", s[0]) != NULL && s[0] != '\0')
		buf_put(b, "'", 1);
	for (const char *p = s; *p; p++) {
		buf_put(b, p, 1);
		if (*p == '"')
			buf_put(b, "\"", 1);   /* a quote inside is doubled */
	}
	buf_put(b, last ? "\"\r\n" : "\",", last ? 3 : 2);
}

static const char *
name_field(const json_t *names, const char *id, const char *field)
{
	return id != NULL ? jsonv_str(json_object_get(names, id), field) : NULL;
}

/* GET /v1/audit/export — the filtered view as CSV, newest first. */
static int
h_audit_export(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct view_filter v;
	struct view_ctx c = {0};
	struct buf b = {0};
	enum degree top = DEGREE_NONE;
	json_t *names = NULL, *it, *details;
	size_t i;
	char nrows[32];

	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (view_filter_parse(r, tx, &v, AUDIT_EXPORT_MAX, e) != 0)
		goto fail;
	if (http_query(r, "limit") == NULL)
		v.f.limit = AUDIT_EXPORT_MAX;
	c.items = json_array();
	if (c.items == NULL || store_audit_query(tx, &v.f, view_cb, &c, e) != 0 ||
	    (names = names_of(tx, c.items, &top, e)) == NULL)
		goto fail;
	buf_put(&b, "\xEF\xBB\xBF", 3);   /* UTF-8 byte order mark: spreadsheets read Cyrillic */
	csv_cell(&b, "label", false);
	csv_cell(&b, top != DEGREE_NONE ? degree_name(top) : "none", true);
	{
		static const char *const head[] = {
			"seq", "time", "effective_date", "actor", "actor_login", "actor_name",
			"action", "object", "object_kind", "object_name", "outcome", "code",
			"article", "leaf_hash",
		};
		for (size_t k = 0; k < sizeof head / sizeof head[0]; k++)
			csv_cell(&b, head[k], k + 1 == sizeof head / sizeof head[0]);
	}
	json_array_foreach(c.items, i, it) {
		const char *actor = jsonv_str(it, "actor"), *object = jsonv_str(it, "object");
		char seq[32];

		snprintf(seq, sizeof seq, "%lld", (long long)jsonv_int(it, "seq", -1));
		csv_cell(&b, seq, false);
		csv_cell(&b, jsonv_str(it, "time"), false);
		csv_cell(&b, jsonv_str(it, "effective_date"), false);
		csv_cell(&b, actor, false);
		csv_cell(&b, name_field(names, actor, "login"), false);
		csv_cell(&b, name_field(names, actor, "person"), false);
		csv_cell(&b, jsonv_str(it, "action"), false);
		csv_cell(&b, object, false);
		csv_cell(&b, name_field(names, object, "kind"), false);
		csv_cell(&b, name_field(names, object, "name"), false);
		csv_cell(&b, jsonv_str(it, "outcome"), false);
		csv_cell(&b, jsonv_str(it, "code"), false);
		csv_cell(&b, jsonv_str(it, "article"), false);
		csv_cell(&b, jsonv_str(it, "leaf_hash"), true);
	}
	if (b.oom) {
		qerr_internal(e, "audit export: out of memory");
		goto fail;
	}
	snprintf(nrows, sizeof nrows, "%zu", json_array_size(c.items));
	/* The export is itself a fact to keep: who took which view. */
	details = json_pack("{s:s, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?}",
	                    "rows", nrows, "label", top != DEGREE_NONE ? degree_name(top) : "none",
	                    "actor", v.f.actor, "action", v.f.action,
	                    "object", http_query(r, "object"), "outcome", v.f.outcome,
	                    "org_id", v.f.org_id, "from", v.f.time_from, "to", v.f.time_to);
	r->effective_date = r->today;
	if (details == NULL) {
		qerr_internal(e, "audit export: out of memory");
		goto fail;
	}
	if (tx_commit_audited(r, tx, "audit.export", NULL, details, e) != 0) {
		json_decref(details);
		tx = NULL;
		goto fail;
	}
	json_decref(details);
	json_decref(names);
	json_decref(c.items);
	out->status = 200;
	out->raw = (uint8_t *)b.p;
	out->raw_len = b.n;
	out->content_type = "text/csv; charset=utf-8";
	if (top != DEGREE_NONE)
		q_strlcpy(out->label, degree_name(top), sizeof out->label);
	return 0;
fail:
	if (tx != NULL)
		store_rollback(tx);
	json_decref(names);
	json_decref(c.items);
	free(b.p);
	return -1;
}

const struct route h_audit_view_routes[] = {
	{"GET", "/v1/audit/export", ROLE_AUDITOR, ROUTE_AUDITED_READ, h_audit_export},
	{NULL, NULL, 0, 0, NULL},
};
