"""The profile checks' shortcuts (convert.akn.validate._scan) give the findings of a walk over every element."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from convert.akn import validate as V

VALID = Path(__file__).parent / "fixtures" / "validate" / "valid.xml"
A = V._A


def reference_scan(comp: etree._Element) -> tuple[list[tuple[str, str | None]], list[str]]:
    """The eIds _scan must check, in document order, found the slow way (every element, its ancestors walked
    one by one): (eId, eId of the nearest eId-bearing ancestor below comp) outside meta; the eIds in meta."""
    body, meta = [], []
    for el in comp.iter():
        if not isinstance(el.tag, str) or not el.tag.startswith(A) or el.get("eId") is None:
            continue
        if el is not comp and el.tag in V._DOC_TAG_SET:
            continue
        anc, in_meta, nested = None, False, False
        for a in () if el is comp else el.iterancestors():
            if a is comp:
                break
            nested = nested or a.tag in V._DOC_TAG_SET
            in_meta = in_meta or a.tag == A + "meta"
            anc = anc or a.get("eId") or None
        if not nested:
            (meta.append(el.get("eId")) if in_meta else body.append((el.get("eId"), anc)))
    return body, meta


def scan(comp: etree._Element) -> tuple[list[tuple[str, str | None]], list]:
    """What _scan handed _eid_problem, in order, and its eId findings."""
    seen: list = []
    real = V._eid_problem

    def spy(el, eid, anc, tag="", nums=None):  # type: ignore[no-untyped-def]
        seen.append((eid, anc))
        return real(el, eid, anc, tag, nums)

    V._eid_problem = spy
    try:
        refs, eids, lists = V._scan(comp, set(), {}, {})
    finally:
        V._eid_problem = real
    return seen, eids


TRICKY = b"""<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0" xmlns:o="urn:o">
<statement><meta><o:x><references><TLCRole eId="r1" href="/x"/></references></o:x></meta>
<mainBody><paragraph eId="para_1"><o:w eId="zz"><p><i><b eId="zz__b_1" refersTo="#r1"/></i></p></o:w>
<list><point eId="para_1__list_1__point_a"><num>(a)</num></point></list><noteRef/>
<doc><mainBody><paragraph eId="inner_1"><p eId="inner_1__p_1"/></paragraph></mainBody></doc>
<hcontainer><meta><p eId="m e"/></meta></hcontainer></paragraph></mainBody></statement></akomaNtoso>"""


@pytest.mark.sources
def test_contexts_match_a_walk_over_every_ancestor() -> None:
    for root in (etree.parse(str(VALID)).getroot(), etree.fromstring(TRICKY)):
        for comp in list(root.iter(*V._DOC_TAGS)):
            body, meta = reference_scan(comp)
            checked, findings = scan(comp)
            assert checked == body
            assert [f[2] for f in findings if "in meta" in f[2]] == [
                f"eId {e!r} in meta must match {V._META_EID.pattern}" for e in meta if not V._META_EID.fullmatch(e)]
    tricky = etree.fromstring(TRICKY)
    assert ("zz__b_1", "zz") in scan(tricky[0])[0]  # a foreign element's eId counts as an ancestor's
    assert ("inner_1__p_1", "inner_1") in scan(tricky.find(f".//{A}doc"))[0]  # the nested component alone


def test_the_walk_over_nodes_with_attributes_is_the_union_when_every_noteRef_and_list_has_some() -> None:
    """_scan walks comp.iter() and skips the nodes without attributes unless `_bare` says some noteRef or
    list has none (then it takes the _SCANNED union): both select the same elements, in the same order."""
    root = etree.parse(str(VALID)).getroot()
    comp = root[0]
    assert not V._bare(V._checked(comp))
    assert [el for el in comp.iter() if el.keys()] == V._SCANNED(comp)
    tricky = etree.fromstring(TRICKY)[0]  # an attribute-less <noteRef/> and <list>: the union itself
    assert V._bare(V._checked(tricky))
    assert [el for el in tricky.iter() if el.keys()] != V._SCANNED(tricky)
    assert any(el.tag == A + "noteRef" and not el.keys() for el in V._SCANNED(tricky))
