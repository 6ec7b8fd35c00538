#!/usr/bin/env python3
"""test_ops_units.py -- every procedure of src/ops has a unit test without
HTTP (issue 11, Tests: "unit tests of each src/ops procedure without
HTTP").

A procedure is a public ops_* function of a src/ops header whose first
parameter is the context (const struct ops_ctx *c) and which takes no
store transaction: it owns its step (src/ops/ops.h). Each must be called
by some tests/unit program, or be listed below with the reason it is not.

Run with QUPIYA_LIST=1 to print each procedure and the unit tests that
call it. The server is not needed:
    QUPIYA_LIST=1 python3 tests/api/test_ops_units.py
"""

import glob
import os
import re
import unittest

SRC = os.path.abspath(os.environ.get(
    "QUPIYA_SRC",
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")))

# procedure -> why no unit test calls it directly
UNCALLED = {
    "ops_declassify_review_clear": "a helper over a carrier's struct, run by"
                                   " the declassification steps that are tested",
    "ops_docs_exists_scoped": "the 404/403 of a kind still in the record table"
                              " (information items): the API tests cover it",
    "ops_joint_work_violation_apply": "the in-memory half of ops_joint_work_violation,"
                                      " which is tested",
}

COMMENT = re.compile(r'/\*.*?\*/|//[^\n]*', re.S)
DECL = re.compile(r'^[a-z][^;{}#]*?\b(ops_[a-z0-9_]+)\s*\(([^;]*?)\);', re.M | re.S)


def code(path):
    with open(path, encoding="utf-8") as f:
        return COMMENT.sub("", f.read())


def procedures():
    out = {}
    for h in sorted(glob.glob(os.path.join(SRC, "src", "ops", "*.h"))):
        for m in DECL.finditer(code(h)):
            args = m.group(2)
            if re.match(r'\s*const struct ops_ctx \*\w+\s*,', args) and "struct store_tx" not in args:
                out[m.group(1)] = os.path.basename(h)
    return out


def callers(names):
    texts = {os.path.basename(p): code(p)
             for p in glob.glob(os.path.join(SRC, "tests", "unit", "*.[ch]"))}
    return {n: sorted(f for f, t in texts.items() if re.search(r'\b' + n + r'\s*\(', t))
            for n in names}


class OpsUnitsTest(unittest.TestCase):
    def test_every_procedure_has_a_unit_test(self):
        procs = procedures()
        self.assertGreater(len(procs), 50)
        by = callers(procs)
        if os.environ.get("QUPIYA_LIST"):
            for n in sorted(procs, key=lambda n: (procs[n], n)):
                print("%-16s %-36s %s" % (procs[n], n, ", ".join(by[n]) or
                                          "(none: " + UNCALLED.get(n, "?") + ")"))
        missing = sorted(n for n in procs if not by[n] and n not in UNCALLED)
        self.assertEqual(missing, [], "procedures no tests/unit program calls")

    def test_exceptions_still_needed(self):
        procs = procedures()
        by = callers(UNCALLED)
        for n in UNCALLED:
            self.assertIn(n, procs, n + " is no procedure any more")
            self.assertEqual(by[n], [], n + " has a unit test now: remove it from UNCALLED")


if __name__ == "__main__":
    unittest.main()
