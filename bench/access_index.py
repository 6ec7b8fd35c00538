#!/usr/bin/env python3
"""bench/access_index.py - GET /v1/access/check per second with the
in-memory access index (src/ops/access_index.c) and without it, in one run.

Two `qupiya serve` on one SQLite database built through the API (the
world of tests/api/transfer_world.py: organizations, persons with
clearances, carriers, grants): one with the index (the default), one with
QUPIYA_ACCESS_INDEX=0 (the store path, as before). wrk (Debian package)
drives each with the same clients and requests, one after the other,
over a set of (person, carrier) pairs; prints requests/s, p50, p99 and the
ratio, and GET /v1/health on the same server as the peer. Then both again
while one client writes grants and revokes them through the indexed server
(each write changes what the index holds), and the index's own counts
(whole builds, incremental steps, checks that found it fresh or behind)
from the server's log at stop. It measures, it never passes or fails.

  QUPIYA_BIN=build/qupiya python3 bench/access_index.py [SECONDS] [CONNECTIONS]
"""
import os
import re
import subprocess
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "api"))

from qupiya_test import Server  # noqa: E402
from test_access_index import start_with_index as start  # noqa: E402
from transfer_world import TransferWorld  # noqa: E402

LUA = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1], {["Authorization"] = "Bearer %s"})
end
"""


def wrk(srv, script, seconds, conns):
    out = subprocess.run(["wrk", "-t2", "-c%d" % conns, "-d%ds" % seconds, "--latency",
                          "-s", script, "http://127.0.0.1:%d" % srv.port],
                         capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = dict(re.findall(r"\s+(50|99)%\s+([\d.]+\w+)", out))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return rate, lat.get("50", "?"), lat.get("99", "?"), int(non2xx.group(1)) if non2xx else 0


def main():
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    conns = int(sys.argv[2]) if len(sys.argv) > 2 else 32
    a = Server(clock="2025-06-01")
    b = Server(clock="2025-06-01", tmp=os.path.join(a.tmp, "b"), db=a.db, keys=a.keys or a.tmp)
    os.makedirs(b.tmp)
    try:
        start(a, "1")
        start(b, "0")
        w = TransferWorld(a, "bench")
        pairs = []
        cars = [w.carrier(label="top_secret", copies=2) for _ in range(4)]
        for _ in range(8):
            p = w.person(w.ministry)
            w.clearance(p, w.ministry, "top_secret")
            for c in cars[:2]:
                w.grant(p, w.ministry, c)
            pairs += [(p, c) for c in cars]
        paths = ", ".join('"/v1/access/check?person_id=%s&carrier_id=%s"' % pc for pc in pairs)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
            f.write(LUA % (paths, w.auditor))
            script = f.name
        rows = []
        for label, srv in (("store path (QUPIYA_ACCESS_INDEX=0)", b), ("access index", a)):
            wrk(srv, script, 2, conns)   # warm-up
            rows.append((label,) + wrk(srv, script, seconds, conns))
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
            f.write(LUA % ('"/v1/health"', w.auditor))
            health = f.name
        rows.append(("peer: GET /v1/health (same server)",) + wrk(a, health, seconds, conns))
        os.unlink(health)
        # the same under writes: grants given and revoked meanwhile
        for label, srv in (("store path, grants written meanwhile", b),
                           ("access index, grants written meanwhile", a)):
            stop, done = threading.Event(), [0]
            p0 = pairs[0][0]

            def writer():
                while not stop.is_set():
                    g = w.grant(p0, w.ministry, cars[3])
                    a.request("POST", "/v1/grants/%s/revoke" % g, {"reason": "bench"},
                              w.head(w.ministry))
                    done[0] += 2
            t = threading.Thread(target=writer)
            t.start()
            try:
                rows.append((label,) + wrk(srv, script, seconds, conns))
            finally:
                stop.set()
                t.join()
            rows[-1] = rows[-1][:1] + rows[-1][1:] + (done[0] / seconds,)
        os.unlink(script)
        print("GET /v1/access/check, %d connections, %d s each, %d (person, carrier) pairs"
              % (conns, seconds, len(pairs)))
        for row in rows:
            label, rate, p50, p99, bad = row[:5]
            wr = "  writes %.0f/s" % row[5] if len(row) > 5 else ""
            print("  %-40s %9.0f/s  p50 %-8s p99 %-8s non-2xx %d%s"
                  % (label, rate, p50, p99, bad, wr))
        print("  ratio index / store path = %.2f; under writes %.2f"
              % (rows[1][1] / rows[0][1], rows[4][1] / rows[3][1]))
    finally:
        b.stop()
        a.stop()
        m = re.search(r"access index: .*", a.read_log())
        print("  " + (m.group(0) if m else "access index: (no counts in this build's log)"))
        a.cleanup()


if __name__ == "__main__":
    main()
