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

/* When the peer r->addr is one of app->trusted_proxies, replaces r->addr
 * with the client its Forwarded (RFC 7239 for=) or, absent that, its
 * X-Forwarded-For header names: the rightmost entry that is not itself a
 * trusted proxy (all trusted: the leftmost). An entry that is not an IP
 * address stops the walk and r->addr stays the proxy's. From any other
 * peer both headers are ignored. */
void auth_client_addr(struct req *r);

/* The key a login is counted and audited under: the user id when an account
 * has this login (known), else crypto_login_hash() of what was typed. */
void auth_login_key(const struct req *r, const char *login, const struct store_user *u,
                    char out[STORE_REF_MAX]);

/* The throttle's decision, pure: the seconds the pair t must still wait
 * at now (0: it may try), given total, the login's failures over every
 * address in open windows. A pair without failures never waits. */
int64_t auth_throttle_wait(const struct store_throttle *t, int64_t total, int64_t now);

/* The address a client is throttled under: IPv4 as it is, IPv6 as its /64
 * ("2001:db8::/64"). */
void auth_throttle_address(const char *addr, char out[HTTP_ADDR_MAX]);

/* Before a password is checked: refuses the attempt of (login_key, the
 * throttle address of r->addr) with 429 "too_many_attempts" (out->retry_after set, the refusal
 * counted) or counts it as a failure in flight and returns 0; its outcome
 * is then reported by exactly one of the two calls below. */
int auth_throttle_enter(struct req *r, struct resp *out, const char *login_key,
                        struct qerr *e);
/* The password was wrong: the first failure of the pair's window gets its
 * audit entry (within the per-minute budget). Own transaction. */
int auth_throttle_failed(struct req *r, const char *login_key, struct qerr *e);
/* The password was right: inside the login's write transaction, the pair's
 * window closes (its summary entry appended when it counted more than its
 * first entry did). */
int auth_throttle_succeeded(struct req *r, struct store_tx *tx, const char *login_key,
                            struct qerr *e);
/* Closes every window of login_key and address (NULL: any) inside tx, each
 * with its summary entry; *cleared receives their number. */
int auth_throttle_clear(struct req *r, struct store_tx *tx, const char *login_key,
                        const char *address, int64_t *cleared, struct qerr *e);

#endif
