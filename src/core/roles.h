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

/* "security_officer" -> ROLE_SECURITY_OFFICER; 0 when unknown. */
unsigned role_from_name(const char *name);
/* The name of a single role bit, or NULL. */
const char *role_name(unsigned role);

/* Parses "a,b,c" into a set; returns -1 on an unknown or empty name. */
int roles_parse_csv(const char *csv, unsigned *out);
/* Writes "a,b,c" (canonical order) into buf; returns 0, or -1 if too small. */
int roles_format_csv(unsigned roles, char *buf, size_t bufsz);

#endif
