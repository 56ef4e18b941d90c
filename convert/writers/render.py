"""Writes an AKN tree as HTML, Markdown, DOCX, plain text or PDF, through pandoc's JSON AST (and typst for PDF).

One mapping (`pandoc_ast.to_pandoc`), every format: the AST goes to pandoc's own binary (the one
pypandoc-binary bundles) as JSON on standard input; PDF goes AST -> pandoc -> typst source ->
`typst.compile()`. Output is deterministic: the only clock pandoc and typst read is set to the
document's own date (SOURCE_DATE_EPOCH, typst's `timestamp`), and typst sees only its embedded fonts.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypandoc
import typst
from lxml import etree

from ..akn.ns import xp
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
    # clean Markdown: Divs unwrapped (anchors live in HTML), no attribute spans, <sup> for a marker without a note
    "md": Format("md", "markdown-smart-bracketed_spans-native_spans-superscript-subscript",
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


def compile_typst(source: bytes, *, timestamp: int = 0) -> bytes:
    """typst source -> PDF bytes, with typst's embedded fonts only (the same PDF on every machine)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pdf = typst.compile(source, format="pdf", ignore_system_fonts=True, timestamp=timestamp,
                                pdf_standards=PDF_STANDARDS)
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


def typst_ast(ast: dict[str, Any], root: etree._Element) -> dict[str, Any]:
    """PDF only: the AST as unres.typ expects it: the masthead's lines by role, hanging numbers, the notes'
    printed markers (metadata `noteMarkers`: typst numbers its footnotes, the template prints these),
    typst's shorthands kept literal."""
    ast = typst_numbers(typst_masthead(ast, root), root)
    markers = [{"t": "MetaString", "c": m} for m in _note_markers(root)]
    ast = {**ast, "meta": {**ast["meta"], "noteMarkers": {"t": "MetaList", "c": markers}}}
    return typst_literal(ast)


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


_LABEL = re.compile(r"^[^\s\[\]^]+$")
_NOTE_REF = re.compile(r"(?<!\\)\[\^(\d+)\]")
_PLAIN_NOTE_REF = re.compile(r"\[(\d+)\]")


def relabel_notes(markdown: str, markers: list[str], pattern: re.Pattern[str] = _NOTE_REF) -> str:
    """pandoc numbers Markdown notes 1..n; give them back their printed markers (`[^*]`, `[^1]`).

    Left as pandoc wrote them when a marker is missing, repeated or not usable as a label.
    """
    usable = all(_LABEL.match(m) for m in markers) and len(set(markers)) == len(markers)
    if not markers or not usable or markers == [str(i) for i in range(1, len(markers) + 1)]:
        return markdown

    def label(m: re.Match[str]) -> str:
        n = int(m.group(1))
        if not 1 <= n <= len(markers):
            return m.group(0)
        return f"[^{markers[n - 1]}]" if pattern is _NOTE_REF else f"[{markers[n - 1]}]"

    return pattern.sub(label, markdown)


def unwrap_divs(blocks: list[Any]) -> list[Any]:
    """The blocks with every Div replaced by its contents (clean Markdown has no div syntax)."""
    out: list[Any] = []
    for block in blocks:
        if block.get("t") == "Div":
            out += unwrap_divs(block["c"][1])
        else:
            out.append(block)
    return out


def render(root: etree._Element, fmt: str) -> bytes:
    """The document in one of FORMATS, as bytes (UTF-8 for the text formats)."""
    if isinstance(root, etree._ElementTree):
        root = root.getroot()
    if fmt not in FORMATS:
        raise RenderError(f"unknown format {fmt!r}; known formats: {', '.join(FORMATS)}")
    spec = FORMATS[fmt]
    ast = to_pandoc(root)
    for key in spec.drop_meta:
        ast["meta"].pop(key, None)
    if fmt == "pdf":
        ast = typst_ast(ast, root)
    if fmt == "md":
        ast["blocks"] = unwrap_divs(ast["blocks"])
    when = epoch(root)
    out = pandoc(ast, spec.to, spec.args, source_date_epoch=when)
    if fmt == "md":
        out = with_provenance(relabel_notes(out.decode("utf-8"), _note_markers(root)), root).encode("utf-8")
    if fmt == "txt":  # plain text cites notes as [1]: give them their printed markers too
        out = relabel_notes(out.decode("utf-8"), _note_markers(root), _PLAIN_NOTE_REF).encode("utf-8")
    if fmt == "pdf":
        out = compile_typst(out, timestamp=when)
    return out
