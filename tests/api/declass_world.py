"""declass_world.py - helpers shared by test_declassification.py and
test_deadlines.py: an organization (World) with a permit, a classifier, an
approved list with one item per degree, information items and carriers,
built through the API only; the classifier and the list come from
classify_world.py (shared with carrier_world.py).
"""
import itertools

from classify_world import add_classifier, add_person, approved_list
from qupiya_test import PASSWORD, World, make_ident

_n = itertools.count(900000)

TODAY = "2025-06-02"          # a Monday


class DeclassWorld:
    def __init__(self, srv, n, parent_id=None, approve_on="2024-03-15"):
        self.srv = srv
        self.w = World(srv, n)
        self.org = self.w.org
        self.admin = self.w.admin
        self.so = self.w.t("security_officer")
        self.head = self.w.t("head")
        self.ab = self.w.t("authorized_body")
        self.arch = self.w.t("archivist")
        if parent_id:
            # World creates the org without a parent: re-create one under it.
            r = srv.request("POST", "/v1/orgs", {"name": "Sub %d" % n, "bin": make_ident(800000 + n),
                                                 "kind": "state_body", "parent_id": parent_id},
                            self.admin)
            assert r.status == 201, r
            self.org = r.json["id"]
            self.head = self.user("head", "subhead%d" % n)
            self.so = self.user("security_officer", "subso%d" % n)
        r = srv.request("POST", "/v1/orgs/%s/permits" % self.org, {
            "degree": "special_importance", "number": "P-%d" % next(_n),
            "issued_on": "2024-01-01", "valid_until": "2030-01-01"}, self.w.t("nsc_officer"))
        assert r.status == 201, r
        p = self.person()
        self.cls = add_classifier(srv, self.admin, self.org, p, "dcls%d" % next(_n))
        self.list, self.items, self.approved = approved_list(
            srv, self.so, self.head, self.org,
            [(c, c, d) for c, d in [("1", "confidential"), ("2", "top_secret"),
                                    ("3", "special_importance"), ("4", "top_secret")]],
            approve_on)

    def user(self, role, login):
        r = self.srv.request("POST", "/v1/users", {"login": login, "password": PASSWORD,
                                                   "roles": [role], "org_id": self.org}, self.admin)
        assert r.status == 201, r
        return self.srv.login(login)

    def person(self):
        return add_person(self.srv, self.org, self.so, next(_n))

    def info(self, code="2", degree="top_secret", classified_on="2024-05-10",
             declassify_on="2034-05-10"):
        r = self.srv.request("POST", "/v1/information", {
            "title": "Info", "org_id": self.org, "list_item_id": self.items[code],
            "degree": degree, "classified_on": classified_on, "declassify_on": declassify_on},
            self.cls)
        assert r.status == 201, r
        return r.json["id"]

    def preliminary(self, classified_on):
        r = self.srv.request("POST", "/v1/information", {
            "title": "Prelim", "org_id": self.org, "preliminary": True, "degree": "top_secret",
            "classified_on": classified_on, "declassify_on": "2045-01-01"}, self.cls)
        assert r.status == 201, r
        return r.json["id"]

    def carrier(self, label, info_ids, **kw):
        body = {"org_id": self.org, "account_number": "ACC-%d" % next(_n), "kind": "paper",
                "title": "Report", "label": label, "information_ids": info_ids,
                "copies": 1, "sheets": 3}
        body.update(kw)
        r = self.srv.request("POST", "/v1/carriers", body, self.so)
        assert r.status == 201, r
        return r.json["id"]

    def deadlines(self, as_of=TODAY, token=None, **q):
        qs = "as_of=%s" % as_of + "".join("&%s=%s" % kv for kv in q.items())
        r = self.srv.request("GET", "/v1/deadlines?" + qs, token=token or self.so)
        assert r.status == 200, r
        return r.json["items"]

    def due(self, object_id, as_of=TODAY, token=None, **q):
        return [i for i in self.deadlines(as_of, token, **q) if i["object_id"] == object_id]
