"""Builds the canonical AKN tree of a resolution from what a reader recognised (shared by all readers).

A reader calls the builder's methods in document order: masthead lines, preface, formula,
preambular and operative paragraphs, closing lines. The builder writes the AKN elements at once
(the tree is the model), records facts (symbol, dates, …) with where each came from, and on
`finish()` adds meta, references and eIds.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

from lxml import etree

from .. import __version__
from ..errors import MetadataError, NotAResolutionError
from .eids import assign_eids
from .frbr import ACTORS, Frbr, identification
from . import provenance
from .ns import NSMAP, E, T, U
from .references import cited_ids, ids_in, references, slug


# --- inline content a reader hands over -------------------------------------------------------
@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Italic:
    text: str


@dataclass(frozen=True)
class Note:
    """A footnote where its marker stands; `text` None when the source lost the note's text."""

    marker: str
    text: str | None


@dataclass(frozen=True)
class NoteRef:
    """A footnote cited a second time: points to the note placed at its first citation."""

    marker: str


@dataclass(frozen=True)
class Sponsor:
    name: str


@dataclass(frozen=True)
class Stage:
    text: str


@dataclass(frozen=True)
class Break:
    pass


Inline = Text | Italic | Note | NoteRef | Sponsor | Stage | Break
_ELEMENT_INLINES = (Italic, Note, NoteRef, Sponsor, Stage, Break)  # the inlines that make an element


@dataclass(frozen=True)
class Notice:
    """A warning about doubtful structure or missing data, with the source line it concerns."""

    line: int | None
    message: str


@dataclass(frozen=True)
class Source:
    name: str
    sha256: str
    reader: str


@dataclass
class Fact:
    value: str
    origin: str


_WS = re.compile(r"\s+")
COVER_KINDS = {
    "authority", "symbol", "status", "issued", "language", "original", "session", "sessionDates",
    "agendaItem", "agendaTitle", "heading", "committee", "other",
}
DISTRIBUTIONS = {"general": "generalDistribution", "limited": "limitedDistribution",
                 "restricted": "restrictedDistribution"}


_sub = etree.SubElement  # a child made in place: the same XML as E.x() appended, at a third of the cost
_P, _I, _NOTE, _NUM, _CONTENT = E.p().tag, E.i().tag, E.authorialNote().tag, E.num().tag, E.content().tag
_CONTAINER, _PARAGRAPH = E.container().tag, E.paragraph().tag
_A = _P[:-1]  # "{AKN namespace}"


#: masthead lines kept as <inline name="…">
_COVER_INLINES = {"language": "language", "original": "originalLanguage", "sessionDates": "sessionDates",
                  "agendaItem": "agendaItem", "agendaTitle": "agendaItemTitle", "committee": "committeeReport"}


class _Templates(threading.local):
    """Element groups the builder makes again and again, to be copied whole (`_copy`): a copy of a small
    tree and one append cost about a third of making its elements one SubElement at a time, and give the same
    XML (the copy's own namespace declarations are dropped on append, as the tree declares them already).
    One set per thread: a copy only reads its template, but no lxml tree is shared between threads."""

    def __init__(self) -> None:
        self.skeleton = E.akomaNtoso(E.statement(E.meta(), E.coverPage(), E.preface(), E.preamble(), E.mainBody(),
                                                 E.conclusions(), E.attachments()))
        self.numbered = T.paragraph(T.num(), T.content(T.p()))  # an operative paragraph
        self.unnumbered = T.paragraph(T.content(T.p()))
        self.container = T.container(T.p())  # a preambular paragraph
        #: the same with an empty <i> in the <p>, for the (usual) paragraph that opens with its phrase in italics:
        #: one bigger copy costs less than a copy and a SubElement; `_fill` takes that <i> for the first inline
        self.opened = {False: (self.numbered, self.unnumbered, self.container),
                       True: (T.paragraph(T.num(), T.content(T.p(T.i()))), T.paragraph(T.content(T.p(T.i()))),
                              T.container(T.p(T.i())))}
        #: masthead lines by kind: <p> and its one child, with that child's attributes in their order
        self.cover = {
            "authority": T.p(T.docAuthority(refersTo="")), "symbol": T.p(T.docNumber(refersTo="#symbol")),
            "status": T.p(T.docStatus(refersTo="")), "status?": T.p(T.docStatus()),
            "issued": T.p(T.docDate({"date": "", "refersTo": "#dateOfIssuance"})),
            "session": T.p(T.session(value="")), "heading": T.p(T.docTitle()),
            **{kind: T.p(T.inline(name=name)) for kind, name in _COVER_INLINES.items()},
        }
        self.adoption = T.container(T.p(), name="adoption")
        self.location = T.location(refersTo="#meeting")
        self.adoption_date = T.docDate(date="", refersTo="#dateOfAdoption")
        self.vote = T.container(T.p(T.vote(T.outcome(refersTo=""), by="", **{"as": "#author"})), name="vote")
        self.vote_inline = T.container(T.p(T.inline(name="vote")), name="vote")
        self.note = T.authorialNote(T.p(), marker="", placement="bottom")
        self.provenance = U.provenance(U.source(name="", sha256="", reader=""), U.toolkit(name="unres", version=__version__))
        #: <fact> by name and <furniture> by rule, made on first use (`new_fact`, `new_furniture`): the names and
        #: rules are the readers' own few words, so a copy comes with its first attribute set
        self.facts: dict[str, etree._Element] = {}
        self.furnitures: dict[str, etree._Element] = {}
        #: the ids the attributes of a template point to (refersTo="#symbol" …), noted as it is copied (`_cited`)
        self.cited = {el: frozenset(cited_ids(el))
                      for el in (*self.cover.values(), self.location, self.adoption_date, self.vote)}

    def new_fact(self, name: str) -> etree._Element:
        return self._keep(self.facts, name, U.fact(name=name, value="", origin=""))

    def new_furniture(self, rule: str) -> etree._Element:
        return self._keep(self.furnitures, rule, U.furniture(line="", rule=rule))

    @staticmethod
    def _keep(templates: dict[str, etree._Element], key: str, template: etree._Element) -> etree._Element:
        if len(templates) < 256:  # (a bound: past it, an unforeseen name is made each time)
            templates[key] = template
        return template


_TEMPLATES = _Templates()


def _copy(template: etree._Element, parent: etree._Element) -> etree._Element:
    """A copy of template appended to parent (as SubElement would have made it there); returns the copy."""
    el = template.__copy__()
    parent.append(el)
    return el


def _append_text(parent: etree._Element, text: str) -> None:
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _collapse(text: str) -> str:
    """`_WS.sub(" ", text)`, five times faster: each run of white space becomes one space (ends too)."""
    if "  " not in text and text.isprintable():
        return text  # already collapsed (nearly always): every white space but " " is unprintable to Python
    inner = " ".join(text.split())  # str.split() and re's \s know the same white space
    if not inner:
        return " " if text else text
    if text[0].isspace():
        inner = " " + inner
    if text[-1].isspace():
        inner += " "
    return inner


#: white space to str.split() (so _collapse removes it) that lxml refuses in text
_REFUSED_SPACE = re.compile("[\x0b\x0c\x1c-\x1f]")


def _set_text(el: etree._Element, last: etree._Element | None, text: str, *, trim: bool = False) -> str | None:
    """Set non-empty `text` as el's text (or, `last` given, as last's tail), collapsed as _normalise_space does;
    `trim`: its ends trimmed too. A text lxml refuses is set as it is, for lxml to raise the same error.
    Returns what was set (what reading it back would give)."""
    new = _collapse(text)
    if trim:
        new = new.strip(" ")  # (_collapse left single spaces only: the same as " ".join(text.split()))
    if new != text and _REFUSED_SPACE.search(text):
        new = text
    if last is not None:
        last.tail = new
        return new
    value = new or None
    el.text = value
    return value


def _tidy_text(node: etree._Element) -> None:
    """Collapse node's text in place (as `_collapse`); "" becomes None. Written back only where it changes
    (lxml's setter is what costs)."""
    text = node.text
    if text:
        new = _collapse(text)
        if new != text:
            node.text = new
    elif text == "":
        node.text = None


def _normalise_space(el: etree._Element) -> None:
    """Collapse runs of white space in the text of `el` (in place), trim its ends; empty text becomes None.

    Text is written back only where it changes (lxml's setter is what costs).
    """
    for node in el.iter():
        _tidy_text(node)
        if node is not el:
            tail = node.tail
            if tail:
                new = _collapse(tail)
                if new != tail:
                    node.tail = new
    text = el.text
    if text and text[0].isspace():
        el.text = text = text.lstrip() or None
    if len(el):
        last = el[-1]
        tail = last.tail
        if tail and tail[-1].isspace():
            last.tail = tail.rstrip() or None
    elif text and text[-1].isspace():
        el.text = text.rstrip() or None


@dataclass
class Builder:
    """Collects one resolution as AKN; see the module docstring."""

    source: Source
    language: str = "eng"
    kind: str = "resolution"
    facts: dict[str, Fact] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)
    furniture: list[tuple[int, str, str]] = field(default_factory=list)
    parties: dict[str, str] = field(default_factory=dict)
    #: the provenance a rendition carried (front matter of unres's Markdown), given back if it proves true
    carried: dict | None = None

    def __post_init__(self) -> None:
        # the whole tree from the start, every part made in place (a standalone element costs a document of its
        # own: several times a SubElement); finish() drops the parts left empty: the same XML as assembling
        # the non-empty parts into a new <statement> then
        self._root = _TEMPLATES.skeleton.__copy__()  # (a copy of a root is the root of a new document)
        self._statement = statement = self._root[0]
        self._meta, self.cover, self.preface, self.preamble, self.body, self.conclusions, self.attachments = statement
        self._adoption: etree._Element | None = None
        self._vote: etree._Element | None = None
        #: every id an attribute the builder set in the tree points to: the builder's methods are all that
        #: write the tree's parts, so this is what cited_ids would find there, known without walking the tree
        self._cited: set[str] = set()
        #: each element the builder gave a <num> -> that <num> (its first child): the only <num>s in the tree
        self._nums: dict[etree._Element, etree._Element] = {}

    # --- bookkeeping --------------------------------------------------------------------------
    def warn(self, line: int | None, message: str) -> None:
        self.notices.append(Notice(line, message))

    def drop(self, line: int, text: str, rule: str) -> None:
        """Record page furniture the reader removed (kept in the provenance, so nothing vanishes unseen)."""
        self.furniture.append((line, text, rule))

    def fact(self, name: str, value: str, origin: str, *, authoritative: bool = False) -> None:
        """Record a fact; a second, different value is a warning (or an error for metadata files)."""
        old = self.facts.get(name)
        if old is None:
            self.facts[name] = Fact(value, origin)
        elif old.value != value:
            if authoritative:
                raise MetadataError(f"{name} is {value!r} in {origin} but {old.value!r} in {old.origin}")
            self.warn(None, f"{name}: {value!r} ({origin}) differs from {old.value!r} ({old.origin}); kept the first")

    def get(self, name: str) -> str | None:
        f = self.facts.get(name)
        return f.value if f else None

    def _cite(self, value: str) -> str:
        """A value of a refersTo, href, by or as attribute the builder sets: the ids it points to noted; returned."""
        ids_in((value,), self._cited)
        return value

    def _copy_cited(self, template: etree._Element, parent: etree._Element) -> etree._Element:
        """`_copy` of a template with attributes that point to ids (`_Templates.cited`), the ids noted."""
        self._cited |= _TEMPLATES.cited[template]
        return _copy(template, parent)

    # --- inline content -----------------------------------------------------------------------
    def fill(self, p: etree._Element, inlines: list[Inline]) -> etree._Element:
        """Append the inlines to p and normalise its white space (`_normalise_space`); returns p."""
        if p.text is not None or len(p):
            return self._fill_more(p, inlines)
        return self._fill(p, inlines, False)

    def _fill(self, p: etree._Element, inlines: list[Inline], opened: bool) -> etree._Element:
        """`fill` for an empty p; `opened`: p holds an empty <i> (and nothing else) for inlines[0], an Italic."""
        # p is empty (every caller but the leftover notes): each text is collapsed here, before it goes in,
        # and set once, not appended to and read back through lxml; what _normalise_space would do after
        pieces: list[str] = []  # text after the last child made (or p.text while there is none)
        last: etree._Element | None = None
        head = tail = None  # p.text and last's tail as set (kept here: reading them back through lxml costs)
        for item in inlines:
            if isinstance(item, Text):
                if item.text:
                    pieces.append(item.text)
                continue
            if not isinstance(item, _ELEMENT_INLINES):
                continue  # (as _fill_more: an inline of no known kind adds nothing)
            if pieces:
                if last is None:
                    head = _set_text(p, None, "".join(pieces))
                else:
                    _set_text(p, last, "".join(pieces))
                pieces = []
            if isinstance(item, Italic):
                if opened:  # (the first inline: nothing came before it, the <i> is made already)
                    last, opened = p[0], False
                else:
                    last = _sub(p, _I)
                if item.text:
                    _set_text(last, None, item.text)
            elif isinstance(item, Note):
                last = _copy(_TEMPLATES.note, p)  # <authorialNote marker="" placement="bottom"><p/>…
                last.set("marker", item.marker)  # (in its place, before placement)
                note_text = item.text
                if note_text is None or not note_text.strip():
                    last.set("status", "unknown")  # the reader warns: the source lost the note's text
                else:
                    _set_text(last[0], None, note_text, trim=True)
            else:
                if isinstance(item, NoteRef):
                    last = E.noteRef(marker=item.marker, href=self._cite(f"#note-{item.marker}"))  # (finish resolves)
                elif isinstance(item, Sponsor):
                    ref = slug(item.name)
                    self.parties[ref] = item.name
                    last = E.docProponent(item.name, refersTo=self._cite(f"#{ref}"), **{"as": self._cite("#sponsor")})
                elif isinstance(item, Stage):
                    last = E.docStage(item.text)
                else:
                    last = E.eol()
                p.append(last)
                _tidy_text(last)
        if pieces:
            if last is None:
                head = _set_text(p, None, "".join(pieces))
            else:
                tail = _set_text(p, last, "".join(pieces))  # (the last child's tail; nothing else set it)
        # the trimmed ends: p's text at the start, the last tail (or p's text) at the end
        if head and head[0].isspace():
            p.text = head = head.lstrip() or None
        if last is not None:
            if tail and tail[-1].isspace():
                last.tail = tail.rstrip() or None
        elif head and head[-1].isspace():
            p.text = head.rstrip() or None
        return p

    def _fill_more(self, p: etree._Element, inlines: list[Inline]) -> etree._Element:
        """`fill` for a p that has content already: append, then normalise the whole."""
        for item in inlines:
            if isinstance(item, Text):
                _append_text(p, item.text)
            elif isinstance(item, Italic):
                _sub(p, _I).text = item.text
            elif isinstance(item, Note):
                note = _sub(p, _NOTE, {"marker": item.marker, "placement": "bottom"})
                if not (item.text or "").strip():
                    note.set("status", "unknown")  # the reader warns: the source lost the note's text
                    _sub(note, _P)
                else:
                    text = _sub(note, _P)
                    text.text = item.text
                    _normalise_space(text)
            elif isinstance(item, NoteRef):
                p.append(E.noteRef(marker=item.marker, href=self._cite(f"#note-{item.marker}")))  # (finish resolves)
            elif isinstance(item, Sponsor):
                ref = slug(item.name)
                self.parties[ref] = item.name
                p.append(E.docProponent(item.name, refersTo=self._cite(f"#{ref}"), **{"as": self._cite("#sponsor")}))
            elif isinstance(item, Stage):
                p.append(E.docStage(item.text))
            elif isinstance(item, Break):
                p.append(E.eol())
        return _normalised(p)

    # --- masthead -----------------------------------------------------------------------------
    def cover_line(self, kind: str, text: str, value: str | None = None, *, line: int | None = None,
                   date_text: str | None = None) -> None:
        """One masthead line. `value`: body id, ISO date, session or agenda number, as fits `kind`."""
        assert kind in COVER_KINDS, kind
        part = "heading" if kind == "heading" else "masthead"
        origin = f"{part}, line {line}" if line else part
        cover = _TEMPLATES.cover  # <p><x …/></p> copied whole; an attribute value that varies is set in its place
        if kind == "authority":
            content = _copy(cover["authority"], self.cover)[0]
            content.set("refersTo", self._cite(f"#{value}"))
        elif kind == "symbol":
            self.fact("symbol", text, origin)
            content = self._copy_cited(cover["symbol"], self.cover)[0]
        elif kind == "status":
            dist = DISTRIBUTIONS.get((value or "").lower())
            content = _copy(cover["status" if dist else "status?"], self.cover)[0]
            if dist:
                content.set("refersTo", self._cite(f"#{dist}"))
                self.fact("distribution", value.lower() if value else "", origin)
        elif kind == "issued":
            assert value
            self.fact("issued", value, origin)
            content = self._copy_cited(cover["issued"], self.cover)[0]
            content.set("date", value)
        elif kind == "session":
            assert value
            self.fact("session", value, origin)
            content = _copy(cover["session"], self.cover)[0]
            content.set("value", value)
        elif kind == "heading":
            p = _copy(cover["heading"], self.cover)
            content = p[0]
            if value and date_text and date_text in text:
                self.fact("adopted", value, origin)
                before, _, after = text.partition(date_text)
                content.text = before
                date = _sub(content, _A + "docDate", {"date": value, "refersTo": self._cite("#dateOfAdoption")})
                date.text = date_text
                date.tail = after or None
                _normalise_space(p)
                return
        elif kind in _COVER_INLINES:
            if kind == "agendaItem" and value:
                self.fact("agendaItem", value, origin)
            content = _copy(cover[kind], self.cover)[0]
        else:
            self.warn(line, f"masthead line not recognised, kept as text: {text!r}")
            _set_text(_sub(self.cover, _P), None, text, trim=True)  # (p's own text: its ends trimmed too)
            return
        # = content.text = text; _normalise_space(p): p holds content alone, so only content's text changes
        _set_text(content, None, text)

    def heading_date(self, text: str, iso: str, date_text: str) -> None:
        """The heading's date on a line of its own: appended to the last heading, as printed."""
        title = self.cover[-1].find(_A + "docTitle") if len(self.cover) else None
        if title is None:
            self.cover.append(_normalised(E.p(text)))
            return
        before, _, after = text.partition(date_text)
        _append_text(title, " " + before)
        title.append(E.docDate(date_text, date=iso, refersTo=self._cite("#dateOfAdoption")))
        if after:
            title[-1].tail = after
        _normalise_space(title)
        self.fact("adopted", iso, "heading")

    # --- preface ------------------------------------------------------------------------------
    def sponsor_line(self, inlines: list[Inline]) -> None:
        """A draft's line "Ghana:* draft resolution" (with Sponsor, Note and Stage inlines)."""
        self.fill(_sub(self.preface, _P), inlines)

    def preface_line(self, inlines: list[Inline]) -> None:
        """A line of the preface that is neither title nor sponsors (a decision's "At its 24th meeting, …")."""
        self.fill(_sub(self.preface, _P), inlines)

    def title(self, number_text: str | None, title: str, *, line: int | None = None) -> None:
        p = _sub(self.preface, _P)  # made in place: the same XML as E.p(E.docNumber(…), …) appended
        if number_text:
            number = _sub(p, _A + "docNumber")
            number.text = number_text
            number.tail = " "
        _sub(p, _A + "docTitle").text = title
        _normalise_space(p)

    # --- preamble -----------------------------------------------------------------------------
    def formula(self, inlines: list[Inline]) -> None:
        self.fill(_sub(_sub(self.preamble, _A + "formula", {"name": "enactingFormula"}), _P), inlines)

    def preambular(self, inlines: list[Inline]) -> etree._Element:
        first = inlines[0] if inlines else None
        if isinstance(first, Italic):
            opened, phrase = True, first.text
        else:
            opened, phrase = False, "unclassified"
        container = _copy(_TEMPLATES.opened[opened][2], self.preamble)  # <container><p/></container> (<p><i/>)
        container.set("name", " ".join(phrase.split()))
        self._fill(container[0], inlines, opened)
        return container

    # --- operative part -----------------------------------------------------------------------
    def operative(self, num: str | None, inlines: list[Inline]) -> etree._Element:
        opened = bool(inlines) and isinstance(inlines[0], Italic)
        numbered, unnumbered, _ = _TEMPLATES.opened[opened]
        if num:
            para = _copy(numbered, self.body)  # <paragraph><num/><content><p/></content></paragraph> (<p><i/>)
            number = self._nums[para] = para[0]
            number.text = num
            content = para[1]
        else:
            para = _copy(unnumbered, self.body)  # <paragraph><content><p/></content></paragraph> (<p><i/>)
            content = para[0]
        self._fill(content[0], inlines, opened)
        return para

    def points(self, para: etree._Element, items: list[tuple[str, list[Inline]]]) -> None:
        """Turn `para`'s content into intro + list of points (a), (b), … (one level)."""
        content = para.find(_CONTENT)
        assert content is not None
        intro = E.intro(*content)
        para.remove(content)
        lst = E.list(intro)
        for num, inlines in items:
            point = E.point(E.num(num), E.content(self.fill(E.p(), inlines)))
            self._nums[point] = point[0]
            lst.append(point)
        para.append(lst)

    # --- conclusions --------------------------------------------------------------------------
    def meeting(self, text: str, *, line: int | None = None) -> None:
        self.fact("meeting", " ".join(text.split()), f"closing lines, line {line}" if line else "closing lines")
        location = self._copy_cited(_TEMPLATES.location, self._adoption_p())  # <location refersTo="#meeting"/>
        _set_text(location, None, text, trim=True)  # (= location.text = text; _normalise_space(location))

    def adoption_date(self, text: str, iso: str, *, line: int | None = None) -> None:
        self.fact("adopted", iso, f"closing lines, line {line}" if line else "closing lines")
        p = self._adoption_p()
        if len(p):
            _sub(p, _A + "eol")
        date = self._copy_cited(_TEMPLATES.adoption_date, p)  # <docDate date="" refersTo="#dateOfAdoption"/>
        date.set("date", iso)
        _set_text(date, None, text, trim=True)  # (= date.text = text; _normalise_space(date))

    def vote(self, text: str, outcome: str | None) -> None:
        if outcome:
            self.fact("vote", outcome, "closing lines")
            body = self.get("body") or "humanRightsCouncil"
        # <container name="vote"><p><vote by="" as="#author"><outcome refersTo=""/>… copied whole, or
        # <container name="vote"><p><inline name="vote"/>…; its one text set collapsed: p holds nothing else, so
        # that is what setting it and _normalise_space(p) did
        if outcome:
            vote = self._copy_cited(_TEMPLATES.vote, self.conclusions)[0][0]
            vote.set("by", self._cite(f"#{body}"))
            text_el = vote[0]
            text_el.set("refersTo", self._cite(f"#{outcome}"))
        else:
            text_el = _copy(_TEMPLATES.vote_inline, self.conclusions)[0][0]
        _set_text(text_el, None, text)

    def _adoption_p(self) -> etree._Element:
        if self._adoption is None:
            self._adoption = _copy(_TEMPLATES.adoption, self.conclusions)[0]  # <container name="adoption"><p/>
        return self._adoption

    # --- the whole ----------------------------------------------------------------------------
    def finish(self) -> etree._Element:
        """Assemble and return the <akomaNtoso> root; raise if the source was no resolution."""
        if not len(self.preamble) and not len(self.body):
            raise NotAResolutionError("no enacting formula, preambular or operative paragraph found")
        frbr, date_name, shown = self._frbr()
        author = self.get("body") or "humanRightsCouncil"
        statement, meta, root = self._statement, self._meta, self._root
        statement.set("name", self.kind)
        statement.set("contains", "originalVersion")
        parts = [self.cover, self.preface, self.preamble, self.body, self.conclusions, self.attachments]
        for part in parts:
            if not len(part):
                statement.remove(part)
        if not len(self.body):
            raise NotAResolutionError("no operative paragraph found (is the source cut short?)")
        # eIds before meta is filled: nothing under <meta> takes one or changes one, and lxml's walk for the
        # elements that do is then spared the ~40 elements of identification, references and provenance
        assign_eids(root, self._nums)
        identification(frbr, date_name=date_name, author=author, number_shown=shown, symbol=self.get("symbol"),
                       parent=meta, cited=self._cited)
        # (no attribute of the provenance points to an id: its names are name, sha256, reader, value, origin …)
        self._provenance(_sub(meta, _A + "proprietary", {"source": self._cite("#unres")}))
        # the ids cited, noted as the tree was written: what cited_ids(root) would find, without the walk
        meta.insert(1, references(root, self.parties, self._shows(), parent=meta, cited=self._cited))  # (made in meta)
        _resolve_note_refs(root)
        if self.carried is not None and not provenance.restore(root, self.carried):
            self.warn(None, "the provenance in the front matter is not that of this text (edited since it was "
                            "written?): the XML names this file as its source")
        return root

    def _shows(self) -> dict[str, str]:
        meeting = self.get("meeting")
        return {"meeting": meeting} if meeting else {}

    def _frbr(self) -> tuple[Frbr, str, str]:
        draft = self.kind.endswith("Draft")
        date_name = "issuance" if draft else "adoption"
        date = self.get("issued") if draft else self.get("adopted")
        if date is None:
            raise MetadataError(f"no {'issuance' if draft else 'adoption'} date in the source; "
                                "give `adopted:` (or `issued:` for a draft) in a metadata file beside it")
        body = self.get("body") or ""
        actor = ACTORS.get(body)
        if actor is None:
            raise MetadataError("the adopting body is not named in the source; give `body:` in a metadata file")
        number = self.get("number")
        symbol = self.get("symbol")
        if draft or not number:
            if not symbol:
                raise MetadataError("no resolution number or symbol in the source; "
                                    "give `symbol:` in a metadata file beside it")
            return Frbr(actor, date, symbol.replace("/", "-"), self.language), date_name, symbol
        return Frbr(actor, date, number.replace("/", "-"), self.language), date_name, number

    def _provenance(self, parent: etree._Element) -> etree._Element:
        """The <unres:provenance> made in `parent`: the same XML as U.provenance(U.source(…), …) appended."""
        # copies of templates, their attribute values set in place (the same XML as SubElements: the copies'
        # own xmlns:unres go on append where <provenance> declares it, and each attribute keeps its place)
        templates = _TEMPLATES
        prov = _copy(templates.provenance, parent)  # <provenance><source …/><toolkit name="unres" …/>
        source = prov[0]
        source.set("name", self.source.name)
        source.set("sha256", self.source.sha256)
        source.set("reader", self.source.reader)
        facts, furnitures = templates.facts, templates.furnitures
        for name in sorted(self.facts):
            fact = self.facts[name]
            template = facts.get(name)
            el = _copy(templates.new_fact(name) if template is None else template, prov)  # <fact name=… …/>
            el.set("value", fact.value)
            el.set("origin", fact.origin)
        for line, text, rule in self.furniture:
            template = furnitures.get(rule)
            el = _copy(templates.new_furniture(rule) if template is None else template, prov)  # <furniture rule=…/>
            el.set("line", str(line))
            el.text = text
        return prov


def _resolve_note_refs(root: etree._Element) -> None:
    """Point each noteRef at the eId of the first note with its marker."""
    refs = list(root.iter(_A + "noteRef"))
    if not refs:
        return  # (nearly always: then the notes need not be looked at, they only give the refs their eIds)
    first: dict[str, str] = {}
    for note in root.iter(_NOTE):
        first.setdefault(note.get("marker") or "", note.get("eId") or "")
    for ref in refs:
        ref.set("href", "#" + first.get(ref.get("marker") or "", ""))


def _normalised(el: etree._Element) -> etree._Element:
    _normalise_space(el)
    return el


__all__ = ["NSMAP", "Break", "Builder", "Inline", "Italic", "Note", "Notice", "Source", "Sponsor", "Stage", "Text"]
