"""FRBR identification: IRIs and the <identification> block from the facts a reader established."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from lxml import etree

from .ns import AKN_NS, E, T
from .references import cited_ids, ids_in

_A = f"{{{AKN_NS}}}"

#: the body that adopts a resolution -> the actor of its IRI (the UN's practice)
ACTORS = {"humanRightsCouncil": "unga-hrc", "generalAssembly": "unga"}


@dataclass(frozen=True)
class Frbr:
    """The parts of a work's IRI: /akn/un/statement/deliberation/{actor}/{date}/{number}."""

    actor: str
    date: str  # ISO date: adoption, or issuance for a draft
    number: str  # "34-39" or a draft's symbol "A-HRC-58-L.8"
    language: str  # ISO 639-2: eng, fra, spa …

    @property
    def work(self) -> str:
        return f"/akn/un/statement/deliberation/{self.actor}/{self.date}/{self.number}"

    @property
    def expression(self) -> str:
        return f"{self.work}/{self.language}@"

    @property
    def manifestation(self) -> str:
        return f"{self.expression}/!main.xml"


class _Templates(threading.local):
    """The <identification> block with its fixed attributes (and the rest in their places, to be filled in),
    copied whole: a copy and 18 attribute values set cost about half of 20 SubElements. Setting an attribute
    that is there keeps its place, so the XML is the same. One per thread (no lxml tree shared by threads)."""

    def __init__(self) -> None:
        def block(alias: bool) -> etree._Element:
            date, author, editor = {"date": "", "name": ""}, {"href": "", "as": "#author"}, {"href": "#unres", "as": "#editor"}
            work = [T.FRBRthis(value=""), T.FRBRuri(value=""), T.FRBRdate(date), T.FRBRauthor(author),
                    T.FRBRcountry(value="un"), T.FRBRsubtype(value="deliberation"), T.FRBRnumber(value="", showAs="")]
            if alias:
                work.insert(2, T.FRBRalias(name="symbol", value=""))
            return T.identification(
                T.FRBRWork(*work),
                T.FRBRExpression(T.FRBRthis(value=""), T.FRBRuri(value=""), T.FRBRdate(date), T.FRBRauthor(author),
                                 T.FRBRlanguage(language="")),
                T.FRBRManifestation(T.FRBRthis(value=""), T.FRBRuri(value=""), T.FRBRdate(date), T.FRBRauthor(editor)),
                source="#unres")

        self.with_alias, self.without_alias = block(True), block(False)
        #: the ids each block's own attributes point to (#unres, #author, #editor)
        self.cited = {el: frozenset(cited_ids(el)) for el in (self.with_alias, self.without_alias)}


_TEMPLATES = _Templates()


def _level(this: etree._Element, uri: etree._Element, date: etree._Element, this_value: str, uri_value: str,
           when: str, date_name: str) -> None:
    """The values every FRBR level has: FRBRthis, FRBRuri, FRBRdate (date and name)."""
    this.set("value", this_value)
    uri.set("value", uri_value)
    date.set("date", when)
    date.set("name", date_name)


def identification(frbr: Frbr, *, date_name: str, author: str, number_shown: str, symbol: str | None,
                   parent: etree._Element | None = None, cited: set[str] | None = None):
    """The <identification> element; every date in it is `frbr.date`, which came from the source.

    `parent`: made as its last child (the same XML as appending it, without a document of its own);
    `cited`: the ids its attributes point to are added to it (what cited_ids of it would give)."""
    template = _TEMPLATES.with_alias if symbol else _TEMPLATES.without_alias
    ident = template.__copy__()
    if parent is not None:
        parent.append(ident)
    else:  # a root of its own: declaring all of NSMAP, as the elements of E do
        ident = E.identification(dict(ident.attrib), *ident)
    author_ref = f"#{author}"
    if cited is not None:
        cited |= _TEMPLATES.cited[template]
        ids_in((author_ref,), cited)  # (the only value set below that points to an id: FRBRauthor's href)
    work, expression, manifestation = ident
    if symbol:
        this, uri, alias, date, author_el, _, _, number = work
        alias.set("value", symbol)
    else:
        this, uri, date, author_el, _, _, number = work
    _level(this, uri, date, f"{frbr.work}/!main", frbr.work, frbr.date, date_name)
    author_el.set("href", author_ref)
    number.set("value", frbr.number)
    number.set("showAs", number_shown)
    this, uri, date, author_el, language = expression
    _level(this, uri, date, f"{frbr.expression}/!main", frbr.expression, frbr.date, date_name)
    author_el.set("href", author_ref)
    language.set("language", frbr.language)
    this, uri, date, _ = manifestation
    _level(this, uri, date, frbr.manifestation, f"{frbr.expression}.xml", frbr.date, date_name)
    return ident
