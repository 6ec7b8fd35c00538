"""test_declassification.py - declassification and extension over HTTP
(SPEC.md §3 "Declassification", Art. 15.4, 18, 20.3, 22, 23): one test per
rule code with the allowed and the refused case, the carriers offered when
an item is declassified, the list-change cascade closed by decisions,
archive delegations, and the flags that keep objects on the deadlines list.
"""
import unittest

from declass_world import TODAY, DeclassWorld
from qupiya_test import ServerTest, World, db_connect


class Declassification(ServerTest):
    clock = TODAY
    _n = 0

    def world(self, **kw):
        Declassification._n += 1
        return DeclassWorld(self.srv, 60 + Declassification._n, **kw)

    def declassify(self, w, info, token, **body):
        return self.req("POST", "/v1/information/%s/declassify" % info, body, token)

    # ---- declassify_ground_required (Art. 22.1, 15.4) -----------------------

    def test_declassify_ground_required(self):
        w = self.world()
        info = w.info()
        r = self.declassify(w, info, w.head)
        self.assertError(r, 422, "declassify_ground_required", "ground", "22.1")
        r = self.declassify(w, info, w.head, ground="court_decision")
        self.assertError(r, 422, "declassify_ground_required", "court_ref", "15.4")
        # term_expired is a ground only once the term has come.
        r = self.declassify(w, info, w.head, ground="term_expired")
        self.assertError(r, 422, "declassify_ground_required", "ground", "22.1")
        r = self.declassify(w, info, w.head, ground="no_such_ground")
        self.assertError(r, 400, "invalid_value", "ground")
        # allowed
        r = self.declassify(w, info, w.head, ground="court_decision", court_ref="Court 2-17/2025")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["state"], "declassified")
        self.assertEqual(r.json["declassification"]["ground"], "court_decision")
        self.assertEqual(r.json["declassification"]["court_ref"], "Court 2-17/2025")
        self.assertEqual(r.json["declassified_on"], TODAY)
        # a second declassification is a workflow step out of order
        r = self.declassify(w, info, w.head, ground="treaty")
        self.assertError(r, 409, "invalid_state")
        # term_expired once the term has come
        old = w.info(classified_on="2024-05-10", declassify_on="2025-05-10")
        r = self.declassify(w, old, w.head, ground="term_expired")
        self.assertEqual(r.status, 200, r)

    def test_declassify_ground_required_carrier(self):
        w = self.world()
        car = w.carrier("top_secret", [w.info()])
        r = self.req("POST", "/v1/carriers/%s/declassify" % car, {}, w.head)
        self.assertError(r, 422, "declassify_ground_required", "ground", "22.1")
        r = self.req("POST", "/v1/carriers/%s/declassify" % car,
                     {"ground": "circumstances_changed"}, w.head)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["state"], "declassified")
        r = self.req("GET", "/v1/carriers/%s/movements" % car, token=w.so)
        self.assertIn("declassified", [m["kind"] for m in r.json["items"]])

    # ---- not_competent_to_declassify (Art. 23.2) ------------------------------

    def test_not_competent_to_declassify(self):
        w = self.world()
        other = self.world()
        info = w.info()
        # the head of an unrelated body, an archivist without delegation and
        # the authorized body while the disposing body exists are refused
        for token in (other.head, w.arch, w.ab):
            r = self.declassify(w, info, token, ground="circumstances_changed")
            self.assertNotCompetent(r, article="23.2")
        r = self.declassify(w, info, w.so, ground="circumstances_changed")
        self.assertError(r, 403, "forbidden_role")
        # the disposing body's own head
        r = self.declassify(w, info, w.head, ground="circumstances_changed")
        self.assertEqual(r.status, 200, r)

    def test_not_competent_to_declassify_superior(self):
        top = self.world()
        sub = self.world(parent_id=top.org)
        info = sub.info()
        # a superior head only for what subordinates classified unreasonably
        r = self.declassify(sub, info, top.head, ground="circumstances_changed")
        self.assertNotCompetent(r)
        r = self.declassify(sub, info, top.head, ground="unreasonable")
        self.assertEqual(r.status, 200, r)
        # never the other way round
        info2 = top.info()
        r = self.declassify(top, info2, sub.head, ground="unreasonable")
        self.assertNotCompetent(r)

    def test_not_competent_to_declassify_archive(self):
        fund = self.world()
        archive = self.world()
        info = fund.info()
        # competence before the ground's truth (SPEC §5): not yet delegated
        r = self.declassify(fund, info, archive.arch, ground="term_expired")
        self.assertNotCompetent(r)
        r = self.declassify(fund, info, archive.arch, ground="circumstances_changed")
        self.assertNotCompetent(r)
        # the delegation is recorded by the fund-forming organization's head
        body = {"archive_org_id": archive.org, "ref": "Order 12"}
        r = self.req("POST", "/v1/orgs/%s/archive-delegations" % fund.org, body, archive.head)
        self.assertError(r, 403, "forbidden_org")
        r = self.req("POST", "/v1/orgs/%s/archive-delegations" % fund.org, body, fund.head)
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["archive_org_id"], archive.org)
        r = self.req("POST", "/v1/orgs/%s/archive-delegations" % fund.org, body, fund.head)
        self.assertError(r, 409, "duplicate")
        r = self.req("POST", "/v1/orgs/%s/archive-delegations" % fund.org,
                     {"archive_org_id": "org_nope", "ref": "x"}, fund.head)
        self.assertError(r, 404, field="archive_org_id")
        r = self.declassify(fund, info, archive.arch, ground="circumstances_changed")
        self.assertEqual(r.status, 200, r)
        # a carrier: only while the archive keeps it (archived, or held there)
        car = fund.carrier("top_secret", [fund.info()])
        r = self.req("POST", "/v1/carriers/%s/declassify" % car,
                     {"ground": "circumstances_changed"}, archive.arch)
        self.assertNotCompetent(r)
        r = self.req("POST", "/v1/carriers/%s/archive" % car, {"archive_ref": "F-1/7"}, fund.so)
        self.assertEqual(r.status, 200, r)
        r = self.req("POST", "/v1/carriers/%s/declassify" % car,
                     {"ground": "circumstances_changed"}, archive.arch)
        self.assertEqual(r.status, 200, r)

    def test_not_competent_to_declassify_liquidated(self):
        w = self.world()
        info = w.info()
        r = self.declassify(w, info, w.ab, ground="circumstances_changed")
        self.assertNotCompetent(r)
        # liquidated without a successor (the liquidation workflow is another
        # endpoint's; its outcome is set here directly)
        db = db_connect(self.srv)
        db.execute("UPDATE organization SET state = 'liquidated', liquidated_on = '2025-06-02'"
                   " WHERE id = ?", (w.org,))
        db.close()
        r = self.declassify(w, info, w.ab, ground="circumstances_changed")
        self.assertEqual(r.status, 200, r)

    # ---- extension_needs_conclusion (Art. 20.3, 23.1) -------------------------

    def test_extension_needs_conclusion(self):
        w = self.world()
        info = w.info(classified_on="2024-05-10", declassify_on="2034-05-10")
        # past 30 years (2054-05-10) only on the authorized body's conclusion;
        # the disposing body's head extends (SPEC §3 not_competent_to_declassify:
        # "declassifies or extends"; the authorized body gives the conclusion)
        r = self.req("POST", "/v1/information/%s/extend" % info, {"declassify_on": "2060-01-01"},
                     w.head)
        self.assertError(r, 422, "extension_needs_conclusion", "conclusion_ref", "20.3")
        r = self.req("POST", "/v1/information/%s/extend" % info,
                     {"declassify_on": "2060-01-01", "conclusion_ref": "AB-77"}, w.so)
        self.assertError(r, 403, "forbidden_role")
        r = self.req("POST", "/v1/information/%s/extend" % info,
                     {"declassify_on": "2060-01-01", "conclusion_ref": "AB-77"}, w.ab)
        self.assertNotCompetent(r)
        r = self.req("POST", "/v1/information/%s/extend" % info,
                     {"declassify_on": "2060-01-01", "conclusion_ref": "AB-77"}, w.head)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["declassify_on"], "2060-01-01")
        self.assertEqual(r.json["extensions"][-1]["conclusion_ref"], "AB-77")
        # within the 30 years no conclusion is needed; never earlier
        info2 = w.info()
        r = self.req("POST", "/v1/information/%s/extend" % info2, {"declassify_on": "2054-05-10"},
                     w.head)
        self.assertEqual(r.status, 200, r)
        r = self.req("POST", "/v1/information/%s/extend" % info2, {"declassify_on": "2030-01-01"},
                     w.head)
        self.assertError(r, 400, "invalid_value", "declassify_on")

    def test_extension_needs_conclusion_carrier(self):
        w = self.world()
        other = self.world()
        car = w.carrier("top_secret", [w.info()])
        r = self.req("POST", "/v1/carriers/%s/extend" % car, {"declassify_on": "2040-01-01"}, w.head)
        self.assertError(r, 422, "extension_needs_conclusion", "expert_conclusion_ref", "23.1")
        body = {"declassify_on": "2040-01-01", "expert_conclusion_ref": "EC-3"}
        r = self.req("POST", "/v1/carriers/%s/extend" % car, body, other.head)
        self.assertNotCompetent(r)
        r = self.req("POST", "/v1/carriers/%s/extend" % car, body, w.head)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["declassify_on"], "2040-01-01")
        self.assertEqual(r.json["extensions"][-1]["expert_conclusion_ref"], "EC-3")

    # ---- carriers of a declassified item (Art. 18, 23.1) ----------------------

    def test_declassifying_offers_carriers(self):
        w = self.world()
        a = w.info("2", "top_secret")
        b = w.info("1", "confidential")
        c = w.info("4", "top_secret")
        both = w.carrier("top_secret", [a, b])
        only = w.carrier("top_secret", [a])
        same = w.carrier("top_secret", [a, c])
        r = self.declassify(w, a, w.head, ground="circumstances_changed")
        self.assertEqual(r.status, 200, r)
        offers = {o["carrier_id"]: o for o in r.json["carriers"]}
        self.assertEqual(offers[both]["offer"], "relabel")
        self.assertEqual(offers[both]["proposed_label"], "confidential")
        self.assertEqual(offers[only]["offer"], "declassify")
        self.assertIsNone(offers[only]["proposed_label"])
        self.assertEqual(offers[same]["offer"], "keep")
        # nothing changed silently: labels stay, the two go on the list
        r = self.req("GET", "/v1/carriers/%s" % both, token=w.so)
        self.assertEqual(r.json["label"], "top_secret")
        self.assertTrue(r.json["review_required"])
        for car in (both, only):
            items = w.due(car)
            self.assertEqual(len(items), 1, items)
            self.assertEqual(items[0]["kind"], "declassification_due")
            self.assertEqual(items[0]["reason"], "information_declassified")
            self.assertEqual(items[0]["due_on"], TODAY)
        self.assertEqual(w.due(same), [])
        # the decisions: relabel to exactly what remains, declassify the other
        r = self.req("POST", "/v1/carriers/%s/relabel" % both, {"label": "top_secret"}, w.so)
        self.assertError(r, 422, "label_mismatch")
        r = self.req("POST", "/v1/carriers/%s/relabel" % both, {"label": "confidential"}, w.so)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["label"], "confidential")
        self.assertFalse(r.json["review_required"])
        r = self.req("POST", "/v1/carriers/%s/relabel" % only, {"label": "confidential"}, w.so)
        self.assertError(r, 422, "label_mismatch")
        r = self.req("POST", "/v1/carriers/%s/declassify" % only,
                     {"ground": "circumstances_changed"}, w.head)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(w.due(both), [])
        self.assertEqual(w.due(only), [])

    # ---- the list-change cascade, finished (Art. 22.3, 23.1) -------------------

    def test_cascade_until_decided(self):
        w = self.world()
        info = w.info("2", "top_secret")
        car = w.carrier("top_secret", [info])
        r = self.req("POST", "/v1/list-items/%s/change" % w.items["2"], {
            "removed": True, "coordination": {"authorized_body_ref": "AB-1", "nsc_ref": "NSC-1"},
            "effective_date": "2025-05-20"}, w.head)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["affected"]["information"], [info])
        self.assertEqual(r.json["affected"]["carriers"], [car])
        for oid in (info, car):
            items = w.due(oid)
            self.assertEqual(len(items), 1, items)
            self.assertEqual(items[0]["due_on"], "2025-05-20")
            self.assertTrue(items[0]["overdue"])
            self.assertEqual(items[0]["reason"], "list_changed")
            self.assertEqual(items[0]["article"], "23.1")
        # the item is reclassified on another item of the list
        r = self.req("POST", "/v1/information/%s/reclassify" % info, {}, w.head)
        self.assertError(r, 422, "basis_required")
        r = self.req("POST", "/v1/information/%s/reclassify" % info,
                     {"list_item_id": w.items["1"]}, w.head)
        self.assertError(r, 422, "degree_exceeds_basis")
        r = self.req("POST", "/v1/information/%s/reclassify" % info,
                     {"list_item_id": w.items["4"]}, w.cls)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["list_item_id"], w.items["4"])
        self.assertEqual(w.due(info), [])
        # the carrier stays listed until its own decision
        self.assertEqual(len(w.due(car)), 1)
        r = self.req("POST", "/v1/carriers/%s/relabel" % car, {"label": "top_secret"}, w.so)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(w.due(car), [])

    # ---- a carrier's acts answer what a read of it answers ---------------------

    def assertAnsweredAsRead(self, w, car, r):
        """The act's answer is the carrier as GET /v1/carriers/{id} shows it
        (the struct written, then encoded: nothing of the old doc lost)."""
        self.assertEqual(r.status, 200, r)
        g = self.req("GET", "/v1/carriers/%s" % car, token=w.so)
        self.assertEqual(g.status, 200, g)
        for k, v in r.json.items():
            self.assertEqual(g.json.get(k), v, k)
        return self.req("GET", "/v1/carriers/%s/movements" % car, token=w.so).json["items"][-1]

    def test_carrier_acts_answer_as_read(self):
        w = self.world()
        a = w.info("2", "top_secret")
        b = w.info("1", "confidential")
        car = w.carrier("top_secret", [a, b])
        r = self.declassify(w, a, w.head, ground="circumstances_changed")
        self.assertEqual(r.status, 200, r)
        # relabel: the label, the relabelling kept, the review resolved
        r = self.req("POST", "/v1/carriers/%s/relabel" % car, {"label": "confidential"}, w.so)
        m = self.assertAnsweredAsRead(w, car, r)
        self.assertEqual(r.json["relabellings"], [{"from": "top_secret", "to": "confidential",
                                                   "effective_date": TODAY, "by": r.json[
                                                       "relabellings"][0]["by"]}])
        self.assertIs(r.json["review_required"], False)
        self.assertNotIn("review_due_on", r.json)
        self.assertNotIn("review_reason", r.json)
        self.assertEqual([x["kind"] for x in r.json["reviews"]], ["flagged", "resolved"])
        self.assertEqual(r.json["reviews"][1]["how"], "relabelled")
        self.assertEqual((m["kind"], m["from_label"], m["label"], m["copy_number"],
                          m["person_id"]), ("relabelled", "top_secret", "confidential", None,
                                            None))
        # extend: the term and its extension; the journal entry's fields
        term = r.json.get("declassify_on")
        body = {"declassify_on": "2040-01-01", "expert_conclusion_ref": "EC-9"}
        r = self.req("POST", "/v1/carriers/%s/extend" % car, body, w.head)
        m = self.assertAnsweredAsRead(w, car, r)
        self.assertEqual(r.json["extensions"][-1]["from"], term)
        self.assertEqual(r.json["extensions"][-1]["to"], "2040-01-01")
        self.assertEqual((m["kind"], m["declassify_on"], m["expert_conclusion_ref"]),
                         ("extended", "2040-01-01", "EC-9"))
        # declassify with a court reference
        r = self.req("POST", "/v1/carriers/%s/declassify" % car,
                     {"ground": "circumstances_changed", "court_ref": "Court 1/2025"}, w.head)
        m = self.assertAnsweredAsRead(w, car, r)
        self.assertEqual(r.json["declassification"]["court_ref"], "Court 1/2025")
        self.assertEqual(r.json["declassification"]["ground"], "circumstances_changed")
        self.assertEqual(r.json["declassified_on"], TODAY)
        self.assertEqual((m["kind"], m["ground"]), ("declassified", "circumstances_changed"))
        # and without one: null
        car2 = w.carrier("confidential", [b])
        r = self.req("POST", "/v1/carriers/%s/declassify" % car2,
                     {"ground": "circumstances_changed"}, w.head)
        self.assertAnsweredAsRead(w, car2, r)
        self.assertIsNone(r.json["declassification"]["court_ref"])
        self.assertNotIn("review_required", r.json)


if __name__ == "__main__":
    unittest.main()
