#!/usr/bin/env python3
"""compare_table.py RESULTS_DIR DOCS_DIR -- the one table of make bench.

Reads the raw outputs bench/compare.sh left in RESULTS_DIR, prints one table
(what | qupiya | peer | ratio | goal | holds?), every ratio qupiya / peer
measured in the same run, and writes DOCS_DIR/performance.md (the table, the
machine and its load, the details) and DOCS_DIR/performance.svg (gnuplot:
each ratio next to its goal, log scale). Benchmarks report; this script
never fails on a figure, only on a missing or unreadable output.
"""
import json
import os
import re
import subprocess
import sys

FULL_CARRIERS = 1000000


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def jsonl(path):
    return [json.loads(l) for l in read(path).splitlines() if l.strip().startswith("{")]


def rate(x):
    if x >= 1e6:
        return "%.2f M/s" % (x / 1e6)
    if x >= 1e3:
        return "%.1f k/s" % (x / 1e3)
    return "%.0f /s" % x


def dur(ns):
    if ns >= 1e6:
        return "%.2f ms" % (ns / 1e6)
    if ns >= 1e3:
        return "%.2f µs" % (ns / 1e3)
    return "%.0f ns" % ns


def ratio(x):
    if x >= 100:
        return "%.0f×" % x
    if x >= 10:
        return "%.1f×" % x
    return "%.2f" % x


def wrk(path):
    text = read(path)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    m = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\b", text, re.M)
    unit = {"us": 1e3, "ms": 1e6, "s": 1e9}[m.group(2)]
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    return rps, float(m.group(1)) * unit, int(non2xx.group(1)) if non2xx else 0


def main():
    res, docs = sys.argv[1], sys.argv[2]
    machine = dict(l.split(": ", 1) for l in read(os.path.join(res, "machine.txt")).splitlines()
                   if ": " in l)
    # per engine its best round (highest rate), its lowest p99 over rounds
    dec, rounds = {}, {}
    for r in jsonl(os.path.join(res, "decisions.jsonl")):
        k = r["engine"].split(":")[0]
        rounds[k] = rounds.get(k, 0) + 1
        best = dec.get(k)
        p99 = min(r["p99_ns"], best["p99_ns"]) if best else r["p99_ns"]
        if best is None or r["decisions_per_s"] > best["decisions_per_s"]:
            dec[k] = dict(r)
        dec[k]["p99_ns"] = p99
    q, c1, j2, cas, ced = dec["Q"], dec["C1"], dec["J2"], dec["R"], dec["D"]
    # (what, qupiya, peer, ratio value, goal text, the goal as a ratio to the
    # same peer for the chart or None, holds)
    rows = []

    qd = q["decisions_per_s"]
    rows.append(("in-process access decisions, 1 thread",
                 "%s, p99 %s" % (rate(qd), dur(q["p99_ns"])), "goal: absolute", None,
                 "≥ 15 M/s, p99 < 1 µs", None, qd >= 15e6 and q["p99_ns"] < 1000))
    for peer, name, goal, gtext in ((c1, "bare C, grant array scan (C1)", 0.25, "≥ 0.25 (within 4×)"),
                                    (j2, "plain JS, typed arrays (J2)", None, "—"),
                                    (cas, "casbin enforceSync (R)", 60, "≥ 60×"),
                                    (ced, "cedar-wasm, preparsed (D)", 2000, "≥ 2,000×")):
        r = qd / peer["decisions_per_s"]
        rows.append(("  decisions vs " + name.split(",")[0].split(" (")[0], rate(qd),
                     "%s %s, p99 %s" % (name, rate(peer["decisions_per_s"]), dur(peer["p99_ns"])),
                     r, gtext, goal, None if goal is None else r >= goal))

    qrps, qp99, qbad = wrk(os.path.join(res, "wrk_qupiya.txt"))
    prps, pp99, _ = wrk(os.path.join(res, "wrk_peer.txt"))
    r = qrps / prps
    rows.append(("`GET /v1/access/check`, 32 connections (wrk)",
                 "%s, p99 %s%s" % (rate(qrps), dur(qp99), ", %d non-2xx" % qbad if qbad else ""),
                 "bare libmicrohttpd handler, qupiya's settings, %s, p99 %s" % (rate(prps), dur(pp99)),
                 r, "≥ 0.70, p99 < 10 ms", 0.7, r >= 0.7 and qp99 < 10e6 and qbad == 0))

    http = read(os.path.join(res, "http.txt"))
    w = float(re.search(r"audited HTTP writes \(POST /v1/orgs, (\d+) clients\): (\d+)/s", http).group(2))
    sq = {r["engine"].split(":")[0]: r for r in jsonl(os.path.join(res, "sqlite.jsonl"))}
    s6 = sq["S6"]["rows_per_s"]
    r = w / s6
    rows.append(("audited durable writes, 8 clients (`POST /v1/orgs`)", rate(w),
                 "bare SQLite durable commits (S6: WAL, synchronous=FULL, 1 row per commit) %s" % rate(s6),
                 r, "≥ 1.0", 1.0, r >= 1.0))

    audit = read(os.path.join(res, "audit.txt"))
    v = {int(m.group(1)): (float(m.group(2)), float(m.group(3)))
         for m in re.finditer(r"verify jobs (\d+): .*?: (\d+) entries/s, ([\d.]+) MB/s", audit)}
    hash64 = None
    for line in read(os.path.join(res, "hash.txt")).splitlines():
        if line.startswith("sha256"):
            hash64 = float(line.split()[2].rstrip("k")) * 1000 / 64
    v1 = v[1][0]
    rows.append(("`audit verify`, 1 thread", "%s entries (%.0f MB/s)" % (rate(v1), v[1][1]),
                 "SHA-256 of 64-byte blocks, 1 thread (openssl speed) %s" % rate(hash64),
                 v1 / hash64, "≥ 1 M entries/s", 1e6 / hash64, v1 >= 1e6))
    jobs = max(v)
    if jobs > 1:
        vn = v[jobs][0]
        rows.append(("`audit verify --jobs %d`" % jobs, "%s entries (%.0f MB/s)" % (rate(vn), v[jobs][1]),
                     "the same SHA-256 figure", vn / hash64, "more than 1 thread's", None, vn > v1))

    imp = read(os.path.join(res, "import.txt"))
    m = re.search(r"import (\d+) carriers through `qupiya import`: ([\d.]+) s", imp)
    n, qs = int(m.group(1)), float(m.group(2))
    ps = float(re.search(r"bare SQLite inserts of the same rows: ([\d.]+) s", imp).group(1))
    b = re.search(r"before \(every row through the API\): (\d+) carriers ([\d.]+) s", imp)
    before = "" if b is None else "; every row through the API: %s a row" % (
        "%.0f µs" % (1e6 * float(b.group(2)) / int(b.group(1))))
    scaled = qs * FULL_CARRIERS / n
    rows.append(("registering %s carriers (`qupiya import`)" % format(n, ","),
                 "%.1f s (%s%s)" % (qs, rate(n / qs), before),
                 "bare SQLite inserts of the same rows %.1f s (%s)" % (ps, rate(n / ps)),
                 ps / qs, "< 10 s for 1,000,000" + ("" if n == FULL_CARRIERS else
                                                     " (here ×%d: %.0f s)" % (FULL_CARRIERS // n, scaled)),
                 (FULL_CARRIERS / 10.0) / (n / ps), scaled < 10))

    head = "| what | qupiya | peer | ratio | goal | holds? |\n|---|---|---|---|---|---|\n"
    body = ""
    for what, qv, pv, rv, gtext, _, holds in rows:
        body += "| %s | %s | %s | %s | %s | %s |\n" % (
            what, qv, pv, "—" if rv is None else ratio(rv), gtext,
            "—" if holds is None else ("yes" if holds else "**no**"))
    table = head + body
    print(table)

    # ---- chart --------------------------------------------------------------
    dat = os.path.join(res, "chart.dat")
    with open(dat, "w", encoding="utf-8") as f:
        for what, _, _, rv, _, goal, _ in rows:
            if rv is None:
                continue
            label = re.sub(r"[`\"]", "", what.strip()).replace("decisions vs ", "vs ")
            label = label.replace("GET /v1/access/check, 32 connections (wrk)", "access/check (HTTP)")
            label = label.replace("audited durable writes, 8 clients (POST /v1/orgs)", "durable writes")
            label = re.sub(r"registering .*", "carriers", label)
            label = label.replace("audit verify", "verify")
            f.write('"%s" %g %s\n' % (label, rv, "NaN" if goal is None else "%g" % goal))
    svg = os.path.join(docs, "performance.svg")
    gp = """set terminal svg size 900,420 dynamic font "sans,11"
set output '%s'
set title "qupiya / peer, measured in one run (make bench); higher is better"
set logscale y
set yrange [0.001:100000]
set format y "%%g"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set xtics rotate by -30 scale 0
set key top left
set grid ytics
plot '%s' using 2:xtic(1) title "qupiya / peer" lc rgb "#2c6fbb", \\
     '' using 3 title "goal" lc rgb "#d98c1a"
""" % (svg, dat)
    subprocess.run(["gnuplot"], input=gp, text=True, check=True)
    # gnuplot writes the date into no SVG; strip trailing spaces for a stable diff
    with open(svg, encoding="utf-8") as f:
        text = "\n".join(l.rstrip() for l in f.read().splitlines()) + "\n"
    with open(svg, "w", encoding="utf-8") as f:
        f.write(text)

    # ---- docs/performance.md ------------------------------------------------
    details = ("| engine | rounds | decisions/s (best) | p50 | p99 (lowest) | allowed |"
               " mismatches vs reference |\n|---|---|---|---|---|---|---|\n")
    for k in ("Q", "Q7", "C1", "J2", "R", "D"):
        if k not in dec:
            continue
        r = dec[k]
        details += "| %s | %d | %s | %s | %s | %.3f | %s |\n" % (
            r["engine"], rounds[k], rate(r["decisions_per_s"]), dur(r["p50_ns"]), dur(r["p99_ns"]),
            r["allow_ratio"], r.get("mismatches_vs_reference", "n/a (allowed count equal)"))
    sqlite_rows = "".join("| %s | %s | %.2f s |\n" % (r["engine"], rate(r["rows_per_s"]), r["total_s"])
                          for r in jsonl(os.path.join(res, "sqlite.jsonl")))
    md = read(os.path.join(os.path.dirname(os.path.abspath(__file__)), "performance.md.in"))
    md = md.replace("@DATE@", machine.get("date", "?"))
    md = md.replace("@MACHINE@", "%s CPUs, %s; node %s, gcc %s, %s" % (
        machine.get("cpus", "?"), machine.get("cpu", "?"), machine.get("node", "?"),
        machine.get("gcc", "?"), machine.get("openssl", "?")))
    md = md.replace("@LOAD@", "load average %s before, %s after; %s s in all%s" % (
        machine.get("load_before", "?"), machine.get("load_after", "?"), machine.get("seconds", "?"),
        "; BENCH_QUICK=1 (smaller sizes)" if machine.get("quick") == "1" else ""))
    md = md.replace("@TABLE@", table.rstrip("\n"))
    md = md.replace("@DECISIONS@", details.rstrip("\n"))
    md = md.replace("@SQLITE@", sqlite_rows.rstrip("\n"))
    with open(os.path.join(docs, "performance.md"), "w", encoding="utf-8") as f:
        f.write(md)
    print("written: %s, %s" % (os.path.join(docs, "performance.md"), svg))


if __name__ == "__main__":
    main()
