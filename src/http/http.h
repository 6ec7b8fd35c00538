/*
 * http.h — the request path shared by every endpoint:
 *
 *   server.c   receives the request (body capped), builds struct req
 *   router.c   finds the route, authenticates (401), checks the role (403),
 *              calls the handler, maps struct qerr to the error JSON in the
 *              caller's language, audits refusals (422)
 *   h_*.c      handlers: look up ids (404), parse and validate the body
 *              (400), let src/core decide (409/422), write through the store
 *              with the audit entry in the same transaction, answer
 *
 * SECURITY: everything in struct req except app is untrusted client input,
 * already size-capped by server.c. Handlers never print it unbounded.
 */
#ifndef QUPIYA_HTTP_H
#define QUPIYA_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "audit/auditlog.h"
#include "core/date.h"
#include "core/qerr.h"
#include "crypto/crypto.h"
#include "store/store.h"

#define HTTP_BODY_MAX        (1024 * 1024)   /* JSON bodies: 1 MiB */
#define HTTP_RAW_BODY_MAX    (256ull * 1024 * 1024)   /* streamed bodies (ROUTE_RAW_BODY) */
#define HTTP_STREAM_BLOCK    (64 * 1024)     /* bytes asked of a streamed answer at once */
/* Statuses answered by server.c before a body is read (not struct qerr
 * classes of the handlers): a declared Content-Length over the route's
 * limit, a JSON route's body that is not application/json. */
#define HTTP_STATUS_PAYLOAD_TOO_LARGE  413
#define HTTP_STATUS_UNSUPPORTED_MEDIA  415
#define HTTP_JSON_DEPTH_MAX  32              /* nesting of JSON bodies */
#define HTTP_PARAMS_MAX      4               /* {id} segments in a route */
#define HTTP_ADDR_MAX        64
#define SESSION_IDLE_SECS    (30 * 60)
#define SESSION_MAX_SECS     (12 * 60 * 60)
#define SESSION_TOUCH_SECS   60              /* persist last_seen at most this often */
/* Login throttling (auth.c): a (login, address) pair's window opens at its
 * first failure and lasts LOGIN_FAIL_WINDOW; LOGIN_PAIR_MAX failures in it
 * and the pair is refused (429) until it closes. A pair that has failed
 * waits between attempts a delay that grows with the login's failures from
 * every address (LOGIN_DELAY_FREE free, then 1 s more per LOGIN_DELAY_STEP,
 * at most LOGIN_DELAY_MAX s); a pair without failures never waits. At most
 * LOGIN_AUDIT_PER_MIN audit entries of failed logins per minute, on every
 * node together, plus one summary of those dropped. */
#define LOGIN_FAIL_WINDOW    (15 * 60)
#define LOGIN_PAIR_MAX       20
#define LOGIN_DELAY_FREE     5
#define LOGIN_DELAY_STEP     10
#define LOGIN_DELAY_MAX      3
#define LOGIN_AUDIT_PER_MIN  30
#define TRUSTED_PROXIES_MAX  16

struct i18n;
struct calendar;

/* What every handler may use; built once by `qupiya serve`. Read-only after
 * start, so shared by all threads. */
struct app {
	struct store *store;
	struct audit_log *audit;
	const struct crypto_keys *keys;
	struct i18n *i18n;
	qdate fixed_today;            /* --clock date, or QDATE_NONE */
	const char *web_dir;          /* static files of the web interface */
	const char *data_dir;
	json_t *catalog;              /* data/catalog.json, or NULL */
	const struct calendar *calendar;   /* data/holidays/kz.txt (SPEC §5); NULL: weekends only */
	/* --trusted-proxy: peers whose X-Forwarded-For / Forwarded name the
	 * client (auth_client_addr); borrowed strings. */
	const char *trusted_proxies[TRUSTED_PROXIES_MAX];
	int ntrusted_proxies;
	int listen_fd;                /* > 0: a socket already bound (cli/sandbox.c), else bind the address */
	/* Witnessed heads (h_witness.c): the witness's own key (NULL: not a
	 * witness), the checkpoint origin of this log and the key name of its
	 * cosignatures (NULL: derived from the keys, audit/note.h). */
	const struct crypto_keys *witness_keys;
	const char *log_origin;
	const char *witness_name;
	/* --read-only (a hot standby): routes that write answer 503
	 * "read_only" naming primary_url (router.c, route_writes). */
	bool read_only;
	const char *primary_url;      /* --primary-url, or NULL */
};

/* The authenticated caller. */
struct http_user {
	char id[STORE_ID_MAX];
	char login[STORE_REF_MAX];
	unsigned roles;               /* enum role bits */
	char org_id[STORE_ID_MAX];
	char person_id[STORE_ID_MAX];
	uint8_t token_hash[CRYPTO_HASH_SIZE];
	bool must_change_password;    /* only the password change is open */
};

/*
 * A streamed request body: routes flagged ROUTE_RAW_BODY never have their
 * body buffered. server.c dispatches such a request twice:
 *
 *   BEGIN  as soon as the headers are in: the router authenticates (401)
 *          and checks the role (403), then the handler checks what it can
 *          (404, 409) and, to accept the body, sets sink/release/ctx and
 *          returns 0. Any other outcome is the answer: the body is then read
 *          and dropped, and the answer sent at the end; nothing is stored.
 *   body   each piece goes to sink (never more than HTTP_RAW_BODY_MAX in
 *          total: past it too_large is set, ctx released and the rest
 *          dropped; a sink returning -1 sets failed and does the same).
 *   END    when the body is complete: authenticated and role-checked again,
 *          then the handler finishes (too_large: 400 body_too_large;
 *          failed: 500) and answers.
 *
 * server.c calls release(ctx) exactly once on every path (answer sent,
 * client gone, limit passed), after END's handler has returned.
 */
enum http_upload_phase {
	HTTP_UPLOAD_BEGIN = 1,
	HTTP_UPLOAD_END,
};

struct http_upload {
	enum http_upload_phase phase;
	/* set by the handler at BEGIN */
	int (*sink)(void *ctx, const void *data, size_t len);   /* 0 or -1 */
	void (*release)(void *ctx);   /* frees ctx (its files, its secrets) */
	void *ctx;                    /* owned by the handler, released by server.c */
	/* kept by server.c */
	uint64_t received;            /* body bytes that arrived */
	bool too_large;               /* more than HTTP_RAW_BODY_MAX */
	bool failed;                  /* the sink refused a piece */
};

struct req {
	struct app *app;
	const char *method;
	const char *path;
	char params[HTTP_PARAMS_MAX][STORE_REF_MAX];   /* {} captures in order */
	int nparams;
	void *conn;                   /* the MHD connection (query lookups) */
	/* In-process callers only (tests/fuzz/fuzz_http_request.c), read by
	 * http_query() when conn is NULL: the query as name=value pairs, each
	 * NUL-terminated, back to back, query_len bytes in all ("a=1&b=2" with
	 * each '&' made a NUL, plus a final NUL). Values are not URL-decoded.
	 * server.c leaves both zero. Borrowed. */
	const char *query;
	size_t query_len;
	const char *body;             /* NUL-terminated; may be NULL */
	size_t body_len;
	bool body_too_large;
	const char *lang;             /* "en", "ru" or "kk" */
	char addr[HTTP_ADDR_MAX];
	const char *bearer;           /* token from Authorization, or NULL */
	bool authed;
	struct http_user user;
	/* Set by the router from the route's role bits (SPEC.md §3 "Roles"):
	 * the user's roles this route lets act, and whether one of them acts
	 * across organizations for this kind of act (roles_scope_cross_org). */
	unsigned acting_roles;
	bool cross_org;
	qdate today;                  /* server's today (real, or --clock) */
	json_t *json;                 /* parsed body (req_json), owned */
	qdate effective_date;         /* set by req_json */
	struct http_upload *upload;   /* ROUTE_RAW_BODY routes only, else NULL; server.c's */
	bool want_audit_size;         /* ROUTE_AUDIT_SIZE: set by the router */
	bool audit_size_known;        /* audit_size read by auth_resolve */
	int64_t audit_size;
};

struct resp {
	int status;
	json_t *json;                 /* owned; NULL for no body */
	uint8_t *raw;                 /* owned (free()); alternative to json */
	size_t raw_len;
	const char *content_type;     /* for raw */
	int fd;                       /* >= 0: serve this file descriptor (closed by server) */
	uint64_t fd_size;
	/* A streamed answer of stream_size bytes: server.c calls stream_read
	 * for the bytes at pos (at most max), after the handler returned and
	 * possibly long after; it returns how many it wrote into buf (> 0), or
	 * -1 to abort the connection (the client sees a short body). server.c
	 * calls stream_free(stream_ctx) once when done, on every path. */
	int64_t (*stream_read)(void *ctx, uint64_t pos, uint8_t *buf, size_t max);
	void (*stream_free)(void *ctx);
	void *stream_ctx;             /* owned, see stream_free */
	uint64_t stream_size;
	/* A 429's Retry-After in seconds (0: an hour). */
	int retry_after;
	/* The label of the classified content in the body, sent as
	 * X-Qupiya-Label so a reader shows the banner (SPEC.md §4); or "". */
	char label[24];
};

typedef int (*http_handler)(struct req *r, struct resp *out, struct qerr *e);

enum route_flags {
	ROUTE_PUBLIC = 1u << 0,       /* no authentication needed */
	ROUTE_RAW_BODY = 1u << 1,     /* body is not JSON: streamed (struct http_upload) */
	ROUTE_TEXT_BODY = 1u << 4,    /* body is text, buffered like JSON (C2SP witness) */
	/* A GET that writes: an audited read (content, export, checkpoint).
	 * A read-only node answers it 503 like any POST (router.c). */
	ROUTE_AUDITED_READ = 1u << 5,
	/* Decides from the access index: authentication reads the audit size
	 * in its own read transaction too (req.audit_size), so the index's
	 * freshness costs no transaction of its own (ops/access_index.h). */
	ROUTE_AUDIT_SIZE = 1u << 6,
};

struct route {
	const char *method;
	const char *pattern;          /* "/v1/orgs/{}/permits" */
	unsigned roles;               /* enum role bits allowed; ignored if PUBLIC */
	unsigned flags;
	http_handler fn;
};

/* router.c */
void http_dispatch(struct req *r, struct resp *out);
/* http_dispatch() for a caller already known (in process: the import
 * acting as its security officer, import.h): u instead of a bearer token,
 * then the route's role check, the handler and the answer as for any
 * request. */
void http_dispatch_as(struct req *r, const struct http_user *u, struct resp *out);
const char *http_query(const struct req *r, const char *name);   /* NULL if absent */
/* The flags of the route method+path would take, 0 when none matches. */
unsigned http_route_flags(const char *method, const char *path);
/* Whether method+path names a route; *flags its flags (0 when not). */
bool http_route_lookup(const char *method, const char *path, unsigned *flags);
/* The error JSON of e in r's language into out (status from e's class);
 * for server.c's refusals made before a handler runs. */
void http_error_answer(struct req *r, struct resp *out, struct qerr *e);
/* Every route table, in matching order (each ends with fn == NULL); *n is
 * set to their number. Static storage: for tests that walk all routes. */
const struct route *const *http_route_tables(size_t *n);

/* server.c */
struct http_server;
/* What `qupiya serve` sets on the listener; a zero field takes server.c's
 * default. */
struct http_server_opts {
	const char *tls_cert;         /* PEM certificate chain file; with tls_key: HTTPS */
	const char *tls_key;          /* PEM private key file */
	unsigned max_connections;     /* global cap (a fifth kept for valid tokens) */
	unsigned per_ip_connections;  /* per client address */
};
int http_server_start(struct app *app, const char *listen_addr,
                      const struct http_server_opts *opts,
                      struct http_server **out, char *err, size_t errsz);
void http_server_stop(struct http_server *s);
bool http_server_tls(const struct http_server *s);   /* serving HTTPS */

/* Every route table; each h_*.c exports one, terminated by fn == NULL. */
extern const struct route h_misc_routes[];
extern const struct route h_session_routes[];
extern const struct route h_users_routes[];
extern const struct route h_accounts_routes[];
extern const struct route h_print_routes[];
extern const struct route h_orgs_routes[];
extern const struct route h_persons_routes[];
extern const struct route h_audit_routes[];
extern const struct route h_classify_routes[];
extern const struct route h_carriers_routes[];
extern const struct route h_access_routes[];
extern const struct route h_content_routes[];
extern const struct route h_clearances_routes[];
extern const struct route h_trips_routes[];
extern const struct route h_grounds_routes[];
extern const struct route h_incidents_routes[];
extern const struct route h_declassify_routes[];
extern const struct route h_requests_routes[];
extern const struct route h_deadlines_routes[];
extern const struct route h_transfers_routes[];
extern const struct route h_joint_works_routes[];
extern const struct route h_foreign_routes[];
extern const struct route h_emergency_routes[];
extern const struct route h_me_routes[];
extern const struct route h_audit_view_routes[];
/* h_audit_view.c: GET /v1/audit with filters, order=desc or view=named. */
int audit_view_list(struct req *r, struct resp *out, struct qerr *e);
extern const struct route h_witness_routes[];
extern const struct route h_import_routes[];

#endif
