/*
 * auth.h — who is calling: bearer tokens to users (401), password checks
 * with throttling. Sessions: 256-bit random tokens, stored only as their
 * SHA-256; idle timeout SESSION_IDLE_SECS, absolute SESSION_MAX_SECS.
 */
#ifndef QUPIYA_HTTP_AUTH_H
#define QUPIYA_HTTP_AUTH_H

#include "http/http.h"

/* Fills r->user from r->bearer; 401 "unauthenticated" (no token) or
 * "invalid_token" (unknown, expired, idle, user disabled). */
int auth_resolve(struct req *r, struct qerr *e);

/* Real time in Unix seconds (sessions and throttling use real time, never
 * the --clock date). */
int64_t auth_now(void);

/* User JSON as the API shows it (no password hash). */
json_t *auth_user_json(const struct store_user *u);

#endif
