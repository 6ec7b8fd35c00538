/*
 * carrier_owner_ops.h — the owner of a carrier at its registration (Law
 * "On State Secrets", Art. 19; API.md POST /v1/carriers `owner`,
 * `alienation`, `court_ref`): validation of those fields of the body (400
 * naming the field), the facts for the rules owner_contract_required and
 * foreign_owner_protected (src/core/carrier.h), and their record on the
 * carrier.
 *
 * Body fields (all optional; none without `owner` except as 400):
 *   owner       {kind: citizen|organization|foreign, name, iin? | bin?}
 *               iin only for a citizen, bin only for an organization, each
 *               12 digits with a valid check digit (core/ident.h)
 *   alienation  {contract_ref, compensation (number >= 0),
 *               non_disclosure_signed_on (date, not after today)}; a part
 *               missing is the rule's 422, not 400 (SPEC §5 "Missing fields")
 *   court_ref   the court decision on compulsory acquisition (Art. 19.2)
 *
 * SECURITY: the body is untrusted; only the listed fields are read and
 * copied into the record. Nothing here writes to the store.
 */
#ifndef QUPIYA_HTTP_CARRIER_OWNER_OPS_H
#define QUPIYA_HTTP_CARRIER_OWNER_OPS_H

#include "core/carrier.h"
#include "http/http.h"

/* The field-table rows POST /v1/carriers adds for Art. 19. */
#define CARRIER_OWNER_FIELDS                                                          \
	{"owner", JF_OBJECT, 0, NULL, 0, 0}, {"alienation", JF_OBJECT, 0, NULL, 0, 0},    \
	{"court_ref", JF_STRING, 0, NULL, 0, 200}

/* 400 for a malformed owner, alienation or court_ref (field named, e.g.
 * "owner.iin"); 0 otherwise. today bounds non_disclosure_signed_on. */
int carrier_owner_parse(const json_t *body, qdate today, struct qerr *e);

/* The facts of a body already parsed for the rules owner_contract_required
 * (Art. 19.1, 19.2) and foreign_owner_protected (Art. 19.4), which
 * ops_carriers_register decides: kind SELF without an owner; *bin the
 * owner organization's BIN (borrowed from body) or NULL. is_registrar is
 * left for the procedure (it knows the registrar's BIN). */
void carrier_owner_facts(const json_t *body, struct carrier_owner *o, const char **bin);

/* Copies owner, alienation and court_ref of the body (when given) into the
 * carrier's doc. 0, or -1 with a 500 when out of memory. */
int carrier_owner_record(json_t *doc, const json_t *body, struct qerr *e);

#endif
