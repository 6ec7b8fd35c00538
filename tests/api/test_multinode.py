"""test_multinode.py - three `qupiya serve` nodes on one database (issue 12).

Three servers serve one database at once: PostgreSQL under QUPIYA_TEST_PG
(api.pg.test_multinode), else one SQLite file (api.test_multinode: three
processes on one WAL file, the same contract). A session made on one node
is valid on the others. Then:
  - concurrent writers through all three nodes: every write is answered
    201 (a serialization abort is retried inside the operation, never
    answered), and no acknowledged write is lost: each is read back on
    every node, and each has its own audit entry;
  - the audit log stays one tree: sequence numbers dense 0..n-1, the same
    head on every node, `qupiya audit verify` passes;
  - the Law's one-winner rules hold across nodes: two nodes racing to issue
    the same copy of a carrier to two persons (one holder per copy), and to
    decide the same clearance step (one decision): exactly one wins, the
    other is told 409, and the record shows the winner's act only.
"""
import os
import threading
import unittest

from carrier_world import TODAY, CarrierWorld
from qupiya_test import Server, audit_entries, make_ident, run_cli

NODES = 3
WRITERS_PER_NODE = 3
WRITES_PER_WRITER = 8
RACES = 6


def race(calls):
    """Runs the calls [(srv, method, path, body, token)] at once; returns
    the responses in order."""
    out = [None] * len(calls)
    barrier = threading.Barrier(len(calls))

    def run(i, srv, method, path, body, token):
        barrier.wait()
        out[i] = srv.request(method, path, body, token)

    threads = [threading.Thread(target=run, args=(i,) + c) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


class MultiNodeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        first = Server(clock=TODAY)
        cls.addClassCleanup(first.cleanup)
        keys = first.keys or first.tmp   # SQLite: the keys beside the file
        cls.nodes = [first]
        for i in range(1, NODES):
            n = Server(clock=TODAY, tmp=os.path.join(first.tmp, "node%d" % i), db=first.db,
                       keys=keys)
            os.makedirs(n.tmp)
            cls.nodes.append(n)
        cls.db, cls.keys = first.db, keys
        for n in cls.nodes:
            n.start()
        cls.world = CarrierWorld(first, 1)

    @classmethod
    def tearDownClass(cls):
        logs = []
        for n in reversed(cls.nodes):   # the first last: its cleanup removes the others' tmp
            rc = n.stop()
            if rc != 0:
                logs.append("node exit status %d:\n%s" % (rc, n.read_log()[-3000:]))
        if logs:
            raise AssertionError("\n".join(logs))

    def test_1_sessions_shared(self):
        a = self.world
        for n in self.nodes:
            r = n.request("GET", "/v1/orgs/%s" % a.org, token=a.admin)
            self.assertEqual(r.status, 200, r)
        # a session made on one node is valid on every node; ended on one,
        # it is ended on every node
        t = self.nodes[1].login("auditor1")
        for n in self.nodes:
            self.assertEqual(n.request("GET", "/v1/me", token=t).status, 200)
        self.assertEqual(self.nodes[2].request("DELETE", "/v1/session", token=t).status, 204)
        for n in self.nodes:
            self.assertEqual(n.request("GET", "/v1/me", token=t).status, 401)

    def test_2_concurrent_writers_lose_nothing(self):
        a = self.world
        acked, answers, lock = [], [], threading.Lock()

        def writer(node, w):
            for k in range(WRITES_PER_WRITER):
                ident = make_ident(500000 + node * 1000 + w * 100 + k)
                r = self.nodes[node].request("POST", "/v1/orgs", {
                    "name": "Node %d writer %d org %d" % (node, w, k), "bin": ident,
                    "kind": "organization"}, a.admin)
                with lock:
                    answers.append(r)
                    if r.status == 201:
                        acked.append(r.json["id"])

        threads = [threading.Thread(target=writer, args=(n, w))
                   for n in range(NODES) for w in range(WRITERS_PER_NODE)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual([r for r in answers if r.status != 201], [])
        self.assertEqual(len(acked), NODES * WRITERS_PER_NODE * WRITES_PER_WRITER)
        self.assertEqual(len(set(acked)), len(acked))
        for n in self.nodes:
            r = n.request("GET", "/v1/orgs?limit=1000", token=a.admin)
            self.assertEqual(r.status, 200, r)
            listed = {o["id"] for o in r.json["items"]}
            self.assertEqual(set(acked) - listed, set())
            for oid in acked[::7]:
                self.assertEqual(n.request("GET", "/v1/orgs/%s" % oid, token=a.admin).status, 200)
        # each acknowledged write has its audit entry; the log is one dense tree
        entries = audit_entries(self.nodes[2], a.auditor)
        self.assertEqual([e["seq"] for e in entries], list(range(len(entries))))
        audited = {e.get("object") for e in entries}
        self.assertEqual(set(acked) - audited, set())
        heads = [n.request("GET", "/v1/audit/head", token=a.auditor).json for n in self.nodes]
        self.assertEqual({(h["size"], h["root"]) for h in heads},
                         {(heads[0]["size"], heads[0]["root"])})
        self.assertGreaterEqual(heads[0]["size"], len(entries))

    def test_3_one_holder_per_copy(self):
        a = self.world
        b, c = self.nodes[1], self.nodes[2]
        for _ in range(RACES):
            cid = a.carrier("top_secret", copies=1)["id"]
            p1 = a.cleared("top_secret", carrier=cid)
            p2 = a.cleared("top_secret", carrier=cid)
            rs = race([(b, "POST", "/v1/carriers/%s/issue" % cid,
                        {"person_id": p1, "copy_number": 1}, a.so),
                       (c, "POST", "/v1/carriers/%s/issue" % cid,
                        {"person_id": p2, "copy_number": 1}, a.so)])
            self.assertEqual(sorted(r.status for r in rs), [200, 409], rs)
            winner = p1 if rs[0].status == 200 else p2
            loser = rs[1] if rs[0].status == 200 else rs[0]
            self.assertEqual(loser.error.get("code"), "invalid_state", loser)
            g = self.nodes[0].request("GET", "/v1/carriers/%s" % cid, token=a.so).json
            self.assertEqual(g["copies"][0]["holder"], winner)
            issued = [m for m in g["movements"] if m["kind"] == "issued"]
            self.assertEqual([m["person_id"] for m in issued], [winner])

    def test_4_one_decision_per_clearance_step(self):
        a = self.world
        b, c = self.nodes[1], self.nodes[2]
        for _ in range(RACES):
            p = a.person()
            cl = a.clearance(p, "top_secret", decision=None)
            body = {"decision": "grant", "contract_number": "C-%s" % cl[-6:]}
            rs = race([(b, "POST", "/v1/clearances/%s/decision" % cl, body, a.head),
                       (c, "POST", "/v1/clearances/%s/decision" % cl,
                        dict(body, decision="refuse"), a.head)])
            self.assertEqual(sorted(r.status for r in rs), [200, 409], rs)
            won = rs[0] if rs[0].status == 200 else rs[1]
            g = self.nodes[0].request("GET", "/v1/clearances/%s" % cl, token=a.so)
            self.assertEqual(g.status, 200, g)
            self.assertEqual(g.json["state"], won.json["state"])

    def test_5_audit_verify(self):
        p = run_cli("audit", "verify", "--db", self.db, "--keys", self.keys, timeout=600)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("audit log intact", p.stdout)


if __name__ == "__main__":
    unittest.main()
