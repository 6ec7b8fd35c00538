"""make install: `cmake --install` of the build directory into a temporary
DESTDIR lays out the program, the man page, data/, web/ and the systemd
unit; the unit carries the hardening options; the installed binary finds
data/ and web/ under the install prefix (not the source tree, not DESTDIR).
"""
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from qupiya_test import BIN

BUILD = os.path.dirname(os.path.abspath(BIN))


def cache_value(name):
    with open(os.path.join(BUILD, "CMakeCache.txt")) as f:
        for line in f:
            if line.startswith(name + ":"):
                return line.split("=", 1)[1].strip()
    return None


@unittest.skipUnless(shutil.which("cmake") and os.path.exists(os.path.join(BUILD, "cmake_install.cmake")),
                     "no cmake or not a CMake build directory")
class InstallTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dest = tempfile.mkdtemp(prefix="qupiya-install-")
        cls.addClassCleanup(shutil.rmtree, cls.dest, True)
        env = dict(os.environ, DESTDIR=cls.dest)
        r = subprocess.run(["cmake", "--install", BUILD], env=env, capture_output=True,
                           text=True, timeout=300)
        assert r.returncode == 0, r.stdout + r.stderr
        cls.prefix = cache_value("CMAKE_INSTALL_PREFIX") or "/usr/local"
        cls.root = cls.dest + cls.prefix
        cls.files = sorted(os.path.relpath(os.path.join(d, f), cls.root)
                           for d, _, fs in os.walk(cls.dest) for f in fs)

    def test_layout(self):
        for f in ["bin/qupiya", "share/man/man1/qupiya.1",
                  "share/qupiya/data/catalog.json", "share/qupiya/data/holidays/kz.txt",
                  "share/qupiya/data/messages/en.json", "share/qupiya/data/messages/ru.json",
                  "share/qupiya/data/messages/kk.json", "share/qupiya/web/index.html",
                  "share/qupiya/web/js/app.js", "lib/systemd/system/qupiya.service"]:
            self.assertIn(f, self.files)
        self.assertTrue(os.access(os.path.join(self.root, "bin/qupiya"), os.X_OK))
        self.assertFalse([f for f in self.files if f.endswith(".in")], self.files)

    @unittest.skipUnless(shutil.which("man"), "no man program")
    def test_man_page_reads(self):
        # `man qupiya` after make install: the page in PREFIX/share/man renders.
        r = subprocess.run(["man", "-M", os.path.join(self.root, "share", "man"), "qupiya"],
                           env=dict(os.environ, MANPAGER="cat", PAGER="cat", MANWIDTH="80"),
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("qupiya init --db FILE", r.stdout)

    def test_unit_hardening(self):
        with open(os.path.join(self.root, "lib/systemd/system/qupiya.service")) as f:
            unit = f.read()
        for opt in ["ProtectSystem=strict", "ReadWritePaths=/var/lib/qupiya",
                    "NoNewPrivileges=yes", "CapabilityBoundingSet=\n",
                    "SystemCallFilter=@system-service", "PrivateTmp=yes", "ProtectHome=yes",
                    "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX",
                    "MemoryDenyWriteExecute=yes", "LockPersonality=yes",
                    "User=qupiya"]:
            self.assertIn(opt, unit)
        m = re.search(r"^ExecStart=(\S+) serve --db (\S+)", unit, re.M)
        self.assertIsNotNone(m, unit)
        self.assertEqual(m.group(1), os.path.join(self.prefix, "bin/qupiya"))
        self.assertTrue(m.group(2).startswith("/var/lib/qupiya/"))
        self.assertNotRegex(unit, r"@[A-Z_]+@")   # every placeholder configured
        if shutil.which("systemd-analyze"):
            r = subprocess.run(["systemd-analyze", "verify",
                                os.path.join(self.root, "lib/systemd/system/qupiya.service")],
                               capture_output=True, text=True, timeout=60)
            bad = [l for l in (r.stdout + r.stderr).splitlines()
                   if re.search(r"Unknown|ignoring|[Ii]nvalid|Failed to parse", l)]
            self.assertEqual(bad, [])

    def test_installed_binary_finds_installed_data(self):
        r = subprocess.run([os.path.join(self.root, "bin/qupiya"), "serve", "--help"],
                           capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(os.path.join(self.prefix, "share/qupiya/data"), r.stdout)
        self.assertIn(os.path.join(self.prefix, "share/qupiya/web"), r.stdout)
        self.assertNotIn(self.dest, r.stdout)
        # The build tree's binary keeps using the source tree.
        r = subprocess.run([BIN, "serve", "--help"], capture_output=True, text=True, timeout=30)
        self.assertNotIn(os.path.join(self.prefix, "share/qupiya"), r.stdout)


if __name__ == "__main__":
    unittest.main()
