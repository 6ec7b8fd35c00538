"""test_joint_work.py - joint and other work under Decree 743 (Art. 26 of the
Law; SPEC.md section 3 "Transfers", "Access to carriers"). One test per
rule code, named after it, proving the allowed and the refused case over
HTTP; the working-day count of R743 p.5 across weekends, public holidays
and a day moved by decree; the whole joint work from request to close.
"""
import unittest

from qupiya_test import ServerTest
from transfer_world import TransferWorld

TODAY = "2026-06-01"
JW = "/v1/joint-works"


class JointWorkTest(ServerTest):
    clock = TODAY

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.w = TransferWorld(cls.srv, "jw")
        cls.executor = cls.w.org("Contractor LLP", city="Almaty", permit="top_secret")

    def setUp(self):
        self.w = type(self).w

    def refused(self, r, code, article=None, field=None, status=422):
        self.assertError(r, status, code, field=field, article=article)

    # ---- R743 p.4 --------------------------------------------------------
    def test_permission_request_incomplete(self):
        w, c = self.w, self.w.carrier()
        so = w.so(w.ministry)
        for missing, field in [("justification", "justification"), ("carriers", "carriers"),
                               ("term_from", "term_from"), ("term_to", "term_to"),
                               ("executor_permit_ref", "executor_permit_ref"),
                               ("disposing_org_id", "disposing_org_id"),
                               ("executor_org_id", "executor_org_id")]:
            r = self.req("POST", JW, w.jw_body(self.executor, [c], **{missing: None}), so)
            self.refused(r, "permission_request_incomplete", "R743 p.4", field)
        r = self.req("POST", JW, w.jw_body(self.executor, [c], justification=""), so)
        self.refused(r, "permission_request_incomplete", field="justification")
        r = self.req("POST", JW, w.jw_body(self.executor, [c],
                                           carriers=[{"carrier_id": c, "copy_numbers": []}]), so)
        self.refused(r, "permission_request_incomplete", field="carriers[0].copy_numbers")
        # A citizen executor: the clearance is the credential (p.4.5).
        p = w.person(self.executor)
        r = self.req("POST", JW, w.jw_body(self.executor, [c], executor_org_id=None,
                                           executor_permit_ref=None, executor_person_id=p), so)
        self.refused(r, "permission_request_incomplete", field="executor_clearance_ref")
        # Allowed: everything named; the carriers' details come from the registry.
        r = self.req("POST", JW, w.jw_body(self.executor, [c]), so)
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["state"], "requested")
        entry = r.json["carriers"][0]
        for k in ("title", "label", "account_number", "sheets", "copy_numbers"):
            self.assertIn(k, entry)
        # 400 stays 400: malformed fields are not rule refusals.
        r = self.req("POST", JW, w.jw_body(self.executor, [c], term_from="2025-02-30"), so)
        self.assertError(r, 400, "invalid_date", field="term_from")

    # ---- R743 p.5 ---------------------------------------------------------
    def test_permission_overdue(self):
        w, c = self.w, self.w.carrier()
        cases = [
            # Kurban ait (27 May 2026, religious: not shifted) inside the count;
            # not yet due as of TODAY
            ("2026-05-18", "2026-06-02", False),
            # Nauryz 21-23 March 2026 (Sat-Mon) with the shifted days off 24, 25 March
            ("2026-03-19", "2026-04-07", True),
            # New Year 2025 with 3 January moved by order from Sunday 5 January
            # (5 January worked) and Orthodox Christmas on 7 January
            ("2024-12-30", "2025-01-16", True),
            # Victory Day on Saturday 9 May 2026, shifted to Monday 11 May
            ("2026-05-06", "2026-05-22", True),
        ]
        for received, due, overdue in cases:
            j = w.jw_request(self.executor, [c], effective_date=received)
            self.assertEqual(j["response_due_on"], due, received)
            self.assertEqual(j["permission_overdue"], overdue, "as of %s" % TODAY)
        # received_on is the date the deadline runs from (SPEC section 5).
        j = w.jw_request(self.executor, [c], received_on="2026-03-19")
        self.assertEqual(j["response_due_on"], "2026-04-07")
        # A late answer is accepted and recorded late (the code names the deadline).
        r = w.jw(j["id"], "permission", {"decision": "granted", "effective_date": "2026-04-08"},
                 role="head")
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.json["permission"]["late"])
        self.assertTrue(r.json["permission_overdue"])
        # On the due day it is in time.
        j = w.jw_request(self.executor, [c], received_on="2026-03-19")
        r = w.jw(j["id"], "permission", {"decision": "granted", "effective_date": "2026-04-07"},
                 role="head")
        self.assertEqual(r.status, 200, r)
        self.assertFalse(r.json["permission"]["late"])
        self.assertFalse(r.json["permission_overdue"])
        # Not yet due: not overdue.
        j = w.jw_request(self.executor, [c])
        self.assertFalse(j["permission_overdue"])
        self.assertEqual(j["response_due_on"], "2026-06-15")
        # The deadlines list shows it as kind permission_answer (when present).
        r = self.req("GET", "/v1/deadlines?as_of=%s" % TODAY, token=w.so(w.ministry))
        if r.status == 200:
            kinds = {(i["kind"], i["object_id"]) for i in r.json["items"]}
            self.assertIn(("permission_answer", j["id"]), kinds)

    # ---- R743 p.5, p.7 ---------------------------------------------------------
    def test_permission_required(self):
        w, c = self.w, self.w.carrier()
        jid = w.jw_request(self.executor, [c], effective_date="2025-03-03")["id"]
        r = w.jw(jid, "agreement", {"number": "A", "signed_on": "2025-03-04", "annex": [c]})
        self.refused(r, "permission_required", "R743 p.7")
        r = w.jw(jid, "transfer", {"carrier_ids": [c]})
        self.refused(r, "permission_required", "R743 p.7")
        # Only the disposing body's head answers.
        r = w.jw(jid, "permission", {"decision": "granted"})
        self.assertError(r, 403)
        r = w.jw(jid, "permission", {"decision": "granted", "effective_date": "2025-03-05"},
                 role="head")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["state"], "permitted")
        # An agreement dated before the permission: as if there were none.
        r = w.jw(jid, "agreement", {"number": "A", "signed_on": "2025-03-04", "annex": [c]})
        self.refused(r, "permission_required", "R743 p.7")
        # The annex may list only what the permission covered.
        other = w.carrier()
        r = w.jw(jid, "agreement", {"number": "A", "signed_on": "2025-03-05", "annex": [c, other]})
        self.refused(r, "permission_required", field="annex")
        r = w.jw(jid, "agreement", {"number": "A", "signed_on": "2025-03-05", "annex": [c]})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["state"], "agreed")
        # A second answer is a step out of order.
        r = w.jw(jid, "permission", {"decision": "granted"}, role="head")
        self.assertError(r, 409, "invalid_state")
        # A refusal states its reasons and blocks the agreement.
        jid = w.jw_request(self.executor, [c])["id"]
        r = w.jw(jid, "permission", {"decision": "refused"}, role="head")
        self.assertError(r, 400, "missing_field", field="reason")
        r = w.jw(jid, "permission", {"decision": "refused", "reason": "not necessary"},
                 role="head")
        self.assertEqual(r.json["state"], "refused", r)
        r = w.jw(jid, "agreement", {"number": "A", "signed_on": TODAY, "annex": [c]})
        self.refused(r, "permission_required")

    # ---- Art. 26.1, R743 p.6 ---------------------------------------------------
    def test_not_in_annex(self):
        w = self.w
        c1, c2 = w.carrier(), w.carrier()
        jid = w.jw_request(self.executor, [c1, c2])["id"]
        self.assertEqual(w.jw(jid, "permission", {"decision": "granted"}, role="head").status, 200)
        # No agreement yet: nothing is in an annex.
        r = w.jw(jid, "transfer", {"carrier_ids": [c1]})
        self.refused(r, "not_in_annex", "26.1, R743 p.6")
        # An agreement without an annex (and without a certificate) is refused.
        r = w.jw(jid, "agreement", {"number": "A", "signed_on": TODAY})
        self.refused(r, "not_in_annex", field="annex")
        r = w.jw(jid, "agreement", {"number": "A", "signed_on": TODAY, "annex": [c1]})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(w.jw(jid, "nsc-notice", {"sent_on": TODAY}).status, 200)
        r = w.jw(jid, "transfer", {"carrier_ids": [c2]})
        self.refused(r, "not_in_annex", "26.1, R743 p.6", "carrier_ids")
        r = w.jw(jid, "transfer", {"carrier_ids": [c1, c2]})
        self.refused(r, "not_in_annex")
        self.assertEqual(w.get_carrier(c1)["org_id"], w.ministry)   # nothing moved
        r = w.jw(jid, "transfer", {"carrier_ids": [c1]})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["state"], "active")
        # Custody per copy (SPEC §2): the named copies move, org_id stays.
        car = w.get_carrier(c1)
        self.assertEqual(car["org_id"], w.ministry)
        self.assertIn(self.executor, [cp["holder_org_id"] for cp in car["copies"]])

    def test_maintenance_certificate(self):
        """R743 p.6: maintenance of the customer's information system: a
        certificate describes the information instead of carrier names."""
        w, c = self.w, self.w.carrier()
        jid = w.jw_request(self.executor, [c])["id"]
        w.jw(jid, "permission", {"decision": "granted"}, role="head")
        body = {"number": "M-1", "signed_on": TODAY, "subject": "information_system_maintenance"}
        self.refused(w.jw(jid, "agreement", body), "not_in_annex", field="certificate")
        body["certificate"] = "The IS processes top secret mobilization plans."
        r = w.jw(jid, "agreement", body)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["agreement"]["certificate"], body["certificate"])

    # ---- R743 p.3.3 --------------------------------------------------------------
    def test_nsc_notice_missing(self):
        w, c = self.w, self.w.carrier()
        jid = w.jw_request(self.executor, [c], effective_date="2025-04-01")["id"]
        w.jw(jid, "permission", {"decision": "granted", "effective_date": "2025-04-02"},
             role="head")
        # The notice is on the concluded agreement: before it, 409.
        self.assertError(w.jw(jid, "nsc-notice", {"sent_on": "2025-04-03"}), 409, "invalid_state")
        w.jw(jid, "agreement", {"number": "A", "signed_on": "2025-04-03", "annex": [c]})
        r = w.jw(jid, "transfer", {"carrier_ids": [c]})
        self.refused(r, "nsc_notice_missing", "R743 p.3.3")
        r = w.jw(jid, "nsc-notice", {"sent_on": "2025-04-10"})
        self.assertEqual(r.status, 200, r)
        self.assertIn("Almaty", r.json["nsc_notice"]["nsc_office"])
        # A transfer dated before the notice: as if there were none.
        r = w.jw(jid, "transfer", {"carrier_ids": [c], "effective_date": "2025-04-09"})
        self.refused(r, "nsc_notice_missing")
        r = w.jw(jid, "transfer", {"carrier_ids": [c], "effective_date": "2025-04-10"})
        self.assertEqual(r.status, 200, r)

    # ---- Art. 26.1, R743 p.11 ---------------------------------------------------
    def test_recipient_permit_missing(self):
        w = self.w
        low = w.org("Low LLP", permit="confidential")
        c = w.carrier(label="top_secret")
        jid = w.jw_ready(low, [c])
        r = w.jw(jid, "transfer", {"carrier_ids": [c]})
        self.refused(r, "recipient_permit_missing", "26.1, R743 p.11")
        w.permit(low, "top_secret")
        self.assertEqual(w.jw(jid, "transfer", {"carrier_ids": [c]}).status, 200)
        # A cancelled permit: the executor cannot receive more.
        ex = w.org("Revoked LLP", permit="top_secret")
        c2 = w.carrier()
        jid = w.jw_ready(ex, [c2])
        for p in w.permits_of(ex):
            self.assertEqual(self.req("POST", "/v1/permits/%s/cancel" % p, {}, w.nsc).status, 200)
        self.refused(w.jw(jid, "transfer", {"carrier_ids": [c2]}), "recipient_permit_missing")
        # A citizen executor: the clearance must cover the label.
        p = w.person(self.executor)
        cl = w.clearance(p, self.executor, form="confidential")
        c3 = w.carrier()
        body = w.jw_body(self.executor, [c3], executor_org_id=None, executor_permit_ref=None,
                         executor_person_id=p, executor_clearance_ref=cl)
        jid = self.req("POST", JW, body, w.so(w.ministry)).json["id"]
        w.jw(jid, "permission", {"decision": "granted"}, role="head")
        w.jw(jid, "agreement", {"number": "A", "signed_on": TODAY, "annex": [c3]})
        w.jw(jid, "nsc-notice", {"sent_on": TODAY})
        self.refused(w.jw(jid, "transfer", {"carrier_ids": [c3]}), "recipient_permit_missing")
        w.clearance(p, self.executor, form="top_secret")
        r = w.jw(jid, "transfer", {"carrier_ids": [c3]})
        self.assertEqual(r.status, 200, r)
        car = w.get_carrier(c3)
        self.assertEqual(car["org_id"], w.ministry)   # a citizen works at the customer
        # Custody per copy (SPEC §2): the citizen holds the named copies.
        held = [cp for cp in car["copies"] if cp.get("holder_person_id") == p]
        self.assertTrue(held, car)
        self.assertTrue(all(cp["joint_work_id"] == jid for cp in held), car)

    # ---- Art. 26.3, R743 p.9; access -----------------------------------------------
    def test_joint_work_suspended(self):
        w = self.w
        ex = w.org("Access LLP", permit="top_secret")
        c, untouched = w.carrier(), w.carrier()
        jid = w.jw_ready(ex, [c])
        self.assertEqual(w.jw(jid, "transfer", {"carrier_ids": [c]}).status, 200)
        emp = w.person(ex)
        w.clearance(emp, ex)
        w.grant(emp, ex, c)
        d = w.access(emp, c)
        self.assertTrue(d["allowed"], d)
        # The first violation suspends.
        r = w.jw(jid, "violations", {"description": "copy left unattended"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["state"], "suspended")
        self.assertFalse(r.json["cancellation_raised"])
        d = w.access(emp, c)
        self.assertFalse(d["allowed"])
        failed = [k["code"] for k in d["checks"] if not k["passed"]]
        self.assertEqual(failed, ["joint_work_suspended"])
        # Reading the content is refused with that code (when the route exists).
        r = self.req("GET", "/v1/carriers/%s/content" % c, token=w.auditor)
        self.assertNotEqual(r.status, 200)
        # No transfer while suspended.
        self.assertEqual(self.req("GET", "/v1/carriers/%s" % untouched, token=w.auditor).status,
                         200)
        r = w.jw(jid, "transfer", {"carrier_ids": [c]})
        self.assertIn(r.status, (409, 422), r)
        # Resume: readable again.
        r = w.jw(jid, "resume")
        self.assertEqual(r.json["state"], "active", r)
        self.assertTrue(w.access(emp, c)["allowed"])
        self.assertError(w.jw(jid, "resume"), 409, "invalid_state")
        # A repeated violation raises cancellation and the permit's withdrawal.
        r = w.jw(jid, "violations", {"description": "again"})
        self.assertEqual(r.json["state"], "suspended")
        self.assertTrue(r.json["cancellation_raised"])
        self.assertEqual(r.json["cancellation"]["permit_id"], w.permits_of(ex)[0])
        # The customer cancels the order: the carriers return.
        r = w.jw(jid, "cancel")
        self.assertEqual(r.json["state"], "cancelled", r)
        car = w.get_carrier(c)
        self.assertEqual(car["org_id"], w.ministry)
        self.assertNotIn("joint_work_id", car)

    # ---- R743 p.8 -----------------------------------------------------------------
    def test_protection_service(self):
        w, c = self.w, self.w.carrier()
        foreign = w.org("Foreign-owned LLP", foreign_participation=True, city="Astana")
        jid = w.jw_request(foreign, [c])["id"]
        r = w.jw(jid, "protection", {"arrangement": "executor_own"})
        self.refused(r, "protection_service_invalid", "26.2, R743 p.8")
        self.assertEqual(w.jw(jid, "protection", {"arrangement": "customer"}).status, 200)
        provider = w.org("Protection JSC", city="Astana", state_share=100)
        r = w.jw(jid, "protection", {"arrangement": "state_provider",
                                     "provider_org_id": provider})
        self.refused(r, "protection_service_invalid")
        # Marked in the permits of both contracting parties (Art. 26.2).
        for org, other in [(foreign, provider), (provider, foreign)]:
            r = self.req("POST", "/v1/permits/%s/marks" % w.permits_of(org)[0],
                         {"org_id": other, "agreement_ref": "S-1"}, w.nsc)
            self.assertEqual(r.status, 200, r)
        r = w.jw(jid, "protection", {"arrangement": "state_provider", "provider_org_id": provider,
                                     "agreement_ref": "S-1"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["protection"]["provider_org_id"], provider)
        far = w.org("Far JSC", city="Aktau", state_share=100)
        r = w.jw(jid, "protection", {"arrangement": "state_provider", "provider_org_id": far})
        self.refused(r, "protection_service_invalid")
        # A quasi-public holding over the executor.
        holding = w.org("Holding JSC", state_share=51)
        sub = w.org("Sub LLP", parent=holding)
        jid2 = w.jw_request(sub, [c])["id"]
        r = w.jw(jid2, "protection", {"arrangement": "quasi_public_affiliate",
                                      "provider_org_id": holding})
        self.assertEqual(r.status, 200, r)
        r = w.jw(jid2, "protection", {"arrangement": "quasi_public_affiliate",
                                      "provider_org_id": provider})
        self.refused(r, "protection_service_invalid")

    # ---- the whole joint work ------------------------------------------------------------
    def test_whole_joint_work(self):
        w = self.w
        ex = w.org("Whole LLP", permit="top_secret", city="Karaganda")
        c1, c2 = w.carrier(), w.carrier(label="confidential")
        so = w.so(w.ministry)
        r = self.req("POST", JW, w.jw_body(ex, [c1, c2], effective_date="2026-03-19"), so)
        self.assertEqual(r.status, 201, r)
        jid = r.json["id"]
        self.assertEqual(r.json["response_due_on"], "2026-04-07")
        steps = [
            ("permission", {"decision": "granted", "effective_date": "2026-03-30"}, "head",
             "permitted"),
            ("agreement", {"number": "JW-7", "signed_on": "2026-04-01", "annex": [c1, c2],
                           "control_procedure": "quarterly checks", "financing": "customer"},
             "so", "agreed"),
            ("protection", {"arrangement": "executor_own"}, "so", "agreed"),
            ("nsc-notice", {"sent_on": "2026-04-02"}, "so", "notified"),
            ("transfer", {"carrier_ids": [c1], "effective_date": "2026-04-03"}, "so", "active"),
            ("transfer", {"carrier_ids": [c2], "effective_date": "2026-04-06"}, "so", "active"),
            ("violations", {"description": "register not kept"}, "so", "suspended"),
            ("resume", {}, "so", "active"),
            ("close", {}, "so", "closed"),
        ]
        for step, body, role, state in steps:
            r = w.jw(jid, step, body, role="head" if role == "head" else "so")
            self.assertEqual(r.status, 200, (step, r))
            self.assertEqual(r.json["state"], state, step)
        self.assertFalse(r.json["permission_overdue"])
        self.assertEqual(r.json["end"]["state"], "closed")
        self.assertEqual(sorted(r.json["end"]["returned"]), sorted([c1, c2]))
        # The carriers are back at the customer; the journal keeps the way.
        for c in (c1, c2):
            car = w.get_carrier(c)
            self.assertEqual(car["org_id"], w.ministry)
            self.assertNotIn("joint_work_id", car)
            kinds = [(m["kind"], m["org_id"]) for m in car["movements"]]
            self.assertIn(("transferred", w.ministry), kinds)
            self.assertIn(("received", ex), kinds)
            self.assertIn(("transferred", ex), kinds)
            self.assertIn(("received", w.ministry), kinds)
        g = self.req("GET", "%s/%s" % (JW, jid), token=w.so(ex))
        self.assertEqual(g.status, 200, g)
        self.assertEqual([h["to"] for h in g.json["history"]],
                         ["permitted", "agreed", "notified", "active", "suspended", "active",
                          "closed"])
        # Closed is final.
        self.assertError(w.jw(jid, "close"), 409, "invalid_state")
        self.assertError(w.jw(jid, "violations", {"description": "x"}), 409, "invalid_state")
        # Another organization does not read it.
        stranger = w.org("Stranger LLP")
        self.assertError(self.req("GET", "%s/%s" % (JW, jid), token=w.so(stranger)), 403)

    def test_customer_addendum(self):
        """R743 p.10: the customer is liquidated: an addendum names an
        assignee holding a permit; the security authority is notified."""
        w = self.w
        customer = w.org("Agency", kind="state_body", permit="top_secret")
        ex = w.org("Addendum LLP", permit="top_secret")
        c = w.carrier(org=customer)
        w.release(customer)   # the carrier it received back with the ministry
        so = w.so(customer)
        body = w.jw_body(ex, [c], customer_org_id=customer)
        jid = self.req("POST", JW, body, so).json["id"]
        self.assertEqual(self.req("POST", "%s/%s/permission" % (JW, jid),
                                  {"decision": "granted"}, w.head(w.ministry)).status, 200)
        self.assertEqual(self.req("POST", "%s/%s/agreement" % (JW, jid),
                                  {"number": "A", "signed_on": TODAY, "annex": [c]}, so).status, 200)
        # The customer cannot be liquidated with an open joint work.
        r = self.req("POST", "/v1/orgs/%s/liquidate" % customer, {}, w.admin)
        self.assertError(r, 422, "liquidation_blocked", article="28")
        self.assertEqual([j["id"] for j in r.error["joint_works"]], [jid])
        nopermit = w.org("No permit", kind="state_body", permit=None)
        assignee = w.org("Successor agency", kind="state_body", permit="top_secret")
        add = {"assignee_org_id": nopermit, "number": "AD-1", "signed_on": TODAY,
               "reason": "liquidation", "nsc_notice_sent_on": TODAY,
               "disposing_notice_sent_on": TODAY}
        r = self.req("POST", "%s/%s/addendum" % (JW, jid), add, so)
        self.assertError(r, 422, "recipient_permit_missing")
        add["assignee_org_id"] = assignee
        del add["nsc_notice_sent_on"]
        r = self.req("POST", "%s/%s/addendum" % (JW, jid), add, so)
        self.assertError(r, 422, "nsc_notice_missing", field="nsc_notice_sent_on")
        add["nsc_notice_sent_on"] = TODAY
        r = self.req("POST", "%s/%s/addendum" % (JW, jid), add, so)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["customer_org_id"], assignee)
        # The old customer's carriers: archived; now it may be liquidated.
        self.assertEqual(self.req("POST", "/v1/carriers/%s/archive" % c, {"archive_ref": "AR"},
                                  so).status, 200)
        r = self.req("POST", "/v1/orgs/%s/liquidate" % customer, {}, w.admin)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["state"], "liquidated")


if __name__ == "__main__":
    unittest.main()
