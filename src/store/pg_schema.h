/*
 * pg_schema.h — the PostgreSQL schema text (pg_schema.c).
 */
#ifndef QUPIYA_STORE_PG_SCHEMA_H
#define QUPIYA_STORE_PG_SCHEMA_H

/* Every table, constraint and index of the current schema (the result of
 * all steps of store_sqlite.c's migrations), in PostgreSQL's dialect. */
extern const char pg_schema_sql[];
/* The migrations (store_sqlite.c's names) that pg_schema_sql is the result
 * of, NULL-terminated: a fresh database records them; a later step needs
 * its own PostgreSQL text (pg_steps[] in pg_store.c). */
extern const char *const pg_schema_steps[];

#endif
