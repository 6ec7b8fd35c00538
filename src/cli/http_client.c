/*
 * http_client.c — the smallest HTTP/1.1 client, for `qupiya audit witness`
 * and `audit verify --witness`: one request per connection (Connection:
 * close), plain http:// only (a witness behind TLS is reached through a
 * local TLS proxy), answers capped at CLI_HTTP_MAX bytes, 30 s timeouts.
 *
 * Untrusted input: the answer (status line, headers, body), parsed
 * strictly and bounded; the URL from the command line.
 */
#include "cli/http_client.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define TIMEOUT_SECS 30

/* Splits "http://host[:port][/prefix]". */
static int
url_split(const char *url, char host[256], char port[8], char prefix[1024])
{
	const char *p, *slash, *colon;
	size_t hl;

	if (strncmp(url, "http://", 7) != 0)
		return -1;
	p = url + 7;
	slash = strchr(p, '/');
	if (slash == NULL)
		slash = p + strlen(p);
	colon = memchr(p, ':', (size_t)(slash - p));
	hl = (size_t)((colon != NULL ? colon : slash) - p);
	if (hl == 0 || hl >= 256)
		return -1;
	memcpy(host, p, hl);
	host[hl] = '\0';
	if (colon != NULL) {
		size_t pl = (size_t)(slash - colon - 1);

		if (pl == 0 || pl >= 8)
			return -1;
		memcpy(port, colon + 1, pl);
		port[pl] = '\0';
	} else {
		strcpy(port, "80");
	}
	if (strlen(slash) >= 1024)
		return -1;
	strcpy(prefix, slash);
	/* no trailing slash: the caller appends "/name" */
	while (prefix[0] != '\0' && prefix[strlen(prefix) - 1] == '/')
		prefix[strlen(prefix) - 1] = '\0';
	return 0;
}

static int
dial(const char *host, const char *port, char *err, size_t errsz)
{
	struct addrinfo hints, *res = NULL, *ai;
	struct timeval tv = {TIMEOUT_SECS, 0};
	int fd = -1, rc;

	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	rc = getaddrinfo(host, port, &hints, &res);
	if (rc != 0) {
		snprintf(err, errsz, "%s: %s", host, gai_strerror(rc));
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
		if (fd < 0)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0)
		snprintf(err, errsz, "connect %s:%s: %s", host, port, strerror(errno));
	return fd;
}

static int
send_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);

		if (w <= 0) {
			if (w < 0 && errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Case-insensitive header value of name in head (headers block), copied
 * into out; -1 when absent. */
static int
header_get(const char *head, const char *name, char *out, size_t outsz)
{
	size_t nl = strlen(name);
	const char *p = strstr(head, "\r\n");

	while (p != NULL && p[2] != '\0') {
		const char *line = p + 2, *end = strstr(line, "\r\n");
		size_t len;

		if (end == NULL)
			end = line + strlen(line);
		if ((size_t)(end - line) > nl && strncasecmp(line, name, nl) == 0 &&
		    line[nl] == ':') {
			const char *v = line + nl + 1;

			while (*v == ' ' || *v == '\t')
				v++;
			len = (size_t)(end - v);
			if (len >= outsz)
				len = outsz - 1;
			memcpy(out, v, len);
			out[len] = '\0';
			return 0;
		}
		p = *end != '\0' ? end : NULL;
	}
	return -1;
}

int
cli_http(const char *base, const char *method, const char *path, const char *ctype,
         const char *body, size_t len, struct cli_http_answer *a, char *err, size_t errsz)
{
	char host[256], port[8], prefix[1024], hdr[2048], val[64];
	char *buf = NULL, *sep;
	size_t have = 0, cap = 0;
	int fd, n;

	memset(a, 0, sizeof *a);
	if (url_split(base, host, port, prefix) != 0) {
		snprintf(err, errsz, "%s: not an http://host[:port][/prefix] URL", base);
		return -1;
	}
	n = snprintf(hdr, sizeof hdr,
	             "%s %s%s HTTP/1.1\r\nHost: %s:%s\r\nConnection: close\r\n"
	             "User-Agent: qupiya\r\n",
	             method, prefix, path, host, port);
	if (n > 0 && (size_t)n < sizeof hdr && body != NULL)
		n += snprintf(hdr + n, sizeof hdr - (size_t)n,
		              "Content-Type: %s\r\nContent-Length: %zu\r\n", ctype, len);
	if (n > 0 && (size_t)n < sizeof hdr)
		n += snprintf(hdr + n, sizeof hdr - (size_t)n, "\r\n");
	if (n <= 0 || (size_t)n >= sizeof hdr) {
		snprintf(err, errsz, "request too long");
		return -1;
	}
	fd = dial(host, port, err, errsz);
	if (fd < 0)
		return -1;
	if (send_all(fd, hdr, (size_t)n) != 0 ||
	    (body != NULL && send_all(fd, body, len) != 0)) {
		snprintf(err, errsz, "send to %s:%s: %s", host, port, strerror(errno));
		close(fd);
		return -1;
	}
	for (;;) {
		ssize_t r;

		if (have + 4096 + 1 > cap) {
			char *nb;

			if (cap >= CLI_HTTP_MAX) {
				snprintf(err, errsz, "answer from %s:%s too large", host, port);
				goto fail;
			}
			cap = cap == 0 ? 16384 : cap * 2;
			nb = realloc(buf, cap);
			if (nb == NULL) {
				snprintf(err, errsz, "out of memory");
				goto fail;
			}
			buf = nb;
		}
		r = recv(fd, buf + have, cap - have - 1, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(err, errsz, "read from %s:%s: %s", host, port, strerror(errno));
			goto fail;
		}
		if (r == 0)
			break;
		have += (size_t)r;
	}
	close(fd);
	fd = -1;
	if (buf == NULL) {
		snprintf(err, errsz, "%s:%s closed without an answer", host, port);
		return -1;
	}
	buf[have] = '\0';
	sep = strstr(buf, "\r\n\r\n");
	if (sep == NULL || strncmp(buf, "HTTP/1.", 7) != 0 || have < 12 ||
	    sscanf(buf + 9, "%3d", &a->status) != 1) {
		snprintf(err, errsz, "%s:%s: not an HTTP answer", host, port);
		goto fail;
	}
	sep[2] = '\0';
	if (header_get(buf, "Transfer-Encoding", val, sizeof val) == 0) {
		snprintf(err, errsz, "%s:%s: chunked answers are not supported", host, port);
		goto fail;
	}
	if (header_get(buf, "Content-Type", a->content_type, sizeof a->content_type) != 0)
		a->content_type[0] = '\0';
	a->body_len = have - (size_t)(sep + 4 - buf);
	if (header_get(buf, "Content-Length", val, sizeof val) == 0) {
		char *end;
		unsigned long long cl = strtoull(val, &end, 10);

		if (*end != '\0' || cl > a->body_len) {
			snprintf(err, errsz, "%s:%s: short answer", host, port);
			goto fail;
		}
		a->body_len = (size_t)cl;
	}
	a->body = malloc(a->body_len + 1);
	if (a->body == NULL) {
		snprintf(err, errsz, "out of memory");
		goto fail;
	}
	memcpy(a->body, sep + 4, a->body_len);
	a->body[a->body_len] = '\0';
	free(buf);
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	free(buf);
	return -1;
}

void
cli_http_answer_free(struct cli_http_answer *a)
{
	free(a->body);
	a->body = NULL;
}

int
cli_url_escape(const char *s, char *out, size_t outsz)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~') {
			if (o + 1 >= outsz)
				return -1;
			out[o++] = (char)c;
		} else {
			if (o + 3 >= outsz)
				return -1;
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	out[o] = '\0';
	return 0;
}
