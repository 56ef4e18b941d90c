"""Assigns eIds to an AKN tree by the OASIS Naming Convention (`para_8__list_1__point_a`)."""

from __future__ import annotations

import re

from lxml import etree

from .ns import local, q

#: element -> the name it takes in an eId
ABBREVIATIONS = {"paragraph": "para", "section": "sec", "subsection": "subsec", "attachment": "att"}
#: elements that get an eId
IDENTIFIED = {
    "formula", "container", "paragraph", "section", "subsection", "list", "point", "content",
    "intro", "wrapUp", "heading", "authorialNote", "attachment", "blockList", "item",
}
#: elements that take no eId themselves but prefix their descendants' eIds
PREFIXING = {"preface", "preamble", "conclusions", "coverPage"}
#: elements whose eId has no number: there is only one per parent
SINGLE = {"content", "intro", "wrapUp", "heading"}


_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]+")


def num_token(num_text: str) -> str:
    """The eId token of a printed number: "1." -> "1", "(a)" -> "a", "II." -> "II", "(iv)" -> "iv"."""
    return _NOT_ALNUM.sub("", num_text) or ""


def assign_eids(root: etree._Element) -> None:
    """Set `eId` on every identified element below root, replacing any eId already there.

    >>> # <mainBody><paragraph><num>8.</num><list>…<point><num>(a)</num> gives para_8__list_1__point_a
    """
    nums: dict[etree._Element, etree._Element] = {}  # element -> its first <num> child (what find(num) gives)
    for num in root.iter(_NUM):
        nums.setdefault(num.getparent(), num)
    _walk(root, "", {}, nums)


_NUM = q("num")
_NAMES: dict[object, str] = {}  # tag -> local name ("" for comments and PIs), split once per process


def _name(el: etree._Element) -> str:
    tag = el.tag
    try:
        return _NAMES[tag]
    except KeyError:
        name = local(el)
        if len(_NAMES) < 4096:
            _NAMES[tag] = name
        return name


def _walk(el: etree._Element, prefix: str, counters: dict[tuple[str, str], int], nums: dict) -> None:
    numbered_kinds: set[str] | None = None  # kinds of the children that have a <num> (asked for rarely)
    after: dict[str, tuple[str, int]] = {}  # kind -> (last printed number, unnumbered ones since)
    used: set[str] = set()
    names = _NAMES
    for child in el:
        name = names.get(child.tag)
        if name is None:
            name = _name(child)
        if not name:
            continue
        if name in IDENTIFIED:
            short = ABBREVIATIONS.get(name, name)
            num = nums.get(child)
            token = num_token(num.text or "") if num is not None and num.text else ""
            count = counters[(prefix, short)] = counters.get((prefix, short), 0) + 1
            if name in SINGLE:
                eid = f"{prefix}{short}"
            elif token:
                eid = f"{prefix}{short}_{token}"
                after[name] = (token, 0)
            else:
                if numbered_kinds is None:
                    numbered_kinds = {_name(c) for c in el if c in nums}
                if name in numbered_kinds:
                    # an unnumbered one among numbered siblings ("Follow-up" after paragraph 6): para_6-1
                    last, k = after.get(name, ("0", 0))
                    after[name] = (last, k + 1)
                    eid = f"{prefix}{short}_{last}-{k + 1}"
                else:
                    eid = f"{prefix}{short}_{count}"
            if eid in used:  # the same number printed twice: "(a)", "(a)" -> point_a, point_a-2
                k = 2
                while f"{eid}-{k}" in used:
                    k += 1
                eid = f"{eid}-{k}"
            used.add(eid)
            child.set("eId", eid)
            if len(child):
                _walk(child, eid + "__", {}, nums)
        elif name in PREFIXING:
            if len(child):
                _walk(child, f"{prefix}{name}__", {}, nums)
        elif name == "meta":
            continue
        elif len(child):
            _walk(child, prefix, counters, nums)
