"""storage_unavailable (issue 14, faults): a full disk under the database.

The database lives on a 4 MiB tmpfs (needs root to mount; skipped
otherwise). With the file system filled, writes answer 503
storage_unavailable with a JSON error and write nothing (the organization
list holds exactly the 201s), reads go on answering 200, `audit verify`
passes; once space is freed, writes succeed again without a restart.
"""
import errno
import os
import shutil
import subprocess
import tempfile
import unittest

from qupiya_test import ADMIN_PASSWORD, BIN, Server, make_ident, run_cli


def fill(path):
    """Writes zeros to path until the file system is full."""
    chunk = b"\0" * 65536
    with open(path, "wb", buffering=0) as f:
        while True:
            try:
                f.write(chunk)
            except OSError as e:
                if e.errno != errno.ENOSPC:
                    raise
                if len(chunk) == 1:
                    return
                chunk = chunk[:len(chunk) // 2]


@unittest.skipUnless(os.geteuid() == 0, "mounting a small tmpfs needs root")
class StorageUnavailableTest(unittest.TestCase):
    def setUp(self):
        self.base = tempfile.mkdtemp(prefix="qupiya-full-")
        self.mnt = os.path.join(self.base, "mnt")
        os.mkdir(self.mnt)
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", self.mnt],
                           capture_output=True, text=True)
        if r.returncode != 0:
            shutil.rmtree(self.base, True)
            self.skipTest("cannot mount a tmpfs here: " + r.stderr.strip())
        self.addCleanup(shutil.rmtree, self.base, True)
        self.addCleanup(subprocess.run, ["umount", "-l", self.mnt])
        db = os.path.join(self.mnt, "q.db")
        env = dict(os.environ, QUPIYA_ADMIN_PASSWORD=ADMIN_PASSWORD)
        subprocess.run([BIN, "init", "--db", db], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        os.mkdir(os.path.join(self.base, "log"))
        self.srv = Server(tmp=os.path.join(self.base, "log"))   # its log off the tmpfs
        self.srv.db = db
        self.srv.start()
        self.addCleanup(self.srv.cleanup)

    def org(self, tok, n):
        return self.srv.request("POST", "/v1/orgs", {
            "name": "Full disk body %d %s" % (n, "x" * 180), "bin": make_ident(700000 + n),
            "kind": "state_body", "city": "Astana"}, tok)

    def count_orgs(self, tok):
        n, after = 0, None
        while True:
            path = "/v1/orgs?limit=100" + ("&after=%s" % after if after else "")
            r = self.srv.request("GET", path, token=tok)
            self.assertEqual(r.status, 200, r)
            n += len(r.json["items"])
            after = r.json.get("next")
            if after is None:
                return n

    def test_storage_unavailable(self):
        tok = self.srv.admin()
        before = self.count_orgs(tok)
        filler = os.path.join(self.mnt, "filler")
        fill(filler)
        created, refused, n = 0, None, 0
        for n in range(1, 3000):
            r = self.org(tok, n)
            if r.status == 201:
                created += 1
                continue
            refused = r
            break
        self.assertIsNotNone(refused, "the full disk never refused a write")
        self.assertEqual(refused.status, 503, refused)
        self.assertEqual(refused.error.get("code"), "storage_unavailable", refused)
        self.assertTrue(refused.error.get("message"))
        self.assertNotIn("detail", refused.error)
        # Still full: refused again, in another language too.
        r = self.srv.request("POST", "/v1/orgs", {"name": "Again", "bin": make_ident(799999),
                                                  "kind": "state_body", "city": "Astana"},
                             tok, lang="ru")
        self.assertEqual(r.status, 503, r)
        self.assertEqual(r.error["code"], "storage_unavailable")
        # Reads go on; nothing half-written: exactly the 201s are there.
        self.assertEqual(self.count_orgs(tok), before + created)
        self.assertEqual(self.srv.request("GET", "/v1/health").status, 200)
        self.assertIn("storage unavailable", self.srv.read_log())
        v = run_cli("audit", "verify", "--db", self.srv.db, "--quiet")
        self.assertEqual(v.returncode, 0, v.stdout + v.stderr)
        # Space returns: writes succeed again, without a restart.
        os.unlink(filler)
        r = self.org(tok, n + 1)
        self.assertEqual(r.status, 201, r)
        self.assertEqual(self.count_orgs(tok), before + created + 1)
        self.assertEqual(self.srv.stop(), 0, self.srv.read_log())
        v = run_cli("audit", "verify", "--db", self.srv.db, "--quiet")
        self.assertEqual(v.returncode, 0, v.stdout + v.stderr)


if __name__ == "__main__":
    unittest.main()
