"""test_readers.py - readers never wait for the writer (issue 11, deliverable 6).

While another connection holds the database's write lock (an open write
transaction of a second process, as a long write would), GET
/v1/audit/head, the audit log, proofs and every registry read answer at
once: each runs in a read transaction (WAL snapshot), the signed head is
signed from the snapshot and not stored, and a session whose last-seen time
is due for persisting skips it rather than wait. A write meanwhile waits
for the lock (and answers once it is free).

On PostgreSQL the write lock is the advisory lock every write transaction
takes first (pg_store.c, PG_LOCK_WRITE): a psql session holds it, with an
uncommitted write, until the test rolls it back.
"""
import threading
import time
import unittest

from qupiya_test import ServerTest, World, db_connect, is_url, make_ident, pg_hold_lock

PG_LOCK_WRITE = 7310302590093409   # pg_store.c

FAST = 2.0   # seconds; the store waits up to 5 s for another process's lock


class ReadersTest(ServerTest):
    def hold_write_lock(self, conn):
        """Takes the write lock in an open write transaction; returns the
        function that rolls it back."""
        if not is_url(self.srv.db):
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO meta(key, value) VALUES ('test.long_write', 'held')")
            return lambda: conn.execute("ROLLBACK")
        return pg_hold_lock(self.srv.db, "BEGIN; SELECT pg_advisory_xact_lock(%d);"
                            " INSERT INTO meta(key, value) VALUES ('test.long_write', 'held');"
                            % PG_LOCK_WRITE, "ROLLBACK;")

    def test_reads_while_the_write_lock_is_held(self):
        w = World(self.srv, 1)
        aud, admin = w.t("auditor"), w.admin
        head0 = self.req("GET", "/v1/audit/head", token=aud).json
        conn = db_connect(self.srv)
        # Sessions due for their last-seen update: the touch must not wait.
        conn.execute("UPDATE session SET last_seen = last_seen - 120")
        held = self.hold_write_lock(conn)
        try:
            for path, token in [("/v1/audit/head", aud), ("/v1/audit?limit=5", aud),
                                ("/v1/audit/proof?index=0&size=%d" % head0["size"], aud),
                                ("/v1/orgs", aud), ("/v1/orgs/%s" % w.org, aud),
                                ("/v1/persons", aud), ("/v1/carriers", aud),
                                ("/v1/deadlines", w.t("security_officer")), ("/v1/users", admin), ("/v1/me", aud)]:
                t0 = time.monotonic()
                r = self.req("GET", path, token=token)
                took = time.monotonic() - t0
                self.assertEqual(r.status, 200, (path, r))
                self.assertLess(took, FAST, path)
            h = self.req("GET", "/v1/audit/head", token=aud).json
            self.assertEqual(h["size"], head0["size"])
            self.assertEqual(h["root"], head0["root"])

            # A write waits for the lock meanwhile.
            done = {}

            def write():
                done["r"] = self.req("POST", "/v1/orgs", {"name": "After the lock",
                                                          "bin": make_ident(777001),
                                                          "kind": "organization"}, admin)
                done["at"] = time.monotonic()
            t = threading.Thread(target=write)
            t.start()
            time.sleep(0.5)
            released = time.monotonic()
            self.assertNotIn("r", done)
        finally:
            held()
            conn.close()
        t.join(30)
        self.assertEqual(done["r"].status, 201, done["r"])
        self.assertGreaterEqual(done["at"], released)
        h = self.req("GET", "/v1/audit/head", token=aud).json
        self.assertEqual(h["size"], head0["size"] + 1)


if __name__ == "__main__":
    unittest.main()
