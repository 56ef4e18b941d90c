"""FRBR identification: IRIs and the <identification> block from the facts a reader established."""

from __future__ import annotations

from dataclasses import dataclass

from .ns import E

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


def identification(frbr: Frbr, *, date_name: str, author: str, number_shown: str, symbol: str | None):
    """The <identification> element; every date in it is `frbr.date`, which came from the source."""
    alias = [E.FRBRalias(name="symbol", value=symbol)] if symbol else []
    return E.identification(
        E.FRBRWork(
            E.FRBRthis(value=f"{frbr.work}/!main"),
            E.FRBRuri(value=frbr.work),
            *alias,
            E.FRBRdate(date=frbr.date, name=date_name),
            E.FRBRauthor(href=f"#{author}", **{"as": "#author"}),
            E.FRBRcountry(value="un"),
            E.FRBRsubtype(value="deliberation"),
            E.FRBRnumber(value=frbr.number, showAs=number_shown),
        ),
        E.FRBRExpression(
            E.FRBRthis(value=f"{frbr.expression}/!main"),
            E.FRBRuri(value=frbr.expression),
            E.FRBRdate(date=frbr.date, name=date_name),
            E.FRBRauthor(href=f"#{author}", **{"as": "#author"}),
            E.FRBRlanguage(language=frbr.language),
        ),
        E.FRBRManifestation(
            E.FRBRthis(value=frbr.manifestation),
            E.FRBRuri(value=f"{frbr.expression}.xml"),
            E.FRBRdate(date=frbr.date, name=date_name),
            E.FRBRauthor(href="#unres", **{"as": "#editor"}),
        ),
        source="#unres",
    )
