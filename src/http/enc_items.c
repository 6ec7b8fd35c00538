/*
 * enc_items.c — an information item (POST/GET /v1/information...,
 * classification and declassification answers; enc.h) as the API shows
 * it: the typed row of core/info_rec.h with every field it was stored
 * with. The store keeps fields of an unexpected shape whole in `extra`,
 * and its record form is this same object, so the one encoder of both is
 * the store's info_rec_doc (store/tables_items.h).
 */
#include "http/enc.h"

#include "store/tables_items.h"

json_t *
enc_info(const struct info_rec *r, struct qerr *e)
{
	return info_rec_doc(r, e);
}
