"""test_carrier_provisions.py - the classification provisions that a carrier's
registration enforces since issue 10 (Law "On State Secrets" Art. 18, 19, 20;
SPEC.md §3 "Classification"): derived_label and label_mismatch with
declassified sources and information, term_exceeds_limit for carriers,
term_mismatch, owner_contract_required and foreign_owner_protected. Each test
is named after its code and proves the allowed and the refused case.
"""
import itertools
import unittest

from carrier_world import TODAY, CarrierWorld
from qupiya_test import ServerTest, make_ident

_n = itertools.count(930000)


class CarrierProvisionsTest(ServerTest):
    clock = TODAY

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.a = CarrierWorld(cls.srv, 1, permit="special_importance")
        r = cls.srv.request("GET", "/v1/orgs/%s" % cls.a.org, token=cls.a.so)
        assert r.status == 200, r
        cls.bin = r.json["bin"]

    def create(self, body):
        return self.req("POST", "/v1/carriers", body, self.a.so)

    def declassify_info(self, info):
        r = self.req("POST", "/v1/information/%s/declassify" % info,
                     {"ground": "circumstances_changed"}, self.a.head)
        self.assertEqual(r.status, 200, r)

    def declassify_carrier(self, car):
        r = self.req("POST", "/v1/carriers/%s/declassify" % car,
                     {"ground": "circumstances_changed"}, self.a.head)
        self.assertEqual(r.status, 200, r)

    # ---- Art. 18 ----------------------------------------------------------

    def test_derived_label_declassified_source(self):
        a = self.a
        conf = [a.info["confidential"]]
        src = a.carrier("top_secret")["id"]
        # Refused: below a source still classified.
        r = self.create(a.carrier_body("confidential", info=conf, source_carrier_ids=[src]))
        self.assertError(r, 422, "derived_label", article="18")
        # Allowed once the source is declassified: it imposes nothing.
        self.declassify_carrier(src)
        r = self.create(a.carrier_body("confidential", info=conf, source_carrier_ids=[src]))
        self.assertEqual(r.status, 201, r)
        # ... and no longer justifies its label either.
        r = self.create(a.carrier_body("top_secret", info=conf, source_carrier_ids=[src]))
        self.assertError(r, 422, "label_mismatch", article="18")
        # A classified source beside it still counts.
        other = a.carrier("top_secret")["id"]
        r = self.create(a.carrier_body("confidential", info=conf, source_carrier_ids=[src, other]))
        self.assertError(r, 422, "derived_label", article="18")

    def test_label_mismatch_declassified_information(self):
        a = self.a
        gone = a.information("confidential")
        self.declassify_info(gone)
        # Refused: only declassified information: no label without secrets.
        r = self.create(a.carrier_body("confidential", info=[gone]))
        self.assertError(r, 422, "label_mismatch", article="18")
        # Allowed: with classified information beside it.
        r = self.create(a.carrier_body("confidential", info=[gone, a.info["confidential"]]))
        self.assertEqual(r.status, 201, r)

    # ---- Art. 20 ----------------------------------------------------------

    def test_term_exceeds_limit_carrier(self):
        a = self.a
        # Thirty years from the registration (effective_date), to the day.
        r = self.create(a.carrier_body("top_secret", declassify_on="2055-06-01"))
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["declassify_on"], "2055-06-01")
        r = self.create(a.carrier_body("top_secret", declassify_on="2055-06-02"))
        self.assertError(r, 422, "term_exceeds_limit", article="20, 20.3")
        self.assertEqual(r.error.get("field"), "declassify_on")
        # A registration dated earlier counts from its own date.
        r = self.create(a.carrier_body("top_secret", declassify_on="2055-01-11",
                                       effective_date="2025-01-10"))
        self.assertError(r, 422, "term_exceeds_limit", article="20, 20.3")
        r = self.create(a.carrier_body("top_secret", declassify_on="2055-01-10",
                                       effective_date="2025-01-10"))
        self.assertEqual(r.status, 201, r)

    def test_term_mismatch(self):
        a = self.a
        late = a.information("top_secret", declassify_on="2040-01-01")
        info = [a.info["top_secret"], late]   # 2034-05-10 and 2040-01-01
        # Refused: before the latest term of its information.
        r = self.create(a.carrier_body("top_secret", info=info, declassify_on="2039-12-31"))
        self.assertError(r, 422, "term_mismatch", article="18, 20")
        self.assertEqual(r.error.get("field"), "declassify_on")
        # Allowed: on it or later; by default it is that term.
        r = self.create(a.carrier_body("top_secret", info=info, declassify_on="2040-01-01"))
        self.assertEqual(r.status, 201, r)
        r = self.create(a.carrier_body("top_secret", info=info))
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["declassify_on"], "2040-01-01")
        # Declassified information imposes nothing.
        gone = a.information("top_secret", declassify_on="2044-01-01")
        self.declassify_info(gone)
        r = self.create(a.carrier_body("top_secret", info=[a.info["top_secret"], gone],
                                       declassify_on="2034-05-10"))
        self.assertEqual(r.status, 201, r)
        r = self.create(a.carrier_body("top_secret", info=[a.info["top_secret"], gone],
                                       declassify_on="2034-05-09"))
        self.assertError(r, 422, "term_mismatch", article="18, 20")

    # ---- Art. 19 ----------------------------------------------------------

    def citizen(self):
        return {"kind": "citizen", "name": "Citizen %d" % next(_n), "iin": make_ident(next(_n))}

    def contract(self, **kw):
        c = {"contract_ref": "AL-%d" % next(_n), "compensation": 150000,
             "non_disclosure_signed_on": "2025-05-20"}
        for k, v in kw.items():
            if v is None:
                c.pop(k)
            else:
                c[k] = v
        return c

    def test_owner_contract_required(self):
        a = self.a
        body = lambda **kw: a.carrier_body("top_secret", **kw)
        # Refused: a citizen's carrier without a contract or court decision.
        r = self.create(body(owner=self.citizen()))
        self.assertError(r, 422, "owner_contract_required", article="19.1, 19.2")
        # Refused: a contract missing what Art. 19.2 says it stipulates (a
        # field the rule needs: 422, not 400).
        r = self.create(body(owner=self.citizen(), alienation=self.contract(compensation=None)))
        self.assertError(r, 422, "owner_contract_required", article="19.1, 19.2")
        self.assertEqual(r.error.get("field"), "alienation.compensation")
        r = self.create(body(owner=self.citizen(),
                             alienation=self.contract(non_disclosure_signed_on=None)))
        self.assertError(r, 422, "owner_contract_required")
        r = self.create(body(owner=self.citizen(), alienation=self.contract(contract_ref=None)))
        self.assertError(r, 422, "owner_contract_required")
        # Refused: another organization's carrier without a contract.
        org_owner = {"kind": "organization", "name": "Plant", "bin": make_ident(next(_n))}
        r = self.create(body(owner=org_owner))
        self.assertError(r, 422, "owner_contract_required", article="19.1, 19.2")
        # Allowed: with the contract, kept on the record.
        owner, contract = self.citizen(), self.contract()
        r = self.create(body(owner=owner, alienation=contract))
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["owner"], owner)
        self.assertEqual(r.json["alienation"], contract)
        r = self.req("GET", "/v1/carriers/%s" % r.json["id"], token=a.so)
        self.assertEqual(r.json["owner"], owner)
        # Allowed: by a court decision on compulsory acquisition.
        r = self.create(body(owner=org_owner, court_ref="Court 3-45/2025"))
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["court_ref"], "Court 3-45/2025")
        # Allowed: the registering organization named as owner, and no owner.
        r = self.create(body(owner={"kind": "organization", "name": "Us", "bin": self.bin}))
        self.assertEqual(r.status, 201, r)
        r = self.create(body())
        self.assertEqual(r.status, 201, r)
        self.assertNotIn("owner", r.json)
        # Malformed owner fields are 400 naming the field.
        bad_iin = make_ident(next(_n))
        bad_iin = bad_iin[:11] + str((int(bad_iin[11]) + 1) % 10)
        for fields, code, field in [
                (dict(owner={"kind": "alien", "name": "X"}), "invalid_value", "owner.kind"),
                (dict(owner={"kind": "citizen"}), "missing_field", "owner.name"),
                (dict(owner={"kind": "citizen", "name": "X", "iin": bad_iin}),
                 "invalid_check_digit", "owner.iin"),
                (dict(owner={"kind": "organization", "name": "X", "iin": make_ident(1)}),
                 "invalid_value", "owner.iin"),
                (dict(owner={"kind": "citizen", "name": "X", "bin": make_ident(2)}),
                 "invalid_value", "owner.bin"),
                (dict(owner={"kind": "citizen", "name": "X", "colour": 1}),
                 "unknown_field", "owner.colour"),
                (dict(alienation=self.contract()), "invalid_value", "alienation"),
                (dict(court_ref="Court 1"), "invalid_value", "court_ref"),
                (dict(owner=self.citizen(), alienation=self.contract(), court_ref="C"),
                 "invalid_value", "court_ref"),
                (dict(owner=self.citizen(), alienation=self.contract(compensation="much")),
                 "invalid_type", "alienation.compensation"),
                (dict(owner=self.citizen(), alienation=self.contract(compensation=-1)),
                 "invalid_value", "alienation.compensation"),
                (dict(owner=self.citizen(),
                      alienation=self.contract(non_disclosure_signed_on="2025-06-02")),
                 "date_in_future", "alienation.non_disclosure_signed_on"),
                (dict(owner="citizen"), "invalid_type", "owner")]:
            r = self.create(body(**fields))
            self.assertError(r, 400, code, field=field)
        # Messages in the three languages.
        msgs = set()
        for lang in ("en", "ru", "kk"):
            r = self.req("POST", "/v1/carriers", body(owner=self.citizen()), a.so, lang=lang)
            self.assertError(r, 422, "owner_contract_required")
            msgs.add(r.error["message"])
        self.assertEqual(len(msgs), 3)

    def test_foreign_owner_protected(self):
        a = self.a
        foreign = {"kind": "foreign", "name": "Foreign Corp"}
        # Refused: a foreign owner's carrier, with or without a contract.
        r = self.create(a.carrier_body("top_secret", owner=foreign))
        self.assertError(r, 422, "foreign_owner_protected", article="19.4")
        r = self.create(a.carrier_body("top_secret", owner=foreign, alienation=self.contract()))
        self.assertError(r, 422, "foreign_owner_protected", article="19.4")
        r = self.create(a.carrier_body("top_secret", owner=foreign, court_ref="Court 9"))
        self.assertError(r, 422, "foreign_owner_protected", article="19.4")
        # Allowed: a citizen's carrier with its contract.
        r = self.create(a.carrier_body("top_secret", owner=self.citizen(),
                                       alienation=self.contract()))
        self.assertEqual(r.status, 201, r)
        # The refusals are audited with their code.
        refused, after = [], None
        while True:
            r = self.req("GET", "/v1/audit?limit=1000" + ("&after=%s" % after if after else ""),
                         token=a.auditor)
            self.assertEqual(r.status, 200, r)
            refused += [x for x in r.json["items"] if x.get("outcome") == "refused" and
                        x.get("code") == "foreign_owner_protected"]
            after = r.json.get("next")
            if after is None or not r.json["items"]:
                break
        self.assertGreaterEqual(len(refused), 3, refused)


if __name__ == "__main__":
    unittest.main()
