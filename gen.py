
def cstr(sql):
    out=[]
    for line in sql.split("\n"):
        out.append('\t"%s\\n"'%line.replace('\\','\\\\').replace('"','\\"'))
    return "\n".join(out)

def build(pgmode):
    d = pg() if pgmode else sqlite()
    oks,sets,bits,rm = gen(d,pgmode)
    C = ' COLLATE "C"' if pgmode else ''
    INT = "BIGINT" if pgmode else "INTEGER"
    REAL = "DOUBLE PRECISION" if pgmode else "REAL"
    DATE = (lambda c: "CHECK (%s ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')"%c) if pgmode else (lambda c: "CHECK (%s GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')"%c)
    coldefs=["more %s NOT NULL DEFAULT 0 CHECK (more BETWEEN 0 AND %d)"%(INT,(1<<26)-1)]
    for key,col,typ,bit,size in TOP:
        if typ=="bool": coldefs.append("%s %s CHECK (%s IN (0, 1))"%(col,INT,col))
        elif typ=="date": coldefs.append("%s TEXT%s %s"%(col,C,DATE(col)))
        else: coldefs.append("%s TEXT%s"%(col,C))
    for okey,bit,objbit,subs in OBJS:
        for sk,col,typ,opt,nullok,size in subs:
            if typ=="num": coldefs.append("%s %s"%(col,REAL))
            elif typ=="date": coldefs.append("%s TEXT%s %s"%(col,C,DATE(col)))
            else: coldefs.append("%s TEXT%s"%(col,C))
    lines=[]
    for cd in coldefs:
        lines.append("ALTER TABLE carrier ADD COLUMN %s%s;"%("IF NOT EXISTS " if pgmode else "",cd))
    lines.append("CREATE TABLE IF NOT EXISTS carrier_review(")
    lines.append("  carrier_id TEXT%s NOT NULL REFERENCES carrier(id),"%C)
    lines.append("  ord %s NOT NULL,"%INT)
    for k,col,size,isdate in REVIEW_COLS:
        lines.append("  %s TEXT%s%s,"%(col,C," "+DATE(col) if isdate else ""))
    lines.append("  extra TEXT%s,"%C)
    lines.append("  PRIMARY KEY(carrier_id, ord)")
    lines.append(")%s;"%("" if pgmode else " WITHOUT ROWID"))
    J = "carrier.extra::jsonb" if pgmode else "carrier.extra"
    srcj = "c.extra::jsonb" if pgmode else "c.extra"
    okj = lambda s: s
    # reviews rows first (they leave extra below)
    rvsel=[]
    for k,col,size,isdate in REVIEW_COLS:
        if pgmode:
            t="jsonb_typeof(e.value -> '%s')"%k; v="(e.value ->> '%s')"%k
            cond="%s = 'string' AND octet_length(%s) BETWEEN 1 AND %d"%(t,v,size-1)
            if isdate: cond+=" AND %s ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'"%v
        else:
            t="json_type(e.value, '$.%s')"%k; v="json_extract(e.value, '$.%s')"%k
            cond="%s = 'text' AND length(CAST(%s AS BLOB)) BETWEEN 1 AND %d"%(t,v,size-1)
            if isdate: cond+=" AND %s GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"%v
        rvsel.append((k,cond,v))
    sel=", ".join("CASE WHEN %s THEN %s END"%(c,v) for k,c,v in rvsel)
    if pgmode:
        rmx="NULLIF((e.value - array_remove(ARRAY[%s]::text[], NULL))::text, '{}')"%", ".join("CASE WHEN %s THEN '%s' END"%(c,k) for k,c,v in rvsel)
        okr=[o for o in oks if o.endswith("AS ok_reviews")][0].replace(" AS ok_reviews","").replace("x.j","c.extra::jsonb")
        lines.append("INSERT INTO carrier_review(carrier_id, ord, kind, how, list_item_id, information_id, effective_date, by_user, extra)")
        lines.append(" SELECT c.id, e.ord - 1, %s,"%sel)
        lines.append("  %s"%rmx)
        lines.append(" FROM carrier AS c CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(c.extra::jsonb -> 'reviews') = 'array' THEN c.extra::jsonb -> 'reviews' ELSE '[]'::jsonb END) WITH ORDINALITY AS e(value, ord)")
        lines.append(" WHERE c.extra IS NOT NULL AND %s ON CONFLICT DO NOTHING;"%okr)
    else:
        rmx="NULLIF(json_remove(e.value, %s), '{}')"%", ".join("CASE WHEN %s THEN '$.%s' ELSE '$[0]' END"%(c,k) for k,c,v in rvsel)
        okr=[o for o in oks if o.endswith("AS ok_reviews")][0].replace(" AS ok_reviews","").replace("x.j","c.extra")
        lines.append("INSERT OR IGNORE INTO carrier_review(carrier_id, ord, kind, how, list_item_id, information_id, effective_date, by_user, extra)")
        lines.append(" SELECT c.id, e.key, %s,"%sel)
        lines.append("  %s"%rmx)
        lines.append(" FROM carrier AS c, json_each(c.extra, '$.reviews') AS e")
        lines.append(" WHERE c.extra IS NOT NULL AND json_valid(c.extra) AND %s;"%okr)
    lines.append("UPDATE carrier SET more = carrier.more | " + " | ".join(bits).replace("m.","m.") + ",")
    for s_ in sets:
        lines.append("  %s,"%s_)
    lines.append("  extra = %s"%rm)
    if pgmode:
        lines.append(" FROM (SELECT x.id AS xid, x.j,")
        lines.append("  " + ",\n  ".join(oks))
        lines.append("  FROM (SELECT id, extra::jsonb AS j FROM carrier WHERE extra IS NOT NULL) AS x) AS m")
        lines.append(" WHERE carrier.id = m.xid;")
    else:
        lines.append(" FROM (SELECT x.id AS xid, x.j,")
        lines.append("  " + ",\n  ".join(oks))
        lines.append("  FROM (SELECT id, extra AS j FROM carrier WHERE extra IS NOT NULL AND json_valid(extra) AND json_type(extra) = 'object') AS x) AS m")
        lines.append(" WHERE carrier.id = m.xid;")
    return "\n".join(lines)

import sys
mode=sys.argv[1]
sql=build(mode=="pg")
if len(sys.argv)>2: print(sql)
else: print(cstr(sql))
