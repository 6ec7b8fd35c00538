#!/usr/bin/env python3
"""test_accounts.py -- account administration (issue 13, deliverable 9).

  * POST /v1/users/{id}/disable: the user's open session ends at once (401)
    and login is refused; an admin cannot disable themself; /enable lifts it;
  * POST /v1/users/{id}/roles replaces the roles; admin never combined with
    another role (400 admin_not_combined naming roles), allowed alone;
  * POST /v1/me/password: old + new; a wrong old password is refused
    (400 bad_credentials naming old_password), a short new one too;
  * `qupiya admin reset-password --db --login admin` prints a one-time
    password that logs in; the old one no longer does;
  * POST /v1/users/{id}/reset-password (admin) answers a one-time password
    once; a session of such an account gets user.must_change_password and
    403 password_change_required everywhere except POST /v1/me/password,
    DELETE /v1/session and GET /v1/me, until the password is changed; the
    CLI reset sets the same flag;
  * every change is audited; only an admin may administer accounts (403).

Run standalone: QUPIYA_BIN=build/qupiya PYTHONPATH=tests/api python3 -B tests/api/test_accounts.py
"""
import unittest

from qupiya_test import ADMIN_PASSWORD, PASSWORD, Server, ServerTest, audit_entries, run_cli


class Accounts(ServerTest):
    def make_user(self, login, roles=("auditor",)):
        admin = self.srv.admin()
        r = self.req("POST", "/v1/users", {"login": login, "password": PASSWORD, "roles": list(roles)},
                     token=admin)
        self.assertEqual(r.status, 201, r)
        return r.json["id"]

    def test_disable_ends_sessions_and_enable_restores(self):
        admin = self.srv.admin()
        uid = self.make_user("acc.disable")
        tok = self.srv.login("acc.disable")
        self.assertEqual(self.req("GET", "/v1/me", token=tok).status, 200)
        r = self.req("POST", "/v1/users/%s/disable" % uid, {}, token=admin)
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.json["disabled"])
        self.assertEqual(self.req("GET", "/v1/me", token=tok).status, 401)
        r = self.req("POST", "/v1/session", {"login": "acc.disable", "password": PASSWORD})
        self.assertEqual(r.status, 401, r)
        r = self.req("POST", "/v1/users/%s/enable" % uid, {}, token=admin)
        self.assertEqual(r.status, 200, r)
        self.assertFalse(r.json["disabled"])
        self.srv.login("acc.disable")
        self.make_user("acc.auditor")
        actions = [a["action"] for a in audit_entries(self.srv, self.srv.login("acc.auditor"))]
        self.assertIn("user.disable", actions)
        self.assertIn("user.enable", actions)

    def test_admin_cannot_disable_self(self):
        admin = self.srv.admin()
        me = self.req("GET", "/v1/me", token=admin).json["id"]
        self.assertError(self.req("POST", "/v1/users/%s/disable" % me, {}, token=admin), 400,
                         "invalid_value", "id")

    def test_roles_admin_not_combined(self):
        admin = self.srv.admin()
        uid = self.make_user("acc.roles")
        self.assertError(self.req("POST", "/v1/users/%s/roles" % uid, {"roles": ["admin", "auditor"]},
                                  token=admin), 400, "admin_not_combined", "roles")
        r = self.req("POST", "/v1/users/%s/roles" % uid, {"roles": ["admin"]}, token=admin)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["roles"], ["admin"])
        self.assertError(self.req("POST", "/v1/users/%s/roles" % uid, {"roles": ["wizard"]},
                                  token=admin), 400, "invalid_value", "roles")
        self.assertEqual(self.req("POST", "/v1/users/user_nope/roles", {"roles": ["auditor"]},
                                  token=admin).status, 404)

    def test_only_admin_administers(self):
        self.make_user("acc.plain")
        uid = self.make_user("acc.target")
        tok = self.srv.login("acc.plain")
        for what in ("disable", "enable", "reset-password"):
            self.assertEqual(self.req("POST", "/v1/users/%s/%s" % (uid, what), {}, token=tok).status, 403)

    def test_own_password(self):
        self.make_user("acc.pw")
        tok = self.srv.login("acc.pw")
        self.assertError(self.req("POST", "/v1/me/password",
                                  {"old_password": "wrong password!!", "new_password": "a new long password"},
                                  token=tok), 400, "bad_credentials", "old_password")
        self.assertError(self.req("POST", "/v1/me/password",
                                  {"old_password": PASSWORD, "new_password": "short"}, token=tok),
                         400, "password_too_short", "new_password")
        r = self.req("POST", "/v1/me/password",
                     {"old_password": PASSWORD, "new_password": "a new long password"}, token=tok)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(self.req("POST", "/v1/session", {"login": "acc.pw", "password": PASSWORD}).status, 401)
        self.srv.login("acc.pw", "a new long password")

    def test_password_change_required_after_reset(self):
        admin = self.srv.admin()
        uid = self.make_user("acc.otp")
        old = self.srv.login("acc.otp")
        r = self.req("POST", "/v1/users/%s/reset-password" % uid, {}, token=admin)
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.json["user"]["must_change_password"])
        otp = r.json["one_time_password"]
        self.assertEqual(self.req("POST", "/v1/session", {"login": "acc.otp", "password": PASSWORD}).status,
                         401)
        r = self.req("POST", "/v1/session", {"login": "acc.otp", "password": otp})
        self.assertEqual(r.status, 201, r)
        self.assertTrue(r.json["user"]["must_change_password"])
        tok = r.json["token"]
        # refused: any other route, also from a session opened before the reset
        for t in (tok, old):
            self.assertError(self.req("GET", "/v1/audit", token=t), 403, "password_change_required")
        self.assertError(self.req("GET", "/v1/users/%s" % uid, token=tok), 403, "password_change_required")
        # allowed: the caller's own account, the change, the session's end
        r = self.req("GET", "/v1/me", token=tok)
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.json["must_change_password"])
        self.assertEqual(self.req("DELETE", "/v1/session", token=old).status // 100, 2)
        r = self.req("POST", "/v1/me/password", {"old_password": otp, "new_password": "a changed long password"},
                     token=tok)
        self.assertEqual(r.status, 200, r)
        self.assertFalse(r.json["must_change_password"])
        self.assertEqual(self.req("GET", "/v1/audit", token=tok).status, 200)
        r = self.req("POST", "/v1/session", {"login": "acc.otp", "password": "a changed long password"})
        self.assertEqual(r.status, 201, r)
        self.assertFalse(r.json["user"]["must_change_password"])
        actions = [a["action"] for a in audit_entries(self.srv, tok)]
        self.assertIn("user.reset_password", actions)
        self.assertIn("user.password", actions)


class ResetPasswordCli(unittest.TestCase):
    def test_reset_admin_password(self):
        srv = Server()
        self.addCleanup(srv.cleanup)
        r = run_cli("admin", "reset-password", "--db", srv.db)
        self.assertEqual(r.returncode, 2)
        self.assertIn("qupiya admin reset-password: --login is required", r.stderr)
        r = run_cli("admin", "reset-password", "--login", "admin")
        self.assertIn("qupiya admin reset-password: --db is required", r.stderr)
        r = run_cli("admin", "reset-password", "--db", srv.db, "--login", "nobody")
        self.assertEqual(r.returncode, 1)
        r = run_cli("admin", "reset-password", "--db", srv.db, "--login", "admin")
        self.assertEqual(r.returncode, 0, r.stderr)
        pw = r.stdout.strip().rsplit(" ", 1)[1]
        srv.start()
        self.assertEqual(srv.request("POST", "/v1/session",
                                     {"login": "admin", "password": ADMIN_PASSWORD}).status, 401)
        tok = srv.login("admin", pw)
        r = srv.request("POST", "/v1/users", {"login": "aud", "password": PASSWORD, "roles": ["auditor"]},
                        token=tok)
        self.assertEqual((r.status, r.error.get("code")), (403, "password_change_required"))
        self.assertTrue(srv.request("GET", "/v1/me", token=tok).json["must_change_password"])
        self.assertEqual(srv.request("POST", "/v1/me/password",
                                     {"old_password": pw, "new_password": ADMIN_PASSWORD}, token=tok).status, 200)
        self.assertEqual(srv.request("POST", "/v1/users", {"login": "aud", "password": PASSWORD,
                                                           "roles": ["auditor"]}, token=tok).status, 201)
        self.assertIn("user.reset_password", [a["action"] for a in audit_entries(srv, srv.login("aud"))])
        self.assertEqual(run_cli("audit", "verify", "--db", srv.db, "--quiet").returncode, 0)
        self.assertEqual(srv.stop(), 0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
