#!/usr/bin/env python3
"""bench_import.py [N] -- registering N carriers (default 1,000,000) through
`qupiya import` (issue 15), next to bare SQLite inserts of the same rows in
the same run (BUILD/bench/bench_store's peer). Prints figures and the load
average; never passes or fails.

A server builds the world through the API (an organization with a permit,
its security officer, one list item and one information item), stops, and
`qupiya import --db ... carriers.csv` registers the journal: N rows, one
copy each, the information item, labels as the item's degree.

QUPIYA_BIN: the qupiya binary (default build/qupiya); BENCH_STORE: the
bench_store binary (default next to QUPIYA_BIN: ../bench/bench_store).
"""
import os
import resource
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "api"))
from qupiya_test import BIN, Server, run_cli  # noqa: E402
from test_import import ImportWorld, csv_of, CLOCK, GOOD  # noqa: E402


def cpu():
    """CPU seconds (user + system) of the children waited for so far."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def journal(n):
    """The carrier journal of n rows: the columns a paper journal fills
    (a column left out is empty in every row), one copy each."""
    head = "kind;account_number;carrier_kind;title;label;information;copies;sheets;registered_on\r\n"
    return (head + "".join("carriers;%d;paper;T%d;top_secret;I1;1;3;2019-02-05\r\n" % (i, i)
                           for i in range(n))).encode("utf-8")


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
    srv = Server(clock=CLOCK, sqlite=True).start()
    try:
        a = ImportWorld(srv, 1)
        for kind in ("persons", "lists"):
            r = a.post(csv_of(kind, GOOD[kind]))
            assert r.status == 200 and r.json["committed"], r
        a.classifier(1)
        # the item the carriers carry, with a short title: a million rows
        # stay under the 64 MiB a file may have (docs/import.md)
        info = list(GOOD["information"][0])
        info[0] = "I1"
        r = a.post(csv_of("information", [tuple(info)]))
        assert r.status == 200 and r.json["committed"], r
        assert srv.stop() == 0
        srv.proc = None
        path = os.path.join(srv.tmp, "carriers.csv")
        with open(path, "wb") as f:
            f.write(journal(n))
        if os.environ.get("BENCH_IMPORT_KEEP"):
            import shutil
            keep = os.environ["BENCH_IMPORT_KEEP"]
            shutil.copytree(srv.tmp, keep, dirs_exist_ok=True)
            print("kept in %s: %s" % (keep, " ".join(a.cli.__code__.co_names)))
            print("login %s bin %s" % (a.login, a.bin))
            return 0
        # before: every row through the API in process (QUPIYA_IMPORT_BULK=0),
        # on a copy of the database and at most BENCH_IMPORT_BEFORE rows
        nb = min(n, int(os.environ.get("BENCH_IMPORT_BEFORE", "20000")))
        if nb > 0:
            import shutil
            bdb = os.path.join(srv.tmp, "before.db")
            shutil.copy(srv.db, bdb)
            bpath = os.path.join(srv.tmp, "before.csv")
            with open(bpath, "wb") as f:
                f.write(journal(nb))
            os.environ["QUPIYA_IMPORT_BULK"] = "0"
            l0 = load()
            c0 = cpu()
            t0 = time.time()
            p = run_cli("import", "--db", bdb, "--org", a.bin, "--as", a.login, "--clock",
                        CLOCK, bpath, timeout=3600)
            eb = time.time() - t0
            cb = cpu() - c0
            del os.environ["QUPIYA_IMPORT_BULK"]
            if p.returncode != 0:
                print("bench_import: before: exit %d: %s" % (p.returncode, p.stderr[-2000:]))
                return 1
            print("before (every row through the API): %d carriers %.1f s (%.0f/s, %.1f us a"
                  " row), CPU %.1f s (%.1f us a row); load %s -> %s"
                  % (nb, eb, nb / eb, 1e6 * eb / nb, cb, 1e6 * cb / nb, l0, load()))
        l0 = load()
        c0 = cpu()
        t0 = time.time()
        p = a.cli("import", path)
        el = time.time() - t0
        ce = cpu() - c0
        l1 = load()
        if p.returncode != 0:
            print("bench_import: exit %d: %s" % (p.returncode, p.stderr[-2000:]))
            return 1
        print("import %d carriers through `qupiya import`: %.1f s (%.0f/s, %.1f us a row),"
              " CPU %.1f s (%.1f us a row); load %s -> %s"
              % (n, el, n / el, 1e6 * el / n, ce, 1e6 * ce / n, l0, l1))
    finally:
        srv.cleanup()
    store = os.environ.get("BENCH_STORE",
                           os.path.join(os.path.dirname(os.path.abspath(BIN)), "bench", "bench_store"))
    if os.path.exists(store):
        c0 = cpu()
        out = subprocess.run([store, str(n), "--peer"], capture_output=True, text=True).stdout
        cp = cpu() - c0
        for line in out.splitlines():
            if line.startswith("peer:"):
                pe = float(line.split(":")[2].split()[0])
                print("peer: bare SQLite inserts of the same rows: %.2f s (CPU %.2f s); ratio"
                      " import/peer: time %.1f, CPU %.1f; load %s"
                      % (pe, cp, el / pe if pe > 0 else 0, ce / cp if cp > 0 else 0, load()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
