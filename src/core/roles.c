/*
 * roles.c — role names and sets. Pure.
 */
#include "core/roles.h"

#include <string.h>

static const char *const role_names[ROLE_COUNT] = {
	"admin", "security_officer", "head", "classifier", "employee",
	"nsc_officer", "authorized_body", "archivist", "auditor", "citizen",
};

unsigned
role_from_name(const char *name)
{
	for (unsigned i = 0; i < ROLE_COUNT; i++)
		if (name != NULL && strcmp(name, role_names[i]) == 0)
			return 1u << i;
	return 0;
}

const char *
role_name(unsigned role)
{
	for (unsigned i = 0; i < ROLE_COUNT; i++)
		if (role == 1u << i)
			return role_names[i];
	return NULL;
}

int
roles_parse_csv(const char *csv, unsigned *out)
{
	char name[32];
	unsigned set = 0;
	const char *p = csv;

	if (csv == NULL || *csv == '\0')
		return -1;
	for (;;) {
		size_t n = strcspn(p, ",");
		unsigned r;

		if (n == 0 || n >= sizeof name)
			return -1;
		memcpy(name, p, n);
		name[n] = '\0';
		r = role_from_name(name);
		if (r == 0)
			return -1;
		set |= r;
		if (p[n] == '\0')
			break;
		p += n + 1;
	}
	*out = set;
	return 0;
}

int
roles_format_csv(unsigned roles, char *buf, size_t bufsz)
{
	size_t used = 0;

	if (bufsz == 0)
		return -1;
	buf[0] = '\0';
	for (unsigned i = 0; i < ROLE_COUNT; i++) {
		size_t n;

		if (!(roles & (1u << i)))
			continue;
		n = strlen(role_names[i]);
		if (used + n + 2 > bufsz)
			return -1;
		if (used > 0)
			buf[used++] = ',';
		memcpy(buf + used, role_names[i], n + 1);
		used += n;
	}
	return 0;
}

unsigned
roles_acting(unsigned user, unsigned route)
{
	return user & route;
}

bool
roles_scope_cross_org(unsigned user, unsigned route, bool write)
{
	unsigned cross = write ? ROLE_CROSS_ORG_WRITE : ROLE_CROSS_ORG;

	return (roles_acting(user, route) & cross) != 0;
}

bool
roles_set_valid(unsigned set)
{
	if (set == 0 || (set & ~(unsigned)ROLE_ANY_USER) != 0)
		return false;
	return !((set & ROLE_ADMIN) && set != ROLE_ADMIN);
}
