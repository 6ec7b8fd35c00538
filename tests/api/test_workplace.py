"""test_workplace.py - every role's workplace (issue 13): the employee's own
carriers (GET /v1/me/workplace, GET /v1/me/carriers, decided by the one access
decision) and the auditor's log (GET /v1/audit filters, newest first, the
naming map view=named, the CSV export GET /v1/audit/export).
"""
import csv
import glob
import io
import itertools
import os
import re
import unittest

from qupiya_test import PASSWORD, ServerTest, World, make_ident

_ident = itertools.count(910000)
SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
KINDS = ("archive_delegation|carrier|certificate|classifier|clearance|foreign_transfer|grant|"
         "ground|incident|information|inventory|joint_work|list|list_item|movement|org|permit|"
         "person|request|transfer|trip|violation|session|system|audit|user|emergency")


def action_codes():
    """Every action code the server writes: "<kind>.<act>" strings in src/."""
    codes = set()
    for path in glob.glob(os.path.join(SRC, "src", "**", "*.c"), recursive=True):
        with open(path, encoding="utf-8") as f:
            codes |= set(re.findall(r'"((?:%s)\.[a-z_]+(?:\.[a-z_]+)?)"' % KINDS, f.read()))
    return codes


class ActionWordsTest(unittest.TestCase):
    def test_every_action_has_words_in_three_languages(self):
        with open(os.path.join(SRC, "web", "js", "i18n.js"), encoding="utf-8") as f:
            i18n = f.read()
        with open(os.path.join(SRC, "web", "js", "screens", "audit.js"), encoding="utf-8") as f:
            audit = f.read()
        codes = action_codes()
        self.assertIn("carrier.issue", codes)
        for c in sorted(codes):
            q = r"'((?:[^'\\]|\\.)+)'"   # a JS string with escapes
            m = re.search(r"'act\.%s': \[%s, %s, %s\]" % (re.escape(c), q, q, q), i18n)
            self.assertIsNotNone(m, "no words for action %s in web/js/i18n.js" % c)
            self.assertRegex(m.group(2), "[а-яА-Я]", c)
            self.assertRegex(m.group(3), "[а-яА-ЯәғқңөұүһіӘҒҚҢӨҰҮҺІ]", c)
            self.assertIn("'%s'" % c, audit, "action %s not in ACTIONS of audit.js" % c)


class WorkplaceTest(ServerTest):
    clock = "2025-06-02"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        srv = cls.srv
        cls.w = World(srv, 1)
        cls.so = cls.w.t("security_officer")
        cls.head = cls.w.t("head")
        cls.auditor = cls.w.t("auditor")
        r = srv.request("POST", "/v1/orgs/%s/permits" % cls.w.org, {
            "degree": "special_importance", "number": "P-1", "issued_on": "2024-01-01",
            "valid_until": "2030-01-01"}, cls.w.t("nsc_officer"))
        assert r.status == 201, r
        official = cls.person("Official")
        cls.user("clsofficial", "classifier", official)
        r = srv.request("POST", "/v1/classifiers", {"person_id": official, "org_id": cls.w.org},
                        cls.w.admin)
        assert r.status == 201, r
        # a list whose title a spreadsheet would read as a formula
        r = srv.request("POST", "/v1/lists", {"org_id": cls.w.org,
                                              "title": "=HYPERLINK(\"x\")"}, cls.so)
        assert r.status == 201, r
        cls.list = r.json["id"]
        r = srv.request("POST", "/v1/lists/%s/items" % cls.list, {
            "code": "1", "text": "plans", "degree": "top_secret", "basis": "11.1"}, cls.so)
        assert r.status == 201, r
        item = r.json["id"]
        r = srv.request("POST", "/v1/lists/%s/approve" % cls.list, {"effective_date": "2024-03-15"},
                        cls.head)
        assert r.status == 200, r
        cls.info = cls.information("Mobilisation plan", item, srv.login("clsofficial"))
        cls.info2 = cls.information("Reserve plan", item, srv.login("clsofficial"))
        cls.granted = cls.carrier("WP-1", "Plan, copy for reading", cls.info)
        cls.other = cls.carrier("WP-2", "Reserve plan", cls.info2)
        cls.reader_person = cls.person("Yerlan Kassymov")
        cls.reader = cls.user("reader", "employee", cls.reader_person)
        cls.w.clear(cls.reader_person, "top_secret", restriction_until="2030-06-01")
        r = srv.request("POST", "/v1/grants", {"person_id": cls.reader_person,
                                               "information_id": cls.info,
                                               "until": "2029-12-31"}, cls.so)
        assert r.status == 201, r
        cls.bystander = cls.user("bystander", "employee", cls.person("Bystander"))

    @classmethod
    def person(cls, name):
        r = cls.srv.request("POST", "/v1/persons", {
            "iin": make_ident(next(_ident)), "full_name": name, "citizenship": "KZ",
            "org_id": cls.w.org, "position": "analyst"}, cls.so)
        assert r.status == 201, r
        return r.json["id"]

    @classmethod
    def user(cls, login, role, person):
        r = cls.srv.request("POST", "/v1/users", {
            "login": login, "password": PASSWORD, "roles": [role], "org_id": cls.w.org,
            "person_id": person}, cls.w.admin)
        assert r.status == 201, r
        return cls.srv.login(login)

    @classmethod
    def information(cls, title, item, token):
        r = cls.srv.request("POST", "/v1/information", {
            "title": title, "org_id": cls.w.org, "list_item_id": item, "degree": "top_secret",
            "classified_on": "2024-05-10", "declassify_on": "2034-05-10"}, token)
        assert r.status == 201, r
        return r.json["id"]

    @classmethod
    def carrier(cls, number, title, info):
        r = cls.srv.request("POST", "/v1/carriers", {
            "org_id": cls.w.org, "account_number": number, "kind": "paper", "title": title,
            "label": "top_secret", "information_ids": [info], "copies": 2, "sheets": 3}, cls.so)
        assert r.status == 201, r
        return r.json["id"]

    # ---- the employee's workplace ------------------------------------------

    def test_my_carriers_lists_what_i_may_read(self):
        r = self.req("GET", "/v1/me/carriers", token=self.reader)
        self.assertEqual(r.status, 200, r)
        ids = {c["id"]: c for c in r.json["items"]}
        self.assertIn(self.granted, ids)
        self.assertNotIn(self.other, ids)   # no need to know: not listed
        c = ids[self.granted]
        self.assertEqual((c["account_number"], c["title"], c["label"]),
                         ("WP-1", "Plan, copy for reading", "top_secret"))
        self.assertTrue(c["allowed"])
        # the decision is the access check's, check by check
        chk = self.req("GET", "/v1/access/check?person_id=%s&carrier_id=%s"
                       % (self.reader_person, self.granted), token=self.so)
        self.assertEqual([x["code"] for x in c["checks"]], [x["code"] for x in chk.json["checks"]])
        # and the read it promises is granted
        self.assertNotEqual(self.req("GET", "/v1/carriers/%s/content" % self.granted,
                                     token=self.reader).status, 422)

    def test_my_carriers_nothing_for_another(self):
        r = self.req("GET", "/v1/me/carriers", token=self.bystander)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["items"], [])
        # an employee still has no registry
        self.assertEqual(self.req("GET", "/v1/carriers?org_id=%s" % self.w.org,
                                  token=self.reader).status, 403)

    def test_me_shows_clearance_grants_issued(self):
        r = self.req("POST", "/v1/carriers/%s/issue" % self.granted,
                     {"person_id": self.reader_person, "copy_number": 2}, self.so)
        self.assertEqual(r.status, 200, r)
        r = self.req("POST", "/v1/persons/%s/trips" % self.reader_person,
                     {"country": "TR", "depart_on": "2025-07-01", "return_on": "2025-07-10"}, self.so)
        self.assertEqual(r.status, 201, r)
        me = self.req("GET", "/v1/me/workplace", token=self.reader)
        self.assertEqual(me.status, 200, me)
        j = me.json
        self.assertEqual(j["user"]["login"], "reader")
        self.assertEqual(j["person"]["full_name"], "Yerlan Kassymov")
        self.assertEqual(j["clearances"][0]["form"], "top_secret")
        self.assertEqual(j["clearances"][0]["restriction_until"], "2030-06-01")
        self.assertEqual(j["grants"][0]["until"], "2029-12-31")
        self.assertEqual(j["trips"][0]["country"], "TR")
        self.assertEqual([(i["account_number"], i["copy_number"], i["issued_on"]) for i in j["issued"]],
                         [("WP-1", 2, "2025-06-02")])
        mine = {c["id"]: c for c in self.req("GET", "/v1/me/carriers", token=self.reader).json["items"]}
        self.assertEqual(mine[self.granted]["issued_copies"], [2])
        # the bystander sees none of it
        other = self.req("GET", "/v1/me/workplace", token=self.bystander).json
        self.assertEqual((other["clearances"], other["grants"], other["issued"], other["trips"]),
                         ([], [], [], []))
        r = self.req("POST", "/v1/carriers/%s/return" % self.granted,
                     {"person_id": self.reader_person, "copy_number": 2}, self.so)
        self.assertEqual(r.status, 200, r)

    def test_me_without_person(self):
        r = self.req("GET", "/v1/me/workplace", token=self.auditor)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["issued"], [])
        self.assertEqual(self.req("GET", "/v1/me/carriers", token=self.auditor).json["items"], [])
        self.assertEqual(self.req("GET", "/v1/me/workplace").status, 401)

    # ---- the auditor's log ---------------------------------------------------

    def test_audit_newest_first_and_paged(self):
        r = self.req("GET", "/v1/audit?order=desc&limit=5", token=self.auditor)
        self.assertEqual(r.status, 200, r)
        seqs = [e["seq"] for e in r.json["items"]]
        self.assertEqual(seqs, sorted(seqs, reverse=True))
        self.assertEqual(len(seqs), 5)
        r2 = self.req("GET", "/v1/audit?order=desc&limit=5&before=%s" % r.json["next"],
                      token=self.auditor)
        self.assertEqual(r2.json["items"][0]["seq"], seqs[-1] - 1)

    def test_audit_filter_actor_action_object_outcome(self):
        r = self.req("GET", "/v1/audit?actor=bystander&view=named", token=self.auditor)
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.json["items"])
        uid = r.json["items"][0]["actor"]
        self.assertTrue(all(e["actor"] == uid for e in r.json["items"]))
        self.assertEqual(r.json["names"][uid]["login"], "bystander")
        self.assertEqual(r.json["names"][uid]["person"], "Bystander")
        r = self.req("GET", "/v1/audit?action=carrier.create&view=named", token=self.auditor)
        self.assertEqual({e["action"] for e in r.json["items"]}, {"carrier.create"})
        names = {r.json["names"][e["object"]]["name"] for e in r.json["items"]}
        self.assertLessEqual({"WP-1", "WP-2"}, names)
        # objects whose id prefix is not their kind are named too
        r = self.req("GET", "/v1/audit?action=information.create&view=named", token=self.auditor)
        n = r.json["names"][r.json["items"][0]["object"]]
        self.assertEqual((n["kind"], n["label"]), ("information", "top_secret"))
        self.assertIn(n["name"], ("Mobilisation plan", "Reserve plan"))
        r = self.req("GET", "/v1/audit?action=clearance.create&view=named", token=self.auditor)
        self.assertEqual(r.json["names"][r.json["items"][0]["object"]]["name"], "Yerlan Kassymov")
        # rows of the typed tables: a permit by its number, a grant and a
        # classifier by the person's name
        for action, want in (("permit.create", "P-1"), ("grant.create", "Yerlan Kassymov"),
                             ("classifier.create", "Official")):
            r = self.req("GET", "/v1/audit?action=%s&view=named" % action, token=self.auditor)
            self.assertTrue(r.json["items"], action)
            self.assertEqual(r.json["names"][r.json["items"][0]["object"]]["name"], want, action)
        # a person by its full name, a ground by its person's (typed rows)
        r = self.req("GET", "/v1/audit?object=%s&view=named" % self.reader_person,
                     token=self.auditor)
        self.assertEqual(r.json["names"][self.reader_person],
                         {"kind": "person", "name": "Yerlan Kassymov", "label": None,
                          "org_id": self.w.org})
        g = self.req("POST", "/v1/persons/%s/grounds" % self.reader_person,
                     {"ground": "corruption_admin_penalty", "noted_on": "2025-01-05",
                      "exception": True}, token=self.so)   # flags nothing (Art. 30.1)
        self.assertEqual(g.status, 201, g)
        self.assertEqual(g.json["flagged_clearances"], [])
        r = self.req("GET", "/v1/audit?action=ground.create&view=named", token=self.auditor)
        self.assertEqual(r.json["names"][g.json["id"]],
                         {"kind": "ground", "name": "Yerlan Kassymov", "label": None,
                          "org_id": self.w.org})
        self.req("POST", "/v1/grounds/%s/lift" % g.json["id"], {}, token=self.so)
        # the object by its account number
        r = self.req("GET", "/v1/audit?object=WP-2", token=self.auditor)
        self.assertTrue(r.json["items"])
        self.assertTrue(all(e["object"] == self.other for e in r.json["items"]))
        # a refusal, by outcome
        self.req("GET", "/v1/carriers/%s/content" % self.other, token=self.reader)
        r = self.req("GET", "/v1/audit?outcome=refused&actor=reader", token=self.auditor)
        self.assertTrue(r.json["items"])
        self.assertEqual({e["outcome"] for e in r.json["items"]}, {"refused"})
        # the organization: its users' acts only (the auditor acts for none)
        r = self.req("GET", "/v1/audit?org_id=%s&limit=1000" % self.w.org, token=self.auditor)
        self.assertNotIn(self.w.user_ids["auditor"], {e["actor"] for e in r.json["items"]})
        self.assertIn(self.w.user_ids["security_officer"], {e["actor"] for e in r.json["items"]})
        # the date range
        r = self.req("GET", "/v1/audit?from=2000-01-01&to=2000-01-02", token=self.auditor)
        self.assertEqual(r.json["items"], [])
        r = self.req("GET", "/v1/audit?from=2000-01-01T00:00:00Z&limit=3", token=self.auditor)
        self.assertEqual(len(r.json["items"]), 3)

    def test_audit_filtered_row_keeps_its_proof(self):
        r = self.req("GET", "/v1/audit?action=grant.create", token=self.auditor)
        e = r.json["items"][0]
        p = self.req("GET", "/v1/audit/proof?index=%d" % e["seq"], token=self.auditor)
        self.assertEqual(p.status, 200, p)
        self.assertEqual(p.json["leaf_hash"], e["leaf_hash"])

    def test_audit_filters_refused(self):
        for q in ("from=yesterday", "to=2025-13", "view=all", "order=asc", "limit=0",
                  "before=-1", "actor="):
            r = self.req("GET", "/v1/audit?" + q, token=self.auditor)
            self.assertEqual(r.status, 400, (q, r))
        self.assertEqual(self.req("GET", "/v1/audit?actor=reader", token=self.so).status, 403)
        self.assertEqual(self.req("GET", "/v1/audit/export", token=self.reader).status, 403)

    def test_audit_export_csv(self):
        r = self.req("GET", "/v1/audit/export?action=list.create", token=self.auditor)
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.headers["Content-Type"].startswith("text/csv"))
        rows = list(csv.reader(io.StringIO(r.raw.decode("utf-8-sig"))))
        self.assertEqual(rows[0][0], "label")
        head = rows[1]
        body = [dict(zip(head, x)) for x in rows[2:]]
        self.assertTrue(body)
        named = [b for b in body if b["object"] == self.list]
        self.assertEqual(len(named), 1)
        # a cell a spreadsheet would run as a formula is neutralized
        self.assertEqual(named[0]["object_name"], "'=HYPERLINK(\"x\")")
        for b in body:
            for v in b.values():
                self.assertNotIn(v[:1], ("=", "+", "-", "@"))
        # the export is itself audited, with the highest label it contains
        r = self.req("GET", "/v1/audit/export?object=WP-1", token=self.auditor)
        self.assertEqual(r.headers.get("X-Qupiya-Label"), "top_secret")
        self.assertIn('"label","top_secret"', r.raw.decode("utf-8-sig").splitlines()[0])
        last = self.req("GET", "/v1/audit?action=audit.export&limit=1", token=self.auditor).json
        self.assertEqual(last["items"][0]["details"]["label"], "top_secret")
        self.assertEqual(last["items"][0]["actor"], self.w.user_ids["auditor"])


if __name__ == "__main__":
    unittest.main()
