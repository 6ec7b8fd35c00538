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
#define HTTP_JSON_DEPTH_MAX  32              /* nesting of JSON bodies */
#define HTTP_PARAMS_MAX      4               /* {id} segments in a route */
#define HTTP_ADDR_MAX        64
#define SESSION_IDLE_SECS    (30 * 60)
#define SESSION_MAX_SECS     (12 * 60 * 60)
#define SESSION_TOUCH_SECS   60              /* persist last_seen at most this often */
#define LOGIN_FAIL_WINDOW    (60 * 60)
#define LOGIN_FAIL_MAX       100             /* the 101st failure in the window is refused */

struct i18n;

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
};

/* The authenticated caller. */
struct http_user {
	char id[STORE_ID_MAX];
	char login[STORE_REF_MAX];
	unsigned roles;               /* enum role bits */
	char org_id[STORE_ID_MAX];
	char person_id[STORE_ID_MAX];
	uint8_t token_hash[CRYPTO_HASH_SIZE];
};

struct req {
	struct app *app;
	const char *method;
	const char *path;
	char params[HTTP_PARAMS_MAX][STORE_REF_MAX];   /* {} captures in order */
	int nparams;
	void *conn;                   /* the MHD connection (query lookups) */
	const char *body;             /* NUL-terminated; may be NULL */
	size_t body_len;
	bool body_too_large;
	const char *lang;             /* "en", "ru" or "kk" */
	char addr[HTTP_ADDR_MAX];
	const char *bearer;           /* token from Authorization, or NULL */
	bool authed;
	struct http_user user;
	qdate today;                  /* server's today (real, or --clock) */
	json_t *json;                 /* parsed body (req_json), owned */
	qdate effective_date;         /* set by req_json */
};

struct resp {
	int status;
	json_t *json;                 /* owned; NULL for no body */
	uint8_t *raw;                 /* owned (free()); alternative to json */
	size_t raw_len;
	const char *content_type;     /* for raw */
	int fd;                       /* >= 0: serve this file descriptor (closed by server) */
	uint64_t fd_size;
};

typedef int (*http_handler)(struct req *r, struct resp *out, struct qerr *e);

enum route_flags {
	ROUTE_PUBLIC = 1u << 0,       /* no authentication needed */
	ROUTE_RAW_BODY = 1u << 1,     /* body is not JSON */
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
const char *http_query(const struct req *r, const char *name);   /* NULL if absent */

/* server.c */
struct http_server;
int http_server_start(struct app *app, const char *listen_addr,
                      struct http_server **out, char *err, size_t errsz);
void http_server_stop(struct http_server *s);

/* Every route table; each h_*.c exports one, terminated by fn == NULL. */
extern const struct route h_misc_routes[];
extern const struct route h_session_routes[];
extern const struct route h_users_routes[];
extern const struct route h_orgs_routes[];
extern const struct route h_persons_routes[];
extern const struct route h_audit_routes[];
extern const struct route h_classify_routes[];
extern const struct route h_carriers_routes[];
extern const struct route h_access_routes[];
extern const struct route h_content_routes[];

#endif
