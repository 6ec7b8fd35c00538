"""test_typed_classifiers.py - migration 0014_typed_classifiers (issue 11):
classifier records stored as JSON documents in the record table (as every
build before the typed table stored them) move to the typed table on open,
each keeping its seq, and every API read answers as before: the list (its
pages and cursors), the duplicate refusal, and the classifier check of a
classification (not_a_classifier refused for a person not on the list,
allowed for one on it).
"""
import json
import sqlite3
import unittest

from classify_world import add_classifier, add_person
from qupiya_test import Server, World


class TypedClassifiersUpgradeTest(unittest.TestCase):

    def test_records_move_to_the_typed_table(self):
        srv = Server()
        self.addCleanup(srv.cleanup)
        srv.start()
        w = World(srv, 1)
        so, admin = w.t("security_officer"), w.admin
        p1 = add_person(srv, w.org, so, 1)
        p2 = add_person(srv, w.org, so, 2)
        add_classifier(srv, admin, w.org, p1, "cls1")
        add_classifier(srv, admin, w.org, p2, "cls2")
        reads = ["/v1/classifiers?org_id=%s" % w.org, "/v1/classifiers?limit=1",
                 "/v1/classifiers?person_id=%s" % p2, "/v1/classifiers?state=active",
                 "/v1/classifiers?state=revoked"]
        before = [srv.request("GET", path, token=admin) for path in reads]
        first = before[1].json
        self.assertEqual(len(first["items"]), 1)
        before.append(srv.request("GET", "/v1/classifiers?limit=1&after=%s" % first["next"],
                                  token=admin))
        self.assertEqual(srv.stop(), 0)

        # The database as the record-table builds left it: the classifiers
        # as record rows (kind "classifier", org_id, ref = person), no table.
        db = sqlite3.connect(srv.db)
        rows = db.execute("SELECT seq, id, org_id, person_id, full_name, position, state,"
                          " registered_on, registered_by FROM classifier").fetchall()
        self.assertEqual(len(rows), 2)
        for seq, cid, org, person, name, pos, state, on, by in rows:
            doc = {"id": cid, "person_id": person, "org_id": org, "full_name": name,
                   "position": pos, "state": state, "registered_on": on, "registered_by": by}
            db.execute("INSERT INTO record(seq, kind, id, org_id, parent_id, ref, state, doc)"
                       " VALUES (?, 'classifier', ?, ?, ?, ?, ?, ?)",
                       (seq, cid, org, person, person, state, json.dumps(doc)))
        db.execute("DROP TABLE classifier")
        # The migration runs again on open (migrations by name: its row
        # removed; by number: the version before the last step).
        if db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'schema_migration'"
                      ).fetchone()[0]:
            db.execute("DELETE FROM schema_migration WHERE name = '0014_typed_classifiers'")
        else:
            db.execute("UPDATE meta SET value = CAST(value AS INTEGER) - 1"
                       " WHERE key = 'schema_version'")
        db.commit()
        db.close()

        srv.start()
        after = [srv.request("GET", path, token=admin) for path in reads]
        after.append(srv.request("GET", "/v1/classifiers?limit=1&after=%s" % first["next"],
                                 token=admin))
        for b, a in zip(before, after):
            self.assertEqual((a.status, a.json), (b.status, b.json))
        db = sqlite3.connect(srv.db)
        self.assertEqual(db.execute("SELECT count(*) FROM record WHERE kind = 'classifier'")
                         .fetchone()[0], 0)
        self.assertEqual([r[0] for r in db.execute("SELECT seq FROM classifier ORDER BY seq")],
                         [r[0] for r in rows])
        db.close()
        # Twice on the list: still a duplicate naming person_id.
        r = srv.request("POST", "/v1/classifiers", {"person_id": p1, "org_id": w.org}, admin)
        self.assertEqual(r.status, 409, r)
        self.assertEqual(r.json["error"]["code"], "duplicate")
        self.assertEqual(r.json["error"].get("field"), "person_id")
        self.assertEqual(srv.stop(), 0)


if __name__ == "__main__":
    unittest.main()
