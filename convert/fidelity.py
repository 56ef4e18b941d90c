"""Measures text preservation: do the words of a source reach the AKN, in order?

Independent of the readers on purpose: it re-finds footnote definitions in the source with its
own simple rules, takes page furniture from what the reader recorded in the XML's provenance,
and compares word sequences (a word is a run of letters and digits).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from lxml import etree

from .akn.ns import local, xp

_WORD = re.compile(r"[^\W_]+")
_TAG = re.compile(r"</?(?:sup|sub|br|span|em|i|b|strong)\b[^>]*>", re.IGNORECASE)
#: a Markdown footnote definition paragraph: `<sup>1</sup> text`, `\* text`, `[^1]: text`
_MD_NOTE = re.compile(r"^(?:<sup>\s*\w+\s*</sup>|\\\*+|\[\^[^\]\s]+\]:)\s")
#: YAML front matter at the top of a Markdown file: metadata, not text (its facts go to FRBR)
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def words(text: str) -> list[str]:
    return _WORD.findall(_TAG.sub(" ", text))


@dataclass
class SplitSource:
    main: list[str]
    notes: list[list[str]]


def split_source(text: str, fmt: str, furniture_lines: set[int]) -> SplitSource:
    """Source words outside footnote definitions, and each definition's words."""
    if fmt == "markdown":
        text = re.sub(r"\]\([^)\s]*\)", "]", text)  # a link's target is no text of the document
    if fmt == "markdown" and (m := _FRONT_MATTER.match(text)):
        text = "\n" * m.group(0).count("\n") + text[m.end():]  # keep line numbers
    lines = [ln for no, ln in enumerate(text.split("\n"), 1) if no not in furniture_lines]
    main: list[str] = []
    notes: list[list[str]] = []
    for ln in lines:
        if fmt == "markdown" and _MD_NOTE.match(ln.strip()):
            notes.append(words(_MD_NOTE.sub(" ", ln.strip(), count=1)))
        else:
            main += words(ln)
    return SplitSource(main, notes)


def split_xml(root: etree._Element) -> SplitSource:
    """Words of the document body (a note counts as its marker) and each note's words."""
    main: list[str] = []
    notes: list[list[str]] = []

    def walk(el: etree._Element) -> None:
        if local(el) == "authorialNote":
            main.extend(words(el.get("marker") or ""))
            notes.append(words("".join(el.itertext())))
            main.extend(words(el.tail or ""))
            return
        main.extend(words(el.text or ""))
        for child in el:
            if isinstance(child.tag, str):
                walk(child)
            else:
                main.extend(words(child.tail or ""))
        if el is not top:
            main.extend(words(el.tail or ""))

    for part in xp(root, "//a:statement/*[not(self::a:meta)]"):
        top = part
        walk(part)
    return SplitSource(main, notes)


def furniture_lines(root: etree._Element) -> set[int]:
    return {int(n) for n in xp(root, "//u:furniture/@line")}


@dataclass
class Report:
    source_words: int
    kept_in_order: int
    diff: list[str]

    @property
    def ratio(self) -> float:
        return self.kept_in_order / self.source_words if self.source_words else 1.0


def _find(seq: list[str], part: list[str]) -> int:
    for i in range(len(seq) - len(part) + 1):
        if seq[i:i + len(part)] == part:
            return i
    return -1


def _lift_notes(src: SplitSource, root: etree._Element) -> SplitSource:
    """Plain text keeps footnote texts at page bottoms: take each note the XML has out of the running words
    (with the marker printed before it), so that only real losses and reorderings count."""
    main = list(src.main)
    notes: list[list[str]] = []
    for note in xp(root, "//a:authorialNote"):
        part = words("".join(note.itertext()))
        at = _find(main, part) if part else -1
        marker = note.get("marker") or ""
        if at >= 0:
            start = at - 1 if at > 0 and main[at - 1] == marker else at
            del main[start:at + len(part)]
            notes.append(part)
            continue
        for k in range(len(part) - 1, 2, -1):  # a note the page break cut in two
            head, tail = _find(main, part[:k]), -1
            if head >= 0:
                tail = _find(main[head + k:], part[k:])
            if head >= 0 and tail >= 0:
                del main[head + k + tail:head + k + tail + len(part) - k]
                start = head - 1 if head > 0 and main[head - 1] == marker else head
                del main[start:head + k]
                notes.append(part)
                break
    return SplitSource(main, notes)


def compare(source_text: str, fmt: str, root: etree._Element) -> Report:
    """Share of source words (minus named furniture) found in the XML in the same order.

    The running text is compared in order; each footnote counts as kept when the XML holds a note
    with the same words (wherever the source printed it: notes move to where they are cited).
    """
    src = split_source(source_text, fmt, furniture_lines(root))
    out = split_xml(root)
    lifted = _lift_notes(SplitSource(src.main, []), root)
    src = SplitSource(lifted.main, src.notes + lifted.notes)
    sm = difflib.SequenceMatcher(a=src.main, b=out.main, autojunk=False)
    kept = 0
    diff: list[str] = []
    a, b = src.main, out.main
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal" or "".join(a[i1:i2]) == "".join(b[j1:j2]):
            kept += i2 - i1  # equal, or a word a line-end break had cut in two, mended
        else:
            diff.append(f"{tag}: source {' '.join(a[i1:i2])!r} -> xml {' '.join(b[j1:j2])!r}")
    xml_notes = [n for n in out.notes if n]
    for note in src.notes:
        if note in xml_notes:
            xml_notes.remove(note)
            kept += len(note)
        elif note:
            diff.append(f"note lost or changed: {' '.join(note)!r}")
    total = len(src.main) + sum(len(n) for n in src.notes)
    return Report(total, kept, diff)
