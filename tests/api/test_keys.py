"""test_keys.py - keys in their own files (SPEC §4) and key rotation.

The keys directory is --keys DIR, else QUPIYA_KEYS, else the directory of
the SQLite file; it holds audit-signing.key and content-master.key (0600)
and audit-public.key. `qupiya audit verify` needs only the public key file.
`qupiya keys rotate-signing` makes a new signing key sign later heads while
the old public key stays listed; `qupiya keys rotate-master` re-wraps every
carrier's content key under a new master key without touching the content.
Both are audited.
"""
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import tempfile
import unittest

import qupiya_test
from qupiya_test import ADMIN_PASSWORD, BIN, Server, audit_entries, run_cli
from transfer_world import TransferWorld

NAMES = {"audit-signing.key": 0o600, "content-master.key": 0o600, "audit-public.key": 0o644}


def init(db, *extra, env=None):
    e = dict(os.environ, QUPIYA_ADMIN_PASSWORD=ADMIN_PASSWORD)
    e.pop("QUPIYA_KEYS", None)
    e.update(env or {})
    return subprocess.run([BIN, "init", "--db", db] + list(extra), env=e,
                          capture_output=True, text=True)


def public_keys(d):
    with open(os.path.join(d, "audit-public.key")) as f:
        lines = f.read().split("\n")
    assert lines[0] == "qupiya-audit-public-keys-v1", lines
    return [x for x in lines[1:] if x]


class KeyFilesTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="qupiya-keys-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def test_init_writes_three_files(self):
        db = os.path.join(self.tmp, "q.db")
        keys = os.path.join(self.tmp, "keys")
        r = init(db, "--keys", keys)
        self.assertEqual(r.returncode, 0, r.stderr)
        for name, mode in NAMES.items():
            st = os.stat(os.path.join(keys, name))
            self.assertEqual(stat.S_IMODE(st.st_mode), mode, name)
        self.assertEqual(stat.S_IMODE(os.stat(keys).st_mode), 0o700)
        self.assertEqual(len(public_keys(keys)), 1)
        # Nothing beside the database, no key file of 0.1.0's shape.
        self.assertEqual(sorted(os.listdir(self.tmp)), ["keys", "q.db"])
        # Without --keys the command finds no keys beside the database.
        r = run_cli("audit", "verify", "--db", db)
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("audit-public.key", r.stderr)
        # QUPIYA_KEYS names the directory as well as --keys does.
        r = subprocess.run([BIN, "audit", "verify", "--db", db], capture_output=True, text=True,
                           env=dict(os.environ, QUPIYA_KEYS=keys))
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_verify_needs_only_the_public_key(self):
        db = os.path.join(self.tmp, "q.db")
        self.assertEqual(init(db).returncode, 0)
        for name in NAMES:   # default: beside the SQLite file
            self.assertTrue(os.path.exists(os.path.join(self.tmp, name)), name)
        pub = os.path.join(self.tmp, "public-only")
        os.mkdir(pub)
        shutil.copy(os.path.join(self.tmp, "audit-public.key"), pub)
        r = run_cli("audit", "verify", "--db", db, "--keys", pub)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("audit log intact", r.stdout)
        # Signing a head needs the secret key.
        r = run_cli("audit", "head", "--db", db, "--keys", pub)
        self.assertEqual(r.returncode, 1)
        self.assertIn("audit-signing.key", r.stderr)

    def test_init_never_overwrites_keys(self):
        db = os.path.join(self.tmp, "q.db")
        self.assertEqual(init(db).returncode, 0)
        with open(os.path.join(self.tmp, "audit-signing.key")) as f:
            before = f.read()
        r = init(os.path.join(self.tmp, "other.db"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("exists", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "other.db")))
        with open(os.path.join(self.tmp, "audit-signing.key")) as f:
            self.assertEqual(f.read(), before)
        self.assertEqual(run_cli("audit", "verify", "--db", db).returncode, 0)

    def test_private_key_mode_enforced(self):
        db = os.path.join(self.tmp, "q.db")
        self.assertEqual(init(db).returncode, 0)
        os.chmod(os.path.join(self.tmp, "content-master.key"), 0o644)
        r = run_cli("audit", "head", "--db", db)
        self.assertEqual(r.returncode, 1)
        self.assertIn("0600", r.stderr)

    def test_database_url_needs_keys_directory(self):
        # issue 12: with a URL and neither --keys nor QUPIYA_KEYS the
        # command says so and stops with exit 2
        env = dict(os.environ)
        env.pop("QUPIYA_KEYS", None)
        for args in (["audit", "verify"], ["audit", "head"], ["serve"], ["admin", "reset-password",
                     "--login", "admin"], ["keys", "rotate-signing"]):
            r = subprocess.run([BIN] + args + ["--db", "postgresql://127.0.0.1:1/qupiya"],
                               capture_output=True, text=True, env=env, timeout=60)
            self.assertEqual(r.returncode, 2, (args, r))
            self.assertIn("--keys DIR or QUPIYA_KEYS", r.stderr)

    def test_database_url_unreachable_server(self):
        # the PostgreSQL backend exists (issue 12); no server listens here
        keys = os.path.join(self.tmp, "keys")
        self.assertEqual(init(os.path.join(self.tmp, "q.db"), "--keys", keys).returncode, 0)
        for args in (["audit", "verify"], ["deadlines"]):
            r = run_cli(*(args + ["--db", "postgresql://127.0.0.1:1/qupiya", "--keys", keys]))
            self.assertEqual(r.returncode, 1, r)
            self.assertIn("cannot connect to the PostgreSQL server", r.stderr)
        # a password in the URL is never printed
        r = run_cli("deadlines", "--db", "postgresql://u:s3cret@127.0.0.1:1/x?password=0ther")
        self.assertEqual(r.returncode, 1, r)
        self.assertIn("postgresql://u:***@127.0.0.1:1/x?password=***", r.stderr)
        self.assertNotIn("s3cret", r.stderr + r.stdout)
        self.assertNotIn("0ther", r.stderr + r.stdout)

    def test_every_db_command_takes_keys(self):
        for cmd in (["init"], ["serve"], ["audit", "verify"], ["audit", "head"], ["backup"],
                    ["deadlines"], ["keys", "rotate-signing"], ["keys", "rotate-master"]):
            r = run_cli(*(cmd + ["--help"]))
            self.assertEqual(r.returncode, 0, cmd)
            self.assertIn("--keys", r.stdout, cmd)


class RotationTest(unittest.TestCase):
    clock = "2025-06-02"

    def setUp(self):
        self.srv = Server(clock=self.clock)
        self.addCleanup(self.srv.cleanup)
        self.srv.start()
        self.w = TransferWorld(self.srv, "rot")
        self.dir = self.srv.tmp

    def stop(self):
        self.assertEqual(self.srv.stop(), 0, self.srv.read_log()[-2000:])

    def verify(self, *extra):
        r = run_cli("audit", "verify", "--db", self.srv.db, *extra)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_rotate_signing(self):
        old_pk = public_keys(self.dir)
        r = self.srv.request("GET", "/v1/audit/head", token=self.w.auditor)
        self.assertEqual([r.json["public_key"]], old_pk)
        self.stop()
        head = os.path.join(self.dir, "head-before.json")
        r = run_cli("audit", "head", "--db", self.srv.db)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(head, "w") as f:
            f.write(r.stdout)
        with open(os.path.join(self.dir, "audit-signing.key")) as f:
            old_sk = f.read()

        r = run_cli("keys", "rotate-signing", "--db", self.srv.db)
        self.assertEqual(r.returncode, 0, r.stderr)
        pks = public_keys(self.dir)
        self.assertEqual(len(pks), 2)
        self.assertEqual(pks[0], old_pk[0])
        with open(os.path.join(self.dir, "audit-signing.key")) as f:
            self.assertNotEqual(f.read(), old_sk)
        self.assertEqual(stat.S_IMODE(os.stat(os.path.join(self.dir, "audit-signing.key")).st_mode),
                         0o600)
        # Old heads verify under the old key, the rotation's head under the new.
        self.verify()
        self.verify("--head", head)

        # Later heads are signed with the new key.
        self.srv.start()
        self.w.person(self.w.ministry)
        r = self.srv.request("GET", "/v1/audit/head", token=self.w.auditor)
        self.assertEqual(r.json["public_key"], pks[1])
        entries = audit_entries(self.srv, self.w.auditor)
        rot = [x for x in entries if x["action"] == "keys.rotate_signing"]
        self.assertEqual(len(rot), 1, rot)
        self.assertEqual(rot[0]["details"]["public_key"], pks[1])
        self.stop()
        self.verify()
        self.verify("--head", head)

        # A head signed later with the retired key is refused: drop the
        # new key from the ring's end and sign with the old one again.
        bad = os.path.join(self.dir, "bad")
        os.mkdir(bad)
        with open(os.path.join(bad, "audit-public.key"), "w") as f:
            f.write("qupiya-audit-public-keys-v1\n%s\n" % pks[0])
        with open(os.path.join(bad, "audit-signing.key"), "w") as f:
            f.write(old_sk)
        shutil.copy(os.path.join(self.dir, "content-master.key"), bad)
        os.chmod(os.path.join(bad, "audit-signing.key"), 0o600)
        r = run_cli("audit", "head", "--db", self.srv.db, "--keys", bad)
        self.assertEqual(r.returncode, 0, r.stderr)
        r = run_cli("audit", "verify", "--db", self.srv.db)
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("bad signature", r.stderr)

    def test_rotate_master(self):
        w, m = self.w, self.w.ministry
        car = w.carrier(m, "top_secret")
        p = w.person(m)
        w.clearance(p, m)
        w.grant(p, m, car)
        reader = w.user(m, "employee", person_id=p)
        body = b"content under the old master key\n" * 1000
        r = self.srv.request("PUT", "/v1/carriers/%s/content" % car, raw=body, token=w.so(m))
        self.assertIn(r.status, (200, 201, 204), r)
        self.stop()
        conn = sqlite3.connect(self.srv.db)
        wrapped0, = conn.execute("SELECT wrapped_key FROM content WHERE carrier_id = ?",
                                 (car,)).fetchone()
        chunks0 = conn.execute("SELECT n, data FROM content_chunk ORDER BY n").fetchall()
        conn.close()
        with open(os.path.join(self.dir, "content-master.key")) as f:
            master0 = f.read()

        r = run_cli("keys", "rotate-master", "--db", self.srv.db)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("1 content keys re-wrapped", r.stdout)
        with open(os.path.join(self.dir, "content-master.key")) as f:
            master1 = f.read()
        self.assertNotEqual(master1, master0)
        self.assertEqual(len(master1.split()), 2)   # the magic line and one key
        conn = sqlite3.connect(self.srv.db)
        wrapped1, = conn.execute("SELECT wrapped_key FROM content WHERE carrier_id = ?",
                                 (car,)).fetchone()
        chunks1 = conn.execute("SELECT n, data FROM content_chunk ORDER BY n").fetchall()
        conn.close()
        self.assertNotEqual(wrapped1, wrapped0)
        self.assertEqual(chunks1, chunks0)          # not re-encrypted
        self.verify()

        self.srv.start()
        r = self.srv.request("GET", "/v1/carriers/%s/content" % car, token=reader)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.raw, body)
        entries = audit_entries(self.srv, w.auditor)
        rot = [x for x in entries if x["action"] == "keys.rotate_master"]
        self.assertEqual(len(rot), 1, rot)
        self.assertEqual(rot[0]["details"]["rewrapped"], 1)
        self.stop()
        self.verify()


if __name__ == "__main__":
    unittest.main()
