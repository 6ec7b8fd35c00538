"""carrier_world.py - helpers shared by test_carriers.py and
test_access_api.py: an organization with a permit, a classifier, an approved
list and information items of each degree, persons with clearances and
grants, carriers. Everything is built through the API; the classifier and
the list come from classify_world.py (shared with declass_world.py).
"""
import itertools

from classify_world import add_classifier, add_person, approved_list
from qupiya_test import World

_n = itertools.count(700000)

TODAY = "2025-06-01"


class CarrierWorld:
    """World(n) plus: permit (degree or None), classifier, list, info items
    info[degree] (classified) and prelim (preliminary top_secret)."""

    def __init__(self, srv, n, permit="top_secret"):
        self.srv = srv
        self.w = World(srv, n)
        self.org = self.w.org
        self.admin = self.w.admin
        self.so = self.w.t("security_officer")
        self.head = self.w.t("head")
        self.nsc = self.w.t("nsc_officer")
        self.auditor = self.w.t("auditor")
        self.permits = []
        if permit:
            self.add_permit(permit)
        # A classifier official and an approved list with one item per degree.
        self.cls = add_classifier(srv, self.admin, self.org, self.person(), "cls%d" % n)
        _, self.items, _ = approved_list(
            srv, self.so, self.head, self.org,
            [(d, c, d) for c, d in [("1", "confidential"), ("2", "top_secret"),
                                    ("3", "special_importance")]])
        self.info = {d: self.information(d) for d in self.items}
        r = srv.request("POST", "/v1/information", {
            "title": "Preliminary", "org_id": self.org, "preliminary": True,
            "degree": "top_secret", "classified_on": "2025-05-20", "declassify_on": "2045-05-20"},
            self.cls)
        assert r.status == 201, r
        self.prelim = r.json["id"]

    def add_permit(self, degree, issued_on="2024-01-01", valid_until="2027-01-01"):
        r = self.srv.request("POST", "/v1/orgs/%s/permits" % self.org, {
            "degree": degree, "number": "P-%d" % next(_n), "issued_on": issued_on,
            "valid_until": valid_until}, self.nsc)
        assert r.status == 201, r
        self.permits.append(r.json["id"])
        return r.json["id"]

    def information(self, degree, declassify_on="2034-05-10"):
        r = self.srv.request("POST", "/v1/information", {
            "title": "Info %s" % degree, "org_id": self.org, "list_item_id": self.items[degree],
            "degree": degree, "classified_on": "2024-05-10", "declassify_on": declassify_on},
            self.cls)
        assert r.status == 201, r
        return r.json["id"]

    def person(self):
        return add_person(self.srv, self.org, self.so, next(_n))

    def clearance(self, person, form, decision="grant"):
        """Registration with the five prerequisites of Art. 29.1 recorded,
        then the head's decision (None: left registering, ready for it)."""
        return self.w.clear(person, form, decision=decision)

    def grant(self, person, carrier=None, information=None, until="2026-12-31", **kw):
        body = {"person_id": person, "until": until}
        if carrier:
            body["carrier_id"] = carrier
        if information:
            body["information_id"] = information
        body.update(kw)
        r = self.srv.request("POST", "/v1/grants", body, self.head)
        assert r.status == 201, r
        return r.json["id"]

    def cleared(self, form="top_secret", carrier=None):
        """A person with an active clearance (and a grant on carrier)."""
        p = self.person()
        self.clearance(p, form)
        if carrier:
            self.grant(p, carrier=carrier)
        return p

    def carrier_body(self, label="top_secret", info=None, **kw):
        body = {"org_id": self.org, "account_number": "ACC-%d" % next(_n), "kind": "paper",
                "title": "Report", "label": label,
                "information_ids": info if info is not None else [self.info[label]],
                "copies": 2, "sheets": 10}
        for k, v in kw.items():
            if v is None:
                body.pop(k, None)
            else:
                body[k] = v
        return body

    def carrier(self, label="top_secret", **kw):
        r = self.srv.request("POST", "/v1/carriers", self.carrier_body(label, **kw), self.so)
        assert r.status == 201, r
        return r.json
