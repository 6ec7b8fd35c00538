"""test_carriers.py - the carrier registry over HTTP (Law "On State Secrets"
Art. 1, 18, 28, 33, 34; SPEC.md §2 "Carrier", "Inventory", §3).

One test per rule code delivered here (label_mismatch, derived_label,
org_permit_missing), each proving the allowed and the refused case (422,
error.code, error.article); then the registry: copies issued and returned
with the circulation journal, destruction with its act, archiving, an
inventory whose missing copy opens an incident, paging and filters.
"""
import unittest

from carrier_world import TODAY, CarrierWorld
from qupiya_test import ServerTest


class CarriersTest(ServerTest):
    clock = TODAY

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.a = CarrierWorld(cls.srv, 1, permit="top_secret")
        cls.b = CarrierWorld(cls.srv, 2, permit=None)
        cls.c = CarrierWorld(cls.srv, 3, permit="special_importance")   # inventory only

    def post(self, path, body, token=None):
        return self.req("POST", path, body, token or self.a.so)

    def create(self, body, token=None):
        return self.post("/v1/carriers", body, token)

    # ---- one test per rule code ------------------------------------------

    def test_label_mismatch(self):
        a = self.a
        # Allowed: the label equals the highest degree it carries.
        r = self.create(a.carrier_body("top_secret", info=[a.info["confidential"], a.info["top_secret"]]))
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["label"], "top_secret")
        self.assertEqual(r.json["state"], "registered")
        # Allowed: preliminary information counts with its degree (Art. 20.2).
        r = self.create(a.carrier_body("top_secret", info=[a.prelim]))
        self.assertEqual(r.status, 201, r)
        # Refused: lower than the information (write-down).
        r = self.create(a.carrier_body("confidential", info=[a.info["top_secret"]]))
        self.assertError(r, 422, "label_mismatch", article="18")
        r = self.create(a.carrier_body("confidential", info=[a.prelim]))
        self.assertError(r, 422, "label_mismatch", article="18")
        # Refused: higher than the information.
        r = self.create(a.carrier_body("top_secret", info=[a.info["confidential"]]))
        self.assertError(r, 422, "label_mismatch", article="18")
        # Refused: a label without classified information (empty or absent).
        r = self.create(a.carrier_body("confidential", info=[]))
        self.assertError(r, 422, "label_mismatch", article="18")
        r = self.create(a.carrier_body("confidential", information_ids=None))
        self.assertError(r, 422, "label_mismatch", article="18")
        # Messages in the caller's language.
        r = self.req("POST", "/v1/carriers", a.carrier_body("confidential", info=[]), a.so, lang="ru")
        self.assertError(r, 422, "label_mismatch")
        self.assertIn("Гриф", r.error["message"])

    def test_derived_label(self):
        a = self.a
        src = a.carrier("top_secret")
        # Refused: an extract of a top_secret carrier labelled confidential.
        r = self.create(a.carrier_body("confidential", info=[a.info["confidential"]],
                                       source_carrier_ids=[src["id"]]))
        self.assertError(r, 422, "derived_label", article="18")
        # Allowed: at least the source's label.
        r = self.create(a.carrier_body("top_secret", info=[a.info["confidential"]],
                                       source_carrier_ids=[src["id"]]))
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["source_carrier_ids"], [src["id"]])
        # An unknown source is 404 naming the field.
        r = self.create(a.carrier_body("confidential", info=[a.info["confidential"]],
                                       source_carrier_ids=["carrier_00000000000000ff"]))
        self.assertError(r, 404, "not_found", field="source_carrier_ids")

    def test_org_permit_missing(self):
        a, b = self.a, self.b
        # Refused: the permit (top_secret) does not cover special_importance.
        r = self.create(a.carrier_body("special_importance"))
        self.assertError(r, 422, "org_permit_missing", article="34")
        # Refused: an organization without any permit.
        body = b.carrier_body("confidential")
        r = self.create(body, b.so)
        self.assertError(r, 422, "org_permit_missing", article="34")
        # Refused: an expired permit does not count.
        b.add_permit("top_secret", issued_on="2020-01-01", valid_until="2025-05-31")
        r = self.create(body, b.so)
        self.assertError(r, 422, "org_permit_missing", article="34")
        # Allowed once a current permit covers the label.
        b.add_permit("confidential")
        r = self.create(body, b.so)
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["org_id"], b.org)

    # ---- registration ----------------------------------------------------

    def test_create_whole_object(self):
        a = self.a
        info = a.information("top_secret", declassify_on="2040-01-01")
        body = a.carrier_body("top_secret", info=[a.info["top_secret"], info], copies=3, sheets=0)
        r = self.create(body)
        self.assertEqual(r.status, 201, r)
        c = r.json
        self.assertTrue(c["id"])
        for k in ("org_id", "account_number", "kind", "title", "label", "information_ids", "sheets"):
            self.assertEqual(c[k], body[k], k)
        self.assertEqual([x["number"] for x in c["copies"]], [1, 2, 3])
        self.assertTrue(all(x["holder"] is None for x in c["copies"]))
        # declassify_on defaults to the latest of its information.
        self.assertEqual(c["declassify_on"], "2040-01-01")
        self.assertEqual([m["kind"] for m in c["movements"]], ["registered"])
        # An explicit declassify_on is kept (not before its information's,
        # 2034-05-10: term_mismatch, Art. 18, 20).
        r = self.create(a.carrier_body("top_secret", declassify_on="2036-01-01"))
        self.assertEqual(r.json["declassify_on"], "2036-01-01")
        # GET: the registry record.
        for role in ("security_officer", "head", "auditor"):
            g = self.req("GET", "/v1/carriers/%s" % c["id"], token=a.w.t(role))
            self.assertEqual(g.status, 200, g)
            self.assertEqual(g.json["copies"], c["copies"])
        g = self.req("GET", "/v1/carriers/%s" % c["id"], token=a.w.t("employee"))
        self.assertError(g, 403, "forbidden_role")
        # Another organization, which neither holds, disposes of nor audits
        # it, does not see it (SPEC.md §3 after the access table).
        g = self.req("GET", "/v1/carriers/%s" % c["id"], token=self.b.so)
        self.assertError(g, 404, "not_found")
        g = self.req("GET", "/v1/carriers/carrier_00000000000000ee", token=a.so)
        self.assertError(g, 404, "not_found")

    def test_duplicate_account_number(self):
        a = self.a
        body = a.carrier_body("top_secret")
        self.assertEqual(self.create(body).status, 201)
        r = self.create(body)
        self.assertError(r, 409, "duplicate", field="account_number")
        # 409 comes before 422 (SPEC.md §5).
        r = self.create(dict(body, label="confidential"))
        self.assertError(r, 409, "duplicate", field="account_number")

    def test_input_errors(self):
        a = self.a
        for field, value, code in [("kind", "scroll", "invalid_value"), ("copies", 0, "invalid_value"),
                                   ("sheets", -1, "invalid_value"), ("label", "secret", "invalid_value"),
                                   ("declassify_on", "2030-02-30", "invalid_date"),
                                   ("copies", "2", "invalid_type")]:
            r = self.create(dict(a.carrier_body("top_secret"), **{field: value}))
            self.assertError(r, 400, code, field=field)
        r = self.create(dict(a.carrier_body("top_secret"), colour="red"))
        self.assertError(r, 400, "unknown_field", field="colour")
        r = self.create(a.carrier_body("top_secret", info=["info_00000000000000aa"]))
        self.assertError(r, 404, "not_found", field="information_ids")
        r = self.create(a.carrier_body("top_secret"), self.b.so)
        self.assertError(r, 403, "forbidden_org")
        r = self.create(a.carrier_body("top_secret"), a.w.t("head"))
        self.assertError(r, 403, "forbidden_role")

    # ---- copies ----------------------------------------------------------

    def test_copy_issue_return_journal(self):
        a = self.a
        c = a.carrier("top_secret", copies=3)
        cid = c["id"]
        p1 = a.cleared("top_secret", carrier=cid)
        p2 = a.cleared("special_importance", carrier=cid)
        r = self.post("/v1/carriers/%s/issue" % cid, {"person_id": p1, "copy_number": 2})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["state"], "issued")
        self.assertEqual(r.json["copies"][1]["holder"], p1)
        self.assertEqual(r.json["copies"][1]["state"], "issued")
        # A copy already out is not issued again (409).
        r = self.post("/v1/carriers/%s/issue" % cid, {"person_id": p2, "copy_number": 2})
        self.assertError(r, 409, "invalid_state", field="copy_number")
        r = self.post("/v1/carriers/%s/issue" % cid, {"person_id": p2, "copy_number": 3})
        self.assertEqual(r.status, 200, r)
        # A copy in the registry is not returned; nor by another person.
        r = self.post("/v1/carriers/%s/return" % cid, {"person_id": p1, "copy_number": 1})
        self.assertError(r, 409, "invalid_state")
        r = self.post("/v1/carriers/%s/return" % cid, {"person_id": p2, "copy_number": 2})
        self.assertError(r, 409, "invalid_state")
        # Copy numbers are 1..n.
        r = self.post("/v1/carriers/%s/issue" % cid, {"person_id": p1, "copy_number": 4})
        self.assertError(r, 400, "invalid_value", field="copy_number")
        # Destroying needs every copy back.
        r = self.post("/v1/carriers/%s/destroy" % cid, {"act_number": "A-1"})
        self.assertError(r, 409, "invalid_state")
        r = self.post("/v1/carriers/%s/return" % cid, {"person_id": p1, "copy_number": 2})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["state"], "issued")   # copy 3 is still out
        r = self.post("/v1/carriers/%s/return" % cid, {"person_id": p2, "copy_number": 3})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["state"], "registered")
        self.assertTrue(all(x["holder"] is None and x["state"] == "in_registry" for x in r.json["copies"]))
        # The journal: who held which copy when.
        j = [(m["kind"], m["copy_number"], m["person_id"]) for m in r.json["movements"]]
        self.assertEqual(j, [("registered", None, None), ("issued", 2, p1), ("issued", 3, p2),
                             ("returned", 2, p1), ("returned", 3, p2)])
        self.assertTrue(all(m["date"] == TODAY for m in r.json["movements"]))
        r = self.req("GET", "/v1/carriers/%s/movements?limit=2" % cid, token=a.auditor)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(len(r.json["items"]), 2)
        self.assertIsNotNone(r.json["next"])

    def test_issue_refused_by_access(self):
        a = self.a
        c = a.carrier("top_secret")
        p = a.person()   # no clearance, no grant
        r = self.post("/v1/carriers/%s/issue" % c["id"], {"person_id": p, "copy_number": 1})
        self.assertError(r, 422, "clearance_insufficient", article="29.2")
        g = self.req("GET", "/v1/carriers/%s" % c["id"], token=a.so)
        self.assertEqual(g.json["state"], "registered")
        self.assertEqual(len(g.json["movements"]), 1)

    # ---- destruction, archiving --------------------------------------------

    def test_destroyed_still_listed_with_act(self):
        a = self.a
        c = a.carrier("top_secret")
        r = self.post("/v1/carriers/%s/destroy" % c["id"], {"act_number": "ACT-77",
                                                             "effective_date": "2025-05-30"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["state"], "destroyed")
        self.assertEqual(r.json["destruction"]["act_number"], "ACT-77")
        self.assertEqual(r.json["destruction"]["date"], "2025-05-30")
        self.assertEqual(r.json["movements"][-1]["kind"], "destroyed")
        self.assertEqual(r.json["movements"][-1]["act_number"], "ACT-77")
        # Still in the registry, with its act.
        r = self.req("GET", "/v1/carriers?state=destroyed&account_number=%s" % c["account_number"],
                     token=a.so)
        self.assertEqual(r.status, 200, r)
        self.assertEqual([x["id"] for x in r.json["items"]], [c["id"]])
        self.assertEqual(r.json["items"][0]["destruction"]["act_number"], "ACT-77")
        # Destroyed is final; an act number is required.
        r = self.post("/v1/carriers/%s/destroy" % c["id"], {"act_number": "ACT-78"})
        self.assertError(r, 409, "invalid_state")
        r = self.post("/v1/carriers/%s/archive" % c["id"], {"archive_ref": "F-1"})
        self.assertError(r, 409, "invalid_state")
        c2 = a.carrier("top_secret")
        r = self.post("/v1/carriers/%s/destroy" % c2["id"], {})
        self.assertError(r, 400, "missing_field", field="act_number")

    def test_archive(self):
        a = self.a
        c = a.carrier("top_secret")
        r = self.post("/v1/carriers/%s/archive" % c["id"], {"archive_ref": "Fund 5, inv. 2"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["state"], "archived")
        self.assertEqual(r.json["archive"]["archive_ref"], "Fund 5, inv. 2")
        # no archive named: archive_org_id is null, in the act and its entry (as 0.1.0)
        self.assertIn("archive_org_id", r.json["archive"])
        self.assertIsNone(r.json["archive"]["archive_org_id"])
        entry = [m for m in r.json["movements"] if m["kind"] == "archived"][0]
        self.assertIn("archive_org_id", entry)
        self.assertIsNone(entry["archive_org_id"])
        r = self.post("/v1/carriers/%s/archive" % c["id"], {"archive_ref": "again"})
        self.assertError(r, 409, "invalid_state")

    # ---- inventory -----------------------------------------------------------

    def test_inventory_missing_copy_opens_incident(self):
        b = self.c   # an organization of its own: exactly these carriers are expected
        c1 = b.carrier("top_secret", copies=2)
        c2 = b.carrier("confidential", copies=1)
        gone = b.carrier("confidential", copies=1)
        self.post("/v1/carriers/%s/destroy" % gone["id"], {"act_number": "D-1"}, b.so)
        p = b.cleared("top_secret", carrier=c1["id"])
        r = self.post("/v1/carriers/%s/issue" % c1["id"], {"person_id": p, "copy_number": 2}, b.so)
        self.assertEqual(r.status, 200, r)
        r = self.post("/v1/inventories", {"org_id": b.org}, b.so)
        self.assertEqual(r.status, 201, r)
        inv = r.json["id"]
        self.assertEqual(r.json["state"], "open")
        marks = [(c1["id"], 1, True), (c1["id"], 2, False), (c2["id"], 1, True),
                 (gone["id"], 1, True)]
        for car, n, found in marks:
            r = self.post("/v1/inventories/%s/marks" % inv, {"carrier_id": car, "copy_number": n,
                                                             "found": found}, b.so)
            self.assertEqual(r.status, 201, r)
        # The last mark of a copy counts: copy 2 of c1 is then not found either.
        r = self.post("/v1/inventories/%s/marks" % inv, {"carrier_id": c1["id"], "copy_number": 2,
                                                         "found": False}, b.so)
        self.assertEqual(r.status, 200, r)
        r = self.post("/v1/inventories/%s/marks" % inv, {"carrier_id": c1["id"], "copy_number": 9,
                                                         "found": True}, b.so)
        self.assertError(r, 400, "invalid_value", field="copy_number")
        r = self.post("/v1/inventories/%s/close" % inv, {}, b.so)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["state"], "closed")
        d = r.json["discrepancies"]
        missing = [(x["carrier_id"], x["copy_number"]) for x in d if x["kind"] == "missing"]
        unexpected = [(x["carrier_id"], x["copy_number"]) for x in d if x["kind"] == "unexpected"]
        self.assertEqual(missing, [(c1["id"], 2)])
        self.assertEqual(unexpected, [(gone["id"], 1)])
        self.assertEqual(d[0]["holder"], p)
        self.assertEqual(len(r.json["incident_ids"]), 1)
        self.assertEqual((r.json["checked"], r.json["found"]), (3, 2))
        inc = self.req("GET", "/v1/incidents/%s" % r.json["incident_ids"][0], token=b.so)
        if inc.status == 200:   # the incidents endpoints belong to a later issue
            self.assertEqual(inc.json["state"], "open")
        # Closed: no more marks.
        r = self.post("/v1/inventories/%s/marks" % inv, {"carrier_id": c2["id"], "copy_number": 1,
                                                         "found": True}, b.so)
        self.assertError(r, 409, "invalid_state")
        r = self.post("/v1/inventories/%s/close" % inv, {}, b.so)
        self.assertError(r, 409, "invalid_state")
        g = self.req("GET", "/v1/inventories/%s" % inv, token=b.auditor)
        self.assertEqual(g.status, 200, g)
        self.assertEqual(g.json["discrepancies"], d)
        # Another organization's officer may not open an inventory here.
        r = self.post("/v1/inventories", {"org_id": b.org}, self.a.so)
        self.assertError(r, 403, "forbidden_org")

    # ---- listing -------------------------------------------------------------

    def test_list_paging_and_filters(self):
        a = self.a
        made = [a.carrier("top_secret" if i % 2 else "confidential") for i in range(5)]
        ids = [c["id"] for c in made]
        p = a.cleared("top_secret", carrier=ids[1])
        r = self.post("/v1/carriers/%s/issue" % ids[1], {"person_id": p, "copy_number": 1})
        self.assertEqual(r.status, 200, r)

        def all_pages(query, limit=2):
            out, after = [], None
            while True:
                q = query + "&limit=%d" % limit + ("&after=%s" % after if after else "")
                r = self.req("GET", "/v1/carriers?" + q, token=a.so)
                self.assertEqual(r.status, 200, r)
                self.assertLessEqual(len(r.json["items"]), limit)
                out += r.json["items"]
                after = r.json["next"]
                if after is None:
                    return out

        every = all_pages("org_id=%s" % a.org)
        self.assertEqual([x["id"] for x in every], sorted([x["id"] for x in every],
                                                           key=[x["id"] for x in every].index))
        self.assertTrue(set(ids) <= {x["id"] for x in every})
        conf = all_pages("label=confidential")
        self.assertTrue(all(x["label"] == "confidential" for x in conf))
        self.assertTrue({ids[0], ids[2], ids[4]} <= {x["id"] for x in conf})
        self.assertFalse({ids[1], ids[3]} & {x["id"] for x in conf})
        held = all_pages("holder=%s" % p)
        self.assertEqual([x["id"] for x in held], [ids[1]])
        self.assertEqual(all_pages("holder=%s&label=confidential" % p), [])
        self.assertEqual([x["id"] for x in all_pages("holder=%s&label=top_secret&state=issued" % p)],
                         [ids[1]])
        issued = all_pages("state=issued")
        self.assertIn(ids[1], [x["id"] for x in issued])
        self.assertTrue(all(x["state"] == "issued" for x in issued))
        one = all_pages("account_number=%s" % made[3]["account_number"])
        self.assertEqual([x["id"] for x in one], [ids[3]])
        # After the return the holder filter no longer finds it.
        r = self.post("/v1/carriers/%s/return" % ids[1], {"person_id": p, "copy_number": 1})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(all_pages("holder=%s" % p), [])
        # Scope: an officer sees its own organization; the auditor any.
        r = self.req("GET", "/v1/carriers?org_id=%s" % a.org, token=self.b.so)
        self.assertError(r, 403, "forbidden_org")
        r = self.req("GET", "/v1/carriers?limit=1000", token=self.b.so)
        self.assertFalse(set(ids) & {x["id"] for x in r.json["items"]})
        r = self.req("GET", "/v1/carriers?org_id=%s&limit=1000" % a.org, token=a.auditor)
        self.assertTrue(set(ids) <= {x["id"] for x in r.json["items"]})
        for q, field in [("label=secret", "label"), ("state=gone", "state"), ("limit=0", "limit"),
                         ("after=x", "after")]:
            r = self.req("GET", "/v1/carriers?" + q, token=a.so)
            self.assertError(r, 400, "invalid_value", field=field)


if __name__ == "__main__":
    unittest.main()
