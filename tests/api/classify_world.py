"""classify_world.py - the classification set-up that carrier_world.py and
declass_world.py share, built through the API only: a person of an
organization, a classifier official (user + list of classifiers, Art. 5.4)
and a departmental list with its items, approved (Art. 16).
Every function asserts each answer and returns ids or tokens.
"""
from qupiya_test import PASSWORD, make_ident


def add_person(srv, org, so, k):
    """A person of org (IIN from k); so is a security officer's token."""
    r = srv.request("POST", "/v1/persons", {
        "iin": make_ident(k), "full_name": "Person %d" % k, "citizenship": "KZ",
        "org_id": org, "position": "analyst"}, so)
    assert r.status == 201, r
    return r.json["id"]


def add_classifier(srv, admin, org, person, login):
    """A user login with the classifier role for person, on org's list of
    classifiers. Returns its token."""
    r = srv.request("POST", "/v1/users", {"login": login, "password": PASSWORD,
                                          "roles": ["classifier"], "org_id": org,
                                          "person_id": person}, admin)
    assert r.status == 201, r
    token = srv.login(login)
    r = srv.request("POST", "/v1/classifiers", {"person_id": person, "org_id": org}, admin)
    assert r.status == 201, r
    return token


def approved_list(srv, so, head, org, items, approve_on="2024-03-15"):
    """A list of org with items [(key, code, degree)], approved by head on
    approve_on. Returns (list id, {key: item id}, the approval's answer)."""
    r = srv.request("POST", "/v1/lists", {"org_id": org, "title": "List"}, so)
    assert r.status == 201, r
    lid = r.json["id"]
    ids = {}
    for key, code, degree in items:
        r = srv.request("POST", "/v1/lists/%s/items" % lid, {
            "code": code, "text": "item %s" % code, "degree": degree, "basis": "11.1"}, so)
        assert r.status == 201, r
        ids[key] = r.json["id"]
    r = srv.request("POST", "/v1/lists/%s/approve" % lid, {"effective_date": approve_on}, head)
    assert r.status == 200, r
    return lid, ids, r.json
