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
import unittest

from declass_world import TODAY, DeclassWorld
from qupiya_test import ServerTest, db_connect

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
        car = a.carrier("top_secret", [mine, theirs])
        c = self.carrier_of(car, a.so)
        self.assertEqual(c["disposing_org_ids"], [a.org, b.org])
        self.assertIsNone(c["disposing_org_id"])
        # each body decides only on its own information: the carrier waits
        # for the other body while its information stays classified
        r = self.declassify_carrier(car, a.head)
        self.assertError(r, 422, "not_competent_to_declassify", article="23.2")
        r = self.extend_carrier(car, a.head)
        self.assertError(r, 422, "not_competent_to_declassify")
        r = self.post("/v1/information/%s/declassify" % theirs,
                      {"ground": "circumstances_changed"}, b.head)
        self.assertEqual(r.status, 200, r)
        r = self.declassify_carrier(car, a.head)
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
            self.assertError(r, 422, "not_competent_to_declassify", article="23.2")
        r = self.post("/v1/information/%s/extend" % info, body, a.head)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["declassify_on"], "2040-01-01")
        car = a.carrier("top_secret", [a.info()])
        r = self.extend_carrier(car, b.head)
        self.assertError(r, 422, "not_competent_to_declassify")
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
            self.assertError(r, 422, "not_competent_to_declassify", article="23.2")
            r = self.post("/v1/information/%s/extend" % info, {"declassify_on": "2041-01-01"},
                          b.head)
            self.assertError(r, 422, "not_competent_to_declassify", article="23.2")
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
            self.assertError(r, 422, "not_competent_to_declassify")
            r = self.extend_carrier(car, b.head)
            self.assertError(r, 422, "not_competent_to_declassify")
            r = self.post("/v1/carriers/%s/relabel" % car, {"label": "top_secret"}, b.so)
            self.assertError(r, 422, "not_competent_to_declassify")
        r = self.declassify_carrier(live, b.head, ground="term_expired")
        self.assertError(r, 422, "not_competent_to_declassify")
        r = self.declassify_carrier(destroyed, a.head)
        self.assertError(r, 409, "invalid_state")
        r = self.declassify_carrier(live, a.head, ground="term_expired")
        self.assertError(r, 422, "declassify_ground_required")

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
            self.assertError(r, 422, "not_competent_to_declassify", article="23.2")
            r = self.declassify_carrier(held, token)
            self.assertError(r, 422, "not_competent_to_declassify", article="23.2")
        r = self.extend_carrier(held, other.head)
        self.assertError(r, 422, "not_competent_to_declassify")
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
            self.assertError(r, 422, "not_competent_to_declassify")
        r = self.post("/v1/information/%s/extend" % info, {"declassify_on": "2041-01-01"}, a.ab)
        self.assertEqual(r.status, 200, r)


class DisposalMigration(ServerTest):
    """A database from before disposal was recorded gets it on open."""
    clock = TODAY

    def test_migration(self):
        a, b = DeclassWorld(self.srv, next(_n)), DeclassWorld(self.srv, next(_n))
        info = a.info()
        car = a.carrier("top_secret", [info])
        self.assertEqual(self.req("POST", "/v1/transfers", {
            "carrier_ids": [car], "to_org_id": b.org, "sanction_ref": "S"}, a.so).status, 201)
        self.assertEqual(self.srv.stop(), 0)
        db = db_connect(self.srv)
        db.execute("UPDATE record SET doc = json_remove(doc, '$.disposing_org_id',"
                   " '$.disposing_org_ids') WHERE id IN (?, ?)", (info, car))
        # the schema before issue 10 (4 steps): every step appended since runs
        # again, each idempotent
        db.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
        db.close()
        self.srv.start()
        db = db_connect(self.srv)
        got = db.execute("SELECT json_extract(doc, '$.disposing_org_id'),"
                         " json_extract(doc, '$.disposing_org_ids') FROM record WHERE id = ?",
                         (car,)).fetchone()
        self.assertEqual(got, (a.org, '["%s"]' % a.org))
        (got,) = db.execute("SELECT json_extract(doc, '$.disposing_org_id') FROM record"
                            " WHERE id = ?", (info,)).fetchone()
        self.assertEqual(got, a.org)
        db.close()
        # and the holder still is not the disposer
        r = self.post_declassify(car, b.head)
        self.assertError(r, 422, "not_competent_to_declassify")

    def post_declassify(self, car, token):
        return self.req("POST", "/v1/carriers/%s/declassify" % car,
                        {"ground": "circumstances_changed"}, token)


if __name__ == "__main__":
    unittest.main()
