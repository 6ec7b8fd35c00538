"""test_classification.py - classifiers, departmental lists, information items
(Law "On State Secrets" Art. 5.4, 15-22; SPEC.md §3 "Classification").

One test per rule code, named after it, each proving the allowed and the
refused case (422, error.code, error.article); then the preliminary workflow
(Art. 20.2), the list-change cascade (Art. 22.3, 23.1), scoping and input
errors.
"""
import itertools
import unittest

from qupiya_test import PASSWORD, ServerTest, World, make_ident

_ident = itertools.count(500000)


class ClassificationTest(ServerTest):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        srv = cls.srv
        cls.w = World(srv, 1)
        cls.w2 = World(srv, 2)
        cls.so = cls.w.t("security_officer")
        cls.head = cls.w.t("head")
        cls.admin = cls.w.admin
        # An official of the ministry with an account bound to the person.
        cls.person = cls.make_person(cls.w, cls.so)
        cls.cls_token = cls.make_classifier_user(cls.w, cls.person, "clsofficial1")
        r = srv.request("POST", "/v1/classifiers", {"person_id": cls.person, "org_id": cls.w.org},
                        cls.admin)
        assert r.status == 201, r
        # The same for the second ministry.
        cls.person2 = cls.make_person(cls.w2, cls.w2.t("security_officer"))
        cls.cls2_token = cls.make_classifier_user(cls.w2, cls.person2, "clsofficial2")
        r = srv.request("POST", "/v1/classifiers", {"person_id": cls.person2, "org_id": cls.w2.org},
                        cls.admin)
        assert r.status == 201, r
        # An approved list: top_secret item and special_importance item.
        cls.list_id, items = cls.make_list(cls.w, [("1", "top_secret"), ("2", "special_importance"),
                                                   ("3", "confidential")], approve_on="2024-03-15")
        cls.item_ts, cls.item_si, cls.item_c = items
        # A list in force since 1990, for classifications dated long ago
        # (basis_required, Art. 20.1: the list is in force on classified_on).
        _, (cls.item_old,) = cls.make_list(cls.w, [("O1", "top_secret")],
                                           approve_on="1990-01-03", title="Old list")

    # ---- helpers ---------------------------------------------------------

    @classmethod
    def make_person(cls, world, so):
        r = cls.srv.request("POST", "/v1/persons", {
            "iin": make_ident(next(_ident)), "full_name": "Official %d" % next(_ident),
            "citizenship": "KZ", "org_id": world.org, "position": "deputy minister"}, so)
        assert r.status == 201, r
        return r.json["id"]

    @classmethod
    def make_classifier_user(cls, world, person, login):
        r = cls.srv.request("POST", "/v1/users", {"login": login, "password": PASSWORD,
                                                  "roles": ["classifier"], "org_id": world.org,
                                                  "person_id": person}, cls.admin)
        assert r.status == 201, r
        return cls.srv.login(login)

    @classmethod
    def make_list(cls, world, items, approve_on=None, title="Departmental list"):
        so, head = world.t("security_officer"), world.t("head")
        r = cls.srv.request("POST", "/v1/lists", {"org_id": world.org, "title": title}, so)
        assert r.status == 201, r
        lid = r.json["id"]
        ids = []
        for code, degree in items:
            r = cls.srv.request("POST", "/v1/lists/%s/items" % lid, {
                "code": code, "text": "information on item %s" % code, "degree": degree,
                "basis": "11.1"}, so)
            assert r.status == 201, r
            ids.append(r.json["id"])
        if approve_on is not None:
            r = cls.srv.request("POST", "/v1/lists/%s/approve" % lid,
                                {"effective_date": approve_on}, head)
            assert r.status == 200, r
        return lid, ids

    def info(self, token=None, **kw):
        body = {"title": "Mobilisation plan", "org_id": self.w.org, "list_item_id": self.item_ts,
                "degree": "top_secret", "classified_on": "2024-05-10",
                "declassify_on": "2034-05-10"}
        for k, v in kw.items():
            if v is None:
                body.pop(k, None)
            else:
                body[k] = v
        return self.req("POST", "/v1/information", body, token or self.cls_token)

    def audit_all(self):
        token, out, after = self.w.t("auditor"), [], None
        while True:
            path = "/v1/audit?limit=1000" + ("&after=%s" % after if after is not None else "")
            r = self.req("GET", path, token=token)
            self.assertEqual(r.status, 200, r)
            out.extend(r.json["items"])
            after = r.json.get("next")
            if after is None or not r.json["items"]:
                return out

    def carriers_available(self):
        """POST /v1/carriers is implemented (h_carriers.c, another issue)."""
        r = self.req("POST", "/v1/carriers", {}, self.so)
        return not (r.status in (404, 405) and r.error.get("code") in ("not_found", "method_not_allowed"))

    # ---- one test per rule code ------------------------------------------

    def test_not_a_classifier(self):
        # Refused: a user with the classifier role but no person.
        r = self.info(token=self.w.t("classifier"))
        self.assertError(r, 422, "not_a_classifier", article="5.4, 15.1")
        # Refused: an official not (yet) on the list of classifiers.
        p = self.make_person(self.w, self.so)
        tok = self.make_classifier_user(self.w, p, "clsnotyet")
        r = self.info(token=tok)
        self.assertError(r, 422, "not_a_classifier", article="5.4, 15.1")
        # Refused: a classifier of another body classifies for this one.
        r = self.info(token=self.cls2_token, org_id=self.w.org)
        self.assertEqual(r.status, 403, r)   # acts within its own organization
        # Allowed once on the list.
        r = self.req("POST", "/v1/classifiers", {"person_id": p, "org_id": self.w.org}, self.admin)
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["person_id"], p)
        r = self.info(token=tok)
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["state"], "classified")
        # The list of classifiers shows both officials of the ministry.
        r = self.req("GET", "/v1/classifiers?org_id=%s" % self.w.org, token=self.admin)
        self.assertEqual(r.status, 200, r)
        self.assertEqual({c["person_id"] for c in r.json["items"]}, {self.person, p})
        # Twice on the list: a duplicate.
        r = self.req("POST", "/v1/classifiers", {"person_id": p, "org_id": self.w.org}, self.admin)
        self.assertError(r, 409, "duplicate")
        # Art. 5.4, 15.1: only officials of a state body, of that very body.
        r = self.req("POST", "/v1/orgs", {"name": "Plant", "bin": make_ident(next(_ident)),
                                         "kind": "organization"}, self.admin)
        self.assertEqual(r.status, 201, r)
        plant = r.json["id"]
        r = self.req("POST", "/v1/classifiers", {"person_id": p, "org_id": plant}, self.admin)
        self.assertError(r, 422, "not_a_classifier", article="5.4, 15.1")
        r = self.req("POST", "/v1/classifiers", {"person_id": p, "org_id": self.w2.org}, self.admin)
        self.assertError(r, 422, "not_a_classifier", article="5.4, 15.1")
        # Only the administrator keeps the list.
        r = self.req("POST", "/v1/classifiers", {"person_id": p, "org_id": self.w.org}, self.head)
        self.assertError(r, 403, "forbidden_role")

    def test_not_classifiable_topic(self):
        # Allowed: topics of the catalogue that Art. 17.1 does not name.
        r = self.info(topics=["11.1"])
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["topics"], ["11.1"])
        # Refused: each of the eleven topics of Art. 17.1.
        for n in (1, 7, 11):
            r = self.info(topics=["11.1", "17.1.%d" % n], title="Budget %d" % n)
            self.assertError(r, 422, "not_classifiable_topic", article="17")
        # Also preliminary classification of such information.
        r = self.info(topics=["17.1.2"], list_item_id=None, preliminary=True)
        self.assertError(r, 422, "not_classifiable_topic", article="17")
        # No such subparagraph: malformed input, not a rule.
        r = self.info(topics=["17.1.12"])
        self.assertError(r, 400, "invalid_value", field="topics")
        # The attempt is in the audit log, refused, with its code and article.
        refused = [a for a in self.audit_all()
                   if a.get("outcome") == "refused" and a.get("code") == "not_classifiable_topic"]
        self.assertGreaterEqual(len(refused), 4, refused)
        self.assertEqual(refused[-1].get("article"), "17")
        self.assertIn("/v1/information", refused[-1].get("action", ""))
        # Precedence: not_a_classifier comes first.
        r = self.info(token=self.w.t("classifier"), topics=["17.1.1"])
        self.assertError(r, 422, "not_a_classifier")

    def based_item(self, basis, degree="top_secret", approve_on="2024-03-15"):
        """An item with the statutory basis given, on a new approved list."""
        r = self.req("POST", "/v1/lists", {"org_id": self.w.org, "title": "List " + basis}, self.so)
        self.assertEqual(r.status, 201, r)
        lid = r.json["id"]
        r = self.req("POST", "/v1/lists/%s/items" % lid, {
            "code": "B-" + basis, "text": "item on " + basis, "degree": degree, "basis": basis},
            self.so)
        self.assertEqual(r.status, 201, r)
        item = r.json["id"]
        r = self.req("POST", "/v1/lists/%s/approve" % lid, {"effective_date": approve_on}, self.head)
        self.assertEqual(r.status, 200, r)
        return item

    def test_not_classifiable_topic_exceptions(self):
        # Art. 17.1.8, 17.1.9: the budget is classified only where it
        # discloses the security of the Republic, on a basis that says so.
        security = {b: self.based_item(b) for b in ("12.12", "11.5", "14.7")}
        open_budget = self.based_item("12.11")
        foreign = self.based_item("13.1")
        for basis, item in security.items():
            for topic in ("17.1.8", "17.1.9"):
                r = self.info(topics=[topic], list_item_id=item, title="Budget " + basis)
                self.assertEqual(r.status, 201, (basis, topic, r))
        for item in (open_budget, foreign):
            for topic in ("17.1.8", "17.1.9"):
                r = self.info(topics=[topic], list_item_id=item)
                self.assertError(r, 422, "not_classifiable_topic", article="17")
        # Preliminary: no basis says so.
        r = self.info(topics=["17.1.9"], list_item_id=None, preliminary=True)
        self.assertError(r, 422, "not_classifiable_topic", article="17")
        # Art. 17.1.11: mass repression only with a basis in Art. 14.
        r = self.info(topics=["17.1.11"], list_item_id=self.based_item("14.3"))
        self.assertEqual(r.status, 201, r)
        r = self.info(topics=["17.1.11"], list_item_id=security["11.5"])
        self.assertError(r, 422, "not_classifiable_topic", article="17")
        r = self.info(topics=["17.1.11"], list_item_id=security["12.12"])
        self.assertError(r, 422, "not_classifiable_topic", article="17")
        # Every other topic stays refused on any basis.
        r = self.info(topics=["17.1.10"], list_item_id=security["14.7"])
        self.assertError(r, 422, "not_classifiable_topic", article="17")
        # Reclassified onto another item: the exception must hold there too.
        r = self.info(topics=["17.1.11"], list_item_id=self.based_item("14.5"))
        self.assertEqual(r.status, 201, r)
        info = r.json["id"]
        r = self.req("POST", "/v1/information/%s/reclassify" % info,
                     {"list_item_id": security["11.5"]}, self.head)
        self.assertError(r, 422, "not_classifiable_topic", article="17")
        r = self.req("POST", "/v1/information/%s/reclassify" % info,
                     {"list_item_id": security["14.7"]}, self.head)
        self.assertEqual(r.status, 200, r)
        # The refusals are audited with their code.
        refused = [a for a in self.audit_all()
                   if a.get("outcome") == "refused" and a.get("code") == "not_classifiable_topic"]
        self.assertGreaterEqual(len(refused), 8, refused)

    def test_basis_required_in_force(self):
        # Art. 20.1: the list item is in force on classified_on.
        item = self.based_item("11.2", approve_on="2024-03-15")
        r = self.info(list_item_id=item, classified_on="2024-03-15", declassify_on="2034-03-15")
        self.assertEqual(r.status, 201, r)
        r = self.info(list_item_id=item, classified_on="2024-03-14", declassify_on="2034-03-14")
        self.assertError(r, 422, "basis_required", article="20.1")
        # An item added to the approved list is in force from its addition.
        coord = {"authorized_body_ref": "AB-9", "nsc_ref": "NSC-9"}
        r = self.req("POST", "/v1/lists/%s/items" % self.list_id, {
            "code": "LATE", "text": "added later", "degree": "top_secret", "basis": "11.3",
            "coordination": coord, "effective_date": "2024-09-02"}, self.so)
        self.assertEqual(r.status, 201, r)
        late = r.json["id"]
        r = self.info(list_item_id=late, classified_on="2024-09-02", declassify_on="2034-09-02")
        self.assertEqual(r.status, 201, r)
        r = self.info(list_item_id=late, classified_on="2024-09-01", declassify_on="2034-09-01")
        self.assertError(r, 422, "basis_required", article="20.1")
        # The preliminary decision classifies on its own day: an item of a
        # list approved later than that is no basis yet.
        later = self.based_item("11.4", approve_on="2025-06-02")
        r = self.info(list_item_id=later, classified_on="2025-06-01", declassify_on="2035-06-01")
        self.assertError(r, 422, "basis_required", article="20.1")

    def test_basis_required(self):
        # Allowed: an item of an approved list of the disposing body.
        r = self.info()
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["state"], "classified")
        self.assertEqual(r.json["list_item_id"], self.item_ts)
        self.assertEqual(r.json["basis"], "11.1")
        # Allowed: preliminary (Art. 20.2).
        r = self.info(list_item_id=None, preliminary=True)
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["state"], "preliminary")
        # Refused: no basis at all (a field the rule needs: 422, not 400).
        r = self.info(list_item_id=None)
        self.assertError(r, 422, "basis_required", article="20.1")
        r = self.info(list_item_id=None, preliminary=False)
        self.assertError(r, 422, "basis_required", article="20.1")
        # Refused: an item of a list not approved yet.
        _, (draft_item,) = self.make_list(self.w, [("D1", "top_secret")], title="Draft")
        r = self.info(list_item_id=draft_item)
        self.assertError(r, 422, "basis_required", article="20.1")
        # Refused: an item of another body's approved list.
        _, (other_item,) = self.make_list(self.w2, [("X1", "top_secret")], approve_on="2024-01-10")
        r = self.info(list_item_id=other_item)
        self.assertError(r, 422, "basis_required", article="20.1")
        # Allowed for its own body.
        r = self.info(token=self.cls2_token, org_id=self.w2.org, list_item_id=other_item)
        self.assertEqual(r.status, 201, r)
        # Unknown list item: 404 naming the field.
        r = self.info(list_item_id="item_0000000000000000")
        self.assertError(r, 404, "not_found", field="list_item_id")
        # Both a list item and preliminary: malformed.
        r = self.info(preliminary=True)
        self.assertError(r, 400, "invalid_value", field="preliminary")

    def test_degree_exceeds_basis(self):
        # Allowed: equal to the item's degree, and lower.
        self.assertEqual(self.info(degree="top_secret").status, 201)
        self.assertEqual(self.info(degree="confidential").status, 201)
        r = self.info(degree="special_importance", list_item_id=self.item_si)
        self.assertEqual(r.status, 201, r)
        # Refused: higher than the item's degree.
        r = self.info(degree="special_importance")
        self.assertError(r, 422, "degree_exceeds_basis", article="15.2, 18.1")
        r = self.info(degree="top_secret", list_item_id=self.item_c)
        self.assertError(r, 422, "degree_exceeds_basis", article="15.2, 18.1")
        # Order: basis before degree.
        r = self.info(degree="special_importance", list_item_id=None)
        self.assertError(r, 422, "basis_required")

    def test_term_exceeds_limit(self):
        cases = [
            ("2000-01-15", "2030-01-15", 201),   # thirty years to the day
            ("2000-01-15", "2030-01-16", 422),   # one day more
            ("2024-02-29", "2054-02-28", 201),   # 29 February + 30 years = 28 February
            ("2024-02-29", "2054-03-01", 422),   # the calendar limit does not move
            ("2010-12-31", "2040-12-31", 201),
            ("2010-12-31", "2041-01-01", 422),
        ]
        for classified_on, declassify_on, want in cases:
            r = self.info(classified_on=classified_on, declassify_on=declassify_on,
                          list_item_id=self.item_old)
            if want == 201:
                self.assertEqual(r.status, 201, (classified_on, declassify_on, r))
                self.assertEqual(r.json["declassify_on"], declassify_on)
            else:
                self.assertError(r, 422, "term_exceeds_limit", article="20, 20.3")
        # The same limit for preliminary classification.
        r = self.info(list_item_id=None, preliminary=True, classified_on="2000-01-15",
                      declassify_on="2030-01-16")
        self.assertError(r, 422, "term_exceeds_limit", article="20, 20.3")
        # Order: degree before term.
        r = self.info(degree="special_importance", declassify_on="2099-01-01")
        self.assertError(r, 422, "degree_exceeds_basis")
        # Order: basis (in force on classified_on) before term.
        r = self.info(classified_on="2000-01-15", declassify_on="2030-01-16")
        self.assertError(r, 422, "basis_required", article="20.1")
        # Malformed terms are 400.
        r = self.info(declassify_on="2024-05-10")
        self.assertError(r, 400, "invalid_value", field="declassify_on")
        r = self.info(declassify_on="2034-02-30")
        self.assertError(r, 400, "invalid_date", field="declassify_on")
        r = self.info(classified_on="2999-01-01", declassify_on="3001-01-01")
        self.assertError(r, 400, "date_in_future", field="classified_on")

    def test_list_change_needs_coordination(self):
        coord = {"authorized_body_ref": "AB-2025/17", "nsc_ref": "NSC-2025/4"}
        lid, (a, b) = self.make_list(self.w, [("C1", "top_secret"), ("C2", "confidential")])
        # A draft takes items without coordination (not yet in force).
        r = self.req("GET", "/v1/lists/%s" % lid, token=self.so)
        self.assertEqual(r.json["state"], "draft")
        self.assertEqual(r.json["version"], 1)
        r = self.req("POST", "/v1/lists/%s/approve" % lid, {"effective_date": "2024-06-03"}, self.head)
        self.assertEqual(r.status, 200, r)
        # Refused: adding to the approved list without coordination ...
        item = {"code": "C3", "text": "new item", "degree": "top_secret", "basis": "12.1"}
        r = self.req("POST", "/v1/lists/%s/items" % lid, item, self.so)
        self.assertError(r, 422, "list_change_needs_coordination", article="22.3")
        # ... or with only one of the two coordinations.
        r = self.req("POST", "/v1/lists/%s/items" % lid,
                     dict(item, coordination={"authorized_body_ref": "AB-1"}), self.so)
        self.assertError(r, 422, "list_change_needs_coordination", article="22.3")
        r = self.req("POST", "/v1/lists/%s/items" % lid,
                     dict(item, coordination={"nsc_ref": "NSC-1"}), self.so)
        self.assertError(r, 422, "list_change_needs_coordination", article="22.3")
        # Allowed with both; the list's version goes up.
        r = self.req("POST", "/v1/lists/%s/items" % lid, dict(item, coordination=coord), self.so)
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["coordination"], coord)
        r = self.req("GET", "/v1/lists/%s" % lid, token=self.so)
        self.assertEqual(r.json["version"], 2)
        self.assertEqual(len(r.json["items"]), 3)
        # Changing an item: refused without coordination, allowed with it.
        r = self.req("POST", "/v1/list-items/%s/change" % a, {"degree": "confidential"}, self.head)
        self.assertError(r, 422, "list_change_needs_coordination", article="22.3")
        r = self.req("POST", "/v1/list-items/%s/change" % b, {"removed": True}, self.head)
        self.assertError(r, 422, "list_change_needs_coordination", article="22.3")
        r = self.req("POST", "/v1/list-items/%s/change" % a,
                     {"degree": "confidential", "coordination": coord}, self.head)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["affected"], {"information": [], "carriers": []})
        r = self.req("GET", "/v1/lists/%s" % lid, token=self.so)
        self.assertEqual(r.json["version"], 3)
        # Only the head changes an approved list (Art. 22.3).
        r = self.req("POST", "/v1/list-items/%s/change" % a,
                     {"degree": "top_secret", "coordination": coord}, self.so)
        self.assertError(r, 403, "forbidden_role")

    def test_list_review_due(self):
        # next_review_on is five years after the approval, to the day.
        lid, _ = self.make_list(self.w, [("R1", "confidential")])
        r = self.req("POST", "/v1/lists/%s/approve" % lid, {"effective_date": "2024-03-15"}, self.head)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["state"], "approved")
        self.assertEqual(r.json["approved_on"], "2024-03-15")
        self.assertEqual(r.json["next_review_on"], "2029-03-15")
        r = self.req("GET", "/v1/lists/%s" % lid, token=self.head)
        self.assertEqual(r.json["next_review_on"], "2029-03-15")
        # Approved on 29 February: the review falls due on 28 February.
        lid2, _ = self.make_list(self.w, [("R2", "confidential")])
        r = self.req("POST", "/v1/lists/%s/approve" % lid2, {"effective_date": "2024-02-29"}, self.head)
        self.assertEqual(r.json["next_review_on"], "2029-02-28")
        # A review renews the five years from its own date.
        r = self.req("POST", "/v1/lists/%s/review" % lid, {"effective_date": "2025-01-10"}, self.head)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["next_review_on"], "2030-01-10")
        # Refused steps: approving twice, a review dated before the approval,
        # a review of a draft.
        r = self.req("POST", "/v1/lists/%s/approve" % lid, {}, self.head)
        self.assertError(r, 409, "invalid_state")
        r = self.req("POST", "/v1/lists/%s/review" % lid, {"effective_date": "2024-03-14"}, self.head)
        self.assertError(r, 409, "invalid_state")
        lid3, _ = self.make_list(self.w, [("R3", "confidential")])
        r = self.req("POST", "/v1/lists/%s/review" % lid3, {}, self.head)
        self.assertError(r, 409, "invalid_state")
        # Lists of the organization.
        r = self.req("GET", "/v1/lists?org_id=%s" % self.w.org, token=self.so)
        self.assertEqual(r.status, 200, r)
        self.assertIn(lid, [x["id"] for x in r.json["items"]])

    # ---- workflows -------------------------------------------------------

    def test_preliminary_workflow(self):
        r = self.info(list_item_id=None, preliminary=True, degree="top_secret",
                      classified_on="2025-01-10", declassify_on="2035-01-10")
        self.assertEqual(r.status, 201, r)
        info = r.json["id"]
        self.assertEqual(r.json["state"], "preliminary")
        self.assertIsNone(r.json["list_item_id"])
        # A decision without a proposal: wrong step.
        r = self.req("POST", "/v1/information/%s/preliminary-decision" % info,
                     {"decision": "add_to_list", "list_item_id": self.item_ts}, self.head)
        self.assertError(r, 409, "invalid_state", article="20.2")
        # A proposal dated before the preliminary classification: wrong step.
        r = self.req("POST", "/v1/information/%s/proposal" % info, {"effective_date": "2025-01-09"},
                     self.so)
        self.assertError(r, 409, "invalid_state")
        r = self.req("POST", "/v1/information/%s/proposal" % info, {"effective_date": "2025-01-20"},
                     self.so)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["proposal_on"], "2025-01-20")
        r = self.req("POST", "/v1/information/%s/proposal" % info, {}, self.so)
        self.assertError(r, 409, "invalid_state")
        # A decision dated before the proposal: as if there were none.
        r = self.req("POST", "/v1/information/%s/preliminary-decision" % info,
                     {"decision": "add_to_list", "list_item_id": self.item_ts,
                      "effective_date": "2025-01-19"}, self.head)
        self.assertError(r, 409, "invalid_state")
        # add_to_list needs a list item (basis_required) of sufficient degree.
        r = self.req("POST", "/v1/information/%s/preliminary-decision" % info,
                     {"decision": "add_to_list"}, self.head)
        self.assertError(r, 422, "basis_required", article="20.1")
        r = self.req("POST", "/v1/information/%s/preliminary-decision" % info,
                     {"decision": "add_to_list", "list_item_id": self.item_c}, self.head)
        self.assertError(r, 422, "degree_exceeds_basis", article="15.2, 18.1")
        r = self.req("POST", "/v1/information/%s/preliminary-decision" % info,
                     {"decision": "add_to_list", "list_item_id": self.item_ts,
                      "effective_date": "2025-03-01"}, self.head)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["state"], "classified")
        self.assertEqual(r.json["list_item_id"], self.item_ts)
        self.assertEqual(r.json["decision"]["decision"], "add_to_list")
        r = self.req("GET", "/v1/information/%s" % info, token=self.head)
        self.assertEqual(r.json["state"], "classified")
        # Decided once.
        r = self.req("POST", "/v1/information/%s/preliminary-decision" % info,
                     {"decision": "remove_label"}, self.head)
        self.assertError(r, 409, "invalid_state")
        r = self.req("POST", "/v1/information/%s/proposal" % info, {}, self.so)
        self.assertError(r, 409, "invalid_state")

        # remove_label: the preliminary label is removed.
        r = self.info(list_item_id=None, preliminary=True, classified_on="2025-02-01",
                      declassify_on="2030-02-01")
        info2 = r.json["id"]
        self.assertEqual(self.req("POST", "/v1/information/%s/proposal" % info2, {}, self.so).status, 200)
        r = self.req("POST", "/v1/information/%s/preliminary-decision" % info2,
                     {"decision": "remove_label"}, self.head)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["state"], "declassified")
        self.assertEqual(r.json["declassification_ground"], "label_removed")
        # Roles: the classifier does not decide, the head does not propose.
        r = self.req("POST", "/v1/information/%s/preliminary-decision" % info2,
                     {"decision": "remove_label"}, self.cls_token)
        self.assertError(r, 403, "forbidden_role")
        # Listing by state.
        r = self.req("GET", "/v1/information?org_id=%s&state=declassified" % self.w.org, token=self.so)
        self.assertEqual(r.status, 200, r)
        self.assertIn(info2, [x["id"] for x in r.json["items"]])

    def test_list_change_cascade(self):
        coord = {"authorized_body_ref": "AB-7", "nsc_ref": "NSC-7"}
        lid, (a, b) = self.make_list(self.w, [("K1", "special_importance"), ("K2", "top_secret")],
                                     approve_on="2024-04-01")
        i1 = self.info(list_item_id=a, degree="special_importance").json["id"]
        i2 = self.info(list_item_id=a, degree="top_secret").json["id"]
        i3 = self.info(list_item_id=b).json["id"]
        carriers = []
        if self.carriers_available():
            nsc = self.w.t("nsc_officer")
            r = self.req("POST", "/v1/orgs/%s/permits" % self.w.org, {
                "degree": "special_importance", "number": "P-%d" % next(_ident),
                "issued_on": "2024-01-01", "valid_until": "2034-01-01"}, nsc)
            self.assertEqual(r.status, 201, r)
            for n, (ids, label) in enumerate([([i1], "special_importance"), ([i3], "top_secret"),
                                              ([i3, i2], "top_secret")]):
                r = self.req("POST", "/v1/carriers", {
                    "org_id": self.w.org, "account_number": "CL-%d-%d" % (n, next(_ident)),
                    "kind": "paper", "title": "Plan copy", "label": label,
                    "information_ids": ids, "copies": 1, "sheets": 3}, self.so)
                self.assertEqual(r.status, 201, r)
                carriers.append(r.json["id"])
        # Lowering item K1: both items on it are listed, the other is not.
        r = self.req("POST", "/v1/list-items/%s/change" % a,
                     {"degree": "top_secret", "coordination": coord}, self.head)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(sorted(r.json["affected"]["information"]), sorted([i1, i2]))
        if carriers:   # the carriers of i1 and of i2 (with i3), not the one of i3 alone
            self.assertEqual(sorted(r.json["affected"]["carriers"]),
                             sorted([carriers[0], carriers[2]]))
        change_id = r.json["change_id"]
        # Nothing changed silently: i1 keeps its degree, flagged for review.
        r = self.req("GET", "/v1/information/%s" % i1, token=self.so)
        self.assertEqual(r.json["degree"], "special_importance")
        self.assertEqual(r.json["state"], "classified")
        self.assertTrue(r.json["review_required"])
        self.assertEqual(r.json["reviews"][-1]["change_id"], change_id)
        r = self.req("GET", "/v1/information/%s" % i3, token=self.so)
        self.assertFalse(r.json["review_required"])
        # The change and its affected sets are kept on the list item.
        r = self.req("GET", "/v1/list-items/%s" % a, token=self.so)
        self.assertEqual(r.json["degree"], "top_secret")
        ch = r.json["changes"][-1]
        self.assertEqual(ch["id"], change_id)
        self.assertEqual((ch["from_degree"], ch["to_degree"]), ("special_importance", "top_secret"))
        self.assertEqual(sorted(ch["affected"]["information"]), sorted([i1, i2]))
        self.assertEqual(ch["coordination"], coord)
        # Removing K1: the same items again; then it is no basis any more.
        r = self.req("POST", "/v1/list-items/%s/change" % a, {"removed": True, "coordination": coord,
                                                             "effective_date": "2025-01-10"},
                     self.head)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(sorted(r.json["affected"]["information"]), sorted([i1, i2]))
        r = self.req("GET", "/v1/list-items/%s" % a, token=self.so)
        self.assertEqual(r.json["state"], "removed")
        self.assertEqual(len(r.json["changes"]), 2)
        # basis_required (Art. 20.1): no basis from the removal's day on ...
        r = self.info(list_item_id=a, classified_on="2025-01-10", declassify_on="2035-01-01")
        self.assertError(r, 422, "basis_required", article="20.1")
        # ... but a classification dated while the item was in force stands,
        # flagged for review as the removal's cascade flagged the others.
        r = self.info(list_item_id=a)
        self.assertEqual(r.status, 201, r)
        self.assertTrue(r.json["review_required"])
        self.assertEqual(r.json["review_reason"], "list_changed")
        r = self.req("POST", "/v1/list-items/%s/change" % a, {"degree": "confidential",
                                                             "coordination": coord}, self.head)
        self.assertError(r, 409, "invalid_state")
        r = self.req("GET", "/v1/lists/%s" % lid, token=self.so)
        self.assertEqual(r.json["version"], 3)
        # The change is in the audit log.
        acts = [x for x in self.audit_all() if x.get("action") == "list_item.change"]
        self.assertTrue(acts)
        # Malformed changes.
        r = self.req("POST", "/v1/list-items/%s/change" % b, {"coordination": coord}, self.head)
        self.assertError(r, 400, "missing_field", field="degree")
        r = self.req("POST", "/v1/list-items/%s/change" % b,
                     {"degree": "confidential", "removed": True, "coordination": coord}, self.head)
        self.assertError(r, 400, "invalid_value", field="removed")
        r = self.req("POST", "/v1/list-items/%s/change" % b,
                     {"degree": "confidential", "coordination": {"nsc_ref": 5}}, self.head)
        self.assertError(r, 400, "invalid_type")

    # ---- scope, input ----------------------------------------------------

    def test_scope_and_input(self):
        so2, head2 = self.w2.t("security_officer"), self.w2.t("head")
        r = self.req("POST", "/v1/lists/%s/items" % self.list_id,
                     {"code": "Z", "text": "t", "degree": "confidential", "basis": "11.1"}, so2)
        self.assertError(r, 403, "forbidden_org")
        r = self.req("GET", "/v1/lists/%s" % self.list_id, token=head2)
        self.assertError(r, 403, "forbidden_org")
        r = self.req("POST", "/v1/lists", {"org_id": self.w.org, "title": "x"}, so2)
        self.assertError(r, 403, "forbidden_org")
        r = self.req("GET", "/v1/lists/list_0000000000000000", token=self.so)
        self.assertError(r, 404, "not_found")
        lid, _ = self.make_list(self.w, [])
        base = {"code": "B1", "text": "t", "degree": "confidential", "basis": "11.1"}
        r = self.req("POST", "/v1/lists/%s/items" % lid, dict(base, basis="99.9"), self.so)
        self.assertError(r, 400, "invalid_value", field="basis")
        r = self.req("POST", "/v1/lists/%s/items" % lid, dict(base, basis="17.1.1"), self.so)
        self.assertError(r, 400, "invalid_value", field="basis")
        r = self.req("POST", "/v1/lists/%s/items" % lid, dict(base, text={"en": "t"}), self.so)
        self.assertError(r, 400, "invalid_type", field="text")
        r = self.req("POST", "/v1/lists/%s/items" % lid, dict(base, degree="secret"), self.so)
        self.assertError(r, 400, "invalid_value", field="degree")
        r = self.req("POST", "/v1/lists/%s/items" % lid, dict(base, colour="red"), self.so)
        self.assertError(r, 400, "unknown_field", field="colour")
        r = self.req("POST", "/v1/lists/%s/items" % lid, base, self.so)
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["list_version"], 1)
        r = self.req("POST", "/v1/lists/%s/items" % lid, base, self.so)
        self.assertError(r, 409, "duplicate", field="code")
        r = self.info(title=None)
        self.assertError(r, 400, "missing_field", field="title")
        r = self.info(colour="red")
        self.assertError(r, 400, "unknown_field", field="colour")
        r = self.req("GET", "/v1/information?org_id=%s" % self.w.org, token=self.w2.t("head"))
        self.assertEqual(r.status, 200, r)
        self.assertTrue(all(x["org_id"] == self.w2.org for x in r.json["items"]))

    def test_messages_in_three_languages(self):
        msgs = set()
        for lang in ("en", "ru", "kk"):
            r = self.req("POST", "/v1/information", {
                "title": "t", "org_id": self.w.org, "list_item_id": self.item_old,
                "degree": "top_secret", "classified_on": "2000-01-01",
                "declassify_on": "2031-01-01"}, self.cls_token, lang=lang)
            self.assertError(r, 422, "term_exceeds_limit", article="20, 20.3")
            self.assertIn("20.3", r.error["message"])
            msgs.add(r.error["message"])
        self.assertEqual(len(msgs), 3)


if __name__ == "__main__":
    unittest.main(verbosity=2)
