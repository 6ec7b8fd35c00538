"""transfer_world.py - the world of the transfer tests (test_transfers.py,
test_joint_work.py, test_foreign_transfer.py, test_liquidation.py), built
through the API only: organizations with permits and per-role users, a
disposing body with a classifier, an approved list and information items of
each degree, carriers, persons with clearances and grants.
"""
import itertools

from qupiya_test import PASSWORD, make_ident

try:
    from qupiya_test import prerequisites
except ImportError:   # before the clearances issue landed
    def prerequisites(on="2015-01-05", verification="passed"):
        return {"commitment_on": on, "consent_restrictions_on": on,
                "consent_verification_on": on, "familiarized_on": on,
                "verification": verification, "verified_on": on}

_n = itertools.count(1)
_bin = itertools.count(910000)


class TransferWorld:
    def __init__(self, srv, tag):
        self.srv = srv
        self.tag = tag
        self.admin = srv.admin()
        self.tokens = {}
        self.nsc = self.cross_user("nsc_officer")
        self.ab = self.cross_user("authorized_body")
        self.auditor = self.cross_user("auditor")
        # The disposing body: a ministry that classifies and holds carriers.
        self.ministry = self.org("Ministry", kind="state_body", permit="special_importance")
        self._classifier_setup(self.ministry)

    # ---- plumbing ------------------------------------------------------
    def req(self, method, path, body=None, token=None):
        return self.srv.request(method, path, body, token)

    def ok(self, r, status=(200, 201)):
        if isinstance(status, int):
            status = (status,)
        assert r.status in status, r
        return r.json

    def cross_user(self, role):
        login = "%s_%s_%d" % (role.replace("_", ""), self.tag, next(_n))
        self.ok(self.req("POST", "/v1/users", {"login": login, "password": PASSWORD,
                                               "roles": [role]}, self.admin))
        return self.srv.login(login)

    def user(self, org, role, person_id=None):
        key = (org, role, person_id)
        if key not in self.tokens:
            login = "%s_%s_%d" % (role.replace("_", ""), self.tag, next(_n))
            body = {"login": login, "password": PASSWORD, "roles": [role], "org_id": org}
            if person_id:
                body["person_id"] = person_id
            self.ok(self.req("POST", "/v1/users", body, self.admin))
            self.tokens[key] = self.srv.login(login)
        return self.tokens[key]

    def so(self, org):
        return self.user(org, "security_officer")

    def head(self, org):
        return self.user(org, "head")

    # ---- organizations and permits ---------------------------------------
    def org(self, name, kind="organization", parent=None, city="Astana", permit="top_secret",
            **kw):
        body = {"name": "%s %s" % (name, self.tag), "bin": make_ident(next(_bin)), "kind": kind,
                "city": city}
        if kind in ("foreign_state", "international_org"):
            body.pop("bin")
        if parent:
            body["parent_id"] = parent
        body.update(kw)
        oid = self.ok(self.req("POST", "/v1/orgs", body, self.admin))["id"]
        if permit:
            self.permit(oid, permit)
        return oid

    def permit(self, org, degree, issued_on="2024-01-01", valid_until="2027-12-31"):
        return self.ok(self.req("POST", "/v1/orgs/%s/permits" % org, {
            "degree": degree, "number": "P-%s-%d" % (self.tag, next(_n)),
            "issued_on": issued_on, "valid_until": valid_until}, self.nsc))["id"]

    def permits_of(self, org):
        return [p["id"] for p in self.ok(self.req("GET", "/v1/orgs/%s" % org,
                                                  token=self.admin))["permits"]]

    # ---- classification ---------------------------------------------------
    def _classifier_setup(self, org):
        p = self.person(org)
        cls = self.user(org, "classifier", person_id=p)
        self.ok(self.req("POST", "/v1/classifiers", {"person_id": p, "org_id": org}, self.admin))
        lid = self.ok(self.req("POST", "/v1/lists", {"org_id": org, "title": "List"},
                               self.so(org)))["id"]
        items = {}
        for code, degree in [("1", "confidential"), ("2", "top_secret"),
                             ("3", "special_importance")]:
            items[degree] = self.ok(self.req("POST", "/v1/lists/%s/items" % lid, {
                "code": code, "text": "item %s" % code, "degree": degree, "basis": "11.1"},
                self.so(org)))["id"]
        self.ok(self.req("POST", "/v1/lists/%s/approve" % lid, {"effective_date": "2024-03-15"},
                         self.head(org)))
        self.info = {}
        for degree, item in items.items():
            self.info[degree] = self.ok(self.req("POST", "/v1/information", {
                "title": "Info %s" % degree, "org_id": org, "list_item_id": item,
                "degree": degree, "classified_on": "2024-05-10", "declassify_on": "2044-05-10"},
                cls))["id"]

    def carrier(self, org=None, label="top_secret", copies=2):
        org = org or self.ministry
        if org != self.ministry:
            self.received(org, label)
        return self.ok(self.req("POST", "/v1/carriers", {
            "org_id": org, "account_number": "ACC-%s-%d" % (self.tag, next(_n)), "kind": "paper",
            "title": "Report %d" % next(_n), "label": label,
            "information_ids": [self.info[label]], "copies": copies, "sheets": 12},
            self.so(org)))["id"]

    def received(self, org, label="top_secret"):
        """A carrier may carry only information its organization disposes
        of or has received (SPEC.md §3): the ministry sends org one carrier
        of its information item of that label, once. Returns its id."""
        seeds = self.__dict__.setdefault("_seeds", {})
        if (org, label) not in seeds:
            cid = self.carrier(label=label, copies=1)
            self.ok(self.req("POST", "/v1/transfers", {"carrier_ids": [cid], "to_org_id": org,
                                                       "sanction_ref": "S-seed"},
                             self.so(self.ministry)))
            seeds[(org, label)] = cid
        return seeds[(org, label)]

    def release(self, org):
        """Sends org's received carriers (received()) back to the ministry,
        so that they hold nothing up (a liquidation, Art. 28)."""
        seeds = self.__dict__.get("_seeds", {})
        for key in [k for k in seeds if k[0] == org]:
            self.ok(self.req("POST", "/v1/transfers", {"carrier_ids": [seeds.pop(key)],
                                                       "to_org_id": self.ministry}, self.so(org)))

    def get_carrier(self, cid):
        return self.ok(self.req("GET", "/v1/carriers/%s" % cid, token=self.auditor))

    # ---- persons, clearances, grants -----------------------------------------
    def person(self, org):
        k = next(_bin)
        return self.ok(self.req("POST", "/v1/persons", {
            "iin": make_ident(5000000 + k), "full_name": "Person %d" % k, "citizenship": "KZ",
            "org_id": org, "position": "engineer"}, self.so(org)))["id"]

    def clearance(self, person, org, form="top_secret"):
        cid = self.ok(self.req("POST", "/v1/persons/%s/clearances" % person, {"form": form},
                               self.so(org)))["id"]
        # The prerequisites of Art. 29.1, when that endpoint exists.
        self.req("POST", "/v1/clearances/%s/prerequisites" % cid, prerequisites(),
                 self.so(org))
        self.ok(self.req("POST", "/v1/clearances/%s/decision" % cid,
                         {"decision": "grant", "contract_number": "C-%d" % next(_n)},
                         self.head(org)), 200)
        return cid

    def grant(self, person, org, carrier, until="2027-12-31"):
        return self.ok(self.req("POST", "/v1/grants", {"person_id": person, "carrier_id": carrier,
                                                       "until": until}, self.head(org)))["id"]

    def access(self, person, carrier):
        return self.ok(self.req("GET", "/v1/access/check?person_id=%s&carrier_id=%s"
                                % (person, carrier), token=self.auditor), 200)

    # ---- joint work --------------------------------------------------------
    def jw_body(self, executor, carrier_ids, **kw):
        body = {"customer_org_id": self.ministry, "executor_org_id": executor,
                "disposing_org_id": self.ministry, "justification": "needed for the work",
                "term_from": "2025-01-01", "term_to": "2026-12-31",
                "carriers": [{"carrier_id": c, "copy_numbers": [1]} for c in carrier_ids],
                "executor_permit_ref": self.permits_of(executor)[0]}
        for k, v in kw.items():
            if v is None:
                body.pop(k, None)
            else:
                body[k] = v
        return body

    def jw_request(self, executor, carriers, **kw):
        return self.ok(self.req("POST", "/v1/joint-works", self.jw_body(executor, carriers, **kw),
                                self.so(self.ministry)), 201)

    def jw(self, jid, step, body=None, role="security_officer", status=200):
        org = self.ministry
        token = self.head(org) if role == "head" else self.so(org)
        r = self.req("POST", "/v1/joint-works/%s/%s" % (jid, step), body or {}, token)
        return r

    def jw_ready(self, executor, carriers, annex=None, date="2025-02-01"):
        """A joint work through permission, agreement and notice."""
        j = self.jw_request(executor, carriers, effective_date=date)
        jid = j["id"]
        self.ok(self.jw(jid, "permission", {"decision": "granted", "effective_date": date},
                        role="head"))
        self.ok(self.jw(jid, "agreement", {"number": "A-1", "signed_on": date,
                                           "annex": annex if annex is not None else carriers}))
        self.ok(self.jw(jid, "nsc-notice", {"sent_on": date}))
        return jid
