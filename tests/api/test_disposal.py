"""test_disposal.py - disposal is not custody (issue 10, deliverable 4; SPEC.md
§2 "Carrier", §3 not_competent_to_declassify and permission_required, §5
precedence; Art. 15, 23, 26.1, 28; R743 p.3): every information item and
carrier records its disposing body, which a transfer never changes; only
that body (or its successor under Art. 28) declassifies, extends, relabels
and permits joint work; holding a carrier confers none of it; competence is
answered before anything about the target's state; archived carriers are
acted on by the archivists of the archive that received them.
"""
import itertools
import json
import unittest

from declass_world import TODAY, DeclassWorld
from qupiya_test import ServerTest, db_connect, is_url, make_ident
from transfer_world import TransferWorld

JW = "/v1/joint-works"

_n = itertools.count(300)


class Disposal(ServerTest):
    clock = TODAY

    def world(self, **kw):
        return DeclassWorld(self.srv, next(_n), **kw)

    def post(self, path, body, token):
        return self.req("POST", path, body, token)

    def transfer(self, car, frm, to, **kw):
        body = {"carrier_ids": [car], "to_org_id": to.org, "sanction_ref": "S-1"}
        body.update(kw)
        r = self.post("/v1/transfers", body, frm.so)
        self.assertEqual(r.status, 201, r)
        return r.json

    def carrier_of(self, car, token):
        r = self.req("GET", "/v1/carriers/%s" % car, token=token)
        self.assertEqual(r.status, 200, r)
        return r.json

    def declassify_carrier(self, car, token, ground="circumstances_changed"):
        return self.post("/v1/carriers/%s/declassify" % car, {"ground": ground}, token)

    def extend_carrier(self, car, token, on="2040-01-01"):
        return self.post("/v1/carriers/%s/extend" % car,
                         {"declassify_on": on, "expert_conclusion_ref": "EC-1"}, token)

    # ---- the disposing body is recorded and kept (Art. 15, 23) ---------------

    def test_disposing_body_recorded(self):
        a = self.world()
        info = a.info()
        r = self.req("GET", "/v1/information/%s" % info, token=a.so)
        self.assertEqual(r.json["disposing_org_id"], a.org)
        car = a.carrier("top_secret", [info])
        c = self.carrier_of(car, a.so)
        self.assertEqual(c["disposing_org_ids"], [a.org])
        self.assertEqual(c["disposing_org_id"], a.org)

    def test_disposing_body_kept_through_transfer(self):
        a, b = self.world(), self.world()
        car = a.carrier("top_secret", [a.info()])
        self.transfer(car, a, b)
        c = self.carrier_of(car, b.so)
        self.assertEqual(c["org_id"], b.org)
        self.assertEqual(c["disposing_org_ids"], [a.org])
        self.assertEqual(c["disposing_org_id"], a.org)

    def test_disposing_bodies_of_several(self):
        a, b = self.world(), self.world()
        mine, theirs = a.info(), b.info("1", "confidential")
        # a carries b's information only once it has received it (SPEC §3)
        self.transfer(b.carrier("confidential", [theirs]), b, a)
        car = a.carrier("top_secret", [mine, theirs])
        c = self.carrier_of(car, a.so)
        self.assertEqual(c["disposing_org_ids"], [a.org, b.org])
        self.assertIsNone(c["disposing_org_id"])
        # each body decides only on its own information: the carrier waits
        # for the other body while its information stays classified
        r = self.declassify_carrier(car, a.head)
        self.assertNotCompetent(r, article="23.2")
        r = self.declassify_carrier(car, b.head)
        self.assertNotCompetent(r, article="23.2")
        r = self.post("/v1/carriers/%s/relabel" % car, {"label": "top_secret"}, a.so)
        self.assertNotCompetent(r)
        # an extension only adds protection: any one of its disposing bodies
        r = self.extend_carrier(car, b.head)
        self.assertEqual(r.status, 200, r)
        r = self.extend_carrier(car, self.world().head)
        self.assertNotCompetent(r)
        r = self.post("/v1/information/%s/declassify" % theirs,
                      {"ground": "circumstances_changed"}, b.head)
        self.assertEqual(r.status, 200, r)
        r = self.declassify_carrier(car, b.head)
        self.assertNotCompetent(r)
        r = self.declassify_carrier(car, a.head)
        self.assertEqual(r.status, 200, r)
        # nothing classified left on a carrier: any one of its disposing bodies
        m2, t2 = a.info(), b.info("1", "confidential")
        self.transfer(b.carrier("confidential", [t2]), b, a)
        car2 = a.carrier("top_secret", [m2, t2])
        for info, w in ((m2, a), (t2, b)):
            r = self.post("/v1/information/%s/declassify" % info,
                          {"ground": "circumstances_changed"}, w.head)
            self.assertEqual(r.status, 200, r)
        r = self.declassify_carrier(car2, self.world().head)
        self.assertNotCompetent(r)
        r = self.declassify_carrier(car2, b.head)
        self.assertEqual(r.status, 200, r)

    # ---- not_competent_to_declassify: the holder is not the disposer ---------

    def test_not_competent_to_declassify_holder_not_disposer(self):
        a, b = self.world(), self.world()
        car = a.carrier("top_secret", [a.info()])
        self.transfer(car, a, b)
        # the holder's head, security officer: nothing
        r = self.declassify_carrier(car, b.head)
        self.assertError(r, 422, "not_competent_to_declassify", article="23.2")
        r = self.extend_carrier(car, b.head)
        self.assertError(r, 422, "not_competent_to_declassify", article="23.2")
        r = self.post("/v1/carriers/%s/relabel" % car, {"label": "top_secret"}, b.so)
        self.assertError(r, 422, "not_competent_to_declassify", article="23.2")
        self.assertEqual(self.carrier_of(car, b.so)["state"], "registered")
        # the disposing body decides though it no longer holds the carrier
        r = self.extend_carrier(car, a.head)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["declassify_on"], "2040-01-01")
        r = self.declassify_carrier(car, a.head)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["state"], "declassified")

    def test_not_competent_to_declassify_extension_by_disposer_only(self):
        a, b = self.world(), self.world()
        info = a.info()
        body = {"declassify_on": "2040-01-01"}
        for token in (b.head, b.ab, a.ab):
            r = self.post("/v1/information/%s/extend" % info, body, token)
            self.assertNotCompetent(r, article="23.2")
        r = self.post("/v1/information/%s/extend" % info, body, a.head)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["declassify_on"], "2040-01-01")
        car = a.carrier("top_secret", [a.info()])
        r = self.extend_carrier(car, b.head)
        self.assertNotCompetent(r)
        r = self.extend_carrier(car, a.head)
        self.assertEqual(r.status, 200, r)

    # ---- competence before state (SPEC §5) ------------------------------------

    def test_not_competent_to_declassify_before_state(self):
        a, b = self.world(), self.world()
        done = a.info()
        r = self.post("/v1/information/%s/declassify" % done,
                      {"ground": "circumstances_changed"}, a.head)
        self.assertEqual(r.status, 200, r)
        running = a.info(declassify_on="2034-05-10")
        expired = a.info(classified_on="2024-05-10", declassify_on="2025-05-10")
        # whatever the item's state or term, another body's head learns only
        # that it is not competent
        cases = [(done, {"ground": "circumstances_changed"}),
                 (done, {"ground": "term_expired"}),
                 (running, {"ground": "term_expired"}),
                 (running, {}),
                 (expired, {"ground": "term_expired"})]
        for info, body in cases:
            r = self.post("/v1/information/%s/declassify" % info, body, b.head)
            self.assertNotCompetent(r, article="23.2")
            r = self.post("/v1/information/%s/extend" % info, {"declassify_on": "2041-01-01"},
                          b.head)
            self.assertNotCompetent(r, article="23.2")
        # the disposer gets the state and the term answered
        r = self.post("/v1/information/%s/declassify" % done, {"ground": "treaty"}, a.head)
        self.assertError(r, 409, "invalid_state")
        r = self.post("/v1/information/%s/declassify" % running, {"ground": "term_expired"},
                      a.head)
        self.assertError(r, 422, "declassify_ground_required", "ground", "22.1")
        # carriers: destroyed, declassified, not yet expired
        destroyed = a.carrier("top_secret", [a.info()])
        r = self.post("/v1/carriers/%s/destroy" % destroyed, {"act_number": "D-1"}, a.so)
        self.assertEqual(r.status, 200, r)
        gone = a.carrier("top_secret", [a.info()])
        self.assertEqual(self.declassify_carrier(gone, a.head).status, 200)
        live = a.carrier("top_secret", [a.info()])
        for car in (destroyed, gone):
            r = self.declassify_carrier(car, b.head)
            self.assertNotCompetent(r)
            r = self.extend_carrier(car, b.head)
            self.assertNotCompetent(r)
            r = self.post("/v1/carriers/%s/relabel" % car, {"label": "top_secret"}, b.so)
            self.assertNotCompetent(r)
        r = self.declassify_carrier(live, b.head, ground="term_expired")
        self.assertNotCompetent(r)
        r = self.declassify_carrier(destroyed, a.head)
        self.assertError(r, 409, "invalid_state")
        r = self.declassify_carrier(live, a.head, ground="term_expired")
        self.assertError(r, 422, "declassify_ground_required")

    # ---- archive_org_id: the archive's archivists act (Art. 23.2) ---------------

    def test_not_competent_to_declassify_archive_org(self):
        fund, arch, other = self.world(), self.world(), self.world()
        for a in (arch, other):
            r = self.post("/v1/orgs/%s/archive-delegations" % fund.org,
                          {"archive_org_id": a.org, "ref": "Order %s" % a.org}, fund.head)
            self.assertEqual(r.status, 201, r)
        car = fund.carrier("top_secret", [fund.info()])
        r = self.post("/v1/carriers/%s/archive" % car,
                      {"archive_ref": "F-1", "archive_org_id": "org_nope"}, fund.so)
        self.assertError(r, 404, field="archive_org_id")
        firm = self.post("/v1/orgs", {"name": "Firm %d" % next(_n),
                                      "bin": make_ident(930000 + next(_n)),
                                      "kind": "organization"}, fund.admin)
        self.assertEqual(firm.status, 201, firm)
        r = self.post("/v1/carriers/%s/archive" % car,
                      {"archive_ref": "F-1", "archive_org_id": firm.json["id"]}, fund.so)
        self.assertError(r, 400, "invalid_value", "archive_org_id")
        r = self.post("/v1/carriers/%s/archive" % car,
                      {"archive_ref": "F-1", "archive_org_id": arch.org}, fund.so)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["archive"]["archive_org_id"], arch.org)
        moves = [m for m in r.json["movements"] if m["kind"] == "archived"]
        self.assertEqual(moves[0]["archive_org_id"], arch.org)
        # another delegated archive, the receiving archive's head: nothing
        for token in (other.arch, arch.head):
            r = self.declassify_carrier(car, token)
            self.assertNotCompetent(r, article="23.2")
        # the archivists of the archive that received it, on the delegation
        r = self.declassify_carrier(car, arch.arch)
        self.assertEqual(r.status, 200, r)
        # without a delegation the archive receives but does not declassify
        plain = self.world()
        car2 = fund.carrier("top_secret", [fund.info()])
        r = self.post("/v1/carriers/%s/archive" % car2,
                      {"archive_ref": "F-2", "archive_org_id": plain.org}, fund.so)
        self.assertEqual(r.status, 200, r)
        r = self.declassify_carrier(car2, plain.arch)
        self.assertNotCompetent(r)
        r = self.declassify_carrier(car2, fund.head)
        self.assertEqual(r.status, 200, r)

    # ---- Art. 28: only the successor takes disposal over ------------------------

    def test_not_competent_to_declassify_successor(self):
        a, succ, other = self.world(), self.world(), self.world()
        info = a.info()
        held = a.carrier("top_secret", [a.info()])
        self.transfer(held, a, other)
        r = self.post("/v1/orgs/%s/liquidate" % a.org, {"successor_org_id": succ.org}, a.admin)
        self.assertEqual(r.status, 200, r)
        # nobody else: the liquidated body's own head, the holder, another
        # body, the authorized body (a successor exists)
        for token in (a.head, other.head, a.ab):
            r = self.post("/v1/information/%s/declassify" % info,
                          {"ground": "circumstances_changed"}, token)
            self.assertNotCompetent(r, article="23.2")
            r = self.declassify_carrier(held, token)
            self.assertNotCompetent(r, article="23.2")
        r = self.extend_carrier(held, other.head)
        self.assertNotCompetent(r)
        # the successor's head
        r = self.extend_carrier(held, succ.head)
        self.assertEqual(r.status, 200, r)
        r = self.declassify_carrier(held, succ.head)
        self.assertEqual(r.status, 200, r)
        r = self.post("/v1/information/%s/declassify" % info,
                      {"ground": "circumstances_changed"}, succ.head)
        self.assertEqual(r.status, 200, r)
        # the record still names the body that disposed of it
        r = self.req("GET", "/v1/information/%s" % info, token=succ.ab)
        self.assertEqual(r.json["disposing_org_id"], a.org)

    def test_not_competent_to_declassify_liquidated_without_successor(self):
        a, other = self.world(), self.world()
        info = a.info()
        r = self.post("/v1/orgs/%s/liquidate" % a.org, {}, a.admin)
        self.assertEqual(r.status, 200, r)
        for token in (a.head, other.head):
            r = self.post("/v1/information/%s/extend" % info, {"declassify_on": "2041-01-01"},
                          token)
            self.assertNotCompetent(r)
        r = self.post("/v1/information/%s/extend" % info, {"declassify_on": "2041-01-01"}, a.ab)
        self.assertEqual(r.status, 200, r)


class DisposalMigration(ServerTest):
    """A database from before disposal was recorded gets it on open."""
    clock = TODAY

    def test_migration(self):
        # PostgreSQL: a database there starts at the schema of issue 12
        # (pg_schema.c holds the steps before 0017 at once), so one from
        # before disposal was recorded exists only as a SQLite file, which
        # `qupiya migrate` upgrades before it copies it (api.pg.test_migrate).
        # There the carrier's own step (0022_typed_carriers, PostgreSQL's
        # text) runs again over the carrier put back as a record row.
        pg = is_url(self.srv.db)
        a, b = DeclassWorld(self.srv, next(_n)), DeclassWorld(self.srv, next(_n))
        info = a.info()
        car = a.carrier("top_secret", [info])
        self.assertEqual(self.req("POST", "/v1/transfers", {
            "carrier_ids": [car], "to_org_id": b.org, "sanction_ref": "S"}, a.so).status, 201)
        doc = self.req("GET", "/v1/carriers/%s" % car, token=b.so).json
        before = dict(doc)
        # (a carrier record of PostgreSQL's first schema has its disposer)
        for key in ("movements",) if pg else ("movements", "disposing_org_id",
                                              "disposing_org_ids"):
            del doc[key]
        idoc = self.req("GET", "/v1/information/%s" % info, token=a.so).json
        if not pg:   # (PostgreSQL's first schema has the item's disposer)
            del idoc["disposing_org_id"]
        self.assertEqual(self.srv.stop(), 0)
        db = db_connect(self.srv)
        # the item as such a database kept it: a record row (items are
        # typed rows since 0025_typed_items, which runs again)
        (iseq, iitem) = db.execute("SELECT seq, coalesce(list_item_id, '') FROM information"
                                   " WHERE id = ?", (info,)).fetchone()
        db.execute("DELETE FROM information_topic WHERE info_id = ?", (info,))
        db.execute("DELETE FROM information WHERE id = ?", (info,))
        db.execute("INSERT INTO record(seq, kind, id, org_id, parent_id, ref, state, doc)"
                   " VALUES (?, 'information', ?, ?, ?, '', ?, ?)",
                   (iseq, info, idoc["org_id"], iitem, idoc["state"],
                    json.dumps(idoc, sort_keys=True, separators=(",", ":"))))
        # the carrier as such a database kept it: a record row (carriers
        # are typed rows since 0022_typed_carriers, which runs again)
        (seq,) = db.execute("SELECT seq FROM carrier WHERE id = ?", (car,)).fetchone()
        for table in ("carrier_info", "carrier_source", "carrier_disposer", "carrier_copies",
                      "carrier_departed", "carrier_party", "carrier_due", "carrier"):
            db.execute("DELETE FROM %s WHERE %s = ?"
                       % (table, "id" if table == "carrier" else "carrier_id"), (car,))
        db.execute("INSERT INTO record(seq, kind, id, org_id, parent_id, ref, state, doc)"
                   " VALUES (?, 'carrier', ?, ?, '', ?, ?, ?)",
                   (seq, car, doc["org_id"], doc["account_number"], doc["state"],
                    json.dumps(doc, sort_keys=True, separators=(",", ":"))))
        # the schema before issue 10 (migrations by name: 0001..0004): every
        # step appended since runs again, each idempotent
        db.execute("DELETE FROM schema_migration WHERE name >= ?",
                   ("0022_typed_carriers" if pg else "0005",))
        db.close()
        self.srv.start()
        got = self.req("GET", "/v1/carriers/%s" % car, token=b.so).json
        self.assertEqual((got["disposing_org_id"], got["disposing_org_ids"]), (a.org, [a.org]))
        if pg:   # nothing of the carrier lost by the step
            for key in before:
                if key != "movements":
                    self.assertEqual(got.get(key), before[key], key)
        db = db_connect(self.srv)
        (got,) = db.execute("SELECT disposing_org_id FROM information"
                            " WHERE id = ?", (info,)).fetchone()
        self.assertEqual(got, a.org)
        db.close()
        # and the holder still is not the disposer
        r = self.post_declassify(car, b.head)
        self.assertNotCompetent(r)

    def post_declassify(self, car, token):
        return self.req("POST", "/v1/carriers/%s/declassify" % car,
                        {"ground": "circumstances_changed"}, token)


class DisposalJointWork(ServerTest):
    """R743 p.3, Art. 26.1: the permission is the disposing body's."""
    clock = "2026-06-01"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.w = TransferWorld(cls.srv, "dsp")
        cls.executor = cls.w.org("Contractor LLP", permit="top_secret")

    def request(self, customer, carriers, disposing, token=None):
        w = self.w
        body = w.jw_body(self.executor, carriers, customer_org_id=customer,
                         disposing_org_id=disposing)
        return self.req("POST", JW, body, token or w.so(customer))

    def test_permission_required_disposing_org_id(self):
        w = self.w
        customer = w.org("Agency", kind="state_body", permit="top_secret")
        third = w.org("Third body", kind="state_body", permit="top_secret")
        c = w.carrier(org=customer)            # carries the ministry's information
        self.assertEqual(self.req("GET", "/v1/carriers/%s" % c, token=w.auditor)
                         .json["disposing_org_ids"], [w.ministry])
        # a customer cannot name itself, nor a third body, as the disposer
        for named in (customer, third):
            r = self.request(customer, [c], named)
            self.assertError(r, 422, "permission_required", "disposing_org_id", "26.1")
        r = self.request(customer, [c], "org_nope")
        self.assertError(r, 404, field="disposing_org_id")
        # competence before the carriers' state: a carrier the customer does
        # not hold is 409 only for the right disposer
        away = w.carrier()                     # held by the ministry
        r = self.request(customer, [c, away], customer)
        self.assertError(r, 422, "permission_required", "disposing_org_id")
        r = self.request(customer, [c, away], w.ministry)
        self.assertError(r, 409, "invalid_state")
        # allowed: the body recorded on the information
        r = self.request(customer, [c], w.ministry)
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["disposing_org_id"], w.ministry)

    def test_permission_required_several_disposers(self):
        w = self.w
        other = w.org("Other ministry", kind="state_body", permit="special_importance")
        p = w.person(other)
        cls = w.user(other, "classifier", person_id=p)
        self.assertEqual(self.req("POST", "/v1/classifiers", {"person_id": p, "org_id": other},
                                  w.admin).status, 201)
        lid = w.ok(self.req("POST", "/v1/lists", {"org_id": other, "title": "L"},
                            w.so(other)))["id"]
        item = w.ok(self.req("POST", "/v1/lists/%s/items" % lid, {
            "code": "1", "text": "t", "degree": "top_secret", "basis": "11.1"}, w.so(other)))["id"]
        w.ok(self.req("POST", "/v1/lists/%s/approve" % lid, {"effective_date": "2024-03-15"},
                      w.head(other)))
        theirs = w.ok(self.req("POST", "/v1/information", {
            "title": "Theirs", "org_id": other, "list_item_id": item, "degree": "top_secret",
            "classified_on": "2024-05-10", "declassify_on": "2044-05-10"}, cls))["id"]
        # the ministry carries the other body's information once received
        seed = w.ok(self.req("POST", "/v1/carriers", {
            "org_id": other, "account_number": "MIX-SEED", "kind": "paper", "title": "Seed",
            "label": "top_secret", "information_ids": [theirs], "copies": 1, "sheets": 1},
            w.so(other)))["id"]
        w.ok(self.req("POST", "/v1/transfers", {"carrier_ids": [seed], "to_org_id": w.ministry,
                                                "sanction_ref": "S-mix"}, w.so(other)))
        mixed = w.ok(self.req("POST", "/v1/carriers", {
            "org_id": w.ministry, "account_number": "MIX-1", "kind": "paper", "title": "Mixed",
            "label": "top_secret", "information_ids": [w.info["top_secret"], theirs],
            "copies": 1, "sheets": 1}, w.so(w.ministry)))["id"]
        # one request per disposing body: neither body alone permits it
        for named in (w.ministry, other):
            r = self.request(w.ministry, [mixed], named)
            self.assertError(r, 422, "permission_required", "disposing_org_id")

    def test_permission_required_permission_step(self):
        w = self.w
        customer = w.org("Bureau", kind="state_body", permit="top_secret")
        third = w.org("Bystander", kind="state_body", permit="top_secret")
        c = w.carrier(org=customer)
        jid = w.ok(self.request(customer, [c], w.ministry))["id"]
        path = "%s/%s/permission" % (JW, jid)
        # the customer's head sees the request but does not dispose
        r = self.req("POST", path, {"decision": "granted"}, w.head(customer))
        self.assertError(r, 422, "permission_required", "disposing_org_id", "26.1")
        r = self.req("POST", path, {"decision": "granted"}, w.head(third))
        self.assertError(r, 403, "forbidden_org")
        r = self.req("POST", path, {"decision": "granted"}, w.head(w.ministry))
        self.assertEqual(r.status, 200, r)
        # competence before state: answered again, the customer's head still
        # learns only that it is not the disposer; the disposer gets the 409
        r = self.req("POST", path, {"decision": "granted"}, w.head(customer))
        self.assertError(r, 422, "permission_required", "disposing_org_id")
        r = self.req("POST", path, {"decision": "granted"}, w.head(w.ministry))
        self.assertError(r, 409, "invalid_state")

    def test_permission_required_successor(self):
        w = self.w
        body = w.org("Old committee", kind="state_body", permit="special_importance")
        succ = w.org("New committee", kind="state_body", permit="special_importance")
        customer = w.org("Customer", kind="state_body", permit="top_secret")
        p = w.person(body)
        cls = w.user(body, "classifier", person_id=p)
        self.assertEqual(self.req("POST", "/v1/classifiers", {"person_id": p, "org_id": body},
                                  w.admin).status, 201)
        lid = w.ok(self.req("POST", "/v1/lists", {"org_id": body, "title": "L"}, w.so(body)))["id"]
        item = w.ok(self.req("POST", "/v1/lists/%s/items" % lid, {
            "code": "1", "text": "t", "degree": "top_secret", "basis": "11.1"}, w.so(body)))["id"]
        w.ok(self.req("POST", "/v1/lists/%s/approve" % lid, {"effective_date": "2024-03-15"},
                      w.head(body)))
        info = w.ok(self.req("POST", "/v1/information", {
            "title": "Old", "org_id": body, "list_item_id": item, "degree": "top_secret",
            "classified_on": "2024-05-10", "declassify_on": "2044-05-10"}, cls))["id"]
        # the body registers the carrier and sends it to the customer (Art. 25)
        c = w.ok(self.req("POST", "/v1/carriers", {
            "org_id": body, "account_number": "OLD-1", "kind": "paper", "title": "Old",
            "label": "top_secret", "information_ids": [info], "copies": 1, "sheets": 1},
            w.so(body)))["id"]
        w.ok(self.req("POST", "/v1/transfers", {"carrier_ids": [c], "to_org_id": customer,
                                                "sanction_ref": "S-old"}, w.so(body)))
        jid = w.ok(self.request(customer, [c], body))["id"]
        w.ok(self.req("POST", "/v1/orgs/%s/liquidate" % body, {"successor_org_id": succ}, w.admin))
        # the liquidated body neither names nor answers; its successor does
        r = self.request(customer, [c], body)
        self.assertError(r, 422, "permission_required", "disposing_org_id")
        self.assertEqual(self.request(customer, [c], succ).status, 201)
        path = "%s/%s/permission" % (JW, jid)
        r = self.req("POST", path, {"decision": "granted"}, w.head(body))
        self.assertError(r, 422, "permission_required")
        r = self.req("POST", path, {"decision": "granted"}, w.head(succ))
        self.assertEqual(r.status, 200, r)


if __name__ == "__main__":
    unittest.main()
