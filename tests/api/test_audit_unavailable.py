"""test_audit_unavailable.py - one refusal path (issue 11, deliverable 1): a
refusal by a rule of the Law (422) is answered only once its audit entry is
written; when that entry cannot be written the answer is 503
`audit_unavailable`, never a 422 the log does not hold, and nothing is
changed.

The fault is injected in the database itself: a trigger (added from another
connection while the server runs) that aborts the insert of any audit entry
whose outcome is "refused". Other entries are written as before. On
PostgreSQL the same trigger in PL/pgSQL (PG_TRIGGER, through psql).
"""
import unittest

from qupiya_test import ServerTest, World, audit_entries, db_connect, is_url, make_ident, pg_sql

TRIGGER = ("CREATE TRIGGER fault_refusal BEFORE INSERT ON audit_entry"
           " WHEN instr(NEW.entry, '\"outcome\":\"refused\"') > 0"
           " BEGIN SELECT RAISE(ABORT, 'injected fault'); END")
PG_TRIGGER = ("CREATE FUNCTION fault_refusal() RETURNS trigger LANGUAGE plpgsql AS"
              " $$BEGIN RAISE EXCEPTION 'injected fault'; END$$;"
              " CREATE TRIGGER fault_refusal BEFORE INSERT ON audit_entry FOR EACH ROW"
              " WHEN (position('\"outcome\":\"refused\"' in NEW.entry) > 0)"
              " EXECUTE FUNCTION fault_refusal()")
PG_DROP = "DROP TRIGGER fault_refusal ON audit_entry; DROP FUNCTION fault_refusal()"


class AuditUnavailableTest(ServerTest):
    clock = "2025-06-02"

    def refuse(self, w, cid):
        # No prerequisites recorded: the grant is refused (Art. 29.1).
        return self.req("POST", "/v1/clearances/%s/decision" % cid,
                        {"decision": "grant", "contract_number": "C-1"}, w.t("head"))

    def test_audit_unavailable(self):
        w = World(self.srv, 1)
        so, aud = w.t("security_officer"), w.t("auditor")
        r = self.req("POST", "/v1/persons", {"iin": make_ident(4400001), "full_name": "P One",
                                             "citizenship": "KZ", "org_id": w.org,
                                             "position": "engineer"}, so)
        self.assertEqual(r.status, 201, r)
        r = self.req("POST", "/v1/persons/%s/clearances" % r.json["id"], {"form": "top_secret"}, so)
        self.assertEqual(r.status, 201, r)
        cid = r.json["id"]

        # Recorded: 422, and the log holds the refusal.
        n0 = len(audit_entries(self.srv, aud))
        self.assertError(self.refuse(w, cid), 422, "prerequisites_missing", article="29.1")
        entries = audit_entries(self.srv, aud)
        refused = [x for x in entries if x["outcome"] == "refused"]
        self.assertEqual(len(refused), 1)
        self.assertEqual(refused[0]["code"], "prerequisites_missing")

        pg = is_url(self.srv.db)
        conn = None if pg else db_connect(self.srv)
        if pg:
            pg_sql(PG_TRIGGER, url=self.srv.db)
        else:
            conn.execute(TRIGGER)
        try:
            before = self.req("GET", "/v1/clearances/%s" % cid, token=so).json
            n1 = len(audit_entries(self.srv, aud))
            r = self.refuse(w, cid)
            self.assertError(r, 503, "audit_unavailable")
            self.assertNotIn("article", {k for k, v in r.error.items() if v})
            # Nothing changed, nothing recorded.
            self.assertEqual(self.req("GET", "/v1/clearances/%s" % cid, token=so).json, before)
            self.assertEqual(len(audit_entries(self.srv, aud)), n1)
        finally:
            if pg:
                pg_sql(PG_DROP, url=self.srv.db)
            else:
                conn.execute("DROP TRIGGER fault_refusal")
                conn.close()
        # The fault gone, the same request is refused and recorded again.
        self.assertError(self.refuse(w, cid), 422, "prerequisites_missing")
        refused = [x for x in audit_entries(self.srv, aud) if x["outcome"] == "refused"]
        self.assertEqual(len(refused), 2)
        self.assertGreater(n1, n0)


if __name__ == "__main__":
    unittest.main()
