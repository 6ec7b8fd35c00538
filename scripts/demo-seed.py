#!/usr/bin/env python3
"""demo-seed.py URL ADMIN_PASSWORD - fills a fresh qupiya with demo data.

Everything goes through the public API (so it is audited like any other
write). Prints the demo logins, one per line: login password roles.
"""
import json
import sys
import time
import urllib.error
import urllib.request

URL, ADMIN_PW = sys.argv[1], sys.argv[2]
DEMO_PW = "qupiya-demo-2026"


def call(method, path, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    h = {"Content-Type": "application/json"}
    if token:
        h["Authorization"] = "Bearer " + token
    req = urllib.request.Request(URL + path, data=data, method=method, headers=h)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            raw = r.read()
            return json.loads(raw) if raw else None
    except urllib.error.HTTPError as e:
        sys.exit("demo-seed: %s %s: %d %s" % (method, path, e.code, e.read()[:300]))


def ident(n):
    """A valid 12-digit BIN/IIN from n (the control digit of the Law's scheme)."""
    while True:
        d = [int(c) for c in "%011d" % n]
        s = sum(x * w for x, w in zip(d, range(1, 12))) % 11
        if s == 10:
            s = sum(x * w for x, w in zip(d, [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2])) % 11
        if s != 10:
            return "%011d%d" % (n, s)
        n += 1


for _ in range(200):
    try:
        urllib.request.urlopen(URL + "/v1/health", timeout=1)
        break
    except OSError:
        time.sleep(0.05)

admin = call("POST", "/v1/session", {"login": "admin", "password": ADMIN_PW})["token"]
ministry = call("POST", "/v1/orgs", {"name": "Ministry of Industry (demo)", "bin": ident(10240000001),
                                     "kind": "state_body", "city": "Astana"}, admin)["id"]
plant = call("POST", "/v1/orgs", {"name": "Kazakh Engineering Plant JSC (demo)", "bin": ident(10540000002),
                                  "kind": "organization", "parent_id": ministry, "city": "Karaganda",
                                  "state_share": 100, "foreign_participation": False}, admin)["id"]
users = [
    ("officer", ["security_officer"], ministry),
    ("head", ["head"], ministry),
    ("classifier", ["classifier"], ministry),
    ("employee", ["employee"], ministry),
    ("plant.officer", ["security_officer"], plant),
    ("nsc", ["nsc_officer"], None),
    ("authorized", ["authorized_body"], None),
    ("archivist", ["archivist"], ministry),
    ("auditor", ["auditor"], None),
]
for login, roles, org in users:
    body = {"login": login, "password": DEMO_PW, "roles": roles}
    if org:
        body["org_id"] = org
    call("POST", "/v1/users", body, admin)
nsc = call("POST", "/v1/session", {"login": "nsc", "password": DEMO_PW})["token"]
call("POST", "/v1/orgs/%s/permits" % ministry, {"degree": "special_importance", "number": "NSC-0001",
                                                 "issued_on": "2024-01-15", "valid_until": "2029-01-15"}, nsc)
call("POST", "/v1/orgs/%s/permits" % plant, {"degree": "top_secret", "number": "NSC-0002",
                                              "issued_on": "2023-06-01", "valid_until": "2028-06-01"}, nsc)
officer = call("POST", "/v1/session", {"login": "officer", "password": DEMO_PW})["token"]
for i, (name, pos) in enumerate([("Aigerim Nurlanovna Sadykova", "Chief specialist"),
                                 ("Daniyar Serikovich Akhmetov", "Deputy director"),
                                 ("Yerlan Bolatovich Kassymov", "Engineer")]):
    call("POST", "/v1/persons", {"iin": ident(85010140000 + i * 7919), "full_name": name,
                                 "citizenship": "KZ", "org_id": ministry, "position": pos}, officer)

print("admin %s admin" % ADMIN_PW)
for login, roles, _ in users:
    print("%s %s %s" % (login, DEMO_PW, ",".join(roles)))
