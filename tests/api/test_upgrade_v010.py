"""test_upgrade_v010.py - a 0.1.0 database upgrades without loss.

tests/fixtures/v010/ holds a database and its key file made by the 0.1.0
binary (commit 9b22556) with tests/fixtures/make_v010_db.py, and reads.json:
what that binary answered to every read (GET by id of every record, the
lists, the audit log's digest and its signed head). This test copies the
fixture, opens the copy with the binary under test and checks:
  - `qupiya audit verify --head` passes against the 0.1.0 head (same root,
    nothing cut, every entry and signature intact), before and after serving;
  - the migrations are recorded by name;
  - every read answers as 0.1.0 did, except for the fields SPEC added since
    (NEW_FIELDS, listed explicitly);
  - the first entries of the audit log are the same entries.
"""
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import unittest

import qupiya_test
from qupiya_test import ADMIN_PASSWORD, PASSWORD, Server, run_cli

FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "v010")

# Fields SPEC added after 0.1.0 to records the API shows: absent in the
# 0.1.0 answers, so not compared. Everything else must be equal.
NEW_FIELDS = {
    "holder_org_id",      # issue 10, custody per copy: the body holding a copy
    "holder_person_id",   # issue 10, custody per copy: the citizen executor holding it
    "departed",           # issue 10, custody per copy: bodies copies left, with the date
    "disposing_org_id",   # issue 10: the disposing body of information and carriers
    "disposing_org_ids",  # issue 10: a carrier's disposing bodies
    "must_change_password",  # issue 13: an account reset to a one-time password
}
# Added inside one array only (the same name elsewhere was in 0.1.0).
NEW_FIELDS_IN = {
    "copies": {"joint_work_id"},   # issue 10: the joint work a copy is held under
}


def strip(v, within=None):
    if isinstance(v, dict):
        drop = NEW_FIELDS | NEW_FIELDS_IN.get(within, set())
        return {k: strip(x, k) for k, x in v.items() if k not in drop}
    if isinstance(v, list):
        return [strip(x, within) for x in v]
    return v


def paged(srv, path, token):
    out, after = [], None
    while True:
        sep = "&" if "?" in path else "?"
        p = path + (sep + "limit=1000" + ("&after=%s" % after if after is not None else ""))
        r = srv.request("GET", p, token=token)
        if r.status != 200 or not isinstance(r.json, dict) or "items" not in r.json:
            return {"status": r.status, "body": r.json}
        out.extend(r.json["items"])
        after = r.json.get("next")
        if after is None:
            return {"status": 200, "items": out}


def fixture_copy(d):
    """The 0.1.0 database and key file copied into directory d (0600);
    returns the database's path."""
    db = os.path.join(d, "q.db")
    shutil.copyfile(os.path.join(FIXTURE, "q.db"), db)
    shutil.copyfile(os.path.join(FIXTURE, "q.db.key"), db + ".key")
    os.chmod(db, 0o600)
    os.chmod(db + ".key", 0o600)
    return db


def digest(items):
    return hashlib.sha256(json.dumps(items, sort_keys=True, separators=(",", ":"),
                                     ensure_ascii=False).encode()).hexdigest()


class UpgradeV010Test(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(os.path.join(FIXTURE, "reads.json"), encoding="utf-8") as f:
            cls.dump = json.load(f)
        cls.tmp = tempfile.mkdtemp(prefix="qupiya-upgrade-")
        cls.addClassCleanup(shutil.rmtree, cls.tmp, True)
        cls.db = fixture_copy(cls.tmp)
        cls.head = os.path.join(cls.tmp, "head-v010.json")
        with open(cls.head, "w") as f:
            json.dump(cls.dump["reads"]["/v1/audit/head"]["body"], f)

    def verify(self):
        r = run_cli("audit", "verify", "--db", self.db, "--head", self.head)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("audit log intact", r.stdout)

    def test_upgrade(self):
        # The first open is the upgrade: audit verify converts the 0.1.0 key
        # file into the keys directory (SPEC §4), then reads the public key.
        self.verify()
        self.assertFalse(os.path.exists(self.db + ".key"))
        for name, mode in [("audit-signing.key", 0o600), ("content-master.key", 0o600),
                           ("audit-public.key", 0o644)]:
            st = os.stat(os.path.join(self.tmp, name))
            self.assertEqual(st.st_mode & 0o777, mode, name)
        with open(os.path.join(self.tmp, "audit-public.key")) as f:
            lines = f.read().split()
        self.assertEqual(lines[1:], [self.dump["reads"]["/v1/audit/head"]["body"]["public_key"]])
        conn = sqlite3.connect(self.db)
        names = [n for (n,) in conn.execute("SELECT name FROM schema_migration ORDER BY name")]
        conn.close()
        self.assertEqual(names[:4], ["0001_records", "0002_record_tags", "0003_content",
                                     "0004_due_indexes"])

        srv = Server(clock=self.dump["clock"], tmp=self.tmp)
        srv.start()
        try:
            auditor = srv.login(self.dump["auditor_login"], PASSWORD)
            admin = srv.login("admin", ADMIN_PASSWORD)
            reads = self.dump["reads"]
            n = 0
            for path, want in sorted(reads.items()):
                if path in ("/v1/audit", "/v1/audit/head"):
                    continue
                token = admin if path == "/v1/users" else auditor
                if "items" in want:
                    got = paged(srv, path, token)
                else:
                    r = srv.request("GET", path, token=token)
                    got = {"status": r.status, "body": r.json}
                with self.subTest(path=path):
                    self.assertEqual(strip(got), strip(want))
                n += 1
            self.assertGreater(n, 100)
            # Every kind of record the store keeps was in the fixture.
            self.assertEqual(len(self.dump["kinds"]), 22, self.dump["kinds"])
            # The audit log: the same entries first, then this test's own.
            audit = paged(srv, "/v1/audit", auditor)
            old = reads["/v1/audit"]
            self.assertGreaterEqual(len(audit["items"]), old["count"])
            self.assertEqual(digest(audit["items"][:old["count"]]), old["sha256"])
        finally:
            self.assertEqual(srv.stop(), 0, srv.read_log()[-3000:])
        self.verify()

    def test_progress(self):
        """The upgrade's progress on stderr: with --progress, a line when
        each pending step begins ("N/COUNT NAME: started") and one when it
        has committed ("done in S s"), in the order of the steps applied;
        without it, and stderr not a terminal (here a pipe), none."""
        for flag in (["--progress"], []):
            with self.subTest(flag=flag):
                d = tempfile.mkdtemp(prefix="qupiya-upgrade-progress-")
                self.addCleanup(shutil.rmtree, d, True)
                db = fixture_copy(d)
                r = run_cli("migrate-schema", "--db", db, *flag)
                self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
                applied = [line.split()[1] for line in r.stdout.splitlines()
                           if line.startswith("applied ")]
                self.assertGreater(len(applied), 20, r.stdout)
                shown = [line for line in r.stderr.splitlines()
                         if line.startswith("qupiya: upgrade ")]
                if not flag:
                    self.assertEqual(shown, [], r.stderr)
                    continue
                started = [line for line in shown if line.endswith(": started")]
                done = [line for line in shown if " done in " in line]
                self.assertEqual(started, ["qupiya: upgrade %d/%d %s: started"
                                           % (k + 1, len(applied), name)
                                           for k, name in enumerate(applied)], r.stderr)
                self.assertEqual([line.split(": done in ")[0] for line in done],
                                 ["qupiya: upgrade %d/%d %s" % (k + 1, len(applied), name)
                                  for k, name in enumerate(applied)], r.stderr)
                self.assertRegex(done[0], r": done in [0-9]+\.[0-9] s \(CPU [0-9]+\.[0-9] s\)$")
        # serve takes the same option
        r = run_cli("serve", "--help")
        self.assertIn("--progress", r.stdout)


if __name__ == "__main__":
    unittest.main()
