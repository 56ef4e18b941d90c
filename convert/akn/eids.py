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
    # Nearly every number is ASCII letters and digits between "(", ")", "." or spaces: then stripping those
    # ends leaves exactly what removing every character but [0-9A-Za-z] does, without the regex.
    core = num_text.strip(" ().")
    if core.isascii() and core.isalnum():
        return core
    return _NOT_ALNUM.sub("", num_text)


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


_SCOPE_TAGS = tuple(f"{{*}}{name}" for name in sorted(IDENTIFIED | PREFIXING))
#: tag -> (local name, the name its eId takes or None for a prefixing element, SINGLE?), worked out once per tag
_KINDS: dict[object, tuple[str, str | None, bool]] = {}


def _kind(el: etree._Element) -> tuple[str, str | None, bool]:
    name = _name(el)
    kind = (name, None if name in PREFIXING else ABBREVIATIONS.get(name, name), name in SINGLE)
    if len(_KINDS) < 4096:
        _KINDS[el.tag] = kind
    return kind


def _scope_above(node: etree._Element, scopes: dict) -> tuple[str, dict[str, int]] | None:
    """The scope of the children of `node`, an element between scopes (mainBody, a <p>): that of its nearest
    ancestor in `scopes`, or None if a <meta> comes first. Remembered for node and each element walked through,
    so that their next children find it at once (the same scope the walk up would find again)."""
    between = []
    while True:
        if _name(node) == "meta":
            scope = None
            break
        between.append(node)
        node = node.getparent()
        if node in scopes:
            scope = scopes[node]
            break
    for node in between:
        scopes[node] = scope
    return scope


def assign_eids(root: etree._Element, nums: dict[etree._Element, etree._Element] | None = None) -> None:
    """Set `eId` on every identified element below root, replacing any eId already there.

    `nums`: each element of the tree that has a <num> child -> its first one, when the caller knows them
    (the builder does): the tree is then not walked for them.

    >>> # <mainBody><paragraph><num>8.</num><list>…<point><num>(a)</num> gives para_8__list_1__point_a
    """
    if nums is None:
        nums = {}  # element -> its first <num> child (what find(num) gives)
        for num in root.iter(_NUM):
            nums.setdefault(num.getparent(), num)
    # One pass over only the elements that matter (lxml picks them out, in document order, parents first),
    # not a Python walk of every element. Each one's scope is its nearest identified or prefixing ancestor
    # (or root): the scope gives the eId prefix and the counters by kind, which run on through the
    # elements between (a <p> is no scope); `after`, `used` and the numbered kinds belong to the parent.
    # Elements under a <meta> take no eId, nor do their descendants.
    scopes: dict[etree._Element, tuple[str, dict[str, int]] | None] = {root: ("", {})}  # None: under meta
    siblings: dict[etree._Element, tuple[dict[str, tuple[str, int]], set[str], list]] = {}
    kinds = _KINDS
    for el in root.iterdescendants(*_SCOPE_TAGS):  # (root itself is no element below root)
        parent = el.getparent()
        # (None is a scope under meta)
        scope = scopes[parent] if parent in scopes else _scope_above(parent, scopes)
        if scope is None:
            scopes[el] = None
            continue
        prefix, counters = scope
        tag = el.tag
        name, short, single = kinds[tag] if tag in kinds else _kind(el)
        if short is None:  # a prefixing element
            scopes[el] = (f"{prefix}{name}__", {})
            continue
        count = counters[short] = counters.get(short, 0) + 1
        state = siblings.get(parent)
        if state is None:
            state = siblings[parent] = ({}, set(), [])
        after, used, numbered = state  # kind -> (last printed number, unnumbered ones since); eIds; [kinds]
        if single:  # (a number it has counts for nothing)
            eid = f"{prefix}{short}"
        else:
            num = nums.get(el)
            text = num.text if num is not None else None
            if text and (token := num_token(text)):
                eid = f"{prefix}{short}_{token}"
                after[name] = (token, 0)
            else:
                if not numbered:  # kinds of the parent's children that have a <num> (asked for rarely)
                    numbered.append({_name(c) for c in parent if c in nums})
                if name in numbered[0]:
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
        el.set("eId", eid)
        scopes[el] = (eid + "__", {})
