#!/usr/bin/env python3
"""test_slowloris.py -- a handful of slow sockets cannot take the server from
everyone else (issue 14, deliverable 1).

What it checks
    test_slowloris_p99
        2,000 half-sent requests from five loopback addresses (127.0.0.2 ..
        127.0.0.6, 400 each), each kept alive by one more header byte every
        2 s and reopened 1 s after the server closes it, for ATTACK_SECS.
        Meanwhile a normal client on 127.0.0.1 makes a new connection for
        each request (GET /v1/health, GET /v1/catalog with a token) and the
        99th percentile of its latencies stays under P99_BOUND (100 ms; a
        refused or timed-out request counts as infinite). The server must
        also have cut slow sockets at its absolute header deadline (10 s from
        accept; the bytes do not extend it): no attacker socket lives longer
        than HEADER_SECS + LIFE_SLACK. On qupiya 0.1.0 (a 1,000-connection
        cap, 256 per address and an idle timeout that every byte restarts)
        the attack fills the cap, the client is refused or waits, and the
        sockets live as long as the attacker wants.
    test_connection_reserve
        A server with --max-connections 20 (a fifth, 4, kept for valid
        tokens) and 16 idle connections open: a request without a token on
        a surplus connection is 503 server_busy (Connection: close), one
        with a valid token is served; a surplus connection that sends
        nothing is closed after about 2 s while the first 16 stay.
    test_body_min_rate
        A JSON body dripped at one byte a second is cut after the 10 s
        grace (16 KiB/s on average are wanted after it); the server still
        answers.

    The attack runs in its own process (selectors, non-blocking sockets),
    so the client's measurements do not share its interpreter lock. The
    attack is bounded in sockets (2,000) and in time (ATTACK_SECS), and
    stops by itself; RLIMIT_NOFILE is raised in the attacker (the server
    raises its own).

Run standalone:
    QUPIYA_BIN=build/qupiya python3 tests/api/test_slowloris.py
"""
import errno
import http.client
import json
import os
import random
import resource
import selectors
import socket
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qupiya_test import Server  # noqa: E402

ATTACK_SOCKETS = 2000
ATTACK_ADDRS = ["127.0.0.%d" % i for i in range(2, 7)]
ATTACK_SECS = 24
DRIP_SECS = 2.0
REOPEN_SECS = 1.0
HEADER_SECS = 10          # server.c SERVER_HEADER_SECS
LIFE_SLACK = 4.0          # accept backlog and the reaper's period
P99_BOUND = 0.100         # seconds: the bound
# Under AddressSanitizer every request costs a few times more CPU: the
# sanitizer build proves the behaviour (nothing blocks), with the bound
# scaled; the plain build holds the 100 ms.
if os.environ.get("QUPIYA_SANITIZED") == "1":
    P99_BOUND *= 3
CLIENT_TIMEOUT = 5.0


# ---- the attacker (its own process) -------------------------------------

def attack(port, total, addrs, secs):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = total + 256
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(want, hard), hard))
    sel = selectors.DefaultSelector()
    start = time.monotonic()
    end = start + secs
    head = b"POST /v1/session HTTP/1.1\r\nHost: q\r\nContent-Type: application/json\r\n"
    pad = b"X-Pad: a\r\n"
    slots = [{"addr": addrs[i % len(addrs)], "sock": None, "state": "idle",
              "reopen": start + random.uniform(0, 1.0)} for i in range(total)]
    st = {"connects": 0, "connect_fail": 0, "closed_by_server": 0, "lives": [],
          "max_open": 0, "open_at_end": 0}

    def close(s, now, by_server):
        sel.unregister(s["sock"])
        s["sock"].close()
        s["sock"] = None
        if by_server and s["state"] == "open":
            st["closed_by_server"] += 1
            st["lives"].append(now - s["opened"])
        elif s["state"] == "connecting":
            st["connect_fail"] += 1
        s["state"] = "idle"
        s["reopen"] = now + REOPEN_SECS

    while True:
        now = time.monotonic()
        if now >= end:
            break
        nopen = 0
        for s in slots:
            if s["state"] == "idle" and s["reopen"] <= now:
                k = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                k.setblocking(False)
                try:
                    k.bind((s["addr"], 0))
                except OSError:
                    k.close()
                    s["reopen"] = now + REOPEN_SECS
                    continue
                rc = k.connect_ex(("127.0.0.1", port))
                if rc not in (0, errno.EINPROGRESS):
                    k.close()
                    st["connect_fail"] += 1
                    s["reopen"] = now + REOPEN_SECS
                    continue
                s["sock"] = k
                s["state"] = "connecting"
                sel.register(k, selectors.EVENT_WRITE, s)
            elif s["state"] == "open":
                nopen += 1
                if s["drip"] <= now:
                    try:
                        s["sock"].send(pad[s["i"] % len(pad):s["i"] % len(pad) + 1])
                        s["i"] += 1
                        s["drip"] = now + DRIP_SECS
                    except OSError:
                        close(s, now, True)
        st["max_open"] = max(st["max_open"], nopen)
        for key, ev in sel.select(timeout=0.05):
            s = key.data
            now = time.monotonic()
            if s["state"] == "connecting":
                if key.fileobj.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) != 0:
                    close(s, now, False)
                    continue
                st["connects"] += 1
                try:
                    s["sock"].send(head)
                except OSError:
                    close(s, now, False)
                    continue
                s["state"] = "open"
                s["opened"] = now
                s["i"] = 0
                s["drip"] = now + random.uniform(0, DRIP_SECS)
                sel.modify(s["sock"], selectors.EVENT_READ, s)
            elif s["state"] == "open":
                try:
                    data = s["sock"].recv(4096)
                except OSError:
                    data = b""
                # EOF, a reset or any answer: the server is done with it
                close(s, now, True)
                del data
    now = time.monotonic()
    for s in slots:
        if s["state"] == "open":
            st["open_at_end"] += 1
            st["lives"].append(now - s["opened"])   # still alive: its age so far
        if s["sock"] is not None:
            s["sock"].close()
    lives = sorted(st.pop("lives"))
    st["max_life"] = lives[-1] if lives else 0.0
    st["lives_over_deadline"] = sum(1 for x in lives if x > HEADER_SECS + LIFE_SLACK)
    st["cut_at_deadline"] = sum(1 for x in lives if HEADER_SECS - 1 <= x <= HEADER_SECS + LIFE_SLACK)
    print(json.dumps(st))


# ---- the normal client ---------------------------------------------------

def timed_get(port, path, token=None):
    """Latency of one request on a new connection, or None if it failed."""
    t0 = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=CLIENT_TIMEOUT)
    try:
        h = {"Authorization": "Bearer " + token} if token else {}
        conn.request("GET", path, headers=h)
        r = conn.getresponse()
        r.read()
        if r.status != 200:
            return None
        return time.monotonic() - t0
    except (OSError, http.client.HTTPException):
        return None
    finally:
        conn.close()


def p99(samples):
    xs = sorted(float("inf") if x is None else x for x in samples)
    return xs[min(len(xs) - 1, int(len(xs) * 0.99))]


def raw_status(port, req, src="127.0.0.1", timeout=5.0):
    """Sends req whole on a new connection from src; (status line, headers)."""
    k = socket.socket()
    k.settimeout(timeout)
    k.bind((src, 0))
    k.connect(("127.0.0.1", port))
    try:
        k.sendall(req)
        data = b""
        while b"\r\n\r\n" not in data:
            more = k.recv(4096)
            if not more:
                break
            data += more
        head = data.split(b"\r\n\r\n")[0].decode("latin-1")
        return head
    finally:
        k.close()


def wait_closed(k, limit):
    """Seconds until the server closes k (EOF or reset), at most limit."""
    t0 = time.monotonic()
    k.settimeout(limit)
    try:
        while k.recv(4096):
            pass
    except socket.timeout:
        return None
    except OSError:
        pass
    return time.monotonic() - t0


class SlowlorisTest(unittest.TestCase):
    def setUp(self):
        self.srv = None

    def tearDown(self):
        if self.srv is not None:
            rc = self.srv.stop()   # a clean exit: no leak, no sanitizer report
            self.srv.cleanup()
            self.assertEqual(rc, 0, "server exit status")

    def test_slowloris_p99(self):
        self.srv = Server().start()
        port = self.srv.port
        token = self.srv.admin()
        # Before: the client alone (reported, not asserted).
        base = [timed_get(port, "/v1/health") for _ in range(20)]
        proc = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "--attack", str(port),
             str(ATTACK_SOCKETS), ",".join(ATTACK_ADDRS), str(ATTACK_SECS)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            time.sleep(3.0)   # every socket opened or refused once
            samples = []
            stop = time.monotonic() + ATTACK_SECS - 5.0
            i = 0
            while time.monotonic() < stop:
                if i % 2 == 0:
                    samples.append(timed_get(port, "/v1/health"))
                else:
                    samples.append(timed_get(port, "/v1/catalog", token))
                i += 1
                time.sleep(0.05)
            out, err = proc.communicate(timeout=ATTACK_SECS + 60)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        self.assertEqual(proc.returncode, 0, err.decode(errors="replace"))
        st = json.loads(out.decode())
        failed = sum(1 for x in samples if x is None)
        q = p99(samples)
        sys.stderr.write("slowloris: attacker %s; client %d requests, %d failed, "
                         "p99 %.1f ms (alone: p99 %.1f ms)\n"
                         % (json.dumps(st), len(samples), failed, q * 1000,
                            p99(base) * 1000))
        self.assertLess(q, P99_BOUND, "p99 %.3f s" % q)
        self.assertGreaterEqual(len(samples), 100)
        # The attack did hold sockets, and the server cut them at the
        # absolute header deadline although bytes kept coming.
        self.assertGreaterEqual(st["connects"], ATTACK_SOCKETS)
        self.assertGreater(st["cut_at_deadline"], 0, st)
        self.assertEqual(st["lives_over_deadline"], 0, st)
        # still serving
        self.assertIsNotNone(timed_get(port, "/v1/health"))

    def poll_status(self, port, want, secs=10.0):
        """GET /v1/health without a token until its status is want (at most
        secs); the last status line and headers."""
        end = time.monotonic() + secs
        while True:
            head = raw_status(port, b"GET /v1/health HTTP/1.1\r\nHost: q\r\n\r\n")
            if head.startswith("HTTP/1.1 " + want) or time.monotonic() > end:
                return head
            time.sleep(0.1)

    def test_connection_reserve(self):
        self.srv = Server(args=["--max-connections", "20",
                                "--per-ip-connections", "16"]).start()
        port = self.srv.port
        token = self.srv.admin()
        idle = []
        try:
            for _ in range(16):
                k = socket.socket()
                k.bind(("127.0.0.2", 0))
                k.connect(("127.0.0.1", port))
                idle.append(k)
            t_open = time.monotonic()
            # once the sixteen are accepted and counted, a request without
            # a token is refused (polled: a loaded machine accepts late)
            head = self.poll_status(port, "503")
            self.assertTrue(head.startswith("HTTP/1.1 503"), head)
            self.assertIn("connection: close", head.lower())
            head = raw_status(port, b"GET /v1/catalog HTTP/1.1\r\nHost: q\r\n"
                                    b"Authorization: Bearer " + token.encode() + b"\r\n"
                                    b"Connection: close\r\n\r\n")
            self.assertTrue(head.startswith("HTTP/1.1 200"), head)
            # a bad token is no better than none
            head = raw_status(port, b"GET /v1/catalog HTTP/1.1\r\nHost: q\r\n"
                                    b"Authorization: Bearer nope\r\n\r\n")
            self.assertTrue(head.startswith("HTTP/1.1 503"), head)
            # a silent surplus connection is closed early...
            k = socket.socket()
            k.bind(("127.0.0.3", 0))
            k.connect(("127.0.0.1", port))
            t = wait_closed(k, 8.0)
            k.close()
            self.assertIsNotNone(t, "surplus connection not closed")
            self.assertLess(t, 5.0)
            # ...while the first sixteen, under the 10 s deadline, are still
            # open (a couple may have counted as surplus themselves when a
            # connection of the login above was not yet closed; a 2 s deadline
            # for all would have closed every one of them by now)
            if time.monotonic() - t_open < HEADER_SECS - 1:
                still = 0
                for s in idle:
                    s.setblocking(False)
                    try:
                        if s.recv(1) != b"":
                            still += 1
                    except BlockingIOError:
                        still += 1
                    except OSError:
                        pass
                self.assertGreaterEqual(still, 13)
        finally:
            for s in idle:
                s.close()
        head = self.poll_status(port, "200")
        self.assertTrue(head.startswith("HTTP/1.1 200"), head)

    def test_body_min_rate(self):
        self.srv = Server().start()
        port = self.srv.port
        k = socket.socket()
        k.connect(("127.0.0.1", port))
        k.sendall(b"POST /v1/session HTTP/1.1\r\nHost: q\r\nContent-Type: application/json\r\n"
                  b"Content-Length: 1000\r\n\r\n")
        t0 = time.monotonic()
        k.settimeout(0.2)
        cut = None
        while time.monotonic() - t0 < 20:
            try:
                k.send(b" ")
            except OSError:
                cut = time.monotonic() - t0
                break
            try:
                if k.recv(4096) == b"":
                    cut = time.monotonic() - t0
                    break
            except socket.timeout:
                pass
            except OSError:
                cut = time.monotonic() - t0
                break
            time.sleep(0.8)
        k.close()
        self.assertIsNotNone(cut, "a body at 1 byte/s was not cut in 20 s")
        self.assertGreater(cut, 8.0)
        self.assertLess(cut, 14.0)
        self.assertIsNotNone(timed_get(port, "/v1/health"))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--attack":
        attack(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4].split(","), float(sys.argv[5]))
        sys.exit(0)
    unittest.main()
