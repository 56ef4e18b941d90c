"""The reader of the UN's own AKN4UN XML (convert/readers/unxml.py).

Two parts:
- small hand-made documents, one per quirk and per kind of bad input (they need nothing outside the repo);
- every English, French and Spanish file of ../shared/unxml: our XML validates, and its structure, facts,
  notes and words agree with the UN's file, except for the known quirks listed in EXCEPTIONS. The UN
  side is read here with its own few lines of lxml, independent of the reader.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from conftest import SHARED
from lxml import etree

from convert.akn.validate import validate_tree
from convert.errors import InputError, NotAResolutionError
from convert.fidelity import words
from convert.readers import READERS, format_for, read_bytes, read_path

UNXML = SHARED / "unxml"
A = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
NS = {"a": A}
LANGS = {"English": "eng", "French": "fra", "Spanish": "spa"}

#: (check, file stem) -> why our XML rightly differs from the UN's there
EXCEPTIONS: dict[tuple[str, str], str] = {
    **{("operative", f"A_HRC_RES_54_27{x}"): "the UN's paragraph 5 has no <num>: its number stands in the text "
       "('5<TAB>Encourages'); we read it as paragraph 5" for x in "EFS"},
    **{("preambular", stem): "a preambular paragraph is tagged as an unnumbered mainBody paragraph before "
       "paragraph 1; we read it as preambular" for stem in
       ("A_HRC_RES_55_25E", "A_HRC_RES_55_25S", "A_HRC_RES_56_20S", "A_HRC_RES_56_21S", "A_HRC_RES_56_22S")},
}


# --- the UN side, read independently ------------------------------------------------------------
FORMATTING = {"span", "i", "b", "u", "sup", "sub", "a"}  # their text runs on; every other element stands apart


def _local(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def flat(el) -> str:
    """Text below `el` as printed: formatting runs on ("S" + "trongly"), other elements stand apart."""
    out: list[str] = []

    def walk(node) -> None:
        name = _local(node)
        if name in ("meta", "img"):
            return
        gap = "" if name in FORMATTING else " "
        out.append(gap + (node.text or ""))
        for child in node:
            if _local(child):
                walk(child)
            out.append(child.tail or "")
        out.append(gap)

    walk(el)
    return " ".join("".join(out).split())


def facts(root) -> dict:
    """What both sides must agree on, from a UN file or from ours."""
    st = root.find(f"{{{A}}}statement")
    x = lambda path: st.xpath(path, namespaces=NS)  # noqa: E731
    ours = bool(x("a:meta/a:proprietary"))
    if ours:
        symbol = x("string(a:meta/a:identification/a:FRBRWork/a:FRBRalias[@name='symbol']/@value)")
        adopted = x("string(a:meta/a:identification/a:FRBRWork/a:FRBRdate/@date)")
    else:
        symbol = flat(x("a:coverPage//a:docNumber")[0])
        adopted = x("string(a:conclusions//a:docDate/@date)")  # the printed date (the FRBR one may differ)
    return {
        "operative": [flat(n) for n in x("a:mainBody/a:paragraph/a:num") if flat(n)],
        "preambular": len(x("a:preamble/a:container")),
        "notes": [(n.get("marker"), flat(n)) for n in x("*[not(self::a:meta)]//a:authorialNote")],
        "symbol": symbol,
        "title": flat(x("a:preface//a:docTitle")[0]),
        "adopted": adopted,
    }


def body_words(root) -> list[str]:
    """Words of the statement outside meta, in order. The UN's annex (attachments, after its conclusions)
    is taken before the conclusions: our reader keeps annex text as paragraphs at the end of mainBody."""
    st = root.find(f"{{{A}}}statement")
    parts = [p for p in st if _local(p) not in ("meta", "conclusions")] + \
            [p for p in st if _local(p) == "conclusions"]
    return [w for p in parts for w in words(flat(p))]


def word_diff(src: list[str], out: list[str]) -> list[str]:
    """Where two word lists differ (empty when they are equal): the first few changes, with context."""
    if src == out:
        return []
    sm = difflib.SequenceMatcher(a=src, b=out, autojunk=False)
    return [f"{tag} UN {' '.join(src[max(0, i1 - 3):i2 + 3])!r} / ours {' '.join(out[max(0, j1 - 3):j2 + 3])!r}"
            for tag, i1, i2, j1, j2 in sm.get_opcodes() if tag != "equal"][:3]


# --- the corpus ---------------------------------------------------------------------------------
def corpus() -> list[Path]:
    return sorted(p for lang in LANGS for p in UNXML.glob(f"*session/{lang}/*.xml"))


@cache
def converted() -> dict[str, dict]:
    """Every UN file read once: our root, notices, validation errors, both sides' facts and words."""
    out = {}
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    for path in corpus():
        result = read_path(path)
        un = etree.parse(str(path), parser).getroot()
        out[path.stem] = {
            "lang": LANGS[path.parent.name],
            "root": result.root,
            "notices": result.notices,
            "errors": [str(p) for p in validate_tree(result.root, path.name) if p.severity == "error"],
            "un": facts(un),
            "ours": facts(result.root),
            "un_words": body_words(un),
            "our_words": body_words(result.root),
        }
    return out


@pytest.fixture(scope="module")
def corpus_results() -> dict[str, dict]:
    if not UNXML.is_dir():
        pytest.skip(f"the UN's AKN4UN files are absent ({UNXML}); they come with ../shared")
    return converted()


CHECKS = ("operative", "preambular", "notes", "symbol", "title", "adopted")


def disagreements(results: dict[str, dict]) -> list[tuple[str, str, object, object]]:
    return [(check, stem, r["un"][check], r["ours"][check])
            for stem, r in results.items() for check in CHECKS if r["un"][check] != r["ours"][check]]


def test_corpus_is_all_there(corpus_results):
    langs = Counter(r["lang"] for r in corpus_results.values())
    assert langs == {"eng": 125, "fra": 126, "spa": 126}, langs


def test_every_file_gives_valid_xml(corpus_results):
    bad = {stem: r["errors"][:3] for stem, r in corpus_results.items() if r["errors"]}
    assert not bad, bad


def test_structure_and_facts_agree_with_the_un(corpus_results):
    unexpected = [d for d in disagreements(corpus_results) if (d[0], d[1]) not in EXCEPTIONS]
    assert not unexpected, unexpected[:10]


def test_every_listed_exception_is_still_real(corpus_results):
    found = {(check, stem) for check, stem, _, _ in disagreements(corpus_results)}
    stale = sorted(set(EXCEPTIONS) - found)
    assert not stale, f"listed as exceptions but agreeing now (remove them): {stale}"


def test_every_word_reaches_our_xml_in_order(corpus_results):
    """The same words in the same order: none lost, none added (ours is not only a superset)."""
    changed = {stem: diff for stem, r in corpus_results.items() if (diff := word_diff(r["un_words"], r["our_words"]))}
    assert not changed, changed


def test_quirks_are_reported(corpus_results):
    def said(stem: str, words_: str) -> bool:
        return any(words_ in n.message for n in corpus_results[stem]["notices"])

    assert said("A_HRC_RES_54_27E", "stands in the text")
    assert said("A_HRC_RES_55_25E", "preambular paragraph tagged as an operative one")
    assert said("A_HRC_RES_55_8E", "unnumbered heading")
    assert said("A_HRC_RES_54_35E", "is empty and the next, unnumbered paragraph holds its text")
    assert said("A_HRC_RES_56_5E", "third level of points")
    assert said("A_HRC_RES_54_18E", "annex")
    assert said("A_HRC_RES_55_16E", "the file name says 55/16")
    assert said("A_HRC_RES_55_1F", "differs from")  # FRBR adoption date 4 April, printed 3 April
    quiet = [stem for stem, r in corpus_results.items() if not r["notices"]]
    assert len(quiet) > 300  # the ordinary files read without a word of warning


def test_agreement_summary(corpus_results, capsys, request):
    """The share of files that agree on every check, per language (printed with -v)."""
    found = disagreements(corpus_results)
    bad = {stem for _, stem, _, _ in found}
    lines = []
    for lang in ("eng", "fra", "spa"):
        stems = [s for s, r in corpus_results.items() if r["lang"] == lang]
        ok = sum(s not in bad for s in stems)
        each = ", ".join(f"{check} {len(stems) - sum(d[0] == check and d[1] in stems for d in found)}"
                         for check in CHECKS)
        lines.append(f"{lang}: {ok}/{len(stems)} files agree on every check ({100 * ok / len(stems):.1f}%); {each}")
    for check, stem, un, ours in found:
        if isinstance(un, list):  # show what differs, not two lists of 40 numbers
            un, ours = [x for x in un if x not in ours], [x for x in ours if x not in un]
        lines.append(f"  {stem} {check}: UN {un!r} / ours {ours!r} ({EXCEPTIONS.get((check, stem), 'UNEXPECTED')})")
    if request.config.getoption("verbose") > 0:
        with capsys.disabled():
            print("\nUN AKN4UN agreement\n" + "\n".join(lines))
    total = len(corpus_results)
    assert sum(s not in bad for s in corpus_results) / total > 0.95


# --- hand-made documents ------------------------------------------------------------------------
HEAD = """<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">
  <statement name="resolution">
    <meta><identification source="#x">
      <FRBRWork><FRBRthis value="/x"/><FRBRuri value="/akn/un/statement/deliberation/unga-hrc/2023-10-11/54-1/"/>
        <FRBRdate date="{frbr_date}" name="adoption"/><FRBRauthor href="ga"/><FRBRcountry value="un"/></FRBRWork>
      <FRBRExpression><FRBRthis value="/x"/><FRBRuri value="/x"/><FRBRdate date="2023-10-13" name="publication"/>
        <FRBRauthor href="ga"/><FRBRlanguage language="{lang}"/></FRBRExpression>
      <FRBRManifestation><FRBRthis value="/x"/><FRBRuri value="/x"/><FRBRdate date="2024-01-01" name="markup"/>
        <FRBRauthor href="ga"/></FRBRManifestation></identification></meta>
    <coverPage>
      <p><span class="upperLeft"><docAuthority refersTo="#publisher">United Nations</docAuthority></span></p>
      <p class="upperRight"><docNumber refersTo="#symbol">A/HRC/RES/54/1</docNumber></p>
      <p><img src="logo-un.jpg"/><docAuthority refersTo="#issuingBody">General Assembly</docAuthority></p>
      <p><docStatus refersTo="#generalDistribution">Distr.: General</docStatus></p>
      <p><docDate date="2023-10-13" refersTo="#dateOfIssuance">13 October 2023</docDate></p>
      <p><inline name="originalLanguage">Original: English</inline></p>
      <p><docAuthority refersTo="#subsidiaryBody">Human Rights Council</docAuthority></p>
      <p><session value="54">Fifty-fourth session</session></p>
      <p><event refersTo="#session"><date date="2023-09-11">11 September</date>
         <date date="2023-10-13">13 October 2023</date></event></p>
      <p><inline title="3" name="agenda item">Agenda item 3</inline></p>
      <p><inline name="agenda item name">Promotion and protection of all human rights</inline></p>
      <p><docTitle>Resolution adopted by the Human Rights Council  on 11 October 2023</docTitle></p>
    </coverPage>
    <preface><p><docNumber>54/1.</docNumber><docTitle><span class="bold">	A title</span></docTitle></p></preface>
    <preamble>
      <formula name="enactingFormula"><p><span class="italic">The Human Rights Council</span>,</p></formula>
      <container name="x" eId="container_2">
        <p>		<span class="italic">S</span><span class="italic">trongly\tcondemning</span> the acts,<authorialNote
          marker="2" placement="bottom"><p>	A/HRC/54/2.</p></authorialNote> and more,</p>
      </container>
    </preamble>
    <mainBody>{body}</mainBody>
    <conclusions>
      <p><event><location>46th meeting</location><eol/><docDate date="{date}">11 October 2023</docDate></event></p>
      <p><vote><outcome refersTo="#adoptedWithoutVote">[Adopted without a vote.]</outcome></vote></p>
    </conclusions>{annex}
  </statement>
</akomaNtoso>"""
PARA = ('<paragraph eId="para_13"><num>{n}</num><content><p>	<span class="italic">Decides</span> {text};</p>'
        '</content></paragraph>')


def doc(body: str = PARA.format(n="1.", text="one"), *, date="2023-10-11", frbr_date="2023-10-11",
        lang="eng", annex: str = "") -> bytes:
    return HEAD.format(body=body, date=date, frbr_date=frbr_date, lang=lang, annex=annex).encode("utf-8")


def read(data: bytes):
    result = read_bytes(data, "A_HRC_RES_54_1E.xml", "unxml")
    return result.root, [n.message for n in result.notices]


def xp(root, path: str):
    return root.xpath(path, namespaces=NS)


def test_registered_for_xml():
    assert READERS["unxml"][0] == (".xml",) and format_for(Path("A_HRC_RES_54_1E.xml")) == "unxml"


def test_plain_document_reads_into_our_profile():
    root, notices = read(doc())
    assert validate_tree(root) == [] and notices == []
    assert xp(root, "string(//a:FRBRWork/a:FRBRthis/@value)") == \
        "/akn/un/statement/deliberation/unga-hrc/2023-10-11/54-1/!main"
    assert xp(root, "string(//a:FRBRalias/@value)") == "A/HRC/RES/54/1"
    cover = [flat(p) for p in xp(root, "//a:coverPage/a:p")]
    assert cover[0] == "United Nations" and "11 September–13 October 2023" in cover
    assert xp(root, "string(//a:coverPage//a:docTitle/a:docDate/@date)") == "2023-10-11"
    assert xp(root, "string(//a:coverPage//a:inline[@name='agendaItem'])") == "Agenda item 3"
    assert flat(xp(root, "//a:preface/a:p")[0]) == "54/1. A title"
    assert xp(root, "string(//a:formula/a:p/a:i)") == "The Human Rights Council"
    container = xp(root, "//a:preamble/a:container")[0]
    assert container.get("name") == "Strongly condemning"  # "S" + "trongly", the tab a space
    note = xp(root, "//a:container//a:authorialNote")[0]
    assert note.get("marker") == "2" and flat(note) == "A/HRC/54/2." and note.tail == " and more,"
    assert [flat(n) for n in xp(root, "//a:paragraph/a:num")] == ["1."]
    assert xp(root, "string(//a:vote/a:outcome/@refersTo)") == "#adoptedWithoutVote"
    assert xp(root, "string(//a:conclusions//a:location)") == "46th meeting"
    eids = [e.get("eId") for e in xp(root, "//a:preamble/a:container | //a:mainBody/a:paragraph")]
    assert eids == ["preamble__container_1", "para_1"]  # ours, never the UN's (container_2, para_13)


def test_number_in_the_text_becomes_the_paragraph_number():
    body = PARA.format(n="1.", text="one") + \
        '<paragraph><content><p> 2\t<span class="italic">Encourages</span> States;</p></content></paragraph>'
    root, notices = read(doc(body))
    assert [flat(n) for n in xp(root, "//a:paragraph/a:num")] == ["1.", "2."]
    assert xp(root, "string(//a:paragraph[2]//a:p/a:i)") == "Encourages"
    assert any("stands in the text" in m for m in notices) and validate_tree(root) == []


def test_empty_numbered_paragraph_takes_the_next_ones_text():
    body = '<paragraph><num>1.</num><content><p xml:space="preserve"></p></content></paragraph>' \
        '<paragraph><content><p> <span class="italic">Urges</span> all States;</p></content></paragraph>' + \
        PARA.format(n="2.", text="two")
    root, notices = read(doc(body))
    assert [flat(p) for p in xp(root, "//a:mainBody/a:paragraph")] == ["1. Urges all States;", "2. Decides two;"]
    assert any("is empty" in m for m in notices)


def test_preambular_paragraph_in_main_body_goes_to_the_preamble():
    body = '<paragraph><content><p>	<span class="italic">Remaining convinced</span> that it helps,</p>' \
        '</content></paragraph>' + PARA.format(n="1.", text="one")
    root, notices = read(doc(body))
    assert [c.get("name") for c in xp(root, "//a:preamble/a:container")] == ["Strongly condemning",
                                                                               "Remaining convinced"]
    assert len(xp(root, "//a:mainBody/a:paragraph")) == 1
    assert any("preambular paragraph tagged as an operative one" in m for m in notices)


def test_heading_paragraph_stays_unnumbered_with_a_free_eid():
    body = PARA.format(n="1.", text="one") + \
        '<paragraph><content><p><span class="bold">Follow-up</span></p></content></paragraph>' + \
        PARA.format(n="2.", text="two")
    root, notices = read(doc(body))
    paras = xp(root, "//a:mainBody/a:paragraph")
    assert [p.get("eId") for p in paras] == ["para_1", "para_1-1", "para_2"]
    assert flat(paras[1]) == "Follow-up" and validate_tree(root) == []
    assert any("unnumbered heading" in m for m in notices)


def test_single_unnumbered_paragraph_stays_unnumbered_quietly():
    body = '<paragraph><content><p><span class="italic">Requests</span> a report.</p></content></paragraph>'
    root, notices = read(doc(body))
    assert not xp(root, "//a:paragraph/a:num") and notices == [] and validate_tree(root) == []


def test_points_and_the_uns_sublist_sibling():
    body = """<paragraph><num>1.</num><list><intro><p><span class="italic">Calls upon</span> States:</p></intro>
      <point><num>(a)</num><content><p>	To act;</p></content></point>
      <point><num>(b)</num><content><p>	To state that States shall:</p></content></point>
      <sublist><point><num>(i)</num><content><p>	Make it free;</p></content></point>
               <point><num>(ii)</num><content><p>	Make it open;</p></content></point></sublist>
      <point><num>(c)</num><content><p>	To report.</p></content></point></list></paragraph>"""
    root, notices = read(doc(body))
    points = xp(root, "//a:point")
    assert [p.get("eId") for p in points] == ["para_1__list_1__point_a", "para_1__list_1__point_b",
                                              "para_1__list_1__point_c"]
    assert flat(points[1]) == "(b) To state that States shall: (i) Make it free; (ii) Make it open;"
    assert xp(points[1], "count(.//a:eol)") == 2
    assert any("third level of points" in m for m in notices) and validate_tree(root) == []


def test_annex_text_is_kept_as_unnumbered_paragraphs():
    annex = """<attachments><attachment><doc name="annex"><meta><identification source="#x"/></meta><mainBody>
      <paragraph><content><p><span class="bold">Annex</span></p></content></paragraph>
      <paragraph><num>1.</num><content><p>All <span class="italic">rights</span> apply.</p></content></paragraph>
      </mainBody></doc></attachment></attachments>"""
    root, notices = read(doc(annex=annex))
    paras = xp(root, "//a:mainBody/a:paragraph")
    assert [flat(p) for p in paras] == ["1. Decides one;", "Annex", "1. All rights apply."]
    assert not paras[2].xpath("a:num", namespaces=NS) and validate_tree(root) == []
    assert any("annex" in m for m in notices)


def test_odd_structures_lose_no_word():
    """Structures the UN's files do not use (yet): a section, a subparagraph, points nested in a point,
    a closing line with words around its meeting: all their words are kept, in order, and the XML is valid."""
    body = """<section><num>I.</num><heading>General</heading>
        <paragraph><num>1.</num><content><p><span class="italic">Decides</span> one;</p></content></paragraph>
        <paragraph><num>2.</num><content><p>Two:</p></content>
          <subparagraph><content><p>a loose part;</p></content></subparagraph></paragraph></section>
      <paragraph><num>3.</num><list><intro><p>Three:</p></intro>
        <point><num>(a)</num><content><p>alpha;</p></content>
          <list><intro><p>with</p></intro><point><num>(i)</num><content><p>iota;</p></content></point></list></point>
        <point><content><p>a point without a number;</p></content></point>
        <wrapUp><p>and a wrap-up.</p></wrapUp></list></paragraph>"""
    data = doc(body).replace(b"<p><event>", b"<p>Adopted at the <event>")
    result = read_bytes(data, "odd.xml", "unxml")
    un = etree.fromstring(data)
    assert body_words(result.root) == body_words(un)
    assert [p for p in validate_tree(result.root) if p.severity == "error"] == []
    assert len(result.notices) >= 5  # each oddity is reported
    assert [flat(n) for n in xp(result.root, "//a:mainBody/a:paragraph/a:num")] == ["1.", "2.", "3."]


def test_recorded_vote_keeps_its_text():
    vote = ('<outcome refersTo="#adoptedRecordedVote">[Adopted by a recorded vote of <quantity normalized="32">32'
            '</quantity> to <quantity normalized="13">13</quantity>. <outcome refersTo="inFavour">In favour:<eol/>'
            '<organization>Chile</organization></outcome><outcome refersTo="against">Against:<eol/><organization>'
            'France]</organization></outcome></outcome>')
    data = doc().replace(b'<outcome refersTo="#adoptedWithoutVote">[Adopted without a vote.]</outcome>',
                         vote.encode())
    root, _ = read(data)
    assert xp(root, "string(//a:vote/a:outcome/@refersTo)") == "#adoptedByVote"
    assert flat(xp(root, "//a:vote")[0]) == \
        "[Adopted by a recorded vote of 32 to 13. In favour: Chile Against: France]"


def test_placeholder_dates_are_ignored_and_disagreements_reported():
    root, notices = read(doc(frbr_date="0001-01-01"))
    assert xp(root, "string(//a:FRBRWork/a:FRBRdate/@date)") == "2023-10-11" and notices == []
    root, notices = read(doc(frbr_date="2023-10-12"))
    assert xp(root, "string(//a:FRBRWork/a:FRBRdate/@date)") == "2023-10-11"  # the printed date wins
    assert any("2023-10-12" in m and "differs" in m for m in notices)


def test_declaration_is_no_second_decoding():
    data = b'<?xml version="1.0" encoding="ISO-8859-1"?>\n' + doc().replace(b"A title", "Réaffirmant".encode())
    root, _ = read(data)
    assert xp(root, "string(//a:preface//a:docTitle)") == "Réaffirmant"


def test_language_comes_from_frbrlanguage():
    root, _ = read(doc(lang="fra"))
    assert xp(root, "string(//a:FRBRlanguage/@language)") == "fra"
    assert xp(root, "string(//a:FRBRExpression/a:FRBRuri/@value)").endswith("/54-1/fra@")


@pytest.mark.parametrize("data, error, words_", [
    (b"<akomaNtoso xmlns='http://docs.oasis-open.org/legaldocml/ns/akn/3.0'>\n<statement>\n</akomaNtoso>",
     InputError, "not well-formed"),
    (b"<html><body>Hello</body></html>", NotAResolutionError, "<html>"),
    (b"<akomaNtoso xmlns='http://docs.oasis-open.org/legaldocml/ns/akn/3.0'><act/></akomaNtoso>",
     NotAResolutionError, "not a <statement>"),
    (b"<akomaNtoso xmlns='urn:other'><statement/></akomaNtoso>", NotAResolutionError, "namespace"),
])
def test_bad_input_is_refused_clearly(data, error, words_):
    with pytest.raises(error) as info:
        read_bytes(data, "bad.xml", "unxml")
    assert words_ in str(info.value) and info.value.file == "bad.xml"
    if words_ == "not well-formed":
        assert info.value.line == 3


@pytest.mark.parametrize("data", [
    b'<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><akomaNtoso>&x;</akomaNtoso>',
    b'<!DOCTYPE a [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><akomaNtoso>&b;</akomaNtoso>',
])
def test_entities_are_never_expanded(data):
    with pytest.raises(InputError) as info:
        read_bytes(data, "evil.xml", "unxml")
    assert "root:" not in str(info.value) and "aaaa" not in str(info.value)


def test_facts_name_their_origin():
    root, _ = read(doc())
    origins = {f.get("name"): f.get("origin") for f in root.iter("{urn:x-unres:provenance:1}fact")}
    assert origins["number"].startswith("preface") and origins["symbol"].startswith("masthead")
    assert origins["adopted"].startswith("heading") and re.match(r"masthead authority", origins["body"])
