/*
 * carrier_row.h — a row of the carrier registration journal (docs/import.md
 * "carriers") as typed arguments, and the shape checks the API's field
 * table for POST /v1/carriers makes (src/http/h_carriers.c carrier_fields),
 * for the bulk path of the import (ops/carrier_import.h). Pure.
 *
 * carrier_row_parse is deliberately stricter than the API: a row it does
 * not accept is not refused here, it goes through the API in process,
 * which gives the exact answer (code, field, article) the API gives.
 */
#ifndef QUPIYA_CORE_CARRIER_ROW_H
#define QUPIYA_CORE_CARRIER_ROW_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/degree.h"

struct carrier_row {
	const char *account_number;          /* borrowed from the cells */
	const char *kind;
	const char *title;
	enum degree label;
	int copies;
	long long sheets;
	qdate declassify_on;                 /* QDATE_NONE: the items' latest */
	qdate registered_on;                 /* the act's effective date */
};

/* The cells (normalized by the import: ISO dates, degree codes) into *r:
 * true when every field is as the API's field table accepts it and
 * registered_on is not after today; false sends the row to the API. */
bool carrier_row_parse(const char *account_number, const char *kind, const char *title,
                       const char *label, const char *copies, const char *sheets,
                       const char *declassify_on, const char *registered_on, qdate today,
                       struct carrier_row *r);

#endif
