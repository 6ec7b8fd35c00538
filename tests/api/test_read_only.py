"""test_read_only.py - `qupiya serve --read-only` (issue 12, a hot standby).

A read-write node and a read-only node serve one database (SQLite: one
file; PostgreSQL under QUPIYA_TEST_PG: one database; test_standby.py runs
the read-only node on a streaming standby). The read-only node:
  - serves the GET routes that write nothing (registry views, deadlines,
    the audit log and its proofs, access checks) with the same answers as
    the read-write node, to a session made on the read-write node;
  - does not extend a session's idle time (it writes nothing): last_seen
    moves on the read-write node only;
  - answers 503 "read_only", naming the read-write node (--primary-url), to
    every write: any method but GET, a login, the audited reads (content,
    export, checkpoint: ROUTE_AUDITED_READ), and a refusal that would have
    to be recorded (a 422);
  - writes nothing at all: the audit head does not move.
"""
import os
import re
import unittest

from carrier_world import TODAY, CarrierWorld
from qupiya_test import ADMIN_PASSWORD, Server, db_connect

PRIMARY = "https://rw.example.kz:8470"
SRC = os.environ.get("QUPIYA_SRC", os.path.join(os.path.dirname(__file__), "..", ".."))
ROUTE = re.compile(r'\{"(GET)", "([^"]+)", [^,]+, ([^,]+), ')


def get_routes():
    """(path, flags) of every GET route of src/http/h_*.c."""
    out = []
    d = os.path.join(SRC, "src", "http")
    for f in sorted(os.listdir(d)):
        if f.startswith("h_") and f.endswith(".c"):
            with open(os.path.join(d, f)) as fh:
                out += [(m.group(2), m.group(3)) for m in ROUTE.finditer(fh.read())]
    return out


class ReadOnlyTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        rw = Server(clock=TODAY)
        cls.addClassCleanup(rw.cleanup)
        rw.start()
        cls.rw = rw
        cls.a = CarrierWorld(rw, 1)
        cls.car = cls.a.carrier("top_secret")["id"]
        cls.person = cls.a.cleared("top_secret", carrier=cls.car)
        cls.ro = rw.sibling("ro", ["--read-only", "--primary-url", PRIMARY]).start()

    @classmethod
    def tearDownClass(cls):
        rc = cls.ro.stop()
        if rc != 0:
            raise AssertionError("read-only node exit %d: %s" % (rc, cls.ro.read_log()[-3000:]))
        cls.rw.stop()

    def head(self, srv):
        r = srv.request("GET", "/v1/audit/head", token=self.a.auditor)
        self.assertEqual(r.status, 200, r)
        return r.json["size"], r.json["root"]

    def assertReadOnly(self, r):
        self.assertEqual(r.status, 503, r)
        self.assertEqual(r.error["code"], "read_only", r)
        self.assertEqual(r.error.get("primary"), PRIMARY, r)
        self.assertTrue(r.error["message"])

    def test_read_only_serves_reads(self):
        a = self.a
        for path, token in (("/v1/orgs/%s" % a.org, a.admin), ("/v1/carriers", a.so),
                            ("/v1/carriers/%s" % self.car, a.so), ("/v1/deadlines", a.so),
                            ("/v1/persons/%s" % self.person, a.so), ("/v1/me", a.so),
                            ("/v1/audit?limit=5", a.auditor),
                            ("/v1/audit/proof?index=1", a.auditor),
                            ("/v1/access/check?person_id=%s&carrier_id=%s"
                             % (self.person, self.car), a.so)):
            want = self.rw.request("GET", path, token=token)
            got = self.ro.request("GET", path, token=token)
            self.assertEqual(want.status, 200, (path, want))
            self.assertEqual((got.status, got.json), (200, want.json), path)
        self.assertEqual(self.head(self.ro), self.head(self.rw))
        self.assertEqual(self.ro.request("GET", "/v1/health").json,
                         {"status": "ok", "read_only": True})
        self.assertEqual(self.rw.request("GET", "/v1/health").json, {"status": "ok"})

    def test_read_only_every_plain_get(self):
        # every GET route that is not an audited read answers on the
        # read-only node with what the read-write node answers: never
        # read_only, never 500 (a route that writes must be flagged)
        a = self.a
        before = self.head(self.rw)
        for path, flags in get_routes():
            if "{}" in path:
                continue
            for token in (a.admin, a.so, a.auditor):
                got = self.ro.request("GET", path, token=token)
                if "ROUTE_AUDITED_READ" in flags:
                    self.assertReadOnly(got)
                    continue
                want = self.rw.request("GET", path, token=token)
                self.assertEqual(got.status, want.status, (path, got, want))
                self.assertNotEqual(got.status // 100, 5, (path, got))
        self.assertEqual(self.head(self.rw), before)

    def test_read_only_refuses_writes(self):
        a = self.a
        before = self.head(self.rw)
        self.assertReadOnly(self.ro.request("POST", "/v1/session",
                                            {"login": "admin", "password": ADMIN_PASSWORD}))
        self.assertReadOnly(self.ro.request("POST", "/v1/orgs", {
            "name": "Standby org", "bin": "990140000011", "kind": "organization"}, a.admin))
        self.assertReadOnly(self.ro.request("DELETE", "/v1/session", token=a.auditor))
        # audited reads: the content of a carrier, exports, checkpoints
        self.assertReadOnly(self.ro.request("GET", "/v1/carriers/%s/content" % self.car,
                                            token=a.so))
        self.assertReadOnly(self.ro.request("GET", "/v1/audit/export", token=a.auditor))
        self.assertReadOnly(self.ro.request("GET", "/v1/audit/checkpoint", token=a.auditor))
        # the message is translated; the primary named in every language
        r = self.ro.request("POST", "/v1/orgs", {}, a.admin, lang="kk")
        self.assertReadOnly(r)
        self.assertRegex(r.error["message"], "[А-Яа-яӘәҒғҚқҢңӨөҰұҮүІі]")
        # authentication still comes first
        self.assertEqual(self.ro.request("POST", "/v1/orgs", {}).status, 401)
        # nothing was written; the session ended nowhere
        self.assertEqual(self.head(self.rw), before)
        self.assertEqual(self.rw.request("GET", "/v1/me", token=a.auditor).status, 200)

    def test_read_only_without_primary_url(self):
        n = self.rw.sibling("ro2", ["--read-only"]).start()
        try:
            r = n.request("POST", "/v1/orgs", {}, self.a.admin)
            self.assertEqual((r.status, r.error["code"]), (503, "read_only"), r)
            self.assertNotIn("primary", r.error)
        finally:
            self.assertEqual(n.stop(), 0)

    def test_read_only_does_not_extend_session(self):
        token = self.rw.login("auditor1")
        db = db_connect(self.rw)
        try:
            db.execute("UPDATE session SET last_seen = last_seen - 600")
            if hasattr(db, "commit"):
                db.commit()

            def seen():
                return sorted(r[0] for r in db.execute("SELECT last_seen FROM session"))

            old = seen()
            self.assertEqual(self.ro.request("GET", "/v1/me", token=token).status, 200)
            self.assertEqual(seen(), old)
            self.assertEqual(self.rw.request("GET", "/v1/me", token=token).status, 200)
            self.assertNotEqual(seen(), old)
        finally:
            db.close()


if __name__ == "__main__":
    unittest.main()
