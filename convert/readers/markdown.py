"""Reads converter-made Markdown of a resolution into AKN (through markdown-it's token stream).

Clean-up rules, in order:
- page rules (`---`) are page furniture: dropped and recorded;
- footnote definitions (`<sup>1</sup> A/HRC/46/68.`, `\\* On behalf of …`, `[^1]: …`) are collected
  wherever they stand and placed where their marker is cited;
- a line broken with two trailing spaces is a line of its own (masthead, closing lines);
- YAML front matter gives facts (symbol, dates, …) as a metadata file would;
- a paragraph number written as text (`1\\. Decides`) is a paragraph number;
- a paragraph split by a page break is rejoined by the shared assembler.
"""

from __future__ import annotations

import re

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from ..akn.build import Builder, Italic, Text
from .assemble import Assembler, Block, FootnotePool, Marker
from .metadata import check
from .source import SourceText

_SUP = re.compile(r"^<sup>\s*$")
_SUP_END = re.compile(r"^\s*</sup>$")


_NUMBERED = re.compile(r"^(\d{1,3}\.)\s+")


def _parser(front_matter: bool = True) -> MarkdownIt:
    md = MarkdownIt("commonmark").use(footnote_plugin)
    return md.use(front_matter_plugin) if front_matter else md


def _front_matter(tokens: list[Token]) -> dict | None:
    """The YAML mapping at the top of the file, or None when there is none (or it is no mapping)."""
    if not tokens or tokens[0].type != "front_matter":
        return None
    try:
        raw = yaml.safe_load(tokens[0].content)
    except yaml.YAMLError:
        return None
    return raw if isinstance(raw, dict) else None


def _inline_items(children: list[Token]) -> list[list]:
    """Inline tokens -> lines of Text / Italic / Marker items (split at hard breaks)."""
    lines: list[list] = [[]]
    depth = 0
    i = 0
    while i < len(children):
        tok = children[i]
        kind = tok.type
        if kind == "footnote_ref":
            lines[-1].append(Marker(str(tok.meta.get("label", ""))))
            i += 1
            continue
        if kind == "html_inline" and _SUP.match(tok.content) and i + 2 < len(children) \
                and children[i + 1].type == "text" and _SUP_END.match(children[i + 2].content):
            lines[-1].append(Marker(children[i + 1].content.strip()))
            i += 3
            continue
        if kind == "em_open":
            depth += 1
        elif kind == "em_close":
            depth = max(0, depth - 1)
        elif kind == "hardbreak":
            lines.append([])
        elif kind == "softbreak":
            lines[-1].append(Text(" "))
        elif kind in ("text", "code_inline", "html_inline"):
            content = tok.content
            if depth:
                prev = lines[-1][-1] if lines[-1] else None
                if isinstance(prev, Italic):
                    lines[-1][-1] = Italic(prev.text + content)
                else:
                    lines[-1].append(Italic(content))
            else:
                prev = lines[-1][-1] if lines[-1] else None
                if isinstance(prev, Text):
                    lines[-1][-1] = Text(prev.text + content)
                else:
                    lines[-1].append(Text(content))
        i += 1
    return [_tidy(line) for line in lines if _tidy(line)]


def _tidy(items: list) -> list:
    """Drop empty text, move white space out of italics: [Italic("Reaffirming ")] -> Italic + Text(" ")."""
    out: list = []
    for item in items:
        if isinstance(item, Italic) and item.text != item.text.rstrip():
            out += [Italic(item.text.rstrip()), Text(item.text[len(item.text.rstrip()):])]
        elif isinstance(item, (Text, Italic)) and not item.text:
            continue
        else:
            out.append(item)
    while out and isinstance(out[0], Text) and not out[0].text.strip():
        out.pop(0)
    return out


def _note_definitions(lines: list[list], line_no: int) -> list[tuple[str, str]] | None:
    """[(marker, text)] when a paragraph is made of footnote definitions, else None."""
    notes: list[tuple[str, str]] = []
    for items in lines:
        if items and isinstance(items[0], Marker):
            text = "".join(getattr(i, "text", "") for i in items[1:]).strip()
            notes.append((items[0].marker, text))
        elif items and isinstance(items[0], Text) and re.match(r"^\*+\s", items[0].text):
            raw = "".join(getattr(i, "text", "") for i in items)
            mark, _, text = raw.partition(" ")
            notes.append((mark, text.strip()))
        elif notes and items:
            # a definition running on over a soft-wrapped line
            m, t = notes[-1]
            notes[-1] = (m, t + " " + "".join(getattr(i, "text", "") for i in items).strip())
        else:
            return None
    return notes or None


def read(src: SourceText, language: str = "eng") -> Builder:
    """Markdown source -> filled Builder."""
    tokens = _parser().parse(src.text)
    front = _front_matter(tokens)
    if tokens and tokens[0].type == "front_matter" and front is None:
        tokens = _parser(front_matter=False).parse(src.text)  # not metadata: its words are text
    notes = FootnotePool()
    blocks: list[Block] = []
    furniture: list[tuple[int, str]] = []
    number: str | None = None
    in_note: str | None = None
    for tok in tokens:
        line = (tok.map[0] + 1) if tok.map else 0
        if tok.type == "hr":
            furniture.append((line, src.lines[line - 1].strip()))
        elif tok.type == "footnote_open":
            in_note = str(tok.meta.get("label", ""))
            notes.add(in_note, line, "")
        elif tok.type == "footnote_close":
            in_note = None
        elif tok.type == "list_item_open" and tok.info:
            number = tok.info + (tok.markup or ".")
        elif tok.type == "inline" and in_note is not None:
            text = " ".join("".join(getattr(i, "text", "") for i in items)
                            for items in _inline_items(tok.children or []))
            notes.append(in_note, text.strip())
        elif tok.type == "inline":
            lines = _inline_items(tok.children or [])
            defs = _note_definitions(lines, line) if number is None else None
            if defs:
                for marker, text in defs:
                    notes.add(marker, line, text)
                continue
            if number is None and lines and lines[0] and isinstance(lines[0][0], Text) \
                    and (m := _NUMBERED.match(lines[0][0].text)):
                number = m.group(1)
                rest = lines[0][0].text[m.end():]
                lines[0] = ([Text(rest)] if rest else []) + lines[0][1:]
            for k, items in enumerate(lines):
                blocks.append(Block(line + k, items, num=number if k == 0 else None))
            number = None
    asm = Assembler(src, "markdown", notes, language)
    for key, value in check(front or {}, src.name, known_only=True).items():
        asm.b.fact(key, value, "front matter", authoritative=True)
    for line, text in furniture:
        asm.b.drop(line, text, "page-rule")
    for blk in blocks:
        asm.add(blk)
    return asm.finish()
