"""test_pg_tls.py - qupiya and PostgreSQL over TLS (issue 12; PostgreSQL
only: api.pg.test_pg_tls).

A throwaway cluster of its own (scripts/pg-cluster.sh tls): TCP on
127.0.0.1 with ssl = on, a self-signed certificate made by openssl for
localhost and 127.0.0.1, and pg_hba accepting TCP only over TLS
(hostnossl ... reject). Every URL below names the server by TCP, as a
deployment across machines does (docs/deploy.md §6):
  - init, serve (in its box, and reconnecting from inside it after every
    connection was cut), a write and its read, audit head, audit verify
    and backup work with sslmode=verify-full and the certificate as
    sslrootcert; every connection the server holds is TLS (pg_stat_ssl);
  - a connection without TLS is refused (sslmode=disable: pg_hba's
    hostnossl reject), and so is one whose root does not verify the
    server's certificate (another self-signed certificate);
  - a URL that demands TLS (sslmode=require) is refused by qupiya's client
    side when the server offers none (ssl = off, reloaded).
The server's box is given its own TMPDIR, so the certificate (under /tmp)
is readable inside the box only because serve lets the URL's files in.
"""
import os
import shutil
import subprocess
import tempfile
import time
import unittest

from qupiya_test import (ADMIN_PASSWORD, BIN, PG, Server, World, free_port, make_ident,
                         pg_sql, pg_url, run_cli)

SRC = os.environ.get("QUPIYA_SRC", os.path.join(os.path.dirname(__file__), "..", ".."))
CLUSTER = os.path.join(SRC, "scripts", "pg-cluster.sh")


def cluster(*args, env=None):
    p = subprocess.run(["sh", CLUSTER] + list(args), capture_output=True, text=True,
                       timeout=300, env=env)
    if p.returncode != 0:
        raise RuntimeError("pg-cluster.sh %s: %s" % (" ".join(args), p.stderr))
    return p.stdout.strip()


@unittest.skipUnless(PG, "QUPIYA_TEST_PG not set (PostgreSQL only)")
class PgTlsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = "/tmp/qupiya-tls-%d" % os.getpid()
        cls.port = free_port()
        cls.addClassCleanup(cluster, "stop", cls.dir)
        # the socket URL: psql's own administration (local trust)
        cls.admin_url = cluster("tls", cls.dir, env=dict(os.environ, QUPIYA_PG_PORT=str(cls.port)))
        pg_sql("CREATE DATABASE qupiya", cls.admin_url)
        cls.tmp = tempfile.mkdtemp(prefix="qupiya-tls-")
        cls.addClassCleanup(shutil.rmtree, cls.tmp, True)
        cls.keys = os.path.join(cls.tmp, "keys")
        cls.url = cls.tcp("sslmode=verify-full&sslrootcert=%s/server.crt" % cls.dir)
        init = subprocess.run([BIN, "init", "--db", cls.url, "--keys", cls.keys],
                              env=dict(os.environ, QUPIYA_ADMIN_PASSWORD=ADMIN_PASSWORD),
                              capture_output=True, text=True, timeout=120)
        if init.returncode != 0:
            raise RuntimeError("qupiya init over TLS: " + init.stderr)

    @classmethod
    def tcp(cls, params, host="localhost"):
        return "postgresql://postgres@%s:%d/qupiya?%s" % (host, cls.port, params)

    def cli(self, *args, url=None):
        return run_cli(*args, "--db", url or self.url, "--keys", self.keys)

    def server(self, name, url=None):
        s = Server(tmp=os.path.join(self.tmp, name), db=url or self.url, keys=self.keys)
        os.makedirs(s.tmp, exist_ok=True)
        self.addCleanup(lambda: s.proc is not None and s.kill())
        return s

    def test_1_serve_and_commands_over_tls(self):
        srv = self.server("node")
        spool = os.path.join(srv.tmp, "spool")
        os.makedirs(spool)
        saved = os.environ.get("TMPDIR")
        os.environ["TMPDIR"] = spool   # the box's read-write directory: not /tmp
        try:
            srv.start()
        finally:
            if saved is None:
                del os.environ["TMPDIR"]
            else:
                os.environ["TMPDIR"] = saved
        w = World(srv)
        r = srv.request("POST", "/v1/orgs", {"name": "TLS org", "bin": make_ident(424242),
                                             "kind": "organization"}, w.admin)
        self.assertEqual(r.status, 201, r)
        org = r.json["id"]
        rows = pg_sql("SELECT s.ssl, s.version FROM pg_stat_ssl s JOIN pg_stat_activity a"
                      " USING (pid) WHERE a.datname = 'qupiya'", self.admin_url).split()
        self.assertTrue(rows, "no connection of the server")
        for row in rows:
            self.assertTrue(row.startswith("t|TLSv1."), rows)
        # every connection cut: the server reconnects from inside its box
        # (libpq opens the certificate and a TCP socket again)
        pg_sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
               " WHERE datname = 'qupiya' AND pid <> pg_backend_pid()", self.admin_url)
        deadline = time.time() + 30
        while True:
            r = srv.request("GET", "/v1/orgs/%s" % org, token=w.admin)
            if r.status == 200 or time.time() > deadline:
                break
            time.sleep(0.2)
        self.assertEqual((r.status, r.json and r.json.get("name")), (200, "TLS org"),
                         (r, srv.read_log()[-2000:]))
        r = srv.request("POST", "/v1/orgs", {"name": "TLS org 2", "bin": make_ident(424243),
                                             "kind": "organization"}, w.admin)
        self.assertEqual(r.status, 201, r)
        self.assertEqual(srv.stop(), 0, srv.read_log()[-3000:])
        for args in (("audit", "verify"), ("audit", "head")):
            p = self.cli(*args)
            self.assertEqual(p.returncode, 0, (args, p.stderr))
        # require: TLS without checking the name (the address is in the
        # certificate too, so verify-full by address also passes)
        p = self.cli("audit", "verify", url=self.tcp("sslmode=require"))
        self.assertEqual(p.returncode, 0, p.stderr)
        p = self.cli("audit", "verify", url=self.tcp(
            "sslmode=verify-full&sslrootcert=%s/server.crt" % self.dir, host="127.0.0.1"))
        self.assertEqual(p.returncode, 0, p.stderr)
        dump = os.path.join(self.tmp, "tls.dump")
        p = self.cli("backup", "--to", dump)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertGreater(os.path.getsize(dump), 0)

    def test_2_no_tls_refused(self):
        p = self.cli("audit", "verify", url=self.tcp("sslmode=disable"))
        self.assertNotEqual(p.returncode, 0, p.stdout)
        self.assertIn("no encryption", p.stderr)
        srv = self.server("plain", self.tcp("sslmode=disable"))
        with self.assertRaises(RuntimeError):
            srv.start()

    def test_3_untrusted_certificate_refused(self):
        p = self.cli("audit", "verify", url=self.tcp(
            "sslmode=verify-full&sslrootcert=%s/other.crt" % self.dir))
        self.assertNotEqual(p.returncode, 0, p.stdout)
        self.assertIn("certificate verify failed", p.stderr)

    def test_4_tls_demanded_server_offers_none(self):
        pg_sql("ALTER SYSTEM SET ssl = off; SELECT pg_reload_conf();", self.admin_url)
        try:
            deadline = time.time() + 30
            while pg_sql("SHOW ssl", self.admin_url).strip() != "off":
                self.assertLess(time.time(), deadline, "ssl = off was not reloaded")
                time.sleep(0.1)
            for mode in ("require", "verify-full&sslrootcert=%s/server.crt" % self.dir):
                p = self.cli("audit", "verify", url=self.tcp("sslmode=" + mode))
                self.assertNotEqual(p.returncode, 0, p.stdout)
                self.assertIn("server does not support SSL, but SSL was required", p.stderr)
            srv = self.server("demand", self.tcp("sslmode=require"))
            with self.assertRaises(RuntimeError):
                srv.start()
        finally:
            pg_sql("ALTER SYSTEM RESET ssl; SELECT pg_reload_conf();", self.admin_url)


if __name__ == "__main__":
    unittest.main()
