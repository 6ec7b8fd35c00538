"""test_access_index.py - the in-memory access index (issue 15 item 1;
src/ops/access_index.c) against the store path, decision by decision.

Three `qupiya serve` on one SQLite file (PostgreSQL under QUPIYA_TEST_PG:
three nodes on one database):
  A  QUPIYA_ACCESS_INDEX=check: a stale index is brought up to the
     database's audit size before the request decides from it, and every
     incremental step (the entities the new audit entries name, reloaded)
     is compared with a whole rebuild: the node aborts on any difference,
     so the incremental path equals a full rebuild after every step
  B  QUPIYA_ACCESS_INDEX=0: no index, the store path (the reference)
  C  the default: a request applies the missing commits itself when it
     can, else takes the store path while the builder catches up
After each step of a random write sequence (grants, revocations,
clearance decisions and terminations, transfers of copies, issues and
returns, relabels, declassification, permit suspensions, new persons,
dismissals, new carriers), sent through a
random node, GET /v1/access/check answers the same on every node for
(person, carrier, actor) triples - status and body, each check's code,
article, passed. Then again after A restarts (the index built at start),
on another day (validity dates: permits and grants lapse), and a
revocation on B holds on A at once.
"""
import os
import random
import re
import unittest

from qupiya_test import Server
from transfer_world import TransferWorld

TODAY = "2025-06-01"
LATER = "2028-01-15"     # after the permits' and grants' validity
STEPS = 40


def start_with_index(srv, mode):
    """Starts srv with QUPIYA_ACCESS_INDEX=mode (the server reads it at start)."""
    old = os.environ.get("QUPIYA_ACCESS_INDEX")
    os.environ["QUPIYA_ACCESS_INDEX"] = mode
    try:
        srv.start()
    finally:
        if old is None:
            del os.environ["QUPIYA_ACCESS_INDEX"]
        else:
            os.environ["QUPIYA_ACCESS_INDEX"] = old


def node(first, name, mode, clock):
    keys = first.keys or first.tmp
    n = Server(clock=clock, tmp=os.path.join(first.tmp, name), db=first.db, keys=keys)
    os.makedirs(n.tmp, exist_ok=True)
    return n, mode


class AccessIndexTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.first = Server(clock=TODAY)
        cls.addClassCleanup(cls.first.cleanup)
        cls.modes = {}
        cls.nodes = [cls.first]
        cls.modes[id(cls.first)] = "check"
        for name, mode in (("b", "0"), ("c", "1")):
            n, m = node(cls.first, name, mode, TODAY)
            cls.nodes.append(n)
            cls.modes[id(n)] = m
        for n in cls.nodes:
            cls.start(n)
        cls.a, cls.b, cls.c = cls.nodes
        w = cls.w = TransferWorld(cls.a, "ix")
        cls.other = w.org("Other body", kind="state_body", permit="top_secret")
        cls.third = w.org("Third body", kind="state_body", permit="confidential")
        cls.orgs = [w.ministry, cls.other, cls.third]
        cls.persons = []        # (person, org)
        cls.clearances = []     # (clearance, org)
        for org in cls.orgs:
            for form in ("top_secret", "confidential"):
                p = w.person(org)
                cls.persons.append((p, org))
                cls.clearances.append((w.clearance(p, org, form), org))
        w.person(w.ministry)    # one without a clearance
        cls.carriers = [w.carrier(label=lab, copies=k)
                        for lab, k in (("top_secret", 2), ("top_secret", 3), ("confidential", 1),
                                       ("special_importance", 2))]
        cls.carriers.append(w.carrier(org=cls.other, label="confidential", copies=2))
        cls.grants = []         # (grant, org)
        for p, org in cls.persons[:2]:
            cls.grants.append((w.grant(p, org, cls.carriers[0]), org))
        for p, org in cls.persons[2:4]:
            cls.grants.append((w.grant(p, org, cls.carriers[4]), org))

    @classmethod
    def tearDownClass(cls):
        logs = []
        for n in reversed(cls.nodes):   # the first last: its cleanup removes the others' tmp
            rc = n.stop()
            if rc != 0:
                logs.append("node exit status %d:\n%s" % (rc, n.read_log()[-3000:]))
        if logs:
            raise AssertionError("\n".join(logs))

    @classmethod
    def start(cls, n):
        start_with_index(n, cls.modes[id(n)])

    # ---- comparing ------------------------------------------------------------

    def actors(self):
        w = self.w
        return [w.auditor, w.so(w.ministry), w.so(self.other)]

    def answer(self, srv, person, carrier, token):
        r = srv.request("GET", "/v1/access/check?person_id=%s&carrier_id=%s"
                        % (person, carrier), token=token)
        return r.status, r.json

    def compare(self, triples):
        allowed = 0
        for p, car, tok in triples:
            ref = self.answer(self.b, p, car, tok)
            self.assertIn(ref[0], (200, 403, 404), ref)
            for n in (self.a, self.c):
                self.assertEqual(self.answer(n, p, car, tok), ref, (p, car))
            allowed += ref[0] == 200 and ref[1]["allowed"]
        return allowed

    def all_triples(self):
        people = [p for p, _ in self.persons] + ["person_00000000000000aa"]
        return [(p, c, t) for p in people for c in self.carriers + ["car_00000000000000aa"]
                for t in self.actors()]

    # ---- writing ----------------------------------------------------------------

    def step(self, rnd):
        """One random write through a random node; a refusal (409, 422) is
        fine: it is a step of the sequence too."""
        w, srv = self.w, rnd.choice(self.nodes)
        p, porg = rnd.choice(self.persons)
        car = rnd.choice(self.carriers)
        op = rnd.randrange(13)
        if op == 0:
            r = srv.request("POST", "/v1/grants", {"person_id": p, "carrier_id": car,
                                                   "until": rnd.choice(["2025-12-31",
                                                                        "2027-12-31"])},
                            w.head(porg))
            if r.status == 201:
                self.grants.append((r.json["id"], porg))
        elif op == 1 and self.grants:
            g, gorg = rnd.choice(self.grants)
            srv.request("POST", "/v1/grants/%s/revoke" % g, {"reason": "no longer needed"},
                        w.head(gorg))
        elif op == 2:
            try:    # a refusal (e.g. readmission_too_early) is a step too
                self.clearances.append((w.clearance(p, porg, rnd.choice(
                    ["confidential", "top_secret", "special_importance"])), porg))
            except AssertionError:
                pass
        elif op == 3:
            cid, corg = rnd.choice(self.clearances)
            srv.request("POST", "/v1/clearances/%s/terminate" % cid, {"reason": "ground"},
                        w.head(corg))
        elif op == 4:
            src = rnd.choice(self.orgs[:2])
            dst = rnd.choice([o for o in self.orgs if o != src])
            srv.request("POST", "/v1/transfers", {
                "carriers": [{"carrier_id": car, "copy_numbers": [rnd.randint(1, 3)]}],
                "to_org_id": dst, "sanction_ref": "S-ix"}, w.so(src))
        elif op == 5:
            srv.request("POST", "/v1/carriers/%s/issue" % car,
                        {"person_id": p, "copy_number": rnd.randint(1, 3)}, w.so(porg))
        elif op == 6:
            srv.request("POST", "/v1/carriers/%s/return" % car,
                        {"person_id": p, "copy_number": rnd.randint(1, 3)}, w.so(porg))
        elif op == 7:
            srv.request("POST", "/v1/carriers/%s/relabel" % car, {"label": rnd.choice(
                ["confidential", "top_secret", "special_importance"])},
                w.so(w.ministry))
        elif op == 8:
            if rnd.random() < 0.3:
                srv.request("POST", "/v1/carriers/%s/declassify" % car,
                            {"ground": "circumstances_changed"}, w.head(w.ministry))
        elif op == 10:
            org = rnd.choice(self.orgs)
            self.persons.append((w.person(org), org))
        elif op == 11 and rnd.random() < 0.3:
            srv.request("POST", "/v1/persons/%s/employment" % p, {"event": "dismissal"},
                        w.so(porg))
        elif op == 12:
            try:    # refused while the permit is suspended
                self.carriers.append(w.carrier(org=rnd.choice(self.orgs[:2]), label=rnd.choice(
                    ["confidential", "top_secret"]), copies=rnd.randint(1, 3)))
            except AssertionError:
                pass
        else:
            pid = rnd.choice(w.permits_of(rnd.choice(self.orgs)))
            srv.request("POST", "/v1/permits/%s/%s" % (pid, rnd.choice(["suspend", "resume"])),
                        {}, w.nsc)

    # ---- the tests ----------------------------------------------------------------

    def test_1_random_writes_then_restart(self):
        rnd = random.Random(15)
        allowed = 0
        for _ in range(STEPS):
            self.step(rnd)
            allowed += self.compare(rnd.sample(self.all_triples(), 24))
        triples = self.all_triples()
        allowed += self.compare(triples)
        self.assertGreater(allowed, 0)   # the comparison covers allowed decisions too
        # A restart: the index built at start from the store. Most steps
        # were applied incrementally (check mode compared each with a
        # whole build).
        self.assertEqual(self.a.stop(), 0)
        m = re.search(r"access index: (\d+) whole builds, (\d+) incremental steps",
                      self.a.read_log())
        self.assertIsNotNone(m, self.a.read_log()[-2000:])
        self.assertGreater(int(m.group(2)), int(m.group(1)), m.group(0))
        self.start(self.a)
        self.compare(triples)

    def test_2_revocation_on_another_node_holds_at_once(self):
        w = self.w
        p = w.person(w.ministry)
        w.clearance(p, w.ministry, "special_importance")
        car = w.carrier(label="top_secret", copies=1)
        g = w.grant(p, w.ministry, car)
        for n in self.nodes:
            self.assertTrue(self.answer(n, p, car, w.auditor)[1]["allowed"])
        r = self.b.request("POST", "/v1/grants/%s/revoke" % g, {"reason": "left the work"},
                           w.head(w.ministry))
        self.assertEqual(r.status, 200, r)
        for n in (self.a, self.c, self.b):
            st, j = self.answer(n, p, car, w.auditor)
            self.assertEqual(st, 200)
            self.assertFalse(j["allowed"])
            self.assertEqual([c["code"] for c in j["checks"] if not c["passed"]],
                             ["no_need_to_know"])
        # and a clearance terminated on C holds on A and B
        cid = w.clearance(p, w.ministry, "special_importance")
        r = self.c.request("POST", "/v1/clearances/%s/terminate" % cid, {"reason": "ground"},
                           w.head(w.ministry))
        self.assertEqual(r.status, 200, r)
        self.compare([(p, car, w.auditor)])

    def test_3_another_day(self):
        # Every node restarted on a later day: the validity dates decide.
        for n in self.nodes:
            self.assertEqual(n.stop(), 0)
            n.clock = LATER
            self.start(n)
        self.compare(self.all_triples())


if __name__ == "__main__":
    unittest.main()
