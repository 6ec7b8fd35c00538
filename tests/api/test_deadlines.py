"""test_deadlines.py - declassification requests (Art. 24, request_overdue)
and the deadlines list (SPEC.md §5) over HTTP: every kind of API.md with
its due date, the Civil Code's month arithmetic at month ends and on days
off, items leaving the list when done, any date past or future, scope, and
the `qupiya deadlines` report in its three formats.
"""
import csv
import io
import json
import unittest

from declass_world import TODAY, DeclassWorld
from qupiya_test import ServerTest, db_connect, run_cli


class Deadlines(ServerTest):
    clock = TODAY
    _n = 0

    def world(self, **kw):
        Deadlines._n += 1
        return DeclassWorld(self.srv, 30 + Deadlines._n, **kw)

    def request(self, w, received_on, token=None, **kw):
        body = {"org_id": w.org, "requester": "Citizen A.", "subject": "Archive file 7",
                "received_on": received_on}
        body.update(kw)
        return self.req("POST", "/v1/declassification-requests", body, token or w.so)

    # ---- request_overdue (Art. 24.2) ----------------------------------------

    def test_request_overdue(self):
        w = self.world()
        r = self.request(w, "2025-05-02")
        self.assertEqual(r.status, 201, r)
        rid = r.json["id"]
        self.assertEqual(r.json["due_on"], "2025-06-02")
        self.assertEqual(r.json["state"], "open")
        items = w.due(rid)
        self.assertEqual([(i["kind"], i["code"], i["article"], i["overdue"]) for i in items],
                         [("request_answer", "request_overdue", "24.2", False)])
        self.assertTrue(w.due(rid, as_of="2025-06-03")[0]["overdue"])
        # the answer gives reasons: without them it is refused by the rule
        url = "/v1/declassification-requests/%s/answer" % rid
        r = self.req("POST", url, {"decision": "refused"}, w.head)
        self.assertError(r, 422, "request_overdue", "reasons", "24.2")
        r = self.req("POST", url, {"decision": "refused", "reasons": ""}, w.head)
        self.assertIn(r.status, (400, 422), r)
        r = self.req("POST", url, {"decision": "maybe", "reasons": "x"}, w.head)
        self.assertError(r, 400, "invalid_value", "decision")
        r = self.req("POST", url, {"decision": "refused", "reasons": "Art. 12.3 applies"}, w.so)
        self.assertError(r, 403, "forbidden_role")
        r = self.req("POST", url, {"decision": "refused", "reasons": "Art. 12.3 applies"}, w.head)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["state"], "answered")
        self.assertEqual(r.json["answer"]["decision"], "refused")
        self.assertFalse(r.json["late"])
        self.assertEqual(w.due(rid), [])
        r = self.req("POST", url, {"decision": "declassified", "reasons": "again"}, w.head)
        self.assertError(r, 409, "invalid_state")

    def test_request_overdue_forward(self):
        w = self.world()
        other = self.world()
        rid = self.request(w, "2025-04-10").json["id"]
        url = "/v1/declassification-requests/%s/forward" % rid
        r = self.req("POST", url, {"to_org_id": other.org}, w.so)
        self.assertError(r, 422, "request_overdue", "notice_sent_on", "24.2")
        r = self.req("POST", url, {"to_org_id": "org_none", "notice_sent_on": "2025-05-30"}, w.so)
        self.assertError(r, 404, field="to_org_id")
        r = self.req("POST", url, {"to_org_id": other.org, "notice_sent_on": "2025-04-01"}, w.so)
        self.assertError(r, 409, "invalid_state")
        r = self.req("POST", url, {"to_org_id": other.org, "notice_sent_on": "2025-05-30"}, w.so)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["state"], "forwarded")
        self.assertTrue(r.json["late"])      # due 2025-05-12: accepted, recorded late
        self.assertEqual(w.due(rid), [])

    def test_request_scope_and_input(self):
        w = self.world()
        other = self.world()
        self.assertError(self.request(w, "2025-05-02", token=other.so), 403, "forbidden_org")
        self.assertError(self.request(w, "2025-06-03"), 400, "date_in_future", "received_on")
        self.assertError(self.request(w, "2025-02-30"), 400, "invalid_date", "received_on")
        r = self.req("POST", "/v1/declassification-requests",
                     {"org_id": w.org, "requester": "A", "received_on": "2025-05-02"}, w.so)
        self.assertError(r, 400, "missing_field", "subject")
        rid = self.request(w, "2025-05-02").json["id"]
        r = self.req("GET", "/v1/declassification-requests/%s" % rid, token=other.so)
        self.assertError(r, 403, "forbidden_org")
        r = self.req("GET", "/v1/declassification-requests", token=w.so)
        self.assertIn(rid, [x["id"] for x in r.json["items"]])

    # ---- month arithmetic (SPEC §5, Civil Code) ------------------------------

    def test_month_ends_and_days_off(self):
        w = self.world()
        cases = [
            ("2025-01-31", "2025-02-28"),   # 31 January + 1 month: last day of February
            ("2024-01-31", "2024-02-29"),   # leap year
            ("2024-03-31", "2024-04-30"),   # a 30-day month
            ("2025-05-07", "2025-06-09"),   # 7 June is a Saturday: next working day
            ("2025-05-06", "2025-06-09"),   # 6 June 2025 is Kurban ait (a holiday)
            ("2024-12-31", "2025-01-31"),   # across the year
        ]
        for received, due in cases:
            r = self.request(w, received)
            self.assertEqual(r.status, 201, r)
            self.assertEqual(r.json["due_on"], due, received)
        # the preliminary proposal (Art. 20.2) counts the same way
        p = w.preliminary("2025-01-31")
        self.assertEqual(w.due(p)[0]["due_on"], "2025-02-28")

    # ---- list review (Art. 22.2) ---------------------------------------------

    def test_list_review_due_five_years(self):
        w = self.world()
        items = w.due(w.list)
        self.assertEqual(len(items), 1, items)
        self.assertEqual(items[0]["kind"], "list_review")
        self.assertEqual(items[0]["due_on"], "2029-03-15")   # approved 2024-03-15
        self.assertEqual(items[0]["code"], "list_review_due")
        self.assertEqual(items[0]["article"], "22.2")
        self.assertFalse(items[0]["overdue"])
        self.assertFalse(w.due(w.list, as_of="2029-03-15")[0]["overdue"])
        self.assertTrue(w.due(w.list, as_of="2029-03-16")[0]["overdue"])
        r = self.req("POST", "/v1/lists/%s/review" % w.list, {}, w.head)
        self.assertEqual(r.status, 200, r)
        # list_review_due (Art. 22.2; issue 10 item 8): reviewed on
        # 2025-06-02, five years on is Sunday 2030-06-02: the due day moves
        # to the next working day (SPEC §5), at the review and in this list.
        self.assertEqual(r.json["next_review_on"], "2030-06-03")
        self.assertEqual(w.due(w.list)[0]["due_on"], "2030-06-03")

    # ---- preliminary classification (Art. 20.2) ------------------------------

    def test_preliminary_leaves_when_done(self):
        w = self.world()
        p = w.preliminary("2025-05-20")
        self.assertEqual([(i["kind"], i["due_on"], i["code"]) for i in w.due(p)],
                         [("preliminary_proposal", "2025-06-20", "preliminary_overdue")])
        r = self.req("POST", "/v1/information/%s/proposal" % p, {"effective_date": "2025-05-31"},
                     w.so)
        self.assertEqual(r.status, 200, r)
        self.assertEqual([(i["kind"], i["due_on"]) for i in w.due(p)],
                         # 31 Aug is a Sunday, 1 Sep the day off for Constitution Day
                         [("preliminary_decision", "2025-09-02")])
        r = self.req("POST", "/v1/information/%s/preliminary-decision" % p,
                     {"decision": "add_to_list", "list_item_id": w.items["2"]}, w.head)
        self.assertEqual(r.status, 200, r)
        # now classified until 2045: not due, so off the list
        self.assertEqual(w.due(p), [])

    # ---- declassification due (Art. 23.1) ------------------------------------

    def test_declassification_due_any_date(self):
        w = self.world()
        info = w.info(classified_on="2024-05-01", declassify_on="2025-05-01")
        car = w.carrier("top_secret", [info])
        for oid, kind in ((info, "information"), (car, "carrier")):
            self.assertEqual(w.due(oid, as_of="2025-04-30"), [])
            at = w.due(oid, as_of="2025-05-01")
            self.assertEqual(len(at), 1, at)
            self.assertFalse(at[0]["overdue"])
            self.assertEqual(at[0]["object_kind"], kind)
            self.assertEqual(at[0]["code"], "declassification_due")
            self.assertEqual(at[0]["article"], "23.1")
            self.assertTrue(w.due(oid)[0]["overdue"])
            self.assertTrue(w.due(oid, as_of="2031-01-01")[0]["overdue"])
            # look-ahead
            self.assertEqual(len(w.due(oid, as_of="2025-04-20", within=11)), 1)
        # done: the carrier extended, the information declassified
        r = self.req("POST", "/v1/carriers/%s/extend" % car,
                     {"declassify_on": "2030-01-01", "expert_conclusion_ref": "EC-9"}, w.head)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(w.due(car), [])
        self.assertEqual(len(w.due(car, as_of="2030-01-01")), 1)
        r = self.req("POST", "/v1/information/%s/declassify" % info, {"ground": "term_expired"},
                     w.head)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(w.due(info), [])
        # and its carrier is now owed a decision (nothing classified remains)
        items = w.due(car)
        self.assertEqual(len(items), 1, items)
        self.assertEqual(items[0]["reason"], "information_declassified")

    # ---- certificates (Art. 35), joint works, clearances -----------------------

    def test_certificate_expiry(self):
        w = self.world()
        body = {"means": "Crypto gateway K", "number": "C-1", "degree": "top_secret",
                "valid_until": "2025-09-30"}
        r = self.req("POST", "/v1/orgs/%s/certificates" % w.org, body, w.head)
        self.assertError(r, 403, "forbidden_role")
        r = self.req("POST", "/v1/orgs/%s/certificates" % w.org, body, w.so)
        self.assertEqual(r.status, 201, r)
        c1 = r.json["id"]
        self.assertError(self.req("POST", "/v1/orgs/%s/certificates" % w.org, body, w.so), 409,
                         "duplicate")
        items = w.due(c1)
        self.assertEqual([(i["kind"], i["due_on"], i["article"]) for i in items],
                         [("certificate_expiry", "2025-09-30", "35")])
        body.update(number="C-2", valid_until="2028-09-30")
        c2 = self.req("POST", "/v1/orgs/%s/certificates" % w.org, body, w.so).json["id"]
        self.assertEqual(w.due(c1), [])          # superseded by the renewal
        self.assertEqual(len(w.due(c2)), 1)

    def test_joint_work_and_clearance_records(self):
        """Records of the joint-work and clearance workflows (built by their
        own endpoints) are read as they land: written here directly."""
        w = self.world()
        db = db_connect(self.srv)
        # the organization and the person they name (foreign keys since
        # 0027_org_fks, which PostgreSQL enforces on these direct writes)
        db.execute("INSERT INTO organization(id, seq, version, name, kind,"
                   " foreign_participation, state, registered_on) VALUES ('org_elsewhere',"
                   " 900000003, 1, 'Elsewhere', 'organization', 0, 'active', '2025-01-01')")
        db.execute("INSERT INTO person(id, seq, version, org_id, full_name, citizenship,"
                   " position, employment_state, registered_on) VALUES ('person_test1',"
                   " 900000004, 1, ?, 'Test', 'KZ', '', 'employed', '2025-01-01')", (w.org,))
        # joint works are typed rows (table joint_work, migration
        # 0024b_typed_joint_works): response_due_on is their indexed due date
        db.execute("INSERT INTO joint_work(id, seq, version, customer_org_id, disposing_org_id,"
                   " state, received_on, response_due_on, requested_by, permission_overdue,"
                   " cancellation_raised, perm_late) VALUES ('jw_test1', 900000001, 1, ?, ?,"
                   " 'requested', '2025-06-01', '2025-06-13', '', 0, 0, 0)",
                   ("org_elsewhere", w.org))
        # clearances are typed rows (issue 11, 0019_typed_clearances): one
        # flagged for termination, its seq far past the sequence
        db.execute("INSERT INTO clearance(id, seq, version, person_id, org_id, form, state,"
                   " registered_on, verification_pending, termination_due_on, due_reason,"
                   " due_code, due_article, due_noted_on) VALUES ('clr_test1', 900000002, 1,"
                   " 'person_test1', ?, 'top_secret', 'active', '2025-01-01', 0, '2025-05-30',"
                   " 'ground', 'refusal_ground', '31.1', '2025-05-30')", (w.org,))
        db.close()
        self.assertEqual([(i["kind"], i["due_on"], i["code"], i["article"], i["overdue"])
                          for i in w.due("jw_test1")],
                         [("permission_answer", "2025-06-13", "permission_overdue", "R743 p.5",
                           False)])
        self.assertEqual([(i["kind"], i["overdue"]) for i in w.due("clr_test1")],
                         [("clearance_termination", True)])

    # ---- the list itself ------------------------------------------------------

    def test_sorted_scoped_and_checked(self):
        w = self.world()
        other = self.world()
        w.preliminary("2025-05-20")
        w.info(classified_on="2024-05-01", declassify_on="2025-05-01")
        self.request(w, "2025-05-15")
        items = w.deadlines()
        self.assertGreaterEqual(len(items), 4)
        self.assertEqual([i["due_on"] for i in items], sorted(i["due_on"] for i in items))
        for i in items:
            self.assertEqual(i["overdue"], i["due_on"] < TODAY)
            self.assertEqual(set(i) - {"reason"},
                             {"kind", "object_id", "object_kind", "due_on", "overdue", "code",
                              "article"})
        # kind filter, default as_of (today), limit
        self.assertEqual({i["kind"] for i in w.deadlines(kind="list_review")}, {"list_review"})
        r = self.req("GET", "/v1/deadlines", token=w.head)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["as_of"], TODAY)
        r = self.req("GET", "/v1/deadlines?limit=1", token=w.so)
        self.assertEqual(len(r.json["items"]), 1)
        self.assertTrue(r.json["truncated"])
        # one organization's list only
        self.assertFalse(set(i["object_id"] for i in other.deadlines()) &
                         set(i["object_id"] for i in items))
        self.assertError(self.req("GET", "/v1/deadlines?org_id=%s" % w.org, token=other.so),
                         403, "forbidden_org")
        self.assertError(self.req("GET", "/v1/deadlines?as_of=2025-13-01", token=w.so), 400,
                         "invalid_date", "as_of")
        self.assertError(self.req("GET", "/v1/deadlines?kind=nope", token=w.so), 400,
                         "invalid_value", "kind")
        self.assertError(self.req("GET", "/v1/deadlines?within=-1", token=w.so), 400,
                         "invalid_value", "within")
        self.assertError(self.req("GET", "/v1/deadlines", token=w.cls), 403, "forbidden_role")

    # ---- qupiya deadlines ------------------------------------------------------

    def test_cli_formats(self):
        w = self.world()
        w.info(classified_on="2024-05-01", declassify_on="2025-05-01")
        self.request(w, "2025-05-15")
        http = w.deadlines()
        base = ["deadlines", "--db", self.srv.db, "--as-of", TODAY, "--org", w.org]
        p = run_cli(*base, "--format", "json")
        self.assertEqual(p.returncode, 0, p.stderr)
        doc = json.loads(p.stdout)
        self.assertEqual(doc["as_of"], TODAY)
        self.assertEqual(doc["items"], http)
        p = run_cli(*base, "--format", "csv")
        self.assertEqual(p.returncode, 0, p.stderr)
        rows = list(csv.DictReader(io.StringIO(p.stdout)))
        self.assertEqual([(r["kind"], r["object_id"], r["due_on"], r["overdue"]) for r in rows],
                         [(i["kind"], i["object_id"], i["due_on"], "true" if i["overdue"] else "false")
                          for i in http])
        p = run_cli(*base)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("Deadlines as of %s" % TODAY, p.stdout)
        self.assertIn("OVERDUE", p.stdout)
        self.assertIn("%d open obligation(s)" % len(http), p.stdout)
        for i in http:
            self.assertIn(i["object_id"], p.stdout)
        p = run_cli("deadlines", "--help")
        self.assertEqual(p.returncode, 0)
        self.assertIn("--format", p.stdout)
        self.assertEqual(run_cli(*base, "--format", "xml").returncode, 2)
        self.assertEqual(run_cli(*base[:3], "--as-of", "2025-02-30").returncode, 2)
        self.assertEqual(run_cli("deadlines").returncode, 2)


if __name__ == "__main__":
    unittest.main()
