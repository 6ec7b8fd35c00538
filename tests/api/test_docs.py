#!/usr/bin/env python3
"""test_docs.py -- the documentation matches the code.

What it checks
    - every route in the route tables of src/http/h_*.c (lines such as
      {"POST", "/v1/orgs/{}/permits", ...}) is in docs/openapi.yaml with
      its method, and every path and method in openapi exists in the code
      ("{}" in the code matches any "{name}" in openapi);
    - every message code in data/messages/en.json is in ru.json and kk.json
      with a non-empty text that differs from the English one, and the
      three catalogues have the same codes;
    - README.md contains "make run" and "make test";
    - docs/qupiya.1 documents every command main.c dispatches;
    - `qupiya --help` mentions every command (only when QUPIYA_BIN is set).

    No server is needed.  Run standalone:
        python3 tests/api/test_docs.py
    Exit status is non-zero on failure.

Environment
    QUPIYA_SRC   repository root (default: two directories up from this file)
    QUPIYA_BIN   the built qupiya program (optional; set by ctest)

Python 3 standard library only: openapi.yaml is read with a small reader
of its "paths:" section (path keys at two spaces, methods at four), not a
YAML library.
"""

import glob
import json
import os
import re
import subprocess
import unittest

SRC = os.path.abspath(os.environ.get(
    "QUPIYA_SRC",
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")))
BIN = os.environ.get("QUPIYA_BIN")

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")

# {"POST", "/v1/orgs/{}/permits", ROLE_..., 0, h_permit_create},
ROUTE_LINE = re.compile(r'^\s*\{\s*"([A-Z]+)"\s*,\s*"(/[^"]*)"\s*,')
# strcmp(cmd, "serve") == 0 in main.c
COMMAND = re.compile(r'strcmp\(cmd,\s*"([a-z]+)"\)\s*==\s*0')


def read(*parts):
    with open(os.path.join(SRC, *parts), encoding="utf-8") as f:
        return f.read()


def normalize(path):
    """/v1/orgs/{id}/permits and /v1/orgs/{}/permits -> /v1/orgs/{}/permits."""
    return re.sub(r"\{[^}/]*\}", "{}", path)


def code_routes():
    """{(METHOD, normalized path)} from every route table in src/http."""
    routes = set()
    files = sorted(glob.glob(os.path.join(SRC, "src", "http", "h_*.c")))
    for fn in files:
        with open(fn, encoding="utf-8") as f:
            for line in f:
                m = ROUTE_LINE.match(line)
                if m:
                    routes.add((m.group(1), normalize(m.group(2))))
    return files, routes


def openapi_routes(text):
    """{(METHOD, normalized path)} from the paths: section of openapi.yaml."""
    routes = set()
    in_paths = False
    path = None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith(" "):
            in_paths = line.rstrip() == "paths:"
            path = None
            continue
        if not in_paths:
            continue
        m = re.match(r"^  (['\"]?)(/[^'\":]*)\1:\s*$", line)
        if m:
            path = normalize(m.group(2))
            continue
        m = re.match(r"^    ([a-z]+):", line)
        if m and path is not None and m.group(1) in HTTP_METHODS:
            routes.add((m.group(1).upper(), path))
    return routes


class TestOpenAPI(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.files, cls.code = code_routes()
        cls.text = read("docs", "openapi.yaml")
        cls.doc = openapi_routes(cls.text)

    def test_route_tables_found(self):
        self.assertTrue(self.files, "no src/http/h_*.c")
        self.assertIn(("GET", "/v1/health"), self.code)

    def test_openapi_version(self):
        self.assertRegex(self.text, r"(?m)^openapi: 3\.0\.\d+\s*$")

    def test_every_route_documented(self):
        missing = sorted(self.code - self.doc)
        self.assertEqual(missing, [], "routes in src/http/h_*.c missing in docs/openapi.yaml")

    def test_every_documented_route_exists(self):
        extra = sorted(self.doc - self.code)
        self.assertEqual(extra, [], "docs/openapi.yaml lists routes the code does not have")

    def test_parses_as_yaml_when_possible(self):
        try:
            import yaml  # not in the standard library; used only when present
        except ImportError:
            self.skipTest("PyYAML not installed")
        doc = yaml.safe_load(self.text)
        self.assertTrue(str(doc["openapi"]).startswith("3.0."))
        got = {(m.upper(), normalize(p)) for p, ops in doc["paths"].items()
               for m in ops if m in HTTP_METHODS}
        self.assertEqual(got, self.doc, "the line reader and YAML disagree")


class TestMessages(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cat = {lang: json.loads(read("data", "messages", lang + ".json"))
                   for lang in ("en", "ru", "kk")}

    def test_same_codes(self):
        en = set(self.cat["en"])
        self.assertTrue(en, "en.json is empty")
        for lang in ("ru", "kk"):
            self.assertEqual(sorted(en - set(self.cat[lang])), [],
                             "codes of en.json missing in %s.json" % lang)
            self.assertEqual(sorted(set(self.cat[lang]) - en), [],
                             "codes of %s.json missing in en.json" % lang)

    def test_translated(self):
        for code, en in self.cat["en"].items():
            self.assertIsInstance(en, str, code)
            self.assertTrue(en.strip(), "en.json: empty text for %s" % code)
            for lang in ("ru", "kk"):
                text = self.cat[lang].get(code)
                if text is None:
                    continue   # reported by test_same_codes
                self.assertIsInstance(text, str, "%s.json: %s" % (lang, code))
                self.assertTrue(text.strip(), "%s.json: empty text for %s" % (lang, code))
                self.assertNotEqual(text.strip(), en.strip(),
                                    "%s.json: %s is the English text" % (lang, code))

    def test_placeholders_kept(self):
        for code, en in self.cat["en"].items():
            want = set(re.findall(r"\{(field|article)\}", en))
            for lang in ("ru", "kk"):
                got = set(re.findall(r"\{(field|article)\}", self.cat[lang].get(code, "")))
                self.assertEqual(got, want, "%s.json: placeholders of %s" % (lang, code))


def main_commands():
    cmds = COMMAND.findall(read("src", "cli", "main.c"))
    return sorted(set(c for c in cmds if c != "help"))


class TestReadmeAndMan(unittest.TestCase):
    def test_readme_commands(self):
        text = read("README.md")
        for s in ("make run", "make test"):
            self.assertIn(s, text)

    def test_commands_found(self):
        cmds = main_commands()
        for c in ("init", "serve", "audit", "backup", "version"):
            self.assertIn(c, cmds)

    def test_man_page_commands(self):
        man = read("docs", "qupiya.1")
        self.assertIn(".TH QUPIYA 1", man)
        for c in main_commands():
            self.assertRegex(man, r"(?m)^\.(?:B|BI|TP)?\s*\"?%s\b" % re.escape(c),
                             "docs/qupiya.1 does not document '%s'" % c)


@unittest.skipUnless(BIN, "QUPIYA_BIN not set")
class TestHelp(unittest.TestCase):
    def test_help_mentions_commands(self):
        p = subprocess.run([BIN, "--help"], capture_output=True, text=True, timeout=30)
        self.assertEqual(p.returncode, 0, p.stderr)
        for c in main_commands():
            self.assertRegex(p.stdout, r"\b%s\b" % re.escape(c),
                             "qupiya --help does not mention '%s'" % c)


if __name__ == "__main__":
    unittest.main()
