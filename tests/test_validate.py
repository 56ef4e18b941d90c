"""Tests for convert.akn.validate: a valid fixture passes, and every check can fail."""

from __future__ import annotations

import copy
import time
from pathlib import Path

import pytest
from lxml import etree

from convert.akn.validate import AKN_NS, Problem, schema, validate_bytes, validate_file, validate_tree

FIXTURES = Path(__file__).parent / "fixtures" / "validate"
VALID = FIXTURES / "valid.xml"
NS = {"a": AKN_NS}
UN_SAMPLE = Path("/work/shared/unxml/55session/English/A_HRC_RES_55_2E.xml")
WORK = "/akn/un/statement/deliberation/unga-hrc/2021-03-24/46-28"


def load() -> etree._Element:
    """A fresh tree of the valid fixture (line numbers kept, for the assertions)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.parse(str(VALID), parser).getroot()


def one(root: etree._Element, xpath: str) -> etree._Element:
    found = root.xpath(xpath, namespaces=NS)
    assert len(found) == 1, (xpath, found)
    return found[0]


def by_rule(problems: list[Problem], rule: str) -> list[Problem]:
    return [p for p in problems if p.rule == rule]


def assert_reported(problems: list[Problem], rule: str, el: etree._Element, eid: str | None) -> Problem:
    """Exactly one problem of `rule` names el's line and `eid`; return it."""
    hits = [p for p in by_rule(problems, rule) if p.line == el.sourceline and p.eid == eid]
    assert len(hits) == 1, (rule, el.sourceline, eid, [str(p) for p in problems])
    assert hits[0].line is not None and hits[0].file == "t.xml"
    return hits[0]


# --- the valid fixture -------------------------------------------------------------------------


def test_valid_fixture_passes_xsd_and_profile() -> None:
    assert validate_file(VALID) == []
    assert validate_file(str(VALID)) == []
    assert validate_tree(load()) == []
    assert schema().validate(load())


def test_schema_is_loaded_once() -> None:
    assert schema() is schema()


def test_problem_str() -> None:
    assert str(Problem("f.xml", 12, "para_1", "numbering", "bad")) == "error: f.xml:12: [para_1] numbering: bad"
    assert str(Problem("f.xml", None, None, "xml", "bad")) == "error: f.xml: xml: bad"
    warning = Problem("f.xml", 3, None, "footnote", "note text missing from source", "warning")
    assert str(warning) == "warning: f.xml:3: footnote: note text missing from source"


# --- references --------------------------------------------------------------------------------


def test_unresolved_refers_to() -> None:
    root = load()
    date = one(root, "//a:conclusions//a:docDate")
    date.set("refersTo", "#nowhere")
    problems = validate_tree(root, "t.xml")
    hit = assert_reported(problems, "ref-unresolved", date, "conclusions__container_1")
    assert "#nowhere" in hit.message
    assert len(problems) == 1


def test_each_token_of_refers_to_is_checked() -> None:
    root = load()
    number = one(root, "//a:coverPage//a:docNumber")
    number.set("refersTo", "#symbol #missing notAnId")
    problems = validate_tree(root, "t.xml")
    assert [p.message for p in problems] == ['refersTo="#missing" names no eId in meta/references']


@pytest.mark.parametrize("xpath, attr", [
    ("//a:identification", "source"),
    ("//a:proprietary", "source"),
    ("//a:FRBRWork/a:FRBRauthor", "href"),
    ("//a:FRBRManifestation/a:FRBRauthor", "as"),
])
def test_unresolved_refs_in_meta(xpath: str, attr: str) -> None:
    root = load()
    el = one(root, xpath)
    el.set(attr, "#nobody")
    problems = validate_tree(root, "t.xml")
    assert_reported(problems, "ref-unresolved", el, None)
    assert len(problems) == 1


# --- eIds ----------------------------------------------------------------------------------------


def test_duplicate_eid_in_references() -> None:
    root = load()
    concept = one(root, "//a:TLCConcept[@eId='generalDistribution']")
    concept.set("eId", "symbol")
    one(root, "//a:docStatus").set("refersTo", "#symbol")
    problems = validate_tree(root, "t.xml")
    hit = assert_reported(problems, "eid-duplicate", concept, "symbol")
    assert "first at line" in hit.message
    assert {p.rule for p in problems} == {"eid-duplicate", "xsd"}  # the XSD's xsd:unique agrees


def test_duplicate_eid_in_body() -> None:
    root = load()
    note = one(root, "//a:authorialNote")
    twin = copy.deepcopy(note)  # keeps its source line
    twin.set("marker", "2")
    note.addnext(twin)
    problems = validate_tree(root, "t.xml")
    assert_reported(problems, "eid-duplicate", twin, "para_2__content__authorialNote_1")
    assert {p.rule for p in problems} == {"eid-duplicate", "xsd"}


@pytest.mark.parametrize("xpath, bad, why", [
    ("//a:authorialNote", "authorialNote_1", "parent's eId"),  # the UN's style: no parent prefix
    ("//a:conclusions/a:container[1]", "conclusions__box_1", "element name"),
    ("//a:conclusions/a:container[1]", "conclusions__container", "lacks its number"),
    ("//a:conclusions/a:container[1]", "conclusions__p_1", "the element is <container>"),
    ("//a:preamble/a:formula", "preamble__formula-1", "element name"),
    ("//a:list/a:intro", "para_3__list_1__Intro", "element name"),
    ("//a:list/a:intro", "para_3__list_1__intro__", "element name"),
])
def test_eid_off_convention(xpath: str, bad: str, why: str) -> None:
    root = load()
    el = one(root, xpath)
    el.set("eId", bad)
    problems = validate_tree(root, "t.xml")
    hit = assert_reported(problems, "eid-convention", el, bad)
    assert why in hit.message
    assert problems == [hit]


def test_eid_number_must_come_from_num() -> None:
    root = load()
    point = one(root, "//a:point[a:num='(b)']")
    point.set("eId", "para_3__list_1__point_c")
    problems = validate_tree(root, "t.xml")
    hit = assert_reported(problems, "eid-convention", point, "para_3__list_1__point_c")
    assert "point_b" in hit.message
    # its <content> child still says point_b: it no longer starts with its parent's eId
    content = one(point, "a:content")
    assert_reported(problems, "eid-convention", content, "para_3__list_1__point_b__content")


def test_meta_eids_have_their_own_pattern() -> None:
    root = load()
    event = one(root, "//a:TLCEvent")
    event.set("eId", "2meeting")
    one(root, "//a:conclusions//a:event").set("refersTo", "#2meeting")
    problems = validate_tree(root, "t.xml")
    # the XSD types eId as a mere noWhiteSpace string, so only the profile objects
    assert_reported(problems, "eid-convention", event, "2meeting")
    assert by_rule(problems, "ref-unresolved") == []


# --- FRBR ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("xpath, attr, value", [
    ("//a:FRBRWork/a:FRBRdate", "date", "2021-03-25"),
    ("//a:FRBRWork/a:FRBRnumber", "value", "46-29"),
    ("//a:FRBRWork/a:FRBRcountry", "value", "ch"),
    ("//a:FRBRWork/a:FRBRthis", "value", f"{WORK}/!main/"),
    ("//a:FRBRWork/a:FRBRthis", "value", f"{WORK}/!annex"),
    ("//a:FRBRExpression/a:FRBRthis", "value", f"{WORK}/!main"),
    ("//a:FRBRExpression/a:FRBRuri", "value", f"{WORK}/eng@/"),
    ("//a:FRBRManifestation/a:FRBRthis", "value", f"{WORK}/eng@/!main.akn"),
])
def test_frbr_mismatch(xpath: str, attr: str, value: str) -> None:
    root = load()
    el = one(root, xpath)
    el.set(attr, value)
    problems = validate_tree(root, "t.xml")
    assert_reported(problems, "frbr", el, None)
    assert {p.rule for p in problems} == {"frbr"}


def test_frbr_language_must_match_expression_uri() -> None:
    root = load()
    one(root, "//a:FRBRlanguage").set("language", "fra")
    problems = validate_tree(root, "t.xml")
    assert_reported(problems, "frbr", one(root, "//a:FRBRExpression/a:FRBRuri"), None)
    assert "fra@" in problems[0].message


def test_frbr_work_uri_shape() -> None:
    root = load()
    uri = one(root, "//a:FRBRWork/a:FRBRuri")
    uri.set("value", "/akn/un/act/2021-03-24/46-28")
    problems = validate_tree(root, "t.xml")
    assert_reported(problems, "frbr", uri, None)


# --- operative numbering -----------------------------------------------------------------------


def test_paragraph_numbers_with_a_gap() -> None:
    root = load()
    num = one(root, "//a:paragraph[@eId='para_3']/a:num")
    num.text = "4."
    problems = validate_tree(root, "t.xml")
    hit = assert_reported(problems, "numbering", num, "para_3")
    assert hit.severity == "error" and "'3.'" in hit.message


def test_paragraph_numbers_repeated() -> None:
    root = load()
    num = one(root, "//a:paragraph[@eId='para_3']/a:num")
    num.text = "2."
    problems = by_rule(validate_tree(root, "t.xml"), "numbering")
    assert [(p.line, p.eid) for p in problems] == [(num.sourceline, "para_3")]


def test_single_unnumbered_paragraph_is_fine() -> None:
    root = load()
    for eid in ("para_2", "para_3"):
        para = one(root, f"//a:paragraph[@eId='{eid}']")
        para.getparent().remove(para)
    first = one(root, "//a:paragraph[@eId='para_1']")
    first.remove(one(first, "a:num"))
    assert validate_tree(root, "t.xml") == []


def _into_section(root: etree._Element, para_eid: str, first_num: str) -> etree._Element:
    """Move a paragraph into a new <section eId="sec_I">, prefixing its eIds; give it first_num."""
    para = one(root, f"//a:paragraph[@eId='{para_eid}']")
    section = etree.Element(f"{{{AKN_NS}}}section", eId="sec_I")
    etree.SubElement(section, f"{{{AKN_NS}}}num").text = "I."
    etree.SubElement(section, f"{{{AKN_NS}}}heading").text = "Follow-up"
    para.addprevious(section)
    section.append(para)
    one(para, "a:num").text = first_num
    new = f"sec_I__para_{first_num.rstrip('.')}"
    for el in para.iter():
        if el.get("eId"):
            el.set("eId", new + el.get("eId")[len(para_eid):])
    return para


def test_numbering_runs_on_through_sections() -> None:
    root = load()
    _into_section(root, "para_3", "3.")
    assert validate_tree(root, "t.xml") == []


def test_numbering_restarting_in_a_section_is_reported() -> None:
    root = load()
    para = _into_section(root, "para_3", "1.")
    problems = validate_tree(root, "t.xml")
    assert_reported(problems, "numbering", one(para, "a:num"), "sec_I__para_1")
    assert {p.rule for p in problems} == {"numbering"}


def test_points_out_of_order_are_a_warning() -> None:
    root = load()
    num = one(root, "//a:point[@eId='para_3__list_1__point_b']/a:num")
    num.text = "(c)"
    problems = by_rule(validate_tree(root, "t.xml"), "numbering")
    hit = assert_reported(problems, "numbering", num, "para_3__list_1__point_b")
    assert hit.severity == "warning" and "(b)" in hit.message


# --- footnotes ---------------------------------------------------------------------------------


def test_empty_note_without_status_is_an_error() -> None:
    root = load()
    note = one(root, "//a:authorialNote")
    one(note, "a:p").text = ""
    problems = validate_tree(root, "t.xml")
    hit = assert_reported(problems, "footnote", note, "para_2__content__authorialNote_1")
    assert hit.severity == "error"
    assert len(problems) == 1


def test_empty_note_with_status_unknown_is_only_a_warning() -> None:
    root = load()
    note = one(root, "//a:authorialNote")
    one(note, "a:p").text = " "
    note.set("status", "unknown")
    problems = validate_tree(root, "t.xml")
    hit = assert_reported(problems, "footnote", note, "para_2__content__authorialNote_1")
    assert hit.severity == "warning" and hit.message == "note text missing from source"
    assert problems == [hit]


def test_note_without_marker() -> None:
    root = load()
    note = one(root, "//a:authorialNote")
    note.set("marker", " ")
    problems = validate_tree(root, "t.xml")
    assert_reported(problems, "footnote", note, "para_2__content__authorialNote_1")
    assert len(problems) == 1


def test_repeated_numbered_marker() -> None:
    root = load()
    note = one(root, "//a:authorialNote")
    twin = copy.deepcopy(note)
    twin.set("eId", "para_2__content__authorialNote_2")
    note.addnext(twin)
    problems = validate_tree(root, "t.xml")
    assert [p.rule for p in problems] == ["footnote"]
    assert problems[0].eid == "para_2__content__authorialNote_2" and "'1'" in problems[0].message


# --- XSD ------------------------------------------------------------------------------------------


def test_xsd_invalid_element() -> None:
    root = load()
    num = one(root, "//a:paragraph[@eId='para_1']/a:num")
    num.tag = f"{{{AKN_NS}}}numero"
    problems = validate_tree(root, "t.xml")
    hit = assert_reported(problems, "xsd", num, "para_1")
    assert "numero" in hit.message and AKN_NS not in hit.message


def test_xsd_missing_required_attribute() -> None:
    root = load()
    role = one(root, "//a:TLCRole[@eId='author']")
    del role.attrib["showAs"]
    problems = validate_tree(root, "t.xml")
    hit = assert_reported(problems, "xsd", role, "author")
    assert "showAs" in hit.message
    assert problems == [hit]


def test_xsd_errors_from_bytes_carry_lines() -> None:
    data = VALID.read_bytes().replace(b"<conclusions>", b"<conclusions><bogus/>", 1)
    problems = validate_bytes(data, "t.xml")
    assert [p.rule for p in problems] == ["xsd"]
    line = data[: data.index(b"<bogus/>")].count(b"\n") + 1
    assert problems[0].line == line


# --- annexes ------------------------------------------------------------------------------------

ANNEX = f"""<attachments><attachment eId="att_1"><doc name="annex"><meta>
<identification source="#unres">
 <FRBRWork><FRBRthis value="{WORK}/!annex_1"/><FRBRuri value="{WORK}"/>
  <FRBRdate date="2021-03-24" name="adoption"/><FRBRauthor href="#humanRightsCouncil"/>
  <FRBRcountry value="un"/>
 </FRBRWork>
 <FRBRExpression><FRBRthis value="{WORK}/eng@/!annex_1"/><FRBRuri value="{WORK}/eng@"/>
  <FRBRdate date="2021-03-24" name="adoption"/><FRBRauthor href="#humanRightsCouncil"/>
  <FRBRlanguage language="eng"/>
 </FRBRExpression>
 <FRBRManifestation><FRBRthis value="{WORK}/eng@/!annex_1.xml"/><FRBRuri value="{WORK}/eng@.xml"/>
  <FRBRdate date="2021-03-24" name="adoption"/><FRBRauthor href="#unres" as="#editor"/>
 </FRBRManifestation>
</identification></meta>
<mainBody>
 <paragraph eId="att_1__para_1"><num>1.</num>
  <content eId="att_1__para_1__content"><p>Annexed text.</p></content></paragraph>
</mainBody></doc></attachment></attachments>"""


def with_annex(annex: str = ANNEX) -> bytes:
    return VALID.read_bytes().replace(b"</conclusions>", b"</conclusions>" + annex.encode(), 1)


def test_annex_is_its_own_component() -> None:
    # own FRBR component name, refs resolving to the main references, eIds prefixed att_1__
    assert validate_bytes(with_annex(), "t.xml") == []


def test_annex_paragraph_numbers_are_not_operative_numbers() -> None:
    annex = ANNEX.replace("<num>1.</num>", "<num>5.</num>").replace("att_1__para_1", "att_1__para_5")
    assert validate_bytes(with_annex(annex), "t.xml") == []


def test_annex_eids_must_differ_from_the_main_document() -> None:
    problems = validate_bytes(with_annex(ANNEX.replace("att_1__para_1", "para_1")), "t.xml")
    assert {p.eid for p in by_rule(problems, "eid-duplicate")} == {"para_1", "para_1__content"}


def test_annex_frbr_is_checked() -> None:
    problems = validate_bytes(with_annex(ANNEX.replace('language="eng"', 'language="fra"')), "t.xml")
    assert [p.rule for p in problems] == ["frbr"] and problems[0].line is not None


# --- parsing and safety --------------------------------------------------------------------------


def test_parse_error_is_one_problem() -> None:
    problems = validate_bytes(b"<akomaNtoso>\n<statement>\n</akomaNtoso>", "bad.xml")
    assert len(problems) == 1
    assert problems[0].rule == "xml" and problems[0].file == "bad.xml" and problems[0].line == 3


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE akomaNtoso [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><doc name="x">&lol9;</doc></akomaNtoso>
"""


def test_billion_laughs_is_not_expanded() -> None:
    started = time.monotonic()
    problems = validate_bytes(BILLION_LAUGHS, "laughs.xml")
    assert time.monotonic() - started < 5
    assert problems, "a DOCTYPE with entities must be reported"
    assert any(p.rule == "xml" for p in problems)
    assert all("lollollol" not in p.message for p in problems)


@pytest.mark.parametrize("body", ["<doc name='x'>&xxe;</doc>", "<doc name='&xxe;'/>"])
def test_external_entity_is_not_resolved(tmp_path: Path, body: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    data = f"""<?xml version="1.0"?>
<!DOCTYPE akomaNtoso [<!ENTITY xxe SYSTEM "file://{secret}">]>
<akomaNtoso xmlns="{AKN_NS}">{body}</akomaNtoso>
""".encode()
    problems = validate_bytes(data, "xxe.xml")  # a DOCTYPE problem, or a parse error; never the file
    assert any(p.rule == "xml" for p in problems)
    assert all("TOP-SECRET" not in str(p) for p in problems)


@pytest.mark.skipif(not UN_SAMPLE.exists(), reason="UN reference XML not available")
def test_un_file_passes_xsd_and_is_read_tolerantly() -> None:
    problems = validate_file(UN_SAMPLE)
    assert by_rule(problems, "xsd") == []  # the UN's files validate against the strict XSD
    # their eIds (para_11 for paragraph 1) and unresolved #ids are reported, not fatal
    assert by_rule(problems, "eid-convention") and by_rule(problems, "ref-unresolved")
    assert all(p.file == str(UN_SAMPLE) for p in problems)


# --- many problems at once: the full report, pinned ------------------------------------------------

BROKEN_ANNEX = ANNEX.replace('<paragraph eId="att_1__para_1"><num>1.</num>',
                             '<paragraph eId="para_1" refersTo="#nowhere"><num>1.</num>'
                             '<noteRef href="#nonote" refersTo="#x #meeting"/>')
#: (old, new) replacements in the valid fixture, each breaking something (several at once on purpose)
BREAKAGES = [
    ('<docAuthority refersTo="#unitedNations">', '<docAuthority refersTo="#un #unitedNations #y" eId="">'),
    ('<docStatus refersTo="#generalDistribution">', '<docStatus refersTo="" source="#s" as=" #a ">'),
    ('eId="preamble__container_1"', 'eId="preamble__container_1" href="#h" by="#b"'),
    ('eId="preamble__container_2"', 'eId="preamble__container_1"'),
    ('<paragraph eId="para_2">', '<paragraph eId="para_2x">'),
    ('<num>2.</num>', '<num>4.</num>'),
    ('eId="para_2__content__authorialNote_1"', 'eId="authorialNote_1"><noteRef href="#authorialNote_1"/'
     '><noteRef/><p>x</p></authorialNote><authorialNote marker="1" eId="para_2__content__authorialNote_2"'),
    ('<num>(a)</num>', '<num>(c)</num>'),
    ('eId="para_3__list_1__point_b"', 'eId="para_3__list_1__point_b" xmlns:o="urn:o" o:href="#o"'),
    ('<num>(b)</num>', '<num>(b)</num><o:x xmlns:o="urn:o" eId="zz" refersTo="#zz"><o:y/></o:x>'),
    ('eId="conclusions__container_2"', 'eId="conclusions__Box"'),
    ('<TLCEvent eId="meeting"', '<TLCEvent eId="2meeting" refersTo="#meeting2"'),
]


def broken() -> bytes:
    data = with_annex(BROKEN_ANNEX).decode()
    for old, new in BREAKAGES:
        assert data.count(old) == 1, old
        data = data.replace(old, new)
    return data.encode()


def test_many_problems_are_all_reported_in_order() -> None:
    assert [str(p) for p in validate_bytes(broken(), "t.xml")] == PINNED


PINNED = [
    "error: t.xml:42: [2meeting] xsd: Element 'TLCEvent', attribute 'refersTo': The attribute 'refersTo'"
    ' is not allowed.',
    "error: t.xml:49: xsd: Element 'docAuthority', attribute 'eId': [facet 'pattern'] The value '' is"
    " not accepted by the pattern '[^\\s]+'.",
    "error: t.xml:49: xsd: Element 'docAuthority', attribute 'eId': Warning: No precomputed value"
    ' available, the value was either invalid or something strange happened.',
    "error: t.xml:52: xsd: Element 'docStatus', attribute 'source': The attribute 'source' is not allowed.",
    "error: t.xml:52: xsd: Element 'docStatus', attribute 'as': The attribute 'as' is not allowed.",
    "error: t.xml:67: [preamble__container_1] xsd: Element 'container', attribute 'href': The attribute"
    " 'href' is not allowed.",
    "error: t.xml:67: [preamble__container_1] xsd: Element 'container', attribute 'by': The attribute"
    " 'by' is not allowed.",
    "error: t.xml:70: [preamble__container_1] xsd: Element 'container': Duplicate key-sequence"
    " ['preamble__container_1'] in unique identity-constraint 'eId-statement'.",
    "error: t.xml:84: [authorialNote_1] xsd: Element 'noteRef': This element is not expected. Expected"
    ' is one of ( amendmentList, officialGazette, documentCollection, act, bill, debateReport, debate,'
    ' statement, amendment, judgment ).',
    "error: t.xml:100: xsd: Element '{urn:o}x': This element is not expected. Expected is one of ("
    ' intro, content, hcontainer, componentRef, clause, section, part, paragraph, chapter, title ).',
    "error: t.xml:130: [para_1] xsd: Element 'noteRef': This element is not expected. Expected is one of"
    ' ( intro, content, hcontainer, componentRef, clause, section, part, paragraph, chapter, title ).',
    "error: t.xml:130: [para_1] xsd: Element 'paragraph': Duplicate key-sequence ['para_1'] in unique"
    " identity-constraint 'eId-statement'.",
    'error: t.xml:42: [2meeting] ref-unresolved: refersTo="#meeting2" names no eId in meta/references',
    'error: t.xml:49: ref-unresolved: refersTo="#un" names no eId in meta/references',
    'error: t.xml:49: ref-unresolved: refersTo="#y" names no eId in meta/references',
    'error: t.xml:52: ref-unresolved: as="#a" names no eId in meta/references',
    'error: t.xml:52: ref-unresolved: source="#s" names no eId in meta/references',
    'error: t.xml:67: [preamble__container_1] ref-unresolved: href="#h" names no eId in meta/references',
    'error: t.xml:67: [preamble__container_1] ref-unresolved: by="#b" names no eId in meta/references',
    'error: t.xml:84: [authorialNote_1] ref-unresolved: noteRef href="" names no authorialNote',
    'error: t.xml:110: [conclusions__container_1] ref-unresolved: refersTo="#meeting" names no eId in meta/references',
    "error: t.xml:42: [2meeting] eid-convention: eId '2meeting' in meta must match [A-Za-z][A-Za-z0-9_.-]*",
    "error: t.xml:49: eid-convention: eId '': level '' is not name_N with an AKN element name or abbreviation",
    "error: t.xml:70: [preamble__container_1] eid-duplicate: eId 'preamble__container_1' used again (first at line 67)",
    "error: t.xml:81: [para_2x] eid-convention: eId 'para_2x' does not carry the number of its <num> (expected para_4)",
    "error: t.xml:83: [para_2__content] eid-convention: eId 'para_2__content' does not start with its"
    " parent's eId + '__' ('para_2x__')",
    "error: t.xml:84: [authorialNote_1] eid-convention: eId 'authorialNote_1' does not start with its"
    " parent's eId + '__' ('para_2__content__')",
    "error: t.xml:93: [para_3__list_1__point_a] eid-convention: eId 'para_3__list_1__point_a' does not"
    ' carry the number of its <num> (expected point_c)',
    "error: t.xml:112: [conclusions__Box] eid-convention: eId 'conclusions__Box': level 'Box' is not"
    ' name_N with an AKN element name or abbreviation',
    "error: t.xml:82: [para_2x] numbering: operative paragraph numbered '4.', expected '2.'",
    "error: t.xml:88: [para_3] numbering: operative paragraph numbered '3.', expected '5.'",
    "warning: t.xml:94: [para_3__list_1__point_a] numbering: point '(c)' out of order, expected (a)",
    "warning: t.xml:100: [para_3__list_1__point_b] numbering: point '(b)' out of order, expected (d)",
    'error: t.xml:130: [para_1] ref-unresolved: refersTo="#nowhere" names no eId in meta/references',
    'error: t.xml:130: [para_1] ref-unresolved: refersTo="#x" names no eId in meta/references',
    'error: t.xml:130: [para_1] ref-unresolved: refersTo="#meeting" names no eId in meta/references',
    'error: t.xml:130: [para_1] ref-unresolved: noteRef href="#nonote" names no authorialNote',
    "error: t.xml:130: [para_1] eid-duplicate: eId 'para_1' used again (first at line 75)",
    "error: t.xml:131: [att_1__para_1__content] eid-convention: eId 'att_1__para_1__content' does not"
    " start with its parent's eId + '__' ('para_1__')",
    "error: t.xml:84: [para_2__content__authorialNote_2] footnote: marker '1' used again (first at line 84)",
]
