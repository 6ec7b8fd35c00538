"""test_provisions.py - the Law's remaining provisions outside classification
(issue 10, SPEC.md section 3 as amended), one test per code, named after it,
proving the allowed and the refused case over HTTP:

- org_liquidated (Art. 28): a liquidated organization registers, receives,
  classifies, grants and issues nothing;
- forward_not_competent (Art. 24.2): a request is forwarded only to a state
  body, and the receiver owes its answer within one month of the forwarding;
- permission_required (R743 p.4.4): no agreement and no transfer dated after
  the permitted term;
- protection_arrangement_required (R743 p.8): an executor with foreign
  participation receives carriers only with its protection arranged through
  another organization's subdivision;
- a confirmed incident on a carrier at an executor is a violation of the
  joint work (R743 p.9);
- the Art. 5 period ends: a clearance whose verification is still pending
  counts as active through the period's last day only (clearance_inactive),
  and the deadlines list shows it from the period's end;
- permits and clearances are checked as they stood on the act's
  effective_date (org_permit_missing, clearance_inactive).
"""
import unittest

from qupiya_test import ServerTest, make_ident, prerequisites
from transfer_world import TransferWorld

TODAY = "2026-06-01"
JW = "/v1/joint-works"
REQ = "/v1/declassification-requests"


class ProvisionsTest(ServerTest):
    clock = TODAY

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.w = TransferWorld(cls.srv, "pv")

    def setUp(self):
        self.w = type(self).w

    def refused(self, r, code, article=None, field=None, status=422):
        self.assertError(r, status, code, field=field, article=article)

    # ---- Art. 28 ---------------------------------------------------------------
    def test_org_liquidated(self):
        w = self.w
        gone = w.org("Closed body", kind="state_body", permit="top_secret")
        live = w.org("Live body", kind="state_body", permit="top_secret")
        so, head = w.so(gone), w.head(gone)
        emp = w.person(gone)
        # A classifier of the body, put on the list before the liquidation.
        cls_person = w.person(gone)
        cls_tok = w.user(gone, "classifier", person_id=cls_person)
        self.assertEqual(self.req("POST", "/v1/classifiers",
                                  {"person_id": cls_person, "org_id": gone}, w.admin).status, 201)
        r = self.req("POST", "/v1/orgs/%s/liquidate" % gone, {}, w.admin)
        self.assertEqual(r.status, 200, r)

        def carrier_body(org, info=()):
            # the liquidated body sees no information: an empty carrier reaches
            # org_liquidated before any rule about what it carries
            return {"org_id": org, "account_number": "L-%s" % org, "kind": "paper",
                    "title": "Report", "label": "top_secret",
                    "information_ids": list(info), "copies": 1, "sheets": 1}

        def person_body(org, n):
            return {"iin": make_ident(7700000 + n), "full_name": "New person", "citizenship": "KZ",
                    "org_id": org, "position": "clerk"}

        info_body = {"title": "New info", "org_id": gone, "preliminary": True,
                     "degree": "confidential", "classified_on": "2026-05-01",
                     "declassify_on": "2031-05-01"}
        # registers nothing: carriers, persons, lists, information
        self.refused(self.req("POST", "/v1/carriers", carrier_body(gone), so),
                     "org_liquidated", "28", "org_id")
        self.refused(self.req("POST", "/v1/persons", person_body(gone, 1), so),
                     "org_liquidated", "28", "org_id")
        self.refused(self.req("POST", "/v1/lists", {"org_id": gone, "title": "L"}, so),
                     "org_liquidated", "28", "org_id")
        self.refused(self.req("POST", "/v1/information", info_body, cls_tok),
                     "org_liquidated", "28", "org_id")
        self.refused(self.req("POST", "/v1/persons/%s/clearances" % emp, {"form": "top_secret"},
                              so), "org_liquidated", "28")
        # receives nothing: transfers, joint works as executor
        c = w.carrier()
        r = self.req("POST", "/v1/transfers", {"carrier_ids": [c], "to_org_id": gone,
                                               "sanction_ref": "S-1"}, w.so(w.ministry))
        self.refused(r, "org_liquidated", "28", "to_org_id")
        r = self.req("POST", JW, w.jw_body(live, [c], executor_org_id=gone,
                                           executor_permit_ref=w.permits_of(gone)[0]),
                     w.so(w.ministry))
        self.refused(r, "org_liquidated", "28", "executor_org_id")
        # grants and issues nothing
        r = self.req("POST", "/v1/grants", {"person_id": emp, "carrier_id": c,
                                            "until": "2026-12-31"}, head)
        self.assertIn(r.status, (403, 404, 422), r)   # another body's carrier: 403/404 first
        if r.status == 422:
            self.refused(r, "org_liquidated", "28")
        r = self.req("POST", "/v1/carriers/%s/issue" % c, {"person_id": emp, "copy_number": 1},
                     w.so(w.ministry))
        self.refused(r, "org_liquidated", "28", "person_id")
        # Allowed: the same acts of an active organization.
        w.received(live)                   # it carries the ministry's information once received
        r = self.req("POST", "/v1/carriers", carrier_body(live, [w.info["top_secret"]]),
                     w.so(live))
        self.assertEqual(r.status, 201, r)
        r = self.req("POST", "/v1/persons", person_body(live, 2), w.so(live))
        self.assertEqual(r.status, 201, r)
        r = self.req("POST", "/v1/lists", {"org_id": live, "title": "L"}, w.so(live))
        self.assertEqual(r.status, 201, r)
        r = self.req("POST", "/v1/transfers", {"carrier_ids": [c], "to_org_id": live,
                                               "sanction_ref": "S-1"}, w.so(w.ministry))
        self.assertEqual(r.status, 201, r)
        self.assertEqual(self.req("GET", "/v1/orgs/%s" % gone, token=w.admin).json["state"],
                         "liquidated")

    # ---- Art. 24.2 ---------------------------------------------------------------
    def test_forward_not_competent(self):
        w = self.w
        body = w.org("Competent body", kind="state_body", permit=None)
        firm = w.org("Commercial LLP", permit=None)
        gone = w.org("Former body", kind="state_body", permit=None)
        self.assertEqual(self.req("POST", "/v1/orgs/%s/liquidate" % gone, {}, w.admin).status,
                         200)
        so = w.so(w.ministry)
        r = self.req("POST", REQ, {"org_id": w.ministry, "requester": "Citizen B.",
                                   "subject": "Archive file 9", "received_on": "2026-04-20"}, so)
        self.assertEqual(r.status, 201, r)
        rid = r.json["id"]
        url = "%s/%s/forward" % (REQ, rid)
        fwd = {"notice_sent_on": "2026-04-30", "effective_date": "2026-04-30"}
        for to in (firm, gone):
            r = self.req("POST", url, dict(fwd, to_org_id=to), so)
            self.refused(r, "forward_not_competent", "24.2", "to_org_id")
        self.assertEqual(self.req("GET", "%s/%s" % (REQ, rid), token=so).json["state"], "open")
        # Allowed: to a state body; it owes its own answer within one month
        # of the forwarding (2026-05-30 is a Saturday: Monday 2026-06-01).
        r = self.req("POST", url, dict(fwd, to_org_id=body), so)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["state"], "forwarded")
        new = r.json["forward"]["request_id"]
        r = self.req("GET", "%s/%s" % (REQ, new), token=w.so(body))
        self.assertEqual(r.status, 200, r)
        self.assertEqual((r.json["org_id"], r.json["state"], r.json["received_on"],
                          r.json["due_on"], r.json["forwarded_from"]),
                         (body, "open", "2026-04-30", "2026-06-01", rid))
        r = self.req("GET", "/v1/deadlines?as_of=2026-06-02&org_id=%s" % body,
                     token=w.so(body))
        self.assertEqual(r.status, 200, r)
        items = [i for i in r.json["items"] if i["object_id"] == new]
        self.assertEqual([(i["kind"], i["due_on"], i["overdue"], i["code"]) for i in items],
                         [("request_answer", "2026-06-01", True, "request_overdue")])
        # The receiving body answers it; then it leaves its list.
        r = self.req("POST", "%s/%s/answer" % (REQ, new),
                     {"decision": "refused", "reasons": "Art. 13.2 applies"}, w.head(body))
        self.assertEqual(r.status, 200, r)
        r = self.req("GET", "/v1/deadlines?as_of=2026-06-02&org_id=%s" % body,
                     token=w.so(body))
        self.assertEqual([i for i in r.json["items"] if i["object_id"] == new], [])

    # ---- R743 p.4.4 ------------------------------------------------------------------
    def test_permission_required_after_term(self):
        w, c = self.w, self.w.carrier()
        ex = w.org("Term LLP", permit="top_secret")
        j = w.jw_request(ex, [c], term_from="2026-03-01", term_to="2026-03-31",
                         effective_date="2026-03-01")
        jid = j["id"]
        self.assertEqual(w.jw(jid, "permission", {"decision": "granted",
                                                  "effective_date": "2026-03-02"},
                              role="head").status, 200)
        r = w.jw(jid, "agreement", {"number": "A-9", "signed_on": "2026-04-01", "annex": [c]})
        self.refused(r, "permission_required", "R743 p.4.4, p.7")
        r = w.jw(jid, "agreement", {"number": "A-9", "signed_on": "2026-03-10", "annex": [c]})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(w.jw(jid, "nsc-notice", {"sent_on": "2026-03-11"}).status, 200)
        r = w.jw(jid, "transfer", {"carrier_ids": [c], "effective_date": "2026-04-02"})
        self.refused(r, "permission_required", "R743 p.4.4, p.7")
        self.assertEqual(w.get_carrier(c)["org_id"], w.ministry)
        r = w.jw(jid, "transfer", {"carrier_ids": [c], "effective_date": "2026-03-31"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["state"], "active")

    # ---- R743 p.8 ----------------------------------------------------------------------
    def test_protection_arrangement_required(self):
        w, c = self.w, self.w.carrier()
        foreign = w.org("Foreign-owned JSC", foreign_participation=True, permit="top_secret")
        jid = w.jw_ready(foreign, [c])
        r = w.jw(jid, "transfer", {"carrier_ids": [c]})
        self.refused(r, "protection_arrangement_required", "R743 p.8")
        # Its own subdivision does not qualify.
        r = w.jw(jid, "protection", {"arrangement": "executor_own"})
        self.assertEqual(r.status, 422, r)
        r = w.jw(jid, "transfer", {"carrier_ids": [c]})
        self.refused(r, "protection_arrangement_required", "R743 p.8")
        self.assertEqual(w.get_carrier(c)["org_id"], w.ministry)
        # Allowed: the customer's subdivision protects the secrets there.
        self.assertEqual(w.jw(jid, "protection", {"arrangement": "customer"}).status, 200)
        r = w.jw(jid, "transfer", {"carrier_ids": [c]})
        self.assertEqual(r.status, 200, r)
        # An executor without foreign participation needs no arrangement.
        c2 = w.carrier()
        plain = w.org("Domestic LLP", permit="top_secret")
        jid2 = w.jw_ready(plain, [c2])
        self.assertEqual(w.jw(jid2, "transfer", {"carrier_ids": [c2]}).status, 200)

    # ---- R743 p.9 ------------------------------------------------------------------------
    def test_incident_at_executor_is_violation(self):
        w = self.w
        ex = w.org("Leaky LLP", permit="top_secret")
        c1, c2 = w.carrier(), w.carrier()
        jid = w.jw_ready(ex, [c1, c2])
        self.assertEqual(w.jw(jid, "transfer", {"carrier_ids": [c1, c2]}).status, 200)
        so = w.so(ex)

        def incident(confirmed, carriers):
            r = self.req("POST", "/v1/incidents", {"kind": "disclosure", "carrier_ids": carriers,
                                                   "person_ids": [], "description": "leak",
                                                   "confirmed": confirmed}, so)
            self.assertEqual(r.status, 201, r)
            return r.json

        def jw_get():
            return self.req("GET", "%s/%s" % (JW, jid), token=w.auditor).json

        # Not confirmed: no violation yet.
        inc = incident(False, [c1])
        self.assertEqual(jw_get()["state"], "active")
        self.assertNotIn("joint_work_violations", inc)
        # Confirmed: the joint work is suspended (one violation for two carriers).
        r = self.req("POST", "/v1/incidents/%s/confirm" % inc["id"], {}, so)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["joint_work_violations"], [jid])
        j = jw_get()
        self.assertEqual(j["state"], "suspended")
        self.assertEqual(len(j["violations"]), 1)
        self.assertEqual(j["violations"][0]["incident_id"], inc["id"])
        self.assertFalse(j.get("cancellation_raised", False))
        # A second confirmed incident raises the cancellation.
        inc2 = incident(True, [c1, c2])
        self.assertEqual(inc2["joint_work_violations"], [jid])
        j = jw_get()
        self.assertEqual(len(j["violations"]), 2)
        self.assertTrue(j["cancellation_raised"])
        # A confirmed incident on a carrier at home touches no joint work.
        home = w.carrier()
        r = self.req("POST", "/v1/incidents", {"kind": "disclosure", "carrier_ids": [home],
                                               "person_ids": [], "description": "x",
                                               "confirmed": True}, w.so(w.ministry))
        self.assertEqual(r.status, 201, r)
        self.assertNotIn("joint_work_violations", r.json)

    # ---- Art. 5, 29.1 --------------------------------------------------------------------
    def check_code(self, person, carrier, code):
        r = self.w.access(person, carrier)
        return [c["passed"] for c in r["checks"] if c["code"] == code][0]

    def issue(self, carrier, person, date):
        so = self.w.so(self.w.ministry)
        return self.req("POST", "/v1/carriers/%s/issue" % carrier,
                        {"person_id": person, "copy_number": 1, "effective_date": date}, so)

    def back(self, carrier, person):
        r = self.req("POST", "/v1/carriers/%s/return" % carrier,
                     {"person_id": person, "copy_number": 1}, self.w.so(self.w.ministry))
        self.assertEqual(r.status, 200, r)

    def test_clearance_inactive_after_emergency_period(self):
        w = self.w
        org = w.ministry
        so, head = w.so(org), w.head(org)
        r = self.req("POST", "/v1/emergency", {
            "kind": "emergency", "decree_ref": "Decree No. 5", "from": "2026-05-01",
            "until": "2026-05-20", "relaxations": ["verification_pending"], "org_ids": [org]},
            w.ab)
        self.assertEqual(r.status, 201, r)
        mode = r.json["id"]
        p = w.person(org)
        cid = self.req("POST", "/v1/persons/%s/clearances" % p,
                       {"form": "top_secret", "effective_date": "2026-05-05"}, so).json["id"]
        four = {k: v for k, v in prerequisites("2026-05-05").items()
                if k not in ("verification", "verified_on")}
        self.assertEqual(self.req("POST", "/v1/clearances/%s/prerequisites" % cid, four,
                                  so).status, 200)
        r = self.req("POST", "/v1/clearances/%s/decision" % cid,
                     {"decision": "grant", "contract_number": "E-1",
                      "effective_date": "2026-05-10"}, head)
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.json["verification_pending"])
        c = w.carrier()
        self.assertEqual(self.req("POST", "/v1/grants", {
            "person_id": p, "carrier_id": c, "until": "2026-12-31",
            "effective_date": "2026-05-01"}, head).status, 201)
        # Today (after the period) the clearance no longer counts as active.
        self.assertFalse(self.check_code(p, c, "clearance_inactive"))
        r = self.issue(c, p, "2026-05-21")
        self.assertError(r, 422, "clearance_inactive", article="29.1, 31")
        # Through the period's last day it does.
        r = self.issue(c, p, "2026-05-20")
        self.assertEqual(r.status, 200, r)
        self.back(c, p)
        # The deadlines list shows it from the period's end.
        r = self.req("GET", "/v1/deadlines?as_of=2026-06-01&org_id=%s" % org, token=so)
        items = [i for i in r.json["items"] if i["object_id"] == cid]
        self.assertEqual([(i["kind"], i["due_on"], i["overdue"]) for i in items],
                         [("clearance_termination", "2026-05-20", True)])
        # An early end of the period counts from its new last day.
        r = self.req("POST", "/v1/emergency/%s/end" % mode, {"effective_date": "2026-05-15"},
                     w.ab)
        self.assertEqual(r.status, 200, r)
        self.assertError(self.issue(c, p, "2026-05-16"), 422, "clearance_inactive")
        r = self.req("GET", "/v1/deadlines?as_of=2026-06-01&org_id=%s" % org, token=so)
        self.assertEqual([i["due_on"] for i in r.json["items"] if i["object_id"] == cid],
                         ["2026-05-15"])
        # The verification comes in: active again, off the list.
        r = self.req("POST", "/v1/clearances/%s/prerequisites" % cid,
                     {"verification": "passed", "verified_on": "2026-05-30"}, so)
        self.assertEqual(r.status, 200, r)
        self.assertTrue(self.check_code(p, c, "clearance_inactive"))
        r = self.req("GET", "/v1/deadlines?as_of=2026-06-01&org_id=%s" % org, token=so)
        self.assertEqual([i for i in r.json["items"] if i["object_id"] == cid], [])

    # ---- SPEC §3: as they stood on the act's effective_date ------------------------------
    def cleared(self, person, date):
        w = self.w
        so, head = w.so(w.ministry), w.head(w.ministry)
        cid = self.req("POST", "/v1/persons/%s/clearances" % person,
                       {"form": "top_secret", "effective_date": date}, so).json["id"]
        self.assertEqual(self.req("POST", "/v1/clearances/%s/prerequisites" % cid,
                                  prerequisites(date), so).status, 200)
        r = self.req("POST", "/v1/clearances/%s/decision" % cid,
                     {"decision": "grant", "contract_number": "C-%s" % person,
                      "effective_date": date}, head)
        self.assertEqual(r.status, 200, r)
        return cid

    def test_org_permit_missing_as_of_effective_date(self):
        w = self.w
        org = w.ministry
        so, nsc = w.so(org), w.nsc
        p = w.person(org)
        self.cleared(p, "2026-04-01")
        c = w.carrier()
        self.assertEqual(self.req("POST", "/v1/grants", {
            "person_id": p, "carrier_id": c, "until": "2026-12-31",
            "effective_date": "2026-05-01"}, w.head(org)).status, 201)
        permit = w.permits_of(org)[0]
        self.assertEqual(self.req("POST", "/v1/permits/%s/suspend" % permit,
                                  {"effective_date": "2026-05-15"}, nsc).status, 200)
        try:
            self.assertEqual(self.req("POST", "/v1/permits/%s/resume" % permit,
                                      {"effective_date": "2026-05-25"}, nsc).status, 200)

            def register(date):
                return self.req("POST", "/v1/carriers", {
                    "org_id": org, "account_number": "AS-OF-%s" % date, "kind": "paper",
                    "title": "Report", "label": "top_secret",
                    "information_ids": [w.info["top_secret"]], "copies": 1, "sheets": 1,
                    "effective_date": date}, so)
            # Suspended from 2026-05-15 to 2026-05-25: refused on a date between.
            self.assertError(register("2026-05-20"), 422, "org_permit_missing", article="34")
            self.assertError(self.issue(c, p, "2026-05-20"), 422, "org_permit_missing")
            # Allowed before the suspension and after the resumption.
            self.assertEqual(register("2026-05-10").status, 201)
            self.assertEqual(register("2026-05-26").status, 201)
            r = self.issue(c, p, "2026-05-10")
            self.assertEqual(r.status, 200, r)
            self.back(c, p)
            self.assertTrue(self.check_code(p, c, "org_permit_missing"))
        finally:
            self.req("POST", "/v1/permits/%s/resume" % permit, {}, nsc)

    def test_clearance_inactive_as_of_effective_date(self):
        w = self.w
        org = w.ministry
        so, head = w.so(org), w.head(org)
        p = w.person(org)
        cid = self.req("POST", "/v1/persons/%s/clearances" % p,
                       {"form": "top_secret", "effective_date": "2026-05-01"}, so).json["id"]
        self.assertEqual(self.req("POST", "/v1/clearances/%s/prerequisites" % cid,
                                  prerequisites("2026-05-01"), so).status, 200)
        r = self.req("POST", "/v1/clearances/%s/decision" % cid,
                     {"decision": "grant", "contract_number": "AS-1",
                      "effective_date": "2026-05-20"}, head)
        self.assertEqual(r.status, 200, r)
        c = w.carrier()
        self.assertEqual(self.req("POST", "/v1/grants", {
            "person_id": p, "carrier_id": c, "until": "2026-12-31",
            "effective_date": "2026-05-01"}, head).status, 201)
        # On 2026-05-15 the clearance was not yet granted.
        self.assertError(self.issue(c, p, "2026-05-15"), 422, "clearance_inactive")
        r = self.issue(c, p, "2026-05-20")
        self.assertEqual(r.status, 200, r)
        self.back(c, p)
        self.assertTrue(self.check_code(p, c, "clearance_inactive"))


if __name__ == "__main__":
    unittest.main()
