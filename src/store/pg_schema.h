/*
 * pg_schema.h — the PostgreSQL schema text (pg_schema.c).
 */
#ifndef QUPIYA_STORE_PG_SCHEMA_H
#define QUPIYA_STORE_PG_SCHEMA_H

/* Every table, constraint and index of the current schema (the result of
 * all steps of store_sqlite.c's migrations), in PostgreSQL's dialect. */
extern const char pg_schema_sql[];

#endif
