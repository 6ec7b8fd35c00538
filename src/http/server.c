/*
 * server.c — libmicrohttpd glue: receives requests, caps bodies, builds
 * struct req, calls http_dispatch(), sends the answer with its headers.
 *
 * SECURITY: the network is untrusted. Limits: JSON bodies HTTP_BODY_MAX
 * (a larger body is refused: 413 when its Content-Length says so, before
 * a byte of it is read; else the rest is read and dropped, then 400
 * body_too_large), streamed bodies of ROUTE_RAW_BODY routes
 * HTTP_RAW_BODY_MAX (never held in memory: handed piece by piece to the
 * handler's sink, only after the caller was authenticated and authorized;
 * see struct http_upload). A body on a JSON route must be declared
 * application/json (415). HEAD is answered as GET without the body
 * (RFC 9110 §9.1). Every answer carries a Content-Type and no Server
 * banner; over TLS also Strict-Transport-Security. Static files are served
 * only from app->web_dir, by paths without "..", dot-files or backslashes.
 *
 * Connections (what a handful of slow sockets must not do: take the
 * server from everyone else):
 *   - at most max_connections in all and per_ip_connections per address
 *     (libmicrohttpd refuses more at accept);
 *   - an absolute deadline of SERVER_HEADER_SECS from accept (or from the
 *     end of the previous request on a kept-alive connection) to the end
 *     of the request's headers; bytes do not extend it, unlike
 *     libmicrohttpd's idle timeout (SERVER_TIMEOUT_SECS, which stays);
 *   - a body must arrive at SERVER_BODY_MIN_RATE bytes/s on average after
 *     SERVER_BODY_GRACE_SECS (a 256 MiB upload needs 4.5 hours at that rate);
 *   - a fifth of max_connections is kept for callers with a valid token:
 *     a connection accepted while more than the rest are open is
 *     "surplus": it gets SERVER_SURPLUS_HEADER_SECS for its headers, and
 *     its requests are answered only when they carry a valid bearer token
 *     (else 503 server_busy, and the connection is closed).
 *   - connections are accepted by one thread (acceptor_main) and handed
 *     to the worker threads spread by descriptor (MHD_add_connection):
 *     libmicrohttpd's own accept lets the first worker awake take up to
 *     ten at once, so a burst of clients landed on one or two workers and
 *     a writer blocked in its commit held the others' requests up (group
 *     commit, store.h, needs the writers side by side);
 * The deadlines are kept by one reaper thread that walks the open
 * connections every SERVER_REAP_MS and shuts a late one down (shutdown(2):
 * libmicrohttpd then sees the end of the stream and closes it itself; the
 * descriptor is never closed here, and a watch is unlinked, under the
 * same lock, before libmicrohttpd closes its descriptor).
 */
#include "http/http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "http/auth.h"
#include "http/i18n.h"
#include "http/util.h"

#define SERVER_THREADS          8
#define SERVER_CONNECTIONS_MAX  1000    /* default global cap */
#define SERVER_RESERVE_DIV      5       /* 1/5 of the cap kept for valid tokens */
#define SERVER_PER_IP_MAX       64      /* default cap per client address */
#define SERVER_TIMEOUT_SECS     30      /* idle (libmicrohttpd; bytes restart it) */
#define SERVER_HEADER_SECS      10      /* accept to end of headers, absolute */
#define SERVER_SURPLUS_HEADER_SECS 2    /* the same for a surplus connection */
#define SERVER_BODY_GRACE_SECS  10      /* a body may start slowly... */
#define SERVER_BODY_MIN_RATE    (16 * 1024)   /* ...then bytes/s on average */
#define SERVER_REAP_MS          200     /* how often the deadlines are checked */
#define SERVER_ACCEPT_MS        200     /* how often the acceptor looks at stop */
#define SERVER_NOFILE_WANT      65536   /* RLIMIT_NOFILE raised towards this */
#define SERVER_TLS_FILE_MAX     (1024 * 1024)
#define STATIC_PATH_MAX         512

/* TLS 1.2 and 1.3 with AEAD ciphers only (GnuTLS priority string). */
#define SERVER_TLS_PRIORITIES \
	"NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:-CIPHER-ALL:+AES-256-GCM:" \
	"+AES-128-GCM:+CHACHA20-POLY1305"
#define SERVER_HSTS             "max-age=31536000"

/* Where a connection is in its current request (the reaper's view). */
enum conn_phase {
	PHASE_HEADERS = 0,            /* waiting for the request line and headers */
	PHASE_BODY,                   /* headers in; body arriving */
	PHASE_ANSWER,                 /* request complete; answer being sent */
};

/* One open connection, from libmicrohttpd's STARTED to CLOSED notice (its
 * socket context). Every field is under http_server.lock. */
struct conn_watch {
	struct conn_watch *prev, *next;
	int fd;
	enum conn_phase phase;
	int64_t since_ms;             /* monotonic start of the phase */
	uint64_t body_bytes;          /* PHASE_BODY: received so far */
	bool surplus;                 /* accepted beyond the anonymous share */
	bool authed;                  /* a request on it carried a valid token */
	bool cut;                     /* shut down by the reaper */
};

struct http_server {
	struct MHD_Daemon *daemon;
	struct app *app;
	bool tls;
	char *tls_cert, *tls_key;     /* PEM text, kept while the daemon runs */
	size_t tls_key_len;
	unsigned anon_max;            /* connections before the surplus starts */
	unsigned conn_max;            /* the cap */
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct conn_watch *watches;   /* open connections */
	unsigned open;                /* how many */
	bool stopping;
	bool reaper_running;
	pthread_t reaper;
	int listen_fd;                /* ours when accepting ourselves, else -1 */
	atomic_bool accept_stop;
	struct handed *handed;        /* handed to libmicrohttpd, not yet STARTED */
	unsigned nhanded;             /* (at most conn_max; under lock) */
	bool acceptor_running;
	pthread_t acceptor;
};

/* A connection the acceptor handed to libmicrohttpd: its descriptor and
 * when. */
struct handed {
	int fd;
	int64_t ms;
};

/* Per-request state across MHD's calls. */
struct conn_ctx {
	char *body;                   /* JSON routes: the buffered body */
	size_t len, cap;
	bool too_large;
	bool raw;                     /* ROUTE_RAW_BODY: streamed to up.sink */
	bool pending;                 /* raw: answer decided at BEGIN, body dropped */
	struct http_upload up;
	struct resp answer;           /* raw: the pending answer */
};

/* A streamed answer as MHD's callback sees it. */
struct stream_cls {
	int64_t (*read)(void *ctx, uint64_t pos, uint8_t *buf, size_t max);
	void (*free)(void *ctx);
	void *ctx;
};

const char *
http_conn_query(void *conn, const char *name)
{
	return MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, name);
}

static qdate
today_of(const struct app *app)
{
	time_t t;
	struct tm tm;

	if (app->fixed_today != QDATE_NONE)
		return app->fixed_today;
	t = time(NULL);
	localtime_r(&t, &tm);
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* ---- connection deadlines (see the header comment) ---------------- */

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static struct conn_watch *
watch_of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci != NULL ? ci->socket_context : NULL;
}

/* Moves conn's watch to phase (from now); NULL watch: nothing. */
static void
watch_phase(struct http_server *srv, struct MHD_Connection *conn, enum conn_phase phase)
{
	struct conn_watch *w = watch_of(conn);

	if (w == NULL)
		return;
	pthread_mutex_lock(&srv->lock);
	w->phase = phase;
	w->since_ms = now_ms();
	w->body_bytes = 0;
	pthread_mutex_unlock(&srv->lock);
}

static void
watch_body(struct http_server *srv, struct MHD_Connection *conn, size_t n)
{
	struct conn_watch *w = watch_of(conn);

	if (w == NULL)
		return;
	pthread_mutex_lock(&srv->lock);
	w->body_bytes += n;
	pthread_mutex_unlock(&srv->lock);
}

/* Forgets the hand-over of descriptor fd (its STARTED notice came, or
 * libmicrohttpd refused it); nothing when it is not there (expired). */
static void
handed_drop(struct http_server *srv, int fd)
{
	pthread_mutex_lock(&srv->lock);
	for (unsigned i = 0; i < srv->nhanded; i++) {
		if (srv->handed[i].fd == fd) {
			srv->handed[i] = srv->handed[--srv->nhanded];
			break;
		}
	}
	pthread_mutex_unlock(&srv->lock);
}

/* libmicrohttpd's connection notices: a watch per open connection. */
static void
on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
              enum MHD_ConnectionNotificationCode code)
{
	struct http_server *srv = cls;
	struct conn_watch *w = *socket_context;

	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);

		if (srv->listen_fd >= 0 && ci != NULL)   /* counted as open from here */
			handed_drop(srv, ci->connect_fd);
		w = calloc(1, sizeof *w);
		if (w == NULL)
			return;   /* unwatched: still bound by the idle timeout */
		w->fd = ci != NULL ? ci->connect_fd : -1;
		w->phase = PHASE_HEADERS;
		w->since_ms = now_ms();
		pthread_mutex_lock(&srv->lock);
		srv->open++;
		w->surplus = srv->open > srv->anon_max;
		w->next = srv->watches;
		if (srv->watches != NULL)
			srv->watches->prev = w;
		srv->watches = w;
		pthread_mutex_unlock(&srv->lock);
		*socket_context = w;
		return;
	}
	if (w == NULL)
		return;
	pthread_mutex_lock(&srv->lock);
	if (w->prev != NULL)
		w->prev->next = w->next;
	else
		srv->watches = w->next;
	if (w->next != NULL)
		w->next->prev = w->prev;
	srv->open--;
	pthread_mutex_unlock(&srv->lock);
	free(w);
	*socket_context = NULL;
}

/* Whether w has missed its deadline at now (lock held). */
static bool
watch_late(const struct conn_watch *w, int64_t now)
{
	int64_t age = now - w->since_ms;

	switch (w->phase) {
	case PHASE_HEADERS:
		return age > 1000 * (w->surplus && !w->authed ? SERVER_SURPLUS_HEADER_SECS
		                                               : SERVER_HEADER_SECS);
	case PHASE_BODY:
		if (age <= 1000 * SERVER_BODY_GRACE_SECS)
			return false;
		return w->body_bytes <
		       (uint64_t)(age - 1000 * SERVER_BODY_GRACE_SECS) * SERVER_BODY_MIN_RATE / 1000;
	case PHASE_ANSWER:
		return false;
	}
	return false;
}

static void *
reaper_main(void *arg)
{
	struct http_server *srv = arg;
	struct timespec until;

	pthread_mutex_lock(&srv->lock);
	while (!srv->stopping) {
		int64_t now = now_ms();

		for (struct conn_watch *w = srv->watches; w != NULL; w = w->next) {
			if (w->cut || w->fd < 0 || !watch_late(w, now))
				continue;
			(void)shutdown(w->fd, SHUT_RDWR);   /* fails only when already gone */
			w->cut = true;
		}
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += SERVER_REAP_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		(void)pthread_cond_timedwait(&srv->wake, &srv->lock, &until);
	}
	pthread_mutex_unlock(&srv->lock);
	return NULL;
}

/* ---- requests ------------------------------------------------------ */

static int
body_append(struct conn_ctx *c, const char *data, size_t n)
{
	if (c->too_large || c->len + n > HTTP_BODY_MAX) {
		c->too_large = true;
		free(c->body);
		c->body = NULL;
		c->len = c->cap = 0;
		return 0;
	}
	if (c->len + n + 1 > c->cap) {
		size_t cap = c->cap ? c->cap : 4096;
		char *p;

		while (cap < c->len + n + 1)
			cap *= 2;
		p = realloc(c->body, cap);
		if (p == NULL)
			return -1;
		c->body = p;
		c->cap = cap;
	}
	memcpy(c->body + c->len, data, n);
	c->len += n;
	c->body[c->len] = '\0';
	return 0;
}

/* Releases the handler's upload context (once). */
static void
upload_release(struct conn_ctx *c)
{
	if (c->up.release != NULL && c->up.ctx != NULL)
		c->up.release(c->up.ctx);
	c->up.release = NULL;
	c->up.ctx = NULL;
	c->up.sink = NULL;
}

/* One piece of a streamed body: to the sink, or dropped. */
static void
upload_piece(struct conn_ctx *c, const char *data, size_t n)
{
	if (n > HTTP_RAW_BODY_MAX - c->up.received) {
		c->up.received = HTTP_RAW_BODY_MAX + 1;
		c->up.too_large = true;
	} else {
		c->up.received += n;
	}
	if (c->pending || c->up.too_large || c->up.failed || c->up.sink == NULL) {
		upload_release(c);   /* nothing more will be stored */
		return;
	}
	if (c->up.sink(c->up.ctx, data, n) != 0) {
		c->up.failed = true;
		upload_release(c);
	}
}

static void
resp_clear(struct resp *out)
{
	json_decref(out->json);
	out->json = NULL;
	free(out->raw);
	out->raw = NULL;
	if (out->fd >= 0)
		close(out->fd);
	out->fd = -1;
	if (out->stream_free != NULL)
		out->stream_free(out->stream_ctx);
	out->stream_read = NULL;
	out->stream_free = NULL;
	out->stream_ctx = NULL;
}

static ssize_t
stream_cb(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct stream_cls *sc = cls;
	int64_t n = sc->read(sc->ctx, pos, (uint8_t *)buf, max);

	if (n < 0)
		return MHD_CONTENT_READER_END_WITH_ERROR;
	if (n == 0)
		return MHD_CONTENT_READER_END_OF_STREAM;
	return (ssize_t)n;
}

static void
stream_free_cb(void *cls)
{
	struct stream_cls *sc = cls;

	if (sc->free != NULL)
		sc->free(sc->ctx);
	free(sc);
}

static void
common_headers(struct MHD_Response *r, const char *ctype)
{
	MHD_add_response_header(r, "Content-Type", ctype);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
}

static enum MHD_Result
send_resp(const struct http_server *srv, struct MHD_Connection *conn, struct resp *out,
          bool close_after)
{
	struct MHD_Response *mr;
	enum MHD_Result ret;
	char *text = NULL;
	const char *ctype = "application/json; charset=utf-8";

	if (out->stream_read != NULL) {
		struct stream_cls *sc = malloc(sizeof *sc);

		if (sc == NULL) {
			resp_clear(out);
			return MHD_NO;
		}
		sc->read = out->stream_read;
		sc->free = out->stream_free;
		sc->ctx = out->stream_ctx;
		out->stream_read = NULL;
		out->stream_free = NULL;
		out->stream_ctx = NULL;
		mr = MHD_create_response_from_callback(out->stream_size, HTTP_STREAM_BLOCK,
		                                       stream_cb, sc, stream_free_cb);
		if (mr == NULL)
			stream_free_cb(sc);
		ctype = out->content_type ? out->content_type : "application/octet-stream";
	} else if (out->fd >= 0) {
		mr = MHD_create_response_from_fd64(out->fd_size, out->fd);
		ctype = out->content_type ? out->content_type : "application/octet-stream";
	} else if (out->raw != NULL) {
		mr = MHD_create_response_from_buffer(out->raw_len, out->raw, MHD_RESPMEM_MUST_FREE);
		out->raw = NULL;
		ctype = out->content_type ? out->content_type : "application/octet-stream";
	} else if (out->json != NULL) {
		text = json_dumps(out->json, JSON_COMPACT);
		if (text == NULL)
			return MHD_NO;
		mr = MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE);
	} else {
		mr = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	}
	if (mr == NULL) {
		free(text);
		return MHD_NO;
	}
	common_headers(mr, ctype);
	if (out->content_type != NULL && strncmp(out->content_type, "text/html", 9) == 0)
		MHD_add_response_header(mr, "Content-Security-Policy",
		                        "default-src 'self'; script-src 'self'; style-src 'self'; "
		                        "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
		                        "frame-ancestors 'none'; form-action 'self'");
	if (out->label[0] != '\0')
		MHD_add_response_header(mr, "X-Qupiya-Label", out->label);
	if (out->status == 401)
		MHD_add_response_header(mr, "WWW-Authenticate", "Bearer");
	if (out->status == 429) {
		char ra[16];

		snprintf(ra, sizeof ra, "%d", out->retry_after > 0 ? out->retry_after : 3600);
		MHD_add_response_header(mr, "Retry-After", ra);
	}
	if (srv->tls)
		MHD_add_response_header(mr, "Strict-Transport-Security", SERVER_HSTS);
	if (close_after)
		MHD_add_response_header(mr, MHD_HTTP_HEADER_CONNECTION, "close");
	ret = MHD_queue_response(conn, (unsigned)out->status, mr);
	MHD_destroy_response(mr);
	return ret;
}

static const char *
mime_of(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (dot == NULL)
		return "application/octet-stream";
	if (strcmp(dot, ".html") == 0)
		return "text/html; charset=utf-8";
	if (strcmp(dot, ".js") == 0 || strcmp(dot, ".mjs") == 0)
		return "text/javascript; charset=utf-8";
	if (strcmp(dot, ".css") == 0)
		return "text/css; charset=utf-8";
	if (strcmp(dot, ".json") == 0)
		return "application/json; charset=utf-8";
	if (strcmp(dot, ".svg") == 0)
		return "image/svg+xml";
	if (strcmp(dot, ".png") == 0)
		return "image/png";
	if (strcmp(dot, ".ico") == 0)
		return "image/x-icon";
	return "application/octet-stream";
}

/* Static files of the web interface; 0 when served, -1 when not found. */
static int
serve_static(const struct app *app, const char *url, struct resp *out)
{
	char path[STATIC_PATH_MAX + 64];
	struct stat st;
	int fd, n;

	if (app->web_dir == NULL || strstr(url, "..") != NULL || strstr(url, "/.") != NULL ||
	    strchr(url, '\\') != NULL || strlen(url) > STATIC_PATH_MAX)
		return -1;
	if (strcmp(url, "/") == 0)
		url = "/index.html";
	n = snprintf(path, sizeof path, "%s%s", app->web_dir, url);
	if (n < 0 || (size_t)n >= sizeof path)
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return -1;
	}
	out->status = 200;
	out->fd = fd;
	out->fd_size = (uint64_t)st.st_size;
	out->content_type = mime_of(path);
	return 0;
}

static void
client_addr(struct MHD_Connection *conn, char *buf, size_t sz)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);

	q_strlcpy(buf, "unknown", sz);
	if (ci == NULL || ci->client_addr == NULL)
		return;
	if (ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, buf,
		          (socklen_t)sz);
	else if (ci->client_addr->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr,
		          buf, (socklen_t)sz);
}

/* Fills r for a request on conn (body and upload left empty). */
static void
req_init(struct req *r, struct http_server *srv, struct MHD_Connection *conn,
         const char *url, const char *method)
{
	const char *auth;

	memset(r, 0, sizeof *r);
	r->app = srv->app;
	r->method = method;
	r->path = url;
	r->conn = conn;
	r->lang = i18n_pick(MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	                                                 MHD_HTTP_HEADER_ACCEPT_LANGUAGE));
	r->today = today_of(srv->app);
	r->effective_date = r->today;
	client_addr(conn, r->addr, sizeof r->addr);
	auth = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	if (auth != NULL && strncmp(auth, "Bearer ", 7) == 0)
		r->bearer = auth + 7;
}

/* The BEGIN dispatch of a streamed body (struct http_upload): either the
 * handler installed its sink, or its answer waits in c->answer while the
 * body is drained. */
static void
upload_begin(struct http_server *srv, struct conn_ctx *c, struct MHD_Connection *conn,
             const char *url, const char *method)
{
	struct req r;

	req_init(&r, srv, conn, url, method);
	r.upload = &c->up;
	c->up.phase = HTTP_UPLOAD_BEGIN;
	memset(&c->answer, 0, sizeof c->answer);
	c->answer.fd = -1;
	http_dispatch(&r, &c->answer);
	json_decref(r.json);
	if (c->up.sink == NULL || c->answer.status >= 300) {
		upload_release(c);
		c->pending = true;
		return;
	}
	resp_clear(&c->answer);
}

/* Whether the request's Content-Type is application/json (parameters
 * such as "; charset=utf-8" allowed; case-insensitive, RFC 9110 §8.3.1). */
static bool
ctype_is_json(struct MHD_Connection *conn)
{
	const char *v = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	                                            MHD_HTTP_HEADER_CONTENT_TYPE);
	static const char want[] = "application/json";

	if (v == NULL)
		return false;
	while (*v == ' ' || *v == '\t')
		v++;
	if (strncasecmp(v, want, sizeof want - 1) != 0)
		return false;
	v += sizeof want - 1;
	return *v == '\0' || *v == ';' || *v == ' ' || *v == '\t';
}

/*
 * What is decided from the headers alone, before a byte of the body is
 * read or any handler runs: 0 to go on, else out holds the answer.
 *   - a surplus connection without a valid token: 503 server_busy;
 *   - on a route: a declared Content-Length over the route's limit: 413
 *     body_too_large; a body on a JSON route not declared
 *     application/json: 415 unsupported_media_type.
 * Unknown paths and methods go on to the router's 404/405.
 */
static int
early_refusal(struct http_server *srv, struct MHD_Connection *conn, const char *url,
              const char *method, struct resp *out)
{
	struct conn_watch *w = watch_of(conn);
	struct qerr e = {0};
	struct req r;
	unsigned flags;
	const char *clen, *te;
	unsigned long long n = 0;
	bool surplus, authed, has_body;

	req_init(&r, srv, conn, url, method);
	if (w != NULL) {
		pthread_mutex_lock(&srv->lock);
		surplus = w->surplus;
		authed = w->authed;
		pthread_mutex_unlock(&srv->lock);
		if (surplus && !authed) {
			if (r.bearer == NULL || auth_resolve(&r, &e) != 0) {
				memset(&e, 0, sizeof e);
				qerr_set(&e, QERR_UNAVAILABLE, "server_busy", NULL, NULL);
				goto refuse;
			}
			pthread_mutex_lock(&srv->lock);
			w->authed = true;
			pthread_mutex_unlock(&srv->lock);
		}
	}
	if (!http_route_lookup(method, url, &flags))
		return 0;
	clen = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	te = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	                                 MHD_HTTP_HEADER_TRANSFER_ENCODING);
	if (clen != NULL) {
		char *end;

		errno = 0;
		n = strtoull(clen, &end, 10);
		if (errno != 0 || *end != '\0')
			n = UINT64_MAX;   /* libmicrohttpd refused such a length already */
	}
	if (n > ((flags & ROUTE_RAW_BODY) ? HTTP_RAW_BODY_MAX : (unsigned long long)HTTP_BODY_MAX)) {
		qerr_set(&e, QERR_TOO_LARGE, "body_too_large", NULL, "body");
		http_error_answer(&r, out, &e);
		out->status = HTTP_STATUS_PAYLOAD_TOO_LARGE;   /* declared: 413, not 400 */
		return -1;
	}
	has_body = n > 0 || te != NULL;
	if (has_body && !(flags & (ROUTE_RAW_BODY | ROUTE_TEXT_BODY)) && !ctype_is_json(conn)) {
		qerr_set(&e, HTTP_STATUS_UNSUPPORTED_MEDIA, "unsupported_media_type", NULL, "body");
		goto refuse;
	}
	return 0;
refuse:
	http_error_answer(&r, out, &e);
	return -1;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
           const char *version, const char *upload_data, size_t *upload_data_size,
           void **con_cls)
{
	struct http_server *srv = cls;
	struct conn_ctx *c = *con_cls;
	struct req r;
	struct resp out;
	enum MHD_Result ret;

	(void)version;
	/* RFC 9110 §9.1: HEAD is GET without the body (libmicrohttpd sends the
	 * headers of the answer, Content-Length included, and no body). */
	if (strcmp(method, MHD_HTTP_METHOD_HEAD) == 0)
		method = MHD_HTTP_METHOD_GET;
	if (c == NULL) {
		c = calloc(1, sizeof *c);
		if (c == NULL)
			return MHD_NO;
		c->answer.fd = -1;
		*con_cls = c;
		watch_phase(srv, conn, PHASE_BODY);
		memset(&out, 0, sizeof out);
		out.fd = -1;
		if (early_refusal(srv, conn, url, method, &out) != 0) {
			watch_phase(srv, conn, PHASE_ANSWER);
			ret = send_resp(srv, conn, &out, true);
			resp_clear(&out);
			return ret;
		}
		if (http_route_flags(method, url) & ROUTE_RAW_BODY) {
			c->raw = true;
			upload_begin(srv, c, conn, url, method);
		}
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		watch_body(srv, conn, *upload_data_size);
		if (c->raw)
			upload_piece(c, upload_data, *upload_data_size);
		else if (body_append(c, upload_data, *upload_data_size) != 0)
			return MHD_NO;
		*upload_data_size = 0;
		return MHD_YES;
	}

	watch_phase(srv, conn, PHASE_ANSWER);
	req_init(&r, srv, conn, url, method);
	memset(&out, 0, sizeof out);
	out.fd = -1;
	r.body = c->body;
	r.body_len = c->len;
	r.body_too_large = c->too_large;

	if (strncmp(url, "/v1/", 4) != 0 && strcmp(method, "GET") == 0 &&
	    serve_static(srv->app, url, &out) == 0) {
		ret = send_resp(srv, conn, &out, false);
		return ret;
	}
	if (c->raw && c->pending) {
		out = c->answer;   /* decided at BEGIN; now owned here */
		memset(&c->answer, 0, sizeof c->answer);
		c->answer.fd = -1;
		c->pending = false;
	} else if (c->raw) {
		r.upload = &c->up;
		c->up.phase = HTTP_UPLOAD_END;
		r.body_too_large = c->up.too_large;
		http_dispatch(&r, &out);
		upload_release(c);
	} else {
		http_dispatch(&r, &out);
	}
	json_decref(r.json);
	ret = send_resp(srv, conn, &out, false);
	json_decref(out.json);
	free(out.raw);
	return ret;
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
             enum MHD_RequestTerminationCode toe)
{
	struct http_server *srv = cls;
	struct conn_ctx *c = *con_cls;

	(void)toe;
	/* A kept-alive connection waits for its next request's headers. */
	watch_phase(srv, conn, PHASE_HEADERS);
	if (c != NULL) {
		upload_release(c);
		resp_clear(&c->answer);
		free(c->body);
		free(c);
		*con_cls = NULL;
	}
}

static int
parse_listen(const char *s, struct sockaddr_storage *ss, char *err, size_t errsz)
{
	char host[128];
	const char *colon = strrchr(s, ':');
	char *end;
	long port;
	size_t hl;

	memset(ss, 0, sizeof *ss);
	if (colon == NULL || colon == s)
		goto bad;
	port = strtol(colon + 1, &end, 10);
	if (*end != '\0' || port < 1 || port > 65535)
		goto bad;
	hl = (size_t)(colon - s);
	if (s[0] == '[' && hl >= 2 && s[hl - 1] == ']') {
		s++;
		hl -= 2;
	}
	if (hl >= sizeof host)
		goto bad;
	memcpy(host, s, hl);
	host[hl] = '\0';
	if (inet_pton(AF_INET, host, &((struct sockaddr_in *)ss)->sin_addr) == 1) {
		((struct sockaddr_in *)ss)->sin_family = AF_INET;
		((struct sockaddr_in *)ss)->sin_port = htons((uint16_t)port);
		return 0;
	}
	if (inet_pton(AF_INET6, host, &((struct sockaddr_in6 *)ss)->sin6_addr) == 1) {
		((struct sockaddr_in6 *)ss)->sin6_family = AF_INET6;
		((struct sockaddr_in6 *)ss)->sin6_port = htons((uint16_t)port);
		return 0;
	}
bad:
	snprintf(err, errsz, "bad --listen address '%s' (want ADDR:PORT, e.g. 127.0.0.1:8470)", s);
	return -1;
}

/* Reads a PEM file whole into a NUL-terminated buffer (*len without the
 * NUL); NULL with err filled. */
static char *
pem_read(const char *path, size_t *len, char *err, size_t errsz)
{
	struct stat st;
	char *buf;
	ssize_t n;
	size_t got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
	    st.st_size > SERVER_TLS_FILE_MAX) {
		snprintf(err, errsz, "%s: not a PEM file of at most %d bytes", path,
		         SERVER_TLS_FILE_MAX);
		close(fd);
		return NULL;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL) {
		snprintf(err, errsz, "out of memory");
		close(fd);
		return NULL;
	}
	while (got < (size_t)st.st_size) {
		n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (got != (size_t)st.st_size) {
		snprintf(err, errsz, "%s: short read", path);
		free(buf);
		return NULL;
	}
	buf[got] = '\0';
	*len = got;
	return buf;
}

/* Accepts connections on the listening socket and hands each to
 * libmicrohttpd, which gives it to a worker chosen by its descriptor and
 * applies the cap per address (closing what it refuses, at once). The
 * overall cap is kept here, counting connections handed over and not yet
 * STARTED (s->handed) with the open ones: libmicrohttpd 0.9.75's worker
 * deadlocks on a handed-over connection beyond its own share of the cap
 * (a worker stuck on a mutex it holds: found with gdb), so its cap is set
 * beyond reach (SERVER_THREADS times ours: every worker may hold all).
 *
 * Review (issue 15):
 *   - one thread only ever adds connections, so the cap checked under the
 *     lock cannot be overtaken before the accept: open + handed stays at
 *     most conn_max, and s->handed (conn_max slots) never overflows;
 *   - a hand-over is forgotten at its STARTED notice, or at once when
 *     MHD_add_connection refuses it. libmicrohttpd may also drop a queued
 *     connection in its worker without any notice (its memory pool not
 *     allocated): such an entry expires after SERVER_HEADER_SECS, the
 *     deadline a started connection would have had for its headers, so a
 *     lost notice costs one slot for seconds, never for good. A started
 *     connection whose entry expired first is counted once (open);
 *   - at the cap, connections wait in the kernel's backlog (not accepted
 *     and closed), re-checked every 10 ms; out of descriptors likewise;
 *   - stop: http_server_stop sets accept_stop and joins this thread (it
 *     polls with a SERVER_ACCEPT_MS timeout) before MHD_stop_daemon, so no
 *     connection is added to a stopping daemon; the listening socket is
 *     closed after the join (server_free). */
static void *
acceptor_main(void *arg)
{
	struct http_server *s = arg;
	struct pollfd p = {.fd = s->listen_fd, .events = POLLIN};

	while (!atomic_load(&s->accept_stop)) {
		struct sockaddr_storage ss;
		socklen_t len = sizeof ss;
		bool full;
		int fd, n = poll(&p, 1, SERVER_ACCEPT_MS);
		int64_t now;

		if (n <= 0)
			continue;
		now = now_ms();
		pthread_mutex_lock(&s->lock);
		for (unsigned i = 0; i < s->nhanded;) {
			if (now - s->handed[i].ms > 1000 * SERVER_HEADER_SECS)
				s->handed[i] = s->handed[--s->nhanded];
			else
				i++;
		}
		full = s->open + s->nhanded >= s->conn_max;
		pthread_mutex_unlock(&s->lock);
		if (full) {
			(void)poll(NULL, 0, 10);
			continue;
		}
		/* libmicrohttpd makes it non-blocking itself */
		fd = accept(s->listen_fd, (struct sockaddr *)&ss, &len);
		if (fd < 0) {
			/* out of descriptors or memory: later (the caps keep
			 * it rare); anything else is the peer's, try the next */
			if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
				(void)poll(NULL, 0, 10);
			continue;
		}
		(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
		pthread_mutex_lock(&s->lock);   /* until its STARTED notice */
		s->handed[s->nhanded++] = (struct handed){fd, now};
		pthread_mutex_unlock(&s->lock);
		if (MHD_add_connection(s->daemon, fd, (struct sockaddr *)&ss, len) != MHD_YES)
			handed_drop(s, fd);   /* refused (per address), closed */
	}
	return NULL;
}

static void
server_free(struct http_server *s)
{
	if (s->acceptor_running) {
		atomic_store(&s->accept_stop, true);
		pthread_join(s->acceptor, NULL);
	}
	if (s->listen_fd >= 0)
		close(s->listen_fd);
	if (s->reaper_running) {
		pthread_mutex_lock(&s->lock);
		s->stopping = true;
		pthread_cond_signal(&s->wake);
		pthread_mutex_unlock(&s->lock);
		pthread_join(s->reaper, NULL);
	}
	pthread_cond_destroy(&s->wake);
	pthread_mutex_destroy(&s->lock);
	free(s->handed);
	free(s->tls_cert);
	if (s->tls_key != NULL)
		crypto_wipe(s->tls_key, s->tls_key_len);
	free(s->tls_key);
	free(s);
}

/* More descriptors than the usual 1024: every connection holds one. */
static void
nofile_raise(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= SERVER_NOFILE_WANT)
		return;
	rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > SERVER_NOFILE_WANT
	              ? SERVER_NOFILE_WANT : rl.rlim_max;
	(void)setrlimit(RLIMIT_NOFILE, &rl);   /* best effort: the caps still hold */
}

int
http_server_start(struct app *app, const char *listen_addr,
                  const struct http_server_opts *opts, struct http_server **out,
                  char *err, size_t errsz)
{
	static const struct http_server_opts defaults = {0};
	struct http_server *s;
	struct sockaddr_storage ss;
	struct MHD_OptionItem tls_opts[4];
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL;
	static const struct MHD_OptionItem no_opts[] = {{MHD_OPTION_END, 0, NULL}};
	unsigned conn_max, per_ip;
	size_t cert_len = 0;

	if (opts == NULL)
		opts = &defaults;
	conn_max = opts->max_connections ? opts->max_connections : SERVER_CONNECTIONS_MAX;
	per_ip = opts->per_ip_connections ? opts->per_ip_connections : SERVER_PER_IP_MAX;
	if (parse_listen(listen_addr, &ss, err, errsz) != 0)
		return -1;
	if ((opts->tls_cert == NULL) != (opts->tls_key == NULL)) {
		snprintf(err, errsz, "--tls-cert and --tls-key go together");
		return -1;
	}
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	s = calloc(1, sizeof *s);
	if (s == NULL) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	s->app = app;
	s->listen_fd = -1;
	s->conn_max = conn_max;
	s->anon_max = conn_max - conn_max / SERVER_RESERVE_DIV;
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->wake, NULL);
	memset(tls_opts, 0, sizeof tls_opts);
	tls_opts[0].option = MHD_OPTION_END;
	if (opts->tls_cert != NULL) {
		if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
			snprintf(err, errsz, "this libmicrohttpd was built without TLS");
			goto fail;
		}
		s->tls_cert = pem_read(opts->tls_cert, &cert_len, err, errsz);
		if (s->tls_cert == NULL)
			goto fail;
		s->tls_key = pem_read(opts->tls_key, &s->tls_key_len, err, errsz);
		if (s->tls_key == NULL)
			goto fail;
		s->tls = true;
		flags |= MHD_USE_TLS;
		tls_opts[0] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_KEY, 0, s->tls_key};
		tls_opts[1] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_CERT, 0, s->tls_cert};
		tls_opts[2] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_PRIORITIES, 0,
		                                      (void *)SERVER_TLS_PRIORITIES};
		tls_opts[3] = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};
	}
	nofile_raise();
	if (pthread_create(&s->reaper, NULL, reaper_main, s) != 0) {
		snprintf(err, errsz, "cannot start the connection reaper thread");
		goto fail;
	}
	s->reaper_running = true;
	if (app->listen_fd > 0) {   /* a socket already bound: accepted here */
		if ((s->handed = calloc(conn_max, sizeof *s->handed)) == NULL) {
			snprintf(err, errsz, "out of memory");
			goto fail;
		}
		s->listen_fd = app->listen_fd;
		flags |= MHD_USE_NO_LISTEN_SOCKET | MHD_USE_ITC;
	}
	errno = 0;
	/* no address for a daemon that listens on nothing (it refuses one) */
	s->daemon = MHD_start_daemon(flags, 0, NULL, NULL, &on_request, s,
	                             s->listen_fd >= 0 ? MHD_OPTION_ARRAY : MHD_OPTION_SOCK_ADDR,
	                             s->listen_fd >= 0 ? (void *)no_opts : (void *)&ss,
	                             MHD_OPTION_THREAD_POOL_SIZE, (unsigned)SERVER_THREADS,
	                             MHD_OPTION_CONNECTION_LIMIT,
	                             s->listen_fd >= 0 && conn_max <= UINT_MAX / SERVER_THREADS
	                             ? conn_max * SERVER_THREADS : conn_max,
	                             MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip,
	                             MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SERVER_TIMEOUT_SECS,
	                             MHD_OPTION_NOTIFY_COMPLETED, &on_completed, s,
	                             MHD_OPTION_NOTIFY_CONNECTION, &on_connection, s,
	                             MHD_OPTION_ARRAY, tls_opts,
	                             MHD_OPTION_END);
	if (s->daemon == NULL) {
		if (s->tls)
			snprintf(err, errsz, "cannot listen on %s with TLS: the certificate or key "
			         "is not usable, or the address is in use", listen_addr);
		else
			snprintf(err, errsz, "cannot listen on %s: %s", listen_addr,
			         errno ? strerror(errno) : "address in use or not available");
		goto fail;
	}
	if (s->listen_fd >= 0) {
		if (pthread_create(&s->acceptor, NULL, acceptor_main, s) != 0) {
			snprintf(err, errsz, "cannot start the accepting thread");
			MHD_stop_daemon(s->daemon);
			s->listen_fd = -1;   /* the caller closes it */
			goto fail;
		}
		s->acceptor_running = true;
	}
	*out = s;
	return 0;
fail:
	s->listen_fd = -1;   /* not taken: the caller closes it */
	server_free(s);
	return -1;
}

bool
http_server_tls(const struct http_server *s)
{
	return s != NULL && s->tls;
}

void
http_server_stop(struct http_server *s)
{
	if (s == NULL)
		return;
	if (s->acceptor_running) {   /* no connection is added to a stopped daemon */
		atomic_store(&s->accept_stop, true);
		pthread_join(s->acceptor, NULL);
		s->acceptor_running = false;
	}
	MHD_stop_daemon(s->daemon);
	server_free(s);
}
