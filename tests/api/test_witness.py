#!/usr/bin/env python3
"""test_witness.py -- witnessed tree heads in the transparency-log formats
(issue 14 #8): a body's qupiya publishes C2SP checkpoints, the national
security authority's qupiya witnesses them, and the rebuild-the-tree attack
of a thief holding the key file is caught without any head kept by hand.

Two servers: B (a body) and W (the NSC's qupiya, the witness).
  * GET /v1/audit/checkpoint on B (auditor) is a signed note per
    c2sp.org/tlog-checkpoint and signed-note: origin, size, base64 root, a
    blank line, "— <origin> base64(keyID || Ed25519 sig)" with keyID =
    SHA-256(origin || 0x0A || 0x01 || pk)[:4], verified here (pure-Python
    Ed25519 from test_audit_tamper.py) under B's public key; 403 for others.
  * W accepts only logs an nsc_officer registered (POST /v1/witness/logs:
    403 for an auditor, 400 for a bad key, 201 and audited); its vkey is a
    cosignature (0x04) verifier key.
  * POST /v1/witness/add-checkpoint answers the spec's codes: 400 malformed
    and old > size, 404 unknown origin, 403 a bad log signature, 409 with
    text/x.tlog.size when the old size is not the cosigned one, 422 when the
    proof does not verify, 200 with a cosignature/v1 line verified here
    ("cosignature/v1\\ntime T\\n" || checkpoint text).
  * `qupiya audit witness` pushes B's heads (old 0, then the proof from
    the size W reports), stores the cosignatures with the heads; W's state
    survives its restart; GET /v1/witness/latest and the spec's monitoring
    path answer the latest cosigned checkpoint.
  * `qupiya audit verify --witness-key` passes; stale cosignatures fail
    with --max-age.
  * The attack: on a copy of B's database, tests/tools/audit_rebuild (the
    project's own code, with the stolen key) rewrites an entry, deletes the
    heads and cosignatures, rebuilds the tree and signs a fresh head. Plain
    `audit verify` passes (the gap of issue 14 #8); `verify --witness-key`
    fails (no cosigned head), `verify --witness-key --witness URL` fails
    (history rewritten); kept cosignature rows fail it too; and W refuses
    to cosign the rebuilt log (422).

Run standalone: QUPIYA_BIN=build/qupiya PYTHONPATH=tests/api python3 -B tests/api/test_witness.py
"""
import base64
import hashlib
import os
import re
import sqlite3
import subprocess
import time
import unittest

from qupiya_test import BIN, PASSWORD, Server, audit_entries, db_connect, is_url, run_cli
from test_audit_tamper import ed25519_verify

EM = "\u2014"
REBUILD = os.path.join(os.path.dirname(os.path.abspath(BIN)), "tests", "audit_rebuild")


def key_id(name, typ, pk):
    return hashlib.sha256(name.encode() + b"\n" + bytes([typ]) + pk).digest()[:4]


def split_note(text):
    """(note text, [(name, raw signature bytes)]) per signed-note."""
    i = text.rindex("\n\n")
    body, sigs = text[:i + 1], []
    for line in text[i + 2:].splitlines():
        assert line.startswith(EM + " "), line
        name, b64 = line[2:].split(" ")
        sigs.append((name, base64.b64decode(b64, validate=True)))
    return body, sigs


def cosig_verifies(body, sig, name, pk):
    if sig[:4] != key_id(name, 4, pk) or len(sig) != 76:
        return None
    ts = int.from_bytes(sig[4:12], "big")
    msg = ("cosignature/v1\ntime %d\n" % ts).encode() + body.encode()
    return ts if ed25519_verify(pk, msg, sig[12:]) else None


class WitnessTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.w = Server()
        cls.addClassCleanup(cls.w.cleanup)
        cls.b = Server()
        cls.addClassCleanup(cls.b.cleanup)
        cls.w.start()
        cls.b.start()
        cls.url = "http://127.0.0.1:%d/v1/witness" % cls.w.port
        wa, ba = cls.w.admin(), cls.b.admin()
        for srv, adm, login, role in ((cls.w, wa, "nsc1", "nsc_officer"),
                                      (cls.w, wa, "waud", "auditor"),
                                      (cls.b, ba, "baud", "auditor")):
            r = srv.request("POST", "/v1/users",
                            {"login": login, "password": PASSWORD, "roles": [role]}, adm)
            assert r.status == 201, r
        cls.nsc = cls.w.login("nsc1")
        cls.waud = cls.w.login("waud")
        cls.baud = cls.b.login("baud")

    @classmethod
    def tearDownClass(cls):
        for srv in (cls.b, cls.w):
            if srv.proc is not None:
                rc = srv.stop()
                if rc != 0:
                    raise AssertionError("server exit %d:\n%s" % (rc, srv.read_log()[-3000:]))

    def checkpoint(self):
        r = self.b.request("GET", "/v1/audit/checkpoint", token=self.baud)
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.headers["Content-Type"].startswith("text/plain"), r.headers)
        return r.raw.decode("utf-8")

    def add(self, body):
        return self.w.request("POST", "/v1/witness/add-checkpoint", raw=body.encode(),
                              headers={"Content-Type": "text/plain; charset=utf-8"})

    def cli(self, *args):
        p = run_cli(*args)
        return p.returncode, p.stdout + p.stderr

    def test_witnessed_heads(self):
        b, w = self.b, self.w
        # ---- the checkpoint (tlog-checkpoint, signed-note) ----
        cp = self.checkpoint()
        body, sigs = split_note(cp)
        origin, size, root = body.split("\n")[:3]
        self.assertEqual(body, "%s\n%s\n%s\n" % (origin, size, root))
        self.assertTrue(re.fullmatch(r"qupiya\.[0-9a-f]{16}/audit", origin), origin)
        self.assertTrue(re.fullmatch(r"0|[1-9][0-9]*", size))
        self.assertEqual(len(base64.b64decode(root, validate=True)), 32)
        head = b.request("GET", "/v1/audit/head", token=self.baud).json
        pk = bytes.fromhex(head["public_key"])
        self.assertEqual(len(sigs), 1)
        self.assertEqual(sigs[0][0], origin)
        self.assertEqual(sigs[0][1][:4], key_id(origin, 1, pk))
        self.assertEqual(len(sigs[0][1]), 68)
        self.assertTrue(ed25519_verify(pk, body.encode(), sigs[0][1][4:]))
        self.assertFalse(ed25519_verify(pk, body.replace(size, size + "0", 1).encode(),
                                        sigs[0][1][4:]))
        if head["size"] == int(size):
            self.assertEqual(bytes.fromhex(head["root"]), base64.b64decode(root))
        r = b.request("GET", "/v1/audit/checkpoint", token=b.admin())
        self.assertEqual(r.status, 403, r)

        # ---- registration at the witness (nsc_officer, audited) ----
        reg = {"origin": origin, "public_key": pk.hex()}
        self.assertEqual(w.request("POST", "/v1/witness/logs", reg, self.waud).status, 403)
        r = w.request("POST", "/v1/witness/logs", {"origin": origin, "public_key": "00" * 31},
                      self.nsc)
        self.assertEqual((r.status, r.error.get("field")), (400, "public_key"), r)
        r = w.request("POST", "/v1/witness/logs", {"origin": "a b", "public_key": pk.hex()},
                      self.nsc)
        self.assertEqual((r.status, r.error.get("field")), (400, "origin"), r)
        r = w.request("POST", "/v1/witness/logs", reg, self.nsc)
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["origin"], origin)
        self.assertTrue(r.json["vkey"].startswith(origin + "+" + key_id(origin, 1, pk).hex() + "+"))
        self.assertIn("witness.log.register",
                      [e["action"] for e in audit_entries(w, self.waud)])
        r = w.request("GET", "/v1/witness/logs", token=self.nsc)
        self.assertEqual(r.status, 200, r)
        vkey = r.json["witness"]["vkey"]
        wname, wid, wkey = vkey.split("+", 2)
        wraw = base64.b64decode(wkey)
        self.assertEqual(wraw[0], 4)
        wpk = wraw[1:]
        self.assertEqual(bytes.fromhex(wid), key_id(wname, 4, wpk))
        self.assertEqual([i["origin"] for i in r.json["items"]], [origin])
        vkey_file = os.path.join(b.tmp, "witness.vkey")
        with open(vkey_file, "w") as f:
            f.write(vkey + "\n")

        # ---- the protocol's codes ----
        cp = self.checkpoint()
        body, sigs = split_note(cp)
        size = int(body.split("\n")[1])
        for bad in ("hello", "old 0\n" + cp, "old 01\n\n" + cp, "old 0\n\n" + body):
            r = self.add(bad)
            self.assertEqual(r.status, 400, (bad, r))
        r = self.add("old %d\n\n%s" % (size + 1, cp))
        self.assertEqual(r.status, 400, r)
        r = self.add("old 0\n\n" + cp.replace(origin, "example.com/unknown"))
        self.assertEqual(r.status, 404, r)
        sig_line = cp.rstrip("\n").rsplit(" ", 1)
        b64 = sig_line[1]
        flipped = b64[:60] + ("A" if b64[60] != "A" else "B") + b64[61:]
        r = self.add("old 0\n\n" + sig_line[0] + " " + flipped + "\n")
        self.assertEqual(r.status, 403, r)
        r = w.request("GET", "/v1/witness/latest?origin=" + origin)
        self.assertEqual(r.status, 404, r)

        # ---- first push: old 0 ----
        rc, out = self.cli("audit", "witness", "--db", b.db, "--witness", self.url,
                           "--witness-key", vkey_file)
        self.assertEqual(rc, 0, out)
        self.assertIn("cosigned by " + wname, out)
        r = w.request("GET", "/v1/witness/latest?origin=" + origin)
        self.assertEqual(r.status, 200, r)
        latest = r.raw.decode()
        lbody, lsigs = split_note(latest)
        first_size = int(lbody.split("\n")[1])
        self.assertEqual([n for n, _ in lsigs], [origin, wname])
        self.assertTrue(ed25519_verify(pk, lbody.encode(), lsigs[0][1][4:]))
        ts = cosig_verifies(lbody, lsigs[1][1], wname, wpk)
        self.assertIsNotNone(ts)
        self.assertLessEqual(abs(ts - time.time()), 60)
        mon = w.request("GET", "/v1/witness/%s/checkpoint" %
                        hashlib.sha256(origin.encode()).hexdigest())
        self.assertEqual((mon.status, mon.raw), (200, r.raw))
        self.assertEqual(w.request("GET", "/v1/witness/%s/checkpoint" % ("0" * 64)).status, 404)
        db = db_connect(b)
        rows = db.execute("SELECT witness, size FROM audit_cosignature").fetchall()
        db.close()
        self.assertEqual(rows, [(wname, first_size)])

        # 409 with the cosigned size (text/x.tlog.size)
        cp = self.checkpoint()
        r = self.add("old 0\n\n" + cp)
        self.assertEqual((r.status, r.raw), (409, b"%d\n" % first_size), r)
        self.assertEqual(r.headers["Content-Type"], "text/x.tlog.size")
        # 422: a proof that does not prove
        size2 = int(cp.split("\n")[1])
        r = self.add("old %d\n%s\n\n%s" % (first_size, base64.b64encode(b"\0" * 32).decode(), cp))
        self.assertEqual(r.status, 422, r)

        # ---- the witness keeps its state across a restart; second push with a proof ----
        self.assertEqual(w.stop(), 0)
        w.start()
        for i in range(5):
            b.login("baud")
        rc, out = self.cli("audit", "witness", "--db", b.db, "--witness", self.url)
        self.assertEqual(rc, 0, out)
        self.assertIn("(from %d)" % first_size, out)
        latest = w.request("GET", "/v1/witness/latest?origin=" + origin).raw.decode()
        cosigned = int(latest.split("\n")[1])
        self.assertGreater(cosigned, size2)

        # ---- verify with the witness key ----
        self.assertEqual(b.stop(), 0)
        rc, out = self.cli("audit", "verify", "--db", b.db, "--witness-key", vkey_file)
        self.assertEqual(rc, 0, out)
        self.assertIn("witnessed", out)
        rc, out = self.cli("audit", "verify", "--db", b.db, "--witness-key", vkey_file,
                           "--witness", self.url)
        self.assertEqual(rc, 0, out)
        time.sleep(2.1)
        rc, out = self.cli("audit", "verify", "--db", b.db, "--witness-key", vkey_file,
                           "--max-age", "1s")
        self.assertEqual(rc, 1, out)
        self.assertIn("no head cosigned by", out)

        # ---- the attack: a thief with the key file rebuilds the tree ----
        # SQLite only: tests/tools/audit_rebuild rewrites the SQLite file
        # with sqlite3 itself (a thief's own tool, outside the store). What
        # it defeats and what catches it, `audit verify` with and without
        # the witness, is src/audit's code over the store, the same on
        # PostgreSQL, where everything above ran.
        if not is_url(b.db):
            self.attack(b, w, vkey_file, origin, latest)
        # the witness's own log (registrations, cosigned and refused checkpoints) is intact
        actions = [(e["action"], e["outcome"]) for e in audit_entries(w, self.waud)]
        self.assertIn(("witness.add_checkpoint", "ok"), actions)
        self.assertIn(("witness.add_checkpoint", "refused"), actions)
        self.assertEqual(w.stop(), 0)
        rc, out = self.cli("audit", "verify", "--db", w.db)
        self.assertEqual(rc, 0, out)

    def attack(self, b, w, vkey_file, origin, latest):
        """The rebuild-the-tree attack on a copy of B's SQLite file."""
        thief = os.path.join(b.tmp, "thief.db")
        src, dst = sqlite3.connect(b.db), sqlite3.connect(thief)
        src.backup(dst)
        kept = src.execute("SELECT witness, size, root, timestamp, checkpoint"
                           " FROM audit_cosignature").fetchall()
        src.close()
        dst.close()
        # the thief's copy sits beside the original: same keys directory, same keys
        p = subprocess.run([REBUILD, thief, "3"], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        # without a witness the rewrite passes (the gap of issue 14 #8) ...
        rc, out = self.cli("audit", "verify", "--db", thief)
        self.assertEqual(rc, 0, out)
        # ... with the witness key it does not: the cosignatures are gone ...
        rc, out = self.cli("audit", "verify", "--db", thief, "--witness-key", vkey_file)
        self.assertEqual(rc, 1, out)
        self.assertIn("no head cosigned by", out)
        # ... the witness remembers what it cosigned ...
        rc, out = self.cli("audit", "verify", "--db", thief, "--witness-key", vkey_file,
                           "--witness", self.url)
        self.assertEqual(rc, 1, out)
        self.assertIn("history was rewritten", out)
        # ... and kept cosignature rows reveal it as well
        db = sqlite3.connect(thief)
        db.executemany("INSERT INTO audit_cosignature(witness, size, root, timestamp, checkpoint)"
                       " VALUES (?, ?, ?, ?, ?)", kept)
        db.commit()
        db.close()
        rc, out = self.cli("audit", "verify", "--db", thief, "--witness-key", vkey_file)
        self.assertEqual(rc, 1, out)
        self.assertIn("history was rewritten", out)
        # the witness refuses to cosign the rebuilt log (422), its state unchanged
        rc, out = self.cli("audit", "witness", "--db", thief, "--witness", self.url)
        self.assertEqual(rc, 1, out)
        self.assertIn("422", out)
        again = w.request("GET", "/v1/witness/latest?origin=" + origin).raw.decode()
        self.assertEqual(again, latest)
        # the original log still verifies against the witness
        rc, out = self.cli("audit", "verify", "--db", b.db, "--witness-key", vkey_file,
                           "--witness", self.url)
        self.assertEqual(rc, 0, out)


if __name__ == "__main__":
    unittest.main()
