/*
 * sqlite_deadlines.h — private to src/store: the SQL expression of a
 * carrier's due date, shared by its index (the migration in store_sqlite.c)
 * and the queries of sqlite_deadlines.c. SQLite uses an expression index
 * only for the very same expression text, so it is written once, here.
 *
 * Why string functions and not json_extract(): the connections run with
 * trusted_schema=OFF, under which SQLite 3.40 refuses JSON functions in an
 * index; instr() and substr() are innocuous. It is exact because docs are
 * stored compact with sorted keys (rec_bind(), sqlite_records.c), so the
 * first '"review_due_on":"' and '"declassify_on":"' are the top-level keys
 * as long as no object sorted before them carries such a key (none does: a
 * carrier's "archive" and "copies" do not). A string value inside a doc
 * cannot fake the pattern: its quotes are escaped. A null or absent date
 * gives NULL (never listed).
 *
 * Due date = doc.review_due_on when set (a list change or a
 * declassification waits for a decision on the carrier, Art. 23.1), else
 * doc.declassify_on. Only carriers still classified have a due date:
 * "registered", "issued", "archived"; every other row's key is NULL.
 *
 * Why not a partial index (WHERE kind = 'carrier' ...): with one on the
 * record table, the planner checks every "kind = ?" query against that
 * condition by the bound value, which marks the statement to be prepared
 * again on every new binding — every record query of the server was then
 * parsed anew on each call. The condition lives inside the key instead.
 */
#ifndef QUPIYA_STORE_SQLITE_DEADLINES_H
#define QUPIYA_STORE_SQLITE_DEADLINES_H

#define STORE_DUE_EXPR                                                              \
	"(CASE WHEN kind <> 'carrier' OR state NOT IN ('registered', 'issued', 'archived')" \
	" THEN NULL"                                                                \
	" WHEN instr(doc, '\"review_due_on\":\"') > 0"                              \
	" THEN substr(doc, instr(doc, '\"review_due_on\":\"') + 17, 10)"            \
	" WHEN instr(doc, '\"declassify_on\":\"') > 0"                              \
	" THEN substr(doc, instr(doc, '\"declassify_on\":\"') + 17, 10) END)"


#endif
