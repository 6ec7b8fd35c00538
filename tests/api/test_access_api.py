"""test_access_api.py - need-to-know grants and the access decision over HTTP
(SPEC.md §3 "Access to carriers"; Art. 25, 28, 29, 31, 33, 34; R743 p.9).

One test per access code, named after it, each proving the allowed and the
refused case twice: in GET /v1/access/check (the check present, in table
order, passed or not, with article and message) and in the issue of a copy
(422 with error.code and error.article of the first failing check).
"""
import unittest

from carrier_world import TODAY, CarrierWorld
from qupiya_test import ServerTest

ORDER = ["clearance_insufficient", "clearance_inactive", "no_need_to_know",
         "org_permit_missing", "carrier_unavailable", "joint_work_suspended",
         "not_the_holder"]
ARTICLES = {"clearance_insufficient": "29.2", "clearance_inactive": "29.1, 31",
            "no_need_to_know": "33.2", "org_permit_missing": "34", "carrier_unavailable": "28",
            "joint_work_suspended": "26.3, R743 p.9",
            "not_the_holder": "25.1, 26.1, 33.2, R743 p.10"}


class AccessTest(ServerTest):
    clock = TODAY

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.a = CarrierWorld(cls.srv, 1, permit="top_secret")
        cls.b = CarrierWorld(cls.srv, 2, permit="confidential")

    # ---- helpers -----------------------------------------------------------

    def check(self, person, carrier, token=None, lang=None):
        r = self.req("GET", "/v1/access/check?person_id=%s&carrier_id=%s" % (person, carrier),
                     token=token or self.a.so, lang=lang)
        self.assertEqual(r.status, 200, r)
        self.assertEqual([c["code"] for c in r.json["checks"]], ORDER)
        for c in r.json["checks"]:
            self.assertEqual(c["article"], ARTICLES[c["code"]])
            self.assertTrue(c["message"])
            self.assertIsInstance(c["passed"], bool)
        self.assertEqual(r.json["allowed"], all(c["passed"] for c in r.json["checks"]))
        return r.json

    def failed(self, person, carrier, **kw):
        return [c["code"] for c in self.check(person, carrier, **kw)["checks"] if not c["passed"]]

    def issue(self, carrier, person, copy=1, token=None):
        return self.req("POST", "/v1/carriers/%s/issue" % carrier,
                        {"person_id": person, "copy_number": copy}, token or self.a.so)

    def ret(self, carrier, person, copy=1, token=None):
        r = self.req("POST", "/v1/carriers/%s/return" % carrier,
                     {"person_id": person, "copy_number": copy}, token or self.a.so)
        self.assertEqual(r.status, 200, r)

    def assertAllowed(self, person, carrier, token=None):
        self.assertEqual(self.failed(person, carrier, token=token), [])
        r = self.issue(carrier, person, token=token)
        self.assertEqual(r.status, 200, r)
        self.ret(carrier, person, token=token)

    def assertRefused(self, person, carrier, code, token=None):
        j = self.check(person, carrier, token=token)
        self.assertFalse(j["allowed"])
        first = [c["code"] for c in j["checks"] if not c["passed"]][0]
        self.assertEqual(first, code)
        r = self.issue(carrier, person, token=token)
        self.assertError(r, 422, code, article=ARTICLES[code])

    # ---- one test per access code -------------------------------------------

    def test_clearance_insufficient(self):
        a = self.a
        car = a.carrier("top_secret")["id"]
        low = a.cleared("confidential", carrier=car)
        self.assertRefused(low, car, "clearance_insufficient")
        self.assertEqual(self.failed(low, car), ["clearance_insufficient"])
        # A higher form covers a lower degree (Art. 29.2).
        high = a.cleared("special_importance", carrier=car)
        self.assertAllowed(high, car)
        same = a.cleared("top_secret", carrier=car)
        self.assertAllowed(same, car)
        # No clearance at all: insufficient and inactive both fail.
        none = a.person()
        a.grant(none, carrier=car)
        self.assertEqual(self.failed(none, car), ["clearance_insufficient", "clearance_inactive"])
        self.assertRefused(none, car, "clearance_insufficient")

    def test_clearance_inactive(self):
        a = self.a
        car = a.carrier("top_secret")["id"]
        # Registering (no decision yet) and refused clearances are not active.
        p = a.person()
        a.grant(p, carrier=car)
        cid = a.clearance(p, "top_secret", decision=None)
        self.assertEqual(self.failed(p, car), ["clearance_inactive"])
        self.assertRefused(p, car, "clearance_inactive")
        q = a.person()
        a.grant(q, carrier=car)
        a.clearance(q, "top_secret", decision="refuse")
        self.assertRefused(q, car, "clearance_inactive")
        # Allowed once the head grants it.
        r = self.req("POST", "/v1/clearances/%s/decision" % cid, {"decision": "grant"}, a.head)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["state"], "active")
        self.assertAllowed(p, car)
        # A decision is taken once.
        r = self.req("POST", "/v1/clearances/%s/decision" % cid, {"decision": "refuse"}, a.head)
        self.assertError(r, 409, "invalid_state")

    def test_no_need_to_know(self):
        a = self.a
        car = a.carrier("top_secret", info=[a.info["top_secret"], a.info["confidential"]])["id"]
        p = a.cleared("top_secret")
        self.assertEqual(self.failed(p, car), ["no_need_to_know"])
        self.assertRefused(p, car, "no_need_to_know")
        # A grant that ended is no grant.
        a.grant(p, carrier=car, until="2025-03-01", effective_date="2025-01-01")
        self.assertRefused(p, car, "no_need_to_know")
        # A grant on the carrier allows it.
        a.grant(p, carrier=car)
        self.assertAllowed(p, car)
        # So does a grant on one of its information items.
        q = a.cleared("top_secret")
        a.grant(q, information=a.info["confidential"])
        self.assertAllowed(q, car)
        # A grant on other information does not.
        s = a.cleared("top_secret")
        a.grant(s, information=a.info["special_importance"])
        self.assertRefused(s, car, "no_need_to_know")

    def test_org_permit_missing(self):
        a, b = self.a, self.b
        c = CarrierWorld(self.srv, 3, permit="top_secret")
        car = c.carrier("top_secret")["id"]
        p = c.cleared("top_secret", carrier=car)
        self.assertEqual(self.failed(p, car, token=c.so), [])
        # The holder's only permit suspended: its people read nothing (Art. 34).
        pid = c.permits[0]
        r = self.req("POST", "/v1/permits/%s/suspend" % pid, {}, c.nsc)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(self.failed(p, car, token=c.so), ["org_permit_missing"])
        r = self.req("POST", "/v1/carriers/%s/issue" % car, {"person_id": p, "copy_number": 1}, c.so)
        self.assertError(r, 422, "org_permit_missing", article="34")
        # Allowed again with the permit active.
        r = self.req("POST", "/v1/permits/%s/resume" % pid, {}, c.nsc)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(self.failed(p, car, token=c.so), [])
        r = self.req("POST", "/v1/carriers/%s/issue" % car, {"person_id": p, "copy_number": 1}, c.so)
        self.assertEqual(r.status, 200, r)
        # A person of an organization whose permit does not cover the label
        # fails the same check (b holds a confidential permit only)...
        q = b.cleared("top_secret")
        self.assertIn("org_permit_missing", self.failed(q, car, token=c.auditor))
        # ...b does not even see a carrier it neither holds nor disposes of
        # (404), and cannot open it by a grant of its own.
        r = self.req("GET", "/v1/access/check?person_id=%s&carrier_id=%s" % (q, car),
                     token=b.so)
        self.assertError(r, 404, "not_found", field="carrier_id")
        r = self.req("POST", "/v1/grants", {"person_id": q, "carrier_id": car,
                                           "until": "2026-12-31"}, b.head)
        self.assertError(r, 404, "not_found", field="carrier_id")

    def test_carrier_unavailable(self):
        a = self.a
        car = a.carrier("top_secret")["id"]
        p = a.cleared("top_secret", carrier=car)
        self.assertAllowed(p, car)
        r = self.req("POST", "/v1/carriers/%s/destroy" % car, {"act_number": "A-9"}, a.so)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(self.failed(p, car), ["carrier_unavailable"])
        self.assertRefused(p, car, "carrier_unavailable")
        arch = a.carrier("top_secret")["id"]
        a.grant(p, carrier=arch)
        r = self.req("POST", "/v1/carriers/%s/archive" % arch, {"archive_ref": "F-2"}, a.so)
        self.assertEqual(r.status, 200, r)
        self.assertRefused(p, arch, "carrier_unavailable")

    def test_joint_work_suspended(self):
        # No joint work yet concerns the carrier: the check is listed and passes.
        a = self.a
        car = a.carrier("top_secret")["id"]
        p = a.cleared("top_secret", carrier=car)
        j = self.check(p, car)
        c = [x for x in j["checks"] if x["code"] == "joint_work_suspended"]
        self.assertEqual(len(c), 1)
        self.assertTrue(c[0]["passed"])
        self.assertEqual(c[0]["article"], "26.3, R743 p.9")
        self.assertAllowed(p, car)

    # ---- the check endpoint ----------------------------------------------------

    def test_check_all_failing_in_order(self):
        a = self.a
        car = a.carrier("top_secret")["id"]
        r = self.req("POST", "/v1/carriers/%s/destroy" % car, {"act_number": "A-10"}, a.so)
        self.assertEqual(r.status, 200, r)
        p = self.b.person()   # organization b: confidential permit only
        j = self.check(p, car, token=a.auditor)
        self.assertFalse(j["allowed"])
        self.assertEqual([c["code"] for c in j["checks"] if not c["passed"]],
                         ["clearance_insufficient", "clearance_inactive", "no_need_to_know",
                          "org_permit_missing", "carrier_unavailable", "not_the_holder"])

    def test_check_messages_and_roles(self):
        a = self.a
        car = a.carrier("top_secret")["id"]
        p = a.cleared("confidential", carrier=car)
        j = self.check(p, car, lang="ru")
        msg = {c["code"]: c["message"] for c in j["checks"]}
        self.assertIn("допуск", msg["clearance_insufficient"].lower())
        j = self.check(p, car, lang="kk")
        self.assertIn("рұқсаттама", j["checks"][0]["message"])
        for role in ("security_officer", "head", "auditor"):
            self.check(p, car, token=a.w.t(role))
        r = self.req("GET", "/v1/access/check?person_id=%s&carrier_id=%s" % (p, car),
                     token=a.w.t("employee"))
        self.assertError(r, 403, "forbidden_role")
        r = self.req("GET", "/v1/access/check?person_id=%s&carrier_id=%s" % (p, car), token=self.b.so)
        self.assertError(r, 403, "forbidden_org")
        r = self.req("GET", "/v1/access/check?person_id=%s" % p, token=a.so)
        self.assertError(r, 400, "missing_field", field="carrier_id")
        r = self.req("GET", "/v1/access/check?carrier_id=%s" % car, token=a.so)
        self.assertError(r, 400, "missing_field", field="person_id")
        r = self.req("GET", "/v1/access/check?person_id=%s&carrier_id=carrier_0000000000000001" % p,
                     token=a.so)
        self.assertError(r, 404, "not_found", field="carrier_id")
        r = self.req("GET", "/v1/access/check?person_id=person_0000000000000001&carrier_id=%s" % car,
                     token=a.so)
        self.assertError(r, 404, "not_found", field="person_id")

    # ---- grants ---------------------------------------------------------------

    def test_grants(self):
        a = self.a
        car = a.carrier("top_secret")["id"]
        p = a.person()
        for token in (a.so, a.head):
            r = self.req("POST", "/v1/grants", {"person_id": p, "carrier_id": car,
                                                "until": "2026-01-01"}, token)
            self.assertEqual(r.status, 201, r)
            self.assertEqual(r.json["from"], TODAY)
            self.assertEqual(r.json["until"], "2026-01-01")
            self.assertEqual(r.json["carrier_id"], car)
        r = self.req("POST", "/v1/grants", {"person_id": p, "information_id": a.info["top_secret"],
                                            "until": "2026-01-01"}, a.head)
        self.assertEqual(r.status, 201, r)
        r = self.req("POST", "/v1/grants", {"person_id": p, "until": "2026-01-01"}, a.head)
        self.assertError(r, 400, "missing_field", field="carrier_id")
        r = self.req("POST", "/v1/grants", {"person_id": p, "carrier_id": car,
                                            "information_id": a.info["top_secret"],
                                            "until": "2026-01-01"}, a.head)
        self.assertError(r, 400, "invalid_value", field="information_id")
        r = self.req("POST", "/v1/grants", {"person_id": p, "carrier_id": car,
                                            "until": "2025-05-31"}, a.head)
        self.assertError(r, 400, "invalid_value", field="until")
        r = self.req("POST", "/v1/grants", {"person_id": p, "carrier_id": car}, a.head)
        self.assertError(r, 400, "missing_field", field="until")
        r = self.req("POST", "/v1/grants", {"person_id": p, "carrier_id": "carrier_00000000000000ab",
                                            "until": "2026-01-01"}, a.head)
        self.assertError(r, 404, "not_found", field="carrier_id")
        r = self.req("POST", "/v1/grants", {"person_id": p, "carrier_id": car,
                                            "until": "2026-01-01"}, self.b.head)
        self.assertError(r, 403, "forbidden_org")
        r = self.req("POST", "/v1/grants", {"person_id": p, "carrier_id": car,
                                            "until": "2026-01-01"}, a.w.t("employee"))
        self.assertError(r, 403, "forbidden_role")
        r = self.req("GET", "/v1/grants?person_id=%s" % p, token=a.auditor)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(len(r.json["items"]), 3)

    def test_refusal_is_audited(self):
        a = self.a
        car = a.carrier("top_secret")["id"]
        p = a.person()
        r = self.issue(car, p)
        self.assertError(r, 422, "clearance_insufficient")
        out, after = [], None
        while True:
            q = "/v1/audit?limit=1000" + ("&after=%s" % after if after is not None else "")
            r = self.req("GET", q, token=a.auditor)
            self.assertEqual(r.status, 200, r)
            out += r.json["items"]
            after = r.json.get("next")
            if after is None or not r.json["items"]:
                break
        refused = [x for x in out if "clearance_insufficient" in str(x) and car in str(x)]
        self.assertTrue(refused, "the refused issue is in the audit log")


if __name__ == "__main__":
    unittest.main()
