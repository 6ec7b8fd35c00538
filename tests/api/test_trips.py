"""test_trips.py - trips abroad of admitted and previously admitted persons
over HTTP (Art. 32; the 2024 accountability item; SPEC.md §3
travel_not_approved).

travel_not_approved: a person admitted now, or previously admitted and
still within the restriction period of the access agreement, who departs
without the head's approval has a violation recorded — with CAO Art. 504
part 2 as its liability for the first, without it for the second (the gap
the 2024 news item describes). Approved trips, and persons never admitted or
past their restriction period, record nothing.
"""
import unittest

from qupiya_test import ServerTest, World, make_ident

TODAY = "2025-06-01"
_n = iter(range(910000, 919999))


class TripTest(ServerTest):
    clock = TODAY

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.w = World(cls.srv, 51)
        cls.so = cls.w.t("security_officer")
        cls.head = cls.w.t("head")

    def person(self):
        k = next(_n)
        r = self.req("POST", "/v1/persons", {
            "iin": make_ident(k), "full_name": "Traveller %d" % k, "citizenship": "KZ",
            "org_id": self.w.org, "position": "engineer"}, self.so)
        self.assertEqual(r.status, 201, r)
        return r.json["id"]

    def trip(self, person, approve=False):
        r = self.req("POST", "/v1/persons/%s/trips" % person, {
            "country": "TR", "depart_on": "2025-06-01", "return_on": "2025-06-10"}, self.so)
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["state"], "requested")
        tid = r.json["id"]
        if approve:
            r = self.req("POST", "/v1/trips/%s/approve" % tid, {}, self.head)
            self.assertEqual(r.status, 200, r)
            self.assertEqual(r.json["state"], "approved")
        return tid

    def depart(self, tid):
        r = self.req("POST", "/v1/trips/%s/depart" % tid, {}, self.so)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["state"], "departed")
        return r.json["violation"]

    def violations(self, person):
        r = self.req("GET", "/v1/persons/%s" % person, token=self.so)
        self.assertEqual(r.status, 200, r)
        return r.json["violations"]

    def previously_admitted(self, restriction_until):
        p = self.person()
        kw = {"restriction_until": restriction_until} if restriction_until else {}
        self.w.clear(p, "top_secret", **kw)
        r = self.req("POST", "/v1/persons/%s/employment" % p, {"event": "dismissal"}, self.so)
        self.assertEqual(r.status, 200, r)
        return p

    def test_travel_not_approved(self):
        # A person admitted now: without approval, a violation with CAO 504.2.
        p = self.person()
        self.w.clear(p, "top_secret")
        v = self.depart(self.trip(p))
        self.assertEqual(v["code"], "travel_not_approved")
        self.assertEqual(v["article"], "32")
        self.assertEqual(v["liability"], "CAO 504.2")
        self.assertEqual(v["admitted"], "now")
        self.assertEqual([x["id"] for x in self.violations(p)], [v["id"]])
        # ... with approval: none.
        self.assertIsNone(self.depart(self.trip(p, approve=True)))
        self.assertEqual(len(self.violations(p)), 1)
        # The violation flags the clearance for termination (Art. 31.1).
        cl = self.req("GET", "/v1/persons/%s" % p, token=self.so).json["clearances"][0]
        self.assertEqual(cl["termination_due_on"], TODAY)
        self.assertEqual(cl["termination_due"]["code"], "travel_not_approved")

        # A person admitted before, within the restriction period: recorded,
        # without administrative liability (news 2024).
        q = self.previously_admitted("2027-12-31")
        v = self.depart(self.trip(q))
        self.assertEqual(v["code"], "travel_not_approved")
        self.assertEqual(v["article"], "32")
        self.assertIsNone(v["liability"])
        self.assertEqual(v["admitted"], "previously")
        self.assertEqual(len(self.violations(q)), 1)
        self.assertIsNone(self.depart(self.trip(q, approve=True)))

        # Restriction period over, or none agreed: no restriction once out.
        for until in ["2025-05-31", None]:
            with self.subTest(restriction_until=until):
                s = self.previously_admitted(until)
                self.assertIsNone(self.depart(self.trip(s)))
                self.assertEqual(self.violations(s), [])
        # Never admitted (registering only): free to travel.
        s = self.person()
        self.w.clear(s, "confidential", decision=None)
        self.assertIsNone(self.depart(self.trip(s)))

    def test_trip_workflow(self):
        p = self.person()
        self.w.clear(p, "confidential")
        tid = self.trip(p)
        # Approval is the head's.
        self.assertError(self.req("POST", "/v1/trips/%s/approve" % tid, {}, self.so), 403,
                         "forbidden_role")
        r = self.req("POST", "/v1/trips/%s/refuse" % tid, {}, self.head)
        self.assertEqual(r.json["state"], "refused")
        self.assertError(self.req("POST", "/v1/trips/%s/approve" % tid, {}, self.head), 409,
                         "invalid_state")
        # Leaving anyway is recorded as a violation.
        v = self.depart(tid)
        self.assertEqual(v["code"], "travel_not_approved")
        self.assertError(self.req("POST", "/v1/trips/%s/depart" % tid, {}, self.so), 409,
                         "invalid_state")
        r = self.req("GET", "/v1/trips/%s" % tid, token=self.head)
        self.assertEqual(r.json["violation"]["id"], v["id"])
        # Malformed requests.
        r = self.req("POST", "/v1/persons/%s/trips" % p, {
            "country": "TR", "depart_on": "2025-06-10", "return_on": "2025-06-01"}, self.so)
        self.assertError(r, 400, "invalid_value", field="return_on")
        r = self.req("POST", "/v1/persons/%s/trips" % p, {"country": "TR"}, self.so)
        self.assertError(r, 400, "missing_field")
        self.assertError(self.req("POST", "/v1/trips/trip_0000000000000001/depart", {}, self.so),
                         404, "not_found")
        r = self.req("GET", "/v1/persons/%s/trips" % p, token=self.so)
        self.assertEqual([t["id"] for t in r.json["items"]], [tid])


if __name__ == "__main__":
    unittest.main()
