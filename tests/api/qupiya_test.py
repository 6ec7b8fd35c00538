"""qupiya_test.py - the harness of the API tests.

Each test module starts a real `qupiya serve` on a fresh temporary database
(QUPIYA_BIN, set by ctest) and drives it over HTTP with the standard library
only. Server.stop() sends SIGTERM and checks the exit status, so a leak or a
sanitizer report in the ASan build fails the test.

PostgreSQL (issue 12): with QUPIYA_TEST_PG set to the URL of a cluster's
maintenance database (scripts/pg-cluster.sh prints it; ctest's pg.start
fixture sets it for the api.pg.* tests), every Server gets a database of
its own in that cluster (CREATE DATABASE, dropped by cleanup()), served as
`--db postgresql://...` with `--keys TMP/keys`. run_cli() adds that --keys
to a command naming a test server's URL. A test that needs the SQLite file
itself (db_connect(), sqlite_path()) is skipped there, visibly.
"""
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

BIN = os.environ.get("QUPIYA_BIN", os.path.join(os.path.dirname(__file__), "..", "..", "build", "qupiya"))
ADMIN_PASSWORD = "admin-password-for-tests"
PASSWORD = "correct horse battery staple"
PG = os.environ.get("QUPIYA_TEST_PG") or None   # the cluster's base URL, or None
PSQL = os.environ.get("QUPIYA_PSQL", "psql")
PG_KEYS = {}   # database URL -> keys directory of the test server using it


def pg_url(dbname, base=None):
    """The URL of database dbname in the cluster of base (default PG)."""
    u = urllib.parse.urlsplit(base or PG)
    return urllib.parse.urlunsplit(u._replace(path="/" + dbname))


def pg_sql(sql, url=None):
    """Runs sql on the cluster's maintenance database (or url); returns
    the output rows as text (psql -At)."""
    p = subprocess.run([PSQL, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", url or PG,
                        "-f", "-"], input=sql, capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        raise RuntimeError("psql %s: %s" % (sql, p.stderr))
    return p.stdout


def pg_hold_lock(url, take, release, name="qupiya_lock_holder"):
    """A psql session on url that runs take (SQL taking an advisory lock),
    once the lock is granted; returns the function that runs release and
    ends the session."""
    p = subprocess.Popen([PSQL, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d",
                          url + "?application_name=" + name],
                         stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    p.stdin.write(take + "\n")
    p.stdin.flush()
    deadline = time.time() + 30
    while pg_sql("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid)"
                 " WHERE a.application_name = '%s' AND l.granted"
                 " AND l.locktype = 'advisory'" % name, url=url).strip() != "1":
        if time.time() > deadline or p.poll() is not None:
            p.kill()
            raise AssertionError("psql never took the lock: " + take)
        time.sleep(0.05)

    def done():
        if p.poll() is None:
            p.stdin.write(release + "\n")
            p.stdin.close()
            if p.wait(30) != 0:
                raise AssertionError("psql: %s: exit %d" % (release, p.returncode))
    return done


def pg_create_db():
    """A new empty database in the test cluster; returns its URL."""
    name = "qt_%s" % os.urandom(8).hex()
    pg_sql("CREATE DATABASE %s" % name)
    return pg_url(name)


def pg_drop_db(url):
    name = urllib.parse.urlsplit(url).path.lstrip("/")
    pg_sql("DROP DATABASE IF EXISTS %s WITH (FORCE)" % name)


def is_url(db):
    return "://" in db


def sqlite_path(srv):
    """The server's SQLite file; skips the test on PostgreSQL."""
    if is_url(srv.db):
        raise unittest.SkipTest("needs the SQLite file (the PostgreSQL run skips it)")
    return srv.db


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def iin_check_digit(eleven):
    """The control digit of a 12-digit IIN/BIN, or None if none exists."""
    d = [int(c) for c in eleven]
    s = sum(x * w for x, w in zip(d, range(1, 12))) % 11
    if s == 10:
        s = sum(x * w for x, w in zip(d, [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2])) % 11
        if s == 10:
            return None
    return s


def make_ident(n):
    """A valid 12-digit IIN/BIN derived from the integer n (unique per n)."""
    base = n
    while True:
        eleven = "%011d" % (base % 10**11)
        c = iin_check_digit(eleven)
        if c is not None:
            return eleven + str(c)
        base += 10**6 + 1


class Response:
    def __init__(self, status, body, headers):
        self.status = status
        self.raw = body
        self.headers = headers
        try:
            self.json = json.loads(body) if body else None
        except ValueError:
            self.json = None

    @property
    def error(self):
        return (self.json or {}).get("error") or {}

    def __repr__(self):
        return "<%d %s>" % (self.status, self.raw[:300])


class Server:
    def __init__(self, clock=None, tmp=None, args=None, sqlite=False, db=None, keys=None):
        """sqlite: a SQLite file even when QUPIYA_TEST_PG is set. db (and
        keys): serve that existing database, made elsewhere (not dropped
        by cleanup)."""
        self.args = list(args or [])   # more `qupiya serve` options
        self.tmp = tmp or tempfile.mkdtemp(prefix="qupiya-test-")
        self.db = db or os.path.join(self.tmp, "q.db")
        self.keys = keys
        self.port = free_port()
        self.clock = clock
        self.proc = None
        if db is not None:
            return
        if PG and not sqlite:
            # the database of this tmp (a second Server on the same tmp
            # serves the same database, as it would the same file)
            self.keys = os.path.join(self.tmp, "keys")
            urlfile = os.path.join(self.tmp, "pg-url")
            if os.path.exists(urlfile):
                with open(urlfile) as f:
                    self.db = f.read().strip()
                PG_KEYS[self.db] = self.keys
                return
            self.db = pg_create_db()
            PG_KEYS[self.db] = self.keys
            with open(urlfile, "w") as f:
                f.write(self.db)
        if is_url(self.db) or not os.path.exists(self.db):
            env = dict(os.environ, QUPIYA_ADMIN_PASSWORD=ADMIN_PASSWORD)
            p = subprocess.run([BIN, "init"] + self.db_args(), env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if p.returncode != 0:
                self.cleanup()
                raise RuntimeError("qupiya init %s: exit %d: %s" % (self.db, p.returncode,
                                                                   p.stderr))

    def sibling(self, name, args=None):
        """Another (not started) server on this one's database and keys,
        its files in TMP/name (removed with this one's cleanup)."""
        n = Server(clock=self.clock, tmp=os.path.join(self.tmp, name), db=self.db,
                   keys=self.keys or self.tmp, args=args)   # SQLite: the keys beside the file
        os.makedirs(n.tmp, exist_ok=True)
        return n

    def db_args(self):
        """--db (and on PostgreSQL --keys) for a command on this server's
        database."""
        return ["--db", self.db] + (["--keys", self.keys] if self.keys else [])

    def start(self):
        args = [BIN, "serve"] + self.db_args() + ["--listen", "127.0.0.1:%d" % self.port]
        if self.clock:
            args += ["--clock", self.clock]
        args += self.args
        self.log = open(os.path.join(self.tmp, "server.log"), "ab")
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=self.log)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                if self.request("GET", "/v1/health").status == 200:
                    return self
            except OSError:
                pass
            if self.proc.poll() is not None:
                raise RuntimeError("server exited: %s" % self.read_log())
            time.sleep(0.05)
        raise RuntimeError("server did not start")

    def read_log(self):
        with open(os.path.join(self.tmp, "server.log"), "rb") as f:
            return f.read().decode("utf-8", "replace")

    def stop(self):
        """SIGTERM; returns the exit status (0 expected)."""
        if self.proc is None:
            return 0
        self.proc.send_signal(signal.SIGTERM)
        rc = self.proc.wait(timeout=60)
        self.proc = None
        self.log.close()
        return rc

    def kill(self):
        self.proc.kill()
        self.proc.wait()
        self.proc = None
        self.log.close()

    def cleanup(self):
        if self.proc is not None:
            self.kill()
        if is_url(self.db) and os.path.exists(os.path.join(self.tmp, "pg-url")):
            pg_drop_db(self.db)
            PG_KEYS.pop(self.db, None)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def request(self, method, path, body=None, token=None, lang=None, raw=None,
                headers=None, timeout=60):
        url = "http://127.0.0.1:%d%s" % (self.port, path)
        data = None
        h = dict(headers or {})
        if raw is not None:
            data = raw
            h.setdefault("Content-Type", "application/octet-stream")
        elif body is not None:
            data = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        if token:
            h["Authorization"] = "Bearer " + token
        if lang:
            h["Accept-Language"] = lang
        req = urllib.request.Request(url, data=data, method=method, headers=h)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return Response(r.status, r.read(), r.headers)
        except urllib.error.HTTPError as e:
            return Response(e.code, e.read(), e.headers)

    def login(self, login, password=PASSWORD):
        r = self.request("POST", "/v1/session", {"login": login, "password": password})
        if r.status != 201:
            raise AssertionError("login %s: %r" % (login, r))
        return r.json["token"]

    def admin(self):
        return self.login("admin", ADMIN_PASSWORD)


# SQL the PostgreSQL shim does not translate: such a test is skipped there.
SQLITE_ONLY_SQL = ("sqlite_", "pragma", "json_extract", "json_remove", "json_set", "json_object",
                   "insert or ", "trigger", "begin", "commit", "rollback", "cast(")


def pg_literal(v):
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, (bytes, bytearray)):
        return "'\\x%s'::bytea" % bytes(v).hex()
    return "'%s'" % str(v).replace("'", "''")


class PgCursor:
    def __init__(self, rows, rowcount):
        self.rows, self.rowcount = rows, rowcount

    def fetchone(self):
        return self.rows[0] if self.rows else None

    def fetchall(self):
        return list(self.rows)

    def __iter__(self):
        return iter(self.rows)


class PgConn:
    """The few sqlite3 calls the tests make (execute with ? parameters,
    fetchone, fetchall, rowcount, close), run through psql on a test
    server's PostgreSQL database, one statement at a time in its own
    transaction. A statement in SQLite's own dialect skips the test."""

    def __init__(self, url):
        self.url = url

    def execute(self, sql, args=()):
        low = sql.lower()
        if any(w in low for w in SQLITE_ONLY_SQL):
            raise unittest.SkipTest("SQLite-specific SQL (the PostgreSQL run skips it): " + sql)
        parts, args = sql.split("?"), list(args)
        if len(parts) != len(args) + 1:
            raise AssertionError("PgConn: %d parameters for %r" % (len(args), sql))
        text = parts[0] + "".join(pg_literal(a) + p for a, p in zip(args, parts[1:]))
        if low.lstrip().startswith("select"):
            out = pg_sql("SELECT row_to_json(q) FROM (%s) q" % text, url=self.url)
            rows = [tuple(self._value(v) for v in json.loads(line).values())
                    for line in out.splitlines() if line]
            return PgCursor(rows, -1)
        p = subprocess.run([PSQL, "-X", "-v", "ON_ERROR_STOP=1", "-d", self.url, "-f", "-"],
                           input=text, capture_output=True, text=True, timeout=120)
        if p.returncode != 0:
            raise RuntimeError("psql %s: %s" % (text, p.stderr))
        tag = p.stdout.strip().split()
        return PgCursor([], int(tag[-1]) if tag and tag[-1].isdigit() else -1)

    @staticmethod
    def _value(v):
        if isinstance(v, str) and v.startswith("\\x"):
            try:
                return bytes.fromhex(v[2:])
            except ValueError:
                return v
        return v

    def close(self):
        pass


def db_connect(srv):
    """A connection to the server's database, usable while the server runs,
    for tests that edit rows behind the server's back: sqlite3 on the file
    (WAL), or on PostgreSQL a PgConn (psql; SQLite's dialect skips)."""
    if is_url(srv.db):
        return PgConn(srv.db)
    conn = sqlite3.connect(sqlite_path(srv), timeout=30, isolation_level=None)
    conn.execute("PRAGMA busy_timeout=30000")
    return conn


def db_bytes(srv):
    """Everything the database holds, as bytes: the SQLite file and its
    WAL, or a pg_dump of the PostgreSQL database (data at rest)."""
    if is_url(srv.db):
        return subprocess.run(["pg_dump", "--data-only", "-d", srv.db], check=True,
                              capture_output=True, timeout=300).stdout
    data = b""
    for suffix in ("", "-wal"):
        if os.path.exists(srv.db + suffix):
            with open(srv.db + suffix, "rb") as f:
                data += f.read()
    return data


def run_cli(*args, timeout=120):
    """Runs `qupiya ARGS...`; returns the CompletedProcess (text output).
    `--db URL` of a test server's PostgreSQL database gets its --keys."""
    args = list(args)
    if "--keys" not in args:
        for i, a in enumerate(args[:-1]):
            if a == "--db" and args[i + 1] in PG_KEYS:
                args += ["--keys", PG_KEYS[args[i + 1]]]
                break
    return subprocess.run([BIN] + args, capture_output=True, text=True,
                          timeout=timeout)


def audit_entries(srv, token, limit=1000):
    """Every audit entry, in order, through GET /v1/audit paging."""
    out, after = [], None
    while True:
        path = "/v1/audit?limit=%d" % limit + ("&after=%s" % after if after is not None else "")
        r = srv.request("GET", path, token=token)
        if r.status != 200:
            raise AssertionError("GET %s: %r" % (path, r))
        out.extend(r.json["items"])
        after = r.json.get("next")
        if after is None:
            return out


PREREQS_ON = "2015-01-05"   # before any test clock: a step never dated after its decision


def prerequisites(on=PREREQS_ON, verification="passed"):
    """The body recording all five prerequisites of Art. 29.1 on one date."""
    return {"commitment_on": on, "consent_restrictions_on": on,
            "consent_verification_on": on, "familiarized_on": on,
            "verification": verification, "verified_on": on}


def clear(srv, so, head, person_id, form, decision="grant", prereqs_on=PREREQS_ON,
          treaty_ref=None, **decision_kw):
    """A clearance through its whole procedure (POST clearances,
    prerequisites, decision); so and head are tokens. Returns its id."""
    body = {"form": form}
    if treaty_ref:
        body["treaty_ref"] = treaty_ref
    r = srv.request("POST", "/v1/persons/%s/clearances" % person_id, body, so)
    assert r.status == 201, r
    cid = r.json["id"]
    if prereqs_on:
        r = srv.request("POST", "/v1/clearances/%s/prerequisites" % cid,
                        prerequisites(prereqs_on), so)
        assert r.status == 200, r
    if decision:
        body = {"decision": decision, "contract_number": "C-%s" % cid[-6:]}
        body.update(decision_kw)
        r = srv.request("POST", "/v1/clearances/%s/decision" % cid, body, head)
        assert r.status == 200, r
    return cid


class World:
    """A small world built through the API: an organization with a permit and
    one user per role. Attributes: org, users {role: token}, ids."""

    def __init__(self, srv, n=1):
        self.srv = srv
        self.admin = srv.admin()
        r = srv.request("POST", "/v1/orgs", {"name": "Ministry %d" % n, "bin": make_ident(100000 + n),
                                             "kind": "state_body", "city": "Astana"}, self.admin)
        assert r.status == 201, r
        self.org = r.json["id"]
        self.tokens = {}
        self.user_ids = {}
        for role in ["security_officer", "head", "classifier", "employee", "nsc_officer",
                     "authorized_body", "archivist", "auditor", "citizen"]:
            login = "%s%d" % (role.replace("_", ""), n)
            body = {"login": login, "password": PASSWORD, "roles": [role]}
            if role not in ("nsc_officer", "authorized_body", "auditor", "citizen"):
                body["org_id"] = self.org
            r = srv.request("POST", "/v1/users", body, self.admin)
            assert r.status == 201, r
            self.user_ids[role] = r.json["id"]
            self.tokens[role] = srv.login(login)

    def t(self, role):
        return self.tokens[role]

    def clear(self, person_id, form, decision="grant", prereqs_on=PREREQS_ON, **decision_kw):
        """Registers a clearance of form for the person, records the five
        prerequisites of Art. 29.1 (dated prereqs_on; None: none), then the
        head's decision (None: left registering). Returns the clearance id."""
        return clear(self.srv, self.t("security_officer"), self.t("head"), person_id, form,
                     decision=decision, prereqs_on=prereqs_on, **decision_kw)


class ServerTest(unittest.TestCase):
    """A TestCase with one server for the whole class."""
    clock = None

    @classmethod
    def setUpClass(cls):
        srv = Server(clock=cls.clock)
        # runs even when a subclass's setUpClass fails after this (then
        # tearDownClass does not): no server is left behind
        cls.addClassCleanup(srv.cleanup)
        cls.srv = srv.start()

    @classmethod
    def tearDownClass(cls):
        rc = cls.srv.stop()
        log = cls.srv.read_log()
        cls.srv.cleanup()
        if rc != 0:
            raise AssertionError("server exit status %d:\n%s" % (rc, log[-4000:]))

    def req(self, *a, **kw):
        return self.srv.request(*a, **kw)

    def assertNotCompetent(self, r, article=None):
        """Refused for competence (SPEC §5): 422 not_competent_to_declassify
        for a body that sees the target, 404 for one that cannot see it (it
        neither holds, disposes of nor audits it, SPEC §3); never anything
        about the target's state."""
        if r.status == 404:
            self.assertError(r, 404, "not_found")
        else:
            self.assertError(r, 422, "not_competent_to_declassify", article=article)

    def assertError(self, r, status, code=None, field=None, article=None):
        self.assertEqual(r.status, status, r)
        if code is not None:
            self.assertEqual(r.error.get("code"), code, r)
        if field is not None:
            self.assertEqual(r.error.get("field"), field, r)
        if article is not None:
            self.assertEqual(r.error.get("article"), article, r)
        self.assertTrue(r.error.get("message"), r)
