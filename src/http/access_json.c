/*
 * access_json.c — encoding the access decision (see access_json.h). The
 * decision is src/ops/access.c's; this file only words it.
 */
#include "http/access_json.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/i18n.h"

/* One check's object in the request's language. */
static json_t *
check_json(const struct req *r, const struct access_check *c)
{
	struct qerr m = {0};
	char msg[512];

	/* A passed check reads "<code>.passed"; a failed one the refusal. */
	qerr_set(&m, QERR_RULE, c->code, c->article, NULL);
	if (c->passed)
		snprintf(m.code, sizeof m.code, "%s.passed", c->code);
	i18n_format(r->app->i18n, r->lang, &m, msg, sizeof msg);
	return json_pack("{s:s, s:s, s:b, s:s}", "code", c->code, "article", c->article,
	                 "passed", c->passed, "message", msg);
}

json_t *
access_decision_json(const struct req *r, const struct access_decision *d)
{
	json_t *checks = json_array();

	if (checks == NULL)
		return NULL;
	for (int i = 0; i < ACCESS_CHECK_COUNT; i++) {
		if (json_array_append_new(checks, check_json(r, &d->checks[i])) != 0) {
			json_decref(checks);
			return NULL;
		}
	}
	return json_pack("{s:b, s:o}", "allowed", d->allowed, "checks", checks);
}

/* The encoded checks: appended under the lock, never changed nor freed
 * once counted, so a reader needs only the count (acquire). Full: the
 * check is encoded for this answer alone. */
#define FRAG_MAX 512

struct frag {
	const struct i18n *cat;
	char lang[16];
	const char *code, *article;
	bool passed;
	char *text;
	size_t len;
};

static struct {
	pthread_mutex_t lock;
	size_t n;
	struct frag f[FRAG_MAX];
} frags = {.lock = PTHREAD_MUTEX_INITIALIZER};

static bool
frag_is(const struct frag *f, const struct req *r, const struct access_check *c)
{
	return f->cat == r->app->i18n && f->passed == c->passed && strcmp(f->code, c->code) == 0 &&
	       strcmp(f->article, c->article) == 0 && strcmp(f->lang, r->lang) == 0;
}

/* The text of check c (borrowed; *own set when the caller must free it). */
static const struct frag *
frag_get(const struct req *r, const struct access_check *c, struct frag *own)
{
	size_t n = __atomic_load_n(&frags.n, __ATOMIC_ACQUIRE);
	json_t *j;

	for (size_t i = 0; i < n; i++)
		if (frag_is(&frags.f[i], r, c))
			return &frags.f[i];
	if ((j = check_json(r, c)) == NULL)
		return NULL;
	own->text = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	if (own->text == NULL)
		return NULL;
	own->len = strlen(own->text);
	own->cat = r->app->i18n;
	own->code = c->code;
	own->article = c->article;
	own->passed = c->passed;
	if (strlen(r->lang) >= sizeof own->lang)
		return own;
	strcpy(own->lang, r->lang);
	pthread_mutex_lock(&frags.lock);
	n = frags.n;
	for (size_t i = 0; i < n; i++) {
		if (frag_is(&frags.f[i], r, c)) {   /* another thread's, meanwhile */
			pthread_mutex_unlock(&frags.lock);
			return own;
		}
	}
	if (n < FRAG_MAX) {
		frags.f[n] = *own;
		__atomic_store_n(&frags.n, n + 1, __ATOMIC_RELEASE);
		own->text = NULL;
		pthread_mutex_unlock(&frags.lock);
		return &frags.f[n];
	}
	pthread_mutex_unlock(&frags.lock);
	return own;
}

int
access_decision_text(const struct req *r, const struct access_decision *d, char **text,
                     size_t *len)
{
	static const char head_t[] = "{\"allowed\":true,\"checks\":[";
	static const char head_f[] = "{\"allowed\":false,\"checks\":[";
	struct frag own[ACCESS_CHECK_COUNT] = {0};
	const struct frag *f[ACCESS_CHECK_COUNT];
	size_t n = d->allowed ? sizeof head_t - 1 : sizeof head_f - 1;
	char *b = NULL, *p;
	int rc = -1;

	for (int i = 0; i < ACCESS_CHECK_COUNT; i++) {
		if ((f[i] = frag_get(r, &d->checks[i], &own[i])) == NULL)
			goto done;
		n += f[i]->len + 1;
	}
	if ((b = malloc(n + 2)) == NULL)
		goto done;
	p = b;
	memcpy(p, d->allowed ? head_t : head_f, d->allowed ? sizeof head_t - 1 : sizeof head_f - 1);
	p += d->allowed ? sizeof head_t - 1 : sizeof head_f - 1;
	for (int i = 0; i < ACCESS_CHECK_COUNT; i++) {
		if (i > 0)
			*p++ = ',';
		memcpy(p, f[i]->text, f[i]->len);
		p += f[i]->len;
	}
	*p++ = ']';
	*p++ = '}';
	*text = b;
	*len = (size_t)(p - b);
	rc = 0;
done:
	for (int i = 0; i < ACCESS_CHECK_COUNT; i++)
		free(own[i].text);
	return rc;
}

qdate
req_access_on(const struct req *r)
{
	return r->effective_date != QDATE_NONE ? r->effective_date : r->today;
}
