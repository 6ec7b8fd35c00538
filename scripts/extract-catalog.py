#!/usr/bin/env python3
"""extract-catalog.py -- regenerate data/catalog.json from the law texts.

What it is for
    The statutory catalogue of qupiya (SPEC.md section 2, "Statutory
    catalogue" and "Not classifiable"; served by GET /v1/catalog, API.md) is
    shipped as data.  This script extracts it from the Law of the Republic of
    Kazakhstan "On State Secrets" as it stands in ../shared/law:

      * items             every numbered subparagraph "N)" / "N-M)" of
                          Articles 11, 12, 13 and 14, code "<article>.<item>"
                          (e.g. "11.1", "14.1-1", "14.18-1");
      * not_classifiable  the eleven topics of Article 17 paragraph 1, code
                          "17.1.<item>";
      * excluded          codes of items whose text says the item was excluded
                          ("excluded by the Law ..." / "алып тасталды"); these
                          are kept out of "items".

    English text comes from on-state-secrets.en.txt, Kazakh text from
    on-state-secrets.kk.txt.  Items are matched by article and item number,
    never by position; the script refuses to write anything if the two
    languages disagree on the set of item numbers.

Usage
    python3 scripts/extract-catalog.py [--law DIR] [--out FILE] [--check]

    Defaults: --law <repo>/../shared/law, --out <repo>/data/catalog.json,
    where <repo> is the parent of this script's directory.  --check writes
    nothing and exits 1 if FILE differs from what would be generated.

What it does to the text (and nothing more)
    * trims each item; a line that continues an unterminated item (the law
      file breaks 14.1-1 in two in English) is joined with one space;
    * drops the "- " list markers of the English file;
    * drops footnotes ("Footnote. ..." / "Ескерту. ...") and editorial notes
      ("ЗҚАИ-ның ескертпесі!" plus the note line that follows it, which in
      Art. 12 itself starts with "33)" and must not be read as an item);
    * removes the "??" mis-encoding artefact (a lost non-breaking space) and
      collapses runs of whitespace.

Fail-closed: any line inside a parsed list that is neither an item, a known
kind of noise nor a continuation of an unterminated item, a duplicate or
out-of-order item number, or a language mismatch aborts with a message
naming the file and line.  Python 3 standard library only.
"""

import argparse
import json
import os
import re
import sys

ARTICLES = (11, 12, 13, 14)      # the lists of information constituting state secrets
NOT_CLASSIFIABLE_ARTICLE = 17    # Art. 17.1: information not subject to classification
NOT_CLASSIFIABLE_COUNT = 11      # SPEC.md: the eleven topics of Art. 17.1

# Article headings.  English: "Article 11. ..." at the start of a line, possibly
# after a chapter title on the same line ("Chapter 3. ... Article 11. ...").
# References such as "Article 14 of this Law" or "Footnote. Article 11, as ..."
# have no period right after the number, so they never match.
EN_HEADING = re.compile(r"^(?:Chapter \d+\..*?\s)?Article (\d+(?:-\d+)?)\.\s")
KK_HEADING = re.compile(r"^(\d+(?:-\d+)?)-бап\.\s")
KK_CHAPTER = re.compile(r"^\d+-тарау\.\s")

# A numbered subparagraph: "1) ...", "1-1) ..." (English lines may start "- ").
ITEM = re.compile(r"^(\d+)(?:-(\d+))?\)\s*(.*)$")
# A numbered paragraph: "1. ...", "2. ..." (English lines may start "- ").
PARAGRAPH = re.compile(r"^(\d+)\.\s*(.*)$")

FOOTNOTE = re.compile(r"^(?:Footnote\.|Ескерту\.)")
EDITORIAL_NOTE = re.compile(r"^ЗҚАИ-ның ескертпесі!?$")
EXCLUDED = re.compile(r"^(?:(?:is|shall be|has been)\s+)?excluded\b|^алып тасталды",
                      re.IGNORECASE)
TERMINATED = re.compile(r"[;.:]$")


class ExtractError(Exception):
    """The law file does not look the way this script expects."""


def clean(text):
    """Trim, drop the '??' artefact and collapse whitespace."""
    text = text.replace("??", "")
    return re.sub(r"\s+", " ", text).strip()


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return [ln.rstrip("\n").replace("\r", "") for ln in f]


def strip_marker(line):
    """Strip indentation and the English '- ' list marker."""
    s = line.strip()
    if s.startswith("- "):
        s = s[2:].lstrip()
    return s


def article_sections(lines, lang):
    """Map article number (str) -> list of (lineno, stripped line) of its body."""
    heading = EN_HEADING if lang == "en" else KK_HEADING
    sections, current = {}, None
    for no, raw in enumerate(lines, 1):
        s = raw.strip()
        m = heading.match(s)
        if m:
            current = m.group(1)
            if current in sections:
                raise ExtractError("%s:%d: article %s appears twice" % (lang, no, current))
            sections[current] = []
            continue
        if lang == "kk" and KK_CHAPTER.match(s):
            current = None          # a chapter title ends the previous article
            continue
        if current is not None:
            sections[current].append((no, s))
    return sections


def parse_items(body, where, stop_at_paragraph=None):
    """Parse the numbered subparagraphs of one list.

    body: (lineno, stripped line) pairs.  If stop_at_paragraph is None the
    whole body is one list (Art. 11-14).  Otherwise only the subparagraphs of
    numbered paragraph <stop_at_paragraph> are taken (Art. 17.1).
    Returns an ordered list of (number, text).
    """
    items, current = [], None
    in_scope = stop_at_paragraph is None
    skip_next = False
    for no, line in body:
        s = strip_marker(line)
        if not s:
            continue
        if skip_next:               # the text of an editorial note
            skip_next = False
            continue
        if EDITORIAL_NOTE.match(s):
            skip_next = True
            current = None
            continue
        if FOOTNOTE.match(s):
            current = None
            continue
        p = PARAGRAPH.match(s)
        if p and stop_at_paragraph is not None:
            in_scope = p.group(1) == str(stop_at_paragraph)
            current = None
            continue
        if not in_scope:
            continue
        m = ITEM.match(s)
        if m:
            num = m.group(1) + ("-" + m.group(2) if m.group(2) else "")
            items.append([num, m.group(3), no])
            current = items[-1]
            continue
        if current is not None and not TERMINATED.search(current[1].rstrip()):
            current[1] += " " + s   # continuation of an unterminated item
            continue
        if not items:
            continue                # the lead-in sentence before the first item
        raise ExtractError("%s:%d: unexpected line inside the list: %r"
                           % (where, no, s[:80]))
    check_order(items, where)
    return [(num, clean(text)) for num, text, _ in items]


def sort_key(num):
    parts = num.split("-")
    return (int(parts[0]), int(parts[1]) if len(parts) > 1 else 0)


def check_order(items, where):
    seen = set()
    prev = None
    for num, _, no in items:
        if num in seen:
            raise ExtractError("%s:%d: item %s) appears twice" % (where, no, num))
        seen.add(num)
        if prev is not None and sort_key(num) <= sort_key(prev):
            raise ExtractError("%s:%d: item %s) follows %s)" % (where, no, num, prev))
        if "-" not in num and prev is not None and int(num) != sort_key(prev)[0] + 1:
            raise ExtractError("%s:%d: item %s) follows %s) (gap)" % (where, no, num, prev))
        if "-" not in num and prev is None and num != "1":
            raise ExtractError("%s:%d: list starts at %s)" % (where, no, num))
        prev = num


def extract(law_dir):
    files = {lang: os.path.join(law_dir, "on-state-secrets.%s.txt" % lang)
             for lang in ("en", "kk")}
    parsed = {}                     # lang -> article -> [(num, text)]
    for lang, path in files.items():
        sections = article_sections(read_lines(path), lang)
        per = {}
        for art in ARTICLES:
            if str(art) not in sections:
                raise ExtractError("%s: Article %d not found" % (path, art))
            per[art] = parse_items(sections[str(art)], "%s (Art. %d)" % (path, art))
        a17 = NOT_CLASSIFIABLE_ARTICLE
        per[a17] = parse_items(sections[str(a17)], "%s (Art. %d)" % (path, a17),
                               stop_at_paragraph=1)
        parsed[lang] = per

    items, excluded, not_classifiable = [], [], []
    for art in ARTICLES + (NOT_CLASSIFIABLE_ARTICLE,):
        en = dict(parsed["en"][art])
        kk = dict(parsed["kk"][art])
        en_nums = [n for n, _ in parsed["en"][art]]
        kk_nums = [n for n, _ in parsed["kk"][art]]
        if en_nums != kk_nums:
            raise ExtractError("Article %d: item numbers differ: en %s, kk %s"
                               % (art, en_nums, kk_nums))
        for num in en_nums:
            gone = [bool(EXCLUDED.match(en[num])), bool(EXCLUDED.match(kk[num]))]
            if gone[0] != gone[1]:
                raise ExtractError("Article %d item %s): excluded in one language only"
                                   % (art, num))
            if art == NOT_CLASSIFIABLE_ARTICLE:
                code = "%d.1.%s" % (art, num)
                if gone[0]:
                    excluded.append(code)
                    continue
                not_classifiable.append({"code": code,
                                         "text": {"en": en[num], "kk": kk[num]}})
                continue
            code = "%d.%s" % (art, num)
            if gone[0]:
                excluded.append(code)
                continue
            if not en[num] or not kk[num]:
                raise ExtractError("item %s has empty text" % code)
            items.append({"code": code, "article": art,
                          "text": {"en": en[num], "kk": kk[num]}})
    if len(not_classifiable) != NOT_CLASSIFIABLE_COUNT:
        raise ExtractError("Art. 17.1: %d topics, expected %d"
                           % (len(not_classifiable), NOT_CLASSIFIABLE_COUNT))
    return {
        "version": 1,
        "source": ("Law of the Republic of Kazakhstan \"On State Secrets\" of "
                   "15 March 1999 No. 349-I, Articles 11-14 and 17.1; English: "
                   "on-state-secrets.en.txt (unofficial translation), Kazakh: "
                   "on-state-secrets.kk.txt; generated by "
                   "scripts/extract-catalog.py"),
        "items": items,
        "not_classifiable": not_classifiable,
        "excluded": excluded,
    }


def add_russian(catalog, path):
    """Adds text.ru from the working translation (CODE|text a line): the
    shared law files are kk/en only, so Russian is our own translation and
    is marked as such in the catalogue and in the interface."""
    if not os.path.exists(path):
        return
    ru = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line:
                code, text = line.split("|", 1)
                ru[code] = text
    for key in ("items", "not_classifiable"):
        for item in catalog[key]:
            if item["code"] not in ru:
                raise ExtractError("%s: no Russian text for %s" % (path, item["code"]))
            item["text"]["ru"] = ru[item["code"]]
    catalog["translations"] = {"ru": ("рабочий перевод с английского и казахского "
                                      "текстов Закона, не официальный текст "
                                      "(working translation)")}


def main(argv=None):
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--law", default=os.path.join(repo, "..", "shared", "law"))
    ap.add_argument("--out", default=os.path.join(repo, "data", "catalog.json"))
    ap.add_argument("--check", action="store_true",
                    help="compare with --out instead of writing it")
    args = ap.parse_args(argv)
    try:
        catalog = extract(args.law)
        add_russian(catalog, os.path.join(repo, "data", "catalog.ru.txt"))
    except (ExtractError, OSError) as e:
        print("extract-catalog: %s" % e, file=sys.stderr)
        return 2
    text = json.dumps(catalog, ensure_ascii=False, indent=2) + "\n"
    if args.check:
        try:
            with open(args.out, encoding="utf-8") as f:
                same = f.read() == text
        except OSError:
            same = False
        print("extract-catalog: %s is %s" % (args.out, "up to date" if same else "STALE"))
        return 0 if same else 1
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    tmp = args.out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, args.out)
    counts = {}
    for it in catalog["items"]:
        counts[it["article"]] = counts.get(it["article"], 0) + 1
    print("extract-catalog: wrote %s: %s; 17.1: %d; excluded: %s"
          % (args.out, ", ".join("Art. %d: %d" % kv for kv in sorted(counts.items())),
             len(catalog["not_classifiable"]), catalog["excluded"] or "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
