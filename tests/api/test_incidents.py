"""test_incidents.py - incidents over HTTP (SPEC.md §3 "Incidents"; Art. 1,
28, 31, 37): a loss moves its carriers to "lost" (and the access check then
refuses them: carrier_unavailable); a confirmed incident terminates the
clearances of the persons it names for a violation (and Art. 31.1's
five-year wait follows); an open incident can be confirmed later.
"""
import unittest

from carrier_world import TODAY, CarrierWorld
from qupiya_test import ServerTest, World


class IncidentTest(ServerTest):
    clock = TODAY

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.a = CarrierWorld(cls.srv, 61, permit="top_secret")
        cls.other = World(cls.srv, 62)

    def check(self, person, carrier):
        r = self.req("GET", "/v1/access/check?person_id=%s&carrier_id=%s" % (person, carrier),
                     token=self.a.so)
        self.assertEqual(r.status, 200, r)
        return r.json

    def failed(self, person, carrier):
        return [c["code"] for c in self.check(person, carrier)["checks"] if not c["passed"]]

    def incident(self, kind, carriers, persons, confirmed, status=201, token=None, **kw):
        body = {"kind": kind, "carrier_ids": carriers, "person_ids": persons,
                "description": "found missing at the morning check", "confirmed": confirmed}
        body.update(kw)
        r = self.req("POST", "/v1/incidents", body, token or self.a.so)
        self.assertEqual(r.status, status, r)
        return r

    def clearance_of(self, person):
        r = self.req("GET", "/v1/persons/%s" % person, token=self.a.so)
        return r.json["clearances"][-1]

    def test_loss_makes_carrier_unreadable(self):
        a = self.a
        car = a.carrier("top_secret")["id"]
        p = a.cleared("top_secret", carrier=car)
        self.assertTrue(self.check(p, car)["allowed"])
        r = self.incident("loss", [car], [], False, damage="to be assessed")
        self.assertEqual(r.json["state"], "open")
        self.assertEqual(r.json["lost_carriers"], [car])
        c = self.req("GET", "/v1/carriers/%s" % car, token=a.so).json
        self.assertEqual(c["state"], "lost")
        self.assertIn("lost", [m["kind"] for m in c["movements"]])
        self.assertEqual(self.failed(p, car), ["carrier_unavailable"])
        r = self.req("POST", "/v1/carriers/%s/issue" % car, {"person_id": p, "copy_number": 1},
                     a.so)
        self.assertError(r, 422, "carrier_unavailable", article="28")
        # Unconfirmed: the person's clearance stays.
        self.assertEqual(self.clearance_of(p)["state"], "active")
        # A carrier already destroyed cannot be lost.
        d = a.carrier("confidential")["id"]
        r = self.req("POST", "/v1/carriers/%s/destroy" % d, {"act_number": "A-1"}, a.so)
        self.assertEqual(r.status, 200, r)
        self.assertError(self.incident("loss", [d], [], False, status=409), 409,
                         "invalid_state")

    def test_confirmed_incident_terminates_clearances(self):
        a = self.a
        car = a.carrier("top_secret")["id"]
        p = a.cleared("top_secret", carrier=car)
        bystander = a.cleared("top_secret", carrier=car)
        r = self.incident("disclosure", [car], [p], True)
        self.assertEqual(r.json["state"], "confirmed")
        cid = self.clearance_of(p)["id"]
        self.assertEqual(r.json["terminated_clearances"], [cid])
        cl = self.clearance_of(p)
        self.assertEqual(cl["state"], "terminated")
        self.assertEqual(cl["termination"]["reason"], "violation")
        self.assertEqual(cl["termination"]["source_id"], r.json["id"])
        self.assertEqual(cl["non_disclosure"], "continues")
        # A disclosure leaves the carrier where it is; the read is refused
        # to the person, not to the bystander.
        self.assertEqual(self.failed(p, car), ["clearance_inactive"])
        self.assertEqual(self.failed(bystander, car), [])
        # Art. 31.1: no re-admission within five years.
        c2 = a.w.clear(p, "top_secret", decision=None)
        r = self.req("POST", "/v1/clearances/%s/decision" % c2, {"decision": "grant"}, a.head)
        self.assertError(r, 422, "readmission_too_early", article="31.1")

    def test_confirm_later(self):
        a = self.a
        car = a.carrier("top_secret")["id"]
        p = a.cleared("top_secret", carrier=car)
        r = self.incident("disclosure", [], [p], False)
        iid = r.json["id"]
        self.assertEqual(self.clearance_of(p)["state"], "active")
        r = self.req("POST", "/v1/incidents/%s/confirm" % iid, {"damage": "minor"}, a.head)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["state"], "confirmed")
        self.assertEqual(r.json["damage"], "minor")
        self.assertEqual(self.clearance_of(p)["state"], "terminated")
        self.assertError(self.req("POST", "/v1/incidents/%s/confirm" % iid, {}, a.head), 409,
                         "invalid_state")
        r = self.req("GET", "/v1/incidents/%s" % iid, token=a.auditor)
        self.assertEqual(r.status, 200, r)
        r = self.req("GET", "/v1/incidents", token=a.so)
        self.assertIn(iid, [x["id"] for x in r.json["items"]])

    def test_incident_input(self):
        a = self.a
        car = a.carrier("confidential")["id"]
        self.assertError(self.incident("loss", [], [], False, status=400), 400, "invalid_value",
                         field="carrier_ids")
        self.assertError(self.incident("theft", [car], [], False, status=400), 400,
                         "invalid_value", field="kind")
        self.assertError(self.incident("loss", ["carrier_00000000000000ff"], [], False,
                                       status=404), 404, "not_found", field="carrier_ids")
        self.assertError(self.incident("loss", [car], [], False, status=403,
                                       token=self.other.t("security_officer")), 403,
                         "forbidden_org")
        self.assertError(self.incident("loss", [car], [], False, status=403,
                                       token=a.head), 403, "forbidden_role")
        # Nothing was moved by the refusals.
        self.assertEqual(self.req("GET", "/v1/carriers/%s" % car, token=a.so).json["state"],
                         "registered")


if __name__ == "__main__":
    unittest.main()
