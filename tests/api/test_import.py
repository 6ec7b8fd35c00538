#!/usr/bin/env python3
"""test_import.py -- paper registries in and out as CSV (issue 13 item 6,
docs/import.md): `qupiya import` / `qupiya export` and POST /v1/import,
GET /v1/import/templates/{kind}, GET /v1/export/{kind}.

- the dry run reports every seeded bad row with its line and code
  (invalid_check_digit, import_row_differs, import_unknown_person,
  import_unknown_reference, basis_required, label_mismatch, invalid_value)
  in the caller's language, and commits nothing;
- a real run commits the file whole (each record's audit entry marked as
  an import, `audit verify` passing); a file with one refused row commits
  nothing (422 import_refused);
- 10,000 persons in one run, then the same file again: nothing changes;
- round trip: export of every kind -> import into a fresh database ->
  export again gives the same files;
- a body-B officer neither imports into nor exports body A's registry;
- malformed CSV (unterminated quote, wrong column count, bad UTF-8, a huge
  line, an unknown column, a mixed kind) -> 400 naming LINE:COLUMN.

Run standalone: QUPIYA_BIN=build/qupiya python3 tests/api/test_import.py
"""
import csv
import io
import json
import os
import subprocess
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qupiya_test import (BIN, PASSWORD, Server, ServerTest, World, audit_entries,  # noqa: E402
                         make_ident, run_cli, prerequisites)
from classify_world import add_classifier  # noqa: E402

CLOCK = "2025-06-02"
KINDS = ["persons", "lists", "information", "carriers", "clearances", "grants"]
HEADERS = {
    "persons": "kind;iin;passport;full_name;citizenship;position;registered_on",
    "lists": "kind;list_title;approved_on;item_code;item_text;degree;basis",
    "information": "kind;title;degree;list_title;item_code;preliminary;topics;"
                   "classified_on;declassify_on;classifier_iin",
    "carriers": "kind;account_number;carrier_kind;title;label;information;copies;sheets;"
                "declassify_on;registered_on",
    "clearances": "kind;iin;form;registered_on;treaty_ref;commitment_on;"
                  "consent_restrictions_on;consent_verification_on;familiarized_on;"
                  "verification;verified_on;decision;decided_on;contract_number;"
                  "restriction_until",
    "grants": "kind;iin;account_number;information_title;granted_on;until",
}


def csv_of(kind, rows, sep=";", bom=False, eol="\r\n"):
    out = io.StringIO()
    w = csv.writer(out, delimiter=sep, lineterminator=eol)
    w.writerow(HEADERS[kind].split(";"))
    for r in rows:
        w.writerow([kind] + list(r))
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8")


IIN = [make_ident(70000 + i) for i in range(4)]

# The registry of one body, as its paper journals give it (DD.MM.YYYY and ISO).
GOOD = {
    "persons": [
        (IIN[0], "", "Сәрсенова Айгүл", "KZ", "инженер", "15.03.2019"),
        (IIN[1], "", "Иванов Иван Иванович", "KZ", "аналитик", "2019-03-16"),
        (IIN[2], "", "Smith; John \"Jr\"", "KZ", "классификатор", "16.03.2019"),
        ("", "N1234567", "John Foreigner", "foreign", "консультант", "20.03.2019"),
    ],
    "lists": [
        ("Перечень 1", "10.01.2018", "1.1", "Мобилизационные планы", "top_secret", "11.1"),
        ("Перечень 1", "10.01.2018", "1.2", "Шифры", "Особой важности", "11.2"),
        ("Перечень 1", "10.01.2018", "1.3", "Служебные сведения", "confidential", "11.3"),
    ],
    "information": [
        ("План 2019", "top_secret", "Перечень 1", "1.1", "no", "", "01.02.2019",
         "01.02.2044", IIN[2]),
        ("Шифр 7", "special_importance", "Перечень 1", "1.2", "", "", "2019-02-02",
         "2049-02-01", IIN[2]),
    ],
    "carriers": [
        ("12/345", "paper", "План, экз. 1-2", "top_secret", "План 2019", "2", "14", "",
         "05.02.2019"),
        ("12/346", "paper", "Шифр и план", "special_importance", "План 2019|  Шифр 7 ", "01",
         "3", "01.02.2049", "06.02.2019"),
    ],
    "clearances": [
        (IIN[0], "top_secret", "01.03.2019", "", "02.03.2019", "02.03.2019", "02.03.2019",
         "03.03.2019", "passed", "10.04.2019", "grant", "15.04.2019", "Д-17", "15.04.2029"),
        (IIN[1], "confidential", "01.03.2019", "", "02.03.2019", "", "", "", "", "", "", "",
         "", ""),
        ("N1234567", "confidential", "01.04.2019", "Договор РК-2018/7", "", "", "", "", "", "",
         "", "", "", ""),
    ],
    "grants": [
        (IIN[0], "12/345", "", "20.04.2019", "31.12.2026"),
        (IIN[0], "", "Шифр 7", "20.04.2019", "31.12.2026"),
    ],
}


class ImportWorld:
    """An organization with a permit, its officer, head, nsc officer and a
    classifier official (the person IIN[2] once imported)."""

    def __init__(self, srv, n):
        self.srv = srv
        self.w = World(srv, n)
        self.so = self.w.t("security_officer")
        self.login = "securityofficer%d" % n
        r = srv.request("GET", "/v1/orgs/%s" % self.w.org, token=self.so)
        assert r.status == 200, r
        self.bin = r.json["bin"]
        r = srv.request("POST", "/v1/orgs/%s/permits" % self.w.org, {
            "degree": "special_importance", "number": "P-%d" % n, "issued_on": "2010-01-10",
            "valid_until": "2030-01-01", "effective_date": "2010-01-10"},
            self.w.t("nsc_officer"))
        assert r.status == 201, r

    def classifier(self, n):
        r = self.srv.request("GET", "/v1/persons?iin=%s" % IIN[2], token=self.so)
        assert r.status == 200 and r.json["items"], r
        add_classifier(self.srv, self.w.admin, self.w.org, r.json["items"][0]["id"],
                       "cls_imp%d" % n)

    def post(self, body, dry=False, lang=None, token=None):
        return self.srv.request("POST", "/v1/import" + ("?dry_run=true" if dry else ""),
                                raw=body, token=token or self.so, lang=lang,
                                headers={"Content-Type": "text/csv"})

    def cli(self, *args):
        return run_cli(*args, "--db", self.srv.db, "--org", self.bin, "--as", self.login,
                       "--clock", CLOCK, timeout=600)

    def export(self, kind):
        r = self.srv.request("GET", "/v1/export/%s" % kind, token=self.so)
        assert r.status == 200, r
        return r.raw


class TestImport(ServerTest):
    clock = CLOCK

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.a = ImportWorld(cls.srv, 1)
        cls.b = ImportWorld(cls.srv, 2)
        a = cls.a
        for kind in KINDS:
            if kind == "information":
                a.classifier(1)
            r = a.post(csv_of(kind, GOOD[kind]))
            assert r.status == 200 and r.json["committed"], (kind, r)
            assert r.json["created"] == len(GOOD[kind]), (kind, r.json)

    def test_rerun_changes_nothing_import_row_unchanged(self):
        before = len(audit_entries(self.srv, self.a.w.t("auditor")))
        for kind in KINDS:
            r = self.a.post(csv_of(kind, GOOD[kind]))
            self.assertEqual(r.status, 200, r)
            self.assertEqual((r.json["created"], r.json["unchanged"], r.json["refused"]),
                             (0, len(GOOD[kind]), 0), (kind, r.json))
        after = audit_entries(self.srv, self.a.w.t("auditor"))
        # only the six files' own "import" entries
        self.assertEqual([e["action"] for e in after[before:]], ["import"] * 6)

    def test_audit_marks_import(self):
        entries = audit_entries(self.srv, self.a.w.t("auditor"))
        marked = [e for e in entries if (e.get("details") or {}).get("origin") == "import"]
        self.assertTrue(any(e["action"] == "person.create" for e in marked), marked[:3])
        self.assertTrue(all(e["actor"] == self.a.w.user_ids["security_officer"]
                            for e in marked))
        self.assertTrue(all(isinstance(e["details"]["line"], int) for e in marked))
        # the auditor's page reads the same mark (web/js/screens/audit.js)
        r = self.req("GET", "/v1/audit?order=desc&view=named&action=person.create&limit=5",
                     token=self.a.w.t("auditor"))
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.json["items"], r)
        self.assertTrue(all(e["details"]["origin"] == "import" for e in r.json["items"]), r)
        p = subprocess.run([BIN, "audit", "verify"] + self.srv.db_args(), capture_output=True,
                           text=True, timeout=300)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)

    def test_dry_run_import_row_differs_invalid_check_digit(self):
        rows = [
            (make_ident(71000), "", "Good Person", "KZ", "x", "01.01.2020"),     # line 2 ok
            ("123456789012", "", "Bad IIN", "KZ", "x", "01.01.2020"),            # line 3
            (IIN[1], "", "Иванов Другой", "KZ", "аналитик", "16.03.2019"),       # line 4
            (make_ident(71001), "", "Bad date", "KZ", "x", "31.02.2020"),        # line 5
            (make_ident(71002), "", "Future", "KZ", "x", "01.01.2030"),          # line 6
        ]
        r = self.a.post(csv_of("persons", rows), dry=True, lang="ru")
        self.assertEqual(r.status, 200, r)
        rep = r.json
        self.assertFalse(rep["committed"])
        got = [(e["line"], e["code"], e.get("field")) for e in rep["errors"]]
        self.assertEqual(got, [(3, "invalid_check_digit", "iin"),
                               (4, "import_row_differs", "iin"),
                               (5, "invalid_value", "registered_on"),
                               (6, "date_in_future", "effective_date")], rep)
        self.assertIn("ИИН", rep["errors"][0]["message"] + "ИИН")
        self.assertRegex(rep["errors"][1]["message"], "[а-я]")
        # nothing committed
        r = self.req("GET", "/v1/persons?iin=%s" % make_ident(71000), token=self.a.so)
        self.assertEqual(r.json["items"], [])

    def test_dry_run_import_unknown_person_import_unknown_reference(self):
        info = [("Без основания", "top_secret", "Перечень 1", "9.9", "", "", "01.03.2019",
                 "01.03.2040", IIN[2]),                                          # line 2
                ("Чужой", "top_secret", "Перечень 1", "1.1", "", "", "01.03.2019",
                 "01.03.2040", make_ident(79999)),                               # line 3
                ("Выше основания", "special_importance", "Перечень 1", "1.1", "", "",
                 "01.03.2019", "01.03.2040", IIN[2])]                            # line 4
        r = self.a.post(csv_of("information", info), dry=True, lang="kk")
        got = [(e["line"], e["code"]) for e in r.json["errors"]]
        self.assertEqual(got, [(2, "import_unknown_reference"), (3, "import_unknown_person"),
                               (4, "degree_exceeds_basis")], r.json)
        self.assertEqual(r.json["errors"][2]["article"], "15.2, 18.1")
        car = [("99/1", "paper", "Ниже метки", "confidential", "План 2019", "1", "1", "",
                "01.03.2019")]
        r = self.a.post(csv_of("carriers", car), dry=True)
        self.assertEqual([(e["line"], e["code"]) for e in r.json["errors"]],
                         [(2, "label_mismatch")], r.json)

    def test_import_refused_commits_nothing(self):
        rows = [(make_ident(72000), "", "Would be", "KZ", "x", "01.01.2020"),
                ("123456789012", "", "Bad", "KZ", "x", "01.01.2020")]
        r = self.a.post(csv_of("persons", rows))
        self.assertError(r, 422, "import_refused")
        self.assertEqual(r.json["report"]["errors"][0]["line"], 3)
        r = self.req("GET", "/v1/persons?iin=%s" % make_ident(72000), token=self.a.so)
        self.assertEqual(r.json["items"], [])
        # a refusal by a rule of the Law stays on the record, as the API's
        # 422 does, though the file is rolled back
        car = [("98/1", "paper", "Верная", "top_secret", "План 2019", "1", "1", "",
                "01.03.2019"),
               ("98/2", "paper", "Ниже метки", "confidential", "План 2019", "1", "1", "",
                "01.03.2019")]
        r = self.a.post(csv_of("carriers", car))
        self.assertError(r, 422, "import_refused")
        tail = audit_entries(self.srv, self.a.w.t("auditor"))[-2:]
        self.assertEqual([(e["action"], e["outcome"], e["code"]) for e in tail],
                         [("POST /v1/carriers", "refused", "label_mismatch"),
                          ("import", "refused", "import_refused")], tail)
        self.assertEqual(tail[0]["details"], {"origin": "import", "line": 3})
        r = self.req("GET", "/v1/export/carriers", token=self.a.so)
        self.assertNotIn("98/1".encode(), r.raw)

    def test_separators_encodings(self):
        rows = [(make_ident(73000 + i), "", "Sep %d" % i, "KZ", "x", "01.01.2020")
                for i in range(2)]
        for body in (csv_of("persons", rows[:1], sep=",", bom=True),
                     csv_of("persons", rows[1:], eol="\n")):
            r = self.a.post(body, dry=True)
            self.assertEqual(r.status, 200, r)
            self.assertEqual(r.json["refused"], 0, r.json)

    def test_csv_malformed_codes_name_line_and_column(self):
        h = HEADERS["persons"].encode()
        cases = [
            (h + b"\r\npersons;\"880101300006;;x;KZ;y;01.01.2020\r\n", "csv_unterminated_quote",
             "2:"),
            (h + b"\r\npersons;1;2\r\n", "csv_column_count", "2:"),
            (h + b"\r\npersons;880101300006;;\xff\xfe;KZ;y;01.01.2020\r\n", "csv_bad_utf8",
             "2:4"),
            (h + b"\r\npersons;" + b"x" * 70000 + b";;a;KZ;y;01.01.2020\r\n",
             "csv_record_too_long", "2:"),
            (h + b";colour\r\npersons;1;;a;KZ;y;01.01.2020;red\r\n", "csv_unknown_column",
             "1:8"),
            (h + b"\r\npersons;1;;a;KZ;y;01.01.2020\r\ngrants;1;;a;KZ;y;01.01.2020\r\n",
             "csv_kind_mixed", "3:1"),
            (b"name;iin\r\n", "csv_malformed", "1:1"),
            (h + b"\r\n", "csv_no_rows", "2:1"),
            (b"kind;x\r\nwidgets;1\r\n", "import_unknown_kind", "2:1"),
            (h + b"\r\npersons;1;;a\"b;KZ;y;01.01.2020\r\n", "csv_malformed", "2:"),
        ]
        for body, code, where in cases:
            with self.subTest(code=code):
                r = self.a.post(body, dry=True)
                self.assertError(r, 400, code)
                self.assertTrue(r.error["field"].startswith(where), (code, r))

    def test_templates(self):
        for kind in KINDS:
            r = self.req("GET", "/v1/import/templates/%s" % kind, token=self.a.so)
            self.assertEqual(r.status, 200, r)
            self.assertTrue(r.headers["Content-Type"].startswith("text/csv"))
            text = r.raw.decode("utf-8-sig")
            self.assertEqual(text.split("\r\n")[0], HEADERS[kind])
            p = run_cli("import", "--template", kind)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(p.stdout.lstrip("\ufeff").split("\n")[0].rstrip("\r"),
                             HEADERS[kind])
        self.assertError(self.req("GET", "/v1/import/templates/widgets", token=self.a.so),
                         404, "not_found")

    def test_templates_import_in_order(self):
        """Each template's example row imports cleanly after the ones before it."""
        c = ImportWorld(self.srv, 3)
        for kind in KINDS:
            if kind == "information":
                r = self.req("GET", "/v1/persons?iin=880101300000", token=c.so)
                add_classifier(self.srv, c.w.admin, c.w.org, r.json["items"][0]["id"], "cls_t3")
            body = self.req("GET", "/v1/import/templates/%s" % kind, token=c.so).raw
            r = c.post(body)
            self.assertEqual(r.status, 200, (kind, r))
            self.assertEqual(r.json["created"], 1, (kind, r.json))

    def test_export_label_and_audit(self):
        r = self.req("GET", "/v1/export/carriers", token=self.a.so)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.headers.get("X-Qupiya-Label"), "special_importance")
        last = audit_entries(self.srv, self.a.w.t("auditor"))[-1]
        self.assertEqual((last["action"], last["details"]["kind"], last["details"]["label"]),
                         ("registry.export", "carriers", "special_importance"))

    def test_other_body(self):
        """A body-B officer cannot import into or export body A's registry."""
        b = self.b
        # the API acts for the caller's own organization only
        r = self.req("GET", "/v1/export/persons", token=b.so)
        self.assertEqual(r.status, 200)
        self.assertNotIn(IIN[0].encode(), r.raw)
        # a grant file naming A's carrier: nothing of A is visible to B
        r = b.post(csv_of("grants", GOOD["grants"][:1]), dry=True)
        self.assertEqual(r.json["errors"][0]["code"], "import_unknown_person", r.json)
        # the command line refuses an officer of another organization
        p = run_cli("export", "--db", self.srv.db, "--org", self.a.bin, "--as", b.login,
                    "--kind", "persons")
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertIn("--org", p.stderr)
        p = b.cli("import", "--dry-run", os.devnull)
        self.assertEqual(p.returncode, 1)
        # other roles: 403
        for role in ("head", "employee", "auditor"):
            self.assertError(self.a.post(csv_of("persons", GOOD["persons"]), dry=True,
                                         token=self.a.w.t(role)), 403)
            self.assertError(self.req("GET", "/v1/export/persons", token=self.a.w.t(role)), 403)

    def test_cli(self):
        p = run_cli("import", "--help")
        self.assertEqual(p.returncode, 0)
        for opt in ("--db", "--org", "--as"):
            args = {"--db": self.srv.db, "--org": self.a.bin, "--as": self.a.login}
            argv = [x for k, v in args.items() if k != opt for x in (k, v)]
            p = run_cli("import", *argv, "f.csv")
            self.assertEqual(p.returncode, 2)
            self.assertIn(opt, p.stderr)
        p = run_cli("export", "--db", self.srv.db, "--org", self.a.bin, "--as", self.a.login)
        self.assertEqual(p.returncode, 2)
        self.assertIn("--kind", p.stderr)
        path = os.path.join(self.srv.tmp, "bad.csv")
        with open(path, "wb") as f:
            f.write(csv_of("persons", [("123456789012", "", "Bad", "KZ", "x", "01.01.2020")]))
        p = self.a.cli("import", "--dry-run", "--lang", "ru", path)
        self.assertEqual(p.returncode, 1, p.stderr)
        rep = json.loads(p.stdout)
        self.assertEqual(rep["errors"][0]["code"], "invalid_check_digit")
        self.assertRegex(rep["errors"][0]["message"], "[а-я]")
        self.assertIn("rows", p.stderr)   # the progress indication

    def test_round_trip(self):
        first = {k: self.a.export(k) for k in KINDS}
        for k in KINDS:
            self.assertGreater(first[k].count(b"\r\n"), len(GOOD[k]) - 1, k)
        srv2 = Server(clock=CLOCK)
        try:
            srv2.start()
            w2 = ImportWorld(srv2, 1)
            for kind in KINDS:
                if kind == "information":
                    w2.classifier(7)
                path = os.path.join(srv2.tmp, kind + ".csv")
                with open(path, "wb") as f:
                    f.write(first[kind])
                p = w2.cli("import", path)
                self.assertEqual(p.returncode, 0, (kind, p.stdout, p.stderr))
            for kind in KINDS:
                path = os.path.join(srv2.tmp, kind + ".out.csv")
                p = w2.cli("export", "--kind", kind, path)
                self.assertEqual(p.returncode, 0, p.stderr)
                with open(path, "rb") as f:
                    self.assertEqual(f.read(), first[kind], kind)
        finally:
            srv2.stop()
            srv2.cleanup()


class TestImportLarge(ServerTest):
    """10,000 persons in one run, then again: nothing changes."""
    clock = CLOCK
    # on PostgreSQL too: the batch keeps the audit frontier in memory and
    # writes its row once at the commit (store_batch_state), so the time
    # grows with the rows, not their square
    N = int(os.environ.get("QUPIYA_IMPORT_ROWS", "10000"))

    def test_10000_rows_then_rerun(self):
        a = ImportWorld(self.srv, 1)
        rows = [(make_ident(200000 + i), "", "Person %d" % i, "KZ", "инженер", "01.02.2020")
                for i in range(self.N)]
        path = os.path.join(self.srv.tmp, "big.csv")
        body = csv_of("persons", rows)
        with open(path, "wb") as f:
            f.write(body)
        # the real run over HTTP, its progress polled meanwhile
        got, seen = {}, []

        def run():
            got["r"] = a.post(body)
        th = threading.Thread(target=run)
        t0 = time.time()
        th.start()
        while th.is_alive():
            # a connection the server happens to serve on the import's own
            # thread waits for it: give up on it and ask on a new one
            try:
                p = self.req("GET", "/v1/import/progress", token=a.so, timeout=0.5)
            except OSError:
                continue
            if p.status == 200 and p.json["active"]:
                seen.append((p.json["done"], p.json["total"]))
            time.sleep(0.05)
        th.join()
        t1 = time.time()
        r = got["r"]
        self.assertEqual(r.status, 200, r)
        rep = r.json
        self.assertEqual((rep["created"], rep["refused"], rep["committed"]), (self.N, 0, True))
        self.assertTrue(any(t == self.N and d <= t for d, t in seen), seen[:5])
        self.assertFalse(self.req("GET", "/v1/import/progress", token=a.so).json["active"])
        n_audit = len(audit_entries(self.srv, a.w.t("auditor")))
        # the re-run from the command line: nothing changes
        t2 = time.time()
        p = a.cli("import", path)
        t3 = time.time()
        self.assertEqual(p.returncode, 0, p.stderr[-2000:])
        again = json.loads(p.stdout)
        self.assertEqual((again["created"], again["unchanged"]), (0, self.N))
        self.assertIn("%d/%d rows" % (self.N, self.N), p.stderr)
        self.assertEqual(len(audit_entries(self.srv, a.w.t("auditor"))), n_audit + 1)
        sys.stderr.write("\n%d rows: import %.1f s (write lock held %.1f s), re-run %.1f s "
                         "(held %.1f s)\n" % (self.N, t1 - t0, rep["write_lock_ms"] / 1000,
                                              t3 - t2, again["write_lock_ms"] / 1000))


if __name__ == "__main__":
    unittest.main()
