"""Recognisers for the lines every UN resolution shares: masthead, heading, title, sponsors, closing lines.

Each function takes one line of clean text (no Markdown) and says what it is, or None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .language import find_date, is_date_line, ordinal

#: names of bodies as printed -> reference ids (see convert/akn/references.py)
BODIES = {
    "Human Rights Council": "humanRightsCouncil",
    "General Assembly": "generalAssembly",
    "United Nations": "unitedNations",
    "Assemblée générale": "generalAssembly",
    "Conseil des droits de l’homme": "humanRightsCouncil",
    "Conseil des droits de l'homme": "humanRightsCouncil",
    "Nations Unies": "unitedNations",
}
_BODY_NAMES = {name.lower(): ref for name, ref in BODIES.items()}
LANGUAGE_NAMES = {"English": "eng", "French": "fra", "Spanish": "spa", "Arabic": "ara",
                  "Chinese": "zho", "Russian": "rus"}

_HEADING = re.compile(r"^(Resolution|Decision) adopted by the (?P<body>Human Rights Council|General Assembly)\b",
                      re.IGNORECASE)
_NUMBER_TITLE = re.compile(r"^\d{1,3}/\d{1,4}[A-Z]?\.?$")
_DECISION_INTRO = re.compile(
    r"^At its (?P<meeting>\d{1,3}(?:st|nd|rd|th) (?:plenary )?meeting), on (?P<date>\d{1,2} [A-Z][a-z]+ \d{4}), "
    r"the (?P<body>Human Rights Council|General Assembly) (?:decided|adopted)")
_COMMITTEE = re.compile(r"^\[(?:on the report of|without reference to|sans renvoi|sur (?:le )?rapport)[^\]]*\]$", re.I)
_TITLE = re.compile(r"^(?P<num>\d{1,3}/(?:\d{1,4}|\.\.\.|…)[A-Z]?)(?P<dot>\.?)\s+(?P<title>\S.*)$")
_SPONSORS = re.compile(
    r"^(?P<who>.+?):\s*(?P<mark>\\?\*+|\d{1,2})?\s*(?P<stage>(?:revised )?draft (?:resolution|decision))$")
_MEETING = re.compile(r"^\d{1,3}(?:st|nd|rd|th)\s+(?:plenary\s+)?(?:meeting|session)$")
_VOTE = re.compile(
    r"^\[(?P<what>Adopted without a vote|Adopted by a recorded vote[^\]]*|Adopted by (?:a )?vote[^\]]*)\.?\]$")
_SESSION = re.compile(r"^(?P<ord>[A-Z][a-z]+(?:-[a-z]+)?) (?:special )?session$")
_SESSION_DATES = re.compile(r"^\d{1,2}(?: [A-Z][a-z]+)?(?: \d{4})?\s*[–-]\s*\d{1,2} [A-Z][a-z]+ \d{4}$")
_AGENDA = re.compile(r"^Agenda items? (?P<n>\d+(?:\s*\([a-z]\))?)")
_DISTR = re.compile(r"^Distr\.?:?\s*(?P<d>General|Limited|Restricted|Générale|Limitée)$", re.IGNORECASE)
_SYMBOL = re.compile(r"^A/(?:HRC/)?(?:RES/|DEC/)?[\w./-]+$")


@dataclass(frozen=True)
class Line:
    kind: str
    value: str | None = None
    date_text: str | None = None


def masthead(text: str) -> Line | None:
    """What a masthead line is: authority, status, issued, language, original, session, … (or None)."""
    t = " ".join(text.split())
    if t.lower() in _BODY_NAMES:
        return Line("authority", _BODY_NAMES[t.lower()])
    if _COMMITTEE.match(t):
        return Line("committee")
    if m := _DISTR.match(t):
        return Line("status", m.group("d"))
    if iso := is_date_line(t):
        return Line("issued", iso)
    if t in LANGUAGE_NAMES:
        return Line("language", LANGUAGE_NAMES[t])
    if t.startswith("Original:"):
        return Line("original")
    if (m := _SESSION.match(t)) and (n := ordinal(m.group("ord"))):
        return Line("session", str(n))
    if _SESSION_DATES.match(t):
        return Line("sessionDates")
    if m := _AGENDA.match(t):
        return Line("agendaItem", m.group("n"))
    if _SYMBOL.match(t):
        return Line("symbol", t)
    return None


def heading(text: str) -> tuple[str, str, str | None, str | None] | None:
    """ "Resolution adopted by the Human Rights Council on 24 March 2021" -> (kind, body id, ISO date, date words)."""
    t = " ".join(text.split())
    m = _HEADING.match(t)
    if not m:
        return None
    found = find_date(t)
    kind = "resolution" if m.group(1).lower() == "resolution" else "decision"
    return kind, _BODY_NAMES[m.group("body").lower()], found[0] if found else None, found[1] if found else None


def number_title(text: str) -> bool:
    """A resolution number alone on its line ("14/10", "73/7."), the title following on the next lines."""
    return bool(_NUMBER_TITLE.match(text.strip()))


def decision_intro(text: str) -> tuple[str, str, str] | None:
    """ "At its 24th meeting, on 10 June 2010, the Human Rights Council decided …" -> (meeting, ISO date, body)."""
    m = _DECISION_INTRO.match(" ".join(text.split()))
    if not m:
        return None
    found = find_date(m.group("date"))
    return m.group("meeting"), found[0] if found else "", BODIES[m.group("body")]


def title(text: str) -> tuple[str, str | None, str] | None:
    """ "46/28 Technical assistance …" -> ("46/28", "46/28", "Technical …"); "58/... T" -> ("58/...", None, "T")."""
    m = _TITLE.match(" ".join(text.split()))
    if not m:
        return None
    num = m.group("num")
    known = None if num.endswith(("...", "…")) else num
    return num + m.group("dot"), known, m.group("title")


def sponsors(text: str) -> tuple[list[str], str | None, str, str] | None:
    """ "Ghana:* draft resolution" -> (["Ghana"], "*", "draft resolution", separator ":")."""
    m = _SPONSORS.match(" ".join(text.split()))
    if not m:
        return None
    who = re.split(r",\s*|\s+and\s+", m.group("who"))
    mark = (m.group("mark") or "").replace("\\", "") or None
    return [w for w in who if w], mark, m.group("stage"), ":"


def meeting(text: str) -> bool:
    return bool(_MEETING.match(" ".join(text.split())))


def vote(text: str) -> str | None:
    """Outcome id of a vote line: "[Adopted without a vote.]" -> "adoptedWithoutVote"."""
    m = _VOTE.match(" ".join(text.split()))
    if not m:
        return None
    return "adoptedWithoutVote" if "without" in m.group("what") else "adoptedByVote"


def ends_sentence(text: str) -> bool:
    """Does a paragraph end here? (preambular paragraphs end with a comma, operative with ; or .)"""
    text = re.sub(r"(?<=[,;.:])\s+\d{1,2}/?$", "", text.rstrip())  # a footnote marker left as text
    return text.rstrip("”\"»’").endswith((",", ";", ".", ":", "]"))
