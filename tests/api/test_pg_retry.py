"""test_pg_retry.py - a transaction PostgreSQL aborts for serialization (or
a deadlock) is run again inside the operation, never answered to the user
(issue 12, deliverable 2; PostgreSQL only: api.pg.test_pg_retry).

The abort is injected in the database: a PL/pgSQL trigger on the table a
step writes raises SQLSTATE 40001 (serialization_failure) or 40P01
(deadlock_detected) for the first N inserts, counted by a sequence (which a
rollback does not undo). The request is answered as if nothing happened:
one row, one audit entry, an intact log. A fault that never ends is
answered 409 "conflict" after OPS_RETRY_MAX (8) attempts, nothing written.
"""
import unittest

from qupiya_test import PG, ServerTest, World, audit_entries, is_url, make_ident, pg_sql, run_cli

RETRY_MAX = 8   # ops.h OPS_RETRY_MAX


def fault(table, state, times):
    return ("CREATE SEQUENCE fault_n;"
            " CREATE FUNCTION fault() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN"
            " IF nextval('fault_n') <= %d THEN"
            " RAISE EXCEPTION 'injected fault' USING ERRCODE = '%s'; END IF;"
            " RETURN NEW; END$$;"
            " CREATE TRIGGER fault BEFORE INSERT ON %s FOR EACH ROW EXECUTE FUNCTION fault()"
            % (times, state, table))


def unfault(table):
    return ("DROP TRIGGER fault ON %s; DROP FUNCTION fault(); DROP SEQUENCE fault_n"
            % table)


@unittest.skipUnless(PG, "QUPIYA_TEST_PG not set (PostgreSQL only)")
class PgRetryTest(ServerTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        assert is_url(cls.srv.db)
        cls.w = World(cls.srv, 1)
        cls.n = 0

    def sql(self, text):
        return pg_sql(text, url=self.srv.db)

    def register(self):
        type(self).n += 1
        return self.req("POST", "/v1/orgs", {"name": "Retry org %d" % self.n,
                                             "bin": make_ident(515000 + self.n),
                                             "kind": "organization"}, self.w.admin)

    def attempts(self, table, state, times):
        """POST /v1/orgs with the fault on table; the answer and how many
        inserts the trigger saw."""
        self.sql(fault(table, state, times))
        try:
            r = self.register()
            seen = int(self.sql("SELECT last_value FROM fault_n"))
        finally:
            self.sql(unfault(table))
        return r, seen

    def check_once(self, r):
        self.assertEqual(r.status, 201, r)
        rows = self.sql("SELECT count(*) FROM organization WHERE name = 'Retry org %d'" % self.n)
        self.assertEqual(rows.strip(), "1")
        acts = [e for e in audit_entries(self.srv, self.w.t("auditor"))
                if e.get("object") == r.json["id"]]
        self.assertEqual([(e["action"], e["outcome"]) for e in acts], [("org.create", "ok")])

    def test_serialization_failure_retried(self):
        r, seen = self.attempts("organization", "40001", 2)
        self.check_once(r)
        self.assertEqual(seen, 3)   # two aborted attempts, then the one kept

    def test_deadlock_retried(self):
        r, seen = self.attempts("organization", "40P01", 1)
        self.check_once(r)
        self.assertEqual(seen, 2)

    def test_abort_in_the_audit_append_retried(self):
        # the last statement of the step: its audit entry
        r, seen = self.attempts("audit_entry", "40001", 3)
        self.check_once(r)
        self.assertEqual(seen, 4)

    def test_endless_fault_answered_after_the_last_attempt(self):
        size = self.req("GET", "/v1/audit/head", token=self.w.t("auditor")).json["size"]
        r, seen = self.attempts("organization", "40001", 1000)
        self.assertError(r, 409, "conflict")
        self.assertEqual(seen, RETRY_MAX)
        self.assertEqual(self.sql("SELECT count(*) FROM organization WHERE name ="
                                  " 'Retry org %d'" % self.n).strip(), "0")
        # nothing recorded of the attempts
        self.assertEqual(self.req("GET", "/v1/audit/head", token=self.w.t("auditor")).json["size"],
                         size)

    def test_zz_audit_verifies(self):
        self.assertEqual(self.srv.stop(), 0)
        try:
            p = run_cli("audit", "verify", "--db", self.srv.db)
            self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        finally:
            self.srv.start()


if __name__ == "__main__":
    unittest.main()
