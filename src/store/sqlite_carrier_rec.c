/*
 * sqlite_carrier_rec.c — carriers and their copies in typed tables
 * (tables_carriers.h, migration 0022_typed_carriers) and the record form of
 * kind "carrier" over them.
 *
 * How it works. A carrier is a row of carrier (typed columns, fields, extra)
 * and its child rows: carrier_info (information_ids in order), carrier_source,
 * carrier_disposer (disposing_org_ids in order), carrier_copies (each copy
 * with its holder), carrier_departed, plus two derived tables written with
 * it: carrier_party (the organizations whose registry lists it: its org_id,
 * every copy's holder_org_id, every organization copies left) and
 * carrier_due (its typed due date while still classified). A write replaces
 * the child rows of that carrier (a handful), so it costs what the carrier
 * holds. carrier_rec_from() splits a carrier as the API shows it; a field of
 * the wrong type (never written by the server) stays in extra, whole.
 *
 * Lists step their statement to the end (at most a page, or the carriers
 * an index range names), then load each carrier's child rows and call back:
 * a callback may read or write carriers itself.
 *
 * Owns: nothing past a call. Untrusted input: bound as parameters only.
 */
#include "store/db.h"
#include "store/tables_carriers.h"

#include <stdlib.h>
#include <string.h>

#include "core/carrier.h"
#include "core/degree.h"
#include "store/store_json.h"

static const char *const kinds[] = {"paper", "electronic", "media", "product", "other", NULL};

#define CAR_COLS                                                                         \
	"c.id, c.seq, c.version, c.org_id, c.parent_id, c.account_number, c.state, c.fields," \
	" c.kind, c.title, c.label, c.sheets, c.declassify_on, c.registered_on,"            \
	" c.registered_by, c.disposing_org_id, c.extra, " CAR_XCOLS
/* The columns of the fields of its acts (0026_carrier_columns), in the
 * order of xcols[] below after more. */
#define CAR_XCOLS                                                                        \
	"c.more, c.court_ref, c.lost_on, c.incident_id, c.joint_work_id, c.review_required,"  \
	" c.review_due_on, c.review_reason, c.declassified_on, c.owner_kind, c.owner_name,"    \
	" c.owner_iin, c.owner_bin, c.alienation_contract_ref, c.alienation_compensation,"    \
	" c.alienation_nd_signed_on, c.archive_ref, c.archive_org_id, c.archived_on,"         \
	" c.archived_by, c.destruction_act_number, c.destroyed_on, c.destroyed_by,"           \
	" c.declassification_ground, c.declassification_court_ref, c.declassification_on,"   \
	" c.declassification_by"
#define CAR_XBASE 17     /* the column of more */
#define CAR_NCOLS 44     /* CAR_COLS; a due date follows (DUE_FROM) */

static const char SQL_CAR_INSERT[] =
	"INSERT INTO carrier(id, seq, version, org_id, parent_id, account_number, state, fields,"
	" kind, title, label, sheets, declassify_on, registered_on, registered_by,"
	" disposing_org_id, extra, more, court_ref, lost_on, incident_id, joint_work_id,"
	" review_required, review_due_on, review_reason, declassified_on, owner_kind, owner_name,"
	" owner_iin, owner_bin, alienation_contract_ref, alienation_compensation,"
	" alienation_nd_signed_on, archive_ref, archive_org_id, archived_on, archived_by,"
	" destruction_act_number, destroyed_on, destroyed_by, declassification_ground,"
	" declassification_court_ref, declassification_on, declassification_by)"
	" VALUES (?1, ?2, 1, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
	" ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34,"
	" ?35, ?36, ?37, ?38, ?39, ?40, ?41, ?42, ?43)";
static const char SQL_CAR_UPDATE[] =
	"UPDATE carrier SET version = version + 1, org_id = ?3, parent_id = ?4,"
	" account_number = ?5, state = ?6, fields = ?7, kind = ?8, title = ?9, label = ?10,"
	" sheets = ?11, declassify_on = ?12, registered_on = ?13, registered_by = ?14,"
	" disposing_org_id = ?15, extra = ?16, more = ?17, court_ref = ?18, lost_on = ?19,"
	" incident_id = ?20, joint_work_id = ?21, review_required = ?22, review_due_on = ?23,"
	" review_reason = ?24, declassified_on = ?25, owner_kind = ?26, owner_name = ?27,"
	" owner_iin = ?28, owner_bin = ?29, alienation_contract_ref = ?30,"
	" alienation_compensation = ?31, alienation_nd_signed_on = ?32, archive_ref = ?33,"
	" archive_org_id = ?34, archived_on = ?35, archived_by = ?36,"
	" destruction_act_number = ?37, destroyed_on = ?38, destroyed_by = ?39,"
	" declassification_ground = ?40, declassification_court_ref = ?41,"
	" declassification_on = ?42, declassification_by = ?43 WHERE id = ?1 RETURNING seq";
static const char SQL_CAR_GET[] = "SELECT " CAR_COLS " FROM carrier AS c WHERE c.id = ?1";
static const char SQL_CAR_FIND[] =
	"SELECT " CAR_COLS " FROM carrier AS c WHERE c.org_id = ?1 AND c.account_number = ?2"
	" AND c.account_number <> ''";

/* Lists: ?2 after_seq, ?3 org_id, ?4 parent_id, ?5 state, ?6 ref, ?7 limit,
 * tags ?8 label, ?9 holder, ?10 party. */
#define CAR_REST                                                                         \
	" AND (?3 IS NULL OR c.org_id = ?3) AND (?4 IS NULL OR c.parent_id = ?4)"           \
	" AND (?5 IS NULL OR c.state = ?5) AND (?6 IS NULL OR c.account_number = ?6)"       \
	" AND (?8 IS NULL OR c.label = ?8)"                                                 \
	" AND (?9 IS NULL OR EXISTS (SELECT 1 FROM carrier_copies AS h"                     \
	"  WHERE h.carrier_id = c.id AND h.holder = ?9))"                                   \
	" AND (?10 IS NULL OR EXISTS (SELECT 1 FROM carrier_party AS x"                     \
	"  WHERE x.org_id = ?10 AND x.carrier_seq = c.seq))"
static const char SQL_CAR_LIST_ORG[] =
	"SELECT " CAR_COLS " FROM carrier AS c WHERE c.org_id = ?3 AND c.seq > ?2" CAR_REST
	" ORDER BY c.org_id, c.seq LIMIT ?7";
static const char SQL_CAR_LIST_STATE[] =
	"SELECT " CAR_COLS " FROM carrier AS c WHERE c.state = ?5 AND c.seq > ?2" CAR_REST
	" ORDER BY c.state, c.seq LIMIT ?7";
static const char SQL_CAR_LIST_ANY[] =
	"SELECT " CAR_COLS " FROM carrier AS c WHERE c.seq > ?2" CAR_REST
	" ORDER BY c.seq LIMIT ?7";
static const char SQL_CAR_LIST_PARTY[] =
	"SELECT " CAR_COLS " FROM carrier_party AS p CROSS JOIN carrier AS c"
	" ON c.seq = p.carrier_seq WHERE p.org_id = ?10 AND p.carrier_seq > ?2" CAR_REST
	" ORDER BY p.org_id, p.carrier_seq LIMIT ?7";
static const char SQL_CAR_LIST_HOLDER[] =
	"SELECT " CAR_COLS " FROM carrier AS c WHERE c.seq IN (SELECT h.carrier_seq"
	" FROM carrier_copies AS h WHERE h.holder = ?9) AND c.seq > ?2" CAR_REST
	" ORDER BY c.seq LIMIT ?7";
static const char SQL_CAR_LIST_LABEL[] =
	"SELECT " CAR_COLS " FROM carrier AS c WHERE c.label = ?8 AND c.seq > ?2" CAR_REST
	" ORDER BY c.label, c.seq LIMIT ?7";
static const char SQL_CAR_COUNT_ORG[] =
	"SELECT count(*) FROM carrier AS c WHERE c.org_id = ?3 AND c.seq > ?2" CAR_REST;
static const char SQL_CAR_COUNT_STATE[] =
	"SELECT count(*) FROM carrier AS c WHERE c.state = ?5 AND c.seq > ?2" CAR_REST;
static const char SQL_CAR_COUNT_ANY[] =
	"SELECT count(*) FROM carrier AS c WHERE c.seq > ?2" CAR_REST;

/* ?1 a JSON array of information ids. */
static const char SQL_CARRYING[] =
	"SELECT " CAR_COLS " FROM carrier AS c WHERE c.seq IN"
	" (SELECT ci.carrier_seq FROM carrier_info AS ci"
	"  WHERE ci.information_id IN (SELECT value FROM json_each(?1))) ORDER BY c.seq";
static const char SQL_CARRYING_PG[] =
	"SELECT " CAR_COLS " FROM carrier AS c WHERE c.seq IN"
	" (SELECT ci.carrier_seq FROM carrier_info AS ci"
	"  WHERE ci.information_id IN (SELECT jsonb_array_elements_text(?1::jsonb)))"
	" ORDER BY c.seq";
static const char SQL_NAMING[] =
	"SELECT " CAR_COLS " FROM carrier AS c WHERE c.seq IN (SELECT ci.carrier_seq"
	" FROM carrier_info AS ci WHERE ci.information_id = ?1) ORDER BY c.seq";

/* ?1 org_id, ?2 due_max, ?3 limit, ?4 after_due, ?5 after_seq */
#define DUE_FROM ", d.due FROM carrier_due AS d CROSS JOIN carrier AS c ON c.seq = d.carrier_seq"
static const char SQL_DUE_ORG[] =
	"SELECT " CAR_COLS DUE_FROM " WHERE d.org_id = ?1 AND d.due <= ?2"
	" ORDER BY d.org_id, d.due, d.carrier_seq LIMIT ?3";
static const char SQL_DUE_ORG_AFTER[] =
	"SELECT " CAR_COLS DUE_FROM " WHERE d.org_id = ?1 AND d.due <= ?2"
	" AND (d.due, d.carrier_seq) > (?4, ?5)"
	" ORDER BY d.org_id, d.due, d.carrier_seq LIMIT ?3";
static const char SQL_DUE_ANY[] =
	"SELECT " CAR_COLS DUE_FROM " WHERE d.due <= ?2 ORDER BY d.due, d.carrier_seq LIMIT ?3";
static const char SQL_DUE_ANY_AFTER[] =
	"SELECT " CAR_COLS DUE_FROM " WHERE d.due <= ?2 AND (d.due, d.carrier_seq) > (?4, ?5)"
	" ORDER BY d.due, d.carrier_seq LIMIT ?3";

static const char SQL_HELD[] = "SELECT count(*) FROM carrier_copies WHERE holder_org_id = ?1";

/* Child rows. */
static const char *const SQL_CHILD_CLEAR[] = {
	"DELETE FROM carrier_info WHERE carrier_id = ?1",
	"DELETE FROM carrier_source WHERE carrier_id = ?1",
	"DELETE FROM carrier_disposer WHERE carrier_id = ?1",
	"DELETE FROM carrier_copies WHERE carrier_id = ?1",
	"DELETE FROM carrier_departed WHERE carrier_id = ?1",
	"DELETE FROM carrier_party WHERE carrier_id = ?1",
	"DELETE FROM carrier_due WHERE carrier_id = ?1",
	"DELETE FROM carrier_review WHERE carrier_id = ?1",
};
static const char SQL_REVIEW_ADD[] =
	"INSERT INTO carrier_review(carrier_id, ord, kind, how, list_item_id, information_id,"
	" effective_date, by_user, extra) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char SQL_REVIEW_GET[] =
	"SELECT kind, how, list_item_id, information_id, effective_date, by_user, extra"
	" FROM carrier_review WHERE carrier_id = ?1 ORDER BY ord";
static const char SQL_INFO_ADD[] =
	"INSERT INTO carrier_info(carrier_id, ord, information_id, carrier_seq)"
	" VALUES (?1, ?2, ?3, ?4)";
static const char SQL_SOURCE_ADD[] =
	"INSERT INTO carrier_source(carrier_id, ord, source_id) VALUES (?1, ?2, ?3)";
static const char SQL_DISPOSER_ADD[] =
	"INSERT INTO carrier_disposer(carrier_id, ord, org_id) VALUES (?1, ?2, ?3)";
static const char SQL_COPY_ADD[] =
	"INSERT INTO carrier_copies(carrier_id, number, ord, fields, holder_org_id,"
	" holder_person_id, joint_work_id, holder, state, issued_on, carrier_seq, extra)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
static const char SQL_DEPARTED_ADD[] =
	"INSERT INTO carrier_departed(carrier_id, org_id, left_on, carrier_seq)"
	" VALUES (?1, ?2, ?3, ?4)";
static const char SQL_PARTY_ADD[] =
	"INSERT INTO carrier_party(org_id, carrier_seq, carrier_id) VALUES (?1, ?2, ?3)"
	" ON CONFLICT DO NOTHING";
static const char SQL_DUE_ADD[] =
	"INSERT INTO carrier_due(carrier_id, org_id, due, carrier_seq) VALUES (?1, ?2, ?3, ?4)";
static const char SQL_INFO_GET[] =
	"SELECT information_id FROM carrier_info WHERE carrier_id = ?1 ORDER BY ord";
static const char SQL_SOURCE_GET[] =
	"SELECT source_id FROM carrier_source WHERE carrier_id = ?1 ORDER BY ord";
static const char SQL_DISPOSER_GET[] =
	"SELECT org_id FROM carrier_disposer WHERE carrier_id = ?1 ORDER BY ord";
static const char SQL_COPY_GET[] =
	"SELECT number, fields, holder_org_id, holder_person_id, joint_work_id, holder, state,"
	" issued_on, extra FROM carrier_copies WHERE carrier_id = ?1 ORDER BY ord";
static const char SQL_DEPARTED_GET[] =
	"SELECT org_id, left_on FROM carrier_departed WHERE carrier_id = ?1 ORDER BY org_id";

static int
fail(struct qerr *e, const char *what)
{
	qerr_internal(e, NULL);
	qerr_detail(e, "carrier: %s", what);
	return -1;
}

void
carrier_rec_clear(struct carrier_rec *c)
{
	if (c == NULL)
		return;
	free(c->title);
	free(c->information_ids);
	free(c->source_ids);
	free(c->disposing_ids);
	for (size_t i = 0; i < c->n_copies; i++)
		free(c->copies[i].extra);
	free(c->copies);
	for (size_t i = 0; i < c->n_reviews; i++)
		free(c->reviews[i].extra);
	free(c->reviews);
	free(c->departed);
	free(c->extra);
	memset(c, 0, sizeof *c);
	c->sheets = STORE_INT_NULL;
	c->review_required = STORE_INT_NULL;
}

/* ---- the carrier as the API shows it <-> its rows --------------------------- */

static bool
in_names(const char *s, const char *const *names)
{
	for (size_t i = 0; names[i] != NULL; i++)
		if (strcmp(s, names[i]) == 0)
			return true;
	return false;
}

/* A string field naming one of names (or null). */
static bool
take_word(const json_t *v, char *dst, size_t dstsz, const char *const *names)
{
	if (json_is_string(v) && !in_names(json_string_value(v), names))
		return false;
	return store_json_take_str(v, dst, dstsz, false);
}

/* An array of ids (non-empty strings that fit), distinct when unique. */
static bool
id_array_ok(const json_t *a, bool unique)
{
	size_t i, j;
	json_t *v;

	if (!json_is_array(a))
		return false;
	json_array_foreach(a, i, v) {
		const char *s = json_string_value(v);

		if (s == NULL || s[0] == '\0' || strlen(s) >= STORE_ID_MAX)
			return false;
		for (j = 0; unique && j < i; j++)
			if (strcmp(s, json_string_value(json_array_get(a, j))) == 0)
				return false;
	}
	return true;
}

/* The valid, distinct ids of a (any JSON), into a new array *out of *n. */
static int
id_array_take(const json_t *a, bool unique, carrier_id_t **out, size_t *n)
{
	size_t i, k = 0;
	json_t *v;

	*out = NULL;
	*n = 0;
	if (!json_is_array(a) || json_array_size(a) == 0)
		return 0;
	if ((*out = calloc(json_array_size(a), sizeof **out)) == NULL)
		return -1;
	json_array_foreach(a, i, v) {
		const char *s = json_string_value(v);
		bool dup = false;

		if (s == NULL || s[0] == '\0' || strlen(s) >= STORE_ID_MAX)
			continue;
		for (size_t j = 0; unique && j < k; j++)
			dup |= strcmp((*out)[j], s) == 0;
		if (!dup)
			q_strlcpy((*out)[k++], s, STORE_ID_MAX);
	}
	*n = k;
	return 0;
}

/* The copies array can be typed: objects with distinct numbers >= 1. */
static bool
copies_ok(const json_t *a)
{
	size_t i, j;
	json_t *v;

	if (!json_is_array(a))
		return false;
	json_array_foreach(a, i, v) {
		json_t *n = json_object_get(v, "number");

		if (!json_is_object(v) || !json_is_integer(n) || json_integer_value(n) < 1)
			return false;
		for (j = 0; j < i; j++)
			if (json_integer_value(json_object_get(json_array_get(a, j), "number")) ==
			    json_integer_value(n))
				return false;
	}
	return true;
}

static bool
departed_ok(const json_t *o)
{
	const char *k;
	json_t *v;

	if (!json_is_object(o))
		return false;
	json_object_foreach((json_t *)o, k, v)
		if (k[0] == '\0' || strlen(k) >= STORE_ID_MAX ||
		    !store_json_date_shaped(json_string_value(v)))
			return false;
	return true;
}

/* The remaining fields of o as JSON text (NULL when none): 0, or -1. */
static int
extra_of(const json_t *o, char **out)
{
	*out = NULL;
	if (json_object_size(o) == 0)
		return 0;
	*out = store_json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	return *out != NULL ? 0 : -1;
}

/* ---- the fields of its acts (0026_carrier_columns) ------------------------- */

enum xt { XT_STR, XT_DATE, XT_BOOL, XT_NUM };

/* A field of the carrier's acts in a column of its own: a field of the
 * carrier (obj NULL; always may be null) or a key of its object field obj.
 * bit: the carrier's presence bit; for a key of an object the bit of an
 * optional key (0: the key must be there). nullok: a key that may be
 * null. Columns follow more in this order (CAR_XCOLS). */
struct xcol {
	const char *obj, *key;
	enum xt type;
	unsigned bit;
	bool nullok;
	size_t off, size;
};
#define XC(o, k, t, b, n, f)                                                                \
	{o, k, t, b, n, offsetof(struct carrier_rec, f), sizeof(((struct carrier_rec *)0)->f)}
static const struct xcol xcols[] = {
	XC(NULL, "court_ref", XT_STR, CARRIER_M_COURT_REF, true, court_ref),
	XC(NULL, "lost_on", XT_DATE, CARRIER_M_LOST_ON, true, lost_on),
	XC(NULL, "incident_id", XT_STR, CARRIER_M_INCIDENT, true, incident_id),
	XC(NULL, "joint_work_id", XT_STR, CARRIER_M_JOINT_WORK, true, joint_work_id),
	XC(NULL, "review_required", XT_BOOL, CARRIER_M_REVIEW_REQUIRED, true, review_required),
	XC(NULL, "review_due_on", XT_DATE, CARRIER_M_REVIEW_DUE, true, review_due_on),
	XC(NULL, "review_reason", XT_STR, CARRIER_M_REVIEW_REASON, true, review_reason),
	XC(NULL, "declassified_on", XT_DATE, CARRIER_M_DECLASSIFIED_ON, true, declassified_on),
	XC("owner", "kind", XT_STR, 0, false, owner_kind),
	XC("owner", "name", XT_STR, 0, false, owner_name),
	XC("owner", "iin", XT_STR, CARRIER_M_OWNER_IIN, false, owner_iin),
	XC("owner", "bin", XT_STR, CARRIER_M_OWNER_BIN, false, owner_bin),
	XC("alienation", "contract_ref", XT_STR, CARRIER_M_ALIEN_CONTRACT, false,
	   alien_contract_ref),
	XC("alienation", "compensation", XT_NUM, CARRIER_M_ALIEN_COMP, false, alien_compensation),
	XC("alienation", "non_disclosure_signed_on", XT_DATE, CARRIER_M_ALIEN_ND, false,
	   alien_nd_signed_on),
	XC("archive", "archive_ref", XT_STR, 0, false, archive_ref),
	XC("archive", "archive_org_id", XT_STR, CARRIER_M_ARCHIVE_ORG, true, archive_org_id),
	XC("archive", "date", XT_DATE, 0, false, archived_on),
	XC("archive", "by", XT_STR, 0, false, archived_by),
	XC("destruction", "act_number", XT_STR, 0, false, destr_act_number),
	XC("destruction", "date", XT_DATE, 0, false, destroyed_on),
	XC("destruction", "by", XT_STR, 0, false, destroyed_by),
	XC("declassification", "ground", XT_STR, 0, true, decl_ground),
	XC("declassification", "court_ref", XT_STR, 0, true, decl_court_ref),
	XC("declassification", "effective_date", XT_DATE, 0, false, decl_on),
	XC("declassification", "by", XT_STR, 0, false, decl_by),
};
#define XCOLS_N (sizeof xcols / sizeof xcols[0])

/* The object fields: the key's bit and the bit saying it is an object. */
static const struct {
	const char *key;
	unsigned bit, obj;
} xobjs[] = {
	{"owner", CARRIER_M_OWNER, CARRIER_M_OWNER_OBJ},
	{"alienation", CARRIER_M_ALIEN, CARRIER_M_ALIEN_OBJ},
	{"archive", CARRIER_M_ARCHIVE, CARRIER_M_ARCHIVE_OBJ},
	{"destruction", CARRIER_M_DESTR, CARRIER_M_DESTR_OBJ},
	{"declassification", CARRIER_M_DECL, CARRIER_M_DECL_OBJ},
};

/* 2^53: a JSON integer a double holds exactly. */
#define XNUM_EXACT 9007199254740992LL

/* Takes v into x's member of c when it has x's type; *more gets
 * CARRIER_M_ALIEN_COMP_INT for an integer compensation. */
static bool
xcol_take(const json_t *v, const struct xcol *x, struct carrier_rec *c, unsigned *more)
{
	void *dst = (char *)c + x->off;

	if (json_is_null(v) && !x->nullok)
		return false;
	switch (x->type) {
	case XT_STR:
	case XT_DATE:
		return store_json_take_str(v, dst, x->size, x->type == XT_DATE);
	case XT_BOOL:
		if (!json_is_null(v) && !json_is_boolean(v))
			return false;
		*(int64_t *)dst = json_is_null(v) ? STORE_INT_NULL : json_is_true(v);
		return true;
	case XT_NUM:
		if (json_is_integer(v) && json_integer_value(v) <= XNUM_EXACT &&
		    json_integer_value(v) >= -XNUM_EXACT) {
			*(double *)dst = (double)json_integer_value(v);
			*more |= CARRIER_M_ALIEN_COMP_INT;
			return true;
		}
		if (!json_is_real(v))
			return false;
		*(double *)dst = json_real_value(v);
		return true;
	}
	return false;
}

static void
xcol_reset(const struct xcol *x, struct carrier_rec *c)
{
	void *dst = (char *)c + x->off;

	if (x->type == XT_BOOL)
		*(int64_t *)dst = STORE_INT_NULL;
	else
		memset(dst, 0, x->size);
}

/* The object field o (xobjs[k]) into its columns when every key of it is
 * one of its columns with the column's type and every key it must have is
 * there; false leaves c's members as they were (cleared). */
static bool
xobj_take(const json_t *o, size_t k, struct carrier_rec *c, unsigned *more)
{
	unsigned bits = 0;
	const char *key;
	json_t *v;
	size_t i;

	if (!json_is_object(o))
		return false;
	json_object_foreach((json_t *)o, key, v) {
		for (i = 0; i < XCOLS_N; i++)
			if (xcols[i].obj != NULL && strcmp(xcols[i].obj, xobjs[k].key) == 0 &&
			    strcmp(xcols[i].key, key) == 0)
				break;
		if (i == XCOLS_N)
			return false;
	}
	for (i = 0; i < XCOLS_N; i++) {
		if (xcols[i].obj == NULL || strcmp(xcols[i].obj, xobjs[k].key) != 0)
			continue;
		v = json_object_get(o, xcols[i].key);
		if (v == NULL && xcols[i].bit == 0)
			break;
		if (v == NULL)
			continue;
		if (!xcol_take(v, &xcols[i], c, &bits))
			break;
		bits |= xcols[i].bit;
	}
	if (i < XCOLS_N) {
		for (i = 0; i < XCOLS_N; i++)
			if (xcols[i].obj != NULL && strcmp(xcols[i].obj, xobjs[k].key) == 0)
				xcol_reset(&xcols[i], c);
		return false;
	}
	*more |= bits | xobjs[k].obj;
	return true;
}

/* One entry of reviews[]: its typed fields (non-empty strings that fit),
 * the rest in extra. */
static int
review_from(const json_t *v, struct carrier_review_rec *r)
{
	static const struct {
		const char *key;
		size_t off, size;
		bool date;
	} strs[] = {
		{"kind", offsetof(struct carrier_review_rec, kind), sizeof r->kind, false},
		{"how", offsetof(struct carrier_review_rec, how), sizeof r->how, false},
		{"list_item_id", offsetof(struct carrier_review_rec, list_item_id),
		 sizeof r->list_item_id, false},
		{"information_id", offsetof(struct carrier_review_rec, information_id),
		 sizeof r->information_id, false},
		{"effective_date", offsetof(struct carrier_review_rec, effective_date),
		 sizeof r->effective_date, true},
		{"by", offsetof(struct carrier_review_rec, by), sizeof r->by, false},
	};
	json_t *rest = json_deep_copy(v);
	int rc;

	if (rest == NULL)
		return -1;
	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) {
		json_t *f = json_object_get(rest, strs[i].key);

		if (json_is_string(f) &&
		    store_json_take_str(f, (char *)r + strs[i].off, strs[i].size, strs[i].date))
			json_object_del(rest, strs[i].key);
	}
	rc = extra_of(rest, &r->extra);
	json_decref(rest);
	return rc;
}

/* The fields of the carrier's acts out of rest into their columns: each
 * that has its column's shape; any other stays in rest (extra). */
static int
xfields_take(json_t *rest, struct carrier_rec *c)
{
	json_t *v;
	size_t i;

	c->review_required = STORE_INT_NULL;
	for (i = 0; i < XCOLS_N; i++) {
		if (xcols[i].obj != NULL)
			continue;
		v = json_object_get(rest, xcols[i].key);
		if (v != NULL && xcol_take(v, &xcols[i], c, &c->more)) {
			c->more |= xcols[i].bit;
			json_object_del(rest, xcols[i].key);
		} else {
			xcol_reset(&xcols[i], c);
		}
	}
	for (i = 0; i < sizeof xobjs / sizeof xobjs[0]; i++) {
		v = json_object_get(rest, xobjs[i].key);
		if (json_is_null(v) || (v != NULL && xobj_take(v, i, c, &c->more))) {
			c->more |= xobjs[i].bit;
			json_object_del(rest, xobjs[i].key);
		}
	}
	v = json_object_get(rest, "reviews");
	if (json_is_array(v)) {
		json_t *r;

		json_array_foreach(v, i, r)
			if (!json_is_object(r))
				return 0;
		if (json_array_size(v) > 0 &&
		    (c->reviews = calloc(json_array_size(v), sizeof *c->reviews)) == NULL)
			return -1;
		json_array_foreach(v, i, r) {
			c->n_reviews = i + 1;
			if (review_from(r, &c->reviews[i]) != 0)
				return -1;
		}
		c->more |= CARRIER_M_REVIEWS;
		json_object_del(rest, "reviews");
	}
	return 0;
}

static int put(json_t *o, const char *key, json_t *v);
static json_t *object_of(const char *extra);

static json_t *
xcol_json(const struct xcol *x, const struct carrier_rec *c)
{
	const char *src = (const char *)c + x->off;
	int64_t b;
	double d;

	switch (x->type) {
	case XT_STR:
	case XT_DATE:
		return store_json_str_or_null(src);
	case XT_BOOL:
		memcpy(&b, src, sizeof b);
		return b == STORE_INT_NULL ? json_null() : json_boolean(b != 0);
	case XT_NUM:
		memcpy(&d, src, sizeof d);
		return (c->more & CARRIER_M_ALIEN_COMP_INT) ? json_integer((json_int_t)d)
		                                            : json_real(d);
	}
	return NULL;
}

static json_t *
review_json(const struct carrier_review_rec *r)
{
	json_t *o = object_of(r->extra);
	const char *const keys[] = {"kind", "how", "list_item_id", "information_id",
	                            "effective_date", "by"};
	const char *const vals[] = {r->kind, r->how, r->list_item_id, r->information_id,
	                            r->effective_date, r->by};
	int rc = 0;

	if (o == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (vals[i][0] != '\0')
			rc |= put(o, keys[i], json_string(vals[i]));
	if (rc != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* The fields of the carrier's acts into o: 0, or -1 out of memory. */
static int
xfields_put(json_t *o, const struct carrier_rec *c)
{
	unsigned m = c->more;
	int rc = 0;
	size_t i, k;

	for (i = 0; i < XCOLS_N; i++)
		if (xcols[i].obj == NULL && (m & xcols[i].bit))
			rc |= put(o, xcols[i].key, xcol_json(&xcols[i], c));
	for (k = 0; k < sizeof xobjs / sizeof xobjs[0]; k++) {
		json_t *sub;

		if (!(m & xobjs[k].bit))
			continue;
		if (!(m & xobjs[k].obj)) {
			rc |= put(o, xobjs[k].key, json_null());
			continue;
		}
		sub = json_object();
		for (i = 0; sub != NULL && i < XCOLS_N; i++)
			if (xcols[i].obj != NULL && strcmp(xcols[i].obj, xobjs[k].key) == 0 &&
			    (xcols[i].bit == 0 || (m & xcols[i].bit)) &&
			    put(sub, xcols[i].key, xcol_json(&xcols[i], c)) != 0) {
				json_decref(sub);
				sub = NULL;
			}
		rc |= put(o, xobjs[k].key, sub);
	}
	if (m & CARRIER_M_REVIEWS) {
		json_t *a = json_array();

		for (i = 0; a != NULL && i < c->n_reviews; i++)
			if (json_array_append_new(a, review_json(&c->reviews[i])) != 0) {
				json_decref(a);
				a = NULL;
			}
		rc |= put(o, "reviews", a);
	}
	return rc;
}

static int
copy_from(json_t *v, struct carrier_copy_rec *cp)
{
	static const struct {
		const char *key;
		unsigned bit;
		size_t off, size;
		bool date;
	} strs[] = {
		{"holder_org_id", COPY_F_HOLDER_ORG, offsetof(struct carrier_copy_rec, holder_org_id),
		 STORE_ID_MAX, false},
		{"holder_person_id", COPY_F_HOLDER_PERSON,
		 offsetof(struct carrier_copy_rec, holder_person_id), STORE_ID_MAX, false},
		{"joint_work_id", COPY_F_JOINT_WORK, offsetof(struct carrier_copy_rec, joint_work_id),
		 STORE_ID_MAX, false},
		{"holder", COPY_F_HOLDER, offsetof(struct carrier_copy_rec, holder), STORE_ID_MAX,
		 false},
		{"state", COPY_F_STATE, offsetof(struct carrier_copy_rec, state), CARRIER_WORD_MAX,
		 false},
		{"issued_on", COPY_F_ISSUED_ON, offsetof(struct carrier_copy_rec, issued_on),
		 CARRIER_DATE_MAX, true},
	};
	json_t *rest = json_deep_copy(v);
	int rc;

	if (rest == NULL)
		return -1;
	cp->number = (int64_t)json_integer_value(json_object_get(rest, "number"));
	json_object_del(rest, "number");
	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) {
		json_t *f = json_object_get(rest, strs[i].key);

		if (f != NULL &&
		    store_json_take_str(f, (char *)cp + strs[i].off, strs[i].size, strs[i].date)) {
			cp->fields |= strs[i].bit;
			json_object_del(rest, strs[i].key);
		}
	}
	/* One holder (the CHECK of the table): a person beside an
	 * organization stays in extra. */
	if (cp->holder_org_id[0] != '\0' && cp->holder_person_id[0] != '\0') {
		json_t *p = json_string(cp->holder_person_id);

		if (p == NULL || json_object_set_new(rest, "holder_person_id", p) != 0) {
			json_decref(rest);
			return -1;
		}
		cp->holder_person_id[0] = '\0';
		cp->fields &= ~(unsigned)COPY_F_HOLDER_PERSON;
	}
	rc = extra_of(rest, &cp->extra);
	json_decref(rest);
	return rc;
}

int
carrier_rec_from(const struct store_rec *r, struct carrier_rec *c, struct qerr *e)
{
	static const struct {
		const char *key;
		unsigned bit;
		size_t off, size;
		bool date;
		const char *const *names;
	} strs[] = {
		{"kind", CARRIER_F_KIND, offsetof(struct carrier_rec, kind), CARRIER_WORD_MAX,
		 false, kinds},
		{"label", CARRIER_F_LABEL, offsetof(struct carrier_rec, label), CARRIER_WORD_MAX,
		 false, degree_names},
		{"declassify_on", CARRIER_F_DECLASSIFY_ON, offsetof(struct carrier_rec, declassify_on),
		 CARRIER_DATE_MAX, true, NULL},
		{"registered_on", CARRIER_F_REGISTERED_ON, offsetof(struct carrier_rec, registered_on),
		 CARRIER_DATE_MAX, true, NULL},
		{"registered_by", CARRIER_F_REGISTERED_BY, offsetof(struct carrier_rec, registered_by),
		 STORE_ID_MAX, false, NULL},
		{"disposing_org_id", CARRIER_F_DISPOSING_ORG,
		 offsetof(struct carrier_rec, disposing_org_id), STORE_ID_MAX, false, NULL},
	};
	static const struct {
		const char *key, *row;
		unsigned bit;
	} same[] = {
		{"id", NULL, CARRIER_F_ID},
		{"org_id", NULL, CARRIER_F_ORG},
		{"account_number", NULL, CARRIER_F_ACCOUNT},
		{"state", NULL, CARRIER_F_STATE},
	};
	const char *rows[4] = {r->id, r->org_id, r->ref, r->state};
	json_t *rest = NULL, *v;
	size_t i;

	memset(c, 0, sizeof *c);
	c->sheets = STORE_INT_NULL;
	c->review_required = STORE_INT_NULL;
	if (!json_is_object(r->doc))
		return fail(e, "not an object");
	q_strlcpy(c->h.id, r->id, sizeof c->h.id);
	c->h.seq = r->seq;
	q_strlcpy(c->org_id, r->org_id, sizeof c->org_id);
	q_strlcpy(c->parent_id, r->parent_id, sizeof c->parent_id);
	q_strlcpy(c->account_number, r->ref, sizeof c->account_number);
	q_strlcpy(c->state, r->state, sizeof c->state);
	if ((rest = json_deep_copy(r->doc)) == NULL)
		goto oom;
	/* id, org_id, account_number, state: the row's own, when the same */
	for (i = 0; i < 4; i++) {
		const char *s = json_string_value(json_object_get(rest, same[i].key));

		if (s != NULL && s[0] != '\0' && strcmp(s, rows[i]) == 0) {
			c->fields |= same[i].bit;
			json_object_del(rest, same[i].key);
		}
	}
	for (i = 0; i < sizeof strs / sizeof strs[0]; i++) {
		char *dst = (char *)c + strs[i].off;

		v = json_object_get(rest, strs[i].key);
		if (v != NULL &&
		    (strs[i].names != NULL ? take_word(v, dst, strs[i].size, strs[i].names)
		                           : store_json_take_str(v, dst, strs[i].size, strs[i].date))) {
			c->fields |= strs[i].bit;
			json_object_del(rest, strs[i].key);
		}
	}
	v = json_object_get(rest, "title");
	if (json_is_null(v) || (json_is_string(v) && json_string_value(v)[0] != '\0')) {
		if (json_is_string(v) && (c->title = strdup(json_string_value(v))) == NULL)
			goto oom;
		c->fields |= CARRIER_F_TITLE;
		json_object_del(rest, "title");
	}
	v = json_object_get(rest, "sheets");
	if (json_is_null(v) || (json_is_integer(v) && json_integer_value(v) != STORE_INT_NULL)) {
		if (json_is_integer(v))
			c->sheets = (int64_t)json_integer_value(v);
		c->fields |= CARRIER_F_SHEETS;
		json_object_del(rest, "sheets");
	}
	/* information_ids: the link rows always (the cascades follow them);
	 * typed when the list is exactly those rows in order */
	v = json_object_get(rest, "information_ids");
	if (id_array_take(v, true, &c->information_ids, &c->n_information) != 0)
		goto oom;
	if (id_array_ok(v, true)) {
		c->fields |= CARRIER_F_INFORMATION;
		json_object_del(rest, "information_ids");
	}
	v = json_object_get(rest, "source_carrier_ids");
	if (id_array_ok(v, false)) {
		if (id_array_take(v, false, &c->source_ids, &c->n_sources) != 0)
			goto oom;
		c->fields |= CARRIER_F_SOURCES;
		json_object_del(rest, "source_carrier_ids");
	}
	v = json_object_get(rest, "disposing_org_ids");
	if (id_array_ok(v, false)) {
		if (id_array_take(v, false, &c->disposing_ids, &c->n_disposing) != 0)
			goto oom;
		c->fields |= CARRIER_F_DISPOSING;
		json_object_del(rest, "disposing_org_ids");
	}
	v = json_object_get(rest, "copies");
	if (copies_ok(v)) {
		json_t *cp;

		if (json_array_size(v) > 0 &&
		    (c->copies = calloc(json_array_size(v), sizeof *c->copies)) == NULL)
			goto oom;
		json_array_foreach(v, i, cp) {
			c->n_copies = i + 1;
			if (copy_from(cp, &c->copies[i]) != 0)
				goto oom;
		}
		c->fields |= CARRIER_F_COPIES;
		json_object_del(rest, "copies");
	}
	v = json_object_get(rest, "departed");
	if (departed_ok(v)) {
		const char *k;
		json_t *d;

		if (json_object_size(v) > 0 &&
		    (c->departed = calloc(json_object_size(v), sizeof *c->departed)) == NULL)
			goto oom;
		json_object_foreach(v, k, d) {
			q_strlcpy(c->departed[c->n_departed].org_id, k, STORE_ID_MAX);
			q_strlcpy(c->departed[c->n_departed].on, json_string_value(d), CARRIER_DATE_MAX);
			c->n_departed++;
		}
		c->fields |= CARRIER_F_DEPARTED;
		json_object_del(rest, "departed");
	}
	if (xfields_take(rest, c) != 0 || extra_of(rest, &c->extra) != 0)
		goto oom;
	json_decref(rest);
	return 0;
oom:
	json_decref(rest);
	carrier_rec_clear(c);
	return fail(e, "out of memory");
}

static int
put(json_t *o, const char *key, json_t *v)
{
	return v == NULL ? -1 : json_object_set_new(o, key, v);
}

/* A new object from extra text (NULL: empty); NULL on failure. */
static json_t *
object_of(const char *extra)
{
	json_error_t jerr;
	json_t *o;

	if (extra == NULL)
		return json_object();
	o = json_loads(extra, JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_object(o)) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *
ids_json(const carrier_id_t *ids, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < n; i++)
		if (json_array_append_new(a, json_string(ids[i])) != 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *
copy_json(const struct carrier_copy_rec *cp)
{
	json_t *o = object_of(cp->extra);
	int rc = 0;

	if (o == NULL)
		return NULL;
	rc |= put(o, "number", json_integer((json_int_t)cp->number));
	if (cp->fields & COPY_F_HOLDER_ORG)
		rc |= put(o, "holder_org_id", store_json_str_or_null(cp->holder_org_id));
	if (cp->fields & COPY_F_HOLDER_PERSON)
		rc |= put(o, "holder_person_id", store_json_str_or_null(cp->holder_person_id));
	if (cp->fields & COPY_F_JOINT_WORK)
		rc |= put(o, "joint_work_id", store_json_str_or_null(cp->joint_work_id));
	if (cp->fields & COPY_F_HOLDER)
		rc |= put(o, "holder", store_json_str_or_null(cp->holder));
	if (cp->fields & COPY_F_STATE)
		rc |= put(o, "state", store_json_str_or_null(cp->state));
	if (cp->fields & COPY_F_ISSUED_ON)
		rc |= put(o, "issued_on", store_json_str_or_null(cp->issued_on));
	if (rc != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *
carrier_rec_doc(const struct carrier_rec *c, struct qerr *e)
{
	json_t *o = object_of(c->extra), *a;
	unsigned f = c->fields;
	int rc = 0;

	if (o == NULL) {
		fail(e, "extra does not parse");
		return NULL;
	}
	if (f & CARRIER_F_ID)
		rc |= put(o, "id", json_string(c->h.id));
	if (f & CARRIER_F_ORG)
		rc |= put(o, "org_id", json_string(c->org_id));
	if (f & CARRIER_F_ACCOUNT)
		rc |= put(o, "account_number", json_string(c->account_number));
	if (f & CARRIER_F_STATE)
		rc |= put(o, "state", json_string(c->state));
	if (f & CARRIER_F_KIND)
		rc |= put(o, "kind", store_json_str_or_null(c->kind));
	if (f & CARRIER_F_TITLE)
		rc |= put(o, "title", c->title != NULL ? json_string(c->title) : json_null());
	if (f & CARRIER_F_LABEL)
		rc |= put(o, "label", store_json_str_or_null(c->label));
	if (f & CARRIER_F_SHEETS)
		rc |= put(o, "sheets", c->sheets == STORE_INT_NULL ? json_null()
		                                                 : json_integer((json_int_t)c->sheets));
	if (f & CARRIER_F_DECLASSIFY_ON)
		rc |= put(o, "declassify_on", store_json_str_or_null(c->declassify_on));
	if (f & CARRIER_F_REGISTERED_ON)
		rc |= put(o, "registered_on", store_json_str_or_null(c->registered_on));
	if (f & CARRIER_F_REGISTERED_BY)
		rc |= put(o, "registered_by", store_json_str_or_null(c->registered_by));
	if (f & CARRIER_F_DISPOSING_ORG)
		rc |= put(o, "disposing_org_id", store_json_str_or_null(c->disposing_org_id));
	if (f & CARRIER_F_INFORMATION)
		rc |= put(o, "information_ids", ids_json(c->information_ids, c->n_information));
	if (f & CARRIER_F_SOURCES)
		rc |= put(o, "source_carrier_ids", ids_json(c->source_ids, c->n_sources));
	if (f & CARRIER_F_DISPOSING)
		rc |= put(o, "disposing_org_ids", ids_json(c->disposing_ids, c->n_disposing));
	if (f & CARRIER_F_COPIES) {
		a = json_array();
		for (size_t i = 0; a != NULL && i < c->n_copies; i++)
			if (json_array_append_new(a, copy_json(&c->copies[i])) != 0) {
				json_decref(a);
				a = NULL;
			}
		rc |= put(o, "copies", a);
	}
	if (f & CARRIER_F_DEPARTED) {
		a = json_object();
		for (size_t i = 0; a != NULL && i < c->n_departed; i++)
			if (put(a, c->departed[i].org_id, json_string(c->departed[i].on)) != 0) {
				json_decref(a);
				a = NULL;
			}
		rc |= put(o, "departed", a);
	}
	rc |= xfields_put(o, c);
	if (rc != 0) {
		json_decref(o);
		fail(e, "out of memory");
		return NULL;
	}
	return o;
}

/* ---- rows -------------------------------------------------------------------- */

static int
bind_opt(struct db_stmt *st, int idx, const char *s)
{
	return s != NULL && s[0] != '\0' ? store_bind_str(st, idx, s) : db_bind_null(st, idx);
}

static int
car_bind(struct db_stmt *st, const struct carrier_rec *c, bool insert)
{
	int rc = store_bind_str(st, 1, c->h.id);

	if (rc == DB_OK && insert)
		rc = db_bind_int64(st, 2, c->h.seq);
	if (rc == DB_OK)
		rc = store_bind_str(st, 3, c->org_id);
	if (rc == DB_OK)
		rc = store_bind_str(st, 4, c->parent_id);
	if (rc == DB_OK)
		rc = store_bind_str(st, 5, c->account_number);
	if (rc == DB_OK)
		rc = store_bind_str(st, 6, c->state);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 7, (int64_t)c->fields);
	if (rc == DB_OK)
		rc = bind_opt(st, 8, c->kind);
	if (rc == DB_OK)
		rc = c->title != NULL ? db_bind_text(st, 9, c->title, -1) : db_bind_null(st, 9);
	if (rc == DB_OK)
		rc = bind_opt(st, 10, c->label);
	if (rc == DB_OK)
		rc = c->sheets == STORE_INT_NULL ? db_bind_null(st, 11)
		                                 : db_bind_int64(st, 11, c->sheets);
	if (rc == DB_OK)
		rc = bind_opt(st, 12, c->declassify_on);
	if (rc == DB_OK)
		rc = bind_opt(st, 13, c->registered_on);
	if (rc == DB_OK)
		rc = bind_opt(st, 14, c->registered_by);
	if (rc == DB_OK)
		rc = bind_opt(st, 15, c->disposing_org_id);
	if (rc == DB_OK)
		rc = c->extra != NULL ? db_bind_text(st, 16, c->extra, -1) : db_bind_null(st, 16);
	if (rc == DB_OK)
		rc = db_bind_int64(st, CAR_XBASE, (int64_t)c->more);
	for (size_t i = 0; rc == DB_OK && i < XCOLS_N; i++) {
		const char *src = (const char *)c + xcols[i].off;
		int idx = CAR_XBASE + 1 + (int)i;
		int64_t b;
		double d;

		switch (xcols[i].type) {
		case XT_STR:
		case XT_DATE:
			rc = bind_opt(st, idx, src);
			break;
		case XT_BOOL:
			memcpy(&b, src, sizeof b);
			rc = b == STORE_INT_NULL || !(c->more & xcols[i].bit)
			             ? db_bind_null(st, idx)
			             : db_bind_int64(st, idx, b);
			break;
		case XT_NUM:
			memcpy(&d, src, sizeof d);
			rc = (c->more & xcols[i].bit) ? db_bind_double(st, idx, d)
			                              : db_bind_null(st, idx);
			break;
		}
	}
	return rc;
}

/* The carrier's own row (CAR_COLS) into c, without its child rows. */
static int
car_row(struct db_stmt *st, struct carrier_rec *c, struct qerr *e)
{
	const char *s;

	memset(c, 0, sizeof *c);
	c->h.seq = db_col_int64(st, 1);
	c->h.version = db_col_int64(st, 2);
	c->fields = (unsigned)db_col_int64(st, 7);
	c->sheets = db_col_null(st, 11) ? STORE_INT_NULL : db_col_int64(st, 11);
	if (store_col_copy(st, 0, c->h.id, sizeof c->h.id) != 0 ||
	    store_col_copy(st, 3, c->org_id, sizeof c->org_id) != 0 ||
	    store_col_copy(st, 4, c->parent_id, sizeof c->parent_id) != 0 ||
	    store_col_copy(st, 5, c->account_number, sizeof c->account_number) != 0 ||
	    store_col_copy(st, 6, c->state, sizeof c->state) != 0 ||
	    store_col_copy(st, 8, c->kind, sizeof c->kind) != 0 ||
	    store_col_copy(st, 10, c->label, sizeof c->label) != 0 ||
	    store_col_copy(st, 12, c->declassify_on, sizeof c->declassify_on) != 0 ||
	    store_col_copy(st, 13, c->registered_on, sizeof c->registered_on) != 0 ||
	    store_col_copy(st, 14, c->registered_by, sizeof c->registered_by) != 0 ||
	    store_col_copy(st, 15, c->disposing_org_id, sizeof c->disposing_org_id) != 0)
		return fail(e, "column too long");
	if ((s = db_col_text(st, 9)) != NULL && (c->title = strdup(s)) == NULL)
		return fail(e, "out of memory");
	if ((s = db_col_text(st, 16)) != NULL && (c->extra = strdup(s)) == NULL)
		return fail(e, "out of memory");
	c->more = (unsigned)db_col_int64(st, CAR_XBASE);
	for (size_t i = 0; i < XCOLS_N; i++) {
		char *dst = (char *)c + xcols[i].off;
		int col = CAR_XBASE + 1 + (int)i;
		int64_t b;
		double d;

		switch (xcols[i].type) {
		case XT_STR:
		case XT_DATE:
			if (store_col_copy(st, col, dst, xcols[i].size) != 0)
				return fail(e, "column too long");
			break;
		case XT_BOOL:
			b = db_col_null(st, col) ? STORE_INT_NULL : db_col_int64(st, col);
			memcpy(dst, &b, sizeof b);
			break;
		case XT_NUM:
			d = db_col_null(st, col) ? 0 : db_col_double(st, col);
			memcpy(dst, &d, sizeof d);
			break;
		}
	}
	return 0;
}

/* Runs sql with ?1 = id and nothing to read. */
static int
exec_id(struct store_tx *tx, const char *sql, const char *id, struct qerr *e)
{
	struct db_stmt *st;
	int rc;

	if (store_stmt_get(tx, sql, &st, e) != 0)
		return -1;
	rc = store_bind_str(st, 1, id);
	if (rc == DB_OK)
		rc = db_step(st);
	store_stmt_put(tx, st);
	return rc == DB_DONE ? 0 : store_db_err(e, rc, "carrier rows");
}

/* Runs sql with ?1 id, ?2 an integer, ?3 and ?4 strings (NULL: not bound). */
static int
exec4(struct store_tx *tx, const char *sql, const char *id, int64_t n, const char *s3,
      const char *s4, struct qerr *e)
{
	struct db_stmt *st;
	int rc;

	if (store_stmt_get(tx, sql, &st, e) != 0)
		return -1;
	rc = store_bind_str(st, 1, id);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 2, n);
	if (rc == DB_OK && s3 != NULL)
		rc = store_bind_str(st, 3, s3);
	if (rc == DB_OK && s4 != NULL)
		rc = store_bind_str(st, 4, s4);
	if (rc == DB_OK)
		rc = db_step(st);
	store_stmt_put(tx, st);
	return rc == DB_DONE ? 0 : store_db_err(e, rc, "carrier rows");
}

static int
copy_add(struct store_tx *tx, const struct carrier_rec *c, size_t i, struct qerr *e)
{
	const struct carrier_copy_rec *cp = &c->copies[i];
	struct db_stmt *st;
	int rc;

	if (store_stmt_get(tx, SQL_COPY_ADD, &st, e) != 0)
		return -1;
	rc = store_bind_str(st, 1, c->h.id);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 2, cp->number);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 3, (int64_t)i);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 4, (int64_t)cp->fields);
	if (rc == DB_OK)
		rc = bind_opt(st, 5, cp->holder_org_id);
	if (rc == DB_OK)
		rc = bind_opt(st, 6, cp->holder_person_id);
	if (rc == DB_OK)
		rc = bind_opt(st, 7, cp->joint_work_id);
	if (rc == DB_OK)
		rc = bind_opt(st, 8, cp->holder);
	if (rc == DB_OK)
		rc = bind_opt(st, 9, cp->state);
	if (rc == DB_OK)
		rc = bind_opt(st, 10, cp->issued_on);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 11, c->h.seq);
	if (rc == DB_OK)
		rc = cp->extra != NULL ? db_bind_text(st, 12, cp->extra, -1) : db_bind_null(st, 12);
	if (rc == DB_OK)
		rc = db_step(st);
	store_stmt_put(tx, st);
	return rc == DB_DONE ? 0 : store_db_err(e, rc, "carrier copy");
}

/* The due date of a carrier still classified (registered, issued,
 * archived): review_due_on when set, else
 * declassify_on; "" when none. */
static void
due_of(const struct carrier_rec *c, char due[CARRIER_DATE_MAX])
{
	due[0] = '\0';
	if (strcmp(c->state, "registered") != 0 && strcmp(c->state, "issued") != 0 &&
	    strcmp(c->state, "archived") != 0)
		return;
	if ((c->more & CARRIER_M_REVIEW_DUE) && c->review_due_on[0] != '\0')
		q_strlcpy(due, c->review_due_on, CARRIER_DATE_MAX);
	else if (c->declassify_on[0] != '\0')
		q_strlcpy(due, c->declassify_on, CARRIER_DATE_MAX);
}

/* Binds ?1 carrier_id, ?2 ord, ?3..?9 the review r (SQL_REVIEW_ADD's). */
static int
review_bind(struct db_stmt *st, const char *carrier_id, size_t ord,
            const struct carrier_review_rec *r)
{
	int rc = store_bind_str(st, 1, carrier_id);

	if (rc == DB_OK)
		rc = db_bind_int64(st, 2, (int64_t)ord);
	if (rc == DB_OK)
		rc = bind_opt(st, 3, r->kind);
	if (rc == DB_OK)
		rc = bind_opt(st, 4, r->how);
	if (rc == DB_OK)
		rc = bind_opt(st, 5, r->list_item_id);
	if (rc == DB_OK)
		rc = bind_opt(st, 6, r->information_id);
	if (rc == DB_OK)
		rc = bind_opt(st, 7, r->effective_date);
	if (rc == DB_OK)
		rc = bind_opt(st, 8, r->by);
	if (rc == DB_OK)
		rc = r->extra != NULL ? db_bind_text(st, 9, r->extra, -1) : db_bind_null(st, 9);
	return rc;
}

static int
review_add(struct store_tx *tx, const struct carrier_rec *c, size_t i, struct qerr *e)
{
	struct db_stmt *st;
	int rc;

	if (store_stmt_get(tx, SQL_REVIEW_ADD, &st, e) != 0)
		return -1;
	rc = review_bind(st, c->h.id, i, &c->reviews[i]);
	if (rc == DB_OK)
		rc = db_step(st);
	store_stmt_put(tx, st);
	return rc == DB_DONE ? 0 : store_db_err(e, rc, "carrier review");
}

/* One row by VALUES, not INSERT ... SELECT: SQLite gives a statement that
 * may write several rows a statement journal (the cascade's 100 of them
 * spilled to temporary files, bench/bench_cascade.c). ?2: 0. */
static const char SQL_REVIEW_APPEND[] =
	"INSERT INTO carrier_review(carrier_id, ord, kind, how, list_item_id, information_id,"
	" effective_date, by_user, extra) VALUES (?1, (SELECT coalesce(max(ord) + 1, 0)"
	" FROM carrier_review WHERE carrier_id = ?1) + ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

int
store_carrier_review_append(struct store_tx *tx, const char *carrier_id, const json_t *entry,
                            struct qerr *e)
{
	struct carrier_review_rec r = {0};
	struct db_stmt *st;
	int rc;

	if (!json_is_object(entry))
		return fail(e, "a review entry is not an object");
	if (review_from(entry, &r) != 0) {
		free(r.extra);
		return fail(e, "out of memory");
	}
	if (store_stmt_get(tx, SQL_REVIEW_APPEND, &st, e) != 0) {
		free(r.extra);
		return -1;
	}
	rc = review_bind(st, carrier_id, 0, &r);
	if (rc == DB_OK)
		rc = db_step(st);
	store_stmt_put(tx, st);
	free(r.extra);
	return rc == DB_DONE ? 0 : store_db_err(e, rc, "carrier review");
}

/* Rewrites the child and derived rows of c (its seq set). */
static int
children_write(struct store_tx *tx, const struct carrier_rec *c, bool clear, struct qerr *e)
{
	char due[CARRIER_DATE_MAX];
	size_t i;

	for (i = 0; clear && i < sizeof SQL_CHILD_CLEAR / sizeof SQL_CHILD_CLEAR[0]; i++)
		if (exec_id(tx, SQL_CHILD_CLEAR[i], c->h.id, e) != 0)
			return -1;
	for (i = 0; i < c->n_information; i++) {
		struct db_stmt *st;
		int rc;

		if (store_stmt_get(tx, SQL_INFO_ADD, &st, e) != 0)
			return -1;
		rc = store_bind_str(st, 1, c->h.id);
		if (rc == DB_OK)
			rc = db_bind_int64(st, 2, (int64_t)i);
		if (rc == DB_OK)
			rc = store_bind_str(st, 3, c->information_ids[i]);
		if (rc == DB_OK)
			rc = db_bind_int64(st, 4, c->h.seq);
		if (rc == DB_OK)
			rc = db_step(st);
		store_stmt_put(tx, st);
		if (rc != DB_DONE)
			return store_db_err(e, rc, "carrier information");
	}
	for (i = 0; i < c->n_sources; i++)
		if (exec4(tx, SQL_SOURCE_ADD, c->h.id, (int64_t)i, c->source_ids[i], NULL, e) != 0)
			return -1;
	for (i = 0; i < c->n_disposing; i++)
		if (exec4(tx, SQL_DISPOSER_ADD, c->h.id, (int64_t)i, c->disposing_ids[i], NULL,
		          e) != 0)
			return -1;
	for (i = 0; i < c->n_copies; i++)
		if (copy_add(tx, c, i, e) != 0)
			return -1;
	/* exec4 binds ?1 as a string and ?2 as an integer: the party row's
	 * (org_id, carrier_seq, carrier_id). */
	if (c->org_id[0] != '\0' &&
	    exec4(tx, SQL_PARTY_ADD, c->org_id, c->h.seq, c->h.id, NULL, e) != 0)
		return -1;
	for (i = 0; i < c->n_copies; i++)
		if (c->copies[i].holder_org_id[0] != '\0' &&
		    exec4(tx, SQL_PARTY_ADD, c->copies[i].holder_org_id, c->h.seq, c->h.id, NULL,
		          e) != 0)
			return -1;
	for (i = 0; i < c->n_departed; i++) {
		struct db_stmt *st;
		int rc;

		if (exec4(tx, SQL_PARTY_ADD, c->departed[i].org_id, c->h.seq, c->h.id, NULL, e) != 0 ||
		    store_stmt_get(tx, SQL_DEPARTED_ADD, &st, e) != 0)
			return -1;
		rc = store_bind_str(st, 1, c->h.id);
		if (rc == DB_OK)
			rc = store_bind_str(st, 2, c->departed[i].org_id);
		if (rc == DB_OK)
			rc = store_bind_str(st, 3, c->departed[i].on);
		if (rc == DB_OK)
			rc = db_bind_int64(st, 4, c->h.seq);
		if (rc == DB_OK)
			rc = db_step(st);
		store_stmt_put(tx, st);
		if (rc != DB_DONE)
			return store_db_err(e, rc, "carrier departed");
	}
	for (i = 0; i < c->n_reviews; i++)
		if (review_add(tx, c, i, e) != 0)
			return -1;
	due_of(c, due);
	if (due[0] != '\0') {
		struct db_stmt *st;
		int rc;

		if (store_stmt_get(tx, SQL_DUE_ADD, &st, e) != 0)
			return -1;
		rc = store_bind_str(st, 1, c->h.id);
		if (rc == DB_OK)
			rc = store_bind_str(st, 2, c->org_id);
		if (rc == DB_OK)
			rc = store_bind_str(st, 3, due);
		if (rc == DB_OK)
			rc = db_bind_int64(st, 4, c->h.seq);
		if (rc == DB_OK)
			rc = db_step(st);
		store_stmt_put(tx, st);
		if (rc != DB_DONE)
			return store_db_err(e, rc, "carrier due");
	}
	return 0;
}

static int
id_fill(struct db_stmt *st, void *elem)
{
	return store_col_copy(st, 0, elem, STORE_ID_MAX);
}

/* Reads the ids of sql (?1 = id) into a new array. */
static int
ids_read(struct store_tx *tx, const char *sql, const char *id, carrier_id_t **out, size_t *n,
         struct qerr *e)
{
	*out = NULL;
	*n = 0;
	return store_child_rows(tx, sql, id, (void **)out, n, sizeof **out, id_fill,
	                        "carrier rows", e);
}

static int
copy_fill(struct db_stmt *st, void *elem)
{
	struct carrier_copy_rec *cp = elem;
	const char *x;

	cp->number = db_col_int64(st, 0);
	cp->fields = (unsigned)db_col_int64(st, 1);
	if (store_col_copy(st, 2, cp->holder_org_id, sizeof cp->holder_org_id) != 0 ||
	    store_col_copy(st, 3, cp->holder_person_id, sizeof cp->holder_person_id) != 0 ||
	    store_col_copy(st, 4, cp->joint_work_id, sizeof cp->joint_work_id) != 0 ||
	    store_col_copy(st, 5, cp->holder, sizeof cp->holder) != 0 ||
	    store_col_copy(st, 6, cp->state, sizeof cp->state) != 0 ||
	    store_col_copy(st, 7, cp->issued_on, sizeof cp->issued_on) != 0)
		return -1;
	return (x = db_col_text(st, 8)) != NULL && (cp->extra = strdup(x)) == NULL ? -1 : 0;
}

static int
copies_read(struct store_tx *tx, struct carrier_rec *c, struct qerr *e)
{
	return store_child_rows(tx, SQL_COPY_GET, c->h.id, (void **)&c->copies, &c->n_copies,
	                        sizeof *c->copies, copy_fill, "carrier copies", e);
}

static int
departed_fill(struct db_stmt *st, void *elem)
{
	struct carrier_departure *d = elem;

	return store_col_copy(st, 0, d->org_id, sizeof d->org_id) != 0 ||
	       store_col_copy(st, 1, d->on, sizeof d->on) != 0 ? -1 : 0;
}

static int
review_fill(struct db_stmt *st, void *elem)
{
	struct carrier_review_rec *r = elem;
	const char *x;

	if (store_col_copy(st, 0, r->kind, sizeof r->kind) != 0 ||
	    store_col_copy(st, 1, r->how, sizeof r->how) != 0 ||
	    store_col_copy(st, 2, r->list_item_id, sizeof r->list_item_id) != 0 ||
	    store_col_copy(st, 3, r->information_id, sizeof r->information_id) != 0 ||
	    store_col_copy(st, 4, r->effective_date, sizeof r->effective_date) != 0 ||
	    store_col_copy(st, 5, r->by, sizeof r->by) != 0)
		return -1;
	return (x = db_col_text(st, 6)) != NULL && (r->extra = strdup(x)) == NULL ? -1 : 0;
}

/* The child rows of c (its row read). */
static int
children_read(struct store_tx *tx, struct carrier_rec *c, struct qerr *e)
{
	if (ids_read(tx, SQL_INFO_GET, c->h.id, &c->information_ids, &c->n_information, e) != 0 ||
	    ids_read(tx, SQL_SOURCE_GET, c->h.id, &c->source_ids, &c->n_sources, e) != 0 ||
	    ids_read(tx, SQL_DISPOSER_GET, c->h.id, &c->disposing_ids, &c->n_disposing, e) != 0 ||
	    copies_read(tx, c, e) != 0 ||
	    store_child_rows(tx, SQL_DEPARTED_GET, c->h.id, (void **)&c->departed,
	                     &c->n_departed, sizeof *c->departed, departed_fill,
	                     "carrier departed", e) != 0 ||
	    ((c->more & CARRIER_M_REVIEWS) &&
	     store_child_rows(tx, SQL_REVIEW_GET, c->h.id, (void **)&c->reviews, &c->n_reviews,
	                      sizeof *c->reviews, review_fill, "carrier reviews", e) != 0))
		return -1;
	return 0;
}

int
store_carrier_insert(struct store_tx *tx, struct carrier_rec *c, struct qerr *e)
{
	struct db_stmt *st;
	int rc;

	if (store_tx_writable(tx, "carrier insert", e) != 0)
		return -1;
	if (c->h.id[0] == '\0')
		return qerr_internal(e, "carrier insert: no id");
	if (store_seq_next(tx, &c->h.seq, e) != 0 ||
	    store_stmt_get(tx, SQL_CAR_INSERT, &st, e) != 0)
		return -1;
	rc = car_bind(st, c, true);
	if (rc == DB_OK)
		rc = db_step(st);
	store_stmt_put(tx, st);
	if (rc != DB_DONE)
		return store_db_err(e, rc, "carrier insert");
	c->h.version = 1;
	return children_write(tx, c, false, e);
}

int
store_carrier_update(struct store_tx *tx, struct carrier_rec *c, struct qerr *e)
{
	struct db_stmt *st;
	int rc;

	if (store_tx_writable(tx, "carrier update", e) != 0 ||
	    store_stmt_get(tx, SQL_CAR_UPDATE, &st, e) != 0)
		return -1;
	rc = car_bind(st, c, false);
	if (rc == DB_OK)
		rc = db_step(st);
	if (rc == DB_ROW)
		c->h.seq = db_col_int64(st, 0);   /* from the row: the caller's may be stale */
	if (rc == DB_ROW)
		rc = db_step(st);
	store_stmt_put(tx, st);
	if (rc == DB_DONE && c->h.seq == 0)
		return qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
	if (rc != DB_DONE)
		return store_db_err(e, rc, "carrier update");
	c->h.version++;
	return children_write(tx, c, true, e);
}

/* Steps st (bound) for one carrier into out with its child rows; puts st. */
static int
car_one(struct store_tx *tx, struct db_stmt *st, struct carrier_rec *out, struct qerr *e)
{
	int rc = db_step(st), ret;

	memset(out, 0, sizeof *out);
	if (rc == DB_ROW)
		ret = car_row(st, out, e);
	else if (rc == DB_DONE)
		ret = qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
	else
		ret = store_db_err(e, rc, "carrier read");
	store_stmt_put(tx, st);
	if (ret == 0)
		ret = children_read(tx, out, e);
	if (ret != 0)
		carrier_rec_clear(out);
	return ret;
}

int
store_carrier_get(struct store_tx *tx, const char *id, struct carrier_rec *out,
                  struct qerr *e)
{
	struct db_stmt *st;

	memset(out, 0, sizeof *out);
	if (store_tx_usable(tx, "carrier get", e) != 0)
		return -1;
	if (id == NULL || id[0] == '\0')
		return qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
	if (store_stmt_get(tx, SQL_CAR_GET, &st, e) != 0)
		return -1;
	store_bind_str(st, 1, id);
	return car_one(tx, st, out, e);
}

int
store_carrier_find(struct store_tx *tx, const char *org_id, const char *account_number,
                   struct carrier_rec *out, struct qerr *e)
{
	struct db_stmt *st;

	memset(out, 0, sizeof *out);
	if (store_tx_usable(tx, "carrier find", e) != 0)
		return -1;
	if (account_number == NULL || account_number[0] == '\0')
		return qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
	if (store_stmt_get(tx, SQL_CAR_FIND, &st, e) != 0)
		return -1;
	store_bind_str(st, 1, org_id);
	store_bind_str(st, 2, account_number);
	return car_one(tx, st, out, e);
}

/* ---- lists --------------------------------------------------------------------- */

/* The rows of a stepped statement, read whole before any callback runs. */
struct car_rows {
	struct carrier_rec *v;
	char (*due)[CARRIER_DATE_MAX];    /* with_due: column CAR_NCOLS */
	size_t n, cap;
};

static void
car_rows_free(struct car_rows *r)
{
	for (size_t i = 0; i < r->n; i++)
		carrier_rec_clear(&r->v[i]);
	free(r->v);
	free(r->due);
	memset(r, 0, sizeof *r);
}

/* Steps st (bound) to the end into rows; puts st back. */
static int
car_rows_read(struct store_tx *tx, struct db_stmt *st, bool with_due, struct car_rows *rows,
              struct qerr *e)
{
	int rc;

	while ((rc = db_step(st)) == DB_ROW) {
		if (rows->n == rows->cap) {
			size_t cap = rows->cap ? rows->cap * 2 : 16;
			struct carrier_rec *v = realloc(rows->v, cap * sizeof *v);

			if (v == NULL)
				goto oom;
			rows->v = v;
			if (with_due) {
				char(*d)[CARRIER_DATE_MAX] = realloc(rows->due, cap * sizeof *d);

				if (d == NULL)
					goto oom;
				rows->due = d;
			}
			rows->cap = cap;
		}
		if (car_row(st, &rows->v[rows->n], e) != 0) {
			carrier_rec_clear(&rows->v[rows->n]);
			store_stmt_put(tx, st);
			return -1;
		}
		rows->n++;
		if (with_due && store_col_copy(st, CAR_NCOLS, rows->due[rows->n - 1], CARRIER_DATE_MAX) != 0) {
			store_stmt_put(tx, st);
			return fail(e, "bad due date");
		}
	}
	store_stmt_put(tx, st);
	return rc == DB_DONE ? 0 : store_db_err(e, rc, "carrier list");
oom:
	store_stmt_put(tx, st);
	return fail(e, "list: out of memory");
}

/* The record form of c (a new doc). */
static int
rec_of(const struct carrier_rec *c, struct store_rec *r, struct qerr *e)
{
	memset(r, 0, sizeof *r);
	q_strlcpy(r->kind, "carrier", sizeof r->kind);
	q_strlcpy(r->id, c->h.id, sizeof r->id);
	q_strlcpy(r->org_id, c->org_id, sizeof r->org_id);
	q_strlcpy(r->parent_id, c->parent_id, sizeof r->parent_id);
	q_strlcpy(r->ref, c->account_number, sizeof r->ref);
	q_strlcpy(r->state, c->state, sizeof r->state);
	r->seq = c->h.seq;
	r->doc = carrier_rec_doc(c, e);
	return r->doc != NULL ? 0 : -1;
}

/* The information it carries and its copies alone: its other links are
 * left out (store_carrier_custody_list). */
static int
custody_read(struct store_tx *tx, struct carrier_rec *c, struct qerr *e)
{
	c->fields &= ~(unsigned)(CARRIER_F_SOURCES | CARRIER_F_DISPOSING | CARRIER_F_DEPARTED);
	c->more &= ~(unsigned)CARRIER_M_REVIEWS;
	if (ids_read(tx, SQL_INFO_GET, c->h.id, &c->information_ids, &c->n_information, e) != 0 ||
	    copies_read(tx, c, e) != 0)
		return -1;
	return 0;
}

/* Reads st's carriers, then for each its child rows (read) and cb. */
static int
car_rows_typed(struct store_tx *tx, struct db_stmt *st,
               int (*read)(struct store_tx *, struct carrier_rec *, struct qerr *),
               store_carrier_cb cb, void *ctx, struct qerr *e)
{
	struct car_rows rows = {0};
	int ret = car_rows_read(tx, st, false, &rows, e);

	for (size_t i = 0; ret == 0 && i < rows.n; i++) {
		ret = read(tx, &rows.v[i], e);
		if (ret == 0)
			ret = cb(ctx, &rows.v[i]);
	}
	car_rows_free(&rows);
	return ret;
}

/* Reads st's carriers, then calls back (cb for records, dcb for the due
 * list) for each with its child rows. */
static int
car_rows_walk(struct store_tx *tx, struct db_stmt *st, store_rec_cb cb,
              store_carrier_due_cb dcb, void *ctx, struct qerr *e)
{
	struct car_rows rows = {0};
	int ret = car_rows_read(tx, st, dcb != NULL, &rows, e);

	for (size_t i = 0; ret == 0 && i < rows.n; i++) {
		struct store_rec r = {0};

		/* The deadlines list reads the row and who holds which copy: its
		 * links are left out of the record (store_carrier_due). */
		if (dcb != NULL)
			rows.v[i].fields &= ~(unsigned)(CARRIER_F_INFORMATION | CARRIER_F_SOURCES |
			                                CARRIER_F_DISPOSING | CARRIER_F_DEPARTED);
		if ((dcb != NULL ? copies_read(tx, &rows.v[i], e) : children_read(tx, &rows.v[i], e)) != 0 ||
		    (cb != NULL && rec_of(&rows.v[i], &r, e) != 0)) {
			ret = -1;
			break;
		}
		if (dcb != NULL) {
			struct store_carrier_due d = {.seq = rows.v[i].h.seq, .car = &rows.v[i]};

			if (date_parse(rows.due[i], &d.due) != 0)
				ret = fail(e, "bad due date");
			else
				ret = dcb(ctx, &d);
		} else {
			ret = cb(ctx, &r);
		}
		store_rec_clear(&r);
		carrier_rec_clear(&rows.v[i]);
	}
	car_rows_free(&rows);
	return ret;
}

static int
clamp(int limit)
{
	return limit < 1 ? 1 : limit > STORE_PAGE_MAX ? STORE_PAGE_MAX : limit;
}

/* Binds the list parameters ?2..?10 (tags: label, holder, party or NULL). */
static int
list_bind(struct db_stmt *st, const struct store_query *q, const char *label,
          const char *holder, const char *party, bool count)
{
	int rc = db_bind_int64(st, 2, q->after_seq);

	if (rc == DB_OK)
		rc = q->org_id ? store_bind_str(st, 3, q->org_id) : db_bind_null(st, 3);
	if (rc == DB_OK)
		rc = q->parent_id ? store_bind_str(st, 4, q->parent_id) : db_bind_null(st, 4);
	if (rc == DB_OK)
		rc = q->state ? store_bind_str(st, 5, q->state) : db_bind_null(st, 5);
	if (rc == DB_OK)
		rc = q->ref ? store_bind_str(st, 6, q->ref) : db_bind_null(st, 6);
	if (rc == DB_OK && !count)
		rc = db_bind_int64(st, 7, clamp(q->limit));
	if (rc == DB_OK)
		rc = label ? store_bind_str(st, 8, label) : db_bind_null(st, 8);
	if (rc == DB_OK)
		rc = holder ? store_bind_str(st, 9, holder) : db_bind_null(st, 9);
	if (rc == DB_OK)
		rc = party ? store_bind_str(st, 10, party) : db_bind_null(st, 10);
	return rc;
}

static int
list_run(struct store_tx *tx, const char *sql, const struct store_query *q, const char *label,
         const char *holder, const char *party, bool count, int64_t *n, store_rec_cb cb,
         store_carrier_cb tcb, void *ctx, struct qerr *e)
{
	struct db_stmt *st;
	int rc;

	if (store_stmt_get(tx, sql, &st, e) != 0)
		return -1;
	rc = list_bind(st, q, label, holder, party, count);
	if (rc != DB_OK) {
		store_stmt_put(tx, st);
		return store_db_err(e, rc, "carrier list");
	}
	if (!count)
		return tcb != NULL ? car_rows_typed(tx, st, children_read, tcb, ctx, e)
		                   : car_rows_walk(tx, st, cb, NULL, ctx, e);
	rc = db_step(st);
	if (rc == DB_ROW)
		*n = db_col_int64(st, 0);
	store_stmt_put(tx, st);
	return rc == DB_ROW ? 0 : store_db_err(e, rc, "carrier count");
}

/* ---- the record form --------------------------------------------------------- */

int
store_carrier_rec_insert(struct store_tx *tx, struct store_rec *r, struct qerr *e)
{
	struct carrier_rec c;
	int rc;

	if (store_tx_writable(tx, "record insert", e) != 0)
		return -1;
	if (r->id[0] == '\0')
		return qerr_internal(e, "record insert: no id");
	if (carrier_rec_from(r, &c, e) != 0)
		return -1;
	rc = store_carrier_insert(tx, &c, e);
	if (rc == 0)
		r->seq = c.h.seq;
	carrier_rec_clear(&c);
	return rc;
}

int
store_carrier_rec_update(struct store_tx *tx, const struct store_rec *r, struct qerr *e)
{
	struct carrier_rec c;
	int rc;

	if (store_tx_writable(tx, "record update", e) != 0 || carrier_rec_from(r, &c, e) != 0)
		return -1;
	rc = store_carrier_update(tx, &c, e);
	carrier_rec_clear(&c);
	return rc;
}

static int
rec_from(struct carrier_rec *c, struct store_rec *out, struct qerr *e)
{
	int rc = rec_of(c, out, e);

	carrier_rec_clear(c);
	if (rc != 0)
		store_rec_clear(out);
	return rc;
}

int
store_carrier_rec_get(struct store_tx *tx, const char *id, struct store_rec *out,
                      struct qerr *e)
{
	struct carrier_rec c;

	memset(out, 0, sizeof *out);
	if (store_carrier_get(tx, id, &c, e) != 0)
		return -1;
	return rec_from(&c, out, e);
}

int
store_carrier_rec_find(struct store_tx *tx, const char *org_id, const char *ref,
                       struct store_rec *out, struct qerr *e)
{
	struct carrier_rec c;

	memset(out, 0, sizeof *out);
	if (store_carrier_find(tx, org_id, ref, &c, e) != 0)
		return -1;
	return rec_from(&c, out, e);
}

int
store_carrier_rec_list(struct store_tx *tx, const struct store_query *q, bool count,
                       int64_t *n, store_rec_cb cb, void *ctx, struct qerr *e)
{
	const char *sql;

	if (store_tx_usable(tx, "carrier list", e) != 0)
		return -1;
	if (q->org_id != NULL)
		sql = count ? SQL_CAR_COUNT_ORG : SQL_CAR_LIST_ORG;
	else if (q->state != NULL)
		sql = count ? SQL_CAR_COUNT_STATE : SQL_CAR_LIST_STATE;
	else
		sql = count ? SQL_CAR_COUNT_ANY : SQL_CAR_LIST_ANY;
	return list_run(tx, sql, q, NULL, NULL, NULL, count, n, cb, NULL, ctx, e);
}

/* The tagged list for records (cb) or typed rows (tcb). */
static int
list_tagged(struct store_tx *tx, const struct store_query *q, const struct store_tag *tags,
            size_t ntags, store_rec_cb cb, store_carrier_cb tcb, void *ctx, struct qerr *e)
{
	const char *vals[3] = {NULL, NULL, NULL};   /* label, holder, party */
	static const char *const names[3] = {STORE_TAG_LABEL, STORE_TAG_HOLDER, STORE_TAG_PARTY};
	static const char *const drive[3] = {SQL_CAR_LIST_LABEL, SQL_CAR_LIST_HOLDER,
	                                     SQL_CAR_LIST_PARTY};
	int first = -1;

	if (store_tx_usable(tx, "carrier list", e) != 0)
		return -1;
	for (size_t i = 0; i < ntags; i++) {
		int k = -1;

		for (int j = 0; j < 3; j++)
			if (strcmp(tags[i].name, names[j]) == 0)
				k = j;
		if (k < 0)
			return qerr_internal(e, "tagged list: unknown tag");
		/* two values of one tag: no carrier has both label values;
		 * a holder or party given twice must be both */
		if (vals[k] != NULL && strcmp(vals[k], tags[i].value) != 0)
			return 0;
		vals[k] = tags[i].value;
		if (first < 0)
			first = k;
	}
	if (first < 0)
		return qerr_internal(e, "tagged list: no tag");
	return list_run(tx, drive[first], q, vals[0], vals[1], vals[2], false, NULL, cb, tcb, ctx,
	                e);
}

int
store_carrier_rec_list_tagged(struct store_tx *tx, const struct store_query *q,
                              const struct store_tag *tags, size_t ntags, store_rec_cb cb,
                              void *ctx, struct qerr *e)
{
	return list_tagged(tx, q, tags, ntags, cb, NULL, ctx, e);
}

int
store_carrier_list(struct store_tx *tx, const struct store_query *q,
                   const struct store_tag *tags, size_t ntags, store_carrier_cb cb, void *ctx,
                   struct qerr *e)
{
	const char *sql;

	if (ntags > 0)
		return list_tagged(tx, q, tags, ntags, NULL, cb, ctx, e);
	if (store_tx_usable(tx, "carrier list", e) != 0)
		return -1;
	sql = q->org_id != NULL ? SQL_CAR_LIST_ORG
	    : q->state != NULL  ? SQL_CAR_LIST_STATE
	                        : SQL_CAR_LIST_ANY;
	return list_run(tx, sql, q, NULL, NULL, NULL, false, NULL, NULL, cb, ctx, e);
}

int
store_carrier_custody_list(struct store_tx *tx, int64_t after_seq, int limit,
                           store_carrier_cb cb, void *ctx, struct qerr *e)
{
	struct store_query q = {.after_seq = after_seq, .limit = limit};
	struct db_stmt *st;
	int rc;

	if (store_tx_usable(tx, "carrier list", e) != 0)
		return -1;
	if (store_stmt_get(tx, SQL_CAR_LIST_ANY, &st, e) != 0)
		return -1;
	rc = list_bind(st, &q, NULL, NULL, NULL, false);
	if (rc != DB_OK) {
		store_stmt_put(tx, st);
		return store_db_err(e, rc, "carrier list");
	}
	return car_rows_typed(tx, st, custody_read, cb, ctx, e);
}

/* The typed walk: page by page (as store_rec_walk_tagged), each carrier
 * with its children. */
struct typed_walk {
	store_carrier_cb cb;
	void *ctx;
	int64_t last;
	int n;
};

static int
typed_walk_cb(void *ctx, const struct carrier_rec *c)
{
	struct typed_walk *w = ctx;

	w->last = c->h.seq;
	w->n++;
	return w->cb(w->ctx, c);
}

int
store_carrier_walk_tagged(struct store_tx *tx, const struct store_query *q,
                          const struct store_tag *tags, size_t ntags, store_carrier_cb cb,
                          void *ctx, struct qerr *e)
{
	struct store_query page = *q;
	struct typed_walk w = {.cb = cb, .ctx = ctx, .last = q->after_seq};

	page.limit = STORE_PAGE_MAX;
	for (;;) {
		int rc;

		w.n = 0;
		page.after_seq = w.last;
		if ((rc = list_tagged(tx, &page, tags, ntags, NULL, typed_walk_cb, &w, e)) != 0)
			return rc;   /* -1, or the callback's stop */
		if (w.n < STORE_PAGE_MAX)
			return 0;
	}
}

/* ---- the cascades and the deadlines (tables_carriers.h) ---------------------- */

int
store_carriers_carrying(struct store_tx *tx, const char *const *info_ids, size_t n,
                        store_rec_cb cb, void *ctx, struct qerr *e)
{
	char *text;
	struct db_stmt *st;
	int rc;

	if (store_tx_usable(tx, "carriers carrying", e) != 0)
		return -1;
	if (n == 0)
		return 0;
	if (store_stmt_json_strs(tx, DB_SQL(tx, SQL_CARRYING, SQL_CARRYING_PG), info_ids, n,
	                         "carriers carrying", &st, &text, e) != 0)
		return -1;
	rc = car_rows_walk(tx, st, cb, NULL, ctx, e);
	free(text);
	return rc;
}

static int
naming_run(struct store_tx *tx, const char *info_id, store_rec_cb cb, store_carrier_cb tcb,
           void *ctx, struct qerr *e)
{
	struct db_stmt *st;
	int rc;

	if (store_tx_usable(tx, "carrier naming", e) != 0)
		return -1;
	if (info_id == NULL || info_id[0] == '\0')
		return 0;
	if (store_stmt_get(tx, SQL_NAMING, &st, e) != 0)
		return -1;
	rc = store_bind_str(st, 1, info_id);
	if (rc != DB_OK) {
		store_stmt_put(tx, st);
		return store_db_err(e, rc, "carrier naming");
	}
	return tcb != NULL ? car_rows_typed(tx, st, children_read, tcb, ctx, e)
	                   : car_rows_walk(tx, st, cb, NULL, ctx, e);
}

int
store_carrier_naming(struct store_tx *tx, const char *info_id, store_rec_cb cb, void *ctx,
                     struct qerr *e)
{
	return naming_run(tx, info_id, cb, NULL, ctx, e);
}

int
store_carrier_naming_each(struct store_tx *tx, const char *info_id, store_carrier_cb cb,
                          void *ctx, struct qerr *e)
{
	return naming_run(tx, info_id, NULL, cb, ctx, e);
}

int
store_carrier_due(struct store_tx *tx, const char *org_id, qdate due_max, qdate after_due,
                  int64_t after_seq, int limit, store_carrier_due_cb cb, void *ctx,
                  struct qerr *e)
{
	char max[QDATE_STR_SIZE], after[QDATE_STR_SIZE];
	const char *sql;
	struct db_stmt *st;
	int rc;

	if (store_tx_usable(tx, "carrier due", e) != 0)
		return -1;
	if (due_max == QDATE_NONE)
		return qerr_internal(e, "carrier due: no due_max");
	if (org_id != NULL)
		sql = after_due != QDATE_NONE ? SQL_DUE_ORG_AFTER : SQL_DUE_ORG;
	else
		sql = after_due != QDATE_NONE ? SQL_DUE_ANY_AFTER : SQL_DUE_ANY;
	if (store_stmt_get(tx, sql, &st, e) != 0)
		return -1;
	rc = org_id != NULL ? store_bind_str(st, 1, org_id) : DB_OK;
	if (rc == DB_OK)
		rc = store_bind_str(st, 2, date_format(due_max, max));
	if (rc == DB_OK)
		rc = db_bind_int64(st, 3, clamp(limit));
	if (rc == DB_OK && after_due != QDATE_NONE)
		rc = store_bind_str(st, 4, date_format(after_due, after));
	if (rc == DB_OK && after_due != QDATE_NONE)
		rc = db_bind_int64(st, 5, after_seq);
	if (rc != DB_OK) {
		store_stmt_put(tx, st);
		return store_db_err(e, rc, "carrier due");
	}
	return car_rows_walk(tx, st, NULL, cb, ctx, e);
}

/* store.h's string form of the same list (the deadlines list). */
struct due_list {
	store_rec_cb cb;
	void *ctx;
	struct qerr *e;
};

static int
due_list_cb(void *ctx, const struct store_carrier_due *d)
{
	const struct due_list *l = ctx;
	struct store_rec r;
	int rc = rec_of(d->car, &r, l->e);

	if (rc == 0)
		rc = l->cb(l->ctx, &r);
	store_rec_clear(&r);
	return rc;
}

int
store_carrier_due_list(struct store_tx *tx, const char *org_id, const char *due_max,
                       const char *after_due, int64_t after_seq, int limit,
                       store_rec_cb cb, void *ctx, struct qerr *e)
{
	struct due_list l = {.cb = cb, .ctx = ctx, .e = e};
	qdate max, after = QDATE_NONE;

	if (due_max == NULL || date_parse(due_max, &max) != 0)
		return qerr_internal(e, "due list: bad due_max");
	if (after_due != NULL && date_parse(after_due, &after) != 0)
		return qerr_internal(e, "due list: bad cursor");
	return store_carrier_due(tx, org_id, max, after, after_seq, limit, due_list_cb, &l, e);
}

int
store_carrier_copies_held(struct store_tx *tx, const char *org_id, int64_t *n,
                          struct qerr *e)
{
	struct db_stmt *st;
	int rc;

	*n = 0;
	if (store_tx_usable(tx, "copies held", e) != 0)
		return -1;
	if (store_stmt_get(tx, SQL_HELD, &st, e) != 0)
		return -1;
	rc = store_bind_str(st, 1, org_id != NULL ? org_id : "");
	if (rc == DB_OK)
		rc = db_step(st);
	if (rc == DB_ROW)
		*n = db_col_int64(st, 0);
	store_stmt_put(tx, st);
	return rc == DB_ROW ? 0 : store_db_err(e, rc, "copies held");
}
