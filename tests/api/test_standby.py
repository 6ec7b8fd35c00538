"""test_standby.py - a primary, a synchronous hot standby, kill -9, promotion
(issue 12, PostgreSQL only: api.pg.test_standby, run alone).

Two throwaway clusters of its own (scripts/pg-cluster.sh start, then
standby: pg_basebackup -R, streaming), the primary with
synchronous_standby_names = '*' and synchronous_commit = remote_apply, so
that a COMMIT returns (and qupiya answers 2xx) only once the standby has
applied it. A read-write `qupiya serve` on the primary, a `--read-only`
one on the standby:
  - the read-only node answers reads with the primary's answers, to a
    session made on the primary (it replicates), and 503 "read_only"
    naming the primary to writes, logins and audited reads;
  - concurrent writers through the primary node; the primary's postmaster
    is killed (SIGKILL) while they write; the standby is promoted
    (pg_ctl promote) and a read-write node started on it: every write
    answered 2xx is there, the audit tree is at least as large as the
    last head a client was given, and `qupiya audit verify` passes.
Both clusters are removed also when the test fails (class cleanup).
"""
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import unittest

from carrier_world import TODAY, CarrierWorld
from qupiya_test import (ADMIN_PASSWORD, BIN, PG, Server, make_ident, pg_sql, pg_url,
                         run_cli)

SRC = os.environ.get("QUPIYA_SRC", os.path.join(os.path.dirname(__file__), "..", ".."))
CLUSTER = os.path.join(SRC, "scripts", "pg-cluster.sh")
WRITERS = 4
KILL_AFTER = 25        # acknowledged writes before the primary is killed


def cluster(*args):
    p = subprocess.run(["sh", CLUSTER] + list(args), capture_output=True, text=True,
                       timeout=300)
    if p.returncode != 0:
        raise RuntimeError("pg-cluster.sh %s: %s" % (" ".join(args), p.stderr))
    return p.stdout.strip()


def as_owner(*args):
    cmd = list(args)
    if os.getuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--"] + cmd
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def pg_bin(name):
    for d in ("/usr/lib/postgresql/15/bin",):
        if os.path.exists(os.path.join(d, name)):
            return os.path.join(d, name)
    return name


@unittest.skipUnless(PG, "QUPIYA_TEST_PG not set (PostgreSQL only)")
class StandbyTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        base = "/tmp/qupiya-standby-%d" % os.getpid()
        cls.pdir, cls.sdir = base + "-p", base + "-s"
        cls.addClassCleanup(cluster, "stop", cls.sdir)
        cls.addClassCleanup(cluster, "stop", cls.pdir)
        purl = cluster("start", cls.pdir)
        pg_sql("CREATE DATABASE qupiya", purl)
        surl = cluster("standby", cls.pdir, cls.sdir)
        # a commit waits until the standby has applied it
        pg_sql("ALTER SYSTEM SET synchronous_standby_names = '*';"
               " ALTER SYSTEM SET synchronous_commit = 'remote_apply';"
               " SELECT pg_reload_conf();", purl)
        deadline = time.time() + 60
        while pg_sql("SELECT sync_state FROM pg_stat_replication", purl).strip() != "sync":
            if time.time() > deadline:
                raise RuntimeError("the standby never became synchronous")
            time.sleep(0.2)
        cls.purl, cls.surl = pg_url("qupiya", purl), pg_url("qupiya", surl)
        cls.tmp = tempfile.mkdtemp(prefix="qupiya-standby-")
        cls.addClassCleanup(shutil.rmtree, cls.tmp, True)
        cls.keys = os.path.join(cls.tmp, "keys")
        init = subprocess.run([BIN, "init", "--db", cls.purl, "--keys", cls.keys],
                              env=dict(os.environ, QUPIYA_ADMIN_PASSWORD=ADMIN_PASSWORD),
                              capture_output=True, text=True, timeout=120)
        if init.returncode != 0:
            raise RuntimeError("qupiya init: " + init.stderr)
        cls.rw = cls.node("rw", cls.purl)
        cls.a = CarrierWorld(cls.rw, 1)
        cls.ro = cls.node("ro", cls.surl, ["--read-only", "--primary-url",
                                           "http://127.0.0.1:%d" % cls.rw.port])

    @classmethod
    def node(cls, name, db, args=None):
        n = Server(clock=TODAY, tmp=os.path.join(cls.tmp, name), db=db, keys=cls.keys,
                   args=args)
        os.makedirs(n.tmp, exist_ok=True)
        cls.addClassCleanup(lambda: n.proc is not None and n.kill())
        return n.start()

    def test_1_read_only_standby(self):
        a = self.a
        t = self.rw.login("auditor1")   # made on the primary, replicated
        for path, token in (("/v1/orgs/%s" % a.org, a.admin), ("/v1/carriers", a.so),
                            ("/v1/deadlines", a.so), ("/v1/audit?limit=10", t),
                            ("/v1/audit/head", t), ("/v1/me", t)):
            want = self.rw.request("GET", path, token=token)
            got = self.ro.request("GET", path, token=token)
            self.assertEqual(want.status, 200, (path, want))
            if path == "/v1/audit/head":   # signed at each call: same tree
                self.assertEqual((got.json["size"], got.json["root"]),
                                 (want.json["size"], want.json["root"]))
            else:
                self.assertEqual((got.status, got.json), (200, want.json), path)
        for r in (self.ro.request("POST", "/v1/session", {"login": "auditor1",
                                                          "password": "x" * 12}),
                  self.ro.request("POST", "/v1/orgs", {"name": "x"}, a.admin),
                  self.ro.request("GET", "/v1/audit/export", token=t)):
            self.assertEqual((r.status, r.error["code"]), (503, "read_only"), r)
            self.assertEqual(r.error["primary"], "http://127.0.0.1:%d" % self.rw.port)

    def test_2_kill_primary_lose_nothing(self):
        a = self.a
        acked, lock, stop = [], threading.Lock(), threading.Event()
        head = {"size": 0}
        errors = []

        def writer(w):
            k = 0
            while not stop.is_set():
                ident = make_ident(700000 + w * 1000 + k)
                k += 1
                try:
                    r = self.rw.request("POST", "/v1/orgs", {
                        "name": "Standby writer %d org %d" % (w, k), "bin": ident,
                        "kind": "organization"}, a.admin, timeout=20)
                except OSError as e:
                    errors.append(e)
                    time.sleep(0.05)
                    continue
                if r.status // 100 == 2:
                    with lock:
                        acked.append(r.json["id"])
                elif r.status < 500:
                    errors.append(r)
                    return
                if stop.is_set():
                    return

        def header():
            while not stop.is_set():
                try:
                    r = self.rw.request("GET", "/v1/audit/head", token=a.auditor, timeout=20)
                except OSError:
                    continue
                if r.status == 200:
                    with lock:
                        head["size"] = max(head["size"], r.json["size"])

        threads = [threading.Thread(target=writer, args=(w,)) for w in range(WRITERS)]
        threads.append(threading.Thread(target=header))
        for t in threads:
            t.start()
        try:
            deadline = time.time() + 120
            while len(acked) < KILL_AFTER and time.time() < deadline and not errors:
                time.sleep(0.05)
            with open(os.path.join(self.pdir, "data", "postmaster.pid")) as f:
                os.kill(int(f.readline()), 9)   # the primary's postmaster, mid-write
            time.sleep(1.0)   # the writers meet the dead primary
        finally:
            stop.set()
            for t in threads:
                t.join(timeout=120)
        self.assertEqual([e for e in errors if not isinstance(e, OSError)], [])
        self.assertGreaterEqual(len(acked), KILL_AFTER)
        self.rw.kill()
        # promote the standby; a read-write node on it
        p = as_owner(pg_bin("pg_ctl"), "-D", os.path.join(self.sdir, "data"), "-w", "promote")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.ro.stop()
        new = self.node("promoted", self.surl)
        token = new.login("admin", ADMIN_PASSWORD)
        r = new.request("GET", "/v1/orgs?limit=1000", token=token)
        self.assertEqual(r.status, 200, r)
        listed = {o["id"] for o in r.json["items"]}
        self.assertEqual(set(acked) - listed, set(), "acknowledged writes lost")
        h = new.request("GET", "/v1/audit/head", token=a.auditor)
        self.assertEqual(h.status, 200, h)
        self.assertGreaterEqual(h.json["size"], head["size"])
        self.assertGreater(head["size"], 0)
        v = run_cli("audit", "verify", "--db", self.surl, "--keys", self.keys, timeout=600)
        self.assertEqual(v.returncode, 0, v.stdout + v.stderr)
        self.assertIn("audit log intact", v.stdout)
        sys.stderr.write("standby: %d writes acknowledged before and during the kill, last"
                         " head given %d, promoted tree %d\n"
                         % (len(acked), head["size"], h.json["size"]))
        # the promoted node takes writes
        r = new.request("POST", "/v1/orgs", {"name": "After failover", "bin": make_ident(799999),
                                             "kind": "organization"}, token)
        self.assertEqual(r.status, 201, r)
        self.assertEqual(new.stop(), 0)


if __name__ == "__main__":
    unittest.main()
