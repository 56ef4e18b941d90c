"""Writers: every word of each akn/ document reaches every format, anchors and notes survive, output is stable."""

from __future__ import annotations

import copy
import doctest
import importlib
import io
import json
import re
import shutil
import subprocess
import unicodedata
import zipfile
from functools import cache
from pathlib import Path

import lxml.html
import pypandoc
import pytest
import yaml
from conftest import AKN
from lxml import etree

from convert.akn.ns import xp
from convert.errors import RenderError
from convert.fidelity import split_xml
from convert.writers import FORMATS, render, to_pandoc
from convert.writers.pandoc_ast import tokens
from convert.writers.render import compile_typst, pandoc, relabel_docx_notes, relabel_notes

DOCUMENTS = sorted(AKN.glob("*.xml"))
IDS = [p.stem for p in DOCUMENTS]
_WORD = re.compile(r"\w+")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


@cache
def tree(path: Path) -> etree._Element:
    return etree.parse(str(path)).getroot()


@cache
def rendered(path: Path, fmt: str) -> bytes:
    return render(tree(path), fmt)


def words(text: str) -> list[str]:
    """Words as fidelity counts them, after NFKC (a superscript ¹ is the marker 1)."""
    return _WORD.findall(unicodedata.normalize("NFKC", text))


def missing_in_order(needle: list[str], haystack: list[str]) -> list[str]:
    """The words of `needle` that cannot be found in `haystack` in the same order (empty: all found)."""
    it = iter(enumerate(haystack))
    pos = 0
    for i, word in enumerate(needle):
        for pos, candidate in it:
            if candidate == word:
                break
        else:
            return needle[i:i + 12]
    return []


def body_words(root: etree._Element, *, with_markers: bool) -> tuple[list[str], list[list[str]]]:
    """split_xml's main words (note markers left out unless asked for) and each note's words."""
    if not with_markers:
        root = copy.deepcopy(root)
        for note in xp(root, "//a:authorialNote"):
            note.set("marker", "")
    split = split_xml(root)
    return split.main, split.notes


def html_text(data: bytes) -> str:
    doc = lxml.html.fromstring(data)
    for sup in doc.iter("sup"):  # a marker is a word of its own: "2019<sup>3</sup>" is not "20193"
        sup.text = f" {sup.text or ''} "
    return doc.body.text_content()


def text_of(path: Path, fmt: str) -> str:
    data = rendered(path, fmt)
    if fmt == "html":
        return html_text(data)
    text = data.decode("utf-8")
    return _FRONT_MATTER.sub("", text) if fmt == "md" else text


# --- every word, in order ----------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["html", "md", "txt"])
@pytest.mark.parametrize("path", DOCUMENTS, ids=IDS)
def test_every_word_reaches_the_output_in_order(path, fmt):
    out = words(text_of(path, fmt))
    # Markdown keeps the printed markers ([^*], [^1]); HTML and text number notes 1..n as pandoc does
    main, notes = body_words(tree(path), with_markers=fmt == "md")
    assert main, "no body words in the XML"
    assert missing_in_order(main, out) == [], f"{fmt}: body words lost or out of order"
    for note in notes:
        assert missing_in_order(note, out) == [], f"{fmt}: note words lost: {note}"


def test_a_note_without_text_keeps_only_its_marker():
    path = AKN / "A-HRC-RES-34-39.xml"
    ast = json.dumps(to_pandoc(tree(path)))
    assert '"Note"' not in ast, "a note whose text is unknown must not become an (empty or invented) note"
    assert '{"t": "Superscript", "c": [{"t": "Str", "c": "1"}]}' in ast
    assert "in Mali,<sup>1</sup>" in rendered(path, "html").decode()
    assert "in Mali,<sup>1</sup>" in rendered(path, "md").decode()  # the Markdown reader's marker syntax


# --- anchors, language, metadata ---------------------------------------------------------------

@pytest.mark.parametrize("path", DOCUMENTS, ids=IDS)
def test_html_keeps_eids_as_anchors_and_sets_the_language(path):
    doc = lxml.html.fromstring(rendered(path, "html"))
    ids = set(doc.xpath("//@id"))
    assert {"para_1", "preamble__container_1", "preamble__formula_1"} <= ids
    every_eid = {e for e in xp(tree(path), "//a:mainBody//a:paragraph/@eId | //a:preamble/a:container/@eId")}
    assert every_eid <= ids, f"eIds without an anchor: {sorted(every_eid - ids)[:5]}"
    assert doc.get("lang") == "en"
    assert doc.xpath("//style"), "the CSS is embedded"
    assert not doc.xpath("//link[@rel='stylesheet']"), "no external stylesheet"


def test_language_follows_frbrlanguage():
    root = copy.deepcopy(tree(AKN / "A-HRC-RES-46-28.xml"))
    xp(root, "//a:FRBRExpression/a:FRBRlanguage")[0].set("language", "fra")
    assert lxml.html.fromstring(render(root, "html")).get("lang") == "fr"


def test_markdown_front_matter_carries_the_facts():
    md = rendered(AKN / "A-HRC-RES-46-28.xml", "md").decode()
    front = yaml.safe_load(_FRONT_MATTER.match(md).group(0).strip("-\n"))
    assert front["symbol"] == "A/HRC/RES/46/28"
    assert str(front["adopted"]) == "2021-03-24" and str(front["issued"]) == "2021-03-26"
    assert str(front["session"]) == "46" and str(front["agendaItem"]) == "10"
    assert front["kind"] == "resolution" and front["vote"] == "adoptedWithoutVote"
    assert front["authority"] == "humanRightsCouncil"
    draft = rendered(AKN / "A-HRC-58-L.8-draft.xml", "md").decode()
    front = yaml.safe_load(_FRONT_MATTER.match(draft).group(0).strip("-\n"))
    assert front["kind"] == "resolutionDraft" and front["sponsors"] == ["Ghana"]


def test_markdown_is_clean_with_numbers_as_text():
    md = rendered(AKN / "A-HRC-RES-46-28.xml", "md").decode()
    assert "\n\n12\\. *Encourages* the Malian transitional authorities" in md
    assert "\n\n*Recalling* General Assembly resolution 60/251" in md
    assert ":::" not in md and "<div" not in md


# --- footnotes ---------------------------------------------------------------------------------

def test_2021_notes_are_markdown_definitions():
    path = AKN / "A-HRC-RES-46-28.xml"
    md = rendered(path, "md").decode()
    notes = xp(tree(path), "//a:authorialNote")
    assert len(notes) == 4
    for note in notes:
        text = " ".join("".join(note.itertext()).split())
        assert f"\n[^{note.get('marker')}]: {text}\n" in md
        assert md.count(f"[^{note.get('marker')}]") == 2  # cited once, defined once


def test_draft_notes_keep_their_printed_markers_in_markdown():
    md = rendered(AKN / "A-HRC-58-L.8-draft.xml", "md").decode()
    assert "Ghana:[^*] draft resolution" in md
    assert "\n[^*]: On behalf of the States Members" in md
    assert "\n[^1]: A/HRC/58/79.\n" in md


def test_draft_notes_keep_their_printed_markers_in_html():
    """pandoc numbers HTML notes 1..n; the reader of the page sees `*`, 1, 2 as printed, linked both ways."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(rendered(AKN / "A-HRC-58-L.8-draft.xml", "html"), "html.parser")
    refs = soup.select("a.footnote-ref")
    assert [a.get_text() for a in refs] == ["*", "1", "2"]
    for a in refs:
        item = soup.find(id=a["href"][1:])
        assert item.select_one(".note-marker").get_text() == a.get_text()
        assert item.select_one("a.footnote-back")["href"] == "#" + a["id"]
    assert "On behalf of the States Members" in soup.find(id="fn1").get_text()
    plain = BeautifulSoup(rendered(AKN / "A-HRC-RES-46-28.xml", "html"), "html.parser")  # 1..n: as pandoc wrote
    assert [a.get_text() for a in plain.select("a.footnote-ref")] == ["1", "2", "3", "4"]
    assert not plain.select(".note-marker")


def test_relabel_notes_leaves_escaped_text_and_unusable_markers_alone():
    md = "a[^1] b \\[^2\\] c[^2]\n\n[^1]: x\n\n[^2]: y\n"
    assert relabel_notes(md, ["*", "1"]) == "a[^*] b \\[^2\\] c[^1]\n\n[^*]: x\n\n[^1]: y\n"
    assert relabel_notes(md, ["1", "1"]) == md
    assert relabel_notes(md, ["a b", "c"]) == md


# --- PDF, DOCX ---------------------------------------------------------------------------------

@pytest.mark.parametrize("path", DOCUMENTS, ids=IDS)
def test_pdf_is_a_pdf_with_the_paragraph_texts(path):
    pdf = rendered(path, "pdf")
    assert pdf.startswith(b"%PDF")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed; only the %PDF header was checked")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    # pdftotext joins a word hyphenated at a line end ("re-" + "establishment"): compare the words as one
    # stream of letters, each word found after the one before it
    main, notes = body_words(tree(path), with_markers=False)
    stream = "".join(words(text))
    for sequence in (main, *notes):
        pos = 0
        for i, word in enumerate(sequence):
            found = stream.find(word, pos)
            assert found >= 0, f"lost in the PDF: {sequence[i:i + 12]}"
            pos = found + len(word)
    symbol = xp(tree(path), "//a:FRBRalias[@name='symbol']/@value")[0]
    assert text.count(symbol) >= text.count("\f"), "the symbol heads every page"


def test_pdf_keeps_dots_and_dashes_literal():
    """typst would turn `...` into an ellipsis; the draft's title number is `58/...`."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pdf = rendered(AKN / "A-HRC-58-L.8-draft.xml", "pdf")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "58/... Technical" in text and "…" not in text


def test_docx_is_a_word_document_with_the_text():
    data = rendered(AKN / "A-HRC-RES-46-28.xml", "docx")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        document = z.read("word/document.xml").decode()
        footnotes = z.read("word/footnotes.xml").decode()
    assert "Decides" in document and "S/2020/1332, annex." in footnotes


def _docx_notes(data: bytes) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """(citations as (id, the custom mark after it or ""), {note id: the mark its text begins with or ""})."""
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        document = etree.fromstring(z.read("word/document.xml"))
        footnotes = etree.fromstring(z.read("word/footnotes.xml"))
    cited = []
    for ref in document.iter(w + "footnoteReference"):
        after = ref.getnext()
        custom = ref.get(w + "customMarkFollows") == "1" and after is not None and after.tag == w + "t"
        cited.append((ref.get(w + "id"), after.text if custom else ""))
    own = {}
    for note in footnotes.iter(w + "footnote"):
        if note.get(w + "type") is None:
            first = next(note.iter(w + "r"))  # the note's first run: Word's own number, or the custom mark
            own[note.get(w + "id")] = "" if first.find(w + "footnoteRef") is not None else first.findtext(w + "t")
    return cited, own


def test_docx_prints_the_notes_markers():
    """The draft's notes are `*`, 1, 2: Word would number them 1, 2, 3; custom marks print the source's."""
    cited, own = _docx_notes(rendered(AKN / "A-HRC-58-L.8-draft.xml", "docx"))
    assert [mark for _, mark in cited] == ["*", "1", "2"]
    assert [own[i] for i, _ in cited] == ["*", "1", "2"]


def test_docx_keeps_words_numbers_when_the_markers_are_1_to_n():
    root = tree(AKN / "A-HRC-RES-46-28.xml")
    markers = [n.get("marker") for n in xp(root, "//a:authorialNote")]
    assert markers == [str(i) for i in range(1, len(markers) + 1)]
    cited, own = _docx_notes(rendered(AKN / "A-HRC-RES-46-28.xml", "docx"))
    assert len(cited) == len(markers) and all(mark == "" for _, mark in cited) and set(own.values()) == {""}


def test_docx_marks_left_alone_when_the_notes_do_not_match():
    data = rendered(AKN / "A-HRC-58-L.8-draft.xml", "docx")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        plain = {i.filename: z.read(i) for i in z.infolist()}
    pandoc_like = io.BytesIO()
    with zipfile.ZipFile(pandoc_like, "w") as z:  # Word's numbering, as pandoc writes it
        for name, part in plain.items():
            if name in ("word/document.xml", "word/footnotes.xml"):
                part = re.sub(rb' w:customMarkFollows="1"/><w:t>[^<]*</w:t>', b"/>", part)
                part = re.sub(rb"<w:t>[^<]*</w:t></w:r><w:r><w:t xml:space=\"preserve\"> ",
                              b"<w:footnoteRef/></w:r><w:r><w:t xml:space=\"preserve\"> ", part)
            z.writestr(name, part)
    unmarked = pandoc_like.getvalue()
    assert [m for _, m in _docx_notes(unmarked)[0]] == ["", "", ""] and set(_docx_notes(unmarked)[1].values()) == {""}
    assert relabel_docx_notes(unmarked, ["*", "1"]) == unmarked  # two markers, three notes
    assert relabel_docx_notes(unmarked, ["*", "1", ""]) == unmarked  # a marker missing
    assert [m for _, m in _docx_notes(relabel_docx_notes(unmarked, ["*", "1", "2"]))[0]] == ["*", "1", "2"]


# --- determinism, errors, the AST --------------------------------------------------------------

@pytest.mark.parametrize("fmt", list(FORMATS))
def test_output_is_deterministic(fmt):
    path = AKN / "A-HRC-58-L.8-draft.xml"
    assert render(tree(path), fmt) == rendered(path, fmt)


def test_errors_are_render_errors():
    root = tree(AKN / "A-HRC-RES-46-28.xml")
    with pytest.raises(RenderError, match="unknown format"):
        render(root, "rtf")
    with pytest.raises(RenderError, match="pandoc could not write"):
        pandoc({"pandoc-api-version": [1, 23, 1, 1], "meta": {}, "blocks": [{"t": "Nonsense"}]}, "html5")
    with pytest.raises(RenderError, match="typst could not compile"):
        compile_typst(b"#let x = ")


def test_api_version_is_pandocs():
    bundled = json.loads(pypandoc.convert_text("x", "json", format="md"))["pandoc-api-version"]
    assert to_pandoc(tree(AKN / "A-HRC-RES-46-28.xml"))["pandoc-api-version"] == bundled


def test_tokens_keep_every_character_but_xml_whitespace():
    text = "Recalling  also\n\t60/251 of 1\u00a0730 persons, ‘quoted’ – dash"
    toks = tokens(text)
    assert "".join(t.get("c", " ") for t in toks) == "Recalling also 60/251 of 1\u00a0730 persons, ‘quoted’ – dash"
    assert {"t": "Str", "c": "1\u00a0730"} in toks
    assert [t["t"] for t in tokens("a\nb c", soft_breaks=True)] == ["Str", "SoftBreak", "Str", "Space", "Str"]
    assert tokens("") == [] and tokens("  ") == [{"t": "Space"}]


def test_sub_paragraphs_are_nested_divs_with_their_eids():
    ns = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
    root = etree.fromstring(f"""<akomaNtoso xmlns="{ns}"><statement name="resolution"><meta/><mainBody>
      <paragraph eId="para_8"><num>8.</num><list eId="para_8__list_1">
        <intro><p><i>Requests</i> the Expert:</p></intro>
        <point eId="para_8__list_1__point_a"><num>(a)</num><content><p>to report;</p></content></point>
        <point eId="para_8__list_1__point_b"><num>(b)</num><list eId="para_8__list_1__point_b__list_1">
          <intro><p>to consult:</p></intro>
          <point eId="para_8__list_1__point_b__list_1__point_i"><num>(i)</num><content><p>States;</p></content></point>
        </list></point>
      </list></paragraph></mainBody></statement></akomaNtoso>""")
    html = lxml.html.fromstring(render(root, "html"))
    point_i = html.get_element_by_id("para_8__list_1__point_b__list_1__point_i")
    assert [a.get("id") for a in point_i.iterancestors("div")][:4] == [
        "para_8__list_1__point_b__list_1", "para_8__list_1__point_b", "para_8__list_1", "para_8"]
    assert point_i.text_content().strip() == "(i) States;"
    assert html.get_element_by_id("para_8").xpath("string(.//p[1])").startswith("8. Requests the Expert:")


def test_writer_doctests():
    # importlib: `convert.writers.render` as an attribute is the function, the module has the same name
    for module in map(importlib.import_module, ("convert.writers.pandoc_ast", "convert.writers.render")):
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted > 0, module.__name__
