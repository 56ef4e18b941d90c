"""Recognises the structure of a resolution from its logical blocks and drives the AKN builder.

Both readers end here: a front end (plain text, Markdown) cleans its format up into `Block`s
(one per paragraph or masthead line, inline italics and footnote markers known), plus the
footnote texts it found; this module tells masthead, heading, title, formula, preambular and
operative paragraphs and closing lines apart, rejoins paragraphs a page break split, places
every note where its marker stands, and derives the facts that are certain.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..akn.build import Break, Builder, Inline, Italic, Note, NoteRef, Source, Sponsor, Stage, Text
from ..errors import NotAResolutionError
from . import patterns
from .language import lexicon
from .source import SourceText


@dataclass(frozen=True)
class Marker:
    """A footnote marker as cited in the text ("1", "*"); resolved against the notes found."""

    marker: str


@dataclass
class Block:
    line: int
    inlines: list[Inline | Marker]
    num: str | None = None  # printed number of an operative paragraph ("1.")
    point: str | None = None  # label of a sub-paragraph ("(a)")

    @property
    def text(self) -> str:
        # (a list, not a generator: join makes one of it anyway, and a generator costs a third more here)
        return "".join([getattr(i, "text", "") or "" for i in self.inlines if not isinstance(i, Note)]).strip()


@dataclass
class FootnotePool:
    """Footnote texts by marker, handed out in order of citation."""

    texts: dict[str, list[tuple[int, str]]] = field(default_factory=dict)

    def add(self, marker: str, line: int, text: str) -> None:
        self.texts.setdefault(marker, []).append((line, text))

    def append(self, marker: str, text: str) -> None:
        """More text for the last note with this marker (a note of several paragraphs)."""
        line, old = self.texts[marker][-1]
        self.texts[marker][-1] = (line, f"{old} {text}".strip())

    def take(self, marker: str) -> str | None:
        queue = self.texts.get(marker)
        return queue.pop(0)[1] if queue else None

    def leftovers(self) -> list[tuple[int, str, str]]:
        return sorted((line, marker, text) for marker, q in self.texts.items() for line, text in q)


@dataclass
class _Para:
    role: str  # formula, preambular, operative
    block: Block
    points: list[Block] = field(default_factory=list)


def _plain(inlines: list) -> str:
    return "".join([getattr(i, "text", "") or "" for i in inlines if isinstance(i, (Text, Italic))]).strip()


def _ends_sentence(inlines: list) -> bool:
    """`patterns.ends_sentence(_plain(inlines))` without joining the paragraph when its last character tells:
    the last character (not white space) of the last text item that has one is the joined text's, and when it
    is punctuation that ends or a letter, `ends_sentence` answers from it alone."""
    for item in inlines[::-1]:
        if isinstance(item, (Text, Italic)) and (t := (item.text or "").rstrip()):
            if t[-1] in patterns._ENDS or t[-1].isalpha():
                return patterns.ends_sentence(t[-1])
            break
    return patterns.ends_sentence(_plain(inlines))


def _with_phrase(inlines: list, phrase_of) -> tuple[list, bool]:
    """Make the opening phrase (and only it) italic, using the lexicon to find where it ends.

    [Italic("Guided by the purposes …,")] -> [Italic("Guided by"), Text(" the purposes …,")];
    [Text("Recalling also its …")] -> [Italic("Recalling also"), Text(" its …")].
    Returns the inlines and whether a phrase was found.
    """
    if not inlines or not isinstance(inlines[0], (Text, Italic)):
        return inlines, False
    first = inlines[0]
    lead = first.text.lstrip()
    phrase = phrase_of(lead)
    if phrase is None:
        return inlines, isinstance(first, Italic)
    if isinstance(first, Italic):
        # a converter may italicise a whole line ("_Recalling also that the Rome Statute of the_"): the
        # lexicon then says where the phrase ends; otherwise the source's own italics do (asked in this
        # order, only of an italic start: the answers of asking both always)
        whole = True  # all(isinstance(i, (Note, Marker)) for i in inlines[1:]), as a loop: the generator
        for item in inlines[1:]:  # cost more than the test, which mostly stops at the second item
            if not isinstance(item, (Note, Marker)):
                whole = False
                break
        if not whole:
            words = len(phrase.split()) + 1
            if len(lead.split(None, words)) <= words:  # not more words than phrase + 1
                return inlines, True
    tail = lead[len(phrase):]
    return [Italic(phrase)] + ([Text(tail)] if tail else []) + inlines[1:], True


def _masthead_parts(text: str) -> list[tuple[str, patterns.Line]] | None:
    """Split a line that holds several masthead items side by side ("United Nations A/RES/73/7")."""
    words = text.split()
    for k in range(1, len(words)):
        left = " ".join(words[:k])
        if patterns.refuses_words(left):
            continue  # masthead(left) is None (most left parts: told at once)
        right = " ".join(words[k:])
        if (m := patterns.masthead(left)) is not None:
            if (n := patterns.masthead(right)) is not None:
                return [(left, m), (right, n)]
            if (rest := _masthead_parts(right)) is not None:
                return [(left, m), *rest]
    return None


class Assembler:
    """Feed blocks in order with `add`, then `finish` to get the builder filled."""

    def __init__(self, source: SourceText, reader: str, notes: FootnotePool, language: str = "eng"):
        self.b = Builder(Source(source.name, source.sha256, reader), language=language)
        self.lex = lexicon(language)
        self.notes = notes
        self.state = "masthead"
        self.paras: list[_Para] = []
        self.after_agenda = False
        self.pending_number: str | None = None
        self.heading_open = False
        self.cited: set[str] = set()
        self._authority: str | None = None  # the body a masthead line names (not the United Nations)

    # --- the state machine ----------------------------------------------------------------
    def add(self, block: Block) -> None:
        _STEPS[self.state](self, block)  # getattr(self, f"_{self.state}")(block)

    def _masthead(self, blk: Block) -> None:
        text = blk.text
        b = self.b
        after_agenda, self.after_agenda = self.after_agenda, False
        if h := patterns.heading(text):
            kind, body, iso, words = h
            if not b.kind.endswith("Draft"):
                b.kind = kind
            b.fact("body", body, f"heading, line {blk.line}")
            b.cover_line("heading", text, iso, line=blk.line, date_text=words)
            self.heading_open = iso is None
        elif sp := patterns.sponsors(text):
            names, mark, stage, _ = sp
            cited = [i.marker for i in blk.inlines if isinstance(i, Marker)]
            mark = mark or (cited[0] if cited else None)
            b.kind = "decisionDraft" if "decision" in stage else "resolutionDraft"
            inlines: list[Inline] = []
            for i, name in enumerate(names):
                if i:
                    inlines.append(Text(" and " if i == len(names) - 1 and " and " in text else ", "))
                inlines.append(Sponsor(name))
            inlines.append(Text(":"))
            if mark:
                inlines.append(self._note(mark, blk.line))
            inlines += [Text(" "), Stage(stage)]
            b.sponsor_line(inlines)
        elif t := patterns.title(text):
            shown, number, title = t
            if number:
                b.fact("number", number, f"title, line {blk.line}")
            b.title(shown, title, line=blk.line)
        elif patterns.number_title(text):
            self.pending_number = text
            b.fact("number", text.rstrip("."), f"title, line {blk.line}")
        elif self.pending_number and not self.lex.formula(text.lstrip("“\"«")):
            b.title(self.pending_number, text, line=blk.line)
            self.pending_number = None
        elif di := patterns.decision_intro(text):
            meeting, iso, body = di
            b.kind = "decision"
            b.fact("body", body, f"decision's opening, line {blk.line}")
            if iso:
                b.fact("adopted", iso, f"decision's opening, line {blk.line}")
            b.preface_line(self._resolve(blk.inlines, blk.line))
        elif self.lex.formula(text.lstrip("“\"«")):
            if self.pending_number:
                b.title(self.pending_number.rstrip(), "", line=blk.line)
                self.pending_number = None
            self.paras.append(_Para("formula", blk))
            self.state = "preamble"
        elif blk.num:
            self.state = "preamble"
            self._preamble(blk)
        elif m := patterns.masthead(text):
            self._cover(m, text, blk.line)
        elif self.heading_open and (found := patterns.any_date(text)) and text.endswith(found[1]) \
                and (text.startswith(("on ", "le ", "el ")) or text == found[1]):
            b.heading_date(text, found[0], found[1])  # "Resolution adopted by the General Assembly on" / "29 October"
            self.heading_open = False
        elif parts := _masthead_parts(text):
            for part, m in parts:  # "General Assembly Distr.: General": two masthead items on one line
                self._cover(m, part, blk.line)
        elif after_agenda:
            b.cover_line("agendaTitle", text, line=blk.line)
        else:
            b.cover_line("other", text, line=blk.line)

    def _cover(self, m: patterns.Line, text: str, line: int) -> None:
        if m.kind == "authority" and m.value != "unitedNations":
            self._authority = m.value
        self.b.cover_line(m.kind, text, m.value, line=line)
        self.after_agenda = m.kind == "agendaItem"

    def _preamble(self, blk: Block) -> None:
        text = blk.text
        if blk.point:
            blk.inlines = [Text(blk.point + " ")] + blk.inlines
        if blk.num:
            self.paras.append(_Para("operative", blk))
            self.state = "body"
        elif self._continues(blk):
            return
        elif self.paras and self._closing(blk, text):
            self.state = "closing"
        elif self.lex.operative_phrase(text) and not self.lex.preambular_phrase(text):
            self.paras.append(_Para("operative", blk))  # a decision's single, unnumbered operative paragraph
            self.state = "body"
        else:
            self.paras.append(_Para("preambular", blk))

    def _body(self, blk: Block) -> None:
        if blk.point and self.paras and self.paras[-1].role == "operative":
            self.paras[-1].points.append(blk)
        elif not blk.num and self._closing(blk):
            self.state = "closing"
        elif blk.num:
            self.paras.append(_Para("operative", blk))
        elif not self._continues(blk):
            self.b.warn(blk.line, f"unnumbered paragraph among operative ones, kept unnumbered: {blk.text[:60]!r}")
            self.paras.append(_Para("operative", blk))

    def _closing(self, blk: Block, text: str | None = None) -> bool:
        """(`text`: blk.text, when the caller has it already.)"""
        if text is None:
            text = blk.text
        if patterns.meeting(text):
            self.b.meeting(text, line=blk.line)
        elif iso := patterns.date_line(text):
            self.b.adoption_date(text, iso, line=blk.line)
        elif outcome := patterns.vote(text):
            self.b.vote(text, outcome)
        else:
            if self.state == "closing":
                self.b.warn(blk.line, f"closing line not recognised, kept as text: {text[:60]!r}")
                self.b.vote(text, None)
                return True
            return False
        return True

    def _continues(self, blk: Block) -> bool:
        """Rejoin a paragraph that a page break split ("… the Government's" / "Action Plan, …")."""
        if not self.paras or blk.num:
            return False
        prev = self.paras[-1].points[-1] if self.paras[-1].points else self.paras[-1].block
        if _ends_sentence(prev.inlines):
            return False
        if blk.inlines and isinstance(blk.inlines[0], Italic):
            return False
        prev.inlines = prev.inlines + [Text(" ")] + blk.inlines
        return True

    # --- notes ----------------------------------------------------------------------------
    def _note(self, marker: str, line: int) -> Note | NoteRef:
        if marker in self.cited and marker.isdigit():
            return NoteRef(marker)  # the same note cited again ("Court, [1]" a second time); a second text
            # given for it stays in the pool and is kept as plain text, with a warning
        self.cited.add(marker)
        text = self.notes.take(marker)
        if text is None:
            self.b.warn(line, f"footnote {marker}: the note's text is missing from the source; "
                              "marker kept, no text invented")
        return Note(marker, text)

    def _resolve(self, inlines: list, line: int) -> list[Inline]:
        return [self._note(i.marker, line) if isinstance(i, Marker) else i for i in inlines]

    # --- output ---------------------------------------------------------------------------
    def _numbering(self) -> None:
        """Operative numbers must run 1, 2, 3…: a paragraph whose printed number breaks the run (a typo, a
        paragraph lost, a number printed twice) keeps its number as text, unnumbered, with a warning."""
        expected = 1
        for para in self.paras:
            num = para.block.num
            if para.role != "operative" or not num:
                continue
            if num.rstrip(".").isdigit() and int(num.rstrip(".")) == expected:
                expected += 1
                continue
            if not num.rstrip(".").isdigit():
                continue
            self.b.warn(para.block.line, f"operative paragraph numbered {num!r} where {expected}. was expected: "
                                         "kept unnumbered, its number as text")
            para.block.inlines = [Text(num + " ")] + para.block.inlines
            para.block.num = None

    def finish(self) -> Builder:
        b = self.b
        self._numbering()
        if not any(p.role == "formula" for p in self.paras) and "number" not in b.facts \
                and not len(b.preface) and not b.get("adopted"):
            raise NotAResolutionError(
                "no resolution found: no heading (\"Resolution adopted by …\"), no title (\"46/28 …\") and "
                "no enacting formula (\"The Human Rights Council,\")", line=1)
        for para in self.paras:
            blk = para.block
            inlines = self._resolve(blk.inlines, blk.line)
            if para.role == "formula":
                text = _plain(inlines)
                quote = text[: len(text) - len(text.lstrip("“\"«"))]
                phrase = self.lex.formula(text[len(quote):]) or text[len(quote):]
                b.formula([*([Text(quote)] if quote else []), Italic(phrase), Text(text[len(quote) + len(phrase):]),
                           *(i for i in inlines if isinstance(i, Note))])
            elif para.role == "preambular":
                inlines, found = _with_phrase(inlines, self.lex.preambular_phrase)
                if not found:
                    b.warn(blk.line, f"preambular paragraph without a known opening phrase: {blk.text[:60]!r}")
                b.preambular(inlines)
            else:
                inlines, _ = _with_phrase(inlines, self.lex.operative_phrase)
                element = b.operative(blk.num, inlines)
                if para.points:
                    b.points(element, [(pt.point or "", self._resolve(pt.inlines, pt.line)) for pt in para.points])
        self._leftover_notes()
        self._derive()
        return b

    def _leftover_notes(self) -> None:
        """A note whose marker is never cited: keep its text (nothing is lost) after the last paragraph."""
        left = self.notes.leftovers()
        if not left:
            return
        target = self.b.body if len(self.b.body) else self.b.preamble
        for line, marker, text in left:
            if marker in self.cited or not marker:
                self.b.warn(line, f"footnote {marker} is given a second text; kept as plain text at the end")
                self._append_plain(target, text)
                continue
            self.cited.add(marker)
            self.b.warn(line, f"footnote {marker} is never cited; its text is kept at the end of the paragraph "
                              "before it")
            paragraphs = [p for p in target[-1].iter("{*}p")
                          if not any(a.tag.endswith("authorialNote") for a in p.iterancestors())] if len(target) else []
            last_p = paragraphs[-1] if paragraphs else None
            if last_p is not None:
                self.b.fill(last_p, [Text(" "), Note(marker, text)])

    def _append_plain(self, target, text: str) -> None:
        paragraphs = [p for p in target[-1].iter("{*}p")
                      if not any(a.tag.endswith("authorialNote") for a in p.iterancestors())] if len(target) else []
        if paragraphs:
            self.b.fill(paragraphs[-1], [Text(" " + text)])

    def _derive(self) -> None:
        """Facts that follow with certainty from what the source says."""
        b = self.b
        number, body = b.get("number"), b.get("body")
        formula = next((p for p in self.paras if p.role == "formula"), None)
        if body is None and formula is not None:
            name = (self.lex.formula(formula.block.text.lstrip("“\"«")) or "").split(" ", 1)[-1]
            ref = patterns.masthead(name)
            if ref is not None and ref.kind == "authority":
                b.fact("body", ref.value or "", "enacting formula")
                body = ref.value
        if body is None and self._authority:
            b.fact("body", self._authority, "masthead authority")
            body = self._authority
        if number and "/" in number:
            b.fact("session", number.split("/")[0], f"derived from number {number}")
            if b.kind in ("resolution", "decision") and not b.get("symbol"):
                prefix = {"humanRightsCouncil": "A/HRC/", "generalAssembly": "A/"}.get(body or "")
                if prefix:
                    part = "RES" if b.kind == "resolution" else "DEC"
                    b.fact("symbol", f"{prefix}{part}/{number}", f"derived from number {number} and the body")


#: state -> its method (the functions, not bound methods: no reference cycle through the assembler)
_STEPS = {state: getattr(Assembler, f"_{state}") for state in ("masthead", "preamble", "body", "closing")}

__all__ = ["Assembler", "Block", "Break", "FootnotePool", "Marker"]
