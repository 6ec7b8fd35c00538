"""test_backup.py - `qupiya backup` of a live server restores to the same log.

SQLite (api.test_backup): the online copy is a database file. PostgreSQL
(api.pg.test_backup): pg_dump's custom format of one snapshot, restored
with pg_restore into a new empty database. Either way the restored copy
verifies (`qupiya audit verify`), has the tree head the server had when
the backup was taken (same size, same root), answers the registry reads
as the server did, keeps the sessions, and takes new writes (its
sequences came along). Writes made after the backup are not in it.
"""
import os
import subprocess
import unittest

from qupiya_test import PG, Server, ServerTest, World, make_ident, pg_create_db, pg_drop_db, run_cli


class BackupTest(ServerTest):
    def test_backup_restore_round_trip(self):
        srv = self.srv
        w = World(srv)
        admin, auditor = w.admin, w.t("auditor")
        for i in range(5):
            r = srv.request("POST", "/v1/orgs", {"name": "Backed up %d" % i,
                                                 "bin": make_ident(880000 + i),
                                                 "kind": "organization"}, admin)
            self.assertEqual(r.status, 201, r)
        orgs = srv.request("GET", "/v1/orgs?limit=1000", token=admin)
        self.assertEqual(orgs.status, 200, orgs)
        head = srv.request("GET", "/v1/audit/head", token=auditor).json

        out = os.path.join(srv.tmp, "backup.out")
        p = run_cli("backup", *srv.db_args(), "--to", out, timeout=600)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertNotIn("postgresql://", p.stdout)   # a URL may carry a password
        # never over an existing file
        p = run_cli("backup", *srv.db_args(), "--to", out)
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        # the server goes on: this write is not in the backup
        r = srv.request("POST", "/v1/orgs", {"name": "After the backup",
                                             "bin": make_ident(880100),
                                             "kind": "organization"}, admin)
        self.assertEqual(r.status, 201, r)

        if PG:
            restored = pg_create_db()
            self.addCleanup(pg_drop_db, restored)
            p = subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", "-d", restored,
                                out], capture_output=True, text=True, timeout=600)
            self.assertEqual(p.returncode, 0, p.stderr)
        else:
            restored = out
        keys = srv.keys or srv.tmp   # SQLite: the keys directory is the file's
        p = run_cli("audit", "verify", "--db", restored, "--keys", keys)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("audit log intact: %d entries" % head["size"], p.stdout)

        copy = Server(tmp=os.path.join(srv.tmp, "restored"), db=restored, keys=keys)
        os.makedirs(copy.tmp)
        copy.start()
        try:
            h = copy.request("GET", "/v1/audit/head", token=auditor).json   # same session
            self.assertEqual((h["size"], h["root"]), (head["size"], head["root"]))
            r = copy.request("GET", "/v1/orgs?limit=1000", token=admin)
            self.assertEqual((r.status, r.json), (orgs.status, orgs.json))
            r = copy.request("POST", "/v1/orgs", {"name": "Restored body",
                                                  "bin": make_ident(880200),
                                                  "kind": "organization"}, admin)
            self.assertEqual(r.status, 201, r)
        finally:
            self.assertEqual(copy.stop(), 0, copy.read_log()[-3000:])
        p = run_cli("audit", "verify", "--db", restored, "--keys", keys)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)


if __name__ == "__main__":
    unittest.main()
