"""declass_world.py - helpers shared by test_declassification.py and
test_deadlines.py: an organization (World) with a permit, a classifier, an
approved list with one item per degree, information items and carriers,
built through the API only.
"""
import itertools

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
        login = "dcls%d" % next(_n)
        r = srv.request("POST", "/v1/users", {"login": login, "password": PASSWORD,
                                              "roles": ["classifier"], "org_id": self.org,
                                              "person_id": p}, self.admin)
        assert r.status == 201, r
        self.cls = srv.login(login)
        r = srv.request("POST", "/v1/classifiers", {"person_id": p, "org_id": self.org}, self.admin)
        assert r.status == 201, r
        r = srv.request("POST", "/v1/lists", {"org_id": self.org, "title": "List"}, self.so)
        assert r.status == 201, r
        self.list = r.json["id"]
        self.items = {}
        for code, degree in [("1", "confidential"), ("2", "top_secret"),
                             ("3", "special_importance"), ("4", "top_secret")]:
            r = srv.request("POST", "/v1/lists/%s/items" % self.list, {
                "code": code, "text": "item %s" % code, "degree": degree, "basis": "11.1"}, self.so)
            assert r.status == 201, r
            self.items[code] = r.json["id"]
        r = srv.request("POST", "/v1/lists/%s/approve" % self.list, {"effective_date": approve_on},
                        self.head)
        assert r.status == 200, r
        self.approved = r.json

    def user(self, role, login):
        r = self.srv.request("POST", "/v1/users", {"login": login, "password": PASSWORD,
                                                   "roles": [role], "org_id": self.org}, self.admin)
        assert r.status == 201, r
        return self.srv.login(login)

    def person(self):
        k = next(_n)
        r = self.srv.request("POST", "/v1/persons", {
            "iin": make_ident(k), "full_name": "Person %d" % k, "citizenship": "KZ",
            "org_id": self.org, "position": "analyst"}, self.so)
        assert r.status == 201, r
        return r.json["id"]

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
