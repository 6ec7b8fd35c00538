"""test_typed_lists.py - migration 0021_typed_lists (issue 11): lists and
list items stored as JSON documents in the record table (as every build
before the typed tables stored them) move to the typed tables on open, each
keeping its seq, with their history, changes and the objects each change
flagged, and every API read answers as before: a list with its items, an
item with its changes, the pages of lists and their cursors, the deadlines
list; and a list change after the upgrade still cascades. On SQLite and on
PostgreSQL (each backend's text of the step).
"""
import json
import sqlite3
import unittest

from classify_world import add_classifier, add_person, approved_list
from qupiya_test import PG, Server, World, pg_sql


def lit(v):
    """v as an SQL literal (ints as they are, text quoted)."""
    if isinstance(v, int):
        return str(v)
    return "'" + str(v).replace("'", "''") + "'"


class Db:
    """The test server's database, SQLite file or PostgreSQL URL."""

    def __init__(self, srv):
        self.pg = PG is not None and srv.db.startswith("postgres")
        self.url = srv.db
        self.db = None if self.pg else sqlite3.connect(srv.db)

    def rows(self, q):
        if self.pg:
            return [tuple(int(x) if x.isdigit() else x for x in line.split("|"))
                    for line in pg_sql(q, self.url).splitlines() if line]
        return self.db.execute(q).fetchall()

    def run(self, statements):
        if self.pg:
            pg_sql(";\n".join(statements) + ";", self.url)
            return
        for st in statements:
            self.db.execute(st)
        self.db.commit()

    def close(self):
        if self.db is not None:
            self.db.close()


class TypedListsUpgradeTest(unittest.TestCase):

    def test_records_move_to_the_typed_tables(self):
        srv = Server()
        self.addCleanup(srv.cleanup)
        srv.start()
        w = World(srv, 1)
        so, head, admin = w.t("security_officer"), w.t("head"), w.admin
        cls = add_classifier(srv, admin, w.org, add_person(srv, w.org, so, 1), "cls1")
        lid, ids, _ = approved_list(srv, so, head, w.org,
                                    [("a", "1", "top_secret"), ("b", "2", "confidential")])
        r = srv.request("POST", "/v1/information", {
            "title": "Plan", "org_id": w.org, "list_item_id": ids["a"], "degree": "top_secret",
            "classified_on": "2024-05-10", "declassify_on": "2034-05-10"}, cls)
        self.assertEqual(r.status, 201, r)
        info = r.json["id"]
        coord = {"authorized_body_ref": "AB-1", "nsc_ref": "NSC-1"}
        r = srv.request("POST", "/v1/lists/%s/items" % lid, {
            "code": "3", "text": "added", "degree": "confidential", "basis": "11.1",
            "coordination": coord}, so)
        self.assertEqual(r.status, 201, r)
        ids["c"] = r.json["id"]
        r = srv.request("POST", "/v1/list-items/%s/change" % ids["a"],
                        {"degree": "confidential", "coordination": coord}, head)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["affected"]["information"], [info])
        r = srv.request("POST", "/v1/list-items/%s/change" % ids["b"],
                        {"removed": True, "coordination": coord}, head)
        self.assertEqual(r.status, 200, r)
        r = srv.request("POST", "/v1/lists/%s/review" % lid, {"effective_date": "2025-01-10"},
                        head)
        self.assertEqual(r.status, 200, r)
        draft = srv.request("POST", "/v1/lists", {"org_id": w.org, "title": "Draft"}, so)
        self.assertEqual(draft.status, 201, draft)

        reads = ["/v1/lists/%s" % lid, "/v1/lists/%s" % draft.json["id"],
                 "/v1/lists?org_id=%s" % w.org, "/v1/lists?limit=1", "/v1/lists?state=approved",
                 "/v1/lists?state=draft", "/v1/lists?state=bogus",
                 "/v1/deadlines?as_of=2029-12-01&within=400",
                 "/v1/information/%s" % info] + \
                ["/v1/list-items/%s" % i for i in ids.values()]
        before = [srv.request("GET", path, token=head) for path in reads]
        first = before[3].json
        self.assertEqual(len(first["items"]), 1)
        before.append(srv.request("GET", "/v1/lists?limit=1&after=%s" % first["next"],
                                  token=head))
        self.assertEqual(before[0].json["version"], 4)
        self.assertEqual(len(before[0].json["history"]), 5)
        self.assertEqual(srv.stop(), 0)

        # The database as the record-table builds left it: each list and
        # item a record row whose document is what GET answered (a list
        # without its items), keeping its seq; no typed tables.
        db = Db(srv)
        lists = db.rows("SELECT seq, id, org_id, state FROM list ORDER BY seq")
        items = db.rows("SELECT seq, id, org_id, list_id, code, state FROM list_item"
                        " ORDER BY seq")
        self.assertEqual((len(lists), len(items)), (2, 3))
        by_path = dict(zip(reads, before))
        sql = []
        for seq, rid, org, state in lists:
            doc = dict(by_path["/v1/lists/%s" % rid].json)
            del doc["items"]
            sql.append("INSERT INTO record(seq, kind, id, org_id, parent_id, ref, state, doc)"
                       " VALUES (%s, 'list', %s, %s, '', '', %s, %s)"
                       % (lit(seq), lit(rid), lit(org), lit(state), lit(json.dumps(doc))))
        for seq, rid, org, parent, code, state in items:
            doc = by_path["/v1/list-items/%s" % rid].json
            sql.append("INSERT INTO record(seq, kind, id, org_id, parent_id, ref, state, doc)"
                       " VALUES (%s, 'list_item', %s, %s, %s, %s, %s, %s)"
                       % (lit(seq), lit(rid), lit(org), lit(parent),
                          lit("%s/%s" % (parent, code)), lit(state), lit(json.dumps(doc))))
        for t in ("list_item_affected", "list_item_change", "list_item", "list_history",
                  "list"):
            # (PostgreSQL: the keys of later tables to these, e.g.
            # information's to list_item, go with them)
            sql.append("DROP TABLE %s%s" % (t, " CASCADE" if db.pg else ""))
        sql.append("DELETE FROM schema_migration WHERE name = '0021_typed_lists'")
        db.run(sql)
        db.close()

        srv.start()
        after = [srv.request("GET", path, token=head) for path in reads]
        after.append(srv.request("GET", "/v1/lists?limit=1&after=%s" % first["next"],
                                 token=head))
        for path, b, a in zip(reads + ["after"], before, after):
            self.assertEqual((a.status, a.json), (b.status, b.json), path)
        db = Db(srv)
        self.assertEqual(db.rows("SELECT count(*) FROM record WHERE kind IN"
                                 " ('list', 'list_item')")[0][0], 0)
        self.assertEqual([r[0] for r in db.rows("SELECT seq FROM list_item ORDER BY seq")],
                         [r[0] for r in items])
        db.close()
        # The upgraded item changes and cascades as before.
        r = srv.request("POST", "/v1/list-items/%s/change" % ids["a"],
                        {"degree": "top_secret", "coordination": coord}, head)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["affected"]["information"], [info])
        self.assertEqual(len(r.json["item"]["changes"]), 2)
        # A code twice in a list: still a duplicate naming code.
        r = srv.request("POST", "/v1/lists/%s/items" % lid, {
            "code": "3", "text": "again", "degree": "confidential", "basis": "11.1",
            "coordination": coord}, so)
        self.assertEqual(r.status, 409, r)
        self.assertEqual(r.json["error"].get("field"), "code")
        self.assertEqual(srv.stop(), 0)


if __name__ == "__main__":
    unittest.main()
