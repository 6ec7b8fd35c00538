/*
 * h_print.c — POST /v1/audit/print (issue 13, deliverable 9): the web
 * interface calls it before it prints or exports classified metadata (the
 * carrier journal, the inventory act, a CSV export), naming what and the
 * highest label the printout contains, which the page also prints on it.
 * The entry (action `audit.print`, details {what, label, count}) is the record
 * that the printout was made, by whom and when. Any signed-in user: the
 * printout shows only what the caller's role already let them read.
 */
#include "http/http.h"

#include "core/degree.h"
#include "core/roles.h"
#include "http/util.h"

static const char *const print_whats[] = {
	"carrier_journal", "carrier", "inventory_act", "csv_export", "deadlines", "dashboard",
	"audit_log", NULL,
};

static const struct jfield print_fields[] = {
	{"what", JF_ENUM, JF_REQUIRED, print_whats, 0, 0},
	{"label", JF_ENUM, 0, degree_names, 0, 0},   /* absent: nothing classified */
	{"count", JF_INT, 0, NULL, 0, 1000000000},
	{NULL, 0, 0, NULL, 0, 0},
};

static int
h_audit_print(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	json_t *d;
	int rc;

	if (req_json(r, print_fields, e) != 0)
		return -1;
	d = json_pack("{s:s, s:s?}", "what", jsonv_str(r->json, "what"), "label",
	              jsonv_has(r->json, "label") ? jsonv_str(r->json, "label") : NULL);
	if (d == NULL)
		return qerr_internal(e, "out of memory");
	if (jsonv_has(r->json, "count") &&
	    json_object_set(d, "count", json_object_get(r->json, "count")) != 0) {
		json_decref(d);
		return qerr_internal(e, "out of memory");
	}
	if (tx_write(r, &tx, e) != 0) {
		json_decref(d);
		return -1;
	}
	rc = tx_commit_audited(r, tx, "audit.print", jsonv_str(r->json, "what"), d, e);
	json_decref(d);
	if (rc != 0)
		return -1;
	resp_json(out, 201, json_pack("{s:b}", "recorded", 1));
	return 0;
}

const struct route h_print_routes[] = {
	{"POST", "/v1/audit/print", ROLE_ANY_USER, 0, h_audit_print},
	{NULL, NULL, 0, 0, NULL},
};
