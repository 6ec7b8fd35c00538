#!/usr/bin/env python3
"""test_carrier_fks.py -- 0028_carrier_fks (issue 11): carriers, their copies,
journal entries and grants name their organizations and persons by a
FOREIGN KEY (store/org_fks.h). A write naming one that is not there is
refused with a clean 404 naming the field (the procedures load what they
name before the store's key would refuse it; a key's refusal is 404, never
500):

- POST /v1/carriers for an organization that is not registered (an officer
  whose account names an organization no longer there): 404 org_id;
- POST /v1/import of that officer's carrier journal (the bulk path): 422
  import_refused, the row 404 naming org_id, nothing stored;
- `qupiya import --org BIN` for that officer: exit 1, "not registered";
- issuing a copy, archiving with, granting to what is not there: 404
  naming person_id / archive_org_id.

The unit test test_store_org_fks proves each key refuses an orphan write
and that an upgrade over orphans keeps every row.

Run standalone: QUPIYA_BIN=build/qupiya python3 tests/api/test_carrier_fks.py
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qupiya_test import (PASSWORD, ServerTest, db_connect, make_ident,  # noqa: E402
                         run_cli)
from carrier_world import TODAY, CarrierWorld  # noqa: E402

GHOST_BIN = make_ident(190001)
CSV = ("kind;account_number;carrier_kind;title;label;information;copies;sheets;"
       "declassify_on;registered_on\r\n"
       "carriers;1;paper;T1;top_secret;;1;3;;2019-02-05\r\n")


class CarrierKeys(ServerTest):
    clock = TODAY

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        srv = cls.srv
        cls.a = CarrierWorld(srv, 1)
        r = srv.request("POST", "/v1/orgs", {"name": "Ghost", "bin": GHOST_BIN,
                                             "kind": "state_body", "city": "Astana"},
                        cls.a.admin)
        assert r.status == 201, r
        cls.ghost = r.json["id"]
        r = srv.request("POST", "/v1/users", {"login": "ghostso", "password": PASSWORD,
                                              "roles": ["security_officer"],
                                              "org_id": cls.ghost}, cls.a.admin)
        assert r.status == 201, r
        # the organization goes behind the server's back; the account stays
        assert srv.stop() == 0
        db = db_connect(srv)
        db.execute("DELETE FROM organization WHERE id = ?", (cls.ghost,))
        db.close()
        srv.start()
        cls.ghost_so = srv.login("ghostso")

    def carriers_of_ghost(self):
        db = db_connect(self.srv)
        (n,) = db.execute("SELECT count(*) FROM carrier WHERE org_id = ?",
                          (self.ghost,)).fetchone()
        db.close()
        return int(n)

    def test_carrier_of_no_organization(self):
        r = self.req("POST", "/v1/carriers", {
            "org_id": self.ghost, "account_number": "G-1", "kind": "paper", "title": "T",
            "label": "top_secret", "copies": 1, "sheets": 1}, self.ghost_so)
        self.assertError(r, 404, "not_found", field="org_id")
        self.assertEqual(self.carriers_of_ghost(), 0)

    def test_import_of_no_organization(self):
        for dry in (True, False):
            r = self.req("POST", "/v1/import" + ("?dry_run=true" if dry else ""),
                         raw=CSV.encode(), token=self.ghost_so,
                         headers={"Content-Type": "text/csv"})
            self.assertEqual(r.status, 200 if dry else 422, r)
            errs = r.json["report"]["errors"] if "report" in r.json else r.json["errors"]
            self.assertEqual([(x["line"], x["status"], x["code"], x["field"]) for x in errs],
                             [(2, 404, "not_found", "org_id")], r.json)
        self.assertEqual(self.carriers_of_ghost(), 0)

    def test_import_cli_of_no_organization(self):
        path = os.path.join(self.srv.tmp, "ghost.csv")
        with open(path, "w") as f:
            f.write(CSV)
        p = run_cli("import", "--db", self.srv.db, "--org", GHOST_BIN, "--as", "ghostso",
                    "--clock", TODAY, path)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertIn("--org", p.stderr)
        self.assertIn("not registered", p.stderr)
        self.assertEqual(self.carriers_of_ghost(), 0)

    def test_copy_archive_grant_name_what_is_not_there(self):
        a = self.a
        car = a.carrier()["id"]
        r = self.req("POST", "/v1/carriers/%s/issue" % car,
                     {"person_id": "person_nowhere", "copy_number": 1}, a.so)
        self.assertError(r, 404, "not_found", field="person_id")
        r = self.req("POST", "/v1/carriers/%s/archive" % car,
                     {"archive_ref": "F-1", "archive_org_id": "org_nowhere"}, a.so)
        self.assertError(r, 404, "not_found", field="archive_org_id")
        r = self.req("POST", "/v1/grants", {"person_id": "person_nowhere", "carrier_id": car,
                                            "until": "2026-12-31"}, a.head)
        self.assertError(r, 404, "not_found", field="person_id")
        # nothing of them stored: the carrier as registered
        r = self.req("GET", "/v1/carriers/%s" % car, token=a.so)
        self.assertEqual(r.json["state"], "registered", r)


if __name__ == "__main__":
    unittest.main()
