"""Reads plain text extracted from a PDF (pdftotext) into AKN.

Clean-up rules, in order (each a small function below):
- `page_furniture`: around each page break (a form feed, or the old `/...` continuation mark) and at
  the end of the file, lone page numbers, job numbers (`GE.12-17781`, `18-18142 (E)`), barcodes,
  date codes, `Page 2` and the running symbol are page furniture: dropped and recorded;
- `note_areas`: from a rule of underscores down to the page's furniture lie footnote texts; they are
  taken out of the running text (`1 A/HRC/46/68.`, `1/` then the text, or markers and texts that
  pdftotext scrambled, paired in order) and placed where cited;
- `citations`: the next expected marker standing after a word (`Court 1`, `Haiti 1/`), or alone on
  the line right after text (`1`), is a footnote marker;
- `starts_block`: lines are joined into paragraphs; a new one starts at a heading, title, enacting
  formula, masthead or closing line, a paragraph number or sub-paragraph letter on its own line
  (`12.`, `(a)`), or, after a line that ends a sentence, at a numbered paragraph or a known phrase;
- `join`: a line-end hyphen is kept ("counter-" + "terrorism") unless the document spells the word
  without it elsewhere, when the break was soft; a soft hyphen (U+00AD) is dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate

from ..akn.build import Builder, Text
from . import patterns
from .assemble import Assembler, Block, FootnotePool, Marker
from .language import Lexicon, lexicon
from .source import SourceText

_NUMBERED = re.compile(r"^(?P<num>\d{1,3}\.)\s+(?P<rest>\S.*)$")
_NUMBER_ALONE = re.compile(r"^\d{1,3}\.$")
_POINT = re.compile(r"^(?P<num>\((?:[a-z]{1,2}|[ivxl]{1,5})\))(?:\s+(?P<rest>\S.*))?$")
_JOB = re.compile(r"^(?:GE\.\d{2}-\d{4,6}|\d{2}-\d{5})\s*(?:\([A-Z]\))?(?:\s+\S+)?$")
_LONE_NUMBER = re.compile(r"^\d{1,3}$")
_SYMBOL_LINE = re.compile(r"^[A-Z]{1,2}/(?:[A-Z0-9.]+/)*[A-Z0-9.]+(?:/Add\.\d+|/Rev\.\d+|/Corr\.\d+)*(?<!\.)$")  # "A/48/586." is a note
_PAGE_MARK = re.compile(r"^(?:Page \d+|\d+/\d+|/\.\.\.|\d{6}|\*\d{7}\*|Please recycle)$")
_NOTE_RULE = re.compile(r"^_{5,}$")
_NOTE_LINE = re.compile(r"^(?P<m>\d{1,2})/?(?:\s+(?P<text>\S.*))?$")
#: words after which a number is a reference, not a footnote marker
_NOT_BEFORE_MARKER = {"paragraph", "paragraphs", "article", "articles", "resolution", "resolutions", "decision",
                      "section", "annex", "item", "of", "and", "no", "vol", "page", "para", "chapter", "rule"}


_BARCODE = re.compile(r"\*\d{7}\*|Please recycle")
_COLUMNS = re.compile(r"\s{3,}")
_HYPHENATED = re.compile(r"(\w+)-$")
_WORD = re.compile(r"\w+")


def furniture(line: str) -> str | None:
    """The rule naming a line page furniture wherever it stands, or None. `GE.17-05347(E)` -> "job-number"."""
    t = line.strip().replace("\f", "")
    if "\f" in line and not t:
        return "page-break"
    if t[:1] not in "G*P" and not t[:1].isdigit():
        return None  # job numbers start with GE. or a digit, barcodes with * or "Please"
    if t[2:3] != "-" and t[:1].isdigit():
        return None  # a job number that starts with a digit has "-" third (\d{2}-\d{5}); (isdigit() holds for \d)
    if _JOB.match(t):
        return "job-number"
    if _BARCODE.fullmatch(t):
        return "barcode"
    return None


def _zone_line(t: str) -> str | None:
    """Rule for a line next to a page break: page number, symbol, page mark, job number.

    A `-layout` line holding several of them side by side ("2/5      18-17962") is furniture when every
    column is.
    """
    if not t:
        return "blank"
    columns = _COLUMNS.split(t)
    if len(columns) > 1:
        rules = [_zone_line(c) for c in columns]
        return rules[0] if all(rules) else None
    if _LONE_NUMBER.match(t):
        return "page-number"
    if _SYMBOL_LINE.match(t):
        return "running-header"
    if _PAGE_MARK.match(t):
        return "page-mark"
    return furniture(t)


class _Lines:
    """The lines of a text, for finding those that hold a string: the text is searched (a C scan, a look-up
    for each line found) rather than each line tested in turn (a step of Python for each)."""

    def __init__(self, lines: list[str], text: str | None = None):
        self.lines = lines
        self.text = "\n".join(lines) if text is None else text  # (`text`, when given, is that join)
        # where each line starts in the text: each line's length and its "\n" summed (C iterators, no loop)
        self.starts = list(accumulate(map((1).__add__, map(len, lines)), initial=0))

    def holding(self, needle: str) -> list[int]:
        """`[i for i, ln in enumerate(lines) if needle in ln]`, for a needle without "\n" (so found inside one
        line): after a find, the search goes on from the next line."""
        found: list[int] = []
        text, starts = self.text, self.starts
        pos = text.find(needle)
        while pos >= 0:
            i = bisect_right(starts, pos) - 1
            found.append(i)
            pos = text.find(needle, starts[i + 1])  # (starts has one more entry than there are lines)
        return found


_FURNITURE_LEADS = frozenset("G*P0123456789 \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f")
assert _FURNITURE_LEADS == {chr(n) for n in range(128) if chr(n) in "G*P" or chr(n).isdigit() or chr(n).isspace()}


def page_furniture(lines: list[str], by_text: _Lines | None = None) -> dict[int, str]:
    """Index -> rule for the furniture lines around page breaks and at the end of the file.
    (`by_text`: `_Lines(lines)`, when the caller has it.)"""
    found: dict[int, str] = {}
    by_text = by_text or _Lines(lines)
    # the lines holding "\f", or "/..." alone: `[i for i, ln in enumerate(lines) if "\f" in ln or "/..." in ln
    # and ln.strip() == "/..."]`, in order
    anchors = sorted({*by_text.holding("\f"), *(i for i in by_text.holding("/...") if lines[i].strip() == "/...")})
    anchors.append(len(lines))
    for a in anchors:
        if a < len(lines):
            after_ff = lines[a].split("\f")[-1].strip()
            found[a] = "running-header" if after_ff and _SYMBOL_LINE.match(after_ff) else (
                "page-mark" if lines[a].strip() == "/..." else "page-break")
            if after_ff and not _SYMBOL_LINE.match(after_ff) and "\f" in lines[a]:
                found.pop(a)  # text after a form feed is text
        i, numbered = a - 1, False
        while i >= 0 and (rule := _zone_line(lines[i].strip().replace("\f", ""))):
            if rule in ("page-number", "page-mark") and lines[i].strip() != "/...":
                if rule == "page-number" and numbered:
                    break  # one page number a page: a second lone number is a footnote marker
                numbered = True
            if rule != "blank":
                found[i] = rule
            if "\f" in lines[i]:
                break
            i -= 1
        j, taken = a + 1, 0
        while j < len(lines) and taken < 3 and (rule := _zone_line(lines[j].strip())) and rule != "page-number":
            if rule != "blank":
                found[j] = rule
                taken += 1
            j += 1
    # `furniture` says None of an empty line, and of one whose first character c, when not white space (then
    # the stripped line's first), is not G, * or P or a digit: the lines left, told apart by a comprehension
    # (ASCII first characters by a set; white space as str.isspace() says of ASCII)
    for i in [i for i, ln in enumerate(lines) if (c := ln[:1]) in _FURNITURE_LEADS
              or c and not c.isascii() and (c.isdigit() or c.isspace())]:
        if i not in found and (rule := furniture(lines[i])):
            found[i] = rule
    return found


def note_areas(lines: list[str], furniture_at: dict[int, str],
               by_text: _Lines | None = None) -> tuple[set[int], list[tuple[int, str, str]]]:
    """Lines that hold footnote texts, and the notes found there as (line, marker, text).

    An area runs from a rule of underscores to the next furniture after a page break (or the end).
    Markers and texts that pdftotext put apart are paired in order. (`by_text`: `_Lines(lines)`.)
    """
    area_lines: set[int] = set()
    notes: list[tuple[int, str, str]] = []
    j = 0  # where the last area ended
    # the lines that hold a rule's five underscores, in order: a walk over every line would skip the others
    for i in (by_text or _Lines(lines)).holding("_____"):
        if i < j or not _NOTE_RULE.match(lines[i].strip()):
            continue
        area_lines.add(i)
        j = i + 1
        entries: list[list] = []  # [line, marker or None, text]
        while j < len(lines) and "\f" not in lines[j] and lines[j].strip() != "/...":
            t = lines[j].strip()
            if j in furniture_at or not t:
                j += 1
                continue
            area_lines.add(j)
            m = _NOTE_LINE.match(t)
            if m:
                entries.append([j + 1, m.group("m"), m.group("text") or ""])
            elif entries and entries[-1][2] and not entries[-1][2].rstrip().endswith("."):
                entries[-1][2] += " " + t  # a note running on over the next line
            elif entries and entries[-1][1] is not None and not entries[-1][2]:
                entries[-1][2] = t
            else:
                entries.append([j + 1, None, t])
            j += 1
        if entries and entries[0][1] is None and notes and not any(e[1] is not None and not e[2] for e in entries):
            line0, marker0, text0 = notes[-1]  # a note running on from the previous page
            notes[-1] = (line0, marker0, f"{text0} {entries.pop(0)[2]}")
        orphans = [e for e in entries if e[1] is None]
        bare = sorted((e for e in entries if e[1] is not None and not e[2]), key=lambda e: int(e[1]))
        for marker_entry, text_entry in zip(bare, orphans):
            marker_entry[2] = text_entry[2]
        paired = {id(t) for _, t in zip(bare, orphans)}
        for e in entries:
            if e[1] is not None and e[2]:
                notes.append((e[0], e[1], e[2]))
            elif e[1] is None and id(e) not in paired:
                area_lines.discard(e[0] - 1)  # text with no marker to pair: it stays in the running text
    return area_lines, notes


_BRACKET_NOTE = re.compile(r"^\[(?P<m>\d{1,3}|\*+)\]\s+(?P<text>\S.*)$")
_BRACKET_CITE = re.compile(r"\[(\d{1,3}|\*+)\]")


def bracket_notes(lines: list[str], by_text: _Lines | None = None) -> tuple[set[int], list[tuple[int, str, str]]]:
    """Notes written as "[1] A/HRC/46/68." (plain-text renderings), with the lines they run on over.
    (`by_text`: `_Lines(lines)`.)"""
    taken: set[int] = set()
    notes: list[tuple[int, str, str]] = []
    j = 0  # where the last note ended
    for i in (by_text or _Lines(lines)).holding("["):  # (a note starts with "["; the others are skipped)
        m = i >= j and _BRACKET_NOTE.match(lines[i].strip())
        if not m:
            continue
        text, j = m.group("text"), i + 1
        while j < len(lines) and lines[j].strip() and not _BRACKET_NOTE.match(lines[j].strip()):
            text += " " + lines[j].strip()
            j += 1
        taken.update(range(i, j))
        notes.append((i + 1, m.group("m"), text))
    return taken, notes


def bracket_citations(line: str, markers: set[str]) -> list:
    """ "Mali,[1]" -> [Text("Mali,"), Marker("1")] for markers that have a note."""
    out: list = []
    pos = 0
    for m in _BRACKET_CITE.finditer(line):
        if m.group(1) in markers:
            out += [Text(line[pos:m.start()]), Marker(m.group(1))]
            pos = m.end()
    return out + [Text(line[pos:])]


def footnote_marker(lines: list[str], i: int) -> bool:
    """Is line i a lone footnote marker? It directly follows a line of text (no blank between).

    "…human rights in Mali," / "1" -> True; a page number stands apart, after a blank line.
    """
    return bool(_LONE_NUMBER.match(lines[i].strip())) and i > 0 and bool(lines[i - 1].strip()) \
        and not _LONE_NUMBER.match(lines[i - 1].strip())


@lru_cache(maxsize=256)
def _citation_re(expected: str) -> re.Pattern[str]:
    return re.compile(rf"(?<=\S)\s+({re.escape(expected)}/|{re.escape(expected)}(?=\s*[,;.]?$|\s+[a-z]))")


def citations(line: str, expected: str | None) -> list:
    """Split a line at a citation of the expected footnote marker: "Court 1" -> [Text("Court"), Marker("1")]."""
    found = _cited(line, expected) if expected and expected in line else None
    return [Text(line)] if found is None or expected is None else [Text(found[0]), Marker(expected), Text(found[1])]


def _cited(line: str, expected: str) -> tuple[str, str] | None:
    """`citations` as the text before and after the marker (None: no citation), without Text objects."""
    for m in _citation_re(expected).finditer(line):
        before = line[:m.start()].rstrip()
        raw = before.split()[-1] if before.split() else ""
        token = raw.strip(",;:.()")
        if m.group(1).endswith("/") or raw.endswith((",", ";", ":")) or (
                token and (not token[-1].isdigit() or not token.isdigit())
                and token.lower() not in _NOT_BEFORE_MARKER):
            return before, line[m.end():]
    return None


def _digit_or_other(c: str) -> bool:
    """Can a rule that wants a digit first (meeting, date, numbers) take a line whose first character is c?

    c is the line's first character as it stands; white space and non-ASCII ones are left to the rules.
    """
    return not c.isascii() or c.isdigit() or c.isspace() or not c


@lru_cache(maxsize=16)
def _formula_leads(formulas: tuple[str, ...]) -> frozenset[str]:
    """First characters of a stripped line (`starts_block`'s t) that `Lexicon.formula` can take: a formula's
    first character (a typewriter apostrophe for a typographic one), the quotes it strips, and "," (a line of
    commas strips to "")."""
    leads = {f[:1] for f in formulas if f}
    if "’" in leads:
        leads.add("'")
    return frozenset(leads | set("“\"«,"))


def _stands_alone(current: str) -> bool:
    """Is the paragraph so far a line that stands alone: a closing line (meeting, date, resolution number) or
    a masthead line? `starts_block`'s first test, asked for every line."""
    if patterns._long_ascii(current):
        # more than _MASTHEAD_SHORT characters that are not white space: meeting (its own test), a date line
        # (its words fit in the bound, see patterns) and number_title (10 characters at most) are out, and
        # masthead asks only when its test of a long paragraph's ends leaves it open (same answers)
        return not patterns._long_ruled_out(current.strip()) and patterns.masthead(current) is not None
    return _short_alone(current)


def _short_alone(current: str) -> bool:
    """`_stands_alone` of a text that is not `_long_ascii`."""
    return bool(_digit_or_other(current[:1]) and (patterns.meeting(current) or patterns.date_line(current)
                                                   or patterns.number_title(current)) or patterns.masthead(current))


def starts_block(line: str, current: str, lex: Lexicon, masthead: bool = False) -> bool:
    """Does `line` open a new paragraph, given the text of the paragraph so far?

    Each rule is asked only when the first character of what it looks at can start it (same answers, a
    tenth of the calls: most lines go on a paragraph that opens with a word).
    """
    return _starts_block(line.strip(), current, lex, masthead)


def _alone_and_told(current: str) -> tuple[bool, bool | None]:
    """(`_stands_alone(current)`, `_ends_told(current)`), working out `_long_ascii` and the strip once."""
    if patterns._long_ascii(current):
        s = current.strip()
        alone = not patterns._long_ruled_out(s) and patterns.masthead(current) is not None
        return alone, (s[:1] in patterns._DIGITS if patterns._long_start_closed(s) else None)
    return _short_alone(current), None


def _starts_block(t: str, current: str, lex: Lexicon, masthead: bool) -> bool:
    """`starts_block` of a line already stripped."""
    if not current:
        return True
    if _stands_alone(current):
        return True  # a closing or masthead line stands alone
    return _opens(t, current, lex, masthead)


def _ends_told(current: str) -> bool | None:
    """For a paragraph so far whose answer of `_stands_alone` is told by its end alone, now and while it grows
    (ASCII): whether it starts with a digit. None for any other.

    That is a `_long_ascii` text whose start rules out every masthead rule told by the start but the digit
    one (patterns._long_start_closed): a paragraph grows only at its end (`join` changes at most its last
    character, the text it adds has a character that is not white space for each it takes away), so it stays
    long and keeps its start; `_stands_alone` is then `patterns.masthead` where `_long_ruled_out` leaves it
    open: it ends with "session", or it starts and ends with a digit.
    """
    if patterns._long_ascii(current) and patterns._long_start_closed(s := current.strip()):
        return s[:1] in patterns._DIGITS
    return None


@lru_cache(maxsize=16)
def _quiet_leads(formula_leads: frozenset[str], phrase_leads: frozenset[str]) -> frozenset[str]:
    """First characters of a stripped line for which `_opens` says False once the masthead is over: ASCII, not
    a digit, "R", "r", "D", "d" (heading), "[" (vote), "(" (point), a formula's lead, nor a phrase's (with "'"
    as "’", as `Lexicon.opens_paragraph` takes it); every rule of `_opens` wants one of those (same answers)."""
    return frozenset(c for c in map(chr, range(128)) if not c.isdigit() and c not in "RrDd[(" and c not in formula_leads
                     and ("’" if c == "'" else c) not in phrase_leads)


def _opens(t: str, current: str, lex: Lexicon, masthead: bool, formula_leads: frozenset[str] | None = None) -> bool:
    """`starts_block` once the paragraph so far (not empty) was found not to stand alone: the line's tests.
    (`formula_leads`: `_formula_leads(lex.formulas)`, worked out once by a caller that asks for every line.)"""
    if formula_leads is None:
        formula_leads = _formula_leads(lex.formulas)
    d = t[:1]  # t is stripped: its first character is the one each rule asks about
    other = not d.isascii()
    digit = other or d.isdigit()
    if ((other or d in "RrDd") and patterns.heading(t)) \
            or (masthead and (patterns.title(t) or patterns.number_title(t))) \
            or (d in formula_leads and lex.formula(t.lstrip("“\"«"))) \
            or ((other or d == "[") and patterns.vote(t)) \
            or (digit and _NUMBER_ALONE.match(t)):
        return True
    if masthead and (patterns.masthead(t) or patterns.decision_intro(t)):
        return True
    if not patterns.ends_sentence(current):
        return False  # (a sub-paragraph letter too starts a block only after a sentence's end)
    if d == "(" and _POINT.match(t):
        return True
    if digit and (patterns.meeting(t) or patterns.date_line(t) or _NUMBERED.match(t)):
        return True
    return lex.opens_paragraph(t)


def join(current: str, line: str, words: set[str] | _Words) -> str:
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
        head = _HYPHENATED.search(current)
        tail = _WORD.match(t)
        if t[:1].islower() and head and tail and (head.group(1) + tail.group(0)).lower() in words:
            return current[:-1] + t
        return current + t
    return f"{current} {t}" if current else t


def _break_before_form_feeds(text: str) -> str:
    """`re.sub(r"(?<=[^\\n])\\f", "\\n\\f", text)` without trying the look-behind at every character."""
    if "\f" not in text:
        return text
    parts = text.split("\f")
    out = [parts[0]]
    before = parts[0][-1:]  # the character before the next form feed ("" at the start of the text)
    for part in parts[1:]:
        out.append("\n\f" if before and before != "\n" else "\f")
        out.append(part)
        before = part[-1:] or "\f"
    return "".join(out)


class _Words:
    """The words of a text in lower case, for `join`: worked out when first asked (most lines never ask)."""

    def __init__(self, text: str):
        self.text = text
        self.words: set[str] | None = None

    def __contains__(self, word: str) -> bool:
        if self.words is None:
            self.words = set(map(str.lower, _WORD.findall(self.text)))  # (each word lowered, as found)
        return word in self.words


def read(src: SourceText, language: str = "eng") -> Builder:
    """Plain-text source -> filled Builder."""
    lex = lexicon(language)
    broken = _break_before_form_feeds(src.text)
    lines = broken.split("\n")  # a page break inside a line starts one
    by_text = _Lines(lines, broken)
    words = _Words(src.text)
    furniture_at = page_furniture(lines, by_text)
    note_lines, notes = note_areas(lines, furniture_at, by_text)
    bracketed_lines, bracketed = bracket_notes(lines, by_text)
    note_lines |= bracketed_lines
    bracket_markers = {marker for _, marker, _ in bracketed}
    pool = FootnotePool()
    for line_no, marker, text in notes + bracketed:
        pool.add(marker, line_no, text)
    expected = sorted((m for m in pool.texts if m.isdigit() and m not in bracket_markers), key=int)
    asm = Assembler(src, "text", pool, language)
    for i, rule in sorted(furniture_at.items()):
        asm.b.drop(i + 1, lines[i].strip().replace("\f", "\\f") or "\\f", rule)
    for i in sorted(note_lines):
        if _NOTE_RULE.match(lines[i].strip()):
            asm.b.drop(i + 1, lines[i].strip(), "footnote-rule")

    blocks: list[Block] = []
    current: list = []
    start = 0
    num: str | None = None
    point: str | None = None
    masthead = True

    # While a paragraph grows, its running text is kept as `str` items (made Text when it is flushed) and
    # `text` is what `"".join` of them would give (markers carry no text): the same paragraph, built
    # without a Text per line and without joining the paragraph again for every line
    text = ""

    ends_told: bool | None = None  # `_ends_told` of the paragraph so far, once it holds

    def flush() -> None:
        nonlocal current, num, point, text, ends_told
        if current or num or point:
            blocks.append(_block(start, current, num, point))
        current, num, point, text, ends_told = [], None, None, "", None

    skipped = furniture_at.keys() | note_lines  # (one look-up a line, not two)
    formula_leads = _formula_leads(lex.formulas)
    quiet = _quiet_leads(formula_leads, lex._phrase_leads)  # lines `_opens` says False of, past the masthead
    for i, raw in enumerate(lines):
        t = raw.strip()
        if not t or i in skipped:
            continue
        if current and t[:1].isdigit() and footnote_marker(lines, i):  # a marker is 1 to 3 digits
            current.append(Marker(t))
            if expected and expected[0] == t:
                expected.pop(0)
            continue
        if current:  # starts_block(raw, text.rstrip(), lex, masthead), its first test told by the paragraph's end
            cur = text.rstrip()
            if not cur:
                opens = True
            elif ends_told is not None and cur.isascii():
                opens = (cur.endswith("session") or ends_told and cur[-1] in patterns._DIGITS) \
                    and patterns.masthead(cur) is not None
            else:
                opens, ends_told = _alone_and_told(cur)
            if opens or (masthead or t[:1] not in quiet) and _opens(t, cur, lex, masthead, formula_leads) or (
                    isinstance(current[-1], Marker) and (_NUMBERED.match(t) or _NUMBER_ALONE.match(t))):
                flush()
        if not current and num is None and point is None:
            start = i + 1
        if masthead and lex.formula(t.lstrip("“\"«")):  # the masthead ends at the enacting formula
            masthead = False
        if not current and _NUMBER_ALONE.match(t):
            num = t
            continue
        if not current and not masthead and (m := _POINT.match(t)):
            point = m.group("num")
            if not m.group("rest"):
                continue
            t = m.group("rest")
        if (not expected or expected[0] not in t) and not (bracket_markers and "[" in t):
            # no citation on the line: the one piece below is t (stripped), added as the loop below adds it;
            # joined to a last text item that ends with neither hyphen, `join` is old + " " + t
            if current and isinstance(old := current[-1], str):
                if old and old[-1] != "-" and old[-1] != "\u00ad":
                    current[-1] = old + " " + t
                    text += " " + t  # (text ends with old)
                else:
                    current[-1] = new = join(old, t, words)
                    text = text[:len(text) - len(old)] + new
            else:
                current.append(new := " " + t if current else t)
                text += new
            continue
        pieces: list = []  # str for text, Marker
        rest = t
        if bracket_markers and "[" in t:
            split = bracket_citations(t, bracket_markers)
            pieces, rest = [p.text if isinstance(p, Text) else p for p in split[:-1]], split[-1].text
        while True:  # one line may cite several notes: "Development, 2 of the … 2015–2030 3 and"
            if not expected or expected[0] not in rest:
                pieces.append(rest)  # what `citations` answers then, as text
                break
            found = _cited(rest, expected[0])  # (`citations`, its texts as str)
            if found is None:
                pieces.append(rest)
                break
            pieces += [found[0], Marker(expected.pop(0))]
            rest = found[1]
        for piece in pieces:
            if isinstance(piece, Marker):
                current.append(piece)
            elif current and isinstance(current[-1], str):
                old = current[-1]
                current[-1] = new = join(old, piece, words)
                text = text[:len(text) - len(old)] + new  # the last text item ends the paragraph's text
            elif piece.strip() or not current:
                current.append(new := (" " if current else "") + piece.strip())
                text += new
    flush()
    for blk in blocks:
        asm.add(blk)
    return asm.finish()


def _block(line: int, items: list, num: str | None, point: str | None) -> Block:
    """A paragraph's block; its text items come as `str` (see `read`) and leave as Text.

    The first item's rules are asked of the `str`, so that each text item becomes a Text once.
    """
    first = items[0] if items else None
    if isinstance(first, str):
        if num is None and point is None and first[:1].isdigit() and (m := _NUMBERED.match(first)):
            # (`_NUMBERED` wants a digit first; str.isdigit() holds for every \d)
            return Block(line, [Text(m.group("rest"))] + [Text(x) if isinstance(x, str) else x for x in items[1:]],
                         num=m.group("num"))
        return Block(line, [Text(first.lstrip())] + [Text(x) if isinstance(x, str) else x for x in items[1:]],
                     num=num, point=point)
    return Block(line, [Text(x) if isinstance(x, str) else x for x in items], num=num, point=point)
