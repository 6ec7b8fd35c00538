#!/usr/bin/env python3
"""test_tls.py -- `qupiya serve --tls-cert FILE --tls-key FILE` (issue 14,
deliverable 6).

What it checks
    - a self-signed certificate made here with `openssl req`: the server
      answers over TLS 1.3 and over TLS 1.2 (an AEAD cipher), with
      Strict-Transport-Security on every answer (errors included);
    - TLS 1.1 and TLS 1.0 are refused by the server: the client's
      ClientHello (captured in a memory BIO) offers exactly that version
      (OpenSSL at security level 0, so the local library does not refuse to
      offer it), and the server ends the handshake (libmicrohttpd 0.9.75
      closes without an alert: the client sees EOF); the same server then
      completes a TLS 1.2 handshake;
    - a TLS 1.2 client offering only CBC ciphers is refused (AEAD only);
    - plain HTTP on the TLS port gets no answer of the API;
    - without TLS there is no HSTS header; --tls-cert without --tls-key is
      a usage error (exit status 2).

    On qupiya 0.1.0 `serve` does not know --tls-cert: the server does not
    start and every test fails.

Run standalone:
    QUPIYA_BIN=build/qupiya python3 tests/api/test_tls.py
"""
import http.client
import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import unittest
import urllib.error
import urllib.request
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qupiya_test import BIN, Response, Server  # noqa: E402


def make_cert(d):
    cert, key = os.path.join(d, "cert.pem"), os.path.join(d, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return cert, key


def client_ctx(cert, version=None, ciphers=None):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.load_verify_locations(cert)
    if version is not None:
        if version < ssl.TLSVersion.TLSv1_2:
            # OpenSSL 3 offers TLS 1.0/1.1 only at security level 0
            ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)   # TLS 1.0/1.1
            ctx.minimum_version = version
            ctx.maximum_version = version
    if ciphers is not None:
        ctx.set_ciphers(ciphers)
    return ctx


class TlsServer(Server):
    """The harness's server, spoken to over HTTPS."""

    def __init__(self, cert, key):
        self.cert = cert
        super().__init__(args=["--tls-cert", cert, "--tls-key", key])

    def request(self, method, path, body=None, token=None, lang=None, raw=None,
                headers=None, timeout=60):
        h = dict(headers or {})
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        if token:
            h["Authorization"] = "Bearer " + token
        req = urllib.request.Request("https://127.0.0.1:%d%s" % (self.port, path),
                                     data=data, method=method, headers=h)
        try:
            with urllib.request.urlopen(req, timeout=timeout,
                                        context=client_ctx(self.cert)) as r:
                return Response(r.status, r.read(), r.headers)
        except urllib.error.HTTPError as e:
            return Response(e.code, e.read(), e.headers)


class TlsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="qupiya-tls-")
        cls.cert, cls.key = make_cert(cls.tmp)
        cls.srv = TlsServer(cls.cert, cls.key).start()

    @classmethod
    def tearDownClass(cls):
        rc = cls.srv.stop()
        cls.srv.cleanup()
        if rc != 0:
            raise AssertionError("server exit status %d" % rc)
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def get(self, ctx, path="/v1/health"):
        conn = http.client.HTTPSConnection("127.0.0.1", self.srv.port, context=ctx,
                                           timeout=10)
        try:
            conn.request("GET", path)
            r = conn.getresponse()
            r.read()
            return r, conn.sock.version(), conn.sock.cipher()[0]
        finally:
            conn.close()

    def handshake_error(self, ctx):
        """The SSLError of a handshake that must fail."""
        raw = socket.create_connection(("127.0.0.1", self.srv.port), timeout=10)
        try:
            with self.assertRaises(ssl.SSLError) as cm:
                with ctx.wrap_socket(raw, server_hostname="127.0.0.1"):
                    pass
            return cm.exception
        finally:
            raw.close()

    def test_tls13_and_tls12_served_with_hsts(self):
        for v, name in [(ssl.TLSVersion.TLSv1_3, "TLSv1.3"), (ssl.TLSVersion.TLSv1_2, "TLSv1.2")]:
            with self.subTest(version=name):
                r, got, cipher = self.get(client_ctx(self.cert, v))
                self.assertEqual(r.status, 200)
                self.assertEqual(got, name)
                self.assertTrue(any(a in cipher for a in ("GCM", "CHACHA20")), cipher)
                self.assertIn("max-age=", r.getheader("Strict-Transport-Security") or "")
        # errors carry it too
        r, _, _ = self.get(client_ctx(self.cert), "/v1/catalog")
        self.assertEqual(r.status, 401)
        self.assertTrue(r.getheader("Strict-Transport-Security"))
        # and a login works over it
        self.assertTrue(self.srv.admin())

    def client_hello_version(self, ctx):
        """The legacy_version of the ClientHello ctx sends (read from a memory
        BIO, nothing on the wire), e.g. 0x0301 for TLS 1.0; None if the
        library refused to offer anything."""
        inc, out = ssl.MemoryBIO(), ssl.MemoryBIO()
        obj = ctx.wrap_bio(inc, out, server_hostname="127.0.0.1")
        try:
            obj.do_handshake()
        except ssl.SSLWantReadError:
            pass
        except ssl.SSLError:
            return None
        hello = out.read()
        # record header (5), handshake type (1) and length (3), then version
        if len(hello) < 11 or hello[0] != 0x16 or hello[5] != 0x01:
            return None
        return (hello[9] << 8) | hello[10]

    def test_tls11_and_tls10_refused(self):
        for v, wire in [(ssl.TLSVersion.TLSv1_1, 0x0302), (ssl.TLSVersion.TLSv1, 0x0301)]:
            with self.subTest(version=v.name):
                ctx = client_ctx(self.cert, v)
                # the local library does offer exactly this version...
                self.assertEqual(self.client_hello_version(ctx), wire)
                # ...and the server ends the handshake (libmicrohttpd closes
                # the connection without an alert: EOF; a protocol_version
                # alert would do as well)
                err = self.handshake_error(ctx)
                reason = (getattr(err, "reason", "") or str(err)).upper()
                self.assertTrue(any(x in reason for x in
                                    ("UNEXPECTED_EOF", "PROTOCOL_VERSION", "HANDSHAKE_FAILURE")),
                                err)
        # the same server still speaks TLS 1.2 (the refusal was the version)
        r, got, _ = self.get(client_ctx(self.cert, ssl.TLSVersion.TLSv1_2))
        self.assertEqual((r.status, got), (200, "TLSv1.2"))

    def test_cbc_only_client_refused(self):
        ctx = client_ctx(self.cert, ssl.TLSVersion.TLSv1_2,
                         ciphers="ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA:"
                                 "ECDHE-ECDSA-AES128-SHA256")
        self.assertEqual(self.client_hello_version(ctx), 0x0303)
        err = self.handshake_error(ctx)
        reason = (getattr(err, "reason", "") or str(err)).upper()
        self.assertTrue(any(x in reason for x in ("UNEXPECTED_EOF", "HANDSHAKE_FAILURE")), err)

    def test_plain_http_on_tls_port_not_answered(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.srv.port, timeout=10)
        try:
            conn.request("GET", "/v1/health")
            r = conn.getresponse()
            status = r.status
        except (OSError, http.client.HTTPException):
            status = None
        finally:
            conn.close()
        self.assertIsNone(status)


class PlainTest(unittest.TestCase):
    def test_no_hsts_without_tls(self):
        srv = Server().start()
        try:
            r = srv.request("GET", "/v1/health")
            self.assertEqual(r.status, 200)
            self.assertIsNone(r.headers.get("Strict-Transport-Security"))
        finally:
            srv.stop()
            srv.cleanup()

    def test_cert_without_key_is_usage_error(self):
        d = tempfile.mkdtemp(prefix="qupiya-tls-")
        try:
            cert, _ = make_cert(d)
            srv = Server(tmp=d)
            p = subprocess.run([BIN, "serve"] + srv.db_args() + ["--listen",
                                "127.0.0.1:%d" % srv.port, "--tls-cert", cert],
                               capture_output=True, timeout=30)
            self.assertEqual(p.returncode, 2, p)
            self.assertIn(b"--tls-key", p.stderr)
        finally:
            shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
