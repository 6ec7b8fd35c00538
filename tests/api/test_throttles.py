#!/usr/bin/env python3
"""test_throttles.py -- the client behind a trusted proxy, and clearing a
login throttle (issue 14).

  * `serve --trusted-proxy 127.0.0.9`: from that peer, Forwarded (for=) or
    X-Forwarded-For names the client (the rightmost entry that is not a
    trusted proxy); the address is what the audit and the throttle see.
    From any other peer both headers are ignored; an entry that is not an
    address leaves the proxy's own.
  * DELETE /v1/throttles?login=&address=: admin clears any pair (by login,
    also an unknown one, by address, or both); a security officer only the
    logins of users of its own organization (403 forbidden_org otherwise);
    other roles 403 forbidden_role; nothing named 400 missing_field, a bad
    address 400 invalid_value. Audited as throttle.clear, each cleared
    window with its summary entry.

Run standalone: QUPIYA_BIN=build/qupiya PYTHONPATH=tests/api python3 -B tests/api/test_throttles.py
"""
import unittest

from qupiya_test import PASSWORD, World, audit_entries
from throttle_util import (LOGIN_PAIR_MAX, ExtraServer, login_from, request_from,
                           throttle_put, throttle_rows)

PROXY = "127.0.0.9"


class ThrottleAdminTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.srv = ExtraServer(extra=["--trusted-proxy", PROXY, "--trusted-proxy", "::1"])
        cls.addClassCleanup(cls.srv.cleanup)
        cls.srv.start()
        cls.w = World(cls.srv)
        cls.w2 = World(cls.srv, n=2)

    @classmethod
    def tearDownClass(cls):
        rc = cls.srv.stop()
        log = cls.srv.read_log()
        cls.srv.cleanup()
        if rc != 0:
            raise AssertionError("server exit status %d:\n%s" % (rc, log[-4000:]))

    def user(self, login, org=None):
        r = self.srv.request("POST", "/v1/users", {"login": login, "password": PASSWORD,
                                                    "roles": ["employee"],
                                                    "org_id": org or self.w.org},
                             token=self.w.admin)
        self.assertEqual(r.status, 201, r)
        return r.json["id"]

    def last_login_address(self, uid):
        entries = [e for e in audit_entries(self.srv, self.w.t("auditor"))
                   if e["action"] == "session.create" and e["actor"] == uid
                   and e["outcome"] == "ok"]
        return entries[-1]["address"]

    # -- --trusted-proxy ---------------------------------------------------

    def test_trusted_proxy_names_the_client(self):
        uid = self.user("proxied")
        cases = [
            ({"X-Forwarded-For": "203.0.113.7"}, "203.0.113.7"),
            # rightmost entry not a trusted proxy: what the client wrote
            # itself (198.51.100.1) is left of what our proxy saw
            ({"X-Forwarded-For": "198.51.100.1, 203.0.113.8"}, "203.0.113.8"),
            ({"X-Forwarded-For": "203.0.113.9, " + PROXY}, "203.0.113.9"),
            ({"Forwarded": 'for="[2001:db8::1]:4711";proto=http'}, "2001:db8::1"),
            ({"Forwarded": "for=192.0.2.60;proto=http, for=192.0.2.61"}, "192.0.2.61"),
            # Forwarded wins over X-Forwarded-For
            ({"Forwarded": "for=192.0.2.62", "X-Forwarded-For": "192.0.2.63"}, "192.0.2.62"),
            # not an address: the proxy's own stays
            ({"X-Forwarded-For": "unknown"}, PROXY),
            ({"Forwarded": "for=_hidden"}, PROXY),
            ({}, PROXY),
        ]
        for headers, want in cases:
            with self.subTest(headers=headers):
                r = request_from(self.srv, PROXY, "POST", "/v1/session",
                                 {"login": "proxied", "password": PASSWORD}, headers=headers)
                self.assertEqual(r.status, 201, r)
                self.assertEqual(self.last_login_address(uid), want)

    def test_untrusted_peer_headers_ignored(self):
        uid = self.user("direct")
        for headers in ({"X-Forwarded-For": "203.0.113.7"},
                        {"Forwarded": "for=203.0.113.7"},
                        {"X-Forwarded-For": "203.0.113.7", "Forwarded": "for=203.0.113.7"}):
            with self.subTest(headers=headers):
                r = login_from(self.srv, "127.0.0.8", "direct", PASSWORD, headers=headers)
                self.assertEqual(r.status, 201, r)
                self.assertEqual(self.last_login_address(uid), "127.0.0.8")

    def test_throttle_follows_the_forwarded_client(self):
        """Behind the proxy, one client's failures do not lock out another:
        the pair is (login, forwarded address)."""
        uid = self.user("behindproxy")
        throttle_put(self.srv, uid, "203.0.113.50", LOGIN_PAIR_MAX)
        r = login_from(self.srv, PROXY, "behindproxy", PASSWORD,
                       headers={"X-Forwarded-For": "203.0.113.50"})
        self.assertEqual((r.status, r.error.get("code")), (429, "too_many_attempts"), r)
        r = login_from(self.srv, PROXY, "behindproxy", PASSWORD,
                       headers={"X-Forwarded-For": "203.0.113.51"})
        self.assertEqual(r.status, 201, r)
        r = login_from(self.srv, PROXY, "behindproxy", "a wrong password",
                       headers={"X-Forwarded-For": "203.0.113.52"})
        self.assertEqual(r.status, 401, r)
        self.assertEqual(len(throttle_rows(self.srv, login_key=uid,
                                           address="203.0.113.52")), 1)
        self.assertEqual(throttle_rows(self.srv, login_key=uid, address=PROXY), [])
        # an IPv6 client counts by its /64: two hosts of one /64 are one pair
        for host in ("2001:db8:1:2::1", "2001:db8:1:2:ffff::9"):
            r = login_from(self.srv, PROXY, "behindproxy", "a wrong password",
                           headers={"Forwarded": 'for="[%s]"' % host})
            self.assertIn(r.status, (401, 429), r)
        rows = throttle_rows(self.srv, login_key=uid, address="2001:db8:1:2::/64")
        self.assertEqual(len(rows), 1, throttle_rows(self.srv, login_key=uid))
        self.assertEqual(rows[0]["failures"] + rows[0]["refused"], 2, rows)
        r = self.srv.request("DELETE", "/v1/throttles?address=2001:db8:1:2::7",
                             token=self.w.admin)
        self.assertEqual((r.status, r.json), (200, {"cleared": 1}), r)

    # -- DELETE /v1/throttles ------------------------------------------------

    def test_clear_throttle(self):
        srv, w, w2 = self.srv, self.w, self.w2
        uid = self.user("locked")
        throttle_put(srv, uid, "127.0.0.30", LOGIN_PAIR_MAX)
        throttle_put(srv, uid, "127.0.0.31", 3)
        self.assertEqual(login_from(srv, "127.0.0.30", "locked", PASSWORD).status, 429)
        path = "/v1/throttles?login=locked"
        # refused: another organization's officer, other roles, no login
        self.assertError(srv.request("DELETE", path, token=w2.t("security_officer")),
                         403, "forbidden_org")
        for role in ("head", "employee", "auditor", "nsc_officer"):
            self.assertError(srv.request("DELETE", path, token=w.t(role)), 403,
                             "forbidden_role")
        self.assertError(srv.request("DELETE", "/v1/throttles?address=127.0.0.30",
                                     token=w.t("security_officer")), 403, "forbidden_org")
        self.assertError(srv.request("DELETE", "/v1/throttles?login=nobody-here",
                                     token=w.t("security_officer")), 403, "forbidden_org")
        self.assertError(srv.request("DELETE", "/v1/throttles", token=w.admin), 400,
                         "missing_field", "login")
        self.assertError(srv.request("DELETE", "/v1/throttles?address=not-an-ip",
                                     token=w.admin), 400, "invalid_value", "address")
        self.assertEqual(len(throttle_rows(srv, login_key=uid)), 2)
        # the officer of the user's own organization clears one pair
        r = srv.request("DELETE", path + "&address=127.0.0.30", token=w.t("security_officer"))
        self.assertEqual((r.status, r.json), (200, {"cleared": 1}), r)
        self.assertEqual(login_from(srv, "127.0.0.30", "locked", PASSWORD).status, 201)
        self.assertEqual([x["address"] for x in throttle_rows(srv, login_key=uid)],
                         ["127.0.0.31"])
        # then all of the login's
        r = srv.request("DELETE", path, token=w.t("security_officer"))
        self.assertEqual((r.status, r.json), (200, {"cleared": 1}), r)
        self.assertEqual(throttle_rows(srv, login_key=uid), [])
        entries = audit_entries(srv, w.t("auditor"))
        clears = [e for e in entries if e["action"] == "throttle.clear" and e["object"] == uid]
        self.assertEqual(len(clears), 2, clears)
        self.assertEqual(clears[0]["actor"], w.user_ids["security_officer"])
        self.assertEqual(clears[0]["object"], uid)
        self.assertEqual(clears[0]["details"],
                         {"user_id": uid, "address": "127.0.0.30", "cleared": 1})
        summaries = [e for e in entries if e["action"] == "session.failures"
                     and e["actor"] == uid]
        self.assertEqual(sorted(e["details"]["failures"] for e in summaries),
                         [3, LOGIN_PAIR_MAX], summaries)

    def test_admin_clears_unknown_login_and_address(self):
        srv, w = self.srv, self.w
        for i in range(2):
            r = login_from(srv, "127.0.0.40", "typed-secret-name", "wrong password %d" % i)
            self.assertIn(r.status, (401, 429), r)
        rows = throttle_rows(srv, address="127.0.0.40")
        self.assertEqual(len(rows), 1, rows)
        key = rows[0]["login_key"]
        self.assertRegex(key, r"\Ah:[0-9a-f]{32}\Z")
        # an officer cannot name a login that is no user of its organization
        self.assertError(srv.request("DELETE", "/v1/throttles?login=typed-secret-name",
                                     token=w.t("security_officer")), 403, "forbidden_org")
        r = srv.request("DELETE", "/v1/throttles?login=typed-secret-name", token=w.admin)
        self.assertEqual((r.status, r.json), (200, {"cleared": 1}), r)
        clear = [e for e in audit_entries(srv, w.t("auditor"))
                 if e["action"] == "throttle.clear"][-1]
        self.assertEqual(clear["details"]["login_hash"], key)
        self.assertNotIn("typed-secret-name", repr(clear))
        # by address: every login's pair from it
        login_from(srv, "127.0.0.41", "another-stranger", "wrong password x")
        login_from(srv, "127.0.0.41", "admin", "wrong password y")
        r = srv.request("DELETE", "/v1/throttles?address=127.0.0.41", token=w.admin)
        self.assertEqual((r.status, r.json), (200, {"cleared": 2}), r)
        self.assertEqual(throttle_rows(srv, address="127.0.0.41"), [])
        # nothing to clear is no error
        r = srv.request("DELETE", "/v1/throttles?address=127.0.0.41", token=w.admin)
        self.assertEqual((r.status, r.json), (200, {"cleared": 0}), r)

    def assertError(self, r, status, code, field=None):
        self.assertEqual((r.status, r.error.get("code")), (status, code), r)
        if field is not None:
            self.assertEqual(r.error.get("field"), field, r)
        self.assertTrue(r.error.get("message"))


if __name__ == "__main__":
    unittest.main()
