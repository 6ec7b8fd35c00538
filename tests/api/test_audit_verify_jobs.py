#!/usr/bin/env python3
"""test_audit_verify_jobs.py -- `qupiya audit verify --jobs N` hashes entries and
tree nodes on N threads, and names the same first bad entry, with the same
exit status, as `--jobs 1`.

A server writes a log of a few hundred entries (enough for four shares of at
least 64 entries each) and stops; on copies of its database entries are
damaged at several positions (text, stored leaf, deleted row, two faults at
once), and `audit verify --jobs 1` and `--jobs 4` must print the same
"audit log BROKEN: entry K: ..." line and exit 1, K the first damaged entry.
An intact log exits 0 under both. --jobs outside 1..64 is a usage error (2).
The unit test tests/unit/test_audit_verify_jobs.c does the same on a log of
20,000 entries (several read batches) through audit_verify_jobs().

Run standalone: QUPIYA_BIN=build/qupiya PYTHONPATH=tests/api python3 -B tests/api/test_audit_verify_jobs.py
"""
import os
import re
import shutil
import sqlite3
import unittest

from qupiya_test import Server, World, make_ident, run_cli

N_ORGS = 300


class AuditVerifyJobsTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.srv = Server(sqlite=True)   # it damages copies of the SQLite file
        cls.addClassCleanup(cls.srv.cleanup)
        cls.srv.start()
        try:
            w = World(cls.srv)
            for i in range(N_ORGS):
                r = cls.srv.request("POST", "/v1/orgs", {"name": "Jobs %d" % i,
                                                         "bin": make_ident(940000 + i),
                                                         "kind": "organization"},
                                    token=w.admin)
                assert r.status == 201, r
        finally:
            rc = cls.srv.stop()
        assert rc == 0, cls.srv.read_log()[-3000:]
        conn = sqlite3.connect(cls.srv.db)
        try:
            cls.n = conn.execute("SELECT count(*) FROM audit_entry").fetchone()[0]
        finally:
            conn.close()
        cls.copies = 0

    def copy(self):
        type(self).copies += 1
        d = os.path.join(self.srv.tmp, "copy%d" % self.copies)
        os.mkdir(d)
        db = os.path.join(d, "q.db")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(self.srv.db + suffix):
                shutil.copy2(self.srv.db + suffix, db + suffix)
        shutil.copy2(os.path.join(self.srv.tmp, "audit-public.key"),
                     os.path.join(d, "audit-public.key"))
        return db

    def edit(self, db, *statements):
        conn = sqlite3.connect(db, timeout=30, isolation_level=None)
        try:
            conn.execute("BEGIN")
            for sql, args in statements:
                conn.execute(sql, args)
            conn.execute("COMMIT")
        finally:
            conn.close()

    def verify(self, db, jobs):
        p = run_cli("audit", "verify", "--db", db, "--quiet", "--jobs", str(jobs))
        return p.returncode, p.stdout + p.stderr

    @staticmethod
    def text(seq):
        return ("UPDATE audit_entry SET entry = replace(entry, '\"seq\":%d,', '\"seq\":%d ,')"
                " WHERE seq = ?" % (seq, seq), (seq,))

    @staticmethod
    def leaf(seq):
        return ("UPDATE audit_entry SET leaf = zeroblob(32) WHERE seq = ?", (seq,))

    @staticmethod
    def hole(seq):
        return ("DELETE FROM audit_entry WHERE seq = ?", (seq,))

    def test_intact_under_any_jobs(self):
        self.assertGreaterEqual(self.n, N_ORGS)
        db = self.copy()
        for jobs in (1, 2, 4):
            p = run_cli("audit", "verify", "--db", db, "--jobs", str(jobs))
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertIn("intact: %d entries" % self.n, p.stdout)

    def test_same_first_bad_entry(self):
        n = self.n
        cases = [
            ("text", 0, [self.text(0)]),
            ("leaf", 63, [self.leaf(63)]),
            ("hole", 64, [self.hole(64)]),
            ("text", 129, [self.text(129)]),
            ("leaf", n // 2, [self.leaf(n // 2)]),
            ("two", 200, [self.leaf(250), self.text(200)]),
            ("hole+text", 190, [self.text(260), self.hole(190)]),
            ("last", n - 1, [self.leaf(n - 1)]),
        ]
        for name, first, stmts in cases:
            with self.subTest(damage=name, at=first):
                db = self.copy()
                self.edit(db, *stmts)
                rc1, out1 = self.verify(db, 1)
                rc4, out4 = self.verify(db, 4)
                self.assertEqual(rc1, 1, out1)
                m = re.search(r"audit log BROKEN: entry (\d+):", out1)
                self.assertIsNotNone(m, out1)
                self.assertEqual(int(m.group(1)), first, out1)
                self.assertEqual((rc4, out4), (rc1, out1))

    def test_jobs_out_of_range_is_usage(self):
        for bad in ("0", "65", "-1", "x", "4x"):
            with self.subTest(jobs=bad):
                p = run_cli("audit", "verify", "--db", self.srv.db, "--jobs", bad)
                self.assertEqual(p.returncode, 2, p.stderr)


if __name__ == "__main__":
    unittest.main()
