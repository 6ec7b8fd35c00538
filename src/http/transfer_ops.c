/*
 * transfer_ops.c — decoding the transfer workflows' bodies into the
 * arguments of src/ops, and the refusal with extra members (see
 * transfer_ops.h). Decides nothing of the Law.
 *
 * SECURITY: the body was validated by its field table; nested entries are
 * validated here before anything reads them.
 */
#include "http/transfer_ops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/carrier.h"
#include "http/i18n.h"
#include "http/util.h"

int
hx_ids(const json_t *arr, struct ops_ids *ids, struct qerr *e)
{
	size_t n = json_array_size(arr), i;
	const char **v;
	json_t *s;

	ids->v = NULL;
	ids->n = 0;
	if (n == 0)
		return 0;
	v = calloc(n, sizeof *v);
	if (v == NULL)
		return qerr_internal(e, "ids: out of memory");
	json_array_foreach(arr, i, s)
		v[i] = json_string_value(s);
	ids->v = v;
	ids->n = n;
	return 0;
}

void
hx_ids_free(struct ops_ids *ids)
{
	free((void *)ids->v);
	ids->v = NULL;
	ids->n = 0;
}

/* The copy numbers of entry c: integers in 1..CARRIER_COPIES_MAX. */
static int
picks_numbers(const json_t *nums, size_t i, struct qerr *e)
{
	char field[64];
	size_t k;
	json_t *n;

	json_array_foreach(nums, k, n) {
		if (!json_is_integer(n) || json_integer_value(n) < 1 ||
		    json_integer_value(n) > CARRIER_COPIES_MAX) {
			snprintf(field, sizeof field, "carriers[%zu].copy_numbers", i);
			return qerr_input(e, "invalid_value", field);
		}
	}
	return 0;
}

int
hx_picks(const json_t *arr, const struct jfield *fields, bool dot, struct hx_picks *p,
         struct qerr *e)
{
	size_t i, total = 0, at = 0;
	json_t *c;

	memset(p, 0, sizeof *p);
	json_array_foreach(arr, i, c) {
		char prefix[64];

		if (!json_is_object(c)) {
			snprintf(prefix, sizeof prefix, "carriers[%zu]", i);
			return qerr_input(e, "invalid_type", prefix);
		}
		snprintf(prefix, sizeof prefix, dot ? "carriers[%zu]." : "carriers[%zu]", i);
		if (jsonv_check(c, fields, prefix, e) != 0 ||
		    picks_numbers(json_object_get(c, "copy_numbers"), i, e) != 0)
			return -1;
		total += json_array_size(json_object_get(c, "copy_numbers"));
	}
	p->n = json_array_size(arr);
	if (p->n == 0)
		return 0;
	p->v = calloc(p->n, sizeof *p->v);
	p->ids = calloc(p->n, sizeof *p->ids);
	p->numbers = calloc(total > 0 ? total : 1, sizeof *p->numbers);
	if (p->v == NULL || p->ids == NULL || p->numbers == NULL) {
		hx_picks_free(p);
		return qerr_internal(e, "carriers: out of memory");
	}
	json_array_foreach(arr, i, c) {
		const json_t *nums = json_object_get(c, "copy_numbers");
		size_t k;
		json_t *n;

		p->ids[i] = json_string_value(json_object_get(c, "carrier_id"));
		p->v[i].carrier_id = p->ids[i];
		p->v[i].numbers = p->numbers + at;
		p->v[i].given = nums != NULL && !json_is_null(nums);
		json_array_foreach(nums, k, n)
			p->numbers[at++] = (int)json_integer_value(n);
		p->v[i].n = json_array_size(nums);
	}
	return 0;
}

void
hx_picks_free(struct hx_picks *p)
{
	free(p->v);
	free(p->numbers);
	free(p->ids);
	memset(p, 0, sizeof *p);
}

int
hx_refusal_with(struct req *r, struct resp *out, struct qerr *e, json_t *extra)
{
	char msg[512];
	json_t *err;

	i18n_format(r->app->i18n, r->lang, e, msg, sizeof msg);
	err = json_pack("{s:s, s:s?, s:s, s:s?}", "code", e->code, "article",
	                e->article[0] ? e->article : NULL, "message", msg, "field",
	                e->field[0] ? e->field : NULL);
	if (err != NULL && e->detail[0] != '\0') {
		/* kk/ru get the detail only when the catalogue translates it. */
		char dbuf[512];
		const char *dt = i18n_detail_of(r->app->i18n, r->lang, e, dbuf, sizeof dbuf);

		if (dt != NULL && json_object_set_new(err, "detail", json_string(dt)) != 0) {
			json_decref(err);
			err = NULL;
		}
	}
	if (err != NULL && (extra == NULL || json_object_update_missing(err, extra) != 0)) {
		json_decref(err);
		err = NULL;
	}
	json_decref(extra);
	err = err != NULL ? json_pack("{s:o}", "error", err) : NULL;
	if (err == NULL) {
		qerr_clear(e);
		return qerr_internal(e, "refusal: out of memory");
	}
	resp_json(out, 422, err);
	return 0;
}
