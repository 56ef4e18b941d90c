"""FRBR identification: IRIs and the <identification> block from the facts a reader established."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from .ns import AKN_NS, E

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


def identification(frbr: Frbr, *, date_name: str, author: str, number_shown: str, symbol: str | None,
                   parent: etree._Element | None = None):
    """The <identification> element; every date in it is `frbr.date`, which came from the source.

    `parent`: made as its last child (the same XML as appending it, without a document of its own)."""
    sub = etree.SubElement
    if parent is None:
        ident = E.identification(source="#unres")
    else:
        ident = sub(parent, _A + "identification", {"source": "#unres"})
    work = sub(ident, _A + "FRBRWork")  # made in place: the same XML as nested E.x(...) calls, a third of the cost
    sub(work, _A + "FRBRthis", {"value": f"{frbr.work}/!main"})
    sub(work, _A + "FRBRuri", {"value": frbr.work})
    if symbol:
        sub(work, _A + "FRBRalias", {"name": "symbol", "value": symbol})
    sub(work, _A + "FRBRdate", {"date": frbr.date, "name": date_name})
    sub(work, _A + "FRBRauthor", {"href": f"#{author}", "as": "#author"})
    sub(work, _A + "FRBRcountry", {"value": "un"})
    sub(work, _A + "FRBRsubtype", {"value": "deliberation"})
    sub(work, _A + "FRBRnumber", {"value": frbr.number, "showAs": number_shown})
    expression = sub(ident, _A + "FRBRExpression")
    sub(expression, _A + "FRBRthis", {"value": f"{frbr.expression}/!main"})
    sub(expression, _A + "FRBRuri", {"value": frbr.expression})
    sub(expression, _A + "FRBRdate", {"date": frbr.date, "name": date_name})
    sub(expression, _A + "FRBRauthor", {"href": f"#{author}", "as": "#author"})
    sub(expression, _A + "FRBRlanguage", {"language": frbr.language})
    manifestation = sub(ident, _A + "FRBRManifestation")
    sub(manifestation, _A + "FRBRthis", {"value": frbr.manifestation})
    sub(manifestation, _A + "FRBRuri", {"value": f"{frbr.expression}.xml"})
    sub(manifestation, _A + "FRBRdate", {"date": frbr.date, "name": date_name})
    sub(manifestation, _A + "FRBRauthor", {"href": "#unres", "as": "#editor"})
    return ident
