"""test_cross_org_matrix.py - the cross-organization matrix of issue 10: no
secret crosses its holder (SPEC.md section 2 "Carrier", section 3 "Access to
carriers" and the paragraph after its table, "Declassification", "Roles",
section 5 precedence; API.md "Carriers and access", "Transfers").

Three organizations, all with a top_secret permit:
  A  the customer: a state body that disposes of the information (Art. 15)
     and registers the carriers;
  B  the executor of A's joint works (R743);
  C  a third state body that receives carriers from A under Art. 25.
A registers one electronic carrier of three copies per custody state, each
carrying its own information item and holding a known marker as content:
  home          every copy at A
  jw_active     copies 1, 2 at B under an active joint work; copy 3 at A
  jw_suspended  the same, the joint work suspended after a violation
  jw_closed     the same, then the joint work closed (copies back at A)
  jw_cancelled  the same, then the joint work cancelled (copies back at A)
  transfer_some copies 2, 3 transferred to C (Art. 25, POST /v1/transfers
                with carriers:[{carrier_id, copy_numbers}]); copy 1 at A
  transfer_all  every copy transferred to C (carrier_ids)
  returned      every copy transferred to C, then C sends them back to A
Every organization has one user per role (security_officer, head, employee,
classifier, auditor, nsc_officer, authorized_body, archivist), each linked
to a person of that organization with an active top_secret clearance and a
need-to-know grant on the carrier made by its own organization while that
organization held it (so the grant is never what decides a read below:
custody is).

For every (state, organization, role) the matrix tries: a grant on the
carrier and one on its information item; an issue of a copy the
organization holds to its own employee, of the same copy to another
organization's employee, and of a copy another organization holds; a read
of the content; an access check on its own person; the registry record; an
extension and a declassification. The oracle
`expect()` below computes, from SPEC alone, whether each cell must succeed
(and with which status) or be refused (and with which statuses); where SPEC
leaves the status open (403 or 422 for a body that sees the record but may
not act) it accepts each reading and says so. Independently of the cell,
no response body anywhere may contain a marker, except the allowed read of
that carrier's own content; neither may the audit log, the registry records
or the database file.

Readings of SPEC the oracle makes (where SPEC is silent):
- while the joint work is suspended, the customer's own copy 3 stays
  readable (joint_work_suspended is "for an executor's carrier"); whether the
  executor still "holds" its copies for grants is left open;
- extension is not an act on the whole carrier (SPEC lists destroy,
  archive, declassify, relabel): the disposer extends while copies are away;
- after every copy was transferred, org_id is the recipient and no copy is
  "away from its holder": the disposer declassifies (200) though it holds
  nothing; while some copies are away it gets 409, after its competence;
- a former holder (an executor after close or cancellation, a body that
  sent every copy back) may get 403 or 404; a body that never held, nor
  disposes of, nor audits the carrier gets 404 exactly.

Acts that change the carrier run in an order that keeps the matrix
meaningful: checks, reads, grants and issues first (an allowed issue is
returned at once), then extensions (each to a later date), then the
declassifications with the disposing body's head last. Everything runs once
in setUpClass against one server; each test method reports the failing
cells of one action, all at once.
"""
import itertools
import os
import unittest

from classify_world import add_classifier, add_person, approved_list
from qupiya_test import PASSWORD, ServerTest, clear, db_bytes, make_ident

TODAY = "2026-06-01"
STATES = ["home", "jw_active", "jw_suspended", "jw_closed", "jw_cancelled",
          "transfer_some", "transfer_all", "returned"]
ROLES = ["security_officer", "head", "employee", "classifier", "auditor", "nsc_officer",
         "authorized_body", "archivist"]
ORGS = ["A", "B", "C"]
DISPOSER = "A"
ACCESS_CODES = ["clearance_insufficient", "clearance_inactive", "no_need_to_know",
                "org_permit_missing", "carrier_unavailable", "joint_work_suspended",
                "not_the_holder"]

# ---- custody per state (SPEC section 2 "Carrier") -------------------------------
# HOLDS[state][org]: the copy numbers org holds in that state.
HOLDS = {
    "home": {"A": {1, 2, 3}},
    "jw_active": {"A": {3}, "B": {1, 2}},
    "jw_suspended": {"A": {3}, "B": {1, 2}},
    "jw_closed": {"A": {1, 2, 3}},
    "jw_cancelled": {"A": {1, 2, 3}},
    "transfer_some": {"A": {1}, "C": {2, 3}},
    "transfer_all": {"C": {1, 2, 3}},
    "returned": {"A": {1, 2, 3}},
}
# FORMER[state]: organizations that held copies and hold none now (their
# registry still lists what left, API.md GET /v1/carriers?org_id=; whether
# that makes the record "visible" SPEC leaves open: 403 or 404 both pass).
FORMER = {"jw_closed": {"B"}, "jw_cancelled": {"B"}, "transfer_all": {"A"}, "returned": {"C"}}
# A copy is away from the carrier's holder (org_id): whole-carrier acts wait.
AWAY = {"jw_active", "jw_suspended", "transfer_some"}
# The carrier's org_id after the moves (a transfer of some copies keeps it).
ORG_ID = {s: ("C" if s == "transfer_all" else "A") for s in STATES}


def holds(org, state):
    return bool(HOLDS[state].get(org))


def suspended_executor(org, state):
    """B while its joint work is suspended: it keeps the copies, but whether it
    "holds" them for grants and issues SPEC leaves open (not_the_holder speaks
    of an active joint work; joint_work_suspended is a check of its own).
    Reads and issues are refused either way (joint_work_suspended)."""
    return state == "jw_suspended" and org == "B"


def sees(org, role, state):
    """SPEC section 3, after the access table: a body sees a record it holds,
    disposes of or audits; anything else is invisible (404)."""
    return role == "auditor" or org == DISPOSER or holds(org, state)


class Cell:
    """ok: True (must succeed with one of statuses), False (must be refused
    with one of statuses; codes: if set and the answer is 422, its code is one
    of them), None (SPEC open: success or one of statuses)."""

    def __init__(self, ok, statuses, codes=None, why=""):
        self.ok, self.statuses, self.codes, self.why = ok, set(statuses), codes, why


def refused_by_visibility(org, role, state, seen=(403, 422), codes=None, why=""):
    """A body that does not see the record: 404; a former holder: 403 or 404
    (or 422 when seen accepts it); one that sees it but may not act: seen."""
    if sees(org, role, state):
        return Cell(False, seen, codes, why + "; sees the record, may not act")
    if org in FORMER.get(state, ()):
        return Cell(False, set(seen) | {404}, codes, why + "; former holder")
    return Cell(False, {404}, None, why + "; neither holds, disposes of nor audits it (404)")


def own_copy(org, state):
    """The copy an issue by org names: the lowest it holds, else copy 1."""
    return min(HOLDS[state].get(org) or {1})


def other_copy(org, state):
    """The lowest copy held by another organization while org holds some (the
    issue of a copy that is away); None when there is none."""
    if not holds(org, state):
        return None
    away = sorted(n for k, ns in HOLDS[state].items() if k != org for n in ns)
    return away[0] if away else None


NEXT_ORG = {"A": "B", "B": "C", "C": "A"}


def read_allowed(org, state):
    """The access decision for a cleared, granted person of org (SPEC section 3
    "Access to carriers"): the copy must be held by the person's own
    organization (not_the_holder: an executor only under an active joint
    work, never a third body), and the executor's joint work not suspended."""
    return holds(org, state) and not suspended_executor(org, state)


# GRANTED[org]: the states whose carrier the matrix persons of org hold a
# grant on, made by their own organization's head while it held the carrier
# (A at home before any move, B after the joint-work transfer, C after the
# Art. 25 transfer).
GRANTED = {"A": set(STATES), "B": {"jw_active", "jw_suspended", "jw_closed", "jw_cancelled"},
           "C": {"transfer_some", "transfer_all", "returned"}}


def expected_failing(org, state):
    """Access codes that must be among the failing checks (a subset test)."""
    if read_allowed(org, state):
        return set()
    if suspended_executor(org, state):
        return {"joint_work_suspended"}
    if state not in GRANTED[org]:
        return {"no_need_to_know", "not_the_holder"}
    return {"not_the_holder"}


def first_failing(org, state):
    """The code a refused read or issue answers: the first failing check in
    the order of SPEC's table. A person without a grant fails no_need_to_know
    (the third row) before not_the_holder (the last); one whose grant no
    longer opens anything (its organization holds no copy) fails
    not_the_holder, or no_need_to_know where an implementation reads "a grant
    opens only copies held by the grantee's own organization" into that row."""
    if suspended_executor(org, state):
        return {"joint_work_suspended"}
    if state not in GRANTED[org]:
        return {"no_need_to_know"}
    return {"not_the_holder", "no_need_to_know"}


def expect(action, org, role, state):
    """The oracle: what SPEC says a user of role in org may do in state."""
    cross = role in ("nsc_officer", "authorized_body", "auditor")
    if action in ("grant", "grant_information"):
        # API.md POST /v1/grants: head, security_officer; SPEC section 3: of the
        # organization that holds the carrier (for an information item: that
        # holds a carrier of it or disposes of it).
        if role not in ("head", "security_officer"):
            return Cell(False, {403}, why="role may not grant")
        if suspended_executor(org, state):
            return Cell(None, {403, 404, 422}, why="executor under a suspended joint work")
        if holds(org, state):
            return Cell(True, {201}, why="the holder grants")
        if action == "grant_information" and org == DISPOSER:
            return Cell(True, {201}, why="the disposing body grants on its information")
        return refused_by_visibility(org, role, state, seen=(403,), why="not the holder")
    if action == "issue":
        # API.md: security_officer; SPEC: copies are issued only to persons of the
        # holding organization, and the issue passes every access check.
        if role != "security_officer":
            return Cell(False, {403}, why="role may not issue")
        if suspended_executor(org, state):
            return Cell(False, {403, 404, 422}, {"joint_work_suspended", "not_the_holder"},
                        why="executor under a suspended joint work")
        if holds(org, state):
            return Cell(True, {200}, why="the holder issues its own copy")
        return refused_by_visibility(org, role, state, seen=(403, 422),
                                     codes=first_failing(org, state), why="holds no copy")
    if action == "issue_other_person":
        # SPEC: copies are issued only to persons of the organization that holds
        # them: a copy k holds, to the cleared employee of the next organization.
        if role != "security_officer":
            return Cell(False, {403}, why="role may not issue")
        # (a 404 may also name the person, whom k's officer does not see)
        return refused_by_visibility(org, role, state, seen=(403, 404, 422),
                                     codes={"not_the_holder", "no_need_to_know",
                                            "joint_work_suspended"},
                                     why="the person belongs to another organization")
    if action == "issue_other_copy":
        # A copy another organization holds, to k's own employee.
        if other_copy(org, state) is None:
            return None
        if role != "security_officer":
            return Cell(False, {403}, why="role may not issue")
        return refused_by_visibility(org, role, state, seen=(403, 409, 422),
                                     codes={"not_the_holder", "no_need_to_know",
                                            "joint_work_suspended"},
                                     why="the copy is held by another organization")
    if action == "record":
        # API.md GET /v1/carriers/{id}: security_officer, head, auditor.
        if role not in ("security_officer", "head", "auditor"):
            return Cell(False, {403}, why="role may not read the registry")
        if sees(org, role, state):
            return Cell(True, {200}, why="sees the record")
        if org in FORMER.get(state, ()):
            return Cell(None, {403, 404}, why="former holder: its registry shows what left")
        return Cell(False, {404}, why="neither holds, disposes of nor audits it (404)")
    if action == "read":
        # API.md: any cleared user; decided by the access checks of the user's person.
        if read_allowed(org, state):
            return Cell(True, {200}, why="the person's organization holds a copy")
        if suspended_executor(org, state):
            return Cell(False, {422}, {"joint_work_suspended"}, why="joint work suspended")
        return Cell(False, {403, 404, 422}, first_failing(org, state),
                    why="the person's organization holds no copy")
    if action == "check":
        # API.md: security_officer, head, auditor.
        if role not in ("security_officer", "head", "auditor"):
            return Cell(False, {403}, why="role may not check access")
        if sees(org, role, state):
            return Cell(True, {200}, why="sees the record: the decision is reported")
        if org in FORMER.get(state, ()):
            return Cell(None, {403, 404}, why="former holder: a refused decision, 403 or 404")
        return Cell(False, {404}, why="neither holds, disposes of nor audits it (404)")
    if action in ("extend", "declassify"):
        # API.md: extend: head; declassify: head, archivist, authorized_body.
        # SPEC "not_competent_to_declassify": the head of the disposing body;
        # holding confers nothing; competence before state (section 5).
        allowed_roles = ("head",) if action == "extend" else ("head", "archivist",
                                                              "authorized_body")
        if role not in allowed_roles:
            return Cell(False, {403}, why="role may not %s" % action)
        if role == "head" and org == DISPOSER:
            if action == "declassify" and state in AWAY:
                return Cell(False, {409}, why="competent, but a copy is away (409)")
            return Cell(True, {200}, why="the disposing body's head")
        comp = {"not_competent_to_declassify"}
        if cross:
            # The authorized body declassifies only for a liquidated
            # fund-forming organization without successor: not here.
            return Cell(False, {403, 404, 422}, comp, why="authorized body: not competent here")
        if role == "archivist":
            # No delegation and nothing archived with it (Art. 23.2).
            return Cell(False, {403, 404, 422}, comp, why="archivist without delegation")
        return refused_by_visibility(org, role, state, seen=(403, 422), codes=comp,
                                     why="not the disposing body")
    raise ValueError(action)


class CrossOrgMatrixTest(ServerTest):
    clock = TODAY

    # ---- plumbing -------------------------------------------------------------
    @classmethod
    def r(cls, method, path, body=None, token=None, who="setup", raw=None):
        """Every request goes through here: its body is searched for markers."""
        resp = cls.srv.request(method, path, body, token, raw=raw)
        cls.responses.append((who, method, path, resp))
        return resp

    @classmethod
    def ok(cls, state, what, resp, status=(200, 201)):
        """A set-up step: a failure marks the state (its cells are not run)."""
        if isinstance(status, int):
            status = (status,)
        if resp.status not in status:
            cls.setup_failures.setdefault(state, []).append("%s: %r" % (what, resp))
            return None
        return resp.json

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.responses = []
        cls.setup_failures = {}
        cls.cells = {}           # (action, state, org, role) -> failure text or None
        cls.allowed_reads = set()   # id(resp) of reads the oracle allowed
        cls.seq = itertools.count(1)
        cls.build_world()
        cls.build_custody()
        cls.run_matrix()

    # ---- the world ------------------------------------------------------------------
    @classmethod
    def user(cls, org_key, role, person_id=None):
        n = next(cls.seq)
        login = "mx%s%s%d" % (role.replace("_", "")[:10], org_key.lower(), n)
        body = {"login": login, "password": PASSWORD, "roles": [role],
                "org_id": cls.org[org_key]}
        if person_id:
            body["person_id"] = person_id
        resp = cls.r("POST", "/v1/users", body, cls.admin)
        assert resp.status == 201, resp
        return cls.srv.login(login)

    @classmethod
    def build_world(cls):
        srv = cls.srv
        cls.admin = srv.admin()
        nsc = srv.request("POST", "/v1/users", {"login": "mxnsc", "password": PASSWORD,
                                                "roles": ["nsc_officer"]}, cls.admin)
        assert nsc.status == 201, nsc
        cls.nsc = srv.login("mxnsc")
        cls.org, cls.permit = {}, {}
        kinds = {"A": "state_body", "B": "organization", "C": "state_body"}
        names = {"A": "Customer ministry", "B": "Executor LLP", "C": "Third agency"}
        for k in ORGS:
            resp = cls.r("POST", "/v1/orgs", {"name": "%s MX" % names[k],
                                              "bin": make_ident(4400000 + ord(k)),
                                              "kind": kinds[k], "city": "Astana"}, cls.admin)
            assert resp.status == 201, resp
            cls.org[k] = resp.json["id"]
            resp = cls.r("POST", "/v1/orgs/%s/permits" % cls.org[k], {
                "degree": "top_secret", "number": "P-MX-%s" % k, "issued_on": "2024-01-01",
                "valid_until": "2027-12-31"}, cls.nsc)
            assert resp.status == 201, resp
            cls.permit[k] = resp.json["id"]
        # Set-up officials of each organization (not in the matrix).
        cls.so = {k: cls.user(k, "security_officer") for k in ORGS}
        cls.head = {k: cls.user(k, "head") for k in ORGS}
        # A classifies: an approved list, one information item per state.
        ident = itertools.count(5500000)
        cls_token = add_classifier(srv, cls.admin, cls.org["A"],
                                   add_person(srv, cls.org["A"], cls.so["A"], next(ident)),
                                   "mxclassifierofa")
        _, items, _ = approved_list(srv, cls.so["A"], cls.head["A"], cls.org["A"],
                                    [("ts", "1", "top_secret")])
        cls.info = {}
        for s in STATES:
            resp = cls.r("POST", "/v1/information", {
                "title": "Info %s" % s, "org_id": cls.org["A"], "list_item_id": items["ts"],
                "degree": "top_secret", "classified_on": "2024-05-10",
                "declassify_on": "2044-05-10"}, cls_token)
            assert resp.status == 201, resp
            cls.info[s] = resp.json["id"]
        # The matrix users: one per role and organization, each a cleared person.
        cls.person, cls.tokens = {}, {}
        for k in ORGS:
            for role in ROLES:
                p = add_person(srv, cls.org[k], cls.so[k], next(ident))
                clear(srv, cls.so[k], cls.head[k], p, "top_secret")
                cls.person[k, role] = p
                cls.tokens[k, role] = cls.user(k, role, person_id=p)
            # A grantee of the grant cells (no clearance needed for a grant).
            cls.person[k, "grantee"] = add_person(srv, cls.org[k], cls.so[k], next(ident))
        # The carriers, with content, at home.
        cls.carrier, cls.marker = {}, {}
        for s in STATES:
            resp = cls.r("POST", "/v1/carriers", {
                "org_id": cls.org["A"], "account_number": "MX-%s" % s, "kind": "electronic",
                "title": "Plan %s" % s, "label": "top_secret",
                "information_ids": [cls.info[s]], "copies": 3, "sheets": 1}, cls.so["A"])
            assert resp.status == 201, resp
            cls.carrier[s] = resp.json["id"]
            cls.marker[s] = ("QUPIYA-MATRIX-MARKER-%s-%s" % (s, os.urandom(8).hex())).encode()
            resp = cls.r("PUT", "/v1/carriers/%s/content" % cls.carrier[s], token=cls.so["A"],
                         raw=cls.marker[s])
            assert resp.status == 204, resp
        cls.grant_readers("A", STATES)

    @classmethod
    def grant_readers(cls, k, states):
        """The head of k grants every matrix person of k need-to-know on the
        carriers of states (k holds them at that moment)."""
        for s in states:
            if s in cls.setup_failures:
                continue
            for role in ROLES:
                cls.ok(s, "grant by %s to its %s" % (k, role),
                       cls.r("POST", "/v1/grants", {"person_id": cls.person[k, role],
                                                    "carrier_id": cls.carrier[s],
                                                    "until": "2027-12-31"}, cls.head[k]), 201)

    @classmethod
    def jw(cls, s, step, body=None, token=None):
        return cls.ok(s, "joint work %s" % step,
                      cls.r("POST", "/v1/joint-works/%s/%s" % (cls.jwid[s], step), body or {},
                            token or cls.so["A"]), 200)

    @classmethod
    def build_custody(cls):
        A, B, C = (cls.org[k] for k in ORGS)
        # Joint works: copies 1 and 2 of each carrier to B.
        cls.jwid = {}
        jw_states = ["jw_active", "jw_suspended", "jw_closed", "jw_cancelled"]
        for s in jw_states:
            c = cls.carrier[s]
            j = cls.ok(s, "joint work request", cls.r("POST", "/v1/joint-works", {
                "customer_org_id": A, "executor_org_id": B, "disposing_org_id": A,
                "justification": "design work", "term_from": "2025-01-01",
                "term_to": "2026-12-31", "carriers": [{"carrier_id": c, "copy_numbers": [1, 2]}],
                "executor_permit_ref": cls.permit["B"]}, cls.so["A"]), 201)
            if j is None:
                continue
            cls.jwid[s] = j["id"]
            if (cls.jw(s, "permission", {"decision": "granted"}, cls.head["A"]) is None
                    or cls.jw(s, "agreement", {"number": "MX-%s" % s, "signed_on": TODAY,
                                               "annex": [c]}) is None
                    or cls.jw(s, "nsc-notice", {"sent_on": TODAY}) is None):
                continue
            cls.jw(s, "transfer", {"carrier_ids": [c]})
        cls.grant_readers("B", jw_states)
        if "jw_suspended" not in cls.setup_failures:
            cls.jw("jw_suspended", "violations", {"description": "register not kept"})
        if "jw_closed" not in cls.setup_failures:
            cls.jw("jw_closed", "close")
        if "jw_cancelled" not in cls.setup_failures:
            # A repeated violation raises the cancellation (R743 p.9); the
            # customer cancels the order.
            for step, body in [("violations", {"description": "copy unattended"}),
                               ("resume", {}), ("violations", {"description": "again"}),
                               ("cancel", {})]:
                if cls.jw("jw_cancelled", step, body) is None:
                    break
        # Art. 25: to C, some copies or all; and back.
        cls.ok("transfer_some", "transfer of copies 2, 3", cls.r("POST", "/v1/transfers", {
            "carriers": [{"carrier_id": cls.carrier["transfer_some"], "copy_numbers": [2, 3]}],
            "to_org_id": C, "sanction_ref": "S-MX-1"}, cls.so["A"]), 201)
        for s in ("transfer_all", "returned"):
            cls.ok(s, "transfer of every copy", cls.r("POST", "/v1/transfers", {
                "carrier_ids": [cls.carrier[s]], "to_org_id": C, "sanction_ref": "S-MX-2"},
                cls.so["A"]), 201)
        cls.grant_readers("C", ["transfer_some", "transfer_all", "returned"])
        if "returned" not in cls.setup_failures:
            cls.ok("returned", "return of every copy to A", cls.r("POST", "/v1/transfers", {
                "carrier_ids": [cls.carrier["returned"]], "to_org_id": A}, cls.so["C"]), 201)

    # ---- the matrix ---------------------------------------------------------------------
    @classmethod
    def judge(cls, action, state, k, role, resp, code_of=None):
        """Records the cell's verdict against the oracle; returns the Cell."""
        cell = expect(action, k, role, state)
        key = (action, state, k, role)
        got = resp.status
        code = resp.error.get("code") if code_of is None else code_of
        fail = None
        if cell.ok is True and got not in cell.statuses:
            fail = "expected %s (%s), got %d %s" % (sorted(cell.statuses), cell.why, got,
                                                     resp.raw[:160])
        elif cell.ok is False and got not in cell.statuses:
            fail = "expected refusal %s (%s), got %d %s" % (sorted(cell.statuses), cell.why, got,
                                                             resp.raw[:160])
        elif cell.ok is None and got >= 300 and got not in cell.statuses:
            fail = "expected success or %s (%s), got %d %s" % (sorted(cell.statuses), cell.why,
                                                                got, resp.raw[:160])
        elif got == 422 and cell.codes and cell.ok is not True and code not in cell.codes:
            fail = "expected 422 code in %s (%s), got %s" % (sorted(cell.codes), cell.why, code)
        cls.cells[key] = fail
        return cell

    @classmethod
    def run_matrix(cls):
        users = [(k, role) for k in ORGS for role in ROLES]
        live = [s for s in STATES if s not in cls.setup_failures]
        extend_day = itertools.count(1)
        for s in live:
            c = cls.carrier[s]
            for k, role in users:
                tok, who = cls.tokens[k, role], "%s/%s/%s" % (s, k, role)
                # access check on the user's own person
                resp = cls.r("GET", "/v1/access/check?person_id=%s&carrier_id=%s"
                             % (cls.person[k, role], c), token=tok, who=who)
                cls.judge("check", s, k, role, resp)
                if resp.status == 200 and cls.cells[("check", s, k, role)] is None:
                    cls.cells[("check", s, k, role)] = cls.check_decision(resp.json, k, s)
                # read
                resp = cls.r("GET", "/v1/carriers/%s/content" % c, token=tok, who=who)
                cell = cls.judge("read", s, k, role, resp)
                if resp.status == 200 and cell.ok is True:
                    cls.allowed_reads.add(id(resp))
                    if resp.raw != cls.marker[s]:
                        cls.cells[("read", s, k, role)] = "read answered other bytes"
                # grants
                resp = cls.r("POST", "/v1/grants", {"person_id": cls.person[k, "grantee"],
                                                    "carrier_id": c, "until": "2027-12-31"},
                             tok, who=who)
                cls.judge("grant", s, k, role, resp)
                resp = cls.r("POST", "/v1/grants", {"person_id": cls.person[k, "grantee"],
                                                    "information_id": cls.info[s],
                                                    "until": "2027-12-31"}, tok, who=who)
                cls.judge("grant_information", s, k, role, resp)
                # the registry record
                resp = cls.r("GET", "/v1/carriers/%s" % c, token=tok, who=who)
                cls.judge("record", s, k, role, resp)
                # issues: a copy k holds (else copy 1) to k's own cleared employee;
                # the same copy to the next organization's employee; a copy
                # another organization holds to k's own employee
                for action, person, copy in [
                        ("issue", cls.person[k, "employee"], own_copy(k, s)),
                        ("issue_other_person", cls.person[NEXT_ORG[k], "employee"],
                         own_copy(k, s)),
                        ("issue_other_copy", cls.person[k, "employee"], other_copy(k, s))]:
                    if expect(action, k, role, s) is None:
                        continue
                    body = {"person_id": person, "copy_number": copy}
                    resp = cls.r("POST", "/v1/carriers/%s/issue" % c, body, tok, who=who)
                    cls.judge(action, s, k, role, resp)
                    if resp.status < 300:
                        back = cls.r("POST", "/v1/carriers/%s/return" % c, body, tok, who=who)
                        if back.status >= 300:
                            cls.cells[(action, s, k, role)] = "issued, but return: %r" % back
        # Extensions, each to a later date; the disposing body's head last.
        order = sorted(users, key=lambda u: u == (DISPOSER, "head"))
        for s in live:
            for k, role in order:
                day = next(extend_day)
                body = {"declassify_on": "2045-%02d-%02d" % (1 + day // 28, 1 + day % 28),
                        "expert_conclusion_ref": "EC-MX-%d" % day}
                resp = cls.r("POST", "/v1/carriers/%s/extend" % cls.carrier[s], body,
                             cls.tokens[k, role], who="%s/%s/%s" % (s, k, role))
                cls.judge("extend", s, k, role, resp)
        # Declassifications; after an unexpected one the carrier is spent.
        for s in live:
            spent = None
            for k, role in order:
                resp = cls.r("POST", "/v1/carriers/%s/declassify" % cls.carrier[s],
                             {"ground": "circumstances_changed"}, cls.tokens[k, role],
                             who="%s/%s/%s" % (s, k, role))
                cell = cls.judge("declassify", s, k, role, resp)
                if spent and cell.statuses != {403}:
                    # only a refusal by role stays meaningful on a spent carrier
                    cls.cells[("declassify", s, k, role)] = (
                        "not judged: the carrier was already declassified by %s/%s" % spent)
                elif resp.status == 200 and cell.ok is not True:
                    spent = (k, role)

    @staticmethod
    def check_decision(d, k, s):
        """An access decision answered 200: the seven checks in SPEC's order,
        not_the_holder last; allowed exactly when the oracle allows."""
        codes = [c.get("code") for c in d.get("checks", [])]
        out = []
        if codes != ACCESS_CODES:
            out.append("checks %s, not SPEC's seven in order (not_the_holder last)" % codes)
        failing = {c["code"] for c in d["checks"] if not c.get("passed")}
        want = read_allowed(k, s)
        if bool(d.get("allowed")) != want:
            out.append("allowed=%s, expected %s (failing %s)" % (d.get("allowed"), want,
                                                                 sorted(failing)))
        if not expected_failing(k, s) <= failing:
            out.append("failing %s, expected among them %s" % (sorted(failing),
                                                               sorted(expected_failing(k, s))))
        return "; ".join(out) or None

    # ---- the verdicts ----------------------------------------------------------------------
    def report(self, action):
        lines = []
        for s in STATES:
            if s in self.setup_failures:
                lines.append("%s: not run, set-up failed: %s" % (s, "; ".join(
                    self.setup_failures[s])[:400]))
                continue
            for k in ORGS:
                for role in ROLES:
                    if expect(action, k, role, s) is None:
                        continue
                    fail = self.cells.get((action, s, k, role), "not run")
                    if fail:
                        lines.append("%s %s/%s: %s" % (s, k, role, fail))
        if lines:
            self.fail("%d failing %s cells:\n%s" % (len(lines), action, "\n".join(lines)))

    def test_grant_carrier(self):
        self.report("grant")

    def test_grant_information(self):
        self.report("grant_information")

    def test_issue(self):
        self.report("issue")

    def test_issue_to_another_organization(self):
        self.report("issue_other_person")

    def test_issue_of_a_copy_held_elsewhere(self):
        self.report("issue_other_copy")

    def test_registry_record_visibility(self):
        self.report("record")

    def test_read_content(self):
        self.report("read")

    def test_access_check_not_the_holder(self):
        self.report("check")

    def test_extend(self):
        self.report("extend")

    def test_declassify(self):
        self.report("declassify")

    def test_custody_per_copy_recorded(self):
        """GET /v1/carriers/{id}: each copy names its holding organization and
        org_id is the carrier's holder (SPEC section 2 "Carrier")."""
        bad = []
        for s in STATES:
            auditor = self.tokens["A", "auditor"]
            resp = self.req("GET", "/v1/carriers/%s" % self.carrier[s], token=auditor)
            self.responses.append(("custody", "GET", s, resp))
            if resp.status != 200:
                bad.append("%s: %r" % (s, resp))
                continue
            rec = resp.json
            if rec.get("org_id") != self.org[ORG_ID[s]]:
                bad.append("%s: org_id %s, expected %s" % (s, rec.get("org_id"), ORG_ID[s]))
            want = {n: self.org[k] for k, ns in HOLDS[s].items() for n in ns}
            got = {c.get("number"): c.get("holder_org_id") for c in rec.get("copies", [])}
            if got != want:
                names = {v: k for k, v in self.org.items()}
                bad.append("%s: copies %s, expected %s" % (
                    s, {n: names.get(o, o) for n, o in sorted(got.items())},
                    {n: names[o] for n, o in sorted(want.items())}))
        if bad:
            self.fail("custody not as SPEC says:\n" + "\n".join(bad))

    def test_no_content_byte_reaches_anyone_else(self):
        """No response carries a marker except the allowed read of its own
        carrier; nor the audit log, nor the database file at rest."""
        markers = [m for m in self.marker.values()]
        leaks = []
        for who, method, path, resp in self.responses:
            for s, m in self.marker.items():
                # the marker's random tail: even a part of the content counts
                if m[-16:] in resp.raw and not (
                        id(resp) in self.allowed_reads
                        and path == "/v1/carriers/%s/content" % self.carrier[s]):
                    leaks.append("%s %s %s (content of %s)" % (who, method, path, s))
        auditor = self.tokens["B", "auditor"]
        after = None
        while True:
            q = "/v1/audit?limit=1000" + ("&after=%s" % after if after is not None else "")
            resp = self.req("GET", q, token=auditor)
            self.assertEqual(resp.status, 200, resp)
            if any(m in resp.raw or m[-16:] in resp.raw for m in markers):
                leaks.append("the audit log")
            after = resp.json.get("next")
            if after is None or not resp.json["items"]:
                break
        data = db_bytes(self.srv)
        if any(m in data or m[-16:] in data for m in markers):
            leaks.append("the database file (content not encrypted at rest)")
        if leaks:
            self.fail("content reached:\n" + "\n".join(sorted(set(leaks))))


if __name__ == "__main__":
    unittest.main()
