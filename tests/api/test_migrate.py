"""test_migrate.py - `qupiya migrate` moves a populated body without loss.

The source is the 0.1.0 fixture (tests/fixtures/v010: every kind of
record, content, sessions, a long audit log with signed heads), upgraded
and served on SQLite, plus this test's own writes. It is migrated into an
empty database: PostgreSQL when QUPIYA_TEST_PG is set (api.pg.test_migrate),
else a new SQLite file (the same copy through the same store contract).
Then a server on the copy must answer every registry read of the fixture
exactly as the source did (with the same bearer tokens: sessions moved),
the audit log must be the same entries with the same tree head, `audit
verify` must pass on both, and the copy must take new writes. A second
migrate into the now used target is refused, and nothing is copied.
"""
import json
import os
import re
import shutil
import tempfile
import unittest

from qupiya_test import (ADMIN_PASSWORD, PASSWORD, PG, Server, make_ident, pg_create_db,
                         pg_drop_db, run_cli)
from test_upgrade_v010 import FIXTURE, fixture_copy, paged


def reads_of(srv, paths, auditor, admin):
    out = {}
    for path in paths:
        token = admin if path == "/v1/users" else auditor
        got = paged(srv, path, token)
        if got.get("status") == 200 and "items" not in got:
            r = srv.request("GET", path, token=token)
            got = {"status": r.status, "body": r.json}
        out[path] = got
    return out


class MigrateTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(os.path.join(FIXTURE, "reads.json"), encoding="utf-8") as f:
            cls.dump = json.load(f)
        cls.tmp = tempfile.mkdtemp(prefix="qupiya-migrate-")
        cls.addClassCleanup(shutil.rmtree, cls.tmp, True)
        src = os.path.join(cls.tmp, "src")
        os.mkdir(src)
        cls.db = fixture_copy(src)
        cls.keys = src   # the 0.1.0 key file is converted beside the database
        if PG:
            cls.target = pg_create_db()
            cls.addClassCleanup(pg_drop_db, cls.target)
        else:
            cls.target = os.path.join(cls.tmp, "copy.db")

    def test_migrate(self):
        paths = sorted(p for p in self.dump["reads"] if p not in ("/v1/audit", "/v1/audit/head"))
        srv = Server(clock=self.dump["clock"], tmp=os.path.dirname(self.db), sqlite=True)
        srv.start()
        try:
            auditor = srv.login(self.dump["auditor_login"], PASSWORD)
            admin = srv.login("admin", ADMIN_PASSWORD)
            # writes of this program's schema on top of the upgraded fixture
            r = srv.request("POST", "/v1/orgs", {"name": "Migrated Ministry",
                                                 "bin": make_ident(770001), "kind": "state_body",
                                                 "city": "Astana"}, admin)
            self.assertEqual(r.status, 201, r)
            paths.append("/v1/orgs/%s" % r.json["id"])
            before = reads_of(srv, paths, auditor, admin)
            audit_before = paged(srv, "/v1/audit", auditor)
            head = srv.request("GET", "/v1/audit/head", token=auditor).json
        finally:
            self.assertEqual(srv.stop(), 0, srv.read_log()[-3000:])
        self.assertGreater(len(before), 100)

        p = run_cli("migrate", "--from", self.db, "--to", self.target, timeout=600)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        heads = re.findall(r"^(source|target) tree head: size (\d+) root ([0-9a-f]{64})$",
                           p.stdout, re.M)
        self.assertEqual([h[0] for h in heads], ["source", "target"], p.stdout)
        self.assertEqual(heads[0][1:], heads[1][1:])
        self.assertEqual(heads[0][1:], (str(head["size"]), head["root"]))
        self.assertIn("qupiya migrate: audit_entry:", p.stderr)   # progress

        # the target is used now: refused, nothing copied
        p = run_cli("migrate", "--from", self.db, "--to", self.target)
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assertIn("is not empty", p.stderr)

        copy = Server(clock=self.dump["clock"], tmp=os.path.join(self.tmp, "copy"),
                      db=self.target, keys=self.keys)
        os.makedirs(copy.tmp, exist_ok=True)
        copy.start()
        try:
            after = reads_of(copy, paths, auditor, admin)   # the same tokens
            for path in paths:
                with self.subTest(path=path):
                    self.assertEqual(after[path], before[path])
            self.assertEqual(paged(copy, "/v1/audit", auditor), audit_before)
            h = copy.request("GET", "/v1/audit/head", token=auditor).json
            self.assertEqual((h["size"], h["root"]), (head["size"], head["root"]))
            # the copy takes writes: its sequences moved past the copied rows
            r = copy.request("POST", "/v1/orgs", {"name": "After the move",
                                                  "bin": make_ident(770002),
                                                  "kind": "state_body", "city": "Almaty"}, admin)
            self.assertEqual(r.status, 201, r)
            r = copy.request("GET", "/v1/orgs?limit=1000", token=admin)
            self.assertEqual(r.status, 200, r)
            seqs = [o["id"] for o in r.json["items"]]
            self.assertEqual(len(seqs), len(set(seqs)))
        finally:
            self.assertEqual(copy.stop(), 0, copy.read_log()[-3000:])

        for db in (self.db, self.target):
            p = run_cli("audit", "verify", "--db", db, "--keys", self.keys)
            self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
            self.assertIn("audit log intact", p.stdout)

    def test_usage(self):
        p = run_cli("migrate", "--help")
        self.assertEqual(p.returncode, 0)
        self.assertIn("--from FILE --to URL", p.stdout)
        self.assertEqual(run_cli("migrate", "--from", self.db).returncode, 2)
        self.assertEqual(run_cli("migrate", "--from", self.db, "--to", self.db).returncode, 2)
        p = run_cli("migrate", "--from", os.path.join(self.tmp, "nothing.db"),
                    "--to", os.path.join(self.tmp, "nothing-copy.db"))
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)


if __name__ == "__main__":
    unittest.main()
