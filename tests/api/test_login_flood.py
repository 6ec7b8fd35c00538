#!/usr/bin/env python3
"""test_login_flood.py -- a stranger cannot grow the audit log (issue 14).

8 threads send bad logins with random names (and some for `admin`) from
four loopback addresses for at least 10 seconds. Failed logins are counted
per (login, address) window, and the entries they may write are capped on
the server at LOGIN_AUDIT_PER_MIN a minute (plus one summary of what the cap
dropped), so the log grows by at most (minutes touched) x (cap + 1) however
many attempts there were. Then the summary of the dropped entries: once a
later minute begins (the test moves the budget's minute back instead of
waiting), the next entry is preceded by one session.audit_dropped entry with
the number dropped.

Run standalone: QUPIYA_BIN=build/qupiya PYTHONPATH=tests/api python3 -B tests/api/test_login_flood.py
"""
import random
import string
import threading
import time
import unittest

from qupiya_test import ServerTest, World, audit_entries, db_connect
from throttle_util import LOGIN_AUDIT_PER_MIN, login_from

THREADS = 8
MIN_SECONDS = 10
ADDRESSES = ["127.0.0.%d" % i for i in (21, 22, 23, 24)]


def audit_size(srv):
    db = db_connect(srv)
    try:
        return db.execute("SELECT count(*) FROM audit_entry").fetchone()[0]
    finally:
        db.close()


class LoginFloodTest(ServerTest):

    def test_flood_is_bounded(self):
        srv = self.srv
        w = World(srv)
        bound_per_min = LOGIN_AUDIT_PER_MIN + 1
        # enough attempts that the cap, not the attempt rate, decides
        want = 3 * bound_per_min
        before = audit_size(srv)
        t0 = time.time()
        lock = threading.Lock()
        stats = {"attempts": 0, "statuses": {}}

        def flood(k):
            rnd = random.Random(k)
            while True:
                with lock:
                    elapsed = time.time() - t0
                    if elapsed > 90 or (elapsed > MIN_SECONDS and stats["attempts"] >= want):
                        return
                if rnd.random() < 0.1:
                    name = "admin"
                else:
                    name = "".join(rnd.choice(string.ascii_lowercase) for _ in range(12))
                r = login_from(srv, ADDRESSES[rnd.randrange(len(ADDRESSES))], name,
                               "not the password %d" % rnd.randrange(10**9))
                with lock:
                    stats["attempts"] += 1
                    stats["statuses"][r.status] = stats["statuses"].get(r.status, 0) + 1

        threads = [threading.Thread(target=flood, args=(k,)) for k in range(THREADS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        t1 = time.time()
        grown = audit_size(srv) - before
        minutes = int(t1 // 60) - int(t0 // 60) + 1
        self.assertEqual(set(stats["statuses"]) - {401, 429}, set(), stats)
        # the cap, not the rate of attempts, decided (also in a slow build)
        self.assertGreater(stats["attempts"], minutes * bound_per_min, stats)
        self.assertLessEqual(grown, minutes * bound_per_min,
                             "%d entries for %r in %d minute(s)" % (grown, stats, minutes))
        self.assertGreater(grown, 0)

        # what the cap dropped is summarised once a later minute begins
        db = db_connect(srv)
        try:
            dropped = db.execute("SELECT dropped FROM login_budget").fetchone()[0]
            self.assertGreater(dropped, 0)
            db.execute("UPDATE login_budget SET minute = minute - 1")
        finally:
            db.close()
        r = login_from(srv, "127.0.0.25", "one-more-stranger", "bad password here")
        self.assertEqual(r.status, 401, r)
        entries = audit_entries(srv, w.t("auditor"))
        drop = [e for e in entries if e["action"] == "session.audit_dropped"]
        # one per minute boundary the flood crossed, and the last one now
        self.assertTrue(1 <= len(drop) <= minutes, drop)
        self.assertEqual(drop[-1]["details"]["dropped"], dropped)
        self.assertEqual(drop[-1]["actor"], "system")
        self.assertLessEqual(drop[-1]["details"]["first"], drop[-1]["details"]["last"])
        # followed by the new stranger's own entry
        nxt = entries[entries.index(drop[-1]) + 1]
        self.assertEqual((nxt["action"], nxt["address"]), ("session.create", "127.0.0.25"))


if __name__ == "__main__":
    unittest.main()
