/*
 * http_client.h — a minimal HTTP/1.1 client for the witness commands
 * (http_client.c): one request, plain http:// only, bounded answers.
 */
#ifndef QUPIYA_CLI_HTTP_CLIENT_H
#define QUPIYA_CLI_HTTP_CLIENT_H

#include <stddef.h>

#define CLI_HTTP_MAX (1024 * 1024)

struct cli_http_answer {
	int status;
	char content_type[128];
	char *body;               /* malloc'd, NUL-terminated */
	size_t body_len;
};

/* METHOD base's prefix + path; body may be NULL. 0 with *a filled (free
 * with cli_http_answer_free), or -1 with err set. */
int cli_http(const char *base, const char *method, const char *path, const char *ctype,
             const char *body, size_t len, struct cli_http_answer *a, char *err,
             size_t errsz);
void cli_http_answer_free(struct cli_http_answer *a);
/* Percent-encodes s for a query value. 0 or -1 (too long). */
int cli_url_escape(const char *s, char *out, size_t outsz);

#endif
