"""More of the profile checks' shortcuts: each gives what the plain way gives."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from convert.akn import validate as V

VALID = Path(__file__).parent / "fixtures" / "validate" / "valid.xml"
NS = V.AKN_NS

NOTES = b"""<!DOCTYPE a [<!ENTITY e "x">]><a xmlns="%s">
<authorialNote/><authorialNote>  </authorialNote><authorialNote> t </authorialNote>
<authorialNote><p/></authorialNote><authorialNote> <p> </p> </authorialNote><authorialNote><p>x</p></authorialNote>
<authorialNote><p/>x</authorialNote><authorialNote>x<p/></authorialNote><authorialNote><!--c--></authorialNote>
<authorialNote><!--c-->x</authorialNote><authorialNote><?pi x?></authorialNote><authorialNote>&e;</authorialNote>
<authorialNote><p>&e;</p></authorialNote><authorialNote><p><i> </i></p></authorialNote>
<authorialNote><p><i>x</i></p></authorialNote><authorialNote><p/><p>x</p></authorialNote>
<authorialNote><p/><p> </p></authorialNote></a>""" % NS.encode()


def test_blank_is_the_joined_text_stripped() -> None:
    root = etree.fromstring(NOTES, etree.XMLParser(resolve_entities=False))
    notes = list(root.iter(f"{{{NS}}}authorialNote"))
    assert len(notes) == 17
    got = [V._blank(n) for n in notes]
    assert got == [not "".join(n.itertext()).strip() for n in notes]
    assert True in got and False in got


def test_scan_without_nested_components_is_the_scan_with() -> None:
    tricky = etree.fromstring(b"""<akomaNtoso xmlns="%s" xmlns:o="urn:o"><statement source="#x">
<meta source="#r1"><references source="#r1"><TLCRole eId="r1" href="/x"/></references></meta>
<mainBody><paragraph eId="para_1"><o:w refersTo="#r1"><p eId="para_1__p_1"/></o:w>
<p refersTo="#no"><docDate refersTo="#r1" date="2000-01-01"><i eId="i_1"/></docDate></p>
<hcontainer source="#r1"><meta><p eId="m e"/></meta></hcontainer><noteRef href="#n"/>
<list refersTo="#r1"><point eId="para_1__list_1__point_a"><num>(a)</num></point></list></paragraph></mainBody>
</statement></akomaNtoso>""" % NS.encode())
    for root in (etree.parse(str(VALID)).getroot(), tricky):
        comp = root[0]
        assert len(list(root.iter(*V._DOC_TAGS))) == 1
        nums = V._num_texts(root)
        assert V._scan(comp, {"r1"}, {}, nums, False) == V._scan(comp, {"r1"}, {}, nums, True)
