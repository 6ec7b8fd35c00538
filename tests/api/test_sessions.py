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
  * every login success and failure is in the audit log, and no password is;
  * throttling (its own server, since it spoils the client address for an
    hour): 100 failures for one login within the hour are each 401; the
    101st attempt is 429 even with the right password. All requests come
    from 127.0.0.1, so the same 100 failures also fill the per-address
    counter and a *different* login from that address is refused too -- that
    is the per-address limit (against guessing many logins) doing its job.
    Moving the failures back by an hour (table login_failure) lifts both.

Run standalone: QUPIYA_BIN=build/qupiya PYTHONPATH=tests/api python3 -B tests/api/test_sessions.py
"""
import concurrent.futures
import hashlib
import time
import unittest

from qupiya_test import (PASSWORD, Server, ServerTest, World, audit_entries, db_connect)

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
        login, uid = self.new_user()
        self.login(login, "wrong password 1")
        self.login(login, "wrong password 2")
        token = self.login(login).json["token"]
        self.assertEqual(self.req("DELETE", "/v1/session", token=token).status, 204)
        self.login("ghost-login-x", "whatever password")
        entries = audit_entries(self.srv, self.w.t("auditor"))
        mine = [e for e in entries if e["action"] == "session.create"
                and (e.get("details") or {}).get("login") == login]
        self.assertEqual([e["outcome"] for e in mine], ["failed", "failed", "ok"], mine)
        for e in mine:
            self.assertEqual(e["actor"], uid)
            self.assertEqual(e["object"], uid)
            self.assertEqual(e["address"], "127.0.0.1")
        self.assertEqual([e["code"] for e in mine[:2]], ["bad_credentials"] * 2)
        self.assertTrue(any(e["action"] == "session.delete" and e["actor"] == uid
                            and e["outcome"] == "ok" for e in entries))
        ghost = [e for e in entries if (e.get("details") or {}).get("login") == "ghost-login-x"]
        self.assertEqual(len(ghost), 1, ghost)
        self.assertEqual((ghost[0]["outcome"], ghost[0]["actor"], ghost[0]["code"]),
                         ("failed", "anonymous", "bad_credentials"))
        self.assertEqual([e["seq"] for e in entries], list(range(len(entries))))
        for e in entries:
            self.assertNotIn("wrong password", repr(e))


class ThrottleTest(unittest.TestCase):
    """A server of its own: the throttled address stays throttled for an hour."""

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

    def login(self, login, password):
        return self.srv.request("POST", "/v1/session", {"login": login, "password": password})

    def test_throttling(self):
        srv, admin = self.srv, self.w.admin
        for login in ("victim", "bystander"):
            r = srv.request("POST", "/v1/users", {"login": login, "password": PASSWORD,
                                                   "roles": ["employee"], "org_id": self.w.org},
                            token=admin)
            self.assertEqual(r.status, 201, r)
        t0 = time.time()
        # 100 failures (8 at a time, as the server has 8 threads): each one 401
        with concurrent.futures.ThreadPoolExecutor(8) as ex:
            got = list(ex.map(lambda i: self.login("victim", "wrong guess %d" % i), range(100)))
        self.assertEqual([r.status for r in got], [401] * 100,
                         [(r.status, r.error.get("code")) for r in got if r.status != 401])
        self.assertTrue(all(r.error["code"] == "bad_credentials" for r in got))
        # the 101st: refused before the password is looked at
        r = self.login("victim", PASSWORD)
        self.assertEqual(r.status, 429, r)
        self.assertEqual(r.error["code"], "too_many_attempts")
        self.assertTrue(r.error["message"])
        self.assertTrue(r.headers.get("Retry-After"), r.headers)
        self.assertEqual(self.login("victim", "wrong again").status, 429)
        # the address has 100 failures too: another login from it is refused
        r = self.login("bystander", PASSWORD)
        self.assertEqual(r.status, 429, r)
        self.assertEqual(r.error["code"], "too_many_attempts")
        # sessions already open are not affected
        self.assertEqual(srv.request("GET", "/v1/users", token=admin).status, 200)
        elapsed = time.time() - t0
        # audit: every failure and every refusal is there
        entries = [e for e in audit_entries(srv, self.w.t("auditor"))
                   if e["action"] == "session.create"]
        victim = [e for e in entries if (e.get("details") or {}).get("login") == "victim"]
        self.assertEqual(sum(e["outcome"] == "failed" for e in victim), 100)
        refused = [e for e in entries if e["outcome"] == "refused"
                   and e["details"]["login"] in ("victim", "bystander")]
        self.assertEqual(len(refused), 3, refused)
        self.assertTrue(all(e["code"] == "too_many_attempts" for e in refused))
        # refusals are not counted: once the failures are more than an hour
        # old, both logins work again
        db = db_connect(srv)
        try:
            n = db.execute("UPDATE login_failure SET at = at - 3601 WHERE at > ?",
                           (int(time.time()) - 3600,)).rowcount
            self.assertEqual(n, 200)   # one row per login, one per address
        finally:
            db.close()
        self.assertEqual(self.login("victim", PASSWORD).status, 201)
        self.assertEqual(self.login("bystander", PASSWORD).status, 201)
        self.assertLess(elapsed, 120)

    def test_burst_is_bounded(self):
        """Concurrent guesses must not get past the limit: of 140 guesses sent
        16 at a time for a fresh login, at most 100 are checked (401)."""
        srv = self.srv
        r = srv.request("POST", "/v1/users", {"login": "burst", "password": PASSWORD,
                                               "roles": ["employee"], "org_id": self.w.org},
                        token=self.w.admin)
        self.assertEqual(r.status, 201, r)

        def age_failures():   # the address starts and ends clean (test order is not fixed)
            db = db_connect(srv)
            try:
                db.execute("UPDATE login_failure SET at = at - 7200")
            finally:
                db.close()

        age_failures()
        self.addCleanup(age_failures)
        with concurrent.futures.ThreadPoolExecutor(16) as ex:
            got = list(ex.map(lambda i: self.login("burst", "burst guess %d" % i), range(140)))
        statuses = sorted(r.status for r in got)
        self.assertEqual(set(statuses), {401, 429}, statuses)
        self.assertEqual(statuses.count(401), 100, statuses)


if __name__ == "__main__":
    unittest.main()
