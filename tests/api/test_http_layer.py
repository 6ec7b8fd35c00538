#!/usr/bin/env python3
"""test_http_layer.py -- src/http holds no Law and no SQL (issue 11, "Done
when"): it authenticates, decodes JSON into the arguments of src/ops,
calls, and encodes. A static check of the sources, so that it stays true:

  * no SQL text (SELECT ... FROM, INSERT INTO, UPDATE ... SET, DELETE FROM,
    CREATE TABLE/INDEX, PRAGMA) and no database library call (sqlite3_*,
    libpq's PQ*) in src/http, outside comments;
  * no include of a store internal (the backends, their statement layer);
    the typed table descriptions (store/tables_*.h) only where listed;
  * no write of a record, a typed row or an account (store_rec_insert,
    store_row_update, store_user_insert, ...) in src/http except where
    listed: the procedures are src/ops's;
  * every ops_* function src/http calls is declared in a header of
    src/ops, so a reader finds each procedure by its name there;
  * no audited step of its own (tx_commit_audited) in src/http except the
    listed ones, which are not procedures of the Law.

Each exception names its reason; removing one is the way to tighten this.

The server is not needed. Run standalone:
    python3 tests/api/test_http_layer.py
"""

import glob
import os
import re
import unittest

SRC = os.path.abspath(os.environ.get(
    "QUPIYA_SRC",
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")))
HTTP = os.path.join(SRC, "src", "http")
OPS = os.path.join(SRC, "src", "ops")

# file -> why it may read typed rows through their descriptions
TABLE_READERS = {
    "h_audit_view.c": "the audit view names each entry's object from its row (a read)",
    "enc_items.c": "an item's answer is the store's record form of it (info_rec_doc:"
                   " fields of an unexpected shape kept whole in extra), one encoder of both",
}
# file -> why it may write through the store itself
WRITERS = {
}
# file -> why it appends an audit entry of its own
AUDITED = {
    "h_session.c": "logging in and out, clearing a throttle: authentication",
    "h_print.c": "audit.print: a printed report, audited",
    "h_audit_view.c": "audit.export: an export of the log, audited",
    "h_witness.c": "the C2SP witness protocol (audit log heads)",
}

SQL = re.compile(r'"[^"\n]*\b(SELECT\b[^"\n]*\bFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET'
                 r'|DELETE\s+FROM|CREATE\s+(UNIQUE\s+)?(TABLE|INDEX)|PRAGMA\s)', re.I)
DBCALL = re.compile(r'\b(sqlite3_\w+|PQ[a-z]\w*)\s*\(')
INTERNAL = re.compile(r'#\s*include\s*[<"](sqlite3\.h|libpq-fe\.h|store/(sqlite_\w+|pg_\w+'
                      r'|db|store_json|store_group)\.h)[>"]')
TABLES = re.compile(r'#\s*include\s*"store/tables_\w+\.h"')
WRITE = re.compile(r'\bstore_(rec|row|user)_(insert|update|delete)\s*\(')
OPS_CALL = re.compile(r'\b(ops_[a-z0-9_]+)\s*\(')
COMMENT = re.compile(r'/\*.*?\*/|//[^\n]*', re.S)


def code(path):
    """The file's text without its comments (line count kept)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)


def sources():
    return sorted(glob.glob(os.path.join(HTTP, "*.c")) + glob.glob(os.path.join(HTTP, "*.h")))


def hits(pattern, text):
    return [(text.count("\n", 0, m.start()) + 1, m.group(0)) for m in pattern.finditer(text)]


class HttpLayerTest(unittest.TestCase):
    def test_no_sql_no_database_calls(self):
        for p in sources():
            text = code(p)
            self.assertEqual(hits(SQL, text), [], "SQL in " + p)
            self.assertEqual(hits(DBCALL, text), [], "database call in " + p)

    def test_no_store_internals(self):
        for p in sources():
            text = code(p)
            self.assertEqual(hits(INTERNAL, text), [], "store internal in " + p)
            if os.path.basename(p) not in TABLE_READERS:
                self.assertEqual(hits(TABLES, text), [], "typed tables in " + p)

    def test_no_writes(self):
        for p in sources():
            if os.path.basename(p) in WRITERS:
                continue
            self.assertEqual(hits(WRITE, code(p)), [], "a store write in " + p)

    def test_no_audited_step_of_its_own(self):
        for p in sources():
            name = os.path.basename(p)
            if name in AUDITED or name in ("util.c", "util.h"):
                continue
            self.assertNotIn("tx_commit_audited(", code(p), "an audited step in " + p)

    def test_every_procedure_found_in_ops(self):
        declared = set()
        for h in glob.glob(os.path.join(OPS, "*.h")):
            declared |= set(OPS_CALL.findall(code(h)))
            # typedef'd names and macros count as declarations too
            declared |= set(re.findall(r'\b(ops_[a-z0-9_]+)\b', code(h)))
        missing = {}
        for p in sources():
            for name in OPS_CALL.findall(code(p)):
                if name not in declared:
                    missing.setdefault(name, os.path.basename(p))
        self.assertEqual(missing, {}, "called from src/http, declared nowhere in src/ops")

    def test_exceptions_still_needed(self):
        # an exception no longer used is removed from the lists above
        for name in TABLE_READERS:
            self.assertTrue(hits(TABLES, code(os.path.join(HTTP, name))), name)
        for name in WRITERS:
            self.assertTrue(hits(WRITE, code(os.path.join(HTTP, name))), name)
        for name in AUDITED:
            self.assertIn("tx_commit_audited(", code(os.path.join(HTTP, name)), name)

    def test_checks_see_what_they_look_for(self):
        self.assertTrue(SQL.search('"SELECT seq FROM record WHERE id = ?1"'))
        self.assertTrue(SQL.search('"UPDATE record SET doc = ?1"'))
        self.assertFalse(SQL.search('{"DELETE", "/v1/session", ROLE_ANY_USER}'))
        self.assertTrue(DBCALL.search("rc = sqlite3_step(st);"))
        self.assertTrue(DBCALL.search("r = PQexec(c, q);"))
        self.assertTrue(INTERNAL.search('#include "store/sqlite_int.h"'))
        self.assertTrue(WRITE.search("store_row_update(tx, &t, row, e)"))
        self.assertEqual(code("/dev/null"), "")


if __name__ == "__main__":
    unittest.main()
