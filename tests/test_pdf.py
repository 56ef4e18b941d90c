"""The PDF (AKN -> pandoc -> typst): every paragraph's text in reading order, each footnote on the page of its
marker, the running header and page numbers, A4, PDF/UA-1, the same bytes every time.

The text checks read the PDF with `pdftotext -raw` (poppler-utils), which keeps typst's content order: on
each page the running header, the body, the footnotes, the page number. They are skipped, with the reason,
where pdftotext is not installed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from conftest import AKN
from lxml import etree

from convert.akn.ns import local, xp
from convert.writers import render

DOCUMENTS = sorted(AKN.glob("*.xml"))
IDS = [p.stem for p in DOCUMENTS]
A4 = (595.276, 841.89)  # points

needs_poppler = pytest.mark.skipif(not (shutil.which("pdftotext") and shutil.which("pdfinfo")),
                                   reason="pdftotext/pdfinfo (Debian's poppler-utils) are not installed: "
                                          "the PDF's text, pages and footnotes cannot be read")


@cache
def tree(path: Path) -> etree._Element:
    return etree.parse(str(path)).getroot()


@cache
def pdf(path: Path) -> bytes:
    return render(tree(path), "pdf")


def norm(text: str) -> str:
    """Text as compared: NFKC (ligatures), one space for any run of whitespace, none after a hyphen, a dash
    or a slash (a line may break there: "re-\\nestablishment", "February–\\n24")."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"(?<=[-‐‑–—/]) ", "", text).strip()


def pages_of(data: bytes) -> list[str]:
    """The raw text of each page (pdftotext -raw: content order)."""
    done = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True,
                          check=True)
    pages = done.stdout.decode("utf-8").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


# --- what the AKN says must be there -------------------------------------------------------------

@dataclass
class Note:
    marker: str
    text: str  # normalised


@dataclass
class Paragraph:
    """A paragraph's text in pieces, cut where a note marker stands: notes[i] stands after pieces[i]."""
    pieces: list[str]
    notes: list[Note]  # a note without text (Note.text "") prints only its marker, in the text


def _note_text(note: etree._Element) -> str:
    return norm(" ".join(note.itertext()))


def paragraphs(root: etree._Element) -> list[Paragraph]:
    """Every `p` (and `heading`) outside meta and notes, in document order; a `num` goes before the text of
    the paragraph that follows it, as the writers print it ("12. Decides ...")."""
    statement = xp(root, "/a:akomaNtoso/*[1]")[0]
    out: list[Paragraph] = []
    pending = ""

    def text_of(el: etree._Element, pieces: list[str], notes: list[Note]) -> None:
        pieces[-1] += el.text or ""
        for child in el:
            if not isinstance(child.tag, str):
                continue
            name = local(child)
            if name == "authorialNote":
                notes.append(Note(norm(child.get("marker") or ""), _note_text(child)))
                pieces.append("")
            elif name in ("eol", "br", "eop"):
                pieces[-1] += " "
            else:
                text_of(child, pieces, notes)
            pieces[-1] += child.tail or ""

    def walk(el: etree._Element) -> None:
        nonlocal pending
        for child in el:
            if not isinstance(child.tag, str) or local(child) in ("meta", "authorialNote"):
                continue
            name = local(child)
            if name == "num":
                pending = norm(" ".join(child.itertext()))
            elif name in ("p", "heading"):
                pieces, notes = [pending + " "], []
                pending = ""
                text_of(child, pieces, notes)
                out.append(Paragraph([norm(p) for p in pieces], notes))
            else:
                walk(child)

    walk(statement)
    return [p for p in out if any(p.pieces)]


def notes_with_text(root: etree._Element) -> list[Note]:
    return [n for p in paragraphs(root) for n in p.notes if n.text]


# --- what the PDF holds --------------------------------------------------------------------------

@dataclass
class Body:
    """The PDF's running text: pages joined without their header, page number and footnotes."""
    text: str
    starts: list[int]  # where each page begins in `text`
    pages: list[str]  # each page's whole text, normalised

    def page_at(self, offset: int) -> int:
        """The 1-based page number of a position in `text`."""
        return max(i for i, start in enumerate(self.starts) if start <= offset) + 1


def body(path: Path) -> Body:
    symbol = norm(xp(tree(path), "//a:FRBRWork/a:FRBRalias[@name='symbol']/@value")[0])
    notes = notes_with_text(tree(path))
    text, starts, whole = "", [], []
    for number, page in enumerate(pages_of(pdf(path)), start=1):
        lines = [line for line in page.splitlines() if line.strip()]
        whole.append(norm(page))
        if number > 1 and lines and norm(lines[0]) == symbol:
            lines = lines[1:]
        if number > 1 and lines and lines[-1].strip() == str(number):
            lines = lines[:-1]
        running = norm(" ".join(lines))
        for note in notes:
            entry = norm(f"{note.marker} {note.text}")
            cut = running.rfind(entry)
            if cut >= 0:
                running = (running[:cut] + running[cut + len(entry):]).strip()
        starts.append(len(text))
        text += running + " "
    return Body(text, starts, whole)


@cache
def located(path: Path) -> tuple[Body, list[tuple[Paragraph, list[int]]]]:
    """Each paragraph found in the running text after the one before it: its pieces one after the other,
    with only its note markers between them. Returns, per paragraph, where each piece ends."""
    found = body(path)
    out = []
    pos = 0
    for para in paragraphs(tree(path)):
        ends = []
        for i, piece in enumerate(para.pieces):
            if i > 0 and para.notes[i - 1].marker:  # the marker of the note that stands here
                marker = para.notes[i - 1].marker
                rest = found.text[pos:]
                assert rest.lstrip().startswith(marker), (
                    f"{path.name}: the note marker {marker!r} should follow {para.pieces[i - 1][-40:]!r}; "
                    f"the PDF reads {rest[:40]!r}")
                pos += len(rest) - len(rest.lstrip()) + len(marker)
            if piece:
                at = found.text.find(piece, pos)
                assert at >= 0, (f"{path.name}: not found (in reading order) in the PDF: {piece[:100]!r} "
                                 f"— after: {found.text[max(0, pos - 40):pos + 120]!r}")
                assert i == 0 or not found.text[pos:at].strip(), (
                    f"{path.name}: {found.text[pos:at]!r} stands between the pieces of {piece[:40]!r}")
                pos = at + len(piece)
            ends.append(pos)
        out.append((para, ends))
    return found, out


# --- the tests -----------------------------------------------------------------------------------

@needs_poppler
@pytest.mark.parametrize("path", DOCUMENTS, ids=IDS)
def test_every_paragraph_is_in_the_pdf_in_reading_order(path):
    found, paras = located(path)
    assert paras, f"{path.name}: no paragraph"
    assert len(found.pages) >= 1


@needs_poppler
@pytest.mark.parametrize("path", DOCUMENTS, ids=IDS)
def test_footnotes_are_on_the_page_of_their_marker(path):
    found, paras = located(path)
    checked = 0
    for para, ends in paras:
        for i, note in enumerate(para.notes):
            if not note.text:
                continue
            page = found.page_at(ends[i])  # where the text before the marker ends
            entry = norm(f"{note.marker} {note.text}")
            assert entry in found.pages[page - 1], (
                f"{path.name}: the note {entry[:60]!r} is not at the foot of page {page}, where its marker is")
            elsewhere = [n for n, text in enumerate(found.pages, start=1) if entry in text and n != page]
            assert not elsewhere, f"{path.name}: the note {entry[:60]!r} is also on page(s) {elsewhere}"
            checked += 1
    assert checked == len(notes_with_text(tree(path)))


def test_the_documents_have_notes_to_check():
    """The footnote test means something: akn/ has footnotes with text."""
    assert any(notes_with_text(tree(path)) for path in DOCUMENTS)


@needs_poppler
@pytest.mark.parametrize("path", DOCUMENTS, ids=IDS)
def test_masthead_running_header_and_page_numbers(path):
    symbol = xp(tree(path), "//a:FRBRWork/a:FRBRalias[@name='symbol']/@value")[0]
    pages = pages_of(pdf(path))
    first = [line.strip() for line in pages[0].splitlines() if line.strip()]
    assert first[0] == f"United Nations {symbol}", first[:2]
    assert len(pages) >= 2
    for number, page in enumerate(pages[1:], start=2):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert lines[0] == symbol, f"page {number} is headed {lines[0]!r}"
        assert lines[-1] == str(number), f"page {number} ends with {lines[-1]!r}"


@needs_poppler
@pytest.mark.parametrize("path", DOCUMENTS, ids=IDS)
def test_pages_are_a4(path):
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", "-"], input=pdf(path), capture_output=True,
                         check=True).stdout.decode()
    sizes = re.findall(r"^Page\s+\d+\s+size:\s+([\d.]+) x ([\d.]+) pts", out, re.MULTILINE)
    assert sizes and all((float(w), float(h)) == pytest.approx(A4, abs=0.5) for w, h in sizes), sizes
    assert re.search(r"^Tagged:\s+yes$", out, re.MULTILINE), "the PDF is not tagged"


@pytest.mark.parametrize("path", DOCUMENTS, ids=IDS)
def test_pdf_is_pdf_ua_1_with_title_and_language(path):
    data = pdf(path)
    assert data.startswith(b"%PDF-")
    assert b"<pdfuaid:part>1</pdfuaid:part>" in data
    assert b"<dc:language><rdf:Bag><rdf:li>en</rdf:li>" in data
    assert b"/StructTreeRoot" in data or b"StructTreeRoot" in data


@pytest.mark.parametrize("path", DOCUMENTS, ids=IDS)
def test_pdf_is_the_same_bytes_twice(path):
    assert render(tree(path), "pdf") == pdf(path)
