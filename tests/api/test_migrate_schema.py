"""test_migrate_schema.py -- `qupiya migrate-schema --db DB` (issue 12
item 5): the pending named migrations run once, by whichever of two
concurrent runs gets the lock first (PostgreSQL: the advisory lock; SQLite:
the write lock), each printed by the run that applied it; a schema newer
than the program's is refused by migrate-schema and by serve. Runs on both
backends (the PostgreSQL variant through tests/CMakeLists.txt).

Run standalone: QUPIYA_BIN=build/qupiya python3 tests/api/test_migrate_schema.py
"""
import os
import shutil
import urllib.request
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qupiya_test import (ADMIN_PASSWORD, BIN, PG, Server, db_connect, free_port,  # noqa: E402
                         pg_create_db, pg_drop_db, pg_hold_lock, pg_sql)

STEP = "0017_record_kind_ref"   # the newest step: an index, so it can be undone
PG_LOCK_MIGRATE = 7310302590093410   # pg_store.c


def health(port):
    """GET /v1/health; OSError while the node is not serving (its socket
    listens from the start, but nothing accepts before the store is open)."""
    with urllib.request.urlopen("http://127.0.0.1:%d/v1/health" % port, timeout=1) as r:
        return r.status


def applied_lines(out):
    return [line for line in out.splitlines() if line.startswith("applied ")]


class TestMigrateSchema(unittest.TestCase):
    def setUp(self):
        self.srv = Server()
        self.addCleanup(self.srv.cleanup)

    def run_cmd(self, *args):
        return subprocess.run([BIN, "migrate-schema"] + self.srv.db_args() + list(args),
                              capture_output=True, text=True, timeout=120)

    def recorded(self, name):
        c = db_connect(self.srv)
        try:
            return int(c.execute("SELECT count(*) FROM schema_migration WHERE name = ?",
                                 (name,)).fetchone()[0])
        finally:
            c.close()

    def test_help(self):
        p = subprocess.run([BIN, "migrate-schema", "--help"], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0)
        self.assertIn("migrate-schema --db", p.stdout)
        p = subprocess.run([BIN, "migrate-schema"], capture_output=True, text=True)
        self.assertEqual(p.returncode, 2, p.stderr)

    def test_current_schema_applies_nothing(self):
        p = self.run_cmd()
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertFalse(applied_lines(p.stdout), p.stdout)
        self.assertIn("(0 migrations applied", p.stdout)

    def test_two_concurrent_runs_apply_each_step_once(self):
        c = db_connect(self.srv)
        c.execute("DROP INDEX record_kind_ref")
        c.execute("DELETE FROM schema_migration WHERE name = ?", (STEP,))
        c.close()
        self.assertEqual(self.recorded(STEP), 0)
        procs = [subprocess.Popen([BIN, "migrate-schema"] + self.srv.db_args(),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(2)]
        outs = [p.communicate(timeout=120) for p in procs]
        for p, (out, err) in zip(procs, outs):
            self.assertEqual(p.returncode, 0, out + err)
        applied = [line.split()[1] for out, _ in outs for line in out.splitlines()
                   if line.startswith("applied ")]
        self.assertEqual(applied, [STEP], outs)
        self.assertEqual(self.recorded(STEP), 1)
        # and the step's work is there: the index exists again (dropping it works)
        c = db_connect(self.srv)
        c.execute("DROP INDEX record_kind_ref")
        c.execute("CREATE INDEX record_kind_ref ON record(kind, ref)")
        c.close()
        p = self.run_cmd()
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertFalse(applied_lines(p.stdout), p.stdout)

    def test_newer_schema_refused_by_migrate_schema_and_serve(self):
        c = db_connect(self.srv)
        c.execute("INSERT INTO schema_migration(name, applied_at) VALUES (?, ?)",
                  ("9999_from_the_future", "2030-01-01T00:00:00.000Z"))
        c.close()
        p = self.run_cmd()
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assertIn("newer", p.stderr)
        self.assertFalse(applied_lines(p.stdout), p.stdout)
        p = subprocess.run([BIN, "serve"] + self.srv.db_args() +
                           ["--listen", "127.0.0.1:%d" % free_port()],
                           capture_output=True, text=True, timeout=60)
        self.assertNotEqual(p.returncode, 0, p.stderr)
        self.assertIn("newer", p.stderr)


    @unittest.skipUnless(PG, "PostgreSQL: the migration lock is an advisory lock psql can hold"
                         " (on SQLite the write lock, whose holder makes a second run fail"
                         " after the busy timeout rather than wait)")
    def test_migration_waits_for_the_one_in_progress(self):
        """While another process migrates (it holds the migration lock),
        migrate-schema and a starting node wait; nothing runs twice."""
        c = db_connect(self.srv)
        c.execute("DROP INDEX record_kind_ref")
        c.execute("DELETE FROM schema_migration WHERE name = ?", (STEP,))
        c.close()
        release = pg_hold_lock(self.srv.db, "SELECT pg_advisory_lock(%d);" % PG_LOCK_MIGRATE,
                               "SELECT pg_advisory_unlock(%d);" % PG_LOCK_MIGRATE)
        self.addCleanup(release)
        port = free_port()
        run = subprocess.Popen([BIN, "migrate-schema"] + self.srv.db_args(),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        node = subprocess.Popen([BIN, "serve"] + self.srv.db_args() +
                                ["--listen", "127.0.0.1:%d" % port],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            time.sleep(1.5)
            self.assertIsNone(run.poll(), "migrate-schema did not wait for the lock")
            self.assertEqual(self.recorded(STEP), 0)
            with self.assertRaises(OSError):   # the node is not serving yet
                health(port)
            release()
            out, err = run.communicate(timeout=120)
            self.assertEqual(run.returncode, 0, out + err)
            deadline = time.time() + 30
            while True:
                try:
                    health(port)
                    break
                except OSError:
                    self.assertIsNone(node.poll(), "the node exited")
                    self.assertLess(time.time(), deadline, "the node never served")
                    time.sleep(0.1)
            # one of the two applied the step, once
            self.assertEqual(self.recorded(STEP), 1)
            self.assertLessEqual(len(applied_lines(out)), 1)
        finally:
            if run.poll() is None:
                run.kill()
            node.terminate()
            node.wait(60)


@unittest.skipUnless(PG, "PostgreSQL: a SQLite init removes its half-made file")
class TestInitRetry(unittest.TestCase):
    """A PostgreSQL init that made the schema but never committed its
    administrator and first audit entry (failed, killed; here: the schema
    made by migrate-schema, the state it leaves) can be retried; an
    initialized database is still refused."""

    def test_init_after_half_made_schema(self):
        url = pg_create_db()
        self.addCleanup(pg_drop_db, url)
        tmp = tempfile.mkdtemp(prefix="qupiya-test-")
        self.addCleanup(shutil.rmtree, tmp, True)
        p = subprocess.run([BIN, "migrate-schema", "--db", url], capture_output=True,
                           text=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(pg_sql("SELECT count(*) FROM account", url=url).strip(), "0")
        env = dict(os.environ, QUPIYA_ADMIN_PASSWORD=ADMIN_PASSWORD)
        init = [BIN, "init", "--db", url, "--keys", os.path.join(tmp, "keys")]
        p = subprocess.run(init, env=env, capture_output=True, text=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(pg_sql("SELECT count(*) FROM account", url=url).strip(), "1")
        p = subprocess.run([BIN, "audit", "verify", "--db", url, "--keys",
                            os.path.join(tmp, "keys")], capture_output=True, text=True,
                           timeout=120)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        # an initialized database is refused, its keys untouched
        init[-1] = os.path.join(tmp, "keys2")
        p = subprocess.run(init, env=env, capture_output=True, text=True, timeout=120)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertIn("duplicate", p.stderr)
        self.assertEqual(pg_sql("SELECT count(*) FROM account", url=url).strip(), "1")


if __name__ == "__main__":
    unittest.main()
