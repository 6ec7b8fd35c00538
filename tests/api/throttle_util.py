"""throttle_util.py -- helpers of the login throttling tests (issue 14).

Requests from a chosen loopback source address (127.0.0.0/8 all reach the
server on 127.0.0.1), a server started with extra options, and direct reads
and writes of the throttle table (login_throttle: login_key = the user id or
"h:" + keyed hash, address, first, last, failures, refused, reported).
"""
import http.client
import json
import os
import subprocess
import time

from qupiya_test import BIN, Response, Server, db_connect

# as src/http/http.h
LOGIN_FAIL_WINDOW = 15 * 60
LOGIN_PAIR_MAX = 20
LOGIN_DELAY_MAX = 3
LOGIN_AUDIT_PER_MIN = 30


def request_from(srv, src, method, path, body=None, token=None, headers=None, timeout=60):
    c = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=timeout,
                                   source_address=(src, 0))
    h = dict(headers or {})
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        h["Content-Type"] = "application/json"
    if token:
        h["Authorization"] = "Bearer " + token
    try:
        c.request(method, path, body=data, headers=h)
        r = c.getresponse()
        return Response(r.status, r.read(), r.headers)
    finally:
        c.close()


def login_from(srv, src, login, password, headers=None):
    return request_from(srv, src, "POST", "/v1/session",
                        {"login": login, "password": password}, headers=headers)


class ExtraServer(Server):
    """A Server whose `serve` gets extra options."""

    def __init__(self, extra=(), **kw):
        super().__init__(**kw)
        self.extra = list(extra)

    def start(self):
        args = [BIN, "serve"] + self.db_args() + ["--listen", "127.0.0.1:%d" % self.port]
        args += self.extra
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


def throttle_rows(srv, **where):
    db = db_connect(srv)
    try:
        sql = "SELECT login_key, address, first, last, failures, refused, reported" \
              " FROM login_throttle"
        if where:
            sql += " WHERE " + " AND ".join("%s = ?" % k for k in where)
        cols = ("login_key", "address", "first", "last", "failures", "refused", "reported")
        return [dict(zip(cols, row)) for row in db.execute(sql, list(where.values()))]
    finally:
        db.close()


def throttle_put(srv, login_key, address, failures, first=None, last=None, refused=0,
                 reported=1):
    """Sets a pair's counts as if its failures had happened."""
    now = int(time.time())
    db = db_connect(srv)
    try:
        # an upsert both backends read (PostgreSQL has no INSERT OR REPLACE)
        db.execute("INSERT INTO login_throttle(login_key, address, first, last,"
                   " failures, refused, reported) VALUES (?, ?, ?, ?, ?, ?, ?)"
                   " ON CONFLICT(login_key, address) DO UPDATE SET first = excluded.first,"
                   " last = excluded.last, failures = excluded.failures,"
                   " refused = excluded.refused, reported = excluded.reported",
                   (login_key, address, now if first is None else first,
                    now if last is None else last, failures, refused, reported))
    finally:
        db.close()
