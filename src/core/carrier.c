/*
 * carrier.c — carrier rules (see carrier.h for the model, the state diagram
 * and the reading of Art. 18). Pure: no I/O, no allocation, no clock.
 *
 * Invariants:
 *   1. A transition function sets *next only when it returns 0.
 *   2. Unknown states, degrees and dates never make a refusal pass: an
 *      UNKNOWN carrier state has no transition, an unknown degree covers
 *      nothing, a permit without dates is not usable.
 */
#include "core/carrier.h"

#include <string.h>

#include "core/classify.h"
#include "core/permit.h"

/* ============================== States =================================== */

const char *const carrier_state_names[] = {
	"registered", "issued", "transferred", "archived", "destroyed", "lost",
	"declassified", NULL,
};

static int
name_index(const char *s, const char *const *names)
{
	for (int i = 0; s != NULL && names[i] != NULL; i++)
		if (strcmp(s, names[i]) == 0)
			return i + 1;
	return 0;
}

enum carrier_state
carrier_state_parse(const char *s)
{
	return (enum carrier_state)name_index(s, carrier_state_names);
}

const char *
carrier_state_name(enum carrier_state s)
{
	if (s <= CARRIER_UNKNOWN || s > CARRIER_DECLASSIFIED)
		return NULL;
	return carrier_state_names[s - 1];
}

static const char *const copy_state_names[] = {"in_registry", "issued", NULL};

enum carrier_copy_state
carrier_copy_state_parse(const char *s)
{
	return (enum carrier_copy_state)name_index(s, copy_state_names);
}

const char *
carrier_copy_state_name(enum carrier_copy_state s)
{
	if (s <= CARRIER_COPY_UNKNOWN || s > CARRIER_COPY_ISSUED)
		return NULL;
	return copy_state_names[s - 1];
}

enum carrier_info_state
carrier_info_state_parse(const char *s)
{
	static const char *const names[] = {"classified", "preliminary", "declassified", NULL};

	return (enum carrier_info_state)name_index(s, names);
}

/* 409 invalid_state citing the article of the step. */
static int
refuse_state(struct qerr *e, const char *article, enum carrier_state cur, const char *why)
{
	const char *name = carrier_state_name(cur);

	qerr_set(e, QERR_CONFLICT, "invalid_state", article, NULL);
	qerr_detail(e, "carrier is %s%s", name ? name : "in an unknown state", why);
	return -1;
}

/* registered (all copies back) -> to. Art. 28 for destroy/archive. */
static int
from_registry(enum carrier_state cur, int copies_out, enum carrier_state to,
              const char *article, enum carrier_state *next, struct qerr *e)
{
	if (cur != CARRIER_REGISTERED)
		return refuse_state(e, article, cur, "");
	if (copies_out != 0)
		return refuse_state(e, article, cur, "; a copy is still issued");
	*next = to;
	return 0;
}

int
carrier_destroy(enum carrier_state cur, int copies_out, enum carrier_state *next,
                struct qerr *e)
{
	return from_registry(cur, copies_out, CARRIER_DESTROYED, "28", next, e);
}

int
carrier_archive(enum carrier_state cur, int copies_out, enum carrier_state *next,
                struct qerr *e)
{
	return from_registry(cur, copies_out, CARRIER_ARCHIVED, "28", next, e);
}

int
carrier_transfer_out(enum carrier_state cur, int copies_out, enum carrier_state *next,
                     struct qerr *e)
{
	return from_registry(cur, copies_out, CARRIER_TRANSFERRED, "27", next, e);
}

int
carrier_lose(enum carrier_state cur, enum carrier_state *next, struct qerr *e)
{
	if (cur != CARRIER_REGISTERED && cur != CARRIER_ISSUED)
		return refuse_state(e, "1", cur, "");
	*next = CARRIER_LOST;
	return 0;
}

int
carrier_declassify(enum carrier_state cur, enum carrier_state *next, struct qerr *e)
{
	if (cur != CARRIER_REGISTERED && cur != CARRIER_ISSUED)
		return refuse_state(e, "23", cur, "");
	*next = CARRIER_DECLASSIFIED;
	return 0;
}

int
carrier_copy_issue(enum carrier_state cur, enum carrier_copy_state copy,
                   enum carrier_state *next, struct qerr *e)
{
	/* A destroyed, archived, lost ... carrier is refused by the access
	 * decision (carrier_unavailable, Art. 28) with its own code; here only
	 * the copy's own step is checked, as the registry sees it. */
	if (copy != CARRIER_COPY_IN_REGISTRY) {
		qerr_set(e, QERR_CONFLICT, "invalid_state", "33", "copy_number");
		qerr_detail(e, "the copy is not held by the registry");
		return -1;
	}
	*next = cur == CARRIER_REGISTERED ? CARRIER_ISSUED : cur;
	return 0;
}

int
carrier_copy_return(enum carrier_state cur, enum carrier_copy_state copy, int copies_out,
                    enum carrier_state *next, struct qerr *e)
{
	if (copy != CARRIER_COPY_ISSUED || copies_out < 1) {
		qerr_set(e, QERR_CONFLICT, "invalid_state", "33", "copy_number");
		qerr_detail(e, "the copy is not issued");
		return -1;
	}
	if (cur == CARRIER_ISSUED)
		*next = copies_out > 1 ? CARRIER_ISSUED : CARRIER_REGISTERED;
	else
		*next = cur;   /* lost/declassified while out: the state stays */
	return 0;
}

/* =============================== Label =================================== */

static bool
degree_known(enum degree d)
{
	return d >= DEGREE_CONFIDENTIAL && d <= DEGREE_SPECIAL_IMPORTANCE;
}

/* An item that is evidence of classified information (Art. 18.2, 20.2). */
static bool
info_classified(const struct carrier_info *i)
{
	return (i->state == CARRIER_INFO_CLASSIFIED || i->state == CARRIER_INFO_PRELIMINARY) &&
	       degree_known(i->degree);
}

/* An item whose degree the label may not go below (fail closed). */
static bool
info_counts(const struct carrier_info *i)
{
	return i->state != CARRIER_INFO_DECLASSIFIED && degree_known(i->degree);
}

static enum degree
info_max(const struct carrier_info *info, size_t ninfo)
{
	enum degree m = DEGREE_NONE;

	for (size_t i = 0; info != NULL && i < ninfo; i++)
		if (info_counts(&info[i]) && info[i].degree > m)
			m = info[i].degree;
	return m;
}

static enum degree
sources_max(const enum degree *sources, size_t nsources)
{
	enum degree m = DEGREE_NONE;

	for (size_t i = 0; sources != NULL && i < nsources; i++)
		if (degree_known(sources[i]) && sources[i] > m)
			m = sources[i];
	return m;
}

enum degree
carrier_label_required(const struct carrier_info *info, size_t ninfo,
                       const enum degree *sources, size_t nsources)
{
	enum degree a = info_max(info, ninfo), b = sources_max(sources, nsources);

	return a > b ? a : b;
}

int
carrier_label_check(enum degree label, const struct carrier_info *info, size_t ninfo,
                    const enum degree *sources, size_t nsources, struct qerr *e)
{
	bool any = false;

	for (size_t i = 0; info != NULL && i < ninfo; i++)
		any = any || info_classified(&info[i]);
	/* label_mismatch, Art. 18.2: never a label without classified information. */
	if (!any || !degree_known(label)) {
		qerr_set(e, QERR_RULE, "label_mismatch", "18", "label");
		qerr_detail(e, "%s", any ? "unknown label" : "no classified information on the carrier");
		return -1;
	}
	/* label_mismatch, Art. 18: not below the information (no write-down). */
	if (label < info_max(info, ninfo)) {
		qerr_set(e, QERR_RULE, "label_mismatch", "18", "label");
		qerr_detail(e, "label is below the degree of the information");
		return -1;
	}
	/* derived_label, Art. 18: at least the highest label of the sources. */
	if (label < sources_max(sources, nsources)) {
		qerr_rule(e, "derived_label", "18");
		qerr_detail(e, "label is below a source carrier's label");
		return -1;
	}
	/* label_mismatch, Art. 18: not above what it carries. */
	if (label > carrier_label_required(info, ninfo, sources, nsources)) {
		qerr_set(e, QERR_RULE, "label_mismatch", "18", "label");
		qerr_detail(e, "label is above the degree of the information");
		return -1;
	}
	return 0;
}

qdate
carrier_declassify_default(const struct carrier_info *info, size_t ninfo)
{
	qdate d = QDATE_NONE;

	for (size_t i = 0; info != NULL && i < ninfo; i++)
		if (info_counts(&info[i]) && info[i].declassify_on != QDATE_NONE &&
		    (d == QDATE_NONE || info[i].declassify_on > d))
			d = info[i].declassify_on;
	return d;
}

enum degree
carrier_source_label(enum degree label, enum carrier_state state)
{
	/* derived_label, Art. 18: the label follows the information; once the
	 * source is declassified (Art. 23) its label is removed and it imposes
	 * nothing on what was made from it. */
	if (state == CARRIER_DECLASSIFIED)
		return DEGREE_NONE;
	return label;
}

/* ================================ Term =================================== */

qdate
carrier_term_limit(qdate registered_on, const struct carrier_info *info, size_t ninfo)
{
	/* Reading (Art. 20 "classification of information and its carriers",
	 * 20.3): a carrier is classified when it is registered with its label,
	 * so its thirty years run from its registration (effective_date), a
	 * calendar limit like the information's. Its information may have been
	 * extended past that by the authorized body (Art. 20.3); the carrier
	 * then may (indeed must, term_mismatch) stay classified as long. */
	qdate limit = registered_on == QDATE_NONE ? QDATE_NONE
	                                          : date_add_years(registered_on,
	                                                           CLASSIFY_TERM_YEARS_MAX);
	qdate latest = carrier_declassify_default(info, ninfo);

	if (limit == QDATE_NONE)
		return QDATE_NONE;
	return latest != QDATE_NONE && latest > limit ? latest : limit;
}

int
carrier_term_check(qdate registered_on, qdate declassify_on, const struct carrier_info *info,
                   size_t ninfo, struct qerr *e)
{
	qdate limit, latest;
	char buf[QDATE_STR_SIZE];

	if (declassify_on == QDATE_NONE)
		return 0;
	limit = carrier_term_limit(registered_on, info, ninfo);
	/* term_exceeds_limit, Art. 20, 20.3: thirty years, for carriers too. */
	if (limit != QDATE_NONE && declassify_on > limit) {
		qerr_set(e, QERR_RULE, "term_exceeds_limit", ART_CARRIER_TERM_LIMIT, "declassify_on");
		qerr_detail_key(e, "latest_allowed", "latest allowed {date}", "date",
		                date_format(limit, buf), NULL);
		return -1;
	}
	/* term_mismatch, Art. 18, 20: not declassified before the information
	 * it carries that is still classified. */
	latest = carrier_declassify_default(info, ninfo);
	if (latest != QDATE_NONE && declassify_on < latest) {
		qerr_set(e, QERR_RULE, "term_mismatch", ART_TERM_MISMATCH, "declassify_on");
		qerr_detail_key(e, "classified_until", "its information stays classified until {date}",
		                "date", date_format(latest, buf), NULL);
		return -1;
	}
	return 0;
}

/* =============================== Owner =================================== */

const char *const carrier_owner_kinds[] = {"citizen", "organization", "foreign", NULL};

int
carrier_owner_check(const struct carrier_owner *o, struct qerr *e)
{
	switch (o->kind) {
	case CARRIER_OWNER_SELF:
		return 0;
	case CARRIER_OWNER_FOREIGN:
		/* foreign_owner_protected, Art. 19.4: the ownership of information
		 * and carriers of foreigners, stateless persons and foreign
		 * organizations, lawfully obtained, "cannot be limited"; the
		 * system has no record of an unlawful acquisition, so no foreign
		 * owner's carrier is classified here (a contract changes nothing:
		 * Art. 19.1 speaks of citizens and organizations only). */
		qerr_set(e, QERR_RULE, "foreign_owner_protected", "19.4", "owner");
		return -1;
	case CARRIER_OWNER_ORGANIZATION:
		if (o->is_registrar)
			return 0;   /* its own carrier: nothing to alienate */
		break;
	case CARRIER_OWNER_CITIZEN:
		break;
	default:
		/* unknown kind: fail closed as the strictest known case */
		qerr_set(e, QERR_RULE, "foreign_owner_protected", "19.4", "owner");
		return -1;
	}
	/* owner_contract_required, Art. 19.1, 19.2: a court decision on
	 * compulsory acquisition (Art. 19.2 para 3), or the alienation contract
	 * with what Art. 19.2 says it stipulates. */
	if (o->has_court_ref)
		return 0;
	if (!o->has_contract_ref) {
		qerr_set(e, QERR_RULE, "owner_contract_required", "19.1, 19.2", "alienation");
		qerr_detail(e, "no alienation contract or court decision");
		return -1;
	}
	if (!o->has_compensation) {
		qerr_set(e, QERR_RULE, "owner_contract_required", "19.1, 19.2",
		         "alienation.compensation");
		qerr_detail(e, "the contract states no compensation");
		return -1;
	}
	if (!o->has_non_disclosure) {
		qerr_set(e, QERR_RULE, "owner_contract_required", "19.1, 19.2",
		         "alienation.non_disclosure_signed_on");
		qerr_detail(e, "the owner's non-disclosure obligation is not recorded");
		return -1;
	}
	return 0;
}

/* =============================== Permit ================================== */

int
carrier_permit_check(enum degree label, const struct carrier_permit *permits,
                     size_t npermits, qdate today, struct qerr *e)
{
	for (size_t i = 0; permits != NULL && i < npermits; i++) {
		const struct carrier_permit *p = &permits[i];

		if (p->state == NULL || p->issued_on == QDATE_NONE ||
		    p->valid_until == QDATE_NONE || today == QDATE_NONE)
			continue;
		if (degree_known(p->degree) && degree_known(label) &&
		    degree_covers(p->degree, label) &&
		    permit_valid_on(p->state, p->issued_on, p->valid_until, today))
			return 0;
	}
	/* org_permit_missing, Art. 34 */
	return qerr_rule(e, "org_permit_missing", "34");
}
