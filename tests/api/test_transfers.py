"""test_transfers.py - transfers of carriers between state bodies and
organizations (Art. 25, 26.1; R743 p.11; SPEC.md section 3 "Transfers"):
sanction_required and recipient_permit_missing, allowed and refused over
HTTP; the carrier changes holder with the act and the sender keeps the
record of what left.
"""
import unittest

from qupiya_test import ServerTest
from transfer_world import TransferWorld

TODAY = "2026-06-01"


class TransfersTest(ServerTest):
    clock = TODAY

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.w = TransferWorld(cls.srv, "tr")

    def setUp(self):
        self.w = type(self).w

    def transfer(self, body, org=None):
        return self.req("POST", "/v1/transfers", body, self.w.so(org or self.w.ministry))

    def test_sanction_required(self):
        w = self.w
        other = w.org("Other body", kind="state_body", permit="top_secret")
        c = w.carrier()
        r = self.transfer({"carrier_ids": [c], "to_org_id": other})
        self.assertError(r, 422, "sanction_required", article="25.1")
        self.assertEqual(w.get_carrier(c)["org_id"], w.ministry)
        r = self.transfer({"carrier_ids": [c], "to_org_id": other, "sanction_ref": "S-12",
                           "act_number": "ACT-1", "effective_date": "2026-05-29"})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["basis"], "sanction")
        tid = r.json["id"]
        car = w.get_carrier(c)
        self.assertEqual(car["org_id"], other)
        moves = [(m["kind"], m["org_id"], m.get("transfer_id")) for m in car["movements"]]
        self.assertIn(("transferred", w.ministry, tid), moves)
        self.assertIn(("received", other, tid), moves)
        # The sender keeps the record of what left and when.
        r = self.req("GET", "/v1/transfers?org_id=%s" % w.ministry, token=w.so(w.ministry))
        self.assertEqual(r.status, 200, r)
        acts = {t["id"]: t for t in r.json["items"]}
        self.assertEqual(acts[tid]["carrier_ids"], [c])
        self.assertEqual(acts[tid]["date"], "2026-05-29")
        self.assertEqual(self.req("GET", "/v1/transfers/%s" % tid, token=w.so(other)).status, 200)
        # Now the recipient holds it: the sender cannot move it again.
        r = self.transfer({"carrier_ids": [c], "to_org_id": other, "sanction_ref": "S"})
        self.assertError(r, 403, "forbidden_org")

    def test_no_sanction_in_subordination(self):
        w = self.w
        child = w.org("Department", kind="state_body", parent=w.ministry)
        c = w.carrier()
        r = self.transfer({"carrier_ids": [c], "to_org_id": child})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["basis"], "subordination")
        # ... and back up the chain.
        r = self.transfer({"carrier_ids": [c], "to_org_id": w.ministry}, org=child)
        self.assertEqual(r.status, 201, r)
        self.assertIn(r.json["basis"], ("subordination", "disposing_body"))
        # Art. 28: to the disposing body, to a successor, by the authorized body.
        other = w.org("Unrelated", kind="state_body")
        c2 = w.carrier(org=other)
        r = self.transfer({"carrier_ids": [c2], "to_org_id": w.ministry}, org=other)
        self.assertEqual(r.json["basis"], "disposing_body", r)
        c3 = w.carrier(org=other)
        third = w.org("Third", kind="state_body")
        r = self.transfer({"carrier_ids": [c3], "to_org_id": third, "successor_ref": "REORG-1"},
                          org=other)
        self.assertEqual(r.json["basis"], "successor", r)

    def test_no_sanction_under_joint_work(self):
        w = self.w
        ex = w.org("Executor LLP")
        c, outside = w.carrier(), w.carrier()
        w.jw_ready(ex, [c])
        r = self.transfer({"carrier_ids": [outside], "to_org_id": ex})
        self.assertError(r, 422, "not_in_annex")
        r = self.transfer({"carrier_ids": [c], "to_org_id": ex})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["basis"], "joint_work")
        # Custody per copy (SPEC §2): the named copies are away under it.
        car = w.get_carrier(c)
        self.assertIn(r.json["joint_work_id"], [cp.get("joint_work_id") for cp in car["copies"]])

    def test_recipient_permit_missing(self):
        w = self.w
        bare = w.org("No permit body", kind="state_body", permit=None)
        low = w.org("Low permit body", kind="state_body", permit="confidential")
        c = w.carrier(label="top_secret")
        for to in (bare, low):
            r = self.transfer({"carrier_ids": [c], "to_org_id": to, "sanction_ref": "S"})
            self.assertError(r, 422, "recipient_permit_missing", article="26.1, R743 p.11")
        expired = w.org("Expired permit", kind="state_body", permit=None)
        w.permit(expired, "top_secret", issued_on="2020-01-01", valid_until="2025-12-31")
        r = self.transfer({"carrier_ids": [c], "to_org_id": expired, "sanction_ref": "S"})
        self.assertError(r, 422, "recipient_permit_missing")
        w.permit(low, "special_importance")
        r = self.transfer({"carrier_ids": [c], "to_org_id": low, "sanction_ref": "S"})
        self.assertEqual(r.status, 201, r)

    def test_order_and_input(self):
        w = self.w
        other = w.org("Input body", kind="state_body")
        c = w.carrier()
        # 400 before 409 before 422
        self.assertError(self.transfer({"carrier_ids": [], "to_org_id": other}), 400,
                         "invalid_value", field="carrier_ids")
        self.assertError(self.transfer({"carrier_ids": [c, c], "to_org_id": other}), 400)
        self.assertError(self.transfer({"carrier_ids": [c], "to_org_id": other, "x": 1}), 400,
                         "unknown_field", field="x")
        self.assertError(self.transfer({"carrier_ids": ["carrier_0000000000000001"],
                                        "to_org_id": other}), 404, field="carrier_ids")
        self.assertError(self.transfer({"carrier_ids": [c], "to_org_id": "org_00000000000000aa"}),
                         404, field="to_org_id")
        person = w.person(w.ministry)
        w.clearance(person, w.ministry)
        w.grant(person, w.ministry, c)
        r = self.req("POST", "/v1/carriers/%s/issue" % c, {"person_id": person, "copy_number": 1},
                     w.so(w.ministry))
        self.assertEqual(r.status, 200, r)
        self.assertError(self.transfer({"carrier_ids": [c], "to_org_id": other}), 409,
                         "invalid_state")
        # Roles: only a security officer.
        r = self.req("POST", "/v1/transfers", {"carrier_ids": [c], "to_org_id": other},
                     w.head(w.ministry))
        self.assertError(r, 403, "forbidden_role")


if __name__ == "__main__":
    unittest.main()
