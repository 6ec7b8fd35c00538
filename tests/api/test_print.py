#!/usr/bin/env python3
"""test_print.py -- POST /v1/audit/print (issue 13, deliverable 9): the web
interface records every printout and export of classified metadata, with
the highest label it carries, before printing it.

Run standalone: QUPIYA_BIN=build/qupiya PYTHONPATH=tests/api python3 -B tests/api/test_print.py
"""
import unittest

from qupiya_test import PASSWORD, ServerTest, audit_entries


class Print(ServerTest):
    def test_print_is_audited_with_its_label(self):
        admin = self.srv.admin()
        self.assertEqual(self.req("POST", "/v1/users", {"login": "pr.aud", "password": PASSWORD,
                                                        "roles": ["auditor"]}, token=admin).status, 201)
        tok = self.srv.login("pr.aud")
        r = self.req("POST", "/v1/audit/print", {"what": "carrier_journal", "label": "top_secret"}, token=tok)
        self.assertEqual(r.status, 201, r)
        r = self.req("POST", "/v1/audit/print", {"what": "inventory_act"}, token=tok)
        self.assertEqual(r.status, 201, r)
        prints = [a for a in audit_entries(self.srv, tok) if a["action"] == "audit.print"]
        self.assertEqual(len(prints), 2, prints)
        self.assertIn("top_secret", str(prints))

    def test_refused_inputs(self):
        tok = self.srv.admin()
        self.assertEqual(self.req("POST", "/v1/audit/print", {"what": "carrier_journal"}).status, 401)
        r = self.req("POST", "/v1/audit/print", {"what": "novel"}, token=tok)
        self.assertEqual(r.status, 400, r)
        r = self.req("POST", "/v1/audit/print", {"what": "csv_export", "label": "secretish"}, token=tok)
        self.assertEqual(r.status, 400, r)
        r = self.req("POST", "/v1/audit/print", {"label": "top_secret"}, token=tok)
        self.assertEqual(r.status, 400, r)


if __name__ == "__main__":
    unittest.main(verbosity=2)
