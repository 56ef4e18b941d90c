"""Writes an AKN tree as HTML, Markdown, DOCX, plain text or PDF, through pandoc's JSON AST (and typst for PDF).

One mapping (`pandoc_ast.to_pandoc`), every format: the AST goes to pandoc's own binary (the one
pypandoc-binary bundles) as JSON on standard input; PDF goes AST -> pandoc -> typst source ->
`typst.compile()`. `render_many` writes several formats of a document from one AST, and one pandoc
process (`pandoc lua data/render.lua`, kept for the documents that follow) writes all of them but DOCX;
`render(root, fmt)` is `render_many(root, [fmt])`, and gives the bytes `render_separately` (one pandoc
process per format, pandoc's own command line) gives: tools/check_render.py and tests/test_render_many.py
check it. Output is deterministic: the only clock pandoc and typst read is set to the
document's own date (SOURCE_DATE_EPOCH, typst's `timestamp`), and typst sees only its embedded fonts.
"""

from __future__ import annotations

import atexit
import datetime as dt
import io
import json
import os
import re
import select
import subprocess
import tempfile
import threading
import time
import warnings
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

import pypandoc
import typst
from lxml import etree

from ..akn.ns import q, xp
from ..errors import RenderError
from .carry import with_provenance
from .pandoc_ast import block, facts, to_pandoc, tokens

TEMPLATES = Path(__file__).resolve().parent.parent / "data" / "templates"
PANDOC_TIMEOUT = 120  # seconds


@dataclass(frozen=True)
class Format:
    """How one output format is written: pandoc's writer name and options, the file suffix."""

    name: str
    to: str
    args: tuple[str, ...]
    suffix: str
    binary: bool = False
    drop_meta: tuple[str, ...] = ()  # metadata that this writer would print a second time


FORMATS: dict[str, Format] = {
    "html": Format("html", "html5", ("-s", "--template", str(TEMPLATES / "unres.html"), "--embed-resources",
                                     "--css", str(TEMPLATES / "unres.css"), "--wrap=none"), ".html"),
    # clean Markdown: Divs unwrapped (anchors live in HTML), no attribute spans, <sup> for a marker without a note,
    # raw HTML as it stands (`<i>.</i>`, not `` `<i>.</i>`{=html} ``: see raw_italic_punctuation)
    "md": Format("md", "markdown-smart-bracketed_spans-native_spans-superscript-subscript-raw_attribute",
                 ("-s", "--wrap=none"), ".md", drop_meta=("pagetitle",)),
    "docx": Format("docx", "docx", (), ".docx", binary=True, drop_meta=("title",)),
    "txt": Format("txt", "plain-smart", ("--wrap=auto", "--columns=80"), ".txt"),
    "pdf": Format("pdf", "typst-smart", ("-s", "--template", str(TEMPLATES / "unres.typ"), "--wrap=none"), ".pdf",
                  binary=True),
}


def epoch(root: etree._Element) -> int:
    """The document's own date (adoption, else issuance) as a Unix time; 0 when it has none. Never the clock."""
    found = facts(root)
    day = found.get("adopted") or found.get("issued")
    if not day:
        return 0
    try:
        return int(dt.datetime.fromisoformat(day).replace(tzinfo=dt.timezone.utc).timestamp())
    except ValueError:
        return 0


def pandoc(ast: dict[str, Any], to: str, args: tuple[str, ...] = (), *, source_date_epoch: int = 0) -> bytes:
    """Run pandoc on a JSON AST; its output as bytes. Failures raise RenderError."""
    try:
        binary = pypandoc.get_pandoc_path()
    except OSError as exc:
        raise RenderError(f"pandoc is not available: {exc}") from None
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(source_date_epoch)}
    command = [binary, "--from=json", f"--to={to}", "--output=-", *args]
    try:
        done = subprocess.run(command, input=json.dumps(ast).encode("utf-8"), capture_output=True, env=env,
                              timeout=PANDOC_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise RenderError(f"pandoc could not write {to}: {exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise RenderError(f"pandoc could not write {to} (exit {done.returncode}): {message}")
    return done.stdout


#: tagged PDF that typst checks against PDF/UA-1 (title, language, reading order, tagged notes) as it writes
PDF_STANDARDS = ["ua-1"]


_COMPILERS = threading.local()  # one typst.Compiler per thread (and per process: see _compiler)


def _compiler() -> typst.Compiler:
    """This thread's typst compiler, made on first use and kept: `typst.compile()` builds a new one per call
    (the embedded fonts searched and loaded again each time), and that is all it does differently, so the
    PDF is the same bytes (each compile sets its own input and timestamp; the world is reset after each).
    One per thread: a Compiler serves one compile at a time (a second at once is refused, "Already borrowed").
    """
    made: tuple[int, typst.Compiler] | None = getattr(_COMPILERS, "made", None)
    if made is None or made[0] != os.getpid():  # a forked child makes its own
        made = _COMPILERS.made = (os.getpid(), typst.Compiler(ignore_system_fonts=True))
    return made[1]


def compile_typst(source: bytes, *, timestamp: int = 0) -> bytes:
    """typst source -> PDF bytes, with typst's embedded fonts only (the same PDF on every machine)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pdf = _compiler().compile(input=source, format="pdf", timestamp=timestamp, pdf_standards=PDF_STANDARDS)
    except RuntimeError as exc:  # typst.TypstError
        raise RenderError(f"typst could not compile the PDF: {exc}") from None
    if not isinstance(pdf, bytes):
        raise RenderError(f"typst returned {type(pdf).__name__}, expected PDF bytes")
    return pdf


#: typst markup shorthands that pandoc's typst writer leaves unescaped: `...` (ellipsis), `--` (dash), `-?`
_TYPST_SHORTHAND = re.compile(r"\.{2,}|-{2,}|-\?")


def typst_literal(node: Any) -> Any:
    """A copy of an AST in which `...`, `--`, `-?` inside Str stay literal in typst (escaped raw typst).

    >>> typst_literal({"t": "Str", "c": "58/..."})  # a Str becomes a list only inside its parent list
    {'t': 'Str', 'c': '58/...'}
    >>> typst_literal([{"t": "Str", "c": "58/..."}])
    [{'t': 'Str', 'c': '58/'}, {'t': 'RawInline', 'c': ['typst', '\\\\.\\\\.\\\\.']}]
    """
    if isinstance(node, dict):
        return {k: typst_literal(v) for k, v in node.items()}
    if not isinstance(node, list):
        return node
    out: list[Any] = []
    for item in node:
        if isinstance(item, dict) and item.get("t") == "Str" and _TYPST_SHORTHAND.search(item["c"]):
            pos = 0
            for m in _TYPST_SHORTHAND.finditer(item["c"]):
                if m.start() > pos:
                    out.append({"t": "Str", "c": item["c"][pos:m.start()]})
                out.append({"t": "RawInline", "c": ["typst", "".join("\\" + ch for ch in m.group(0))]})
                pos = m.end()
            if pos < len(item["c"]):
                out.append({"t": "Str", "c": item["c"][pos:]})
        else:
            out.append(typst_literal(item))
    return out


def typst_ast(ast: dict[str, Any], root: etree._Element, *, literal: bool = True) -> dict[str, Any]:
    """PDF only: the AST as unres.typ expects it: the masthead's lines by role, hanging numbers, the notes'
    printed markers (metadata `noteMarkers`: typst numbers its footnotes, the template prints these),
    typst's shorthands kept literal (unless `literal` is False: then typst_literal_json does it later)."""
    ast = typst_numbers(typst_masthead(ast, root), root)
    markers = [{"t": "MetaString", "c": m} for m in _note_markers(root)]
    ast = {**ast, "meta": {**ast["meta"], "noteMarkers": {"t": "MetaList", "c": markers}}}
    return typst_literal(ast) if literal else ast


#: json.dumps(ast, separators=(",", ":")), without the check for a list or dict inside itself (an AST made
#: here is a tree: the same text, ~0.6 ms sooner for a PDF AST)
_ast_json = json.JSONEncoder(separators=(",", ":"), check_circular=False).encode

#: a Str in compact JSON (json.dumps with separators=(",", ":")): its JSON-escaped text
_JSON_STR_OPEN = '{"t":"Str","c":"'
_JSON_STR = re.compile(r'\{"t":"Str","c":"([^"\\]*(?:\\.[^"\\]*)*)"\}')


def typst_literal_json(text: str) -> str:
    """typst_literal on an AST already written as compact JSON, on the text (no walk over the AST).

    A Str is always an item of a list, so it may become several items there. `.`, `-` and `?` are never
    part of a JSON escape, so the Str's JSON text is cut where its own text would be. Shorthands outside
    a Str (an identifier, a MetaString) are left alone, as typst_literal leaves them.

    >>> print(typst_literal_json('[{"t":"Str","c":"58/..."}]'))
    [{"t":"Str","c":"58/"},{"t":"RawInline","c":["typst","\\\\.\\\\.\\\\."]}]
    """
    if ".." not in text and "--" not in text and "-?" not in text:  # most documents (and far faster than re)
        return text
    out, done = [], 0
    for hit in _TYPST_SHORTHAND.finditer(text):
        if hit.start() < done:
            continue  # in a Str already rewritten
        opened = text.rfind(_JSON_STR_OPEN, done, hit.start())
        m = _JSON_STR.match(text, opened) if opened >= 0 else None
        if m is None or m.end() <= hit.start():
            continue  # not inside a Str
        body, parts, pos = m.group(1), [], 0
        for sh in _TYPST_SHORTHAND.finditer(body):
            if sh.start() > pos:
                parts.append(_JSON_STR_OPEN + body[pos:sh.start()] + '"}')
            raw = "".join("\\" + ch for ch in sh.group(0))
            parts.append('{"t":"RawInline","c":["typst",' + json.dumps(raw) + "]}")
            pos = sh.end()
        if pos < len(body):
            parts.append(_JSON_STR_OPEN + body[pos:] + '"}')
        out += [text[done:opened], ",".join(parts)]
        done = m.end()
    return "".join(out) + text[done:] if out else text


#: what a coverPage line holds -> its place in the PDF masthead (the first match wins; see unres.typ)
_MASTHEAD_ROLES = (("title", "a:docTitle"), ("distribution", "a:docStatus"), ("date", "a:docDate"),
                   ("language", "a:inline[@name='language' or @name='originalLanguage']"),
                   ("subject", "a:inline[@name='agendaItemTitle']"), ("organ", "a:docAuthority"))


def typst_masthead(ast: dict[str, Any], root: etree._Element) -> dict[str, Any]:
    """PDF only: each line of the `coverPage` Div in a Div `coverPage__ROLE`, which unres.typ lays out as
    the UN masthead: `organ` (the first docAuthority: "General Assembly") left and `distribution`, `date`,
    `language` right, a rule, then `body` (a later docAuthority: "Human Rights Council"), `line`s (session,
    dates, agenda item) and `subject` (the agenda item's title), then `title` ("Resolution adopted by …").

    Nothing is added, dropped or reordered; the Div is left as it is when its paragraphs are not
    exactly those of the coverPage's `p`s, one to one.
    """
    covers = xp(root, "/a:akomaNtoso/*[1]/a:coverPage")
    at = [i for i, b in enumerate(ast["blocks"]) if b["t"] == "Div" and b["c"][0][0] == "coverPage"]
    if not covers or not at:
        return ast
    lines = [c for c in covers[0] if isinstance(c.tag, str)]
    made = [block(c) for c in lines]
    attr, inner = ast["blocks"][at[0]]["c"]
    loose = (covers[0].text or "").strip() or any((c.tail or "").strip() for c in lines)
    if loose or [b for bs in made for b in bs] != inner:
        return ast
    grouped: list[dict[str, Any]] = []
    right = False
    for line, blocks in zip(lines, made):
        role = next((name for name, path in _MASTHEAD_ROLES if xp(line, f"descendant-or-self::{path}")), "line")
        if role == "organ" and (right or any(g["c"][0][0] == "coverPage__organ" for g in grouped)):
            role = "body"
        right = right or role in ("distribution", "date", "language")
        if blocks:
            grouped.append({"t": "Div", "c": [[f"coverPage__{role}", [], []], blocks]})
    out = dict(ast)
    out["blocks"] = [*ast["blocks"][:at[0]], {"t": "Div", "c": [attr, grouped]}, *ast["blocks"][at[0] + 1:]]
    return out


#: the Divs whose printed number unres.typ hangs (pandoc_ast's classes for `paragraph` and `point`)
_HANGING = {"operative", "point"}


def typst_numbers(ast: dict[str, Any], root: etree._Element) -> dict[str, Any]:
    """PDF only: the printed number that opens an operative paragraph or a point ("12.", "(a)") becomes
    `#unres-number("12.")`, which unres.typ sets in a box as wide as the paragraph's hanging indent.

    Only a number that is exactly the element's `num` followed by a space is replaced; anything else
    stays text.
    """
    numbers = {el.get("eId"): " ".join(str(xp(el, "string(a:num)")).split()) for el in xp(root, "//*[@eId][a:num]")}
    return {**ast, "blocks": _hang_numbers(ast["blocks"], numbers)}


def _hang_numbers(blocks: list[Any], numbers: dict[str, str]) -> list[Any]:
    out = []
    for b in blocks:
        if b["t"] == "Div":
            (ident, classes, attrs), inner = b["c"]
            inner = _hang_numbers(inner, numbers)
            number = numbers.get(ident, "") if _HANGING & set(classes) else ""
            if number:
                inner = _hang_first(inner, [*tokens(number), {"t": "Space"}], number)
            b = {"t": "Div", "c": [[ident, classes, attrs], inner]}
        out.append(b)
    return out


def _hang_first(blocks: list[Any], lead: list[Any], number: str) -> list[Any]:
    """The first Para of `blocks` (or of the Div that opens them) with `lead` replaced by the number call."""
    if not blocks:
        return blocks
    first = blocks[0]
    if first["t"] == "Div":
        attr, inner = first["c"]
        return [{"t": "Div", "c": [attr, _hang_first(inner, lead, number)]}, *blocks[1:]]
    if first["t"] == "Para" and first["c"][:len(lead)] == lead:
        call = "#unres-number(" + json.dumps(number, ensure_ascii=False) + ")"
        para = {"t": "Para", "c": [{"t": "RawInline", "c": ["typst", call]}, *first["c"][len(lead):]]}
        return [para, *blocks[1:]]
    return blocks


def _note_markers(root: etree._Element) -> list[str]:
    """The printed markers of the notes that become pandoc Notes (those with text), in document order."""
    return [n.get("marker") or "" for n in xp(root, "//a:statement/*[not(self::a:meta)]//a:authorialNote")
            if "".join(n.itertext()).strip()]


def _keep_writers_numbers(markers: list[str]) -> bool:
    """Whether a writer's own note numbers 1..n stand: there are no notes, a marker is missing (nothing to
    print instead), or the markers are 1..n already."""
    return not markers or not all(markers) or markers == [str(i) for i in range(1, len(markers) + 1)]


_LABEL = re.compile(r"^[^\s\[\]^]+$")
_NOTE_REF = re.compile(r"(?<!\\)\[\^(\d+)\]")
_PLAIN_NOTE_REF = re.compile(r"\[(\d+)\]")


def relabel_notes(markdown: str, markers: list[str], pattern: re.Pattern[str] = _NOTE_REF) -> str:
    """pandoc numbers Markdown notes 1..n; give them back their printed markers (`[^*]`, `[^1]`).

    Left as pandoc wrote them when a marker is missing, repeated or not usable as a label.
    """
    usable = all(_LABEL.match(m) for m in markers) and len(set(markers)) == len(markers)
    if not usable or _keep_writers_numbers(markers):
        return markdown

    def label(m: re.Match[str]) -> str:
        n = int(m.group(1))
        if not 1 <= n <= len(markers):
            return m.group(0)
        return f"[^{markers[n - 1]}]" if pattern is _NOTE_REF else f"[{markers[n - 1]}]"

    return pattern.sub(label, markdown)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def relabel_docx_notes(docx: bytes, markers: list[str]) -> bytes:
    """Word numbers notes 1..n; print their markers (`*`, `1`) instead, as Word's custom note marks do.

    Each citation becomes `<w:footnoteReference w:customMarkFollows="1"/>` followed by the marker's text
    in the same run, and the note's own `<w:footnoteRef/>` the marker's text. Left as pandoc wrote it when
    the markers are 1..n already, one is missing, or the citations do not match the notes one for one.
    Every zip entry keeps its name, order, date and compression, so the output stays deterministic.
    """
    if _keep_writers_numbers(markers):
        return docx
    with zipfile.ZipFile(io.BytesIO(docx)) as zin:
        entries = [(info, zin.read(info)) for info in zin.infolist()]
    parts = {info.filename: i for i, (info, _) in enumerate(entries)}
    if "word/document.xml" not in parts or "word/footnotes.xml" not in parts:
        return docx
    document = etree.fromstring(entries[parts["word/document.xml"]][1])
    footnotes = etree.fromstring(entries[parts["word/footnotes.xml"]][1])
    cited = list(document.iter(_W + "footnoteReference"))
    notes = {n.get(_W + "id"): n for n in footnotes.iter(_W + "footnote") if n.get(_W + "type") is None}
    ids = [ref.get(_W + "id") for ref in cited]
    if len(cited) != len(markers) or len(set(ids)) != len(ids) or set(ids) != set(notes):
        return docx
    for ref, marker in zip(cited, markers):
        ref.set(_W + "customMarkFollows", "1")
        ref.addnext(_docx_text(marker))
        own = next(notes[ref.get(_W + "id")].iter(_W + "footnoteRef"), None)
        if own is not None:
            own.getparent().replace(own, _docx_text(marker))
    for name, root in (("word/document.xml", document), ("word/footnotes.xml", footnotes)):
        info, _ = entries[parts[name]]
        entries[parts[name]] = (info, etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zout:
        for info, data in entries:
            zout.writestr(info, data, compresslevel=9)  # pandoc's compression (zip's "maximum")
    return out.getvalue()


def _docx_text(text: str) -> etree._Element:
    el = etree.Element(_W + "t")
    el.text = text
    return el


_HTML_NOTE_REF = re.compile(r'(<a href="#fn(\d+)" class="footnote-ref" id="fnref\2" role="doc-noteref"><sup>)\2(</sup></a>)')
_HTML_NOTE = re.compile(r'<li id="fn(\d+)"><p>')


def relabel_html_notes(html: str, markers: list[str]) -> str:
    """pandoc numbers HTML notes 1..n; show their printed markers (`*`, `1`) at the citation and the note.

    Left as pandoc wrote them when the markers are 1..n already (or do not match the notes).
    """
    if _keep_writers_numbers(markers):
        return html

    def marker(n: str) -> str | None:
        return escape(markers[int(n) - 1], quote=False) if 1 <= int(n) <= len(markers) else None

    def ref(m: re.Match[str]) -> str:
        shown = marker(m.group(2))
        return m.group(0) if shown is None else f"{m.group(1)}{shown}{m.group(3)}"

    def note(m: re.Match[str]) -> str:
        shown = marker(m.group(1))
        return m.group(0) if shown is None else \
            f'<li id="fn{m.group(1)}" class="marked"><p><span class="note-marker">{shown}</span> '

    return _HTML_NOTE.sub(note, _HTML_NOTE_REF.sub(ref, html))


def unwrap_divs(blocks: list[Any]) -> list[Any]:
    """The blocks with every Div replaced by its contents (clean Markdown has no div syntax)."""
    out: list[Any] = []
    for block in blocks:
        if block.get("t") == "Div":
            out += unwrap_divs(block["c"][1])
        else:
            out.append(block)
    return out


#: what `<i>` may hold alone to be written `<i>…</i>` in Markdown (see `raw_italic_punctuation`)
_PUNCTUATION = re.compile(r"[.,;:!?()'\"-]+")


def italic_punctuation(root: etree._Element) -> bool:
    """Whether some `<i>` of the document holds punctuation alone (the UN's `the matter<i>.</i>`)."""
    return any(not len(i) and _PUNCTUATION.fullmatch(i.text or "") for i in root.iter(q("i")))


def raw_italic_punctuation(node: Any) -> Any:
    """The AST with each Emph of punctuation alone written as raw HTML `<i>.</i>` (a new AST; `node` is kept).

    Markdown's `*.*` is emphasis only where CommonMark's flanking rules allow it: after `matter` it is read
    as the text `*.*`, so the italics would not come back; `<i>.</i>` reads back as italics anywhere."""
    if isinstance(node, list):
        return [raw_italic_punctuation(x) for x in node]
    if not isinstance(node, dict):
        return node
    if node.get("t") == "Emph" and len(node["c"]) == 1 and node["c"][0].get("t") == "Str" \
            and _PUNCTUATION.fullmatch(node["c"][0]["c"]):
        return {"t": "RawInline", "c": ["html", f"<i>{node['c'][0]['c']}</i>"]}
    return {k: raw_italic_punctuation(v) for k, v in node.items()}


def _ast_for(ast: dict[str, Any], root: etree._Element, fmt: str, *, literal: bool = True) -> dict[str, Any]:
    """The AST as `fmt`'s writer gets it (a new dict: `ast` itself is left as it is); for PDF without
    `literal`, typst's shorthands are left for `typst_literal_json` to escape in the JSON text."""
    spec = FORMATS[fmt]
    out = {**ast, "meta": {k: v for k, v in ast["meta"].items() if k not in spec.drop_meta}}
    if fmt == "pdf":
        out = typst_ast(out, root, literal=literal)
    if fmt == "md":
        out["blocks"] = unwrap_divs(out["blocks"])
        if italic_punctuation(root):
            out["blocks"] = raw_italic_punctuation(out["blocks"])
    return out


def _finish(out: bytes, root: etree._Element, fmt: str, when: int) -> bytes:
    """What follows pandoc: the notes' printed markers (md, html, txt, docx), typst's compile (pdf)."""
    if fmt == "md":
        out = with_provenance(relabel_notes(out.decode("utf-8"), _note_markers(root)), root).encode("utf-8")
    if fmt == "html":
        out = relabel_html_notes(out.decode("utf-8"), _note_markers(root)).encode("utf-8")
    if fmt == "txt":  # plain text cites notes as [1]: give them their printed markers too
        out = relabel_notes(out.decode("utf-8"), _note_markers(root), _PLAIN_NOTE_REF).encode("utf-8")
    if fmt == "docx":
        out = relabel_docx_notes(out, _note_markers(root))
    if fmt == "pdf":
        out = compile_typst(out, timestamp=when)
    return out


def _check_formats(fmts: list[str]) -> None:
    for fmt in fmts:
        if fmt not in FORMATS:
            raise RenderError(f"unknown format {fmt!r}; known formats: {', '.join(FORMATS)}")


def render_separately(root: etree._Element, fmt: str) -> bytes:
    """`render(root, fmt)` the way it was first written: one pandoc process for this format alone.

    The reference the one-process path (`render_many`) is checked against, byte for byte."""
    if isinstance(root, etree._ElementTree):
        root = root.getroot()
    _check_formats([fmt])
    spec = FORMATS[fmt]
    when = epoch(root)
    out = pandoc(_ast_for(to_pandoc(root), root, fmt), spec.to, spec.args, source_date_epoch=when)
    return _finish(out, root, fmt, when)


def render_many(root: etree._Element, fmts: Iterable[str]) -> dict[str, bytes]:
    """The document in several of FORMATS at once: {format: bytes}, each the bytes `render(root, fmt)` gives.

    The AKN becomes a pandoc AST once, and one pandoc process (`pandoc lua`, kept alive for the next
    document: see `Writer`) writes every format it can; DOCX keeps a pandoc process of its own (written
    from `pandoc lua`, even with SOURCE_DATE_EPOCH set around `pandoc.write`, its zip entries and
    docProps carry the clock's time, not the document's date)."""
    if isinstance(root, etree._ElementTree):
        root = root.getroot()
    fmts = list(dict.fromkeys(fmts))
    _check_formats(fmts)
    when = epoch(root)
    base = to_pandoc(root)
    # pandoc reads each AST sent once: the formats other than PDF share `base` (render.lua drops their
    # metadata and unwraps Markdown's Divs as _ast_for does); PDF's typst AST is made here
    # the long-lived writer speaks over pipes with select(): POSIX only; elsewhere one pandoc run per format
    together = [fmt for fmt in fmts if fmt in ONE_PROCESS and _job(0, FORMATS[fmt], (), False) is not None] \
        if os.name == "posix" else []
    asts: list[dict[str, Any] | str] = [base] if any(fmt != "pdf" for fmt in together) else []
    jobs = []
    for fmt in together:
        if fmt == "pdf":  # typst's shorthands kept literal in the JSON text (what typst_literal does, faster)
            typst_json = _ast_json(_ast_for(base, root, fmt, literal=False))
            asts.append(typst_literal_json(typst_json))
            jobs.append((len(asts) - 1, FORMATS[fmt], (), False))
        elif fmt == "md" and italic_punctuation(root):  # (rare) an AST of its own: see raw_italic_punctuation
            asts.append(_ast_for(base, root, fmt))
            jobs.append((len(asts) - 1, FORMATS[fmt], (), False))
        else:
            jobs.append((0, FORMATS[fmt], FORMATS[fmt].drop_meta, fmt == "md"))
    outs = dict(zip(together, writer().write(asts, jobs))) if together else {}
    for fmt in fmts:
        spec = FORMATS[fmt]
        if fmt in outs and "--embed-resources" in spec.args:
            embedded = embed_resources(outs[fmt].decode("utf-8"))
            if embedded is None:  # HTML the re-writing below is unsure of: pandoc's own --embed-resources
                del outs[fmt]
            else:
                outs[fmt] = embedded.encode("utf-8")
        if fmt not in outs:
            outs[fmt] = pandoc(_ast_for(base, root, fmt), spec.to, spec.args, source_date_epoch=when)
    return {fmt: _finish(outs[fmt], root, fmt, when) for fmt in fmts}


def render(root: etree._Element, fmt: str) -> bytes:
    """The document in one of FORMATS, as bytes (UTF-8 for the text formats)."""
    return render_many(root, [fmt])[fmt]


# --- one pandoc process for many documents and formats ----------------------------------------

#: the formats `pandoc lua render.lua` writes (DOCX is left out: see render_many)
ONE_PROCESS = frozenset({"html", "md", "txt", "pdf"})
LUA_WRITER = Path(__file__).resolve().parent.parent / "data" / "render.lua"
_FRAME = 8  # digits of a frame's length


def _job(ast: int, spec: Format, drop_meta: tuple[str, ...], unwrap: bool) -> dict[str, Any] | None:
    """A Format's command-line options as render.lua's job (what pandoc's command line would set); None
    for an option render.lua does not know (that format keeps a pandoc process of its own)."""
    job: dict[str, Any] = {"ast": ast + 1, "to": spec.to, "template": "", "standalone": False, "wrap": "auto",
                           "columns": 72, "drop_meta": list(drop_meta), "unwrap_divs": unwrap}
    args = list(spec.args)
    while args:
        arg = args.pop(0)
        if arg in ("-s", "--standalone"):
            job["standalone"] = True
        elif arg == "--template":
            job["template"], job["standalone"] = args.pop(0), True
        elif arg.startswith("--wrap="):
            job["wrap"] = arg.split("=", 1)[1]
        elif arg.startswith("--columns="):
            job["columns"] = int(arg.split("=", 1)[1])
        elif arg == "--embed-resources":
            pass  # done in Python: embed_resources()
        elif arg == "--css":
            args.pop(0)  # unres.html includes its CSS itself; --css only names it
        else:
            return None
    return job


class Writer:
    """One `pandoc lua render.lua` process that writes document after document (one per Python process).

    Requests and replies are length-prefixed frames on its stdin and stdout. A process that fails,
    times out or speaks out of turn is killed; the next request starts a new one."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[bytes] | None = None
        self.pid = 0
        self.lock = threading.Lock()
        # pandoc's stderr goes to a file, not a pipe (a pipe nobody reads would fill up and stall it); it is
        # emptied before each request, so when a request fails, what pandoc said about it is there to report
        self.stderr: Any = None

    def _start(self) -> subprocess.Popen[bytes]:
        if self.proc is not None and self.pid == os.getpid() and self.proc.poll() is None:
            return self.proc
        try:
            binary = pypandoc.get_pandoc_path()
        except OSError as exc:
            raise RenderError(f"pandoc is not available: {exc}") from None
        if self.stderr is None or self.pid != os.getpid():
            self.stderr = tempfile.TemporaryFile()
        try:
            # no clock: the text writers read none, and SOURCE_DATE_EPOCH makes sure of it. GHCRTS: a larger
            # allocation area for pandoc's garbage collector (fewer collections: ~10% less time per document,
            # about the same memory, as its built-in -H64m already lets the heap grow to that); options of the
            # caller's own GHCRTS come after, so they win. The output does not depend on it.
            rts = f"-A64m {os.environ.get('GHCRTS', '')}".strip()
            self.proc = subprocess.Popen([binary, "lua", str(LUA_WRITER)], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=self.stderr,
                                         env={**os.environ, "SOURCE_DATE_EPOCH": "0", "GHCRTS": rts})
        except OSError as exc:
            raise RenderError(f"pandoc could not start: {exc}") from None
        self.pid = os.getpid()
        return self.proc

    def close(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None or self.pid != os.getpid():
            return
        try:
            if proc.stdin:
                proc.stdin.close()
            proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()
        finally:
            if proc.stdout:
                proc.stdout.close()
            if self.stderr is not None:
                self.stderr.close()
                self.stderr = None

    def _kill(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None and self.pid == os.getpid():
            proc.kill()
            proc.wait()
            for pipe in (proc.stdin, proc.stdout):
                if pipe:
                    pipe.close()

    def _said(self) -> str:
        """The end of what pandoc wrote on stderr during the current request ("" if nothing)."""
        if self.stderr is None:
            return ""
        try:
            self.stderr.seek(0)
            text = self.stderr.read()[-2000:].decode("utf-8", "replace").strip()
        except (OSError, ValueError):
            return ""
        return f": {text}" if text else ""

    def _read(self, fd: int, n: int, deadline: float) -> bytes:
        chunks, left = [], n
        while left:
            wait = deadline - time.monotonic()
            if wait <= 0 or not select.select([fd], [], [], wait)[0]:
                raise TimeoutError
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    def _frame(self, fd: int, deadline: float) -> bytes:
        head = self._read(fd, _FRAME, deadline)
        if not head.isdigit():
            raise EOFError
        return self._read(fd, int(head), deadline)

    def write(self, asts: list[dict[str, Any] | str],
              jobs: list[tuple[int, Format, tuple[str, ...], bool]]) -> list[bytes]:
        """pandoc's output for each job (AST index, Format, metadata keys to drop, unwrap Divs), in order.
        An AST is a dict or its JSON text."""
        header = json.dumps({"asts": len(asts), "jobs": [_job(*job) for job in jobs]}).encode("utf-8")
        bodies = [header, *((ast if isinstance(ast, str) else _ast_json(ast)).encode("utf-8")
                            for ast in asts)]
        request = b"".join(b"%0*d" % (_FRAME, len(b)) + b for b in bodies)
        with self.lock:
            proc = self._start()
            assert proc.stdin is not None and proc.stdout is not None
            deadline = time.monotonic() + PANDOC_TIMEOUT
            if self.stderr is not None:  # the child writes at the same file offset: back to the start
                self.stderr.seek(0)
                self.stderr.truncate()
            try:
                proc.stdin.write(request)
                proc.stdin.flush()
                fd = proc.stdout.fileno()
                replies = [(self._frame(fd, deadline), self._frame(fd, deadline)) for _ in jobs]
            except (OSError, EOFError, TimeoutError, ValueError) as exc:
                code = proc.poll()
                if code is None and isinstance(exc, EOFError):  # its stdout closed: it is ending, give it a moment
                    try:  # (poll() alone could come before the exit, and report "failed" without the code)
                        code = proc.wait(timeout=1)
                    except subprocess.TimeoutExpired:
                        pass
                self._kill()
                why = "timed out" if isinstance(exc, TimeoutError) else f"ended (exit {code})" if code else "failed"
                raise RenderError(f"pandoc ({LUA_WRITER.name}) {why} writing "
                                  f"{', '.join(job[1].to for job in jobs)}{self._said()}") from None
            except BaseException:  # interrupted mid-request: its replies must never be read as the next one's
                self._kill()
                raise
        out = []
        for (status, body), (_, spec, _, _) in zip(replies, jobs):
            if status != b"ok":
                raise RenderError(f"pandoc could not write {spec.to}: {body.decode('utf-8', 'replace').strip()}")
            out.append(body)
        return out


_WRITERS = threading.local()  # one Writer per thread: threads of one process (a Dask worker's) render at once


def writer() -> Writer:
    """This thread's Writer (made on first use; its pandoc ends with the process). Each thread has its own
    pandoc, so threads do not wait for each other; a process with one thread, as -j workers are, has one."""
    w: Writer | None = getattr(_WRITERS, "writer", None)
    if w is None or w.pid not in (0, os.getpid()):
        w = _WRITERS.writer = Writer()
        atexit.register(w.close)
    return w


# --- --embed-resources, done here ----------------------------------------------------------------
# pandoc's --embed-resources (Text.Pandoc.SelfContained.makeSelfContained) re-reads the HTML it wrote with
# tagsoup and writes it again: text and attribute values escaped anew (& < > " '), an empty attribute value
# as a bare name, <br>, <hr>, <img>, <meta>, <link>, <col> closed at once written `<br />`, and the CSS in
# <style> without its comments, each run of whitespace cut to its first character. unres.html has no
# external resource to embed, so that re-writing is all it does, and `embed_resources` does the same.
# Whatever it is not sure of (another entity, a quote that ends an attribute early, a resource, a script)
# makes it give up (None), and pandoc does it instead.

_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "#39": "'", "apos": "'"}
_ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);")
_ATTR = re.compile(r'[ \t\n]+([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:="([^"<]*)")?(?=[ \t\n/>])')
_TAG_NAME = re.compile(r"[a-zA-Z][a-zA-Z0-9]*")
_CLOSE = re.compile(r"</([a-zA-Z][a-zA-Z0-9]*)>")
_MINIMIZE = {"hr", "br", "img", "meta", "link", "col"}
_RESOURCE = {"src", "data-src", "poster", "data-background-image"}
_CSS = re.compile(r"(\s)\s*|/\*.*?\*/|@import|url\(", re.S)


class _Unsure(Exception):
    pass


def _entity(m: re.Match[str]) -> str:
    name = m.group(1)
    if name in _ENTITIES:
        return _ENTITIES[name]
    if name.startswith(("#x", "#X")):
        return chr(int(name[2:], 16))
    if name.startswith("#"):
        return chr(int(name[1:]))
    raise _Unsure


def _unescape(text: str) -> str:
    if "&" not in text:
        return text
    out, n = _ENTITY.subn(_entity, text)
    if n != text.count("&"):  # an & that starts no entity
        raise _Unsure
    return out


_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})


def _escape(text: str) -> str:
    return text.translate(_ESCAPES)


def _css(css: str) -> str:
    def one(m: re.Match[str]) -> str:
        if m.group(1) is not None:
            return m.group(1)
        if m.group(0).startswith("/*"):
            return ""
        raise _Unsure  # @import or url(): a resource

    return _CSS.sub(one, css)


def embed_resources(html: str) -> str | None:
    """`html` as pandoc's --embed-resources writes it (see above); None when unsure."""
    try:
        return _embed(html)
    except (_Unsure, ValueError, OverflowError):
        return None


def _embed(html: str) -> str:
    out: list[str] = []
    pos, n = 0, len(html)
    while pos < n:
        lt = html.find("<", pos)
        if lt < 0:
            lt = n
        if lt > pos:
            out.append(_escape(_unescape(html[pos:lt])))
        if lt >= n:
            break
        if html.startswith("<!DOCTYPE html>", lt):
            out.append("<!DOCTYPE html>")
            pos = lt + len("<!DOCTYPE html>")
            continue
        if html.startswith("<!--", lt):
            end = html.find("-->", lt + 4)
            if end < 0:
                raise _Unsure
            out.append(html[lt:end + 3])
            pos = end + 3
            continue
        if m := _CLOSE.match(html, lt):
            out.append(m.group(0))
            pos = m.end()
            continue
        name_m = _TAG_NAME.match(html, lt + 1)
        if not name_m:
            raise _Unsure
        name = name_m.group(0)
        if name.lower() == "script":
            raise _Unsure
        attrs: list[str] = []
        at = name_m.end()
        while m := _ATTR.match(html, at):
            key, value = m.group(1), m.group(2)
            if key in _RESOURCE or (key == "href" and name.lower() == "link") or key == "data-external":
                raise _Unsure
            attrs.append(f" {key}" if not value else f' {key}="{_escape(_unescape(value))}"')
            at = m.end()
        while at < n and html[at] in " \t\n":
            at += 1
        closed = html.startswith("/>", at)
        if closed:
            at += 2
        elif html.startswith(">", at):
            at += 1
        else:
            raise _Unsure
        pos = at
        if not closed and (m := _CLOSE.match(html, pos)) and m.group(1) == name:
            closed, pos = True, m.end()  # <x></x>: tagsoup sees what it sees for <x/>
        opening = f"<{name}{''.join(attrs)}"
        if closed:
            out.append(f"{opening} />" if name.lower() in _MINIMIZE else f"{opening}></{name}>")
            continue
        out.append(f"{opening}>")
        if name.lower() == "style":
            end = html.find("</style>", pos)
            if end < 0 or "&" in html[pos:end] or "<" in html[pos:end]:
                raise _Unsure
            out.append(_css(html[pos:end]))
            pos = end
    return "".join(out)
