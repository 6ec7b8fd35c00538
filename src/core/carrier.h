/*
 * carrier.h — the rules of carriers of information constituting state
 * secrets (Art. 1 "carriers", Art. 18, 28, 34; SPEC.md §2 "Carrier",
 * §3 "Classification"): the label a carrier must bear, the permit its holder
 * organization needs, the states of its life and of its copies, and the
 * default term. Pure: no I/O, no allocation, no clock.
 *
 * LABEL (Art. 18). A secrecy label is "details, indicating the extent of
 * secrecy of the information contained in their carrier" (Art. 1), and the
 * three labels "correspond to" the three degrees (Art. 18.2). So:
 *   label_mismatch  the label equals the highest degree of the classified
 *                   information the carrier carries — not lower (that would
 *                   leak: "write-down"), not higher, and a label is never put
 *                   on a carrier without classified information (Art. 18.2,
 *                   last paragraph: no label for information that is not
 *                   secret).
 *   derived_label   a carrier made from other carriers (an extract, a copy,
 *                   a compilation) carries at least the highest label of its
 *                   sources that are still classified (a declassified source
 *                   imposes nothing: carrier_source_label()).
 * Reading (ours, documented): the information a derived carrier carries is
 * its own information items plus what it took from its sources, whose
 * labels stand for that information; so the label must equal
 *   required = max(highest item degree, highest source label).
 * A label below the items' highest degree is label_mismatch; a label below
 * a source's is derived_label; a label above `required` is label_mismatch.
 * Items counted: state "classified" and "preliminary" — a preliminary
 * classification is made "in accordance with the intended degree of
 * secrecy" (Art. 20.2) and its carriers are labelled by it until the list
 * approver decides. A "declassified" item counts for nothing. An item in a
 * state this module does not know counts with its degree for "not lower"
 * (fail closed: never a write-down) but is no evidence that classified
 * information exists.
 *
 * PERMIT (Art. 34). An organization registers or receives a carrier only
 * while it holds a permit that is active, issued_on <= today <= valid_until,
 * and whose degree covers the label (org_permit_missing).
 *
 * STATES of a carrier (one record for its whole life; never deleted):
 *
 *                 carrier_copy_issue()           carrier_copy_return()
 *   registered ---(first copy out)---> issued ---(last copy back)---> registered
 *     |  |  |  \
 *     |  |  |   `--carrier_transfer_out()--> transferred   (outside the system)
 *     |  |  `------carrier_archive()-------> archived      (Art. 28)
 *     |  `---------carrier_destroy()-------> destroyed     (with the act; final)
 *     `------------carrier_declassify()----> declassified  (Art. 23)
 *   registered|issued --carrier_lose()-----> lost          (an incident)
 *
 * destroy, archive and transfer_out need every copy back in the registry
 * (no copy issued); lost and declassified may come from issued. Any other
 * step is 409 "invalid_state".
 *
 * COPIES are numbered 1..n. A copy is "in_registry" or "issued" (with its
 * holder). Only a copy held by the registry is issued; only an issued copy
 * is returned; otherwise 409 "invalid_state". A carrier is "issued" while
 * at least one copy is out.
 *
 * TERM. declassify_on defaults to the latest declassify_on of the counted
 * information items (SPEC.md §2); it is at most thirty years after the
 * registration (term_exceeds_limit) and never before the information still
 * classified (term_mismatch): carrier_term_check().
 *
 * OWNER (Art. 19). A carrier of a citizen or another organization is
 * classified only on an alienation contract or a court decision
 * (owner_contract_required); a foreign owner's is not classified
 * (foreign_owner_protected): carrier_owner_check().
 *
 * UNTRUSTED INPUT: none directly; the HTTP layer validates and maps.
 */
#ifndef QUPIYA_CORE_CARRIER_H
#define QUPIYA_CORE_CARRIER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/degree.h"
#include "core/qerr.h"

#define CARRIER_COPIES_MAX  1000     /* copies of one carrier */
#define CARRIER_SOURCES_MAX 1000     /* source carriers of a derived carrier */
#define CARRIER_INFO_MAX    1000     /* information items on one carrier */

/* ---- states ------------------------------------------------------------- */

enum carrier_state {
	CARRIER_UNKNOWN = 0,          /* fails closed: no transition from it */
	CARRIER_REGISTERED,
	CARRIER_ISSUED,
	CARRIER_TRANSFERRED,
	CARRIER_ARCHIVED,
	CARRIER_DESTROYED,
	CARRIER_LOST,
	CARRIER_DECLASSIFIED,
};

/* NULL-terminated state names (index i is enum i + 1), for filters. */
extern const char *const carrier_state_names[];
enum carrier_state carrier_state_parse(const char *s);   /* UNKNOWN when unknown */
const char *carrier_state_name(enum carrier_state s);     /* NULL for UNKNOWN */

enum carrier_copy_state {
	CARRIER_COPY_UNKNOWN = 0,
	CARRIER_COPY_IN_REGISTRY,     /* "in_registry": held by the registry */
	CARRIER_COPY_ISSUED,          /* "issued": with its holder */
};

enum carrier_copy_state carrier_copy_state_parse(const char *s);
const char *carrier_copy_state_name(enum carrier_copy_state s);

/* Transitions of the whole carrier: 0 and *next set, or 409 "invalid_state".
 * copies_out is the number of copies issued now. */
int carrier_destroy(enum carrier_state cur, int copies_out, enum carrier_state *next,
                    struct qerr *e);
int carrier_archive(enum carrier_state cur, int copies_out, enum carrier_state *next,
                    struct qerr *e);
int carrier_transfer_out(enum carrier_state cur, int copies_out, enum carrier_state *next,
                         struct qerr *e);
int carrier_lose(enum carrier_state cur, enum carrier_state *next, struct qerr *e);
int carrier_declassify(enum carrier_state cur, enum carrier_state *next, struct qerr *e);

/* Issue of one copy: the copy must be in the registry and the carrier
 * registered or issued; *next is the carrier's state afterwards (issued).
 * The access decision (core/access.h) is the caller's separate step. */
int carrier_copy_issue(enum carrier_state cur, enum carrier_copy_state copy,
                       enum carrier_state *next, struct qerr *e);
/* Return of one copy: the copy must be issued; copies_out counts the copies
 * out before the return; *next is issued while others stay out, else
 * registered. */
int carrier_copy_return(enum carrier_state cur, enum carrier_copy_state copy,
                        int copies_out, enum carrier_state *next, struct qerr *e);

/* ---- label --------------------------------------------------------------- */

enum carrier_info_state {
	CARRIER_INFO_UNKNOWN = 0,     /* counts for "not lower" only */
	CARRIER_INFO_CLASSIFIED,
	CARRIER_INFO_PRELIMINARY,     /* counts with its intended degree (Art. 20.2) */
	CARRIER_INFO_DECLASSIFIED,    /* counts for nothing */
};

enum carrier_info_state carrier_info_state_parse(const char *s);

/* One information item the carrier carries. */
struct carrier_info {
	enum degree degree;
	enum carrier_info_state state;
	qdate declassify_on;          /* QDATE_NONE when unknown */
};

/* The label the carrier must bear: max over counted items and sources;
 * DEGREE_NONE when nothing counts. sources may be NULL when nsources is 0. */
enum degree carrier_label_required(const struct carrier_info *info, size_t ninfo,
                                   const enum degree *sources, size_t nsources);

/* label_mismatch (Art. 18), then derived_label (Art. 18): 0 or 422. The
 * order: no classified information; label below the items; label below a
 * source (derived_label); label above what is required. */
int carrier_label_check(enum degree label, const struct carrier_info *info, size_t ninfo,
                        const enum degree *sources, size_t nsources, struct qerr *e);

/* declassify_on by default: the latest declassify_on among the counted items
 * (classified, preliminary, unknown); QDATE_NONE when none has one. */
qdate carrier_declassify_default(const struct carrier_info *info, size_t ninfo);

/* The label a source carrier imposes on a carrier made from it (Art. 18,
 * derived_label): its own label while it is classified, DEGREE_NONE once it
 * is declassified (a declassified source imposes nothing). A source in any
 * other state — destroyed, archived, lost, even unknown — still holds
 * classified information and imposes its label (fail closed). */
enum degree carrier_source_label(enum degree label, enum carrier_state state);

/* ---- term (Art. 18, 20, 20.3) ---------------------------------------------- */

#define ART_CARRIER_TERM_LIMIT  "20, 20.3"   /* term_exceeds_limit */
#define ART_TERM_MISMATCH       "18, 20"     /* term_mismatch */

/* The last allowed declassify_on of a carrier registered on registered_on
 * carrying info: registered_on + 30 years (a calendar limit, SPEC §5), or
 * the latest declassify_on of its still-classified information when that is
 * later (an information term lawfully extended by the authorized body's
 * conclusion, Art. 20.3, carries over to its carriers). QDATE_NONE when out
 * of range. */
qdate carrier_term_limit(qdate registered_on, const struct carrier_info *info, size_t ninfo);

/* term_exceeds_limit (Art. 20, 20.3), then term_mismatch (Art. 18, 20):
 *   declassify_on <= carrier_term_limit(registered_on, info), and
 *   declassify_on >= the latest declassify_on of the information it carries
 *   that is still classified (classified, preliminary or unknown; a
 *   declassified item imposes nothing): a carrier is not declassified
 *   before its information.
 * declassify_on QDATE_NONE (no term given, none derivable) passes. Field
 * "declassify_on". */
int carrier_term_check(qdate registered_on, qdate declassify_on,
                       const struct carrier_info *info, size_t ninfo, struct qerr *e);

/* ---- ownership (Art. 19) --------------------------------------------------- */

enum carrier_owner_kind {
	CARRIER_OWNER_SELF = 0,       /* no owner given: the registering body's own */
	CARRIER_OWNER_CITIZEN,        /* a citizen of the Republic (Art. 19.1) */
	CARRIER_OWNER_ORGANIZATION,   /* another organization (Art. 19.1) */
	CARRIER_OWNER_FOREIGN,        /* a foreigner, stateless person or foreign
	                               * organization (Art. 19.4) */
};

/* NULL-terminated owner kinds as the API spells them (index i is enum i + 1). */
extern const char *const carrier_owner_kinds[];

/* The facts of a carrier's ownership at its registration. */
struct carrier_owner {
	enum carrier_owner_kind kind;
	bool is_registrar;            /* the owner organization is the registering
	                               * body itself (same BIN) */
	bool has_contract_ref;        /* alienation.contract_ref */
	bool has_compensation;        /* alienation.compensation */
	bool has_non_disclosure;      /* alienation.non_disclosure_signed_on */
	bool has_court_ref;           /* court decision on compulsory acquisition */
};

/* foreign_owner_protected (Art. 19.4): a carrier of a foreign owner is not
 * classified, whatever contract is offered. owner_contract_required
 * (Art. 19.1, 19.2): a carrier of a citizen or another organization is
 * classified only with a recorded alienation contract — its reference, the
 * compensation and the owner's non-disclosure obligation — or a court
 * decision on compulsory acquisition. The registering body's own carrier
 * needs neither. */
int carrier_owner_check(const struct carrier_owner *o, struct qerr *e);

/* ---- permit of the holder organization (Art. 34) -------------------------- */

struct carrier_permit {
	enum degree degree;
	const char *state;            /* stored state: "active", "suspended", ... */
	qdate issued_on;
	qdate valid_until;            /* inclusive */
};

/* org_permit_missing (Art. 34): 0 when one permit is usable today for the
 * label, else 422. */
int carrier_permit_check(enum degree label, const struct carrier_permit *permits,
                         size_t npermits, qdate today, struct qerr *e);

#endif
