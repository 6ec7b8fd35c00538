#!/usr/bin/env python3
"""test_protocol.py -- HTTP protocol details (issue 14, deliverable 7).

What it checks
    - HEAD on every GET route of the route tables (read from src/http/h_*.c
      as test_docs.py does; "{}" filled with an unknown id) and on static
      files answers as GET would: the same status and headers, Content-Length
      included, and no body (RFC 9110 §9.1). qupiya 0.1.0 answered 405/404.
    - unsupported_media_type: a request body on a JSON route needs
      Content-Type application/json (parameters and letter case free): else
      415 with the code and a message in kk, ru and en; a POST without a
      body needs none; an unknown path stays 404; content upload keeps
      application/octet-stream.
    - body_too_large: a declared Content-Length over 1 MiB on a JSON route,
      over 256 MiB on content upload, is refused with 413 as soon as the
      headers are in, before a byte of the body is sent; exactly 1 MiB is
      waited for.

Run standalone:
    QUPIYA_BIN=build/qupiya python3 tests/api/test_protocol.py
"""
import glob
import json
import os
import re
import socket
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qupiya_test import Server  # noqa: E402

SRC = os.path.abspath(os.environ.get(
    "QUPIYA_SRC", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")))
ROUTE_LINE = re.compile(r'^\s*\{\s*"([A-Z]+)"\s*,\s*"(/[^"]*)"\s*,')
MiB = 1024 * 1024


def get_routes():
    out = []
    for fn in sorted(glob.glob(os.path.join(SRC, "src", "http", "h_*.c"))):
        with open(fn, encoding="utf-8") as f:
            for line in f:
                m = ROUTE_LINE.match(line)
                if m and m.group(1) == "GET":
                    out.append(m.group(2).replace("{}", "x_0000000000000000"))
    return out


def exchange(port, head, body=b"", timeout=10.0):
    """Sends head (+ body) on a new connection; returns (status, headers dict
    with lower-case names, body bytes) of the answer read to its end."""
    k = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        k.sendall(head + body)
        data = b""
        while b"\r\n\r\n" not in data:
            more = k.recv(65536)
            if not more:
                break
            data += more
        top, _, rest = data.partition(b"\r\n\r\n")
        lines = top.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        hdrs = {}
        for ln in lines[1:]:
            n, _, v = ln.partition(":")
            hdrs[n.strip().lower()] = v.strip()
        want = int(hdrs.get("content-length", "0"))
        if not head.startswith(b"HEAD "):
            while len(rest) < want:
                more = k.recv(65536)
                if not more:
                    break
                rest += more
        else:
            # nothing may follow the headers of an answer to HEAD
            k.settimeout(0.3)
            try:
                more = k.recv(65536)
                rest += more
            except socket.timeout:
                pass
        return status, hdrs, rest
    finally:
        k.close()


def req(method, path, token=None, extra=b"", close=True):
    h = b"%s %s HTTP/1.1\r\nHost: q\r\n" % (method.encode(), path.encode())
    if token:
        h += b"Authorization: Bearer " + token.encode() + b"\r\n"
    if close:
        h += b"Connection: close\r\n"
    return h + extra + b"\r\n"


class ProtocolTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv = Server().start()
        cls.admin = cls.srv.admin()

    @classmethod
    def tearDownClass(cls):
        rc = cls.srv.stop()
        cls.srv.cleanup()
        if rc != 0:
            raise AssertionError("server exit status %d" % rc)

    def test_head_on_every_get_route(self):
        routes = get_routes()
        self.assertGreater(len(routes), 20)
        for path in routes + ["/v1/health", "/v1/catalog", "/", "/index.html"]:
            with self.subTest(path=path):
                gs, gh, gb = exchange(self.srv.port, req("GET", path, self.admin))
                hs, hh, hb = exchange(self.srv.port, req("HEAD", path, self.admin))
                self.assertEqual(hs, gs, path)
                self.assertEqual(hb, b"", path)
                self.assertNotEqual(hs, 405)
                for name in ("content-type", "content-length", "cache-control",
                             "x-content-type-options", "content-security-policy",
                             "www-authenticate"):
                    self.assertEqual(hh.get(name), gh.get(name), (path, name))
                self.assertEqual(int(gh.get("content-length", "0")), len(gb))
        # a static file: 200 with its size
        s, h, b = exchange(self.srv.port, req("HEAD", "/"))
        self.assertEqual((s, b), (200, b""))
        self.assertGreater(int(h["content-length"]), 0)
        self.assertTrue(h["content-type"].startswith("text/html"))
        # HEAD on a path that has no GET is still 405, unknown 404
        s, _, _ = exchange(self.srv.port, req("HEAD", "/v1/session"))
        self.assertIn(s, (405, 401, 200))
        s, _, b = exchange(self.srv.port, req("HEAD", "/v1/no-such-thing"))
        self.assertEqual((s, b), (404, b""))

    def login_body(self):
        return json.dumps({"login": "admin", "password": "wrong password"}).encode()

    def test_unsupported_media_type(self):
        body = self.login_body()
        cl = b"Content-Length: %d\r\n" % len(body)
        for ctype in [None, b"text/plain", b"application/x-www-form-urlencoded",
                      b"application/jsonx", b"multipart/form-data; boundary=x"]:
            for lang in ("en", "ru", "kk"):
                with self.subTest(ctype=ctype, lang=lang):
                    extra = cl + b"Accept-Language: " + lang.encode() + b"\r\n"
                    if ctype is not None:
                        extra += b"Content-Type: " + ctype + b"\r\n"
                    s, h, b = exchange(self.srv.port, req("POST", "/v1/session", extra=extra),
                                       body)
                    self.assertEqual(s, 415, b)
                    err = json.loads(b)["error"]
                    self.assertEqual(err["code"], "unsupported_media_type")
                    self.assertTrue(err["message"])
                    if lang != "en":
                        self.assertRegex(err["message"], "[А-Яа-яӘәҒғҚқҢңӨөҰұҮүІі]")
        # allowed: application/json, with parameters, in any letter case
        for ctype in [b"application/json", b"application/json; charset=utf-8",
                      b"Application/JSON;charset=UTF-8"]:
            with self.subTest(ctype=ctype):
                s, _, b = exchange(self.srv.port, req(
                    "POST", "/v1/session", extra=cl + b"Content-Type: " + ctype + b"\r\n"), body)
                self.assertEqual(s, 401, b)   # wrong password: the body was read
        # a write without a body needs no Content-Type
        s, _, b = exchange(self.srv.port, req("POST", "/v1/orgs", self.admin,
                                              extra=b"Content-Length: 0\r\n"))
        self.assertNotEqual(s, 415, b)
        # an unknown path stays 404
        s, _, _ = exchange(self.srv.port, req("POST", "/v1/nothing-here",
                                              extra=cl + b"Content-Type: text/plain\r\n"), body)
        self.assertEqual(s, 404)
        # content upload keeps application/octet-stream (not 415)
        s, _, b = exchange(self.srv.port, req(
            "PUT", "/v1/carriers/x_0000000000000000/content", self.admin,
            extra=b"Content-Type: application/octet-stream\r\nContent-Length: 4\r\n"), b"abcd")
        self.assertNotEqual(s, 415, b)

    def test_body_too_large_declared_413(self):
        # only the headers are sent: the answer comes without the body
        for path, method, limit, ctype in [
                ("/v1/session", "POST", MiB, b"application/json"),
                ("/v1/orgs", "POST", MiB, b"application/json"),
                ("/v1/carriers/x_0000000000000000/content", "PUT", 256 * MiB,
                 b"application/octet-stream")]:
            with self.subTest(path=path):
                extra = b"Content-Type: " + ctype + b"\r\nContent-Length: %d\r\n" % (limit + 1)
                s, h, b = exchange(self.srv.port, req(method, path, self.admin, extra=extra),
                                   timeout=5.0)
                self.assertEqual(s, 413, b)
                err = json.loads(b)["error"]
                self.assertEqual((err["code"], err["field"]), ("body_too_large", "body"))
                self.assertEqual(h.get("connection", "").lower(), "close")
        # exactly the limit is accepted and waited for
        k = socket.create_connection(("127.0.0.1", self.srv.port), timeout=1.0)
        try:
            k.sendall(req("POST", "/v1/session", extra=b"Content-Type: application/json\r\n"
                                                       b"Content-Length: %d\r\n" % MiB))
            with self.assertRaises(socket.timeout):
                k.recv(1)
        finally:
            k.close()
        self.assertEqual(self.srv.request("GET", "/v1/health").status, 200)


if __name__ == "__main__":
    unittest.main()
