"""Converts an AKN tree into pandoc's JSON AST (a dict), the one model every output format is written from.

Reads: the canonical AKN of `akn/*.xml` (coverPage, preface, preamble, mainBody, conclusions, attachments).
Writes: `{"pandoc-api-version": [...], "meta": {...}, "blocks": [...]}`, where
- the facts of `<meta>` become pandoc metadata (symbol, authority (the body), session, dates, agenda item,
  kind, sponsors, vote);
- each masthead `<p>` is a Para inside a Div `.masthead`;
- the preface's `docNumber docTitle` is a level-1 Header, a draft's sponsor line a Para in a Div `.sponsors`;
- each preambular `container` and each operative `paragraph`, `list`, `point` is a Div whose identifier
  is its eId (`preamble__container_3`, `para_12`, `para_8__list_1__point_a`), its number kept as text;
- `<i>` is Emph, `<eol/>` a LineBreak, an `authorialNote` a Note where it stands (a note without text
  keeps only its marker, as Superscript: no text is ever invented), a `noteRef` (the same note cited again)
  its marker as Superscript.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from lxml import etree

from ..akn.ns import local, xp

#: pandoc 3.9's JSON API version (`pypandoc.convert_text('x', 'json', format='md')`)
API_VERSION = [1, 23, 1, 1]

#: ISO 639-2 (FRBRlanguage) -> BCP 47 (pandoc's `lang`)
LANGUAGES = {"eng": "en", "fra": "fr", "spa": "es", "ara": "ar", "rus": "ru", "zho": "zh"}

Inline = dict[str, Any]
Block = dict[str, Any]

#: XML whitespace only: a no-break space (U+00A0) or a thin space belongs to its word
_WHITESPACE = re.compile(r"[ \t\r\n]+")
_INLINE_STYLES = {"i": "Emph", "b": "Strong", "u": "Underline", "sup": "Superscript", "sub": "Subscript"}
_BREAKS = {"eol", "br", "eop"}
_STYLED = frozenset(_INLINE_STYLES.values())
_BLANK = frozenset(("Space", "SoftBreak"))
_BLANK_OR_BREAK = frozenset(("Space", "SoftBreak", "LineBreak"))
#: children of a hierarchy element that only hold its paragraphs
_WRAPPERS = {"content", "intro", "wrapUp", "subheading"}
_HIERARCHY = {"section", "subsection", "part", "chapter", "title", "book", "article", "hcontainer",
              "paragraph", "subparagraph", "list", "point", "alinea", "clause", "subclause", "container",
              "blockContainer", "tblock"}


# --- inlines -----------------------------------------------------------------------------------

def tokens(text: str, *, soft_breaks: bool = False) -> list[Inline]:
    """Str/Space tokens of a string, every character kept except runs of XML whitespace.

    >>> tokens("Recalling  also\\n60/251")
    [{'t': 'Str', 'c': 'Recalling'}, {'t': 'Space'}, {'t': 'Str', 'c': 'also'}, {'t': 'Space'}, {'t': 'Str', 'c': '60/251'}]

    With `soft_breaks`, a run of whitespace holding a newline is a SoftBreak instead of a Space.
    A no-break space is not whitespace here: "1\\u00a0730" stays one Str.
    """
    if not text:
        return []
    out: list[Inline] = []
    if soft_breaks:
        pos = 0
        for m in _WHITESPACE.finditer(text):
            if m.start() > pos:
                out.append({"t": "Str", "c": text[pos:m.start()]})
            out.append({"t": "SoftBreak"} if "\n" in m.group(0) else {"t": "Space"})
            pos = m.end()
        if pos < len(text):
            out.append({"t": "Str", "c": text[pos:]})
        return out
    words = _WHITESPACE.split(text)  # "" where text starts or ends with whitespace
    if words[0]:
        out.append({"t": "Str", "c": words[0]})
    for word in words[1:]:
        out.append({"t": "Space"})
        if word:
            out.append({"t": "Str", "c": word})
    return out


def tidy(inlines: list[Inline]) -> list[Inline]:
    """One space between words: no leading, trailing or doubled spaces, none around a line break.

    Spaces inside an Emph at its edges are moved out of it, so `<i>Recalling </i>` reads "Recalling ".
    """
    out: list[Inline] = []
    last = ""  # the kind of out[-1] ("" for none)
    for node in inlines:
        kind = node["t"]
        if kind in _STYLED:  # its edge spaces moved out of it: Space, the node tidied, Space
            inner = node["c"]
            if not inner:
                continue
            lead, trail, inner = inner[0]["t"] in _BLANK, inner[-1]["t"] in _BLANK, tidy(inner)
            if lead and last and last not in _BLANK_OR_BREAK:
                out.append({"t": "Space"})
                last = "Space"
            if inner:
                out.append({"t": kind, "c": inner})
                last = kind
            if trail and last and last not in _BLANK_OR_BREAK:
                out.append({"t": "Space"})
                last = "Space"
            continue
        if kind in _BLANK:
            if not last or last in _BLANK_OR_BREAK:
                continue
        elif kind == "LineBreak":
            while out and out[-1]["t"] in _BLANK:
                out.pop()
        elif kind == "Str" and last == "Str":
            out[-1] = {"t": "Str", "c": out[-1]["c"] + node["c"]}
            continue
        out.append(node)
        last = kind
    while out and out[-1]["t"] in _BLANK_OR_BREAK:
        out.pop()
    return out


def _text_of(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


def note(el: etree._Element) -> Inline:
    """An authorialNote: a Note with its paragraphs, or only its marker when it has no text."""
    marker = el.get("marker") or ""
    if not _text_of(el):
        return {"t": "Superscript", "c": tokens(marker)} if marker else {"t": "Space"}
    return {"t": "Note", "c": [b for b in blocks_of(el, _note_part) if b["c"]]}


def _note_part(child: etree._Element) -> list[Block]:
    """A child of an authorialNote: a `p` is a Para; of anything else, the blocks of its children."""
    return [{"t": "Para", "c": inlines_of(child)}] if local(child) == "p" else blocks_of(child)


def inlines_of(el: etree._Element) -> list[Inline]:
    """The inline content of an element (its text, its children, their tails), tidied."""
    return tidy(_inlines(el))


def _inlines(el: etree._Element) -> list[Inline]:
    out: list[Inline] = tokens(el.text or "")
    for child in el:
        if isinstance(child.tag, str):
            out.extend(_inline(child))
        out.extend(tokens(child.tail or ""))
    return out


def _inline(el: etree._Element) -> list[Inline]:
    name = local(el)
    if name == "authorialNote":
        return [note(el)]
    if name == "noteRef":  # a note cited again: its printed marker (the note itself stands where first cited)
        return [{"t": "Superscript", "c": tokens(el.get("marker") or "")}] if el.get("marker") else []
    if name in _BREAKS:
        return [{"t": "LineBreak"}]
    if name in _INLINE_STYLES:
        return [{"t": _INLINE_STYLES[name], "c": _inlines(el)}]
    if name in ("ref", "a") and el.get("href"):
        return [{"t": "Link", "c": [["", [], []], _inlines(el), [el.get("href"), ""]]}]
    if name in ("p", "num", "heading"):  # a block where an inline was expected: keep its words apart
        return [{"t": "Space"}, *_inlines(el), {"t": "Space"}]
    # docAuthority, docDate, docNumber, docTitle, docProponent, session, inline, location, vote, …: their words
    return _inlines(el)


# --- blocks ------------------------------------------------------------------------------------

def _para(inlines: list[Inline]) -> Block:
    """A Para of inlines, tidied (inlines_of's are already: `{"t": "Para", "c": inlines_of(el)}`)."""
    return {"t": "Para", "c": tidy(inlines)}


def _div(identifier: str, classes: list[str], blocks: list[Block]) -> Block:
    return {"t": "Div", "c": [[identifier, classes, []], blocks]}


def _numbered(num: str, blocks: list[Block]) -> list[Block]:
    """Put a printed number ("12.", "(a)") as text at the start of the first paragraph.

    When the first block is a Div (a paragraph opening with its list), the number goes to the start of
    that list's first paragraph (its intro), so "8. Requests the Expert:" reads as one line.
    """
    if not num:
        return blocks
    if blocks and blocks[0]["t"] == "Para":
        return [_para([*tokens(num), {"t": "Space"}, *blocks[0]["c"]]), *blocks[1:]]
    if blocks and blocks[0]["t"] == "Div":
        attr, inner = blocks[0]["c"]
        return [{"t": "Div", "c": [attr, _numbered(num, inner)]}, *blocks[1:]]
    return [_para(tokens(num)), *blocks]


def hierarchy(el: etree._Element) -> Block:
    """A paragraph, list, point, section, container…: a Div with its eId, its number as text."""
    name = local(el)
    num = ""
    head: list[Inline] = []
    body: list[Block] = []
    for child in el:
        if not isinstance(child.tag, str):
            continue
        if local(child) == "num":
            num = _text_of(child)
        elif local(child) == "heading":
            head = inlines_of(child)
        else:  # content, intro, wrapUp, list, point, p, …
            body.extend(blocks_of(child) if local(child) in _WRAPPERS else block(child))
    if head:
        title = tidy([*tokens(num), {"t": "Space"}, *head]) if num else head
        level = 2 if name in ("part", "chapter", "section", "title", "book") else 3
        body = [{"t": "Header", "c": [level, ["", [], []], title]}, *body]
    else:
        body = _numbered(num, body)
    return _div(el.get("eId") or "", [_class_of(el)], body)


def _class_of(el: etree._Element) -> str:
    name = local(el)
    if name == "paragraph":
        return "operative"
    if name == "container":
        return "preambular" if _in(el, "preamble") else el.get("name") or name
    return name


def _in(el: etree._Element, ancestor: str) -> bool:
    return any(local(a) == ancestor for a in el.iterancestors())


def blocks_of(el: etree._Element, each: Callable[[etree._Element], list[Block]] | None = None) -> list[Block]:
    """The blocks of an element's children (`each` of them: by default `block`, so a `p` is a Para, a
    hierarchy element a Div); loose text before and between them a Para."""
    each = each or block
    blocks: list[Block] = []
    if (el.text or "").strip():
        blocks.append(_para(tokens(el.text or "")))
    for child in el:
        if not isinstance(child.tag, str):
            continue
        blocks.extend(each(child))
        if (child.tail or "").strip():
            blocks.append(_para(tokens(child.tail or "")))
    return blocks


#: children that make an unknown element a container of blocks rather than a paragraph of text
_BLOCKISH = {"p", "num", "heading", "content", "intro", "wrapUp", "formula", "blockList", "table", "doc",
             "mainBody", "preamble", "preface", "conclusions", "coverPage", "attachment", "attachments",
             *_HIERARCHY}


def block(el: etree._Element) -> list[Block]:
    """One AKN element as blocks; an element not known here keeps its words as a Para or its children's blocks."""
    name = local(el)
    if name == "p":
        inlines = inlines_of(el)
        return [{"t": "Para", "c": inlines}] if inlines else []
    if name in _HIERARCHY:
        return [hierarchy(el)]
    if name == "formula":
        return [_div(el.get("eId") or "", ["formula"], blocks_of(el))]
    if name in ("num", "heading"):
        return [{"t": "Para", "c": inlines_of(el)}]
    if name == "meta":
        return []
    if len(el) == 0 or not any(isinstance(c.tag, str) and local(c) in _BLOCKISH for c in el):
        inlines = inlines_of(el)
        return [{"t": "Para", "c": inlines}] if inlines else []
    return blocks_of(el)



def masthead(cover: etree._Element, prefix: str = "") -> list[Block]:
    """coverPage: one Para per `p`, in a Div `#coverPage.masthead`."""
    return [_div(prefix + "coverPage", ["masthead"], blocks_of(cover))]


def preface(el: etree._Element, prefix: str = "") -> list[Block]:
    """The title line as a level-1 Header; other lines (a draft's sponsors) as Paras in a Div `.sponsors`."""
    out: list[Block] = []
    for child in el:
        if not isinstance(child.tag, str):
            continue
        if local(child) == "p" and xp(child, "a:docTitle|a:docNumber"):
            out.append({"t": "Header", "c": [1, ["", [], []], inlines_of(child)]})
        elif local(child) == "p" and xp(child, ".//a:docProponent"):
            out.append(_div(prefix + "sponsors", ["sponsors"], block(child)))
        else:
            out.extend(block(child))
    return out


def conclusions(el: etree._Element, prefix: str = "") -> list[Block]:
    return [_div(el.get("eId") or prefix + "conclusions", ["conclusions"], blocks_of(el))]


def attachments(el: etree._Element) -> list[Block]:
    out: list[Block] = []
    for att in xp(el, "a:attachment"):
        inner: list[Block] = []
        for doc in att:
            if not isinstance(doc.tag, str):
                continue
            for part in doc:
                if isinstance(part.tag, str) and local(part) != "meta":
                    inner.extend(_part(part, f"{att.get('eId')}__" if att.get("eId") else "annex__"))
        out.append(_div(att.get("eId") or "", ["annex"], inner))
    return out


def _part(el: etree._Element, prefix: str = "") -> list[Block]:
    """A top-level part; the Divs made for parts without eIds get ids `coverPage`, `sponsors`, `conclusions`
    (prefixed inside an annex), which CSS and typst's show rules can address."""
    name = local(el)
    if name == "coverPage":
        return masthead(el, prefix)
    if name == "preface":
        return preface(el, prefix)
    if name == "conclusions":
        return conclusions(el, prefix)
    if name == "attachments":
        return attachments(el)
    return blocks_of(el)


# --- metadata ----------------------------------------------------------------------------------

def _meta_str(value: str) -> dict[str, Any]:
    return {"t": "MetaString", "c": value}


def _meta_inlines(value: str) -> dict[str, Any]:
    return {"t": "MetaInlines", "c": tidy(tokens(value))}


def _first(root: etree._Element, path: str) -> str:
    found = xp(root, path)
    if not found:
        return ""
    value = found[0]
    return (value if isinstance(value, str) else _text_of(value)).strip()


_DATE_KEYS = {"adoption": "adopted", "issuance": "issued"}
_DATE_CONCEPTS = {"#dateOfAdoption": "adopted", "#dateOfIssuance": "issued"}


def facts(root: etree._Element) -> dict[str, Any]:
    """The document's facts as plain values (strings and lists), all from the AKN tree."""
    found: dict[str, Any] = {}
    statement = xp(root, "/a:akomaNtoso/*[1]")
    if statement:
        found["kind"] = statement[0].get("name") or local(statement[0])
    found["symbol"] = _first(root, "//a:FRBRWork/a:FRBRalias[@name='symbol']/@value")
    number = "//a:FRBRWork/a:FRBRnumber"
    found["number"] = _first(root, f"{number}/@showAs") or _first(root, f"{number}/@value")
    author = _first(root, "//a:FRBRWork/a:FRBRauthor/@href")
    found["authority"] = author.lstrip("#")  # not "body": pandoc templates keep $body$ for the text
    found["language"] = _first(root, "//a:FRBRExpression/a:FRBRlanguage/@language")
    found["lang"] = LANGUAGES.get(found["language"], "")
    for frbr_date in xp(root, "//a:FRBRWork/a:FRBRdate"):
        key = _DATE_KEYS.get(frbr_date.get("name") or "")
        if key:
            found[key] = frbr_date.get("date") or ""
    for doc_date in xp(root, "//a:coverPage//a:docDate|//a:conclusions//a:docDate"):
        key = _DATE_CONCEPTS.get(doc_date.get("refersTo") or "")
        if key and key not in found:
            found[key] = doc_date.get("date") or ""
    found["session"] = _first(root, "//a:coverPage//a:session/@value")
    agenda = _first(root, "//a:coverPage//a:inline[@name='agendaItem']")
    found["agendaItem"] = m.group(0) if (m := re.search(r"\d+(?:\s*\([a-z]\))?", agenda)) else agenda
    found["agendaItemTitle"] = _first(root, "//a:coverPage//a:inline[@name='agendaItemTitle']")
    found["distribution"] = _first(root, "//a:coverPage//a:docStatus")
    found["sponsors"] = [_text_of(p) for p in xp(root, "//a:preface//a:docProponent")]
    found["meeting"] = _first(root, "//a:conclusions//a:location")
    outcome = xp(root, "//a:conclusions//a:vote/a:outcome")
    if outcome:
        found["vote"] = (outcome[0].get("refersTo") or "").lstrip("#") or _text_of(outcome[0])
    title = xp(root, "//a:preface/a:p[a:docTitle]")
    found["title"] = _text_of(title[0]) if title else ""
    return {k: v for k, v in found.items() if v}


def meta(root: etree._Element) -> dict[str, Any]:
    """pandoc metadata: codes as MetaString, text as MetaInlines, sponsors as a MetaList."""
    out: dict[str, Any] = {}
    found = facts(root)
    for key, value in found.items():
        if isinstance(value, list):
            out[key] = {"t": "MetaList", "c": [_meta_inlines(v) for v in value]}
        elif key in ("title", "agendaItemTitle", "distribution", "meeting"):
            out[key] = _meta_inlines(value)
        else:
            out[key] = _meta_str(value)
    # always set: without it pandoc's command line and its Lua writer invent different page titles
    label = " — ".join(v for v in (found.get("symbol"), found.get("title")) if v) or found.get("number") or "Untitled"
    out["pagetitle"] = _meta_inlines(label)
    return out


# --- the document ------------------------------------------------------------------------------

def to_pandoc(root: etree._Element) -> dict[str, Any]:
    """pandoc's JSON AST of an AKN document (an lxml element or element tree)."""
    if isinstance(root, etree._ElementTree):
        root = root.getroot()
    statement = xp(root, "/a:akomaNtoso/*[1]") or [root]
    blocks: list[Block] = []
    for part in statement[0]:
        if isinstance(part.tag, str) and local(part) != "meta":
            blocks.extend(_part(part))
    return {"pandoc-api-version": API_VERSION, "meta": meta(root), "blocks": blocks}
