"""The box around `qupiya serve` (issue 14, "a box"; src/cli/sandbox.c).

- `qupiya sandbox-selftest` enters exactly the server's box (same
  functions, same policy) and then tries to read a world-readable file
  outside its directories, to create a file outside the database
  directory and to exec /bin/sh: all three must be refused, while reading
  data/ and writing beside the database still work.
- The running server shows NoNewPrivs 1 and Seccomp 2 (filter) in
  /proc/PID/status and still serves reads and writes; --no-sandbox shows 0.
- Started as root: without --user it warns; with --user nobody its uid is
  nobody's (only when the test runs as root).
The sanitizer build enters no_new_privs only (LeakSanitizer needs ptrace):
there the Landlock/seccomp assertions are skipped.
"""
import os
import pwd
import shutil
import subprocess
import tempfile
import time
import unittest

from qupiya_test import ADMIN_PASSWORD, BIN, Server, free_port

SRC = os.environ.get("QUPIYA_SRC", os.path.join(os.path.dirname(__file__), "..", ".."))


def proc_status(pid):
    out = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            k, _, v = line.partition(":")
            out[k] = v.strip()
    return out


class SandboxTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="qupiya-sandbox-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def sanitized(self):
        r = subprocess.run([BIN, "sandbox-selftest", "--db", os.path.join(self.tmp, "x.db")],
                           capture_output=True, text=True, timeout=60)
        return r.returncode == 77

    def test_selftest_refuses_read_write_exec(self):
        dbdir = os.path.join(self.tmp, "db")
        other = os.path.join(self.tmp, "elsewhere")
        os.mkdir(dbdir)
        os.mkdir(other)
        os.chmod(other, 0o777)
        secret = os.path.join(other, "world-readable.txt")
        with open(secret, "w") as f:
            f.write("not for the server\n")
        os.chmod(secret, 0o644)
        env = dict(os.environ, QUPIYA_ADMIN_PASSWORD=ADMIN_PASSWORD)
        db = os.path.join(dbdir, "q.db")
        subprocess.run([BIN, "init", "--db", db], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        r = subprocess.run([BIN, "sandbox-selftest", "--db", db,
                            "--data", os.path.join(SRC, "data"), "--web", os.path.join(SRC, "web"),
                            "--read", secret, "--write", other],
                           capture_output=True, text=True, timeout=60)
        if r.returncode == 77:
            self.skipTest("sanitizer build: " + r.stdout.strip())
        out = r.stdout
        self.assertEqual(r.returncode, 0, out + r.stderr)
        self.assertIn("read %s: refused" % secret, out)
        self.assertIn("write %s/qupiya-selftest-escape: refused" % other, out)
        self.assertIn("exec /bin/sh: refused", out)
        self.assertNotIn("ALLOWED", out)
        self.assertIn("control: read data/catalog.json: ok", out)
        self.assertIn("control: write in the database directory: ok", out)
        self.assertFalse(os.path.exists(os.path.join(other, "qupiya-selftest-escape")))
        # The server's own reads outside: /etc/passwd is world-readable too.
        r = subprocess.run([BIN, "sandbox-selftest", "--db", db, "--read", "/etc/passwd",
                            "--write", other], capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("read /etc/passwd: refused", r.stdout)

    def test_server_runs_boxed(self):
        os.makedirs(os.path.join(self.tmp, "srv"))
        srv = Server(clock="2025-06-01", tmp=os.path.join(self.tmp, "srv"))
        srv.start()
        self.addCleanup(srv.cleanup)
        st = proc_status(srv.proc.pid)
        self.assertEqual(st["NoNewPrivs"], "1")
        log = srv.read_log()
        if "sanitizer build" not in log:
            self.assertEqual(st["Seccomp"], "2", log)
            self.assertIn("seccomp allow-list applied", log)
        # Boxed, it still reads, writes (database, WAL) and streams content.
        tok = srv.admin()
        r = srv.request("GET", "/v1/users", token=tok)
        self.assertEqual(r.status, 200, r)
        r = srv.request("GET", "/", headers={"Accept": "text/html"})
        self.assertEqual(r.status, 200, r)
        if os.geteuid() == 0:
            self.assertIn("running as root", log)
        self.assertEqual(srv.stop(), 0, srv.read_log())

    def test_no_sandbox_flag(self):
        tmp = os.path.join(self.tmp, "plain")
        os.makedirs(tmp)
        srv = Server(tmp=tmp)
        port = free_port()
        srv.port = port
        srv.log = open(os.path.join(tmp, "server.log"), "ab")
        srv.proc = subprocess.Popen([BIN, "serve"] + srv.db_args() + ["--listen",
                                     "127.0.0.1:%d" % port, "--no-sandbox"],
                                    stdout=srv.log, stderr=srv.log)
        self.addCleanup(srv.cleanup)
        self.wait_up(srv)
        st = proc_status(srv.proc.pid)
        self.assertEqual(st["NoNewPrivs"], "0")
        self.assertEqual(st["Seccomp"], "0")
        self.assertIn("--no-sandbox", srv.read_log())
        self.assertEqual(srv.stop(), 0)

    def wait_up(self, srv):
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                if srv.request("GET", "/v1/health").status == 200:
                    return
            except OSError:
                pass
            if srv.proc.poll() is not None:
                self.fail("server exited: " + srv.read_log())
            time.sleep(0.05)
        self.fail("server did not start")

    @unittest.skipUnless(os.geteuid() == 0, "privilege drop: needs root")
    def test_user_drops_root(self):
        nobody = pwd.getpwnam("nobody")
        tmp = os.path.join(self.tmp, "drop")
        os.makedirs(tmp)
        srv = Server(tmp=tmp)
        for dirpath, _, files in os.walk(tmp):
            os.chown(dirpath, nobody.pw_uid, nobody.pw_gid)
            for f in files:
                os.chown(os.path.join(dirpath, f), nobody.pw_uid, nobody.pw_gid)
        os.chmod(self.tmp, 0o755)
        srv.log = open(os.path.join(tmp, "server.log"), "ab")
        srv.proc = subprocess.Popen([BIN, "serve"] + srv.db_args() + ["--listen",
                                     "127.0.0.1:%d" % srv.port, "--user", "nobody"],
                                    stdout=srv.log, stderr=srv.log)
        self.addCleanup(srv.cleanup)
        self.wait_up(srv)
        st = proc_status(srv.proc.pid)
        self.assertEqual(st["Uid"].split(), [str(nobody.pw_uid)] * 4)
        self.assertEqual(st["Gid"].split(), [str(nobody.pw_gid)] * 4)
        self.assertEqual(st["Groups"].split(), [str(nobody.pw_gid)])
        self.assertEqual(st["CapEff"], "0000000000000000")
        self.assertEqual(st["NoNewPrivs"], "1")
        self.assertNotIn("running as root", srv.read_log())
        # As nobody it still writes: a login is an audited write.
        tok = srv.admin()
        self.assertEqual(srv.request("GET", "/v1/users", token=tok).status, 200)
        self.assertEqual(srv.stop(), 0, srv.read_log())

    def test_unknown_user_refused(self):
        os.makedirs(os.path.join(self.tmp, "nouser"))
        srv = Server(tmp=os.path.join(self.tmp, "nouser"))
        r = subprocess.run([BIN, "serve"] + srv.db_args() + ["--listen",
                            "127.0.0.1:%d" % free_port(), "--user", "no-such-user-qupiya"],
                           capture_output=True, text=True, timeout=60)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("no-such-user-qupiya", r.stderr)


if __name__ == "__main__":
    unittest.main()
