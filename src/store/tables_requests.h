/*
 * tables_requests.h — the typed table of declassification requests (issue
 * 11; record in core/request_rec.h):
 *
 *   declassification_request  one row per request (Art. 24); org_id and
 *                             state indexed (the deadlines list reads the
 *                             open requests of an organization)
 *
 * Migration 0023c_typed_requests (store_sqlite.c, pg_store.c) creates it
 * and moves the request records (kind "request"), each keeping its seq.
 */
#ifndef QUPIYA_STORE_TABLES_REQUESTS_H
#define QUPIYA_STORE_TABLES_REQUESTS_H

#include "store/store_table.h"

extern const struct store_table store_request_table;

#endif
