"""Reads plain text extracted from a PDF (pdftotext) into AKN.

Clean-up rules, in order (each a small function below):
- `furniture`: form feeds, job numbers (`GE.17-05347(E)`), lone page numbers and running
  symbols are page furniture: dropped and recorded;
- `footnote_marker`: a lone `1` on the line right after text is that text's footnote marker;
- `starts_block`: lines are joined into paragraphs; a new one starts at a heading, title,
  enacting formula or closing line, or, after a line that ends a sentence, at a paragraph
  number ("12.") or a known opening phrase ("Recalling also");
- `join`: a line-end hyphen is kept ("counter-" + "terrorism") unless the document spells the
  word without it elsewhere, when the break was soft; a soft hyphen (U+00AD) is dropped.
"""

from __future__ import annotations

import re

from ..akn.build import Builder, Text
from . import patterns
from .assemble import Assembler, Block, FootnotePool, Marker
from .language import Lexicon, is_date_line, lexicon
from .source import SourceText

_NUMBERED = re.compile(r"^(?P<num>\d{1,3}\.)\s+(?P<rest>\S.*)$")
_JOB = re.compile(r"^(?:GE\.|[A-Z]{1,2})\d{2}-\d{4,6}\s*(?:\([A-Z]\))?(?:\s+\S+)?$")
_LONE_NUMBER = re.compile(r"^\d{1,3}$")


def furniture(line: str) -> str | None:
    """The rule naming `line` as page furniture, or None. `GE.17-05347(E)` -> "job-number"."""
    t = line.strip()
    if "\f" in line and not t.replace("\f", "").strip():
        return "page-break"
    if _JOB.match(t):
        return "job-number"
    if t in ("Please recycle", "*1705347*") or re.fullmatch(r"\*\d{7}\*", t):
        return "barcode"
    return None


def footnote_marker(lines: list[str], i: int) -> bool:
    """Is line i a lone footnote marker? It directly follows a line of text (no blank between).

    "…human rights in Mali," / "1" -> True; a page number stands apart, after a blank line.
    """
    return bool(_LONE_NUMBER.match(lines[i].strip())) and i > 0 and bool(lines[i - 1].strip()) \
        and not _LONE_NUMBER.match(lines[i - 1].strip())


def starts_block(line: str, current: str, lex: Lexicon) -> bool:
    """Does `line` open a new paragraph, given the text of the paragraph so far?"""
    t = line.strip()
    if not current:
        return True
    if patterns.meeting(current) or is_date_line(current) or patterns.masthead(current):
        return True  # a closing or masthead line stands alone
    if patterns.heading(t) or patterns.title(t) or lex.formula(t) or patterns.vote(t):
        return True
    if not patterns.ends_sentence(current):
        return False
    if patterns.meeting(t) or is_date_line(t) or _NUMBERED.match(t):
        return True
    return bool(lex.preambular_phrase(t) or lex.operative_phrase(t))


def join(current: str, line: str, words: set[str]) -> str:
    """Append a wrapped line to a paragraph, mending the word the line end cut.

    >>> join("in the course of counter-", "terrorism operations", set())
    'in the course of counter-terrorism operations'
    >>> join("the Multidi-", "mensional Mission", {"multidimensional"})
    'the Multidimensional Mission'
    """
    t = line.strip()
    if current.endswith("\u00ad"):
        return current[:-1] + t
    if current.endswith("-") and len(current) > 1 and current[-2].isalpha():
        head = re.search(r"(\w+)-$", current)
        tail = re.match(r"\w+", t)
        if t[:1].islower() and head and tail and (head.group(1) + tail.group(0)).lower() in words:
            return current[:-1] + t
        return current + t
    return f"{current} {t}" if current else t


def read(src: SourceText, language: str = "eng") -> Builder:
    """Plain-text source -> filled Builder."""
    lex = lexicon(language)
    lines = src.text.split("\n")
    words = {w.lower() for w in re.findall(r"\w+", src.text)}
    asm = Assembler(src, "text", FootnotePool(), language)
    blocks: list[Block] = []
    current: list = []  # inlines of the paragraph being joined
    start = 0

    def text_of(items: list) -> str:
        return "".join(i.text for i in items if isinstance(i, Text))

    def flush() -> None:
        nonlocal current
        if current:
            blocks.append(_block(start, current))
        current = []

    for i, raw in enumerate(lines):
        no = i + 1
        if not raw.strip():
            if "\f" in raw:
                asm.b.drop(no, "\\f", "page-break")
            continue
        rule = furniture(raw)
        if rule:
            asm.b.drop(no, raw.strip(), rule)
            continue
        if footnote_marker(lines, i) and current:
            current.append(Marker(raw.strip()))
            continue
        if starts_block(raw, text_of(current).rstrip(), lex) or (current and isinstance(current[-1], Marker)
                                                                  and _NUMBERED.match(raw.strip())):
            flush()
            start = no
        if current and isinstance(current[-1], Text):
            current[-1] = Text(join(current[-1].text, raw, words))
        else:
            current.append(Text((" " if current else "") + raw.strip()))
    flush()
    for blk in blocks:
        asm.add(blk)
    return asm.finish()


def _block(line: int, items: list) -> Block:
    first = items[0]
    if isinstance(first, Text) and (m := _NUMBERED.match(first.text)):
        return Block(line, [Text(m.group("rest"))] + items[1:], num=m.group("num"))
    return Block(line, items)
