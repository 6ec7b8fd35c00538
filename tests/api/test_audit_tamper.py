#!/usr/bin/env python3
"""test_audit_tamper.py -- the audit log is tamper-evident, and provably so.

Part 1, through the API (auditor): GET /v1/audit gives the entries in order,
seq 0..n-1, each with its leaf hash SHA-256(0x00 || entry bytes) -- checked
against the bytes stored in the database; GET /v1/audit/proof and
/v1/audit/consistency give RFC 9162 proofs that this file verifies with its
own implementation (hashlib only: leaf = sha256(b"\\x00" + entry),
node = sha256(b"\\x01" + left + right)), against roots it computes itself
from the leaves; GET /v1/audit/head is signed (Ed25519, verified here with a
pure-Python RFC 8032 verifier) over "qupiya-sth-v1\\n<size>\\n<root>\\n<ms>\\n".

Part 2, behind the server's back (SPEC.md section 5: one row per entry in a
table whose name contains "audit"; here audit_entry(seq, entry, leaf)): the
server is stopped, a head is exported with `qupiya audit head --db F`, and on
copies of the database (PostgreSQL: databases made with it as TEMPLATE,
edited through psql)
  * one byte of one entry is changed -> `qupiya audit verify --db F` exits 1
    naming that entry; the byte restored -> exit 0;
  * a stored leaf hash, a middle entry deleted, two entries swapped -> exit 1
    naming the first bad entry;
  * the last entries deleted -> `verify --head head.json` exits 1 naming the
    first missing entry; also when the cut is "clean" (tree nodes, signed
    heads and the stored frontier rewritten to match the shorter log), which
    only the exported head can reveal.

Run standalone: QUPIYA_BIN=build/qupiya PYTHONPATH=tests/api python3 -B tests/api/test_audit_tamper.py
"""
import hashlib
import json
import os
import random
import re
import shutil
import sqlite3
import struct
import sys
import unittest

from qupiya_test import (PG_KEYS, Server, ServerTest, World, audit_entries, is_url, make_ident,
                         pg_drop_db, pg_literal, pg_sql, pg_url, run_cli)

SEED = int(os.environ.get("QUPIYA_TEST_SEED", random.randrange(1 << 30)))
ENTRY_KEYS = {"seq", "time", "effective_date", "actor", "action", "object", "outcome",
              "code", "article", "address", "clock", "details"}
STH_PREFIX = b"qupiya-sth-v1\n"

# ---- RFC 9162 (hashlib only) -------------------------------------------------


def sha(b):
    return hashlib.sha256(b).digest()


def leaf_hash(entry):
    return sha(b"\x00" + entry)


def node_hash(left, right):
    return sha(b"\x01" + left + right)


def mth(leaves):
    """RFC 9162 2.1.1: the root of the tree over these leaf hashes."""
    n = len(leaves)
    if n == 0:
        return sha(b"")
    if n == 1:
        return leaves[0]
    k = 1
    while k * 2 < n:
        k *= 2
    return node_hash(mth(leaves[:k]), mth(leaves[k:]))


def verify_inclusion(index, size, leaf, path, root):
    """RFC 9162 2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(first, second, first_root, second_root, path):
    """RFC 9162 2.1.4.2."""
    if first > second:
        return False
    if first == second:
        return not path and first_root == second_root
    if first == 0:
        return not path
    if not path:
        return False
    if first & (first - 1) == 0:
        path = [first_root] + list(path)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == first_root and sr == second_root and sn == 0


# ---- Ed25519 verification (RFC 8032 section 6, pure Python) ----------------------

_P = 2 ** 255 - 19
_L = 2 ** 252 + 27742317777372353535851937790883648493
_D = -121665 * pow(121666, _P - 2, _P) % _P
_I = pow(2, (_P - 1) // 4, _P)


def _recover_x(y, sign):
    if y >= _P:
        return None
    x2 = (y * y - 1) * pow(_D * y * y + 1, _P - 2, _P)
    if x2 % _P == 0:
        return None if sign else 0
    x = pow(x2, (_P + 3) // 8, _P)
    if (x * x - x2) % _P != 0:
        x = x * _I % _P
    if (x * x - x2) % _P != 0:
        return None
    if (x & 1) != sign:
        x = _P - x
    return x


def _add(p1, p2):
    a = (p1[1] - p1[0]) * (p2[1] - p2[0]) % _P
    b = (p1[1] + p1[0]) * (p2[1] + p2[0]) % _P
    c = 2 * p1[3] * p2[3] * _D % _P
    d = 2 * p1[2] * p2[2] % _P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % _P, g * h % _P, f * g % _P, e * h % _P)


def _mul(s, pt):
    q = (0, 1, 1, 0)
    while s > 0:
        if s & 1:
            q = _add(q, pt)
        pt = _add(pt, pt)
        s >>= 1
    return q


def _equal(p1, p2):
    return ((p1[0] * p2[2] - p2[0] * p1[2]) % _P == 0 and
            (p1[1] * p2[2] - p2[1] * p1[2]) % _P == 0)


def _decompress(s):
    if len(s) != 32:
        return None
    y = int.from_bytes(s, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    x = _recover_x(y, sign)
    return None if x is None else (x, y, 1, x * y % _P)


_GY = 4 * pow(5, _P - 2, _P) % _P
_G = (_recover_x(_GY, 0), _GY, 1, _recover_x(_GY, 0) * _GY % _P)


def ed25519_verify(public, msg, sig):
    if len(sig) != 64:
        return False
    a, r = _decompress(public), _decompress(sig[:32])
    s = int.from_bytes(sig[32:], "little")
    if a is None or r is None or s >= _L:
        return False
    h = int.from_bytes(hashlib.sha512(sig[:32] + public + msg).digest(), "little") % _L
    return _equal(_mul(s, _G), _add(r, _mul(h, a)))


def sth_verifies(head):
    msg = STH_PREFIX + ("%d\n%s\n%d\n" % (head["size"], head["root"], head["timestamp"])).encode()
    return ed25519_verify(bytes.fromhex(head["public_key"]), msg,
                          bytes.fromhex(head["signature"]))


# ---- helpers -----------------------------------------------------------------------


def as_bytes(v):
    return v if isinstance(v, bytes) else v.encode("utf-8")


def stored_entries(db_path):
    if is_url(db_path):   # PostgreSQL: through psql, leaves as hex
        rows = pg_sql("SELECT seq || chr(31) || entry || chr(31) || encode(leaf, 'hex')"
                      " || chr(30) FROM audit_entry ORDER BY seq", url=db_path)
        out = []
        for row in rows.split("\x1e"):
            row = row.strip("\n")
            if row:
                seq, e, leaf = row.split("\x1f")
                out.append((int(seq), e.encode("utf-8"), bytes.fromhex(leaf)))
        return out
    db = sqlite3.connect(db_path, timeout=30)
    try:
        return [(seq, as_bytes(e), as_bytes(l)) for seq, e, l in
                db.execute("SELECT seq, entry, leaf FROM audit_entry ORDER BY seq")]
    finally:
        db.close()


def populate(srv, w, n_orgs):
    """Writes of several kinds, failures included, so the log has variety."""
    admin, nsc = w.admin, w.t("nsc_officer")
    for i in range(n_orgs):
        r = srv.request("POST", "/v1/orgs", {"name": "\u0410\u0443\u0434\u0438\u0442 %d" % i,
                                             "bin": make_ident(900000 + i),
                                             "kind": "organization"}, token=admin)
        assert r.status == 201, r
        if i % 5 == 0:
            p = srv.request("POST", "/v1/orgs/%s/permits" % r.json["id"],
                            {"degree": "confidential", "number": "A-%d" % i,
                             "issued_on": "2025-01-01", "valid_until": "2027-01-01"},
                            token=nsc)
            assert p.status == 201, p
            assert srv.request("POST", "/v1/permits/%s/suspend" % p.json["id"], {},
                               token=nsc).status == 200
    srv.request("POST", "/v1/session", {"login": "admin", "password": "not the password"})
    r = srv.request("POST", "/v1/persons", {"iin": make_ident(910000), "full_name": "Q Q",
                                            "citizenship": "KZ", "org_id": w.org,
                                            "position": "auditor's friend"},
                    token=w.t("security_officer"))
    assert r.status == 201, r


class AuditApiTest(ServerTest):
    """The log as the auditor sees it, checked against the database."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.w = World(cls.srv)
        populate(cls.srv, cls.w, 40)
        cls.aud = cls.w.t("auditor")

    def stored(self):
        return stored_entries(self.srv.db)

    def test_entries_in_order_and_hashed(self):
        items = audit_entries(self.srv, self.aud, limit=7)
        rows = self.stored()
        n = len(rows)
        self.assertGreater(n, 60)
        self.assertEqual([e["seq"] for e in items], list(range(n)))
        self.assertEqual([r[0] for r in rows], list(range(n)))
        for item, (seq, entry, leaf) in zip(items, rows):
            self.assertEqual(set(item), ENTRY_KEYS | {"leaf_hash"}, item)
            self.assertEqual(leaf_hash(entry), leaf, seq)
            self.assertEqual(item["leaf_hash"], leaf.hex(), seq)
            stripped = dict(item)
            del stripped["leaf_hash"]
            self.assertEqual(json.loads(entry), stripped, seq)
            # canonical: sorted keys, compact, UTF-8
            self.assertEqual(json.dumps(json.loads(entry), sort_keys=True, ensure_ascii=False,
                                        separators=(",", ":")).encode(), entry, seq)
        # paging: after=k starts at k+1; the end says so
        r = self.req("GET", "/v1/audit?after=9&limit=3", token=self.aud)
        self.assertEqual([e["seq"] for e in r.json["items"]], [10, 11, 12])
        self.assertEqual(r.json["next"], "12")
        self.assertEqual(r.json["size"], n)
        r = self.req("GET", "/v1/audit?after=%d" % (n - 2), token=self.aud)
        self.assertEqual(([e["seq"] for e in r.json["items"]], r.json["next"]), ([n - 1], None))
        r = self.req("GET", "/v1/audit?after=%d" % (n + 5), token=self.aud)
        self.assertEqual((r.json["items"], r.json["next"]), ([], None))
        for q in ("limit=0", "limit=x", "after=-1", "limit=1001"):
            r = self.req("GET", "/v1/audit?" + q, token=self.aud)
            self.assertError(r, 400, field=q.split("=")[0])
        # what the entries say
        kinds = {(e["action"], e["outcome"]) for e in items}
        for k in [("org.create", "ok"), ("permit.create", "ok"), ("permit.suspend", "ok"),
                  ("person.create", "ok"), ("session.create", "ok"),
                  ("session.create", "failed"), ("user.create", "ok")]:
            self.assertIn(k, kinds)

    def test_inclusion_proofs(self):
        rows = self.stored()
        leaves = [r[2] for r in rows]
        n = len(leaves)
        rng = random.Random(SEED)
        sizes = sorted({1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, n - 1, n} &
                       set(range(1, n + 1)))
        checked = 0
        for size in sizes:
            root = mth(leaves[:size])
            for index in sorted({0, size - 1, size // 2, rng.randrange(size)}):
                with self.subTest(index=index, size=size):
                    r = self.req("GET", "/v1/audit/proof?index=%d&size=%d" % (index, size),
                                 token=self.aud)
                    self.assertEqual(r.status, 200, r)
                    p = r.json
                    self.assertEqual((p["index"], p["size"]), (index, size))
                    self.assertEqual(p["leaf_hash"], leaves[index].hex())
                    self.assertEqual(p["root"], root.hex())
                    path = [bytes.fromhex(h) for h in p["path"]]
                    self.assertTrue(verify_inclusion(index, size, leaf_hash(rows[index][1]),
                                                     path, root))
                    # the verifier is not a rubber stamp
                    if path:
                        bad = list(path)
                        bad[-1] = bytes([bad[-1][0] ^ 1]) + bad[-1][1:]
                        self.assertFalse(verify_inclusion(index, size, leaves[index], bad, root))
                        self.assertFalse(verify_inclusion(index, size, leaves[index], path[:-1],
                                                          root))
                    if size > 1:
                        other = (index + 1) % size
                        self.assertFalse(verify_inclusion(index, size, leaves[other], path,
                                                          root))
                    checked += 1
        self.assertGreater(checked, 40)
        # size defaults to the whole log
        r = self.req("GET", "/v1/audit/proof?index=3", token=self.aud)
        self.assertEqual((r.json["size"], r.json["root"]), (n, mth(leaves).hex()))
        for q, field in [("size=3", "index"), ("index=3&size=3", "index"),
                         ("index=0&size=%d" % (n + 1), "size"), ("index=0&size=0", "size"),
                         ("index=-1", "index"), ("index=abc", "index")]:
            with self.subTest(q=q):
                self.assertError(self.req("GET", "/v1/audit/proof?" + q, token=self.aud), 400,
                                 field=field)

    def test_consistency_proofs(self):
        leaves = [r[2] for r in self.stored()]
        n = len(leaves)
        pairs = [(1, 2), (1, n), (2, 3), (3, 7), (4, 8), (4, n), (5, 16), (7, 8), (8, 9),
                 (16, 33), (17, n), (n - 1, n), (n, n), (6, 6)]
        for first, size in pairs:
            with self.subTest(first=first, size=size):
                r = self.req("GET", "/v1/audit/consistency?first=%d&size=%d" % (first, size),
                             token=self.aud)
                self.assertEqual(r.status, 200, r)
                p = r.json
                old_root, root = mth(leaves[:first]), mth(leaves[:size])
                self.assertEqual((p["old_root"], p["root"]), (old_root.hex(), root.hex()))
                path = [bytes.fromhex(h) for h in p["path"]]
                self.assertTrue(verify_consistency(first, size, old_root, root, path))
                if first < size:
                    self.assertFalse(verify_consistency(first, size, old_root,
                                                        mth(leaves[1:size + 1]), path))

    def test_signed_head(self):
        leaves = [r[2] for r in self.stored()]
        r = self.req("GET", "/v1/audit/head", token=self.aud)
        self.assertEqual(r.status, 200, r)
        h = r.json
        self.assertEqual(set(h), {"size", "root", "timestamp", "signature", "public_key"})
        self.assertEqual(h["size"], len(leaves))
        self.assertEqual(h["root"], mth(leaves).hex())
        self.assertTrue(sth_verifies(h), h)
        for k, v in [("size", h["size"] - 1), ("root", mth(leaves[:-1]).hex()),
                     ("timestamp", h["timestamp"] + 1)]:
            self.assertFalse(sth_verifies(dict(h, **{k: v})), k)
        # later heads extend it (GET signs a read snapshot; it stores nothing)
        self.srv.request("POST", "/v1/orgs", {"name": "After head", "bin": make_ident(920000),
                                              "kind": "organization"}, token=self.w.admin)
        h2 = self.req("GET", "/v1/audit/head", token=self.aud).json
        self.assertEqual(h2["size"], h["size"] + 1)
        self.assertTrue(sth_verifies(h2))
        self.assertEqual(h2["public_key"], h["public_key"])
        p = self.req("GET", "/v1/audit/consistency?first=%d&size=%d" % (h["size"], h2["size"]),
                     token=self.aud).json
        self.assertTrue(verify_consistency(h["size"], h2["size"], bytes.fromhex(h["root"]),
                                           bytes.fromhex(h2["root"]),
                                           [bytes.fromhex(x) for x in p["path"]]))


class AuditTamperTest(unittest.TestCase):
    """`qupiya audit verify` on copies of a stopped server's database."""

    @classmethod
    def setUpClass(cls):
        print("test_audit_tamper: QUPIYA_TEST_SEED=%d" % SEED, file=sys.stderr)
        cls.srv = Server()
        cls.addClassCleanup(cls.srv.cleanup)
        cls.srv.start()
        try:
            w = World(cls.srv)
            populate(cls.srv, w, 30)
            cls.api_head = cls.srv.request("GET", "/v1/audit/head", token=w.t("auditor")).json
            for i in range(5):   # the log goes on after the head was taken
                r = cls.srv.request("POST", "/v1/orgs", {"name": "Later %d" % i,
                                                         "bin": make_ident(930000 + i),
                                                         "kind": "organization"}, token=w.admin)
                assert r.status == 201, r
        finally:
            rc = cls.srv.stop()
        assert rc == 0, cls.srv.read_log()[-3000:]
        p = run_cli("audit", "head", "--db", cls.srv.db)
        assert p.returncode == 0, p.stderr
        cls.head_path = os.path.join(cls.srv.tmp, "head.json")
        with open(cls.head_path, "w") as f:
            f.write(p.stdout)
        cls.head = json.loads(p.stdout)
        cls.api_head_path = os.path.join(cls.srv.tmp, "api-head.json")
        with open(cls.api_head_path, "w") as f:
            json.dump(cls.api_head, f)
        cls.n = len(stored_entries(cls.srv.db))
        cls.copies = 0

    @classmethod
    def tearDownClass(cls):
        cls.srv.cleanup()

    def copy(self):
        """A copy of the pristine database and its key file (PostgreSQL: a
        database made from it as template, served with the same keys)."""
        type(self).copies += 1
        if is_url(self.srv.db):
            src = self.srv.db.rsplit("/", 1)[1]
            name = "%s_c%d" % (src, self.copies)
            pg_sql("CREATE DATABASE %s TEMPLATE %s" % (name, src))
            url = pg_url(name)
            PG_KEYS[url] = self.srv.keys
            self.addCleanup(pg_drop_db, url)
            return url
        d = os.path.join(self.srv.tmp, "copy%d" % self.copies)
        os.mkdir(d)
        db = os.path.join(d, "q.db")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(self.srv.db + suffix):
                shutil.copy2(self.srv.db + suffix, db + suffix)
        # The keys directory (SPEC §4: beside the SQLite file by default).
        for name in ("audit-public.key", "audit-signing.key", "content-master.key"):
            shutil.copy2(os.path.join(self.srv.tmp, name), os.path.join(d, name))
        return db

    def edit(self, db, *statements):
        if is_url(db):   # one transaction through psql; bigint shifts by int
            text = "BEGIN;\n"
            for sql, args in statements:
                parts = sql.replace("<< level", "<< level::int").split("?")
                text += parts[0] + "".join(pg_literal(a) + q for a, q in zip(args, parts[1:]))
                text += ";\n"
            pg_sql(text + "COMMIT;", url=db)
            return
        conn = sqlite3.connect(db, timeout=30, isolation_level=None)
        try:
            conn.execute("BEGIN")
            for sql, args in statements:
                conn.execute(sql, args)
            conn.execute("COMMIT")
        finally:
            conn.close()

    def verify(self, db, head=None):
        args = ["audit", "verify", "--db", db] + (["--head", head] if head else [])
        p = run_cli(*args)
        return p.returncode, p.stdout + p.stderr

    def assertBroken(self, db, seq, head=None):
        rc, out = self.verify(db, head)
        self.assertEqual(rc, 1, out)
        m = re.search(r"\bentry (\d+)", out)
        self.assertIsNotNone(m, "no entry named: " + out)
        self.assertEqual(int(m.group(1)), seq, out)

    def test_pristine_log_verifies(self):
        self.assertEqual(self.head["size"], self.n)
        self.assertTrue(sth_verifies(self.head))
        self.assertEqual(self.head["public_key"], self.api_head["public_key"])
        self.assertEqual(self.api_head["size"], self.n - 5)
        self.assertTrue(sth_verifies(self.api_head))
        db = self.copy()
        for head in (None, self.head_path, self.api_head_path):
            rc, out = self.verify(db, head)
            self.assertEqual(rc, 0, out)
            self.assertIn("intact: %d entries" % self.n, out)

    def test_one_changed_byte_is_named_and_restoring_heals(self):
        rng = random.Random(SEED)
        db = self.copy()
        rows = stored_entries(db)
        for seq in sorted({self.n // 2, 1, self.n - 1, rng.randrange(self.n)}):
            with self.subTest(seq=seq):
                text = rows[seq][1]
                # an ASCII letter or digit (so the text stays valid UTF-8)
                # replaced by another letter
                pos = rng.choice([i for i, b in enumerate(text) if chr(b).isalnum()])
                new = b"x" if text[pos] != ord("x") else b"y"
                changed = text[:pos] + new + text[pos + 1:]
                self.assertEqual(sum(a != b for a, b in zip(text, changed)), 1)
                self.edit(db, ("UPDATE audit_entry SET entry = ? WHERE seq = ?",
                               (changed.decode(), seq)))
                self.assertBroken(db, seq)
                self.assertBroken(db, seq, self.head_path)
                self.edit(db, ("UPDATE audit_entry SET entry = ? WHERE seq = ?",
                               (text.decode(), seq)))
                rc, out = self.verify(db, self.head_path)
                self.assertEqual(rc, 0, out)

    def test_a_meaningful_edit_is_named(self):
        """Not a random byte: an outcome turned from failed into ok."""
        db = self.copy()
        rows = stored_entries(db)
        seq = next(s for s, e, _ in rows if b'"outcome":"failed"' in e)
        text = rows[seq][1].replace(b'"outcome":"failed"', b'"outcome":"filed!"')
        self.edit(db, ("UPDATE audit_entry SET entry = ? WHERE seq = ?", (text.decode(), seq)))
        self.assertBroken(db, seq)

    def test_changed_leaf_hash_is_named(self):
        db = self.copy()
        seq = self.n // 3
        leaf = stored_entries(db)[seq][2]
        self.edit(db, ("UPDATE audit_entry SET leaf = ? WHERE seq = ?",
                       (bytes([leaf[0] ^ 0x80]) + leaf[1:], seq)))
        self.assertBroken(db, seq)

    def test_deleted_middle_entry_is_named(self):
        db = self.copy()
        seq = self.n // 2
        self.edit(db, ("DELETE FROM audit_entry WHERE seq = ?", (seq,)))
        self.assertBroken(db, seq)

    def test_swapped_entries_are_named(self):
        db = self.copy()
        rows = stored_entries(db)
        a, b = 5, 9
        self.edit(db,
                  ("UPDATE audit_entry SET entry = ?, leaf = ? WHERE seq = ?",
                   (rows[b][1].decode(), rows[b][2], a)),
                  ("UPDATE audit_entry SET entry = ?, leaf = ? WHERE seq = ?",
                   (rows[a][1].decode(), rows[a][2], b)))
        self.assertBroken(db, a)

    def test_cut_tail_is_named_against_the_exported_head(self):
        db = self.copy()
        cut = self.n - 3
        self.edit(db, ("DELETE FROM audit_entry WHERE seq >= ?", (cut,)))
        self.assertBroken(db, cut, self.head_path)
        self.assertEqual(self.verify(db)[0], 1)

    def test_clean_cut_needs_the_exported_head(self):
        """Entries removed from the end with everything else rewritten to
        match (tree nodes, signed heads, the stored frontier): the database
        alone looks like a shorter, intact log -- the head kept outside is
        what reveals the cut."""
        db = self.copy()
        cut = self.n - 3
        leaves = [r[2] for r in stored_entries(db)][:cut]
        # the frontier of `cut` leaves: 8-byte big-endian size, then the
        # roots of its perfect subtrees, largest first
        frontier, start = [], 0
        for bit in reversed(range(64)):
            if cut & (1 << bit):
                frontier.append(mth(leaves[start:start + (1 << bit)]))
                start += 1 << bit
        state = struct.pack(">Q", cut) + b"".join(frontier)
        self.edit(db,
                  ("DELETE FROM audit_entry WHERE seq >= ?", (cut,)),
                  ("DELETE FROM audit_node WHERE ((idx + 1) << level) > ?", (cut,)),
                  ("DELETE FROM audit_sth WHERE size > ?", (cut,)),
                  ("UPDATE audit_state SET state = ? WHERE id = 1", (state,)))
        rc, out = self.verify(db)
        self.assertEqual(rc, 0, "a clean cut should look intact without a head: " + out)
        self.assertIn("intact: %d entries" % cut, out)
        self.assertBroken(db, cut, self.head_path)
        # a head taken before the cut point is still consistent with it
        self.assertLess(self.api_head["size"], cut)
        rc, out = self.verify(db, self.api_head_path)
        self.assertEqual(rc, 0, out)


if __name__ == "__main__":
    unittest.main()
