# gen-0026-carrier-columns.py — writes the SQL of migration 0026_carrier_columns
# for SQLite (python3 scripts/gen-0026-carrier-columns.py sqlite) and PostgreSQL
# (... pg) as the C string macros CARRIER_0026_COLUMNS and CARRIER_0026_MOVES
# pasted into src/store/store_sqlite.c and pg_store.c (prefixed PG_ there);
# "raw" as a second argument prints plain SQL. The shapes follow xcols[] of
# src/store/sqlite_carrier_rec.c: a field moves to its column only when
# carrier_rec_from() would take it.
import sys
TOP = [
 ("court_ref","court_ref","str",1<<0,256),
 ("lost_on","lost_on","date",1<<1,11),
 ("incident_id","incident_id","str",1<<2,40),
 ("joint_work_id","joint_work_id","str",1<<3,40),
 ("review_required","review_required","bool",1<<4,0),
 ("review_due_on","review_due_on","date",1<<5,11),
 ("review_reason","review_reason","str",1<<6,32),
 ("declassified_on","declassified_on","date",1<<7,11),
]
OBJS = [
 ("owner",1<<8,1<<9,[("kind","owner_kind","str",0,False,24),("name","owner_name","str",0,False,1024),
   ("iin","owner_iin","str",1<<10,False,16),("bin","owner_bin","str",1<<11,False,16)]),
 ("alienation",1<<12,1<<13,[("contract_ref","alienation_contract_ref","str",1<<14,False,256),
   ("compensation","alienation_compensation","num",1<<15,False,0),
   ("non_disclosure_signed_on","alienation_nd_signed_on","date",1<<17,False,11)]),
 ("archive",1<<18,1<<19,[("archive_ref","archive_ref","str",0,False,256),("archive_org_id","archive_org_id","str",1<<20,True,40),
   ("date","archived_on","date",0,False,11),("by","archived_by","str",0,False,40)]),
 ("destruction",1<<21,1<<22,[("act_number","destruction_act_number","str",0,False,256),("date","destroyed_on","date",0,False,11),("by","destroyed_by","str",0,False,40)]),
 ("declassification",1<<23,1<<24,[("ground","declassification_ground","str",0,True,32),("court_ref","declassification_court_ref","str",0,True,256),
   ("effective_date","declassification_on","date",0,False,11),("by","declassification_by","str",0,False,40)]),
]
COMP_INT = 1<<16
REVIEWS = 1<<25
REVIEW_COLS=[("kind","kind",32,False),("how","how",32,False),("list_item_id","list_item_id",40,False),("information_id","information_id",40,False),("effective_date","effective_date",11,True),("by","by_user",40,False)]
EXACT=9007199254740992
# journal entries (movement): (key, column, type, bit, size); copy_numbers bit 16
MTOP = [
 ("from_org_id","from_org_id","str",1<<0,40),
 ("to_org_id","to_org_id","str",1<<1,40),
 ("from_person_id","from_person_id","str",1<<2,40),
 ("reason","reason","str",1<<3,1024),
 ("basis","basis","str",1<<4,40),
 ("transfer_id","transfer_id","str",1<<5,40),
 ("joint_work_id","joint_work_id","str",1<<6,40),
 ("foreign_transfer_id","foreign_transfer_id","str",1<<7,40),
 ("act_number","act_number","str",1<<8,256),
 ("archive_ref","archive_ref","str",1<<9,256),
 ("archive_org_id","archive_org_id","str",1<<10,40),
 ("inventory_id","inventory_id","str",1<<11,40),
 ("incident_id","incident_id","str",1<<12,40),
 ("ground","ground","str",1<<13,40),
 ("declassify_on","declassify_on","date",1<<14,11),
 ("found","found","bool",1<<15,0),
]
MCOPIES = 1<<16

def T(pg, j, path):
    if pg:
        return "jsonb_typeof(%s #> '{%s}')" % (j, ",".join(path))
    return "json_type(%s, '$.%s')" % (j, ".".join(path))
def V(pg, j, path):
    if pg:
        return "(%s #>> '{%s}')" % (j, ",".join(path))
    return "json_extract(%s, '$.%s')" % (j, ".".join(path))
def S(pg): return "'string'" if pg else "'text'"
def LEN(pg, x): return ("octet_length(%s)" if pg else "length(CAST(%s AS BLOB))") % x
def DATEOK(pg, x): return ("%s ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'" if pg else "%s GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'") % x

def ok(pg, j, path, typ, size, nullok):
    t = T(pg, j, path); v = V(pg, j, path)
    if typ == "bool":
        c = ("%s = 'boolean'" % t) if pg else ("%s IN ('true', 'false')" % t)
    elif typ == "num":
        if pg:
            c = "(%s = 'number' AND (%s !~ '^-?[0-9]+$' OR abs((%s)::numeric) <= %d))" % (t, v, v, EXACT)
        else:
            c = "((%s = 'integer' AND %s BETWEEN -%d AND %d) OR %s = 'real')" % (t, v, EXACT, EXACT, t)
    else:
        c = "(%s = %s AND %s BETWEEN 1 AND %d" % (t, S(pg), LEN(pg, v), size - 1)
        if typ == "date":
            c += " AND " + DATEOK(pg, v)
        c += ")"
    if nullok:
        c = "(%s = 'null' OR %s)" % (t, c)
    return "(" + c + ")"

def scalars(pg, fields):
    """The ok columns, presence bits and SET items of fields of a row's
    extra that are not objects: (key, column, type, bit, size)."""
    oks = []; bits = []; sets = []
    for key, col, typ, bit, size in fields:
        oks.append("%s AS ok_%s" % (ok(pg, "x.j", [key], typ, size, True), key))
        bits.append("(CASE WHEN m.ok_%s THEN %d ELSE 0 END)" % (key, bit))
        t = T(pg, "m.j", [key]); v = V(pg, "m.j", [key])
        if typ == "bool":
            val = ("(CASE WHEN %s = 'boolean' THEN (CASE WHEN %s = 'true' THEN 1 ELSE 0 END) END)" % (t, v)) if pg \
                else ("(CASE WHEN %s = 'true' THEN 1 WHEN %s = 'false' THEN 0 END)" % (t, t))
        else:
            val = "(CASE WHEN %s = %s THEN %s END)" % (t, S(pg), v)
        sets.append("%s = CASE WHEN m.ok_%s THEN %s END" % (col, key, val))
    return oks, bits, sets

def removal(pg, removed):
    """extra without the keys whose condition holds: removed is [(cond, key)]."""
    if pg:
        return "NULLIF((m.j - array_remove(ARRAY[%s]::text[], NULL))::text, '{}')" % ", ".join("CASE WHEN %s THEN '%s' END" % (c, k) for c, k in removed)
    return "NULLIF(json_remove(m.j, %s), '{}')" % ", ".join("CASE WHEN %s THEN '$.%s' ELSE '$[0]' END" % (c, k) for c, k in removed)

def update(pg, table, bits, sets, rm, oks):
    """The UPDATE of table moving the fields out of extra."""
    U = ["UPDATE %s SET more = %s.more | " % (table, table) + " | ".join(bits) + ","]
    U += ["  %s," % s_ for s_ in sets]
    U.append("  extra = %s" % rm)
    U.append(" FROM (SELECT x.id AS xid, x.j,")
    U.append("  " + ",\n  ".join(oks))
    if pg:
        U.append("  FROM (SELECT id, extra::jsonb AS j FROM %s WHERE extra IS NOT NULL AND jsonb_typeof(extra::jsonb) = 'object') AS x) AS m" % table)
    else:
        U.append("  FROM (SELECT id, extra AS j FROM %s WHERE extra IS NOT NULL AND json_valid(extra) AND json_type(extra) = 'object') AS x) AS m" % table)
    U.append(" WHERE %s.id = m.xid;" % table)
    return U

def add_columns(pg, table, defs):
    """The ALTER TABLEs adding defs to table: one per column on SQLite (it
    has no other form; store_sqlite.c's MIG_ADD_COLUMNS keeps each from
    checking every row), one for all on PostgreSQL, which then checks the
    new CHECKs in one scan of the table instead of one scan per column."""
    if pg:
        return ["ALTER TABLE %s" % table] + [
            "  ADD COLUMN IF NOT EXISTS %s%s" % (d, ";" if k == len(defs) - 1 else ",")
            for k, d in enumerate(defs)]
    return ["ALTER TABLE %s ADD COLUMN %s;" % (table, d) for d in defs]

def build(pg):
    C = ' COLLATE "C"' if pg else ''
    INT = "BIGINT" if pg else "INTEGER"
    REAL = "DOUBLE PRECISION" if pg else "REAL"
    def DATE(c): return "CHECK (%s)" % DATEOK(pg, c)
    coldefs = ["more %s NOT NULL DEFAULT 0 CHECK (more BETWEEN 0 AND %d)" % (INT, (1 << 26) - 1)]
    for key, col, typ, bit, size in TOP:
        if typ == "bool": coldefs.append("%s %s CHECK (%s IN (0, 1))" % (col, INT, col))
        elif typ == "date": coldefs.append("%s TEXT%s %s" % (col, C, DATE(col)))
        else: coldefs.append("%s TEXT%s" % (col, C))
    for okey, bit, objbit, subs in OBJS:
        for sk, col, typ, opt, nullok, size in subs:
            if typ == "num": coldefs.append("%s %s" % (col, REAL))
            elif typ == "date": coldefs.append("%s TEXT%s %s" % (col, C, DATE(col)))
            else: coldefs.append("%s TEXT%s" % (col, C))
    L = add_columns(pg, "carrier", coldefs)
    L.append("--MOVES--")
    L.append("CREATE TABLE IF NOT EXISTS carrier_review(")
    L.append("  carrier_id TEXT%s NOT NULL REFERENCES carrier(id)," % C)
    L.append("  ord %s NOT NULL," % INT)
    for k, col, size, isdate in REVIEW_COLS:
        L.append("  %s TEXT%s%s," % (col, C, " " + DATE(col) if isdate else ""))
    L.append("  extra TEXT%s," % C)
    L.append("  PRIMARY KEY(carrier_id, ord)")
    L.append(")%s;" % ("" if pg else " WITHOUT ROWID"))
    # the ok columns of each carrier, over x.j (its extra as JSON)
    oks, bits, sets = scalars(pg, TOP)
    for okey, bit, objbit, subs in OBJS:
        names = ", ".join("'%s'" % s[0] for s in subs)
        if pg:
            extra_keys = "(SELECT count(*) FROM jsonb_object_keys(x.j -> '%s') AS e(key) WHERE e.key NOT IN (%s))" % (okey, names)
        else:
            extra_keys = "(SELECT count(*) FROM json_each(x.j, '$.%s') AS e WHERE e.key NOT IN (%s))" % (okey, names)
        conds = ["%s = 'object'" % T(pg, "x.j", [okey]), extra_keys + " = 0"]
        for sk, col, typ, opt, nullok, size in subs:
            o = ok(pg, "x.j", [okey, sk], typ, size, nullok)
            conds.append("(%s IS NULL OR %s)" % (T(pg, "x.j", [okey, sk]), o) if opt else o)
        objok = "(" + " AND ".join(conds) + ")"
        oks.append("%s AS obj_%s" % (objok, okey))
        oks.append("%s = 'null' AS null_%s" % (T(pg, "x.j", [okey]), okey))
        bits.append("(CASE WHEN m.obj_%s OR m.null_%s THEN %d ELSE 0 END)" % (okey, okey, bit))
        bits.append("(CASE WHEN m.obj_%s THEN %d ELSE 0 END)" % (okey, objbit))
        for sk, col, typ, opt, nullok, size in subs:
            t = T(pg, "m.j", [okey, sk]); v = V(pg, "m.j", [okey, sk])
            if opt:
                bits.append("(CASE WHEN m.obj_%s AND %s IS NOT NULL THEN %d ELSE 0 END)" % (okey, t, opt))
            if typ == "num":
                isint = ("%s ~ '^-?[0-9]+$'" % v) if pg else ("%s = 'integer'" % t)
                bits.append("(CASE WHEN m.obj_%s AND %s IS NOT NULL AND %s THEN %d ELSE 0 END)" % (okey, t, isint, COMP_INT))
                val = ("(%s)::double precision" % v) if pg else v
                sets.append("%s = CASE WHEN m.obj_%s AND %s IS NOT NULL THEN %s END" % (col, okey, t, val))
            else:
                sets.append("%s = CASE WHEN m.obj_%s AND %s = %s THEN %s END" % (col, okey, t, S(pg), v))
    if pg:
        rv = "(%s = 'array' AND (SELECT count(*) FROM jsonb_array_elements(x.j -> 'reviews') AS e(value) WHERE jsonb_typeof(e.value) <> 'object') = 0)" % T(pg, "x.j", ["reviews"])
    else:
        rv = "(%s = 'array' AND (SELECT count(*) FROM json_each(x.j, '$.reviews') AS e WHERE e.type <> 'object') = 0)" % T(pg, "x.j", ["reviews"])
    oks.append("%s AS ok_reviews" % rv)
    bits.append("(CASE WHEN m.ok_reviews THEN %d ELSE 0 END)" % REVIEWS)
    removed = [("m.ok_%s" % k[0], k[0]) for k in TOP] + [("(m.obj_%s OR m.null_%s)" % (o[0], o[0]), o[0]) for o in OBJS] + [("m.ok_reviews", "reviews")]
    rm = removal(pg, removed)
    # the review rows first (reviews leaves extra below)
    rvsel = []
    for k, col, size, isdate in REVIEW_COLS:
        t = T(pg, "e.value", [k]); v = V(pg, "e.value", [k])
        cond = "%s = %s AND %s BETWEEN 1 AND %d" % (t, S(pg), LEN(pg, v), size - 1)
        if isdate: cond += " AND " + DATEOK(pg, v)
        rvsel.append((k, cond, v))
    sel = ", ".join("CASE WHEN %s THEN %s END" % (c, v) for k, c, v in rvsel)
    L.append("INSERT INTO carrier_review(carrier_id, ord, kind, how, list_item_id, information_id, effective_date, by_user, extra)")
    if pg:
        rmx = "NULLIF((e.value - array_remove(ARRAY[%s]::text[], NULL))::text, '{}')" % ", ".join("CASE WHEN %s THEN '%s' END" % (c, k) for k, c, v in rvsel)
        L.append(" SELECT x.id, e.ord - 1, %s," % sel)
        L.append("  %s" % rmx)
        L.append(" FROM (SELECT id, extra::jsonb AS j FROM carrier WHERE extra IS NOT NULL) AS x CROSS JOIN LATERAL jsonb_array_elements(x.j -> 'reviews') WITH ORDINALITY AS e(value, ord)")
        L.append(" WHERE %s ON CONFLICT DO NOTHING;" % rv)
    else:
        rmx = "NULLIF(json_remove(e.value, %s), '{}')" % ", ".join("CASE WHEN %s THEN '$.%s' ELSE '$[0]' END" % (c, k) for k, c, v in rvsel)
        L.append(" SELECT x.id, e.key, %s," % sel)
        L.append("  %s" % rmx)
        L.append(" FROM (SELECT id, extra AS j FROM carrier WHERE extra IS NOT NULL AND json_valid(extra) AND json_type(extra) = 'object') AS x, json_each(x.j, '$.reviews') AS e")
        L.append(" WHERE %s ON CONFLICT DO NOTHING;" % rv)
    L.extend(update(pg, "carrier", bits, sets, rm, oks))
    mcols, mmoves = movements(pg)
    k = L.index("--MOVES--")
    L[k:k] = mcols
    L.extend(mmoves)
    return "\n".join(L)

def movements(pg):
    """The journal entries' part: columns in COLUMNS, moves in MOVES."""
    C = ' COLLATE "C"' if pg else ''
    INT = "BIGINT" if pg else "INTEGER"
    defs = ["more %s NOT NULL DEFAULT 0 CHECK (more BETWEEN 0 AND %d)" % (INT, (1 << 17) - 1)]
    for key, col, typ, bit, size in MTOP:
        if typ == "bool": d = "%s %s CHECK (%s IN (0, 1))" % (col, INT, col)
        elif typ == "date": d = "%s TEXT%s CHECK (%s)" % (col, C, DATEOK(pg, col))
        else: d = "%s TEXT%s" % (col, C)
        defs.append(d)
    cols = add_columns(pg, "movement", defs)
    M = []
    M.append("CREATE TABLE IF NOT EXISTS movement_copy(")
    M.append("  movement_id TEXT%s NOT NULL REFERENCES movement(id)," % C)
    M.append("  ord %s NOT NULL," % INT)
    M.append("  number %s NOT NULL," % INT)
    M.append("  PRIMARY KEY(movement_id, ord)")
    M.append(")%s;" % ("" if pg else " WITHOUT ROWID"))
    if pg:
        cnok = "(%s = 'array' AND (SELECT count(*) FROM jsonb_array_elements(x.j -> 'copy_numbers') AS e(value) WHERE jsonb_typeof(e.value) <> 'number' OR e.value::text !~ '^-?[0-9]{1,18}$') = 0)" % T(pg, "x.j", ["copy_numbers"])
        M.append("INSERT INTO movement_copy(movement_id, ord, number)")
        M.append(" SELECT x.id, e.ord - 1, (e.value::text)::bigint")
        M.append(" FROM (SELECT id, extra::jsonb AS j FROM movement WHERE extra IS NOT NULL) AS x CROSS JOIN LATERAL jsonb_array_elements(x.j -> 'copy_numbers') WITH ORDINALITY AS e(value, ord)")
        M.append(" WHERE %s ON CONFLICT DO NOTHING;" % cnok.replace("(SELECT count(*) FROM jsonb_array_elements(x.j -> 'copy_numbers') AS e(value)", "(SELECT count(*) FROM jsonb_array_elements(x.j -> 'copy_numbers') AS f(value)").replace("jsonb_typeof(e.value) <> 'number' OR e.value::text", "jsonb_typeof(f.value) <> 'number' OR f.value::text"))
    else:
        cnok = "(%s = 'array' AND (SELECT count(*) FROM json_each(x.j, '$.copy_numbers') AS e WHERE e.type <> 'integer') = 0)" % T(pg, "x.j", ["copy_numbers"])
        M.append("INSERT INTO movement_copy(movement_id, ord, number)")
        M.append(" SELECT x.id, e.key, e.value")
        M.append(" FROM (SELECT id, extra AS j FROM movement WHERE extra IS NOT NULL AND json_valid(extra) AND json_type(extra) = 'object') AS x, json_each(x.j, '$.copy_numbers') AS e")
        M.append(" WHERE %s ON CONFLICT DO NOTHING;" % cnok.replace("AS e WHERE e.type", "AS f WHERE f.type"))
    oks, bits, sets = scalars(pg, MTOP)
    oks.append("%s AS ok_copy_numbers" % cnok)
    bits.append("(CASE WHEN m.ok_copy_numbers THEN %d ELSE 0 END)" % MCOPIES)
    removed = [("m.ok_%s" % k[0], k[0]) for k in MTOP] + [("m.ok_copy_numbers", "copy_numbers")]
    rm = removal(pg, removed)
    M.extend(update(pg, "movement", bits, sets, rm, oks))
    return cols, M

def cstr(sql):
    out = []
    for l in sql.split("\n"):
        if l == "--MOVES--":
            out.append('\t""')
            out.append("#define CARRIER_0026_MOVES \\")
            continue
        out.append('\t"%s\\n" \\' % l.replace('\\', '\\\\').replace('"', '\\"'))
    return "#define CARRIER_0026_COLUMNS \\\n" + "\n".join(out) + "\n\t\"\"\n"

mode = sys.argv[1]
sql = build(mode == "pg")
print(sql.replace("--MOVES--\n","") if len(sys.argv) > 2 else cstr(sql))
