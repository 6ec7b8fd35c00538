#!/usr/bin/env python3
"""test_sessions.py -- logging in and out, passwords, timeouts, throttling.

Issue 2's session rules, driven through a real `qupiya serve`:
  * POST /v1/session answers 201 {token, user:{id,login,roles,org_id,person_id}}
    with a 64-hex-digit token; DELETE /v1/session answers 204 and the token is
    refused (401) from then on; a wrong password or an unknown login is 401
    with the same message;
  * passwords have 12 to 1024 characters (Unicode code points, not bytes) and
    no composition rules;
  * a session ends after 30 minutes idle or 12 hours after login. Nobody
    waits that long here: the test moves the session row's timestamps back
    in the SQLite database (table `session`, columns token_hash = SHA-256 of
    the token text, user_id, created, last_seen in Unix seconds) while the
    server runs (WAL lets another process write);
  * every login success is in the audit log, failures counted per
    (login, address) window (issue 14: the first failure an entry at once,
    the rest in the window's summary, session.failures), an unknown login
    only as a keyed hash; no password ever;
  * throttling (issue 14; its own server): refusal per (login, address)
    pair after LOGIN_PAIR_MAX failures in the window; across addresses only
    a delay of at most LOGIN_DELAY_MAX seconds for pairs that failed, so the
    right password from a new address works at once, and an address's
    failures for one login never refuse another login from it. Rows of
    table login_throttle are edited to stand for failures that would take
    minutes of Retry-After to make.

Run standalone: QUPIYA_BIN=build/qupiya PYTHONPATH=tests/api python3 -B tests/api/test_sessions.py
"""
import concurrent.futures
import hashlib
import time
import unittest

from qupiya_test import (ADMIN_PASSWORD, PASSWORD, Server, ServerTest, World, audit_entries,
                         db_connect)
from throttle_util import (LOGIN_DELAY_MAX, LOGIN_FAIL_WINDOW, LOGIN_PAIR_MAX, login_from,
                           throttle_put, throttle_rows)

IDLE = 30 * 60
ABSOLUTE = 12 * 60 * 60


def token_hash(token):
    return hashlib.sha256(token.encode()).digest()


class SessionTest(ServerTest):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.w = World(cls.srv)
        cls.admin = cls.w.admin
        cls.n = 0

    def new_user(self, password=PASSWORD, roles=("employee",)):
        type(self).n += 1
        login = "sess%d" % type(self).n
        r = self.req("POST", "/v1/users", {"login": login, "password": password,
                                          "roles": list(roles), "org_id": self.w.org},
                     token=self.admin)
        self.assertEqual(r.status, 201, r)
        return login, r.json["id"]

    def login(self, login, password=PASSWORD):
        return self.req("POST", "/v1/session", {"login": login, "password": password})

    def me(self, token):
        return self.req("GET", "/v1/me", token=token)

    def set_session(self, token, **cols):
        """Moves the session's timestamps; returns the row as it was."""
        db = db_connect(self.srv)
        try:
            before = db.execute("SELECT created, last_seen FROM session WHERE token_hash = ?",
                                (token_hash(token),)).fetchone()
            self.assertIsNotNone(before, "no session row for the token")
            sets = ", ".join("%s = ?" % k for k in cols)
            cur = db.execute("UPDATE session SET %s WHERE token_hash = ?" % sets,
                             list(cols.values()) + [token_hash(token)])
            self.assertEqual(cur.rowcount, 1)
            return before
        finally:
            db.close()

    def session_row(self, token):
        db = db_connect(self.srv)
        try:
            return db.execute("SELECT created, last_seen FROM session WHERE token_hash = ?",
                              (token_hash(token),)).fetchone()
        finally:
            db.close()

    # -- login and logout --------------------------------------------------

    def test_login_answer(self):
        login, uid = self.new_user(roles=("head", "classifier"))
        r = self.login(login)
        self.assertEqual(r.status, 201, r)
        self.assertRegex(r.json["token"], r"\A[0-9a-f]{64}\Z")
        u = r.json["user"]
        self.assertTrue({"id", "login", "roles", "org_id", "person_id"} <= set(u), u)
        self.assertEqual(u["id"], uid)
        self.assertEqual(u["login"], login)
        self.assertEqual(sorted(u["roles"]), ["classifier", "head"])
        self.assertEqual(u["org_id"], self.w.org)
        self.assertIsNone(u["person_id"])
        self.assertNotIn("pwhash", r.raw.decode())
        self.assertEqual(self.me(r.json["token"]).json["id"], uid)
        # each login is its own session
        r2 = self.login(login)
        self.assertNotEqual(r2.json["token"], r.json["token"])
        # the token is stored only as its hash
        self.assertIsNotNone(self.session_row(r.json["token"]))
        db = db_connect(self.srv)
        try:
            for row in db.execute("SELECT * FROM session"):
                self.assertNotIn(r.json["token"], repr(row))
        finally:
            db.close()

    def test_logout(self):
        login, _ = self.new_user()
        t1 = self.login(login).json["token"]
        t2 = self.login(login).json["token"]
        r = self.req("DELETE", "/v1/session", token=t1)
        self.assertEqual(r.status, 204, r)
        self.assertEqual(r.raw, b"")
        self.assertError(self.me(t1), 401, "invalid_token")
        self.assertIsNone(self.session_row(t1))
        # the other session of the same user goes on
        self.assertEqual(self.me(t2).status, 200)

    def test_wrong_password_and_unknown_login(self):
        login, _ = self.new_user()
        wrong = self.login(login, PASSWORD + "x")
        self.assertError(wrong, 401, "bad_credentials")
        self.assertNotIn("token", wrong.json)
        unknown = self.login("nobody-by-this-name")
        self.assertError(unknown, 401, "bad_credentials")
        self.assertEqual(wrong.error["message"], unknown.error["message"])
        self.assertError(self.login(login, PASSWORD.upper()), 401, "bad_credentials")
        self.assertError(self.login(login.upper()), 401, "bad_credentials")
        self.assertEqual(self.login(login).status, 201)

    def test_login_body_is_validated(self):
        self.assertError(self.req("POST", "/v1/session", {"login": "admin"}), 400,
                         "missing_field", field="password")
        self.assertError(self.req("POST", "/v1/session", {"password": PASSWORD}), 400,
                         "missing_field", field="login")
        self.assertError(self.req("POST", "/v1/session", {"login": "admin", "password": 5}),
                         400, "invalid_type", field="password")
        self.assertError(self.req("POST", "/v1/session",
                                  {"login": "admin", "password": "x", "otp": "1"}),
                         400, "unknown_field", field="otp")

    # -- passwords ---------------------------------------------------------

    def create(self, password, login=None):
        type(self).n += 1
        login = login or "pw%d" % type(self).n
        return login, self.req("POST", "/v1/users", {"login": login, "password": password,
                                                    "roles": ["employee"],
                                                    "org_id": self.w.org}, token=self.admin)

    def test_password_length_rules(self):
        for pw in ["", "a" * 11, "\u049b" * 11, "\U0001F510" * 11]:
            with self.subTest(chars=len(pw), bytes=len(pw.encode())):
                login, r = self.create(pw)
                self.assertError(r, 400, "password_too_short", field="password")
                self.assertError(self.login(login, pw), 401, "bad_credentials")
        for pw in ["a" * 1025, "\u049b" * 1025]:
            with self.subTest(chars=len(pw), bytes=len(pw.encode())):
                _, r = self.create(pw)
                self.assertError(r, 400, "password_too_long", field="password")
        # accepted: 12 and 1024 characters, whatever their byte length, and
        # no composition rules (all one letter, all digits, spaces)
        for pw in ["a" * 12, "aaaaaaaaaaaa", "123456789012", "            ",
                   "\u049b" * 12, "\U0001F510" * 12, "b" * 1024, "\u049b" * 1024,
                   "\U0001F510" * 1024]:
            with self.subTest(chars=len(pw), bytes=len(pw.encode())):
                login, r = self.create(pw)
                self.assertEqual(r.status, 201, r)
                lr = self.login(login, pw)
                self.assertEqual(lr.status, 201, lr)
                self.assertError(self.login(login, pw[:-1]), 401, "bad_credentials")

    def test_password_never_stored_or_echoed(self):
        pw = "unusual-secret-Zq7-pass"
        login, r = self.create(pw)
        self.assertEqual(r.status, 201, r)
        self.assertNotIn(pw, r.raw.decode())
        self.assertEqual(self.login(login, pw).status, 201)
        self.login(login, pw + "-wrong")
        db = db_connect(self.srv)
        try:
            for table in ("account", "audit_entry"):
                for row in db.execute("SELECT * FROM %s" % table):
                    self.assertNotIn(pw, repr(row), table)
            h = db.execute("SELECT pwhash FROM account WHERE login = ?", (login,)).fetchone()[0]
            self.assertTrue(h.startswith("$argon2id$"), h)
        finally:
            db.close()

    def test_duplicate_login(self):
        login, r = self.create(PASSWORD)
        self.assertEqual(r.status, 201)
        _, r = self.create(PASSWORD, login=login)
        self.assertError(r, 409, "duplicate", field="login")

    # -- timeouts ----------------------------------------------------------

    def test_idle_timeout(self):
        login, _ = self.new_user()
        token = self.login(login).json["token"]
        now = int(time.time())
        # 29 minutes idle: still good, and the use is recorded
        self.set_session(token, last_seen=now - IDLE + 60)
        self.assertEqual(self.me(token).status, 200)
        self.assertGreaterEqual(self.session_row(token)[1], now - 5)
        # 31 minutes idle: gone, and it stays gone
        self.set_session(token, last_seen=int(time.time()) - IDLE - 60)
        self.assertError(self.me(token), 401, "invalid_token")
        self.assertError(self.me(token), 401, "invalid_token")
        self.assertError(self.req("GET", "/v1/orgs", token=token), 401, "invalid_token")
        # a fresh login works
        self.assertEqual(self.me(self.login(login).json["token"]).status, 200)

    def test_absolute_timeout(self):
        login, _ = self.new_user()
        token = self.login(login).json["token"]
        now = int(time.time())
        # 11 h 58 min old and in use: still good
        self.set_session(token, created=now - ABSOLUTE + 120, last_seen=now)
        self.assertEqual(self.me(token).status, 200)
        # 12 h old, although used a minute ago: gone
        self.set_session(token, created=int(time.time()) - ABSOLUTE - 1,
                         last_seen=int(time.time()) - 60)
        self.assertError(self.me(token), 401, "invalid_token")
        # using it does not revive it
        self.set_session(token, last_seen=int(time.time()))
        self.assertError(self.me(token), 401, "invalid_token")

    # -- audit -------------------------------------------------------------

    def test_logins_and_logouts_are_audited(self):
        """Issue 14: failures are counted per (login, address) window: the
        first is an entry at once (actor and object the user id, never the
        typed name), later ones go into the window's summary entry
        (session.failures, first/last/count), written here by the success."""
        login, uid = self.new_user()
        self.login(login, "wrong password 1")
        self.login(login, "wrong password 2")
        token = self.login(login).json["token"]
        self.assertEqual(self.req("DELETE", "/v1/session", token=token).status, 204)
        self.login("ghost-login-x", "whatever password")
        self.login("ghost-login-x", "whatever password 2")
        entries = audit_entries(self.srv, self.w.t("auditor"))
        mine = [e for e in entries if e["action"] in ("session.create", "session.failures")
                and e["actor"] == uid]
        self.assertEqual([(e["action"], e["outcome"]) for e in mine],
                         [("session.create", "failed"), ("session.failures", "failed"),
                          ("session.create", "ok")], mine)
        for e in mine:
            self.assertEqual(e["object"], uid)
            self.assertEqual(e["address"], "127.0.0.1")
        first, summary, ok = mine
        self.assertEqual(first["code"], "bad_credentials")
        self.assertEqual((first["details"]["count"], first["details"]["failures"]), (1, 1))
        self.assertEqual(summary["code"], "bad_credentials")
        self.assertEqual((summary["details"]["count"], summary["details"]["failures"],
                          summary["details"]["refused"]), (2, 2, 0), summary)
        self.assertLessEqual(summary["details"]["first"], summary["details"]["last"])
        self.assertNotIn("login", first["details"])
        self.assertEqual(ok["details"]["login"], login)
        self.assertTrue(any(e["action"] == "session.delete" and e["actor"] == uid
                            and e["outcome"] == "ok" for e in entries))
        # the unknown login: one entry (its window is still open), by hash only
        ghost = [e for e in entries if e["action"] == "session.create"
                 and e["outcome"] == "failed" and e["actor"] == "anonymous"
                 and e["seq"] > ok["seq"]]
        self.assertEqual(len(ghost), 1, ghost)
        self.assertEqual(ghost[0]["code"], "bad_credentials")
        self.assertIsNone(ghost[0]["object"])
        self.assertRegex(ghost[0]["details"]["login_hash"], r"\Ah:[0-9a-f]{32}\Z")
        self.assertEqual([e["seq"] for e in entries], list(range(len(entries))))
        for e in entries:
            self.assertNotIn("wrong password", repr(e))
            self.assertNotIn("ghost-login-x", repr(e))
        # nor in the database at all
        db = db_connect(self.srv)
        try:
            for table in ("login_throttle", "audit_entry"):
                for row in db.execute("SELECT * FROM %s" % table):
                    self.assertNotIn("ghost-login-x", repr(row), table)
        finally:
            db.close()


class ThrottleTest(unittest.TestCase):
    """A server of its own, requests from several loopback addresses."""

    @classmethod
    def setUpClass(cls):
        cls.srv = Server()
        cls.addClassCleanup(cls.srv.cleanup)
        cls.srv.start()
        cls.w = World(cls.srv)

    @classmethod
    def tearDownClass(cls):
        rc = cls.srv.stop()
        log = cls.srv.read_log()
        cls.srv.cleanup()
        if rc != 0:
            raise AssertionError("server exit status %d:\n%s" % (rc, log[-4000:]))

    def user(self, login):
        r = self.srv.request("POST", "/v1/users", {"login": login, "password": PASSWORD,
                                                    "roles": ["employee"],
                                                    "org_id": self.w.org}, token=self.w.admin)
        self.assertEqual(r.status, 201, r)
        return r.json["id"]

    def test_new_address_is_never_locked_out(self):
        """150 bad logins for admin from 127.0.0.2: at most LOGIN_PAIR_MAX
        are checked, the rest 429 with a Retry-After of a few seconds; the
        right password from 127.0.0.3 works at once."""
        srv = self.srv
        got = [login_from(srv, "127.0.0.2", "admin", "wrong guess %d" % i) for i in range(150)]
        statuses = [r.status for r in got]
        self.assertEqual(set(statuses) - {401, 429}, set(), statuses)
        self.assertLessEqual(statuses.count(401), LOGIN_PAIR_MAX, statuses)
        self.assertGreaterEqual(statuses.count(429), 150 - LOGIN_PAIR_MAX)
        for r in got:
            if r.status == 429:
                self.assertEqual(r.error["code"], "too_many_attempts")
                self.assertLessEqual(int(r.headers["Retry-After"]), LOGIN_DELAY_MAX)
        # the attacker's own address is told to wait, even with the password
        r = login_from(srv, "127.0.0.2", "admin", ADMIN_PASSWORD)
        self.assertEqual(r.status, 429, r)
        self.assertGreaterEqual(int(r.headers["Retry-After"]), 1)
        # a new address: at once
        t0 = time.time()
        r = login_from(srv, "127.0.0.3", "admin", ADMIN_PASSWORD)
        self.assertEqual(r.status, 201, r)
        self.assertLess(time.time() - t0, 3)
        # and after the delay the attacker's address too (the pair is not
        # at its limit): the delay is a delay, not a lock
        time.sleep(LOGIN_DELAY_MAX + 0.2)
        r = login_from(srv, "127.0.0.2", "admin", ADMIN_PASSWORD)
        self.assertEqual(r.status, 201, r)

    def test_pair_limit(self):
        """LOGIN_PAIR_MAX failures of one (login, address) pair: that pair is
        refused until its window ends, even with the right password; the
        same login from another address and another login from the same
        address are not."""
        srv = self.srv
        uid = self.user("victim")
        self.user("bystander")
        past = int(time.time()) - 60
        throttle_put(srv, uid, "127.0.0.4", LOGIN_PAIR_MAX - 1, first=past, last=past)
        r = login_from(srv, "127.0.0.4", "victim", "wrong once more")
        self.assertEqual((r.status, r.error.get("code")), (401, "bad_credentials"), r)
        for pw in (PASSWORD, "wrong again"):
            r = login_from(srv, "127.0.0.4", "victim", pw)
            self.assertEqual((r.status, r.error.get("code")), (429, "too_many_attempts"), r)
            self.assertTrue(r.error["message"])
            ra = int(r.headers["Retry-After"])
            self.assertGreater(ra, LOGIN_DELAY_MAX)
            self.assertLessEqual(ra, LOGIN_FAIL_WINDOW - 60 + 2)
        row = throttle_rows(srv, login_key=uid, address="127.0.0.4")[0]
        self.assertEqual((row["failures"], row["refused"]), (LOGIN_PAIR_MAX, 2), row)
        # the address's failures for victim do not touch bystander
        self.assertEqual(login_from(srv, "127.0.0.4", "bystander", PASSWORD).status, 201)
        # victim from another address: at once
        self.assertEqual(login_from(srv, "127.0.0.5", "victim", PASSWORD).status, 201)
        # sessions already open are not affected
        self.assertEqual(srv.request("GET", "/v1/users", token=self.w.admin).status, 200)
        # once the window is over, the pair may try again, and its summary
        # entry (with the counts) is written when the next attempt closes it
        db = db_connect(srv)
        try:
            db.execute("UPDATE login_throttle SET first = first - ?, last = last - ?"
                       " WHERE login_key = ?", (LOGIN_FAIL_WINDOW, LOGIN_FAIL_WINDOW, uid))
        finally:
            db.close()
        self.assertEqual(login_from(srv, "127.0.0.4", "victim", PASSWORD).status, 201)
        summary = [e for e in audit_entries(srv, self.w.t("auditor"))
                   if e["action"] == "session.failures" and e["actor"] == uid]
        self.assertEqual(len(summary), 1, summary)
        d = summary[0]["details"]
        self.assertEqual((d["failures"], d["refused"], d["count"]),
                         (LOGIN_PAIR_MAX, 2, LOGIN_PAIR_MAX + 2), d)
        self.assertEqual(summary[0]["address"], "127.0.0.4")
        self.assertEqual(throttle_rows(srv, login_key=uid), [])

    def test_burst_is_bounded(self):
        """Concurrent guesses cannot pass the limit: of 140 guesses sent 16 at
        a time for a fresh login from one address, at most LOGIN_PAIR_MAX
        are checked (401), the others refused (429)."""
        srv = self.srv
        self.user("burst")
        with concurrent.futures.ThreadPoolExecutor(16) as ex:
            got = list(ex.map(lambda i: login_from(srv, "127.0.0.6", "burst",
                                                   "burst guess %d" % i), range(140)))
        statuses = sorted(r.status for r in got)
        self.assertEqual(set(statuses), {401, 429}, statuses)
        self.assertLessEqual(statuses.count(401), LOGIN_PAIR_MAX, statuses)
        uid = [u for u in srv.request("GET", "/v1/users?limit=1000",
                                      token=self.w.admin).json["items"]
               if u["login"] == "burst"][0]["id"]
        row = throttle_rows(srv, login_key=uid, address="127.0.0.6")[0]
        self.assertEqual(row["failures"], statuses.count(401))
        self.assertEqual(row["refused"], statuses.count(429))


if __name__ == "__main__":
    unittest.main()
