"""test_custody.py - custody per copy (SPEC.md section 2 "Carrier"; issue 10):
each numbered copy has its holder organization (holder_org_id) or citizen
(holder_person_id); transfers move the copies named; a joint-work transfer
moves exactly the copy numbers its request named and close/cancel return
them; acts on the whole carrier wait (409) while a copy is away; issue,
return and inventories act only on copies the acting organization holds;
the registry lists a carrier at the holder of a copy and at the sender;
and the access check not_the_holder (Art. 25.1, 26.1, 33.2, R743 p.10),
allowed and refused.
"""
import unittest

from qupiya_test import ServerTest
from transfer_world import TransferWorld

TODAY = "2026-06-01"
NTH = "not_the_holder"
NTH_ART = "25.1, 26.1, 33.2, R743 p.10"


class CustodyTest(ServerTest):
    clock = TODAY

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.w = TransferWorld(cls.srv, "cu")
        cls.other = cls.w.org("Other body", kind="state_body", permit="top_secret")
        cls.third = cls.w.org("Third body", kind="state_body", permit="top_secret")

    def setUp(self):
        self.w = type(self).w

    # ---- helpers -----------------------------------------------------------
    def send(self, body, org=None):
        return self.req("POST", "/v1/transfers", body, self.w.so(org or self.w.ministry))

    def holders(self, cid):
        car = self.w.get_carrier(cid)
        return {cp["number"]: cp.get("holder_org_id") or cp.get("holder_person_id")
                for cp in car["copies"]}

    def registry(self, org):
        r = self.req("GET", "/v1/carriers?org_id=%s&limit=500" % org, token=self.w.so(org))
        self.assertEqual(r.status, 200, r)
        return {c["id"]: c for c in r.json["items"]}

    def cleared(self, org, carrier):
        p = self.w.person(org)
        self.w.clearance(p, org)
        self.w.grant(p, org, carrier)
        return p

    def check(self, person, carrier):
        j = self.w.access(person, carrier)
        return j, {c["code"]: c["passed"] for c in j["checks"]}

    # ---- copies carry their holder --------------------------------------------
    def test_new_copies_held_by_registering_org(self):
        w = self.w
        c = w.carrier(copies=3)
        car = w.get_carrier(c)
        self.assertEqual([cp["number"] for cp in car["copies"]], [1, 2, 3])
        for cp in car["copies"]:
            self.assertEqual(cp["holder_org_id"], w.ministry)
            self.assertIsNone(cp["holder_person_id"])
            self.assertIsNone(cp["holder"])

    # ---- POST /v1/transfers per copy ---------------------------------------------
    def test_transfer_named_copies(self):
        w, other = self.w, self.other
        c = w.carrier(copies=3)
        r = self.send({"carriers": [{"carrier_id": c, "copy_numbers": [2]}],
                       "to_org_id": other, "sanction_ref": "S-1",
                       "effective_date": "2026-05-20"})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["carriers"], [{"carrier_id": c, "copy_numbers": [2]}])
        car = w.get_carrier(c)
        self.assertEqual(car["org_id"], w.ministry)      # some copies: org_id stays
        self.assertEqual(self.holders(c), {1: w.ministry, 2: other, 3: w.ministry})
        moves = [(m["kind"], m["org_id"], m.get("copy_numbers"), m["date"])
                 for m in car["movements"]]
        self.assertIn(("transferred", w.ministry, [2], "2026-05-20"), moves)
        self.assertIn(("received", other, [2], "2026-05-20"), moves)
        # The registries: the recipient lists the copy it holds, the sender
        # the copies it keeps and the date one left.
        at_other = self.registry(other)[c]
        self.assertEqual(at_other["held_copies"], [2])
        at_home = self.registry(w.ministry)[c]
        self.assertEqual(at_home["held_copies"], [1, 3])
        self.assertEqual(at_home["left_on"], "2026-05-20")
        # Both see the record; a third body does not.
        self.assertEqual(self.req("GET", "/v1/carriers/%s" % c, token=w.so(other)).status, 200)
        self.assertError(self.req("GET", "/v1/carriers/%s" % c, token=w.so(self.third)), 404)
        # Only copies the sender holds are sent.
        r = self.send({"carriers": [{"carrier_id": c, "copy_numbers": [2]}],
                       "to_org_id": self.third, "sanction_ref": "S-2"})
        self.assertError(r, 409, "invalid_state", field="carriers")
        r = self.send({"carriers": [{"carrier_id": c, "copy_numbers": [1]}],
                       "to_org_id": self.third, "sanction_ref": "S-3"}, org=other)
        self.assertError(r, 409, "invalid_state", field="carriers")
        r = self.send({"carriers": [{"carrier_id": c, "copy_numbers": [7]}],
                       "to_org_id": self.third, "sanction_ref": "S-4"})
        self.assertError(r, 400, "invalid_value", field="carriers")
        # A third body holds nothing: it cannot send.
        r = self.send({"carrier_ids": [c], "to_org_id": other, "sanction_ref": "S-5"},
                      org=self.third)
        self.assertError(r, 403, "forbidden_org")
        # carrier_ids from the recipient: every copy it holds (copy 2), back
        # to the disposing body; every copy home again.
        r = self.send({"carrier_ids": [c], "to_org_id": w.ministry}, org=other)
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["carriers"], [{"carrier_id": c, "copy_numbers": [2]}])
        self.assertEqual(self.holders(c), {1: w.ministry, 2: w.ministry, 3: w.ministry})
        self.assertEqual(self.registry(other)[c]["held_copies"], [])
        self.assertEqual(self.registry(other)[c]["left_on"], TODAY)

    def test_transfer_every_copy_moves_the_carrier(self):
        w, other = self.w, self.other
        c = w.carrier(copies=2)
        r = self.send({"carrier_ids": [c], "to_org_id": other, "sanction_ref": "S-9",
                       "effective_date": "2026-05-25"})
        self.assertEqual(r.status, 201, r)
        car = w.get_carrier(c)
        self.assertEqual(car["org_id"], other)
        self.assertEqual(self.holders(c), {1: other, 2: other})
        self.assertEqual(self.registry(other)[c]["held_copies"], [1, 2])
        left = self.registry(w.ministry)[c]
        self.assertEqual(left["held_copies"], [])
        self.assertEqual(left["left_on"], "2026-05-25")
        # Naming both copies moves the carrier too.
        c2 = w.carrier(copies=2)
        r = self.send({"carriers": [{"carrier_id": c2, "copy_numbers": [1, 2]}],
                       "to_org_id": other, "sanction_ref": "S-10"})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(w.get_carrier(c2)["org_id"], other)
        # Malformed selections.
        self.assertError(self.send({"to_org_id": other}), 400, "missing_field",
                         field="carrier_ids")
        self.assertError(self.send({"carrier_ids": [c2], "carriers": [], "to_org_id": other}),
                         400, "invalid_value", field="carriers")
        self.assertError(self.send({"carriers": [{"carrier_id": c2}], "to_org_id": other}),
                         400, field="carriers[0].copy_numbers")

    def test_deadlines_show_who_holds_which_copy(self):
        w, other = self.w, self.other
        c = w.carrier(copies=2)
        self.assertEqual(self.send({"carriers": [{"carrier_id": c, "copy_numbers": [2]}],
                                    "to_org_id": other, "sanction_ref": "S"}).status, 201)
        r = self.req("GET", "/v1/deadlines?org_id=%s&as_of=2044-05-11&kind=declassification_due"
                     "&limit=1000" % w.ministry, token=w.so(w.ministry))
        self.assertEqual(r.status, 200, r)
        items = [i for i in r.json["items"] if i["object_id"] == c]
        self.assertEqual(len(items), 1, r)
        self.assertEqual(items[0]["copies"],
                         [{"number": 1, "holder_org_id": w.ministry, "holder_person_id": None},
                          {"number": 2, "holder_org_id": other, "holder_person_id": None}])

    # ---- whole-carrier acts wait while a copy is away ---------------------------
    def test_whole_acts_wait_with_a_copy_away(self):
        w, other = self.w, self.other
        c = w.carrier(copies=2)
        self.assertEqual(self.send({"carriers": [{"carrier_id": c, "copy_numbers": [2]}],
                                    "to_org_id": other, "sanction_ref": "S"}).status, 201)
        so, head = w.so(w.ministry), w.head(w.ministry)
        r = self.req("POST", "/v1/carriers/%s/destroy" % c, {"act_number": "D-1"}, so)
        self.assertError(r, 409, "invalid_state")
        r = self.req("POST", "/v1/carriers/%s/archive" % c, {"archive_ref": "F-1"}, so)
        self.assertError(r, 409, "invalid_state")
        r = self.req("POST", "/v1/carriers/%s/declassify" % c,
                     {"ground": "circumstances_changed"}, head)
        self.assertError(r, 409, "invalid_state")
        r = self.req("POST", "/v1/carriers/%s/relabel" % c, {"label": "top_secret"}, so)
        self.assertError(r, 409, "invalid_state")
        # The holder of one copy does not destroy the carrier.
        r = self.req("POST", "/v1/carriers/%s/destroy" % c, {"act_number": "D-2"},
                     w.so(other))
        self.assertError(r, 403, "forbidden_org")
        # Copy 2 comes back: the acts go through.
        self.assertEqual(self.send({"carrier_ids": [c], "to_org_id": w.ministry},
                                   org=other).status, 201)
        r = self.req("POST", "/v1/carriers/%s/destroy" % c, {"act_number": "D-3"}, so)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["state"], "destroyed")

    # ---- issue, return, inventory on held copies ----------------------------------
    def test_not_the_holder_issue_only_to_persons_of_the_holder(self):
        w, other = self.w, self.other
        c = w.carrier(copies=2)
        self.assertEqual(self.send({"carriers": [{"carrier_id": c, "copy_numbers": [2]}],
                                    "to_org_id": other, "sanction_ref": "S"}).status, 201)
        mine = self.cleared(w.ministry, c)
        theirs = self.cleared(other, c)
        stranger = w.person(self.third)
        w.clearance(stranger, self.third)
        so_m, so_o = w.so(w.ministry), w.so(other)
        issue = "/v1/carriers/%s/issue" % c
        # The ministry does not issue the copy the other body holds.
        r = self.req("POST", issue, {"person_id": mine, "copy_number": 2}, so_m)
        self.assertError(r, 403, "forbidden_org", field="copy_number")
        # Copy 1 (the ministry's) goes only to the ministry's people.
        r = self.req("POST", issue, {"person_id": theirs, "copy_number": 1}, so_m)
        self.assertError(r, 422, NTH, field="person_id", article=NTH_ART)
        r = self.req("POST", issue, {"person_id": stranger, "copy_number": 1}, so_m)
        self.assertError(r, 422)
        r = self.req("POST", issue, {"person_id": mine, "copy_number": 1}, so_m)
        self.assertEqual(r.status, 200, r)
        # Copy 2 at the other body, to its own person.
        r = self.req("POST", issue, {"person_id": theirs, "copy_number": 2}, so_o)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(self.holders(c), {1: w.ministry, 2: other})
        # The registry filters combine: organization, holder, label.
        r = self.req("GET", "/v1/carriers?org_id=%s&holder=%s&label=top_secret" % (other, theirs),
                     token=so_o)
        self.assertEqual([x["id"] for x in r.json["items"]], [c], r)
        r = self.req("GET", "/v1/carriers?org_id=%s&holder=%s&label=confidential"
                     % (other, theirs), token=so_o)
        self.assertEqual(r.json["items"], [], r)
        # Return: each holder its own copy.
        ret = "/v1/carriers/%s/return" % c
        r = self.req("POST", ret, {"person_id": theirs, "copy_number": 2}, so_m)
        self.assertError(r, 403, "forbidden_org")
        self.assertEqual(self.req("POST", ret, {"person_id": theirs, "copy_number": 2},
                                  so_o).status, 200)
        self.assertEqual(self.req("POST", ret, {"person_id": mine, "copy_number": 1},
                                  so_m).status, 200)

    def test_inventory_lists_only_held_copies(self):
        w, other = self.w, self.other
        inv_org = w.org("Inventory body", kind="state_body", permit="top_secret")
        c = w.carrier(copies=3)
        self.assertEqual(self.send({"carriers": [{"carrier_id": c, "copy_numbers": [3]}],
                                    "to_org_id": inv_org, "sanction_ref": "S"}).status, 201)
        so = w.so(inv_org)
        inv = self.req("POST", "/v1/inventories", {"org_id": inv_org}, so).json["id"]
        r = self.req("POST", "/v1/inventories/%s/marks" % inv,
                     {"carrier_id": c, "copy_number": 3, "found": True}, so)
        self.assertEqual(r.status, 201, r)
        r = self.req("POST", "/v1/inventories/%s/marks" % inv,
                     {"carrier_id": c, "copy_number": 1, "found": True}, so)
        self.assertEqual(r.status, 201, r)
        r = self.req("POST", "/v1/inventories/%s/close" % inv, {}, so)
        self.assertEqual(r.status, 200, r)
        self.assertEqual((r.json["checked"], r.json["found"]), (1, 1))
        kinds = [(d["kind"], d["copy_number"]) for d in r.json["discrepancies"]]
        self.assertEqual(kinds, [("unexpected", 1)])

    # ---- joint work: the named copies, returned on close and cancel -------------
    def jw_with_copies(self, executor, c, nums):
        w = self.w
        body = w.jw_body(executor, [c], effective_date="2025-02-01")
        body["carriers"] = [{"carrier_id": c, "copy_numbers": nums}]
        r = self.req("POST", "/v1/joint-works", body, w.so(w.ministry))
        self.assertEqual(r.status, 201, r)
        jid = r.json["id"]
        w.jw(jid, "permission", {"decision": "granted", "effective_date": "2025-02-01"},
             role="head")
        w.jw(jid, "agreement", {"number": "A-1", "signed_on": "2025-02-01", "annex": [c]})
        w.jw(jid, "nsc-notice", {"sent_on": "2025-02-01"})
        return jid

    def test_joint_work_moves_named_copies_and_returns_them(self):
        w = self.w
        ex = w.org("Executor LLP")
        c = w.carrier(copies=3)
        jid = self.jw_with_copies(ex, c, [1, 3])
        r = w.jw(jid, "transfer", {"carrier_ids": [c]})
        self.assertEqual(r.status, 200, r)
        car = w.get_carrier(c)
        self.assertEqual(car["org_id"], w.ministry)
        self.assertEqual(self.holders(c), {1: ex, 2: w.ministry, 3: ex})
        self.assertEqual([cp.get("joint_work_id") for cp in car["copies"]], [jid, None, jid])
        self.assertEqual(self.registry(ex)[c]["held_copies"], [1, 3])
        # not_the_holder allowed: the executor's cleared person, active work.
        p = self.cleared(ex, c)
        j, checks = self.check(p, c)
        self.assertTrue(j["allowed"], j)
        self.assertTrue(checks[NTH])
        # not_the_holder refused: a third body's person.
        q = w.person(self.third)
        w.clearance(q, self.third)
        j, checks = self.check(q, c)
        self.assertFalse(checks[NTH])
        # The executor issues its own copy only.
        so_ex = w.so(ex)
        r = self.req("POST", "/v1/carriers/%s/issue" % c, {"person_id": p, "copy_number": 2},
                     so_ex)
        self.assertError(r, 403, "forbidden_org")
        # Whole-carrier acts wait.
        r = self.req("POST", "/v1/carriers/%s/destroy" % c, {"act_number": "D"},
                     w.so(w.ministry))
        self.assertError(r, 409, "invalid_state")
        # Close: the named copies come back; the executor holds nothing.
        r = w.jw(jid, "close")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(self.holders(c), {1: w.ministry, 2: w.ministry, 3: w.ministry})
        self.assertTrue(all("joint_work_id" not in cp for cp in w.get_carrier(c)["copies"]))
        j, checks = self.check(p, c)
        self.assertFalse(j["allowed"])
        self.assertFalse(checks[NTH])
        self.assertEqual(self.registry(ex)[c]["held_copies"], [])

    def test_joint_work_suspended_then_cancelled(self):
        w = self.w
        ex = w.org("Executor Two LLP")
        c = w.carrier(copies=2)
        jid = self.jw_with_copies(ex, c, [2])
        self.assertEqual(w.jw(jid, "transfer", {"carrier_ids": [c]}).status, 200)
        p = self.cleared(ex, c)
        self.assertEqual(w.jw(jid, "violations", {"description": "x"}).status, 200)
        j, checks = self.check(p, c)
        self.assertFalse(checks["joint_work_suspended"])
        self.assertTrue(checks[NTH])   # still held; the suspension refuses
        # The customer's own copy is not under the suspended work.
        mine = self.cleared(w.ministry, c)
        j, checks = self.check(mine, c)
        self.assertTrue(j["allowed"], j)
        # A repeated violation raises the cancellation (R743 p.9).
        self.assertEqual(w.jw(jid, "resume").status, 200)
        r = w.jw(jid, "violations", {"description": "again"})
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.json["cancellation_raised"], r)
        r = w.jw(jid, "cancel")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(self.holders(c), {1: w.ministry, 2: w.ministry})
        j, checks = self.check(p, c)
        self.assertFalse(checks[NTH])

    def test_joint_work_transfer_by_copy_via_transfers(self):
        w = self.w
        ex = w.org("Executor Three LLP")
        c = w.carrier(copies=3)
        jid = self.jw_with_copies(ex, c, [1, 2])
        # A copy the request did not name is not in the annex.
        r = self.send({"carriers": [{"carrier_id": c, "copy_numbers": [3]}], "to_org_id": ex})
        self.assertError(r, 422, "not_in_annex")
        r = self.send({"carriers": [{"carrier_id": c, "copy_numbers": [2]}], "to_org_id": ex})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["basis"], "joint_work")
        self.assertEqual(self.holders(c), {1: w.ministry, 2: ex, 3: w.ministry})
        self.assertEqual(w.get_carrier(c)["copies"][1]["joint_work_id"], jid)

    # ---- grants open only the grantee's organization's copies -------------------
    def test_grant_by_the_holder(self):
        w, other = self.w, self.other
        c = w.carrier(copies=2)
        p = w.person(self.third)
        w.clearance(p, self.third)
        # The third body holds no copy: its head cannot open the carrier.
        r = self.req("POST", "/v1/grants", {"person_id": p, "carrier_id": c,
                                            "until": "2027-01-01"}, w.head(self.third))
        # it cannot even see the carrier (SPEC §3: 404 for a body that
        # neither holds, disposes of nor audits it)
        self.assertError(r, 404, field="carrier_id")
        self.assertEqual(self.send({"carriers": [{"carrier_id": c, "copy_numbers": [1]}],
                                    "to_org_id": other, "sanction_ref": "S"}).status, 201)
        q = self.cleared(other, c)   # the holder of copy 1 grants its own person
        j, checks = self.check(q, c)
        self.assertTrue(j["allowed"], j)


if __name__ == "__main__":
    unittest.main()
