"""test_clearances.py - the clearance of a person over HTTP (SPEC.md §3
"Clearances"; Art. 5, 29-31, 33.3).

One test per rule code, named after it, with the allowed and the refused
case: prerequisites_missing (with the order of steps), refusal_ground (the
three-year window of the corruption penalty on both sides), foreigner_needs_
treaty (foreign and stateless, with and without a treaty),
readmission_too_early (the five-year window on both sides, and none after
dismissal). Then: re-registration, termination refusing a read that was
allowed before, employment changes, grounds flagging an active clearance for
termination, the person's view, and the emergency mode of Art. 5.
"""
import unittest

from carrier_world import TODAY, CarrierWorld
from qupiya_test import (PREREQS_ON, ServerTest, World, audit_entries, make_ident,
                         prerequisites)

_n = iter(range(810000, 899999))


class ClearanceTest(ServerTest):
    clock = TODAY   # 2025-06-01

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.a = CarrierWorld(cls.srv, 41, permit="top_secret")
        cls.w = cls.a.w
        cls.so = cls.a.so
        cls.head = cls.a.head
        cls.other = World(cls.srv, 42)

    # ---- helpers -----------------------------------------------------------

    def person(self, citizenship="KZ", org=None, token=None):
        k = next(_n)
        body = {"full_name": "Person %d" % k, "citizenship": citizenship,
                "org_id": org or self.a.org, "position": "engineer"}
        if citizenship == "KZ":
            body["iin"] = make_ident(k)
        else:
            body["passport"] = "N%08d" % k
        r = self.req("POST", "/v1/persons", body, token or self.so)
        self.assertEqual(r.status, 201, r)
        return r.json["id"]

    def register(self, person, form="top_secret", **kw):
        body = {"form": form}
        body.update(kw)
        r = self.req("POST", "/v1/persons/%s/clearances" % person, body, self.so)
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["state"], "registering")
        return r.json["id"]

    def prereqs(self, cid, body, status=200):
        r = self.req("POST", "/v1/clearances/%s/prerequisites" % cid, body, self.so)
        self.assertEqual(r.status, status, r)
        return r

    def decide(self, cid, decision="grant", **kw):
        body = {"decision": decision}
        body.update(kw)
        return self.req("POST", "/v1/clearances/%s/decision" % cid, body, self.head)

    def granted(self, cid, **kw):
        r = self.decide(cid, **kw)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["state"], "active")
        return r.json

    def terminate(self, cid, reason, **kw):
        body = {"reason": reason}
        body.update(kw)
        r = self.req("POST", "/v1/clearances/%s/terminate" % cid, body, self.head)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["state"], "terminated")
        return r.json

    def clearance(self, cid):
        r = self.req("GET", "/v1/clearances/%s" % cid, token=self.so)
        self.assertEqual(r.status, 200, r)
        return r.json

    def ground(self, person, ground, noted_on, status=201, **kw):
        body = {"ground": ground, "noted_on": noted_on}
        body.update(kw)
        r = self.req("POST", "/v1/persons/%s/grounds" % person, body, self.so)
        self.assertEqual(r.status, status, r)
        return r.json

    def failed_checks(self, person, carrier):
        r = self.req("GET", "/v1/access/check?person_id=%s&carrier_id=%s" % (person, carrier),
                     token=self.so)
        self.assertEqual(r.status, 200, r)
        return [c["code"] for c in r.json["checks"] if not c["passed"]]

    # ---- prerequisites_missing (Art. 29.1) ----------------------------------

    def test_prerequisites_missing(self):
        p = self.person()
        cid = self.register(p)
        # Nothing recorded: refused, naming the first missing step.
        r = self.decide(cid)
        self.assertError(r, 422, "prerequisites_missing", article="29.1",
                         field="commitment_on")
        # Each of the five in turn is missing.
        full = prerequisites("2025-05-10")
        for missing in ["commitment_on", "consent_restrictions_on", "consent_verification_on",
                        "familiarized_on", "verification"]:
            with self.subTest(missing=missing):
                q = self.person()
                c = self.register(q)
                body = {k: v for k, v in full.items()
                        if k != missing and not (missing == "verification" and k == "verified_on")}
                if missing == "consent_verification_on":
                    # A verification needs the consent to it first.
                    r = self.prereqs(c, body, status=422)
                    self.assertError(r, 422, "prerequisites_missing", article="29.1",
                                     field="consent_verification_on")
                    body.pop("verification")
                    body.pop("verified_on")
                    self.prereqs(c, body)
                else:
                    self.prereqs(c, body)
                r = self.decide(c)
                self.assertError(r, 422, "prerequisites_missing", article="29.1")
                self.assertEqual(self.clearance(c)["state"], "registering")
        # A failed or an evaded verification refuses.
        for result in ["failed", "evaded"]:
            with self.subTest(verification=result):
                q = self.person()
                c = self.register(q)
                self.prereqs(c, prerequisites("2025-05-10", verification=result))
                self.assertError(self.decide(c), 422, "prerequisites_missing",
                                 field="verification")
        # Order of steps (SPEC.md §5): a decision dated before a step.
        self.prereqs(cid, prerequisites("2025-05-10"))
        r = self.decide(cid, effective_date="2025-05-09")
        self.assertError(r, 422, "prerequisites_missing", article="29.1")
        # A verification dated before the consent to it.
        q = self.person()
        c = self.register(q)
        body = prerequisites("2025-05-10")
        body["verified_on"] = "2025-05-09"
        self.assertError(self.prereqs(c, body, status=422), 422, "prerequisites_missing",
                         field="consent_verification_on")
        # A prerequisite dated in the future is malformed.
        self.assertError(self.prereqs(c, {"commitment_on": "2025-06-02"}, status=400), 400,
                         "date_in_future", field="commitment_on")
        # Allowed: every step, then the decision (same day as the last step).
        j = self.granted(cid, effective_date="2025-05-10", contract_number="K-7",
                         restriction_until="2030-01-01")
        self.assertEqual(j["decision"]["contract_number"], "K-7")
        self.assertEqual(j["restriction_until"], "2030-01-01")
        self.assertEqual(j["prerequisites"]["verification"], "passed")
        # After the decision the prerequisites are closed.
        self.prereqs(cid, {"commitment_on": "2025-05-10"}, status=409)
        # Roles and organizations.
        r = self.req("POST", "/v1/clearances/%s/decision" % cid, {"decision": "grant"}, self.so)
        self.assertError(r, 403, "forbidden_role")
        r = self.req("POST", "/v1/persons/%s/clearances" % p, {"form": "confidential"},
                     self.other.t("security_officer"))
        self.assertError(r, 403, "forbidden_org")
        # The refusal is in the audit log with its code.
        entries = audit_entries(self.srv, self.a.auditor)
        self.assertTrue(any(x.get("code") == "prerequisites_missing" for x in entries))

    def test_refuse_decision(self):
        p = self.person()
        cid = self.register(p)
        r = self.decide(cid, "refuse")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["state"], "refused")
        self.assertError(self.decide(cid), 409, "invalid_state")

    # ---- refusal_ground (Art. 30.1) --------------------------------------------

    def test_refusal_ground(self):
        # A conviction refuses; lifted, it no longer does.
        p = self.person()
        g = self.ground(p, "intentional_crime_conviction", "2019-03-01", details="court 12/3")
        self.assertEqual(g["ground"], "intentional_crime_conviction")
        cid = self.w.clear(p, "top_secret", decision=None)
        self.assertError(self.decide(cid), 422, "refusal_ground", article="30.1")
        r = self.req("POST", "/v1/grounds/%s/lift" % g["id"], {"effective_date": "2025-05-01"},
                     self.so)
        self.assertEqual(r.status, 200, r)
        self.granted(cid)
        # The corruption administrative penalty counts only within three
        # years before the registration (registered 2025-06-01).
        for noted_on, refused in [("2022-06-01", True),    # exactly three years: counts
                                  ("2022-05-31", False),   # a day more: does not
                                  ("2024-01-15", True),
                                  ("2020-01-15", False)]:
            with self.subTest(noted_on=noted_on):
                q = self.person()
                self.ground(q, "corruption_admin_penalty", noted_on)
                c = self.w.clear(q, "confidential", decision=None)
                r = self.decide(c)
                if refused:
                    self.assertError(r, 422, "refusal_ground", article="30.1")
                else:
                    self.assertEqual(r.status, 200, r)
        # The exception of Art. 30.1 (first penalty for hiring without an
        # asset declaration) refuses nothing.
        q = self.person()
        self.ground(q, "corruption_admin_penalty", "2025-01-10", exception=True)
        self.granted(self.w.clear(q, "confidential", decision=None))
        self.ground(q, "residence_abroad", "2025-01-10", exception=True, status=400)
        # Every ground of API.md is accepted; an unknown one is malformed.
        for name in ["incapacity", "intentional_crime_conviction", "medical_contraindication",
                     "residence_abroad", "verification_threat", "restrictions_breached",
                     "corruption_admin_penalty", "corruption_offense", "grave_crime_record",
                     "criminal_group", "verification_evasion", "false_information"]:
            with self.subTest(ground=name):
                q = self.person()
                self.ground(q, name, "2025-02-01")
                self.assertError(self.decide(self.w.clear(q, "confidential", decision=None)),
                                 422, "refusal_ground")
        self.ground(p, "bad_luck", "2025-02-01", status=400)
        self.ground(p, "incapacity", "2025-06-02", status=400)

    def test_ground_flags_active_clearance(self):
        p = self.person()
        cid = self.w.clear(p, "top_secret")
        self.assertIsNone(self.clearance(cid)["termination_due_on"])
        g = self.ground(p, "medical_contraindication", "2025-05-20")
        self.assertEqual(g["flagged_clearances"], [cid])
        c = self.clearance(cid)
        self.assertEqual(c["state"], "active")
        self.assertEqual(c["termination_due_on"], "2025-05-20")
        self.assertEqual(c["termination_due"]["article"], "31.1")
        self.assertEqual(c["termination_due"]["reason"], "ground")
        c = self.terminate(cid, "ground")
        self.assertIsNone(c["termination_due_on"])
        self.assertEqual(c["termination"]["reason"], "ground")
        self.assertEqual(c["non_disclosure"], "continues")
        # Terminate is the head's, from active only.
        self.assertError(self.req("POST", "/v1/clearances/%s/terminate" % cid,
                                  {"reason": "ground"}, self.head), 409, "invalid_state")
        self.assertError(self.req("POST", "/v1/clearances/%s/terminate" % cid,
                                  {"reason": "whim"}, self.head), 400, "invalid_value",
                         field="reason")

    # ---- foreigner_needs_treaty (Art. 29.4) -------------------------------------

    def test_foreigner_needs_treaty(self):
        for citizenship in ["foreign", "stateless"]:
            with self.subTest(citizenship=citizenship):
                p = self.person(citizenship)
                r = self.req("POST", "/v1/persons/%s/clearances" % p, {"form": "confidential"},
                             self.so)
                self.assertError(r, 422, "foreigner_needs_treaty", article="29.4",
                                 field="treaty_ref")
                cid = self.w.clear(p, "confidential", treaty_ref="Agreement KZ-XX 2019/7")
                c = self.clearance(cid)
                self.assertEqual(c["state"], "active")
                self.assertEqual(c["treaty_ref"], "Agreement KZ-XX 2019/7")
        # A citizen needs none.
        p = self.person("KZ")
        self.assertEqual(self.clearance(self.w.clear(p, "confidential"))["state"], "active")

    # ---- readmission_too_early (Art. 31.1) ---------------------------------------

    def old_clearance(self, person, reason, terminated_on):
        cid = self.w.clear(person, "top_secret", decision=None)
        self.granted(cid, effective_date="2015-02-01")
        self.terminate(cid, reason, effective_date=terminated_on)
        return cid

    def test_readmission_too_early(self):
        # Terminated for a violation on 2020-06-01: from 2025-06-01 only.
        p = self.person()
        self.old_clearance(p, "violation", "2020-06-01")
        c = self.w.clear(p, "top_secret", decision=None)
        r = self.decide(c, effective_date="2025-05-31")
        self.assertError(r, 422, "readmission_too_early", article="31.1")
        self.granted(c, effective_date="2025-06-01")
        # Terminated for a ground a year ago: refused today.
        q = self.person()
        self.old_clearance(q, "ground", "2024-06-01")
        self.assertError(self.decide(self.w.clear(q, "confidential", decision=None)), 422,
                         "readmission_too_early")
        # Dismissal, contract end and transfer do not make the person wait.
        for reason in ["dismissal", "contract_end", "transfer"]:
            with self.subTest(reason=reason):
                s = self.person()
                self.old_clearance(s, reason, "2025-05-30")
                self.granted(self.w.clear(s, "confidential", decision=None))
        # Nor does a dismissal recorded as an employment event.
        s = self.person()
        cid = self.w.clear(s, "top_secret")
        r = self.req("POST", "/v1/persons/%s/employment" % s, {"event": "dismissal"}, self.so)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["terminated_clearances"], [cid])
        self.granted(self.w.clear(s, "top_secret", decision=None))

    # ---- re-registration, termination and access ------------------------------

    def test_reregistration(self):
        a = self.a
        car = a.carrier("top_secret")["id"]
        p = self.person()
        a.grant(p, carrier=car)
        low = self.w.clear(p, "confidential")
        self.assertEqual(self.failed_checks(p, car), ["clearance_insufficient"])
        high = self.w.clear(p, "top_secret", decision=None)
        # While the new form is registered, the old one stays in force.
        self.assertEqual(self.clearance(low)["state"], "active")
        j = self.granted(high)
        self.assertEqual(j["replaces"], [low])
        old = self.clearance(low)
        self.assertEqual(old["state"], "terminated")
        self.assertEqual(old["termination"]["reason"], "reregistered")
        self.assertEqual(self.failed_checks(p, car), [])
        # Back to a lower form: the top_secret carrier is out of reach again.
        self.granted(self.w.clear(p, "confidential", decision=None))
        self.assertEqual(self.failed_checks(p, car), ["clearance_insufficient"])

    def test_termination_refuses_read(self):
        a = self.a
        car = a.carrier("top_secret")["id"]
        p = a.cleared("top_secret", carrier=car)
        cid = self.req("GET", "/v1/persons/%s" % p, token=self.so).json["clearances"][-1]["id"]
        self.assertEqual(self.failed_checks(p, car), [])
        r = self.req("POST", "/v1/carriers/%s/issue" % car, {"person_id": p, "copy_number": 1},
                     self.so)
        self.assertEqual(r.status, 200, r)
        r = self.req("POST", "/v1/carriers/%s/return" % car, {"person_id": p, "copy_number": 1},
                     self.so)
        self.assertEqual(r.status, 200, r)
        self.terminate(cid, "violation")
        self.assertEqual(self.failed_checks(p, car), ["clearance_inactive"])
        r = self.req("POST", "/v1/carriers/%s/issue" % car, {"person_id": p, "copy_number": 1},
                     self.so)
        self.assertError(r, 422, "clearance_inactive")

    def test_employment(self):
        for event, state in [("dismissal", "dismissed"), ("contract_end", "contract_ended"),
                             ("transfer", "employed")]:
            with self.subTest(event=event):
                p = self.person()
                cid = self.w.clear(p, "top_secret", restriction_until="2029-12-31")
                pending = self.w.clear(p, "special_importance", decision=None)
                body = {"event": event}
                if event == "transfer":
                    body["position"] = "driver"
                r = self.req("POST", "/v1/persons/%s/employment" % p, body, self.so)
                self.assertEqual(r.status, 200, r)
                self.assertEqual(r.json["employment_state"], state)
                c = self.clearance(cid)
                self.assertEqual(c["state"], "terminated")
                self.assertEqual(c["termination"]["reason"], event)
                # Art. 31.3: the obligations and the restriction period stay.
                self.assertEqual(c["non_disclosure"], "continues")
                self.assertEqual(c["restriction_until"], "2029-12-31")
                self.assertEqual(self.clearance(pending)["state"], "refused")
        r = self.req("POST", "/v1/persons/%s/employment" % p, {"event": "promotion"}, self.so)
        self.assertError(r, 400, "invalid_value", field="event")

    def test_person_view(self):
        p = self.person()
        cid = self.w.clear(p, "confidential")
        self.ground(p, "residence_abroad", "2025-05-01")
        r = self.req("GET", "/v1/persons/%s" % p, token=self.head)
        self.assertEqual(r.status, 200, r)
        self.assertEqual([c["id"] for c in r.json["clearances"]], [cid])
        self.assertEqual([g["ground"] for g in r.json["grounds"]], ["residence_abroad"])
        self.assertEqual(r.json["violations"], [])
        r = self.req("GET", "/v1/persons/%s/clearances" % p, token=self.head)
        self.assertEqual([c["id"] for c in r.json["items"]], [cid])

    # ---- Art. 5: emergency or martial law ----------------------------------------

    def test_emergency_mode(self):
        ab = self.w.t("authorized_body")
        body = {"kind": "martial_law", "decree_ref": "Decree of the President No. 1",
                "from": "2025-05-01", "until": "2025-05-31",
                "relaxations": ["verification_pending"], "org_ids": [self.a.org]}
        self.assertError(self.req("POST", "/v1/emergency", body, self.head), 403,
                         "forbidden_role")
        bad = dict(body, relaxations=["no_commitment"])
        self.assertError(self.req("POST", "/v1/emergency", bad, ab), 400, "invalid_value",
                         field="relaxations")
        r = self.req("POST", "/v1/emergency", body, ab)
        self.assertEqual(r.status, 201, r)
        mode = r.json["id"]
        # Inside the period: the verification may follow the decision.
        p = self.person()
        cid = self.register(p, effective_date="2025-05-10")
        body4 = {k: v for k, v in prerequisites("2025-05-10").items()
                 if k not in ("verification", "verified_on")}
        self.prereqs(cid, body4)
        j = self.granted(cid, effective_date="2025-05-15")
        self.assertEqual(j["decision"]["emergency"]["id"], mode)
        self.assertEqual(j["decision"]["emergency"]["relaxed"], ["verification_pending"])
        self.assertEqual(j["decision"]["emergency"]["verification_due_on"], "2025-05-31")
        entries = audit_entries(self.srv, self.a.auditor)
        dec = [x for x in entries if x.get("action") == "clearance.decision"
               and x.get("object") == cid]
        self.assertTrue(dec and "verification_pending" in str(dec[-1]), dec)
        self.assertTrue(any(x.get("action") == "emergency.declare" for x in entries))
        # Nothing else is relaxed: the commitment is still required.
        q = self.person()
        c2 = self.register(q, effective_date="2025-05-10")
        self.prereqs(c2, {k: v for k, v in body4.items() if k != "commitment_on"})
        self.assertError(self.decide(c2, effective_date="2025-05-15"), 422,
                         "prerequisites_missing", field="commitment_on")
        # Outside the period (today): refused as usual.
        s = self.person()
        c3 = self.register(s)
        self.prereqs(c3, body4)
        self.assertError(self.decide(c3), 422, "prerequisites_missing", field="verification")
        # Not in another organization.
        o = self.other
        op = self.person(org=o.org, token=o.t("security_officer"))
        r = self.req("POST", "/v1/persons/%s/clearances" % op,
                     {"form": "confidential", "effective_date": "2025-05-10"},
                     o.t("security_officer"))
        oc = r.json["id"]
        r = self.req("POST", "/v1/clearances/%s/prerequisites" % oc, body4,
                     o.t("security_officer"))
        self.assertEqual(r.status, 200, r)
        r = self.req("POST", "/v1/clearances/%s/decision" % oc,
                     {"decision": "grant", "effective_date": "2025-05-15"}, o.t("head"))
        self.assertError(r, 422, "prerequisites_missing")
        # The verification follows; a failed one flags the clearance.
        r = self.prereqs(cid, {"verification": "failed", "verified_on": "2025-05-20"})
        c = self.clearance(cid)
        self.assertFalse(c["verification_pending"])
        self.assertEqual(c["termination_due_on"], "2025-05-20")
        # Only the verification may follow.
        self.prereqs(cid, {"commitment_on": "2025-05-10"}, status=409)
        r = self.req("GET", "/v1/emergency", token=self.so)
        self.assertEqual([m["id"] for m in r.json["items"]], [mode])


if __name__ == "__main__":
    unittest.main()
