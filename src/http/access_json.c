/*
 * access_json.c — encoding the access decision (see access_json.h). The
 * decision is src/ops/access.c's; this file only words it.
 */
#include "http/access_json.h"

#include <stdio.h>

#include "http/i18n.h"

json_t *
access_decision_json(const struct req *r, const struct access_decision *d)
{
	json_t *checks = json_array();

	if (checks == NULL)
		return NULL;
	for (int i = 0; i < ACCESS_CHECK_COUNT; i++) {
		const struct access_check *c = &d->checks[i];
		struct qerr m = {0};
		char msg[512];

		/* A passed check reads "<code>.passed"; a failed one the refusal. */
		qerr_set(&m, QERR_RULE, c->code, c->article, NULL);
		if (c->passed)
			snprintf(m.code, sizeof m.code, "%s.passed", c->code);
		i18n_format(r->app->i18n, r->lang, &m, msg, sizeof msg);
		if (json_array_append_new(checks, json_pack("{s:s, s:s, s:b, s:s}", "code", c->code,
		                                            "article", c->article, "passed",
		                                            c->passed, "message", msg)) != 0) {
			json_decref(checks);
			return NULL;
		}
	}
	return json_pack("{s:b, s:o}", "allowed", d->allowed, "checks", checks);
}

qdate
req_access_on(const struct req *r)
{
	return r->effective_date != QDATE_NONE ? r->effective_date : r->today;
}
