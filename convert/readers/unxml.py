"""Reads the UN's own AKN4UN XML (UNxml/HRCresolutions) into our canonical AKN, through the Builder.

The UN file is input like any other: only its text and the facts it states are taken; eIds, FRBR
IRIs, references and provenance are ours (the Builder writes them), never copied. Tolerated quirks
(see ../shared/unxml/README.md), each with a warning:
- a paragraph number missing from `num` and standing in the text ("5<TAB>Encourages");
- a `num` with empty content followed by the unnumbered paragraph that holds its text;
- a preambular paragraph tagged as an unnumbered mainBody paragraph before the first numbered one;
- a heading tagged as an unnumbered paragraph ("Follow-up"): kept as an unnumbered paragraph;
- a third level of points (`sublist`, a sibling after its point): kept as text in that point;
- an annex (`attachments`): its text kept as unnumbered paragraphs after the operative ones;
- dates that disagree (heading, conclusions, FRBR) or placeholders (0001-01-01): the printed one wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from ..akn.build import Break, Builder, Inline, Italic, Note, Source, Sponsor, Stage, Text
from ..akn.frbr import ACTORS
from ..akn.ns import AKN_NS, local, safe_parser
from ..errors import InputError, NotAResolutionError
from .language import LANGUAGES, find_date, lexicon
from .source import SourceText

READER = "unxml"

#: names of bodies as the UN prints them, in our three languages -> reference ids
BODIES = {
    "united nations": "unitedNations", "nations unies": "unitedNations", "naciones unidas": "unitedNations",
    "general assembly": "generalAssembly", "assemblée générale": "generalAssembly",
    "asamblea general": "generalAssembly",
    "human rights council": "humanRightsCouncil", "conseil des droits de l'homme": "humanRightsCouncil",
    "consejo de derechos humanos": "humanRightsCouncil",
}
#: the UN's roles of a docAuthority -> the body it names (when the text is not in BODIES)
ROLES = {"#publisher": "unitedNations", "#issuingBody": "generalAssembly", "#subsidiaryBody": "humanRightsCouncil"}
#: the UN's vote outcomes -> ours
OUTCOMES = {"#adoptedWithoutVote": "adoptedWithoutVote", "#adoptedRecordedVote": "adoptedByVote",
            "#adoptedByVote": "adoptedByVote", "#adoptedByVoting": "adoptedByVote"}
KINDS = {"resolution", "decision", "resolutionDraft", "decisionDraft"}
#: elements whose text stands apart from their neighbours' (blocks, line breaks, the parts of a vote)
APART = {"p", "num", "heading", "subheading", "content", "intro", "wrapUp", "point", "list", "sublist", "paragraph",
         "container", "formula", "outcome", "eol", "br", "eop", "item", "blockList", "tr", "td", "th"}

#: formatting: its text runs on with the text around it ("S" + "trongly")
FORMATTING = {"span", "i", "b", "u", "sup", "sub", "a", "em", "strong"}
_DECLARATION = re.compile(r"\A\ufeff?<\?xml\b[^>]*\?>")
_WORD = re.compile(r"\w+")
_SOFT = re.compile(r"(?<=\w)\x00+(?=\w)")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_NUM_IN_TEXT = re.compile(r"^\s*(\d{1,3})\.?(?:\t|\s{2,}|\s(?=\S))")
_NUMBER = re.compile(r"^\s*(\d{1,3}/\d{1,4}[A-Z]?)\.?\s*$")
_SYMBOL_IN_NAME = re.compile(r"A_HRC_RES_(\d{1,3})_(\d{1,4})")


# --- small helpers ------------------------------------------------------------------------------
def _kids(el: etree._Element, *names: str) -> list[etree._Element]:
    return [c for c in el if local(c) in names] if names else [c for c in el if local(c)]


def _find(el: etree._Element | None, *path: str) -> etree._Element | None:
    """First descendant along `path` of local names (namespace-tolerant)."""
    for name in path:
        if el is None:
            return None
        el = next((c for c in el if local(c) == name), None)
    return el


def _text(el: etree._Element) -> str:
    """Text of an element as printed: formatting runs on, blocks and line breaks stand apart, images skipped.

    Between other elements (quantity, organization, date …) a space is put only where two words would
    otherwise run together: the UN's `<quantity>24</quantity><quantity>0</quantity>` is "24 0", not "240".
    """
    out: list[str] = []

    def walk(node: etree._Element) -> None:
        name = local(node)
        if name and name != "img":
            gap = " " if name in APART else "" if name in FORMATTING else "\x00"
            out.append(gap + (node.text or ""))
            for child in node:
                walk(child)
                out.append(child.tail or "")
            out.append(gap)

    walk(el)
    return " ".join(_SOFT.sub(" ", "".join(out)).replace("\x00", "").split())


def _iso(value: str | None) -> str | None:
    """A real ISO date, or None for a missing one or a placeholder (0001-01-01)."""
    m = _ISO.fullmatch((value or "").strip())
    if not m or int(m[1]) < 1945 or not 1 <= int(m[2]) <= 12 or not 1 <= int(m[3]) <= 31:
        return None
    return m[0]


def _is_italic(el: etree._Element) -> bool:
    name = local(el)
    return name in ("i", "em") or (name == "span" and "italic" in (el.get("class") or "").split())


def _is_bold(el: etree._Element) -> bool:
    name = local(el)
    return name in ("b", "strong") or (name == "span" and "bold" in (el.get("class") or "").split())


# --- the builder, with one repair -----------------------------------------------------------------
# --- the reader ---------------------------------------------------------------------------------
class _Reader:
    def __init__(self, src: SourceText, statement: etree._Element, language: str):
        self.src = src
        self.st = statement
        self.authority: str | None = None  # the adopting body named in the masthead
        lang = self._language() or language
        self.b = Builder(Source(src.name, src.sha256, READER), language=lang)
        self.lang = lang if lang in LANGUAGES else "eng"
        if lang not in LANGUAGES:
            self.b.warn(None, f"language {lang!r} has no lexicon; opening phrases are looked up in English")
        name = statement.get("name") or "resolution"
        if name in KINDS:
            self.b.kind = name
        else:
            self.b.warn(self._line(statement), f"document kind {name!r} unknown; read as a resolution")

    def _line(self, el: etree._Element | None) -> int | None:
        return el.sourceline if el is not None else None

    def _language(self) -> str | None:
        el = _find(self.st, "meta", "identification", "FRBRExpression", "FRBRlanguage")
        value = (el.get("language") or "").strip() if el is not None else ""
        return value or None

    # --- inline content -------------------------------------------------------------------
    def inlines(self, el: etree._Element) -> list[Inline]:
        """The inline content of a `p` (or any element): text, italics, notes, line breaks."""
        out: list[Inline] = []
        self._inline(el, out, italic=False)
        return _tidy(out)

    def _inline(self, el: etree._Element, out: list[Inline], *, italic: bool) -> None:
        """Append the inlines of `el`'s content to `out`; see `_text` for where spaces go between elements."""
        def text(s: str | None) -> None:
            if not s:
                return
            if soft[0]:
                last = next((i.text[-1:] for i in reversed(out) if isinstance(i, (Text, Italic)) and i.text), "")
                if re.match(r"\w", last) and re.match(r"\w", s):
                    out.append(Text(" "))
                soft[0] = False
            out.append(Italic(s) if italic else Text(s))

        soft = [False]
        text(el.text)
        for child in el:
            name = local(child)
            if name == "authorialNote":
                out.append(self._note(child))
            elif name in ("eol", "br"):
                out.append(Break())
            elif name == "docProponent":
                out.append(Sponsor(_text(child)))
            elif name == "docStage":
                out.append(Stage(_text(child)))
            elif name and name != "img":  # (comments, processing instructions, images: only their tails count)
                if name in APART:
                    out.append(Text(" "))
                soft[0] = name not in APART and name not in FORMATTING
                self._inline(child, out, italic=italic or _is_italic(child))
                if name in APART:
                    out.append(Text(" "))
                soft[0] = name not in APART and name not in FORMATTING
            text(child.tail)

    def _note(self, el: etree._Element) -> Note:
        marker = (el.get("marker") or "").strip()
        text = _text(el)
        if not marker:
            marker = "*"
            self.b.warn(self._line(el), "footnote without a marker; marked '*'")
        if not text:
            self.b.warn(self._line(el), f"footnote {marker}: the note's text is missing from the source; "
                                        "marker kept, no text invented")
            return Note(marker, None)
        return Note(marker, text)

    # --- the parts, in document order ---------------------------------------------------------
    def read(self) -> Builder:
        parts = {"coverPage": self._cover_page, "preface": self._preface, "preamble": self._preamble,
                 "mainBody": self._main_body, "conclusions": self._conclusions}
        for part in _kids(self.st):
            name = local(part)
            if name in parts:
                parts[name](part)
            elif name not in ("meta", "attachments"):
                self.b.warn(self._line(part), f"<{name}> not read as such; its text is kept as unnumbered "
                                              "paragraphs")
                self._as_paragraphs(part)
        for part in _kids(self.st, "attachments"):  # after the conclusions, where the UN puts them too
            self._attachments(part)
        self._metadata()
        return self.b

    def _cover_page(self, cover: etree._Element) -> None:
        b = self.b
        for p in _kids(cover):
            line = self._line(p)
            el = next((e for e in p.iter() if local(e) in _COVER and e is not p), None)
            kind = _COVER.get(local(el)) if el is not None else None
            text = _text(p)
            if not text:
                continue  # an image alone (the UN logo)
            if kind == "authority":
                body = BODIES.get(text.lower().replace("’", "'")) or ROLES.get(el.get("refersTo") or "")
                if body is None:
                    b.cover_line("other", text, line=line)
                    continue
                b.cover_line("authority", text, body, line=line)
                if body != "unitedNations":
                    self.authority = body
            elif kind == "symbol":
                b.cover_line("symbol", text, line=line)
            elif kind == "status":
                ref = (el.get("refersTo") or "").lstrip("#")
                value = next((d for d in ("general", "limited", "restricted") if ref.lower().startswith(d)), None)
                b.cover_line("status", text, value, line=line)
            elif kind == "issued" and (el.get("refersTo") or "#dateOfIssuance") == "#dateOfIssuance":
                iso = _iso(el.get("date"))
                if iso:
                    b.cover_line("issued", text, iso, line=line)
                else:
                    b.warn(line, f"date of issuance {el.get('date')!r} is no date; kept as text")
                    b.cover_line("other", text, line=line)
            elif kind == "inline":
                name = (el.get("name") or "").lower()
                if name == "originallanguage":
                    b.cover_line("original", text, line=line)
                elif name in ("languageofexpression", "language"):
                    b.cover_line("language", text, line=line)
                elif name in ("agenda item", "agendaitem"):
                    b.cover_line("agendaItem", text, (el.get("title") or "").strip() or None, line=line)
                elif name in ("agenda item name", "agendaitemtitle", "agenda item title"):
                    b.cover_line("agendaTitle", text, line=line)
                else:
                    b.cover_line("other", text, line=line)
            elif kind == "session" and (el.get("value") or "").strip().isdigit():
                b.cover_line("session", text, el.get("value").strip(), line=line)
            elif kind == "event":
                dates = [_text(d) for d in el.iter() if local(d) == "date"]
                shown = "–".join(dates) if len(dates) == 2 and text == " ".join(dates) else text
                b.cover_line("sessionDates", shown, line=line)
            elif kind == "heading":
                found = find_date(text, self.lang)
                iso, words = found if found else (None, None)
                b.cover_line("heading", text, iso, line=line, date_text=words)
            else:
                b.cover_line("other", text, line=line)

    def _preface(self, preface: etree._Element) -> None:
        b = self.b
        for p in _kids(preface):
            number = next((e for e in p.iter() if local(e) == "docNumber"), None)
            title = next((e for e in p.iter() if local(e) == "docTitle"), None)
            if title is not None or number is not None:
                if any(local(e) == "authorialNote" for e in p.iter()):
                    b.warn(self._line(p), "a footnote in the title is kept as text of the title")
                shown = _text(number) if number is not None else None
                if shown and (m := _NUMBER.match(shown)):
                    b.fact("number", m[1], f"preface, line {self._line(number)}")
                b.title(shown, _text(title) if title is not None else "", line=self._line(p))
            elif _text(p):
                if not any(local(e) == "docProponent" for e in p.iter()):
                    b.warn(self._line(p), f"preface line not recognised, kept as text: {_text(p)[:60]!r}")
                b.sponsor_line(self.inlines(p))

    def _preamble(self, preamble: etree._Element) -> None:
        for child in _kids(preamble):
            name = local(child)
            for p in _blocks(child):
                inlines = self.inlines(p)
                if not inlines:
                    continue
                if name == "formula":
                    self.b.formula(_phrase(inlines, self._formula_phrase)[0])
                else:
                    if name != "container":
                        self.b.warn(self._line(child), f"<{name}> in the preamble read as a preambular paragraph")
                    self._preambular(inlines, self._line(p))

    def _formula_phrase(self, text: str) -> str | None:
        found = lexicon(self.lang).formula(text)
        return found if found and text.startswith(found) else None

    def _preambular(self, inlines: list[Inline], line: int | None) -> None:
        inlines, found = _phrase(inlines, lexicon(self.lang).preambular_phrase)
        if not found:
            self.b.warn(line, f"preambular paragraph without an opening phrase: {_plain(inlines)[:60]!r}")
        self.b.preambular(inlines)

    def _main_body(self, body: etree._Element) -> None:
        items = list(self._items(body))
        self._mend(items)
        numbered = [i for i, it in enumerate(items) if it.num]
        first = numbered[0] if numbered else len(items)
        op = lexicon(self.lang).operative_phrase
        pre = lexicon(self.lang).preambular_phrase
        for i, it in enumerate(items):
            line = self._line(it.el)
            lead = _plain(it.lead)
            if not (it.num or it.lead or it.points):
                continue  # an empty, unnumbered paragraph: nothing to keep
            if not it.num and i < first and numbered and (
                    pre(lead) or not op(lead)) and not it.heading:
                self.b.warn(line, "a preambular paragraph tagged as an operative one (unnumbered, before "
                                  f"paragraph 1); read as preambular: {lead[:60]!r}")
                self._preambular(it.lead, line)
                continue
            if not it.num and len(items) > 1:
                what = "heading" if it.heading else "paragraph"
                self.b.warn(line, f"unnumbered {what} among operative paragraphs, kept unnumbered: {lead[:60]!r}")
            para = self.b.operative(it.num, _phrase(it.lead, op)[0] if it.lead else [])
            if it.points:
                self.b.points(para, it.points)

    def _items(self, el: etree._Element) -> Iterator[_Item]:
        """The paragraphs below mainBody; a section (or other container) gives its number and heading as
        an unnumbered heading, then its paragraphs (sections are not built yet)."""
        for child in _kids(el):
            name = local(child)
            if name == "paragraph":
                yield _Item(child, _num(child))
            elif name in ("p", "blockList", "container", "tblock"):
                yield _Item(child, None, lead=self.inlines(child) if name == "p" else [
                    x for p in _blocks(child) for x in (Break(), *self.inlines(p))][1:])
            elif any(local(d) == "paragraph" for d in child.iter()):
                self.b.warn(self._line(child), f"<{name}> in mainBody: its number and heading are kept as an "
                                               "unnumbered heading, its paragraphs as paragraphs")
                head = " ".join(_text(c) for c in _kids(child, "num", "heading", "subheading"))
                if head:
                    yield _Item(child, None, lead=[Text(head)], heading=True)
                yield from self._items(child)
            else:
                yield _Item(child, None, lead=[x for num, p in _numbered_blocks(child)
                                               for x in (Break(), *([Text(f"{num} ")] if num else []),
                                                         *self.inlines(p))][1:])

    def _mend(self, items: list[_Item]) -> None:
        """Read each paragraph's parts and mend the UN's numbering slips (see the module docstring)."""
        for it in items:
            it.read(self)
        expected = 1
        for it in items:
            if it.num and (n := re.match(r"\d+", it.num)):
                expected = int(n[0]) + 1
            elif it.num is None and it.lead and isinstance(it.lead[0], Text) \
                    and (m := _NUM_IN_TEXT.match(it.lead[0].text)) and int(m[1]) == expected:
                expected += 1
                it.num = f"{m[1]}."
                rest = it.lead[0].text[m.end():]
                it.lead = ([Text(rest)] if rest.strip() else []) + it.lead[1:]
                it.lead = _tidy(it.lead)
                self.b.warn(self._line(it.el), f"paragraph number {m[1]} stands in the text, not in <num>; "
                                               "read as the paragraph's number")
        k = 0
        while k < len(items) - 1:
            it, nxt = items[k], items[k + 1]
            if it.num and not it.lead and not it.points and nxt.num is None and (nxt.lead or nxt.points):
                self.b.warn(self._line(it.el), f"paragraph {it.num.rstrip('.')} is empty and the next, unnumbered "
                                               "paragraph holds its text; read as one paragraph")
                nxt.num = it.num
                del items[k]
                continue
            k += 1

    def _conclusions(self, conclusions: etree._Element) -> None:
        b = self.b
        for p in _kids(conclusions):
            known = [e for e in p.iter() if local(e) in ("location", "docDate", "vote")
                     and not any(local(a) in ("location", "docDate", "vote") for a in e.iterancestors())]
            if _WORD.findall(_text(p)) != [w for e in known for w in _WORD.findall(_text(e))]:
                if _text(p):  # text around the meeting, date or vote: keep the line whole, as text
                    b.warn(self._line(p), f"closing line not recognised, kept as text: {_text(p)[:60]!r}")
                    b.vote(_text(p), None)
                continue
            for el in known:  # (every word of the line is in one of them)
                name, text = local(el), _text(el)
                if name == "location":
                    b.meeting(text, line=self._line(el))
                elif name == "docDate":
                    iso = _iso(el.get("date")) or (find_date(text, self.lang) or (None,))[0]
                    if iso:
                        b.adoption_date(text, iso, line=self._line(el))
                    elif text:
                        b.warn(self._line(el), f"adoption date {text!r} is no date; kept as text")
                        b.vote(text, None)
                elif text:
                    outcome_el = _find(el, "outcome")
                    ref = outcome_el.get("refersTo") if outcome_el is not None else None
                    outcome = OUTCOMES.get(ref or "")
                    if outcome is None:
                        b.warn(self._line(el), f"vote outcome {ref!r} unknown; the vote is kept as text")
                    b.vote(text, outcome)

    def _attachments(self, attachments: etree._Element) -> None:
        for att in _kids(attachments):
            doc = next((d for d in _kids(att) if _find(d, "meta") is not None), att)
            self.b.warn(self._line(att), f"annex ({doc.get('name') or local(att)}): its text is kept as unnumbered "
                                         "paragraphs after the operative ones (annexes are not built as "
                                         "attachments yet)")
            self._as_paragraphs(att)  # (the annex's own meta is skipped)

    def _as_paragraphs(self, el: etree._Element) -> None:
        """Every block of text below `el` as an unnumbered paragraph, its printed number kept as text."""
        for num, p in _numbered_blocks(el):
            inlines = self.inlines(p)
            if num:
                inlines = [Text(f"{num} ")] + inlines
            if _plain(inlines):
                self.b.operative(None, _tidy(inlines))

    # --- facts --------------------------------------------------------------------------------
    def _metadata(self) -> None:
        """Facts from the UN's meta (after the printed ones, which win) and checks between them."""
        b = self.b
        work = _find(self.st, "meta", "identification", "FRBRWork")
        if work is not None:
            for alias in _kids(work, "FRBRalias"):
                if alias.get("name") == "symbol" and alias.get("value"):
                    b.fact("symbol", alias.get("value").strip(), "UN metadata (FRBRalias)")
            for date in _kids(work, "FRBRdate"):
                if date.get("name") == "adoption" and (iso := _iso(date.get("date"))):
                    b.fact("adopted", iso, "UN metadata (FRBRWork FRBRdate)")
            uri = _find(work, "FRBRuri")
            actor = (uri.get("value") or "").strip("/").split("/") if uri is not None else []
            bodies = {v: k for k, v in ACTORS.items()}
            if len(actor) > 4 and actor[4] in bodies and self.authority is None:
                b.fact("body", bodies[actor[4]], "UN metadata (FRBRuri actor)")
        if self.authority:
            b.fact("body", self.authority, "masthead authority")
        number, symbol = b.get("number"), b.get("symbol")
        if number and "/" in number:
            b.fact("session", number.split("/")[0], f"derived from number {number}")
        if number and symbol and not symbol.endswith("/" + number):
            b.warn(None, f"symbol {symbol} and resolution number {number} disagree")
        if symbol and (m := _SYMBOL_IN_NAME.search(self.src.name)) and not symbol.endswith(f"/{m[1]}/{m[2]}"):
            b.warn(None, f"the file name says {m[1]}/{m[2]} but the document says {symbol}; "
                         "the document is followed")


#: coverPage elements -> the kind of line they make
_COVER = {"docAuthority": "authority", "docNumber": "symbol", "docStatus": "status", "docDate": "issued",
          "inline": "inline", "session": "session", "event": "event", "docTitle": "heading"}


class _Item:
    """One mainBody child: its number, its lead text (content or list intro) and its points."""

    def __init__(self, el: etree._Element, num: str | None, *, lead: list[Inline] | None = None,
                 heading: bool = False):
        self.el = el
        self.num = num
        self.lead: list[Inline] = _tidy(lead) if lead is not None else []
        self.points: list[tuple[str, list[Inline]]] = []
        self.heading = heading
        self.done = lead is not None  # made from something other than a paragraph: nothing more to read

    def _add(self, inlines: list[Inline]) -> None:
        """More text for the paragraph: to its last point if it has points, else to its lead."""
        if not inlines:
            return
        if self.points:
            num, old = self.points[-1]
            self.points[-1] = (num, _tidy(old + [Break()] + inlines))
        else:
            self.lead = _tidy(self.lead + ([Break()] if self.lead else []) + inlines)

    def read(self, r: _Reader) -> None:
        if self.done:
            return
        ps = [p for c in _kids(self.el) if local(c) != "num" for p in _blocks(c)]
        self.heading = bool(ps) and all(_bold_only(p) for p in ps) and self.num is None
        for part in _kids(self.el):
            name = local(part)
            if name == "num":
                continue
            if name == "content":
                for p in _blocks(part):
                    self._add(r.inlines(p))
            elif name == "list":
                self._list(r, part)
            else:
                r.b.warn(r._line(part), f"<{name}> in a paragraph is kept as text")
                for num, p in _numbered_blocks(part):
                    self._add(([Text(f"{num} ")] if num else []) + r.inlines(p))

    def _list(self, r: _Reader, lst: etree._Element) -> None:
        sub_warned = False
        for child in _kids(lst):
            name = local(child)
            if name == "intro" and not self.points:
                for p in _blocks(child):
                    self._add(r.inlines(p))
            elif name == "point" and _num(child):
                self.points.append(_point(r, child))
            elif name in ("sublist", "list") and self.points:
                if not sub_warned:
                    r.b.warn(r._line(child), f"paragraph {(self.num or '?').rstrip('.')}: a third level of points "
                                             "((i), (ii) …) is kept as text in the point before it")
                    sub_warned = True
                num, inlines = self.points[-1]
                for sub in _kids(child):
                    snum, sinl = _point(r, sub)
                    inlines = inlines + [Break(), Text(f"{snum} ")] + sinl
                self.points[-1] = (num, _tidy(inlines))
            else:
                r.b.warn(r._line(child), f"<{name}> in a list (or a point without a number) is kept as text of "
                                         "the point before it")
                for num, p in _numbered_blocks(child):
                    self._add(([Text(f"{num} ")] if num else []) + r.inlines(p))


def _point(r: _Reader, point: etree._Element) -> tuple[str, list[Inline]]:
    """A point's number and text; points nested in it (and their numbers) become text, with a warning."""
    num = _num(point) or ""
    inlines: list[Inline] = []
    nested = False
    for i, (n, p) in enumerate(_numbered_blocks(point)):
        if i == 0 and n == (num or None):
            n = None  # the point's own number
        if inlines:
            inlines.append(Break())
        if n:
            inlines.append(Text(f"{n} "))
            nested = True
        inlines += r.inlines(p)
    if nested:
        r.b.warn(r._line(point), f"point {num}: the points nested in it are kept as text")
    return num, _tidy(inlines)


def _num(el: etree._Element) -> str | None:
    num = _find(el, "num")
    text = _text(num) if num is not None else ""
    return text or None


def _blocks(el: etree._Element) -> Iterator[etree._Element]:
    """The `p`s (and headings) below `el`, outermost only, in order; `el` itself if it is one."""
    if local(el) in ("p", "heading", "subheading"):
        yield el
        return
    for child in _kids(el):
        if local(child) == "authorialNote":
            continue
        yield from _blocks(child)


def _numbered_blocks(el: etree._Element) -> Iterator[tuple[str | None, etree._Element]]:
    """(printed number or None, p) for every block below `el`; a `num` goes with the block after it."""
    pending: list[str | None] = [None]

    def walk(node: etree._Element) -> Iterator[tuple[str | None, etree._Element]]:
        for child in _kids(node):
            name = local(child)
            if name == "meta" or name == "authorialNote":
                continue
            if name == "num":
                pending[0] = " ".join(filter(None, (pending[0], _text(child)))) or None
            elif name in ("p", "heading", "subheading"):
                yield pending[0], child
                pending[0] = None
            else:
                yield from walk(child)

    yield from walk(el)


def _bold_only(p: etree._Element) -> bool:
    """Is all the text of `p` in bold (a heading such as "Follow-up")?"""
    if (p.text or "").strip():
        return False
    kids = _kids(p)
    return bool(kids) and all(_is_bold(k) and not (k.tail or "").strip() for k in kids)


def _plain(inlines: list[Inline]) -> str:
    return " ".join("".join(getattr(i, "text", "") or "" for i in inlines
                            if isinstance(i, (Text, Italic))).split())


def _tidy(items: list[Inline]) -> list[Inline]:
    """Merge runs of text and of italics ("S" + "trongly"), move white space out of italics, trim the ends."""
    out: list[Inline] = []
    for item in items:
        if isinstance(item, Italic) and not item.text.strip():
            item = Text(item.text)
        if isinstance(item, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + item.text)
        elif isinstance(item, Italic) and out and isinstance(out[-1], Italic):
            out[-1] = Italic(out[-1].text + item.text)
        elif isinstance(item, Italic) and len(out) > 1 and isinstance(out[-1], Text) \
                and not out[-1].text.strip() and isinstance(out[-2], Italic):
            out[-2:] = [Italic(out[-2].text + " " + item.text)]
        else:
            out.append(item)
    spaced: list[Inline] = []
    for item in out:
        if isinstance(item, Italic):
            body = item.text.strip()
            lead, tail = item.text[: len(item.text) - len(item.text.lstrip())], item.text[len(item.text.rstrip()):]
            if lead:
                spaced.append(Text(" "))
            spaced.append(Italic(" ".join(body.split())))
            if tail:
                spaced.append(Text(" "))
        else:
            spaced.append(item)
    merged: list[Inline] = []
    for item in spaced:
        if isinstance(item, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + item.text)
        else:
            merged.append(item)
    while merged and isinstance(merged[0], (Text, Break)) and not getattr(merged[0], "text", "").strip():
        merged.pop(0)
    while merged and isinstance(merged[-1], (Text, Break)) and not getattr(merged[-1], "text", "").strip():
        merged.pop()
    if merged and isinstance(merged[0], Text):
        merged[0] = Text(merged[0].text.lstrip())
    if merged and isinstance(merged[-1], Text):
        merged[-1] = Text(merged[-1].text.rstrip())
    return merged


def _phrase(inlines: list[Inline], phrase_of) -> tuple[list[Inline], bool]:
    """Make the opening phrase italic: the source's leading italics, else the lexicon's phrase.

    Punctuation that closes the italic phrase ("Convinced,") goes after it.
    """
    if not inlines:
        return inlines, False
    first, rest = inlines[0], inlines[1:]
    if isinstance(first, Italic) and rest and isinstance(rest[0], Text) and first.text[-1:].isalpha() \
            and (cut := re.match(r"^[^\W\d_]+", rest[0].text)):
        # the italic stops inside a word ("Reiteratin" + "g its"): the whole word is the phrase's
        first, rest = Italic(first.text + cut[0]), [Text(rest[0].text[cut.end():])] + rest[1:]
        inlines = [first] + rest
    if isinstance(first, Italic):
        m = re.match(r"^(.*?)([,;:]+)$", first.text)
        if m and m[1].strip():
            return _tidy([Italic(m[1].rstrip()), Text(m[2])] + rest), True
        return inlines, True
    if isinstance(first, Text) and (phrase := phrase_of(first.text.lstrip())):
        tail = first.text.lstrip()[len(phrase):]
        return [Italic(phrase)] + ([Text(tail)] if tail else []) + rest, True
    return inlines, False


def read(src: SourceText, language: str = "eng") -> Builder:
    """Read one UN AKN4UN file (decoded text) into a Builder; see the module docstring."""
    # The text is already decoded (UTF-8): drop the XML declaration, whose encoding would be read again.
    text = _DECLARATION.sub(lambda m: "\n" * m[0].count("\n"), src.text, count=1)
    try:
        root = etree.fromstring(text, safe_parser())
    except etree.XMLSyntaxError as exc:
        raise InputError(f"not well-formed XML: {exc.msg or exc}", file=src.name, line=exc.lineno or None) from None
    except ValueError as exc:
        raise InputError(f"cannot parse the XML: {exc}", file=src.name) from None
    if root.getroottree().docinfo.internalDTD is not None:
        raise InputError("the file declares a DOCTYPE; AKN files have none (entities are never expanded)",
                         file=src.name, line=1)
    if any(isinstance(node, etree._Entity) for node in root.iter()):
        raise InputError("entity references are not expanded; write the characters themselves", file=src.name)
    if local(root) != "akomaNtoso":
        raise NotAResolutionError(f"the root element is <{local(root) or root.tag}>, not <akomaNtoso>",
                                  file=src.name, line=root.sourceline)
    if etree.QName(root).namespace != AKN_NS:
        raise NotAResolutionError(f"namespace {etree.QName(root).namespace!r} is not Akoma Ntoso 3.0 ({AKN_NS})",
                                  file=src.name, line=root.sourceline)
    statement = next((c for c in root if local(c) == "statement"), None)
    if statement is None:
        kinds = ", ".join(f"<{local(c)}>" for c in root if local(c)) or "nothing"
        raise NotAResolutionError(f"<akomaNtoso> holds {kinds}, not a <statement> (a resolution)",
                                  file=src.name, line=root.sourceline)
    return _Reader(src, statement, language).read()


__all__ = ["read"]
