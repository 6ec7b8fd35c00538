"""test_setup.py - `make run` (scripts/run-demo.sh) and the CLI's usage errors.

- A taken port: run-demo.sh names the port and creates nothing (it never
  seeds a server it did not start).
- A failed first seeding (the server dies at once): it says why and removes
  the half-made database, its key files and LOGINS.txt.
- A good first run: LOGINS.txt is mode 0600 and lists the demo logins.
- Every subcommand names a missing required option.
"""
import os
import socket
import stat
import subprocess
import sys
import tempfile
import time
import unittest

from qupiya_test import BIN, free_port

SRC = os.environ.get("QUPIYA_SRC", os.path.join(os.path.dirname(__file__), "..", ".."))
SCRIPT = os.path.join(SRC, "scripts", "run-demo.sh")
BIN = os.path.abspath(BIN)
KEYS = ("audit-signing.key", "content-master.key", "audit-public.key")
# made by the first serve; a failed seeding removes it too
SERVE_KEYS = ("witness.key",)


class RunDemo(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = os.path.join(self.tmp.name, "demo")
        self.db = os.path.join(self.dir, "qupiya.db")

    def tearDown(self):
        self.tmp.cleanup()

    def run_demo(self, binary, listen, timeout=60):
        return subprocess.run(["sh", SCRIPT, binary, self.db, listen], cwd=SRC, capture_output=True,
                              text=True, timeout=timeout)

    def assert_nothing_left(self):
        self.assertFalse(os.path.exists(self.db))
        for name in KEYS + SERVE_KEYS + ("LOGINS.txt",):
            self.assertFalse(os.path.exists(os.path.join(self.dir, name)), name)

    def test_port_taken_is_refused_before_init(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            s.listen(1)
            port = s.getsockname()[1]
            r = self.run_demo(BIN, "127.0.0.1:%d" % port, timeout=20)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("port %d" % port, r.stderr)
        self.assertIn("already in use", r.stderr)
        self.assert_nothing_left()

    def test_failed_seeding_cleans_up(self):
        # A binary whose `init` works but whose server exits at once.
        fake = os.path.join(self.tmp.name, "fake-qupiya")
        with open(fake, "w") as f:
            # (it leaves the witness key a first serve makes, as a real one would)
            f.write('#!/bin/sh\n[ "$1" = serve ] && { : >"$(dirname "$3")/witness.key"; exit 1; }\n'
                    'exec "%s" "$@"\n' % BIN)
        os.chmod(fake, 0o755)
        r = self.run_demo(fake, "127.0.0.1:%d" % free_port())
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("seeding the demo data failed", r.stderr)
        self.assertIn("removed the half-made demo database", r.stderr)
        self.assert_nothing_left()

    def test_first_run_seeds_and_logins_are_private(self):
        listen = "127.0.0.1:%d" % free_port()
        p = subprocess.Popen(["sh", SCRIPT, BIN, self.db, listen], cwd=SRC, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
        try:
            out = []
            deadline = time.time() + 90
            while time.time() < deadline:
                line = p.stdout.readline()
                if not line:
                    break
                out.append(line)
                if line.startswith("auditor "):
                    break
            text = "".join(out)
            self.assertIn("employee qupiya-demo-2026 employee", text, p.stderr.read() if p.poll() else "")
        finally:
            p.terminate()
            p.wait(timeout=20)
            p.stdout.close()
            p.stderr.close()
        logins = os.path.join(self.dir, "LOGINS.txt")
        self.assertEqual(stat.S_IMODE(os.stat(logins).st_mode), 0o600)
        for name in KEYS:
            self.assertTrue(os.path.exists(os.path.join(self.dir, name)), name)


class MissingOption(unittest.TestCase):
    def check(self, args, message):
        with tempfile.TemporaryDirectory() as d:
            r = subprocess.run([BIN] + args, cwd=d, capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn(message, r.stderr)

    def test_every_command_names_a_missing_db(self):
        for cmd in (["init"], ["serve"], ["audit", "verify"], ["audit", "head"], ["backup", "--to", "x"],
                    ["deadlines"], ["keys", "rotate-signing"], ["keys", "rotate-master"],
                    ["audit", "witness"], ["admin", "reset-password"]):
            with self.subTest(cmd=cmd):
                self.check(cmd, "qupiya %s: --db is required" % " ".join(c for c in cmd if not c.startswith("-")
                                                                       and c != "x"))

    def test_backup_names_a_missing_to(self):
        self.check(["backup", "--db", "x.db"], "qupiya backup: --to is required")

    def test_other_missing_options_are_named(self):
        self.check(["audit", "witness", "--db", "x.db"], "qupiya audit witness: --witness is required")
        self.check(["admin", "reset-password", "--db", "x.db"],
                   "qupiya admin reset-password: --login is required")


if __name__ == "__main__":
    unittest.main(verbosity=2)
