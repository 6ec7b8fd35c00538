"""test_liquidation.py - liquidation of an organization (Art. 28; R743
p.10): liquidation_blocked lists every carrier still registered or issued
there; allowed once each is destroyed, archived or transferred (to a
successor with a permit, the disposing body, or a body the authorized body
named); an executor's liquidation returns joint-work carriers.
"""
import unittest

from qupiya_test import ServerTest
from transfer_world import TransferWorld

TODAY = "2026-06-01"


class LiquidationTest(ServerTest):
    clock = TODAY

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.w = TransferWorld(cls.srv, "lq")

    def setUp(self):
        self.w = type(self).w

    def liquidate(self, org, body=None, token=None):
        return self.req("POST", "/v1/orgs/%s/liquidate" % org, body or {}, token or self.w.admin)

    def test_liquidation_blocked(self):
        w = self.w
        org = w.org("Closing body", kind="state_body", permit="top_secret")
        successor = w.org("Successor body", kind="state_body", permit="top_secret")
        named = w.org("Named body", kind="state_body", permit="top_secret")
        cs = [w.carrier(org=org) for _ in range(5)]
        w.release(org)   # the carrier it received back with the ministry
        so = w.so(org)
        r = self.liquidate(org, {"successor_org_id": successor})
        self.assertError(r, 422, "liquidation_blocked", article="28")
        self.assertEqual(sorted(c["id"] for c in r.error["carriers"]), sorted(cs))
        for c in r.error["carriers"]:
            self.assertEqual(c["state"], "registered")
            self.assertTrue(c["account_number"])
        self.assertEqual(self.req("GET", "/v1/orgs/%s" % org, token=w.admin).json["state"],
                         "active")
        # Destroyed, archived, to the successor, to the disposing body, to a
        # body named by the authorized body.
        self.assertEqual(self.req("POST", "/v1/carriers/%s/destroy" % cs[0],
                                  {"act_number": "D-1"}, so).status, 200)
        self.assertEqual(self.req("POST", "/v1/carriers/%s/archive" % cs[1],
                                  {"archive_ref": "AR-1"}, so).status, 200)
        r = self.req("POST", "/v1/transfers", {"carrier_ids": [cs[2]], "to_org_id": successor,
                                               "successor_ref": "Decree 5"}, so)
        self.assertEqual(r.status, 201, r)
        r = self.req("POST", "/v1/transfers", {"carrier_ids": [cs[3]], "to_org_id": w.ministry},
                     so)
        self.assertEqual(r.json["basis"], "disposing_body", r)
        r = self.liquidate(org)
        self.assertEqual([c["id"] for c in r.error["carriers"]], [cs[4]], r)
        r = self.req("POST", "/v1/transfers", {"carrier_ids": [cs[4]], "to_org_id": named,
                                               "authorized_body_ref": "AB-77"}, so)
        self.assertEqual(r.json["basis"], "authorized_body_decision", r)
        # Only the head of that organization (or the admin) liquidates.
        self.assertError(self.liquidate(org, token=w.head(successor)), 403)
        self.assertError(self.liquidate(org, token=so), 403, "forbidden_role")
        r = self.liquidate(org, {"successor_org_id": successor}, token=w.head(org))
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["state"], "liquidated")
        self.assertEqual(r.json["successor_org_id"], successor)
        self.assertError(self.liquidate(org), 409, "invalid_state")
        # The sender's journal still shows what left.
        r = self.req("GET", "/v1/transfers?org_id=%s" % org, token=w.auditor)
        self.assertEqual(len(r.json["items"]), 4, r)   # 3 and the received one sent back
        # Nothing goes to a liquidated organization.
        c = w.carrier()
        r = self.req("POST", "/v1/transfers", {"carrier_ids": [c], "to_org_id": org,
                                               "sanction_ref": "S"}, w.so(w.ministry))
        self.assertError(r, 422, "org_liquidated", article="28")

    def test_executor_liquidation_returns_carriers(self):
        """R743 p.10: the executor is liquidated: the carriers transferred
        under the joint work go back to the customer."""
        w = self.w
        ex = w.org("Bankrupt LLP")
        c = w.carrier()
        jid = w.jw_ready(ex, [c])
        self.assertEqual(w.jw(jid, "transfer", {"carrier_ids": [c]}).status, 200)
        # An issued copy at the executor blocks.
        emp = w.person(ex)
        w.clearance(emp, ex)
        w.grant(emp, ex, c)
        r = self.req("POST", "/v1/carriers/%s/issue" % c, {"person_id": emp, "copy_number": 1},
                     w.so(ex))
        self.assertEqual(r.status, 200, r)
        r = self.liquidate(ex)
        self.assertError(r, 422, "liquidation_blocked")
        self.assertEqual(r.error["carriers"][0]["joint_work_id"], jid)
        self.assertEqual(self.req("POST", "/v1/carriers/%s/return" % c,
                                  {"person_id": emp, "copy_number": 1}, w.so(ex)).status, 200)
        r = self.liquidate(ex)
        self.assertEqual(r.status, 200, r)
        car = w.get_carrier(c)
        self.assertEqual(car["org_id"], w.ministry)
        self.assertNotIn("joint_work_id", car)
        j = self.req("GET", "/v1/joint-works/%s" % jid, token=w.auditor).json
        self.assertEqual(j["state"], "closed")
        self.assertEqual(j["end"]["reason"], "executor_liquidated")


if __name__ == "__main__":
    unittest.main()
