/*
 * server.c — libmicrohttpd glue: receives requests, caps bodies, builds
 * struct req, calls http_dispatch(), sends the answer with its headers.
 *
 * SECURITY: the network is untrusted. Limits: JSON bodies HTTP_BODY_MAX
 * (the rest of a larger body is read and dropped, then 400 body_too_large),
 * streamed bodies of ROUTE_RAW_BODY routes HTTP_RAW_BODY_MAX (never held in
 * memory: handed piece by piece to the handler's sink, only after the
 * caller was authenticated and authorized; see struct http_upload),
 * SERVER_CONNECTIONS_MAX connections, SERVER_PER_IP_MAX per address, an idle
 * timeout of SERVER_TIMEOUT_SECS. Every answer carries a Content-Type and no
 * Server banner. Static files are served only from app->web_dir, by paths
 * without "..", dot-files or backslashes.
 */
#include "http/http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "http/i18n.h"
#include "http/util.h"

#define SERVER_THREADS          8
#define SERVER_CONNECTIONS_MAX  1000
#define SERVER_PER_IP_MAX       256
#define SERVER_TIMEOUT_SECS     30
#define STATIC_PATH_MAX         512

struct http_server {
	struct MHD_Daemon *daemon;
	struct app *app;
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
send_resp(struct MHD_Connection *conn, struct resp *out)
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
	if (out->status == 429)
		MHD_add_response_header(mr, "Retry-After", "3600");
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
	const char *clen;
	char *end;
	unsigned long long n;

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
	/* A declared length over the limit: refuse without encrypting it. */
	clen = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	                                   MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (clen != NULL) {
		errno = 0;
		n = strtoull(clen, &end, 10);
		if (errno == 0 && *end == '\0' && n > HTTP_RAW_BODY_MAX) {
			c->up.too_large = true;
			upload_release(c);
		}
	}
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
	if (c == NULL) {
		c = calloc(1, sizeof *c);
		if (c == NULL)
			return MHD_NO;
		c->answer.fd = -1;
		*con_cls = c;
		if (http_route_flags(method, url) & ROUTE_RAW_BODY) {
			c->raw = true;
			upload_begin(srv, c, conn, url, method);
		}
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		if (c->raw)
			upload_piece(c, upload_data, *upload_data_size);
		else if (body_append(c, upload_data, *upload_data_size) != 0)
			return MHD_NO;
		*upload_data_size = 0;
		return MHD_YES;
	}

	req_init(&r, srv, conn, url, method);
	memset(&out, 0, sizeof out);
	out.fd = -1;
	r.body = c->body;
	r.body_len = c->len;
	r.body_too_large = c->too_large;

	if (strncmp(url, "/v1/", 4) != 0 && strcmp(method, "GET") == 0 &&
	    serve_static(srv->app, url, &out) == 0) {
		ret = send_resp(conn, &out);
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
	ret = send_resp(conn, &out);
	json_decref(out.json);
	free(out.raw);
	return ret;
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
             enum MHD_RequestTerminationCode toe)
{
	struct conn_ctx *c = *con_cls;

	(void)cls;
	(void)conn;
	(void)toe;
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

int
http_server_start(struct app *app, const char *listen_addr, struct http_server **out,
                  char *err, size_t errsz)
{
	struct http_server *s;
	struct sockaddr_storage ss;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL;

	if (parse_listen(listen_addr, &ss, err, errsz) != 0)
		return -1;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	s = calloc(1, sizeof *s);
	if (s == NULL) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	s->app = app;
	s->daemon = MHD_start_daemon(flags, 0, NULL, NULL, &on_request, s,
	                             MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	                             MHD_OPTION_LISTEN_SOCKET,
	                             app->listen_fd > 0 ? app->listen_fd : MHD_INVALID_SOCKET,
	                             MHD_OPTION_THREAD_POOL_SIZE, (unsigned)SERVER_THREADS,
	                             MHD_OPTION_CONNECTION_LIMIT, (unsigned)SERVER_CONNECTIONS_MAX,
	                             MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)SERVER_PER_IP_MAX,
	                             MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SERVER_TIMEOUT_SECS,
	                             MHD_OPTION_NOTIFY_COMPLETED, &on_completed, NULL,
	                             MHD_OPTION_END);
	if (s->daemon == NULL) {
		snprintf(err, errsz, "cannot listen on %s: %s", listen_addr,
		         errno ? strerror(errno) : "address in use or not available");
		free(s);
		return -1;
	}
	*out = s;
	return 0;
}

void
http_server_stop(struct http_server *s)
{
	if (s == NULL)
		return;
	MHD_stop_daemon(s->daemon);
	free(s);
}
