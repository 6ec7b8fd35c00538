"""test_foreign_transfer.py - transfer to a foreign state or international
organization (Art. 27): proposal agreed with the disposing bodies, the
authorized body's expert opinion, the Government's decision (or a treaty),
the contract, then the transfer; foreign_transfer_incomplete at each
missing step, over HTTP.
"""
import unittest

from qupiya_test import ServerTest
from transfer_world import TransferWorld

TODAY = "2026-06-01"
FT = "/v1/foreign-transfers"


class ForeignTransferTest(ServerTest):
    clock = TODAY

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.w = TransferWorld(cls.srv, "ft")
        cls.state = cls.w.org("Republic of Elsewhere", kind="foreign_state", permit=None)

    def setUp(self):
        self.w = type(self).w

    def propose(self, carriers, **kw):
        body = {"proposer_org_id": self.w.ministry, "recipient_org_id": self.state,
                "carrier_ids": carriers, "justification": "interstate cooperation",
                "agreed_with": [self.w.ministry]}
        for k, v in kw.items():
            if v is None:
                body.pop(k, None)
            else:
                body[k] = v
        return self.req("POST", FT, body, self.w.so(self.w.ministry))

    def step(self, fid, name, body=None, token=None):
        return self.req("POST", "%s/%s/%s" % (FT, fid, name), body or {},
                        token or self.w.so(self.w.ministry))

    def incomplete(self, r, step):
        self.assertError(r, 422, "foreign_transfer_incomplete", field=step, article="27")
        self.assertIn(step, r.error.get("detail", ""))

    def test_foreign_transfer_incomplete(self):
        w = self.w
        c = w.carrier()
        # The proposal: reasoned, agreed with every disposing body.
        self.incomplete(self.propose([c], justification=None), "justification")
        self.incomplete(self.propose([c], justification=""), "justification")
        self.incomplete(self.propose([c], agreed_with=None), "agreed_with")
        self.incomplete(self.propose([c], agreed_with=[]), "agreed_with")
        other = w.org("Other ministry", kind="state_body")
        self.incomplete(self.propose([c], agreed_with=[other]), "agreed_with")
        # Art. 27 is for foreign recipients only.
        r = self.propose([c], recipient_org_id=other)
        self.assertError(r, 400, "invalid_value", field="recipient_org_id")
        r = self.propose([c], effective_date="2026-05-04")
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["state"], "proposed")
        fid = r.json["id"]
        # Each later step without the earlier one.
        self.incomplete(self.step(fid, "transfer"), "expert_opinion")
        self.incomplete(self.step(fid, "contract", {"ref": "K-1"}), "expert_opinion")
        self.incomplete(self.step(fid, "government-decision", {"ref": "G-1"}, w.ab),
                        "expert_opinion")
        # A negative opinion is no opinion for the decision.
        r = self.step(fid, "expert-opinion", {"positive": False, "ref": "E-0",
                                              "effective_date": "2026-05-05"}, w.ab)
        self.assertEqual(r.json["state"], "opinion_negative", r)
        self.incomplete(self.step(fid, "government-decision", {"ref": "G-1"}, w.ab),
                        "expert_opinion")
        self.assertError(self.step(fid, "expert-opinion", {"positive": True, "ref": "E"}), 403)
        r = self.step(fid, "expert-opinion", {"positive": True, "ref": "E-1",
                                              "effective_date": "2026-05-06"}, w.ab)
        self.assertEqual(r.json["state"], "opined", r)
        self.incomplete(self.step(fid, "transfer"), "government_decision")
        self.incomplete(self.step(fid, "contract", {"ref": "K-1"}), "government_decision")
        # A decision dated before the opinion: as if no opinion.
        self.incomplete(self.step(fid, "government-decision",
                                  {"ref": "G-1", "effective_date": "2026-05-05"}, w.ab),
                        "expert_opinion")
        self.incomplete(self.step(fid, "government-decision", {}, w.ab), "government_decision")
        r = self.step(fid, "government-decision", {"ref": "G-1", "effective_date": "2026-05-11"},
                      w.ab)
        self.assertEqual(r.json["state"], "decided", r)
        self.incomplete(self.step(fid, "transfer"), "contract")
        r = self.step(fid, "contract", {"ref": "K-1", "effective_date": "2026-05-12"})
        self.assertEqual(r.json["state"], "contracted", r)
        self.incomplete(self.step(fid, "transfer", {"effective_date": "2026-05-11"}), "contract")
        # Steps already taken: 409.
        self.assertError(self.step(fid, "expert-opinion", {"positive": True, "ref": "E"}, w.ab),
                         409, "invalid_state")
        r = self.step(fid, "transfer")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["state"], "transferred")
        car = w.get_carrier(c)
        self.assertEqual(car["state"], "transferred")
        self.assertEqual(car["transferred_to"]["org_id"], self.state)
        self.assertIn("transferred_out", [m["kind"] for m in car["movements"]])
        self.assertError(self.step(fid, "transfer"), 409, "invalid_state")

    def test_treaty_replaces_government_decision(self):
        w = self.w
        c = w.carrier()
        org = w.org("International body", kind="international_org", permit=None)
        r = self.propose([c], recipient_org_id=org)
        fid = r.json["id"]
        self.step(fid, "expert-opinion", {"positive": True, "ref": "E-2"}, w.ab)
        r = self.step(fid, "government-decision", {"ref": "G", "treaty_ref": "T"}, w.ab)
        self.assertError(r, 400, "invalid_value", field="treaty_ref")
        r = self.step(fid, "government-decision", {"treaty_ref": "Treaty 2019/4"}, w.ab)
        self.assertEqual(r.json["state"], "decided", r)
        self.assertEqual(r.json["government_decision"]["treaty_ref"], "Treaty 2019/4")
        self.step(fid, "contract", {"ref": "K-2"})
        self.assertEqual(self.step(fid, "transfer").status, 200)


if __name__ == "__main__":
    unittest.main()
