#!/usr/bin/env python3
"""test_resources.py -- organizations, permits, persons and users.

Through a real `qupiya serve` with the clock fixed at 2025-03-14:
  * organizations: create with every field, GET with state and permits,
    listing with limit/next paging and filters;
  * permits (Art. 34): create, suspend, resume, cancel with their history
    and audit entries; expiry by date, seen by a second server on the same
    database file with a later --clock;
  * persons: citizens of Kazakhstan by IIN, foreigners and stateless persons
    by passport, missing IIN 400, duplicate IIN 409 across organizations,
    per-organization scope of listing and reading;
  * users: creation rules, listing with paging, GET by id, GET /v1/me;
  * effective_date: defaults to today (the --clock date), an explicit past
    date is recorded in the record and its audit entry, a future one is 400;
  * paging at the page-size cap (1000): rows are added straight into the
    database so that more than one full page exists.

Run standalone: QUPIYA_BIN=build/qupiya PYTHONPATH=tests/api python3 -B tests/api/test_resources.py
"""
import json
import unittest

from qupiya_test import (PASSWORD, Server, ServerTest, World, audit_entries, db_connect,
                         is_url, make_ident, pg_literal, pg_sql)

TODAY = "2025-03-14"


def bulk_insert(srv, table, cols, rows):
    """rows into table in one transaction, behind the server's back: on
    SQLite through the file, on PostgreSQL one INSERT through psql."""
    sql = "INSERT INTO %s(%s) VALUES " % (table, ", ".join(cols))
    if is_url(srv.db):
        pg_sql(sql + ",\n".join("(%s)" % ", ".join(pg_literal(v) for v in row) for row in rows),
               url=srv.db)
        return
    db = db_connect(srv)
    try:
        db.execute("BEGIN")
        db.executemany(sql + "(%s)" % ", ".join("?" * len(cols)), rows)
        db.execute("COMMIT")
    finally:
        db.close()


def record_seq(srv, moved_to=None):
    """The database-wide sequence of record and typed-row seqs: its last
    value, or moved on to moved_to."""
    if is_url(srv.db):
        if moved_to is not None:
            pg_sql("SELECT setval('record_seq_seq', %d)" % moved_to, url=srv.db)
        return int(pg_sql("SELECT last_value FROM record_seq_seq", url=srv.db))
    db = db_connect(srv)
    try:
        if moved_to is not None:
            db.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = 'record'", (moved_to,))
        return db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'record'").fetchone()[0]
    finally:
        db.close()


def walk(srv, path, token, limit):
    """Every item of a list endpoint, page by page; also the pages' sizes."""
    items, sizes, after = [], [], None
    sep = "&" if "?" in path else "?"
    for _ in range(10000):
        p = "%s%slimit=%d" % (path, sep, limit) + ("&after=%s" % after if after else "")
        r = srv.request("GET", p, token=token)
        assert r.status == 200, (p, r)
        assert set(r.json) >= {"items", "next"}, r
        assert len(r.json["items"]) <= limit, r
        items.extend(r.json["items"])
        sizes.append(len(r.json["items"]))
        after = r.json["next"]
        if after is None:
            return items, sizes
        assert isinstance(after, str) and after, r
    raise AssertionError("paging does not end")


class ResourcesTest(ServerTest):
    clock = TODAY

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.w = World(cls.srv, 1)
        cls.w2 = World(cls.srv, 2)
        cls.admin = cls.w.admin
        cls.nsc = cls.w.t("nsc_officer")
        cls.n = 0

    def next_n(self):
        type(self).n += 1
        return type(self).n

    def new_org(self, **kw):
        body = {"name": "Org %d" % self.next_n(), "bin": make_ident(300000 + self.n),
                "kind": "organization"}
        body.update(kw)
        r = self.req("POST", "/v1/orgs", body, token=self.admin)
        self.assertEqual(r.status, 201, r)
        return r.json

    def new_permit(self, org, **kw):
        body = {"degree": "top_secret", "number": "P-%d" % self.next_n(),
                "issued_on": "2025-01-15", "valid_until": "2030-01-14"}
        body.update(kw)
        r = self.req("POST", "/v1/orgs/%s/permits" % org, body, token=self.nsc)
        self.assertEqual(r.status, 201, r)
        return r.json

    def audit_of(self, object_id):
        return [e for e in audit_entries(self.srv, self.w.t("auditor"))
                if e["object"] == object_id]

    # -- organizations -----------------------------------------------------

    def test_org_with_all_fields(self):
        parent = self.new_org(kind="state_body", name="Parent ministry")
        body = {"name": "Child enterprise \u049a\u0430\u0437\u0430\u049b", "bin": make_ident(310001),
                "kind": "organization", "parent_id": parent["id"], "city": "Shymkent",
                "foreign_participation": True, "state_share": 51.5,
                "regime_category": "regime"}
        r = self.req("POST", "/v1/orgs", body, token=self.admin)
        self.assertEqual(r.status, 201, r)
        org = r.json
        for k, v in body.items():
            self.assertEqual(org[k], v, k)
        self.assertTrue(org["id"].startswith("org_"), org)
        self.assertEqual(org["state"], "active")
        self.assertEqual(org["permits"], [])
        self.assertEqual(org["registered_on"], TODAY)
        g = self.req("GET", "/v1/orgs/" + org["id"], token=self.w.t("employee"))
        self.assertEqual(g.status, 200, g)
        self.assertEqual(g.json, org)
        # filtered listing by parent
        r = self.req("GET", "/v1/orgs?parent_id=" + parent["id"], token=self.admin)
        self.assertEqual([o["id"] for o in r.json["items"]], [org["id"]])
        # defaults of the optional fields
        minimal = self.new_org()
        self.assertEqual((minimal["foreign_participation"], minimal["parent_id"],
                          minimal["city"], minimal["state_share"]), (False, None, None, None))

    def test_org_kinds_and_bin(self):
        # a foreign state has no BIN; a Kazakh organization must have one
        r = self.req("POST", "/v1/orgs", {"name": "Some Republic", "kind": "foreign_state"},
                     token=self.admin)
        self.assertEqual(r.status, 201, r)
        self.assertIsNone(r.json["bin"])
        r = self.req("POST", "/v1/orgs", {"name": "Org without BIN", "kind": "organization"},
                     token=self.admin)
        self.assertError(r, 400, "missing_field", field="bin")
        r = self.req("POST", "/v1/orgs", {"name": "Orphan", "bin": make_ident(310002),
                                          "kind": "organization",
                                          "parent_id": "org_0000000000000000"},
                     token=self.admin)
        self.assertError(r, 404, "not_found", field="parent_id")
        # a security officer may register organizations too
        r = self.req("POST", "/v1/orgs", {"name": "By officer", "bin": make_ident(310003),
                                          "kind": "organization"},
                     token=self.w.t("security_officer"))
        self.assertEqual(r.status, 201, r)

    def test_org_get_shows_permits_and_state(self):
        org = self.new_org()
        p1 = self.new_permit(org["id"], degree="confidential")
        p2 = self.new_permit(org["id"], degree="special_importance")
        self.assertEqual(self.req("POST", "/v1/permits/%s/suspend" % p2["id"], {},
                                  token=self.nsc).status, 200)
        g = self.req("GET", "/v1/orgs/" + org["id"], token=self.w2.t("employee"))
        self.assertEqual(g.status, 200, g)
        self.assertEqual(g.json["state"], "active")
        got = {p["id"]: (p["degree"], p["state"], p["org_id"]) for p in g.json["permits"]}
        self.assertEqual(got, {p1["id"]: ("confidential", "active", org["id"]),
                               p2["id"]: ("special_importance", "suspended", org["id"])})
        # another organization's permits are not mixed in
        other = self.new_org()
        self.assertEqual(self.req("GET", "/v1/orgs/" + other["id"],
                                  token=self.admin).json["permits"], [])

    def test_org_list_paging(self):
        mine = [self.new_org(city="PagingCity")["id"] for _ in range(7)]
        everything, _ = walk(self.srv, "/v1/orgs", self.admin, 1000)
        for limit in (1, 3, 7, 100):
            with self.subTest(limit=limit):
                items, sizes = walk(self.srv, "/v1/orgs", self.admin, limit)
                ids = [o["id"] for o in items]
                self.assertEqual(len(ids), len(set(ids)))
                self.assertEqual(ids, [o["id"] for o in everything])
                self.assertTrue(all(s == limit for s in sizes[:-1]), sizes)
        ids = [o["id"] for o in everything]
        self.assertEqual([i for i in ids if i in mine], mine)   # creation order
        # a page that ends exactly at the last item says so
        n = len(everything)
        r = self.req("GET", "/v1/orgs?limit=%d" % n, token=self.admin)
        self.assertEqual((len(r.json["items"]), r.json["next"]), (n, None))
        r = self.req("GET", "/v1/orgs?limit=%d" % (n - 1), token=self.admin)
        self.assertIsNotNone(r.json["next"])
        r = self.req("GET", "/v1/orgs?limit=5&after=" + r.json["next"], token=self.admin)
        self.assertEqual([o["id"] for o in r.json["items"]], [everything[-1]["id"]])
        self.assertIsNone(r.json["next"])
        # filters
        b = everything[-1]["bin"]
        r = self.req("GET", "/v1/orgs?bin=" + b, token=self.admin)
        self.assertEqual([o["bin"] for o in r.json["items"]], [b])
        r = self.req("GET", "/v1/orgs?bin=" + make_ident(999999), token=self.admin)
        self.assertEqual(r.json, {"items": [], "next": None})

    # -- permits -----------------------------------------------------------

    def test_permit_lifecycle(self):
        org = self.new_org()
        p = self.new_permit(org["id"], degree="top_secret", number="NSC-42",
                            issued_on="2025-02-01", valid_until="2030-01-31")
        self.assertTrue(p["id"].startswith("permit_"), p)
        for k, v in {"org_id": org["id"], "degree": "top_secret", "number": "NSC-42",
                     "issued_on": "2025-02-01", "valid_until": "2030-01-31",
                     "state": "active"}.items():
            self.assertEqual(p[k], v, k)
        steps = [("suspend", "suspended", "2025-03-01"), ("resume", "active", None),
                 ("suspend", "suspended", None), ("cancel", "cancelled", "2025-03-10")]
        for step, state, eff in steps:
            with self.subTest(step=step):
                body = {"effective_date": eff} if eff else {}
                r = self.req("POST", "/v1/permits/%s/%s" % (p["id"], step), body,
                             token=self.nsc)
                self.assertEqual(r.status, 200, r)
                self.assertEqual(r.json["state"], state)
        g = self.req("GET", "/v1/permits/" + p["id"], token=self.admin).json
        self.assertEqual(g["state"], "cancelled")
        self.assertEqual([(h["from"], h["to"], h["effective_date"]) for h in g["history"]],
                         [("active", "suspended", "2025-03-01"),
                          ("suspended", "active", TODAY),
                          ("active", "suspended", TODAY),
                          ("suspended", "cancelled", "2025-03-10")])
        uid = self.w.user_ids["nsc_officer"]
        self.assertTrue(all(h["by"] == uid for h in g["history"]))
        acts = [(e["action"], e["effective_date"], e["actor"]) for e in self.audit_of(p["id"])]
        self.assertEqual(acts, [("permit.create", TODAY, uid),
                                ("permit.suspend", "2025-03-01", uid),
                                ("permit.resume", TODAY, uid),
                                ("permit.suspend", TODAY, uid),
                                ("permit.cancel", "2025-03-10", uid)])
        # a cancelled permit stays cancelled
        self.assertError(self.req("POST", "/v1/permits/%s/resume" % p["id"], {},
                                  token=self.nsc), 409, "invalid_state", article="34")

    def test_permit_validation(self):
        org = self.new_org()["id"]
        path = "/v1/orgs/%s/permits" % org
        good = {"degree": "confidential", "number": "V-1", "issued_on": "2025-01-01",
                "valid_until": "2026-01-01"}
        cases = [(dict(good, valid_until="2024-12-31"), "invalid_value", "valid_until"),
                 (dict(good, issued_on="2025-03-15"), "date_in_future", "issued_on"),
                 (dict(good, degree="secret"), "invalid_value", "degree"),
                 ({k: v for k, v in good.items() if k != "number"}, "missing_field", "number"),
                 (dict(good, number=""), "invalid_value", "number")]
        for body, code, field in cases:
            with self.subTest(field=field, code=code):
                self.assertError(self.req("POST", path, body, token=self.nsc), 400, code,
                                 field=field)
        self.assertEqual(self.req("GET", "/v1/orgs/" + org, token=self.admin).json["permits"],
                         [])
        self.assertEqual(self.req("POST", path, good, token=self.nsc).status, 201)
        self.assertError(self.req("POST", path, good, token=self.nsc), 409, "duplicate",
                         field="number")
        # the same number in another organization is another permit
        other = self.new_org()["id"]
        self.assertEqual(self.req("POST", "/v1/orgs/%s/permits" % other, good,
                                  token=self.nsc).status, 201)
        # issued today and valid for one day is allowed
        self.assertEqual(self.req("POST", path, dict(good, number="V-2", issued_on=TODAY,
                                                     valid_until=TODAY),
                                  token=self.nsc).status, 201)

    def test_permit_expiry_by_date(self):
        org = self.new_org()["id"]
        p = self.new_permit(org, issued_on="2025-01-01", valid_until="2025-06-30")
        q = self.new_permit(org, issued_on="2025-01-01", valid_until="2026-06-30")
        s = self.new_permit(org, issued_on="2025-01-01", valid_until="2025-06-30")
        self.assertEqual(self.req("POST", "/v1/permits/%s/suspend" % s["id"], {},
                                  token=self.nsc).status, 200)
        self.assertEqual(p["state"], "active")
        admin = self.admin   # sessions live in the database: valid on both servers
        for clock, want in [("2025-06-30", "active"), ("2025-07-01", "expired"),
                            ("2031-01-01", "expired")]:
            with self.subTest(clock=clock):
                later = Server(clock=clock, tmp=self.srv.tmp).start()
                try:
                    r = later.request("GET", "/v1/permits/" + p["id"], token=admin)
                    self.assertEqual(r.status, 200, r)
                    self.assertEqual(r.json["state"], want)
                    o = later.request("GET", "/v1/orgs/" + org, token=admin).json
                    states = {x["id"]: x["state"] for x in o["permits"]}
                    self.assertEqual(states[p["id"]], want)
                    self.assertEqual(states[s["id"]], "suspended")
                    self.assertEqual(states[q["id"]],
                                     "expired" if clock > "2026-06-30" else "active")
                finally:
                    self.assertEqual(later.stop(), 0, later.read_log()[-3000:])
        # nothing was written: on today's server it is still active
        self.assertEqual(self.req("GET", "/v1/permits/" + p["id"],
                                  token=admin).json["state"], "active")

    # -- persons -----------------------------------------------------------

    def person(self, token=None, **kw):
        body = {"full_name": "Person %d" % self.next_n(), "citizenship": "KZ",
                "org_id": self.w.org, "position": "engineer"}
        body.update(kw)
        return self.req("POST", "/v1/persons", body, token=token or self.w.t("security_officer"))

    def test_org_get_shows_every_permit(self):
        # Regression: GET /v1/orgs/{id} read only the first 1000 permits.
        org = self.new_org()["id"]
        first = self.new_permit(org)["id"]
        # Permits are typed rows (issue 11): seqs from the database-wide
        # sequence (the record table's), which is moved on past them.
        base = record_seq(self.srv)
        bulk_insert(self.srv, "permit", ("id", "seq", "version", "org_id", "degree", "number",
                                         "issued_on", "valid_until", "issuer", "state"),
                    [("permit_%016x" % (0xc000 + i), base + 1 + i, 1, org, "top_secret",
                      "BULK-%d" % i, "2025-01-15", "2030-01-14", "user_bulk", "active")
                     for i in range(1002)])
        record_seq(self.srv, base + 1002)
        r = self.req("GET", "/v1/orgs/" + org, token=self.admin)
        self.assertEqual(r.status, 200, r)
        ids = [p["id"] for p in r.json["permits"]]
        self.assertEqual(len(ids), 1003)
        self.assertEqual(len(set(ids)), 1003)
        self.assertEqual(ids[0], first)
        self.assertIn("permit_%016x" % (0xc000 + 1001), ids)

    def test_persons(self):
        so = self.w.t("security_officer")
        iin = make_ident(400001)
        r = self.person(iin=iin, full_name="\u0410\u0439\u0433\u0435\u0440\u0456\u043c Test")
        self.assertEqual(r.status, 201, r)
        kz = r.json
        self.assertTrue(kz["id"].startswith("person_"), kz)
        for k, v in {"iin": iin, "citizenship": "KZ", "org_id": self.w.org,
                     "position": "engineer", "registered_on": TODAY}.items():
            self.assertEqual(kz[k], v, k)
        g = self.req("GET", "/v1/persons/" + kz["id"], token=so)
        self.assertEqual(g.status, 200, g)
        self.assertEqual((g.json["clearances"], g.json["violations"]), ([], []))
        self.assertEqual(g.json["iin"], iin)
        self.assertEqual(self.req("GET", "/v1/persons/" + kz["id"],
                                  token=self.w.t("head")).status, 200)
        # foreigner and stateless person by passport
        r = self.person(citizenship="foreign", passport="N1234567")
        self.assertEqual(r.status, 201, r)
        self.assertEqual((r.json["passport"], r.json["iin"]), ("N1234567", None))
        r = self.person(citizenship="stateless", passport="SL-77")
        self.assertEqual(r.status, 201, r)
        # missing identifiers
        self.assertError(self.person(), 400, "missing_field", field="iin")
        self.assertError(self.person(passport="X1"), 400, "missing_field", field="iin")
        self.assertError(self.person(citizenship="foreign"), 400, "missing_field",
                         field="passport")
        self.assertError(self.person(citizenship="martian", iin=make_ident(400002)), 400,
                         "invalid_value", field="citizenship")
        # duplicate IIN: in the same and in another organization
        self.assertError(self.person(iin=iin), 409, "duplicate", field="iin")
        self.assertError(self.person(iin=iin, org_id=self.w2.org,
                                     token=self.w2.t("security_officer")),
                         409, "duplicate", field="iin")
        r = self.req("GET", "/v1/persons?iin=" + iin, token=self.w.t("auditor"))
        self.assertEqual([p["id"] for p in r.json["items"]], [kz["id"]])

    def test_persons_are_scoped_to_the_organization(self):
        a = self.person(iin=make_ident(400011)).json
        b = self.person(iin=make_ident(400012), org_id=self.w2.org,
                        token=self.w2.t("security_officer")).json
        mine, _ = walk(self.srv, "/v1/persons", self.w.t("security_officer"), 100)
        self.assertIn(a["id"], [p["id"] for p in mine])
        self.assertTrue(all(p["org_id"] == self.w.org for p in mine), mine)
        theirs, _ = walk(self.srv, "/v1/persons", self.w2.t("head"), 100)
        self.assertIn(b["id"], [p["id"] for p in theirs])
        self.assertTrue(all(p["org_id"] == self.w2.org for p in theirs), theirs)
        # asking for the other organization does not widen the view
        r = self.req("GET", "/v1/persons?org_id=" + self.w2.org,
                     token=self.w.t("security_officer"))
        self.assertTrue(all(p["org_id"] == self.w.org for p in r.json["items"]), r)
        self.assertError(self.req("GET", "/v1/persons/" + b["id"],
                                  token=self.w.t("head")), 403, "forbidden_org")
        # the auditor reads across organizations
        every, _ = walk(self.srv, "/v1/persons", self.w.t("auditor"), 2)
        ids = [p["id"] for p in every]
        self.assertIn(a["id"], ids)
        self.assertIn(b["id"], ids)
        self.assertEqual(len(ids), len(set(ids)))

    # -- users -------------------------------------------------------------

    def test_users(self):
        r = self.req("POST", "/v1/users", {"login": "multi.role@x", "password": PASSWORD,
                                           "roles": ["head", "security_officer"],
                                           "org_id": self.w.org}, token=self.admin)
        self.assertEqual(r.status, 201, r)
        u = r.json
        self.assertEqual((u["login"], sorted(u["roles"]), u["org_id"], u["person_id"]),
                         ("multi.role@x", ["head", "security_officer"], self.w.org, None))
        self.assertNotIn("password", u)
        self.assertNotIn("pwhash", u)
        g = self.req("GET", "/v1/users/" + u["id"], token=self.admin)
        self.assertEqual(g.json, u)
        # linked to a person
        p = self.person(iin=make_ident(400021)).json
        r = self.req("POST", "/v1/users", {"login": "with.person", "password": PASSWORD,
                                           "roles": ["employee"], "org_id": self.w.org,
                                           "person_id": p["id"]}, token=self.admin)
        self.assertEqual((r.status, r.json["person_id"]), (201, p["id"]))
        tok = self.srv.login("with.person")
        me = self.req("GET", "/v1/me", token=tok).json
        self.assertEqual((me["id"], me["person_id"], me["roles"]),
                         (r.json["id"], p["id"], ["employee"]))
        # refusals, each naming its field
        base = {"login": "new.one", "password": PASSWORD, "roles": ["employee"],
                "org_id": self.w.org}
        cases = [(dict(base, roles=["emperor"]), 400, "invalid_value", "roles"),
                 (dict(base, roles=[]), 400, "missing_field", "roles"),
                 ({k: v for k, v in base.items() if k != "org_id"}, 400, "missing_field",
                  "org_id"),
                 (dict(base, org_id="org_0000000000000000"), 404, "not_found", "org_id"),
                 (dict(base, person_id="person_0000000000000000"), 404, "not_found",
                  "person_id"),
                 (dict(base, login="has space"), 400, "invalid_value", "login"),
                 (dict(base, login="admin"), 409, "duplicate", "login")]
        for body, status, code, field in cases:
            with self.subTest(code=code, field=field):
                self.assertError(self.req("POST", "/v1/users", body, token=self.admin),
                                 status, code, field=field)
        # cross-organization roles need no organization
        r = self.req("POST", "/v1/users", {"login": "nsc.two", "password": PASSWORD,
                                           "roles": ["nsc_officer"]}, token=self.admin)
        self.assertEqual((r.status, r.json["org_id"]), (201, None))

    def test_users_list(self):
        items, _ = walk(self.srv, "/v1/users", self.admin, 1000)
        logins = [u["login"] for u in items]
        self.assertEqual(len(logins), len(set(logins)))
        self.assertEqual(logins[0], "admin")
        for role in ("securityofficer1", "nscofficer1", "auditor2", "citizen2"):
            self.assertIn(role, logins)
        for limit in (1, 4):
            paged, sizes = walk(self.srv, "/v1/users", self.admin, limit)
            self.assertEqual([u["id"] for u in paged], [u["id"] for u in items])
            self.assertTrue(all(s == limit for s in sizes[:-1]), sizes)
        self.assertTrue(all("pwhash" not in u for u in items))
        # every user sees itself at /v1/me
        for role, tok in self.w.tokens.items():
            with self.subTest(role=role):
                me = self.req("GET", "/v1/me", token=tok).json
                self.assertEqual((me["id"], me["roles"]), (self.w.user_ids[role], [role]))

    # -- effective_date ----------------------------------------------------

    def test_effective_date(self):
        # default: today, i.e. the --clock date
        org = self.new_org()
        self.assertEqual(org["registered_on"], TODAY)
        self.assertEqual([(e["action"], e["effective_date"], e["clock"])
                          for e in self.audit_of(org["id"])],
                         [("org.create", TODAY, TODAY)])
        # an explicit past date is the act's date, in the record and the log
        org2 = self.new_org(effective_date="2024-12-02")
        self.assertEqual(org2["registered_on"], "2024-12-02")
        self.assertNotIn("effective_date", org2)
        self.assertEqual([(e["effective_date"], e["clock"]) for e in self.audit_of(org2["id"])],
                         [("2024-12-02", TODAY)])
        r = self.person(iin=make_ident(400031), effective_date="2020-02-29")
        self.assertEqual((r.status, r.json["registered_on"]), (201, "2020-02-29"), r)
        self.assertEqual([e["effective_date"] for e in self.audit_of(r.json["id"])],
                         ["2020-02-29"])
        # the future is refused and leaves no trace
        before = len(audit_entries(self.srv, self.w.t("auditor")))
        for body_fn in (lambda: self.req("POST", "/v1/orgs",
                                         {"name": "F", "bin": make_ident(310099),
                                          "kind": "organization",
                                          "effective_date": "2025-03-15"}, token=self.admin),
                        lambda: self.person(iin=make_ident(400032),
                                            effective_date="2026-01-01")):
            self.assertError(body_fn(), 400, "date_in_future", field="effective_date")
        self.assertEqual(len(audit_entries(self.srv, self.w.t("auditor"))), before)
        r = self.req("GET", "/v1/orgs?bin=" + make_ident(310099), token=self.admin)
        self.assertEqual(r.json["items"], [])


class PageCapTest(unittest.TestCase):
    """Lists at the largest page size (1000) still say that more follow.
    The rows are put straight into the database: building 1000 organizations
    through the API would only make the test slow."""

    @classmethod
    def setUpClass(cls):
        cls.srv = Server()
        cls.addClassCleanup(cls.srv.cleanup)
        cls.srv.start()
        cls.admin = cls.srv.admin()

    @classmethod
    def tearDownClass(cls):
        rc = cls.srv.stop()
        log = cls.srv.read_log()
        cls.srv.cleanup()
        if rc != 0:
            raise AssertionError("server exit status %d:\n%s" % (rc, log[-4000:]))

    def test_orgs_over_one_full_page(self):
        # organizations are a typed table (issue 11); seqs past any drawn
        bulk_insert(self.srv, "organization", ("id", "seq", "version", "name", "bin", "kind",
                                               "foreign_participation", "state",
                                               "registered_on"),
                    [("org_%016x" % (0xa000 + i), 100000000 + i, 1, "Bulk %d" % i,
                      make_ident(600000 + i), "organization", 0, "active", "2025-01-01")
                     for i in range(1003)])
        r = self.srv.request("GET", "/v1/orgs?limit=1000", token=self.admin)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(len(r.json["items"]), 1000)
        self.assertIsNotNone(r.json["next"], "a full page of 1000 hides the rest")
        items, sizes = walk(self.srv, "/v1/orgs", self.admin, 1000)
        self.assertEqual(sizes, [1000, 3])
        self.assertEqual(len({o["id"] for o in items}), 1003)
        r = self.srv.request("GET", "/v1/orgs", token=self.admin)   # default page size
        self.assertEqual(len(r.json["items"]), 100)
        self.assertIsNotNone(r.json["next"])

    def test_users_over_one_full_page(self):
        db = db_connect(self.srv)
        try:
            pwhash = db.execute("SELECT pwhash FROM account WHERE login = 'admin'").fetchone()[0]
        finally:
            db.close()
        bulk_insert(self.srv, "account", ("id", "login", "pwhash", "roles"),
                    [("user_%016x" % (0xb000 + i), "bulk%d" % i, pwhash, "citizen")
                     for i in range(1001)])
        r = self.srv.request("GET", "/v1/users?limit=1000", token=self.admin)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(len(r.json["items"]), 1000)
        self.assertIsNotNone(r.json["next"], "a full page of 1000 hides the rest")
        items, sizes = walk(self.srv, "/v1/users", self.admin, 1000)
        self.assertEqual(sizes, [1000, 2])   # admin + 1001
        self.assertEqual(len({u["id"] for u in items}), 1002)


if __name__ == "__main__":
    unittest.main()
