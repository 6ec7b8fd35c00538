#!/usr/bin/env python3
"""test_detail_keys.py -- every refusal detail the C code can emit has its
text in data/messages/en.json, ru.json and kk.json (issue 13: refusals
wholly in the user's language).

What it checks
    Static (no server), over src/core, src/ops and src/http:
    - every constant detail -- qerr_detail(e, "text"), qerr_detail(e, "%s",
      a ? "x" : "y"), and the literals passed to helpers that forward a
      parameter to qerr_detail(e, "%s", p) -- has "detail:<text>" in all
      three catalogues;
    - every keyed detail qerr_detail_key(e, "key", "template", name, value,
      ..., NULL) has "detail.<key>" in all three catalogues, the English
      text is the C template verbatim, and the kk/ru texts use no
      placeholder the call does not pass;
    - every word passed as a value (a literal, or a literal passed to the
      helper whose parameter it is) has "detail.<name>.<word>" in kk and ru;
      values drawn from the program's name tables (degrees, states of a
      foreign transfer, clearance grounds) likewise;
    - a detail formatted with qerr_detail and a conversion other than a
      forwarded "%s" is one of the state details listed below, whose every
      value has its catalogue text;
    - the ru/kk texts of detail keys hold no Latin-script word other than
      placeholders, article references and codes of the Law.
    Live: a refusal whose detail carries a date and one whose detail
    carries an account number answer in kk and ru with the values in place
    (dates as DD.MM.YYYY) and no English.

Run standalone: QUPIYA_BIN=build/qupiya python3 tests/api/test_detail_keys.py
"""

import glob
import json
import os
import re
import unittest

SRC = os.path.abspath(os.environ.get(
    "QUPIYA_SRC",
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")))

DIRS = ("src/core", "src/ops", "src/http")
STRING = r'"(?:[^"\\]|\\.)*"'


def catalogue(lang):
    with open(os.path.join(SRC, "data", "messages", lang + ".json"), encoding="utf-8") as f:
        return json.load(f)


def sources():
    out = {}
    for d in DIRS:
        for p in sorted(glob.glob(os.path.join(SRC, d, "*.c"))):
            if p.endswith("qerr.c"):
                continue
            with open(p, encoding="utf-8") as f:
                text = f.read()
            # Comments away: they quote calls.
            out[os.path.relpath(p, SRC)] = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return out


def calls(text, name):
    """(start, [argument texts]) of every call of name(...) in text."""
    for m in re.finditer(r"\b%s\s*\(" % re.escape(name), text):
        i, depth, args, cur, instr = m.end(), 1, [], "", False
        while i < len(text) and depth > 0:
            c = text[i]
            if instr:
                cur += c
                if c == "\\":
                    cur += text[i + 1]
                    i += 1
                elif c == '"':
                    instr = False
            elif c == '"':
                instr = True
                cur += c
            elif c in "([{":
                depth += 1
                cur += c
            elif c in ")]}":
                depth -= 1
                if depth > 0:
                    cur += c
            elif c == "," and depth == 1:
                args.append(cur.strip())
                cur = ""
            else:
                cur += c
            i += 1
        args.append(cur.strip())
        yield m.start(), args


def literals(expr):
    """The string literals of an expression (adjacent ones joined); of a
    conditional a ? "x" : "y", those of its branches."""
    bare = re.sub(STRING, lambda m: "_" * len(m.group(0)), expr)
    if "?" in bare:
        expr = expr[bare.index("?") + 1:]
    parts = re.findall(r"(?:%s\s*)+" % STRING, expr)
    out = []
    for p in parts:
        out.append("".join(json.loads(s) for s in re.findall(STRING, p)))
    return out


def is_literal(expr):
    return re.fullmatch(r"(?:%s\s*)+" % STRING, expr) is not None


def params_of(text, func_start):
    """Parameter names of the function whose body contains func_start."""
    head = text.rfind("\n{", 0, func_start)
    sig = text.rfind("(", 0, head)
    line = text.rfind("\n", 0, sig)
    proto = text[line:head]
    m = re.search(r"(\w+)\s*\((.*)\)\s*$", proto, re.S)
    if not m:
        return None, []
    names = [re.findall(r"(\w+)\s*$", p.strip())[0] if p.strip() else ""
             for p in m.group(2).split(",")]
    return m.group(1), names


def forwarded(srcs, file, text, pos, value):
    """Literals reaching parameter `value` of the enclosing function, from
    the calls of that function in its file."""
    fname, names = params_of(text, pos)
    if fname is None or value not in names:
        return None
    k = names.index(value)
    out = []
    for _, args in calls(text, fname):
        if len(args) == len(names):
            out.extend(literals(args[k]))
    return out


def name_table(path, var):
    with open(os.path.join(SRC, path), encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"%s\[\]\s*=\s*\{(.*?)\};" % re.escape(var), text, re.S)
    return [x for x in literals(m.group(1)) if x]


# Values drawn from the program's tables rather than literals at the call.
TABLES = {
    "degree_name": ("src/core/degree.c", "degree_names", "label"),
    "ft_state_name": ("src/core/foreign.c", "state_names", "state"),
    "name": ("src/core/clearance.c", "clearance_ground_names", "ground"),
}

# Old-style state details: the formatted text is the key ("detail:carrier is
# lost"), each value listed.
CARRIER_STATES = ["registered", "issued", "transferred", "archived", "destroyed", "lost",
                  "declassified"]
STATE_DETAILS = {
    "permit is %s": ["active", "suspended", "cancelled"],
    "ground is %s": ["lifted"],
    "the carrier is %s": CARRIER_STATES,
    "the information is %s": ["preliminary", "declassified", "unknown"],
    "the request is %s": ["answered", "forwarded", "unknown"],
    "trip is %s": ["approved", "departed", "refused", "requested"],
    "clearance is %s": ["registering", "active", "refused", "terminated",
                        "in an unknown state"],
    "the inventory is %s": ["closed"],
    "incident is %s": ["confirmed", "closed"],
}
# Formats that build their text elsewhere (checked by their own entries).
OTHER_FORMATS = {
    "carrier is %s%s",                                   # each state and why, listed
    "%s is not possible while the joint work is %s",     # 7dceb0e: every step and state
    "calendar data, line %zu: %s",                       # loading data, never answered
}
LATIN_OK = re.compile(r"\{\w+\}|\b(Art|R743|BIN|IIN|ID)\b\.?|\bp\.\d")


class DetailKeysTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cat = {lang: catalogue(lang) for lang in ("en", "ru", "kk")}
        cls.src = sources()

    def setUp(self):
        self.missing = []

    def tearDown(self):
        self.assertEqual(self.missing, [], "\n".join(self.missing))

    def assertInAll(self, key, where):
        for lang in ("en", "ru", "kk"):
            if key not in self.cat[lang]:
                self.missing.append("%s: %s lacks %r" % (where, lang, key))

    def test_constant_details(self):
        n = 0
        for file, text in self.src.items():
            for pos, args in calls(text, "qerr_detail"):
                if len(args) < 2 or not is_literal(args[1]):
                    continue
                fmt = literals(args[1])[0]
                where = "%s:%d" % (file, text.count("\n", 0, pos) + 1)
                if "%" not in fmt:
                    self.assertInAll("detail:" + fmt, where)
                    n += 1
                elif fmt == "%s":
                    expr = args[2]
                    values = literals(expr)
                    if not values:
                        values = forwarded(self.src, file, text, pos, expr)
                        self.assertIsNotNone(values, "%s: %s reaches no literal" % (where, expr))
                    for v in values:
                        self.assertInAll("detail:" + v, where)
                        n += 1
                elif fmt in STATE_DETAILS:
                    for v in STATE_DETAILS[fmt]:
                        self.assertInAll("detail:" + fmt.replace("%s", v), where)
                        n += 1
                else:
                    self.assertIn(fmt, OTHER_FORMATS,
                                  "%s: a detail with values goes through qerr_detail_key" % where)
        self.assertGreater(n, 100)

    def test_keyed_details(self):
        keys = 0
        for file, text in self.src.items():
            for pos, args in calls(text, "qerr_detail_key"):
                where = "%s:%d" % (file, text.count("\n", 0, pos) + 1)
                self.assertEqual(args[-1], "NULL", where)
                key, tmpl = literals(args[1])[0], literals(args[2])[0]
                self.assertInAll("detail." + key, where)
                if "detail." + key not in self.cat["en"]:
                    continue
                self.assertEqual(self.cat["en"]["detail." + key], tmpl,
                                 "%s: en.json holds the C template" % where)
                pairs = args[3:-1]
                self.assertEqual(len(pairs) % 2, 0, where)
                names = [literals(pairs[i])[0] for i in range(0, len(pairs), 2)]
                self.assertEqual(sorted(names), sorted(re.findall(r"\{(\w+)\}", tmpl)), where)
                for lang in ("ru", "kk"):
                    used = set(re.findall(r"\{(\w+)\}", self.cat[lang]["detail." + key]))
                    self.assertLessEqual(used, set(names), "%s: %s placeholders" % (where, lang))
                for i in range(0, len(pairs), 2):
                    name, expr = names[i // 2], pairs[i + 1]
                    words = literals(expr)
                    for fn, (path, var, word) in TABLES.items():
                        if re.search(r"\b%s\b" % fn, expr) and word == name:
                            words += name_table(path, var)
                    if re.fullmatch(r"\w+", expr):
                        fw = forwarded(self.src, file, text, pos, expr)
                        words += fw or []
                    for w in words:
                        for lang in ("ru", "kk"):
                            if "{%s}" % name not in self.cat[lang]["detail." + key]:
                                continue
                            if "detail.%s.%s" % (name, w) not in self.cat[lang]:
                                self.missing.append("%s: the word %r of {%s} in %s"
                                                    % (where, w, name, lang))
                keys += 1
        self.assertGreater(keys, 25)

    def test_no_latin_prose(self):
        for lang in ("ru", "kk"):
            for key, text in self.cat[lang].items():
                if not key.startswith("detail"):
                    continue
                rest = LATIN_OK.sub(" ", text)
                # Codes of the Law's steps and topics are snake_case or dotted.
                rest = re.sub(r"\b[a-z]+(_[a-z]+)+\b", " ", rest)
                rest = re.sub(r"https?://\S+|/v1/\S+|postgresql://", " ", rest)
                latin = re.findall(r"[A-Za-z]{2,}", rest)
                if key.startswith("detail:") and latin:
                    # A constant detail may name a field as the API spells it.
                    continue
                self.assertEqual(latin, [], "%s %r: %s" % (lang, key, text))


class DetailLiveTest(unittest.TestCase):
    """The keyed details answer with their values, in kk and ru."""

    @classmethod
    def setUpClass(cls):
        if not os.environ.get("QUPIYA_BIN"):
            raise unittest.SkipTest("QUPIYA_BIN not set")
        from carrier_world import TODAY, CarrierWorld
        from qupiya_test import Server
        cls.srv = Server(clock=TODAY)
        cls.srv.start()
        cls.a = CarrierWorld(cls.srv, 1, permit="special_importance")

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()
        cls.srv.cleanup()

    def test_term_exceeds_limit_detail_in_kk_ru(self):
        body = self.a.carrier_body("top_secret", declassify_on="2055-06-02")
        want = {"en": "latest allowed 01.06.2055",
                "ru": "самая поздняя допустимая дата: 01.06.2055",
                "kk": "ең кеш рұқсат етілген күн: 01.06.2055"}
        for lang, text in want.items():
            r = self.srv.request("POST", "/v1/carriers", body, token=self.a.so, lang=lang)
            self.assertEqual(r.status, 422, r)
            self.assertEqual(r.error["code"], "term_exceeds_limit")
            self.assertEqual(r.error.get("detail"), text, r)

    def test_copy_count_detail_in_kk(self):
        r = self.srv.request("POST", "/v1/carriers", self.a.carrier_body("top_secret"),
                             token=self.a.so)
        self.assertEqual(r.status, 201, r)
        car = r.json
        r = self.srv.request("POST", "/v1/carriers/%s/issue" % car["id"],
                             {"person_id": self.a.person(), "copy_number": 99},
                             token=self.a.so, lang="kk")
        self.assertEqual(r.status, 400, r)
        n = len(car["copies"])
        self.assertEqual(r.error.get("detail"), "тасығыш даналарының саны: %d" % n, r)
        self.assertNotRegex(r.error["detail"], r"[A-Za-z]")


if __name__ == "__main__":
    unittest.main()
