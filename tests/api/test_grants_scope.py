"""test_grants_scope.py - SPEC.md §3, the paragraph after the access table
and "Roles"; API.md POST /v1/grants, POST /v1/grants/{id}/revoke.

- Need-to-know is granted by the holder: a copy held (a carrier), a carrier
  of it held or its disposal (an information item); the grantee is a person
  of the granting organization.
- Revocation ends a grant from the act's effective_date.
- Carriers and information of an organization that neither holds, disposes
  of nor audits them are invisible (404); a body that sees but may not act
  gets 403.
- Each role carries its own scope: no role lends its cross-organization
  scope to another role's act; admin is never combined with another role.
"""
import itertools
import unittest

from qupiya_test import PASSWORD, ServerTest, make_ident
from transfer_world import TransferWorld

TODAY = "2026-06-01"
_users = itertools.count(1)


class GrantsScopeTest(ServerTest):
    clock = TODAY

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        w = cls.w = TransferWorld(cls.srv, "gs")
        cls.m = w.ministry
        cls.b = w.org("Holder B", kind="state_body")          # receives a carrier
        cls.c = w.org("Third body C", kind="state_body")      # has nothing of it
        cls.car = w.carrier()                                 # the ministry's, held there
        cls.sent = w.carrier()                                # sent to B (every copy)
        w.ok(w.req("POST", "/v1/transfers", {"carrier_ids": [cls.sent], "to_org_id": cls.b,
                                             "sanction_ref": "S-1"}, w.so(cls.m)))
        cls.info = w.info["top_secret"]
        cls.pm = w.person(cls.m)
        w.clearance(cls.pm, cls.m)
        cls.pb = w.person(cls.b)
        w.clearance(cls.pb, cls.b)
        cls.pc = w.person(cls.c)
        w.clearance(cls.pc, cls.c)

    def grant(self, person, token, carrier=None, information=None, **kw):
        body = {"person_id": person, "until": "2027-12-31"}
        if carrier:
            body["carrier_id"] = carrier
        if information:
            body["information_id"] = information
        body.update(kw)
        return self.req("POST", "/v1/grants", body, token)

    def check(self, person, carrier, token=None):
        return self.req("GET", "/v1/access/check?person_id=%s&carrier_id=%s" % (person, carrier),
                        token=token or self.w.auditor)

    def failed(self, person, carrier):
        r = self.check(person, carrier)
        self.assertEqual(r.status, 200, r)
        return [c["code"] for c in r.json["checks"] if not c["passed"]]

    def user(self, roles, org=None):
        login = "u_%s_%d" % ("_".join(r[:4] for r in roles), next(_users))
        body = {"login": login, "password": PASSWORD, "roles": roles}
        if org:
            body["org_id"] = org
        r = self.req("POST", "/v1/users", body, self.w.admin)
        self.assertEqual(r.status, 201, r)
        return self.srv.login(login)

    # ---- who may grant -----------------------------------------------------
    def test_grant_by_the_holder(self):
        w = self
        # Allowed: the holder of the carrier, for its own person.
        self.assertEqual(self.grant(self.pm, self.w.head(self.m), carrier=self.car).status, 201)
        g = self.grant(self.pb, self.w.so(self.b), carrier=self.sent)
        self.assertEqual(g.status, 201, g)
        self.assertEqual(g.json["granting_org_id"], self.b)
        # Refused: a person of another organization (403 naming person_id).
        r = self.grant(self.pc, self.w.head(self.m), carrier=self.car)
        w.assertError(r, 403, "forbidden_org", field="person_id")
        # Refused: the disposing body sees the carrier it sent but does not
        # hold it any more: 403 on carrier_id.
        r = self.grant(self.pm, self.w.head(self.m), carrier=self.sent)
        w.assertError(r, 403, "forbidden_org", field="carrier_id")
        # Refused: a third body does not see another's carrier at all (404).
        r = self.grant(self.pc, self.w.head(self.c), carrier=self.car)
        w.assertError(r, 404, "not_found", field="carrier_id")
        # The third body's own grant opens nothing of it (not even through
        # an information grant: it does not see the item either).
        r = self.grant(self.pc, self.w.head(self.c), information=self.info)
        w.assertError(r, 404, "not_found", field="information_id")
        self.assertIn("no_need_to_know", self.failed(self.pc, self.car))

    def test_grant_on_information(self):
        # The disposing body grants on its item; so does B, which holds a
        # carrier of it; C neither: 404.
        self.assertEqual(self.grant(self.pm, self.w.head(self.m), information=self.info).status,
                         201)
        self.assertEqual(self.grant(self.pb, self.w.head(self.b), information=self.info).status,
                         201)
        self.assertError(self.grant(self.pc, self.w.head(self.c), information=self.info), 404,
                         "not_found", field="information_id")

    # ---- revocation --------------------------------------------------------
    def test_grant_revoke(self):
        w = self.w
        car = w.carrier()
        p = w.person(self.m)
        w.clearance(p, self.m)
        gid = self.grant(p, w.head(self.m), carrier=car).json["id"]
        self.assertNotIn("no_need_to_know", self.failed(p, car))
        path = "/v1/grants/%s/revoke" % gid
        # 403 another organization; 404 unknown; 400 reason missing or empty.
        self.assertError(self.req("POST", path, {"reason": "x"}, w.head(self.b)), 403,
                         "forbidden_org")
        self.assertError(self.req("POST", path, {"reason": "x"}, w.auditor), 403,
                         "forbidden_role")
        self.assertError(self.req("POST", "/v1/grants/grant_00000000000000aa/revoke",
                                  {"reason": "x"}, w.head(self.m)), 404, "not_found")
        self.assertError(self.req("POST", path, {}, w.so(self.m)), 400, "missing_field",
                         field="reason")
        self.assertError(self.req("POST", path, {"reason": ""}, w.so(self.m)), 400,
                         field="reason")
        # Dated before the grant: 409.
        self.assertError(self.req("POST", path, {"reason": "x", "effective_date": "2026-05-01"},
                                  w.so(self.m)), 409, "invalid_state")
        r = self.req("POST", path, {"reason": "work ended"}, w.so(self.m))
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["state"], "revoked")
        self.assertEqual(r.json["ended_on"], TODAY)
        self.assertEqual(r.json["until"], TODAY)
        self.assertEqual(r.json["revocation_reason"], "work ended")
        # A revoked grant opens nothing.
        self.assertIn("no_need_to_know", self.failed(p, car))
        self.assertError(self.req("POST", path, {"reason": "again"}, w.so(self.m)), 409,
                         "invalid_state")
        # Audited.
        a = self.req("GET", "/v1/audit?limit=1000", token=w.auditor)
        self.assertTrue(any(x.get("action") == "grant.revoke" and x.get("object") == gid
                            for x in a.json["items"]), a)

    # ---- visibility --------------------------------------------------------
    def test_visibility(self):
        w = self.w
        for path in ("/v1/carriers/%s" % self.car, "/v1/information/%s" % self.info):
            self.assertError(self.req("GET", path, token=w.so(self.c)), 404, "not_found")
            self.assertEqual(self.req("GET", path, token=w.so(self.m)).status, 200)
            self.assertEqual(self.req("GET", path, token=w.auditor).status, 200)
        # B sees the carrier it holds and the information it carries, and
        # the disposing body still sees the carrier it sent away.
        self.assertEqual(self.req("GET", "/v1/carriers/%s" % self.sent,
                                  token=w.so(self.b)).status, 200)
        self.assertEqual(self.req("GET", "/v1/information/%s" % self.info,
                                  token=w.head(self.b)).status, 200)
        self.assertEqual(self.req("GET", "/v1/carriers/%s" % self.sent,
                                  token=w.so(self.m)).status, 200)
        # The access check of an invisible carrier: 404.
        self.assertError(self.check(self.pc, self.car, token=w.so(self.c)), 404, "not_found",
                         field="carrier_id")
        # A new carrier of C carries nothing C does not see (404 naming the field).
        body = {"org_id": self.c, "account_number": "C-1", "kind": "paper", "title": "T",
                "label": "top_secret", "information_ids": [self.info], "copies": 1, "sheets": 1}
        self.assertError(self.req("POST", "/v1/carriers", body, w.so(self.c)), 404, "not_found",
                         field="information_ids")
        # B, which received a carrier of it, registers one (allowed) ...
        body.update(org_id=self.b, account_number="B-1")
        self.assertEqual(self.req("POST", "/v1/carriers", body, w.so(self.b)).status, 201)
        # ... but not one made from a carrier it does not see.
        body.update(account_number="B-2", source_carrier_ids=[self.car])
        self.assertError(self.req("POST", "/v1/carriers", body, w.so(self.b)), 404, "not_found",
                         field="source_carrier_ids")

    # ---- roles carry their own scope ---------------------------------------
    def test_roles_own_scope(self):
        w = self.w
        # Head of C and auditor: reads across (an auditor's read) ...
        hc = self.user(["head", "auditor"], self.c)
        self.assertEqual(self.req("GET", "/v1/carriers/%s" % self.car, token=hc).status, 200)
        # ... but decides nothing in the ministry: a clearance, a grant.
        p = w.person(self.m)
        cid = w.ok(self.req("POST", "/v1/persons/%s/clearances" % p, {"form": "top_secret"},
                            w.so(self.m)))["id"]
        r = self.req("POST", "/v1/clearances/%s/decision" % cid,
                     {"decision": "grant", "contract_number": "C-9"}, hc)
        self.assertError(r, 403, "forbidden_org")
        self.assertError(self.grant(self.pm, hc, carrier=self.car), 403, "forbidden_org")
        # Auditor and security officer of C: registers nothing in B.
        sc = self.user(["security_officer", "auditor"], self.c)
        body = {"org_id": self.b, "account_number": "X-1", "kind": "paper", "title": "T",
                "label": "top_secret", "information_ids": [self.info], "copies": 1, "sheets": 1}
        self.assertError(self.req("POST", "/v1/carriers", body, sc), 403, "forbidden_org")
        self.assertError(self.req("POST", "/v1/persons", {
            "iin": "900101300007", "full_name": "X", "citizenship": "KZ", "org_id": self.b,
            "position": "p"}, sc), 403, "forbidden_org")
        # nsc_officer and head of C: permits anywhere, clearances only in C.
        nh = self.user(["nsc_officer", "head"], self.c)
        r = self.req("POST", "/v1/orgs/%s/permits" % self.b, {
            "degree": "confidential", "number": "P-NH-1", "issued_on": "2025-01-01",
            "valid_until": "2027-01-01"}, nh)
        self.assertEqual(r.status, 201, r)
        self.assertError(self.req("POST", "/v1/clearances/%s/decision" % cid,
                                  {"decision": "grant", "contract_number": "C-9"}, nh), 403,
                         "forbidden_org")
        pc = w.person(self.c)
        cc = w.ok(self.req("POST", "/v1/persons/%s/clearances" % pc, {"form": "top_secret"},
                           w.so(self.c)))["id"]
        from qupiya_test import prerequisites
        w.ok(self.req("POST", "/v1/clearances/%s/prerequisites" % cc, prerequisites(),
                      w.so(self.c)))
        r = self.req("POST", "/v1/clearances/%s/decision" % cc,
                     {"decision": "grant", "contract_number": "C-10"}, nh)
        self.assertEqual(r.status, 200, r)

    # ---- issue 14 #4: delegations, subordination ---------------------------
    def test_delegations_readers(self):
        w = self.w
        arch = w.org("State archive", kind="state_body")
        r = self.req("POST", "/v1/orgs/%s/archive-delegations" % self.m,
                     {"archive_org_id": arch, "ref": "D-1"}, w.head(self.m))
        self.assertEqual(r.status, 201, r)
        path = "/v1/orgs/%s/archive-delegations" % self.m
        self.assertError(self.req("GET", path, token=w.so(self.c)), 403, "forbidden_org")
        self.assertError(self.req("GET", path, token=w.head(self.b)), 403, "forbidden_org")
        self.assertEqual(len(self.req("GET", path, token=w.so(self.m)).json["items"]), 1)
        self.assertEqual(len(self.req("GET", path, token=w.auditor).json["items"]), 1)
        # The archive reads the delegations given to it.
        r = self.req("GET", path, token=w.user(arch, "archivist"))
        self.assertEqual(r.status, 200, r)
        self.assertEqual([d["archive_org_id"] for d in r.json["items"]], [arch])
        r = self.req("GET", path, token=w.user(self.c, "archivist"))
        self.assertEqual(r.json["items"], [], r)

    def test_org_parent_within_subordination(self):
        w = self.w
        so = w.so(self.b)

        def create(parent, n):
            body = {"name": "Sub %d" % n, "bin": make_ident(970000 + n), "kind": "organization",
                    "parent_id": parent}
            return self.req("POST", "/v1/orgs", body, so)

        r = create(self.b, 1)
        self.assertEqual(r.status, 201, r)
        r2 = create(r.json["id"], 2)   # under B's own subordinate
        self.assertEqual(r2.status, 201, r2)
        self.assertError(create(self.c, 3), 403, "forbidden_org", field="parent_id")
        self.assertError(create(self.m, 4), 403, "forbidden_org", field="parent_id")
        # The admin places an organization anywhere.
        body = {"name": "Sub 5", "bin": make_ident(970005), "kind": "organization",
                "parent_id": self.c}
        self.assertEqual(self.req("POST", "/v1/orgs", body, w.admin).status, 201)

    def test_admin_not_combined(self):
        for other in ("head", "auditor", "nsc_officer", "security_officer"):
            body = {"login": "adm_%s" % other.replace("_", ""), "password": PASSWORD,
                    "roles": ["admin", other], "org_id": self.c}
            r = self.req("POST", "/v1/users", body, self.w.admin)
            self.assertError(r, 400, "admin_not_combined", field="roles")
        r = self.req("POST", "/v1/users", {"login": "adm_alone", "password": PASSWORD,
                                           "roles": ["admin"]}, self.w.admin)
        self.assertEqual(r.status, 201, r)


if __name__ == "__main__":
    unittest.main()
