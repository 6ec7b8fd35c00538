"""test_content.py - electronic content of carriers (SPEC.md §1.4, API.md
"Carriers and access": PUT/GET /v1/carriers/{id}/content).

Content is encrypted at rest: a marker uploaded as content is never found
in any file of the server's directory. Reads run the access decision first
(422 with the failing check, audited as refused) and are audited when
granted; uploads need the security officer of the carrier's organization;
bodies over 256 MiB are refused without holding them in memory.
"""
import hashlib
import http.client
import itertools
import json
import os
import time
import unittest

from qupiya_test import PASSWORD, ServerTest, World, db_connect, make_ident

MiB = 1024 * 1024
LIMIT = 256 * MiB
_ident = itertools.count(700000)


def server_is_asan(pid):
    """The ASan build maps libasan (or links it statically: look for its
    runtime's shadow mapping names)."""
    try:
        with open("/proc/%d/maps" % pid) as f:
            maps = f.read()
    except OSError:
        return False
    return "libasan" in maps or os.environ.get("QUPIYA_SANITIZE") == "1"


def vm_hwm_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise AssertionError("no VmHWM")


class ContentTest(ServerTest):
    clock = "2025-06-02"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        srv = cls.srv
        cls.w = World(srv, 1)
        cls.w2 = World(srv, 2)
        cls.so = cls.w.t("security_officer")
        cls.admin = cls.w.admin
        r = srv.request("POST", "/v1/orgs/%s/permits" % cls.w.org, {
            "degree": "special_importance", "number": "P-1", "issued_on": "2024-01-01",
            "valid_until": "2030-01-01"}, cls.w.t("nsc_officer"))
        assert r.status == 201, r
        # A classifier official, an approved list, one information item.
        official = cls.make_person("Official")
        cls.cls_token = cls.make_user("clsofficial", "classifier", official)
        r = srv.request("POST", "/v1/classifiers", {"person_id": official, "org_id": cls.w.org},
                        cls.admin)
        assert r.status == 201, r
        r = srv.request("POST", "/v1/lists", {"org_id": cls.w.org, "title": "List"}, cls.so)
        assert r.status == 201, r
        lid = r.json["id"]
        r = srv.request("POST", "/v1/lists/%s/items" % lid, {
            "code": "1", "text": "plans", "degree": "top_secret", "basis": "11.1"}, cls.so)
        assert r.status == 201, r
        item = r.json["id"]
        r = srv.request("POST", "/v1/lists/%s/approve" % lid, {"effective_date": "2024-03-15"},
                        cls.w.t("head"))
        assert r.status == 200, r
        r = srv.request("POST", "/v1/information", {
            "title": "Mobilisation plan", "org_id": cls.w.org, "list_item_id": item,
            "degree": "top_secret", "classified_on": "2024-05-10",
            "declassify_on": "2034-05-10"}, cls.cls_token)
        assert r.status == 201, r
        cls.info = r.json["id"]
        # A cleared reader with a need-to-know grant on the information item
        # (so it covers every carrier carrying it), and an uncleared one.
        cls.reader_person = cls.make_person("Reader")
        cls.reader = cls.make_user("reader", "employee", cls.reader_person)
        cls.clear(cls.reader_person, "top_secret")
        cls.grant(cls.reader_person, cls.info)
        cls.nogrant_person = cls.make_person("Cleared, no need to know")
        cls.nogrant = cls.make_user("nogrant", "employee", cls.nogrant_person)
        cls.clear(cls.nogrant_person, "top_secret")
        cls.seq = 0

    # ---- fixtures ----------------------------------------------------------

    @classmethod
    def make_person(cls, name):
        r = cls.srv.request("POST", "/v1/persons", {
            "iin": make_ident(next(_ident)), "full_name": name,
            "citizenship": "KZ", "org_id": cls.w.org, "position": "analyst"}, cls.so)
        assert r.status == 201, r
        return r.json["id"]

    @classmethod
    def make_user(cls, login, role, person):
        r = cls.srv.request("POST", "/v1/users", {
            "login": login, "password": PASSWORD, "roles": [role], "org_id": cls.w.org,
            "person_id": person}, cls.admin)
        assert r.status == 201, r
        return cls.srv.login(login)

    @classmethod
    def _missing(cls, r):
        return r.status in (404, 405) and r.error.get("code") in ("not_found",
                                                                  "method_not_allowed")

    @classmethod
    def _insert_record(cls, kind, parent, state, doc):
        """Fixture fallback while an endpoint is not there yet: a record
        written directly (WAL: safe beside the running server)."""
        rid = "%s_%s" % (kind, os.urandom(8).hex())
        doc = dict(doc, id=rid, state=state)
        conn = db_connect(cls.srv)
        try:
            conn.execute("INSERT INTO record(kind, id, org_id, parent_id, ref, state, doc)"
                         " VALUES (?, ?, ?, ?, '', ?, ?)",
                         (kind, rid, cls.w.org, parent, state, json.dumps(doc)))
        finally:
            conn.close()
        return rid

    @classmethod
    def clear(cls, person, form):
        """An active clearance through the API (Art. 29.1 steps), or, while
        those endpoints are missing, as a stored record."""
        srv, so, head = cls.srv, cls.so, cls.w.t("head")
        r = srv.request("POST", "/v1/persons/%s/clearances" % person, {"form": form}, so)
        if r.status == 201:
            cid = r.json["id"]
            r = srv.request("POST", "/v1/clearances/%s/prerequisites" % cid, {
                "commitment_on": "2025-01-10", "consent_restrictions_on": "2025-01-10",
                "consent_verification_on": "2025-01-10", "familiarized_on": "2025-01-11",
                "verification": "passed"}, so)
            if r.status == 200 or cls._missing(r):
                r = srv.request("POST", "/v1/clearances/%s/decision" % cid, {
                    "decision": "grant", "contract_number": "C-%s" % cid[-4:]}, head)
                if r.status == 200 and r.json.get("state") == "active":
                    return
        cls._insert_record("clearance", person, "active", {"person_id": person, "form": form})

    @classmethod
    def grant(cls, person, info):
        r = cls.srv.request("POST", "/v1/grants", {
            "person_id": person, "information_id": info, "until": "2029-12-31"}, cls.so)
        if r.status == 201:
            return
        cls._insert_record("grant", person, "active", {
            "person_id": person, "information_id": info, "from": "2024-01-01",
            "until": "2029-12-31"})

    def carrier(self):
        ContentTest.seq += 1
        r = self.req("POST", "/v1/carriers", {
            "org_id": self.w.org, "account_number": "E-%d" % self.seq, "kind": "electronic",
            "title": "Plan, electronic copy", "label": "top_secret",
            "information_ids": [self.info], "copies": 1, "sheets": 1}, self.so)
        self.assertEqual(r.status, 201, r)
        return r.json["id"]

    def put(self, carrier, data, token=None):
        return self.req("PUT", "/v1/carriers/%s/content" % carrier, raw=data,
                        token=token or self.so)

    def get(self, carrier, token=None):
        return self.req("GET", "/v1/carriers/%s/content" % carrier, token=token or self.reader)

    def put_stream(self, carrier, blocks, token=None, length=None):
        """PUT of a body produced block by block (chunked transfer encoding
        unless length is given). Returns (status, json or None)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.srv.port, timeout=300)
        try:
            conn.putrequest("PUT", "/v1/carriers/%s/content" % carrier)
            conn.putheader("Authorization", "Bearer " + (token or self.so))
            conn.putheader("Content-Type", "application/octet-stream")
            if length is None:
                conn.putheader("Transfer-Encoding", "chunked")
            else:
                conn.putheader("Content-Length", str(length))
            conn.endheaders()
            try:
                for b in blocks:
                    if length is None:
                        conn.send(b"%x\r\n" % len(b) + b + b"\r\n")
                    else:
                        conn.send(b)
                if length is None:
                    conn.send(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass   # answered before the body was read (413); read it below
            r = conn.getresponse()
            body = r.read()
            return r.status, (json.loads(body) if body else None)
        finally:
            conn.close()

    def get_stream(self, carrier, token=None):
        """GET read block by block: (status, sha256 hex, bytes, content type)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.srv.port, timeout=300)
        try:
            conn.request("GET", "/v1/carriers/%s/content" % carrier,
                         headers={"Authorization": "Bearer " + (token or self.reader)})
            r = conn.getresponse()
            h, n = hashlib.sha256(), 0
            while True:
                b = r.read(MiB)
                if not b:
                    break
                h.update(b)
                n += len(b)
            return r.status, h.hexdigest(), n, r.getheader("Content-Type")
        finally:
            conn.close()

    def audit(self):
        token, out, after = self.w.t("auditor"), [], None
        while True:
            path = "/v1/audit?limit=1000" + ("&after=%s" % after if after is not None else "")
            r = self.req("GET", path, token=token)
            self.assertEqual(r.status, 200, r)
            out.extend(r.json["items"])
            after = r.json.get("next")
            if after is None or not r.json["items"]:
                return out

    def scan_files(self, needle):
        """Files of the server's directory (database, -wal, -shm, key file,
        log) that contain needle."""
        found = []
        for name in sorted(os.listdir(self.srv.tmp)):
            path = os.path.join(self.srv.tmp, name)
            if not os.path.isfile(path):
                continue
            with open(path, "rb") as f:
                tail = b""
                while True:
                    b = f.read(8 * MiB)
                    if not b:
                        break
                    if needle in tail + b:
                        found.append(name)
                        break
                    tail = b[-len(needle):]
        return found

    # ---- tests ---------------------------------------------------------------

    def test_round_trip_5mib(self):
        c = self.carrier()
        data = os.urandom(5 * MiB + 123)
        r = self.put(c, data)
        self.assertEqual(r.status, 204, r)
        r = self.get(c)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.headers.get("Content-Type"), "application/octet-stream")
        # The label travels with granted content, for the reader's banner.
        self.assertEqual(r.headers.get("X-Qupiya-Label"), "top_secret")
        self.assertEqual(len(r.raw), len(data))
        self.assertEqual(hashlib.sha256(r.raw).hexdigest(), hashlib.sha256(data).hexdigest())
        # A new upload replaces the content.
        r = self.put(c, b"second version")
        self.assertEqual(r.status, 204, r)
        self.assertEqual(self.get(c).raw, b"second version")

    def test_small_sizes(self):
        c = self.carrier()
        for n in (0, 1, 65535, 65536, 65537, 3 * 65536):
            data = os.urandom(n)
            self.assertEqual(self.put(c, data).status, 204)
            r = self.get(c)
            self.assertEqual(r.status, 200, r)
            self.assertEqual(r.raw, data, n)

    def test_marker_never_on_disk(self):
        c = self.carrier()
        marker = b"QUPIYA-PLAINTEXT-MARKER-" + os.urandom(8).hex().encode()
        data = (marker + os.urandom(1000)) * 300 + marker
        self.assertEqual(self.put(c, data).status, 204)
        self.assertEqual(self.scan_files(marker), [])
        r = self.get(c)
        self.assertEqual(r.raw, data)
        self.assertEqual(self.scan_files(marker), [])
        # Nor in the audit log, which records the ciphertext's hash only.
        entries = self.audit()
        self.assertNotIn(marker.decode(), json.dumps(entries))
        self.assertNotIn(hashlib.sha256(data).hexdigest(), json.dumps(entries))

    def test_refused_read_422_audited(self):
        c = self.carrier()
        self.assertEqual(self.put(c, b"secret").status, 204)
        cases = [
            (self.admin, "clearance_insufficient", "29.2"),            # admin: no person
            (self.w.t("employee"), "clearance_insufficient", "29.2"),  # no person
            (self.nogrant, "no_need_to_know", "33.2"),
        ]
        for token, code, article in cases:
            r = self.get(c, token)
            self.assertError(r, 422, code, article=article)
            self.assertNotIn(b"secret", r.raw)
            self.assertIsNone(r.headers.get("X-Qupiya-Label"))  # nothing revealed
        refused = [e for e in self.audit() if e.get("object") == c and e["outcome"] == "refused"]
        self.assertEqual([e["code"] for e in refused],
                         ["clearance_insufficient", "clearance_insufficient", "no_need_to_know"])
        # A refusal answers the same whether content exists or not.
        c2 = self.carrier()
        self.assertError(self.get(c2, self.nogrant), 422, "no_need_to_know")

    def test_granted_read_audited(self):
        c = self.carrier()
        self.assertEqual(self.put(c, b"x" * 100000).status, 204)
        put = [e for e in self.audit() if e.get("object") == c
               and e["action"] == "carrier.content.put"]
        self.assertEqual(len(put), 1)
        self.assertEqual(put[0]["outcome"], "ok")
        self.assertEqual(put[0]["details"]["size"], 100000)
        self.assertEqual(self.get(c).status, 200)
        reads = [e for e in self.audit() if e.get("object") == c
                 and e["action"] == "carrier.content.read"]
        self.assertEqual(len(reads), 1)
        self.assertEqual(reads[0]["outcome"], "ok")
        me = self.req("GET", "/v1/me", token=self.reader)
        self.assertEqual(reads[0]["actor"], me.json["id"], me)
        self.assertEqual(reads[0]["details"]["ciphertext_sha256"],
                         put[0]["details"]["ciphertext_sha256"])

    def test_no_content_404_after_access_check(self):
        c = self.carrier()
        self.assertError(self.get(c), 404, "not_found")
        self.assertError(self.get(c, self.admin), 422, "clearance_insufficient")
        self.assertError(self.get("carrier_00000000000000ff"), 404, "not_found")

    def test_put_auth_and_scope(self):
        c = self.carrier()
        r = self.req("PUT", "/v1/carriers/%s/content" % c, raw=b"data")
        self.assertError(r, 401, "unauthenticated")
        self.assertError(self.put(c, b"data", self.w.t("head")), 403, "forbidden_role")
        self.assertError(self.put(c, b"data", self.admin), 403, "forbidden_role")
        self.assertError(self.put(c, b"data", self.w2.t("security_officer")), 403,
                         "forbidden_org")
        self.assertError(self.put("carrier_00000000000000ff", b"data"), 404, "not_found")
        # Nothing was stored by the refused uploads.
        self.assertError(self.get(c), 404, "not_found")
        self.assertEqual([e for e in self.audit() if e.get("object") == c
                          and e["action"] == "carrier.content.put"], [])
        # A refused upload of a large body is drained, and the connection
        # answers properly.
        status, body = self.put_stream(c, (b"z" * MiB for _ in range(8)),
                                       token=self.w.t("head"))
        self.assertEqual(status, 403)
        self.assertEqual(body["error"]["code"], "forbidden_role")

    def test_destroyed_carrier_409(self):
        c = self.carrier()
        r = self.req("POST", "/v1/carriers/%s/destroy" % c, {"act_number": "ACT-%s" % c[-4:]},
                     self.so)
        if r.status != 200:
            self.skipTest("carrier destroy not available: %r" % r)
        self.assertError(self.put(c, b"late"), 409, "invalid_state")

    def test_body_too_large(self):
        c = self.carrier()
        self.assertEqual(self.put(c, b"kept").status, 204)
        block = os.urandom(MiB)
        t0 = time.time()
        # Chunked: the server finds out while receiving.
        status, body = self.put_stream(c, (block for _ in range(LIMIT // MiB)))
        # exactly the limit is accepted...
        self.assertEqual(status, 204, body)
        self.assertEqual(self.get_stream(c)[2], LIMIT)
        # ...one byte more is not
        blocks = [block] * (LIMIT // MiB) + [b"!"]
        status, body = self.put_stream(c, iter(blocks))
        self.assertEqual(status, 400, body)
        self.assertEqual(body["error"]["code"], "body_too_large")
        # Declared length over the limit: refused before the body is read
        # (413 since issue 14; 400 after reading it all in 0.1.0).
        status, body = self.put_stream(c, iter(blocks), length=LIMIT + 1)
        self.assertEqual(status, 413, body)
        self.assertEqual(body["error"]["code"], "body_too_large")
        elapsed = time.time() - t0
        # The earlier content is untouched; the server still answers.
        status, _, n, _ = self.get_stream(c)
        self.assertEqual((status, n), (200, LIMIT))
        self.assertEqual(self.req("GET", "/v1/health").status, 200)
        self.assertLess(elapsed, 120)

    def test_memory_stays_flat(self):
        if server_is_asan(self.srv.proc.pid):
            self.skipTest("RSS is not meaningful under ASan")
        c = self.carrier()
        block = os.urandom(MiB)
        h = hashlib.sha256()
        for _ in range(100):
            h.update(block)
        status, body = self.put_stream(c, (block for _ in range(100)))
        self.assertEqual(status, 204, body)
        status, digest, n, ctype = self.get_stream(c)
        self.assertEqual((status, n, ctype), (200, 100 * MiB, "application/octet-stream"))
        self.assertEqual(digest, h.hexdigest())
        hwm = vm_hwm_kib(self.srv.proc.pid)
        self.assertLess(hwm, 150 * 1024, "server VmHWM %d KiB after a 100 MiB upload" % hwm)

    def test_tampered_chunk_fails_closed(self):
        c = self.carrier()
        data = os.urandom(3 * 65536 + 10)   # 4 chunks
        self.assertEqual(self.put(c, data).status, 204)
        conn = db_connect(self.srv)
        try:
            def flip(n):
                row = conn.execute("SELECT data FROM content_chunk WHERE carrier_id = ? AND n = ?",
                                   (c, n)).fetchone()
                b = bytearray(row[0])
                b[100] ^= 1
                conn.execute("UPDATE content_chunk SET data = ? WHERE carrier_id = ? AND n = ?",
                             (bytes(b), c, n))
                return bytes(row[0])
            # A damaged later chunk: the answer stops before it (short body).
            orig = flip(2)
            conn2 = http.client.HTTPConnection("127.0.0.1", self.srv.port, timeout=60)
            try:
                conn2.request("GET", "/v1/carriers/%s/content" % c,
                              headers={"Authorization": "Bearer " + self.reader})
                r = conn2.getresponse()
                self.assertEqual(r.status, 200)
                with self.assertRaises((http.client.IncompleteRead, ConnectionError)) as cm:
                    r.read()
                partial = getattr(cm.exception, "partial", b"")
                self.assertLessEqual(len(partial), 2 * 65536)
                self.assertEqual(partial, data[:len(partial)])
            finally:
                conn2.close()
            conn.execute("UPDATE content_chunk SET data = ? WHERE carrier_id = ? AND n = 2",
                         (orig, c))
            # A damaged first chunk: nothing at all, an error answer.
            flip(0)
            r = self.get(c)
            self.assertEqual(r.status, 500, r)
            self.assertNotIn(data[:64], r.raw)
        finally:
            conn.close()


if __name__ == "__main__":
    unittest.main()
