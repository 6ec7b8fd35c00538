#!/usr/bin/env python3
"""test_ops_layer.py -- src/ops knows no JSON outside the audit log's
canonical entry form; JSON exists only at the HTTP edge (issue 11,
deliverable 1). A static check of the sources, so that it stays true:

  * a src/ops file (.c or .h) outside the lists below neither includes
    jansson nor uses a json_ name: its procedures take and answer typed
    structs of src/core, and src/http encodes the answers (http/enc.h);
  * a file of DETAILS builds the audit entries' details and nothing else:
    each json_ use in it lies in a function whose name says details, or on
    a line about the details (json_t *details, ops_details_set(details,
    ...), json_decref(details));
  * a file of ALLOWED still works on a JSON form for the reason given: the
    carrier family (the carrier procedures still work on the carrier's
    JSON form, carrier_rec_from/doc; they are converted on their own) and
    what reads or passes that form on.

Each exception names its reason; removing one is the way to tighten this.
The server is not needed. Run standalone:
    python3 tests/api/test_ops_layer.py
"""

import glob
import os
import re
import unittest

SRC = os.path.abspath(os.environ.get(
    "QUPIYA_SRC",
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")))
OPS = os.path.join(SRC, "src", "ops")

CARRIER = "the carrier family: works on the carrier's JSON form (carrier_rec_doc)"
# file -> why it may use JSON anywhere
ALLOWED = {
    "content.c": CARRIER,
    "declassify.c": CARRIER + ": a carrier's declassification and relabel",
    "access_index.c": "reads the carriers' JSON form, and the audit entries (the"
                      " canonical entry form) it follows",
    "docs.c": "the shared readers and checked setters of the JSON record form"
              " (ops_docs_*) the carrier family uses", "docs.h": "docs.c's",
    "lists.c": "ops_review_flag appends the review entry to a carrier's JSON form"
               " (and the list_item.change details)",
    "lists.h": "ops_review_flag's entry, shared with declassify.c's carriers",
    "ops.c": "ops_commit / ops_refuse append the audit entry (its details, a refusal's"
             " detail) and ops_details_* are the checked helpers that build details",
    "ops.h": "declares ops_commit's details and the ops_details_* helpers",
}
# file -> whose audit details it builds (the only JSON in it)
DETAILS = {
    "clearances.c": "clearance.prerequisites (the act as submitted), clearance.decision"
                    " (with its emergency), clearance.terminate",
    "emergency.c": "emergency.declare / emergency.end: the mode as answered",
    "grants.c": "grant.revoke: {reason}",
    "incidents.c": "incident.create: the incident as answered",
    "persons.c": "ground.create (the ground with flagged_clearances),"
                 " person.employment {event, clearances}",
    "requests.c": "request.forward {forwarded_request_id}",
    "trips.c": "trip.depart {violation}",
}

COMMENT = re.compile(r'/\*.*?\*/|//[^\n]*', re.S)
JANSSON = re.compile(r'#\s*include\s*<jansson\.h>')
JSON = re.compile(r'\bjson_\w+|\bstruct json_t\b')
FUNC = re.compile(r'^([a-z_][a-z0-9_]*)\(', re.M)


def code(path):
    """The file's text without its comments (line count kept)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)


def sources():
    return sorted(glob.glob(os.path.join(OPS, "*.c")) + glob.glob(os.path.join(OPS, "*.h")))


def uses(text):
    """(line, text) of each line including jansson or naming a json_ name."""
    return [(i + 1, line.strip()) for i, line in enumerate(text.split("\n"))
            if JANSSON.search(line) or JSON.search(line)]


def outside_details(text):
    """The json_ uses of a DETAILS file that are not about the details: not
    inside a function whose name says details, not on a details line."""
    bad, func = [], None
    for i, line in enumerate(text.split("\n")):
        m = FUNC.match(line)
        if m:
            func = m.group(1)
        elif line.startswith("}"):
            func = None
        if not JSON.search(line) and not JANSSON.search(line):
            continue
        if JANSSON.search(line) or "details" in (func or "") or "details" in line:
            continue
        # the return type on the line before a details builder's name
        nxt = text.split("\n")[i + 1] if i + 1 < len(text.split("\n")) else ""
        if re.match(r'^(static\s+)?json_t \*$', line) and "details" in nxt:
            continue
        bad.append((i + 1, line.strip()))
    return bad


class OpsLayerTest(unittest.TestCase):
    def test_no_json_outside_the_lists(self):
        for p in sources():
            name = os.path.basename(p)
            if name in ALLOWED or name in DETAILS:
                continue
            self.assertEqual(uses(code(p)), [], "JSON in " + p +
                             ": answer a struct and encode it in src/http (http/enc.h)")

    def test_details_files_build_only_details(self):
        for name in DETAILS:
            self.assertEqual(outside_details(code(os.path.join(OPS, name))), [],
                             "JSON other than the audit details in " + name)

    def test_no_answer_encoders_in_ops(self):
        # the answers are src/http's: no ops_*_json / *_view encoder is declared
        for p in glob.glob(os.path.join(OPS, "*.h")):
            text = code(p)
            self.assertEqual(re.findall(r'\bops_\w+_json\s*\(', text), [], p)
            self.assertEqual(re.findall(r'\bops_person_view\s*\(', text), [], p)

    def test_exceptions_still_needed(self):
        # an exception no longer used is removed from the lists above
        for name in list(ALLOWED) + list(DETAILS):
            path = os.path.join(OPS, name)
            self.assertTrue(os.path.exists(path), name + " is gone: remove it")
            self.assertTrue(uses(code(path)), name + " uses no JSON now: remove it")
        self.assertEqual(set(ALLOWED) & set(DETAILS), set())

    def test_checks_see_what_they_look_for(self):
        self.assertTrue(uses("#include <jansson.h>\n"))
        self.assertTrue(uses("json_t *ops_person_json(const struct person_rec *p);"))
        self.assertTrue(uses("int f(struct json_t *o);"))
        self.assertFalse(uses(code(os.devnull)))
        body = ("static json_t *\nground_details(void)\n{\n\treturn json_object();\n}\n"
                "int\nops_x(void)\n{\n\tjson_t *details = NULL;\n"
                "\tjson_decref(details);\n\treturn 0;\n}\n")
        self.assertEqual(outside_details(body), [])
        self.assertEqual(outside_details("int\nops_x(void)\n{\n\tjson_t *a = json_array();\n}\n"),
                         [(4, "json_t *a = json_array();")])


if __name__ == "__main__":
    unittest.main()
