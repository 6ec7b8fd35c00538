#!/usr/bin/env python3
"""demo-seed.py URL ADMIN_PASSWORD [SERVER_PID] - fills a fresh qupiya with demo data.

Everything goes through the public API (so it is audited like any other
write). Prints the demo logins, one per line: login password roles.
"""
import json
import os
import sys
import time
from datetime import date, timedelta
import urllib.error
import urllib.request

URL, ADMIN_PW = sys.argv[1], sys.argv[2]
# Every date in lawful order around today: the list is approved today, so
# the classification, the clearance decision and the grant follow it.
TODAY = date.today()


def day(offset):
    return (TODAY + timedelta(days=offset)).isoformat()


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


SERVER_PID = int(sys.argv[3]) if len(sys.argv) > 3 else None


def server_alive():
    """The server run-demo.sh started is still running (never seed another)."""
    if SERVER_PID is None:
        return True
    try:
        os.kill(SERVER_PID, 0)
    except OSError:
        return False
    try:  # an exited child not yet reaped by the shell is a zombie
        with open("/proc/%d/stat" % SERVER_PID) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


for _ in range(200):
    if not server_alive():
        sys.exit("demo-seed: the demo server exited before answering (port taken?)")
    try:
        urllib.request.urlopen(URL + "/v1/health", timeout=1)
        break
    except OSError:
        time.sleep(0.05)
else:
    sys.exit("demo-seed: the demo server did not answer on %s" % URL)
if not server_alive():
    sys.exit("demo-seed: the demo server exited; something else answers on %s" % URL)

admin = call("POST", "/v1/session", {"login": "admin", "password": ADMIN_PW})["token"]
ministry = call("POST", "/v1/orgs", {"name": "Өнеркәсіп министрлігі / Министерство промышленности / Ministry of Industry (demo)", "bin": ident(10240000001),
                                     "kind": "state_body", "city": "Astana"}, admin)["id"]
plant = call("POST", "/v1/orgs", {"name": "«Қазақ инженерлік зауыты» АҚ / АО «Казахский инженерный завод» / Kazakh Engineering Plant JSC (demo)", "bin": ident(10540000002),
                                  "kind": "organization", "parent_id": ministry, "city": "Karaganda",
                                  "state_share": 100, "foreign_participation": False}, admin)["id"]


def user(login, roles, org=None, person=None):
    body = {"login": login, "password": DEMO_PW, "roles": roles}
    if org:
        body["org_id"] = org
    if person:
        body["person_id"] = person
    call("POST", "/v1/users", body, admin)
    return call("POST", "/v1/session", {"login": login, "password": DEMO_PW})["token"]


users = []
officer = user("officer", ["security_officer"], ministry)
users.append(("officer", ["security_officer"]))
nsc = user("nsc", ["nsc_officer"])
users.append(("nsc", ["nsc_officer"]))
call("POST", "/v1/orgs/%s/permits" % ministry, {"degree": "special_importance", "number": "NSC-0001",
                                                 "issued_on": "2024-01-15", "valid_until": "2029-01-15"}, nsc)
call("POST", "/v1/orgs/%s/permits" % plant, {"degree": "top_secret", "number": "NSC-0002",
                                              "issued_on": "2023-06-01", "valid_until": "2028-06-01"}, nsc)
persons = []
for i, (name, pos) in enumerate([("Садықова Әйгерім Нұрланқызы", "Бас маман / Главный специалист / Chief specialist"),
                                 ("Ахметов Данияр Серікұлы", "Директордың орынбасары / Заместитель директора / Deputy director"),
                                 ("Қасымов Ерлан Болатұлы", "Инженер / Инженер / Engineer")]):
    persons.append(call("POST", "/v1/persons", {"iin": ident(85010140000 + i * 7919), "full_name": name,
                                                "citizenship": "KZ", "org_id": ministry,
                                                "position": pos}, officer)["id"])
head = user("head", ["head"], ministry, persons[1])
users.append(("head", ["head"]))
classifier = user("classifier", ["classifier"], ministry, persons[0])
users.append(("classifier", ["classifier"]))
user("employee", ["employee"], ministry, persons[2])
users.append(("employee", ["employee"]))
for login, roles, org in [("plant.officer", ["security_officer"], plant),
                          ("authorized", ["authorized_body"], None),
                          ("archivist", ["archivist"], ministry),
                          ("auditor", ["auditor"], None)]:
    user(login, roles, org)
    users.append((login, roles))

# A departmental list, one classified item, one carrier, a cleared reader.
call("POST", "/v1/classifiers", {"person_id": persons[0], "org_id": ministry}, admin)
lst = call("POST", "/v1/lists", {"org_id": ministry, "title": "Ведомстволық тізбе / Ведомственный перечень / Departmental list (demo)"}, officer)["id"]
item = call("POST", "/v1/lists/%s/items" % lst, {"code": "1.1", "text": "Саланың жұмылдыру жоспарлары / Мобилизационные планы отрасли / Mobilisation plans of the industry",
                                                 "degree": "top_secret", "basis": "11.1"}, officer)["id"]
call("POST", "/v1/lists/%s/approve" % lst, {}, head)
info = call("POST", "/v1/information", {"title": "Жұмылдыру жоспары / Мобилизационный план / Mobilisation plan %d" % TODAY.year, "org_id": ministry,
                                        "list_item_id": item, "degree": "top_secret",
                                        "classified_on": day(0), "declassify_on": day(20 * 365)},
            classifier)["id"]
carrier = call("POST", "/v1/carriers", {"org_id": ministry, "account_number": "12/345-ss",
                                        "kind": "paper", "title": "Жұмылдыру жоспары / Мобилизационный план / Mobilisation plan %d" % TODAY.year,
                                        "label": "top_secret", "information_ids": [info],
                                        "copies": 2, "sheets": 14}, officer)["id"]
clr = call("POST", "/v1/persons/%s/clearances" % persons[2], {"form": "top_secret"}, officer)["id"]
call("POST", "/v1/clearances/%s/prerequisites" % clr,
     {"commitment_on": day(-7), "consent_restrictions_on": day(-7),
      "consent_verification_on": day(-7), "familiarized_on": day(-6),
      "verification": "passed"}, officer)
call("POST", "/v1/clearances/%s/decision" % clr, {"decision": "grant", "contract_number": "D-17"}, head)
call("POST", "/v1/grants", {"person_id": persons[2], "carrier_id": carrier, "until": day(365)}, head)
# The carrier's content, so that the employee's allowed read shows a text.
_req = urllib.request.Request(URL + "/v1/carriers/%s/content" % carrier, method="PUT",
                              data=("Mobilisation plan %d (demo text).\n" % TODAY.year).encode(),
                              headers={"Content-Type": "application/octet-stream",
                                       "Authorization": "Bearer " + officer})
try:
    urllib.request.urlopen(_req, timeout=30).read()
except urllib.error.HTTPError as e:
    sys.exit("demo-seed: PUT content: %d %s" % (e.code, e.read()[:300]))

print("admin %s admin" % ADMIN_PW)
for login, roles in users:
    print("%s %s %s" % (login, DEMO_PW, ",".join(roles)))
