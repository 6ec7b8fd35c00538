/*
 * roles.h — the roles of SPEC.md §4 as a bit set, and which act across
 * organizations (API.md "Conventions"). Pure.
 */
#ifndef QUPIYA_CORE_ROLES_H
#define QUPIYA_CORE_ROLES_H

#include <stdbool.h>
#include <stddef.h>

enum role {
	ROLE_ADMIN = 1u << 0,
	ROLE_SECURITY_OFFICER = 1u << 1,
	ROLE_HEAD = 1u << 2,
	ROLE_CLASSIFIER = 1u << 3,
	ROLE_EMPLOYEE = 1u << 4,
	ROLE_NSC_OFFICER = 1u << 5,
	ROLE_AUTHORIZED_BODY = 1u << 6,
	ROLE_ARCHIVIST = 1u << 7,
	ROLE_AUDITOR = 1u << 8,
	ROLE_CITIZEN = 1u << 9,
};

#define ROLE_COUNT 10
#define ROLE_ANY_USER 0x3ffu   /* any authenticated user */
/* Roles that act across organizations (API.md). */
#define ROLE_CROSS_ORG (ROLE_ADMIN | ROLE_NSC_OFFICER | ROLE_AUTHORIZED_BODY | ROLE_AUDITOR)
/* Of those, the roles whose own actions include writes: an auditor reads and
 * never decides (SPEC.md §3 "Roles"). */
#define ROLE_CROSS_ORG_WRITE (ROLE_ADMIN | ROLE_NSC_OFFICER | ROLE_AUTHORIZED_BODY)

/* "security_officer" -> ROLE_SECURITY_OFFICER; 0 when unknown. */
unsigned role_from_name(const char *name);
/* The name of a single role bit, or NULL. */
const char *role_name(unsigned role);

/*
 * Scope of one request (SPEC.md §3 "Roles"). Each role carries its own
 * scope: a user with several roles acts, on a route, only with the roles
 * that route permits (user & route), and the request acts across
 * organizations only when one of THOSE roles is cross-organization for the
 * kind of act: any of ROLE_CROSS_ORG for a read, ROLE_CROSS_ORG_WRITE for a
 * write. So the head of A who is also an auditor reads across (an auditor's
 * read route) but decides only within A (a head's route), and an auditor's
 * scope never reaches a write at all.
 */
unsigned roles_acting(unsigned user, unsigned route);
bool roles_scope_cross_org(unsigned user, unsigned route, bool write);

/* A set of roles one account may hold: `admin` never with another role
 * (SPEC.md §3 "Roles": it never reads content, and its cross-organization
 * scope must not reach another role's act); the empty set is not one. */
bool roles_set_valid(unsigned set);

/* Parses "a,b,c" into a set; returns -1 on an unknown or empty name. */
int roles_parse_csv(const char *csv, unsigned *out);
/* Writes "a,b,c" (canonical order) into buf; returns 0, or -1 if too small. */
int roles_format_csv(unsigned roles, char *buf, size_t bufsz);

#endif
