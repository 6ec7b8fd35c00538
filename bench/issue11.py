#!/usr/bin/env python3
"""bench/issue11.py BEFORE_BIN AFTER_BIN WORK_DIR - the four measures of
issue 11 before -> after in one run, on the same generated data (driven by
bench/issue11.sh, which builds the two binaries; not part of make test).

1. The data, once: a 0.1.0 database (BEFORE_BIN is the 0.1.0 binary, commit
   9b22556). Through its HTTP API (clock fixed at 2025-06-02): an
   organization with a permit and its users, an approved list with items A
   and B, 10 classified information items on each, one carrier, a person
   with a granted clearance and a grant on that carrier. Then the registry
   is filled behind the server's back to BENCH_I11_N carriers (default
   1,000,000) in that one organization, each a copy of the API-made
   carrier's record and tag rows with its own id, account number, term and
   information: 100 carry the items on A (10 each, spread over the
   registry), the others the items on B; one in 1000 is overdue.
2. Two copies: "before" served by BEFORE_BIN, "after" by AFTER_BIN (which
   upgrades its copy when it opens it; the upgrade is timed apart).
3. On each server in turn, alone on the machine's share:
   - GET /v1/deadlines?org_id=ORG: the median of BENCH_I11_READS calls;
   - GET /v1/access/check: wrk, 2 threads, 32 connections, BENCH_I11_SECS s;
   - audited writes: wrk POST /v1/lists (validation, insert, audit entry,
     durable commit), 2 threads, 8 connections, BENCH_I11_SECS s;
   - the cascade: POST /v1/list-items/A/change, the degree alternating,
     BENCH_I11_CASCADES times; each must flag the 100 carriers. The
     request's wall time bounds the time the write lock is held (the step
     takes the lock after the request is read and frees it with the
     commit, before the answer is written).
   Both servers' answers to GET /v1/deadlines and to the first change are
   compared (after removing the ids the change itself makes).
Prints a before/after table with the load average next to it.
"""
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "api"))
import qupiya_test  # noqa: E402
from qupiya_test import PASSWORD, Server, make_ident  # noqa: E402

CLOCK = "2025-06-02"
N = int(os.environ.get("BENCH_I11_N", "1000000"))
READS = int(os.environ.get("BENCH_I11_READS", "7"))
SECS = int(os.environ.get("BENCH_I11_SECS", "10"))
CASCADES = int(os.environ.get("BENCH_I11_CASCADES", "5"))
COORD = {"authorized_body_ref": "AB-11", "nsc_ref": "NSC-11"}


def log(*a):
    print("issue11: [%s]" % time.strftime("%H:%M:%S"), *a, file=sys.stderr, flush=True)


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def ok(r, what, codes=(200, 201)):
    if r.status not in codes:
        raise SystemExit("issue11: %s: %r" % (what, r))
    return r.json


def seed(srv):
    """The world through the 0.1.0 API; returns the ids the bench needs."""
    q = srv.request
    admin = srv.admin()
    org = ok(q("POST", "/v1/orgs", {"name": "Bench ministry", "bin": make_ident(110001),
                                    "kind": "state_body", "city": "Astana"}, admin), "org")["id"]
    tok = {}
    for role in ("security_officer", "head", "nsc_officer"):
        body = {"login": "b_" + role, "password": PASSWORD, "roles": [role]}
        if role != "nsc_officer":
            body["org_id"] = org
        ok(q("POST", "/v1/users", body, admin), "user " + role)
        tok[role] = srv.login("b_" + role)
    so, head = tok["security_officer"], tok["head"]
    ok(q("POST", "/v1/orgs/%s/permits" % org, {
        "degree": "special_importance", "number": "P-11", "issued_on": "2020-01-01",
        "valid_until": "2099-01-01"}, tok["nsc_officer"]), "permit")
    person = ok(q("POST", "/v1/persons", {
        "iin": make_ident(880101), "full_name": "Bench Reader", "citizenship": "KZ",
        "org_id": org, "position": "analyst"}, so), "person")["id"]
    ok(q("POST", "/v1/classifiers", {"person_id": person, "org_id": org}, admin), "classifier")
    ok(q("POST", "/v1/users", {"login": "b_cls", "password": PASSWORD, "roles": ["classifier"],
                               "org_id": org, "person_id": person}, admin), "classifier user")
    cls = srv.login("b_cls")
    lst = ok(q("POST", "/v1/lists", {"org_id": org, "title": "Bench list"}, so), "list")["id"]
    items = [ok(q("POST", "/v1/lists/%s/items" % lst, {
        "code": code, "text": "Item " + code, "degree": "top_secret", "basis": "11.1"}, so),
        "item")["id"] for code in ("A", "B")]
    ok(q("POST", "/v1/lists/%s/approve" % lst, {}, head), "approve")
    infos = {}
    for item in items:
        infos[item] = [ok(q("POST", "/v1/information", {
            "title": "Plan %d" % k, "org_id": org, "list_item_id": item, "degree": "top_secret",
            "classified_on": CLOCK, "declassify_on": "2045-01-10"}, cls), "information")["id"]
            for k in range(10)]
    carrier = ok(q("POST", "/v1/carriers", {
        "org_id": org, "account_number": "T-0", "kind": "paper", "title": "Plan copy",
        "label": "top_secret", "information_ids": [infos[items[0]][0]], "copies": 2,
        "sheets": 10}, so), "carrier")["id"]
    clr = ok(q("POST", "/v1/persons/%s/clearances" % person, {"form": "top_secret"}, so),
             "clearance")["id"]
    q("POST", "/v1/clearances/%s/prerequisites" % clr, {
        "commitment_on": "2015-01-05", "consent_restrictions_on": "2015-01-05",
        "consent_verification_on": "2015-01-05", "familiarized_on": "2015-01-05",
        "verification": "passed"}, so)   # where the server has that step
    ok(q("POST", "/v1/clearances/%s/decision" % clr, {"decision": "grant",
                                                      "contract_number": "C-11"}, head),
       "decision")
    ok(q("POST", "/v1/grants", {"person_id": person, "carrier_id": carrier,
                                "until": "2099-01-01"}, head), "grant")
    return {"org": org, "item_a": items[0], "info_a": infos[items[0]],
            "info_b": infos[items[1]], "carrier": carrier, "person": person}


def fill(db, ids, n):
    """Copies of the API-made carrier up to n carriers, behind the server's
    back (the 0.1.0 schema: record, record_tag)."""
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    row = con.execute("SELECT seq, kind, org_id, parent_id, state, doc FROM record WHERE id = ?",
                      (ids["carrier"],)).fetchone()
    tseq, kind, org, parent, state, doc = row
    tags = con.execute("SELECT name, value, org_id FROM record_tag WHERE rec_seq = ?",
                       (tseq,)).fetchall()
    tmpl = json.loads(doc)
    seq = con.execute("SELECT max(seq) FROM record").fetchone()[0]
    stride = max(1, n // 100)
    rnd = random.Random(11)
    recs, tagrows = [], []
    for i in range(1, n):
        seq += 1
        cid = "carrier_%016x" % (0x1100000000000000 + i)
        if i % stride == 0 and i // stride <= 100:
            info = ids["info_a"][(i // stride) % 10]
        else:
            info = ids["info_b"][i % 10]
        d = dict(tmpl)
        d["id"] = cid
        d["account_number"] = "B-%d" % i
        d["information_ids"] = [info]
        d["declassify_on"] = ("2025-05-%02d" % (1 + i % 28) if i % 1000 == 7 else
                              "%d-%02d-%02d" % (2030 + rnd.randrange(15), 1 + rnd.randrange(12),
                                                1 + rnd.randrange(28)))
        recs.append((seq, kind, cid, org, parent, d["account_number"], state,
                     json.dumps(d, separators=(",", ":"))))
        tagrows.extend((name, value, torg, seq) for name, value, torg in tags)
        if len(recs) == 50000:
            flush(con, recs, tagrows)
            log("filled %d of %d" % (i, n))
    flush(con, recs, tagrows)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def flush(con, recs, tagrows):
    con.executemany("INSERT INTO record(seq, kind, id, org_id, parent_id, ref, state, doc)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", recs)
    con.executemany("INSERT INTO record_tag(name, value, org_id, rec_seq) VALUES (?, ?, ?, ?)",
                    tagrows)
    con.commit()
    recs.clear()
    tagrows.clear()


def wrk(url, token, conns, lua=None):
    args = ["wrk", "-t2", "-c%d" % conns, "-d%ds" % SECS, "-H", "Authorization: Bearer " + token]
    if lua:
        args += ["-s", lua]
    out = subprocess.run(args + [url], capture_output=True, text=True).stdout
    rps = non2xx = 0.0
    for line in out.splitlines():
        if line.startswith("Requests/sec:"):
            rps = float(line.split()[1])
        if "Non-2xx" in line:
            non2xx = float(line.split()[-1])
    return rps, non2xx


def start(srv, timeout=7200):
    """srv.start() with room for the upgrade of a large registry."""
    args = [qupiya_test.BIN, "serve"] + srv.db_args() + [
        "--listen", "127.0.0.1:%d" % srv.port, "--clock", CLOCK]
    srv.log = open(os.path.join(srv.tmp, "server.log"), "ab")
    srv.proc = subprocess.Popen(args, stdout=srv.log, stderr=srv.log)
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if srv.request("GET", "/v1/health").status == 200:
                return srv
        except OSError:
            pass
        if srv.proc.poll() is not None:
            raise SystemExit("issue11: server exited: %s" % srv.read_log()[-2000:])
        time.sleep(0.2)
    raise SystemExit("issue11: the server did not start in %d s" % timeout)


def cpu_ns(pid):
    """CPU time of every thread of the server process, ns (schedstat)."""
    total = 0
    for t in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/schedstat" % (pid, t)) as f:
                total += int(f.read().split()[0])
        except OSError:
            pass
    return total


def measure(name, srv, ids, work):
    """The four figures on one running server."""
    q = srv.request
    so = srv.login("b_security_officer")
    head = srv.login("b_head")
    res = {"load": load()}
    path = "/v1/deadlines?org_id=%s" % ids["org"]
    ts, answer = [], None
    for _ in range(READS):
        t0 = time.monotonic()
        r = q("GET", path, token=so, timeout=600)
        ts.append((time.monotonic() - t0) * 1e3)
        answer = ok(r, "deadlines")
    res["deadlines_all_ms"] = ts
    res["deadlines_ms"] = statistics.median(ts)
    res["deadlines_items"] = len(answer["items"])
    res["deadlines_answer"] = answer
    log(name, "deadlines: %.1f ms median, %d items" % (res["deadlines_ms"],
                                                       res["deadlines_items"]))
    check = "/v1/access/check?person_id=%s&carrier_id=%s" % (ids["person"], ids["carrier"])
    ok(q("GET", check, token=so), "access check")
    res["access_rps"], bad = wrk("http://127.0.0.1:%d%s" % (srv.port, check), so, 32)
    log(name, "access check: %.0f/s (%d non-2xx)" % (res["access_rps"], bad))
    lua = os.path.join(work, "post_list.lua")
    with open(lua, "w") as f:
        f.write('wrk.method = "POST"\nwrk.body = %s\nwrk.headers["Content-Type"] = '
                '"application/json"\n' % json.dumps(json.dumps(
                    {"org_id": ids["org"], "title": "Bench write"})))
    res["writes_ps"], bad = wrk("http://127.0.0.1:%d/v1/lists" % srv.port, so, 8, lua)
    res["writes_bad"] = bad
    log(name, "audited writes: %.0f/s (%d non-2xx)" % (res["writes_ps"], bad))
    ts, cpu, first = [], [], None
    for k in range(CASCADES):
        degree = "special_importance" if k % 2 == 0 else "top_secret"
        c0 = cpu_ns(srv.proc.pid)
        t0 = time.monotonic()
        r = q("POST", "/v1/list-items/%s/change" % ids["item_a"],
              {"degree": degree, "coordination": COORD}, head, timeout=600)
        ts.append((time.monotonic() - t0) * 1e3)
        cpu.append((cpu_ns(srv.proc.pid) - c0) / 1e6)
        j = ok(r, "change")
        if len(j["affected"]["carriers"]) != 100:
            raise SystemExit("issue11: %s: the change flagged %d carriers, not 100"
                             % (name, len(j["affected"]["carriers"])))
        if first is None:
            first = j
    res["cascade_all_ms"] = ts
    res["cascade_cpu_ms"] = statistics.median(cpu)
    res["cascade_ms"] = statistics.median(ts)
    res["cascade_max_ms"] = max(ts)
    res["cascade_answer"] = first
    log(name, "cascade: %.1f ms median, %.1f ms worst, server CPU %.1f ms median"
        % (res["cascade_ms"], res["cascade_max_ms"], res["cascade_cpu_ms"]))
    res["load_after"] = load()
    return res


def strip_change(j):
    """The change's answer without what differs by construction: the id of
    the change each server made."""
    return json.loads(json.dumps(j).replace(j["change_id"], "CHANGE"))


def strip_deadlines(j):
    """The deadlines answer without the copies of each carrier's item, which
    0.1.0 did not show (custody per copy came after it: SPEC.md §2)."""
    j = json.loads(json.dumps(j))
    for it in j.get("items", []):
        it.pop("copies", None)
    return j


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    before, after, work = (os.path.abspath(a) for a in sys.argv[1:])
    os.makedirs(work, exist_ok=True)
    seeddir = os.path.join(work, "seed")
    shutil.rmtree(seeddir, ignore_errors=True)
    os.makedirs(seeddir)
    qupiya_test.BIN = before
    qupiya_test.PG = None
    log("seeding through the 0.1.0 API (%s)" % before)
    srv = Server(clock=CLOCK, tmp=seeddir, sqlite=True).start()
    ids = seed(srv)
    if srv.stop() != 0:
        raise SystemExit("issue11: the seed server did not stop cleanly")
    t0 = time.monotonic()
    fill(os.path.join(seeddir, "q.db"), ids, N)
    log("registry of %d carriers filled in %.0f s" % (N, time.monotonic() - t0))
    results, upgrade_s = {}, None
    for name, binary in (("before", before), ("after", after)):
        d = os.path.join(work, name)
        shutil.rmtree(d, ignore_errors=True)
        shutil.copytree(seeddir, d, ignore=shutil.ignore_patterns("server.log"))
        qupiya_test.BIN = binary
        t0 = time.monotonic()
        srv = start(Server(clock=CLOCK, tmp=d, db=os.path.join(d, "q.db"), keys=None))
        opened = time.monotonic() - t0
        if name == "after":
            upgrade_s = opened
        log("%s: serving (%s), opened in %.1f s" % (name, binary, opened))
        try:
            results[name] = measure(name, srv, ids, work)
        finally:
            rc = srv.stop()
        if rc != 0:
            raise SystemExit("issue11: %s server exit status %d" % (name, rc))
        shutil.rmtree(d, ignore_errors=True)
    b, a = results["before"], results["after"]
    db, da = strip_deadlines(b["deadlines_answer"]), strip_deadlines(a["deadlines_answer"])
    same_deadlines = db == da
    differ = [(x, y) for x, y in zip(db["items"], da["items"]) if x != y]
    same_change = strip_change(b["cascade_answer"]) == strip_change(a["cascade_answer"])
    rows = [
        ("list-item change cascade, write lock <= (ms, median)", "cascade_ms", False),
        ("  the same, worst (ms)", "cascade_max_ms", False),
        ("  the server's CPU time per change (ms, median)", "cascade_cpu_ms", False),
        ("GET /v1/deadlines, org of %d carriers (ms, median)" % N, "deadlines_ms", False),
        ("GET /v1/access/check (requests/s, 32 conn.)", "access_rps", True),
        ("audited writes POST /v1/lists (writes/s, 8 conn.)", "writes_ps", True),
    ]
    print("issue 11: before (0.1.0, 9b22556) -> after (this tree), one run, %d carriers, "
          "100 carry the changed item" % N)
    print("%-56s %12s %12s %9s" % ("measure", "before", "after", "after/bef."))
    for label, key, higher in rows:
        ratio = (a[key] / b[key]) if b[key] else float("nan")
        print("%-56s %12.1f %12.1f %9s%s" % (label, b[key], a[key], "%.3gx" % ratio,
                                              "" if (ratio >= 1) == higher or ratio == 1
                                              else "  (slower)"))
    print("deadlines items: before %d, after %d; same answer (but each carrier's copies,"
          " new since 0.1.0): %s"
          % (b["deadlines_items"], a["deadlines_items"], "yes" if same_deadlines else "NO"))
    for x, y in differ[:5]:
        print("  differs: before %s\n           after  %s" % (json.dumps(x, sort_keys=True),
                                                            json.dumps(y, sort_keys=True)))
    print("the first change's answer the same on both: %s" % ("yes" if same_change else "NO"))
    print("upgrade of the 0.1.0 copy by the after binary (open + migrations): %.1f s" % upgrade_s)
    print("load average: before run %s .. %s; after run %s .. %s; %d CPUs"
          % (b["load"], b["load_after"], a["load"], a["load_after"], os.cpu_count()))
    for name in results:
        for key in ("deadlines_answer", "cascade_answer"):
            with open(os.path.join(work, "%s_%s.json" % (name, key)), "w") as f:
                json.dump(results[name][key], f, indent=1, sort_keys=True)
    with open(os.path.join(work, "results.json"), "w") as f:
        json.dump({k: {x: y for x, y in v.items() if not x.endswith("_answer")}
                   for k, v in results.items()}, f, indent=1)


if __name__ == "__main__":
    main()
